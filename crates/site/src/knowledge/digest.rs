//! What a service's page shows of the notes, so that it digests rather than dumps: the
//! *lead* of each section about the service (its first paragraph or so), and the rule that
//! decides which sections' leads are shown and how the other mentions are paged.
//!
//! Input: a note and the sections a service owns in it. Output: byte ranges of leads in the
//! note's markdown, and plain text to compare them by. Render draws them
//! (`render::knowledge_pages`); the site map asks [`mention_pages`] how many pages list a
//! service's mentions.
//!
//! A lead is the first block of the section's own text that says something: a paragraph of
//! at least [`LEAD_MIN_WORDS`] words (with the list it introduces when it ends with a colon),
//! or a list of such length. Left out: headings alone (a title slide), code, tables,
//! images, and agenda lists, whose items mostly repeat the note's own headings. A section
//! with no such block in its own text has no lead; its subsections are not searched, since
//! a subsection's first paragraph speaks of the subsection's topic.

use super::facts::Fact;
use crate::content::outline::markdown_options;
use crate::content::Note;
use crate::ids::NoteId;
use pulldown_cmark::{Event, Parser, Tag};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Fewest words a block needs to be a lead: fewer is a title or a label.
pub const LEAD_MIN_WORDS: usize = 8;
/// Most list items a lead keeps of a list.
pub const LEAD_LIST_ITEMS: usize = 5;
/// Longest lead, in bytes of plain text; a longer one is shown as plain text cut at a
/// sentence end (a paragraph of a plain-text export can be a whole page).
pub const LEAD_MAX_BYTES: usize = 700;
/// Most sections a service's page shows by their lead; the others are links.
pub const LEADS_SHOWN: usize = 12;
/// Most sections a service's page reads for a lead, per lead it shows: past them, the
/// sections naming the service are title or agenda slides, shown as links only.
pub const LEAD_TRIES: usize = 8;
/// Most notes a service's page lists its mentions for; with more, the notes it leaves out
/// are listed on pages of [`NOTES_PER_MENTION_PAGE`] notes each.
pub const NOTES_SHOWN: usize = 30;
/// Notes a page of a service's mentions lists.
pub const NOTES_PER_MENTION_PAGE: usize = 200;
/// Most different values a service's page shows for one fact key; the others are stated in
/// sections its mention list links to.
pub const FACT_VALUES_SHOWN: usize = 8;

/// One fact key of a service as its page (and its search document) shows it.
#[derive(Debug)]
pub struct FactGroup<'a> {
    /// The key as first written.
    pub key: &'a str,
    /// Different values (ignoring case and spacing), with how many times the notes state
    /// each, the most stated first (ties in note order), at most [`FACT_VALUES_SHOWN`].
    pub values: Vec<(usize, &'a Fact)>,
    /// Statements of the key left out.
    pub more: usize,
}

/// The facts of one service (`facts`, in note order) grouped by key in order of first
/// appearance, as its page shows them.
pub fn shown_facts<'a>(facts: impl Iterator<Item = &'a Fact>) -> Vec<FactGroup<'a>> {
    use std::collections::HashMap;
    let mut groups: Vec<(usize, Vec<(usize, &Fact)>)> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    let mut value_of: HashMap<(usize, String), usize> = HashMap::new();
    for fact in facts {
        let group = *group_of.entry(fact.key_id.as_str()).or_insert_with(|| {
            groups.push((0, Vec::new()));
            groups.len() - 1
        });
        let (total, values) = &mut groups[group];
        *total += 1;
        match value_of.entry((group, words(&fact.value))) {
            std::collections::hash_map::Entry::Occupied(at) => values[*at.get()].0 += 1,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(values.len());
                values.push((1, fact));
            }
        }
    }
    groups
        .into_iter()
        .map(|(total, mut values)| {
            // A stable sort: ties keep note order.
            values.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
            values.truncate(FACT_VALUES_SHOWN);
            let shown: usize = values.iter().map(|(count, _)| count).sum();
            let first: &'a Fact = values[0].1;
            FactGroup {
                key: first.key.as_str(),
                values,
                more: total - shown,
            }
        })
        .collect()
}

/// The lead of a section a service owns.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// Byte range of the lead's blocks in the note's markdown.
    pub range: Range<usize>,
    /// Its words, plain, lower case, single-spaced: to find the same lead in two notes.
    pub text: String,
    /// The plain text cut at a sentence end, when the lead is longer than
    /// [`LEAD_MAX_BYTES`] (then shown instead of the rendered range).
    pub cut: Option<String>,
}

/// The key words of one note's headings ([`key_words`]), as an index from word to the
/// sections whose heading holds it: what tells an agenda list from a list that says
/// something. Built once per note (by [`HeadingWordsCache`]) rather than for each lead
/// looked for: rebuilt for every section of a long note, it made service pages take time
/// that grew with the square of the note's headings (a third of the seed-size site's page
/// rendering).
#[derive(Debug, Default)]
pub struct HeadingWords {
    /// Word → its number.
    ids: FxHashMap<String, u32>,
    /// Word number → sections (ascending, each once) with a heading (level > 0) holding it.
    sections: Vec<Vec<u32>>,
    /// Section → the numbers of its heading's words, ascending.
    words: Vec<Vec<u32>>,
}

impl HeadingWords {
    /// The heading words of `note`.
    pub fn of(note: &Note) -> HeadingWords {
        let mut index = HeadingWords::default();
        for (i, section) in note.sections.iter().enumerate() {
            let mut own = Vec::new();
            if section.level > 0 {
                for word in key_words(&section.heading) {
                    let next = index.ids.len() as u32;
                    let id = *index.ids.entry(word).or_insert(next);
                    if id == next {
                        index.sections.push(Vec::new());
                    }
                    index.sections[id as usize].push(i as u32);
                    own.push(id);
                }
            }
            own.sort_unstable();
            index.words.push(own);
        }
        index
    }

    /// Whether the heading of some section other than `own` holds at least half of `words`.
    ///
    /// Such a heading holds at least one of any `k - need + 1` of the `k` words (`need`
    /// being half, rounded up), so only the sections holding one of the rarest that many
    /// are read: a word in every heading (a slide deck's product name) is then never
    /// walked through unless the rarer words leave no other choice.
    fn shares_half(&self, words: &HashSet<String>, own: usize) -> bool {
        let need = words.len().div_ceil(2);
        let mut known: Vec<u32> = words
            .iter()
            .filter_map(|w| self.ids.get(w).copied())
            .collect();
        if known.len() < need || need == 0 {
            return false;
        }
        // Words no heading holds are the rarest of all: they are among the `k - need + 1`
        // first and contribute no section.
        let unknown = words.len() - known.len();
        let read = (words.len() - need + 1).saturating_sub(unknown);
        known.sort_unstable_by_key(|&id| self.sections[id as usize].len());
        let rarest = &known[..read.min(known.len())];
        (rarest.iter())
            .flat_map(|&id| &self.sections[id as usize])
            .filter(|&&section| section as usize != own)
            .take(AGENDA_HEADINGS_READ)
            .any(|&section| {
                let heading = &self.words[section as usize];
                known
                    .iter()
                    .filter(|w| heading.binary_search(w).is_ok())
                    .count()
                    >= need
            })
    }
}

/// Most headings read to decide whether one list item repeats another heading: an
/// agenda's items repeat headings of their own deck, found among the first few holding
/// their rarest words; a note of thousands of headings that each hold one of an item's
/// words but never half of them would otherwise be read through for every item.
pub const AGENDA_HEADINGS_READ: usize = 512;

/// Each note's [`HeadingWords`], built the first time a lead of that note needs them and
/// then shared by every page that shows a lead of the note. Knowledge makes a new one each
/// time it is derived, so a changed note never finds its old headings here.
#[derive(Debug, Clone, Default)]
pub struct HeadingWordsCache {
    notes: Vec<OnceLock<std::sync::Arc<HeadingWords>>>,
}

impl HeadingWordsCache {
    /// An empty cache for `notes` notes.
    pub fn new(notes: usize) -> HeadingWordsCache {
        HeadingWordsCache {
            notes: (0..notes).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The heading words of note `id` (`note`); built afresh, not kept, for a note the
    /// cache was not made for.
    pub fn get(&self, id: NoteId, note: &Note) -> std::sync::Arc<HeadingWords> {
        match self.notes.get(id.index()) {
            Some(slot) => slot
                .get_or_init(|| std::sync::Arc::new(HeadingWords::of(note)))
                .clone(),
            None => std::sync::Arc::new(HeadingWords::of(note)),
        }
    }
}

/// The lead of section `section` of `note` (its own text, not its subsections), if it has
/// one. `headings` gives the note's [`HeadingWords`], asked only when a list comes first.
#[expect(
    clippy::string_slice,
    reason = "section ranges and event ranges are offsets the markdown parser reported"
)]
pub fn lead(
    note: &Note,
    section: usize,
    headings: impl FnOnce() -> std::sync::Arc<HeadingWords>,
) -> Option<Lead> {
    let own = note.sections.get(section)?.range.clone();
    let own_end = note
        .sections
        .get(section + 1)
        .map_or(own.end, |next| next.range.start.min(own.end));
    let markdown = &note.markdown[own.start..own_end];
    let headings = std::cell::LazyCell::new(headings);
    let blocks = top_level_blocks(markdown);
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let count = block.text.split_whitespace().count();
        match block.kind {
            BlockKind::Paragraph if count >= LEAD_MIN_WORDS => {
                let mut range = block.range.clone();
                let mut text = block.text.clone();
                // "Three ways to ...:" introduces the list that follows: keep both.
                if block.text.trim_end().ends_with(':') {
                    if let Some(list) = blocks.get(i + 1).filter(|b| b.kind == BlockKind::List) {
                        range.end = list.items_end(LEAD_LIST_ITEMS);
                        text.push(' ');
                        text.push_str(&list.items_text(LEAD_LIST_ITEMS));
                    }
                }
                return Some(finish(own.start, range, text));
            }
            BlockKind::List if !is_agenda(block, &headings, section) => {
                let text = block.items_text(LEAD_LIST_ITEMS);
                if text.split_whitespace().count() >= LEAD_MIN_WORDS {
                    let range = block.range.start..block.items_end(LEAD_LIST_ITEMS);
                    return Some(finish(own.start, range, text));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn finish(offset: usize, range: Range<usize>, text: String) -> Lead {
    let cut = (text.len() > LEAD_MAX_BYTES).then(|| cut_at_sentence(&text, LEAD_MAX_BYTES));
    Lead {
        range: range.start + offset..range.end + offset,
        text: words(&text),
        cut,
    }
}

/// `text` cut at the last sentence end before `max` bytes (or the last space), with `…`.
#[expect(
    clippy::string_slice,
    reason = "cuts at a floored character boundary, then after ASCII punctuation or a space"
)]
fn cut_at_sentence(text: &str, max: usize) -> String {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let sentence = head
        .rmatch_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| i >= max / 3 && text[i..].starts_with(char::is_whitespace));
    match sentence {
        Some(i) => format!("{} …", head[..i].trim_end()),
        None => format!("{} …", head[..head.rfind(' ').unwrap_or(end)].trim_end()),
    }
}

/// Words of `text`, lower case, single-spaced.
fn words(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An agenda or contents list: at least two items, most of them (two in three) short
/// and naming what a heading elsewhere in the note names, as a slide deck's "What we'll
/// cover" does (`Fine Tuning` for the heading `Fine-tuning`, `Knowledge Bases / Vector
/// DBs` for `RAG in Bedrock: Knowledge Bases`).
fn is_agenda(list: &Block, headings: &HeadingWords, own: usize) -> bool {
    // The first items tell an agenda (a list of 60,000 items is not read to its end).
    let items = &list.items[..list.items.len().min(40)];
    let repeated = items
        .iter()
        .filter(|(_, text)| {
            let words = key_words(text);
            text.split_whitespace().count() <= 8
                && !words.is_empty()
                && headings.shares_half(&words, own)
        })
        .count();
    items.len() >= 2 && repeated * 3 >= items.len() * 2
}

/// The words of a heading or an item that say what it is about: split at anything but
/// letters and digits, lower case, a plural `s` dropped, words of four letters or more.
fn key_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    List,
    Other,
}

/// A top-level block of a section's text.
struct Block {
    kind: BlockKind,
    range: Range<usize>,
    /// Plain text (for a list: all its items).
    text: String,
    /// For a list: each item's end offset and its own plain text (without its nested
    /// items'), in document order, nested items included.
    items: Vec<(Range<usize>, String)>,
}

impl Block {
    /// Where the first `n` items end (the whole list when it has no more); a nested item
    /// counts as one, so a cut may fall inside its parent item.
    fn items_end(&self, n: usize) -> usize {
        match (self.items.get(n.saturating_sub(1)), self.items.get(n)) {
            // Before the next item, which starts inside this one when it is nested in it.
            (Some((last, _)), Some((next, _))) => last.end.min(next.start),
            _ => self.range.end,
        }
    }

    /// The plain text of the first `n` items.
    fn items_text(&self, n: usize) -> String {
        let texts: Vec<&str> = self.items.iter().take(n).map(|(_, t)| t.as_str()).collect();
        texts.join(" ")
    }
}

/// The top-level blocks of `markdown` with their ranges and plain text; nested blocks
/// belong to the block that holds them.
fn top_level_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Paragraph => BlockKind::Paragraph,
                        Tag::List(_) => BlockKind::List,
                        _ => BlockKind::Other,
                    };
                    blocks.push(Block {
                        kind,
                        range: range.clone(),
                        text: String::new(),
                        items: Vec::new(),
                    });
                }
                if matches!(tag, Tag::Item) {
                    if let Some(block) = blocks.last_mut().filter(|b| b.kind == BlockKind::List) {
                        block.items.push((range.clone(), String::new()));
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => {
                if let Some(block) = blocks.last_mut().filter(|_| depth > 0) {
                    block.text.push_str(&text);
                    if let Some(item) = block.items.last_mut() {
                        item.1.push_str(&text);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = blocks.last_mut().filter(|_| depth > 0) {
                    block.text.push(' ');
                    if let Some(item) = block.items.last_mut() {
                        item.1.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    // A list item's range as reported ends where the item does; item texts are separate.
    for block in &mut blocks {
        for item in &mut block.items {
            item.1 = item.1.trim().to_string();
        }
    }
    blocks
}

/// How many pages list the mentions of a service that `notes` notes mention or cover: the
/// notes its own page does not list under "Also mentioned in" ([`NOTES_SHOWN`] of them), so
/// none when it lists them all. With fewer than [`NOTES_SHOWN`] listed (notes whose every
/// section is a lead are not), the notes left out are those, at most [`LEADS_SHOWN`]: one
/// page, as the formula says.
pub fn mention_pages(notes: usize) -> usize {
    (notes.saturating_sub(NOTES_SHOWN)).div_ceil(NOTES_PER_MENTION_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(markdown: &str) -> Vec<(BlockKind, String, usize)> {
        top_level_blocks(markdown)
            .into_iter()
            .map(|b| (b.kind, b.text, b.items.len()))
            .collect()
    }

    #[test]
    fn blocks_are_top_level_with_their_items() {
        let got = blocks("Intro text here.\n\n- one\n- two\n  - nested\n\n```\ncode\n```\n");
        assert_eq!(got[0], (BlockKind::Paragraph, "Intro text here.".into(), 0));
        assert_eq!(got[1].0, BlockKind::List);
        assert_eq!(got[1].2, 3, "nested items count");
        assert_eq!(got[2].0, BlockKind::Other);
    }

    /// The lead of section `section` of a note written as `markdown`, as plain words.
    fn lead_of(markdown: &str, section: usize) -> Option<String> {
        let note = crate::content::load::markdown_note(markdown);
        let cache = HeadingWordsCache::new(1);
        lead(&note, section, || cache.get(NoteId::new(0), &note)).map(|l| l.text)
    }

    #[test]
    fn a_list_repeating_other_headings_is_an_agenda_and_its_own_heading_does_not_count() {
        let agenda = "# Deck\n\n## Overview\n\n- Model access rules per region\n\
                      - Pricing tiers and their quotas\n- Guardrails for safe output\n\n\
                      ## Model access\n\nText.\n\n## Pricing tiers\n\nText.\n\n\
                      ## Guardrails\n\nText.\n";
        let overview = 1; // the title, then Overview (no lead-in before the first heading)
        assert_eq!(lead_of(agenda, overview), None, "an agenda is no lead");
        // The same items under headings that only repeat the section's own words: a lead.
        let own = "# Deck\n\n## Model access rules, pricing tiers, safe output guardrails\n\n\
                   - Model access rules per \
                   region\n- Pricing tiers and their quotas\n- Guardrails for safe output\n";
        let got = lead_of(own, 1).expect("the list is the lead");
        assert!(got.starts_with("model access rules"), "{got}");
    }

    #[test]
    fn long_leads_are_cut_at_a_sentence_end() {
        let text = "One sentence here. ".repeat(60);
        let cut = cut_at_sentence(&text, 100);
        assert!(cut.ends_with("here. …") || cut.ends_with("here …"), "{cut}");
        assert!(cut.len() <= 104, "{}", cut.len());
    }

    #[test]
    fn mention_pages_only_when_the_service_page_cannot_list_every_note() {
        assert_eq!(mention_pages(NOTES_SHOWN), 0);
        assert_eq!(mention_pages(NOTES_SHOWN + 1), 1);
        assert_eq!(mention_pages(NOTES_SHOWN + NOTES_PER_MENTION_PAGE), 1);
        assert_eq!(
            mention_pages(NOTES_SHOWN + NOTES_PER_MENTION_PAGE * 2 + 1),
            3
        );
    }
}
