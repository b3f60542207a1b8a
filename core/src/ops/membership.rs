//! `in` and `notIn`: the attribute is (is not) one of a list of strings, numbers, booleans.

use super::equality::Scalar;
use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{same_text, Json, Value};
use crate::limits::MAX_LIST_VALUES;
use crate::problem::ProblemKind;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// String lists longer than this are sorted and binary-searched.
const SORT_ABOVE: usize = 16;

/// `in` (or `notIn` when `negated`) with its values, by type. Short string lists keep the
/// author's order (traces show them as written; a scan is fastest at that size); long ones
/// are sorted for binary search.
#[derive(Clone, Debug, Default)]
pub(crate) struct Membership {
    strings: Vec<Box<str>>,
    sorted: bool,
    numbers: Vec<f64>,
    bools: Vec<bool>,
    pub(crate) negated: bool,
}

impl Membership {
    pub(super) fn compile<'t>(
        walk: &mut Walk<'t>,
        operand: &'t Json<'t>,
        negated: bool,
    ) -> Option<Membership> {
        let items = walk.array(operand)?;
        if items.len() > MAX_LIST_VALUES {
            walk.problem(ProblemKind::LimitExceeded, || {
                format!("more than {MAX_LIST_VALUES} values")
            });
            return None;
        }
        let mut set = Membership {
            negated,
            ..Membership::default()
        };
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match walk.at_index(i, |w| Scalar::compile(w, item)) {
                Some(Scalar::Str(s)) => set.strings.push(s),
                Some(Scalar::Num(n)) => set.numbers.push(n),
                Some(Scalar::Bool(b)) => set.bools.push(b),
                None => ok = false,
            }
        }
        if set.strings.len() > SORT_ABOVE {
            crate::sort::sort(&mut set.strings);
            set.strings.dedup();
            set.sorted = true;
        }
        ok.then_some(set)
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        match value {
            AttrValue::String(s) if self.sorted => self
                .strings
                .binary_search_by(|probe| (**probe).cmp(s.as_str()))
                .is_ok(),
            AttrValue::String(s) => self
                .strings
                .iter()
                .any(|probe| same_text(probe, s.as_str())),
            AttrValue::Number(n) => self.numbers.contains(n),
            AttrValue::Bool(b) => self.bools.contains(b),
            AttrValue::List(_) => false,
        }
    }

    pub(super) fn operand_json(&self) -> Value {
        Value::Array(
            self.strings
                .iter()
                .map(|s| Value::from(&**s))
                .chain(self.numbers.iter().map(|n| Value::Number(*n)))
                .chain(self.bools.iter().map(|b| Value::Bool(*b)))
                .collect(),
        )
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        // As a set: the same values in another order test the same thing.
        let strings = self.strings.iter().fold(0u64, |sum, s| {
            let mut v = FxHasher::default();
            s.hash(&mut v);
            sum.wrapping_add(v.finish())
        });
        let numbers = self.numbers.iter().fold(0u64, |sum, n| {
            let mut v = FxHasher::default();
            n.to_bits().hash(&mut v);
            sum.wrapping_add(v.finish())
        });
        (strings, numbers, &self.bools).hash(h);
    }
}
