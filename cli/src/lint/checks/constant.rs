//! `constant_flag`: a flag that serves one value to everybody, a cleanup candidate.
//!
//! Three ways to get there, each certain:
//! - it is disabled (killed): everybody gets its `offVariant`;
//! - every variant it can serve from `--now` on has one value (no rules; a catch-all rule
//!   first; every rule serving the default's value; variants with equal values);
//! - its first rule that can decide has no condition and takes every unit: a rollout at 100%
//!   (a ramp that has reached it for good) or a split whose variants share one value. Then
//!   everybody with a usable unit gets that value, and only contexts without one fall through;
//!   the message says so.
//!
//! How long a flag has been so comes from git ([`history`](crate::lint::history)).

use crate::lint::analysis::{action_variants, share_range, Analyses, Fate};
use crate::lint::model::{Action, Flag, RolloutServe, ALL_BUCKETS};
use crate::lint::{rule_text, variant_text, Kind, Report};
use rollgate::FlagValue;
use std::collections::BTreeSet;

/// How a flag serves one value.
#[derive(Clone, Debug, PartialEq)]
pub struct Constancy {
    /// The value served.
    pub value: serde_json::Value,
    /// Empty: to everybody. Otherwise to everybody with these unit attributes usable.
    pub units: Vec<String>,
    /// Why, in words (the finding's message).
    pub message: String,
}

impl Constancy {
    /// Whether `other` is the same situation (same value, same audience), whatever caused it.
    pub fn same_as(&self, other: &Constancy) -> bool {
        self.value == other.value && self.units == other.units
    }
}

/// Reports a flag that serves one value.
pub fn check(report: &mut Report, analyses: &Analyses, flag: &Flag) {
    if !report.wants(Kind::ConstantFlag) {
        return;
    }
    if let Some(constancy) = constancy(analyses, flag) {
        report.add(
            Kind::ConstantFlag,
            flag.path.clone(),
            Some(flag.key),
            constancy.message,
        );
    }
}

/// How the flag serves one value, if it does.
pub fn constancy(analyses: &Analyses, flag: &Flag) -> Option<Constancy> {
    if !flag.enabled {
        return Some(Constancy {
            value: flag.value(flag.off)?.to_json().into(),
            units: Vec::new(),
            message: format!(
                "disabled: serves {} to everybody",
                variant_text(flag, flag.off)
            ),
        });
    }
    let served = analyses.now_served(flag)?;
    let values = served
        .iter()
        .map(|v| flag.value(v))
        .collect::<Option<Vec<&FlagValue>>>()?;
    let (first_variant, first_value) = served.iter().zip(&values).next()?;
    if values.iter().all(|v| *v == *first_value) {
        let message = if served.len() == 1 {
            format!(
                "serves {} to everybody: {}",
                variant_text(flag, first_variant),
                why_one_variant(analyses, flag)?
            )
        } else {
            let names: Vec<String> = served.iter().map(|v| format!("{v:?}")).collect();
            format!(
                "serves {} to everybody: the variants it can serve ({}) have that value",
                crate::output::json_text(&first_value.to_json().into()),
                names.join(", ")
            )
        };
        return Some(Constancy {
            value: first_value.to_json().into(),
            units: Vec::new(),
            message,
        });
    }
    every_unit(analyses, flag)
}

/// Why a flag serves only one variant.
fn why_one_variant(analyses: &Analyses, flag: &Flag) -> Option<String> {
    let analysis = analyses.of(flag.key)?;
    let rules = flag.rules.as_ref()?;
    let first_live = analysis.fates.iter().position(|f| *f == Fate::Live);
    Some(if rules.is_empty() {
        "it has no rules".to_owned()
    } else if first_live.is_none() {
        "none of its rules can decide from now on".to_owned()
    } else if first_live == analysis.catch_all {
        let rule = first_live.and_then(|i| rules.get(i)).map(rule_text)?;
        format!("{rule} decides for everybody first")
    } else {
        "no rule that can decide serves another variant".to_owned()
    })
}

/// The first rule that can decide takes every unit, with no condition, for one value.
fn every_unit(analyses: &Analyses, flag: &Flag) -> Option<Constancy> {
    let analysis = analyses.of(flag.key)?;
    let rules = flag.rules.as_ref()?;
    let first = analysis.fates.iter().position(|f| *f == Fate::Live)?;
    let rule = rules.get(first)?;
    if !*analysis.unconditional.get(first)? {
        return None;
    }
    let (units, how) = match &rule.action {
        Action::Serve(_) => return None,
        Action::Split(split) => (BTreeSet::from([split.by]), "splits everybody"),
        Action::Rollout(rollout) => {
            if share_range(&rollout.percent, analyses.now()).0 < ALL_BUCKETS {
                return None;
            }
            let mut units = BTreeSet::from([rollout.by]);
            if let RolloutServe::Split(split) = &rollout.serve {
                units.insert(split.by);
            }
            (units, "is a rollout at 100%")
        }
    };
    let variants = action_variants(rule);
    let (first_variant, rest) = variants.split_first()?;
    let value = flag.value(first_variant)?;
    if rest.iter().any(|v| flag.value(v) != Some(value)) {
        return None;
    }
    // A failing prerequisite serves the offVariant, also to those with a unit.
    if analyses.prerequisites_may_fail(flag) && flag.value(flag.off) != Some(value) {
        return None;
    }
    let served = if rest.is_empty() {
        variant_text(flag, first_variant)
    } else {
        crate::output::json_text(&value.to_json().into())
    };
    let unit_names: Vec<String> = units.iter().map(|u| format!("{u:?}")).collect();
    Some(Constancy {
        value: value.to_json().into(),
        units: units.iter().map(|u| (*u).to_owned()).collect(),
        message: format!(
            "serves {served} to everybody with a usable {}: {} {how} with no condition; only \
             contexts without one fall through",
            unit_names.join(" and "),
            rule_text(rule)
        ),
    })
}
