#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The JSON Schema of rulesets (`docs/ruleset.schema.json`) agrees with the engine.
//!
//! Editors and CI pipelines validate rulesets with the schema before the engine ever sees them,
//! so the two must not drift: a schema that rejects a ruleset the engine accepts blocks valid
//! releases, and one that misses a field the engine knows hides it from editors. The compiler in
//! `core/src/compile/` is the truth; these tests hold the schema to it:
//!
//! 1. every valid ruleset we have (examples, benchmark, conformance corpus, the format docs)
//!    passes both the schema and the engine;
//! 2. operators, operand fields and object fields are the same on both sides (drift guard);
//! 3. every structurally invalid ruleset of the conformance corpus is rejected by the schema too
//!    (cross-references such as unknown variants are beyond what a schema can say).
//!
//! `examples/flags.yaml` is not checked here: converting YAML needs a YAML parser the core does
//! not depend on; the CLI's tests check that it loads to the same model as `flags.json`.

use boon::{Compiler, SchemaIndex, Schemas};
use rollgate::{ProblemKind, Ruleset, OPERATORS};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The compiled schema plus its raw JSON (to read the operator enum and field lists).
struct Schema {
    schemas: Schemas,
    index: SchemaIndex,
    doc: Value,
}

impl Schema {
    fn load() -> Schema {
        let doc = read_json(&repo_root().join("docs/ruleset.schema.json"));
        let id = doc["$id"]
            .as_str()
            .expect("the schema has an $id")
            .to_owned();
        let mut compiler = Compiler::new();
        // Registered under its own $id, so nothing is fetched; boon also checks the schema
        // against the draft 2020-12 meta-schema while compiling.
        compiler.add_resource(&id, doc.clone()).unwrap();
        let mut schemas = Schemas::new();
        let index = compiler
            .compile(&id, &mut schemas)
            .unwrap_or_else(|e| panic!("the schema does not compile: {e:#}"));
        Schema {
            schemas,
            index,
            doc,
        }
    }

    /// `Err` with boon's explanation when the instance is invalid.
    fn check(&self, instance: &Value) -> Result<(), String> {
        self.schemas
            .validate(instance, self.index)
            .map_err(|e| format!("{e}"))
    }

    fn accepts(&self, instance: &Value) -> bool {
        self.check(instance).is_ok()
    }

    fn def(&self, name: &str) -> &Value {
        let def = &self.doc["$defs"][name];
        assert!(def.is_object(), "the schema has no $defs/{name}");
        def
    }
}

/// The (path, kind) pairs the engine reports; empty when the ruleset loads.
fn engine_problems(ruleset: &Value) -> Vec<(String, ProblemKind)> {
    match Ruleset::from_value(ruleset) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.into_iter().map(|p| (p.path, p.kind)).collect(),
    }
}

fn has_problem(problems: &[(String, ProblemKind)], path: &str, kind: ProblemKind) -> bool {
    problems.iter().any(|(p, k)| p == path && *k == kind)
}

// ---------------------------------------------------------------------------------------------
// 1. Every valid ruleset passes both.
// ---------------------------------------------------------------------------------------------

/// Every complete ruleset in a ```json block of docs/format.md (a top-level `"schema"` key).
fn rulesets_in_format_doc() -> Vec<(String, Value)> {
    let path = repo_root().join("docs/format.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("docs/format.md: {e}"));
    let mut found = Vec::new();
    let mut block: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        match &mut block {
            None if line.trim_start() == "```json" => block = Some((number + 1, String::new())),
            None => {}
            Some((start, body)) if line.trim_start() == "```" => {
                let value: Value = serde_json::from_str(body).unwrap_or_else(|e| {
                    panic!("docs/format.md line {start}: a ```json block is not JSON: {e}")
                });
                if value.get("schema").is_some() {
                    found.push((format!("docs/format.md line {start}"), value));
                }
                block = None;
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    found
}

fn valid_rulesets() -> Vec<(String, Value)> {
    let root = repo_root();
    let mut list = Vec::new();
    let json_files = |dir: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
    };
    for path in json_files("examples") {
        list.push((path.display().to_string(), read_json(&path)));
    }
    let bench = root.join("tests/bench/ruleset-200.json");
    list.push((bench.display().to_string(), read_json(&bench)));
    for path in json_files("tests/conformance") {
        let file = read_json(&path);
        // Evaluation files carry one valid ruleset; invalid-ruleset files have none.
        if let Some(ruleset) = file.get("ruleset") {
            list.push((path.display().to_string(), ruleset.clone()));
        }
    }
    list.extend(rulesets_in_format_doc());
    list
}

#[test]
fn every_valid_ruleset_passes_the_schema_and_the_engine() {
    let schema = Schema::load();
    let rulesets = valid_rulesets();
    let mut failures = Vec::new();
    for (name, ruleset) in &rulesets {
        if let Err(e) = Ruleset::from_value(ruleset) {
            failures.push(format!("{name}: the engine rejects it: {e}"));
        }
        if let Err(e) = schema.check(ruleset) {
            failures.push(format!("{name}: the schema rejects it:\n{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // examples/flags.json, the benchmark, 18 conformance rulesets, and the docs' examples.
    let from_docs = rulesets
        .iter()
        .filter(|(n, _)| n.starts_with("docs/"))
        .count();
    assert!(
        from_docs >= 5,
        "only {from_docs} complete rulesets found in docs/format.md"
    );
    assert!(
        rulesets.len() >= 20 + from_docs,
        "only {} rulesets found",
        rulesets.len()
    );
}

#[test]
fn the_schema_allows_a_dollar_schema_key_for_editors() {
    let schema = Schema::load();
    let ruleset = json!({
        "$schema": "../docs/ruleset.schema.json",
        "schema": 1, "revision": 1, "flags": {}
    });
    schema.check(&ruleset).unwrap();
    assert_eq!(engine_problems(&ruleset), vec![]);
}

// ---------------------------------------------------------------------------------------------
// 2. Drift guard: operators, operands and fields.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_operator_enum_equals_the_engine_operators() {
    let schema = Schema::load();
    let listed: Vec<&str> = schema.def("operator")["enum"]
        .as_array()
        .expect("$defs/operator has an enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(listed, OPERATORS);
}

/// For each `if op in [...] then {...}` branch of the leaf: the operators and the required
/// operand field (`None` for exists).
fn operand_branches(schema: &Schema) -> Vec<(Vec<String>, Option<String>)> {
    schema.def("leaf")["allOf"]
        .as_array()
        .expect("$defs/leaf has allOf branches")
        .iter()
        .map(|branch| {
            let ops = branch["if"]["properties"]["op"]["enum"]
                .as_array()
                .expect("each leaf branch tests op with an enum")
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            let required = branch["then"]["required"]
                .as_array()
                .map(|r| r[0].as_str().unwrap().to_owned());
            (ops, required)
        })
        .collect()
}

#[test]
fn every_operator_has_exactly_one_operand_rule_in_the_schema() {
    let schema = Schema::load();
    let mut seen: Vec<String> = operand_branches(&schema)
        .into_iter()
        .flat_map(|(ops, _)| ops)
        .collect();
    seen.sort();
    let mut expected: Vec<String> = OPERATORS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(
        seen, expected,
        "each operator must appear in exactly one leaf branch"
    );
}

/// A well-formed operand for each operator's operand field.
fn sample_operand(op: &str) -> Option<Value> {
    Some(match op {
        "equals" | "notEquals" => json!("x"),
        "in" | "notIn" => json!(["x", 1, true]),
        "contains" | "startsWith" | "endsWith" => json!("x"),
        "matches" => json!("^x+$"),
        "lt" | "lte" | "gt" | "gte" => json!(2.5),
        "before" | "after" => json!("2026-12-01T00:00:00Z"),
        "semver" => json!(">=2.3.0 <3"),
        "exists" => return None,
        other => panic!("operator {other:?} is new: add a sample operand to this test"),
    })
}

/// A ruleset whose only flag has one rule with this condition; its path is `WHEN`.
fn with_condition(when: Value) -> Value {
    json!({
        "schema": 1, "revision": 1,
        "flags": { "f": {
            "type": "boolean", "variants": { "on": true, "off": false }, "default": "off",
            "rules": [ { "id": "r", "when": when, "serve": "on" } ]
        } }
    })
}
const WHEN: &str = "flags.f.rules[0].when";

#[test]
fn operand_fields_agree_for_every_operator() {
    let schema = Schema::load();
    let operand_keys: Vec<String> = schema.def("leaf")["properties"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "attr" && *k != "op")
        .cloned()
        .collect();
    assert_eq!(
        operand_keys.len(),
        3,
        "value, values, range: {operand_keys:?}"
    );
    let branches = operand_branches(&schema);
    for op in OPERATORS {
        let operand_key = branches
            .iter()
            .find(|(ops, _)| ops.iter().any(|o| o == op))
            .and_then(|(_, key)| key.clone());
        let sample = sample_operand(op);
        assert_eq!(
            operand_key.is_some(),
            sample.is_some(),
            "{op}: the schema and this test disagree on whether it takes an operand"
        );

        let mut leaf = json!({ "attr": "a", "op": op });
        if let (Some(key), Some(sample)) = (&operand_key, &sample) {
            leaf[key.as_str()] = sample.clone();
        }
        let ruleset = with_condition(leaf.clone());
        assert_eq!(
            engine_problems(&ruleset),
            vec![],
            "{op}: engine rejects {leaf}"
        );
        assert!(schema.accepts(&ruleset), "{op}: schema rejects {leaf}");

        for other in &operand_keys {
            if Some(other) == operand_key.as_ref() {
                continue;
            }
            let mut wrong = leaf.clone();
            wrong[other.as_str()] = json!("x");
            let ruleset = with_condition(wrong.clone());
            let problems = engine_problems(&ruleset);
            assert!(
                has_problem(
                    &problems,
                    &format!("{WHEN}.{other}"),
                    ProblemKind::UnknownField
                ),
                "{op}: the engine should reject field {other:?}: {problems:?}"
            );
            assert!(
                !schema.accepts(&ruleset),
                "{op}: the schema accepts {wrong}"
            );
        }

        if let Some(key) = &operand_key {
            let mut missing = leaf.clone();
            missing.as_object_mut().unwrap().remove(key);
            let ruleset = with_condition(missing);
            assert!(
                has_problem(&engine_problems(&ruleset), WHEN, ProblemKind::MissingField),
                "{op}: the engine should require {key:?}"
            );
            assert!(
                !schema.accepts(&ruleset),
                "{op}: the schema does not require {key:?}"
            );
        }
    }
}

/// A valid ruleset holding one object of every kind the schema describes.
fn host() -> Value {
    json!({
        "schema": 1, "revision": 1,
        "segments": { "s": { "attr": "a", "op": "exists" } },
        "flags": {
            "f": {
                "type": "boolean", "variants": { "on": true, "off": false }, "default": "off",
                "prerequisites": [ { "flag": "g", "variants": ["on"] } ],
                "rules": [
                    { "id": "r0", "when": { "all": [ { "attr": "a", "op": "equals", "value": "x" } ] },
                      "serve": "on" },
                    { "id": "r1", "when": { "any": [ { "segment": "s" } ] },
                      "rollout": { "percent": 10, "serve": "on" } },
                    { "id": "r2", "when": { "not": { "attr": "a", "op": "exists" } },
                      "rollout": { "steps": [ { "at": 0, "percent": 5 } ],
                                   "split": { "variants": [ { "variant": "on", "weight": 100 } ] } } },
                    { "id": "r3", "split": { "variants": [ { "variant": "on", "weight": 50 },
                                                           { "variant": "off", "weight": 50 } ] } }
                ]
            },
            "g": { "type": "boolean", "variants": { "on": true, "off": false }, "default": "off" }
        }
    })
}

/// (schema definition, JSON pointer into `host()`, is a condition).
const KINDS: &[(&str, &str, bool)] = &[
    ("", "", false),
    ("flag", "/flags/f", false),
    ("prerequisite", "/flags/f/prerequisites/0", false),
    ("rule", "/flags/f/rules/0", false),
    ("rollout", "/flags/f/rules/1/rollout", false),
    ("step", "/flags/f/rules/2/rollout/steps/0", false),
    ("split", "/flags/f/rules/3/split", false),
    ("split", "/flags/f/rules/2/rollout/split", false),
    ("splitVariant", "/flags/f/rules/3/split/variants/0", false),
    ("allCondition", "/flags/f/rules/0/when", true),
    ("anyCondition", "/flags/f/rules/1/when", true),
    ("notCondition", "/flags/f/rules/2/when", true),
    ("segmentReference", "/flags/f/rules/1/when/any/0", true),
    ("leaf", "/flags/f/rules/0/when/all/0", true),
    ("leaf", "/segments/s", true),
];

/// The keys that choose a condition's form: two of them together are an `invalid_value`
/// ("exactly one of"), not an unknown field, in the engine.
const CONDITION_FORMS: &[&str] = &["attr", "all", "any", "not", "segment"];

/// The field names the schema declares for an object kind (annotations excluded).
fn declared_fields(schema: &Schema, def: &str) -> BTreeSet<String> {
    let mut node = if def.is_empty() {
        &schema.doc
    } else {
        schema.def(def)
    };
    // An open list of fields (`$ref`) closed by `unevaluatedProperties`, as `flag` is (so that
    // a project's `sourceFlag` can add a field to the same list).
    if node["unevaluatedProperties"] == json!(false) {
        let open = node["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .unwrap_or_else(|| panic!("{def}: unevaluatedProperties without a local $ref"));
        node = schema.def(open);
    } else {
        assert_eq!(
            node["additionalProperties"],
            json!(false),
            "{def}: the engine rejects unknown fields, so the schema must too"
        );
    }
    node["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{def} has no properties"))
        .keys()
        .filter(|k| !k.starts_with('$'))
        .cloned()
        .collect()
}

/// `/flags/f/rules/0/when` → `flags.f.rules[0].when` (the engine's path syntax).
fn engine_path(pointer: &str) -> String {
    let mut path = String::new();
    for part in pointer.split('/').skip(1) {
        if part.parse::<usize>().is_ok() {
            path.push_str(&format!("[{part}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(part);
        }
    }
    path
}

fn field_path(object_path: &str, field: &str) -> String {
    if object_path.is_empty() {
        field.to_owned()
    } else {
        format!("{object_path}.{field}")
    }
}

fn object_at<'v>(value: &'v mut Value, pointer: &str) -> &'v mut Map<String, Value> {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("host() has no object at {pointer:?}"))
}

#[test]
fn object_fields_agree_with_the_engine() {
    let schema = Schema::load();
    let base = host();
    assert_eq!(engine_problems(&base), vec![], "host() must be valid");
    schema.check(&base).unwrap();

    let every_field: BTreeSet<String> = KINDS
        .iter()
        .flat_map(|(def, _, _)| declared_fields(&schema, def))
        .chain(["bogus", "Rules", "percentage", "owner", "description"].map(String::from))
        .collect();

    for (def, pointer, is_condition) in KINDS {
        let own = declared_fields(&schema, def);
        let path = engine_path(pointer);

        // A field the schema declares is never an unknown field to the engine. The value is
        // deliberately wrong (null), so only the "unknown" verdict is compared. Leaf operands
        // depend on the operator: `operand_fields_agree_for_every_operator` covers them.
        for field in &own {
            let mut ruleset = base.clone();
            let object = object_at(&mut ruleset, pointer);
            if object.contains_key(field) || *def == "leaf" {
                continue;
            }
            object.insert(field.clone(), Value::Null);
            let problems = engine_problems(&ruleset);
            assert!(
                !has_problem(
                    &problems,
                    &field_path(&path, field),
                    ProblemKind::UnknownField
                ),
                "{def}: the schema declares {field:?} but the engine calls it unknown"
            );
        }

        // A field the schema does not declare is an unknown field to both.
        for field in every_field.difference(&own) {
            if *is_condition && CONDITION_FORMS.contains(&field.as_str()) {
                continue;
            }
            let mut ruleset = base.clone();
            object_at(&mut ruleset, pointer).insert(field.clone(), json!("x"));
            let problems = engine_problems(&ruleset);
            assert!(
                has_problem(
                    &problems,
                    &field_path(&path, field),
                    ProblemKind::UnknownField
                ),
                "{def} at {path:?}: the engine accepts undeclared field {field:?}: {problems:?}"
            );
            assert!(
                !schema.accepts(&ruleset),
                "{def} at {path:?}: the schema accepts undeclared field {field:?}"
            );
        }

        // Annotations are allowed everywhere the engine checks fields.
        let mut ruleset = base.clone();
        let object = object_at(&mut ruleset, pointer);
        object.insert("$comment".into(), json!("why this is here"));
        object.insert("x-team".into(), json!({ "name": "payments" }));
        assert_eq!(
            engine_problems(&ruleset),
            vec![],
            "{def}: annotations rejected"
        );
        schema
            .check(&ruleset)
            .unwrap_or_else(|e| panic!("{def}: annotations rejected by the schema: {e}"));
    }
}

#[test]
fn variant_value_types_agree() {
    let schema = Schema::load();
    let values = [
        json!(true),
        json!("on"),
        json!(2.5),
        json!(-3),
        json!({ "k": 1 }),
        json!([1]),
        Value::Null,
    ];
    for flag_type in ["boolean", "string", "number", "object"] {
        for value in &values {
            let ruleset = json!({
                "schema": 1, "revision": 1,
                "flags": { "f": { "type": flag_type, "variants": { "v": value }, "default": "v" } }
            });
            let engine_ok = engine_problems(&ruleset).is_empty();
            assert_eq!(
                schema.accepts(&ruleset),
                engine_ok,
                "type {flag_type}, value {value}: engine accepts = {engine_ok}"
            );
        }
    }
}

#[test]
fn percent_bounds_agree() {
    let schema = Schema::load();
    let rollout = |percent: Value| {
        json!({
            "schema": 1, "revision": 1,
            "flags": { "f": { "type": "boolean", "variants": { "on": true }, "default": "on",
                "rules": [ { "rollout": { "percent": percent, "serve": "on" } } ] } }
        })
    };
    for percent in [
        json!(-1),
        json!(-0.001),
        json!(0),
        json!(0.001),
        json!(12.345),
        json!(100),
        json!(100.001),
        json!(101),
        json!("5"),
        Value::Null,
    ] {
        let ruleset = rollout(percent.clone());
        let engine_ok = engine_problems(&ruleset).is_empty();
        assert_eq!(schema.accepts(&ruleset), engine_ok, "percent {percent}");
    }
    // The one documented gap: "at most 3 decimals" is beyond JSON Schema for decimals.
    let ruleset = rollout(json!(0.0001));
    assert!(!engine_problems(&ruleset).is_empty());
    assert!(schema.accepts(&ruleset));
}

#[test]
fn the_date_pattern_is_never_stricter_than_the_engine() {
    let schema = Schema::load();
    let ramp = |at: Value| {
        json!({
            "schema": 1, "revision": 1,
            "flags": { "f": { "type": "boolean", "variants": { "on": true }, "default": "on",
                "rules": [ { "rollout": { "steps": [ { "at": at, "percent": 1 } ], "serve": "on" } } ] } }
        })
    };
    let accepted = [
        json!("2026-12-01"),
        json!("2026-12-01T00:00:00Z"),
        json!("2026-12-01t09:30:00z"),
        json!("2026-12-01 09:30:00+01:00"),
        json!("2026-12-01T09:30:00.123456789-05:30"),
        json!("2026-12-01T09:30:00-00:00"),
        json!(1_796_083_200_000_i64),
        json!(-5),
    ];
    for at in accepted {
        let ruleset = ramp(at.clone());
        assert_eq!(engine_problems(&ruleset), vec![], "engine rejects {at}");
        assert!(schema.accepts(&ruleset), "schema rejects {at}");
    }
    // Wrong shapes are caught by both; impossible dates (2026-02-30) only by the engine.
    for at in [
        json!("2026/12/01"),
        json!("Dec 1 2026"),
        json!("2026-12-01T09:30Z"),
        json!(" 2026-12-01"),
        json!(1.5),
        json!(true),
    ] {
        let ruleset = ramp(at.clone());
        assert!(!engine_problems(&ruleset).is_empty(), "engine accepts {at}");
        assert!(!schema.accepts(&ruleset), "schema accepts {at}");
    }
}

// ---------------------------------------------------------------------------------------------
// 3. The invalid-ruleset corpus.
// ---------------------------------------------------------------------------------------------

/// Problem kinds that are about shape alone: a schema can always see them.
const STRUCTURAL: &[&str] = &[
    "unknown_field",
    "missing_field",
    "invalid_type",
    "unknown_operator",
    "unsupported_schema",
    "type_mismatch",
];

#[test]
fn structurally_invalid_corpus_rulesets_are_rejected_by_the_schema() {
    // boon validates recursively, several frames per condition level; the corpus nests
    // conditions 33 deep, and a debug build overflows the test thread's default 2 MiB stack
    // while building the error tree.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(check_invalid_corpus)
        .unwrap()
        .join()
        .unwrap();
}

fn check_invalid_corpus() {
    let schema = Schema::load();
    let dir = repo_root().join("tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();

    let (mut total, mut rejected, mut structural) = (0, 0, 0);
    let mut not_rejected_structural = Vec::new();
    let mut engine_only = Vec::new();
    for path in files {
        let file = read_json(&path);
        let Some(cases) = file.get("invalid").and_then(Value::as_array) else {
            continue;
        };
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let ruleset = match (case.get("ruleset"), case.get("rulesetText")) {
                (Some(r), _) => r.clone(),
                // Broken JSON is no document to validate.
                (None, Some(text)) => match serde_json::from_str(text.as_str().unwrap()) {
                    Ok(v) => v,
                    Err(_) => continue,
                },
                (None, None) => panic!("{name}: no ruleset"),
            };
            total += 1;
            let kinds: Vec<&str> = case["expectErrors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].as_str().unwrap())
                .collect();
            let is_structural = kinds.iter().any(|k| STRUCTURAL.contains(k));
            let schema_rejects = !schema.accepts(&ruleset);
            structural += usize::from(is_structural);
            rejected += usize::from(schema_rejects);
            match (is_structural, schema_rejects) {
                (true, false) => not_rejected_structural.push(format!("{name} {kinds:?}")),
                (false, false) => engine_only.push(format!("  {name} {kinds:?}")),
                _ => {}
            }
        }
    }
    println!(
        "the schema rejects {rejected} of {total} invalid rulesets ({structural} structural); \
         only the engine catches:\n{}",
        engine_only.join("\n")
    );
    assert!(total >= 100, "only {total} invalid rulesets found");
    assert!(
        not_rejected_structural.is_empty(),
        "structurally invalid rulesets the schema accepts:\n{}",
        not_rejected_structural.join("\n")
    );
}
