//! Page contexts: the plain, serializable data a template receives for one page.
//!
//! Input: the site map, the corpus and a page's rendered body. Output: a [`PageContext`]
//! whose links are all relative to that page. Templates hold no logic beyond loops and
//! conditions, so everything they show is computed here.

use super::knowledge_pages::{
    ComparisonEntry, ComparisonView, Overview, ServiceLink, ServicesView, TermView, Views,
};
use super::service_page::{MentionsView, ServiceView};
use crate::config::Config;
use crate::content::{Corpus, Section};
use crate::ids::PageId;
use crate::knowledge::Knowledge;
use crate::render::theme::escape_html;
use crate::site::kinds::{Input, View};
use crate::site::urls::{relative_url, root_prefix};
use crate::site::{PageKind, SiteMap, HOME};
use serde::Serialize;

/// Site-wide values shown on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Author.
    pub author: String,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Absolute URL of the published site, with a final `/` (only when configured).
    pub base_url: Option<String>,
    /// What HTML written in notes becomes.
    #[serde(skip)]
    pub raw_html: crate::config::RawHtml,
}

impl SiteInfo {
    /// The values from the configuration.
    pub fn from_config(config: &Config) -> Self {
        SiteInfo {
            title: config.title.clone(),
            description: config.description.clone(),
            author: config.author.clone(),
            language: config.language.clone(),
            base_url: config
                .base_url
                .as_deref()
                .map(|b| format!("{}/", b.trim_end_matches('/'))),
            raw_html: config.markdown.raw_html,
        }
    }
}

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Relative URL from the current page.
    pub href: String,
}

/// One entry of the "on this page" table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Heading id.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// Heading level.
    pub level: u8,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// An entry in a section's list of what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ChildEntry {
    /// Title.
    pub title: String,
    /// Relative URL.
    pub href: String,
    /// Description from the front matter.
    pub description: Option<String>,
    /// `note` or `section`.
    pub kind: PageKind,
    /// Notes inside (for sections).
    pub count: usize,
}

/// A node of the left navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavNode {
    /// Title.
    pub title: String,
    /// Relative URL.
    pub href: String,
    /// `note` or `section`.
    pub kind: PageKind,
    /// Whether this is the page being shown.
    pub current: bool,
    /// Whether this node is on the path to the current page.
    pub open: bool,
    /// Child nodes (left empty for closed sections on large sites).
    pub children: Vec<NavNode>,
}

/// Everything about the page itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// What the page shows.
    pub kind: PageKind,
    /// Page title.
    pub title: String,
    /// Description from the front matter.
    pub description: Option<String>,
    /// For a chapter of a long note: the chapter's heading (`title` is the note's).
    pub chapter_title: Option<String>,
    /// Date as written.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// URL relative to the root.
    pub url: String,
    /// Rendered body HTML.
    pub content: String,
    /// Whether the body marks glossary terms (the theme then loads `terms.js`).
    pub marks_terms: bool,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Ancestors from home, excluding this page.
    pub breadcrumbs: Vec<Link>,
    /// Previous page in reading order.
    pub prev: Option<Link>,
    /// Next page in reading order.
    pub next: Option<Link>,
    /// Source path relative to `content/`.
    pub source: Option<String>,
    /// Words in the note.
    pub word_count: usize,
    /// Estimated reading time in minutes (at 220 words a minute).
    pub reading_minutes: usize,
    /// What a section holds.
    pub children: Vec<ChildEntry>,
    /// Services the note mentions (note pages).
    pub note_services: Vec<ServiceLink>,
    /// The service shown (service pages).
    pub service: Option<ServiceView>,
    /// A page of the places the notes name a service (its mention pages).
    pub mentions: Option<MentionsView>,
    /// All services (the services index).
    pub services: Option<ServicesView>,
    /// The comparison shown (comparison pages).
    pub comparison: Option<ComparisonView>,
    /// All comparisons (the comparisons index).
    pub comparisons: Option<Vec<ComparisonEntry>>,
    /// Glossary terms (the glossary).
    pub glossary: Option<Vec<TermView>>,
    /// What the site covers (the home page).
    pub overview: Option<Overview>,
    /// The cards, quiz or exam coverage (study pages).
    pub study: Option<super::study_page::StudyView>,
    /// The link to the study page of the page's note or service, with its number of cards
    /// (absent when it has no cards).
    pub study_link: Option<Link>,
}

/// The whole context of one page's template.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    /// Site-wide values.
    pub site: SiteInfo,
    /// Prefix from this page to the site root.
    pub root: String,
    /// The page.
    pub page: PageInfo,
    /// Left navigation as a tree, for templates that lay it out themselves. Left empty
    /// (except on the 404 page) when no template reads it: see [`crate::render::theme::Theme::nav_tree`].
    pub nav: Vec<NavNode>,
    /// Left navigation as ready HTML (what the default theme shows): see [`nav_html`].
    pub nav_html: String,
    /// Relative link to the home page.
    pub home_href: String,
    /// Relative links to the generated index pages (absent when the site has none).
    pub links: SiteLinks,
}

/// Links to the site-wide pages, relative to the current page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteLinks {
    /// Services index.
    pub services: Option<String>,
    /// Comparisons index.
    pub compare: Option<String>,
    /// Glossary.
    pub glossary: Option<String>,
    /// Full search results page.
    pub search: Option<String>,
    /// The study deck (absent when the notes give no cards).
    pub study: Option<String>,
}

/// Sites with more pages than this show only the open branches of the navigation.
const FULL_NAV_LIMIT: usize = 300;

/// Build the context for page `index` with its rendered body `content`.
pub fn context(
    site: &SiteMap,
    corpus: &Corpus,
    knowledge: &Knowledge,
    info: &SiteInfo,
    index: PageId,
    content: String,
) -> PageContext {
    let page = &site.pages[index];
    let url = page.url.as_str();
    let note = page.note.map(|n| &corpus.notes[n]);
    // The home page has no title of its own without `content/_index.md` (its template shows
    // the site's): a link to it still needs words.
    let link = |p: PageId| Link {
        title: match site.pages[p].title.as_str() {
            "" if p == crate::site::HOME => "Home".to_string(),
            title => title.to_string(),
        },
        href: relative_url(url, &site.pages[p].url),
    };
    let (prev, next) = site.neighbours(index);
    // A page of a chapter set shows its own part of the note: its sections in "On this
    // page", its words in the reading time.
    let part = page.note.and_then(|n| {
        let chapters = site.chapters_of(n)?;
        let note = &corpus.notes[n];
        Some(match page.chapter {
            Some(c) => (chapters.sections(c, note), false),
            None => (0..chapters.starts[0], note.title_from_heading),
        })
    });
    let word_count = match (note, &part) {
        (Some(n), Some((sections, _))) => {
            let start = n.sections[sections.start].range.start;
            let end = n
                .sections
                .get(sections.end)
                .map_or(n.markdown.len(), |s| s.range.start);
            n.markdown
                .get(start..end)
                .map_or(0, |text| text.split_whitespace().count())
        }
        _ => note.map_or(0, |n| n.word_count),
    };
    let (sections, skip_title) = match (note, part) {
        (Some(n), Some((sections, skip))) => (&n.sections[sections], skip),
        (Some(n), None) => (&n.sections[..], n.title_from_heading),
        (None, _) => (&[][..], false),
    };
    let mut context = PageContext {
        site: info.clone(),
        root: root_prefix(url),
        page: PageInfo {
            kind: page.kind,
            // A chapter is named by its heading in the navigation; its page shows the
            // note's title over the part's own heading.
            title: match (note, page.chapter) {
                (Some(n), Some(_)) => n.title.clone(),
                _ => page.title.clone(),
            },
            chapter_title: page.chapter.map(|_| page.title.clone()),
            description: note
                .filter(|_| page.chapter.is_none())
                .and_then(|n| n.front_matter.description.clone()),
            date: note.and_then(|n| n.front_matter.date.clone()),
            tags: note
                .map(|n| n.front_matter.tags.clone())
                .unwrap_or_default(),
            url: url.to_string(),
            marks_terms: content.contains("<a class=\"term\""),
            content,
            toc: toc(sections, skip_title),
            breadcrumbs: site.ancestors(index).into_iter().map(link).collect(),
            prev: prev.map(link),
            next: next.map(link),
            source: note.map(|n| n.path.clone()),
            word_count,
            reading_minutes: word_count.div_ceil(220).max(1),
            children: page
                .children
                .iter()
                .map(|&c| child_entry(site, corpus, url, c))
                .collect(),
            note_services: Vec::new(),
            service: None,
            mentions: None,
            services: None,
            comparison: None,
            comparisons: None,
            glossary: None,
            overview: None,
            study: None,
            study_link: None,
        },
        nav: nav(site, url, index),
        nav_html: String::new(),
        home_href: relative_url(url, &site.pages[HOME].url),
        links: SiteLinks {
            services: site
                .special
                .services
                .map(|p| relative_url(url, &site.pages[p].url)),
            compare: site
                .special
                .comparisons
                .map(|p| relative_url(url, &site.pages[p].url)),
            glossary: site
                .special
                .glossary
                .map(|p| relative_url(url, &site.pages[p].url)),
            search: site
                .special
                .search
                .map(|p| relative_url(url, &site.pages[p].url)),
            study: site
                .special
                .study
                .map(|p| relative_url(url, &site.pages[p].url)),
        },
    };
    context.nav_html = nav_html(&context.nav);
    let views = Views {
        site,
        corpus,
        knowledge,
        url,
        raw_html: info.raw_html,
    };
    add_knowledge(&mut context.page, &views, page);
    if page.kind.spec().reads.contains(&Input::StudyCards) {
        context.page.study_link = views.study_link(page);
    }
    if let (View::Study, Some(scope)) = (page.kind.spec().view, page.study) {
        let key = super::study_page::site_key(info.base_url.as_deref(), &info.title);
        context.page.study = Some(views.study(page.kind, scope, key));
    }
    context
}

/// Fill in the knowledge view a page of this kind shows (see [`crate::site::kinds`]).
fn add_knowledge(info: &mut PageInfo, views: &Views, page: &crate::site::Page) {
    match page.kind.spec().view {
        View::NoteServices => {
            info.note_services = page
                .note
                .map(|n| views.note_services(n))
                .unwrap_or_default()
        }
        View::Overview => info.overview = Some(views.overview()),
        View::Service => {
            info.service = page.service.map(|s| views.service(s));
            if info.description.is_none() {
                info.description = info
                    .service
                    .as_ref()
                    .and_then(|s| s.service.summary.clone());
            }
        }
        View::ServiceMentions => {
            info.mentions = page
                .service
                .zip(page.mention_page)
                .map(|(s, n)| views.service_mentions(s, n))
        }
        View::Services => info.services = Some(views.services()),
        View::Comparison => info.comparison = page.comparison.map(|c| views.comparison(c)),
        View::Comparisons => info.comparisons = Some(views.comparisons()),
        View::Glossary => info.glossary = Some(views.glossary()),
        // Made by `context`, which has the site's key.
        View::Study | View::Plain => {}
    }
}

fn child_entry(site: &SiteMap, corpus: &Corpus, from: &str, child: PageId) -> ChildEntry {
    let page = &site.pages[child];
    ChildEntry {
        title: page.title.clone(),
        href: relative_url(from, &page.url),
        description: page
            .note
            .and_then(|n| corpus.notes[n].front_matter.description.clone()),
        kind: page.kind,
        count: count_notes(site, child),
    }
}

fn count_notes(site: &SiteMap, page: PageId) -> usize {
    site.pages[page]
        .children
        .iter()
        .map(|&c| {
            if site.pages[c].kind == PageKind::Note {
                1
            } else {
                count_notes(site, c)
            }
        })
        .sum()
}

/// The nested table of contents of a note's headings.
pub fn toc(sections: &[Section], skip_first: bool) -> Vec<TocEntry> {
    let headings = sections
        .iter()
        .filter(|s| s.level > 0)
        .skip(usize::from(skip_first));
    let mut roots: Vec<TocEntry> = Vec::new();
    for section in headings {
        let entry = TocEntry {
            id: section.id.clone(),
            title: section.heading.clone(),
            level: section.level,
            children: Vec::new(),
        };
        insert_toc(&mut roots, entry);
    }
    roots
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

fn nav(site: &SiteMap, url: &str, current: PageId) -> Vec<NavNode> {
    let mut open = site.ancestors(current);
    open.push(current);
    let full = site.pages.len() <= FULL_NAV_LIMIT;
    // On large sites the top level is windowed around the open section too (the home page
    // lists every section); the services and comparisons entries always stay.
    let (special, listed): (Vec<PageId>, Vec<PageId>) = site.pages[HOME]
        .children
        .iter()
        .partition(|&&c| site.pages[c].kind.spec().pinned_in_nav);
    nav_window(&listed, &open, full)
        .iter()
        .chain(&special)
        .map(|&c| nav_node(site, url, c, current, &open, full))
        .collect()
}

fn nav_node(
    site: &SiteMap,
    url: &str,
    index: PageId,
    current: PageId,
    open: &[PageId],
    full: bool,
) -> NavNode {
    let page = &site.pages[index];
    let is_open = open.contains(&index);
    let listed = !page.kind.spec().pinned_in_nav;
    let children = if listed && (full || is_open) {
        nav_window(&page.children, open, full)
            .iter()
            .map(|&c| nav_node(site, url, c, current, open, full))
            .collect()
    } else {
        Vec::new()
    };
    NavNode {
        title: page.title.clone(),
        href: relative_url(url, &page.url),
        kind: page.kind,
        current: index == current,
        open: is_open,
        children,
    }
}

/// The left navigation as HTML: nested lists of links, the current page marked with
/// `aria-current`, open sections with a disclosure button. Written here rather than by a
/// recursive template macro, which took a fifth of a large site's render time.
pub fn nav_html(nodes: &[NavNode]) -> String {
    let mut out = String::with_capacity(nodes.len() * 140);
    write_nav(&mut out, nodes, 0);
    out
}

/// The disclosure icon, drawn by the stylesheet (see the theme's `icon` macro).
const CHEVRON: &str = r#"<span class="icon icon-chevron" aria-hidden="true"></span>"#;

fn write_nav(out: &mut String, nodes: &[NavNode], depth: usize) {
    use std::fmt::Write;
    let _ = write!(
        out,
        r#"<ul class="nav-list nav-depth-{depth}" role="list">"#
    );
    for item in nodes {
        // A long note with chapter pages opens like a folder.
        let section = item.kind == PageKind::Section || !item.children.is_empty();
        let title = escape_html(&item.title);
        let href = escape_html(&item.href);
        let current = if item.current { " is-current" } else { "" };
        let ancestor = if item.open && (section || !item.current) {
            " is-ancestor"
        } else {
            ""
        };
        let aria = if item.current {
            r#" aria-current="page""#
        } else {
            ""
        };
        if section {
            let open = item.open || item.current;
            let _ = write!(
                out,
                "\n<li class=\"nav-item nav-section{}\"><div class=\"nav-row{current}\"><a class=\"nav-link{current}{ancestor}\" href=\"{href}\"{aria}>{title}</a>",
                if open { " is-open" } else { "" },
            );
            if !item.children.is_empty() {
                let _ = write!(
                    out,
                    r#"<button type="button" class="nav-toggle" aria-expanded="{open}" aria-label="Show or hide the pages in {title}">{CHEVRON}</button></div>"#,
                );
                write_nav(out, &item.children, depth + 1);
            } else {
                out.push_str("</div>");
            }
            out.push_str("</li>");
        } else {
            let _ = write!(
                out,
                "\n<li class=\"nav-item nav-note\"><div class=\"nav-row{current}\"><a class=\"nav-link{current}{ancestor}\" href=\"{href}\"{aria}>{title}</a></div></li>",
            );
        }
    }
    out.push_str("\n</ul>");
}

/// Pages of a section shown in the navigation: all of them on small sites; on large ones
/// only those around the open page (the section's own page lists them all). The window is
/// small because every page of a large site carries it: with twelve pages each side it was
/// 8.7 KB of each 32 KB note page at 10,000 notes, a quarter of the site's weight.
fn nav_window<'a>(children: &'a [PageId], open: &[PageId], full: bool) -> &'a [PageId] {
    const AROUND: usize = 3;
    if full || children.len() <= 2 * AROUND + 1 {
        return children;
    }
    let at = children.iter().position(|c| open.contains(c)).unwrap_or(0);
    let start = at
        .saturating_sub(AROUND)
        .min(children.len() - (2 * AROUND + 1));
    &children[start..start + 2 * AROUND + 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(level: u8, id: &str) -> Section {
        Section {
            id: id.into(),
            heading: id.into(),
            level,
            range: 0..0,
            line: 1,
            github_id: None,
        }
    }

    fn node(
        title: &str,
        kind: PageKind,
        current: bool,
        open: bool,
        children: Vec<NavNode>,
    ) -> NavNode {
        NavNode {
            title: title.into(),
            href: format!("{}/index.html", title.to_lowercase()),
            kind,
            current,
            open,
            children,
        }
    }

    #[test]
    fn nav_html_marks_the_current_page_and_open_sections() {
        let tree = vec![
            node(
                "Open",
                PageKind::Section,
                false,
                true,
                vec![node("Here", PageKind::Note, true, true, Vec::new())],
            ),
            node("Closed <b>", PageKind::Section, false, false, Vec::new()),
        ];
        let html = nav_html(&tree);
        let current: Vec<_> = html.match_indices("aria-current=\"page\"").collect();
        assert_eq!(current.len(), 1);
        assert!(html.contains(
            r#"<a class="nav-link is-current" href="here/index.html" aria-current="page">Here</a>"#
        ));
        assert!(html.contains(r#"<li class="nav-item nav-section is-open">"#));
        assert!(
            html.contains(r#"aria-expanded="true" aria-label="Show or hide the pages in Open""#)
        );
        assert!(html.contains("Closed &lt;b&gt;"), "titles are escaped");
        assert_eq!(html.matches("<ul").count(), 2);
        assert_eq!(html.matches("</ul>").count(), 2);
        assert_eq!(
            html.matches("nav-toggle").count(),
            1,
            "only sections with listed pages get a toggle"
        );
    }

    #[test]
    fn toc_nests_by_level_even_when_levels_skip() {
        let sections = [
            section(0, ""),
            section(2, "a"),
            section(4, "b"),
            section(3, "c"),
            section(2, "d"),
        ];
        let toc = toc(&sections, false);
        assert_eq!(toc.len(), 2);
        assert_eq!(
            toc[0]
                .children
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
    }
}
