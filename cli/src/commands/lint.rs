//! `rollgate lint`: flag hygiene findings, one per line, for CI.

use crate::error::{CliError, EXIT_INVALID};
use crate::lint::checks::constant::constancy;
use crate::lint::history::History;
use crate::lint::{lint, Finding, Kind, Level, LintArgs, LintConfig};
use crate::load::Document;
use crate::output::{system_now, write_json};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

/// Prints `path: level: message [kind]` per finding, then a count on stderr; exits 1 when a
/// finding is at level error.
pub fn run(args: &LintArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let config = match &args.config {
        Some(path) => read_config(path)?,
        None => LintConfig::default(),
    };
    let document = Document::read(&args.file)?;
    let ruleset = document.to_ruleset().map_err(|e| document.invalid(e))?;
    let value = document.to_value().map_err(|e| document.invalid(e))?;
    let now = args.now.unwrap_or_else(system_now);
    let mut findings = lint(&value, &ruleset, &config, now);
    let mut notes = Vec::new();
    if args.git {
        if let Err(note) = add_ages(args, &document, &value, &ruleset, now, &mut findings) {
            notes.push(note);
        }
    }
    let errors = count(&findings, Level::Error);
    let warnings = count(&findings, Level::Warn);
    if args.json {
        write_json(
            out,
            &json!({
                "findings": findings,
                "errors": errors,
                "warnings": warnings,
                "notes": notes,
            }),
        )?;
    } else {
        for finding in &findings {
            writeln!(out, "{}", finding_line(finding))?;
        }
        // Like validate: the count goes to stderr, after the findings.
        out.flush()?;
        for note in &notes {
            eprintln!("note: {note}");
        }
        eprintln!(
            "{}: {}",
            document.name,
            summary(errors, warnings, ruleset.len())
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// `flags.x.rules[2]: warning: message [unreachable_rule]`, with a constant flag's age.
fn finding_line(finding: &Finding) -> String {
    let level = match finding.level {
        Level::Error => "error",
        _ => "warning",
    };
    let age = finding
        .since
        .as_ref()
        .map(|since| format!(" ({})", since.describe()))
        .unwrap_or_default();
    format!(
        "{}: {level}: {}{age} [{}]",
        finding.path,
        finding.message,
        finding.kind.name()
    )
}

fn count(findings: &[Finding], level: Level) -> usize {
    findings.iter().filter(|f| f.level == level).count()
}

/// `2 errors, 5 warnings (8 flags)`, or `no findings (8 flags)`.
fn summary(errors: usize, warnings: usize, flags: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let flags = plural(flags, "flag");
    match (errors, warnings) {
        (0, 0) => format!("no findings ({flags})"),
        _ => format!(
            "{}, {} ({flags})",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

/// Reads `--config`: a YAML or JSON file holding the `lint:` section.
fn read_config(path: &std::path::Path) -> Result<LintConfig, CliError> {
    let document = Document::read(path)?;
    let invalid = |message: String| CliError::Usage(format!("{}: {message}", document.name));
    let value = document.to_value().map_err(|error| {
        let messages: Vec<String> = error.list.iter().map(|p| p.to_string()).collect();
        invalid(messages.join("; "))
    })?;
    LintConfig::from_value(&value).map_err(invalid)
}

/// Dates each constant-flag finding from the file's git history.
fn add_ages(
    args: &LintArgs,
    document: &Document,
    value: &serde_json::Value,
    ruleset: &rollgate::Ruleset,
    now: i64,
    findings: &mut [Finding],
) -> Result<(), String> {
    let history = History::open(&args.file, document.format)
        .map_err(|note| format!("{note}: no ages for constant flags"))?;
    let doc = crate::lint::model::Doc::read(value, ruleset);
    let analyses = crate::lint::analysis::Analyses::new(&doc, now);
    let current: BTreeMap<String, _> = findings
        .iter()
        .filter(|f| f.kind == Kind::ConstantFlag)
        .filter_map(|f| {
            let key = f.flag.as_deref()?;
            Some((key.to_owned(), constancy(&analyses, doc.flag(key)?)?))
        })
        .collect();
    if current.is_empty() {
        return Ok(());
    }
    let ages = history.ages(&current, now)?;
    for finding in findings.iter_mut() {
        if finding.kind == Kind::ConstantFlag {
            finding.since = finding.flag.as_ref().and_then(|k| ages.get(k)).cloned();
        }
    }
    Ok(())
}
