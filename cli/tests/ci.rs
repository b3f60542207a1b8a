#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! examples/ci/: the GitHub Actions workflow runs exactly examples/ci/check.sh on the example
//! project and posts the Markdown file it writes; check.sh itself runs here, on a throwaway
//! repository holding examples/project as a pull request (examples/pull-request.sh, which
//! commits check.sh as ci/check.sh), with the `rollgate` under test: green on the example, and
//! failing at the step that should fail for an invalid project, a lint error and a stale lock.
//! The workflow installs the npm package's `rollgate`; here the native binary stands in for it
//! under the same name, running check.sh's command lines as they are (the npm command prints
//! what the native one prints: npm/test/cli.node.test.mjs).
#![cfg(unix)]

use rollgate_project::source::{parse, Format};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rollgate-ci-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: i32,
    /// Stdout and stderr.
    output: String,
    /// What check.sh wrote.
    diff: Option<String>,
    /// The rulesets build wrote.
    built: Vec<String>,
}

/// Runs `setup` (shell, may be empty) then check.sh on the pull request's feature-flags/, in
/// the repository of examples/pull-request.sh.
fn check(name: &str, setup: &str) -> Run {
    let dir = scratch(name);
    let bin = Path::new(env!("CARGO_BIN_EXE_rollgate")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let command = format!("{setup}\nsh ci/check.sh feature-flags");
    let output = Command::new("sh")
        .arg(repo_root().join("examples/pull-request.sh"))
        .args(["sh", "-c", &command])
        .env("PATH", path)
        .env("ROLLGATE_DIFF", dir.join("diff.md"))
        .env("ROLLGATE_OUT", dir.join("dist"))
        .env_remove("ROLLGATE_BASE")
        .env_remove("ROLLGATE_NOW")
        .output()
        .unwrap();
    let mut built: Vec<String> = std::fs::read_dir(dir.join("dist"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    built.sort();
    Run {
        code: output.status.code().unwrap(),
        output: String::from_utf8(output.stdout).unwrap()
            + &String::from_utf8(output.stderr).unwrap(),
        diff: std::fs::read_to_string(dir.join("diff.md")).ok(),
        built,
    }
}

#[test]
fn the_example_pull_request_passes_and_its_diff_is_written() {
    let run = check("green", "");
    assert_eq!(run.code, 0, "{}", run.output);
    let diff = run.diff.unwrap();
    assert!(diff.starts_with("### Rollgate diff\n"), "{diff}");
    for environment in ["development", "staging", "production"] {
        assert!(
            diff.contains(&format!("### Environment `{environment}`: changed")),
            "{diff}"
        );
    }
    assert!(diff.contains("| `api-timeout-ms` | added |"), "{diff}");
    assert!(diff.contains("- rule `mobile`: 5% → 10%"), "{diff}");
    assert!(
        diff.contains("- `dark-mode`: rule `everyone`: 60% → 50%"),
        "the warning: {diff}"
    );
    assert_eq!(
        run.built,
        ["development.json", "production.json", "staging.json"]
    );
    // Each step said its part: validate, lint (warnings only), build.
    assert!(
        run.output
            .contains("feature-flags: valid, 3 environments\n"),
        "{}",
        run.output
    );
    assert!(
        run.output.contains(" [missing_metadata]\n"),
        "{}",
        run.output
    );
    assert!(
        run.output
            .contains("production   revision 2  unchanged  11 flags"),
        "{}",
        run.output
    );
}

#[test]
fn an_invalid_project_stops_at_validate() {
    let run = check(
        "invalid",
        "sed -i 's/op: in, values: \\[BR/op: among, values: [BR/' feature-flags/flags/network.yaml",
    );
    assert_eq!(run.code, 1, "{}", run.output);
    assert!(
        run.output.contains(
            "feature-flags/flags/network.yaml:11:35: flags.api-timeout-ms.rules[0].when.op: \
             unknown operator \"among\""
        ),
        "{}",
        run.output
    );
    assert!(run.diff.is_none(), "no diff after validate failed");
    assert!(run.built.is_empty());
}

#[test]
fn a_lint_error_fails_after_the_diff_is_written() {
    let run = check(
        "lint",
        "sed -i 's/missing_metadata: {level: warn/missing_metadata: {level: error/' \
         feature-flags/rollgate.yaml",
    );
    assert_eq!(run.code, 1, "{}", run.output);
    assert!(
        run.output.contains(
            "feature-flags/flags/network.yaml:7:5: flags.api-timeout-ms.metadata: error: \
             metadata \"owner\" is required [missing_metadata]"
        ),
        "{}",
        run.output
    );
    assert!(run.diff.unwrap().starts_with("### Rollgate diff\n"));
    assert!(run.built.is_empty(), "build does not run");
}

#[test]
fn a_lock_not_committed_with_the_change_fails_the_build() {
    let run = check(
        "stale-lock",
        "sed -i 's/mobile: {percent: 10}/mobile: {percent: 20}/' \
         feature-flags/environments/production.yaml",
    );
    assert_eq!(run.code, 1, "{}", run.output);
    assert!(
        run.output.contains(
            "is out of date for environment \"production\": its output changed; run `rollgate \
             build` without --locked and commit rollgate.lock [lock_out_of_date]"
        ),
        "{}",
        run.output
    );
    assert!(run.built.is_empty(), "nothing written");
}

/// The workflow's YAML, read as the JSON model.
fn workflow() -> Value {
    let text = std::fs::read_to_string(repo_root().join("examples/ci/rollgate.yml")).unwrap();
    parse(&text, Format::Yaml, "rollgate.yml").unwrap().value
}

#[test]
fn the_workflow_runs_exactly_the_check_script_and_posts_its_file() {
    let workflow = workflow();
    assert_eq!(
        workflow["on"]["pull_request"]["paths"],
        serde_json::json!(["examples/project/**"])
    );
    assert_eq!(workflow["permissions"]["pull-requests"], "write");
    let jobs = workflow["jobs"].as_object().unwrap();
    assert_eq!(jobs.len(), 1);
    let job = jobs.values().next().unwrap();
    let steps = job["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    // Three commands: install rollgate, the script on the example project, the comment. No
    // other step runs a check of its own.
    assert_eq!(runs.len(), 3, "{runs:?}");
    // rollgate comes from npm, at the package's version, so that a repository other than
    // this one can run the workflow: no Rust toolchain, no sources of Rollgate.
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("npm/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["bin"]["rollgate"], "./cli/rollgate.mjs");
    assert_eq!(
        runs[0],
        format!(
            "npm install --global rollgate@{}",
            package["version"].as_str().unwrap()
        )
    );
    let guide = std::fs::read_to_string(repo_root().join("docs/workflow.md")).unwrap();
    assert!(
        guide.contains(&format!("(`{}`", runs[0])),
        "docs/workflow.md quotes the install command"
    );
    assert!(
        !runs
            .iter()
            .any(|r| r.contains("cargo ") || r.contains("--path")),
        "{runs:?}"
    );
    // Node is set up before the install, at a major version the package supports.
    let uses: Vec<&str> = steps
        .iter()
        .map(|s| s["uses"].as_str().unwrap_or(""))
        .collect();
    let node = uses
        .iter()
        .position(|u| u.starts_with("actions/setup-node@"))
        .expect("a setup-node step");
    let install = steps
        .iter()
        .position(|s| s["run"].as_str() == Some(runs[0]))
        .unwrap();
    assert!(node < install, "{uses:?}");
    let major = steps[node]["with"]["node-version"].as_u64().unwrap();
    let engines = package["engines"]["node"].as_str().unwrap();
    assert!(
        engines.split("||").any(|range| range
            .trim()
            .trim_start_matches(">=")
            .trim_start_matches('^')
            .starts_with(&format!("{major}."))),
        "node {major} is not in the package's engines, {engines}"
    );
    assert_eq!(runs[1], "sh examples/ci/check.sh examples/project");
    assert!(runs[2].starts_with("gh pr comment "), "{runs:?}");
    // The checkout has the base branch's history, for diff --git.
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .unwrap();
    assert_eq!(checkout["with"]["fetch-depth"], 0);
    // The comment is the file the script writes, posted even when a check failed.
    let diff_file = job["env"]["ROLLGATE_DIFF"].as_str().unwrap();
    let post = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("gh pr comment"))
        })
        .unwrap();
    let command = post["run"].as_str().unwrap();
    assert!(
        command.contains(&format!("--body-file {diff_file} ")),
        "{command}"
    );
    assert!(
        command.contains("--edit-last --create-if-none"),
        "{command}"
    );
    let condition = post["if"].as_str().unwrap();
    assert!(condition.contains("!cancelled()"), "{condition}");
    assert!(
        condition.contains(&format!("hashFiles('{diff_file}')")),
        "{condition}"
    );
    assert_eq!(post["env"]["GH_TOKEN"], "${{ github.token }}");
    // The base is the branch the pull request goes into.
    assert_eq!(job["env"]["ROLLGATE_BASE"], "origin/${{ github.base_ref }}");
}

#[test]
fn the_script_reads_what_the_workflow_sets() {
    let script = std::fs::read_to_string(repo_root().join("examples/ci/check.sh")).unwrap();
    let job = workflow()["jobs"]["check"].clone();
    for (name, _) in job["env"].as_object().unwrap() {
        assert!(
            script.contains(&format!("${{{name}:-")),
            "check.sh does not read {name}"
        );
    }
    let commands: Vec<&str> = script
        .lines()
        .filter(|line| line.starts_with("rollgate "))
        .collect();
    assert_eq!(
        commands,
        [
            "rollgate validate \"$project\"",
            "rollgate diff --git \"$base...HEAD\" \"$project\" --markdown ${now:+--now \"$now\"} \
             > \"$diff_file\"",
            "rollgate lint \"$project\" ${now:+--now \"$now\"}",
            "rollgate build \"$project\" --locked --out \"$out\"",
        ]
    );
}
