//! The JSON Schema of projects (`docs/project.schema.json`) agrees with the loader.
//!
//! Editors check the project file, flag sources, overlays and the lock with the schema as
//! they are typed, so the schema must not drift from what `rollgate build` accepts:
//!
//! 1. every file of `examples/project` passes its schema and the project builds;
//! 2. the fields each schema object declares are the fields the loader knows;
//! 3. mistakes a schema can see are refused by both, and valid variations pass both.

use boon::{Compiler, SchemaIndex, Schemas};
use rollgate_project::config::{CLIENT_FIELDS, ENVIRONMENT_FIELDS, FIELDS};
use rollgate_project::source::{parse, Format};
use rollgate_project::{
    BuildOptions, Project, OVERRIDABLE, ROLLOUT_FIELDS, SERVER_ONLY, SOURCE_FIELDS,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The schemas: the project file (the root) and the definitions for the other files.
struct Schema {
    schemas: Schemas,
    project: SchemaIndex,
    sources: SchemaIndex,
    overlay: SchemaIndex,
    lock: SchemaIndex,
    doc: Value,
    ruleset: Value,
}

impl Schema {
    fn load() -> Schema {
        let docs = repo_root().join("docs").canonicalize().unwrap();
        let url = format!("file://{}", docs.join("project.schema.json").display());
        let mut compiler = Compiler::new();
        let mut schemas = Schemas::new();
        // Relative references (`ruleset.schema.json#/$defs/rule`) are read from docs/ by
        // boon's file loader, as an editor reads them.
        let mut compile = |fragment: &str| {
            compiler
                .compile(&format!("{url}{fragment}"), &mut schemas)
                .unwrap_or_else(|e| panic!("{fragment}: the schema does not compile: {e:#}"))
        };
        let project = compile("");
        let sources = compile("#/$defs/sources");
        let overlay = compile("#/$defs/overlay");
        let lock = compile("#/$defs/lock");
        let read = |name: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(docs.join(name)).unwrap()).unwrap()
        };
        Schema {
            schemas,
            project,
            sources,
            overlay,
            lock,
            doc: read("project.schema.json"),
            ruleset: read("ruleset.schema.json"),
        }
    }

    fn check(&self, index: SchemaIndex, value: &Value) -> Result<(), String> {
        self.schemas
            .validate(value, index)
            .map_err(|e| format!("{e}"))
    }

    fn fields(&self, def: &str) -> BTreeSet<String> {
        let node = if def.is_empty() {
            &self.doc
        } else {
            &self.doc["$defs"][def]
        };
        assert_eq!(
            node["additionalProperties"],
            Value::Bool(false),
            "{def} is closed"
        );
        own_fields(node)
    }
}

fn own_fields(node: &Value) -> BTreeSet<String> {
    node["properties"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('$'))
        .cloned()
        .collect()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| (*f).to_owned()).collect()
}

/// A project file, source, overlay or lock as the JSON model, whatever its syntax.
fn value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    parse(&text, Format::of_path(path), &path.display().to_string())
        .unwrap()
        .value
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_file_of_the_example_passes_its_schema_and_the_project_builds() {
    let schema = Schema::load();
    let example = repo_root().join("examples/project");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut check = |index, path: PathBuf| {
        checked += 1;
        if let Err(e) = schema.check(index, &value(&path)) {
            failures.push(format!("{}: {e}", path.display()));
        }
    };
    check(schema.project, example.join("rollgate.yaml"));
    check(schema.lock, example.join("rollgate.lock"));
    for file in files_in(&example.join("flags")) {
        check(schema.sources, file);
    }
    for file in files_in(&example.join("environments")) {
        check(schema.overlay, file);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 11);
    let project = Project::load(&example).unwrap();
    project.build_all(&[], &BuildOptions::default()).unwrap();
}

#[test]
fn the_schema_declares_the_fields_the_loader_knows() {
    let schema = Schema::load();
    assert_eq!(schema.fields(""), set(&FIELDS));
    assert_eq!(schema.fields("environment"), set(&ENVIRONMENT_FIELDS));
    assert_eq!(schema.fields("client"), set(&CLIENT_FIELDS));
    assert_eq!(schema.fields("sources"), set(&SOURCE_FIELDS));
    assert_eq!(schema.fields("flagOverride"), set(&OVERRIDABLE));
    assert_eq!(schema.fields("rolloutOverride"), set(&ROLLOUT_FIELDS));
    assert_eq!(
        own_fields(&schema.ruleset["$defs"]["sourceFlag"]),
        set(&[SERVER_ONLY])
    );
}

/// Writes a project (rollgate.yaml, flags.yaml, production.yaml, with `files` replacing or
/// adding to them) and returns the problems of loading and building it; none when it builds.
fn loader_problems(name: &str, files: &[(&str, &str)]) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("rollgate-project-schema")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let defaults = [
        ("rollgate.yaml", CONFIG),
        ("flags.yaml", FLAGS),
        ("production.yaml", "flags: {}\n"),
    ];
    for (path, text) in defaults.iter().chain(files) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let result = Project::load(&dir).and_then(|p| p.build_all(&[], &BuildOptions::default()));
    match result {
        Ok(_) => Vec::new(),
        Err(problems) => problems.list.iter().map(ToString::to_string).collect(),
    }
}

const CONFIG: &str =
    "schema: 1\nsources: flags.yaml\nenvironments:\n  production:\n    overlay: production.yaml\n";
const FLAGS: &str = "flags:\n  a:\n    type: boolean\n    variants: {on: true, off: false}\n    default: 'off'\n    rules:\n      - id: r\n        rollout: {percent: 10, serve: 'on'}\n";

/// (the file, its text, whether both accept it)
const CASES: &[(&str, &str, bool)] = &[
    ("rollgate.yaml", CONFIG, true),
    ("rollgate.yaml", "schema: 1\nsources: [flags.yaml]\nenvironments:\n  production: {overlay: [production.yaml]}\n  dev:\n  qa: {extends: production}\n", true),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments:\n  production:\n    overlay: production.yaml\nclient: {privateMetadata: owner, $comment: x}\nx-team: web\n", true),
    ("rollgate.yaml", "schema: 2\nsources: flags.yaml\nenvironments: {production: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsource: flags.yaml\nenvironments: {production: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments: {}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\n", false),
    ("rollgate.yaml", "schema: 1\nsources: ../flags.yaml\nenvironments: {production: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: /etc/flags.yaml\nenvironments: {production: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: []\nenvironments: {production: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments: {prod/eu: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments: {production: {extends: qa, sources: flags.yaml}, qa: {}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments: {production: {overlays: production.yaml}}\n", false),
    ("rollgate.yaml", "schema: 1\nsources: flags.yaml\nenvironments: {production: {}}\nclient: {privateMetadata: [1]}\n", false),
    ("flags.yaml", FLAGS, true),
    ("flags.yaml", "flags:\n  a: {type: boolean, variants: {on: true}, default: 'on', serverOnly: true}\nsegments:\n  s: {attr: x, op: exists}\n", true),
    ("flags.yaml", "flags:\n  a: {type: boolean, variants: {on: true}, default: 'on', serverOnly: 'yes'}\n", false),
    ("flags.yaml", "flags:\n  a: {type: boolean, variants: {on: true}, default: 'on', colour: red}\n", false),
    ("flags.yaml", "schema: 1\nflags: {}\n", false),
    ("production.yaml", "flags:\n  a: {enabled: false, default: 'on', rollouts: {r: {percent: 50}}}\n", true),
    ("production.yaml", "flags:\n  a:\n    rollouts:\n      r: {steps: [{at: '2026-12-01T00:00:00Z', percent: 5}]}\n", true),
    ("production.yaml", "flags:\n  a: {rules: [{id: x, serve: 'on'}]}\n", true),
    ("production.yaml", "flags:\n  a: {variants: {on: true}}\n", false),
    ("production.yaml", "flags:\n  a: {rules: [], rollouts: {r: {percent: 5}}}\n", false),
    ("production.yaml", "flags:\n  a: {rollouts: {r: {percent: 5, steps: [{at: 0, percent: 1}]}}}\n", false),
    ("production.yaml", "flags:\n  a: {rollouts: {r: {serve: 'off'}}}\n", false),
    ("production.yaml", "flags:\n  a: {rollouts: {r: {}}}\n", false),
    ("production.yaml", "flags:\n  a: {enabled: false}\nsegments: {}\n", false),
    ("rollgate.lock", "{\"version\": 1, \"environments\": {\"production\": {\"revision\": 4}}}", true),
    ("rollgate.lock", "{\"version\": 1, \"environments\": {\"production\": {\"revision\": 4, \"hash\": \"sha256:00\"}}}", false),
    ("rollgate.lock", "{\"version\": 2, \"environments\": {}}", false),
    ("rollgate.lock", "{\"version\": 1, \"environments\": {\"production\": {\"revision\": -1}}}", false),
];

#[test]
fn the_schema_and_the_loader_accept_and_refuse_the_same_files() {
    let schema = Schema::load();
    let mut failures = Vec::new();
    for (i, (file, text, valid)) in CASES.iter().enumerate() {
        let index = match *file {
            "rollgate.yaml" => schema.project,
            "flags.yaml" => schema.sources,
            "production.yaml" => schema.overlay,
            _ => schema.lock,
        };
        let format = Format::of_path(Path::new(file));
        let parsed = parse(text, format, file).unwrap().value;
        let by_schema = schema.check(index, &parsed);
        let by_loader = loader_problems(&format!("case-{i}"), &[(file, text)]);
        if by_schema.is_ok() != *valid {
            failures.push(format!("{file} {text:?}: the schema says {by_schema:?}"));
        }
        if by_loader.is_empty() != *valid {
            failures.push(format!("{file} {text:?}: the loader says {by_loader:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
