//! `notesite search "query"`: answer from the index the last build kept (rebuilt first when
//! a note changed since), ranked exactly as the browser ranks.

use crate::build::{model, Stages};
use crate::search::cache::{build_and_export, open_fresh};
use crate::search::export::stored_doc;
use crate::search::group::search_pages;
use crate::search::query::{search, RANKING};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Options of `notesite search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (sections holding more of the words rank first; the last also matches as a prefix; typos are forgiven)
    pub query: String,
    /// Site folder holding notesite.toml and content/ [default: current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// How many results to show: pages, or sections with --sections (1 or more)
    #[arg(long, short = 'n', default_value_t = 10, value_parser = parse_limit)]
    pub limit: usize,
    /// List sections one by one, as ranked, instead of grouped by page as the site shows them
    #[arg(long)]
    pub sections: bool,
    /// Print results as JSON: pages (url, title, score, sections), or with --sections the
    /// sections (doc, score, url, title, heading, breadcrumb)
    #[arg(long)]
    pub json: bool,
}

/// One page of the grouped results as printed.
#[derive(Debug, Serialize)]
struct PrintedPage {
    url: String,
    title: String,
    score: f32,
    sections: Vec<PrintedResult>,
}

/// One result as printed.
#[derive(Debug, Serialize)]
struct PrintedResult {
    doc: u32,
    score: f32,
    url: String,
    title: String,
    heading: String,
    breadcrumb: String,
}

/// Run `notesite search`; returns the exit code.
pub fn run(args: &SearchArgs) -> anyhow::Result<i32> {
    let root = super::root_or_current(&args.root);
    let (index, shards) = match open_fresh(&root) {
        Some(found) => found,
        None => {
            let started = std::time::Instant::now();
            let mut diagnostics = Vec::new();
            let model = model(&root, false, &mut Stages::new(), &mut diagnostics);
            let Some(model) = model else {
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    eprintln!("{d}");
                }
                eprintln!("Cannot search: the site does not build");
                return Ok(1);
            };
            build_and_export(
                &root,
                &model.site,
                &model.corpus,
                &model.knowledge,
                &model.config.search.synonyms,
                &mut Vec::new(),
            )
            .map_err(|d| anyhow::anyhow!("{d}"))?
            .commit();
            eprintln!(
                "Search index was missing or out of date; rebuilt in {}",
                super::build::format_duration(started.elapsed())
            );
            open_fresh(&root).ok_or_else(|| {
                anyhow::anyhow!(
                    "the search index could not be kept in {}",
                    crate::search::cache::cache_dir(&root).display()
                )
            })?
        }
    };
    let printed = |doc: u32, score: f32| -> tantivy::Result<PrintedResult> {
        let stored = stored_doc(&index, doc)?;
        Ok(PrintedResult {
            doc,
            score,
            title: stored.title,
            heading: stored.heading,
            breadcrumb: stored.breadcrumb,
            url: stored.url,
        })
    };
    if args.sections {
        let hits = search(&index, &shards, &args.query, args.limit)?;
        let results = hits
            .iter()
            .map(|hit| printed(hit.doc, hit.score))
            .collect::<tantivy::Result<Vec<PrintedResult>>>()?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&results)?);
        } else if results.is_empty() {
            println!("No results for “{}”", args.query);
        } else {
            for (rank, r) in results.iter().enumerate() {
                println!(
                    "{:>2}. {}  ({:.3})\n    {}",
                    rank + 1,
                    place(r),
                    r.score,
                    r.url
                );
            }
        }
        return Ok(0);
    }
    let grouped = search_pages(&index, &shards, &args.query, args.limit, &RANKING)?;
    let pages = grouped
        .pages
        .into_iter()
        .map(|page| {
            let sections = page
                .sections
                .iter()
                .map(|hit| printed(hit.doc, hit.score))
                .collect::<tantivy::Result<Vec<PrintedResult>>>()?;
            Ok(PrintedPage {
                title: sections
                    .first()
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                url: page.page,
                score: page.score,
                sections,
            })
        })
        .collect::<tantivy::Result<Vec<PrintedPage>>>()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&pages)?);
    } else if pages.is_empty() {
        println!("No results for “{}”", args.query);
    } else {
        for (rank, page) in pages.iter().enumerate() {
            println!(
                "{:>2}. {}  ({:.3})\n    {}",
                rank + 1,
                page.title,
                page.score,
                page.url
            );
            for section in &page.sections {
                if !section.heading.is_empty() && section.heading != section.title {
                    println!("      › {}  ({:.3})", section.heading, section.score);
                }
            }
        }
        let sections = grouped.total;
        println!(
            "{sections} section{} matched",
            if sections == 1 { "" } else { "s" }
        );
    }
    Ok(0)
}

/// Where a section is: its page's title, then its heading when it has its own.
fn place(r: &PrintedResult) -> String {
    if r.heading.is_empty() || r.heading == r.title {
        r.title.clone()
    } else {
        format!("{} › {}", r.title, r.heading)
    }
}

/// `--limit`: a whole number of at least 1 (the list is never longer than the index anyway).
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}
