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
use std::collections::HashSet;
use std::path::Path;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
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

/// The schema: [`FIELDS`] indexed with frequencies ([`PRINTED_FIELDS`] also stored),
/// [`STORED_FIELDS`] stored.
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
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 64_000_000)?;
    let mut seen = HashSet::new();
    let none = String::new();
    for doc in docs {
        let mut document = TantivyDocument::default();
        // A copy of an earlier section is kept (its doc id is its position) but not
        // searchable, so the same text found in two places is listed once.
        let searchable = seen.insert(copy_key(doc));
        let searched = |text| if searchable { text } else { &none };
        let values = [
            searched(&doc.title),
            searched(&doc.heading),
            searched(&doc.services),
            searched(&doc.breadcrumb),
            searched(&doc.body),
            searched(&doc.alt),
            &doc.url,
            &doc.category,
            &doc.note,
        ];
        let names = FIELDS.iter().map(|(n, _)| *n).chain(STORED_FIELDS);
        for (name, value) in names.zip(values) {
            document.add_text(field(&schema, name), value);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}
