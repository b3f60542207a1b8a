//! Compiles `when` conditions and segments.

use super::field::{Field, Fields, ObjectFields};
use super::reader::{LeafKey, Walk};
use crate::json::{key_eq, Json, Object};
use crate::limits::MAX_CONDITION_DEPTH;
use crate::model::{Condition, Leaf};
use crate::ops::{unknown_operator, Operator};
use crate::problem::ProblemKind;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

const ALL_FIELDS: Fields = Fields::new(&[Field::ALL]);
const ANY_FIELDS: Fields = Fields::new(&[Field::ANY]);
const NOT_FIELDS: Fields = Fields::new(&[Field::NOT]);
const SEGMENT_FIELDS: Fields = Fields::new(&[Field::SEGMENT]);
const LEAF_FIELDS: Fields = Fields::new(&[
    Field::ATTR,
    Field::OP,
    Field::VALUE,
    Field::VALUES,
    Field::RANGE,
]);

/// How segment references resolve while compiling.
pub(crate) enum SegmentScope<'a> {
    /// Inside a flag: segment names map to indices.
    Flags(&'a FxHashMap<&'a str, usize>),
    /// Inside a segment: references are not allowed (keeps segments flat and acyclic).
    Segment,
}

/// Compiles one condition; `None` when it has problems (already recorded).
pub(crate) fn compile_condition<'t>(
    walk: &mut Walk<'t>,
    value: &'t Json<'t>,
    segments: &SegmentScope<'_>,
    depth: usize,
) -> Option<Condition> {
    if depth > MAX_CONDITION_DEPTH {
        walk.problem(ProblemKind::LimitExceeded, || {
            format!("conditions are nested deeper than {MAX_CONDITION_DEPTH} levels")
        });
        return None;
    }
    let object = walk.object(value)?;
    // Which of the mutually exclusive forms are present, as field bits: one pass over the
    // keys, no string compares (this runs for every condition of every load).
    let present = object.field_bits() & FORMS.mask();
    match present {
        ALL | ANY => {
            let (field, allowed) = if present == ALL {
                (Field::ALL, &ALL_FIELDS)
            } else {
                (Field::ANY, &ANY_FIELDS)
            };
            let key = field.name();
            walk.check_fields(object, allowed);
            let items = walk.at_key(key, |w| object.get(field).and_then(|v| w.array(v)))?;
            let mut children = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let child = walk.at_key(key, |w| {
                    w.at_index(i, |w| compile_condition(w, item, segments, depth + 1))
                });
                match child {
                    Some(c) => children.push(c),
                    None => ok = false,
                }
            }
            ok.then_some(if present == ALL {
                Condition::All(children)
            } else {
                Condition::Any(children)
            })
        }
        NOT => {
            walk.check_fields(object, &NOT_FIELDS);
            let inner = object.get(Field::NOT)?;
            let child = walk.at_key("not", |w| compile_condition(w, inner, segments, depth + 1))?;
            Some(Condition::Not(Box::new(child)))
        }
        SEGMENT => {
            walk.check_fields(object, &SEGMENT_FIELDS);
            let name = walk.required_str(object, Field::SEGMENT)?;
            match segments {
                SegmentScope::Segment => {
                    walk.at_key("segment", |w| {
                        w.problem(ProblemKind::InvalidValue, || {
                            "segments cannot reference other segments"
                        })
                    });
                    None
                }
                SegmentScope::Flags(names) => match names.get(name) {
                    Some(index) => Some(Condition::Segment(*index)),
                    None => {
                        walk.at_key("segment", |w| {
                            w.problem(ProblemKind::UnknownSegment, || {
                                format!("unknown segment \"{name}\"")
                            })
                        });
                        None
                    }
                },
            }
        }
        ATTR => compile_leaf(walk, object).map(Condition::Leaf),
        0 => {
            walk.problem(ProblemKind::MissingField, || {
                "a condition needs one of \"attr\", \"all\", \"any\", \"not\" or \"segment\""
            });
            None
        }
        _ => {
            walk.problem(
                ProblemKind::InvalidValue,
                || format!(
                    "a condition has exactly one of \"attr\", \"all\", \"any\", \"not\", \"segment\"; found {}",
                    FORMS.listed(present)
                ),
            );
            None
        }
    }
}

/// The forms of a condition, in the order problems list them, and their field bits.
const FORMS: Fields = Fields::new(&[
    Field::ALL,
    Field::ANY,
    Field::NOT,
    Field::SEGMENT,
    Field::ATTR,
]);
const ALL: u64 = Field::ALL.bit();
const ANY: u64 = Field::ANY.bit();
const NOT: u64 = Field::NOT.bit();
const SEGMENT: u64 = Field::SEGMENT.bit();
const ATTR: u64 = Field::ATTR.bit();

/// Compiles a leaf, or finds the identical leaf compiled before; returns its index.
fn compile_leaf<'t>(walk: &mut Walk<'t>, object: &'t Object<'t>) -> Option<usize> {
    let attr = walk.required_str(object, Field::ATTR);
    if attr == Some("") {
        walk.at_key("attr", |w| {
            w.problem(ProblemKind::InvalidValue, || "attribute name is empty")
        });
    }
    let op_name = walk.required_str(object, Field::OP)?;
    let Some(operator) = Operator::named(op_name) else {
        walk.at_key("op", |w| unknown_operator(w, op_name));
        walk.check_fields(object, &LEAF_FIELDS);
        return None;
    };
    let op_name = operator.name;
    let operand_field = operator.operand;
    // A wrong operand key ("values" on equals) deserves a better message than "unknown field".
    for other in [Field::VALUE, Field::VALUES, Field::RANGE] {
        if Some(other) != operand_field && object.contains_key(other) {
            let other = other.name();
            walk.at_key(other, |w| {
                w.problem(ProblemKind::UnknownField, || match operand_field {
                    None => format!("operator \"{op_name}\" takes no operand"),
                    Some(key) => format!(
                        "operator \"{op_name}\" takes \"{}\", not \"{other}\"",
                        key.name()
                    ),
                })
            });
        }
    }
    walk.check_fields(object, &LEAF_FIELDS);
    let operand: &'t Json<'t> = match operand_field {
        None => &Json::Null,
        Some(field) => match object.get(field) {
            Some(v) => v,
            None => {
                walk.problem(ProblemKind::MissingField, || {
                    format!("operator \"{op_name}\" needs \"{}\"", field.name())
                });
                return None;
            }
        },
    };
    let attr = attr?;

    // Identical conditions recur across flags (version gates, platform lists); compiling each
    // once saves load time, and lets evaluate_all compute each one once per context.
    let fingerprint = {
        let mut hasher = FxHasher::default();
        attr.hash(&mut hasher);
        op_name.hash(&mut hasher);
        operand.fingerprint().hash(&mut hasher);
        hasher.finish()
    };
    let mut candidate = walk.leaf_lookup.get(&fingerprint).copied();
    while let Some(key) = candidate.and_then(|at| walk.leaf_keys.get(at)) {
        if key_eq(key.attr, attr) && key_eq(key.op, op_name) && key.operand.same(operand) {
            return Some(key.leaf);
        }
        candidate = key.same_hash;
    }
    let op = match operand_field {
        None => operator.compile(walk, operand),
        Some(field) => walk.at_key(field.name(), |w| operator.compile(w, operand)),
    }?;
    let index = walk.leaves.len();
    let attr_name = walk.attr_name(attr);
    walk.leaves.push(Leaf {
        attr: attr_name,
        op,
        op_name,
    });
    let same_hash = walk.leaf_lookup.insert(fingerprint, walk.leaf_keys.len());
    walk.leaf_keys.push(LeafKey {
        attr,
        op: op_name,
        operand,
        leaf: index,
        same_hash,
    });
    Some(index)
}
