//! [`WasmEngine`]: the core `Engine` behind a boundary that moves integers, not objects.

use crate::context::WasmContext;
use crate::errors::{context_error, override_error, update_error};
use crate::inbox;
use crate::intern::{metadata_to_js, strings_to_js, value_to_js, Interner};
use crate::record::{self, STRIDE};
use js_sys::{Object, Reflect};
use rollgate::{Context, DroppedOverride, Engine, Ruleset};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A ruleset holder that evaluates flags for [`WasmContext`]s.
///
/// Results are written into a scratch buffer in WASM memory (see `record.rs` for the layout):
/// JS reads it at `outPtr()` through an `Int32Array` and resolves ids through the table it
/// builds from `takeInterned()`.
#[wasm_bindgen]
pub struct WasmEngine {
    engine: Engine,
    // The snapshot being evaluated; cached so evaluations skip the engine's lock and refcount.
    pub(crate) snapshot: Arc<Ruleset>,
    interner: Interner,
    out: Vec<i32>,
    // The overrides the last update dropped, until `droppedOverrides()` takes them.
    dropped: Vec<DroppedOverride>,
}

impl Default for WasmEngine {
    fn default() -> Self {
        WasmEngine::new()
    }
}

#[wasm_bindgen]
impl WasmEngine {
    /// An engine with no flags (revision 0).
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        let engine = Engine::default();
        let snapshot = engine.snapshot();
        WasmEngine {
            engine,
            snapshot,
            interner: Interner::default(),
            out: vec![0; STRIDE],
            dropped: Vec::new(),
        }
    }

    /// Loads a ruleset (the UTF-8 bytes of its JSON text). Keeps the current one and throws an
    /// error description (`errors.rs`) with `code` `INVALID_RULESET` (and `problems`) or
    /// `STALE_REVISION` when it is refused. Returns the new revision.
    ///
    /// Bytes, not a JS string: wasm-bindgen copies a string in with a per-character JS loop
    /// (~9% of a 44 KB load); JS's native `TextEncoder` (or a fetched body as is) plus one
    /// memory copy is cheaper.
    pub fn update(&mut self, json: &[u8]) -> Result<f64, JsValue> {
        let outcome = self
            .engine
            .update_bytes(json)
            .map_err(|e| update_error(&e))?;
        self.dropped = outcome.dropped_overrides;
        self.refresh();
        Ok(outcome.revision as f64)
    }

    /// Forces `flag` to `variant` on this engine (the core's `Engine::set_override`). Throws
    /// `INVALID_OVERRIDE` (with `flag`, and `variant`) for an unknown flag or variant.
    /// Results use new ids afterwards, as after `update`.
    #[wasm_bindgen(js_name = setOverride)]
    pub fn set_override(&mut self, flag: &str, variant: &str) -> Result<(), JsValue> {
        self.engine
            .set_override(flag, variant)
            .map_err(|e| override_error(&e))?;
        self.refresh();
        Ok(())
    }

    /// Removes the override of `flag`; returns whether there was one (then, new ids).
    #[wasm_bindgen(js_name = clearOverride)]
    pub fn clear_override(&mut self, flag: &str) -> bool {
        let cleared = self.engine.clear_override(flag);
        if cleared {
            self.refresh();
        }
        cleared
    }

    /// The overrides in force, flat: `[flag, variant, flag, variant, ...]` in key order.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn overrides(&self) -> JsValue {
        strings_to_js(self.snapshot.overrides().flat_map(|(k, v)| [k, v]))
    }

    /// The overrides the last `update` dropped, flat: `[flag, variant, reason, ...]` (reason
    /// `FLAG_REMOVED` or `VARIANT_REMOVED`); taking them empties the list.
    #[wasm_bindgen(js_name = droppedOverrides, unchecked_return_type = "string[]")]
    pub fn dropped_overrides(&mut self) -> JsValue {
        let dropped = std::mem::take(&mut self.dropped);
        strings_to_js(
            dropped
                .iter()
                .flat_map(|d| [d.flag.as_str(), d.variant.as_str(), d.reason.as_str()]),
        )
    }

    fn refresh(&mut self) {
        // Reset ids before the old snapshot goes: they are keyed by addresses inside it.
        self.snapshot = self.engine.snapshot();
        self.interner.reset(&self.snapshot);
        self.out = vec![0; STRIDE * self.snapshot.len().max(1)];
    }

    /// The revision being served.
    pub fn revision(&self) -> f64 {
        self.snapshot.revision() as f64
    }

    /// Flag keys in index order (sorted), so JS can address flags by number: a JS array of
    /// strings, sent as one JSON text (one decode and one `JSON.parse`, where an array of
    /// strings crossed one by one cost ~8% of a 44 KB load).
    #[wasm_bindgen(js_name = flagKeys, unchecked_return_type = "string[]")]
    pub fn flag_keys(&self) -> JsValue {
        strings_to_js(self.snapshot.flag_keys())
    }

    /// Address of the result buffer in WASM memory (changes after `update`).
    #[wasm_bindgen(js_name = outPtr)]
    pub fn out_ptr(&self) -> usize {
        self.out.as_ptr() as usize
    }

    /// Evaluates the flag at `index` into record 0; `expected` is a 1-based type code (0: any).
    /// Returns how many new interned items wait in `takeInterned()`.
    #[wasm_bindgen(js_name = evalIndex)]
    pub fn eval_index(
        &mut self,
        context: &WasmContext,
        index: usize,
        now: f64,
        expected: u32,
    ) -> usize {
        // By position: no key lookup. An index past the end is FLAG_NOT_FOUND: JS passes one
        // for a key the ruleset does not have.
        let eval = self
            .snapshot
            .evaluate_index(index, &context.context, now as i64);
        write_record(&mut self.out, &mut self.interner, eval, expected)
    }

    /// Like `evalIndex`, for a context JS wrote into the first `len` bytes of the inbox
    /// (`inbox.rs`): read, evaluated and dropped in one crossing. For a plain
    /// object, which on a server is a new one per request, this is several times cheaper than
    /// building a `WasmContext` handle (and its JS wrapper and finalizer) and freeing it again.
    #[wasm_bindgen(js_name = evalInbox)]
    pub fn eval_inbox(
        &mut self,
        len: usize,
        index: usize,
        now: f64,
        expected: u32,
    ) -> Result<usize, JsValue> {
        let snapshot = &self.snapshot;
        let eval = |context: &Context| {
            let eval = snapshot.evaluate_index(index, context, now as i64);
            write_record(&mut self.out, &mut self.interner, eval, expected)
        };
        inbox::with_context(len, eval).map_err(|e| context_error(&e))
    }

    /// Evaluates every flag, writing record `i` for flag index `i`.
    /// Returns how many new interned items wait in `takeInterned()`.
    #[wasm_bindgen(js_name = evalAll)]
    pub fn eval_all(&mut self, context: &WasmContext, now: f64) -> usize {
        let all = self.snapshot.evaluate_all(&context.context, now as i64);
        for ((_, eval), slot) in all.zip(self.out.chunks_mut(STRIDE)) {
            record::write(slot, &eval, &mut self.interner);
        }
        self.interner.pending()
    }

    /// The JS forms of newly interned ids (strings, values, metadata), in id order.
    #[wasm_bindgen(js_name = takeInterned)]
    pub fn take_interned(&mut self) -> js_sys::Array {
        self.interner.take()
    }

    /// The next instant (epoch ms) after `now` at which a ramp step starts, if any.
    #[wasm_bindgen(js_name = nextChangeAfter)]
    pub fn next_change_after(&self, now: f64) -> Option<f64> {
        self.snapshot
            .next_change_after(now as i64)
            .map(|t| t as f64)
    }

    /// `{key, type, enabled, variants: {name: value}, metadata}` for a flag, or `undefined`.
    #[wasm_bindgen(js_name = flagInfo)]
    pub fn flag_info(&self, key: &str) -> JsValue {
        let Some(info) = self.snapshot.flag(key) else {
            return JsValue::UNDEFINED;
        };
        let variants = Object::new();
        for (name, value) in info.variants() {
            let _ = Reflect::set(&variants, &name.into(), &value_to_js(value));
        }
        let out = Object::new();
        let _ = Reflect::set(&out, &"key".into(), &info.key().into());
        let _ = Reflect::set(&out, &"type".into(), &info.flag_type().name().into());
        let _ = Reflect::set(&out, &"enabled".into(), &info.enabled().into());
        let _ = Reflect::set(&out, &"variants".into(), &variants);
        let _ = Reflect::set(&out, &"metadata".into(), &metadata_to_js(info.metadata()));
        out.into()
    }
}

/// Writes one result into record 0, checking the expected type (1-based code, 0: any) first;
/// returns how many interned items are pending.
fn write_record(
    out: &mut [i32],
    interner: &mut Interner,
    mut eval: rollgate::Evaluation<'_>,
    expected: u32,
) -> usize {
    if let Some(ty) = record::expected_type(expected) {
        eval = eval.expect_type(ty);
    }
    record::write(out, &eval, interner);
    interner.pending()
}
