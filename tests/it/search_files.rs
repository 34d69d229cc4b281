//! The exported search files of a built site: every term of the index can be found through
//! the manifest and its dictionary with the very postings tantivy holds, large posting lists
//! live in files of their own, and a query in the browser loads only the files its words,
//! their expansions and its shown results need.

use crate::common::*;
use notesite::search::cache::open_fresh;
use notesite::search::export::{read_back, stored_doc, EXTERNAL_BYTES};
use notesite::search::pack::{decode_postings, unpack, PostingsLayout};
use notesite::search::pairs::bucket;
use notesite::search::plan::plan;
use notesite::search::query::{expand, shard_terms, RANKING};
use notesite::search::shards::ShardTable;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The data a search file registers: `NotesiteSearch.add("name", data);`.
fn registered(public: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(public.join(format!("search/{name}.js")))
        .unwrap_or_else(|e| panic!("search/{name}.js: {e}"));
    let prefix = format!("NotesiteSearch.add({name:?},");
    let json = text
        .strip_prefix(&prefix)
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("search/{name}.js does not register itself as {name}"));
    serde_json::from_str(json).unwrap()
}

/// A packed file's JSON and binary parts. Its text is a JavaScript string that holds
/// control characters (so not JSON), after a byte order mark:
/// `\u{feff}NotesiteSearch.add("name","<text>");`.
fn packed(public: &Path, name: &str) -> (Value, Vec<u8>) {
    let text = std::fs::read_to_string(public.join(format!("search/{name}.js")))
        .unwrap_or_else(|e| panic!("search/{name}.js: {e}"));
    let data = text
        .strip_prefix('\u{feff}')
        .expect("a byte order mark says the file is UTF-8")
        .strip_prefix(&format!("NotesiteSearch.add({name:?},\""))
        .and_then(|t| t.strip_suffix("\");\n"))
        .unwrap_or_else(|| panic!("search/{name}.js does not register a packed string"));
    let (json, binary) = unpack(data).expect("unpacks");
    (json.unwrap_or(Value::Null), binary)
}

/// Where a term's postings are, per field: `(field, doc freq, file, start, end)`.
type Places = Vec<(usize, u32, String, usize, usize)>;

/// Dictionary key → the file that holds it (`t/<hex of its group's first key>`), from the
/// manifest's groups.
fn dictionary_files(manifest: &Value) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for group in manifest["dicts"].as_array().expect("dicts") {
        let keys: Vec<&str> = group
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        let file = format!("t/{}", ShardTable::file_stem(keys[0]));
        for key in keys {
            assert!(
                files.insert(key.to_string(), file.clone()).is_none(),
                "key `{key}` is in two groups"
            );
        }
    }
    files
}

/// Every term of a dictionary file with where its postings are.
fn dictionary(public: &Path, name: &str) -> BTreeMap<String, Places> {
    let (json, _) = packed(public, name);
    let mut terms = BTreeMap::new();
    for row in json["terms"].as_array().unwrap() {
        let places = row[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let n = |v: &Value| v.as_u64().unwrap() as usize;
                let place: Vec<usize> = f[2].as_array().unwrap().iter().map(n).collect();
                let (file, start, end) = match place[..] {
                    [start, end] => (name.to_string(), start, end),
                    [file, start, end] => (format!("p/{file}"), start, end),
                    _ => panic!("bad place {place:?}"),
                };
                (n(&f[0]), n(&f[1]) as u32, file, start, end)
            })
            .collect();
        terms.insert(row[0].as_str().unwrap().to_string(), places);
    }
    terms
}

#[test]
fn every_term_is_reachable_with_the_postings_tantivy_holds() {
    let site = built_example_site();
    let public = site.path().join("public");
    let (index, table) = open_fresh(site.path()).expect("the build kept a fresh index");
    let read = read_back(&index).unwrap();
    let manifest = registered(&public, "manifest");
    let keys = dictionary_files(&manifest);
    let mut dictionaries = BTreeMap::new();
    let mut binaries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut external_terms = 0;
    // What the decoded postings add up to: tokens per field (each field's token count, as
    // tantivy keeps it, is the sum of its terms' frequencies), one fieldnorm id per
    // (field, doc), and the layouts met.
    let mut tokens = vec![0u64; read.total_tokens.len()];
    let mut norms: BTreeMap<(usize, u32), u8> = BTreeMap::new();
    let mut layouts = BTreeSet::new();
    for (term, postings) in &read.terms {
        let key = table.key(term);
        let file = keys
            .get(&key)
            .unwrap_or_else(|| panic!("no dictionary for `{term}` (key `{key}`)"));
        let terms = dictionaries
            .entry(file.clone())
            .or_insert_with(|| dictionary(&public, file));
        let places = terms
            .get(term)
            .unwrap_or_else(|| panic!("`{term}` is missing from its dictionary {file}"));
        assert_eq!(places.len(), postings.len(), "fields of `{term}`");
        let bytes: usize = postings.iter().map(|(_, _, b)| b.len()).sum();
        for ((field, df, encoded), (f, d, file, start, end)) in postings.iter().zip(places) {
            assert_eq!((field, df), (f, d), "`{term}`");
            assert_eq!(
                file.starts_with("p/"),
                bytes > EXTERNAL_BYTES,
                "`{term}` ({bytes} bytes of postings) is in {file}"
            );
            let binary = binaries
                .entry(file.clone())
                .or_insert_with(|| packed(&public, file).1);
            assert_eq!(&binary[*start..*end], &encoded[..], "postings of `{term}`");
            let decoded =
                decode_postings(&binary[*start..*end], *df as usize, read.docs as usize).unwrap();
            assert_eq!(decoded.len(), *df as usize);
            layouts.insert(format!(
                "{:?}",
                PostingsLayout::of(decoded.len(), read.docs as usize)
            ));
            assert!(
                decoded.windows(2).all(|w| w[0].0 < w[1].0),
                "`{term}` ascending"
            );
            for &(doc, tf, norm) in &decoded {
                assert!(doc < read.docs && tf >= 1, "`{term}`: doc {doc}, tf {tf}");
                tokens[*field] += u64::from(tf);
                let known = *norms.entry((*field, doc)).or_insert(norm);
                assert_eq!(known, norm, "fieldnorm id of doc {doc} in `{term}`");
            }
        }
        external_terms += usize::from(bytes > EXTERNAL_BYTES);
    }
    assert_eq!(
        tokens, read.total_tokens,
        "term frequencies add up to the field lengths"
    );
    assert_eq!(
        layouts.into_iter().collect::<Vec<_>>(),
        ["Dense", "Joint", "Runs"],
        "the example site has lists of every density"
    );
    // The dictionaries hold exactly the terms of their keys; small ones share files, and
    // frequent terms have postings files of their own.
    let total: usize = dictionaries.values().map(BTreeMap::len).sum();
    assert_eq!(total, read.terms.len());
    let files: BTreeSet<&String> = keys.values().collect();
    assert_eq!(dictionaries.len(), files.len());
    assert!(files.len() < keys.len(), "small dictionaries share files");
    assert!(external_terms > 0, "the example site has frequent terms");
    let files: BTreeSet<&String> = binaries.keys().filter(|f| f.starts_with("p/")).collect();
    assert_eq!(
        files.len(),
        external_terms,
        "one postings file per large term"
    );
}

#[test]
fn every_word_pair_is_in_its_bucket_with_the_postings_tantivy_holds() {
    let site = built_example_site();
    let public = site.path().join("public");
    let (index, _) = open_fresh(site.path()).expect("the build kept a fresh index");
    let read = read_back(&index).unwrap();
    let buckets = registered(&public, "manifest")["pairs"]["buckets"]
        .as_u64()
        .unwrap() as u32;
    assert!(buckets > 1 && read.pairs.terms.len() > 1_000);
    let mut files: BTreeMap<u32, (Value, Vec<u8>)> = BTreeMap::new();
    for (term, (df, encoded)) in &read.pairs.terms {
        let n = bucket(term, buckets);
        let (rows, binary) = files
            .entry(n)
            .or_insert_with(|| packed(&public, &format!("w/{n}")));
        let row = rows["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == *term)
            .unwrap_or_else(|| panic!("`{term}` is missing from w/{n}"));
        assert_eq!(row[1], *df, "doc frequency of `{term}`");
        let place: Vec<usize> = row[2]
            .as_array()
            .expect("a small site has no common pair")
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let bytes = match place[..] {
            [start, end] => binary[start..end].to_vec(),
            [q, start, end] => packed(&public, &format!("q/{q}")).1[start..end].to_vec(),
            _ => panic!("`{term}`: {place:?}"),
        };
        assert_eq!(&bytes, encoded, "postings of `{term}`");
        assert_eq!(
            decode_postings(&bytes, *df as usize, read.docs as usize)
                .unwrap()
                .len(),
            *df as usize
        );
    }
    assert_eq!(files.len(), buckets as usize, "every bucket holds pairs");
}

/// The files a fresh runtime loads for `search(q, {limit: 8})`, then for `docs()` and
/// `snippets()` of its hits, recorded through the runtime's loader hook; and the hits.
fn browser_loads(chromium: &Path, root: &Path, queries: &[&str]) -> Vec<(Vec<String>, Vec<u64>)> {
    let body = r#"var names = [];
    S.configure({ loader: function (url, name) {
      names.push(name);
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url; s.onload = resolve; s.onerror = reject;
        document.head.appendChild(s);
      });
    } });
    var r = await S.search(q, { limit: 8 });
    var ids = r.hits.map(function (h) { return h.doc; });
    await S.docs(ids);
    await S.snippets(ids, r.words);
    out.push([names, ids]);"#;
    serde_json::from_value(search_harness(chromium, root, queries, body))
        .expect("[[files], [ids]] per query")
}

#[test]
fn a_query_loads_only_the_files_its_words_and_shown_results_need() {
    let Some(chromium) = chromium() else { return };
    let site = built_example_site();
    let public = site.path().join("public");
    let (index, table) = open_fresh(site.path()).expect("the build kept a fresh index");
    let searcher = index.reader().unwrap().searcher();
    let manifest = registered(&public, "manifest");
    let keys = dictionary_files(&manifest);
    let doc_shard = manifest["docShard"].as_u64().unwrap();
    let queries = [
        "guardrails pii",
        "sagemkaer",
        "trans",
        "amazon bedrock",
        "zzyzx",
        "\"knowledge base\" pricing",
    ];
    let buckets = manifest["pairs"]["buckets"].as_u64().unwrap() as u32;
    let loads = browser_loads(&chromium, site.path(), &queries);
    let mut kinds = BTreeSet::new();
    for (query, (names, ids)) in queries.iter().zip(loads) {
        let mut expected = BTreeSet::from(["manifest".to_string()]);
        let plan = plan(query, RANKING.stop_words);
        for word in &plan.words {
            let key = table.key(&word.text);
            let Some(file) = keys.get(&key) else {
                continue;
            };
            expected.insert(file.clone());
            let terms = dictionary(&public, file);
            let candidates = shard_terms(&searcher, &table, &key).unwrap();
            let expansions = expand(&word.text, word.last, &candidates, &RANKING.expansion);
            for (term, _) in expansions
                .iter()
                .filter(|(t, _)| !word.exact || *t == word.text)
            {
                for (_, _, file, _, _) in &terms[term] {
                    expected.insert(file.clone());
                }
            }
        }
        // One pair bucket per pair, and the postings file of a frequent pair.
        for pair in &plan.pairs {
            let file = format!("w/{}", bucket(&pair.term, buckets));
            let (rows, _) = packed(&public, &file);
            expected.insert(file);
            let row = rows["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r[0] == pair.term);
            if let Some(place) = row.and_then(|r| r[2].as_array()) {
                if place.len() == 3 {
                    expected.insert(format!("q/{}", place[0]));
                }
            }
        }
        for id in &ids {
            expected.insert(format!("d/{}", id / doc_shard));
        }
        let loaded: BTreeSet<String> = names.iter().cloned().collect();
        assert_eq!(loaded.len(), names.len(), "`{query}` loaded a file twice");
        assert_eq!(loaded, expected, "files loaded for `{query}`");
        assert!(ids.len() <= 8);
        kinds.extend(
            names
                .iter()
                .map(|n| n.split('/').next().unwrap().to_string()),
        );
    }
    let every_kind = ["d", "manifest", "p", "t", "w"].map(String::from);
    assert_eq!(
        kinds,
        BTreeSet::from(every_kind),
        "the queries use every kind of file"
    );
}

#[test]
fn facet_shards_give_every_section_its_category_and_note() {
    let site = built_example_site();
    let public = site.path().join("public");
    let (index, _) = open_fresh(site.path()).expect("the build kept a fresh index");
    let docs = read_back(&index).unwrap().docs;
    let manifest = registered(&public, "manifest");
    let shard = manifest["facetShard"].as_u64().unwrap() as usize;
    let mut facets = BTreeMap::new();
    for doc in 0..docs as usize {
        let stored = stored_doc(&index, doc as u32).unwrap();
        let file = facets
            .entry(doc / shard)
            .or_insert_with(|| packed(&public, &format!("f/{}", doc / shard)).0);
        let local = (doc % shard) * 2;
        let value = |list: &str, slot: usize| {
            let index = file["docs"][slot].as_u64().unwrap() as usize;
            file[list][index].as_str().unwrap().to_string()
        };
        assert_eq!(
            value("categories", local),
            stored.category,
            "category of {doc}"
        );
        assert_eq!(value("notes", local + 1), stored.note, "note of {doc}");
    }
    assert!(docs > 0);
}

#[test]
fn page_files_and_facets_number_the_pages_of_sections_alike() {
    let site = built_example_site();
    let public = site.path().join("public");
    let (index, _) = open_fresh(site.path()).expect("the build kept a fresh index");
    let docs = read_back(&index).unwrap().docs as usize;
    let manifest = registered(&public, "manifest");
    let page_shard = manifest["pageShard"].as_u64().unwrap() as usize;
    let facet_shard = manifest["facetShard"].as_u64().unwrap() as usize;
    // Page number → the page's URL (before `#`), and back: one number per page.
    let mut urls: BTreeMap<u32, String> = BTreeMap::new();
    let mut numbers: BTreeMap<String, u32> = BTreeMap::new();
    for doc in 0..docs {
        let stored = stored_doc(&index, doc as u32).unwrap();
        let page = stored.url.split('#').next().unwrap().to_string();
        let (_, bytes) = packed(&public, &format!("g/{}", doc / page_shard));
        let at = (doc % page_shard) * 4;
        let number = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let (facets, _) = packed(&public, &format!("f/{}", doc / facet_shard));
        assert_eq!(
            facets["pages"][doc % facet_shard].as_u64(),
            Some(u64::from(number)),
            "page of {doc} in its facet shard"
        );
        assert_eq!(urls.entry(number).or_insert_with(|| page.clone()), &page);
        assert_eq!(numbers.entry(page.clone()).or_insert(number), &number);
    }
    assert!(
        urls.len() > 20 && urls.len() < docs,
        "pages hold several sections"
    );
}
