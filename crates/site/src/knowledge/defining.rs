//! Glossary entries written in other forms than `**Label:** value` bullets:
//! - a bold term opening a defining sentence (`**Fine-tuning** is the process of …`);
//! - a plain one at the start of a paragraph or list item (`Inference is the process of …`,
//!   `Retrieval Augmented Generation (RAG) is a …`), when what follows the verb opens like a
//!   definition (an article, or "refers to" / "means");
//! - `**Term** – definition` and `Term – definition` list items (en or em dash, or a hyphen
//!   between spaces), weighed like `**Label:** value` lines, list by list;
//! - definition lists (`Term` then `: definition`) and two-column tables whose header says
//!   Term / Concept / Acronym and Definition / Meaning;
//! - the sub-sections of a Glossary / Terminology section, or of a section naming kinds or
//!   concepts (`Key concepts`, `Types of …`): the heading is the term, the first sentence
//!   under it the definition.
//!
//! Input: one note and the services. Output: [`GlossaryEntry`]s, in note order. The same
//! evidence as for labels decides ([`definitions::score`], [`definitions::choose`]); each
//! form adds its own.

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

/// A plain subject (no bold) opening a paragraph or list item, then "is / are / refers to /
/// means" and the rest of the line. The subject is a capitalised phrase of at most five
/// words, maybe with a parenthesised acronym or expansion.
static PLAIN_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?([A-Z][A-Za-z0-9'-]*(?: [A-Za-z0-9'-]+){0,4}?(?: \([^()\n]{2,60}\))?)\s+(is|are|refers to|means|denotes)\s+(\S.*)$",
    )
    .expect("valid regex")
});

/// `**Term** – definition` or `Term – definition` as a list item (en or em dash, or a
/// hyphen between spaces).
static DASH_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*([^*\n]{1,48}?)\*\*|([A-Z][A-Za-z0-9 /()'-]{0,38}?))\s+(?:–|—|-)\s+(\S.*)$",
    )
    .expect("valid regex")
});

/// Words that open a sentence about something already named, or a claim about some of
/// them, rather than name a term: "This is …", "Each model is …", "There are …".
const NOT_SUBJECTS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "their", "there",
    "here", "he", "she", "we", "you", "your", "our", "my", "i", "each", "every", "some", "many",
    "most", "all", "any", "no", "both", "such", "one", "another", "other", "what", "which", "who",
    "how", "when", "where", "why", "if", "so", "but", "and", "or", "also", "then", "now", "today",
    "note", "example",
];

/// Header cells naming a table's term column, and its definition column.
const TERM_COLUMNS: &[&str] = &["term", "concept", "acronym", "abbreviation", "word"];
const DEFINITION_COLUMNS: &[&str] = &["definition", "meaning", "stands for"];

/// The evidence the form itself gives: a term in bold followed by "is" is how definitions
/// are written; so is a heading under a Glossary heading.
const FORM: f32 = 1.0;

/// Entries of note `index` written as defining sentences or glossary sub-sections.
pub fn entries_in(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    if note.front_matter.glossary == Some(false) {
        return Vec::new();
    }
    let mut entries = sentences(index, note, services);
    entries.extend(plain_sentences(index, note, services));
    entries.extend(listed(index, note, services));
    entries.extend(glossary_subsections(index, note, services));
    entries.sort_by_key(|e| e.section);
    entries
}

/// `Term is a …` at the start of a paragraph or list item, without bold: the subject must
/// read as a term (no pronoun, article or quantifier), the rest must open like a
/// definition (an article or "refers to" / "means"), and the shared evidence decides.
/// A subject that is the section's heading (or the X of a "What is X?" heading) counts.
fn plain_sentences(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    let mut entries = Vec::new();
    let mut previous_blank = true;
    let mut pending: Vec<(String, String, String, usize, f32)> = Vec::new();
    for (start, line) in note.lines_outside_fences() {
        let opens_block = previous_blank || is_list_item(line);
        previous_blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if !opens_block {
            continue;
        }
        let Some(c) = PLAIN_SENTENCE.captures(line.trim_end()) else {
            continue;
        };
        let section = note.section_at(start);
        let heading = note
            .sections
            .get(section)
            .map_or("", |s| s.heading.as_str());
        let mut term = plain(&c[1]);
        // "A quorum is …" under "What is a quorum?": the article goes, the heading names it.
        if let Some((article, rest)) = term.split_once(' ') {
            if matches!(article, "A" | "An" | "The") && names_heading(rest, heading) {
                term = capitalise(rest);
            }
        }
        if !names_a_thing(&term) {
            continue;
        }
        let definition = first_sentence(&plain(&c[3]));
        let opening = definition
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        let by_article = matches!(opening.as_str(), "a" | "an" | "the");
        // "X is used …", "X are available …": no definition without an article, unless
        // plural things are said to be a plural class ("Cookies are files that …"), which
        // is as much evidence as an article.
        let class = !by_article && &c[2] == "are" && names_plural_class(&definition);
        if !by_article && !class && matches!(&c[2], "is" | "are") {
            continue;
        }
        let named = if names_heading(&term, heading) {
            HEADING_NAMES
        } else {
            0.0
        } + if class { PLURAL_CLASS } else { 0.0 };
        if !term.is_empty() {
            // Weighed below, once the uses of every subject are counted in one pass.
            pending.push((term, definition, heading.to_string(), section, named));
        }
    }
    if pending.is_empty() {
        return entries;
    }
    let openers = definitions::name_openers(&note.markdown);
    pending.retain(|p| !definitions::opens_names(&p.0, &openers));
    let lower = note.markdown.to_lowercase();
    let counts = definitions::uses_of_each(pending.iter().map(|p| p.0.to_lowercase()), &lower);
    for ((term, definition, heading, section, named), uses) in pending.into_iter().zip(counts) {
        let uses = uses.saturating_sub(1);
        let total =
            definitions::subject_score(&term, &definition, &heading, services, uses) + named;
        if total >= definitions::KEEP {
            entries.push(entry(index, term, capitalise(&definition), section));
        }
    }
    entries
}

/// Whether `definition` (what follows "are") opens with a plural noun, maybe after one
/// modifier, then a complement ("files with …", "non-relational databases that …"): the
/// class the subject belongs to. A participle ("stored for …"), an adjective ("possible")
/// or an adverb ("often …") is said of the subject, not its class.
fn names_plural_class(definition: &str) -> bool {
    let words: Vec<String> = definition
        .split_whitespace()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let plural = |w: &str| {
        w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("ous")
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
    };
    let followed = |at: usize| {
        words.get(at + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "that" | "which" | "who" | "with" | "of" | "for" | "used" | "in" | "where"
            )
        })
    };
    (0..2).any(|at| words.get(at).is_some_and(|w| plural(w)) && followed(at))
}

/// Whether a plain (not bold) subject or label reads as the name of a thing: none of its
/// words is a pronoun, article, quantifier, conjunction or preposition ("Below the table",
/// "Whether you", "Since this"), and it does not open with an adverb ("Originally …").
fn names_a_thing(term: &str) -> bool {
    let words: Vec<String> = term
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let adverb = first.len() > 4 && first.ends_with("ly");
    !adverb
        && !words
            .iter()
            .any(|w| NOT_SUBJECTS.contains(&w.as_str()) || PREPOSITIONS.contains(&w.as_str()))
}

/// Prepositions and subordinators: a subject holding one is a phrase or a clause
/// ("Cloud security at AWS", "Know that …"), not a name.
const PREPOSITIONS: &[&str] = &[
    "at", "in", "on", "to", "for", "with", "by", "from", "as", "about", "below", "above", "under",
    "over", "into", "than", "whether", "since", "because", "suppose", "though",
];

/// What a plural subject said to be a plural class ([`names_plural_class`]) adds: as much
/// as the article a singular definition opens with.
const PLURAL_CLASS: f32 = 1.0;

/// What a subject that names its section's heading adds.
const HEADING_NAMES: f32 = 1.0;

/// Whether `term` is what `heading` names: the heading itself, or the X of "What is X?",
/// "What are X?", "What's the X?" (articles and case aside).
fn names_heading(term: &str, heading: &str) -> bool {
    let strip = |t: &str| {
        let t = t.trim().trim_end_matches('?').trim().to_lowercase();
        let t = t.replace('’', "'");
        let mut t = t.as_str();
        for opening in ["what is ", "what are ", "what's ", "what’s "] {
            t = t.strip_prefix(opening).unwrap_or(t);
        }
        for article in ["the ", "a ", "an "] {
            t = t.strip_prefix(article).unwrap_or(t);
        }
        t.to_string()
    };
    let term = strip(term);
    !term.is_empty() && term == strip(heading)
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
        })
}

/// Dash list items, definition lists and term/definition tables: candidates weighed list by
/// list like `**Label:** value` lines ([`definitions::choose`]). A definition list or a
/// table whose header says it defines counts as a Glossary heading.
fn listed(index: NoteId, note: &Note, services: &Services) -> Vec<GlossaryEntry> {
    let mut candidates = Vec::new();
    let lower = note.markdown.to_lowercase();
    let mut previous = "";
    // Inside a term/definition table: its term and definition column.
    let mut table: Option<(usize, usize)> = None;
    let mut header: Option<(usize, usize)> = None;
    // Each form is its own list, so that their lines are siblings only of their own kind.
    let mut push = |term: String, value: String, heading: String, section: usize, form: usize| {
        if term.is_empty() || value.is_empty() {
            return;
        }
        // `uses` is counted below, for all candidates in one pass over the note.
        candidates.push(definitions::Candidate {
            term,
            value: first_sentence(&value),
            heading,
            section: section * 3 + form,
            uses: 0,
        });
    };
    for (start, line) in note.lines_outside_fences() {
        let section = note.section_at(start);
        let heading = note
            .sections
            .get(section)
            .map_or("", |s| s.heading.as_str())
            .to_string();
        let trimmed = line.trim();
        if let Some(c) = DASH_ITEM.captures(line.trim_end()) {
            let term = plain(c.get(1).or(c.get(2)).map_or("", |m| m.as_str()));
            let value = plain(&c[3]);
            let bold = c.get(1).is_some();
            if term.split_whitespace().count() <= 5
                && !term.ends_with(':')
                && (bold || names_a_thing(&term))
            {
                push(term, value, heading.clone(), section, 0);
            }
        }
        if let Some(definition) = trimmed.strip_prefix(": ") {
            let term = previous.trim();
            if !term.is_empty()
                && term.split_whitespace().count() <= 5
                && !term.starts_with(['#', '-', '*', '+', '|', ':'])
            {
                push(
                    plain(term),
                    plain(definition),
                    "Definitions".into(),
                    section,
                    1,
                );
            }
        }
        if trimmed.starts_with('|') {
            let cells = table_cells(trimmed);
            if let Some((term_col, def_col)) = table {
                if let (Some(term), Some(value)) = (cells.get(term_col), cells.get(def_col)) {
                    push(plain(term), plain(value), "Definitions".into(), section, 2);
                }
            } else if let Some(columns) = header.take() {
                // The line under the header: `|---|---|`.
                if cells.iter().all(|c| c.chars().all(|ch| "-: ".contains(ch))) {
                    table = Some(columns);
                }
            } else {
                header = definition_columns(&cells);
            }
        } else {
            table = None;
            header = None;
        }
        previous = line;
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let openers = definitions::name_openers(&note.markdown);
    candidates.retain(|c| !definitions::opens_names(&c.term, &openers));
    let counts =
        definitions::uses_of_each(candidates.iter().map(|c| c.term.to_lowercase()), &lower);
    for (candidate, uses) in candidates.iter_mut().zip(counts) {
        candidate.uses = uses.saturating_sub(1);
    }
    definitions::choose(candidates, services)
        .into_iter()
        .map(|c| entry(index, c.term, capitalise(&c.value), c.section / 3))
        .collect()
}

/// The cells of a table row, trimmed.
fn table_cells(row: &str) -> Vec<&str> {
    let row = row.trim().trim_start_matches('|').trim_end_matches('|');
    row.split('|').map(str::trim).collect()
}

/// The term and definition columns of a table header, when it has both.
fn definition_columns(cells: &[&str]) -> Option<(usize, usize)> {
    let named = |names: &[&str]| {
        cells.iter().position(|c| {
            let c = plain(c).to_lowercase();
            names.contains(&c.as_str())
        })
    };
    let term = named(TERM_COLUMNS)?;
    let definition = named(DEFINITION_COLUMNS).or_else(|| {
        // A two-column table whose first column is the term: the other one defines it.
        (cells.len() == 2 && term == 0).then_some(1)
    })?;
    (term != definition).then_some((term, definition))
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
        if !passive
            && !term.is_empty()
            && definitions::subject_score(&term, &definition, heading, services, 0) + FORM
                >= definitions::KEEP
        {
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

/// Whether `definition` defines `term` (a heading) by the shared evidence plus that of the
/// form.
fn keep(term: &str, definition: &str, heading: &str, services: &Services) -> bool {
    !term.is_empty()
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

    /// The terms and definitions `entries_in` finds in a note written as `markdown`.
    fn defined(markdown: &str) -> Vec<(String, String)> {
        let note = crate::content::load::markdown_note(markdown);
        let services = Services::build(&Default::default(), &Default::default());
        entries_in(NoteId::new(0), &note, &services)
            .into_iter()
            .map(|e| (e.term, e.definition))
            .collect()
    }

    fn terms(markdown: &str) -> Vec<String> {
        defined(markdown).into_iter().map(|(t, _)| t).collect()
    }

    /// Each of `texts`, alone under a `# heading`, defines no term.
    fn no_term_in_any(heading: &str, texts: &[&str]) {
        for text in texts {
            assert_eq!(
                terms(&format!("# {heading}\n\n{text}")),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_plain_subject_opening_a_defining_sentence_is_a_term() {
        assert_eq!(
            defined("# Bread\n\nSourdough is a bread raised by wild yeast. It keeps well.\n"),
            [(
                "Sourdough".to_string(),
                "A bread raised by wild yeast.".to_string()
            )]
        );
        assert_eq!(
            terms("# Votes\n\nQuorum Sensing (QS) refers to counting the members present.\n"),
            ["Quorum Sensing (QS)"]
        );
        // The heading names it: "A quorum is …" under "What is a quorum?".
        assert_eq!(
            terms(
                "## What is a quorum?\n\nA quorum is the least number of votes a decision needs.\n"
            ),
            ["Quorum"]
        );
    }

    #[test]
    fn a_plain_sentence_about_something_else_is_no_term() {
        no_term_in_any(
            "Bakery",
            &[
                // Pronouns, articles, prepositions and clauses are no names.
                "This is a bread raised by wild yeast.\n",
                "Below the table is a chart of the sales.\n",
                "Whether you bake is a question of time.\n",
                "A loaf is the thing on the table.\n",
                // What follows does not open like a definition.
                "Sourdough is baked every morning at six.\n",
                "Sourdough is the best bread in town.\n",
                // Not the start of a paragraph.
                "We sell rye.\nSourdough is a bread raised by wild yeast.\n",
            ],
        );
    }

    #[test]
    fn plural_things_said_to_be_a_plural_class_are_defined() {
        assert_eq!(
            terms("# Web\n\nCrumbs are files that a site keeps in the browser.\n"),
            ["Crumbs"]
        );
        no_term_in_any(
            "Web",
            &[
                "Crumbs are stored for a month.\n",
                "Crumbs are often the best clue.\n",
                "Crumbs are possible in every browser.\n",
            ],
        );
    }

    #[test]
    fn dash_items_are_weighed_like_label_lines() {
        let text = "# Votes\n\n\
            - **Quorum** – The least number of members a vote needs\n\
            - Veto — A single member's power to stop a decision\n\
            - **Tuesday** - Check the minutes and bring the roll\n\
            - Originally Swagger – a format for describing web interfaces\n";
        assert_eq!(terms(text), ["Quorum", "Veto"]);
    }

    #[test]
    fn definition_lists_and_term_tables_define_terms() {
        let text = "# Votes\n\n\
            Quorum\n: The least number of members a vote needs.\n\n\
            Monday\n: Check the minutes.\n\n\
            | Term | Definition |\n|---|---|\n\
            | Veto | A single member's power to stop a decision |\n\
            | Agenda tips | Keep it short |\n";
        assert_eq!(terms(text), ["Quorum", "Veto"]);
        // A table of names and descriptions (fields, parameters) is no glossary.
        let fields = "# Form\n\n| Name | Description |\n|---|---|\n\
            | Port | The port the server listens on |\n";
        assert_eq!(terms(fields), Vec::<String>::new());
    }

    #[test]
    fn a_sentence_ends_at_a_full_stop_before_a_capital() {
        assert_eq!(
            first_sentence("The unit of text, e.g. a word. It is counted."),
            "The unit of text, e.g. a word."
        );
        assert_eq!(capitalise("the unit"), "The unit");
    }
}
