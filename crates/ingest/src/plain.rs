//! Plain text → markdown: every unit written out as clean CommonMark, with the headings the
//! outline pass found, lists re-indented, tables normalised, code fenced and text escaped.
//!
//! Input: lines, units, headings. Output: the markdown and warnings.

use super::blocks::{Kind, Unit};
use super::heads::Heading;
use super::inline::{escape_entities, escape_plain, Ctx};
use super::lines::{indent, ItemShape, Line, Marker};
use super::table;

/// One open list level.
#[derive(Debug, Clone, Copy)]
struct Level {
    /// Indentation of the marker in the source.
    src_indent: usize,
    /// Indentation of the marker in the output.
    out_indent: usize,
    /// Column where the item's text starts in the output.
    content_col: usize,
    /// For an ordered list: the number the next item needs to continue it, and the delimiter.
    ordered: Option<(u64, u8)>,
}

/// The paragraph (or list item text) being written.
#[derive(Debug, Clone, Copy)]
struct Para {
    indent: usize,
    /// Index of its last line in `out`.
    last: usize,
    /// Length and last character of that line in the source.
    last_len: usize,
    last_char: char,
}

struct Emitter<'a> {
    lines: &'a [Line<'a>],
    out: Vec<String>,
    list: Vec<Level>,
    para: Option<Para>,
    warnings: Vec<(usize, String)>,
}

/// Write plain-text units as markdown.
pub(super) fn emit(
    lines: &[Line<'_>],
    units: &[Unit],
    heads: &[Heading],
) -> (String, Vec<(usize, String)>) {
    let mut head_at: Vec<Option<&Heading>> = vec![None; units.len()];
    for h in heads {
        head_at[h.unit] = Some(h);
    }
    let mut e = Emitter {
        lines,
        out: Vec::with_capacity(lines.len() + 16),
        list: Vec::new(),
        para: None,
        warnings: Vec::new(),
    };
    let mut ui = 0;
    while ui < units.len() {
        let u = units[ui];
        if u.end == u.start {
            ui += 1;
            continue;
        }
        if let Some(h) = head_at[ui] {
            e.close_all();
            e.blank();
            let mut line = "#".repeat(usize::from(h.level));
            line.push(' ');
            escape_plain(&h.text, Ctx::Heading, &mut line);
            e.out.push(line);
            e.blank();
            ui += 1;
            continue;
        }
        match u.kind {
            Kind::Blank => {
                ui = e.blank_run(units, &head_at, ui);
                continue;
            }
            Kind::Fence {
                closed,
                indent: fence_indent,
            } => {
                e.close_all();
                e.blank();
                for (k, line) in lines[u.start..u.end].iter().enumerate() {
                    let text = strip_columns(line.text, fence_indent).trim_end();
                    // The opener's info string is decoded like text: keep entities visible.
                    e.out.push(if k == 0 {
                        escape_entities(text)
                    } else {
                        text.to_string()
                    });
                }
                if !closed {
                    let opener = lines[u.start].text.trim();
                    let ch = opener.chars().next().unwrap_or('`');
                    let run = opener.chars().take_while(|&c| c == ch).count();
                    e.out.push(ch.to_string().repeat(run));
                    e.warnings.push((
                        lines[u.start].no,
                        "this code block is never closed; it was closed at the end of the note"
                            .into(),
                    ));
                }
                e.blank();
            }
            Kind::Math => {
                // One line: inside a paragraph, a formula line that looks like a list item or
                // an underline would break the formula apart.
                e.close_all();
                e.blank();
                let body: Vec<&str> = lines[u.start + 1..u.end - 1]
                    .iter()
                    .map(|l| l.text.trim())
                    .collect();
                e.out.push(format!("$${}$$", body.join(" ")));
                e.blank();
            }
            Kind::Code => {
                e.close_all();
                e.blank();
                let common = lines[u.start..u.end]
                    .iter()
                    .map(|l| indent(l.text).0)
                    .min()
                    .unwrap_or(0);
                e.out.push("```".into());
                for line in &lines[u.start..u.end] {
                    e.out
                        .push(strip_columns(line.text, common).trim_end().to_string());
                }
                e.out.push("```".into());
                e.blank();
            }
            Kind::Table { tsv } => {
                e.close_all();
                e.blank();
                let rows: Vec<&str> = lines[u.start..u.end].iter().map(|l| l.text).collect();
                if table::render(&rows, tsv, &mut e.out) {
                    e.warnings.push((
                        lines[u.start].no,
                        "table rows had different numbers of cells; short rows were padded".into(),
                    ));
                }
                e.blank();
            }
            Kind::Rule => {
                e.close_all();
                e.blank();
                e.out.push("---".into());
                e.blank();
            }
            Kind::Item(shape) => e.item(shape, lines[u.start]),
            Kind::Atx { .. } | Kind::Text => e.text(lines[u.start]),
            Kind::Html => {
                for line in &lines[u.start..u.end] {
                    e.text(*line);
                }
            }
            Kind::Setext { level } => {
                for line in &lines[u.start..u.end - 1] {
                    e.text(*line);
                }
                if level == 2 {
                    e.close_all();
                    e.blank();
                    e.out.push("---".into());
                    e.blank();
                } else {
                    e.text(lines[u.end - 1]);
                }
            }
        }
        ui += 1;
    }
    let mut md = String::with_capacity(e.out.iter().map(|l| l.len() + 1).sum());
    for line in e.out.iter().skip_while(|l| l.is_empty()) {
        md.push_str(line);
        md.push('\n');
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    (md, e.warnings)
}

/// Drop up to `cols` columns of leading whitespace.
#[expect(clippy::string_slice, reason = "cuts after ASCII spaces and tabs")]
fn strip_columns(s: &str, cols: usize) -> &str {
    let mut width = 0;
    for (i, b) in s.bytes().enumerate() {
        if width >= cols {
            return &s[i..];
        }
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => return &s[i..],
        }
    }
    ""
}

impl Emitter<'_> {
    /// Make sure the output ends with a blank line (and never starts with one).
    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
    }

    fn close_all(&mut self) {
        self.para = None;
        self.list.clear();
    }

    /// Blank lines at `ui`: usually they end the paragraph and any list, but a list goes on
    /// across them when another item follows, and a line starting in lowercase after a line
    /// cut mid-sentence is joined back. Returns the next unit to handle.
    fn blank_run(&mut self, units: &[Unit], head_at: &[Option<&Heading>], ui: usize) -> usize {
        let mut j = ui;
        let mut blanks = 0;
        while j < units.len()
            && (matches!(units[j].kind, Kind::Blank) || units[j].end == units[j].start)
        {
            blanks += units[j].end - units[j].start;
            j += 1;
        }
        let Some(next) = units.get(j) else { return j };
        if head_at[j].is_none() {
            if !self.list.is_empty() && matches!(next.kind, Kind::Item(_)) {
                self.para = None;
                return j;
            }
            if let (Some(para), Kind::Text, 1) = (self.para, next.kind, blanks) {
                let next_line = self.lines[next.start].text.trim_start();
                let cut_mid_sentence = para.last_char.is_alphanumeric() || para.last_char == ',';
                if cut_mid_sentence && next_line.starts_with(|c: char| c.is_ascii_lowercase()) {
                    return j;
                }
            }
        }
        self.close_all();
        self.blank();
        j
    }

    /// A paragraph line (or the continuation of a list item's text).
    fn text(&mut self, line: Line<'_>) {
        let t = line.text.trim();
        match self.para {
            Some(para) => {
                let soft = para.last_len >= 70 && !matches!(para.last_char, '.' | '!' | '?' | ':');
                if !soft {
                    self.out[para.last].push_str("  ");
                }
                let mut s = " ".repeat(para.indent);
                escape_plain(t, Ctx::LineStart, &mut s);
                self.out.push(s);
            }
            None => {
                self.list.clear();
                self.blank();
                let mut s = String::new();
                escape_plain(t, Ctx::LineStart, &mut s);
                self.out.push(s);
            }
        }
        self.para = Some(Para {
            indent: self.para.map_or(0, |p| p.indent),
            last: self.out.len() - 1,
            last_len: t.chars().count(),
            last_char: t.chars().last().unwrap_or(' '),
        });
    }

    /// A list item, nested by its source indentation.
    #[expect(
        clippy::string_slice,
        reason = "the content offset comes from item_shape on this same line"
    )]
    fn item(&mut self, shape: ItemShape, line: Line<'_>) {
        let content = line.text[shape.content..].trim();
        if content.is_empty() && shape.marker == Marker::Bullet {
            // A bare `-` carries no words; writing it could turn the line above into a heading.
            return;
        }
        self.para = None;
        if self.list.is_empty() {
            self.blank();
        }
        let mut popped: Vec<Level> = Vec::new();
        while let Some(top) = self
            .list
            .last()
            .copied()
            .filter(|t| t.src_indent > shape.indent)
        {
            self.list.pop();
            popped.push(top);
        }
        let sibling = self
            .list
            .last()
            .filter(|t| t.src_indent == shape.indent)
            .copied();
        if sibling.is_some() {
            self.list.pop();
        }
        let out_indent = match sibling {
            Some(s) => s.out_indent,
            None => self.list.last().map_or(0, |t| t.content_col),
        };
        // Markdown continues whatever list sits at the same output column, even one opened
        // by an item that was deeper in the source.
        let sibling = sibling.or_else(|| {
            popped
                .iter()
                .rev()
                .find(|l| l.out_indent == out_indent)
                .copied()
        });
        let (marker, ordered) = match shape.marker {
            Marker::Bullet => ("-".to_string(), None),
            Marker::Ordered(n, delim) => {
                // Markdown numbers a list's items itself; when the source skips or repeats a
                // number, switching the delimiter starts a new list that starts at `n`.
                let delim = match sibling.and_then(|s| s.ordered) {
                    Some((expected, d)) if expected == n => d,
                    Some((_, d)) => {
                        if d == b'.' {
                            b')'
                        } else {
                            b'.'
                        }
                    }
                    None => delim,
                };
                (
                    format!("{n}{}", char::from(delim)),
                    Some((n.saturating_add(1), delim)),
                )
            }
        };
        let content_col = out_indent + marker.len() + 1;
        self.list.push(Level {
            src_indent: shape.indent,
            out_indent,
            content_col,
            ordered,
        });
        let mut s = " ".repeat(out_indent);
        s.push_str(&marker);
        if !content.is_empty() {
            s.push(' ');
            escape_plain(content, Ctx::LineStart, &mut s);
        }
        self.out.push(s);
        self.para = Some(Para {
            indent: content_col,
            last: self.out.len() - 1,
            last_len: content.chars().count(),
            last_char: content.chars().last().unwrap_or(' '),
        });
    }
}
