//! Desugaring: each operator term of a range becomes plain comparators, with exactly the
//! bounds node-semver 7.8.6 gives under `includePrerelease` (ADR 0017, `docs/versions.md`).
//!
//! The rule node-semver follows, and so this module: a lower bound that the text *implies*
//! (a partial version, an x-range, either end of a hyphen range) starts at `-0`, the lowest
//! prerelease, so `1.2.0-alpha.1` is in `^1.2`, `~1.2`, `1.2.x` and `>=1.2`. A lower bound
//! *written* as a full version (`^1.2.3`, `~1.2.3`, `>=1.2.3`) stays as written. Upper bounds
//! are exclusive at `-0` of the next version, so no prerelease of it slips in.

use super::super::semver::{Triple, Version};
use super::comparator::{Comparator, Op};
use super::syntax::{Level, RangeOp};

/// Desugars `op` applied to `level` (`^1.2`, `>=2`, `~1.2.3`, `*`) onto the end of `out`.
pub(super) fn desugar_term(op: RangeOp, level: Level, out: &mut Vec<Comparator>) {
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
            push_from_lowest(out, start);
            push_below(out, end);
        }
        RangeOp::Caret => {
            push_from_lowest(out, start);
            push_below(out, caret_end);
        }
        RangeOp::Ge => push_from_lowest(out, start),
        RangeOp::Gt => match end {
            Some(end) => push_from_lowest(out, end),
            None => push_nothing(out),
        },
        RangeOp::Lt => out.push(Comparator::new(Op::Lt, Version::lowest(start))),
        RangeOp::Le => push_below(out, end),
    }
}

/// An operator on a full version: the written version is the bound.
fn desugar_full(op: RangeOp, version: Version, out: &mut Vec<Comparator>) {
    let end = match op {
        RangeOp::Exact => return out.push(Comparator::new(Op::Eq, version)),
        RangeOp::Lt => return out.push(Comparator::new(Op::Lt, version)),
        RangeOp::Le => return out.push(Comparator::new(Op::Le, version)),
        RangeOp::Gt => return out.push(Comparator::new(Op::Gt, version)),
        RangeOp::Ge => return out.push(Comparator::new(Op::Ge, version)),
        RangeOp::Tilde => next_minor(version.major, version.minor),
        // A caret allows changes right of the first non-zero part.
        RangeOp::Caret => match (version.major, version.minor) {
            (0, 0) => next_patch(0, 0, version.patch),
            (0, minor) => next_minor(0, minor),
            (major, _) => next_major(major),
        },
    };
    out.push(Comparator::new(Op::Ge, version));
    push_below(out, end);
}

/// Desugars the hyphen range `low - high` onto the end of `out`. Both ends are inclusive:
/// a release end takes its prereleases in (`1.0.0 - 2.0.0` is `>=1.0.0-0 <2.0.1-0`), a
/// prerelease end is kept as written, and a partial end covers its whole x-range.
pub(super) fn desugar_hyphen(low: Level, high: Level, out: &mut Vec<Comparator>) {
    match low {
        Level::Any => {}
        Level::Major(major) => push_from_lowest(out, (major, 0, 0)),
        Level::Minor(major, minor) => push_from_lowest(out, (major, minor, 0)),
        Level::Full(version) if !version.pre.is_empty() => {
            out.push(Comparator::new(Op::Ge, version));
        }
        Level::Full(version) => push_from_lowest(out, core(&version)),
    }
    match high {
        Level::Any => {}
        Level::Major(major) => push_below(out, next_major(major)),
        Level::Minor(major, minor) => push_below(out, next_minor(major, minor)),
        Level::Full(version) if !version.pre.is_empty() => {
            out.push(Comparator::new(Op::Le, version));
        }
        Level::Full(version) => {
            push_below(out, next_patch(version.major, version.minor, version.patch));
        }
    }
}

fn core(version: &Version) -> Triple {
    (version.major, version.minor, version.patch)
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

/// The inclusive lower bound `>=start-0`. `>=0.0.0-0` holds for every version, so it is left
/// out, as node-semver leaves it out (`^0.0` is `<0.1.0-0`).
fn push_from_lowest(out: &mut Vec<Comparator>, start: Triple) {
    if start != (0, 0, 0) {
        out.push(Comparator::new(Op::Ge, Version::lowest(start)));
    }
}

/// An exclusive upper bound below every prerelease of `end`; none means the range is
/// unbounded above.
fn push_below(out: &mut Vec<Comparator>, end: Option<Triple>) {
    if let Some(end) = end {
        out.push(Comparator::new(Op::Lt, Version::lowest(end)));
    }
}

/// `<0.0.0-0` matches nothing because `0.0.0-0` is the lowest possible version.
fn push_nothing(out: &mut Vec<Comparator>) {
    out.push(Comparator::new(Op::Lt, Version::minimum()));
}
