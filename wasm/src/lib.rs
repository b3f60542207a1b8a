//! WebAssembly bindings of the Rollgate core, for the npm package `rollgate`.
//!
//! The bindings are thin: they translate types and errors; every decision is the core's.
//! What they add is a boundary shaped for speed, because crossing between JS and WASM costs
//! more than evaluating a flag (see `docs/wasm.md`):
//!
//! - a context is converted once into a [`WasmContext`] handle that lives inside WASM, and a
//!   plain object evaluated once crosses as bytes written into WASM memory (the inbox,
//!   [`context_inbox`]) instead of JSON text;
//! - flags are addressed by index (JS keeps a `Map` from key to index per ruleset);
//! - a result is written as eight `i32` into a scratch buffer in WASM memory that JS reads
//!   through a typed array; strings, values and metadata are interned per ruleset and cross
//!   once ([`Interner`](intern::Interner)), so an evaluation moves a few integers and nothing else.
//!
//! Nothing here may panic: a panic in WASM traps and kills the instance. The crate denies
//! `unwrap`, `expect`, `panic!` and slice indexing, like the core.

mod context;
mod engine;
mod errors;
#[cfg(feature = "explain")]
mod explain;
mod heap;
mod inbox;
mod intern;
mod record;
// The browser build's allocator (heap.rs installs it on wasm32 only).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod size_classes;
mod startup;

pub use context::WasmContext;
pub use engine::WasmEngine;
pub use heap::heap_bytes;
pub use inbox::context_inbox;
pub use startup::startup_choice;
