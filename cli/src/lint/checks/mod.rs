//! One module per check; each adds its findings to a [`Report`](super::Report).

pub mod constant;
pub mod expires;
pub mod metadata;
pub mod rules;
pub mod segments;
pub mod variants;
