//! The `matches` operator's regular expressions: a small linear-time matcher of our own
//! ([ADR 0013](../../../docs/adr/0013-own-regex-matcher.md)).
//!
//! The dialect is the one rulesets have always used (docs/format.md): the syntax of the
//! `regex-lite` crate, ASCII-only `\d`, `\w`, `\s`, word boundaries and case folding, no
//! look-around, backreferences or Unicode classes. Only "does it match anywhere" is needed,
//! so there are no captures and greediness is parsed but irrelevant. regex-lite was ~22 KB of
//! the gzipped browser build; this is a fraction of that, and a differential test
//! (`differential_tests.rs`, regex-lite as a dev-dependency) keeps the two in agreement.
//!
//! - [`parse`]: pattern text → tree, with the dialect's errors and nesting limit;
//! - [`class`]: character sets as ranges;
//! - [`program`]: tree → NFA instructions, bounded in size;
//! - [`search`]: NFA simulation over the text, no backtracking.

mod class;
mod parse;
mod program;
mod search;

use std::fmt;
use std::sync::Arc;

/// A compiled pattern. Cloning shares it.
#[derive(Clone)]
pub(crate) struct Regex {
    pattern: Arc<str>,
    program: Arc<program::Program>,
}

impl Regex {
    /// Compiles `pattern`, or says what is wrong with it.
    pub(crate) fn new(pattern: &str) -> Result<Regex, Error> {
        let node = parse::parse(pattern).map_err(Error)?;
        let program = program::compile(&node).map_err(Error)?;
        Ok(Regex {
            pattern: pattern.into(),
            program: Arc::new(program),
        })
    }

    /// Whether the pattern matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        search::is_match(&self.program, text)
    }

    /// The pattern as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Regex").field(&self.as_str()).finish()
    }
}

/// Why a pattern was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Error(&'static str);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An empty-width assertion about the characters on either side of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    /// `^` (without `m`) and `\A`: the start of the text.
    Start,
    /// `$` (without `m`) and `\z`: the end of the text.
    End,
    /// `^` with `m`: the start of the text or after `\n`.
    StartLine,
    /// `$` with `m`: the end of the text or before `\n`.
    EndLine,
    /// `^` with `m` and `R`: after `\r` or `\n`, but not between `\r` and `\n`.
    StartLineCrlf,
    /// `$` with `m` and `R`: before `\r` or `\n`, but not between `\r` and `\n`.
    EndLineCrlf,
    /// `\b`: an ASCII word character on exactly one side.
    WordBoundary,
    /// `\B`: not `\b`.
    NotWordBoundary,
    /// `\b{start}`, `\<`: a non-word (or nothing) before, a word character after.
    WordStart,
    /// `\b{end}`, `\>`: a word character before, a non-word (or nothing) after.
    WordEnd,
    /// `\b{start-half}`: a non-word character or nothing before.
    WordStartHalf,
    /// `\b{end-half}`: a non-word character or nothing after.
    WordEndHalf,
}

impl Look {
    /// Whether the assertion holds between `before` and `after` (`None`: the text's edge).
    // Never inlined: inlined into the search's closure step, every assertion's answer was
    // computed up front on each step, though most programs have one assertion or none.
    #[inline(never)]
    fn holds(self, before: Option<char>, after: Option<char>) -> bool {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        match self {
            Look::Start => before.is_none(),
            Look::End => after.is_none(),
            Look::StartLine => matches!(before, None | Some('\n')),
            Look::EndLine => matches!(after, None | Some('\n')),
            Look::StartLineCrlf => match before {
                None | Some('\n') => true,
                Some('\r') => after != Some('\n'),
                _ => false,
            },
            Look::EndLineCrlf => match after {
                None | Some('\r') => true,
                Some('\n') => before != Some('\r'),
                _ => false,
            },
            Look::WordBoundary => word(before) != word(after),
            Look::NotWordBoundary => word(before) == word(after),
            Look::WordStart => !word(before) && word(after),
            Look::WordEnd => word(before) && !word(after),
            Look::WordStartHalf => !word(before),
            Look::WordEndHalf => !word(after),
        }
    }
}

#[cfg(test)]
mod differential_tests;

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::Regex;

    fn matches(pattern: &str, text: &str) -> bool {
        match Regex::new(pattern) {
            Ok(re) => re.is_match(text),
            Err(e) => panic!("{pattern:?} was rejected: {e}"),
        }
    }

    #[test]
    fn matches_anywhere_unless_anchored() {
        assert!(matches("beta", "the beta testers"));
        assert!(!matches("^beta", "the beta testers"));
        assert!(matches("^[a-z]+-\\d+$", "build-42"));
        assert!(!matches("^[a-z]+-\\d+$", "build-42x"));
        assert!(matches("", ""));
        assert!(matches("a|", "zzz"));
        assert!(!matches("[^\\s\\S]", "anything"));
    }

    #[test]
    fn repetitions_and_alternations() {
        assert!(matches("^(ab|cd){2,3}$", "abcdab"));
        assert!(!matches("^(ab|cd){2,3}$", "ab"));
        assert!(!matches("^(ab|cd){2,3}$", "abcdabcd"));
        assert!(matches("^a{2,}$", "aaaa"));
        assert!(matches("^(a*)*$", "aaa"));
        assert!(matches("^x{0}y$", "y"));
        assert!(matches("^(?:){4000000000}$", ""));
    }

    #[test]
    fn flags_case_and_lines() {
        assert!(matches("(?i)^ios$", "iOS"));
        assert!(!matches("(?i)^é$", "É"), "case folding is ASCII only");
        assert!(matches("(?m)^b$", "a\nb\nc"));
        assert!(!matches("^b$", "a\nb\nc"));
        assert!(matches("(?mR)^foo$", "\r\nfoo\r\n"));
        assert!(!matches("a.c", "a\nc"));
        assert!(matches("(?s)a.c", "a\nc"));
        assert!(matches("(?x) a b c  # comment", "abc"));
    }

    #[test]
    fn word_boundaries_are_ascii() {
        assert!(matches("\\bcat\\b", "a cat!"));
        assert!(!matches("\\bcat\\b", "concatenate"));
        assert!(matches("\\<cat\\>", "cat"));
        assert!(
            !matches("\\bé", "é"),
            "é is not an ASCII word character: no boundary before it"
        );
    }

    #[test]
    fn rejects_what_the_dialect_does_not_have() {
        for pattern in [
            "(",
            "[z-a]",
            "a(?=b)",
            "*a",
            "\\1",
            "\\p{L}",
            "[[a]]",
            "a{2,1}",
            "(?<n>a)(?<n>b)",
        ] {
            assert!(
                Regex::new(pattern).is_err(),
                "{pattern:?} should be rejected"
            );
        }
        assert!(
            Regex::new("a{1000}{1000}").is_err(),
            "too big once expanded"
        );
    }

    #[test]
    fn big_programs_search_without_the_stack_buffers() {
        let pattern = "^[a-z]{200}$";
        let text = "q".repeat(200);
        assert!(matches(pattern, &text));
        assert!(!matches(pattern, &text[1..]));
    }
}
