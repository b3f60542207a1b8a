//! The CLI's errors and the exit code each one maps to.
//!
//! It sits one layer above `output` (whose `problem_count` it uses); `output` never imports
//! from here (its writers return
//! `io::Result`, which `?` converts into a [`CliError`] through the `From<io::Error>` below).

use crate::output::problem_count;
use rollgate_project::files::describe_error;
use rollgate_project::Problems;
use std::fmt;
use std::io;
use std::process::ExitCode;

/// Exit code for an invalid ruleset or context, and for `validate` finding problems.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for usage and I/O errors (clap uses 2 for bad arguments as well).
pub const EXIT_USAGE: u8 = 2;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The arguments make no sense together (unknown flag key, `--percent` with no rollout, ...).
    Usage(String),
    /// A file (or stdin/stdout) could not be read or written.
    Io {
        /// What was being read or written, e.g. the file name.
        what: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A context (or other input data) is invalid.
    Invalid(String),
    /// The ruleset does not load; every problem is listed, with its line and column.
    InvalidRuleset {
        /// The file it came from.
        file: String,
        /// Every problem, located in the file.
        problems: Problems,
    },
    /// A flag project does not load or build; every problem is listed, located in its files.
    InvalidProject {
        /// The project as named (its directory, or `REV:DIR` for a git revision).
        name: String,
        /// Every problem, in file order.
        problems: Problems,
    },
    /// The reader of our output went away (`rollgate eval ... | head`): stop quietly.
    BrokenPipe,
}

impl CliError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Io { .. } => EXIT_USAGE,
            CliError::Invalid(_)
            | CliError::InvalidRuleset { .. }
            | CliError::InvalidProject { .. } => EXIT_INVALID,
            CliError::BrokenPipe => 0,
        }
    }

    /// Prints the error on stderr and returns the exit code.
    pub fn report(&self) -> ExitCode {
        if !matches!(self, CliError::BrokenPipe) {
            eprintln!("rollgate: error: {self}");
        }
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Invalid(message) => f.write_str(message),
            CliError::Io { what, source } => write!(f, "{what}: {}", describe_error(source)),
            CliError::InvalidRuleset { file, problems } => {
                write!(
                    f,
                    "{file}: invalid ruleset ({})",
                    problem_count(problems.len())
                )?;
                for problem in &problems.list {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            CliError::InvalidProject { name, problems } => {
                write!(
                    f,
                    "{name}: invalid project ({})",
                    problem_count(problems.len())
                )?;
                for problem in &problems.list {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            CliError::BrokenPipe => f.write_str("broken pipe"),
        }
    }
}

impl std::error::Error for CliError {}

/// Errors writing to stdout.
impl From<io::Error> for CliError {
    fn from(source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Io {
                what: "stdout".into(),
                source,
            }
        }
    }
}
