//! English stemming: the Snowball "english" algorithm (Porter2), as tantivy's `Stemmer`
//! filter applies it (both use the `frostem` crate), the token filter that puts it in the
//! index's analyzer, and its browser twin.
//!
//! Input: one word, already lower-cased and ASCII-folded by [`crate::index::analyzer`].
//! Output: its stem (`running` → `run`, `policies` → `polici`). [`BROWSER_STEMMER`] is the
//! same algorithm in JavaScript (`assets/stemmer.js`, the global `NotesiteStem.stem`), shipped
//! in front of `search.js` in [`crate::BROWSER_RUNTIME`]; the crate's `stem_parity` test
//! checks both give the same stem for every word of real indexes.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The browser's stemmer (`assets/stemmer.js`): a classic script defining `NotesiteStem.stem`.
pub const BROWSER_STEMMER: &str = include_str!("../assets/stemmer.js");

/// The English stem of `word`, borrowed when the word is its own stem.
pub fn stem(word: &str) -> Cow<'_, str> {
    Stemmer::new(Algorithm::English).stem(word)
}

/// Token filter that replaces each token by its stem ([`stem`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct StemFilter;

impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer {
            inner: tokenizer,
            memo: FxHashMap::default(),
        }
    }
}

/// Most words a [`StemTokenizer`] remembers the stems of before it starts afresh.
const MEMO_WORDS: usize = 100_000;

/// A tokenizer whose tokens are stemmed ([`StemFilter`] applied to `T`). It remembers the
/// stems of the words it has seen (notes repeat their words), which keeps stemming from
/// adding much to the time an index takes to build (FxHash: with the std hasher, hashing
/// the words was a visible part of a build's profile).
#[derive(Debug, Clone)]
pub struct StemTokenizer<T> {
    inner: T,
    /// Word → its stem, or `None` when the word is its own stem.
    memo: FxHashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemTokenStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of a [`StemTokenizer`].
#[derive(Debug)]
pub struct StemTokenStream<'a, T> {
    tail: T,
    memo: &'a mut FxHashMap<String, Option<String>>,
}

impl<T: TokenStream> TokenStream for StemTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(known) = self.memo.get(&token.text) {
            if let Some(stemmed) = known {
                token.text.clone_from(stemmed);
            }
            return true;
        }
        let stemmed = match stem(&token.text) {
            Cow::Owned(stemmed) => Some(stemmed),
            Cow::Borrowed(_) => None,
        };
        if self.memo.len() >= MEMO_WORDS {
            self.memo.clear();
        }
        self.memo.insert(token.text.clone(), stemmed.clone());
        if let Some(stemmed) = stemmed {
            token.text = stemmed;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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
