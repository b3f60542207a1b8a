//! Typed access to JSON objects that records a problem, with its path, for every mismatch.

use super::field::{Field, Fields, MemberField, ObjectFields};
use crate::json::{key_eq, Json, Number, Object};
use crate::json_object::JsonObject;
use crate::model::{AttrName, Leaf};
use crate::problem::{ProblemKind, Problems};
use crate::value::number_text;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The source of a compiled leaf: its attribute, operator and operand, the index of the leaf
/// in [`Walk::leaves`], and the previous entry with the same hash (if any).
pub(crate) struct LeafKey<'t> {
    pub(crate) attr: &'t str,
    pub(crate) op: &'t str,
    pub(crate) operand: &'t Json<'t>,
    pub(crate) leaf: usize,
    pub(crate) same_hash: Option<usize>,
}

/// How many distinct attribute names [`Walk::attr_name`] shares.
/// Rulesets repeat a few; past this many, a name gets its own entry, so a document with
/// thousands of distinct names cannot make every lookup scan them all (quadratic load).
const SHARED_NAMES: usize = 32;

/// One step of a path: an object key or an array index.
#[derive(Clone, Copy)]
enum Segment<'t> {
    Key(&'t str),
    Index(usize),
}

/// The state shared by the whole compile: where we are, what went wrong so far, and the
/// tables that let identical conditions and regexes be compiled once.
#[derive(Default)]
pub(crate) struct Walk<'t> {
    // Segments borrowed from the document; the path text is only built when a problem is
    // recorded, so a valid document costs no string work for paths.
    path: Vec<Segment<'t>>,
    pub(crate) problems: Problems,
    /// Every distinct leaf condition of the ruleset.
    pub(crate) leaves: Vec<Leaf>,
    /// Leaves by a hash of (attribute, operator, operand JSON), to find duplicates: the
    /// newest entry in [`Self::leaf_keys`] with that hash (one allocation-free chain per
    /// hash, where a `Vec` per distinct leaf cost an allocation each).
    pub(crate) leaf_lookup: FxHashMap<u64, usize>,
    /// What each compiled leaf was compiled from, chained by hash (see [`LeafKey`]).
    pub(crate) leaf_keys: Vec<LeafKey<'t>>,
    /// Compiled regexes by pattern (few per ruleset: a vector, not another hash map type in
    /// the WASM build).
    pub(crate) regexes: Vec<(&'t str, crate::regex::Regex)>,
    /// Shared [`AttrName`]s: a few per ruleset, used hundreds of times.
    attr_names: Vec<AttrName>,
    /// Every flag's metadata and every object value as compact JSON, one object after the
    /// other; flags keep ranges, object values are rebased onto the shared copy at the end.
    pub(crate) metadata_text: String,
    /// What object values point into until [`Self::metadata_text`] is shared: an empty text
    /// (made once, on the first object value).
    pending_text: Option<Arc<str>>,
}

impl<'t> Walk<'t> {
    /// `value` as a [`JsonObject`] whose compact text is appended to [`Self::metadata_text`]
    /// (one shared allocation for all of them, where a string per object cost 66 per load
    /// of the bench fixture). It reads `{}` until [`JsonObject::rebased`] onto the shared
    /// text, which the loader does for every object value once every flag is compiled.
    pub(crate) fn pending_object(&mut self, value: &Json<'_>) -> JsonObject {
        let start = self.metadata_text.len();
        value.write_json(&mut self.metadata_text);
        let pending = self.pending_text.get_or_insert_with(|| Arc::from(""));
        JsonObject::in_shared_text(Arc::clone(pending), start..self.metadata_text.len())
    }

    /// The shared [`AttrName`] for `name`.
    pub(crate) fn attr_name(&mut self, name: &str) -> AttrName {
        shared(
            &mut self.attr_names,
            name,
            |a| &a.name,
            || AttrName::new(name),
        )
    }

    /// The current path as text: `flags.checkout.rules[2].when`.
    pub(crate) fn path_text(&self) -> String {
        let mut text = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => push_key(&mut text, key),
                Segment::Index(i) => {
                    text.push('[');
                    text.push_str(&i.to_string());
                    text.push(']');
                }
            }
        }
        text
    }

    /// Records a problem at the current path.
    /// `message` writes the full text; it runs only in builds with the core's `messages`
    /// feature ([`crate::problem::message`]).
    pub(crate) fn problem<M: Into<String>>(
        &mut self,
        kind: ProblemKind,
        message: impl FnOnce() -> M,
    ) {
        let path = self.path_text();
        self.problems
            .add_at(&path, kind, crate::problem::message(kind, message));
    }

    /// Runs `f` with `.key` appended to the path.
    pub(crate) fn at_key<R>(&mut self, key: &'t str, f: impl FnOnce(&mut Walk<'t>) -> R) -> R {
        self.path.push(Segment::Key(key));
        let result = f(self);
        self.path.pop();
        result
    }

    /// Runs `f` with `[index]` appended to the path.
    pub(crate) fn at_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Walk<'t>) -> R) -> R {
        self.path.push(Segment::Index(index));
        let result = f(self);
        self.path.pop();
        result
    }

    /// The value as an object, or a problem. Duplicate keys are reported here, once per object.
    // Inlined natively: as a call it saved and restored registers for the rare paths on every
    // object (2% of a whole load). In the size-built WASM a call is smaller.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn object(&mut self, value: &'t Json<'t>) -> Option<&'t Object<'t>> {
        match value {
            Json::Object(object) => {
                if keys_may_repeat(object) {
                    self.report_duplicates(object);
                }
                Some(object)
            }
            other => {
                self.not_an_object(other);
                None
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn not_an_object(&mut self, other: &Json<'_>) {
        self.problem(ProblemKind::InvalidType, || {
            format!("expected an object, found {}", other.type_name())
        });
    }

    /// Reports each key of `object` that an earlier key repeats.
    #[inline(never)]
    fn report_duplicates(&mut self, object: &'t Object<'t>) {
        // Quadratic only for small objects; large ones (flags, segments) use a set. Plain
        // loops: the size-built WASM turns iterator adapters into calls.
        if object.len() <= SMALL_OBJECT {
            let members = object.members;
            for (i, member) in members.iter().enumerate() {
                let key = member.key;
                let mut duplicate = false;
                for earlier in members.get(..i).unwrap_or_default() {
                    duplicate |= key_eq(earlier.key, key);
                }
                if duplicate {
                    self.at_key(key, |w| {
                        w.problem(ProblemKind::DuplicateKey, || {
                            format!("duplicate key \"{key}\"")
                        })
                    });
                }
            }
        } else {
            // A hash map, not a sort: 200 keys hash faster than they sort, most of all in the
            // size-built WASM, where every comparison is a call. (A map of the same type as the
            // segment names' shares their code; a set would add its own.)
            let mut seen: FxHashMap<&'t str, usize> = FxHashMap::default();
            seen.reserve(object.len());
            for key in object.keys() {
                if seen.insert(key, 0).is_some() {
                    self.at_key(key, |w| {
                        w.problem(ProblemKind::DuplicateKey, || {
                            format!("duplicate key \"{key}\"")
                        })
                    });
                }
            }
        }
    }

    /// Reports every field of `object` not in `allowed`. Keys starting with `$` or `x-` are
    /// annotations (`$comment`, `x-owner-team`) and always allowed.
    pub(crate) fn check_fields(&mut self, object: &'t Object<'t>, allowed: &Fields) {
        // The usual case, every key an allowed field, is one pass of bit operations.
        if object.field_bits() & !allowed.mask() != 0 {
            self.report_fields(object, allowed);
        }
    }

    #[cold]
    fn report_fields(&mut self, object: &'t Object<'t>, allowed: &Fields) {
        for member in object.members {
            let key = member.key;
            if allowed.mask() & member.field().bit() != 0 || super::is_annotation(key) {
                continue;
            }
            self.at_key(key, |w| {
                w.problem(ProblemKind::UnknownField, || {
                    let hint = crate::suggest::did_you_mean(key, &allowed.names());
                    format!("unknown field \"{key}\"{hint}")
                })
            });
        }
    }

    /// A required string field. The usual case (present, a string) returns before any of
    /// the path and problem bookkeeping, which lives in a cold function.
    pub(crate) fn required_str(&mut self, object: &'t Object<'t>, field: Field) -> Option<&'t str> {
        match object.get(field) {
            Some(Json::String(s)) => Some(s),
            found => self.required_str_otherwise(found, field),
        }
    }

    #[cold]
    fn required_str_otherwise(
        &mut self,
        found: Option<&'t Json<'t>>,
        field: Field,
    ) -> Option<&'t str> {
        match found {
            None => self.missing(field),
            Some(value) => self.at_key(field.name(), |w| w.string(value)),
        }
    }

    /// A required field, read by `read` with the field's key appended to the path; a
    /// missing-field problem when it is absent.
    pub(crate) fn required<R>(
        &mut self,
        object: &'t Object<'t>,
        field: Field,
        read: impl FnOnce(&mut Walk<'t>, &'t Json<'t>) -> Option<R>,
    ) -> Option<R> {
        match object.get(field) {
            Some(value) => self.at_key(field.name(), |w| read(w, value)),
            None => self.missing(field),
        }
    }

    /// Records that `field` is missing from the current object.
    #[cold]
    fn missing<R>(&mut self, field: Field) -> Option<R> {
        self.problem(ProblemKind::MissingField, || {
            format!("missing field \"{}\"", field.name())
        });
        None
    }

    /// An optional string field (a problem only when present with the wrong type); the usual
    /// cases return at once, as in [`Self::required_str`].
    pub(crate) fn optional_str(&mut self, object: &'t Object<'t>, field: Field) -> Option<&'t str> {
        match object.get(field) {
            Some(Json::String(s)) => Some(s),
            None => None,
            Some(value) => self.optional_str_otherwise(value, field),
        }
    }

    #[cold]
    fn optional_str_otherwise(&mut self, value: &'t Json<'t>, field: Field) -> Option<&'t str> {
        self.at_key(field.name(), |w| w.string(value))
    }

    /// The value as a string, or a problem.
    pub(crate) fn string(&mut self, value: &'t Json<'t>) -> Option<&'t str> {
        match value {
            Json::String(s) => Some(s),
            other => {
                self.problem(ProblemKind::InvalidType, || {
                    format!("expected a string, found {}", other.type_name())
                });
                None
            }
        }
    }

    /// The value as an array, or a problem.
    pub(crate) fn array(&mut self, value: &'t Json<'t>) -> Option<&'t [Json<'t>]> {
        match value {
            Json::Array(items) => Some(items),
            other => {
                self.problem(ProblemKind::InvalidType, || {
                    format!("expected an array, found {}", other.type_name())
                });
                None
            }
        }
    }

    /// An optional boolean field.
    pub(crate) fn optional_bool(&mut self, object: &'t Object<'t>, field: Field) -> Option<bool> {
        match object.get(field)? {
            Json::Bool(b) => Some(*b),
            other => {
                let found = other.type_name();
                self.at_key(field.name(), |w| {
                    w.problem(ProblemKind::InvalidType, || {
                        format!("expected a boolean, found {found}")
                    })
                });
                None
            }
        }
    }

    /// The value as a finite number, or a problem.
    pub(crate) fn number(&mut self, value: &'t Json<'t>) -> Option<f64> {
        match value {
            Json::Number(n) => {
                let f = n.as_f64();
                if f.is_finite() {
                    Some(f)
                } else {
                    self.problem(ProblemKind::InvalidValue, || "number out of range");
                    None
                }
            }
            other => {
                self.problem(ProblemKind::InvalidType, || {
                    format!("expected a number, found {}", other.type_name())
                });
                None
            }
        }
    }

    /// A percentage 0..=100 with at most three decimals, as thousandths of a percent.
    pub(crate) fn percent(&mut self, value: &'t Json<'t>) -> Option<u32> {
        // Whole percents (nearly all of them) need no float checks; the rounding below is a
        // libm call on x86-64's baseline (1.1% of a load of the bench fixture went to it).
        if let Json::Number(Number::Unsigned(whole @ 0..=100)) = value {
            return u32::try_from(*whole).ok().map(|p| p * 1000);
        }
        let p = self.number(value)?;
        if !(0.0..=100.0).contains(&p) {
            self.problem(ProblemKind::InvalidValue, || {
                format!(
                    "percent must be between 0 and 100, found {}",
                    number_text(p)
                )
            });
            return None;
        }
        let thousandths = (p * 1000.0).round();
        if (p * 1000.0 - thousandths).abs() > 1e-6 {
            self.problem(ProblemKind::InvalidValue, || {
                format!(
                    "percent {} has more than 3 decimal places (resolution is 0.001%)",
                    number_text(p)
                )
            });
            return None;
        }
        // In 0..=100_000 by the checks above, so the cast is exact.
        Some(thousandths as u32)
    }

    /// A point in time: an RFC 3339 string or integer epoch milliseconds.
    pub(crate) fn timestamp(&mut self, value: &'t Json<'t>) -> Option<i64> {
        match value {
            Json::String(s) => match crate::time::parse_rfc3339_ms(s) {
                Ok(ms) => Some(ms),
                Err(e) => {
                    self.problem(ProblemKind::InvalidDate, || e.to_string());
                    None
                }
            },
            Json::Number(n) => match n.as_i64() {
                Some(ms) => Some(ms),
                None => {
                    self.problem(ProblemKind::InvalidDate, || {
                        format!("{n} is not an integer number of epoch milliseconds")
                    });
                    None
                }
            },
            other => {
                self.problem(ProblemKind::InvalidDate, || {
                    format!(
                        "expected an RFC 3339 string or epoch milliseconds, found {}",
                        other.type_name()
                    )
                });
                None
            }
        }
    }
}

/// Objects up to this many members are checked for duplicate keys in pairs; larger ones
/// (`flags`, `segments`) with a hash map.
const SMALL_OBJECT: usize = 16;

/// Whether two keys of `object` could be equal: always for large objects; for small ones,
/// only when two keys are the same field, or two other keys have the same length (modulo 64).
/// Ruleset keys nearly always differ in both, so the pairwise check rarely runs.
#[inline(always)]
fn keys_may_repeat(object: &Object<'_>) -> bool {
    if object.len() > SMALL_OBJECT {
        return true;
    }
    let mut fields = 0u64;
    let mut lengths = 0u64;
    let mut maybe_duplicate = false;
    for member in object.members {
        let (set, bit) = if member.field() == Field::OTHER {
            (&mut lengths, 1u64 << (member.key.len() % 64))
        } else {
            (&mut fields, member.field().bit())
        };
        maybe_duplicate |= *set & bit != 0;
        *set |= bit;
    }
    maybe_duplicate
}

/// The entry of `known` named `name`, or a new one from `make`, remembered while `known` holds
/// fewer than [`SHARED_NAMES`]. A short list scanned in order, not a hash map: the repeated
/// names are few, and in the size-built WASM hashing cost more than the allocations it saved.
fn shared<T: Clone>(
    known: &mut Vec<T>,
    name: &str,
    text: impl Fn(&T) -> &str,
    make: impl FnOnce() -> T,
) -> T {
    if let Some(entry) = shared_position(known, name, &text).and_then(|i| known.get(i)) {
        return entry.clone();
    }
    let entry = make();
    if known.len() < SHARED_NAMES {
        known.push(entry.clone());
    }
    entry
}

/// The position of the entry named `name` among the first [`SHARED_NAMES`] of `known`.
// A plain loop over a slice: as an iterator chain this scan took twice the instructions.
#[inline(always)]
fn shared_position<T>(known: &[T], name: &str, text: impl Fn(&T) -> &str) -> Option<usize> {
    let shared = known.get(..SHARED_NAMES).unwrap_or(known);
    for (index, entry) in shared.iter().enumerate() {
        if key_eq(text(entry), name) {
            return Some(index);
        }
    }
    None
}

/// Appends `.key`, or `["key"]` when the key is not a plain identifier.
fn push_key(text: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if plain {
        if !text.is_empty() {
            text.push('.');
        }
        text.push_str(key);
    } else {
        text.push('[');
        // A JSON string literal is an unambiguous way to show any key.
        crate::json::write_string(key, text);
        text.push(']');
    }
}
