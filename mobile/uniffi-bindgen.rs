//! The workspace's `uniffi-bindgen`: generates the Kotlin, Swift and Python bindings from the
//! compiled library's metadata (`generate --library <lib> --language <lang> --out-dir <dir>`).
//! It lives here so its version always matches the `uniffi` crate the library was built with.

fn main() {
    uniffi::uniffi_bindgen_main()
}
