//! Checks of project files (config, flag sources, overlays), with problems worded like the
//! core's and located in the file.

use crate::problem::{Kind, Problems};
use crate::source::{Location, SourceMap};
use rollgate::suggest::did_you_mean;
use rollgate::ProblemKind;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(crate) use rollgate::is_annotation;

/// "a string", "an object", ...: a value's JSON type, as the core names it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Records problems of one file, each located through the file's source map.
pub(crate) struct Checker<'c> {
    pub(crate) map: &'c SourceMap,
    pub(crate) problems: &'c mut Problems,
}

impl<'c> Checker<'c> {
    /// The location of the value at `path`.
    pub(crate) fn at(&self, path: &str) -> Option<Location> {
        self.map.locate(path)
    }

    /// The location of the key of the member at `path`.
    pub(crate) fn at_key(&self, path: &str) -> Option<Location> {
        self.map.locate_key(path)
    }

    /// Records a problem about the value at `path`.
    pub(crate) fn problem(
        &mut self,
        path: &str,
        kind: impl Into<Kind>,
        message: impl Into<String>,
    ) {
        let location = self.at(path);
        self.problems.add(location, path, kind, message);
    }

    /// Records a problem about the key of the member at `path`.
    pub(crate) fn key_problem(
        &mut self,
        path: &str,
        kind: impl Into<Kind>,
        message: impl Into<String>,
    ) {
        let location = self.at_key(path);
        self.problems.add(location, path, kind, message);
    }

    /// The value as an object, or an `invalid_type` problem.
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.problem(
                    path,
                    ProblemKind::InvalidType,
                    format!("expected an object, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Reports every key of `object` that is neither in `known` nor an annotation.
    pub(crate) fn known_fields(&mut self, object: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in object.keys() {
            if !known.contains(&key.as_str()) && !is_annotation(key) {
                self.key_problem(
                    &crate::path::key(path, key),
                    ProblemKind::UnknownField,
                    format!("unknown field {:?}{}", key, did_you_mean(key, known)),
                );
            }
        }
    }

    /// Reports a missing required field of the object at `path`.
    pub(crate) fn require(&mut self, object: &Map<String, Value>, path: &str, field: &str) -> bool {
        if object.contains_key(field) {
            return true;
        }
        let location = self.at_key(path);
        self.problems.add(
            location,
            crate::path::key(path, field),
            ProblemKind::MissingField,
            format!("missing field {field:?}"),
        );
        false
    }

    /// A string, or an `invalid_type` problem.
    pub(crate) fn string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(
                    path,
                    ProblemKind::InvalidType,
                    format!("expected a string, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// A string or a list of strings (one path or several), each with its own path; problems
    /// for anything else.
    pub(crate) fn string_or_list(&mut self, value: &Value, path: &str) -> Vec<(String, String)> {
        match value {
            Value::String(s) => vec![(s.clone(), path.to_owned())],
            Value::Array(items) => {
                let mut strings = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_path = crate::path::index(path, i);
                    if let Some(s) = self.string(item, &item_path) {
                        strings.push((s.to_owned(), item_path));
                    }
                }
                strings
            }
            other => {
                self.problem(
                    path,
                    ProblemKind::InvalidType,
                    format!(
                        "expected a string or a list of strings, found {}",
                        type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }
}

/// Where each key of a set of files was first written, so that a second definition (in
/// another file of the set) is reported naming the first.
#[derive(Default)]
pub(crate) struct FirstSeen(BTreeMap<String, Option<Location>>);

impl FirstSeen {
    /// Records the member at `path`, located by `c`. When it was seen before: a
    /// `duplicate_definition` problem, `"{what}, here and at {first place}"`, and false.
    pub(crate) fn first(&mut self, c: &mut Checker<'_>, path: &str, what: &str) -> bool {
        if let Some(first) = self.0.get(path) {
            let first = first
                .as_ref()
                .map_or_else(|| "in another file".to_owned(), |l| format!("at {l}"));
            c.key_problem(
                path,
                Kind::DuplicateDefinition,
                format!("{what}, here and {first}"),
            );
            return false;
        }
        self.0.insert(path.to_owned(), c.at_key(path));
        true
    }
}
