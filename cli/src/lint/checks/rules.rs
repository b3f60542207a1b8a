//! `unreachable_rule`: a rule that can never decide.
//!
//! Either its condition holds for nobody (an empty `any`, an `in` with no values), or every
//! context it could decide for is decided by earlier rules first: a rule after a catch-all
//! `serve`, after a rule with the same condition that serves or splits, after a 100% rollout
//! with no or a weaker condition, after a rollout that takes a superset of its buckets, ...
//! ([`analysis`](crate::lint::analysis) has the exact rules). A rollout at 0% also decides for
//! nobody, but on purpose (not started, or wound down), and is not reported.
//!
//! A disabled flag's rules are checked like any other: they are what comes back when the flag
//! is enabled again.

use crate::lint::analysis::{Analyses, Fate};
use crate::lint::model::Flag;
use crate::lint::{rule_text, Kind, Report};

/// Reports each rule whose fate is [`Fate::NeverHolds`] or [`Fate::Shadowed`].
pub fn check(report: &mut Report, analyses: &Analyses, flag: &Flag) {
    if !report.wants(Kind::UnreachableRule) {
        return;
    }
    let (Some(analysis), Some(rules)) = (analyses.of(flag.key), flag.rules.as_ref()) else {
        return;
    };
    for (rule, fate) in rules.iter().zip(&analysis.fates) {
        let why = match fate {
            Fate::NeverHolds => "its condition holds for no context".to_owned(),
            Fate::Shadowed(earlier) => {
                let names: Vec<String> = earlier
                    .iter()
                    .filter_map(|i| rules.get(*i))
                    .map(rule_text)
                    .collect();
                let names = match names.as_slice() {
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} or {last}", init.join(", ")),
                    [] => continue,
                };
                format!("every context it could decide for is decided at or before {names}")
            }
            Fate::Live | Fate::Idle => continue,
        };
        let subject = if rule.id == format!("rules[{}]", rule.index) {
            "this rule".to_owned()
        } else {
            format!("rule {:?}", rule.id)
        };
        report.add(
            Kind::UnreachableRule,
            flag.path.key("rules").index(rule.index),
            Some(flag.key),
            format!("{subject} never decides: {why}"),
        );
    }
}
