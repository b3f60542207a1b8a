//! `rollgate codegen`: typed flag accessors for TypeScript, Kotlin or Swift.
//!
//! Ruleset files become one [`Source`] each, and a project one per environment (built as
//! `build` builds it); the model unions them. With `--lang`, the command line says what to
//! generate; without it, the project file's `codegen:` section does ([`config`]), for every
//! language it lists.

use crate::codegen::config::{self, Target};
use crate::codegen::model::{FlagModel, ModelError, Source};
use crate::codegen::{generate, Lang, Options, DEFAULT_KOTLIN_PACKAGE};
use crate::error::CliError;
use crate::load::Document;
use clap::Args;
use rollgate_project::{BuildOptions, Project};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `rollgate codegen --lang ts|kotlin|swift [--out FILE] [--package NAME] [--client]
/// [FILE|PROJECT_DIR]...`, or `rollgate codegen [PROJECT_DIR]` for the languages of the
/// project's `codegen:` section.
#[derive(Debug, Args)]
pub struct CodegenArgs {
    /// Ruleset files (JSON, or YAML by extension) or project directories, whose flags the
    /// code covers (a project's: those of every environment); a flag must have the same type
    /// in each. Default: the current directory, a project.
    #[arg(value_name = "FILE|PROJECT_DIR")]
    pub paths: Vec<PathBuf>,
    /// The language to generate. Without it, every language of the project file's
    /// `codegen:` section is generated, each written where the section says.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Write the code to FILE (only when generation succeeds) instead of stdout.
    #[arg(long, value_name = "FILE", requires = "lang")]
    pub out: Option<PathBuf>,
    /// The Kotlin package of the generated class [default: dev.rollgate.generated].
    #[arg(long, value_name = "NAME", requires = "lang")]
    pub package: Option<String>,
    /// With projects, only the flags client builds have (without the `serverOnly` ones).
    #[arg(long, requires = "lang")]
    pub client: bool,
}

/// Generates the code and prints it, or writes it (to `--out`, or where the project's
/// `codegen:` section says) and says so.
pub fn run(args: &CodegenArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    match args.lang {
        Some(lang) => run_lang(args, lang, out),
        None => run_configured(args, out),
    }
}

/// `--lang`: the code for the flags of every path given.
fn run_lang(args: &CodegenArgs, lang: Lang, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let package = match (&args.package, lang) {
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
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() {
        &default[..]
    } else {
        &args.paths[..]
    };
    if args.client && !paths.iter().any(|p| crate::project::is_project(p)) {
        return Err(CliError::Usage(
            "--client applies to project directories (it leaves out their serverOnly flags)"
                .to_owned(),
        ));
    }
    let mut documents: Vec<(String, Value)> = Vec::new();
    for path in paths {
        if crate::project::is_project(path) {
            let project = crate::project::open(path)?;
            documents.extend(environments(&project, path, args.client)?);
        } else {
            documents.push(ruleset_file(path)?);
        }
    }
    let model = model(&documents)?;
    let command = command_line(args, lang);
    let options = Options {
        command: &command,
        kotlin_package: package,
    };
    let code = generate(lang, &model, &options).map_err(CliError::Invalid)?;
    match &args.out {
        None => out.write_all(code.as_bytes())?,
        Some(path) => {
            write_code(path, &code)?;
            wrote(out, path, &model)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Without `--lang`: every language of the project's `codegen:` section, each written to its
/// `out` (all generated before any is written).
fn run_configured(args: &CodegenArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let dir = match args.paths.as_slice() {
        [] => Path::new("."),
        [one] => one.as_path(),
        _ => {
            return Err(CliError::Usage(
                "without --lang, give one project directory: its rollgate.yaml's codegen: \
                 section says what to generate"
                    .to_owned(),
            ))
        }
    };
    if !crate::project::is_project(dir) {
        return Err(CliError::Usage(format!(
            "{} is a ruleset file: give --lang (without it, codegen generates what a \
             project's codegen: section lists)",
            dir.display()
        )));
    }
    let name = dir.display().to_string();
    let project = crate::project::open(dir)?;
    let Some(section) = project.config().section("codegen") else {
        return Err(CliError::Usage(format!(
            "{} has no codegen: section: give --lang (and --out), or list the languages to \
             generate there (docs/codegen.md)",
            project.config().file
        )));
    };
    let targets: Vec<Target> =
        config::targets(&section).map_err(|problems| crate::project::invalid(&name, problems))?;
    let command = format!("rollgate codegen {}", shell_word(&name));
    let mut files = Vec::new();
    for target in &targets {
        let documents = environments(&project, dir, target.client)?;
        let model = model(&documents)?;
        let options = Options {
            command: &command,
            kotlin_package: target.package.as_deref().unwrap_or(DEFAULT_KOTLIN_PACKAGE),
        };
        let code = generate(target.lang, &model, &options).map_err(CliError::Invalid)?;
        files.push((dir.join(&target.out), code, model));
    }
    for (path, code, model) in &files {
        write_code(path, code)?;
        wrote(out, path, model)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A ruleset file, loaded as `validate` loads it first (so that a bad file gets the same
/// messages), as the model reads it.
fn ruleset_file(path: &Path) -> Result<(String, Value), CliError> {
    let document = Document::read(path)?;
    document.to_ruleset().map_err(|e| document.invalid(e))?;
    let value = document.parse().map_err(|e| document.invalid(e))?.value;
    Ok((document.name, value))
}

/// Every environment of a project, built, named `DIR (environment)`; with `client`, only the
/// flags its client build has (the full build keeps the descriptions that doc comments show,
/// which client builds may leave out as private).
fn environments(
    project: &Project,
    dir: &Path,
    client: bool,
) -> Result<Vec<(String, Value)>, CliError> {
    let name = dir.display().to_string();
    let full = crate::project::build(project, &name, &[], &BuildOptions::default())?;
    let for_clients = if client {
        Some(crate::project::build(
            project,
            &name,
            &[],
            &BuildOptions { client: true },
        )?)
    } else {
        None
    };
    Ok(full
        .into_iter()
        .enumerate()
        .map(|(i, built)| {
            let mut document = built.document;
            let kept = for_clients.as_ref().and_then(|c| c.get(i)).map(flag_keys);
            if let (Some(kept), Some(Value::Object(flags))) = (kept, document.get_mut("flags")) {
                flags.retain(|key, _| kept.contains(key));
            }
            (format!("{name} ({})", built.environment), document)
        })
        .collect())
}

fn flag_keys(built: &rollgate_project::Built) -> BTreeSet<String> {
    built
        .document
        .get("flags")
        .and_then(Value::as_object)
        .map(|flags| flags.keys().cloned().collect())
        .unwrap_or_default()
}

/// The flags of every document, unioned.
fn model(documents: &[(String, Value)]) -> Result<FlagModel, CliError> {
    let sources: Vec<Source<'_>> = documents
        .iter()
        .map(|(name, document)| Source { name, document })
        .collect();
    FlagModel::from_sources(&sources).map_err(|error| match error {
        ModelError::Invalid { source, error } => CliError::InvalidRuleset {
            file: source,
            problems: crate::load::unlocated(error),
        },
        conflict @ ModelError::TypeConflict { .. } => CliError::Invalid(conflict.to_string()),
    })
}

/// Writes a generated file (creating its directory).
fn write_code(path: &Path, code: &str) -> Result<(), CliError> {
    let io_error = |source| CliError::Io {
        what: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_error)?;
    }
    std::fs::write(path, code).map_err(io_error)
}

/// `wrote FILE (8 flags)`.
fn wrote(out: &mut dyn Write, path: &Path, model: &FlagModel) -> Result<(), CliError> {
    let count = model.flags.len();
    writeln!(
        out,
        "wrote {} ({count} flag{})",
        path.display(),
        if count == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// The command as the header quotes it: the options that shape the output, then the files.
/// `--out` is left out (it does not change the code), so the header is the same wherever the
/// file is written.
fn command_line(args: &CodegenArgs, lang: Lang) -> String {
    let mut words = vec![
        "rollgate".to_owned(),
        "codegen".to_owned(),
        "--lang".to_owned(),
        lang.name().to_owned(),
    ];
    if let Some(package) = &args.package {
        words.push("--package".to_owned());
        words.push(shell_word(package));
    }
    if args.client {
        words.push("--client".to_owned());
    }
    words.extend(
        args.paths
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

/// `--package`: a Kotlin package name ([`crate::codegen::kotlin::is_package_name`]).
fn check_package(package: &str) -> Result<(), CliError> {
    if crate::codegen::kotlin::is_package_name(package) {
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
