//! Problems of a project, each with the file, line and column where it is to be fixed.

use crate::source::{Location, SourceMap};
use rollgate::ProblemKind;
use serde::ser::SerializeMap;
use serde::Serialize;
use std::fmt;

/// What kind of mistake a [`Problem`] describes: one of the core's ruleset kinds, or one that
/// only a project can have. Stable, machine-readable names (snake_case) via [`Kind::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A kind the core reports (also used for the same mistakes in project files: syntax,
    /// unknown or missing fields, wrong types, duplicate keys).
    Ruleset(ProblemKind),
    /// The directory has no `rollgate.yaml` (nor `rollgate.json`).
    NoProject,
    /// A file or directory the project names cannot be read.
    Unreadable,
    /// A flag or segment key is defined in two source files.
    DuplicateDefinition,
    /// An environment name that the project does not declare.
    UnknownEnvironment,
    /// Environments that extend each other in a loop.
    CyclicOverlays,
    /// An overlay sets a field that environments cannot change.
    NotOverridable,
    /// An overlay names a rule id that the flag does not have.
    UnknownRule,
    /// An overlay addresses a rule that has no `id`.
    MissingRuleId,
    /// A flag for clients depends on a server-only flag.
    ServerOnlyPrerequisite,
    /// `build --locked` would have to change the lock file.
    LockOutOfDate,
}

impl Kind {
    /// The machine-readable name (snake_case), as printed and serialized.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ruleset(kind) => kind.name(),
            Kind::NoProject => "no_project",
            Kind::Unreadable => "unreadable",
            Kind::DuplicateDefinition => "duplicate_definition",
            Kind::UnknownEnvironment => "unknown_environment",
            Kind::CyclicOverlays => "cyclic_overlays",
            Kind::NotOverridable => "not_overridable",
            Kind::UnknownRule => "unknown_rule",
            Kind::MissingRuleId => "missing_rule_id",
            Kind::ServerOnlyPrerequisite => "server_only_prerequisite",
            Kind::LockOutOfDate => "lock_out_of_date",
        }
    }
}

impl From<ProblemKind> for Kind {
    fn from(kind: ProblemKind) -> Kind {
        Kind::Ruleset(kind)
    }
}

/// One mistake, where to fix it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Problem {
    /// The file, line and column to fix; `None` when no file is to blame (a command-line
    /// argument, a limit of the whole build).
    pub location: Option<Location>,
    /// The JSON path of the value concerned. For problems the core finds, the path in the
    /// built ruleset (`flags.checkout.rules[2].when.op`); for problems of a project file, the
    /// path inside that file. Empty for a whole document.
    pub path: String,
    /// Machine-readable category.
    pub kind: Kind,
    /// What is wrong, naming the offending value.
    pub message: String,
}

impl Problem {
    /// A problem at a known location.
    pub fn new(
        location: Option<Location>,
        path: impl Into<String>,
        kind: impl Into<Kind>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            location,
            path: path.into(),
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// A problem the core found in a tree whose origins `map` records, located there.
    pub fn from_core(problem: rollgate::Problem, map: &SourceMap) -> Problem {
        Problem {
            location: map.locate_problem(&problem),
            path: problem.path,
            kind: Kind::Ruleset(problem.kind),
            message: problem.message,
        }
    }
}

/// `file:line:column: path: message [kind]`; `(document)` stands for the empty root path, as
/// in `rollgate validate`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} [{}]", self.message, self.kind.name())
    }
}

/// `{"file", "line", "column", "path", "kind", "message"}`; the location fields only when
/// known.
impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(location) = &self.location {
            map.serialize_entry("file", &location.file)?;
            map.serialize_entry("line", &location.line)?;
            map.serialize_entry("column", &location.column)?;
        }
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("kind", self.kind.name())?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

/// Everything wrong with a project or a source, found in one pass: a person fixing it wants
/// the whole list at once. Never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    /// The problems in the order found (files in name order, then positions).
    pub list: Vec<Problem>,
}

impl Problems {
    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    /// Adds a problem at a location.
    pub fn add(
        &mut self,
        location: Option<Location>,
        path: impl Into<String>,
        kind: impl Into<Kind>,
        message: impl Into<String>,
    ) {
        self.push(Problem::new(location, path, kind, message));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// `Ok(value)` when nothing was found, else these problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// Orders the problems by file, line and column (those without a location first, in the
    /// order found), as a person reads them and as editors list them.
    pub fn sort_by_location(&mut self) {
        self.list.sort_by(|a, b| a.location.cmp(&b.location));
    }

    /// Drops repeats (the same mistake reported by several environments built from the same
    /// file), keeping the first of each.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.list.retain(|problem| seen.insert(problem.clone()));
    }
}

impl From<Problem> for Problems {
    fn from(problem: Problem) -> Problems {
        Problems {
            list: vec![problem],
        }
    }
}

/// One problem per line.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_line_starts_with_its_location() {
        let problem = Problem::new(
            Some(Location {
                file: "flags/checkout.yaml".into(),
                line: 14,
                column: 7,
            }),
            "flags.checkout.rules[2].when.op",
            ProblemKind::UnknownOperator,
            "unknown operator \"eq\"",
        );
        assert_eq!(
            problem.to_string(),
            "flags/checkout.yaml:14:7: flags.checkout.rules[2].when.op: unknown operator \"eq\" \
             [unknown_operator]"
        );
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            serde_json::json!({"file": "flags/checkout.yaml", "line": 14, "column": 7,
                "path": "flags.checkout.rules[2].when.op", "kind": "unknown_operator",
                "message": "unknown operator \"eq\""})
        );
        let nowhere = Problem::new(None, "", Kind::NoProject, "no rollgate.yaml");
        assert_eq!(
            nowhere.to_string(),
            "(document): no rollgate.yaml [no_project]"
        );
    }
}
