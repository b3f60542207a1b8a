//! `rollgate lint`: flag hygiene checks on a ruleset document.
//!
//! The checks read a ruleset the core has accepted, as its JSON document (a file, or an
//! environment of a project as `build` builds it) with the core's compilation beside it for the
//! exact values served. Each finding names its node with a [`JsonPath`] in the core's notation,
//! which the source map places at `file:line:col` ([`lint_located`]), and carries a kind code
//! (the name of the check, as in [`LintConfig`]) and the level the configuration gives that
//! check.
//!
//! A finding is a proof, never a guess: where an analysis is not certain it reports nothing.
//!
//! Module map: [`config`] (levels and options), [`model`] (the document, read), [`condition`]
//! (conditions as logic), [`analysis`] (what each rule can still do, which variants a flag can
//! serve), [`checks`] (one module per check), [`history`] (how long a flag has been constant,
//! from git), [`environments`] (a project's environments' findings, merged), [`path`].

pub mod analysis;
pub mod args;
pub mod checks;
pub mod condition;
pub mod config;
pub mod environments;
pub mod history;
pub mod model;
pub mod path;

pub use args::LintArgs;
pub use config::{Level, LintConfig};
pub use path::JsonPath;

use rollgate::Ruleset;
use rollgate_project::{Location, SourceMap};
use serde::Serialize;
use serde_json::Value;

/// Milliseconds in a day: ages and expiry are told in whole days.
pub const MS_PER_DAY: i64 = 86_400_000;

/// What a finding is about: one kind per check, named like the core's problem kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A flag lacks a required metadata key, or its value is empty.
    MissingMetadata,
    /// A flag's `expires` date has passed.
    Expired,
    /// A flag's `expires` is not an RFC 3339 date or date-time.
    InvalidExpires,
    /// A rule can never decide.
    UnreachableRule,
    /// No flag uses a segment.
    UnusedSegment,
    /// No evaluation can return a variant.
    UnservedVariant,
    /// A flag serves one value to everybody (or to everybody with a unit): a cleanup candidate.
    ConstantFlag,
}

impl Kind {
    /// Every kind, in the order of [`LintConfig`]'s levels.
    pub const ALL: [Kind; 7] = [
        Kind::MissingMetadata,
        Kind::Expired,
        Kind::InvalidExpires,
        Kind::UnreachableRule,
        Kind::UnusedSegment,
        Kind::UnservedVariant,
        Kind::ConstantFlag,
    ];

    /// The kind code (`unreachable_rule`), also the check's name in a config.
    pub fn name(self) -> &'static str {
        match self {
            Kind::MissingMetadata => "missing_metadata",
            Kind::Expired => "expired",
            Kind::InvalidExpires => "invalid_expires",
            Kind::UnreachableRule => "unreachable_rule",
            Kind::UnusedSegment => "unused_segment",
            Kind::UnservedVariant => "unserved_variant",
            Kind::ConstantFlag => "constant_flag",
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The node it is about (`flags.checkout.rules[2]`).
    #[serde(serialize_with = "path_text")]
    pub path: JsonPath,
    /// `warn` or `error`.
    pub level: Level,
    /// The check.
    pub kind: Kind,
    /// What is wrong, in words.
    pub message: String,
    /// The flag it concerns, if any (for tools, and for the history of constant flags).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// For a constant flag, since when, from git history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<history::Since>,
    /// Where the node is written (`file`, `line`, `column`), through the source map.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// For a project: the environments whose ruleset has this finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<String>,
}

fn path_text<S: serde::Serializer>(path: &JsonPath, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(path)
}

/// Collects findings, at the level the configuration gives their check (none when `off`).
pub struct Report<'c> {
    config: &'c LintConfig,
    findings: Vec<Finding>,
}

impl<'c> Report<'c> {
    fn new(config: &'c LintConfig) -> Report<'c> {
        Report {
            config,
            findings: Vec::new(),
        }
    }

    /// Whether a check runs at all.
    pub fn wants(&self, kind: Kind) -> bool {
        self.config.level(kind) != Level::Off
    }

    /// The configuration.
    pub fn config(&self) -> &LintConfig {
        self.config
    }

    /// Adds a finding of a check that is not off.
    pub fn add(&mut self, kind: Kind, path: JsonPath, flag: Option<&str>, message: String) {
        let level = self.config.level(kind);
        if level != Level::Off {
            self.findings.push(Finding {
                path,
                level,
                kind,
                message,
                flag: flag.map(str::to_owned),
                since: None,
                location: None,
                environments: Vec::new(),
            });
        }
    }
}

/// Lints a ruleset document the core has accepted (`ruleset` is its compilation) as of `now`
/// (epoch ms): the findings, flag by flag in key order, then segments.
pub fn lint(document: &Value, ruleset: &Ruleset, config: &LintConfig, now: i64) -> Vec<Finding> {
    let doc = model::Doc::read(document, ruleset);
    let analyses = analysis::Analyses::new(&doc, now);
    let mut report = Report::new(config);
    for flag in &doc.flags {
        checks::metadata::check(&mut report, flag);
        checks::expires::check(&mut report, flag, now);
        checks::constant::check(&mut report, &analyses, flag);
        checks::rules::check(&mut report, &analyses, flag);
        checks::variants::check(&mut report, &analyses, flag);
    }
    checks::segments::check(&mut report, &doc);
    report.findings
}

/// Lints like [`lint`], and places every finding at `file:line:col` through `map` (the source
/// map of the document: its file's, or a project environment's): at the key that names the
/// node (the flag, variant, segment or metadata key), or at a rule's first line.
pub fn lint_located(
    document: &Value,
    ruleset: &Ruleset,
    config: &LintConfig,
    now: i64,
    map: &SourceMap,
) -> Vec<Finding> {
    let mut findings = lint(document, ruleset, config, now);
    for finding in &mut findings {
        finding.location = map.locate_key(&finding.path.to_string());
    }
    findings
}

/// A value as people read it in messages: `"on" (true)`.
pub fn variant_text(flag: &model::Flag, variant: &str) -> String {
    match flag.value(variant) {
        Some(value) => format!(
            "{variant:?} ({})",
            crate::output::json_text(&value.to_json().into())
        ),
        None => format!("{variant:?}"),
    }
}

/// A rule as messages name it: `rule "beta" (rules[1])`, or `rules[1]` when it has no id.
pub fn rule_text(rule: &model::Rule) -> String {
    let position = format!("rules[{}]", rule.index);
    if rule.id == position {
        position
    } else {
        format!("rule {:?} ({position})", rule.id)
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    /// A config keeps its levels in an array indexed by `kind as usize`.
    #[test]
    fn kinds_are_listed_in_declaration_order() {
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
    }
}
