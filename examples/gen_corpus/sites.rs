//! How each tool's site is laid out from the synthetic notes: notesite, Hugo, Zola and
//! mdBook, each with the minimal configuration and templates that make it render every note
//! (and build its search index where it has one). Shared by the `gen_corpus` example and the
//! criterion benches.
//!
//! Input: [`Note`]s. Output: one site folder per tool under the corpus folder.

#![allow(dead_code)]

use crate::notes::{folder_name, folder_title, Note};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn quote(text: &str) -> String {
    format!("{text:?}")
}

/// Front matter in TOML (`+++`), as notesite, Hugo and Zola all read it.
fn toml_front_matter(note: &Note, with_tags: bool) -> String {
    let mut text = format!(
        "+++\ntitle = {}\ndescription = {}\ndate = {}\nweight = {}\n",
        quote(&note.title),
        quote(&note.description),
        note.date,
        note.weight
    );
    if with_tags {
        let tags: Vec<String> = note.tags.iter().map(|t| quote(t)).collect();
        writeln!(text, "tags = [{}]", tags.join(", ")).unwrap();
    }
    text.push_str("+++\n\n");
    text
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

const HOME_TEXT: &str =
    "Synthetic study notes for the notesite benchmark: one folder per area, one page per note.\n";

pub(crate) fn write_notesite(out: &Path, notes: &[Note], folders: usize) {
    let root = out.join("notesite");
    write(
        &root.join("notesite.toml"),
        "title = \"Benchmark notes\"\ndescription = \"Synthetic AWS study notes\"\n",
    );
    write(
        &root.join("content/_index.md"),
        &format!("+++\ntitle = \"Benchmark notes\"\n+++\n\n{HOME_TEXT}"),
    );
    for folder in 0..folders {
        let text = format!(
            "+++\ntitle = {}\n+++\n\nNotes of {}.\n",
            quote(&folder_title(folder)),
            folder_title(folder)
        );
        write(
            &root.join(format!("content/{}/_index.md", folder_name(folder))),
            &text,
        );
    }
    for note in notes {
        let path = root.join(format!(
            "content/{}/{}.md",
            folder_name(note.folder),
            note.slug()
        ));
        write(
            &path,
            &format!("{}{}", toml_front_matter(note, true), note.body),
        );
    }
}

const HUGO_SINGLE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a> › <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
<main>
<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}
</main>
<footer>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</footer>
</body>
</html>
"#;

const HUGO_LIST: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a></nav>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main>
</body>
</html>
"#;

const HUGO_HOME: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body>
<main>
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main>
</body>
</html>
"#;

pub(crate) fn write_hugo(out: &Path, notes: &[Note], folders: usize) {
    let root = out.join("hugo");
    write(
        &root.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"Benchmark notes\"\nlanguageCode = \"en\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    );
    write(&root.join("layouts/_default/single.html"), HUGO_SINGLE);
    write(&root.join("layouts/_default/list.html"), HUGO_LIST);
    write(&root.join("layouts/index.html"), HUGO_HOME);
    write(
        &root.join("content/_index.md"),
        &format!("+++\ntitle = \"Benchmark notes\"\n+++\n\n{HOME_TEXT}"),
    );
    for folder in 0..folders {
        let text = format!(
            "+++\ntitle = {}\n+++\n\nNotes of {}.\n",
            quote(&folder_title(folder)),
            folder_title(folder)
        );
        write(
            &root.join(format!("content/{}/_index.md", folder_name(folder))),
            &text,
        );
    }
    for note in notes {
        let path = root.join(format!(
            "content/{}/{}.md",
            folder_name(note.folder),
            note.slug()
        ));
        write(
            &path,
            &format!("{}{}", toml_front_matter(note, true), note.body),
        );
    }
}

const ZOLA_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }} · {{ config.title }}</title></head>
<body>
<nav><a href="{{ get_url(path="/") }}">{{ config.title }}</a></nav>
<main>
<h1>{{ page.title }}</h1>
<ul>{% for h in page.toc %}<li><a href="{{ h.permalink | safe }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink | safe }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul>
{{ page.content | safe }}
</main>
<footer>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</footer>
</body>
</html>
"#;

const ZOLA_SECTION: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ section.title }} · {{ config.title }}</title></head>
<body>
<nav><a href="{{ get_url(path="/") }}">{{ config.title }}</a></nav>
<main>
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
</main>
</body>
</html>
"#;

const ZOLA_INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body>
<main>
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
</main>
</body>
</html>
"#;

pub(crate) fn write_zola(out: &Path, notes: &[Note], folders: usize) {
    let root = out.join("zola");
    write(
        &root.join("config.toml"),
        "base_url = \"http://localhost\"\ntitle = \"Benchmark notes\"\ndefault_language = \"en\"\nbuild_search_index = true\ngenerate_sitemap = false\ngenerate_robots_txt = false\n\n[markdown.highlighting]\ntheme = \"github-light\"\n",
    );
    write(&root.join("templates/page.html"), ZOLA_PAGE);
    write(&root.join("templates/section.html"), ZOLA_SECTION);
    write(&root.join("templates/index.html"), ZOLA_INDEX);
    write(
        &root.join("content/_index.md"),
        &format!("+++\ntitle = \"Benchmark notes\"\n+++\n\n{HOME_TEXT}"),
    );
    for folder in 0..folders {
        let text = format!(
            "+++\ntitle = {}\nsort_by = \"weight\"\n+++\n\nNotes of {}.\n",
            quote(&folder_title(folder)),
            folder_title(folder)
        );
        write(
            &root.join(format!("content/{}/_index.md", folder_name(folder))),
            &text,
        );
    }
    for note in notes {
        let path = root.join(format!(
            "content/{}/{}.md",
            folder_name(note.folder),
            note.slug()
        ));
        // Zola has no `tags` key outside its taxonomies; the rest of the front matter is the same.
        write(
            &path,
            &format!("{}{}", toml_front_matter(note, false), note.body),
        );
    }
}

pub(crate) fn write_mdbook(out: &Path, notes: &[Note], folders: usize) {
    let root = out.join("mdbook");
    write(
        &root.join("book.toml"),
        "[book]\ntitle = \"Benchmark notes\"\nlanguage = \"en\"\nsrc = \"src\"\n\n[output.html]\n\n[output.html.search]\nenable = true\n",
    );
    let mut summary = String::from("# Summary\n\n[Benchmark notes](README.md)\n\n");
    write(
        &root.join("src/README.md"),
        &format!("# Benchmark notes\n\n{HOME_TEXT}"),
    );
    for folder in 0..folders {
        let name = folder_name(folder);
        writeln!(summary, "- [{}]({name}/README.md)", folder_title(folder)).unwrap();
        write(
            &root.join(format!("src/{name}/README.md")),
            &format!(
                "# {}\n\nNotes of {}.\n",
                folder_title(folder),
                folder_title(folder)
            ),
        );
        for note in notes.iter().filter(|n| n.folder == folder) {
            writeln!(summary, "  - [{}]({name}/{}.md)", note.title, note.slug()).unwrap();
        }
    }
    write(&root.join("src/SUMMARY.md"), &summary);
    for note in notes {
        let path = root.join(format!(
            "src/{}/{}.md",
            folder_name(note.folder),
            note.slug()
        ));
        // mdBook has no front matter: the title becomes the page's first heading.
        write(&path, &format!("# {}\n\n{}", note.title, note.body));
    }
}
