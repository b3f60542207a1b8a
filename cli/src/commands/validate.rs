//! `rollgate validate`: every problem of a ruleset, or of every environment of a project, one
//! per line with its file, line and column, for CI and editors.

use crate::args::ValidateArgs;
use crate::error::{CliError, EXIT_INVALID};
use crate::load::Document;
use crate::output::{problem_count, write_json, write_problems, Align, Table};
use rollgate_project::files::Disk;
use rollgate_project::{BuildOptions, Problems, RevisionChange};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Prints `file:line:column: path: message [kind]` per problem (exit 1), or a summary (exit
/// 0). A directory is a project: every environment is built as `build` builds it, without
/// writing anything.
pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    if crate::project::is_project(&args.path) {
        return run_project(args, out);
    }
    if !args.environments.is_empty() {
        return Err(CliError::Usage(format!(
            "--env applies to a project directory, and {} is a ruleset file",
            args.path.display()
        )));
    }
    let document = Document::read(&args.path)?;
    match document.to_ruleset() {
        Ok(ruleset) => {
            if args.json {
                write_json(
                    out,
                    &json!({
                        "valid": true,
                        "problems": [],
                        "revision": ruleset.revision(),
                        "flags": ruleset.len(),
                    }),
                )?;
            } else {
                let count = ruleset.len();
                writeln!(
                    out,
                    "{}: valid, {count} flag{}, revision {}",
                    document.name,
                    if count == 1 { "" } else { "s" },
                    ruleset.revision()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => invalid(args, &document.name, problems, out),
    }
}

/// Validates a project: loads it and builds the environments in memory. The summary names
/// each environment with its flags and the revision a build would give it (and whether that
/// changes the lock, which `build --locked` would refuse).
fn run_project(args: &ValidateArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let name = args.path.display().to_string();
    let project = match crate::project::load(&Disk::new(&args.path))? {
        Ok(project) => project,
        Err(problems) => return invalid(args, &name, problems, out),
    };
    crate::project::check_environments(&project, &args.environments)?;
    let built = match project.build_all(&args.environments, &BuildOptions::default()) {
        Ok(built) => built,
        Err(problems) => return invalid(args, &name, problems, out),
    };
    if args.json {
        let environments: Vec<_> = built
            .iter()
            .map(|one| {
                json!({
                    "name": one.environment,
                    "flags": one.flag_count(),
                    "revision": one.revision,
                    "previousRevision": super::build::previous(one.change),
                    "changed": one.change != RevisionChange::Unchanged,
                })
            })
            .collect();
        write_json(
            out,
            &json!({ "valid": true, "problems": [], "environments": environments }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let count = built.len();
    writeln!(
        out,
        "{name}: valid, {count} environment{}",
        if count == 1 { "" } else { "s" }
    )?;
    let mut table = Table::new(&[Align::Left, Align::Left, Align::Left, Align::Right]);
    for one in &built {
        let flags = one.flag_count();
        table.row(vec![
            one.environment.clone(),
            format!("revision {}", one.revision),
            super::build::change_text(one.change),
            format!("{flags} flag{}", if flags == 1 { "" } else { "s" }),
        ]);
    }
    table.write(out, "  ")?;
    Ok(ExitCode::SUCCESS)
}

/// Lists every problem in file order (exit 1): one per line on stdout and the count on
/// stderr, or `{"valid": false, "problems": [...]}`.
fn invalid(
    args: &ValidateArgs,
    name: &str,
    mut problems: Problems,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    problems.sort_by_location();
    if args.json {
        write_json(out, &json!({ "valid": false, "problems": problems.list }))?;
    } else {
        let summary = format!("{name}: invalid, {}", problem_count(problems.len()));
        write_problems(out, &problems, &summary)?;
    }
    Ok(ExitCode::from(EXIT_INVALID))
}
