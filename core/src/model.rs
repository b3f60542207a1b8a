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

/// One named value a flag can serve.
#[derive(Clone, Debug)]
pub(crate) struct Variant {
    pub(crate) name: Box<str>,
    pub(crate) value: FlagValue,
}

pub use crate::metadata::FlagMetadata;

/// A compiled flag.
#[derive(Clone, Debug)]
pub(crate) struct Flag {
    /// Position in the ruleset (key order).
    pub(crate) index: usize,
    pub(crate) key: Arc<str>,
    pub(crate) flag_type: FlagType,
    /// A [`VariantId`] indexes this list.
    pub(crate) variants: Vec<Variant>,
    pub(crate) default: VariantId,
    pub(crate) off: VariantId,
    pub(crate) enabled: bool,
    pub(crate) prerequisites: Vec<Prerequisite>,
    /// In evaluation order.
    pub(crate) rules: Vec<Rule>,
    pub(crate) metadata: FlagMetadata,
}

impl Flag {
    /// The name of variant `variant`.
    #[inline(always)]
    pub(crate) fn variant_name(&self, variant: VariantId) -> Option<&str> {
        self.variants.get(variant).map(|v| &*v.name)
    }

    /// The text of a rollout's or split's salt: its own, or this flag's key for `None`.
    pub(crate) fn salt<'a>(&'a self, salt: &'a Option<Box<str>>) -> &'a str {
        salt.as_deref().unwrap_or(&self.key)
    }
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
    pub(crate) id: Box<str>,
    pub(crate) when: Option<Condition>,
    pub(crate) action: Action,
}

/// What a matching rule does.
// An explicit tag (see `Op`): read once per matching rule.
#[derive(Clone, Debug)]
#[repr(u8)]
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
    /// The salt's text; `None`: the flag's key (the default, and the usual case). Only traces
    /// and change detection read it: `hasher` has it hashed already.
    pub(crate) salt: Option<Box<str>>,
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
    /// A scheduled ramp: (epoch ms, thousandths) steps in increasing time. Before the first
    /// step nobody is in.
    Ramp(Vec<(i64, u32)>),
}

impl Percent {
    /// The share in thousandths of a percent at time `now_ms`.
    pub(crate) fn at(&self, now_ms: i64) -> u32 {
        match self {
            Percent::Fixed(p) => *p,
            Percent::Ramp(steps) => steps
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
    /// Boxed: a split is large and rare inside rollouts; inline, it would grow every `Rule`,
    /// which the loader moves several times.
    Split(Box<Split>),
}

/// A weighted division between variants.
#[derive(Clone, Debug)]
pub(crate) struct Split {
    pub(crate) by: AttrName,
    /// As in [`Rollout::salt`].
    pub(crate) salt: Option<Box<str>>,
    /// Hash state after `"{salt}:"`.
    pub(crate) hasher: SaltedHasher,
    /// (exclusive upper bucket, variant), increasing; the last bound is `BUCKETS`.
    pub(crate) bounds: Vec<(u32, VariantId)>,
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
