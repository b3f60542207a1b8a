//! The plain comparators every range is desugared into, and how one holds for a version.

use std::cmp::Ordering;
use std::fmt;

use super::super::semver::Version;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    /// Every version: the only comparator of an empty set (`*`, `x`, or an empty range).
    Any,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Comparator {
    pub(super) op: Op,
    pub(super) version: Version,
    /// True on the first comparator of each `||` alternative.
    pub(super) starts_alternative: bool,
}

impl Comparator {
    pub(super) fn new(op: Op, version: Version) -> Self {
        Comparator {
            op,
            version,
            starts_alternative: false,
        }
    }

    /// Whether `version` satisfies this comparator, by plain SemVer precedence.
    pub(super) fn matches(&self, version: &Version) -> bool {
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
