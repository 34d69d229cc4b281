//! The files `serve` keeps in the output folder: what is there (paths and hashes of their
//! bytes), and writing one there without ever writing outside the folder.
//!
//! Input: the output folder and the bytes to write. Output: files in the output folder; a
//! symbolic link in the way is replaced, never followed.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Writes files into one output folder, never through a symbolic link: a link at the
/// target is replaced by the file, and a folder on the way that is a link leading out of the
/// output folder is refused. Each folder is looked at once (one `lstat`) per writer.
pub(super) struct OutputWriter {
    output: PathBuf,
    real_output: PathBuf,
    checked: HashSet<PathBuf>,
    /// Paths written, added to the output's marker when the writer is dropped.
    written: Vec<String>,
}

impl OutputWriter {
    /// A writer into `output`, which is created when missing (it may have been deleted).
    pub(super) fn new(output: &Path) -> OutputWriter {
        let _ = std::fs::create_dir_all(output);
        OutputWriter {
            output: output.to_path_buf(),
            real_output: output.canonicalize().unwrap_or(output.to_path_buf()),
            checked: HashSet::new(),
            written: Vec::new(),
        }
    }

    /// Write `bytes` at `relative` (`/`-separated) inside the output folder.
    pub(super) fn write(&mut self, relative: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let target = self.output.join(relative);
        let parent = target.parent().unwrap_or(&self.output).to_path_buf();
        if !self.folder_inside(&parent)? {
            return Err(std::io::Error::other(
                "a folder on its way is a link that leads out of the output folder",
            ));
        }
        std::fs::create_dir_all(&parent)?;
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            std::fs::remove_file(&target)?; // the link, not what it points to
        }
        std::fs::write(&target, bytes)?;
        self.written.push(relative.to_string());
        Ok(target)
    }

    /// Whether `dir` (the output folder or below it) stays inside the output folder.
    fn folder_inside(&mut self, dir: &Path) -> std::io::Result<bool> {
        if dir == self.output || self.checked.contains(dir) {
            return Ok(true);
        }
        let Some(parent) = dir.parent().filter(|p| p.starts_with(&self.output)) else {
            return Ok(false);
        };
        let inside = match std::fs::symlink_metadata(dir) {
            // A link may still lead to a folder inside the output.
            Ok(meta) if meta.file_type().is_symlink() => {
                dir.canonicalize()?.starts_with(&self.real_output)
            }
            _ => self.folder_inside(parent)?, // a real folder, or one to create
        };
        if inside {
            self.checked.insert(dir.to_path_buf());
        }
        Ok(inside)
    }
}

impl Drop for OutputWriter {
    /// Name the files written in the output's marker, so a later `notesite build` knows them
    /// as its own (see [`crate::output::guard`]); each path is added once per process.
    fn drop(&mut self) {
        static RECORDED: Mutex<Option<(PathBuf, HashSet<String>)>> = Mutex::new(None);
        if self.written.is_empty() {
            return;
        }
        let mut recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
        let marker = self.output.join(crate::output::MARKER);
        if recorded.as_ref().is_none_or(|(o, _)| *o != self.output) || !marker.is_file() {
            let known = std::fs::read_to_string(&marker)
                .map(|text| text.lines().map(str::to_string).collect())
                .unwrap_or_default();
            *recorded = Some((self.output.clone(), known));
        }
        let Some((_, known)) = recorded.as_mut() else {
            return;
        };
        let new: Vec<&str> = self
            .written
            .iter()
            .filter(|p| known.insert(p.to_string()))
            .map(String::as_str)
            .collect();
        // Most saves rewrite pages already named: then the marker is not opened at all.
        if !new.is_empty() {
            crate::output::guard::record_written(&self.output, new.into_iter());
        }
    }
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn writes_never_go_through_links_out_of_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let (output, elsewhere) = (dir.path().join("public"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(output.join("real")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("victim.txt"), "kept").unwrap();
        symlink(&elsewhere, output.join("out")).unwrap();
        symlink(output.join("real"), output.join("alias")).unwrap();
        symlink(elsewhere.join("victim.txt"), output.join("page.html")).unwrap();
        let mut writer = OutputWriter::new(&output);

        assert!(writer.write("out/victim.txt", b"x").is_err());
        assert!(writer.write("out/new/deeper.txt", b"x").is_err());
        assert!(!elsewhere.join("new").exists(), "no folder made outside");
        writer.write("page.html", b"page").unwrap();
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("victim.txt")).unwrap(),
            "kept"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("page.html")).unwrap(),
            "page"
        );
        writer.write("alias/a.txt", b"a").unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("real/a.txt")).unwrap(),
            "a"
        );
        writer.write("fresh/b/c.txt", b"c").unwrap();
        assert!(output.join("fresh/b/c.txt").is_file());
    }
}
