//! Writing a build: every file or none.

use crate::build::Built;
use std::io;
use std::path::{Path, PathBuf};

/// Writes each built ruleset to `out/<environment>.json`, creating `out` if needed. Every
/// text goes to a temporary file in `out` first, and the temporary files are renamed only
/// once all of them are written: a failure leaves the earlier outputs as they were. Returns
/// the paths written.
pub fn write_outputs(out: &Path, built: &[Built]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut staged = Vec::new();
    for one in built {
        let target = out.join(one.file_name());
        match write_temporary(&target, &one.text) {
            Ok(temporary) => staged.push((temporary, target)),
            Err(error) => {
                for (temporary, _) in &staged {
                    let _ = std::fs::remove_file(temporary);
                }
                return Err(error);
            }
        }
    }
    let mut written = Vec::new();
    for (temporary, target) in staged {
        std::fs::rename(&temporary, &target)?;
        written.push(target);
    }
    Ok(written)
}

/// Replaces `path` with `text` by writing a temporary file beside it and renaming it: a reader
/// sees the old text or the new, never a part.
pub fn write_file(path: &Path, text: &str) -> io::Result<()> {
    let temporary = write_temporary(path, text)?;
    std::fs::rename(&temporary, path)
}

fn write_temporary(path: &Path, text: &str) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{:016x}.tmp", unique_token()));
    std::fs::write(&temporary, text)?;
    Ok(temporary)
}

/// A number no other writer picks: the temporary names of two builds writing at once do not
/// meet. Random (std's per-process hash keys, which it seeds from the system), not the process
/// id: WASI, where the npm package's CLI runs (ADR 0023), has none (`std::process::id` panics).
fn unique_token() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(())
}
