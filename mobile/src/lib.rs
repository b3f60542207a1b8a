//! # rollgate-mobile
//!
//! The Rollgate core for iOS and Android, exported through [uniffi](https://mozilla.github.io/uniffi-rs/)
//! proc-macros. `scripts/build-mobile.sh` generates Kotlin, Swift and Python bindings from this
//! crate's compiled metadata; the hand-written Kotlin and Swift wrappers (`mobile/kotlin`,
//! `mobile/swift`) add attribute-name constants and app-version helpers on top.
//!
//! The layer is thin on purpose: it translates types and errors and adds what only a mobile
//! host needs (the system clock as the default `now`, corrected by the server's `Date`,
//! last-known-good persistence of the ruleset and of local overrides, change callbacks). Every rule decision is the core's, so an app gets the same answer as the browser
//! and the CLI.
//!
//! No panic crosses the FFI: every exported function runs inside [`guard`], which turns a
//! panic into [`RollgateError::Internal`] (or, for getters that cannot fail, into the caller's
//! default value).
//!
//! Module map: [`engine`] (the exported `FlagEngine`), [`types`] (records and enums crossing
//! the FFI), [`error`] (the error enum), [`persist`] (atomic last-known-good file),
//! [`overrides_file`] (where and how local overrides are persisted),
//! [`guard`] (panic containment). Which flags an update changed comes from the core
//! ([`rollgate::Ruleset::changed_flags`]).

pub mod engine;
pub mod error;
pub mod guard;
pub mod overrides_file;
pub mod persist;
pub mod types;

pub use engine::{FlagChangeListener, FlagEngine};
pub use error::{ListenerError, RollgateError};
pub use types::{
    ContextScalar, ContextValue, DroppedOverride, ErrorCode, FlagEvaluation, FlagType, FlagValue,
    Problem, ProblemKind, Reason, UpdateResult,
};

uniffi::setup_scaffolding!("rollgate");

/// The version of this library (the Rust crate version), for diagnostics and bug reports.
#[uniffi::export]
pub fn rollgate_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Parses a context from a JSON object text, e.g. `{"userId": "u1", "appVersion": "2.4.0"}`,
/// with the same rules as every other binding: `null` attributes are absent, lists hold
/// scalars, nested objects are rejected (flatten them: `{"address.country": "FR"}`).
#[uniffi::export]
pub fn context_from_json(
    json: String,
) -> Result<std::collections::HashMap<String, ContextValue>, RollgateError> {
    guard::guard(|| {
        let context = rollgate::Context::from_json(&json)?;
        Ok(types::from_context(&context)?)
    })
}

/// Checks a ruleset without creating an engine: the list of problems, empty when it is valid.
/// Useful in debug menus and tests; it never throws.
#[uniffi::export]
pub fn validate_ruleset(json: String) -> Vec<Problem> {
    guard::guard_or(
        || match rollgate::Ruleset::from_json(&json) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems.into_iter().map(Problem::from).collect(),
        },
        |message| {
            vec![Problem {
                path: String::new(),
                kind: ProblemKind::InvalidValue,
                message,
            }]
        },
    )
}
