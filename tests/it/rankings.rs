//! What the search tests compare: each query's ranked hits from tantivy (`notesite search`'s
//! ranking) and from the browser runtime (under node or in Chromium), and the comparison.

use notesite::search::cache::open_fresh;
use notesite::search::group::search_pages;
use notesite::search::query::{search_with, Ranking};
use serde_json::Value;
use std::path::Path;

/// Scores may differ by this much, relative (a few f32 steps; in practice they are equal).
pub(crate) const TOLERANCE: f32 = 1e-6;

/// The queries of `tests/search-queries.json`.
pub(crate) fn queries() -> Vec<String> {
    serde_json::from_str(include_str!("../search-queries.json")).expect("a JSON list of queries")
}

/// How many pages the grouped results are compared for.
pub(crate) const PAGES: usize = 10;

/// A ranking with a limit: (limit, total count of hits, hits).
pub(crate) type Top = (usize, usize, Vec<(u32, f32)>);

/// One query's ranked hits: (doc, score), best first, and (when the runtime reported them)
/// its first [`PAGES`] pages as grouped results, each page the docs of its sections.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ranked {
    pub(crate) query: String,
    pub(crate) hits: Vec<(u32, f32)>,
    pub(crate) pages: Option<Vec<Vec<u32>>>,
    /// (when the runtime reported them) the same query ranked with a limit: (limit, total,
    /// hits), which must be the first `limit` of `hits` and count all of them.
    pub(crate) tops: Vec<Top>,
    /// How many of the query's rankings with a limit skipped sections (search.js
    /// `rankPruned`; 0 when the runtime did not say).
    pub(crate) pruned: u64,
}

impl Ranked {
    /// One `{query, hits: [[doc, score], ...]}` object written by a JavaScript harness.
    pub(crate) fn from_json(r: &Value) -> Ranked {
        let hits = |list: &Value| -> Vec<(u32, f32)> {
            list.as_array()
                .unwrap()
                .iter()
                .map(|h| (h[0].as_u64().unwrap() as u32, h[1].as_f64().unwrap() as f32))
                .collect()
        };
        Ranked {
            query: r["query"].as_str().unwrap().to_string(),
            hits: hits(&r["hits"]),
            tops: r
                .get("tops")
                .and_then(Value::as_array)
                .map(|tops| {
                    tops.iter()
                        .map(|t| {
                            let count = |v: &Value| v.as_u64().unwrap() as usize;
                            (count(&t[0]), count(&t[1]), hits(&t[2]))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            pruned: r.get("pruned").and_then(Value::as_u64).unwrap_or(0),
            pages: r.get("pages").map(|pages| {
                pages
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|docs| {
                        docs.as_array()
                            .unwrap()
                            .iter()
                            .map(|d| d.as_u64().unwrap() as u32)
                            .collect()
                    })
                    .collect()
            }),
        }
    }
}

/// The first `limit` hits of each query, ranked by tantivy with `ranking`, from the index
/// the build at `root` kept.
pub(crate) fn rust_rankings(
    root: &Path,
    queries: &[String],
    limit: usize,
    ranking: &Ranking,
) -> Vec<Ranked> {
    let (index, shards) = open_fresh(root).expect("the build kept a fresh index");
    queries
        .iter()
        .map(|q| Ranked {
            query: q.clone(),
            hits: search_with(&index, &shards, q, limit, ranking)
                .unwrap()
                .into_iter()
                .map(|h| (h.doc, h.score))
                .collect(),
            pages: Some(
                search_pages(&index, &shards, q, PAGES, ranking)
                    .unwrap()
                    .pages
                    .into_iter()
                    .map(|p| p.sections.into_iter().map(|h| h.doc).collect())
                    .collect(),
            ),
            tops: Vec::new(),
            pruned: 0,
        })
        .collect()
}

/// Insist that `runtime` ranked every query as tantivy did (same hits, same order, scores
/// within [`TOLERANCE`]); returns (queries with results, scores compared, scores
/// bit-identical).
pub(crate) fn assert_same_rankings(
    site: &str,
    runtime: &str,
    rust: &[Ranked],
    other: &[Ranked],
) -> (usize, usize, usize) {
    assert_eq!(rust.len(), other.len());
    let (mut with_results, mut scores, mut identical) = (0, 0, 0);
    for (r, o) in rust.iter().zip(other) {
        assert_eq!(r.query, o.query);
        let docs = |x: &Ranked| x.hits.iter().map(|h| h.0).collect::<Vec<_>>();
        assert_eq!(docs(r), docs(o), "{site}: `{}` ranks differently", r.query);
        for ((_, rs), (_, os)) in r.hits.iter().zip(&o.hits) {
            assert!(
                ((rs - os) / rs).abs() <= TOLERANCE,
                "{site}: `{}` scores {rs} (tantivy) vs {os} ({runtime})",
                r.query
            );
            scores += 1;
            identical += usize::from(rs.to_bits() == os.to_bits());
        }
        // A limit only skips the sections that cannot reach it: the same first hits, bit
        // for bit, and the same count of all of them.
        for (limit, total, top) in &o.tops {
            let first = &o.hits[..o.hits.len().min(*limit)];
            let bits = |hits: &[(u32, f32)]| -> Vec<(u32, u32)> {
                hits.iter().map(|(d, s)| (*d, s.to_bits())).collect()
            };
            assert_eq!(
                bits(top),
                bits(first),
                "{site}: `{}` with limit {limit} is not the start of its whole ranking",
                r.query
            );
            assert_eq!(
                *total,
                o.hits.len(),
                "{site}: `{}` with limit {limit} counts {total} hits, not {}",
                r.query,
                o.hits.len()
            );
        }
        if let (Some(rp), Some(op)) = (&r.pages, &o.pages) {
            assert_eq!(rp, op, "{site}: `{}` groups its pages differently", r.query);
        }
        with_results += usize::from(!r.hits.is_empty());
    }
    eprintln!(
        "{site}: {} queries ({with_results} with results): same hits in the same order in \
         tantivy and {runtime}; {identical} of {scores} scores bit-identical, all within \
         {TOLERANCE:e}",
        rust.len()
    );
    (with_results, scores, identical)
}
