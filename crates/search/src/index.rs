//! The tantivy index of the search documents, and the analyzer both it and the browser use.
//!
//! Input: [`SearchDoc`]s. Output: a committed single-segment index whose doc ids are the
//! documents' positions. A section whose heading and text repeat an earlier one's is
//! indexed with empty searchable fields, so that no query finds the same text twice.
//!
//! The analyzer is tantivy's `SimpleTokenizer` (split on anything not alphanumeric), tokens
//! of 40 bytes or more removed, lower-casing, ASCII folding (`café` → `cafe`) and English
//! stemming (`translates` → `translat`, [`crate::stem`]). The browser analyses a query the
//! same way: folding is exported as a table generated from tantivy's own filter, and the
//! stemmer is `assets/stemmer.js`, checked against the Rust one on every word of real
//! indexes. Prefix matching of the last query word and typo tolerance work on the stems.

use crate::doc::SearchDoc;
use crate::stem::StemFilter;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, PreTokenizedString, RemoveLongFilter, SimpleTokenizer,
    TextAnalyzer, Token,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// The name the analyzer is registered under.
pub const ANALYZER: &str = "notesite";

/// Tokens of this many bytes or more are dropped (a long URL or hash is not a word).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Searchable fields and their boosts, in the order they are exported.
pub const FIELDS: [(&str, f32); 6] = [
    ("title", 2.0),
    ("heading", 3.0),
    ("services", 1.5),
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

/// The fields whose adjacent words are indexed as pairs. Breadcrumbs and service names
/// are lists, not prose: their neighbours are not phrases.
pub const PAIR_SOURCES: [&str; 3] = ["title", "heading", "body"];

/// Stored-only fields.
pub const STORED_FIELDS: [&str; 3] = ["url", "category", "note"];

/// The analyzer without its last step, stemming: the words as written, lower case, folded.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer: simple tokenizer, long tokens removed, lower case, ASCII folding, stemming.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
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
    builder.add_text_field(PAIR_FIELD, text.clone());
    builder.add_text_field(COMMON_PAIR_FIELD, text);
    for name in STORED_FIELDS {
        builder.add_text_field(name, STORED);
    }
    builder.build()
}

/// Register the analyzer on an index (needed after opening one from disk, too).
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

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

/// The analysed tokens of `text`.
fn tokens_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.clone());
    }
    tokens
}

/// Adds the pairs of neighbouring `tokens` to `pairs`, as tokens of the pair field, but
/// for the `common` ones.
fn push_pairs(tokens: &[Token], common: &HashSet<String>, pairs: &mut Vec<Token>) {
    let mut term = String::new();
    for two in tokens.windows(2) {
        join_pair(&mut term, &two[0].text, &two[1].text);
        if !common.contains(term.as_str()) {
            pairs.push(pair_token(term.clone(), pairs.len()));
        }
    }
}

/// [`pair_term`] into `term`, without allocating once it is large enough.
fn join_pair(term: &mut String, first: &str, second: &str) {
    term.clear();
    term.push_str(first);
    term.push(' ');
    term.push_str(second);
}

fn pair_token(text: String, position: usize) -> Token {
    Token {
        offset_from: 0,
        offset_to: 0,
        position,
        text,
        position_length: 1,
    }
}

/// The pairs so common that they are not indexed ([`crate::query::is_common`]): most of
/// the pairs' postings, which would double the time to index and export a site, and which
/// no query would use. Counted by a first pass over the searchable sections.
fn common_pairs(
    docs: &[SearchDoc],
    searchable: &[bool],
    analyzer: &mut TextAnalyzer,
) -> HashSet<String> {
    // Pair → (sections holding it, last section counted).
    let mut counts: HashMap<String, (u64, usize)> = HashMap::new();
    let mut term = String::new();
    for (n, doc) in docs.iter().enumerate().filter(|(n, _)| searchable[*n]) {
        for text in [&doc.title, &doc.heading, &doc.body] {
            let mut stream = analyzer.token_stream(text);
            let mut previous = String::new();
            let mut first = true;
            while let Some(token) = stream.next() {
                if !first {
                    join_pair(&mut term, &previous, &token.text);
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
    counts
        .into_iter()
        .filter(|(_, (count, _))| crate::query::is_common(*count, total, &crate::query::RANKING))
        .map(|(term, _)| term)
        .collect()
}

/// Tokens to index as they are (their text is not stored).
fn pre_tokenized(tokens: Vec<Token>) -> PreTokenizedString {
    PreTokenizedString {
        text: String::new(),
        tokens,
    }
}

/// The indexer's memory budget: one segment is written when it fills, so it must hold the
/// whole index (a 10,000-note site's words and pairs need more than 64 MB; tantivy takes
/// the memory as it needs it, not all at once).
const WRITER_BYTES: usize = 256_000_000;

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
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BYTES)?;
    // A copy of an earlier section is kept (its doc id is its position) but not
    // searchable, so the same text found in two places is listed once.
    let mut seen = HashSet::new();
    let searchable: Vec<bool> = docs.iter().map(|d| seen.insert(copy_key(d))).collect();
    let none = String::new();
    let mut analyzer = analyzer();
    let common = common_pairs(docs, &searchable, &mut analyzer);
    let mut list_common = true;
    for (doc, &searchable) in docs.iter().zip(&searchable) {
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
        // The body, the longest text by far, is analysed once for its words and its pairs.
        let body = tokens_of(&mut analyzer, searched(&doc.body));
        let mut pairs = Vec::new();
        for text in [searched(&doc.title), searched(&doc.heading)] {
            push_pairs(&tokens_of(&mut analyzer, text), &common, &mut pairs);
        }
        push_pairs(&body, &common, &mut pairs);
        document.add_pre_tokenized_text(field(&schema, "body"), pre_tokenized(body));
        document.add_pre_tokenized_text(field(&schema, PAIR_FIELD), pre_tokenized(pairs));
        // The common pairs are listed once, in the first document.
        if std::mem::take(&mut list_common) {
            let tokens = common.iter().map(|t| pair_token(t.clone(), 0)).collect();
            document
                .add_pre_tokenized_text(field(&schema, COMMON_PAIR_FIELD), pre_tokenized(tokens));
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}
