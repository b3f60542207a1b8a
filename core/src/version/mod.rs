//! Versions and version ranges for version-gated flags.
//!
//! Attribute values (what an app reports) are parsed by [`Version::parse`] under the
//! attribute policy; ranges (what a flag author writes) by [`VersionRange::parse`], in npm
//! node-semver syntax with node-semver 7.8.6's `includePrerelease` answers, the pinned oracle
//! of ADR 0017. The user-facing policy lives in `docs/versions.md`; keep the two in step.
//!
//! - [`semver`]: the [`Version`] type and SemVer 2.0 precedence;
//! - [`token`]: reading one version text into parts, shared by attributes and ranges;
//! - [`attribute`]: the attribute policy ([`Version::parse`], [`VersionError`]);
//! - [`range`]: range syntax, desugaring and matching ([`VersionRange`]);
//! - [`space`]: which characters are whitespace (JavaScript's, as node-semver's).
//!
//! Everything here takes untrusted text, so parsing never panics, every numeric step is
//! checked, and input sizes are capped.

mod attribute;
mod range;
mod semver;
mod space;
mod token;

pub use attribute::VersionError;
pub use range::{RangeError, VersionRange};
pub use semver::{Prerelease, Version};
