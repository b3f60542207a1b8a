//! JSON paths in the core's notation: `flags.checkout.rules[2].when.op`, `flags["a b"]`.
//!
//! Every problem the core reports names its value by such a path, and the source map is keyed
//! by them, so the paths written here must be byte for byte the ones the core writes: a plain
//! key (ASCII letters, digits, `_`, `-`, `$`) after a dot, any other key as a JSON string in
//! brackets, an index in brackets.

/// Appends `.key` (or `["key"]` when the key is not plain) to `path`.
pub fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$'));
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::Value::from(key).to_string());
        path.push(']');
    }
}

/// Appends `[index]` to `path`.
pub fn push_index(path: &mut String, index: usize) {
    path.push('[');
    path.push_str(&index.to_string());
    path.push(']');
}

/// `path` with `.key` appended.
pub fn key(path: &str, key: &str) -> String {
    let mut child = path.to_owned();
    push_key(&mut child, key);
    child
}

/// `path` with `[index]` appended.
pub fn index(path: &str, index: usize) -> String {
    let mut child = path.to_owned();
    push_index(&mut child, index);
    child
}

/// The path of the value that holds the one at `path` (`a.b[2]` → `a.b`), or `None` for the
/// root. A bracketed key is skipped whole, whatever characters its JSON string holds.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let mut last_start = 0;
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'.') => {
                last_start = i;
                i += 1;
            }
            Some(b'[') => {
                last_start = i;
                i = bracket_end(path, i);
            }
            _ => i += 1,
        }
    }
    path.get(..last_start)
}

/// The index just past the `]` that closes the bracket opened at `open`.
fn bracket_end(path: &str, open: usize) -> usize {
    let bytes = path.as_bytes();
    let mut i = open + 1;
    let mut in_string = false;
    while let Some(&b) = bytes.get(i) {
        match (in_string, b) {
            (true, b'\\') => i += 1,
            (_, b'"') => in_string = !in_string,
            (false, b']') => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Whether `path` is `ancestor` or inside it (`flags.a.rules` is inside `flags.a`, while
/// `flags.ab` is not).
pub fn is_within(path: &str, ancestor: &str) -> bool {
    match path.strip_prefix(ancestor) {
        Some(rest) => ancestor.is_empty() || rest.is_empty() || rest.starts_with(['.', '[']),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_plain_or_quoted_like_the_core_writes_them() {
        let mut path = String::new();
        push_key(&mut path, "flags");
        push_key(&mut path, "new-checkout");
        push_key(&mut path, "rules");
        push_index(&mut path, 2);
        push_key(&mut path, "a b");
        push_key(&mut path, "$x");
        assert_eq!(path, r#"flags.new-checkout.rules[2]["a b"].$x"#);
        assert_eq!(key("", "é"), r#"["é"]"#);
        assert_eq!(key("", ""), r#"[""]"#);
    }

    #[test]
    fn the_core_paths_agree() {
        // Problem paths from the core, rebuilt here segment by segment, for keys that are
        // plain, spaced, quoted, escaped and not ASCII.
        for key in [
            "plain-key_1$",
            "a b",
            "é",
            "q\"uote",
            "tab\there",
            "a.b[0]",
            "😀",
        ] {
            let ruleset = serde_json::json!({"schema": 1, "revision": 1, "flags": {key: {
                "type": "boolean", "variants": {"on": true}, "default": "on",
                "rules": [{"serve": "x"}]}}});
            let error = rollgate::Ruleset::from_json(&ruleset.to_string()).unwrap_err();
            let mut expected = self::key("flags", key);
            push_key(&mut expected, "rules");
            push_index(&mut expected, 0);
            push_key(&mut expected, "serve");
            assert_eq!(error.problems[0].path, expected, "{key:?}");
            assert_eq!(
                parent(&expected).and_then(parent).and_then(parent),
                Some(&*self::key("flags", key))
            );
        }
    }

    #[test]
    fn parents_skip_bracketed_keys_whole() {
        assert_eq!(parent("flags.a.rules[2].when"), Some("flags.a.rules[2]"));
        assert_eq!(parent("flags.a.rules[2]"), Some("flags.a.rules"));
        assert_eq!(parent(r#"flags["x.y[1]"]"#), Some("flags"));
        assert_eq!(parent(r#"flags["q\"]"].on"#), Some(r#"flags["q\"]"]"#));
        assert_eq!(parent("flags"), Some(""));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn within_needs_a_segment_boundary() {
        assert!(is_within("flags.a.rules", "flags.a"));
        assert!(is_within("flags.a[0]", "flags.a"));
        assert!(is_within("flags.a", "flags.a"));
        assert!(is_within("flags", ""));
        assert!(!is_within("flags.ab", "flags.a"));
        assert!(!is_within("flags.a-b", "flags.a"));
    }
}
