//! Reading inputs: ruleset files (JSON or YAML), contexts, JSON-lines context files.

use crate::error::CliError;
use rollgate::limits::{check_ruleset_size, MAX_RULESET_BYTES};
use rollgate::{Context, LoadError, ProblemKind, Ruleset};
use rollgate_project::files::{read_file, read_limited};
pub use rollgate_project::source::Format;
use rollgate_project::source::{self, Parsed};
use rollgate_project::{Problem, Problems};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A ruleset file's text, not yet parsed.
#[derive(Debug)]
pub struct Document {
    /// The path as given on the command line, or `<stdin>` (for messages).
    pub name: String,
    /// JSON or YAML, by the file's extension.
    pub format: Format,
    /// The text, or why it was refused unread (over the size limit).
    text: Result<String, LoadError>,
}

impl Document {
    /// Reads a ruleset file (`-`: stdin, named `<stdin>` in messages); I/O failures are usage
    /// errors (exit 2).
    pub fn read(path: &Path) -> Result<Document, CliError> {
        let name = if path == Path::new("-") {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        Ok(Document {
            name,
            format: Format::of_path(path),
            text: crate::read::ruleset_text(path)?,
        })
    }

    /// A document read from elsewhere than a file (`git show REV:PATH`): its name for
    /// messages, its format, and its text or why it was refused unread.
    pub fn from_source(name: String, format: Format, text: Result<String, LoadError>) -> Document {
        Document { name, format, text }
    }

    /// A document from text already in memory (an earlier revision from git, tests).
    pub fn from_text(name: &str, format: Format, text: &str) -> Document {
        Document {
            name: name.into(),
            format,
            text: Ok(text.into()),
        }
    }

    /// The text, or the problem that kept it unread.
    fn text(&self) -> Result<&str, Problems> {
        self.text
            .as_deref()
            .map_err(|error| unlocated(error.clone()))
    }

    /// Parses the text into the JSON model and its source map, without validating it as a
    /// ruleset. Every problem is located in the file.
    pub fn parse(&self) -> Result<Parsed, Problems> {
        let text = self.text()?;
        // Parsing to a value bypasses the loader's own check: apply the core's size limit here.
        check_ruleset_size(text.len()).map_err(unlocated)?;
        source::parse(text, self.format, &self.name).map_err(|ours| match self.format {
            // The core words JSON syntax errors (line, column, depth limit); reuse that.
            Format::Json => match Ruleset::from_json(text) {
                Err(error) => with_locations_of(error, &ours),
                Ok(_) => ours,
            },
            Format::Yaml => ours,
        })
    }

    /// The JSON model of the document, without validating it as a ruleset (for commands that
    /// read the document itself: diff, lint, codegen).
    pub fn to_value(&self) -> Result<Value, Problems> {
        self.parse().map(|parsed| parsed.value)
    }

    /// Compiles a parsed document, locating every problem in the file.
    pub fn compile(&self, parsed: &Parsed) -> Result<Ruleset, Problems> {
        Ruleset::from_value(&parsed.value).map_err(|error| {
            let mut problems = Problems::default();
            for problem in error.problems {
                problems.push(Problem::from_core(problem, &parsed.map));
            }
            problems
        })
    }

    /// Parses and compiles the ruleset, reporting every problem with its line and column.
    /// JSON is compiled from its text by the core; the source map is only built when there
    /// are problems to locate.
    pub fn to_ruleset(&self) -> Result<Ruleset, Problems> {
        match self.format {
            Format::Json => {
                let text = self.text()?;
                Ruleset::from_json(text).map_err(|error| {
                    match source::parse(text, Format::Json, &self.name) {
                        Ok(parsed) => {
                            let mut problems = Problems::default();
                            for problem in error.problems {
                                problems.push(Problem::from_core(problem, &parsed.map));
                            }
                            problems
                        }
                        Err(ours) => with_locations_of(error, &ours),
                    }
                })
            }
            Format::Yaml => self.compile(&self.parse()?),
        }
    }

    /// Wraps problems with this file's name (exit 1), in the order of the file.
    pub fn invalid(&self, mut problems: Problems) -> CliError {
        problems.sort_by_location();
        CliError::InvalidRuleset {
            file: self.name.clone(),
            problems,
        }
    }
}

/// The core's problems, without a location.
pub fn unlocated(error: LoadError) -> Problems {
    let mut problems = Problems::default();
    for problem in error.problems {
        problems.add(None, problem.path, problem.kind, problem.message);
    }
    problems
}

/// The core's problems of a text our reader refused too, each located where our reader found
/// the same kind of problem at the same path (for a syntax error, the first one it found).
fn with_locations_of(error: LoadError, ours: &Problems) -> Problems {
    let mut problems = Problems::default();
    for problem in error.problems {
        let kind = problem.kind.into();
        let location = ours
            .list
            .iter()
            .find(|p| {
                p.kind == kind && (p.path == problem.path || problem.kind == ProblemKind::Syntax)
            })
            .and_then(|p| p.location.clone());
        problems.add(location, problem.path, problem.kind, problem.message);
    }
    problems
}

/// Reads and compiles a ruleset file, failing with every problem listed.
pub fn ruleset(path: &Path) -> Result<Ruleset, CliError> {
    let document = Document::read(path)?;
    document
        .to_ruleset()
        .map_err(|problems| document.invalid(problems))
}

/// Largest JSON-lines context sample (`--contexts` of eval, simulate and diff), in bytes:
/// 1 GiB, several million contexts. The sample is held in memory whole (diff divides its
/// lines between threads), so it has a limit of its own, larger than a ruleset's.
pub const MAX_SAMPLE_BYTES: usize = 1 << 30;

/// Reads a whole file, or stdin for `-`, of at most `limit` bytes: a larger file is refused
/// by its size, unread, and stdin is read no further than one byte past the limit. A context
/// file (`--context @FILE`) is held to [`MAX_RULESET_BYTES`], a sample to
/// [`MAX_SAMPLE_BYTES`] (docs/format.md, "Limits").
pub fn read_text(path: &Path, limit: usize) -> Result<String, CliError> {
    let read = if path == Path::new("-") {
        read_limited(std::io::stdin().lock(), 0, limit)
    } else {
        read_file(path, limit)
    };
    read.map_err(|source| CliError::Io {
        what: if path == Path::new("-") {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        },
        source,
    })
}

/// The `--context` argument: inline JSON, `@file.json`, or absent (the empty context).
/// Returns the JSON as given (for echoing) and the context built from it.
pub fn context_arg(arg: Option<&str>) -> Result<(Value, Context), CliError> {
    let Some(arg) = arg else {
        return Ok((Value::Object(Default::default()), Context::new()));
    };
    let (text, source) = match arg.strip_prefix('@') {
        Some(file) => (
            read_text(&PathBuf::from(file), MAX_RULESET_BYTES)?,
            file.to_owned(),
        ),
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
        let problems = doc.to_ruleset().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems.list[0].kind, ProblemKind::Syntax.into());
        assert!(
            problems.list[0].message.contains("line "),
            "{}",
            problems.list[0].message
        );
        let location = problems.list[0].location.as_ref().unwrap();
        // The parser notices the unclosed list at the end of the text.
        assert_eq!((location.file.as_str(), location.line), ("x.yaml", 4));
    }

    #[test]
    fn yaml_and_json_give_the_same_model() {
        let yaml = "schema: 1\nrevision: 3\nflags:\n  f:\n    type: boolean\n    variants: {on: true, off: false}\n    default: 'off'\n";
        let json = r#"{"schema":1,"revision":3,"flags":{"f":{"type":"boolean","variants":{"on":true,"off":false},"default":"off"}}}"#;
        let a = Document::from_text("a.yaml", Format::Yaml, yaml)
            .parse()
            .unwrap()
            .value;
        let b = Document::from_text("b.json", Format::Json, json)
            .parse()
            .unwrap()
            .value;
        assert_eq!(a, b);
    }

    #[test]
    fn example_yaml_is_the_example_json() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let json = Document::read(&dir.join("flags.json")).unwrap();
        let yaml = Document::read(&dir.join("flags.yaml")).unwrap();
        assert_eq!(yaml.format, Format::Yaml);
        assert_eq!(json.parse().unwrap().value, yaml.parse().unwrap().value);
    }

    #[test]
    fn json_syntax_error_comes_from_the_core() {
        let doc = Document::from_text("x.json", Format::Json, "{\"schema\": 1,\n  \"flags\": }");
        for problems in [doc.parse().unwrap_err(), doc.to_ruleset().unwrap_err()] {
            let problem = &problems.list[0];
            assert_eq!(problem.kind, ProblemKind::Syntax.into());
            assert!(problem.message.contains("line 2"), "{}", problem.message);
            let location = problem.location.as_ref().unwrap();
            assert_eq!((location.line, location.column), (2, 12));
        }
    }

    #[test]
    fn problems_are_located_in_json_and_yaml() {
        let json = "{\"schema\": 1, \"revision\": 1, \"flags\": {\n  \"a\": {\"type\": \"boolean\", \"variants\": {\"on\": true},\n        \"default\": \"of\", \"colour\": 1}}}";
        let yaml = "schema: 1\nrevision: 1\nflags:\n  a:\n    type: boolean\n    variants: {on: true}\n    default: of\n    colour: 1\n";
        for (doc, expected) in [
            (
                Document::from_text("a.json", Format::Json, json),
                [
                    "a.json:3:20: flags.a.default",
                    "a.json:3:26: flags.a.colour",
                ],
            ),
            (
                Document::from_text("a.yaml", Format::Yaml, yaml),
                ["a.yaml:7:14: flags.a.default", "a.yaml:8:5: flags.a.colour"],
            ),
        ] {
            let problems = doc.to_ruleset().unwrap_err();
            let mut lines: Vec<String> = problems.list.iter().map(ToString::to_string).collect();
            lines.sort();
            assert_eq!(lines.len(), 2, "{lines:?}");
            for (line, start) in lines.iter().zip(expected) {
                assert!(
                    line.starts_with(start),
                    "{line} does not start with {start}"
                );
            }
        }
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
