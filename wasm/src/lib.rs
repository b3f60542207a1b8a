//! WebAssembly bindings (work in progress).
