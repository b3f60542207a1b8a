//! "Did you mean" hints: which known names an unknown one was probably meant to be.
//!
//! One place decides what counts as close, so that every hint reads the same and picks names
//! the same way: unknown operators and fields in a ruleset, and unknown flag keys in the CLI.
//! A known name is close to an unknown one when
//! - a few edits (insertions, deletions, substitutions; ASCII case ignored), fewer than its
//!   length, turn one into the other: `equal` → `equals`, `semVer` → `semver`, `not_in` →
//!   `notIn`; or
//! - the unknown name extends it with a prefix or a suffix at most twice as long as the known
//!   name itself: `semver_gte`, `semverRange` and `version_semver` → `semver`, `allOf` → `all`.
//!
//! Small edits rank before extensions, fewer edits and shorter additions first. Only the best
//! rank is suggested (several names when they tie), so that a hint names what is most likely
//! meant instead of listing everything that is somewhat similar.

use crate::quote::Quoted;
use std::fmt::Write;

/// Known names shorter than this are never suggested for extending them (`in` is the end of
/// too many words).
const MIN_EXTENDED_CHARS: usize = 3;

/// The known names closest to `unknown`, best first, in `known`'s order when they tie; empty
/// when none is close enough to be a useful hint. Public so that hosts (the CLI's unknown
/// `--flag`) suggest names by the same rule as the loader's problems.
pub fn closest<'a>(unknown: &str, known: &[&'a str]) -> Vec<&'a str> {
    let unknown = unknown.to_ascii_lowercase();
    let mut best: Option<Rank> = None;
    let mut names = Vec::new();
    for &name in known {
        let Some(rank) = rank(&unknown, name) else {
            continue;
        };
        match best {
            Some(b) if rank > b => continue,
            Some(b) if rank == b => {}
            _ => {
                best = Some(rank);
                names.clear();
            }
        }
        names.push(name);
    }
    names
}

/// The hint appended to a message about an unknown name: ` (did you mean "semver"?)`, or
/// ` (did you mean "a" or "b"?)` on a tie, or the empty string when nothing is close. Every
/// "did you mean" of the core and the CLI is this text.
pub fn did_you_mean(unknown: &str, known: &[&str]) -> String {
    // Hints are part of the full messages: a build without them (the browser's default module)
    // leaves out the search too.
    if cfg!(not(feature = "messages")) {
        return String::new();
    }
    let names = closest(unknown, known);
    let mut hint = String::new();
    for (i, name) in names.iter().enumerate() {
        // "a"; "a" or "b"; "a", "b" or "c".
        let before = match i {
            0 => " (did you mean ",
            _ if i + 1 == names.len() => " or ",
            _ => ", ",
        };
        let _ = write!(hint, "{before}{}", Quoted(name));
    }
    if !hint.is_empty() {
        hint.push_str("?)");
    }
    hint
}

/// How close a known name is: small edits (0) before extensions (1), then by the number of
/// edits or added characters. Smaller is closer.
type Rank = (u8, usize);

/// The rank of `name` for the lowercased `unknown`, or `None` when it is not close.
fn rank(unknown: &str, name: &str) -> Option<Rank> {
    let name = name.to_ascii_lowercase();
    let name_chars = name.chars().count();
    let edits = edit_distance(unknown, &name);
    // Up to two edits (a quarter of a long name), but never the whole name: any two letters are
    // two edits from "in".
    if edits <= 2.max(name_chars / 4) && edits < name_chars {
        return Some((0, edits));
    }
    let added = unknown.chars().count().saturating_sub(name_chars);
    let extends = unknown.starts_with(&name) || unknown.ends_with(&name);
    (extends && name_chars >= MIN_EXTENDED_CHARS && added <= 2 * name_chars).then_some((1, added))
}

/// Levenshtein distance (names are short; quadratic is fine).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
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

// The hints exist only with the full messages.
#[cfg(all(test, feature = "messages"))]
mod tests {
    use super::*;
    use crate::ops::OPERATORS;

    fn hint(unknown: &str) -> String {
        did_you_mean(unknown, OPERATORS)
    }

    #[test]
    fn an_extended_operator_suggests_the_operator_it_extends() {
        assert_eq!(hint("semver_gte"), " (did you mean \"semver\"?)");
        assert_eq!(hint("semverRange"), " (did you mean \"semver\"?)");
        assert_eq!(hint("version_semver"), " (did you mean \"semver\"?)");
        assert_eq!(
            hint("startsWithIgnoreCase"),
            " (did you mean \"startsWith\"?)"
        );
    }

    #[test]
    fn small_edits_suggest_the_nearest_operator() {
        assert_eq!(hint("equal"), " (did you mean \"equals\"?)");
        assert_eq!(hint("semVer"), " (did you mean \"semver\"?)");
        assert_eq!(hint("not_in"), " (did you mean \"notIn\"?)");
        assert_eq!(hint("startswith"), " (did you mean \"startsWith\"?)");
    }

    #[test]
    fn unrelated_names_get_no_hint() {
        assert_eq!(hint("banana"), "");
        assert_eq!(hint("within"), "");
        assert_eq!(hint(""), "");
        assert_eq!(hint("eq"), "");
        // An addition over twice as long as the name it extends makes a different word.
        assert_eq!(hint("semver_greater_or_equal"), "");
        // Too short to be extended: "in" ends too many words.
        assert!(closest("within_list", &["in"]).is_empty());
    }

    #[test]
    fn edits_rank_before_extensions_and_ties_are_all_named() {
        assert_eq!(
            closest("dark-mode-v3", &["dark-mode", "dark-mode-v2"]),
            ["dark-mode-v2"]
        );
        assert_eq!(
            closest("dark-mode-v2-beta", &["dark-mode", "dark-mode-v2"]),
            ["dark-mode-v2"]
        );
        assert_eq!(
            did_you_mean("flag-c", &["flag-a", "flag-b", "other"]),
            " (did you mean \"flag-a\" or \"flag-b\"?)"
        );
        assert_eq!(
            did_you_mean("flag-d", &["flag-a", "flag-b", "flag-c"]),
            " (did you mean \"flag-a\", \"flag-b\" or \"flag-c\"?)"
        );
    }

    #[test]
    fn names_are_quoted_so_a_hint_stays_one_line() {
        assert_eq!(
            did_you_mean("a\"b", &["a\"c"]),
            " (did you mean \"a\\\"c\"?)"
        );
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("ünï", "uni"), 2);
    }
}
