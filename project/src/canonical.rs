//! The one text of a JSON value: what `build` writes, and what the lock hashes.

use serde_json::Value;

/// The canonical text of `value`: object keys in byte order, two-space indentation, one
/// member or item per line, `\n` line ends and a final newline; strings and numbers as
/// `serde_json` writes them. Written here rather than with `to_string_pretty`, whose key order
/// follows the map type (insertion order as soon as any crate in a build enables serde_json's
/// `preserve_order`): the same sources must give the same bytes in every build.
pub fn to_text(value: &Value) -> String {
    let mut text = String::new();
    write(&mut text, value, 0);
    text.push('\n');
    text
}

fn indent(text: &mut String, depth: usize) {
    for _ in 0..depth {
        text.push_str("  ");
    }
}

fn write(text: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            let mut members: Vec<(&String, &Value)> = object.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            text.push('{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                text.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(text, depth + 1);
                text.push_str(&Value::from(key.as_str()).to_string());
                text.push_str(": ");
                write(text, member, depth + 1);
            }
            text.push('\n');
            indent(text, depth);
            text.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            text.push('[');
            for (i, item) in items.iter().enumerate() {
                text.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(text, depth + 1);
                write(text, item, depth + 1);
            }
            text.push('\n');
            indent(text, depth);
            text.push(']');
        }
        Value::Object(_) => text.push_str("{}"),
        Value::Array(_) => text.push_str("[]"),
        scalar => text.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_text_is_serde_json_pretty_with_sorted_keys_and_a_final_newline() {
        let value = json!({"b": [1, 2.5, {"z": null, "a": "é\n\"x\""}], "a": {}, "c": [],
                           "d": {"y": true, "x": -0.0, "w": 18446744073709551615u64}});
        let text = to_text(&value);
        assert_eq!(text, serde_json::to_string_pretty(&value).unwrap() + "\n");
        assert!(text.starts_with("{\n  \"a\": {},\n  \"b\": [\n    1,\n    2.5,\n"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
