//! The Rust runner of the cross-platform conformance corpus (`tests/conformance/*.json`).
//!
//! Every binding runs the same files; this runner is the reference for how to read them
//! (`tests/conformance/README.md`). It checks every case, collects every mismatch, and fails
//! once at the end with the full list, so one run shows everything that disagrees.
//!
//! The core gets exactly what the file says: each ruleset and context is handed over as its
//! own text (serde_json's `RawValue`), never re-printed, so a number such as `1.0E25` reaches
//! the core's reader as written.

use rollgate::{Context, FlagType, Ruleset};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Fewer cases than this means the corpus was not found or not read (an empty glob passes
/// vacuously otherwise).
const MIN_CASES: usize = 250;

/// The result fields a case's `expect` describes; all are compared, absent means null.
const EXPECT_FIELDS: [&str; 7] = [
    "value",
    "variant",
    "reason",
    "ruleId",
    "errorCode",
    "failedPrerequisite",
    "unitMissing",
];

const CASE_FIELDS: [&str; 8] = [
    "name", "flag", "context", "now", "type", "default", "expect", "explain",
];
const INVALID_FIELDS: [&str; 4] = ["name", "ruleset", "rulesetText", "expectErrors"];

/// Tally of one run: passed count and a readable line per failure.
#[derive(Default)]
struct Report {
    passed: usize,
    failures: Vec<String>,
}

impl Report {
    fn fail(&mut self, file: &str, case: &str, detail: impl AsRef<str>) {
        self.failures
            .push(format!("{file} :: {case}\n    {}", detail.as_ref()));
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn corpus_files() -> Result<Vec<PathBuf>, String> {
    let dir = corpus_dir();
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read corpus directory {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// JSON equality where numbers compare by value: `1` equals `1.0` (the engine stores f64).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether the trace `got` shows every fact of `want` (an `explain` expectation), pushing one
/// line per difference: an object's listed members must be present and show their facts (the
/// trace may have more members), an array must have as many items, each showing its facts in
/// order, and any other value must be equal ([`json_equal`]).
fn trace_shows(want: &Value, got: &Value, path: &str, diffs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, fact) in want {
                match got.get(key) {
                    None => diffs.push(format!("{path}.{key}: missing from the trace")),
                    Some(value) => trace_shows(fact, value, &format!("{path}.{key}"), diffs),
                }
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (i, (fact, value)) in want.iter().zip(got).enumerate() {
                trace_shows(fact, value, &format!("{path}[{i}]"), diffs);
            }
        }
        _ if json_equal(want, got) => {}
        _ => diffs.push(format!("{path}: expected {want}, got {got}")),
    }
}

/// A value as the core writes it (its JSON text), read back by serde_json: what a host that
/// parses the core's JSON output sees.
fn written(value: &rollgate::FlagValue) -> Value {
    serde_json::from_str(&value.to_json().to_string()).unwrap_or(Value::Null)
}

fn unknown_keys(map: &Map<String, Value>, allowed: &[&str]) -> Vec<String> {
    map.keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .cloned()
        .collect()
}

fn optional_str(value: Option<&str>) -> Value {
    value.map_or(Value::Null, Value::from)
}

/// The text of each member of the JSON object `text`, as written.
fn raw_members(text: &str) -> Result<Map<String, Value>, String> {
    let members: std::collections::BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(members
        .into_iter()
        .map(|(key, raw)| (key, Value::String(raw.get().to_owned())))
        .collect())
}

/// The texts of the items of the JSON array `text`, as written.
fn raw_items(text: &str) -> Result<Vec<String>, String> {
    let items: Vec<Box<RawValue>> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(items.into_iter().map(|raw| raw.get().to_owned()).collect())
}

/// The member texts ([`raw_members`]) of each case of the list `list` (`cases` or
/// `invalid`) of a file's [`raw_members`] map.
fn raw_cases(file: &Map<String, Value>, list: &str) -> Result<Vec<Map<String, Value>>, String> {
    let items = raw_member(file, list).map(raw_items).transpose()?;
    items
        .unwrap_or_default()
        .iter()
        .map(|item| raw_members(item))
        .collect()
}

/// The text of member `key` of a [`raw_members`] map.
fn raw_member<'a>(members: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    members.get(key).and_then(Value::as_str)
}

/// Runs one evaluation case (`raw` holds the texts of its members); `Err` describes every
/// field that differs.
fn run_case(
    ruleset: &Ruleset,
    case: &Map<String, Value>,
    raw: &Map<String, Value>,
) -> Result<(), String> {
    let extra = unknown_keys(case, &CASE_FIELDS);
    if !extra.is_empty() {
        return Err(format!("case has unknown fields {extra:?}"));
    }
    let flag = case
        .get("flag")
        .and_then(Value::as_str)
        .ok_or("case has no string \"flag\"")?;
    let context_text = raw_member(raw, "context").ok_or("case has no \"context\"")?;
    let now = match case.get("now") {
        None => 0,
        Some(v) => v.as_i64().ok_or("\"now\" is not an integer")?,
    };
    let expect = case
        .get("expect")
        .and_then(Value::as_object)
        .ok_or("case has no object \"expect\"")?;
    let extra = unknown_keys(expect, &EXPECT_FIELDS);
    if !extra.is_empty() {
        return Err(format!("expect has unknown fields {extra:?}"));
    }
    let flag_type = match case.get("type") {
        None => None,
        Some(name) => Some(
            name.as_str()
                .and_then(FlagType::parse)
                .ok_or_else(|| format!("unknown \"type\" {name}"))?,
        ),
    };
    let default = case.get("default").cloned().unwrap_or(Value::Null);

    let actual: [(&str, Value); 7] = match Context::from_json(context_text) {
        // What every binding reports for a context it cannot take: an error result, so the
        // caller's default applies.
        Err(_) => [
            ("value", default),
            ("variant", Value::Null),
            ("reason", Value::from("ERROR")),
            ("ruleId", Value::Null),
            ("errorCode", Value::from("INVALID_CONTEXT")),
            ("failedPrerequisite", Value::Null),
            ("unitMissing", Value::Null),
        ],
        Ok(context) => {
            let mut evaluation = ruleset.evaluate(flag, &context, now);
            if let Some(flag_type) = flag_type {
                evaluation = evaluation.expect_type(flag_type);
            }
            [
                ("value", evaluation.value.map_or(default, written)),
                ("variant", optional_str(evaluation.variant)),
                ("reason", Value::from(evaluation.reason.as_str())),
                ("ruleId", optional_str(evaluation.rule_id)),
                (
                    "errorCode",
                    optional_str(evaluation.error_code.map(|c| c.as_str())),
                ),
                (
                    "failedPrerequisite",
                    optional_str(evaluation.failed_prerequisite),
                ),
                ("unitMissing", optional_str(evaluation.unit_missing)),
            ]
        }
    };
    let mut diffs: Vec<String> = actual
        .iter()
        .filter_map(|(field, got)| {
            let want = expect.get(*field).unwrap_or(&Value::Null);
            (!json_equal(want, got)).then(|| format!("{field}: expected {want}, got {got}"))
        })
        .collect();
    if let Some(want) = case.get("explain") {
        match Context::from_json(context_text) {
            Err(e) => diffs.push(format!("explain: the context does not load: {e}")),
            Ok(context) => {
                let text = ruleset.explain(flag, &context, now).to_json().to_string();
                let trace: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                trace_shows(want, &trace, "explain", &mut diffs);
            }
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n    "))
    }
}

fn run_evaluation_file(
    file: &str,
    doc: &Map<String, Value>,
    raw: &Map<String, Value>,
    report: &mut Report,
) -> usize {
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let ruleset = match raw_member(raw, "ruleset") {
        None => Err("file has \"cases\" but no \"ruleset\"".to_owned()),
        Some(text) => Ruleset::from_json(text).map_err(|e| e.to_string()),
    };
    let raw_cases = match raw_cases(raw, "cases") {
        Ok(raw_cases) => raw_cases,
        Err(e) => {
            report.fail(file, "(file)", format!("cases are not objects: {e}"));
            return cases.len();
        }
    };
    let ruleset = match ruleset {
        Ok(r) => r,
        Err(e) => {
            // Every case of the file fails: they cannot run without their ruleset.
            for case in cases {
                let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
                report.fail(file, name, format!("the file's ruleset does not load: {e}"));
            }
            return cases.len();
        }
    };
    run_cases(file, "cases", cases, &raw_cases, report, |case, raw| {
        run_case(&ruleset, case, raw)
    })
}

/// Runs every case of one list (`cases` or `invalid`) and records each outcome; `raw` holds
/// the texts of each case's members ([`raw_members`]).
fn run_cases(
    file: &str,
    list: &str,
    cases: &[Value],
    raw: &[Map<String, Value>],
    report: &mut Report,
    run: impl Fn(&Map<String, Value>, &Map<String, Value>) -> Result<(), String>,
) -> usize {
    let no_texts = Map::new();
    for (i, case) in cases.iter().enumerate() {
        let fallback = format!("{list}[{i}]");
        let name = case
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&fallback);
        let texts = raw.get(i).unwrap_or(&no_texts);
        let outcome = case
            .as_object()
            .ok_or_else(|| "case is not an object".to_owned())
            .and_then(|case| run(case, texts));
        match outcome {
            Ok(()) => report.passed += 1,
            Err(detail) => report.fail(file, name, detail),
        }
    }
    cases.len()
}

/// Runs one invalid-ruleset case: loading must fail with exactly the expected (path, kind) set.
fn run_invalid_case(case: &Map<String, Value>, raw: &Map<String, Value>) -> Result<(), String> {
    let extra = unknown_keys(case, &INVALID_FIELDS);
    if !extra.is_empty() {
        return Err(format!("case has unknown fields {extra:?}"));
    }
    let text = match (raw_member(raw, "ruleset"), case.get("rulesetText")) {
        (Some(text), None) => text.to_owned(),
        (None, Some(Value::String(text))) => text.clone(),
        _ => {
            return Err("case needs exactly one of \"ruleset\" or a string \"rulesetText\"".into())
        }
    };
    let mut expected = BTreeSet::new();
    for item in case
        .get("expectErrors")
        .and_then(Value::as_array)
        .ok_or("case has no array \"expectErrors\"")?
    {
        let path = item.get("path").and_then(Value::as_str);
        let kind = item.get("kind").and_then(Value::as_str);
        match (path, kind) {
            (Some(p), Some(k)) => expected.insert((p.to_owned(), k.to_owned())),
            _ => {
                return Err(format!(
                    "expectErrors entry {item} needs string path and kind"
                ))
            }
        };
    }
    let problems = match Ruleset::from_json(&text) {
        Ok(_) => return Err("the ruleset loaded, but it should be rejected".into()),
        Err(e) => e.problems,
    };
    let actual: BTreeSet<(String, String)> = problems
        .iter()
        .map(|p| (p.path.clone(), p.kind.name().to_owned()))
        .collect();
    if actual == expected {
        return Ok(());
    }
    let show = |set: &BTreeSet<(String, String)>| {
        set.iter()
            .map(|(p, k)| format!("({p:?}, {k})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Err(format!(
        "expected errors {{{}}}\n    got errors      {{{}}}\n    messages: {}",
        show(&expected),
        show(&actual),
        messages.join(" | ")
    ))
}

fn run_invalid_file(
    file: &str,
    doc: &Map<String, Value>,
    raw: &Map<String, Value>,
    report: &mut Report,
) -> usize {
    let cases = doc
        .get("invalid")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    match raw_cases(raw, "invalid") {
        Ok(raw_cases) => run_cases(file, "invalid", cases, &raw_cases, report, run_invalid_case),
        Err(e) => {
            report.fail(file, "(file)", format!("cases are not objects: {e}"));
            cases.len()
        }
    }
}

#[test]
fn conformance_corpus() {
    let mut report = Report::default();
    let mut total = 0;
    let files = corpus_files().unwrap_or_else(|e| {
        report.fail("(corpus)", "(directory)", e);
        Vec::new()
    });
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string());
        let doc = text.as_deref().map_err(Clone::clone).and_then(|text| {
            let doc = serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?;
            Ok((doc, raw_members(text).unwrap_or_default()))
        });
        let (doc, raw) = match doc {
            Ok((Value::Object(map), raw)) => (map, raw),
            Ok(_) => {
                report.fail(&file, "(file)", "the file is not a JSON object");
                continue;
            }
            Err(e) => {
                report.fail(&file, "(file)", format!("cannot read: {e}"));
                continue;
            }
        };
        let extra = unknown_keys(&doc, &["description", "ruleset", "cases", "invalid"]);
        if !extra.is_empty() {
            report.fail(
                &file,
                "(file)",
                format!("unknown top-level fields {extra:?}"),
            );
        }
        match (doc.contains_key("cases"), doc.contains_key("invalid")) {
            (true, false) => total += run_evaluation_file(&file, &doc, &raw, &mut report),
            (false, true) => total += run_invalid_file(&file, &doc, &raw, &mut report),
            _ => report.fail(
                &file,
                "(file)",
                "a corpus file has exactly one of \"cases\" or \"invalid\"",
            ),
        }
    }

    let failed = report.failures.len();
    let mut text = String::new();
    for failure in &report.failures {
        text.push_str(&format!("FAIL {failure}\n"));
    }
    text.push_str(&format!(
        "conformance: {} passed, {failed} failed\n",
        report.passed
    ));
    // Written to the real stderr (not eprintln!, which the test harness captures) so the
    // summary shows on every run.
    let _ = std::io::stderr().write_all(text.as_bytes());

    assert!(
        total >= MIN_CASES,
        "only {total} conformance cases found in {}; expected at least {MIN_CASES}",
        corpus_dir().display()
    );
    assert!(
        failed == 0,
        "{failed} of {total} conformance case(s) failed; the FAIL lines above say which and how"
    );
}
