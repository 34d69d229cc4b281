//! Real-browser end-to-end tests (issue 7): the example site, built from this repository's
//! `content/`, driven in headless Chromium by `tests/e2e/run.mjs` (playwright-core +
//! axe-core from `tests/e2e/package-lock.json`), opened from `file://` and served over HTTP
//! under `/notes/`: navigation, search, the compare picker, dark mode, no request leaving
//! the site, axe-core accessibility in light and dark, and screenshots in
//! `target/e2e-screenshots/`. Needs node, `npm ci` in `tests/e2e` and chromium; `.ci/run`
//! installs them. Missing ones fail in CI (`CI` set) and are a printed skip elsewhere.

use crate::common::*;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The whole browser run normally takes about a minute; this only stops a hang.
const LIMIT: Duration = Duration::from_secs(300);

/// What the skip messages say did not run.
const CHECKS: &str = "the browser end-to-end tests";

/// node, the e2e modules and chromium, when all are there ([`require`]).
pub fn browser_tools(checks: &str) -> Option<std::path::PathBuf> {
    let e2e = crate::common::repo_dir().join("tests/e2e");
    node(checks)?;
    let modules_ok = ["playwright-core/package.json", "axe-core/axe.min.js"]
        .iter()
        .all(|p| e2e.join("node_modules").join(p).is_file());
    require(
        modules_ok,
        "tests/e2e/node_modules",
        checks,
        "cd tests/e2e && npm ci",
    )?;
    chromium()
}

#[test]
fn example_site_works_in_a_real_browser_from_file_and_over_http() {
    let root = crate::common::repo_dir();
    let e2e = root.join("tests/e2e");
    let Some(chromium) = browser_tools(CHECKS) else {
        return;
    };

    let site = built_example_site();
    let public = site.path().join("public");
    assert!(
        public.join("index.html").is_file(),
        "the build wrote no public/index.html"
    );

    let mut child = Command::new("node")
        .arg(e2e.join("run.mjs"))
        .arg(&public)
        .env("CHROMIUM", &chromium)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).ok();
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        eprintln!("{stderr}");
    }
    let status = status.unwrap_or_else(|| {
        panic!("the browser tests did not finish within {LIMIT:?}; output so far is above")
    });
    assert!(
        status.success(),
        "the browser end-to-end tests failed ({status}); the summary above names each failed \
         check, outside or broken request and accessibility violation.\n\
         Re-run them alone: cargo run --release -- build && node tests/e2e/run.mjs public"
    );
}

/// The first note page of a built site (its first folder that is no generated page).
fn first_note_page(public: &Path) -> std::path::PathBuf {
    let generated = ["assets", "search", "services", "compare", "glossary"];
    let mut folders: Vec<_> = std::fs::read_dir(public)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("index.html").is_file())
        .filter(|p| !generated.iter().any(|g| p.ends_with(g)))
        .collect();
    folders.sort();
    folders[0].join("index.html")
}

#[test]
fn seed_and_corpus_pages_have_no_serious_axe_violation_and_fit_a_phone() {
    const REAL: &str = "the browser checks of real notes";
    let Some(chromium) = browser_tools(REAL) else {
        return;
    };
    let Some((seeds, names)) = built_seed_site() else {
        return;
    };
    let public = seeds.path().join("public");
    let mut pages: Vec<std::path::PathBuf> = names
        .iter()
        .map(|(stem, _)| public.join(stem.replace('_', "-")).join("index.html"))
        .collect();
    // A long seed is a chapter set: its first page (the contents) is above; its first
    // chapter too.
    let chapters: Vec<std::path::PathBuf> = pages
        .iter()
        .map(|p| p.with_file_name("part-1").join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    assert!(
        chapters.iter().any(|p| p.to_string_lossy().contains("004")),
        "seed 004 is a chapter set: {chapters:?}"
    );
    pages.extend(chapters);
    pages.push(public.join("index.html"));
    // A service page holds the related-services graph, drawn at a legible minimum width:
    // it must scroll inside its figure, not widen the page (it did, to 486 px).
    for page in [
        "services/amazon-bedrock",
        "services/amazon-polly",
        "services",
    ] {
        let page = public.join(page).join("index.html");
        assert!(page.is_file(), "{} was built", page.display());
        pages.push(page);
    }
    let mut corpora = Vec::new();
    for corpus in ["aws-guide", "study-notes", "rust-docs"] {
        let Some(source) = shared(&format!("corpora/{corpus}"), REAL) else {
            return;
        };
        let copy = tempfile::tempdir().unwrap();
        copy_tree(&source, copy.path());
        build_ok(copy.path(), &[]);
        pages.push(first_note_page(&copy.path().join("public")));
        corpora.push(copy);
    }
    let root = crate::common::repo_dir();
    let shots = root.join("target/e2e-screenshots/real-notes");
    let output = Command::new("node")
        .arg(root.join("tests/e2e/pages.mjs"))
        .arg("--screenshots")
        .arg(&shots)
        .args(&pages)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "serious accessibility violations or pages wider than a phone:\n{report}"
    );
    assert!(
        report.contains(&format!("checked {} page(s)", pages.len())),
        "{report}"
    );
    let taken: Vec<String> = std::fs::read_dir(&shots)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let long = names
        .iter()
        .find(|(stem, _)| stem.starts_with("004"))
        .map(|(stem, _)| stem.replace('_', "-"))
        .expect("seed 004");
    for width in ["desktop", "phone"] {
        for page in [format!("{long}-part-1"), long.clone()] {
            let suffix = format!("-{page}-{width}.png");
            assert!(
                taken
                    .iter()
                    .any(|t| t.ends_with(&suffix) && t.len() == suffix.len() + 2),
                "no screenshot *{suffix} in {taken:?}"
            );
        }
    }
}
