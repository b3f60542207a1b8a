//! `rollgate`: feature flags as code from the shell. `validate`, `eval`, `explain` and
//! `simulate` read a ruleset; `build` turns a flag project (`rollgate_project`) into one
//! ruleset per environment; `diff` shows what a change does to users (files, projects, git
//! revisions); `lint` reports flag hygiene; `codegen` writes typed accessors for TypeScript,
//! Kotlin and Swift. `validate`, `diff`, `lint` and `codegen` take a project directory as well
//! as a ruleset file (docs/workflow.md walks the whole flow).
//!
//! Every command loads a ruleset (JSON, or YAML converted to the same JSON model) with the
//! core, or a project, and prints readable text, or JSON with `--json` (Markdown too for
//! `diff`). Exit codes: 0 success, 1 an invalid ruleset, project or context (or `validate`
//! found problems, or `lint` a finding at level error), 2 a usage, I/O or git error.

// Stricter than the workspace's `deny` (root Cargo.toml): the CLI has no FFI or allocator to
// write, so no item may even allow unsafe code. The one exception is the WASI build's import
// of git from its host (git/host.rs, ADR 0023), which is not compiled natively.
#![cfg_attr(not(target_os = "wasi"), forbid(unsafe_code))]

mod args;
mod codegen;
mod commands;
mod diff;
mod error;
mod git;
mod lint;
mod load;
mod output;
mod progress;
mod project;
mod read;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(target_os = "wasi")]
    enter_host_directory();
    let cli = args::Cli::parse();
    let stdout = std::io::stdout();
    // Buffered: `eval --contexts` writes one line per user, thousands of them.
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = commands::run(cli.command, &mut out).and_then(|code| {
        out.flush().map_err(error::CliError::from)?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            // Flush whatever was produced before the failure so that it is not lost.
            let _ = out.flush();
            error.report()
        }
    }
}

/// Under WASI (ADR 0023) the module starts in `/`; relative paths must resolve from the
/// directory the user ran the command in, which the launcher passes as `PWD` (with the host's
/// `/` mapped to the module's `/`). Without it, paths resolve from `/`.
#[cfg(target_os = "wasi")]
fn enter_host_directory() {
    if let Some(dir) = std::env::var_os("PWD") {
        let _ = std::env::set_current_dir(dir);
    }
}
