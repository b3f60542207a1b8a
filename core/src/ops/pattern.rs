//! `matches`: the attribute matches a regular expression (our own linear-time matcher,
//! [`crate::regex`]).

use crate::compile::reader::Walk;
use crate::context::AttrValue;
use crate::json::{Json, Value};
use crate::limits::MAX_PATTERN_BYTES;
use crate::problem::ProblemKind;
use crate::regex::Regex;
use rustc_hash::FxHasher;
use std::hash::Hash;

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    regex: Regex,
}

impl Pattern {
    pub(super) fn compile<'t>(walk: &mut Walk<'t>, operand: &'t Json<'t>) -> Option<Pattern> {
        let pattern = walk.string(operand)?;
        if pattern.len() > MAX_PATTERN_BYTES {
            walk.problem(ProblemKind::LimitExceeded, || {
                format!("pattern is longer than {MAX_PATTERN_BYTES} bytes")
            });
            return None;
        }
        // A pattern repeated across leaves is compiled once per load.
        if let Some((_, compiled)) = walk.regexes.iter().find(|(p, _)| *p == pattern) {
            return Some(Pattern {
                regex: compiled.clone(),
            });
        }
        // The matcher runs in linear time (no backtracking) and bounds the program size, so no
        // pattern can freeze a client.
        match Regex::new(pattern) {
            Ok(regex) => {
                walk.regexes.push((pattern, regex.clone()));
                Some(Pattern { regex })
            }
            Err(detail) => {
                walk.problem(ProblemKind::InvalidRegex, || {
                    format!(
                        "invalid regular expression {}: {detail}",
                        crate::quote::Quoted(pattern)
                    )
                });
                None
            }
        }
    }

    #[inline]
    pub(super) fn test(&self, value: &AttrValue) -> bool {
        match value {
            AttrValue::String(s) => self.regex.is_match(s.as_str()),
            _ => false,
        }
    }

    pub(super) fn operand_json(&self) -> Value {
        Value::from(self.regex.as_str())
    }

    pub(super) fn hash(&self, h: &mut FxHasher) {
        self.regex.as_str().hash(h);
    }
}
