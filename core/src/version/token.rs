//! Reading one version text, such as `v2.3`, `1.x` or `1.2.3-beta.2+build.7`, into its parts.
//!
//! Shared by attribute values and ranges, so both accept numbers, prerelease and build
//! metadata the same way. The lenient parts of that reading (a `v` or `V` prefix, leading
//! zeros, numbers up to `u64::MAX`) are the attribute policy of `docs/versions.md`; what each
//! caller makes of missing parts is its own business.

use crate::digits::push_digit;
use crate::quote::Quoted;

use super::semver::Prerelease;

const PART_NAMES: [&str; 3] = ["major", "minor", "patch"];

/// Whether wildcards are allowed: in ranges (`1.x`) but never in attribute values.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Attribute,
    Range,
}

/// A version text split into parts; `None` marks a missing or wildcard part.
pub(super) struct Parsed {
    pub(super) nums: [Option<u64>; 3],
    pub(super) pre: Box<[Prerelease]>,
}

#[derive(Clone, Copy)]
pub(super) enum Section {
    Prerelease,
    Build,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Prerelease => "prerelease",
            Section::Build => "build metadata",
        }
    }
}

/// What went wrong in a version text. Offsets are bytes into the text; they are turned into
/// 1-based character positions only when a message is rendered.
pub(super) enum Fault {
    Empty,
    ExpectedNumber(usize),
    Unexpected(usize),
    NumberAfterWildcard(usize),
    TooBig(usize, usize, usize),
    TooManyParts(usize),
    EmptyIdentifier(Section, usize),
    BadCharacter(Section, usize),
    LeadingZero(usize, usize),
    PrereleaseTooBig(usize, usize),
    PrereleaseOnPartial,
}

impl Fault {
    /// Why `text` was refused, in words, with 1-based character positions.
    pub(super) fn reason(&self, text: &str) -> String {
        let snippet = |start: usize, end: usize| text.get(start..end).unwrap_or_default();
        match *self {
            Fault::Empty => "it is empty".into(),
            Fault::ExpectedNumber(at) => format!(
                "expected a number at position {}, found {}",
                position(text, at),
                found(text, at)
            ),
            Fault::Unexpected(at) => format!(
                "unexpected {} at position {}",
                found(text, at),
                position(text, at)
            ),
            Fault::NumberAfterWildcard(at) => {
                format!(
                    "a number cannot follow a wildcard (position {})",
                    position(text, at)
                )
            }
            Fault::TooBig(part, start, end) => format!(
                "the {} number {} is too big (at most {})",
                PART_NAMES.get(part).copied().unwrap_or_default(),
                snippet(start, end),
                u64::MAX
            ),
            Fault::TooManyParts(count) => {
                format!("it has {count} numeric parts; at most 3 are allowed")
            }
            Fault::EmptyIdentifier(section, at) => format!(
                "empty {} identifier at position {}",
                section.name(),
                position(text, at)
            ),
            Fault::BadCharacter(section, at) => format!(
                "invalid character {} in {} at position {}; only 0-9, A-Z, a-z and - are allowed",
                found(text, at),
                section.name(),
                position(text, at)
            ),
            Fault::LeadingZero(start, end) => {
                format!(
                    "numeric prerelease identifier {} has a leading zero",
                    Quoted(snippet(start, end))
                )
            }
            Fault::PrereleaseTooBig(start, end) => format!(
                "numeric prerelease identifier {} is too big (at most {})",
                Quoted(snippet(start, end)),
                u64::MAX
            ),
            Fault::PrereleaseOnPartial => {
                "a prerelease needs a full major.minor.patch version in a range".into()
            }
        }
    }
}

/// The character at byte offset `at`, if `at` is on a character boundary inside `text`.
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

fn position(text: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(at, |head| head.chars().count())
        .saturating_add(1)
}

fn found(text: &str, at: usize) -> String {
    match char_at(text, at) {
        // Single-quoted like `char`'s Debug, without linking Unicode printability tables.
        Some(c) => {
            let mut buf = [0u8; 4];
            let quoted = Quoted(c.encode_utf8(&mut buf)).to_string();
            let inner = quoted
                .get(1..quoted.len().saturating_sub(1))
                .unwrap_or_default();
            format!("'{}'", inner.replace("\\\"", "\""))
        }
        None => "end of text".into(),
    }
}

/// Parses one whitespace-free version text. In [`Mode::Range`] `x`, `X` and `*` are accepted
/// as parts, and a prerelease needs three numbers (an x-range with a prerelease has no
/// meaning); build metadata may follow any version and is checked, then dropped.
pub(super) fn parse_token(text: &str, mode: Mode) -> Result<Parsed, Fault> {
    if text.is_empty() {
        return Err(Fault::Empty);
    }
    let base = usize::from(text.starts_with(['v', 'V']));
    let body = text.get(base..).unwrap_or_default();
    // Split on `+` first: build metadata may itself contain `-`.
    let (main, build) = split_once(body, '+');
    let (core, pre) = split_once(main, '-');

    let mut nums = [None; 3];
    let mut count = 0usize;
    let mut wild = false;
    let mut at = base;
    for part in core.split('.') {
        if mode == Mode::Range && matches!(part, "x" | "X" | "*") {
            wild = true;
        } else {
            let digits = part.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(Fault::ExpectedNumber(at));
            }
            if digits < part.len() {
                return Err(Fault::Unexpected(at.saturating_add(digits)));
            }
            if wild {
                return Err(Fault::NumberAfterWildcard(at));
            }
            // Parts past the third are only counted, for the error below.
            if let Some(slot) = nums.get_mut(count) {
                let end = at.saturating_add(part.len());
                *slot = Some(parse_digits(part).ok_or(Fault::TooBig(count, at, end))?);
            }
        }
        count = count.saturating_add(1);
        at = at.saturating_add(part.len()).saturating_add(1);
    }
    if count > 3 {
        return Err(Fault::TooManyParts(count));
    }

    let pre_at = base.saturating_add(core.len()).saturating_add(1);
    let pre = match pre {
        Some(pre) => parse_prerelease(pre, pre_at)?,
        None => Box::default(),
    };
    if let Some(build) = build {
        let mut at = base.saturating_add(main.len()).saturating_add(1);
        for id in build.split('.') {
            check_identifier(id, at, Section::Build)?;
            at = at.saturating_add(id.len()).saturating_add(1);
        }
    }
    if mode == Mode::Range && !pre.is_empty() && nums.iter().any(Option::is_none) {
        return Err(Fault::PrereleaseOnPartial);
    }
    Ok(Parsed { nums, pre })
}

/// A non-empty string of ASCII digits as a `u64`; `None` otherwise or past `u64::MAX`.
/// Not `str::parse`: see [`push_digit`]; versions are parsed for every range at load and
/// every context's `appVersion`.
fn parse_digits(digits: &str) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, byte| {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        push_digit(n, digit)
    })
}

fn split_once(text: &str, separator: char) -> (&str, Option<&str>) {
    match text.split_once(separator) {
        Some((head, tail)) => (head, Some(tail)),
        None => (text, None),
    }
}

fn parse_prerelease(pre: &str, mut at: usize) -> Result<Box<[Prerelease]>, Fault> {
    let mut ids = Vec::new();
    for id in pre.split('.') {
        check_identifier(id, at, Section::Prerelease)?;
        let end = at.saturating_add(id.len());
        if id.bytes().all(|b| b.is_ascii_digit()) {
            if id.len() > 1 && id.starts_with('0') {
                return Err(Fault::LeadingZero(at, end));
            }
            let n = parse_digits(id).ok_or(Fault::PrereleaseTooBig(at, end))?;
            ids.push(Prerelease::Numeric(n));
        } else {
            ids.push(Prerelease::Alpha(id.into()));
        }
        at = end.saturating_add(1);
    }
    Ok(ids.into_boxed_slice())
}

fn check_identifier(id: &str, at: usize, section: Section) -> Result<(), Fault> {
    if id.is_empty() {
        return Err(Fault::EmptyIdentifier(section, at));
    }
    match id
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
    {
        Some(bad) => Err(Fault::BadCharacter(section, at.saturating_add(bad))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_digits_agrees_with_str_parse_up_to_and_past_u64_max() {
        for text in [
            "0",
            "7",
            "10",
            "0012",
            "18446744073709551605",
            "18446744073709551609",
            "18446744073709551610",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "184467440737095516150",
            "",
            "1a",
            "-1",
            "+1",
        ] {
            let all_digits = text.bytes().all(|b| b.is_ascii_digit());
            let expected = text.parse::<u64>().ok().filter(|_| all_digits);
            assert_eq!(parse_digits(text), expected, "{text:?}");
        }
    }
}
