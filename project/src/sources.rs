//! Flag sources: files (JSON or YAML) holding flags and segments, merged into one tree.

use crate::check::{Checker, FirstSeen};
use crate::config::NamedPath;
use crate::files::{source_files, too_large, Files};
use crate::path;
use crate::problem::{Kind, Problems};
use crate::source::{self, Format, Location, SourceMap};
use rollgate::ProblemKind;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The fields of a flag source file.
pub const SOURCE_FIELDS: [&str; 2] = ["flags", "segments"];

/// The field that marks a flag as server-only in the sources (`serverOnly: true`). Client
/// builds leave such flags out; the core never sees the field.
pub const SERVER_ONLY: &str = "serverOnly";

/// Flags and segments merged from one or more source files, with where each was written.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    /// Flag key → flag, as the core reads it (without [`SERVER_ONLY`]).
    pub(crate) flags: Map<String, Value>,
    /// Segment name → condition.
    pub(crate) segments: Map<String, Value>,
    /// The keys of the flags marked server-only.
    pub(crate) server_only: BTreeSet<String>,
    /// Origins, by paths in the built ruleset (`flags.checkout.rules[0]`).
    pub(crate) map: SourceMap,
}

/// The text of a project file; a file over the size limit of a ruleset (which every project
/// file is held to) is a `limit_exceeded` problem located in it, refused unread by
/// [`Files::read`].
pub(crate) fn read_text(
    files: &dyn Files,
    path: &str,
    problems: &mut Problems,
    named_at: Option<Location>,
) -> Option<String> {
    let file = files.display(path);
    match files.read(path) {
        Ok(text) => Some(text),
        Err(e) => {
            match too_large(&e) {
                Some(refused) => problems.add(
                    Some(Location {
                        file,
                        line: 1,
                        column: 1,
                    }),
                    "",
                    ProblemKind::LimitExceeded,
                    refused.describe("the file"),
                ),
                None => problems.add(
                    named_at,
                    "",
                    Kind::Unreadable,
                    format!("{file}: {}", crate::files::describe_error(&e)),
                ),
            }
            None
        }
    }
}

/// The files named by `paths` (each a file, or a directory of them), every one parsed; the
/// problems of each are recorded. `config_map` locates the names in the project file.
pub(crate) fn parse_files(
    files: &dyn Files,
    paths: &[NamedPath],
    config_map: &SourceMap,
    problems: &mut Problems,
) -> Vec<source::Parsed> {
    let mut parsed = Vec::new();
    for named in paths {
        let at = config_map.locate(&named.named_at);
        let list = match source_files(files, &named.path) {
            Ok(list) => list,
            Err(e) => {
                problems.add(
                    at,
                    &named.named_at,
                    Kind::Unreadable,
                    format!(
                        "{}: {}",
                        files.display(&named.path),
                        crate::files::describe_error(&e)
                    ),
                );
                continue;
            }
        };
        if list.is_empty() {
            problems.add(
                at.clone(),
                &named.named_at,
                Kind::Unreadable,
                format!(
                    "{}: no .json, .yaml or .yml file in this directory",
                    files.display(&named.path)
                ),
            );
        }
        for file in list {
            let Some(text) = read_text(files, &file, problems, at.clone()) else {
                continue;
            };
            let format = Format::of_path(std::path::Path::new(&file));
            match source::parse(&text, format, &files.display(&file)) {
                Ok(one) => parsed.push(one),
                Err(found) => problems.extend(found),
            }
        }
    }
    parsed
}

/// Merges parsed flag source files into one tree. A flag or segment defined in two files is
/// a problem naming both; the server-only marker is checked and taken off each flag.
pub(crate) fn merge(parsed: Vec<source::Parsed>, problems: &mut Problems) -> Tree {
    let mut tree = Tree::default();
    let mut defined = FirstSeen::default();
    for file in parsed {
        let mut c = Checker {
            map: &file.map,
            problems,
        };
        let Some(top) = c.object(&file.value, "") else {
            continue;
        };
        c.known_fields(top, "", &SOURCE_FIELDS);
        for (section, is_flags) in [("flags", true), ("segments", false)] {
            let Some(entries) = top.get(section) else {
                continue;
            };
            let Some(entries) = c.object(entries, section) else {
                continue;
            };
            for (key, value) in entries {
                let at = path::key(section, key);
                let what = if is_flags { "flag" } else { "segment" };
                if !defined.first(&mut c, &at, &format!("{what} {key:?} is defined twice")) {
                    continue;
                }
                let mut value = value.clone();
                if is_flags {
                    if let Some(flag) = value.as_object_mut() {
                        if let Some(marker) = flag.remove(SERVER_ONLY) {
                            match marker {
                                Value::Bool(true) => {
                                    tree.server_only.insert(key.clone());
                                }
                                Value::Bool(false) => {}
                                other => c.problem(
                                    &path::key(&at, SERVER_ONLY),
                                    ProblemKind::InvalidType,
                                    format!(
                                        "expected a boolean, found {}",
                                        crate::check::type_name(&other)
                                    ),
                                ),
                            }
                        }
                    }
                    tree.flags.insert(key.clone(), value);
                } else {
                    tree.segments.insert(key.clone(), value);
                }
            }
        }
        tree.map.extend(file.map);
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(name: &str, text: &str) -> source::Parsed {
        source::parse(text, Format::Yaml, name).unwrap()
    }

    #[test]
    fn files_merge_and_keep_their_origins() {
        let mut problems = Problems::default();
        let tree = merge(
            vec![
                parsed("a.yaml", "flags:\n  a: {type: boolean, serverOnly: true}\n"),
                parsed(
                    "b.yaml",
                    "segments:\n  s: {attr: x, op: exists}\nflags:\n  b: {}\n",
                ),
            ],
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems}");
        assert_eq!(tree.flags.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(tree.flags["a"], serde_json::json!({"type": "boolean"}));
        assert_eq!(tree.server_only.iter().collect::<Vec<_>>(), ["a"]);
        assert_eq!(
            tree.map.locate("flags.a.type").unwrap().to_string(),
            "a.yaml:2:13"
        );
        assert_eq!(
            tree.map.locate("segments.s.op").unwrap().to_string(),
            "b.yaml:2:20"
        );
    }

    #[test]
    fn a_key_defined_twice_names_both_files() {
        let mut problems = Problems::default();
        merge(
            vec![
                parsed("a.yaml", "flags:\n  a: {}\n"),
                parsed(
                    "b.yaml",
                    "# b\nflags:\n  a: {}\n  c: {serverOnly: yes}\nx: 1\n",
                ),
            ],
            &mut problems,
        );
        let lines: Vec<String> = problems.list.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "b.yaml:5:1: x: unknown field \"x\" [unknown_field]",
                "b.yaml:3:3: flags.a: flag \"a\" is defined twice, here and at a.yaml:2:3 \
                 [duplicate_definition]",
                "b.yaml:4:19: flags.c.serverOnly: expected a boolean, found a string \
                 [invalid_type]",
            ]
        );
    }
}
