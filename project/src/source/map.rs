//! [`SourceMap`]: where each value of a JSON tree was written.

use crate::path;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A place in a text: 1-based line, and 1-based column counted in characters (what editors
/// show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A place in a named file: what a problem line starts with (`flags/checkout.yaml:14:7`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file as the user named it (relative to where the command runs).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Where one value was written: its file, the position of the value, and for an object
/// member the position of its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) file: Arc<str>,
    pub(crate) key: Option<Position>,
    pub(crate) value: Position,
}

impl Origin {
    fn location(&self, position: Position) -> Location {
        Location {
            file: self.file.to_string(),
            line: position.line,
            column: position.column,
        }
    }
}

/// For every value of a JSON tree, the file, line and column it was written at, keyed by the
/// value's path in the core's notation (`flags.checkout.rules[2].when.op`).
///
/// Built once, while a file is parsed (JSON or YAML), and carried along as files are merged
/// and environments overlaid, so that a problem the core reports about the final ruleset is
/// shown where a person has to fix it. A tree may mix files: a rule list replaced by an
/// environment's overlay points into the overlay file, the rest into the flag sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    origins: BTreeMap<String, Origin>,
}

impl SourceMap {
    /// Where the value at `path` was written. A path with no value of its own (a missing
    /// field, say) is located at the closest value that holds it: at its key when it has one,
    /// since that is the line that names it.
    pub fn locate(&self, path: &str) -> Option<Location> {
        if let Some(origin) = self.origins.get(path) {
            return Some(origin.location(origin.value));
        }
        self.enclosing(path)
    }

    /// Where the key of the object member at `path` was written (its value's position for an
    /// array item or the root); falls back like [`SourceMap::locate`]. Unknown fields and
    /// duplicate keys are about the key, not the value.
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        if let Some(origin) = self.origins.get(path) {
            return Some(origin.location(origin.key.unwrap_or(origin.value)));
        }
        self.enclosing(path)
    }

    /// Where a problem the core reports about this tree is to be fixed: the key for problems
    /// about a key (unknown field, duplicate key), the value otherwise.
    pub fn locate_problem(&self, problem: &rollgate::Problem) -> Option<Location> {
        use rollgate::ProblemKind::{DuplicateKey, UnknownField};
        match problem.kind {
            UnknownField | DuplicateKey => self.locate_key(&problem.path),
            _ => self.locate(&problem.path),
        }
    }

    /// The file the value at `path` (or the closest value holding it) was written in.
    pub fn file_of(&self, path: &str) -> Option<&str> {
        let mut at = Some(path);
        while let Some(current) = at {
            if let Some(origin) = self.origins.get(current) {
                return Some(&origin.file);
            }
            at = path::parent(current);
        }
        None
    }

    /// The closest ancestor of `path` with an origin, at its key (else its value).
    fn enclosing(&self, path: &str) -> Option<Location> {
        let mut at = path::parent(path);
        while let Some(current) = at {
            if let Some(origin) = self.origins.get(current) {
                return Some(origin.location(origin.key.unwrap_or(origin.value)));
            }
            at = path::parent(current);
        }
        None
    }

    /// Records where the value at `path` was written (replacing any earlier record: for a
    /// duplicate key, the later occurrence is the one to point at).
    pub(crate) fn insert(&mut self, path: String, origin: Origin) {
        self.origins.insert(path, origin);
    }

    /// The origin recorded for exactly `path`.
    #[cfg(test)]
    pub(crate) fn origin(&self, path: &str) -> Option<&Origin> {
        self.origins.get(path)
    }

    /// Forgets the value at `path` and everything inside it.
    pub(crate) fn remove_within(&mut self, at: &str) {
        let inside: Vec<String> = self.paths_within(at).map(str::to_owned).collect();
        for path in inside {
            self.origins.remove(&path);
        }
    }

    /// Copies the origins of the value at `from_path` in `from` (and of everything inside it)
    /// to the value at `to_path` here, replacing what was recorded there: a value moved from
    /// one tree into another keeps pointing at where it was written.
    pub(crate) fn graft(&mut self, to_path: &str, from: &SourceMap, from_path: &str) {
        self.remove_within(to_path);
        for path in from.paths_within(from_path) {
            if let Some(origin) = from.origins.get(path) {
                let rest = path.get(from_path.len()..).unwrap_or_default();
                self.origins
                    .insert(format!("{to_path}{rest}"), origin.clone());
            }
        }
    }

    /// Adds every origin of `other` (for trees whose paths do not overlap, such as two flag
    /// files with different flags).
    pub(crate) fn extend(&mut self, other: SourceMap) {
        self.origins.extend(other.origins);
    }

    /// The recorded paths equal to `at` or inside it.
    fn paths_within<'m>(&'m self, at: &'m str) -> impl Iterator<Item = &'m str> + 'm {
        self.origins
            .range::<str, _>((std::ops::Bound::Included(at), std::ops::Bound::Unbounded))
            .map(|(path, _)| path.as_str())
            .take_while(move |path| path.starts_with(at))
            .filter(move |path| path::is_within(path, at))
    }

    /// How many values have an origin (for tests and sizing).
    pub fn len(&self) -> usize {
        self.origins.len()
    }

    /// Whether no value has an origin.
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(file: &str, line: u32, key: bool) -> Origin {
        Origin {
            file: Arc::from(file),
            key: key.then_some(Position { line, column: 3 }),
            value: Position { line, column: 9 },
        }
    }

    fn map() -> SourceMap {
        let mut map = SourceMap::default();
        map.insert(String::new(), origin("a.yaml", 1, false));
        map.insert("flags".into(), origin("a.yaml", 2, true));
        map.insert("flags.a".into(), origin("a.yaml", 3, true));
        map.insert("flags.a.rules".into(), origin("a.yaml", 4, true));
        map.insert("flags.a.rules[0]".into(), origin("a.yaml", 5, false));
        map.insert("flags.a.rules[0].serve".into(), origin("a.yaml", 6, true));
        map.insert("flags.ab".into(), origin("a.yaml", 7, true));
        map
    }

    #[test]
    fn exact_paths_give_the_value_and_missing_ones_the_closest_key() {
        let map = map();
        let at = |l: Option<Location>| l.map(|l| (l.line, l.column));
        assert_eq!(at(map.locate("flags.a.rules[0].serve")), Some((6, 9)));
        assert_eq!(at(map.locate_key("flags.a.rules[0].serve")), Some((6, 3)));
        // A missing field: the object that lacks it, at its key.
        assert_eq!(at(map.locate("flags.a.default")), Some((3, 3)));
        // An array item has no key: its value position.
        assert_eq!(at(map.locate("flags.a.rules[0].when")), Some((5, 9)));
        assert_eq!(
            map.locate("flags.a").unwrap().to_string(),
            "a.yaml:3:9",
            "file:line:column"
        );
        assert_eq!(SourceMap::default().locate("flags"), None);
    }

    #[test]
    fn grafting_moves_a_subtree_and_nothing_beside_it() {
        let mut map = map();
        let mut overlay = SourceMap::default();
        overlay.insert("flags.a.rollouts.r".into(), origin("o.yaml", 20, true));
        overlay.insert(
            "flags.a.rollouts.r.percent".into(),
            origin("o.yaml", 21, true),
        );
        map.graft("flags.a.rules", &overlay, "flags.a.rollouts.r");
        assert_eq!(map.locate("flags.a.rules").unwrap().file, "o.yaml");
        assert_eq!(map.locate("flags.a.rules.percent").unwrap().line, 21);
        // The old items are gone, the neighbour with a common prefix stays.
        assert_eq!(map.origin("flags.a.rules[0]"), None);
        assert_eq!(map.locate("flags.ab").unwrap().line, 7);
        assert_eq!(map.file_of("flags.a.rules.percent.x"), Some("o.yaml"));
    }
}
