//! Export the committed tantivy index for the browser: read it back (terms, postings with
//! frequencies, fieldnorm ids), take each document's text from its [`SearchDoc`], and write small script files under `search/`
//! that register themselves when a `<script>` tag loads them, so search works from `file://`.
//!
//! Input: the index. Output: [`ExportFile`]s, all but the manifest and fold packed
//! ([`super::pack`]):
//! - `manifest.js` (plain): field statistics, the shard table, which dictionary holds each key,
//!   and every ranking constant ([`super::query::RANKING`]: BM25, field boosts, expansion);
//! - `t/<hex of key>.js`: the term dictionary of a key (every term starting with it, in byte
//!   order, with its doc frequency per field) and the postings of its small terms; in a
//!   small index, small dictionaries of neighbouring keys share the file of the first
//!   ([`Layout::group_bytes`]);
//! - `p/<n>.js`: the postings of one large term (over [`EXTERNAL_BYTES`]), loaded only when
//!   a query uses that term;
//! - `d/<n>.js`: titles, headings, URLs and text (for snippets, each cut after
//!   [`SNIPPET_SOURCE_BYTES`]) of [`Layout::doc_shard`] documents;
//! - `f/<n>.js`: the category, note and page of [`FACET_SHARD`] documents, for the results
//!   page's filters and grouping (which need them for every hit, while titles are needed
//!   only for the shown ones);
//! - `g/<n>.js`: the page of [`PAGE_SHARD`] documents (of all, in a small index), for
//!   grouping the top hits by page ([`crate::group`]);
//! - `fold.js` (plain): the ASCII folding table, loaded only for non-ASCII queries;
//! - `w/<n>.js`, `q/<n>.js`: the postings of word pairs ([`super::pairs`]), for phrases
//!   and neighbouring query words.
//!
//! A query loads the manifest, one dictionary per word, the large postings of the terms it
//! expands to, then one document shard per result shown.

use super::index::{field, FIELDS};
use super::pack::{encode_postings, packed_script, script, Posting};
use super::pairs::{self, bucket_count, pair_files, read_pairs, PairPostings};
use super::shards::ShardTable;
use crate::doc::SearchDoc;
use crate::ExportFile;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{DocSet, Index, TantivyDocument, TERMINATED};

/// How many documents a document shard holds, and how dictionaries are grouped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Documents per document shard (titles, URLs and text).
    pub doc_shard: usize,
    /// Neighbouring dictionaries (in key order) share a file while together they plan at
    /// most this many bytes ([`dictionary_bytes`]); a larger one keeps a file of its own.
    pub group_bytes: usize,
    /// Deflate level of the dictionaries, which every query loads.
    pub level: u32,
    /// Deflate level of the postings files `p/<n>` (the filtered strategy), most of a
    /// query's download.
    pub postings_level: u32,
    /// Deflate level of the document shards, nine tenths of the index's bytes before
    /// compression, of which a query loads one per result shown.
    pub doc_level: u32,
}

impl Layout {
    /// Small files, compressed hard, for a large index, so a query loads little. An index
    /// of at most [`SMALL_INDEX_DOCS`] documents is exported for speed instead: its whole
    /// index is about a megabyte, so its files are eight times larger (creating a file is
    /// the dearest part of writing one) and deflate runs at level 1 (a little larger, much
    /// less CPU); this also shortens the background reindex after each save in
    /// `notesite serve` (figures: bench/decisions.md#search-export-shapes).
    ///
    /// `bytes` is what the document shards will hold in all (see [`shard_bytes`]): when the
    /// documents are tiny (a note of thousands of one-line sections), a shard takes more of
    /// them, so that a shard holds about [`DOC_SHARD_BYTES`] and the number of files grows
    /// with the text, not with the number of sections.
    pub fn for_docs(docs: usize, bytes: usize) -> Layout {
        let mut layout = Layout::for_count(docs);
        if let Some(average) = bytes.checked_div(docs).filter(|&a| a > 0) {
            layout.doc_shard = (DOC_SHARD_BYTES / average).clamp(layout.doc_shard, MAX_DOC_SHARD);
        }
        layout
    }

    fn for_count(docs: usize) -> Layout {
        if docs <= SMALL_INDEX_DOCS {
            Layout {
                doc_shard: 64,
                group_bytes: 16_000,
                level: 1,
                postings_level: 1,
                doc_level: 1,
            }
        } else {
            Layout {
                // A result needs its title and its text: one file holds both. Results
                // rarely share a shard (documents are ordered by length, not by note),
                // so the eight results a query shows load a shard each. Ten documents a
                // shard keep those eight about as small as the separate 32-document title
                // and 8-document text shards were together, in far fewer files
                // (bench/decisions.md#search-export-shapes).
                doc_shard: 10,
                // Grouping would make each query word load its neighbours' terms too.
                group_bytes: 0,
                level: 6,
                // zlib-rs applies the filtered strategy from level 7 (its levels 4-6 use
                // another matcher): 4 % smaller postings files than level 6 for about 0.1 s
                // more at 10,000 notes (bench/decisions.md#first-query-bytes).
                postings_level: 7,
                // Level 4 deflates them much faster than 6 for a file hardly larger
                // (bench/decisions.md#search-export-shapes).
                doc_level: 4,
            }
        }
    }
}

/// The largest index (in documents, i.e. sections: about 300 notes) exported for speed.
/// Four times as many made a first query load more than on a 10,000-note site
/// (bench/decisions.md#search-export-shapes).
pub const SMALL_INDEX_DOCS: usize = 4_096;
/// What a document shard of small documents may hold before compression. Sections of
/// ordinary notes average 600 bytes or more with their titles and URLs, so they keep the
/// document counts above; only much smaller sections are packed more densely.
pub const DOC_SHARD_BYTES: usize = 6_000;
/// The most documents a document shard holds, however small they are.
pub const MAX_DOC_SHARD: usize = 1_000;

/// The bytes the document shards hold for `docs`: each one's title, URL, heading,
/// breadcrumb, facets and snippet text.
pub fn shard_bytes(docs: &[SearchDoc]) -> usize {
    docs.iter()
        .map(|d| {
            d.url.len()
                + d.title.len()
                + d.heading.len()
                + d.breadcrumb.len()
                + d.category.len()
                + d.note.len()
                + d.body.len().min(SNIPPET_SOURCE_BYTES)
        })
        .sum()
}

/// Documents per facet shard.
pub const FACET_SHARD: usize = 8192;
/// A document's text is exported for snippets up to this many bytes (a service page that
/// gathers every note's facts can hold megabytes; its snippet comes from its start).
pub const SNIPPET_SOURCE_BYTES: usize = 2000;
/// A term whose postings (all fields) take more bytes than this gets a file of its own;
/// smaller ones stay in their dictionary.
pub const EXTERNAL_BYTES: usize = 1024;

/// One posting list: field, doc frequency and encoded postings ([`encode_postings`], for
/// the number of documents of the index).
pub type FieldPostings = (usize, u32, Vec<u8>);

/// The inverted index read back (the documents' own text comes from the [`SearchDoc`]s).
pub struct ReadBack {
    /// Term → its postings in each field that has it (byte order of terms).
    pub terms: BTreeMap<String, Vec<FieldPostings>>,
    /// Total tokens per field.
    pub total_tokens: Vec<u64>,
    /// Number of documents.
    pub docs: u32,
    /// The word pairs ([`super::pairs`]).
    pub pairs: PairPostings,
}

/// What the index stores of one document: enough to print a hit.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// The page title.
    pub title: String,
    /// The section heading.
    pub heading: String,
    /// Ancestors of the page.
    pub breadcrumb: String,
    /// URL relative to the site root.
    pub url: String,
    /// Category for filtering.
    pub category: String,
    /// The note the section belongs to.
    pub note: String,
}

/// The stored fields of document `doc`.
pub fn stored_doc(index: &Index, doc: u32) -> tantivy::Result<StoredDoc> {
    let schema = index.schema();
    let searcher = index.reader()?.searcher();
    let document: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, doc))?;
    let get = |name: &str| {
        document
            .get_first(field(&schema, name))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    Ok(StoredDoc {
        title: get("title"),
        heading: get("heading"),
        breadcrumb: get("breadcrumb"),
        url: get("url"),
        category: get("category"),
        note: get("note"),
    })
}

/// A term of one field: the term, its doc frequency and its encoded postings.
pub type TermPostings = (String, u32, Vec<u8>);

/// One field of a segment read back: its total tokens, and each term (byte order) with its
/// doc frequency and encoded postings ([`encode_postings`]).
pub fn read_field(
    segment: &tantivy::SegmentReader,
    field: tantivy::schema::Field,
) -> tantivy::Result<(u64, Vec<TermPostings>)> {
    let inverted = segment.inverted_index(field)?;
    let norms = segment.get_fieldnorms_reader(field)?;
    let docs = segment.max_doc() as usize;
    let mut terms = Vec::new();
    let mut stream = inverted.terms().stream()?;
    while stream.advance() {
        let term = String::from_utf8_lossy(stream.key()).into_owned();
        let info = stream.value().clone();
        let mut postings =
            inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
        let mut list: Vec<Posting> = Vec::with_capacity(info.doc_freq as usize);
        let mut doc = postings.doc();
        while doc != TERMINATED {
            list.push((doc, postings.term_freq(), norms.fieldnorm_id(doc)));
            doc = postings.advance();
        }
        terms.push((term, info.doc_freq, encode_postings(&list, docs)));
    }
    Ok((inverted.total_num_tokens(), terms))
}

/// Read the committed index back.
pub fn read_back(index: &Index) -> tantivy::Result<ReadBack> {
    let schema = index.schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let segments = searcher.segment_readers();
    if segments.len() > 1 {
        // build_index sizes its budget to the text so this does not happen; say so rather
        // than export doc ids that no longer match the documents' positions.
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "the search index was written as {} segments, not one: the notes are too large \
             for one search index ({} sections)",
            segments.len(),
            searcher.num_docs()
        )));
    }
    let mut terms: BTreeMap<String, Vec<FieldPostings>> = BTreeMap::new();
    let mut total_tokens = vec![0; FIELDS.len()];
    let Some(segment) = segments.first() else {
        return Ok(ReadBack {
            terms,
            total_tokens,
            docs: 0,
            pairs: PairPostings::default(),
        });
    };
    for (field_index, (name, _)) in FIELDS.iter().enumerate() {
        let (tokens, field_terms) = read_field(segment, field(&schema, name))?;
        total_tokens[field_index] = tokens;
        for (term, doc_freq, encoded) in field_terms {
            terms
                .entry(term)
                .or_default()
                .push((field_index, doc_freq, encoded));
        }
    }
    Ok(ReadBack {
        terms,
        total_tokens,
        docs: segment.max_doc(),
        pairs: read_pairs(segment)?,
    })
}

/// The browser files for an index that was read back from the index of `docs`, and the
/// shard table they use.
pub fn export(read: &ReadBack, docs: &[SearchDoc]) -> (Vec<ExportFile>, ShardTable) {
    let sizes: Vec<(&str, usize)> = read
        .terms
        .iter()
        .map(|(t, p)| (t.as_str(), dictionary_bytes(t, p)))
        .collect();
    let table = ShardTable::plan(&sizes);
    let layout = Layout::for_docs(read.docs as usize, shard_bytes(docs));
    let groups = group_keys(&sizes, &table, layout.group_bytes);
    // Each file is packed soon after its JSON is made, so the JSON of the whole index (a
    // few hundred MB of `Value`s at 10,000 notes) is never held at once: a bounded queue
    // hands the files to [`PACKERS`] threads of their own, which deflate while this one
    // reads on. The export is the end of a build's search task: on a thread of its own it
    // packed alone, one core idle, after the pages were rendered.
    let (send, receive) = std::sync::mpsc::sync_channel::<PackJob>(PACK_QUEUE);
    let receive = std::sync::Mutex::new(receive);
    let (mut files, page_shard, buckets) = std::thread::scope(|scope| {
        let packers: Vec<_> = (0..PACKERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut packed = Vec::new();
                    // Each job is taken under the lock, then packed without it.
                    loop {
                        let Ok(job) = receive.lock().expect("pack queue lock").recv() else {
                            break;
                        };
                        packed.push((job.number, pack_job(&job, layout)));
                    }
                    packed
                })
            })
            .collect();
        let mut number = 0;
        let mut add = |name: String, json: Option<Value>, binary: Vec<u8>| {
            let job = PackJob {
                number,
                name,
                json,
                binary,
            };
            number += 1;
            send.send(job).expect("a packer thread stopped");
        };
        term_files(read, &table, &groups, &mut add);
        let pages = page_numbers(docs);
        document_files(docs, &pages, layout, &mut add);
        let page_shard = page_files(&pages, read.docs as usize, &mut add);
        let buckets = bucket_count(&read.pairs);
        pair_files(&read.pairs, buckets, &mut add);
        drop(send);
        let mut packed: Vec<(usize, ExportFile)> = packers
            .into_iter()
            .flat_map(|packer| packer.join().expect("a packer thread panicked"))
            .collect();
        packed.sort_unstable_by_key(|(number, _)| *number);
        let files: Vec<ExportFile> = packed.into_iter().map(|(_, file)| file).collect();
        (files, page_shard, buckets)
    });
    files.push(script("fold", &json!({ "fold": super::fold::table() })));
    let manifest = json!({
        "version": 7,
        "docs": read.docs,
        "fields": FIELDS.iter().zip(&read.total_tokens).map(|((name, _), tokens)| json!({"name": name, "tokens": tokens})).collect::<Vec<_>>(),
        "split": table.split_chars(),
        "dicts": groups,
        "docShard": layout.doc_shard,
        "facetShard": FACET_SHARD,
        "pageShard": page_shard,
        "ranking": super::query::RANKING,
        "pairs": pairs::manifest_entry(&read.pairs, buckets),
    });
    files.push(script("manifest", &manifest));
    (files, table)
}

/// Threads that deflate the exported files ([`export`]) beside the one that makes them.
const PACKERS: usize = 2;
/// Files made but not yet packed, at most: bounds the JSON held at once.
const PACK_QUEUE: usize = 64;

/// One file to pack: its place among the exported files, name, JSON part, binary part.
struct PackJob {
    number: usize,
    name: String,
    json: Option<Value>,
    binary: Vec<u8>,
}

/// Pack one file at the deflate level and strategy its kind takes in `layout`.
fn pack_job(job: &PackJob, layout: Layout) -> ExportFile {
    // A postings file is only bytes of near-random gaps and codes, where deflate's short
    // string matches cost more than the symbols they replace: the filtered strategy
    // (matches of 6 bytes or more) makes them smaller; dictionaries (JSON) and documents
    // (text) deflate better with the default.
    let filtered = job.name.starts_with("p/") || job.name.starts_with("q/");
    let level = if job.name.starts_with("d/") {
        layout.doc_level
    } else if filtered {
        layout.postings_level
    } else {
        layout.level
    };
    packed_script(&job.name, job.json.as_ref(), &job.binary, level, filtered)
}

/// Takes each file to pack: name, JSON part, binary part.
type Add<'a> = dyn FnMut(String, Option<Value>, Vec<u8>) + 'a;

/// What a term adds to its dictionary, for planning the shards.
fn dictionary_bytes(term: &str, postings: &[FieldPostings]) -> usize {
    let bytes: usize = postings.iter().map(|(_, _, b)| b.len()).sum();
    let inline = if bytes > EXTERNAL_BYTES { 0 } else { bytes };
    term.len() + 12 * postings.len() + inline
}

/// The dictionary keys in byte order, in groups that share a file (named after the first):
/// neighbours join while the group plans at most `limit` bytes.
fn group_keys(sizes: &[(&str, usize)], table: &ShardTable, limit: usize) -> Vec<Vec<String>> {
    let mut per_key: BTreeMap<String, usize> = BTreeMap::new();
    for (term, size) in sizes {
        *per_key.entry(table.key(term)).or_default() += size;
    }
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut planned = 0;
    for (key, size) in per_key {
        match groups.last_mut() {
            Some(group) if planned + size <= limit => {
                group.push(key);
                planned += size;
            }
            _ => {
                groups.push(vec![key]);
                planned = size;
            }
        }
    }
    groups
}

/// Dictionaries `t/<hex of a group's first key>` and large postings `p/<n>`. A dictionary's
/// JSON is `{"terms": [[term, [[field, docFreq, where]]]]}`, in byte order of terms; `where`
/// is `[start, end]` in the dictionary's own binary part, or `[n, start, end]` in `p/<n>`'s.
fn term_files(read: &ReadBack, table: &ShardTable, groups: &[Vec<String>], add: &mut Add) {
    let file_of: BTreeMap<&str, &str> = groups
        .iter()
        .flat_map(|g| g.iter().map(move |k| (k.as_str(), g[0].as_str())))
        .collect();
    let mut by_file: BTreeMap<&str, Vec<(&String, &Vec<FieldPostings>)>> = BTreeMap::new();
    for (term, postings) in &read.terms {
        let key = table.key(term);
        by_file
            .entry(file_of[key.as_str()])
            .or_default()
            .push((term, postings));
    }
    let mut external = 0;
    for (key, terms) in by_file {
        let mut binary = Vec::new();
        let mut rows = Vec::new();
        for (term, postings) in terms {
            let bytes: usize = postings.iter().map(|(_, _, b)| b.len()).sum();
            // A large term's postings go to a file of its own: (its number, its bytes).
            let mut own = (bytes > EXTERNAL_BYTES).then(|| {
                external += 1;
                (external - 1, Vec::with_capacity(bytes))
            });
            let mut fields = Vec::new();
            for (field, df, encoded) in postings {
                let place = match &mut own {
                    Some((n, out)) => {
                        out.extend_from_slice(encoded);
                        json!([n, out.len() - encoded.len(), out.len()])
                    }
                    None => {
                        binary.extend_from_slice(encoded);
                        json!([binary.len() - encoded.len(), binary.len()])
                    }
                };
                fields.push(json!([field, df, place]));
            }
            if let Some((n, out)) = own {
                add(format!("p/{n}"), None, out);
            }
            rows.push(json!([term, fields]));
        }
        let name = format!("t/{}", ShardTable::file_stem(key));
        add(name, Some(json!({ "terms": rows })), binary);
    }
}

/// Document shards `d/<n>` (`{"docs": [[url, title, heading, breadcrumb, category, note]],
/// "text": [...], "cut": [indices of cut texts]}`) and facet shards `f/<n>`.
fn document_files(docs: &[SearchDoc], pages: &[u32], layout: Layout, add: &mut Add) {
    for (n, chunk) in docs.chunks(layout.doc_shard).enumerate() {
        let meta: Vec<Value> = chunk
            .iter()
            .map(|d| json!([d.url, d.title, d.heading, d.breadcrumb, d.category, d.note]))
            .collect();
        let text: Vec<&str> = chunk
            .iter()
            .map(|d| cut(&d.body, SNIPPET_SOURCE_BYTES))
            .collect();
        let cuts: Vec<usize> = chunk
            .iter()
            .enumerate()
            .filter(|(_, d)| d.body.len() > SNIPPET_SOURCE_BYTES)
            .map(|(i, _)| i)
            .collect();
        add(
            format!("d/{n}"),
            Some(json!({ "docs": meta, "text": text, "cut": cuts })),
            Vec::new(),
        );
    }
    for (n, (chunk, pages)) in docs
        .chunks(FACET_SHARD)
        .zip(pages.chunks(FACET_SHARD))
        .enumerate()
    {
        add(format!("f/{n}"), Some(facets(chunk, pages)), Vec::new());
    }
}

/// Each document's page: pages numbered by their first document (a page is the part of a
/// URL before `#`, [`crate::group::page_key`]).
pub fn page_numbers(docs: &[SearchDoc]) -> Vec<u32> {
    let mut numbers: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    docs.iter()
        .map(|d| {
            let next = numbers.len() as u32;
            *numbers
                .entry(crate::group::page_key(&d.url))
                .or_insert(next)
        })
        .collect()
}

/// Documents per page shard in a large index: grouping results by page asks the page of a
/// few dozen top hits, scattered over the doc ids, so each file is small (a few hundred
/// bytes); a small index has one page file.
pub const PAGE_SHARD: usize = 64;

/// Page shards `g/<n>`: each document's page number ([`page_numbers`]) as 4-byte
/// little-endian integers, for grouping results by page. Returns the documents per shard.
fn page_files(numbers: &[u32], count: usize, add: &mut Add) -> usize {
    let shard = if count <= SMALL_INDEX_DOCS {
        SMALL_INDEX_DOCS
    } else {
        PAGE_SHARD
    };
    for (n, chunk) in numbers.chunks(shard).enumerate() {
        let bytes = chunk.iter().flat_map(|p| p.to_le_bytes()).collect();
        add(format!("g/{n}"), None, bytes);
    }
    shard
}

/// `{"categories": [...], "notes": [...], "docs": [category, note, category, note, ...],
/// "pages": [page, ...]}`: each document's category and note as indices into the lists of
/// distinct values, and its page number ([`page_numbers`]; the results page, which filters
/// every hit, groups them all by page from here).
fn facets(chunk: &[SearchDoc], pages: &[u32]) -> Value {
    let mut lists: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
    let mut seen: [BTreeMap<&str, usize>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut docs = Vec::with_capacity(chunk.len() * 2);
    for doc in chunk {
        for (i, value) in [doc.category.as_str(), doc.note.as_str()]
            .into_iter()
            .enumerate()
        {
            let next = lists[i].len();
            let index = *seen[i].entry(value).or_insert(next);
            if index == next {
                lists[i].push(value);
            }
            docs.push(index);
        }
    }
    json!({ "categories": lists[0], "notes": lists[1], "docs": docs, "pages": pages })
}

/// `text` up to `max` bytes, cut at a character boundary.
#[expect(
    clippy::string_slice,
    reason = "the end is moved back to a character boundary first"
)]
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_at_character_boundaries() {
        assert_eq!(cut("abc", 5), "abc");
        assert_eq!(cut("abcdef", 3), "abc");
        assert_eq!(cut("aé", 2), "a");
    }

    #[test]
    fn tiny_sections_share_a_shard_so_files_grow_with_the_text() {
        let doc = |body: &str| SearchDoc {
            title: "A note".into(),
            url: "notes/a/index.html".into(),
            heading: "Same".into(),
            body: body.into(),
            ..SearchDoc::default()
        };
        let ordinary = vec![doc(&"word ".repeat(120)); 20_000];
        assert_eq!(
            Layout::for_docs(ordinary.len(), shard_bytes(&ordinary)).doc_shard,
            10
        );
        let small_site = vec![doc(&"word ".repeat(120)); 100];
        assert_eq!(
            Layout::for_docs(small_site.len(), shard_bytes(&small_site)).doc_shard,
            64
        );
        let tiny = vec![doc("one line"); 700_000];
        let layout = Layout::for_docs(tiny.len(), shard_bytes(&tiny));
        assert!(layout.doc_shard > 100, "{}", layout.doc_shard);
        assert!(
            layout.doc_shard * 50 <= DOC_SHARD_BYTES * 2,
            "about DOC_SHARD_BYTES a shard"
        );
        assert_eq!(Layout::for_docs(0, 0).doc_shard, 64);
    }
}
