//! `equals` and `notEquals`: the attribute is (is not) one string, number or boolean.

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{same_text, Json, Value};
use crate::problem::ProblemKind;
use rustc_hash::FxHasher;
use std::hash::Hash;

/// A scalar operand: of `equals` / `notEquals`, and each value of `in` / `notIn`.
#[derive(Clone, Debug)]
pub(crate) enum Scalar {
    Str(Box<str>),
    Num(f64),
    Bool(bool),
}

impl Scalar {
    /// The operand as a scalar, or a problem.
    pub(crate) fn compile<'t>(walk: &mut Walk<'t>, value: &'t Json<'t>) -> Option<Scalar> {
        match value {
            Json::String(s) => Some(Scalar::Str((**s).into())),
            Json::Bool(b) => Some(Scalar::Bool(*b)),
            Json::Number(_) => walk.number(value).map(Scalar::Num),
            other => {
                walk.problem(ProblemKind::InvalidType, || {
                    format!(
                        "expected a string, number or boolean, found {}",
                        other.type_name()
                    )
                });
                None
            }
        }
    }

    /// Equal value and type.
    fn equals(&self, value: &AttrValue) -> bool {
        match (self, value) {
            (Scalar::Str(e), AttrValue::String(s)) => same_text(e, s.as_str()),
            (Scalar::Num(e), AttrValue::Number(n)) => e == n,
            (Scalar::Bool(e), AttrValue::Bool(b)) => e == b,
            _ => false,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Scalar::Str(s) => Value::from(&**s),
            Scalar::Num(n) => Value::Number(*n),
            Scalar::Bool(b) => Value::Bool(*b),
        }
    }

    fn hash(&self, h: &mut FxHasher) {
        match self {
            Scalar::Str(s) => (0u8, s).hash(h),
            Scalar::Num(n) => (1u8, n.to_bits()).hash(h),
            Scalar::Bool(b) => (2u8, b).hash(h),
        }
    }
}

/// `equals` (or `notEquals` when `negated`) with its operand.
#[derive(Clone, Debug)]
pub(crate) struct Equality {
    pub(crate) expected: Scalar,
    pub(crate) negated: bool,
}

impl Equality {
    pub(super) fn compile<'t>(
        walk: &mut Walk<'t>,
        operand: &'t Json<'t>,
        negated: bool,
    ) -> Option<Equality> {
        let expected = Scalar::compile(walk, operand)?;
        Some(Equality { expected, negated })
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        self.expected.equals(value)
    }

    pub(super) fn operand_json(&self) -> Value {
        self.expected.to_json()
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        self.expected.hash(h);
    }
}
