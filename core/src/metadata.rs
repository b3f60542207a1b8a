//! Flag metadata: descriptive data (owner, description, tags, ...) passed through to results.
//!
//! The engine never reads metadata; bindings hand it to the app. So it is a
//! [`JsonObject`]: compact JSON text, with a `serde_json` map built only when a caller asks for
//! one. Bindings that pass JSON on (the browser and mobile ones) use the text directly.

use crate::json_object::JsonObject;
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A JSON object of metadata, e.g. `{"owner": "payments", "tags": ["checkout"]}`.
#[derive(Clone, Default, PartialEq)]
pub struct FlagMetadata {
    /// `None` when the flag has no metadata (or an empty object): most flags, and no
    /// allocation for them.
    object: Option<JsonObject>,
}

impl FlagMetadata {
    /// Metadata from compact JSON object text written by the loader.
    #[cfg(test)]
    pub(crate) fn from_json_text(json: &str) -> FlagMetadata {
        FlagMetadata {
            object: (json != "{}").then(|| JsonObject::from_compact_text(json)),
        }
    }

    /// Metadata whose compact JSON object text is `shared[range]` (written by the loader);
    /// no metadata for an empty range.
    pub(crate) fn in_shared_text(shared: &Arc<str>, range: Range<usize>) -> FlagMetadata {
        FlagMetadata {
            object: (!range.is_empty()).then(|| JsonObject::in_shared_text(shared.clone(), range)),
        }
    }

    /// The metadata as compact JSON object text (`{}` when there is none), members in the
    /// order the ruleset wrote them.
    pub fn as_json(&self) -> &str {
        self.object.as_ref().map_or("{}", JsonObject::as_json)
    }

    /// The metadata as a map (parsed on first use, then kept).
    pub fn map(&self) -> &serde_json::Map<String, serde_json::Value> {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
            std::sync::OnceLock::new();
        match &self.object {
            Some(object) => object.map(),
            None => EMPTY.get_or_init(serde_json::Map::new),
        }
    }

    /// The value of one metadata field.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.map().get(key)
    }

    /// True when the flag has no metadata.
    pub fn is_empty(&self) -> bool {
        self.object.is_none()
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
