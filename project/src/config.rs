//! The project file, `rollgate.yaml` (or `rollgate.json`): where the flag sources are, which
//! environments exist and how each is made, and what client builds leave out.

use crate::check::Checker;
use crate::files::Files;
use crate::path;
use crate::problem::{Kind, Problems};
use crate::source::{self, Format, SourceMap};
use rollgate::suggest::did_you_mean;
use rollgate::ProblemKind;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The names a project file may have, in the order they are looked for.
pub const CONFIG_FILES: [&str; 3] = ["rollgate.yaml", "rollgate.yml", "rollgate.json"];

/// The project file's names, for the message that none is there: `rollgate.yaml (nor
/// rollgate.yml, nor rollgate.json)`.
fn config_file_names() -> String {
    match CONFIG_FILES.split_first() {
        Some((first, others)) if !others.is_empty() => {
            format!("{first} (nor {})", others.join(", nor "))
        }
        _ => CONFIG_FILES.join(""),
    }
}

/// The version of the project file format this crate reads (`schema: 1`).
pub const PROJECT_SCHEMA: u64 = 1;

/// The sections of the project file that other commands read (`rollgate lint`, `rollgate
/// codegen`): accepted here as objects and handed to them untouched via
/// [`Config::section`].
pub const TOOL_SECTIONS: [&str; 2] = ["lint", "codegen"];

/// The top-level fields of the project file.
pub const FIELDS: [&str; 6] = [
    "schema",
    "sources",
    "environments",
    "client",
    "lint",
    "codegen",
];
/// The fields of an environment.
pub const ENVIRONMENT_FIELDS: [&str; 3] = ["extends", "sources", "overlay"];
/// The fields of `client`.
pub const CLIENT_FIELDS: [&str; 1] = ["privateMetadata"];

/// A path the project file names (a file or a directory, relative to the project directory),
/// with the path of the value that names it, to locate problems about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPath {
    /// The project path, `/`-separated (`flags`, `environments/production.yaml`).
    pub path: String,
    /// Where in the project file it is named (`environments.production.overlay`).
    pub named_at: String,
}

/// One environment as the project file declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// The name: also the name of its built file, `<name>.json`.
    pub name: String,
    /// The environment whose result this one starts from, before its own overlay.
    pub extends: Option<String>,
    /// Its own flag sources, instead of the project's (an environment defined wholly on its
    /// own).
    pub sources: Option<Vec<NamedPath>>,
    /// Overlay files (or directories of them) applied in order.
    pub overlays: Vec<NamedPath>,
    /// The path of its entry in the project file (`environments.production`).
    pub named_at: String,
}

/// A checked project file.
#[derive(Clone, Debug)]
pub struct Config {
    /// The project file's name as problems show it.
    pub file: String,
    /// The project's flag sources, shared by the environments that do not have their own.
    pub sources: Option<Vec<NamedPath>>,
    /// The environments, in the order the file declares them.
    pub environments: Vec<Environment>,
    /// Metadata keys that client builds drop from every flag.
    pub private_metadata: Vec<String>,
    /// The whole file, for [`Config::section`].
    value: Value,
    /// Where each value of the file was written.
    pub map: SourceMap,
}

/// A section of the project file that another command reads, with its origins.
#[derive(Clone, Copy, Debug)]
pub struct Section<'c> {
    /// The section's value (an object).
    pub value: &'c Value,
    /// Its path in the project file (the section's name).
    pub path: &'static str,
    /// The project file's source map, to locate problems inside the section.
    pub map: &'c SourceMap,
}

impl Config {
    /// Finds, reads and checks the project file, reporting every problem.
    pub fn read(files: &dyn Files) -> Result<Config, Problems> {
        let (config, problems) = Config::read_checked(files);
        match config {
            Some(config) if problems.is_empty() => Ok(config),
            _ => Err(problems),
        }
    }

    /// Finds, reads and checks the project file: the configuration as far as it could be
    /// understood (`None` when there is no file or it does not parse), and every problem. A
    /// project with problems in its file still has its flag sources read, so that every
    /// problem is reported at once.
    pub(crate) fn read_checked(files: &dyn Files) -> (Option<Config>, Problems) {
        let present: Vec<&str> = CONFIG_FILES
            .iter()
            .copied()
            .filter(|name| files.entry(name).is_ok())
            .collect();
        let name = match present.as_slice() {
            [] => {
                let problem = crate::Problem::new(
                    None,
                    "",
                    Kind::NoProject,
                    format!(
                        "no {} in {}: is this a project directory?",
                        config_file_names(),
                        display_dir(files)
                    ),
                );
                return (None, problem.into());
            }
            [one] => *one,
            [first, second, ..] => {
                let problem = crate::Problem::new(
                    None,
                    "",
                    Kind::Ruleset(ProblemKind::InvalidValue),
                    format!(
                        "{} has both {first} and {second}: keep one project file",
                        display_dir(files)
                    ),
                );
                return (None, problem.into());
            }
        };
        let file = files.display(name);
        let text = match files.read(name) {
            Ok(text) => text,
            Err(e) => {
                let problem = crate::Problem::new(
                    None,
                    "",
                    Kind::Unreadable,
                    format!("{file}: {}", crate::files::describe_error(&e)),
                );
                return (None, problem.into());
            }
        };
        match source::parse(&text, Format::of_path(std::path::Path::new(name)), &file) {
            Err(problems) => (None, problems),
            Ok(parsed) => {
                let mut problems = Problems::default();
                let config = check(parsed.value, parsed.map, file, &mut problems);
                (Some(config), problems)
            }
        }
    }

    /// The names of the environments, in the order the project file declares them.
    pub fn environment_names(&self) -> impl Iterator<Item = &str> {
        self.environments.iter().map(|e| e.name.as_str())
    }

    /// The environment called `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// A section that another command reads (`lint`, `codegen`), when the file has it.
    pub fn section(&self, name: &str) -> Option<Section<'_>> {
        let path = TOOL_SECTIONS.iter().find(|s| **s == name)?;
        Some(Section {
            value: self.value.get(name)?,
            path,
            map: &self.map,
        })
    }
}

fn display_dir(files: &dyn Files) -> String {
    let shown = files.display("");
    if shown.is_empty() {
        ".".to_owned()
    } else {
        shown
    }
}

/// Checks the parsed project file and extracts the configuration; problems are recorded.
fn check(value: Value, map: SourceMap, file: String, problems: &mut Problems) -> Config {
    let (sources, environments, private_metadata) = check_fields(&value, &map, problems);
    Config {
        file,
        sources,
        environments,
        private_metadata,
        value,
        map,
    }
}

/// The project's sources, environments and private metadata keys, as far as they are valid.
type Fields = (Option<Vec<NamedPath>>, Vec<Environment>, Vec<String>);

fn check_fields(value: &Value, map: &SourceMap, problems: &mut Problems) -> Fields {
    let mut c = Checker { map, problems };
    let mut config_sources = None;
    let mut environments = Vec::new();
    let mut private_metadata = Vec::new();
    if let Some(top) = c.object(value, "") {
        c.known_fields(top, "", &FIELDS);
        if c.require(top, "", "schema") {
            check_schema(&mut c, &top["schema"]);
        }
        if let Some(sources) = top.get("sources") {
            config_sources = Some(paths(&mut c, sources, "sources"));
        }
        if c.require(top, "", "environments") {
            environments = check_environments(&mut c, &top["environments"]);
        }
        if let Some(client) = top.get("client") {
            if let Some(client) = c.object(client, "client") {
                c.known_fields(client, "client", &CLIENT_FIELDS);
                if let Some(keys) = client.get("privateMetadata") {
                    private_metadata = c
                        .string_or_list(keys, "client.privateMetadata")
                        .into_iter()
                        .map(|(key, _)| key)
                        .collect();
                }
            }
        }
        for section in TOOL_SECTIONS {
            if let Some(value) = top.get(section) {
                c.object(value, section);
            }
        }
    }
    check_extends(&mut c, &environments);
    check_sources_exist(&mut c, &environments, config_sources.is_some());
    (config_sources, environments, private_metadata)
}

fn check_schema(c: &mut Checker<'_>, schema: &Value) {
    if schema.as_u64() != Some(PROJECT_SCHEMA) {
        c.problem(
            "schema",
            ProblemKind::UnsupportedSchema,
            format!(
                "project schema {schema} is not supported (this rollgate reads {PROJECT_SCHEMA})"
            ),
        );
    }
}

/// The paths of a `sources` or `overlay` value: relative, `/`-separated, inside the project.
fn paths(c: &mut Checker<'_>, value: &Value, at: &str) -> Vec<NamedPath> {
    let mut list = Vec::new();
    let entries = c.string_or_list(value, at);
    if entries.is_empty() && value.is_array() {
        c.problem(at, ProblemKind::InvalidValue, "expected at least one path");
    }
    for (path, named_at) in entries {
        let escapes = path.split(['/', '\\']).any(|part| part == "..");
        if path.is_empty() || path.starts_with(['/', '\\']) || path.contains(':') || escapes {
            c.problem(
                &named_at,
                ProblemKind::InvalidValue,
                format!(
                    "{path:?} is not a path inside the project: paths are relative to the \
                     project directory, without \"..\""
                ),
            );
        } else {
            list.push(NamedPath { path, named_at });
        }
    }
    list
}

/// Whether a name can be an environment's: it names the built file `<name>.json`.
fn valid_environment_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

fn check_environments(c: &mut Checker<'_>, value: &Value) -> Vec<Environment> {
    let Some(object) = c.object(value, "environments") else {
        return Vec::new();
    };
    if object.is_empty() {
        c.problem(
            "environments",
            ProblemKind::InvalidValue,
            "a project needs at least one environment (development, production, ...)",
        );
    }
    let mut environments = Vec::new();
    for (name, entry) in object {
        let at = path::key("environments", name);
        if !valid_environment_name(name) {
            c.key_problem(
                &at,
                ProblemKind::InvalidValue,
                format!(
                    "environment name {name:?}: use letters, digits, '-' and '_' (at most 64, \
                     starting with a letter or digit): it names the built file"
                ),
            );
            continue;
        }
        let empty = Map::new();
        let fields = match entry {
            Value::Null => &empty,
            other => match c.object(other, &at) {
                Some(fields) => fields,
                None => continue,
            },
        };
        c.known_fields(fields, &at, &ENVIRONMENT_FIELDS);
        let extends = fields
            .get("extends")
            .and_then(|v| c.string(v, &path::key(&at, "extends")))
            .map(str::to_owned);
        let sources = fields
            .get("sources")
            .map(|v| paths(c, v, &path::key(&at, "sources")));
        let overlays = fields
            .get("overlay")
            .map(|v| paths(c, v, &path::key(&at, "overlay")))
            .unwrap_or_default();
        if extends.is_some() && sources.is_some() {
            c.problem(
                &path::key(&at, "sources"),
                ProblemKind::InvalidValue,
                format!(
                    "environment {name:?} has both `extends` and `sources`: it either starts \
                     from another environment or has flag sources of its own"
                ),
            );
        }
        environments.push(Environment {
            name: name.clone(),
            extends,
            sources,
            overlays,
            named_at: at,
        });
    }
    // Declaration order: the order of the keys in the file (the JSON model sorts them).
    environments.sort_by_key(|e| c.at_key(&e.named_at).map(|l| (l.line, l.column)));
    environments
}

/// Every `extends` names a declared environment, and no chain of them loops.
fn check_extends(c: &mut Checker<'_>, environments: &[Environment]) {
    let names: Vec<&str> = environments.iter().map(|e| e.name.as_str()).collect();
    let by_name: BTreeMap<&str, &Environment> =
        environments.iter().map(|e| (e.name.as_str(), e)).collect();
    for environment in environments {
        if let Some(parent) = &environment.extends {
            if !by_name.contains_key(parent.as_str()) {
                c.problem(
                    &path::key(&environment.named_at, "extends"),
                    Kind::UnknownEnvironment,
                    format!(
                        "no environment {parent:?} to extend{}; environments: {}",
                        did_you_mean(parent, &names),
                        names.join(", ")
                    ),
                );
            }
        }
    }
    // A loop is reported once, at the first of its environments in the file.
    let mut reported: Vec<&str> = Vec::new();
    for environment in environments {
        let mut chain = vec![environment.name.as_str()];
        let mut current = environment;
        while let Some(parent) = current.extends.as_deref() {
            let Some(next) = by_name.get(parent) else {
                break;
            };
            if let Some(start) = chain.iter().position(|n| *n == parent) {
                let cycle = chain.get(start..).unwrap_or_default();
                if cycle.first() == Some(&environment.name.as_str())
                    && !cycle.iter().any(|n| reported.contains(n))
                {
                    reported.extend(cycle.iter().copied());
                    c.problem(
                        &path::key(&environment.named_at, "extends"),
                        Kind::CyclicOverlays,
                        format!(
                            "cyclic overlays: {} → {parent} (each environment extends the next)",
                            cycle.join(" → ")
                        ),
                    );
                }
                break;
            }
            chain.push(parent);
            current = next;
        }
    }
}

/// Every environment has flag sources: its own, or the project's, or (through `extends`) those
/// of the environment its chain starts from, which is checked itself.
fn check_sources_exist(c: &mut Checker<'_>, environments: &[Environment], project_has: bool) {
    if project_has {
        return;
    }
    for environment in environments {
        if environment.extends.is_none() && environment.sources.is_none() {
            c.key_problem(
                &environment.named_at,
                ProblemKind::MissingField,
                format!(
                    "environment {:?} has no flag sources: give the project `sources`, or the \
                     environment its own",
                    environment.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> (Config, Vec<String>) {
        let parsed = source::parse(text, Format::Yaml, "rollgate.yaml").unwrap();
        let mut problems = Problems::default();
        let config = check(
            parsed.value,
            parsed.map,
            "rollgate.yaml".into(),
            &mut problems,
        );
        (
            config,
            problems.list.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn environments_keep_the_order_of_the_file() {
        let (config, problems) = checked(
            "schema: 1\nsources: flags\nenvironments:\n  zeta: {}\n  alpha:\n  mid: {extends: zeta}\nlint: {stale: warn}\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            config.environment_names().collect::<Vec<_>>(),
            ["zeta", "alpha", "mid"]
        );
        assert_eq!(
            config.environment("mid").unwrap().extends.as_deref(),
            Some("zeta")
        );
        let lint = config.section("lint").unwrap();
        assert_eq!(lint.value["stale"], "warn");
        assert_eq!(lint.map.locate("lint.stale").unwrap().line, 7);
        assert!(config.section("codegen").is_none());
    }

    #[test]
    fn only_the_start_of_a_chain_without_sources_is_reported() {
        let (_, problems) = checked(
            "schema: 1\nenvironments:\n  dev: {}\n  qa: {extends: dev}\n  prod: {sources: prod.yaml}\n",
        );
        assert_eq!(
            problems,
            ["rollgate.yaml:3:3: environments.dev: environment \"dev\" has no flag sources: give \
              the project `sources`, or the environment its own [missing_field]"]
        );
    }
}
