//! Building one environment: its flags as a plain ruleset, checked by the core, with a
//! revision from the lock and one canonical text.

use crate::canonical;
use crate::client;
use crate::lock::{content_hash, Lock, RevisionChange};
use crate::problem::{Problem, Problems};
use crate::source::SourceMap;
use crate::sources::Tree;
use rollgate::limits::MAX_RULESET_BYTES;
use rollgate::{ProblemKind, Ruleset, SUPPORTED_SCHEMA};
use serde_json::{Map, Value};

/// What to build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Build the client-safe ruleset (docs/projects.md, "Client-safe output") instead of the
    /// full one.
    pub client: bool,
}

/// One environment built: the plain ruleset clients load, which knows nothing of
/// environments.
#[derive(Clone, Debug)]
pub struct Built {
    /// The environment's name (the output file is `<environment>.json`).
    pub environment: String,
    /// Whether this is the client-safe ruleset.
    pub client: bool,
    /// The ruleset.
    pub document: Value,
    /// Its canonical text: what is written, byte for byte.
    pub text: String,
    /// Its revision.
    pub revision: u64,
    /// How the revision was decided against the lock.
    pub change: RevisionChange,
    /// The content hash the lock records for the environment (of both the full and the
    /// client-safe ruleset, so that either build gives the same lock).
    pub hash: String,
    /// Where each value of [`Built::document`] was written in the project's files.
    pub map: SourceMap,
}

impl Built {
    /// How many flags the ruleset has.
    pub fn flag_count(&self) -> usize {
        self.document
            .get("flags")
            .and_then(Value::as_object)
            .map_or(0, Map::len)
    }

    /// The output's file name: `<environment>.json`.
    pub fn file_name(&self) -> String {
        format!("{}.json", self.environment)
    }
}

/// A ruleset document of these flags and segments, without a revision yet.
fn ruleset(flags: Map<String, Value>, segments: Map<String, Value>) -> Map<String, Value> {
    let mut document = Map::new();
    document.insert("schema".into(), Value::from(SUPPORTED_SCHEMA));
    document.insert("flags".into(), Value::Object(flags));
    if !segments.is_empty() {
        document.insert("segments".into(), Value::Object(segments));
    }
    document
}

/// The core's verdict on a document (with a placeholder revision), located in the sources.
fn check(document: &Map<String, Value>, map: &SourceMap, problems: &mut Problems) {
    let mut with_revision = document.clone();
    with_revision.insert("revision".into(), Value::from(0));
    if let Err(error) = Ruleset::from_value(&Value::Object(with_revision)) {
        for problem in error.problems {
            problems.push(Problem::from_core(problem, map));
        }
    }
}

/// Builds environment `name` from its composed tree.
pub(crate) fn build(
    name: &str,
    tree: Tree,
    lock: &Lock,
    private_metadata: &[String],
    options: &BuildOptions,
) -> Result<Built, Problems> {
    let mut problems = Problems::default();
    client::check_prerequisites(&tree, &mut problems);
    let (client_flags, client_segments) = client::client_view(&tree, private_metadata);
    let client = ruleset(client_flags, client_segments);
    let server = ruleset(tree.flags, tree.segments);
    check(&server, &tree.map, &mut problems);
    if options.client && problems.is_empty() {
        check(&client, &tree.map, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let server_text = canonical::to_text(&Value::Object(server.clone()));
    let client_text = canonical::to_text(&Value::Object(client.clone()));
    let hash = content_hash(&[&server_text, &client_text]);
    let (revision, change) = lock.revision(name, &hash);
    let mut document = if options.client { client } else { server };
    document.insert("revision".into(), Value::from(revision));
    let document = Value::Object(document);
    let text = canonical::to_text(&document);
    if text.len() > MAX_RULESET_BYTES {
        problems.add(
            None,
            "",
            ProblemKind::LimitExceeded,
            format!(
                "environment {name:?} builds to {} bytes, over the {MAX_RULESET_BYTES}-byte limit \
                 of a ruleset",
                text.len()
            ),
        );
        return Err(problems);
    }
    Ok(Built {
        environment: name.to_owned(),
        client: options.client,
        document,
        text,
        revision,
        change,
        hash,
        map: tree.map,
    })
}
