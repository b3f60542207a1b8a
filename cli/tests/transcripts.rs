#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Every CLI transcript in the docs is run, and its output must be what the docs show.
//!
//! A transcript is a fenced block whose info string is `console`:
//! - a line starting with `$ ` is a command; a line ending with `\` continues on the next;
//! - the lines after a command, up to the next command or the end of the block, are what it
//!   prints: its stdout, then its stderr. Blank lines just before the next command separate
//!   transcripts and are not output;
//! - commands run with `sh` from the repository root, with the `rollgate` under test first on
//!   `PATH`, so quotes, `< file` and `| head -1` work as a reader would type them.
//!
//! Other fenced blocks (plain, `sh`, `json`, ...) are not run.
//!
//! After a deliberate change of output, `UPDATE_TRANSCRIPTS=1 cargo test -p rollgate-cli --test
//! transcripts` writes what the commands print into the documents (review the diff).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// One command of a transcript and the output the docs show for it.
#[derive(Debug, PartialEq)]
struct Transcript {
    /// The line of the `$` in the document (1-based), for failure messages.
    line: usize,
    /// The command as typed, continuation lines joined by the shell.
    command: String,
    /// Where the output starts: the index of its first line in the document (0-based).
    output_at: usize,
    /// The output lines, without line ends.
    output: Vec<String>,
}

/// The transcripts of a Markdown document, in order.
fn transcripts(markdown: &str) -> Vec<Transcript> {
    let mut found: Vec<Transcript> = Vec::new();
    let mut in_console = false;
    let mut continued = false;
    for (i, line) in markdown.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            if in_console {
                in_console = false;
                continued = false;
            } else {
                in_console = info.trim() == "console";
            }
            continue;
        }
        if !in_console {
            continue;
        }
        if continued {
            let last = found.last_mut().expect("a command before its continuation");
            last.command.push('\n');
            last.command.push_str(line);
            last.output_at = i + 1;
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            trim_blank_lines(found.last_mut());
            found.push(Transcript {
                line: i + 1,
                command: command.to_owned(),
                output_at: i + 1,
                output: Vec::new(),
            });
            continued = line.ends_with('\\');
        } else {
            let Some(last) = found.last_mut() else {
                panic!("line {}: output before any `$ ` command", i + 1);
            };
            last.output.push(line.to_owned());
        }
    }
    trim_blank_lines(found.last_mut());
    found
}

/// Drops the blank lines that separate a command's output from the next command.
fn trim_blank_lines(transcript: Option<&mut Transcript>) {
    if let Some(t) = transcript {
        while t.output.last().is_some_and(|l| l.trim().is_empty()) {
            t.output.pop();
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// Runs a transcript's command; returns its stdout followed by its stderr.
fn run(command: &str) -> String {
    let binary = Path::new(env!("CARGO_BIN_EXE_rollgate"));
    let path = match std::env::var_os("PATH") {
        Some(path) => {
            let mut dirs = vec![binary.parent().expect("bin dir").to_path_buf()];
            dirs.extend(std::env::split_paths(&path));
            std::env::join_paths(dirs).expect("PATH")
        }
        None => binary.parent().expect("bin dir").as_os_str().to_owned(),
    };
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(repo_root())
        .env("PATH", path)
        .output()
        .expect("run sh");
    let mut text = String::from_utf8(output.stdout).expect("utf-8 stdout");
    text.push_str(&String::from_utf8(output.stderr).expect("utf-8 stderr"));
    text
}

/// Runs every transcript of a document; returns how many there were. Fails with every
/// mismatch, each with the output the docs should show (or, with `UPDATE_TRANSCRIPTS` set,
/// writes that output into the document).
fn check_document(relative: &str) -> usize {
    let file = repo_root().join(relative);
    let markdown = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let list = transcripts(&markdown);
    let mut lines: Vec<String> = markdown.lines().map(str::to_owned).collect();
    let mut failures = Vec::new();
    // Run in document order, as a reader would (a command may read what an earlier one
    // wrote); then compare bottom up, so that replacing one output does not move the ones
    // still to do.
    let outputs: Vec<String> = list.iter().map(|t| run(&t.command)).collect();
    for (t, actual) in list.iter().zip(outputs).rev() {
        let expected = if t.output.is_empty() {
            String::new()
        } else {
            t.output.join("\n") + "\n"
        };
        if actual != expected {
            failures.push(format!(
                "{relative}:{}: $ {}\n--- the docs show:\n{expected}--- it prints:\n{actual}",
                t.line, t.command
            ));
            let span = t.output_at..t.output_at + t.output.len();
            lines.splice(span, actual.lines().map(str::to_owned));
        }
    }
    if std::env::var_os("UPDATE_TRANSCRIPTS").is_some() {
        if !failures.is_empty() {
            std::fs::write(&file, lines.join("\n") + "\n").expect("update the document");
        }
        return list.len();
    }
    failures.reverse();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    list.len()
}

#[test]
fn examples_readme_transcripts_are_what_the_cli_prints() {
    let count = check_document("examples/README.md");
    assert!(
        count >= 8,
        "only {count} transcripts found: is the block `console`?"
    );
}

#[test]
fn diff_doc_transcripts_are_what_the_cli_prints() {
    let count = check_document("docs/diff.md");
    assert!(count >= 6, "only {count} transcripts found in docs/diff.md");
}

#[test]
fn projects_doc_transcripts_are_what_the_cli_prints() {
    let count = check_document("docs/projects.md");
    assert!(
        count >= 6,
        "only {count} transcripts found in docs/projects.md"
    );
}

#[test]
fn codegen_transcripts_are_what_the_cli_prints() {
    let count = check_document("docs/codegen.md");
    assert!(count >= 7, "only {count} transcripts found");
}

#[test]
fn lint_transcripts_are_what_the_cli_prints() {
    let count = check_document("docs/lint.md");
    assert!(count >= 6, "only {count} transcripts found in docs/lint.md");
}

#[test]
fn workflow_transcripts_are_what_the_cli_prints() {
    let count = check_document("docs/workflow.md");
    assert!(
        count >= 14,
        "only {count} transcripts found in docs/workflow.md"
    );
}

#[test]
fn readme_transcripts_are_what_the_cli_prints() {
    // The front page may show none; any it shows must be true.
    check_document("README.md");
}

#[test]
fn transcripts_are_commands_with_their_output() {
    let markdown = "text\n\
        ```console\n\
        $ rollgate a \\\n    --b\n\
        one\n\
        \n\
        two\n\
        \n\
        $ rollgate c\n\
        ```\n\
        ```\n\
        $ not run\n\
        ```\n\
        ```console\n\
        $ rollgate d < x | head -1\n\
        three\n\
        ```\n";
    assert_eq!(
        transcripts(markdown),
        [
            Transcript {
                line: 3,
                command: "rollgate a \\\n    --b".into(),
                output_at: 4,
                output: vec!["one".into(), "".into(), "two".into()],
            },
            Transcript {
                line: 9,
                command: "rollgate c".into(),
                output_at: 9,
                output: vec![],
            },
            Transcript {
                line: 15,
                command: "rollgate d < x | head -1".into(),
                output_at: 15,
                output: vec!["three".into()],
            },
        ]
    );
}

#[test]
fn a_command_runs_in_the_repository_root_with_this_rollgate() {
    assert_eq!(
        run("rollgate validate examples/flags.json"),
        "examples/flags.json: valid, 8 flags, revision 42\n"
    );
    assert_eq!(run("echo out; echo err >&2"), "out\nerr\n");
}

/// A ```yaml block whose first line is `# examples/PATH` or `# examples/PATH (part)` shows
/// that file, or a part of it: what the docs quote of the examples is what the examples hold.
#[test]
fn excerpts_of_example_files_are_in_those_files() {
    let mut checked = 0;
    for doc in [
        "docs/workflow.md",
        "docs/codegen.md",
        "docs/lint.md",
        "docs/diff.md",
        "docs/projects.md",
    ] {
        let markdown = std::fs::read_to_string(repo_root().join(doc)).unwrap();
        for block in markdown.split("```yaml\n").skip(1) {
            let body = block.split("```").next().unwrap();
            let (first, rest) = body.split_once('\n').unwrap();
            let Some(path) = first.strip_prefix("# examples/") else {
                continue;
            };
            let path = path.trim_end_matches(" (part)");
            let file = std::fs::read_to_string(repo_root().join("examples").join(path))
                .unwrap_or_else(|e| panic!("{doc}: examples/{path}: {e}"));
            assert!(
                file.contains(rest),
                "{doc} shows this of examples/{path}, which does not hold it:\n{rest}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} excerpts found");
}

/// docs/projects.md says which user is outside production's percentage and inside staging's:
/// its transcripts must show that user getting the default in production and the rollout's
/// variant in staging, and the percentages must be the ones the overlays set.
#[test]
fn the_projects_doc_user_between_the_two_rollouts_gets_what_the_doc_says() {
    let markdown = std::fs::read_to_string(repo_root().join("docs/projects.md")).unwrap();
    let sentence = markdown
        .lines()
        .find(|line| line.starts_with("User `") && line.contains(" is outside production's "))
        .expect("the sentence about one user and the two environments");
    let user = sentence["User `".len()..].split('`').next().unwrap();
    let percent_after = |marker: &str| -> u32 {
        let rest = &sentence[sentence.find(marker).unwrap() + marker.len()..];
        rest.split('%').next().unwrap().parse().unwrap()
    };
    let production = percent_after("outside production's ");
    let staging = percent_after("inside staging's ");
    assert!(production < staging, "{sentence}");
    for (environment, percent) in [("production", production), ("staging", staging)] {
        let overlay = std::fs::read_to_string(
            repo_root().join(format!("examples/project/environments/{environment}.yaml")),
        )
        .unwrap();
        assert!(
            overlay.contains(&format!("mobile: {{percent: {percent}}}")),
            "the doc says {environment} is at {percent}%; its overlay:\n{overlay}"
        );
    }
    let list = transcripts(&markdown);
    let output_of = |verb: &str, environment: &str| -> String {
        let wanted =
            format!("rollgate {verb} target/example-dist/{environment}.json --flag new-checkout");
        let user_key = format!("\"userId\":\"{user}\"");
        let found: Vec<&Transcript> = list
            .iter()
            .filter(|t| t.command.starts_with(&wanted) && t.command.contains(&user_key))
            .collect();
        assert_eq!(found.len(), 1, "one `{wanted}` transcript for {user}");
        found[0].output.join("\n")
    };
    assert_eq!(
        output_of("eval", "production"),
        "new-checkout = false (variant \"off\", DEFAULT)"
    );
    assert_eq!(
        output_of("eval", "staging"),
        "new-checkout = true (variant \"on\", SPLIT, rule \"mobile\")"
    );
    let explained = output_of("explain", "production");
    assert!(
        explained.contains(&format!(
            "vs {production}% (threshold {}) -> not in",
            production * 1000
        )),
        "{explained}"
    );
}

/// The field table of docs/projects.md's "The JSON report" names every field `build --json`
/// prints, built or refused, and no other.
#[test]
fn the_build_json_fields_are_the_ones_the_projects_doc_lists() {
    let markdown = std::fs::read_to_string(repo_root().join("docs/projects.md")).unwrap();
    let section = markdown
        .split("\n## The JSON report\n")
        .nth(1)
        .expect("the section")
        .split("\n## ")
        .next()
        .unwrap();
    let mut documented: Vec<String> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|rest| rest.split('`').next().unwrap().to_owned())
        .collect();
    documented.sort();

    /// `a`, `a.b`, `a[].b`: every field of `value`, objects in arrays as `[]`.
    fn fields(prefix: &str, value: &serde_json::Value, into: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    into.push(name.clone());
                    fields(&name, item, into);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    fields(&format!("{prefix}[]"), item, into);
                }
            }
            _ => {}
        }
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-json-fields");
    let mut printed = Vec::new();
    for command in [
        format!(
            "rollgate build examples/project --locked --json --out {}",
            out.display()
        ),
        format!(
            "rollgate build examples/invalid/project --json --out {}",
            out.display()
        ),
    ] {
        let report: serde_json::Value = serde_json::from_str(&run(&command))
            .unwrap_or_else(|e| panic!("{command}: not JSON: {e}"));
        fields("", &report, &mut printed);
    }
    // The problems' own fields are validate's, documented with it.
    printed.retain(|f| !f.starts_with("problems[]"));
    printed.sort();
    printed.dedup();
    assert_eq!(documented, printed);
}
