//! A note's outline: its headings with stable ids, the sections they open, its HTML anchors.
//!
//! Input: a note's markdown. Output: [`Outline`] (sections, anchors, first heading, word
//! count) and located warnings such as an unclosed code fence. The renderer gives headings
//! the same ids, because both walk the same pulldown-cmark events in the same order.

use super::slug::{slugify, UniqueIds, RESERVED_IDS};
use super::Section;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

pub use notesite_ingest::markdown_options;

/// What [`outline`] finds in a note.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Sections in order; a lead-in section (level 0) comes first when text precedes the first heading.
    pub sections: Vec<Section>,
    /// Ids from raw HTML (`<a name="x">`, `id="x"`).
    pub html_anchors: Vec<String>,
    /// Words in the note's text.
    pub word_count: usize,
    /// Byte offsets of fenced code blocks that run to the end of the note unclosed.
    pub unclosed_fences: Vec<usize>,
    /// Explicit heading ids (`{#id}`) that could not be kept because they were taken.
    pub clashing_ids: Vec<ClashingId>,
}

/// An explicit heading id (`{#id}`) already taken by an earlier explicit id or by the page
/// template, so the heading got another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashingId {
    /// Index of the heading's section in [`Outline::sections`].
    pub section: usize,
    /// Byte offset of the `#id` in the markdown (the heading's start when not found).
    pub offset: usize,
    /// The id as written.
    pub wanted: String,
    /// The id the heading got instead.
    pub given: String,
}

/// One heading as the renderer needs it: its level and final id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingId {
    /// 1–6.
    pub level: u8,
    /// Unique id on the page.
    pub id: String,
}

static ANCHOR_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
});

/// The ids HTML gives its elements (`id="x"`, `<a name="x">`).
pub fn html_anchor_ids(html: &str) -> impl Iterator<Item = String> + '_ {
    ANCHOR_ATTR.captures_iter(html).filter_map(|capture| {
        capture
            .get(1)
            .or_else(|| capture.get(2))
            .map(|id| id.as_str().to_string())
    })
}

/// Read the outline of a note's markdown. `line_of` maps a byte offset to a source line.
#[expect(
    clippy::string_slice,
    reason = "ranges are offsets the markdown parser reported"
)]
pub fn outline(markdown: &str, line_of: impl Fn(usize) -> usize) -> Outline {
    let mut result = Outline::default();
    let mut explicit_ids: Vec<Option<String>> = Vec::new();
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut code_start: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    range.start,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, start, text)) = heading.take() {
                    let text = text.trim().to_string();
                    explicit_ids.push(custom.filter(|c| !c.is_empty()));
                    sections.push(Section {
                        id: String::new(),
                        heading: text,
                        level,
                        range: start..start,
                        line: line_of(start),
                        github_id: None,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                code_start = Some(range.start)
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = code_start.take() {
                    if !fence_is_closed(&markdown[start..range.end]) {
                        result.unclosed_fences.push(start);
                    }
                }
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                result.word_count += text.split_whitespace().count();
                if let Some((_, _, _, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, _, heading_text)) = heading.as_mut() {
                    heading_text.push(' ');
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                result.html_anchors.extend(html_anchor_ids(&html));
            }
            _ => {}
        }
    }
    result.clashing_ids = assign_ids(&mut sections, &explicit_ids, markdown);
    assign_github_ids(&mut sections, &result.html_anchors);
    result.sections = with_ranges(sections, markdown, &line_of);
    if result.sections.first().is_some_and(|s| s.level == 0) {
        for clash in &mut result.clashing_ids {
            clash.section += 1;
        }
    }
    result
}

/// Give every heading its id: explicit ids (`{#id}`) first, kept exactly as written, then
/// automatic ids from the heading text, which move aside (`-1`, `-2`, ...) for any id taken.
/// Returns the explicit ids that clashed (with an earlier explicit id or a template id).
fn assign_ids(
    sections: &mut [Section],
    explicit_ids: &[Option<String>],
    markdown: &str,
) -> Vec<ClashingId> {
    let mut ids = UniqueIds::with_reserved(RESERVED_IDS);
    let mut clashes = Vec::new();
    for (section, wanted) in sections.iter_mut().zip(explicit_ids) {
        if let Some(wanted) = wanted {
            if ids.take_exact(wanted) {
                section.id = wanted.clone();
            }
        }
    }
    for (index, (section, wanted)) in sections.iter_mut().zip(explicit_ids).enumerate() {
        if !section.id.is_empty() {
            continue;
        }
        match wanted {
            Some(wanted) => {
                section.id = ids.take(wanted);
                clashes.push(ClashingId {
                    section: index,
                    offset: id_offset(markdown, section.range.start, wanted),
                    wanted: wanted.clone(),
                    given: section.id.clone(),
                });
            }
            None => section.id = ids.take(&slugify(&section.heading)),
        }
    }
    clashes
}

/// Give each heading GitHub's id for it as an alias where that differs from ours and is not
/// any other anchor of the note: `VPC & Subnets Primer` is `vpc-subnets-primer` here and
/// `vpc--subnets-primer` on GitHub, and notes written on GitHub link to the latter.
fn assign_github_ids(sections: &mut [Section], html_anchors: &[String]) {
    let mut taken: std::collections::HashSet<String> = sections
        .iter()
        .map(|s| s.id.clone())
        .chain(html_anchors.iter().cloned())
        .chain(RESERVED_IDS.iter().map(|s| s.to_string()))
        .collect();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for section in sections.iter_mut() {
        let base = github_slug(&section.heading);
        // GitHub numbers repeats of a slug `-1`, `-2`, ... in document order.
        let mut id = base.clone();
        while let Some(count) = seen.get_mut(&id) {
            *count += 1;
            id = format!("{base}-{count}");
        }
        seen.insert(id.clone(), 0);
        if id != section.id && !id.is_empty() && taken.insert(id.clone()) {
            section.github_id = Some(id);
        }
    }
}

/// GitHub's heading id: lower case, punctuation and symbols dropped, each space a `-`
/// (so `A & B` gives `a--b`: no runs are merged).
pub fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Where `#id` is written on the heading line that starts at `start` (else `start`).
#[expect(
    clippy::string_slice,
    reason = "the heading starts where the parser said; the line ends at an ASCII newline"
)]
fn id_offset(markdown: &str, start: usize, id: &str) -> usize {
    let line_end = markdown[start..]
        .find('\n')
        .map_or(markdown.len(), |i| start + i);
    markdown[start..line_end]
        .rfind(&format!("#{id}"))
        .map_or(start, |i| start + i)
}

/// A slide export's title slide: the deck's name on a line of its own right before its
/// first agenda ("Course name", then "What we'll cover: …" over a list). The first contents
/// heading among `sections[..before]` that follows a paragraph of one short line (2 to 15
/// words, not ending as a sentence or a label does) gives that line; the caller passes the
/// heading that would otherwise title the note, so the line wins over a heading that only
/// comes after the deck's agendas.
pub fn title_slide_line(markdown: &str, sections: &[Section], before: usize) -> Option<String> {
    (0..before.min(sections.len()))
        .filter(|&i| i > 0 && sections[i].level > 0 && is_contents_heading(markdown, sections, i))
        .find_map(|i| {
            let before = markdown.get(sections[i - 1].range.start..sections[i].range.start)?;
            let line = last_block_if_lone_line(before)?;
            let words = line.split_whitespace().count();
            let ends_as_sentence = line.ends_with(['.', ':', '?', '!', ';', ',']);
            ((2..=15).contains(&words)
                && !ends_as_sentence
                && line.chars().any(char::is_alphabetic))
            .then_some(line)
        })
}

/// The text of `markdown`'s last top-level block when it is a paragraph of one line of
/// plain text (no link, image or markup beyond emphasis).
fn last_block_if_lone_line(markdown: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut last: Option<Option<String>> = None;
    let mut current = String::new();
    let mut plain = true;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    current.clear();
                    plain = matches!(tag, Tag::Paragraph);
                } else if !matches!(tag, Tag::Emphasis | Tag::Strong) {
                    plain = false;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    last = Some(plain.then(|| current.trim().to_string()));
                }
            }
            Event::Text(t) if depth > 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain = false,
            Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => {
                plain = false;
            }
            _ => {}
        }
    }
    last.flatten().filter(|line| !line.is_empty())
}

/// The words of a heading or list item as a set, for comparing titles: lower-cased, a
/// possessive or plural `s` dropped ("FM's", "FMs" and "FM" are one word).
fn heading_words(text: &str) -> std::collections::HashSet<String> {
    slugify(text)
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w
                .strip_suffix("s")
                .filter(|rest| rest.len() >= 2)
                .unwrap_or(w);
            w.to_string()
        })
        .collect()
}

/// Whether the heading of `sections[index]` opens a contents list ("Table of Contents",
/// "Agenda", "What we'll cover", in any words): the first thing under it is a list of at
/// least two items, at least half of which link into the note (`#...`, `#` alone included)
/// or name one of its other headings. Such a heading is no title for the note.
pub fn is_contents_heading(markdown: &str, sections: &[Section], index: usize) -> bool {
    let Some(section) = sections.get(index).filter(|s| s.level > 0) else {
        return false;
    };
    let text = markdown.get(section.range.clone()).unwrap_or("");
    let mut events = Parser::new_ext(text, markdown_options());
    // The heading, then the first block under it.
    if !events.any(|e| matches!(e, Event::End(TagEnd::Heading(_)))) {
        return false;
    }
    if !matches!(events.next(), Some(Event::Start(Tag::List(_)))) {
        return false;
    }
    // The list's first items (a contents list shows what it is by then; a list of 60,000
    // items is not read to its end): each one's text and whether it links into the note.
    let mut items: Vec<(String, bool)> = Vec::new();
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut depth = 1usize;
    for event in events {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Start(Tag::Item) => open.push((String::new(), false)),
            Event::End(TagEnd::Item) => {
                items.extend(open.pop());
                if items.len() == CONTENTS_ITEMS_READ {
                    break;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                if let Some(item) = open.last_mut() {
                    item.1 = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(item) = open.last_mut() {
                    item.0.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if items.len() < 2 {
        return false;
    }
    // Each other heading as its set of words. An item names a heading when either's words
    // all occur in the other ("Guardrails" and "Guardrails for Amazon Bedrock", "Foundation
    // Models (FMs)" and "Foundation Models"): agenda slides shorten or lengthen the titles
    // of the parts they announce. An item lengthens a heading of two words or more only: one
    // word ("Socks") inside a longer item ("warm socks") is a word shared, not a title.
    let others: Vec<std::collections::HashSet<String>> = sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| i != index && s.level > 0)
        .map(|(_, s)| heading_words(&s.heading))
        .filter(|words| !words.is_empty())
        .collect();
    let names_a_heading = |text: &str| {
        let words = heading_words(text);
        !words.is_empty()
            && others
                .iter()
                .any(|other| words.is_subset(other) || other.len() >= 2 && other.is_subset(&words))
    };
    let naming = items
        .iter()
        .filter(|(text, links_inside)| *links_inside || names_a_heading(text))
        .count();
    naming * 2 >= items.len()
}

/// How many items of a list [`is_contents_heading`] reads.
const CONTENTS_ITEMS_READ: usize = 40;

/// The heading ids of a note in document order, as [`outline`] assigns them.
pub fn heading_ids(sections: &[Section]) -> Vec<HeadingId> {
    sections
        .iter()
        .filter(|s| s.level > 0)
        .map(|s| HeadingId {
            level: s.level,
            id: s.id.clone(),
        })
        .collect()
}

/// Give each section the byte range up to the next heading, and add a lead-in section.
#[expect(
    clippy::string_slice,
    reason = "ranges are offsets the markdown parser reported"
)]
fn with_ranges(
    mut sections: Vec<Section>,
    markdown: &str,
    line_of: &impl Fn(usize) -> usize,
) -> Vec<Section> {
    let ends: Vec<usize> = sections
        .iter()
        .skip(1)
        .map(|s| s.range.start)
        .chain(std::iter::once(markdown.len()))
        .collect();
    for (section, end) in sections.iter_mut().zip(ends) {
        section.range.end = end;
    }
    let first = sections.first().map_or(markdown.len(), |s| s.range.start);
    if !markdown[..first].trim().is_empty() {
        sections.insert(
            0,
            Section {
                id: String::new(),
                heading: String::new(),
                level: 0,
                range: 0..first,
                line: line_of(0),
                github_id: None,
            },
        );
    }
    sections
}

/// Whether a fenced block's source ends with a closing fence like its opening one.
fn fence_is_closed(block: &str) -> bool {
    let mut lines = block.lines();
    let Some(open) = lines.next().map(str::trim_start) else {
        return true;
    };
    let marker = open.chars().next().unwrap_or('`');
    let width = open.chars().take_while(|&c| c == marker).count();
    let last = block.trim_end().lines().last().unwrap_or("").trim();
    block.trim_end().lines().count() > 1
        && last.chars().all(|c| c == marker)
        && last.chars().count() >= width
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_get_unique_readable_ids_and_ranges() {
        let md = "Intro text\n\n## Pricing\nA\n\n## Pricing\nB\n\n### Use `boto3` {#custom}\nC\n";
        let o = outline(md, |offset| md[..offset].matches('\n').count() + 1);
        let ids: Vec<_> = o.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["", "pricing", "pricing-1", "custom"]);
        assert_eq!(o.sections[3].heading, "Use boto3");
        assert_eq!(o.sections[1].line, 3);
        assert_eq!(&md[o.sections[2].range.clone()], "## Pricing\nB\n\n");
        assert!(o.clashing_ids.is_empty());
    }

    #[test]
    fn explicit_ids_keep_their_value_and_automatic_ids_move_aside() {
        let md = "## Intro\n\n## Intro\n\n## Later {#intro-1}\n\n## Start {#intro}\n";
        let o = outline(md, |_| 1);
        let ids: Vec<_> = o.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["intro-2", "intro-3", "intro-1", "intro"]);
        assert!(o.clashing_ids.is_empty());
    }

    #[test]
    fn clashing_explicit_ids_are_reported_where_written() {
        let md = "Lead\n\n## A {#same}\n\n## B {#same}\n\n## C {#toc}\n";
        let o = outline(md, |_| 1);
        let ids: Vec<_> = o.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["", "same", "same-1", "toc-1"]);
        let clashes: Vec<_> = o
            .clashing_ids
            .iter()
            .map(|c| (c.section, &md[c.offset..c.offset + 5], c.given.as_str()))
            .collect();
        assert_eq!(clashes, [(2, "#same", "same-1"), (3, "#toc}", "toc-1")]);
    }

    #[test]
    fn headings_keep_githubs_id_as_an_alias_where_it_differs() {
        let md = "## VPC & Subnets Primer\n\n## Support Plan (24/7)\n\n## Plain\n\n## A & B\n\n## A & B\n";
        let o = outline(md, |_| 1);
        let ids: Vec<_> = o
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.github_id.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("vpc-subnets-primer", Some("vpc--subnets-primer")),
                ("support-plan-24-7", Some("support-plan-247")),
                ("plain", None),
                ("a-b", Some("a--b")),
                ("a-b-1", Some("a--b-1")),
            ]
        );
        assert_eq!(
            github_slug("Amazon S3: Storage Classes"),
            "amazon-s3-storage-classes"
        );
        assert_eq!(github_slug("What’s new?"), "whats-new");
    }

    #[test]
    fn a_heading_over_a_list_naming_the_notes_headings_is_a_contents_heading() {
        let md = "## Table of Contents\n\n- [Alpha](#)\n- [Beta](#beta)\n- Gamma\n\n\
                  ## Overview\n\n- Alpha basics\n- Beta\n\n## Alpha basics\n\nText.\n\n\
                  ## Beta\n\n- one\n- two\n\n## Gamma rays\n";
        let o = outline(md, |_| 1);
        let contents: Vec<bool> = (0..o.sections.len())
            .map(|i| is_contents_heading(md, &o.sections, i))
            .collect();
        assert_eq!(contents, [true, true, false, false, false]);
        let plain = "## Contents of the box\n\nA paragraph first.\n\n- [x](#)\n- [y](#)\n";
        let o = outline(plain, |_| 1);
        assert!(
            !is_contents_heading(plain, &o.sections, 0),
            "decided by the list, not the words"
        );
    }

    #[test]
    fn agenda_items_name_headings_they_shorten_or_lengthen() {
        let md = "## What we will see\n\n- Guardrails\n- Foundation Models (FM's)\n- Billing\n\n\
                  ## Guardrails for the model\n\nText.\n\n## Foundation Model\n\nText.\n";
        let o = outline(md, |_| 1);
        assert!(is_contents_heading(md, &o.sections, 0));
        let unrelated = "## Packing list\n\n- warm socks\n- a torch\n\n## Socks\n\nText.\n";
        let o = outline(unrelated, |_| 1);
        assert!(
            !is_contents_heading(unrelated, &o.sections, 0),
            "one word shared is not enough"
        );
    }

    #[test]
    fn a_lone_line_before_an_agenda_is_the_decks_title() {
        let deck = |line: &str| {
            format!(
                "## Contents\n\n- [Alpha](#)\n- [Beta](#)\n\n{line}\n\n\
                 ## Today\n\n- Alpha\n- Beta\n\n## Alpha\n\nText.\n\n## Beta\n\nText.\n"
            )
        };
        let title = |md: &str| title_slide_line(md, &outline(md, |_| 1).sections, 2);
        assert_eq!(
            title(&deck("Greek Letters 101")).as_deref(),
            Some("Greek Letters 101")
        );
        for not_a_name in [
            "This deck covers the letters.",
            "Notes:",
            "Solo",
            "[Greek Letters](https://example.com)",
            "Greek Letters\nfor beginners",
        ] {
            assert_eq!(title(&deck(not_a_name)), None, "{not_a_name:?}");
        }
    }

    #[test]
    fn html_anchors_and_unclosed_fences_are_found() {
        let md =
            "<a name=\"exam-tips\"></a>\n\ntext <span id='x'>y</span>\n\n```python\nprint(1)\n";
        let o = outline(md, |_| 1);
        assert_eq!(o.html_anchors, ["exam-tips", "x"]);
        assert_eq!(o.unclosed_fences.len(), 1);
        let closed = outline("```\ncode\n```\n", |_| 1);
        assert!(closed.unclosed_fences.is_empty());
    }
}
