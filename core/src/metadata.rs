//! Flag metadata: descriptive data (owner, description, tags, ...) passed through to results.
//!
//! The engine never reads metadata; bindings hand it to the app. So it is a
//! [`JsonObject`]: compact JSON text, with a [`Value`] built only when a caller asks for one.
//! Bindings that pass JSON on (the browser and mobile ones) use the text directly.

use crate::json::Value;
use crate::json_object::JsonObject;
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

    /// The metadata as a [`Value::Object`] (parsed on first use, then kept).
    pub fn value(&self) -> &Value {
        static EMPTY: Value = Value::Object(Vec::new());
        match &self.object {
            Some(object) => object.value(),
            None => &EMPTY,
        }
    }

    /// The value of one metadata field.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.value().get(key)
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

#[cfg(feature = "serde")]
impl serde::Serialize for FlagMetadata {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn text_and_value_agree_and_empty_is_an_empty_object() {
        let text = r#"{"owner":"payments","tags":["a","b"],"weight":1.5}"#;
        let metadata = FlagMetadata::from_json_text(text);
        assert!(!metadata.is_empty());
        assert_eq!(
            metadata.get("owner").and_then(Value::as_str),
            Some("payments")
        );
        assert_eq!(metadata.value().to_string(), text);
        let empty = FlagMetadata::from_json_text("{}");
        assert!(empty.is_empty() && empty.value().as_object().unwrap().is_empty());
        assert_eq!(empty.as_json(), "{}");
        assert_eq!(FlagMetadata::default(), empty);
    }
}
