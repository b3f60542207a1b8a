//! `explain`, in the debug module only (cargo feature `explain`; `docs/adr/0027`).
//!
//! A trace is a debugging aid, not something a production client needs, so the default
//! `.wasm` leaves it out and `explain()` in JS loads the debug build on demand. The trace code
//! itself is the core's, its text too; this file only hands their JSON to JS.

use crate::context::WasmContext;
use crate::engine::WasmEngine;
use rollgate::json::Value;
use rollgate::TraceLine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl WasmEngine {
    /// Every rule and check behind one evaluation, as a plain object: the core's explanation
    /// JSON plus `lines`, its report as `rollgate explain` prints it (`{depth, text, verdict}`
    /// each), which the devtools panel shows as it is.
    pub fn explain(&self, key: &str, context: &WasmContext, now: f64) -> JsValue {
        let trace = self.snapshot.explain(key, &context.context, now as i64);
        let lines = trace.report(self.snapshot.revision());
        let mut json = trace.to_json();
        if let Value::Object(members) = &mut json {
            let lines = lines.iter().map(TraceLine::to_json).collect();
            members.push(("lines".to_owned(), Value::Array(lines)));
        }
        json_to_js(&json)
    }
}

/// A JSON value of the core as plain JS (objects, not `Map`s): its compact text, read by the
/// host's `JSON.parse`. One text and one parse, where building JS objects property by property
/// (serde-wasm-bindgen) cost ~5 KB of WASM. Numbers cross as the shortest text of their
/// double, so `JSON.parse` gives back the same double.
fn json_to_js(value: &rollgate::json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
