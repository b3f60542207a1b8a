//! One module per subcommand; each writes its output to `out` and returns the exit code.

mod build;
pub mod codegen;
mod diff;
mod eval;
mod explain;
mod lint;
mod simulate;
mod validate;

use crate::args::Command;
use crate::error::CliError;
use rollgate::suggest::did_you_mean;
use rollgate::Ruleset;
use std::io::Write;
use std::process::ExitCode;

/// Runs a subcommand.
pub fn run(command: Command, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    match command {
        Command::Validate(args) => validate::run(&args, out),
        Command::Eval(args) => eval::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Simulate(args) => simulate::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::Build(args) => build::run(&args, out),
        Command::Codegen(args) => codegen::run(&args, out),
        Command::Lint(args) => lint::run(&args, out),
    }
}

/// Fails with the closest keys and the list of flags when `key` is not one of them: for a
/// person at a terminal a typo is a usage error, not a FLAG_NOT_FOUND result to puzzle over.
/// The suggestion follows the core's rule for unknown names, so it reads like the loader's.
fn require_flag(ruleset: &Ruleset, key: &str) -> Result<(), CliError> {
    if ruleset.flag(key).is_some() {
        return Ok(());
    }
    let keys: Vec<&str> = ruleset.flag_keys().collect();
    Err(CliError::Usage(format!(
        "no flag {key:?} in the ruleset{}; flags: {}",
        did_you_mean(key, &keys),
        if keys.is_empty() {
            "(none)".to_owned()
        } else {
            keys.join(", ")
        }
    )))
}
