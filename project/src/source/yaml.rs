//! A YAML reader that builds the JSON model and records where each value starts.
//!
//! `yaml-rust2`'s event parser gives every node with its position. The nodes are assembled
//! into a tree (aliases share their anchor's node, so an alias-heavy document stays small
//! until it is converted), then converted into the JSON model in one walk that also writes the
//! source map. Scalars follow the YAML 1.2 core schema as `serde_yaml` and `serde_norway`
//! resolve them, so a file reads the same as it always did: `on`, `off`, `yes` and `no` are
//! strings, `007` is a string, `0x1F` is 31. Merge keys (`<<: *base`) apply, explicit keys
//! winning. What has no JSON equivalent is reported at its path: tags (`!foo`), NaN and the
//! infinities, keys that are not scalars, and duplicate keys.

use super::{Location, Origin, Parsed, Position, SourceMap};
use crate::path;
use crate::problem::Problems;
use rollgate::ProblemKind;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One YAML node with its position. Children are shared (`Rc`): an alias is its anchor's
/// node, not a copy.
#[derive(Debug)]
enum Node {
    Scalar {
        text: String,
        plain: bool,
        tag: Option<Tag>,
        at: Position,
    },
    Sequence {
        items: Vec<Rc<Node>>,
        tag: Option<Tag>,
        at: Position,
    },
    Mapping {
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        tag: Option<Tag>,
        at: Position,
    },
}

impl Node {
    fn at(&self) -> Position {
        match self {
            Node::Scalar { at, .. } | Node::Sequence { at, .. } | Node::Mapping { at, .. } => *at,
        }
    }
}

/// A collection being read: its anchor, and what it holds so far.
enum Open {
    Sequence {
        anchor: usize,
        tag: Option<Tag>,
        at: Position,
        items: Vec<Rc<Node>>,
    },
    Mapping {
        anchor: usize,
        tag: Option<Tag>,
        at: Position,
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        key: Option<Rc<Node>>,
    },
}

fn position(mark: &Marker) -> Position {
    Position {
        line: u32::try_from(mark.line()).unwrap_or(u32::MAX),
        column: u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
    }
}

/// How many values a document may expand to beyond one per byte of its text: a document
/// without aliases never comes close, while aliases of aliases ("a billion laughs") can
/// describe a tree far larger than any text.
const EXTRA_VALUES: usize = 1_000_000;

/// Parses YAML text into its JSON tree and source map, reporting every problem.
pub(super) fn parse(text: &str, file: &Arc<str>) -> Result<Parsed, Problems> {
    parse_within(text, file, text.len().saturating_add(EXTRA_VALUES))
}

/// [`parse`], producing at most `budget` values.
fn parse_within(text: &str, file: &Arc<str>, budget: usize) -> Result<Parsed, Problems> {
    let located = |p: Position| Location {
        file: file.to_string(),
        line: p.line,
        column: p.column,
    };
    let root = match tree(text) {
        Ok(root) => root,
        Err((at, message)) => {
            let mut problems = Problems::default();
            problems.add(Some(located(at)), "", ProblemKind::Syntax, message);
            return Err(problems);
        }
    };
    let mut converter = Converter {
        file: Arc::clone(file),
        map: SourceMap::default(),
        problems: Problems::default(),
        path: String::new(),
        budget,
        exhausted: false,
    };
    let value = match &root {
        Some(node) => converter.convert(node, None),
        None => {
            converter.record(None, Position { line: 1, column: 1 });
            Value::Null
        }
    };
    converter.problems.into_result(Parsed {
        value,
        map: converter.map,
    })
}

/// The document's node tree (`None` for a stream with no document), or the syntax error.
fn tree(text: &str) -> Result<Option<Rc<Node>>, (Position, String)> {
    let mut parser = Parser::new_from_str(text);
    let mut anchors: HashMap<usize, Rc<Node>> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Rc<Node>> = None;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| syntax_error(&e, text))?;
        let at = position(&mark);
        let (node, anchor) = match event {
            Event::StreamEnd => return Ok(root),
            Event::DocumentStart if root.is_some() => {
                return Err((
                    at,
                    format!(
                        "invalid YAML: a file holds one document, and another starts at line {} \
                         column {}",
                        at.line, at.column
                    ),
                ))
            }
            Event::SequenceStart(anchor, tag) => {
                stack.push(Open::Sequence {
                    anchor,
                    tag,
                    at,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                stack.push(Open::Mapping {
                    anchor,
                    tag,
                    at,
                    entries: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Sequence {
                    anchor,
                    tag,
                    at,
                    items,
                }) => (Rc::new(Node::Sequence { items, tag, at }), anchor),
                Some(Open::Mapping {
                    anchor,
                    tag,
                    at,
                    entries,
                    ..
                }) => (Rc::new(Node::Mapping { entries, tag, at }), anchor),
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => (
                Rc::new(Node::Scalar {
                    text,
                    plain: style == TScalarStyle::Plain,
                    tag,
                    at,
                }),
                anchor,
            ),
            Event::Alias(anchor) => match anchors.get(&anchor) {
                Some(node) => (Rc::clone(node), 0),
                None => {
                    return Err((
                        at,
                        format!(
                            "invalid YAML at line {} column {}: an alias refers to an anchor \
                             that encloses it (a recursive structure)",
                            at.line, at.column
                        ),
                    ))
                }
            },
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
        };
        if anchor != 0 {
            anchors.insert(anchor, Rc::clone(&node));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Sequence { items, .. }) => items.push(node),
            Some(Open::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

/// Converts the node tree into the JSON model, writing the source map and the problems.
struct Converter {
    file: Arc<str>,
    map: SourceMap,
    problems: Problems,
    /// The path of the value being converted.
    path: String,
    /// How many more values may be produced (see [`EXTRA_VALUES`]); past this, the rest is
    /// refused.
    budget: usize,
    /// Whether the budget ran out (reported once).
    exhausted: bool,
}

impl Converter {
    fn record(&mut self, key: Option<Position>, value: Position) {
        self.map.insert(
            self.path.clone(),
            Origin {
                file: Arc::clone(&self.file),
                key,
                value,
            },
        );
    }

    fn problem(&mut self, at: Position, kind: ProblemKind, message: String) {
        let location = Location {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
        };
        self.problems
            .add(Some(location), self.path.clone(), kind, message);
    }

    fn convert(&mut self, node: &Node, key: Option<Position>) -> Value {
        self.record(key, node.at());
        if self.budget == 0 {
            if !self.exhausted {
                self.exhausted = true;
                self.problem(
                    node.at(),
                    ProblemKind::LimitExceeded,
                    "aliases expand this document to more values than its text could hold; \
                     stopped here"
                        .to_owned(),
                );
            }
            return Value::Null;
        }
        self.budget -= 1;
        match node {
            Node::Scalar { tag: Some(tag), .. }
            | Node::Sequence { tag: Some(tag), .. }
            | Node::Mapping { tag: Some(tag), .. } => {
                self.problem(
                    node.at(),
                    ProblemKind::InvalidValue,
                    format!(
                        "YAML tags are not supported (found {}; if that is text, quote it)",
                        tag_text(tag)
                    ),
                );
                Value::Null
            }
            Node::Scalar {
                text, plain, at, ..
            } => {
                if !plain {
                    return Value::String(text.clone());
                }
                match resolve(text) {
                    Ok(value) => value,
                    Err(message) => {
                        self.problem(*at, ProblemKind::InvalidValue, message);
                        Value::Null
                    }
                }
            }
            Node::Sequence { items, .. } => {
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let mark = self.path.len();
                    path::push_index(&mut self.path, i);
                    list.push(self.convert(item, None));
                    self.path.truncate(mark);
                }
                Value::Array(list)
            }
            Node::Mapping { .. } => {
                let mut object = Map::new();
                self.members(node, &mut object, true);
                Value::Object(object)
            }
        }
    }

    /// Adds the members of mapping `node` to `object`: its own keys first, then those of the
    /// mappings it merges (`<<`), in order, each only where the key is still free. `explicit`
    /// is false for a merged mapping, whose keys never count as duplicates.
    fn members(&mut self, node: &Node, object: &mut Map<String, Value>, explicit: bool) {
        let Node::Mapping { entries, .. } = node else {
            return;
        };
        let mut merged = Vec::new();
        for (key, value) in entries {
            if is_merge_key(key) {
                merged.push(value);
                continue;
            }
            let Some(name) = self.key_text(key) else {
                continue;
            };
            if object.contains_key(&name) {
                if explicit {
                    let mark = self.path.len();
                    path::push_key(&mut self.path, &name);
                    self.problem(
                        key.at(),
                        ProblemKind::DuplicateKey,
                        format!("duplicate key {}", Value::from(name.as_str())),
                    );
                    self.path.truncate(mark);
                }
                continue;
            }
            let mark = self.path.len();
            path::push_key(&mut self.path, &name);
            let converted = self.convert(value, Some(key.at()));
            self.path.truncate(mark);
            object.insert(name, converted);
        }
        for source in merged {
            match &**source {
                Node::Mapping { tag: None, .. } => self.members(source, object, false),
                Node::Sequence {
                    items, tag: None, ..
                } if items
                    .iter()
                    .all(|i| matches!(&**i, Node::Mapping { tag: None, .. })) =>
                {
                    for item in items {
                        self.members(item, object, false);
                    }
                }
                other => {
                    let mark = self.path.len();
                    path::push_key(&mut self.path, "<<");
                    self.problem(
                        other.at(),
                        ProblemKind::InvalidValue,
                        "a merge key (<<) takes a mapping or a list of mappings".to_owned(),
                    );
                    self.path.truncate(mark);
                }
            }
        }
    }

    /// A scalar key as JSON object key text (`1: one` gives "1", as other YAML → JSON tools
    /// do); a problem for keys that are not scalars or are null.
    fn key_text(&mut self, key: &Node) -> Option<String> {
        if let Node::Scalar {
            text,
            plain,
            tag: None,
            ..
        } = key
        {
            if !plain {
                return Some(text.clone());
            }
            match resolve(text) {
                Ok(Value::String(s)) => return Some(s),
                Ok(Value::Bool(b)) => return Some(b.to_string()),
                Ok(Value::Number(n)) => return Some(n.to_string()),
                _ => {}
            }
        }
        self.problem(
            key.at(),
            ProblemKind::InvalidValue,
            "mapping keys must be strings, numbers or booleans".to_owned(),
        );
        None
    }
}

fn is_merge_key(node: &Node) -> bool {
    matches!(node, Node::Scalar { text, plain: true, tag: None, .. } if text == "<<")
}

fn tag_text(tag: &Tag) -> String {
    match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}

/// A plain scalar's value under the YAML 1.2 core schema, as `serde_norway` resolves it.
fn resolve(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    if let Some(int) = integer(text) {
        return int;
    }
    if !digits_but_not_number(text) {
        if let Some(float) = float(text) {
            return match Number::from_f64(float) {
                Some(number) => Ok(Value::Number(number)),
                None => Err(format!("{text} is not a JSON number")),
            };
        }
    }
    Ok(Value::String(text.to_owned()))
}

/// An integer in decimal, `0x`, `0o` or `0b` (with an optional sign); `None` when the text is
/// not one. Integers beyond 64 bits are refused rather than rounded.
fn integer(text: &str) -> Option<Result<Value, String>> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if unsigned.starts_with(['+', '-']) {
        return None;
    }
    let (radix, digits) = if let Some(rest) = unsigned.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0b") {
        (2, rest)
    } else {
        if digits_but_not_number(unsigned) {
            return None;
        }
        (10, unsigned)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        i64::try_from(magnitude)
            .ok()
            .map(|m| Value::from(-m))
            .or_else(|| (magnitude == 1 << 63).then(|| Value::from(i64::MIN)))
    } else {
        u64::try_from(magnitude).ok().map(Value::from)
    };
    Some(value.ok_or_else(|| format!("the integer {text} does not fit in 64 bits")))
}

/// A float as `serde_norway` reads one: `.inf`/`.nan` forms, else Rust's `f64` syntax for
/// finite numbers (so `nan` or `infinity` written out are strings).
fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (unsigned, text) {
        (".inf" | ".Inf" | ".INF", _) => return Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => return Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros followed by digits (`007`) are a string in YAML 1.2.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The syntax error as a message with its position, and that position.
fn syntax_error(error: &yaml_rust2::ScanError, text: &str) -> (Position, String) {
    let at = position(error.marker());
    if let Some((start, message)) = unquoted_indicator(text, at) {
        return (start, message);
    }
    (
        at,
        format!(
            "invalid YAML: {} at line {} column {}",
            error.info(),
            at.line,
            at.column
        ),
    )
}

/// When a syntax error comes from a plain (unquoted) value that starts with a YAML indicator,
/// says that the value must be quoted: `range: >=2.3.0` is the classic case, where YAML reads
/// `>` as the start of a folded block and the parser's own message says nothing of quotes. The
/// value is the last one that starts on the error's line at or before the error's column.
fn unquoted_indicator(text: &str, at: Position) -> Option<(Position, String)> {
    let line_number = usize::try_from(at.line).ok()?;
    let line: Vec<char> = text
        .lines()
        .nth(line_number.checked_sub(1)?)?
        .chars()
        .collect();
    let error_column = usize::try_from(at.column).ok()?.saturating_sub(1);
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
    let column = u32::try_from(start + 1).ok()?;
    Some((
        Position {
            line: at.line,
            column,
        },
        format!(
            "invalid YAML at line {} column {column}: the value {value} must be quoted, as {}: \
             unquoted, a YAML value starting with {indicator:?} {meaning}",
            at.line,
            Value::from(value.as_str()),
        ),
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
    let before = line.get(..start).unwrap_or_default();
    let in_flow = before.iter().any(|c| matches!(c, '[' | '{'));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn to_json(text: &str) -> Result<Value, Problems> {
        parse(text, &Arc::from("t.yaml")).map(|p| p.value)
    }

    #[test]
    fn merge_keys_are_applied_and_explicit_keys_win() {
        let text = "base: &b {type: boolean, default: 'off'}\nflag:\n  <<: *b\n  default: 'on'\n";
        assert_eq!(
            to_json(text).unwrap()["flag"],
            json!({"type": "boolean", "default": "on"})
        );
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n";
        assert_eq!(to_json(text).unwrap()["c"], json!({"x": 1, "y": 1, "z": 2}));
        let problems = to_json("a:\n  <<: 3\n").unwrap_err();
        assert_eq!(problems.list[0].path, "a[\"<<\"]");
    }

    /// A merged mapping that merges another brings that one's keys too. (serde_norway leaves
    /// the inner `<<` as a key there, which no ruleset field could use.)
    #[test]
    fn merges_of_merges_apply() {
        let text = "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n";
        assert_eq!(to_json(text).unwrap()["c"], json!({"x": 1, "y": 2, "z": 3}));
    }

    #[test]
    fn merged_values_point_at_their_anchor() {
        let text = "base: &b\n  type: boolean\nflag:\n  <<: *b\n  default: 'on'\n";
        let parsed = parse(text, &Arc::from("t.yaml")).unwrap();
        assert_eq!(parsed.map.locate("flag.type").unwrap().line, 2);
        assert_eq!(parsed.map.locate("flag.default").unwrap().line, 5);
    }

    #[test]
    fn scalar_keys_become_strings_and_plain_scalars_keep_yaml_1_2_types() {
        let value = to_json("{1: one, true: t, on: off, n: 2.5, i: -3, s: '007'}").unwrap();
        assert_eq!(
            value,
            json!({"1": "one", "true": "t", "on": "off", "n": 2.5, "i": -3, "s": "007"})
        );
    }

    /// The scalar resolution agrees with serde_norway's, the YAML reader the CLI used before.
    #[test]
    fn scalars_resolve_as_serde_norway_resolves_them() {
        let scalars = [
            "~",
            "null",
            "Null",
            "NULL",
            "",
            "true",
            "True",
            "TRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "0",
            "-0",
            "+5",
            "007",
            "-007",
            "0x1F",
            "0o17",
            "0b101",
            "-0x10",
            "0x",
            "1_000",
            "1.5",
            "-2.5e3",
            "1e5",
            ".5",
            "5.",
            "+.5",
            "nan",
            "inf",
            "infinity",
            "1.0",
            "2.3.0",
            "18446744073709551615",
            "-9223372036854775808",
            "9223372036854775807",
            "1e308",
            "0.1",
            "12:30",
            "2026-12-01",
            "0o",
            "++1",
            "+-1",
            "abc",
            "0.0",
            "-0.0",
            "1E3",
            "0xFF",
            "0X1F",
        ];
        for scalar in scalars {
            let text = format!("v: {scalar}\n");
            let expected: serde_norway::Value = serde_norway::from_str(&text).unwrap();
            let expected: Value = serde_json::to_value(&expected["v"]).unwrap_or(Value::Null);
            assert_eq!(to_json(&text).unwrap()["v"], expected, "{scalar:?}");
        }
    }

    /// Every YAML file of the repository's examples, and documents with merge keys, read as
    /// serde_norway reads them (merge keys applied).
    #[test]
    fn the_example_files_read_as_serde_norway_reads_them() {
        fn yaml_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    yaml_files(&path, found);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    found.push(path);
                }
            }
        }
        let mut files = Vec::new();
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        yaml_files(&examples, &mut files);
        assert!(files.len() >= 10, "{files:?}");
        let mut documents: Vec<(String, String)> = files
            .iter()
            .map(|f| (f.display().to_string(), std::fs::read_to_string(f).unwrap()))
            .collect();
        // Merge keys: precedence of explicit keys and of earlier merged mappings, nesting.
        for text in [
            "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {<<: [*a, *b], x: 0}\n",
            "base: &base\n  rules: [{id: r, serve: 'on'}]\nf:\n  <<: *base\n  default: 'off'\n",
            "l: &l [1, 2]\nm: {k: *l}\n",
        ] {
            documents.push((text.to_owned(), text.to_owned()));
        }
        for (name, text) in documents {
            let mut expected: serde_norway::Value = serde_norway::from_str(&text).unwrap();
            expected.apply_merge().unwrap();
            let expected = serde_json::to_value(&expected).unwrap();
            assert_eq!(to_json(&text).unwrap(), expected, "{name}");
        }
    }

    #[test]
    fn yaml_only_values_are_reported_with_their_path() {
        let problems = to_json(
            "flags:\n  a:\n    rules:\n      - {value: .nan}\n      - !odd x\n  \"b c\": .inf\n",
        )
        .unwrap_err();
        let found: Vec<String> = problems.list.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "t.yaml:4:17: flags.a.rules[0].value: .nan is not a JSON number [invalid_value]",
                "t.yaml:5:14: flags.a.rules[1]: YAML tags are not supported (found !odd; if that \
                 is text, quote it) [invalid_value]",
                "t.yaml:6:10: flags[\"b c\"]: .inf is not a JSON number [invalid_value]",
            ]
        );
    }

    fn message(text: &str) -> String {
        let problems = to_json(text).unwrap_err();
        assert_eq!(problems.list.len(), 1);
        assert_eq!(problems.list[0].kind, ProblemKind::Syntax.into());
        problems.list[0].message.clone()
    }

    #[test]
    fn an_unquoted_range_must_be_quoted() {
        assert_eq!(
            message("when:\n  op: semver\n  range: >=2.3.0\n"),
            "invalid YAML at line 3 column 10: the value >=2.3.0 must be quoted, as \">=2.3.0\": \
             unquoted, a YAML value starting with '>' begins a folded block"
        );
        // After a comment, and in a list.
        // In a flow mapping the parser reads it as the text it is.
        assert_eq!(
            to_json("when: {op: semver, range: >2 <3}\n").unwrap()["when"]["range"],
            ">2 <3"
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
    fn other_syntax_errors_keep_the_parser_message_and_position() {
        let problems = to_json("schema: 1\nflags:\n  a: [1, 2\n").unwrap_err();
        let problem = &problems.list[0];
        assert!(
            problem.message.starts_with("invalid YAML: "),
            "{}",
            problem.message
        );
        let location = problem.location.as_ref().unwrap();
        assert!(
            problem.message.ends_with(&format!(
                "at line {} column {}",
                location.line, location.column
            )),
            "{}",
            problem.message
        );
        // A tag parses; the problem then says that text would need quotes.
        let problems = to_json("range: !=2.3.0\n").unwrap_err();
        assert_eq!(
            problems.list[0].message,
            "YAML tags are not supported (found !=2.3.0; if that is text, quote it)"
        );
        assert!(message("a: 1\n---\nb: 2\n").contains("one document"));
    }

    #[test]
    fn duplicate_keys_are_reported_where_they_repeat() {
        let problems = to_json("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            problems.list[0].to_string(),
            "t.yaml:3:1: a: duplicate key \"a\" [duplicate_key]"
        );
    }

    #[test]
    fn aliases_that_expand_past_the_budget_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..4 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        // 12,345 values: 1 + 11 + 111 + 1,111 + 11,111.
        let file = Arc::from("t.yaml");
        let parsed = parse_within(&text, &file, 12_345).unwrap();
        assert_eq!(parsed.value["a3"][9][9][9][9], "x");
        let problems = parse_within(&text, &file, 12_344).unwrap_err();
        assert_eq!(problems.list.len(), 1);
        assert_eq!(problems.list[0].kind, ProblemKind::LimitExceeded.into());
    }

    #[test]
    fn starts_and_values() {
        let line: Vec<char> = "  - a: b-c {d: [e,f]} #g".chars().collect();
        let starts: Vec<usize> = (0..line.len())
            .filter(|&i| starts_value(&line, i))
            .collect();
        assert_eq!(starts, [2, 4, 7, 12, 15, 16, 18]);
        assert_eq!(value_text(&line, 7), "b-c {d: [e,f]}");
        assert_eq!(value_text(&line, 16), "e");
        assert_eq!(value_text(&line, 18), "f");
    }

    #[test]
    fn an_empty_file_is_null() {
        assert_eq!(to_json("").unwrap(), Value::Null);
        assert_eq!(to_json("# nothing\n").unwrap(), Value::Null);
    }
}
