//! The input formats a note may be written in, in one place: which file extensions each
//! claims and how its text becomes the markdown the pipeline reads.
//!
//! Input: a file path, or a note's body and its `structure` setting. Output: the
//! [`NoteKind`], its extensions, and the [`Recovered`] markdown (or `None` when the body is
//! used as written). Adding a format is one variant here plus its arms below; loading,
//! link resolution and `import` all ask this type.

use super::{as_is_plain_text, markdown_needs_recovery, recover, Recovered};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a note was written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// A `.md` / `.markdown` file.
    Markdown,
    /// A `.txt` file, turned into markdown by structure recovery.
    PlainText,
}

/// How a note wants its structure treated (the front matter's `structure` key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Structure {
    /// Recover an outline when the note lacks one (plain text, heading-less markdown).
    #[default]
    Auto,
    /// Render the note exactly as written.
    AsIs,
}

impl NoteKind {
    /// Every input format, in the order their extensions are tried when a link omits one.
    pub const ALL: [NoteKind; 2] = [NoteKind::Markdown, NoteKind::PlainText];

    /// The file extensions (lower case, without the dot) that make a file a note of this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            NoteKind::Markdown => &["md", "markdown"],
            NoteKind::PlainText => &["txt"],
        }
    }

    /// The kind of note a file is, from its extension (any case); `None` for other files.
    pub fn of_path(path: &Path) -> Option<NoteKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|kind| kind.extensions().contains(&extension.as_str()))
    }

    /// Every note extension of every format, in [`NoteKind::ALL`] order.
    pub fn all_extensions() -> impl Iterator<Item = &'static str> {
        Self::ALL
            .into_iter()
            .flat_map(|kind| kind.extensions().iter().copied())
    }

    /// The body as markdown for the pipeline, or `None` when it is used as written:
    /// plain text is always recovered (or shown line by line with `structure = "as-is"`);
    /// markdown only when it lacks headings or uses bold lines as headings.
    pub fn to_markdown(self, body: &str, structure: Structure) -> Option<Recovered> {
        match (self, structure) {
            (NoteKind::PlainText, Structure::AsIs) => Some(Recovered {
                markdown: as_is_plain_text(body),
                ..Default::default()
            }),
            (NoteKind::PlainText, Structure::Auto) => Some(recover(body, self)),
            (NoteKind::Markdown, Structure::Auto) if markdown_needs_recovery(body) => {
                Some(recover_below_title(body))
            }
            (NoteKind::Markdown, _) => None,
        }
    }
}

/// Recover a markdown body, keeping a leading `# Title` line as it is (it is the page title,
/// while recovered headings start at level 2).
fn recover_below_title(body: &str) -> Recovered {
    let mut offset = 0;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        if !(trimmed.starts_with("# ") || trimmed == "#") {
            break;
        }
        let (title, rest) = body.split_at(offset + line.len());
        let mut recovered = recover(rest, NoteKind::Markdown);
        for heading in &mut recovered.outline {
            heading.line += index + 1;
        }
        for warning in &mut recovered.warnings {
            warning.0 += index + 1;
        }
        recovered.markdown = format!("{title}\n{}", recovered.markdown);
        return recovered;
    }
    recover(body, NoteKind::Markdown)
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn extensions_are_matched_in_any_case_and_others_are_not_notes() {
        assert_eq!(
            NoteKind::of_path(Path::new("a/b.MD")),
            Some(NoteKind::Markdown)
        );
        assert_eq!(
            NoteKind::of_path(Path::new("b.markdown")),
            Some(NoteKind::Markdown)
        );
        assert_eq!(
            NoteKind::of_path(Path::new("b.Txt")),
            Some(NoteKind::PlainText)
        );
        assert_eq!(NoteKind::of_path(Path::new("b.png")), None);
        assert_eq!(NoteKind::of_path(Path::new("md")), None);
    }

    #[test]
    fn every_extension_belongs_to_exactly_one_kind() {
        let all: Vec<_> = NoteKind::all_extensions().collect();
        assert_eq!(all, ["md", "markdown", "txt"]);
        for extension in all {
            let path = format!("note.{extension}");
            let owners = NoteKind::ALL
                .iter()
                .filter(|k| k.extensions().contains(&extension))
                .count();
            assert_eq!(owners, 1, "{extension}");
            assert!(NoteKind::of_path(Path::new(&path)).is_some());
        }
    }

    #[test]
    fn markdown_with_headings_is_used_as_written_and_plain_text_never_is() {
        let written = "# Title\n\n## Part\n\nSome words.\n";
        assert!(NoteKind::Markdown
            .to_markdown(written, Structure::Auto)
            .is_none());
        assert!(NoteKind::PlainText
            .to_markdown(written, Structure::Auto)
            .is_some());
        let as_is = NoteKind::PlainText.to_markdown("one *two*\nthree\n", Structure::AsIs);
        assert!(as_is.is_some_and(|r| r.outline.is_empty() && r.markdown.contains("\\*two\\*")));
    }
}
