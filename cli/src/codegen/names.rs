//! Identifiers from flag keys and string values: `new-checkout` → `newCheckout`,
//! `NewCheckout`, `NEW_CHECKOUT`.
//!
//! Keys and values are free text (any non-empty string). Words are runs of letters and digits;
//! every other character separates them, as does a lower-case letter or digit followed by a
//! capital (`darkModeV2` → `dark`, `mode`, `v2`). A name that would start with a digit gets a
//! leading `_`. Text with no word, or with a letter outside ASCII (`été`: no spelling of it is
//! obviously right in every language), has no name; the generators decide what that means (an
//! error for a flag key, a plain `String` accessor for a string value).

/// The words of `text`, lower-cased; empty when it has none or has a letter or digit outside
/// ASCII.
pub fn words(text: &str) -> Vec<String> {
    if text
        .chars()
        .any(|c| c.is_alphanumeric() && !c.is_ascii_alphanumeric())
    {
        return Vec::new();
    }
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        // A capital starts a word after a lower-case letter or a digit (`modeV2`, `v2Beta`), and
        // ends a run of capitals before a lower-case letter (`HTMLParser` → `HTML`, `Parser`).
        let starts_word = match previous {
            Some(p) if c.is_ascii_uppercase() => p.is_ascii_lowercase() || p.is_ascii_digit(),
            _ => false,
        };
        let ends_acronym = c.is_ascii_lowercase()
            && previous.is_some_and(|p| p.is_ascii_uppercase())
            && current.len() > 1
            && current
                .chars()
                .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit());
        if starts_word && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        } else if ends_acronym {
            // Move the acronym's last capital to the new word.
            if let Some(last) = current.pop() {
                words.push(std::mem::take(&mut current));
                current.push(last);
            }
        }
        current.push(c);
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.iter().map(|w| w.to_ascii_lowercase()).collect()
}

/// `lowerCamelCase`, or `None` when `text` has no word.
pub fn lower_camel(text: &str) -> Option<String> {
    let words = words(text);
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i == 0 {
            out.push_str(word);
        } else {
            push_capitalized(&mut out, word);
        }
    }
    no_leading_digit(out)
}

/// `UpperCamelCase`, or `None` when `text` has no word.
pub fn upper_camel(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in words(text) {
        push_capitalized(&mut out, &word);
    }
    no_leading_digit(out)
}

/// `UPPER_SNAKE_CASE`, or `None` when `text` has no word.
pub fn upper_snake(text: &str) -> Option<String> {
    no_leading_digit(words(text).join("_").to_ascii_uppercase())
}

fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
        out.push_str(chars.as_str());
    }
}

/// `None` for an empty name; `_` before a leading digit (no language here allows one).
fn no_leading_digit(name: String) -> Option<String> {
    match name.chars().next() {
        None => None,
        Some(c) if c.is_ascii_digit() => Some(format!("_{name}")),
        Some(_) => Some(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_and_case() {
        assert_eq!(words("new-checkout"), ["new", "checkout"]);
        assert_eq!(words("dark_mode.v2"), ["dark", "mode", "v2"]);
        assert_eq!(words("darkModeV2"), ["dark", "mode", "v2"]);
        assert_eq!(words("HTMLParser"), ["html", "parser"]);
        assert_eq!(words("v2Beta"), ["v2", "beta"]);
        assert_eq!(words("single page"), ["single", "page"]);
        assert_eq!(words("a → b"), ["a", "b"]);
        assert!(words("été-2026").is_empty());
        assert!(words("--").is_empty());
        assert!(words("💥").is_empty());
    }

    #[test]
    fn cases() {
        assert_eq!(lower_camel("new-checkout").as_deref(), Some("newCheckout"));
        assert_eq!(upper_camel("new-checkout").as_deref(), Some("NewCheckout"));
        assert_eq!(upper_snake("single-page").as_deref(), Some("SINGLE_PAGE"));
        assert_eq!(lower_camel("MAX_CART").as_deref(), Some("maxCart"));
        assert_eq!(lower_camel("2fa-login").as_deref(), Some("_2faLogin"));
        assert_eq!(upper_snake("24x7").as_deref(), Some("_24X7"));
        assert_eq!(upper_camel("!!"), None);
    }
}
