//! Every `rollgate` command the README shows runs, from the repository root, and succeeds:
//! the lines of its ```sh blocks that start with `rollgate`, and the quick start's
//! `cargo run -q -p rollgate-cli -- ARGS`. What each prints is tested by `cli.rs`, and
//! examples/README.md shows it. Every other factual claim of the README is listed in
//! [`CLAIMS`] with the tests that check it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The README's command lines (continuations joined) that run the CLI, as `rollgate ARGS`.
fn readme_commands(readme: &str) -> Vec<String> {
    let mut commands = Vec::new();
    for block in readme.split("```sh\n").skip(1) {
        let body = block.split("```").next().unwrap_or("");
        for line in body.replace("\\\n", " ").lines() {
            let line = line.trim();
            if let Some((_, args)) = line.split_once("cargo run -q -p rollgate-cli -- ") {
                commands.push(format!("rollgate {args}"));
            } else if line.starts_with("rollgate ") {
                commands.push(line.to_string());
            }
        }
    }
    commands
}

#[test]
fn every_readme_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = readme_commands(&readme);
    assert!(
        commands.len() >= 5,
        "expected the README's CLI commands, found {commands:?}"
    );

    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_rollgate"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in commands {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .env("PATH", &path)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README command failed ({}): {command}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty(),
            "README command printed nothing: {command}"
        );
    }
}

/// The README's factual claims that are not one of its commands or snippets (those run: above,
/// `core/tests/readme.rs`, `npm/test/root-readme.node.test.mjs`), each with the tests that
/// check it. A test is `path::name`: a Rust `#[test] fn`, a Python `def`, a Kotlin `fun`, or a
/// JavaScript `test("…")` whose name starts so; or a path alone, a test file or corpus that
/// checks the claim as a whole. A claim edited in the README without its entry here fails.
const CLAIMS: &[(&str, &[&str])] = &[
    (
        "`\"appVersion\": \"<2.3.0 || 2.5.1\"` uses npm's range syntax, prereleases included",
        &[
            "tests/semver/differential.mjs",
            "core/src/version/range/mod.rs::desugars_ranges_like_npm",
        ],
    ),
    (
        "Percentage rollouts are deterministic, in steps of 0.001%, and keep the same users in \
         as the percentage grows",
        &[
            "core/src/bucketing.rs::published_vectors",
            "core/tests/properties.rs::rollouts_are_monotonic",
            "core/tests/properties.rs::nested_splits_do_not_reshuffle_when_a_rollout_grows",
            "tests/conformance/rollouts.json",
        ],
    ),
    (
        "evaluates flags in-process: no network call per flag.",
        &[
            "npm/test/client.node.test.mjs::bootstrap only: flags with no network",
            "npm/test/client.node.test.mjs::close() aborts a request in flight: no error, no \
             update, lookups still answer",
        ],
    ),
    (
        "A ruleset that is invalid, or older than the one being served, never replaces it: the \
         client keeps its last known good ruleset, on the web in `localStorage` and on mobile \
         in a file.",
        &[
            "core/tests/engine.rs::update_keeps_last_good_and_refuses_rollback",
            "npm/test/client.node.test.mjs::malformed JSON and an invalid ruleset are refused",
            "npm/test/client.node.test.mjs::a rollback to an older revision is refused",
            "npm/test/client.node.test.mjs::persisted last good ruleset: offline start",
            "tests/mobile/python/persistence.py::persists_and_restores",
            "tests/mobile/kotlin/Persistence.kt",
        ],
    ),
    (
        "One conformance corpus ([tests/conformance](tests/conformance)) runs unchanged in Rust, \
         Node, Chromium, JavaScriptCore (the engine of Safari and iOS WebViews), workerd \
         (Cloudflare Workers), Python and Kotlin.",
        &[
            "core/tests/conformance.rs::conformance_corpus",
            "npm/test/conformance.node.test.mjs",
            "npm/test/conformance.chromium.test.mjs::the whole corpus passes in Chromium",
            "npm/test/javascriptcore.test.mjs::rollgate/slim runs the whole corpus in \
             JavaScriptCore",
            "npm/test/workerd.test.mjs::rollgate/slim runs the whole corpus inside workerd",
            "tests/mobile/python/conformance.py",
            "tests/mobile/kotlin/Conformance.kt",
        ],
    ),
    (
        "Every result says why (reason and rule), and `explain` traces every rule, check and \
         bucket.",
        &[
            "core/tests/engine.rs::explain_names_rules_and_compared_values",
            "core/tests/explain_text.rs::the_text_is_unchanged_byte_for_byte",
            "core/tests/conformance.rs::conformance_corpus",
        ],
    ),
    (
        "`rollgate build` turns it into one plain ruleset per environment",
        &["cli/tests/build.rs::the_example_builds_one_plain_ruleset_per_environment"],
    ),
    (
        "`rollgate validate` builds every environment in memory and lists every problem with \
         its file, line and column",
        &[
            "cli/tests/project_commands.rs::validate_builds_every_environment_and_writes_nothing",
            "cli/tests/project_commands.rs::validate_lists_every_problem_of_a_project",
            "cli/tests/cli.rs::validate_suggests_the_operator_an_unknown_one_extends",
        ],
    ),
    (
        "`rollgate lint` finds flag debt: expired flags, flags that serve one value to \
         everybody, missing owners",
        &[
            "cli/tests/lint.rs::expires_dates_are_judged_at_now",
            "cli/tests/lint.rs::flags_that_serve_one_value_are_reported_with_why",
            "cli/tests/lint.rs::required_metadata_is_reported_at_the_deepest_node_that_exists",
        ],
    ),
    (
        "`rollgate codegen` writes typed accessors for TypeScript, Kotlin and Swift, so a \
         renamed flag breaks the build instead of the app",
        &[
            "cli/tests/codegen.rs::edge_cases_match_their_golden_files",
            "npm/test/codegen.node.test.mjs::each mistake fails with its error, and nothing else \
             does",
            "tests/mobile/kotlin/Codegen.kt",
            "tests/mobile/swift_codegen.py",
        ],
    ),
    (
        "(one line per flag: value, variant, reason and rule)",
        &[
            "cli/tests/cli.rs::eval_all_gives_every_flag",
            "cli/tests/cli.rs::eval_single_flag_covers_each_scenario",
        ],
    ),
    (
        "`rollgate diff` says what a change does to users: rules, percentages and variants that \
         change, and with `--contexts` how many sample users get another value.",
        &[
            "cli/tests/diff.rs::the_example_change_is_described_change_by_change",
            "cli/tests/diff.rs::impact_counts_match_the_core_user_by_user",
        ],
    ),
    (
        "`rollgate diff --git main...HEAD PROJECT --markdown` compares the branch with `main` \
         without a checkout, for a comment on the pull request",
        &[
            "cli/tests/project_commands.rs::a_project_is_compared_between_revisions_without_a_checkout",
            "cli/tests/diff.rs::markdown_has_headings_tables_and_code_spans",
        ],
    ),
    (
        "[examples/ci/](examples/ci) is a complete check (validate, diff, lint, `build \
         --locked`) with a GitHub Actions workflow",
        &[
            "cli/tests/ci.rs::the_example_pull_request_passes_and_its_diff_is_written",
            "cli/tests/ci.rs::an_invalid_project_stops_at_validate",
            "cli/tests/ci.rs::a_lint_error_fails_after_the_diff_is_written",
            "cli/tests/ci.rs::a_lock_not_committed_with_the_change_fails_the_build",
            "cli/tests/ci.rs::the_workflow_runs_exactly_the_check_script_and_posts_its_file",
        ],
    ),
    (
        "each with its next revision from `rollgate.lock` (`--locked` in CI fails instead of \
         changing it; `--client` leaves out server-only flags and private metadata)",
        &[
            "cli/tests/build.rs::every_change_gets_a_higher_revision_and_no_change_keeps_it",
            "cli/tests/build.rs::locked_refuses_a_change_and_writes_nothing",
            "cli/tests/build.rs::client_builds_leave_out_server_only_flags_and_private_data",
        ],
    ),
    (
        "Clients refuse a ruleset whose revision is lower than the one they serve",
        &[
            "core/tests/engine.rs::update_keeps_last_good_and_refuses_rollback",
            "npm/test/client.node.test.mjs::a rollback to an older revision is refused",
        ],
    ),
    (
        "The web client fetches the ruleset with `If-None-Match`, keeps the last good one for \
         offline starts, and answers lookups from memory",
        &[
            "npm/test/client.node.test.mjs::fetch with ETag, then 304 keeps what it has",
            "npm/test/client.node.test.mjs::persisted last good ruleset: offline start",
            "npm/test/client.node.test.mjs::close() aborts a request in flight",
        ],
    ),
    (
        "Vite and webpack emit the `.wasm` as an asset; both are tested.",
        &[
            "npm/test/vite.chromium.test.mjs::a Vite build of an app importing rollgate runs in \
             Chromium",
            "npm/test/webpack.chromium.test.mjs::a webpack 5 build of an app importing rollgate \
             runs in Chromium",
        ],
    ),
    (
        "`npx rollgate` is the CLI, from the same package.",
        &["npm/test/cli.node.test.mjs::installed from the packed tarball, `npx rollgate` runs \
           in an app"],
    ),
    (
        "The `.wasm` and the whole conformance corpus are tested in JavaScriptCore, the engine \
         of iOS's WKWebView, and in Chromium",
        &[
            "npm/test/javascriptcore.test.mjs::rollgate/slim runs the whole corpus in \
             JavaScriptCore",
            "npm/test/conformance.chromium.test.mjs::the whole corpus passes in Chromium",
        ],
    ),
    (
        "`rollgate/capacitor` reads that version and keeps the last good ruleset in \
         Capacitor's Preferences",
        &[
            "npm/test/capacitor.node.test.mjs::capacitorContext: the native version and device",
            "npm/test/capacitor.node.test.mjs::preferencesStorage: the client persists through \
             async Preferences",
            "npm/test/capacitor.chromium.test.mjs::iOS app 2.4.0: native context, ruleset kept \
             in Preferences",
        ],
    ),
    (
        "The Kotlin API is compiled and tested on the JVM",
        &["tests/mobile/kotlin/Main.kt"],
    ),
    (
        "The Swift package works as a path dependency on a checkout, once \
         `scripts/build-xcframework.sh` has built its XCFramework on a Mac; a URL (versioned) \
         dependency needs a release with a hosted XCFramework zip and its checksum, and none is \
         published yet.",
        &["tests/mobile/swift_package.py::check_readmes_say_what_dependency_works"],
    ),
];

/// `text` with every run of whitespace made one space, so that a claim may wrap anywhere.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `reference` (`path` or `path::name`, see [`CLAIMS`]) names a test that exists.
fn test_exists(root: &Path, reference: &str) -> bool {
    let (path, name) = match reference.split_once("::") {
        Some((path, name)) => (path, Some(flat(name))),
        None => (reference, None),
    };
    let Ok(text) = std::fs::read_to_string(root.join(path)) else {
        return false;
    };
    let Some(name) = name else {
        return true;
    };
    match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("rs") => text.match_indices(&format!("fn {name}(")).any(|(at, _)| {
            // `#[test]` on one of the lines just above (`#[cfg(unix)]` may sit between).
            let above: Vec<&str> = text[..at].lines().rev().take(3).collect();
            above.iter().any(|line| line.trim() == "#[test]")
        }),
        Some("py") => text.contains(&format!("def {name}(")),
        Some("kt") => text.contains(&format!("fun {name}(")),
        Some("mjs") => flat(&text).contains(&format!("test(\"{name}")),
        _ => false,
    }
}

#[test]
fn every_claim_of_the_readme_names_a_test_that_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = flat(&std::fs::read_to_string(root.join("README.md")).unwrap());
    for (claim, tests) in CLAIMS {
        assert!(
            readme.contains(&flat(claim)),
            "README.md no longer says: {claim}"
        );
        assert!(!tests.is_empty(), "no test for: {claim}");
        for test in *tests {
            assert!(test_exists(&root, test), "no test {test} (for: {claim})");
        }
    }
    assert!(!test_exists(&root, "cli/tests/readme.rs::no_such_test"));
    assert!(
        !test_exists(&root, "cli/tests/readme.rs::flat"),
        "not a #[test]"
    );
}
