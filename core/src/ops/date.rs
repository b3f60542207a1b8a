//! `before` and `after`: the attribute is a date (RFC 3339 text or epoch milliseconds)
//! before or after a point in time.

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use rustc_hash::FxHasher;
use std::hash::Hash;

/// `before` (or `after`) a point in time, in epoch milliseconds.
#[derive(Clone, Debug)]
pub(crate) struct Date {
    at: i64,
    after: bool,
}

impl Date {
    pub(super) fn compile<'t>(
        walk: &mut Walk<'t>,
        operand: &'t Json<'t>,
        after: bool,
    ) -> Option<Date> {
        let at = walk.timestamp(operand)?;
        Some(Date { at, after })
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        timestamp_of(value).is_some_and(|t| if self.after { t > self.at } else { t < self.at })
    }

    pub(super) fn operand_json(&self) -> Value {
        crate::time::format_rfc3339_ms(self.at)
            .map_or_else(|| Value::Number(self.at as f64), Value::String)
    }

    pub(super) fn failure_note(&self, actual: &AttrValue) -> Option<String> {
        match timestamp_of(actual) {
            Some(_) => None,
            None => {
                Some("not a date: expected RFC 3339 text or integer epoch milliseconds".to_owned())
            }
        }
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        self.at.hash(h);
    }
}

/// A date attribute: RFC 3339 text or epoch milliseconds.
fn timestamp_of(value: &AttrValue) -> Option<i64> {
    match value {
        AttrValue::String(s) => s.timestamp(),
        // Within ±2^63 ms and integral: a usable timestamp (truncation is exact here).
        AttrValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.2e18 => Some(*n as i64),
        _ => None,
    }
}
