//! Sentences that render as plain text and as Markdown.
//!
//! A change description mixes words with names and code (`rule "mobile": appVersion semver
//! "<2.3.0"`). Kept as spans, the same sentence prints with quoted names in a terminal and
//! with code spans in a pull-request comment, and Markdown escaping happens in one place.

use serde::{Serialize, Serializer};
use std::fmt;

/// One piece of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Span {
    /// Words, printed as they are (escaped in Markdown).
    Text(String),
    /// A name chosen by the ruleset's author (flag, rule, variant, segment): `"name"` in
    /// text, a code span in Markdown.
    Name(String),
    /// Ruleset syntax (a condition, a value): as is in text, a code span in Markdown.
    Code(String),
}

/// A sentence: words, names and code, rendered by [`fmt::Display`] (text) or
/// [`Sentence::markdown`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence(Vec<Span>);

impl Sentence {
    /// An empty sentence.
    pub fn new() -> Sentence {
        Sentence::default()
    }

    /// Appends words.
    pub fn text(mut self, words: impl Into<String>) -> Sentence {
        self.0.push(Span::Text(words.into()));
        self
    }

    /// Appends a name (quoted in text).
    pub fn name(mut self, name: impl Into<String>) -> Sentence {
        self.0.push(Span::Name(name.into()));
        self
    }

    /// Appends ruleset syntax (a condition, a JSON value).
    pub fn code(mut self, code: impl Into<String>) -> Sentence {
        self.0.push(Span::Code(code.into()));
        self
    }

    /// Appends names separated by `, `.
    pub fn names<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Sentence {
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                self = self.text(", ");
            }
            self = self.name(name.as_ref());
        }
        self
    }

    /// Appends another sentence.
    pub fn then(mut self, other: Sentence) -> Sentence {
        self.0.extend(other.0);
        self
    }

    /// The sentence as Markdown: words escaped, names and code in code spans.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for span in &self.0 {
            match span {
                Span::Text(words) => out.push_str(&markdown_text(words)),
                Span::Name(code) | Span::Code(code) => out.push_str(&markdown_code(code)),
            }
        }
        if out.starts_with(['+', '-', '#', '=']) {
            out.insert(0, '\\');
        }
        out
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for span in &self.0 {
            match span {
                Span::Text(words) | Span::Code(words) => f.write_str(words)?,
                Span::Name(name) => write!(f, "{}", quoted(name))?,
            }
        }
        Ok(())
    }
}

/// JSON reports carry the text rendering.
impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A name in double quotes, as a JSON string (escapes quotes and control characters), the
/// same way the CLI's other messages show names.
pub fn quoted(name: &str) -> String {
    serde_json::Value::from(name).to_string()
}

/// Escapes words for Markdown (GitHub Flavored): the characters that open or close inline
/// markup (emphasis, code, links, strike-through, table cells) are backslash-escaped, `<`,
/// `>` and `&` become entities (no raw HTML), and line breaks become spaces, so the words
/// stay one paragraph, list item or table cell. [`Sentence::markdown`] also escapes a
/// leading `+`, `-`, `#` or `=`, which would start a list, heading or underline.
pub fn markdown_text(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for c in words.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `code` verbatim: the fence is one backtick longer than the
/// longest run inside, padded with spaces when the code starts or ends with a backtick. A
/// `|` is escaped as `\|`, which GitHub removes inside table cells (code spans included) and
/// which keeps a cell from being split; line breaks become spaces.
pub fn markdown_code(code: &str) -> String {
    let code: String = code
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    let code = code.replace('|', "\\|");
    format!("{fence}{pad}{code}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sentence {
        Sentence::new()
            .text("rule ")
            .name("mobile")
            .text(": ")
            .code("appVersion semver \"<2.3.0\"")
    }

    #[test]
    fn text_quotes_names_and_keeps_code() {
        assert_eq!(
            sample().to_string(),
            "rule \"mobile\": appVersion semver \"<2.3.0\""
        );
        assert_eq!(
            Sentence::new().name("a\"b").to_string(),
            "\"a\\\"b\"",
            "quotes inside names are escaped"
        );
    }

    #[test]
    fn markdown_puts_names_and_code_in_code_spans() {
        assert_eq!(
            sample().markdown(),
            "rule `mobile`: `appVersion semver \"<2.3.0\"`"
        );
    }

    #[test]
    fn markdown_escapes_markup_and_html() {
        assert_eq!(
            markdown_text("a*b_c <script> | [x](y) #1 ~s~ +5%"),
            "a\\*b\\_c &lt;script&gt; \\| \\[x\\](y) #1 \\~s\\~ +5%"
        );
        assert_eq!(Sentence::new().text("+ 50%").markdown(), "\\+ 50%");
        assert_eq!(Sentence::new().text("# 1").markdown(), "\\# 1");
        assert_eq!(markdown_text("two\nlines"), "two lines");
    }

    #[test]
    fn markdown_code_spans_survive_backticks_and_pipes() {
        assert_eq!(markdown_code("plain"), "`plain`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x``"), "``` `x`` ```");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
    }

    #[test]
    fn names_are_comma_separated() {
        assert_eq!(
            Sentence::new().names(["a", "b"]).to_string(),
            "\"a\", \"b\""
        );
    }
}
