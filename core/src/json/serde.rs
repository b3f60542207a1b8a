//! The bridge to serde and serde_json, for hosts that use them (the CLI, the mobile
//! bindings); only with the `serde` feature, so the browser build has neither.

use super::number::Number;
use super::parse::KeyTags;
use super::tree::{Json, Member, Object};
use super::value::Value;
use bumpalo::Bump;
use serde::{Serialize, Serializer};

/// 2^53: integral doubles up to it are written as integers (`50`, not `50.0`).
const TWO_TO_53: f64 = 9_007_199_254_740_992.0;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => match integer(*n) {
                Some(i) => serializer.serialize_i64(i),
                None => serializer.serialize_f64(*n),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// `n` as an integer, when it is one that a double holds exactly (|n| ≤ 2^53).
fn integer(n: f64) -> Option<i64> {
    // Exact by the check: every integral double of this magnitude converts losslessly.
    (n.fract() == 0.0 && n.abs() <= TWO_TO_53).then_some(n as i64)
}

impl From<Value> for serde_json::Value {
    fn from(value: Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Number(n) => match integer(n) {
                Some(i) => serde_json::Value::from(i),
                None => serde_json::Number::from_f64(n)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number),
            },
            Value::String(s) => serde_json::Value::String(s),
            Value::Array(items) => items.into_iter().map(serde_json::Value::from).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'a> Json<'a> {
    /// Copies an already-parsed `serde_json::Value` (the CLI's YAML path) into `arena`,
    /// tagging keys as the parser would. Numbers are what serde_json read (exact with its
    /// `float_roundtrip` feature, which the workspace enables).
    pub(crate) fn from_serde(
        value: &serde_json::Value,
        arena: &'a Bump,
        tags: &dyn KeyTags,
    ) -> Json<'a> {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(if let Some(u) = n.as_u64() {
                Number::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Number::Signed(i)
            } else {
                Number::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            Value::String(s) => Json::String(arena.alloc_str(s)),
            Value::Array(items) => Json::Array(
                arena.alloc_slice_fill_iter(items.iter().map(|v| Json::from_serde(v, arena, tags))),
            ),
            Value::Object(map) => Json::Object(Object {
                members: arena.alloc_slice_fill_iter(map.iter().map(|(k, v)| Member {
                    key: arena.alloc_str(k),
                    tag: tags.key(k),
                    value: Json::from_serde(v, arena, tags),
                })),
            }),
        }
    }
}
