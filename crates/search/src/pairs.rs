//! The browser's files of word pairs ([`PAIR_FIELD`]): phrases and neighbouring query words
//! need the postings of a few pair terms, which are far more numerous than words and each
//! rare, so they are not kept in the words' dictionaries (which every query loads).
//!
//! Input: the committed index. Output: [`PairPostings`] read back, then packed files:
//! - `w/<n>.js`: the pairs whose [`bucket`] is `n`, `{"pairs": [[term, docFreq, where]]}`,
//!   `where` being `[start, end]` in the file's own binary part or `[n, start, end]` in
//!   `q/<n>`'s, and `[term, 0]` for a common pair (not indexed:
//!   [`crate::query::Ranking::common_pair`]); a query loads one per pair it asks for;
//! - `q/<n>.js`: the postings of one frequent pair (over [`EXTERNAL_BYTES`]).
//!
//! Buckets are planned to hold about [`PAIR_BUCKET_BYTES`] each, so a pair costs a query
//! one small file whatever the size of the site (figures: bench/decisions.md#search-phrases).

use crate::export::{read_field, EXTERNAL_BYTES};
use crate::index::{field, COMMON_PAIR_FIELD, PAIR_FIELD};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tantivy::SegmentReader;

/// What a pair bucket holds at most, before compression, when it can be planned so.
pub const PAIR_BUCKET_BYTES: usize = 3_000;

/// The pair field read back: each pair term with its doc frequency and encoded postings,
/// and the field's total tokens (for BM25's average length).
#[derive(Debug, Clone, Default)]
pub struct PairPostings {
    /// Pair term → (doc frequency, [`encode_postings`] bytes), in byte order.
    pub terms: BTreeMap<String, (u32, Vec<u8>)>,
    /// Total tokens (pairs) of the field.
    pub total_tokens: u64,
    /// The common pairs ([`COMMON_PAIR_FIELD`]), not indexed in the pair field.
    pub common: Vec<String>,
}

/// Read the pair field of the index's one segment.
pub fn read_pairs(segment: &SegmentReader) -> tantivy::Result<PairPostings> {
    let (total_tokens, read) = read_field(segment, field(segment.schema(), PAIR_FIELD))?;
    let terms = read
        .into_iter()
        .map(|(term, doc_freq, encoded)| (term, (doc_freq, encoded)))
        .collect();
    let common_field = field(segment.schema(), COMMON_PAIR_FIELD);
    let mut common = Vec::new();
    let common_index = segment.inverted_index(common_field)?;
    let mut stream = common_index.terms().stream()?;
    while stream.advance() {
        common.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(PairPostings {
        terms,
        total_tokens,
        common,
    })
}

/// The bucket of a pair term among `buckets`: FNV-1a (32 bits) of its UTF-8 bytes, modulo
/// `buckets` (`search.js` computes the same).
pub fn bucket(term: &str, buckets: u32) -> u32 {
    let hash = term.bytes().fold(0x811c_9dc5u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash % buckets
}

/// How many buckets the pairs get: one per [`PAIR_BUCKET_BYTES`] they plan (none when there
/// are no pairs).
pub fn bucket_count(pairs: &PairPostings) -> u32 {
    let planned: usize = pairs
        .terms
        .iter()
        .map(|(term, (_, bytes))| {
            let inline = if bytes.len() > EXTERNAL_BYTES {
                0
            } else {
                bytes.len()
            };
            term.len() + 12 + inline
        })
        .chain(pairs.common.iter().map(|term| term.len() + 4))
        .sum();
    planned.div_ceil(PAIR_BUCKET_BYTES) as u32
}

/// The manifest's `pairs`: the field's total tokens and the number of buckets.
pub fn manifest_entry(pairs: &PairPostings, buckets: u32) -> Value {
    json!({ "tokens": pairs.total_tokens, "buckets": buckets })
}

/// The files `w/<n>` and `q/<n>`, handed to `add` (name, JSON part, binary part).
pub fn pair_files(
    pairs: &PairPostings,
    buckets: u32,
    add: &mut dyn FnMut(String, Option<Value>, Vec<u8>),
) {
    let mut rows: Vec<(Vec<Value>, Vec<u8>)> = vec![(Vec::new(), Vec::new()); buckets as usize];
    let mut external = 0;
    for (term, (df, bytes)) in &pairs.terms {
        let (rows, binary) = &mut rows[bucket(term, buckets) as usize];
        let place = if bytes.len() > EXTERNAL_BYTES {
            add(format!("q/{external}"), None, bytes.clone());
            external += 1;
            json!([external - 1, 0, bytes.len()])
        } else {
            binary.extend_from_slice(bytes);
            json!([binary.len() - bytes.len(), binary.len()])
        };
        rows.push(json!([term, df, place]));
    }
    for term in &pairs.common {
        rows[bucket(term, buckets) as usize]
            .0
            .push(json!([term, 0]));
    }
    for (n, (rows, binary)) in rows.into_iter().enumerate() {
        add(format!("w/{n}"), Some(json!({ "pairs": rows })), binary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_fnv1a_of_the_pair() {
        // FNV-1a 32 of "a" is 0xe40c292c.
        assert_eq!(bucket("a", 1_000_000), 0xe40c_292c % 1_000_000);
        assert_eq!(bucket("speech synthesi", 1), 0);
        let spread: std::collections::BTreeSet<u32> = ["a b", "b c", "c d", "d e", "e f"]
            .iter()
            .map(|t| bucket(t, 64))
            .collect();
        assert!(spread.len() >= 4, "{spread:?}");
    }
}
