//! The tantivy index of the search documents, and the analyzer both it and the browser use.
//!
//! Input: [`SearchDoc`]s. Output: a committed single-segment index whose doc ids are the
//! documents' positions. A section whose heading and text repeat an earlier one's is
//! indexed with empty searchable fields, so that no query finds the same text twice.
//!
//! The analyzer is tantivy's `SimpleTokenizer` (split on anything not alphanumeric), but
//! keeping a word's combining accents in it, composed ([`WordTokenizer`]); tokens
//! of 40 bytes or more removed, lower-casing, ASCII folding (`café` → `cafe`) and English
//! stemming (`translates` → `translat`, [`crate::stem`]). The browser analyses a query the
//! same way: folding is exported as a table generated from tantivy's own filter, and the
//! stemmer is `assets/stemmer.js`, checked against the Rust one on every word of real
//! indexes. Prefix matching of the last query word and typo tolerance work on the stems.

use crate::doc::{SearchDoc, LIST_SEPARATOR};
use crate::fold::WordTokenizer;
use crate::stem::StemFilter;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// The name the analyzer is registered under.
pub const ANALYZER: &str = "notesite";

/// Tokens of this many bytes or more are dropped (a long URL or hash is not a word).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Searchable fields and their boosts, in the order they are exported. A heading is its
/// section's title and counts as much as the page's; the service names count as much too:
/// in a service page's identity they are its names and what it does (the catalog's
/// keywords), so a query describing a service finds its page. With the heading at ×3 and
/// the services at ×1.5, a section that only names the query's words in its heading
/// outranked the page about them (figures: bench/RELEVANCE.md, run of 2026-12-07 13:58).
pub const FIELDS: [(&str, f32); 6] = [
    ("title", 2.0),
    ("heading", 2.0),
    ("services", 2.0),
    ("breadcrumb", 0.5),
    ("body", 1.0),
    ("alt", 0.3),
];

/// The indexed field of adjacent word pairs: every two consecutive analysed tokens of a
/// section's [`PAIR_SOURCES`], joined by a space (`speech synthesi`). It is not one of
/// [`FIELDS`]: a query word is never looked up in it, only the pairs of a quoted phrase
/// and of query words that stand next to each other (see [`crate::query`]). A pair is
/// rare where its words are common, so its postings are short; positions would make every
/// word's postings longer instead (figures: bench/decisions.md#search-phrases).
pub const PAIR_FIELD: &str = "pairs";

/// The pairs too common to be indexed in [`PAIR_FIELD`] ([`crate::query::Ranking::common_pair`]),
/// each once, in the first document: a query leaves them out.
pub const COMMON_PAIR_FIELD: &str = "common_pairs";

/// The fields whose adjacent words are indexed as pairs, and `services` item by item (a
/// service page's keywords say what it does: `speech synthesis`, `enterprise search`).
/// Breadcrumbs are a list of titles, not prose; nor are two neighbouring items of a list.
pub const PAIR_SOURCES: [&str; 3] = ["title", "heading", "body"];

/// Stored-only fields.
pub const STORED_FIELDS: [&str; 3] = ["url", "category", "note"];

/// The analyzer without its last step, stemming: the words as written, lower case, folded.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer: words ([`WordTokenizer`]), long tokens removed, lower case, ASCII folding, stemming.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StemFilter)
        .build()
}

/// Indexed fields whose text is also stored, for `notesite search` to print its hits.
/// `body` and `services` are not stored: the browser export takes every document's text
/// from the documents in memory, so storing it only made the kept index much larger and
/// slower to write (figures: bench/decisions.md#search-stored-fields).
pub const PRINTED_FIELDS: [&str; 3] = ["title", "heading", "breadcrumb"];

/// The schema: [`FIELDS`] and [`PAIR_FIELD`] indexed with frequencies ([`PRINTED_FIELDS`]
/// also stored), [`STORED_FIELDS`] stored.
pub fn schema() -> Schema {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let text = TextOptions::default().set_indexing_options(indexing);
    for (name, _) in FIELDS {
        let options = if PRINTED_FIELDS.contains(&name) {
            text.clone().set_stored()
        } else if name == "body" {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(BODY_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs);
            TextOptions::default().set_indexing_options(indexing)
        } else {
            text.clone()
        };
        builder.add_text_field(name, options);
    }
    let pair_indexing = TextFieldIndexing::default()
        .set_tokenizer(PAIR_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let pairs = TextOptions::default().set_indexing_options(pair_indexing);
    builder.add_text_field(PAIR_FIELD, pairs.clone());
    builder.add_text_field(COMMON_PAIR_FIELD, pairs);
    for name in STORED_FIELDS {
        builder.add_text_field(name, STORED);
    }
    builder.build()
}

/// The name the body's analyzer is registered under: [`analyzer`] on an index opened from
/// disk (a `QueryParser` analyses its words with it), a [`LineTokenizer`] while
/// [`build_index`] writes one, handing it the body already analysed: its tokens as
/// [`analyzer`] makes them, a line each (no token is empty or holds a line feed), so the
/// index gets the same terms, frequencies and token counts. [`section_pairs`] analyses every
/// body to find its word pairs; tantivy analysing it a second time (tokenizing, folding,
/// stemming) was a visible part of a build's profile.
pub const BODY_ANALYZER: &str = "notesite_body";

/// Register the analyzer on an index (needed after opening one from disk, too).
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    index.tokenizers().register(BODY_ANALYZER, analyzer());
    index
        .tokenizers()
        .register(PAIR_ANALYZER, TextAnalyzer::from(LineTokenizer::default()));
}

/// The tokenizer of [`PAIR_ANALYZER`] (and of [`BODY_ANALYZER`] while an index is written):
/// each non-empty line of the text is a token (the
/// tokens, offsets and positions tantivy's `RegexTokenizer` gives for `[^\n]+`, without a
/// regex search per line, which was a visible part of a build's profile).
#[derive(Debug, Clone, Default)]
pub struct LineTokenizer {
    token: Token,
}

/// The token stream of a [`LineTokenizer`].
#[derive(Debug)]
pub struct LineTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for LineTokenizer {
    type TokenStream<'a> = LineTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LineTokenStream<'a> {
        self.token.reset();
        LineTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for LineTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        while bytes.get(self.cursor) == Some(&b'\n') {
            self.cursor += 1;
        }
        if self.cursor >= bytes.len() {
            return false;
        }
        let start = self.cursor;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |length| start + length);
        self.cursor = end;
        self.token.text.clear();
        // A line feed is one byte that never occurs inside a multi-byte character: `start`
        // and `end` are character boundaries.
        self.token
            .text
            .push_str(self.text.get(start..end).unwrap_or_default());
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The tokenizer of the pair fields: one pair term a line. Build_index joins a section's
/// pair terms with newlines (the analyzer never makes a token with one): handing tantivy
/// pre-tokenized text instead made it serialize every token as JSON and read it back,
/// which took longer than indexing the words (bench/decisions.md#search-phrases).
pub const PAIR_ANALYZER: &str = "notesite_pairs";

/// A field of the schema by name.
pub fn field(schema: &Schema, name: &str) -> Field {
    schema
        .get_field(name)
        .expect("field of the notesite schema")
}

/// The pair term of two analysed tokens (the analyzer never makes a token with a space).
pub fn pair_term(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// The pairs of neighbouring words of every searchable section, as numbers: each distinct
/// pair once, with its text and whether it is common.
struct SectionPairs {
    /// Each document's pairs, in order (empty for one not searchable).
    sections: Vec<Vec<u32>>,
    /// Pair number → its term ([`pair_term`]).
    terms: Vec<String>,
    /// Pair number → whether it is too common to be indexed ([`crate::query::is_common`]).
    common: Vec<bool>,
    /// Each document's body analysed, for [`BODY_ANALYZER`] (empty for one not
    /// searchable).
    bodies: Vec<String>,
}

impl SectionPairs {
    /// The pair field's text of document `n`: its pairs but the common ones, a line each.
    fn lines(&self, n: usize, out: &mut String) {
        out.clear();
        for &pair in &self.sections[n] {
            if !self.common[pair as usize] {
                out.push_str(&self.terms[pair as usize]);
                out.push('\n');
            }
        }
    }

    /// The common pairs, a line each.
    fn common_lines(&self) -> String {
        let listed: Vec<&str> = self
            .terms
            .iter()
            .zip(&self.common)
            .filter(|(_, &common)| common)
            .map(|(term, _)| term.as_str())
            .collect();
        listed.join("\n")
    }
}

/// Each searchable section's pairs of neighbouring words (title, heading, body and each
/// item of its services, never across them), and which pairs are so common that they are not indexed
/// ([`crate::query::is_common`]): most of the pairs' postings, which would double the time
/// to index and export a site, and which no query would use. One pass of the analyzer;
/// words and pairs are counted as numbers (a pair of word numbers is one `u64` to hash,
/// where hashing and comparing pair texts was a visible part of a build), and the index
/// then takes each section's pairs but the common ones.
fn section_pairs(
    docs: &[SearchDoc],
    searchable: &[bool],
    analyzer: &mut TextAnalyzer,
) -> SectionPairs {
    let mut words: FxHashMap<String, u32> = FxHashMap::default();
    let mut word_texts: Vec<String> = Vec::new();
    let mut pair_numbers: FxHashMap<u64, u32> = FxHashMap::default();
    let mut terms = Vec::new();
    // Pair number → (sections holding it, last section counted).
    let mut counts: Vec<(u64, usize)> = Vec::new();
    let mut sections = vec![Vec::new(); docs.len()];
    let mut bodies = vec![String::new(); docs.len()];
    for (n, doc) in docs.iter().enumerate().filter(|(n, _)| searchable[*n]) {
        let out = &mut sections[n];
        let items = doc.services.split(LIST_SEPARATOR);
        for (part, text) in [&doc.title, &doc.heading, &doc.body]
            .map(String::as_str)
            .into_iter()
            .chain(items)
            .enumerate()
        {
            let mut body = (part == 2).then(|| &mut bodies[n]);
            let mut stream = analyzer.token_stream(text);
            let mut previous = None;
            while let Some(token) = stream.next() {
                if let Some(body) = body.as_deref_mut() {
                    body.push_str(&token.text);
                    body.push('\n');
                }
                let word = match words.get(token.text.as_str()) {
                    Some(&word) => word,
                    None => {
                        let word = word_texts.len() as u32;
                        words.insert(token.text.clone(), word);
                        word_texts.push(token.text.clone());
                        word
                    }
                };
                if let Some(first) = previous {
                    let key = (u64::from(first) << 32) | u64::from(word);
                    let pair = *pair_numbers.entry(key).or_insert_with(|| {
                        terms.push(pair_term(
                            &word_texts[first as usize],
                            &word_texts[word as usize],
                        ));
                        counts.push((0, usize::MAX));
                        (terms.len() - 1) as u32
                    });
                    let (count, last) = &mut counts[pair as usize];
                    if *last != n {
                        *count += 1;
                        *last = n;
                    }
                    out.push(pair);
                }
                previous = Some(word);
            }
        }
    }
    let total = docs.len() as u64;
    let common = counts
        .iter()
        .map(|&(count, _)| crate::query::is_common(count, total, &crate::query::RANKING))
        .collect();
    SectionPairs {
        sections,
        terms,
        common,
        bodies,
    }
}

/// The indexer's smallest memory budget: one segment is written when it fills, so it must
/// hold the whole index (a 10,000-note site's words and pairs need more than 64 MB; tantivy
/// takes the memory as it needs it, not all at once).
const WRITER_BYTES: usize = 256_000_000;

/// Under the most tantivy lets one indexing thread take (`u32::MAX` less a 1 MB margin).
const MAX_WRITER_BYTES: usize = 4_000_000_000;

/// The budget for `docs`: [`WRITER_BYTES`], or more for a larger text (about 6 bytes of
/// index memory per byte of text at 10,000 notes: words, pairs and their postings), up to
/// what tantivy allows a thread, so that the index stays one segment.
fn writer_bytes(docs: &[SearchDoc]) -> usize {
    let text: usize = docs
        .iter()
        .map(|d| {
            d.title.len()
                + d.heading.len()
                + d.body.len()
                + d.alt.len()
                + d.services.len()
                + d.breadcrumb.len()
        })
        .sum();
    text.saturating_mul(8).clamp(WRITER_BYTES, MAX_WRITER_BYTES)
}

/// What makes two sections the same text: heading and body (and the page title when the
/// body is empty, as two bare headings on different pages are not the same section).
fn copy_key(doc: &SearchDoc) -> (&str, &str, &str) {
    let title = if doc.body.trim().is_empty() {
        doc.title.as_str()
    } else {
        ""
    };
    (title, doc.heading.as_str(), doc.body.as_str())
}

/// Build the index of `docs` in `dir` (created fresh), or in memory when `dir` is `None`.
pub fn build_index(docs: &[SearchDoc], dir: Option<&Path>) -> tantivy::Result<Index> {
    let schema = schema();
    let index = match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            Index::create_in_dir(dir, schema.clone())?
        }
        None => Index::create_in_ram(schema.clone()),
    };
    register(&index);
    index
        .tokenizers()
        .register(BODY_ANALYZER, TextAnalyzer::from(LineTokenizer::default()));
    // One thread keeps one segment with doc ids in insertion order.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, writer_bytes(docs))?;
    // A copy of an earlier section is kept (its doc id is its position) but not
    // searchable, so the same text found in two places is listed once.
    let mut seen = FxHashSet::default();
    let searchable: Vec<bool> = docs.iter().map(|d| seen.insert(copy_key(d))).collect();
    let none = String::new();
    let mut analyzer = analyzer();
    let mut pairs = section_pairs(docs, &searchable, &mut analyzer);
    let mut lines = String::new();
    let mut list_common = true;
    for (position, (doc, &searchable)) in docs.iter().zip(&searchable).enumerate() {
        let mut document = TantivyDocument::default();
        let searched = |text| if searchable { text } else { &none };
        let values = [
            searched(&doc.title),
            searched(&doc.heading),
            searched(&doc.services),
            searched(&doc.breadcrumb),
            searched(&doc.alt),
            &doc.url,
            &doc.category,
            &doc.note,
        ];
        let names = FIELDS
            .iter()
            .map(|(n, _)| *n)
            .filter(|&n| n != "body")
            .chain(STORED_FIELDS);
        for (name, value) in names.zip(values) {
            document.add_text(field(&schema, name), value);
        }
        document.add_text(
            field(&schema, "body"),
            std::mem::take(&mut pairs.bodies[position]),
        );
        pairs.lines(position, &mut lines);
        document.add_text(field(&schema, PAIR_FIELD), &lines);
        // The common pairs are listed once, in the first document.
        if std::mem::take(&mut list_common) {
            document.add_text(field(&schema, COMMON_PAIR_FIELD), pairs.common_lines());
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::RegexTokenizer;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        out
    }

    #[test]
    fn the_line_tokenizer_gives_the_tokens_of_the_line_regex() {
        let mut lines = TextAnalyzer::from(LineTokenizer::default());
        let mut regex = TextAnalyzer::from(RegexTokenizer::new(r"[^\n]+").unwrap());
        for text in [
            "",
            "\n",
            "\n\n\n",
            "speech synthesi",
            "speech synthesi\n",
            "a b\nb c\n",
            "\n\na b\n\n\nb c",
            "café noir\nnoir été\n",
            "x",
        ] {
            let expected = tokens(&mut regex, text);
            assert_eq!(tokens(&mut lines, text), expected, "{text:?}");
            // Twice: the tokenizer is reused from document to document.
            assert_eq!(tokens(&mut lines, text), expected, "{text:?}");
        }
        assert_eq!(tokens(&mut lines, "a b\nb c\n").len(), 2);
    }

    #[test]
    fn the_body_analysed_once_indexes_as_the_analyzer_would() {
        let long = "y".repeat(MAX_TOKEN_BYTES);
        let bodies = [
            "Amazon SageMaker Clarify: bias-detection, 2 modes! Running runs ran.".to_string(),
            format!("café — naïve 東京 résumé\r\nline2\tend {long} short"),
            String::new(),
            "policies policy POLICIES __init__ a.b.c 3.14".to_string(),
        ];
        let docs: Vec<SearchDoc> = bodies
            .iter()
            .enumerate()
            .map(|(n, body)| SearchDoc {
                title: format!("Page {n}"),
                heading: "Heading".into(),
                body: body.clone(),
                url: format!("p{n}.html"),
                ..SearchDoc::default()
            })
            .collect();
        let built = build_index(&docs, None).unwrap();
        // The same documents with the body analysed by tantivy itself.
        let plain = Index::create_in_ram(schema());
        register(&plain);
        let mut writer: IndexWriter = plain.writer_with_num_threads(1, WRITER_BYTES).unwrap();
        let body = field(&plain.schema(), "body");
        for doc in &docs {
            let mut document = TantivyDocument::default();
            document.add_text(body, &doc.body);
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let read = |index: &Index| {
            let searcher = index.reader().unwrap().searcher();
            let segment = &searcher.segment_readers()[0];
            crate::export::read_field(segment, field(&index.schema(), "body")).unwrap()
        };
        let (tokens, terms) = read(&built);
        assert_eq!((tokens, terms.clone()), read(&plain));
        assert!(tokens > 20, "{tokens}");
        assert!(terms.iter().any(|(term, _, _)| term == "polici"), "stemmed");
    }
}
