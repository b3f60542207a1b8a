//! The start-up rule (`rollgate::startup`) on the shared table `tests/startup/cases.json`, which
//! the mobile and npm tests read too: every binding makes the same choice for the same inputs.

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use rollgate::startup::{choose, restore, Candidate, Choice};
use rollgate::{Context, Ruleset};
use serde_json::Value;

/// The table, and its text for an invalid candidate.
fn table() -> (Vec<Value>, String) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/startup/cases.json");
    let text = std::fs::read_to_string(path).expect("tests/startup/cases.json");
    let table: Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = table["cases"].as_array().expect("cases").clone();
    assert!(cases.len() >= 10, "too few start-up cases: {}", cases.len());
    (
        cases,
        table["invalid"].as_str().expect("invalid").to_owned(),
    )
}

fn candidate(value: &Value) -> Candidate {
    match value {
        Value::String(s) if s == "absent" => Candidate::Absent,
        Value::String(s) if s == "invalid" => Candidate::Invalid,
        other => Candidate::Valid {
            revision: other.as_u64().expect("a revision"),
        },
    }
}

/// The text a binding starts from for one candidate, `None` when absent.
fn text(value: &Value, source: &str, invalid: &str) -> Option<String> {
    match candidate(value) {
        Candidate::Absent => None,
        Candidate::Invalid => Some(invalid.to_owned()),
        Candidate::Valid { revision } => Some(format!(
            r#"{{"schema": 1, "revision": {revision}, "flags": {{"source": {{"type": "string", "variants": {{"s": "{source}"}}, "default": "s"}}}}}}"#
        )),
    }
}

fn served(ruleset: &Ruleset) -> String {
    let evaluation = ruleset.evaluate("source", &Context::new(), 0);
    match evaluation.value.and_then(|v| v.as_str()) {
        Some(source) => source.to_owned(),
        None => "empty".to_owned(),
    }
}

#[test]
fn choose_follows_the_shared_table() {
    let (cases, _) = table();
    for case in &cases {
        let choice = choose(candidate(&case["persisted"]), candidate(&case["bundled"]));
        assert_eq!(Some(choice.name()), case["serves"].as_str(), "{case}");
    }
}

#[test]
fn restore_serves_what_the_shared_table_says_from_the_texts() {
    let (cases, invalid) = table();
    for case in &cases {
        let persisted = text(&case["persisted"], "persisted", &invalid);
        let bundled = text(&case["bundled"], "bundled", &invalid);
        let restored = restore(
            persisted.as_deref().map(str::as_bytes),
            bundled.as_deref().map(str::as_bytes),
        );
        let serves = case["serves"].as_str().expect("serves");
        assert_eq!(restored.choice.name(), serves, "{case}");
        assert_eq!(served(&restored.ruleset), serves, "{case}");
        let revision = match restored.choice {
            Choice::Persisted => candidate(&case["persisted"]),
            Choice::Bundled => candidate(&case["bundled"]),
            Choice::Empty => Candidate::Valid { revision: 0 },
        };
        assert_eq!(
            Candidate::Valid {
                revision: restored.ruleset.revision()
            },
            revision,
            "{case}"
        );
        assert_eq!(
            restored.persisted_error.is_some(),
            case["persisted"] == "invalid",
            "{case}"
        );
        assert_eq!(
            restored.bundled_error.is_some(),
            case["bundled"] == "invalid",
            "{case}"
        );
    }
}
