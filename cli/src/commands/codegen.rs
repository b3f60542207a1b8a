//! `rollgate codegen`: typed flag accessors for TypeScript, Kotlin or Swift.
//!
//! The files become one [`Source`] each, and the model unions them; a project's environments
//! can come in the same way, one built ruleset per environment, named after it.

use crate::codegen::model::{FlagModel, ModelError, Source};
use crate::codegen::{generate, Lang, Options, DEFAULT_KOTLIN_PACKAGE};
use crate::error::CliError;
use crate::load::Document;
use clap::Args;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `rollgate codegen --lang ts|kotlin|swift [--out FILE] [--package NAME] FILE...`.
#[derive(Debug, Args)]
pub struct CodegenArgs {
    /// The ruleset files (JSON, or YAML by extension). With several (one per environment), the
    /// code covers the flags of all of them; a flag must have the same type in each.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The language to generate.
    #[arg(long, value_enum)]
    pub lang: Lang,
    /// Write the code to FILE (only when generation succeeds) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The Kotlin package of the generated class [default: dev.rollgate.generated].
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
}

/// Generates the code and prints it, or writes it to `--out` and says so.
pub fn run(args: &CodegenArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let package = match (&args.package, args.lang) {
        (None, _) => DEFAULT_KOTLIN_PACKAGE,
        (Some(package), Lang::Kotlin) => {
            check_package(package)?;
            package
        }
        (Some(_), lang) => {
            return Err(CliError::Usage(format!(
                "--package applies to --lang kotlin only, not --lang {}",
                lang.name()
            )))
        }
    };
    let mut documents: Vec<(String, Value)> = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let document = Document::read(file)?;
        // Loaded as `validate` loads it first, so that a bad file gets the same messages.
        document.to_ruleset().map_err(|e| document.invalid(e))?;
        let value = document.parse().map_err(|e| document.invalid(e))?.value;
        documents.push((document.name, value));
    }
    let sources: Vec<Source<'_>> = documents
        .iter()
        .map(|(name, document)| Source { name, document })
        .collect();
    let model = FlagModel::from_sources(&sources).map_err(|error| match error {
        ModelError::Invalid { source, error } => CliError::InvalidRuleset {
            file: source,
            problems: crate::load::unlocated(error),
        },
        conflict @ ModelError::TypeConflict { .. } => CliError::Invalid(conflict.to_string()),
    })?;
    let command = command_line(args);
    let options = Options {
        command: &command,
        kotlin_package: package,
    };
    let code = generate(args.lang, &model, &options).map_err(CliError::Invalid)?;
    match &args.out {
        None => out.write_all(code.as_bytes())?,
        Some(path) => {
            std::fs::write(path, &code).map_err(|source| CliError::Io {
                what: path.display().to_string(),
                source,
            })?;
            let count = model.flags.len();
            writeln!(
                out,
                "wrote {} ({count} flag{})",
                path.display(),
                if count == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The command as the header quotes it: the options that shape the output, then the files.
/// `--out` is left out (it does not change the code), so the header is the same wherever the
/// file is written.
fn command_line(args: &CodegenArgs) -> String {
    let mut words = vec![
        "rollgate".to_owned(),
        "codegen".to_owned(),
        "--lang".to_owned(),
        args.lang.name().to_owned(),
    ];
    if let Some(package) = &args.package {
        words.push("--package".to_owned());
        words.push(shell_word(package));
    }
    words.extend(
        args.files
            .iter()
            .map(|f| shell_word(&f.display().to_string())),
    );
    words.join(" ")
}

/// A word as a shell reads it: as is when plain, in single quotes otherwise.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./@:+,=".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A Kotlin package name: dot-separated identifiers (ASCII letters, digits and `_`, not
/// starting with a digit).
fn check_package(package: &str) -> Result<(), CliError> {
    let valid = package.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !crate::codegen::kotlin::is_keyword(part)
    });
    if valid {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "--package {package:?} is not a Kotlin package name (e.g. com.example.flags)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("examples/flags.json"), "examples/flags.json");
        assert_eq!(shell_word("my flags.json"), "'my flags.json'");
        assert_eq!(shell_word("it's.json"), "'it'\\''s.json'");
    }

    #[test]
    fn packages() {
        assert!(check_package("com.example.flags").is_ok());
        assert!(check_package("_x.y2").is_ok());
        for bad in ["", "com..x", "2x", "com.example-flags", "com.in.x"] {
            assert!(check_package(bad).is_err(), "{bad}");
        }
    }
}
