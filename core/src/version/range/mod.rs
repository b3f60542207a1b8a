//! Version ranges: npm node-semver syntax, with node-semver 7.8.6's `includePrerelease`
//! answers (ADR 0017), parsed once and matched without allocating.
//!
//! [`syntax`] reads the text, [`desugar`] turns each term into plain comparators, and
//! [`comparator`] matches them. Beyond node-semver, on purpose: an empty `||` alternative is
//! an error, a range is at most 1024 bytes and 64 comparators, and versions in it follow the
//! attribute policy's leniencies (`V` prefix, leading zeros, numbers up to `u64::MAX`).

mod comparator;
mod desugar;
mod syntax;

use std::fmt;

use crate::quote::Quoted;

use super::semver::Version;
use super::space;
use comparator::{Comparator, Op};

/// Caps the work a range can cause at parse time.
const MAX_RANGE_LEN: usize = 1024;
/// Caps the work [`VersionRange::matches`] does on the hot path.
const MAX_COMPARATORS: usize = 64;

/// A parsed npm-style range.
///
/// Stored already desugared, so matching is a plain scan over comparators with no allocation.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionRange {
    /// Alternatives joined by `||`, one after the other, each a set of comparators that must
    /// all hold; [`Comparator::starts_alternative`] marks where each set begins. One flat
    /// list is one allocation per range, where a list of lists took four.
    comparators: Box<[Comparator]>,
}

impl VersionRange {
    /// Parses an npm node-semver range under the policy in `docs/versions.md`.
    ///
    /// # Errors
    ///
    /// Returns a [`RangeError`] quoting the offending token: unknown operators, invalid
    /// versions, misplaced hyphens, empty `||` alternatives, or a range over the size limits.
    pub fn parse(text: &str) -> Result<VersionRange, RangeError> {
        if text.len() > MAX_RANGE_LEN {
            return Err(RangeError::new(format!(
                "range text is {} bytes long; at most {MAX_RANGE_LEN} are allowed",
                text.len()
            )));
        }
        let whole = space::trim(text);
        // Most ranges are one or two comparators (`>=2.3.0`, `^2.3`): room for two up front.
        let mut comparators = Vec::with_capacity(2);
        if whole.is_empty() {
            push_alternative(&mut comparators, 0);
            return Ok(VersionRange {
                comparators: comparators.into_boxed_slice(),
            });
        }
        for alternative in whole.split("||") {
            // npm reads an empty alternative as `*`; a stray `||` would then open a gate to
            // everyone, so it is an error here.
            if space::trim(alternative).is_empty() {
                return Err(RangeError::new(format!(
                    "empty alternative in {}: remove the stray \"||\" (write \"*\" to match every version)",
                    Quoted(whole)
                )));
            }
            let start = comparators.len();
            syntax::read_alternative(alternative, whole, &mut comparators)?;
            // Placeholders of earlier empty sets (`*`) count too: they are stored the same way.
            if comparators.len() > MAX_COMPARATORS {
                return Err(RangeError::new(format!(
                    "range expands to more than {MAX_COMPARATORS} comparators; split it or simplify it"
                )));
            }
            push_alternative(&mut comparators, start);
        }
        Ok(VersionRange {
            comparators: comparators.into_boxed_slice(),
        })
    }

    /// Whether `version` is in the range, by plain SemVer precedence (prereleases included).
    #[must_use]
    pub fn matches(&self, version: &Version) -> bool {
        // One pass over the flat list: `holds` says whether every comparator of the current
        // alternative so far holds (the first comparator always starts an alternative).
        let mut holds = false;
        for comparator in &self.comparators {
            if comparator.starts_alternative {
                if holds {
                    return true;
                }
                holds = true;
            }
            holds = holds && comparator.matches(version);
        }
        holds
    }
}

/// Marks `comparators[start..]` (what one alternative desugared to) as one set: its first
/// comparator starts the alternative, and an empty set gets a placeholder that holds for
/// every version.
fn push_alternative(comparators: &mut Vec<Comparator>, start: usize) {
    if comparators.len() == start {
        comparators.push(Comparator::new(Op::Any, Version::minimum()));
    }
    if let Some(first) = comparators.get_mut(start) {
        first.starts_alternative = true;
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, comparator) in self.comparators.iter().enumerate() {
            if i > 0 {
                f.write_str(if comparator.starts_alternative {
                    " || "
                } else {
                    " "
                })?;
            }
            write!(f, "{comparator}")?;
        }
        Ok(())
    }
}

/// Why a text is not a valid version range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeError {
    message: Box<str>,
}

impl RangeError {
    fn new(message: String) -> Self {
        RangeError {
            message: message.into_boxed_str(),
        }
    }
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RangeError {}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn r(text: &str) -> VersionRange {
        VersionRange::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    /// (range, normalized form, versions that match, versions that do not)
    type Case = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );

    /// Every row's normalized form is node-semver 7.8.6's `validRange(input,
    /// {includePrerelease: true})` (with " || " between alternatives and without the sets npm
    /// folds away), except the rows past 2^53, which npm cannot represent.
    const DESUGARING: &[Case] = &[
        ("", "*", &["0.0.0-0", "1.2.3-alpha", "9.9.9"], &[]),
        ("*", "*", &["1.2.3-alpha", "0.0.0"], &[]),
        ("x", "*", &["1.2.3"], &[]),
        ("X", "*", &["1.2.3"], &[]),
        ("x.x.X", "*", &["1.2.3"], &[]),
        (
            "  >= 2.3.0  ",
            ">=2.3.0",
            &["2.3.0", "2.4.0-beta.1", "3.0.0"],
            &["2.3.0-beta", "2.2.9"],
        ),
        (">=2.3.0", ">=2.3.0", &["2.4.0-beta.1"], &["2.3.0-beta"]),
        (
            "2.5.1",
            "2.5.1",
            &["2.5.1", "2.5.1+99"],
            &["2.5.1-rc.1", "2.5.2"],
        ),
        ("=2.5.1", "2.5.1", &["2.5.1"], &["2.5.0"]),
        ("v2.5.1+7", "2.5.1", &["2.5.1"], &["2.5.0"]),
        ("=v2.5.1", "2.5.1", &["2.5.1"], &["2.5.0"]),
        ("<2.5.1", "<2.5.1", &["2.5.1-rc.1", "2.5.0"], &["2.5.1"]),
        ("<=2.5.1", "<=2.5.1", &["2.5.1"], &["2.5.2-0"]),
        (">2.5.1", ">2.5.1", &["2.5.2-0"], &["2.5.1"]),
        // Implied lower bounds start at the lowest prerelease, `-0`.
        (
            "2",
            ">=2.0.0-0 <3.0.0-0",
            &["2.0.0-0", "2.0.0-beta", "2.0.0", "2.9.9", "2.1.0-beta"],
            &["1.9.9", "3.0.0-0"],
        ),
        ("2.x", ">=2.0.0-0 <3.0.0-0", &["2.0.0-rc.1"], &["3.0.0"]),
        ("2.*", ">=2.0.0-0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("2.x.x", ">=2.0.0-0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("=2", ">=2.0.0-0 <3.0.0-0", &["2.0.0-alpha"], &["3.0.0"]),
        ("v2", ">=2.0.0-0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("2.x+build.1", ">=2.0.0-0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        (
            "2.3",
            ">=2.3.0-0 <2.4.0-0",
            &["2.3.0-alpha.1", "2.3.0", "2.3.99"],
            &["2.4.0-0", "2.2.9"],
        ),
        ("2.3.x", ">=2.3.0-0 <2.4.0-0", &["2.3.0-0"], &["2.4.0"]),
        ("2.3+build", ">=2.3.0-0 <2.4.0-0", &["2.3.0"], &["2.4.0"]),
        (">=2.3", ">=2.3.0-0", &["2.3.0-beta", "2.3.0"], &["2.2.9"]),
        (">=2.x", ">=2.0.0-0", &["2.0.0-0"], &["1.9.9"]),
        (">=2", ">=2.0.0-0", &["2.0.0"], &["1.9.9"]),
        (">=0", "*", &["0.0.0-0"], &[]),
        (">2.3", ">=2.4.0-0", &["2.4.0-beta", "2.4.0"], &["2.3.9"]),
        (">2", ">=3.0.0-0", &["3.0.0-rc.1", "3.0.0"], &["2.99.0"]),
        ("<2.3", "<2.3.0-0", &["2.2.9"], &["2.3.0-0", "2.3.0"]),
        ("<=2.3", "<2.4.0-0", &["2.3.9"], &["2.4.0-0"]),
        ("<=2", "<3.0.0-0", &["2.9.9"], &["3.0.0-0"]),
        ("<2", "<2.0.0-0", &["1.9.9"], &["2.0.0-0"]),
        ("<3", "<3.0.0-0", &["2.9.9"], &["3.0.0-rc.1", "3.0.0"]),
        ("<*", "<0.0.0-0", &[], &["0.0.0-0", "1.0.0"]),
        (">*", "<0.0.0-0", &[], &["0.0.0"]),
        (">=*", "*", &["0.0.0-0"], &[]),
        ("<=*", "*", &["0.0.0-0"], &[]),
        // A tilde or caret on a full version keeps it as the lower bound ...
        (
            "~1.2.3",
            ">=1.2.3 <1.3.0-0",
            &["1.2.3", "1.2.9"],
            &["1.2.2", "1.3.0-0", "1.2.3-rc"],
        ),
        ("~ 1.2.3", ">=1.2.3 <1.3.0-0", &["1.2.3"], &["1.3.0"]),
        ("~>1.2.3", ">=1.2.3 <1.3.0-0", &["1.2.3"], &["1.3.0"]),
        ("~> 1.2.3", ">=1.2.3 <1.3.0-0", &["1.2.3"], &["1.3.0"]),
        (
            "~1.2.3-beta.2",
            ">=1.2.3-beta.2 <1.3.0-0",
            &["1.2.3-beta.2", "1.2.3-beta.11", "1.2.3", "1.2.4-alpha"],
            &["1.2.3-beta.1", "1.3.0-0"],
        ),
        (
            "^1.2.3",
            ">=1.2.3 <2.0.0-0",
            &["1.2.3", "1.9.9", "1.3.0-beta"],
            &["1.2.2", "1.2.3-beta", "2.0.0-0"],
        ),
        (
            "^0.2.3",
            ">=0.2.3 <0.3.0-0",
            &["0.2.3", "0.2.9"],
            &["0.3.0", "0.2.2", "0.2.3-rc.1"],
        ),
        (
            "^0.0.3",
            ">=0.0.3 <0.0.4-0",
            &["0.0.3"],
            &["0.0.3-0", "0.0.4-0", "0.0.4"],
        ),
        (
            "^0.0.0",
            ">=0.0.0 <0.0.1-0",
            &["0.0.0"],
            &["0.0.0-0", "0.0.1-0"],
        ),
        (
            "^1.2.3-beta.2",
            ">=1.2.3-beta.2 <2.0.0-0",
            &["1.2.3-beta.3"],
            &["1.2.3-beta.1"],
        ),
        // ... and on a partial version starts at `-0`.
        (
            "~1.2",
            ">=1.2.0-0 <1.3.0-0",
            &["1.2.0-alpha.1", "1.2.0"],
            &["1.1.9", "1.3.0-0"],
        ),
        (
            "~1",
            ">=1.0.0-0 <2.0.0-0",
            &["1.0.0-0", "1.9.0"],
            &["2.0.0-0"],
        ),
        ("~0", "<1.0.0-0", &["0.0.0-0"], &["1.0.0-0"]),
        ("~*", "*", &["0.0.0"], &[]),
        (
            "^1.2",
            ">=1.2.0-0 <2.0.0-0",
            &["1.2.0-alpha.1", "1.2.0", "1.9.0"],
            &["1.1.9", "2.0.0-0"],
        ),
        ("^1.2.x", ">=1.2.0-0 <2.0.0-0", &["1.2.0-rc.1"], &["2.0.0"]),
        ("^ 1.2", ">=1.2.0-0 <2.0.0-0", &["1.2.0"], &["2.0.0"]),
        (
            "^0.2",
            ">=0.2.0-0 <0.3.0-0",
            &["0.2.0-0", "0.2.9"],
            &["0.3.0-0"],
        ),
        ("^1.x", ">=1.0.0-0 <2.0.0-0", &["1.0.0-beta"], &["2.0.0"]),
        // `>=0.0.0-0` holds for every version, so it is left out.
        (
            "^0.0",
            "<0.1.0-0",
            &["0.0.0-0", "0.0.9"],
            &["0.1.0-0", "0.1.0"],
        ),
        ("^0.0.x", "<0.1.0-0", &["0.0.9"], &["0.1.0"]),
        ("^0.x", "<1.0.0-0", &["0.9.9"], &["1.0.0"]),
        ("^0", "<1.0.0-0", &["0.0.0-alpha", "0.9.9"], &["1.0.0-0"]),
        ("^*", "*", &["0.0.0"], &[]),
        // Hyphen ranges: both ends inclusive, prereleases of a release end included.
        (
            "1.2.3 - 2.3.4",
            ">=1.2.3-0 <2.3.5-0",
            &["1.2.3-rc", "1.2.3", "2.3.4", "2.3.4-beta"],
            &["1.2.2", "2.3.5-0", "2.3.5"],
        ),
        (
            "1.0.0 - 2.0.0",
            ">=1.0.0-0 <2.0.1-0",
            &["1.0.0-0", "2.0.0"],
            &["0.9.9", "2.0.1-alpha", "2.0.1"],
        ),
        (
            "1.2.3-beta - 2.3.4-rc.1",
            ">=1.2.3-beta <=2.3.4-rc.1",
            &["1.2.3-beta", "2.3.4-rc.1"],
            &["1.2.3-alpha", "2.3.4-rc.2", "2.3.4"],
        ),
        (
            "1.2 - 2.3.4",
            ">=1.2.0-0 <2.3.5-0",
            &["1.2.0-0"],
            &["1.1.9"],
        ),
        (
            "1.2.3 - 2.3",
            ">=1.2.3-0 <2.4.0-0",
            &["2.3.9"],
            &["2.4.0-0"],
        ),
        ("1.2.3 - 2", ">=1.2.3-0 <3.0.0-0", &["2.9.9"], &["3.0.0-0"]),
        (
            "2.3.0 - 2.9.x",
            ">=2.3.0-0 <2.10.0-0",
            &["2.3.0-0", "2.9.99"],
            &["2.2.9", "2.10.0-0", "2.10.0"],
        ),
        ("* - 2", "<3.0.0-0", &["0.0.0-0"], &["3.0.0"]),
        ("1.2.3 - *", ">=1.2.3-0", &["99.0.0"], &["1.2.2"]),
        ("0.0.0 - 1", "<2.0.0-0", &["0.0.0-0"], &["2.0.0-0"]),
        ("v1 - v2", ">=1.0.0-0 <3.0.0-0", &["1.0.0"], &["3.0.0"]),
        (
            "1.2.3+b - 2.3.4+c",
            ">=1.2.3-0 <2.3.5-0",
            &["2.3.4"],
            &["2.3.5"],
        ),
        // An empty set (`*`) next to other alternatives: stored as a placeholder comparator.
        (
            "1.x || *",
            ">=1.0.0-0 <2.0.0-0 || *",
            &["0.1.0", "1.5.0", "3.0.0"],
            &[],
        ),
        ("* || <1", "* || <1.0.0-0", &["2.0.0", "0.9.0"], &[]),
        (
            "<2.3.0 || 2.5.1",
            "<2.3.0 || 2.5.1",
            &["2.2.9", "2.5.1", "2.5.1+99", "2.3.0-beta"],
            &["2.3.0", "2.5.2", "2.5.1-rc.1"],
        ),
        (
            ">=2.3 <3 || 2.5.1",
            ">=2.3.0-0 <3.0.0-0 || 2.5.1",
            &["2.3.0-0", "2.9.9"],
            &["3.0.0-rc.1", "2.2.0"],
        ),
        (
            ">=1.0.0 <1.5.0 || >=2.0.0",
            ">=1.0.0 <1.5.0 || >=2.0.0",
            &["1.4.9", "2.0.0"],
            &["1.5.0", "1.9.9"],
        ),
        (">= 1.2.3 < 2", ">=1.2.3 <2.0.0-0", &["1.2.3"], &["2.0.0-0"]),
        ("1 || *", ">=1.0.0-0 <2.0.0-0 || *", &["5.0.0"], &[]),
        (
            "1 - 2 || 4",
            ">=1.0.0-0 <3.0.0-0 || >=4.0.0-0 <5.0.0-0",
            &["4.0.0-0"],
            &["3.0.0"],
        ),
        // The whitespace of JavaScript's `\s`, as node-semver splits on it.
        (
            "\u{feff}>=1.2.3\u{3000}<2\u{a0}",
            ">=1.2.3 <2.0.0-0",
            &["1.2.3"],
            &["2.0.0"],
        ),
        // Past 2^53 node-semver rejects; here upper bounds that would overflow u64 are
        // carried or dropped, never wrapped.
        (
            "^18446744073709551615.0.0",
            ">=18446744073709551615.0.0",
            &["18446744073709551615.9.9"],
            &["1.0.0"],
        ),
        (
            "~18446744073709551615",
            ">=18446744073709551615.0.0-0",
            &["18446744073709551615.1.0"],
            &[],
        ),
        (
            "<=18446744073709551615",
            "*",
            &["18446744073709551615.18446744073709551615.18446744073709551615"],
            &[],
        ),
        (
            ">18446744073709551615",
            "<0.0.0-0",
            &[],
            &["18446744073709551615.18446744073709551615.18446744073709551615"],
        ),
        (
            "~2.18446744073709551615",
            ">=2.18446744073709551615.0-0 <3.0.0-0",
            &["2.18446744073709551615.5"],
            &["3.0.0-0"],
        ),
        (
            ">2.18446744073709551615",
            ">=3.0.0-0",
            &["3.0.0"],
            &["2.18446744073709551615.18446744073709551615"],
        ),
        (
            "^0.0.18446744073709551615",
            ">=0.0.18446744073709551615 <0.1.0-0",
            &["0.0.18446744073709551615"],
            &["0.1.0-0"],
        ),
        (
            "1.2.3 - 18446744073709551615",
            ">=1.2.3-0",
            &["99.0.0"],
            &[],
        ),
        (
            "1 - 18446744073709551615.18446744073709551615.18446744073709551615",
            ">=1.0.0-0",
            &["18446744073709551615.18446744073709551615.18446744073709551615"],
            &["0.9.9"],
        ),
    ];

    #[test]
    fn desugars_ranges_like_npm() {
        for &(input, normalized, yes, no) in DESUGARING {
            let range = r(input);
            assert_eq!(range.to_string(), normalized, "{input:?}");
            // The normalized form is itself a range meaning the same thing.
            assert_eq!(r(normalized), range, "{input:?} round trip");
            for version in yes {
                assert!(
                    range.matches(&v(version)),
                    "{input:?} should match {version}"
                );
            }
            for version in no {
                assert!(
                    !range.matches(&v(version)),
                    "{input:?} should not match {version}"
                );
            }
        }
    }

    #[test]
    fn rejects_invalid_ranges() {
        let long = "1".repeat(1025);
        let long_version = format!(">=1.2.3-{}", "a".repeat(251));
        let many = vec!["~1.2.3"; 33].join(" ");
        let cases: &[(&str, &str)] = &[
            (">=1 || =>2", "unknown operator \"=>\" in \">=1 || =>2\""),
            ("==1", "unknown operator \"==\""),
            ("!=1", "unknown operator \"!=\""),
            ("<>1", "unknown operator \"<>\""),
            ("~=1", "unknown operator \"~=\""),
            ("1 | 2", "unknown operator \"|\""),
            (">=1 && <2", "unknown operator \"&&\""),
            ("1.2.3 ||", "empty alternative in \"1.2.3 ||\""),
            ("|| 1.2.3", "empty alternative"),
            ("1 || || 2", "empty alternative"),
            ("||", "empty alternative"),
            (
                "1.2.3.4",
                "invalid version \"1.2.3.4\" in \"1.2.3.4\": it has 4 numeric parts",
            ),
            (
                "garbage",
                "invalid version \"garbage\" in \"garbage\": expected a number at position 1",
            ),
            (">=1.2.3-", "empty prerelease identifier"),
            ("1.2.3 -", "missing its upper bound"),
            ("- 1.2.3", "misplaced \"-\""),
            ("1 - 2 - 3", "misplaced \"-\""),
            (">=1 - 2", "misplaced \"-\""),
            ("1 - >=2", "misplaced \"-\""),
            ("1 - - 2", "misplaced \"-\""),
            (">=", "operator \">=\" has no version after it"),
            (">= <2", "operator \">=\" has no version after it"),
            ("~ - 1", "operator \"~\" has no version after it"),
            ("1.x.3", "a number cannot follow a wildcard (position 5)"),
            (
                "2.3-beta",
                "a prerelease needs a full major.minor.patch version",
            ),
            (
                "1.2.x-beta",
                "a prerelease needs a full major.minor.patch version",
            ),
            ("1 - 2 >=1.5", "misplaced \"-\""),
            (">=0 1 - 2", "misplaced \"-\""),
            ("=1.2 - 2", "misplaced \"-\""),
            // npm's text rewriting accepts these; they are refused here (docs/versions.md).
            ("1.2.3*", "unexpected '*'"),
            ("+build", "expected a number at position 1"),
            ("~1.x.3", "a number cannot follow a wildcard"),
            ("^x.1", "a number cannot follow a wildcard"),
            ("< =1", "operator \"<\" has no version after it"),
            ("v=1", "expected a number at position 2, found '='"),
            ("1.2.3\u{85}", r"unexpected '\u{85}'"),
            ("1.2.3,2.0.0", "unexpected ','"),
            ("v", "expected a number at position 2"),
            (
                "18446744073709551616",
                "the major number 18446744073709551616 is too big",
            ),
            (&long, "1025 bytes long; at most 1024 are allowed"),
            (&long_version, "is 257 bytes long; at most 256 are allowed"),
            (&many, "more than 64 comparators"),
        ];
        for (input, phrase) in cases {
            let message = VersionRange::parse(input).unwrap_err().to_string();
            assert!(
                message.contains(phrase),
                "{input:?}: {message:?} lacks {phrase:?}"
            );
        }
        assert_eq!(r(&vec!["~1.2.3"; 32].join(" ")).comparators.len(), 64);
        assert!(VersionRange::parse(&format!("{:1024}", "1")).is_ok());
        assert!(VersionRange::parse(&format!(">=1.2.3-{}", "a".repeat(250))).is_ok());
    }

    /// Feeds deterministic pseudo-random garbage through every entry point; any panic fails.
    #[test]
    fn never_panics_on_garbage() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "9",
            "01",
            ".",
            ".",
            "-",
            "+",
            "x",
            "X",
            "*",
            "v",
            "V",
            " ",
            " ",
            "\t",
            "<",
            ">",
            "=",
            "~",
            "^",
            "|",
            "||",
            " - ",
            "!",
            "&",
            "a",
            "beta",
            "é",
            "ß",
            "\u{0}",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "\u{3000}",
            "🦀",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            // xorshift64*: deterministic and std-only.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let probes = [
            v("0.0.0-0"),
            v("1.2.3"),
            v("2.0.0-rc.1"),
            v("18446744073709551615.0.0"),
        ];
        let mut accepted = 0;
        for round in 0..5000 {
            let len = (next() % 14) as usize + usize::from(round % 500 == 0) * 300;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if let Ok(version) = Version::parse(&text) {
                assert_eq!(v(&version.to_string()), version, "{text:?}");
            }
            if let Ok(range) = VersionRange::parse(&text) {
                accepted += 1;
                assert_eq!(r(&range.to_string()), range, "{text:?}");
                for probe in &probes {
                    let _ = range.matches(probe);
                }
            }
        }
        assert!(
            accepted > 50,
            "generator too hostile to exercise ranges: {accepted}"
        );
    }
}
