//! Structural hashes of compiled flag and segment definitions, for
//! [`Ruleset::changed_flags`](crate::Ruleset::changed_flags).
//!
//! They are taken from the compiled model, lazily, the first time a ruleset is compared: only
//! hosts that notify apps of changes (the mobile binding) pay for them, and loading does not.
//! Hashing the model rather than the JSON also means that edits which cannot change an answer
//! (whitespace, member order, `$comment` annotations, `10` vs `10.0`) are not changes.
//!
//! References are hashed by name, never by index: indices (of leaves, variants, segments,
//! flags) differ between two rulesets. A segment reference hashes the segment's name only;
//! `changed_flags` follows edited segments separately.

use crate::model::{Action, Condition, Flag, Percent, Rollout, RolloutServe, Segment, Split};
use crate::ruleset::Ruleset;
use crate::value::FlagValue;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// The definition hashes of every flag and segment of one ruleset, by position.
#[derive(Clone, Debug)]
pub(crate) struct DefinitionHashes {
    pub(crate) flags: Vec<u64>,
    pub(crate) segments: Vec<u64>,
}

impl DefinitionHashes {
    pub(crate) fn of(ruleset: &Ruleset) -> DefinitionHashes {
        let hashing = Hashing { ruleset };
        DefinitionHashes {
            flags: ruleset.flags.iter().map(|f| hashing.flag(f)).collect(),
            segments: ruleset
                .segments
                .iter()
                .map(|s| hashing.segment(s))
                .collect(),
        }
    }
}

struct Hashing<'r> {
    ruleset: &'r Ruleset,
}

impl Hashing<'_> {
    fn flag(&self, flag: &Flag) -> u64 {
        let mut h = FxHasher::default();
        (flag.flag_type as u8, flag.enabled).hash(&mut h);
        self.variant_name(flag, flag.default).hash(&mut h);
        self.variant_name(flag, flag.off).hash(&mut h);
        // Variants as a set: reordering them in the document changes no answer.
        let variants = flag.variants.iter().fold(0u64, |sum, variant| {
            let mut v = FxHasher::default();
            variant.name.hash(&mut v);
            hash_value(&variant.value, &mut v);
            sum.wrapping_add(v.finish())
        });
        variants.hash(&mut h);
        flag.prerequisites.len().hash(&mut h);
        for prerequisite in &flag.prerequisites {
            let required = self.ruleset.flags.get(prerequisite.flag);
            required.map(|r| &*r.key).hash(&mut h);
            for &variant in &prerequisite.variants {
                required
                    .and_then(|r| self.variant_name(r, variant))
                    .hash(&mut h);
            }
        }
        flag.rules.len().hash(&mut h);
        for rule in &flag.rules {
            rule.id.hash(&mut h);
            match &rule.when {
                Some(condition) => self.condition(condition, &mut h),
                None => 0u8.hash(&mut h),
            }
            self.action(flag, &rule.action, &mut h);
        }
        flag.metadata.as_json().hash(&mut h);
        h.finish()
    }

    fn segment(&self, segment: &Segment) -> u64 {
        let mut h = FxHasher::default();
        self.condition(&segment.condition, &mut h);
        h.finish()
    }

    fn variant_name<'f>(&self, flag: &'f Flag, variant: usize) -> Option<&'f str> {
        flag.variant_name(variant)
    }

    fn condition(&self, condition: &Condition, h: &mut FxHasher) {
        match condition {
            Condition::All(children) | Condition::Any(children) => {
                (matches!(condition, Condition::All(_)), children.len()).hash(h);
                for child in children {
                    self.condition(child, h);
                }
            }
            Condition::Not(child) => {
                2u8.hash(h);
                self.condition(child, h);
            }
            Condition::Segment(index) => {
                3u8.hash(h);
                self.ruleset.segments.get(*index).map(|s| &*s.name).hash(h);
            }
            Condition::Leaf(index) => {
                4u8.hash(h);
                if let Some(leaf) = self.ruleset.leaves.get(*index) {
                    leaf.attr.name.hash(h);
                    leaf.op_name.hash(h);
                    leaf.op.hash(h);
                }
            }
        }
    }

    fn action(&self, flag: &Flag, action: &Action, h: &mut FxHasher) {
        match action {
            Action::Serve(variant) => (0u8, self.variant_name(flag, *variant)).hash(h),
            Action::Rollout(rollout) => {
                1u8.hash(h);
                self.rollout(flag, rollout, h);
            }
            Action::Split(split) => {
                2u8.hash(h);
                self.split(flag, split, h);
            }
        }
    }

    fn rollout(&self, flag: &Flag, rollout: &Rollout, h: &mut FxHasher) {
        let salt = flag.salt(&rollout.salt);
        (&rollout.by.name, salt).hash(h);
        match &rollout.percent {
            Percent::Fixed(p) => (0u8, p).hash(h),
            Percent::Ramp(steps) => (1u8, steps.as_slice()).hash(h),
        }
        match &rollout.serve {
            RolloutServe::Variant(variant) => (0u8, self.variant_name(flag, *variant)).hash(h),
            RolloutServe::Split(split) => {
                1u8.hash(h);
                self.split(flag, split, h);
            }
        }
    }

    fn split(&self, flag: &Flag, split: &Split, h: &mut FxHasher) {
        let bounds = &split.bounds;
        let salt = flag.salt(&split.salt);
        (&split.by.name, salt, bounds.len()).hash(h);
        for (bound, variant) in bounds {
            (bound, self.variant_name(flag, *variant)).hash(h);
        }
    }
}

fn hash_value(value: &FlagValue, h: &mut FxHasher) {
    match value {
        FlagValue::Bool(b) => (0u8, b).hash(h),
        FlagValue::String(s) => (1u8, s).hash(h),
        FlagValue::Number(n) => (2u8, n.to_bits()).hash(h),
        // Not the kept text, which has the document's member order: a hash that ignores it.
        FlagValue::Object(v) => (3u8, v.fingerprint()).hash(h),
    }
}
