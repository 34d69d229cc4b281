//! Notes as people have them: plain text and messy markdown become structured pages with
//! every word of the input kept, in order — on fixtures and on the seed notes.

use crate::common::*;
use std::collections::BTreeMap;

/// The words of a note page's rendered body (a long note's: its title, then the bodies of
/// its first page and its chapters).
fn page_words(pages: &BTreeMap<String, scraper::Html>, page: &str) -> Vec<String> {
    let set = note_pages(pages, page);
    let html = set
        .first()
        .unwrap_or_else(|| panic!("no page {page}: {:?}", pages.keys().collect::<Vec<_>>()));
    let title = select(html, "main h1").into_iter().take(1);
    title
        .chain(set.iter().flat_map(|html| select(html, "main .prose")))
        .flat_map(|p| words(&visible_text(&p)))
        .collect()
}

/// Assert that `source`'s words appear in `page` in the same order.
fn assert_no_word_lost(name: &str, source: &[String], page: &[String]) {
    let mut at = 0;
    for (i, word) in source.iter().enumerate() {
        match page[at..].iter().position(|w| w == word) {
            Some(p) => at += p + 1,
            None => panic!(
                "{name}: word {i} `{word}` (after `{}`) is missing from the page",
                source[i.saturating_sub(8)..i].join(" ")
            ),
        }
    }
}

fn headings(pages: &BTreeMap<String, scraper::Html>, page: &str, level: &str) -> Vec<String> {
    note_pages(pages, page)
        .iter()
        .flat_map(|html| select(html, &format!("main .prose {level}")))
        .map(|h| text(&h).trim_end_matches('#').trim().to_string())
        .collect()
}

#[test]
fn plain_text_fixtures_keep_every_word_in_order() {
    let site = copy_fixture("plain");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    for (file, page) in [
        ("numbered-guide.txt", "numbered-guide/index.html"),
        ("slides.txt", "slides/index.html"),
        ("bold-labels.md", "bold-labels/index.html"),
    ] {
        let source =
            words(&std::fs::read_to_string(site.path().join("content").join(file)).unwrap());
        assert_no_word_lost(file, &source, &page_words(&pages, page));
    }
}

#[test]
fn numbered_lines_become_nested_headings() {
    let site = copy_fixture("plain");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = "numbered-guide/index.html";
    assert_eq!(
        headings(&pages, page, "h2"),
        ["1. Managed AI Services", "2. Platform Services"]
    );
    assert_eq!(
        headings(&pages, page, "h3"),
        [
            "1.1 Amazon Comprehend",
            "1.2 Amazon Polly",
            "2.1 Amazon SageMaker"
        ]
    );
    assert_eq!(headings(&pages, page, "h4"), ["2.1.1 Training Jobs"]);
    let body = text(&select(&pages[page], "main .prose")[0]);
    assert!(
        body.contains("$4.00 per million"),
        "money stays text: {body}"
    );
    assert!(select(&pages[page], "main .prose math").is_empty());
}

#[test]
fn slide_titles_tables_code_and_math_are_recovered() {
    let site = copy_fixture("plain");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = "slides/index.html";
    let h2 = headings(&pages, page, "h2");
    assert!(
        h2.contains(&"Amazon Bedrock".to_string())
            && h2.contains(&"Retrieval Augmented Generation (RAG)".to_string()),
        "{h2:?}"
    );
    assert!(
        !h2.contains(&"Amazon Transcribe".to_string()),
        "a lone caption is not a slide title: {h2:?}"
    );
    assert_eq!(select(&pages[page], "main .prose table").len(), 1);
    assert_eq!(
        select(&pages[page], "main .prose pre.code[data-lang='json']").len(),
        1
    );
    assert_eq!(select(&pages[page], "main .prose math").len(), 2);
}

#[test]
fn bold_label_headings_are_cleaned_and_stay_low() {
    let site = copy_fixture("plain");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = "bold-labels/index.html";
    assert_eq!(headings(&pages, page, "h2"), ["Amazon CloudWatch"]);
    let lower: Vec<String> = ["h3", "h4", "h5"]
        .iter()
        .flat_map(|h| headings(&pages, page, h))
        .collect();
    for label in ["Key Concepts", "CloudTrail vs CloudWatch", "Key Use Cases"] {
        assert!(
            lower.iter().any(|h| h == label),
            "{label} missing from {lower:?}"
        );
    }
    assert!(text(&select(&pages[page], "main .prose")[0]).contains("$1,000 a month"));
}

#[test]
fn structure_as_is_keeps_plain_text_lines() {
    let site = copy_fixture("plain");
    std::fs::write(
        site.path().join("content/raw.txt"),
        "+++\nstructure = \"as-is\"\n+++\n1. Not a heading\n<b>shown</b>\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    assert!(select(&pages["raw/index.html"], "main .prose h2").is_empty());
    assert!(text(&select(&pages["raw/index.html"], "main .prose")[0]).contains("<b>shown</b>"));
}

#[test]
fn timings_print_every_stage_structure_recovery_included() {
    let site = copy_fixture("plain");
    let output = build_ok(site.path(), &["--timings"]);
    let printed: Vec<String> = stderr(&output)
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let (stage, ms, unit) = (parts.next()?, parts.next()?, parts.next()?);
            (unit == "ms" && ms.parse::<f64>().is_ok()).then(|| stage.to_string())
        })
        .collect();
    let stages = [
        "load",
        "recovery",
        "knowledge",
        "site",
        "render",
        "search",
        "write",
    ];
    assert_eq!(printed, stages, "{}", stderr(&output));
}

#[test]
fn seeds_become_structured_pages_without_losing_words() {
    let Some((site, sources)) = seed_site(Some("txt")) else {
        return;
    };
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page_of = |prefix: &str| {
        sources
            .iter()
            .find(|(s, _)| s.starts_with(prefix))
            .map(|(s, _)| format!("{}/index.html", s.replace('_', "-")))
            .expect("seed present")
    };
    for (stem, path) in &sources {
        let source = words(&reader_text(&std::fs::read_to_string(path).unwrap()));
        let page = page_words(&pages, &format!("{}/index.html", stem.replace('_', "-")));
        assert_no_word_lost(stem, &source, &page);
        eprintln!("seed {stem}: all {} words kept in order", source.len());
    }
    let guide = page_of("001");
    let h3 = headings(&pages, &guide, "h3");
    for name in [
        "Amazon Bedrock",
        "Amazon SageMaker JumpStart",
        "PartyRock (Amazon Bedrock Playground)",
        "Amazon Q",
    ] {
        assert!(
            h3.iter().any(|h| h.ends_with(name)),
            "001: {name} not an h3 under part 1: {h3:?}"
        );
    }
    let guide_text = text(&select(&pages[&guide], "main .prose")[0]);
    assert!(
        guide_text.contains("$10K-$100K+"),
        "escaped dollars print as dollars"
    );
    let slides = page_of("004");
    let h2 = headings(&pages, &slides, "h2");
    for title in [
        "Amazon Bedrock",
        "Fine-tuning",
        "Low-Rank Adaptation (LoRA)",
        "Retrieval Augmented Generation (RAG)",
    ] {
        assert!(
            h2.iter().any(|h| h == title),
            "004: slide title {title} missing"
        );
    }
    let in_slides = |selector: &str| -> Vec<String> {
        note_pages(&pages, &slides)
            .iter()
            .flat_map(|html| select(html, selector))
            .map(|e| text(&e))
            .collect()
    };
    assert!(!in_slides("main .prose table").is_empty());
    assert!(
        in_slides("main .prose pre.code")
            .iter()
            .any(|pre| pre.starts_with('{')),
        "004: fenced JSON stays code"
    );
    assert!(in_slides("main .prose math").len() >= 5);
    let guide2 = page_of("002");
    let all: Vec<String> = ["h2", "h3", "h4", "h5", "h6"]
        .iter()
        .flat_map(|h| headings(&pages, &guide2, h))
        .collect();
    assert!(
        all.iter().any(|h| h == "Key Use Cases")
            && all.iter().any(|h| h == "Amazon OpenSearch Service"),
        "002 headings cleaned"
    );
    assert!(all.iter().all(|h| !h.contains("**")));
    let notes = page_of("000");
    assert!(
        !headings(&pages, &notes, "h2")
            .iter()
            .any(|h| h == "Key Concepts" || h.starts_with("CloudTrail vs CloudWatch")),
        "000: labels are not top-level sections"
    );
}

#[test]
fn recovered_table_cells_show_their_formatting_and_entities_but_run_no_script() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("notesite.toml"), "title = \"T\"\n").unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(
        site.path().join("content/table.txt"),
        "Concepts\n\nConcept\tGoal\tExample\n<b>Privacy &amp; Security</b>\tKeep data<br>safe\tA <i>vault</i>\n\
         <script>alert(1)</script>\t<b onclick=\"x()\">Click</b>\tPlain\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["table/index.html"];
    let bold: Vec<String> = select(page, "main td b").iter().map(text).collect();
    assert_eq!(bold, ["Privacy & Security"]);
    assert_eq!(select(page, "main td br").len(), 1);
    assert_eq!(select(page, "main td i").len(), 1);
    assert!(select(page, "main script, main [onclick]").is_empty());
    let shown = text(&select(page, "main table")[0]);
    assert!(
        !shown.contains("<b>") && !shown.contains("&amp;"),
        "{shown}"
    );
    assert!(
        shown.contains("<script>alert(1)</script>"),
        "other HTML stays text: {shown}"
    );
}

#[test]
fn seed_tables_show_bold_terms_not_their_tags() {
    let Some((site, _)) = seed_site(Some("txt")) else {
        return;
    };
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let mut bold_cells = 0;
    for (path, page) in &pages {
        for cell in select(page, "main td, main th") {
            let shown = text(&cell);
            assert!(
                !shown.contains("<b>") && !shown.contains("&amp;"),
                "{path}: {shown}"
            );
            bold_cells += select_in(&cell, "b").len();
        }
    }
    assert!(bold_cells >= 50, "{bold_cells} bold cells");
}

/// Elements under `element` that `selector` selects.
fn select_in<'a>(
    element: &scraper::ElementRef<'a>,
    selector: &str,
) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(selector).unwrap())
        .collect()
}
