//! `rollgate simulate`: how many users of a sample get each variant, now and at another percent.

use super::require_flag;
use crate::args::SimulateArgs;
use crate::error::CliError;
use crate::load::{self, context_lines, Document};
use crate::output::{format_time, json_text, percent, system_now, write_json, Align, Table};
use crate::progress::Progress;
use rollgate::{Evaluation, Reason, Ruleset};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

/// Lines between two progress updates (each reads the clock).
const PROGRESS_EVERY: usize = 1024;

/// Reasons in the order they are printed: most specific first.
const REASONS: [Reason; 8] = [
    Reason::Override,
    Reason::TargetingMatch,
    Reason::Split,
    Reason::Default,
    Reason::Static,
    Reason::Disabled,
    Reason::PrerequisiteFailed,
    Reason::Error,
];

/// Counts the variants served to every context of `--contexts`, at the current settings and,
/// with `--percent`, with every fixed-percent rollout of the flag set to that percent.
pub fn run(args: &SimulateArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let document = Document::read(&args.file)?;
    let parsed = document.parse().map_err(|e| document.invalid(e))?;
    let current = document.compile(&parsed).map_err(|e| document.invalid(e))?;
    let value = parsed.value;
    require_flag(&current, &args.flag)?;

    let simulated = match args.percent {
        None => None,
        Some(p) => {
            let mut edited = value.clone();
            let changed = override_percent(&mut edited, &args.flag, p);
            if changed.is_empty() {
                let hint = if has_ramp(&value, &args.flag) {
                    " (its scheduled ramp follows its steps: pick a time with --now)"
                } else {
                    ""
                };
                return Err(CliError::Usage(format!(
                    "flag {:?} has no fixed-percent rollout for --percent to change{hint}",
                    args.flag
                )));
            }
            let ruleset = Ruleset::from_value(&edited).map_err(|e| {
                let problems: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
                CliError::Usage(format!("--percent {p}: {}", problems.join("; ")))
            })?;
            Some((p, changed, args.overrides.apply(ruleset)?))
        }
    };

    let current = args.overrides.apply(current)?;
    let now = args.now.unwrap_or_else(system_now);
    let source = args.contexts.display().to_string();
    let text = load::read_text(&args.contexts, load::MAX_SAMPLE_BYTES)?;
    let mut before = Tally::new(&current, &args.flag);
    let mut after = simulated
        .as_ref()
        .map(|(_, _, ruleset)| Tally::new(ruleset, &args.flag));
    let mut bad = 0usize;
    // A large sample takes seconds: a terminal sees how far it is.
    let mut progress = Progress::stderr("rollgate simulate");
    let total = text.lines().count();
    for line in context_lines(&text) {
        if line.line % PROGRESS_EVERY == 0 {
            progress.update(line.line, total);
        }
        match line.parsed {
            Ok((_, context)) => {
                before.add(&current.evaluate(&args.flag, &context, now));
                if let (Some(tally), Some((_, _, ruleset))) = (&mut after, &simulated) {
                    tally.add(&ruleset.evaluate(&args.flag, &context, now));
                }
            }
            Err(message) => {
                bad += 1;
                progress.finish();
                eprintln!("rollgate: {source} line {}: {message}", line.line);
            }
        }
    }
    progress.finish();

    let change = simulated
        .as_ref()
        .map(|(p, changed, _)| (*p, changed.as_slice()));
    if args.json {
        let mut report = json!({
            "flag": args.flag,
            "now": now,
            "revision": current.revision(),
            "enabled": enabled(&current, &args.flag),
            "users": before.users,
            "invalidContexts": bad,
            "current": before.to_json(),
        });
        if let (Some(tally), Some((p, changed)), Some(report)) =
            (&after, change, report.as_object_mut())
        {
            let mut sim = tally.to_json();
            if let Some(sim) = sim.as_object_mut() {
                sim.insert("percent".into(), json!(p));
                let rollouts = changed
                    .iter()
                    .map(|(rule, old)| json!({"rule": rule, "percent": old}))
                    .collect();
                sim.insert("rollouts".into(), rollouts);
            }
            report.insert("simulated".into(), sim);
        }
        write_json(out, &report)?;
    } else {
        write_text(out, args, &current, now, &before, after.as_ref(), change)?;
    }

    if bad > 0 {
        return Err(CliError::Invalid(format!(
            "{source}: {bad} lines are not valid contexts (left out of the counts)"
        )));
    }
    Ok(ExitCode::SUCCESS)
}

/// Sets `percent` on every fixed-percent rollout of the flag's rules (in the JSON model, so
/// the core needs no "what if" API). Returns each changed rule's id and its old percent.
fn override_percent(document: &mut Value, flag: &str, percent: f64) -> Vec<(String, Value)> {
    // Whole numbers stay integers so that the edited document reads like a hand-written one.
    let new_value = if percent.fract() == 0.0 {
        json!(percent as u64)
    } else {
        json!(percent)
    };
    let Some(rules) = document
        .get_mut("flags")
        .and_then(|flags| flags.get_mut(flag))
        .and_then(|flag| flag.get_mut("rules"))
        .and_then(Value::as_array_mut)
    else {
        return Vec::new();
    };
    let mut changed = Vec::new();
    for (i, rule) in rules.iter_mut().enumerate() {
        let id = rule
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("rules[{i}]"), str::to_owned);
        let Some(rollout) = rule.get_mut("rollout").and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(old) = rollout.get_mut("percent") {
            changed.push((id, std::mem::replace(old, new_value.clone())));
        }
    }
    changed
}

/// Whether the flag has a rollout with scheduled `steps`, for a helpful `--percent` error.
fn has_ramp(document: &Value, flag: &str) -> bool {
    document
        .get("flags")
        .and_then(|flags| flags.get(flag))
        .and_then(|flag| flag.get("rules"))
        .and_then(Value::as_array)
        .is_some_and(|rules| {
            rules.iter().any(|rule| {
                rule.get("rollout")
                    .and_then(|rollout| rollout.get("steps"))
                    .is_some()
            })
        })
}

/// Whether the flag is enabled: a disabled flag serves its off variant to everyone, whatever
/// its rollouts say, so a simulated percentage cannot change anything.
fn enabled(ruleset: &Ruleset, flag: &str) -> bool {
    ruleset.flag(flag).map_or(true, |info| info.enabled())
}

/// Counts for one ruleset over the sample.
struct Tally {
    users: usize,
    /// Declared variants, in the flag's order, with their values and counts.
    variants: Vec<(String, Value, usize)>,
    reasons: BTreeMap<&'static str, usize>,
    /// Users whose unit attribute was missing or unusable, by attribute name.
    unit_missing: BTreeMap<String, usize>,
    errors: usize,
}

impl Tally {
    fn new(ruleset: &Ruleset, flag: &str) -> Tally {
        let variants = ruleset
            .flag(flag)
            .map(|info| {
                info.variants()
                    .map(|(name, value)| (name.to_owned(), value.to_json().into(), 0))
                    .collect()
            })
            .unwrap_or_default();
        Tally {
            users: 0,
            variants,
            reasons: BTreeMap::new(),
            unit_missing: BTreeMap::new(),
            errors: 0,
        }
    }

    fn add(&mut self, evaluation: &Evaluation<'_>) {
        self.users += 1;
        if let Some(variant) = evaluation.variant {
            if let Some(entry) = self
                .variants
                .iter_mut()
                .find(|(name, _, _)| name == variant)
            {
                entry.2 += 1;
            }
        }
        *self.reasons.entry(evaluation.reason.as_str()).or_default() += 1;
        if let Some(unit) = evaluation.unit_missing {
            *self.unit_missing.entry(unit.to_owned()).or_default() += 1;
        }
        if evaluation.reason == Reason::Error {
            self.errors += 1;
        }
    }

    fn reason(&self, reason: Reason) -> usize {
        self.reasons.get(reason.as_str()).copied().unwrap_or(0)
    }

    fn to_json(&self) -> Value {
        json!({
            "variants": self.variants.iter().map(|(name, value, count)| json!({
                "variant": name, "value": value, "count": count,
            })).collect::<Vec<_>>(),
            "reasons": self.reasons,
            "unitMissing": self.unit_missing,
            "errors": self.errors,
        })
    }
}

/// The table: one row per variant, reason, missing unit and errors; columns for the current
/// setting and, with `--percent`, the simulated one and the change.
fn write_text(
    out: &mut dyn Write,
    args: &SimulateArgs,
    ruleset: &Ruleset,
    now: i64,
    before: &Tally,
    after: Option<&Tally>,
    change: Option<(f64, &[(String, Value)])>,
) -> Result<(), CliError> {
    let users = before.users;
    writeln!(
        out,
        "{}: {users} users at {}, ruleset revision {}",
        args.flag,
        format_time(now),
        ruleset.revision()
    )?;
    if let Some((p, changed)) = change {
        let rules: Vec<String> = changed
            .iter()
            .map(|(rule, old)| format!("rule {rule:?} {old}% -> {p}%"))
            .collect();
        writeln!(out, "simulated: {}", rules.join(", "))?;
        if !enabled(ruleset, &args.flag) {
            writeln!(
                out,
                "flag {:?} is disabled (\"enabled\": false): every user gets its off variant, so \
                 --percent changes nothing while it stays disabled",
                args.flag
            )?;
        }
    }
    writeln!(out)?;

    let mut table = Table::new(&[
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ]);
    let mut header = vec![String::new(), "current".to_owned(), String::new()];
    if let Some((p, _)) = change {
        header.extend([format!("at {p}%"), String::new(), "change".to_owned()]);
    }
    table.row(header);
    let mut add_row = |label: String, now_count: usize, sim_count: Option<usize>| {
        let mut row = vec![label, now_count.to_string(), percent(now_count, users)];
        if let Some(sim) = sim_count {
            let delta = sim as i64 - now_count as i64;
            row.extend([sim.to_string(), percent(sim, users), format!("{delta:+}")]);
        }
        table.row(row);
    };
    for (i, (name, value, count)) in before.variants.iter().enumerate() {
        let sim = after.and_then(|t| t.variants.get(i)).map(|v| v.2);
        add_row(
            format!("variant {name:?} = {}", json_text(value)),
            *count,
            sim,
        );
    }
    for reason in REASONS {
        let (now_count, sim) = (before.reason(reason), after.map(|t| t.reason(reason)));
        if now_count > 0 || sim.unwrap_or(0) > 0 {
            add_row(format!("reason {reason}"), now_count, sim);
        }
    }
    let mut units: Vec<&String> = before.unit_missing.keys().collect();
    if let Some(t) = after {
        units.extend(t.unit_missing.keys());
    }
    units.sort();
    units.dedup();
    for unit in units {
        let count = |t: &Tally| t.unit_missing.get(unit).copied().unwrap_or(0);
        add_row(
            format!("unit missing ({unit})"),
            count(before),
            after.map(count),
        );
    }
    add_row("errors".to_owned(), before.errors, after.map(|t| t.errors));
    table.write(out, "")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_changes_only_fixed_percent_rollouts_of_the_flag() {
        let mut doc = json!({"flags": {
            "f": {"rules": [
                {"id": "a", "serve": "on"},
                {"rollout": {"percent": 10, "serve": "on"}},
                {"id": "ramp", "rollout": {"steps": [{"at": 0, "percent": 5}], "serve": "on"}},
            ]},
            "g": {"rules": [{"rollout": {"percent": 10, "serve": "on"}}]},
        }});
        let changed = override_percent(&mut doc, "f", 25.0);
        assert_eq!(changed, vec![("rules[1]".to_owned(), json!(10))]);
        assert_eq!(
            doc["flags"]["f"]["rules"][1]["rollout"]["percent"],
            json!(25)
        );
        assert_eq!(
            doc["flags"]["f"]["rules"][2]["rollout"]["steps"][0]["percent"],
            json!(5)
        );
        assert_eq!(
            doc["flags"]["g"]["rules"][0]["rollout"]["percent"],
            json!(10)
        );
        assert!(override_percent(&mut doc, "missing", 25.0).is_empty());
        override_percent(&mut doc, "g", 12.5);
        assert_eq!(
            doc["flags"]["g"]["rules"][0]["rollout"]["percent"],
            json!(12.5)
        );
    }
}
