//! Per-ruleset interning of the strings, values and metadata that results borrow.
//!
//! A result names a variant, a value, a rule, ... all borrowed from the ruleset. Sending each as
//! a JS string or object on every evaluation would cost more than the evaluation. Instead each
//! distinct one gets a small id the first time a result refers to it, and its JS form crosses
//! once; JS keeps a table indexed by id. Identity is the address (and length) inside the
//! ruleset, which is immutable while it is served; the table is reset when the ruleset changes.
//! Addresses are only compared, never dereferenced.

use rollgate::{Evaluation, FlagMetadata, FlagValue, Ruleset};
use rustc_hash::FxHashMap;
use wasm_bindgen::JsValue;

/// Ids for the borrowed parts of results; id 0 means "absent".
#[derive(Default)]
pub struct Interner {
    // Keyed by `key(address, length)`.
    ids: FxHashMap<u64, usize>,
    next: i32,
    // JS forms of new ids, made when the id is assigned (once per id per ruleset) and handed
    // over in one array when JS asks.
    pending: Vec<JsValue>,
    // Ids by position in the ruleset (0: not assigned yet). Results carry positions, so the
    // hot path is an array read instead of hashing an address per field.
    variant_offsets: Vec<usize>,
    rule_offsets: Vec<usize>,
    variant_ids: Vec<i32>,
    value_ids: Vec<i32>,
    rule_ids: Vec<i32>,
    key_ids: Vec<i32>,
    meta_ids: Vec<i32>,
}

/// The ids a result record needs, in record order after the packed codes:
/// variant, value, rule, failed prerequisite, missing unit, metadata.
pub type RecordIds = [i32; 6];

impl Interner {
    /// Forgets every id (the ruleset they pointed into is gone) and sizes the positional
    /// tables for `ruleset`.
    pub fn reset(&mut self, ruleset: &Ruleset) {
        self.ids.clear();
        self.pending.clear();
        self.next = 0;
        self.variant_offsets.clear();
        self.rule_offsets.clear();
        let (mut variants, mut rules) = (0, 0);
        for index in 0..ruleset.len() {
            self.variant_offsets.push(variants);
            self.rule_offsets.push(rules);
            if let Some(info) = ruleset.flag_at(index) {
                variants += info.variants().count();
                rules += info.rule_ids().count();
            }
        }
        self.variant_ids = vec![0; variants];
        self.value_ids = vec![0; variants];
        self.rule_ids = vec![0; rules];
        self.key_ids = vec![0; ruleset.len()];
        self.meta_ids = vec![0; ruleset.len()];
    }

    /// The ids of a result's parts: by position when the result has positions (the usual
    /// case), by address otherwise.
    pub fn record_ids(&mut self, eval: &Evaluation<'_>) -> RecordIds {
        let unit = self.str(eval.unit_missing);
        let Some(p) = eval.positions else {
            return [
                self.str(eval.variant),
                self.value(eval.value),
                self.str(eval.rule_id),
                self.str(eval.failed_prerequisite),
                unit,
                self.meta(eval.metadata),
            ];
        };
        let flag = p.flag as usize;
        let variant_slot = self
            .variant_offsets
            .get(flag)
            .map(|o| o + p.variant as usize);
        let rule_slot = p
            .rule
            .and_then(|r| self.rule_offsets.get(flag).map(|o| o + r as usize));
        [
            self.positional(Table::Variant, variant_slot, |i| i.str(eval.variant)),
            self.positional(Table::Value, variant_slot, |i| i.value(eval.value)),
            self.positional(Table::Rule, rule_slot, |i| i.str(eval.rule_id)),
            self.positional(Table::Key, p.failed_prerequisite.map(|f| f as usize), |i| {
                i.str(eval.failed_prerequisite)
            }),
            unit,
            self.positional(Table::Meta, Some(flag), |i| i.meta(eval.metadata)),
        ]
    }

    /// Reads the id at `slot` of a positional table, or assigns it with `make` (the address
    /// path, once per slot) and remembers it. No slot: the part is absent (0).
    fn positional(
        &mut self,
        table: Table,
        slot: Option<usize>,
        make: impl FnOnce(&mut Interner) -> i32,
    ) -> i32 {
        let Some(slot) = slot else { return 0 };
        let known = self.table(table).get(slot).copied().unwrap_or(0);
        if known != 0 {
            return known;
        }
        let id = make(self);
        if let Some(cell) = self.table(table).get_mut(slot) {
            *cell = id;
        }
        id
    }

    fn table(&mut self, table: Table) -> &mut Vec<i32> {
        match table {
            Table::Variant => &mut self.variant_ids,
            Table::Value => &mut self.value_ids,
            Table::Rule => &mut self.rule_ids,
            Table::Key => &mut self.key_ids,
            Table::Meta => &mut self.meta_ids,
        }
    }

    /// Number of ids whose JS form has not been taken yet.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    fn id(&mut self, key: u64, make: impl FnOnce() -> JsValue) -> i32 {
        if let Some(&id) = self.ids.get(&key) {
            return id as i32;
        }
        self.next += 1;
        self.ids.insert(key, self.next as usize);
        self.pending.push(make());
        self.next
    }

    /// Id of a string borrowed from the ruleset.
    pub fn str(&mut self, s: Option<&str>) -> i32 {
        match s {
            Some(s) => self.id(key(s.as_ptr() as usize, s.len()), || JsValue::from_str(s)),
            None => 0,
        }
    }

    /// Id of a flag value.
    pub fn value(&mut self, v: Option<&FlagValue>) -> i32 {
        match v {
            Some(v) => {
                let p: *const FlagValue = v;
                self.id(key(p as usize, VALUE), || value_to_js(v))
            }
            None => 0,
        }
    }

    /// Id of a non-empty metadata object.
    pub fn meta(&mut self, m: Option<&FlagMetadata>) -> i32 {
        match m {
            Some(m) if !m.is_empty() => {
                let p: *const FlagMetadata = m;
                self.id(key(p as usize, METADATA), || metadata_to_js(m))
            }
            _ => 0,
        }
    }

    /// The JS forms of the pending ids, in id order, and clears the pending list.
    pub fn take(&mut self) -> js_sys::Array {
        self.pending.drain(..).collect()
    }
}

/// The length part of the key of a flag value and of a metadata object: no string borrowed from
/// a ruleset is this long, so they never share a key with one.
const VALUE: usize = usize::MAX;
const METADATA: usize = usize::MAX - 1;

/// The interner's key of a part at `address` with `length`: exact where addresses and lengths
/// are 32-bit (wasm32, the only target this crate ships for). One `u64` key instead of a tuple:
/// the hash map is the same instantiation as the core's (`FxHashMap<u64, usize>`), so its code
/// is in the module once.
fn key(address: usize, length: usize) -> u64 {
    ((address as u64) << 32) | (length as u64 & 0xffff_ffff)
}

/// A flag value as a JS value (objects as plain objects).
pub fn value_to_js(value: &FlagValue) -> JsValue {
    match value {
        FlagValue::Bool(b) => JsValue::from_bool(*b),
        FlagValue::String(s) => JsValue::from_str(s),
        FlagValue::Number(n) => JsValue::from_f64(*n),
        FlagValue::Object(v) => js_sys::JSON::parse(v.as_json()).unwrap_or(JsValue::NULL),
    }
}

/// Metadata as a plain JS object: the core keeps its JSON text, so this is one `JSON.parse`.
pub fn metadata_to_js(metadata: &FlagMetadata) -> JsValue {
    js_sys::JSON::parse(metadata.as_json()).unwrap_or(JsValue::NULL)
}

/// Strings as a plain JS array: one JSON text and one `JSON.parse`, where strings crossing
/// one by one cost ~8% of a 44 KB load.
pub fn strings_to_js<'a>(strings: impl Iterator<Item = &'a str>) -> JsValue {
    let mut text = String::from("[");
    for (i, s) in strings.enumerate() {
        if i > 0 {
            text.push(',');
        }
        rollgate::json::write_string(s, &mut text);
    }
    text.push(']');
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// The positional tables of [`Interner`].
#[derive(Clone, Copy)]
enum Table {
    Variant,
    Value,
    Rule,
    Key,
    Meta,
}
