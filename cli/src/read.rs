//! Reading a ruleset's text without ever reading past the core's size limit.
//!
//! The core refuses a ruleset over [`MAX_RULESET_BYTES`], but only once the text is in memory.
//! The bounded reads themselves are the project crate's ([`read_file`], [`read_limited`]);
//! here a text they refuse becomes a problem of the ruleset, in the core's words.

use crate::error::CliError;
use rollgate::limits::{check_ruleset_size, MAX_RULESET_BYTES};
use rollgate::{LoadError, ProblemKind};
use rollgate_project::files::{read_file, read_limited, too_large};
use std::io;
use std::path::Path;

/// The text of a ruleset file, or stdin for `-`. The outer error is an I/O failure (a usage
/// error, exit 2); the inner one a ruleset over the size limit, a problem of the ruleset like
/// any other (exit 1, listed by `validate`).
pub fn ruleset_text(path: &Path) -> Result<Result<String, LoadError>, CliError> {
    let read = if path == Path::new("-") {
        read_limited(io::stdin().lock(), 0, MAX_RULESET_BYTES)
    } else {
        read_file(path, MAX_RULESET_BYTES)
    };
    as_ruleset(read).map_err(|source| CliError::Io {
        what: path.display().to_string(),
        source,
    })
}

/// A bounded read's outcome for a ruleset: a text over the limit is a problem of the ruleset
/// (`limit_exceeded`), any other failure stays an I/O error. Also reads `git show` output.
pub fn as_ruleset(read: io::Result<String>) -> io::Result<Result<String, LoadError>> {
    match read {
        Ok(text) => Ok(Ok(text)),
        Err(error) => match too_large(&error) {
            // A size the file system told: the core's own refusal of that size.
            Some(refused) => Ok(Err(refused
                .size
                .and_then(|size| check_ruleset_size(usize::try_from(size).ok()?).err())
                .unwrap_or_else(|| {
                    LoadError::single("", ProblemKind::LimitExceeded, refused.describe("ruleset"))
                }))),
            None => Err(error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_text_is_a_problem_of_the_ruleset() {
        let error = as_ruleset(read_limited(&[b' '; 1001][..], 0, 1000))
            .unwrap()
            .unwrap_err();
        assert_eq!(error.problems[0].kind, ProblemKind::LimitExceeded);
        assert_eq!(
            error.problems[0].message,
            "ruleset is over 1000 bytes, the limit (reading stopped there)"
        );
        let other = as_ruleset(read_limited(&b"{\xff}"[..], 3, 1000)).unwrap_err();
        assert_eq!(other.kind(), io::ErrorKind::InvalidData);
    }
}
