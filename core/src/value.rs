//! Flag values and their declared types.

use crate::json_object::JsonObject;
use serde::Serialize;
use std::fmt;

/// The type a flag declares; every variant's value must have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagType {
    /// `true` / `false`.
    Boolean,
    /// Any string.
    String,
    /// A finite number (IEEE 754 double, as in JSON and JavaScript).
    Number,
    /// A JSON object, e.g. remote configuration.
    Object,
}

impl FlagType {
    /// Parses the `type` field of a flag.
    pub fn parse(name: &str) -> Option<FlagType> {
        match name {
            "boolean" => Some(FlagType::Boolean),
            "string" => Some(FlagType::String),
            "number" => Some(FlagType::Number),
            "object" => Some(FlagType::Object),
            _ => None,
        }
    }

    /// The name used in rulesets.
    pub fn name(self) -> &'static str {
        match self {
            FlagType::Boolean => "boolean",
            FlagType::String => "string",
            FlagType::Number => "number",
            FlagType::Object => "object",
        }
    }
}

impl fmt::Display for FlagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value a variant serves.
#[derive(Clone, Debug, PartialEq)]
pub enum FlagValue {
    /// A boolean flag's value.
    Bool(bool),
    /// A string flag's value.
    String(String),
    /// A number flag's value (always finite).
    Number(f64),
    /// An object flag's value: always a JSON object, kept as its compact text.
    Object(JsonObject),
}

impl FlagValue {
    /// The type of this value.
    pub fn flag_type(&self) -> FlagType {
        match self {
            FlagValue::Bool(_) => FlagType::Boolean,
            FlagValue::String(_) => FlagType::String,
            FlagValue::Number(_) => FlagType::Number,
            FlagValue::Object(_) => FlagType::Object,
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FlagValue::Bool(b) => serde_json::Value::Bool(*b),
            FlagValue::String(s) => serde_json::Value::String(s.clone()),
            FlagValue::Number(n) => number_to_json(*n),
            FlagValue::Object(v) => v.to_value(),
        }
    }

    /// The boolean, if this is a boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FlagValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if this is a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FlagValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a number value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            FlagValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl Serialize for FlagValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FlagValue::Bool(b) => serializer.serialize_bool(*b),
            FlagValue::String(s) => serializer.serialize_str(s),
            FlagValue::Number(n) => number_to_json(*n).serialize(serializer),
            FlagValue::Object(v) => v.serialize(serializer),
        }
    }
}

/// A number as JSON, integral values as integers: `50`, not `50.0`, as JavaScript prints it,
/// so every binding shows the same text.
pub(crate) fn number_to_json(n: f64) -> serde_json::Value {
    const SAFE: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact in f64
    if n.fract() == 0.0 && n.abs() <= SAFE {
        // Exact by the check above.
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A number as text, as JSON and JavaScript write it (`50`, `12.5`). Goes through serde_json's
/// printer, which results already need, instead of `f64`'s `Display`: that would link a second
/// float formatter (tens of KB in the WASM build).
pub(crate) fn number_text(n: f64) -> String {
    number_to_json(n).to_string()
}

/// The JSON type name of a value, as used in error messages ("a string", "an array", ...).
pub(crate) fn json_type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
