//! Structure recovery ("ingest"): plain-text notes, heading-less markdown and markdown with
//! bold "headings" become clean markdown with an outline.
//!
//! Input: a note's text and what it was written as ([`NoteKind`], which also owns each
//! format's extensions and `to_markdown`). Output: [`Recovered`] — CommonMark (plus
//! GFM tables, footnotes and `$` math) for the normal pipeline, the outline found, and
//! warnings with 1-based line numbers.
//!
//! How it works, in passes that are each linear in the input:
//! 1. `lines`: split lines (CRLF, CR, BOM); in plain text, split `Title**Label:**` glued lines.
//! 2. `blocks`: group lines into units — blank, fence, `$$` block, ATX/setext heading,
//!    list item, text line, table (pipe or tab-separated), unfenced code run, rule.
//! 3. `heads`: decide which units are headings (written, numbered, title lines, labels)
//!    and give them levels 2–6 with no gaps.
//! 4. `plain` rebuilds plain text as markdown (escaping what markdown would swallow);
//!    `markdown` keeps markdown as written except headings and money `$`.
//!
//! Nothing is lost: every word of a plain-text input appears in the rendered page, in order
//! (the tests check this on fixtures and on the seed notes).

#![cfg_attr(not(test), warn(clippy::string_slice))]

mod as_is;
mod blocks;
mod format;
mod heads;
mod inline;
mod lines;
mod markdown;
mod plain;
mod table;

pub use as_is::as_is_plain_text;
pub use format::{NoteKind, Structure};

/// The markdown dialect of every note: CommonMark plus GFM tables, footnotes,
/// strikethrough, task lists, heading attributes and `$` math.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
        | pulldown_cmark::Options::ENABLE_MATH
        | pulldown_cmark::Options::ENABLE_GFM
        | pulldown_cmark::Options::ENABLE_WIKILINKS
}

#[cfg(test)]
mod tests;

use heads::{find_headings, Guess};

/// One heading found in the recovered outline (for `import --check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineHeading {
    /// Level in the recovered markdown, 2–6 (h1 is the page title).
    pub level: u8,
    /// The heading text without section number, markup or trailing colon.
    pub text: String,
    /// 1-based line in the input.
    pub line: usize,
}

/// The recovered markdown.
#[derive(Debug, Clone, Default)]
pub struct Recovered {
    /// Markdown for the normal pipeline.
    pub markdown: String,
    /// Headings in order.
    pub outline: Vec<OutlineHeading>,
    /// Things worth telling the author: (1-based input line, message).
    pub warnings: Vec<(usize, String)>,
}

/// Recover structure from `text`: plain text is recovered and escaped throughout; in
/// markdown only headings (and money `$`) are touched.
pub fn recover(text: &str, kind: NoteKind) -> Recovered {
    let plain = kind == NoteKind::PlainText;
    let lines = lines::split_lines(text, plain);
    if lines.iter().all(|l| lines::is_blank(l.text)) {
        return Recovered::default();
    }
    let units = blocks::classify(&lines, plain);
    let guess = Guess {
        written: true,
        structure: plain || !heads::has_written_headings(&lines, &units),
        bold_labels: true,
        plain,
    };
    let found = find_headings(&lines, &units, guess);
    let (markdown, warnings) = if plain {
        plain::emit(&lines, &units, &found)
    } else {
        markdown::emit(&lines, &units, &found)
    };
    let outline = found
        .iter()
        .map(|h| OutlineHeading {
            level: h.level,
            text: h.outline.clone(),
            line: lines[units[h.unit].start].no,
        })
        .collect();
    Recovered {
        markdown,
        outline,
        warnings,
    }
}

/// Should recovery run on this markdown? True when it has no ATX/setext headings, or has
/// bold-only heading lines, bold-wrapped headings, or a heading that skips a level.
pub fn markdown_needs_recovery(text: &str) -> bool {
    let lines = lines::split_lines(text, false);
    let units = blocks::classify(&lines, false);
    !heads::has_written_headings(&lines, &units)
        || heads::has_bold_heading_lines(&lines, &units)
        || heads::has_messy_written_headings(&lines, &units)
}
