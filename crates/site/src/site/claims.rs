//! Who has each URL of the site: notes and folders take theirs first, generated pages after;
//! when a URL is taken, the newcomer moves to `-2`, `-3`, ... and a warning says so, located
//! at the note or folder concerned (for a generated page, the one that took its URL).
//!
//! Input: the URLs pages ask for, with who asks. Output: the URL each gets, and warnings.

use crate::content::Corpus;
use crate::diagnostics::{Diagnostic, Location};
use std::collections::HashMap;
use std::path::PathBuf;

/// What asks for a URL: a note, a folder, or a generated page (for messages when it moves).
#[derive(Debug, Clone)]
pub(super) enum Claimant {
    /// A note, by its shown path.
    Note(PathBuf),
    /// A folder of notes, by its shown path.
    Folder(PathBuf),
    /// A generated page, by what it is (`the services index`).
    Generated(String),
}

impl Claimant {
    /// How a message names it.
    fn describe(&self) -> String {
        match self {
            Claimant::Note(path) => format!("the note {}", path.display()),
            Claimant::Folder(path) => format!("the folder {}/", path.display()),
            Claimant::Generated(what) => what.clone(),
        }
    }

    /// Where a message about it points, for notes and folders.
    fn location(&self) -> Option<Location> {
        match self {
            Claimant::Note(path) | Claimant::Folder(path) => Some(Location::file(path)),
            Claimant::Generated(_) => None,
        }
    }
}

/// The URLs taken so far, and the warnings about pages that had to move.
#[derive(Default)]
pub(super) struct UrlClaims {
    /// URL → what took it first.
    used: HashMap<String, Claimant>,
    /// URL wanted again → the next `-N` suffix to try. Suffixes below it are taken already
    /// (URLs are never given back), so many pages wanting one URL cost one look-up each,
    /// not a search from `-2` every time.
    next_suffix: HashMap<String, usize>,
    /// One warning per page that moved.
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl UrlClaims {
    /// Whether something already has `url`.
    pub(super) fn is_taken(&self, url: &str) -> bool {
        self.used.contains_key(url)
    }

    /// `wanted`, or `wanted` with `-2`, `-3`, ... when it is taken; a move is a warning
    /// located at the note or folder concerned (for a generated page: the one that took its URL).
    pub(super) fn claim(&mut self, wanted: String, claimant: Claimant) -> String {
        let Some(holder) = self.used.get(&wanted).cloned() else {
            self.used.insert(wanted.clone(), claimant);
            return wanted;
        };
        let stem = wanted.trim_end_matches("/index.html");
        let first = self.next_suffix.get(&wanted).copied().unwrap_or(2);
        let (n, url) = (first..)
            .map(|n| (n, format!("{stem}-{n}/index.html")))
            .find(|(_, u)| !self.used.contains_key(u))
            .expect("a free URL exists");
        self.next_suffix.insert(wanted.clone(), n + 1);
        let warning = match &claimant {
            Claimant::Generated(what) => Diagnostic::warning(
                holder.location(),
                format!(
                    "{} takes the URL {wanted}, so {what} is published at {url} instead",
                    holder.describe()
                ),
            )
            .with_hint(format!(
                "links to {what} follow it; to keep it at {wanted}, rename this {}",
                if matches!(holder, Claimant::Folder(_)) {
                    "folder"
                } else {
                    "note"
                }
            )),
            _ => Diagnostic::warning(
                claimant.location(),
                format!(
                    "{} already has the URL {wanted}; {} is published at {url}",
                    holder.describe(),
                    claimant.describe()
                ),
            )
            .with_hint(
                "rename one of the two so their names differ by more than case or punctuation",
            ),
        };
        self.diagnostics.push(warning);
        self.used.insert(url.clone(), claimant);
        url
    }
}

/// Each folder that holds notes → its path as messages show it (`content/aws`), taken from
/// the shown path of a note inside it.
pub(super) fn shown_folders(corpus: &Corpus) -> HashMap<String, PathBuf> {
    let mut shown = HashMap::new();
    for note in &corpus.notes {
        let mut folder = note.path.as_str();
        let mut ancestors = note.shown_path.ancestors().skip(1);
        while let Some((up, _)) = folder.rsplit_once('/') {
            let Some(path) = ancestors.next() else { break };
            if shown.contains_key(up) {
                break;
            }
            shown.insert(up.to_string(), path.to_path_buf());
            folder = up;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_page_moves_aside_with_a_warning_at_the_note_that_took_its_url() {
        let mut claims = UrlClaims::default();
        let note = Claimant::Note("content/services.md".into());
        assert_eq!(
            claims.claim("services/index.html".into(), note),
            "services/index.html"
        );
        let index = Claimant::Generated("the services index".into());
        assert_eq!(
            claims.claim("services/index.html".into(), index),
            "services-2/index.html"
        );
        let warning = claims.diagnostics[0].to_string();
        assert!(
            warning.starts_with("warning: content/services.md: "),
            "{warning}"
        );
        assert!(warning.contains("services-2/index.html"), "{warning}");
    }

    #[test]
    fn a_folder_that_moves_is_named_in_its_warning() {
        let mut claims = UrlClaims::default();
        claims.claim("a/index.html".into(), Claimant::Note("content/a.md".into()));
        let url = claims.claim("a/index.html".into(), Claimant::Folder("content/a".into()));
        assert_eq!(url, "a-2/index.html");
        let warning = claims.diagnostics[0].to_string();
        assert!(warning.starts_with("warning: content/a: "), "{warning}");
    }
}
