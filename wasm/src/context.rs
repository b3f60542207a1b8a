//! [`WasmContext`]: a context converted once and kept inside WASM.

use crate::errors::context_error;
use rollgate::Context;
use wasm_bindgen::prelude::*;

/// An evaluation context (userId, appVersion, platform, ...) held in WASM memory.
///
/// Build one per user session and reuse it: names are hashed and versions parsed once, so an
/// evaluation with it moves only a pointer across the boundary. Free it with `free()` (the JS
/// layer also registers it with a `FinalizationRegistry`).
#[wasm_bindgen]
pub struct WasmContext {
    pub(crate) context: Context,
}

#[wasm_bindgen]
impl WasmContext {
    /// Parses a context from JSON text (the JS layer passes `JSON.stringify(object)`: a JSON
    /// text crosses in one copy, and `Date` attributes arrive as RFC 3339 strings).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<WasmContext, JsValue> {
        Context::from_json(json)
            .map(|context| WasmContext { context })
            .map_err(|e| context_error(&e))
    }

    /// Number of attributes (absent/null ones are not counted).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.context.len()
    }
}
