//! The persisted local overrides: where they live next to the ruleset, and their file format.
//!
//! The file holds `{"v": 1, "overrides": {"flag": "variant", ...}}`, the record the npm client
//! keeps in its storage, so a QA engineer reads the same thing on every platform. It is written
//! like the ruleset ([`crate::persist::write_atomic`]) and removed when no override is left.

use rollgate::json::{self, Value};
use rollgate::limits::MAX_JSON_DEPTH;
use std::path::{Path, PathBuf};

/// The file of an engine that persists its ruleset at `ruleset_path`: the same name with the
/// extension `.overrides.json` (`rollgate/ruleset.json` → `rollgate/ruleset.overrides.json`).
pub fn path_for(ruleset_path: &Path) -> PathBuf {
    ruleset_path.with_extension("overrides.json")
}

/// The file's text for `overrides` (flag, variant); the record lists them by flag key.
/// Written and read with the core's JSON module: a second JSON library would add to the app.
pub fn encode(overrides: &[(String, String)]) -> Vec<u8> {
    let map = overrides
        .iter()
        .map(|(flag, variant)| (flag.clone(), Value::String(variant.clone())))
        .collect();
    let record = Value::Object(vec![
        ("v".to_owned(), Value::Number(1.0)),
        ("overrides".to_owned(), Value::Object(map)),
    ]);
    let mut text = String::new();
    record.write_json(&mut text);
    text.into_bytes()
}

/// The overrides in a file's bytes, or what is wrong with them (the engine then ignores the
/// file and reports it).
pub fn decode(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let value = json::parse_value(text, MAX_JSON_DEPTH).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("v").and_then(Value::as_f64) != Some(1.0) {
        return Err("expected a record with \"v\": 1".to_owned());
    }
    let Some(overrides) = value.get("overrides").and_then(Value::as_object) else {
        return Err("expected \"overrides\" to be an object of flag → variant".to_owned());
    };
    overrides
        .iter()
        .map(|(flag, variant)| match variant.as_str() {
            Some(variant) => Ok((flag.clone(), variant.to_owned())),
            None => Err(format!(
                "overrides.{flag}: expected a variant name (a string), found {}",
                variant.type_name()
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_file_sits_next_to_the_ruleset() {
        let path = |p: &str| path_for(Path::new(p)).to_string_lossy().into_owned();
        assert_eq!(path("dir/ruleset.json"), "dir/ruleset.overrides.json");
        assert_eq!(path("flags"), "flags.overrides.json");
        assert_eq!(
            path("a.overrides.json"),
            "a.overrides.overrides.json",
            "never the ruleset's own path"
        );
    }

    #[test]
    fn what_is_encoded_decodes_to_the_same_overrides() {
        let overrides = vec![
            ("dark-mode".to_owned(), "on".to_owned()),
            ("layout \"quoted\"".to_owned(), "b\n".to_owned()),
        ];
        let bytes = encode(&overrides);
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"v":1,"overrides":{"dark-mode":"on","layout \"quoted\"":"b\n"}}"#
        );
        assert_eq!(decode(&bytes).unwrap(), overrides);
    }

    #[test]
    fn anything_else_is_an_error_saying_what_is_wrong() {
        let error = |text: &str| decode(text.as_bytes()).unwrap_err();
        assert!(error("{\"v\": 1, \"overrides\": {").starts_with("not JSON: "));
        assert_eq!(
            error(r#"{"overrides": {}}"#),
            "expected a record with \"v\": 1"
        );
        assert_eq!(
            error(r#"{"v": 2, "overrides": {}}"#),
            "expected a record with \"v\": 1"
        );
        assert_eq!(
            error(r#"{"v": 1, "overrides": ["dark-mode"]}"#),
            "expected \"overrides\" to be an object of flag → variant"
        );
        assert_eq!(
            error(r#"{"v": 1, "overrides": {"dark-mode": true}}"#),
            "overrides.dark-mode: expected a variant name (a string), found a boolean"
        );
    }
}
