//! Quoting user text in messages.
//!
//! One quoting style for every message that shows user text (versions, ranges, dates,
//! patterns), independent of how `Debug` happens to print strings.

use std::fmt;

/// Displays a string in double quotes, escaping quotes, backslashes and control characters,
/// so a message always stays on one line and shows exactly what was given.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                '\r' => f.write_str("\\r")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::Quoted;

    #[test]
    fn quotes_like_debug_for_plain_text_and_escapes_controls() {
        assert_eq!(Quoted("2.3.0.1").to_string(), "\"2.3.0.1\"");
        assert_eq!(Quoted("a\"b\\c").to_string(), "\"a\\\"b\\\\c\"");
        assert_eq!(Quoted("x\ny\u{1}").to_string(), "\"x\\ny\\u{1}\"");
        assert_eq!(Quoted("日本").to_string(), "\"日本\"");
    }
}
