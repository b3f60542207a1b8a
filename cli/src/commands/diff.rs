//! `rollgate diff`: resolves the two inputs, compares them and prints the report.

use crate::diff::input::{resolve, Input};
use crate::diff::{self, DiffArgs, SampleText};
use crate::error::CliError;
use crate::load;
use crate::output::{system_now, write_json};
use std::io::Write;
use std::process::ExitCode;

/// Compares OLD and NEW (or OLD in two git revisions) and prints what changes for users.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let (old, new) = inputs(args)?;
    let (old, new) = (resolve(&old)?, resolve(&new)?);
    let now = args.now.unwrap_or_else(system_now);
    let sample = match &args.contexts {
        Some(path) => Some((load::read_text(path)?, path.display().to_string())),
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
    match (&args.git, &args.new) {
        (None, Some(new)) => Ok((Input::File(args.old.clone()), Input::File(new.clone()))),
        (None, None) => Err(CliError::Usage(
            "diff needs two rulesets (OLD NEW), or one with --git A..B".to_owned(),
        )),
        (Some(_), Some(_)) => Err(CliError::Usage(
            "with --git, give one ruleset file: it is compared between the two revisions"
                .to_owned(),
        )),
        (Some(spec), None) => {
            let range = diff::git_range(spec)?;
            let path = args.old.clone();
            let old = Input::Git {
                rev: range.old,
                path: path.clone(),
            };
            let new = match range.new {
                Some(rev) => Input::Git { rev, path },
                None => Input::File(path),
            };
            Ok((old, new))
        }
    }
}
