//! Client-safe output: what ships to every browser holds only what evaluation needs.
//!
//! A client build leaves out the flags marked `serverOnly: true`, the segments no remaining
//! flag uses (segment conditions list emails and user ids), the metadata keys the project
//! marks private (`client.privateMetadata`), rule descriptions, and annotations (`$…` and
//! `x-…` keys), which the engine ignores anyway. A client flag that depends on a server-only
//! flag cannot be built for clients: that is a problem, never a silent drop.

use crate::check::is_annotation;
use crate::path;
use crate::problem::{Kind, Problems};
use crate::sources::Tree;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Reports each prerequisite of a flag for clients that names a server-only flag.
pub(crate) fn check_prerequisites(tree: &Tree, problems: &mut Problems) {
    for (key, flag) in &tree.flags {
        if tree.server_only.contains(key) {
            continue;
        }
        let Some(Value::Array(prerequisites)) = flag.get("prerequisites") else {
            continue;
        };
        for (i, prerequisite) in prerequisites.iter().enumerate() {
            let Some(needed) = prerequisite.get("flag").and_then(Value::as_str) else {
                continue;
            };
            if tree.server_only.contains(needed) {
                let at = path::key(
                    &path::index(&path::key(&path::key("flags", key), "prerequisites"), i),
                    "flag",
                );
                problems.add(
                    tree.map.locate(&at),
                    at,
                    Kind::ServerOnlyPrerequisite,
                    format!(
                        "flag {key:?} is for clients too, but its prerequisite {needed:?} is \
                         server-only, so client builds could not evaluate it: mark {key:?} \
                         serverOnly as well, or drop the prerequisite"
                    ),
                );
            }
        }
    }
}

/// The flags and segments of a client build (see the module documentation).
pub(crate) fn client_view(
    tree: &Tree,
    private_metadata: &[String],
) -> (Map<String, Value>, Map<String, Value>) {
    let mut flags = Map::new();
    for (key, flag) in &tree.flags {
        if tree.server_only.contains(key) {
            continue;
        }
        let mut flag = flag.clone();
        if let Value::Object(fields) = &mut flag {
            strip_flag(fields, private_metadata);
        }
        flags.insert(key.clone(), flag);
    }
    let mut used = BTreeSet::new();
    for flag in flags.values() {
        if let Some(Value::Array(rules)) = flag.get("rules") {
            for rule in rules {
                if let Some(when) = rule.get("when") {
                    segments_used(when, &mut used);
                }
            }
        }
    }
    let mut segments = Map::new();
    for (name, condition) in &tree.segments {
        if used.contains(name.as_str()) {
            let mut condition = condition.clone();
            strip_annotations(&mut condition);
            segments.insert(name.clone(), condition);
        }
    }
    (flags, segments)
}

/// Drops private metadata, rule descriptions and annotations from a flag. Variant values are
/// data (an object flag's configuration) and stay whole.
fn strip_flag(flag: &mut Map<String, Value>, private_metadata: &[String]) {
    flag.retain(|key, _| !is_annotation(key));
    if let Some(Value::Object(metadata)) = flag.get_mut("metadata") {
        metadata.retain(|key, _| !private_metadata.contains(key));
        if metadata.is_empty() {
            flag.remove("metadata");
        }
    }
    if let Some(Value::Array(rules)) = flag.get_mut("rules") {
        for rule in rules.iter_mut() {
            if let Value::Object(fields) = rule {
                fields.remove("description");
            }
            strip_annotations(rule);
        }
    }
    if let Some(prerequisites) = flag.get_mut("prerequisites") {
        strip_annotations(prerequisites);
    }
}

/// Drops annotation keys from every object in `value` (rules, rollouts, steps, splits,
/// conditions: objects whose keys are fixed fields, never names).
fn strip_annotations(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.retain(|key, _| !is_annotation(key));
            for field in fields.values_mut() {
                strip_annotations(field);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_annotations),
        _ => {}
    }
}

/// Adds the segment names a condition refers to.
fn segments_used<'v>(condition: &'v Value, used: &mut BTreeSet<&'v str>) {
    match condition {
        Value::Object(fields) => {
            if let Some(Value::String(name)) = fields.get("segment") {
                used.insert(name);
            }
            for key in ["all", "any", "not"] {
                if let Some(inner) = fields.get(key) {
                    segments_used(inner, used);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|c| segments_used(c, used)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse, Format};
    use crate::sources::merge;
    use serde_json::json;

    fn tree(text: &str) -> Tree {
        let mut problems = Problems::default();
        let tree = merge(
            vec![parse(text, Format::Yaml, "f.yaml").unwrap()],
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems}");
        tree
    }

    #[test]
    fn a_client_view_keeps_only_what_evaluation_needs() {
        let tree = tree(
            "segments:
  staff: {attr: email, op: endsWith, value: '@acme.com', $comment: internal}
  fraud-team: {attr: email, op: in, values: [a@acme.com]}
  unused: {attr: x, op: exists}
flags:
  a:
    x-jira: PAY-1
    type: object
    variants: {v: {$ref: kept, x-y: kept}}
    default: v
    metadata: {owner: payments, ticket: PAY-1, tags: [a]}
    rules:
      - id: r
        description: internal note
        when: {not: {any: [{segment: staff}]}}
        serve: v
  b:
    serverOnly: true
    type: boolean
    variants: {on: true}
    default: 'on'
    rules: [{when: {segment: fraud-team}, serve: 'on'}]
",
        );
        let (flags, segments) = client_view(&tree, &["owner".into(), "ticket".into()]);
        assert_eq!(
            Value::Object(flags),
            json!({"a": {"type": "object", "variants": {"v": {"$ref": "kept", "x-y": "kept"}},
                "default": "v", "metadata": {"tags": ["a"]},
                "rules": [{"id": "r", "when": {"not": {"any": [{"segment": "staff"}]}},
                           "serve": "v"}]}})
        );
        assert_eq!(
            Value::Object(segments),
            json!({"staff": {"attr": "email", "op": "endsWith", "value": "@acme.com"}})
        );
    }

    #[test]
    fn a_client_flag_needing_a_server_only_flag_is_a_problem() {
        let tree = tree(
            "flags:
  a: {serverOnly: true}
  b:
    prerequisites: [{flag: c, variants: [on]}, {flag: a, variants: [on]}]
  c: {}
",
        );
        let mut problems = Problems::default();
        check_prerequisites(&tree, &mut problems);
        assert_eq!(problems.len(), 1);
        let line = problems.list[0].to_string();
        assert!(
            line.starts_with(
                "f.yaml:4:55: flags.b.prerequisites[1].flag: flag \"b\" is for clients"
            ),
            "{line}"
        );
    }
}
