//! `notesite build` on fixture sites: the output is complete, linked relatively, and a
//! failed build leaves the previous output untouched.

use crate::common::*;

#[test]
fn every_internal_link_and_asset_resolves_to_a_file_in_the_output() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let broken = broken_references(&site.path().join("public"));
    assert!(
        broken.is_empty(),
        "broken references:\n{}",
        broken.join("\n")
    );
}

#[test]
fn notes_become_directory_pages_linked_relatively() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    for page in [
        "index.html",
        "guides/index.html",
        "guides/metrics/index.html",
        "guides/pipeline/index.html",
        "windows-note/index.html",
        "empty/index.html",
        "404.html",
    ] {
        assert!(public.join(page).is_file(), "{page} missing");
    }
    let pages = pages(&public);
    let metrics = &pages["guides/metrics/index.html"];
    let hrefs: Vec<_> = select(metrics, "main a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(
        hrefs.contains(&"../pipeline/index.html#clean-the-data".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../../index.html".to_string()), "{hrefs:?}");
    assert!(
        hrefs.contains(&"../../assets/diagram.svg".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../../windows-note/index.html#exam-tips".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn heading_ids_are_unique_and_readable_on_every_page() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    for (path, html) in pages(&site.path().join("public")) {
        let ids: Vec<_> = select(&html, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .map(str::to_string)
            .collect();
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "duplicate ids on {path}: {ids:?}");
    }
    let pages = pages(&site.path().join("public"));
    let metrics = &pages["guides/metrics/index.html"];
    let heading_ids: Vec<_> = select(metrics, "main .prose h2[id], main .prose h3[id]")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        heading_ids,
        ["precision-and-recall", "code", "code-1", "my-own-id"]
    );
    // The "#" links beside headings are drawn by notesite.js, not written in every page.
    assert!(select(metrics, "main h2 a.anchor").is_empty());
}

#[test]
fn math_becomes_mathml_and_escaped_dollars_stay_text() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let metrics = &pages["guides/metrics/index.html"];
    assert_eq!(select(metrics, "main math[display='block']").len(), 1);
    assert!(select(metrics, "main math").len() >= 2);
    assert!(select(metrics, "main mfrac").len() >= 2);
    let body = text(&select(metrics, "main")[0]);
    assert!(body.contains("$3.50 per run"), "{body}");
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_are_escaped() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let metrics = &pages["guides/metrics/index.html"];
    let blocks = select(metrics, "main pre.code");
    assert_eq!(blocks.len(), 3);
    assert!(!select(
        metrics,
        "main pre.code[data-lang='python'] span[class^='hl-']"
    )
    .is_empty());
    assert!(!select(
        metrics,
        "main pre.code[data-lang='json'] span[class^='hl-']"
    )
    .is_empty());
    assert_eq!(
        text(&select(metrics, "main pre.code[data-lang='no-such-language'] code")[0]),
        "<keep> & escape me"
    );
    let css = std::fs::read_to_string(site.path().join("public/assets/syntax.css")).unwrap();
    assert!(css.contains(".hl-") && css.contains("data-theme=\"dark\""));
}

#[test]
fn gfm_tables_footnotes_task_lists_and_strikethrough_render() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let metrics = &pages["guides/metrics/index.html"];
    assert_eq!(
        select(metrics, "main .table-wrap > table thead th").len(),
        6
    );
    assert_eq!(select(metrics, "main .footnote-definition").len(), 1);
    assert_eq!(select(metrics, "main input[type='checkbox']").len(), 2);
    assert_eq!(select(metrics, "main del").len(), 1);
}

#[test]
fn titles_come_from_front_matter_heading_or_file_name() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let title = |page: &str| text(&select(&pages[page], "h1")[0]);
    assert_eq!(title("guides/metrics/index.html"), "Classification metrics");
    assert_eq!(title("guides/pipeline/index.html"), "Data pipeline");
    assert_eq!(title("empty/index.html"), "Empty");
    assert_eq!(title("untitled-fence/index.html"), "Untitled fence");
    assert_eq!(
        select(&pages["guides/pipeline/index.html"], "h1").len(),
        1,
        "the title heading is not repeated"
    );
    assert!(text(&select(&pages["windows-note/index.html"], "main")[0]).contains("CRLF heading"));
}

#[test]
fn warnings_are_located_counted_and_fail_with_strict() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/broken-link.md"),
        "# Broken\n\nSee [nothing](missing.md).\n",
    )
    .unwrap();
    let output = build_ok(site.path(), &[]);
    let err = stderr(&output);
    assert!(err.contains("content/broken-link.md:3:5"), "{err}");
    assert!(err.contains("content/untitled-fence.md:3:1"), "{err}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 warnings"));
    let strict = notesite(site.path(), &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_template_override_in_the_site_wins() {
    let site = copy_fixture("basic");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/404.html"),
        "<!doctype html><title>x</title><p>OVERRIDDEN {{ page.title }}</p>",
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("static/assets")).unwrap();
    std::fs::write(site.path().join("static/assets/syntax.css"), "/* mine */").unwrap();
    build_ok(site.path(), &[]);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("OVERRIDDEN Page not found"), "{page}");
    assert_eq!(
        std::fs::read_to_string(site.path().join("public/assets/syntax.css")).unwrap(),
        "/* mine */"
    );
}

/// Build once, break the site with `break_it`, build again: the build fails with `expected`
/// in its messages and the first output is byte-for-byte unchanged.
fn assert_failure_keeps_output(break_it: impl FnOnce(&std::path::Path), expected: &[&str]) {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    break_it(site.path());
    let output = notesite(site.path(), &["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for needle in expected {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    assert!(err.contains("hint:"), "{err}");
    assert!(
        snapshot(&site.path().join("public")) == before,
        "the previous output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn broken_front_matter_fails_with_its_location_and_keeps_output() {
    assert_failure_keeps_output(
        |root| {
            std::fs::write(
                root.join("content/guides/metrics.md"),
                "+++\ntitle = \"x\"\ndate = = 2\n+++\nbody\n",
            )
            .unwrap()
        },
        &["content/guides/metrics.md:3:", "invalid front matter"],
    );
}

#[test]
fn unknown_config_key_fails_naming_key_and_file() {
    assert_failure_keeps_output(
        |root| {
            std::fs::write(
                root.join("notesite.toml"),
                "title = \"x\"\ncolour = \"blue\"\n",
            )
            .unwrap()
        },
        &["notesite.toml:2:1", "colour"],
    );
}

#[test]
fn template_syntax_error_names_template_file_and_line() {
    assert_failure_keeps_output(
        |root| {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(
                root.join("templates/404.html"),
                "<p>fine</p>\n<p>{% if page.title %}unclosed</p>\n",
            )
            .unwrap();
        },
        &["templates/404.html:"],
    );
}

#[test]
fn template_runtime_error_names_template_file_and_line() {
    assert_failure_keeps_output(
        |root| {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(
                root.join("templates/404.html"),
                "<p>fine</p>\n<p>{{ page.no_such_field }}</p>\n",
            )
            .unwrap();
        },
        &["templates/404.html:2:", "no_such_field"],
    );
}

#[test]
fn unreadable_note_fails_naming_the_file() {
    assert_failure_keeps_output(
        |root| {
            std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("content/dangling.md"))
                .unwrap()
        },
        &["content/dangling.md", "cannot read this note"],
    );
}

#[test]
fn missing_content_folder_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = notesite(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no content/ folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn seed_notes_renamed_to_markdown_build_without_losing_text() {
    let Some((site, names)) = seed_site(Some("md")) else {
        return;
    };
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    for (name, path) in names {
        let slug = name.replace('_', "-");
        let set = note_pages(&pages, &format!("{slug}/index.html"));
        assert!(!set.is_empty(), "no page for {name}");
        // A long note's words are on its chapter pages.
        let page_words: Vec<String> = set
            .iter()
            .flat_map(|page| words(&text(&select(page, "main")[0])))
            .collect();
        let source_words = words(&std::fs::read_to_string(&path).unwrap());
        let kept = source_words
            .iter()
            .filter(|w| page_words.contains(w))
            .count();
        eprintln!(
            "seed {name}: {} words, {} pages words, {kept} found",
            source_words.len(),
            page_words.len()
        );
        assert!(
            kept * 100 >= source_words.len() * 97,
            "{name}: only {kept} of {} words on the page",
            source_words.len()
        );
    }
}

#[test]
fn a_repository_of_markdown_without_content_folder_builds_as_it_is() {
    let site = copy_fixture("repo-notes");
    build_ok(site.path(), &[]);
    let second = build_ok(site.path(), &[]);
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("from 3 notes"),
        "public/ is not read back as notes"
    );
    let pages = pages(&site.path().join("public"));
    assert_eq!(
        text(&select(&pages["index.html"], "main h1")[0]),
        "My AWS notes",
        "README.md is the home page"
    );
    let bedrock = &pages["guides/bedrock/index.html"];
    let links: Vec<_> = select(bedrock, "main .prose a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(
        links.contains(&"../../glue-basics/index.html".to_string()),
        "{links:?}"
    );
    assert!(!site.path().join("public/public").exists());
    let broken = broken_references(&site.path().join("public"));
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn numbered_notes_are_listed_in_natural_order() {
    let site = tempfile::tempdir().unwrap();
    let content = site.path().join("content/course");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(site.path().join("notesite.toml"), "title = \"Order\"\n").unwrap();
    for week in [10, 2, 1, 9] {
        std::fs::write(
            content.join(format!("week-{week}.md")),
            format!("# Week {week}\n\nNotes of week {week}.\n"),
        )
        .unwrap();
    }
    let output = build_ok(site.path(), &[]);
    assert!(
        !stderr(&output).contains('\x1b') && !stderr(&output).contains('\r'),
        "no status line when stderr is not a terminal"
    );
    let pages = pages(&site.path().join("public"));
    let listed: Vec<String> = select(&pages["course/index.html"], "main .card-title a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(listed, ["Week 1", "Week 2", "Week 9", "Week 10"]);
    let next: Vec<String> = select(&pages["course/week-9/index.html"], ".pager a")
        .iter()
        .map(text)
        .collect();
    assert!(
        next.iter().any(|t| t.contains("Week 10")),
        "week 9 leads to week 10: {next:?}"
    );
}

#[test]
fn a_site_template_that_reads_the_nav_tree_still_receives_it() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content/topics")).unwrap();
    std::fs::create_dir_all(site.path().join("templates/partials")).unwrap();
    std::fs::write(site.path().join("notesite.toml"), "title = \"Nav\"\n").unwrap();
    std::fs::write(
        site.path().join("content/topics/a.md"),
        "# Alpha\n\nText.\n",
    )
    .unwrap();
    std::fs::write(site.path().join("content/topics/b.md"), "# Beta\n\nText.\n").unwrap();
    std::fs::write(
        site.path().join("templates/partials/nav.html"),
        "<nav id=\"site-nav\"><ul class=\"my-nav\">{% for item in nav %}<li>{{ item.title }}<ul>{% for child in item.children %}<li{% if child.current %} class=\"here\"{% endif %}><a href=\"{{ child.href }}\">{{ child.title }}</a></li>{% endfor %}</ul></li>{% endfor %}</ul></nav>",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["topics/a/index.html"];
    let items: Vec<String> = select(page, ".my-nav li li a").iter().map(text).collect();
    assert_eq!(items, ["Alpha", "Beta"]);
    assert_eq!(text(&select(page, ".my-nav li.here a")[0]), "Alpha");
}

#[test]
fn the_navigation_tree_is_one_shared_file_not_in_each_page() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("notesite.toml"), "title = \"Large\"\n").unwrap();
    for folder in 1..=30 {
        let dir = site.path().join(format!("content/topic-{folder}"));
        std::fs::create_dir_all(&dir).unwrap();
        for note in 1..=10 {
            std::fs::write(
                dir.join(format!("note-{note}.md")),
                format!("# Topic {folder} note {note}\n\nAmazon S3 stores objects.\n"),
            )
            .unwrap();
        }
    }
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let pages = pages(&output);
    let page = &pages["topic-15/note-3/index.html"];
    // The page carries one link, to its folder, and says which pages are open; the tree
    // is drawn by notesite.js from the shared file.
    let links: Vec<String> = select(page, "#site-nav a").iter().map(text).collect();
    assert_eq!(links, ["Contents", "Topic 15"]);
    assert!(select(page, "#site-nav .nav-toggle").is_empty());
    let open = select(page, "#site-nav [data-open]");
    assert_eq!(
        open[0].value().attr("data-open"),
        Some(r#"["topic-15/index.html","topic-15/note-3/index.html"]"#)
    );
    assert!(!select(page, "script[src='../../assets/nav-tree.js']").is_empty());
    // A large site's tree lists its folders and the pinned pages, not its 300 notes.
    let tree = nav_tree(&output);
    assert_eq!(tree["full"], false);
    let titles = nav_titles(&output);
    assert_eq!(titles.len(), 31, "{titles:?}");
    assert!(titles.contains(&"Topic 15".to_string()));
    assert_eq!(titles.last().map(String::as_str), Some("Services"));
    for row in tree["pages"].as_array().unwrap() {
        let url = row[0].as_str().unwrap();
        assert!(output.join(url).is_file(), "{url} is a page");
        assert_eq!(row[2], -1, "folders of one level: {row}");
    }
    let sections = select(&pages["index.html"], "main .card-title a").len();
    assert!(sections >= 30, "the home page still lists every section");
}

#[test]
fn every_input_format_loads_and_a_link_without_extension_finds_it() {
    let site = tempfile::tempdir().unwrap();
    let content = site.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(site.path().join("notesite.toml"), "title = \"Formats\"\n").unwrap();
    std::fs::write(
        content.join("start.md"),
        "# Start\n\nSee [the lecture](lecture) and [the summary](summary).\n",
    )
    .unwrap();
    std::fs::write(
        content.join("lecture.TXT"),
        "Lecture one\n\nWe talked about queues.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("summary.markdown"),
        "# Summary\n\nShort version.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("diagram.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    for page in [
        "lecture/index.html",
        "summary/index.html",
        "start/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page} missing");
    }
    assert!(
        public.join("diagram.svg").is_file(),
        "other files are copied"
    );
    let pages = pages(&public);
    let hrefs: Vec<_> = select(&pages["start/index.html"], "main a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(
        hrefs.contains(&"../lecture/index.html".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../summary/index.html".to_string()),
        "{hrefs:?}"
    );
}
