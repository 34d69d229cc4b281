//! Study material: flash cards, quiz questions and exam domains, from what the knowledge
//! stage already found (glossary terms, service summaries, facts) and from cards the notes
//! write themselves.
//!
//! Input: the corpus and the rest of the knowledge. Output: [`Study`], data only (the study
//! pages and the browser script draw it).
//!
//! - Cards: a kept glossary term ("What is X?" → its definition), a service's summary of the
//!   catalog turned into a question without its name (→ the service), a fact of a service's
//!   own section ("Amazon Polly: pricing?" → the value), and user cards written in a note
//!   (`Q: …` followed by `A: …`, or `front :: back` on one line, outside code). Every card has
//!   a source section; a card without one is never made. Its id is a hash of its kind and
//!   normalised front, so it survives rebuilds and reordering, and identical cards are one.
//!   Only terms the glossary keeps give term cards: the glossary's evidence weighing is what
//!   stands between a noisy label and a card that teaches a wrong thing.
//! - Quiz: "Which service …?" from a sentence of the notes that opens with a service's name
//!   (the rest of the sentence is the question), with three distractors of the service's
//!   catalog category; "Which term means …?" from a term's definition, with other terms as
//!   distractors (not from or with a term that names a service: a term card of one joins
//!   the service's deck, but a service among concepts would give itself away). A question
//!   is kept only when its linked section holds the answer and the question's content
//!   words. Choices and the selection are ordered by hashes of the
//!   content, so the same notes give the same quiz.
//! - Domains: headings and list items that name an exam domain or task statement
//!   (`Domain 2: …`, `Task Statement 2.3: …`, the form exam guides use); a section under such
//!   a heading, and a section whose heading is the domain's name, belong to it.
//!
//! Exclusion: `study = false` in a note's front matter; a line holding `<!-- no-study -->`
//! gives no card (the user card, term or fact written on it); the marker alone on a line
//! excludes every card of its section.

use super::facts::{normalise, plain, Fact};
use super::mentions::{Mention, OwnBlock};
use super::services::Services;
use super::Knowledge;
use crate::content::{Corpus, Note};
use crate::ids::{NoteId, ServiceId};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// The marker that excludes a card (on its line) or a section's cards (alone on a line).
pub const EXCLUDE_MARKER: &str = "<!-- no-study -->";

/// How many questions the quiz has at most.
pub const QUIZ_LENGTH: usize = 20;

/// The kind of a card, as the study data names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// A glossary term.
    Term,
    /// A service, from its summary.
    Service,
    /// A fact of a service.
    Fact,
    /// Written by the user in a note.
    User,
}

impl CardKind {
    fn name(self) -> &'static str {
        match self {
            CardKind::Term => "term",
            CardKind::Service => "service",
            CardKind::Fact => "fact",
            CardKind::User => "user",
        }
    }
}

/// One flash card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// `c-` and 16 hex digits: a hash of the kind and the normalised front.
    pub id: String,
    /// Where it comes from.
    pub kind: CardKind,
    /// The question side, plain text.
    pub front: String,
    /// The answer side, plain text.
    pub back: String,
    /// The note of the section it links to.
    pub note: NoteId,
    /// The section it links to (index into the note's sections).
    pub section: usize,
    /// The service it is about, or whose own section it comes from.
    pub service: Option<ServiceId>,
    /// The exam domains of its section (indexes into [`Study::domains`]).
    pub domains: Vec<usize>,
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    /// `q-` and 16 hex digits: a hash of the question and its answer.
    pub id: String,
    /// The question, plain text.
    pub question: String,
    /// Four choices (fewer when the material has fewer), in a content-seeded order.
    pub choices: Vec<String>,
    /// Which choice is right.
    pub answer: usize,
    /// The note of the section that supports the answer.
    pub note: NoteId,
    /// That section.
    pub section: usize,
}

/// An exam domain or task statement the notes name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Domain {
    /// `d2` for domain 2, `d2.3` for task statement 2.3.
    pub id: String,
    /// As the notes name it (`Domain 2: Fundamentals of GenAI`).
    pub name: String,
    /// Notes with a section in it, in note order.
    pub notes: Vec<NoteId>,
    /// Services that own or are named in one of its sections, by id.
    pub services: Vec<ServiceId>,
    /// Cards from its sections.
    pub cards: usize,
}

/// The study material of a site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Study {
    /// Every card, in note order (then by section, kind and front).
    pub cards: Vec<Card>,
    /// The quiz.
    pub quiz: Vec<Question>,
    /// Exam domains and task statements, domains first, by number.
    pub domains: Vec<Domain>,
}

impl Study {
    /// The cards whose source is in `note`.
    pub fn cards_of_note(&self, note: NoteId) -> impl Iterator<Item = &Card> + '_ {
        let start = self.cards.partition_point(|c| c.note < note);
        self.cards[start..]
            .iter()
            .take_while(move |c| c.note == note)
    }

    /// The cards about `service` or from its own sections.
    pub fn cards_of_service(&self, service: ServiceId) -> impl Iterator<Item = &Card> + '_ {
        self.cards
            .iter()
            .filter(move |c| c.service == Some(service))
    }

    /// The cards of domain `domain` (an index into [`Study::domains`]).
    pub fn cards_of_domain(&self, domain: usize) -> impl Iterator<Item = &Card> + '_ {
        self.cards
            .iter()
            .filter(move |c| c.domains.contains(&domain))
    }

    /// Whether the site gets an exam coverage page (at least two domains found).
    pub fn has_coverage(&self) -> bool {
        self.domains.len() >= 2
    }

    /// The notes that have cards, in note order.
    pub fn notes_with_cards(&self) -> Vec<NoteId> {
        let mut notes: Vec<NoteId> = self.cards.iter().map(|c| c.note).collect();
        notes.dedup();
        notes
    }

    /// The services that have cards, by id.
    pub fn services_with_cards(&self) -> Vec<ServiceId> {
        let mut services: Vec<ServiceId> = self.cards.iter().filter_map(|c| c.service).collect();
        services.sort_unstable();
        services.dedup();
        services
    }
}

/// FNV-1a, 64 bits: stable across platforms and Rust releases (ids are kept in browsers).
pub fn stable_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Lower case, single spaces, no closing question mark: what makes two fronts the same.
fn normalised_front(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', ' '])
        .to_lowercase()
}

fn card_id(kind: CardKind, front: &str) -> String {
    format!(
        "c-{:016x}",
        stable_hash(&format!("{}\n{}", kind.name(), normalised_front(front)))
    )
}

/// What one note gives the study material, found from the note alone and the services (as
/// [`super::NoteKnowledge`] is): its exclusions, fact and user cards, the exam domains it
/// names, its first quiz sentence per service, and how well each of its service sections
/// supports that service's summary. `serve` redoes only the changed notes' parts on a save;
/// [`build`] puts them together with the whole-site parts (terms, services, the quiz).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteStudy {
    /// `study = false` in its front matter.
    excluded_note: bool,
    /// Sections the marker alone on a line excludes.
    excluded_sections: Vec<usize>,
    /// The lower-cased lines that carry the marker.
    excluded_lines: Vec<String>,
    /// Fact cards, in the order of the note's facts.
    facts: Vec<Card>,
    /// Cards the note writes.
    users: Vec<Card>,
    /// Exam domains named, in the order [`domains`] reads them (headings, then lines).
    named: Vec<Named>,
    /// Per service, the note's first sentence that makes a quiz question (mention order):
    /// the question and its section (choices are drawn for the quiz's one).
    questions: Vec<(ServiceId, String, usize)>,
    /// Per own block of the note (in order): how many of its service's summary words the
    /// block's first section holds.
    held: Vec<usize>,
}

/// An exam domain as a note names it: id, parent id, name, normalised title, and whether
/// the naming is a heading.
type Named = (String, Option<String>, String, String, bool);

/// The study part of note `index`, from the note, the services and the note's own blocks,
/// facts and mentions (as [`super::note_knowledge`] finds them).
pub fn note_part(
    index: NoteId,
    note: &Note,
    services: &Services,
    own: &[OwnBlock],
    facts: &[Fact],
    mentions: &[Mention],
) -> NoteStudy {
    let excluded = Exclusions::of_note(index, note);
    let mut part = NoteStudy {
        excluded_note: excluded.notes.contains(&index),
        excluded_sections: {
            let mut s: Vec<usize> = excluded.sections.iter().map(|&(_, s)| s).collect();
            s.sort_unstable();
            s
        },
        excluded_lines: excluded.lines.get(&index).cloned().unwrap_or_default(),
        ..NoteStudy::default()
    };
    fact_cards(services, facts, &excluded, &mut part.facts);
    user_cards(index, note, &excluded, &mut part.users);
    part.named = named_domains(note);
    let mut texts = SectionTexts::default();
    part.questions = service_questions(index, note, services, mentions, &excluded, &mut texts);
    let mut summary_words: HashMap<ServiceId, Vec<String>> = HashMap::new();
    part.held = own
        .iter()
        .map(|block| {
            let data = &services.list[block.service];
            match data.summary.as_deref().filter(|s| !s.trim().is_empty()) {
                Some(summary) => {
                    let words = summary_words
                        .entry(block.service)
                        .or_insert_with(|| content_words(summary));
                    words_held(words, texts.get(index, note, block.sections.start))
                }
                None => 0,
            }
        })
        .collect();
    part
}

/// The study material of `corpus`, whose knowledge (all but this) is `knowledge`, from its
/// notes' parts ([`Knowledge::study_parts`], one per note).
pub fn build(corpus: &Corpus, knowledge: &Knowledge) -> Study {
    let parts = &knowledge.study_parts;
    let excluded = Exclusions::of_parts(parts);
    let owner = owners(knowledge);
    let mut texts = SectionTexts::default();
    let mut cards: Vec<Card> = Vec::new();
    term_cards(corpus, knowledge, &excluded, &mut cards);
    service_cards(knowledge, &excluded, &mut cards);
    // Identical cards appear once: the first made (terms, services, facts, user cards). A
    // note's cards are copied only when kept (a large site repeats most of its facts).
    let mut seen: HashSet<&str> = HashSet::new();
    let mut kept: Vec<Card> = Vec::new();
    for card in &cards {
        if seen.insert(card.id.as_str()) {
            kept.push(card.clone());
        }
    }
    fn facts(p: &NoteStudy) -> &[Card] {
        &p.facts
    }
    fn users(p: &NoteStudy) -> &[Card] {
        &p.users
    }
    for of_part in [facts, users] {
        for (index, part) in parts.iter().enumerate() {
            for card in of_part(part) {
                if seen.insert(card.id.as_str()) {
                    kept.push(Card {
                        note: NoteId::new(index),
                        ..card.clone()
                    });
                }
            }
        }
    }
    let mut cards = kept;
    for card in &mut cards {
        if card.service.is_none() {
            card.service = owner.get(&(card.note, card.section)).copied();
        }
    }
    cards.sort_by(|a, b| {
        (a.note, a.section, a.kind, &a.front).cmp(&(b.note, b.section, b.kind, &b.front))
    });
    let (domains, of_section) = domains(corpus, knowledge);
    let mut domains = domains;
    for card in &mut cards {
        if let Some(list) = of_section.get(&(card.note, card.section)) {
            card.domains = list.clone();
            for &d in list {
                domains[d].cards += 1;
            }
        }
    }
    let quiz = quiz(corpus, knowledge, &cards, &mut texts);
    Study {
        cards,
        quiz,
        domains,
    }
}

/// What the notes exclude: whole notes (`study = false`), sections (the marker alone on a
/// line) and lines (the marker on them).
struct Exclusions {
    notes: HashSet<NoteId>,
    sections: HashSet<(NoteId, usize)>,
    /// Per note: the lower-cased lines that carry the marker.
    lines: HashMap<NoteId, Vec<String>>,
}

impl Exclusions {
    fn empty() -> Exclusions {
        Exclusions {
            notes: HashSet::new(),
            sections: HashSet::new(),
            lines: HashMap::new(),
        }
    }

    /// What note `id` excludes.
    fn of_note(id: NoteId, note: &Note) -> Exclusions {
        let mut excluded = Exclusions::empty();
        if note.front_matter.study == Some(false) {
            excluded.notes.insert(id);
            return excluded;
        }
        if !note.markdown.contains(EXCLUDE_MARKER) {
            return excluded;
        }
        for (start, line) in note.lines_outside_fences() {
            if !line.contains(EXCLUDE_MARKER) {
                continue;
            }
            if line.trim() == EXCLUDE_MARKER {
                excluded.sections.insert((id, note.section_at(start)));
            } else {
                let lower = plain(&line.replace(EXCLUDE_MARKER, "")).to_lowercase();
                excluded.lines.entry(id).or_default().push(lower);
            }
        }
        excluded
    }

    /// What all notes exclude, from their parts (one per note, in note order).
    fn of_parts(parts: &[NoteStudy]) -> Exclusions {
        let mut excluded = Exclusions::empty();
        for (index, part) in parts.iter().enumerate() {
            let id = NoteId::new(index);
            if part.excluded_note {
                excluded.notes.insert(id);
            }
            excluded
                .sections
                .extend(part.excluded_sections.iter().map(|&s| (id, s)));
            if !part.excluded_lines.is_empty() {
                excluded.lines.insert(id, part.excluded_lines.clone());
            }
        }
        excluded
    }

    /// Whether a card from `section` of `note` whose line holds `key` (lower case) is out.
    fn excludes(&self, note: NoteId, section: usize, key: &str) -> bool {
        self.notes.contains(&note)
            || self.sections.contains(&(note, section))
            || self
                .lines
                .get(&note)
                .is_some_and(|lines| lines.iter().any(|l| !key.is_empty() && l.contains(key)))
    }
}

/// The service whose own block holds each section (the innermost).
fn owners(knowledge: &Knowledge) -> HashMap<(NoteId, usize), ServiceId> {
    let mut owner = HashMap::new();
    for block in &knowledge.own {
        for section in block.sections.clone() {
            owner.insert((block.note, section), block.service);
        }
    }
    owner
}

/// Plain text of sections, made when first asked for.
#[derive(Default)]
struct SectionTexts {
    texts: HashMap<(NoteId, usize), String>,
}

impl SectionTexts {
    /// The section's own text (heading included, subsections left out), lower case.
    fn get(&mut self, id: NoteId, note: &Note, section: usize) -> &str {
        self.texts
            .entry((id, section))
            .or_insert_with(|| section_text(note, section).to_lowercase())
    }
}

/// The plain text of section `section` of `note`: its heading and its own text, without its
/// subsections.
pub fn section_text(note: &Note, section: usize) -> String {
    use pulldown_cmark::{Event, Parser};
    let Some(s) = note.sections.get(section) else {
        return String::new();
    };
    let end = note
        .sections
        .get(section + 1)
        .map_or(s.range.end, |next| next.range.start.min(s.range.end));
    let markdown = note.markdown.get(s.range.start..end).unwrap_or("");
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, crate::content::outline::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t)
            }
            _ => out.push(' '),
        }
    }
    out
}

/// "What is X?" for every term the glossary keeps, from its first definition in a note that
/// is not excluded.
fn term_cards(
    corpus: &Corpus,
    knowledge: &Knowledge,
    excluded: &Exclusions,
    cards: &mut Vec<Card>,
) {
    for term in &knowledge.glossary.terms {
        let key = term.term.to_lowercase();
        let Some(entry) = term
            .entries
            .iter()
            .map(|&e| &knowledge.glossary_entries[e])
            .find(|e| !excluded.excludes(e.note, e.section, &key))
        else {
            continue;
        };
        let definition = term.declared.as_deref().unwrap_or(&entry.definition).trim();
        if definition.is_empty() || corpus.notes.get(entry.note.index()).is_none() {
            continue;
        }
        if term.declared.is_none() && !teaches(&term.term, definition) {
            continue;
        }
        let front = format!("What is {}?", term.term);
        cards.push(Card {
            id: card_id(CardKind::Term, &front),
            kind: CardKind::Term,
            front,
            back: definition.to_string(),
            note: entry.note,
            section: entry.section,
            // A term naming a service is about it: its card joins the service's deck.
            service: term.service,
            domains: Vec::new(),
        });
    }
}

/// Whether a kept glossary definition is one a card can teach from: the glossary keeps a
/// label on the weight of its evidence, and a card quizzes the reader on it, so it asks
/// for the form of a definition on top: a determiner opening a noun phrase (`A technique
/// that …`), an acronym's expansion (`PCI DSS` → `Payment Card Industry …`), a gerund
/// describing an activity at some length (`Storing common responses to …`), or a
/// description of ten words or more. Short noun phrases of a list of benefits or examples
/// (`Resources for internal audits`, `Chatbots and virtual assistants`) are left to the
/// glossary.
fn teaches(term: &str, definition: &str) -> bool {
    let words: Vec<&str> = definition.split_whitespace().collect();
    let Some(first) = words.first().map(|w| w.to_lowercase()) else {
        return false;
    };
    let determiner =
        ["a", "an", "the", "this", "these", "one", "any", "each"].contains(&first.as_str());
    let gerund = first.len() > 5 && first.ends_with("ing") && words.len() >= 7;
    (determiner || gerund || words.len() >= 10 || expands(term, &words)) && stands_alone(definition)
}

/// Phrases that point at a figure or a place a card or a question does not carry: `as
/// shown in the Runs view`, `as indicated by the metrics`, `the following`, `above`.
const POINTS_AT_THE_PAGE: &[&str] = &[
    "as shown",
    "as indicated",
    "shown in the",
    "shown on the",
    "the following",
    "above",
    "below",
    "in this figure",
    "in the figure",
    "in the screenshot",
];

/// Whether a text reads without the page around it (none of [`POINTS_AT_THE_PAGE`]).
fn stands_alone(text: &str) -> bool {
    !says_any(text, POINTS_AT_THE_PAGE)
}

/// Whether `text` holds one of `phrases` (lower case, words separated by single spaces) as
/// whole words, whatever its case and punctuation.
fn says_any(text: &str, phrases: &[&str]) -> bool {
    let letters: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let padded = format!(
        " {} ",
        letters.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    phrases
        .iter()
        .any(|phrase| padded.contains(&format!(" {phrase} ")))
}

/// Whether `words` open with the letters of the acronym `term` (`SOC 1/2/3` → `Service
/// Organization Control …`).
fn expands(term: &str, words: &[&str]) -> bool {
    let letters: String = term
        .split(|c: char| c.is_whitespace() || c == '(')
        .take_while(|w| w.chars().any(|c| c.is_ascii_uppercase()))
        .flat_map(|w| w.chars().filter(char::is_ascii_alphabetic))
        .collect();
    letters.len() >= 2
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && words.len() >= letters.len()
        && letters
            .chars()
            .zip(words)
            .all(|(c, w)| w.chars().next().is_some_and(|f| f.eq_ignore_ascii_case(&c)))
}

/// Words that carry no content, for matching a question with a section.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "does", "for", "from", "has", "have",
    "how", "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them",
    "this", "to", "was", "what", "when", "where", "which", "while", "who", "with", "you", "your",
    "aws", "amazon", "service", "services", "term", "means",
];

/// The content words of a text: lower case, three letters or more, no stop words.
fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// How many of `words` (sorted, no repeats: [`content_words`]) the (lower-case) text holds
/// as words. The text's words are looked up in the few `words`, not gathered into a set:
/// every note's service sections are read so.
fn words_held(words: &[String], lower_text: &str) -> usize {
    let mut held = vec![false; words.len()];
    let mut count = 0;
    for word in lower_text.split(|c: char| !c.is_alphanumeric()) {
        if let Ok(i) = words.binary_search_by(|w| w.as_str().cmp(word)) {
            if !std::mem::replace(&mut held[i], true) {
                count += 1;
                if count == words.len() {
                    break;
                }
            }
        }
    }
    count
}

/// Whether a section's text supports a question: it names the answer and holds at least
/// three in four of the question's content words.
pub fn supports(lower_section_text: &str, question: &str, answer: &str) -> bool {
    let answer = answer.to_lowercase();
    if answer.trim().is_empty() || !contains_words(lower_section_text, &answer) {
        return false;
    }
    let words = content_words(question);
    !words.is_empty() && words_held(&words, lower_section_text) * 4 >= words.len() * 3
}

/// Whether `needle` occurs in `text` on word boundaries (both lower case).
fn contains_words(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + needle.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The catalog summary of each service the notes cover, as a question without the
/// service's name, linked to the section that best supports it: of the sections whose
/// heading names the service, the one sharing most of the summary's words (counted in each
/// note's part, [`NoteStudy::held`]).
fn service_cards(knowledge: &Knowledge, excluded: &Exclusions, cards: &mut Vec<Card>) {
    let mut heads: BTreeMap<ServiceId, Vec<(NoteId, usize, usize)>> = BTreeMap::new();
    // Own blocks are in note order, as are the parts' counts (one per block).
    debug_assert_eq!(
        knowledge.own.len(),
        knowledge
            .study_parts
            .iter()
            .map(|p| p.held.len())
            .sum::<usize>()
    );
    let held = knowledge.study_parts.iter().flat_map(|p| p.held.iter());
    for (block, &held) in knowledge.own.iter().zip(held) {
        heads
            .entry(block.service)
            .or_default()
            .push((block.note, block.sections.start, held));
    }
    for (service, candidates) in heads {
        let data = &knowledge.services.list[service];
        let Some(summary) = data.summary.as_deref().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        let Some(front) = summary_question(summary, service, &knowledge.services) else {
            continue;
        };
        let key = data.name.to_lowercase();
        let best = candidates
            .iter()
            .take(16)
            .filter(|&&(note, section, _)| !excluded.excludes(note, section, &key))
            .map(|&(note, section, held)| (held, std::cmp::Reverse((note, section))))
            .max();
        let Some((_, std::cmp::Reverse((note, section)))) = best else {
            continue;
        };
        cards.push(Card {
            id: card_id(CardKind::Service, &front),
            kind: CardKind::Service,
            front,
            back: data.name.clone(),
            note,
            section,
            service: Some(service),
            domains: Vec::new(),
        });
    }
}

/// `Lets a model call your APIs.` → `Which AWS service lets a model call your APIs?`;
/// a summary that is a noun phrase → `Which AWS service is this? Serverless API for …`.
/// Names of the service in the summary become "this service"; `None` when it would still
/// give the answer away.
fn summary_question(summary: &str, service: ServiceId, services: &Services) -> Option<String> {
    let mut text = summary.trim().trim_end_matches('.').to_string();
    let found: Vec<_> = services
        .find(&text)
        .filter(|(_, s)| *s == service)
        .map(|(range, _)| range)
        .collect();
    for range in found.into_iter().rev() {
        text.replace_range(range, "this service");
    }
    let name = services.list[service].name.to_lowercase();
    if text.to_lowercase().contains(&name) {
        return None;
    }
    let first = text.split_whitespace().next()?;
    let verb = first.len() > 3
        && first.ends_with('s')
        && !first.ends_with("ss")
        && first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase);
    Some(if verb {
        format!("Which AWS service {}?", lower_first(&text))
    } else {
        format!("Which AWS service is this? {text}.")
    })
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `Amazon Polly: pricing?` → the fact's value, for facts of a service's own sections.
fn fact_cards(services: &Services, facts: &[Fact], excluded: &Exclusions, cards: &mut Vec<Card>) {
    for fact in facts {
        let value = fact.value.trim();
        let words = value.split_whitespace().count();
        if !(2..=60).contains(&words) {
            continue;
        }
        let key = fact.key.trim().trim_end_matches(':').trim();
        if key.is_empty()
            || excluded.excludes(fact.note, fact.section, &format!("{}:", key.to_lowercase()))
        {
            continue;
        }
        let service = &services.list[fact.service].name;
        let front = format!("{service}: {key}?");
        cards.push(Card {
            id: card_id(CardKind::Fact, &front),
            kind: CardKind::Fact,
            front,
            back: value.to_string(),
            note: fact.note,
            section: fact.section,
            service: Some(fact.service),
            domains: Vec::new(),
        });
    }
}

static QUESTION_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]\s+)?Q:\s*(\S.*)$").expect("valid regex"));
static ANSWER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]\s+)?A:\s*(\S.*)$").expect("valid regex"));
static PAIR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]\s+)?(\S.*?)\s+::\s+(\S.*)$").expect("valid regex"));

/// Cards the notes write: a `Q: …` line followed (blank lines aside) by an `A: …` line, or
/// `front :: back` on one line; outside code fences and tables, and not inside inline code.
fn user_cards(id: NoteId, note: &Note, excluded: &Exclusions, cards: &mut Vec<Card>) {
    if excluded.notes.contains(&id)
        || !(note.markdown.contains("Q:") || note.markdown.contains(" :: "))
    {
        return;
    }
    let mut question: Option<(usize, String)> = None;
    for (start, line) in note.lines_outside_fences() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let marked = line.contains(EXCLUDE_MARKER);
        let clean = line.replace(EXCLUDE_MARKER, "");
        let section = note.section_at(start);
        if let Some((q_start, front)) = question.take() {
            if let Some(c) = ANSWER_LINE.captures(&clean) {
                let section = note.section_at(q_start);
                if !marked && !excluded.sections.contains(&(id, section)) {
                    push_user_card(cards, id, section, &front, &plain(&c[1]));
                }
                continue;
            }
        }
        if let Some(c) = QUESTION_LINE.captures(&clean) {
            question = (!marked).then(|| (start, plain(&c[1])));
            continue;
        }
        if clean.trim_start().starts_with('|') || !clean.contains(" :: ") {
            continue;
        }
        if let Some(c) = PAIR_LINE.captures(&clean) {
            let before = clean.get(..c.get(2).map_or(0, |m| m.start())).unwrap_or("");
            // `a :: b` inside inline code is code, not a card.
            if before.matches('`').count() % 2 == 1 {
                continue;
            }
            if !marked && !excluded.sections.contains(&(id, section)) {
                push_user_card(cards, id, section, &plain(&c[1]), &plain(&c[2]));
            }
        }
    }
}

fn push_user_card(cards: &mut Vec<Card>, note: NoteId, section: usize, front: &str, back: &str) {
    let (front, back) = (front.trim(), back.trim());
    if front.is_empty() || back.is_empty() {
        return;
    }
    cards.push(Card {
        id: card_id(CardKind::User, front),
        kind: CardKind::User,
        front: front.to_string(),
        back: back.to_string(),
        note,
        section,
        service: None,
        domains: Vec::new(),
    });
}

/// `Domain 2: Name`, `Task Statement 2.3: Name` (after a list marker or a number), as a
/// heading or a list item.
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\*\*)?(domain|task statement)\s+(\d{1,2}(?:\.\d{1,2})?)\s*(?:\*\*)?\s*[:.–—-]\s*(?:\*\*)?\s*(\S.{2,120}?)\s*(?:\*\*)?\s*$",
    )
    .expect("valid regex")
});

/// A domain named: its id, its number's parent domain id (for a task statement), its name.
fn domain_named(text: &str) -> Option<(String, Option<String>, String, String)> {
    let c = DOMAIN.captures(text)?;
    let number = c[2].to_string();
    let task = c[1].eq_ignore_ascii_case("task statement");
    if task != number.contains('.') {
        return None;
    }
    let title = plain(&c[3]);
    let label = if task { "Task Statement" } else { "Domain" };
    let parent = number.split_once('.').map(|(d, _)| format!("d{d}"));
    Some((
        format!("d{number}"),
        parent,
        format!("{label} {number}: {title}"),
        normalise(&title),
    ))
}

/// The exam domains a note names: its headings first, then its other lines (outside code).
fn named_domains(note: &Note) -> Vec<Named> {
    static NAMES_ONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)domain|task statement").expect("valid regex"));
    if !NAMES_ONE.is_match(&note.markdown) {
        return Vec::new();
    }
    let mut named = Vec::new();
    for s in &note.sections {
        if let Some((domain, parent, name, title)) = domain_named(&s.heading) {
            named.push((domain, parent, name, title, true));
        }
    }
    for (_, line) in note.lines_outside_fences() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some((domain, parent, name, title)) = domain_named(line.trim_end()) {
            named.push((domain, parent, name, title, false));
        }
    }
    named
}

/// The domains the notes name, and for each section in one of them, their indexes.
#[expect(
    clippy::type_complexity,
    reason = "a list and its lookup, built together"
)]
fn domains(
    corpus: &Corpus,
    knowledge: &Knowledge,
) -> (Vec<Domain>, HashMap<(NoteId, usize), Vec<usize>>) {
    // id → (name, parent id, normalised title), first naming wins; headings first.
    let mut named: BTreeMap<String, (String, Option<String>, String, bool)> = BTreeMap::new();
    for part in &knowledge.study_parts {
        for (domain, parent, name, title, heading) in &part.named {
            if *heading {
                let entry = named.entry(domain.clone()).or_insert((
                    name.clone(),
                    parent.clone(),
                    title.clone(),
                    true,
                ));
                if !entry.3 {
                    *entry = (name.clone(), parent.clone(), title.clone(), true);
                }
            } else {
                named.entry(domain.clone()).or_insert((
                    name.clone(),
                    parent.clone(),
                    title.clone(),
                    false,
                ));
            }
        }
    }
    if named.len() < 2 {
        return (Vec::new(), HashMap::new());
    }
    // Domains first, then task statements, each by number.
    let mut ids: Vec<&String> = named.keys().collect();
    let number = |id: &str| -> (u32, u32) {
        let digits = id.trim_start_matches('d');
        let (a, b) = digits.split_once('.').unwrap_or((digits, "0"));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    };
    ids.sort_by_key(|id| (id.contains('.'), number(id)));
    let position: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let by_title: HashMap<&str, usize> = ids
        .iter()
        .map(|id| (named[*id].2.as_str(), position[id.as_str()]))
        .collect();
    let mut list: Vec<Domain> = ids
        .iter()
        .map(|id| Domain {
            id: (*id).clone(),
            name: named[*id].0.clone(),
            notes: Vec::new(),
            services: Vec::new(),
            cards: 0,
        })
        .collect();
    // The domains of a domain (itself, and its parent for a task statement).
    let with_parent = |d: usize| -> Vec<usize> {
        let mut all = vec![d];
        if let Some(parent) = named[ids[d]].1.as_deref().and_then(|p| position.get(p)) {
            all.push(*parent);
        }
        all
    };
    let mut of_section: HashMap<(NoteId, usize), Vec<usize>> = HashMap::new();
    let mut claim = |note: NoteId, sections: std::ops::Range<usize>, domain: usize| {
        for section in sections {
            let list = of_section.entry((note, section)).or_default();
            for d in with_parent(domain) {
                if !list.contains(&d) {
                    list.push(d);
                }
            }
        }
    };
    for (index, note) in corpus.notes.iter().enumerate() {
        let id = NoteId::new(index);
        // Each heading naming a domain (by its number, or by its name alone), with whether
        // it names a task statement.
        let named_here: Vec<(usize, usize, bool)> = note
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.level > 0)
            .filter_map(|(section, s)| {
                let domain = match domain_named(&s.heading) {
                    Some((domain, ..)) => position.get(domain.as_str()).copied(),
                    None => by_title.get(normalise(&s.heading).as_str()).copied(),
                }?;
                Some((section, domain, ids[domain].contains('.')))
            })
            .collect();
        for (i, &(section, domain, task)) in named_here.iter().enumerate() {
            let level = note.sections[section].level;
            // Notes number their domains at uneven heading levels (`### Domain 1`, then
            // `## Domain 2`): a domain runs to the next heading naming one of its kind, or
            // to a heading above every such heading of the note.
            let top = named_here
                .iter()
                .filter(|n| n.2 == task)
                .map(|n| note.sections[n.0].level)
                .min()
                .unwrap_or(level);
            let next_named = named_here[i + 1..]
                .iter()
                .find(|n| n.2 == task)
                .map_or(note.sections.len(), |n| n.0);
            let end = note.sections[section + 1..next_named]
                .iter()
                .position(|x| x.level > 0 && x.level < top)
                .map_or(next_named, |p| section + 1 + p);
            // A heading that is the note's title holds the whole note.
            let start = if note.title_from_heading
                && note.sections.iter().position(|x| x.level > 0) == Some(section)
            {
                0
            } else {
                section
            };
            claim(id, start..end.max(section + 1), domain);
        }
        // A note whose opening text names one domain alone on a line (`Task Statement
        // 2.3: …` under the title) is about it, all of it.
        if named_here.is_empty() {
            if let Some(domain) = lead_domain(note).and_then(|d| position.get(d.as_str())) {
                claim(id, 0..note.sections.len(), *domain);
            }
        }
    }
    let mut services: Vec<HashSet<ServiceId>> = vec![HashSet::new(); list.len()];
    for m in &knowledge.mentions {
        if let Some(ds) = of_section.get(&(m.note, m.section)) {
            for &d in ds {
                services[d].insert(m.service);
            }
        }
    }
    for block in &knowledge.own {
        if let Some(ds) = of_section.get(&(block.note, block.sections.start)) {
            for &d in ds {
                services[d].insert(block.service);
            }
        }
    }
    let mut notes: Vec<std::collections::BTreeSet<NoteId>> = vec![Default::default(); list.len()];
    for (&(note, _), ds) in &of_section {
        for &d in ds {
            notes[d].insert(note);
        }
    }
    for (d, domain) in list.iter_mut().enumerate() {
        domain.notes = notes[d].iter().copied().collect();
        let mut s: Vec<ServiceId> = services[d].iter().copied().collect();
        s.sort_unstable();
        domain.services = s;
    }
    (list, of_section)
}

/// The one domain the text before a note's first heading names on a line of its own (not
/// in a list, where an overview names several), if it names exactly one.
fn lead_domain(note: &Note) -> Option<String> {
    let first = note.sections.first().filter(|s| s.level == 0)?;
    let text = note.markdown.get(first.range.clone())?;
    let mut found = text.lines().filter_map(|line| {
        let trimmed = line.trim_start();
        let list = trimmed.starts_with(['-', '*', '+'])
            || trimmed.starts_with(|c: char| c.is_ascii_digit());
        if list {
            return None;
        }
        domain_named(line.trim_end()).map(|(id, ..)| id)
    });
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

/// One candidate question before selection.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    question: Question,
    order: u64,
}

/// The quiz: service and term questions alternating, each kind in the order of a hash of
/// its content, at most [`QUIZ_LENGTH`].
fn quiz(
    corpus: &Corpus,
    knowledge: &Knowledge,
    cards: &[Card],
    texts: &mut SectionTexts,
) -> Vec<Question> {
    // Per service, the first note's question (each part holds its note's first one).
    let mut done: HashSet<ServiceId> = HashSet::new();
    let mut services: Vec<Candidate> = Vec::new();
    for (index, part) in knowledge.study_parts.iter().enumerate() {
        for (service, text, section) in &part.questions {
            if done.insert(*service) {
                services.push(service_question(
                    &knowledge.services,
                    *service,
                    text,
                    NoteId::new(index),
                    *section,
                ));
            }
        }
    }
    // A service among concepts gives itself away as the answer or as a distractor; services
    // have their own questions ("Which service …?"), against services of their category.
    let service_terms: HashSet<String> = (knowledge.glossary.terms.iter())
        .filter(|t| t.service.is_some())
        .map(|t| format!("What is {}?", t.term))
        .collect();
    let mut terms = term_questions(corpus, cards, &service_terms, texts);
    services.sort_by_key(|c| (c.order, c.question.id.clone()));
    terms.sort_by_key(|c| (c.order, c.question.id.clone()));
    let mut quiz = Vec::new();
    let (mut s, mut t) = (services.into_iter(), terms.into_iter());
    while quiz.len() < QUIZ_LENGTH {
        let (a, b) = (s.next(), t.next());
        if a.is_none() && b.is_none() {
            break;
        }
        quiz.extend(a.map(|c| c.question));
        if quiz.len() < QUIZ_LENGTH {
            quiz.extend(b.map(|c| c.question));
        }
    }
    quiz
}

/// Choices in an order seeded by the question: the answer first, then the distractors,
/// sorted by a hash of the question and each choice.
fn question(
    question: String,
    answer: String,
    distractors: Vec<String>,
    note: NoteId,
    section: usize,
) -> Candidate {
    let id = format!("q-{:016x}", stable_hash(&format!("{question}\n{answer}")));
    let mut choices: Vec<String> = std::iter::once(answer.clone()).chain(distractors).collect();
    choices.sort_by_key(|c| stable_hash(&format!("{id}\n{c}")));
    let answer = choices.iter().position(|c| *c == answer).unwrap_or(0);
    Candidate {
        order: stable_hash(&id),
        question: Question {
            id,
            question,
            choices,
            answer,
            note,
            section,
        },
    }
}

/// "Which service …?" from the first sentence of note `id`, per service, that opens with
/// its name followed by a verb, in a section that supports it; distractors from its
/// catalog category. The quiz asks the first note's.
fn service_questions(
    id: NoteId,
    note: &Note,
    services: &Services,
    mentions: &[Mention],
    excluded: &Exclusions,
    texts: &mut SectionTexts,
) -> Vec<(ServiceId, String, usize)> {
    let list = &services.list;
    let mut done: HashSet<ServiceId> = HashSet::new();
    let mut out = Vec::new();
    for m in mentions {
        if m.in_heading || m.highlight.start != 0 || done.contains(&m.service) {
            continue;
        }
        let service = &list[m.service];
        let Some(rest) = m.sentence.get(m.highlight.end..) else {
            continue;
        };
        let rest = rest.trim().trim_end_matches(['.', ':', ';']).trim();
        let words: Vec<&str> = rest.split_whitespace().collect();
        let known_verb = words.first().is_some_and(|w| {
            [
                "is", "lets", "helps", "provides", "offers", "enables", "can",
            ]
            .contains(w)
        });
        // A word in -s opens a description ("stores", "runs") unless a preposition or a
        // conjunction follows it: then it is a plural noun ("X permissions to manage
        // stacks", "X logs and metrics").
        let plural_noun = words
            .get(1)
            .is_some_and(|w| ["to", "of", "for", "and", "or", "with", "in", "on"].contains(w));
        let verb = known_verb
            || words.first().is_some_and(|w| {
                w.chars().all(|c| c.is_lowercase() || c == '-')
                    && w.len() > 3
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && !plural_noun
            });
        // `X keys come in …`: the first word was a noun, the second the verb.
        let noun_first = words.get(1).is_some_and(|w| {
            [
                "are", "have", "come", "can", "do", "let", "make", "provide", "support", "need",
                "must", "should", "will", "were", "may", "work", "run",
            ]
            .contains(w)
        });
        // `X is to get …` is no description; `the main service here`, `one of the most
        // popular` point at a context the question does not carry.
        let infinitive = words.first() == Some(&"is") && words.get(1) == Some(&"to");
        let deictic = says_any(rest, &["here", "above", "below", "following", "one of"]);
        // Two spaces in a row: something the sentence held (inline code) is not in its text,
        // and the question would read "similar to the   commands".
        let gap = rest.contains("  ");
        if !verb || noun_first || infinitive || deictic || gap || !(4..=30).contains(&words.len()) {
            continue;
        }
        // The rest must not name the service again, or any other service (it would be a
        // question about two).
        if services.find(rest).next().is_some() {
            continue;
        }
        if excluded.excludes(m.note, m.section, &service.name.to_lowercase()) {
            continue;
        }
        // An answer option of a practice question ("- A. Amazon EC2 counts as a serverless
        // platform.") states what may well be false.
        if m.source
            .as_ref()
            .is_some_and(|at| is_answer_option(&note.markdown, at.start))
        {
            continue;
        }
        if peers_of(services, m.service).len() < 3 {
            continue;
        }
        let text = format!("Which service {rest}?");
        if !supports(texts.get(id, note, m.section), &text, &service.name) {
            continue;
        }
        done.insert(m.service);
        out.push((m.service, text, m.section));
    }
    out
}

/// The catalogued services a question about `service` may offer as wrong choices: those
/// of its category but itself, its parent and its children.
fn peers_of(services: &Services, service: ServiceId) -> Vec<ServiceId> {
    let list = &services.list;
    let data = &list[service];
    (0..list.len())
        .map(ServiceId::new)
        .filter(|&p| {
            let peer = &list[p];
            peer.catalogued
                && peer.category == data.category
                && p != service
                && data.parent != Some(p)
                && !data.children.contains(&p)
        })
        .collect()
}

/// The question `text` about `service`, with three of its peers ([`peers_of`]) as
/// distractors in an order seeded by the question.
fn service_question(
    services: &Services,
    service: ServiceId,
    text: &str,
    note: NoteId,
    section: usize,
) -> Candidate {
    let list = &services.list;
    let mut distractors = peers_of(services, service);
    distractors.sort_by_cached_key(|&p| stable_hash(&format!("{text}\n{}", list[p].name)));
    let distractors = distractors
        .iter()
        .take(3)
        .map(|&p| list[p].name.clone())
        .collect();
    question(
        text.to_string(),
        list[service].name.clone(),
        distractors,
        note,
        section,
    )
}

/// Whether the text before `at` on its line is only a list marker and an answer option's
/// label: `A.`, `b)`, `(C)`, `- D.`, `1. (a)`: the line is one of a question's choices.
fn is_answer_option(markdown: &str, at: usize) -> bool {
    let Some(before) = markdown.get(..at) else {
        return false;
    };
    let line = before.rsplit('\n').next().unwrap_or("").trim();
    // Leave out list markers: `-`, `*`, `+`, `1.`, `1)`.
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        let unmarked = trimmed
            .strip_prefix(['-', '*', '+'])
            .or_else(|| {
                let digits = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
                (digits.len() < trimmed.len())
                    .then(|| digits.strip_prefix(['.', ')']))
                    .flatten()
            })
            .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace));
        match unmarked {
            Some(r) => rest = r,
            None => break,
        }
    }
    let label = rest.trim();
    let mut chars = label.chars();
    let letter = |c: Option<char>| c.is_some_and(|c| matches!(c.to_ascii_uppercase(), 'A'..='F'));
    match label.len() {
        2 => letter(chars.next()) && matches!(chars.next(), Some('.' | ')' | ':')),
        3 => chars.next() == Some('(') && letter(chars.next()) && chars.next() == Some(')'),
        _ => false,
    }
}

/// "Which term means: …?" from term cards whose definition does not name the term, with
/// three other terms as distractors; the cards of terms naming a service (their fronts in
/// `service_terms`) are neither.
fn term_questions(
    corpus: &Corpus,
    cards: &[Card],
    service_terms: &HashSet<String>,
    texts: &mut SectionTexts,
) -> Vec<Candidate> {
    let terms: Vec<(&Card, &str)> = cards
        .iter()
        .filter(|c| c.kind == CardKind::Term && !service_terms.contains(&c.front))
        .filter_map(|c| {
            let term = c.front.strip_prefix("What is ")?.strip_suffix('?')?;
            Some((c, term))
        })
        .collect();
    if terms.len() < 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &(card, term) in &terms {
        let definition = card.back.trim().trim_end_matches('.');
        let words = definition.split_whitespace().count();
        // A definition that runs into another label (`… workflows. Registry: …`) or starts
        // mid-sentence reads badly as a question.
        let whole = definition.chars().next().is_some_and(|c| c.is_uppercase())
            && !definition.contains(": ");
        if !whole
            || !(5..=40).contains(&words)
            || definition.to_lowercase().contains(&term.to_lowercase())
        {
            continue;
        }
        let text = format!("Which term means: {definition}?");
        if !supports(
            texts.get(card.note, &corpus.notes[card.note], card.section),
            &text,
            term,
        ) {
            continue;
        }
        let lower = term.to_lowercase();
        let mut others: Vec<&str> = terms
            .iter()
            .map(|&(_, t)| t)
            .filter(|t| {
                let t = t.to_lowercase();
                !t.contains(&lower)
                    && !lower.contains(&t)
                    && !definition.to_lowercase().contains(&t)
            })
            .collect();
        others.sort_by_key(|t| stable_hash(&format!("{text}\n{t}")));
        others.dedup();
        if others.len() < 3 {
            continue;
        }
        let distractors = others.iter().take(3).map(|t| t.to_string()).collect();
        out.push(question(
            text,
            term.to_string(),
            distractors,
            card.note,
            card.section,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_held_counts_each_content_word_once() {
        let words = content_words("Stores objects, and objects' versions, in buckets for café use");
        let text = "a café\u{a0}stores objects in buckets; buckets keep versions of objects";
        let expected = words
            .iter()
            .filter(|w| {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|t| t == w.as_str())
            })
            .count();
        assert_eq!(words_held(&words, text), expected);
        assert_eq!(words_held(&words, text), 5, "{words:?}");
        assert_eq!(words_held(&words, ""), 0);
        assert_eq!(words_held(&[], text), 0);
    }

    #[test]
    fn ids_do_not_depend_on_case_or_spacing() {
        assert_eq!(
            card_id(CardKind::User, "What is  a VPC?"),
            card_id(CardKind::User, "what is a vpc")
        );
        assert_ne!(
            card_id(CardKind::User, "What is a VPC?"),
            card_id(CardKind::Term, "What is a VPC?")
        );
        assert_eq!(card_id(CardKind::Term, "x").len(), 18);
    }

    #[test]
    fn domains_and_task_statements_are_named_by_number() {
        let (id, parent, name, _) = domain_named("Domain 3: Applied Widgets").unwrap_or_default();
        assert_eq!(
            (id.as_str(), parent, name.as_str()),
            ("d3", None, "Domain 3: Applied Widgets")
        );
        let (id, parent, ..) =
            domain_named("- Task Statement 1.2: Sort the widgets").unwrap_or_default();
        assert_eq!((id.as_str(), parent.as_deref()), ("d1.2", Some("d1")));
        assert!(domain_named("The domain 3 of it").is_none());
        assert!(domain_named("Task Statement 3: no sub-number").is_none());
    }

    #[test]
    fn a_card_does_not_point_at_a_figure_or_a_place_on_the_page() {
        assert!(!teaches(
            "Job history",
            "Two runs of the nightly export appear side by side, as shown in the Runs view."
        ));
        assert!(!teaches(
            "Data shuffle",
            "Memory use climbs before the second phase, as indicated by the graphs."
        ));
        assert!(!teaches(
            "Limits",
            "The quotas listed below apply to every account in a Region."
        ));
        assert!(teaches(
            "Crawler",
            "A program that connects to a data store and writes tables to the catalog."
        ));
    }

    #[test]
    fn a_card_needs_the_form_of_a_definition() {
        assert!(teaches("Sharding", "The splitting of a table into parts."));
        assert!(teaches(
            "PCI DSS",
            "Payment Card Industry Data Security Standard"
        ));
        assert!(teaches("SOC 1/2/3", "Service Organization Control reports"));
        assert!(teaches(
            "Caching",
            "Storing common responses to avoid repeated calls."
        ));
        assert!(!teaches(
            "Audit support",
            "Resources for internal and external audits"
        ));
        assert!(!teaches("Assistants", "Chatbots and virtual assistants"));
        assert!(!teaches(
            "Costs",
            "Meeting different regional regulatory requirements"
        ));
    }

    #[test]
    fn answer_options_are_recognised_by_their_label() {
        let md = "Which is serverless?\n    - A. Amazon EC2 counts as serverless.\n\
                  b) AWS Lambda runs code.\n(C) Amazon S3 stores objects.\n\
                  - Amazon SQS queues messages.\n1. Amazon SNS fans out.\nA note: Amazon EFS.\n";
        let at = |name: &str| md.find(name).unwrap();
        assert!(is_answer_option(md, at("Amazon EC2")));
        assert!(is_answer_option(md, at("AWS Lambda")));
        assert!(is_answer_option(md, at("Amazon S3")));
        assert!(!is_answer_option(md, at("Amazon SQS")));
        assert!(!is_answer_option(md, at("Amazon SNS")));
        assert!(!is_answer_option(md, at("Amazon EFS")));
    }

    #[test]
    fn support_needs_the_answer_and_the_question_words() {
        let text = "amazon polly converts text into lifelike speech in many voices.";
        assert!(supports(
            text,
            "Which service converts text into lifelike speech?",
            "Amazon Polly"
        ));
        assert!(!supports(
            text,
            "Which service translates documents?",
            "Amazon Polly"
        ));
        assert!(!supports(
            text,
            "Which service converts text into lifelike speech?",
            "Amazon Lex"
        ));
    }
}
