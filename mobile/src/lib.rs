//! Mobile bindings (work in progress).
