//! Structure recovery: plain text and heading-less markdown become markdown with an outline.
//!
//! Input: a note's text. Output: markdown the normal pipeline renders.
//! (Placeholder until the recovery pass lands: text is kept as written.)

mod as_is;

pub use as_is::as_is_plain_text;

/// What kind of source the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A `.txt` note.
    PlainText,
    /// A markdown note.
    Markdown,
}

/// The recovered markdown.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// Markdown for the normal pipeline.
    pub markdown: String,
}

/// Recover structure from `text`.
pub fn recover(text: &str, kind: SourceKind) -> Recovered {
    Recovered {
        markdown: match kind {
            SourceKind::PlainText => as_is_plain_text(text),
            SourceKind::Markdown => text.to_string(),
        },
    }
}
