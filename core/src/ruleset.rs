//! [`Ruleset`]: a validated, compiled snapshot of flags, and evaluation over it.

use crate::context::Context;
use crate::eval::{evaluate_flag, Memo, NoMemo, NoTrace};
use crate::explain::{ExplainTracer, Explanation};
use crate::model::{Action, Flag, FlagMetadata, Leaf, Percent, Segment};
use crate::problem::LoadError;
use crate::result::{ErrorCode, Evaluation};
use crate::value::{FlagType, FlagValue};
use rustc_hash::FxHashMap;

/// A compiled ruleset. Immutable: updates build a new one (see [`Engine`](crate::Engine)).
///
/// Evaluation borrows from it and allocates nothing.
#[derive(Clone, Debug)]
pub struct Ruleset {
    revision: u64,
    pub(crate) flags: Vec<Flag>,
    index: FxHashMap<Box<str>, usize>,
    pub(crate) segments: Vec<Segment>,
    /// Every distinct attribute test; conditions refer to them by index.
    pub(crate) leaves: Vec<Leaf>,
    /// Instants (epoch ms) when a ramp step starts, sorted: results may change then.
    change_times: Vec<i64>,
}

/// Read-only facts about one flag.
#[derive(Clone, Copy, Debug)]
pub struct FlagInfo<'r> {
    flag: &'r Flag,
}

impl<'r> FlagInfo<'r> {
    /// The flag key.
    pub fn key(&self) -> &'r str {
        &self.flag.key
    }
    /// The declared value type.
    pub fn flag_type(&self) -> FlagType {
        self.flag.flag_type
    }
    /// Whether the flag is enabled (false: kill switch on).
    pub fn enabled(&self) -> bool {
        self.flag.enabled
    }
    /// Variant names and values.
    pub fn variants(&self) -> impl Iterator<Item = (&'r str, &'r FlagValue)> {
        self.flag.variants.iter().map(|v| (&*v.name, &v.value))
    }
    /// The metadata object.
    pub fn metadata(&self) -> &'r FlagMetadata {
        &self.flag.metadata
    }
    /// The flag's position in key order.
    pub fn index(&self) -> usize {
        self.flag.index
    }
    /// Rule ids, in evaluation order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &'r str> {
        self.flag.rules.iter().map(|r| &*r.id)
    }
}

impl Ruleset {
    pub(crate) fn new(
        revision: u64,
        flags: Vec<Flag>,
        segments: Vec<Segment>,
        leaves: Vec<Leaf>,
    ) -> Ruleset {
        let index = flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.key.clone(), i))
            .collect();
        let mut change_times: Vec<i64> = flags
            .iter()
            .flat_map(|f| &f.rules)
            .filter_map(|r| match &r.action {
                Action::Rollout(rollout) => match &rollout.percent {
                    Percent::Ramp(steps) => Some(steps.iter().map(|(at, _)| *at)),
                    Percent::Fixed(_) => None,
                },
                _ => None,
            })
            .flatten()
            .collect();
        crate::sort::sort(&mut change_times);
        change_times.dedup();
        Ruleset {
            revision,
            flags,
            index,
            segments,
            leaves,
            change_times,
        }
    }

    /// A ruleset with no flags, revision 0: what an engine holds before its first snapshot.
    pub fn empty() -> Ruleset {
        Ruleset::new(0, Vec::new(), Vec::new(), Vec::new())
    }

    /// Parses, validates and compiles a ruleset from JSON text, reporting every problem.
    pub fn from_json(text: &str) -> Result<Ruleset, LoadError> {
        crate::compile::compile_text(text)
    }

    /// Validates and compiles an already-parsed document (e.g. converted from YAML).
    pub fn from_value(document: &serde_json::Value) -> Result<Ruleset, LoadError> {
        crate::compile::compile_value(document)
    }

    /// The snapshot's revision; updates never go backwards.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Number of flags.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// True when there are no flags.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Flag keys in sorted order (the order of `evaluate_all`).
    pub fn flag_keys(&self) -> impl Iterator<Item = &str> {
        self.flags.iter().map(|f| &*f.key)
    }

    /// Facts about one flag.
    pub fn flag(&self, key: &str) -> Option<FlagInfo<'_>> {
        self.find(key).map(|flag| FlagInfo { flag })
    }

    /// Facts about the flag at a position in key order.
    pub fn flag_at(&self, index: usize) -> Option<FlagInfo<'_>> {
        self.flags.get(index).map(|flag| FlagInfo { flag })
    }

    pub(crate) fn find(&self, key: &str) -> Option<&Flag> {
        self.index.get(key).and_then(|&i| self.flags.get(i))
    }

    /// Evaluates one flag for a context at `now_ms` (epoch milliseconds; the core reads no clock).
    pub fn evaluate(&self, key: &str, context: &Context, now_ms: i64) -> Evaluation<'_> {
        match self.find(key) {
            Some(flag) => evaluate_flag(self, flag, context, now_ms, &mut NoTrace, &mut NoMemo, 0),
            None => Evaluation::error(ErrorCode::FlagNotFound),
        }
    }

    /// Evaluates every flag, in key order.
    ///
    /// Each distinct condition and segment is tested at most once for the whole pass: flags
    /// share version gates, platform lists and segments, so this is much cheaper than calling
    /// [`evaluate`](Self::evaluate) per flag.
    pub fn evaluate_all<'r>(
        &'r self,
        context: &'r Context,
        now_ms: i64,
    ) -> impl Iterator<Item = (&'r str, Evaluation<'r>)> + 'r {
        let mut memo = Memo::new(self.leaves.len() + self.segments.len());
        self.flags.iter().map(move |flag| {
            (
                &*flag.key,
                evaluate_flag(self, flag, context, now_ms, &mut NoTrace, &mut memo, 0),
            )
        })
    }

    /// Evaluates one flag and records why: every rule, every check with the compared values,
    /// and every bucketing decision.
    pub fn explain(&self, key: &str, context: &Context, now_ms: i64) -> Explanation {
        let mut tracer = ExplainTracer::default();
        let (result, enabled) = match self.find(key) {
            Some(flag) => (
                evaluate_flag(self, flag, context, now_ms, &mut tracer, &mut NoMemo, 0).to_result(),
                flag.enabled,
            ),
            None => (
                Evaluation::error(ErrorCode::FlagNotFound).to_result(),
                false,
            ),
        };
        Explanation {
            flag: key.to_owned(),
            now: now_ms,
            result,
            enabled,
            prerequisites: tracer.prerequisites,
            rules: tracer.rules,
        }
    }

    /// The next instant after `now_ms` at which a scheduled ramp step starts, if any. Clients
    /// set a timer for it so ramps advance without a new snapshot.
    pub fn next_change_after(&self, now_ms: i64) -> Option<i64> {
        self.change_times.iter().copied().find(|t| *t > now_ms)
    }
}
