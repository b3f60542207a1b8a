//! The `codegen:` section of a project file: which languages `rollgate codegen PROJECT_DIR`
//! (without `--lang`) writes for the project, where, and how.
//!
//! ```yaml
//! codegen:
//!   ts: {out: ../web/src/rollgate-flags.ts, client: true}
//!   kotlin: {out: ../android/app/src/main/kotlin/RollgateFlags.kt, package: com.acme.flags}
//!   swift: {out: ../ios/Acme/RollgateFlags.swift}
//! ```
//!
//! - `out` (required): the file to write, relative to the project directory (it may lead out
//!   of it, into an app's sources);
//! - `client`: only the flags client builds have (`serverOnly` flags left out), as
//!   `--client` does;
//! - `package` (Kotlin only): the generated class's package.
//!
//! Every mistake is reported at once, located in the project file.

use super::kotlin;
use super::Lang;
use rollgate::is_annotation;
use rollgate::suggest::did_you_mean;
use rollgate::ProblemKind;
use rollgate_project::config::Section;
use rollgate_project::type_name;
use rollgate_project::{path, Problem, Problems};
use serde_json::Value;

/// The languages a section may name, in the order they are generated.
pub const LANGUAGES: [Lang; 3] = [Lang::Ts, Lang::Kotlin, Lang::Swift];

/// The fields of a language's entry.
pub const TARGET_FIELDS: [&str; 3] = ["out", "client", "package"];

/// One language to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The language.
    pub lang: Lang,
    /// The file to write, relative to the project directory, as written.
    pub out: String,
    /// Only the flags client builds have.
    pub client: bool,
    /// The Kotlin package, when set.
    pub package: Option<String>,
}

/// Reads a `codegen:` section: its languages in [`LANGUAGES`] order, or every problem.
pub fn targets(section: &Section<'_>) -> Result<Vec<Target>, Problems> {
    let mut problems = Problems::default();
    let mut targets = Vec::new();
    let at = |keys: &[&str]| {
        keys.iter()
            .fold(section.path.to_owned(), |at, key| path::key(&at, key))
    };
    let mut problem = |at: String, key: bool, kind: ProblemKind, message: String| {
        let location = if key {
            section.map.locate_key(&at)
        } else {
            section.map.locate(&at)
        };
        problems.push(Problem::new(location, at, kind, message));
    };
    let Some(entries) = section.value.as_object() else {
        problem(
            at(&[]),
            false,
            ProblemKind::InvalidType,
            "the codegen section must be a mapping of languages (ts, kotlin, swift) to their \
             settings"
                .to_owned(),
        );
        return Err(problems);
    };
    let names: Vec<&str> = LANGUAGES.iter().map(|l| l.name()).collect();
    for name in entries.keys() {
        if !names.contains(&name.as_str()) && !is_annotation(name) {
            problem(
                at(&[name]),
                true,
                ProblemKind::UnknownField,
                format!(
                    "unknown language {name:?}{}; languages: {}",
                    did_you_mean(name, &names),
                    names.join(", ")
                ),
            );
        }
    }
    for lang in LANGUAGES {
        let Some(entry) = entries.get(lang.name()) else {
            continue;
        };
        let Some(fields) = entry.as_object() else {
            problem(
                at(&[lang.name()]),
                false,
                ProblemKind::InvalidType,
                format!("expected a mapping with `out`, found {}", type_name(entry)),
            );
            continue;
        };
        let known: &[&str] = match lang {
            Lang::Kotlin => &TARGET_FIELDS,
            _ => &["out", "client"],
        };
        for field in fields.keys() {
            if !known.contains(&field.as_str()) && !is_annotation(field) {
                let hint = if field == "package" {
                    " (a package is for kotlin only)".to_owned()
                } else {
                    did_you_mean(field, known)
                };
                problem(
                    at(&[lang.name(), field]),
                    true,
                    ProblemKind::UnknownField,
                    format!("unknown field {field:?}{hint}"),
                );
            }
        }
        let out = match fields.get("out") {
            Some(Value::String(out)) if valid_out(out) => Some(out.clone()),
            Some(Value::String(out)) => {
                problem(
                    at(&[lang.name(), "out"]),
                    false,
                    ProblemKind::InvalidValue,
                    format!(
                        "{out:?} is not a file path relative to the project directory (no \
                         leading /, no drive)"
                    ),
                );
                None
            }
            Some(other) => {
                problem(
                    at(&[lang.name(), "out"]),
                    false,
                    ProblemKind::InvalidType,
                    format!("expected a file path, found {}", type_name(other)),
                );
                None
            }
            None => {
                problem(
                    at(&[lang.name()]),
                    true,
                    ProblemKind::MissingField,
                    format!(
                        "missing field \"out\": where to write the {} code",
                        lang.name()
                    ),
                );
                None
            }
        };
        let client = match fields.get("client") {
            None => false,
            Some(Value::Bool(client)) => *client,
            Some(other) => {
                problem(
                    at(&[lang.name(), "client"]),
                    false,
                    ProblemKind::InvalidType,
                    format!("expected a boolean, found {}", type_name(other)),
                );
                false
            }
        };
        let package = match (lang, fields.get("package")) {
            (Lang::Kotlin, Some(Value::String(package))) if kotlin::is_package_name(package) => {
                Some(package.clone())
            }
            (Lang::Kotlin, Some(other)) => {
                problem(
                    at(&[lang.name(), "package"]),
                    false,
                    ProblemKind::InvalidValue,
                    format!(
                        "{} is not a Kotlin package name (e.g. com.example.flags)",
                        crate::output::json_text(other)
                    ),
                );
                None
            }
            _ => None,
        };
        if let Some(out) = out {
            targets.push(Target {
                lang,
                out,
                client,
                package,
            });
        }
    }
    problems.into_result(targets)
}

/// A relative file path: not empty, no leading `/` or `\`, no drive letter.
fn valid_out(out: &str) -> bool {
    !out.trim().is_empty() && !out.starts_with(['/', '\\']) && !out.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollgate_project::source::{parse, Format};

    fn read(yaml: &str) -> Result<Vec<Target>, Vec<String>> {
        let parsed = parse(yaml, Format::Yaml, "rollgate.yaml").unwrap();
        let section = Section {
            value: &parsed.value["codegen"],
            path: "codegen",
            map: &parsed.map,
        };
        targets(&section).map_err(|p| p.list.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn languages_in_order_with_their_settings() {
        let targets = read(
            "codegen:\n  swift: {out: ios/F.swift}\n  ts: {out: ../web/flags.ts, client: true}\n  \
             kotlin: {out: F.kt, package: com.acme.flags, $comment: x}\n",
        )
        .unwrap();
        assert_eq!(
            targets,
            [
                Target {
                    lang: Lang::Ts,
                    out: "../web/flags.ts".into(),
                    client: true,
                    package: None
                },
                Target {
                    lang: Lang::Kotlin,
                    out: "F.kt".into(),
                    client: false,
                    package: Some("com.acme.flags".into())
                },
                Target {
                    lang: Lang::Swift,
                    out: "ios/F.swift".into(),
                    client: false,
                    package: None
                },
            ]
        );
    }

    /// docs/project.schema.json describes the section editors check: the same languages and
    /// fields.
    #[test]
    fn the_project_schema_lists_every_language_and_field() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/project.schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let keys = |value: &serde_json::Value| -> Vec<String> {
            value.as_object().unwrap().keys().cloned().collect()
        };
        let mut languages: Vec<String> = LANGUAGES.iter().map(|l| l.name().to_owned()).collect();
        languages.sort();
        assert_eq!(
            keys(&schema["properties"]["codegen"]["properties"]),
            languages
        );
        assert_eq!(
            keys(&schema["$defs"]["kotlinTarget"]["properties"]),
            ["client", "out", "package"]
        );
        assert_eq!(
            keys(&schema["$defs"]["codegenTarget"]["properties"]),
            ["client", "out"]
        );
        let mut fields = TARGET_FIELDS.to_vec();
        fields.sort_unstable();
        assert_eq!(fields, ["client", "out", "package"]);
    }

    #[test]
    fn every_mistake_is_located() {
        let problems = read(
            "codegen:\n  typescript: {out: a.ts}\n  kotlin: {package: com.in.x}\n  swift: \
             {out: /abs.swift, client: yes, package: p}\n",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "rollgate.yaml:2:3: codegen.typescript: unknown language \"typescript\"; \
                 languages: ts, kotlin, swift [unknown_field]",
                "rollgate.yaml:3:3: codegen.kotlin: missing field \"out\": where to write the \
                 kotlin code [missing_field]",
                "rollgate.yaml:3:21: codegen.kotlin.package: \"com.in.x\" is not a Kotlin \
                 package name (e.g. com.example.flags) [invalid_value]",
                "rollgate.yaml:4:41: codegen.swift.package: unknown field \"package\" (a \
                 package is for kotlin only) [unknown_field]",
                "rollgate.yaml:4:16: codegen.swift.out: \"/abs.swift\" is not a file path \
                 relative to the project directory (no leading /, no drive) [invalid_value]",
                "rollgate.yaml:4:36: codegen.swift.client: expected a boolean, found a string \
                 [invalid_type]",
            ]
        );
        assert!(read("codegen: [ts]\n").unwrap_err()[0].contains("must be a mapping"));
    }
}
