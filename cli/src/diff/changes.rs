//! Every structural change between two ruleset documents, in words: the document's revision
//! and metadata, segments, and each flag (enabled, type, variants, default and off variant,
//! salt, prerequisites, rules, metadata). Rules are compared in [`super::rules`].

use super::condition;
use super::document::{entries, revision, same_definition, same_value, Flag};
use super::report::{Change, ChangeKind, FlagReport, SegmentReport, Status};
use super::rules;
use super::sentence::Sentence;
use crate::output::json_text;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// What differs between two documents, before impact and warnings are added.
#[derive(Debug, Default)]
pub struct DocumentChanges {
    /// Revision and metadata.
    pub changes: Vec<Change>,
    /// Segments added, removed or changed, by name.
    pub segments: Vec<SegmentReport>,
    /// Flags added, removed or changed, by key.
    pub flags: Vec<FlagReport>,
    /// Keys of the flags in both documents with the same definition.
    pub same_flags: Vec<String>,
}

/// Compares two documents that both load without problems.
pub fn compare(old: &Value, new: &Value, now: i64) -> DocumentChanges {
    let mut result = DocumentChanges::default();
    let (old_revision, new_revision) = (revision(old), revision(new));
    if old_revision != new_revision {
        result.changes.push(
            Change::new(
                ChangeKind::Revision,
                "revision".into(),
                Sentence::new().text(format!("revision {old_revision} → {new_revision}")),
            )
            .values(Some(json!(old_revision)), Some(json!(new_revision))),
        );
    }
    if let Some(change) = metadata("metadata", old.get("metadata"), new.get("metadata")) {
        result.changes.push(change);
    }
    result.segments = segments(old, new);

    let keys: BTreeSet<&str> = entries(old, "flags")
        .chain(entries(new, "flags"))
        .map(|(key, _)| key)
        .collect();
    for key in keys {
        let path = member("flags", key);
        let (report, same) = match (Flag::find(old, key), Flag::find(new, key)) {
            (None, Some(flag)) => (Some(added(&flag, &path)), false),
            (Some(flag), None) => (Some(removed(&flag, &path)), false),
            (Some(a), Some(b)) => {
                let changes = flag_changes(&a, &b, now, &path);
                if changes.is_empty() {
                    (None, true)
                } else {
                    (Some((Status::Changed, changes)), false)
                }
            }
            (None, None) => (None, false),
        };
        if let Some((status, changes)) = report {
            result.flags.push(FlagReport {
                flag: key.to_owned(),
                status,
                changes,
                impact: None,
            });
        }
        if same {
            result.same_flags.push(key.to_owned());
        }
    }
    result
}

/// Appends `.key`, or `["key"]` when the key is not a plain name: the core's path syntax.
pub fn member(base: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if plain {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", Value::from(key))
    }
}

/// `boolean, default "off", 2 rules` (and `, disabled`).
fn flag_summary(flag: &Flag<'_>) -> Sentence {
    let rules = flag.rules().len();
    let mut s = Sentence::new()
        .text(format!("{}, default ", flag.flag_type()))
        .name(flag.default_variant())
        .text(format!(
            ", {rules} rule{}",
            if rules == 1 { "" } else { "s" }
        ));
    if !flag.enabled() {
        s = s.text(", disabled");
    }
    s
}

fn added(flag: &Flag<'_>, path: &str) -> (Status, Vec<Change>) {
    let change = Change::new(
        ChangeKind::FlagAdded,
        path.to_owned(),
        Sentence::new().text("added: ").then(flag_summary(flag)),
    )
    .values(None, Some(flag.value.clone()))
    .effect(Sentence::new().text("apps get its values instead of their built-in default"));
    (Status::Added, vec![change])
}

fn removed(flag: &Flag<'_>, path: &str) -> (Status, Vec<Change>) {
    let change = Change::new(
        ChangeKind::FlagRemoved,
        path.to_owned(),
        Sentence::new()
            .text("removed (was ")
            .then(flag_summary(flag))
            .text(")"),
    )
    .values(Some(flag.value.clone()), None)
    .effect(
        Sentence::new()
            .text("apps that still ask for it get their built-in default (FLAG_NOT_FOUND)"),
    );
    (Status::Removed, vec![change])
}

/// The changes of a flag present on both sides, most consequential first.
pub fn flag_changes(old: &Flag<'_>, new: &Flag<'_>, now: i64, path: &str) -> Vec<Change> {
    let mut out = Vec::new();
    let at = |field: &str| format!("{path}.{field}");
    match (old.enabled(), new.enabled()) {
        (true, false) => out.push(
            Change::new(
                ChangeKind::FlagKilled,
                at("enabled"),
                Sentence::new().text("killed (enabled → false)"),
            )
            .values(Some(json!(true)), Some(json!(false)))
            .effect(
                Sentence::new()
                    .text("everyone now gets ")
                    .name(new.off_variant()),
            ),
        ),
        (false, true) => out.push(
            Change::new(
                ChangeKind::FlagRevived,
                at("enabled"),
                Sentence::new().text("revived (enabled → true)"),
            )
            .values(Some(json!(false)), Some(json!(true)))
            .effect(
                Sentence::new()
                    .text("its prerequisites and rules decide again (everyone got ")
                    .name(old.off_variant())
                    .text(")"),
            ),
        ),
        _ => {}
    }
    if old.flag_type() != new.flag_type() {
        out.push(
            Change::new(
                ChangeKind::Type,
                at("type"),
                Sentence::new().text(format!("type {} → {}", old.flag_type(), new.flag_type())),
            )
            .values(Some(json!(old.flag_type())), Some(json!(new.flag_type()))),
        );
    }
    variants(old, new, &at("variants"), &mut out);
    let (old_default, new_default) = (old.default_variant(), new.default_variant());
    if old_default != new_default {
        let who = if new.rules().is_empty() {
            "everyone gets "
        } else {
            "users no rule decides for get "
        };
        out.push(
            Change::new(
                ChangeKind::Default,
                at("default"),
                Sentence::new()
                    .text("default ")
                    .name(old_default)
                    .text(" → ")
                    .name(new_default),
            )
            .values(Some(json!(old_default)), Some(json!(new_default)))
            .effect(
                Sentence::new()
                    .text(who)
                    .name(new_default)
                    .text(" instead of ")
                    .name(old_default),
            ),
        );
    }
    let (old_off, new_off) = (old.off_variant(), new.off_variant());
    let explicit = old.explicit_off_variant().is_some() || new.explicit_off_variant().is_some();
    if old_off != new_off && explicit {
        let mut text = Sentence::new()
            .text("off variant ")
            .name(old_off)
            .text(" → ")
            .name(new_off);
        if new.explicit_off_variant().is_none() {
            text = text.text(" (no offVariant: the default)");
        }
        out.push(
            Change::new(ChangeKind::OffVariant, at("offVariant"), text)
                .values(Some(json!(old_off)), Some(json!(new_off)))
                .effect(
                    Sentence::new()
                        .text("served while the flag is disabled or a prerequisite fails"),
                ),
        );
    }
    if old.salt() != new.salt() {
        out.push(
            Change::new(
                ChangeKind::Salt,
                at("salt"),
                Sentence::new()
                    .text("salt ")
                    .name(old.salt())
                    .text(" → ")
                    .name(new.salt()),
            )
            .values(Some(json!(old.salt())), Some(json!(new.salt())))
            .effect(Sentence::new().text(
                "every rollout and split of the flag draws its buckets anew: who is in, and \
                 who gets which variant, is reshuffled",
            )),
        );
    }
    prerequisites(old, new, &at("prerequisites"), &mut out);
    rules::compare(old, new, now, path, &mut out);
    if let Some(change) = metadata(&at("metadata"), old.metadata(), new.metadata()) {
        out.push(change);
    }
    out
}

fn variants(old: &Flag<'_>, new: &Flag<'_>, path: &str, out: &mut Vec<Change>) {
    for (name, value) in new.variants() {
        let at = member(path, name);
        match old.variant(name) {
            None => out.push(
                Change::new(
                    ChangeKind::VariantAdded,
                    at,
                    Sentence::new()
                        .text("variant ")
                        .name(name)
                        .text(" added: ")
                        .code(json_text(value)),
                )
                .values(None, Some(value.clone())),
            ),
            Some(before) if !same_value(before, value) => out.push(
                Change::new(
                    ChangeKind::VariantValue,
                    at,
                    Sentence::new()
                        .text("variant ")
                        .name(name)
                        .text(": ")
                        .code(json_text(before))
                        .text(" → ")
                        .code(json_text(value)),
                )
                .values(Some(before.clone()), Some(value.clone()))
                .effect(
                    Sentence::new()
                        .text("everyone served ")
                        .name(name)
                        .text(" gets the new value"),
                ),
            ),
            Some(_) => {}
        }
    }
    for (name, value) in old.variants() {
        if new.variant(name).is_none() {
            out.push(
                Change::new(
                    ChangeKind::VariantRemoved,
                    member(path, name),
                    Sentence::new()
                        .text("variant ")
                        .name(name)
                        .text(" removed (was ")
                        .code(json_text(value))
                        .text(")"),
                )
                .values(Some(value.clone()), None),
            );
        }
    }
}

fn prerequisites(old: &Flag<'_>, new: &Flag<'_>, path: &str, out: &mut Vec<Change>) {
    let (before, after) = (old.prerequisites(), new.prerequisites());
    let needs = |variants: &[&str]| Sentence::new().text("needs ").names(variants);
    for (i, p) in after.iter().enumerate() {
        let at = format!("{path}[{i}]");
        match before.iter().find(|q| q.flag == p.flag) {
            None => out.push(
                Change::new(
                    ChangeKind::PrerequisiteAdded,
                    at,
                    Sentence::new()
                        .text("prerequisite ")
                        .name(p.flag)
                        .text(" added: ")
                        .then(needs(&p.variants)),
                )
                .values(None, Some(json!(p.variants)))
                .effect(
                    Sentence::new()
                        .text("users for whom it serves another variant get ")
                        .name(new.off_variant()),
                ),
            ),
            Some(q) if q.variants != p.variants => out.push(
                Change::new(
                    ChangeKind::PrerequisiteVariants,
                    format!("{at}.variants"),
                    Sentence::new()
                        .text("prerequisite ")
                        .name(p.flag)
                        .text(": ")
                        .then(needs(&q.variants))
                        .text(" → ")
                        .names(&p.variants),
                )
                .values(Some(json!(q.variants)), Some(json!(p.variants))),
            ),
            Some(_) => {}
        }
    }
    for (i, q) in before.iter().enumerate() {
        if !after.iter().any(|p| p.flag == q.flag) {
            out.push(
                Change::new(
                    ChangeKind::PrerequisiteRemoved,
                    format!("{path}[{i}]"),
                    Sentence::new()
                        .text("prerequisite ")
                        .name(q.flag)
                        .text(" removed (")
                        .then(needs(&q.variants))
                        .text(")"),
                )
                .values(Some(json!(q.variants)), None),
            );
        }
    }
}

/// `metadata: "description" changed; "ticket" added`: keys only, values are in the JSON.
fn metadata(path: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Change> {
    let empty = serde_json::Map::new();
    let (a, b) = (
        old.and_then(Value::as_object).unwrap_or(&empty),
        new.and_then(Value::as_object).unwrap_or(&empty),
    );
    let changed: Vec<&str> = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|w| !same_value(v, w)))
        .map(|(k, _)| k.as_str())
        .collect();
    let added: Vec<&str> = b
        .keys()
        .filter(|k| !a.contains_key(*k))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .map(String::as_str)
        .collect();
    let mut text = Sentence::new().text("metadata: ");
    let mut first = true;
    for (keys, what) in [
        (&changed, "changed"),
        (&added, "added"),
        (&removed, "removed"),
    ] {
        if keys.is_empty() {
            continue;
        }
        if !first {
            text = text.text("; ");
        }
        first = false;
        text = text.names(keys.iter()).text(format!(" {what}"));
    }
    if first {
        return None;
    }
    Some(
        Change::new(ChangeKind::Metadata, path.to_owned(), text).values(old.cloned(), new.cloned()),
    )
}

fn segments(old: &Value, new: &Value) -> Vec<SegmentReport> {
    let names: BTreeSet<&str> = entries(old, "segments")
        .chain(entries(new, "segments"))
        .map(|(name, _)| name)
        .collect();
    let find = |document: &'_ Value, name: &str| -> Option<Value> {
        document.get("segments").and_then(|s| s.get(name)).cloned()
    };
    let mut out = Vec::new();
    for name in names {
        let path = member("segments", name);
        let (before, after) = (find(old, name), find(new, name));
        let (status, change) = match (&before, &after) {
            (None, Some(c)) => (
                Status::Added,
                Change::new(
                    ChangeKind::SegmentAdded,
                    path,
                    Sentence::new().text("added: ").code(condition::render(c)),
                ),
            ),
            (Some(c), None) => (
                Status::Removed,
                Change::new(
                    ChangeKind::SegmentRemoved,
                    path,
                    Sentence::new()
                        .text("removed (was ")
                        .code(condition::render(c))
                        .text(")"),
                ),
            ),
            (Some(a), Some(b)) if !same_definition(a, b) => {
                let text = match condition::compare(Some(a), Some(b)) {
                    Some(change) => condition::describe(&change),
                    None => continue,
                };
                (
                    Status::Changed,
                    Change::new(ChangeKind::SegmentChanged, path, text),
                )
            }
            _ => continue,
        };
        let users = if status == Status::Removed { old } else { new };
        let used_by: Vec<String> = Flag::all(users)
            .filter(|flag| flag.segments_used().contains(&name))
            .map(|flag| flag.key.to_owned())
            .collect();
        let mut change = change.values(before, after);
        if !used_by.is_empty() {
            change = change.effect(Sentence::new().text("used by ").names(&used_by));
        }
        out.push(SegmentReport {
            segment: name.to_owned(),
            status,
            changes: vec![change],
            used_by,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(flags: Value) -> Value {
        json!({"schema": 1, "revision": 1, "flags": flags})
    }

    fn boolean(extra: Value) -> Value {
        let mut flag =
            json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"});
        for (k, v) in extra.as_object().unwrap() {
            flag[k] = v.clone();
        }
        flag
    }

    fn texts(report: &FlagReport) -> Vec<String> {
        report.changes.iter().map(|c| c.text.to_string()).collect()
    }

    #[test]
    fn flags_added_removed_killed_revived() {
        let old = doc(json!({"a": boolean(json!({})), "b": boolean(json!({})),
                             "c": boolean(json!({"enabled": false})), "same": boolean(json!({}))}));
        let new = doc(
            json!({"b": boolean(json!({"enabled": false})), "c": boolean(json!({})),
                             "d": boolean(json!({})), "same": boolean(json!({}))}),
        );
        let result = compare(&old, &new, 0);
        let got: Vec<(&str, Status, Vec<String>)> = result
            .flags
            .iter()
            .map(|f| (f.flag.as_str(), f.status, texts(f)))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "a",
                    Status::Removed,
                    vec!["removed (was boolean, default \"off\", 0 rules)".to_owned()]
                ),
                (
                    "b",
                    Status::Changed,
                    vec!["killed (enabled → false)".to_owned()]
                ),
                (
                    "c",
                    Status::Changed,
                    vec!["revived (enabled → true)".to_owned()]
                ),
                (
                    "d",
                    Status::Added,
                    vec!["added: boolean, default \"off\", 0 rules".to_owned()]
                ),
            ]
        );
        assert_eq!(result.same_flags, ["same"]);
        assert_eq!(
            result.flags[1].changes[0]
                .effect
                .as_ref()
                .unwrap()
                .to_string(),
            "everyone now gets \"off\""
        );
    }

    #[test]
    fn variants_default_off_salt_prerequisites_metadata() {
        let old = doc(
            json!({"f": {"type": "string", "variants": {"A": "a", "B": "b", "C": "c"},
            "default": "A", "prerequisites": [{"flag": "p", "variants": ["on"]}],
            "metadata": {"owner": "x", "ticket": "T-1"}}, "p": boolean(json!({}))}),
        );
        let new = doc(
            json!({"f": {"type": "string", "variants": {"A": "a", "B": "b2", "D": "d"},
            "default": "B", "offVariant": "A", "salt": "f2",
            "prerequisites": [{"flag": "p", "variants": ["on", "off"]}],
            "metadata": {"owner": "y", "tags": ["t"]}}, "p": boolean(json!({}))}),
        );
        let result = compare(&old, &new, 0);
        assert_eq!(
            texts(&result.flags[0]),
            [
                "variant \"B\": \"b\" → \"b2\"",
                "variant \"D\" added: \"d\"",
                "variant \"C\" removed (was \"c\")",
                "default \"A\" → \"B\"",
                "salt \"f\" → \"f2\"",
                "prerequisite \"p\": needs \"on\" → \"on\", \"off\"",
                "metadata: \"owner\" changed; \"tags\" added; \"ticket\" removed",
            ]
        );
        let paths: Vec<&str> = result.flags[0]
            .changes
            .iter()
            .map(|c| c.path.as_str())
            .collect();
        assert_eq!(paths[0], "flags.f.variants.B");
        assert_eq!(paths[5], "flags.f.prerequisites[0].variants");
    }

    #[test]
    fn segments_say_which_flags_use_them() {
        let seg = |v: &str| json!({"attr": "email", "op": "endsWith", "value": v});
        let user = boolean(json!({"rules": [{"when": {"segment": "s"}, "serve": "on"}]}));
        let mut old = doc(json!({"f": user.clone(), "g": boolean(json!({}))}));
        old["segments"] = json!({"s": seg("@a.com"), "gone": seg("x")});
        let mut new = doc(json!({"f": user, "g": boolean(json!({}))}));
        new["segments"] = json!({"s": seg("@b.com")});
        let result = compare(&old, &new, 0);
        assert_eq!(result.segments.len(), 2);
        assert_eq!(result.segments[0].segment, "gone");
        assert_eq!(result.segments[0].status, Status::Removed);
        assert_eq!(result.segments[1].used_by, ["f"]);
        assert_eq!(
            result.segments[1].changes[0].text.to_string(),
            "email endsWith \"@a.com\" → \"@b.com\""
        );
        assert!(
            result.flags.is_empty(),
            "the flag's own definition did not change"
        );
    }

    #[test]
    fn paths_quote_keys_that_are_not_plain() {
        assert_eq!(member("flags", "new-checkout"), "flags.new-checkout");
        assert_eq!(member("flags", "my flag"), "flags[\"my flag\"]");
    }
}
