//! Relative URLs: every link is computed from the page that holds it, so the output works
//! from `file://`, at a domain root and under a sub-path alike.
//!
//! Input: page URLs relative to the site root (`notes/bedrock/index.html`). Output: the
//! relative path from one page to another, and the prefix back to the root.

/// Whether a link leaves the site: it starts with a URL scheme (RFC 3986: a letter, then
/// letters, digits, `+`, `-` or `.`, then `:`, as in `https:` or `mailto:`) or with `//`.
/// The one rule for rendering notes and for checking built pages.
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// The path from the page at `from` to `to`; both are relative to the site root.
#[expect(
    clippy::string_slice,
    reason = "cuts after ASCII `/` and after whole common segments"
)]
pub fn relative_url(from: &str, to: &str) -> String {
    // Called for every link of every page: walks both paths in place, one allocation.
    let from_dir = from.rfind('/').map_or("", |i| &from[..=i]);
    let mut common = 0;
    for (a, b) in from_dir.split_inclusive('/').zip(to.split_inclusive('/')) {
        if a != b {
            break;
        }
        common += a.len();
    }
    let ups = from_dir[common..].matches('/').count();
    let mut url = String::with_capacity(3 * ups + to.len() - common);
    for _ in 0..ups {
        url.push_str("../");
    }
    url.push_str(&to[common..]);
    url
}

/// The prefix that leads from the page at `url` back to the site root (`""`, `"../"`, ...).
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Join a relative `link` onto the folder `base` (both `/`-separated), resolving `.` and `..`;
/// `None` when the link climbs above the root.
pub fn join(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Decode `%XX` escapes (e.g. `My%20Note.md`), leaving malformed ones as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(
            relative_url("a/b/index.html", "c/index.html"),
            "../../c/index.html"
        );
        assert_eq!(relative_url("index.html", "a/index.html"), "a/index.html");
        assert_eq!(
            relative_url("a/index.html", "a/b/index.html"),
            "b/index.html"
        );
        assert_eq!(
            relative_url("a/b/index.html", "a/b/index.html"),
            "index.html"
        );
        assert_eq!(
            relative_url("a/b/index.html", "assets/x.css"),
            "../../assets/x.css"
        );
        assert_eq!(relative_url("404.html", "index.html"), "index.html");
        assert_eq!(
            relative_url("a/b/index.html", "a/bc/index.html"),
            "../bc/index.html",
            "folders are compared whole, not as text prefixes"
        );
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/index.html"), "../../");
    }

    #[test]
    fn join_resolves_dots_and_refuses_escaping_the_root() {
        assert_eq!(join("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(join("", "./x.md").as_deref(), Some("x.md"));
        assert_eq!(join("a", "../../x.md"), None);
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("My%20Note.md"), "My Note.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
    }

    #[test]
    fn a_link_is_external_only_with_a_scheme_or_two_slashes() {
        for url in [
            "https://aws.amazon.com",
            "mailto:a@b.c",
            "//cdn.example",
            "svn+ssh:x",
        ] {
            assert!(is_external(url), "{url}");
        }
        for url in [
            "../other.md#x",
            "notes/a:b.md",
            "C/x.md",
            "a/b.html",
            "",
            "#top",
        ] {
            assert!(!is_external(url), "{url}");
        }
        // A scheme starts with a letter: a note named `2024:plans.md` is a local link.
        assert!(!is_external("2024:plans.md"));
        assert!(!is_external(":x"));
    }
}
