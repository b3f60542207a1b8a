//! Command-line arguments (clap derive).

use crate::overrides::OverrideArgs;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Rollgate feature flags as code: validate, eval, explain, simulate, build, diff, lint and
/// codegen.
///
/// Rulesets are JSON, or YAML when the file name ends in .yaml or .yml. A flag project is a
/// directory with rollgate.yaml, its flag sources and environments: validate, build, diff, lint
/// and codegen read one, and build writes one ruleset per environment. Problems and findings
/// are listed as `file:line:column: path: message [kind]`.
#[derive(Debug, Parser)]
#[command(
    name = "rollgate",
    version,
    after_help = "The flow: edit the project, then `rollgate validate` and `rollgate lint`; in the \
                  pull request, `rollgate diff --git origin/main...HEAD --markdown`; once \
                  merged, `rollgate build --locked --out DIR` and publish DIR. Exit codes: 0 \
                  success; 1 invalid ruleset, project or context (validate: problems found; \
                  lint: a finding at level error; build: nothing written); 2 usage, I/O or \
                  git error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a ruleset, or every environment of a flag project, and list every problem; exit 1
    /// when there are any (for CI).
    Validate(ValidateArgs),
    /// Evaluate one flag (or all) for a context, or for every context of a JSON-lines file.
    Eval(EvalArgs),
    /// Show how a flag was decided for a context: every rule, check and bucket.
    Explain(ExplainArgs),
    /// Count how many users of a JSON-lines file get each variant of a flag.
    Simulate(SimulateArgs),
    /// Show what a change to the flags does (ruleset files, projects, git revisions): every
    /// change in words, warnings, and who gets another value over a sample of contexts.
    Diff(crate::diff::DiffArgs),
    /// Build a flag project (rollgate.yaml) into one plain ruleset per environment.
    Build(BuildArgs),
    /// Generate typed flag accessors for TypeScript, Kotlin or Swift from rulesets or a
    /// project.
    Codegen(crate::commands::codegen::CodegenArgs),
    /// Flag hygiene of a ruleset or of every environment of a project: missing owners, expired
    /// flags, dead rules, segments and variants, constant flags; exit 1 when a finding is at
    /// level error (for CI).
    Lint(crate::lint::LintArgs),
}

/// `rollgate validate FILE|PROJECT_DIR [--env NAME]...`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A ruleset file (JSON, or YAML by extension), or a project directory (the one with
    /// rollgate.yaml): then every environment is built, nothing written.
    #[arg(value_name = "FILE|PROJECT_DIR")]
    pub path: PathBuf,
    /// With a project, check only this environment (repeatable); default every one.
    #[arg(long = "env", value_name = "NAME")]
    pub environments: Vec<String>,
    /// Print `{"valid": bool, "problems": [...]}` instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Where evaluation contexts come from: one inline/file context or a JSON-lines file.
#[derive(Debug, Args)]
pub struct ContextArgs {
    /// The context: a JSON object, or @FILE to read it from a file (@- for stdin).
    /// Defaults to the empty context (an anonymous user).
    #[arg(long, value_name = "JSON|@FILE", conflicts_with = "contexts")]
    pub context: Option<String>,
    /// A JSON-lines file with one context object per line (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub contexts: Option<PathBuf>,
}

/// `rollgate build [PROJECT_DIR] --out DIR [--env NAME]... [--client] [--locked]`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The project directory (the one with rollgate.yaml).
    #[arg(default_value = ".", value_name = "PROJECT_DIR")]
    pub project: PathBuf,
    /// Where to write the rulesets, one `<environment>.json` each (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Build only this environment (repeatable); default every one.
    #[arg(long = "env", value_name = "NAME")]
    pub environments: Vec<String>,
    /// Client-safe rulesets: without server-only flags, private metadata, rule descriptions,
    /// annotations and unused segments.
    #[arg(long)]
    pub client: bool,
    /// Fail instead of updating rollgate.lock when an output changed (for CI).
    #[arg(long)]
    pub locked: bool,
    /// Print a JSON report instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `rollgate eval FILE (--flag KEY | --all) [--context ... | --contexts FILE] [--override F=V]...`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["flag", "all"]))]
pub struct EvalArgs {
    /// The ruleset file (JSON, or YAML by extension).
    pub file: PathBuf,
    /// The flag to evaluate.
    #[arg(long, value_name = "KEY")]
    pub flag: Option<String>,
    /// Evaluate every flag, in key order.
    #[arg(long)]
    pub all: bool,
    /// The context(s).
    #[command(flatten)]
    pub contexts: ContextArgs,
    /// Local overrides.
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Evaluation time: RFC 3339 (2026-12-03T00:00:00Z) or epoch milliseconds (1796256000000;
    /// seconds are refused); default now.
    #[arg(long, value_name = "TIME", value_parser = parse_now, allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print JSON instead of text (JSON lines are always used with --contexts).
    #[arg(long)]
    pub json: bool,
}

/// `rollgate explain FILE --flag KEY [--context ...] [--override F=V]...`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The ruleset file (JSON, or YAML by extension).
    pub file: PathBuf,
    /// The flag to explain.
    #[arg(long, value_name = "KEY")]
    pub flag: String,
    /// The context: a JSON object, or @FILE to read it from a file (@- for stdin).
    /// Defaults to the empty context.
    #[arg(long, value_name = "JSON|@FILE")]
    pub context: Option<String>,
    /// Local overrides.
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Evaluation time: RFC 3339 or epoch milliseconds (seconds are refused); default now.
    #[arg(long, value_name = "TIME", value_parser = parse_now, allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print the explanation as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `rollgate simulate FILE --flag KEY --contexts FILE [--percent P] [--override F=V]...`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The ruleset file (JSON, or YAML by extension).
    pub file: PathBuf,
    /// The flag to simulate.
    #[arg(long, value_name = "KEY")]
    pub flag: String,
    /// A JSON-lines file with one context object per line (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub contexts: PathBuf,
    /// What if every fixed-percent rollout of the flag were at P% (0 to 100)?
    #[arg(long, value_name = "P", value_parser = parse_percent)]
    pub percent: Option<f64>,
    /// Local overrides (applied with and without --percent).
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Evaluation time: RFC 3339 or epoch milliseconds (seconds are refused); default now.
    #[arg(long, value_name = "TIME", value_parser = parse_now, allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The smallest magnitude `--now` takes as epoch milliseconds: 10^11 ms is 1973-03-03, while
/// every epoch-seconds time from 1970 to the year 5138 is below it. A smaller number can only
/// be seconds (or a time in 1970–1973, which RFC 3339 still gives), so it is refused rather
/// than silently read as a date in 1970. Zero stays: it is the epoch in either unit.
const MIN_EPOCH_MS: i64 = 100_000_000_000;

/// Parses `--now`: an integer is epoch milliseconds, anything else must be RFC 3339.
pub(crate) fn parse_now(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(number) = text.parse::<i64>() {
        if number != 0 && number.unsigned_abs() < MIN_EPOCH_MS.unsigned_abs() {
            return Err(seconds_not_ms(number));
        }
        return Ok(number);
    }
    rollgate::time::parse_rfc3339_ms(text).map_err(|e| {
        format!("expected RFC 3339 (e.g. 2026-12-03T00:00:00Z) or epoch milliseconds: {e}")
    })
}

/// Why an epoch number too small for milliseconds is refused, and what it would be in them.
fn seconds_not_ms(seconds: i64) -> String {
    // |seconds| < 10^11, so the product fits an i64.
    let ms = seconds * 1000;
    let time = rollgate::time::format_instant(ms);
    format!(
        "epoch milliseconds expected, and {seconds} can only be seconds ({time}); in \
         milliseconds that is {ms}. Numbers below {MIN_EPOCH_MS} (1973-03-03) are refused: give \
         earlier times in RFC 3339"
    )
}

/// Parses `--percent`: a number from 0 to 100 (the core checks the 3-decimal limit).
fn parse_percent(text: &str) -> Result<f64, String> {
    let percent: f64 = text
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("expected a number from 0 to 100, found {text:?}"))?;
    if percent.is_finite() && (0.0..=100.0).contains(&percent) {
        Ok(percent)
    } else {
        Err(format!("expected a number from 0 to 100, found {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_accepts_epoch_ms_and_rfc3339() {
        assert_eq!(parse_now("1796083200000"), Ok(1_796_083_200_000));
        assert_eq!(parse_now("0"), Ok(0));
        assert_eq!(parse_now("100000000000"), Ok(100_000_000_000));
        assert_eq!(parse_now("-100000000000"), Ok(-100_000_000_000));
        assert_eq!(parse_now("1970-01-01T00:00:00.001Z"), Ok(1));
        assert_eq!(parse_now("2026-12-01T00:00:00Z"), Ok(1_796_083_200_000));
        assert!(parse_now("yesterday").unwrap_err().contains("RFC 3339"));
    }

    #[test]
    fn now_refuses_a_number_that_can_only_be_seconds() {
        assert_eq!(
            parse_now("1796342400").unwrap_err(),
            "epoch milliseconds expected, and 1796342400 can only be seconds \
             (2026-12-04T00:00:00.000Z); in milliseconds that is 1796342400000. Numbers below \
             100000000000 (1973-03-03) are refused: give earlier times in RFC 3339"
        );
        for seconds in ["1", "-1", "99999999999", "-99999999999"] {
            assert!(
                parse_now(seconds)
                    .unwrap_err()
                    .contains("can only be seconds"),
                "{seconds}"
            );
        }
    }

    #[test]
    fn percent_is_bounded() {
        assert_eq!(parse_percent("25"), Ok(25.0));
        assert_eq!(parse_percent("12.5%"), Ok(12.5));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("-1").is_err());
        assert!(parse_percent("NaN").is_err());
        assert!(parse_percent("ten").is_err());
    }
}
