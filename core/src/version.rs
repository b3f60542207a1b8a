//! Versions and version ranges for version-gated flags.
//!
//! Attribute values (what an app reports) are parsed by [`Version::parse`]; ranges (what a
//! flag author writes) by [`VersionRange::parse`], using npm node-semver syntax with
//! `includePrerelease` semantics. The user-facing policy lives in `docs/versions.md`; keep the
//! two in step.
//!
//! Everything here takes untrusted text, so parsing never panics, every numeric step is
//! checked, and input sizes are capped.

use crate::digits::push_digit;
use crate::quote::Quoted;
use std::cmp::Ordering;
use std::fmt;
use std::iter::Peekable;
use std::str::SplitWhitespace;

/// Caps the work an attribute value can cause; real version strings are far shorter.
const MAX_VERSION_LEN: usize = 256;
/// Caps the work a range can cause at parse time.
const MAX_RANGE_LEN: usize = 1024;
/// Caps the work [`VersionRange::matches`] does on the hot path.
const MAX_COMPARATORS: usize = 64;
const PART_NAMES: [&str; 3] = ["major", "minor", "patch"];
/// Characters that start an operator. `!`, `|` and `&` are not operators, but grouping them
/// here turns `!=1`, `|1` and `&&` into an "unknown operator" error instead of a vaguer one.
const OPERATOR_CHARS: &[u8] = b"<>=~^!|&";

/// A parsed version: major.minor.patch plus SemVer 2.0 prerelease identifiers. Build metadata is dropped.
///
/// Equality, hashing and ordering all follow SemVer 2.0 precedence, which is why build
/// metadata is not kept: two versions differing only in build metadata must be equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Version {
    /// Major version number.
    pub major: u64,
    /// Minor version number.
    pub minor: u64,
    /// Patch version number.
    pub patch: u64,
    /// Prerelease identifiers (`beta.2` is `[Alpha("beta"), Numeric(2)]`); empty for a release.
    pub pre: Box<[Prerelease]>,
}

/// One dot-separated prerelease identifier.
// Variant order matters: the derived `Ord` ranks every numeric identifier below every
// alphanumeric one, and `Box<str>` compares bytewise, which is SemVer's ASCII order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Prerelease {
    /// An all-digit identifier, compared numerically.
    Numeric(u64),
    /// An identifier containing a letter or `-`, compared ASCII-lexically.
    Alpha(Box<str>),
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.major
            .cmp(&other.major)
            .then(self.minor.cmp(&other.minor))
            .then(self.patch.cmp(&other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                // A release outranks all of its prereleases.
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                // Slice order is lexicographic with the shorter prefix lower, as SemVer wants.
                (false, false) => self.pre.cmp(&other.pre),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        let mut separator = '-';
        for id in &self.pre {
            match id {
                Prerelease::Numeric(n) => write!(f, "{separator}{n}")?,
                Prerelease::Alpha(s) => write!(f, "{separator}{s}")?,
            }
            separator = '.';
        }
        Ok(())
    }
}

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
        if text.len() > MAX_VERSION_LEN {
            return Err(VersionError::new(format!(
                "version text is {} bytes long; at most {MAX_VERSION_LEN} are allowed",
                text.len()
            )));
        }
        let text = text.trim();
        let parsed =
            parse_token(text, false).map_err(|fault| VersionError::from_fault(text, &fault))?;
        let [major, minor, patch] = parsed.nums;
        Ok(Version {
            major: major.unwrap_or(0),
            minor: minor.unwrap_or(0),
            patch: patch.unwrap_or(0),
            pre: parsed.pre,
        })
    }
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
        let whole = text.trim();
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
            if alternative.trim().is_empty() {
                return Err(RangeError::new(format!(
                    "empty alternative in {}: remove the stray \"||\" (write \"*\" to match every version)",
                    Quoted(whole)
                )));
            }
            let start = comparators.len();
            parse_alternative(alternative, whole, &mut comparators)?;
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
        self.alternatives()
            .any(|set| set.iter().all(|comparator| comparator.matches(version)))
    }

    /// The alternatives, each a non-empty set of comparators.
    fn alternatives(&self) -> impl Iterator<Item = &[Comparator]> {
        self.comparators
            .chunk_by(|_, next| !next.starts_alternative)
    }
}

/// Marks `comparators[start..]` (what one alternative desugared to) as one set: its first
/// comparator starts the alternative, and an empty set gets a placeholder that holds for
/// every version.
fn push_alternative(comparators: &mut Vec<Comparator>, start: usize) {
    if comparators.len() == start {
        comparators.push(Comparator {
            op: Op::Any,
            version: release((0, 0, 0)),
            starts_alternative: false,
        });
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    /// Every version: the only comparator of an empty set (`*`, `x`, or an empty range).
    Any,
}

#[derive(Clone, Debug, PartialEq)]
struct Comparator {
    op: Op,
    version: Version,
    /// True on the first comparator of each `||` alternative.
    starts_alternative: bool,
}

impl Comparator {
    fn matches(&self, version: &Version) -> bool {
        let order = version.cmp(&self.version);
        match self.op {
            Op::Any => true,
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
            Op::Eq => order == Ordering::Equal,
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.op {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            // Bare, so that the normalized form parses back to the same range.
            Op::Eq => "",
            Op::Any => return f.write_str("*"),
        };
        write!(f, "{sign}{}", self.version)
    }
}

/// A range operator as written, before desugaring.
#[derive(Clone, Copy)]
enum RangeOp {
    Exact,
    Lt,
    Le,
    Gt,
    Ge,
    Tilde,
    Caret,
}

/// How much of a version a range token pins down; wildcards and missing parts are the same.
enum Level {
    Any,
    Major(u64),
    Minor(u64, u64),
    Full(Version),
}

type Triple = (u64, u64, u64);

fn release((major, minor, patch): Triple) -> Version {
    Version {
        major,
        minor,
        patch,
        pre: Box::default(),
    }
}

/// `X.Y.Z-0` is the lowest version with that core, so `<X.Y.Z-0` excludes its prereleases too.
fn lowest((major, minor, patch): Triple) -> Version {
    Version {
        major,
        minor,
        patch,
        pre: Box::new([Prerelease::Numeric(0)]),
    }
}

// The `next_*` helpers carry on overflow: no version has minor u64::MAX + 1, so "below
// 2.(MAX+1).0" is exactly "below 3.0.0". `None` means no version lies beyond.
fn next_major(major: u64) -> Option<Triple> {
    Some((major.checked_add(1)?, 0, 0))
}

fn next_minor(major: u64, minor: u64) -> Option<Triple> {
    match minor.checked_add(1) {
        Some(minor) => Some((major, minor, 0)),
        None => next_major(major),
    }
}

fn next_patch(major: u64, minor: u64, patch: u64) -> Option<Triple> {
    match patch.checked_add(1) {
        Some(patch) => Some((major, minor, patch)),
        None => next_minor(major, minor),
    }
}

fn push(out: &mut Vec<Comparator>, op: Op, version: Version) {
    out.push(Comparator {
        op,
        version,
        starts_alternative: false,
    });
}

/// An exclusive upper bound; none means the range is unbounded above.
fn push_below(out: &mut Vec<Comparator>, end: Option<Triple>) {
    if let Some(end) = end {
        push(out, Op::Lt, lowest(end));
    }
}

/// `<0.0.0-0` matches nothing because `0.0.0-0` is the lowest possible version.
fn push_nothing(out: &mut Vec<Comparator>) {
    push(out, Op::Lt, lowest((0, 0, 0)));
}

/// Desugars one operator term into plain comparators, following node-semver.
fn desugar(op: RangeOp, level: Level, out: &mut Vec<Comparator>) {
    // A partial version names the span [start, end) of all versions sharing its given parts.
    let (start, end, caret_end) = match level {
        Level::Any => {
            if matches!(op, RangeOp::Lt | RangeOp::Gt) {
                push_nothing(out);
            }
            return;
        }
        Level::Full(version) => return desugar_full(op, version, out),
        Level::Major(major) => ((major, 0, 0), next_major(major), next_major(major)),
        Level::Minor(major, minor) => {
            let end = next_minor(major, minor);
            let caret_end = if major > 0 { next_major(major) } else { end };
            ((major, minor, 0), end, caret_end)
        }
    };
    match op {
        RangeOp::Exact | RangeOp::Tilde => {
            push(out, Op::Ge, release(start));
            push_below(out, end);
        }
        RangeOp::Caret => {
            push(out, Op::Ge, release(start));
            push_below(out, caret_end);
        }
        RangeOp::Ge => push(out, Op::Ge, release(start)),
        RangeOp::Gt => match end {
            Some(end) => push(out, Op::Ge, release(end)),
            None => push_nothing(out),
        },
        RangeOp::Lt => push(out, Op::Lt, lowest(start)),
        RangeOp::Le => push_below(out, end),
    }
}

fn desugar_full(op: RangeOp, version: Version, out: &mut Vec<Comparator>) {
    let end = match op {
        RangeOp::Exact => return push(out, Op::Eq, version),
        RangeOp::Lt => return push(out, Op::Lt, version),
        RangeOp::Le => return push(out, Op::Le, version),
        RangeOp::Gt => return push(out, Op::Gt, version),
        RangeOp::Ge => return push(out, Op::Ge, version),
        RangeOp::Tilde => next_minor(version.major, version.minor),
        RangeOp::Caret => match (version.major, version.minor) {
            (0, 0) => next_patch(0, 0, version.patch),
            (0, minor) => next_minor(0, minor),
            (major, _) => next_major(major),
        },
    };
    push(out, Op::Ge, version);
    push_below(out, end);
}

fn desugar_hyphen(low: Level, high: Level, out: &mut Vec<Comparator>) {
    match low {
        Level::Any => {}
        Level::Major(major) => push(out, Op::Ge, release((major, 0, 0))),
        Level::Minor(major, minor) => push(out, Op::Ge, release((major, minor, 0))),
        Level::Full(version) => push(out, Op::Ge, version),
    }
    match high {
        Level::Any => {}
        Level::Major(major) => push_below(out, next_major(major)),
        Level::Minor(major, minor) => push_below(out, next_minor(major, minor)),
        Level::Full(version) => push(out, Op::Le, version),
    }
}

/// Desugars one `||` alternative onto the end of `out`.
fn parse_alternative(
    alternative: &str,
    whole: &str,
    out: &mut Vec<Comparator>,
) -> Result<(), RangeError> {
    let misplaced_hyphen = || {
        RangeError::new(format!(
            "misplaced \"-\" in {}: a hyphen range is written \"1.2.3 - 2.3.4\", with plain versions on both sides",
            Quoted(whole)
        ))
    };
    let mut tokens = alternative.split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        if token == "-" {
            return Err(misplaced_hyphen());
        }
        let (op, text) = split_operator(token, &mut tokens, whole)?;
        let level = parse_level(text, whole)?;
        if tokens.peek() != Some(&"-") {
            desugar(op.unwrap_or(RangeOp::Exact), level, out);
            continue;
        }
        tokens.next();
        let Some(high) = tokens.next() else {
            return Err(RangeError::new(format!(
                "hyphen range in {} is missing its upper bound",
                Quoted(whole)
            )));
        };
        if op.is_some() || high == "-" || starts_with_operator(high) {
            return Err(misplaced_hyphen());
        }
        desugar_hyphen(level, parse_level(high, whole)?, out);
    }
    Ok(())
}

/// Splits a leading operator off `token`, taking the version from the next token when the
/// operator stands alone (`>= 2.3.0`). `None` means no operator was written.
fn split_operator<'a>(
    token: &'a str,
    tokens: &mut Peekable<SplitWhitespace<'a>>,
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
    let parsed = parse_token(text, true).map_err(|fault| {
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

/// A version token split into parts; `None` marks a missing or wildcard part.
struct Parsed {
    nums: [Option<u64>; 3],
    pre: Box<[Prerelease]>,
}

#[derive(Clone, Copy)]
enum Section {
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

/// What went wrong in a version token. Offsets are bytes into the token; they are turned into
/// 1-based character positions only when a message is rendered.
enum Fault {
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
    TagOnPartial,
}

impl Fault {
    fn reason(&self, text: &str) -> String {
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
            Fault::TagOnPartial => {
                "a prerelease or build metadata needs a full major.minor.patch version in a range"
                    .into()
            }
        }
    }
}

fn char_at(text: &str, at: usize) -> Option<char> {
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

/// Parses one whitespace-free version token. In `range` mode `x`, `X` and `*` are accepted as
/// parts, and prerelease/build need all three numbers (an x-range with a tag has no meaning).
fn parse_token(text: &str, range: bool) -> Result<Parsed, Fault> {
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
        if range && matches!(part, "x" | "X" | "*") {
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
    let tagged = !pre.is_empty() || build.is_some();
    if range && tagged && nums.iter().any(Option::is_none) {
        return Err(Fault::TagOnPartial);
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
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
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

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn r(text: &str) -> VersionRange {
        VersionRange::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn parses_valid_attribute_values() {
        let cases = [
            ("1.2.3", "1.2.3"),
            (" v1.2.3 ", "1.2.3"),
            ("\t1.2.3\n", "1.2.3"),
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

    #[test]
    fn orders_by_semver_precedence() {
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1-0",
            "1.0.1",
            "1.9.0",
            "1.10.0",
            "2.0.0-0",
            "2.0.0-0.0",
            "2.0.0-1",
            "2.0.0-10",
            "2.0.0-9a",
            "2.0.0-Z",
            "2.0.0-a",
            "2.0.0",
            "18446744073709551614.18446744073709551615.18446744073709551615",
            "18446744073709551615.0.0-0",
            "18446744073709551615.0.0",
            "18446744073709551615.18446744073709551615.18446744073709551615",
        ];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]), "{} > {}", pair[1], pair[0]);
        }
        assert_eq!(v("1.2.3+a"), v("1.2.3+b"));
        assert_eq!(v("01.02.03").cmp(&v("1.2.3")), Ordering::Equal);
        assert_eq!(v("1.0.0-alpha"), v("1.0.0-alpha+x"));
        assert_ne!(v("1.0.0-alpha"), v("1.0.0"));
    }

    /// (range, normalized form, versions that match, versions that do not)
    type Case = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );

    const DESUGARING: &[Case] = &[
        ("", "*", &["0.0.0-0", "1.2.3-alpha", "9.9.9"], &[]),
        ("*", "*", &["1.2.3-alpha", "0.0.0"], &[]),
        ("x", "*", &["1.2.3"], &[]),
        ("X", "*", &["1.2.3"], &[]),
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
        (
            "2",
            ">=2.0.0 <3.0.0-0",
            &["2.0.0", "2.9.9", "2.1.0-beta"],
            &["2.0.0-beta", "3.0.0-0", "1.9.9"],
        ),
        ("2.x", ">=2.0.0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("2.*", ">=2.0.0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("2.x.x", ">=2.0.0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("=2", ">=2.0.0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        ("v2", ">=2.0.0 <3.0.0-0", &["2.0.0"], &["3.0.0"]),
        (
            "2.3",
            ">=2.3.0 <2.4.0-0",
            &["2.3.0", "2.3.99"],
            &["2.4.0-0", "2.2.9"],
        ),
        ("2.3.x", ">=2.3.0 <2.4.0-0", &["2.3.0"], &["2.4.0"]),
        (">=2.3", ">=2.3.0", &["2.3.0"], &["2.3.0-beta"]),
        (">=2.x", ">=2.0.0", &["2.0.0"], &["1.9.9"]),
        (">=2", ">=2.0.0", &["2.0.0"], &["1.9.9"]),
        (">2.3", ">=2.4.0", &["2.4.0"], &["2.3.9", "2.4.0-beta"]),
        (">2", ">=3.0.0", &["3.0.0"], &["2.99.0", "3.0.0-rc.1"]),
        ("<2.3", "<2.3.0-0", &["2.2.9"], &["2.3.0-0", "2.3.0"]),
        ("<=2.3", "<2.4.0-0", &["2.3.9"], &["2.4.0-0"]),
        ("<=2", "<3.0.0-0", &["2.9.9"], &["3.0.0-0"]),
        ("<2", "<2.0.0-0", &["1.9.9"], &["2.0.0-0"]),
        ("<3", "<3.0.0-0", &["2.9.9"], &["3.0.0-rc.1", "3.0.0"]),
        ("<*", "<0.0.0-0", &[], &["0.0.0-0", "1.0.0"]),
        (">*", "<0.0.0-0", &[], &["0.0.0"]),
        (">=*", "*", &["0.0.0-0"], &[]),
        ("<=*", "*", &["0.0.0-0"], &[]),
        (
            "~1.2.3",
            ">=1.2.3 <1.3.0-0",
            &["1.2.3", "1.2.9"],
            &["1.2.2", "1.3.0-0", "1.2.3-rc"],
        ),
        ("~1.2", ">=1.2.0 <1.3.0-0", &["1.2.0"], &["1.3.0"]),
        ("~1", ">=1.0.0 <2.0.0-0", &["1.9.0"], &["2.0.0-0"]),
        ("~ 1.2.3", ">=1.2.3 <1.3.0-0", &["1.2.3"], &["1.3.0"]),
        ("~>1.2.3", ">=1.2.3 <1.3.0-0", &["1.2.3"], &["1.3.0"]),
        ("~*", "*", &["0.0.0"], &[]),
        (
            "~1.2.3-beta.2",
            ">=1.2.3-beta.2 <1.3.0-0",
            &["1.2.3-beta.2", "1.2.3-beta.11", "1.2.3", "1.2.4-alpha"],
            &["1.2.3-beta.1", "1.3.0-0"],
        ),
        (
            "^1.2.3",
            ">=1.2.3 <2.0.0-0",
            &["1.2.3", "1.9.9"],
            &["1.2.2", "2.0.0-0"],
        ),
        (
            "^0.2.3",
            ">=0.2.3 <0.3.0-0",
            &["0.2.3", "0.2.9"],
            &["0.3.0", "0.2.2"],
        ),
        (
            "^0.0.3",
            ">=0.0.3 <0.0.4-0",
            &["0.0.3"],
            &["0.0.4-0", "0.0.4"],
        ),
        ("^1.2", ">=1.2.0 <2.0.0-0", &["1.2.0", "1.9.0"], &["2.0.0"]),
        ("^1.2.x", ">=1.2.0 <2.0.0-0", &["1.2.0"], &["2.0.0"]),
        ("^0.0", ">=0.0.0 <0.1.0-0", &["0.0.9"], &["0.1.0"]),
        ("^0.0.x", ">=0.0.0 <0.1.0-0", &["0.0.9"], &["0.1.0"]),
        ("^0.2", ">=0.2.0 <0.3.0-0", &["0.2.9"], &["0.3.0"]),
        ("^0.x", ">=0.0.0 <1.0.0-0", &["0.9.9"], &["1.0.0"]),
        ("^0", ">=0.0.0 <1.0.0-0", &["0.9.9"], &["1.0.0"]),
        ("^1.x", ">=1.0.0 <2.0.0-0", &["1.0.0"], &["2.0.0"]),
        ("^*", "*", &["0.0.0"], &[]),
        (
            "^1.2.3-beta.2",
            ">=1.2.3-beta.2 <2.0.0-0",
            &["1.2.3-beta.3"],
            &["1.2.3-beta.1"],
        ),
        (
            "1.2.3 - 2.3.4",
            ">=1.2.3 <=2.3.4",
            &["1.2.3", "2.3.4"],
            &["1.2.2", "2.3.5-0", "1.2.3-rc"],
        ),
        ("1.2 - 2.3.4", ">=1.2.0 <=2.3.4", &["1.2.0"], &["1.1.9"]),
        ("1.2.3 - 2.3", ">=1.2.3 <2.4.0-0", &["2.3.9"], &["2.4.0-0"]),
        ("1.2.3 - 2", ">=1.2.3 <3.0.0-0", &["2.9.9"], &["3.0.0-0"]),
        (
            "2.3.0 - 2.9.x",
            ">=2.3.0 <2.10.0-0",
            &["2.3.0", "2.9.99"],
            &["2.2.9", "2.10.0-0", "2.10.0"],
        ),
        ("* - 2", "<3.0.0-0", &["0.0.0-0"], &["3.0.0"]),
        ("1.2.3 - *", ">=1.2.3", &["99.0.0"], &["1.2.2"]),
        ("v1 - v2", ">=1.0.0 <3.0.0-0", &["1.0.0"], &["3.0.0"]),
        // An empty set (`*`) next to other alternatives: stored as a placeholder comparator.
        (
            "1.x || *",
            ">=1.0.0 <2.0.0-0 || *",
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
            ">=2.3.0 <3.0.0-0 || 2.5.1",
            &["2.3.0", "2.9.9"],
            &["3.0.0-rc.1", "2.2.0"],
        ),
        (
            ">=1.0.0 <1.5.0 || >=2.0.0",
            ">=1.0.0 <1.5.0 || >=2.0.0",
            &["1.4.9", "2.0.0"],
            &["1.5.0", "1.9.9"],
        ),
        (">= 1.2.3 < 2", ">=1.2.3 <2.0.0-0", &["1.2.3"], &["2.0.0-0"]),
        ("1 || *", ">=1.0.0 <2.0.0-0 || *", &["5.0.0"], &[]),
        // Upper bounds that would overflow are dropped or carried, never wrapped.
        (
            "^18446744073709551615.0.0",
            ">=18446744073709551615.0.0",
            &["18446744073709551615.9.9"],
            &["1.0.0"],
        ),
        (
            "~18446744073709551615",
            ">=18446744073709551615.0.0",
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
            ">=2.18446744073709551615.0 <3.0.0-0",
            &["2.18446744073709551615.5"],
            &["3.0.0-0"],
        ),
        (
            ">2.18446744073709551615",
            ">=3.0.0",
            &["3.0.0"],
            &["2.18446744073709551615.18446744073709551615"],
        ),
        (
            "^0.0.18446744073709551615",
            ">=0.0.18446744073709551615 <0.1.0-0",
            &["0.0.18446744073709551615"],
            &["0.1.0-0"],
        ),
        ("1.2.3 - 18446744073709551615", ">=1.2.3", &["99.0.0"], &[]),
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
            ("2.3-beta", "needs a full major.minor.patch version"),
            ("1.2.x-beta", "needs a full major.minor.patch version"),
            ("1.2+build", "needs a full major.minor.patch version"),
            ("1.2.3,2.0.0", "unexpected ','"),
            ("v", "expected a number at position 2"),
            (
                "18446744073709551616",
                "the major number 18446744073709551616 is too big",
            ),
            (&long, "1025 bytes long; at most 1024 are allowed"),
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
