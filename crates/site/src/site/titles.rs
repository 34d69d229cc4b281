//! The names a `[[wiki-link]]` may use for a note: its title and its file name, lower-cased.
//!
//! Input: the notes and their pages. Output: name → page, and the names several notes share.

use crate::content::Corpus;
use crate::ids::PageId;
use std::collections::HashMap;

/// The names of notes (titles and file names without extension, lower-cased) and their pages.
pub(super) struct TitleLookup {
    /// Name → its page (the first note's when several share the name).
    pub(super) page_of_title: HashMap<String, PageId>,
    /// Names several notes share → all their pages.
    pub(super) shared_titles: HashMap<String, Vec<PageId>>,
}

/// Build both lookups from the notes that have pages.
pub(super) fn title_lookup(corpus: &Corpus, page_of_note: &HashMap<String, PageId>) -> TitleLookup {
    let mut lookup = HashMap::new();
    let mut shared: HashMap<String, Vec<PageId>> = HashMap::new();
    let mut add = |name: String, page: PageId| match lookup.get(&name) {
        None => {
            lookup.insert(name, page);
        }
        Some(&first) if first != page => {
            let pages = shared.entry(name).or_insert_with(|| vec![first]);
            if !pages.contains(&page) {
                pages.push(page);
            }
        }
        Some(_) => {}
    };
    for note in &corpus.notes {
        let Some(&page) = page_of_note.get(&note.path) else {
            continue;
        };
        let file = note.path.rsplit('/').next().unwrap_or(&note.path);
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        add(note.title.to_lowercase(), page);
        add(stem.to_lowercase(), page);
    }
    TitleLookup {
        page_of_title: lookup,
        shared_titles: shared,
    }
}
