//! Front matter: the optional TOML (`+++`) or YAML (`---`) block at the top of a note.
//!
//! Input: a note's whole text. Output: the parsed [`FrontMatter`] and where the body starts,
//! or a located error. Keys notesite does not use (Obsidian's `aliases`, `cssclass`, ...) are
//! ignored, so notes kept in other tools build unchanged. A block that is opened but never
//! closed is an error, never body text: its `draft = true` must not be published by accident.

use crate::diagnostics::{Diagnostic, Location};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use super::ingest::Structure;

/// The metadata a note may declare.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Page title; else the first heading, else the file name.
    pub title: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Date as written (`2025-03-01`).
    #[serde(deserialize_with = "date::deserialize")]
    pub date: Option<String>,
    /// Tags, as a list or a comma-separated string.
    #[serde(deserialize_with = "tags::deserialize")]
    pub tags: Vec<String>,
    /// Drafts are left out unless `--drafts` is given.
    pub draft: bool,
    /// Order among siblings; lower comes first.
    pub weight: Option<i64>,
    /// Structure recovery: `auto` (default) or `as-is`.
    pub structure: Structure,
    /// `glossary = false`: the note defines no glossary terms and marks none.
    pub glossary: Option<bool>,
    /// `study = false`: the note gives no study cards or quiz questions.
    pub study: Option<bool>,
    /// `chapters = true | false`: split the note into one page per top-level part, or never
    /// (unset: split when longer than [`crate::content::chapters::MIN_WORDS`] words).
    pub chapters: Option<bool>,
}

/// The front matter and where the body starts.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// Parsed metadata (defaults when the note has none).
    pub front_matter: FrontMatter,
    /// The text after the front matter block.
    pub body: &'a str,
    /// 1-based line of the note on which `body` starts.
    pub body_line: usize,
}

/// Split a note's text into front matter and body, parsing the front matter.
#[expect(clippy::string_slice, reason = "the block end comes from whole lines")]
pub fn split<'a>(text: &'a str, shown_as: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (fence, format) in [("+++", Format::Toml), ("---", Format::Yaml)] {
        if opens_unclosed_block(text, fence) {
            return Err(unclosed(fence, shown_as));
        }
        if let Some(block) = find_block(text, fence) {
            let front_matter = parse(block.inner, format, shown_as)?;
            let body = &text[block.end..];
            let body_line = text[..block.end].matches('\n').count() + 1;
            return Ok(Split {
                front_matter,
                body,
                body_line,
            });
        }
    }
    Ok(Split {
        front_matter: FrontMatter::default(),
        body: text,
        body_line: 1,
    })
}

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Yaml,
}

struct Block<'a> {
    inner: &'a str,
    end: usize,
}

/// Whether `fence` opens front matter on the first line that no later line closes. `+++`
/// always opens TOML; `---` alone is also a markdown rule, so it opens YAML only when the
/// next non-blank line looks like `key: value` (or when a closing `---` follows).
fn opens_unclosed_block(text: &str, fence: &str) -> bool {
    let mut lines = text.split('\n').map(str::trim_end);
    if lines.next() != Some(fence) || find_block(text, fence).is_some() {
        return false;
    }
    fence == "+++"
        || lines
            .find(|l| !l.trim().is_empty())
            .is_some_and(looks_like_yaml_key)
}

/// `title: x`, `draft: true`, `tags:`: a YAML mapping key at the start of a line.
fn looks_like_yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim_matches(|c: char| c == '"' || c == '\'');
    !key.is_empty()
        && key.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_alphanumeric() || "_-".contains(c))
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn unclosed(fence: &str, shown_as: &Path) -> Diagnostic {
    let (kind, hint) = match fence {
        "+++" => ("TOML", format!("add a closing `{fence}` line after the front matter")),
        _ => (
            "YAML",
            format!(
                "add a closing `{fence}` line after the front matter (a first line `---` followed by a `key: value` line is read as front matter; to start the note with a horizontal rule instead, write `***`)"
            ),
        ),
    };
    Diagnostic::error(
        Some(Location::new(shown_as, 1, 1)),
        format!("the {kind} front matter opened by `{fence}` on line 1 is never closed, so the note's metadata (draft, title, ...) cannot be read"),
    )
    .with_hint(hint)
}

/// Find a front matter block opened by `fence` on the first line and closed by it later.
#[expect(clippy::string_slice, reason = "cuts at line ends")]
fn find_block<'a>(text: &'a str, fence: &str) -> Option<Block<'a>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != fence {
        return None;
    }
    let inner_start = first_end + 1;
    let mut offset = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some(Block {
                inner: &text[inner_start..offset],
                end: offset + line.len(),
            });
        }
        offset += line.len();
    }
    None
}

fn parse(inner: &str, format: Format, shown_as: &Path) -> Result<FrontMatter, Diagnostic> {
    // Line 1 is the opening fence, so the block's first line is line 2 of the note.
    let located = |line: usize, column: usize, message: String, hint: &str| {
        let hint = if message.contains(date::NOT_A_DATE) {
            date::HINT
        } else {
            hint
        };
        Diagnostic::error(
            Some(Location::new(shown_as, line + 1, column)),
            format!("invalid front matter: {message}"),
        )
        .with_hint(hint)
    };
    match format {
        Format::Toml => toml::from_str::<FrontMatter>(inner).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::diagnostics::LineIndex::new(inner).line_col(inner, s.start))
                .unwrap_or((0, 0));
            located(
                line,
                column,
                e.message().trim().to_string(),
                "TOML front matter sits between two `+++` lines; strings need quotes, e.g. title = \"Amazon Bedrock\"",
            )
        }),
        Format::Yaml => {
            if inner.trim().is_empty() {
                return Ok(FrontMatter::default());
            }
            serde_yaml_ng::from_str::<Option<FrontMatter>>(inner)
                .map(Option::unwrap_or_default)
                .map_err(|e| {
                    let message = e.to_string();
                    let message = message.split(" at line ").next().unwrap_or(&message);
                    // serde_yaml_ng places an error raised while reading a value at the
                    // start of the mapping; a bad date is placed at its value.
                    let (line, column) = message
                        .contains(date::NOT_A_DATE)
                        .then(|| date::yaml_position(inner))
                        .flatten()
                        .or_else(|| e.location().map(|l| (l.line(), l.column())))
                        .unwrap_or((0, 0));
                    located(
                        line,
                        column,
                        message.to_string(),
                        "YAML front matter sits between two `---` lines; quote values that contain `:` or start with `[`",
                    )
                })
        }
    }
}

mod date;

mod tags {
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        Text(String),
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match Option::<Raw>::deserialize(d)? {
            None => Vec::new(),
            Some(Raw::List(list)) => list,
            Some(Raw::Text(text)) => text
                .split([',', ' '])
                .map(|t| t.trim().trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn toml_front_matter_is_parsed_and_body_line_counted() {
        let s = split(
            "+++\ntitle = \"A\"\ndate = 2025-01-02\ntags = [\"x\"]\n+++\n# Body\n",
            p(),
        )
        .unwrap();
        assert_eq!(s.front_matter.title.as_deref(), Some("A"));
        assert_eq!(s.front_matter.date.as_deref(), Some("2025-01-02"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn yaml_front_matter_with_crlf_and_unknown_keys() {
        let s = split(
            "---\r\ntitle: B\r\naliases: [x]\r\ntags: a, b\r\n---\r\ntext",
            p(),
        )
        .unwrap();
        assert_eq!(s.front_matter.title.as_deref(), Some("B"));
        assert_eq!(s.front_matter.tags, vec!["a", "b"]);
        assert_eq!(s.body, "text");
    }

    #[test]
    fn broken_toml_names_the_line_in_the_note() {
        let err = split("+++\ntitle = \"A\"\ndate = = 3\n+++\n", p()).unwrap_err();
        assert!(err.to_string().contains("content/a.md:3:"), "{err}");
    }

    #[test]
    fn broken_yaml_names_the_line_in_the_note() {
        let err = split("---\ntitle: A\ntags: [a, b\n---\n", p()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("content/a.md:"), "{text}");
        assert!(err.location.unwrap().line >= 3);
    }

    #[test]
    fn unclosed_toml_front_matter_is_an_error_at_the_opening_fence() {
        for text in [
            "+++\ntitle = \"A\"\ndraft = true\n\n# Body\n",
            "+++",
            "+++\r\n",
        ] {
            let err = split(text, p()).unwrap_err();
            let shown = err.to_string();
            assert!(shown.contains("content/a.md:1:1"), "{shown}");
            assert!(shown.contains("add a closing `+++` line"), "{shown}");
        }
    }

    #[test]
    fn unclosed_yaml_front_matter_is_an_error_when_a_key_follows_the_fence() {
        let err = split("---\n\ndraft: true\ntitle: A\n# Body\n", p()).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("content/a.md:1:1"), "{shown}");
        assert!(shown.contains("add a closing `---` line"), "{shown}");
        assert!(shown.contains("write `***`"), "{shown}");
    }

    #[test]
    fn a_rule_on_the_first_line_followed_by_prose_is_body() {
        for text in [
            "---\nSome prose: with a colon.\n",
            "---\n# Title\n",
            "---\n",
        ] {
            let s = split(text, p()).unwrap();
            assert_eq!(s.body, text);
            assert_eq!(s.body_line, 1);
        }
    }

    #[test]
    fn no_front_matter_leaves_text_whole() {
        let s = split("# Title\n---\nmore", p()).unwrap();
        assert_eq!(s.body_line, 1);
        assert!(s.front_matter.title.is_none());
    }
}
