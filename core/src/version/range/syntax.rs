//! Range syntax: one `||` alternative read into operator terms and hyphen ranges.
//!
//! The grammar is node-semver's (`docs/versions.md`, "Range syntax"): whitespace-separated
//! comparators, each an optional operator, optional whitespace and a version; or one hyphen
//! range `A - B` as the whole alternative. Texts node-semver only accepts because its text
//! rewriting deletes or ignores characters (`1.2.3*`, `==1`, `~1.x.3`) are rejected.

use std::iter::Peekable;

use crate::quote::Quoted;

use super::super::attribute::MAX_VERSION_LEN;
use super::super::semver::Version;
use super::super::space::is_space;
use super::super::token::{parse_token, Mode};
use super::comparator::Comparator;
use super::desugar::{desugar_hyphen, desugar_term};
use super::RangeError;

/// Characters that start an operator. `!`, `|` and `&` are not operators, but grouping them
/// here turns `!=1`, `|1` and `&&` into an "unknown operator" error instead of a vaguer one.
const OPERATOR_CHARS: &[u8] = b"<>=~^!|&";

/// A range operator as written, before desugaring.
#[derive(Clone, Copy)]
pub(super) enum RangeOp {
    Exact,
    Lt,
    Le,
    Gt,
    Ge,
    Tilde,
    Caret,
}

/// How much of a version a range token pins down; wildcards and missing parts are the same.
pub(super) enum Level {
    Any,
    Major(u64),
    Minor(u64, u64),
    Full(Version),
}

/// The whitespace-separated tokens of an alternative.
struct Words<'a>(&'a str);

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.0.trim_start_matches(is_space);
        let end = rest.find(is_space).unwrap_or(rest.len());
        let (word, tail) = rest.split_at_checked(end).unwrap_or((rest, ""));
        self.0 = tail;
        (!word.is_empty()).then_some(word)
    }
}

type Tokens<'a> = Peekable<Words<'a>>;

/// Reads one non-blank `||` alternative and desugars it onto the end of `out`; `whole` is
/// the full range text, quoted in errors.
pub(super) fn read_alternative(
    alternative: &str,
    whole: &str,
    out: &mut Vec<Comparator>,
) -> Result<(), RangeError> {
    let misplaced_hyphen = || {
        RangeError::new(format!(
            "misplaced \"-\" in {}: a hyphen range is written \"1.2.3 - 2.3.4\", with plain versions on both sides and nothing else in its alternative",
            Quoted(whole)
        ))
    };
    let mut tokens = Words(alternative).peekable();
    let mut first = true;
    while let Some(token) = tokens.next() {
        if token == "-" {
            return Err(misplaced_hyphen());
        }
        let (op, text) = split_operator(token, &mut tokens, whole)?;
        let level = parse_level(text, whole)?;
        if tokens.peek() != Some(&"-") {
            desugar_term(op.unwrap_or(RangeOp::Exact), level, out);
            first = false;
            continue;
        }
        tokens.next();
        let Some(high) = tokens.next() else {
            return Err(RangeError::new(format!(
                "hyphen range in {} is missing its upper bound",
                Quoted(whole)
            )));
        };
        if !first || op.is_some() || high == "-" || starts_with_operator(high) {
            return Err(misplaced_hyphen());
        }
        let high = parse_level(high, whole)?;
        if tokens.peek().is_some() {
            return Err(misplaced_hyphen());
        }
        desugar_hyphen(level, high, out);
    }
    Ok(())
}

/// Splits a leading operator off `token`, taking the version from the next token when the
/// operator stands alone (`>= 2.3.0`). `None` means no operator was written.
fn split_operator<'a>(
    token: &'a str,
    tokens: &mut Tokens<'a>,
    whole: &str,
) -> Result<(Option<RangeOp>, &'a str), RangeError> {
    let len = token
        .bytes()
        .take_while(|b| OPERATOR_CHARS.contains(b))
        .count();
    let (sign, text) = token.split_at_checked(len).unwrap_or((token, ""));
    let op = match sign {
        "" => None,
        "=" => Some(RangeOp::Exact),
        "<" => Some(RangeOp::Lt),
        "<=" => Some(RangeOp::Le),
        ">" => Some(RangeOp::Gt),
        ">=" => Some(RangeOp::Ge),
        "~" | "~>" => Some(RangeOp::Tilde),
        "^" => Some(RangeOp::Caret),
        _ => {
            return Err(RangeError::new(format!(
                "unknown operator {} in {}",
                Quoted(sign),
                Quoted(whole)
            )))
        }
    };
    if !text.is_empty() {
        return Ok((op, text));
    }
    match tokens.peek() {
        Some(&next) if next != "-" && !starts_with_operator(next) => {
            tokens.next();
            Ok((op, next))
        }
        _ => Err(RangeError::new(format!(
            "operator {} has no version after it in {}",
            Quoted(sign),
            Quoted(whole)
        ))),
    }
}

fn starts_with_operator(token: &str) -> bool {
    token
        .bytes()
        .next()
        .is_some_and(|b| OPERATOR_CHARS.contains(&b))
}

fn parse_level(text: &str, whole: &str) -> Result<Level, RangeError> {
    // The attribute policy's cap holds for a version written in a range too (npm's as well).
    if text.len() > MAX_VERSION_LEN {
        return Err(RangeError::new(format!(
            "version in {} is {} bytes long; at most {MAX_VERSION_LEN} are allowed",
            Quoted(whole),
            text.len()
        )));
    }
    let parsed = parse_token(text, Mode::Range).map_err(|fault| {
        RangeError::new(format!(
            "invalid version {} in {}: {}",
            Quoted(text),
            Quoted(whole),
            fault.reason(text)
        ))
    })?;
    Ok(match parsed.nums {
        [Some(major), Some(minor), Some(patch)] => Level::Full(Version {
            major,
            minor,
            patch,
            pre: parsed.pre,
        }),
        [Some(major), Some(minor), None] => Level::Minor(major, minor),
        [Some(major), None, _] => Level::Major(major),
        [None, _, _] => Level::Any,
    })
}
