//! Site checks: what `notesite check` and `notesite build --strict` verify beyond the
//! per-note warnings of a build: every `href`/`src` inside the site resolves to a file and
//! every `#anchor` to an id, every page is reachable from the home page, services named in
//! the notes are in the catalog, and every note has a real title.
//!
//! Input: the files of a build (before they are written) and the model. Output: located
//! diagnostics, pointing at the note a problem comes from where there is one.

use crate::build::Model;
use crate::diagnostics::{Diagnostic, Location, Topic};
use crate::output::{Contents, OutputFile};
use crate::site::urls::is_external;
use crate::site::{PageKind, HOME};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// Every problem of a built site, located where possible.
pub fn check_site(model: &Model, files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut problems = references(model, files);
    problems.extend(orphans(model, files));
    problems.extend(uncatalogued(model));
    problems.extend(untitled(model));
    problems
}

/// Links of each HTML page: (page path, [(href, is_page_link)]), and the ids of each page.
struct Parsed {
    links: BTreeMap<String, Vec<String>>,
    ids: HashMap<String, HashSet<String>>,
}

fn parse(files: &[OutputFile]) -> Parsed {
    // A form's action is a link too: the header's search form is how a reader without
    // JavaScript reaches the results page.
    let selector =
        Selector::parse("[href], [src], [id], a[name], form[action]").expect("valid selector");
    let mut parsed = Parsed {
        links: BTreeMap::new(),
        ids: HashMap::new(),
    };
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let Contents::Bytes(bytes) = &file.contents else {
            continue;
        };
        let html = Html::parse_document(&String::from_utf8_lossy(bytes));
        let mut links = Vec::new();
        let mut ids = HashSet::new();
        for element in html.select(&selector) {
            let value = element.value();
            ids.extend(
                value
                    .attr("id")
                    .into_iter()
                    .chain(value.attr("name").filter(|_| value.name() == "a"))
                    .map(str::to_string),
            );
            let reported = value.name() == "a"
                && value.has_class("broken-link", scraper::CaseSensitivity::CaseSensitive);
            if reported
                || (value.name() == "link"
                    && value
                        .attr("rel")
                        .is_some_and(|r| r.contains("canonical") || r.contains("alternate")))
            {
                continue;
            }
            links.extend(
                value
                    .attr("href")
                    .into_iter()
                    .chain(value.attr("src"))
                    .chain(value.attr("action").filter(|_| value.name() == "form"))
                    .map(str::to_string),
            );
        }
        parsed.links.insert(file.path.clone(), links);
        parsed.ids.insert(file.path.clone(), ids);
    }
    parsed
}

/// Resolve `reference` from the page at `from` to (file path, fragment).
fn resolve(from: &str, reference: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = reference
        .split_once('#')
        .map_or((reference, None), |(p, f)| (p, Some(f.to_string())));
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        return Some((from.to_string(), fragment));
    }
    if path.starts_with('/') {
        return None;
    }
    let folder = from.rsplit_once('/').map_or("", |(f, _)| f);
    let mut target = crate::site::urls::join(folder, &crate::site::urls::percent_decode(path))?;
    if path.ends_with('/') || target.is_empty() {
        target = format!(
            "{}index.html",
            if target.is_empty() {
                String::new()
            } else {
                format!("{target}/")
            }
        );
    }
    Some((target, fragment))
}

fn references(model: &Model, files: &[OutputFile]) -> Vec<Diagnostic> {
    let parsed = parse(files);
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // Problem (as resolved from the root, so the same template link on every page is one
    // problem) → the pages it appears on, with the reference as written on the first.
    let mut found: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (page, links) in &parsed.links {
        for reference in links.iter().filter(|r| !is_external(r) && !r.is_empty()) {
            let problem = match resolve(page, reference) {
                None => Some(format!("is an absolute path ({reference}); it breaks under a sub-path and from file://")),
                Some((target, _)) if !existing.contains(target.as_str()) => Some(format!("leads to {target}, which is not in the site")),
                Some((target, Some(fragment))) if !fragment.is_empty() && fragment != "top" && parsed.ids.get(&target).is_some_and(|ids| !ids.contains(&crate::site::urls::percent_decode(&fragment))) => {
                    Some(format!("points to #{fragment}, but {target} has no element with that id"))
                }
                _ => None,
            };
            if let Some(problem) = problem {
                let pages = found.entry(problem).or_default();
                if !pages.iter().any(|(p, _)| p == page) {
                    pages.push((page.clone(), reference.clone()));
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(problem, pages)| {
            // On a note's own page, the link is the note's (HTML written in it); elsewhere
            // notesite put it there.
            let topic = if pages.len() <= 3 && pages.iter().any(|(p, _)| is_note_page(model, p)) {
                Topic::BrokenLinkInNote
            } else {
                Topic::BrokenLinkInSite
            };
            let (page, reference) = &pages[0];
            if pages.len() > 3 {
                Diagnostic::error(
                    Some(Location::file("(templates)")),
                    format!(
                        "a link on {} pages (e.g. {page}: `{reference}`) {problem}",
                        pages.len()
                    ),
                )
                .with_hint(
                    "the link comes from a template or partial shared by these pages; fix it there",
                )
                .about(topic)
            } else {
                Diagnostic::error(
                    Some(page_location(model, page)),
                    format!("`{reference}` on {page} {problem}"),
                )
                .with_hint("fix the link in the note (or the template) it comes from")
                .about(topic)
            }
        })
        .collect()
}

/// Whether `page` is the page of a note (its own, not one gathering its sections).
fn is_note_page(model: &Model, page: &str) -> bool {
    model
        .site
        .pages
        .iter()
        .any(|p| p.url == page && p.note.is_some())
}

/// Where a page comes from: its note's file, else the page itself.
fn page_location(model: &Model, page: &str) -> Location {
    model
        .site
        .pages
        .iter()
        .find(|p| p.url == page)
        .and_then(|p| p.note)
        .map(|n| Location::file(&model.corpus.notes[n].shown_path))
        .unwrap_or_else(|| Location::file(format!("(generated) {page}")))
}

fn orphans(model: &Model, files: &[OutputFile]) -> Vec<Diagnostic> {
    let parsed = parse(files);
    let home = &model.site.pages[HOME].url;
    let mut reached: BTreeSet<String> = BTreeSet::from([home.clone()]);
    let mut queue = VecDeque::from([home.clone()]);
    while let Some(page) = queue.pop_front() {
        for reference in parsed
            .links
            .get(&page)
            .into_iter()
            .flatten()
            .filter(|r| !is_external(r))
        {
            if let Some((target, _)) = resolve(&page, reference) {
                if target.ends_with(".html") && reached.insert(target.clone()) {
                    queue.push_back(target);
                }
            }
        }
    }
    model
        .site
        .pages
        .iter()
        .filter(|p| p.kind != PageKind::NotFound && !reached.contains(&p.url))
        .map(|p| {
            Diagnostic::warning(
                Some(page_location(model, &p.url)),
                format!("{} is not reachable from the home page by links", p.url),
            )
            .with_hint("link to it from a note or a section page, or check the navigation template")
        })
        .collect()
}

fn uncatalogued(model: &Model) -> Vec<Diagnostic> {
    model
        .knowledge
        .uncatalogued()
        .into_iter()
        .map(|service| Diagnostic::warning(service.found_at.clone(), format!("`{}` looks like an AWS service but is not in the service catalog", service.name)).with_hint("add it to content/services.toml (name, aliases, category, parent, summary) so its page gets a category and a summary"))
        .collect()
}

fn untitled(model: &Model) -> Vec<Diagnostic> {
    model
        .corpus
        .notes
        .iter()
        .filter(|n| {
            n.front_matter.title.is_none()
                && !n.sections.iter().any(|s| s.level > 0)
                && !n.is_folder_index
        })
        .map(|n| {
            Diagnostic::warning(
                Some(Location::new(&n.shown_path, 1, 1)),
                format!(
                    "this note has no title; it is shown as “{}”, made from its file name",
                    n.title
                ),
            )
            .with_hint("add a `# Heading` at the top or `title = \"...\"` in front matter")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_relative_to_their_page() {
        assert_eq!(
            resolve("a/b/index.html", "../c/index.html#x"),
            Some(("a/c/index.html".into(), Some("x".into())))
        );
        assert_eq!(
            resolve("a/index.html", "#top"),
            Some(("a/index.html".into(), Some("top".into())))
        );
        assert_eq!(
            resolve("a/index.html", "../"),
            Some(("index.html".into(), None))
        );
        assert_eq!(resolve("a/index.html", "/x"), None);
    }
}
