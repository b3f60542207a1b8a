//! The compiled ruleset: what the loader produces and the evaluator walks.
//!
//! Everything that can be done once is done at load time: variant and segment names become
//! indices, attribute names carry their hash, version ranges are parsed, regexes compiled,
//! dates converted to epoch milliseconds and percentages to integer thousandths. Evaluation
//! then does no parsing and no allocation.

use crate::bucketing::SaltedHasher;
use crate::context::attr_hash;
use crate::ops::Op;
use crate::value::{FlagType, FlagValue};
use std::sync::Arc;

/// Index of a variant in its flag's `variants`.
pub(crate) type VariantId = usize;

/// An attribute name with its precomputed hash. Shared (`Arc`): the loader makes one per
/// distinct name and clones it into every leaf, rollout and split that uses it.
#[derive(Clone, Debug)]
pub(crate) struct AttrName {
    pub(crate) name: Arc<str>,
    pub(crate) hash: u64,
}

impl AttrName {
    pub(crate) fn new(name: &str) -> AttrName {
        AttrName {
            name: name.into(),
            hash: attr_hash(name),
        }
    }
}

/// A variant name or rule id: its index in [`Pools::names`]. Rulesets repeat a few names
/// ("on", "off", "r0") across flags; an index instead of a shared `Arc<str>` per use saves
/// an atomic increment each (and 12 bytes).
pub(crate) type NameId = u32;

/// One named value a flag can serve.
#[derive(Clone, Debug)]
pub(crate) struct Variant {
    pub(crate) name: NameId,
    pub(crate) value: FlagValue,
}

pub use crate::metadata::FlagMetadata;

/// A run of entries in one of the ruleset's pools: a flag's rules are
/// `pools.rules[start..start + len]`. Pools instead of a vector per flag: one allocation per
/// load instead of one per flag, and a flag's rules sit next to the next flag's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// The span from `start` to the end of a pool of `end` entries. Pools are bounded by
    /// the ruleset limits (flags × rules per flag) far below `u32::MAX`.
    pub(crate) fn from_to(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        Span {
            start,
            len: end.saturating_sub(start),
        }
    }

    /// The entries of `pool` this span covers (none if it does not fit, which the loader
    /// never produces).
    #[inline(always)]
    pub(crate) fn of<T>(self, pool: &[T]) -> &[T] {
        let start = self.start as usize;
        pool.get(start..start.saturating_add(self.len as usize))
            .unwrap_or_default()
    }

    /// Entry `index` of this span of `pool`: one comparison and one bounds check, where
    /// `of(pool).get(index)` takes two checks (this runs once per evaluation result).
    #[inline(always)]
    pub(crate) fn get<T>(self, pool: &[T], index: usize) -> Option<&T> {
        if index < self.len as usize {
            pool.get(self.start as usize + index)
        } else {
            None
        }
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// The lists of a ruleset, kept in shared pools that [`Span`]s index: a flag's variants and
/// rules, a ramp's steps and a split's bounds were an allocation each, ~600 per load of the
/// bench fixture.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pools {
    /// Variant names and rule ids, each distinct one once (up to a bound; see the loader).
    pub(crate) names: Vec<Box<str>>,
    /// Every flag's variants, flag after flag.
    pub(crate) variants: Vec<Variant>,
    /// Every flag's rules, flag after flag.
    pub(crate) rules: Vec<Rule>,
    /// Ramp steps: (epoch ms, thousandths), increasing in time within each ramp.
    pub(crate) steps: Vec<(i64, u32)>,
    /// Split bounds: (exclusive upper bucket, variant), increasing within each split.
    pub(crate) bounds: Vec<(u32, VariantId)>,
}

impl Pools {
    /// The variants of `flag`; a [`VariantId`] indexes this slice.
    #[inline(always)]
    pub(crate) fn variants_of(&self, flag: &Flag) -> &[Variant] {
        flag.variants.of(&self.variants)
    }

    /// The rules of `flag`, in evaluation order.
    #[inline(always)]
    pub(crate) fn rules_of(&self, flag: &Flag) -> &[Rule] {
        flag.rules.of(&self.rules)
    }

    /// The name of `flag`'s variant `variant`.
    #[inline(always)]
    pub(crate) fn variant_name(&self, flag: &Flag, variant: VariantId) -> Option<&str> {
        flag.variants
            .get(&self.variants, variant)
            .map(|v| self.name(v.name))
    }

    /// The text of a salt: the name, or the flag's key for `None`.
    pub(crate) fn salt<'a>(&'a self, salt: Option<NameId>, flag_key: &'a str) -> &'a str {
        salt.map_or(flag_key, |name| self.name(name))
    }

    /// The text of a name.
    #[inline(always)]
    pub(crate) fn name(&self, id: NameId) -> &str {
        self.names.get(id as usize).map_or("", |name| name)
    }
}

/// A compiled flag.
#[derive(Clone, Debug)]
pub(crate) struct Flag {
    /// Position in the ruleset (key order).
    pub(crate) index: usize,
    pub(crate) key: Arc<str>,
    pub(crate) flag_type: FlagType,
    /// This flag's variants in [`Pools::variants`]; a [`VariantId`] indexes this span.
    pub(crate) variants: Span,
    pub(crate) default: VariantId,
    pub(crate) off: VariantId,
    pub(crate) enabled: bool,
    pub(crate) prerequisites: Vec<Prerequisite>,
    /// This flag's rules in [`Pools::rules`], in evaluation order.
    pub(crate) rules: Span,
    pub(crate) metadata: FlagMetadata,
}

/// A compiled segment.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    pub(crate) name: Box<str>,
    pub(crate) condition: Condition,
}

/// "Flag `flag` must currently serve one of `variants`."
#[derive(Clone, Debug)]
pub(crate) struct Prerequisite {
    pub(crate) flag: usize,
    pub(crate) variants: Vec<VariantId>,
}

/// One targeting rule: if `when` holds, the action decides the variant.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) id: NameId,
    pub(crate) when: Option<Condition>,
    pub(crate) action: Action,
}

/// What a matching rule does.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    /// Serve one variant to everybody the rule matches.
    Serve(VariantId),
    /// Serve to a percentage of units (possibly ramped over time); the rest fall through.
    Rollout(Rollout),
    /// Divide everybody the rule matches between variants by weight.
    Split(Split),
}

/// A percentage of units, stable as it grows.
#[derive(Clone, Debug)]
pub(crate) struct Rollout {
    pub(crate) by: AttrName,
    /// The salt's text in [`Pools::names`]; `None`: the flag's key (the default, and the
    /// usual case). Only traces and change detection read it: `hasher` has it hashed already.
    pub(crate) salt: Option<NameId>,
    /// Hash state after `"{salt}:"`.
    pub(crate) hasher: SaltedHasher,
    pub(crate) percent: Percent,
    pub(crate) serve: RolloutServe,
}

/// How much of a rollout is live.
#[derive(Clone, Debug)]
pub(crate) enum Percent {
    /// A fixed share, in thousandths of a percent (0..=100_000).
    Fixed(u32),
    /// A scheduled ramp: (epoch ms, thousandths) steps in increasing time, in
    /// [`Pools::steps`]. Before the first step nobody is in.
    Ramp(Span),
}

impl Percent {
    /// The share in thousandths of a percent at time `now_ms`.
    pub(crate) fn at(&self, now_ms: i64, pools: &Pools) -> u32 {
        match self {
            Percent::Fixed(p) => *p,
            Percent::Ramp(steps) => steps
                .of(&pools.steps)
                .iter()
                .take_while(|(at, _)| *at <= now_ms)
                .last()
                .map_or(0, |(_, p)| *p),
        }
    }
}

/// What units inside a rollout get.
#[derive(Clone, Debug)]
pub(crate) enum RolloutServe {
    Variant(VariantId),
    /// Boxed: a split is 80 bytes and rare inside rollouts, and inline it made every `Rule`
    /// 208 bytes, which the loader moves several times per rule.
    Split(Box<Split>),
}

/// A weighted division between variants.
#[derive(Clone, Debug)]
pub(crate) struct Split {
    pub(crate) by: AttrName,
    /// As in [`Rollout::salt`].
    pub(crate) salt: Option<NameId>,
    /// Hash state after `"{salt}:"`.
    pub(crate) hasher: SaltedHasher,
    /// (exclusive upper bucket, variant) in [`Pools::bounds`], increasing; the last bound is
    /// `BUCKETS`.
    pub(crate) bounds: Span,
}

/// A compiled condition tree.
#[derive(Clone, Debug)]
pub(crate) enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Segment(usize),
    /// Index into the ruleset's table of distinct leaves.
    Leaf(usize),
}

/// A test of one attribute.
#[derive(Clone, Debug)]
pub(crate) struct Leaf {
    pub(crate) attr: AttrName,
    pub(crate) op: Op,
    /// The operator as written, for traces.
    pub(crate) op_name: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_their_entries_and_nothing_when_out_of_range() {
        let pool = [10, 11, 12, 13];
        assert_eq!(Span::from_to(1, 3).of(&pool), [11, 12]);
        assert_eq!(Span::from_to(4, 4).of(&pool), [] as [i32; 0]);
        assert!(Span::default().is_empty() && Span::default().of(&pool).is_empty());
        // Never produced by the loader; still no panic, just nothing.
        assert!(Span::from_to(3, 9).of(&pool).is_empty());
        assert!(Span::from_to(5, 2).of(&pool).is_empty());
        let far = Span {
            start: u32::MAX,
            len: u32::MAX,
        };
        assert!(far.of(&pool).is_empty());
    }
}
