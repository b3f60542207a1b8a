//! `rollgate explain`: the core's trace of one evaluation.

use super::require_flag;
use crate::args::ExplainArgs;
use crate::error::CliError;
use crate::load;
use crate::output::{system_now, write_json};
use std::io::Write;
use std::process::ExitCode;

/// Prints the core's `Explanation` (its report, or JSON with `--json`).
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let ruleset = load::ruleset(&args.file)?;
    require_flag(&ruleset, &args.flag)?;
    let ruleset = args.overrides.apply(ruleset)?;
    let (_, context) = load::context_arg(args.context.as_deref())?;
    let now = args.now.unwrap_or_else(system_now);
    let explanation = ruleset.explain(&args.flag, &context, now);
    if args.json {
        write_json(out, &explanation)?;
    } else {
        // The core's report: the explanation's lines, then the time (ramps depend on it, and by
        // default it is the clock's) and the revision. The devtools panel shows the same lines.
        for line in explanation.report(ruleset.revision()) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
