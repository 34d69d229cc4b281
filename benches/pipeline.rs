//! The build's hot paths on the synthetic corpus of `bench/compare` (1,000 notes of about
//! 6 KB, from `examples/gen_corpus/`): markdown render of one large note, mention
//! detection over the corpus, the knowledge stage, each step of the search export, and a
//! query of the exported index by the site's own `search.js` in node.
//!
//! `cargo bench --bench pipeline` (add `-- <filter>` for one group). The corpus is written to
//! `target/bench-corpus/criterion/` on first use; node is needed for the `client` group only.
#![allow(missing_docs)] // criterion's macros define undocumented public functions

#[path = "../examples/gen_corpus/notes.rs"]
mod notes;
#[path = "../examples/gen_corpus/sites.rs"]
mod sites;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use notesite::build::{model, Model, Stages};
use notesite::content::load::parse_note;
use notesite::content::NoteKind;
use notesite::ids::NoteId;
use notesite::knowledge::mentions::find_mentions;
use notesite::render::markdown::{render_note, Target};
use notesite::search::documents::documents;
use notesite::search::export::{export, read_back};
use notesite::search::index::build_index;
use notesite::site::SiteMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

const NOTES: usize = 1_000;
/// Notes joined into the one large note that is rendered.
const LARGE_NOTE_PARTS: usize = 50;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The benchmark site: the corpus plus one large note, written once.
fn site_root() -> PathBuf {
    let root = manifest_dir().join("target/bench-corpus/criterion");
    let stamp = root.join(format!("stamp-{}-{NOTES}", notes::GENERATOR_VERSION));
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(&root);
        let services = notes::catalog(manifest_dir());
        let (corpus, folders) = notes::notes(NOTES, &services);
        sites::write_notesite(&root, &corpus, folders);
        let large: Vec<&str> = corpus
            .iter()
            .take(LARGE_NOTE_PARTS)
            .map(|n| n.body.as_str())
            .collect();
        let text = format!(
            "+++\ntitle = \"One large note\"\n+++\n\n{}",
            large.join("\n")
        );
        std::fs::write(root.join("notesite/content/area-000/large.md"), text).unwrap();
        std::fs::write(&stamp, "").unwrap();
    }
    root.join("notesite")
}

fn load_model(root: &Path) -> Model {
    let mut diagnostics = Vec::new();
    let model = model(root, false, &mut Stages::new(), &mut diagnostics);
    model.unwrap_or_else(|| panic!("the benchmark site builds: {diagnostics:?}"))
}

fn render(c: &mut Criterion, model: &Model) {
    let note = model
        .corpus
        .notes
        .iter()
        .position(|n| n.path == "area-000/large.md")
        .map(NoteId::new)
        .expect("the large note");
    let page = model
        .site
        .pages
        .iter()
        .find(|p| p.note == Some(note))
        .expect("the large note's page");
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Bytes(
        model.corpus.notes[note].markdown.len() as u64
    ));
    group.bench_function("large note (300 KB)", |b| {
        b.iter(|| {
            let target = Target {
                site: &model.site,
                notes: &model.corpus.notes,
                knowledge: &model.knowledge,
                page_url: &page.url,
                id_prefix: "",
                current_service: None,
                heading_shift: 0,
                raw_html: notesite::config::RawHtml::default(),
            };
            render_note(note, target)
        })
    });
    let text = std::fs::read_to_string(model.content_dir.join("area-000/large.md")).unwrap();
    group.bench_function("parse large note", |b| {
        b.iter(|| {
            parse_note(
                &text,
                "area-000/large.md",
                NoteKind::Markdown,
                Path::new("large.md"),
                &mut Vec::new(),
            )
        })
    });
    group.finish();
}

fn knowledge(c: &mut Criterion, model: &Model) {
    let bytes: usize = model.corpus.notes.iter().map(|n| n.markdown.len()).sum();
    let mut group = c.benchmark_group("knowledge");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(BenchmarkId::new("find_mentions", NOTES), |b| {
        b.iter(|| find_mentions(&model.corpus, &model.knowledge.services))
    });
    let root = model.content_dir.parent().expect("content/ has a parent");
    group.bench_function(BenchmarkId::new("gather", NOTES), |b| {
        b.iter(|| {
            let mut warnings = Vec::new();
            notesite::knowledge::gather(&model.corpus, &model.content_dir, root, &mut warnings)
                .expect("gathers")
        })
    });
    group.bench_function(BenchmarkId::new("site map", NOTES), |b| {
        b.iter(|| SiteMap::build(&model.corpus, &model.knowledge, &mut Vec::new()))
    });
    group.finish();
}

fn search(c: &mut Criterion, model: &Model) -> PathBuf {
    let docs = documents(
        &model.site,
        &model.corpus,
        &model.knowledge,
        &model.config.search.synonyms,
    );
    let index = build_index(&docs, None).expect("index builds");
    let read = read_back(&index).expect("index reads back");
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("documents", NOTES), |b| {
        b.iter(|| {
            documents(
                &model.site,
                &model.corpus,
                &model.knowledge,
                &model.config.search.synonyms,
            )
        })
    });
    group.bench_function(BenchmarkId::new("tantivy index (in memory)", NOTES), |b| {
        b.iter(|| build_index(&docs, None).expect("index builds"))
    });
    group.bench_function(BenchmarkId::new("read back", NOTES), |b| {
        b.iter(|| read_back(&index).expect("index reads back"))
    });
    group.bench_function(BenchmarkId::new("export", NOTES), |b| {
        b.iter(|| export(&read, &docs))
    });
    group.finish();
    // The exported files and the runtime, for the client benchmark.
    let public = manifest_dir().join("target/bench-corpus/criterion/public");
    let _ = std::fs::remove_dir_all(&public);
    for file in export(&read, &docs).0 {
        let path = public.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.bytes).unwrap();
    }
    std::fs::create_dir_all(public.join("assets")).unwrap();
    std::fs::write(
        public.join(notesite_search::BROWSER_RUNTIME_PATH),
        notesite_search::BROWSER_RUNTIME,
    )
    .unwrap();
    public
}

/// `bench/search-client.js serve`: times n searches inside node and answers in nanoseconds.
struct Node {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Node {
    fn start(public: &Path) -> Option<Node> {
        let mut child = Command::new("node")
            .arg(manifest_dir().join("bench/search-client.js"))
            .arg("serve")
            .arg(public)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let input = child.stdin.take()?;
        let output = BufReader::new(child.stdout.take()?);
        Some(Node {
            child,
            input,
            output,
        })
    }

    fn time(&mut self, query: &str, iters: u64, cold: bool) -> Duration {
        let request = serde_json::json!({ "query": query, "iters": iters, "cold": cold });
        writeln!(self.input, "{request}").unwrap();
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        Duration::from_nanos(line.trim().parse().expect("nanoseconds from node"))
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(c: &mut Criterion, public: &Path) {
    let Some(mut node) = Node::start(public) else {
        eprintln!("SKIPPED: client query benchmarks (node not found)");
        return;
    };
    let mut group = c.benchmark_group("client");
    for query in [
        "bedrock",
        "sagemaker endpoint",
        "encrypted bucket policy",
        "guardrail",
    ] {
        group.bench_function(BenchmarkId::new("warm query", query), |b| {
            b.iter_custom(|iters| node.time(query, iters, false))
        });
        group.bench_function(BenchmarkId::new("cold query", query), |b| {
            b.iter_custom(|iters| node.time(query, iters, true))
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let root = site_root();
    let model = load_model(&root);
    render(c, &model);
    knowledge(c, &model);
    let public = search(c, &model);
    client(c, &public);
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
