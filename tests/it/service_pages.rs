//! Service pages digest the notes: leads of the sections about a service, facts only from
//! lines about it, every other mention as a link, and a size that does not grow with the
//! notes (the rest on mention pages). Real builds, parsed HTML.

use crate::common::{build_ok, page, pages, select, site_of, text};
use std::collections::BTreeSet;
use std::path::Path;

/// A site of `notes` (path, markdown), built.
fn built_site(notes: &[(String, String)]) -> tempfile::TempDir {
    let notes: Vec<(&str, &str)> = notes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = site_of("Services", &notes);
    build_ok(site.path(), &[]);
    site
}

const BEDROCK: &str = "services/amazon-bedrock/index.html";

/// The links of a list of mentions (`ul.mention-list`), without the page's own folder.
fn mention_links(html: &scraper::Html) -> Vec<String> {
    select(html, "ul.mention-list a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_start_matches("../").to_string())
        .collect()
}

#[test]
fn a_section_naming_the_service_in_passing_is_a_link_not_a_lead() {
    let site = built_site(&[(
        "bedrock.md".into(),
        "# Bedrock\n\n## Amazon Bedrock\n\nAmazon Bedrock hosts foundation models behind one \
         serverless API that bills per token.\n\nA second paragraph the page leaves to the note.\n\n\
         ## Prompting\n\nWrite clear prompts with examples; they work the same on Amazon Bedrock \
         as anywhere else, which this paragraph explains at length.\n"
            .into(),
    )]);
    let html = page(site.path(), BEDROCK);
    let leads = select(&html, "article.lead");
    assert_eq!(leads.len(), 1, "one section is about Bedrock");
    let lead = text(&leads[0]);
    assert!(lead.contains("hosts foundation models"), "{lead}");
    assert!(!lead.contains("second paragraph"), "only the lead: {lead}");
    let read_on = select(&html, "article.lead .lead-more a");
    assert_eq!(
        read_on[0].value().attr("href"),
        Some("../../bedrock/index.html#amazon-bedrock")
    );
    let main = text(&select(&html, "main")[0]);
    assert!(
        !main.contains("Write clear prompts"),
        "a passing mention is not shown: {main}"
    );
    assert!(
        mention_links(&html).contains(&"bedrock/index.html#prompting".to_string()),
        "{:?}",
        mention_links(&html)
    );
}

#[test]
fn an_identical_paragraph_in_two_notes_is_shown_once_and_both_stay_linked() {
    let paragraph =
        "Amazon Bedrock gives one API to many foundation models from several providers.";
    let site = built_site(&[
        (
            "a.md".into(),
            format!("# A\n\n## Amazon Bedrock\n\n{paragraph}\n"),
        ),
        (
            "b.md".into(),
            format!("# B\n\n## Amazon Bedrock\n\n{paragraph}\n"),
        ),
    ]);
    let html = page(site.path(), BEDROCK);
    let leads = select(&html, "article.lead");
    assert_eq!(
        leads.len(),
        1,
        "{:?}",
        leads.iter().map(text).collect::<Vec<_>>()
    );
    let links = mention_links(&html);
    assert!(
        links.contains(&"b/index.html#amazon-bedrock".to_string()),
        "the second copy is a link: {links:?}"
    );
}

#[test]
fn agenda_and_title_slides_are_not_leads() {
    let site = built_site(&[(
        "deck.md".into(),
        "# Deck\n\n## Amazon Bedrock\n\nA title slide\n\n\
         ## What we cover: Amazon Bedrock\n\n- Model access per region\n- Pricing tiers and \
         quotas\n- Guardrails for safe output\n\n\
         ## Model access\n\nAsk for access per model.\n\n## Pricing tiers\n\nPer token.\n\n\
         ## Guardrails for output\n\nFilters.\n\n\
         ## Amazon Bedrock: pricing\n\nOn-demand pricing is per thousand tokens, and provisioned \
         throughput is per hour.\n"
            .into(),
    )]);
    let html = page(site.path(), BEDROCK);
    let headings: Vec<String> = select(&html, "article.lead .lead-heading")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headings, ["Amazon Bedrock: pricing"]);
    // Both slides are still linked.
    let links = mention_links(&html);
    for anchor in ["#amazon-bedrock", "#what-we-cover-amazon-bedrock"] {
        assert!(
            links.iter().any(|l| l.ends_with(anchor)),
            "{anchor}: {links:?}"
        );
    }
}

#[test]
fn facts_come_only_from_lines_about_the_service() {
    let site = built_site(&[(
        "bedrock.md".into(),
        "# Bedrock\n\n## Amazon Bedrock\n\n- **Purpose:** Build generative AI apps on hosted models.\n\
         - **Amazon Titan:** Amazon's own family of models.\n\n\
         ### Prompting\n\n- **Zero-shot:** No examples in the prompt.\n\n\
         ## PartyRock (Amazon Bedrock Playground)\n\n- **Drag-and-drop:** Build apps visually.\n"
            .into(),
    )]);
    let html = page(site.path(), BEDROCK);
    let keys: Vec<String> = select(&html, "table.fact-table tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(keys, ["Purpose"]);
}

#[test]
fn a_list_opening_on_another_service_gives_no_facts_to_the_heading_above() {
    // A slide export: the bullets of an "EBS volume" slide sit under the Route 53 heading.
    let site = built_site(&[(
        "slides.md".into(),
        "# Slides\n\n## Amazon Route 53\n\n- **Pricing:** Half a dollar a month per hosted zone.\n\n\
         What is an EBS volume\n\n\
         - An EBS volume is a network drive attached to one instance.\n\
         - **Analogy:** A network USB stick.\n"
            .into(),
    )]);
    let html = page(site.path(), "services/amazon-route-53/index.html");
    let keys: Vec<String> = select(&html, "table.fact-table tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(keys, ["Pricing"]);
}

/// `count` notes that all write about Amazon Bedrock: a section about it with a lead of its
/// own and a fact, and two sections that name it in passing.
fn bedrock_everywhere(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            (
                format!("area/note-{i:04}.md"),
                format!(
                    "# Note {i}\n\n## Amazon Bedrock\n\nIn note {i}, Amazon Bedrock serves model \
                     number {i} behind a single serverless API.\n\n- **Pricing:** Per token, \
                     variant {i}.\n\n## Setup {i}\n\nCall Amazon Bedrock from AWS Lambda in step \
                     {i}.\n\n## Costs {i}\n\nWatch what Amazon Bedrock bills for model {i}.\n"
                ),
            )
        })
        .collect()
}

/// Every `note#section` a service page and its mention pages link to.
fn linked_sections(site: &Path) -> (usize, BTreeSet<String>) {
    let all = pages(&site.join("public"));
    let mut linked = BTreeSet::new();
    let mut mention_pages = 0;
    for (url, html) in &all {
        if !url.starts_with("services/amazon-bedrock/") {
            continue;
        }
        mention_pages += usize::from(url.contains("/mentions/"));
        let links = select(html, "main a[href*='#']");
        for href in links.iter().filter_map(|a| a.value().attr("href")) {
            let href = href.trim_start_matches("../");
            if href.starts_with("area/") {
                linked.insert(href.to_string());
            }
        }
    }
    (mention_pages, linked)
}

#[test]
fn a_service_page_stays_the_same_size_as_notes_grow_and_every_mention_is_a_link_away() {
    let size = |count: usize| {
        let site = built_site(&bedrock_everywhere(count));
        let bytes = std::fs::metadata(site.path().join("public").join(BEDROCK))
            .unwrap()
            .len();
        (site, bytes)
    };
    let (_, small) = size(60);
    let (site, large) = size(420);
    eprintln!("Bedrock's page: {small} bytes at 60 notes, {large} at 420");
    // Seven times the notes, about the same page: what it lists is capped.
    assert!(
        large * 10 <= small * 13,
        "{large} bytes at 420 notes against {small} at 60"
    );
    let html = page(site.path(), BEDROCK);
    assert_eq!(select(&html, "article.lead").len(), 12);
    assert!(select(&html, "ul.mention-list > li").len() <= 30);
    // 420 notes, 30 listed on the service page: the other 390 on two mention pages of at
    // most 200 notes, linked from the service page.
    let pager: Vec<String> = select(&html, "nav.mention-pages a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(pager, ["page 1", "2"]);
    let (mention_pages, linked) = linked_sections(site.path());
    assert_eq!(mention_pages, 2);
    for i in 0..420 {
        for anchor in [
            "amazon-bedrock".to_string(),
            format!("setup-{i}"),
            format!("costs-{i}"),
        ] {
            let want = format!("area/note-{i:04}/index.html#{anchor}");
            assert!(linked.contains(&want), "{want} is not linked");
        }
    }
    let second = page(site.path(), "services/amazon-bedrock/mentions/2/index.html");
    assert_eq!(select(&second, "ul.mention-list > li").len(), 190);
    assert!(text(&select(&second, "h1")[0]).contains("Amazon Bedrock"));
}

#[test]
fn mention_pages_list_each_note_the_service_page_leaves_out_once() {
    let site = built_site(&bedrock_everywhere(80));
    let notes_listed = |url: &str| -> Vec<String> {
        let html = page(site.path(), url);
        select(&html, "ul.mention-list > li > a.mention-note")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .map(|href| href.trim_start_matches("../").to_string())
            .collect()
    };
    let on_page = notes_listed(BEDROCK);
    let on_mentions = notes_listed("services/amazon-bedrock/mentions/index.html");
    assert_eq!(on_page.len(), 30);
    assert_eq!(on_mentions.len(), 50);
    let all: BTreeSet<&String> = on_page.iter().chain(&on_mentions).collect();
    assert_eq!(all.len(), 80, "a note is listed twice or left out");
    // The mention page keeps note order.
    let mut sorted = on_mentions.clone();
    sorted.sort();
    assert_eq!(on_mentions, sorted);
    let lede = text(
        &select(
            &page(site.path(), "services/amazon-bedrock/mentions/index.html"),
            ".article-lede",
        )[0],
    );
    assert!(lede.starts_with("The 50 notes"), "{lede}");
}
