//! What code generation knows about the flags: each key's type and every value it can take.
//!
//! The model is built from a list of plain ruleset documents (one file today; one per
//! environment of a project), so that every language generator sees one flag set whatever the
//! sources were. The flags of all documents are unioned: a flag's values are those of every
//! document that defines it, while its type must be the same in all of them, since generated
//! code gives each key one type.

use rollgate::{FlagType, FlagValue, Ruleset};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One ruleset document to generate from.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Where it came from, for messages: a file name, or an environment of a project.
    pub name: &'a str,
    /// The ruleset, parsed but not yet validated (JSON, or YAML converted to the same model).
    pub document: &'a Value,
}

/// Every value a flag can take, by type.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// `true` and `false`.
    Boolean,
    /// The distinct string values of the flag's variants, sorted.
    String(BTreeSet<String>),
    /// The distinct number values, sorted (`-0` and `0` are one value).
    Number(Vec<f64>),
    /// The distinct object values, keyed by their compact JSON text with sorted keys (so
    /// objects that differ only in member order are one value).
    Object(BTreeMap<String, Value>),
}

impl Values {
    /// The type these values have.
    pub fn flag_type(&self) -> FlagType {
        match self {
            Values::Boolean => FlagType::Boolean,
            Values::String(_) => FlagType::String,
            Values::Number(_) => FlagType::Number,
            Values::Object(_) => FlagType::Object,
        }
    }

    /// The empty set of values of a type.
    fn empty(flag_type: FlagType) -> Values {
        match flag_type {
            FlagType::Boolean => Values::Boolean,
            FlagType::String => Values::String(BTreeSet::new()),
            FlagType::Number => Values::Number(Vec::new()),
            FlagType::Object => Values::Object(BTreeMap::new()),
        }
    }

    /// Adds one variant's value; a value of another type is ignored (the loader already
    /// refused a ruleset with one).
    fn insert(&mut self, value: &FlagValue) {
        match (self, value) {
            (Values::String(set), FlagValue::String(s)) => {
                set.insert(s.clone());
            }
            (Values::Number(list), FlagValue::Number(n)) => {
                // Adding 0.0 turns -0.0 into 0.0: one value, as in JSON.
                let n = *n + 0.0;
                if let Err(at) = list.binary_search_by(|x| x.total_cmp(&n)) {
                    list.insert(at, n);
                }
            }
            (Values::Object(map), FlagValue::Object(object)) => {
                let value = serde_json::Value::from(object.value().clone());
                map.insert(value.to_string(), value);
            }
            _ => {}
        }
    }
}

/// One flag as generated code sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct FlagSpec {
    /// The flag key, exactly as in the ruleset.
    pub key: String,
    /// Its type and every value its variants hold, over all sources.
    pub values: Values,
    /// The value accessors return when the engine cannot answer (no such flag in the ruleset
    /// it serves, another type): the default variant's value in the first source defining the
    /// flag, i.e. what the flag means when no rule applies.
    pub fallback: FlagValue,
    /// The first source's `metadata.description`, for doc comments.
    pub description: Option<String>,
}

/// The flags of all sources, sorted by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlagModel {
    /// One entry per key, in key order.
    pub flags: Vec<FlagSpec>,
}

/// Why no model could be built.
#[derive(Debug)]
pub enum ModelError {
    /// A source is not a valid ruleset.
    Invalid {
        /// The source's name.
        source: String,
        /// Every problem the core found.
        error: rollgate::LoadError,
    },
    /// One key has different types in two sources.
    TypeConflict {
        /// The flag key.
        key: String,
        /// The first source defining it, and its type there.
        first: (String, FlagType),
        /// A later source with another type.
        second: (String, FlagType),
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Invalid { source, error } => write!(f, "{source}: {error}"),
            ModelError::TypeConflict { key, first, second } => write!(
                f,
                "flag {key:?} is a {} flag in {} but a {} flag in {}: generated code gives \
                 each flag one type, so make them agree (or rename one)",
                type_name(first.1),
                first.0,
                type_name(second.1),
                second.0
            ),
        }
    }
}

/// The type's name as the ruleset spells it (`boolean`, `string`, ...).
pub fn type_name(flag_type: FlagType) -> &'static str {
    match flag_type {
        FlagType::Boolean => "boolean",
        FlagType::String => "string",
        FlagType::Number => "number",
        FlagType::Object => "object",
    }
}

impl FlagModel {
    /// Validates every source with the core and unions their flags.
    ///
    /// Fails on the first invalid source (with all of its problems), or on the first key whose
    /// type differs between two sources.
    pub fn from_sources(sources: &[Source<'_>]) -> Result<FlagModel, ModelError> {
        // Key → (spec, name of the source that defined it first).
        let mut flags: BTreeMap<String, (FlagSpec, String)> = BTreeMap::new();
        for source in sources {
            let ruleset =
                Ruleset::from_value(source.document).map_err(|error| ModelError::Invalid {
                    source: source.name.to_owned(),
                    error,
                })?;
            for key in ruleset.flag_keys() {
                let Some(flag) = ruleset.flag(key) else {
                    continue;
                };
                let flag_type = flag.flag_type();
                let (spec, first) = match flags.get_mut(key) {
                    Some(entry) => entry,
                    None => {
                        let Some(fallback) = default_value(source.document, &flag) else {
                            continue;
                        };
                        let spec = FlagSpec {
                            key: key.to_owned(),
                            values: Values::empty(flag_type),
                            fallback,
                            description: description(&flag),
                        };
                        flags
                            .entry(key.to_owned())
                            .or_insert((spec, source.name.to_owned()))
                    }
                };
                let first_type = spec.values.flag_type();
                if first_type != flag_type {
                    return Err(ModelError::TypeConflict {
                        key: key.to_owned(),
                        first: (first.clone(), first_type),
                        second: (source.name.to_owned(), flag_type),
                    });
                }
                for (_, value) in flag.variants() {
                    spec.values.insert(value);
                }
            }
        }
        Ok(FlagModel {
            flags: flags.into_values().map(|(spec, _)| spec).collect(),
        })
    }
}

/// The value of the flag's default variant. The ruleset is valid, so the `default` field
/// names one of its variants; `None` cannot happen but is not worth a panic.
fn default_value(document: &Value, flag: &rollgate::FlagInfo<'_>) -> Option<FlagValue> {
    let name = document
        .get("flags")?
        .get(flag.key())?
        .get("default")?
        .as_str()?;
    flag.variants()
        .find(|(variant, _)| *variant == name)
        .map(|(_, value)| value.clone())
}

/// `metadata.description` when it is a non-blank string.
fn description(flag: &rollgate::FlagInfo<'_>) -> Option<String> {
    let text = flag.metadata().get("description")?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flag(flag_type: &str, variants: Value, default: &str) -> Value {
        json!({ "type": flag_type, "variants": variants, "default": default })
    }

    fn ruleset(flags: Value) -> Value {
        json!({ "schema": 1, "revision": 1, "flags": flags })
    }

    fn model(documents: &[(&str, Value)]) -> Result<FlagModel, ModelError> {
        let sources: Vec<Source<'_>> = documents
            .iter()
            .map(|(name, document)| Source { name, document })
            .collect();
        FlagModel::from_sources(&sources)
    }

    #[test]
    fn every_type_with_its_values_sorted_and_deduplicated() {
        let doc = ruleset(json!({
            "z-bool": flag("boolean", json!({"on": true, "off": false}), "off"),
            "layout": flag("string", json!({"a": "x", "b": "w", "c": "x"}), "a"),
            "limit": flag("number", json!({"a": 50, "b": -0.0, "c": 0, "d": 2.5}), "a"),
            "conf": flag("object", json!({"a": {"k": 1}, "b": {"k": 1}, "c": {}}), "c"),
        }));
        let model = model(&[("flags.json", doc)]).unwrap();
        let keys: Vec<&str> = model.flags.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["conf", "layout", "limit", "z-bool"]);
        let [conf, layout, limit, z] = &model.flags[..] else {
            panic!("four flags")
        };
        assert_eq!(
            conf.values,
            Values::Object(BTreeMap::from([
                ("{\"k\":1}".to_owned(), json!({"k": 1})),
                ("{}".to_owned(), json!({})),
            ]))
        );
        assert_eq!(serde_json::Value::from(conf.fallback.to_json()), json!({}));
        assert_eq!(
            layout.values,
            Values::String(["w".to_owned(), "x".to_owned()].into())
        );
        assert_eq!(layout.fallback, FlagValue::String("x".into()));
        assert_eq!(limit.values, Values::Number(vec![0.0, 2.5, 50.0]));
        assert_eq!(limit.fallback, FlagValue::Number(50.0));
        assert_eq!(z.values, Values::Boolean);
        assert_eq!(z.fallback, FlagValue::Bool(false));
    }

    #[test]
    fn sources_are_unioned_and_the_first_gives_fallback_and_description() {
        let staging = ruleset(json!({
            "layout": {
                "type": "string", "variants": {"a": "x", "b": "new"}, "default": "b",
                "metadata": {"description": "  The layout.  "},
            },
            "only-staging": flag("boolean", json!({"on": true}), "on"),
        }));
        let production = ruleset(json!({
            "layout": {
                "type": "string", "variants": {"a": "x", "c": "y"}, "default": "a",
                "metadata": {"description": "Other words."},
            },
            "only-production": flag("number", json!({"n": 1}), "n"),
        }));
        let model = model(&[("staging", staging), ("production", production)]).unwrap();
        let keys: Vec<&str> = model.flags.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["layout", "only-production", "only-staging"]);
        let layout = &model.flags[0];
        assert_eq!(
            layout.values,
            Values::String(["new".into(), "x".into(), "y".into()].into())
        );
        assert_eq!(layout.fallback, FlagValue::String("new".into()));
        assert_eq!(layout.description.as_deref(), Some("The layout."));
    }

    #[test]
    fn a_type_that_differs_between_sources_is_an_error_naming_both() {
        let a = ruleset(json!({"f": flag("boolean", json!({"on": true}), "on")}));
        let b = ruleset(json!({"f": flag("string", json!({"on": "yes"}), "on")}));
        let error = model(&[("staging", a), ("production", b)]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "flag \"f\" is a boolean flag in staging but a string flag in production: \
             generated code gives each flag one type, so make them agree (or rename one)"
        );
    }

    #[test]
    fn an_invalid_source_is_refused_with_its_problems() {
        let bad = ruleset(json!({"f": flag("boolean", json!({"on": true}), "of")}));
        let error = model(&[("flags.json", bad)]).unwrap_err();
        let ModelError::Invalid { source, error } = error else {
            panic!("{error}")
        };
        assert_eq!(source, "flags.json");
        assert_eq!(error.problems[0].path, "flags.f.default");
    }

    #[test]
    fn no_sources_no_flags() {
        assert_eq!(model(&[]).unwrap(), FlagModel::default());
    }
}
