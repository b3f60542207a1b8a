#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! End-to-end tests of `rollgate build`: real projects in, rulesets, lock and problems out.

mod common;

use common::{copy_dir, rollgate, Run};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/project");

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("rollgate-build-tests", name)
}

/// A copy of examples/project in a scratch directory.
fn example_copy(name: &str) -> PathBuf {
    let dir = scratch(name).join("project");
    copy_dir(Path::new(EXAMPLE), &dir);
    dir
}

/// Writes `files` (path, text) under a fresh scratch directory and returns it.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn build(dir: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    rollgate(&args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The rollout percent of rule `rule` of flag `flag`.
fn percent(ruleset: &Value, flag: &str, rule: &str) -> Value {
    ruleset["flags"][flag]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule)
        .unwrap()["rollout"]["percent"]
        .clone()
}

const MINIMAL: &str = "schema: 1\nsources: flags.yaml\nenvironments:\n  development: {}\n  production:\n    overlay: production.yaml\n";
const FLAGS: &str = "flags:
  a:
    type: boolean
    variants: {on: true, off: false}
    default: 'off'
    rules:
      - id: r
        rollout: {percent: 10, serve: 'on'}
";

// ---- the example ----

#[test]
fn the_example_builds_one_plain_ruleset_per_environment() {
    let out = scratch("example-out");
    let run = build(Path::new(EXAMPLE), &out, &["--locked"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["development.json", "production.json", "staging.json"]
    );
    let dev = json_file(&out.join("development.json"));
    let staging = json_file(&out.join("staging.json"));
    let prod = json_file(&out.join("production.json"));
    for ruleset in [&dev, &staging, &prod] {
        // Plain rulesets: the core loads them, and nothing speaks of environments.
        rollgate::Ruleset::from_value(ruleset).unwrap();
        let keys: Vec<&String> = ruleset.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["flags", "revision", "schema", "segments"]);
        assert!(!read(&out.join("production.json")).contains("serverOnly"));
    }
    // Overlays: development turns features on, production and staging (which extends it)
    // set their own percentages; the sources' 0% is what production overrides.
    assert_eq!(dev["flags"]["new-checkout"]["default"], "on");
    assert_eq!(percent(&dev, "new-checkout", "mobile"), json!(0));
    assert_eq!(percent(&prod, "new-checkout", "mobile"), json!(10));
    assert_eq!(percent(&staging, "new-checkout", "mobile"), json!(50));
    assert_eq!(percent(&dev, "search-v2", "ramp"), json!(100));
    assert!(dev["flags"]["search-v2"]["rules"][0]["rollout"]
        .get("steps")
        .is_none());
    assert_eq!(prod["flags"]["payments-v3"]["enabled"], false);
    assert_eq!(staging["flags"]["payments-v3"]["enabled"], true);
    // A whole rule list replaced in production (staging inherits it).
    let prod_rules = &prod["flags"]["support-widget"]["rules"];
    assert_eq!(prod_rules[0]["id"], "paid-plans");
    assert_eq!(staging["flags"]["support-widget"]["rules"], *prod_rules);
    assert_eq!(dev["flags"]["support-widget"]["rules"][0]["id"], "everyone");
    // The server build keeps everything else.
    assert!(prod["flags"]["fraud-thresholds"].is_object());
    assert_eq!(
        prod["flags"]["new-checkout"]["metadata"]["owner"],
        "checkout-team"
    );
}

#[test]
fn client_builds_leave_out_server_only_flags_and_private_data() {
    let out = scratch("client-out");
    let run = build(Path::new(EXAMPLE), &out, &["--client", "--locked"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let server_out = scratch("client-server-out");
    assert_eq!(
        build(Path::new(EXAMPLE), &server_out, &["--locked"]).code,
        0
    );
    for env in ["development", "staging", "production"] {
        let file = format!("{env}.json");
        let client = json_file(&out.join(&file));
        let server = json_file(&server_out.join(&file));
        rollgate::Ruleset::from_value(&client).unwrap();
        // One lock entry serves both builds: the same revision.
        assert_eq!(client["revision"], server["revision"]);
        let text = read(&out.join(&file));
        for private in [
            "fraud-thresholds",
            "fraud-reviewers",
            "owner",
            "ticket",
            "description",
            "tracker.example",
        ] {
            assert!(!text.contains(private), "{env}: {private} ships to clients");
        }
        assert_eq!(
            client["flags"].as_object().unwrap().len() + 1,
            server["flags"].as_object().unwrap().len()
        );
        assert_eq!(
            client["flags"]["new-checkout"]["metadata"],
            json!({"tags": ["checkout", "mobile"]})
        );
        assert!(client["flags"]["dark-mode"]["metadata"]
            .get("owner")
            .is_none());
        // Segments still used by client flags stay.
        assert!(client["segments"]["beta-testers"].is_object());
    }
}

#[test]
fn a_client_flag_needing_a_server_only_flag_is_refused() {
    let dir = project(
        "server-only-prerequisite",
        &[
            ("rollgate.yaml", MINIMAL),
            ("production.yaml", "flags: {}\n"),
            (
                "flags.yaml",
                "flags:
  internal:
    serverOnly: true
    type: boolean
    variants: {on: true, off: false}
    default: 'on'
  public:
    type: boolean
    variants: {on: true, off: false}
    default: 'on'
    prerequisites:
      - {flag: internal, variants: ['on']}
",
            ),
        ],
    );
    let out = dir.join("out");
    for client in [false, true] {
        let run = build(&dir, &out, if client { &["--client"] } else { &[] });
        assert_eq!(run.code, 1);
        assert_eq!(
            run.stdout,
            format!(
                "{}:12:16: flags.public.prerequisites[0].flag: flag \"public\" is for clients \
                 too, but its prerequisite \"internal\" is server-only, so client builds could \
                 not evaluate it: mark \"public\" serverOnly as well, or drop the prerequisite \
                 [server_only_prerequisite]\n",
                dir.join("flags.yaml").display()
            )
        );
        assert!(!out.exists());
    }
}

// ---- reproducible output, monotonic revisions ----

#[test]
fn unchanged_sources_give_byte_identical_output_and_lock() {
    let dir = example_copy("reproducible");
    let moved = example_copy("reproducible-elsewhere");
    let outputs: Vec<PathBuf> = (0..3)
        .map(|i| scratch(&format!("reproducible-out-{i}")))
        .collect();
    let lock_before = read(&dir.join("rollgate.lock"));
    assert_eq!(build(&dir, &outputs[0], &[]).code, 0);
    assert_eq!(build(&dir, &outputs[1], &[]).code, 0);
    // Another copy, at another path, built with --client first: the same bytes again.
    assert_eq!(
        build(&moved, &scratch("reproducible-client"), &["--client"]).code,
        0
    );
    assert_eq!(build(&moved, &outputs[2], &[]).code, 0);
    for env in ["development", "staging", "production"] {
        let first = read(&outputs[0].join(format!("{env}.json")));
        for out in &outputs[1..] {
            assert_eq!(read(&out.join(format!("{env}.json"))), first, "{env}");
        }
    }
    assert_eq!(read(&dir.join("rollgate.lock")), lock_before);
    assert_eq!(read(&moved.join("rollgate.lock")), lock_before);
}

#[test]
fn every_change_gets_a_higher_revision_and_no_change_keeps_it() {
    let dir = example_copy("monotonic");
    let out = scratch("monotonic-out");
    let prod = out.join("production.json");
    let revision = |run: &Run| {
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        json_file(&prod)["revision"].as_u64().unwrap()
    };
    let mut last = revision(&build(&dir, &out, &[]));
    let overlay = dir.join("environments/production.yaml");
    let checkout = dir.join("flags/checkout.yaml");
    // (description, edit, whether production's output changes)
    type Step = (&'static str, Box<dyn Fn()>, bool);
    let steps: Vec<Step> = vec![
        (
            "raise a percentage",
            Box::new({
                let o = overlay.clone();
                move || edit(&o, "mobile: {percent: 10}", "mobile: {percent: 25}")
            }),
            true,
        ),
        ("nothing", Box::new(|| {}), false),
        (
            "a comment",
            Box::new({
                let c = checkout.clone();
                move || edit(&c, "# Team checkout.", "# Team checkout (payments UI).")
            }),
            false,
        ),
        (
            "revert the percentage",
            Box::new({
                let o = overlay.clone();
                move || edit(&o, "mobile: {percent: 25}", "mobile: {percent: 10}")
            }),
            true,
        ),
        (
            "kill a flag",
            Box::new({
                let o = overlay.clone();
                move || {
                    let text = read(&o);
                    std::fs::write(&o, text + "  dark-mode:\n    enabled: false\n").unwrap();
                }
            }),
            true,
        ),
        (
            "move a flag to another file",
            Box::new({
                let d = dir.clone();
                move || {
                    let growth = d.join("flags/growth.yaml");
                    let text = read(&growth);
                    let start = text.find("  search-v2:").unwrap();
                    let end = text.find("  dark-mode:").unwrap();
                    let flag = text[start..end].to_owned();
                    std::fs::write(&growth, text.replacen(&flag, "", 1)).unwrap();
                    std::fs::write(d.join("flags/search.yaml"), format!("flags:\n{flag}")).unwrap();
                }
            }),
            false,
        ),
        (
            "only private metadata (the client output changes)",
            Box::new({
                let c = checkout.clone();
                move || {
                    edit(
                        &c,
                        "ticket: https://tracker.example/CHK-112",
                        "ticket: CHK-112",
                    )
                }
            }),
            true,
        ),
    ];
    for (what, step, changes) in steps {
        let before = read(&prod);
        step();
        let now = revision(&build(&dir, &out, &[]));
        if changes {
            assert!(now > last, "{what}: revision {now} after {last}");
            assert_ne!(read(&prod), before, "{what}");
        } else {
            assert_eq!(now, last, "{what}");
            assert_eq!(read(&prod), before, "{what}: the output changed");
        }
        last = now;
    }
    assert_eq!(last, 6, "four changes after the lock's revision 2");
}

#[test]
fn locked_refuses_a_change_and_writes_nothing() {
    let dir = example_copy("locked");
    let out = scratch("locked-out");
    let lock = read(&dir.join("rollgate.lock"));
    edit(
        &dir.join("environments/staging.yaml"),
        "mobile: {percent: 50}",
        "mobile: {percent: 60}",
    );
    let run = build(&dir, &out, &["--locked"]);
    assert_eq!(run.code, 1);
    let lock_file = dir.join("rollgate.lock");
    assert_eq!(
        run.stdout,
        format!(
            "{0}:12:5: environments.staging: {0} is out of date for environment \"staging\": \
             its output changed; run `rollgate build` without --locked and commit \
             rollgate.lock [lock_out_of_date]\n",
            lock_file.display()
        )
    );
    assert!(
        run.stderr
            .ends_with("not built, 1 problem; nothing written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    assert_eq!(read(&lock_file), lock);
    // Without --locked the lock advances, for that environment only.
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("staging      revision 3  changed (was 2)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("rollgate.lock: updated\n"),
        "{}",
        run.stdout
    );
    let new_lock: Value = serde_json::from_str(&read(&lock_file)).unwrap();
    assert_eq!(new_lock["environments"]["staging"]["revision"], 3);
    assert_eq!(new_lock["environments"]["production"]["revision"], 2);
    assert_eq!(build(&dir, &out, &["--locked"]).code, 0);
}

#[test]
fn env_builds_only_the_named_environments() {
    let dir = example_copy("only-env");
    let out = scratch("only-env-out");
    std::fs::remove_file(dir.join("rollgate.lock")).unwrap();
    let run = build(&dir, &out, &["--env", "production", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["environments"].as_array().unwrap().len(), 1);
    assert_eq!(report["environments"][0]["name"], "production");
    assert_eq!(report["environments"][0]["revision"], 1);
    assert_eq!(report["environments"][0]["changed"], true);
    assert_eq!(report["environments"][0]["flags"], 11);
    assert_eq!(report["lock"]["updated"], true);
    assert!(out.join("production.json").exists());
    assert!(!out.join("staging.json").exists());
    let lock: Value = serde_json::from_str(&read(&dir.join("rollgate.lock"))).unwrap();
    assert_eq!(lock["environments"].as_object().unwrap().len(), 1);

    let run = build(&dir, &out, &["--env", "prod"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "rollgate: error: no environment \"prod\" in {}/rollgate.yaml; environments: \
             development, staging, production\n",
            dir.display()
        )
    );
}

// ---- other layouts ----

#[test]
fn an_environment_can_have_sources_of_its_own() {
    let dir = project(
        "seed",
        &[
            (
                "rollgate.json",
                r#"{"schema": 1, "environments": {
                     "dev": {"sources": "dev.json"},
                     "prod": {"sources": ["prod"]}}}"#,
            ),
            (
                "dev.json",
                r#"{"flags": {"x": {"type": "number", "variants": {"a": 1}, "default": "a"}}}"#,
            ),
            (
                "prod/one.yaml",
                "flags:\n  y: {type: string, variants: {a: A}, default: a}\n",
            ),
            ("prod/two.yml", "segments:\n  s: {attr: plan, op: exists}\n"),
        ],
    );
    let out = dir.join("out");
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let dev = json_file(&out.join("dev.json"));
    let prod = json_file(&out.join("prod.json"));
    assert_eq!(
        dev["flags"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["x"]
    );
    assert_eq!(
        prod["flags"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["y"]
    );
    assert_eq!(prod["segments"]["s"]["op"], "exists");
}

// ---- problems ----

#[test]
fn a_bad_project_is_refused_with_every_problem_located_and_nothing_written() {
    let dir = project(
        "bad",
        &[
            ("rollgate.yaml", MINIMAL),
            ("flags.yaml", &FLAGS.replace("rollout: {percent: 10", "when: {attr: x, op: eq, value: 1}\n        rollout: {percent: 101")),
            (
                "production.yaml",
                "flags:\n  a:\n    salt: new\n    default: of\n    rollouts:\n      q: {percent: 5}\n  b: {enabled: false}\n",
            ),
        ],
    );
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("production.json"), "old").unwrap();
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 1);
    let flags = dir.join("flags.yaml").display().to_string();
    let prod = dir.join("production.yaml").display().to_string();
    let expected = [
        format!("{flags}:8:29: flags.a.rules[0].when.op: unknown operator \"eq\" [unknown_operator]"),
        format!("{flags}:9:28: flags.a.rules[0].rollout.percent: percent must be between 0 and 100, found 101 [invalid_value]"),
        format!("{prod}:7:3: flags.b: no flag \"b\" in the flag sources to override [unknown_flag]"),
        format!("{prod}:3:5: flags.a.salt: `salt` cannot change per environment (an environment may set: enabled, default, rollouts, rules) [not_overridable]"),
        format!("{prod}:6:7: flags.a.rollouts.q: no rule with id \"q\" in flag \"a\"; rule ids: r [unknown_rule]"),
    ];
    let lines: Vec<&str> = run.stdout.lines().collect();
    for line in &expected {
        assert!(
            lines.contains(&line.as_str()),
            "missing:\n{line}\nin:\n{}",
            run.stdout
        );
    }
    // The unknown operator, once although two environments share it.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("unknown operator"))
            .count(),
        1
    );
    assert!(
        run.stderr
            .ends_with("not built, 5 problems; nothing written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&out.join("production.json")), "old");
    assert!(!out.join("development.json").exists());
}

#[test]
fn cyclic_overlays_unknown_environments_and_duplicate_flags_are_located() {
    let dir = project(
        "cyclic",
        &[
            (
                "rollgate.yaml",
                "schema: 1\nsources: flags\nenvironments:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n  d:\n    extends: prodution\n  production: {}\n",
            ),
            ("flags/one.yaml", FLAGS),
            ("flags/two.yaml", "# two\nflags:\n  a: {type: boolean}\n"),
        ],
    );
    let run = build(&dir, &dir.join("out"), &[]);
    assert_eq!(run.code, 1);
    let config = dir.join("rollgate.yaml").display().to_string();
    let two = dir.join("flags/two.yaml").display().to_string();
    let one = dir.join("flags/one.yaml").display().to_string();
    assert_eq!(
        run.stdout,
        // In file order: flags/two.yaml before rollgate.yaml.
        format!(
            "{two}:3:3: flags.a: flag \"a\" is defined twice, here and at {one}:2:3 [duplicate_definition]\n\
             {config}:5:14: environments.a.extends: cyclic overlays: a → b → c → a (each environment extends the next) [cyclic_overlays]\n\
             {config}:11:14: environments.d.extends: no environment \"prodution\" to extend (did you mean \"production\"?); environments: a, b, c, d, production [unknown_environment]\n"
        )
    );
}

#[test]
fn a_missing_rule_id_and_a_missing_source_are_named() {
    let dir = project(
        "missing",
        &[
            (
                "rollgate.yaml",
                &MINIMAL.replace(
                    "overlay: production.yaml",
                    "overlay: [production.yaml, nowhere.yaml]",
                ),
            ),
            (
                "flags.yaml",
                &FLAGS.replace("      - id: r\n        rollout", "      - rollout"),
            ),
            (
                "production.yaml",
                "flags:\n  a:\n    rollouts:\n      rules[0]: {percent: 5}\n",
            ),
        ],
    );
    let run = build(&dir, &dir.join("out"), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("rollgate.yaml:6:32: environments.production.overlay[1]: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("nowhere.yaml: No such file"),
        "{}",
        run.stdout
    );
    // Reading problems come first: the overlay is only applied once every file reads.
    std::fs::write(dir.join("nowhere.yaml"), "flags: {}\n").unwrap();
    let run = build(&dir, &dir.join("out"), &[]);
    assert_eq!(
        run.stdout,
        format!(
            "{}:4:7: flags.a.rollouts[\"rules[0]\"]: rule rules[0] of flag \"a\" has no `id`: give it one in the flag sources to override it [missing_rule_id]\n",
            dir.join("production.yaml").display()
        )
    );
}

#[test]
fn a_directory_without_a_project_file_is_a_usage_error() {
    let dir = scratch("no-project");
    let run = build(&dir, &dir.join("out"), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "rollgate: error: no rollgate.yaml (nor rollgate.yml, nor rollgate.json) in {}: is this a project directory?\n",
            dir.display()
        )
    );
}

#[test]
fn json_report_lists_problems_with_their_location() {
    let dir = project(
        "json-problems",
        &[
            ("rollgate.yaml", MINIMAL),
            ("flags.yaml", FLAGS),
            ("production.yaml", "flags:\n  a:\n    variants: {x: true}\n"),
        ],
    );
    let run = build(&dir, &dir.join("out"), &["--json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report,
        json!({"built": false, "problems": [{
            "file": dir.join("production.yaml").display().to_string(), "line": 3, "column": 5,
            "path": "flags.a.variants", "kind": "not_overridable",
            "message": "`variants` cannot change per environment (an environment may set: enabled, default, rollouts, rules)"
        }]})
    );
}
