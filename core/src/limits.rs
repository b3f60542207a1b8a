//! Documented limits on rulesets and contexts (see `docs/format.md`, "Limits").
//!
//! They bound memory, recursion depth and load time for any input, so that a hostile or broken
//! snapshot produces an error instead of a stack overflow or a frozen app.

/// Largest ruleset document accepted, in bytes.
pub const MAX_RULESET_BYTES: usize = 16 * 1024 * 1024;
/// Most flags in one ruleset.
pub const MAX_FLAGS: usize = 10_000;
/// Most segments in one ruleset.
pub const MAX_SEGMENTS: usize = 10_000;
/// Most rules in one flag.
pub const MAX_RULES_PER_FLAG: usize = 1_000;
/// Most variants in one flag.
pub const MAX_VARIANTS_PER_FLAG: usize = 1_000;
/// Deepest nesting of `all` / `any` / `not` in one condition.
pub const MAX_CONDITION_DEPTH: usize = 32;
/// Most values in one `in` / `notIn` list.
pub const MAX_LIST_VALUES: usize = 100_000;
/// Longest regular expression pattern, in bytes.
pub const MAX_PATTERN_BYTES: usize = 1_024;
/// Longest prerequisite chain (flag → prerequisite → its prerequisite ...).
pub const MAX_PREREQUISITE_DEPTH: usize = 16;
/// Most ramp steps in one rollout.
pub const MAX_RAMP_STEPS: usize = 100;
/// Most problems reported for one document; the rest are dropped.
pub const MAX_PROBLEMS: usize = 1_000;
/// Deepest JSON nesting (objects and arrays) accepted anywhere.
pub const MAX_JSON_DEPTH: usize = 128;

/// Refuses a ruleset text longer than [`MAX_RULESET_BYTES`]. The loader applies it to JSON;
/// hosts that convert another format (the CLI's YAML) apply it to their input too.
pub fn check_ruleset_size(bytes: usize) -> Result<(), crate::LoadError> {
    if bytes > MAX_RULESET_BYTES {
        return Err(crate::LoadError::single(
            "",
            crate::ProblemKind::LimitExceeded,
            crate::problem::message(crate::ProblemKind::LimitExceeded, || {
                format!("ruleset is {bytes} bytes; the limit is {MAX_RULESET_BYTES}")
            }),
        ));
    }
    Ok(())
}
