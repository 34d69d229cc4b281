//! The glossary and comparisons of issue 19: which forms define a term, what `glossary.toml`
//! changes, where terms are marked (and how: a link carrying its definition, opened as a
//! popover by `terms.js`), and comparison tables whose columns most services fill. Each
//! test builds a small site of its own and reads the HTML back.

use crate::common::*;
use std::path::Path;

/// A site in a temp folder holding `files` (paths relative to the site root).
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let mut all = vec![("notesite.toml", "title = \"T\"\n")];
    all.extend_from_slice(files);
    for (path, text) in all {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

fn glossary_terms(site: &Path) -> Vec<String> {
    select(&page(site, "glossary/index.html"), ".glossary-entry dt dfn")
        .iter()
        .map(text)
        .collect()
}

const TERMS: &str = "# Terms\n\n\
    **Sharding** is the splitting of one table into parts kept on different hosts.\n\n\
    **Permissions** are defined using policies.\n\n\
    ## Terminology\n\n\
    ### Crawler\n\n\
    A program that reads a data store and writes its tables to the catalog. It runs on a schedule.\n\n\
    ### Classifier\n\n\
    Decides the format of a file from its first bytes.\n\n\
    ## Use\n\n\
    Sharding helps. A crawler runs nightly; the **crawler** in bold is not marked.\n";

#[test]
fn a_bold_term_opening_a_sentence_and_the_subsections_of_a_terminology_section_define_terms() {
    let site = site(&[("content/terms.md", TERMS)]);
    build_ok(site.path(), &[]);
    let terms = glossary_terms(site.path());
    for wanted in ["Sharding", "Crawler", "Classifier"] {
        assert!(terms.iter().any(|t| t == wanted), "{wanted} in {terms:?}");
    }
    assert!(
        !terms.iter().any(|t| t == "Permissions"),
        "`are defined using` says how, not what: {terms:?}"
    );
    let glossary = page(site.path(), "glossary/index.html");
    let definitions: Vec<String> = select(&glossary, ".glossary-definition")
        .iter()
        .map(text)
        .collect();
    assert!(
        definitions
            .iter()
            .any(|d| d == "A program that reads a data store and writes its tables to the catalog."),
        "the first sentence under the heading: {definitions:?}"
    );
    assert!(
        definitions
            .iter()
            .any(|d| d.starts_with("The splitting of one table")),
        "the sentence after `is`, capitalised: {definitions:?}"
    );
}

#[test]
fn a_term_is_marked_once_per_section_as_a_link_to_its_entry_and_never_in_headings_code_or_bold() {
    let note = "# Notes\n\n\
        - **Quorum:** The least number of votes a decision needs.\n\n\
        ## Voting with a quorum\n\n\
        A quorum decides. A second quorum is not marked. `quorum` in code is not, \
        [a quorum link](https://example.com) is not, **quorum** in bold is not.\n\n\
        ## Later\n\n\
        The quorum again.\n";
    let site = site(&[
        ("content/votes.md", note),
        ("content/plain.md", "# Plain\n\nNo terms.\n"),
    ]);
    build_ok(site.path(), &[]);
    let votes = page(site.path(), "votes/index.html");
    let marks = select(&votes, "main a.term");
    assert_eq!(
        marks.iter().map(text).collect::<Vec<_>>(),
        ["quorum", "quorum"],
        "one per section, outside headings, code, links and bold"
    );
    for mark in &marks {
        assert_eq!(
            mark.value().attr("href"),
            Some("../glossary/index.html#quorum")
        );
        assert_eq!(
            mark.value().attr("data-definition"),
            Some("The least number of votes a decision needs.")
        );
    }
    assert!(select(&votes, "main h2 a.term").is_empty());
    assert!(!select(&page(site.path(), "glossary/index.html"), "#quorum").is_empty());
    let script = "script[src$='assets/terms.js']";
    assert_eq!(
        select(&votes, script).len(),
        1,
        "terms.js on a page with marks"
    );
    assert!(
        select(&page(site.path(), "plain/index.html"), script).is_empty(),
        "terms.js only where terms are marked"
    );
    assert!(site.path().join("public/assets/terms.js").is_file());
}

#[test]
fn glossary_toml_adds_renames_aliases_and_suppresses_terms() {
    let note = "# Scaling\n\n\
        - **Autoscaling:** The adding and removing of servers as the load changes.\n\
        - **Throttling:** The refusing of requests above a set rate.\n\n\
        ## Use\n\n\
        Elastic capacity and throttling and a quorum.\n";
    let toml = "suppress = [\"throttling\"]\n\n\
        [[term]]\nname = \"Auto Scaling\"\naliases = [\"Autoscaling\", \"elastic capacity\"]\n\n\
        [[term]]\nname = \"Quorum\"\ndefinition = \"The least number of votes a decision needs.\"\n";
    let site = site(&[("content/scaling.md", note), ("glossary.toml", toml)]);
    build_ok(site.path(), &[]);
    assert_eq!(glossary_terms(site.path()), ["Auto Scaling", "Quorum"]);
    let glossary = page(site.path(), "glossary/index.html");
    assert!(text(&select(&glossary, "#auto-scaling")[0])
        .contains("Also: Autoscaling, elastic capacity"));
    let note = page(site.path(), "scaling/index.html");
    let marks: Vec<(String, String)> = select(&note, "main a.term")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        marks,
        [
            (
                "Elastic capacity".to_string(),
                "../glossary/index.html#auto-scaling".to_string()
            ),
            (
                "quorum".to_string(),
                "../glossary/index.html#quorum".to_string()
            )
        ],
        "aliases mark the renamed term; a suppressed one is not marked"
    );
}

#[test]
fn a_broken_glossary_toml_stops_the_build_at_its_line() {
    let site = site(&[
        ("content/a.md", "# A\n\nText.\n"),
        (
            "glossary.toml",
            "suppress = [\"x\"]\n\n[[term]]\nnmae = \"Typo\"\n",
        ),
    ]);
    let out = notesite(site.path(), &["build"]);
    let messages = format!("{}{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
    assert!(!out.status.success(), "{messages}");
    assert!(messages.contains("glossary.toml:4"), "{messages}");
}

/// Six services of one category: five state a purpose, four a price, two a limit; three
/// share a value written like a key (`AllAtOnce`); one states nothing.
const WIDGETS: &str =
    "[[service]]\nname = \"Alpha Widget\"\ncategory = \"Widgets\"\nsummary = \"A.\"\n\
    [[service]]\nname = \"Beta Widget\"\ncategory = \"Widgets\"\nsummary = \"B.\"\n\
    [[service]]\nname = \"Gamma Widget\"\ncategory = \"Widgets\"\nsummary = \"C.\"\n\
    [[service]]\nname = \"Delta Widget\"\ncategory = \"Widgets\"\nsummary = \"D.\"\n\
    [[service]]\nname = \"Epsilon Widget\"\ncategory = \"Widgets\"\nsummary = \"E.\"\n\
    [[service]]\nname = \"Omega Widget\"\ncategory = \"Widgets\"\nsummary = \"O.\"\n\
    [[service]]\nname = \"Left Gadget\"\ncategory = \"Gadgets\"\nsummary = \"L.\"\n\
    [[service]]\nname = \"Right Gadget\"\ncategory = \"Gadgets\"\nsummary = \"R.\"\n";

fn widget_notes() -> String {
    let mut note = String::from("# Widgets\n\nOmega Widget is mentioned once.\n");
    for (index, name) in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
        .iter()
        .enumerate()
    {
        note.push_str(&format!(
            "\n## {name} Widget\n\n- **Purpose:** Turns {name} things.\n"
        ));
        if index < 4 {
            note.push_str("- **Pricing:** Per turn.\n");
        }
        if index < 2 {
            note.push_str("- **Limits:** Ten turns.\n");
        }
        if index < 3 {
            note.push_str("- **AllAtOnce:** Turns everything in one go.\n");
        }
    }
    note.push_str("\n## Left Gadget\n\n- **Purpose:** Holds on the left.\n");
    note.push_str("\n## Right Gadget\n\n- **Purpose:** Holds on the right.\n");
    note
}

#[test]
fn comparison_columns_are_facts_most_services_state_and_few_services_are_columns() {
    let notes = widget_notes();
    let site = site(&[
        ("content/services.toml", WIDGETS),
        ("content/widgets.md", &notes),
    ]);
    build_ok(site.path(), &[]);
    let widgets = page(site.path(), "compare/widgets/index.html");
    let columns: Vec<String> = select(&widgets, ".compare-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        columns,
        ["Service", "Summary", "Coverage", "Purpose", "Pricing"],
        "Limits (2 of 5) and AllAtOnce (a value, not an attribute) are no columns"
    );
    let rows = select(&widgets, ".compare-table tbody tr");
    assert_eq!(rows.len(), 5, "Omega states none of the facts");
    let empty = select(&widgets, ".compare-table tbody .no-data").len();
    assert_eq!(
        empty, 1,
        "only Epsilon's price is missing: 1 of 10 fact cells"
    );
    assert!(text(&select(&widgets, ".compare-others")[0]).contains("Omega Widget"));
    let gadgets = page(site.path(), "compare/gadgets/index.html");
    let heads: Vec<String> = select(&gadgets, ".compare-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        heads,
        ["Left Gadget", "Right Gadget"],
        "two services: one column each"
    );
    let facts: Vec<String> = select(&gadgets, ".compare-table tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(facts, ["Summary", "Purpose", "Coverage"]);
}

#[test]
fn a_service_the_notes_define_is_an_entry_linking_to_its_page_and_is_never_marked() {
    let site = copy_fixture("glossary-services");
    build_ok(site.path(), &[]);
    let terms = glossary_terms(site.path());
    assert!(
        terms.iter().any(|t| t == "Amazon Transcribe"),
        "a defined service is an entry: {terms:?}"
    );
    assert!(
        !terms.iter().any(|t| t.contains("Comprehend")),
        "a service only mentioned is none: {terms:?}"
    );
    let glossary = page(site.path(), "glossary/index.html");
    let entry = &select(&glossary, "#amazon-transcribe")[0];
    let definitions: Vec<String> = entry
        .select(&scraper::Selector::parse(".glossary-definition").unwrap())
        .map(|d| text(&d))
        .collect();
    assert_eq!(
        definitions,
        ["A service that converts the speech in audio and video files to text."],
        "the notes' definition"
    );
    let links: Vec<(String, String)> = entry
        .select(&scraper::Selector::parse(".glossary-service a").unwrap())
        .map(|a| (text(&a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        links,
        [(
            "Amazon Transcribe".to_string(),
            "../services/amazon-transcribe/index.html".to_string()
        )]
    );
    assert!(site
        .path()
        .join("public/services/amazon-transcribe/index.html")
        .is_file());
    assert!(
        select(&glossary, "#diarization .glossary-service").is_empty(),
        "a term naming no service links to none"
    );

    // In the note, the service's mentions are service links, and never term marks.
    let note = page(site.path(), "speech/index.html");
    let marks: Vec<String> = select(&note, "main a.term").iter().map(text).collect();
    assert_eq!(marks, ["diarization", "custom vocabulary"]);
    assert!(
        select(&note, "main a a").is_empty(),
        "no link inside a link"
    );
    let services: Vec<String> = select(&note, "main a.service-link")
        .iter()
        .map(text)
        .collect();
    assert!(
        services.iter().any(|s| s == "Amazon Transcribe"),
        "{services:?}"
    );

    // Its card is the notes' definition, in the service's deck.
    let deck = page(site.path(), "study/services/amazon-transcribe/index.html");
    let cards: Vec<String> = select(&deck, ".study-card").iter().map(text).collect();
    assert!(
        cards
            .iter()
            .any(|c| c.contains("What is Amazon Transcribe?")
                && c.contains("converts the speech in audio and video files to text")),
        "{cards:?}"
    );

    // Search finds the service's page, and no glossary document competes with it.
    let output = notesite(site.path(), &["search", "Amazon Transcribe", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let urls: Vec<&str> = (results.as_array().unwrap().iter())
        .filter_map(|r| r["url"].as_str())
        .collect();
    assert!(!urls.iter().any(|u| u.starts_with("glossary/")), "{urls:?}");
    assert!(
        urls.iter()
            .any(|u| u.starts_with("services/amazon-transcribe/")),
        "{urls:?}"
    );
}

#[test]
fn glossary_toml_suppresses_and_renames_a_service_entry_too() {
    let site = copy_fixture("glossary-services");
    std::fs::write(
        site.path().join("glossary.toml"),
        "suppress = [\"Amazon Transcribe\"]\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(!glossary_terms(site.path())
        .iter()
        .any(|t| t.contains("Transcribe")));

    let toml = "[[term]]\nname = \"Speech recognition\"\naliases = [\"Amazon Transcribe\"]\n";
    std::fs::write(site.path().join("glossary.toml"), toml).unwrap();
    build_ok(site.path(), &[]);
    let terms = glossary_terms(site.path());
    assert!(terms.iter().any(|t| t == "Speech recognition"), "{terms:?}");
    assert!(!terms.iter().any(|t| t.contains("Transcribe")), "{terms:?}");
    let glossary = page(site.path(), "glossary/index.html");
    let link: Vec<String> = select(&glossary, "#speech-recognition .glossary-service a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        link,
        ["Amazon Transcribe"],
        "renamed, still about the service"
    );
}
