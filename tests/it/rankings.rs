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

/// One query's ranked hits: (doc, score), best first, and (when the runtime reported them)
/// its first [`PAGES`] pages as grouped results, each page the docs of its sections.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ranked {
    pub(crate) query: String,
    pub(crate) hits: Vec<(u32, f32)>,
    pub(crate) pages: Option<Vec<Vec<u32>>>,
}

impl Ranked {
    /// One `{query, hits: [[doc, score], ...]}` object written by a JavaScript harness.
    pub(crate) fn from_json(r: &Value) -> Ranked {
        Ranked {
            query: r["query"].as_str().unwrap().to_string(),
            hits: r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h[0].as_u64().unwrap() as u32, h[1].as_f64().unwrap() as f32))
                .collect(),
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
