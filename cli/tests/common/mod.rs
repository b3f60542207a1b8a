//! What every end-to-end test file needs: running the `rollgate` under test.

#![allow(dead_code)] // Each test file uses its own part.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A finished run: exit code and output.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as JSON (fails the test when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the binary under test with `args`.
pub fn rollgate(args: &[&str]) -> Run {
    finished(
        Command::new(env!("CARGO_BIN_EXE_rollgate"))
            .args(args)
            .output(),
    )
}

/// Runs the binary under test with `args` in `dir` (paths in its output are relative to it).
pub fn rollgate_in(dir: &Path, args: &[&str]) -> Run {
    finished(
        Command::new(env!("CARGO_BIN_EXE_rollgate"))
            .args(args)
            .current_dir(dir)
            .output(),
    )
}

fn finished(output: std::io::Result<Output>) -> Run {
    let output = output.expect("run rollgate");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// A fresh scratch directory `name` for one test of the test file `group`.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}
