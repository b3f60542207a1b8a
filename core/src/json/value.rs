//! [`Value`]: an owned JSON value, for what the core hands out (explanations, values of object
//! flags, metadata, contexts as JSON).

use super::number::write_f64;
use super::write::{write_array, write_object, write_string};
use std::fmt;

/// An owned JSON value: what the core hands out as JSON (explanations' operands and values,
/// object flag values, metadata, contexts), in every build (the browser build has no
/// serde_json).
///
/// Numbers are doubles, as `JSON.parse` makes them, so every binding sees the same number:
/// integers beyond 2^53 are their nearest double. Object members keep their order; the core
/// never produces two members with the same key. Equality is JSON's: member order does not
/// count. `Display` writes compact JSON text.
#[derive(Clone, Debug)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (finite in everything the core produces; written as `null` otherwise, as
    /// `JSON.stringify` does).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object: its members as (key, value) pairs, in order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value of member `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The JSON type, as messages name it: "null", "a boolean", "a number", "a string",
    /// "an array" or "an object".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Appends the value as compact JSON text: what `Display` writes, into a buffer the
    /// caller reuses.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => write_f64(*n, out),
            Value::String(s) => write_string(s, out),
            Value::Array(items) => write_array(items, out, |item, out| item.write_json(out)),
            Value::Object(members) => write_object(
                members.iter().map(|(key, value)| (key.as_str(), value)),
                out,
                |value, out| value.write_json(out),
            ),
        }
    }
}

impl PartialEq for Value {
    /// JSON equality: objects are equal when they have the same keys with equal values, in
    /// any order.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(key, value)| {
                        b.iter()
                            .find(|(k, _)| k == key)
                            .is_some_and(|(_, v)| v == value)
                    })
            }
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    /// Compact JSON text (numbers in their shortest round-trip form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_json(&mut text);
        f.write_str(&text)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` is `null`.
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}
