//! The search worker of `serve`: the search index is rebuilt in the background from a
//! snapshot of the model, which the worker lets go as soon as it has collected its documents
//! (so the next edit rarely has to copy the model).
//!
//! Input: the newest model and the site root. Output: the search files in the output folder,
//! written when their bytes changed, with those of the previous index it no longer has removed.

use super::written::OutputWriter;
use crate::build::Model;
use crate::output::Contents;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Rebuild the search index of `model` in one background worker: a change made while it
/// runs is picked up when it finishes (only the newest snapshot is built). The pages are
/// already served, so search may trail them by a moment.
pub(super) fn refresh(search: &Arc<SearchQueue>, model: Arc<Model>, root: &Path, output: &Path) {
    *search.latest.lock().expect("search queue lock") = Some(model);
    if search.running.swap(true, Ordering::SeqCst) {
        return;
    }
    let (queue, root, output) = (Arc::clone(search), root.to_path_buf(), output.to_path_buf());
    std::thread::spawn(move || loop {
        let next = queue.latest.lock().expect("search queue lock").take();
        match next {
            Some(model) => {
                // A crash here must not stop later indexing (`running` would stay set).
                let work = std::panic::AssertUnwindSafe(|| {
                    export_search(&root, &output, model, &queue.exported)
                });
                if std::panic::catch_unwind(work).is_err() {
                    eprintln!("error: notesite crashed while rebuilding the search index; search shows the previous index until the next save (this is a bug in notesite: please report it)");
                }
            }
            None => {
                queue.running.store(false, Ordering::SeqCst);
                let more = queue.latest.lock().expect("search queue lock").is_some();
                if !more || queue.running.swap(true, Ordering::SeqCst) {
                    return;
                }
            }
        }
    });
}

/// The newest model waiting for its search index, whether the worker runs, and the search
/// files in the output.
#[derive(Default)]
pub(super) struct SearchQueue {
    /// The newest model whose index is not built yet.
    pub(super) latest: Mutex<Option<Arc<Model>>>,
    /// Whether the worker runs.
    pub(super) running: AtomicBool,
    /// The search files the last index wrote (`search/...`), so files of an older index
    /// that the new one no longer has are removed, as a full build leaves them out.
    pub(super) exported: Mutex<HashSet<String>>,
}

/// Build the search index of `model`, write the browser files that changed and remove those
/// of the previous index it no longer has (`exported`). The model is let go as soon as its
/// documents are collected, so the next edit can change it in place.
fn export_search(root: &Path, output: &Path, model: Arc<Model>, exported: &Mutex<HashSet<String>>) {
    let docs = crate::search::documents::documents(
        &model.site,
        &model.corpus,
        &model.knowledge,
        &model.config.search.synonyms,
    );
    // A file of content/ copied under search/ is not the index's to remove.
    let copied: HashSet<String> = model
        .corpus
        .files
        .iter()
        .filter(|f| f.starts_with("search/"))
        .cloned()
        .collect();
    drop(model);
    let mut files = Vec::new();
    let Ok(staged) = crate::search::cache::export_documents(root, &docs, &mut files) else {
        return;
    };
    let mut writer = OutputWriter::new(output);
    let now: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut previous = exported.lock().expect("search files lock");
    for gone in previous.difference(&now).filter(|p| !copied.contains(*p)) {
        let _ = std::fs::remove_file(output.join(gone));
    }
    *previous = now;
    drop(previous);
    for file in files {
        if let Contents::Bytes(bytes) = file.contents {
            let target = output.join(&file.path);
            let is_link = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_symlink());
            if is_link || std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                if let Err(e) = writer.write(&file.path, &bytes) {
                    eprintln!("error: cannot write {}: {e}; search may show older results until the next save", target.display());
                }
            }
        }
    }
    staged.commit();
}
