//! What a reviewer must see before merging: a percentage that goes down, a salt or unit
//! attribute that changes (both reshuffle who is in), a variant removed while the old ruleset
//! serves it, a type change, and a revision that did not increase.

use super::changes::member;
use super::document::{percent_text, revision, Action, Flag, RolloutServe, Split};
use super::report::{Change, ChangeKind, FlagReport, Warning, WarningKind};
use super::sentence::Sentence;
use serde_json::Value;

/// The warnings for one environment. `changed` says whether anything differs (a revision
/// that stays the same is only a problem when the content changed).
pub fn find(old: &Value, new: &Value, flags: &[FlagReport], changed: bool) -> Vec<Warning> {
    let mut out = Vec::new();
    let (old_revision, new_revision) = (revision(old), revision(new));
    if changed && new_revision <= old_revision {
        let text = if new_revision < old_revision {
            Sentence::new().text(format!(
                "revision goes down ({old_revision} → {new_revision}): engines serving \
                 revision {old_revision} refuse this ruleset and keep the old one"
            ))
        } else {
            Sentence::new().text(format!(
                "revision unchanged ({new_revision}) although the ruleset changed: clients and \
                 caches that compare revisions cannot tell the two apart"
            ))
        };
        out.push(Warning {
            kind: WarningKind::RevisionNotIncreased,
            flag: None,
            rule: None,
            path: "revision".into(),
            text,
        });
    }
    for report in flags {
        let (Some(before), Some(after)) =
            (Flag::find(old, &report.flag), Flag::find(new, &report.flag))
        else {
            continue;
        };
        for change in &report.changes {
            if let Some(warning) = of_change(&before, &after, change) {
                out.push(warning);
            }
        }
        out.extend(removed_variants(&before, &after, old));
    }
    out
}

/// The warning a change calls for, if any.
fn of_change(old: &Flag<'_>, new: &Flag<'_>, change: &Change) -> Option<Warning> {
    let flag = Sentence::new().name(new.key).text(": ");
    let (kind, text) = match change.kind {
        ChangeKind::Percent | ChangeKind::Ramp | ChangeKind::Action => {
            let (was, is) = change.live_percent?;
            // Nobody had the variant through a disabled flag: lowering it removes no one.
            if is >= was || !old.enabled() {
                return None;
            }
            let mut text = flag.then(change.text.clone());
            if change.kind != ChangeKind::Percent {
                text = text.text(format!(
                    " (at --now: {} → {})",
                    percent_text(was),
                    percent_text(is)
                ));
            }
            (
                WarningKind::PercentDecreased,
                text.text(": users who had the variant through this rule lose it"),
            )
        }
        ChangeKind::Salt => {
            if change.rule.is_none() && !has_buckets(new) {
                return None;
            }
            (
                WarningKind::SaltChanged,
                flag.then(change.text.clone())
                    .text(": who is in, and who gets which variant, is reshuffled"),
            )
        }
        ChangeKind::By => (
            WarningKind::ByChanged,
            flag.then(change.text.clone())
                .text(": buckets come from another attribute, so who is in is reshuffled"),
        ),
        ChangeKind::Type => (
            WarningKind::TypeChanged,
            flag.then(change.text.clone()).text(format!(
                ": app code reading it as {} gets its own default (TYPE_MISMATCH)",
                old.flag_type()
            )),
        ),
        _ => return None,
    };
    Some(Warning {
        kind,
        flag: Some(new.key.to_owned()),
        rule: change.rule.clone(),
        path: change.path.clone(),
        text,
    })
}

/// A warning for each variant of `old` that `new` lacks while the old ruleset serves it.
fn removed_variants<'a>(
    old: &'a Flag<'a>,
    new: &'a Flag<'a>,
    old_document: &'a Value,
) -> impl Iterator<Item = Warning> + 'a {
    old.variants().filter_map(move |(variant, _)| {
        if new.variant(variant).is_some() {
            return None;
        }
        let uses = served_by(old, variant, old_document)?;
        Some(Warning {
            kind: WarningKind::VariantRemovedWhileServed,
            flag: Some(new.key.to_owned()),
            rule: None,
            path: member(&format!("{}.variants", member("flags", new.key)), variant),
            text: Sentence::new()
                .name(new.key)
                .text(": variant ")
                .name(variant)
                .text(" removed while the old ruleset serves it (")
                .then(uses)
                .text("): the users who got it get another variant"),
        })
    })
}

/// Whether any rule of the flag hashes units (a rollout or split), so that its salt matters.
fn has_buckets(flag: &Flag<'_>) -> bool {
    flag.rules()
        .iter()
        .any(|rule| !matches!(rule.action(), Action::Serve(_)))
}

/// Where the old ruleset serves `variant` of `flag`: `rule "x"`, `default`, `off variant`,
/// `prerequisite of "y"`.
fn served_by(flag: &Flag<'_>, variant: &str, document: &Value) -> Option<Sentence> {
    let mut uses: Vec<Sentence> = Vec::new();
    let in_split = |split: &Split<'_>| {
        split
            .variants
            .iter()
            .any(|(v, w)| *v == variant && *w > 0.0)
    };
    for rule in flag.rules() {
        let serves = match rule.action() {
            Action::Serve(v) => v == variant,
            Action::Rollout(rollout) => match &rollout.serve {
                RolloutServe::Variant(v) => *v == variant,
                RolloutServe::Split(split) => in_split(split),
            },
            Action::Split(split) => in_split(&split),
        };
        if serves {
            uses.push(Sentence::new().text("rule ").name(rule.label()));
        }
    }
    if flag.default_variant() == variant {
        uses.push(Sentence::new().text("default"));
    }
    if flag.off_variant() == variant {
        uses.push(Sentence::new().text("off variant"));
    }
    for other in Flag::all(document) {
        let requires = other
            .prerequisites()
            .iter()
            .any(|p| p.flag == flag.key && p.variants.contains(&variant));
        if requires {
            uses.push(
                Sentence::new()
                    .text("required by the prerequisite of ")
                    .name(other.key),
            );
        }
    }
    let mut uses = uses.into_iter();
    let first = uses.next()?;
    Some(uses.fold(first, |all, next| all.text(", ").then(next)))
}
