//! A flag's rules compared one by one: conditions, served variants, percentages, ramps,
//! splits, unit attributes and salts, and rules added, removed or reordered.
//!
//! Rules are matched by `id`. Rules without one are matched by position among the rules
//! without one (the first unnamed old rule with the first unnamed new rule, and so on), and
//! every line about them says so: inserting an unnamed rule shifts the match.

use super::condition;
use super::document::{
    percent_text, short_time, Action, Flag, Rollout, RolloutServe, Rule, Schedule, Split,
    DEFAULT_BY,
};
use super::report::{Change, ChangeKind};
use super::sentence::Sentence;
use serde_json::json;
use std::collections::HashMap;

/// The number of buckets a unit's hash falls into (docs/bucketing.md).
const BUCKETS: f64 = 100_000.0;

/// Appends the changes of `new`'s rules relative to `old`'s. `path` is the flag's path.
pub fn compare(old: &Flag<'_>, new: &Flag<'_>, now: i64, path: &str, out: &mut Vec<Change>) {
    let old_rules = old.rules();
    let new_rules = new.rules();
    let mut by_id: HashMap<&str, Rule<'_>> = HashMap::new();
    let mut unnamed = Vec::new();
    for rule in &old_rules {
        match rule.id() {
            Some(id) => {
                by_id.insert(id, *rule);
            }
            None => unnamed.push(*rule),
        }
    }
    let mut unnamed = unnamed.into_iter();
    let mut matched: Vec<(Rule<'_>, Rule<'_>)> = Vec::new();
    for rule in &new_rules {
        let partner = match rule.id() {
            Some(id) => by_id.remove(id),
            None => unnamed.next(),
        };
        let at = format!("{path}.rules[{}]", rule.index);
        match partner {
            Some(before) => {
                pair(old, new, &before, rule, now, &at, out);
                matched.push((before, *rule));
            }
            None => out.push(added(rule, &at)),
        }
    }
    let mut removed: Vec<Rule<'_>> = by_id.into_values().chain(unnamed).collect();
    removed.sort_by_key(|rule| rule.index);
    for rule in removed {
        out.push(self::removed(
            &rule,
            &format!("{path}.rules[{}]", rule.index),
        ));
    }
    if matched
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.0.index > b.0.index))
    {
        let mut old_order = matched.clone();
        old_order.sort_by_key(|(before, _)| before.index);
        let labels =
            |rules: Vec<Rule<'_>>| -> Vec<String> { rules.iter().map(Rule::label).collect() };
        let (was, is) = (
            labels(old_order.iter().map(|(r, _)| *r).collect()),
            labels(matched.iter().map(|(_, r)| *r).collect()),
        );
        out.push(
            Change::new(
                ChangeKind::RulesReordered,
                format!("{path}.rules"),
                Sentence::new()
                    .text("rules reordered: ")
                    .names(&was)
                    .text(" → ")
                    .names(&is),
            )
            .values(Some(json!(was)), Some(json!(is)))
            .effect(
                Sentence::new()
                    .text("a user matching several of them may now be decided by another rule"),
            ),
        );
    }
}

/// `rule "mobile"`, or `rule rules[2] (no id: matched by position)`.
fn rule_name(rule: &Rule<'_>) -> Sentence {
    match rule.id() {
        Some(id) => Sentence::new().text("rule ").name(id),
        None => Sentence::new().text(format!(
            "rule rules[{}] (no id: matched by position)",
            rule.index
        )),
    }
}

fn added(rule: &Rule<'_>, path: &str) -> Change {
    let mut change = Change::new(
        ChangeKind::RuleAdded,
        path.to_owned(),
        Sentence::new()
            .text("rule ")
            .then(plain_name(rule))
            .text(format!(" added at position {}: ", rule.index + 1))
            .then(summary(rule)),
    )
    .rule(rule.label())
    .values(None, Some(rule.value.clone()));
    if let Some(gets) = what_it_serves(&rule.action()) {
        change = change.effect(gets.text(", unless an earlier rule decides for them"));
    }
    change
}

fn removed(rule: &Rule<'_>, path: &str) -> Change {
    Change::new(
        ChangeKind::RuleRemoved,
        path.to_owned(),
        Sentence::new()
            .text("rule ")
            .then(plain_name(rule))
            .text(" removed (was ")
            .then(summary(rule))
            .text(")"),
    )
    .rule(rule.label())
    .values(Some(rule.value.clone()), None)
    .effect(Sentence::new().text("users it decided for go on to the rules after it"))
}

/// `"mobile"`, or `rules[2] (no id)` for an added or removed rule without an id.
fn plain_name(rule: &Rule<'_>) -> Sentence {
    match rule.id() {
        Some(id) => Sentence::new().name(id),
        None => Sentence::new().text(format!("rules[{}] (no id)", rule.index)),
    }
}

/// `when platform in ["ios"]: rollout 10% → "on"`, or `everybody: serve "on"`.
fn summary(rule: &Rule<'_>) -> Sentence {
    let head = match rule.condition() {
        Some(condition) => Sentence::new()
            .text("when ")
            .code(condition::render(condition))
            .text(": "),
        None => Sentence::new().text("everybody: "),
    };
    head.then(describe_action(&rule.action()))
}

/// What an added rule gives, when it serves one variant.
fn what_it_serves(action: &Action<'_>) -> Option<Sentence> {
    match action {
        Action::Serve(variant) => {
            Some(Sentence::new().text("users it matches get ").name(*variant))
        }
        Action::Rollout(Rollout {
            schedule: Schedule::Fixed(percent),
            serve: RolloutServe::Variant(variant),
            ..
        }) => Some(
            Sentence::new()
                .text(format!(
                    "{} of the users it matches get ",
                    percent_text(*percent)
                ))
                .name(*variant),
        ),
        _ => None,
    }
}

/// `serve "on"`, `rollout 10% → "on"`, `rollout 10% by deviceId → split A 50, B 50`,
/// `split A 34, B 33, C 33`.
fn describe_action(action: &Action<'_>) -> Sentence {
    match action {
        Action::Serve(variant) => Sentence::new().text("serve ").name(*variant),
        Action::Rollout(rollout) => {
            let mut s = Sentence::new()
                .text("rollout ")
                .then(describe_schedule(&rollout.schedule));
            if rollout.by != DEFAULT_BY {
                s = s.text(format!(" by {}", rollout.by));
            }
            s.text(" → ").then(match &rollout.serve {
                RolloutServe::Variant(variant) => Sentence::new().name(*variant),
                RolloutServe::Split(split) => describe_split(split),
            })
        }
        Action::Split(split) => describe_split(split),
    }
}

/// `split A 34, B 33, C 33` (with ` by X` for another unit attribute).
fn describe_split(split: &Split<'_>) -> Sentence {
    let mut s = Sentence::new().text("split ").then(weights(split));
    if let Some(by) = split.by.filter(|by| *by != DEFAULT_BY) {
        s = s.text(format!(" by {by}"));
    }
    s
}

/// `A 34, B 33, C 33`.
fn weights(split: &Split<'_>) -> Sentence {
    let mut s = Sentence::new();
    for (i, (variant, weight)) in split.variants.iter().enumerate() {
        if i > 0 {
            s = s.text(", ");
        }
        s = s
            .name(*variant)
            .text(format!(" {}", percent_text(*weight).trim_end_matches('%')));
    }
    s
}

/// `10%`, or `ramp 1% from 2026-12-01, 5% from 2026-12-03`.
fn describe_schedule(schedule: &Schedule) -> Sentence {
    match schedule {
        Schedule::Fixed(percent) => Sentence::new().text(percent_text(*percent)),
        Schedule::Ramp(steps) => Sentence::new().text("ramp ").text(steps_text(steps)),
    }
}

fn steps_text(steps: &[(i64, f64)]) -> String {
    let parts: Vec<String> = steps
        .iter()
        .map(|(at, percent)| format!("{} from {}", percent_text(*percent), short_time(*at)))
        .collect();
    parts.join(", ")
}

/// The changes within a rule matched on both sides.
fn pair(
    old_flag: &Flag<'_>,
    new_flag: &Flag<'_>,
    old: &Rule<'_>,
    new: &Rule<'_>,
    now: i64,
    path: &str,
    out: &mut Vec<Change>,
) {
    let name = rule_name(new);
    let label = new.label();
    let change = |kind: ChangeKind, at: &str, text: Sentence| {
        Change::new(
            kind,
            format!("{path}{at}"),
            name.clone().text(": ").then(text),
        )
        .rule(label.clone())
    };

    if let Some(what) = condition::compare(old.condition(), new.condition()) {
        let text = condition::describe(&what);
        out.push(
            change(ChangeKind::Condition, ".when", text)
                .values(old.condition().cloned(), new.condition().cloned()),
        );
    }

    let rule_gets = name.clone();
    match (old.action(), new.action()) {
        (Action::Serve(a), Action::Serve(b)) if a != b => out.push(
            change(
                ChangeKind::Serve,
                ".serve",
                Sentence::new().text("serves ").name(a).text(" → ").name(b),
            )
            .values(Some(json!(a)), Some(json!(b)))
            .effect(
                Sentence::new()
                    .text("users it matches get ")
                    .name(b)
                    .text(" instead of ")
                    .name(a),
            ),
        ),
        (Action::Serve(_), Action::Serve(_)) => {}
        (Action::Rollout(a), Action::Rollout(b)) => {
            let scope = Scope {
                path: format!("{path}.rollout"),
                rule: &label,
                name: &rule_gets,
            };
            rollout(&scope, (old_flag, &a), (new_flag, &b), now, out);
        }
        (Action::Split(a), Action::Split(b)) => {
            let scope = Scope {
                path: format!("{path}.split"),
                rule: &label,
                name: &rule_gets,
            };
            let unit = |s: &Split<'_>, flag: &Flag<'_>| {
                (
                    s.by.unwrap_or(DEFAULT_BY).to_owned(),
                    s.salt.unwrap_or(flag.salt()).to_owned(),
                )
            };
            split(
                &scope,
                (&a, unit(&a, old_flag)),
                (&b, unit(&b, new_flag)),
                out,
            );
        }
        (a, b) => {
            let mut action = change(
                ChangeKind::Action,
                "",
                describe_action(&a).text(" → ").then(describe_action(&b)),
            )
            .values(Some(old.value.clone()), Some(new.value.clone()));
            if let (Some((x, p)), Some((y, q))) = (share(&a, now), share(&b, now)) {
                if x == y {
                    action = action.live_percent(p, q);
                }
            }
            out.push(action);
        }
    }
}

/// The variant an action gives and the share of matched users who get it at `now`: all
/// for `serve`, the percent in force for a rollout of one variant.
fn share<'a>(action: &Action<'a>, now: i64) -> Option<(&'a str, f64)> {
    match action {
        Action::Serve(variant) => Some((variant, 100.0)),
        Action::Rollout(Rollout {
            schedule,
            serve: RolloutServe::Variant(variant),
            ..
        }) => Some((variant, schedule.percent_at(now))),
        _ => None,
    }
}

/// Where a rollout or split is, for the changes found in it.
struct Scope<'s> {
    /// Its path (`flags.x.rules[1].rollout`).
    path: String,
    /// The rule's label.
    rule: &'s str,
    /// `rule "x"` for the sentences.
    name: &'s Sentence,
}

impl Scope<'_> {
    fn change(&self, kind: ChangeKind, field: &str, text: Sentence) -> Change {
        let path = if field.is_empty() {
            self.path.clone()
        } else {
            format!("{}.{field}", self.path)
        };
        Change::new(kind, path, self.name.clone().text(": ").then(text)).rule(self.rule)
    }
}

/// Percent or ramp, unit attribute, salt and what units inside get.
fn rollout(
    scope: &Scope<'_>,
    (old_flag, old): (&Flag<'_>, &Rollout<'_>),
    (new_flag, new): (&Flag<'_>, &Rollout<'_>),
    now: i64,
    out: &mut Vec<Change>,
) {
    let gets = match (&old.serve, &new.serve) {
        (RolloutServe::Variant(a), RolloutServe::Variant(b)) if a == b => {
            Sentence::new().text("get ").name(*b)
        }
        _ => Sentence::new().text("enter the rollout"),
    };
    match (&old.schedule, &new.schedule) {
        (Schedule::Fixed(a), Schedule::Fixed(b)) if a != b => {
            let delta = b - a;
            let effect = if delta > 0.0 {
                Sentence::new().text(format!("+{} of those matching ", percent_text(delta)))
            } else {
                Sentence::new().text(format!("-{} of those matching ", percent_text(-delta)))
            }
            .then(scope.name.clone())
            .text(" ")
            .then(if delta > 0.0 {
                gets
            } else {
                Sentence::new().text("no longer ").then(gets)
            });
            out.push(
                scope
                    .change(
                        ChangeKind::Percent,
                        "percent",
                        Sentence::new().text(format!(
                            "{} → {}",
                            percent_text(*a),
                            percent_text(*b)
                        )),
                    )
                    .values(Some(old.schedule.to_json()), Some(new.schedule.to_json()))
                    .live_percent(*a, *b)
                    .effect(effect),
            );
        }
        (a, b) if a != b => {
            let text = match (a, b) {
                (Schedule::Ramp(x), Schedule::Ramp(y)) => ramp_steps(x, y),
                _ => describe_schedule(a).text(" → ").then(describe_schedule(b)),
            };
            out.push(
                scope
                    .change(ChangeKind::Ramp, "steps", text)
                    .values(Some(a.to_json()), Some(b.to_json()))
                    .live_percent(a.percent_at(now), b.percent_at(now))
                    .effect(timeline(a, b, now)),
            );
        }
        _ => {}
    }
    if old.by != new.by {
        out.push(reshuffle(
            scope,
            ChangeKind::By,
            "rollout by",
            old.by,
            new.by,
        ));
    }
    let salt = |r: &Rollout<'_>, flag: &Flag<'_>| r.salt.unwrap_or(flag.salt()).to_owned();
    let (old_salt, new_salt) = (salt(old, old_flag), salt(new, new_flag));
    if (old.salt.is_some() || new.salt.is_some()) && old_salt != new_salt {
        out.push(reshuffle(
            scope,
            ChangeKind::Salt,
            "rollout salt",
            &old_salt,
            &new_salt,
        ));
    }
    match (&old.serve, &new.serve) {
        (RolloutServe::Variant(a), RolloutServe::Variant(b)) if a != b => out.push(
            scope
                .change(
                    ChangeKind::Serve,
                    "serve",
                    Sentence::new()
                        .text("rollout serves ")
                        .name(*a)
                        .text(" → ")
                        .name(*b),
                )
                .values(Some(json!(a)), Some(json!(b)))
                .effect(
                    Sentence::new()
                        .text("users inside get ")
                        .name(*b)
                        .text(" instead of ")
                        .name(*a),
                ),
        ),
        (RolloutServe::Split(a), RolloutServe::Split(b)) => {
            let nested = Scope {
                path: format!("{}.split", scope.path),
                rule: scope.rule,
                name: scope.name,
            };
            // A nested split hashes the rollout's unit with "{rollout salt}/split" unless
            // it sets its own (docs/format.md).
            let unit = |s: &Split<'_>, r: &Rollout<'_>, rollout_salt: &str| {
                (
                    s.by.unwrap_or(r.by).to_owned(),
                    s.salt
                        .map_or_else(|| format!("{rollout_salt}/split"), str::to_owned),
                )
            };
            split(
                &nested,
                (a, unit(a, old, &old_salt)),
                (b, unit(b, new, &new_salt)),
                out,
            );
        }
        (RolloutServe::Variant(_), RolloutServe::Variant(_)) => {}
        (a, b) => {
            let side = |s: &RolloutServe<'_>| match s {
                RolloutServe::Variant(v) => Sentence::new().name(*v),
                RolloutServe::Split(split) => describe_split(split),
            };
            out.push(
                scope.change(
                    ChangeKind::Action,
                    "",
                    Sentence::new()
                        .text("rollout serves ")
                        .then(side(a))
                        .text(" → ")
                        .then(side(b)),
                ),
            );
        }
    }
}

/// Variants and weights, unit attribute and salt of a split. Each side comes with its
/// effective unit attribute and salt.
fn split(
    scope: &Scope<'_>,
    (old, (old_by, old_salt)): (&Split<'_>, (String, String)),
    (new, (new_by, new_salt)): (&Split<'_>, (String, String)),
    out: &mut Vec<Change>,
) {
    if old.variants != new.variants {
        let same_buckets = old_by == new_by && old_salt == new_salt;
        let effect = if same_buckets {
            Sentence::new().text(format!(
                "{} of those it splits get another variant",
                percent_text(moved_percent(&old.variants, &new.variants))
            ))
        } else {
            Sentence::new().text(format!(
                "about {} of those it splits get another variant (buckets drawn anew)",
                percent_text(expected_moved_percent(&old.variants, &new.variants))
            ))
        };
        out.push(
            scope
                .change(
                    ChangeKind::Split,
                    "variants",
                    Sentence::new()
                        .text("split ")
                        .then(weights(old))
                        .text(" → ")
                        .then(weights(new)),
                )
                .values(Some(old.weights_json()), Some(new.weights_json()))
                .effect(effect),
        );
    }
    if old_by != new_by {
        out.push(reshuffle(
            scope,
            ChangeKind::By,
            "split by",
            &old_by,
            &new_by,
        ));
    }
    if (old.salt.is_some() || new.salt.is_some()) && old_salt != new_salt {
        out.push(reshuffle(
            scope,
            ChangeKind::Salt,
            "split salt",
            &old_salt,
            &new_salt,
        ));
    }
}

/// A change of what a rollout or split hashes, its unit attribute (`by`) or its salt: either
/// draws the buckets anew. `what` names it (`rollout by`, `split salt`).
fn reshuffle(scope: &Scope<'_>, kind: ChangeKind, what: &str, old: &str, new: &str) -> Change {
    let field = if kind == ChangeKind::By { "by" } else { "salt" };
    scope
        .change(
            kind,
            field,
            Sentence::new()
                .text(format!("{what} "))
                .name(old)
                .text(" → ")
                .name(new),
        )
        .values(Some(json!(old)), Some(json!(new)))
        .effect(
            Sentence::new().text(
                "buckets are drawn anew: who is in, and who gets which variant, is reshuffled",
            ),
        )
}

/// `ramp steps: added 50% from 2026-12-11; removed 100% from 2026-12-15`.
fn ramp_steps(old: &[(i64, f64)], new: &[(i64, f64)]) -> Sentence {
    let only = |these: &[(i64, f64)], those: &[(i64, f64)]| -> Vec<(i64, f64)> {
        these
            .iter()
            .filter(|step| !those.contains(step))
            .copied()
            .collect()
    };
    let (added, removed) = (only(new, old), only(old, new));
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", steps_text(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", steps_text(&removed)));
    }
    Sentence::new().text(format!("ramp steps: {}", parts.join("; ")))
}

/// How the percent in force compares from `now` on: `now 5% either way; from 2026-12-11:
/// 25% → 50%; from 2026-12-18: 100% either way`. Only the instants where the comparison
/// changes are listed.
fn timeline(old: &Schedule, new: &Schedule, now: i64) -> Sentence {
    let mut instants = old.changes_after(now);
    instants.extend(new.changes_after(now));
    instants.sort_unstable();
    instants.dedup();
    let compare = |t: i64| (old.percent_at(t), new.percent_at(t));
    let say = |(a, b): (f64, f64)| {
        if a == b {
            format!("{} either way", percent_text(a))
        } else {
            format!("{} → {}", percent_text(a), percent_text(b))
        }
    };
    let mut previous = compare(now);
    let mut parts = vec![format!("at --now {}", say(previous))];
    for t in instants {
        let current = compare(t);
        if current != previous && (current.0 != current.1 || previous.0 != previous.1) {
            parts.push(format!("from {}: {}", short_time(t), say(current)));
        }
        previous = current;
    }
    Sentence::new().text(parts.join("; "))
}

/// Bucket ranges of a split: (variant, first bucket, end), in order.
fn slices<'a>(variants: &[(&'a str, f64)]) -> Vec<(&'a str, f64, f64)> {
    let mut start = 0.0;
    variants
        .iter()
        .map(|(variant, weight)| {
            let end = start + (weight * 1000.0).round();
            let slice = (*variant, start, end);
            start = end;
            slice
        })
        .collect()
}

/// The percentage of buckets whose variant differs between two splits over the same buckets
/// (same unit attribute and salt): exact, since each variant takes the next slice in order.
pub fn moved_percent(old: &[(&str, f64)], new: &[(&str, f64)]) -> f64 {
    let (a, b) = (slices(old), slices(new));
    let mut moved = 0.0;
    for (variant_a, start_a, end_a) in &a {
        for (variant_b, start_b, end_b) in &b {
            let overlap = end_a.min(*end_b) - start_a.max(*start_b);
            if overlap > 0.0 && variant_a != variant_b {
                moved += overlap;
            }
        }
    }
    moved * 100.0 / BUCKETS
}

/// The expected percentage of units that get another variant when the buckets are drawn
/// anew (another salt or unit attribute): 100 − Σ old weight × new weight, per variant.
pub fn expected_moved_percent(old: &[(&str, f64)], new: &[(&str, f64)]) -> f64 {
    let stay: f64 = old
        .iter()
        .map(|(variant, weight)| {
            let again: f64 = new
                .iter()
                .filter(|(v, _)| v == variant)
                .map(|(_, w)| w)
                .sum();
            weight * again / 100.0
        })
        .sum();
    ((100.0 - stay) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn changes(old: Value, new: Value) -> Vec<Change> {
        let (old_doc, new_doc) = (json!({"flags": {"f": old}}), json!({"flags": {"f": new}}));
        let (a, b) = (
            Flag::find(&old_doc, "f").unwrap(),
            Flag::find(&new_doc, "f").unwrap(),
        );
        let mut out = Vec::new();
        compare(&a, &b, 1_796_342_400_000, "flags.f", &mut out);
        out
    }

    fn texts(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| c.text.to_string()).collect()
    }

    #[test]
    fn percent_change_says_how_many_more() {
        let out = changes(
            json!({"rules": [{"id": "mobile", "rollout": {"percent": 10, "serve": "on"}}]}),
            json!({"rules": [{"id": "mobile", "rollout": {"percent": 25, "serve": "on"}}]}),
        );
        assert_eq!(texts(&out), ["rule \"mobile\": 10% → 25%"]);
        assert_eq!(out[0].kind, ChangeKind::Percent);
        assert_eq!(out[0].path, "flags.f.rules[0].rollout.percent");
        assert_eq!(
            out[0].effect.as_ref().unwrap().to_string(),
            "+15% of those matching rule \"mobile\" get \"on\""
        );
    }

    #[test]
    fn unnamed_rules_match_by_position_and_say_so() {
        let out = changes(
            json!({"rules": [{"serve": "a"}, {"id": "x", "serve": "a"}]}),
            json!({"rules": [{"id": "x", "serve": "a"}, {"serve": "b"}]}),
        );
        assert_eq!(
            texts(&out),
            [
                "rule rules[1] (no id: matched by position): serves \"a\" → \"b\"",
                "rules reordered: \"rules[0]\", \"x\" → \"x\", \"rules[1]\""
            ]
        );
    }

    #[test]
    fn added_removed_and_conditions() {
        let out = changes(
            json!({"rules": [{"id": "old", "when": {"attr": "v", "op": "semver", "range": "<2.3.0"}, "serve": "off"},
                             {"id": "gone", "serve": "on"}]}),
            json!({"rules": [{"id": "old", "when": {"attr": "v", "op": "semver", "range": "<2.4.0"}, "serve": "off"},
                             {"id": "new", "when": {"attr": "plan", "op": "equals", "value": "pro"}, "serve": "on"}]}),
        );
        assert_eq!(
            texts(&out),
            [
                "rule \"old\": v semver \"<2.3.0\" → \"<2.4.0\"",
                "rule \"new\" added at position 2: when plan equals \"pro\": serve \"on\"",
                "rule \"gone\" removed (was everybody: serve \"on\")",
            ]
        );
    }

    #[test]
    fn splits_ramps_salts_and_units() {
        let out = changes(
            json!({"rules": [
                {"id": "abc", "split": {"variants": [{"variant": "A", "weight": 34}, {"variant": "B", "weight": 33}, {"variant": "C", "weight": 33}]}},
                {"id": "ramp", "rollout": {"steps": [{"at": "2026-12-01T00:00:00Z", "percent": 1}, {"at": "2026-12-15T00:00:00Z", "percent": 100}], "serve": "on"}}]}),
            json!({"rules": [
                {"id": "abc", "split": {"by": "deviceId", "salt": "s2", "variants": [{"variant": "A", "weight": 50}, {"variant": "B", "weight": 50}]}},
                {"id": "ramp", "rollout": {"steps": [{"at": "2026-12-01T00:00:00Z", "percent": 1}, {"at": "2026-12-11T00:00:00Z", "percent": 50}], "serve": "on"}}]}),
        );
        assert_eq!(
            texts(&out),
            [
                "rule \"abc\": split \"A\" 34, \"B\" 33, \"C\" 33 → \"A\" 50, \"B\" 50",
                "rule \"abc\": split by \"userId\" → \"deviceId\"",
                "rule \"abc\": split salt \"f\" → \"s2\"",
                "rule \"ramp\": ramp steps: added 50% from 2026-12-11; removed 100% from 2026-12-15",
            ]
        );
        assert_eq!(
            out[0].effect.as_ref().unwrap().to_string(),
            "about 66.5% of those it splits get another variant (buckets drawn anew)"
        );
        assert_eq!(
            out[3].effect.as_ref().unwrap().to_string(),
            "at --now 1% either way; from 2026-12-11: 1% → 50%; from 2026-12-15: 100% → 50%"
        );
    }

    #[test]
    fn moved_buckets_are_exact() {
        let old = [("A", 34.0), ("B", 33.0), ("C", 33.0)];
        assert_eq!(
            moved_percent(&old, &[("A", 50.0), ("B", 25.0), ("C", 25.0)]),
            16.0 + 8.0
        );
        assert_eq!(moved_percent(&old, &old), 0.0);
        assert_eq!(moved_percent(&[("A", 100.0)], &[("B", 100.0)]), 100.0);
        assert_eq!(
            expected_moved_percent(
                &[("on", 50.0), ("off", 50.0)],
                &[("on", 50.0), ("off", 50.0)]
            ),
            50.0
        );
    }
}
