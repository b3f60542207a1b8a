//! Reading a ruleset file (`git show REV:PATH`) or a project directory ([`Tree`]) as it is in
//! a git revision, for `rollgate diff --git A..B PATH`.
//!
//! Git runs from the current directory (`crate::git`: a child process, or the npm launcher
//! under WASI), so any repository layout and any revision syntax git accepts work. Its output
//! is read through the same size limit as a file. A revision or path that does not exist is a
//! usage error naming it.

use crate::error::CliError;
use crate::git::{Found, Tree};
use crate::load::Document;
use crate::read::as_ruleset;
use rollgate::limits::MAX_RULESET_BYTES;
use rollgate_project::files::read_limited;
use rollgate_project::source::Format;
use std::path::{Path, PathBuf};

/// The two revisions of `--git`; `new` is `None` for the working tree.
#[derive(Debug, PartialEq, Eq)]
pub struct Range {
    /// The old revision as given (`main`), or the merge base for `A...B`.
    pub old: String,
    /// The new revision, or `None` to read the file from the working tree.
    pub new: Option<String>,
}

/// Parses `A..B`, `A..` (A and HEAD), `..B` (HEAD and B), `A...B` (B and its merge base
/// with A, what a pull request shows) and `A` (A and the working tree).
pub fn parse_range(spec: &str) -> Result<Range, CliError> {
    let usage = |why: &str| {
        CliError::Usage(format!(
            "--git {spec:?}: {why}; expected A..B, A.., A...B or A (with the working tree)"
        ))
    };
    let head = |rev: &str| {
        if rev.is_empty() {
            "HEAD".to_owned()
        } else {
            rev.to_owned()
        }
    };
    let (old, new, merge) = if let Some((a, b)) = spec.split_once("...") {
        (head(a), Some(head(b)), true)
    } else if let Some((a, b)) = spec.split_once("..") {
        if a.is_empty() && b.is_empty() {
            return Err(usage("no revisions"));
        }
        (head(a), Some(head(b)), false)
    } else if spec.is_empty() {
        return Err(usage("no revision"));
    } else {
        (spec.to_owned(), None, false)
    };
    for rev in std::iter::once(&old).chain(&new) {
        if rev.starts_with('-') || rev.contains("..") {
            return Err(usage(&format!("{rev:?} is not a revision")));
        }
    }
    let range = match (merge, new) {
        (true, Some(new)) => {
            // A revision that does not exist is named, rather than "no merge base".
            verify_revision(&old)?;
            verify_revision(&new)?;
            Range {
                old: merge_base(&old, &new)?,
                new: Some(new),
            }
        }
        (_, new) => Range { old, new },
    };
    Ok(range)
}

/// Fails with a usage error naming `rev` when it is not a commit of the repository.
pub fn verify_revision(rev: &str) -> Result<(), CliError> {
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])?;
    if commit.success {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "--git: no revision {rev:?} in this repository{}",
            not_a_repository().unwrap_or_default()
        )))
    }
}

/// What `path` is in revision `rev`: a project directory (its files), a ruleset file, or
/// nothing (a usage error naming both).
pub fn find(rev: &str, path: &Path) -> Result<Found, CliError> {
    verify_revision(rev)?;
    let spec = format!("{rev}:{}", repository_path(path)?);
    match Tree::find(&spec, rev, &path.display().to_string(), None).map_err(git_missing)? {
        Found::Missing(reason) => Err(CliError::Usage(format!(
            "--git: {} is not in revision {rev:?} ({reason})",
            path.display()
        ))),
        found => Ok(found),
    }
}

/// The file at `path` as it is in revision `rev`.
pub fn show(rev: &str, path: &Path) -> Result<Document, CliError> {
    verify_revision(rev)?;
    let spec = format!("{rev}:{}", repository_path(path)?);
    // One byte past the limit tells a file of exactly the limit from a longer one.
    let output =
        crate::git::run(None, &["show", &spec], b"", MAX_RULESET_BYTES + 1).map_err(git_missing)?;
    let text = as_ruleset(read_limited(output.stdout.as_slice(), 0, MAX_RULESET_BYTES));
    let name = format!("{rev}:{}", path.display());
    let text = text.map_err(|source| CliError::Io {
        what: name.clone(),
        source,
    })?;
    if text.is_ok() && !output.success {
        return Err(CliError::Usage(format!(
            "--git: {} is not in revision {rev:?} ({})",
            path.display(),
            output.reason()
        )));
    }
    Ok(Document::from_source(name, Format::of_path(path), text))
}

/// The path in git's `REV:PATH` syntax: `./relative` to the current directory (git resolves
/// it from there), or an absolute path made relative to the repository's top directory.
fn repository_path(path: &Path) -> Result<String, CliError> {
    if path.is_relative() {
        return Ok(format!("./{}", path.display()));
    }
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.stdout_text().trim());
    let top = top.canonicalize().unwrap_or(top);
    // The file may not exist in the working tree: canonicalize its directory instead.
    let absolute = match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |dir| dir.join(name)),
        _ => path.to_path_buf(),
    };
    match absolute.strip_prefix(&top) {
        Ok(relative) => Ok(relative.display().to_string()),
        Err(_) => Err(CliError::Usage(format!(
            "--git: {} is outside the repository ({})",
            path.display(),
            top.display()
        ))),
    }
}

/// The merge base of two revisions (for `A...B`).
fn merge_base(a: &str, b: &str) -> Result<String, CliError> {
    let output = git(&["merge-base", a, b])?;
    if !output.success {
        return Err(CliError::Usage(format!(
            "--git {a}...{b}: no merge base (does each revision exist?){}",
            not_a_repository().unwrap_or_default()
        )));
    }
    // A 12-digit prefix names the commit unambiguously in practice and reads better in the
    // report than 40 digits.
    let commit = output.stdout_text();
    let commit = commit.trim();
    Ok(commit.get(..12).unwrap_or(commit).to_owned())
}

/// `: not a git repository` when the current directory is not in one.
fn not_a_repository() -> Option<String> {
    match git(&["rev-parse", "--git-dir"]) {
        Ok(output) if !output.success => {
            Some(" (the current directory is not in a git repository)".to_owned())
        }
        _ => None,
    }
}

fn git(args: &[&str]) -> Result<crate::git::Output, CliError> {
    crate::git::run(None, args, b"", usize::MAX).map_err(git_missing)
}

fn git_missing(source: std::io::Error) -> CliError {
    CliError::Io {
        what: "git (needed by --git)".to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let range = |old: &str, new: Option<&str>| Range {
            old: old.into(),
            new: new.map(Into::into),
        };
        assert_eq!(
            parse_range("main..HEAD").unwrap(),
            range("main", Some("HEAD"))
        );
        assert_eq!(parse_range("v1..").unwrap(), range("v1", Some("HEAD")));
        assert_eq!(parse_range("..v2").unwrap(), range("HEAD", Some("v2")));
        assert_eq!(parse_range("main").unwrap(), range("main", None));
        for bad in ["", "..", "-x..y", "a..b..c"] {
            assert!(parse_range(bad).is_err(), "{bad:?}");
        }
    }
}
