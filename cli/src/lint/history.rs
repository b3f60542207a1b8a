//! How long a constant flag has been so, from the ruleset file's git history.
//!
//! The file's commits are read newest first (`git log --follow --format='%H %cI' -- FILE`),
//! and each revision's text (`git cat-file --batch`, one process for all of them) is linted
//! from the time it was committed on. A flag has been constant since the oldest commit of the
//! unbroken run of revisions in which it is proven to serve the same value to the same
//! audience. A ramp step can make a flag constant after the commit that scheduled it: then the
//! run starts at that step. The walk reads at most [`MAX_REVISIONS`] commits and stops as soon
//! as every flag has its answer; when the history runs out first (that limit, a shallow
//! clone), the age is a lower bound and says "at least".

use super::analysis::{ramp_steps, Analyses};
use super::checks::constant::{constancy, Constancy};
use super::model::Doc;
use crate::git::Batch;
use crate::load::{Document, Format};
use rollgate_project::files::describe_error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The most commits of the file read, newest first.
pub const MAX_REVISIONS: usize = 200;

/// Since when a flag has served its one value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Since {
    /// The commit in effect when the run started (full hash): its oldest commit, or the one
    /// live when a ramp step made the flag constant.
    pub commit: String,
    /// When the run starts, RFC 3339 UTC: that commit's committer date, or the later ramp
    /// step that made the flag constant.
    pub date: String,
    /// Whole days from then to `--now`.
    pub days: i64,
    /// True when the history read ends before the run does (the limit of [`MAX_REVISIONS`]
    /// commits, or a shallow clone): the flag has been so for at least that long.
    pub at_least: bool,
}

impl Since {
    /// `for 41 days, since 2026-10-24, commit 1a2b3c4`.
    pub fn describe(&self) -> String {
        let days = match self.days {
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        };
        let short: String = self.commit.chars().take(7).collect();
        let date: String = self.date.chars().take(10).collect();
        format!(
            "for {}{days}, since {date}, commit {short}",
            if self.at_least { "at least " } else { "" }
        )
    }
}

/// One commit of the file (or of the project directory).
pub struct Revision {
    /// The commit (full hash).
    pub hash: String,
    /// Committer time, epoch ms.
    at: i64,
    /// The file's path from the repository's top in that commit (it may have been renamed);
    /// empty for a project directory.
    path: String,
}

/// The file's (or project directory's) place in a git repository, and its commits.
pub struct History {
    /// Where git runs: the file's directory, or the project directory.
    dir: std::path::PathBuf,
    revisions: Vec<Revision>,
    /// The history ends before the file's first commit (limit or shallow clone).
    truncated: bool,
}

impl History {
    /// Finds the file's commits. The error is a note for the user: git missing, not a
    /// repository, the file untracked, and so on.
    pub fn open(file: &Path) -> Result<History, String> {
        if file == Path::new("-") {
            return Err("the ruleset comes from stdin, which has no git history".to_owned());
        }
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{}: not a file name git can look up", file.display()))?;
        let dir = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let git = |args: &[&str]| git(&dir, args);
        match git(&["rev-parse", "--is-inside-work-tree"]) {
            Ok(_) => {}
            Err(Failure::NoGit(why)) => return Err(why),
            Err(Failure::Git(_)) => {
                return Err(format!("{} is not in a git work tree", file.display()))
            }
        }
        if git(&["ls-files", "--error-unmatch", "--", name]).is_err() {
            return Err(format!("{} is not tracked by git", file.display()));
        }
        let shallow = git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|answer| answer.trim() == "true");
        let limit = format!("--max-count={}", MAX_REVISIONS + 1);
        // Each commit: "HASH DATE", a blank line, then the file's path in that commit.
        let log = git(&[
            "log",
            "--follow",
            &limit,
            "--format=%H %cI",
            "--name-only",
            "--",
            name,
        ])?;
        let mut revisions = parse_log(&log);
        let truncated = shallow || revisions.len() > MAX_REVISIONS;
        revisions.truncate(MAX_REVISIONS);
        Ok(History {
            dir,
            revisions,
            truncated,
        })
    }

    /// Finds the commits that touched a project directory (renames are not followed: a
    /// project is a directory of files). The error is a note, as for [`History::open`].
    pub fn open_project(dir: &Path) -> Result<History, String> {
        let git = |args: &[&str]| git(dir, args);
        match git(&["rev-parse", "--is-inside-work-tree"]) {
            Ok(_) => {}
            Err(Failure::NoGit(why)) => return Err(why),
            Err(Failure::Git(_)) => {
                return Err(format!("{} is not in a git work tree", dir.display()))
            }
        }
        if git(&["ls-files", "--error-unmatch", "--", "."]).is_err() {
            return Err(format!("{} is not tracked by git", dir.display()));
        }
        let shallow = git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|answer| answer.trim() == "true");
        let limit = format!("--max-count={}", MAX_REVISIONS + 1);
        let log = git(&["log", &limit, "--format=%H %cI", "--", "."])?;
        let mut revisions = parse_log(&log);
        let truncated = shallow || revisions.len() > MAX_REVISIONS;
        revisions.truncate(MAX_REVISIONS);
        Ok(History {
            dir: dir.to_path_buf(),
            revisions,
            truncated,
        })
    }

    /// Where git runs for this history.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Since when each flag of `current` (key → how it is constant now) has been so in the
    /// file (read as `format`), at `now`.
    pub fn ages(
        &self,
        format: Format,
        current: &BTreeMap<String, Constancy>,
        now: i64,
    ) -> Result<BTreeMap<String, Since>, String> {
        let mut blobs = Batch::start(Some(&self.dir))
            .map_err(|e| format!("git is not available ({})", describe_error(&e)))?;
        self.ages_with(current, now, |revision| {
            let text = blobs
                .blob(&format!("{}:{}", revision.hash, revision.path))
                .map_err(|e| format!("git cat-file: {}", describe_error(&e)))?
                .and_then(|bytes| String::from_utf8(bytes).ok());
            Ok(text.as_deref().and_then(|text| parse(format, text)))
        })
    }

    /// Since when each flag of `current` (key → how it is constant now) has been so, at
    /// `now`, with each revision's ruleset (its document and compilation) from `ruleset_at`
    /// (`None` when it has none, or an invalid one). A flag whose current state is in no
    /// commit (an uncommitted change) gets none.
    pub fn ages_with(
        &self,
        current: &BTreeMap<String, Constancy>,
        now: i64,
        mut ruleset_at: impl FnMut(
            &Revision,
        )
            -> Result<Option<(serde_json::Value, rollgate::Ruleset)>, String>,
    ) -> Result<BTreeMap<String, Since>, String> {
        // The run found so far for each flag still being followed.
        let mut open: BTreeMap<&str, Option<Since>> =
            current.keys().map(|k| (k.as_str(), None)).collect();
        let mut done = BTreeMap::new();
        // The last instant of the revision's life: `now` for the newest, else just before the
        // next (newer) commit.
        let mut last = now;
        for revision in &self.revisions {
            if open.is_empty() {
                break;
            }
            let parsed = ruleset_at(revision)?;
            let doc = parsed
                .as_ref()
                .map(|(value, ruleset)| Doc::read(value, ruleset));
            let keys: Vec<&str> = open.keys().copied().collect();
            for key in keys {
                let (Some(constant), Some(doc)) = (current.get(key), &doc) else {
                    if let Some(found) = open.remove(key).flatten() {
                        done.insert(key.to_owned(), found);
                    }
                    continue;
                };
                let is_so = |t: i64| {
                    let analyses = Analyses::of_flags(doc, t, [key]);
                    doc.flag(key)
                        .and_then(|flag| constancy(&analyses, flag))
                        .is_some_and(|then| then.same_as(constant))
                };
                if is_so(revision.at) {
                    // So for all of this revision's life: the run goes on.
                    open.insert(key, Some(since(revision, revision.at, now)));
                    continue;
                }
                // Not so from its commit: perhaps from a ramp step while it was live.
                if let Some(step) = ramp_steps(doc, key)
                    .into_iter()
                    .filter(|s| *s > revision.at && *s <= last)
                    .find(|s| is_so(*s))
                {
                    open.insert(key, Some(since(revision, step, now)));
                }
                if let Some(found) = open.remove(key).flatten() {
                    done.insert(key.to_owned(), found);
                }
            }
            last = revision.at.saturating_sub(1);
        }
        // Runs still open when the history read ends: at least that long if it is cut short.
        for (key, found) in open {
            if let Some(mut found) = found {
                found.at_least = self.truncated;
                done.insert(key.to_owned(), found);
            }
        }
        Ok(done)
    }
}

/// A revision's document and its compilation; `None` when it is not a valid ruleset.
fn parse(format: Format, text: &str) -> Option<(serde_json::Value, rollgate::Ruleset)> {
    let document = Document::from_text("", format, text);
    Some((document.to_value().ok()?, document.to_ruleset().ok()?))
}

/// The commits of `git log --format='%H %cI' --name-only`, each with the file's path. A
/// commit listed without a path (a merge) keeps the path of the commit after it.
fn parse_log(log: &str) -> Vec<Revision> {
    let mut revisions: Vec<Revision> = Vec::new();
    for line in log.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let header = line.split_once(' ').and_then(|(hash, date)| {
            let is_hash = hash.len() >= 40 && hash.chars().all(|c| c.is_ascii_hexdigit());
            let at = rollgate::time::parse_rfc3339_ms(date).ok()?;
            is_hash.then_some((hash, at))
        });
        match (header, revisions.last_mut()) {
            (Some((hash, at)), last) => {
                let path = last.map(|r| r.path.clone()).unwrap_or_default();
                revisions.push(Revision {
                    hash: hash.to_owned(),
                    at,
                    path,
                });
            }
            (None, Some(last)) => line.clone_into(&mut last.path),
            (None, None) => {}
        }
    }
    revisions
}

fn since(revision: &Revision, from: i64, now: i64) -> Since {
    Since {
        commit: revision.hash.clone(),
        date: crate::output::format_time(from),
        days: (now - from).div_euclid(crate::lint::MS_PER_DAY).max(0),
        at_least: false,
    }
}

/// Why a git command gave no answer.
enum Failure {
    /// git could not be run at all: the note says so.
    NoGit(String),
    /// git ran and refused: its message.
    Git(String),
}

impl From<Failure> for String {
    fn from(failure: Failure) -> String {
        match failure {
            Failure::NoGit(why) | Failure::Git(why) => why,
        }
    }
}

/// Runs git in `dir`; its stdout.
fn git(dir: &Path, args: &[&str]) -> Result<String, Failure> {
    let output = crate::git::run(Some(dir), args, b"", usize::MAX)
        .map_err(|e| Failure::NoGit(format!("git is not available ({})", describe_error(&e))))?;
    if output.success {
        String::from_utf8(output.stdout)
            .map_err(|_| Failure::Git("git printed something not UTF-8".to_owned()))
    } else {
        Err(Failure::Git(format!(
            "git {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
