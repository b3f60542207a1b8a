//! JSON text out: string literals, arrays and objects (numbers are in [`super::number`]).

use super::parse::plain_run_len;

/// Appends `text` as a JSON string literal: quotes, backslashes and control characters
/// escaped, everything else copied in runs (found eight bytes at a time, as the parser does).
pub fn write_string(text: &str, out: &mut String) {
    out.push('"');
    let mut rest = text;
    // Bytes, not chars: every byte that needs escaping is ASCII, so each cut below falls on a
    // character boundary.
    loop {
        let at = plain_run_len(rest.as_bytes());
        if at == rest.len() {
            break;
        }
        out.push_str(rest.get(..at).unwrap_or_default());
        let special = rest.as_bytes().get(at).copied().unwrap_or_default();
        match special {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            control => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = usize::from(control);
                out.push_str("\\u00");
                out.push(char::from(HEX.get(code >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(code & 15).copied().unwrap_or(b'0')));
            }
        }
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out.push('"');
}

/// Appends `[item,item,...]`, each item written by `write_item`.
pub(crate) fn write_array<T>(
    items: impl IntoIterator<Item = T>,
    out: &mut String,
    mut write_item: impl FnMut(T, &mut String),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_item(item, out);
    }
    out.push(']');
}

/// Appends `{"key":value,...}`, each value written by `write_value`.
pub(crate) fn write_object<'k, T>(
    members: impl IntoIterator<Item = (&'k str, T)>,
    out: &mut String,
    mut write_value: impl FnMut(T, &mut String),
) {
    out.push('{');
    for (i, (key, value)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        write_value(value, out);
    }
    out.push('}');
}
