//! The evaluation context: who is asking (userId, appVersion, platform, custom attributes).

use crate::json::{self, same_text, Json, Object, Value};
use crate::limits::MAX_JSON_DEPTH;
use crate::quote::Quoted;
use crate::version::{Version, VersionError};
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::OnceLock;

/// Hash of an attribute name, computed once per context entry and once per compiled condition,
/// so that a lookup compares integers first and strings only on a hit.
pub(crate) fn attr_hash(name: &str) -> u64 {
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(name)
}

/// A string attribute, with its parse as a version cached on first use.
#[derive(Clone, Debug)]
pub struct StringAttr {
    // A `String`, not a `Box<str>`: a context refilled in place ([`Context::refill`]) writes a
    // new value into the old one's buffer.
    text: String,
    // Parsed lazily: most strings are never compared as versions, and the one that is
    // (appVersion) is parsed once per context instead of once per evaluation.
    version: OnceLock<Result<Version, VersionError>>,
    // Likewise for date comparisons (`before` / `after`).
    timestamp: OnceLock<Option<i64>>,
}

impl StringAttr {
    /// The string itself.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The string parsed as a version under the version policy (`docs/versions.md`).
    pub fn version(&self) -> &Result<Version, VersionError> {
        self.version.get_or_init(|| Version::parse(&self.text))
    }

    /// The string parsed as an RFC 3339 timestamp (epoch milliseconds), if it is one.
    pub fn timestamp(&self) -> Option<i64> {
        *self
            .timestamp
            .get_or_init(|| crate::time::parse_rfc3339_ms(&self.text).ok())
    }

    /// Makes this string `text`, in its own buffer when it is large enough, forgetting the
    /// cached parses.
    fn replace(&mut self, text: &str) {
        self.text.clear();
        self.text.push_str(text);
        self.version = OnceLock::new();
        self.timestamp = OnceLock::new();
    }
}

impl PartialEq for StringAttr {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// The value of one context attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    /// A string, e.g. `"ios"` or `"2.4.0"`.
    String(StringAttr),
    /// A finite number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A list of scalars (e.g. `groups`): a condition matches if any element matches.
    List(Box<[AttrValue]>),
}

impl AttrValue {
    /// A string attribute value.
    pub fn string(text: impl Into<Box<str>>) -> AttrValue {
        AttrValue::String(StringAttr {
            text: text.into().into_string(),
            version: OnceLock::new(),
            timestamp: OnceLock::new(),
        })
    }

    /// The value as JSON, for traces and CLI output.
    pub fn to_json(&self) -> Value {
        match self {
            AttrValue::String(s) => Value::from(s.as_str()),
            AttrValue::Number(n) => Value::Number(*n),
            AttrValue::Bool(b) => Value::Bool(*b),
            AttrValue::List(items) => Value::Array(items.iter().map(AttrValue::to_json).collect()),
        }
    }
}

impl From<&str> for AttrValue {
    fn from(value: &str) -> Self {
        AttrValue::string(value)
    }
}
impl From<String> for AttrValue {
    fn from(value: String) -> Self {
        AttrValue::string(value)
    }
}
impl From<f64> for AttrValue {
    fn from(value: f64) -> Self {
        AttrValue::Number(value)
    }
}
impl From<i64> for AttrValue {
    fn from(value: i64) -> Self {
        // Precision loss above 2^53 is the same as in JSON and JavaScript.
        AttrValue::Number(value as f64)
    }
}
impl From<bool> for AttrValue {
    fn from(value: bool) -> Self {
        AttrValue::Bool(value)
    }
}

#[derive(Clone, Debug)]
struct Entry {
    hash: u64,
    name: Box<str>,
    value: AttrValue,
}

/// The attributes of the user or device a flag is evaluated for.
///
/// Build it once per user session and reuse it: attribute names are hashed and versions parsed
/// once, which keeps each evaluation free of parsing and allocation.
#[derive(Clone, Debug, Default)]
pub struct Context {
    entries: Vec<Entry>,
}

/// Why a context could not be built from JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ContextError {
    /// Path of the offending attribute, e.g. `context.address`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ContextError {}

impl Context {
    /// An empty context.
    pub const fn new() -> Context {
        Context {
            entries: Vec::new(),
        }
    }

    /// Adds or replaces an attribute (builder style); refuses what [`set`](Self::set) refuses.
    pub fn with(
        mut self,
        name: &str,
        value: impl Into<AttrValue>,
    ) -> Result<Context, ContextError> {
        self.set(name, value)?;
        Ok(self)
    }

    /// Adds or replaces an attribute.
    ///
    /// Numbers must be finite, alone or in a list: JSON cannot write NaN or an infinity, so a
    /// context holding one could not be sent by every binding, and comparisons with NaN would
    /// answer differently from one language to another. Such a value is refused with an error
    /// naming the attribute (`context.score: numbers must be finite, found NaN`), and the
    /// context is left unchanged. This is the one place every binding's numbers are checked.
    pub fn set(&mut self, name: &str, value: impl Into<AttrValue>) -> Result<(), ContextError> {
        let value = value.into();
        check_finite(name, &value)?;
        let hash = attr_hash(name);
        match self
            .entries
            .iter_mut()
            .find(|e| e.hash == hash && &*e.name == name)
        {
            Some(entry) => entry.value = value,
            None => self.entries.push(Entry {
                hash,
                name: name.into(),
                value,
            }),
        }
        Ok(())
    }

    /// Replaces every attribute with those set through the returned [`Refill`], reusing this
    /// context's memory: its entries, the names that come back at the same position, and the
    /// buffers of string values.
    ///
    /// For bindings that convert a new context on every call (a server's request, a plain JS
    /// object): building a context allocates for each name and each string, and in WASM those
    /// allocations cost more than the evaluation. Refilling one scratch context does not.
    /// The attributes are those that [`set`](Self::set) in the same order would give, with
    /// the same errors; the context holds exactly them once the `Refill` is dropped.
    pub fn refill(&mut self) -> Refill<'_> {
        Refill {
            context: self,
            len: 0,
            same_names: true,
        }
    }

    /// Removes an attribute; returns whether it was present.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| &*e.name != name);
        before != self.entries.len()
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&AttrValue> {
        self.get_hashed(attr_hash(name), name)
    }

    /// Lookup with a precomputed name hash (the compiled conditions carry one).
    // Always inlined: it is a few instructions on the evaluator's hot path, where the call
    // itself would cost as much as the scan.
    #[inline(always)]
    pub(crate) fn get_hashed(&self, hash: u64, name: &str) -> Option<&AttrValue> {
        // Contexts hold a handful of attributes: a linear scan over hashes beats any map.
        self.entries
            .iter()
            .find(|e| e.hash == hash && same_text(&e.name, name))
            .map(|e| &e.value)
    }

    /// Attribute names and values, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttrValue)> {
        self.entries.iter().map(|e| (&*e.name, &e.value))
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Parses a context from a JSON object text, e.g. `{"userId": "u1", "appVersion": "2.4.0"}`.
    ///
    /// `null` attributes are treated as absent; nested objects are rejected (flatten them:
    /// `{"address.country": "FR"}`). Numbers are exact: each is the correctly rounded double
    /// of its text. It reads through the core's borrowed JSON tree, without building a map
    /// first: bindings call this per evaluation for one-off contexts.
    pub fn from_json(text: &str) -> Result<Context, ContextError> {
        let arena = bumpalo::Bump::new();
        let options = json::Options::untagged(MAX_JSON_DEPTH);
        let tree = json::parse(text, &arena, options).map_err(|e| ContextError {
            path: "context".into(),
            message: format!("invalid JSON: {e}"),
        })?;
        Context::from_tree(&tree)
    }

    /// Builds a context from an already-parsed JSON object, by the rules of
    /// [`from_json`](Self::from_json).
    #[cfg(feature = "serde")]
    pub fn from_json_value(value: &serde_json::Value) -> Result<Context, ContextError> {
        let arena = bumpalo::Bump::new();
        Context::from_tree(&Json::from_serde(value, &arena, &json::Untagged))
    }

    fn from_tree(tree: &Json<'_>) -> Result<Context, ContextError> {
        let Json::Object(object) = tree else {
            return Err(ContextError {
                path: "context".into(),
                message: format!("expected an object, found {}", tree.type_name()),
            });
        };
        let mut context = Context {
            entries: Vec::with_capacity(object.len()),
        };
        for (name, value) in object.iter() {
            if let Some(attr) = attr_from_tree(name, value, false)? {
                context.set(name, attr)?;
            }
        }
        Ok(context)
    }

    /// The context as a JSON object.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.to_owned(), v.to_json()))
                .collect(),
        )
    }
}

/// A context being refilled in place: see [`Context::refill`].
pub struct Refill<'c> {
    context: &'c mut Context,
    // Entries `..len` hold the attributes set so far; those after are the old ones, whose
    // memory is reused, and are dropped with the `Refill`.
    len: usize,
    // True while every attribute set so far took the old entry at its position, under the
    // name it already had.
    same_names: bool,
}

impl Refill<'_> {
    /// Adds or replaces an attribute, refusing what [`Context::set`] refuses.
    pub fn set(&mut self, name: &str, value: AttrValue) -> Result<(), ContextError> {
        check_finite(name, &value)?;
        match self.slot(name) {
            Some(slot) => *slot = value,
            None => self.push(name, value),
        }
        Ok(())
    }

    /// Adds or replaces a string attribute, written into the buffer of the value it replaces
    /// when that was a string.
    pub fn set_str(&mut self, name: &str, text: &str) {
        match self.slot(name) {
            Some(slot) => put_str(slot, text),
            None => self.push(name, AttrValue::string(text)),
        }
    }

    /// Sets the next attribute under the name the entry at its position already has, as
    /// [`set`](Self::set) would with that name; `None` (and nothing set) when there is no such
    /// entry, or when an earlier attribute of this fill did not come back under its old name at
    /// its old position.
    ///
    /// For bindings that send a new context on every call: when the names come back in the
    /// same order (a server's requests), they need not cross again.
    pub fn set_same_name(&mut self, value: AttrValue) -> Option<Result<(), ContextError>> {
        let entry = self.same_name_entry()?;
        if let Err(error) = check_finite(&entry.name, &value) {
            return Some(Err(error));
        }
        entry.value = value;
        self.len += 1;
        Some(Ok(()))
    }

    /// [`set_same_name`](Self::set_same_name) for a string, written into the buffer of the
    /// value it replaces when that was a string.
    pub fn set_str_same_name(&mut self, text: &str) -> Option<()> {
        put_str(&mut self.same_name_entry()?.value, text);
        self.len += 1;
        Some(())
    }

    /// The entry at the next position, while every attribute so far came back under its old
    /// name at its old position.
    fn same_name_entry(&mut self) -> Option<&mut Entry> {
        if !self.same_names {
            return None;
        }
        self.context.entries.get_mut(self.len)
    }

    /// Where attribute `name` goes: its entry if already set, else the next old entry (renamed
    /// if it had another name); `None` when there is none left and a new one must be pushed.
    fn slot(&mut self, name: &str) -> Option<&mut AttrValue> {
        // The usual case: the attributes come back under the same names in the same order (a
        // server's requests). While they do, the old names at the positions before this one are
        // all different from the next one (a context's names are), so the next old entry is the
        // place if it has this name, with no hashing and no search.
        if self.same_names {
            let at = self.len;
            if self
                .context
                .entries
                .get(at)
                .is_some_and(|e| &*e.name == name)
            {
                self.len += 1;
                return self
                    .context
                    .entries
                    .get_mut(at)
                    .map(|entry| &mut entry.value);
            }
            self.same_names = false;
        }
        let hash = attr_hash(name);
        let entries = &mut self.context.entries;
        let same = |e: &Entry| e.hash == hash && &*e.name == name;
        let index = match entries.iter().take(self.len).position(same) {
            Some(index) => index,
            None => {
                let entry = entries.get_mut(self.len)?;
                if !same(entry) {
                    entry.hash = hash;
                    entry.name = name.into();
                }
                self.len += 1;
                self.len - 1
            }
        };
        entries.get_mut(index).map(|entry| &mut entry.value)
    }

    /// Appends a new entry, after every old one has been reused.
    fn push(&mut self, name: &str, value: AttrValue) {
        self.context.entries.push(Entry {
            hash: attr_hash(name),
            name: name.into(),
            value,
        });
        self.len += 1;
    }
}

/// Makes `slot` the string `text`, in the buffer of the string it holds if it holds one.
fn put_str(slot: &mut AttrValue, text: &str) {
    match slot {
        AttrValue::String(old) => old.replace(text),
        other => *other = AttrValue::string(text),
    }
}

impl Drop for Refill<'_> {
    fn drop(&mut self) {
        self.context.entries.truncate(self.len);
    }
}

/// Refuses NaN and infinities in a value about to become attribute `name`.
fn check_finite(name: &str, value: &AttrValue) -> Result<(), ContextError> {
    let Some(n) = non_finite(value) else {
        return Ok(());
    };
    // In a list, name the element: `context.groups[2]`.
    let index = match value {
        AttrValue::List(items) => items.iter().position(|item| non_finite(item).is_some()),
        _ => None,
    };
    Err(ContextError {
        path: match index {
            Some(i) => format!("context.{name}[{i}]"),
            None => format!("context.{name}"),
        },
        message: format!("numbers must be finite, found {}", non_finite_name(n)),
    })
}

/// The first NaN or infinity in `value`, looking into lists.
fn non_finite(value: &AttrValue) -> Option<f64> {
    match value {
        AttrValue::Number(n) if !n.is_finite() => Some(*n),
        AttrValue::List(items) => items.iter().find_map(non_finite),
        _ => None,
    }
}

/// How a non-finite number is spelled in an error: as JavaScript, Kotlin, Swift and Python
/// users know it (`NaN`, `Infinity`, `-Infinity`), not as Rust prints it (`inf`).
fn non_finite_name(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN"
    } else if n > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// One attribute value from the JSON tree; `None` for null (absent).
fn attr_from_tree(
    name: &str,
    value: &Json<'_>,
    in_list: bool,
) -> Result<Option<AttrValue>, ContextError> {
    let error = |message: &str| ContextError {
        path: format!("context.{name}"),
        message: message.to_owned(),
    };
    Ok(match value {
        Json::Null if in_list => return Err(error("lists may not contain null")),
        Json::Null => None,
        Json::Bool(b) => Some(AttrValue::Bool(*b)),
        // Finiteness is checked by `Context::set`, like every other route's numbers.
        Json::Number(n) => Some(AttrValue::Number(n.as_f64())),
        Json::String(s) => Some(AttrValue::string(&**s)),
        Json::Array(_) if in_list => return Err(error("nested lists are not supported")),
        Json::Array(items) => {
            let mut list = Vec::with_capacity(items.len());
            for item in items.iter() {
                if let Some(attr) = attr_from_tree(name, item, true)? {
                    list.push(attr);
                }
            }
            Some(AttrValue::List(list.into_boxed_slice()))
        }
        Json::Object(_) if in_list => return Err(error("objects in lists are not supported")),
        Json::Object(object) => return Err(nested_object(name, object)),
    })
}

/// The error for a nested object, with the name the attribute takes once flattened as the
/// hint: `device.os` for `{"device": {"os": "ios"}}`, following the first key down (`a.b.c`),
/// so that the hint names an attribute the caller actually has (`name.<key>` for an empty
/// object).
#[cold]
#[inline(never)]
fn nested_object(name: &str, object: &Object<'_>) -> ContextError {
    let mut flat = name.to_owned();
    if object.is_empty() {
        flat.push_str(".<key>");
    }
    let mut first = object.iter().next();
    while let Some((key, value)) = first {
        flat.push('.');
        flat.push_str(key);
        first = match value {
            Json::Object(inner) => inner.iter().next(),
            _ => None,
        };
    }
    ContextError {
        path: format!("context.{name}"),
        message: format!(
            "nested objects are not supported; flatten them ({})",
            Quoted(&flat)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{AttrValue, Context};
    use proptest::prelude::*;

    /// A value drawn from few names and values, so that names repeat, types change and
    /// strings grow and shrink between one fill and the next.
    fn value() -> impl Strategy<Value = AttrValue> {
        let scalar = prop_oneof![
            "[aé😀]{0,12}".prop_map(AttrValue::string),
            prop_oneof![
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-0.0),
                -1e3..1e3f64
            ]
            .prop_map(AttrValue::Number),
            any::<bool>().prop_map(AttrValue::Bool),
        ];
        prop_oneof![
            3 => scalar.clone(),
            1 => prop::collection::vec(scalar, 0..3).prop_map(|v| AttrValue::List(v.into())),
        ]
    }

    fn fill() -> impl Strategy<Value = Vec<(String, AttrValue)>> {
        prop::collection::vec(("[abcd]", value()), 0..7)
    }

    /// The context `set` builds from `fill`, and the first error.
    fn built(fill: &[(String, AttrValue)]) -> (Vec<(String, AttrValue)>, Option<String>) {
        let mut context = Context::new();
        let mut error = None;
        for (name, value) in fill {
            if let Err(e) = context.set(name, value.clone()) {
                error.get_or_insert(e.to_string());
            }
        }
        (pairs(&context), error)
    }

    fn pairs(context: &Context) -> Vec<(String, AttrValue)> {
        context
            .iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect()
    }

    proptest! {
        /// Refilling one context again and again gives, every time, the context `set` builds
        /// from scratch: same attributes, order and errors, and nothing left of the last fill.
        #[test]
        fn refill_is_set_on_a_new_context(fills in prop::collection::vec(fill(), 1..6)) {
            let mut reused = Context::new();
            for fill in &fills {
                let mut error = None;
                {
                    let mut refill = reused.refill();
                    for (name, value) in fill {
                        let result = match value {
                            AttrValue::String(s) => {
                                refill.set_str(name, s.as_str());
                                Ok(())
                            }
                            other => refill.set(name, other.clone()),
                        };
                        if let Err(e) = result {
                            error.get_or_insert(e.to_string());
                        }
                    }
                }
                prop_assert_eq!((pairs(&reused), error), built(fill));
            }
        }
    }

    proptest! {
        /// Setting an attribute under the name its position already has (the names not sent
        /// again) answers exactly while every earlier attribute of the fill came back under its
        /// old name at its old position, and then gives what `set` with that name gives.
        #[test]
        fn same_name_sets_are_set_with_the_previous_name(
            fills in prop::collection::vec(prop::collection::vec((any::<bool>(), "[abcd]", value()), 0..7), 1..6)
        ) {
            let mut reused = Context::new();
            for fill in &fills {
                let previous: Vec<String> = reused.iter().map(|(k, _)| k.to_owned()).collect();
                let mut effective = Vec::new();
                let mut positional = true;
                let mut error = None;
                {
                    let mut refill = reused.refill();
                    for (same, name, value) in fill {
                        let at = effective.len();
                        let answered = if *same {
                            let result = match value {
                                AttrValue::String(s) => refill.set_str_same_name(s.as_str()).map(Ok),
                                other => refill.set_same_name(other.clone()),
                            };
                            prop_assert_eq!(result.is_some(), positional && at < previous.len());
                            result.map(|r| (previous.get(at).cloned().unwrap_or_default(), r))
                        } else {
                            None
                        };
                        let (used, result) = match answered {
                            Some(answer) => answer,
                            None => {
                                let result = match value {
                                    AttrValue::String(s) => {
                                        refill.set_str(name, s.as_str());
                                        Ok(())
                                    }
                                    other => refill.set(name, other.clone()),
                                };
                                if result.is_ok() && previous.get(at) != Some(name) {
                                    positional = false;
                                }
                                (name.clone(), result)
                            }
                        };
                        match result {
                            Ok(()) => effective.push((used, value.clone())),
                            Err(e) => {
                                error.get_or_insert(e.to_string());
                            }
                        }
                    }
                }
                let (expected, _) = built(&effective);
                prop_assert_eq!(pairs(&reused), expected);
                prop_assert_eq!(error.is_some(), fill.iter().any(|(_, _, v)| built(&[("x".into(), v.clone())]).1.is_some()));
            }
        }
    }

    #[test]
    fn a_refilled_string_forgets_its_parses() {
        let mut context = Context::new().with("v", "2.4.0").unwrap();
        let Some(AttrValue::String(v)) = context.get("v") else {
            panic!()
        };
        assert!(v.version().is_ok());
        assert_eq!(v.timestamp(), None);
        context.refill().set_str("v", "2025-01-01T00:00:00Z");
        let Some(AttrValue::String(v)) = context.get("v") else {
            panic!()
        };
        assert_eq!(v.as_str(), "2025-01-01T00:00:00Z");
        assert!(v.version().is_err());
        assert_eq!(v.timestamp(), Some(1_735_689_600_000));
    }

    #[test]
    fn set_refuses_non_finite_numbers_naming_the_attribute_and_keeps_the_context() {
        let mut context = Context::new().with("score", 1.5).unwrap();
        for (bad, shown) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            let error = context.set("score", bad).unwrap_err();
            assert_eq!(error.path, "context.score");
            assert_eq!(
                error.message,
                format!("numbers must be finite, found {shown}")
            );
            assert_eq!(
                error.to_string(),
                format!("context.score: numbers must be finite, found {shown}")
            );
            let list = AttrValue::List(Box::new([AttrValue::from("a"), AttrValue::Number(bad)]));
            let error = context.set("groups", list).unwrap_err();
            assert_eq!(error.path, "context.groups[1]");
            assert!(Context::new().with("x", bad).is_err());
        }
        assert_eq!(context.get("score"), Some(&AttrValue::Number(1.5)));
        assert_eq!(context.get("groups"), None);
        assert_eq!(context.len(), 1);
    }

    #[test]
    fn set_accepts_every_finite_number() {
        let mut context = Context::new();
        for n in [
            0.0,
            -0.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            1e25,
        ] {
            context.set("n", n).unwrap();
            assert_eq!(context.get("n"), Some(&AttrValue::Number(n)));
        }
    }
}
