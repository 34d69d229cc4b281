//! Code highlighting at build time with syntect, as CSS classes (`hl-*`), so one light and
//! one dark stylesheet serve both colour schemes.
//!
//! Input: code and its fence's language tag. Output: HTML spans; [`stylesheet`] gives the CSS.

use std::sync::LazyLock;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The longest line that is highlighted: syntect's regular expressions take time that
/// grows with the square of a line's length on some text (seconds for one line of a few
/// KB: bench/decisions.md#highlight-line-limit), so a block with a longer line is shown
/// unhighlighted.
pub const MAX_HIGHLIGHT_LINE: usize = 1_000;

/// The most a block may cost, counted as the sum of its lines' squared lengths (bytes²):
/// about half a second in the worst case measured, while ordinary code (lines of 40 to 80
/// bytes) stays highlighted up to thousands of lines.
pub const MAX_HIGHLIGHT_COST: usize = 16_000_000;

/// Whether `code` is small enough to highlight in bounded time ([`MAX_HIGHLIGHT_LINE`],
/// [`MAX_HIGHLIGHT_COST`]).
fn within_budget(code: &str) -> bool {
    let mut cost: usize = 0;
    for line in code.split('\n') {
        if line.len() > MAX_HIGHLIGHT_LINE {
            return false;
        }
        cost += line.len() * line.len();
        if cost > MAX_HIGHLIGHT_COST {
            return false;
        }
    }
    true
}

/// Highlighted HTML for `code` (without the surrounding `<pre>`), or `None` when the
/// language is unknown or the code too long to highlight in bounded time (the caller then
/// shows the code escaped, unhighlighted).
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let syntax = find_syntax(language)?;
    if !within_budget(code) {
        return None;
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(styled_classes_only(&generator.finalize()))
}

/// The `hl-*` classes some rule of the built-in stylesheets names (light or dark).
static STYLED: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let css = stylesheet();
    css.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .flat_map(|token| token.split('.'))
        .filter(|class| class.starts_with("hl-"))
        .map(str::to_string)
        .collect()
});

/// `html` with every `hl-*` class that no rule of the stylesheet names left out of its
/// spans (`hl-meta hl-function-call hl-arguments hl-shell` → `hl-meta`): syntect writes
/// the whole scope of every token, and most of it styles nothing; at 10,000 notes it was
/// a tenth of a note page. A span left with no class keeps its place as a bare `<span>`.
#[expect(
    clippy::string_slice,
    reason = "cuts at ASCII quotes of the generator's tags"
)]
fn styled_classes_only(html: &str) -> String {
    const OPEN: &str = "<span class=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let classes_start = at + OPEN.len();
        let Some(end) = rest[classes_start..].find('"').map(|e| classes_start + e) else {
            break;
        };
        out.push_str(&rest[..at]);
        let kept: Vec<&str> = rest[classes_start..end]
            .split_whitespace()
            .filter(|class| STYLED.contains(*class))
            .collect();
        if kept.is_empty() {
            out.push_str("<span");
        } else {
            out.push_str(OPEN);
            out.push_str(&kept.join(" "));
            out.push('"');
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The syntax for a fence's language tag (`python`, `py`, `json`, `sh`, `shell`, ...).
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let language = language.trim().to_ascii_lowercase();
    if language.is_empty() {
        return None;
    }
    let token = match language.as_str() {
        "shell" | "console" | "zsh" | "bash" => "sh",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "py3" | "python3" => "py",
        "ts" | "typescript" => "js",
        "hcl" | "terraform" | "tf" => "ruby",
        other => other,
    };
    SYNTAXES
        .find_syntax_by_token(token)
        .or_else(|| SYNTAXES.find_syntax_by_extension(token))
}

/// Background of code blocks in the default theme's CSS, light and dark.
const LIGHT_BACKGROUND: Color = Color {
    r: 0xf3,
    g: 0xf4,
    b: 0xf6,
    a: 0xff,
};
const DARK_BACKGROUND: Color = Color {
    r: 0x16,
    g: 0x1b,
    b: 0x22,
    a: 0xff,
};

/// CSS for the `hl-*` classes. Exactly one palette applies at a time: light unless the
/// toggle or the system says dark. Token colours are adjusted to reach 4.5:1 contrast
/// against the code background (WCAG AA).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css_of = |name: &str, background: Color| {
        let mut theme: Theme = themes.themes[name].clone();
        ensure_contrast(&mut theme, background);
        css_for_theme_with_class_style(&theme, CLASS_STYLE).expect("built-in theme converts to CSS")
    };
    let light = css_of(LIGHT_THEME, LIGHT_BACKGROUND);
    let dark = css_of(DARK_THEME, DARK_BACKGROUND);
    let mut css =
        String::from("/* Code highlighting, generated by notesite from syntect themes. */\n");
    css.push_str("/* Light: chosen with the toggle. */\n");
    css.push_str(&scope_rules(&light, "html[data-theme=\"light\"] "));
    css.push_str("/* Light: the system's scheme unless dark was chosen. */\n@media not (prefers-color-scheme: dark) {\n");
    css.push_str(&scope_rules(&light, "html:not([data-theme=\"dark\"]) "));
    css.push_str("}\n/* Dark: chosen with the toggle. */\n");
    css.push_str(&scope_rules(&dark, "html[data-theme=\"dark\"] "));
    css.push_str("/* Dark: the system's scheme unless light was chosen. */\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scope_rules(&dark, "html:not([data-theme=\"light\"]) "));
    css.push_str("}\n");
    css
}

/// Move every foreground colour of `theme` towards black or white until it reaches 4.5:1
/// against `background`.
fn ensure_contrast(theme: &mut Theme, background: Color) {
    let dark_background = luminance(background) < 0.5;
    let fix = |color: &mut Color| {
        let target = if dark_background { 255.0 } else { 0.0 };
        let mut step = 0;
        while contrast(*color, background) < 4.5 && step < 40 {
            let mix = |c: u8| (f64::from(c) + (target - f64::from(c)) * 0.08).round() as u8;
            *color = Color {
                r: mix(color.r),
                g: mix(color.g),
                b: mix(color.b),
                a: 0xff,
            };
            step += 1;
        }
    };
    if let Some(color) = theme.settings.foreground.as_mut() {
        fix(color);
    }
    for item in &mut theme.scopes {
        if let Some(color) = item.style.foreground.as_mut() {
            fix(color);
        }
        item.style.background = None;
    }
    theme.settings.background = None;
}

fn luminance(color: Color) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)
}

/// WCAG contrast ratio of two colours.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Prefix every selector of flat CSS rules (`a, b { ... }`) with `scope`.
#[expect(clippy::string_slice, reason = "cuts at ASCII braces in CSS")]
fn scope_rules(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let selectors = strip_comments(&rest[..open]);
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope}{s}"))
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(", "));
            out.push_str(&rest[open..=close]);
            out.push('\n');
        }
        rest = &rest[close + 1..];
    }
    out
}

#[expect(clippy::string_slice, reason = "cuts at ASCII comment markers")]
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_with_a_very_long_line_is_left_unhighlighted() {
        let long = format!("let x = \"{}\";", "ary".repeat(MAX_HIGHLIGHT_LINE));
        assert!(highlight(&long, "rust").is_none());
        let many = "let total = items.iter().map(|i| i.price).sum::<u64>();\n".repeat(2_000);
        assert!(
            highlight(&many, "rust").is_some(),
            "ordinary code stays highlighted"
        );
        let too_many =
            "let x = 1; // a line of code of about eighty bytes, repeated.......\n".repeat(20_000);
        assert!(highlight(&too_many, "rust").is_none());
    }

    #[test]
    fn known_languages_are_highlighted_with_prefixed_classes() {
        let html = highlight("import boto3\n", "python").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(highlight("{\"a\": 1}\n", "json").is_some());
        assert!(highlight("aws s3 ls\n", "shell").is_some());
    }

    #[test]
    fn spans_keep_only_the_classes_the_stylesheet_styles() {
        let css = stylesheet();
        let html = highlight(
            "aws s3 ls --query 'Items[].Name' \\\n  --output text\n",
            "bash",
        )
        .unwrap();
        let mut classes = 0;
        for tag in html.split("<span class=\"").skip(1) {
            for class in tag.split('"').next().unwrap().split_whitespace() {
                classes += 1;
                assert!(css.contains(&format!(".{class}")), "{class} styles nothing");
            }
        }
        assert!(classes > 0, "{html}");
        // The text is all there, and every span that opens closes.
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert!(html.contains("Items[].Name"), "{html}");
        let python = highlight("import boto3\n", "python").unwrap();
        assert!(python.contains("hl-keyword"), "{python}");
    }

    #[test]
    fn unknown_languages_are_left_to_the_caller() {
        assert!(highlight("x", "no-such-language").is_none());
        assert!(highlight("x", "").is_none());
    }

    #[test]
    fn stylesheet_scopes_each_palette_to_its_scheme() {
        let css = stylesheet();
        assert!(css.contains("html[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("html[data-theme=\"light\"] .hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains("@media not (prefers-color-scheme: dark)"));
    }

    #[test]
    fn token_colours_reach_aa_contrast() {
        let themes = ThemeSet::load_defaults();
        for (name, background) in [
            (LIGHT_THEME, LIGHT_BACKGROUND),
            (DARK_THEME, DARK_BACKGROUND),
        ] {
            let mut theme = themes.themes[name].clone();
            ensure_contrast(&mut theme, background);
            for item in &theme.scopes {
                if let Some(color) = item.style.foreground {
                    assert!(contrast(color, background) >= 4.5, "{name}: {color:?}");
                }
            }
        }
    }
}
