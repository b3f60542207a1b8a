//! Git as a reader of earlier revisions, without checking anything out: the one place the CLI
//! runs it, for `diff --git` and `lint --git`.
//!
//! Natively git is a child process. WebAssembly under WASI (the npm package's CLI, ADR 0023)
//! cannot start processes, so there the host runs git for it: the npm launcher provides the
//! `rollgate_host` imports (`git/host.rs`). Both run the `git` of the user's `PATH` in the
//! current directory with the same arguments, so what the commands built on them print is the
//! same.
//! Everything else about git (which commands, how their output is read) is written once for
//! both: by the callers, and by [`Tree`], a directory as it is in a commit, readable as a
//! project.

#[cfg(target_os = "wasi")]
mod host;
#[cfg(not(target_os = "wasi"))]
mod process;
mod tree;

pub use tree::{Found, Tree};

#[cfg(target_os = "wasi")]
use host as platform;
#[cfg(not(target_os = "wasi"))]
use process as platform;

use std::io::{self, BufRead, Read};
use std::path::Path;

/// What a finished git command left.
#[derive(Debug)]
pub struct Output {
    /// Whether git exited with status 0.
    pub success: bool,
    /// Its standard output, cut at the `stdout_limit` of [`run`].
    pub stdout: Vec<u8>,
    /// Its standard error.
    pub stderr: Vec<u8>,
}

impl Output {
    /// Its stdout as text (lossily decoded).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The first line of stderr without git's `fatal: `: what a message quotes.
    pub fn reason(&self) -> String {
        String::from_utf8_lossy(&self.stderr)
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("fatal: ")
            .to_owned()
    }
}

/// Runs `git [-C dir] ARGS` with `input` on its stdin, to completion. Its stdout is read up to
/// `stdout_limit` bytes; at the limit git is stopped (so a huge `git show` costs no more than
/// the limit). `Err` when git cannot be started at all (not installed, not on `PATH`).
pub fn run(
    dir: Option<&Path>,
    args: &[&str],
    input: &[u8],
    stdout_limit: usize,
) -> io::Result<Output> {
    platform::run(dir, args, input, stdout_limit)
}

/// `git cat-file --batch` in a directory (the current one when `None`): reads objects (`REV:PATH`) one after another, as they
/// are asked for, so a walk through history can stop early. Natively one process answers
/// every request; on WASI each request is one run of the same command.
pub struct Batch(platform::Batch);

impl Batch {
    /// Starts the batch in `dir`. `Err` when git cannot be started.
    pub fn start(dir: Option<&Path>) -> io::Result<Batch> {
        platform::Batch::start(dir).map(Batch)
    }

    /// The bytes of the blob `object`; `None` when there is no such object or it is not a
    /// blob (a directory in that revision).
    pub fn blob(&mut self, object: &str) -> io::Result<Option<Vec<u8>>> {
        self.0.blob(object)
    }
}

/// Reads one answer of `git cat-file --batch`: `<oid> <type> <size>`, the contents and a
/// newline, or `<object> missing`.
fn read_batch_answer(output: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut header = String::new();
    output.read_line(&mut header)?;
    let mut fields = header.split_whitespace();
    let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next()) else {
        return Ok(None);
    };
    let size: u64 = size
        .parse()
        .map_err(|_| io::Error::other(format!("unexpected header {header:?}")))?;
    let mut bytes = Vec::new();
    output.take(size).read_to_end(&mut bytes)?;
    let mut newline = [0u8; 1];
    output.read_exact(&mut newline)?;
    Ok((kind == "blob").then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_answers_are_read_one_at_a_time() {
        let mut answers: &[u8] =
            b"a1b2 blob 5\nhello\nHEAD:x missing\nc3d4 tree 3\nabc\nd5e6 blob 0\n\n";
        assert_eq!(
            read_batch_answer(&mut answers).unwrap(),
            Some(b"hello".to_vec())
        );
        assert_eq!(read_batch_answer(&mut answers).unwrap(), None);
        assert_eq!(read_batch_answer(&mut answers).unwrap(), None);
        assert_eq!(read_batch_answer(&mut answers).unwrap(), Some(Vec::new()));
        assert!(read_batch_answer(&mut &b"a1 blob x\n"[..]).is_err());
        assert!(read_batch_answer(&mut &b"a1 blob 9\nshort"[..]).is_err());
    }

    #[test]
    fn a_reason_is_the_first_line_of_stderr_without_fatal() {
        let output = Output {
            success: false,
            stdout: b"x\xff".to_vec(),
            stderr: b"fatal: path 'a' does not exist in 'main'\nhint: more\n".to_vec(),
        };
        assert_eq!(output.reason(), "path 'a' does not exist in 'main'");
        assert_eq!(output.stdout_text(), "x\u{fffd}");
    }

    #[test]
    fn a_command_runs_to_completion_and_its_output_is_cut_at_the_limit() {
        let version = run(None, &["--version"], b"", usize::MAX).unwrap();
        assert!(version.success);
        assert!(version.stdout.starts_with(b"git version"));
        let cut = run(None, &["--version"], b"", 3).unwrap();
        assert_eq!(cut.stdout, b"git");
        let refused = run(None, &["no-such-command"], b"", usize::MAX).unwrap();
        assert!(!refused.success);
        assert!(!refused.stderr.is_empty());
    }
}
