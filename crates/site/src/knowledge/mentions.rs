//! Mention detection: every place a note names a service, with the sentence around it, and
//! the sections each service "owns" (whose heading, or nearest heading, names it).
//!
//! Input: the corpus and the [`Services`] matcher. Output: [`Mention`]s and [`OwnBlock`]s.
//! One pass over each note's text events; code, links, images and raw HTML are skipped.

use super::services::Services;
use crate::content::outline::markdown_options;
use crate::content::{Corpus, Note};
use crate::ids::{NoteId, ServiceId};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

/// One mention of a service in a note.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    /// The service named.
    pub service: ServiceId,
    /// The note.
    pub note: NoteId,
    /// The section (index into the note's `sections`).
    pub section: usize,
    /// Byte range of the mention in the note's markdown, when the text maps back exactly.
    pub source: Option<Range<usize>>,
    /// The sentence around the mention, as plain text.
    pub sentence: String,
    /// Where the mention sits in `sentence`.
    pub highlight: Range<usize>,
    /// Whether the mention is in a heading.
    pub in_heading: bool,
}

/// A run of sections that belongs to a service: a heading naming it and everything under it.
#[derive(Debug, Clone, Serialize)]
pub struct OwnBlock {
    /// The service.
    pub service: ServiceId,
    /// The note.
    pub note: NoteId,
    /// Section indexes `start..end` of the note (the heading's section and its subsections).
    pub sections: Range<usize>,
}

/// Find every mention in every note, in parallel; results are in note order.
pub fn find_mentions(corpus: &Corpus, services: &Services) -> Vec<Mention> {
    corpus
        .notes
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, note)| scan_note(NoteId::new(index), note, services))
        .collect()
}

/// The mentions in one note (`note_index` is its index in the corpus), in text order.
pub fn mentions_in(note_index: NoteId, note: &Note, services: &Services) -> Vec<Mention> {
    scan_note(note_index, note, services)
}

/// The blocks of sections each service owns in one note.
pub fn own_blocks_in(note_index: NoteId, note: &Note, services: &Services) -> Vec<OwnBlock> {
    let mut blocks: Vec<OwnBlock> = Vec::new();
    // Per service, the end of its latest block: blocks start in order, so a heading is
    // already inside one of the service's blocks exactly when it starts before that end.
    let mut covered_until: std::collections::HashMap<ServiceId, usize> = Default::default();
    for (start, section) in note
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.level > 0)
    {
        let end = note.sections[start + 1..]
            .iter()
            .position(|s| s.level <= section.level)
            .map_or(note.sections.len(), |p| start + 1 + p);
        let mut named: Vec<ServiceId> = services.find(&section.heading).map(|(_, s)| s).collect();
        named.dedup();
        for service in named {
            let until = covered_until.entry(service).or_insert(0);
            if *until <= start {
                *until = end;
                blocks.push(OwnBlock {
                    service,
                    note: note_index,
                    sections: start..end,
                });
            }
        }
    }
    blocks
}

/// Text of one block (paragraph, item, cell, heading) with where each piece came from.
#[derive(Default)]
struct BlockText {
    text: String,
    pieces: Vec<(usize, Option<usize>)>,
    in_heading: bool,
}

impl BlockText {
    fn push(&mut self, text: &str, source: Option<usize>) {
        self.pieces.push((self.text.len(), source));
        self.text.push_str(text);
    }

    /// The source offset of a byte of `text`, when its piece was copied verbatim.
    fn source_of(&self, at: usize) -> Option<usize> {
        let piece = self
            .pieces
            .partition_point(|&(start, _)| start <= at)
            .checked_sub(1)?;
        let (start, source) = self.pieces[piece];
        source.map(|s| s + at - start)
    }
}

fn scan_note(note_index: NoteId, note: &Note, services: &Services) -> Vec<Mention> {
    let mut mentions = Vec::new();
    let mut block = BlockText::default();
    let mut skip_depth = 0usize;
    let mut block_start = 0usize;
    let section_of = |offset: usize| note.section_at(offset);
    let flush = |block: &mut BlockText, start: usize, mentions: &mut Vec<Mention>| {
        if !block.text.trim().is_empty() {
            mentions.extend(block_mentions(
                block,
                note_index,
                section_of(start),
                services,
            ));
        }
        *block = BlockText::default();
    };
    for (event, range) in Parser::new_ext(&note.markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock,
            ) => skip_depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Start(tag) if is_block(&tag) => {
                flush(&mut block, block_start, &mut mentions);
                block_start = range.start;
                block.in_heading = matches!(tag, Tag::Heading { .. });
            }
            Event::End(tag) if is_block_end(&tag) => {
                flush(&mut block, block_start, &mut mentions);
                block_start = range.end;
            }
            Event::Text(text) if skip_depth == 0 => {
                let exact = note.markdown.get(range.clone()) == Some(&*text);
                block.push(&text, exact.then_some(range.start));
            }
            Event::SoftBreak | Event::HardBreak => block.push(" ", None),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => block.push(" ", None),
            _ => {}
        }
    }
    flush(&mut block, block_start, &mut mentions);
    mentions
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
    )
}

#[expect(
    clippy::string_slice,
    reason = "mention ranges are match bounds; the sentence range is made of boundaries"
)]
fn block_mentions(
    block: &BlockText,
    note: NoteId,
    section: usize,
    services: &Services,
) -> Vec<Mention> {
    services
        .find(&block.text)
        .map(|(range, service)| {
            let sentence_range = sentence_around(&block.text, range.clone());
            let source = block
                .source_of(range.start)
                .filter(|&s| block.source_of(range.end - 1) == Some(s + range.len() - 1))
                .map(|s| s..s + range.len());
            Mention {
                service,
                note,
                section,
                source,
                sentence: block.text[sentence_range.clone()].to_string(),
                highlight: range.start - sentence_range.start..range.end - sentence_range.start,
                in_heading: block.in_heading,
            }
        })
        .collect()
}

/// The sentence of `text` that holds `mention`: from after the previous `. `/`! `/`? ` to
/// the next one, capped at about 300 bytes around the mention. Only the cap's window is
/// looked at, so a paragraph with no sentence end costs the same per mention as any other.
#[expect(
    clippy::string_slice,
    reason = "ends follow ASCII punctuation and spaces, caps are floored to a boundary"
)]
fn sentence_around(text: &str, mention: Range<usize>) -> Range<usize> {
    const CAP: usize = 150;
    let is_end = |window: &[u8]| matches!(window, [b'.' | b'!' | b'?', b' ']);
    let bytes = text.as_bytes();
    // A sentence end at `i - 1..=i` gives a start within the cap when `i >= start - CAP - 1`.
    let lowest = mention.start.saturating_sub(CAP + 1).max(1);
    let start = (lowest..mention.start)
        .rev()
        .find(|&i| is_end(&bytes[i - 1..=i]))
        .map_or_else(
            || match mention.start > CAP {
                true => floor_char(text, mention.start - CAP),
                false => 0,
            },
            |i| i + 1,
        );
    // A sentence end at `i..=i + 1` gives an end within the cap when `i < end + CAP`.
    let highest = bytes.len().saturating_sub(1).min(mention.end + CAP);
    let end = (mention.end..highest)
        .find(|&i| is_end(&bytes[i..=i + 1]))
        .map_or_else(
            || match bytes.len() - mention.end > CAP {
                true => floor_char(text, mention.end + CAP),
                false => bytes.len(),
            },
            |i| i + 1,
        );
    let trimmed_start = start + (text[start..end].len() - text[start..end].trim_start().len());
    trimmed_start..start + text[start..end].trim_end().len()
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_at_sentence_ends() {
        let text = "First one. Amazon Bedrock hosts models! Last.";
        let at = text.find("Amazon").unwrap();
        let range = sentence_around(text, at..at + 14);
        assert_eq!(&text[range], "Amazon Bedrock hosts models!");
    }

    /// The scan that reads the whole text on either side, as notesite did before the cap
    /// bounded it: the sentence it picks must not change.
    fn sentence_around_unbounded(text: &str, mention: Range<usize>) -> Range<usize> {
        let is_end = |window: &[u8]| matches!(window, [b'.' | b'!' | b'?', b' ']);
        let bytes = text.as_bytes();
        let mut start = (1..mention.start)
            .rev()
            .find(|&i| is_end(&bytes[i - 1..=i]))
            .map_or(0, |i| i + 1);
        let mut end = (mention.end..bytes.len().saturating_sub(1))
            .find(|&i| is_end(&bytes[i..=i + 1]))
            .map_or(bytes.len(), |i| i + 1);
        if mention.start - start > 150 {
            start = floor_char(text, mention.start - 150);
        }
        if end - mention.end > 150 {
            end = floor_char(text, mention.end + 150);
        }
        let trimmed_start = start + (text[start..end].len() - text[start..end].trim_start().len());
        trimmed_start..start + text[start..end].trim_end().len()
    }

    #[test]
    fn sentences_are_the_same_as_with_an_unbounded_scan_at_every_length() {
        // Sentences of every length from 0 to ~400 bytes around mentions, with multi-byte
        // letters so the cap lands inside characters too.
        let mut text = String::new();
        let mut mentions = Vec::new();
        for length in (0..400).step_by(7) {
            text.push_str(&"é".repeat(length / 4));
            text.push_str(&"w ".repeat(length / 4));
            let at = text.len();
            text.push_str("Amazon Bedrock");
            mentions.push(at..text.len());
            text.push_str(&" x".repeat(length / 3));
            text.push_str([". ", "! ", "? ", " "][length % 4]);
        }
        for mention in mentions {
            assert_eq!(
                sentence_around(&text, mention.clone()),
                sentence_around_unbounded(&text, mention.clone()),
                "mention at {mention:?}"
            );
        }
        for text in ["Amazon Bedrock", " Amazon Bedrock.", "A. Amazon Bedrock"] {
            let at = text.find("Amazon").unwrap();
            let mention = at..at + 14;
            assert_eq!(
                sentence_around(text, mention.clone()),
                sentence_around_unbounded(text, mention)
            );
        }
    }
}
