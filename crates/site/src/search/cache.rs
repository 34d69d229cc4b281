//! The search index kept between runs in `<root>/.notesite/search-index/`, for
//! `notesite search`: built beside the output by every build, moved into place when the
//! build succeeds, and known to be stale when any note changed after it was built.
//!
//! Input: the site model. Output: the exported browser files and a [`StagedIndex`] to
//! commit; [`open_fresh`] gives the CLI the index when it is current.

use super::documents::{documents, SearchDoc};
use super::export::{export, read_back};
use super::index::{build_index, register};
use super::shards::ShardTable;
use crate::content::Corpus;
use crate::diagnostics::{Diagnostic, Location};
use crate::knowledge::Knowledge;
use crate::output::OutputFile;
use crate::site::SiteMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use tantivy::{Directory, Index};

/// The cache folder of a site.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".notesite")
}

fn index_dir(root: &Path) -> PathBuf {
    cache_dir(root).join("search-index")
}

/// What is remembered beside the index.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    fingerprint: String,
    shards: ShardTable,
}

/// A freshly built index waiting for the build to succeed.
#[derive(Debug)]
pub struct StagedIndex {
    staged: Option<PathBuf>,
    target: PathBuf,
}

impl StagedIndex {
    /// Move the new index into place (best effort: the CLI rebuilds a missing index).
    pub fn commit(mut self) {
        if let Some(staged) = self.staged.take() {
            let _ = std::fs::remove_dir_all(&self.target);
            if std::fs::rename(&staged, &self.target).is_err() {
                let _ = std::fs::remove_dir_all(&staged);
            }
        }
    }
}

impl Drop for StagedIndex {
    /// A build that failed after indexing leaves the kept index as it was.
    fn drop(&mut self) {
        if let Some(staged) = &self.staged {
            let _ = std::fs::remove_dir_all(staged);
        }
    }
}

/// Index every section, export it for the browser into `files`, and stage the index.
pub fn build_and_export(
    root: &Path,
    site: &SiteMap,
    corpus: &Corpus,
    knowledge: &Knowledge,
    synonyms: &super::documents::Synonyms,
    files: &mut Vec<OutputFile>,
) -> Result<StagedIndex, Diagnostic> {
    export_documents(root, &documents(site, corpus, knowledge, synonyms), files)
}

/// Index `docs` (from [`documents`]), export it for the browser into `files`, and stage the
/// index; needs no model, so `serve` can index while the next edit changes the model.
pub fn export_documents(
    root: &Path,
    docs: &[SearchDoc],
    files: &mut Vec<OutputFile>,
) -> Result<StagedIndex, Diagnostic> {
    let staged = cache_dir(root).join(format!("search-index.new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staged);
    let fail = |e: tantivy::TantivyError| {
        Diagnostic::error(Some(Location::file(".notesite/search-index")), format!("building the search index failed: {e}")).with_hint("delete the .notesite folder and build again; if it persists, report it with the notes that trigger it")
    };
    // Indexed in memory (no file syncs on the way), then its few files are copied to the
    // cache folder for the CLI; on a read-only site folder the copy is skipped.
    let index = build_index(docs, None).map_err(fail)?;
    let staged = match persist(&index, &staged) {
        Ok(()) => Some(staged),
        Err(_) => {
            let _ = std::fs::remove_dir_all(&staged);
            None
        }
    };
    let read = read_back(&index).map_err(fail)?;
    let (exported, shards) = export(&read, docs);
    files.extend(exported.into_iter().map(OutputFile::from));
    if let Some(dir) = &staged {
        let meta = Meta {
            fingerprint: fingerprint(root),
            shards,
        };
        let _ = std::fs::write(
            dir.join("notesite-meta.json"),
            serde_json::to_vec(&meta).expect("plain data serializes"),
        );
    }
    Ok(StagedIndex {
        staged,
        target: index_dir(root),
    })
}

/// Write the files of an index held in memory into `dir`, where `Index::open_in_dir` opens it.
fn persist(index: &Index, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let directory = index.directory();
    let mut paths: Vec<PathBuf> = directory.list_managed_files().into_iter().collect();
    paths.extend(["meta.json", ".managed.json"].map(PathBuf::from));
    for path in paths {
        // Files tantivy already let go of are not needed.
        if let Ok(bytes) = directory.atomic_read(&path) {
            std::fs::write(dir.join(&path), bytes)?;
        }
    }
    Ok(())
}

/// The kept index and its shard table, when it exists and no input changed since it was built.
pub fn open_fresh(root: &Path) -> Option<(Index, ShardTable)> {
    let dir = index_dir(root);
    let meta: Meta =
        serde_json::from_slice(&std::fs::read(dir.join("notesite-meta.json")).ok()?).ok()?;
    if meta.fingerprint != fingerprint(root) {
        return None;
    }
    let index = Index::open_in_dir(&dir).ok()?;
    // An index kept by a notesite with other fields is stale even if no input changed.
    let schema = index.schema();
    if notesite_search::index::FIELDS
        .iter()
        .any(|(name, _)| schema.get_field(name).is_err())
    {
        return None;
    }
    register(&index);
    Some((index, meta.shards))
}

/// The newest modification time and the number of entries among the inputs (content/,
/// notesite.toml): any edit, addition, removal or rename changes it.
pub fn fingerprint(root: &Path) -> String {
    let mut newest = 0u128;
    let mut count = 0usize;
    // Notes live in content/, or at the root of a repository without one.
    let notes = if root.join("content").is_dir() {
        root.join("content")
    } else {
        root.to_path_buf()
    };
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 0
            && (name.starts_with('.')
                || (e.depth() == 1 && crate::content::load::SITE_FOLDERS.contains(&name.as_ref())))
    };
    let content = walkdir::WalkDir::new(notes)
        .into_iter()
        .filter_entry(|e| !skipped(e))
        .filter_map(Result::ok)
        .map(|e| e.into_path());
    for path in content.chain(std::iter::once(root.join(crate::config::CONFIG_FILE))) {
        if let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) {
            newest = newest.max(
                modified
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            count += 1;
        }
    }
    format!("{newest}-{count}-{}", env!("CARGO_PKG_VERSION"))
}
