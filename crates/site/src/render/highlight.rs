//! Code highlighting at build time with syntect, as a few short CSS classes (`hl-k`,
//! `hl-s`, ...), so one light and one dark stylesheet serve both colour schemes.
//!
//! Input: code and its fence's language tag. Output: HTML spans; [`stylesheet`] gives the CSS.
//!
//! Each token's scope stack is reduced to one of a fixed set of kinds ([`KINDS`]: keyword,
//! string, number, comment, ...), adjacent tokens of the same kind share one span, and
//! tokens of no kind (punctuation, plain names) get none. The stylesheet colours each kind
//! as the light and dark syntect themes colour its representative scope. syntect's own
//! class output writes every token's whole scope stack as nested spans (`hl-meta
//! hl-structure hl-dictionary hl-json` around each quote of a JSON key): it was 2.8 KB of
//! a 25 KB note page at 10,000 notes for a 10-line code block (bench/issue19-weight-2026-12-07.md).

use std::sync::LazyLock;
use syntect::highlighting::{Color, FontStyle, Highlighter, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The kinds of token that get a colour: (class suffix, scope prefixes that make a token
/// this kind, the scope whose theme style the kind takes). A token takes the kind of the
/// innermost scope of its stack that some kind names, in the order of this table.
const KINDS: &[(&str, &[&str], &str)] = &[
    ("c", &["comment"], "comment.line"),
    (
        "s",
        &["string", "constant.character"],
        "string.quoted.double",
    ),
    ("n", &["constant.numeric"], "constant.numeric"),
    ("l", &["constant"], "constant.language"),
    ("k", &["keyword"], "keyword.control"),
    (
        "t",
        &[
            "storage",
            "support.type",
            "entity.name.type",
            "entity.name.class",
            "support.class",
        ],
        "storage.type",
    ),
    (
        "f",
        &[
            "entity.name.function",
            "support.function",
            "meta.function-call.generic",
        ],
        "entity.name.function",
    ),
    ("g", &["entity.name.tag"], "entity.name.tag"),
    (
        "a",
        &["entity.other.attribute-name"],
        "entity.other.attribute-name",
    ),
    (
        "v",
        &[
            "variable.parameter",
            "variable.other.readwrite.shell",
            "variable.language",
        ],
        "variable.parameter",
    ),
];

/// The scope prefixes of [`KINDS`], parsed once.
static KIND_SCOPES: LazyLock<Vec<Vec<Scope>>> = LazyLock::new(|| {
    KINDS
        .iter()
        .map(|(_, prefixes, _)| {
            prefixes
                .iter()
                .map(|p| Scope::new(p).expect("a valid scope"))
                .collect()
        })
        .collect()
});

/// The kind (index into [`KINDS`]) of a token with scope stack `stack`.
fn kind_of(stack: &ScopeStack) -> Option<usize> {
    stack.as_slice().iter().rev().find_map(|scope| {
        KIND_SCOPES
            .iter()
            .position(|prefixes| prefixes.iter().any(|p| p.is_prefix_of(*scope)))
    })
}

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
#[expect(
    clippy::string_slice,
    reason = "syntect's token ranges are at character boundaries of the line"
)]
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let syntax = find_syntax(language)?;
    if !within_budget(code) {
        return None;
    }
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    // The kind of the span open in `out`, if any.
    let mut open: Option<usize> = None;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        let mut token = |text: &str, stack: &ScopeStack, out: &mut String| {
            if text.is_empty() {
                return;
            }
            // Whitespace joins whatever span is open rather than splitting two of a kind.
            let kind = if text.trim().is_empty() {
                open
            } else {
                kind_of(stack)
            };
            if kind != open {
                if open.is_some() {
                    out.push_str("</span>");
                }
                if let Some(k) = kind {
                    out.push_str("<span class=\"hl-");
                    out.push_str(KINDS[k].0);
                    out.push_str("\">");
                }
                open = kind;
            }
            out.push_str(&crate::render::theme::escape_html(text));
        };
        for (offset, op) in ops {
            token(&line[at..offset], &stack, &mut out);
            at = offset;
            stack.apply(&op).ok()?;
        }
        token(&line[at..], &stack, &mut out);
    }
    if open.is_some() {
        out.push_str("</span>");
    }
    Some(out)
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
    let rules_of = |name: &str, background: Color, prefix: &str| {
        let mut theme: Theme = themes.themes[name].clone();
        ensure_contrast(&mut theme, background);
        let highlighter = Highlighter::new(&theme);
        let mut css = String::new();
        for (class, _, representative) in KINDS {
            let scope = Scope::new(representative).expect("a valid scope");
            let style = highlighter.style_for_stack(&[scope]);
            let c = style.foreground;
            css.push_str(&format!(
                "{prefix}.hl-{class} {{ color: #{:02x}{:02x}{:02x};{}{} }}\n",
                c.r,
                c.g,
                c.b,
                if style.font_style.contains(FontStyle::BOLD) {
                    " font-weight: bold;"
                } else {
                    ""
                },
                if style.font_style.contains(FontStyle::ITALIC) {
                    " font-style: italic;"
                } else {
                    ""
                },
            ));
        }
        css
    };
    let mut css =
        String::from("/* Code highlighting, generated by notesite from syntect themes. */\n");
    css.push_str("/* Light: chosen with the toggle. */\n");
    css.push_str(&rules_of(
        LIGHT_THEME,
        LIGHT_BACKGROUND,
        "html[data-theme=\"light\"] ",
    ));
    css.push_str("/* Light: the system's scheme unless dark was chosen. */\n@media not (prefers-color-scheme: dark) {\n");
    css.push_str(&rules_of(
        LIGHT_THEME,
        LIGHT_BACKGROUND,
        "html:not([data-theme=\"dark\"]) ",
    ));
    css.push_str("}\n/* Dark: chosen with the toggle. */\n");
    css.push_str(&rules_of(
        DARK_THEME,
        DARK_BACKGROUND,
        "html[data-theme=\"dark\"] ",
    ));
    css.push_str("/* Dark: the system's scheme unless light was chosen. */\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&rules_of(
        DARK_THEME,
        DARK_BACKGROUND,
        "html:not([data-theme=\"light\"]) ",
    ));
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
    fn spans_are_flat_and_each_class_is_styled() {
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
        assert!(
            python.starts_with("<span class=\"hl-k\">import"),
            "{python}"
        );
        // A JSON string, quotes included, is one span, never nested ones.
        let json = highlight("{\"Version\": \"2012-10-17\"}\n", "json").unwrap();
        assert!(
            json.contains("<span class=\"hl-s\">&quot;Version&quot;</span>"),
            "{json}"
        );
        assert!(!json.contains("<span class=\"hl-s\"><span"), "{json}");
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
