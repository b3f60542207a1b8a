//! The lock file, `rollgate.lock`: the revision of each environment's published ruleset and a
//! hash of its content, committed with the sources (ADR 0022).
//!
//! `build` keeps an environment's revision while the hash of its output (taken without the
//! revision) is the one in the lock, and takes the next revision when it is not. So the same
//! sources and lock give byte-identical output, and every change of output gets a revision
//! higher than any earlier build of that environment, with nobody editing a number.

use crate::canonical;
use crate::check::Checker;
use crate::files::Files;
use crate::path;
use crate::problem::{Kind, Problems};
use crate::source::{self, Format, Location, SourceMap};
use rollgate::ProblemKind;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The lock file's name, beside the project file.
pub const LOCK_FILE: &str = "rollgate.lock";

/// The version of the lock file format (`"version": 1`).
const LOCK_VERSION: u64 = 1;

/// The largest revision a ruleset may have (the core's limit, 2^53).
const MAX_REVISION: u64 = 1 << 53;

/// What the lock records for one environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockEntry {
    /// The revision of the last output built.
    pub revision: u64,
    /// `sha256:<hex>` of that output without its revision; absent in an entry written by hand
    /// to continue from an existing revision (the next build then takes `revision + 1`).
    pub hash: Option<String>,
}

/// How an environment's revision was decided against the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevisionChange {
    /// The output is the one the lock records: same revision.
    Unchanged,
    /// The lock has no entry for the environment: revision 1.
    New,
    /// The output changed: the revision after the lock's.
    Advanced {
        /// The lock's revision.
        from: u64,
    },
}

/// The lock: one entry per environment ever built (an environment removed from the project
/// keeps its entry, so that adding it back continues its revisions).
#[derive(Clone, Debug, Default)]
pub struct Lock {
    /// Entries by environment name.
    pub entries: BTreeMap<String, LockEntry>,
    /// The file's name as problems show it.
    file: String,
    /// Where each value of the file was written (empty for a lock not read from a file).
    map: SourceMap,
}

impl PartialEq for Lock {
    fn eq(&self, other: &Lock) -> bool {
        self.entries == other.entries
    }
}

impl Lock {
    /// Reads the project's lock; a project without one has an empty lock.
    pub fn read(files: &dyn Files) -> Result<Lock, Problems> {
        let file = files.display(LOCK_FILE);
        let text = match files.read(LOCK_FILE) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Lock {
                    file,
                    ..Lock::default()
                })
            }
            Err(e) => {
                return Err(crate::Problem::new(
                    None,
                    "",
                    Kind::Unreadable,
                    format!("{file}: {}", crate::files::describe_error(&e)),
                )
                .into())
            }
        };
        let parsed = source::parse(&text, Format::Json, &file)?;
        let mut problems = Problems::default();
        let entries = check(&parsed.value, &parsed.map, &mut problems);
        problems.into_result(Lock {
            entries,
            file,
            map: parsed.map,
        })
    }

    /// The file's name as problems show it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where the entry of `environment` is written (the file itself when it has none).
    pub fn locate(&self, environment: &str) -> Location {
        self.map
            .locate_key(&path::key("environments", environment))
            .unwrap_or(Location {
                file: self.file.clone(),
                line: 1,
                column: 1,
            })
    }

    /// The revision an output with content hash `hash` gets in `environment`, and why.
    pub fn revision(&self, environment: &str, hash: &str) -> (u64, RevisionChange) {
        match self.entries.get(environment) {
            None => (1, RevisionChange::New),
            Some(entry) if entry.hash.as_deref() == Some(hash) => {
                (entry.revision, RevisionChange::Unchanged)
            }
            Some(entry) => (
                entry.revision.saturating_add(1),
                RevisionChange::Advanced {
                    from: entry.revision,
                },
            ),
        }
    }

    /// This lock with `environment` recorded at `revision` and `hash`.
    pub fn with(&self, environment: &str, revision: u64, hash: &str) -> Lock {
        let mut lock = self.clone();
        lock.entries.insert(
            environment.to_owned(),
            LockEntry {
                revision,
                hash: Some(hash.to_owned()),
            },
        );
        lock
    }

    /// The lock file's text (canonical JSON: the same entries always give the same bytes).
    pub fn to_text(&self) -> String {
        let mut environments = Map::new();
        for (name, entry) in &self.entries {
            let mut fields = Map::new();
            fields.insert("revision".into(), json!(entry.revision));
            if let Some(hash) = &entry.hash {
                fields.insert("hash".into(), json!(hash));
            }
            environments.insert(name.clone(), Value::Object(fields));
        }
        canonical::to_text(&json!({
            "$comment": "Written by `rollgate build`: each environment's revision and a hash of \
                         its output. Commit it with the flag sources; do not edit it.",
            "version": LOCK_VERSION,
            "environments": environments,
        }))
    }
}

/// Checks a parsed lock file and returns its entries.
fn check(value: &Value, map: &SourceMap, problems: &mut Problems) -> BTreeMap<String, LockEntry> {
    let mut c = Checker { map, problems };
    let mut entries = BTreeMap::new();
    let Some(top) = c.object(value, "") else {
        return entries;
    };
    c.known_fields(top, "", &["version", "environments"]);
    if c.require(top, "", "version") && top["version"].as_u64() != Some(LOCK_VERSION) {
        c.problem(
            "version",
            ProblemKind::UnsupportedSchema,
            format!(
                "lock version {} is not supported (this rollgate writes {LOCK_VERSION})",
                top["version"]
            ),
        );
    }
    let Some(environments) = top.get("environments") else {
        return entries;
    };
    let Some(environments) = c.object(environments, "environments") else {
        return entries;
    };
    for (name, entry) in environments {
        let at = path::key("environments", name);
        let Some(fields) = c.object(entry, &at) else {
            continue;
        };
        c.known_fields(fields, &at, &["revision", "hash"]);
        if !c.require(fields, &at, "revision") {
            continue;
        }
        let revision_at = path::key(&at, "revision");
        let Some(revision) = fields["revision"].as_u64().filter(|r| *r <= MAX_REVISION) else {
            c.problem(
                &revision_at,
                ProblemKind::InvalidValue,
                format!(
                    "expected a revision from 0 to 2^53, found {}",
                    fields["revision"]
                ),
            );
            continue;
        };
        let hash = match fields.get("hash") {
            None => None,
            Some(Value::String(hash)) if is_hash(hash) => Some(hash.clone()),
            Some(_) => {
                c.problem(
                    &path::key(&at, "hash"),
                    ProblemKind::InvalidValue,
                    "expected \"sha256:\" and 64 hex digits, as `rollgate build` writes it",
                );
                continue;
            }
        };
        entries.insert(name.clone(), LockEntry { revision, hash });
    }
    entries
}

fn is_hash(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The content hash the lock records: SHA-256 of the given texts, each followed by a newline.
pub(crate) fn content_hash(texts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for text in texts {
        hasher.update(text.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// The problem `build --locked` reports for an environment whose output changed.
pub(crate) fn out_of_date(
    lock: &Lock,
    environment: &str,
    change: RevisionChange,
) -> crate::Problem {
    let what = match change {
        RevisionChange::New => format!("has no entry for environment {environment:?}"),
        _ => format!("is out of date for environment {environment:?}: its output changed"),
    };
    crate::Problem::new(
        Some(lock.locate(environment)),
        path::key("environments", environment),
        Kind::LockOutOfDate,
        format!(
            "{} {what}; run `rollgate build` without --locked and commit {LOCK_FILE}",
            lock.file
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::Disk;

    fn lock_from(text: &str) -> Result<Lock, Problems> {
        let dir = std::env::temp_dir().join(format!(
            "rollgate-lock-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(LOCK_FILE), text).unwrap();
        let lock = Lock::read(&Disk::new(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        lock
    }

    #[test]
    fn a_revision_advances_only_when_the_hash_changes() {
        let hash = content_hash(&["a"]);
        let lock = Lock::default();
        assert_eq!(lock.revision("prod", &hash), (1, RevisionChange::New));
        let lock = lock.with("prod", 1, &hash);
        assert_eq!(lock.revision("prod", &hash), (1, RevisionChange::Unchanged));
        let other = content_hash(&["b"]);
        assert_eq!(
            lock.revision("prod", &other),
            (2, RevisionChange::Advanced { from: 1 })
        );
    }

    #[test]
    fn the_text_reads_back_and_a_hand_written_entry_continues_its_revision() {
        let hash = content_hash(&["x", "y"]);
        assert_ne!(hash, content_hash(&["xy"]));
        let lock = Lock::default().with("production", 41, &hash);
        let text = lock.to_text();
        let read = lock_from(&text).unwrap();
        assert_eq!(read, lock);
        assert_eq!(read.to_text(), text);
        let seeded =
            lock_from(r#"{"version": 1, "environments": {"production": {"revision": 57}}}"#)
                .unwrap();
        assert_eq!(
            seeded.revision("production", &hash),
            (58, RevisionChange::Advanced { from: 57 })
        );
    }

    #[test]
    fn a_bad_lock_is_refused_with_located_problems() {
        let problems = lock_from(
            "{\"version\": 1, \"environments\": {\n  \"a\": {\"revision\": -1},\n  \"b\": {\"revision\": 1, \"hash\": \"md5:x\"}}}",
        )
        .unwrap_err();
        let lines: Vec<String> = problems.list.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("rollgate.lock:2:21: environments.a.revision"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("rollgate.lock:3:32: environments.b.hash"),
            "{}",
            lines[1]
        );
    }
}
