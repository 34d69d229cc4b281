//! Defects a new user meets in a first hour with notesite (issue 16): notes named like
//! generated pages, files copied over pages, old Mac line endings, control characters,
//! glossary terms with markup, dates that are not dates, ambiguous wiki-links and `init`
//! over existing files. Each test builds a small site of its own and reads the output back.

use crate::common::*;
use notesite::search::pack::unpack;
use std::path::Path;

/// A site in a temp folder: the knowledge fixture (services, comparisons, glossary) plus
/// `files` (paths relative to the site root).
fn knowledge_site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let site = copy_fixture("knowledge");
    write_files(site.path(), files);
    site
}

/// Write `files` (paths relative to `root`), creating folders.
fn write_files(root: &Path, files: &[(&str, &[u8])]) {
    for (path, bytes) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A minimal site holding only `files` under the root.
fn small_site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write_files(site.path(), &[("notesite.toml", b"title = \"T\"\n")]);
    write_files(site.path(), files);
    site
}

fn all_output(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    )
}

#[test]
fn a_note_named_services_moves_the_services_index_and_its_compare_data_follows() {
    let site = knowledge_site(&[(
        "content/services.md",
        b"# My services\n\nWhat I pay for each month.\n",
    )]);
    let out = build_ok(site.path(), &[]);
    let messages = all_output(&out);
    assert!(
        messages.contains("content/services.md") && messages.contains("services-2/index.html"),
        "the move is a warning located at the note that took the name:\n{messages}"
    );
    let public = site.path().join("public");
    assert!(public.join("services/index.html").is_file(), "the note");
    let index = page(site.path(), "services-2/index.html");
    assert_eq!(select(&index, ".services-index").len(), 1);
    let scripts: Vec<String> = select(&index, "script[src*=compare-data]")
        .iter()
        .map(|s| s.value().attr("src").unwrap().to_string())
        .collect();
    assert_eq!(scripts, ["compare-data.js"], "loaded from beside the page");
    assert!(public.join("services-2/compare-data.js").is_file());
    assert!(
        public
            .join("services-2/amazon-bedrock/index.html")
            .is_file(),
        "service pages stay under their index"
    );
    assert_eq!(broken_references(&public), Vec::<String>::new());
    // Every page links to the index where it is now.
    let home = page(site.path(), "index.html");
    assert!(
        select(&home, "a[href]")
            .iter()
            .any(|a| a.value().attr("href") == Some("services-2/index.html")),
        "the home page links to the moved index"
    );
}

#[test]
fn a_folder_named_like_generated_pages_moves_them_all_with_located_warnings() {
    let site = knowledge_site(&[
        (
            "content/services/amazon-bedrock.md",
            b"# Bedrock, my notes\n\nThings I tried.\n",
        ),
        ("content/compare/mine.md", b"# Mine\n\nA table of my own.\n"),
        ("content/glossary.md", b"# Words\n\nMy own word list.\n"),
        (
            "content/search.md",
            b"# Searching\n\nHow I look things up.\n",
        ),
    ]);
    let out = build_ok(site.path(), &[]);
    let messages = all_output(&out);
    for (taker, moved) in [
        ("content/services", "services-2/index.html"),
        ("content/compare", "compare-2/index.html"),
        ("content/glossary.md", "glossary-2/index.html"),
        ("content/search.md", "search-2/index.html"),
    ] {
        assert!(
            messages
                .lines()
                .any(|l| l.contains(taker) && l.contains(moved)),
            "no warning at {taker} about {moved}:\n{messages}"
        );
    }
    let public = site.path().join("public");
    assert_eq!(broken_references(&public), Vec::<String>::new());
    let home = page(site.path(), "index.html");
    let form = select(&home, "form#search");
    assert_eq!(form[0].value().attr("action"), Some("search-2/index.html"));
    assert!(
        select(
            &page(site.path(), "search-2/index.html"),
            "[data-search-page]"
        )
        .len()
            == 1
    );
}

#[test]
fn a_content_file_over_a_generated_page_is_an_error_naming_it() {
    for (file, page) in [
        ("content/index.html", "index.html"),
        (
            "content/services/amazon-bedrock/index.html",
            "services/amazon-bedrock/index.html",
        ),
        ("content/404.html", "404.html"),
        ("content/genai/index.html", "genai/index.html"),
        ("content/search/manifest.js", "search/manifest.js"),
        ("content/assets/notesite.css", "assets/notesite.css"),
    ] {
        let site = knowledge_site(&[(file, b"<p>mine</p>\n")]);
        let out = notesite(site.path(), &["build"]);
        let messages = all_output(&out);
        assert!(!out.status.success(), "{file} replaced {page}:\n{messages}");
        assert!(
            messages.contains(&format!("error: {file}")) && messages.contains(page),
            "{file}: the error names the file and the page:\n{messages}"
        );
        assert!(messages.contains("rename"), "says what to do:\n{messages}");
        assert!(!site.path().join("public").exists(), "nothing was written");
    }
}

#[test]
fn old_mac_line_endings_keep_the_notes_structure_and_line_numbers() {
    let md = "# Old Mac note\n\nFirst paragraph.\n\n## Second part\n\nMore text with a [link](nowhere.md).\n";
    let txt = "Some facts\n\nAn opening sentence of the plain note.\n\n1. Part one\nThe first part says this.\n";
    let site = small_site(&[
        ("content/md-lf.md", md.as_bytes()),
        ("content/md-cr.md", md.replace('\n', "\r").as_bytes()),
        ("content/md-crlf.md", md.replace('\n', "\r\n").as_bytes()),
        ("content/txt-lf.txt", txt.as_bytes()),
        ("content/txt-cr.txt", txt.replace('\n', "\r").as_bytes()),
    ]);
    let out = build_ok(site.path(), &[]);
    let prose = |url: &str| select(&page(site.path(), url), ".prose")[0].html();
    assert_eq!(prose("md-cr/index.html"), prose("md-lf/index.html"));
    assert_eq!(prose("md-crlf/index.html"), prose("md-lf/index.html"));
    assert_eq!(prose("txt-cr/index.html"), prose("txt-lf/index.html"));
    let cr = page(site.path(), "md-cr/index.html");
    assert_eq!(text(&select(&cr, "h1")[0]), "Old Mac note");
    assert!(text(&select(&cr, "main h2")[0]).starts_with("Second part"));
    let messages = all_output(&out);
    for file in ["md-lf", "md-cr", "md-crlf"] {
        assert!(
            messages.contains(&format!("content/{file}.md:7:")),
            "the broken link in {file} is reported on line 7, as an editor shows it:\n{messages}"
        );
    }
}

#[test]
fn control_characters_never_reach_the_html_and_are_located_warnings() {
    let site = small_site(&[(
        "content/binary-ish.md",
        b"# Pasted\n\nA NUL\0here and an escape \x1b[1mbold\x1b[0m and a bell\x07.\n",
    )]);
    let out = build_ok(site.path(), &[]);
    let messages = all_output(&out);
    assert!(
        messages.contains("content/binary-ish.md:3:6") && messages.contains("U+0000"),
        "a located warning for the first one:\n{messages}"
    );
    let control = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    let mut packed = 0;
    for (path, bytes) in snapshot(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        // A packed search file is deflated data as seven-bit text, whose characters may be
        // any below U+0080 but a quote, a backslash or a line end: what it holds is checked
        // once unpacked.
        if let Some(data) = packed_search_text(&text) {
            let (json, _) = unpack(data).unwrap_or_else(|| panic!("{path} unpacks"));
            let mut strings = Vec::new();
            collect_strings(&json.unwrap_or_default(), &mut strings);
            let bad: Vec<&String> = strings.iter().filter(|t| t.chars().any(control)).collect();
            assert!(bad.is_empty(), "{path} holds control characters: {bad:?}");
            packed += usize::from(strings.iter().any(|t| t.contains("A NULhere")));
        } else if path.ends_with(".html") || path.ends_with(".js") {
            let controls = text.chars().filter(|&c| control(c)).count();
            assert_eq!(controls, 0, "{path} holds control characters");
        }
    }
    assert!(
        packed > 0,
        "the document text was looked at in the search files"
    );
    let html = page(site.path(), "binary-ish/index.html");
    assert!(text(&select(&html, "main")[0]).contains("A NULhere"));
}

/// The data string of a packed search file (`\u{feff}NotesiteSearch.add("d/0","...");`).
fn packed_search_text(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("\u{feff}NotesiteSearch.add(\"")?;
    let (_, rest) = rest.split_once("\",\"")?;
    rest.strip_suffix("\");\n")
}

/// Every string in a JSON value.
fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn glossary_terms_with_markup_are_escaped_once() {
    let site = knowledge_site(&[(
        "content/terms.md",
        b"# Terms\n\n- **A &amp; B:** A pair of things taken together as one single idea.\n- **x < y:** A comparison that holds when the left side is smaller.\n- **`Tokenizer`:** The part that cuts text into tokens for a model.\n\nHere A & B appear in prose, and so does Tokenizer.\n",
    )]);
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let raw = std::fs::read_to_string(public.join("glossary/index.html")).unwrap();
    assert!(!raw.contains("&amp;amp;"), "double-escaped");
    let glossary = page(site.path(), "glossary/index.html");
    let terms: Vec<String> = select(&glossary, "dfn").iter().map(text).collect();
    for wanted in ["A & B", "x < y", "Tokenizer"] {
        assert!(terms.iter().any(|t| t == wanted), "{wanted} in {terms:?}");
    }
    let note = std::fs::read_to_string(public.join("terms/index.html")).unwrap();
    assert!(!note.contains("&amp;amp;"), "double-escaped in the note");
    let note = page(site.path(), "terms/index.html");
    let tooltips: Vec<String> = select(&note, "main p a.term").iter().map(text).collect();
    assert!(tooltips.iter().any(|t| t == "Tokenizer"), "{tooltips:?}");
}

#[test]
fn a_date_that_is_not_a_date_fails_at_its_line_and_column() {
    let site = small_site(&[(
        "content/when.md",
        b"+++\ntitle = \"When\"\ndate = \"yesterday\"\n+++\n\nText.\n",
    )]);
    let out = notesite(site.path(), &["build"]);
    let messages = all_output(&out);
    assert!(!out.status.success(), "{messages}");
    assert!(
        messages.contains("content/when.md:3:8") && messages.contains("YYYY-MM-DD"),
        "{messages}"
    );
    let yaml = small_site(&[(
        "content/when.md",
        b"---\ntitle: When\ndate: last week\n---\n\nText.\n",
    )]);
    let out = notesite(yaml.path(), &["build"]);
    let messages = all_output(&out);
    assert!(!out.status.success(), "{messages}");
    assert!(messages.contains("content/when.md:3:7"), "{messages}");
    let good = small_site(&[
        (
            "content/a.md",
            b"+++\ndate = 2025-03-01T09:30:00Z\n+++\nA.\n",
        ),
        ("content/b.md", b"---\ndate: 2025-03-01\n---\nB.\n"),
    ]);
    build_ok(good.path(), &[]);
    let a = page(good.path(), "a/index.html");
    assert_eq!(
        select(&a, "time")[0].value().attr("datetime"),
        Some("2025-03-01T09:30:00Z")
    );
}

#[test]
fn a_wiki_link_to_a_title_two_notes_share_is_ambiguous_and_names_both() {
    let site = small_site(&[
        ("content/aws/setup.md", b"# Setup\n\nAccount and CLI.\n"),
        ("content/azure/setup.md", b"# Setup\n\nSubscription and CLI.\n"),
        (
            "content/index.md",
            b"# Home\n\nStart with [[Setup]], or exactly [[aws/setup]] or [[azure/setup|the other]].\n",
        ),
    ]);
    let out = build_ok(site.path(), &[]);
    let messages = all_output(&out);
    let line = messages
        .lines()
        .find(|l| l.contains("[[Setup]]"))
        .unwrap_or_else(|| panic!("no message about [[Setup]]:\n{messages}"));
    assert!(line.contains("ambiguous"), "{line}");
    assert!(
        line.contains("content/aws/setup.md") && line.contains("content/azure/setup.md"),
        "{line}"
    );
    assert!(messages.contains("[[aws/setup]]"), "says how:\n{messages}");
    assert!(!messages.contains("names no"), "{messages}");
    let home = page(site.path(), "index.html");
    let hrefs: Vec<&str> = select(&home, "main a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"aws/setup/index.html"), "{hrefs:?}");
    assert!(hrefs.contains(&"azure/setup/index.html"), "{hrefs:?}");
}

#[test]
fn init_over_a_file_where_a_folder_goes_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("content"), "not a folder").unwrap();
    let out = notesite(dir.path(), &["init"]);
    let messages = all_output(&out);
    assert!(!out.status.success());
    assert!(!messages.contains("os error"), "{messages}");
    assert!(
        messages.contains("./content") && messages.contains("hint:"),
        "{messages}"
    );
    assert!(
        !dir.path().join("notesite.toml").exists(),
        "nothing written"
    );

    std::fs::write(dir.path().join("site"), "a file").unwrap();
    let out = notesite(dir.path(), &["init", "site"]);
    let messages = all_output(&out);
    assert!(!out.status.success());
    assert!(
        messages.contains("site is a file") && !messages.contains("os error"),
        "{messages}"
    );
}

#[test]
fn the_glossary_keeps_definitions_and_leaves_advice_and_opted_out_notes_out() {
    let site = knowledge_site(&[
        (
            "content/terms.md",
            b"# Terms\n\n- **Sharding:** The splitting of one table into parts on different hosts.\n- **Caching:** Keep the answers you computed before.\n- **Balance:** Good speed with a moderate cost.\n- **Sectors:** Retail, logistics, banking, travel.\n\nSharding and caching help.\n",
        ),
        (
            "content/private.md",
            b"+++\nglossary = false\n+++\n# Private\n\n- **Quorum:** The least number of votes a decision needs.\n\nSharding is used here too.\n",
        ),
    ]);
    build_ok(site.path(), &[]);
    let glossary = page(site.path(), "glossary/index.html");
    let terms: Vec<String> = select(&glossary, ".glossary-entry dt dfn")
        .iter()
        .map(text)
        .collect();
    assert!(terms.iter().any(|t| t == "Sharding"), "{terms:?}");
    for not_a_term in ["Caching", "Balance", "Sectors", "Quorum"] {
        assert!(
            !terms.iter().any(|t| t == not_a_term),
            "{not_a_term} in {terms:?}"
        );
    }
    let terms_note = page(site.path(), "terms/index.html");
    assert!(!select(&terms_note, "main a.term").is_empty());
    let private = page(site.path(), "private/index.html");
    assert!(
        select(&private, "a.term").is_empty(),
        "glossary = false marks no term"
    );
}
