//! How terms are split into dictionaries, so a query loads only the terms it needs: by first
//! character, and by first two characters for characters whose terms would make a dictionary
//! larger than [`SPLIT_BYTES`] (terms, doc frequencies and the postings kept inline, before
//! compression). Typo tolerance only considers terms in the query word's own dictionary
//! (typos rarely change the first characters), the same in the CLI and the browser.
//!
//! Input: terms with their sizes in a dictionary. Output: a [`ShardTable`].

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A first-character dictionary larger than this is split by the first two characters.
pub const SPLIT_BYTES: usize = 24_000;

/// Which first characters are split into two-character shards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardTable {
    split: BTreeSet<char>,
}

impl ShardTable {
    /// Plan shards for terms with their sizes in bytes.
    pub fn plan(sizes: &[(&str, usize)]) -> ShardTable {
        let mut per_char: BTreeMap<char, usize> = BTreeMap::new();
        for (term, size) in sizes {
            if let Some(first) = term.chars().next() {
                *per_char.entry(first).or_default() += size;
            }
        }
        ShardTable {
            split: per_char
                .into_iter()
                .filter(|(_, size)| *size > SPLIT_BYTES)
                .map(|(c, _)| c)
                .collect(),
        }
    }

    /// The shard key of a term or query word.
    pub fn key(&self, term: &str) -> String {
        let mut chars = term.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if self.split.contains(&first) => {
                [first, second].iter().collect()
            }
            (Some(first), _) => first.to_string(),
            (None, _) => String::new(),
        }
    }

    /// The split characters, for the browser.
    pub fn split_chars(&self) -> Vec<String> {
        self.split.iter().map(char::to_string).collect()
    }

    /// A file-name-safe form of a key: the hex of its UTF-8 bytes.
    pub fn file_stem(key: &str) -> String {
        key.bytes().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_first_characters_are_split_by_two() {
        let table = ShardTable::plan(&[("sagemaker", SPLIT_BYTES), ("s3", 10), ("bedrock", 100)]);
        assert_eq!(table.key("sagemaker"), "sa");
        assert_eq!(table.key("s"), "s");
        assert_eq!(table.key("bedrock"), "b");
        assert_eq!(table.key("ébène"), "é");
        assert_eq!(ShardTable::file_stem("sa"), "7361");
    }
}
