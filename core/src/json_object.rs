//! A JSON object the engine passes through without reading it: an object flag's value, and
//! (inside [`FlagMetadata`](crate::FlagMetadata)) a flag's metadata.
//!
//! The loader keeps such an object as its compact JSON text and builds a [`Value`] only when
//! a caller asks for one. A map of owned strings cost ~5 allocations per object at every
//! load, for a value most hosts never look at in Rust: the browser and mobile bindings hand
//! the text straight to `JSON.parse` or the app. The text may be a slice of a larger
//! shared one: the loader writes every flag's metadata into one string (one allocation per
//! load instead of one per flag).

use crate::json::{self, Value};
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A JSON object kept as compact text, e.g. `{"endpoint":"/api/v2","retries":3}`.
///
/// 40 bytes: the range is two `u32`s and the parsed value is boxed, because every object
/// variant and every flag's metadata holds one (a `Range<usize>` and an inline map made it 72).
#[derive(Clone)]
pub struct JsonObject {
    /// Holds the compact JSON object text at `start..end`, members in document order.
    shared: Arc<str>,
    start: u32,
    end: u32,
    /// The parsed form (always a [`Value::Object`]), built on first use.
    value: OnceLock<Box<Value>>,
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
            value: OnceLock::new(),
        }
    }

    /// The same range of another shared text: the loader writes object values into the text
    /// it shares when every flag is compiled, and only then has that text.
    pub(crate) fn rebased(&self, shared: &Arc<str>) -> JsonObject {
        JsonObject {
            shared: Arc::clone(shared),
            start: self.start,
            end: self.end,
            value: OnceLock::new(),
        }
    }

    /// The object as compact JSON text, members in the order the ruleset wrote them.
    pub fn as_json(&self) -> &str {
        // The loader makes `range` a whole object of `shared`; `{}` is the defensive answer.
        self.shared
            .get(self.start as usize..self.end as usize)
            .unwrap_or("{}")
    }

    /// The object as a [`Value::Object`], members in the ruleset's order (parsed on first
    /// use, then kept).
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            let arena = bumpalo::Bump::new();
            // The loader wrote the text from a validated object, so this parse cannot fail;
            // an empty object is the defensive answer if it ever did.
            Box::new(match json::parse(self.as_json(), &arena, PARSE_OPTIONS) {
                Ok(tree @ json::Json::Object(_)) => tree.to_value(),
                _ => Value::Object(Vec::new()),
            })
        })
    }

    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.value().get(key)
    }

    /// A hash of the object that ignores member order, as its equality does.
    pub(crate) fn fingerprint(&self) -> u64 {
        let arena = bumpalo::Bump::new();
        json::parse(self.as_json(), &arena, PARSE_OPTIONS).map_or(0, |tree| tree.fingerprint())
    }
}

/// How the kept text is read back: keys by their text, the documented nesting limit.
const PARSE_OPTIONS: json::Options<'static> =
    json::Options::untagged(crate::limits::MAX_JSON_DEPTH);

impl PartialEq for JsonObject {
    /// Equal when the objects are equal as JSON (member order does not count).
    fn eq(&self, other: &JsonObject) -> bool {
        self.as_json() == other.as_json() || self.value() == other.value()
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for JsonObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn object(members: &[(&str, Value)]) -> Value {
        Value::Object(
            members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn text_and_value_agree() {
        let object_text =
            r#"{"endpoint":"/api/v2","retries":3,"weights":[0.5,1],"q":"a\"b","big":1.0E25}"#;
        let parsed = JsonObject::from_compact_text(object_text);
        let expected = object(&[
            ("endpoint", "/api/v2".into()),
            ("retries", 3.0.into()),
            ("weights", Value::Array(vec![0.5.into(), 1.0.into()])),
            ("q", "a\"b".into()),
            ("big", 1e25.into()),
        ]);
        assert_eq!(parsed.value(), &expected);
        assert_eq!(parsed.get("retries"), Some(&Value::Number(3.0)));
        assert_eq!(parsed.as_json(), object_text);
        assert_eq!(
            expected.to_string(),
            r#"{"endpoint":"/api/v2","retries":3,"weights":[0.5,1],"q":"a\"b","big":1e+25}"#
        );
    }

    #[test]
    fn equality_and_fingerprints_ignore_member_order() {
        let a = JsonObject::from_compact_text(r#"{"a":1,"b":[true]}"#);
        let b = JsonObject::from_compact_text(r#"{"b":[true],"a":1}"#);
        let c = JsonObject::from_compact_text(r#"{"a":2,"b":[true]}"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
    }

    #[test]
    fn objects_can_share_one_text() {
        let (first, second) = (r#"{"owner":"a"}"#, r#"{"owner":"b","tags":["x"]}"#);
        let shared: Arc<str> = format!("{first}{second}").into();
        let a = JsonObject::in_shared_text(shared.clone(), 0..first.len());
        let b = JsonObject::in_shared_text(shared, first.len()..first.len() + second.len());
        assert_eq!(a.as_json(), r#"{"owner":"a"}"#);
        assert_eq!(
            b.value(),
            &object(&[
                ("owner", "b".into()),
                ("tags", Value::Array(vec!["x".into()]))
            ])
        );
        assert_ne!(a, b);
    }
}
