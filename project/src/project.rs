//! [`Project`]: a project loaded whole (config, sources, overlays, lock), ready to build.

use crate::build::{self, BuildOptions, Built};
use crate::config::Config;
use crate::files::{Disk, Files};
use crate::lock::{self, Lock, RevisionChange};
use crate::overlay;
use crate::problem::{Kind, Problem, Problems};
use crate::source::Parsed;
use crate::sources::{self, Tree};
use rollgate::suggest::did_you_mean;
use std::collections::BTreeMap;
use std::path::Path;

/// A flag project: its configuration, every source and overlay file parsed, and the lock.
///
/// Loading reads and parses every file and reports every problem of reading (syntax, unknown
/// fields, flags defined twice, environments that do not exist or extend each other in a
/// loop); building an environment then reports every problem of the result (overrides that
/// are not allowed, everything the core finds), each located in the file to fix.
#[derive(Clone, Debug)]
pub struct Project {
    config: Config,
    /// The project's own flag sources, merged (when it has them).
    shared: Option<Tree>,
    /// The flag sources of environments defined on their own, merged.
    own: BTreeMap<String, Tree>,
    /// Each environment's overlay files, parsed, in order.
    overlays: BTreeMap<String, Vec<Parsed>>,
    lock: Lock,
}

impl Project {
    /// Loads the project in directory `dir` (problems name files under `dir` as given).
    pub fn load(dir: impl AsRef<Path>) -> Result<Project, Problems> {
        Project::load_from(&Disk::new(dir.as_ref()))
    }

    /// Whether `dir` is a project directory (has a project file): for commands that take
    /// either a ruleset file or a project.
    pub fn is_project_dir(dir: impl AsRef<Path>) -> bool {
        let disk = Disk::new(dir.as_ref());
        crate::config::CONFIG_FILES
            .iter()
            .any(|name| matches!(disk.entry(name), Ok(crate::files::Entry::File)))
    }

    /// Loads a project from any [`Files`] (a directory, a git commit, ...).
    pub fn load_from(files: &dyn Files) -> Result<Project, Problems> {
        let (config, mut problems) = Config::read_checked(files);
        let Some(config) = config else {
            return Err(problems);
        };
        let read = |paths: &[crate::config::NamedPath], problems: &mut Problems| {
            let parsed = sources::parse_files(files, paths, &config.map, problems);
            sources::merge(parsed, problems)
        };
        let shared = config
            .sources
            .as_ref()
            .map(|paths| read(paths, &mut problems));
        let mut own = BTreeMap::new();
        let mut overlays = BTreeMap::new();
        for environment in &config.environments {
            if let Some(paths) = &environment.sources {
                own.insert(environment.name.clone(), read(paths, &mut problems));
            }
            let parsed =
                sources::parse_files(files, &environment.overlays, &config.map, &mut problems);
            overlays.insert(environment.name.clone(), parsed);
        }
        let lock = match Lock::read(files) {
            Ok(lock) => lock,
            Err(found) => {
                problems.extend(found);
                Lock::default()
            }
        };
        problems.sort_by_location();
        problems.into_result(Project {
            config,
            shared,
            own,
            overlays,
            lock,
        })
    }

    /// The project file, checked.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The environments' names, in the order the project file declares them.
    pub fn environments(&self) -> impl Iterator<Item = &str> {
        self.config.environment_names()
    }

    /// The lock as read.
    pub fn lock(&self) -> &Lock {
        &self.lock
    }

    /// The problem for an environment name the project does not declare (a command-line
    /// argument, so without a location).
    pub fn unknown_environment(&self, name: &str) -> Problem {
        let names: Vec<&str> = self.environments().collect();
        Problem::new(
            None,
            "",
            Kind::UnknownEnvironment,
            format!(
                "no environment {name:?} in {}{}; environments: {}",
                self.config.file,
                did_you_mean(name, &names),
                names.join(", ")
            ),
        )
    }

    /// The flags and segments of environment `name`, overlays applied (with those of the
    /// environments it extends, first).
    fn compose(&self, name: &str) -> Result<Tree, Problems> {
        let Some(environment) = self.config.environment(name) else {
            return Err(self.unknown_environment(name).into());
        };
        let mut tree = match (&environment.extends, self.own.get(name), &self.shared) {
            // Loading refused loops and unknown names, so this recursion ends.
            (Some(parent), _, _) => self.compose(parent)?,
            (None, Some(own), _) => own.clone(),
            (None, None, Some(shared)) => shared.clone(),
            (None, None, None) => Tree::default(),
        };
        let mut problems = Problems::default();
        if let Some(files) = self.overlays.get(name) {
            overlay::apply_all(&mut tree, files, &mut problems);
        }
        problems.into_result(tree)
    }

    /// Builds environment `name`: the plain ruleset its clients load.
    pub fn build(&self, name: &str, options: &BuildOptions) -> Result<Built, Problems> {
        let tree = self.compose(name)?;
        build::build(
            name,
            tree,
            &self.lock,
            &self.config.private_metadata,
            options,
        )
    }

    /// Builds the named environments (every one when `names` is empty), in the project's
    /// order, with every problem of every environment at once (each reported once, in file
    /// order).
    pub fn build_all(
        &self,
        names: &[String],
        options: &BuildOptions,
    ) -> Result<Vec<Built>, Problems> {
        let mut problems = Problems::default();
        for name in names {
            if self.config.environment(name).is_none() {
                problems.push(self.unknown_environment(name));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut built = Vec::new();
        for name in self.environments() {
            if !names.is_empty() && !names.iter().any(|n| n == name) {
                continue;
            }
            match self.build(name, options) {
                Ok(one) => built.push(one),
                Err(found) => problems.extend(found),
            }
        }
        problems.dedup();
        problems.sort_by_location();
        problems.into_result(built)
    }

    /// The lock after these builds: each built environment at its revision and hash, the
    /// others as they were.
    pub fn lock_after(&self, built: &[Built]) -> Lock {
        built.iter().fold(self.lock.clone(), |lock, one| {
            lock.with(&one.environment, one.revision, &one.hash)
        })
    }

    /// For `build --locked` (CI): a problem for each environment whose output is not the one
    /// the lock records, so that the lock would have to change.
    pub fn check_locked(&self, built: &[Built]) -> Result<(), Problems> {
        let mut problems = Problems::default();
        for one in built {
            if one.change != RevisionChange::Unchanged {
                problems.push(lock::out_of_date(&self.lock, &one.environment, one.change));
            }
        }
        problems.into_result(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/project")
    }

    #[test]
    fn a_project_dir_has_a_project_file() {
        assert!(Project::is_project_dir(example()));
        assert!(!Project::is_project_dir(example().join("flags")));
        assert!(!Project::is_project_dir(example().join("nowhere")));
    }

    #[test]
    fn the_lock_keeps_the_entries_of_environments_not_built() {
        let dir = std::env::temp_dir().join(format!("rollgate-lock-keep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("flags")).unwrap();
        std::fs::write(
            dir.join("rollgate.yaml"),
            "schema: 1\nsources: flags\nenvironments: {dev: {}, prod: {}}\n",
        )
        .unwrap();
        std::fs::write(dir.join("flags/a.yaml"), "flags: {}\n").unwrap();
        std::fs::write(
            dir.join("rollgate.lock"),
            r#"{"version": 1, "environments": {"retired": {"revision": 9}, "prod": {"revision": 3}}}"#,
        )
        .unwrap();
        let project = Project::load(&dir).unwrap();
        let built = project
            .build_all(&["dev".to_owned()], &BuildOptions::default())
            .unwrap();
        let lock = project.lock_after(&built);
        let revisions: Vec<(&str, u64)> = lock
            .entries
            .iter()
            .map(|(name, entry)| (name.as_str(), entry.revision))
            .collect();
        assert_eq!(revisions, [("dev", 1), ("prod", 3), ("retired", 9)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
