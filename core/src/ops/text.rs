//! `contains`, `startsWith`, `endsWith`: substring tests on a string attribute.

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use rustc_hash::FxHasher;
use std::hash::Hash;

/// Where the operand must occur in the attribute.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Contains,
    StartsWith,
    EndsWith,
}

/// A substring test with its operand.
#[derive(Clone, Debug)]
pub(crate) struct Text {
    kind: Kind,
    needle: Box<str>,
}

impl Text {
    pub(super) fn compile<'t>(
        walk: &mut Walk<'t>,
        operand: &'t Json<'t>,
        kind: Kind,
    ) -> Option<Text> {
        let needle = walk.string(operand)?.into();
        Some(Text { kind, needle })
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        let AttrValue::String(s) = value else {
            return false;
        };
        let (s, needle) = (s.as_str(), &*self.needle);
        match self.kind {
            Kind::Contains => s.contains(needle),
            Kind::StartsWith => s.starts_with(needle),
            Kind::EndsWith => s.ends_with(needle),
        }
    }

    pub(super) fn operand_json(&self) -> Value {
        Value::from(&*self.needle)
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        self.needle.hash(h);
    }
}
