//! [`FlagEngine`]: the object Kotlin and Swift apps hold.

use crate::error::{ListenerError, RollgateError};
use crate::guard::{guard, guard_or};
use crate::persist;
use crate::types::{
    to_context, ContextValue, DroppedOverride, ErrorCode, FlagEvaluation, FlagType, FlagValue,
    UpdateResult,
};
use rollgate::{Context, Engine, Ruleset};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// Hears about ruleset updates. Implement it in Kotlin or Swift and pass it to
/// `FlagEngine.setListener`.
///
/// It is called on the thread that called `update`, after the new ruleset is being served and
/// persisted, with the keys of the flags whose definition changed (see [`rollgate::Ruleset::changed_flags`] for
/// the exact rule). It is not called when nothing changed. Exceptions thrown by the listener are
/// ignored: they cannot undo the update. (The method is declared fallible, with
/// [`ListenerError`], so that uniffi hands a foreign exception back as an error value instead
/// of a Rust panic.)
#[uniffi::export(callback_interface)]
pub trait FlagChangeListener: Send + Sync {
    /// `revision` is now served; `changed_flags` (sorted) may evaluate differently than before.
    fn on_flags_changed(
        &self,
        revision: u64,
        changed_flags: Vec<String>,
    ) -> Result<(), ListenerError>;
}

/// A thread-safe feature-flag engine: holds the current ruleset, evaluates flags, swaps in
/// newer rulesets and optionally persists the last good one.
///
/// Evaluations never block on updates and never see half of an update: each one runs on a
/// whole snapshot. Getters never throw: on any error they return the caller's default.
#[derive(uniffi::Object)]
pub struct FlagEngine {
    engine: Engine,
    /// Serializes updates, so the snapshot taken before one is the one it replaces.
    updating: Mutex<()>,
    persist_path: Option<PathBuf>,
    listener: RwLock<Option<Arc<dyn FlagChangeListener>>>,
    /// Why the persisted ruleset was not used at startup, if it was not.
    restore_error: Option<String>,
}

/// Milliseconds since the Unix epoch by the device clock (negative before 1970).
fn system_now_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

impl FlagEngine {
    fn build(
        ruleset: Ruleset,
        persist_path: Option<PathBuf>,
        restore_error: Option<String>,
    ) -> Arc<FlagEngine> {
        Arc::new(FlagEngine {
            engine: Engine::new(ruleset),
            updating: Mutex::new(()),
            persist_path,
            listener: RwLock::new(None),
            restore_error,
        })
    }

    fn serving(json: &[u8]) -> Result<Arc<FlagEngine>, RollgateError> {
        let ruleset = Ruleset::from_json_bytes(json)?;
        Ok(FlagEngine::build(ruleset, None, None))
    }

    fn lock_updates(&self) -> MutexGuard<'_, ()> {
        // A poisoned lock only means a panic was caught mid-update; the engine still holds a
        // whole ruleset, so keep going.
        self.updating
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Evaluates with an optional type check; bad contexts become INVALID_CONTEXT results.
    fn eval(
        &self,
        flag: &str,
        expected: Option<FlagType>,
        context: &HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> FlagEvaluation {
        let context = match to_context(context) {
            Ok(context) => context,
            Err(error) => {
                return FlagEvaluation::error(ErrorCode::InvalidContext, error.to_string())
            }
        };
        let snapshot = self.engine.snapshot();
        let evaluation = snapshot.evaluate(flag, &context, now.unwrap_or_else(system_now_ms));
        let evaluation = match expected {
            Some(ty) => evaluation.expect_type(ty.into()),
            None => evaluation,
        };
        FlagEvaluation::from_core(&evaluation)
    }

    /// The typed value of a flag, or `None` on any error (including a caught panic).
    fn typed(
        &self,
        flag: &str,
        ty: FlagType,
        context: &HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> Option<FlagValue> {
        guard_or(|| self.eval(flag, Some(ty), context, now).value, |_| None)
    }

    fn apply_update(&self, json: &[u8]) -> Result<UpdateResult, RollgateError> {
        let serialized = self.lock_updates();
        let previous = self.engine.snapshot();
        let outcome = self.engine.update_bytes(json)?;
        let current = self.engine.snapshot();
        let mut changed = current.changed_flags(&previous);
        if !outcome.dropped_overrides.is_empty() {
            // A dropped override changes its flag (and what depends on it) for this engine.
            let dropped: Vec<&str> = outcome
                .dropped_overrides
                .iter()
                .map(|d| d.flag.as_str())
                .collect();
            changed.extend(current.affected_by(&dropped));
            changed.sort_unstable();
            changed.dedup();
        }
        let persist_error = self.persist_path.as_ref().and_then(|path| {
            persist::write_atomic(path, json)
                .err()
                .map(|e| format!("could not persist the ruleset to {}: {e}", path.display()))
        });
        drop(serialized);

        self.notify(outcome.revision, &changed);
        Ok(UpdateResult {
            previous_revision: outcome.previous_revision,
            revision: outcome.revision,
            changed_flags: changed,
            persist_error,
            dropped_overrides: outcome
                .dropped_overrides
                .into_iter()
                .map(DroppedOverride::from)
                .collect(),
        })
    }

    /// Tells the listener, if any, that `changed` (sorted, not empty) may evaluate differently.
    fn notify(&self, revision: u64, changed: &[String]) {
        if changed.is_empty() {
            return;
        }
        let listener = self
            .listener
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some(listener) = listener {
            // The listener is app code; a failure there must not turn a successful call into
            // an error, so both its errors and any panic are dropped.
            let _ = guard_or(
                || {
                    listener
                        .on_flags_changed(revision, changed.to_vec())
                        .is_ok()
                },
                |_| false,
            );
        }
    }

    /// Notifies the listener of the flags an override change on `keys` can affect.
    fn overrides_changed(&self, keys: &[&str]) {
        let snapshot = self.engine.snapshot();
        self.notify(snapshot.revision(), &snapshot.affected_by(keys));
    }
}

#[uniffi::export]
impl FlagEngine {
    /// An engine serving the ruleset in `ruleset_json`. Throws `InvalidRuleset` with every
    /// problem found.
    #[uniffi::constructor]
    pub fn new(ruleset_json: String) -> Result<Arc<FlagEngine>, RollgateError> {
        guard(|| FlagEngine::serving(ruleset_json.as_bytes()))
    }

    /// An engine serving the ruleset in `ruleset` (UTF-8 JSON bytes, e.g. an HTTP body).
    #[uniffi::constructor]
    pub fn from_bytes(ruleset: Vec<u8>) -> Result<Arc<FlagEngine>, RollgateError> {
        guard(|| FlagEngine::serving(&ruleset))
    }

    /// An engine with no flags (revision 0): every getter returns its default until `update`.
    #[uniffi::constructor]
    pub fn empty() -> Arc<FlagEngine> {
        guard_or(
            || FlagEngine::build(Ruleset::empty(), None, None),
            |_| FlagEngine::build(Ruleset::empty(), None, None),
        )
    }

    /// An engine that persists every successfully applied ruleset to `persist_path` (atomic
    /// write) and starts from it.
    ///
    /// At start it serves the persisted file or `bundled_json` (the ruleset shipped inside the
    /// app, if any) by the core's start-up rule, the same in every binding
    /// ([`rollgate::startup::choose`]): the higher revision wins, the persisted file on a tie.
    /// A missing, unreadable or invalid persisted file is ignored (see `restoreError`); an
    /// invalid `bundled_json` is a programming error and throws `InvalidRuleset`. With neither,
    /// the engine starts empty.
    #[uniffi::constructor(default(bundled_json = None))]
    pub fn open(
        persist_path: String,
        bundled_json: Option<String>,
    ) -> Result<Arc<FlagEngine>, RollgateError> {
        guard(|| {
            let path = PathBuf::from(&persist_path);
            let (persisted, read_error) = match persist::read(&path) {
                Ok(bytes) => (bytes, None),
                Err(e) => (
                    None,
                    Some(format!("could not read {}: {e}", path.display())),
                ),
            };
            let restored = rollgate::startup::restore(
                persisted.as_deref(),
                bundled_json.as_deref().map(str::as_bytes),
            );
            if let Some(error) = restored.bundled_error {
                return Err(error.into());
            }
            let restore_error = read_error.or_else(|| {
                restored
                    .persisted_error
                    .map(|e| format!("ignored the persisted ruleset at {}: {e}", path.display()))
            });
            Ok(FlagEngine::build(
                restored.ruleset,
                Some(path),
                restore_error,
            ))
        })
    }

    /// Swaps in a new ruleset if it is valid and not older than the current one, persists it
    /// (when a persist path is set) and notifies the listener. On error nothing changes and the
    /// engine keeps serving its last good ruleset.
    pub fn update(&self, ruleset_json: String) -> Result<UpdateResult, RollgateError> {
        guard(|| self.apply_update(ruleset_json.as_bytes()))
    }

    /// [`update`](Self::update) from UTF-8 JSON bytes (e.g. an HTTP response body).
    pub fn update_bytes(&self, ruleset: Vec<u8>) -> Result<UpdateResult, RollgateError> {
        guard(|| self.apply_update(&ruleset))
    }

    /// Sets (or, with `null`/`nil`, removes) the listener told about changed flags.
    pub fn set_listener(&self, listener: Option<Box<dyn FlagChangeListener>>) {
        guard_or(
            || {
                let mut slot = self.listener.write().unwrap_or_else(|p| p.into_inner());
                *slot = listener.map(Arc::from);
            },
            |_| (),
        )
    }

    /// Forces `flag` to serve `variant` on this engine, for QA and development: evaluations
    /// return it with reason `OVERRIDE`, also where other flags check `flag` as a prerequisite,
    /// until cleared or until an update removes the flag or the variant (see
    /// `UpdateResult.droppedOverrides`). Not persisted. The listener hears the flags it can
    /// change. Throws `InvalidOverride` for an unknown flag or variant; nothing changes then.
    pub fn set_override(&self, flag: String, variant: String) -> Result<(), RollgateError> {
        guard(|| {
            self.engine.set_override(&flag, &variant)?;
            self.overrides_changed(&[&flag]);
            Ok(())
        })
    }

    /// Removes the override of `flag`; returns whether there was one.
    pub fn clear_override(&self, flag: String) -> bool {
        guard_or(
            || {
                let cleared = self.engine.clear_override(&flag);
                if cleared {
                    self.overrides_changed(&[&flag]);
                }
                cleared
            },
            |_| false,
        )
    }

    /// Removes every override; returns whether there were any.
    pub fn clear_overrides(&self) -> bool {
        guard_or(
            || {
                let previous = self.engine.overrides();
                let cleared = self.engine.clear_overrides();
                if cleared {
                    let keys: Vec<&str> = previous.iter().map(|(k, _)| k.as_str()).collect();
                    self.overrides_changed(&keys);
                }
                cleared
            },
            |_| false,
        )
    }

    /// The overrides in force: flag → variant.
    pub fn overrides(&self) -> HashMap<String, String> {
        guard_or(
            || self.engine.overrides().into_iter().collect(),
            |_| HashMap::new(),
        )
    }

    /// The revision being served (0 for an empty engine).
    pub fn revision(&self) -> u64 {
        guard_or(|| self.engine.revision(), |_| 0)
    }

    /// The flag keys, sorted.
    pub fn flag_keys(&self) -> Vec<String> {
        guard_or(
            || {
                self.engine
                    .snapshot()
                    .flag_keys()
                    .map(str::to_owned)
                    .collect()
            },
            |_| Vec::new(),
        )
    }

    /// Why the persisted ruleset was not used at startup (`open`), or `null` if it was used or
    /// there was none.
    pub fn restore_error(&self) -> Option<String> {
        self.restore_error.clone()
    }

    /// A boolean flag's value, or `default` on any error (unknown flag, other type, bad context).
    /// `now` is epoch milliseconds; absent means the device clock.
    #[uniffi::method(default(now = None, context))]
    pub fn bool_value(
        &self,
        flag: String,
        default: bool,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> bool {
        match self.typed(&flag, FlagType::Boolean, &context, now) {
            Some(FlagValue::Bool { value }) => value,
            _ => default,
        }
    }

    /// A string flag's value, or `default` on any error.
    #[uniffi::method(default(now = None, context))]
    pub fn string_value(
        &self,
        flag: String,
        default: String,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> String {
        match self.typed(&flag, FlagType::String, &context, now) {
            Some(FlagValue::Text { value }) => value,
            _ => default,
        }
    }

    /// A number flag's value, or `default` on any error.
    #[uniffi::method(default(now = None, context))]
    pub fn number_value(
        &self,
        flag: String,
        default: f64,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> f64 {
        match self.typed(&flag, FlagType::Number, &context, now) {
            Some(FlagValue::Number { value }) => value,
            _ => default,
        }
    }

    /// An object flag's value as JSON text, or `default_json` (returned as given) on any error.
    #[uniffi::method(default(now = None, context))]
    pub fn json_value(
        &self,
        flag: String,
        default_json: String,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> String {
        match self.typed(&flag, FlagType::Object, &context, now) {
            Some(FlagValue::Json { json }) => json,
            _ => default_json,
        }
    }

    /// Evaluates one flag: value, variant, reason, rule, error code and metadata.
    #[uniffi::method(default(now = None, context))]
    pub fn evaluate(
        &self,
        flag: String,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> FlagEvaluation {
        guard_or(
            || self.eval(&flag, None, &context, now),
            |message| FlagEvaluation::error(ErrorCode::General, message),
        )
    }

    /// Like [`evaluate`](Self::evaluate), for a caller expecting `flag_type`: a flag of another
    /// type gives ERROR / TYPE_MISMATCH (what the typed getters do before falling back).
    #[uniffi::method(default(now = None, context))]
    pub fn evaluate_typed(
        &self,
        flag: String,
        flag_type: FlagType,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> FlagEvaluation {
        guard_or(
            || self.eval(&flag, Some(flag_type), &context, now),
            |message| FlagEvaluation::error(ErrorCode::General, message),
        )
    }

    /// Evaluates every flag on one snapshot (consistent even during an update).
    #[uniffi::method(default(now = None, context))]
    pub fn evaluate_all(
        &self,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> Result<HashMap<String, FlagEvaluation>, RollgateError> {
        guard(|| {
            let context = to_context(&context)?;
            let snapshot = self.engine.snapshot();
            let now = now.unwrap_or_else(system_now_ms);
            Ok(snapshot
                .evaluate_all(&context, now)
                .map(|(key, evaluation)| (key.to_owned(), FlagEvaluation::from_core(&evaluation)))
                .collect())
        })
    }

    /// Why a flag has its value, as JSON: every rule, every check with the compared values and
    /// every bucketing decision.
    #[uniffi::method(default(now = None, context))]
    pub fn explain(
        &self,
        flag: String,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> Result<String, RollgateError> {
        guard(|| {
            let explanation = self.explanation(&flag, &context, now)?;
            serde_json::to_string_pretty(&explanation).map_err(|e| {
                RollgateError::Internal(format!("could not serialize the explanation: {e}"))
            })
        })
    }

    /// [`explain`](Self::explain) as readable text, for logs and debug screens.
    #[uniffi::method(default(now = None, context))]
    pub fn explain_text(
        &self,
        flag: String,
        context: HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> Result<String, RollgateError> {
        guard(|| Ok(self.explanation(&flag, &context, now)?.to_string()))
    }

    /// The next instant (epoch ms) after `now` at which a scheduled rollout step starts, if
    /// any: set a timer and re-read flags then, since results change without an update.
    #[uniffi::method(default(now = None))]
    pub fn next_change_after(&self, now: Option<i64>) -> Option<i64> {
        guard_or(
            || {
                self.engine
                    .snapshot()
                    .next_change_after(now.unwrap_or_else(system_now_ms))
            },
            |_| None,
        )
    }
}

impl FlagEngine {
    fn explanation(
        &self,
        flag: &str,
        context: &HashMap<String, ContextValue>,
        now: Option<i64>,
    ) -> Result<rollgate::Explanation, RollgateError> {
        let context: Context = to_context(context)?;
        Ok(self
            .engine
            .snapshot()
            .explain(flag, &context, now.unwrap_or_else(system_now_ms)))
    }
}
