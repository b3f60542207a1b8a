//! An explanation's text report: [`Explanation::lines`] (what `Display` prints, and so the CLI
//! and mobile `explain_text`) and [`Explanation::report`] (what `rollgate explain` prints, and
//! the browser's devtools panel shows), each line with its depth and verdict.

// The helpers below run only inside tests, where a failure should stop at once.
#![allow(clippy::unwrap_used)]

use rollgate::{Context, Explanation, Ruleset, TraceLine};
use serde_json::Value;

/// Every kind of line: results (matched, split, default, disabled, prerequisite failed, error),
/// the kill switch, prerequisites, rules, checks with and without notes, rollouts and splits in
/// and out, and units missing or unusable.
const RULESET: &str = r#"{"schema": 1, "revision": 7,
  "segments": {"staff": {"attr": "email", "op": "endsWith", "value": "@acme.com"}},
  "flags": {
    "base": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
      "rules": [
        {"id": "old-apps", "when": {"attr": "appVersion", "op": "semver", "range": "<2.0.0"}, "serve": "off"},
        {"id": "staff", "when": {"segment": "staff"}, "serve": "on"},
        {"id": "ramp", "when": {"all": [{"attr": "platform", "op": "in", "values": ["ios", "android"]},
          {"not": {"attr": "country", "op": "equals", "value": "DE"}}]}, "rollout": {"percent": 12.5, "serve": "on"}},
        {"id": "ab", "split": {"by": "deviceId", "variants": [{"variant": "on", "weight": 50}, {"variant": "off", "weight": 50}]}}]},
    "killed": {"type": "string", "variants": {"a": "A", "b": "B"}, "default": "a", "offVariant": "b",
      "enabled": false, "rules": [{"serve": "a"}]},
    "gated": {"type": "number", "variants": {"one": 1, "two": 2}, "default": "one",
      "prerequisites": [{"flag": "base", "variants": ["on"]}], "rules": [{"id": "everyone", "serve": "two"}]}
  }
}"#;

/// 2025-12-01T00:00:00Z.
const NOW: i64 = 1_764_547_200_000;

/// (flag, context) pairs whose texts, one after the other, are [`TEXT`].
const CASES: [(&str, &str); 8] = [
    ("base", r#"{"userId": "u-1", "appVersion": "1.5.0"}"#),
    (
        "base",
        r#"{"userId": "u-2", "appVersion": "not-a-version", "email": "x@example.com", "platform": "ios", "country": "FR"}"#,
    ),
    (
        "base",
        r#"{"userId": true, "appVersion": "3.0.0", "platform": "android", "deviceId": "d-9"}"#,
    ),
    ("base", r#"{"userId": "u-8", "platform": "ios"}"#),
    ("killed", "{}"),
    ("gated", r#"{"email": "ops@acme.com"}"#),
    (
        "gated",
        r#"{"userId": "u-2", "platform": "ios", "deviceId": "d-1"}"#,
    ),
    ("nope", "{}"),
];

/// The text of [`CASES`], byte for byte: the report's format is what `rollgate explain`'s
/// transcripts and users' scripts read.
const TEXT: &str = r#"flag base: variant "off" = false (TARGETING_MATCH, rule "old-apps")
  rule old-apps: matched
    when appVersion semver "<2.0.0": "1.5.0" -> yes
flag base: variant "off" = false (DEFAULT)
  rule old-apps: no match
    when appVersion semver "<2.0.0": "not-a-version" -> no (not a valid version: "not-a-version" is not a version: expected a number at position 1, found 'n')
  rule staff: no match
    when.segment(staff) email endsWith "@acme.com": "x@example.com" -> no
  rule ramp: matched
    when.all[0] platform in ["ios","android"]: "ios" -> yes
    when.all[1].not country equals "DE": "FR" -> no
    rollout by userId (salt "base"): bucket 94533 vs 12.5% (threshold 12500) -> not in
  rule ab: matched
    split by deviceId (salt "base"): context has no "deviceId": not in the split
  no rule served a variant: default variant
flag base: variant "on" = true (SPLIT, rule "ab")
  rule old-apps: no match
    when appVersion semver "<2.0.0": "3.0.0" -> no
  rule staff: no match
    when.segment(staff) email endsWith "@acme.com": (missing) -> no (context has no "email")
  rule ramp: matched
    when.all[0] platform in ["ios","android"]: "android" -> yes
    when.all[1].not country equals "DE": (missing) -> no (context has no "country")
    rollout by userId (salt "base"): "userId" is not a usable unit (use a non-empty string or an integer up to 2^53): not in the rollout
  rule ab: matched
    split by deviceId (salt "base"): bucket 48171 -> on
flag base: variant "on" = true (SPLIT, rule "ramp")
  rule old-apps: no match
    when appVersion semver "<2.0.0": (missing) -> no (context has no "appVersion")
  rule staff: no match
    when.segment(staff) email endsWith "@acme.com": (missing) -> no (context has no "email")
  rule ramp: matched
    when.all[0] platform in ["ios","android"]: "ios" -> yes
    when.all[1].not country equals "DE": (missing) -> no (context has no "country")
    rollout by userId (salt "base"): bucket 9575 vs 12.5% (threshold 12500) -> on
flag killed: variant "b" = "B" (DISABLED)
  the flag is disabled (kill switch): serving its off variant
flag gated: variant "two" = 2 (TARGETING_MATCH, rule "everyone")
  prerequisite base: on -> passed
  rule everyone: matched
flag gated: variant "one" = 1 (PREREQUISITE_FAILED)
  prerequisite base: off -> FAILED
flag nope: no value (ERROR, FLAG_NOT_FOUND)
  the flag is disabled (kill switch): serving its off variant
"#;

fn explain(ruleset: &Ruleset, flag: &str, context: &str) -> Explanation {
    ruleset.explain(flag, &Context::from_json(context).unwrap(), NOW)
}

fn cases() -> Vec<Explanation> {
    let ruleset = Ruleset::from_json(RULESET).unwrap();
    CASES
        .iter()
        .map(|(flag, context)| explain(&ruleset, flag, context))
        .collect()
}

/// The lines as a terminal shows them: two spaces per level of depth, one line each.
fn joined(lines: &[TraceLine]) -> String {
    lines
        .iter()
        .map(|line| format!("{}{}\n", "  ".repeat(line.depth.into()), line.text))
        .collect()
}

#[test]
fn the_text_is_unchanged_byte_for_byte() {
    let text: String = cases().iter().map(ToString::to_string).collect();
    assert_eq!(text, TEXT);
}

#[test]
fn display_is_the_lines_joined_with_their_indentation() {
    let mut explanations = cases();
    // Every flag of the example for fifty users, and the conformance corpus's explain cases.
    let example = Ruleset::from_json(include_str!("../../examples/flags.json")).unwrap();
    let users = include_str!("../../examples/users.jsonl");
    for user in users.lines().take(50) {
        for flag in example.flag_keys() {
            explanations.push(explain(&example, flag, user));
        }
    }
    let corpus: Value =
        serde_json::from_str(include_str!("../../tests/conformance/explain.json")).unwrap();
    let ruleset = Ruleset::from_json(&corpus["ruleset"].to_string()).unwrap();
    for case in corpus["cases"].as_array().unwrap() {
        let flag = case["flag"].as_str().unwrap();
        explanations.push(explain(&ruleset, flag, &case["context"].to_string()));
    }
    assert!(explanations.len() > 400, "{}", explanations.len());
    for explanation in &explanations {
        let lines = explanation.lines();
        assert_eq!(explanation.to_string(), joined(&lines));
        assert!(lines
            .iter()
            .all(|line| line.depth <= 2 && !line.text.contains('\n')));
        // TraceLine's own Display is the line with its indentation.
        let printed: String = lines.iter().map(|line| format!("{line}\n")).collect();
        assert_eq!(printed, joined(&lines));
    }
}

/// What a line's text says about its test, read independently of the core's code.
fn verdict_of(line: &TraceLine) -> Option<bool> {
    let text = line.text.as_str();
    if line.depth == 0 || text.starts_with("no rule served") || text.starts_with("evaluated at") {
        None
    } else if text.starts_with("the flag is disabled") {
        Some(false)
    } else if text.starts_with("prerequisite ") {
        Some(text.ends_with("-> passed"))
    } else if text.starts_with("rule ") {
        Some(text.ends_with(": matched"))
    } else if text.starts_with("when") {
        Some(text.contains(" -> yes"))
    } else {
        assert!(
            text.starts_with("rollout by ") || text.starts_with("split by "),
            "{text}"
        );
        Some(text.contains(" -> ") && !text.ends_with(" -> not in"))
    }
}

#[test]
fn every_line_says_whether_what_it_tests_held() {
    let mut seen = [0; 2];
    for explanation in cases() {
        for line in explanation.report(7) {
            assert_eq!(line.verdict, verdict_of(&line), "{}", line.text);
            if let Some(held) = line.verdict {
                seen[usize::from(held)] += 1;
            }
        }
    }
    assert!(seen[0] >= 10 && seen[1] >= 10, "{seen:?}");
}

#[test]
fn the_report_ends_with_the_time_and_the_revision() {
    for explanation in cases() {
        let mut expected = explanation.lines();
        let report = explanation.report(7);
        let last = report.last().unwrap();
        assert_eq!(
            last.to_string(),
            "  evaluated at 2025-12-01T00:00:00.000Z, ruleset revision 7"
        );
        expected.push(last.clone());
        assert_eq!(report, expected);
    }
    // Outside the years RFC 3339 covers, the milliseconds themselves.
    let ruleset = Ruleset::from_json(RULESET).unwrap();
    let late = ruleset.explain("killed", &Context::new(), i64::MAX);
    assert_eq!(
        late.report(u64::MAX).last().unwrap().text,
        "evaluated at 9223372036854775807 ms, ruleset revision 18446744073709551615"
    );
}

#[test]
fn a_line_as_json_has_its_depth_text_and_verdict() {
    let lines = cases()[0].report(7);
    let json: Vec<String> = lines
        .iter()
        .map(|line| line.to_json().to_string())
        .collect();
    assert_eq!(
        json,
        [
            r#"{"depth":0,"text":"flag base: variant \"off\" = false (TARGETING_MATCH, rule \"old-apps\")","verdict":null}"#,
            r#"{"depth":1,"text":"rule old-apps: matched","verdict":true}"#,
            r#"{"depth":2,"text":"when appVersion semver \"<2.0.0\": \"1.5.0\" -> yes","verdict":true}"#,
            r#"{"depth":1,"text":"evaluated at 2025-12-01T00:00:00.000Z, ruleset revision 7","verdict":null}"#,
        ]
    );
}
