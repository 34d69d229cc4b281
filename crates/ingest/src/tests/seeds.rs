//! The seed notes users brought (`shared/seeds/`, third-party text read only here): no panic,
//! no word lost, and the outline the issue expects. Skipped with a message when the folder
//! is absent.

use super::super::{recover, NoteKind, OutlineHeading};
use super::checker::{options, page_text, recover_checked};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::PathBuf;

/// `shared/seeds` beside the repository (or `NOTESITE_SEEDS`); `None`, a printed skip, when
/// absent — except in CI (`CI` set), which always has it, where its absence fails the test.
fn seeds_dir() -> Option<PathBuf> {
    let found = find_seeds_dir();
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "../shared/seeds is missing, and CI always has it: check the checkout's layout"
    );
    found
}

fn find_seeds_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("NOTESITE_SEEDS") {
        return Some(PathBuf::from(dir)).filter(|p| p.is_dir());
    }
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    );
    [
        manifest.join("../shared/seeds"),
        manifest.join("../../shared/seeds"),
        manifest.join("../../../shared/seeds"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// The seed whose file name starts with `prefix`, or `None` (with a message) when absent.
fn seed(prefix: &str) -> Option<String> {
    let Some(dir) = seeds_dir() else {
        println!("skipping: ../shared/seeds not found");
        return None;
    };
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix));
    match entry {
        Some(e) => std::fs::read_to_string(e.path()).ok(),
        None => {
            println!("skipping: no seed {prefix}* in {}", dir.display());
            None
        }
    }
}

fn find<'a>(outline: &'a [OutlineHeading], text: &str) -> Vec<&'a OutlineHeading> {
    outline.iter().filter(|h| h.text == text).collect()
}

fn assert_no_gaps(name: &str, outline: &[OutlineHeading]) {
    let mut prev = 1;
    for h in outline {
        assert!((2..=6).contains(&h.level), "{name}: {h:?}");
        assert!(
            h.level <= prev + 1,
            "{name}: jump to {h:?} after level {prev}"
        );
        prev = h.level;
    }
}

#[test]
fn every_seed_loses_no_words() {
    let Some(dir) = seeds_dir() else {
        println!("skipping: ../shared/seeds not found");
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let (plain, n_plain) = recover_checked(&name, &text, NoteKind::PlainText);
        let (md, n_md) = recover_checked(&name, &text, NoteKind::Markdown);
        assert_no_gaps(&name, &plain.outline);
        assert_no_gaps(&name, &md.outline);
        println!(
            "{name}: {n_plain} words checked as plain text ({} headings), {n_md} as markdown ({} headings)",
            plain.outline.len(),
            md.outline.len()
        );
        // CRLF line endings change nothing.
        let crlf = recover(&text.replace('\n', "\r\n"), NoteKind::PlainText);
        assert_eq!(
            crlf.markdown, plain.markdown,
            "{name}: CRLF changes the result"
        );
    }
}

#[test]
fn study_guide_numbered_parts() {
    let Some(text) = seed("001_") else { return };
    let r = recover(&text, NoteKind::PlainText);
    let top: Vec<&OutlineHeading> = r.outline.iter().filter(|h| h.level == 2).collect();
    assert!(top.len() >= 7, "{top:#?}");
    assert!(
        top[0].text.starts_with("AWS Services and Features"),
        "{top:#?}"
    );
    assert!(top[1].text.starts_with("Advantages of AWS"), "{top:#?}");
    let part1 = r
        .outline
        .iter()
        .position(|h| h.text.starts_with("AWS Services and Features"))
        .unwrap();
    let part2 = r
        .outline
        .iter()
        .position(|h| h.text.starts_with("Advantages of AWS"))
        .unwrap();
    for name in [
        "Amazon Bedrock",
        "Amazon SageMaker JumpStart",
        "PartyRock (Amazon Bedrock Playground)",
        "Amazon Q",
    ] {
        let at = r
            .outline
            .iter()
            .position(|h| h.text == name)
            .unwrap_or_else(|| panic!("{name} is not a heading"));
        assert!(part1 < at && at < part2, "{name} is not under part 1");
        assert_eq!(r.outline[at].level, 3, "{name}");
    }
    assert!(r.markdown.contains("\n### 1.1 Amazon Bedrock\n"));
    // Escaped dollars print as dollars, not math.
    let page = page_text(&r.markdown);
    assert!(page.contains("$10K-$100K+"), "escaped dollars lost");
    for e in Parser::new_ext(&r.markdown, options()) {
        if let Event::InlineMath(m) | Event::DisplayMath(m) = e {
            panic!("unexpected math {m:?}");
        }
    }
}

#[test]
fn slide_export_outline_tables_code_math() {
    let Some(text) = seed("004_") else { return };
    let r = recover(&text, NoteKind::PlainText);
    for name in [
        "Amazon Bedrock",
        "Fine-tuning",
        "Low-Rank Adaptation (LoRA)",
        "Retrieval Augmented Generation (RAG)",
    ] {
        assert!(
            !find(&r.outline, name).is_empty(),
            "{name} is not a heading"
        );
    }
    // Lone captions between slides (a line with no list, table or text of its own after
    // it) stay paragraphs; the same words as a real slide title do become a heading.
    let lines: Vec<&str> = text.lines().collect();
    let next_content = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .copied()
            .unwrap_or_default()
    };
    let transcribe: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i] == "Amazon Transcribe")
        .collect();
    let caption = transcribe
        .iter()
        .find(|&&i| !next_content(i).starts_with("- "))
        .expect("a caption line");
    let slide = transcribe
        .iter()
        .find(|&&i| next_content(i).starts_with("- "))
        .expect("a slide title");
    assert!(
        r.outline.iter().all(|h| h.line != caption + 1),
        "the caption on line {} became a heading",
        caption + 1
    );
    assert!(
        r.outline.iter().any(|h| h.line == slide + 1),
        "the slide title on line {} is not a heading",
        slide + 1
    );
    assert!(find(&r.outline, "stability.ai").is_empty());
    assert_no_gaps("004", &r.outline);
    let pipe_tables = text
        .lines()
        .zip(text.lines().skip(1))
        .filter(|(a, b)| a.starts_with('|') && b.starts_with("|--"))
        .count();
    let (mut tables, mut json, mut display, mut inline) = (0, false, 0, false);
    let mut in_code = false;
    for e in Parser::new_ext(&r.markdown, options()) {
        match e {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code && t.contains("\"guardrailConfig\": {") => json = true,
            Event::DisplayMath(m) if m.contains("\\frac") => display += 1,
            Event::InlineMath(m) if &*m == "ax^2 + bx + c = 0" => inline = true,
            _ => {}
        }
    }
    assert!(
        tables >= pipe_tables,
        "{tables} tables for {pipe_tables} pipe tables"
    );
    assert!(json, "the fenced JSON is not code");
    assert!(display >= 6, "display math: {display}");
    assert!(inline, "inline math lost");
}

#[test]
fn markdownish_bold_headings_are_cleaned() {
    let Some(text) = seed("002_") else { return };
    for kind in [NoteKind::PlainText, NoteKind::Markdown] {
        let r = recover(&text, kind);
        assert!(!find(&r.outline, "Key Use Cases").is_empty(), "{kind:?}");
        assert!(
            !find(&r.outline, "Amazon OpenSearch Service").is_empty(),
            "{kind:?}"
        );
        assert!(
            find(&r.outline, "Definition").is_empty(),
            "{kind:?}: a Definition paragraph became a heading"
        );
        assert!(
            r.markdown.contains("**Definition:** This managed resource"),
            "{kind:?}"
        );
        for line in r.markdown.lines().filter(|l| l.starts_with('#')) {
            assert!(
                !line.contains("**"),
                "{kind:?}: bold left in heading {line:?}"
            );
        }
        assert_no_gaps("002", &r.outline);
    }
}

#[test]
fn bold_label_lines_introduce_their_lists() {
    let Some(text) = seed("000_") else { return };
    for kind in [NoteKind::PlainText, NoteKind::Markdown] {
        let r = recover(&text, kind);
        for name in ["Key Concepts", "CloudTrail vs CloudWatch"] {
            let found = find(&r.outline, name);
            assert!(!found.is_empty(), "{kind:?}: {name} lost");
            for h in found {
                assert!(h.level > 2, "{kind:?}: {name} became a top-level section");
                // The heading sits right above its list.
                let next = r
                    .markdown
                    .split(&format!("{} {name}\n", "#".repeat(h.level.into())))
                    .nth(1)
                    .unwrap_or_default();
                assert!(
                    next.trim_start().starts_with("- "),
                    "{kind:?}: {name} does not introduce a list"
                );
            }
        }
        // A label is never a parent: the heading after it is not deeper.
        for w in r.outline.windows(2) {
            if w[0].text == "Key Concepts" {
                assert!(
                    w[1].level <= w[0].level,
                    "{kind:?}: {:?} nested under a label",
                    w[1]
                );
            }
        }
    }
}

/// Release-mode timing of the 300 KB slide export: `cargo test --release -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_slide_export() {
    let Some(text) = seed("004_") else { return };
    let runs = 20;
    let start = std::time::Instant::now();
    let mut headings = 0;
    for _ in 0..runs {
        headings += recover(&text, NoteKind::PlainText).outline.len();
    }
    let each = start.elapsed() / runs;
    println!(
        "recover(004, {} KB): {:?} per run ({} headings)",
        text.len() / 1024,
        each,
        headings / runs as usize
    );
}
