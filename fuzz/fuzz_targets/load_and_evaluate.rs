//! Any bytes → `Ruleset::from_json`; a ruleset that loads is evaluated for every flag against a
//! few fixed contexts and times, through every public entry point. A panic (or an abort from a
//! stack overflow or an allocation failure) is a bug: the core must turn any input into Ok or Err.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollgate::{AttrValue, Context, FlagType, Reason, Ruleset};
use std::sync::OnceLock;

/// Contexts covering missing units, string and numeric units, versions, dates, lists, and
/// values of the "wrong" type for most operators.
fn contexts() -> &'static [Context] {
    static CONTEXTS: OnceLock<Vec<Context>> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        let typical = Context::new()
            .with("userId", "user-42")
            .with("appVersion", "2.4.0")
            .with("platform", "ios")
            .with("email", "x@acme.com")
            .with("country", "FR")
            .with("signupDate", "2026-12-01T00:00:00Z");
        let odd = Context::new()
            .with("userId", 9_007_199_254_740_992i64)
            .with("appVersion", "v02.3")
            .with("platform", 7i64)
            .with("email", true)
            .with("age", 1e308)
            .with("signupDate", 1_796_083_200_000i64)
            .with(
                "groups",
                AttrValue::List(vec![AttrValue::from("beta"), AttrValue::from(3.5)].into()),
            );
        let unusable = Context::new()
            .with("userId", "")
            .with("orgId", 0.5)
            .with("deviceId", "日本😀e\u{301}")
            .with("appVersion", "1.2.3.4");
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

fuzz_target!(|data: &[u8]| {
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
