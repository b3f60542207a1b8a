//! A project's findings: every environment's built ruleset is linted, and the findings are
//! merged so that one that several environments share (the same check, node, message, level
//! and place in the sources) is reported once, naming the environments that have it.
//!
//! Environments share most of their flags, so most findings are in every one of them: a flag
//! without an owner has none in any environment. Listed per environment, they would repeat;
//! merged, a finding that only some environments have (a flag killed in production only, a
//! rule an overlay made unreachable) stands out by its list of environments.

use super::history::Since;
use super::{Finding, JsonPath, Kind, Level};
use rollgate_project::Location;
use std::collections::BTreeMap;

/// What makes two environments' findings one.
type Key = (Option<Location>, JsonPath, Kind, Level, String);

/// Merges the findings of each environment (name, findings; in the project's order) into one
/// list in the order of the source files, each with the environments that have it. A
/// constant flag's age is the time since it has been so in all of them: the youngest of their
/// ages, or none when one of them has none.
pub fn merge(per_environment: Vec<(String, Vec<Finding>)>) -> Vec<Finding> {
    let mut merged: Vec<Finding> = Vec::new();
    let mut index: BTreeMap<Key, usize> = BTreeMap::new();
    for (environment, findings) in per_environment {
        for mut finding in findings {
            let key = (
                finding.location.clone(),
                finding.path.clone(),
                finding.kind,
                finding.level,
                finding.message.clone(),
            );
            match index.get(&key).and_then(|&i| merged.get_mut(i)) {
                Some(found) => {
                    found.environments.push(environment.clone());
                    found.since = youngest(found.since.take(), finding.since);
                }
                None => {
                    finding.environments = vec![environment.clone()];
                    index.insert(key, merged.len());
                    merged.push(finding);
                }
            }
        }
    }
    merged.sort_by(|a, b| (&a.location, &a.path).cmp(&(&b.location, &b.path)));
    merged
}

/// The later start of two ages (both hold from then on); none when either is unknown.
fn youngest(a: Option<Since>, b: Option<Since>) -> Option<Since> {
    match (a, b) {
        (Some(a), Some(b)) if b.days < a.days => Some(b),
        (Some(a), Some(_)) => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(flag: &str, line: u32, message: &str, days: Option<i64>) -> Finding {
        Finding {
            path: JsonPath::root().key("flags").key(flag),
            level: Level::Warn,
            kind: Kind::ConstantFlag,
            message: message.to_owned(),
            flag: Some(flag.to_owned()),
            since: days.map(|days| Since {
                commit: "c".into(),
                date: "d".into(),
                days,
                at_least: false,
            }),
            location: Some(Location {
                file: "flags.yaml".into(),
                line,
                column: 3,
            }),
            environments: Vec::new(),
        }
    }

    #[test]
    fn shared_findings_are_listed_once_in_file_order() {
        let merged = merge(vec![
            (
                "development".into(),
                vec![
                    finding("b", 9, "serves on", Some(40)),
                    finding("a", 2, "x", None),
                ],
            ),
            (
                "production".into(),
                vec![
                    finding("a", 2, "x", None),
                    finding("b", 9, "serves on", Some(3)),
                    finding("c", 5, "disabled", Some(7)),
                ],
            ),
            (
                "staging".into(),
                vec![finding("b", 9, "serves off", Some(1))],
            ),
        ]);
        let summary: Vec<String> = merged
            .iter()
            .map(|f| {
                format!(
                    "{} {} {:?} {:?}",
                    f.path,
                    f.message,
                    f.environments,
                    f.since.as_ref().map(|s| s.days)
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "flags.a x [\"development\", \"production\"] None",
                "flags.c disabled [\"production\"] Some(7)",
                "flags.b serves on [\"development\", \"production\"] Some(3)",
                "flags.b serves off [\"staging\"] Some(1)",
            ]
        );
    }

    #[test]
    fn an_age_unknown_in_one_environment_is_unknown() {
        let merged = merge(vec![
            ("a".into(), vec![finding("f", 1, "m", Some(4))]),
            ("b".into(), vec![finding("f", 1, "m", None)]),
        ]);
        assert_eq!(merged.len(), 1);
        assert!(merged[0].since.is_none());
    }
}
