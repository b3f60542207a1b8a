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
    let mut yaml: Yaml = serde_norway::from_str(text).map_err(|e| syntax_error(e, text))?;
    yaml.apply_merge().map_err(|e| syntax_error(e, text))?;
    let mut problems = Vec::new();
    let mut path = String::new();
    let json = convert(&yaml, &mut path, &mut problems);
    if problems.is_empty() {
        Ok(json)
    } else {
        Err(LoadError { problems })
    }
}

fn syntax_error(error: serde_norway::Error, text: &str) -> LoadError {
    if let Some(message) = error
        .location()
        .and_then(|at| unquoted_indicator(text, &at))
    {
        return LoadError::single("", ProblemKind::Syntax, message);
    }
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

/// When a syntax error comes from a plain (unquoted) value that starts with a YAML indicator,
/// says that the value must be quoted: `range: >=2.3.0` is the classic case, where YAML reads
/// `>` as the start of a folded block and its own message says nothing of quotes. The value is
/// the last one that starts on the error's line at or before the error's column.
fn unquoted_indicator(text: &str, at: &serde_norway::Location) -> Option<String> {
    let line: Vec<char> = text
        .lines()
        .nth(at.line().checked_sub(1)?)?
        .chars()
        .collect();
    let error_column = at.column().saturating_sub(1);
    let start = (0..line.len().min(error_column + 1))
        .rev()
        .find(|&i| starts_value(&line, i))?;
    let indicator = *line.get(start)?;
    let meaning = match indicator {
        '>' => "begins a folded block",
        '|' => "begins a literal block",
        '*' => "is an alias (a reference to an anchor)",
        '&' => "is an anchor",
        '!' => "is a tag",
        '%' => "is a directive",
        '@' | '`' => "is reserved",
        _ => return None,
    };
    let value = value_text(&line, start);
    Some(format!(
        "invalid YAML at line {} column {}: the value {value} must be quoted, as {}: unquoted, \
         a YAML value starting with {indicator:?} {meaning}",
        at.line(),
        start + 1,
        Value::from(value.as_str()),
    ))
}

/// Whether a value (or key) starts at `i`: the first character of the line after its
/// indentation, or after `key: `, `- `, `? `, or the flow indicators `[`, `{` and `,`.
fn starts_value(line: &[char], i: usize) -> bool {
    if !line.get(i).is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let before = line.get(..i).unwrap_or_default();
    let gap = before
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    match before
        .len()
        .checked_sub(gap + 1)
        .and_then(|j| before.get(j))
    {
        None => true,
        Some('[' | '{' | ',') => true,
        Some(':' | '-' | '?') => gap > 0,
        Some(_) => false,
    }
}

/// The plain value starting at `start`: up to a comment, and in a flow collection up to the
/// next `,`, `]` or `}`.
fn value_text(line: &[char], start: usize) -> String {
    let in_flow = line
        .get(..start)
        .unwrap_or_default()
        .iter()
        .any(|c| matches!(c, '[' | '{'));
    let mut value = String::new();
    let mut previous = ' ';
    for &c in line.get(start..).unwrap_or_default() {
        if (c == '#' && previous.is_whitespace()) || (in_flow && matches!(c, ',' | ']' | '}')) {
            break;
        }
        value.push(c);
        previous = c;
    }
    value.trim_end().to_owned()
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
                format!(
                    "YAML tags are not supported (found {}; if that is text, quote it)",
                    tagged.tag
                ),
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

    fn message(text: &str) -> String {
        let error = to_json(text).unwrap_err();
        assert_eq!(error.problems.len(), 1);
        assert_eq!(error.problems[0].kind, ProblemKind::Syntax);
        error.problems[0].message.clone()
    }

    #[test]
    fn an_unquoted_range_must_be_quoted() {
        assert_eq!(
            message("when:\n  op: semver\n  range: >=2.3.0\n"),
            "invalid YAML at line 3 column 10: the value >=2.3.0 must be quoted, as \">=2.3.0\": \
             unquoted, a YAML value starting with '>' begins a folded block"
        );
        // In a flow mapping, after a comment, and in a list.
        assert!(
            message("when: {op: semver, range: >2 <3, x: 1}\n").starts_with(
                "invalid YAML at line 1 column 27: the value >2 <3 must be quoted, as \">2 <3\""
            )
        );
        assert!(message("range: |1 || 2  # old apps\n").starts_with(
            "invalid YAML at line 1 column 8: the value |1 || 2 must be quoted, as \"|1 || 2\""
        ));
        assert!(message("values:\n  - ios\n  - `web`\n")
            .starts_with("invalid YAML at line 3 column 5: the value `web` must be quoted"));
        assert!(message("a: *nothing\n").contains("'*' is an alias"));
        assert!(message("a: %x\n").contains("'%' is a directive"));
        assert!(message("a: @x\n").contains("'@' is reserved"));
    }

    #[test]
    fn other_syntax_errors_keep_the_parser_message() {
        let text = "a: [1,\nb: {";
        assert!(
            message(text).starts_with("invalid YAML: "),
            "{}",
            message(text)
        );
        // A tag parses; the problem then says that text would need quotes.
        let error = to_json("range: !=2.3.0\n").unwrap_err();
        assert_eq!(
            error.problems[0].message,
            "YAML tags are not supported (found !=2.3.0; if that is text, quote it)"
        );
    }

    #[test]
    fn values_start_after_indentation_keys_dashes_and_flow_indicators() {
        let line: Vec<char> = "  - a: b-c {d: [e,f]} #g".chars().collect();
        let starts: Vec<usize> = (0..line.len())
            .filter(|&i| starts_value(&line, i))
            .collect();
        // "-", "a", "b-c" (its "-" has no space after it), "d", "[e", "e", "f"; not "{", which
        // follows "c" inside the plain value, nor the comment.
        assert_eq!(starts, [2, 4, 7, 12, 15, 16, 18]);
        assert_eq!(value_text(&line, 7), "b-c {d: [e,f]}");
        assert_eq!(value_text(&line, 16), "e");
        assert_eq!(value_text(&line, 18), "f");
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
