//! Flag values and their declared types.

use crate::json::{self, Value};
use crate::json_object::JsonObject;
use std::fmt;

/// The type a flag declares; every variant's value must have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
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
    pub fn to_json(&self) -> Value {
        match self {
            FlagValue::Bool(b) => Value::Bool(*b),
            FlagValue::String(s) => Value::String(s.clone()),
            FlagValue::Number(n) => Value::Number(*n),
            FlagValue::Object(v) => v.value().clone(),
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

#[cfg(feature = "serde")]
impl serde::Serialize for FlagValue {
    /// As its JSON ([`FlagValue::to_json`]).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// A number as JSON text, as JavaScript writes it (`50`, `12.5`, `1e+25`): for messages and
/// explanations.
pub(crate) fn number_text(n: f64) -> String {
    let mut text = String::new();
    json::write_f64(n, &mut text);
    text
}
