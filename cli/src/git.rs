//! Git as a reader of earlier revisions, without checking anything out: for `diff --git` and
//! `lint --git`.
//!
//! Git runs as a separate process, from the current directory or a given one, so any
//! repository layout and any revision syntax git accepts work. [`Blobs`] reads many objects
//! through one `git cat-file --batch` process; [`Tree`] is a directory as it is in a commit,
//! readable as a project ([`Files`]).

use rollgate_project::files::{Entry, Files};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// What a git command printed, and whether it succeeded.
pub struct Output {
    /// Whether it exited with 0.
    pub success: bool,
    /// Its standard output (lossily decoded).
    pub stdout: String,
    /// Its standard error (lossily decoded).
    pub stderr: String,
}

impl Output {
    /// The first line of stderr without git's `fatal: `: what a message quotes.
    pub fn reason(&self) -> &str {
        self.stderr
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("fatal: ")
    }
}

/// Runs git with `args` in `dir` (the current directory when `None`). The error is git
/// missing (or not runnable).
pub fn run(dir: Option<&Path>, args: &[&str]) -> io::Result<Output> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    let output = command.args(args).stdin(Stdio::null()).output()?;
    Ok(Output {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// A `git cat-file --batch` process: one object per request, read as it is asked for, so that
/// a walk over revisions can stop early.
pub struct Blobs {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Blobs {
    /// Starts the process in `dir` (the current directory when `None`).
    pub fn start(dir: Option<&Path>) -> Result<Blobs, String> {
        let mut command = Command::new("git");
        if let Some(dir) = dir {
            command.arg("-C").arg(dir);
        }
        let mut child = command
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("git is not available ({e})"))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("git cat-file: no pipes".to_owned());
        };
        Ok(Blobs {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    /// The text of an object (`rev:path`, or a blob's id); `None` when there is no such blob,
    /// or it is not UTF-8 text.
    pub fn read(&mut self, object: &str) -> Result<Option<String>, String> {
        Ok(self
            .read_bytes(object)?
            .and_then(|bytes| String::from_utf8(bytes).ok()))
    }

    /// The bytes of a blob; `None` when there is no such object or it is not a blob.
    pub fn read_bytes(&mut self, object: &str) -> Result<Option<Vec<u8>>, String> {
        let broken = |e: io::Error| format!("git cat-file: {e}");
        writeln!(self.input, "{object}").map_err(broken)?;
        self.input.flush().map_err(broken)?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(broken)?;
        // "<oid> blob <size>", or "<object> missing".
        let mut fields = header.split_whitespace();
        let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            return Ok(None);
        };
        let size: u64 = size
            .parse()
            .map_err(|_| format!("git cat-file: unexpected header {header:?}"))?;
        let mut bytes = Vec::new();
        (&mut self.output)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(broken)?;
        let mut newline = [0u8; 1];
        self.output.read_exact(&mut newline).map_err(broken)?;
        Ok((kind == "blob").then_some(bytes))
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Closing stdin ends cat-file; wait so that no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blob of a [`Tree`].
#[derive(Clone, Debug)]
struct Blob {
    id: String,
    size: u64,
}

/// A directory as it is in a commit: every file under it (listed once, with `git ls-tree`),
/// read on demand through one [`Blobs`] process. Problems name its files `REV:DIR/PATH`.
pub struct Tree {
    /// Where git runs (the current directory when `None`).
    git_dir: Option<PathBuf>,
    /// How problems name the revision: `main`.
    rev: String,
    /// How problems name the directory: `examples/project`, or empty for the current one.
    dir: String,
    /// Every file under the directory, by path relative to it.
    files: BTreeMap<String, Blob>,
    /// Started on the first read.
    blobs: RefCell<Option<Blobs>>,
}

/// What a path is in a revision.
pub enum Found {
    /// A directory: its files.
    Tree(Tree),
    /// A file.
    File,
    /// Nothing: git's reason.
    Missing(String),
}

impl Tree {
    /// What `spec` (`REV:PATH`, with a `./` path relative to where git runs) is; problems
    /// name its files `REV:DIR/PATH` with `rev` and `dir` as given (`dir` empty for the
    /// current directory). Git runs in `git_dir` (the current directory when `None`); the
    /// error is git missing.
    pub fn find(spec: &str, rev: &str, dir: &str, git_dir: Option<&Path>) -> io::Result<Found> {
        let kind = run(git_dir, &["cat-file", "-t", spec])?;
        if !kind.success {
            return Ok(Found::Missing(kind.reason().to_owned()));
        }
        if kind.stdout.trim() != "tree" {
            return Ok(Found::File);
        }
        // --full-tree: from a subdirectory, ls-tree would list only what is under the same
        // subdirectory of the tree it is given.
        let listing = run(git_dir, &["ls-tree", "--full-tree", "-r", "-z", "-l", spec])?;
        if !listing.success {
            return Ok(Found::Missing(listing.reason().to_owned()));
        }
        Ok(Found::Tree(Tree {
            git_dir: git_dir.map(Path::to_path_buf),
            rev: rev.to_owned(),
            dir: normal(dir),
            files: parse_listing(&listing.stdout),
            blobs: RefCell::new(None),
        }))
    }

    fn read_blob(&self, blob: &Blob) -> io::Result<Vec<u8>> {
        let mut slot = self.blobs.borrow_mut();
        let blobs = match &mut *slot {
            Some(blobs) => blobs,
            None => slot.insert(Blobs::start(self.git_dir.as_deref()).map_err(io::Error::other)?),
        };
        blobs
            .read_bytes(&blob.id)
            .map_err(io::Error::other)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not a blob"))
    }
}

/// `<mode> <type> <id> <size>\t<path>` entries, NUL-terminated: the blobs by path (links and
/// submodules are left out: a project never needs them).
fn parse_listing(listing: &str) -> BTreeMap<String, Blob> {
    let mut files = BTreeMap::new();
    for entry in listing.split('\0') {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split_whitespace();
        if let (Some(_), Some("blob"), Some(id), Some(size)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        {
            let size = size.parse().unwrap_or(u64::MAX);
            files.insert(
                path.to_owned(),
                Blob {
                    id: id.to_owned(),
                    size,
                },
            );
        }
    }
    files
}

/// A project path without `.` parts and trailing `/` (`./flags/` → `flags`).
fn normal(path: &str) -> String {
    path.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

impl Files for Tree {
    fn entry(&self, path: &str) -> io::Result<Entry> {
        let path = normal(path);
        if self.files.contains_key(&path) {
            return Ok(Entry::File);
        }
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        match self.files.range(prefix.clone()..).next() {
            Some((first, _)) if first.starts_with(&prefix) => Ok(Entry::Directory),
            _ => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not in this revision",
            )),
        }
    }

    fn list(&self, path: &str) -> io::Result<Vec<String>> {
        self.entry(path)?;
        let path = normal(path);
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let mut names: Vec<String> = self
            .files
            .range(prefix.clone()..)
            .take_while(|(file, _)| file.starts_with(&prefix))
            .filter_map(|(file, _)| file.get(prefix.len()..)?.split('/').next())
            .map(str::to_owned)
            .collect();
        names.dedup();
        Ok(names)
    }

    fn read(&self, path: &str) -> io::Result<String> {
        let blob = self.files.get(&normal(path)).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, "not a file in this revision")
        })?;
        // The project's reader refuses files over the ruleset limit; a blob far larger is
        // refused unread.
        let limit = u64::try_from(rollgate::limits::MAX_RULESET_BYTES).unwrap_or(u64::MAX);
        if blob.size > limit.saturating_mul(2) {
            return Err(io::Error::other(format!(
                "{} bytes, over the size limit of a ruleset",
                blob.size
            )));
        }
        String::from_utf8(self.read_blob(blob)?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
    }

    fn display(&self, path: &str) -> String {
        let path = normal(path);
        let shown = match (self.dir.is_empty(), path.is_empty()) {
            (true, true) => ".".to_owned(),
            (false, true) => self.dir.clone(),
            (true, false) => path,
            (false, false) => format!("{}/{path}", self.dir),
        };
        format!("{}:{shown}", self.rev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> Tree {
        Tree {
            git_dir: None,
            rev: "main".into(),
            dir: "p".into(),
            files: paths
                .iter()
                .map(|p| {
                    (
                        (*p).to_owned(),
                        Blob {
                            id: "0".into(),
                            size: 1,
                        },
                    )
                })
                .collect(),
            blobs: RefCell::new(None),
        }
    }

    #[test]
    fn a_listing_gives_files_and_directories() {
        let files = parse_listing(
            "100644 blob aa 12\trollgate.yaml\x00100644 blob bb 7\tflags/a b.yaml\x00\
             160000 commit cc -\tvendor\x00",
        );
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["flags/a b.yaml", "rollgate.yaml"]
        );
        assert_eq!(files["rollgate.yaml"].size, 12);
        let tree = tree(&[
            "rollgate.yaml",
            "flags/a.yaml",
            "flags/b/c.json",
            "flagsx.json",
        ]);
        assert_eq!(tree.entry("rollgate.yaml").unwrap(), Entry::File);
        assert_eq!(tree.entry("flags").unwrap(), Entry::Directory);
        assert_eq!(tree.entry("./flags/").unwrap(), Entry::Directory);
        assert_eq!(tree.entry("").unwrap(), Entry::Directory);
        assert_eq!(
            tree.entry("flag").unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        assert_eq!(tree.list("flags").unwrap(), ["a.yaml", "b"]);
        assert_eq!(
            tree.list("").unwrap(),
            ["flags", "flagsx.json", "rollgate.yaml"]
        );
        assert_eq!(tree.display("flags/a.yaml"), "main:p/flags/a.yaml");
        assert_eq!(tree.display(""), "main:p");
        let top = Tree {
            dir: String::new(),
            ..tree
        };
        assert_eq!(top.display(""), "main:.");
        assert_eq!(top.display("./flags/a.yaml"), "main:flags/a.yaml");
    }
}
