//! How a query is read before it is scored: its quoted phrases, its words (stop words left
//! out), and the word pairs it asks for. `search.js` reads a query the same way (`plan`).
//!
//! Input: the query text and the stop words of the ranking. Output: a [`Plan`].
//!
//! A phrase in quotes (`"dead letter queue"`, straight or curly quotes) matches only the
//! sections whose title, heading or text hold each pair of its neighbouring words
//! (`dead letter`, `letter queue`), in that order; its words are taken as written (no
//! prefix, no typo), stop words included (`"how to"`). An unmatched quote is ignored, so a
//! phrase still being typed searches its words. Outside quotes no word is required, and two
//! query words next to each other (neither a stop word) also score the pair, so that a
//! section holding `speech synthesis` outranks one where the two words are far apart.
//!
//! A phrase of three or more words is checked by its pairs, not by positions: `"a b c"`
//! also matches a section holding `a b` and `b c` apart, which is rare in prose and costs
//! no positions to download (bench/decisions.md#search-phrases).

use crate::index::pair_term;
use crate::query::query_words;
use crate::stem::stem;

/// The characters that open and close a phrase.
pub const QUOTES: [char; 3] = ['"', '\u{201c}', '\u{201d}'];

/// A query as it is scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The distinct words, in query order.
    pub words: Vec<Word>,
    /// The distinct word pairs, in query order (a phrase's, and unquoted neighbours').
    pub pairs: Vec<Pair>,
}

/// One distinct word of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The analysed (stemmed) word.
    pub text: String,
    /// Whether it is the query's last word, outside quotes (it also matches as a prefix).
    pub last: bool,
    /// Whether it is in a phrase: matched as written, never expanded.
    pub exact: bool,
    /// Whether a section must hold it (a phrase of one word).
    pub required: bool,
}

/// One pair of neighbouring query words.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The pair term ([`pair_term`]).
    pub term: String,
    /// Its two words.
    pub words: [String; 2],
    /// Whether a section must hold it (it is in a phrase).
    pub required: bool,
}

impl Plan {
    /// How many required words and pairs a section must hold.
    pub fn required(&self) -> u32 {
        let words = self.words.iter().filter(|w| w.required).count();
        let pairs = self.pairs.iter().filter(|p| p.required).count();
        (words + pairs) as u32
    }

    /// Leave out the pairs `common` says are too common to tell sections apart
    /// ([`crate::query::Ranking::common_pair`]): they are neither scored nor checked, and
    /// a phrase requires the two words of such a pair instead.
    pub fn drop_common(&mut self, common: impl Fn(&str) -> bool) {
        let (dropped, kept): (Vec<Pair>, Vec<Pair>) =
            self.pairs.drain(..).partition(|p| common(&p.term));
        self.pairs = kept;
        for pair in dropped.iter().filter(|p| p.required) {
            for word in &mut self.words {
                word.required |= pair.words.contains(&word.text);
            }
        }
    }

    fn add_word(&mut self, text: &str, exact: bool, required: bool) {
        match self.words.iter_mut().find(|w| w.text == text) {
            Some(word) => {
                word.exact |= exact;
                word.required |= required;
            }
            None => self.words.push(Word {
                text: text.to_string(),
                last: false,
                exact,
                required,
            }),
        }
    }

    fn add_pair(&mut self, first: &str, second: &str, required: bool) {
        let term = pair_term(first, second);
        match self.pairs.iter_mut().find(|p| p.term == term) {
            Some(pair) => pair.required |= required,
            None => self.pairs.push(Pair {
                term,
                words: [first.to_string(), second.to_string()],
                required,
            }),
        }
    }
}

/// The query's parts between quotes, each with whether it is quoted. A last quote without
/// its closing one does not open a phrase.
pub fn segments(query: &str) -> Vec<(&str, bool)> {
    let quotes = query.matches(QUOTES).count();
    query
        .split(QUOTES)
        .enumerate()
        .map(|(i, part)| (part, i % 2 == 1 && !(quotes % 2 == 1 && i == quotes)))
        .collect()
}

/// Read `query`: its phrases and words, without `stop_words` (compared by stem) outside
/// quotes unless the query has nothing else, and its pairs.
pub fn plan(query: &str, stop_words: &[&str]) -> Plan {
    let stems: Vec<std::borrow::Cow<str>> = stop_words.iter().map(|w| stem(w)).collect();
    let is_stop = |word: &str| stems.iter().any(|s| s == word);
    let parts: Vec<(Vec<String>, bool)> = segments(query)
        .into_iter()
        .map(|(text, quoted)| (query_words(text), quoted))
        .collect();
    let has_content = parts
        .iter()
        .any(|(words, quoted)| !words.is_empty() && (*quoted || words.iter().any(|w| !is_stop(w))));
    // The last word outside quotes, when the query does not end with a phrase.
    let last = match parts.iter().rev().find(|(words, _)| !words.is_empty()) {
        Some((words, false)) => words.last().cloned(),
        _ => None,
    };
    let mut plan = Plan::default();
    for (words, quoted) in &parts {
        let kept = |word: &str| *quoted || !has_content || !is_stop(word);
        for word in words.iter().filter(|w| kept(w)) {
            plan.add_word(word, *quoted, *quoted && words.len() == 1);
        }
        for pair in words.windows(2) {
            let (first, second) = (&pair[0], &pair[1]);
            if *quoted {
                plan.add_pair(first, second, true);
            } else if kept(first) && kept(second) && first != second {
                plan.add_pair(first, second, false);
            }
        }
    }
    for word in &mut plan.words {
        word.last = !word.exact && last.as_ref() == Some(&word.text);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::STOP_WORDS;

    fn words(plan: &Plan) -> Vec<(&str, bool, bool, bool)> {
        plan.words
            .iter()
            .map(|w| (w.text.as_str(), w.last, w.exact, w.required))
            .collect()
    }

    fn pairs(plan: &Plan) -> Vec<(&str, bool)> {
        plan.pairs
            .iter()
            .map(|p| (p.term.as_str(), p.required))
            .collect()
    }

    #[test]
    fn quotes_split_a_query_and_an_unmatched_last_quote_is_ignored() {
        assert_eq!(
            segments(r#"a "b c" d"#),
            [("a ", false), ("b c", true), (" d", false)]
        );
        assert_eq!(segments(r#"a "b c"#), [("a ", false), ("b c", false)]);
        assert_eq!(
            segments("\u{201c}how to\u{201d} x"),
            [("", false), ("how to", true), (" x", false)]
        );
        assert_eq!(segments("plain"), [("plain", false)]);
    }

    #[test]
    fn neighbouring_words_outside_quotes_make_optional_pairs() {
        let plan = plan("how to train speech synthesis models", &STOP_WORDS);
        assert_eq!(
            words(&plan),
            [
                ("train", false, false, false),
                ("speech", false, false, false),
                ("synthesi", false, false, false),
                ("model", true, false, false),
            ]
        );
        // `to train` is no pair: `to` is a stop word.
        assert_eq!(
            pairs(&plan),
            [
                ("train speech", false),
                ("speech synthesi", false),
                ("synthesi model", false)
            ]
        );
    }

    #[test]
    fn a_phrase_keeps_its_stop_words_and_requires_its_pairs() {
        let plan = plan(r#""how to" deploy"#, &STOP_WORDS);
        assert_eq!(
            words(&plan),
            [
                ("how", false, true, false),
                ("to", false, true, false),
                ("deploy", true, false, false)
            ]
        );
        assert_eq!(pairs(&plan), [("how to", true)]);
        assert_eq!(plan.required(), 1);
        // A pair too common to check requires its words instead.
        let mut common = plan.clone();
        common.drop_common(|term| term == "how to");
        assert!(common.pairs.is_empty());
        assert_eq!(common.required(), 2);
        // A query ending in a phrase has no prefix word; a phrase of one word is required.
        let plan = super::plan(r#"the "lambda""#, &STOP_WORDS);
        assert_eq!(words(&plan), [("lambda", false, true, true)]);
        assert_eq!(plan.required(), 1);
    }

    #[test]
    fn closed_class_words_are_stop_words_but_owned_is_not() {
        let plan = plan(
            "deploy another stack without downtime via aws owned keys",
            &STOP_WORDS,
        );
        let kept: Vec<&str> = plan.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(kept, ["deploy", "stack", "downtim", "aw", "own", "key"]);
    }

    #[test]
    fn stop_words_alone_are_still_searched() {
        let plan = plan("how to", &STOP_WORDS);
        assert_eq!(
            words(&plan),
            [("how", false, false, false), ("to", true, false, false)]
        );
        assert_eq!(pairs(&plan), [("how to", false)]);
    }
}
