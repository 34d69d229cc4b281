//! Output: write a whole site into a staging folder next to the output, then swap it in.
//!
//! Input: the files of a finished build. Output: the output folder, replaced only when every
//! file was written, so a failed build leaves the previous output byte-for-byte intact.

pub mod guard;

use crate::diagnostics::{Diagnostic, Location};
pub use guard::{check_output_folder, MARKER};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The bytes of one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file copied from disk as it is.
    CopyOf(PathBuf),
}

/// One file to write, at a `/`-separated path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// What to write there.
    pub contents: Contents,
}

impl From<notesite_search::ExportFile> for OutputFile {
    fn from(file: notesite_search::ExportFile) -> Self {
        OutputFile {
            path: file.path,
            contents: Contents::Bytes(file.bytes),
        }
    }
}

/// Write `files` into a staging folder and swap it into place as `output`.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(output)?;
    staging.write_all(files)?;
    staging.finish()
}

/// A folder next to the output that a build fills file by file (from several threads), then
/// swaps into place with [`Staging::finish`]. Dropped unfinished (a failed build), it is
/// deleted and the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    finished: bool,
    /// Every path written, for the [`MARKER`] that lets the next build tell its files apart.
    written: Mutex<Vec<String>>,
    /// Folders of the staging folder made so far: most files go into a folder that already
    /// exists (20,000 search files in a handful), and asking the file system again for each
    /// took a few percent of a large build.
    folders: Mutex<std::collections::HashSet<PathBuf>>,
}

fn output_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Some(Location::file(path)), format!("{what}: {e}"))
        .with_hint("check that the output folder's parent is writable and the disk is not full; the previous output was left as it was")
}

impl Staging {
    /// Create an empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Self, Diagnostic> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| output_error("cannot create the output's parent folder", parent, e))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| output_error("cannot create the staging folder", &dir, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            old: parent.join(format!(".{name}.old-{}", std::process::id())),
            dir,
            finished: false,
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(Default::default()),
        })
    }

    /// Write one file into the staging folder.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let path = self.dir.join(&file.path);
        self.written
            .lock()
            .expect("written list lock")
            .push(file.path.clone());
        if let Some(parent) = path.parent() {
            let made = (self.folders.lock().expect("folders lock")).contains(parent);
            if !made {
                std::fs::create_dir_all(parent)
                    .map_err(|e| output_error("cannot write an output file", parent, e))?;
                (self.folders.lock().expect("folders lock")).insert(parent.to_path_buf());
            }
        }
        match &file.contents {
            Contents::Bytes(bytes) => std::fs::write(&path, bytes)
                .map_err(|e| output_error("cannot write an output file", &path, e)),
            Contents::CopyOf(source) => std::fs::copy(source, &path)
                .map(|_| ())
                .map_err(|e| output_error("cannot copy a file into the output", source, e)),
        }
    }

    /// Write `files` in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files.par_iter().try_for_each(|file| self.write(file))
    }

    /// Swap the staging folder into place as the output, and delete the previous output.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        let output = self.output.clone();
        let mut written = std::mem::take(&mut *self.written.lock().expect("written list lock"));
        written.sort_unstable();
        written.dedup();
        let marker = self.dir.join(MARKER);
        std::fs::write(
            &marker,
            guard::marker_text(written.iter().map(String::as_str)),
        )
        .map_err(|e| output_error("cannot write an output file", &marker, e))?;
        if output.exists() {
            std::fs::rename(&output, &self.old)
                .map_err(|e| output_error("cannot move the previous output aside", &output, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &output) {
            let _ = std::fs::rename(&self.old, &output);
            return Err(output_error(
                "cannot move the new output into place",
                &output,
                e,
            ));
        }
        self.finished = true;
        remove_tree(&self.old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            remove_tree(&self.dir);
        }
    }
}

/// Delete a folder tree, its top-level entries in parallel (a large site has thousands of
/// files, and unlinking them one by one is a noticeable part of a build).
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.par_iter().for_each(|path| {
            if path.is_dir() && !path.is_symlink() {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        let files = [OutputFile {
            path: "a/index.html".into(),
            contents: Contents::Bytes(b"hi".to_vec()),
        }];
        write_site(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"hi");
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging and old folders are cleaned up");
    }

    #[test]
    fn output_inside_notes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_folder(&dir.path().join("content/x"), dir.path(), false).is_err());
        assert!(check_output_folder(dir.path(), dir.path(), false).is_err());
        assert!(check_output_folder(&dir.path().join("public"), dir.path(), false).is_ok());
    }

    #[test]
    fn the_marker_lists_every_file_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str| OutputFile {
            path: path.into(),
            contents: Contents::Bytes(b"x".to_vec()),
        };
        write_site(&out, &[file("b/index.html"), file("a.css")]).unwrap();
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        let listed: Vec<&str> = marker.lines().skip(1).collect();
        assert_eq!(listed, ["a.css", "b/index.html"]);
        // A second build over it is allowed; a file the user added is not deleted silently.
        assert!(check_output_folder(&out, dir.path(), false).is_ok());
        std::fs::write(out.join("CNAME"), "notes.example.org").unwrap();
        let refused = check_output_folder(&out, dir.path(), false).unwrap_err();
        assert!(refused.message.contains("CNAME"), "{}", refused.message);
        assert!(check_output_folder(&out, dir.path(), true).is_ok());
    }
}
