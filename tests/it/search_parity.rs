//! Ranking parity without a browser: the site's own `search.js`, run under node
//! (`crates/search/parity/run.js`, a `vm` context with the few browser globals it uses), ranks every
//! query exactly as `notesite search` (tantivy) does: the same documents in the same order,
//! every hit and not only the first ten, with the same scores. Over the repository's query
//! list on the example site, the 60 judged queries of the shared corpora, and the judged
//! sets of the relevance benchmark (`bench/relevance/{example,seeds}.tsv`). The
//! ranking constants are proven to come from the manifest: changing one there changes the
//! browser's ranking, the same way as changing it in Rust.
//!
//! Scores: both sides compute BM25 in f32 in the same order, so they are expected to be
//! bit-identical; the check allows 1e-6 relative (a few f32 ulps, as the Chromium check
//! does), which is far below any gap that changes an order (the documents must be in the
//! same order anyway), and the run reports how many scores were bit-identical.

use crate::common::*;
use crate::rankings::*;
use notesite::search::query::{Ranking, RANKING};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What the skip messages say did not run.
const CHECKS: &str = "the node ranking parity checks";

/// [`assert_same_rankings`] with the runtime named; also that the rankings with a limit
/// (`Ranked::tops`, the start of each whole ranking) skipped sections for at least a
/// quarter of the queries, so that the check covers that path.
fn assert_same_rankings_in_node(
    site: &str,
    rust: &[Ranked],
    node: &[Ranked],
) -> (usize, usize, usize) {
    let pruned = node.iter().filter(|r| r.pruned > 0).count();
    eprintln!(
        "{site}: {pruned} of {} queries ranked with pruning",
        node.len()
    );
    assert!(
        pruned * 4 >= node.len(),
        "{site}: only {pruned} of {} queries were ranked with pruning",
        node.len()
    );
    assert_same_rankings(site, "search.js under node", rust, node)
}

/// Every hit of each query, ranked by `public/assets/search.js` under node, once per
/// element of `rankings` (`None`: the manifest as exported; `Some`: its `ranking` replaced).
fn node_rankings(root: &Path, queries: &[String], rankings: &[Option<Value>]) -> Vec<Vec<Ranked>> {
    let runs: Vec<Value> = rankings
        .iter()
        .map(|r| json!({ "ranking": r, "queries": queries }))
        .collect();
    let harness = crate::common::repo_dir().join("crates/search/parity/run.js");
    let mut child = Command::new("node")
        .arg(harness)
        .arg(root.join("public"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let request = json!({ "runs": runs }).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the node harness failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("the harness wrote JSON");
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|run| {
            run.as_array()
                .unwrap()
                .iter()
                .map(Ranked::from_json)
                .collect()
        })
        .collect()
}

#[test]
fn search_js_under_node_ranks_exactly_as_tantivy_on_the_example_site() {
    let Some(()) = node(CHECKS) else { return };
    let site = built_example_site();
    let queries = queries();
    let node = node_rankings(site.path(), &queries, &[None]);
    let rust = rust_rankings(site.path(), &queries, usize::MAX, &RANKING);
    let (with_results, _, _) = assert_same_rankings_in_node("example site", &rust, &node[0]);
    assert!(with_results >= 30, "most queries should find something");
}

/// The judged queries of a shared corpus (`queries.tsv`: query, tab, expected path).
fn judged_queries(corpus: &Path) -> Vec<String> {
    std::fs::read_to_string(corpus.join("queries.tsv"))
        .expect("queries.tsv")
        .lines()
        .filter_map(|line| line.split('\t').next())
        .filter(|q| !q.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn search_js_under_node_ranks_the_judged_corpus_queries_exactly_as_tantivy() {
    let Some(()) = node(CHECKS) else { return };
    let Some(corpora) = shared("corpora", CHECKS) else {
        return;
    };
    let mut judged = 0;
    for name in ["aws-guide", "rust-docs", "study-notes"] {
        let corpus = corpora.join(name);
        // A copy, so that nothing is written into the shared folder.
        let site = tempfile::tempdir().unwrap();
        copy_tree(&corpus.join("content"), &site.path().join("content"));
        std::fs::copy(
            corpus.join("notesite.toml"),
            site.path().join("notesite.toml"),
        )
        .unwrap();
        build_ok(site.path(), &[]);
        let queries = judged_queries(&corpus);
        let node = node_rankings(site.path(), &queries, &[None]);
        let rust = rust_rankings(site.path(), &queries, usize::MAX, &RANKING);
        assert_same_rankings_in_node(name, &rust, &node[0]);
        judged += queries.len();
    }
    assert_eq!(judged, 60, "20 judged queries per corpus");
}

/// The queries of a judged set of the relevance benchmark (`bench/relevance/<name>.tsv`;
/// `#` lines are comments).
fn bench_queries(name: &str) -> Vec<String> {
    let path = crate::common::repo_dir().join(format!("bench/relevance/{name}.tsv"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split('\t').next())
        .filter(|q| !q.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn search_js_under_node_ranks_the_benchmark_queries_of_the_example_notes_exactly_as_tantivy() {
    let Some(()) = node(CHECKS) else { return };
    let site = built_example_site();
    let queries = bench_queries("example");
    let node = node_rankings(site.path(), &queries, &[None]);
    let rust = rust_rankings(site.path(), &queries, usize::MAX, &RANKING);
    let (with_results, _, _) = assert_same_rankings_in_node("example.tsv", &rust, &node[0]);
    assert!(queries.len() >= 30 && with_results > 0);
}

#[test]
fn search_js_under_node_ranks_the_benchmark_queries_of_the_seed_notes_exactly_as_tantivy() {
    let Some(()) = node(CHECKS) else { return };
    let Some((site, _)) = seed_site(None) else {
        return;
    };
    build_ok(site.path(), &[]);
    let queries = bench_queries("seeds");
    let node = node_rankings(site.path(), &queries, &[None]);
    let rust = rust_rankings(site.path(), &queries, usize::MAX, &RANKING);
    let (with_results, _, _) = assert_same_rankings_in_node("seeds.tsv", &rust, &node[0]);
    assert!(queries.len() >= 20 && with_results > 0);
}

/// The ranking with one constant changed, named.
fn variants() -> Vec<(&'static str, Ranking)> {
    let mut out = Vec::new();
    let mut add = |name, change: &dyn Fn(&mut Ranking)| {
        let mut ranking = RANKING;
        change(&mut ranking);
        assert_ne!(ranking, RANKING, "{name} changes nothing");
        out.push((name, ranking));
    };
    add("title boost", &|r| r.fields[0].1 = 9.0);
    add("heading boost", &|r| r.fields[1].1 = 0.25);
    add("services boost", &|r| r.fields[2].1 = 8.0);
    add("breadcrumb boost", &|r| r.fields[3].1 = 6.0);
    add("body boost", &|r| r.fields[4].1 = 4.0);
    add("expansion max", &|r| r.expansion.max = 1);
    add("prefix boost", &|r| r.expansion.prefix = 0.2);
    add("one-edit boost", &|r| r.expansion.fuzzy1 = 0.9);
    add("two-edit boost", &|r| r.expansion.fuzzy2 = 0.05);
    add("shortest prefix", &|r| r.expansion.min_prefix = 12);
    add("one edit from", &|r| r.expansion.one_edit_from = 12);
    add("two edits from", &|r| r.expansion.two_edits_from = 5);
    add("known word df", &|r| r.expansion.known_df = 1);
    add("stop words", &|r| r.stop_words = &[]);
    add("coordination", &|r| r.coordination = 1);
    add("pair boost", &|r| r.pair = 3.0);
    out
}

#[test]
fn every_ranking_constant_reaches_search_js_through_the_manifest() {
    let Some(()) = node(CHECKS) else { return };
    let site = built_example_site();
    let mut queries = queries();
    queries.extend(bench_queries("example"));
    let variants = variants();
    // k1 and b are tantivy's own (it cannot use others), so for them the check is that the
    // browser's scores follow the manifest, away from tantivy's.
    let mut changed_bm25 = Vec::new();
    for (name, change) in [("k1", [0.6f32, 0.0]), ("b", [0.0, -0.5])] {
        let mut ranking = RANKING;
        ranking.k1 += change[0];
        ranking.b += change[1];
        changed_bm25.push((name, ranking));
    }
    let mut rankings: Vec<Option<Value>> = vec![None];
    rankings.extend(
        variants
            .iter()
            .chain(&changed_bm25)
            .map(|(_, r)| Some(serde_json::to_value(r).unwrap())),
    );
    let runs = node_rankings(site.path(), &queries, &rankings);
    let baseline = &runs[0];
    assert_same_rankings_in_node(
        "example site",
        &rust_rankings(site.path(), &queries, usize::MAX, &RANKING),
        baseline,
    );
    for ((name, ranking), node) in variants.iter().zip(&runs[1..]) {
        assert_ne!(
            node, baseline,
            "changing the {name} in the manifest did not change search.js's ranking: \
             is it still written into search.js?"
        );
        let rust = rust_rankings(site.path(), &queries, usize::MAX, ranking);
        assert_same_rankings_in_node(&format!("example site, other {name}"), &rust, node);
    }
    for ((name, _), node) in changed_bm25.iter().zip(&runs[1 + variants.len()..]) {
        let moved = node
            .iter()
            .zip(baseline)
            .filter(|(n, b)| n.hits.iter().zip(&b.hits).any(|(x, y)| x.1 != y.1))
            .count();
        assert!(
            moved >= 30,
            "changing {name} in the manifest moved the scores of only {moved} queries"
        );
    }
}
