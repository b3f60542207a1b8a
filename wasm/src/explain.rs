//! `explain`, in the debug module only (cargo feature `explain`; `docs/adr/0027`).
//!
//! A trace is a debugging aid, not something a production client needs, so the default
//! `.wasm` leaves it out and `explain()` in JS loads the debug build on demand. The trace code
//! itself is the core's; this file only hands its JSON to JS.

use crate::context::WasmContext;
use crate::engine::WasmEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl WasmEngine {
    /// Every rule and check behind one evaluation, as a plain object.
    pub fn explain(&self, key: &str, context: &WasmContext, now: f64) -> JsValue {
        let trace = self.snapshot.explain(key, &context.context, now as i64);
        json_to_js(&trace.to_json())
    }
}

/// A JSON value of the core as plain JS (objects, not `Map`s): its compact text, read by the
/// host's `JSON.parse`. One text and one parse, where building JS objects property by property
/// (serde-wasm-bindgen) cost ~5 KB of WASM. Numbers cross as the shortest text of their
/// double, so `JSON.parse` gives back the same double.
fn json_to_js(value: &rollgate::json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
