//! The no-words-lost checker: render markdown the way the site does, take the page text,
//! and check that the input's words appear in it, in order.
//!
//! Words are runs of ASCII letters and digits, compared in lowercase. Page text is the HTML
//! with tags removed and entities decoded; math is counted by its source text (the real
//! renderer turns it into MathML with the same identifiers), ordered-list numbers, checked
//! task boxes and a fence's language label by what the page shows.

use super::super::{recover, NoteKind, Recovered};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The site's markdown dialect.
pub(super) fn options() -> Options {
    crate::markdown_options()
}

/// The text a reader sees on the page rendered from `md`.
pub(super) fn page_text(md: &str) -> String {
    let mut numbers: Vec<Option<u64>> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::List(start)) => {
                numbers.push(start);
                events.push(Event::Start(Tag::List(start)));
            }
            Event::End(TagEnd::List(ordered)) => {
                numbers.pop();
                events.push(Event::End(TagEnd::List(ordered)));
            }
            Event::Start(Tag::Item) => {
                events.push(Event::Start(Tag::Item));
                if let Some(Some(n)) = numbers.last_mut() {
                    events.push(Event::Text(CowStr::from(format!("{n}. "))));
                    *n += 1;
                }
            }
            // A formula is its own element on the page: keep it apart from the text around it.
            Event::InlineMath(src) | Event::DisplayMath(src) => {
                events.push(Event::Text(CowStr::from(format!(" {src} "))))
            }
            // A fence's language (```python) is shown as the block's label, not dropped.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                events.push(Event::Text(CowStr::from(format!("{info} "))));
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            }
            Event::TaskListMarker(checked) => events.push(Event::Text(CowStr::from(if checked {
                "[x] "
            } else {
                "[ ] "
            }))),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(md.len() * 2);
    html::push_html(&mut out, events.into_iter());
    decode_entities(&strip_tags(&out))
}

/// Remove `<…>` tags, leaving a space so words on both sides stay apart.
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => {
                in_tag = false;
                out.push(' ');
            }
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

/// Decode the entities the HTML renderer writes.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let known = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&amp;", '&'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
        ];
        match known.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Plain text as a reader should see it: the formatting tags a recovered table cell keeps
/// (`<b>`, `<br>`) are formatting, not words, and entities are their characters.
pub(super) fn reader_text(input: &str) -> String {
    let b = input.as_bytes();
    let mut kept = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match crate::inline::cell_tag(b, i).filter(|_| b[i] == b'<') {
            Some(len) => {
                kept.push(b' ');
                i += len;
            }
            None => {
                kept.push(b[i]);
                i += 1;
            }
        }
    }
    decode_entities(&String::from_utf8_lossy(&kept))
}

/// Words with the 1-based line each starts on.
pub(super) fn words_with_lines(text: &str) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut line = 1;
    let mut current = String::new();
    let mut start_line = 1;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if current.is_empty() {
                start_line = line;
            }
            current.push(c.to_ascii_lowercase());
        } else if !current.is_empty() {
            words.push((std::mem::take(&mut current), start_line));
        }
        if c == '\n' {
            line += 1;
        }
    }
    if !current.is_empty() {
        words.push((current, start_line));
    }
    words
}

/// Words of `text`, lowercase.
pub(super) fn words(text: &str) -> Vec<String> {
    words_with_lines(text).into_iter().map(|(w, _)| w).collect()
}

/// Check that `expected` is a subsequence of `page`; on failure, explain where.
pub(super) fn check_subsequence(
    expected: &[(String, usize)],
    page: &[String],
    recovered_md: &str,
) -> Result<usize, String> {
    let mut j = 0;
    let mut last_match: usize = 0;
    for (i, (word, line)) in expected.iter().enumerate() {
        while j < page.len() && page[j] != *word {
            j += 1;
        }
        if j == page.len() {
            let around = |ws: Vec<&str>| ws.join(" ");
            let before: Vec<&str> = expected[i.saturating_sub(8)..i]
                .iter()
                .map(|(w, _)| w.as_str())
                .collect();
            let after: Vec<&str> = expected[i + 1..(i + 8).min(expected.len())]
                .iter()
                .map(|(w, _)| w.as_str())
                .collect();
            let page_near: Vec<&str> = page
                [last_match.saturating_sub(6)..(last_match + 12).min(page.len())]
                .iter()
                .map(String::as_str)
                .collect();
            let md_excerpt: String = recovered_md
                .lines()
                .filter(|l| l.to_lowercase().contains(word.as_str()))
                .take(3)
                .collect::<Vec<_>>()
                .join("\n    ");
            return Err(format!(
                "word #{i} {word:?} (input line {line}) is missing from the page after word #{} of the page\n  \
                 input:  … {} [{word}] {} …\n  page:   … {} …\n  markdown lines with it:\n    {md_excerpt}",
                last_match,
                around(before),
                around(after),
                around(page_near),
            ));
        }
        last_match = j;
        j += 1;
    }
    Ok(expected.len())
}

/// Recover `input` and check no word was lost. Plain text: the reference is the input's raw
/// words. Markdown: the reference is the page text of the input as written. Returns the
/// recovery and the number of words checked.
pub(super) fn recover_checked(name: &str, input: &str, kind: NoteKind) -> (Recovered, usize) {
    let recovered = recover(input, kind);
    let expected = match kind {
        NoteKind::PlainText => words_with_lines(&reader_text(input)),
        NoteKind::Markdown => words_with_lines(&page_text(input)),
    };
    let page = words(&page_text(&recovered.markdown));
    match check_subsequence(&expected, &page, &recovered.markdown) {
        Ok(n) => (recovered, n),
        Err(e) => panic!("{name} ({kind:?}): {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_counts_list_numbers_math_and_tasks() {
        let text = page_text("3. three\n4. four\n\n- [x] done\n\n$a^2$ and <b>x</b> &amp;\n");
        let w = words(&text);
        assert_eq!(
            w,
            ["3", "three", "4", "four", "x", "done", "a", "2", "and", "x"]
        );
    }

    #[test]
    fn a_missing_word_is_reported_with_context() {
        let expected = words_with_lines("alpha beta\ngamma delta");
        let page = words("alpha gamma delta");
        let err = check_subsequence(&expected, &page, "alpha gamma delta").unwrap_err();
        assert!(err.contains("\"beta\" (input line 1)"), "{err}");
    }
}
