//! The attribute policy: which texts an app may report as its version, and what they mean.
//!
//! node-semver's `valid()` is the baseline. Beyond it, and on purpose (`docs/versions.md`,
//! "Extensions"): a `V` prefix as well as `v`, partial versions (`2.3` is 2.3.0, `2.3-beta`
//! is 2.3.0-beta), leading zeros (`2024.01.05`, zero-padded CalVer) and numbers up to
//! `u64::MAX`. Stricter, also on purpose: at most 256 bytes, and numeric prerelease
//! identifiers up to `u64::MAX`. Everything that is neither a version nor covered here
//! (four numeric parts, wildcards) is an error, so a gate fails closed.

use std::fmt;

use crate::digits::push_digit;
use crate::quote::Quoted;

use super::semver::Version;
use super::space;
use super::token::{char_at, parse_token, Fault, Mode};

/// Caps the work an attribute value can cause; real version strings are far shorter.
pub(super) const MAX_VERSION_LEN: usize = 256;

impl Version {
    /// Parses an app-version attribute value under the policy in `docs/versions.md`.
    ///
    /// Lenient where apps commonly differ (`v` prefix, `2.3`, zero-padded CalVer) but strict
    /// where a guess could gate the wrong users (four numeric parts, wildcards).
    ///
    /// # Errors
    ///
    /// Returns a [`VersionError`] naming the first problem found, with its position.
    pub fn parse(text: &str) -> Result<Version, VersionError> {
        match plain(text) {
            Some(version) => Ok(version),
            None => parse_any(text),
        }
    }
}

/// The usual app version, `2`, `2.4` or `2.4.1` with nothing around it, read in one pass;
/// `None` for any other text, which [`parse_any`] reads. On a server a new context arrives
/// with every request, and its `appVersion` is parsed for each; the general reading's trimming
/// and splitting cost several times this loop in the browser build. The same answers as
/// [`parse_any`] (a property test checks it).
fn plain(text: &str) -> Option<Version> {
    if text.len() > MAX_VERSION_LEN {
        return None;
    }
    let mut nums = [0u64; 3];
    let mut part = 0;
    let mut digits = 0;
    for &byte in text.as_bytes() {
        if byte == b'.' {
            if digits == 0 {
                return None;
            }
            part += 1;
            digits = 0;
        } else {
            let digit = byte.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            let slot = nums.get_mut(part)?;
            *slot = push_digit(*slot, digit)?;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    let [major, minor, patch] = nums;
    Some(Version {
        major,
        minor,
        patch,
        pre: Box::default(),
    })
}

/// Every text the attribute policy accepts, with the error for the others.
fn parse_any(text: &str) -> Result<Version, VersionError> {
    if text.len() > MAX_VERSION_LEN {
        return Err(VersionError::new(format!(
            "version text is {} bytes long; at most {MAX_VERSION_LEN} are allowed",
            text.len()
        )));
    }
    let text = space::trim(text);
    let parsed = parse_token(text, Mode::Attribute)
        .map_err(|fault| VersionError::from_fault(text, &fault))?;
    let [major, minor, patch] = parsed.nums;
    Ok(Version {
        major: major.unwrap_or(0),
        minor: minor.unwrap_or(0),
        patch: patch.unwrap_or(0),
        pre: parsed.pre,
    })
}

/// Why a text is not a valid version attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError {
    message: Box<str>,
}

impl VersionError {
    fn new(message: String) -> Self {
        VersionError {
            message: message.into_boxed_str(),
        }
    }

    fn from_fault(text: &str, fault: &Fault) -> Self {
        if let Fault::TooManyParts(count) = *fault {
            return Self::new(format!(
                "{} has {count} numeric parts; at most 3 are allowed",
                Quoted(text)
            ));
        }
        let mut message = format!("{} is not a version: {}", Quoted(text), fault.reason(text));
        // Someone passing `1.x` as an attribute most likely confused it with a range.
        if let Fault::ExpectedNumber(at) = *fault {
            if matches!(char_at(text, at), Some('x' | 'X' | '*')) {
                message.push_str("; wildcards are only allowed in ranges");
            }
        }
        Self::new(message)
    }
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VersionError {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::semver::Prerelease;
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn parses_valid_attribute_values() {
        let cases = [
            ("1.2.3", "1.2.3"),
            (" v1.2.3 ", "1.2.3"),
            ("\t1.2.3\n", "1.2.3"),
            // JavaScript's whitespace, as node-semver's `valid()` trims it.
            ("\u{feff}1.2.3\u{3000}", "1.2.3"),
            ("V2", "2.0.0"),
            ("2", "2.0.0"),
            ("2.3", "2.3.0"),
            ("v2.3-beta", "2.3.0-beta"),
            ("2-1", "2.0.0-1"),
            ("2024.01.05", "2024.1.5"),
            ("007.000.010", "7.0.10"),
            ("1.2.3-beta.1", "1.2.3-beta.1"),
            ("1.2.3+build.7", "1.2.3"),
            ("1.2.3+001", "1.2.3"),
            ("1.2.3-rc.1+b-2.x", "1.2.3-rc.1"),
            ("1.2.3+b-2", "1.2.3"),
            ("1.2.3-beta-2", "1.2.3-beta-2"),
            ("1.0.0-0", "1.0.0-0"),
            ("1.0.0--", "1.0.0--"),
            ("1.0.0-0a.0", "1.0.0-0a.0"),
            ("1.0.0-x.7.z.92", "1.0.0-x.7.z.92"),
            ("1.2.3-18446744073709551615", "1.2.3-18446744073709551615"),
            (
                "18446744073709551615.18446744073709551615.18446744073709551615",
                "18446744073709551615.18446744073709551615.18446744073709551615",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(v(input).to_string(), expected, "{input:?}");
        }
        let parsed = v("v2.3.4-beta.11.x-y+meta");
        assert_eq!((parsed.major, parsed.minor, parsed.patch), (2, 3, 4));
        assert_eq!(
            &*parsed.pre,
            &[
                Prerelease::Alpha("beta".into()),
                Prerelease::Numeric(11),
                Prerelease::Alpha("x-y".into())
            ]
        );
        assert_eq!(v("18446744073709551615").major, u64::MAX);
    }

    #[test]
    fn rejects_invalid_attribute_values() {
        let long = "1".repeat(257);
        let cases: &[(&str, &str)] = &[
            ("", "\"\" is not a version: it is empty"),
            ("   ", "it is empty"),
            (
                "abc",
                "\"abc\" is not a version: expected a number at position 1, found 'a'",
            ),
            ("1..2", "expected a number at position 3, found '.'"),
            ("1.2.", "expected a number at position 5, found end of text"),
            ("-1", "expected a number at position 1, found '-'"),
            ("v", "expected a number at position 2, found end of text"),
            ("vv1", "expected a number at position 2, found 'v'"),
            (">=1.2.3", "expected a number at position 1, found '>'"),
            ("é1", "expected a number at position 1, found 'é'"),
            ("1.x", "found 'x'; wildcards are only allowed in ranges"),
            ("*", "wildcards are only allowed in ranges"),
            ("1.2.X", "wildcards are only allowed in ranges"),
            ("1.2.3-", "empty prerelease identifier at position 7"),
            ("1.2.3-a..b", "empty prerelease identifier at position 9"),
            ("1.2.3+", "empty build metadata identifier at position 7"),
            ("1.2.3+a.", "empty build metadata identifier at position 9"),
            (
                "1.2.3-be_ta",
                "invalid character '_' in prerelease at position 9",
            ),
            (
                "1.2.3-aé",
                "invalid character 'é' in prerelease at position 8",
            ),
            ("1.2.3+b@d", "invalid character '@' in build metadata"),
            ("1.2.3+a+b", "invalid character '+' in build metadata"),
            ("1.2a", "unexpected 'a' at position 4"),
            ("1.2.3 beta", "unexpected ' ' at position 6"),
            // NEXT LINE is whitespace to Rust but not to JavaScript.
            ("\u{85}1.2.3", "expected a number at position 1"),
            ("1.2.3_4", "unexpected '_' at position 6"),
            (
                "2.3.0.1",
                "\"2.3.0.1\" has 4 numeric parts; at most 3 are allowed",
            ),
            ("1.2.3.4.5", "has 5 numeric parts"),
            ("1.2.3.4-beta", "has 4 numeric parts"),
            (
                "18446744073709551616",
                "the major number 18446744073709551616 is too big",
            ),
            (
                "1.18446744073709551616",
                "the minor number 18446744073709551616 is too big",
            ),
            (
                "1.2.99999999999999999999",
                "the patch number 99999999999999999999 is too big",
            ),
            (
                "1.2.3-01",
                "numeric prerelease identifier \"01\" has a leading zero",
            ),
            (
                "1.2.3-18446744073709551616",
                "\"18446744073709551616\" is too big",
            ),
            (&long, "257 bytes long; at most 256 are allowed"),
        ];
        for (input, phrase) in cases {
            let message = Version::parse(input).unwrap_err().to_string();
            assert!(
                message.contains(phrase),
                "{input:?}: {message:?} lacks {phrase:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// The one-pass reading answers as the general one wherever it answers; texts from
        /// digits, dots and a few other characters, so that both plain and other texts come up.
        #[test]
        fn the_plain_reading_agrees_with_the_general_one(text in "[0-9.vV +-]{0,12}|[0-9]{15,25}(\\.[0-9]{1,3}){0,3}") {
            if let Some(version) = plain(&text) {
                proptest::prop_assert_eq!(Ok(version), parse_any(&text));
            }
        }
    }

    #[test]
    fn plain_texts_take_the_one_pass_reading() {
        for text in [
            "0",
            "2",
            "2.4",
            "2.4.1",
            "2024.01.05",
            "18446744073709551615.0.1",
        ] {
            assert_eq!(plain(text).map(Ok), Some(parse_any(text)), "{text:?}");
        }
        let long = format!("{}1", "0".repeat(MAX_VERSION_LEN));
        for text in [
            "",
            ".",
            "1.",
            ".1",
            "1..2",
            "v1",
            " 1",
            "1.2.3.4",
            "1.2.3-b",
            "1.2.3+b",
            "18446744073709551616",
            long.as_str(),
        ] {
            assert_eq!(plain(text), None, "{text:?}");
        }
    }
}
