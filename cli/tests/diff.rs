#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! End-to-end tests of `rollgate diff`: every kind of change and warning, the JSON structure,
//! Markdown, git revisions (in a scratch repository), context samples with bad lines, and
//! exit codes.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
/// 2026-12-04T00:00:00Z: the search-v2 ramp is at 5%.
const DEC_4: &str = "2026-12-04T00:00:00Z";
const DEC_4_MS: i64 = 1_796_342_400_000;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `rollgate diff ARGS` in `dir`.
fn diff_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rollgate"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run rollgate");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

fn diff(args: &[&str]) -> Run {
    diff_in(Path::new(EXAMPLES), args)
}

/// A scratch directory of its own for one test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rollgate-diff-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

/// A one-flag boolean ruleset with the given rules.
fn ruleset(revision: u64, flag: Value) -> Value {
    let mut base =
        json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"});
    for (k, v) in flag.as_object().unwrap() {
        base[k] = v.clone();
    }
    json!({"schema": 1, "revision": revision, "flags": {"f": base}})
}

/// Two versions of a one-rule rollout ruleset in `dir`: `a.json` at `old`%, `b.json` at
/// `new`%. Returns their paths.
fn rollouts(dir: &Path, old: u64, new: u64) -> (String, String) {
    let version = |revision: u64, percent: u64| {
        ruleset(
            revision,
            json!({"rules": [{"id": "r", "rollout": {"percent": percent, "serve": "on"}}]}),
        )
    };
    (
        write(dir, "a.json", &version(1, old)),
        write(dir, "b.json", &version(2, new)),
    )
}

/// Compiles a ruleset file with the core, to compare the CLI's counts with its answers.
fn load(path: &str) -> rollgate::Ruleset {
    rollgate::Ruleset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The line numbers of the sample's first invalid lines in a JSON report.
fn first_invalid(report: &Value) -> Vec<u64> {
    report["sample"]["firstInvalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap())
        .collect()
}

/// The examples' diff, as JSON, over the sample users.
fn example_report() -> Value {
    let run = diff(&[
        "flags.json",
        "flags-next.json",
        "--now",
        DEC_4,
        "--contexts",
        "users.jsonl",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no progress when stderr is not a terminal");
    run.json()
}

fn flag<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["environments"][0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flag"] == key)
        .unwrap_or_else(|| panic!("no flag {key} in the report"))
}

fn kinds(flag: &Value) -> Vec<&str> {
    flag["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect()
}

fn change<'a>(flag: &'a Value, kind: &str) -> &'a Value {
    flag["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} change in {flag}"))
}

// ---- every change, in words ----

#[test]
fn the_example_change_is_described_change_by_change() {
    let run = diff(&["flags.json", "flags-next.json", "--now", DEC_4]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "flags.json → flags-next.json",
        "revision 42 → 43",
        // segment, and the flags it affects
        "~ beta-testers",
        "    - groups in [\"beta\"] → [\"beta\", \"staff\"]",
        "      used by \"dark-mode\", \"new-checkout\", \"order-tracking\"",
        "flags: 1 added, 5 changed, 3 unchanged",
        // percentages up and down, with what can be known without a sample
        "    - rule \"mobile\": 10% → 25%",
        "      +15% of those matching rule \"mobile\" get \"on\"",
        "    - rule \"everyone\": 50% → 40%",
        "      -10% of those matching rule \"everyone\" no longer get \"on\"",
        // condition, rule added
        "    - rule \"old-apps\": appVersion semver \"<2.3.0 || 2.5.1\" → \"<2.4.0 || 2.5.1\"",
        "    - rule \"enterprise\" added at position 3: when plan equals \"enterprise\": serve \"on\"",
        // kill
        "    - killed (enabled → false)",
        "      everyone now gets \"off\"",
        // salt, variants, split weights
        "    - salt \"checkout-layout\" → \"checkout-layout-v2\"",
        "    - variant \"C\" removed (was \"express\")",
        "    - rule \"abc-test\": split \"A\" 34, \"B\" 33, \"C\" 33 → \"A\" 50, \"B\" 50",
        // ramp steps, compared at --now and after
        "    - rule \"ramp\": ramp steps: added 50% from 2026-12-11, 100% from 2026-12-18; removed 100% from 2026-12-15",
        "      at --now 5% either way; from 2026-12-11: 25% → 50%; from 2026-12-15: 100% → 50%; from 2026-12-18: 100% either way",
        // prerequisite and segment dependencies, metadata, added flag
        "    - its prerequisite \"dark-mode\" changed",
        "    - uses segment \"beta-testers\", which changed",
        "    - metadata: \"ticket\" added",
        "+ order-tracking",
        "    - added: boolean, default \"off\", 1 rule",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "missing line {line:?} in:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("no --contexts"), "{}", run.stdout);
}

#[test]
fn the_example_warnings_are_listed_first() {
    let run = diff(&["flags.json", "flags-next.json", "--now", DEC_4]);
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ! "))
        .collect();
    assert_eq!(
        warnings,
        [
            "\"checkout-layout\": salt \"checkout-layout\" → \"checkout-layout-v2\": who is in, and who gets which variant, is reshuffled",
            "\"checkout-layout\": variant \"C\" removed while the old ruleset serves it (rule \"abc-test\"): the users who got it get another variant",
            "\"dark-mode\": rule \"everyone\": 50% → 40%: users who had the variant through this rule lose it",
        ]
    );
    let warnings_at = run.stdout.find("warnings:").unwrap();
    assert!(warnings_at < run.stdout.find("flags:").unwrap());
}

#[test]
fn reversed_the_revision_goes_down_and_the_flag_is_revived() {
    let run = diff(&["flags-next.json", "flags.json", "--now", DEC_4]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "  ! revision goes down (43 → 42): engines serving revision 43 refuse this ruleset and keep the old one"
    ), "{}", run.stdout);
    assert!(run.stdout.contains("    - revived (enabled → true)"));
    assert!(run
        .stdout
        .contains("    - variant \"C\" added: \"express\""));
    assert!(run
        .stdout
        .contains("- order-tracking\n    - removed (was boolean, default \"off\", 1 rule)"));
    assert!(run
        .stdout
        .contains("  ! \"new-checkout\": rule \"mobile\": 25% → 10%"));
}

#[test]
fn an_unchanged_revision_with_changes_is_a_warning_and_without_changes_is_not() {
    let dir = scratch_dir("revision");
    let a = write(
        &dir,
        "a.json",
        &ruleset(7, json!({"rules": [{"id": "r", "serve": "on"}]})),
    );
    let b = write(
        &dir,
        "b.json",
        &ruleset(7, json!({"rules": [{"id": "r", "serve": "off"}]})),
    );
    let run = diff_in(&dir, &[&a, &b, "--json"]);
    let warnings = &run.json()["environments"][0]["warnings"];
    assert_eq!(warnings[0]["kind"], "revision_not_increased");
    assert!(warnings[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("revision unchanged (7)"));
    let same = diff_in(&dir, &[&a, &a]);
    assert!(same.stdout.ends_with("no changes\n"), "{}", same.stdout);
    assert!(!same.stdout.contains("warnings"));
}

#[test]
fn bucketing_changes_are_warnings_and_reorders_are_reported() {
    let dir = scratch_dir("bucketing");
    let old = ruleset(
        1,
        json!({"rules": [
        {"id": "ios", "when": {"attr": "platform", "op": "equals", "value": "ios"}, "serve": "on"},
        {"id": "half", "rollout": {"percent": 50, "serve": "on"}},
        {"id": "ab", "split": {"variants": [{"variant": "on", "weight": 50}, {"variant": "off", "weight": 50}]}}]}),
    );
    let new = ruleset(
        2,
        json!({"rules": [
        {"id": "half", "rollout": {"by": "deviceId", "salt": "s2", "percent": 50, "serve": "on"}},
        {"id": "ios", "when": {"attr": "platform", "op": "equals", "value": "ios"}, "serve": "on"},
        {"id": "ab", "split": {"variants": [{"variant": "on", "weight": 70}, {"variant": "off", "weight": 30}]}}]}),
    );
    let (a, b) = (write(&dir, "a.json", &old), write(&dir, "b.json", &new));
    let report = diff_in(&dir, &[&a, &b, "--json"]).json();
    let env = &report["environments"][0];
    let warning_kinds: Vec<&str> = env["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(warning_kinds, ["by_changed", "salt_changed"]);
    assert_eq!(env["warnings"][0]["rule"], "half");
    let f = &env["flags"][0];
    assert_eq!(kinds(f), ["by", "salt", "split", "rules_reordered"]);
    assert_eq!(change(f, "by")["old"], "userId");
    assert_eq!(change(f, "by")["new"], "deviceId");
    assert_eq!(
        change(f, "rules_reordered")["old"],
        json!(["ios", "half", "ab"])
    );
    assert_eq!(
        change(f, "rules_reordered")["new"],
        json!(["half", "ios", "ab"])
    );
    // Same buckets, weights moved: exactly 20% of the split's users change variant.
    assert_eq!(
        change(f, "split")["effect"],
        "20% of those it splits get another variant"
    );
}

#[test]
fn a_rollout_that_serves_another_variant_is_a_serve_change() {
    let dir = scratch_dir("rollout-serve");
    let version = |revision: u64, serve: &str| {
        json!({"schema": 1, "revision": revision, "flags": {"layout": {
            "type": "string", "variants": {"a": "classic", "b": "new", "c": "compact"},
            "default": "a",
            "rules": [{"id": "half", "rollout": {"percent": 50, "serve": serve}}]}}})
    };
    let (a, b) = (
        write(&dir, "a.json", &version(1, "b")),
        write(&dir, "b.json", &version(2, "c")),
    );
    let users: String = (1..=200)
        .map(|n| format!("{{\"userId\":\"u-{n}\"}}\n"))
        .collect();
    std::fs::write(dir.join("users.jsonl"), &users).unwrap();

    let text = diff_in(&dir, &[&a, &b, "--now", DEC_4]);
    assert!(
        text.stdout.contains(
            "~ layout\n    - rule \"half\": rollout serves \"b\" → \"c\"\n      \
             users inside get \"c\" instead of \"b\"\n"
        ),
        "{}",
        text.stdout
    );
    let report = diff_in(
        &dir,
        &[
            &a,
            &b,
            "--now",
            DEC_4,
            "--contexts",
            "users.jsonl",
            "--json",
        ],
    )
    .json();
    let f = flag(&report, "layout");
    assert_eq!(kinds(f), ["serve"]);
    let serve = change(f, "serve");
    assert_eq!(serve["path"], "flags.layout.rules[0].rollout.serve");
    assert_eq!(serve["rule"], "half");
    assert_eq!((&serve["old"], &serve["new"]), (&json!("b"), &json!("c")));
    // Exactly the users inside the rollout change, each from "b" to "c".
    let old = load(&a);
    let inside = users
        .lines()
        .map(|l| rollgate::Context::from_json(l).unwrap())
        .filter(|u| old.evaluate("layout", u, DEC_4_MS).variant == Some("b"))
        .count() as u64;
    assert!(inside > 0 && inside < 200, "{inside}");
    let impact = &f["impact"];
    assert_eq!(impact["changed"], inside);
    let transitions = impact["transitions"].as_array().unwrap();
    assert_eq!(transitions.len(), 1, "{transitions:?}");
    assert_eq!(transitions[0]["from"]["variant"], "b");
    assert_eq!(transitions[0]["to"]["variant"], "c");
    assert_eq!(transitions[0]["users"], inside);
}

#[test]
fn rules_without_ids_are_matched_by_position_and_said_to_be() {
    let dir = scratch_dir("unnamed");
    let old = ruleset(
        1,
        json!({"rules": [{"rollout": {"percent": 10, "serve": "on"}}]}),
    );
    let new = ruleset(
        2,
        json!({"rules": [{"rollout": {"percent": 20, "serve": "on"}}]}),
    );
    let (a, b) = (write(&dir, "a.json", &old), write(&dir, "b.json", &new));
    let run = diff_in(&dir, &[&a, &b]);
    assert!(
        run.stdout
            .contains("    - rule rules[0] (no id: matched by position): 10% → 20%"),
        "{}",
        run.stdout
    );
}

#[test]
fn variants_default_off_variant_prerequisites_and_type() {
    let dir = scratch_dir("variants");
    let old = json!({"schema": 1, "revision": 1, "flags": {
        "p": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},
        "f": {"type": "string", "variants": {"a": "x", "b": "y", "gone": "z"}, "default": "a",
              "prerequisites": [{"flag": "p", "variants": ["on"]}]},
        "g": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"}}});
    let new = json!({"schema": 1, "revision": 2, "flags": {
        "p": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},
        "f": {"type": "string", "variants": {"a": "x", "b": "y2", "c": "w"}, "default": "b", "offVariant": "a",
              "prerequisites": [{"flag": "p", "variants": ["on", "off"]}]},
        "g": {"type": "number", "variants": {"on": 1, "off": 0}, "default": "off"}}});
    let (a, b) = (write(&dir, "a.json", &old), write(&dir, "b.json", &new));
    let report = diff_in(&dir, &[&a, &b, "--json"]).json();
    let env = &report["environments"][0];
    let f = &env["flags"][0];
    assert_eq!(
        kinds(f),
        [
            "variant_value",
            "variant_added",
            "variant_removed",
            "default",
            "prerequisite_variants"
        ]
    );
    assert_eq!(change(f, "variant_value")["old"], "y");
    assert_eq!(change(f, "variant_value")["new"], "y2");
    assert_eq!(change(f, "default")["path"], "flags.f.default");
    let g = &env["flags"][1];
    assert_eq!(kinds(g), ["type", "variant_value", "variant_value"]);
    let warnings: Vec<(&str, &str)> = env["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["kind"].as_str().unwrap(), w["flag"].as_str().unwrap()))
        .collect();
    // "gone" was never served (not a rule's, the default or the off variant): no warning.
    assert_eq!(warnings, [("type_changed", "g")]);
}

#[test]
fn a_removed_variant_still_served_by_the_old_default_or_a_prerequisite_is_a_warning() {
    let dir = scratch_dir("served");
    let old = json!({"schema": 1, "revision": 1, "flags": {
        "p": {"type": "string", "variants": {"x": "x", "y": "y"}, "default": "x"},
        "f": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
              "prerequisites": [{"flag": "p", "variants": ["y"]}]}}});
    let new = json!({"schema": 1, "revision": 2, "flags": {
        "p": {"type": "string", "variants": {"z": "z", "y": "y"}, "default": "z"},
        "f": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"}}});
    let (a, b) = (write(&dir, "a.json", &old), write(&dir, "b.json", &new));
    let run = diff_in(&dir, &[&a, &b]);
    assert!(
        run.stdout.contains(
            "  ! \"p\": variant \"x\" removed while the old ruleset serves it (default, off variant): the users who got it get another variant"
        ),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("    - prerequisite \"p\" removed (needs \"y\")"));
}

// ---- audience impact ----

#[test]
fn impact_counts_match_the_core_user_by_user() {
    let report = example_report();
    assert_eq!(report["sample"]["users"], 1000);
    assert_eq!(report["sample"]["invalidLines"], 0);
    let (old, new) = (
        load(&format!("{EXAMPLES}/flags.json")),
        load(&format!("{EXAMPLES}/flags-next.json")),
    );
    let users: Vec<rollgate::Context> = std::fs::read_to_string(format!("{EXAMPLES}/users.jsonl"))
        .unwrap()
        .lines()
        .map(|l| rollgate::Context::from_json(l).unwrap())
        .collect();
    for key in [
        "new-checkout",
        "dark-mode",
        "dark-mode-v2",
        "checkout-layout",
        "search-v2",
        "order-tracking",
    ] {
        let mut changed = 0;
        let mut off_to_on = 0;
        for user in &users {
            let (a, b) = (
                old.evaluate(key, user, DEC_4_MS),
                new.evaluate(key, user, DEC_4_MS),
            );
            if a.variant != b.variant || a.value != b.value {
                changed += 1;
                if a.variant == Some("off") && b.variant == Some("on") {
                    off_to_on += 1;
                }
            }
        }
        let impact = &flag(&report, key)["impact"];
        assert_eq!(impact["users"], 1000, "{key}");
        assert_eq!(impact["changed"], changed, "{key}");
        let transitions = impact["transitions"].as_array().unwrap();
        let sum: u64 = transitions
            .iter()
            .map(|t| t["users"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, changed as u64, "{key}: transitions add up");
        let reported_off_to_on: u64 = transitions
            .iter()
            .filter(|t| t["from"]["variant"] == "off" && t["to"]["variant"] == "on")
            .map(|t| t["users"].as_u64().unwrap())
            .sum();
        assert_eq!(reported_off_to_on, off_to_on as u64, "{key}");
    }
    assert_eq!(
        flag(&report, "search-v2")["impact"]["changed"],
        0,
        "5% either way at --now"
    );
}

#[test]
fn impact_names_the_rules_before_and_after() {
    let report = example_report();
    let transitions = flag(&report, "new-checkout")["impact"]["transitions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        transitions[0]["from"],
        json!({"variant": "off", "value": false})
    );
    assert_eq!(
        transitions[0]["to"],
        json!({"variant": "on", "value": true})
    );
    let rules: Vec<(Value, Value)> = transitions[0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["from"].clone(), r["to"].clone()))
        .collect();
    assert!(rules.contains(&(
        json!({"reason": "DEFAULT"}),
        json!({"reason": "SPLIT", "rule": "mobile"})
    )));
    assert!(rules.contains(&(
        json!({"reason": "DEFAULT"}),
        json!({"reason": "TARGETING_MATCH", "rule": "enterprise"})
    )));
    let killed = &flag(&report, "dark-mode-v2")["impact"]["transitions"][0];
    assert_eq!(killed["rules"][0]["to"], json!({"reason": "DISABLED"}));
    let added = &flag(&report, "order-tracking")["impact"]["transitions"][0];
    assert_eq!(added["from"], json!({"variant": null, "value": null}));
    assert_eq!(
        added["rules"][0]["from"],
        json!({"reason": "ERROR", "error": "FLAG_NOT_FOUND"})
    );
}

#[test]
fn bad_context_lines_are_counted_and_reported_not_fatal() {
    let dir = scratch_dir("bad-lines");
    let (a, b) = rollouts(&dir, 10, 90);
    let mut lines = Vec::new();
    for i in 1..=20 {
        lines.push(match i {
            3 => "{\"userId\": ".to_owned(),
            5 => "[1, 2]".to_owned(),
            6 => String::new(),
            7 | 9 | 11 | 13 | 15 => "not json".to_owned(),
            _ => format!("{{\"userId\": \"u-{i}\"}}"),
        });
    }
    std::fs::write(dir.join("users.jsonl"), lines.join("\n")).unwrap();
    let run = diff_in(&dir, &[&a, &b, "--contexts", "users.jsonl"]);
    assert_eq!(run.code, 0, "bad lines are not fatal: {}", run.stderr);
    assert!(run.stdout.contains("at "), "{}", run.stdout);
    assert!(run.stdout.contains(", over 12 users of users.jsonl\n7 lines of users.jsonl are not valid contexts and were left out:\n  line 3: invalid context JSON"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("\n  line 5: invalid context: context: expected an object, found an array\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n  … 2 more\n"), "{}", run.stdout);
    let report = diff_in(&dir, &[&a, &b, "--contexts", "users.jsonl", "--json"]).json();
    assert_eq!(report["sample"]["users"], 12);
    assert_eq!(report["sample"]["invalidLines"], 7);
    assert_eq!(first_invalid(&report), [3, 5, 7, 9, 11]);
}

#[test]
fn a_large_sample_split_between_threads_counts_like_one() {
    // 50,000 lines (past the one-thread threshold): the counts must equal the core's.
    let dir = scratch_dir("threads");
    let (a, b) = rollouts(&dir, 10, 35);
    let text: String = (0..50_000)
        .map(|i| {
            if i % 9_999 == 0 {
                "oops\n".to_owned()
            } else {
                format!("{{\"userId\": \"u-{i}\"}}\n")
            }
        })
        .collect();
    std::fs::write(dir.join("users.jsonl"), &text).unwrap();
    let report = diff_in(&dir, &[&a, &b, "--contexts", "users.jsonl", "--json"]).json();
    let (old, new) = (load(&a), load(&b));
    let mut expected = 0;
    for line in text.lines() {
        if let Ok(context) = rollgate::Context::from_json(line) {
            if old.evaluate("f", &context, 0).variant != new.evaluate("f", &context, 0).variant {
                expected += 1;
            }
        }
    }
    assert_eq!(report["sample"]["users"], 49_994);
    assert_eq!(report["sample"]["invalidLines"], 6);
    assert_eq!(first_invalid(&report), [1, 10_000, 19_999, 29_998, 39_997]);
    assert_eq!(
        report["environments"][0]["flags"][0]["impact"]["changed"],
        expected
    );
    assert!(
        expected > 10_000,
        "about a quarter of the users: {expected}"
    );
}

// ---- formats ----

#[test]
fn json_has_the_documented_structure() {
    let report = example_report();
    // Sorted: serde_json's map here does not keep the printed order.
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&report),
        ["changed", "environments", "new", "now", "old", "sample"]
    );
    assert_eq!(report["now"], DEC_4_MS);
    assert_eq!(report["changed"], true);
    let env = &report["environments"][0];
    assert_eq!(
        keys(env),
        [
            "changes",
            "flags",
            "name",
            "revision",
            "segments",
            "status",
            "unchangedFlags",
            "warnings"
        ]
    );
    assert_eq!(env["name"], Value::Null);
    assert_eq!(env["revision"], json!({"old": 42, "new": 43}));
    assert_eq!(env["unchangedFlags"], 3);
    let mobile = change(flag(&report, "new-checkout"), "percent");
    assert_eq!(
        mobile["path"],
        "flags.new-checkout.rules[3].rollout.percent"
    );
    assert_eq!(mobile["rule"], "mobile");
    assert_eq!(
        (mobile["old"].clone(), mobile["new"].clone()),
        (json!(10), json!(25))
    );
    assert_eq!(mobile["text"], "rule \"mobile\": 10% → 25%");
    assert_eq!(
        mobile["effect"],
        "+15% of those matching rule \"mobile\" get \"on\""
    );
    let statuses: Vec<(&str, &str)> = env["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["flag"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("checkout-layout", "changed"),
            ("dark-mode", "changed"),
            ("dark-mode-v2", "changed"),
            ("new-checkout", "changed"),
            ("order-tracking", "added"),
            ("search-v2", "changed"),
        ]
    );
    let segment = &env["segments"][0];
    assert_eq!(segment["segment"], "beta-testers");
    assert_eq!(
        segment["usedBy"],
        json!(["dark-mode", "new-checkout", "order-tracking"])
    );
    assert_eq!(
        kinds(flag(&report, "dark-mode-v2")),
        ["flag_killed", "metadata", "prerequisite_flag_changed"]
    );
    let warning = &env["warnings"][2];
    assert_eq!(keys(warning), ["flag", "kind", "path", "rule", "text"]);
    assert_eq!(warning["kind"], "percent_decreased");
}

#[test]
fn markdown_has_headings_tables_and_code_spans() {
    let run = diff(&[
        "flags.json",
        "flags-next.json",
        "--now",
        DEC_4,
        "--contexts",
        "users.jsonl",
        "--markdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    for expected in [
        "### Rollgate diff\n",
        "\n#### Warnings (3)\n\n- `checkout-layout`: salt `checkout-layout` → `checkout-layout-v2`",
        "\n#### Flags: 1 added, 5 changed, 3 unchanged\n\n| Flag | Status | Users with another value |\n| --- | --- | ---: |\n",
        "\n| `new-checkout` | changed | 112 of 1000 (11.2%) |\n",
        "\n##### `new-checkout` (changed)\n\n",
        "\n- rule `mobile`: 10% → 25%\n  - \\+15% of those matching rule `mobile` get `on`\n",
        // the `||` of the range is escaped, so that a table never splits there
        "- rule `old-apps`: `appVersion semver \"<2.3.0 \\|\\| 2.5.1\"` → `\"<2.4.0 \\|\\| 2.5.1\"`",
        "| Before → now | Users | Decided by (before → now) |\n| --- | ---: | --- |\n| `off` → `on` | 100 (10.0%) | default → rule `mobile` (80), default → rule `enterprise` (20) |",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
}

#[test]
fn markdown_escapes_names_and_text() {
    let dir = scratch_dir("markdown");
    let weird = "a|b`c*<d>";
    let flag = json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"});
    let a = write(
        &dir,
        "a.json",
        &json!({"schema": 1, "revision": 1, "flags": {}}),
    );
    let b = write(
        &dir,
        "b.json",
        &json!({"schema": 1, "revision": 2, "flags": {weird: flag}}),
    );
    let md = diff_in(&dir, &[&a, &b, "--markdown"]).stdout;
    assert!(md.contains("| ``a\\|b`c*<d>`` | added |"), "{md}");
    assert!(md.contains("##### ``a\\|b`c*<d>`` (added)"), "{md}");
    assert!(
        !md.contains("| a|b"),
        "a raw pipe would split the table row: {md}"
    );
}

// ---- git revisions ----

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A repository with flags/flags.json at two commits (tagged v1 and v2) and a third version
/// in the working tree.
fn repository(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    std::fs::create_dir_all(dir.join("flags")).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    for (tag, percent) in [("v1", 10), ("v2", 25)] {
        write(
            &dir,
            "flags/flags.json",
            &ruleset(
                percent,
                json!({"rules": [{"id": "mobile", "rollout": {"percent": percent, "serve": "on"}}]}),
            ),
        );
        git(&dir, &["add", "."]);
        git(&dir, &["commit", "-q", "-m", tag]);
        git(&dir, &["tag", tag]);
    }
    write(
        &dir,
        "flags/flags.json",
        &ruleset(
            30,
            json!({"rules": [{"id": "mobile", "rollout": {"percent": 30, "serve": "on"}}]}),
        ),
    );
    dir
}

#[test]
fn git_revisions_are_compared() {
    let dir = repository("git");
    let run = diff_in(&dir, &["--git", "v1..v2", "flags/flags.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("v1:flags/flags.json → v2:flags/flags.json\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("    - rule \"mobile\": 10% → 25%\n"),
        "{}",
        run.stdout
    );
    // A.. is A with HEAD; A alone is A with the working tree; A...B starts at the merge base.
    let head = diff_in(&dir, &["--git", "v1..", "flags/flags.json"]);
    assert!(head.stdout.contains("10% → 25%"), "{}", head.stdout);
    let worktree = diff_in(&dir, &["--git", "v2", "flags/flags.json"]);
    assert!(
        worktree
            .stdout
            .starts_with("v2:flags/flags.json → flags/flags.json\n"),
        "{}",
        worktree.stdout
    );
    assert!(worktree.stdout.contains("25% → 30%"), "{}", worktree.stdout);
    let merge_base = diff_in(&dir, &["--git", "v1...v2", "flags/flags.json"]);
    assert!(
        merge_base.stdout.contains("10% → 25%"),
        "{}",
        merge_base.stdout
    );
    // From a subdirectory, paths are relative to it (as git's ./ paths are); absolute paths work.
    let sub = diff_in(&dir.join("flags"), &["--git", "v1..v2", "flags.json"]);
    assert!(
        sub.stdout.contains("10% → 25%"),
        "{}{}",
        sub.stdout,
        sub.stderr
    );
    let absolute = dir.join("flags/flags.json").display().to_string();
    let abs = diff_in(Path::new("/"), &["--git", "v1..v2", &absolute]);
    assert_eq!(
        abs.code, 2,
        "outside the repository, git has no revision v1: {}",
        abs.stdout
    );
    let abs = diff_in(&dir, &["--git", "v1..v2", &absolute]);
    assert!(
        abs.stdout.contains("10% → 25%"),
        "{}{}",
        abs.stdout,
        abs.stderr
    );
}

#[test]
fn git_errors_name_the_revision_or_path() {
    let dir = repository("git-errors");
    let run = diff_in(&dir, &["--git", "v1..nope", "flags/flags.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "rollgate: error: --git: no revision \"nope\" in this repository\n"
    );
    let run = diff_in(&dir, &["--git", "v1..v2", "flags/missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("rollgate: error: --git: flags/missing.json is not in revision \"v1\" ("),
        "{}",
        run.stderr
    );
    let run = diff_in(&dir, &["--git", "..", "flags/flags.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("expected A..B, A.., A...B or A"),
        "{}",
        run.stderr
    );
    // Outside the target directory, which is inside this project's own repository.
    let outside = std::env::temp_dir().join(format!("rollgate-diff-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    let run = diff_in(&outside, &["--git", "v1..v2", "flags.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
}

// ---- exit codes and usage ----

#[test]
fn exit_code_is_0_unless_asked() {
    assert_eq!(diff(&["flags.json", "flags-next.json"]).code, 0);
    assert_eq!(
        diff(&["flags.json", "flags-next.json", "--exit-code"]).code,
        1
    );
    let same = diff(&["flags.json", "flags.yaml", "--exit-code"]);
    assert_eq!(
        same.code, 0,
        "YAML and JSON of the same ruleset: {}",
        same.stdout
    );
    assert!(same.stdout.ends_with("no changes\n"));
}

#[test]
fn invalid_inputs_and_usage() {
    let run = diff(&["flags.json", "invalid/typo.json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("rollgate: error: invalid/typo.json: invalid ruleset (2 problems)\n"),
        "{}",
        run.stderr
    );
    let run = diff(&["flags.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "rollgate: error: diff needs two rulesets or projects (OLD NEW), or one with --git A..B\n"
    );
    let run = diff(&["flags.json", "flags-next.json", "--git", "a..b"]);
    assert_eq!(run.code, 2);
    let run = diff(&["flags.json", "nope.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("rollgate: error: nope.json: "),
        "{}",
        run.stderr
    );
    let run = diff(&["flags.json", "flags-next.json", "--now", "1796342400"]);
    assert_eq!(
        run.code, 2,
        "--now takes milliseconds, like eval: {}",
        run.stderr
    );
    assert!(run.stderr.contains("can only be seconds"));
}

#[test]
fn fewer_users_served_at_now_is_a_warning_only_when_someone_had_the_variant() {
    let dir = scratch_dir("decrease");
    let ramp = |late: &str| json!({"steps": [{"at": "2026-12-01T00:00:00Z", "percent": 20}, {"at": late, "percent": 5}], "serve": "on"});
    let old = json!({"schema": 1, "revision": 1, "flags": {
        "ramp": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                 "rules": [{"id": "r", "rollout": ramp("2026-12-20T00:00:00Z")}]},
        "serve": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                  "rules": [{"id": "r", "serve": "on"}]},
        "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off", "enabled": false,
                   "rules": [{"id": "r", "rollout": {"percent": 50, "serve": "on"}}]},
        "no-buckets": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                       "rules": [{"id": "r", "serve": "on"}]}}});
    let new = json!({"schema": 1, "revision": 2, "flags": {
        "ramp": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                 "rules": [{"id": "r", "rollout": ramp("2026-12-03T00:00:00Z")}]},
        "serve": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                  "rules": [{"id": "r", "rollout": {"percent": 30, "serve": "on"}}]},
        "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off", "enabled": false,
                   "rules": [{"id": "r", "rollout": {"percent": 10, "serve": "on"}}]},
        "no-buckets": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                       "salt": "other", "rules": [{"id": "r", "serve": "on"}]}}});
    let (a, b) = (write(&dir, "a.json", &old), write(&dir, "b.json", &new));
    let run = diff_in(&dir, &[&a, &b, "--now", DEC_4]);
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ! "))
        .collect();
    assert_eq!(
        warnings,
        [
            "\"ramp\": rule \"r\": ramp steps: added 5% from 2026-12-03; removed 5% from 2026-12-20 (at --now: 20% → 5%): users who had the variant through this rule lose it",
            "\"serve\": rule \"r\": serve \"on\" → rollout 30% → \"on\" (at --now: 100% → 30%): users who had the variant through this rule lose it",
        ],
        "not the disabled flag, nor the salt of a flag without rollouts:\n{}",
        run.stdout
    );
    // The same ramp change before its first step removes nobody.
    let early = diff_in(&dir, &[&a, &b, "--now", "2026-11-01T00:00:00Z"]);
    assert!(!early.stdout.contains("\"ramp\": rule"), "{}", early.stdout);
}

#[test]
fn a_flag_whose_segment_changed_is_affected() {
    let dir = scratch_dir("affected");
    let doc = |revision: u64, domain: &str| {
        json!({"schema": 1, "revision": revision,
            "segments": {"staff": {"attr": "email", "op": "endsWith", "value": domain}},
            "flags": {
                "f": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                      "rules": [{"id": "staff", "when": {"segment": "staff"}, "serve": "on"}]},
                "g": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                      "prerequisites": [{"flag": "f", "variants": ["on"]}]},
                "h": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"}}})
    };
    let (a, b) = (
        write(&dir, "a.json", &doc(1, "@a.com")),
        write(&dir, "b.json", &doc(2, "@b.com")),
    );
    let run = diff_in(&dir, &[&a, &b]);
    assert!(
        run.stdout.contains(
            "flags: 2 affected, 1 unchanged\n* f\n    - uses segment \"staff\", which changed\n* g\n    - its prerequisite \"f\" changed\n"
        ),
        "{}",
        run.stdout
    );
    // f is evaluated only for the contexts the segment matches differently (a probe of the
    // segment decides): the counts must still be the core's.
    let domains = ["a.com", "b.com", "c.com", "a.com.evil"];
    let lines: Vec<String> = (0..400)
        .map(|i| format!("{{\"email\": \"u{i}@{}\"}}", domains[i % 4]))
        .collect();
    std::fs::write(dir.join("users.jsonl"), lines.join("\n")).unwrap();
    let (old, new) = (load(&a), load(&b));
    let expected = lines
        .iter()
        .map(|l| rollgate::Context::from_json(l).unwrap())
        .filter(|c| old.evaluate("f", c, 0).variant != new.evaluate("f", c, 0).variant)
        .count();
    assert_eq!(expected, 200);
    let report = diff_in(&dir, &[&a, &b, "--contexts", "users.jsonl", "--json"]).json();
    let flags = report["environments"][0]["flags"].as_array().unwrap();
    assert_eq!(flags[0]["status"], "affected");
    assert_eq!(flags[0]["impact"]["changed"], expected);
    assert_eq!(flags[0]["impact"]["users"], 400);
    assert_eq!(
        flags[1]["impact"]["changed"], 0,
        "g has no rules: it serves off either way"
    );
}
