//! A JSON reader that records where each value starts.
//!
//! The grammar is RFC 8259's, with the core's nesting limit. Strings and numbers are decoded
//! by `serde_json` from their exact text, so the tree equals what `serde_json::from_str` gives;
//! this reader only adds positions, and reports duplicate keys (the core refuses them, and a
//! `serde_json::Value` would silently keep the last one).

use super::{LineIndex, Origin, Parsed, Position, SourceMap};
use crate::path;
use crate::problem::Problems;
use rollgate::limits::MAX_JSON_DEPTH;
use rollgate::ProblemKind;
use serde_json::{Map, Number, Value};
use std::sync::Arc;

/// A syntax error: where, and what was expected.
struct Syntax {
    offset: usize,
    message: String,
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
    lines: LineIndex<'t>,
    file: Arc<str>,
    map: SourceMap,
    problems: Problems,
    /// The path of the value being read.
    path: String,
}

/// Parses JSON text into its tree and source map; all duplicate keys and bad numbers are
/// reported, and the first syntax error (after which nothing can be read).
pub(super) fn parse(text: &str, file: &Arc<str>) -> Result<Parsed, Problems> {
    let mut reader = Reader {
        text,
        at: 0,
        lines: LineIndex::new(text),
        file: Arc::clone(file),
        map: SourceMap::default(),
        problems: Problems::default(),
        path: String::new(),
    };
    let value = reader.document();
    match value {
        Err(syntax) => {
            let location = reader.location(reader.lines.position(syntax.offset));
            let mut problems = reader.problems;
            problems.add(
                Some(location),
                "",
                ProblemKind::Syntax,
                format!("invalid JSON: {}", syntax.message),
            );
            Err(problems)
        }
        Ok(value) => reader.problems.into_result(Parsed {
            value,
            map: reader.map,
        }),
    }
}

impl<'t> Reader<'t> {
    fn document(&mut self) -> Result<Value, Syntax> {
        self.skip_space();
        let value = self.value(0, None)?;
        self.skip_space();
        if self.at < self.text.len() {
            return Err(self.error("unexpected text after the JSON value"));
        }
        Ok(value)
    }

    fn location(&self, position: Position) -> crate::source::Location {
        crate::source::Location {
            file: self.file.to_string(),
            line: position.line,
            column: position.column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn error(&self, message: &str) -> Syntax {
        let found = match self
            .text
            .get(self.at..)
            .and_then(|rest| rest.chars().next())
        {
            None => "the end of the text".to_owned(),
            Some(c) => format!("{c:?}"),
        };
        Syntax {
            offset: self.at,
            message: format!("{message}, found {found}"),
        }
    }

    /// Reads the value at the current position, recording its origin at [`Self::path`].
    fn value(&mut self, depth: usize, key: Option<Position>) -> Result<Value, Syntax> {
        let start = self.at;
        let origin = Origin {
            file: Arc::clone(&self.file),
            key,
            value: self.lines.position(start),
        };
        self.map.insert(self.path.clone(), origin);
        match self.peek() {
            Some(b'{') | Some(b'[') if depth >= MAX_JSON_DEPTH => Err(Syntax {
                offset: start,
                message: format!("nesting deeper than {MAX_JSON_DEPTH} levels"),
            }),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self
                        .text
                        .get(self.at..)
                        .is_some_and(|r| r.starts_with(word))
                    {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Syntax> {
        self.at += 1;
        let mut object = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(object));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key (a string in double quotes)"));
            }
            let key_position = self.lines.position(self.at);
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after the key"));
            }
            self.at += 1;
            self.skip_space();
            let mark = self.path.len();
            path::push_key(&mut self.path, &key);
            let value = self.value(depth + 1, Some(key_position))?;
            if object.contains_key(&key) {
                let location = self.location(key_position);
                self.problems.add(
                    Some(location),
                    self.path.clone(),
                    ProblemKind::DuplicateKey,
                    format!("duplicate key {}", Value::from(key.as_str())),
                );
            }
            self.path.truncate(mark);
            object.insert(key, value);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(object));
                }
                _ => return Err(self.error("expected ',' or '}' after an object member")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Syntax> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            let mark = self.path.len();
            path::push_index(&mut self.path, items.len());
            let item = self.value(depth + 1, None)?;
            self.path.truncate(mark);
            items.push(item);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' after an array item")),
            }
        }
    }

    /// A string token, decoded. Raw text without escapes is taken as is; with escapes,
    /// `serde_json` decodes it (the same rules as everywhere else: no lone surrogates).
    fn string(&mut self) -> Result<String, Syntax> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => {
                    return Err(Syntax {
                        offset: start,
                        message: "a string is not closed (no ending '\"')".to_owned(),
                    })
                }
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.at += 2;
                }
                Some(0..=0x1f) => {
                    return Err(self.error("a control character must be escaped in a string"))
                }
                Some(_) => self.at += 1,
            }
        }
        self.at += 1;
        let raw = self.text.get(start..self.at).unwrap_or_default();
        if !escaped {
            return Ok(raw.get(1..raw.len() - 1).unwrap_or_default().to_owned());
        }
        serde_json::from_str::<String>(raw).map_err(|e| Syntax {
            offset: start,
            message: format!("invalid string escape ({e})"),
        })
    }

    /// A number token per the JSON grammar, converted by `serde_json`.
    fn number(&mut self) -> Result<Value, Syntax> {
        let start = self.at;
        let digits = |reader: &mut Reader<'_>| {
            let from = reader.at;
            while reader.peek().is_some_and(|b| b.is_ascii_digit()) {
                reader.at += 1;
            }
            reader.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        if !digits(self) {
            return Err(self.error("expected digits in a number"));
        }
        if self.at - int_start > 1 && self.text.as_bytes().get(int_start) == Some(&b'0') {
            return Err(Syntax {
                offset: int_start,
                message: "a number cannot start with 0 followed by digits".to_owned(),
            });
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected digits after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let token = self.text.get(start..self.at).unwrap_or_default();
        match token.parse::<Number>() {
            Ok(number) => Ok(Value::Number(number)),
            Err(_) => {
                let location = self.location(self.lines.position(start));
                self.problems.add(
                    Some(location),
                    self.path.clone(),
                    ProblemKind::InvalidValue,
                    format!("the number {token} is out of the range of a double"),
                );
                Ok(Value::Null)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Parsed, Problems> {
        parse(text, &Arc::from("t.json"))
    }

    #[test]
    fn the_tree_equals_serde_json() {
        for text in [
            r#"{"a": [1, -2.5e3, 1e-7, 18446744073709551615, -9223372036854775808, 0.1], "b": {"c": null, "d": true, "e": false}}"#,
            r#"["\u00e9\n\"\\", "plain", "😀", "\ud83d\ude00", 12345678901234567890, 3.0]"#,
            "  {\"x\" :{ } ,\"y\":[ ]}\n",
            "17",
        ] {
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(read(text).unwrap().value, expected, "{text}");
        }
    }

    #[test]
    fn every_value_has_its_position() {
        let parsed = read("{\n  \"a\": [1,\n    {\"b\": \"é\", \"c\": 2}]\n}").unwrap();
        let at = |path: &str| {
            let l = parsed.map.locate(path).unwrap();
            (l.line, l.column)
        };
        assert_eq!(at(""), (1, 1));
        assert_eq!(at("a"), (2, 8));
        assert_eq!(at("a[0]"), (2, 9));
        assert_eq!(at("a[1]"), (3, 5));
        assert_eq!(at("a[1].b"), (3, 11));
        // Columns count characters: "é" is one.
        assert_eq!(at("a[1].c"), (3, 21));
        let key = parsed.map.locate_key("a[1].c").unwrap();
        assert_eq!((key.line, key.column), (3, 16));
    }

    #[test]
    fn syntax_errors_are_located() {
        let cases = [
            ("{\"a\": tru }", 1, 7, "expected a value, found 't'"),
            ("{\"a\": 1,\n}", 2, 1, "expected a key"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("{\"a\": \"x", 1, 7, "a string is not closed"),
            ("01", 1, 1, "cannot start with 0"),
            ("{} x", 1, 4, "unexpected text after the JSON value"),
            ("", 1, 1, "expected a value, found the end of the text"),
            ("[\"\\q\"]", 1, 2, "invalid string escape"),
        ];
        for (text, line, column, message) in cases {
            let problems = read(text).unwrap_err();
            let problem = &problems.list[0];
            let location = problem.location.as_ref().unwrap();
            assert_eq!((location.line, location.column), (line, column), "{text}");
            assert!(
                problem.message.contains(message),
                "{text}: {}",
                problem.message
            );
            assert_eq!(problem.kind, ProblemKind::Syntax.into());
        }
        let deep = "[".repeat(MAX_JSON_DEPTH + 1);
        assert!(read(&deep).unwrap_err().list[0].message.contains("nesting"));
    }

    #[test]
    fn every_duplicate_key_is_reported_at_its_second_occurrence() {
        let problems = read("{\"a\": 1, \"b\": {\"c\": 1,\n \"c\": 2}, \"a\": 3}").unwrap_err();
        let found: Vec<String> = problems.list.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "t.json:2:2: b.c: duplicate key \"c\" [duplicate_key]",
                "t.json:2:11: a: duplicate key \"a\" [duplicate_key]"
            ]
        );
    }
}
