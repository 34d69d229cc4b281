//! Export the committed tantivy index for the browser: read it back (terms, postings with
//! frequencies, fieldnorm ids, stored fields) and write small script files under `search/`
//! that register themselves when a `<script>` tag loads them, so search works from `file://`.
//!
//! Input: the index. Output: [`OutputFile`]s: `manifest.js` (field statistics, shard table),
//! `t/<hex of key>.js` term shards, `d/<n>.js` document shards, `x/<n>.js` text shards,
//! `fold.js` (ASCII folding table, loaded only for non-ASCII queries).

use super::index::{field, FIELDS, STORED_FIELDS};
use super::shards::ShardTable;
use crate::output::{Contents, OutputFile};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{DocSet, Index, TantivyDocument, TERMINATED};

/// Documents per metadata shard.
pub const DOC_SHARD: usize = 128;
/// Documents per text shard.
pub const TEXT_SHARD: usize = 32;

/// One posting list: field, doc frequency and encoded postings.
type FieldPostings = (usize, u32, String);

/// Everything read back from the index.
pub struct ReadBack {
    /// Term → its postings in each field that has it (byte order of terms).
    pub terms: BTreeMap<String, Vec<FieldPostings>>,
    /// Total tokens per field.
    pub total_tokens: Vec<u64>,
    /// Number of documents.
    pub docs: u32,
    /// Stored fields per document: the [`FIELDS`] then the [`STORED_FIELDS`].
    pub stored: Vec<Vec<String>>,
}

/// Read the committed index back.
pub fn read_back(index: &Index) -> tantivy::Result<ReadBack> {
    let schema = index.schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let segments = searcher.segment_readers();
    assert!(segments.len() <= 1, "the notesite index has one segment");
    let mut terms: BTreeMap<String, Vec<FieldPostings>> = BTreeMap::new();
    let mut total_tokens = vec![0; FIELDS.len()];
    let mut stored = Vec::new();
    let Some(segment) = segments.first() else {
        return Ok(ReadBack {
            terms,
            total_tokens,
            docs: 0,
            stored,
        });
    };
    for (field_index, (name, _)) in FIELDS.iter().enumerate() {
        let f = field(&schema, name);
        let inverted = segment.inverted_index(f)?;
        let norms = segment.get_fieldnorms_reader(f)?;
        total_tokens[field_index] = inverted.total_num_tokens();
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let term = String::from_utf8_lossy(stream.key()).into_owned();
            let info = stream.value().clone();
            let mut postings =
                inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            let mut bytes = Vec::new();
            let mut previous = 0;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                push_varint(&mut bytes, doc - previous);
                push_varint(&mut bytes, postings.term_freq());
                bytes.push(norms.fieldnorm_id(doc));
                previous = doc;
                doc = postings.advance();
            }
            terms
                .entry(term)
                .or_default()
                .push((field_index, info.doc_freq, base64(&bytes)));
        }
    }
    let store = segment.get_store_reader(64)?;
    let names: Vec<&str> = FIELDS
        .iter()
        .map(|(n, _)| *n)
        .chain(STORED_FIELDS)
        .collect();
    for doc in 0..segment.max_doc() {
        let document: TantivyDocument = store.get(doc)?;
        stored.push(
            names
                .iter()
                .map(|n| {
                    document
                        .get_first(field(&schema, n))
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                })
                .collect(),
        );
    }
    Ok(ReadBack {
        terms,
        total_tokens,
        docs: segment.max_doc(),
        stored,
    })
}

/// The browser files for an index that was read back.
pub fn export(read: &ReadBack) -> (Vec<OutputFile>, ShardTable) {
    let sizes: Vec<(&str, usize)> = read
        .terms
        .iter()
        .map(|(t, p)| {
            (
                t.as_str(),
                t.len() + p.iter().map(|(_, _, b)| b.len() + 12).sum::<usize>(),
            )
        })
        .collect();
    let table = ShardTable::plan(&sizes);
    let mut files = Vec::new();
    let mut shards: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (term, postings) in &read.terms {
        let entries: Vec<Value> = postings
            .iter()
            .map(|(f, df, b)| json!([f, df, b]))
            .collect();
        shards
            .entry(table.key(term))
            .or_default()
            .push(json!([term, entries]));
    }
    for (key, terms) in &shards {
        let name = format!("t/{}", ShardTable::file_stem(key));
        files.push(script(&name, &json!({ "terms": terms })));
    }
    let field_of = |doc: &Vec<String>, name: &str| {
        let position = FIELDS
            .iter()
            .map(|(n, _)| *n)
            .chain(STORED_FIELDS)
            .position(|n| n == name)
            .expect("known field");
        doc[position].clone()
    };
    for (n, chunk) in read.stored.chunks(DOC_SHARD).enumerate() {
        let docs: Vec<Value> = chunk
            .iter()
            .map(|d| {
                json!([
                    field_of(d, "url"),
                    field_of(d, "title"),
                    field_of(d, "heading"),
                    field_of(d, "breadcrumb"),
                    field_of(d, "category"),
                    field_of(d, "note")
                ])
            })
            .collect();
        files.push(script(&format!("d/{n}"), &json!({ "docs": docs })));
    }
    for (n, chunk) in read.stored.chunks(TEXT_SHARD).enumerate() {
        let text: Vec<Value> = chunk.iter().map(|d| json!(field_of(d, "body"))).collect();
        files.push(script(&format!("x/{n}"), &json!({ "text": text })));
    }
    files.push(script("fold", &json!({ "fold": super::fold::table() })));
    let manifest = json!({
        "version": 1,
        "docs": read.docs,
        "fields": FIELDS.iter().zip(&read.total_tokens).map(|((name, boost), tokens)| json!({"name": name, "boost": boost, "tokens": tokens})).collect::<Vec<_>>(),
        "split": table.split_chars(),
        "shards": shards.keys().map(|k| json!([k, ShardTable::file_stem(k)])).collect::<Vec<_>>(),
        "docShard": DOC_SHARD,
        "textShard": TEXT_SHARD,
        "expansion": super::query::EXPANSION,
    });
    files.push(script("manifest", &manifest));
    (files, table)
}

/// A script that registers `data` under `name`: `NotesiteSearch.add("t/73", {...});`.
fn script(name: &str, data: &Value) -> OutputFile {
    let json = serde_json::to_string(data)
        .expect("plain data serializes")
        .replace('<', "\\u003c");
    OutputFile {
        path: format!("search/{name}.js"),
        contents: Contents::Bytes(format!("NotesiteSearch.add({name:?},{json});\n").into_bytes()),
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Standard base64 with padding (what the browser's `atob` reads).
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xff, 0x00, 0x80, 0x7f]), "/wCAfw==");
    }

    #[test]
    fn varints_use_seven_bits_a_byte() {
        let mut out = Vec::new();
        push_varint(&mut out, 5);
        push_varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }
}
