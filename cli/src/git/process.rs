//! Git as a child process: the native implementation of [`super::run`] and [`super::Batch`].

use super::{read_batch_answer, Output};
use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

fn git(dir: Option<&Path>) -> Command {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    command
}

/// See [`super::run`].
pub fn run(
    dir: Option<&Path>,
    args: &[&str],
    input: &[u8],
    stdout_limit: usize,
) -> io::Result<Output> {
    let mut child = git(dir)
        .args(args)
        .stdin(if input.is_empty() {
            Stdio::null()
        } else {
            Stdio::piped()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // Small requests (object names): written whole before reading; dropped to close it.
        stdin.write_all(input)?;
    }
    if stdout_limit == usize::MAX {
        // No limit: stdout and stderr read together, so neither pipe can fill up and stall git.
        let output = child.wait_with_output()?;
        return Ok(Output {
            success: output.status.success(),
            stdout: output.stdout,
            stderr: output.stderr,
        });
    }
    let mut stdout = Vec::new();
    let limit = u64::try_from(stdout_limit).unwrap_or(u64::MAX);
    if let Some(pipe) = child.stdout.take() {
        pipe.take(limit).read_to_end(&mut stdout)?;
    }
    // Stop git if the limit cut the read short; it may be blocked writing the rest.
    if stdout.len() >= stdout_limit {
        let _ = child.kill();
    }
    let output = child.wait_with_output()?;
    Ok(Output {
        success: output.status.success(),
        stdout,
        stderr: output.stderr,
    })
}

/// One `git cat-file --batch` process for every request.
pub struct Batch {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Batch {
    /// See [`super::Batch::start`].
    pub fn start(dir: Option<&Path>) -> io::Result<Batch> {
        let mut child = git(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(io::Error::other("no pipes"));
        };
        Ok(Batch {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    /// See [`super::Batch::blob`].
    pub fn blob(&mut self, object: &str) -> io::Result<Option<Vec<u8>>> {
        writeln!(self.input, "{object}")?;
        self.input.flush()?;
        read_batch_answer(&mut self.output)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Stop cat-file and wait, so that no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
