//! Lines grouped into units: blank lines, fences, math blocks, headings, list items, text
//! lines, tables, code-like runs and rules.
//!
//! Input: [`Line`]s. Output: [`Unit`]s in order, each covering a range of lines. One pass,
//! linear in the input (code-like runs look ahead at most [`MAX_CODE_LOOKAHEAD`] lines).

use super::lines::{
    atx_heading, fence_close, fence_open, indent, is_blank, is_delimiter_row, is_math_delim,
    is_pipe_row, is_thematic_break, is_tsv_row, item_shape, setext_underline, ItemShape, Line,
};

/// How far a JSON-like run may reach looking for its closing bracket.
const MAX_CODE_LOOKAHEAD: usize = 400;

/// What a unit is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// A blank (or whitespace-only) line.
    Blank,
    /// A fenced code block; `closed` is false when it runs to the end of the input.
    Fence { closed: bool, indent: usize },
    /// A `$$` … `$$` display-math block.
    Math,
    /// An ATX heading line.
    Atx { level: u8 },
    /// A setext heading: text line(s) plus the underline.
    Setext { level: u8 },
    /// A list item line.
    Item(ItemShape),
    /// A line of paragraph text.
    Text,
    /// Consecutive table rows: pipe rows, or tab-separated rows when `tsv`.
    Table { tsv: bool },
    /// A run of code-like lines with no fence (JSON, indented code): fenced on output.
    Code,
    /// A thematic break.
    Rule,
    /// A raw HTML block (markdown only).
    Html,
}

/// A kind of content covering `start..end` (line indices).
#[derive(Debug, Clone, Copy)]
pub(super) struct Unit {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Group `lines` into units. `plain` turns on what only plain text gets: tab-separated
/// tables and unfenced code runs.
pub(super) fn classify(lines: &[Line<'_>], plain: bool) -> Vec<Unit> {
    let n = lines.len();
    let mut units: Vec<Unit> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let t = lines[i].text;
        let unit = |kind, end| Unit {
            kind,
            start: i,
            end,
        };
        if is_blank(t) {
            units.push(unit(Kind::Blank, i + 1));
            i += 1;
            continue;
        }
        if let Some((width, ch, run)) = fence_open(t) {
            let close = (i + 1..n).find(|&j| fence_close(lines[j].text, ch, run));
            let end = close.map_or(n, |j| j + 1);
            units.push(unit(
                Kind::Fence {
                    closed: close.is_some(),
                    indent: width,
                },
                end,
            ));
            i = end;
            continue;
        }
        if is_math_delim(t) {
            if let Some(j) = (i + 1..n)
                .take_while(|&j| !is_blank(lines[j].text))
                .find(|&j| is_math_delim(lines[j].text))
            {
                if lines[i + 1..j].iter().all(|l| math_line_ok(l.text))
                    && math_braces_ok(&lines[i + 1..j])
                {
                    units.push(unit(Kind::Math, j + 1));
                    i = j + 1;
                    continue;
                }
            }
        }
        if !plain {
            if let Some(end) = html_block(
                lines,
                i,
                units.last().is_some_and(|u| matches!(u.kind, Kind::Text)),
            ) {
                units.push(unit(Kind::Html, end));
                i = end;
                continue;
            }
        }
        if let Some(level) = setext_underline(t) {
            if setext(lines, &mut units, i, level, plain) {
                i += 1;
                continue;
            }
        }
        if is_thematic_break(t) {
            units.push(unit(Kind::Rule, i + 1));
            i += 1;
            continue;
        }
        if atx_heading(t).is_some() {
            units.push(unit(
                Kind::Atx {
                    level: atx_heading(t).map_or(1, |h| h.0),
                },
                i + 1,
            ));
            i += 1;
            continue;
        }
        if let Some(shape) = item_shape(t) {
            units.push(unit(Kind::Item(shape), i + 1));
            i += 1;
            continue;
        }
        if is_pipe_row(t) || (t.contains('|') && i + 1 < n && is_delimiter_row(lines[i + 1].text)) {
            let mut j = i + 1;
            while j < n && (is_pipe_row(lines[j].text) || is_delimiter_row(lines[j].text)) {
                j += 1;
            }
            units.push(unit(Kind::Table { tsv: false }, j));
            i = j;
            continue;
        }
        if plain {
            if is_tsv_row(t) && i + 1 < n && is_tsv_row(lines[i + 1].text) {
                let mut j = i + 1;
                while j < n && is_tsv_row(lines[j].text) {
                    j += 1;
                }
                units.push(unit(Kind::Table { tsv: true }, j));
                i = j;
                continue;
            }
            if let Some(end) = json_run(lines, i).or_else(|| indented_code_run(lines, i, &units)) {
                units.push(unit(Kind::Code, end));
                i = end;
                continue;
            }
        }
        if !plain && indent(t).0 >= 4 && markdown_code_context(lines, &units) {
            // An indented code block in markdown: nothing in it is a heading.
            units.push(unit(Kind::Code, i + 1));
            i += 1;
            continue;
        }
        units.push(unit(Kind::Text, i + 1));
        i += 1;
    }
    units
}

/// In markdown, an indented line is code unless it continues a paragraph, a table or a
/// list item.
#[expect(
    clippy::string_slice,
    reason = "the item's content offset comes from item_shape on this same line"
)]
fn markdown_code_context(lines: &[Line<'_>], units: &[Unit]) -> bool {
    let Some(last) = units.len().checked_sub(1) else {
        return true;
    };
    match units[last].kind {
        Kind::Text | Kind::Item(_) | Kind::Table { .. } => return false,
        Kind::Blank => {}
        _ => return true,
    }
    // After a blank line it's code, unless a list is still open: look back for its item.
    let mut k = last;
    loop {
        match units[k].kind {
            Kind::Blank => {}
            Kind::Item(shape) => {
                // An empty item followed by a blank line holds nothing more.
                let empty = lines[units[k].start].text[shape.content..]
                    .trim()
                    .is_empty();
                return empty && k + 1 < units.len() && matches!(units[k + 1].kind, Kind::Blank);
            }
            Kind::Text | Kind::Code => {
                // A paragraph at the margin after a blank line has closed any list.
                let at_margin = indent(lines[units[k].start].text).0 < 2;
                if at_margin && k > 0 && matches!(units[k - 1].kind, Kind::Blank) {
                    return true;
                }
            }
            _ => return true,
        }
        if k == 0 {
            return true;
        }
        k -= 1;
    }
}

/// Tags that start an HTML block even in the middle of a paragraph (CommonMark type 6).
const BLOCK_TAGS: [&str; 62] = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// A markdown HTML block starting at line `i` (CommonMark's kinds, simplified): returns its
/// end. `in_paragraph` is true when the line would otherwise continue a paragraph.
#[expect(
    clippy::string_slice,
    reason = "offsets follow `<` and ASCII tag names in a line lowercased ASCII-only"
)]
fn html_block(lines: &[Line<'_>], i: usize, in_paragraph: bool) -> Option<usize> {
    let (width, off) = indent(lines[i].text);
    let rest = &lines[i].text[off..];
    if width > 3 || !rest.starts_with('<') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let until = |marker: &str| -> usize {
        (i..lines.len())
            .find(|&j| lines[j].text.to_ascii_lowercase().contains(marker))
            .map_or(lines.len(), |j| j + 1)
    };
    let until_blank = || {
        (i..lines.len())
            .find(|&j| is_blank(lines[j].text))
            .unwrap_or(lines.len())
    };
    for tag in ["script", "pre", "style", "textarea"] {
        if lower[1..].starts_with(tag) && lower[1 + tag.len()..].starts_with([' ', '>', '\t'])
            || lower[1..] == *tag
        {
            return Some(until(&format!("</{tag}>")));
        }
    }
    if lower.starts_with("<!--") {
        return Some(until("-->"));
    }
    if lower.starts_with("<?") {
        return Some(until("?>"));
    }
    if lower.starts_with("<![cdata[") {
        return Some(until("]]>"));
    }
    if lower.starts_with("<!") && lower.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) {
        return Some(until(">"));
    }
    let name_start = if lower.starts_with("</") { 2 } else { 1 };
    let name: String = lower[name_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = &lower[name_start + name.len()..];
    if BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>', '/']))
    {
        return Some(until_blank());
    }
    // Any other complete tag alone on its line, but not in the middle of a paragraph.
    let alone = rest.trim_end().ends_with('>');
    (!in_paragraph && alone).then(until_blank)
}

/// A line inside a `$$` block: no unescaped `$` (it would end or break the formula).
fn math_line_ok(t: &str) -> bool {
    let b = t.as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'$' => return false,
            _ => {}
        }
        k += 1;
    }
    true
}

/// Braces in a `$$` block balance (the closing `$$` must be at the opening's brace depth).
fn math_braces_ok(lines: &[Line<'_>]) -> bool {
    let mut depth = 0i64;
    for l in lines {
        let b = l.text.as_bytes();
        let mut k = 0;
        while k < b.len() {
            match b[k] {
                b'\\' => k += 1,
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return false;
            }
            k += 1;
        }
    }
    depth == 0
}

/// Handle an underline at line `i`: true when it became part of a setext heading.
fn setext(lines: &[Line<'_>], units: &mut Vec<Unit>, i: usize, level: u8, plain: bool) -> bool {
    let Some(last) = units.len().checked_sub(1) else {
        return false;
    };
    if !matches!(units[last].kind, Kind::Text) || units[last].end != i {
        return false;
    }
    // First line of the paragraph the underline closes.
    let mut first = last;
    while first > 0 && matches!(units[first - 1].kind, Kind::Text) {
        first -= 1;
    }
    let paragraph_start_ok = first == 0
        || matches!(
            units[first - 1].kind,
            Kind::Blank
                | Kind::Atx { .. }
                | Kind::Setext { .. }
                | Kind::Rule
                | Kind::Fence { .. }
                | Kind::Math
        );
    // A `>` line starts a blockquote, which ends the paragraph (and can't be underlined).
    let quoted = units[first..=last]
        .iter()
        .any(|u| lines[u.start].text.trim_start().starts_with('>'));
    if !paragraph_start_ok || quoted || (plain && first != last) {
        return false;
    }
    // Markdown folds a whole paragraph into the heading; plain text only a single line.
    let start = units[first].start;
    units.truncate(first);
    units.push(Unit {
        kind: Kind::Setext { level },
        start,
        end: i + 1,
    });
    true
}

/// A JSON-looking run starting at `i`: the first line opens a bracket, and brackets balance
/// at the end of some line before a blank line. Returns the end (exclusive).
fn json_run(lines: &[Line<'_>], i: usize) -> Option<usize> {
    let first = lines[i].text.trim();
    let opens = first == "{"
        || first == "["
        || ["{\"", "{ \"", "[{", "[ {", "[\"", "[ \"", "[["]
            .iter()
            .any(|p| first.starts_with(p));
    if !opens {
        return None;
    }
    let mut depth: i64 = 0;
    let mut in_string = false;
    for (j, line) in lines.iter().enumerate().skip(i).take(MAX_CODE_LOOKAHEAD) {
        if j > i && (is_blank(line.text) || fence_open(line.text).is_some()) {
            return None;
        }
        let mut escaped = false;
        for b in line.text.bytes() {
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                _ => {}
            }
        }
        // A string may wrap across a line in exported slides; don't carry it over.
        in_string = false;
        if depth <= 0 {
            return (depth == 0).then_some(j + 1);
        }
    }
    None
}

/// An indented (4+ columns) run after a blank line that looks like code. Returns its end.
fn indented_code_run(lines: &[Line<'_>], i: usize, units: &[Unit]) -> Option<usize> {
    if indent(lines[i].text).0 < 4 {
        return None;
    }
    // Only after a blank line (or at the start), and not as the continuation of a list item.
    let mut prev = units.iter().rev();
    let after_blank = prev.next().is_none_or(|u| matches!(u.kind, Kind::Blank));
    let in_list = prev
        .find(|u| !matches!(u.kind, Kind::Blank))
        .is_some_and(|u| matches!(u.kind, Kind::Item(_)));
    if !after_blank || in_list {
        return None;
    }
    let end = (i..lines.len())
        .take(MAX_CODE_LOOKAHEAD)
        .find(|&j| {
            is_blank(lines[j].text)
                || indent(lines[j].text).0 < 4
                || (j > i && fence_open(lines[j].text).is_some())
        })
        .unwrap_or_else(|| (i + MAX_CODE_LOOKAHEAD).min(lines.len()));
    let codeish = lines[i..end]
        .iter()
        .filter(|l| looks_like_code(l.text.trim()))
        .count();
    (codeish * 2 >= end - i).then_some(end)
}

/// Signals that a line is code rather than prose.
pub(super) fn looks_like_code(t: &str) -> bool {
    const KEYWORDS: [&str; 22] = [
        "def ",
        "class ",
        "import ",
        "from ",
        "return",
        "if ",
        "for ",
        "while ",
        "function ",
        "const ",
        "let ",
        "var ",
        "fn ",
        "pub ",
        "#include",
        "SELECT ",
        "INSERT ",
        "CREATE ",
        "$ ",
        ">>> ",
        "//",
        "/*",
    ];
    if KEYWORDS.iter().any(|k| t.starts_with(k)) {
        return true;
    }
    if t.ends_with([';', '{', '}', '[', ']', '(']) || t.ends_with("):") {
        return true;
    }
    if t.starts_with('"') && t.contains("\":") {
        return true;
    }
    let b = t.as_bytes();
    b.windows(2).enumerate().any(|(k, w)| {
        let before_ident = k > 0 && (b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'_');
        matches!(w, b"==" | b"=>" | b"->" | b"+=" | b"()" | b" =")
            || (w[0].is_ascii_alphanumeric() && w[1] == b'(' && before_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn kinds(text: &str, plain: bool) -> Vec<String> {
        let lines = split_lines(text, true);
        classify(&lines, plain)
            .iter()
            .filter(|u| u.end > u.start)
            .map(|u| {
                let k = format!("{:?}", u.kind);
                k.split([' ', '(', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn units_of_a_small_note() {
        let text = "Title\n\n- a\n - b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n$$\nx^2\n$$\n---\n";
        assert_eq!(
            kinds(text, true),
            [
                "Text", "Blank", "Item", "Item", "Blank", "Table", "Blank", "Fence", "Blank",
                "Math", "Rule"
            ]
        );
    }

    #[test]
    fn setext_and_tsv_and_json() {
        assert_eq!(kinds("Title\n=====\ntext", true), ["Setext", "Text"]);
        assert_eq!(kinds("one\ntwo\n---", true), ["Text", "Text", "Rule"]);
        assert_eq!(kinds("one\ntwo\n---", false), ["Setext"]);
        assert_eq!(kinds("a\tb\nc\td", true), ["Table"]);
        assert_eq!(kinds("a\tb\nc\td", false), ["Text", "Text"]);
        assert_eq!(
            kinds("{\n  \"k\": [1, 2]\n}\nafter", true),
            ["Code", "Text"]
        );
        assert_eq!(kinds("{{template}}", true), ["Text"]);
        assert_eq!(
            kinds("\n    x = call(1);\n    y = 2;\n", true),
            ["Blank", "Code"]
        );
        assert_eq!(kinds("\n    just some prose\n", true), ["Blank", "Text"]);
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let lines = split_lines("a\n```\nb\nc", true);
        let units = classify(&lines, true);
        assert!(matches!(units[1].kind, Kind::Fence { closed: false, .. }));
        assert_eq!(units[1].end, 4);
    }
}
