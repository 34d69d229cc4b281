//! Facts and glossary terms: `**Key:** value` / `Key: value` bullets. Inside a service's own
//! sections they are facts about that service; elsewhere, bold `**Term:** definition` lines
//! (and `Definition:` lines under a heading) are glossary entries.
//!
//! Input: one note and the blocks its services own. Output: [`Fact`]s and
//! [`GlossaryEntry`]s, each with the note, section and line it came from.

use super::definitions;
use super::mentions::OwnBlock;
use super::services::Services;
use crate::content::Note;
use crate::ids::{NoteId, ServiceId};
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One `Key: value` fact about a service.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// The service.
    pub service: ServiceId,
    /// The key as written (`Use cases`).
    pub key: String,
    /// The key normalised for merging (`use case`).
    pub key_id: String,
    /// The value as plain text.
    pub value: String,
    /// The note.
    pub note: NoteId,
    /// The section.
    pub section: usize,
}

/// One definition of a glossary term.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    /// The term as written.
    pub term: String,
    /// The term normalised for merging.
    pub term_id: String,
    /// The definition as plain text.
    pub definition: String,
    /// The note.
    pub note: NoteId,
    /// The section.
    pub section: usize,
}

static BOLD_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?\*\*([^*\n]{1,48}?)\s*(:?)\s*\*\*\s*(:?)\s*(\S.*)$")
        .expect("valid regex")
});
static PLAIN_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[-*+]\s+([A-Z][A-Za-z0-9 /&()'-]{0,38}?):\s+(\S.*)$").expect("valid regex")
});

/// Keys that label a fact rather than name a term, so they never become glossary entries.
const NOT_TERMS: &[&str] = &[
    "purpose",
    "use case",
    "integration",
    "pricing",
    "security",
    "limit",
    "example",
    "note",
    "tip",
    "key",
    "definition",
    "exam tip",
    "feature",
    "benefit",
    "what",
    "when",
    "why",
    "how",
    "important",
    "remember",
    "cost",
    "capabilities",
    "capability",
    "best for",
    "scope",
    "type",
    "input",
    "output",
    "model",
    "models",
    "format",
    "score",
    "passing score",
    "question type",
    "duration",
    "cost",
    "result",
    "goal",
    "summary",
    "overview",
    "option",
    "answer",
    "reason",
    "rule",
    "catalogue",
    "catalog",
];

/// Facts and glossary entries of one note, given the blocks its services own.
pub fn extract_in(
    note_index: NoteId,
    note: &Note,
    note_own: &[OwnBlock],
    services: &Services,
) -> (Vec<Fact>, Vec<GlossaryEntry>) {
    let mut facts = Vec::new();
    let mut candidates = Vec::new();
    // The owner of each section: the last block that holds it. A section lies under at most
    // six headings, so filling this is linear, where a search per line was quadratic.
    let mut owner_of: Vec<Option<ServiceId>> = vec![None; note.sections.len()];
    for block in note_own {
        for section in block.sections.clone() {
            owner_of[section] = Some(block.service);
        }
    }
    // The blocks of the note (runs of lines between blank lines) by start offset, and the
    // services each one's first line names, found when a fact first asks.
    let blocks = blocks_of(&note.markdown);
    let mut named_in_block: HashMap<usize, Vec<ServiceId>> = HashMap::new();
    for (start, line) in note.lines_outside_fences() {
        let Some((key, value, bold)) = key_value(line.trim_end()) else {
            continue;
        };
        let section = note.section_at(start);
        // A bold label defines a term in a service's own section too ("Manual scaling"
        // under Auto Scaling).
        if bold && note.front_matter.glossary != Some(false) {
            let heading = note
                .sections
                .get(section)
                .map(|s| s.heading.as_str())
                .unwrap_or("");
            let term = if normalise(&key) == "definition" && !heading.is_empty() {
                heading.to_string()
            } else {
                key.clone()
            };
            if !NOT_TERMS.contains(&normalise(&term).as_str()) {
                let (heading, value) = (heading.to_string(), value.clone());
                // `uses` is counted below, for all candidates in one pass over the note.
                candidates.push(definitions::Candidate {
                    term,
                    value,
                    heading,
                    section,
                    uses: 0,
                });
            }
        }
        if owner_of.get(section).copied().flatten().is_some() {
            // In a service's sections, a line is a fact only when it is about the service:
            // right under a heading whose subject it is, and not labelled with another
            // service's name. Others (a PartyRock bullet under "PartyRock (Amazon Bedrock
            // Playground)", prompt techniques under "Prompting" within "Amazon Bedrock")
            // are about something else: they are no facts of it (the glossary weighs them as any line).
            let subject = note
                .sections
                .get(section)
                .and_then(|s| heading_subject(&s.heading, services));
            let about_another = services.find(&key).any(|(_, s)| Some(s) != subject);
            // A list whose first line names another service, and not this one, is about that
            // service (the bullets of an "EBS volume" slide left under a Route 53 heading by a
            // slide export); a later bullet naming one (`Amazon Titan:` under Bedrock) is not.
            let block = blocks
                .partition_point(|b| b.start <= start)
                .saturating_sub(1);
            let named = named_in_block.entry(block).or_insert_with(|| {
                blocks
                    .get(block)
                    .and_then(|b| note.markdown.get(b.clone()))
                    .and_then(|text| text.lines().next())
                    .map(|first| services.find(first).map(|(_, s)| s).collect())
                    .unwrap_or_default()
            });
            let list_of_another = !named.is_empty() && subject.is_some_and(|s| !named.contains(&s));
            if let Some(service) = subject.filter(|_| !about_another && !list_of_another) {
                facts.push(Fact {
                    service,
                    key_id: normalise(&key),
                    key,
                    value,
                    note: note_index,
                    section,
                });
            }
        }
    }
    if !candidates.is_empty() {
        // A word that in this note almost always opens a longer name is no term of its own.
        let openers = definitions::name_openers(&note.markdown);
        candidates.retain(|c| !definitions::opens_names(&c.term, &openers));
        let lower = note.markdown.to_lowercase();
        let counts =
            definitions::uses_of_each(candidates.iter().map(|c| c.term.to_lowercase()), &lower);
        for (candidate, uses) in candidates.iter_mut().zip(counts) {
            // The label line itself is one use.
            candidate.uses = uses.saturating_sub(1);
        }
    }
    let glossary = definitions::choose(candidates, services)
        .into_iter()
        .map(|c| GlossaryEntry {
            term_id: normalise(&c.term),
            term: c.term,
            definition: c.value,
            note: note_index,
            section: c.section,
        })
        .collect();
    (facts, glossary)
}

/// The byte ranges of `markdown`'s blocks: runs of lines with no blank line between them.
fn blocks_of(markdown: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(s..offset);
            }
        } else if start.is_none() {
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(s..offset);
    }
    blocks
}

/// The service a heading is about: the one it names first, when the name is the heading's
/// first words (after any numbering such as `1.2` or `3)`) and what follows is nothing, a
/// punctuation mark or a word in lower case: `Amazon Bedrock`, `1.1 Amazon Bedrock: Model
/// access`, `Amazon S3 (Simple Storage Service)`, `Amazon Polly in the kiosk`; not `Bedrock
/// Cross-Region Inference` (a longer name: a feature), `PartyRock (Amazon Bedrock
/// Playground)` or `Prompt management with Amazon Bedrock`, whose subject is something else.
#[expect(
    clippy::string_slice,
    reason = "the name's bounds are match bounds, character boundaries"
)]
pub fn heading_subject(heading: &str, services: &Services) -> Option<ServiceId> {
    let (range, service) = services.find(heading).next()?;
    let numbering = |c: char| c.is_ascii_digit() || c.is_whitespace() || ".):-".contains(c);
    let after = heading[range.end..].trim_start();
    let ends =
        after.is_empty() || after.starts_with(|c: char| !c.is_alphanumeric() || c.is_lowercase());
    (heading[..range.start].chars().all(numbering) && ends).then_some(service)
}

/// `(key, value, written in bold)` of a `**Key:** value` or `- Key: value` line.
fn key_value(line: &str) -> Option<(String, String, bool)> {
    if let Some(c) = BOLD_KEY.captures(line) {
        if c[2].is_empty() && c[3].is_empty() {
            return None;
        }
        return Some((plain_key(&c[1]), plain(&c[4]), true));
    }
    PLAIN_KEY
        .captures(line)
        .filter(|c| c[1].split_whitespace().count() <= 4)
        .map(|c| (plain_key(&c[1]), plain(&c[2]), false))
}

/// A key or term as a reader sees it (`A &amp; B` → `A & B`, `` `x` `` → `x`), so that
/// templates escape it once. Keys without inline markup are kept as written: parsed alone,
/// `1. Step` would read as a list item.
fn plain_key(key: &str) -> String {
    if key.contains(['&', '\\', '`', '<', '*', '_', '[', '$', '~']) {
        plain(key)
    } else {
        key.trim().to_string()
    }
}

/// The text of a line of markdown as a reader sees it: emphasis, code marks, link syntax,
/// escapes and footnote markers gone.
pub(crate) fn plain(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new_ext(text.trim(), crate::content::outline::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A key or term normalised for merging: lower case, single spaces, a plural `s` dropped.
pub fn normalise(key: &str) -> String {
    let lower = key.trim().trim_end_matches(':').to_lowercase();
    let mut words: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        if last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") {
            last.pop();
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_lines_in_both_styles() {
        assert_eq!(
            key_value("- **Purpose:** Build apps with `FMs`"),
            Some(("Purpose".into(), "Build apps with FMs".into(), true))
        );
        assert_eq!(
            key_value("- **Use cases**: chat, search"),
            Some(("Use cases".into(), "chat, search".into(), true))
        );
        assert_eq!(
            key_value("- Pricing: per [token](x.md)"),
            Some(("Pricing".into(), "per token".into(), false))
        );
        assert_eq!(key_value("- **Bold** text without colon"), None);
        assert_eq!(key_value("- plain sentence: lower-case key"), None);
    }

    #[test]
    fn a_heading_is_about_the_service_it_opens_with() {
        let services = Services::of_catalog(
            "[[service]]\nname = \"Amazon Bedrock\"\naliases = [\"Bedrock\"]\n",
        );
        let bedrock = services.lookup("Amazon Bedrock");
        assert!(bedrock.is_some());
        for heading in [
            "Amazon Bedrock",
            "1.1 Amazon Bedrock",
            "Bedrock: model access",
            "Amazon Bedrock – pricing",
            "Amazon Bedrock (preview)",
            "Amazon Bedrock in the kiosk",
        ] {
            assert_eq!(heading_subject(heading, &services), bedrock, "{heading}");
        }
        for heading in [
            "PartyRock (Amazon Bedrock Playground)",
            "Prompt management with Amazon Bedrock",
            "The Bedrock API endpoints",
            "Bedrock Cross-Region Inference",
            "Prompting",
        ] {
            assert_eq!(heading_subject(heading, &services), None, "{heading}");
        }
    }

    #[test]
    fn keys_merge_across_plural_and_case() {
        assert_eq!(normalise("Use Cases:"), normalise("use case"));
        assert_eq!(normalise("Access"), "access");
    }
}
