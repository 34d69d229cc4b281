//! A note's title: front matter, else its first heading that is not a table of contents or
//! an agenda (decided by the list under it), else its file name; and a contents list whose
//! links lead to `#` alone is pointed at the headings it names.

use crate::common::*;

/// Build a site of `notes` (path under `content/`, text) and parse its pages.
fn built(notes: &[(&str, &str)]) -> std::collections::BTreeMap<String, scraper::Html> {
    let site = site_of("Titles", notes);
    build_ok(site.path(), &[]);
    pages(&site.path().join("public"))
}

const CONTENTS_FIRST: &str = "Lead-in line.\n\n## Table of Contents\n\n\
    - [Getting Started](#)\n- [Operations Efficiency](#)\n- [Nothing like it](#)\n\n\
    ## Getting Started\n\nText.\n\n## Operational Efficiency\n\nMore text.\n";

#[test]
fn a_contents_heading_is_not_the_title_and_its_empty_links_reach_the_headings_they_name() {
    let pages = built(&[("course.md", CONTENTS_FIRST)]);
    let page = &pages["course/index.html"];
    assert_eq!(text(&select(page, "h1")[0]), "Getting Started");
    let links: Vec<(String, String)> = select(page, "main .prose li a")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Getting Started".to_string(),
                "#getting-started".to_string()
            ),
            (
                "Operations Efficiency".to_string(),
                "#operational-efficiency".to_string()
            ),
        ],
        "an item naming no heading keeps its text, unlinked"
    );
    assert!(select(page, "main a[href='#']").is_empty());
    assert!(text(&select(page, "main .prose")[0]).contains("Nothing like it"));
    // The home page's card shows the same title.
    let home = text(&select(&pages["index.html"], "main")[0]);
    assert!(home.contains("Getting Started") && !home.contains("Table of Contents"));
}

#[test]
fn a_heading_over_an_ordinary_list_or_front_matter_still_titles_the_note() {
    let pages = built(&[
        (
            "agenda.md",
            "## Agenda\n\n- bring snacks\n- arrive early\n\n## Notes\n\nText.\n",
        ),
        (
            "named.md",
            "+++\ntitle = \"Chosen\"\n+++\n## Contents\n\n- [A](#a)\n- [B](#b)\n\n## A\n\n## B\n",
        ),
        ("only-contents.md", "## Contents\n\n- [A](#a)\n- [B](#b)\n"),
        (
            "storage.md",
            "# Storage\n\n- [Buckets](#buckets)\n- [Classes](#classes)\n\n## Buckets\n\n## Classes\n",
        ),
        (
            "toc-h1.md",
            "# Table of Contents\n\n- [Buckets](#buckets)\n- [Classes](#classes)\n\n# Buckets\n",
        ),
    ]);
    let title = |page: &str| text(&select(&pages[page], "h1")[0]);
    assert_eq!(
        title("agenda/index.html"),
        "Agenda",
        "decided by the list, not the word"
    );
    assert_eq!(title("named/index.html"), "Chosen");
    assert_eq!(title("only-contents/index.html"), "Only contents");
    assert_eq!(
        title("storage/index.html"),
        "Storage",
        "a sole # heading over its contents"
    );
    assert_eq!(title("toc-h1/index.html"), "Buckets");
}

#[test]
fn the_breadcrumb_home_link_has_words_without_a_home_note() {
    let pages = built(&[("guides/setup.md", "# Setup\n\nText.\n")]);
    let crumbs: Vec<String> = select(&pages["guides/setup/index.html"], "nav.breadcrumbs a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(crumbs, ["Home", "Guides"]);
}

/// A slide export as the plain-text ingest recovers it: a notice slide, the deck's contents,
/// its name alone on a slide, then one agenda per part (items shortening or lengthening the
/// titles of the parts they announce), then the parts.
fn slide_deck(name_line: &str) -> String {
    let mut deck = String::from(
        "Notice: for your own revision only\n\n- keep it to yourself\n\n\
         ## Contents\n\n- [Storage](#)\n- [Messaging](#)\n- [Compute](#)\n\n",
    );
    deck.push_str(name_line);
    deck.push_str("\n\n");
    for (part, items) in [
        ("Storage", ["Buckets", "Storage Classes (SC's)"]),
        ("Messaging", ["Queue types", "Dead-letter queues"]),
        ("Compute", ["Instances", "Autoscaling groups"]),
    ] {
        deck.push_str(&format!(
            "## Coming up: {part}\n\n- {}\n- {}\n\n",
            items[0], items[1]
        ));
    }
    for heading in [
        "Buckets and keys",
        "Storage Classes",
        "Queue Types",
        "Dead-letter queues",
        "Instances",
        "Autoscaling",
    ] {
        deck.push_str(&format!("## {heading}\n\nA few words on this part.\n\n"));
    }
    deck
}

#[test]
fn a_slide_deck_is_titled_by_the_line_alone_before_its_agendas() {
    let pages = built(&[
        ("deck.md", &slide_deck("Cloud Builders Course, Module C02")),
        (
            "sentence.md",
            &slide_deck("Welcome, and thanks for joining us."),
        ),
    ]);
    let title = |page: &str| text(&select(&pages[page], "h1")[0]);
    assert_eq!(
        title("deck/index.html"),
        "Cloud Builders Course, Module C02"
    );
    // A sentence before the agenda is no deck name: the first heading that is no agenda.
    assert_eq!(title("sentence/index.html"), "Buckets and keys");
    let home = text(&select(&pages["index.html"], "main")[0]);
    assert!(home.contains("Cloud Builders Course") && !home.contains("Coming up"));
}
