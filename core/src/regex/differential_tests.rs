//! The dialect's reference is the `regex-lite` crate (what rulesets were written against):
//! generated patterns must be accepted or rejected by both, and accepted ones must agree on
//! whether they match generated texts.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

use super::Regex;
use proptest::prelude::*;

/// Pieces that patterns are glued together from: every construct of the dialect, the ones it
/// rejects, and the characters that change meaning with context.
const PIECES: &[&str] = &[
    "a",
    "b",
    "A",
    "é",
    "_",
    "1",
    "-",
    ":",
    "]",
    "}",
    "&",
    "~",
    " ",
    "#",
    "\n",
    "\\d",
    "\\w",
    "\\s",
    "\\D",
    "\\W",
    "\\S",
    "\\b",
    "\\B",
    "\\<",
    "\\>",
    "\\b{start}",
    "\\b{end}",
    "\\b{start-half}",
    "\\b{end-half}",
    "\\b{2}",
    "\\b{x}",
    ".",
    "^",
    "$",
    "\\A",
    "\\z",
    "(",
    ")",
    "(?:",
    "(?i)",
    "(?-i)",
    "(?m)",
    "(?s)",
    "(?R)",
    "(?x)",
    "(?U)",
    "(?u)",
    "(?i:",
    "(?ii)",
    "(?i-)",
    "(?)",
    "(?--i)",
    "(?q)",
    "|",
    "*",
    "+",
    "?",
    "*?",
    "{2}",
    "{1,2}",
    "{0,}",
    "{ 1 , 2 }",
    "{2,1}",
    "{,2}",
    "{",
    "[",
    "[^",
    "[]",
    "[-",
    "[a-z]",
    "[z-a]",
    "[a-]",
    "[[:alpha:]]",
    "[[:^digit:]]",
    "[[:word:]x]",
    "[[:nope:]]",
    "[\\d-z]",
    "[a-\\d]",
    "[\\x41-Z]",
    "[\\A]",
    "[a&&b]",
    "[a--b]",
    "[a~~b]",
    "[ a - z ]",
    "\\x41",
    "\\x4",
    "\\u00e9",
    "\\U0001F600",
    "\\x{e9}",
    "\\x{}",
    "\\x{110000}",
    "\\-",
    "\\.",
    "\\\\",
    "\\ ",
    "\\%",
    "\\e",
    "\\1",
    "\\p{L}",
    "\\é",
    "(?=",
    "(?<n>",
    "(?P<m>",
    "(?<1>",
    "(?<>",
    "\\t",
    "\\n",
    "\\r",
];

/// Characters the texts are made of: both cases, non-ASCII, line ends, word and non-word.
const TEXT_CHARS: &[char] = &[
    'a', 'b', 'A', 'B', 'é', 'É', '\n', '\r', ' ', '_', '-', '1', 'x', 'z', ']', '#',
];

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|pieces| pieces.concat())
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(TEXT_CHARS), 0..10)
            .prop_map(|chars| chars.into_iter().collect::<String>()),
        8,
    )
}

/// Checks one pattern against the reference on the given texts.
fn agree(pattern: &str, texts: &[String]) {
    let ours = Regex::new(pattern);
    let reference = regex_lite::Regex::new(pattern);
    match (&ours, &reference) {
        (Ok(ours), Ok(reference)) => {
            for text in texts {
                assert_eq!(
                    ours.is_match(text),
                    reference.is_match(text),
                    "pattern {pattern:?} on text {text:?}"
                );
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("{pattern:?}: accepted, but regex-lite rejects it: {e}"),
        (Err(e), Ok(_)) => panic!("{pattern:?}: rejected ({e}), but regex-lite accepts it"),
    }
}

/// Cases per run: 4,000 in the test suite; `ROLLGATE_REGEX_CASES=3000000` for a long hunt
/// (~18 s in release; ~27% of generated patterns are valid and get their texts compared).
fn cases() -> u32 {
    std::env::var("ROLLGATE_REGEX_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generated_patterns_agree_with_regex_lite(pattern in pattern(), texts in texts()) {
        agree(&pattern, &texts);
    }
}

#[test]
fn nesting_limit_agrees_at_its_edge() {
    let texts: Vec<String> = vec![String::new(), "a".into(), "aaa".into()];
    for depth in 45..56 {
        agree(
            &format!("{}a{}", "(".repeat(depth), ")".repeat(depth)),
            &texts,
        );
        agree(
            &format!("{}a{}", "(?:".repeat(depth), ")".repeat(depth)),
            &texts,
        );
        agree(&format!("a{}", "*".repeat(depth)), &texts);
        agree(
            &format!("{}a{}", "(a|".repeat(depth), ")".repeat(depth)),
            &texts,
        );
    }
}

#[test]
fn patterns_from_the_corpus_and_docs_agree() {
    let texts: Vec<String> = [
        "",
        "ios",
        "iOS",
        "build-42",
        "user41@acme.com",
        "jane.doe@acme.com",
        "4",
        "42",
        "x",
        "\r\nfoo\r\n",
        "line one\nline 2\n",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    for pattern in [
        "^[a-z]+-\\d+$",
        "beta",
        "(?i)^ios$",
        "^.$",
        "^4\\d$",
        "^user4[0-9]*@",
        "^[a-z]+\\.[a-z]+@",
        "(?mR)^foo$",
        "(?m)^line \\d+",
        "(",
        "[z-a]",
        "a(?=b)",
        "*a",
    ] {
        agree(pattern, &texts);
    }
}
