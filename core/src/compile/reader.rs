//! Typed access to JSON objects that records a problem, with its path, for every mismatch.

use crate::problem::{JsonPath, ProblemKind, Problems};
use crate::value::json_type_name;
use serde_json::{Map, Value};

/// The state shared by the whole compile: where we are and what went wrong so far.
#[derive(Default)]
pub(crate) struct Walk {
    pub(crate) path: JsonPath,
    pub(crate) problems: Problems,
}

impl Walk {
    /// Records a problem at the current path.
    pub(crate) fn problem(&mut self, kind: ProblemKind, message: impl Into<String>) {
        self.problems.add(&self.path, kind, message);
    }

    /// Runs `f` with `.key` appended to the path.
    pub(crate) fn at_key<R>(&mut self, key: &str, f: impl FnOnce(&mut Walk) -> R) -> R {
        let mark = self.path.push_key(key);
        let result = f(self);
        self.path.pop(mark);
        result
    }

    /// Runs `f` with `[index]` appended to the path.
    pub(crate) fn at_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Walk) -> R) -> R {
        let mark = self.path.push_index(index);
        let result = f(self);
        self.path.pop(mark);
        result
    }

    /// The value as an object, or a problem.
    pub(crate) fn object<'v>(&mut self, value: &'v Value) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.problem(
                    ProblemKind::InvalidType,
                    format!("expected an object, found {}", json_type_name(other)),
                );
                None
            }
        }
    }

    /// Reports every field of `map` not in `allowed`. Keys starting with `$` or `x-` are
    /// annotations (`$comment`, `x-owner-team`) and always allowed.
    pub(crate) fn check_fields(&mut self, map: &Map<String, Value>, allowed: &[&str]) {
        for key in map.keys() {
            if allowed.contains(&key.as_str()) || key.starts_with('$') || key.starts_with("x-") {
                continue;
            }
            let hint = closest(key, allowed)
                .map(|k| format!(" (did you mean \"{k}\"?)"))
                .unwrap_or_default();
            self.at_key(key, |w| {
                w.problem(
                    ProblemKind::UnknownField,
                    format!("unknown field \"{key}\"{hint}"),
                )
            });
        }
    }

    /// A required string field.
    pub(crate) fn required_str<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<&'v str> {
        match map.get(key) {
            None => {
                self.problem(
                    ProblemKind::MissingField,
                    format!("missing field \"{key}\""),
                );
                None
            }
            Some(value) => self.at_key(key, |w| w.string(value)),
        }
    }

    /// An optional string field (a problem only when present with the wrong type).
    pub(crate) fn optional_str<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<&'v str> {
        let value = map.get(key)?;
        self.at_key(key, |w| w.string(value))
    }

    /// The value as a string, or a problem.
    pub(crate) fn string<'v>(&mut self, value: &'v Value) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(
                    ProblemKind::InvalidType,
                    format!("expected a string, found {}", json_type_name(other)),
                );
                None
            }
        }
    }

    /// The value as an array, or a problem.
    pub(crate) fn array<'v>(&mut self, value: &'v Value) -> Option<&'v Vec<Value>> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.problem(
                    ProblemKind::InvalidType,
                    format!("expected an array, found {}", json_type_name(other)),
                );
                None
            }
        }
    }

    /// An optional boolean field.
    pub(crate) fn optional_bool(&mut self, map: &Map<String, Value>, key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                let found = json_type_name(other);
                self.at_key(key, |w| {
                    w.problem(
                        ProblemKind::InvalidType,
                        format!("expected a boolean, found {found}"),
                    )
                });
                None
            }
        }
    }

    /// The value as a finite number, or a problem.
    pub(crate) fn number(&mut self, value: &Value) -> Option<f64> {
        match value {
            Value::Number(n) => match n.as_f64().filter(|f| f.is_finite()) {
                Some(f) => Some(f),
                None => {
                    self.problem(ProblemKind::InvalidValue, "number out of range");
                    None
                }
            },
            other => {
                self.problem(
                    ProblemKind::InvalidType,
                    format!("expected a number, found {}", json_type_name(other)),
                );
                None
            }
        }
    }

    /// A percentage 0..=100 with at most three decimals, as thousandths of a percent.
    pub(crate) fn percent(&mut self, value: &Value) -> Option<u32> {
        let p = self.number(value)?;
        if !(0.0..=100.0).contains(&p) {
            self.problem(
                ProblemKind::InvalidValue,
                format!("percent must be between 0 and 100, found {p}"),
            );
            return None;
        }
        let thousandths = (p * 1000.0).round();
        if (p * 1000.0 - thousandths).abs() > 1e-6 {
            self.problem(
                ProblemKind::InvalidValue,
                format!("percent {p} has more than 3 decimal places (resolution is 0.001%)"),
            );
            return None;
        }
        // In 0..=100_000 by the checks above, so the cast is exact.
        Some(thousandths as u32)
    }

    /// A point in time: an RFC 3339 string or integer epoch milliseconds.
    pub(crate) fn timestamp(&mut self, value: &Value) -> Option<i64> {
        match value {
            Value::String(s) => match crate::time::parse_rfc3339_ms(s) {
                Ok(ms) => Some(ms),
                Err(e) => {
                    self.problem(ProblemKind::InvalidDate, e.to_string());
                    None
                }
            },
            Value::Number(n) => match n.as_i64() {
                Some(ms) => Some(ms),
                None => {
                    self.problem(
                        ProblemKind::InvalidDate,
                        format!("{n} is not an integer number of epoch milliseconds"),
                    );
                    None
                }
            },
            other => {
                self.problem(
                    ProblemKind::InvalidDate,
                    format!(
                        "expected an RFC 3339 string or epoch milliseconds, found {}",
                        json_type_name(other)
                    ),
                );
                None
            }
        }
    }
}

/// The allowed name closest to a typo, if it is close enough to be a useful hint.
pub(crate) fn closest<'a>(typo: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (edit_distance(typo, candidate), *candidate))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Case-insensitive Levenshtein distance (names are short; quadratic is fine).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(ca != cb));
            let delete = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(usize::MAX)
}
