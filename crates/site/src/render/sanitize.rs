//! The `sanitize` policy for HTML written in notes: what real notes use (`<details>`,
//! `<kbd>`, `<sup>`, `<img>`, tables, anchors, spans and divs with classes) is kept, and
//! nothing that runs script is: no `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`,
//! `<form>`, no `on*=` handlers, no `javascript:` / `vbscript:` / `data:` URLs (except `data:`
//! images). The filtering is ammonia's (html5ever parsing, as browsers do); this module only
//! says what notesite's own markup needs to survive (heading ids and anchors, syntect's
//! classes, MathML, task boxes, service links and glossary terms).
//!
//! Input: a note's rendered HTML (only notes that hold raw HTML are cleaned). Output: the
//! same HTML without anything that could run.

use std::sync::LazyLock;

/// `note_html` with everything that could run script removed.
pub fn clean(note_html: &str) -> String {
    CLEANER.clean(note_html).to_string()
}

/// Whether a link (or, with `image`, an image source) would run script when followed:
/// `javascript:`, `vbscript:`, and `data:` except images. Browsers ignore tabs, newlines and
/// leading control characters and spaces in a URL, and so does this check.
pub fn runs_script(url: &str, image: bool) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    if url.starts_with("javascript:") || url.starts_with("vbscript:") {
        return true;
    }
    // An SVG image may hold script when opened on its own.
    let image_data = url.starts_with("data:image/") && !url.starts_with("data:image/svg");
    url.starts_with("data:") && !(image && image_data)
}

/// MathML elements pulldown-latex writes (and notes may write).
const MATHML_TAGS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

/// Presentation attributes of those elements.
const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "mathcolor",
    "mathbackground",
    "mathsize",
    "encoding",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "movablelimits",
    "largeop",
    "symmetric",
    "minsize",
    "maxsize",
    "form",
    "accent",
    "accentunder",
    "linethickness",
    "width",
    "height",
    "depth",
    "voffset",
    "notation",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "columnlines",
    "rowlines",
    "frame",
    "columnspan",
    "rowspan",
    "style",
];

/// HTML elements kept besides ammonia's defaults (which already include `details`,
/// `summary`, `kbd`, `sup`, `sub`, `img`, tables, `span`, `div`, `dfn`, headings, lists).
const EXTRA_TAGS: &[&str] = &["input", "section", "figure", "figcaption", "abbr", "mark"];

/// Attributes any kept element may have.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(EXTRA_TAGS)
        .add_tags(MATHML_TAGS)
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        // `data-definition`: a glossary term's definition, which `terms.js` shows as text.
        .add_tag_attributes("a", &["name", "data-definition"])
        .add_tag_attributes("img", &["title", "loading"])
        .add_tag_attributes("pre", &["data-lang"])
        .add_tag_attributes("input", &["type", "disabled", "checked"])
        .add_tag_attributes("th", &["style"])
        .add_tag_attributes("td", &["style"])
        .add_url_schemes(&["data"])
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            let kept = match attribute {
                "style" => harmless_style(value),
                "type" if element == "input" => value.eq_ignore_ascii_case("checkbox"),
                "href" | "src" | "cite" | "action" | "formaction" | "poster" => {
                    !runs_script(value, element == "img" && attribute == "src")
                }
                _ => true,
            };
            kept.then(|| value.into())
        });
    for tag in MATHML_TAGS {
        builder.add_tag_attributes(tag, MATHML_ATTRIBUTES);
    }
    builder
});

/// Inline styles of table alignment and MathML colours: no URLs, no escapes, no imports.
fn harmless_style(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ![
        "url(",
        "expression",
        "\\",
        "@import",
        "javascript:",
        "<",
        "image-set",
    ]
    .iter()
    .any(|bad| lower.contains(bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognised_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(runs_script(url, false), "{url}");
        }
        assert!(runs_script(
            "data:image/svg+xml,<svg onload=alert(1)>",
            true
        ));
        assert!(!runs_script("data:image/png;base64,AAAA", true));
        assert!(runs_script("data:image/png;base64,AAAA", false));
        for url in [
            "https://example.com/javascript:",
            "../a.md",
            "#javascript",
            "mailto:a@b.c",
        ] {
            assert!(!runs_script(url, false), "{url}");
        }
    }

    #[test]
    fn script_is_removed_and_harmless_markup_kept() {
        let html = clean(concat!(
            "<details><summary>More</summary><p>x<br><kbd>Ctrl</kbd><sup>2</sup></p></details>",
            "<a name=\"here\"></a><span class=\"note\" id=\"s1\">s</span>",
            "<img src=\"a.png\" alt=\"a\" onerror=\"alert(1)\">",
            "<script>alert(2)</script><style>p{}</style><iframe src=\"x\"></iframe>",
            "<a href=\"javascript:alert(3)\">j</a><form><button>b</button></form>",
            "<table><tr><td style=\"text-align: center\">c</td></tr></table>",
        ));
        for kept in [
            "<details>",
            "<summary>",
            "<kbd>",
            "<sup>",
            "<br>",
            "name=\"here\"",
            "class=\"note\"",
            "id=\"s1\"",
            "src=\"a.png\"",
            "style=\"text-align: center\"",
        ] {
            assert!(html.contains(kept), "{kept} missing from {html}");
        }
        for removed in [
            "onerror",
            "<script",
            "alert(2)",
            "<style",
            "<iframe",
            "javascript:",
            "<form",
        ] {
            assert!(!html.contains(removed), "{removed} left in {html}");
        }
    }

    #[test]
    fn notesites_own_markup_survives_cleaning() {
        let own = concat!(
            "<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\" aria-label=\"Link to this section\">#</a></h2>\n",
            "<pre class=\"code\" data-lang=\"rust\"><span class=\"code-lang\">rust</span><code><span class=\"source rust\">fn</span></code></pre>\n",
            "<p><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Done\"> done ",
            "<a class=\"service-link\" href=\"../s/index.html\" title=\"A service\">S</a> ",
            "<a class=\"term\" href=\"../glossary/index.html#word\" data-definition=\"A word\">word</a> ",
            "<math display=\"inline\"><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>",
            "<annotation encoding=\"application/x-tex\">a&lt;b</annotation></semantics></math></p>\n",
        );
        let html = clean(own);
        for kept in [
            "<h2 id=\"setup\">",
            "class=\"anchor\"",
            "data-lang=\"rust\"",
            "<span class=\"source rust\">",
            "type=\"checkbox\"",
            "checked",
            "aria-label=\"Done\"",
            "class=\"service-link\" href=\"../s/index.html\" title=\"A service\"",
            "<a class=\"term\" href=\"../glossary/index.html#word\" data-definition=\"A word\">",
            "<math display=\"inline\">",
            "<mo>&lt;</mo>",
            "<annotation encoding=\"application/x-tex\">a&lt;b</annotation>",
        ] {
            assert!(html.contains(kept), "{kept} missing from {html}");
        }
    }
}
