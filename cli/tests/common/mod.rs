//! What every end-to-end test of the binary needs: run `rollgate`, keep its exit code and
//! output.
// Each test crate includes this module and uses part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::process::Command;

/// One run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as JSON (the test fails when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the `rollgate` under test with these arguments.
pub fn rollgate(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rollgate"))
        .args(args)
        .output()
        .expect("run rollgate");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}
