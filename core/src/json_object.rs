//! A JSON object the engine passes through without reading it: an object flag's value, and
//! (inside [`FlagMetadata`](crate::FlagMetadata)) a flag's metadata.
//!
//! The loader keeps such an object as its compact JSON text and builds a `serde_json` map
//! only when a caller asks for one. A map of owned strings cost ~5 allocations per object at
//! every load, for a value most hosts never look at in Rust: the browser and mobile bindings
//! hand the text straight to `JSON.parse` or the app. The text may be a slice of a larger
//! shared one: the loader writes every flag's metadata into one string (one allocation per
//! load instead of one per flag).

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A JSON object kept as compact text, e.g. `{"endpoint":"/api/v2","retries":3}`.
///
/// 40 bytes: the range is two `u32`s and the parsed map is boxed, because every object
/// variant and every flag's metadata holds one (a `Range<usize>` and an inline map made it 72).
#[derive(Clone)]
pub struct JsonObject {
    /// Holds the compact JSON object text at `start..end`, members in document order.
    shared: Arc<str>,
    start: u32,
    end: u32,
    /// The parsed form, built on first use.
    map: OnceLock<Box<serde_json::Map<String, serde_json::Value>>>,
}

impl JsonObject {
    /// An object from compact JSON object text that the loader wrote from a validated object.
    #[cfg(test)]
    pub(crate) fn from_compact_text(json: &str) -> JsonObject {
        JsonObject::in_shared_text(json.into(), 0..json.len())
    }

    /// The object whose compact JSON text is `shared[range]`. The loader's size limit keeps
    /// every offset far below `u32::MAX`; an offset beyond it reads as `{}`.
    pub(crate) fn in_shared_text(shared: Arc<str>, range: Range<usize>) -> JsonObject {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        JsonObject {
            shared,
            start: offset(range.start),
            end: offset(range.end),
            map: OnceLock::new(),
        }
    }

    /// The same range of another shared text: the loader writes object values into the text
    /// it shares when every flag is compiled, and only then has that text.
    pub(crate) fn rebased(&self, shared: &Arc<str>) -> JsonObject {
        JsonObject {
            shared: Arc::clone(shared),
            start: self.start,
            end: self.end,
            map: OnceLock::new(),
        }
    }

    /// The object as compact JSON text, members in the order the ruleset wrote them.
    pub fn as_json(&self) -> &str {
        // The loader makes `range` a whole object of `shared`; `{}` is the defensive answer.
        self.shared
            .get(self.start as usize..self.end as usize)
            .unwrap_or("{}")
    }

    /// The object as a map (parsed on first use, then kept).
    pub fn map(&self) -> &serde_json::Map<String, serde_json::Value> {
        self.map.get_or_init(|| {
            let arena = bumpalo::Bump::new();
            // The loader wrote the text from a validated object, so this parse cannot fail;
            // an empty map is the defensive answer if it ever did.
            Box::new(
                match crate::compile::json::parse(self.as_json(), &arena)
                    .map(|tree| tree.to_value())
                {
                    Ok(serde_json::Value::Object(map)) => map,
                    _ => serde_json::Map::new(),
                },
            )
        })
    }

    /// The object as a `serde_json` value (a copy of [`Self::map`]).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Object(self.map().clone())
    }
}

impl PartialEq for JsonObject {
    /// Equal when the objects are equal as JSON (member order does not count).
    fn eq(&self, other: &JsonObject) -> bool {
        self.as_json() == other.as_json() || self.map() == other.map()
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn text_map_and_value_agree() {
        let object = JsonObject::from_compact_text(
            r#"{"endpoint":"/api/v2","retries":3,"weights":[0.5,1],"q":"a\"b"}"#,
        );
        let expected = serde_json::json!({"endpoint": "/api/v2", "retries": 3, "weights": [0.5, 1], "q": "a\"b"});
        assert_eq!(object.to_value(), expected);
        assert_eq!(serde_json::to_value(&object).unwrap(), expected);
        assert_eq!(object.map().get("retries").unwrap(), 3);
        assert_eq!(
            object.as_json(),
            r#"{"endpoint":"/api/v2","retries":3,"weights":[0.5,1],"q":"a\"b"}"#
        );
    }

    #[test]
    fn equality_ignores_member_order() {
        let a = JsonObject::from_compact_text(r#"{"a":1,"b":[true]}"#);
        let b = JsonObject::from_compact_text(r#"{"b":[true],"a":1}"#);
        let c = JsonObject::from_compact_text(r#"{"a":2,"b":[true]}"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn objects_can_share_one_text() {
        let (first, second) = (r#"{"owner":"a"}"#, r#"{"owner":"b","tags":["x"]}"#);
        let shared: Arc<str> = format!("{first}{second}").into();
        let a = JsonObject::in_shared_text(shared.clone(), 0..first.len());
        let b = JsonObject::in_shared_text(shared, first.len()..first.len() + second.len());
        assert_eq!(a.as_json(), r#"{"owner":"a"}"#);
        assert_eq!(
            b.to_value(),
            serde_json::json!({"owner": "b", "tags": ["x"]})
        );
        assert_ne!(a, b);
    }
}
