//! `lt`, `lte`, `gt`, `gte`: numeric comparisons.

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use rustc_hash::FxHasher;
use std::hash::Hash;

/// The comparison, attribute on the left: `lt` holds when the attribute is below the bound.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// A numeric comparison with its bound.
#[derive(Clone, Debug)]
pub(crate) struct Compare {
    kind: Kind,
    bound: f64,
}

impl Compare {
    pub(super) fn compile<'t>(
        walk: &mut Walk<'t>,
        operand: &'t Json<'t>,
        kind: Kind,
    ) -> Option<Compare> {
        let bound = walk.number(operand)?;
        Some(Compare { kind, bound })
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        let AttrValue::Number(n) = value else {
            return false;
        };
        let (n, bound) = (*n, self.bound);
        match self.kind {
            Kind::Lt => n < bound,
            Kind::Lte => n <= bound,
            Kind::Gt => n > bound,
            Kind::Gte => n >= bound,
        }
    }

    pub(super) fn operand_json(&self) -> Value {
        Value::Number(self.bound)
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        self.bound.to_bits().hash(h);
    }
}
