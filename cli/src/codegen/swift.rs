//! Swift: `struct RollgateFlags` over `any FlagEngineProtocol` with one typed property per flag,
//! and an enum per string flag nested in it. The same plan as Kotlin ([`native::plan`]).
//!
//! No Swift compiler runs on the machines that test this project: the output is checked by
//! reading, by its golden file, and by a test that every engine call it makes is a method of
//! the generated `FlagEngineProtocol` with those argument labels.

use super::model::FlagModel;
use super::names::lower_camel;
use super::native::{self, Accessor, EnumPlan, Style, Syntax};
use super::{Code, Options};

/// Swift's keywords (declarations, statements, expressions and types): a name equal to one is
/// written in backticks.
const KEYWORDS: &[&str] = &[
    "Any",
    "Protocol",
    "Self",
    "Type",
    "as",
    "associatedtype",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "continue",
    "default",
    "defer",
    "deinit",
    "do",
    "else",
    "enum",
    "extension",
    "fallthrough",
    "false",
    "fileprivate",
    "for",
    "func",
    "guard",
    "if",
    "import",
    "in",
    "init",
    "inout",
    "internal",
    "is",
    "let",
    "nil",
    "open",
    "operator",
    "precedencegroup",
    "private",
    "protocol",
    "public",
    "repeat",
    "rethrows",
    "return",
    "self",
    "static",
    "struct",
    "subscript",
    "super",
    "switch",
    "throw",
    "throws",
    "true",
    "try",
    "typealias",
    "var",
    "where",
    "while",
];

/// Swift's naming rules for the shared plan.
pub const STYLE: Style = Style {
    language: "Swift",
    keywords: KEYWORDS,
    members: &["engine", "context", "now", "init", "self"],
    types: &[
        "Any",
        "Bool",
        "ContextValue",
        "Double",
        "Equatable",
        "FlagEngineProtocol",
        "Int64",
        "Never",
        "Optional",
        "Protocol",
        "RollgateFlags",
        "Self",
        "Sendable",
        "String",
        "Type",
    ],
    case_name: lower_camel,
    unknown_case: "unknown",
    enum_members: &["value", "init", "self"],
};

/// The `.swift` file, or why a flag cannot be named in Swift.
pub fn generate(model: &FlagModel, options: &Options<'_>) -> Result<String, String> {
    let accessors = native::plan(model, &STYLE)?;
    let mut code = Code::new("    ", options);
    code.blank();
    code.line(0, "import Rollgate");
    code.blank();
    code.line_doc(
        0,
        &[
            match accessors.first() {
                Some(first) => format!(
                    "The flags, typed, for one context: \
                     `RollgateFlags(engine: engine, context: context).{}`.",
                    first.name
                ),
                None => "The flags, typed, for one context.".to_owned(),
            },
            "Each property evaluates when read, on the engine's current ruleset. When the engine \
             cannot answer (its ruleset lacks the flag, or gives it another type), a property \
             returns the flag's default value in the ruleset this code was generated from; a \
             string value this code does not know reads as the enum's `.unknown`."
                .into(),
        ],
    );
    code.line(0, "struct RollgateFlags {");
    code.line_doc(
        1,
        &["The engine, or a test double such as `FakeFlagEngine`.".into()],
    );
    code.line(1, "let engine: any FlagEngineProtocol");
    code.line_doc(
        1,
        &["The evaluation context, e.g. `appInfo.context(userId: \"u-42\")`.".into()],
    );
    code.line(1, "let context: [String: ContextValue]");
    code.line_doc(
        1,
        &["The evaluation time in epoch milliseconds; `nil`: the device clock.".into()],
    );
    code.line(1, "let now: Int64?");
    code.blank();
    code.line(
        1,
        "init(engine: any FlagEngineProtocol, context: [String: ContextValue] = [:], now: Int64? = nil) {",
    );
    code.line(2, "self.engine = engine");
    code.line(2, "self.context = context");
    code.line(2, "self.now = now");
    code.line(1, "}");
    native::write_members(&mut code, &accessors, true, property, enumeration);
    code.line(0, "}");
    Ok(code.finish())
}

/// How Swift writes a property's expressions.
const SYNTAX: Syntax = Syntax {
    value_types: ["Bool", "String", "Int64", "Double"],
    string_literal,
    integer_literal: |n| n.to_string(),
    read: |method, key, default| {
        // The generated protocol's labels: `default:`, except `defaultJson:` for JSON; the
        // wrapper's `int64Value` is the Swift spelling of Kotlin's `longValue`.
        let (method, label) = match method {
            "jsonValue" => (method, "defaultJson"),
            "longValue" => ("int64Value", "default"),
            _ => (method, "default"),
        };
        format!("engine.{method}(flag: {key}, {label}: {default}, context: context, now: now)")
    },
    enum_of: |type_name, value| format!("{type_name}(value: {value})"),
    case_doc: |_, case| format!("`.{case}`"),
};

/// One computed property: doc comment, type and body.
fn property(code: &mut Code, accessor: &Accessor<'_>) {
    let getter = accessor.getter(&SYNTAX);
    code.line_doc(1, &accessor.doc(&getter.fallback));
    code.line(1, &format!("var {}: {} {{", accessor.name, getter.ty));
    code.line(2, &getter.expression);
    code.line(1, "}");
}

/// The enum of a string flag's values.
fn enumeration(code: &mut Code, key: &str, plan: &EnumPlan) {
    let unknown = STYLE.unknown_case;
    code.line_doc(1, &[format!("The values of flag `{key}`.")]);
    code.line(
        1,
        &format!("enum {}: Equatable, Sendable {{", plan.type_name),
    );
    for (name, _) in &plan.cases {
        code.line(2, &format!("case {name}"));
    }
    code.line_doc(
        2,
        &[
            "A value this code does not know: the flag gained it after the code was generated."
                .into(),
        ],
    );
    code.line(2, &format!("case {unknown}"));
    code.blank();
    code.line_doc(
        2,
        &[format!(
            "The case of a served value; `.{unknown}` for any other."
        )],
    );
    code.line(2, "init(value: String) {");
    code.line(3, "switch value {");
    for (name, value) in &plan.cases {
        code.line(
            3,
            &format!("case {}: self = .{name}", string_literal(value)),
        );
    }
    code.line(3, &format!("default: self = .{unknown}"));
    code.line(3, "}");
    code.line(2, "}");
    code.blank();
    code.line_doc(2, &[format!("The flag's value; `nil` for `.{unknown}`.")]);
    code.line(2, "var value: String? {");
    code.line(3, "switch self {");
    for (name, value) in &plan.cases {
        code.line(
            3,
            &format!("case .{name}: return {}", string_literal(value)),
        );
    }
    code.line(3, &format!("case .{unknown}: return nil"));
    code.line(3, "}");
    code.line(2, "}");
    code.line(1, "}");
}

/// A Swift string literal: `"` and `\` escaped, control characters as `\u{X}`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_quotes_and_controls() {
        assert_eq!(
            string_literal("a\"b\\c\\(d)\n\u{1}é"),
            "\"a\\\"b\\\\c\\\\(d)\\n\\u{1}é\""
        );
    }
}
