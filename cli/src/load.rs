//! Reading inputs: ruleset files (JSON or YAML), contexts, JSON-lines context files.

use crate::error::CliError;
use rollgate::limits::check_ruleset_size;
use rollgate::{Context, LoadError, ProblemKind, Ruleset};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The syntax of a ruleset file, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Anything not named .yaml/.yml: the core's native format.
    Json,
    /// `.yaml` / `.yml`: converted to the same JSON model before loading.
    Yaml,
}

/// A ruleset file's text, not yet parsed.
#[derive(Debug)]
pub struct Document {
    /// The path as given on the command line (for messages).
    pub name: String,
    /// JSON or YAML.
    pub format: Format,
    /// The text, or why it was refused unread (over the size limit).
    text: Result<String, LoadError>,
}

impl Document {
    /// Reads a ruleset file; I/O failures are usage errors (exit 2).
    pub fn read(path: &Path) -> Result<Document, CliError> {
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ => Format::Json,
        };
        Ok(Document {
            name: path.display().to_string(),
            format,
            text: crate::read::ruleset_text(path)?,
        })
    }

    /// A document from text already in memory (an earlier revision from git, tests).
    pub fn from_text(name: &str, format: Format, text: &str) -> Document {
        Document {
            name: name.into(),
            format,
            text: Ok(text.into()),
        }
    }

    /// Parses the text into the JSON model, without validating it as a ruleset.
    pub fn to_value(&self) -> Result<Value, LoadError> {
        let text = self.text.as_ref().map_err(Clone::clone)?;
        // Parsing to a value bypasses the loader's own check: apply the core's size limit here.
        check_ruleset_size(text.len())?;
        match self.format {
            Format::Json => serde_json::from_str(text).map_err(|_| {
                // The core words JSON syntax errors (line, column, depth limit); reuse that.
                match Ruleset::from_json(text) {
                    Err(error) => error,
                    Ok(_) => LoadError::single("", ProblemKind::Syntax, "invalid JSON".to_owned()),
                }
            }),
            Format::Yaml => crate::yaml::to_json(text),
        }
    }

    /// Parses and compiles the ruleset, reporting every problem.
    pub fn to_ruleset(&self) -> Result<Ruleset, LoadError> {
        match self.format {
            Format::Json => Ruleset::from_json(self.text.as_ref().map_err(Clone::clone)?),
            Format::Yaml => Ruleset::from_value(&self.to_value()?),
        }
    }

    /// Wraps a load error with this file's name (exit 1).
    pub fn invalid(&self, error: LoadError) -> CliError {
        CliError::InvalidRuleset {
            file: self.name.clone(),
            error,
        }
    }
}

/// Reads and compiles a ruleset file, failing with every problem listed.
pub fn ruleset(path: &Path) -> Result<Ruleset, CliError> {
    let document = Document::read(path)?;
    document.to_ruleset().map_err(|e| document.invalid(e))
}

/// Reads a whole file, or stdin for `-`.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let io_error = |source| CliError::Io {
        what: path.display().to_string(),
        source,
    };
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(io_error)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(io_error)
    }
}

/// The `--context` argument: inline JSON, `@file.json`, or absent (the empty context).
/// Returns the JSON as given (for echoing) and the context built from it.
pub fn context_arg(arg: Option<&str>) -> Result<(Value, Context), CliError> {
    let Some(arg) = arg else {
        return Ok((Value::Object(Default::default()), Context::new()));
    };
    let (text, source) = match arg.strip_prefix('@') {
        Some(file) => (read_text(&PathBuf::from(file))?, file.to_owned()),
        None => (arg.to_owned(), "--context".to_owned()),
    };
    parse_context(&text).map_err(|message| CliError::Invalid(format!("{source}: {message}")))
}

/// Parses one context object; the error says what is wrong and where.
pub fn parse_context(text: &str) -> Result<(Value, Context), String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("invalid context JSON: {e}"))?;
    let context = Context::from_json_value(&value).map_err(|e| format!("invalid context: {e}"))?;
    Ok((value, context))
}

/// One line of a JSON-lines context file.
pub struct ContextLine {
    /// 1-based line number.
    pub line: usize,
    /// The context (and its JSON), or why the line is not one.
    pub parsed: Result<(Value, Context), String>,
}

/// The non-blank lines of a JSON-lines file, each parsed as a context.
pub fn context_lines(text: &str) -> impl Iterator<Item = ContextLine> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| ContextLine {
            line: i + 1,
            parsed: parse_context(line),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let doc = Document::from_text("x.yaml", Format::Yaml, "schema: 1\nflags: [\n  a: b\n");
        let error = doc.to_ruleset().unwrap_err();
        assert_eq!(error.problems.len(), 1);
        assert_eq!(error.problems[0].kind, ProblemKind::Syntax);
        assert!(
            error.problems[0].message.contains("line "),
            "{}",
            error.problems[0].message
        );
    }

    #[test]
    fn yaml_and_json_give_the_same_model() {
        let yaml = "schema: 1\nrevision: 3\nflags:\n  f:\n    type: boolean\n    variants: {on: true, off: false}\n    default: 'off'\n";
        let json = r#"{"schema":1,"revision":3,"flags":{"f":{"type":"boolean","variants":{"on":true,"off":false},"default":"off"}}}"#;
        let a = Document::from_text("a.yaml", Format::Yaml, yaml)
            .to_value()
            .unwrap();
        let b = Document::from_text("b.json", Format::Json, json)
            .to_value()
            .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn example_yaml_is_the_example_json() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let json = Document::read(&dir.join("flags.json")).unwrap();
        let yaml = Document::read(&dir.join("flags.yaml")).unwrap();
        assert_eq!(yaml.format, Format::Yaml);
        assert_eq!(json.to_value().unwrap(), yaml.to_value().unwrap());
    }

    #[test]
    fn json_syntax_error_comes_from_the_core() {
        let doc = Document::from_text("x.json", Format::Json, "{\"schema\": 1,\n  \"flags\": }");
        let error = doc.to_value().unwrap_err();
        assert_eq!(error.problems[0].kind, ProblemKind::Syntax);
        assert!(error.problems[0].message.contains("line 2"));
    }

    #[test]
    fn context_lines_skip_blanks_and_number_lines() {
        let lines: Vec<_> = context_lines("{\"userId\":\"a\"}\n\n[1]\n").collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, 1);
        assert!(lines[0].parsed.is_ok());
        assert_eq!(lines[1].line, 3);
        assert!(lines[1].parsed.as_ref().unwrap_err().contains("object"));
    }
}
