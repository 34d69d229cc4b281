//! Publishing: `notesite init` starts a site, `notesite check` reports every problem of a
//! broken site with its location, and the output is ready for GitHub Pages.

use crate::common::*;

#[test]
fn check_passes_on_the_example_site() {
    let root = crate::common::repo_dir();
    let output = notesite(&root, &["check"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}\n{}", stderr(&output));
    assert!(text.contains("no errors, 0 warning(s)"), "{text}");
}

#[test]
fn check_reports_every_problem_of_a_broken_site_with_its_location() {
    let site = copy_fixture("broken");
    let output = notesite(site.path(), &["check"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{text}");
    for expected in [
        "content/links.md\n",
        "3:5      error    link to `missing-note.md`",
        "3:43     error    link to `other.md#no-such-heading`",
        "5:6      error    wiki-link [[Nobody Knows This]]",
        "7:1      warning  `Amazon Zorbulator Pro` looks like an AWS service",
        "content/no-title.md\n  1:1      warning  this note has no title",
        "(templates)\n  -        error    a link on 8 pages (e.g. 404.html: `nowhere/index.html`) leads to nowhere/index.html, which is not in the site",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("[[Other note]]"),
        "a wiki-link to a note title resolves"
    );
    let strict = notesite(site.path(), &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        !site.path().join("public").exists(),
        "a failed strict build writes nothing"
    );
}

#[test]
fn output_is_ready_for_github_pages() {
    let site = copy_fixture("broken");
    std::fs::remove_dir_all(site.path().join("templates")).unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(public.join(".nojekyll").is_file());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.github.io/notes/links/</loc>"),
        "{sitemap}"
    );
    assert!(std::fs::read_to_string(public.join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://example.github.io/notes/sitemap.xml"));
    let not_found =
        scraper::Html::parse_document(&std::fs::read_to_string(public.join("404.html")).unwrap());
    let base = select(&not_found, "head base")
        .first()
        .and_then(|b| b.value().attr("href"))
        .map(str::to_string);
    assert_eq!(
        base.as_deref(),
        Some("https://example.github.io/notes/"),
        "the 404 page resolves links from the site root at any depth"
    );
    let plain = copy_fixture("basic");
    build_ok(plain.path(), &[]);
    assert!(
        !plain.path().join("public/sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    assert!(
        std::fs::read_to_string(plain.path().join("public/404.html"))
            .unwrap()
            .contains("document.write('<base href="),
        "without base_url the 404 page finds the root itself"
    );
}

#[test]
fn init_starts_a_site_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-notes");
    let output = notesite(dir.path(), &["init", "my-notes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "notesite.toml",
        "content/getting-started.md",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("actions/deploy-pages") && workflow.contains("notesite build"));
    build_ok(&site, &[]);
    assert!(notesite(&site, &["check"]).status.success());
    std::fs::write(site.join("notesite.toml"), "title = \"Mine\"\n").unwrap();
    let again = notesite(dir.path(), &["init", "my-notes"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already has"));
    assert_eq!(
        std::fs::read_to_string(site.join("notesite.toml")).unwrap(),
        "title = \"Mine\"\n",
        "nothing was overwritten"
    );
}
