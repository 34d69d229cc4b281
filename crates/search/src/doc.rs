//! The unit of search: one section of a page as plain text fields, and the order the index
//! stores them in.
//!
//! Input: documents made by the site pipeline (which knows pages; this crate does not).
//! Output: the same documents ordered for compression ([`order_by_length`]).

use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;

/// What separates the items of [`SearchDoc::services`]: word pairs are indexed within an
/// item (`speech synthesis`), never across two (see [`crate::index::PAIR_SOURCES`]).
pub const LIST_SEPARATOR: &str = ", ";

/// One searchable unit: a section of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// The page title.
    pub title: String,
    /// The section heading (empty for a page's lead-in).
    pub heading: String,
    /// Ancestors of the page, `Home › Generative AI`.
    pub breadcrumb: String,
    /// The section's text.
    pub body: String,
    /// The alt text of the section's images: searchable, but it describes a picture rather
    /// than what the section is about, so it weighs little.
    pub alt: String,
    /// Names of the services the section mentions (a service page's identity: its names
    /// and what it does), items joined by [`LIST_SEPARATOR`].
    pub services: String,
    /// URL relative to the site root, with `#anchor`.
    pub url: String,
    /// Category for filtering (a service category, or the note's top folder).
    pub category: String,
    /// The note (or page) the section belongs to, for filtering.
    pub note: String,
}

/// `docs` ordered by the fieldnorm ids (tantivy's one-byte length codes) of their body,
/// services, title and heading, ties kept in site order.
///
/// Every posting the browser downloads carries its document's fieldnorm id, which BM25
/// needs. In site order those ids are noise to the compressor (a byte a posting); in this
/// order a posting list's ids come in long runs of equal values and deflate all but removes
/// them. At 10,000 notes this halves the postings of common words, which most of a first
/// query's download is (figures: bench/decisions.md#fieldnorm-order). Doc-id gaps
/// compress no worse. Scores do not depend on the order; the CLI and the browser break
/// ties the same way.
pub fn order_by_length(docs: Vec<SearchDoc>) -> Vec<SearchDoc> {
    let id = |text: &str| FieldNormReader::fieldnorm_to_id(token_count(text));
    let mut keyed: Vec<([u8; 4], usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let key = [&d.body, &d.services, &d.title, &d.heading].map(|t| id(t));
            (key, i)
        })
        .collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
    keyed
        .into_iter()
        .map(|(_, i)| slots[i].take().expect("each document once"))
        .collect()
}

/// The number of tokens the analyzer ([`crate::index::analyzer`]) makes of `text`: its
/// words ([`crate::fold::word_spans`]), except those of 40 bytes or more once composed,
/// which it removes.
pub fn token_count(text: &str) -> u32 {
    if text.is_ascii() {
        // The same count without decoding characters (most notes are ASCII).
        return text
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && w.len() < crate::index::MAX_TOKEN_BYTES)
            .count() as u32;
    }
    crate::fold::word_spans(text)
        .filter(|&(start, end)| {
            let word = text.get(start..end).unwrap_or_default();
            crate::fold::compose(word).len() < crate::index::MAX_TOKEN_BYTES
        })
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_count_matches_the_analyzer() {
        let long = "x".repeat(crate::index::MAX_TOKEN_BYTES);
        for text in [
            "",
            "Amazon SageMaker Clarify: bias-detection, 2 modes!",
            "café — naïve 東京 résumé\r\nline2\tend",
            &format!("short {long} {}y after", &long[1..]),
            &format!("{} {}x é{long}", "é".repeat(20), "é".repeat(19)),
            "__init__ a.b.c 3.14",
            "cafe\u{301} \u{301} x\u{301}\u{301}y",
            &format!("{}\u{301} {}e\u{301}", "e".repeat(38), "e".repeat(37)),
        ] {
            let mut analyzer = crate::index::analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut tokens = 0;
            while stream.advance() {
                tokens += 1;
            }
            assert_eq!(token_count(text), tokens, "{text:?}");
        }
    }

    #[test]
    fn documents_are_ordered_by_length_then_kept_in_order() {
        let doc = |body: &str, url: &str| SearchDoc {
            body: body.into(),
            url: url.into(),
            ..SearchDoc::default()
        };
        let docs = vec![
            doc("three words here", "a"),
            doc("one", "b"),
            doc("two words", "c"),
            doc("uno", "d"),
        ];
        let urls: Vec<String> = order_by_length(docs).into_iter().map(|d| d.url).collect();
        assert_eq!(urls, ["b", "d", "c", "a"]);
    }
}
