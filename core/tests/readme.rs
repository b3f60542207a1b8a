//! The README's Rust quick start is `core/tests/readme/quickstart.rs`, word for word, and it
//! runs: its assertions are the README's claims about what the bundled example ruleset answers.
//! The README's example ruleset loads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

// The snippet's `main` becomes a function of this test crate (the test harness has its own
// entry point), so the test below can run it.
include!("readme/quickstart.rs");

/// The fenced blocks of `lang` in a markdown text.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    markdown
        .split(fence.as_str())
        .skip(1)
        .map(|block| {
            let end = block.find("```").expect("every block is closed");
            block[..end].to_string()
        })
        .collect()
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap()
}

#[test]
fn readme_rust_quick_start_is_the_example_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let example = std::fs::read_to_string(root.join("core/tests/readme/quickstart.rs")).unwrap();
    assert_eq!(
        blocks(&readme(), "rust"),
        [example],
        "README.md's one ```rust block must equal core/tests/readme/quickstart.rs"
    );

    // The snippet reads `examples/flags.json`, as a user running it from the repository would.
    std::env::set_current_dir(&root).unwrap();
    main().unwrap();
}

#[test]
fn readme_ruleset_loads() {
    let rulesets = blocks(&readme(), "json");
    assert_eq!(rulesets.len(), 1, "README.md shows one ruleset");
    let ruleset = rollgate::Ruleset::from_json(&rulesets[0]).unwrap();
    assert_eq!(ruleset.revision(), 42);
}
