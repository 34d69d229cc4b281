//! The plain-tantivy baseline of the relevance benchmark (`bench/relevance/run`), and the
//! map from a built site's page URLs back to the notes they show.
//!
//! Input: a site root that `notesite build` has just built (so `<root>/.notesite/search-index/`
//! is fresh) and a file of queries, one a line (a `.tsv` line keeps only its first column).
//! Output: one JSON object on stdout: `pages` (page URL → note path relative to `content/`,
//! for every page that shows a note) and `results` (per query, the top 10 sections as
//! `url` and `score`).
//!
//! The baseline reads the index notesite keeps, not one of its own, so both engines see the
//! very same sections and tokens. It asks tantivy's `QueryParser` over the `title`,
//! `heading` and `body` fields with its defaults: OR of the words, BM25 (k1 = 1.2,
//! b = 0.75), no field boosts, no prefix or typo expansion. Query syntax characters are
//! replaced by spaces first (the analyzer splits on them anyway), so `a+b` or `{:?}` is
//! read as words rather than as operators.
//!
//! ```sh
//! cargo run --release --example relevance_baseline -- --root SITE --queries queries.tsv
//! ```

use anyhow::{bail, Context as _};
use notesite::build::{model, Stages};
use notesite_search::index::{field, register};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::Value as _;
use tantivy::{Index, TantivyDocument};

/// How many results each query keeps (the benchmark scores the top 10).
const LIMIT: usize = 10;

/// Fields the baseline searches: what a plain tantivy setup would pick.
const SEARCHED: [&str; 3] = ["title", "heading", "body"];

/// One section found for a query.
#[derive(Serialize)]
struct Hit {
    url: String,
    score: f32,
}

/// The top sections of one query.
#[derive(Serialize)]
struct Answer {
    query: String,
    hits: Vec<Hit>,
}

/// Everything printed.
#[derive(Serialize)]
struct Report {
    pages: BTreeMap<String, String>,
    results: Vec<Answer>,
}

fn main() -> anyhow::Result<()> {
    let (root, queries) = parse_args()?;
    let queries = std::fs::read_to_string(&queries)
        .with_context(|| format!("reading {}", queries.display()))?;
    let queries: Vec<&str> = queries
        .lines()
        .map(|line| line.split('\t').next().unwrap_or("").trim())
        .filter(|q| !q.is_empty())
        .collect();
    let report = Report {
        pages: note_pages(&root)?,
        results: search_all(&root, &queries)?,
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

/// `--root DIR --queries FILE`.
fn parse_args() -> anyhow::Result<(PathBuf, PathBuf)> {
    let mut root = None;
    let mut queries = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--queries" => queries = args.next().map(PathBuf::from),
            other => bail!("unknown argument {other}: pass --root SITE --queries FILE"),
        }
    }
    match (root, queries) {
        (Some(root), Some(queries)) => Ok((root, queries)),
        _ => bail!("pass --root SITE (a built site) and --queries FILE (one query a line)"),
    }
}

/// Page URL → note path (relative to `content/`) for every page that shows a note.
fn note_pages(root: &std::path::Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut diagnostics = Vec::new();
    let Some(model) = model(root, false, &mut Stages::new(), &mut diagnostics) else {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{d}");
        }
        bail!("{} does not build: fix the errors above", root.display());
    };
    Ok(model
        .site
        .pages
        .iter()
        .filter_map(|page| {
            let note = &model.corpus.notes[page.note?];
            Some((page.url.clone(), note.path.clone()))
        })
        .collect())
}

/// The top [`LIMIT`] sections of every query, by tantivy's `QueryParser` defaults.
fn search_all(root: &std::path::Path, queries: &[&str]) -> anyhow::Result<Vec<Answer>> {
    let dir = root.join(".notesite/search-index");
    let index = Index::open_in_dir(&dir).with_context(|| {
        format!(
            "opening {}: run `notesite build --root {}` first",
            dir.display(),
            root.display()
        )
    })?;
    register(&index);
    let schema = index.schema();
    let fields = SEARCHED.iter().map(|name| field(&schema, name)).collect();
    let parser = QueryParser::for_index(&index, fields);
    let url = field(&schema, "url");
    let searcher = index.reader()?.searcher();
    let mut answers = Vec::with_capacity(queries.len());
    for &query in queries {
        let words: String = query
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let (parsed, _ignored) = parser.parse_query_lenient(&words);
        let top = searcher.search(&parsed, &TopDocs::with_limit(LIMIT).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let url = doc
                .get_first(url)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push(Hit { url, score });
        }
        answers.push(Answer {
            query: query.to_string(),
            hits,
        });
    }
    Ok(answers)
}
