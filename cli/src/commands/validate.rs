//! `rollgate validate`: every problem of a ruleset, one per line with its line and column,
//! for CI and editors.

use crate::args::ValidateArgs;
use crate::error::{CliError, EXIT_INVALID};
use crate::load::Document;
use crate::output::{problem_count, write_json, write_problems};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Prints `file:line:column: path: message [kind]` per problem (exit 1), or a one-line summary
/// (exit 0).
pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let document = Document::read(&args.file)?;
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
        Err(mut problems) => {
            problems.sort_by_location();
            if args.json {
                write_json(out, &json!({ "valid": false, "problems": problems.list }))?;
            } else {
                let summary = format!(
                    "{}: invalid, {}",
                    document.name,
                    problem_count(problems.len())
                );
                write_problems(out, &problems, &summary)?;
            }
            Ok(ExitCode::from(EXIT_INVALID))
        }
    }
}
