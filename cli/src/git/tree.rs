//! A directory as it is in a commit, readable as a project ([`Files`]): what `diff --git` and
//! `lint --git` read a project directory of an earlier revision through. Listed once with
//! `git ls-tree`; its files read on demand through one [`Batch`].

use super::{run, Batch};
use rollgate_project::files::{Entry, Files, TooLarge};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// A blob of a [`Tree`].
#[derive(Clone, Debug)]
struct Blob {
    id: String,
    size: u64,
}

/// A directory as it is in a commit: every file under it (listed once, with `git ls-tree`),
/// read on demand through one [`Batch`]. Problems name its files `REV:DIR/PATH`.
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
    blobs: RefCell<Option<Batch>>,
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
        let kind = run(git_dir, &["cat-file", "-t", spec], b"", usize::MAX)?;
        if !kind.success {
            return Ok(Found::Missing(kind.reason()));
        }
        if kind.stdout_text().trim() != "tree" {
            return Ok(Found::File);
        }
        // --full-tree: from a subdirectory, ls-tree would list only what is under the same
        // subdirectory of the tree it is given.
        let listing = run(
            git_dir,
            &["ls-tree", "--full-tree", "-r", "-z", "-l", spec],
            b"",
            usize::MAX,
        )?;
        if !listing.success {
            return Ok(Found::Missing(listing.reason()));
        }
        Ok(Found::Tree(Tree {
            git_dir: git_dir.map(Path::to_path_buf),
            rev: rev.to_owned(),
            dir: normal(dir),
            files: parse_listing(&listing.stdout_text()),
            blobs: RefCell::new(None),
        }))
    }

    fn read_blob(&self, blob: &Blob) -> io::Result<Vec<u8>> {
        let mut slot = self.blobs.borrow_mut();
        let blobs = match &mut *slot {
            Some(blobs) => blobs,
            None => slot.insert(Batch::start(self.git_dir.as_deref())?),
        };
        blobs
            .blob(&blob.id)?
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
        // Git lists every blob's size: one over the limit is refused unread.
        let limit = rollgate::limits::MAX_RULESET_BYTES;
        if blob.size > u64::try_from(limit).unwrap_or(u64::MAX) {
            return Err(TooLarge {
                size: Some(blob.size),
                limit,
            }
            .into_error());
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
