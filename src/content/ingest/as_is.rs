//! Plain text kept exactly as written: every line a line, nothing read as markdown.
//!
//! Input: plain text. Output: markdown that renders the same words and line breaks.

/// Markdown that shows `text` verbatim: paragraphs at blank lines, a line break at each line end.
pub fn as_is_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut in_paragraph = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            if in_paragraph {
                out.push_str("\n\n");
            }
            in_paragraph = false;
            continue;
        }
        if in_paragraph {
            out.push_str("\\\n");
        }
        escape_line(line.trim_end(), &mut out);
        in_paragraph = true;
    }
    out.push('\n');
    out
}

/// Escape every ASCII punctuation character so markdown and HTML read the line as text.
pub(crate) fn escape_line(line: &str, out: &mut String) {
    let line = line.trim_start();
    for c in line.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_is_shown_as_text() {
        let md = as_is_plain_text("# not a heading\n<b>x</b> $5\n\nnext");
        assert_eq!(md, "\\# not a heading\\\n\\<b\\>x\\<\\/b\\> \\$5\n\nnext\n");
    }
}
