//! Any bytes → `VersionRange::parse` and `Version::parse`, then `matches`. The input is split
//! at the first newline into a range and a version (without a newline, the whole input is tried
//! as both), so the fuzzer can grow either side. Checks, besides "no panic": a parsed range
//! prints to a text that parses back to the same range with the same answer, and a parsed
//! version prints back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollgate::version::{Version, VersionRange};

/// The parsers' documented input limits (docs/versions.md). The normalized form can be longer
/// than the input (`0-rc` prints as `0.0.0-rc`, `^1.2.3` as `>=1.2.3 <2.0.0-0`), so a text near
/// the limit can print to one over it; the round trip is only checked under the limits.
const MAX_VERSION_LEN: usize = 256;
const MAX_RANGE_LEN: usize = 1024;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (range_text, version_text) = text.split_once('\n').unwrap_or((&text, &text));
    let range = VersionRange::parse(range_text);
    let version = Version::parse(version_text);
    if let Ok(v) = &version {
        let printed = v.to_string();
        if printed.len() <= MAX_VERSION_LEN {
            assert_eq!(
                Version::parse(&printed).as_ref(),
                Ok(v),
                "{version_text:?} printed as {printed:?}"
            );
        }
    }
    if let Ok(r) = &range {
        let printed = r.to_string();
        if printed.len() <= MAX_RANGE_LEN {
            let reparsed = VersionRange::parse(&printed);
            assert_eq!(
                reparsed.as_ref(),
                Ok(r),
                "{range_text:?} printed as {printed:?}"
            );
            if let Ok(v) = &version {
                let inside = r.matches(v);
                assert_eq!(reparsed.map(|again| again.matches(v)), Ok(inside));
            }
        }
    }
    // Every attribute string is also parsed as a version on the evaluation path.
    let _ = Version::parse(&text);
    let _ = VersionRange::parse(&text);
});
