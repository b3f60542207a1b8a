//! What `rollgate diff` found: the data every output format renders.
//!
//! The JSON output is this structure serialized (documented in docs/diff.md), so its field
//! names are a stable interface: add fields, never rename or remove them.

use super::sentence::Sentence;
use rollgate::{ErrorCode, Reason};
use serde::Serialize;
use serde_json::Value;

/// The whole comparison.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Where the old rulesets came from (a file, or `REV:PATH` for git).
    pub old: String,
    /// Where the new rulesets came from.
    pub new: String,
    /// The evaluation time (epoch ms): ramps are compared and the sample evaluated at it.
    pub now: i64,
    /// Whether anything differs, in any environment.
    pub changed: bool,
    /// The context sample (`--contexts`), if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
    /// One entry per environment; a plain ruleset file is one environment without a name.
    pub environments: Vec<EnvironmentReport>,
}

/// The context sample the audience impact was computed over.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// The JSON-lines file.
    pub source: String,
    /// Valid contexts evaluated.
    pub users: usize,
    /// Lines that are not valid contexts (left out, not fatal).
    pub invalid_lines: usize,
    /// The first few of them, with why.
    pub first_invalid: Vec<InvalidLine>,
}

/// A line of the sample that is not a valid context.
#[derive(Debug, Serialize)]
pub struct InvalidLine {
    /// 1-based line number.
    pub line: usize,
    /// Why it was refused.
    pub error: String,
}

/// Whether an environment, segment or flag is on one side, the other or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only in the new rulesets.
    Added,
    /// Only in the old rulesets.
    Removed,
    /// In both, and its definition differs.
    Changed,
    /// In both with the same definition, but it depends on something that changed (a
    /// segment it uses, a prerequisite flag), so users may get other values.
    Affected,
    /// In both, the same.
    Unchanged,
}

impl Status {
    /// The one-character mark of text output: `+`, `-`, `~`, `*`, ` `.
    pub fn mark(self) -> char {
        match self {
            Status::Added => '+',
            Status::Removed => '-',
            Status::Changed => '~',
            Status::Affected => '*',
            Status::Unchanged => ' ',
        }
    }
}

/// One environment's comparison.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentReport {
    /// The environment's name; `null` for a plain ruleset file.
    pub name: Option<String>,
    /// Added, removed, changed or unchanged.
    pub status: Status,
    /// The revisions on both sides.
    pub revision: Revisions,
    /// What a reviewer must look at before merging.
    pub warnings: Vec<Warning>,
    /// Changes of the document itself: revision and metadata.
    pub changes: Vec<Change>,
    /// Segments added, removed or changed.
    pub segments: Vec<SegmentReport>,
    /// Flags added, removed, changed or affected, in key order.
    pub flags: Vec<FlagReport>,
    /// How many flags are in both with no change and nothing they depend on changed.
    pub unchanged_flags: usize,
}

/// The revision on each side (`null` on a side without this environment).
#[derive(Debug, Serialize)]
pub struct Revisions {
    /// The old revision.
    pub old: Option<u64>,
    /// The new revision.
    pub new: Option<u64>,
}

/// A segment that differs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentReport {
    /// The segment's name.
    pub segment: String,
    /// Added, removed or changed.
    pub status: Status,
    /// What changed.
    pub changes: Vec<Change>,
    /// The flags whose rules use it (in the new ruleset; the old one for a removed segment).
    pub used_by: Vec<String>,
}

/// A flag that differs or may evaluate differently.
#[derive(Debug, Serialize)]
pub struct FlagReport {
    /// The flag key.
    pub flag: String,
    /// Added, removed, changed or affected.
    pub status: Status,
    /// Every change, in words.
    pub changes: Vec<Change>,
    /// Who gets another value, over the sample (with `--contexts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
}

/// One change, in words and as data.
#[derive(Debug, Serialize)]
pub struct Change {
    /// What kind of change (stable names, listed in docs/diff.md).
    pub kind: ChangeKind,
    /// Where in the document, in the core's path syntax (`flags.x.rules[2].rollout.percent`;
    /// the new document's positions, the old one's for what was removed).
    pub path: String,
    /// The rule's id (or `rules[i]` without one), for rule changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The old value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// The change in words.
    pub text: Sentence,
    /// What it does to users, as far as the definitions alone tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Sentence>,
    /// For a change of how many a rule serves: the share (percent) of the users it matches
    /// that get its variant at `now`, before and after. Read by the warnings.
    #[serde(skip)]
    pub live_percent: Option<(f64, f64)>,
}

impl Change {
    /// A change with no rule, values or effect yet.
    pub fn new(kind: ChangeKind, path: String, text: Sentence) -> Change {
        Change {
            kind,
            path,
            rule: None,
            old: None,
            new: None,
            text,
            effect: None,
            live_percent: None,
        }
    }

    /// Sets the rule.
    pub fn rule(mut self, rule: impl Into<String>) -> Change {
        self.rule = Some(rule.into());
        self
    }

    /// Sets the old and new values (`None`: that side has none).
    pub fn values(mut self, old: Option<Value>, new: Option<Value>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    /// Sets the share of matched users served at `now`, before and after.
    pub fn live_percent(mut self, old: f64, new: f64) -> Change {
        self.live_percent = Some((old, new));
        self
    }

    /// Sets the effect on users.
    pub fn effect(mut self, effect: Sentence) -> Change {
        self.effect = Some(effect);
        self
    }
}

/// The kinds of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The document's `revision`.
    Revision,
    /// Metadata keys added, removed or changed (document or flag).
    Metadata,
    /// A segment defined in the new ruleset only.
    SegmentAdded,
    /// A segment defined in the old ruleset only.
    SegmentRemoved,
    /// A segment's condition.
    SegmentChanged,
    /// A flag in the new ruleset only.
    FlagAdded,
    /// A flag in the old ruleset only.
    FlagRemoved,
    /// `enabled` went from true to false: everybody gets the off variant.
    FlagKilled,
    /// `enabled` went from false to true.
    FlagRevived,
    /// The flag's `type`.
    Type,
    /// A variant added.
    VariantAdded,
    /// A variant removed.
    VariantRemoved,
    /// A variant's value.
    VariantValue,
    /// The `default` variant.
    Default,
    /// The off variant (`offVariant`, which defaults to `default`).
    OffVariant,
    /// A salt (the flag's, a rollout's or a split's): buckets are drawn anew.
    Salt,
    /// A rollout's or split's unit attribute (`by`): buckets are drawn anew.
    By,
    /// A prerequisite added.
    PrerequisiteAdded,
    /// A prerequisite removed.
    PrerequisiteRemoved,
    /// The variants a prerequisite requires.
    PrerequisiteVariants,
    /// A prerequisite flag evaluates differently (the flag itself did not change).
    PrerequisiteFlagChanged,
    /// A segment the flag uses changed (the flag itself did not change).
    UsesChangedSegment,
    /// A rule added.
    RuleAdded,
    /// A rule removed.
    RuleRemoved,
    /// The same rules in another order.
    RulesReordered,
    /// A rule's `when`.
    Condition,
    /// The variant a rule (or its rollout) serves.
    Serve,
    /// A rule now does something else (`serve` / `rollout` / `split`, or a rollout's split).
    Action,
    /// A fixed rollout percentage.
    Percent,
    /// A ramp's steps (or a switch between a fixed percent and a ramp).
    Ramp,
    /// A split's variants or weights.
    Split,
}

/// Something a reviewer must see.
#[derive(Debug, Serialize)]
pub struct Warning {
    /// What kind (stable names, listed in docs/diff.md).
    pub kind: WarningKind,
    /// The flag concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// The rule concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Where in the document.
    pub path: String,
    /// The warning in words.
    pub text: Sentence,
}

/// The kinds of warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A rollout percentage in force at `now` goes down: users who had the variant lose it.
    PercentDecreased,
    /// A salt changed: who is in and who gets which variant is reshuffled.
    SaltChanged,
    /// A unit attribute (`by`) changed: reshuffles like a salt change.
    ByChanged,
    /// A variant the old ruleset serves (rule, default, off variant, or required by a
    /// prerequisite) was removed: the users who get it now get something else.
    VariantRemovedWhileServed,
    /// The revision did not increase: engines that hold the old ruleset refuse a lower one,
    /// and an equal one looks like no update.
    RevisionNotIncreased,
    /// A flag's type changed: app code reading it with the old type gets its own default.
    TypeChanged,
}

/// Who gets another value of one flag, over the sample.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    /// Contexts evaluated.
    pub users: usize,
    /// Contexts whose variant or value differs.
    pub changed: usize,
    /// Grouped by old and new variant, most users first.
    pub transitions: Vec<Transition>,
}

/// Users who got `from` before and get `to` now.
#[derive(Debug, Serialize)]
pub struct Transition {
    /// What they got.
    pub from: Outcome,
    /// What they get.
    pub to: Outcome,
    /// How many.
    pub users: usize,
    /// Which rule (or reason) decided, before and now, most users first.
    pub rules: Vec<RuleTransition>,
}

/// A variant and its value; both absent when the flag does not exist on that side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The variant.
    pub variant: Option<String>,
    /// Its value.
    pub value: Option<Value>,
}

/// Users decided by `from` before and by `to` now.
#[derive(Debug, Serialize)]
pub struct RuleTransition {
    /// What decided before.
    pub from: Decider,
    /// What decides now.
    pub to: Decider,
    /// How many.
    pub users: usize,
}

/// What decided an evaluation: a rule, or a reason without one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Decider {
    /// The evaluation's reason (`SPLIT`, `DEFAULT`, `DISABLED`, …).
    pub reason: &'static str,
    /// The deciding rule's id (TARGETING_MATCH, SPLIT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The failed prerequisite (PREREQUISITE_FAILED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prerequisite: Option<String>,
    /// The error code (ERROR; `FLAG_NOT_FOUND` on the side without the flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

impl Outcome {
    /// `"on"`, or `(no value)` on the side where the flag does not exist.
    pub fn words(&self) -> Sentence {
        match &self.variant {
            Some(variant) => Sentence::new().name(variant),
            None => Sentence::new().text("(no value)"),
        }
    }
}

/// How many rule transitions are listed per variant transition before `… N more`.
const RULES_SHOWN: usize = 3;

impl Transition {
    /// `default → rule "mobile" (140), rule "beta" → rule "old-apps" (12), … 2 more`, each
    /// sentence rendered by `render` (text or Markdown).
    pub fn rules_words(&self, render: impl Fn(&Sentence) -> String) -> String {
        let mut parts: Vec<String> = self
            .rules
            .iter()
            .take(RULES_SHOWN)
            .map(|rule| format!("{} ({})", render(&rule.words()), rule.users))
            .collect();
        if self.rules.len() > RULES_SHOWN {
            parts.push(format!("… {} more", self.rules.len() - RULES_SHOWN));
        }
        parts.join(", ")
    }

    /// `"off" → "on"`, with `(new value)` when the variant keeps its name.
    pub fn words(&self) -> Sentence {
        let words = self.from.words().text(" → ").then(self.to.words());
        if self.from.variant.is_some() && self.from.variant == self.to.variant {
            words.text(" (new value)")
        } else {
            words
        }
    }
}

impl Decider {
    /// `rule "mobile"`, `default`, `disabled`, `prerequisite "x" failed`, `no flag`.
    pub fn words(&self) -> Sentence {
        if let Some(rule) = &self.rule {
            return Sentence::new().text("rule ").name(rule);
        }
        if let Some(prerequisite) = &self.prerequisite {
            return Sentence::new()
                .text("prerequisite ")
                .name(prerequisite)
                .text(" failed");
        }
        let reason = self.reason;
        if reason == Reason::Default.as_str() || reason == Reason::Static.as_str() {
            Sentence::new().text("default")
        } else if reason == Reason::Disabled.as_str() {
            Sentence::new().text("disabled")
        } else if self.error == Some(ErrorCode::FlagNotFound.as_str()) {
            Sentence::new().text("no flag")
        } else {
            Sentence::new().text(
                format!("{reason} {}", self.error.unwrap_or(""))
                    .trim_end()
                    .to_owned(),
            )
        }
    }
}

impl RuleTransition {
    /// `default → rule "mobile"`.
    pub fn words(&self) -> Sentence {
        self.from.words().text(" → ").then(self.to.words())
    }
}

impl EnvironmentReport {
    /// How many flags have each status, in the order they are listed: `1 added, 5 changed`.
    pub fn flag_counts(&self) -> String {
        let mut parts = Vec::new();
        for (status, word) in [
            (Status::Added, "added"),
            (Status::Removed, "removed"),
            (Status::Changed, "changed"),
            (Status::Affected, "affected"),
        ] {
            let count = self.flags.iter().filter(|f| f.status == status).count();
            if count > 0 {
                parts.push(format!("{count} {word}"));
            }
        }
        parts.push(format!("{} unchanged", self.unchanged_flags));
        parts.join(", ")
    }
}

impl Status {
    /// The status as a word (`changed`), as in the JSON.
    pub fn word(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Affected => "affected",
            Status::Unchanged => "unchanged",
        }
    }
}
