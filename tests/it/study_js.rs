//! Study mode in the browser (issue 21): `themes/default/static/assets/study.js` under node
//! (the SM-2 scheduler, today's queue and counts, UTC days, progress files:
//! `tests/it/study_scheduler.mjs`), the same script in headless Chromium from `file://` on
//! study pages (`tests/e2e/study.mjs`: study ten cards, reload, export and import, quiz,
//! coverage, axe-core, 390 px; screenshots in `target/e2e-screenshots/study/`), and the note
//! pages, which must not load the study assets. The browser runs need node, `npm ci` in
//! `tests/e2e` and chromium (a printed skip outside CI, as `e2e`).

use crate::common::*;
use crate::e2e::browser_tools;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the skip messages say did not run.
const CHECKS: &str = "the study.js checks";

fn repo() -> PathBuf {
    crate::common::repo_dir()
}

fn study_js() -> PathBuf {
    repo().join("themes/default/static/assets/study.js")
}

#[test]
fn study_js_schedules_with_sm2_in_utc_days_and_round_trips_progress_files_under_node() {
    let Some(()) = node(CHECKS) else { return };
    let output = Command::new("node")
        .arg(repo().join("tests/it/study_scheduler.mjs"))
        .arg(study_js())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the scheduler checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert!(
        passed >= 10 && stdout.contains(&format!("passed {passed}")),
        "every scheduler check ran: {stdout}"
    );
}

/// `tests/e2e/study.mjs` on a built site folder; its report (printed), or a panic naming
/// the failed checks.
fn run_study_e2e(public: &Path, chromium: &Path, prefix: &str, extra: &[&str]) -> String {
    let shots = repo().join("target/e2e-screenshots/study");
    let output = Command::new("node")
        .arg(repo().join("tests/e2e/study.mjs"))
        .arg(public)
        .arg("--screenshots")
        .arg(&shots)
        .arg("--prefix")
        .arg(prefix)
        .args(extra)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("{report}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the study pages failed in the browser:\n{report}\nRe-run: node tests/e2e/study.mjs <site>/public"
    );
    for shot in ["card", "quiz"]
        .iter()
        .chain(extra.contains(&"--require-coverage").then_some(&"coverage"))
    {
        for width in ["desktop", "phone"] {
            let file = shots.join(format!("{prefix}{shot}-{width}.png"));
            assert!(file.is_file(), "no screenshot {}", file.display());
        }
    }
    report
}

#[test]
fn study_js_works_in_chromium_from_file_on_the_hand_written_study_pages() {
    let Some(chromium) = browser_tools(CHECKS) else {
        return;
    };
    // The fixture pages (tests/fixtures/study-pages, written to the contract of the study
    // pages) beside the assets of a real build: study.js apart from the pages' generator.
    let site = built_example_site();
    let folder = tempfile::tempdir().unwrap();
    copy_tree(
        &site.path().join("public/assets"),
        &folder.path().join("assets"),
    );
    std::fs::copy(
        site.path().join("public/index.html"),
        folder.path().join("index.html"),
    )
    .unwrap();
    copy_tree(&fixture("study-pages"), folder.path());
    let report = run_study_e2e(
        folder.path(),
        &chromium,
        "fixture-",
        &["--require-coverage"],
    );
    assert!(report.contains("OK: 10/10 study checks passed"), "{report}");
    assert!(!report.contains("skipped"), "{report}");
}

/// Every HTML page of a built site, by its path under `public/`.
fn html_pages(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![public.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(public)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The study assets are shipped, and no page but the study pages loads them (a note page
/// stays as light as before study mode).
fn assert_only_study_pages_load_the_study_assets(public: &Path) {
    for asset in ["study.js", "study.css"] {
        assert!(
            public.join("assets").join(asset).is_file(),
            "assets/{asset} is not in the build"
        );
    }
    let pages = html_pages(public);
    let others: Vec<&(String, String)> = pages
        .iter()
        .filter(|(rel, _)| !rel.starts_with("study/"))
        .collect();
    assert!(
        others.len() > 10,
        "only {} pages outside study/",
        others.len()
    );
    let heavy: Vec<&str> = others
        .iter()
        .filter(|(_, html)| html.contains("assets/study.js") || html.contains("assets/study.css"))
        .map(|(rel, _)| rel.as_str())
        .collect();
    assert!(
        heavy.is_empty(),
        "pages other than study pages load the study assets: {heavy:?}"
    );
    for (rel, html) in pages.iter().filter(|(rel, _)| rel.starts_with("study/")) {
        assert!(
            html.contains("assets/study.js") && html.contains("assets/study.css"),
            "the study page {rel} does not load study.js and study.css"
        );
    }
}

#[test]
fn only_study_pages_load_the_study_assets_on_the_example_site() {
    let site = built_example_site();
    assert_only_study_pages_load_the_study_assets(&site.path().join("public"));
}

#[test]
fn the_study_pages_of_the_example_site_work_in_chromium_from_file() {
    let Some(chromium) = browser_tools(CHECKS) else {
        return;
    };
    let site = built_example_site();
    let public = site.path().join("public");
    assert!(
        public.join("study/index.html").is_file() && public.join("study/quiz/index.html").is_file(),
        "the example site has cards: it has a deck and a quiz"
    );
    let coverage: &[&str] = if public.join("study/coverage/index.html").is_file() {
        &["--require-coverage"]
    } else {
        &[]
    };
    let report = run_study_e2e(&public, &chromium, "example-", coverage);
    assert!(report.contains("OK: 10/10 study checks passed"), "{report}");
}

#[test]
fn the_study_pages_of_the_seed_notes_work_in_chromium_with_their_exam_coverage() {
    const REAL: &str = "the study checks of the seed notes in a browser";
    let Some(chromium) = browser_tools(REAL) else {
        return;
    };
    let Some((seeds, _)) = built_seed_site() else {
        return;
    };
    let public = seeds.path().join("public");
    assert_only_study_pages_load_the_study_assets(&public);
    // The seeds name exam domains: the coverage page is required.
    let report = run_study_e2e(&public, &chromium, "seeds-", &["--require-coverage"]);
    assert!(report.contains("OK: 10/10 study checks passed"), "{report}");
    assert!(
        report.contains("PASS coverage: progress filled") && !report.contains("skipped"),
        "{report}"
    );
}
