//! Per-ruleset interning of the strings, values and metadata that results borrow.
//!
//! A result names a variant, a value, a rule, ... all borrowed from the ruleset. Sending each as
//! a JS string or object on every evaluation would cost more than the evaluation. Instead each
//! distinct one gets a small id the first time a result refers to it, and its JS form crosses
//! once; JS keeps a table indexed by id. Identity is the address (and length) inside the
//! ruleset, which is immutable while it is served; the table is reset when the ruleset changes.
//! Addresses are only compared, never dereferenced.

use rollgate::{FlagMetadata, FlagValue};
use rustc_hash::FxHashMap;
use wasm_bindgen::JsValue;

/// Ids for the borrowed parts of results; id 0 means "absent".
#[derive(Default)]
pub struct Interner {
    ids: FxHashMap<(u8, usize, usize), i32>,
    next: i32,
    // JS forms of new ids, made when the id is assigned (once per id per ruleset) and handed
    // over in one array when JS asks.
    pending: Vec<JsValue>,
}

impl Interner {
    /// Forgets every id (the ruleset they pointed into is gone).
    pub fn reset(&mut self) {
        self.ids.clear();
        self.pending.clear();
        self.next = 0;
    }

    /// Number of ids whose JS form has not been taken yet.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    fn id(&mut self, key: (u8, usize, usize), make: impl FnOnce() -> JsValue) -> i32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        self.next += 1;
        self.ids.insert(key, self.next);
        self.pending.push(make());
        self.next
    }

    /// Id of a string borrowed from the ruleset.
    pub fn str(&mut self, s: Option<&str>) -> i32 {
        match s {
            Some(s) => self.id((0, s.as_ptr() as usize, s.len()), || JsValue::from_str(s)),
            None => 0,
        }
    }

    /// Id of a flag value.
    pub fn value(&mut self, v: Option<&FlagValue>) -> i32 {
        match v {
            Some(v) => {
                let p: *const FlagValue = v;
                self.id((1, p as usize, 0), || value_to_js(v))
            }
            None => 0,
        }
    }

    /// Id of a non-empty metadata object.
    pub fn meta(&mut self, m: Option<&FlagMetadata>) -> i32 {
        match m {
            Some(m) if !m.is_empty() => {
                let p: *const FlagMetadata = m;
                self.id((2, p as usize, 0), || json_to_js(m))
            }
            _ => 0,
        }
    }

    /// The JS forms of the pending ids, in id order, and clears the pending list.
    pub fn take(&mut self) -> js_sys::Array {
        self.pending.drain(..).collect()
    }
}

/// A flag value as a JS value (objects as plain objects).
pub fn value_to_js(value: &FlagValue) -> JsValue {
    match value {
        FlagValue::Bool(b) => JsValue::from_bool(*b),
        FlagValue::String(s) => JsValue::from_str(s),
        FlagValue::Number(n) => JsValue::from_f64(*n),
        FlagValue::Object(v) => json_to_js(v),
    }
}

/// Any serializable value as plain JS (objects, not `Map`s; integers as numbers).
pub fn json_to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}
