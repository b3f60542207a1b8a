#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Every `rollgate` command the README shows runs, from the repository root, and succeeds:
//! the lines of its ```sh blocks that start with `rollgate`, and the quick start's
//! `cargo run -q -p rollgate-cli -- ARGS`. What each prints is tested by `cli.rs`, and
//! examples/README.md shows it. Every other factual claim of the README is listed in
//! [`CLAIMS`] with the tests that check it, and those of mobile/README.md in
//! [`MOBILE_CLAIMS`].

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
/// check it. A test is `path::name`: a Rust `#[test] fn`, a Python `def`, a Kotlin `fun` or
/// harness test (`results.run("…")`) or a JavaScript `test("…")` whose name starts so; or a path alone, a test file or corpus that
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

/// mobile/README.md's factual claims that are not a snippet (its Kotlin blocks compile and run
/// in `tests/mobile/kotlin/ReadmeSnippets.kt`; its Swift is read by
/// `tests/mobile/swift_package.py`), each with the tests that check it, as in [`CLAIMS`].
const MOBILE_CLAIMS: &[(&str, &[&str])] = &[
    (
        "A flag evaluated in the app gives the same answer as in the browser and the CLI: the \
         same core runs the same conformance corpus (`tests/conformance/`) on every platform.",
        &[
            "core/tests/conformance.rs::conformance_corpus",
            "tests/mobile/python/conformance.py",
            "tests/mobile/kotlin/Conformance.kt",
        ],
    ),
    (
        "`FlagEngine`: thread-safe",
        &["tests/mobile/kotlin/Concurrency.kt::concurrency: "],
    ),
    (
        "created from a ruleset (JSON text or bytes), or opened on a persisted last-known-good \
         file",
        &[
            "tests/mobile/kotlin/BadInput.kt::bad input: invalid UTF-8 bytes",
            "tests/mobile/kotlin/Persistence.kt::persistence: persists and restores",
            "tests/mobile/python/persistence.py::persists_and_restores",
        ],
    ),
    (
        "Getters never throw: any error gives your default.",
        &[
            "tests/mobile/kotlin/BadInput.kt::bad input: unknown flag",
            "tests/mobile/kotlin/BadInput.kt::bad input: wrong types",
            "tests/mobile/python/bad_input.py::wrong_types",
        ],
    ),
    (
        "`update` throws `InvalidRuleset` (its message lists every problem with its path) or \
         `StaleRevision`, and keeps serving the last good ruleset.",
        &[
            "tests/mobile/kotlin/BadInput.kt::bad input: invalid ruleset lists every problem",
            "tests/mobile/kotlin/BadInput.kt::bad input: failed updates keep the last good ruleset",
            "tests/mobile/python/bad_input.py::failed_updates_keep_the_last_good_ruleset",
        ],
    ),
    (
        "Error messages are the core's, as the CLI words them (`refused revision 41: older than \
         the current revision 42`): Kotlin `e.message`, Swift `localizedDescription`.",
        &[
            "tests/mobile/kotlin/BadInput.kt::bad input: failed updates keep the last good ruleset",
            "tests/mobile/swift_package.py::check_error_messages",
        ],
    ),
    (
        "No panic can cross into the app (every call is guarded).",
        &[
            "mobile/src/guard.rs::a_panic_becomes_an_internal_error",
            "mobile/src/guard.rs::a_panic_in_a_getter_gives_the_fallback",
        ],
    ),
    (
        "A rule such as `{\"attr\": \"appVersion\", \"op\": \"semver\", \"range\": \"<2.3.0\"}` in \
         `new-checkout` now keeps old app versions on the old checkout: `AndroidAppInfo` fills \
         `appVersion` from your `versionName`.",
        &[
            "tests/mobile/kotlin/ReadmeSnippets.kt::README: Flags starts from the bundled \
             examples/flags.json and gates on the app version",
            "tests/mobile/kotlin/Wrapper.kt::wrapper: AppInfo fills the documented attributes and \
             gates on app version",
        ],
    ),
    (
        "Every Kotlin block of this page is compiled by `scripts/test-mobile.sh` against the \
         generated bindings",
        &["tests/mobile/kotlin/ReadmeSnippets.kt::README: its Kotlin blocks compiled"],
    ),
    (
        "the quick start runs on the JVM against `examples/flags.json`.",
        &["tests/mobile/kotlin/ReadmeSnippets.kt::README: Flags starts from the bundled \
           examples/flags.json"],
    ),
    (
        "Swift is not compiled in CI",
        &["tests/mobile/swift_package.py::check_readme_says_swift_is_not_compiled"],
    ),
    (
        "A URL (versioned) dependency does not work yet: no release is published.",
        &["tests/mobile/swift_package.py::check_readmes_say_what_dependency_works"],
    ),
    (
        "The engine estimates the offset of the server's clock by the rule the npm client uses",
        &[
            "mobile/tests/clock.rs::observe_server_clock_follows_the_shared_table",
            "tests/mobile/python/clock.py",
            "tests/mobile/kotlin/Clock.kt::clock: 5,000 Date headers written by java.time",
        ],
    ),
    (
        "From then on every evaluation without `now`, and `nextChangeAfter()`, runs on the \
         server's time",
        &[
            "mobile/tests/clock.rs::a_device_days_behind_serves_a_ramp_step_the_server_has_passed",
            "tests/mobile/kotlin/Clock.kt::clock: a device two days behind serves the ramp step \
             the server has passed",
            "tests/mobile/kotlin/Clock.kt::clock: a device three hours ahead does not start a \
             step early",
            "tests/mobile/kotlin/ReadmeSnippets.kt::README: delayToNextStep waits on the server's \
             clock",
        ],
    ),
    (
        "An explicit `now` is never corrected.",
        &[
            "mobile/tests/clock.rs::a_device_days_behind_serves_a_ramp_step_the_server_has_passed",
            "tests/mobile/kotlin/Clock.kt::clock: a device two days behind",
        ],
    ),
    (
        "An overridden flag evaluates to that variant with reason `OVERRIDE`, and the flags that \
         have it as a prerequisite see it",
        &["tests/mobile/kotlin/Overrides.kt::overrides: the forced variant has reason OVERRIDE, \
           and dependent flags see it"],
    ),
    (
        "An unknown flag or variant throws `InvalidOverride`",
        &["tests/mobile/kotlin/Overrides.kt::overrides: an unknown flag or variant throws \
           InvalidOverride naming it; nothing changes"],
    ),
    (
        "An update keeps every override whose flag and variant the new ruleset still has, and \
         reports the others in `UpdateResult.droppedOverrides`",
        &["tests/mobile/kotlin/Overrides.kt::overrides: an update keeps what it can and reports \
           the dropped ones"],
    ),
    (
        "`FakeFlagEngine` has the same methods; its variants are named after its values",
        &["tests/mobile/kotlin/Overrides.kt::overrides: the FakeFlagEngine forces variants named \
           after its values"],
    ),
    (
        "an engine opened with `persistOverrides = true` writes them at every change to a file \
         next to the ruleset",
        &[
            "mobile/tests/overrides.rs::overrides_come_back_after_a_restart",
            "mobile/tests/overrides.rs::the_restored_ruleset_drops_what_it_cannot_take_and_the_file_follows",
            "tests/mobile/kotlin/Overrides.kt::overrides: persisted when the app asks",
        ],
    ),
    (
        "Those are removed from the file and listed by `droppedOverridesAtOpen()` (`flag`, \
         `variant`, `reason`, as in `UpdateResult.droppedOverrides`), so a QA screen can tell the \
         tester which forced variants no longer apply; the list is empty when nothing was dropped.",
        &[
            "mobile/tests/overrides.rs::the_restored_ruleset_drops_what_it_cannot_take_and_the_file_follows",
            "mobile/tests/overrides.rs::without_the_option_nothing_is_read_or_written",
            "tests/mobile/kotlin/Overrides.kt::overrides: persisted when the app asks, back after a \
             restart, minus what the ruleset lost, reported at open",
            "tests/mobile/kotlin/ReadmeSnippets.kt::README: openEngine keeps overrides across \
             restarts in QA builds only, and logs those dropped",
        ],
    ),
    (
        "A file that cannot be read or parsed is ignored, never fatal, and `overridesError()` \
         says why (it also reports a failed write; the override still applies). Without \
         `persistOverrides` the file is neither read nor written.",
        &[
            "mobile/tests/overrides.rs::a_corrupt_file_is_ignored_and_reported_then_replaced",
            "mobile/tests/overrides.rs::a_failed_write_is_reported_and_the_override_still_applies",
            "mobile/tests/overrides.rs::without_the_option_nothing_is_read_or_written",
        ],
    ),
    (
        "`rollgate codegen` turns a ruleset into a `RollgateFlags` class (Kotlin) or struct \
         (Swift) with one typed property per flag, plus an enum per string flag",
        &[
            "cli/tests/codegen.rs::edge_cases_match_their_golden_files",
            "tests/mobile/kotlin/Codegen.kt::codegen: typed values for known contexts",
            "tests/mobile/swift_codegen.py",
        ],
    ),
    (
        "It is a thin layer over the engine *interface* (`FlagEngineInterface`, \
         `FlagEngineProtocol`), so a test double can stand in.",
        &["tests/mobile/kotlin/FakeEngine.kt::fake: stands in for the engine under the generated \
           accessors"],
    ),
    (
        "synchronous, no ruleset, no native library (so it runs in plain JVM unit tests), values \
         changeable by the test, and the listener set with `setListener` hears every change.",
        &[
            "tests/mobile/kotlin/FakeEngine.kt::fake: the fake and the generated accessors need no \
             native library",
            "tests/mobile/kotlin/FakeEngine.kt::fake: setting a value notifies the listener with \
             the changed keys, once",
        ],
    ),
    (
        "Reads follow the engine's rules: a flag that is not set, or read as another type, gives \
         the caller's default.",
        &["tests/mobile/kotlin/FakeEngine.kt::fake: reads and evaluations follow the engine's \
           rules"],
    ),
    (
        "`update` records the ruleset it is given (`updates`) without applying it, or throws \
         `updateFailure` when the test sets one.",
        &["tests/mobile/kotlin/FakeEngine.kt::fake: update records the ruleset, or throws the \
           failure set by the test"],
    ),
    (
        "The Kotlin block is compiled and run in the JVM tests",
        &["tests/mobile/kotlin/FakeEngine.kt::fake: the README's test of a checkout title runs"],
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
        // The mobile harnesses name their tests: `results.run("persistence: ...") { ... }`.
        Some("py") => text.contains(&format!("def {name}(")),
        Some("kt") => {
            text.contains(&format!("fun {name}("))
                || text.contains(&format!("results.run(\"{name}"))
        }
        Some("mjs") => flat(&text).contains(&format!("test(\"{name}")),
        _ => false,
    }
}

/// Fails unless every claim is still in `doc` (a path from the repository root) and every
/// test it names exists.
fn check_claims(doc: &str, claims: &[(&str, &[&str])]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = flat(&std::fs::read_to_string(root.join(doc)).unwrap());
    for (claim, tests) in claims {
        assert!(text.contains(&flat(claim)), "{doc} no longer says: {claim}");
        assert!(!tests.is_empty(), "no test for: {claim}");
        for test in *tests {
            assert!(test_exists(&root, test), "no test {test} (for: {claim})");
        }
    }
}

#[test]
fn every_claim_of_the_readme_names_a_test_that_exists() {
    check_claims("README.md", CLAIMS);
}

#[test]
fn every_claim_of_the_mobile_readme_names_a_test_that_exists() {
    check_claims("mobile/README.md", MOBILE_CLAIMS);
}

#[test]
fn a_test_reference_names_a_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    assert!(test_exists(
        &root,
        "cli/tests/readme.rs::a_test_reference_names_a_test"
    ));
    assert!(!test_exists(&root, "cli/tests/readme.rs::no_such_test"));
    assert!(
        !test_exists(&root, "cli/tests/readme.rs::flat"),
        "not a #[test]"
    );
    assert!(!test_exists(&root, "no/such/file.rs"));
    assert!(test_exists(
        &root,
        "tests/mobile/kotlin/Persistence.kt::persistence: persists"
    ));
    assert!(!test_exists(
        &root,
        "tests/mobile/kotlin/Persistence.kt::persistence: none"
    ));
}
