//! The plan shared by the Kotlin and Swift generators: which accessor each flag gets, under
//! which name, with which type. Both languages get the same plan from one set of rules, so a
//! flag reads the same way on Android and iOS; only the spelling differs (the [`Style`]).
//!
//! - A boolean flag reads as a boolean.
//! - A string flag reads as a generated enum of its values plus an "unknown" entry (a value
//!   the ruleset gained after the code was generated), when every value has a distinct name;
//!   otherwise as a plain string.
//! - A number flag reads as a 64-bit integer when every value is a whole number within ±2^53
//!   (the range where doubles, and so JSON, count exactly), otherwise as a double.
//! - An object flag reads as its JSON text: neither platform has a JSON library that generated
//!   code could rely on everywhere.

use super::model::{FlagModel, FlagSpec, Values};
use super::names::{lower_camel, upper_camel};
use super::Code;
use rollgate::FlagValue;
use std::collections::BTreeMap;

/// Largest integer a double holds exactly (2^53), as in the wrappers' `longValue`/`int64Value`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// How one language spells names, and which names it keeps for itself.
pub struct Style {
    /// The language's name, for messages (`Kotlin`).
    pub language: &'static str,
    /// Words that must be escaped to be names (written in backticks in both languages).
    pub keywords: &'static [&'static str],
    /// Names of the generated class's own members: a flag with such a name gets `Flag` added.
    pub members: &'static [&'static str],
    /// Type names the generated code uses: an enum with such a name gets `Value` added.
    pub types: &'static [&'static str],
    /// An enum entry's name from a string value (`None`: the value has no name).
    pub case_name: fn(&str) -> Option<String>,
    /// The name of every generated enum's "unknown value" entry.
    pub unknown_case: &'static str,
    /// Names of members every generated enum has besides its entries (`value`).
    pub enum_members: &'static [&'static str],
}

/// How one language writes the expressions of a property.
pub struct Syntax {
    /// The types of boolean, string, 64-bit integer and double values.
    pub value_types: [&'static str; 4],
    /// A string literal.
    pub string_literal: fn(&str) -> String,
    /// A 64-bit integer literal (`50L`).
    pub integer_literal: fn(i64) -> String,
    /// A call of an engine getter: (method, key literal, default literal) → expression.
    pub read: fn(&str, &str, &str) -> String,
    /// The enum of a served string: (enum type, string expression) → expression.
    pub enum_of: fn(&str, &str) -> String,
    /// An enum entry in a doc comment: (enum type, entry) → text.
    pub case_doc: fn(&str, &str) -> String,
}

/// One property as a language writes it.
pub struct Getter {
    /// Its type.
    pub ty: String,
    /// The expression that reads it.
    pub expression: String,
    /// Its fallback, for the doc comment.
    pub fallback: String,
}

impl Accessor<'_> {
    /// The property's type, the expression reading it, and its fallback as docs show it.
    pub fn getter(&self, syntax: &Syntax) -> Getter {
        let key = (syntax.string_literal)(&self.spec.key);
        let read = |method: &str, default: String| (syntax.read)(method, &key, &default);
        let [boolean, string, integer, double] = syntax.value_types;
        let (ty, expression, fallback) = match &self.kind {
            Kind::Boolean(b) => (boolean, read("boolValue", b.to_string()), format!("`{b}`")),
            Kind::Enum(plan) => {
                let text = read("stringValue", (syntax.string_literal)(&plan.fallback));
                return Getter {
                    ty: plan.type_name.clone(),
                    expression: (syntax.enum_of)(&plan.type_name, &text),
                    fallback: (syntax.case_doc)(&plan.type_name, &plan.fallback_case),
                };
            }
            Kind::Text(s) => (
                string,
                read("stringValue", (syntax.string_literal)(s)),
                // The value as JSON writes it: a language's escapes (`\$`) would only confuse.
                format!("`{}`", serde_json::Value::String(s.clone())),
            ),
            Kind::Integer(n) => (
                integer,
                read("longValue", (syntax.integer_literal)(*n)),
                format!("`{n}`"),
            ),
            Kind::Double(n) => (
                double,
                read("numberValue", format!("{n:?}")),
                format!("`{n:?}`"),
            ),
            Kind::Json(json) => (
                string,
                read("jsonValue", (syntax.string_literal)(json)),
                format!("`{json}`"),
            ),
        };
        Getter {
            ty: ty.to_owned(),
            expression,
            fallback,
        }
    }
}

/// Writes the generated class's members: each flag's property, in key order, then the enum of
/// each string flag that has one. Blank lines separate them (and come before the first one
/// when `after_other_members`).
pub fn write_members(
    code: &mut Code,
    accessors: &[Accessor<'_>],
    after_other_members: bool,
    property: fn(&mut Code, &Accessor<'_>),
    enumeration: fn(&mut Code, &str, &EnumPlan),
) {
    for (i, accessor) in accessors.iter().enumerate() {
        if i > 0 || after_other_members {
            code.blank();
        }
        property(code, accessor);
    }
    for accessor in accessors {
        if let Kind::Enum(plan) = &accessor.kind {
            code.blank();
            enumeration(code, &accessor.spec.key, plan);
        }
    }
}

impl Style {
    /// `name`, in backticks when it is a keyword.
    pub fn escape(&self, name: &str) -> String {
        if self.keywords.contains(&name) {
            format!("`{name}`")
        } else {
            name.to_owned()
        }
    }
}

/// How a flag is read, with the value returned when the engine cannot answer.
#[derive(Debug, PartialEq)]
pub enum Kind {
    /// A boolean.
    Boolean(bool),
    /// A generated enum of the string values (its fallback entry is in the plan).
    Enum(EnumPlan),
    /// A plain string (the values could not all be named).
    Text(String),
    /// A 64-bit integer.
    Integer(i64),
    /// A double.
    Double(f64),
    /// JSON object text (compact, keys sorted).
    Json(String),
}

/// A generated enum: its type name and one entry per value, in value order.
#[derive(Debug, PartialEq)]
pub struct EnumPlan {
    /// The type's name (escaped if need be).
    pub type_name: String,
    /// (entry name, value), sorted by value.
    pub cases: Vec<(String, String)>,
    /// The entry of the fallback value.
    pub fallback_case: String,
    /// The fallback value, passed to the engine as the default.
    pub fallback: String,
}

/// One flag's accessor.
#[derive(Debug)]
pub struct Accessor<'m> {
    /// The flag.
    pub spec: &'m FlagSpec,
    /// The property's name, escaped if need be.
    pub name: String,
    /// How it is read.
    pub kind: Kind,
}

impl Accessor<'_> {
    /// The doc comment's paragraphs: the flag's description, then what the property returns
    /// (`fallback` as the language writes it).
    pub fn doc(&self, fallback: &str) -> Vec<String> {
        let what = if matches!(self.kind, Kind::Json(_)) {
            "the JSON text of its object value"
        } else {
            "its value"
        };
        let mut paragraphs: Vec<String> = self.spec.description.iter().cloned().collect();
        paragraphs.push(format!(
            "Flag `{}`: {what}; {fallback} when the engine cannot answer.",
            self.spec.key
        ));
        paragraphs
    }
}

/// Names and types for every flag of the model, in key order.
///
/// Fails when a flag key has no name in the language (no ASCII letter or digit) or when two
/// keys get the same name (`new-checkout` and `new_checkout`): renaming a flag is the author's
/// call, not the generator's.
pub fn plan<'m>(model: &'m FlagModel, style: &Style) -> Result<Vec<Accessor<'m>>, String> {
    let mut properties: BTreeMap<String, &str> = BTreeMap::new();
    let mut types: BTreeMap<String, &str> = BTreeMap::new();
    let mut accessors = Vec::with_capacity(model.flags.len());
    for spec in &model.flags {
        let Some(mut name) = lower_camel(&spec.key) else {
            return Err(format!(
                "flag {:?} has no {} name: accessor names are made of a key's words, which \
                 must be ASCII letters and digits",
                spec.key, style.language
            ));
        };
        if style.members.contains(&name.as_str()) {
            name.push_str("Flag");
        }
        if let Some(other) = properties.insert(name.clone(), &spec.key) {
            return Err(clash(style, "property", &name, other, &spec.key));
        }
        let kind = kind(spec, style);
        if let Kind::Enum(plan) = &kind {
            if let Some(other) = types.insert(plan.type_name.clone(), &spec.key) {
                return Err(clash(style, "enum", &plan.type_name, other, &spec.key));
            }
        }
        accessors.push(Accessor {
            spec,
            name: style.escape(&name),
            kind,
        });
    }
    Ok(accessors)
}

fn clash(style: &Style, what: &str, name: &str, first: &str, second: &str) -> String {
    format!(
        "flags {first:?} and {second:?} both get the {} {what} name {name}: rename one of them",
        style.language
    )
}

/// How a flag is read, from its type, values and fallback.
fn kind(spec: &FlagSpec, style: &Style) -> Kind {
    match (&spec.values, &spec.fallback) {
        (Values::String(values), FlagValue::String(fallback)) => {
            match enum_plan(spec, values.iter(), fallback, style) {
                Some(plan) => Kind::Enum(plan),
                None => Kind::Text(fallback.clone()),
            }
        }
        (Values::Number(values), FlagValue::Number(fallback)) => {
            let whole = |n: f64| n == n.trunc() && n.abs() <= MAX_SAFE_INTEGER;
            if whole(*fallback) && values.iter().all(|n| whole(*n)) {
                // Whole and within ±2^53: the cast is exact.
                Kind::Integer(*fallback as i64)
            } else {
                Kind::Double(*fallback)
            }
        }
        // The fallback has the flag's type (the core checks every variant), so what is left is
        // a boolean or an object.
        (_, FlagValue::Bool(b)) => Kind::Boolean(*b),
        (_, FlagValue::Object(object)) => Kind::Json(object.value().to_string()),
        (_, FlagValue::String(s)) => Kind::Text(s.clone()),
        (_, FlagValue::Number(n)) => Kind::Double(*n),
    }
}

/// The enum of a string flag, or `None` when a value has no name or two values (or a value
/// and one of the enum's own members) share one.
fn enum_plan<'v>(
    spec: &FlagSpec,
    values: impl Iterator<Item = &'v String>,
    fallback: &str,
    style: &Style,
) -> Option<EnumPlan> {
    let mut type_name = upper_camel(&spec.key)?;
    // A key starting with a digit: `_2fa` is the property's name, so the type gets `Flag2fa`.
    if let Some(rest) = type_name.strip_prefix('_') {
        type_name = format!("Flag{rest}");
    }
    if style.types.contains(&type_name.as_str()) {
        type_name.push_str("Value");
    }
    let mut taken: Vec<&str> = vec![style.unknown_case];
    taken.extend_from_slice(style.enum_members);
    let mut cases = Vec::new();
    let mut fallback_case = None;
    for value in values {
        let name = (style.case_name)(value)?;
        if taken.contains(&name.as_str()) || cases.iter().any(|(n, _)| *n == name) {
            return None;
        }
        let name = style.escape(&name);
        if value == fallback {
            fallback_case = Some(name.clone());
        }
        cases.push((name, value.clone()));
    }
    Some(EnumPlan {
        type_name: style.escape(&type_name),
        cases,
        fallback_case: fallback_case?,
        fallback: fallback.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::model::Source;
    use crate::codegen::names::upper_snake;
    use serde_json::json;

    const STYLE: Style = Style {
        language: "Test",
        keywords: &["in", "IN"],
        members: &["context"],
        types: &["String"],
        case_name: upper_snake,
        unknown_case: "UNKNOWN",
        enum_members: &[],
    };

    fn model_of(flags: serde_json::Value) -> FlagModel {
        let document = json!({ "schema": 1, "revision": 1, "flags": flags });
        FlagModel::from_sources(&[Source {
            name: "flags.json",
            document: &document,
        }])
        .unwrap()
    }

    fn string_flag(values: serde_json::Value, default: &str) -> serde_json::Value {
        json!({ "type": "string", "variants": values, "default": default })
    }

    #[test]
    fn kinds_and_names() {
        let model = model_of(json!({
            "new-checkout": { "type": "boolean", "variants": {"on": true}, "default": "on" },
            "checkout-layout": string_flag(json!({"a": "single-page", "b": "classic", "c": "in"}), "b"),
            "string": string_flag(json!({"a": "x"}), "a"),
            "context": { "type": "number", "variants": {"a": 20, "b": -9007199254740992.0}, "default": "a" },
            "ratio": { "type": "number", "variants": {"a": 1, "b": 0.5}, "default": "a" },
            "huge": { "type": "number", "variants": {"a": 1e300}, "default": "a" },
            "in": { "type": "object", "variants": {"a": {}}, "default": "a" },
        }));
        let plan = plan(&model, &STYLE).unwrap();
        let got: Vec<(&str, &str, &Kind)> = plan
            .iter()
            .map(|a| (a.spec.key.as_str(), a.name.as_str(), &a.kind))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "checkout-layout",
                    "checkoutLayout",
                    &Kind::Enum(EnumPlan {
                        type_name: "CheckoutLayout".into(),
                        cases: vec![
                            ("CLASSIC".into(), "classic".into()),
                            ("`IN`".into(), "in".into()),
                            ("SINGLE_PAGE".into(), "single-page".into()),
                        ],
                        fallback_case: "CLASSIC".into(),
                        fallback: "classic".into(),
                    })
                ),
                ("context", "contextFlag", &Kind::Integer(20)),
                ("huge", "huge", &Kind::Double(1e300)),
                ("in", "`in`", &Kind::Json("{}".into())),
                ("new-checkout", "newCheckout", &Kind::Boolean(true)),
                ("ratio", "ratio", &Kind::Double(1.0)),
                (
                    "string",
                    "string",
                    &Kind::Enum(EnumPlan {
                        type_name: "StringValue".into(),
                        cases: vec![("X".into(), "x".into())],
                        fallback_case: "X".into(),
                        fallback: "x".into(),
                    })
                ),
            ]
        );
    }

    #[test]
    fn values_without_distinct_names_read_as_plain_strings() {
        for values in [
            json!({"a": "single-page", "b": "single_page"}),
            json!({"a": "ok", "b": "💥"}),
            json!({"a": "ok", "b": "unknown"}),
        ] {
            let model = model_of(json!({ "f": string_flag(values.clone(), "a") }));
            let kind = &plan(&model, &STYLE).unwrap()[0].kind;
            assert_eq!(
                kind,
                &Kind::Text(values["a"].as_str().unwrap().into()),
                "{values}"
            );
        }
    }

    #[test]
    fn a_key_starting_with_a_digit_names_its_enum_flag_something() {
        let model = model_of(json!({ "2fa-mode": string_flag(json!({"a": "sms"}), "a") }));
        let plan = plan(&model, &STYLE).unwrap();
        assert_eq!(plan[0].name, "_2faMode");
        let Kind::Enum(plan) = &plan[0].kind else {
            panic!("{:?}", plan[0].kind)
        };
        assert_eq!(plan.type_name, "Flag2faMode");
    }

    #[test]
    fn the_enums_own_members_are_not_entry_names_in_either_language() {
        use crate::codegen::{kotlin, swift};
        for (style, taken) in [(&kotlin::STYLE, "unknown"), (&swift::STYLE, "value")] {
            let model = model_of(json!({ "f": string_flag(json!({"a": "ok", "b": taken}), "a") }));
            let kind = &plan(&model, style).unwrap()[0].kind;
            assert_eq!(kind, &Kind::Text("ok".into()), "{}", style.language);
        }
        // Kotlin's entries are UPPER_SNAKE: `value` is free there.
        let model = model_of(json!({ "f": string_flag(json!({"a": "value"}), "a") }));
        assert!(matches!(
            plan(&model, &crate::codegen::kotlin::STYLE).unwrap()[0].kind,
            Kind::Enum(_)
        ));
    }

    #[test]
    fn keys_without_a_name_or_with_the_same_name_are_errors() {
        let boolean = json!({ "type": "boolean", "variants": {"on": true}, "default": "on" });
        let model = model_of(json!({ "--": boolean }));
        assert_eq!(
            plan(&model, &STYLE).unwrap_err(),
            "flag \"--\" has no Test name: accessor names are made of a key's words, which \
             must be ASCII letters and digits"
        );
        let model = model_of(json!({ "new-checkout": boolean, "new_checkout": boolean }));
        assert_eq!(
            plan(&model, &STYLE).unwrap_err(),
            "flags \"new-checkout\" and \"new_checkout\" both get the Test property name \
             newCheckout: rename one of them"
        );
        let text = string_flag(json!({"a": "x"}), "a");
        let model = model_of(json!({ "string": text, "string-value": text }));
        assert_eq!(
            plan(&model, &STYLE).unwrap_err(),
            "flags \"string\" and \"string-value\" both get the Test enum name StringValue: \
             rename one of them"
        );
    }
}
