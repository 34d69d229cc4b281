//! What must never reach a page (issue #16): a draft behind unclosed front matter, markup
//! from math source, files linked from outside the site, script from raw HTML or
//! `javascript:` links, and note text written unescaped into tooltips, titles or search data.

use crate::common::*;
use std::path::Path;

/// A small site written in the test: notesite.toml (with `config`) plus `notes`.
fn site_with(config: &str, notes: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("notesite.toml"),
        format!("title = \"Safety\"\n{config}"),
    )
    .unwrap();
    for (path, text) in notes {
        let path = site.path().join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

/// Every element of every page that could run script: `<script>` from notes (the theme's
/// own scripts have a `src` or no `alert`), `on*=` handlers, and `javascript:` URLs.
fn script_on_pages(output: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, html) in pages(output) {
        for element in select(&html, "*") {
            let value = element.value();
            // Data for a script (`application/json`, `<` escaped) is never run.
            let data = value.attr("type") == Some("application/json") && {
                let json: String = element.text().collect();
                !json.contains('<') && serde_json::from_str::<serde_json::Value>(&json).is_ok()
            };
            if value.name() == "script" && !data && text(&element).contains("alert") {
                found.push(format!("{path}: <script>{}", text(&element)));
            }
            if matches!(value.name(), "iframe" | "object" | "embed") {
                found.push(format!("{path}: <{}>", value.name()));
            }
            for (name, attribute) in value.attrs() {
                let lower = attribute.trim().to_ascii_lowercase();
                if name.starts_with("on") || lower.starts_with("javascript:") {
                    found.push(format!("{path}: <{} {name}=\"{attribute}\">", value.name()));
                }
            }
        }
    }
    found
}

const DRAFT_TOML: &str =
    "+++\ntitle = \"Secret plans\"\ndraft = true\n\n# Secret plans\n\nNot for the public.\n";
const DRAFT_YAML: &str =
    "---\ntitle: Secret plans\ndraft: true\n\n# Secret plans\n\nNot for the public.\n";

#[test]
fn unclosed_front_matter_fails_at_the_opening_fence_and_publishes_no_draft() {
    for (fence, draft) in [("+++", DRAFT_TOML), ("---", DRAFT_YAML)] {
        let site = site_with(
            "",
            &[("open.md", "# Open\n\nHello.\n"), ("secret.md", draft)],
        );
        let output = notesite(site.path(), &["build"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains("content/secret.md:1:1"), "{err}");
        assert!(
            err.contains(&format!(
                "add a closing `{fence}` line after the front matter"
            )),
            "{err}"
        );
        let public = site.path().join("public");
        assert!(!public.join("secret").exists(), "the draft was published");
        let check = notesite(site.path(), &["check"]);
        assert!(!check.status.success(), "check passed: {}", stderr(&check));
    }
}

#[test]
fn a_note_that_opens_with_a_rule_and_prose_still_builds() {
    let site = site_with(
        "",
        &[(
            "ruled.md",
            "---\nA note that starts with a rule: no metadata here.\n",
        )],
    );
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["ruled/index.html"];
    assert_eq!(select(page, "main hr").len(), 1);
    assert!(text(&select(page, "main")[0]).contains("starts with a rule"));
}

/// A note whose `## Amazon Bedrock` section is gathered onto the service's page.
const MATH_NOTE: &str = r#"# Model notes

## Amazon Bedrock

Amazon Bedrock runs foundation models. A formula with markup in it:
$\text{<img src=x onerror=alert(301)>}$ and one with a comparison $a<b$.

$$\operatorname{<img src=x onerror=alert(302)>} + c > d$$

Code is text too, highlighted or not, and so is its fence's language label:

```html
<script>alert(309)</script>
```

```"><img src=x onerror=alert(310)>
<img src=x onerror=alert(311)>
```
"#;

#[test]
fn math_source_is_escaped_on_the_note_and_on_the_service_page() {
    let site = site_with("", &[("models.md", MATH_NOTE)]);
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let pages = pages(&output);
    let service = "services/amazon-bedrock/index.html";
    assert!(pages.contains_key(service), "{:?}", pages.keys());
    // The service page shows the section's lead, its first paragraph: two formulas.
    for (path, formulas) in [("models/index.html", 3), (service, 2)] {
        let page = &pages[path];
        assert!(select(page, "main math").len() >= formulas, "{path}");
        assert!(
            select(page, "math img, math *[onerror]").is_empty(),
            "{path}"
        );
        let annotations: Vec<String> = select(page, "math annotation").iter().map(text).collect();
        assert!(
            annotations.contains(&"a<b".to_string()),
            "{path}: {annotations:?}"
        );
        let operators: Vec<String> = select(page, "math mo").iter().map(text).collect();
        assert!(
            operators.contains(&"<".to_string()),
            "{path}: {operators:?}"
        );
        let shown = text(&select(page, "main")[0]);
        assert!(
            shown.contains("<img src=x onerror=alert(301)>"),
            "{path}: {shown}"
        );
        let code: Vec<String> = select(page, "main pre code")
            .iter()
            .map(|c| c.text().collect())
            .collect();
        assert!(
            path == service
                || code
                    .iter()
                    .any(|c| c.contains("<script>alert(309)</script>")),
            "{path}: {code:?}"
        );
    }
    let found = script_on_pages(&output);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[cfg(unix)]
#[test]
fn links_out_of_content_and_static_are_not_copied_and_are_named() {
    use std::os::unix::fs::symlink;
    let site = site_with(
        "",
        &[("note.md", "# Note\n\n![pic](pictures/inside.png)\n")],
    );
    let root = site.path();
    std::fs::create_dir_all(root.join("outside/notes")).unwrap();
    std::fs::write(root.join("outside/id_rsa"), "PRIVATE KEY").unwrap();
    std::fs::write(
        root.join("outside/notes/private.md"),
        "# Private\n\nsecret words\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/pictures")).unwrap();
    std::fs::write(root.join("content/pictures/real.png"), "png").unwrap();
    symlink("../outside/id_rsa", root.join("content/id_rsa")).unwrap();
    symlink("../outside/notes", root.join("content/elsewhere")).unwrap();
    symlink("real.png", root.join("content/pictures/inside.png")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    symlink("../outside/id_rsa", root.join("static/key.txt")).unwrap();

    let output = build_ok(root, &[]);
    let err = stderr(&output);
    let public = root.join("public");
    for (link, folder) in [
        ("content/id_rsa", "content/"),
        ("content/elsewhere", "content/"),
        ("static/key.txt", "static/"),
    ] {
        assert!(
            err.contains(&format!("{link} is a link to a"))
                && err.contains(&format!("outside {folder}; not copied")),
            "{link}: {err}"
        );
    }
    assert!(!public.join("id_rsa").exists());
    assert!(!public.join("key.txt").exists());
    assert!(!public.join("elsewhere").exists());
    let leaked = snapshot(&public)
        .into_iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.contains("PRIVATE KEY") || text.contains("secret words")
        })
        .map(|(path, _)| path)
        .collect::<Vec<_>>();
    assert!(leaked.is_empty(), "{leaked:?}");
    assert_eq!(
        std::fs::read(public.join("pictures/inside.png")).unwrap(),
        b"png"
    );
}

const RAW_HTML_NOTE: &str = r#"+++
title = "<img src=x onerror=alert(307)> Raw HTML"
+++
Intro with <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O and x<sup>2</sup>.<br>
<a name="kept-anchor"></a><span class="marker">marked</span>

<details><summary>Open me</summary>

Hidden *markdown* text.

</details>

<img src="x.png" alt="picture" onerror="alert(302)">

<script>alert(303)</script>
<iframe src="https://example.com"></iframe>

[a script link](javascript:alert(304)) and <a href="javascript:alert(305)">a raw one</a>,
[data](data:text/html,<b>x</b>) and <JavaScript:alert(308)>.

<form action="https://example.com"><input name="q"></form>

- **Widget:** A made-up part whose definition quotes `<img src=y onerror=alert(306)>` in code.

A Widget appears here too.
"#;

fn raw_html_site(policy: Option<&str>) -> tempfile::TempDir {
    let config = policy.map_or(String::new(), |p| {
        format!("[markdown]\nraw_html = \"{p}\"\n")
    });
    site_with(
        &config,
        &[
            ("raw.md", RAW_HTML_NOTE),
            ("other.md", "# Other\n\nA Widget.\n"),
        ],
    )
}

#[test]
fn raw_html_is_sanitized_by_default_keeping_harmless_markup() {
    let site = raw_html_site(None);
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let found = script_on_pages(&output);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let pages = pages(&output);
    let page = &pages["raw/index.html"];
    for kept in [
        "main kbd",
        "main sub",
        "main sup",
        "main br",
        "main a[name='kept-anchor']",
        "main span.marker",
        "main details summary",
        "main img[src='x.png']",
    ] {
        assert!(!select(page, kept).is_empty(), "{kept} was removed");
    }
    for removed in [
        "main script",
        "main iframe",
        "main form",
        "main [href^='data:']",
    ] {
        assert!(select(page, removed).is_empty(), "{removed} is still there");
    }
    let unlinked: Vec<String> = select(page, "main span.unsafe-link")
        .iter()
        .map(text)
        .collect();
    assert_eq!(unlinked, ["a script link", "data", "JavaScript:alert(308)"]);
    let main = text(&select(page, "main")[0]);
    assert!(
        main.contains("Hidden markdown text") && main.contains("a raw one"),
        "{main}"
    );
    assert!(!main.contains("alert(303)"), "{main}");
    // The title is text everywhere: tab, heading, navigation.
    assert!(text(&select(page, "title")[0]).contains("<img src=x onerror=alert(307)>"));
    assert!(select(page, "img[src='x'], img:not([src])").is_empty());
}

#[test]
fn raw_html_trusted_is_kept_as_written() {
    let site = raw_html_site(Some("trusted"));
    build_ok(site.path(), &[]);
    let pages = pages(&site.path().join("public"));
    let page = &pages["raw/index.html"];
    assert_eq!(select(page, "main script").len(), 1);
    assert_eq!(select(page, "main img[onerror]").len(), 1);
    assert_eq!(select(page, "main a[href^='javascript:']").len(), 2);
    assert_eq!(select(page, "main a[href^='JavaScript:']").len(), 1);
}

#[test]
fn raw_html_escape_shows_tags_as_text_and_unlinks_script_urls() {
    let site = raw_html_site(Some("escape"));
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let found = script_on_pages(&output);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let pages = pages(&output);
    let page = &pages["raw/index.html"];
    assert!(select(page, "main kbd, main details, main img").is_empty());
    let main = text(&select(page, "main")[0]);
    for shown in [
        "<kbd>Ctrl</kbd>",
        "<script>alert(303)</script>",
        "<details><summary>Open me</summary>",
    ] {
        assert!(main.contains(shown), "{shown} not shown in {main}");
    }
}

#[test]
fn glossary_tooltips_and_the_glossary_page_hold_note_text_as_text() {
    let site = raw_html_site(None);
    build_ok(site.path(), &[]);
    let output = site.path().join("public");
    let pages = pages(&output);
    let tooltips: Vec<String> = pages["other/index.html"]
        .select(&scraper::Selector::parse("main a.term").unwrap())
        .filter_map(|d| d.value().attr("data-definition").map(str::to_string))
        .collect();
    assert!(
        tooltips
            .iter()
            .any(|t| t.contains("<img src=y onerror=alert(306)>")),
        "{tooltips:?}"
    );
    let glossary = pages
        .iter()
        .find(|(path, _)| path.starts_with("glossary/"))
        .map(|(_, html)| html)
        .expect("a glossary page");
    assert!(text(&select(glossary, "main")[0]).contains("<img src=y onerror=alert(306)>"));
    assert!(select(glossary, "main img").is_empty());
}

#[test]
fn search_indexes_the_words_of_notes_but_not_their_raw_html() {
    let site = raw_html_site(None);
    build_ok(site.path(), &[]);
    let search = |query: &str| {
        let output = notesite(site.path(), &["search", "--json", query]);
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice::<Vec<serde_json::Value>>(&output.stdout).unwrap()
    };
    assert!(search("303").is_empty(), "the script's text was indexed");
    let hidden = search("hidden");
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    // The title is data, shown by the browser scripts as text (see the test below).
    assert_eq!(
        hidden[0]["title"],
        "<img src=x onerror=alert(307)> Raw HTML"
    );
}

#[test]
fn browser_scripts_put_note_text_into_the_page_only_as_text() {
    let root = crate::common::repo_dir();
    let mut scripts = vec![root.join("src/serve/livereload.js")];
    for entry in std::fs::read_dir(root.join("themes/default/static/assets")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            scripts.push(path);
        }
    }
    assert!(scripts.len() >= 5, "{scripts:?}");
    for script in scripts {
        let code = std::fs::read_to_string(&script).unwrap();
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!code.contains(sink), "{} uses {sink}", script.display());
        }
    }
}
