//! Reading a ruleset's text without ever reading past the core's size limit.
//!
//! The core refuses a ruleset over [`MAX_RULESET_BYTES`], but only once the text is in memory.
//! Reading a 300 MB file whole just to refuse it would cost 300 MB, so a file's size is checked
//! before any byte is read, and every read (files whose size the file system does not report,
//! pipes, stdin) stops one byte past the limit.

use crate::error::CliError;
use rollgate::limits::{check_ruleset_size, MAX_RULESET_BYTES};
use rollgate::{LoadError, ProblemKind};
use rollgate_project::files::open_file;
use std::io::{self, Read};
use std::path::Path;

/// The text of a ruleset file, or stdin for `-`. The outer error is an I/O failure (a usage
/// error, exit 2); the inner one a ruleset over the size limit, a problem of the ruleset like
/// any other (exit 1, listed by `validate`).
pub fn ruleset_text(path: &Path) -> Result<Result<String, LoadError>, CliError> {
    let io_error = |source| CliError::Io {
        what: path.display().to_string(),
        source,
    };
    if path == Path::new("-") {
        return read_limited(io::stdin().lock(), 0, MAX_RULESET_BYTES).map_err(io_error);
    }
    let (file, size) = open_file(path).map_err(io_error)?;
    if let Err(too_large) = check_ruleset_size(usize::try_from(size).unwrap_or(usize::MAX)) {
        return Ok(Err(too_large));
    }
    read_limited(file, size, MAX_RULESET_BYTES).map_err(io_error)
}

/// Reads at most `limit + 1` bytes of UTF-8 text: the extra byte tells a text of exactly
/// `limit` bytes from a longer one, which is refused without reading further. `expected` is
/// the size when known (0 otherwise), to allocate once. Also reads `git show` output.
pub fn read_limited(
    reader: impl Read,
    expected: u64,
    limit: usize,
) -> io::Result<Result<String, LoadError>> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(cap)).unwrap_or(0));
    reader.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(LoadError::single(
            "",
            ProblemKind::LimitExceeded,
            format!("ruleset is over {limit} bytes, the limit (reading stopped there)"),
        )));
    }
    String::from_utf8(bytes)
        .map(Ok)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of `len` spaces that counts the bytes handed out.
    struct Counting {
        left: u64,
        read: u64,
    }

    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf
                .len()
                .min(usize::try_from(self.left).unwrap_or(usize::MAX));
            buf[..n].fill(b' ');
            self.left -= n as u64;
            self.read += n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_long_input_is_refused_after_one_byte_past_the_limit() {
        let mut source = Counting {
            left: 300_000_000,
            read: 0,
        };
        let error = read_limited(&mut source, 0, 1000).unwrap().unwrap_err();
        assert_eq!(source.read, 1001, "read no further than the limit + 1");
        assert_eq!(error.problems[0].kind, ProblemKind::LimitExceeded);
        assert_eq!(
            error.problems[0].message,
            "ruleset is over 1000 bytes, the limit (reading stopped there)"
        );
    }

    #[test]
    fn an_input_of_exactly_the_limit_is_read() {
        let mut source = Counting {
            left: 1000,
            read: 0,
        };
        let text = read_limited(&mut source, 1000, 1000).unwrap().unwrap();
        assert_eq!(text.len(), 1000);
    }

    #[test]
    fn invalid_utf8_is_an_io_error() {
        let error = read_limited(&b"{\xff}"[..], 3, 1000).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }
}
