//! English stemming: the Snowball "english" algorithm (Porter2), as tantivy's `Stemmer`
//! filter applies it (both use the `frostem` crate), and its browser twin.
//!
//! Input: one word, already lower-cased and ASCII-folded by [`crate::index::analyzer`].
//! Output: its stem (`running` → `run`, `policies` → `polici`). [`BROWSER_STEMMER`] is the
//! same algorithm in JavaScript (`assets/stemmer.js`, the global `NotesiteStem.stem`); the
//! crate's `stem_parity` test checks both give the same stem for every word of real indexes.

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};

/// The browser's stemmer (`assets/stemmer.js`): a classic script defining `NotesiteStem.stem`.
pub const BROWSER_STEMMER: &str = include_str!("../assets/stemmer.js");

/// Where [`BROWSER_STEMMER`] is meant to be written, relative to the output folder.
pub const BROWSER_STEMMER_PATH: &str = "assets/stemmer.js";

/// The English stem of `word`, borrowed when the word is its own stem.
pub fn stem(word: &str) -> Cow<'_, str> {
    Stemmer::new(Algorithm::English).stem(word)
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn inflections_of_one_word_share_a_stem() {
        for word in [
            "connect",
            "connected",
            "connecting",
            "connection",
            "connections",
        ] {
            assert_eq!(stem(word), "connect", "{word}");
        }
    }

    #[test]
    fn exceptional_forms_and_short_words_keep_their_listed_stems() {
        let cases = [
            ("skies", "sky"),
            ("dying", "die"),
            ("news", "news"),
            ("generously", "generous"),
            ("at", "at"),
            ("s3", "s3"),
            ("café", "café"),
        ];
        for (word, expected) in cases {
            assert_eq!(stem(word), expected, "{word}");
        }
    }
}
