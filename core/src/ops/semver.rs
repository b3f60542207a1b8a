//! `semver`: the attribute is a version inside an npm-style range. Versions, ranges and how
//! attributes are read as versions live in [`crate::version`]; this is the operator.

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use crate::problem::ProblemKind;
use crate::version::VersionRange;
use rustc_hash::FxHasher;
use std::hash::Hash;

/// A version range.
#[derive(Clone, Debug)]
pub(crate) struct Semver {
    range: VersionRange,
}

impl Semver {
    pub(super) fn compile<'t>(walk: &mut Walk<'t>, operand: &'t Json<'t>) -> Option<Semver> {
        let text = walk.string(operand)?;
        match VersionRange::parse(text) {
            Ok(range) => Some(Semver { range }),
            Err(e) => {
                walk.problem(ProblemKind::InvalidRange, || format!("invalid range: {e}"));
                None
            }
        }
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        match value {
            AttrValue::String(s) => s.version().as_ref().is_ok_and(|v| self.range.matches(v)),
            _ => false,
        }
    }

    /// The range in normalized form.
    pub(super) fn operand_json(&self) -> Value {
        Value::String(self.range.to_string())
    }

    pub(super) fn failure_note(&self, actual: &AttrValue) -> Option<String> {
        match actual {
            AttrValue::String(s) => match s.version() {
                Ok(_) => None,
                Err(e) => Some(format!("not a valid version: {e}")),
            },
            other => Some(format!(
                "not a valid version: {} is not a string",
                other.to_json().type_name()
            )),
        }
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        // The normalized form: `>=2.3` and `>= 2.3.0` are the same range.
        self.range.to_string().hash(h);
    }
}
