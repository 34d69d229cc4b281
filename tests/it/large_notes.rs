//! Large notes of the shapes that once took quadratic time (repeated headings, repeated
//! explicit ids, paragraphs of service names, service-named sections), built for real and
//! checked on their HTML: the ids, links and sentences are the ones the short inputs give.
//! How long they take is measured by `bench/pathological`, not here.

use crate::common::*;
use std::path::Path;

/// A one-note site: `content/note.md` holds `markdown`.
fn one_note_site(markdown: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temp dir");
    std::fs::write(site.path().join("notesite.toml"), "title = \"Large\"\n").unwrap();
    std::fs::create_dir(site.path().join("content")).unwrap();
    std::fs::write(site.path().join("content/note.md"), markdown).unwrap();
    site
}

fn page(site: &Path, path: &str) -> scraper::Html {
    let html = std::fs::read_to_string(site.join("public").join(path)).expect("page exists");
    scraper::Html::parse_document(&html)
}

fn heading_ids(html: &scraper::Html) -> Vec<String> {
    select(html, "main .prose h2[id]")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect()
}

#[test]
fn two_thousand_identical_headings_get_same_then_same_1_same_2_in_order() {
    // One page, as the checks below read it (a long note is chapters by default).
    let mut md = String::from("+++\nchapters = false\n+++\n# Repeats\n\n");
    for i in 0..2_000 {
        md.push_str(&format!("## Same\n\nLine {i}.\n\n"));
    }
    md.push_str("See [the last one](#same-1999).\n");
    let site = one_note_site(&md);
    let output = build_ok(site.path(), &[]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let ids = heading_ids(&page(site.path(), "note/index.html"));
    let expected: Vec<String> = std::iter::once("same".to_string())
        .chain((1..2_000).map(|n| format!("same-{n}")))
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn an_explicit_id_keeps_its_value_and_earlier_automatic_ids_move_aside() {
    let site = one_note_site(
        "# Ids\n\n## Intro\n\nFirst.\n\n## Intro\n\nSecond.\n\n## Overview {#intro}\n\nThird.\n\n\
         ## Later {#intro-1}\n\nFourth.\n\nBack to [the overview](#intro).\n",
    );
    let output = build_ok(site.path(), &[]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let html = page(site.path(), "note/index.html");
    assert_eq!(
        heading_ids(&html),
        ["intro-2", "intro-3", "intro", "intro-1"]
    );
    let overview = select(&html, "main .prose h2#intro");
    assert!(text(&overview[0]).starts_with("Overview"));
    assert_eq!(select(&html, "main .prose p a[href='#intro']").len(), 1);
}

#[test]
fn two_explicit_ids_that_clash_are_warned_about_at_file_line_and_column() {
    let site = one_note_site("# Ids\n\n## First {#same}\n\nA.\n\n## Second {#same}\n\nB.\n");
    let output = build_ok(site.path(), &[]);
    let err = stderr(&output);
    assert!(err.contains("content/note.md:7:12"), "{err}");
    assert!(
        err.contains("`#same`") && err.contains("`#same-1`"),
        "{err}"
    );
    assert_eq!(
        heading_ids(&page(site.path(), "note/index.html")),
        ["same", "same-1"]
    );
}

#[test]
fn two_thousand_repeated_explicit_ids_stay_unique_and_are_each_reported() {
    // One page, as the checks below read it (a long note is chapters by default).
    let mut md = String::from("+++\nchapters = false\n+++\n# Ids\n\n");
    for i in 0..2_000 {
        md.push_str(&format!("## Part {i} {{#same}}\n\nText.\n\n"));
    }
    let site = one_note_site(&md);
    let output = build_ok(site.path(), &[]);
    let err = stderr(&output);
    assert_eq!(
        err.matches("heading id `#same` is given twice").count(),
        1_999
    );
    let ids = heading_ids(&page(site.path(), "note/index.html"));
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (2_000, 2_000));
    assert_eq!(&ids[..3], ["same", "same-1", "same-2"]);
}

#[test]
fn a_paragraph_of_service_names_without_sentence_ends_is_one_link_on_the_service_page() {
    let names = ["Amazon Bedrock", "Amazon SageMaker", "AWS Lambda"];
    let paragraph: Vec<&str> = (0..3_000).map(|i| names[i % 3]).collect();
    let site = one_note_site(&format!("# Services\n\n{}\n", paragraph.join(" and ")));
    build_ok(site.path(), &[]);
    let html = page(site.path(), "services/amazon-bedrock/index.html");
    let notes = select(&html, "ul.mention-list > li");
    assert_eq!(notes.len(), 1);
    let links = select(&html, "ul.mention-list > li a");
    assert_eq!(links.len(), 2, "the note, and its one section");
    let size = html.html().len();
    assert!(size < 40_000, "{size} bytes");
}

#[test]
fn a_non_breaking_space_before_a_service_name_is_not_a_crash() {
    let site = one_note_site(
        "# Spaces\n\nWe deploy\u{a0}Amazon Bedrock agents.\u{2003}AWS Lambda runs them.\n",
    );
    build_ok(site.path(), &[]);
    let html = page(site.path(), "services/amazon-bedrock/index.html");
    let shown: Vec<String> = select(&html, "ul.mention-list > li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("Introduction"), "{shown:?}");
}

#[test]
fn many_service_named_sections_link_each_first_mention_and_show_a_dozen_leads() {
    // One page, as the checks below read it (a long note is chapters by default).
    let mut md = String::from("+++\nchapters = false\n+++\n# Services\n\n");
    for i in 0..600 {
        md.push_str(&format!(
            "## Amazon Bedrock\n\nPart {i} works with Amazon SageMaker, and Amazon SageMaker \
             again.\n\n- Pricing: per call in region {i}\n\n"
        ));
    }
    let site = one_note_site(&md);
    build_ok(site.path(), &[]);
    let note = page(site.path(), "note/index.html");
    let links = select(&note, "main .prose a.service-link");
    assert_eq!(links.len(), 600, "one link per section");
    assert!(links
        .iter()
        .all(|a| a.value().attr("href") == Some("../services/amazon-sagemaker/index.html")));
    let bedrock = page(site.path(), "services/amazon-bedrock/index.html");
    let leads = select(&bedrock, "article.lead");
    assert_eq!(leads.len(), 12);
    for (i, section) in leads.iter().enumerate() {
        let body = text(section);
        assert!(body.contains(&format!("Part {i} works")), "{body}");
        let inner = scraper::Selector::parse(".gathered-body a.service-link").unwrap();
        assert_eq!(section.select(&inner).count(), 1, "{body}");
    }
    // The other 588 sections are links; the facts show the eight first values.
    assert_eq!(select(&bedrock, "ul.mention-list > li a").len(), 1 + 588);
    let facts = text(&select(&bedrock, "section[aria-labelledby='facts']")[0]);
    assert!(
        facts.contains("region 0") && facts.contains("region 7"),
        "{facts}"
    );
    assert!(!facts.contains("region 8"), "{facts}");
    assert!(facts.contains("592 more statements"), "{facts}");
}

#[test]
fn notes_that_want_one_url_get_numbered_urls_in_path_order() {
    let site = one_note_site("# One\n");
    for name in ["Note.md", "NOTE.md", "note!.md"] {
        std::fs::write(site.path().join("content").join(name), "# Other\n").unwrap();
    }
    build_ok(site.path(), &[]);
    for url in ["note", "note-2", "note-3", "note-4"] {
        assert!(
            site.path()
                .join("public")
                .join(url)
                .join("index.html")
                .is_file(),
            "{url} missing"
        );
    }
}
