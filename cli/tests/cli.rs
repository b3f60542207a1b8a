#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! End-to-end tests of the `rollgate` binary: real files in, real output and exit codes out.

mod common;

use common::{rollgate, Run};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
/// 2026-12-04T00:00:00Z: the search-v2 ramp is at 5%.
const DEC_4: &str = "2026-12-04T00:00:00Z";

fn example(name: &str) -> String {
    format!("{EXAMPLES}/{name}")
}

/// Writes a file under the test's scratch directory and returns its path.
fn scratch(name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn users() -> Vec<Value> {
    std::fs::read_to_string(example("users.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The core's own answer, to check that the CLI passes it through unchanged.
fn core_result(file: &str, flag: &str, context: &Value, now: i64) -> Value {
    let ruleset = rollgate::Ruleset::from_json(&std::fs::read_to_string(file).unwrap()).unwrap();
    let context = rollgate::Context::from_json_value(context).unwrap();
    serde_json::to_value(ruleset.evaluate(flag, &context, now).to_result()).unwrap()
}

const BAD_RULESET: &str = r#"{"schema": 1, "revision": 1,
 "flags": {
  "a": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "of",
        "rules": [{"id": "r", "when": {"attr": "x", "op": "eq", "value": 1}, "serve": "on"},
                  {"id": "s", "split": {"by": "userId", "variants": [{"variant": "on", "weight": 60}]}}]},
  "b": {"type": "number", "variants": {"x": "nope"}, "default": "x", "colour": 1}
 }}"#;

// ---- validate ----

#[test]
fn validate_valid_ruleset_prints_summary_and_exits_0() {
    let run = rollgate(&["validate", &example("flags.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(": valid, 8 flags, revision 42\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1);

    let run = rollgate(&["validate", &example("flags.yaml"), "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.json(),
        json!({"valid": true, "problems": [], "revision": 42, "flags": 8})
    );
}

#[test]
fn validate_lists_every_problem_with_its_location_path_and_kind() {
    let file = scratch("bad.json", BAD_RULESET);
    let run = rollgate(&["validate", &file]);
    assert_eq!(run.code, 1);
    // In the order of the file: line, then column.
    let expected = [
        ("3:79: flags.a.default: ", "[unknown_variant]"),
        ("4:59: flags.a.rules[0].when.op: ", "[unknown_operator]"),
        ("5:69: flags.a.rules[1].split.variants: ", "[weight_sum]"),
        ("6:45: flags.b.variants.x: ", "[type_mismatch]"),
        ("6:70: flags.b.colour: ", "[unknown_field]"),
    ];
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{}", run.stdout);
    for (line, (start, kind)) in lines.iter().zip(expected) {
        let start = format!("{file}:{start}");
        assert!(
            line.starts_with(&start) && line.ends_with(kind),
            "expected `{start}... {kind}`, found:\n{line}"
        );
    }
    assert!(run.stdout.contains("unknown variant \"of\""));
    assert!(run.stdout.contains("weights add up to 60"));
    assert!(run.stderr.contains("invalid, 5 problems"), "{}", run.stderr);
}

#[test]
fn validate_locates_yaml_problems_too() {
    let file = scratch(
        "located.yaml",
        "schema: 1\nrevision: 1\nflags:\n  a:\n    type: boolean\n    variants: {on: true}\n    \
         default: 'on'\n    rules:\n      - when: {attr: x, op: eq, value: 1}\n        serve: 'on'\n",
    );
    let run = rollgate(&["validate", &file, "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.json()["problems"],
        json!([{"file": file, "line": 9, "column": 29, "path": "flags.a.rules[0].when.op",
                "kind": "unknown_operator",
                "message": "unknown operator \"eq\""}])
    );
}

#[test]
fn validate_json_reports_problems() {
    let file = scratch("bad-json.json", BAD_RULESET);
    let run = rollgate(&["validate", &file, "--json"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(report["valid"], json!(false));
    let pairs: BTreeSet<(String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert!(!p["message"].as_str().unwrap().is_empty());
            (
                p["path"].as_str().unwrap().to_owned(),
                p["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("flags.a.default", "unknown_variant"),
        ("flags.a.rules[0].when.op", "unknown_operator"),
        ("flags.a.rules[1].split.variants", "weight_sum"),
        ("flags.b.variants.x", "type_mismatch"),
        ("flags.b.colour", "unknown_field"),
    ]
    .iter()
    .map(|(p, k)| ((*p).to_owned(), (*k).to_owned()))
    .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn validate_suggests_the_operator_an_unknown_one_extends() {
    // The README's example problem line, word for word: the code span that holds it.
    let readme = include_str!("../../README.md");
    let at = readme
        .find("unknown operator \"semver_gte\"")
        .expect("README.md shows the semver_gte problem line");
    let start = readme[..at].rfind('`').expect("in a code span") + 1;
    let end = at + readme[at..].find('`').expect("a closed code span");
    let readme_line = &readme[start..end];
    let file = scratch(
        "semver-gte.json",
        r#"{"schema": 1, "revision": 1, "flags": {"checkout": {
             "type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
             "rules": [
               {"when": {"attr": "platform", "op": "equals", "value": "ios"}, "serve": "on"},
               {"when": {"attr": "plan", "op": "in", "values": ["pro"]}, "serve": "on"},
               {"when": {"attr": "appVersion", "op": "semver_gte", "range": "2.3.0"}, "serve": "on"}
             ]}}}"#,
    );
    let run = rollgate(&["validate", &file]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("{file}:6:54: {readme_line} [unknown_operator]\n")
    );
}

#[test]
fn syntax_errors_report_line_and_column_for_json_and_yaml() {
    let json_file = scratch(
        "broken.json",
        "{\"schema\": 1,\n \"flags\": {\n   \"a\": tru }\n}",
    );
    let run = rollgate(&["validate", &json_file]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("line 3"), "{}", run.stdout);
    assert!(
        run.stdout.trim_end().ends_with("[syntax]"),
        "{}",
        run.stdout
    );

    let yaml_file = scratch(
        "broken.yaml",
        "schema: 1\nrevision: 1\nflags:\n  a: [1, 2\n",
    );
    let run = rollgate(&["validate", &yaml_file]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("invalid YAML"), "{}", run.stdout);
    assert!(run.stdout.contains("line 5 column 1"), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("[syntax]"));

    // A YAML file that parses but breaks the format gets the same problems as JSON would.
    let yaml_file = scratch(
        "wrong.yml",
        "schema: 1\nrevision: 1\nflags:\n  a: {type: colour}\n",
    );
    let run = rollgate(&["validate", &yaml_file]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("flags.a.type: "), "{}", run.stdout);
}

#[test]
fn an_unquoted_yaml_range_is_reported_as_needing_quotes() {
    let yaml_file = scratch(
        "unquoted-range.yaml",
        "schema: 1\nrevision: 1\nflags:\n  a:\n    type: boolean\n    \
         variants: {on: true, off: false}\n    default: 'off'\n    rules:\n      \
         - when:\n          attr: appVersion\n          op: semver\n          \
         range: >=2.3.0\n        serve: 'on'\n",
    );
    let run = rollgate(&["validate", &yaml_file]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{yaml_file}:12:18: (document): invalid YAML at line 12 column 18: the value >=2.3.0 \
             must be quoted, as \">=2.3.0\": unquoted, a YAML value starting with '>' begins a \
             folded block [syntax]\n"
        )
    );
}

/// Runs rollgate under a 200 MB address-space limit (`ulimit -v`), so that reading a 300 MB
/// input whole aborts the process instead of passing unnoticed. With `stdin_bytes`, that many
/// spaces are written to its stdin as long as it reads them; returns the run and how many
/// bytes it took before it stopped reading.
#[cfg(unix)]
fn rollgate_in_200_mb(args: &[&str], stdin_bytes: u64) -> (Run, u64) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 204800 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_rollgate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rollgate");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        let mut written = 0u64;
        while written < stdin_bytes {
            let n = chunk.len().min((stdin_bytes - written) as usize);
            // Fails (broken pipe) once rollgate has exited without reading the rest.
            if stdin.write_all(&chunk[..n]).is_err() {
                break;
            }
            written += n as u64;
        }
        written
    });
    let output = child.wait_with_output().expect("wait for rollgate");
    let written = writer.join().expect("writer thread");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    };
    (run, written)
}

const LIMIT: u64 = rollgate::limits::MAX_RULESET_BYTES as u64;

#[cfg(unix)]
#[test]
fn an_oversized_ruleset_file_is_refused_by_its_size_unread() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    // Sparse: 300 MB long, no disk blocks.
    let path = dir.join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(300_000_000).unwrap();
    let path = path.display().to_string();
    for json in [false, true] {
        let mut args = vec!["validate", path.as_str()];
        if json {
            args.push("--json");
        }
        let (run, _) = rollgate_in_200_mb(&args, 0);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        // The exact size is known only from the file's metadata, never from a bounded read.
        let message = "ruleset is 300000000 bytes; the limit is 16777216";
        if json {
            assert_eq!(
                run.json()["problems"],
                json!([{"path": "", "kind": "limit_exceeded", "message": message}])
            );
        } else {
            assert_eq!(
                run.stdout,
                format!("(document): {message} [limit_exceeded]\n")
            );
        }
    }
    let (run, _) = rollgate_in_200_mb(&["eval", &path, "--all"], 0);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("invalid ruleset (1 problem)\n  (document): ruleset is 300000000 bytes"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&path).unwrap();
}

#[cfg(unix)]
#[test]
fn an_oversized_ruleset_on_stdin_is_refused_without_reading_the_rest() {
    let (run, written) = rollgate_in_200_mb(&["validate", "-"], 300_000_000);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "(document): ruleset is over 16777216 bytes, the limit (reading stopped there) \
         [limit_exceeded]\n"
    );
    // It stopped reading at the limit: what it took is the limit plus at most what the pipe
    // and one write held when it exited.
    assert!(written > LIMIT, "{written}");
    assert!(written < LIMIT + (4 << 20), "read {written} bytes");

    // Exactly the limit is read whole, and then judged as JSON.
    let (run, written) = rollgate_in_200_mb(&["validate", "-"], LIMIT);
    assert_eq!(written, LIMIT);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("[syntax]"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn an_oversized_project_source_is_refused_by_its_size_unread() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-huge-project");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("flags")).unwrap();
    std::fs::write(
        dir.join("rollgate.yaml"),
        "schema: 1\nsources: flags\nenvironments:\n  production: {}\n",
    )
    .unwrap();
    std::fs::write(dir.join("flags/a.yaml"), "flags: {}\n").unwrap();
    let project = dir.display().to_string();
    // Sparse: no disk blocks. One byte over the limit, and far over it.
    for size in [LIMIT + 1, 300_000_000] {
        let huge = dir.join("flags/huge.yaml");
        std::fs::File::create(&huge).unwrap().set_len(size).unwrap();
        let (run, _) = rollgate_in_200_mb(&["validate", &project], 0);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains(&format!(
                "{}:1:1: (document): the file is {size} bytes; the limit is 16777216 [limit_exceeded]",
                huge.display()
            )),
            "{}{}",
            run.stdout,
            run.stderr
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn oversized_context_files_are_refused_by_their_size_unread() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-huge-contexts");
    std::fs::create_dir_all(&dir).unwrap();
    let flags = example("flags.json");
    // Sparse files, no disk blocks: one context over the 16 MiB limit, a sample over 1 GiB.
    let context = dir.join("context.json");
    std::fs::File::create(&context)
        .unwrap()
        .set_len(LIMIT + 1)
        .unwrap();
    let sample = dir.join("users.jsonl");
    let sample_limit = 1u64 << 30;
    std::fs::File::create(&sample)
        .unwrap()
        .set_len(sample_limit + 1)
        .unwrap();
    let (context, sample) = (context.display().to_string(), sample.display().to_string());
    let context_arg = format!("@{context}");
    let context_refused =
        format!("rollgate: error: {context}: the file is 16777217 bytes; the limit is 16777216\n");
    let sample_refused = format!(
        "rollgate: error: {sample}: the file is 1073741825 bytes; the limit is 1073741824\n"
    );
    for (args, refused) in [
        (
            vec!["eval", &flags, "--all", "--context", &context_arg],
            &context_refused,
        ),
        (
            vec![
                "explain",
                &flags,
                "--flag",
                "new-checkout",
                "--context",
                &context_arg,
            ],
            &context_refused,
        ),
        (
            vec!["eval", &flags, "--all", "--contexts", &sample],
            &sample_refused,
        ),
        (
            vec![
                "simulate",
                &flags,
                "--flag",
                "new-checkout",
                "--contexts",
                &sample,
            ],
            &sample_refused,
        ),
        (
            vec!["diff", &flags, &flags, "--contexts", &sample],
            &sample_refused,
        ),
    ] {
        let (run, _) = rollgate_in_200_mb(&args, 0);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(&run.stderr, refused, "{args:?}");
    }
    // Stdin is read no further than one byte past the limit.
    let (run, written) =
        rollgate_in_200_mb(&["eval", &flags, "--all", "--context", "@-"], 300_000_000);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "rollgate: error: <stdin>: the file is over 16777216 bytes, the limit (reading stopped there)\n"
    );
    assert!(written < LIMIT + (4 << 20), "read {written} bytes");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_documented_input_limits_are_the_cli_s() {
    let format = include_str!("../../docs/format.md");
    let limits = format[format.find("## Limits").unwrap()..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(LIMIT, 16 << 20);
    for claim in [
        "| Document size | 16 MiB |",
        "A ruleset file, every file of a project (`rollgate.yaml`, flag sources, overlays) and \
         a context file (`--context @FILE`) may be 16 MiB, the document size limit; a \
         JSON-lines sample (`--contexts` of `eval`, `simulate` and `diff`) may be 1 GiB.",
        "(`rollgate: error: users.jsonl: the file is 1073741825 bytes; the limit is 1073741824`)",
    ] {
        assert!(limits.contains(claim), "docs/format.md, Limits: {claim}");
    }
}

#[test]
fn missing_files_exit_2_with_the_file_named() {
    for args in [
        vec!["validate", "no-such-file.json"],
        vec!["eval", "no-such-file.yaml", "--all"],
        vec!["explain", "no-such-file.json", "--flag", "x"],
    ] {
        let run = rollgate(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("no-such-file"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = rollgate(&[
        "simulate",
        &example("flags.json"),
        "--flag",
        "new-checkout",
        "--contexts",
        "no-such-users.jsonl",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-users.jsonl"), "{}", run.stderr);
}

// ---- eval ----

#[test]
fn eval_single_flag_covers_each_scenario() {
    let flags = example("flags.json");
    let cases = [
        // Too-old app and the excluded 2.5.1 (build metadata ignored) get the targeting rule.
        (
            "new-checkout",
            r#"{"userId":"u-1","appVersion":"2.2.9","platform":"ios"}"#,
            r#"new-checkout = false (variant "off", TARGETING_MATCH, rule "old-apps")"#,
        ),
        (
            "new-checkout",
            r#"{"userId":"u-1","appVersion":"2.5.1+build.7","platform":"ios","email":"x@acme.com"}"#,
            r#"new-checkout = false (variant "off", TARGETING_MATCH, rule "old-apps")"#,
        ),
        (
            "new-checkout",
            r#"{"userId":"u-1","appVersion":"2.4.0","platform":"web","email":"x@acme.com"}"#,
            r#"new-checkout = true (variant "on", TARGETING_MATCH, rule "beta")"#,
        ),
        (
            "new-checkout",
            r#"{"userId":"u-1","appVersion":"2.4.0","platform":"web"}"#,
            r#"new-checkout = false (variant "off", DEFAULT)"#,
        ),
        (
            "payments-v3",
            r#"{"userId":"u-1"}"#,
            r#"payments-v3 = false (variant "off", DISABLED)"#,
        ),
        (
            "max-cart-items",
            r#"{"plan":"enterprise"}"#,
            r#"max-cart-items = 200 (variant "extended", TARGETING_MATCH, rule "enterprise")"#,
        ),
        (
            "support-widget",
            r#"{"plan":"free"}"#,
            r#"support-widget = {"chat":false,"hours":"09:00-17:00","provider":"helpdesk"} (variant "standard", DEFAULT)"#,
        ),
    ];
    for (flag, context, expected) in cases {
        let run = rollgate(&[
            "eval",
            &flags,
            "--flag",
            flag,
            "--context",
            context,
            "--now",
            DEC_4,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout.trim_end(), expected, "context {context}");
    }
}

#[test]
fn eval_now_moves_the_scheduled_ramp() {
    let flags = example("flags.json");
    let context = r#"{"userId":"u-00042"}"#;
    // Before the first step nobody is in; from Dec 15 everybody is.
    let before = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "search-v2",
        "--context",
        context,
        "--now",
        "2026-11-30T23:59:59Z",
        "--json",
    ]);
    assert_eq!(before.json()["value"], json!(false));
    assert_eq!(before.json()["reason"], json!("DEFAULT"));
    // Epoch milliseconds work too: 2026-12-15T00:00:00Z.
    let after = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "search-v2",
        "--context",
        context,
        "--now",
        "1797292800000",
        "--json",
    ]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(after.json()["value"], json!(true));
    assert_eq!(after.json()["reason"], json!("SPLIT"));
    assert_eq!(after.json()["ruleId"], json!("ramp"));

    let bad = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "search-v2",
        "--now",
        "next tuesday",
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("RFC 3339"), "{}", bad.stderr);
}

#[test]
fn now_in_epoch_seconds_is_refused_with_the_value_in_ms() {
    for command in ["eval", "explain", "simulate"] {
        let flags = example("flags.json");
        let users = example("users.jsonl");
        let mut args = vec![
            command,
            &flags,
            "--flag",
            "search-v2",
            "--now",
            "1796342400",
        ];
        if command == "simulate" {
            args.extend(["--contexts", &users]);
        }
        let run = rollgate(&args);
        assert_eq!(run.code, 2, "{command}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "{command}: nothing is evaluated");
        assert!(
            run.stderr.contains(
                "epoch milliseconds expected, and 1796342400 can only be seconds \
                 (2026-12-04T00:00:00.000Z); in milliseconds that is 1796342400000."
            ),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn eval_json_matches_the_core_result() {
    let flags = example("flags.json");
    let context = json!({"userId": "u-00007", "appVersion": "2.6.0", "platform": "android"});
    for flag in [
        "new-checkout",
        "checkout-layout",
        "dark-mode-v2",
        "max-cart-items",
    ] {
        let run = rollgate(&[
            "eval",
            &flags,
            "--flag",
            flag,
            "--context",
            &context.to_string(),
            "--now",
            "1796342400000",
            "--json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.json(),
            core_result(&flags, flag, &context, 1_796_342_400_000),
            "{flag}"
        );
    }
    // Metadata travels with the result.
    let run = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "new-checkout",
        "--context",
        &context.to_string(),
        "--json",
    ]);
    assert_eq!(run.json()["metadata"]["owner"], json!("payments-team"));
    assert_eq!(
        run.json()["metadata"]["tags"],
        json!(["checkout", "mobile"])
    );
}

#[test]
fn eval_all_gives_every_flag() {
    let flags = example("flags.json");
    let context = r#"{"userId":"u-9","appVersion":"2.4.0","platform":"web","plan":"pro"}"#;
    let run = rollgate(&[
        "eval",
        &flags,
        "--all",
        "--context",
        context,
        "--now",
        DEC_4,
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results = run.json();
    let keys: Vec<&String> = results.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "checkout-layout",
            "dark-mode",
            "dark-mode-v2",
            "max-cart-items",
            "new-checkout",
            "payments-v3",
            "search-v2",
            "support-widget"
        ]
    );
    assert_eq!(results["payments-v3"]["reason"], json!("DISABLED"));
    assert_eq!(results["support-widget"]["variant"], json!("priority"));
    assert_eq!(results["checkout-layout"]["reason"], json!("SPLIT"));
    // dark-mode-v2 depends on dark-mode: it is either failed-prerequisite or evaluated normally.
    if results["dark-mode"]["variant"] == json!("off") {
        assert_eq!(
            results["dark-mode-v2"]["reason"],
            json!("PREREQUISITE_FAILED")
        );
        assert_eq!(
            results["dark-mode-v2"]["failedPrerequisite"],
            json!("dark-mode")
        );
    } else {
        assert_ne!(
            results["dark-mode-v2"]["reason"],
            json!("PREREQUISITE_FAILED")
        );
    }

    let text = rollgate(&[
        "eval",
        &flags,
        "--all",
        "--context",
        context,
        "--now",
        DEC_4,
    ]);
    assert_eq!(text.stdout.lines().count(), 8);
    assert!(text.stdout.lines().any(
        |l| l.starts_with("payments-v3 ") && l.ends_with("= false (variant \"off\", DISABLED)")
    ));
}

#[test]
fn eval_context_from_file() {
    let file = scratch(
        "ctx.json",
        r#"{"plan": "enterprise", "appVersion": "2.1.0"}"#,
    );
    let run = rollgate(&[
        "eval",
        &example("flags.yaml"),
        "--flag",
        "max-cart-items",
        "--context",
        &format!("@{file}"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("200 (variant \"extended\""),
        "{}",
        run.stdout
    );
}

#[test]
fn eval_jsonl_writes_one_line_per_context() {
    let flags = example("flags.json");
    let users = users();
    let run = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "new-checkout",
        "--contexts",
        &example("users.jsonl"),
        "--now",
        "1796342400000",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), users.len());
    for (line, user) in lines.iter().zip(&users) {
        assert_eq!(&line["context"], user);
        assert_eq!(
            line["result"],
            core_result(&flags, "new-checkout", user, 1_796_342_400_000)
        );
    }

    let all = rollgate(&[
        "eval",
        &flags,
        "--all",
        "--contexts",
        &example("users.jsonl"),
        "--now",
        DEC_4,
    ]);
    let first: Value = serde_json::from_str(all.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["context"], users[0]);
    assert_eq!(first["results"].as_object().unwrap().len(), 8);
    assert_eq!(all.stdout.lines().count(), users.len());
}

#[test]
fn eval_jsonl_reports_bad_lines_and_goes_on() {
    let file = scratch(
        "mixed.jsonl",
        "{\"userId\":\"a\"}\nnot json\n\n{\"userId\":{\"nested\":1}}\n{\"userId\":\"b\"}\n",
    );
    let run = rollgate(&[
        "eval",
        &example("flags.json"),
        "--flag",
        "checkout-layout",
        "--contexts",
        &file,
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["context"], json!({"userId": "a"}));
    assert_eq!(lines[1]["line"], json!(2));
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("invalid context JSON"));
    assert_eq!(lines[2]["line"], json!(4));
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("context.userId"));
    assert_eq!(lines[3]["context"], json!({"userId": "b"}));
    assert!(run.stderr.contains("line 2:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("2 of 4 lines are not valid contexts"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_context_is_a_clear_error() {
    let flags = example("flags.json");
    let run = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "new-checkout",
        "--context",
        r#"{"userId": "u1",}"#,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--context: invalid context JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 1 column"), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let run = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "new-checkout",
        "--context",
        r#"{"device": {"os": "ios"}}"#,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "context.device: nested objects are not supported; flatten them (\"device.os\")"
        ),
        "the hint names the real attribute: {}",
        run.stderr
    );

    let run = rollgate(&[
        "eval",
        &flags,
        "--flag",
        "new-checkout",
        "--context",
        "[1, 2]",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("expected an object"), "{}", run.stderr);
}

#[test]
fn unknown_flag_and_invalid_ruleset_are_errors() {
    let run = rollgate(&["eval", &example("flags.json"), "--flag", "new-chekout"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "rollgate: error: no flag \"new-chekout\" in the ruleset (did you mean \"new-checkout\"?); \
         flags: checkout-layout, dark-mode, dark-mode-v2, max-cart-items, new-checkout, \
         payments-v3, search-v2, support-widget\n"
    );
    // The closest keys, best first: a small edit before a key the typo extends.
    let run = rollgate(&["explain", &example("flags.json"), "--flag", "dark-mode-v3"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no flag \"dark-mode-v3\" in the ruleset (did you mean \"dark-mode-v2\"?);"),
        "{}",
        run.stderr
    );
    let run = rollgate(&[
        "explain",
        &example("flags.json"),
        "--flag",
        "nothing-like-it",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("rollgate: error: no flag \"nothing-like-it\" in the ruleset; flags: "),
        "{}",
        run.stderr
    );

    let file = scratch("bad-eval.json", BAD_RULESET);
    let run = rollgate(&["eval", &file, "--all"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("invalid ruleset (5 problems)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("flags.b.colour: unknown field"),
        "{}",
        run.stderr
    );

    let run = rollgate(&["eval", &example("flags.json")]);
    assert_eq!(run.code, 2, "--flag or --all is required");
}

// ---- explain ----

#[test]
fn explain_text_names_rules_and_compared_values() {
    let context =
        r#"{"userId":"u-00004","appVersion":"2.6.0","platform":"ios","email":"user4@example.com"}"#;
    let run = rollgate(&[
        "explain",
        &example("flags.json"),
        "--flag",
        "new-checkout",
        "--context",
        context,
        "--now",
        DEC_4,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(text.starts_with("flag new-checkout: "), "{text}");
    for needle in [
        "rule old-apps: no match",
        r#"appVersion semver "<2.3.0 || 2.5.1": "2.6.0" -> no"#,
        "rule beta: no match",
        r#"email endsWith "@acme.com": "user4@example.com" -> no"#,
        "rule mobile: matched",
        r#"platform in ["ios","android"]: "ios" -> yes"#,
        r#"rollout by userId (salt "new-checkout"): bucket "#,
        "evaluated at 2026-12-04T00:00:00.000Z, ruleset revision 42",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The headline agrees with eval.
    let eval = rollgate(&[
        "eval",
        &example("flags.json"),
        "--flag",
        "new-checkout",
        "--context",
        context,
        "--now",
        DEC_4,
        "--json",
    ]);
    let variant = eval.json()["variant"].as_str().unwrap().to_owned();
    assert!(text
        .lines()
        .next()
        .unwrap()
        .contains(&format!("variant \"{variant}\"")));
}

#[test]
fn explain_json_and_disabled_and_prerequisite() {
    let flags = example("flags.json");
    let run = rollgate(&[
        "explain",
        &flags,
        "--flag",
        "new-checkout",
        "--context",
        r#"{"appVersion":"2.5.1"}"#,
        "--now",
        "0",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let explanation = run.json();
    assert_eq!(explanation["flag"], json!("new-checkout"));
    assert_eq!(explanation["now"], json!(0));
    assert_eq!(explanation["result"]["ruleId"], json!("old-apps"));
    assert_eq!(explanation["rules"][0]["id"], json!("old-apps"));
    assert_eq!(
        explanation["rules"][0]["checks"][0]["actual"],
        json!("2.5.1")
    );
    assert_eq!(explanation["rules"][0]["matched"], json!(true));

    let run = rollgate(&["explain", &flags, "--flag", "payments-v3", "--now", "0"]);
    assert!(
        run.stdout.contains("disabled (kill switch)"),
        "{}",
        run.stdout
    );

    // A signed-out user has no userId: dark-mode's rollout skips them, so dark-mode-v2's
    // prerequisite fails.
    let run = rollgate(&[
        "explain",
        &flags,
        "--flag",
        "dark-mode-v2",
        "--context",
        r#"{"deviceId":"d-1"}"#,
        "--now",
        "0",
    ]);
    assert!(run.stdout.contains("PREREQUISITE_FAILED"), "{}", run.stdout);
    assert!(
        run.stdout.contains("prerequisite dark-mode: off -> FAILED"),
        "{}",
        run.stdout
    );
}

// ---- simulate ----

fn simulate_json(file: &str, flag: &str, contexts: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "simulate",
        file,
        "--flag",
        flag,
        "--contexts",
        contexts,
        "--json",
    ];
    args.extend_from_slice(extra);
    let run = rollgate(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// `simulate` of the example ruleset over the example users, as text.
fn simulate_example(flag: &str, extra: &[&str]) -> Run {
    let (flags, users) = (example("flags.json"), example("users.jsonl"));
    let mut args = vec!["simulate", &flags, "--flag", flag, "--contexts", &users];
    args.extend_from_slice(extra);
    rollgate(&args)
}

fn variant_counts(tally: &Value) -> BTreeMap<String, u64> {
    tally["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["variant"].as_str().unwrap().to_owned(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn simulate_counts_add_up_to_the_users() {
    let total = users().len() as u64;
    // --percent only for the flags with a fixed-percent rollout (the others reject it).
    for (flag, percent) in [
        ("new-checkout", Some("30")),
        ("dark-mode-v2", Some("30")),
        ("checkout-layout", None),
        ("search-v2", None),
        ("max-cart-items", None),
    ] {
        let mut extra = vec!["--now", DEC_4];
        extra.extend(percent.map(|p| ["--percent", p]).into_iter().flatten());
        let report = simulate_json(
            &example("flags.json"),
            flag,
            &example("users.jsonl"),
            &extra,
        );
        assert_eq!(report["users"], json!(total));
        assert_eq!(report["simulated"].is_null(), percent.is_none());
        for tally in [&report["current"], &report["simulated"]] {
            if tally.is_null() {
                continue;
            }
            assert_eq!(variant_counts(tally).values().sum::<u64>(), total, "{flag}");
            let reasons: u64 = tally["reasons"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum();
            assert_eq!(reasons, total, "{flag}");
        }
    }
}

#[test]
fn simulate_matches_eval_per_user() {
    // The current column is what eval gives each user, tallied.
    let flags = example("flags.json");
    let report = simulate_json(
        &flags,
        "checkout-layout",
        &example("users.jsonl"),
        &["--now", DEC_4],
    );
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let mut missing = 0;
    for user in users() {
        let result = core_result(&flags, "checkout-layout", &user, 1_796_342_400_000);
        *expected
            .entry(result["variant"].as_str().unwrap().to_owned())
            .or_default() += 1;
        missing += u64::from(result.get("unitMissing").is_some());
    }
    assert_eq!(variant_counts(&report["current"]), expected);
    assert_eq!(report["current"]["unitMissing"]["userId"], json!(missing));
    assert!(missing > 0, "the sample has signed-out users");
    assert!(report.get("simulated").is_none());
}

#[test]
fn simulate_percent_overrides_every_fixed_rollout() {
    // 300 users: ios/android/web in turn, every tenth one without a userId.
    let mut lines = String::new();
    let (mut ios_with_id, mut ios_without_id) = (Vec::new(), 0);
    for n in 0..300 {
        let platform = ["ios", "android", "web"][n % 3];
        if n % 10 == 9 {
            lines.push_str(&format!("{{\"platform\":\"{platform}\"}}\n"));
            ios_without_id += usize::from(platform == "ios");
        } else {
            let id = format!("user-{n}");
            lines.push_str(&format!(
                "{{\"userId\":\"{id}\",\"platform\":\"{platform}\"}}\n"
            ));
            if platform == "ios" {
                ios_with_id.push(id);
            }
        }
    }
    let contexts = scratch("platforms.jsonl", &lines);
    let ruleset = scratch(
        "ios.json",
        r#"{"schema": 1, "revision": 3, "flags": {"f": {
        "type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
        "rules": [{"id": "ios", "when": {"attr": "platform", "op": "equals", "value": "ios"},
                   "rollout": {"percent": 10, "serve": "on"}}]}}}"#,
    );

    let in_rollout = |percent: u32| {
        ios_with_id
            .iter()
            .filter(|id| rollgate::bucketing::bucket("f", id) < percent * 1000)
            .count() as u64
    };
    let report = simulate_json(
        &ruleset,
        "f",
        &contexts,
        &["--now", "0", "--percent", "100"],
    );
    assert_eq!(variant_counts(&report["current"])["on"], in_rollout(10));
    assert_eq!(
        variant_counts(&report["simulated"])["on"],
        ios_with_id.len() as u64
    );
    assert_eq!(
        variant_counts(&report["simulated"])["off"],
        300 - ios_with_id.len() as u64
    );
    assert_eq!(
        report["simulated"]["unitMissing"]["userId"],
        json!(ios_without_id)
    );
    assert_eq!(report["simulated"]["percent"], json!(100.0));
    assert_eq!(
        report["simulated"]["rollouts"],
        json!([{"rule": "ios", "percent": 10}])
    );

    let report = simulate_json(&ruleset, "f", &contexts, &["--now", "0", "--percent", "25"]);
    assert_eq!(variant_counts(&report["simulated"])["on"], in_rollout(25));
    let report = simulate_json(&ruleset, "f", &contexts, &["--now", "0", "--percent", "0"]);
    assert_eq!(variant_counts(&report["simulated"])["on"], 0);
}

#[test]
fn simulate_text_shows_both_columns() {
    let run = rollgate(&[
        "simulate",
        &example("flags.yaml"),
        "--flag",
        "new-checkout",
        "--contexts",
        &example("users.jsonl"),
        "--now",
        DEC_4,
        "--percent",
        "100",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(
        text.starts_with(
            "new-checkout: 1000 users at 2026-12-04T00:00:00.000Z, ruleset revision 42\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("simulated: rule \"mobile\" 10% -> 100%"),
        "{text}"
    );
    assert!(
        text.contains("current") && text.contains("at 100%") && text.contains("change"),
        "{text}"
    );
    let report = simulate_json(
        &example("flags.yaml"),
        "new-checkout",
        &example("users.jsonl"),
        &["--now", DEC_4, "--percent", "100"],
    );
    let before = variant_counts(&report["current"])["on"];
    let after = variant_counts(&report["simulated"])["on"];
    assert!(after > before, "{before} -> {after}");
    let on_row = text
        .lines()
        .find(|l| l.starts_with("variant \"on\" = true"))
        .expect("on row");
    let cells: Vec<&str> = on_row.split_whitespace().collect();
    assert_eq!(cells[4], before.to_string(), "{on_row}");
    assert_eq!(cells[6], after.to_string(), "{on_row}");
    assert_eq!(cells[8], format!("+{}", after - before), "{on_row}");
    assert!(text.contains("unit missing (userId)"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("errors ")), "{text}");
}

#[test]
fn simulate_percent_on_a_disabled_flag_says_it_has_no_effect() {
    let run = simulate_example("payments-v3", &["--now", DEC_4, "--percent", "50"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "payments-v3: 1000 users at 2026-12-04T00:00:00.000Z, ruleset revision 42",
            "simulated: rule \"half\" 50% -> 50%",
            "flag \"payments-v3\" is disabled (\"enabled\": false): every user gets its off \
             variant, so --percent changes nothing while it stays disabled",
        ],
        "{}",
        run.stdout
    );
    let report = simulate_json(
        &example("flags.json"),
        "payments-v3",
        &example("users.jsonl"),
        &["--now", DEC_4, "--percent", "50"],
    );
    assert_eq!(report["enabled"], json!(false));
    assert_eq!(report["current"]["reasons"], json!({"DISABLED": 1000}));

    // An enabled flag gets no such line.
    let run = simulate_example("new-checkout", &["--now", DEC_4, "--percent", "50"]);
    assert!(!run.stdout.contains("disabled"), "{}", run.stdout);
    let report = simulate_json(
        &example("flags.json"),
        "new-checkout",
        &example("users.jsonl"),
        &["--now", DEC_4],
    );
    assert_eq!(report["enabled"], json!(true));
}

#[test]
fn simulate_ramp_follows_now_and_rejects_percent() {
    let total = users().len() as u64;
    let with_id = users().iter().filter(|u| u.get("userId").is_some()).count() as u64;
    let after = simulate_json(
        &example("flags.json"),
        "search-v2",
        &example("users.jsonl"),
        &["--now", "2026-12-20T00:00:00Z"],
    );
    assert_eq!(variant_counts(&after["current"])["on"], with_id);
    assert_eq!(
        after["current"]["unitMissing"]["userId"],
        json!(total - with_id)
    );
    let before = simulate_json(
        &example("flags.json"),
        "search-v2",
        &example("users.jsonl"),
        &["--now", "2026-11-01T00:00:00Z"],
    );
    assert_eq!(variant_counts(&before["current"])["on"], 0);

    let run = simulate_example("search-v2", &["--percent", "50"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no fixed-percent rollout"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("scheduled ramp"), "{}", run.stderr);
    let run = simulate_example("checkout-layout", &["--percent", "50"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no fixed-percent rollout"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ramp"), "{}", run.stderr);

    let run = simulate_example("new-checkout", &["--percent", "150"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("0 to 100"), "{}", run.stderr);
}

// ---- YAML == JSON ----

#[test]
fn yaml_and_json_examples_evaluate_identically() {
    for now in [
        "2026-11-30T00:00:00Z",
        DEC_4,
        "2026-12-10T00:00:00Z",
        "2026-12-16T00:00:00Z",
    ] {
        let from_json = rollgate(&[
            "eval",
            &example("flags.json"),
            "--all",
            "--contexts",
            &example("users.jsonl"),
            "--now",
            now,
        ]);
        let from_yaml = rollgate(&[
            "eval",
            &example("flags.yaml"),
            "--all",
            "--contexts",
            &example("users.jsonl"),
            "--now",
            now,
        ]);
        assert_eq!(from_json.code, 0, "{}", from_json.stderr);
        assert_eq!(from_yaml.code, 0, "{}", from_yaml.stderr);
        assert_eq!(from_json.stdout.lines().count(), users().len());
        assert!(
            from_json.stdout == from_yaml.stdout,
            "JSON and YAML differ at {now}"
        );
    }
}

/// Numbers are exact on every path into the core: the ruleset (JSON or YAML), `--context` and
/// JSON-lines contexts. serde_json's default float parsing reads 6.162599865641032e196 as
/// 6.162599865641031e196, so the context's number did not equal the rule's.
#[test]
fn eval_reads_numbers_exactly_from_rulesets_and_contexts() {
    let json = scratch(
        "exact.json",
        r#"{"schema": 1, "revision": 1, "flags": {
  "exact": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
          "rules": [{"id": "r", "when": {"attr": "x", "op": "in", "values": [3.6703193633380836e+22, 6.162599865641032e196]}, "serve": "on"}]},
  "big": {"type": "number", "variants": {"v": 1.0E25}, "default": "v"}}}"#,
    );
    let yaml = scratch(
        "exact.yaml",
        "schema: 1\nrevision: 1\nflags:\n  exact:\n    type: boolean\n    variants: {on: true, off: false}\n    default: \"off\"\n    rules:\n      - id: r\n        when: {attr: x, op: in, values: [3.6703193633380836e+22, 6.162599865641032e196]}\n        serve: \"on\"\n  big:\n    type: number\n    variants: {v: 1.0E25}\n    default: v\n",
    );
    let contexts = scratch(
        "exact.jsonl",
        "{\"x\": 6.162599865641032e196}\n{\"x\": 6.162599865641031e196}\n",
    );
    for file in [&json, &yaml] {
        let matched = rollgate(&[
            "eval",
            file,
            "--flag",
            "exact",
            "--context",
            r#"{"x": 6.162599865641032e196}"#,
        ]);
        assert_eq!(matched.code, 0, "{}", matched.stderr);
        assert!(
            matched.stdout.contains("exact = true"),
            "{file}: {}",
            matched.stdout
        );
        let lines = rollgate(&["eval", file, "--flag", "exact", "--contexts", &contexts]);
        assert_eq!(lines.code, 0, "{}", lines.stderr);
        let values: Vec<Value> = lines
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["result"]["value"].clone())
            .collect();
        assert_eq!(
            values,
            [json!(true), json!(false)],
            "{file}: {}",
            lines.stdout
        );
        let big = rollgate(&["eval", file, "--flag", "big", "--json"]);
        assert_eq!(big.code, 0, "{}", big.stderr);
        assert_eq!(
            big.json()["value"].as_f64(),
            Some(1e25),
            "{file}: {}",
            big.stdout
        );
    }
}
