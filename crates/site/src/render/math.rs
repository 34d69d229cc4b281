//! Math at build time: LaTeX between `$...$` or `$$...$$` becomes MathML, which browsers
//! render natively (no JavaScript, no fonts to fetch).
//!
//! Input: the LaTeX source of one formula. Output: a `<math>` element whose every piece of
//! source text is escaped: the converter copies some of it as it is (`\operatorname{...}`,
//! operators, error messages), so `<`, `>` and `"` never reach it as themselves.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};
use std::borrow::Cow;

/// Characters that would end an element or attribute, and the stand-ins (private-use code
/// points) the converter sees instead; they are turned into entities in its output.
const GUARDED: [(char, char, &str); 3] = [
    ('<', '\u{F8F0}', "&lt;"),
    ('>', '\u{F8F1}', "&gt;"),
    ('"', '\u{F8F2}', "&quot;"),
];

/// MathML for one formula; `display` selects block layout. LaTeX the converter cannot read
/// is shown in the error colour inside the formula, so the page still builds.
pub fn to_mathml(latex: &str, display: bool) -> String {
    let guarded = latex.contains(['<', '>', '"']) || latex.contains(stand_in);
    let source: Cow<str> = if guarded {
        latex
            .chars()
            .map(|c| GUARDED.iter().find(|g| g.0 == c).map_or(c, |g| g.1))
            .collect::<String>()
            .into()
    } else {
        latex.into()
    };
    let storage = Storage::new();
    let parser = Parser::new(&source, &storage);
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: None,
        ..RenderConfig::default()
    };
    let mut out = String::new();
    if push_mathml(&mut out, parser, config).is_err() {
        return format!(
            "<code class=\"math-error\">{}</code>",
            crate::render::theme::escape_html(latex)
        );
    }
    if guarded {
        out = restore(&out);
    }
    with_annotation(&out, latex)
}

fn stand_in(c: char) -> bool {
    GUARDED.iter().any(|g| g.1 == c)
}

/// The converter's output with each stand-in written as its entity; a stand-in alone in an
/// identifier was an operator (`a<b`), so it becomes `<mo>` again.
fn restore(mathml: &str) -> String {
    let mut out = mathml.to_string();
    for (c, stand_in, entity) in GUARDED {
        if matches!(c, '<' | '>') {
            out = out.replace(
                &format!("<mi>{stand_in}</mi>"),
                &format!("<mo>{entity}</mo>"),
            );
        }
        out = out.replace(stand_in, entity);
    }
    out
}

/// `<math ...>body</math>` with the source kept, escaped, as a TeX annotation (copy and
/// paste, screen readers).
fn with_annotation(mathml: &str, latex: &str) -> String {
    let open_end = mathml.find('>');
    let body_end = mathml.rfind("</math>");
    let (Some(head), Some(body)) = (
        open_end.and_then(|end| mathml.get(..=end)),
        open_end
            .zip(body_end)
            .and_then(|(open, end)| mathml.get(open + 1..end)),
    ) else {
        return mathml.to_string();
    };
    let latex = crate::render::theme::escape_html(latex);
    format!(
        "{head}<semantics><mrow>{body}</mrow><annotation encoding=\"application/x-tex\">{latex}</annotation></semantics></math>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_become_mathml() {
        let html = to_mathml(r"\frac{TP}{TP+FP}", true);
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(html.contains("<mfrac"), "{html}");
        assert!(html
            .contains("<annotation encoding=\"application/x-tex\">\\frac{TP}{TP+FP}</annotation>"));
    }

    #[test]
    fn less_than_is_an_escaped_operator_and_escaped_in_the_annotation() {
        let html = to_mathml("a<b", false);
        assert!(html.contains("<mo>&lt;</mo>"), "{html}");
        assert!(html.contains(">a&lt;b</annotation>"), "{html}");
        assert!(!html.contains("<b"), "{html}");
    }

    #[test]
    fn markup_in_math_source_is_never_written_as_markup() {
        for latex in [
            r"\text{<img src=x onerror=alert(301)>}",
            r"\operatorname{<img src=x onerror=alert(302)>}",
            r#"\mathrm{"><svg onload=alert(303)>}"#,
            r"\unknowncommand<script>alert(304)</script>",
            "\u{F8F0}img src=x onerror=alert(305)\u{F8F1}",
        ] {
            for display in [false, true] {
                let html = to_mathml(latex, display);
                let fragment = scraper::Html::parse_fragment(&html);
                for element in fragment.root_element().descendants() {
                    let Some(element) = element.value().as_element() else {
                        continue;
                    };
                    let name = element.name();
                    assert!(
                        !["img", "svg", "script"].contains(&name),
                        "{latex} gave {html}"
                    );
                    assert!(
                        element.attrs().all(|(a, _)| !a.starts_with("on")),
                        "{latex} gave {html}"
                    );
                }
                assert!(html.ends_with("</annotation></semantics></math>"), "{html}");
            }
        }
    }
}
