//! Which flags an update changed, for hosts that notify the app (the mobile listener).
//!
//! No context is known when a ruleset arrives, so "changed" cannot mean "evaluates
//! differently for this user". It means: the flag's definition may give a different answer
//! for someone. A flag is reported when
//! 1. its compiled definition differs between the two rulesets (compared by structural hashes
//!    taken on the first comparison, see `definition.rs`: whitespace, member order and
//!    annotations do not count), or it was added or removed;
//! 2. one of its rules uses a segment whose definition changed;
//! 3. one of its prerequisites is reported (transitively).
//!
//! A revision bump alone reports nothing. Against an empty ruleset every flag is new.

use crate::model::{Condition, Rule};
use crate::ruleset::Ruleset;
use std::collections::BTreeSet;

impl Ruleset {
    /// Adds to `keys` every flag that depends on one of them through prerequisites,
    /// transitively: the flags whose results can change when theirs do.
    pub(crate) fn add_dependents<'r>(&'r self, keys: &mut BTreeSet<&'r str>) {
        // Prerequisite chains are short (the loader limits their depth), so a fixed point over
        // all flags converges in a few passes.
        loop {
            let count = keys.len();
            for flag in &self.flags {
                let depends = flag.prerequisites.iter().any(|p| {
                    self.flags
                        .get(p.flag)
                        .is_some_and(|required| keys.contains(&*required.key))
                });
                if depends {
                    keys.insert(&flag.key);
                }
            }
            if keys.len() == count {
                break;
            }
        }
    }

    /// The sorted keys of the flags that may evaluate differently under `self` than under
    /// `previous`, removed flags included.
    pub fn changed_flags(&self, previous: &Ruleset) -> Vec<String> {
        let mut changed: BTreeSet<&str> = BTreeSet::new();
        let (now, before) = (self.definitions(), previous.definitions());
        for (flag, hash) in self.flags.iter().zip(&now.flags) {
            let unchanged = previous
                .find(&flag.key)
                .and_then(|old| before.flags.get(old.index))
                .is_some_and(|old_hash| old_hash == hash);
            if !unchanged {
                changed.insert(&flag.key);
            }
        }
        for old in &previous.flags {
            if self.find(&old.key).is_none() {
                changed.insert(&old.key);
            }
        }

        // Segments by position in this ruleset: did their definition change?
        let segment_changed: Vec<bool> = self
            .segments
            .iter()
            .zip(&now.segments)
            .map(|(segment, hash)| {
                previous
                    .segments
                    .iter()
                    .zip(&before.segments)
                    .find(|(old, _)| old.name == segment.name)
                    .map_or(true, |(_, old_hash)| old_hash != hash)
            })
            .collect();
        if segment_changed.contains(&true) {
            for flag in &self.flags {
                if uses_segment(&flag.rules, &segment_changed) {
                    changed.insert(&flag.key);
                }
            }
        }

        self.add_dependents(&mut changed);
        changed.into_iter().map(str::to_owned).collect()
    }
}

/// True when one of a flag's `rules` refers to a segment marked in `changed` (by segment
/// index).
fn uses_segment(rules: &[Rule], changed: &[bool]) -> bool {
    fn walk(condition: &Condition, changed: &[bool]) -> bool {
        match condition {
            Condition::All(children) | Condition::Any(children) => {
                children.iter().any(|c| walk(c, changed))
            }
            Condition::Not(child) => walk(child, changed),
            Condition::Segment(index) => changed.get(*index).copied().unwrap_or(false),
            Condition::Leaf(_) => false,
        }
    }
    rules
        .iter()
        .filter_map(|rule| rule.when.as_ref())
        .any(|when| walk(when, changed))
}

#[cfg(test)]
mod tests {
    use crate::Ruleset;
    use serde_json::{json, Value};

    fn flag(default: &str) -> Value {
        json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": default})
    }

    fn load(document: Value) -> Ruleset {
        Ruleset::from_json(&document.to_string()).unwrap()
    }

    #[test]
    fn reports_edited_added_and_removed_flags_only() {
        let old = load(
            json!({"schema": 1, "revision": 1, "flags": {"a": flag("off"), "b": flag("off"), "gone": flag("off")}}),
        );
        let new = load(
            json!({"schema": 1, "revision": 2, "flags": {"a": flag("on"), "b": flag("off"), "new": flag("off")}}),
        );
        assert_eq!(new.changed_flags(&old), vec!["a", "gone", "new"]);
    }

    #[test]
    fn key_order_and_revision_do_not_count() {
        let old = Ruleset::from_json(r#"{"schema": 1, "revision": 1, "flags": {"a": {"default": "off", "type": "boolean", "variants": {"off": false, "on": true}}}}"#).unwrap();
        let new = Ruleset::from_json(r#"{"schema": 1, "revision": 9, "flags": {"a": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"}}}"#).unwrap();
        assert!(new.changed_flags(&old).is_empty());
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
        let old = load(
            json!({"schema": 1, "revision": 1, "segments": {"beta": {"attr": "a", "op": "exists"}}, "flags": flags}),
        );
        let new = load(
            json!({"schema": 1, "revision": 2, "segments": {"beta": {"attr": "b", "op": "exists"}}, "flags": flags}),
        );
        assert_eq!(new.changed_flags(&old), vec!["child", "grandchild", "seg"]);
    }

    #[test]
    fn against_an_empty_ruleset_every_flag_is_new() {
        let new =
            load(json!({"schema": 1, "revision": 1, "flags": {"b": flag("on"), "a": flag("on")}}));
        assert_eq!(new.changed_flags(&Ruleset::empty()), vec!["a", "b"]);
    }

    fn with_rules(rules: Value) -> Value {
        let mut f = flag("off");
        f["rules"] = rules;
        f
    }

    fn changed(old: Value, new: Value) -> Vec<String> {
        let old = load(json!({"schema": 1, "revision": 1, "flags": {"f": old}}));
        let new = load(json!({"schema": 1, "revision": 2, "flags": {"f": new}}));
        new.changed_flags(&old)
    }

    #[test]
    fn edits_that_cannot_change_an_answer_do_not_count() {
        let rules = |percent: Value, platforms: Value, range: &str| {
            with_rules(json!([
                {"id": "r", "$comment": "first", "when": {"all": [
                    {"attr": "platform", "op": "in", "values": platforms},
                    {"attr": "appVersion", "op": "semver", "range": range}]},
                 "rollout": {"percent": percent, "serve": "on"}}]))
        };
        let old = rules(json!(10), json!(["ios", "android"]), ">=2.3");
        let mut new = rules(json!(10.0), json!(["android", "ios"]), ">= 2.3.0-0");
        new["rules"][0]["$comment"] = json!("edited");
        new["variants"] = json!({"off": false, "on": true});
        assert!(changed(old, new).is_empty());
    }

    #[test]
    fn every_edit_that_can_change_a_result_counts() {
        let base = || {
            let mut f = with_rules(json!([
                {"id": "r", "when": {"attr": "email", "op": "matches", "value": "@acme\\.com$"},
                 "split": {"variants": [{"variant": "on", "weight": 50}, {"variant": "off", "weight": 50}]}}]));
            f["metadata"] = json!({"owner": "payments"});
            f
        };
        let edits: Vec<fn(&mut Value)> = vec![
            |f| f["rules"][0]["id"] = json!("renamed"),
            |f| f["rules"][0]["when"]["value"] = json!("@acme\\.org$"),
            |f| f["rules"][0]["when"]["attr"] = json!("mail"),
            |f| {
                f["rules"][0]["split"]["variants"] =
                    json!([{"variant": "on", "weight": 60}, {"variant": "off", "weight": 40}])
            },
            |f| {
                f["rules"][0]["split"]["variants"] =
                    json!([{"variant": "off", "weight": 50}, {"variant": "on", "weight": 50}])
            },
            |f| f["rules"][0]["split"]["salt"] = json!("other"),
            |f| f["rules"][0]["split"]["by"] = json!("deviceId"),
            |f| f["metadata"]["owner"] = json!("growth"),
            |f| f["enabled"] = json!(false),
            |f| f["offVariant"] = json!("on"),
            |f| f["variants"]["on"] = json!(false),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut new = base();
            edit(&mut new);
            assert_eq!(changed(base(), new), vec!["f"], "edit {i}");
        }
    }
}
