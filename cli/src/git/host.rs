//! Git run by the host: the WASI implementation of [`super::run`] and [`super::Batch`].
//!
//! A WASI module cannot start processes, so the npm launcher (npm/cli/rollgate.mjs) provides
//! two imports in the module namespace `rollgate_host` and runs git itself, with Node's
//! `child_process.spawnSync`, in the current directory and with the `PATH` of the launcher:
//!
//! - `git_run(request, request_len) -> answer_len` runs one git command and keeps its answer;
//! - `git_answer(into, answer_len)` copies the kept answer into the module's memory.
//!
//! Integers are u32 little-endian. The request: the stdout limit, then length-prefixed byte
//! strings: the directory for `-C` (empty for none), the bytes for git's stdin, then each
//! argument. The answer: a status (0 exited with 0, 1 exited otherwise, 2 could not start),
//! the length of stdout, stdout, then the rest: stderr, or with status 2 why git could not
//! start, in the words of the native error ("No such file or directory").

use super::{read_batch_answer, Output};
use std::io;
use std::path::{Path, PathBuf};

#[link(wasm_import_module = "rollgate_host")]
extern "C" {
    fn git_run(request: *const u8, request_len: usize) -> usize;
    fn git_answer(into: *mut u8, answer_len: usize);
}

/// See [`super::run`].
pub fn run(
    dir: Option<&Path>,
    args: &[&str],
    input: &[u8],
    stdout_limit: usize,
) -> io::Result<Output> {
    let mut request = Vec::new();
    push_u32(&mut request, stdout_limit);
    let dir = dir.map_or(&[][..], |dir| dir.as_os_str().as_encoded_bytes());
    for field in [dir, input]
        .into_iter()
        .chain(args.iter().map(|a| a.as_bytes()))
    {
        push_u32(&mut request, field.len());
        request.extend_from_slice(field);
    }
    let answer = call(&request);
    let (status, rest) = split_u32(&answer)?;
    let (stdout_len, rest) = split_u32(rest)?;
    let (stdout, stderr) = rest.split_at_checked(stdout_len).ok_or_else(malformed)?;
    match status {
        0 | 1 => Ok(Output {
            success: status == 0,
            stdout: stdout.to_vec(),
            stderr: stderr.to_vec(),
        }),
        _ => Err(io::Error::other(
            String::from_utf8_lossy(stderr).into_owned(),
        )),
    }
}

#[allow(unsafe_code)]
fn call(request: &[u8]) -> Vec<u8> {
    // SAFETY: the host reads `request.len()` bytes at `request.as_ptr()`, a live slice, and
    // keeps the answer on its side; `git_answer` then writes exactly `answer_len` bytes (the
    // length it returned) into `answer`, a buffer of that length. The host calls nothing of
    // the module in between, so no other code sees either buffer.
    unsafe {
        let answer_len = git_run(request.as_ptr(), request.len());
        let mut answer = vec![0u8; answer_len];
        git_answer(answer.as_mut_ptr(), answer_len);
        answer
    }
}

fn push_u32(bytes: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    bytes.extend_from_slice(&n.to_le_bytes());
}

fn split_u32(bytes: &[u8]) -> io::Result<(usize, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<4>().ok_or_else(malformed)?;
    let n = usize::try_from(u32::from_le_bytes(*head)).map_err(|_| malformed())?;
    Ok((n, rest))
}

fn malformed() -> io::Error {
    io::Error::other("malformed answer from the host's git_run")
}

/// Each request is one `git cat-file --batch` run.
pub struct Batch {
    dir: Option<PathBuf>,
}

impl Batch {
    /// See [`super::Batch::start`]. Checks that git can be started, as the native batch does.
    pub fn start(dir: Option<&Path>) -> io::Result<Batch> {
        run(dir, &["--version"], b"", usize::MAX)?;
        Ok(Batch {
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// See [`super::Batch::blob`].
    pub fn blob(&mut self, object: &str) -> io::Result<Option<Vec<u8>>> {
        let request = format!("{object}\n");
        let output = run(
            self.dir.as_deref(),
            &["cat-file", "--batch"],
            request.as_bytes(),
            usize::MAX,
        )?;
        read_batch_answer(&mut output.stdout.as_slice())
    }
}
