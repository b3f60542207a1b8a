//! Audience impact: over a sample of contexts, who gets another value of each changed flag,
//! from which variant to which, and which rules decided before and now.
//!
//! Only flags that may evaluate differently are evaluated (both sides, at the same `now`).
//! The sample is read once for every environment; on a multi-core machine it is divided
//! between threads, each counting its share, and the counts are added up, so the result does
//! not depend on the number of threads. Lines that are not valid contexts are counted and the
//! first few reported; they do not stop the run.

use super::probe::SegmentProbe;
use super::report::{Decider, Impact, InvalidLine, Outcome, RuleTransition, Sample, Transition};
use crate::load::parse_context;
use crate::progress::Progress;
use rollgate::{Context, ErrorCode, Evaluation, Reason, Ruleset};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many invalid lines are reported with their line number and error.
const INVALID_SHOWN: usize = 5;
/// Below this many lines, one thread does it all (starting threads would cost more).
const LINES_PER_THREAD: usize = 20_000;
/// Lines between two updates of the shared progress counter.
const PROGRESS_EVERY: usize = 1024;

/// One environment's two rulesets and the flags to evaluate in it.
pub struct Comparison<'r> {
    /// The old ruleset.
    pub old: &'r Ruleset,
    /// The new ruleset.
    pub new: &'r Ruleset,
    /// The flags (present on either side or both).
    pub flags: Vec<Evaluated>,
    /// The changed segments, tested first for the flags that depend only on them.
    pub probe: Option<SegmentProbe>,
}

/// A flag to evaluate over the sample.
pub struct Evaluated {
    /// Its key.
    pub key: String,
    /// For a flag that can only change through segments: their positions in the comparison's
    /// probe. The flag is evaluated only for contexts that one of them matches differently.
    pub only_through: Option<Vec<usize>>,
}

/// The sample's summary and, per comparison, per flag (same order), the impact.
pub struct Outcomes {
    /// Users, invalid lines.
    pub sample: Sample,
    /// `impacts[environment][flag]`.
    pub impacts: Vec<Vec<Impact>>,
}

/// Evaluates every comparison's flags for every context of the JSON-lines `text`.
pub fn evaluate<W: Write>(
    text: &str,
    source: &str,
    comparisons: &[Comparison<'_>],
    now: i64,
    progress: &mut Progress<W>,
) -> Outcomes {
    let plans: Vec<Vec<FlagPlan<'_>>> = comparisons
        .iter()
        .map(|c| c.flags.iter().map(|flag| FlagPlan::new(c, flag)).collect())
        .collect();
    let probes: Vec<Option<&SegmentProbe>> = comparisons.iter().map(|c| c.probe.as_ref()).collect();
    let total_lines = text.lines().count();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
        .min(total_lines / LINES_PER_THREAD + 1);
    let chunks = split_lines(text, threads);
    let done = AtomicUsize::new(0);
    let tallies: Vec<Tally<'_>> = std::thread::scope(|scope| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next();
        let workers: Vec<_> = chunks
            .map(|(start, chunk)| {
                let (plans, probes, done) = (&plans, &probes, &done);
                scope.spawn(move || count(chunk, start, plans, probes, now, done, &mut |_| {}))
            })
            .collect();
        let mut report = |lines: usize| progress.update(lines, total_lines);
        let mut tallies = Vec::new();
        if let Some((start, chunk)) = first {
            tallies.push(count(
                chunk,
                start,
                &plans,
                &probes,
                now,
                &done,
                &mut report,
            ));
        }
        for worker in workers {
            match worker.join() {
                Ok(tally) => tallies.push(tally),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        tallies
    });
    progress.finish();

    let mut total = Tally::new(&plans);
    for tally in tallies {
        total.add(tally);
    }
    let impacts = plans
        .iter()
        .zip(&total.flags)
        .map(|(plans, tallies)| {
            plans
                .iter()
                .zip(tallies)
                .map(|(plan, tally)| plan.impact(tally, total.users))
                .collect()
        })
        .collect();
    total.invalid_lines.sort_by_key(|line| line.line);
    total.invalid_lines.truncate(INVALID_SHOWN);
    Outcomes {
        sample: Sample {
            source: source.to_owned(),
            users: total.users,
            invalid_lines: total.invalid,
            first_invalid: total.invalid_lines,
        },
        impacts,
    }
}

/// Divides the text into at most `parts` runs of whole lines, each with the 1-based number
/// of its first line.
fn split_lines(text: &str, parts: usize) -> Vec<(usize, &str)> {
    let mut chunks = Vec::with_capacity(parts);
    let mut rest = text;
    let mut line = 1;
    for i in (1..=parts).rev() {
        if rest.is_empty() {
            break;
        }
        let target = rest.len() / i;
        let end = if i == 1 {
            rest.len()
        } else {
            rest.get(target..)
                .and_then(|tail| tail.find('\n'))
                .map_or(rest.len(), |at| target + at + 1)
        };
        let (chunk, tail) = rest.split_at(end);
        chunks.push((line, chunk));
        line += chunk.matches('\n').count();
        rest = tail;
    }
    chunks
}

/// One flag of one comparison: where it is on each side.
struct FlagPlan<'r> {
    key: &'r str,
    old: &'r Ruleset,
    new: &'r Ruleset,
    old_index: Option<usize>,
    new_index: Option<usize>,
    only_through: Option<&'r [usize]>,
}

impl<'r> FlagPlan<'r> {
    fn new(comparison: &Comparison<'r>, flag: &'r Evaluated) -> FlagPlan<'r> {
        let key = flag.key.as_str();
        FlagPlan {
            key,
            old: comparison.old,
            new: comparison.new,
            old_index: comparison.old.flag(key).map(|f| f.index()),
            new_index: comparison.new.flag(key).map(|f| f.index()),
            only_through: flag.only_through.as_deref(),
        }
    }

    fn evaluate(
        ruleset: &'r Ruleset,
        index: Option<usize>,
        context: &Context,
        now: i64,
    ) -> Evaluation<'r> {
        match index {
            Some(index) => ruleset.evaluate_index(index, context, now),
            None => Evaluation::error(ErrorCode::FlagNotFound),
        }
    }

    /// The counts turned into the report's form, most users first.
    fn impact(&self, tally: &FlagTally<'r>, users: usize) -> Impact {
        /// Users and rule transitions per (old variant, new variant).
        type Groups<'a> = HashMap<(Option<&'a str>, Option<&'a str>), (usize, Vec<RuleTransition>)>;
        let mut groups: Groups<'_> = HashMap::new();
        for (from, to, count) in &tally.transitions {
            let group = groups.entry((from.variant, to.variant)).or_default();
            group.0 += count;
            group.1.push(RuleTransition {
                from: from.decider(),
                to: to.decider(),
                users: *count,
            });
        }
        let mut transitions: Vec<Transition> = groups
            .into_iter()
            .map(|((from, to), (users, mut rules))| {
                rules.sort_by(|a, b| {
                    b.users
                        .cmp(&a.users)
                        .then_with(|| decider_order(&a.from).cmp(&decider_order(&b.from)))
                        .then_with(|| decider_order(&a.to).cmp(&decider_order(&b.to)))
                });
                Transition {
                    from: outcome(self.old, self.key, from),
                    to: outcome(self.new, self.key, to),
                    users,
                    rules,
                }
            })
            .collect();
        transitions.sort_by(|a, b| {
            b.users
                .cmp(&a.users)
                .then_with(|| a.from.variant.cmp(&b.from.variant))
                .then_with(|| a.to.variant.cmp(&b.to.variant))
        });
        Impact {
            users,
            changed: tally.changed,
            transitions,
        }
    }
}

/// A sort key that makes ties come out the same on every run.
fn decider_order(decider: &Decider) -> (&'static str, Option<&str>, Option<&str>) {
    (
        decider.reason,
        decider.rule.as_deref(),
        decider.prerequisite.as_deref(),
    )
}

/// A variant of a flag with its value (both absent without a variant).
fn outcome(ruleset: &Ruleset, key: &str, variant: Option<&str>) -> Outcome {
    let value = variant.and_then(|name| {
        ruleset
            .flag(key)?
            .variants()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.to_json().into())
    });
    Outcome {
        variant: variant.map(str::to_owned),
        value,
    }
}

/// What one evaluation gave, as counted: variant and what decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen<'r> {
    variant: Option<&'r str>,
    reason: Reason,
    rule: Option<&'r str>,
    prerequisite: Option<&'r str>,
    error: Option<ErrorCode>,
}

impl<'r> Seen<'r> {
    fn of(evaluation: &Evaluation<'r>) -> Seen<'r> {
        Seen {
            variant: evaluation.variant,
            reason: evaluation.reason,
            rule: evaluation.rule_id,
            prerequisite: evaluation.failed_prerequisite,
            error: evaluation.error_code,
        }
    }

    fn decider(&self) -> Decider {
        Decider {
            reason: self.reason.as_str(),
            rule: self.rule.map(str::to_owned),
            prerequisite: self.prerequisite.map(str::to_owned),
            error: self.error.map(ErrorCode::as_str),
        }
    }
}

/// Counts for one flag.
#[derive(Default)]
struct FlagTally<'r> {
    changed: usize,
    /// (before, now, users). A flag has few distinct transitions (rules × variants), so a
    /// list searched by equality is cheaper than hashing each one.
    transitions: Vec<(Seen<'r>, Seen<'r>, usize)>,
}

impl<'r> FlagTally<'r> {
    fn add(&mut self, before: Seen<'r>, now: Seen<'r>, users: usize) {
        match self
            .transitions
            .iter_mut()
            .find(|(a, b, _)| *a == before && *b == now)
        {
            Some((_, _, count)) => *count += users,
            None => self.transitions.push((before, now, users)),
        }
    }
}

/// Counts for a share of the sample.
struct Tally<'r> {
    users: usize,
    invalid: usize,
    invalid_lines: Vec<InvalidLine>,
    /// `flags[comparison][flag]`.
    flags: Vec<Vec<FlagTally<'r>>>,
}

impl<'r> Tally<'r> {
    fn new(plans: &[Vec<FlagPlan<'r>>]) -> Tally<'r> {
        Tally {
            users: 0,
            invalid: 0,
            invalid_lines: Vec::new(),
            flags: plans
                .iter()
                .map(|p| p.iter().map(|_| FlagTally::default()).collect())
                .collect(),
        }
    }

    fn add(&mut self, other: Tally<'r>) {
        self.users += other.users;
        self.invalid += other.invalid;
        self.invalid_lines.extend(other.invalid_lines);
        for (mine, theirs) in self.flags.iter_mut().zip(other.flags) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.changed += b.changed;
                for (before, now, users) in b.transitions {
                    a.add(before, now, users);
                }
            }
        }
    }
}

/// Counts one run of lines. `report` gets the number of lines done so far (all threads).
fn count<'r>(
    text: &str,
    first_line: usize,
    plans: &[Vec<FlagPlan<'r>>],
    probes: &[Option<&SegmentProbe>],
    now: i64,
    done: &AtomicUsize,
    report: &mut dyn FnMut(usize),
) -> Tally<'r> {
    let mut tally = Tally::new(plans);
    let mut since_update = 0;
    let mut differs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        since_update += 1;
        if since_update == PROGRESS_EVERY {
            report(done.fetch_add(since_update, Ordering::Relaxed) + since_update);
            since_update = 0;
        }
        if line.trim().is_empty() {
            continue;
        }
        let context = match Context::from_json(line) {
            Ok(context) => context,
            Err(_) => {
                tally.invalid += 1;
                if tally.invalid_lines.len() < INVALID_SHOWN {
                    // The CLI's usual wording for a bad context line.
                    let error = parse_context(line).err().unwrap_or_default();
                    tally.invalid_lines.push(InvalidLine {
                        line: first_line + i,
                        error,
                    });
                }
                continue;
            }
        };
        tally.users += 1;
        for ((plans, tallies), probe) in plans.iter().zip(tally.flags.iter_mut()).zip(probes) {
            differs.clear();
            if let Some(probe) = probe {
                probe.compare(&context, now, &mut differs);
            }
            for (plan, flag) in plans.iter().zip(tallies.iter_mut()) {
                if let Some(segments) = plan.only_through {
                    if !segments
                        .iter()
                        .any(|&i| differs.get(i).copied().unwrap_or(true))
                    {
                        continue;
                    }
                }
                let old = FlagPlan::evaluate(plan.old, plan.old_index, &context, now);
                let new = FlagPlan::evaluate(plan.new, plan.new_index, &context, now);
                let (a, b) = (Seen::of(&old), Seen::of(&new));
                if a.variant != b.variant || old.value != new.value {
                    flag.changed += 1;
                    flag.add(a, b, 1);
                }
            }
        }
    }
    done.fetch_add(since_update, Ordering::Relaxed);
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_whole_with_their_numbers() {
        let text = "a\nb\nc\nd\ne\n";
        let chunks = split_lines(text, 2);
        assert_eq!(chunks.iter().map(|(_, c)| *c).collect::<String>(), text);
        assert!(chunks.iter().all(|(_, c)| c.ends_with('\n')));
        let (second_start, second) = chunks[1];
        assert_eq!(
            text.lines().nth(second_start - 1),
            second.lines().next(),
            "the start line is the chunk's first line"
        );
        assert_eq!(split_lines("", 4), vec![]);
        assert_eq!(split_lines("x", 4), vec![(1, "x")]);
    }

    #[test]
    fn impact_counts_transitions_and_rules() {
        let old = Ruleset::from_json(r#"{"schema":1,"revision":1,"flags":{"f":{"type":"boolean",
            "variants":{"on":true,"off":false},"default":"off",
            "rules":[{"id":"web","when":{"attr":"platform","op":"equals","value":"web"},"serve":"on"}]}}}"#).unwrap();
        let new = Ruleset::from_json(r#"{"schema":1,"revision":2,"flags":{"f":{"type":"boolean",
            "variants":{"on":true,"off":false},"default":"off",
            "rules":[{"id":"ios","when":{"attr":"platform","op":"equals","value":"ios"},"serve":"on"}]}}}"#).unwrap();
        let comparisons = [Comparison {
            old: &old,
            new: &new,
            flags: vec![Evaluated {
                key: "f".into(),
                only_through: None,
            }],
            probe: None,
        }];
        let text = "{\"platform\":\"web\"}\n{\"platform\":\"ios\"}\n\n{\"platform\":\"android\"}\nnope\n[1]\n";
        let mut progress: Progress<Vec<u8>> = Progress::new(None, "t", std::time::Duration::ZERO);
        let outcomes = evaluate(text, "s.jsonl", &comparisons, 0, &mut progress);
        assert_eq!(outcomes.sample.users, 3);
        assert_eq!(outcomes.sample.invalid_lines, 2);
        let lines: Vec<usize> = outcomes
            .sample
            .first_invalid
            .iter()
            .map(|l| l.line)
            .collect();
        assert_eq!(lines, [5, 6]);
        assert!(outcomes.sample.first_invalid[0]
            .error
            .contains("invalid context JSON"));
        let impact = &outcomes.impacts[0][0];
        assert_eq!((impact.users, impact.changed), (3, 2));
        let summary: Vec<String> = impact
            .transitions
            .iter()
            .map(|t| {
                format!(
                    "{} {} {}",
                    t.words(),
                    t.users,
                    t.rules_words(ToString::to_string)
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "\"off\" → \"on\" 1 default → rule \"ios\" (1)",
                "\"on\" → \"off\" 1 rule \"web\" → default (1)",
            ]
        );
    }
}
