//! The files `serve` keeps in the output folder: what is there (paths and hashes of their
//! bytes), writing one there without ever writing outside the folder, writing only the
//! files whose bytes changed, and removing the files a full build would no longer write.
//!
//! Input: the output folder, the hashes of the files written so far, and the files to write
//! or the paths that are gone. Output: files in the output folder (a symbolic link in the
//! way is replaced, never followed) and the hashes brought up to date.

use crate::diagnostics::{Diagnostic, Location};
use crate::output::{Contents, OutputFile};
use std::collections::{BTreeSet, HashMap, HashSet};
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

/// Write the `files` whose bytes differ from their hash in `written`, or that are missing
/// from `output`; returns their paths. Files that cannot be written go to `errors`.
pub(super) fn write_changed(
    output: &Path,
    written: &mut HashMap<String, u64>,
    files: Vec<OutputFile>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut changed = Vec::new();
    let mut writer = OutputWriter::new(output);
    for file in files {
        let bytes = match file.contents {
            Contents::Bytes(bytes) => bytes,
            Contents::CopyOf(source) => match std::fs::read(&source) {
                Ok(bytes) => bytes,
                Err(_) => continue,
            },
        };
        let hash = hash_bytes(&bytes);
        if written.get(&file.path) == Some(&hash) && output.join(&file.path).is_file() {
            continue;
        }
        match writer.write(&file.path, &bytes) {
            Ok(_) => {
                written.insert(file.path.clone(), hash);
                changed.push(file.path);
            }
            Err(e) => errors.push(
                Diagnostic::error(Some(Location::file(output.join(&file.path))), format!("cannot write this output file: {e}"))
                    .with_hint("check that the output folder is writable, holds no links to elsewhere, and the disk is not full; the next save writes everything again"),
            ),
        }
    }
    changed
}

/// Remove the files written before that a full render no longer writes (`now` are the
/// ones it wrote): pages of deleted notes, `sitemap.xml` once `base_url` is gone, ... as a
/// full build leaves them out. The search index's files are the search worker's. Returns
/// how many were removed.
pub(super) fn remove_unwritten(
    output: &Path,
    written: &mut HashMap<String, u64>,
    now: &HashSet<String>,
) -> usize {
    let stale: Vec<String> = written
        .keys()
        .filter(|p| !now.contains(*p) && !p.starts_with("search/"))
        .filter(|p| p.as_str() != crate::output::MARKER)
        .cloned()
        .collect();
    remove_with_empty_folder(output, written, &stale)
}

/// Remove the copies of `content/` files among `changed` that are no longer among `files`
/// (the corpus's files); returns how many.
pub(super) fn remove_deleted_files(
    output: &Path,
    written: &mut HashMap<String, u64>,
    files: &[String],
    changed: &BTreeSet<String>,
) -> usize {
    let gone: Vec<&String> = changed
        .iter()
        .filter(|f| !files.contains(f) && written.contains_key(*f))
        .collect();
    for file in &gone {
        let _ = std::fs::remove_file(output.join(file));
        written.remove(*file);
    }
    gone.len()
}

/// Remove the written pages (`.html`) whose URL is not among `pages` (a note deleted or
/// renamed); returns how many.
pub(super) fn remove_stale_pages(
    output: &Path,
    written: &mut HashMap<String, u64>,
    pages: HashSet<&str>,
) -> usize {
    let stale: Vec<String> = written
        .keys()
        .filter(|p| p.ends_with(".html") && !pages.contains(p.as_str()))
        .cloned()
        .collect();
    remove_with_empty_folder(output, written, &stale)
}

/// Remove `paths` from the output, and each one's folder when that is left empty, and
/// forget their hashes; returns how many.
fn remove_with_empty_folder(
    output: &Path,
    written: &mut HashMap<String, u64>,
    paths: &[String],
) -> usize {
    for path in paths {
        let target = output.join(path);
        let _ = std::fs::remove_file(&target);
        if let Some(parent) = target.parent() {
            let _ = std::fs::remove_dir(parent); // only when empty
        }
        written.remove(path);
    }
    paths.len()
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
