#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The commands that take a project directory besides `build`: `validate`, `diff` (two
//! directories, or a directory in two git revisions), `lint` (every environment, findings
//! merged) and bad input to each (not a project, an unknown environment, a revision that does
//! not exist). `codegen` on projects is tested in codegen.rs, CI's script in ci.rs.

mod common;

use common::{copy_dir, rollgate_in, Run};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/project");
const NOW: &str = "2026-12-04T00:00:00Z";

fn rollgate(args: &[&str]) -> Run {
    common::rollgate(args)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("rollgate-project-command-tests", name)
}

/// A copy of examples/project at `dir` (without what codegen wrote into it).
fn example_at(dir: &Path) -> PathBuf {
    copy_dir(Path::new(EXAMPLE), dir);
    let _ = std::fs::remove_dir_all(dir.join("generated"));
    dir.to_path_buf()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr))
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

// ---- validate ----

#[test]
fn validate_builds_every_environment_and_writes_nothing() {
    let dir = example_at(&scratch("validate").join("p"));
    let run = rollgate(&["validate", &s(&dir)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{}: valid, 3 environments\n  development  revision 2  unchanged  11 flags\n  \
             staging      revision 2  unchanged  11 flags\n  production   revision 2  \
             unchanged  11 flags\n",
            dir.display()
        )
    );
    let lock = std::fs::read_to_string(dir.join("rollgate.lock")).unwrap();
    // A change the lock does not have yet: validate says which revision a build would give,
    // and leaves the lock alone.
    edit(
        &dir.join("environments/production.yaml"),
        "mobile: {percent: 10}",
        "mobile: {percent: 15}",
    );
    let run = rollgate(&["validate", &s(&dir), "--env", "production", "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        json(&run),
        json!({"valid": true, "problems": [], "environments": [{"name": "production",
            "flags": 11, "revision": 3, "previousRevision": 2, "changed": true}]})
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("rollgate.lock")).unwrap(),
        lock
    );
    // rollgate.yaml, rollgate.lock, flags/, environments/: nothing written.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 4);
}

#[test]
fn validate_lists_every_problem_of_a_project() {
    let run = rollgate(&["validate", "../examples/invalid/project", "--json"]);
    assert_eq!(run.code, 1);
    let report = json(&run);
    assert_eq!(report["valid"], false);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4);
    assert_eq!(
        problems[1],
        json!({"file": "../examples/invalid/project/flags/checkout.yaml", "line": 10,
            "column": 33, "path": "flags.new-checkout.rules[0].when.op",
            "kind": "unknown_operator",
            "message": "unknown operator \"endswith\" (did you mean \"endsWith\"?)"})
    );
    let run = rollgate(&["validate", "../examples/invalid/cyclic"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "../examples/invalid/cyclic: invalid, 3 problems\n"
    );
}

#[test]
fn the_project_file_is_any_one_of_its_three_names_and_only_one() {
    let base = scratch("project-file-names");
    let reference = base.join("reference");
    let run = rollgate(&["build", EXAMPLE, "--locked", "--out", &s(&reference)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let yaml = std::fs::read_to_string(Path::new(EXAMPLE).join("rollgate.yaml")).unwrap();
    let as_json = serde_json::to_string_pretty(
        &rollgate_project::source::parse(
            &yaml,
            rollgate_project::source::Format::Yaml,
            "rollgate.yaml",
        )
        .unwrap()
        .value,
    )
    .unwrap();
    for (name, text) in [("rollgate.yml", &yaml), ("rollgate.json", &as_json)] {
        let dir = example_at(&base.join(name).join("p"));
        std::fs::remove_file(dir.join("rollgate.yaml")).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
        let run = rollgate(&["validate", &s(&dir)]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stdout
                .starts_with(&format!("{}: valid, 3 environments\n", dir.display())),
            "{name}: {}",
            run.stdout
        );
        let out = base.join(name).join("dist");
        let run = rollgate(&["build", &s(&dir), "--locked", "--out", &s(&out)]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        for environment in ["development", "staging", "production"] {
            let file = format!("{environment}.json");
            assert_eq!(
                std::fs::read(out.join(&file)).unwrap(),
                std::fs::read(reference.join(&file)).unwrap(),
                "{name}: {file} is what the example's rollgate.yaml builds"
            );
        }
    }
    // Two project files: which one is meant is not guessed.
    let dir = example_at(&base.join("both").join("p"));
    std::fs::write(dir.join("rollgate.yml"), &yaml).unwrap();
    let message = format!(
        "(document): {} has both rollgate.yaml and rollgate.yml: keep one project file \
         [invalid_value]\n",
        dir.display()
    );
    let run = rollgate(&["validate", &s(&dir)]);
    assert_eq!((run.code, run.stdout.as_str()), (1, message.as_str()));
    let out = base.join("both").join("dist");
    let run = rollgate(&["build", &s(&dir), "--out", &s(&out)]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(&message), "{}", run.stdout);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn bad_arguments_are_usage_errors_naming_what_is_wrong() {
    for (args, message) in [
        (
            &["validate", "../examples/project/flags"][..],
            "rollgate: error: no rollgate.yaml (nor rollgate.yml, nor rollgate.json) in \
             ../examples/project/flags: is this a project directory?\n",
        ),
        (
            &[
                "validate",
                "../examples/project",
                "--env",
                "staging",
                "--env",
                "prodution",
            ],
            "rollgate: error: no environment \"prodution\" in \
             ../examples/project/rollgate.yaml (did you mean \"production\"?); environments: \
             development, staging, production\n",
        ),
        (
            &["validate", "../examples/flags.json", "--env", "production"],
            "rollgate: error: --env applies to a project directory, and \
             ../examples/flags.json is a ruleset file\n",
        ),
        (
            &["lint", "../examples/project", "--env", "prod"],
            "rollgate: error: no environment \"prod\" in ../examples/project/rollgate.yaml; \
             environments: development, staging, production\n",
        ),
        (
            &["lint", "../examples/lint/flags.json", "--env", "production"],
            "rollgate: error: --env applies to a project directory, and \
             ../examples/lint/flags.json is a ruleset file\n",
        ),
        (
            &["lint", "../examples"],
            "rollgate: error: no rollgate.yaml (nor rollgate.yml, nor rollgate.json) in ../examples: is this a \
             project directory?\n",
        ),
        (
            &[
                "diff",
                "../examples/project",
                "../examples/project",
                "--env",
                "qa",
            ],
            "rollgate: error: no environment \"qa\" in ../examples/project/rollgate.yaml; \
             environments: development, staging, production\n",
        ),
        (
            &["diff", "../examples/project", "../examples/flags.json"],
            "rollgate: error: ../examples/project is a project and ../examples/flags.json a \
             ruleset file: compare two projects (their environments pair up by name) or two \
             ruleset files\n",
        ),
        (
            &[
                "diff",
                "../examples/flags.json",
                "../examples/flags-next.json",
                "--env",
                "x",
            ],
            "rollgate: error: --env applies to project directories, and \
             ../examples/flags.json is a ruleset file\n",
        ),
        (
            &["diff", "../examples/project/flags", "../examples/project"],
            "rollgate: error: no rollgate.yaml (nor rollgate.yml, nor rollgate.json) in \
             ../examples/project/flags: is this a project directory?\n",
        ),
    ] {
        let run = rollgate(args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

// ---- diff of two directories ----

#[test]
fn two_projects_are_compared_environment_by_environment() {
    let root = scratch("diff-dirs");
    example_at(&root.join("old"));
    let new = example_at(&root.join("new"));
    edit(
        &new.join("environments/production.yaml"),
        "mobile: {percent: 10}",
        "mobile: {percent: 25}",
    );
    // An environment only the new side has.
    edit(
        &new.join("rollgate.yaml"),
        "  production:\n",
        "  preview:\n    extends: development\n  production:\n",
    );
    let run = rollgate_in(&root, &["diff", "old", "new", "--now", NOW, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["old"], "old");
    let summary: Vec<(String, String, Value)> = report["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
                e["revision"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "development".into(),
                "unchanged".into(),
                json!({"old": 2, "new": 2})
            ),
            (
                "staging".into(),
                "unchanged".into(),
                json!({"old": 2, "new": 2})
            ),
            (
                "production".into(),
                "changed".into(),
                json!({"old": 2, "new": 3})
            ),
            (
                "preview".into(),
                "added".into(),
                json!({"old": null, "new": 1})
            ),
        ]
    );
    let production = &report["environments"][2];
    assert_eq!(production["flags"][0]["flag"], "new-checkout");
    assert_eq!(production["flags"][0]["changes"][0]["kind"], "percent");

    // --env: only that environment, in text.
    let run = rollgate_in(
        &root,
        &["diff", "old", "new", "--now", NOW, "--env", "production"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(
            "old → new\nat 2026-12-04T00:00:00.000Z (no --contexts: effects as the definitions \
             tell them)\n\nenvironment \"production\": changed (revision 2 → 3)\n\nflags: 1 \
             changed, 10 unchanged\n~ new-checkout\n    - rule \"mobile\": 10% → 25%\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("staging"));
    // A name only one side declares is compared as added or removed, not refused.
    let run = rollgate_in(&root, &["diff", "old", "new", "--env", "preview", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["environments"][0]["status"], "added");
    // --exit-code as for files.
    let run = rollgate_in(&root, &["diff", "old", "old", "--exit-code"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn client_builds_leave_server_only_changes_out_of_the_diff() {
    let root = scratch("diff-client");
    example_at(&root.join("old"));
    let new = example_at(&root.join("new"));
    edit(
        &new.join("flags/payments.yaml"),
        "strict: {maxOrderEur: 500,",
        "strict: {maxOrderEur: 400,",
    );
    let full = rollgate_in(&root, &["diff", "old", "new", "--json"]);
    let client = rollgate_in(&root, &["diff", "old", "new", "--json", "--client"]);
    assert_eq!((full.code, client.code), (0, 0), "{}", client.stderr);
    let changed = |run: &Run| -> Vec<String> {
        json(run)["environments"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["flags"].as_array().unwrap().clone())
            .map(|f| f["flag"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(changed(&full), ["fraud-thresholds"; 3]);
    assert_eq!(changed(&client), Vec::<String>::new());
}

#[test]
fn an_invalid_project_is_refused_with_its_problems_located() {
    let root = scratch("diff-invalid");
    example_at(&root.join("old"));
    let new = example_at(&root.join("new"));
    edit(&new.join("flags/network.yaml"), "op: in,", "op: among,");
    let run = rollgate_in(&root, &["diff", "old", "new"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "rollgate: error: new: invalid project (1 problem)\n  new/flags/network.yaml:11:35: \
         flags.api-timeout-ms.rules[0].when.op: unknown operator \"among\" [unknown_operator]\n"
    );
}

// ---- diff --git of a project ----

fn git(dir: &Path, args: &[&str], date: &str) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A repository with the example project in `app/flags` at two commits (tags v1: mobile at
/// 10% in production, v2: at 25%), and a third version (30%) in the working tree.
fn repository(name: &str) -> PathBuf {
    let dir = scratch(name);
    git(&dir, &["init", "-q", "-b", "main"], "2026-11-01T00:00:00Z");
    let project = example_at(&dir.join("app/flags"));
    let overlay = project.join("environments/production.yaml");
    let mut percent = "10";
    for (tag, next, date) in [
        ("v1", "25", "2026-11-01T00:00:00Z"),
        ("v2", "30", "2026-11-15T00:00:00Z"),
    ] {
        git(&dir, &["add", "."], date);
        git(&dir, &["commit", "-q", "-m", tag], date);
        git(&dir, &["tag", tag], date);
        edit(
            &overlay,
            &format!("mobile: {{percent: {percent}}}"),
            &format!("mobile: {{percent: {next}}}"),
        );
        percent = next;
    }
    dir
}

/// The changes of production's new-checkout, as `A → B`.
fn production_percent(run: &Run) -> String {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(run);
    let production = report["environments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "production")
        .unwrap();
    let change = &production["flags"][0]["changes"][0];
    format!("{} → {}", change["old"], change["new"])
}

#[test]
fn a_project_is_compared_between_revisions_without_a_checkout() {
    let dir = repository("git");
    let run = rollgate_in(&dir, &["diff", "--git", "v1..v2", "app/flags", "--json"]);
    assert_eq!(production_percent(&run), "10 → 25");
    let report = json(&run);
    assert_eq!(
        (report["old"].as_str(), report["new"].as_str()),
        (Some("v1:app/flags"), Some("v2:app/flags"))
    );
    // A.. is A and HEAD, A alone A and the working tree, A...B from the merge base.
    let run = rollgate_in(&dir, &["diff", "--git", "v1..", "app/flags", "--json"]);
    assert_eq!(production_percent(&run), "10 → 25");
    let run = rollgate_in(&dir, &["diff", "--git", "v2", "app/flags", "--json"]);
    assert_eq!(production_percent(&run), "25 → 30");
    let run = rollgate_in(&dir, &["diff", "--git", "v1...v2", "app/flags", "--json"]);
    assert_eq!(production_percent(&run), "10 → 25");
    // From inside the project, PATH defaults to the current directory; from a sibling
    // directory, relative paths work as git's do; absolute paths too.
    let inside = dir.join("app/flags");
    let run = rollgate_in(&inside, &["diff", "--git", "v1..v2", "--json"]);
    assert_eq!(production_percent(&run), "10 → 25");
    assert_eq!(json(&run)["old"], "v1:.");
    std::fs::create_dir_all(dir.join("app/web")).unwrap();
    let run = rollgate_in(
        &dir.join("app/web"),
        &["diff", "--git", "v1..v2", "../flags", "--json"],
    );
    assert_eq!(production_percent(&run), "10 → 25");
    let run = rollgate_in(Path::new("/"), &["diff", "--git", "v1..v2", &s(&inside)]);
    assert_eq!(run.code, 2, "outside the repository: {}", run.stderr);
    let run = rollgate_in(&dir, &["diff", "--git", "v1..v2", &s(&inside), "--json"]);
    assert_eq!(production_percent(&run), "10 → 25");
    // --env and --client as for directories.
    let run = rollgate_in(
        &dir,
        &[
            "diff",
            "--git",
            "v1..v2",
            "app/flags",
            "--env",
            "staging",
            "--client",
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["environments"].as_array().unwrap().len(), 1);
    assert_eq!(report["environments"][0]["status"], "unchanged");
}

#[test]
fn a_problem_in_a_revision_is_located_there() {
    let dir = repository("git-invalid");
    edit(
        &dir.join("app/flags/flags/network.yaml"),
        "op: in,",
        "op: among,",
    );
    git(&dir, &["commit", "-qam", "v3"], "2026-11-20T00:00:00Z");
    let run = rollgate_in(&dir, &["diff", "--git", "v2..HEAD", "app/flags"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "rollgate: error: HEAD:app/flags: invalid project (1 problem)\n  \
         HEAD:app/flags/flags/network.yaml:11:35: flags.api-timeout-ms.rules[0].when.op: \
         unknown operator \"among\" [unknown_operator]\n"
    );
}

#[test]
fn revisions_and_paths_that_do_not_exist_are_named() {
    let dir = repository("git-errors");
    for (args, message) in [
        (
            &["diff", "--git", "v1..v9", "app/flags"][..],
            "rollgate: error: --git: no revision \"v9\" in this repository\n",
        ),
        (
            &["diff", "--git", "v0...v2", "app/flags"],
            "rollgate: error: --git: no revision \"v0\" in this repository\n",
        ),
        (
            &["diff", "--git", "v1..v2", "app/flagz"],
            "rollgate: error: --git: app/flagz is not in revision \"v1\" (path 'app/flagz' \
             does not exist in 'v1')\n",
        ),
        (
            &["diff", "--git", "v1..v2", "app"],
            "rollgate: error: no rollgate.yaml (nor rollgate.yml, nor rollgate.json) in v1:app: is this a \
             project directory?\n",
        ),
        (
            &["diff", "--git", "v1..v2", "app/flags", "--env", "prod"],
            "rollgate: error: no environment \"prod\" in v2:app/flags/rollgate.yaml; \
             environments: development, staging, production\n",
        ),
    ] {
        let run = rollgate_in(&dir, args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
}

// ---- lint ----

#[test]
fn lint_merges_the_findings_of_the_environments() {
    let run = rollgate(&["lint", "../examples/project", "--now", NOW, "--json"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let report = json(&run);
    assert_eq!(
        report["environments"],
        json!(["development", "staging", "production"])
    );
    let findings = report["findings"].as_array().unwrap();
    let summary: Vec<(String, String, Value)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
                f["environments"].clone(),
            )
        })
        .collect();
    let all = json!(["development", "staging", "production"]);
    assert_eq!(
        summary,
        [
            (
                "flags.search-v2".into(),
                "constant_flag".into(),
                json!(["development"])
            ),
            (
                "flags.winter-sale-banner".into(),
                "constant_flag".into(),
                all.clone()
            ),
            (
                "flags.winter-sale-banner.metadata.expires".into(),
                "expired".into(),
                all.clone()
            ),
            (
                "flags.api-timeout-ms.metadata".into(),
                "missing_metadata".into(),
                all
            ),
            (
                "flags.payments-v3".into(),
                "constant_flag".into(),
                json!(["production"])
            ),
            (
                "flags.support-widget".into(),
                "constant_flag".into(),
                json!(["development"])
            ),
        ]
    );
    assert_eq!(
        (
            &findings[3]["file"],
            &findings[3]["line"],
            &findings[3]["column"]
        ),
        (
            &json!("../examples/project/flags/network.yaml"),
            &json!(7),
            &json!(5)
        )
    );
    // --env: one environment, nothing to name.
    let run = rollgate(&[
        "lint",
        "../examples/project",
        "--now",
        NOW,
        "--env",
        "production",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "../examples/project/flags/payments.yaml:16:3: flags.payments-v3: warning: disabled: \
             serves \"off\" (false) to everybody [constant_flag]\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "../examples/project: 0 errors, 4 warnings (1 environment, 11 flags)\n"
    );
}

#[test]
fn lint_reads_the_project_files_section_and_config_overrides_it() {
    let root = scratch("lint-config");
    let dir = example_at(&root.join("p"));
    edit(
        &dir.join("rollgate.yaml"),
        "missing_metadata: {level: warn, keys: [owner]}",
        "missing_metadata: {level: error, keys: [owner, ticket]}",
    );
    let run = rollgate(&["lint", &s(&dir), "--now", NOW]);
    assert_eq!(run.code, 1, "a finding at level error");
    let missing: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("[missing_metadata]"))
        .collect();
    // Seven flags lack a ticket, and api-timeout-ms an owner too.
    assert_eq!(missing.len(), 8, "{}", run.stdout);
    assert!(missing.iter().all(|l| l.contains(": error: ")));
    // --config replaces the section.
    let config = root.join("quiet.yaml");
    std::fs::write(
        &config,
        "missing_metadata: off\nconstant_flag: off\nexpired: off\n",
    )
    .unwrap();
    let run = rollgate(&["lint", &s(&dir), "--now", NOW, "--config", &s(&config)]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    // A mistake in the section is the project's, located.
    edit(&dir.join("rollgate.yaml"), "expired: warn", "expired: eror");
    let run = rollgate(&["lint", &s(&dir)]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "rollgate: error: {0}: invalid project (1 problem)\n  {0}/rollgate.yaml:25:12: \
             lint.expired: unknown level \"eror\" (did you mean \"error\"?); levels: off, warn, \
             error [invalid_value]\n",
            dir.display()
        )
    );
}

#[test]
fn lint_git_dates_a_finding_from_when_all_its_environments_had_it() {
    let dir = scratch("lint-git");
    git(&dir, &["init", "-q", "-b", "main"], "2026-10-01T00:00:00Z");
    let project = example_at(&dir.join("flags"));
    git(&dir, &["add", "."], "2026-10-01T00:00:00Z");
    git(&dir, &["commit", "-qm", "one"], "2026-10-01T00:00:00Z");
    // payments-v3 is killed in production from the start; staging stops enabling it later.
    edit(
        &project.join("environments/staging.yaml"),
        "  payments-v3:\n    enabled: true\n",
        "",
    );
    git(&dir, &["commit", "-qam", "two"], "2026-11-20T00:00:00Z");
    let run = rollgate_in(&dir, &["lint", "flags", "--git", "--now", NOW, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    let killed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "flags.payments-v3")
        .unwrap();
    assert_eq!(killed["environments"], json!(["staging", "production"]));
    assert_eq!(killed["since"]["date"], "2026-11-20T00:00:00.000Z");
    assert_eq!(killed["since"]["days"], 14);
    // Production alone: since the first commit.
    let run = rollgate_in(
        &dir,
        &[
            "lint",
            "flags",
            "--git",
            "--now",
            NOW,
            "--env",
            "production",
        ],
    );
    assert!(
        run.stdout.contains(
            "flags/flags/payments.yaml:16:3: flags.payments-v3: warning: disabled: serves \
             \"off\" (false) to everybody (for 64 days, since 2026-10-01, commit "
        ),
        "{}",
        run.stdout
    );
    // Not tracked (under target/, which git ignores, or in no repository at all): a note,
    // and the findings without ages.
    let untracked = example_at(&scratch("lint-no-git").join("p"));
    let run = rollgate(&["lint", &s(&untracked), "--git", "--now", NOW]);
    assert_eq!(run.code, 0);
    let note = run.stderr.lines().next().unwrap();
    assert!(
        [" is not tracked by git", " is not in a git work tree"]
            .iter()
            .any(|why| note
                == format!(
                    "note: {}{why}: no ages for constant flags",
                    untracked.display()
                )),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(" days, since "), "{}", run.stdout);
}

// ---- help ----

#[test]
fn the_help_names_every_command() {
    let run = rollgate(&["--help"]);
    assert_eq!(run.code, 0);
    let first = run.stdout.lines().next().unwrap();
    for command in [
        "validate", "eval", "explain", "simulate", "build", "diff", "lint", "codegen",
    ] {
        assert!(first.contains(command), "{first}");
        assert!(
            run.stdout.contains(&format!("\n  {command} ")),
            "{command} is listed: {}",
            run.stdout
        );
    }
}
