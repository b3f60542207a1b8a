#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `rollgate codegen` end to end: the TypeScript it writes type-checks app code with `tsc`
//! (a typo'd key fails to compile, with the expected error), the output for the naming and
//! escaping edge cases (tests/codegen/edge.json) is what its golden files show, and bad input
//! is refused.
//!
//! The TypeScript compiles against a stand-in of the npm package's declarations
//! (tests/codegen/typescript/rollgate.d.ts) with `tsc` from tools/ (scripts/setup.sh). The
//! Kotlin output is compiled and run on the JVM by scripts/test-mobile.sh; Swift is not compiled
//! anywhere here (no compiler for this platform): its golden file is what a reader checks.
//!
//! After a deliberate change of output, `UPDATE_GOLDEN=1 cargo test -p rollgate-cli --test
//! codegen` rewrites the golden files (review the diff).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `rollgate` from the repository root (so that headers quote relative paths).
fn rollgate(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rollgate"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run rollgate");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// The generated code, failing the test on any error.
fn generate(lang: &str, files: &[&str]) -> String {
    let mut args = vec!["codegen", "--lang", lang];
    args.extend_from_slice(files);
    let run = rollgate(&args);
    assert_eq!(run.code, 0, "rollgate {args:?}: {}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rollgate-codegen-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Type-checks `files` (name → text) with the stand-in package declarations, in strict mode.
/// Returns whether tsc succeeded, and its diagnostics.
fn tsc(name: &str, files: &[(&str, &str)]) -> (bool, String) {
    let tsc = repo_root().join("tools/node_modules/.bin/tsc");
    assert!(
        tsc.exists(),
        "{} is missing: run scripts/setup.sh (it installs the pinned TypeScript)",
        tsc.display()
    );
    let dir = scratch(name);
    let fixture = repo_root().join("tests/codegen/typescript/rollgate.d.ts");
    std::fs::copy(fixture, dir.join("rollgate.d.ts")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let names: Vec<String> = files.iter().map(|(f, _)| format!("{f:?}")).collect();
    let config = format!(
        r#"{{
  "compilerOptions": {{
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "types": [],
    "paths": {{ "rollgate": ["./rollgate.d.ts"] }}
  }},
  "files": [{}]
}}
"#,
        names.join(", ")
    );
    std::fs::write(dir.join("tsconfig.json"), config).unwrap();
    let output = Command::new(&tsc)
        .args(["-p", "tsconfig.json", "--pretty", "false"])
        .current_dir(&dir)
        .output()
        .expect("run tsc");
    let mut text = String::from_utf8(output.stdout).unwrap();
    text.push_str(&String::from_utf8(output.stderr).unwrap());
    (output.status.success(), text)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/codegen/typescript").join(name)).unwrap()
}

#[test]
fn typescript_types_correct_use_of_the_example_flags() {
    let flags = generate("ts", &["examples/flags.json"]);
    let (ok, diagnostics) = tsc(
        "usage",
        &[("flags.ts", &flags), ("usage.ts", &fixture("usage.ts"))],
    );
    assert!(ok, "usage.ts must compile:\n{diagnostics}");
}

#[test]
fn typescript_mistakes_each_fail_with_their_error() {
    let flags = generate("ts", &["examples/flags.json"]);
    let mistakes = fixture("mistakes.ts");
    // (line, code) of every `// error: TSnnnn` marker.
    let expected: BTreeSet<(usize, String)> = mistakes
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let code = line.split("// error: ").nth(1)?;
            Some((i + 1, code.split_whitespace().next()?.to_owned()))
        })
        .collect();
    assert_eq!(expected.len(), 6, "markers in mistakes.ts");
    let (ok, diagnostics) = tsc(
        "mistakes",
        &[("flags.ts", &flags), ("mistakes.ts", &mistakes)],
    );
    assert!(!ok, "mistakes.ts compiled:\n{diagnostics}");
    // `mistakes.ts(9,38): error TS2345: Argument of type ...`
    let errors: BTreeSet<(usize, String)> = diagnostics
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("mistakes.ts(")?;
            let (line_no, rest) = rest.split_once(',')?;
            let code = rest.split("error ").nth(1)?.split(':').next()?;
            Some((line_no.parse().ok()?, code.to_owned()))
        })
        .collect();
    assert_eq!(errors, expected, "\n{diagnostics}");
    assert!(
        diagnostics
            .lines()
            .all(|l| l.starts_with("mistakes.ts(") || l.starts_with(' ') || l.is_empty()),
        "errors outside mistakes.ts:\n{diagnostics}"
    );
    // The typo's error names the boolean flags, the keys `isEnabled` takes (tsc is pinned in
    // tools/package.json, so its wording is stable).
    assert!(
        diagnostics.lines().any(|l| l
            == "mistakes.ts(9,38): error TS2345: Argument of type '\"new-chekout\"' is not \
                assignable to parameter of type '\"dark-mode\" | \"dark-mode-v2\" | \
                \"new-checkout\" | \"payments-v3\" | \"search-v2\"'."),
        "{diagnostics}"
    );
}

#[test]
fn without_the_generated_file_a_typo_compiles() {
    // The stand-in accepts any key until flags are declared: the error above comes from the
    // generated augmentation, not from the stand-in.
    let app = "import { createClient } from \"rollgate\";\n\
               export const typo = createClient({ url: \"/f\" }).isEnabled(\"new-chekout\");\n";
    let (ok, diagnostics) = tsc("no-flags", &[("app.ts", app)]);
    assert!(ok, "{diagnostics}");
}

#[test]
fn typescript_of_the_edge_cases_compiles_with_its_types() {
    let flags = generate("ts", &["tests/codegen/edge.json"]);
    let app = r#"import type { Flags } from "rollgate";
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const quoted: Equals<Flags["quote\"d$"], "$x" | "a\"b" | "c\\d" | "tab\there" | "été"> = true;
export const layout: Equals<Flags["layout"], "HTMLParser" | "default" | "in" | "single page"> = true;
export const config: Equals<Flags["config"]["tags"], readonly (string | number)[]> = true;
export const servers: Equals<Flags["config"]["servers"], undefined | ReadonlyArray<{ readonly host: string; readonly port?: number }>> = true;
export const empty: Equals<Flags["empty"], Record<string, never>> = true;
"#;
    let (ok, diagnostics) = tsc("edge", &[("flags.ts", &flags), ("app.ts", app)]);
    assert!(ok, "{diagnostics}");
}

#[test]
fn edge_cases_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (lang, ext) in [("ts", "ts"), ("kotlin", "kt"), ("swift", "swift")] {
        let code = generate(lang, &["tests/codegen/edge.json"]);
        let golden = repo_root().join(format!("tests/codegen/edge.{ext}"));
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if code != expected {
            if update {
                std::fs::write(&golden, &code).unwrap();
            } else {
                stale.push(format!("{}", golden.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from {stale:?}: review with UPDATE_GOLDEN=1 and git diff"
    );
}

#[test]
fn output_is_deterministic_and_sources_are_unioned() {
    for lang in ["ts", "kotlin", "swift"] {
        let once = generate(lang, &["examples/flags.json"]);
        assert_eq!(once, generate(lang, &["examples/flags.json"]), "{lang}");
        // The same flags twice (JSON and YAML): the same code, only the header differs.
        let both = generate(lang, &["examples/flags.json", "examples/flags.yaml"]);
        let body = |text: &str| text.split_once("\n\n").unwrap().1.to_owned();
        assert_eq!(body(&once), body(&both), "{lang}");
        assert!(both.starts_with(&format!(
            "// Generated by `rollgate codegen --lang {lang} examples/flags.json examples/flags.yaml`: do not edit.\n"
        )));
    }
}

#[test]
fn sources_that_disagree_on_a_type_are_refused() {
    let dir = scratch("conflict");
    let ruleset = |ty: &str, value: &str| {
        format!(
            r#"{{"schema": 1, "revision": 1, "flags": {{"f": {{"type": "{ty}", "variants": {{"v": {value}}}, "default": "v"}}}}}}"#
        )
    };
    std::fs::write(dir.join("staging.json"), ruleset("boolean", "true")).unwrap();
    std::fs::write(dir.join("production.json"), ruleset("number", "1")).unwrap();
    let staging = dir.join("staging.json").display().to_string();
    let production = dir.join("production.json").display().to_string();
    let run = rollgate(&["codegen", "--lang", "ts", &staging, &production]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "rollgate: error: flag \"f\" is a boolean flag in {staging} but a number flag in \
             {production}: generated code gives each flag one type, so make them agree (or \
             rename one)\n"
        )
    );
}

#[test]
fn an_invalid_ruleset_is_refused_and_nothing_is_written() {
    let out = scratch("invalid").join("flags.ts");
    let run = rollgate(&[
        "codegen",
        "--lang",
        "ts",
        "--out",
        out.to_str().unwrap(),
        "examples/invalid/typo.json",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("rollgate: error: examples/invalid/typo.json: invalid ruleset ("),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn out_writes_the_file_and_says_so() {
    let out = scratch("out").join("Flags.kt");
    let run = rollgate(&[
        "codegen",
        "--lang",
        "kotlin",
        "--package",
        "com.example.flags",
        "--out",
        out.to_str().unwrap(),
        "examples/flags.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("wrote {} (8 flags)\n", out.display()));
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(code.starts_with(
        "// Generated by `rollgate codegen --lang kotlin --package com.example.flags \
         examples/flags.json`: do not edit.\n"
    ));
    assert!(code.contains("\npackage com.example.flags\n"));
}

#[test]
fn usage_errors() {
    let run = rollgate(&[
        "codegen",
        "--lang",
        "swift",
        "--package",
        "x.y",
        "examples/flags.json",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "rollgate: error: --package applies to --lang kotlin only, not --lang swift\n"
    );
    let run = rollgate(&[
        "codegen",
        "--lang",
        "kotlin",
        "--package",
        "com.example-app",
        "examples/flags.json",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "rollgate: error: --package \"com.example-app\" is not a Kotlin package name (e.g. \
         com.example.flags)\n"
    );
    let run = rollgate(&["codegen", "--lang", "java", "examples/flags.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'java' for '--lang <LANG>'"),
        "{}",
        run.stderr
    );
}

#[test]
fn flags_that_cannot_be_named_are_refused_in_kotlin_and_swift_only() {
    for lang in ["kotlin", "swift"] {
        let run = rollgate(&["codegen", "--lang", lang, "tests/codegen/clash.json"]);
        assert_eq!(run.code, 1, "{lang}");
        assert!(run.stderr.contains("both get the"), "{}", run.stderr);
    }
    let run = rollgate(&["codegen", "--lang", "ts", "tests/codegen/clash.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
