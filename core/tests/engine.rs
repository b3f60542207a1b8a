//! Engine behaviour: loading, validation reports, last-known-good updates, thread safety.

use rollgate::{
    Context, Engine, ErrorCode, FlagType, FlagValue, LoadError, ProblemKind, Reason, Ruleset,
    UpdateError,
};
use std::sync::Arc;

fn ruleset(revision: u64, on: bool) -> String {
    format!(
        r#"{{"schema": 1, "revision": {revision}, "flags": {{
            "f": {{"type": "boolean", "variants": {{"on": true, "off": false}},
                  "default": "{}"}} }} }}"#,
        if on { "on" } else { "off" }
    )
}

const EXAMPLE: &str = r#"{
  "schema": 1, "revision": 42,
  "segments": { "beta": { "any": [ {"attr": "email", "op": "endsWith", "value": "@acme.com"} ] } },
  "flags": {
    "new-checkout": {
      "type": "boolean", "variants": { "on": true, "off": false }, "default": "off", "offVariant": "off",
      "metadata": {"owner": "payments", "tags": ["checkout"]},
      "rules": [
        { "id": "old-apps", "when": {"attr": "appVersion", "op": "semver", "range": "<2.3.0 || 2.5.1"}, "serve": "off" },
        { "id": "beta", "when": {"segment": "beta"}, "serve": "on" },
        { "id": "mobile", "when": {"attr": "platform", "op": "in", "values": ["ios", "android"]},
          "rollout": {"by": "userId", "percent": 10, "serve": "on"} } ] },
    "killed": { "type": "string", "variants": {"a": "A", "b": "B"}, "default": "a", "offVariant": "b",
      "enabled": false, "rules": [ {"serve": "a"} ] },
    "dependent": { "type": "number", "variants": {"one": 1, "two": 2}, "default": "two", "offVariant": "one",
      "prerequisites": [ {"flag": "new-checkout", "variants": ["on"]} ] }
  }
}"#;

/// Each problem of `error` as its path and kind, in report order.
fn paths_and_kinds(error: &LoadError) -> Vec<(&str, ProblemKind)> {
    error
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.kind))
        .collect()
}

#[test]
fn evaluates_the_issue_example() {
    let rs = Ruleset::from_json(EXAMPLE).unwrap();
    let old = Context::new()
        .with("appVersion", "2.2.9")
        .unwrap()
        .with("email", "x@acme.com")
        .unwrap();
    let r = rs.evaluate("new-checkout", &old, 0);
    assert_eq!(
        (r.variant, r.reason, r.rule_id),
        (Some("off"), Reason::TargetingMatch, Some("old-apps"))
    );

    let beta = Context::new()
        .with("appVersion", "2.4.0-beta.1")
        .unwrap()
        .with("email", "x@acme.com")
        .unwrap();
    let r = rs.evaluate("new-checkout", &beta, 0);
    assert_eq!((r.variant, r.rule_id), (Some("on"), Some("beta")));
    assert_eq!(
        r.metadata
            .and_then(|m| m.get("owner"))
            .and_then(|v| v.as_str()),
        Some("payments")
    );

    let no_unit = Context::new()
        .with("appVersion", "2.4.0")
        .unwrap()
        .with("platform", "ios")
        .unwrap();
    let r = rs.evaluate("new-checkout", &no_unit, 0);
    assert_eq!(
        (r.variant, r.reason, r.unit_missing),
        (Some("off"), Reason::Default, Some("userId"))
    );

    let r = rs.evaluate("killed", &no_unit, 0);
    assert_eq!((r.variant, r.reason), (Some("b"), Reason::Disabled));

    let r = rs.evaluate("dependent", &no_unit, 0);
    assert_eq!(
        (r.variant, r.reason, r.failed_prerequisite),
        (
            Some("one"),
            Reason::PrerequisiteFailed,
            Some("new-checkout")
        )
    );
    let r = rs.evaluate("dependent", &beta, 0);
    assert_eq!((r.variant, r.reason), (Some("two"), Reason::Static));

    let r = rs.evaluate("nope", &beta, 0);
    assert_eq!(
        (r.reason, r.error_code, r.value),
        (Reason::Error, Some(ErrorCode::FlagNotFound), None)
    );
    let r = rs
        .evaluate("killed", &beta, 0)
        .expect_type(FlagType::Boolean);
    assert_eq!(
        (r.reason, r.error_code),
        (Reason::Error, Some(ErrorCode::TypeMismatch))
    );
}

#[test]
fn ten_percent_rollout_serves_about_ten_percent() {
    let rs = Ruleset::from_json(EXAMPLE).unwrap();
    let on = (0..20_000)
        .filter(|i| {
            let ctx = Context::new()
                .with("appVersion", "3.0.0")
                .unwrap()
                .with("platform", "android")
                .unwrap()
                .with("userId", format!("user-{i}"))
                .unwrap();
            rs.evaluate("new-checkout", &ctx, 0).variant == Some("on")
        })
        .count();
    assert!(
        (1_800..2_200).contains(&on),
        "{on} of 20000 in a 10% rollout"
    );
}

#[test]
fn reports_every_problem_with_paths() {
    let bad = r#"{"schema": 1, "revision": 1,
      "flags": {
        "checkout": {"type": "boolean", "variants": {"on": true, "off": "no"}, "default": "of",
          "rules": [ {"id": "a", "when": {"attr": "v", "op": "semver_gte", "value": "1"}, "serve": "on"},
                     {"id": "a", "when": {"attr": "v", "op": "semver", "range": ">=1 ||"}, "serve": "on"},
                     {"id": "c", "when": {"segment": "ghost"}, "serve": "on"},
                     {"id": "d", "split": {"variants": [{"variant": "on", "weight": 60}, {"variant": "on", "weight": 30}]}} ] },
        "b": {"type": "boolean", "variants": {"on": true}, "default": "on", "prerequisites": [{"flag": "c", "variants": ["on"]}]},
        "c": {"type": "boolean", "variants": {"on": true}, "default": "on", "prerequisites": [{"flag": "b", "variants": ["on"]}]}
      }}"#;
    let err = Ruleset::from_json(bad).unwrap_err();
    let found: Vec<(String, ProblemKind)> = err
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.kind))
        .collect();
    for expected in [
        ("flags.checkout.variants.off", ProblemKind::TypeMismatch),
        (
            "flags.checkout.rules[0].when.op",
            ProblemKind::UnknownOperator,
        ),
        (
            "flags.checkout.rules[1].when.range",
            ProblemKind::InvalidRange,
        ),
        (
            "flags.checkout.rules[2].when.segment",
            ProblemKind::UnknownSegment,
        ),
        (
            "flags.checkout.rules[3].split.variants",
            ProblemKind::WeightSum,
        ),
        ("flags.b.prerequisites", ProblemKind::PrerequisiteCycle),
    ] {
        assert!(
            found
                .iter()
                .any(|(p, k)| p == expected.0 && *k == expected.1),
            "missing {expected:?} in {err}"
        );
    }
    let unknown = err
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::UnknownOperator)
        .unwrap();
    assert_eq!(
        unknown.to_string(),
        "flags.checkout.rules[0].when.op: unknown operator \"semver_gte\" (did you mean \"semver\"?)"
    );
}

#[test]
fn json_syntax_errors_have_line_and_column() {
    let err = Ruleset::from_json("{\n  \"schema\": 1,\n  \"revision\" 2\n}").unwrap_err();
    let message = err.problems[0].message.clone();
    assert_eq!(err.problems[0].kind, ProblemKind::Syntax);
    assert!(
        message.contains("line 3") && message.contains("column"),
        "{message}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut condition = String::from(r#"{"attr": "a", "op": "exists"}"#);
    for _ in 0..40 {
        condition = format!(r#"{{"not": {condition}}}"#);
    }
    let doc = format!(
        r#"{{"schema": 1, "revision": 1, "flags": {{"f": {{"type": "boolean", "variants": {{"on": true}},
        "default": "on", "rules": [{{"when": {condition}, "serve": "on"}}]}}}}}}"#
    );
    let err = Ruleset::from_json(&doc).unwrap_err();
    assert_eq!(err.problems[0].kind, ProblemKind::LimitExceeded, "{err}");

    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = Ruleset::from_json(&deep_json).unwrap_err();
    assert_eq!(err.problems[0].kind, ProblemKind::Syntax);
}

#[test]
fn update_keeps_last_good_and_refuses_rollback() {
    let engine = Engine::from_json(&ruleset(5, true)).unwrap();
    let ctx = Context::new();
    let serving = |e: &Engine| {
        e.snapshot()
            .evaluate("f", &ctx, 0)
            .value
            .and_then(|v| v.as_bool())
    };
    assert_eq!(serving(&engine), Some(true));

    let invalid = engine.update(r#"{"schema": 1, "revision": 9, "flags": {"f": 3}}"#);
    assert!(matches!(invalid, Err(UpdateError::Invalid(_))));
    assert_eq!((engine.revision(), serving(&engine)), (5, Some(true)));

    let stale = engine.update(&ruleset(4, false));
    assert_eq!(
        stale,
        Err(UpdateError::Stale {
            current: 5,
            offered: 4
        })
    );
    assert_eq!(serving(&engine), Some(true));

    let outcome = engine.update(&ruleset(6, false)).unwrap();
    assert_eq!((outcome.previous_revision, outcome.revision), (5, 6));
    assert_eq!(serving(&engine), Some(false));
    // The same revision again is accepted (a re-publish), not treated as a rollback.
    assert!(engine.update(&ruleset(6, true)).is_ok());
}

#[test]
fn readers_never_see_a_torn_ruleset_during_updates() {
    // Each revision R serves variant "on" iff R is even, in two flags; a reader must always see
    // both flags agree, and revisions never go backwards for one reader.
    let doc = |r: u64| {
        let v = if r % 2 == 0 { "on" } else { "off" };
        format!(
            r#"{{"schema": 1, "revision": {r}, "flags": {{
              "a": {{"type": "boolean", "variants": {{"on": true, "off": false}}, "default": "{v}"}},
              "b": {{"type": "boolean", "variants": {{"on": true, "off": false}}, "default": "{v}"}} }} }}"#
        )
    };
    let engine = Arc::new(Engine::from_json(&doc(0)).unwrap());
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let engine = Arc::clone(&engine);
            std::thread::spawn(move || {
                let ctx = Context::new();
                let mut last = 0;
                for _ in 0..20_000 {
                    let snap = engine.snapshot();
                    let a = snap.evaluate("a", &ctx, 0).value.and_then(|v| v.as_bool());
                    let b = snap.evaluate("b", &ctx, 0).value.and_then(|v| v.as_bool());
                    assert_eq!(a, b);
                    assert_eq!(a, Some(snap.revision() % 2 == 0));
                    assert!(snap.revision() >= last);
                    last = snap.revision();
                }
            })
        })
        .collect();
    for r in 1..=500 {
        engine.update(&doc(r)).unwrap();
    }
    for reader in readers {
        reader.join().unwrap();
    }
    assert_eq!(engine.revision(), 500);
}

#[test]
fn explain_names_rules_and_compared_values() {
    let rs = Ruleset::from_json(EXAMPLE).unwrap();
    let ctx = Context::new()
        .with("appVersion", "2.3.0.1")
        .unwrap()
        .with("platform", "ios")
        .unwrap()
        .with("userId", "u-1")
        .unwrap();
    let explanation = rs.explain("new-checkout", &ctx, 0);
    let first = &explanation.rules[0];
    assert_eq!(first.id, "old-apps");
    assert!(!first.matched);
    let note = first.checks[0].note.clone().unwrap();
    assert!(note.contains("not a valid version"), "{note}");
    assert_eq!(
        first.checks[0].expected,
        rollgate::json::Value::from("<2.3.0 || 2.5.1")
    );
    let text = explanation.to_string();
    assert!(
        text.contains("rule mobile") && text.contains("bucket"),
        "{text}"
    );
}

#[test]
fn ramp_advances_with_now() {
    let doc = r#"{"schema": 1, "revision": 1, "flags": {"s": {"type": "boolean",
      "variants": {"on": true, "off": false}, "default": "off",
      "rules": [{"id": "ramp", "rollout": {"steps": [
        {"at": "2026-12-01T00:00:00Z", "percent": 1}, {"at": "2026-12-15T00:00:00Z", "percent": 100}],
        "serve": "on"}}]}}}"#;
    let rs = Ruleset::from_json(doc).unwrap();
    let dec1 = rollgate::time::parse_rfc3339_ms("2026-12-01T00:00:00Z").unwrap();
    let dec15 = rollgate::time::parse_rfc3339_ms("2026-12-15T00:00:00Z").unwrap();
    let ctx = Context::new().with("userId", "someone").unwrap();
    assert_eq!(rs.evaluate("s", &ctx, dec1 - 1).variant, Some("off"));
    assert_eq!(rs.evaluate("s", &ctx, dec15).variant, Some("on"));
    assert_eq!(rs.next_change_after(0), Some(dec1));
    assert_eq!(rs.next_change_after(dec1), Some(dec15));
    assert_eq!(rs.next_change_after(dec15), None);
}

#[test]
fn long_in_lists_are_searched_correctly() {
    // Above 16 values the loader sorts the list for binary search; short lists are scanned.
    let values: Vec<String> = (0..40).rev().map(|i| format!("\"c{i:02}\"")).collect();
    let doc = format!(
        r#"{{"schema": 1, "revision": 1, "flags": {{"f": {{"type": "boolean",
          "variants": {{"on": true, "off": false}}, "default": "off",
          "rules": [{{"when": {{"attr": "country", "op": "in", "values": [{}]}}, "serve": "on"}}]}}}}}}"#,
        values.join(", ")
    );
    let rs = Ruleset::from_json(&doc).unwrap();
    for (country, expected) in [
        ("c00", "on"),
        ("c39", "on"),
        ("c17", "on"),
        ("c40", "off"),
        ("", "off"),
    ] {
        let ctx = Context::new().with("country", country).unwrap();
        assert_eq!(
            rs.evaluate("f", &ctx, 0).variant,
            Some(expected),
            "{country}"
        );
    }
    let short = Ruleset::from_json(&doc.replace(&values[..30].join(", "), "\"zz\"")).unwrap();
    let ctx = Context::new().with("country", "zz").unwrap();
    assert_eq!(short.evaluate("f", &ctx, 0).variant, Some("on"));
}

#[test]
fn duplicate_keys_are_reported_in_small_and_large_objects() {
    let flag = r#"{"type": "boolean", "variants": {"on": true}, "default": "on"}"#;
    let mut flags: Vec<String> = (0..20).map(|i| format!(r#""f{i}": {flag}"#)).collect();
    flags.push(format!(r#""f7": {flag}"#));
    let doc = format!(
        r#"{{"schema": 1, "revision": 1, "revision": 2, "flags": {{{}}}}}"#,
        flags.join(", ")
    );
    let err = Ruleset::from_json(&doc).unwrap_err();
    let found = paths_and_kinds(&err);
    assert!(
        found.contains(&("revision", ProblemKind::DuplicateKey)),
        "{err}"
    );
    assert!(
        found.contains(&("flags.f7", ProblemKind::DuplicateKey)),
        "{err}"
    );
    // Different keys of the same length ("variants", "metadata") are not duplicates; a real
    // duplicate among keys that are not field names is reported at its path.
    let doc = r#"{"schema": 1, "revision": 1, "flags": {"m": {"type": "boolean",
        "variants": {"on": true}, "metadata": {"a": 1, "b": 2, "a": 3}, "default": "on"}}}"#;
    let err = Ruleset::from_json(doc).unwrap_err();
    let duplicates: Vec<&str> = err
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::DuplicateKey)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(duplicates, ["flags.m.metadata.a"], "{err}");
}

#[test]
fn context_json_errors_name_the_attribute() {
    let err = Context::from_json(r#"{"userId": "u1", "address": {"country": "FR"}}"#).unwrap_err();
    assert_eq!(err.path, "context.address");
    assert!(err.message.contains("nested objects"), "{err}");
    // The hint names the caller's own attribute, flattened.
    let err = Context::from_json(r#"{"device": {"os": "ios", "model": "x"}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "context.device: nested objects are not supported; flatten them (\"device.os\")"
    );
    let err = Context::from_json(r#"{"a": {"b": {"c": 1}}, "d": 2}"#).unwrap_err();
    assert!(err.message.ends_with("(\"a.b.c\")"), "{err}");
    let err = Context::from_json(r#"{"empty": {}}"#).unwrap_err();
    assert!(err.message.ends_with("(\"empty.<key>\")"), "{err}");
    let err = Context::from_json(r#"{"tags": ["a", {"b": 1}]}"#).unwrap_err();
    assert_eq!(err.path, "context.tags");
    assert_eq!(err.message, "objects in lists are not supported");
    let err = Context::from_json(r#"{"groups": ["a", null]}"#).unwrap_err();
    assert_eq!(err.path, "context.groups");
    let err = Context::from_json(r#"{"userId": "u1""#).unwrap_err();
    assert_eq!(err.path, "context");
    assert!(err.message.starts_with("invalid JSON"), "{err}");
    assert!(Context::from_json("[1, 2]").is_err());
    let ctx = Context::from_json(
        r#"{"userId": "u\u00e9", "n": 5, "ok": true, "gone": null, "tags": ["a", 1]}"#,
    )
    .unwrap();
    assert_eq!((ctx.len(), ctx.get("gone")), (4, None));
    assert_eq!(
        ctx.to_json(),
        Context::from_json(&ctx.to_json().to_string())
            .unwrap()
            .to_json()
    );
    assert_eq!(
        ctx.to_json(),
        Context::from_json_value(&ctx.to_json().into())
            .unwrap()
            .to_json()
    );
}

#[test]
fn positions_agree_with_names() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/bench/ruleset-200.json"
    ))
    .unwrap();
    let rs = Ruleset::from_json(&text).unwrap();
    let keys: Vec<&str> = rs.flag_keys().collect();
    let mut with_rule = 0;
    for i in 0..300 {
        let ctx = Context::new()
            .with("userId", format!("user-{i}"))
            .unwrap()
            .with("appVersion", ["1.9.0", "2.4.1", "3.1.0-beta.2"][i % 3])
            .unwrap()
            .with("platform", ["ios", "android", "web"][i % 3])
            .unwrap()
            .with(
                "email",
                if i % 5 == 0 {
                    "x.y@acme.com"
                } else {
                    "z@example.com"
                },
            )
            .unwrap();
        for (key, eval) in rs.evaluate_all(&ctx, 1_796_860_800_000) {
            let p = eval.positions.unwrap();
            assert_eq!(keys[p.flag as usize], key);
            let info = rs.flag_at(p.flag as usize).unwrap();
            assert_eq!(
                info.variants().nth(p.variant as usize).map(|(n, _)| n),
                eval.variant
            );
            assert_eq!(
                p.rule.and_then(|r| info.rule_ids().nth(r as usize)),
                eval.rule_id
            );
            assert_eq!(
                p.failed_prerequisite.map(|f| keys[f as usize]),
                eval.failed_prerequisite
            );
            with_rule += usize::from(p.rule.is_some());
        }
    }
    assert!(
        with_rule > 1000,
        "the sample should exercise rules: {with_rule}"
    );
    assert_eq!(rs.evaluate("missing", &Context::new(), 0).positions, None);
}

#[test]
fn every_key_is_found_and_evaluate_index_agrees() {
    // Enough flags that many keys share a first probe slot in the key index.
    let flags: Vec<String> = (0..700)
        .map(|i| {
            format!(r#""flag-{i}": {{"type": "number", "variants": {{"v": {i}}}, "default": "v"}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"schema": 1, "revision": 1, "flags": {{{}}}}}"#,
        flags.join(",")
    );
    let rs = Ruleset::from_json(&text).unwrap();
    let ctx = Context::new();
    let keys: Vec<&str> = rs.flag_keys().collect();
    assert_eq!(keys.len(), 700);
    for (i, key) in keys.iter().enumerate() {
        let by_key = rs.evaluate(key, &ctx, 0);
        assert_eq!(by_key.positions.map(|p| p.flag as usize), Some(i), "{key}");
        assert_eq!(rs.evaluate_index(i, &ctx, 0), by_key);
        let n: f64 = key.trim_start_matches("flag-").parse().unwrap();
        assert_eq!(by_key.value.and_then(|v| v.as_f64()), Some(n));
    }
    for missing in ["", "flag-700", "flag-", "flag-1 ", "FLAG-1"] {
        assert_eq!(
            rs.evaluate(missing, &ctx, 0).error_code,
            Some(ErrorCode::FlagNotFound)
        );
    }
    assert_eq!(
        rs.evaluate_index(700, &ctx, 0).error_code,
        Some(ErrorCode::FlagNotFound)
    );
}

#[test]
fn rulesets_load_from_bytes_and_invalid_utf8_is_located() {
    let text = r#"{"schema": 1, "revision": 3, "flags": {"f": {"type": "string",
        "variants": {"é": "日本"}, "default": "é"}}}"#;
    let from_bytes = Ruleset::from_json_bytes(text.as_bytes()).unwrap();
    let from_text = Ruleset::from_json(text).unwrap();
    let ctx = Context::new();
    assert_eq!(
        from_bytes.evaluate("f", &ctx, 0).to_result(),
        from_text.evaluate("f", &ctx, 0).to_result()
    );

    let mut broken = b"{\"schema\": 1,\n \"revision\": \"".to_vec();
    broken.extend_from_slice(&[0xC3, 0x28]); // a lead byte without its continuation
    broken.extend_from_slice(b"\"}");
    let err = Ruleset::from_json_bytes(&broken).unwrap_err();
    assert_eq!(err.problems[0].kind, ProblemKind::Syntax);
    assert_eq!(
        err.problems[0].message,
        "invalid JSON: invalid UTF-8 at line 2 column 15"
    );

    let engine = Engine::from_json(&ruleset(5, true)).unwrap();
    assert!(matches!(
        engine.update_bytes(&broken),
        Err(UpdateError::Invalid(_))
    ));
    assert_eq!(engine.revision(), 5);
    engine.update_bytes(ruleset(6, false).as_bytes()).unwrap();
    assert_eq!(engine.revision(), 6);
}

/// Many distinct rule ids and variant names (60 flags with names of their own) all resolve,
/// evaluate and are checked for duplicates, the last flag's as well as the first's.
#[test]
fn many_distinct_names_resolve_and_duplicates_past_the_name_bound_are_caught() {
    let flag = |i: usize| {
        format!(
            r#""f{i}": {{"type": "string", "variants": {{"v{i}": "value-{i}", "w{i}": "other-{i}"}},
                "default": "w{i}", "rules": [{{"id": "rule-{i}", "serve": "v{i}"}}]}}"#
        )
    };
    let document = |flags: &[String]| {
        format!(
            r#"{{"schema": 1, "revision": 1, "flags": {{ {} }}}}"#,
            flags.join(",")
        )
    };
    let flags: Vec<String> = (0..60).map(flag).collect();
    let ruleset = Ruleset::from_json(&document(&flags)).expect("valid");
    let context = Context::new();
    for i in [0, 31, 32, 59] {
        let result = ruleset.evaluate(&format!("f{i}"), &context, 0);
        assert_eq!(result.variant, Some(format!("v{i}").as_str()));
        assert_eq!(result.rule_id, Some(format!("rule-{i}").as_str()));
        let value = result.value.and_then(|v| v.as_str().map(str::to_owned));
        assert_eq!(value.as_deref(), Some(format!("value-{i}").as_str()));
        let info = ruleset.flag(&format!("f{i}")).expect("flag");
        assert_eq!(info.rule_ids().collect::<Vec<_>>(), [format!("rule-{i}")]);
        let names: Vec<&str> = info.variants().map(|(name, _)| name).collect();
        assert_eq!(names, [format!("v{i}"), format!("w{i}")]);
    }

    // A flag that repeats a rule id is refused.
    let mut flags = flags;
    flags.push(
        r#""g": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
            "rules": [{"id": "rule-59", "serve": "on"}, {"id": "rule-59", "serve": "off"}]}"#
            .to_owned(),
    );
    let error = Ruleset::from_json(&document(&flags)).expect_err("duplicate rule id");
    assert_eq!(
        paths_and_kinds(&error),
        [("flags.g.rules[1].id", ProblemKind::DuplicateId)]
    );
    assert!(error.problems[0].message.contains("\"rule-59\""));
}

/// What the engine writes reads back to the same doubles (docs/format.md, "The text is strict
/// JSON"): object values and metadata keep integers as their digits and write other numbers
/// in their shortest round-trip form, JavaScript's layout; explanations show operands and
/// context values the same way.
#[test]
fn written_numbers_read_back_to_the_same_doubles() {
    let rs = Ruleset::from_json(
        r#"{"schema": 1, "revision": 1, "flags": {
          "config": {"type": "object", "default": "v",
            "variants": {"v": {"a": 1.0E25, "b": 0.30000000000000004, "c": 18446744073709551615,
                               "d": 50.0, "e": -0.0, "f": 5e-324, "g": 1E-7, "h": 123456789012345678901234567890}},
            "metadata": {"weight": 2.5E-3, "max": 1.7976931348623157e308},
            "rules": [{"id": "big", "when": {"attr": "x", "op": "lte", "value": 3.6703193633380836e+22},
                       "serve": "v"}]}}}"#,
    )
    .unwrap();
    let ctx = Context::from_json(r#"{"x": 3.6703193633380836E22}"#).unwrap();
    let result = rs.evaluate("config", &ctx, 0);
    assert_eq!(result.rule_id, Some("big"));
    let Some(FlagValue::Object(object)) = result.value else {
        panic!("not an object: {:?}", result.value);
    };
    assert_eq!(
        object.as_json(),
        r#"{"a":1e+25,"b":0.30000000000000004,"c":18446744073709551615,"d":50,"e":-0,"f":5e-324,"g":1e-7,"h":1.2345678901234568e+29}"#
    );
    assert_eq!(object.get("a").and_then(|v| v.as_f64()), Some(1e25));
    assert_eq!(
        result.metadata.unwrap().as_json(),
        r#"{"weight":0.0025,"max":1.7976931348623157e+308}"#
    );
    let explanation = rs.explain("config", &ctx, 0);
    let check = &explanation.rules[0].checks[0];
    assert_eq!(check.expected.to_string(), "3.6703193633380836e+22");
    assert_eq!(
        check.actual.as_ref().map(ToString::to_string).as_deref(),
        Some("3.6703193633380836e+22")
    );
    assert!(check.matched);
}
