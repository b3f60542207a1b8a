//! # Rollgate projects: flags as code
//!
//! A project is a directory with a `rollgate.yaml` (or `rollgate.json`), flag sources and
//! environments (docs/projects.md). This crate reads one and builds a plain ruleset per
//! environment for the `rollgate build` command.

pub mod path;
mod problem;
pub mod source;

pub use problem::{Kind, Problem, Problems};
pub use source::{Format, Location, Parsed, Position, SourceMap};
