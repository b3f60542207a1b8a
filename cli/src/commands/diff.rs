//! `rollgate diff`: resolves the two inputs, compares them and prints the report.

use crate::diff::input::{resolve, Input, Selection, Side};
use crate::diff::{self, DiffArgs, SampleText};
use crate::error::CliError;
use crate::load;
use crate::output::{system_now, write_json};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compares OLD and NEW (or OLD in two git revisions) and prints what changes for users.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let (old, new) = inputs(args)?;
    let selection = Selection {
        environments: &args.environments,
        client: args.client,
    };
    let (old, new) = (resolve(&old, selection)?, resolve(&new, selection)?);
    check_sides(args, &old, &new)?;
    let now = args.now.unwrap_or_else(system_now);
    let sample = match &args.contexts {
        Some(path) => Some((
            load::read_text(path, load::MAX_SAMPLE_BYTES)?,
            path.display().to_string(),
        )),
        None => None,
    };
    let report = diff::diff(
        &old,
        &new,
        now,
        sample
            .as_ref()
            .map(|(text, source)| SampleText { text, source }),
    );
    if args.json {
        write_json(out, &report)?;
    } else if args.markdown {
        diff::markdown::write(&report, out)?;
    } else {
        diff::text::write(&report, out)?;
    }
    Ok(if args.exit_code && report.changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The two sides named by the arguments.
fn inputs(args: &DiffArgs) -> Result<(Input, Input), CliError> {
    match (&args.git, &args.old, &args.new) {
        (None, Some(old), Some(new)) => Ok((Input::path(old.clone()), Input::path(new.clone()))),
        (None, _, None) => Err(CliError::Usage(
            "diff needs two rulesets or projects (OLD NEW), or one with --git A..B".to_owned(),
        )),
        (None, None, Some(_)) | (Some(_), _, Some(_)) => Err(CliError::Usage(
            "with --git, give one ruleset file or project directory: it is compared between \
             the two revisions"
                .to_owned(),
        )),
        (Some(spec), path, None) => {
            let range = diff::git_range(spec)?;
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            let old = Input::Git {
                rev: range.old,
                path: path.clone(),
            };
            let new = match range.new {
                Some(rev) => Input::Git { rev, path },
                None => Input::path(path),
            };
            Ok((old, new))
        }
    }
}

/// Both sides are projects or both are ruleset files; project options need projects; every
/// environment asked for exists on at least one side.
fn check_sides(args: &DiffArgs, old: &Side, new: &Side) -> Result<(), CliError> {
    if old.is_project != new.is_project {
        let (project, file) = if old.is_project {
            (&old.label, &new.label)
        } else {
            (&new.label, &old.label)
        };
        return Err(CliError::Usage(format!(
            "{project} is a project and {file} a ruleset file: compare two projects (their \
             environments pair up by name) or two ruleset files"
        )));
    }
    if !old.is_project {
        let option = match (args.environments.is_empty(), args.client) {
            (false, _) => Some("--env"),
            (true, true) => Some("--client"),
            (true, false) => None,
        };
        if let Some(option) = option {
            return Err(CliError::Usage(format!(
                "{option} applies to project directories, and {} is a ruleset file",
                old.label
            )));
        }
    }
    for (name, message) in &new.undeclared {
        if old.undeclared.iter().any(|(other, _)| other == name) {
            return Err(CliError::Usage(message.clone()));
        }
    }
    Ok(())
}
