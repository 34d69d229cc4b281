//! The glossary: definitions of the same term merged across notes, and a matcher that finds
//! the terms in text (case-insensitive, whole words) for definition tooltips.
//!
//! Input: glossary entries. Output: [`Glossary`].

use super::facts::GlossaryEntry;
use crate::content::slug::slugify;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// One term with all its definitions.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as first written.
    pub term: String,
    /// Id on the glossary page.
    pub slug: String,
    /// Indexes into `Knowledge::glossary_entries`.
    pub entries: Vec<usize>,
}

/// Terms A–Z and their matcher.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// Terms sorted A–Z.
    pub terms: Vec<Term>,
    matcher: Option<AhoCorasick>,
}

impl Glossary {
    /// Merge entries by normalised term.
    pub fn build(entries: &[GlossaryEntry]) -> Glossary {
        let mut terms: Vec<Term> = Vec::new();
        // Normalised term → its index in `terms` (the first entry's term, normalised).
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            match by_id.get(&entry.term_id) {
                Some(&term) => terms[term].entries.push(index),
                None => {
                    by_id.insert(super::facts::normalise(&entry.term), terms.len());
                    terms.push(Term {
                        term: entry.term.clone(),
                        slug: slugify(&entry.term),
                        entries: vec![index],
                    });
                }
            }
        }
        terms.sort_by_key(|t| t.term.to_lowercase());
        let matcher = (!terms.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(terms.iter().map(|t| t.term.as_str()))
                .expect("terms make a valid matcher")
        });
        Glossary { terms, matcher }
    }

    /// Terms used in `text` on word boundaries: byte range and term index.
    #[expect(
        clippy::string_slice,
        reason = "match bounds of UTF-8 patterns are character boundaries"
    )]
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (Range<usize>, usize)> + 't {
        self.matcher
            .iter()
            .flat_map(move |m| m.find_iter(text))
            .filter(move |m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
    }
}
