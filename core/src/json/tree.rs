//! The borrowed JSON tree the parser builds in a bump arena.
//!
//! `serde_json::Value` allocates a `String` per key and a B-tree per object; for a 200-flag
//! snapshot that was half the load time. This tree borrows strings from the input where it can,
//! keeps objects as slices of members (which also lets the loader report duplicate keys, which a
//! map silently collapses), and lives in one [`Bump`](bumpalo::Bump) arena: no allocation per node and
//! nothing to drop node by node. [`parse`](super::parse()) builds it from text.

use super::number::Number;
use super::value::Value;
use super::write::{write_array, write_object, write_string};
use rustc_hash::FxHasher;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A JSON value borrowing from the document text and the arena.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(&'a str),
    Array(&'a [Json<'a>]),
    Object(Object<'a>),
}

/// A JSON object: its members in document order (duplicates kept, so they can be reported).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Object<'a> {
    pub(crate) members: &'a [Member<'a>],
}

/// One member of an object: the key, the key's tag (set by the parser's
/// [`KeyTags`](super::KeyTags); 0 for untagged keys) and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Member<'a> {
    pub(crate) key: &'a str,
    pub(crate) tag: u8,
    pub(crate) value: Json<'a>,
}

/// Equality of field names and other short keys, as the loader compares them thousands of
/// times per load (with `==`, a `memcmp` call each: 7% of a native load).
///
/// Natively, [`same_text`] compares in registers. In the size-built
/// WASM, where the loader runs at opt-level `z`, its word loads stay calls and it measured
/// slower than `==` (+4% load); there a length check and a plain byte loop, which compile to
/// no call at all, were fastest (ADR 0011).
#[inline(always)]
pub(crate) fn key_eq(a: &str, b: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        same_text(a, b)
    }
    #[cfg(target_arch = "wasm32")]
    {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        for (x, y) in a.iter().zip(b) {
            if x != y {
                return false;
            }
        }
        true
    }
}

impl<'a> Object<'a> {
    /// The value of the first member whose key has the tag `tag` (not 0). Objects in
    /// rulesets are small, except `flags` and `segments`, which are iterated rather than
    /// searched.
    #[inline(always)]
    pub(crate) fn get_tagged(&self, tag: u8) -> Option<&'a Json<'a>> {
        // A plain loop: the size-built WASM does not inline `Iterator::find` (4% of a load).
        for member in self.members {
            if member.tag == tag {
                return Some(&member.value);
            }
        }
        None
    }

    /// The tags among the keys, one bit each (bit `tag % 64`): which tagged keys an object
    /// has, in one pass and without a string compare.
    #[inline(always)]
    pub(crate) fn tag_bits(&self) -> u64 {
        let mut bits = 0u64;
        for member in self.members {
            bits |= 1u64 << (member.tag % 64);
        }
        bits
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &'a str> {
        self.members.iter().map(|m| m.key)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Json<'a>)> {
        self.members.iter().map(|m| (m.key, &m.value))
    }

    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl<'a> Json<'a> {
    /// A structural hash that ignores the order of object members, as JSON equality does:
    /// the loader uses it on condition operands to find identical conditions.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut hasher = FxHasher::default();
        match *self {
            Json::Null => 0u8.hash(&mut hasher),
            Json::Bool(b) => (1u8, b).hash(&mut hasher),
            Json::Number(Number::Unsigned(n)) => (2u8, n).hash(&mut hasher),
            Json::Number(Number::Signed(n)) => (3u8, n).hash(&mut hasher),
            Json::Number(Number::Float(f)) => (4u8, f.to_bits()).hash(&mut hasher),
            Json::String(s) => (5u8, s).hash(&mut hasher),
            Json::Array(items) => {
                (6u8, items.len()).hash(&mut hasher);
                for item in items {
                    item.fingerprint().hash(&mut hasher);
                }
            }
            Json::Object(object) => {
                // Summing the members' hashes makes the result independent of their order.
                let members = object.iter().fold(0u64, |sum, (key, value)| {
                    let mut member = FxHasher::default();
                    (key, value.fingerprint()).hash(&mut member);
                    sum.wrapping_add(member.finish())
                });
                (7u8, object.len(), members).hash(&mut hasher);
            }
        }
        hasher.finish()
    }

    /// Whether `self` and `other` are the same JSON text up to whitespace (member order
    /// counts). What the derived `==` checks, with strings compared by [`key_eq`]: derived, a
    /// `memcmp` call each, 1% of a load in the duplicate-condition lookup.
    pub(crate) fn same(&self, other: &Json<'_>) -> bool {
        match (self, other) {
            (Json::String(a), Json::String(b)) => key_eq(a, b),
            (Json::Array(a), Json::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.same(y))
            }
            (Json::Object(a), Json::Object(b)) => {
                a.len() == b.len()
                    && a.members
                        .iter()
                        .zip(b.members)
                        .all(|(x, y)| key_eq(x.key, y.key) && x.value.same(&y.value))
            }
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b,
            _ => false,
        }
    }

    /// Appends this value as compact JSON text (members in document order). The loader
    /// writes into one reused buffer and copies the result out once, so a flag's metadata
    /// costs one exact allocation instead of a string grown step by step.
    pub(crate) fn write_json(&self, out: &mut String) {
        match *self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Json::Number(n) => n.write(out),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => write_array(items, out, |item, out| item.write_json(out)),
            Json::Object(object) => {
                write_object(object.iter(), out, |value, out| value.write_json(out));
            }
        }
    }

    /// The JSON type, as error messages name it ("a string", "an array", ...).
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The owned [`Value`] of this tree (members in document order; numbers as their
    /// nearest double).
    pub(crate) fn to_value(self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Number(n) => Value::Number(n.as_f64()),
            Json::String(s) => Value::String(s.to_owned()),
            Json::Array(items) => Value::Array(items.iter().map(|item| item.to_value()).collect()),
            Json::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl fmt::Display for Json<'_> {
    /// Compact JSON text, as [`Json::write_json`] writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_json(&mut text);
        f.write_str(&text)
    }
}

/// Byte equality tuned for short strings (attribute names, platforms, ids, field names):
/// from 4 to 16 bytes it compares two overlapping 4- or 8-byte words inline instead of calling
/// `memcmp`, which is most of a comparison's cost at that size.
#[inline(always)]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 4 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    if a.len() < 8 {
        // 4..=7 bytes: two overlapping 4-byte words ("userId", "android").
        if let (Some(a0), Some(b0), Some(a1), Some(b1)) = (
            a.first_chunk::<4>(),
            b.first_chunk::<4>(),
            a.last_chunk::<4>(),
            b.last_chunk::<4>(),
        ) {
            return a0 == b0 && a1 == b1;
        }
    }
    if a.len() <= 16 {
        if let (Some(a0), Some(b0), Some(a1), Some(b1)) = (
            a.first_chunk::<8>(),
            b.first_chunk::<8>(),
            a.last_chunk::<8>(),
            b.last_chunk::<8>(),
        ) {
            return a0 == b0 && a1 == b1;
        }
    }
    a == b
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::json::{parse, Options};
    use bumpalo::Bump;

    const OPTIONS: Options<'static> = Options::untagged(128);

    #[test]
    fn same_compares_values_not_whitespace() {
        let arena = Bump::new();
        let same = |a: &str, b: &str| {
            let a = parse(a, &arena, OPTIONS).unwrap();
            let b = parse(b, &arena, OPTIONS).unwrap();
            a.same(&b)
        };
        assert!(same(
            r#"["ios", 1, {"a": [true, null]}]"#,
            r#"["ios",1,{"a":[true,null]}]"#
        ));
        assert!(same(r#""caf\u00e9""#, r#""café""#));
        assert!(!same(r#"["ios", "android"]"#, r#"["ios", "androix"]"#));
        assert!(!same(r#"["ios"]"#, r#"["ios", "ios"]"#));
        assert!(!same(r#"{"a": 1, "b": 2}"#, r#"{"b": 2, "a": 1}"#));
        assert!(!same("1", "\"1\""));
        assert!(!same("1", "2"));
        assert!(!same("true", "false"));
    }

    #[test]
    fn fingerprints_ignore_member_order_only() {
        let arena = Bump::new();
        let print = |text: &str| parse(text, &arena, OPTIONS).unwrap().fingerprint();
        assert_eq!(
            print(r#"{"a": 1, "b": [2, 3]}"#),
            print(r#"{"b":[2,3],"a":1}"#)
        );
        assert_ne!(print("[2, 3]"), print("[3, 2]"));
        assert_ne!(print(r#"{"a": 1}"#), print(r#"{"a": 2}"#));
    }

    #[test]
    fn write_json_round_trips_through_serde_json() {
        let text =
            r#"{"a":"plain","b":"q\"b\\s\n\r\t\u0001 é 日本 🎉","c":[1,-2,2.5,true,null],"d":{}}"#;
        let arena = Bump::new();
        let tree = parse(text, &arena, OPTIONS).unwrap();
        let written = tree.to_string();
        assert_eq!(written, text);
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&written).unwrap(),
            expected
        );
    }

    #[test]
    fn same_text_agrees_with_string_equality_at_every_length() {
        let words = [
            "",
            "a",
            "ios",
            "android",
            "userId12",
            "appVersion",
            "platform-name-16",
            "a-much-longer-attribute-name",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_text(a, b), a == b, "{a:?} vs {b:?}");
            }
            // Same length, one byte different at each position.
            for i in 0..a.len() {
                let mut changed = a.as_bytes().to_vec();
                changed[i] ^= 1;
                let changed = String::from_utf8(changed).unwrap();
                assert!(!same_text(a, &changed), "{a:?} vs {changed:?}");
            }
        }
    }
}
