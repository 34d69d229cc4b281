//! Chapter pages of long notes, and the one place that says which page holds a section.
//!
//! A note whose [`crate::content::Note::chapter_starts`] is not empty keeps its URL for its
//! first page (the lead-in and the list of chapters) and gets one page per part under it
//! (`note/part-2/index.html`), children of its page, so the navigation lists them and
//! previous/next walk through them. Everything that links to a section of a note (links
//! written in notes, search documents, service pages, the glossary) asks
//! [`SiteMap::section_url`] or [`SiteMap::anchor_url`], so the links follow the section to
//! its chapter.

use super::SiteMap;
use crate::content::{Corpus, Note};
use crate::ids::{NoteId, PageId};
use serde::Serialize;

/// The chapter pages of one note.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Chapters {
    /// The section where each chapter starts (see [`Note::chapter_starts`]).
    pub starts: Vec<usize>,
    /// The page of each chapter, in order.
    pub pages: Vec<PageId>,
}

impl Chapters {
    /// The section range of chapter `chapter` (its start up to the next one's).
    pub fn sections(&self, chapter: usize, note: &Note) -> std::ops::Range<usize> {
        let end = self
            .starts
            .get(chapter + 1)
            .copied()
            .unwrap_or(note.sections.len());
        self.starts[chapter]..end
    }

    /// The chapter holding section `section`; `None` for the lead-in.
    pub fn chapter_of(&self, section: usize) -> Option<usize> {
        self.starts
            .partition_point(|&s| s <= section)
            .checked_sub(1)
    }
}

impl SiteMap {
    /// The page that shows section `section` of note `note`: its chapter's, else the note's.
    pub fn page_of_section(&self, corpus: &Corpus, note: NoteId, section: usize) -> PageId {
        let own = self.page_of_note[&corpus.notes[note].path];
        self.chapters
            .get(&note)
            .and_then(|c| Some(c.pages[c.chapter_of(section)?]))
            .unwrap_or(own)
    }

    /// The root-relative URL of section `section` of note `note` (`page#id`, or the page
    /// alone for its top).
    pub fn section_url(&self, corpus: &Corpus, note: NoteId, section: usize) -> String {
        let url = &self.pages[self.page_of_section(corpus, note, section)].url;
        match corpus.notes[note].anchor(section) {
            Some(id) => format!("{url}#{id}"),
            None => url.clone(),
        }
    }

    /// The root-relative URL of the page of note `note` that has the anchor `id` (a heading
    /// id, GitHub's id of a heading, or an HTML anchor written in the note), without the
    /// `#`; the note's own page when none has it.
    pub fn anchor_page_url(&self, notes: &[Note], note: NoteId, id: &str) -> &str {
        let n = &notes[note];
        let own = self.page_of_note[&n.path];
        let Some(chapters) = self.chapters.get(&note) else {
            return &self.pages[own].url;
        };
        let page = section_of_anchor(n, id)
            .and_then(|s| chapters.chapter_of(s))
            .map_or(own, |c| chapters.pages[c]);
        &self.pages[page].url
    }

    /// The chapters of note `note`, when it is a chapter set.
    pub fn chapters_of(&self, note: NoteId) -> Option<&Chapters> {
        self.chapters.get(&note)
    }
}

/// The section of `note` that holds the anchor `id`.
pub fn section_of_anchor(note: &Note, id: &str) -> Option<usize> {
    if let Some(i) = note
        .sections
        .iter()
        .position(|s| s.id == id || s.github_id.as_deref() == Some(id))
    {
        return Some(i);
    }
    // An HTML anchor: the section its first `id="…"` or `name="…"` is written in.
    let offset = [("id=", '"'), ("name=", '"'), ("id=", '\''), ("name=", '\'')]
        .iter()
        .filter_map(|(attr, quote)| note.markdown.find(&format!("{attr}{quote}{id}{quote}")))
        .min()?;
    Some(note.section_at(offset))
}
