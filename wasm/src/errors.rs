//! Core errors translated into plain JS objects `{code, message, ...fields}`.
//!
//! They are descriptions, not `Error`s: the JS layer (`npm/src/errors.ts`) turns every one into
//! a `RollgateError`, the package's one error class, so that `instanceof` works and the stack
//! trace points at the caller's JS rather than into the glue. Messages are the core's own
//! `Display` texts, unprefixed: the core already says what kind of error it is.

use js_sys::{Array, Object, Reflect};
use rollgate::{ContextError, LoadError, UpdateError};
use wasm_bindgen::JsValue;

/// Error code: the ruleset is not valid; `problems` lists `{path, kind, message}`.
pub const INVALID_RULESET: &str = "INVALID_RULESET";
/// Error code: the ruleset's revision is older than the one being served.
pub const STALE_REVISION: &str = "STALE_REVISION";
/// Error code: the context is not a flat object of scalars and lists of scalars.
pub const INVALID_CONTEXT: &str = "INVALID_CONTEXT";

/// Sets `object[key] = value`. `Reflect::set` only fails on frozen or proxied targets; a fresh
/// object is neither, and a failure while describing an error has nowhere better to go.
fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// A plain object `{code, message}`.
fn description(code: &str, message: &str) -> Object {
    let out = Object::new();
    set(&out, "code", &code.into());
    set(&out, "message", &message.into());
    out
}

/// The description of a ruleset that did not load, with every problem.
fn load_error(error: &LoadError) -> JsValue {
    let out = description(INVALID_RULESET, &error.to_string());
    let problems = Array::new();
    for problem in &error.problems {
        let item = Object::new();
        set(&item, "path", &problem.path.as_str().into());
        set(&item, "kind", &problem.kind.name().into());
        set(&item, "message", &problem.message.as_str().into());
        problems.push(&item);
    }
    set(&out, "problems", &problems);
    out.into()
}

/// The description of a refused update.
pub fn update_error(error: &UpdateError) -> JsValue {
    match error {
        UpdateError::Invalid(load) => load_error(load),
        UpdateError::Stale { current, offered } => {
            let out = description(STALE_REVISION, &error.to_string());
            set(&out, "current", &(*current as f64).into());
            set(&out, "offered", &(*offered as f64).into());
            out.into()
        }
    }
}

/// The description of a context that could not be read.
pub fn context_error(error: &ContextError) -> JsValue {
    let out = description(INVALID_CONTEXT, &format!("invalid context: {error}"));
    set(&out, "path", &error.path.as_str().into());
    out.into()
}
