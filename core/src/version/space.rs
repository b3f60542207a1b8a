//! Which characters count as whitespace around and inside version texts.
//!
//! node-semver trims versions and collapses whitespace in ranges with JavaScript's `\s` and
//! `String.prototype.trim`, so the same text splits the same way here: Rust's own
//! `char::is_whitespace` differs on U+0085 (whitespace in Rust, not in JavaScript) and U+FEFF
//! (the reverse).

/// True for the characters of ECMAScript's `WhiteSpace` and `LineTerminator` productions:
/// Unicode's White_Space (what `char::is_whitespace` tests) without U+0085, plus U+FEFF.
pub(crate) fn is_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// `text` without leading and trailing whitespace, as JavaScript's `trim()` would leave it.
pub(crate) fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ECMAScript's list (node-semver's `WHITESPACE_CHARACTERS`), to check the rule above.
    const JAVASCRIPT: &[char] = &[
        '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}',
        '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
        '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
        '\u{feff}',
    ];

    #[test]
    fn is_exactly_javascripts_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_space(c), JAVASCRIPT.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn matches_javascripts_whitespace_not_rusts() {
        for c in [
            '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{a0}', '\u{2007}', '\u{3000}',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        // JavaScript counts the byte-order mark as whitespace, Rust does not.
        assert!(is_space('\u{feff}') && !'\u{feff}'.is_whitespace());
        // Rust counts NEXT LINE as whitespace, JavaScript does not.
        assert!(!is_space('\u{85}') && '\u{85}'.is_whitespace());
        for c in ['a', '0', '\u{0}', '\u{200b}', '\u{180e}'] {
            assert!(!is_space(c), "{c:?}");
        }
        assert_eq!(trim("\u{feff} 1.2.3\u{3000}"), "1.2.3");
        assert_eq!(trim("\u{85}1.2.3"), "\u{85}1.2.3");
    }
}
