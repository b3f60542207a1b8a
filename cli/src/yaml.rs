//! YAML rulesets: YAML text → the JSON model the core compiles.
//!
//! Parsing goes through `serde_norway::Value` rather than straight into `serde_json::Value` so
//! that merge keys (`<<: *defaults`) are applied, and so that YAML-only constructs are reported
//! with their path instead of being silently dropped: tags (`!foo`), NaN and infinities (JSON
//! has no such numbers), and mapping keys that are not scalars.

use rollgate::{LoadError, Problem, ProblemKind};
use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// Parses YAML text into the JSON model. Syntax errors are one `syntax` problem with the line
/// and column; YAML values that have no JSON equivalent are `invalid_value` problems at their
/// path (all of them, like the core does).
pub fn to_json(text: &str) -> Result<Value, LoadError> {
    let mut yaml: Yaml = serde_norway::from_str(text).map_err(syntax_error)?;
    yaml.apply_merge().map_err(syntax_error)?;
    let mut problems = Vec::new();
    let mut path = String::new();
    let json = convert(&yaml, &mut path, &mut problems);
    if problems.is_empty() {
        Ok(json)
    } else {
        Err(LoadError { problems })
    }
}

fn syntax_error(error: serde_norway::Error) -> LoadError {
    let mut message = format!("invalid YAML: {error}");
    // Most messages already end "at line L column C"; add the location when one does not.
    if let Some(location) = error.location() {
        if !message.contains("line ") {
            message.push_str(&format!(
                " (line {}, column {})",
                location.line(),
                location.column()
            ));
        }
    }
    LoadError::single("", ProblemKind::Syntax, message)
}

fn convert(yaml: &Yaml, path: &mut String, problems: &mut Vec<Problem>) -> Value {
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(Number::from_f64) {
                    Some(number) => Value::Number(number),
                    None => {
                        problem(path, problems, format!("{n} is not a JSON number"));
                        Value::Null
                    }
                }
            }
        }
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Sequence(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let mark = path.len();
                    path.push_str(&format!("[{i}]"));
                    let value = convert(item, path, problems);
                    path.truncate(mark);
                    value
                })
                .collect(),
        ),
        Yaml::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let Some(key) = key_text(key) else {
                    problem(
                        path,
                        problems,
                        "mapping keys must be strings, numbers or booleans".to_owned(),
                    );
                    continue;
                };
                let mark = path.len();
                push_key(path, &key);
                let value = convert(value, path, problems);
                path.truncate(mark);
                object.insert(key, value);
            }
            Value::Object(object)
        }
        Yaml::Tagged(tagged) => {
            problem(
                path,
                problems,
                format!("YAML tags are not supported (found {})", tagged.tag),
            );
            Value::Null
        }
    }
}

/// A scalar key as JSON object key text: `1: one` gives the key "1", as in other YAML → JSON tools.
fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Appends `.key` or `["key"]`, the same path notation the core uses in its problems.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$'));
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::from(key).to_string());
        path.push(']');
    }
}

fn problem(path: &str, problems: &mut Vec<Problem>, message: String) {
    problems.push(Problem {
        path: path.to_owned(),
        kind: ProblemKind::InvalidValue,
        message,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_keys_are_applied() {
        let text = "base: &b {type: boolean, default: 'off'}\nflag:\n  <<: *b\n  default: 'on'\n";
        assert_eq!(
            to_json(text).unwrap()["flag"],
            json!({"type": "boolean", "default": "on"})
        );
    }

    #[test]
    fn scalar_keys_become_strings_and_plain_scalars_keep_yaml_1_2_types() {
        let value = to_json("{1: one, true: t, on: off, n: 2.5, i: -3, s: '007'}").unwrap();
        assert_eq!(
            value,
            json!({"1": "one", "true": "t", "on": "off", "n": 2.5, "i": -3, "s": "007"})
        );
    }

    #[test]
    fn yaml_only_values_are_reported_with_their_path() {
        let error = to_json(
            "flags:\n  a:\n    rules:\n      - {value: .nan}\n      - !odd x\n  \"b c\": .inf\n",
        )
        .unwrap_err();
        let found: Vec<(&str, ProblemKind)> = error
            .problems
            .iter()
            .map(|p| (p.path.as_str(), p.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("flags.a.rules[0].value", ProblemKind::InvalidValue),
                ("flags.a.rules[1]", ProblemKind::InvalidValue),
                ("flags[\"b c\"]", ProblemKind::InvalidValue),
            ]
        );
        assert!(error.problems[1].message.contains("tags"));
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let error = to_json("a: [1,\nb: {").unwrap_err();
        assert_eq!(error.problems[0].kind, ProblemKind::Syntax);
        assert!(
            error.problems[0].message.contains("line "),
            "{}",
            error.problems[0].message
        );
        let error = to_json("a: 1\na: 2\n").unwrap_err();
        assert!(
            error.problems[0].message.contains("duplicate"),
            "{}",
            error.problems[0].message
        );
    }
}
