//! A deterministic synthetic corpus of study notes for the peer benchmark (`bench/compare`).
//!
//! Input: a note count and an output folder. Output: the same notes laid out four ways, each
//! ready to build: `notesite/` (notesite.toml + content/), `hugo/` (hugo.toml, layouts,
//! content/), `zola/` (config.toml, templates, content/, search index on) and `mdbook/`
//! (book.toml, src/SUMMARY.md, search on), plus `corpus.json` describing what was made.
//!
//! Every note is about 6 KB in the style of AWS study notes: front matter, h2/h3 headings,
//! `**Key:** value` bullets under service headings, a comparison table, a code block,
//! mentions of the catalogued service names (`content/services.toml`) and ordinary prose
//! built from the word lists in `notes.rs`. The same note count always gives byte-identical files.
//! It is not a realistic language model: it only has to exercise the same code paths as real
//! notes do, at any scale.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --notes 1000 --out target/bench-corpus/n1000
//! cargo run --release --example gen_corpus -- --notes 1000 --layout flat --out /tmp/flat
//! ```
//!
//! `--layout nested` (the default) puts 100 notes in a folder; `--layout flat` puts every
//! note in one folder, the layout that makes a folder's page and its navigation largest.

mod notes;
mod sites;

use notes::GENERATOR_VERSION;
use std::fs;
use std::path::{Path, PathBuf};

struct Args {
    notes: usize,
    out: PathBuf,
    /// Notes per folder: 100 (nested) or all of them (flat).
    per_folder: usize,
    layout: &'static str,
}

const USAGE: &str = "usage: gen_corpus --notes N --out DIR [--layout nested|flat]   (or --version)";

fn parse_args() -> Args {
    let mut notes = None;
    let mut out = None;
    let mut layout = "nested";
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--notes" => notes = args.next().and_then(|n| n.parse().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "--layout" => match args.next().as_deref() {
                Some("nested") => layout = "nested",
                Some("flat") => layout = "flat",
                _ => {
                    eprintln!("{USAGE}");
                    std::process::exit(2);
                }
            },
            "--version" => {
                println!("{GENERATOR_VERSION}");
                std::process::exit(0);
            }
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        }
    }
    match (notes, out) {
        (Some(notes), Some(out)) => Args {
            notes,
            out,
            per_folder: match layout {
                "flat" => notes.max(1),
                _ => notes::NOTES_PER_FOLDER,
            },
            layout,
        },
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args = parse_args();
    let services = notes::catalog(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (notes, folders) = notes::notes_in_folders(args.notes, &services, args.per_folder);
    if args.out.exists() {
        fs::remove_dir_all(&args.out).expect("remove the old corpus");
    }
    sites::write_notesite(&args.out, &notes, folders);
    sites::write_hugo(&args.out, &notes, folders);
    sites::write_zola(&args.out, &notes, folders);
    sites::write_mdbook(&args.out, &notes, folders);
    let bytes: usize = notes.iter().map(|n| n.body.len()).sum();
    let categories: std::collections::BTreeSet<&str> = services
        .iter()
        .filter_map(|s| s.category.as_deref())
        .collect();
    let summary = serde_json::json!({
        "generator": GENERATOR_VERSION,
        "notes": args.notes,
        "folders": folders,
        "layout": args.layout,
        "body_bytes": bytes,
        "services_in_catalog": services.len(),
        "categories": categories.len(),
    });
    fs::write(args.out.join("corpus.json"), format!("{summary:#}\n")).expect("write corpus.json");
    println!(
        "{} notes in {} folders, {:.1} MB of note text → {}",
        args.notes,
        folders,
        bytes as f64 / 1e6,
        args.out.display()
    );
}
