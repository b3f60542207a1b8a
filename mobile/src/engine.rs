//! [`FlagEngine`]: the object Kotlin and Swift apps hold.

use crate::error::{ListenerError, RollgateError};
use crate::guard::{guard, guard_or};
use crate::overrides_file;
use crate::persist;
use crate::types::{
    to_context, ContextValue, DroppedOverride, ErrorCode, FlagEvaluation, FlagType, FlagValue,
    UpdateResult,
};
use rollgate::{Context, Engine, Ruleset};
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
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
/// newer rulesets and optionally persists the last good one (and its local overrides).
///
/// Evaluations never block on updates and never see half of an update: each one runs on a
/// whole snapshot. Getters never throw: on any error they return the caller's default.
#[derive(uniffi::Object)]
pub struct FlagEngine {
    engine: Engine,
    /// Serializes updates and override changes, so the snapshot taken before one is the one it
    /// replaces and the files are written in the order of the changes.
    updating: Mutex<()>,
    persist_path: Option<PathBuf>,
    /// Where the overrides are persisted, when the app asked for it (`open`).
    overrides_path: Option<PathBuf>,
    /// Why the overrides file could not be read at start or written at the last change.
    overrides_error: Mutex<Option<String>>,
    listener: RwLock<Option<Arc<dyn FlagChangeListener>>>,
    /// Why the persisted ruleset was not used at startup, if it was not.
    restore_error: Option<String>,
    /// The persisted overrides the ruleset served at `open` could not take; fixed after `open`.
    dropped_at_open: Vec<DroppedOverride>,
    /// Milliseconds to add to the device's clock to get the ruleset server's (ADR 0026).
    clock_offset: AtomicI64,
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
    ) -> FlagEngine {
        FlagEngine {
            engine: Engine::new(ruleset),
            updating: Mutex::new(()),
            persist_path,
            overrides_path: None,
            overrides_error: Mutex::new(None),
            listener: RwLock::new(None),
            restore_error,
            dropped_at_open: Vec::new(),
            clock_offset: AtomicI64::new(0),
        }
    }

    fn serving(json: &[u8]) -> Result<Arc<FlagEngine>, RollgateError> {
        let ruleset = Ruleset::from_json_bytes(json)?;
        Ok(Arc::new(FlagEngine::build(ruleset, None, None)))
    }

    /// `now`, or the device's clock corrected by the estimated offset of the server's.
    fn now(&self, now: Option<i64>) -> i64 {
        now.unwrap_or_else(|| {
            system_now_ms().saturating_add(self.clock_offset.load(Ordering::Relaxed))
        })
    }

    /// Starts persisting the overrides at `path`, beginning with those persisted there: the
    /// core keeps the ones the ruleset can take, and the others are kept for
    /// `dropped_overrides_at_open`. A file that cannot be read or parsed is ignored and reported
    /// (`overrides_error`); the next change overwrites it.
    fn restore_overrides(&mut self, path: PathBuf) {
        let restored = match persist::read(&path) {
            Ok(None) => Ok(Vec::new()),
            Err(e) => Err(format!("could not read {}: {e}", path.display())),
            Ok(Some(bytes)) => overrides_file::decode(&bytes)
                .map_err(|e| format!("ignored the persisted overrides at {}: {e}", path.display())),
        };
        self.overrides_path = Some(path);
        match restored {
            Ok(overrides) => {
                let dropped = self.engine.replace_overrides(overrides);
                if !dropped.is_empty() {
                    // The file follows what the core kept.
                    self.save_overrides();
                    self.dropped_at_open = dropped.into_iter().map(DroppedOverride::from).collect();
                }
            }
            Err(error) => {
                *self
                    .overrides_error
                    .get_mut()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(error);
            }
        }
    }

    /// Writes the overrides in force to the overrides file (removes it when there are none),
    /// when they are persisted. The caller holds the update lock.
    fn save_overrides(&self) {
        let Some(path) = &self.overrides_path else {
            return;
        };
        let overrides = self.engine.overrides();
        let written = if overrides.is_empty() {
            persist::remove(path)
        } else {
            persist::write_atomic(path, &overrides_file::encode(&overrides))
        };
        let error = written
            .err()
            .map(|e| format!("could not persist the overrides to {}: {e}", path.display()));
        *self
            .overrides_error
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = error;
    }

    /// Applies `edit` to the overrides (it returns the keys it changed), persists them, then
    /// tells the listener about the flags they can affect; returns whether anything changed.
    /// One order for every override change, and one writer at a time.
    fn edit_overrides<E>(
        &self,
        edit: impl FnOnce(&Engine) -> Result<Vec<String>, E>,
    ) -> Result<bool, E> {
        let serialized = self.lock_updates();
        let keys = edit(&self.engine)?;
        if keys.is_empty() {
            return Ok(false);
        }
        self.save_overrides();
        drop(serialized);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.overrides_changed(&keys);
        Ok(true)
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
        let evaluation = snapshot.evaluate(flag, &context, self.now(now));
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
            self.save_overrides();
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
        let empty = || Arc::new(FlagEngine::build(Ruleset::empty(), None, None));
        guard_or(empty, |_| empty())
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
    ///
    /// With `persist_overrides` (for QA and development builds; off by default) the local
    /// overrides are kept in a file next to the ruleset (`ruleset.json` →
    /// `ruleset.overrides.json`), written atomically at every change, and come back at the next
    /// start, minus those the ruleset served then cannot take. A file that cannot be read is
    /// ignored, and `overridesError` says why.
    #[uniffi::constructor(default(bundled_json = None, persist_overrides = false))]
    pub fn open(
        persist_path: String,
        bundled_json: Option<String>,
        persist_overrides: bool,
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
            let overrides_path = persist_overrides.then(|| overrides_file::path_for(&path));
            let mut engine = FlagEngine::build(restored.ruleset, Some(path), restore_error);
            if let Some(overrides_path) = overrides_path {
                engine.restore_overrides(overrides_path);
            }
            Ok(Arc::new(engine))
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
    /// `UpdateResult.droppedOverrides`). Persisted only by an engine opened with
    /// `persistOverrides`. The listener hears the flags it can change. Throws
    /// `InvalidOverride` for an unknown flag or variant; nothing changes then.
    pub fn set_override(&self, flag: String, variant: String) -> Result<(), RollgateError> {
        guard(|| {
            self.edit_overrides(|engine| {
                engine.set_override(&flag, &variant)?;
                Ok::<_, RollgateError>(vec![flag.clone()])
            })?;
            Ok(())
        })
    }

    /// Removes the override of `flag`; returns whether there was one.
    pub fn clear_override(&self, flag: String) -> bool {
        guard_or(
            || {
                let Ok(cleared) = self.edit_overrides(|engine| {
                    let cleared = engine.clear_override(&flag);
                    Ok::<_, Infallible>(if cleared { vec![flag.clone()] } else { vec![] })
                });
                cleared
            },
            |_| false,
        )
    }

    /// Removes every override; returns whether there were any.
    pub fn clear_overrides(&self) -> bool {
        guard_or(
            || {
                let Ok(cleared) = self.edit_overrides(|engine| {
                    let previous = engine.overrides();
                    let cleared = engine.clear_overrides();
                    let keys = previous.into_iter().map(|(flag, _)| flag);
                    Ok::<_, Infallible>(if cleared { keys.collect() } else { vec![] })
                });
                cleared
            },
            |_| false,
        )
    }

    /// Why the persisted overrides could not be read at `open` (the file was ignored) or the
    /// last change to them could not be written; `null` when all went well, and always for an
    /// engine that does not persist them.
    pub fn overrides_error(&self) -> Option<String> {
        guard_or(
            || {
                self.overrides_error
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .clone()
            },
            |_| None,
        )
    }

    /// The persisted overrides that `open` dropped because the ruleset it started with lacks
    /// their flag or variant (`reason` as in `UpdateResult.droppedOverrides`), in flag order;
    /// the overrides file is rewritten without them (a failed write shows in `overridesError`).
    /// A QA screen shows them so that the tester knows which forced variants no longer apply.
    /// Empty when nothing was dropped, and always for an engine that does not persist overrides.
    pub fn dropped_overrides_at_open(&self) -> Vec<DroppedOverride> {
        guard_or(|| self.dropped_at_open.clone(), |_| Vec::new())
    }

    /// Takes the ruleset server's clock from one response of the ruleset's URL (any status):
    /// its `Date` and `Age` header values (`null` when absent), and the device's clock, epoch
    /// ms, when the request was sent and when the response arrived. From then on, evaluations
    /// without `now` and `nextChangeAfter()` use the device's clock plus the estimated offset,
    /// so that scheduled ramp steps start at the server's instant even on a device set minutes
    /// or days off. The core's rule, shared with the npm client ([`rollgate::clock`],
    /// ADR 0026): an offset within the estimate's uncertainty counts as none; a `Date` that is
    /// not an IMF-fixdate measures nothing. Returns whether the estimate changed: re-read flags
    /// and re-arm the `nextChangeAfter` timer then.
    pub fn observe_server_clock(
        &self,
        date: Option<String>,
        age: Option<String>,
        sent_at_ms: i64,
        received_at_ms: i64,
    ) -> bool {
        guard_or(
            || {
                let estimate = rollgate::clock::estimate_offset(
                    date.as_deref(),
                    age.as_deref(),
                    sent_at_ms,
                    received_at_ms,
                );
                estimate.is_some_and(|offset| {
                    self.clock_offset.swap(offset, Ordering::Relaxed) != offset
                })
            },
            |_| false,
        )
    }

    /// Milliseconds added to the device's clock where `now` is absent: the last estimate of
    /// `observeServerClock` (0 until one measured an offset).
    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_offset.load(Ordering::Relaxed)
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
            let now = self.now(now);
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
    /// any: set a timer and re-read flags then, since results change without an update. Without
    /// `now`, on the server's clock as `observeServerClock` estimated it: the timer's delay is
    /// the result minus (the device's clock + `clockOffsetMs`).
    #[uniffi::method(default(now = None))]
    pub fn next_change_after(&self, now: Option<i64>) -> Option<i64> {
        guard_or(
            || self.engine.snapshot().next_change_after(self.now(now)),
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
            .explain(flag, &context, self.now(now)))
    }
}
