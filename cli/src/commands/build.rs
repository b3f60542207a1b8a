//! `rollgate build`: a flag project into one plain ruleset per environment.

use crate::args::BuildArgs;
use crate::error::{CliError, EXIT_INVALID};
use crate::output::{problem_count, write_json, write_problems, Align, Table};
use rollgate_project::files::Disk;
use rollgate_project::write::{write_file, write_outputs};
use rollgate_project::{BuildOptions, Problems, RevisionChange, LOCK_FILE};
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

/// Builds every environment (or those of `--env`), and writes them only when all built:
/// otherwise every problem is listed, located in the project's files, and nothing is written.
/// The lock is updated for the environments whose output changed, or with `--locked` the
/// build fails instead.
pub fn run(args: &BuildArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let name = args.project.display().to_string();
    let project = match crate::project::load(&Disk::new(&args.project))? {
        Ok(project) => project,
        Err(problems) => return refuse(args, &name, &problems, out),
    };
    crate::project::check_environments(&project, &args.environments)?;
    let options = BuildOptions {
        client: args.client,
    };
    let built = match project.build_all(&args.environments, &options) {
        Ok(built) => built,
        Err(problems) => return refuse(args, &name, &problems, out),
    };
    if args.locked {
        if let Err(problems) = project.check_locked(&built) {
            return refuse(args, &name, &problems, out);
        }
    }
    let io_error = |what: String| move |source| CliError::Io { what, source };
    let written =
        write_outputs(&args.out, &built).map_err(io_error(args.out.display().to_string()))?;
    let lock = project.lock_after(&built);
    let lock_updated = lock != *project.lock();
    if lock_updated {
        let path = args.project.join(LOCK_FILE);
        write_file(&path, &lock.to_text()).map_err(io_error(path.display().to_string()))?;
    }

    if args.json {
        let environments: Vec<Value> = built
            .iter()
            .zip(&written)
            .map(|(one, path)| {
                json!({
                    "name": one.environment,
                    "file": path.display().to_string(),
                    "revision": one.revision,
                    "previousRevision": previous(one.change),
                    "changed": one.change != RevisionChange::Unchanged,
                    "flags": one.flag_count(),
                    "hash": one.hash,
                })
            })
            .collect();
        write_json(
            out,
            &json!({
                "built": true,
                "client": args.client,
                "environments": environments,
                "lock": { "file": project.lock().file(), "updated": lock_updated },
            }),
        )?;
    } else {
        let mut table = Table::new(&[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ]);
        for (one, path) in built.iter().zip(&written) {
            let count = one.flag_count();
            table.row(vec![
                one.environment.clone(),
                format!("revision {}", one.revision),
                change_text(one.change),
                format!("{count} flag{}", if count == 1 { "" } else { "s" }),
                path.display().to_string(),
            ]);
        }
        table.write(out, "")?;
        if lock_updated {
            writeln!(out, "{}: updated", project.lock().file())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The revision the lock had, when the output changed.
pub(super) fn previous(change: RevisionChange) -> Option<u64> {
    match change {
        RevisionChange::Advanced { from } => Some(from),
        RevisionChange::Unchanged | RevisionChange::New => None,
    }
}

/// `unchanged`, `new`, `changed (was 3)`: how the revision compares with the lock's.
pub(super) fn change_text(change: RevisionChange) -> String {
    match change {
        RevisionChange::Unchanged => "unchanged".to_owned(),
        RevisionChange::New => "new".to_owned(),
        RevisionChange::Advanced { from } => format!("changed (was {from})"),
    }
}

/// Lists every problem (stdout, one per line, like `validate`) and says on stderr that
/// nothing was written; exit 1.
fn refuse(
    args: &BuildArgs,
    name: &str,
    problems: &Problems,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    if args.json {
        write_json(out, &json!({ "built": false, "problems": problems.list }))?;
    } else {
        let summary = format!(
            "{name}: not built, {}; nothing written",
            problem_count(problems.len())
        );
        write_problems(out, problems, &summary)?;
    }
    Ok(ExitCode::from(EXIT_INVALID))
}
