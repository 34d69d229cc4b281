//! The `content/` folder read into memory: notes split into sections, plus plain files.
//!
//! Input: the site's `content/` folder. Output: a [`Corpus`], the one model every later stage
//! (knowledge, site, render, search) reads. Nothing here knows about HTML or templates.

pub mod chapters;
pub mod frontmatter;
pub use notesite_ingest as ingest;
pub mod load;
pub mod outline;
pub mod slug;
pub mod text;

use frontmatter::FrontMatter;
use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

pub use ingest::NoteKind;

/// One part of a note: the text under one heading (or before the first heading).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading's id on the page (`""` for the text before the first heading).
    pub id: String,
    /// The heading as plain text (`""` for the text before the first heading).
    pub heading: String,
    /// Heading level 1–6 (0 for the text before the first heading).
    pub level: u8,
    /// Byte range of the section in the note's markdown, heading included.
    pub range: Range<usize>,
    /// 1-based line in the source file where the section starts.
    pub line: usize,
    /// The id GitHub gives this heading, where it differs from `id` and no other anchor of
    /// the note has it: written as a second anchor, so links written for GitHub resolve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github_id: Option<String>,
}

/// One note: a file under `content/` with its metadata, markdown and outline.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Path relative to `content/`, with `/` separators (`generative-ai/bedrock.md`).
    pub path: String,
    /// Path relative to the site root, for messages (`content/generative-ai/bedrock.md`).
    pub shown_path: PathBuf,
    /// Markdown or plain text.
    pub kind: NoteKind,
    /// Whether this note is its folder's own page (`_index.md`, `index.md`, `README.md`).
    pub is_folder_index: bool,
    /// Metadata from the front matter.
    pub front_matter: FrontMatter,
    /// The title: front matter, else the first heading, else the file name.
    pub title: String,
    /// Whether the title came from the first heading, which the page then does not repeat.
    pub title_from_heading: bool,
    /// The body as markdown (for plain text: the recovered markdown).
    pub markdown: String,
    /// 1-based source line of the markdown's first line.
    pub body_line: usize,
    /// Sections in document order; the first may be the untitled lead-in.
    pub sections: Vec<Section>,
    /// Ids of HTML anchors written in the note (`<a name="x">`, `id="x"`).
    pub html_anchors: Vec<String>,
    /// Number of words in the body.
    pub word_count: usize,
}

impl Note {
    /// The section holding byte `offset` of the markdown (0, the lead-in, before any heading).
    pub fn section_at(&self, offset: usize) -> usize {
        self.sections
            .partition_point(|s| s.range.start <= offset)
            .saturating_sub(1)
    }

    /// The markdown's lines outside code fences (opened and closed by a line starting with
    /// ```` ``` ```` or `~~~`), each with its byte offset; the fence lines are left out too.
    pub fn lines_outside_fences(&self) -> impl Iterator<Item = (usize, &str)> {
        let mut offset = 0;
        let mut in_fence = false;
        self.markdown.split_inclusive('\n').filter_map(move |line| {
            let start = offset;
            offset += line.len();
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                return None;
            }
            (!in_fence).then_some((start, line))
        })
    }

    /// Whether `id` is a heading id (ours or GitHub's) or an HTML anchor of this note.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.sections
            .iter()
            .any(|s| s.id == id || s.github_id.as_deref() == Some(id))
            || self.html_anchors.iter().any(|a| a == id)
    }

    /// The id to link to for a section, or `None` for the top of the page (the lead-in, or the
    /// heading that became the page title and is not shown again).
    pub fn anchor(&self, section: usize) -> Option<&str> {
        let s = self.sections.get(section)?;
        let is_title = self.title_from_heading
            && self.sections.iter().position(|x| x.level > 0) == Some(section);
        (!s.id.is_empty() && !is_title).then_some(s.id.as_str())
    }

    /// The source line of a byte offset in the note's markdown.
    pub fn source_line(
        &self,
        index: &crate::diagnostics::LineIndex,
        offset: usize,
    ) -> (usize, usize) {
        let (line, column) = index.line_col(&self.markdown, offset);
        (line + self.body_line - 1, column)
    }
}

/// Everything under `content/`: notes and the other files (images, attachments) to copy.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Corpus {
    /// Notes sorted by path.
    pub notes: Vec<Note>,
    /// Other files, relative to `content/`, copied to the output unchanged.
    pub files: Vec<String>,
}
