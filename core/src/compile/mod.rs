//! The loader: JSON text → validated, compiled [`Ruleset`].
//!
//! It walks the parsed JSON once per concern and records every problem with its path instead
//! of stopping at the first. Flags are compiled in two passes so that prerequisites can name
//! flags (and their variants) defined anywhere in the document.

mod condition;
pub(crate) mod field;
mod flag;
pub(crate) mod reader;

use crate::json::{self, Json};
use crate::limits::{MAX_FLAGS, MAX_JSON_DEPTH, MAX_SEGMENTS};
use crate::model::Segment;
use crate::problem::{LoadError, ProblemKind};
use crate::ruleset::Ruleset;
use condition::{compile_condition, SegmentScope};
use field::{Field, FieldTags, Fields, ObjectFields};
use reader::Walk;
use rustc_hash::FxHashMap;

/// The ruleset schema versions this engine understands.
pub const SUPPORTED_SCHEMA: u64 = 1;

/// Whether an object key is an annotation (`$comment`, `x-jira`): allowed beside the fixed
/// fields of any object and ignored, so that teams can note things in their rulesets and
/// project files. Every tool that reads those files asks this one function.
pub fn is_annotation(key: &str) -> bool {
    key.starts_with('$') || key.starts_with("x-")
}

/// Parses and compiles a ruleset from JSON text.
pub(crate) fn compile_text(text: &str) -> Result<Ruleset, LoadError> {
    crate::limits::check_ruleset_size(text.len())?;
    parse_and_compile(text)
}

/// Checks that `bytes` are UTF-8, then parses and compiles them.
pub(crate) fn compile_bytes(bytes: &[u8]) -> Result<Ruleset, LoadError> {
    // The size first: an oversized input is refused before it is scanned for UTF-8.
    crate::limits::check_ruleset_size(bytes.len())?;
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_and_compile(text),
        Err(error) => Err(syntax_error(&json::SyntaxError::at_byte(
            bytes,
            error.valid_up_to(),
            "invalid UTF-8",
        ))),
    }
}

/// Parses and compiles text whose size was checked already.
fn parse_and_compile(text: &str) -> Result<Ruleset, LoadError> {
    // The tree takes ~2x (pretty-printed; 2.05x for the 187 KB bench fixture) to
    // 3.2x (minified) the text's size: one chunk of twice the text up front, and at most one
    // more, where starting small took ~10 chunks (each a large allocation and a free). Not
    // more: WASM memory never shrinks, so reserving what is not used would raise it for good
    // (and 2.5x, which fits the fixture in one chunk, measured no faster).
    let arena = bumpalo::Bump::with_capacity(text.len().saturating_mul(2));
    let document = json::parse(text, &arena, PARSE_OPTIONS).map_err(|e| syntax_error(&e))?;
    compile_json(&document)
}

/// How the loader parses: the documented nesting limit, keys tagged with their field.
const PARSE_OPTIONS: json::Options<'static> = json::Options {
    max_depth: MAX_JSON_DEPTH,
    tags: &FieldTags,
};

/// Turns a JSON syntax error into a problem with line and column.
fn syntax_error(error: &json::SyntaxError) -> LoadError {
    let message = if error.too_deep {
        format!(
            "JSON nested deeper than {MAX_JSON_DEPTH} levels (line {}, column {})",
            error.line, error.column
        )
    } else {
        format!("invalid JSON: {error}")
    };
    LoadError::single("", ProblemKind::Syntax, message)
}

/// Compiles an already-parsed JSON document (the CLI uses this for YAML).
#[cfg(feature = "serde")]
pub(crate) fn compile_value(document: &serde_json::Value) -> Result<Ruleset, LoadError> {
    let arena = bumpalo::Bump::new();
    compile_json(&Json::from_serde(document, &arena, &FieldTags))
}

fn compile_json<'t>(document: &'t Json<'t>) -> Result<Ruleset, LoadError> {
    let mut walk = Walk::default();
    let ruleset = compile_document(&mut walk, document);
    match ruleset {
        Some(ruleset) if walk.problems.is_empty() => Ok(ruleset),
        _ => {
            let mut problems = walk.problems.list;
            if problems.is_empty() {
                // Defensive: every failing path records a problem, but never return an empty list.
                problems.push(crate::problem::Problem {
                    path: String::new(),
                    kind: ProblemKind::InvalidValue,
                    message: "invalid ruleset".into(),
                });
            }
            Err(LoadError { problems })
        }
    }
}

const DOCUMENT_FIELDS: Fields = Fields::new(&[
    Field::SCHEMA,
    Field::REVISION,
    Field::SEGMENTS,
    Field::FLAGS,
    Field::METADATA,
]);

fn compile_document<'t>(walk: &mut Walk<'t>, document: &'t Json<'t>) -> Option<Ruleset> {
    let root = walk.object(document)?;
    walk.check_fields(root, &DOCUMENT_FIELDS);

    let schema = match root.get(Field::SCHEMA) {
        None => {
            walk.problem(ProblemKind::MissingField, || {
                "missing field \"schema\" (use 1)"
            });
            None
        }
        Some(v) => walk.at_key("schema", |w| match json_u64(v) {
            Some(SUPPORTED_SCHEMA) => Some(SUPPORTED_SCHEMA),
            _ => {
                w.problem(ProblemKind::UnsupportedSchema, || {
                    format!(
                        "unsupported schema {}; this engine reads schema {SUPPORTED_SCHEMA}",
                        v
                    )
                });
                None
            }
        }),
    };
    // Without a schema we cannot know what the rest means; stop here.
    schema?;

    let revision = walk.required(root, Field::REVISION, |w, v| match json_u64(v) {
        Some(r) if r <= (1 << 53) => Some(r),
        _ if !matches!(v, Json::Number(_)) => {
            w.problem(ProblemKind::InvalidType, || {
                format!("revision must be an integer, found {}", v.type_name())
            });
            None
        }
        _ => {
            w.problem(ProblemKind::InvalidValue, || {
                format!("revision must be an integer from 0 to 2^53, found {}", v)
            });
            None
        }
    });

    if let Some(meta) = root.get(Field::METADATA) {
        walk.at_key("metadata", |w| w.object(meta));
    }

    // Segments first: flags refer to them by name.
    let mut segment_names: FxHashMap<&str, usize> = FxHashMap::default();
    let mut segments = Vec::new();
    if let Some(value) = root.get(Field::SEGMENTS) {
        walk.at_key("segments", |w| {
            let Some(map) = w.object(value) else { return };
            if map.len() > MAX_SEGMENTS {
                w.problem(ProblemKind::LimitExceeded, || {
                    format!("more than {MAX_SEGMENTS} segments")
                });
                return;
            }
            for (name, body) in map.iter() {
                w.at_key(name, |w| {
                    if name.is_empty() {
                        w.problem(ProblemKind::InvalidValue, || "segment name is empty");
                    }
                    if let Some(condition) = compile_condition(w, body, &SegmentScope::Segment, 0) {
                        segment_names.insert(name, segments.len());
                        segments.push(Segment {
                            name: name.into(),
                            condition,
                        });
                    }
                });
            }
        });
    }
    // A segment with problems is still a known name: referencing it must not add a second,
    // misleading "unknown segment" problem. Its index points at a placeholder that never
    // matches; the ruleset is rejected anyway.
    if let Some(Json::Object(map)) = root.get(Field::SEGMENTS) {
        for name in map.keys() {
            if !segment_names.contains_key(name) {
                segment_names.insert(name, segments.len());
                segments.push(Segment {
                    name: name.into(),
                    condition: crate::model::Condition::Any(Vec::new()),
                });
            }
        }
    }

    let flags = walk.required(root, Field::FLAGS, |w, value| {
        let map = w.object(value)?;
        if map.len() > MAX_FLAGS {
            w.problem(ProblemKind::LimitExceeded, || {
                format!("more than {MAX_FLAGS} flags")
            });
            return None;
        }
        flag::compile_flags(w, map, &segment_names)
    });

    let leaves = std::mem::take(&mut walk.leaves);
    Some(Ruleset::new(revision?, flags?, segments, leaves))
}

/// A non-negative integer, if the value is one.
fn json_u64(value: &Json<'_>) -> Option<u64> {
    match value {
        Json::Number(n) => n.as_u64(),
        _ => None,
    }
}
