//! # Rollgate core
//!
//! Feature flags for client apps, evaluated locally: one Rust core shared by the browser (WASM),
//! iOS and Android (uniffi), the `rollgate` crate and CLI, so every platform gives the same
//! answer for the same user.
//!
//! A [`Ruleset`] is a validated, compiled JSON snapshot of flags (format: `docs/format.md`).
//! An [`Engine`] holds the current ruleset and swaps it atomically when a valid, newer snapshot
//! arrives; a bad snapshot never replaces a good one. Evaluation is pure: no I/O, no clock
//! (`now` is an argument), no allocation on the hot path.
//!
//! ```
//! use rollgate::{Context, Engine, Reason};
//!
//! let engine = Engine::from_json(r#"{
//!   "schema": 1, "revision": 7,
//!   "flags": {
//!     "new-checkout": {
//!       "type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
//!       "rules": [
//!         {"id": "old-apps", "when": {"attr": "appVersion", "op": "semver", "range": "<2.3.0"}, "serve": "off"},
//!         {"id": "mobile", "rollout": {"by": "userId", "percent": 100, "serve": "on"}}
//!       ]
//!     }
//!   }
//! }"#)?;
//!
//! // Refuses NaN and infinities, naming the attribute (`Context::set`).
//! let user = Context::new().with("userId", "u-42")?.with("appVersion", "2.4.0")?;
//! let snapshot = engine.snapshot();
//! let result = snapshot.evaluate("new-checkout", &user, 1_764_547_200_000);
//! assert_eq!(result.value.and_then(|v| v.as_bool()), Some(true));
//! assert_eq!(result.reason, Reason::Split);
//! assert_eq!(result.rule_id, Some("mobile"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Module map: [`version`] (the app-version policy), [`bucketing`] (murmur3 buckets),
//! [`time`] (RFC 3339), `clock` (the server's clock from `Date` and `Age`), [`json`] (the exact JSON reader and writer, and the owned
//! [`json::Value`]), `compile` (JSON → compiled model, every problem with its path),
//! `eval` (the evaluator), [`explain`] (traces), `changes` (which flags an update changed),
//! `overrides` (local overrides, [`Engine::set_override`]),
//! [`Engine`] (last-known-good swapping), [`startup`] (persisted or bundled ruleset at start).
//!
//! Features: `serde` (default) adds `Serialize` to the public types and the serde_json
//! entry points ([`Ruleset::from_value`], [`Context::from_json_value`]). The browser build
//! turns it off: nothing in the core needs serde. `native` (default) adds what only native
//! hosts use: `clock` (the server's clock from `Date` and `Age`) and
//! `Engine::replace_overrides`; the browser build leaves it out too.

pub mod bucketing;
mod changes;
#[cfg(feature = "native")]
pub mod clock;
mod compile;
mod context;
mod definition;
mod digits;
mod engine;
mod eval;
pub mod explain;
pub mod json;
mod json_object;
pub mod limits;
mod metadata;
mod model;
mod ops;
mod overrides;
mod problem;
mod quote;
mod regex;
mod result;
mod ruleset;
mod sort;
pub mod startup;
pub mod suggest;
pub mod time;
mod value;
pub mod version;

pub use compile::{is_annotation, SUPPORTED_SCHEMA};
pub use context::{AttrValue, Context, ContextError, Refill, StringAttr};
pub use engine::{Engine, UpdateError, UpdateOutcome};
pub use explain::{Explanation, TraceLine};
pub use json_object::JsonObject;
pub use model::FlagMetadata;
pub use ops::OPERATORS;
pub use overrides::{DropReason, DroppedOverride, OverrideError};
pub use problem::{LoadError, Problem, ProblemKind};
pub use result::{ErrorCode, Evaluation, EvaluationResult, Positions, Reason};
pub use ruleset::{FlagInfo, Ruleset};
pub use value::{FlagType, FlagValue};
