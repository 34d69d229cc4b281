//! Finding the outline: which units are headings, of what kind, and at which level.
//!
//! Input: [`Unit`]s and their lines. Output: one [`Heading`] per heading unit, levels
//! normalised so the first is h2 and no heading is more than one level below the one it
//! follows.

use super::blocks::{Kind, Unit};
use super::inline::{bold_only, outline_text};
use super::lines::{indent, Line};
use std::collections::HashSet;

/// What made a unit a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeadKind {
    /// `## Text` (or a setext heading); the written level.
    Written(u8),
    /// `1.2.3 Text`: depth of the numbering.
    Numbered(u8),
    /// A short title line followed by a list, table, code, a `Definition:` line, a label, or
    /// (on a slide boundary) a paragraph.
    Title,
    /// `Label:` or a bold-only line that introduces a list or table. Never a parent.
    Label,
}

/// A heading found in the units.
#[derive(Debug, Clone)]
pub(super) struct Heading {
    /// Index of the unit.
    pub unit: usize,
    pub kind: HeadKind,
    /// Heading text as written (number kept, bold and trailing colon dropped).
    pub text: String,
    /// Text for the outline (no number prefix, no markup).
    pub outline: String,
    /// Final level, 2–6.
    pub level: u8,
}

/// Which guesses to make.
#[derive(Debug, Clone, Copy)]
pub(super) struct Guess {
    /// Headings written with `#` (or setext) count.
    pub written: bool,
    /// Numbered lines, title lines and plain `Label:` lines may become headings.
    pub structure: bool,
    /// Bold-only lines that introduce a list may become headings.
    pub bold_labels: bool,
    /// The source is plain text: `#` lines must read like headings to count.
    pub plain: bool,
}

/// Words that don't count when judging whether a line is written in title case.
const SMALL_WORDS: [&str; 20] = [
    "a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "with", "vs", "vs.", "at", "by",
    "from", "into", "per", "via", "&",
];

/// Find the headings among `units`.
pub(super) fn find_headings(lines: &[Line<'_>], units: &[Unit], guess: Guess) -> Vec<Heading> {
    let text_of = |u: &Unit| lines[u.start].text;
    let numbered_parents = if guess.structure {
        numbered_parents(lines, units)
    } else {
        HashSet::new()
    };
    let mut found: Vec<Heading> = Vec::new();
    let mut last_heading_unit: Option<usize> = None;
    for (ui, u) in units.iter().enumerate() {
        if u.end == u.start {
            continue;
        }
        let prev_is_break = ui == 0
            || matches!(units[ui - 1].kind, Kind::Blank | Kind::Rule)
            || last_heading_unit == Some(ui - 1)
            || units[..ui]
                .iter()
                .all(|p| matches!(p.kind, Kind::Blank) || p.end == p.start);
        let next_is_break = units
            .get(ui + 1)
            .is_none_or(|n| matches!(n.kind, Kind::Blank));
        let heading = match u.kind {
            Kind::Atx { level } if guess.written => written_heading(text_of(u), guess.plain)
                .map(|(text, outline)| (HeadKind::Written(level), text, outline)),
            Kind::Setext { level } if guess.written => {
                let joined: Vec<&str> = lines[u.start..u.end - 1]
                    .iter()
                    .map(|l| l.text.trim())
                    .collect();
                let joined = joined.join(" ");
                let outline = outline_text(&joined);
                let plain_ok =
                    !guess.plain || (joined.chars().count() <= 100 && !joined.ends_with('.'));
                (!outline.is_empty() && plain_ok)
                    .then(|| (HeadKind::Written(level), clean_heading(&joined), outline))
            }
            Kind::Text | Kind::Item(_) if guess.structure && prev_is_break && next_is_break => {
                let t = text_of(u).trim();
                numbered_heading(t, &numbered_parents)
                    .map(|(depth, rest)| {
                        (
                            HeadKind::Numbered(depth),
                            clean_heading(t),
                            outline_text(rest),
                        )
                    })
                    .or_else(|| {
                        (matches!(u.kind, Kind::Text) && indent(text_of(u)).0 < 4)
                            .then(|| title_or_label(lines, units, ui, guess, &numbered_parents))
                            .flatten()
                    })
            }
            Kind::Text
                if prev_is_break
                    && indent(text_of(u)).0 < 4
                    && (guess.structure || guess.bold_labels) =>
            {
                title_or_label(lines, units, ui, guess, &numbered_parents)
            }
            _ => None,
        };
        if let Some((kind, text, outline)) = heading {
            found.push(Heading {
                unit: ui,
                kind,
                text,
                outline,
                level: 0,
            });
            last_heading_unit = Some(ui);
        }
    }
    assign_levels(&mut found);
    found
}

/// An ATX heading's text, cleaned: (markdown text, outline text). `None` when plain text has
/// a `#` line that isn't meant as a heading (`# of items`).
fn written_heading(line: &str, plain: bool) -> Option<(String, String)> {
    let (_, text) = super::lines::atx_heading(line)?;
    let outline = outline_text(text);
    if outline.is_empty() {
        return None;
    }
    if plain {
        let first = text
            .trim_start_matches(['*', '_', '"', '“', '\'', '(', '[', '`'])
            .chars()
            .next();
        if !first.is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_ascii())
            || text.chars().count() > 150
        {
            return None;
        }
    }
    Some((clean_heading(text), outline))
}

/// Heading text for the markdown: bold wrapper and trailing colon dropped.
fn clean_heading(text: &str) -> String {
    let t = text.trim();
    let t = bold_only(t).unwrap_or_else(|| t.to_string());
    t.trim_end().trim_end_matches(':').trim_end().to_string()
}

/// First components `N` of depth-2+ numbered headings (`N.x …`): evidence that `N. Title`
/// lines are numbered sections rather than list items.
fn numbered_parents(lines: &[Line<'_>], units: &[Unit]) -> HashSet<u64> {
    let mut parents = HashSet::new();
    for u in units {
        if matches!(u.kind, Kind::Text | Kind::Item(_)) && u.end > u.start {
            if let Some((comps, rest)) = numbering(lines[u.start].text.trim()) {
                if comps.len() >= 2 && numbered_title_ok(rest) {
                    parents.insert(comps[0]);
                }
            }
        }
    }
    parents
}

/// `1.2.3 Rest` / `2. 3. Rest` / `4. Rest` → (components, rest).
#[expect(
    clippy::string_slice,
    reason = "offsets count ASCII digits, dots and spaces"
)]
fn numbering(t: &str) -> Option<(Vec<u64>, &str)> {
    let b = t.as_bytes();
    let mut comps = Vec::new();
    let mut i = 0;
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        comps.push(t[i..i + digits].parse().ok()?);
        i += digits;
        // Another component: `.` then an optional space then digits.
        if b.get(i) == Some(&b'.') {
            let after = i + 1 + usize::from(b.get(i + 1) == Some(&b' '));
            if b.get(after).is_some_and(u8::is_ascii_digit) && comps.len() < 6 {
                i = after;
                continue;
            }
        }
        break;
    }
    let dotted = b.get(i) == Some(&b'.');
    if dotted {
        i += 1;
    }
    if comps.len() == 1 && !dotted {
        return None;
    }
    let rest = &t[i..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some((comps, rest))
}

/// The text after a section number reads like a title.
fn numbered_title_ok(rest: &str) -> bool {
    let rest = bold_only(rest).unwrap_or_else(|| rest.to_string());
    let first = rest
        .trim_start_matches(['"', '“', '\'', '('])
        .chars()
        .next();
    first.is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !ends_with_punctuation(&rest)
        && rest.chars().count() <= 100
        && rest.split_whitespace().count() <= 15
}

/// A numbered heading line: (depth, text after the number).
fn numbered_heading<'t>(t: &'t str, parents: &HashSet<u64>) -> Option<(u8, &'t str)> {
    let (comps, rest) = numbering(t)?;
    if !numbered_title_ok(rest) {
        return None;
    }
    if comps.len() == 1 && !parents.contains(&comps[0]) {
        return None;
    }
    Some((comps.len() as u8, rest))
}

/// Ends with sentence punctuation (closing quotes ignored).
fn ends_with_punctuation(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '\'', '”', '’', '*']);
    t.ends_with(['.', ',', ';', ':', '!', '?', '…'])
}

/// Share of title-cased words among the words that aren't small words.
fn title_case_share(s: &str) -> (usize, usize) {
    let mut big = 0;
    let mut cased = 0;
    for w in s.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() || SMALL_WORDS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        big += 1;
        if w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        {
            cased += 1;
        }
    }
    (cased, big)
}

/// A short line that reads like a title: capitalised start, no sentence punctuation at the
/// end, not two sentences, mostly title case when longer than four words.
pub(super) fn title_like(s: &str) -> bool {
    let t = s.trim();
    let chars = t.chars().count();
    let words = t.split_whitespace().count();
    if !(2..=80).contains(&chars) || words > 12 || ends_with_punctuation(t) || t.contains(". ") {
        return false;
    }
    let first = t
        .trim_start_matches(['"', '“', '\'', '‘', '('])
        .chars()
        .next();
    if !first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
        return false;
    }
    if t.starts_with(['|', '#', '>', '<', '[', '!', '`', '$', '{', '=', '+']) {
        return false;
    }
    let (cased, big) = title_case_share(t);
    words <= 4 || cased * 10 >= big * 3
}

/// `Label:` that reads like a label: short, title case (or very short).
fn label_like(s: &str) -> bool {
    let Some(body) = s.trim().strip_suffix(':') else {
        return false;
    };
    let body = body.trim_end();
    let words = body.split_whitespace().count();
    if body.is_empty()
        || body.chars().count() > 60
        || words > 6
        || body.ends_with(['.', ':', ',', ';'])
    {
        return false;
    }
    let first = body.trim_start_matches(['"', '“', '(']).chars().next();
    if !first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
        return false;
    }
    let (cased, big) = title_case_share(body);
    words <= 3 || cased * 2 >= big
}

/// `Definition: …`, `**Purpose:** …`: a short label then text on the same line.
#[expect(
    clippy::string_slice,
    reason = "cut around the ASCII `:` found by find"
)]
fn definition_line(s: &str) -> bool {
    let t = s.trim().trim_start_matches("**");
    let Some(colon) = t.find(':') else {
        return false;
    };
    let label = t[..colon].trim_end_matches("**");
    let after = t[colon + 1..].trim_start_matches("**").trim();
    let words = label.split_whitespace().count();
    let sentence = after.split_whitespace().count() >= 4 || ends_with_punctuation(after);
    (1..=3).contains(&words)
        && label.chars().next().is_some_and(char::is_uppercase)
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || " -/()&".contains(c))
        && sentence
}

/// Index of the next unit that isn't blank, with the number of blank lines skipped.
fn next_content(units: &[Unit], from: usize) -> Option<(usize, usize)> {
    let mut blanks = 0;
    for (j, u) in units.iter().enumerate().skip(from) {
        match u.kind {
            Kind::Blank => blanks += u.end - u.start,
            _ if u.end == u.start => {}
            _ => return Some((j, blanks)),
        }
    }
    None
}

/// Blank lines right before unit `ui` (whitespace-only lines included).
fn blanks_before(units: &[Unit], ui: usize) -> (usize, bool) {
    let mut blanks = 0;
    for u in units[..ui].iter().rev() {
        match u.kind {
            Kind::Blank => blanks += u.end - u.start,
            _ if u.end == u.start => {}
            _ => return (blanks, false),
        }
    }
    (blanks, true)
}

/// Is unit `ui` (a single text line) a title or a label heading?
fn title_or_label(
    lines: &[Line<'_>],
    units: &[Unit],
    ui: usize,
    guess: Guess,
    parents: &HashSet<u64>,
) -> Option<(HeadKind, String, String)> {
    let raw = lines[units[ui].start].text.trim();
    let bold = bold_only(raw);
    let text = bold.clone().unwrap_or_else(|| raw.to_string());
    let next = next_content(units, ui + 1);
    let introduces_list = |directly_ok: bool| {
        next.is_some_and(|(j, blanks)| {
            (blanks > 0 || directly_ok)
                && matches!(units[j].kind, Kind::Item(_) | Kind::Table { .. })
        })
    };
    // Labels: `Text:` (plain) or a bold-only line, right before a list or table.
    let is_label = if bold.is_some() {
        guess.bold_labels
            && introduces_list(true)
            && text.split_whitespace().count() <= 10
            && text.chars().count() <= 100
    } else {
        guess.structure && label_like(&text) && introduces_list(true)
    };
    if is_label {
        return Some((HeadKind::Label, clean_heading(&text), outline_text(&text)));
    }
    if !guess.structure || !title_like(&text) {
        return None;
    }
    // Titles need a blank line after them, then content that a title introduces.
    let (j, blanks) = next?;
    if blanks == 0 {
        return None;
    }
    let next_unit = &units[j];
    let next_text = lines[next_unit.start].text;
    let introduces = match next_unit.kind {
        // `1. Part One` is a numbered heading, not a list this title introduces.
        Kind::Item(_) => numbered_heading(next_text.trim(), parents).is_none(),
        // A line right above a table is as often a stray UI caption as a title: only on a
        // slide boundary.
        Kind::Table { .. } => {
            let (before, at_start) = blanks_before(units, ui);
            before >= 2 || at_start
        }
        Kind::Fence { .. } | Kind::Code | Kind::Math => true,
        Kind::Text => {
            let single = next_content(units, j + 1).is_none_or(|(_, b)| b > 0)
                || units
                    .get(j + 1)
                    .is_some_and(|u| matches!(u.kind, Kind::Blank));
            let next_is_label = single
                && (label_like(next_text)
                    || bold_only(next_text).is_some_and(|b| b.ends_with(':')))
                && next_content(units, j + 1).is_some_and(|(k, _)| {
                    matches!(units[k].kind, Kind::Item(_) | Kind::Table { .. })
                });
            let display_math = next_text.trim_start().starts_with("$$");
            next_is_label
                || display_math
                || definition_line(next_text)
                || slide_paragraph(lines, units, ui, j)
        }
        _ => false,
    };
    introduces.then(|| (HeadKind::Title, clean_heading(&text), outline_text(&text)))
}

/// A slide title followed by prose: the title sits on a slide boundary (two or more blank
/// lines before it, or the start of the note) and the paragraph reads like sentences.
fn slide_paragraph(lines: &[Line<'_>], units: &[Unit], ui: usize, j: usize) -> bool {
    let (before, at_start) = blanks_before(units, ui);
    if before < 2 && !at_start {
        return false;
    }
    let mut end = j;
    while end < units.len() && matches!(units[end].kind, Kind::Text) {
        end += 1;
    }
    let first = lines[units[j].start].text.trim();
    let starts_upper = first
        .trim_start_matches(['"', '“', '*'])
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    starts_upper && first.chars().count() >= 40 && (ends_with_punctuation(first) || end - j >= 2)
}

/// Levels: each heading gets a rank from its kind, then ranks become levels 2–6 with no gaps.
fn assign_levels(found: &mut [Heading]) {
    let mut last_anchor: Option<u8> = None;
    let mut last_structural: Option<u8> = None;
    let mut stack: Vec<(u8, u8)> = Vec::new(); // (rank, level)
    for h in found.iter_mut() {
        let rank = match h.kind {
            HeadKind::Written(l) => l,
            HeadKind::Numbered(d) => d,
            HeadKind::Title => last_anchor.map_or(1, |r| r.saturating_add(1)),
            HeadKind::Label => last_structural.map_or(1, |r| r.saturating_add(1)),
        };
        match h.kind {
            HeadKind::Written(_) | HeadKind::Numbered(_) => {
                last_anchor = Some(rank);
                last_structural = Some(rank);
            }
            HeadKind::Title => last_structural = Some(rank),
            HeadKind::Label => {}
        }
        while stack.last().is_some_and(|&(r, _)| r >= rank) {
            stack.pop();
        }
        let level = stack.last().map_or(2, |&(_, l)| (l + 1).min(6));
        stack.push((rank, level));
        h.level = level;
    }
}

/// Is there anything in these units that reads as a written heading?
pub(super) fn has_written_headings(lines: &[Line<'_>], units: &[Unit]) -> bool {
    units.iter().any(|u| match u.kind {
        Kind::Atx { .. } => super::lines::atx_heading(lines[u.start].text)
            .is_some_and(|(_, t)| !t.trim().is_empty()),
        Kind::Setext { .. } => true,
        _ => false,
    })
}

/// Bold-only lines (outside code) that look like headings: `**Key Concepts:**`.
pub(super) fn has_bold_heading_lines(lines: &[Line<'_>], units: &[Unit]) -> bool {
    units.iter().any(|u| {
        matches!(u.kind, Kind::Text)
            && u.end > u.start
            && indent(lines[u.start].text).0 < 4
            && bold_only(lines[u.start].text)
                .is_some_and(|b| b.chars().count() <= 100 && b.split_whitespace().count() <= 10)
    })
}

/// ATX headings whose text is wrapped in bold, or a heading more than one level below the
/// one before it (the page title counts as h1).
pub(super) fn has_messy_written_headings(lines: &[Line<'_>], units: &[Unit]) -> bool {
    let mut prev = 1u8;
    for u in units {
        let level = match u.kind {
            Kind::Atx { level } => {
                let Some((_, text)) = super::lines::atx_heading(lines[u.start].text) else {
                    continue;
                };
                if bold_only(text).is_some() {
                    return true;
                }
                level
            }
            Kind::Setext { level } => level,
            _ => continue,
        };
        if level > prev + 1 {
            return true;
        }
        prev = level;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_shapes() {
        assert_eq!(
            numbering("1.1 Amazon Bedrock"),
            Some((vec![1, 1], "Amazon Bedrock"))
        );
        assert_eq!(
            numbering("2. 3. Describe the thing"),
            Some((vec![2, 3], "Describe the thing"))
        );
        assert_eq!(
            numbering("1.3.6.1 Performance Metrics"),
            Some((vec![1, 3, 6, 1], "Performance Metrics"))
        );
        assert_eq!(numbering("4. Cost"), Some((vec![4], "Cost")));
        assert_eq!(numbering("3 apples"), None);
        assert_eq!(numbering("1.2.3"), None);
        assert_eq!(numbering("2024 Highlights"), None);
    }

    #[test]
    fn title_and_label_shapes() {
        assert!(title_like("Low-Rank Adaptation (LoRA)"));
        assert!(title_like("Avoiding prompt mis-use"));
        assert!(title_like("“Continued Pre-Training”"));
        assert!(!title_like("stability.ai"));
        assert!(!title_like("This sentence ends with a period."));
        assert!(!title_like(
            "Q: 'Help me find a raincoat that is really waterproof'"
        ));
        assert!(label_like("Foundation Model Access:"));
        assert!(label_like("Real-time Inference (< 100ms):"));
        assert!(!label_like("The pipeline runs through these main stages:"));
        assert!(definition_line("Definition: A managed service."));
        assert!(definition_line("**Definition:** A managed service."));
        assert!(!definition_line("Definition:"));
    }
}
