//! `rollgate lint`: flag hygiene findings, one per line, for CI: of a ruleset file, or of
//! every environment of a project (merged, so that a finding they share is listed once).

use crate::error::{CliError, EXIT_INVALID};
use crate::git::{Found, Tree};
use crate::lint::checks::constant::{constancy, Constancy};
use crate::lint::history::{History, Revision, Since};
use crate::lint::{environments, lint_located, Finding, Kind, Level, LintArgs, LintConfig};
use crate::load::Document;
use crate::output::{system_now, write_json};
use rollgate::Ruleset;
use rollgate_project::{BuildOptions, Project};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::process::ExitCode;

/// What was linted, and what was found.
struct Linted {
    /// The file or project, as named.
    name: String,
    findings: Vec<Finding>,
    /// Why ages are missing (`--git`), for stderr.
    notes: Vec<String>,
    /// How many flags (over every environment of a project).
    flags: usize,
    /// The environments of a project, in its order; empty for a file.
    environments: Vec<String>,
}

/// Prints `file:line:col: path: level: message [kind]` per finding, then a count on stderr;
/// exits 1 when a finding is at level error.
pub fn run(args: &LintArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let now = args.now.unwrap_or_else(system_now);
    let linted = if crate::project::is_project(&args.path) {
        lint_project(args, now)?
    } else {
        lint_file(args, now)?
    };
    let errors = count(&linted.findings, Level::Error);
    let warnings = count(&linted.findings, Level::Warn);
    if args.json {
        let mut report = json!({
            "findings": linted.findings,
            "errors": errors,
            "warnings": warnings,
            "notes": linted.notes,
        });
        if let (false, Some(report)) = (linted.environments.is_empty(), report.as_object_mut()) {
            report.insert("environments".into(), json!(linted.environments));
        }
        write_json(out, &report)?;
    } else {
        for finding in &linted.findings {
            writeln!(out, "{}", finding_line(finding, linted.environments.len()))?;
        }
        // Like validate: the count goes to stderr, after the findings.
        out.flush()?;
        for note in &linted.notes {
            eprintln!("note: {note}");
        }
        eprintln!("{}: {}", linted.name, summary(errors, warnings, &linted));
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// Lints one ruleset file with `--config` (or the defaults).
fn lint_file(args: &LintArgs, now: i64) -> Result<Linted, CliError> {
    if !args.environments.is_empty() {
        return Err(CliError::Usage(format!(
            "--env applies to a project directory, and {} is a ruleset file",
            args.path.display()
        )));
    }
    let config = match &args.config {
        Some(path) => read_config(path)?,
        None => LintConfig::default(),
    };
    let document = Document::read(&args.path)?;
    let ruleset = document.to_ruleset().map_err(|e| document.invalid(e))?;
    let parsed = document.parse().map_err(|e| document.invalid(e))?;
    let mut findings = lint_located(&parsed.value, &ruleset, &config, now, &parsed.map);
    let mut notes = Vec::new();
    if args.git {
        let dated = History::open(&args.path).and_then(|history| {
            date_constant_flags(&parsed.value, &ruleset, now, &mut findings, |current| {
                history.ages(document.format, current, now)
            })
        });
        if let Err(note) = dated {
            notes.push(format!("{note}: no ages for constant flags"));
        }
    }
    Ok(Linted {
        name: document.name,
        findings,
        notes,
        flags: ruleset.len(),
        environments: Vec::new(),
    })
}

/// Lints every environment of a project (or those of `--env`) as `build` builds it, with the
/// project file's `lint:` section (or `--config`), and merges the findings.
fn lint_project(args: &LintArgs, now: i64) -> Result<Linted, CliError> {
    let name = args.path.display().to_string();
    let project = crate::project::open(&args.path)?;
    crate::project::check_environments(&project, &args.environments)?;
    let config = match (&args.config, project.config().section("lint")) {
        (Some(path), _) => read_config(path)?,
        (None, Some(section)) => LintConfig::from_section(&section)
            .map_err(|problem| crate::project::invalid(&name, problem.into()))?,
        (None, None) => LintConfig::default(),
    };
    let options = BuildOptions::default();
    let built = crate::project::build(&project, &name, &args.environments, &options)?;
    let mut notes = Vec::new();
    let history = match args.git.then(|| History::open_project(&args.path)) {
        Some(Ok(history)) => Some(history),
        Some(Err(note)) => {
            notes.push(format!("{note}: no ages for constant flags"));
            None
        }
        None => None,
    };
    // The project as it is in each revision read, shared by the environments' walks.
    let mut revisions: HashMap<String, Option<Project>> = HashMap::new();
    let mut flags = BTreeSet::new();
    let mut per_environment = Vec::new();
    for one in &built {
        let ruleset = crate::project::compile(one, &name)?;
        let mut findings = lint_located(&one.document, &ruleset, &config, now, &one.map);
        if let Some(history) = &history {
            let dated = date_constant_flags(&one.document, &ruleset, now, &mut findings, |c| {
                history.ages_with(c, now, |revision| {
                    let project = revisions
                        .entry(revision.hash.clone())
                        .or_insert_with(|| project_at(history, revision));
                    Ok(project
                        .as_ref()
                        .and_then(|p| environment_at(p, &one.environment)))
                })
            });
            if let Err(note) = dated {
                let note = format!("{note}: no ages for constant flags");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        flags.extend(ruleset.flag_keys().map(str::to_owned));
        per_environment.push((one.environment.clone(), findings));
    }
    Ok(Linted {
        name,
        findings: environments::merge(per_environment),
        notes,
        flags: flags.len(),
        environments: built.iter().map(|b| b.environment.clone()).collect(),
    })
}

/// The project as it is in a revision of its history (`None` when it does not load there).
fn project_at(history: &History, revision: &Revision) -> Option<Project> {
    let spec = format!("{}:./", revision.hash);
    match Tree::find(&spec, &revision.hash, "", Some(history.dir())) {
        Ok(Found::Tree(tree)) => Project::load_from(&tree).ok(),
        _ => None,
    }
}

/// An environment of a project, built, as the linter reads it (`None` when it does not
/// build, or the project has no such environment).
fn environment_at(project: &Project, environment: &str) -> Option<(Value, Ruleset)> {
    let built = project.build(environment, &BuildOptions::default()).ok()?;
    let ruleset = Ruleset::from_value(&built.document).ok()?;
    Some((built.document, ruleset))
}

/// `file:line:col: flags.x.rules[2]: warning: message (age; in production) [kind]`: the
/// location when known, a constant flag's age, and for a project the environments that have
/// the finding unless it is every one of the `total`.
fn finding_line(finding: &Finding, total: usize) -> String {
    let level = match finding.level {
        Level::Error => "error",
        _ => "warning",
    };
    let location = finding
        .location
        .as_ref()
        .map(|location| format!("{location}: "))
        .unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(since) = &finding.since {
        notes.push(since.describe());
    }
    if !finding.environments.is_empty() && finding.environments.len() < total {
        notes.push(format!("in {}", finding.environments.join(", ")));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    format!(
        "{location}{}: {level}: {}{notes} [{}]",
        finding.path,
        finding.message,
        finding.kind.name()
    )
}

fn count(findings: &[Finding], level: Level) -> usize {
    findings.iter().filter(|f| f.level == level).count()
}

/// `2 errors, 5 warnings (8 flags)`, or `no findings (3 environments, 10 flags)`.
fn summary(errors: usize, warnings: usize, linted: &Linted) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut scope = plural(linted.flags, "flag");
    if !linted.environments.is_empty() {
        scope = format!(
            "{}, {scope}",
            plural(linted.environments.len(), "environment")
        );
    }
    match (errors, warnings) {
        (0, 0) => format!("no findings ({scope})"),
        _ => format!(
            "{}, {} ({scope})",
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
    LintConfig::from_value(&value).map_err(|e| invalid(e.to_string()))
}

/// Dates each constant-flag finding of a ruleset (`value`, compiled as `ruleset`) with the
/// ages `ages` gives for the flags that are constant now.
fn date_constant_flags(
    value: &Value,
    ruleset: &Ruleset,
    now: i64,
    findings: &mut [Finding],
    ages: impl FnOnce(&BTreeMap<String, Constancy>) -> Result<BTreeMap<String, Since>, String>,
) -> Result<(), String> {
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
    let ages = ages(&current)?;
    for finding in findings.iter_mut() {
        if finding.kind == Kind::ConstantFlag {
            finding.since = finding.flag.as_ref().and_then(|k| ages.get(k)).cloned();
        }
    }
    Ok(())
}
