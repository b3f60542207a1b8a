//! `rollgate diff`: what a change to the flags does to users, for review in a pull request.
//!
//! Two inputs (ruleset files, or one file in two git revisions) resolve into environments
//! ([`input`]); environments pair up by name. For each pair:
//! - [`changes`] and [`rules`] list every change in words ([`sentence`] renders the words
//!   as text or Markdown; [`condition`] renders conditions);
//! - the core's `changed_flags` adds the flags whose own definition is the same but which
//!   depend on a changed segment or prerequisite;
//! - [`warnings`] picks out what a reviewer must see;
//! - with a context sample, [`impact`] counts who gets another value.
//!
//! The result is a [`report::Report`], printed by [`text`], [`markdown`] or as JSON.

pub mod args;
mod changes;
mod condition;
mod document;
mod git;
mod impact;
pub mod input;
pub mod markdown;
mod probe;
pub mod report;
mod rules;
mod sentence;
pub mod text;
mod warnings;

pub use args::DiffArgs;
pub use git::parse_range as git_range;

use crate::progress::Progress;
use document::Flag;
use impact::{Comparison, Evaluated};
use input::{Environment, Side};
use probe::SegmentProbe;
use report::{Change, ChangeKind, EnvironmentReport, FlagReport, Report, Revisions, Status};
use sentence::Sentence;
use std::collections::BTreeSet;

/// A context sample: the JSON-lines text and where it came from.
pub struct SampleText<'a> {
    /// The lines.
    pub text: &'a str,
    /// The file name, for the report.
    pub source: &'a str,
}

/// Compares two sides at `now`, with the audience impact over `sample` if given.
pub fn diff(old: &Side, new: &Side, now: i64, sample: Option<SampleText<'_>>) -> Report {
    let mut environments = Vec::new();
    let mut evaluated: Vec<(usize, &Environment, &Environment, Vec<usize>)> = Vec::new();
    for (name, before, after) in pair_environments(old, new) {
        let report = match (before, after) {
            (Some(a), Some(b)) => {
                let report = compare_environment(name, a, b, now);
                let flags = report
                    .flags
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.changes.iter().any(|c| c.kind != ChangeKind::Metadata))
                    .map(|(i, _)| i)
                    .collect();
                evaluated.push((environments.len(), a, b, flags));
                report
            }
            (a, b) => one_sided(name, a, b),
        };
        environments.push(report);
    }

    let sample = sample.map(|sample| {
        let comparisons: Vec<Comparison<'_>> = evaluated
            .iter()
            .filter_map(|(env, a, b, flags)| {
                environments
                    .get(*env)
                    .map(|report| comparison(report, a, b, flags))
            })
            .collect();
        let mut progress = Progress::stderr("rollgate diff");
        let outcomes =
            impact::evaluate(sample.text, sample.source, &comparisons, now, &mut progress);
        for ((env, _, _, flags), impacts) in evaluated.iter().zip(outcomes.impacts) {
            for (i, impact) in flags.iter().zip(impacts) {
                if let Some(flag) = environments
                    .get_mut(*env)
                    .and_then(|report| report.flags.get_mut(*i))
                {
                    flag.impact = Some(impact);
                }
            }
        }
        outcomes.sample
    });

    Report {
        old: old.label.clone(),
        new: new.label.clone(),
        now,
        changed: environments.iter().any(|e| e.status != Status::Unchanged),
        sample,
        environments,
    }
}

/// What to evaluate over the sample in one environment: the flags at `flags` (positions in
/// the report), with a segment probe for those that can only change through segments.
fn comparison<'r>(
    report: &'r EnvironmentReport,
    old: &'r Environment,
    new: &'r Environment,
    flags: &[usize],
) -> Comparison<'r> {
    let changed_segments: Vec<String> = report
        .segments
        .iter()
        .filter(|s| s.status == Status::Changed)
        .map(|s| s.segment.clone())
        .collect();
    let probe = SegmentProbe::new(&old.document, &new.document, changed_segments);
    let flags = flags
        .iter()
        .filter_map(|&i| report.flags.get(i))
        .map(|flag| {
            let through_segments = flag.status == Status::Affected
                && flag
                    .changes
                    .iter()
                    .all(|c| c.kind == ChangeKind::UsesChangedSegment);
            let only_through = match (&probe, through_segments) {
                (Some(probe), true) => Flag::find(&new.document, &flag.flag).map(|f| {
                    f.segments_used()
                        .iter()
                        .filter_map(|name| probe.position(name))
                        .collect()
                }),
                _ => None,
            };
            Evaluated {
                key: flag.flag.clone(),
                only_through,
            }
        })
        .collect();
    Comparison {
        old: &old.ruleset,
        new: &new.ruleset,
        flags,
        probe,
    }
}

/// Environments by name: the old side's order, then those only in the new side.
fn pair_environments<'a>(
    old: &'a Side,
    new: &'a Side,
) -> Vec<(
    Option<String>,
    Option<&'a Environment>,
    Option<&'a Environment>,
)> {
    let mut pairs: Vec<_> = old
        .environments
        .iter()
        .map(|a| {
            let b = new.environments.iter().find(|b| b.name == a.name);
            (a.name.clone(), Some(a), b)
        })
        .collect();
    for b in &new.environments {
        if !old.environments.iter().any(|a| a.name == b.name) {
            pairs.push((b.name.clone(), None, Some(b)));
        }
    }
    pairs
}

/// An environment on one side only: its status and revision, no details.
fn one_sided(
    name: Option<String>,
    old: Option<&Environment>,
    new: Option<&Environment>,
) -> EnvironmentReport {
    EnvironmentReport {
        name,
        status: if new.is_some() {
            Status::Added
        } else {
            Status::Removed
        },
        revision: Revisions {
            old: old.map(|e| e.ruleset.revision()),
            new: new.map(|e| e.ruleset.revision()),
        },
        warnings: Vec::new(),
        changes: Vec::new(),
        segments: Vec::new(),
        flags: Vec::new(),
        unchanged_flags: 0,
    }
}

fn compare_environment(
    name: Option<String>,
    old: &Environment,
    new: &Environment,
    now: i64,
) -> EnvironmentReport {
    let found = changes::compare(&old.document, &new.document, now);
    let mut flags = found.flags;
    // The core knows which flags may evaluate differently, through segments and
    // prerequisites too; those whose own definition is the same are "affected".
    let may_differ: BTreeSet<String> = new
        .ruleset
        .changed_flags(&old.ruleset)
        .into_iter()
        .collect();
    let mut unchanged_flags = 0;
    for key in found.same_flags {
        if may_differ.contains(&key) {
            flags.push(FlagReport {
                flag: key,
                status: Status::Affected,
                changes: Vec::new(),
                impact: None,
            });
        } else {
            unchanged_flags += 1;
        }
    }
    flags.sort_by(|a, b| a.flag.cmp(&b.flag));
    let changed_segments: Vec<&str> = found.segments.iter().map(|s| s.segment.as_str()).collect();
    let changed_flags: BTreeSet<&str> = flags
        .iter()
        .map(|f| f.flag.as_str())
        .chain(may_differ.iter().map(String::as_str))
        .collect();
    // Added and removed flags need no note: everything about them changed.
    let notes: Vec<Vec<Change>> = flags
        .iter()
        .map(|report| match report.status {
            Status::Changed | Status::Affected => dependency_notes(
                &new.document,
                &report.flag,
                &changed_segments,
                &changed_flags,
            ),
            _ => Vec::new(),
        })
        .collect();
    for (report, notes) in flags.iter_mut().zip(notes) {
        report.changes.extend(notes);
    }
    // A flag the core reports for a reason the notes do not name has nothing to show.
    let listed = flags.len();
    flags.retain(|f| !f.changes.is_empty());
    unchanged_flags += listed - flags.len();

    let changed = !found.changes.is_empty() || !found.segments.is_empty() || !flags.is_empty();
    let warnings = warnings::find(&old.document, &new.document, &flags, changed);
    EnvironmentReport {
        name,
        status: if changed {
            Status::Changed
        } else {
            Status::Unchanged
        },
        revision: Revisions {
            old: Some(old.ruleset.revision()),
            new: Some(new.ruleset.revision()),
        },
        warnings,
        changes: found.changes,
        segments: found.segments,
        flags,
        unchanged_flags,
    }
}

/// Why a flag may evaluate differently besides its own changes: a segment it uses changed,
/// or a prerequisite flag may evaluate differently.
fn dependency_notes(
    document: &serde_json::Value,
    key: &str,
    changed_segments: &[&str],
    changed_flags: &BTreeSet<&str>,
) -> Vec<Change> {
    let Some(flag) = Flag::find(document, key) else {
        return Vec::new();
    };
    let path = changes::member("flags", key);
    let mut notes = Vec::new();
    for segment in flag.segments_used() {
        if changed_segments.contains(&segment) {
            notes.push(Change::new(
                ChangeKind::UsesChangedSegment,
                path.clone(),
                Sentence::new()
                    .text("uses segment ")
                    .name(segment)
                    .text(", which changed"),
            ));
        }
    }
    for (i, prerequisite) in flag.prerequisites().iter().enumerate() {
        if changed_flags.contains(prerequisite.flag) {
            notes.push(Change::new(
                ChangeKind::PrerequisiteFlagChanged,
                format!("{path}.prerequisites[{i}]"),
                Sentence::new()
                    .text("its prerequisite ")
                    .name(prerequisite.flag)
                    .text(" changed"),
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn environment(name: &str, revision: u64, percent: u64) -> Environment {
        let document = json!({"schema": 1, "revision": revision, "flags": {"f": {
            "type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
            "rules": [{"id": "r", "rollout": {"percent": percent, "serve": "on"}}]}}});
        Environment {
            name: Some(name.to_owned()),
            ruleset: rollgate::Ruleset::from_value(&document).unwrap(),
            document,
        }
    }

    fn side(environments: Vec<Environment>) -> Side {
        Side {
            label: "x".into(),
            environments,
            is_project: true,
            undeclared: Vec::new(),
        }
    }

    #[test]
    fn environments_pair_up_by_name() {
        let old = side(vec![
            environment("production", 1, 10),
            environment("staging", 1, 50),
            environment("qa", 3, 1),
        ]);
        let new = side(vec![
            environment("staging", 2, 50),
            environment("production", 2, 20),
            environment("preview", 1, 100),
        ]);
        let report = diff(&old, &new, 0, None);
        let summary: Vec<String> = report
            .environments
            .iter()
            .map(|e| {
                format!(
                    "{} {} {:?} → {:?}, {} flags",
                    e.name.as_deref().unwrap(),
                    e.status.word(),
                    e.revision.old,
                    e.revision.new,
                    e.flags.len()
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "production changed Some(1) → Some(2), 1 flags",
                "staging changed Some(1) → Some(2), 0 flags",
                "qa removed Some(3) → None, 0 flags",
                "preview added None → Some(1), 0 flags",
            ]
        );
        assert!(report.changed);
        let mut text = Vec::new();
        text::write(&report, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.contains("\nenvironment \"production\": changed (revision 1 → 2)\n"),
            "{text}"
        );
        assert!(text.contains("\nenvironment \"qa\": removed (revision 3 → -)\n"));
    }
}
