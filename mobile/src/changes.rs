//! Which flags an update changed, for `FlagChangeListener` and `UpdateResult::changed_flags`.
//!
//! No context is known when a ruleset arrives, so "changed" cannot mean "evaluates
//! differently for this user". It means: the flag's definition may give a different answer
//! for someone. A flag is reported when
//! 1. its JSON definition differs between the old and new documents (compared as parsed JSON
//!    values, so whitespace and key order do not count), or it was added or removed;
//! 2. it references (anywhere in its rules) a segment whose definition changed;
//! 3. one of its prerequisites is reported (transitively).
//!
//! Revision bumps alone report nothing. With no previous document (an empty engine), every flag
//! of the new document is reported.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The sorted keys of the flags that may evaluate differently under `new` than under `old`.
pub fn changed_flags(old: Option<&Value>, new: &Value) -> Vec<String> {
    let empty = Map::new();
    let new_flags = section(Some(new), "flags").unwrap_or(&empty);
    let Some(old_doc) = old else {
        return new_flags.keys().cloned().collect();
    };
    let old_flags = section(Some(old_doc), "flags").unwrap_or(&empty);

    let mut changed: BTreeSet<String> = differing_keys(old_flags, new_flags);

    let changed_segments = differing_keys(
        section(Some(old_doc), "segments").unwrap_or(&empty),
        section(Some(new), "segments").unwrap_or(&empty),
    );
    if !changed_segments.is_empty() {
        for (key, flag) in new_flags {
            if references_segment(flag, &changed_segments) {
                changed.insert(key.clone());
            }
        }
    }

    // Prerequisite chains are short (the core limits their depth), so a fixed point over all
    // flags converges in a few passes.
    loop {
        let before = changed.len();
        for (key, flag) in new_flags {
            if !changed.contains(key)
                && prerequisite_keys(flag).any(|prerequisite| changed.contains(prerequisite))
            {
                changed.insert(key.clone());
            }
        }
        if changed.len() == before {
            break;
        }
    }
    changed.into_iter().collect()
}

/// A top-level object of the document (`flags`, `segments`).
fn section<'a>(document: Option<&'a Value>, name: &str) -> Option<&'a Map<String, Value>> {
    document?.get(name)?.as_object()
}

/// Keys present in only one map, or with different values.
fn differing_keys(old: &Map<String, Value>, new: &Map<String, Value>) -> BTreeSet<String> {
    old.keys()
        .chain(new.keys())
        .filter(|key| old.get(*key) != new.get(*key))
        .cloned()
        .collect()
}

/// True when some `{"segment": name}` condition inside `value` names a changed segment.
fn references_segment(value: &Value, segments: &BTreeSet<String>) -> bool {
    match value {
        Value::Object(map) => {
            let direct = map
                .get("segment")
                .and_then(Value::as_str)
                .is_some_and(|name| segments.contains(name));
            direct || map.values().any(|v| references_segment(v, segments))
        }
        Value::Array(items) => items.iter().any(|v| references_segment(v, segments)),
        _ => false,
    }
}

/// The `flag` of each entry of a flag's `prerequisites`.
fn prerequisite_keys(flag: &Value) -> impl Iterator<Item = &str> {
    flag.get("prerequisites")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("flag").and_then(Value::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flag(default: &str) -> Value {
        json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": default})
    }

    #[test]
    fn reports_edited_added_and_removed_flags_only() {
        let old = json!({"revision": 1, "flags": {"a": flag("off"), "b": flag("off"), "gone": flag("off")}});
        let new = json!({"revision": 2, "flags": {"a": flag("on"), "b": flag("off"), "new": flag("off")}});
        assert_eq!(changed_flags(Some(&old), &new), vec!["a", "gone", "new"]);
    }

    #[test]
    fn key_order_and_revision_do_not_count() {
        let old = json!({"revision": 1, "flags": {"a": {"default": "off", "type": "boolean"}}});
        let new = json!({"revision": 9, "flags": {"a": {"type": "boolean", "default": "off"}}});
        assert!(changed_flags(Some(&old), &new).is_empty());
    }

    #[test]
    fn segment_edits_and_prerequisites_propagate() {
        let mut uses_segment = flag("off");
        uses_segment["rules"] = json!([{"when": {"any": [{"segment": "beta"}]}, "serve": "on"}]);
        let mut child = flag("off");
        child["prerequisites"] = json!([{"flag": "seg", "variants": ["on"]}]);
        let mut grandchild = flag("off");
        grandchild["prerequisites"] = json!([{"flag": "child", "variants": ["on"]}]);
        let flags = json!({"seg": uses_segment, "child": child, "grandchild": grandchild, "other": flag("off")});
        let old = json!({"segments": {"beta": {"attr": "a", "op": "exists"}}, "flags": flags});
        let new = json!({"segments": {"beta": {"attr": "b", "op": "exists"}}, "flags": flags});
        assert_eq!(
            changed_flags(Some(&old), &new),
            vec!["child", "grandchild", "seg"]
        );
    }

    #[test]
    fn without_a_previous_document_every_flag_is_new() {
        let new = json!({"flags": {"b": flag("on"), "a": flag("on")}});
        assert_eq!(changed_flags(None, &new), vec!["a", "b"]);
    }
}
