//! The files `serve` keeps in the output folder: what is there (paths and hashes of their
//! bytes), and writing one there without ever writing outside the folder.
//!
//! Input: the output folder and the bytes to write. Output: files in the output folder; a
//! symbolic link in the way is replaced, never followed.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Write `bytes` to `target` inside the output folder whose canonical path is `real_output`,
/// never through a symbolic link: a link at `target` is replaced by the file, and a folder
/// on the way that leads out of the output is refused.
/// `checked` holds the folders already found inside the output in this batch of writes.
pub(super) fn write_inside(
    real_output: &Path,
    target: &Path,
    bytes: &[u8],
    checked: &mut HashSet<PathBuf>,
) -> std::io::Result<()> {
    let parent = target.parent().unwrap_or(real_output);
    if !checked.contains(parent) {
        let mut existing = parent;
        while std::fs::symlink_metadata(existing).is_err() {
            existing = existing.parent().unwrap_or(real_output);
        }
        if !existing.canonicalize()?.starts_with(real_output) {
            return Err(std::io::Error::other(
                "a folder on its way is a link that leads out of the output folder",
            ));
        }
        std::fs::create_dir_all(parent)?;
        checked.insert(parent.to_path_buf());
    }
    if std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::remove_file(target)?; // the link, not what it points to
    }
    std::fs::write(target, bytes)
}

/// Every file under `output` (relative, `/`-separated) with the hash of its bytes.
pub(super) fn list_output(output: &Path) -> std::io::Result<HashMap<String, u64>> {
    let mut written = HashMap::new();
    for entry in walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let relative = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        written.insert(relative, hash_bytes(&std::fs::read(entry.path())?));
    }
    Ok(written)
}

/// The hash the session keeps of a file's bytes.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
