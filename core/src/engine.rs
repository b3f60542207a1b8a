//! [`Engine`]: holds the current ruleset and swaps it atomically on valid, newer updates.

use crate::overrides::DroppedOverride;
use crate::problem::LoadError;
use crate::ruleset::Ruleset;
use std::fmt;
use std::sync::{Arc, RwLock, RwLockWriteGuard};

/// The current ruleset, shared by every thread that evaluates.
///
/// Readers take a snapshot (`Arc<Ruleset>`) and evaluate on it without holding any lock, so
/// an update never blocks evaluation for longer than a pointer swap and never tears a read:
/// each evaluation sees one whole ruleset, old or new.
#[derive(Debug)]
pub struct Engine {
    current: RwLock<Arc<Ruleset>>,
}

/// What a successful update did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct UpdateOutcome {
    /// Revision before the update.
    pub previous_revision: u64,
    /// Revision now.
    pub revision: u64,
    /// The local overrides the new ruleset could not keep (its flag or variant is gone), by
    /// flag key; the others carried over.
    pub dropped_overrides: Vec<DroppedOverride>,
}

/// Why an update was refused. The engine keeps serving its last good ruleset.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum UpdateError {
    /// The new ruleset is invalid; every problem is listed.
    Invalid(LoadError),
    /// The new ruleset is older than the current one (a rollback from a stale cache or CDN).
    Stale {
        /// The revision being served.
        current: u64,
        /// The revision offered.
        offered: u64,
    },
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::Invalid(e) => e.fmt(f),
            UpdateError::Stale { current, offered } => write!(
                f,
                "refused revision {offered}: older than the current revision {current}"
            ),
        }
    }
}

impl std::error::Error for UpdateError {}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Ruleset::empty())
    }
}

impl Engine {
    /// An engine serving `ruleset`.
    pub fn new(ruleset: Ruleset) -> Engine {
        Engine {
            current: RwLock::new(Arc::new(ruleset)),
        }
    }

    /// An engine serving the ruleset in `json`.
    pub fn from_json(json: &str) -> Result<Engine, LoadError> {
        Ruleset::from_json(json).map(Engine::new)
    }

    /// The current ruleset. Hold it for a batch of evaluations that must be consistent.
    pub fn snapshot(&self) -> Arc<Ruleset> {
        // The lock guards a pointer swap that cannot panic, so poisoning cannot happen; recover
        // the value anyway rather than propagate a panic.
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The current revision.
    pub fn revision(&self) -> u64 {
        self.snapshot().revision()
    }

    /// Loads `json` and swaps it in if it is valid and not older than the current ruleset.
    /// On error nothing changes.
    pub fn update(&self, json: &str) -> Result<UpdateOutcome, UpdateError> {
        // Compile outside the lock: readers are never blocked by parsing.
        let ruleset = Ruleset::from_json(json).map_err(UpdateError::Invalid)?;
        self.replace(ruleset)
    }

    /// [`update`](Self::update) from the raw bytes of a JSON document
    /// ([`Ruleset::from_json_bytes`]).
    pub fn update_bytes(&self, json: &[u8]) -> Result<UpdateOutcome, UpdateError> {
        let ruleset = Ruleset::from_json_bytes(json).map_err(UpdateError::Invalid)?;
        self.replace(ruleset)
    }

    /// Swaps in an already compiled ruleset if it is not older than the current one.
    pub fn replace(&self, mut ruleset: Ruleset) -> Result<UpdateOutcome, UpdateError> {
        let mut guard = self.write();
        let previous_revision = guard.revision();
        if ruleset.revision() < previous_revision {
            return Err(UpdateError::Stale {
                current: previous_revision,
                offered: ruleset.revision(),
            });
        }
        let revision = ruleset.revision();
        let dropped_overrides = ruleset.inherit_overrides(&guard);
        *guard = Arc::new(ruleset);
        Ok(UpdateOutcome {
            previous_revision,
            revision,
            dropped_overrides,
        })
    }

    /// Replaces the current ruleset with what `change` derives from it (`Ok(None)`: keep it),
    /// under the write lock, so that concurrent changes never lose one another.
    pub(crate) fn swap<E>(
        &self,
        change: impl FnOnce(&Ruleset) -> Result<Option<Ruleset>, E>,
    ) -> Result<(), E> {
        let mut guard = self.write();
        if let Some(next) = change(&guard)? {
            *guard = Arc::new(next);
        }
        Ok(())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Arc<Ruleset>> {
        // As in `snapshot`: a pointer swap cannot poison the lock; recover anyway.
        match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}
