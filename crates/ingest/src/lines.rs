//! Input lines and the line-level shapes recovery looks for.
//!
//! Input: the note's text. Output: [`Line`]s (CRLF, lone CR and a BOM handled) and small
//! parsers that say what one line looks like (bullet, ordered item, ATX heading, fence, …).

/// One line of the input, without its line ending.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// The text (never contains `\n` or `\r`).
    pub text: &'a str,
    /// 1-based line number in the input.
    pub no: usize,
}

/// Split `text` into lines: `\r\n`, `\n` and a lone `\r` all end a line; a leading BOM is dropped.
///
/// With `unglue`, a line glued to a bold label (`Data Options**Cross-Region:**`, a common
/// export artifact in plain text) is split in two, with a virtual blank line between.
#[expect(clippy::string_slice, reason = "cuts at ASCII line ends")]
pub(super) fn split_lines(text: &str, unglue: bool) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    let mut no = 1;
    let mut i = 0;
    let mut fence = None;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                push_line(&mut lines, &text[start..i], no, unglue, &mut fence);
                no += 1;
                i += 1;
                start = i;
            }
            b'\r' => {
                push_line(&mut lines, &text[start..i], no, unglue, &mut fence);
                no += 1;
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        push_line(&mut lines, &text[start..], no, unglue, &mut fence);
    }
    lines
}

#[expect(
    clippy::string_slice,
    reason = "the cut comes from glued_label_split, at an ASCII `**`"
)]
fn push_line<'a>(
    lines: &mut Vec<Line<'a>>,
    text: &'a str,
    no: usize,
    unglue: bool,
    fence: &mut Option<(u8, usize)>,
) {
    match *fence {
        Some((ch, run)) => {
            if fence_close(text, ch, run) {
                *fence = None;
            }
        }
        None => {
            if let Some((_, ch, run)) = fence_open(text) {
                *fence = Some((ch, run));
            }
        }
    }
    if fence.is_some() || !unglue {
        lines.push(Line { text, no });
    } else if let Some(cut) = glued_label_split(text) {
        lines.push(Line {
            text: &text[..cut],
            no,
        });
        lines.push(Line { text: "", no });
        lines.push(Line {
            text: &text[cut..],
            no,
        });
    } else {
        lines.push(Line { text, no });
    }
}

/// `Some(offset of "**")` for `Title words**Label:**`: a title glued to a bold label.
#[expect(
    clippy::string_slice,
    reason = "cuts at the ASCII `**` found by find and ends_with"
)]
fn glued_label_split(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with("**") || trimmed.starts_with(['*', '-', '#', '|', ' ', '\t', '>']) {
        return None;
    }
    let cut = trimmed.find("**")?;
    if cut + 4 > trimmed.len() {
        return None;
    }
    let head = &trimmed[..cut];
    let tail = &trimmed[cut + 2..trimmed.len() - 2];
    let head_ok = head.len() >= 3
        && head.len() <= 80
        && head.chars().next().is_some_and(char::is_uppercase)
        && head.chars().last().is_some_and(char::is_alphanumeric)
        && !head.contains(['.', ':', '*']);
    let tail_ok = !tail.is_empty()
        && tail.len() <= 80
        && !tail.contains('*')
        && tail
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    (head_ok && tail_ok).then_some(cut)
}

/// True when the line has nothing but whitespace (including non-breaking spaces).
pub(super) fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Width of the leading whitespace, a tab counting to the next multiple of 4; and its byte length.
pub(super) fn indent(s: &str) -> (usize, usize) {
    let mut width = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => return (width, i),
        }
    }
    (width, s.len())
}

/// A list marker found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// `-`, `*`, `+` or a typographic bullet (`•` …).
    Bullet,
    /// `12.` or `12)`: the number and the delimiter.
    Ordered(u64, u8),
}

/// A list item: indentation width, marker, and byte offset where the item's text starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct ItemShape {
    pub indent: usize,
    pub marker: Marker,
    pub content: usize,
}

const TYPO_BULLETS: [char; 8] = ['•', '◦', '▪', '‣', '●', '○', '■', '□'];

/// Parse a list item line (`- x`, `* x`, `+ x`, `• x`, `•x`, `3. x`, `3) x`, or a bare marker).
#[expect(
    clippy::string_slice,
    reason = "offsets count ASCII indentation, markers and digits, or a whole bullet character"
)]
pub(super) fn item_shape(s: &str) -> Option<ItemShape> {
    let (width, off) = indent(s);
    let rest = &s[off..];
    let first = rest.chars().next()?;
    if matches!(first, '-' | '*' | '+') {
        let after = &rest[1..];
        if after.is_empty() || after.starts_with([' ', '\t']) {
            let content = off + 1 + (after.len() - after.trim_start().len());
            return Some(ItemShape {
                indent: width,
                marker: Marker::Bullet,
                content,
            });
        }
        return None;
    }
    if TYPO_BULLETS.contains(&first) {
        let after = &rest[first.len_utf8()..];
        let content = off + first.len_utf8() + (after.len() - after.trim_start().len());
        return Some(ItemShape {
            indent: width,
            marker: Marker::Bullet,
            content,
        });
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // `01.` is a numbered line, not something markdown would number the same way.
    if (1..=9).contains(&digits) && !(digits > 1 && rest.starts_with('0')) {
        let delim = *rest.as_bytes().get(digits)?;
        if delim == b'.' || delim == b')' {
            let after = &rest[digits + 1..];
            if after.is_empty() || after.starts_with([' ', '\t']) {
                let number = rest[..digits].parse().ok()?;
                let content = off + digits + 1 + (after.len() - after.trim_start().len());
                return Some(ItemShape {
                    indent: width,
                    marker: Marker::Ordered(number, delim),
                    content,
                });
            }
        }
    }
    None
}

/// An ATX heading: `## Text ##` → (level, text without closing hashes).
#[expect(
    clippy::string_slice,
    reason = "offsets count ASCII indentation and `#`"
)]
pub(super) fn atx_heading(s: &str) -> Option<(u8, &str)> {
    let (width, off) = indent(s);
    if width > 3 {
        return None;
    }
    let rest = &s[off..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let mut text = after.trim();
    // Closing sequence: hashes preceded by a space (or the whole text).
    let stripped = text.trim_end_matches('#');
    if stripped.len() < text.len() && (stripped.is_empty() || stripped.ends_with([' ', '\t'])) {
        text = stripped.trim_end();
    }
    Some((hashes as u8, text))
}

/// A thematic break: three or more `-`, `*` or `_` (spaces allowed between).
#[expect(clippy::string_slice, reason = "the offset counts ASCII indentation")]
pub(super) fn is_thematic_break(s: &str) -> bool {
    let (width, off) = indent(s);
    if width > 3 {
        return false;
    }
    let rest = s[off..].trim_end();
    let Some(c) = rest.chars().next() else {
        return false;
    };
    if !matches!(c, '-' | '*' | '_') {
        return false;
    }
    let mut count = 0;
    for ch in rest.chars() {
        if ch == c {
            count += 1;
        } else if ch != ' ' && ch != '\t' {
            return false;
        }
    }
    count >= 3
}

/// A setext underline: only `=` (level 1) or only `-` (level 2), at most 3 spaces of indent.
#[expect(clippy::string_slice, reason = "the offset counts ASCII indentation")]
pub(super) fn setext_underline(s: &str) -> Option<u8> {
    let (width, off) = indent(s);
    if width > 3 {
        return None;
    }
    let rest = s[off..].trim_end();
    if rest.is_empty() {
        return None;
    }
    if rest.bytes().all(|b| b == b'=') {
        Some(1)
    } else if rest.len() >= 2 && rest.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// A fence opener: (indent width, fence char, run length).
#[expect(
    clippy::string_slice,
    reason = "offsets count ASCII indentation and fence characters"
)]
pub(super) fn fence_open(s: &str) -> Option<(usize, u8, usize)> {
    let (width, off) = indent(s);
    if width > 8 {
        return None;
    }
    let rest = &s[off..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = rest.bytes().take_while(|&b| b == ch).count();
    if run < 3 {
        return None;
    }
    if ch == b'`' && rest[run..].contains('`') {
        return None;
    }
    Some((width, ch, run))
}

/// True when `s` closes a fence opened with `run` × `ch`.
pub(super) fn fence_close(s: &str, ch: u8, run: usize) -> bool {
    let t = s.trim();
    let n = t.bytes().take_while(|&b| b == ch).count();
    n >= run && n == t.len()
}

/// A line that is only `$$` (a display-math block delimiter).
pub(super) fn is_math_delim(s: &str) -> bool {
    s.trim() == "$$"
}

/// A pipe-table delimiter row (`|---|:--:|`, `--- | ---`).
pub(super) fn is_delimiter_row(s: &str) -> bool {
    let t = s.trim();
    if !t.contains('-') || !t.contains(['|', '-']) {
        return false;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').collect();
    if cells.len() < 2 && !t.starts_with('|') {
        return false;
    }
    cells.iter().all(|c| {
        let c = c.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// A pipe-table row: starts with `|` once indentation is dropped.
pub(super) fn is_pipe_row(s: &str) -> bool {
    s.trim_start().starts_with('|')
}

/// A tab-separated row: at least two non-empty cells separated by tabs (leading tabs don't count).
pub(super) fn is_tsv_row(s: &str) -> bool {
    let t = s.trim();
    t.contains('\t') && t.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_all_understood() {
        let lines = split_lines("\u{feff}a\r\nb\rc\n\nd", true);
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "c", "", "d"]);
        assert_eq!(lines[4].no, 5);
    }

    #[test]
    fn glued_labels_are_split() {
        let lines = split_lines("Storage Choices**Object Stores:**", true);
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["Storage Choices", "", "**Object Stores:**"]);
        assert!(lines.iter().all(|l| l.no == 1));
        assert_eq!(split_lines("**Bold:** then text", true).len(), 1);
        assert_eq!(
            split_lines("Storage Choices**Object Stores:**", false).len(),
            1
        );
    }

    #[test]
    fn item_shapes() {
        let s = item_shape(" - nested").unwrap();
        assert_eq!((s.indent, s.marker, s.content), (1, Marker::Bullet, 3));
        let s = item_shape("12) twelve").unwrap();
        assert_eq!(s.marker, Marker::Ordered(12, b')'));
        assert!(item_shape("•**Bold** text").is_some());
        assert!(item_shape("-").is_some());
        assert!(item_shape("**bold**").is_none());
        assert!(item_shape("*emphasis*").is_none());
        assert!(item_shape("1.5 million").is_none());
    }

    #[test]
    fn headings_rules_and_fences() {
        assert_eq!(atx_heading("### Title ###"), Some((3, "Title")));
        assert_eq!(atx_heading("# C#"), Some((1, "C#")));
        assert_eq!(atx_heading("#hashtag"), None);
        assert!(is_thematic_break("- - -"));
        assert!(!is_thematic_break("--"));
        assert_eq!(setext_underline("==="), Some(1));
        assert_eq!(setext_underline("-"), None);
        assert_eq!(fence_open("```json"), Some((0, b'`', 3)));
        assert_eq!(fence_open("``` a ` b"), None);
        assert!(fence_close("````", b'`', 3));
        assert!(is_delimiter_row("|---|:-:|"));
        assert!(is_delimiter_row("--- | ---"));
        assert!(!is_delimiter_row("| a | b |"));
        assert!(is_tsv_row("a\tb"));
        assert!(!is_tsv_row("\tindented"));
    }
}
