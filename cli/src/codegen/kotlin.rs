//! Kotlin: `class RollgateFlags(engine: FlagEngineInterface, context, now)` with one typed
//! property per flag, and an enum per string flag nested in it.
//!
//! The class takes the uniffi-generated *interface*, so a test double (the wrapper's
//! `FakeFlagEngine`) stands in for the engine. Each property evaluates when read, so a ruleset
//! update shows at the next read; the context is fixed per instance (make a new one, it is
//! cheap, when the user changes).

use super::model::FlagModel;
use super::names::upper_snake;
use super::native::{self, Accessor, EnumPlan, Kind, Style, Syntax};
use super::{Code, Options};

/// Kotlin's hard keywords: a name equal to one is written in backticks.
const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

/// Kotlin's naming rules for the shared plan.
pub const STYLE: Style = Style {
    language: "Kotlin",
    keywords: KEYWORDS,
    members: &["engine", "context", "now"],
    types: &[
        "Any",
        "Boolean",
        "Companion",
        "ContextValue",
        "Double",
        "FlagEngineInterface",
        "Int",
        "Long",
        "Map",
        "Nothing",
        "RollgateFlags",
        "String",
        "Unit",
    ],
    case_name: upper_snake,
    unknown_case: "UNKNOWN",
    enum_members: &[],
};

/// Whether `word` is a hard keyword (which a package name cannot contain unquoted).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `name` is a Kotlin package name: dot-separated identifiers (ASCII letters, digits
/// and `_`, not starting with a digit), none of them a hard keyword.
pub fn is_package_name(name: &str) -> bool {
    name.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !is_keyword(part)
    })
}

/// The `.kt` file, or why a flag cannot be named in Kotlin.
pub fn generate(model: &FlagModel, options: &Options<'_>) -> Result<String, String> {
    let accessors = native::plan(model, &STYLE)?;
    let mut code = Code::new("    ", options);
    code.blank();
    code.line(0, &format!("package {}", options.kotlin_package));
    code.blank();
    code.line(0, "import dev.rollgate.ffi.ContextValue");
    code.line(0, "import dev.rollgate.ffi.FlagEngineInterface");
    if accessors.iter().any(|a| matches!(a.kind, Kind::Integer(_))) {
        code.line(0, "import dev.rollgate.longValue");
    }
    code.blank();
    code.block_doc(
        0,
        &[
            match accessors.first() {
                Some(first) => format!(
                    "The flags, typed, for one context: `RollgateFlags(engine, context).{}`.",
                    first.name
                ),
                None => "The flags, typed, for one context.".to_owned(),
            },
            "Each property evaluates when read, on the engine's current ruleset. When the engine \
             cannot answer (its ruleset lacks the flag, or gives it another type), a property \
             returns the flag's default value in the ruleset this code was generated from; a \
             string value this code does not know reads as the enum's `UNKNOWN`."
                .into(),
            "@property engine the engine, or a test double such as `dev.rollgate.FakeFlagEngine`.\n\
             @property context the evaluation context, e.g. `appInfo.toContext(userId = \"u-42\")`.\n\
             @property now the evaluation time in epoch milliseconds; `null`: the device clock."
                .into(),
        ],
    );
    code.line(0, "class RollgateFlags(");
    code.line(1, "val engine: FlagEngineInterface,");
    code.line(1, "val context: Map<String, ContextValue> = emptyMap(),");
    code.line(1, "val now: Long? = null,");
    code.line(0, ") {");
    native::write_members(&mut code, &accessors, false, property, enumeration);
    code.line(0, "}");
    Ok(code.finish())
}

/// How Kotlin writes a property's expressions.
const SYNTAX: Syntax = Syntax {
    value_types: ["Boolean", "String", "Long", "Double"],
    string_literal,
    integer_literal: |n| format!("{n}L"),
    read: |method, key, default| format!("engine.{method}({key}, {default}, context, now)"),
    enum_of: |type_name, value| format!("{type_name}.of({value})"),
    case_doc: |type_name, case| format!("[{type_name}.{case}]"),
};

/// One property: doc comment, type and getter.
fn property(code: &mut Code, accessor: &Accessor<'_>) {
    let getter = accessor.getter(&SYNTAX);
    code.block_doc(1, &accessor.doc(&getter.fallback));
    code.line(1, &format!("val {}: {}", accessor.name, getter.ty));
    code.line(2, &format!("get() = {}", getter.expression));
}

/// The enum of a string flag's values.
fn enumeration(code: &mut Code, key: &str, plan: &EnumPlan) {
    code.block_doc(1, &[format!("The values of flag `{key}`.")]);
    code.line(1, &format!("enum class {}(", plan.type_name));
    code.block_doc(2, &["The flag's value; `null` for [UNKNOWN].".into()]);
    code.line(2, "val value: String?,");
    code.line(1, ") {");
    for (name, value) in &plan.cases {
        code.line(2, &format!("{name}({}),", string_literal(value)));
    }
    code.blank();
    code.block_doc(
        2,
        &[
            "A value this code does not know: the flag gained it after the code was generated."
                .into(),
        ],
    );
    code.line(2, &format!("{}(null);", STYLE.unknown_case));
    code.blank();
    code.line(2, "companion object {");
    code.block_doc(
        3,
        &["The entry of a served value; [UNKNOWN] for any other.".into()],
    );
    code.line(
        3,
        &format!(
            "fun of(value: String): {} = entries.firstOrNull {{ it.value == value }} ?: {}",
            plan.type_name, STYLE.unknown_case
        ),
    );
    code.line(2, "}");
    code.line(1, "}");
}

/// A Kotlin string literal: `"`, `\` and `$` (templates) escaped, control characters as
/// `\uXXXX`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
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
    fn string_literals_escape_templates_and_controls() {
        assert_eq!(
            string_literal("a\"b\\c$d\n\u{1}é"),
            "\"a\\\"b\\\\c\\$d\\n\\u0001é\""
        );
    }
}
