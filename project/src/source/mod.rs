//! Reading JSON and YAML files into a JSON tree and its [`SourceMap`], in one pass.
//!
//! Both readers produce the same model (a `serde_json::Value`, which the core compiles with
//! `Ruleset::from_value`) and record where each value was written, so that every problem can
//! be reported as `file:line:column`. Problems of the text itself (syntax, duplicate keys,
//! YAML values with no JSON equivalent) are all reported at once, each at its position.

mod json;
mod map;
mod yaml;

pub(crate) use map::Origin;
pub use map::{Location, Position, SourceMap};

use crate::problem::Problems;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// The syntax of a file, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON (RFC 8259): anything not named `.yaml` or `.yml`.
    Json,
    /// YAML 1.2 (`.yaml`, `.yml`), read as the JSON model: `on`/`off`/`yes`/`no` stay strings,
    /// merge keys (`<<: *base`) apply, tags and non-finite numbers are refused.
    Yaml,
}

impl Format {
    /// YAML for `.yaml`/`.yml` (any case), JSON otherwise.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ => Format::Json,
        }
    }
}

/// A parsed file: the JSON tree and where each of its values was written.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The document as the core's JSON model.
    pub value: Value,
    /// The origin of every value of [`Parsed::value`].
    pub map: SourceMap,
}

/// Parses `text` as `format`; `file` is the name problems and the map report (as the user
/// named the file). Every problem of the text is returned, each with its location.
pub fn parse(text: &str, format: Format, file: &str) -> Result<Parsed, Problems> {
    let file: Arc<str> = Arc::from(file);
    match format {
        Format::Json => json::parse(text, &file),
        Format::Yaml => yaml::parse(text, &file),
    }
}

/// Converts byte offsets of a text into lines and character columns.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    /// The byte offset at which each line starts.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_characters() {
        let index = LineIndex::new("ab\néé: x\n\nz");
        let at = |o| {
            let p = index.position(o);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (2, 1));
        // "éé" is 4 bytes and 2 characters.
        assert_eq!(at(7), (2, 3));
        assert_eq!(at(11), (3, 1));
        assert_eq!(at(12), (4, 1));
        assert_eq!(at(99), (4, 2));
    }

    #[test]
    fn yaml_and_json_give_the_same_tree_and_locate_the_same_paths() {
        let json = "{\n  \"flags\": {\n    \"a\": {\"default\": \"off\", \"rules\": [{\"serve\": \"on\"}]}\n  }\n}\n";
        let yaml = "flags:\n  a:\n    default: 'off'\n    rules:\n      - serve: 'on'\n";
        let from_json = parse(json, Format::Json, "a.json").unwrap();
        let from_yaml = parse(yaml, Format::Yaml, "a.yaml").unwrap();
        assert_eq!(from_json.value, from_yaml.value);
        let at = |p: &Parsed, path: &str| p.map.locate(path).map(|l| (l.line, l.column));
        assert_eq!(at(&from_json, "flags.a.rules[0].serve"), Some((3, 49)));
        assert_eq!(at(&from_yaml, "flags.a.rules[0].serve"), Some((5, 16)));
        assert_eq!(
            from_yaml
                .map
                .locate_key("flags.a.default")
                .unwrap()
                .to_string(),
            "a.yaml:3:5"
        );
        assert_eq!(from_json.map.len(), from_yaml.map.len());
    }
}
