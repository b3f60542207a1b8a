//! Panic containment at the FFI boundary.
//!
//! The core is written not to panic (clippy denies unwrap/expect/indexing there), but a panic
//! unwinding into Kotlin or Swift would abort the host app, so every exported function still
//! runs its body through one of these helpers. The release profile keeps `panic = "unwind"`
//! for exactly this reason.

use crate::error::RollgateError;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`; a panic becomes [`RollgateError::Internal`] with the panic message.
pub fn guard<T>(f: impl FnOnce() -> Result<T, RollgateError>) -> Result<T, RollgateError> {
    // AssertUnwindSafe: the engine's shared state is an RwLock'd Arc swap and a Mutex'd
    // document, both left consistent by construction if anything unwinds mid-call.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(RollgateError::Internal(panic_message(payload.as_ref()))),
    }
}

/// Runs `f`; a panic is turned into a value by `on_panic` (used by getters that cannot fail).
pub fn guard_or<T>(f: impl FnOnce() -> T, on_panic: impl FnOnce(String) -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(payload) => on_panic(panic_message(payload.as_ref())),
    }
}

/// The text of a panic payload (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("internal error (panic caught at the FFI boundary): {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<(), _> = guard(|| panic!("boom"));
        match result {
            Err(RollgateError::Internal(message)) => assert!(message.contains("boom")),
            other => panic!("expected Internal, got {other:?}"),
        }
    }

    #[test]
    fn a_panic_in_a_getter_gives_the_fallback() {
        let value = guard_or(|| -> bool { panic!("boom") }, |_| true);
        assert!(value);
    }
}
