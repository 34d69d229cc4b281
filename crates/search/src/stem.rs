//! English stemming: the Snowball "english" algorithm (Porter2), as tantivy's `Stemmer`
//! filter applies it (both use the `frostem` crate), and its browser twin.
//!
//! Input: one word, already lower-cased and ASCII-folded by [`crate::index::analyzer`].
//! Output: its stem (`running` → `run`, `policies` → `polici`).

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};

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
