#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `rollgate lint` end to end: each check with the cases it must report and the near misses it
//! must not (a finding must always be provably right), levels from `--config` and the exit
//! code, and the age of constant flags from a real git history.

mod common;

use common::rollgate;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-12-04T00:00:00Z.
const NOW: &str = "2026-12-04T00:00:00Z";

/// A fresh scratch directory for one test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rollgate-lint-tests")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A ruleset of these flags (and segments); every flag gets an owner unless it has metadata.
fn ruleset(flags: Value, segments: Value) -> String {
    let mut flags = flags;
    for flag in flags.as_object_mut().unwrap().values_mut() {
        let flag = flag.as_object_mut().unwrap();
        flag.entry("metadata").or_insert(json!({"owner": "team"}));
    }
    serde_json::to_string_pretty(&json!({
        "schema": 1, "revision": 1, "segments": segments, "flags": flags
    }))
    .unwrap()
}

/// A boolean flag with these rules.
fn boolean(rules: Value) -> Value {
    json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
           "rules": rules})
}

/// Lints a ruleset at NOW with the default config; the findings as (path, kind, message).
fn lint(text: &str, test: &str) -> Vec<(String, String, String)> {
    lint_with(text, test, &["--now", NOW])
}

/// Lints with these arguments (which must include `--now`).
fn lint_with(text: &str, test: &str, extra: &[&str]) -> Vec<(String, String, String)> {
    let dir = scratch_dir(test);
    let file = write(&dir, "flags.json", text);
    let mut args = vec!["lint", &file, "--json"];
    args.extend_from_slice(extra);
    let run = rollgate(&args);
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The paths of findings of one kind.
fn paths(findings: &[(String, String, String)], kind: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|(_, k, _)| k == kind)
        .map(|(p, _, _)| p.clone())
        .collect()
}

/// The message of the one finding at `path` of `kind`.
fn message(findings: &[(String, String, String)], path: &str, kind: &str) -> String {
    let found: Vec<_> = findings
        .iter()
        .filter(|(p, k, _)| p == path && k == kind)
        .collect();
    assert_eq!(found.len(), 1, "{path} [{kind}] in {findings:#?}");
    found[0].2.clone()
}

// ---- unreachable_rule ----

/// Each case: rules whose last rule can never decide.
#[test]
fn rules_that_can_never_decide_are_reported() {
    let ios = json!({"attr": "platform", "op": "equals", "value": "ios"});
    let mobile = json!({"attr": "platform", "op": "in", "values": ["ios", "android"]});
    let staff = json!({"attr": "email", "op": "endsWith", "value": "@acme.com"});
    let cases = [
        // After a catch-all serve, or one whose condition always holds.
        (
            "catch_all",
            json!([{"serve": "on"}, {"when": ios, "serve": "off"}]),
        ),
        (
            "empty_all",
            json!([{"when": {"all": []}, "serve": "on"}, {"split": {"variants": [
            {"variant": "on", "weight": 50}, {"variant": "off", "weight": 50}]}}]),
        ),
        (
            "not_any",
            json!([{"when": {"not": {"any": []}}, "serve": "on"}, {"when": staff, "serve": "off"}]),
        ),
        // The same condition, serving or splitting by the same unit.
        (
            "same_serve",
            json!([{"when": staff, "serve": "on"}, {"when": staff, "serve": "off"}]),
        ),
        (
            "same_split",
            json!([
            {"when": staff, "split": {"variants": [{"variant": "on", "weight": 100}]}},
            {"when": staff, "rollout": {"percent": 10, "serve": "off"}}]),
        ),
        // A 100% rollout, and a later rule needing the same unit.
        (
            "full_rollout",
            json!([{"rollout": {"percent": 100, "serve": "on"}},
                                {"rollout": {"percent": 30, "serve": "off"}}]),
        ),
        (
            "full_rollout_weaker_condition",
            json!([
            {"when": staff, "rollout": {"percent": 100, "serve": "on"}},
            {"when": {"all": [staff, ios]}, "split": {"variants": [{"variant": "off", "weight": 100}]}}]),
        ),
        // A later rule whose condition implies the earlier one's.
        (
            "in_subset",
            json!([{"when": mobile, "serve": "on"}, {"when": ios, "serve": "off"}]),
        ),
        (
            "conjunction",
            json!([{"when": ios, "serve": "on"}, {"when": {"all": [ios, staff]}, "serve": "off"}]),
        ),
        (
            "prefix",
            json!([
            {"when": {"attr": "email", "op": "endsWith", "value": "acme.com"}, "serve": "on"},
            {"when": {"attr": "email", "op": "equals", "value": "kim@acme.com"}, "serve": "off"}]),
        ),
        (
            "bounds",
            json!([
            {"when": {"attr": "age", "op": "gte", "value": 18}, "serve": "on"},
            {"when": {"attr": "age", "op": "gt", "value": 21}, "serve": "off"}]),
        ),
        (
            "exists",
            json!([
            {"when": {"attr": "plan", "op": "exists"}, "serve": "on"},
            {"when": {"attr": "plan", "op": "notIn", "values": ["free"]}, "serve": "off"}]),
        ),
        // A rollout taking a superset of the later rollout's buckets (same unit and salt).
        (
            "smaller_rollout",
            json!([{"rollout": {"percent": 50, "serve": "on"}},
                                   {"when": ios, "rollout": {"percent": 40, "serve": "off"}}]),
        ),
        // Two earlier rules together.
        (
            "union",
            json!([{"when": ios, "serve": "on"},
                         {"when": {"attr": "platform", "op": "equals", "value": "android"}, "serve": "on"},
                         {"when": mobile, "serve": "off"}]),
        ),
        // Through a segment.
        (
            "segment",
            json!([{"when": {"segment": "beta"}, "serve": "on"},
                           {"when": {"attr": "groups", "op": "equals", "value": "beta"}, "serve": "off"}]),
        ),
        // A condition that holds for nobody.
        ("never", json!([{"when": {"any": []}, "serve": "on"}])),
        (
            "empty_in",
            json!([{"when": {"attr": "platform", "op": "in", "values": []}, "serve": "on"}]),
        ),
        // A 0% rollout after a catch-all is dead at any share, not staged.
        (
            "idle_after_catch_all",
            json!([{"serve": "off"}, {"rollout": {"percent": 0, "serve": "on"}}]),
        ),
    ];
    for (name, rules) in cases {
        let last = rules.as_array().unwrap().len() - 1;
        let text = ruleset(
            json!({"f": boolean(rules)}),
            json!({"beta": {"attr": "groups", "op": "in", "values": ["beta"]}}),
        );
        let findings = lint(&text, &format!("unreachable_{name}"));
        assert_eq!(
            paths(&findings, "unreachable_rule"),
            [format!("flags.f.rules[{last}]")],
            "{name}: {findings:#?}"
        );
    }
}

/// Each case: rules whose last rule can still decide for someone.
#[test]
fn near_misses_are_not_reported() {
    let ios = json!({"attr": "platform", "op": "equals", "value": "ios"});
    let mobile = json!({"attr": "platform", "op": "in", "values": ["ios", "android"]});
    let staff = json!({"attr": "email", "op": "endsWith", "value": "@acme.com"});
    let past = "2026-11-01T00:00:00Z";
    let future = "2026-12-20T00:00:00Z";
    let cases = [
        // A 100% rollout leaves contexts without a usable userId to the next rule.
        (
            "full_rollout_then_serve",
            json!([{"rollout": {"percent": 100, "serve": "on"}},
                                           {"serve": "off"}]),
        ),
        (
            "split_then_serve",
            json!([{"when": staff, "split": {"variants": [{"variant": "on", "weight": 100}]}},
                                    {"when": staff, "serve": "off"}]),
        ),
        // Other units, salts and shares.
        (
            "other_unit",
            json!([{"rollout": {"by": "userId", "percent": 100, "serve": "on"}},
                              {"rollout": {"by": "deviceId", "percent": 100, "serve": "off"}}]),
        ),
        (
            "nested_split_unit",
            json!([
            {"rollout": {"percent": 100, "split": {"by": "deviceId", "variants": [{"variant": "on", "weight": 100}]}}},
            {"rollout": {"percent": 100, "serve": "off"}}]),
        ),
        (
            "larger_rollout",
            json!([{"rollout": {"percent": 50, "serve": "on"}},
                                  {"rollout": {"percent": 60, "serve": "off"}}]),
        ),
        (
            "other_salt",
            json!([{"rollout": {"percent": 50, "serve": "on"}},
                              {"rollout": {"percent": 50, "salt": "other", "serve": "off"}}]),
        ),
        // A ramp that drops from 100% later on does not take everybody for good.
        (
            "ramp_drops",
            json!([
            {"rollout": {"steps": [{"at": past, "percent": 100}, {"at": future, "percent": 50}], "serve": "on"}},
            {"rollout": {"percent": 100, "serve": "off"}}]),
        ),
        // A ramp not at 100% yet.
        (
            "ramp_not_done",
            json!([
            {"rollout": {"steps": [{"at": past, "percent": 50}, {"at": future, "percent": 100}], "serve": "on"}},
            {"rollout": {"percent": 100, "serve": "off"}}]),
        ),
        // Conditions: a superset, a stricter earlier condition, another attribute or type.
        (
            "superset",
            json!([{"when": ios, "serve": "on"}, {"when": mobile, "serve": "off"}]),
        ),
        (
            "stricter_earlier",
            json!([{"when": {"all": [ios, staff]}, "serve": "on"}, {"when": ios, "serve": "off"}]),
        ),
        (
            "other_attribute",
            json!([{"when": ios, "serve": "on"},
                                   {"when": {"attr": "os", "op": "equals", "value": "ios"}, "serve": "off"}]),
        ),
        (
            "other_type",
            json!([{"when": {"attr": "tier", "op": "equals", "value": 1}, "serve": "on"},
                              {"when": {"attr": "tier", "op": "equals", "value": "1"}, "serve": "off"}]),
        ),
        // A list attribute ["a", "b"] passes equals "a" and fails notEquals "b".
        (
            "negation_and_lists",
            json!([
            {"when": {"attr": "groups", "op": "notEquals", "value": "b"}, "serve": "on"},
            {"when": {"attr": "groups", "op": "equals", "value": "a"}, "serve": "off"}]),
        ),
        (
            "not_of_test",
            json!([{"when": {"not": ios}, "serve": "on"},
                               {"when": {"attr": "platform", "op": "equals", "value": "web"}, "serve": "off"}]),
        ),
        (
            "bounds",
            json!([{"when": {"attr": "age", "op": "gt", "value": 18}, "serve": "on"},
                          {"when": {"attr": "age", "op": "gte", "value": 18}, "serve": "off"}]),
        ),
        (
            "case",
            json!([{"when": {"attr": "email", "op": "endsWith", "value": "@ACME.com"}, "serve": "on"},
                        {"when": staff, "serve": "off"}]),
        ),
        // A decimal may be read differently by two parsers: equal decimals prove nothing.
        (
            "decimals",
            json!([{"when": {"attr": "score", "op": "gte", "value": 2.5}, "serve": "on"},
                            {"when": {"attr": "score", "op": "gte", "value": 2.5}, "serve": "off"}]),
        ),
        // Version ranges are compared as text only.
        (
            "semver",
            json!([{"when": {"attr": "v", "op": "semver", "range": "<3.0.0"}, "serve": "on"},
                          {"when": {"attr": "v", "op": "semver", "range": "<2.0.0"}, "serve": "off"}]),
        ),
        // Only part of the later rule's audience is covered.
        (
            "partial_union",
            json!([{"when": ios, "serve": "on"}, {"when": mobile, "serve": "off"}]),
        ),
        // A 0% rollout that could decide once raised is staged, not dead.
        (
            "staged",
            json!([{"when": ios, "serve": "on"}, {"rollout": {"percent": 0, "serve": "on"}}]),
        ),
    ];
    for (name, rules) in cases {
        let text = ruleset(json!({"f": boolean(rules)}), json!({}));
        let findings = lint(&text, &format!("near_miss_{name}"));
        assert_eq!(
            paths(&findings, "unreachable_rule"),
            Vec::<String>::new(),
            "{name}: {findings:#?}"
        );
    }
}

#[test]
fn unreachable_messages_name_the_rules_that_decide_first() {
    let text = ruleset(
        json!({
            "f": boolean(json!([
                {"id": "ios", "when": {"attr": "platform", "op": "equals", "value": "ios"}, "serve": "on"},
                {"when": {"attr": "platform", "op": "equals", "value": "android"}, "serve": "on"},
                {"id": "mobile", "when": {"attr": "platform", "op": "in", "values": ["ios", "android"]}, "serve": "off"},
                {"when": {"any": []}, "serve": "on"}])),
            // A disabled flag's rules are checked as they would run when it is enabled again.
            "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                       "enabled": false, "rules": [{"serve": "on"}, {"id": "late", "serve": "off"}]},
        }),
        json!({}),
    );
    let findings = lint(&text, "unreachable_messages");
    assert_eq!(
        message(&findings, "flags.f.rules[2]", "unreachable_rule"),
        "rule \"mobile\" never decides: every context it could decide for is decided at or \
         before rule \"ios\" (rules[0]) or rules[1]"
    );
    assert_eq!(
        message(&findings, "flags.f.rules[3]", "unreachable_rule"),
        "this rule never decides: its condition holds for no context"
    );
    assert_eq!(
        message(&findings, "flags.killed.rules[1]", "unreachable_rule"),
        "rule \"late\" never decides: every context it could decide for is decided at or \
         before rules[0]"
    );
}

#[test]
fn a_ramp_at_100_percent_for_good_shadows_from_its_last_step_on() {
    let rules = json!([
        {"id": "ramp", "rollout": {"steps": [
            {"at": "2026-11-01T00:00:00Z", "percent": 10},
            {"at": "2026-12-01T00:00:00Z", "percent": 100}], "serve": "on"}},
        {"id": "rest", "rollout": {"percent": 100, "serve": "off"}}
    ]);
    let text = ruleset(json!({"f": boolean(rules)}), json!({}));
    let findings = lint(&text, "ramp_done");
    assert_eq!(paths(&findings, "unreachable_rule"), ["flags.f.rules[1]"]);
    let before = lint_with(&text, "ramp_not_yet", &["--now", "2026-11-30T23:59:59Z"]);
    assert!(paths(&before, "unreachable_rule").is_empty(), "{before:#?}");
}

// ---- unserved_variant ----

#[test]
fn variants_no_evaluation_can_return_are_reported() {
    let three = |rules: Value, extra: Value| {
        let mut flag = json!({"type": "string",
            "variants": {"a": "A", "b": "B", "c": "C"}, "default": "a", "rules": rules});
        for (k, v) in extra.as_object().unwrap() {
            flag[k] = v.clone();
        }
        flag
    };
    let text = ruleset(
        json!({
            // c only in a rule that never decides.
            "shadowed": three(json!([{"serve": "b"}, {"serve": "c"}]), json!({"offVariant": "a"})),
            // c has weight 0.
            "weight0": three(json!([{"split": {"variants": [
                {"variant": "b", "weight": 100}, {"variant": "c", "weight": 0}]}}]), json!({})),
            // The default behind a catch-all, with another offVariant.
            "default": three(json!([{"serve": "b"}]), json!({"offVariant": "c"})),
            // Near misses: a staged 0% rollout, a ramp yet to start, the offVariant.
            "staged": three(json!([{"rollout": {"percent": 0, "serve": "b"}},
                {"rollout": {"steps": [{"at": "2027-01-01T00:00:00Z", "percent": 5}], "serve": "c"}}]),
                json!({})),
            "off": three(json!([{"serve": "b"}]), json!({"offVariant": "c", "default": "c"})),
            // A prerequisite lists an unserved variant.
            "needs": {"type": "boolean", "variants": {"on": true}, "default": "on",
                      "prerequisites": [{"flag": "weight0", "variants": ["c"]}]},
        }),
        json!({}),
    );
    let findings = lint(&text, "unserved");
    assert_eq!(
        paths(&findings, "unserved_variant"),
        [
            "flags.default.variants.a",
            "flags.off.variants.a",
            "flags.shadowed.variants.c",
            "flags.weight0.variants.c",
        ]
    );
    assert_eq!(
        message(&findings, "flags.default.variants.a", "unserved_variant"),
        "variant \"a\" is never served: it is the default, but rules[0] decides for everybody \
         first, and it is not the offVariant"
    );
    assert_eq!(
        message(&findings, "flags.weight0.variants.c", "unserved_variant"),
        "variant \"c\" is never served: no rule that can decide serves it, and it is not the \
         default or the offVariant; yet flags.needs.prerequisites[0] requires it"
    );
}

// ---- constant_flag ----

#[test]
fn flags_that_serve_one_value_are_reported_with_why() {
    let text = ruleset(
        json!({
            "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on",
                       "offVariant": "off", "enabled": false, "rules": [{"serve": "on"}]},
            "static": {"type": "number", "variants": {"n": 5}, "default": "n"},
            "catch-all": boolean(json!([{"when": {"all": []}, "serve": "on"}, {"serve": "off"}])),
            "same-values": {"type": "string", "variants": {"a": "x", "b": "x"}, "default": "a",
                            "rules": [{"when": {"attr": "p", "op": "exists"}, "serve": "b"}]},
            "complete": boolean(json!([{"id": "all-in", "rollout": {"percent": 100, "serve": "on"}}])),
            "complete-split": {"type": "string", "variants": {"a": "x", "b": "x", "c": "y"},
                "default": "c", "rules": [{"split": {"by": "deviceId", "variants": [
                    {"variant": "a", "weight": 60}, {"variant": "b", "weight": 40}]}}]},
        }),
        json!({}),
    );
    let findings = lint(&text, "constant");
    let m = |flag: &str| message(&findings, &format!("flags.{flag}"), "constant_flag");
    assert_eq!(m("killed"), "disabled: serves \"off\" (false) to everybody");
    assert_eq!(
        m("static"),
        "serves \"n\" (5) to everybody: it has no rules"
    );
    assert_eq!(
        m("catch-all"),
        "serves \"on\" (true) to everybody: rules[0] decides for everybody first"
    );
    assert_eq!(
        m("same-values"),
        "serves \"x\" to everybody: the variants it can serve (\"a\", \"b\") have that value"
    );
    assert_eq!(
        m("complete"),
        "serves \"on\" (true) to everybody with a usable \"userId\": rule \"all-in\" (rules[0]) \
         is a rollout at 100% with no condition; only contexts without one fall through"
    );
    assert_eq!(
        m("complete-split"),
        "serves \"x\" to everybody with a usable \"deviceId\": rules[0] splits everybody with \
         no condition; only contexts without one fall through"
    );
}

#[test]
fn flags_that_may_serve_two_values_are_not_constant() {
    let text = ruleset(
        json!({
            "conditional": boolean(json!([{"when": {"attr": "p", "op": "exists"},
                "rollout": {"percent": 100, "serve": "on"}}])),
            "almost": boolean(json!([{"rollout": {"percent": 99.999, "serve": "on"}}])),
            "split": boolean(json!([{"split": {"variants": [
                {"variant": "on", "weight": 99}, {"variant": "off", "weight": 1}]}}])),
            "after-partial": boolean(json!([{"when": {"attr": "p", "op": "exists"}, "serve": "off"},
                {"rollout": {"percent": 100, "serve": "on"}}])),
            // Its prerequisite may fail, and then it serves its offVariant.
            "gated": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                      "prerequisites": [{"flag": "split", "variants": ["on"]}],
                      "rules": [{"rollout": {"percent": 100, "serve": "on"}}]},
            // A ramp still below 100% now.
            "ramp": boolean(json!([{"rollout": {"steps": [
                {"at": "2026-12-01T00:00:00Z", "percent": 50},
                {"at": "2026-12-10T00:00:00Z", "percent": 100}], "serve": "on"}}])),
        }),
        json!({}),
    );
    let findings = lint(&text, "not_constant");
    assert_eq!(
        paths(&findings, "constant_flag"),
        Vec::<String>::new(),
        "{findings:#?}"
    );
    // A prerequisite that cannot fail does not stop it.
    let text = ruleset(
        json!({
            "base": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on"},
            "gated": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                      "prerequisites": [{"flag": "base", "variants": ["on"]}],
                      "rules": [{"rollout": {"percent": 100, "serve": "on"}}]},
        }),
        json!({}),
    );
    let findings = lint(&text, "prerequisite_holds");
    assert_eq!(
        paths(&findings, "constant_flag"),
        ["flags.base", "flags.gated"]
    );
}

// ---- missing_metadata, expired, invalid_expires ----

#[test]
fn required_metadata_is_reported_at_the_deepest_node_that_exists() {
    let flag = |metadata: Value| {
        let mut f = boolean(json!([]));
        if !metadata.is_null() {
            f["metadata"] = metadata;
        }
        f
    };
    let mut flags = json!({
        "none": flag(Value::Null),
        "other": flag(json!({"description": "x"})),
        "blank": flag(json!({"owner": "  "})),
        "empty-list": flag(json!({"owner": []})),
        "ok": flag(json!({"owner": "team"})),
    });
    // `ruleset` gives flags without metadata an owner: take it back from "none".
    let mut text: Value = serde_json::from_str(&ruleset(flags.take(), json!({}))).unwrap();
    text["flags"]["none"]
        .as_object_mut()
        .unwrap()
        .remove("metadata");
    let text = text.to_string();
    let findings = lint(&text, "metadata");
    assert_eq!(
        paths(&findings, "missing_metadata"),
        [
            "flags.blank.metadata.owner",
            "flags.empty-list.metadata.owner",
            "flags.none",
            "flags.other.metadata",
        ]
    );
    assert_eq!(
        message(&findings, "flags.none", "missing_metadata"),
        "no metadata: \"owner\" is required"
    );
    assert_eq!(
        message(&findings, "flags.other.metadata", "missing_metadata"),
        "metadata \"owner\" is required"
    );
    assert_eq!(
        message(&findings, "flags.blank.metadata.owner", "missing_metadata"),
        "metadata \"owner\" is empty"
    );
    // The keys come from the config.
    let dir = scratch_dir("metadata_keys");
    let config = write(
        &dir,
        "lint.yaml",
        "missing_metadata: { keys: [owner, ticket] }\n",
    );
    let findings = lint_with(
        &text,
        "metadata_keys_run",
        &["--now", NOW, "--config", &config],
    );
    assert!(paths(&findings, "missing_metadata").contains(&"flags.ok.metadata".to_owned()));
    assert_eq!(
        message(&findings, "flags.ok.metadata", "missing_metadata"),
        "metadata \"ticket\" is required"
    );
}

#[test]
fn expires_dates_are_judged_at_now() {
    let with = |expires: Value| {
        let mut f = boolean(json!([{"rollout": {"percent": 50, "serve": "on"}}]));
        f["metadata"] = json!({"owner": "team", "expires": expires});
        f
    };
    let text = ruleset(
        json!({
            "date": with(json!("2026-11-01")),
            "date-time": with(json!("2026-12-03T12:00:00+01:00")),
            "exactly-now": with(json!("2026-12-04T00:00:00Z")),
            "future": with(json!("2026-12-04T00:00:00.001Z")),
            "typo": with(json!("2026-13-01")),
            "number": with(json!(1_800_000_000_000_i64)),
        }),
        json!({}),
    );
    let findings = lint(&text, "expires");
    assert_eq!(
        paths(&findings, "expired"),
        [
            "flags.date.metadata.expires",
            "flags.date-time.metadata.expires",
            "flags.exactly-now.metadata.expires"
        ]
    );
    assert_eq!(
        message(&findings, "flags.date.metadata.expires", "expired"),
        "expired on 2026-11-01 (33 days ago)"
    );
    assert_eq!(
        message(&findings, "flags.date-time.metadata.expires", "expired"),
        "expired on 2026-12-03T12:00:00+01:00 (less than a day ago)"
    );
    assert_eq!(
        paths(&findings, "invalid_expires"),
        [
            "flags.number.metadata.expires",
            "flags.typo.metadata.expires"
        ]
    );
    assert_eq!(
        message(
            &findings,
            "flags.number.metadata.expires",
            "invalid_expires"
        ),
        "\"expires\" must be an RFC 3339 date or date-time (2026-12-31), found 1800000000000"
    );
    assert!(
        message(&findings, "flags.typo.metadata.expires", "invalid_expires")
            .starts_with("\"expires\" is not an RFC 3339 date or date-time: \"2026-13-01\""),
        "{findings:#?}"
    );
}

// ---- unused_segment ----

#[test]
fn segments_no_flag_uses_are_reported() {
    let segment = json!({"attr": "x", "op": "exists"});
    let text = ruleset(
        json!({
            "nested": boolean(json!([{"when": {"not": {"any": [{"all": [{"segment": "deep"}]}]}},
                                      "serve": "on"}])),
            "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                       "enabled": false, "rules": [{"when": {"segment": "in-killed"}, "serve": "on"}]},
        }),
        json!({"deep": segment, "in-killed": segment, "unused": segment, "odd name": segment}),
    );
    let findings = lint(&text, "segments");
    assert_eq!(
        paths(&findings, "unused_segment"),
        ["segments[\"odd name\"]", "segments.unused"]
    );
    assert_eq!(
        message(&findings, "segments.unused", "unused_segment"),
        "segment \"unused\" is used by no flag"
    );
}

// ---- output, levels, exit codes ----

#[test]
fn text_output_has_path_level_message_and_kind_and_a_count() {
    let text = ruleset(
        json!({"f": boolean(json!([{"serve": "on"}, {"id": "late", "serve": "off"}]))}),
        json!({}),
    );
    let dir = scratch_dir("text_output");
    let file = write(&dir, "flags.json", &text);
    let run = rollgate(&["lint", &file, "--now", NOW]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    // Each line starts with the place of the node in the file: the flag's key, the rule.
    assert_eq!(
        run.stdout,
        format!(
            "{file}:3:5: flags.f: warning: serves \"on\" (true) to everybody: rules[0] decides \
             for everybody first [constant_flag]\n\
             {file}:12:9: flags.f.rules[1]: warning: rule \"late\" never decides: every context \
             it could decide for is decided at or before rules[0] [unreachable_rule]\n"
        )
    );
    assert_eq!(
        run.stderr,
        format!("{file}: 0 errors, 2 warnings (1 flag)\n")
    );

    let clean = write(
        &dir,
        "clean.json",
        &ruleset(
            json!({"f": boolean(json!([
        {"rollout": {"percent": 50, "serve": "on"}}]))}),
            json!({}),
        ),
    );
    let run = rollgate(&["lint", &clean, "--now", NOW]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, format!("{clean}: no findings (1 flag)\n"));
}

#[test]
fn config_levels_decide_the_exit_code() {
    let text = ruleset(
        json!({"f": boolean(json!([{"serve": "on"}, {"serve": "off"}]))}),
        json!({}),
    );
    let dir = scratch_dir("levels");
    let file = write(&dir, "flags.yaml", &text); // JSON is YAML
    let run = rollgate(&["lint", &file, "--now", NOW]);
    assert_eq!(run.code, 0);

    let strict = write(&dir, "strict.yaml", "unreachable_rule: error\n");
    let run = rollgate(&["lint", &file, "--now", NOW, "--config", &strict]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("flags.f.rules[1]: error: this rule never decides"));
    assert!(
        run.stderr.ends_with(": 1 error, 1 warning (1 flag)\n"),
        "{}",
        run.stderr
    );

    let quiet = write(
        &dir,
        "quiet.json",
        r#"{"unreachable_rule": {"level": "off"}, "constant_flag": "off"}"#,
    );
    let run = rollgate(&["lint", &file, "--now", NOW, "--config", &quiet]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));

    let typo = write(&dir, "typo.yaml", "unreachable_rule: eror\n");
    let run = rollgate(&["lint", &file, "--config", &typo]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "rollgate: error: {typo}: unreachable_rule: unknown level \"eror\" (did you mean \
             \"error\"?); levels: off, warn, error\n"
        )
    );
    let broken = write(&dir, "broken.yaml", "unreachable_rule: [\n");
    let run = rollgate(&["lint", &file, "--config", &broken]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line "), "{}", run.stderr);
}

#[test]
fn json_output_lists_findings_with_levels_and_counts() {
    let text = ruleset(
        json!({"f": boolean(json!([{"serve": "on"}, {"serve": "off"}]))}),
        json!({}),
    );
    let dir = scratch_dir("json_output");
    let file = write(&dir, "flags.json", &text);
    let config = write(&dir, "lint.yaml", "constant_flag: error\n");
    let run = rollgate(&["lint", &file, "--now", NOW, "--json", "--config", &config]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["notes"], json!([]));
    assert_eq!(
        report["findings"][0],
        json!({"path": "flags.f", "level": "error", "kind": "constant_flag", "flag": "f",
            "file": file, "line": 3, "column": 5,
               "message": "serves \"on\" (true) to everybody: rules[0] decides for everybody first"})
    );
    assert_eq!(report["findings"][1]["level"], "warn");
}

#[test]
fn an_invalid_ruleset_is_refused_with_its_problems() {
    let dir = scratch_dir("invalid");
    let file = write(
        &dir,
        "flags.json",
        r#"{"schema": 1, "revision": 1, "flags": {"f": {"type": "boolean",
            "variants": {"on": true}, "default": "of"}}}"#,
    );
    let run = rollgate(&["lint", &file]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("flags.f.default: unknown variant \"of\""),
        "{}",
        run.stderr
    );
}

// ---- git history ----

/// Runs git in `dir` with fixed identities and the given commit date.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

fn commit(dir: &Path, date: &str, file: &str, text: &str, message: &str) {
    write(dir, file, text);
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-q", "-m", message]);
}

fn head(dir: &Path) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// The `since` of each constant flag, by flag.
fn ages(dir: &Path, file: &str, extra: &[&str]) -> (Value, String) {
    let path = dir.join(file).display().to_string();
    let mut args = vec!["lint", &path, "--now", NOW, "--git", "--json"];
    args.extend_from_slice(extra);
    let run = rollgate(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut ages = serde_json::Map::new();
    for finding in report["findings"].as_array().unwrap() {
        if finding["kind"] == "constant_flag" {
            ages.insert(
                finding["flag"].as_str().unwrap().to_owned(),
                finding.get("since").cloned().unwrap_or(Value::Null),
            );
        }
    }
    (Value::Object(ages), report["notes"].to_string())
}

#[test]
fn git_history_dates_constant_flags() {
    let dir = scratch_dir("git_history");
    git(&dir, "2026-01-01T00:00:00Z", &["init", "-q"]);
    let half = boolean(json!([{"rollout": {"percent": 50, "serve": "on"}}]));
    let killed = {
        let mut f = half.clone();
        f["enabled"] = json!(false);
        f
    };
    let ramp = boolean(json!([{"rollout": {"steps": [
        {"at": "2026-10-01T00:00:00Z", "percent": 50},
        {"at": "2026-10-20T00:00:00Z", "percent": 100}], "serve": "on"}}]));
    let other = |n: i64| {
        json!({"type": "number", "variants": {"v": n, "w": 0}, "default": "v",
        "rules": [{"when": {"attr": "p", "op": "exists"}, "serve": "w"}]})
    };
    // Killed all along: its ramp's steps change nothing.
    let killed_ramp = {
        let mut f = ramp.clone();
        f["enabled"] = json!(false);
        f
    };
    let version = |kill: &Value, n: i64| {
        ruleset(
            json!({"kill": kill, "static": {"type": "boolean", "variants": {"on": true},
                   "default": "on"}, "ramp": ramp, "other": other(n),
                   "killed-ramp": killed_ramp}),
            json!({}),
        )
    };
    // Sep 1: created (static, kill at 50%, ramp scheduled). Oct 1: killed. Nov 1: an unrelated
    // edit, with a rename. Then an uncommitted change.
    commit(
        &dir,
        "2026-09-01T00:00:00Z",
        "flags.json",
        &version(&half, 1),
        "create",
    );
    commit(
        &dir,
        "2026-10-01T00:00:00Z",
        "flags.json",
        &version(&killed, 1),
        "kill",
    );
    let killed_at = head(&dir);
    git(
        &dir,
        "2026-11-01T00:00:00Z",
        &["mv", "flags.json", "rules.json"],
    );
    commit(
        &dir,
        "2026-11-01T00:00:00Z",
        "rules.json",
        &version(&killed, 2),
        "rename",
    );
    let (found, notes) = ages(&dir, "rules.json", &[]);
    assert_eq!(notes, "[]");
    assert_eq!(found["kill"]["commit"], killed_at);
    assert_eq!(found["kill"]["date"], "2026-10-01T00:00:00.000Z");
    assert_eq!(found["kill"]["days"], 64);
    assert_eq!(found["kill"]["at_least"], false);
    // Constant since the file's first commit, through the rename.
    assert_eq!(found["static"]["date"], "2026-09-01T00:00:00.000Z");
    // The ramp reached 100% on Oct 20, after the commit that scheduled it; the commit is the
    // one in effect then.
    assert_eq!(found["ramp"]["date"], "2026-10-20T00:00:00.000Z");
    assert_eq!(found["ramp"]["commit"], killed_at);
    assert_eq!(found["killed-ramp"]["date"], "2026-09-01T00:00:00.000Z");

    // The text names the age and the commit.
    let path = dir.join("rules.json").display().to_string();
    let run = rollgate(&["lint", &path, "--now", NOW, "--git"]);
    let short: String = killed_at.chars().take(7).collect();
    assert!(
        run.stdout.contains(&format!(
            "flags.kill: warning: disabled: serves \"off\" (false) to everybody (for 64 days, \
             since 2026-10-01, commit {short}) [constant_flag]"
        )),
        "{}",
        run.stdout
    );

    // A shallow clone ends the history early: the runs that reach its end are lower bounds.
    let clone = scratch_dir("git_history_clone");
    let url = format!("file://{}", dir.display());
    let clone_arg = clone.display().to_string();
    git(
        &dir,
        NOW,
        &["clone", "-q", "--depth", "2", &url, &clone_arg],
    );
    let (found, _) = ages(&clone, "rules.json", &[]);
    assert_eq!(found["kill"]["commit"], killed_at);
    assert_eq!(found["kill"]["at_least"], true);
    assert_eq!(found["static"]["date"], "2026-10-01T00:00:00.000Z");
    assert_eq!(found["static"]["at_least"], true);

    // An uncommitted change of state has no age yet.
    let revived = version(&half, 2);
    let mut uncommitted: Value = serde_json::from_str(&revived).unwrap();
    uncommitted["flags"]["other"]["enabled"] = json!(false);
    write(&dir, "rules.json", &uncommitted.to_string());
    let (found, _) = ages(&dir, "rules.json", &[]);
    assert_eq!(found["other"], Value::Null, "{found}");
    assert_eq!(found["static"]["date"], "2026-09-01T00:00:00.000Z");
}

#[test]
fn without_git_history_there_is_a_note() {
    // Outside the repository this test runs in.
    let dir = std::env::temp_dir().join(format!("rollgate-lint-no-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = ruleset(
        json!({"f": {"type": "boolean", "variants": {"on": true}, "default": "on"}}),
        json!({}),
    );
    let file = write(&dir, "flags.json", &text);
    let run = rollgate(&["lint", &file, "--now", NOW, "--git"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains(&format!("note: {file} is not in a git work tree: no ages")),
        "{}",
        run.stderr
    );
    // No git on the PATH at all.
    let output = Command::new(env!("CARGO_BIN_EXE_rollgate"))
        .args(["lint", &file, "--now", NOW, "--git"])
        .env("PATH", "")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("note: git is not available (") && stderr.contains("no ages"),
        "{stderr}"
    );
    git(&dir, "2026-01-01T00:00:00Z", &["init", "-q"]);
    let run = rollgate(&["lint", &file, "--now", NOW, "--git", "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["notes"],
        json!([format!(
            "{file} is not tracked by git: no ages for constant flags"
        )])
    );
    assert!(report["findings"][0].get("since").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}
