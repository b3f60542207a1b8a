//! Compiles `when` conditions and segments.

use super::reader::{closest, Walk};
use crate::limits::{MAX_CONDITION_DEPTH, MAX_LIST_VALUES, MAX_PATTERN_BYTES};
use crate::model::{AttrName, Condition, Leaf, Op, Scalar, ValueSet, OPERATORS};
use crate::problem::ProblemKind;
use crate::value::json_type_name;
use crate::version::VersionRange;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

/// How segment references resolve while compiling.
pub(crate) enum SegmentScope<'a> {
    /// Inside a flag: segment names map to indices.
    Flags(&'a FxHashMap<&'a str, usize>),
    /// Inside a segment: references are not allowed (keeps segments flat and acyclic).
    Segment,
}

/// Compiles one condition; `None` when it has problems (already recorded).
pub(crate) fn compile_condition(
    walk: &mut Walk,
    value: &Value,
    segments: &SegmentScope<'_>,
    depth: usize,
) -> Option<Condition> {
    if depth > MAX_CONDITION_DEPTH {
        walk.problem(
            ProblemKind::LimitExceeded,
            format!("conditions are nested deeper than {MAX_CONDITION_DEPTH} levels"),
        );
        return None;
    }
    let map = walk.object(value)?;
    let forms = ["all", "any", "not", "segment", "attr"];
    let present: Vec<&str> = forms
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .collect();
    match present.as_slice() {
        ["all"] | ["any"] => {
            let is_all = present.first() == Some(&"all");
            let key = if is_all { "all" } else { "any" };
            walk.check_fields(map, &[key]);
            let items = walk.at_key(key, |w| map.get(key).and_then(|v| w.array(v)))?;
            let mut children = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let child = walk.at_key(key, |w| {
                    w.at_index(i, |w| compile_condition(w, item, segments, depth + 1))
                });
                match child {
                    Some(c) => children.push(c),
                    None => ok = false,
                }
            }
            ok.then(|| {
                if is_all {
                    Condition::All(children)
                } else {
                    Condition::Any(children)
                }
            })
        }
        ["not"] => {
            walk.check_fields(map, &["not"]);
            let inner = map.get("not")?;
            let child = walk.at_key("not", |w| compile_condition(w, inner, segments, depth + 1))?;
            Some(Condition::Not(Box::new(child)))
        }
        ["segment"] => {
            walk.check_fields(map, &["segment"]);
            let name = walk.required_str(map, "segment")?;
            match segments {
                SegmentScope::Segment => {
                    walk.at_key("segment", |w| {
                        w.problem(
                            ProblemKind::InvalidValue,
                            "segments cannot reference other segments",
                        )
                    });
                    None
                }
                SegmentScope::Flags(names) => match names.get(name) {
                    Some(index) => Some(Condition::Segment(*index)),
                    None => {
                        walk.at_key("segment", |w| {
                            w.problem(
                                ProblemKind::UnknownSegment,
                                format!("unknown segment \"{name}\""),
                            )
                        });
                        None
                    }
                },
            }
        }
        ["attr"] => compile_leaf(walk, map).map(|leaf| Condition::Leaf(Box::new(leaf))),
        [] => {
            walk.problem(
                ProblemKind::MissingField,
                "a condition needs one of \"attr\", \"all\", \"any\", \"not\" or \"segment\"",
            );
            None
        }
        _ => {
            walk.problem(
                ProblemKind::InvalidValue,
                format!(
                    "a condition has exactly one of \"attr\", \"all\", \"any\", \"not\", \"segment\"; found {}",
                    present.join(", ")
                ),
            );
            None
        }
    }
}

/// Which operand field an operator takes.
#[derive(Clone, Copy, PartialEq)]
enum Operand {
    Value,
    Values,
    Range,
    Nothing,
}

fn operand_of(op: &str) -> Operand {
    match op {
        "in" | "notIn" => Operand::Values,
        "semver" => Operand::Range,
        "exists" => Operand::Nothing,
        _ => Operand::Value,
    }
}

fn compile_leaf(walk: &mut Walk, map: &Map<String, Value>) -> Option<Leaf> {
    let attr = walk.required_str(map, "attr");
    if attr == Some("") {
        walk.at_key("attr", |w| {
            w.problem(ProblemKind::InvalidValue, "attribute name is empty")
        });
    }
    let op_name = walk.required_str(map, "op")?;
    let Some(op_name) = OPERATORS.iter().copied().find(|o| *o == op_name) else {
        let hint = closest(op_name, OPERATORS)
            .map(|k| format!(" (did you mean \"{k}\"?)"))
            .unwrap_or_default();
        walk.at_key("op", |w| {
            w.problem(
                ProblemKind::UnknownOperator,
                format!("unknown operator \"{op_name}\"{hint}"),
            )
        });
        walk.check_fields(map, &["attr", "op", "value", "values", "range"]);
        return None;
    };
    let operand_kind = operand_of(op_name);
    let operand_key = match operand_kind {
        Operand::Value => "value",
        Operand::Values => "values",
        Operand::Range => "range",
        Operand::Nothing => "",
    };
    let allowed: &[&str] = if operand_kind == Operand::Nothing {
        &["attr", "op"]
    } else {
        &["attr", "op", operand_key]
    };
    // A wrong operand key ("values" on equals) deserves a better message than "unknown field".
    for other in ["value", "values", "range"] {
        if other != operand_key && map.contains_key(other) {
            walk.at_key(other, |w| {
                w.problem(
                    ProblemKind::UnknownField,
                    if operand_kind == Operand::Nothing {
                        format!("operator \"{op_name}\" takes no operand")
                    } else {
                        format!("operator \"{op_name}\" takes \"{operand_key}\", not \"{other}\"")
                    },
                )
            });
        }
    }
    let others: Vec<&str> = allowed
        .iter()
        .copied()
        .chain(["value", "values", "range"])
        .collect();
    walk.check_fields(map, &others);
    let operand = if operand_kind == Operand::Nothing {
        Value::Null
    } else {
        match map.get(operand_key) {
            Some(v) => v.clone(),
            None => {
                walk.problem(
                    ProblemKind::MissingField,
                    format!("operator \"{op_name}\" needs \"{operand_key}\""),
                );
                return None;
            }
        }
    };
    let op = walk.at_key(operand_key, |w| compile_op(w, op_name, &operand))?;
    Some(Leaf {
        attr: AttrName::new(attr?),
        op,
        op_name,
        operand,
    })
}

fn compile_op(walk: &mut Walk, op_name: &str, operand: &Value) -> Option<Op> {
    Some(match op_name {
        "equals" => Op::Equals(scalar(walk, operand)?),
        "notEquals" => Op::NotEquals(scalar(walk, operand)?),
        "in" => Op::In(value_set(walk, operand)?),
        "notIn" => Op::NotIn(value_set(walk, operand)?),
        "contains" => Op::Contains(walk.string(operand)?.into()),
        "startsWith" => Op::StartsWith(walk.string(operand)?.into()),
        "endsWith" => Op::EndsWith(walk.string(operand)?.into()),
        "matches" => Op::Matches(regex(walk, operand)?),
        "lt" => Op::Lt(walk.number(operand)?),
        "lte" => Op::Lte(walk.number(operand)?),
        "gt" => Op::Gt(walk.number(operand)?),
        "gte" => Op::Gte(walk.number(operand)?),
        "before" => Op::Before(walk.timestamp(operand)?),
        "after" => Op::After(walk.timestamp(operand)?),
        "semver" => {
            let text = walk.string(operand)?;
            match VersionRange::parse(text) {
                Ok(range) => Op::Semver(range),
                Err(e) => {
                    walk.problem(ProblemKind::InvalidRange, format!("invalid range: {e}"));
                    return None;
                }
            }
        }
        "exists" => Op::Exists,
        other => {
            walk.problem(
                ProblemKind::UnknownOperator,
                format!("unknown operator \"{other}\""),
            );
            return None;
        }
    })
}

fn scalar(walk: &mut Walk, value: &Value) -> Option<Scalar> {
    match value {
        Value::String(s) => Some(Scalar::Str(s.as_str().into())),
        Value::Bool(b) => Some(Scalar::Bool(*b)),
        Value::Number(_) => walk.number(value).map(Scalar::Num),
        other => {
            walk.problem(
                ProblemKind::InvalidType,
                format!(
                    "expected a string, number or boolean, found {}",
                    json_type_name(other)
                ),
            );
            None
        }
    }
}

fn value_set(walk: &mut Walk, value: &Value) -> Option<ValueSet> {
    let items = walk.array(value)?;
    if items.len() > MAX_LIST_VALUES {
        walk.problem(
            ProblemKind::LimitExceeded,
            format!("more than {MAX_LIST_VALUES} values"),
        );
        return None;
    }
    let mut set = ValueSet::default();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match walk.at_index(i, |w| scalar(w, item)) {
            Some(Scalar::Str(s)) => set.strings.push(s),
            Some(Scalar::Num(n)) => set.numbers.push(n),
            Some(Scalar::Bool(b)) => set.bools.push(b),
            None => ok = false,
        }
    }
    // Sorted so evaluation can binary-search long lists.
    set.strings.sort_unstable();
    set.strings.dedup();
    ok.then_some(set)
}

fn regex(walk: &mut Walk, value: &Value) -> Option<regex_lite::Regex> {
    let pattern = walk.string(value)?;
    if pattern.len() > MAX_PATTERN_BYTES {
        walk.problem(
            ProblemKind::LimitExceeded,
            format!("pattern is longer than {MAX_PATTERN_BYTES} bytes"),
        );
        return None;
    }
    // regex-lite matches in linear time (no backtracking), so no pattern can freeze a client.
    match regex_lite::Regex::new(pattern) {
        Ok(re) => Some(re),
        Err(e) => {
            let first_line = e.to_string().lines().last().unwrap_or("").trim().to_owned();
            walk.problem(
                ProblemKind::InvalidRegex,
                format!("invalid regular expression {pattern:?}: {first_line}"),
            );
            None
        }
    }
}
