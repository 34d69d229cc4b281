//! The output guard: decide whether a folder may be replaced by a build, before anything is
//! written.
//!
//! Input: the output path as the user gave it (relative, with `..`, through symbolic links),
//! the site root and `--force`. Output: the real folder to write (every `..` and link
//! followed), or an error saying why that folder is not ours to replace and what to do.
//!
//! A build replaces its output folder whole, so this is the one place that stands between a
//! typo in `--output` and deleted notes. It refuses, whatever the options: the filesystem
//! root, top-level and system folders, the user's home or a folder holding it, the site
//! root or a folder holding it, anything inside `content/`, `templates/`, `static/` or
//! `themes/`, a folder holding `notesite.toml`, `content/` or `.git` (at any depth when
//! `--force` is given), and an existing file. Without `--force` it also refuses an existing
//! non-empty folder that no build wrote (no [`MARKER`] file), and a folder a build wrote that
//! now holds files the build did not write (they are listed).

use crate::diagnostics::{Diagnostic, Location};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The file every build leaves in its output: it names the files that build wrote, one per
/// line, so the next build can tell its own files from the user's.
pub const MARKER: &str = ".notesite-output";

/// The first line of [`MARKER`].
const MARKER_HEADER: &str =
    "# Written by notesite: the files its last build wrote here, one per line. A build replaces this folder only when it holds no other file.";

/// Folders of the operating system that are never a site's output, nor anything inside them.
const SYSTEM_FOLDERS: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/run",
    "/sbin",
    "/snap",
    "/sys",
    "/usr",
    "/var/lib",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/var/mail",
    "/Applications",
    "/Library",
    "/System",
];

/// Names in a folder that mark it as someone's sources, never an output.
const SOURCE_MARKS: &[&str] = &["notesite.toml", "content", ".git"];

/// Check that `output` may be replaced by a build of the site at `root`; returns the real
/// folder to write (links and `..` resolved).
pub fn check_output_folder(output: &Path, root: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String, hint: &str| {
        Err(Diagnostic::error(
            Some(Location::file(output)),
            format!("refusing to use this as the output folder: {why}"),
        )
        .with_hint(hint.to_string()))
    };
    let own_folder = "choose an output folder of its own, such as public/ (the default)";
    let out = match resolve(output) {
        Ok(out) => out,
        Err(e) => {
            return refuse(
                format!("its path cannot be resolved ({e})"),
                "check that the folders above it exist and that any symbolic link in the path points somewhere",
            )
        }
    };
    let root = resolve(root).unwrap_or_else(|_| root.to_path_buf());
    let seen_as = if out.as_path() == output {
        String::new()
    } else {
        format!(" ({} once `..` and links are followed)", out.display())
    };
    if let Some(why) = protected(&out, &root) {
        return refuse(format!("it is {why}{seen_as}"), own_folder);
    }
    let Ok(meta) = std::fs::metadata(&out) else {
        return Ok(out); // a new folder
    };
    if !meta.is_dir() {
        return refuse(
            format!("it is a file, not a folder{seen_as}"),
            "give the path of a folder (new, or one an earlier build wrote)",
        );
    }
    if let Some(mark) = SOURCE_MARKS.iter().find(|m| out.join(m).exists()) {
        return refuse(
            format!("it holds `{mark}`, so it is a site or a repository, not an output{seen_as}"),
            own_folder,
        );
    }
    if force {
        return match nested_sources(&out) {
            Some(found) => refuse(
                format!(
                    "{} is inside it, and --force never deletes sources",
                    found.display()
                ),
                own_folder,
            ),
            None => Ok(out),
        };
    }
    let marker = match std::fs::read_to_string(out.join(MARKER)) {
        Ok(text) => text,
        Err(_) if is_empty(&out) || is_legacy_output(&out) => return Ok(out),
        Err(_) => {
            return refuse(
                format!("it is a folder that no notesite build wrote (it has no {MARKER} file), and building would replace everything in it{seen_as}"),
                "choose a new or empty folder; or, if everything in it may be deleted, pass --force",
            )
        }
    };
    let foreign = foreign_files(&out, &marker);
    if foreign.is_empty() {
        return Ok(out);
    }
    let shown: Vec<String> = foreign
        .iter()
        .take(5)
        .map(|p| p.display().to_string())
        .collect();
    let more = match foreign.len() {
        n if n > 5 => format!(" and {} more", n - 5),
        _ => String::new(),
    };
    refuse(
        format!(
            "it holds {} file{} that notesite did not write, which building would delete: {}{more}",
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" },
            shown.join(", ")
        ),
        "put files you want in the site (a CNAME, images) in static/, which every build copies; move the others away; or pass --force to delete them",
    )
}

/// `path` made absolute with every `..` and symbolic link followed, as the kernel would,
/// also when its last parts do not exist yet.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                let is_link =
                    std::fs::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    resolved = std::fs::canonicalize(&resolved)?;
                }
            }
        }
    }
    Ok(resolved)
}

/// What `out` is when no build may replace it, if it is such a folder.
fn protected(out: &Path, root: &Path) -> Option<String> {
    let depth = out
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    if depth == 0 {
        return Some("the filesystem root".into());
    }
    if depth == 1 {
        return Some("a top-level folder of the system".into());
    }
    if let Some(system) = SYSTEM_FOLDERS.iter().find(|s| out.starts_with(s)) {
        return Some(format!("inside the system folder {system}"));
    }
    if let Some(home) = std::env::home_dir().and_then(|h| resolve(&h).ok()) {
        if home.starts_with(out) {
            return Some(if home == out {
                "your home folder".into()
            } else {
                format!("a folder holding your home folder {}", home.display())
            });
        }
    }
    if root.starts_with(out) {
        return Some(if root == out {
            "the site's own folder".into()
        } else {
            "a folder holding the site".into()
        });
    }
    ["content", "templates", "static", "themes"]
        .iter()
        .find(|source| out.starts_with(root.join(source)))
        .map(|source| format!("inside the site's {source}/ folder"))
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// An output written before builds left a [`MARKER`]: its home page says notesite made it.
fn is_legacy_output(dir: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let read = std::fs::File::open(dir.join("index.html"))
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(head.get(..read).unwrap_or_default());
    dir.join(".nojekyll").is_file()
        && head.contains("<meta name=\"generator\" content=\"notesite\">")
}

/// The files (and links) under `dir` that the marker's list does not name, sorted.
fn foreign_files(dir: &Path, marker: &str) -> Vec<PathBuf> {
    let ours: HashSet<&str> = marker
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let mut foreign: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .filter(|relative| {
            let key = relative.to_string_lossy().replace('\\', "/");
            key != MARKER && !ours.contains(key.as_str())
        })
        .collect();
    foreign.sort();
    foreign
}

/// A `notesite.toml` or `.git` anywhere under `dir` (links not followed).
fn nested_sources(dir: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| matches!(e.file_name().to_str(), Some("notesite.toml" | ".git")))
        .map(|e| e.path().to_path_buf())
}

/// The text of a [`MARKER`] naming `paths`.
pub fn marker_text<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::from(MARKER_HEADER);
    text.push('\n');
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Add `paths` to the [`MARKER`] of `output` (made when missing): for `serve`, which writes
/// into the output as files change.
pub fn record_written<'a>(output: &Path, paths: impl Iterator<Item = &'a str>) {
    use std::io::Write;
    let marker = output.join(MARKER);
    let new = !marker.exists();
    let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&marker)
    else {
        return;
    };
    let mut text = if new {
        marker_text(std::iter::empty())
    } else {
        String::new()
    };
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    let _ = file.write_all(text.as_bytes());
}
