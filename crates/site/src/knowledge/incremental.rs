//! Incremental knowledge, for `serve`: when a few notes change, find only their per-note
//! parts ([`super::note_knowledge`]) and splice them into the knowledge in place, then derive
//! the whole-site parts again (they are cheap). The result equals [`super::gather`] on the
//! edited corpus; when an edit changes the set of services (a heading names a new service,
//! or stops naming one), the services and every mention depend on it, so it gathers again.
//!
//! Input: the corpus and its knowledge, and the new state of the changed notes. Output: both
//! updated in place, and the warnings of the whole-site parts.

use super::services::FoundService;
use super::{gather, note_knowledge, Knowledge, NoteKnowledge};
use crate::content::{Corpus, Note};
use crate::diagnostics::Diagnostic;
use crate::ids::NoteId;
use std::path::Path;

/// The new state of one note: its content path and the note, or `None` when it is gone
/// (deleted, or now a draft that is not built).
pub type NoteEdit = (String, Option<Note>);

/// How an update went.
#[derive(Debug)]
pub struct Updated {
    /// Warnings of the whole-site parts (unknown services in comparisons).
    pub warnings: Vec<Diagnostic>,
    /// Whether only the changed notes were scanned (`false`: the services changed, so
    /// everything was gathered again).
    pub incremental: bool,
}

/// Apply `edits` to `corpus` (notes replaced, removed, or inserted in path order) and bring
/// `knowledge` up to date with it, in place.
pub fn update(
    corpus: &mut Corpus,
    knowledge: &mut Knowledge,
    edits: Vec<NoteEdit>,
    content_dir: &Path,
    site_root: &Path,
) -> Result<Updated, Diagnostic> {
    let catalogued = knowledge.services.catalogued_only();
    let discovered = |note: Option<&Note>| -> Vec<FoundService> {
        note.map(|n| super::services::discover_in(n, &catalogued))
            .unwrap_or_default()
    };
    let mut services_changed = false;
    let mut found: Vec<FoundService> = Vec::new();
    for (path, note) in &edits {
        let old = corpus.notes.iter().find(|n| &n.path == path);
        let (before, after) = (discovered(old), discovered(note.as_ref()));
        let names = |found: &[FoundService]| -> Vec<String> {
            found.iter().map(|f| f.name.clone()).collect()
        };
        services_changed |= names(&before) != names(&after);
        found.extend(after);
    }
    if services_changed {
        for edit in edits {
            apply_to_corpus(corpus, edit);
        }
        let mut warnings = Vec::new();
        *knowledge = gather(corpus, content_dir, site_root, &mut warnings)?;
        return Ok(Updated {
            warnings,
            incremental: false,
        });
    }
    for edit in edits {
        let position = corpus.notes.iter().position(|n| n.path == edit.0);
        match (position, edit.1) {
            (Some(index), Some(note)) => {
                let id = NoteId::new(index);
                let mut part = note_knowledge(id, &note, &knowledge.services);
                knowledge.study_parts[index] = std::mem::take(&mut part.study);
                splice(knowledge, id, part);
                corpus.notes[index] = note;
            }
            (Some(index), None) => {
                splice(knowledge, NoteId::new(index), NoteKnowledge::default());
                renumber(knowledge, NoteId::new(index + 1), |n| n - 1);
                knowledge.study_parts.remove(index);
                corpus.notes.remove(index);
            }
            (None, Some(note)) => {
                let index = corpus.notes.partition_point(|n| n.path < note.path);
                let id = NoteId::new(index);
                renumber(knowledge, id, |n| n + 1);
                let mut part = note_knowledge(id, &note, &knowledge.services);
                knowledge
                    .study_parts
                    .insert(index, std::mem::take(&mut part.study));
                splice(knowledge, id, part);
                corpus.notes.insert(index, note);
            }
            (None, None) => {}
        }
    }
    // The same services are found in the same notes, but a heading that found one may have
    // moved: the first note (in path order) to name a service gives its location.
    for FoundService { name, heading } in found {
        if let Some(service) = knowledge.services.list.iter_mut().find(|s| {
            !s.catalogued
                && s.name == name
                && s.found_at.as_ref().is_some_and(|f| f.file == heading.file)
        }) {
            service.found_at = Some(heading);
        }
    }
    let mut warnings = Vec::new();
    knowledge.derive_whole_site(corpus, content_dir, site_root, &mut warnings)?;
    Ok(Updated {
        warnings,
        incremental: true,
    })
}

/// Replace, remove or insert one note of the corpus, keeping notes sorted by path.
fn apply_to_corpus(corpus: &mut Corpus, (path, note): NoteEdit) {
    let position = corpus.notes.iter().position(|n| n.path == path);
    match (position, note) {
        (Some(index), Some(note)) => corpus.notes[index] = note,
        (Some(index), None) => {
            corpus.notes.remove(index);
        }
        (None, Some(note)) => {
            let index = corpus.notes.partition_point(|n| n.path < note.path);
            corpus.notes.insert(index, note);
        }
        (None, None) => {}
    }
}

/// Put `part` in place of what note `index` contributed (every list is in note order).
fn splice(knowledge: &mut Knowledge, index: NoteId, part: NoteKnowledge) {
    fn replace<T>(list: &mut Vec<T>, note_of: impl Fn(&T) -> NoteId, index: NoteId, new: Vec<T>) {
        let start = list.partition_point(|x| note_of(x) < index);
        let end = list.partition_point(|x| note_of(x) <= index);
        list.splice(start..end, new);
    }
    replace(&mut knowledge.mentions, |m| m.note, index, part.mentions);
    replace(&mut knowledge.own, |b| b.note, index, part.own);
    replace(&mut knowledge.facts, |f| f.note, index, part.facts);
    replace(
        &mut knowledge.glossary_entries,
        |g| g.note,
        index,
        part.glossary_entries,
    );
}

/// Renumber the note of everything from note `from` on (a note was inserted or removed).
/// `change` maps the old position of a note to its new one.
fn renumber(knowledge: &mut Knowledge, from: NoteId, change: impl Fn(usize) -> usize) {
    let fix = |note: &mut NoteId| {
        if *note >= from {
            *note = NoteId::new(change(note.index()));
        }
    };
    knowledge.mentions.iter_mut().for_each(|m| fix(&mut m.note));
    knowledge.own.iter_mut().for_each(|b| fix(&mut b.note));
    knowledge.facts.iter_mut().for_each(|f| fix(&mut f.note));
    knowledge
        .glossary_entries
        .iter_mut()
        .for_each(|g| fix(&mut g.note));
}
