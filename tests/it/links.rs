//! Links as notes written for other tools write them: `notesite check` fails on any link,
//! anchor or wiki-link that leads nowhere (a build only warns), and links written for GitHub
//! (its heading ids), for mdBook (`page.html`, `topic.md` beside `topic/`) and email
//! autolinks reach what they meant.

use crate::common::*;
use std::path::Path;

/// `notesite check` on `site`: (exit code, standard output).
fn check(site: &Path) -> (Option<i32>, String) {
    let output = notesite(site, &["check"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code(), format!("{text}{}", stderr(&output)))
}

#[test]
fn check_fails_on_a_broken_link_anchor_or_wiki_link_that_build_only_warns_about() {
    let site = site_of(
        "Links",
        &[
            (
                "a.md",
                "# A\n\nSee [gone](gone.md), [here](#nowhere)\nand [[Nobody]].\n\n## Kept\n",
            ),
            ("b.md", "# B\n\nBack to [A](a.md#kept).\n"),
        ],
    );
    let build = build_ok(site.path(), &[]);
    let warnings = stderr(&build);
    assert!(warnings.contains("content/a.md:3:5"), "{warnings}");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    for expected in [
        "content/a.md\n",
        "3:5      error    link to `gone.md`",
        "3:22     error    link to `#nowhere`",
        "4:5      error    wiki-link [[Nobody]]",
        "3 broken link(s), anchor(s) or wiki-link(s): 3 written so in the notes, 0 in the pages notesite generated",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("content/b.md"), "{text}");
}

#[test]
fn email_autolinks_are_mailto_links_and_not_reported() {
    let site = site_of(
        "Links",
        &[("a.md", "# A\n\nWrite to <someone@example.com>.\n")],
    );
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let links = select(&pages["a/index.html"], "main a[href^='mailto:']");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].value().attr("href"),
        Some("mailto:someone@example.com")
    );
}

#[test]
fn links_written_against_githubs_heading_ids_resolve() {
    let site = site_of("Links", &[
        (
            "net.md",
            "# Networking\n\n- [VPC](#vpc--subnets-primer)\n- [Plan](#business-support-plan-247)\n\n\
             ## VPC & Subnets Primer\n\ntext\n\n## Business Support Plan (24/7)\n\ntext\n",
        ),
        (
            "other.md",
            "# Other\n\nSee [the primer](net.md#vpc--subnets-primer).\n",
        ),
    ]);
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(broken_references(&public).is_empty());
    let pages = pages(&public);
    let net = &pages["net/index.html"];
    // Our readable id stays the heading's; GitHub's is an anchor inside it.
    assert_eq!(
        select(net, "h2#vpc-subnets-primer #vpc--subnets-primer").len(),
        1
    );
    assert_eq!(select(net, "h2 #business-support-plan-247").len(), 1);
}

#[test]
fn a_link_to_the_title_heading_or_an_anchor_inside_it_lands_on_the_page() {
    let site = site_of("Links", &[(
        "history.md",
        "# Document History<a name=\"doc-history\"></a>\n\n| Change |\n| --- |\n| [one](#doc-history) |\n\n[top](#document-history)\n",
    )]);
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn mdbook_layout_topic_beside_its_folder_and_html_links_build_cleanly() {
    let site = site_of(
        "Links",
        &[
            ("SUMMARY.md", "# Summary\n\n- [Types](types.html)\n"),
            (
                "types.md",
                "# Types\n\nSee [aliasing](types/alias.html) and [casts](types/cast.md).\n",
            ),
            (
                "types/alias.md",
                "# Aliasing\n\nBack to [types](../types.html).\n",
            ),
            ("types/cast.md", "# Casting\n\nText.\n"),
        ],
    );
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("already has the URL"), "{text}");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(!public.join("types-2").exists());
    let pages = pages(&public);
    let types = &pages["types/index.html"];
    assert_eq!(text_of(types, "h1"), "Types");
    let links: Vec<_> = select(types, "main .prose a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.contains(&"alias/index.html".to_string()), "{links:?}");
}

#[test]
fn notes_named_apart_only_by_dash_or_underscore_get_their_own_urls() {
    let site = site_of(
        "Links",
        &[
            ("privacy-policy.md", "# Policy one\n\nFirst.\n"),
            ("privacy_policy.md", "# Policy two\n\nSecond.\n"),
        ],
    );
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    assert_eq!(
        text_of(&pages["privacy-policy/index.html"], "h1"),
        "Policy one"
    );
    assert_eq!(
        text_of(&pages["privacy_policy/index.html"], "h1"),
        "Policy two"
    );
}

#[test]
fn images_in_html_written_in_a_note_reach_their_file_from_its_page() {
    let site = site_of("Links", &[(
        "sections/storage.md",
        "# Storage\n\n<img src=\"../images/model.png\" width=\"300\">\n\nText <a href=\"../other.md\">other</a>.\n",
    ), ("other.md", "# Other\n")]);
    std::fs::create_dir_all(site.path().join("content/images")).unwrap();
    std::fs::write(site.path().join("content/images/model.png"), b"\x89PNG").unwrap();
    let (code, text) = check(site.path());
    assert_eq!(code, Some(0), "{text}");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["sections/storage/index.html"];
    assert_eq!(
        select(page, "main img")[0].value().attr("src"),
        Some("../../images/model.png")
    );
    assert_eq!(
        select(page, "main .prose a")[0].value().attr("href"),
        Some("../../other/index.html")
    );
}

/// The text of the first element `selector` selects.
fn text_of(html: &scraper::Html, selector: &str) -> String {
    text(&select(html, selector)[0])
}

#[test]
fn details_marked_markdown_render_their_inside_as_markdown() {
    let site = site_of("Links", &[(
        "exam.md",
        "# Exam\n\n1. Which one?\n    - A. This\n    - B. That\n\n    <details markdown=1><summary markdown='span'>Answer</summary>\n      Correct answer: **B**, see [the note](other.md)\n    </details>\n\n<details><summary>Plain</summary>\n*not markdown*\n</details>\n",
    ), ("other.md", "# Other\n")]);
    let (code, report) = check(site.path());
    assert_eq!(code, Some(0), "{report}");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["exam/index.html"];
    let details = select(page, "main details");
    assert_eq!(details.len(), 2);
    let answer = scraper::Selector::parse("strong, a[href='../other/index.html']").unwrap();
    assert_eq!(
        details[0].select(&answer).count(),
        2,
        "{}",
        details[0].html()
    );
    assert_eq!(text(&select(page, "main details summary")[0]), "Answer");
    assert!(
        details[1].html().contains("*not markdown*"),
        "only when asked"
    );
}
