//! A flag project named on the command line, for every command that reads one (`build`,
//! `validate`, `diff`, `lint`, `codegen`): loaded from a directory or a git revision, its
//! environments chosen by `--env`, and built, with the same errors everywhere.
//!
//! A command argument that names a directory is a project; anything else is a ruleset file.
//! A directory without a project file is a usage error (exit 2) that says so; a project with
//! problems fails with every problem located in its files (exit 1).

use crate::error::CliError;
use rollgate_project::files::{Disk, Files};
use rollgate_project::{BuildOptions, Built, Kind, Problems, Project};
use std::path::Path;

/// Whether a command-line path names a project (a directory) rather than a ruleset file.
pub fn is_project(path: &Path) -> bool {
    path.is_dir()
}

/// Loads a project. The outer error is a usage error (no project file there); the inner one
/// every problem of the project, for the command to list its own way.
pub fn load(files: &dyn Files) -> Result<Result<Project, Problems>, CliError> {
    match Project::load_from(files) {
        Ok(project) => Ok(Ok(project)),
        Err(problems) if problems.list.iter().all(|p| p.kind == Kind::NoProject) => {
            let messages: Vec<&str> = problems.list.iter().map(|p| p.message.as_str()).collect();
            Err(CliError::Usage(messages.join("; ")))
        }
        Err(problems) => Ok(Err(problems)),
    }
}

/// Loads the project in directory `dir`, failing with its problems (exit 1).
pub fn open(dir: &Path) -> Result<Project, CliError> {
    open_from(&Disk::new(dir), &dir.display().to_string())
}

/// Loads a project from any [`Files`]; `name` is how errors name it.
pub fn open_from(files: &dyn Files, name: &str) -> Result<Project, CliError> {
    load(files)?.map_err(|problems| invalid(name, problems))
}

/// The error for a project that does not load or build: every problem, in file order.
pub fn invalid(name: &str, mut problems: Problems) -> CliError {
    problems.sort_by_location();
    CliError::InvalidProject {
        name: name.to_owned(),
        problems,
    }
}

/// Fails with a usage error naming the first of `names` the project does not declare (with
/// a suggestion and the list of its environments).
pub fn check_environments(project: &Project, names: &[String]) -> Result<(), CliError> {
    match names
        .iter()
        .find(|name| !project.environments().any(|e| e == name.as_str()))
    {
        Some(unknown) => Err(CliError::Usage(
            project.unknown_environment(unknown).message,
        )),
        None => Ok(()),
    }
}

/// Builds the named environments (every one when `names` is empty) in memory, failing with
/// every problem of every environment (exit 1). The names must be the project's
/// ([`check_environments`]).
pub fn build(
    project: &Project,
    name: &str,
    names: &[String],
    options: &BuildOptions,
) -> Result<Vec<Built>, CliError> {
    project
        .build_all(names, options)
        .map_err(|problems| invalid(name, problems))
}

/// The compiled ruleset of a built environment. The build has already compiled it with the
/// core, so this fails only if the core changed its mind: then its problems are located.
pub fn compile(built: &Built, name: &str) -> Result<rollgate::Ruleset, CliError> {
    rollgate::Ruleset::from_value(&built.document).map_err(|error| {
        let mut problems = Problems::default();
        for problem in error.problems {
            problems.push(rollgate_project::Problem::from_core(problem, &built.map));
        }
        invalid(name, problems)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/project")
    }

    #[test]
    fn directories_are_projects_and_files_are_rulesets() {
        assert!(is_project(&example()));
        assert!(!is_project(&example().join("rollgate.yaml")));
        assert!(!is_project(&example().join("missing")));
    }

    #[test]
    fn environments_are_checked_and_built() {
        let project = open(&example()).unwrap();
        let error = check_environments(&project, &["prod".to_owned()]).unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_USAGE);
        assert!(error.to_string().starts_with("no environment \"prod\" in "));
        let built = build(
            &project,
            "x",
            &["staging".to_owned()],
            &BuildOptions::default(),
        )
        .unwrap();
        assert_eq!(built.len(), 1);
        assert_eq!(
            compile(&built[0], "x").unwrap().revision(),
            built[0].revision
        );
    }

    #[test]
    fn a_directory_without_a_project_file_is_a_usage_error() {
        let error = open(&example().join("flags")).unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_USAGE);
        assert!(error.to_string().contains("is this a project directory?"));
    }
}
