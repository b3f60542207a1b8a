//! Conditions in words: `appVersion semver "<2.3.0"`, `platform in ["ios", "android"]`,
//! `segment "beta-testers"`, combined with `and`, `or` and `not`.
//!
//! A changed condition is shown as its old and new form, or, when only operands changed and
//! the shape stayed (same attributes, operators and nesting), as just those operands:
//! `appVersion semver "<2.3.0" → "<2.4.0"`. Long lists print their first values and a count.

use super::document::same_definition;
use super::sentence::Sentence;
use crate::output::json_text;
use serde_json::Value;

/// Lists longer than this print their first values and how many more there are.
const LIST_SHOWN: usize = 8;

/// A condition as one line, e.g. `(platform in ["ios", "android"] and not segment "x")`.
pub fn render(condition: &Value) -> String {
    render_at(condition, true)
}

fn render_at(condition: &Value, top: bool) -> String {
    let group = |items: &[Value], word: &str, empty: &str| {
        if items.is_empty() {
            return empty.to_owned();
        }
        let parts: Vec<String> = items.iter().map(|c| render_at(c, false)).collect();
        if items.len() == 1 || top {
            parts.join(&format!(" {word} "))
        } else {
            format!("({})", parts.join(&format!(" {word} ")))
        }
    };
    if let Some(items) = condition.get("all").and_then(Value::as_array) {
        return group(items, "and", "always");
    }
    if let Some(items) = condition.get("any").and_then(Value::as_array) {
        return group(items, "or", "never");
    }
    if let Some(inner) = condition.get("not") {
        return format!("not {}", render_at(inner, false));
    }
    if let Some(name) = condition.get("segment").and_then(Value::as_str) {
        return format!("segment {}", super::sentence::quoted(name));
    }
    let attr = condition.get("attr").and_then(Value::as_str).unwrap_or("");
    let op = condition.get("op").and_then(Value::as_str).unwrap_or("");
    match operand(condition) {
        Some(value) => format!("{attr} {op} {}", render_operand(value)),
        None => format!("{attr} {op}"),
    }
}

/// The operand of an attribute test: `value`, `values` or `range` (none for `exists`).
fn operand(condition: &Value) -> Option<&Value> {
    ["value", "values", "range"]
        .iter()
        .find_map(|key| condition.get(*key))
}

/// A scalar as JSON (`"ios"`, `5`, `true`); a list as `["a", "b"]`, shortened past
/// [`LIST_SHOWN`] values.
fn render_operand(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let mut parts: Vec<String> = items.iter().take(LIST_SHOWN).map(json_text).collect();
            if items.len() > LIST_SHOWN {
                parts.push(format!("… {} more", items.len() - LIST_SHOWN));
            }
            format!("[{}]", parts.join(", "))
        }
        other => json_text(other),
    }
}

/// How a condition changed, for one line of a rule's changes.
#[derive(Debug, PartialEq)]
pub enum ConditionChange {
    /// The rule had no condition (everybody) and now has this one.
    Added(String),
    /// The rule had this condition and now applies to everybody.
    Removed(String),
    /// Same shape, different operands: each `attr op old → new`.
    Operands(Vec<OperandChange>),
    /// Another shape: the whole old and new condition.
    Replaced(String, String),
}

/// One attribute test whose operand changed.
#[derive(Debug, PartialEq)]
pub struct OperandChange {
    /// `attr op`, e.g. `appVersion semver`.
    pub test: String,
    /// The old operand.
    pub old: String,
    /// The new operand.
    pub new: String,
    /// For lists too long to show whole: the values added and removed.
    pub list: Option<ListChange>,
}

/// The values added to and removed from an `in` / `notIn` list.
#[derive(Debug, PartialEq)]
pub struct ListChange {
    /// Values in the new list only, rendered.
    pub added: Vec<String>,
    /// Values in the old list only, rendered.
    pub removed: Vec<String>,
}

/// Compares two conditions (`None`: the rule has no `when`). `None` when they are the same.
pub fn compare(old: Option<&Value>, new: Option<&Value>) -> Option<ConditionChange> {
    match (old, new) {
        (None, None) => None,
        (None, Some(new)) => Some(ConditionChange::Added(render(new))),
        (Some(old), None) => Some(ConditionChange::Removed(render(old))),
        (Some(old), Some(new)) => {
            if same_definition(old, new) {
                return None;
            }
            let mut operands = Vec::new();
            if same_shape(old, new, &mut operands) {
                Some(ConditionChange::Operands(operands))
            } else {
                Some(ConditionChange::Replaced(render(old), render(new)))
            }
        }
    }
}

/// Whether two conditions have the same tree of combinators, attributes and operators;
/// collects the operands that differ.
fn same_shape(old: &Value, new: &Value, operands: &mut Vec<OperandChange>) -> bool {
    for key in ["all", "any"] {
        match (old.get(key), new.get(key)) {
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                return a.len() == b.len()
                    && a.iter().zip(b).all(|(x, y)| same_shape(x, y, operands));
            }
            (None, None) => {}
            _ => return false,
        }
    }
    match (old.get("not"), new.get("not")) {
        (Some(a), Some(b)) => return same_shape(a, b, operands),
        (None, None) => {}
        _ => return false,
    }
    match (old.get("segment"), new.get("segment")) {
        (Some(a), Some(b)) => return a == b,
        (None, None) => {}
        _ => return false,
    }
    let test = |c: &Value| (c.get("attr").cloned(), c.get("op").cloned());
    if test(old) != test(new) {
        return false;
    }
    let (a, b) = (operand(old), operand(new));
    let same = match (a, b) {
        (Some(a), Some(b)) => same_definition(a, b),
        (None, None) => true,
        _ => false,
    };
    if !same {
        let null = Value::Null;
        let (a, b) = (a.unwrap_or(&null), b.unwrap_or(&null));
        let list = match (a, b) {
            (Value::Array(x), Value::Array(y)) if x.len().max(y.len()) > LIST_SHOWN => {
                Some(ListChange {
                    added: missing_from(y, x),
                    removed: missing_from(x, y),
                })
            }
            _ => None,
        };
        let attr = old.get("attr").and_then(Value::as_str).unwrap_or("");
        let op = old.get("op").and_then(Value::as_str).unwrap_or("");
        operands.push(OperandChange {
            test: format!("{attr} {op}"),
            old: render_operand(a),
            new: render_operand(b),
            list,
        });
    }
    true
}

/// A condition change in words: `now only when …`, `now applies to everybody`, `when A → B`,
/// or, for operands, `appVersion semver "<2.3.0" → "<2.4.0"`.
pub fn describe(change: &ConditionChange) -> Sentence {
    match change {
        ConditionChange::Added(now_when) => Sentence::new()
            .text("now only when ")
            .code(now_when)
            .text(" (was everybody)"),
        ConditionChange::Removed(was) => Sentence::new()
            .text("now applies to everybody (was when ")
            .code(was)
            .text(")"),
        ConditionChange::Replaced(was, is) => {
            Sentence::new().text("when ").code(was).text(" → ").code(is)
        }
        ConditionChange::Operands(operands) => {
            let mut s = Sentence::new();
            for (i, operand) in operands.iter().enumerate() {
                if i > 0 {
                    s = s.text("; ");
                }
                s = s
                    .code(format!("{} {}", operand.test, operand.old))
                    .text(" → ")
                    .code(&operand.new);
                if let Some(list) = &operand.list {
                    let mut parts = Vec::new();
                    if !list.added.is_empty() {
                        parts.push(format!("added {}", list.added.join(", ")));
                    }
                    if !list.removed.is_empty() {
                        parts.push(format!("removed {}", list.removed.join(", ")));
                    }
                    s = s.text(" (").code(parts.join("; ")).text(")");
                }
            }
            s
        }
    }
}

/// The values of `these` that `those` lacks, rendered.
fn missing_from(these: &[Value], those: &[Value]) -> Vec<String> {
    these
        .iter()
        .filter(|v| !those.iter().any(|w| same_definition(v, w)))
        .map(json_text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_every_form() {
        assert_eq!(
            render(&json!({"attr": "appVersion", "op": "semver", "range": "<2.3.0 || 2.5.1"})),
            "appVersion semver \"<2.3.0 || 2.5.1\""
        );
        assert_eq!(
            render(&json!({"all": [
                {"attr": "platform", "op": "in", "values": ["ios", "android"]},
                {"not": {"segment": "beta"}},
                {"any": [{"attr": "n", "op": "gte", "value": 5.0}, {"attr": "x", "op": "exists"}]}
            ]})),
            "platform in [\"ios\", \"android\"] and not segment \"beta\" and (n gte 5 or x exists)"
        );
        assert_eq!(render(&json!({"all": []})), "always");
        assert_eq!(render(&json!({"any": []})), "never");
        let long: Vec<i64> = (0..20).collect();
        assert_eq!(
            render(&json!({"attr": "n", "op": "in", "values": long})),
            "n in [0, 1, 2, 3, 4, 5, 6, 7, … 12 more]"
        );
    }

    #[test]
    fn operand_changes_keep_the_shape() {
        let old = json!({"all": [{"attr": "appVersion", "op": "semver", "range": "<2.3.0"},
                                 {"attr": "platform", "op": "in", "values": ["ios"]}]});
        let new = json!({"all": [{"attr": "appVersion", "op": "semver", "range": "<2.4.0"},
                                 {"attr": "platform", "op": "in", "values": ["ios", "web"]}]});
        let change = compare(Some(&old), Some(&new)).unwrap();
        assert_eq!(
            describe(&change).to_string(),
            "appVersion semver \"<2.3.0\" → \"<2.4.0\"; platform in [\"ios\"] → [\"ios\", \"web\"]"
        );
        let ConditionChange::Operands(changes) = change else {
            panic!("operands")
        };
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].test, "appVersion semver");
        assert_eq!(
            (changes[0].old.as_str(), changes[0].new.as_str()),
            ("\"<2.3.0\"", "\"<2.4.0\"")
        );
        assert_eq!(changes[1].list, None, "short lists show whole");
        let long = |extra: i64| json!({"attr": "n", "op": "in", "values": (0..20).chain([extra]).collect::<Vec<i64>>()});
        let change = compare(Some(&long(100)), Some(&long(200))).unwrap();
        assert_eq!(
            describe(&change).to_string(),
            "n in [0, 1, 2, 3, 4, 5, 6, 7, … 13 more] → [0, 1, 2, 3, 4, 5, 6, 7, … 13 more] (added 200; removed 100)"
        );
    }

    #[test]
    fn other_changes_replace_the_condition() {
        let old = json!({"attr": "a", "op": "exists"});
        let new = json!({"attr": "b", "op": "exists"});
        assert_eq!(
            compare(Some(&old), Some(&new)),
            Some(ConditionChange::Replaced(
                "a exists".into(),
                "b exists".into()
            ))
        );
        assert_eq!(
            compare(None, Some(&new)),
            Some(ConditionChange::Added("b exists".into()))
        );
        assert_eq!(
            compare(Some(&old), None),
            Some(ConditionChange::Removed("a exists".into()))
        );
        let annotated = json!({"attr": "a", "op": "exists", "$comment": "c"});
        assert_eq!(compare(Some(&old), Some(&annotated)), None);
        assert_eq!(
            compare(
                Some(&json!({"attr": "n", "op": "gt", "value": 5})),
                Some(&json!({"attr": "n", "op": "gt", "value": 5.0}))
            ),
            None
        );
    }
}
