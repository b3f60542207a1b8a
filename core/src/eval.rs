//! The evaluator: walks a compiled flag for a context.
//!
//! It is generic over a [`Tracer`] so that `explain` runs this very code (not a copy that could
//! drift); with [`NoTrace`] every hook is an empty inline function and compiles away.

use crate::bucketing::{number_unit, SaltedHasher};
use crate::context::{AttrValue, Context};
use crate::limits::{MAX_FLAGS, MAX_PREREQUISITE_DEPTH, MAX_RULES_PER_FLAG, MAX_VARIANTS_PER_FLAG};
use crate::model::{
    Action, AttrName, Condition, Flag, Leaf, Rollout, RolloutServe, Split, VariantId,
};
use crate::ops::Op;
use crate::result::{ErrorCode, Evaluation, Positions, Reason};
use crate::ruleset::Ruleset;

/// One step down a condition tree, for trace paths.
#[derive(Clone, Copy)]
pub(crate) enum Step<'a> {
    All(usize),
    Any(usize),
    Not,
    Segment(&'a str),
}

/// Hooks called while evaluating; the default methods do nothing.
pub(crate) trait Tracer {
    fn enter(&mut self, _step: Step<'_>) {}
    fn exit(&mut self) {}
    fn leaf(&mut self, _leaf: &Leaf, _actual: Option<&AttrValue>, _matched: bool) {}
    fn prerequisite(&mut self, _flag: &str, _variant: Option<&str>, _passed: bool) {}
    fn rule(&mut self, _id: &str) {}
    fn rule_matched(&mut self, _matched: bool) {}
    fn bucketing(&mut self, _trace: BucketEvent<'_>) {}
}

/// What happened when a rollout or split looked at the unit.
pub(crate) struct BucketEvent<'a> {
    pub(crate) kind: &'static str,
    pub(crate) by: &'a str,
    pub(crate) salt: &'a str,
    pub(crate) unit: Result<(&'a AttrValue, u32), Option<&'a AttrValue>>,
    /// For rollouts: the live share in thousandths of a percent.
    pub(crate) threshold: Option<u32>,
    pub(crate) variant: Option<&'a str>,
}

/// The tracer that records nothing.
pub(crate) struct NoTrace;
impl Tracer for NoTrace {}

/// Remembers condition results within one pass over a context (leaves, then segments).
pub(crate) trait Remember {
    fn recall(&self, slot: usize) -> Option<bool>;
    fn store(&mut self, slot: usize, matched: bool);
}

/// No memory: single evaluations and traces.
pub(crate) struct NoMemo;
impl Remember for NoMemo {
    #[inline]
    fn recall(&self, _slot: usize) -> Option<bool> {
        None
    }
    #[inline]
    fn store(&mut self, _slot: usize, _matched: bool) {}
}

/// Slots inline up to this many conditions; beyond, one heap allocation per pass.
const INLINE_SLOTS: usize = 256;

/// Condition results of one `evaluate_all` pass: 0 unknown, 1 false, 2 true.
// The inline variant is large on purpose: it lives in the iterator, and avoids an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Memo {
    Inline([u8; INLINE_SLOTS]),
    Heap(Vec<u8>),
}

impl Memo {
    pub(crate) fn new(slots: usize) -> Memo {
        if slots <= INLINE_SLOTS {
            Memo::Inline([0; INLINE_SLOTS])
        } else {
            Memo::Heap(vec![0; slots])
        }
    }

    /// The slots, resolved once per flag rather than on every recall.
    pub(crate) fn slots(&mut self) -> MemoSlots<'_> {
        MemoSlots(match self {
            Memo::Inline(a) => a,
            Memo::Heap(v) => v,
        })
    }
}

/// A [`Memo`]'s slots, borrowed for one flag's evaluation.
pub(crate) struct MemoSlots<'m>(&'m mut [u8]);

impl Remember for MemoSlots<'_> {
    #[inline]
    fn recall(&self, slot: usize) -> Option<bool> {
        match self.0.get(slot) {
            Some(1) => Some(false),
            Some(2) => Some(true),
            _ => None,
        }
    }
    #[inline]
    fn store(&mut self, slot: usize, matched: bool) {
        if let Some(s) = self.0.get_mut(slot) {
            *s = if matched { 2 } else { 1 };
        }
    }
}

/// A position as stored in [`Positions`]: exact, since the loader's limits keep every flag,
/// variant and rule index below 2^32 (checked at compile time below).
#[inline(always)]
fn position(index: usize) -> u32 {
    index as u32
}

const _: () = assert!(MAX_FLAGS <= u32::MAX as usize);
const _: () = assert!(MAX_VARIANTS_PER_FLAG <= u32::MAX as usize);
const _: () = assert!(MAX_RULES_PER_FLAG <= u32::MAX as usize);

fn served(flag: &Flag, variant: VariantId, reason: Reason) -> Evaluation<'_> {
    let found = flag.variants.get(variant);
    Evaluation {
        value: found.map(|v| &v.value),
        variant: found.map(|v| &*v.name),
        reason,
        rule_id: None,
        error_code: None,
        failed_prerequisite: None,
        unit_missing: None,
        flag_type: Some(flag.flag_type),
        metadata: Some(&flag.metadata),
        positions: found.map(|_| Positions {
            flag: position(flag.index),
            variant: position(variant),
            rule: None,
            failed_prerequisite: None,
        }),
    }
}

/// Evaluates one flag.
pub(crate) fn evaluate_flag<'r, T: Tracer, M: Remember>(
    ruleset: &'r Ruleset,
    flag: &'r Flag,
    context: &Context,
    now_ms: i64,
    tracer: &mut T,
    memo: &mut M,
    depth: usize,
) -> Evaluation<'r> {
    evaluate_flag_inline(ruleset, flag, context, now_ms, tracer, memo, depth)
}

/// [`evaluate_flag`], inlined into its caller: `evaluate_all` uses it so each result is built
/// where the iterator returns it, instead of being built by a call and moved.
#[inline(always)]
pub(crate) fn evaluate_flag_inline<'r, T: Tracer, M: Remember>(
    ruleset: &'r Ruleset,
    flag: &'r Flag,
    context: &Context,
    now_ms: i64,
    tracer: &mut T,
    memo: &mut M,
    depth: usize,
) -> Evaluation<'r> {
    if let Some(variant) = ruleset.overrides.forced(flag.index) {
        return served(flag, variant, Reason::Override);
    }
    if !flag.enabled {
        return served(flag, flag.off, Reason::Disabled);
    }
    for prerequisite in &flag.prerequisites {
        let Some(required) = ruleset.flags.get(prerequisite.flag) else {
            continue;
        };
        // The loader rejects deeper chains; this guard keeps the recursion bounded regardless.
        let result = if depth < MAX_PREREQUISITE_DEPTH {
            evaluate_flag(
                ruleset,
                required,
                context,
                now_ms,
                &mut NoTrace,
                memo,
                depth + 1,
            )
        } else {
            Evaluation::error(ErrorCode::General)
        };
        let passed = result
            .positions
            .is_some_and(|served| prerequisite.variants.contains(&(served.variant as usize)));
        tracer.prerequisite(&required.key, result.variant, passed);
        if !passed {
            let result = served(flag, flag.off, Reason::PrerequisiteFailed);
            return Evaluation {
                failed_prerequisite: Some(&required.key),
                positions: result.positions.map(|p| Positions {
                    failed_prerequisite: Some(position(prerequisite.flag)),
                    ..p
                }),
                ..result
            };
        }
    }
    let mut unit_missing = None;
    for (rule_index, rule) in flag.rules.iter().enumerate() {
        tracer.rule(&rule.id);
        let matched = match &rule.when {
            Some(condition) => child_matches(ruleset, condition, context, tracer, memo),
            None => true,
        };
        tracer.rule_matched(matched);
        if !matched {
            continue;
        }
        let decided = match &rule.action {
            Action::Serve(variant) => Some((*variant, Reason::TargetingMatch)),
            Action::Rollout(rollout) => {
                rollout_variant(rollout, context, now_ms, flag, tracer, &mut unit_missing)
                    .map(|v| (v, Reason::Split))
            }
            Action::Split(split) => split_variant(split, context, flag, tracer, &mut unit_missing)
                .map(|v| (v, Reason::Split)),
        };
        if let Some((variant, reason)) = decided {
            let result = served(flag, variant, reason);
            return Evaluation {
                rule_id: Some(&rule.id),
                unit_missing,
                positions: result.positions.map(|p| Positions {
                    rule: Some(position(rule_index)),
                    ..p
                }),
                ..result
            };
        }
    }
    let reason = if flag.rules.is_empty() {
        Reason::Static
    } else {
        Reason::Default
    };
    Evaluation {
        unit_missing,
        ..served(flag, flag.default, reason)
    }
}

/// The variant a rollout serves, or `None` when the context is outside it or lacks a usable
/// unit (the rollout's, or its nested split's: recorded in `unit_missing`).
fn rollout_variant<'r, T: Tracer>(
    rollout: &'r Rollout,
    context: &Context,
    now_ms: i64,
    flag: &'r Flag,
    tracer: &mut T,
    unit_missing: &mut Option<&'r str>,
) -> Option<VariantId> {
    let threshold = rollout.percent.at(now_ms);
    let unit = unit_bucket(context, &rollout.by, &rollout.hasher);
    let variant = match (&unit, &rollout.serve) {
        (Ok((_, bucket)), _) if *bucket >= threshold => None,
        (Ok(_), RolloutServe::Variant(v)) => Some(*v),
        (Ok(_), RolloutServe::Split(split)) => {
            split_variant(split, context, flag, tracer, unit_missing)
        }
        (Err(_), _) => {
            unit_missing.get_or_insert(&rollout.by.name);
            None
        }
    };
    tracer.bucketing(BucketEvent {
        kind: "rollout",
        by: &rollout.by.name,
        salt: flag.salt(&rollout.salt),
        unit,
        threshold: Some(threshold),
        variant: variant.and_then(|v| flag.variant_name(v)),
    });
    variant
}

/// The variant a split assigns, or `None` when the unit is missing or unusable (recorded in
/// `unit_missing`: the weights cover every bucket, so that is the only way to get none).
fn split_variant<'r, T: Tracer>(
    split: &'r Split,
    context: &Context,
    flag: &Flag,
    tracer: &mut T,
    unit_missing: &mut Option<&'r str>,
) -> Option<VariantId> {
    let unit = unit_bucket(context, &split.by, &split.hasher);
    let variant = unit.as_ref().ok().and_then(|(_, b)| {
        split
            .bounds
            .iter()
            .find(|(upper, _)| b < upper)
            .map(|(_, v)| *v)
    });
    if variant.is_none() {
        unit_missing.get_or_insert(&split.by.name);
    }
    tracer.bucketing(BucketEvent {
        kind: "split",
        by: &split.by.name,
        salt: flag.salt(&split.salt),
        unit,
        threshold: None,
        variant: variant.and_then(|v| flag.variant_name(v)),
    });
    variant
}

/// The unit's bucket, or the unusable value (None = absent) it found instead.
// Inlined into its two callers: it runs for every rollout and split, and returning the
// 24-byte Result through memory cost as much as the context lookup it does.
#[inline(always)]
pub(crate) fn unit_bucket<'c>(
    context: &'c Context,
    by: &AttrName,
    salt: &SaltedHasher,
) -> Result<(&'c AttrValue, u32), Option<&'c AttrValue>> {
    let value = context.get_hashed(by.hash, &by.name);
    match value {
        // An empty id would put every anonymous user in one bucket: treat it as missing.
        Some(unit @ AttrValue::String(s)) if !s.as_str().is_empty() => {
            Ok((unit, salt.bucket(s.as_str())))
        }
        Some(unit @ AttrValue::Number(n)) => match number_unit(*n) {
            Some(text) => Ok((unit, salt.bucket(text.as_str()))),
            None => Err(value),
        },
        _ => Err(value),
    }
}

/// Evaluates a condition tree.
pub(crate) fn matches<T: Tracer, M: Remember>(
    ruleset: &Ruleset,
    condition: &Condition,
    context: &Context,
    tracer: &mut T,
    memo: &mut M,
) -> bool {
    match condition {
        Condition::All(children) => {
            for (i, child) in children.iter().enumerate() {
                tracer.enter(Step::All(i));
                let ok = child_matches(ruleset, child, context, tracer, memo);
                tracer.exit();
                if !ok {
                    return false;
                }
            }
            true
        }
        Condition::Any(children) => {
            for (i, child) in children.iter().enumerate() {
                tracer.enter(Step::Any(i));
                let ok = child_matches(ruleset, child, context, tracer, memo);
                tracer.exit();
                if ok {
                    return true;
                }
            }
            false
        }
        Condition::Not(child) => {
            tracer.enter(Step::Not);
            let ok = !matches(ruleset, child, context, tracer, memo);
            tracer.exit();
            ok
        }
        Condition::Segment(index) => {
            let slot = ruleset.leaves.len() + index;
            if let Some(known) = memo.recall(slot) {
                return known;
            }
            match ruleset.segments.get(*index) {
                Some(segment) => {
                    tracer.enter(Step::Segment(&segment.name));
                    let ok = matches(ruleset, &segment.condition, context, tracer, memo);
                    tracer.exit();
                    memo.store(slot, ok);
                    ok
                }
                None => false,
            }
        }
        Condition::Leaf(index) => leaf_at(ruleset, *index, context, tracer, memo),
    }
}

/// A rule's condition or a child of `all` / `any`. The usual cases are decided here, without
/// the recursive call's frame setup: a leaf, a negated leaf (traced as `matches` traces it),
/// and a segment whose result this pass already knows.
#[inline(always)]
fn child_matches<T: Tracer, M: Remember>(
    ruleset: &Ruleset,
    child: &Condition,
    context: &Context,
    tracer: &mut T,
    memo: &mut M,
) -> bool {
    let (index, negated) = match child {
        Condition::Leaf(index) => (*index, false),
        Condition::Not(inner) => match **inner {
            Condition::Leaf(index) => (index, true),
            _ => return matches(ruleset, child, context, tracer, memo),
        },
        Condition::Segment(index) => {
            return match memo.recall(ruleset.leaves.len() + index) {
                Some(known) => known,
                None => matches(ruleset, child, context, tracer, memo),
            }
        }
        _ => return matches(ruleset, child, context, tracer, memo),
    };
    if negated {
        tracer.enter(Step::Not);
    }
    let ok = leaf_at(ruleset, index, context, tracer, memo) != negated;
    if negated {
        tracer.exit();
    }
    ok
}

/// Tests the leaf at `index` of the ruleset's leaf table (or recalls its result).
#[inline(always)]
fn leaf_at<T: Tracer, M: Remember>(
    ruleset: &Ruleset,
    index: usize,
    context: &Context,
    tracer: &mut T,
    memo: &mut M,
) -> bool {
    if let Some(known) = memo.recall(index) {
        return known;
    }
    let Some(leaf) = ruleset.leaves.get(index) else {
        return false;
    };
    let actual = context.get_hashed(leaf.attr.hash, &leaf.attr.name);
    let ok = leaf_matches(leaf, actual);
    tracer.leaf(leaf, actual, ok);
    memo.store(index, ok);
    ok
}

/// A missing attribute fails every operator, negated ones included: "notIn [a, b]" means
/// "has a value, and it is not a or b". List attributes match if any element matches; a
/// negated operator on a list holds when no element matches the positive operator.
pub(crate) fn leaf_matches(leaf: &Leaf, actual: Option<&AttrValue>) -> bool {
    let Some(actual) = actual else {
        return false;
    };
    if matches!(leaf.op, Op::Exists) {
        return true;
    }
    let any = match actual {
        AttrValue::List(items) => items.iter().any(|item| leaf.op.test(item)),
        value => leaf.op.test(value),
    };
    any != leaf.op.is_negated()
}
