//! TypeScript: a module augmentation of the npm package's `Flags` interface.
//!
//! Every API of the package (client, engine, OpenFeature provider, React hooks, test client)
//! is generic over that one interface, so one generated file types them all: a key that is not
//! a flag is a compile error, and `getString("checkout-layout")` has the union of the flag's
//! string values as its type.
//!
//! Types per flag: `boolean`; a string flag, the union of its values' literals; `number`; an
//! object flag, the structural type of its values ([`Shape`]), all members `readonly` since
//! the client freezes object values, a member that some variant lacks optional.

use super::model::{FlagModel, FlagSpec, Values};
use super::shape::Shape;
use super::{Code, Options};

/// The `.ts` file (a module: it ends with `export {}` so that `declare module` augments the
/// package instead of replacing it).
pub fn generate(model: &FlagModel, options: &Options<'_>) -> String {
    let mut code = Code::new("  ", options);
    code.blank();
    code.line(0, "declare module \"rollgate\" {");
    code.block_doc(
        1,
        &["The flags: every API of the package takes these keys only.".into()],
    );
    if model.flags.is_empty() {
        code.line(1, "interface Flags {}");
    } else {
        code.line(1, "interface Flags {");
        for (i, spec) in model.flags.iter().enumerate() {
            if i > 0 {
                code.blank();
            }
            flag(&mut code, spec);
        }
        code.line(1, "}");
    }
    code.line(0, "}");
    code.blank();
    code.line(0, "export {};");
    code.finish()
}

/// One member of `Flags`: its doc comment and `"key": type;`.
fn flag(code: &mut Code, spec: &FlagSpec) {
    if let Some(description) = &spec.description {
        code.block_doc(2, std::slice::from_ref(description));
    }
    let mut lines = match &spec.values {
        Values::Boolean => vec!["boolean".to_owned()],
        Values::String(values) => {
            let union: Vec<String> = values.iter().map(|v| string_literal(v)).collect();
            vec![union.join(" | ")]
        }
        Values::Number(_) => vec!["number".to_owned()],
        Values::Object(values) => type_of(&Shape::of_all(values.values()), 2),
    };
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
    let mut lines = lines.into_iter();
    let first = lines.next().unwrap_or_default();
    code.line(2, &format!("{}: {first}", string_literal(&spec.key)));
    for line in lines {
        code.line(0, &line);
    }
}

/// A shape as TypeScript, one string per line; lines after the first are already indented
/// for `level` (the level of the line that starts the type).
fn type_of(shape: &Shape, level: usize) -> Vec<String> {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    if let Some(members) = &shape.object {
        if members.is_empty() {
            alternatives.push(vec!["Record<string, never>".into()]);
        } else {
            let pad = "  ".repeat(level);
            let mut lines = vec!["{".to_owned()];
            for (name, member) in members {
                let optional = if member.required { "" } else { "?" };
                let mut inner = type_of(&member.shape, level + 1).into_iter();
                let first = inner.next().unwrap_or_default();
                lines.push(format!(
                    "{pad}  readonly {}{optional}: {first}",
                    property_name(name)
                ));
                lines.extend(inner);
                if let Some(last) = lines.last_mut() {
                    last.push(';');
                }
            }
            lines.push(format!("{pad}}}"));
            alternatives.push(lines);
        }
    }
    if let Some(elements) = &shape.array {
        let element = type_of(elements, level);
        let text = match element.as_slice() {
            [one] if one.contains(" | ") => format!("readonly ({one})[]"),
            [one] => format!("readonly {one}[]"),
            _ => {
                // A multi-line element type (objects): the generic form needs no parentheses.
                let mut lines = element;
                if let Some(first) = lines.first_mut() {
                    *first = format!("ReadonlyArray<{first}");
                }
                if let Some(last) = lines.last_mut() {
                    last.push('>');
                }
                alternatives.push(lines);
                String::new()
            }
        };
        if !text.is_empty() {
            alternatives.push(vec![text]);
        }
    }
    for (seen, name) in [
        (shape.string, "string"),
        (shape.number, "number"),
        (shape.boolean, "boolean"),
        (shape.null, "null"),
    ] {
        if seen {
            alternatives.push(vec![name.to_owned()]);
        }
    }
    join_union(alternatives)
}

/// `A | B | C` over types of one or more lines; `never` for none.
fn join_union(alternatives: Vec<Vec<String>>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for alternative in alternatives {
        let mut alternative = alternative.into_iter();
        let first = alternative.next().unwrap_or_default();
        match lines.last_mut() {
            Some(last) => {
                last.push_str(" | ");
                last.push_str(&first);
            }
            None => lines.push(first),
        }
        lines.extend(alternative);
    }
    if lines.is_empty() {
        lines.push("never".into());
    }
    lines
}

/// A property name as written in a type: bare when it is an identifier, quoted otherwise.
fn property_name(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_owned()
    } else {
        string_literal(name)
    }
}

/// A TypeScript string literal: JSON's escaping is valid TypeScript.
fn string_literal(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::model::Source;
    use crate::codegen::DEFAULT_KOTLIN_PACKAGE;
    use serde_json::json;

    fn generate_for(flags: serde_json::Value) -> String {
        let document = json!({ "schema": 1, "revision": 1, "flags": flags });
        let model = FlagModel::from_sources(&[Source {
            name: "flags.json",
            document: &document,
        }])
        .unwrap();
        let options = Options {
            command: "rollgate codegen --lang ts flags.json",
            kotlin_package: DEFAULT_KOTLIN_PACKAGE,
        };
        generate(&model, &options)
    }

    /// The lines between `interface Flags {` and its `}`.
    fn members(text: &str) -> String {
        let start = text.find("interface Flags {\n").unwrap() + "interface Flags {\n".len();
        let end = text.rfind("  }\n}").unwrap();
        text[start..end].to_owned()
    }

    #[test]
    fn scalar_flags_and_quoting() {
        let text = generate_for(json!({
            "b": { "type": "boolean", "variants": {"on": true}, "default": "on" },
            "s\"q": { "type": "string", "variants": {"x": "it's \"x\"", "y": "a\nb"}, "default": "x" },
            "n": { "type": "number", "variants": {"a": 1}, "default": "a" },
        }));
        assert_eq!(
            members(&text),
            "    \"b\": boolean;\n\n    \"n\": number;\n\n    \"s\\\"q\": \"a\\nb\" | \"it's \\\"x\\\"\";\n"
        );
        assert!(text.ends_with("}\n\nexport {};\n"), "{text}");
    }

    #[test]
    fn object_flags_are_structural() {
        let text = generate_for(json!({
            "o": { "type": "object", "default": "a", "variants": {
                "a": {"name": "x", "list": [], "nested": {"k": 1}, "my-key": null},
                "b": {"name": "y", "list": [{"id": 1}], "nested": {"k": "s"}, "mixed": [1, "a"]},
                "c": {"name": "z", "list": [], "nested": {}},
            }},
            "empty": { "type": "object", "variants": {"a": {}}, "default": "a" },
        }));
        assert_eq!(
            members(&text),
            "    \"empty\": Record<string, never>;\n\n    \"o\": {\n      \
             readonly list: ReadonlyArray<{\n        readonly id: number;\n      }>;\n      \
             readonly mixed?: readonly (string | number)[];\n      \
             readonly \"my-key\"?: null;\n      \
             readonly name: string;\n      \
             readonly nested: {\n        readonly k?: string | number;\n      };\n    \
             };\n"
        );
    }

    #[test]
    fn arrays_that_are_always_empty_hold_never() {
        let text = generate_for(json!({
            "o": { "type": "object", "variants": {"a": {"list": []}}, "default": "a" },
        }));
        assert_eq!(
            members(&text),
            "    \"o\": {\n      readonly list: readonly never[];\n    };\n"
        );
    }

    #[test]
    fn no_flags_still_declares_the_interface() {
        let text = generate_for(json!({}));
        assert!(text.contains("  interface Flags {}\n}\n"), "{text}");
    }
}
