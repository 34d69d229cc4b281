//! A note's text made safe to parse: every line ending becomes `\n` and control characters
//! that HTML forbids are removed, before front matter, outline or markdown see the text.
//!
//! Input: the text of a file as read. Output: the normalised text and, when characters were
//! removed, where the first one was (line and column as an editor shows them).

use std::borrow::Cow;

/// A note's text with uniform line endings and no forbidden control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised<'a> {
    /// The text: `\r\n` and lone `\r` turned into `\n`, forbidden controls removed.
    pub text: Cow<'a, str>,
    /// How many control characters were removed.
    pub removed: usize,
    /// The first one removed: the character, its 1-based line and column.
    pub first_removed: Option<(char, usize, usize)>,
}

/// Normalise line endings (`\r\n`, lone `\r` → `\n`) and remove control characters other
/// than tab and newline (U+0000–U+001F, U+007F–U+009F), which are invalid in HTML text.
///
/// A lone `\r` (old Mac files) is a line break, so line numbers match what editors show.
pub fn normalise(text: &str) -> Normalised<'_> {
    if !needs_work(text.as_bytes()) {
        return Normalised {
            text: Cow::Borrowed(text),
            removed: 0,
            first_removed: None,
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut first_removed = None;
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' => out.push('\n'),
            c if is_forbidden_control(c) => {
                removed += 1;
                first_removed.get_or_insert((c, line, column));
                column += 1;
                continue;
            }
            c => {
                out.push(c);
                column += 1;
                continue;
            }
        }
        line += 1;
        column = 1;
    }
    Normalised {
        text: Cow::Owned(out),
        removed,
        first_removed,
    }
}

/// Whether [`normalise`] changes anything. Every note goes through this, and most have
/// nothing to change, so it reads them to the end without branches, which the compiler
/// vectorises (five times faster than a byte-by-byte `any`: bench/decisions.md#normalise-scan).
fn needs_work(bytes: &[u8]) -> bool {
    let control = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7f);
    // U+0080–U+009F are encoded as C2 80 – C2 9F.
    let found = bytes.windows(2).fold(false, |found, pair| {
        found | control(pair[0]) | ((pair[0] == 0xc2) & (pair[1] < 0xa0))
    });
    found || bytes.last().is_some_and(|&b| control(b))
}

/// Control characters that may not appear in HTML text (tab, newline and CR excepted).
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        let n = normalise("# T\r\nline\rnext\r\rend\n");
        assert_eq!(n.text, "# T\nline\nnext\n\nend\n");
        assert_eq!(n.removed, 0);
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let n = normalise("# T\n\ttabbed, ünïcode © 2025\n");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        for changed in ["\r", "a\0", "\u{7f}", "x\u{85}", "\u{9f}y"] {
            assert!(needs_work(changed.as_bytes()), "{changed:?}");
        }
        assert!(!needs_work(b"") && !needs_work("\u{a0}\u{a9}".as_bytes()));
    }

    #[test]
    fn controls_are_removed_and_the_first_located() {
        let n = normalise("ok\r\nab\0c\u{1b}[0m\u{85}\n");
        assert_eq!(n.text, "ok\nabc[0m\n");
        assert_eq!(n.removed, 3);
        assert_eq!(n.first_removed, Some(('\0', 2, 3)));
    }

    #[test]
    fn lone_cr_counts_as_a_line_for_locations() {
        let n = normalise("a\rb\r\u{7}");
        assert_eq!(n.first_removed, Some(('\u{7}', 3, 1)));
    }
}
