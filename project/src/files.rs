//! Where a project's files come from: the disk, or anything else that can list and read them
//! (a git commit, for `rollgate diff --git`); and reading text without ever reading past a
//! size limit.
//!
//! Reading a 300 MB file whole just to refuse it would cost 300 MB, so a file's size is
//! checked before any byte is read, and every read (files whose size the file system does not
//! report, pipes, stdin) stops one byte past the limit.

use rollgate::limits::MAX_RULESET_BYTES;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A file.
    File,
    /// A directory.
    Directory,
}

/// Read access to a project's files, by paths relative to the project directory with `/`
/// separators (`flags/checkout.yaml`), as `rollgate.yaml` writes them.
///
/// [`Disk`] is the usual implementation; another one lets a project be loaded from a git
/// commit without checking it out.
pub trait Files {
    /// What `path` is; `Err` with [`io::ErrorKind::NotFound`] when nothing is there.
    fn entry(&self, path: &str) -> io::Result<Entry>;
    /// The names (not paths) of the entries of directory `path`, in any order.
    fn list(&self, path: &str) -> io::Result<Vec<String>>;
    /// The text of file `path` (UTF-8). A file over [`MAX_RULESET_BYTES`] (the limit of a
    /// ruleset, which every project file is held to) is refused unread, with a [`TooLarge`]
    /// error (see [`too_large`]).
    fn read(&self, path: &str) -> io::Result<String>;
    /// How problems name `path`: where a person finds the file (`examples/project/flags/a.yaml`).
    fn display(&self, path: &str) -> String;
}

/// A project directory on disk.
#[derive(Clone, Debug)]
pub struct Disk {
    root: PathBuf,
}

impl Disk {
    /// The project in directory `root` (as the user named it: problems show paths under it).
    pub fn new(root: impl Into<PathBuf>) -> Disk {
        Disk { root: root.into() }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path on disk of project path `path`.
    pub fn path(&self, path: &str) -> PathBuf {
        let mut full = self.root.clone();
        full.extend(
            path.split('/')
                .filter(|part| !part.is_empty() && *part != "."),
        );
        full
    }
}

impl Files for Disk {
    fn entry(&self, path: &str) -> io::Result<Entry> {
        let metadata = std::fs::metadata(self.path(path))?;
        Ok(if metadata.is_dir() {
            Entry::Directory
        } else {
            Entry::File
        })
    }

    fn list(&self, path: &str) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.path(path))? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    }

    fn read(&self, path: &str) -> io::Result<String> {
        read_file(&self.path(path), MAX_RULESET_BYTES)
    }

    fn display(&self, path: &str) -> String {
        let shown = self.path(path);
        let shown = shown.strip_prefix(".").unwrap_or(&shown);
        shown.display().to_string()
    }
}

/// Opens a file to read, with its size. A directory is refused here, in the same words on
/// every platform: reading one fails later with "Is a directory" natively but with "Bad file
/// descriptor" under Node's WASI (the npm package's CLI, ADR 0023).
pub fn open_file(path: &Path) -> io::Result<(File, u64)> {
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(io::Error::other("Is a directory"));
    }
    Ok((file, metadata.len()))
}

/// A text over a size limit, refused: the error inside the [`io::Error`] of [`read_file`],
/// [`read_limited`] and [`Files::read`]. Callers that report it in their own words (a
/// problem of kind `limit_exceeded`, not an unreadable file) find it with [`too_large`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The size, when the file system told it (then nothing was read); `None` when reading
    /// stopped one byte past the limit.
    pub size: Option<u64>,
    /// The limit, in bytes.
    pub limit: usize,
}

impl TooLarge {
    /// The refusal in words, for `what` (`the file`, `ruleset`): `ruleset is 300000000 bytes;
    /// the limit is 16777216`, the core's own words for a ruleset text over its limit.
    pub fn describe(&self, what: &str) -> String {
        let limit = self.limit;
        match self.size {
            Some(size) => format!("{what} is {size} bytes; the limit is {limit}"),
            None => format!("{what} is over {limit} bytes, the limit (reading stopped there)"),
        }
    }

    /// As an [`io::Error`], the error type every reader returns.
    pub fn into_error(self) -> io::Error {
        io::Error::other(self)
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe("the file"))
    }
}

impl std::error::Error for TooLarge {}

/// The [`TooLarge`] refusal inside `error`, if that is what it is.
pub fn too_large(error: &io::Error) -> Option<TooLarge> {
    error.get_ref()?.downcast_ref::<TooLarge>().copied()
}

/// The UTF-8 text of the file at `path`, of at most `limit` bytes: a larger file is refused
/// by its size, unread ([`TooLarge`]), and no read goes past `limit + 1` bytes (a file
/// whose size the file system does not report, such as a pipe, may grow while it is read).
pub fn read_file(path: &Path, limit: usize) -> io::Result<String> {
    let (file, size) = open_file(path)?;
    if size > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(TooLarge {
            size: Some(size),
            limit,
        }
        .into_error());
    }
    read_limited(file, size, limit)
}

/// Reads at most `limit + 1` bytes of UTF-8 text: the extra byte tells a text of exactly
/// `limit` bytes from a longer one, which is refused ([`TooLarge`]) without reading further.
/// `expected` is the size when known (0 otherwise), to allocate once. Reads stdin and
/// `git show` output too.
pub fn read_limited(reader: impl Read, expected: u64, limit: usize) -> io::Result<String> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(cap)).unwrap_or(0));
    reader.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(TooLarge { size: None, limit }.into_error());
    }
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

/// An I/O error in words that are the same on every platform: the system's message without
/// its error number ("No such file or directory", not "... (os error 2)"). The numbers differ
/// between systems, and between the native CLI and the npm package's, which runs under WASI
/// (ADR 0023); the words do not.
pub fn describe_error(error: &io::Error) -> String {
    let text = error.to_string();
    match error.raw_os_error() {
        Some(code) => text
            .strip_suffix(&format!(" (os error {code})"))
            .map_or_else(|| text.clone(), str::to_owned),
        None => text,
    }
}

/// Joins project paths: `join("flags", "a.yaml")` is `flags/a.yaml`.
pub(crate) fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether a file name is a flag source by its extension: `.json`, `.yaml`, `.yml`.
fn is_source_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The files a source path stands for: the file itself, or every `.json`, `.yaml` and `.yml`
/// file under the directory, at any depth, in path order (names starting with `.` skipped, and
/// the project file when the directory is the project's). Sorted, so that a build never
/// depends on the order a file system lists a directory in.
pub(crate) fn source_files(files: &dyn Files, path: &str) -> io::Result<Vec<String>> {
    match files.entry(path)? {
        Entry::File => Ok(vec![path.to_owned()]),
        Entry::Directory => {
            let mut found = Vec::new();
            let mut names = files.list(path)?;
            names.sort();
            for name in names {
                if name.starts_with('.') {
                    continue;
                }
                let child = join(path, &name);
                if crate::config::CONFIG_FILES.contains(&child.as_str()) {
                    continue;
                }
                match files.entry(&child)? {
                    Entry::Directory => found.extend(source_files(files, &child)?),
                    Entry::File if is_source_name(&name) => found.push(child),
                    Entry::File => {}
                }
            }
            Ok(found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of `len` spaces that counts the bytes handed out.
    struct Counting {
        left: u64,
        read: u64,
    }

    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf
                .len()
                .min(usize::try_from(self.left).unwrap_or(usize::MAX));
            buf[..n].fill(b' ');
            self.left -= n as u64;
            self.read += n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_long_input_is_refused_after_one_byte_past_the_limit() {
        let mut source = Counting {
            left: 300_000_000,
            read: 0,
        };
        let error = read_limited(&mut source, 0, 1000).unwrap_err();
        assert_eq!(source.read, 1001, "read no further than the limit + 1");
        let refused = too_large(&error).unwrap();
        assert_eq!(
            refused,
            TooLarge {
                size: None,
                limit: 1000
            }
        );
        assert_eq!(
            error.to_string(),
            "the file is over 1000 bytes, the limit (reading stopped there)"
        );
    }

    #[test]
    fn an_input_of_exactly_the_limit_is_read() {
        let mut source = Counting {
            left: 1000,
            read: 0,
        };
        let text = read_limited(&mut source, 1000, 1000).unwrap();
        assert_eq!(text.len(), 1000);
    }

    #[test]
    fn invalid_utf8_is_an_io_error() {
        let error = read_limited(&b"{\xff}"[..], 3, 1000).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert_eq!(too_large(&error), None);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size_unread() {
        let dir = std::env::temp_dir().join(format!("rollgate-limit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.yaml");
        // Sparse: a read would give 1,001 zero bytes, valid UTF-8 and over the limit.
        std::fs::File::create(&path).unwrap().set_len(1001).unwrap();
        let error = read_file(&path, 1000).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the file is 1001 bytes; the limit is 1000",
            "the size comes from the metadata, never from a read"
        );
        assert_eq!(read_file(&path, 1001).unwrap().len(), 1001);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_read_without_the_system_error_number() {
        let missing = std::fs::read("/no/such/rollgate/file").unwrap_err();
        assert!(missing.raw_os_error().is_some());
        assert_eq!(describe_error(&missing), "No such file or directory");
        let other = io::Error::other("not valid UTF-8 text");
        assert_eq!(describe_error(&other), "not valid UTF-8 text");
    }

    #[test]
    fn a_directory_read_as_a_file_is_refused_in_the_same_words_everywhere() {
        let disk = Disk::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(disk.read("src").unwrap_err().to_string(), "Is a directory");
        assert!(disk
            .read("Cargo.toml")
            .unwrap()
            .contains("rollgate-project"));
    }

    #[test]
    fn disk_paths_show_under_the_root_as_given() {
        assert_eq!(Disk::new(".").display("flags/a.yaml"), "flags/a.yaml");
        assert_eq!(
            Disk::new("examples/project").display("flags/a.yaml"),
            "examples/project/flags/a.yaml"
        );
        assert_eq!(join("flags/", "a.yaml"), "flags/a.yaml");
        assert_eq!(join(".", "a.yaml"), "a.yaml");
    }

    #[test]
    fn a_directory_gives_its_sources_at_any_depth_in_path_order() {
        let dir = std::env::temp_dir().join(format!("rollgate-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in [
            "b.yaml",
            "a/z.json",
            "a/y.YML",
            "a/.hidden.yaml",
            "notes.md",
            ".git/x.json",
            "rollgate.yaml",
            "a/rollgate.yaml",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        let disk = Disk::new(&dir);
        assert_eq!(
            source_files(&disk, "").unwrap(),
            ["a/rollgate.yaml", "a/y.YML", "a/z.json", "b.yaml"]
        );
        assert_eq!(source_files(&disk, "notes.md").unwrap(), ["notes.md"]);
        assert_eq!(
            source_files(&disk, "missing").unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
