//! JSON for the core: the parser, the borrowed tree it builds, the owned [`Value`] the core
//! hands out, and the writer (compact text, numbers in their shortest round-trip form).
//!
//! A leaf: it imports nothing from the rest of the crate, so the loader, contexts, values and
//! explanations all build on it. Inside the core this is the only JSON representation;
//! serde_json appears only in the bridge of the `serde` feature.
//!
//! Numbers are exact both ways: every number read is the correctly rounded double of its text
//! (integers that fit stay exact integers), and every number written reads back to the same
//! double.

mod big;
mod exact;
mod number;
mod parse;
#[cfg(feature = "serde")]
mod serde;
mod tree;
mod value;
mod write;

pub(crate) use number::{write_f64, Number};
/// For [`Json::from_serde`] (the `Options` of text parses have [`Options::untagged`]).
#[cfg(feature = "serde")]
pub(crate) use parse::Untagged;
pub(crate) use parse::{parse, KeyTags, Options, SyntaxError};
pub(crate) use tree::{key_eq, same_text, Json, Member, Object};
pub use value::Value;

/// Parses JSON text, nested at most `max_depth` levels, into an owned [`Value`]; the error
/// names the line and column.
///
/// For hosts that keep small JSON records of their own (the mobile library's persisted
/// overrides): the core's parser is already in every binding, and a second one (serde_json's
/// parser) added 110 KB to the mobile library. Native hosts only (feature `native`): the browser
/// build has no use for it.
#[cfg(feature = "native")]
pub fn parse_value(text: &str, max_depth: usize) -> Result<Value, String> {
    let arena = bumpalo::Bump::new();
    parse(text, &arena, Options::untagged(max_depth))
        .map(Json::to_value)
        .map_err(|e| e.to_string())
}
pub use write::write_string;
