//! What can each rule of a flag still do, and which variants can the flag serve?
//!
//! Everything is worked out for every time from `now` on: a ramp's share is the lowest and the
//! highest it takes from `now` to the end of its steps. The claims are proofs (conditions:
//! [`condition::implies`]); where a proof is out of reach a rule counts as live and a variant
//! as served, so the checks built on this never report something false.

use super::condition::{self, Budget, Cond};
use super::model::{Action, Doc, Flag, Percent, Rollout, RolloutServe, Rule, Split, ALL_BUCKETS};
use std::collections::{BTreeMap, BTreeSet};

/// Implication steps one flag's analysis may take (a few milliseconds); past it, the
/// remaining rules count as live.
const FLAG_BUDGET: usize = 2_000_000;

/// What a rule can still do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It may decide for some context.
    Live,
    /// Its condition holds for no context.
    NeverHolds,
    /// Every context it could decide for is decided at or before the earlier rules listed
    /// (positions), each of which decides for the part of them it covers.
    Shadowed(Vec<usize>),
    /// A rollout at 0% from now on that could decide once raised: it decides for nobody, on
    /// purpose (not started yet, or wound down), so this is not reported.
    Idle,
}

/// One flag, analysed.
pub struct FlagAnalysis {
    /// The fate of each rule, by position.
    pub fates: Vec<Fate>,
    /// Whether each rule's condition holds for everybody (or it has none), by position.
    pub unconditional: Vec<bool>,
    /// The first live rule that serves one variant to everybody: the rules after it and the
    /// default are never reached.
    pub catch_all: Option<usize>,
    /// The variants live rules can serve.
    pub served_by_rules: BTreeSet<String>,
}

impl FlagAnalysis {
    /// The default variant is served to those no rule decides for (there is no catch-all).
    pub fn default_reachable(&self) -> bool {
        self.catch_all.is_none()
    }
}

/// The share of units a rollout takes from `now` on: (lowest, highest), in thousandths.
pub fn share_range(percent: &Percent, now: i64) -> (u32, u32) {
    match percent {
        Percent::Fixed(p) => (*p, *p),
        Percent::Steps(steps) => {
            // Before the first step nobody is in.
            let current = steps
                .iter()
                .rev()
                .find(|(at, _)| *at <= now)
                .map_or(0, |(_, p)| *p);
            let later = steps.iter().filter(|(at, _)| *at > now).map(|(_, p)| *p);
            let (mut low, mut high) = (current, current);
            for p in later {
                low = low.min(p);
                high = high.max(p);
            }
            (low, high)
        }
    }
}

/// The times of every ramp step in these rules.
fn step_times<'r>(rules: &'r [Rule<'_>]) -> impl Iterator<Item = i64> + 'r {
    rules.iter().flat_map(|rule| match &rule.action {
        Action::Rollout(Rollout {
            percent: Percent::Steps(steps),
            ..
        }) => steps.iter().map(|(at, _)| *at).collect(),
        _ => Vec::new(),
    })
}

/// Who a rule can decide for, besides its condition: the units it needs usable and, for a
/// rollout below 100%, the buckets it takes.
#[derive(Debug)]
struct Reach<'a> {
    units: BTreeSet<&'a str>,
    bucket: Option<Bucket<'a>>,
}

/// "The unit's bucket under this salt is below `below`."
#[derive(Debug)]
struct Bucket<'a> {
    unit: &'a str,
    salt: &'a str,
    below: u32,
}

/// `rule` decides for every context that passes its condition and this (`None`: it may
/// decide for nobody).
fn sufficient<'a>(rule: &'a Rule, now: i64) -> Option<Reach<'a>> {
    reach(rule, now, |(low, _)| low)
}

/// `rule` decides only for contexts that pass its condition and this (`None`: for nobody).
fn necessary<'a>(rule: &'a Rule, now: i64) -> Option<Reach<'a>> {
    reach(rule, now, |(_, high)| high)
}

fn reach<'a>(rule: &'a Rule, now: i64, pick: fn((u32, u32)) -> u32) -> Option<Reach<'a>> {
    match &rule.action {
        Action::Serve(_) => Some(Reach {
            units: BTreeSet::new(),
            bucket: None,
        }),
        // The weights add up to 100%: a split decides for every usable unit.
        Action::Split(split) => Some(Reach {
            units: BTreeSet::from([split.by]),
            bucket: None,
        }),
        Action::Rollout(rollout) => {
            let share = pick(share_range(&rollout.percent, now));
            if share == 0 {
                return None;
            }
            let mut units = BTreeSet::from([rollout.by]);
            if let RolloutServe::Split(split) = &rollout.serve {
                units.insert(split.by);
            }
            let bucket = (share < ALL_BUCKETS).then_some(Bucket {
                unit: rollout.by,
                salt: &rollout.salt,
                below: share,
            });
            Some(Reach { units, bucket })
        }
    }
}

/// Who a rollout needs whatever its share: its units (no bucket is implied by every share).
fn at_any_share<'a>(rule: &'a Rule) -> Reach<'a> {
    let mut units = BTreeSet::new();
    if let Action::Rollout(rollout) = &rule.action {
        units.insert(rollout.by);
        if let RolloutServe::Split(split) = &rollout.serve {
            units.insert(split.by);
        }
    }
    Reach {
        units,
        bucket: None,
    }
}

/// Everybody `later` needs, `earlier` decides for (conditions aside).
fn covers(earlier: &Reach, later: &Reach) -> bool {
    earlier.units.is_subset(&later.units)
        && match (&earlier.bucket, &later.bucket) {
            (None, _) => true,
            (Some(e), Some(l)) => e.unit == l.unit && e.salt == l.salt && l.below <= e.below,
            (Some(_), None) => false,
        }
}

/// The variants a rule serves when it decides, whatever its share (a split's variants of
/// weight 0 serve nobody).
pub fn action_variants<'a>(rule: &'a Rule) -> Vec<&'a str> {
    let split_variants = |split: &'a Split| -> Vec<&'a str> {
        split
            .variants
            .iter()
            .filter(|(_, weight)| *weight > 0)
            .map(|(v, _)| *v)
            .collect()
    };
    match &rule.action {
        Action::Serve(v) => vec![v],
        Action::Split(split) => split_variants(split),
        Action::Rollout(rollout) => match &rollout.serve {
            RolloutServe::Variant(v) => vec![v],
            RolloutServe::Split(split) => split_variants(split),
        },
    }
}

/// The variants a rule can serve from `now` on: none for a rollout at 0% from then on.
pub fn rule_variants<'a>(rule: &'a Rule, now: i64) -> Vec<&'a str> {
    match &rule.action {
        Action::Rollout(rollout) if share_range(&rollout.percent, now).1 == 0 => Vec::new(),
        _ => action_variants(rule),
    }
}

/// Analyses a flag's rules; `None` when its rules did not read.
pub fn analyse(doc: &Doc, flag: &Flag, now: i64) -> Option<FlagAnalysis> {
    let rules = flag.rules.as_ref()?;
    let segment = |name: &str| doc.segment(name).cloned();
    let conditions: Vec<Cond> = rules
        .iter()
        .map(|rule| match rule.when {
            None => Cond::everybody(),
            Some(when) => condition::read(when, &segment).unwrap_or_else(Cond::unknown),
        })
        .collect();
    let mut budget = Budget::new(FLAG_BUDGET);
    let mut fates = Vec::with_capacity(rules.len());
    for (index, (rule, cond)) in rules.iter().zip(&conditions).enumerate() {
        let fate = if cond.never() {
            Fate::NeverHolds
        } else {
            match necessary(rule, now) {
                Some(needs) => shadowed(rules, &conditions, index, cond, &needs, now, &mut budget)
                    .map_or(Fate::Live, Fate::Shadowed),
                // At 0% it decides for nobody; it is dead rather than staged if it would be
                // shadowed at any share.
                None => shadowed(
                    rules,
                    &conditions,
                    index,
                    cond,
                    &at_any_share(rule),
                    now,
                    &mut budget,
                )
                .map_or(Fate::Idle, Fate::Shadowed),
            }
        };
        fates.push(fate);
    }
    let catch_all = rules
        .iter()
        .zip(&conditions)
        .zip(&fates)
        .position(|((rule, cond), fate)| {
            *fate == Fate::Live && cond.always() && matches!(rule.action, Action::Serve(_))
        });
    let served_by_rules = rules
        .iter()
        .zip(&fates)
        .filter(|(_, fate)| **fate == Fate::Live)
        .flat_map(|(rule, _)| rule_variants(rule, now))
        .map(str::to_owned)
        .collect();
    Some(FlagAnalysis {
        unconditional: conditions.iter().map(Cond::always).collect(),
        fates,
        catch_all,
        served_by_rules,
    })
}

/// The earlier rules that together decide for every context rule `index` could decide for,
/// or `None` when that is not proven. Each disjunct of the rule's condition must be covered
/// by one earlier rule: its condition implied, and everybody the later rule needs (usable
/// units, buckets) decided by the earlier one.
fn shadowed(
    rules: &[Rule],
    conditions: &[Cond],
    index: usize,
    cond: &Cond,
    needs: &Reach,
    now: i64,
    budget: &mut Budget,
) -> Option<Vec<usize>> {
    let earlier: Vec<(usize, &Cond, Reach)> = rules
        .iter()
        .zip(conditions)
        .take(index)
        .enumerate()
        .filter_map(|(i, (rule, c))| {
            let decides = sufficient(rule, now)?;
            (!c.never() && covers(&decides, needs)).then_some((i, c, decides))
        })
        .collect();
    if earlier.is_empty() {
        return None;
    }
    let mut by = BTreeSet::new();
    for part in condition::disjuncts(cond) {
        if part.never() {
            continue;
        }
        let (i, _, _) = earlier
            .iter()
            .find(|(_, c, _)| condition::implies(&part, c, budget))?;
        by.insert(*i);
    }
    Some(by.into_iter().collect())
}

/// Every flag's analysis, by key (`None` for a flag whose rules did not read).
pub struct Analyses<'d, 'a> {
    doc: &'d Doc<'a>,
    by_flag: BTreeMap<&'a str, Option<FlagAnalysis>>,
    now: i64,
}

impl<'d, 'a> Analyses<'d, 'a> {
    /// Analyses every flag of a document.
    pub fn new(doc: &'d Doc<'a>, now: i64) -> Analyses<'d, 'a> {
        Analyses::of_flags(doc, now, doc.flags.iter().map(|f| f.key))
    }

    /// Analyses these flags and their prerequisites (transitively), which is all that
    /// questions about them need.
    pub fn of_flags(
        doc: &'d Doc<'a>,
        now: i64,
        keys: impl IntoIterator<Item = &'a str>,
    ) -> Analyses<'d, 'a> {
        let by_flag = closure(doc, keys)
            .into_iter()
            .filter_map(|key| {
                let flag = doc.flag(key)?;
                Some((flag.key, analyse(doc, flag, now)))
            })
            .collect();
        Analyses { doc, by_flag, now }
    }

    /// The document analysed.
    pub fn doc(&self) -> &'d Doc<'a> {
        self.doc
    }

    /// The time the analyses hold from.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// A flag's analysis.
    pub fn of(&self, key: &str) -> Option<&FlagAnalysis> {
        self.by_flag.get(key)?.as_ref()
    }

    /// The variants a flag can serve from now on, enabled or killed: its `offVariant`, what
    /// its live rules serve, and its default unless a catch-all rule comes first. `None`
    /// when not known.
    pub fn ever_served(&self, flag: &Flag) -> Option<BTreeSet<String>> {
        let analysis = self.of(flag.key)?;
        let mut served = analysis.served_by_rules.clone();
        served.insert(flag.off.to_owned());
        if analysis.default_reachable() {
            served.insert(flag.default.to_owned());
        }
        Some(served)
    }

    /// The variants a flag can serve from now on in its current state (killed or not, its
    /// prerequisites as they are). `None` when not known.
    pub fn now_served(&self, flag: &Flag) -> Option<BTreeSet<String>> {
        self.now_served_depth(flag, 0)
    }

    fn now_served_depth(&self, flag: &Flag, depth: usize) -> Option<BTreeSet<String>> {
        if !flag.enabled {
            return Some(BTreeSet::from([flag.off.to_owned()]));
        }
        let analysis = self.of(flag.key)?;
        let mut served = analysis.served_by_rules.clone();
        if analysis.default_reachable() {
            served.insert(flag.default.to_owned());
        }
        if flag
            .prerequisites
            .iter()
            .any(|p| self.may_fail(p.flag, &p.variants, depth))
        {
            served.insert(flag.off.to_owned());
        }
        Some(served)
    }

    /// Some prerequisite of the flag may fail (then it serves its `offVariant`).
    pub fn prerequisites_may_fail(&self, flag: &Flag) -> bool {
        flag.prerequisites
            .iter()
            .any(|p| self.may_fail(p.flag, &p.variants, 0))
    }

    /// A prerequisite on flag `key` may fail: the flag may serve a variant not listed.
    fn may_fail(&self, key: &str, variants: &[&str], depth: usize) -> bool {
        // The core refuses chains over 16 links; deeper is not a ruleset it accepted.
        if depth > 17 {
            return true;
        }
        let Some(flag) = self.doc.flag(key) else {
            return true;
        };
        match self.now_served_depth(flag, depth + 1) {
            Some(served) => served.iter().any(|v| !variants.contains(&v.as_str())),
            None => true,
        }
    }
}

/// The ramp step times of a flag's rules and its prerequisites' (transitively), in order:
/// the only times at which what the flag can serve changes by itself.
pub fn ramp_steps(doc: &Doc, key: &str) -> Vec<i64> {
    let mut times: Vec<i64> = closure(doc, [key])
        .into_iter()
        .filter_map(|key| doc.flag(key)?.rules.as_ref())
        .flat_map(|rules| step_times(rules))
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}

/// These flags' keys and their prerequisites' (transitively), as the document spells them.
fn closure<'a>(doc: &Doc<'a>, keys: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&'a str> = keys.into_iter().collect();
    while let Some(key) = todo.pop() {
        let Some(flag) = doc.flag(key) else {
            continue;
        };
        if seen.insert(flag.key) {
            todo.extend(flag.prerequisites.iter().map(|p| p.flag));
        }
    }
    seen
}
