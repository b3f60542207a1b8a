//! `explain`: a trace of how a flag was decided, for support ("why does user X see Y?").

use crate::context::AttrValue;
use crate::eval::{BucketEvent, Step, Tracer};
use crate::json::Value;
use crate::model::Leaf;
use crate::result::EvaluationResult;
use crate::time::format_instant;
use crate::value::number_text;
use std::fmt;

/// The full story of one evaluation. Its JSON ([`Explanation::to_json`]) is what every binding
/// hands out.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The flag key asked for.
    pub flag: String,
    /// The evaluation time, epoch milliseconds.
    pub now: i64,
    /// The outcome (identical to `evaluate`).
    pub result: EvaluationResult,
    /// Whether the flag is enabled (`false`: kill switch).
    pub enabled: bool,
    /// Prerequisites checked, in order.
    pub prerequisites: Vec<PrerequisiteTrace>,
    /// Rules evaluated, in order, up to the one that decided.
    pub rules: Vec<RuleTrace>,
}

/// One prerequisite check.
#[derive(Clone, Debug, PartialEq)]
pub struct PrerequisiteTrace {
    /// The prerequisite flag.
    pub flag: String,
    /// The variant it served (absent if it could not be evaluated).
    pub variant: Option<String>,
    /// Whether that variant is one of the required ones.
    pub passed: bool,
}

/// One rule's evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleTrace {
    /// The rule id.
    pub id: String,
    /// Whether its condition held.
    pub matched: bool,
    /// Every attribute test run (evaluation stops at the first decisive one).
    pub checks: Vec<CheckTrace>,
    /// Rollout and split decisions for this rule.
    pub bucketing: Vec<BucketTrace>,
}

/// One attribute test.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckTrace {
    /// Where in the rule's condition, e.g. `when.all[1]` or `when.segment(beta).any[0]`.
    pub path: String,
    /// The attribute tested.
    pub attr: String,
    /// The operator.
    pub op: String,
    /// The operand from the ruleset.
    pub expected: Value,
    /// The context's value (absent if the context lacks the attribute).
    pub actual: Option<Value>,
    /// Whether the test held.
    pub matched: bool,
    /// Why it failed, when the reason is not just "different value".
    pub note: Option<String>,
}

/// One rollout or split decision.
#[derive(Clone, Debug, PartialEq)]
pub struct BucketTrace {
    /// `rollout` or `split`.
    pub kind: String,
    /// The unit attribute.
    pub by: String,
    /// The salt hashed with the unit.
    pub salt: String,
    /// The unit's value (absent if missing).
    pub unit: Option<Value>,
    /// The bucket, 0..100000 (absent if the unit is missing or unusable).
    pub bucket: Option<u32>,
    /// For rollouts: the live percentage at `now`.
    pub percent: Option<f64>,
    /// The variant assigned, if any.
    pub variant: Option<String>,
    /// Why the unit was not used, if it was not.
    pub note: Option<String>,
}

impl Explanation {
    /// The explanation as a JSON object, the shape every binding hands out: `flag`, `now`,
    /// `result` ([`EvaluationResult::to_json`]), `enabled`, `prerequisites` and `rules`, with
    /// camelCase keys throughout; optional fields are `null` when absent, except the notes
    /// and an empty `bucketing`, which are left out.
    pub fn to_json(&self) -> Value {
        object(vec![
            ("flag", self.flag.as_str().into()),
            // Epoch milliseconds: exact as a double for any date within 285,000 years.
            ("now", Value::Number(self.now as f64)),
            ("result", self.result.to_json()),
            ("enabled", self.enabled.into()),
            (
                "prerequisites",
                Value::Array(
                    self.prerequisites
                        .iter()
                        .map(PrerequisiteTrace::to_json)
                        .collect(),
                ),
            ),
            (
                "rules",
                Value::Array(self.rules.iter().map(RuleTrace::to_json).collect()),
            ),
        ])
    }
}

impl PrerequisiteTrace {
    /// `{flag, variant, passed}`.
    pub fn to_json(&self) -> Value {
        object(vec![
            ("flag", self.flag.as_str().into()),
            ("variant", self.variant.as_deref().into()),
            ("passed", self.passed.into()),
        ])
    }
}

impl RuleTrace {
    /// `{id, matched, checks, bucketing}`; `bucketing` left out when empty.
    pub fn to_json(&self) -> Value {
        let mut members = vec![
            ("id", self.id.as_str().into()),
            ("matched", self.matched.into()),
            (
                "checks",
                Value::Array(self.checks.iter().map(CheckTrace::to_json).collect()),
            ),
        ];
        if !self.bucketing.is_empty() {
            members.push((
                "bucketing",
                Value::Array(self.bucketing.iter().map(BucketTrace::to_json).collect()),
            ));
        }
        object(members)
    }
}

impl CheckTrace {
    /// `{path, attr, op, expected, actual, matched, note}`; `note` left out when absent.
    pub fn to_json(&self) -> Value {
        let members = vec![
            ("path", self.path.as_str().into()),
            ("attr", self.attr.as_str().into()),
            ("op", self.op.as_str().into()),
            ("expected", self.expected.clone()),
            ("actual", self.actual.clone().into()),
            ("matched", self.matched.into()),
        ];
        object_with_note(members, self.note.as_deref())
    }
}

impl BucketTrace {
    /// `{kind, by, salt, unit, bucket, percent, variant, note}`; `note` left out when absent.
    pub fn to_json(&self) -> Value {
        let members = vec![
            ("kind", self.kind.as_str().into()),
            ("by", self.by.as_str().into()),
            ("salt", self.salt.as_str().into()),
            ("unit", self.unit.clone().into()),
            ("bucket", self.bucket.map(f64::from).into()),
            ("percent", self.percent.into()),
            ("variant", self.variant.as_deref().into()),
        ];
        object_with_note(members, self.note.as_deref())
    }
}

/// [`object`] with a `note` member last, when there is a note.
fn object_with_note(mut members: Vec<(&str, Value)>, note: Option<&str>) -> Value {
    if let Some(note) = note {
        members.push(("note", note.into()));
    }
    object(members)
}

/// A JSON object from (key, value) pairs.
fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// Serialized as their JSON (`to_json`): one definition of the shape for serde and for the
/// core's own writer.
#[cfg(feature = "serde")]
mod serialize {
    use super::{BucketTrace, CheckTrace, Explanation, PrerequisiteTrace, RuleTrace};
    use serde::{Serialize, Serializer};

    macro_rules! as_json {
        ($($ty:ty),*) => {$(
            impl Serialize for $ty {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.to_json().serialize(serializer)
                }
            }
        )*};
    }

    as_json!(
        Explanation,
        PrerequisiteTrace,
        RuleTrace,
        CheckTrace,
        BucketTrace
    );
}

/// Records the trace while the real evaluator runs.
#[derive(Default)]
pub(crate) struct ExplainTracer {
    pub(crate) prerequisites: Vec<PrerequisiteTrace>,
    pub(crate) rules: Vec<RuleTrace>,
    path: Vec<String>,
}

impl Tracer for ExplainTracer {
    fn enter(&mut self, step: Step<'_>) {
        self.path.push(match step {
            Step::All(i) => format!("all[{i}]"),
            Step::Any(i) => format!("any[{i}]"),
            Step::Not => "not".to_owned(),
            Step::Segment(name) => format!("segment({name})"),
        });
    }

    fn exit(&mut self) {
        self.path.pop();
    }

    fn leaf(&mut self, leaf: &Leaf, actual: Option<&AttrValue>, matched: bool) {
        let mut path = String::from("when");
        for step in &self.path {
            path.push('.');
            path.push_str(step);
        }
        let check = CheckTrace {
            path,
            attr: leaf.attr.name.to_string(),
            op: leaf.op_name.to_owned(),
            expected: leaf.op.operand_json(),
            actual: actual.map(AttrValue::to_json),
            matched,
            note: if matched {
                None
            } else {
                failure_note(leaf, actual)
            },
        };
        if let Some(rule) = self.rules.last_mut() {
            rule.checks.push(check);
        }
    }

    fn prerequisite(&mut self, flag: &str, variant: Option<&str>, passed: bool) {
        self.prerequisites.push(PrerequisiteTrace {
            flag: flag.to_owned(),
            variant: variant.map(str::to_owned),
            passed,
        });
    }

    fn rule(&mut self, id: &str) {
        self.path.clear();
        self.rules.push(RuleTrace {
            id: id.to_owned(),
            matched: false,
            checks: Vec::new(),
            bucketing: Vec::new(),
        });
    }

    fn rule_matched(&mut self, matched: bool) {
        if let Some(rule) = self.rules.last_mut() {
            rule.matched = matched;
        }
    }

    fn bucketing(&mut self, event: BucketEvent<'_>) {
        let (unit, bucket, note) = match event.unit {
            Ok((unit, b)) => (Some(unit.to_json()), Some(b), None),
            Err(None) => (
                None,
                None,
                Some(format!("context has no \"{}\": not in the {}", event.by, event.kind)),
            ),
            Err(Some(value)) => (
                Some(value.to_json()),
                None,
                Some(format!(
                    "\"{}\" is not a usable unit (use a non-empty string or an integer up to 2^53): not in the {}",
                    event.by, event.kind
                )),
            ),
        };
        let trace = BucketTrace {
            kind: event.kind.to_owned(),
            by: event.by.to_owned(),
            salt: event.salt.to_owned(),
            unit,
            bucket,
            percent: event.threshold.map(|t| f64::from(t) / 1000.0),
            variant: event.variant.map(str::to_owned),
            note,
        };
        if let Some(rule) = self.rules.last_mut() {
            rule.bucketing.push(trace);
        }
    }
}

/// Says why a test failed when that is more than "the values differ".
fn failure_note(leaf: &Leaf, actual: Option<&AttrValue>) -> Option<String> {
    let Some(actual) = actual else {
        return Some(format!("context has no \"{}\"", leaf.attr.name));
    };
    if let AttrValue::List(_) = actual {
        return None;
    }
    leaf.op.failure_note(actual)
}

/// One line of an explanation's text report, with what a viewer needs to lay it out. The
/// report has one source, [`Explanation::lines`]: `Display` (the CLI, mobile `explain_text`)
/// prints these lines, and the browser's debug module hands them to the devtools panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceLine {
    /// The indentation level: 0 for the result; 1 for the kill switch, prerequisites, rules and
    /// closing lines; 2 for a rule's checks and bucketing.
    pub depth: u8,
    /// The text, without indentation or line break.
    pub text: String,
    /// For a line that tests something, whether it held; `None` for the others. Viewers style
    /// lines by it.
    pub verdict: Option<bool>,
}

impl TraceLine {
    fn new(depth: u8, text: String, verdict: Option<bool>) -> TraceLine {
        TraceLine {
            depth,
            text,
            verdict,
        }
    }

    /// `{depth, text, verdict}`, `verdict` `null` for a line that tests nothing: the shape the
    /// browser's debug module hands to JS.
    pub fn to_json(&self) -> Value {
        object(vec![
            ("depth", Value::Number(f64::from(self.depth))),
            ("text", self.text.as_str().into()),
            ("verdict", self.verdict.into()),
        ])
    }
}

impl fmt::Display for TraceLine {
    /// The line as printed: two spaces per level of depth, then the text (no line break).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in 0..self.depth {
            f.write_str("  ")?;
        }
        f.write_str(&self.text)
    }
}

impl Explanation {
    /// The readable report, line by line: the result, the kill switch, each prerequisite, each
    /// rule with its checks and bucketing, and the default when no rule decided.
    pub fn lines(&self) -> Vec<TraceLine> {
        let mut lines = vec![TraceLine::new(0, self.headline(), None)];
        if !self.enabled {
            lines.push(TraceLine::new(
                1,
                "the flag is disabled (kill switch): serving its off variant".to_owned(),
                Some(false),
            ));
        }
        for p in &self.prerequisites {
            let text = format!(
                "prerequisite {}: {} -> {}",
                p.flag,
                p.variant.as_deref().unwrap_or("(none)"),
                if p.passed { "passed" } else { "FAILED" }
            );
            lines.push(TraceLine::new(1, text, Some(p.passed)));
        }
        for rule in &self.rules {
            let outcome = if rule.matched { "matched" } else { "no match" };
            let text = format!("rule {}: {outcome}", rule.id);
            lines.push(TraceLine::new(1, text, Some(rule.matched)));
            lines.extend(rule.checks.iter().map(CheckTrace::line));
            lines.extend(rule.bucketing.iter().map(BucketTrace::line));
        }
        if self.result.rule_id.is_none() && matches!(self.result.reason, crate::Reason::Default) {
            lines.push(TraceLine::new(
                1,
                "no rule served a variant: default variant".to_owned(),
                None,
            ));
        }
        lines
    }

    /// What `rollgate explain` prints: [`lines`](Self::lines), then the evaluation time (ramps
    /// depend on it) and the revision of the ruleset explained, which the explanation itself
    /// does not carry. The time is [`format_instant`]'s.
    pub fn report(&self, revision: u64) -> Vec<TraceLine> {
        let mut lines = self.lines();
        let text = format!(
            "evaluated at {}, ruleset revision {revision}",
            format_instant(self.now)
        );
        lines.push(TraceLine::new(1, text, None));
        lines
    }

    /// `flag KEY: variant "V" = VALUE (REASON, rule "ID", ERROR)`.
    fn headline(&self) -> String {
        let r = &self.result;
        let served = match (&r.variant, &r.value) {
            (Some(variant), Some(value)) => format!("variant \"{variant}\" = {}", value.to_json()),
            _ => "no value".to_owned(),
        };
        let mut text = format!("flag {}: {served} ({}", self.flag, r.reason);
        if let Some(id) = &r.rule_id {
            text.push_str(&format!(", rule \"{id}\""));
        }
        if let Some(code) = &r.error_code {
            text.push_str(&format!(", {code}"));
        }
        text.push(')');
        text
    }
}

impl CheckTrace {
    /// `PATH ATTR OP EXPECTED: ACTUAL -> yes|no (NOTE)`.
    fn line(&self) -> TraceLine {
        let actual = self
            .actual
            .as_ref()
            .map_or_else(|| "(missing)".to_owned(), ToString::to_string);
        let mut text = format!(
            "{} {} {} {}: {actual} -> {}",
            self.path,
            self.attr,
            self.op,
            self.expected,
            if self.matched { "yes" } else { "no" }
        );
        if let Some(note) = &self.note {
            text.push_str(&format!(" ({note})"));
        }
        TraceLine::new(2, text, Some(self.matched))
    }
}

impl BucketTrace {
    /// `KIND by ATTR (salt "SALT"): bucket B vs P% (threshold T) -> VARIANT|not in`, or the note
    /// saying why the unit was not used.
    fn line(&self) -> TraceLine {
        let mut text = format!("{} by {} (salt \"{}\"): ", self.kind, self.by, self.salt);
        let verdict = match (self.bucket, &self.note) {
            (Some(bucket), _) => {
                text.push_str(&format!("bucket {bucket}"));
                if let Some(p) = self.percent {
                    text.push_str(&format!(
                        " vs {}% (threshold {})",
                        number_text(p),
                        number_text((p * 1000.0).round())
                    ));
                }
                match &self.variant {
                    Some(v) => text.push_str(&format!(" -> {v}")),
                    None => text.push_str(" -> not in"),
                }
                Some(self.variant.is_some())
            }
            (None, Some(note)) => {
                text.push_str(note);
                Some(false)
            }
            (None, None) => None,
        };
        TraceLine::new(2, text, verdict)
    }
}

impl fmt::Display for Explanation {
    /// A readable report for terminals and support tickets: [`Explanation::lines`], one a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.lines() {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}
