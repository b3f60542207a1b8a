//! What is compared: the inputs named on the command line, each resolved into its
//! environments, each environment a ruleset document.
//!
//! A ruleset file (JSON or YAML, or a file in a git revision) is one environment without a
//! name. A project directory (on disk, or in a git revision) is one environment per
//! environment it declares, each built as `rollgate build` builds it (in memory, with its
//! revision from the project's lock). The rest of `diff` (pairing by name, structural
//! comparison, impact) works the same on both.

use super::git;
use crate::error::CliError;
use crate::git::Found;
use crate::load::Document;
use rollgate::Ruleset;
use rollgate_project::files::{Disk, Files};
use rollgate_project::{BuildOptions, Project};
use serde_json::Value;
use std::path::PathBuf;

/// One side of the comparison, as named on the command line.
#[derive(Debug)]
pub enum Input {
    /// A ruleset file (JSON, or YAML by extension), `-` for stdin.
    File(PathBuf),
    /// A project directory.
    Project(PathBuf),
    /// A ruleset file or a project directory as it is in a git revision.
    Git {
        /// The revision (anything `git rev-parse` takes).
        rev: String,
        /// The path (relative to the current directory, or absolute).
        path: PathBuf,
    },
}

impl Input {
    /// A path named on the command line: a project when it is a directory.
    pub fn path(path: PathBuf) -> Input {
        if crate::project::is_project(&path) {
            Input::Project(path)
        } else {
            Input::File(path)
        }
    }
}

/// Which environments of a project to compare, and how to build them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Selection<'a> {
    /// The environments (`--env`); every one when empty.
    pub environments: &'a [String],
    /// Client-safe builds (`--client`).
    pub client: bool,
}

/// One environment's ruleset: its JSON model (what the diff reads) and its compiled form
/// (what evaluates the sample).
pub struct Environment {
    /// The environment's name; `None` for a plain ruleset file.
    pub name: Option<String>,
    /// The document.
    pub document: Value,
    /// The document, compiled by the core.
    pub ruleset: Ruleset,
}

/// An input resolved: its label and its environments.
pub struct Side {
    /// What the report calls this side.
    pub label: String,
    /// Its environments, in the order they were declared.
    pub environments: Vec<Environment>,
    /// Whether it is a project (else one ruleset file).
    pub is_project: bool,
    /// The environments of the selection this project does not declare, each with the
    /// message that says so: an error only when the other side does not declare it either.
    pub undeclared: Vec<(String, String)>,
}

/// Reads an input and checks every ruleset in it: a ruleset or project that does not load
/// fails with all its problems (exit 1), like `validate`.
pub fn resolve(input: &Input, selection: Selection<'_>) -> Result<Side, CliError> {
    match input {
        Input::File(path) => file(&Document::read(path)?),
        Input::Project(path) => project(&Disk::new(path), path.display().to_string(), selection),
        Input::Git { rev, path } => match git::find(rev, path)? {
            Found::Tree(tree) => project(&tree, format!("{rev}:{}", path.display()), selection),
            Found::File | Found::Missing(_) => file(&git::show(rev, path)?),
        },
    }
}

/// A ruleset file: one environment without a name.
fn file(document: &Document) -> Result<Side, CliError> {
    let ruleset = document.to_ruleset().map_err(|e| document.invalid(e))?;
    let value = document.parse().map_err(|e| document.invalid(e))?.value;
    Ok(Side {
        label: document.name.clone(),
        environments: vec![Environment {
            name: None,
            document: value,
            ruleset,
        }],
        is_project: false,
        undeclared: Vec::new(),
    })
}

/// A project: the selected environments it declares, built.
fn project(files: &dyn Files, label: String, selection: Selection<'_>) -> Result<Side, CliError> {
    let project: Project = crate::project::open_from(files, &label)?;
    let mut names = Vec::new();
    let mut undeclared = Vec::new();
    for name in selection.environments {
        if project.environments().any(|e| e == name.as_str()) {
            names.push(name.clone());
        } else {
            undeclared.push((name.clone(), project.unknown_environment(name).message));
        }
    }
    let environments = if !selection.environments.is_empty() && names.is_empty() {
        Vec::new()
    } else {
        let options = BuildOptions {
            client: selection.client,
        };
        crate::project::build(&project, &label, &names, &options)?
            .iter()
            .map(|built| {
                Ok(Environment {
                    name: Some(built.environment.clone()),
                    ruleset: crate::project::compile(built, &label)?,
                    document: built.document.clone(),
                })
            })
            .collect::<Result<_, CliError>>()?
    };
    Ok(Side {
        label,
        environments,
        is_project: true,
        undeclared,
    })
}
