//! Output: write a whole site into a staging folder next to the output, then swap it in.
//!
//! Input: the files of a finished build. Output: the output folder, replaced only when every
//! file was written, so a failed build leaves the previous output byte-for-byte intact.

use crate::diagnostics::{Diagnostic, Location};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// Refuse output folders whose replacement would destroy the user's notes.
pub fn check_output_folder(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out, root) = (absolute(output), absolute(root));
    let dangerous = root.starts_with(&out)
        || out.starts_with(root.join("content"))
        || ["templates", "static", "themes"]
            .iter()
            .any(|d| out == root.join(d))
        || (out.is_dir()
            && ["notesite.toml", "content", ".git"]
                .iter()
                .any(|m| out.join(m).exists()));
    if dangerous {
        return Err(Diagnostic::error(
            Some(Location::file(output)),
            "refusing to use this folder as the output: replacing it would delete notes or site files",
        )
        .with_hint("choose an output folder of its own, such as public/ (the default)"));
    }
    Ok(())
}

/// Write `files` into a staging folder and swap it into place as `output`.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let fail = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(Some(Location::file(path)), format!("{what}: {e}"))
            .with_hint("check that the output folder's parent is writable and the disk is not full; the previous output was left as it was")
    };
    std::fs::create_dir_all(parent)
        .map_err(|e| fail("cannot create the output's parent folder", parent, e))?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let written = write_all(&staging, files);
    if let Err((path, e)) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail("cannot write an output file", &path, e));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if output.exists() {
        std::fs::rename(output, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            fail("cannot move the previous output aside", output, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        let _ = std::fs::rename(&old, output);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail("cannot move the new output into place", output, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), (PathBuf, std::io::Error)> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
        }
        match &file.contents {
            Contents::Bytes(bytes) => std::fs::write(&path, bytes).map_err(|e| (path.clone(), e)),
            Contents::CopyOf(source) => std::fs::copy(source, &path)
                .map(|_| ())
                .map_err(|e| (source.clone(), e)),
        }
    })
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
        assert!(check_output_folder(&dir.path().join("content/x"), dir.path()).is_err());
        assert!(check_output_folder(dir.path(), dir.path()).is_err());
        assert!(check_output_folder(&dir.path().join("public"), dir.path()).is_ok());
    }
}
