//! Long notes become chapter sets: one page per top-level part (short parts joined), with
//! previous/next, the chapters in the sidebar, links to old anchors rewritten at build time,
//! a redirect for anchors from outside, and search results that point at the chapter.

use crate::common::*;
use std::path::Path;

/// `n` generated words, each distinct enough that a search finds the part it is in.
fn words(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{tag}{}", i % 97))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A note of three `##` parts of 2,600 words each, with deeper headings and links to its
/// own anchors.
fn long_note(front_matter: &str) -> String {
    format!(
        "{front_matter}# Long Guide\n\nLead-in paragraph.\n\n\
         ## Part Alpha\n\n{}\n\nSee [the third](#sub-three).\n\n### Sub One\n\nText.\n\n\
         ## Part Beta\n\n{}\n\n### Sub Two\n\nText.\n\n#### Deep Two\n\nDeeper.\n\n\
         ##### Deepest Two\n\nDeepest.\n\n\
         ## Part Gamma\n\nzyxquartz appears here.\n\n{}\n\n### Sub Three\n\nText.\n",
        words("alpha", 2_600),
        words("beta", 2_600),
        words("gamma", 2_600),
    )
}

fn site(notes: &[(&str, String)]) -> tempfile::TempDir {
    let notes: Vec<(&str, &str)> = notes.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = site_of("Chapters", &notes);
    build_ok(site.path(), &[]);
    site
}

fn href(page: &scraper::Html, selector: &str) -> Vec<String> {
    select(page, selector)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

fn chapter_folders(output: &Path, note: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(output.join(note))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("part-"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn a_long_note_becomes_chapters_with_prev_next_and_its_contents_in_the_sidebar() {
    let short = "# Short\n\n## One\n\nText.\n\n## Two\n\nMore [long](long.md#sub-two).\n";
    let site = site(&[("long.md", long_note("")), ("short.md", short.to_string())]);
    let output = site.path().join("public");
    assert_eq!(
        chapter_folders(&output, "long"),
        ["part-1", "part-2", "part-3"]
    );
    assert!(chapter_folders(&output, "short").is_empty());
    let pages = pages(&output);

    // The note's URL stays: its lead-in and the list of chapters.
    let first = &pages["long/index.html"];
    assert!(text(&select(first, "main .prose")[0]).contains("Lead-in paragraph."));
    assert!(!text(&select(first, "main .prose")[0]).contains("alpha1"));
    assert_eq!(
        href(first, ".chapter-list a"),
        [
            "part-1/index.html",
            "part-2/index.html",
            "part-3/index.html"
        ]
    );
    assert_eq!(href(first, "a[rel=next]"), ["part-1/index.html"]);

    // A chapter: its part's heading as title, its words, its headings in "On this page",
    // previous/next through the set, the chapters in the sidebar with this one current.
    let beta = &pages["long/part-2/index.html"];
    assert_eq!(text(&select(beta, "h1")[0]), "Long Guide");
    assert_eq!(
        text(&select(beta, "title")[0]),
        "Part Beta · Long Guide · Chapters"
    );
    // The breadcrumb leads to the note and ends at this chapter, not the note again.
    assert_eq!(
        select(beta, ".breadcrumbs li")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["Home", "Long Guide", "Part Beta"]
    );
    let prose = text(&select(beta, "main .prose")[0]);
    assert!(prose.contains("beta5") && !prose.contains("alpha5") && !prose.contains("gamma5"));
    assert_eq!(select(beta, "main .prose h2#part-beta").len(), 1);
    assert_eq!(href(beta, "a[rel=prev]"), ["../part-1/index.html"]);
    assert_eq!(href(beta, "a[rel=next]"), ["../part-3/index.html"]);
    let toc = href(beta, ".toc-body a");
    assert_eq!(
        toc,
        ["#part-beta", "#sub-two", "#deep-two", "#deepest-two"],
        "this chapter's headings only"
    );
    assert_eq!(
        href(beta, ".toc-fold a"),
        ["#deep-two", "#deepest-two"],
        "two levels show, the rest folds"
    );
    // The sidebar (drawn from the shared tree) lists the chapters under the note, and the
    // chapter page says it is the open one.
    let sidebar = nav_titles(&site.path().join("public"));
    for chapter in ["Part Alpha", "Part Beta", "Part Gamma"] {
        assert!(
            sidebar.iter().any(|t| t == chapter),
            "{chapter} in {sidebar:?}"
        );
    }
    let open = select(beta, "#site-nav [data-open]")[0]
        .value()
        .attr("data-open")
        .unwrap()
        .to_string();
    assert!(
        open.ends_with(r#"long/index.html","long/part-2/index.html"]"#),
        "{open}"
    );

    // Links to the old anchors go to the chapter that has them.
    assert!(href(&pages["long/part-1/index.html"], "main .prose a")
        .contains(&"../part-3/index.html#sub-three".to_string()));
    assert!(href(&pages["short/index.html"], "main .prose a")
        .contains(&"../long/part-2/index.html#sub-two".to_string()));

    // A short note is one page, as before.
    let short_page = &pages["short/index.html"];
    assert!(select(short_page, ".chapter-list").is_empty());
    assert_eq!(href(short_page, ".toc-body a"), ["#one", "#two"]);

    // Search points at the chapter holding the section.
    let output = notesite(site.path(), &["search", "zyxquartz", "--json", "-n", "3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        results[0]["sections"][0]["url"].as_str(),
        Some("long/part-3/index.html#part-gamma")
    );

    // `check` finds every rewritten anchor on its chapter page.
    let check = notesite(site.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn front_matter_turns_chapters_off_and_on() {
    let forced =
        "+++\nchapters = true\n+++\n# Small\n\nIntro.\n\n## A\n\nText a.\n\n## B\n\nText b.\n";
    let site = site(&[
        ("kept.md", long_note("+++\nchapters = false\n+++\n")),
        ("small.md", forced.to_string()),
    ]);
    let output = site.path().join("public");
    assert!(chapter_folders(&output, "kept").is_empty());
    // Asked for: every top-level part is a chapter, however short.
    assert_eq!(chapter_folders(&output, "small"), ["part-1", "part-2"]);
    let pages = pages(&output);
    assert!(text(&select(&pages["kept/index.html"], "main .prose")[0]).contains("gamma5"));
}

#[test]
fn the_first_page_sends_an_old_anchor_to_its_chapter() {
    let Some(()) = node("the chapter redirect") else {
        return;
    };
    let site = site(&[("long.md", long_note(""))]);
    let html = std::fs::read_to_string(site.path().join("public/long/index.html")).unwrap();
    let script = html
        .split("<script>")
        .find(|s| s.contains("location.replace"))
        .and_then(|s| s.split("</script>").next())
        .expect("the first page carries the redirect");
    let run = |hash: &str| {
        let program = format!(
            "var went = null; var location = {{ hash: {hash:?}, replace: function (u) {{ went = u; }} }};\n\
             var document = {{ getElementById: function () {{ return null; }} }};\n{script}\n\
             console.log(JSON.stringify(went));"
        );
        let out = std::process::Command::new("node")
            .args(["-e", &program])
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(run("#sub-two"), "\"part-2/index.html#sub-two\"");
    assert_eq!(run("#part-gamma"), "\"part-3/index.html#part-gamma\"");
    assert_eq!(run("#nothing-here"), "null");
    assert_eq!(run(""), "null");
}
