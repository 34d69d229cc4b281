//! Inline text: escaping plain text so markdown shows every word, telling money `$` from
//! math `$`, and cleaning heading text for the outline.
//!
//! Input: one line (or cell, or heading) of text. Output: markdown for it, appended to a
//! `String`. Code spans, math spans and autolinks are copied as written.

/// How far an inline construct (code span, link, math) may reach for its closing delimiter.
const LOOKAHEAD: usize = 4096;

/// Where the escaped text goes; a few characters matter only in some places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// The start of a paragraph line or of a list item's text.
    LineStart,
    /// A heading's text (a trailing `{…}` would be read as heading attributes).
    Heading,
    /// A table cell.
    Cell,
    /// Text inside something else (link text).
    Inner,
}

/// Append `s` to `out` as markdown that renders the same words, in the same order.
///
/// Kept as written: `**bold**`/`*emphasis*`, code spans, backslash escapes (`\$` prints `$`),
/// autolinks, `$$…$$` and LaTeX-looking `$…$` math. Escaped: `<` (raw HTML), entity-like
/// `&…;`, money `$`, unmatched backticks, a `[` that opens no link on its line (so it can't
/// pair up with a `]` lines later, or start a link definition), a leading `#`, a line of
/// only `=`/`-` (setext underline). Links `[text](url)` keep the URL visible after the link
/// text; images are shown as text.
#[expect(
    clippy::string_slice,
    reason = "every cut is at an ASCII byte the scan matched, or after a whole construct"
)]
pub(super) fn escape_plain(s: &str, ctx: Ctx, out: &mut String) {
    let s = s.trim_end();
    let b = s.as_bytes();
    let mut i = 0;
    let mut skip = 0;
    if ctx == Ctx::LineStart || ctx == Ctx::Cell {
        // A blockquote's `>` markers stay; what follows them is checked like a line start.
        let quote = if b.first() == Some(&b'>') {
            b.iter().take_while(|&&c| c == b'>' || c == b' ').count()
        } else {
            0
        };
        let rest = &b[quote..];
        let hazard = if rest.first() == Some(&b'#')
            || rest.starts_with(b"~~~")
            || rest.starts_with(b"```")
        {
            // A heading, or (in a list item's text) a fence opener.
            Some(0)
        } else if !rest.is_empty()
            && (rest.iter().all(|&c| c == b'=') || rest.iter().all(|&c| c == b'-'))
        {
            // A setext underline.
            Some(0)
        } else if quote > 0 && rest.starts_with(b"[!") {
            // `> [!NOTE]` would become a GFM alert and the label would vanish.
            Some(0)
        } else {
            // A number markdown would renumber (`01.`, or in a quote): keep it as text.
            ordered_marker_len(rest).filter(|_| quote > 0 || ctx == Ctx::LineStart)
        };
        if let Some(at) = hazard {
            // Backslash before the hazardous character, which is then taken as written.
            out.push_str(&s[..quote + at]);
            out.push('\\');
            i = quote + at;
            skip = 1;
        }
    }
    let mut copied = i;
    i += skip;
    let mut pairs: Option<Vec<u32>> = None;
    while i < b.len() {
        // (bytes consumed, replacement text; `None` keeps the bytes as written)
        let (len, rep): (usize, Option<&str>) = match b[i] {
            b'\\' if i + 1 == b.len() => (1, Some("\\\\")),
            b'\\' if b[i + 1].is_ascii_punctuation() => (2, None),
            b'`' => match code_span(b, i) {
                Some(len) if ctx == Ctx::Cell => {
                    push_cell_span(out, &s[copied..i], &s[i..i + len]);
                    i += len;
                    copied = i;
                    continue;
                }
                Some(len) => (len, None),
                None => (1, Some("\\`")),
            },
            b'$' => match math_span(b, i) {
                Some(len) if ctx == Ctx::Cell => {
                    push_cell_span(out, &s[copied..i], &s[i..i + len]);
                    i += len;
                    copied = i;
                    continue;
                }
                Some(len) => (len, None),
                None => (1, Some("\\$")),
            },
            // A cell's `<b>`, `<br>`, `&amp;` come from a table exported as HTML: a reader
            // expects bold text and `&`, not the markup (the site sanitizes the tags).
            b'<' if ctx == Ctx::Cell && cell_tag(b, i).is_some() => {
                (cell_tag(b, i).unwrap_or(1), None)
            }
            b'<' => match autolink(b, i) {
                Some(len) => (len, None),
                None => (1, Some("&lt;")),
            },
            b'&' if ctx == Ctx::Cell && entity_like(b, i) => (1, None),
            b'&' if entity_like(b, i) => (1, Some("&amp;")),
            // Heading attributes are a trailing `{…}`; `\}` ends the heading with no block.
            b'}' if ctx == Ctx::Heading => (1, Some("\\}")),
            b'|' if ctx == Ctx::Cell => (1, Some("\\|")),
            b'!' if b.get(i + 1) == Some(&b'[') => (1, Some("\\!")),
            // Links can't contain links: inside one, a bracket is just text.
            b'[' if ctx == Ctx::Inner => (1, Some("\\[")),
            b']' if ctx == Ctx::Inner => (1, Some("\\]")),
            b'[' => match link(
                s,
                i,
                pairs.get_or_insert_with(|| bracket_pairs(b)),
                out,
                copied,
            ) {
                Some(end) => {
                    i = end;
                    copied = end;
                    continue;
                }
                // Not a link on this line: escape it so it can't pair with a `]` further on.
                None => (1, Some("\\[")),
            },
            _ => (1, None),
        };
        if let Some(rep) = rep {
            out.push_str(&s[copied..i]);
            out.push_str(rep);
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&s[copied..]);
}

/// `12.` / `12)` followed by a space or the end: markdown would read an ordered list marker.
/// Returns the number of digits.
fn ordered_marker_len(b: &[u8]) -> Option<usize> {
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let delim_ok = matches!(b.get(digits), Some(b'.' | b')'));
    let after_ok = b.get(digits + 1).is_none_or(|c| *c == b' ' || *c == b'\t');
    ((1..=9).contains(&digits) && delim_ok && after_ok).then_some(digits)
}

/// In a table cell a `|` ends the cell even inside a code or math span; `\|` keeps it.
fn push_cell_span(out: &mut String, pending: &str, span: &str) {
    out.push_str(pending);
    let mut prev = '\0';
    for c in span.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
}

/// Length of the code span opening at `i`, when a closing run of the same length follows.
fn code_span(b: &[u8], i: usize) -> Option<usize> {
    let run = b[i..].iter().take_while(|&&x| x == b'`').count();
    let mut j = i + run;
    let end = b.len().min(i + LOOKAHEAD);
    while j < end {
        if b[j] == b'`' {
            let close = b[j..].iter().take_while(|&&x| x == b'`').count();
            if close == run {
                return Some(j + close - i);
            }
            j += close;
        } else {
            j += 1;
        }
    }
    None
}

/// Length of a math span opening at `i` (`$$…$$`, or `$…$` that looks like LaTeX).
///
/// Rules follow pulldown-cmark's: an inline `$` opens when not followed by whitespace and
/// closes when not preceded by whitespace. A closing `$` followed by a digit is money
/// (`$5-$10`), and so is any span without a LaTeX sign (`\ ^ _ = {`) or a single letter.
pub(super) fn math_span(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i + 1) == Some(&b'$') {
        let close = find_dollar(b, i + 2, true)?;
        let content = &b[i + 2..close];
        let lone_dollar = find_dollar(content, 0, false).is_some();
        let ok = !content.iter().all(u8::is_ascii_whitespace)
            && !lone_dollar
            && balanced_braces(content);
        return ok.then_some(close + 2 - i);
    }
    let next = *b.get(i + 1)?;
    if next.is_ascii_whitespace() {
        return None;
    }
    let close = find_dollar(b, i + 1, false)?;
    let content = &b[i + 1..close];
    if content.is_empty()
        || b[close - 1].is_ascii_whitespace()
        || b.get(close + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let latex = content
        .iter()
        .any(|c| matches!(c, b'\\' | b'^' | b'_' | b'=' | b'{'))
        || (content.len() == 1 && content[0].is_ascii_alphabetic());
    (latex && balanced_braces(content)).then_some(close + 1 - i)
}

/// Unescaped `{`/`}` balance (pulldown-cmark only pairs `$` at the same brace depth).
fn balanced_braces(content: &[u8]) -> bool {
    let mut depth = 0i32;
    let mut k = 0;
    while k < content.len() {
        match content[k] {
            b'\\' => k += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
        k += 1;
    }
    depth == 0
}

/// Next unescaped `$` (or `$$` when `double`) at or after `from`.
fn find_dollar(b: &[u8], from: usize, double: bool) -> Option<usize> {
    let mut j = from;
    let end = b.len().min(from + LOOKAHEAD);
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            b'$' if !double || b.get(j + 1) == Some(&b'$') => return Some(j),
            _ => j += 1,
        }
    }
    None
}

/// Length of an autolink at `i`: `<scheme:…>` or `<name@host>` with no spaces inside.
fn autolink(b: &[u8], i: usize) -> Option<usize> {
    let close = b[i + 1..]
        .iter()
        .position(|&c| c == b'>' || c == b'<' || c.is_ascii_whitespace())?
        + i
        + 1;
    if b[close] != b'>' {
        return None;
    }
    let inner = &b[i + 1..close];
    let scheme_len = inner.iter().position(|&c| c == b':')?.min(inner.len());
    let scheme_ok = (2..=32).contains(&scheme_len)
        && inner[0].is_ascii_alphabetic()
        && inner[..scheme_len]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'));
    let email_ok = {
        let at = inner.iter().position(|&c| c == b'@');
        at.is_some_and(|a| a > 0 && a + 1 < inner.len() && inner[a + 1..].contains(&b'.'))
    };
    (scheme_ok || email_ok).then_some(close + 1 - i)
}

/// True for an email autolink body too; see [`autolink`]. Used for URLs we want to show.
pub(super) fn can_autolink(url: &str) -> bool {
    let wrapped = format!("<{url}>");
    autolink(wrapped.as_bytes(), 0) == Some(wrapped.len())
}

/// `s` with every entity-like `&…;` escaped (for a fence's info string, which markdown
/// decodes too).
#[expect(clippy::string_slice, reason = "cuts at the ASCII `&` bytes")]
pub(super) fn escape_entities(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for i in 0..b.len() {
        if b[i] == b'&' && entity_like(b, i) {
            out.push_str(&s[copied..i]);
            out.push_str("&amp;");
            copied = i + 1;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// The tags of text formatting a table cell keeps as HTML (no attributes).
pub(crate) const CELL_TAGS: &[&str] = &[
    "b", "strong", "i", "em", "u", "s", "del", "mark", "sup", "sub", "small", "code", "br",
];

/// The length of a formatting tag at `i` (`<b>`, `</em>`, `<br>`, `<br/>`) of
/// [`CELL_TAGS`], without attributes.
pub(crate) fn cell_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let closing = b.get(j) == Some(&b'/');
    j += usize::from(closing);
    let start = j;
    while j < b.len() && b[j].is_ascii_alphabetic() && j - start < 8 {
        j += 1;
    }
    let name = std::str::from_utf8(b.get(start..j)?)
        .ok()?
        .to_ascii_lowercase();
    if !CELL_TAGS.contains(&name.as_str()) {
        return None;
    }
    while b.get(j) == Some(&b' ') {
        j += 1;
    }
    if name == "br" && !closing && b.get(j) == Some(&b'/') {
        j += 1;
    }
    (b.get(j) == Some(&b'>')).then_some(j + 1 - i)
}

/// `&name;` or `&#123;` — markdown would decode it and the letters would vanish.
fn entity_like(b: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    if b.get(j) == Some(&b'#') {
        j += 1;
    }
    let start = j;
    while j < b.len() && b[j].is_ascii_alphanumeric() && j - start < 32 {
        j += 1;
    }
    j > start && b.get(j) == Some(&b';')
}

/// An inline link `[text](dest)` at `i`: writes it (URL kept visible) and returns the end.
///
/// `copied` is where the caller's pending plain text starts; it is flushed first.
#[expect(
    clippy::string_slice,
    reason = "cuts at the matched ASCII brackets and parentheses"
)]
fn link(s: &str, i: usize, pairs: &[u32], out: &mut String, copied: usize) -> Option<usize> {
    let b = s.as_bytes();
    let close_bracket = usize::try_from(*pairs.get(i)?)
        .ok()
        .filter(|&j| j < b.len())?;
    if b.get(close_bracket + 1) != Some(&b'(') {
        return None;
    }
    let close_paren = usize::try_from(*pairs.get(close_bracket + 1)?)
        .ok()
        .filter(|&k| k < b.len())?;
    let text = &s[i + 1..close_bracket];
    let inside = s[close_bracket + 2..close_paren].trim();
    let (dest, title) = split_destination(inside)?;
    out.push_str(&s[copied..i]);
    let has_words = |x: &str| x.bytes().any(|c| c.is_ascii_alphanumeric());
    if !has_words(dest) && !has_words(title) {
        // `[Section](#)`: only the text carries words; keep the link.
        out.push('[');
        escape_plain(text, Ctx::Inner, out);
        out.push_str("](");
        out.push_str(inside);
        out.push(')');
        return Some(close_paren + 1);
    }
    let shown = |out: &mut String| {
        if can_autolink(dest) {
            out.push('<');
            out.push_str(dest);
            out.push('>');
        } else {
            escape_plain(dest, Ctx::Inner, out);
        }
        if has_words(title) {
            out.push(' ');
            escape_plain(title, Ctx::Inner, out);
        }
    };
    if !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()) {
        // A citation list entry `[3](https://…)`: show `[3] https://…`.
        out.push_str("\\[");
        out.push_str(text);
        out.push_str("\\] ");
        shown(out);
    } else if text == dest {
        shown(out);
    } else {
        out.push('[');
        escape_plain(text, Ctx::Inner, out);
        out.push_str("](");
        out.push_str(inside);
        out.push_str(") (");
        shown(out);
        out.push(')');
    }
    Some(close_paren + 1)
}

/// For each `[` and `(` in `b`, the index of its matching `]` / `)` (`u32::MAX` when none);
/// other entries are unused. Backslash-escaped brackets don't count. Linear time.
fn bracket_pairs(b: &[u8]) -> Vec<u32> {
    let mut pairs = vec![u32::MAX; b.len()];
    let mut squares: Vec<usize> = Vec::new();
    let mut rounds: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => squares.push(i),
            b'(' => rounds.push(i),
            b']' => {
                if let Some(o) = squares.pop() {
                    pairs[o] = u32::try_from(i).unwrap_or(u32::MAX);
                }
            }
            b')' => {
                if let Some(o) = rounds.pop() {
                    pairs[o] = u32::try_from(i).unwrap_or(u32::MAX);
                }
            }
            _ => {}
        }
        i += 1;
    }
    pairs
}

/// Split a link's parenthesised part into destination and title; `None` when markdown would
/// not read it as a link (a space in a bare destination, an unquoted title).
#[expect(
    clippy::string_slice,
    reason = "cuts at the ASCII `<`, `>` or the whitespace find returned"
)]
fn split_destination(inside: &str) -> Option<(&str, &str)> {
    let (dest, rest) = if let Some(rest) = inside.strip_prefix('<') {
        let end = rest.find(['>', '<'])?;
        if rest.as_bytes()[end] != b'>' {
            return None;
        }
        (&rest[..end], rest[end + 1..].trim())
    } else {
        match inside.find(char::is_whitespace) {
            Some(sp) => (&inside[..sp], inside[sp..].trim()),
            None => (inside, ""),
        }
    };
    if dest.bytes().any(|c| c.is_ascii_control()) {
        return None;
    }
    let quoted = |open: char, close: char| {
        rest.len() >= 2 && rest.starts_with(open) && rest.ends_with(close)
    };
    let title_ok = rest.is_empty() || quoted('"', '"') || quoted('\'', '\'') || quoted('(', ')');
    title_ok.then_some((dest, rest))
}

/// Heading text for the outline: no number prefix (when `number` is given), no bold or code
/// markers, no backslash escapes, no trailing colon or heading attributes.
#[expect(
    clippy::string_slice,
    reason = "cuts at the ASCII braces found by rfind and ends_with"
)]
pub(super) fn outline_text(s: &str) -> String {
    let mut t = s.trim();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            let attrs = &t[open + 1..t.len() - 1];
            if attrs.starts_with(['#', '.']) || attrs.contains('=') {
                t = t[..open].trim_end();
            }
        }
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        chars.next();
                        continue;
                    }
                }
                out.push(c);
            }
            '*' | '`' => {}
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim().trim_end_matches(':').trim_end();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strip `**…**` / `__…__` wrapped around the whole of `s` (with an optional colon outside).
/// Returns the inner text (colon kept) when `s` is bold-only.
pub(super) fn bold_only(s: &str) -> Option<String> {
    let t = s.trim();
    for marker in ["**", "__"] {
        let Some(rest) = t.strip_prefix(marker) else {
            continue;
        };
        let (inner, colon) = match rest.strip_suffix(marker) {
            Some(inner) => (inner, ""),
            None => match rest.strip_suffix(":").and_then(|r| r.strip_suffix(marker)) {
                Some(inner) => (inner, ":"),
                None => continue,
            },
        };
        let inner = inner.trim();
        if inner.is_empty()
            || inner.contains(marker)
            || inner.starts_with('*')
            || inner.ends_with('*')
        {
            continue;
        }
        return Some(format!("{inner}{colon}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        escape_plain(s, Ctx::LineStart, &mut out);
        out
    }

    #[test]
    fn html_and_entities_become_text() {
        assert_eq!(
            esc("use <b>bold</b> & more"),
            "use &lt;b>bold&lt;/b> & more"
        );
        assert_eq!(esc("a &amp; b"), "a &amp;amp; b");
        assert_eq!(esc("<!-- hidden -->"), "&lt;!-- hidden -->");
        assert_eq!(
            esc("see <https://example.org/x>"),
            "see <https://example.org/x>"
        );
    }

    #[test]
    fn money_and_math() {
        assert_eq!(esc("costs $10K-$100K+"), "costs \\$10K-\\$100K+");
        assert_eq!(esc("already \\$5 each"), "already \\$5 each");
        assert_eq!(
            esc("solve $ax^2 + bx = 0$ now"),
            "solve $ax^2 + bx = 0$ now"
        );
        assert_eq!(esc("$$x = \\frac{a}{b}$$"), "$$x = \\frac{a}{b}$$");
        assert_eq!(esc("from $5 to $6 total"), "from \\$5 to \\$6 total");
        assert_eq!(esc("pay $5=$6"), "pay \\$5=\\$6");
        assert_eq!(esc("let $x$ be"), "let $x$ be");
        assert_eq!(esc("$$$"), "\\$\\$\\$");
    }

    #[test]
    fn line_start_hazards() {
        assert_eq!(esc("# of items"), "\\# of items");
        assert_eq!(
            esc("[note]: not a definition"),
            "\\[note]: not a definition"
        );
        assert_eq!(esc("a [b c"), "a \\[b c");
        assert_eq!(esc("==="), "\\===");
        assert_eq!(esc("`code <b>` and `x"), "`code <b>` and \\`x");
        assert_eq!(esc("ends with \\"), "ends with \\\\");
    }

    #[test]
    fn links_keep_their_urls() {
        assert_eq!(
            esc("[4](https://example.org/a)"),
            "\\[4\\] <https://example.org/a>"
        );
        assert_eq!(esc("[Intro](#)"), "[Intro](#)");
        assert_eq!(
            esc("see [docs](https://x.org/d) now"),
            "see [docs](https://x.org/d) (<https://x.org/d>) now"
        );
        assert_eq!(
            esc("![chart](img/c.png)"),
            "\\![chart](img/c.png) (img/c.png)"
        );
        assert_eq!(esc("[a](b c d)"), "\\[a](b c d)");
        assert_eq!(esc("[a](u \"T\")"), "[a](u \"T\") (u \"T\")");
    }

    #[test]
    fn outline_text_is_clean() {
        assert_eq!(outline_text("**Key Use Cases:**"), "Key Use Cases");
        assert_eq!(outline_text("Setup {#setup}"), "Setup");
        assert_eq!(outline_text("Costs \\$ and `code`"), "Costs $ and code");
        assert_eq!(
            bold_only("**Key Concepts:**").as_deref(),
            Some("Key Concepts:")
        );
        assert_eq!(
            bold_only("**Key Concepts**:").as_deref(),
            Some("Key Concepts:")
        );
        assert_eq!(bold_only("**A** and **B**"), None);
        assert_eq!(bold_only("**Lead** then text"), None);
    }
}
