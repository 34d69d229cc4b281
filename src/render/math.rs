//! Math at build time: LaTeX between `$...$` or `$$...$$` becomes MathML, which browsers
//! render natively (no JavaScript, no fonts to fetch).
//!
//! Input: the LaTeX source of one formula. Output: a `<math>` element.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// MathML for one formula; `display` selects block layout. LaTeX the converter cannot read
/// is shown in the error colour inside the formula, so the page still builds.
pub fn to_mathml(latex: &str, display: bool) -> String {
    let storage = Storage::new();
    let parser = Parser::new(latex, &storage);
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    if push_mathml(&mut out, parser, config).is_err() {
        out = format!(
            "<code class=\"math-error\">{}</code>",
            crate::render::theme::escape_html(latex)
        );
    }
    out
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
    }
}
