//! A borrowed JSON tree for the loader, built in a bump arena.
//!
//! `serde_json::Value` allocates a `String` per key and a B-tree per object; for a 200-flag
//! snapshot that was half the load time. This tree borrows strings from the input where it can,
//! keeps objects as slices of pairs (which also lets the loader report duplicate keys, which a
//! `Value` silently collapses), and lives in one [`Bump`] arena: no allocation per node and
//! nothing to drop node by node. [`parse`] (in `parser.rs`) builds it from text.

use super::field::Field;
use bumpalo::Bump;
use rustc_hash::FxHasher;
use std::fmt;
use std::hash::{Hash, Hasher};

pub(crate) use super::parser::{parse, SyntaxError};

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

/// A JSON number as the parser saw it (integers stay exact).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            // Precision loss above 2^53 matches JSON and JavaScript semantics.
            Number::Unsigned(n) => n as f64,
            Number::Signed(n) => n as f64,
            Number::Float(f) => f,
        }
    }

    /// A non-negative integer; `1.0` counts (JSON Schema and JavaScript agree).
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(n) => Some(n),
            Number::Signed(n) => u64::try_from(n).ok(),
            // Below 2^53 every integral float is exact, so the conversion is too.
            Number::Float(f) if f.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&f) => {
                Some(f as u64)
            }
            Number::Float(_) => None,
        }
    }

    /// An integer; `1.0` counts.
    pub(crate) fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(n) => i64::try_from(n).ok(),
            Number::Signed(n) => Some(n),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Some(f as i64)
            }
            Number::Float(_) => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(x) => f.write_str(&crate::value::number_text(*x)),
        }
    }
}

/// A JSON object: its members in document order (duplicates kept, so they can be reported).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Object<'a> {
    pub(crate) members: &'a [Member<'a>],
}

/// One member of an object: the key, the key's [`Field`] (set by the parser) and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Member<'a> {
    pub(crate) key: &'a str,
    pub(crate) field: Field,
    pub(crate) value: Json<'a>,
}

/// Equality of field names and other short keys, as the loader compares them thousands of
/// times per load (with `==`, a `memcmp` call each: 7% of a native load).
///
/// Natively, [`same_text`](crate::context::same_text) compares in registers. In the size-built
/// WASM, where the loader runs at opt-level `z`, its word loads stay calls and it measured
/// slower than `==` (+4% load); there a length check and a plain byte loop, which compile to
/// no call at all, were fastest (ADR 0011).
#[inline(always)]
pub(crate) fn key_eq(a: &str, b: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::context::same_text(a, b)
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
    /// The first member whose key is the field name `field` (not [`Field::OTHER`]). Objects
    /// in rulesets are small, except `flags` and `segments`, which are iterated rather than
    /// searched.
    #[inline(always)]
    pub(crate) fn get(&self, field: Field) -> Option<&'a Json<'a>> {
        // A plain loop: the size-built WASM does not inline `Iterator::find` (4% of a load).
        for member in self.members {
            if member.field == field {
                return Some(&member.value);
            }
        }
        None
    }

    #[inline(always)]
    pub(crate) fn contains_key(&self, field: Field) -> bool {
        self.get(field).is_some()
    }

    /// The fields among the keys, one bit each ([`Field::bit`]); bit 0 is set when some key
    /// is not a field name.
    #[inline(always)]
    pub(crate) fn field_bits(&self) -> u64 {
        let mut bits = 0u64;
        for member in self.members {
            bits |= member.field.bit();
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

    /// This value as compact JSON text (members in document order).
    #[cfg(test)]
    pub(crate) fn to_json_text(self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends this value as compact JSON text (members in document order). The loader
    /// writes into one reused buffer and copies the result out once, so a flag's metadata
    /// costs one exact allocation instead of a string grown step by step.
    pub(crate) fn write_json(&self, out: &mut String) {
        match *self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Json::Number(n) => {
                use std::fmt::Write;
                // Writing to a String cannot fail.
                let _ = write!(out, "{n}");
            }
            Json::String(s) => write_json_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Json::Object(object) => {
                out.push('{');
                for (i, (key, value)) in object.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(key, out);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

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

    /// Converts to a `serde_json::Value` (for metadata and object values kept in the model).
    pub(crate) fn to_value(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Number(Number::Unsigned(n)) => Value::from(n),
            Json::Number(Number::Signed(n)) => Value::from(n),
            Json::Number(Number::Float(f)) => serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
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

    /// Copies an already-parsed `serde_json::Value` (the CLI's YAML path) into `arena`.
    pub(crate) fn from_value(value: &serde_json::Value, arena: &'a Bump) -> Json<'a> {
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
                arena.alloc_slice_fill_iter(items.iter().map(|v| Json::from_value(v, arena))),
            ),
            Value::Object(map) => Json::Object(Object {
                members: arena.alloc_slice_fill_iter(map.iter().map(|(k, v)| Member {
                    key: arena.alloc_str(k),
                    field: Field::of(k),
                    value: Json::from_value(v, arena),
                })),
            }),
        }
    }
}

/// Appends `text` as a JSON string literal: quotes, backslashes and control characters
/// escaped, everything else copied in runs (found eight bytes at a time, as the parser does).
/// Not serde_json's escaper: reaching it through `io::Write` (`to_writer`) adds ~1.4 KB gzip
/// to the browser build, and through `Value`'s `Display` an allocation per string.
fn write_json_string(text: &str, out: &mut String) {
    out.push('"');
    let mut rest = text;
    // Bytes, not chars: every byte that needs escaping is ASCII, so each cut below falls on a
    // character boundary.
    loop {
        let at = super::parser::plain_run_len(rest.as_bytes());
        if at == rest.len() {
            break;
        }
        out.push_str(rest.get(..at).unwrap_or_default());
        let special = rest.as_bytes().get(at).copied().unwrap_or_default();
        match special {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            control => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = usize::from(control);
                out.push_str("\\u00");
                out.push(char::from(HEX.get(code >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(code & 15).copied().unwrap_or(b'0')));
            }
        }
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn same_compares_values_not_whitespace() {
        let arena = Bump::new();
        let same = |a: &str, b: &str| {
            let a = parse(a, &arena).unwrap();
            let b = parse(b, &arena).unwrap();
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
    fn write_json_round_trips_through_serde_json() {
        let text =
            r#"{"a":"plain","b":"q\"b\\s\n\r\t\u0001 é 日本 🎉","c":[1,-2,2.5,true,null],"d":{}}"#;
        let arena = Bump::new();
        let tree = parse(text, &arena).unwrap();
        let written = tree.to_json_text();
        assert_eq!(written, text);
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&written).unwrap(),
            expected
        );
    }
}
