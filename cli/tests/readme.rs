//! Every `rollgate` command the README shows runs, from the repository root, and succeeds:
//! the lines of its ```sh blocks that start with `rollgate`, and the quick start's
//! `cargo run -q -p rollgate-cli -- ARGS`. What each prints is tested by `cli.rs`, and
//! examples/README.md shows it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The README's command lines (continuations joined) that run the CLI, as `rollgate ARGS`.
fn readme_commands(readme: &str) -> Vec<String> {
    let mut commands = Vec::new();
    for block in readme.split("```sh\n").skip(1) {
        let body = block.split("```").next().unwrap_or("");
        for line in body.replace("\\\n", " ").lines() {
            let line = line.trim();
            if let Some((_, args)) = line.split_once("cargo run -q -p rollgate-cli -- ") {
                commands.push(format!("rollgate {args}"));
            } else if line.starts_with("rollgate ") {
                commands.push(line.to_string());
            }
        }
    }
    commands
}

#[test]
fn every_readme_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = readme_commands(&readme);
    assert!(
        commands.len() >= 5,
        "expected the README's CLI commands, found {commands:?}"
    );

    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_rollgate"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in commands {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .env("PATH", &path)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README command failed ({}): {command}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty(),
            "README command printed nothing: {command}"
        );
    }
}
