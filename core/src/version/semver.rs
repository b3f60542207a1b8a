//! What a version is and how two versions compare: SemVer 2.0 precedence.

use std::cmp::Ordering;
use std::fmt;

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

/// A version core without prerelease: what range desugaring computes bounds from.
pub(super) type Triple = (u64, u64, u64);

impl Version {
    /// `X.Y.Z-0`, the lowest version with that core: `<X.Y.Z-0` excludes its prereleases too,
    /// and `>=X.Y.Z-0` includes them.
    pub(super) fn lowest((major, minor, patch): Triple) -> Version {
        Version {
            major,
            minor,
            patch,
            pre: Box::new([Prerelease::Numeric(0)]),
        }
    }

    /// `0.0.0-0`, below every other version.
    pub(super) fn minimum() -> Version {
        Version::lowest((0, 0, 0))
    }
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

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn orders_by_semver_precedence() {
        let chain = [
            "0.0.0-0",
            "0.0.0-alpha",
            "0.0.0",
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
        assert_eq!(v("0.0.0-0"), Version::minimum());
        assert_eq!(v("1.2.3+a"), v("1.2.3+b"));
        assert_eq!(v("01.02.03").cmp(&v("1.2.3")), Ordering::Equal);
        assert_eq!(v("1.0.0-alpha"), v("1.0.0-alpha+x"));
        assert_ne!(v("1.0.0-alpha"), v("1.0.0"));
    }
}
