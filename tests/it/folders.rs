//! A folder's page lists at most `LISTING_PAGE_SIZE` (200) pages: a large folder's list
//! goes on over `page-2/`, `page-3/`, ... with numbered, previous and next links; and
//! `serve` renders a folder's pages again only when what they list changed.

use crate::common::*;
use notesite::serve::session::Session;
use std::collections::BTreeSet;

/// A site with `count` notes in `big/` (each with a description) and two in `small/`.
fn big_folder(count: usize) -> tempfile::TempDir {
    let notes: Vec<(String, String)> = (0..count)
        .map(|i| {
            (
                format!("big/note-{i:03}.md"),
                format!("---\ntitle: Note {i:03}\ndescription: About {i}\n---\nText {i}.\n"),
            )
        })
        .chain((0..2).map(|i| (format!("small/s{i}.md"), format!("# Small {i}\n\nText.\n"))))
        .collect();
    let refs: Vec<(&str, &str)> = notes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site_of("Folders", &refs)
}

fn hrefs(page: &scraper::Html, selector: &str) -> Vec<String> {
    select(page, selector)
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn a_large_folder_is_listed_over_numbered_pages_whose_links_resolve() {
    let site = big_folder(450);
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let pages = pages(&output);
    let lists = [
        "big/index.html",
        "big/page-2/index.html",
        "big/page-3/index.html",
    ];
    assert!(!pages.contains_key("big/page-4/index.html"));
    let mut listed = BTreeSet::new();
    for (at, url) in lists.iter().enumerate() {
        let page = &pages[*url];
        let cards = hrefs(page, "main .card-title a");
        assert_eq!(cards.len(), [200, 200, 50][at], "{url}");
        let folder = url.trim_end_matches("index.html");
        for card in cards {
            // Resolve the card's link from the page's folder to a note's URL.
            let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
            for step in card.split('/') {
                match step {
                    ".." => {
                        parts.pop();
                    }
                    step => parts.push(step),
                }
            }
            assert!(listed.insert(parts.join("/")), "{card} listed twice");
        }
        let numbers: Vec<String> = select(page, ".listing-pages li").iter().map(text).collect();
        let current: Vec<String> = select(page, ".listing-pages [aria-current=page]")
            .iter()
            .map(text)
            .collect();
        assert_eq!(current, [(at + 1).to_string()], "{url}: {numbers:?}");
        assert_eq!(
            hrefs(page, ".listing-pages a[rel=prev]").len(),
            usize::from(at > 0)
        );
        assert_eq!(
            hrefs(page, ".listing-pages a[rel=next]").len(),
            usize::from(at < 2)
        );
        // Every page of the list names the folder in its breadcrumbs and counts it whole.
        assert!(hrefs(page, ".breadcrumbs a").contains(&"../index.html".to_string()) || at == 0);
        assert_eq!(text(&select(page, "#children-heading .count")[0]), "450");
    }
    let expected: BTreeSet<String> = (0..450)
        .map(|i| format!("big/note-{i:03}/index.html"))
        .collect();
    assert_eq!(listed, expected, "every note once, in one of the pages");
    // The first page links the others where they are.
    assert_eq!(
        hrefs(&pages["big/index.html"], ".listing-pages a:not([rel])"),
        ["page-2/index.html", "page-3/index.html"]
    );
    assert_eq!(
        hrefs(
            &pages["big/page-3/index.html"],
            ".listing-pages a[rel=prev]"
        ),
        ["../page-2/index.html"]
    );
    // A small folder is one page; no link of the site is broken.
    assert!(select(&pages["small/index.html"], ".listing-pages").is_empty());
    assert!(!pages.contains_key("small/page-2/index.html"));
    assert_eq!(broken_references(&output), Vec::<String>::new());
    // The further pages are neither in the shared navigation nor in the reading order.
    let titles = nav_titles(&output);
    assert!(!titles.iter().any(|t| t.contains("page 2")), "{titles:?}");
    let last_note = &pages["big/note-449/index.html"];
    assert!(!hrefs(last_note, "a[rel=next]")
        .iter()
        .any(|h| h.contains("page-")));
}

#[test]
fn a_save_that_keeps_a_notes_description_leaves_its_folders_pages_alone() {
    let site = big_folder(250);
    let served = tempfile::tempdir().unwrap();
    let (mut session, _) = Session::start(site.path(), served.path(), false).unwrap();
    let note = site.path().join("content/big/note-230.md");
    let list = served.path().join("big/page-2/index.html");
    let before = std::fs::read_to_string(&list).unwrap();

    // A new paragraph: the note's own page only.
    std::fs::write(
        &note,
        "---\ntitle: Note 230\ndescription: About 230\n---\nText 230.\n\nMore text.\n",
    )
    .unwrap();
    let outcome = session.apply(std::slice::from_ref(&note)).unwrap();
    assert_eq!(outcome.rendered, 1, "{:?}", outcome.pages);
    assert_eq!(outcome.pages, ["big/note-230/index.html"]);

    // A new description: the page of the list that shows the note, and not the first.
    std::fs::write(
        &note,
        "---\ntitle: Note 230\ndescription: Now about something else\n---\nText 230.\n",
    )
    .unwrap();
    let outcome = session.apply(std::slice::from_ref(&note)).unwrap();
    assert!(
        outcome.pages.contains(&"big/page-2/index.html".to_string()),
        "{:?}",
        outcome.pages
    );
    assert!(!outcome.pages.contains(&"big/index.html".to_string()));
    let after = std::fs::read_to_string(&list).unwrap();
    assert_ne!(before, after);
    assert!(after.contains("Now about something else"));
}
