//! Markdown → HTML for one note, as a chain of small adapters over pulldown-cmark events:
//! raw HTML and script URLs (by the `raw_html` policy), links (relative `.md` links become
//! page links, checked), math (MathML), code (syntect), tables (scroll wrapper) and headings
//! (stable ids and anchor links), in that order; under `sanitize`, a note that holds raw
//! HTML is cleaned as a whole at the end.
//!
//! Input: a note, its page URL and the site map. Output: the HTML and located warnings.

use super::{highlight, math, sanitize};
use crate::config::RawHtml;
use crate::content::outline::{html_anchor_ids, markdown_options};
use crate::content::Note;
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::ids::{NoteId, PageId, ServiceId};
use crate::knowledge::Knowledge;
use crate::site::urls::relative_url;
use crate::site::SiteMap;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// What a note renders to.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The note's body as HTML.
    pub html: String,
    /// Problems found while rendering (links to nothing, ...).
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a note is rendered: the information its links are resolved against.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The site's pages.
    pub site: &'a SiteMap,
    /// All notes, to check `#anchors` of linked notes.
    pub notes: &'a [Note],
    /// Services, mentions and glossary, for cross-links and term popovers.
    pub knowledge: &'a Knowledge,
    /// URL of the page the HTML goes into, relative to the root.
    pub page_url: &'a str,
    /// Prefix for every id written (sections gathered from several notes onto one page).
    pub id_prefix: &'a str,
    /// The service whose page this is: its own mentions are not linked.
    pub current_service: Option<ServiceId>,
    /// Levels added to every heading (negative: removed), clamped to h1–h6, for sections
    /// shown under another page's headings.
    pub heading_shift: i8,
    /// What HTML written in the note, and script URLs in its links, become.
    pub raw_html: RawHtml,
}

/// Render a whole note (index into `Target::notes`).
pub fn render_note(note: NoteId, target: Target<'_>) -> Rendered {
    render_range(note, 0..target.notes[note].markdown.len(), target)
}

/// Render part of a note (a byte range of its markdown that starts at a section boundary).
pub fn render_range(note_index: NoteId, range: Range<usize>, target: Target<'_>) -> Rendered {
    let skip_title = target.notes[note_index].title_from_heading && range.start == 0;
    render_part(note_index, range, skip_title, target)
}

/// Render one chapter of a long note: the sections `sections` (see
/// [`crate::site::chapters`]), its part's heading included (the page's title is the note's).
pub fn render_chapter(note_index: NoteId, sections: Range<usize>, target: Target<'_>) -> Rendered {
    let note = &target.notes[note_index];
    let start = note.sections[sections.start].range.start;
    let end = note
        .sections
        .get(sections.end)
        .map_or(note.markdown.len(), |s| s.range.start);
    render_part(note_index, start..end, false, target)
}

#[expect(
    clippy::string_slice,
    reason = "section ranges are offsets the markdown parser reported"
)]
fn render_part(
    note_index: NoteId,
    range: Range<usize>,
    skip_title: bool,
    target: Target<'_>,
) -> Rendered {
    let note = &target.notes[note_index];
    let markdown = &note.markdown[range.clone()];
    let mut diagnostics = Vec::new();
    let events: Events = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + range.start..r.end + range.start))
        .collect();
    let has_raw_html = target.raw_html == RawHtml::Sanitize
        && events
            .iter()
            .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = match target.raw_html {
        RawHtml::Trusted => markdown_in_details(events),
        RawHtml::Sanitize => unlink_script_urls(markdown_in_details(events)),
        RawHtml::Escape => escape_raw_html(unlink_script_urls(events)),
    };
    // Line numbers are needed only to locate a problem: index the note's lines lazily
    // (service pages render hundreds of excerpts of large notes).
    let lines = std::cell::OnceCell::new();
    let mut links = LinkRewriter {
        note,
        note_index,
        target,
        lines: &lines,
        diagnostics: &mut diagnostics,
        broken: false,
        anchors: HashMap::new(),
    };
    let events = links.rewrite(aim_empty_anchor_links(events, &note.sections));
    // Sections of the range (one more each side, to be safe at the edges): only their
    // mentions can fall in it. Taking every mention of the note made a service page that
    // gathers many sections of one large note quadratic.
    let sections = &note.sections;
    let first = sections.partition_point(|s| s.range.start < range.start);
    let last = sections.partition_point(|s| s.range.start < range.end);
    let knowledge = target.knowledge;
    let in_note = knowledge.mentions_in(note_index);
    let from = in_note.partition_point(|m| m.section + 1 < first);
    let to = in_note.partition_point(|m| m.section <= last);
    let events = link_mentions(events, note_index, &in_note[from..to], knowledge, target);
    let events = render_math(events);
    let events = label_task_boxes(events);
    let events = highlight_code(events);
    let events = number_footnotes(events, target.id_prefix);
    let events = wrap_tables(events);
    let first_heading = sections[first..]
        .iter()
        .position(|s| s.level > 0)
        .map(|p| first + p);
    let sections = &note.sections[first_heading.unwrap_or(note.sections.len())..];
    let events = anchor_headings(
        events,
        sections,
        skip_title,
        target.id_prefix,
        target.heading_shift,
    );
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if has_raw_html {
        html = sanitize::clean(&html);
    }
    Rendered { html, diagnostics }
}

/// `<details markdown="1">` (kramdown's way of asking for markdown inside HTML): when the
/// block's text runs on without a blank line, markdown would keep it as raw HTML; its inside
/// is read as markdown instead (headings there become paragraphs: the outline never saw them,
/// and ids must stay in step with it).
fn markdown_in_details(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(Range<usize>, String)> = None;
    for (event, range) in events {
        match (event, block.as_mut()) {
            (Event::Start(Tag::HtmlBlock), None) => block = Some((range, String::new())),
            (Event::Html(html), Some((_, text))) => text.push_str(&html),
            (Event::End(TagEnd::HtmlBlock), Some(_)) => {
                let (start, text) = block.take().expect("inside a block");
                match split_details(&text) {
                    Some((open, inside, close)) => {
                        push_html_block(&mut out, open.to_string(), start.clone());
                        let at = start.start..start.start;
                        out.extend(markdown_events(&dedent(inside), at.clone()));
                        push_html_block(&mut out, close.to_string(), at);
                    }
                    None => push_html_block(&mut out, text, start),
                }
            }
            (event, _) => out.push((event, range)),
        }
    }
    out
}

/// `<details markdown=…><summary>…</summary>`, what is inside, `</details>…`; `None` when the
/// block is something else or holds nothing between them.
#[expect(
    clippy::string_slice,
    reason = "cuts are at ASCII `>` and `<` found in the text"
)]
fn split_details(html: &str) -> Option<(&str, &str, &str)> {
    let lower = html.to_ascii_lowercase();
    let opening = lower.trim_start();
    if !opening.starts_with("<details") {
        return None;
    }
    let tag_end = lower.find('>')?;
    if !lower[..tag_end].contains("markdown") {
        return None;
    }
    let first_line = lower.find('\n').unwrap_or(lower.len());
    let open_end = lower[..first_line]
        .find("</summary>")
        .map_or(tag_end + 1, |i| i + "</summary>".len());
    let close = lower.rfind("</details>")?;
    let inside = html.get(open_end..close)?;
    (close > open_end && !inside.trim().is_empty())
        .then(|| (&html[..open_end], inside, &html[close..]))
}

/// Text with the indentation its lines share removed (blocks indented inside a list item).
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn push_html_block(out: &mut Events<'_>, html: String, range: Range<usize>) {
    out.push((Event::Start(Tag::HtmlBlock), range.clone()));
    out.push((Event::Html(html.into()), range.clone()));
    out.push((Event::End(TagEnd::HtmlBlock), range));
}

/// The events of `markdown`, each given `range`; headings become paragraphs.
fn markdown_events(markdown: &str, range: Range<usize>) -> Events<'static> {
    Parser::new_ext(markdown, markdown_options())
        .map(|event| match event {
            Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
            other => other.into_static(),
        })
        .map(|event| (event, range.clone()))
        .collect()
}

/// `[Agentic AI](#)`: a contents list exported without its targets. A link to `#` alone
/// whose text names a heading of the note links to that heading; any other keeps its text,
/// unlinked (a link to the top of the page is not what its text promised).
fn aim_empty_anchor_links<'a>(
    events: Events<'a>,
    sections: &[crate::content::Section],
) -> Events<'a> {
    let is_empty_anchor =
        |e: &Event<'_>| matches!(e, Event::Start(Tag::Link { dest_url, .. }) if &**dest_url == "#");
    if !events.iter().any(|(e, _)| is_empty_anchor(e)) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut link: Option<(Event<'a>, Range<usize>, Events<'a>)> = None;
    for (event, range) in events {
        match (event, link.as_mut()) {
            (event, None) if is_empty_anchor(&event) => link = Some((event, range, Vec::new())),
            (Event::End(TagEnd::Link), Some(_)) => {
                let (start, start_range, inner) = link.take().expect("inside a link");
                let text: String = inner
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(&**t),
                        _ => None,
                    })
                    .collect();
                match (start, heading_named(&text, sections, start_range.start)) {
                    (
                        Event::Start(Tag::Link {
                            link_type,
                            title,
                            id,
                            ..
                        }),
                        Some(target),
                    ) => {
                        out.push((
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url: format!("#{target}").into(),
                                title,
                                id,
                            }),
                            start_range,
                        ));
                        out.extend(inner);
                        out.push((Event::End(TagEnd::Link), range));
                    }
                    _ => out.extend(inner),
                }
            }
            (event, Some((_, _, inner))) => inner.push((event, range)),
            (event, None) => out.push((event, range)),
        }
    }
    out
}

/// The id of the heading `text` names: the same words (a word may be the other's stem:
/// `Operations`/`Operational`), most of them, preferring headings after `offset`.
fn heading_named<'s>(
    text: &str,
    sections: &'s [crate::content::Section],
    offset: usize,
) -> Option<&'s str> {
    const SMALL: &[&str] = &[
        "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "s",
    ];
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| !w.is_empty() && !SMALL.contains(&w.as_str()))
            .collect()
    };
    let same = |a: &str, b: &str| {
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        a == b || common >= 5
    };
    let wanted = words(text);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(f32, bool, &str)> = None;
    for section in sections
        .iter()
        .filter(|s| s.level > 0 && s.range.start != offset)
    {
        let heading = words(&section.heading);
        let matched = wanted
            .iter()
            .filter(|w| heading.iter().any(|h| same(w, h)))
            .count();
        // Words of either side the other lacks count against it.
        let score = matched as f32 / wanted.len().max(heading.len()) as f32;
        let after = section.range.start > offset;
        if score >= 0.6 && best.is_none_or(|(s, a, _)| (score, after) > (s, a)) {
            best = Some((score, after, section.id.as_str()));
        }
    }
    best.map(|(_, _, id)| id)
}

/// Links and images whose URL would run script (`javascript:`, `vbscript:`, `data:` other
/// than an image) keep their text but lose the URL: `<span class="unsafe-link">`.
fn unlink_script_urls(events: Events<'_>) -> Events<'_> {
    // One entry per open link or image: whether it was unlinked.
    let mut open: Vec<bool> = Vec::new();
    let span = |range| {
        (
            Event::InlineHtml("<span class=\"unsafe-link\">".into()),
            range,
        )
    };
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                open.push(sanitize::runs_script(dest_url, false));
                match open.last() {
                    Some(true) => span(range),
                    _ => (event, range),
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                open.push(sanitize::runs_script(dest_url, true));
                match open.last() {
                    Some(true) => span(range),
                    _ => (event, range),
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => match open.pop() {
                Some(true) => (Event::InlineHtml("</span>".into()), range),
                _ => (event, range),
            },
            other => (other, range),
        })
        .collect()
}

/// HTML written in the note becomes text, shown as written; a block of it, a paragraph.
fn escape_raw_html(events: Events<'_>) -> Events<'_> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::HtmlBlock) => (Event::Start(Tag::Paragraph), range),
            Event::End(TagEnd::HtmlBlock) => (Event::End(TagEnd::Paragraph), range),
            Event::Html(html) | Event::InlineHtml(html) => (Event::Text(html), range),
            other => (other, range),
        })
        .collect()
}

/// Rewrites relative links, wiki-links and image sources to the pages and files they name.
struct LinkRewriter<'a, 'b> {
    note: &'a Note,
    /// The id of `note` in `target.notes`.
    note_index: NoteId,
    target: Target<'a>,
    lines: &'a std::cell::OnceCell<LineIndex>,
    diagnostics: &'b mut Vec<Diagnostic>,
    /// Whether the link being rewritten leads nowhere (and was reported).
    broken: bool,
    /// Heading ids and HTML anchors of the notes linked to with a `#fragment`, by note
    /// index, built on first use: one look-up per link, not a scan of the note's sections.
    anchors: HashMap<NoteId, std::collections::HashSet<&'a str>>,
}

impl<'a> LinkRewriter<'a, '_> {
    fn rewrite<'e>(&mut self, events: Events<'e>) -> Events<'e> {
        let mut missing_wiki_link = false;
        events
            .into_iter()
            .map(|(event, range)| {
                let event = match event {
                    Event::Start(Tag::Link {
                        link_type: LinkType::WikiLink { has_pothole },
                        dest_url,
                        title,
                        id,
                    }) => match self.resolve_wiki(&dest_url, range.start) {
                        Some(url) => Event::Start(Tag::Link {
                            link_type: LinkType::WikiLink { has_pothole },
                            dest_url: url.into(),
                            title,
                            id,
                        }),
                        None => {
                            missing_wiki_link = true;
                            self.broken = false;
                            Event::InlineHtml("<span class=\"missing-link\">".into())
                        }
                    },
                    Event::End(TagEnd::Link) if missing_wiki_link => {
                        missing_wiki_link = false;
                        Event::InlineHtml(if self.broken { "</a>" } else { "</span>" }.into())
                    }
                    // `<name@example.com>`: the HTML writer makes it a `mailto:` link.
                    link @ Event::Start(Tag::Link {
                        link_type: LinkType::Email,
                        ..
                    }) => link,
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }) => {
                        self.broken = false;
                        let dest_url = self.resolve(dest_url, range.start, "link");
                        if self.broken {
                            // Already reported with its location; marked so checks of the
                            // output do not report it twice.
                            missing_wiki_link = true;
                            let html = format!(
                                "<a class=\"broken-link\" href=\"{}\">",
                                crate::render::theme::escape_html(&dest_url)
                            );
                            Event::InlineHtml(html.into())
                        } else {
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url,
                                title,
                                id,
                            })
                        }
                    }
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }) => {
                        let dest_url = self.resolve(dest_url, range.start, "image");
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    }
                    Event::Html(html) => Event::Html(self.rewrite_html(html, range.start)),
                    Event::InlineHtml(html) => {
                        Event::InlineHtml(self.rewrite_html(html, range.start))
                    }
                    other => other,
                };
                (event, range)
            })
            .collect()
    }

    /// `href` and `src` attributes of HTML written in the note, resolved like markdown
    /// links: `<img src="../images/x.png">` must reach the image from the page's own folder,
    /// and from the service pages that show the section. One that leads nowhere is left as
    /// written; the whole-site check reports it where the page shows it.
    #[expect(
        clippy::string_slice,
        reason = "cuts are match bounds of the attribute pattern"
    )]
    fn rewrite_html<'e>(&mut self, html: CowStr<'e>, offset: usize) -> CowStr<'e> {
        static URL_ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r#"(?i)(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')"#)
                .expect("valid regex")
        });
        if !URL_ATTR.is_match(&html) {
            return html;
        }
        let mut out = String::with_capacity(html.len() + 16);
        let mut last = 0;
        for capture in URL_ATTR.captures_iter(&html) {
            let (Some(whole), Some(name)) = (capture.get(0), capture.get(1)) else {
                continue;
            };
            let Some(value) = capture.get(2).or_else(|| capture.get(3)) else {
                continue;
            };
            let dest = value.as_str();
            if dest.is_empty() || dest.starts_with('#') || crate::site::urls::is_external(dest) {
                continue;
            }
            let reported = self.diagnostics.len();
            self.broken = false;
            let url = self.resolve(CowStr::from(dest.to_string()), offset, "link");
            self.diagnostics.truncate(reported);
            if self.broken {
                self.broken = false;
                continue;
            }
            out.push_str(&html[last..name.end()]);
            out.push('"');
            out.push_str(&crate::render::theme::escape_html(&url));
            out.push('"');
            last = whole.end();
        }
        if last == 0 {
            return html;
        }
        out.push_str(&html[last..]);
        out.into()
    }

    /// `[[Amazon Bedrock]]`, `[[Bedrock|text]]`, `[[Note title#section]]`, `[[folder/note]]`:
    /// a service, else a note by path, title or file name. `None` (with a warning) when
    /// nothing matches, or when the name is shared by several notes and nothing says which.
    fn resolve_wiki(&mut self, dest: &str, offset: usize) -> Option<String> {
        let (name, fragment) = dest
            .split_once('#')
            .map_or((dest, None), |(n, f)| (n, Some(f)));
        let service_page = self
            .target
            .knowledge
            .services
            .lookup(name)
            .and_then(|s| self.target.site.page_of_service.get(&s));
        let url = match service_page {
            Some(&page) => self.target.site.pages[page].url.clone(),
            None => self.wiki_note_url(dest, name, offset)?,
        };
        let mut url = relative_url(self.target.page_url, &url);
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(&crate::content::slug::slugify(fragment));
        }
        Some(url)
    }

    /// The root-relative URL of the note (or file) a wiki-link names, warning when none or
    /// several match.
    fn wiki_note_url(&mut self, dest: &str, name: &str, offset: usize) -> Option<String> {
        let site = self.target.site;
        let note_path = self.note.path.as_str();
        let key = name.trim().to_lowercase();
        // A path: relative to this note's folder, else (`[[folder/note]]`) from content/.
        let by_path = || {
            site.resolve(note_path, name).or_else(|| {
                name.contains('/')
                    .then(|| site.resolve("", name.trim_start_matches('/')))
                    .flatten()
            })
        };
        if name.contains('/') {
            if let Some((_, url)) = by_path() {
                return Some(url);
            }
        }
        if let Some(pages) = site.shared_titles.get(&key) {
            // A note of that name beside this one is the one meant.
            if let Some((Some(page), url)) = by_path() {
                if pages.contains(&page) {
                    return Some(url);
                }
            }
            let paths: Vec<String> = pages
                .iter()
                .filter_map(|&p| site.pages[p].note)
                .map(|n| &self.target.notes[n])
                .map(|n| (n.shown_path.display().to_string(), wiki_path(&n.path)))
                .map(|(shown, path)| format!("{shown} ([[{path}]])"))
                .collect();
            self.warn(
                offset,
                format!("wiki-link [[{dest}]] is ambiguous: {} notes have that title or file name: {}", paths.len(), paths.join(", ")),
                "write the path of the one you mean from content/, without the extension, as shown in brackets, e.g. [[folder/note]]; or give the notes different titles",
            );
            return None;
        }
        if let Some(&page) = site.page_of_title.get(&key) {
            return Some(site.pages[page].url.clone());
        }
        if let Some((_, url)) = by_path() {
            return Some(url);
        }
        self.warn(
            offset,
            format!("wiki-link [[{dest}]] names no service or note"),
            "write a service name or alias from the catalog, a note's title or file name, or its path from content/ ([[folder/note]])",
        );
        None
    }

    /// The URL to write for `dest`; warns (keeping `dest`) when it leads nowhere.
    fn resolve<'e>(&mut self, dest: CowStr<'e>, offset: usize, what: &str) -> CowStr<'e> {
        if dest.is_empty() || crate::site::urls::is_external(&dest) {
            return dest;
        }
        let (path, fragment) = dest
            .split_once('#')
            .map_or((&*dest, None), |(p, f)| (p, Some(f)));
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            let missing = fragment.filter(|f| {
                !self.has_anchor(self.note_index, &crate::site::urls::percent_decode(f))
            });
            if let Some(fragment) = missing {
                self.warn(offset, format!("{what} to `#{fragment}`, but this note has no heading or anchor with that id"), "use one of the note's heading ids (shown by the # link next to each heading)");
            }
            return self
                .own_page_fragment(fragment.unwrap_or(""))
                .map_or(dest, CowStr::from);
        }
        let (note_path, link) = match path.strip_prefix('/') {
            Some(from_root) => ("", from_root),
            None => (self.note.path.as_str(), path),
        };
        let Some((page, url)) = self.target.site.resolve(note_path, link) else {
            self.warn(
                offset,
                format!("{what} to `{path}`, which is neither a note nor a file in content/"),
                "fix the path (relative to this note's folder), or create the note it points to",
            );
            return dest;
        };
        let mut url = url;
        if let (Some(fragment), Some(page)) = (fragment, page) {
            self.check_fragment(page, fragment, path, offset);
            // A long note's section lives on its chapter's page.
            if let Some(note) = self.target.site.pages[page].note {
                let id = crate::site::urls::percent_decode(fragment);
                url = self
                    .target
                    .site
                    .anchor_page_url(self.target.notes, note, &id)
                    .to_string();
            }
        }
        let mut url = relative_url(self.target.page_url, &url);
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(fragment);
        }
        url.into()
    }

    /// A `#fragment` link rendered away from the note's own page points back to that page.
    /// In a long note, it points to the chapter page that has the anchor.
    fn own_page_fragment(&self, fragment: &str) -> Option<String> {
        let site = self.target.site;
        site.page_of_note.get(&self.note.path)?;
        let id = crate::site::urls::percent_decode(fragment);
        let own_url = site.anchor_page_url(self.target.notes, self.note_index, &id);
        (own_url != self.target.page_url)
            .then(|| format!("{}#{fragment}", relative_url(self.target.page_url, own_url)))
    }

    /// Whether note `note` has a heading id or HTML anchor `id` (as [`Note::has_anchor`]).
    fn has_anchor(&mut self, note: NoteId, id: &str) -> bool {
        let notes: &'a [Note] = self.target.notes;
        self.anchors
            .entry(note)
            .or_insert_with(|| {
                let n = &notes[note];
                let headings = n
                    .sections
                    .iter()
                    .flat_map(|s| std::iter::once(s.id.as_str()).chain(s.github_id.as_deref()));
                headings
                    .chain(n.html_anchors.iter().map(String::as_str))
                    .collect()
            })
            .contains(id)
    }

    fn check_fragment(&mut self, page: PageId, fragment: &str, path: &str, offset: usize) {
        let Some(note) = self.target.site.pages[page].note else {
            return;
        };
        if !self.has_anchor(note, &crate::site::urls::percent_decode(fragment)) {
            self.warn(
                offset,
                format!(
                    "link to `{path}#{fragment}`: that note has no heading or anchor `{fragment}`"
                ),
                "link to one of the target note's heading ids, or drop the #fragment",
            );
        }
    }

    fn warn(&mut self, offset: usize, message: String, hint: &str) {
        self.broken = true;
        if !self.target.id_prefix.is_empty() {
            return; // Gathered sections were already checked when their own note rendered.
        }
        let lines = self
            .lines
            .get_or_init(|| LineIndex::new(&self.note.markdown));
        let (line, column) = self.note.source_line(lines, offset);
        self.diagnostics.push(
            Diagnostic::warning(
                Some(Location::new(&self.note.shown_path, line, column)),
                message,
            )
            .with_hint(hint)
            .about(crate::diagnostics::Topic::BrokenLinkInNote),
        );
    }
}

/// The first mention of each service in each section links to the service's page (title:
/// its summary); the first use of a glossary term in a section becomes a link to its
/// glossary entry carrying the definition, which the theme's `terms.js` opens as a
/// popover. Headings, links, code and (for terms) bold text are left alone.
#[expect(
    clippy::string_slice,
    reason = "cuts are match bounds of the service and glossary matchers"
)]
fn link_mentions<'a>(
    events: Events<'a>,
    note: NoteId,
    mentions: &[crate::knowledge::mentions::Mention],
    knowledge: &Knowledge,
    target: Target<'_>,
) -> Events<'a> {
    // By source offset, so each text finds its mentions by a range look-up.
    let mut wanted: std::collections::BTreeMap<usize, (usize, ServiceId)> = Default::default();
    let mut seen = std::collections::HashSet::new();
    for mention in mentions {
        let Some(source) = mention.source.clone() else {
            continue;
        };
        if mention.in_heading
            || Some(mention.service) == target.current_service
            || !target.site.page_of_service.contains_key(&mention.service)
        {
            continue;
        }
        if seen.insert((mention.section, mention.service)) {
            wanted.insert(source.start, (source.end, mention.service));
        }
    }
    let markdown = &target.notes[note].markdown;
    let mut terms_seen = std::collections::HashSet::new();
    // Terms are marked in notes (a service page shows parts of many) that do not opt out,
    // never in bold text: that is where notes write the term being defined.
    let marks_terms =
        target.notes[note].front_matter.glossary != Some(false) && target.current_service.is_none();
    let glossary_url = target
        .site
        .special
        .glossary
        .map(|page| target.site.pages[page].url.as_str());
    let mut strong = 0usize;
    // The summary is the tooltip of a service's first link on the page only: repeated on
    // every section's link it was a tenth of a note page's markup.
    let mut titled = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut skip = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_),
            ) => skip += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::InlineHtml(html) if html.starts_with("<span class=\"missing-link") => skip += 1,
            Event::InlineHtml(html) if &**html == "</span>" => skip = skip.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        if skip > 0 {
            out.push((event, range));
            continue;
        }
        let section = target.notes[note].section_at(range.start);
        let exact = markdown.get(range.clone()) == Some(&**text);
        let mut cuts: Vec<(Range<usize>, String)> = Vec::new();
        if exact {
            for (&start, &(end, service)) in wanted
                .range(range.start..range.end)
                .filter(|(_, &(e, _))| e <= range.end)
            {
                let page = &target.site.pages[target.site.page_of_service[&service]];
                let summary = knowledge.services.list[service]
                    .summary
                    .as_deref()
                    .unwrap_or("");
                let href = relative_url(target.page_url, &page.url);
                let open = match titled.insert(service) {
                    true => format!(
                        "<a class=\"service-link\" href=\"{}\" title=\"{}\">",
                        crate::render::theme::escape_html(&href),
                        crate::render::theme::escape_html(summary)
                    ),
                    false => format!(
                        "<a class=\"service-link\" href=\"{}\">",
                        crate::render::theme::escape_html(&href)
                    ),
                };
                cuts.push((start - range.start..end - range.start, open));
            }
        }
        let marks_here = marks_terms && strong == 0;
        for (term_range, term) in knowledge.glossary.find(text).filter(|_| marks_here) {
            let overlaps = cuts
                .iter()
                .any(|(r, _)| r.start < term_range.end && term_range.start < r.end);
            if overlaps || !terms_seen.insert((section, term)) {
                continue;
            }
            let Some(glossary) = glossary_url else {
                continue;
            };
            let term = &knowledge.glossary.terms[term];
            let href = format!("{}#{}", relative_url(target.page_url, glossary), term.slug);
            cuts.push((
                term_range,
                format!(
                    "<a class=\"term\" href=\"{}\" data-definition=\"{}\">",
                    crate::render::theme::escape_html(&href),
                    crate::render::theme::escape_html(
                        knowledge
                            .glossary
                            .definition(term, &knowledge.glossary_entries)
                    )
                ),
            ));
        }
        if cuts.is_empty() {
            out.push((event, range));
            continue;
        }
        cuts.sort_by_key(|(r, _)| r.start);
        let mut at = 0;
        for (cut, open) in cuts {
            let close = "</a>";
            out.push((
                Event::Text(text[at..cut.start].to_string().into()),
                range.clone(),
            ));
            out.push((Event::InlineHtml(open.into()), range.clone()));
            out.push((
                Event::Text(text[cut.clone()].to_string().into()),
                range.clone(),
            ));
            out.push((Event::InlineHtml(close.into()), range.clone()));
            at = cut.end;
        }
        out.push((Event::Text(text[at..].to_string().into()), range));
    }
    out
}

/// How a wiki-link names a note by path: its path from `content/` without the extension.
fn wiki_path(note_path: &str) -> &str {
    match note_path.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
        _ => note_path,
    }
}

/// `$...$` and `$$...$$` become MathML.
fn render_math(events: Events<'_>) -> Events<'_> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::InlineMath(tex) => (
                Event::InlineHtml(math::to_mathml(&tex, false).into()),
                range,
            ),
            Event::DisplayMath(tex) => {
                (Event::InlineHtml(math::to_mathml(&tex, true).into()), range)
            }
            other => (other, range),
        })
        .collect()
}

/// Task-list boxes get an accessible name ("Done" / "Not done"), so screen readers do not
/// announce a bare, unnamed checkbox.
fn label_task_boxes(events: Events<'_>) -> Events<'_> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::TaskListMarker(done) => {
                let html = if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                };
                (Event::InlineHtml(html.into()), range)
            }
            other => (other, range),
        })
        .collect()
}

/// Code blocks become highlighted `<pre class="code">` blocks (escaped when the language is unknown).
fn highlight_code(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String, Range<usize>)> = None;
    for (event, range) in events {
        match (event, &mut block) {
            (Event::Start(Tag::CodeBlock(kind)), _) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((language, String::new(), range));
            }
            (Event::Text(text), Some((_, code, _))) => code.push_str(&text),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let (language, code, range) = block.take().expect("inside a code block");
                out.push((Event::Html(code_block_html(&code, &language).into()), range));
            }
            (event, _) => out.push((event, range)),
        }
    }
    out
}

fn code_block_html(code: &str, language: &str) -> String {
    let body = highlight::highlight(code, language)
        .unwrap_or_else(|| crate::render::theme::escape_html(code));
    if language.is_empty() {
        return format!("<pre class=\"code\"><code>{body}</code></pre>\n");
    }
    // The language is shown as a label, so the fence's words stay on the page.
    let language = crate::render::theme::escape_html(language);
    format!("<pre class=\"code\" data-lang=\"{language}\"><span class=\"code-lang\">{language}</span><code>{body}</code></pre>\n")
}

/// Tables get a wrapper that scrolls sideways on narrow screens.
fn wrap_tables(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len() + 2);
    for (event, range) in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push((
                    Event::Html("<div class=\"table-wrap\">".into()),
                    range.clone(),
                ));
                out.push((event, range));
            }
            Event::End(TagEnd::Table) => {
                out.push((event, range.clone()));
                out.push((Event::Html("</div>\n".into()), range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Footnotes are numbered in order of first reference, with ids that carry the page's prefix;
/// a reference whose definition is outside the rendered range shows its number unlinked.
fn number_footnotes<'a>(events: Events<'a>, prefix: &str) -> Events<'a> {
    let defined: std::collections::HashSet<String> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::FootnoteDefinition(name)) => Some(name.to_string()),
            _ => None,
        })
        .collect();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut number_of = |name: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(name.to_string()).or_insert(next)
    };
    let mut referenced = std::collections::HashSet::new();
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::FootnoteReference(name) => {
                let n = number_of(&name);
                let id = crate::content::slug::slugify(&name);
                let html = if defined.contains(&*name) {
                    let back = if referenced.insert(name.to_string()) { format!(" id=\"{prefix}fnref-{id}\"") } else { String::new() };
                    format!("<sup class=\"footnote-reference\"{back}><a href=\"#{prefix}fn-{id}\">{n}</a></sup>")
                } else {
                    format!("<sup class=\"footnote-reference\">{n}</sup>")
                };
                (Event::InlineHtml(html.into()), range)
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = number_of(&name);
                let id = crate::content::slug::slugify(&name);
                let html = format!("<div class=\"footnote-definition\" id=\"{prefix}fn-{id}\"><sup class=\"footnote-definition-label\">{n}</sup>");
                (Event::Html(html.into()), range)
            }
            Event::End(TagEnd::FootnoteDefinition) => (Event::Html("</div>\n".into()), range),
            other => (other, range),
        })
        .collect()
}

/// Headings get the ids of the outline and a hover anchor; the title heading may be dropped.
fn anchor_headings<'a>(
    events: Events<'a>,
    sections: &[crate::content::Section],
    skip_first: bool,
    prefix: &str,
    shift: i8,
) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len());
    let mut ids = sections
        .iter()
        .filter(|s| s.level > 0)
        .map(|s| (s.id.as_str(), s.github_id.as_deref()));
    let mut heading: Option<(Vec<String>, Events<'a>, Range<usize>)> = None;
    let mut seen = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { classes, .. }) => {
                heading = Some((
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                    range,
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                let (classes, inner, range) = heading.take().expect("inside a heading");
                let (id, github_id) = ids.next().unwrap_or(("", None));
                // GitHub's id, where it differs, as an empty element links can land on.
                let alias = github_id.map_or(String::new(), |alias| {
                    format!(
                        "<span class=\"anchor-alias\" id=\"{}\"></span>",
                        crate::render::theme::escape_html(&format!("{prefix}{alias}"))
                    )
                });
                seen += 1;
                if skip_first && seen == 1 {
                    // The page shows this heading as its title: its ids, and the anchors
                    // written inside it, stay link targets.
                    let written = inner.iter().filter_map(|(e, _)| match e {
                        Event::InlineHtml(html) => Some(html),
                        _ => None,
                    });
                    let html: String = std::iter::once(id.to_string())
                        .chain(written.flat_map(|html| html_anchor_ids(html)))
                        .map(|id| {
                            format!(
                                "<span class=\"anchor-alias\" id=\"{}\"></span>",
                                crate::render::theme::escape_html(&format!("{prefix}{id}"))
                            )
                        })
                        .chain([alias, "\n".to_string()])
                        .collect();
                    out.push((Event::Html(html.into()), range));
                    continue;
                }
                let mut inner_html = String::new();
                pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter().map(|(e, _)| e));
                let class_attr = if classes.is_empty() {
                    String::new()
                } else {
                    format!(
                        " class=\"{}\"",
                        crate::render::theme::escape_html(&classes.join(" "))
                    )
                };
                let id = crate::render::theme::escape_html(&format!("{prefix}{id}"));
                let level = format!("h{}", (level as i8 + shift).clamp(1, 6));
                // The "#" link beside each heading is added by the theme's script
                // (`notesite.js`): it carries nothing a reader without it misses (the
                // contents list links every heading), and was 0.9 KB of a note page.
                let html =
                    format!("<{level} id=\"{id}\"{class_attr}>{alias}{inner_html}</{level}>\n");
                out.push((Event::Html(html.into()), range));
            }
            other => match heading.as_mut() {
                Some((_, inner, _)) => inner.push((other, range)),
                None => out.push((other, range)),
            },
        }
    }
    out
}
