//! What is compared: the inputs named on the command line, each resolved into its
//! environments, each environment a ruleset document.
//!
//! A ruleset file (JSON or YAML, or a file in a git revision) is one environment without a
//! name. This is the seam for flag projects: a project directory resolves into one
//! environment per environment the project declares, and the rest of `diff` (pairing by
//! name, structural comparison, impact) works unchanged. Adding projects means one more
//! [`Input`] variant and one more arm in [`resolve`].

use super::git;
use crate::error::CliError;
use crate::load::Document;
use rollgate::Ruleset;
use serde_json::Value;
use std::path::PathBuf;

/// One side of the comparison, as named on the command line.
#[derive(Debug)]
pub enum Input {
    /// A ruleset file (JSON, or YAML by extension), `-` for stdin.
    File(PathBuf),
    /// A ruleset file as it is in a git revision.
    Git {
        /// The revision (anything `git rev-parse` takes).
        rev: String,
        /// The file's path (relative to the current directory, or absolute).
        path: PathBuf,
    },
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
}

/// Reads an input and checks every ruleset in it: a ruleset that does not load fails with
/// all its problems (exit 1), like `validate`.
pub fn resolve(input: &Input) -> Result<Side, CliError> {
    let document = match input {
        Input::File(path) => Document::read(path)?,
        Input::Git { rev, path } => git::show(rev, path)?,
    };
    let environment = compile(None, &document)?;
    Ok(Side {
        label: document.name,
        environments: vec![environment],
    })
}

/// Loads one ruleset document: the core checks the text itself (so JSON-only problems such
/// as duplicate keys are caught), then the JSON model is kept for the comparison.
fn compile(name: Option<String>, document: &Document) -> Result<Environment, CliError> {
    let ruleset = document.to_ruleset().map_err(|e| document.invalid(e))?;
    let value = document.parse().map_err(|e| document.invalid(e))?.value;
    Ok(Environment {
        name,
        document: value,
        ruleset,
    })
}
