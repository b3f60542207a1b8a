//! Any bytes → `Ruleset::from_json`; a ruleset that loads is evaluated for every flag against a
//! few fixed contexts and times, through every public entry point. A panic (or an abort from a
//! stack overflow or an allocation failure) is a bug: the core must turn any input into Ok or Err.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollgate::{AttrValue, Context, FlagType, ProblemKind, Reason, Ruleset};
use std::sync::OnceLock;

/// Contexts covering missing units, string and numeric units, versions, dates, lists, and
/// values of the "wrong" type for most operators.
fn contexts() -> &'static [Context] {
    static CONTEXTS: OnceLock<Vec<Context>> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        let typical = Context::new()
            .with("userId", "user-42")
            .unwrap()
            .with("appVersion", "2.4.0")
            .unwrap()
            .with("platform", "ios")
            .unwrap()
            .with("email", "x@acme.com")
            .unwrap()
            .with("country", "FR")
            .unwrap()
            .with("signupDate", "2026-12-01T00:00:00Z")
            .unwrap();
        let odd = Context::new()
            .with("userId", 9_007_199_254_740_992i64)
            .unwrap()
            .with("appVersion", "v02.3")
            .unwrap()
            .with("platform", 7i64)
            .unwrap()
            .with("email", true)
            .unwrap()
            .with("age", 1e308)
            .unwrap()
            .with("signupDate", 1_796_083_200_000i64)
            .unwrap()
            .with(
                "groups",
                AttrValue::List(vec![AttrValue::from("beta"), AttrValue::from(3.5)].into()),
            )
            .unwrap();
        let unusable = Context::new()
            .with("userId", "")
            .unwrap()
            .with("orgId", 0.5)
            .unwrap()
            .with("deviceId", "日本😀e\u{301}")
            .unwrap()
            .with("appVersion", "1.2.3.4")
            .unwrap();
        vec![Context::new(), typical, odd, unusable]
    })
}

const NOW: [i64; 4] = [0, 1_796_083_200_000, i64::MIN, i64::MAX];
const TYPES: [FlagType; 4] = [
    FlagType::Boolean,
    FlagType::String,
    FlagType::Number,
    FlagType::Object,
];

/// The loader's JSON parser (ADR 0009) must accept exactly the texts serde_json accepts,
/// except where documented limits differ (nesting; serde_json stops at 128 levels too, but
/// counts them slightly differently).
fn check_syntax_agrees_with_serde_json(text: &str, result: &Result<Ruleset, rollgate::LoadError>) {
    let deep = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() >= 120;
    if deep {
        return;
    }
    let ours = !matches!(result, Err(e) if e.problems.first().is_some_and(|p| p.kind == ProblemKind::Syntax));
    let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
    assert_eq!(
        ours, theirs,
        "JSON syntax verdicts differ (ours, serde_json) for {text:?}: {result:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    // Bytes straight in: invalid UTF-8 must be a syntax problem, valid UTF-8 the text's answer.
    let from_bytes = Ruleset::from_json_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_text = Ruleset::from_json(text);
        assert_eq!(
            from_bytes.is_ok(),
            from_text.is_ok(),
            "bytes and text loads differ"
        );
        check_syntax_agrees_with_serde_json(text, &from_text);
    } else {
        let problems = from_bytes
            .as_ref()
            .err()
            .map(|e| e.problems.clone())
            .unwrap_or_default();
        assert!(
            problems
                .first()
                .is_some_and(|p| p.kind == ProblemKind::Syntax),
            "invalid UTF-8 loaded"
        );
    }
    let text = String::from_utf8_lossy(data);
    let ruleset = match Ruleset::from_json(&text) {
        Ok(ruleset) => ruleset,
        Err(error) => {
            assert!(!error.problems.is_empty(), "empty LoadError");
            assert!(error.problems.iter().all(|p| !p.message.is_empty()));
            let _ = error.to_string();
            return;
        }
    };
    let keys: Vec<&str> = ruleset.flag_keys().collect();
    for context in contexts() {
        for now in NOW {
            for (key, from_all) in ruleset.evaluate_all(context, now) {
                let single = ruleset.evaluate(key, context, now);
                assert_eq!(
                    single, from_all,
                    "evaluate_all differs from evaluate for {key}"
                );
                assert!(single.reason == Reason::Error || single.value.is_some());
                for ty in TYPES {
                    let _ = single.clone().expect_type(ty).to_result();
                }
                let explanation = ruleset.explain(key, context, now);
                assert_eq!(
                    explanation.result,
                    single.to_result(),
                    "explain differs for {key}"
                );
                let _ = explanation.to_string();
                serde_json::to_string(&explanation).expect("explanation serializes");
                serde_json::to_string(&single.to_result()).expect("result serializes");
            }
            let _ = ruleset.next_change_after(now);
        }
    }
    for key in keys {
        if let Some(info) = ruleset.flag(key) {
            let _ = (
                info.flag_type(),
                info.enabled(),
                info.variants().count(),
                info.metadata(),
            );
        }
    }
});
