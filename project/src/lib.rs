//! # Rollgate projects: flags as code
//!
//! A project is a directory with a project file (`rollgate.yaml` or `rollgate.json`), flag
//! sources (JSON or YAML files of flags and segments) and environments that share the flags
//! and may override some of them (docs/projects.md). `rollgate build` turns it into one plain
//! ruleset per environment; clients never see environments.
//!
//! ```no_run
//! use rollgate_project::{BuildOptions, Project};
//!
//! let project = Project::load("examples/project").map_err(|problems| problems.to_string())?;
//! for built in project.build_all(&[], &BuildOptions::default()).map_err(|p| p.to_string())? {
//!     println!("{}: revision {}, {} flags", built.environment, built.revision, built.flag_count());
//! }
//! # Ok::<(), String>(())
//! ```
//!
//! Every problem carries the file, line and column to fix ([`Problem`]), through the
//! [`SourceMap`] built while each file is parsed and carried through merging and overlays.
//!
//! Module map: [`source`] (JSON/YAML → JSON tree + source map), [`config`] (the project
//! file), `sources` (flag files merged), `overlay` (environments' overrides), `client`
//! (client-safe output), `build` (one environment → a ruleset), [`lock`] (revisions),
//! [`write`](mod@write) (all outputs or none), [`files`] (where files come from).

mod build;
mod canonical;
mod check;
mod client;
pub mod config;
pub mod files;
pub mod lock;
mod overlay;
pub mod path;
mod problem;
mod project;
pub mod source;
mod sources;
pub mod write;

pub use build::{BuildOptions, Built};
pub use canonical::to_text as canonical_text;
pub use check::type_name;
pub use lock::{Lock, LockEntry, RevisionChange, LOCK_FILE};
pub use overlay::{OVERRIDABLE, ROLLOUT_FIELDS};
pub use problem::{Kind, Problem, Problems};
pub use project::Project;
pub use source::{Format, Location, Parsed, Position, SourceMap};
pub use sources::{SERVER_ONLY, SOURCE_FIELDS};
