//! The error enum thrown to Kotlin (`RollgateException`) and Swift (`RollgateError`).

use crate::types::Problem;
use std::fmt;

/// Why a call failed. Each variant carries a human-readable `detail`; Kotlin shows the fields
/// in the exception message, Swift and Python in the error's description.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
pub enum RollgateError {
    /// The ruleset is not valid JSON or not a valid ruleset: every problem found, with its path.
    InvalidRuleset {
        /// All problems, in document order (never empty).
        problems: Vec<Problem>,
        /// The problems as readable text, one per line.
        detail: String,
    },
    /// The ruleset's revision is older than the one being served (a stale cache or CDN).
    /// The engine keeps serving the current ruleset.
    StaleRevision {
        /// The revision being served.
        current: u64,
        /// The revision that was offered and refused.
        offered: u64,
        /// Readable explanation.
        detail: String,
    },
    /// An evaluation context could not be used (e.g. a non-finite number).
    InvalidContext {
        /// Which attribute is wrong, and why.
        detail: String,
    },
    /// Reading or writing the persisted ruleset file failed.
    Io {
        /// The path and the operating system's message.
        detail: String,
    },
    /// A bug in Rollgate, caught before it could crash the app. Please report it.
    Internal {
        /// What went wrong.
        detail: String,
    },
}

impl fmt::Display for RollgateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RollgateError::InvalidRuleset { detail, .. }
            | RollgateError::StaleRevision { detail, .. }
            | RollgateError::InvalidContext { detail }
            | RollgateError::Io { detail }
            | RollgateError::Internal { detail } => f.write_str(detail),
        }
    }
}

impl std::error::Error for RollgateError {}

impl From<rollgate::LoadError> for RollgateError {
    fn from(error: rollgate::LoadError) -> Self {
        RollgateError::InvalidRuleset {
            detail: error.to_string(),
            problems: error.problems.into_iter().map(Problem::from).collect(),
        }
    }
}

impl From<rollgate::UpdateError> for RollgateError {
    fn from(error: rollgate::UpdateError) -> Self {
        let detail = error.to_string();
        match error {
            rollgate::UpdateError::Invalid(load) => load.into(),
            rollgate::UpdateError::Stale { current, offered } => RollgateError::StaleRevision {
                current,
                offered,
                detail,
            },
        }
    }
}

/// A listener (app code) threw something other than a `RollgateError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for RollgateError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        RollgateError::Internal {
            detail: format!("a FlagChangeListener threw: {}", error.reason),
        }
    }
}
