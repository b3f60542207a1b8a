//! The error enum thrown to Kotlin (`RollgateException`), Swift (`RollgateError`) and Python.
//!
//! It is a uniffi *flat* error: the foreign side gets the variant and one message, the
//! [`Display`](fmt::Display) text below. That text is the same as the CLI's and the npm
//! package's for the same mistake, and it is the exception's `message` in Kotlin,
//! `localizedDescription` in Swift (through the wrapper's `CustomStringConvertible`) and
//! `str(e)` in Python. A rich uniffi error would carry fields instead, but its generated Kotlin
//! and Python messages are field dumps (`current=42, offered=41, ...`) that no option changes.
//! The problems of an invalid ruleset, one per line in the message, are available as records
//! from `validateRuleset`.

use std::fmt;

/// Why a call failed. The message says what is wrong and where.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
#[uniffi(flat_error)]
pub enum RollgateError {
    /// The ruleset is not valid JSON or not a valid ruleset; the message lists every problem
    /// with its path (`invalid ruleset (2 problems)` then one `path: message` line each).
    InvalidRuleset(rollgate::LoadError),
    /// The ruleset's revision is older than the one being served (a stale cache or CDN). The
    /// engine keeps serving the current ruleset.
    StaleRevision {
        /// The revision being served.
        current: u64,
        /// The revision that was offered and refused.
        offered: u64,
    },
    /// An evaluation context could not be used (e.g. a non-finite number); the message names
    /// the attribute.
    InvalidContext(rollgate::ContextError),
    /// A local override names a flag the ruleset does not have, or a variant the flag does not
    /// have; the message names it (with a "did you mean" hint when a name is close).
    InvalidOverride(rollgate::OverrideError),
    /// A bug in Rollgate, caught before it could crash the app. Please report it.
    Internal(String),
}

impl fmt::Display for RollgateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RollgateError::InvalidRuleset(error) => error.fmt(f),
            // The core's wording, shared with every binding.
            RollgateError::StaleRevision { current, offered } => rollgate::UpdateError::Stale {
                current: *current,
                offered: *offered,
            }
            .fmt(f),
            RollgateError::InvalidContext(error) => write!(f, "invalid context: {error}"),
            RollgateError::InvalidOverride(error) => error.fmt(f),
            RollgateError::Internal(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for RollgateError {}

impl From<rollgate::LoadError> for RollgateError {
    fn from(error: rollgate::LoadError) -> Self {
        RollgateError::InvalidRuleset(error)
    }
}

impl From<rollgate::ContextError> for RollgateError {
    fn from(error: rollgate::ContextError) -> Self {
        RollgateError::InvalidContext(error)
    }
}

impl From<rollgate::OverrideError> for RollgateError {
    fn from(error: rollgate::OverrideError) -> Self {
        RollgateError::InvalidOverride(error)
    }
}

impl From<rollgate::UpdateError> for RollgateError {
    fn from(error: rollgate::UpdateError) -> Self {
        match error {
            rollgate::UpdateError::Invalid(load) => load.into(),
            rollgate::UpdateError::Stale { current, offered } => {
                RollgateError::StaleRevision { current, offered }
            }
        }
    }
}

/// What a [`FlagChangeListener`](crate::FlagChangeListener) reports when it fails. Apps never
/// construct it: uniffi turns anything a listener throws into `Unexpected`, and the engine
/// drops it, since a listener cannot undo an update. (A listener needs an error type uniffi can
/// read back from Kotlin or Swift, which a flat error like [`RollgateError`] is not.)
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
pub enum ListenerError {
    /// The listener threw.
    Unexpected {
        /// What it threw, as the foreign language describes it.
        reason: String,
    },
}

impl fmt::Display for ListenerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListenerError::Unexpected { reason } => {
                write!(f, "a FlagChangeListener threw: {reason}")
            }
        }
    }
}

impl std::error::Error for ListenerError {}

impl From<uniffi::UnexpectedUniFFICallbackError> for ListenerError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ListenerError::Unexpected {
            reason: error.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_like_the_cli() {
        let stale: RollgateError = rollgate::UpdateError::Stale {
            current: 42,
            offered: 41,
        }
        .into();
        assert_eq!(
            stale.to_string(),
            "refused revision 41: older than the current revision 42"
        );
        let invalid: RollgateError = rollgate::LoadError::single(
            "flags.x.default",
            rollgate::ProblemKind::UnknownVariant,
            "unknown variant \"z\"",
        )
        .into();
        assert_eq!(
            invalid.to_string(),
            "invalid ruleset (1 problem)\n  flags.x.default: unknown variant \"z\""
        );
        let context = rollgate::Context::new()
            .with("score", f64::NAN)
            .map(|_| ())
            .map_err(RollgateError::from);
        assert_eq!(
            context.unwrap_err().to_string(),
            "invalid context: context.score: numbers must be finite, found NaN"
        );
    }
}
