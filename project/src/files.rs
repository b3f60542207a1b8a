//! Where a project's files come from: the disk, or anything else that can list and read them
//! (a git commit, for `rollgate diff --git`).

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
    /// The text of file `path` (UTF-8).
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
        let (mut file, size) = open_file(&self.path(path))?;
        let mut text = String::with_capacity(usize::try_from(size).unwrap_or(0));
        file.read_to_string(&mut text)?;
        Ok(text)
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
