//! Flag metadata: descriptive data (owner, description, tags, ...) passed through to results.
//!
//! The engine never reads metadata; bindings hand it to the app. So the loader keeps it as the
//! compact JSON text of the object (one allocation per flag, instead of a map of owned strings)
//! and builds a `serde_json` map only when a caller asks for one. Bindings that pass JSON on
//! (the browser and mobile ones) use the text directly.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::OnceLock;

/// A JSON object of metadata, e.g. `{"owner": "payments", "tags": ["checkout"]}`.
#[derive(Clone, Default)]
pub struct FlagMetadata {
    /// Compact JSON object text, in document order; empty when the flag has no metadata.
    json: Box<str>,
    /// The parsed form, built on first use.
    map: OnceLock<serde_json::Map<String, serde_json::Value>>,
}

impl FlagMetadata {
    /// Metadata from compact JSON object text written by the loader.
    pub(crate) fn from_json_text(json: &str) -> FlagMetadata {
        let json = if json == "{}" { "" } else { json };
        FlagMetadata {
            json: json.into(),
            map: OnceLock::new(),
        }
    }

    /// The metadata as compact JSON object text (`{}` when there is none), members in the
    /// order the ruleset wrote them.
    pub fn as_json(&self) -> &str {
        if self.json.is_empty() {
            "{}"
        } else {
            &self.json
        }
    }

    /// The metadata as a map (parsed on first use, then kept).
    pub fn map(&self) -> &serde_json::Map<String, serde_json::Value> {
        self.map.get_or_init(|| {
            if self.json.is_empty() {
                return serde_json::Map::new();
            }
            let arena = bumpalo::Bump::new();
            // The text was written by the loader from a validated object, so this parse
            // cannot fail; an empty map is the defensive answer if it ever did.
            match crate::compile::json::parse(&self.json, &arena).map(|tree| tree.to_value()) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            }
        })
    }

    /// The value of one metadata field.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.map().get(key)
    }

    /// True when the flag has no metadata.
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }
}

impl PartialEq for FlagMetadata {
    /// Equal when the objects are equal as JSON (member order does not count).
    fn eq(&self, other: &FlagMetadata) -> bool {
        self.json == other.json || self.map() == other.map()
    }
}

impl fmt::Debug for FlagMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

impl Serialize for FlagMetadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn text_and_map_agree_and_empty_is_an_empty_object() {
        let metadata =
            FlagMetadata::from_json_text(r#"{"owner":"payments","tags":["a","b"],"weight":1.5}"#);
        assert!(!metadata.is_empty());
        assert_eq!(metadata.get("owner").unwrap(), "payments");
        assert_eq!(
            serde_json::to_value(&metadata).unwrap(),
            serde_json::json!({"owner": "payments", "tags": ["a", "b"], "weight": 1.5})
        );
        let empty = FlagMetadata::from_json_text("{}");
        assert!(empty.is_empty() && empty.map().is_empty());
        assert_eq!(empty.as_json(), "{}");
        assert_eq!(FlagMetadata::default(), empty);
    }
}
