//! Overlays: what an environment changes in the flags it shares.
//!
//! An overlay file holds `flags: {<key>: <override>}`. An override may set, per environment:
//! `enabled`, `default` (the default variant), `rollouts` (a rollout's `percent` or ramp
//! `steps`, by rule id) and `rules` (the whole list). Nothing else: a flag's type, variants,
//! salt or prerequisites are the same everywhere, or the environments would not share it.

use crate::check::{is_annotation, type_name, Checker, FirstSeen};
use crate::path;
use crate::problem::{Kind, Problems};
use crate::source::{Parsed, SourceMap};
use crate::sources::{Tree, SERVER_ONLY};
use rollgate::suggest::did_you_mean;
use rollgate::ProblemKind;
use serde_json::{Map, Value};

/// What an override may set.
pub const OVERRIDABLE: [&str; 4] = ["enabled", "default", "rollouts", "rules"];

/// Flag fields that exist but are the same in every environment.
const SHARED_FIELDS: [&str; 7] = [
    "type",
    "variants",
    "offVariant",
    "salt",
    "prerequisites",
    "metadata",
    SERVER_ONLY,
];

/// What a rollout override may set.
pub const ROLLOUT_FIELDS: [&str; 2] = ["percent", "steps"];

/// Applies the overlay files of one environment, in order, to `tree`. A flag overridden in
/// two files of the same environment is a problem; so is every override the rules above do
/// not allow, each at its place in the overlay file.
pub(crate) fn apply_all(tree: &mut Tree, overlays: &[Parsed], problems: &mut Problems) {
    let mut overridden = FirstSeen::default();
    for overlay in overlays {
        apply(tree, overlay, &mut overridden, problems);
    }
}

fn apply(tree: &mut Tree, overlay: &Parsed, overridden: &mut FirstSeen, problems: &mut Problems) {
    let mut c = Checker {
        map: &overlay.map,
        problems,
    };
    let Some(top) = c.object(&overlay.value, "") else {
        return;
    };
    c.known_fields(top, "", &["flags"]);
    let Some(flags) = top.get("flags") else {
        return;
    };
    let Some(flags) = c.object(flags, "flags") else {
        return;
    };
    for (key, changes) in flags {
        let at = path::key("flags", key);
        let what = format!("flag {key:?} is overridden twice for this environment");
        if !overridden.first(&mut c, &at, &what) {
            continue;
        }
        if !tree.flags.contains_key(key) {
            let keys: Vec<&str> = tree.flags.keys().map(String::as_str).collect();
            c.key_problem(
                &at,
                ProblemKind::UnknownFlag,
                format!(
                    "no flag {key:?} in the flag sources to override{}",
                    did_you_mean(key, &keys)
                ),
            );
            continue;
        }
        let Some(changes) = c.object(changes, &at) else {
            continue;
        };
        let Some(Value::Object(flag)) = tree.flags.get_mut(key) else {
            // Not an object in the sources: the core reports that.
            continue;
        };
        override_flag(&mut c, &mut tree.map, key, flag, changes, &at);
    }
}

/// Applies one flag's override; `at` is both its path in the overlay and the flag's path in
/// the ruleset (`flags.<key>`).
fn override_flag(
    c: &mut Checker<'_>,
    map: &mut SourceMap,
    key: &str,
    flag: &mut Map<String, Value>,
    changes: &Map<String, Value>,
    at: &str,
) {
    for (field, value) in changes {
        let field_at = path::key(at, field);
        match field.as_str() {
            "enabled" | "default" | "rules" => {
                flag.insert(field.clone(), value.clone());
                map.graft(&field_at, c.map, &field_at);
            }
            "rollouts" => {}
            _ if is_annotation(field) => {}
            _ if SHARED_FIELDS.contains(&field.as_str()) => c.key_problem(
                &field_at,
                Kind::NotOverridable,
                format!(
                    "`{field}` cannot change per environment (an environment may set: {})",
                    OVERRIDABLE.join(", ")
                ),
            ),
            _ => c.key_problem(
                &field_at,
                ProblemKind::UnknownField,
                format!(
                    "unknown field {field:?}{}",
                    did_you_mean(field, &OVERRIDABLE)
                ),
            ),
        }
    }
    let Some(rollouts) = changes.get("rollouts") else {
        return;
    };
    let rollouts_at = path::key(at, "rollouts");
    if changes.contains_key("rules") {
        c.key_problem(
            &rollouts_at,
            ProblemKind::InvalidValue,
            "`rollouts` and `rules` together: the new `rules` list replaces every rule, so set \
             the percentages in it",
        );
        return;
    }
    let Some(rollouts) = c.object(rollouts, &rollouts_at) else {
        return;
    };
    for (rule_id, change) in rollouts {
        let change_at = path::key(&rollouts_at, rule_id);
        let Some(index) = find_rule(c, key, flag, rule_id, &change_at) else {
            continue;
        };
        let rule_at = path::index(&path::key(at, "rules"), index);
        let rollout = flag
            .get_mut("rules")
            .and_then(|rules| rules.get_mut(index))
            .and_then(|rule| rule.get_mut("rollout"))
            .and_then(Value::as_object_mut);
        let Some(rollout) = rollout else {
            c.key_problem(
                &change_at,
                Kind::NotOverridable,
                format!(
                    "rule {rule_id:?} of flag {key:?} has no rollout: an environment can only \
                     change a rollout's percent or steps, or replace the whole `rules` list"
                ),
            );
            continue;
        };
        let Some(change) = c.object(change, &change_at) else {
            continue;
        };
        override_rollout(
            c,
            map,
            rollout,
            change,
            &change_at,
            &path::key(&rule_at, "rollout"),
        );
    }
}

/// The index of the rule with id `rule_id`, or a problem saying why there is none.
fn find_rule(
    c: &mut Checker<'_>,
    key: &str,
    flag: &Map<String, Value>,
    rule_id: &str,
    change_at: &str,
) -> Option<usize> {
    let rules: &[Value] = match flag.get("rules") {
        Some(Value::Array(rules)) => rules,
        _ => &[],
    };
    let id_of = |rule: &Value| rule.get("id").and_then(Value::as_str).map(str::to_owned);
    if let Some(index) = rules
        .iter()
        .position(|r| id_of(r).as_deref() == Some(rule_id))
    {
        return Some(index);
    }
    let without_id: Vec<String> = rules
        .iter()
        .enumerate()
        .filter(|(_, r)| id_of(r).is_none())
        .map(|(i, _)| format!("rules[{i}]"))
        .collect();
    if without_id.iter().any(|name| name == rule_id) {
        c.key_problem(
            change_at,
            Kind::MissingRuleId,
            format!(
                "rule {rule_id} of flag {key:?} has no `id`: give it one in the flag sources to \
                 override it"
            ),
        );
        return None;
    }
    let ids: Vec<String> = rules.iter().filter_map(id_of).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut message = format!(
        "no rule with id {rule_id:?} in flag {key:?}{}",
        did_you_mean(rule_id, &id_refs)
    );
    if ids.is_empty() {
        message.push_str("; its rules have no ids");
    } else {
        message.push_str(&format!("; rule ids: {}", ids.join(", ")));
    }
    if !without_id.is_empty() && !ids.is_empty() {
        message.push_str(&format!(
            " ({} without an id, which overlays cannot address)",
            without_id.join(", ")
        ));
    }
    c.key_problem(change_at, Kind::UnknownRule, message);
    None
}

/// Sets a rollout's `percent` or `steps` (exactly one; the other is removed).
fn override_rollout(
    c: &mut Checker<'_>,
    map: &mut SourceMap,
    rollout: &mut Map<String, Value>,
    change: &Map<String, Value>,
    change_at: &str,
    rollout_at: &str,
) {
    let mut set = Vec::new();
    for (field, value) in change {
        if ROLLOUT_FIELDS.contains(&field.as_str()) {
            set.push((field, value));
        } else if !is_annotation(field) {
            let known = ["by", "salt", "serve", "split"];
            let (kind, message) = if known.contains(&field.as_str()) {
                (
                    Kind::NotOverridable,
                    format!(
                        "a rollout's `{field}` cannot change per environment (only `percent` or \
                         `steps`; replace the whole `rules` list to change more)"
                    ),
                )
            } else {
                (
                    Kind::Ruleset(ProblemKind::UnknownField),
                    format!(
                        "unknown field {field:?}{}",
                        did_you_mean(field, &ROLLOUT_FIELDS)
                    ),
                )
            };
            c.key_problem(&path::key(change_at, field), kind, message);
        }
    }
    match set.as_slice() {
        [(field, value)] => {
            for old in ROLLOUT_FIELDS {
                rollout.remove(old);
                map.remove_within(&path::key(rollout_at, old));
            }
            rollout.insert((*field).clone(), (*value).clone());
            map.graft(
                &path::key(rollout_at, field),
                c.map,
                &path::key(change_at, field),
            );
        }
        [] => c.problem(
            change_at,
            ProblemKind::MissingField,
            format!(
                "a rollout override sets `percent` or `steps`, found {}",
                if change.is_empty() {
                    "an empty object".to_owned()
                } else {
                    type_name(&Value::Object(change.clone())).to_owned()
                }
            ),
        ),
        _ => c.problem(
            change_at,
            ProblemKind::InvalidValue,
            "a rollout override sets `percent` or `steps`, not both",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse, Format};
    use crate::sources::merge;
    use serde_json::json;

    const SOURCES: &str = "\
flags:
  checkout:
    type: boolean
    variants: {on: true, off: false}
    default: 'off'
    rules:
      - id: beta
        when: {attr: email, op: endsWith, value: '@acme.com'}
        serve: 'on'
      - id: mobile
        rollout: {percent: 10, serve: 'on'}
      - rollout: {percent: 5, serve: 'on'}
";

    fn tree() -> Tree {
        let mut problems = Problems::default();
        let tree = merge(
            vec![parse(SOURCES, Format::Yaml, "flags.yaml").unwrap()],
            &mut problems,
        );
        assert!(problems.is_empty());
        tree
    }

    fn overlaid(overlay: &str) -> (Tree, Vec<String>) {
        let mut tree = tree();
        let mut problems = Problems::default();
        let overlay = parse(overlay, Format::Yaml, "prod.yaml").unwrap();
        apply_all(&mut tree, &[overlay], &mut problems);
        (
            tree,
            problems.list.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn enabled_default_and_a_rollout_change_and_point_at_the_overlay() {
        let (tree, problems) = overlaid(
            "flags:\n  checkout:\n    enabled: false\n    default: 'on'\n    rollouts:\n      \
             mobile: {steps: [{at: '2026-12-01', percent: 50}]}\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let flag = &tree.flags["checkout"];
        assert_eq!(flag["enabled"], json!(false));
        assert_eq!(flag["default"], json!("on"));
        assert_eq!(
            flag["rules"][1]["rollout"],
            json!({"steps": [{"at": "2026-12-01", "percent": 50}], "serve": "on"})
        );
        let at = |p: &str| tree.map.locate(p).unwrap().to_string();
        assert_eq!(at("flags.checkout.enabled"), "prod.yaml:3:14");
        assert_eq!(
            at("flags.checkout.rules[1].rollout.steps[0].percent"),
            "prod.yaml:6:52"
        );
        // The rest still points at the sources.
        assert_eq!(
            at("flags.checkout.rules[1].rollout.serve"),
            "flags.yaml:11:39"
        );
        assert_eq!(
            tree.map.origin("flags.checkout.rules[1].rollout.percent"),
            None
        );
    }

    #[test]
    fn a_whole_rule_list_replaces_the_old_one() {
        let (tree, problems) = overlaid("flags:\n  checkout:\n    rules:\n      - serve: 'on'\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(tree.flags["checkout"]["rules"], json!([{"serve": "on"}]));
        assert_eq!(
            tree.map
                .locate("flags.checkout.rules[0].serve")
                .unwrap()
                .file,
            "prod.yaml"
        );
        assert_eq!(tree.map.origin("flags.checkout.rules[1]"), None);
    }

    #[test]
    fn every_override_that_is_not_allowed_is_a_located_problem() {
        let (_, problems) = overlaid(
            "flags:
  checkout:
    variants: {on: 1}
    enabeld: false
    rollouts:
      mobil: {percent: 20}
      beta: {percent: 20}
      rules[2]: {percent: 20}
      mobile: {percent: 20, serve: 'off'}
  chekout: {enabled: false}
colour: 1
",
        );
        assert_eq!(
            problems,
            [
                "prod.yaml:11:1: colour: unknown field \"colour\" [unknown_field]",
                "prod.yaml:4:5: flags.checkout.enabeld: unknown field \"enabeld\" (did you mean \
                 \"enabled\"?) [unknown_field]",
                "prod.yaml:3:5: flags.checkout.variants: `variants` cannot change per \
                 environment (an environment may set: enabled, default, rollouts, rules) \
                 [not_overridable]",
                "prod.yaml:7:7: flags.checkout.rollouts.beta: rule \"beta\" of flag \"checkout\" \
                 has no rollout: an environment can only change a rollout's percent or steps, \
                 or replace the whole `rules` list [not_overridable]",
                "prod.yaml:6:7: flags.checkout.rollouts.mobil: no rule with id \"mobil\" in flag \
                 \"checkout\" (did you mean \"mobile\"?); rule ids: beta, mobile (rules[2] \
                 without an id, which overlays cannot address) [unknown_rule]",
                "prod.yaml:9:29: flags.checkout.rollouts.mobile.serve: a rollout's `serve` \
                 cannot change per environment (only `percent` or `steps`; replace the whole \
                 `rules` list to change more) [not_overridable]",
                "prod.yaml:8:7: flags.checkout.rollouts[\"rules[2]\"]: rule rules[2] of flag \
                 \"checkout\" has no `id`: give it one in the flag sources to override it \
                 [missing_rule_id]",
                "prod.yaml:10:3: flags.chekout: no flag \"chekout\" in the flag sources to \
                 override (did you mean \"checkout\"?) [unknown_flag]",
            ]
        );
    }

    #[test]
    fn a_flag_overridden_in_two_files_of_one_environment_names_both() {
        let mut tree = tree();
        let mut problems = Problems::default();
        let one = parse(
            "flags:\n  checkout: {enabled: false}\n",
            Format::Yaml,
            "a.yaml",
        )
        .unwrap();
        let two = parse(
            "flags:\n  checkout: {enabled: true}\n",
            Format::Yaml,
            "b.yaml",
        )
        .unwrap();
        apply_all(&mut tree, &[one, two], &mut problems);
        assert_eq!(
            problems.list[0].to_string(),
            "b.yaml:2:3: flags.checkout: flag \"checkout\" is overridden twice for this \
             environment, here and at a.yaml:2:3 [duplicate_definition]"
        );
        assert_eq!(tree.flags["checkout"]["enabled"], json!(false));
    }
}
