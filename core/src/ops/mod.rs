//! The operators of `when` leaves (`{"attr": …, "op": …, "value": …}`): one module per
//! operator family, each holding how its operand compiles, how it tests a value, how
//! `explain` shows it and how it feeds the change hash.
//!
//! The loader, the evaluator, `explain` and change detection reach operators only through
//! [`Op`] and [`OPERATORS`]; what is common to every operator stays with them (a missing
//! attribute fails every operator, list attributes match when any element does, negated
//! operators hold when no element matches; see [`crate::eval::leaf_matches`]).
//!
//! # Adding an operator
//!
//! 1. Write its module here (or add it to the family it belongs to): a type for the compiled
//!    operand with `compile`, `test` (one scalar value, never coercing types), `operand_json`
//!    (the operand as `explain` shows it), `failure_note` (why a test failed, when that is
//!    more than "the values differ") and `hash` (for change detection: equal operands hash
//!    equal, whatever their spelling).
//! 2. Add a variant to [`Op`], an entry to [`TABLE`] (name, operand field, compile function)
//!    and an arm to each `match` in this file.
//! 3. Outside the core: its section in `docs/format.md`, its name in the JSON Schema
//!    (`docs/ruleset.schema.json`; a test checks the schema lists exactly [`OPERATORS`]),
//!    and conformance cases in `tests/conformance/`.

mod compare;
mod date;
mod equality;
mod membership;
mod pattern;
mod semver;
mod text;

use crate::compile::field::Field;
use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use crate::problem::ProblemKind;
use compare::Compare;
use date::Date;
use equality::Equality;
use membership::Membership;
use pattern::Pattern;
use rustc_hash::FxHasher;
use semver::Semver;
use text::Text;

/// A compiled operator with its operand.
// An explicit one-byte tag: without it the variant is encoded in a niche of an operand's
// fields, and every test of a leaf decodes it with several instructions (three times: exists,
// the operator, negation).
#[derive(Clone, Debug)]
#[repr(u8)]
pub(crate) enum Op {
    /// `equals`, `notEquals`.
    Equality(Equality),
    /// `in`, `notIn`.
    Membership(Membership),
    /// `contains`, `startsWith`, `endsWith`.
    Text(Text),
    /// `matches`.
    Pattern(Pattern),
    /// `lt`, `lte`, `gt`, `gte`.
    Compare(Compare),
    /// `before`, `after`.
    Date(Date),
    /// `semver`.
    Semver(Semver),
    /// `exists`: any value, no operand.
    Exists,
}

/// Compiles an operand read from a leaf into an [`Op`]; `None` when it has problems (already
/// recorded on the walk).
type Compile = for<'t> fn(&mut Walk<'t>, &'t Json<'t>) -> Option<Op>;

/// An operator of the format: its name, the leaf field that holds its operand (`None`: it
/// takes none) and how that operand compiles.
pub(crate) struct Operator {
    pub(crate) name: &'static str,
    pub(crate) operand: Option<Field>,
    compile: Compile,
}

/// Every operator, in the order the format documents them.
const TABLE: &[Operator] = &[
    Operator {
        name: "equals",
        operand: Some(Field::VALUE),
        compile: |w, v| Equality::compile(w, v, false).map(Op::Equality),
    },
    Operator {
        name: "notEquals",
        operand: Some(Field::VALUE),
        compile: |w, v| Equality::compile(w, v, true).map(Op::Equality),
    },
    Operator {
        name: "in",
        operand: Some(Field::VALUES),
        compile: |w, v| Membership::compile(w, v, false).map(Op::Membership),
    },
    Operator {
        name: "notIn",
        operand: Some(Field::VALUES),
        compile: |w, v| Membership::compile(w, v, true).map(Op::Membership),
    },
    Operator {
        name: "contains",
        operand: Some(Field::VALUE),
        compile: |w, v| Text::compile(w, v, text::Kind::Contains).map(Op::Text),
    },
    Operator {
        name: "startsWith",
        operand: Some(Field::VALUE),
        compile: |w, v| Text::compile(w, v, text::Kind::StartsWith).map(Op::Text),
    },
    Operator {
        name: "endsWith",
        operand: Some(Field::VALUE),
        compile: |w, v| Text::compile(w, v, text::Kind::EndsWith).map(Op::Text),
    },
    Operator {
        name: "matches",
        operand: Some(Field::VALUE),
        compile: |w, v| Pattern::compile(w, v).map(Op::Pattern),
    },
    Operator {
        name: "lt",
        operand: Some(Field::VALUE),
        compile: |w, v| Compare::compile(w, v, compare::Kind::Lt).map(Op::Compare),
    },
    Operator {
        name: "lte",
        operand: Some(Field::VALUE),
        compile: |w, v| Compare::compile(w, v, compare::Kind::Lte).map(Op::Compare),
    },
    Operator {
        name: "gt",
        operand: Some(Field::VALUE),
        compile: |w, v| Compare::compile(w, v, compare::Kind::Gt).map(Op::Compare),
    },
    Operator {
        name: "gte",
        operand: Some(Field::VALUE),
        compile: |w, v| Compare::compile(w, v, compare::Kind::Gte).map(Op::Compare),
    },
    Operator {
        name: "before",
        operand: Some(Field::VALUE),
        compile: |w, v| Date::compile(w, v, false).map(Op::Date),
    },
    Operator {
        name: "after",
        operand: Some(Field::VALUE),
        compile: |w, v| Date::compile(w, v, true).map(Op::Date),
    },
    Operator {
        name: "semver",
        operand: Some(Field::RANGE),
        compile: |w, v| Semver::compile(w, v).map(Op::Semver),
    },
    Operator {
        name: "exists",
        operand: None,
        compile: |_, _| Some(Op::Exists),
    },
];

/// The names of [`TABLE`], in its order.
// Compile time only, over the fixed table: an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const fn operator_names() -> [&'static str; TABLE.len()] {
    let mut names = [""; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        names[i] = TABLE[i].name;
        i += 1;
    }
    names
}

/// Every operator name the format defines (kept in sync with the JSON Schema by a test).
pub const OPERATORS: &[&str] = &operator_names();

impl Operator {
    /// The operator called `name` (compared as [`crate::json::key_eq`] does).
    pub(crate) fn named(name: &str) -> Option<&'static Operator> {
        TABLE.iter().find(|op| crate::json::key_eq(op.name, name))
    }

    /// Compiles this operator's operand (the value of its [`Operator::operand`] field).
    pub(crate) fn compile<'t>(&self, walk: &mut Walk<'t>, operand: &'t Json<'t>) -> Option<Op> {
        (self.compile)(walk, operand)
    }
}

impl Op {
    /// Negated operators are false when the positive one matches any element.
    pub(crate) fn is_negated(&self) -> bool {
        match self {
            Op::Equality(op) => op.negated,
            Op::Membership(op) => op.negated,
            _ => false,
        }
    }

    /// The operator without negation, on one scalar value. Types never coerce: the number 5
    /// does not equal the string "5".
    #[inline]
    pub(crate) fn test(&self, value: &AttrValue) -> bool {
        match self {
            Op::Equality(op) => op.test(value),
            Op::Membership(op) => op.test(value),
            Op::Text(op) => op.test(value),
            Op::Pattern(op) => op.test(value),
            Op::Compare(op) => op.test(value),
            Op::Date(op) => op.test(value),
            Op::Semver(op) => op.test(value),
            Op::Exists => true,
        }
    }

    /// The operand as JSON, for traces (dates as RFC 3339, ranges in normalized form).
    pub(crate) fn operand_json(&self) -> Value {
        match self {
            Op::Equality(op) => op.operand_json(),
            Op::Membership(op) => op.operand_json(),
            Op::Text(op) => op.operand_json(),
            Op::Pattern(op) => op.operand_json(),
            Op::Compare(op) => op.operand_json(),
            Op::Date(op) => op.operand_json(),
            Op::Semver(op) => op.operand_json(),
            Op::Exists => Value::Null,
        }
    }

    /// Why a test of the scalar `actual` failed, when that is more than "the values
    /// differ": a value of the wrong type, an unreadable version or date.
    pub(crate) fn failure_note(&self, actual: &AttrValue) -> Option<String> {
        match self {
            Op::Text(_) | Op::Pattern(_) => type_mismatch("a string", actual),
            Op::Compare(_) => type_mismatch("a number", actual),
            Op::Date(op) => op.failure_note(actual),
            Op::Semver(op) => op.failure_note(actual),
            Op::Equality(_) | Op::Membership(_) | Op::Exists => None,
        }
    }

    /// Feeds the operand to the change hash: equal operands hash equal however they were
    /// written (the leaf's attribute and operator name are hashed by the caller).
    pub(crate) fn hash(&self, h: &mut FxHasher) {
        match self {
            Op::Equality(op) => op.hash(h),
            Op::Membership(op) => op.hash(h),
            Op::Text(op) => op.hash(h),
            Op::Pattern(op) => op.hash(h),
            Op::Compare(op) => op.hash(h),
            Op::Date(op) => op.hash(h),
            Op::Semver(op) => op.hash(h),
            Op::Exists => {}
        }
    }
}

/// "type mismatch: the operator needs {wanted}, found {…}", unless `actual` is `wanted`.
fn type_mismatch(wanted: &str, actual: &AttrValue) -> Option<String> {
    let found = match actual {
        AttrValue::String(_) => "a string",
        AttrValue::Number(_) => "a number",
        AttrValue::Bool(_) => "a boolean",
        AttrValue::List(_) => "a list",
    };
    (found != wanted).then(|| format!("type mismatch: the operator needs {wanted}, found {found}"))
}

/// Records "unknown operator" with a did-you-mean hint, for an `op` no entry of [`TABLE`] has.
pub(crate) fn unknown_operator(walk: &mut Walk<'_>, name: &str) {
    walk.problem(ProblemKind::UnknownOperator, || {
        let hint = crate::suggest::did_you_mean(name, OPERATORS);
        format!("unknown operator \"{name}\"{hint}")
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_has_one_entry() {
        assert_eq!(OPERATORS.len(), 16);
        for (i, name) in OPERATORS.iter().enumerate() {
            assert_eq!(Operator::named(name).map(|op| op.name), Some(*name));
            assert!(
                !OPERATORS.iter().take(i).any(|n| n == name),
                "{name} listed twice"
            );
        }
        assert!(Operator::named("equal").is_none());
        assert!(Operator::named("Equals").is_none());
    }
}
