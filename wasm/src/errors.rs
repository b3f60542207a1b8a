//! Errors as JS `Error` objects with a machine-readable `code` (and `problems` for rulesets).

use js_sys::{Array, Error, Object, Reflect};
use rollgate::{ContextError, LoadError, UpdateError};
use wasm_bindgen::JsValue;

/// Error code: the ruleset is not valid; `problems` lists `{path, kind, message}`.
pub const INVALID_RULESET: &str = "INVALID_RULESET";
/// Error code: the ruleset's revision is older than the one being served.
pub const STALE_REVISION: &str = "STALE_REVISION";
/// Error code: the context is not a flat object of scalars and lists of scalars.
pub const INVALID_CONTEXT: &str = "INVALID_CONTEXT";

/// A JS `Error` with `message` and `code`.
pub fn js_error(code: &str, message: &str) -> JsValue {
    let error = Error::new(message);
    // Reflect::set only fails on frozen or proxied targets; a fresh Error is neither, and
    // an error while building an error has nowhere better to go.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// The error for a ruleset that did not load.
pub fn load_error(error: &LoadError) -> JsValue {
    let js = js_error(INVALID_RULESET, &format!("invalid ruleset: {error}"));
    let problems = Array::new();
    for problem in &error.problems {
        let item = Object::new();
        let _ = Reflect::set(&item, &"path".into(), &problem.path.as_str().into());
        let _ = Reflect::set(&item, &"kind".into(), &problem.kind.name().into());
        let _ = Reflect::set(&item, &"message".into(), &problem.message.as_str().into());
        problems.push(&item);
    }
    let _ = Reflect::set(&js, &"problems".into(), &problems);
    js
}

/// The error for a refused update.
pub fn update_error(error: &UpdateError) -> JsValue {
    match error {
        UpdateError::Invalid(load) => load_error(load),
        UpdateError::Stale { current, offered } => {
            let js = js_error(STALE_REVISION, &error.to_string());
            let _ = Reflect::set(&js, &"current".into(), &(*current as f64).into());
            let _ = Reflect::set(&js, &"offered".into(), &(*offered as f64).into());
            js
        }
    }
}

/// The error for a context that could not be read.
pub fn context_error(error: &ContextError) -> JsValue {
    let js = js_error(INVALID_CONTEXT, &format!("invalid context: {error}"));
    let _ = Reflect::set(&js, &"path".into(), &error.path.as_str().into());
    js
}
