//! Glossary entries written as prose rather than `**Label:** value` bullets: a bold term
//! opening a defining sentence (`**Fine-tuning** is the process of …`), and the
//! sub-sections of a Glossary / Terminology section (the heading is the term, the first
//! sentence under it the definition).
//!
//! Input: one note and the services. Output: [`GlossaryEntry`]s, in note order. The same
//! evidence as for labels decides ([`definitions::score`]); the form adds its own.

use super::definitions;
use super::facts::{normalise, GlossaryEntry};
use super::services::Services;
use crate::content::Note;
use crate::ids::NoteId;
use regex::Regex;
use std::sync::LazyLock;

/// `**Term** is / are / refers to / means …` at the start of a paragraph or list item.
static DEFINING_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?\*\*([^*\n]{1,60}?)\*\*\s+(?:is|are|refers to|means|denotes)\s+(\S.*)$",
    )
    .expect("valid regex")
});

/// The evidence the form itself gives: a term in bold followed by "is" is how definitions
/// are written; so is a heading under a Glossary heading.
const FORM: f32 = 1.0;

/// Entries of note `index` written as defining sentences or glossary sub-sections.
pub fn entries_in(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    if note.front_matter.glossary == Some(false) {
        return Vec::new();
    }
    let mut entries = sentences(index, note, services);
    entries.extend(glossary_subsections(index, note, services));
    entries.sort_by_key(|e| e.section);
    entries
}

/// `**Term** is …` lines.
fn sentences(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    let mut entries = Vec::new();
    for (start, line) in note.lines_outside_fences() {
        let Some(c) = DEFINING_SENTENCE.captures(line.trim_end()) else {
            continue;
        };
        let term = plain(&c[1]);
        let definition = first_sentence(&plain(&c[2]));
        let section = note.section_at(start);
        let heading = note
            .sections
            .get(section)
            .map_or("", |s| s.heading.as_str());
        // "X is used to …", "X are defined by …": a statement about it, not what it is.
        let passive = definition
            .split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with("ed"));
        if !passive && keep(&term, &definition, heading, services) {
            entries.push(entry(index, term, capitalise(&definition), section));
        }
    }
    entries
}

/// Sections under a Glossary / Terminology heading: the heading is the term.
fn glossary_subsections(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    let mut entries = Vec::new();
    // The level of the Glossary heading the sections are under, if any.
    let mut under: Option<u8> = None;
    for (number, section) in note.sections.iter().enumerate() {
        if under.is_some_and(|level| section.level <= level) {
            under = None;
        }
        if under.is_none() {
            if definitions::is_glossary_heading(&section.heading) {
                under = Some(section.level);
            }
            continue;
        }
        let Some(body) = note.markdown.get(section.range.clone()) else {
            continue;
        };
        let Some(paragraph) = body
            .lines()
            .skip(1)
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with(['#', '|', '`', '<', '!']))
        else {
            continue;
        };
        let term = plain(&section.heading);
        let definition = first_sentence(&plain(paragraph));
        if keep(&term, &definition, "glossary", services) {
            entries.push(entry(index, term, definition, number));
        }
    }
    entries
}

/// Whether `definition` defines `term` by the shared evidence plus that of the form.
fn keep(term: &str, definition: &str, heading: &str, services: &Services) -> bool {
    !term.is_empty()
        && services.lookup(term).is_none()
        && definitions::score(term, definition, heading, services, 0) + FORM >= definitions::KEEP
}

fn entry(note: NoteId, term: String, definition: String, section: usize) -> GlossaryEntry {
    GlossaryEntry {
        term_id: normalise(&term),
        term,
        definition,
        note,
        section,
    }
}

/// The first sentence of `text` (up to a full stop followed by a space and a capital).
#[expect(
    clippy::string_slice,
    reason = "`at` is the byte of an ASCII full stop"
)]
fn first_sentence(text: &str) -> String {
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices(". ") {
        if bytes.get(at + 2).is_some_and(|b| b.is_ascii_uppercase()) {
            return text[..=at].to_string();
        }
    }
    text.to_string()
}

/// `the unit of …` → `The unit of …`.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Markdown of one line as plain text (emphasis, code marks and link syntax gone).
fn plain(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new_ext(text.trim(), crate::content::outline::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_at_a_full_stop_before_a_capital() {
        assert_eq!(
            first_sentence("The unit of text, e.g. a word. It is counted."),
            "The unit of text, e.g. a word."
        );
        assert_eq!(capitalise("the unit"), "The unit");
    }
}
