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

/// Where a page is in a folder's list split over several pages.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// This page's number, from 1.
    pub number: usize,
    /// Every page of the list, in order.
    pub pages: Vec<ListingPage>,
    /// The previous page of the list.
    pub prev: Option<String>,
    /// The next page of the list.
    pub next: Option<String>,
    /// How many pages the folder holds in all.
    pub total: usize,
}

/// One page of a folder's list.
#[derive(Debug, Clone, Serialize)]
pub struct ListingPage {
    /// Its number, from 1.
    pub number: usize,
    /// Relative URL.
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
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
    /// For a folder whose list is split over several pages: where this page is in it.
    pub listing: Option<Listing>,
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
    /// Left navigation as ready HTML (what the default theme shows): the link to the page's
    /// folder, which `notesite.js` replaces with the whole tree from [`NAV_TREE_PATH`]; see
    /// [`nav_fallback_html`].
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
            listing: site.listing_of(index).map(|(pages, at)| {
                let href = |p: PageId| relative_url(url, &site.pages[p].url);
                Listing {
                    number: at + 1,
                    prev: at.checked_sub(1).map(|i| href(pages[i])),
                    next: pages.get(at + 1).map(|&p| href(p)),
                    total: site.pages[pages[0]].children.len(),
                    pages: pages
                        .iter()
                        .enumerate()
                        .map(|(i, &p)| ListingPage {
                            number: i + 1,
                            href: href(p),
                            current: i == at,
                        })
                        .collect(),
                }
            }),
            marks_terms: content.contains("<a class=\"term\""),
            content,
            toc: toc(sections, skip_title),
            breadcrumbs: site.ancestors(index).into_iter().map(link).collect(),
            prev: prev.map(link),
            next: next.map(link),
            source: note.map(|n| n.path.clone()),
            word_count,
            reading_minutes: word_count.div_ceil(220).max(1),
            children: site
                .listed(index)
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
    context.nav_html = nav_fallback_html(site, url, index);
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

/// Where the navigation tree every page shares is written ([`nav_tree_script`]).
pub const NAV_TREE_PATH: &str = "assets/nav-tree.js";

/// The navigation as a page carries it: one link, to its folder's page (or the home page),
/// in the list `notesite.js` replaces with the whole tree read from [`NAV_TREE_PATH`]. The
/// list says which pages are open (the page's ancestors and itself, by URL from the root)
/// and the page's title, for the script to mark them. Without JavaScript the folder's page
/// and the breadcrumbs lead everywhere the tree does. Inline, the tree (a window of it on
/// large sites) was 3 KB of every 25 KB note page (bench/issue19-weight-2026-12-07.md).
pub fn nav_fallback_html(site: &SiteMap, url: &str, current: PageId) -> String {
    let ancestors = site.ancestors(current);
    let mut open: Vec<&str> = ancestors
        .iter()
        .filter(|&&p| p != HOME)
        .map(|&p| site.pages[p].url.as_str())
        .collect();
    open.push(url);
    let open = serde_json::to_string(&open).unwrap_or_default();
    let folder = ancestors.last().copied().unwrap_or(HOME);
    let title = match site.pages[folder].title.as_str() {
        "" => "Home",
        title => title,
    };
    format!(
        "<ul class=\"nav-list nav-depth-0\" role=\"list\" data-open=\"{}\" data-title=\"{}\">\n<li class=\"nav-item nav-section\"><div class=\"nav-row\"><a class=\"nav-link is-ancestor\" href=\"{}\">{}</a></div></li>\n</ul>",
        escape_html(&open),
        escape_html(&site.pages[current].title),
        escape_html(&relative_url(url, &site.pages[folder].url)),
        escape_html(title),
    )
}

/// The navigation tree every page shares, as a script (`window.notesiteNav`): the pages
/// the sidebar lists, each as `[url from the root, title, index of its parent in the list
/// or -1, 1 for a folder]`, in the sidebar's order. On large sites (more than
/// [`FULL_NAV_LIMIT`] pages) it lists folders and the pinned pages only (`full: false`):
/// the script then shows the open page under its folder, and a folder's page lists its
/// notes.
pub fn nav_tree_script(site: &SiteMap) -> String {
    let full = site.pages.len() <= FULL_NAV_LIMIT;
    let mut rows: Vec<serde_json::Value> = Vec::new();
    fn add(
        site: &SiteMap,
        page: PageId,
        parent: i64,
        full: bool,
        rows: &mut Vec<serde_json::Value>,
    ) {
        let data = &site.pages[page];
        let folder = data.kind == PageKind::Section;
        if !full && !folder && !data.kind.spec().pinned_in_nav {
            return;
        }
        let at = rows.len() as i64;
        rows.push(serde_json::json!([
            data.url,
            data.title,
            parent,
            u8::from(folder)
        ]));
        if !data.kind.spec().pinned_in_nav {
            for &child in &data.children {
                add(site, child, at, full, rows);
            }
        }
    }
    let (special, listed): (Vec<PageId>, Vec<PageId>) = site.pages[HOME]
        .children
        .iter()
        .partition(|&&c| site.pages[c].kind.spec().pinned_in_nav);
    for &page in listed.iter().chain(&special) {
        add(site, page, -1, full, &mut rows);
    }
    let data = serde_json::json!({ "full": full, "pages": rows });
    // `</` cannot end the script early: JSON escapes nothing of it, so write `<\/`.
    format!(
        "/* The site's navigation tree, written by notesite; notesite.js draws the sidebar from it. */\nwindow.notesiteNav = {};\n",
        data.to_string().replace("</", "<\\/")
    )
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
