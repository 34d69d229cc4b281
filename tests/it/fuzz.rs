//! Fuzzing the pipeline on stable Rust: random notes, biased towards the inputs that broke
//! notesite before, go through load → ingest → knowledge → site → render → search
//! documents, and random text through the front matter and math parsers. Any panic, or an
//! input that takes longer than [`HANG`], fails the run and is saved as JSON under
//! `target/fuzz-failures/`; copy it into `tests/fuzz/regressions/`, where every run replays
//! it first.
//!
//! `cargo test --test it fuzz` runs a short round (a few seconds). A long run:
//! `FUZZ_SECONDS=600 cargo test --release --test it fuzz -- --nocapture` (`FUZZ_SEED=n` picks
//! the starting seed; each case's seed is printed when it fails, so it can be replayed).

use notesite::build::{model, render_pages, Stages};
use notesite::content::frontmatter;
use notesite::render::math::to_mathml;
use notesite::render::theme::Theme;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One input: the notes of a site, as paths under `content/` and their text.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Case {
    seed: u64,
    notes: Vec<(String, String)>,
}

/// Longer than this on one case is a hang (an ordinary case takes milliseconds).
const HANG: Duration = Duration::from_secs(20);

const SERVICES: &[&str] = &[
    "Amazon Bedrock",
    "Bedrock",
    "Amazon SageMaker",
    "SageMaker",
    "AWS Glue",
    "Amazon Comprehend",
    "Amazon OpenSearch Service",
    "Amazon Opensearch",
    "AWS Lambda",
    "Amazon S3",
    "Amazon Polly",
    "AWS Bedrock",
];

/// Spaces and line breaks a note may hold, ASCII and not.
const SPACES: &[&str] = &[
    " ", " ", " ", "\t", "\u{a0}", "\u{202f}", "\u{2003}", "\u{3000}", "\u{85}", "\u{1680}",
    "\u{2028}", "\u{2029}", "\u{200b}", "\u{feff}",
];

/// Characters that are more than one byte, combine, or are control characters.
const ODD: &[&str] = &[
    "\u{301}",
    "\u{308}",
    "\u{200d}",
    "\u{fe0f}",
    "é",
    "🧠",
    "ß",
    "İ",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{1}",
    "ﬁ",
    "Ⅻ",
    "\u{10ffff}",
    "e\u{301}",
    "ẞ",
];

/// Markdown and notesite constructs, whole or half.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "###### ",
    "\n# ",
    "\n## ",
    "- ",
    "  - ",
    "    - ",
    "1. ",
    "> ",
    "> > ",
    "\n```\n",
    "\n```rust\n",
    "\n~~~\n",
    "$",
    "$$",
    "\\(",
    "\\)",
    "**",
    "*",
    "_",
    "`",
    "|",
    "\n| a | b |\n| --- | --- |\n",
    "[",
    "]",
    "(",
    ")",
    "[x](../other.md#sec)",
    "[y](other.html)",
    "[[Other]]",
    "[[",
    "]]",
    "<a name=\"x\">",
    "</a>",
    "<details markdown=\"1\">",
    "</details>",
    "{#intro}",
    "{#same}",
    "**Pricing:**",
    "**Term:** ",
    " is a ",
    " refers to ",
    ". ",
    "! ",
    "? ",
    ":",
    "\n",
    "\n\n",
    "+++",
    "---",
    "title = \"x\"",
    "draft = true",
    "<b>",
    "&amp;",
    "&",
    "<",
    ">",
    "\\",
    "![alt](img.png)",
    "http://example.com/",
    "www.",
    "Q: ",
    "A: ",
    "::",
    "\\text{<b>}",
    "\\frac{",
    "}",
    "{",
    "^",
    "<!--",
    "-->",
    "<script>",
    "javascript:",
    "[^1]",
    "[^1]: ",
    "\n---\n",
    "==",
    "~~",
    "<https://example.org>",
    "<name@example.com>",
    "Table of Contents",
    "Agenda",
];

const WORDS: &[&str] = &[
    "model",
    "models",
    "data",
    "training",
    "the",
    "a",
    "to",
    "service",
    "pricing",
    "Same",
    "intro",
    "guardrails",
    "endpoint",
    "Glossary",
    "Summary",
    "Domain 1",
    "Task 1.2",
];

fn pick<'a>(rng: &mut SmallRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// A note's text: a random walk over the constructs above, now and then repeating the
/// last stretch many times (long lines, repeated headings and ids).
fn note_text(rng: &mut SmallRng) -> String {
    let mut text = String::new();
    let parts = rng.random_range(0..120);
    for _ in 0..parts {
        let before = text.len();
        match rng.random_range(0..100) {
            0..=24 => text.push_str(pick(rng, WORDS)),
            25..=39 => text.push_str(pick(rng, SERVICES)),
            40..=54 => text.push_str(pick(rng, SPACES)),
            55..=64 => text.push_str(pick(rng, ODD)),
            65..=95 => text.push_str(pick(rng, PIECES)),
            _ => {
                // Repeat the text so far, or its end, up to a few hundred times.
                let start = rng.random_range(0..=text.len());
                let start = (start..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                let stretch = text[start..].to_string();
                let times = rng.random_range(2..300);
                if stretch.len() * times < 200_000 {
                    text.push_str(&stretch.repeat(times));
                }
            }
        }
        if text.len() == before && rng.random_bool(0.1) {
            text.push(' ');
        }
    }
    text
}

const NAMES: &[&str] = &[
    "a.md",
    "b.md",
    "other.md",
    "services.md",
    "index.md",
    "_index.md",
    "sub/_index.md",
    "sub/c.md",
    "notes.txt",
    "sub/slides.txt",
    "a b.md",
    "é\u{301}.md",
    "services/amazon-bedrock.md",
    "glossary.md",
    "x.markdown",
];

fn random_case(seed: u64) -> Case {
    let mut rng = SmallRng::seed_from_u64(seed);
    let count = rng.random_range(1..=3);
    let mut notes: Vec<(String, String)> = Vec::new();
    for _ in 0..count {
        let name = pick(&mut rng, NAMES).to_string();
        if notes.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let mut text = note_text(&mut rng);
        if rng.random_bool(0.2) {
            let fence = if rng.random_bool(0.5) { "+++" } else { "---" };
            let inner = note_text(&mut rng);
            let close = if rng.random_bool(0.8) { fence } else { "" };
            text = format!("{fence}\n{inner}\n{close}\n{text}");
        }
        notes.push((name, text));
    }
    Case { seed, notes }
}

/// Build the case's site in memory: every stage up to the rendered pages and search documents.
fn run_case(case: &Case, theme: &Theme) {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for (name, text) in &case.notes {
        let path = content.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let model = model(dir.path(), true, &mut Stages::new(), &mut Vec::new());
    if let Some(model) = model {
        let pages: Vec<_> = notesite::ids::PageId::all(model.site.pages.len()).collect();
        let _ = render_pages(&model, theme, pages, &mut Vec::new());
        let _ = notesite::search::documents::documents(
            &model.site,
            &model.corpus,
            &model.knowledge,
            &model.config.search.synonyms,
        );
    }
}

/// Where failing cases are saved.
fn failures_dir() -> PathBuf {
    crate::common::repo_dir().join("target/fuzz-failures")
}

fn save_failure(case: &Case, why: &str) -> PathBuf {
    let dir = failures_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{why}-{}.json", case.seed));
    std::fs::write(&path, serde_json::to_string_pretty(case).unwrap()).unwrap();
    path
}

/// Ends the process when one case runs longer than [`HANG`], saving the case first.
struct Watchdog {
    epoch: Instant,
    /// When the current case started, in milliseconds after `epoch` plus one; 0 when idle.
    started_ms: Arc<AtomicU64>,
    current: Arc<Mutex<Option<Case>>>,
}

impl Watchdog {
    fn start() -> Watchdog {
        let epoch = Instant::now();
        let started_ms = Arc::new(AtomicU64::new(0));
        let current: Arc<Mutex<Option<Case>>> = Arc::new(Mutex::new(None));
        let (watched, case) = (Arc::clone(&started_ms), Arc::clone(&current));
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let started = watched.load(Ordering::SeqCst);
            let now = epoch.elapsed().as_millis() as u64 + 1;
            if started > 0 && now.saturating_sub(started) > HANG.as_millis() as u64 {
                if let Some(case) = case.lock().unwrap().as_ref() {
                    let saved = save_failure(case, "hang");
                    eprintln!(
                        "fuzz: case {} ran over {HANG:?}; saved to {}",
                        case.seed,
                        saved.display()
                    );
                }
                std::process::exit(101);
            }
        });
        Watchdog {
            epoch,
            started_ms,
            current,
        }
    }

    /// Run `case`; `Err` naming the saved file when it panicked.
    fn check(&self, case: &Case, theme: &Theme) -> Result<(), String> {
        *self.current.lock().unwrap() = Some(case.clone());
        let now = self.epoch.elapsed().as_millis() as u64 + 1;
        self.started_ms.store(now, Ordering::SeqCst);
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(case, theme)));
        self.started_ms.store(0, Ordering::SeqCst);
        result.map_err(|_| {
            let saved = save_failure(case, "panic");
            format!("case {} panicked; saved to {}", case.seed, saved.display())
        })
    }
}

fn budget(default: Duration) -> Duration {
    std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(default, Duration::from_secs)
}

fn first_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn default_theme() -> Theme {
    let empty = tempfile::tempdir().unwrap();
    Theme::load(empty.path(), "default").expect("the built-in theme loads")
}

/// The saved inputs that once failed, replayed before anything random.
fn regressions() -> Vec<(PathBuf, Case)> {
    let dir = crate::common::repo_dir().join("tests/fuzz/regressions");
    let mut cases: Vec<(PathBuf, Case)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .map(|p| {
                    let text = std::fs::read_to_string(&p).unwrap();
                    let case = serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{}: not a fuzz case: {e}", p.display()));
                    (p, case)
                })
                .collect()
        })
        .unwrap_or_default();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

#[test]
fn every_saved_regression_builds_without_a_panic() {
    let theme = default_theme();
    let watchdog = Watchdog::start();
    let cases = regressions();
    assert!(
        !cases.is_empty(),
        "tests/fuzz/regressions holds the inputs that once failed"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(path, case)| {
            watchdog
                .check(case, &theme)
                .err()
                .map(|e| format!("{}: {e}", path.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn random_sites_build_without_a_panic_or_a_hang() {
    let theme = default_theme();
    let watchdog = Watchdog::start();
    let limit = budget(Duration::from_secs(8));
    let started = Instant::now();
    let mut seed = first_seed();
    let mut failures = Vec::new();
    let mut cases = 0;
    while started.elapsed() < limit && failures.len() < 5 {
        let case = random_case(seed);
        if let Err(failure) = watchdog.check(&case, &theme) {
            failures.push(failure);
        }
        seed += 1;
        cases += 1;
    }
    eprintln!("fuzz: {cases} sites from seed {}", first_seed());
    assert!(cases > 0);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn front_matter_and_math_parsers_take_any_text() {
    let limit = budget(Duration::from_secs(3));
    let started = Instant::now();
    let mut rng = SmallRng::seed_from_u64(first_seed());
    let mut inputs = 0;
    while started.elapsed() < limit {
        let text = note_text(&mut rng);
        let fenced = format!(
            "{}\n{text}",
            pick(&mut rng, &["+++", "---", "", "\u{feff}+++"])
        );
        let outcome = std::panic::catch_unwind(|| {
            let _ = frontmatter::split(&fenced, Path::new("n.md"));
            let _ = to_mathml(&text, false);
            let _ = to_mathml(&text, true);
        });
        assert!(outcome.is_ok(), "panicked on {fenced:?}");
        inputs += 1;
    }
    assert!(inputs > 0);
}
