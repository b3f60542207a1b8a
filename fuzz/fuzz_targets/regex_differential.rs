//! Any bytes → a `matches` pattern and a text, split at the first newline (without one, the
//! whole input is both). The pattern goes into a ruleset through the public API, and Rollgate's
//! own matcher must agree with the dialect's reference, the `regex-lite` crate: both accept or
//! both reject the pattern (ours may also reject one that compiles past its size bound), and
//! an accepted pattern matches the text in both or in neither.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollgate::{Context, Reason, Ruleset};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pattern, haystack) = text.split_once('\n').unwrap_or((&text, &text));
    if pattern.len() > 1024 {
        return; // the ruleset's documented pattern limit
    }
    let ruleset = serde_json::json!({
        "schema": 1,
        "revision": 1,
        "flags": { "f": {
            "type": "boolean",
            "variants": { "on": true, "off": false },
            "default": "off",
            "rules": [ { "when": { "attr": "a", "op": "matches", "value": pattern }, "serve": "on" } ]
        } }
    });
    let ours = Ruleset::from_json(&ruleset.to_string());
    let reference = regex_lite::Regex::new(pattern);
    match (ours, reference) {
        (Ok(ruleset), Ok(reference)) => {
            let context = Context::new().with("a", haystack).unwrap();
            let matched = ruleset.evaluate("f", &context, 0).reason == Reason::TargetingMatch;
            assert_eq!(
                matched,
                reference.is_match(haystack),
                "pattern {pattern:?} on {haystack:?}"
            );
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("{pattern:?}: accepted, but regex-lite rejects it: {e}"),
        (Err(problems), Ok(_)) => {
            let big = problems.to_string().contains("too big");
            assert!(
                big,
                "{pattern:?}: rejected ({problems}), but regex-lite accepts it"
            );
        }
    }
});
