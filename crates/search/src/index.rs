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
use rustc_hash::FxHashSet;
use std::collections::HashSet;
use std::path::Path;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RegexTokenizer, RemoveLongFilter, TextAnalyzer,
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

/// Register the analyzer on an index (needed after opening one from disk, too).
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    index.tokenizers().register(
        PAIR_ANALYZER,
        TextAnalyzer::from(RegexTokenizer::new(r"[^\n]+").expect("a valid pattern")),
    );
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

/// [`pair_term`] into `term`, without allocating once it is large enough.
fn join_pair(term: &mut String, first: &str, second: &str) {
    term.clear();
    term.push_str(first);
    term.push(' ');
    term.push_str(second);
}

/// Each searchable section's pairs of neighbouring words (title, heading, body and each
/// item of its services, never across them), a line each, and the pairs so common that they are not indexed
/// ([`crate::query::is_common`]): most of the pairs' postings, which would double the time
/// to index and export a site, and which no query would use. One pass of the analyzer;
/// the index then takes each section's lines but the common ones.
fn section_pairs(
    docs: &[SearchDoc],
    searchable: &[bool],
    analyzer: &mut TextAnalyzer,
) -> (Vec<String>, FxHashSet<String>) {
    // Pair → (sections holding it, last section counted). FxHash: the std hasher made
    // counting the pairs a visible part of a build.
    let mut counts: rustc_hash::FxHashMap<String, (u64, usize)> = Default::default();
    let mut term = String::new();
    let mut lines = vec![String::new(); docs.len()];
    for (n, doc) in docs.iter().enumerate().filter(|(n, _)| searchable[*n]) {
        let out = &mut lines[n];
        let items = doc.services.split(LIST_SEPARATOR);
        for text in [&doc.title, &doc.heading, &doc.body]
            .map(String::as_str)
            .into_iter()
            .chain(items)
        {
            let mut stream = analyzer.token_stream(text);
            let mut previous = String::new();
            let mut first = true;
            while let Some(token) = stream.next() {
                if !first {
                    join_pair(&mut term, &previous, &token.text);
                    out.push_str(&term);
                    out.push('\n');
                    match counts.get_mut(term.as_str()) {
                        Some((count, last)) => {
                            if *last != n {
                                *count += 1;
                                *last = n;
                            }
                        }
                        None => {
                            counts.insert(term.clone(), (1, n));
                        }
                    }
                }
                first = false;
                previous.clear();
                previous.push_str(&token.text);
            }
        }
    }
    let total = docs.len() as u64;
    let common = counts
        .into_iter()
        .filter(|(_, (count, _))| crate::query::is_common(*count, total, &crate::query::RANKING))
        .map(|(term, _)| term)
        .collect();
    (lines, common)
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
    // One thread keeps one segment with doc ids in insertion order.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, writer_bytes(docs))?;
    // A copy of an earlier section is kept (its doc id is its position) but not
    // searchable, so the same text found in two places is listed once.
    let mut seen = HashSet::new();
    let searchable: Vec<bool> = docs.iter().map(|d| seen.insert(copy_key(d))).collect();
    let none = String::new();
    let mut analyzer = analyzer();
    let (mut lines, common) = section_pairs(docs, &searchable, &mut analyzer);
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
        document.add_text(field(&schema, "body"), searched(&doc.body));
        let mut pairs = std::mem::take(&mut lines[position]);
        if !common.is_empty() {
            pairs = pairs
                .lines()
                .filter(|pair| !common.contains(*pair))
                .flat_map(|pair| [pair, "\n"])
                .collect();
        }
        document.add_text(field(&schema, PAIR_FIELD), &pairs);
        // The common pairs are listed once, in the first document.
        if std::mem::take(&mut list_common) {
            let listed: Vec<&str> = common.iter().map(String::as_str).collect();
            document.add_text(field(&schema, COMMON_PAIR_FIELD), listed.join("\n"));
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}
