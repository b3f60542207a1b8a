//! `rollgate diff` arguments (kept with the command so that `args.rs` only names it).

use clap::Args;
use std::path::PathBuf;

/// `rollgate diff OLD NEW` or `rollgate diff --git A..B [PATH]`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 whether or not there are changes (1 with --exit-code and \
                        changes); 1 an invalid ruleset or project; 2 a usage, I/O or git error \
                        (such as a revision that does not exist)."
)]
pub struct DiffArgs {
    /// The old ruleset file (JSON, or YAML by extension) or project directory; with --git,
    /// the file or project to compare between the two revisions (default: the current
    /// directory, a project).
    #[arg(value_name = "OLD")]
    pub old: Option<PathBuf>,
    /// The new ruleset file or project directory (not with --git).
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// Compare OLD as it is in two git revisions: A..B, A.. (A and HEAD), A...B (B and its
    /// merge base with A, as a pull request shows it), or A alone (A and the working tree).
    #[arg(long, value_name = "A..B")]
    pub git: Option<String>,
    /// With projects, compare only this environment (repeatable); default every one, paired
    /// by name.
    #[arg(long = "env", value_name = "NAME")]
    pub environments: Vec<String>,
    /// With projects, compare the client-safe builds (as `build --client` writes them).
    #[arg(long)]
    pub client: bool,
    /// A JSON-lines file of contexts (- for stdin): count, for each changed flag, the users
    /// who get another value. Lines that are not valid contexts are counted and left out.
    #[arg(long, value_name = "FILE")]
    pub contexts: Option<PathBuf>,
    /// Evaluation time for ramps and the sample: RFC 3339 or epoch milliseconds (seconds are
    /// refused); default now.
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_now, allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print the report as JSON (structure in docs/diff.md).
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print the report as Markdown, for a pull-request comment.
    #[arg(long)]
    pub markdown: bool,
    /// Exit 1 when anything differs and 0 when nothing does, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
}
