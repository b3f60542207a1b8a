//! `rollgate lint`'s arguments (kept beside the linter, so that the CLI's argument list only
//! names the subcommand).

use clap::Args;
use std::path::PathBuf;

/// `rollgate lint [FILE|PROJECT_DIR] [--env NAME]... [--config FILE] [--now TIME] [--git]
/// [--json]`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// A ruleset file (JSON, or YAML by extension), or a project directory (the one with
    /// rollgate.yaml): then every environment is built and linted, with the settings of the
    /// project file's `lint:` section.
    #[arg(default_value = ".", value_name = "FILE|PROJECT_DIR")]
    pub path: PathBuf,
    /// With a project, lint only this environment (repeatable); default every one.
    #[arg(long = "env", value_name = "NAME")]
    pub environments: Vec<String>,
    /// The checks' levels and options: a YAML or JSON file holding a project file's `lint:`
    /// section (without the `lint:` key), instead of the project's. Default: every check at
    /// warn (invalid_expires at error), required metadata "owner".
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The time `expires` dates and ramps are judged at: RFC 3339 or epoch milliseconds;
    /// default now.
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_now, allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Say how long each constant flag has been so, from the git history of the file (or of
    /// the project directory).
    #[arg(long)]
    pub git: bool,
    /// Print `{"findings": [...], ...}` instead of text.
    #[arg(long)]
    pub json: bool,
}
