//! Query construction shared by `notesite search` and the browser: analyse the query,
//! expand each word to index terms (exact; prefix for the last word; typos by edit
//! distance within the word's shard), then score each section with BM25 through tantivy's
//! term scorers, plus the pairs of query words found next to each other, times the share
//! of the query's words it holds (no word is required, except in a quoted phrase: see
//! [`crate::plan`]). Every constant that decides the ranking is in [`RANKING`], which the export
//! writes into the search manifest; the browser runtime (`search.js`) implements the same
//! rules and takes every constant from there.
//!
//! Input: the index, its shard table and a query. Output: ranked [`Hit`]s.

use super::index::{analyzer, field, COMMON_PAIR_FIELD, FIELDS, PAIR_FIELD};
use super::plan::plan;
use super::shards::ShardTable;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::query::{EnableScoring, Query, Scorer, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, Searcher, Term, TERMINATED};

/// Every ranking constant, written into the search manifest as `ranking` for the browser.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ranking {
    /// BM25 term-frequency saturation. Tantivy fixes it at 1.2 (it cannot be set), so this
    /// records tantivy's value for the browser; a test checks that tantivy scores with it.
    pub k1: f32,
    /// BM25 length normalisation. Tantivy fixes it at 0.75, as for `k1`.
    pub b: f32,
    /// Each searchable field and its boost, in the index's field order ([`FIELDS`]).
    pub fields: [(&'static str, f32); FIELDS.len()],
    /// Power of the coordination factor: a section's score is multiplied by the share of the
    /// query's words it holds, raised to this power (see [`search_with`]).
    pub coordination: u32,
    /// Boost of a pair of query words found next to each other in a section's title,
    /// heading or text ([`PAIR_FIELD`]): the words of a quoted phrase, or two neighbouring
    /// words of the query (see [`crate::plan`]).
    pub pair: f32,
    /// A pair held by more than one section in this many is common: it is not indexed (this
    /// applies when the index is built; the manifest records it), not scored, and a phrase
    /// requires its two words instead of the pair. Such pairs (`fine tuned`, `low latency`)
    /// hold most of the pair postings, which would double the time to index and export a
    /// site and which a query would download, while sections that hold both words mostly
    /// hold them side by side anyway (bench/decisions.md#search-phrases).
    #[serde(rename = "commonPair")]
    pub common_pair: u64,
    /// ... and by at least this many sections (on a small site no pair is common).
    #[serde(rename = "commonPairDf")]
    pub common_pair_df: u64,
    /// How query words expand to index terms.
    pub expansion: Expansion,
    /// Words a query is about only when it holds nothing else (`how`, `the`, `to`): they are
    /// left out of a query that has other words, so they are neither scored, nor counted in
    /// the share of words a section holds, nor highlighted. Compared by stem.
    #[serde(rename = "stopWords")]
    pub stop_words: &'static [&'static str],
    /// Most sections listed under one page of the grouped results ([`crate::group`]).
    #[serde(rename = "sectionsPerPage")]
    pub sections_per_page: usize,
}

/// The expansion rules (part of [`Ranking`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Expansion {
    /// Most expansions kept per word, besides the exact term.
    pub max: usize,
    /// Boost of a term the last word is a prefix of.
    pub prefix: f32,
    /// Boost of a term one edit away.
    pub fuzzy1: f32,
    /// Boost of a term two edits away.
    pub fuzzy2: f32,
    /// Shortest last word (in characters) that is expanded as a prefix.
    #[serde(rename = "minPrefix")]
    pub min_prefix: usize,
    /// Shortest word (in characters) that may be read with one edit.
    #[serde(rename = "oneEditFrom")]
    pub one_edit_from: usize,
    /// Shortest word (in characters) that may be read with two edits.
    #[serde(rename = "twoEditsFrom")]
    pub two_edits_from: usize,
    /// A word found as typed with at least this total doc frequency (over fields) is a known
    /// word: it is not corrected to other words, only to its form with or without a final
    /// `s` (see [`expand`]).
    #[serde(rename = "knownDf")]
    pub known_df: u64,
}

/// The ranking in force.
pub const RANKING: Ranking = Ranking {
    k1: 1.2,
    b: 0.75,
    fields: FIELDS,
    coordination: 2,
    pair: 1.0,
    common_pair: 200,
    common_pair_df: 500,
    expansion: Expansion {
        max: 30,
        prefix: 0.7,
        fuzzy1: 0.5,
        fuzzy2: 0.35,
        min_prefix: 2,
        one_edit_from: 4,
        two_edits_from: 8,
        known_df: 3,
    },
    stop_words: &STOP_WORDS,
    sections_per_page: 3,
};

/// The stop words of [`RANKING`]: the English stop list published with the Snowball
/// stemmer (snowballstem.org, less its contractions, which the tokenizer splits), the
/// question and modal words students put around what they look for ("how do I ...", "can",
/// "will"), and the other closed-class words of English (determiners, pronouns,
/// prepositions, conjunctions: `another`, `within`, `without`, `via`). A ranking by bags of
/// words cannot use them, and each one a query keeps lowers the share of its words that the
/// right section holds (`without` in "deploy without downtime").
/// Particles such as `up` and `out` are in the list, as in Snowball's: quote them to search
/// them (`"scale out"`). Not `own`, whose stem is that of `owned` (`AWS owned keys`).
#[rustfmt::skip]
pub const STOP_WORDS: [&str; 181] = [
    "a", "about", "above", "across", "after", "again", "against", "all", "along", "already",
    "also", "although", "am", "among", "amongst", "an", "and", "another", "any", "anybody",
    "anyone", "anything", "are", "around", "as", "at", "be", "because", "been", "before",
    "behind", "being", "below", "beside", "besides", "between", "beyond", "both", "but", "by",
    "can", "cannot", "could", "despite", "did", "do", "does", "doing", "down", "during",
    "each", "either", "else", "ever", "every", "everybody", "everyone", "everything", "except",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "inside",
    "into", "is", "it", "its", "itself", "many", "me", "might", "more", "most", "much", "must",
    "my", "myself", "neither", "no", "nobody", "nor", "not", "nothing", "of", "off", "on",
    "once", "only", "onto", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
    "same", "shall", "she", "should", "since", "so", "some", "somebody", "someone",
    "something", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "therefore", "these", "they", "this", "those", "though", "through",
    "thus", "to", "too", "toward", "towards", "under", "until", "up", "upon", "versus", "very",
    "via", "was", "we", "were", "what", "whatever", "when", "where", "whether", "which",
    "whichever", "while", "who", "whoever", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
];

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Document id (position in the exported documents).
    pub doc: u32,
    /// BM25 score.
    pub score: f32,
}

/// The query's words, analysed (and stemmed) like the indexed text.
pub fn query_words(query: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(query);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words
}

/// Edits allowed for a word: none below [`Expansion::one_edit_from`] characters, 2 from
/// [`Expansion::two_edits_from`], else 1.
pub fn max_distance(word: &str, rules: &Expansion) -> usize {
    let chars = word.chars().count();
    if chars >= rules.two_edits_from {
        2
    } else if chars >= rules.one_edit_from {
        1
    } else {
        0
    }
}

/// Optimal-string-alignment distance (a swap of neighbours is one edit), or `None` above `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
    }
    let distance = rows[a.len() % 3][b.len()];
    (distance <= max).then_some(distance)
}

/// Expand `word` to terms with boosts, from the candidate terms of its shard (term, total
/// doc frequency), sorted by term. The exact term comes first, then at most
/// [`Expansion::max`] others by boost, doc frequency, then term.
///
/// Typo tolerance is for words the notes do not know. A word found as typed in at least
/// [`Expansion::known_df`] postings is taken as meant (like Typesense, which looks for typos
/// only when the words as typed find nothing): `model` is not also read as `modal` or
/// `mode`, which would add noise and their postings to download. Only its form with or
/// without a final `s` is still added (for the few plurals the stemmer keeps apart), and
/// the last word still matches as a prefix.
pub fn expand(
    word: &str,
    last: bool,
    candidates: &[(String, u64)],
    rules: &Expansion,
) -> Vec<(String, f32)> {
    let known = candidates
        .binary_search_by(|(term, _)| term.as_str().cmp(word))
        .is_ok_and(|i| candidates[i].1 >= rules.known_df);
    let distance = max_distance(word, rules);
    let mut exact = None;
    let mut others: Vec<(&str, f32, u64)> = Vec::new();
    for (term, df) in candidates {
        if term == word {
            exact = Some((term.clone(), 1.0));
            continue;
        }
        let mut boost = 0.0f32;
        if last && word.chars().count() >= rules.min_prefix && term.starts_with(word) {
            boost = rules.prefix;
        }
        if distance > 0 && (!known || plural_pair(word, term)) {
            match edit_distance(word, term, distance) {
                Some(1) => boost = boost.max(rules.fuzzy1),
                Some(2) => boost = boost.max(rules.fuzzy2),
                _ => {}
            }
        }
        if boost > 0.0 {
            others.push((term, boost, *df));
        }
    }
    others.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    exact
        .into_iter()
        .chain(
            others
                .into_iter()
                .take(rules.max)
                .map(|(t, b, _)| (t.to_string(), b)),
        )
        .collect()
}

/// Whether one of `a` and `b` is the other with a final `s`.
fn plural_pair(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    long.strip_suffix('s') == Some(short)
}

/// The terms of a shard across all fields, with total doc frequency, sorted by term.
pub fn shard_terms(
    searcher: &Searcher,
    table: &ShardTable,
    key: &str,
) -> tantivy::Result<Vec<(String, u64)>> {
    let schema = searcher.schema();
    let mut terms: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        for (name, _) in FIELDS {
            let inverted = segment.inverted_index(field(schema, name))?;
            let mut stream = inverted.terms().range().ge(key.as_bytes()).into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(key) {
                    break;
                }
                if table.key(term) == key {
                    *terms.entry(term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    Ok(terms.into_iter().collect())
}

/// Run a query with [`RANKING`]: sections holding more of the query's words first (see
/// [`search_with`]).
pub fn search(
    index: &Index,
    table: &ShardTable,
    query: &str,
    limit: usize,
) -> tantivy::Result<Vec<Hit>> {
    search_with(index, table, query, limit, &RANKING)
}

/// Run a query with the expansion rules and field boosts of `ranking` (BM25's `k1` and `b`
/// are tantivy's, whatever `ranking` says).
///
/// No word is required, except in a quoted phrase. A section's score is the sum, over the
/// query's distinct words ([`plan`]; stop words left out), of the word's BM25 (summed over
/// its expansions, then fields, each a tantivy term scorer), then over the query's word
/// pairs ([`Plan::pairs`]) of the pair's BM25 in [`PAIR_FIELD`] times [`Ranking::pair`],
/// times the coordination factor `(matched / words)^c`, `c` being
/// [`Ranking::coordination`]. With Lucene's classic `coord` (`c` = 1) a section holding one
/// rare word of four in a title outranked the sections holding all four; with `c` = 2 a
/// section holding two of three words keeps 44 % of its score, so sections holding every
/// word come first unless the word they miss is the least telling one, and one word the
/// notes do not use lowers a result instead of emptying the list (figures:
/// bench/RELEVANCE.md). The list is empty only when no word (nor any expansion) occurs
/// anywhere, or no section holds every pair of a quoted phrase. Arithmetic is f32 in query
/// order, so `search.js` reproduces it exactly; ties go to the lower doc id.
pub fn search_with(
    index: &Index,
    table: &ShardTable,
    query: &str,
    limit: usize,
    ranking: &Ranking,
) -> tantivy::Result<Vec<Hit>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let mut plan = plan(query, ranking.stop_words);
    let common_field = field(&schema, COMMON_PAIR_FIELD);
    let common = |term: &str| -> tantivy::Result<bool> {
        Ok(searcher.doc_freq(&Term::from_field_text(common_field, term))? > 0)
    };
    let mut common_pairs = Vec::new();
    for pair in &plan.pairs {
        if common(&pair.term)? {
            common_pairs.push(pair.term.clone());
        }
    }
    plan.drop_common(|term| common_pairs.iter().any(|t| t == term));
    let words = &plan.words;
    // No list is longer than the index: a huge limit must not reserve memory for it.
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let limit = limit.min(docs);
    if words.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let scoring = EnableScoring::enabled_from_searcher(&searcher);
    // Each term scorer's postings, with its scores, in doc order.
    let postings = |name: &str, term: &str, boost: f32| -> tantivy::Result<Vec<(u32, f32)>> {
        let term = Term::from_field_text(field(&schema, name), term);
        let weight = TermQuery::new(term, IndexRecordOption::WithFreqs).weight(scoring)?;
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let mut scorer = weight.scorer(segment, boost)?;
            while scorer.doc() != TERMINATED {
                out.push((scorer.doc(), scorer.score()));
                scorer.advance();
            }
        }
        Ok(out)
    };
    let mut total = vec![0f32; docs];
    let mut matched = vec![0u32; docs];
    // How many of the plan's required words and pairs each section holds.
    let mut required = vec![0u32; docs];
    let mut word_score = vec![0f32; docs];
    let mut touched: Vec<u32> = Vec::new();
    for word in words {
        let candidates = shard_terms(&searcher, table, &table.key(&word.text))?;
        let expansions = if word.exact {
            exact_term(&word.text, &candidates)
        } else {
            expand(&word.text, word.last, &candidates, &ranking.expansion)
        };
        for (term, boost) in expansions {
            for (name, field_boost) in ranking.fields {
                for (doc, score) in postings(name, &term, field_boost * boost)? {
                    let slot = &mut word_score[doc as usize];
                    if *slot == 0.0 {
                        touched.push(doc);
                    }
                    *slot += score;
                }
            }
        }
        for doc in touched.drain(..) {
            let doc = doc as usize;
            total[doc] += std::mem::take(&mut word_score[doc]);
            matched[doc] += 1;
            required[doc] += u32::from(word.required);
        }
    }
    for pair in &plan.pairs {
        for (doc, score) in postings(PAIR_FIELD, &pair.term, ranking.pair)? {
            let doc = doc as usize;
            if matched[doc] > 0 {
                total[doc] += score;
                required[doc] += u32::from(pair.required);
            }
        }
    }
    let needed = plan.required();
    let count = words.len() as f32;
    let mut hits: Vec<Hit> = (0..docs)
        .filter(|&doc| matched[doc] > 0 && required[doc] == needed)
        .map(|doc| Hit {
            doc: doc as u32,
            score: coordinated(
                total[doc],
                matched[doc] as f32 / count,
                ranking.coordination,
            ),
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits.truncate(limit);
    Ok(hits)
}

/// Whether a pair held by `df` of `docs` sections is common ([`Ranking::common_pair`]).
pub fn is_common(df: u64, docs: u64, ranking: &Ranking) -> bool {
    df >= ranking.common_pair_df && df.saturating_mul(ranking.common_pair) > docs
}

/// `word` with boost 1 when it is one of the `candidates`, else nothing: a phrase's word
/// is not expanded.
fn exact_term(word: &str, candidates: &[(String, u64)]) -> Vec<(String, f32)> {
    candidates
        .binary_search_by(|(term, _)| term.as_str().cmp(word))
        .map(|_| vec![(word.to_string(), 1.0)])
        .unwrap_or_default()
}

/// `score` times `share` to the power `power`, one f32 product at a time (as `search.js`).
fn coordinated(score: f32, share: f32, power: u32) -> f32 {
    (0..power).fold(score, |score, _| score * share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_swaps_as_one_edit() {
        assert_eq!(edit_distance("sagemkaer", "sagemaker", 2), Some(1));
        assert_eq!(edit_distance("rekogntion", "rekognition", 2), Some(1));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
        assert_eq!(edit_distance("abc", "abc", 0), Some(0));
        assert_eq!(edit_distance("ca", "abc", 3), Some(3));
        assert_eq!(edit_distance("odel", "model", 2), Some(1));
    }

    #[test]
    fn expansions_rank_exact_then_prefix_then_typos() {
        let candidates: Vec<(String, u64)> = [
            ("embed", 1),
            ("embedding", 5),
            ("embeddings", 9),
            ("emded", 2),
        ]
        .iter()
        .map(|(t, d)| (t.to_string(), *d))
        .collect();
        let expanded = expand("embed", true, &candidates, &RANKING.expansion);
        let terms: Vec<&str> = expanded.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(terms, ["embed", "embeddings", "embedding", "emded"]);
        assert!(expand("embed", false, &candidates, &RANKING.expansion)
            .iter()
            .all(|(t, _)| t == "embed" || t == "emded"));
    }

    #[test]
    fn known_words_are_not_corrected_except_to_their_plural() {
        let candidates: Vec<(String, u64)> = [
            ("modal", 40),
            ("mode", 50),
            ("model", 3),
            ("models", 20),
            ("modem", 1),
        ]
        .iter()
        .map(|(t, d)| (t.to_string(), *d))
        .collect();
        let terms = |word: &str, last: bool| -> Vec<String> {
            expand(word, last, &candidates, &RANKING.expansion)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        // `model` occurs 3 times: known, so only its plural is added.
        assert_eq!(terms("model", false), ["model", "models"]);
        // `modem` occurs once: not known, so typos are forgiven as before.
        assert_eq!(terms("modem", false), ["modem", "mode", "model"]);
        // An unknown word (a typo) is corrected.
        assert_eq!(terms("modle", false), ["mode", "model"]);
        assert!(plural_pair("bucket", "buckets") && plural_pair("buckets", "bucket"));
        assert!(!plural_pair("bucket", "buckes"));
    }

    /// BM25 as tantivy computes it (f32, tantivy's order), from the `k1` and `b` given.
    fn bm25(k1: f32, b: f32, docs: u32, doc_freq: u32, tf: u32, length: u32, avg: f32) -> f32 {
        let x = ((docs - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
        let weight = (1.0 + x).ln() * (1.0 + k1);
        let norm = k1 * (1.0 - b + b * length as f32 / avg);
        weight * (tf as f32 / (tf as f32 + norm))
    }

    #[test]
    fn tantivy_scores_with_the_k1_and_b_of_the_ranking() {
        let bodies = [
            "alpha beta gamma",
            "alpha alpha delta epsilon zeta",
            "omega",
        ];
        let index = index_of(&bodies);
        let table = ShardTable::plan(&[("alpha", 1), ("beta", 1), ("omega", 1)]);
        let hits = search(&index, &table, "alpha", 10).unwrap();
        let avg = 9.0f32 / 3.0;
        let expected = |k1, b| [bm25(k1, b, 3, 2, 2, 5, avg), bm25(k1, b, 3, 2, 1, 3, avg)];
        let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
        assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(scores, expected(RANKING.k1, RANKING.b));
        // The check can tell: other parameters give other scores.
        assert_ne!(scores, expected(RANKING.k1 + 0.1, RANKING.b));
        assert_ne!(scores, expected(RANKING.k1, RANKING.b - 0.1));
    }

    /// An index of one section per body (other fields empty).
    fn index_of(bodies: &[&str]) -> Index {
        let docs: Vec<crate::doc::SearchDoc> = bodies
            .iter()
            .map(|body| crate::doc::SearchDoc {
                body: body.to_string(),
                ..Default::default()
            })
            .collect();
        crate::index::build_index(&docs, None).unwrap()
    }

    /// Doc ids of every hit of `query` over sections with these bodies.
    fn ranked(bodies: &[&str], query: &str) -> Vec<u32> {
        let index = index_of(bodies);
        let table = ShardTable::plan(&[("a", 1)]);
        let hits = search(&index, &table, query, 10).unwrap();
        hits.into_iter().map(|h| h.doc).collect()
    }

    #[test]
    fn sections_holding_more_of_the_words_come_first_and_none_is_required() {
        let bodies = [
            "queues decouple producers",
            "dead letter queues keep failed messages",
            "letters of the alphabet",
            "unrelated text",
        ];
        assert_eq!(ranked(&bodies, "dead letter queue"), [1, 0, 2]);
        assert_eq!(ranked(&bodies, "zzyzx"), Vec::<u32>::new());
    }

    #[test]
    fn the_same_text_in_two_sections_is_found_once() {
        let bodies = ["lambda runs code", "lambda runs code", "lambda runs fast"];
        assert_eq!(ranked(&bodies, "lambda"), [0, 2]);
    }

    #[test]
    fn stop_words_are_left_out_unless_the_query_has_nothing_else() {
        let bodies = ["how to begin", "train the model", "nothing here"];
        assert_eq!(ranked(&bodies, "how to train"), [1]);
        assert_eq!(ranked(&bodies, "how to"), [0]);
    }

    #[test]
    fn a_quoted_phrase_matches_its_words_in_order_only() {
        let bodies = [
            "messages go to the dead letter queue",
            "the queue holds a letter that is dead",
            "a dead letter without a queue",
            "letter queue and dead ends: dead letter",
        ];
        let mut phrase = ranked(&bodies, "\"dead letter queue\"");
        phrase.sort_unstable();
        assert_eq!(phrase, [0, 3]);
        assert_eq!(ranked(&bodies, "\"queue letter dead\""), Vec::<u32>::new());
        assert_eq!(ranked(&bodies, "\"letter dead\""), Vec::<u32>::new());
        // Combined with a word outside the quotes, the phrase is still required: the one
        // section that holds `holds` lacks it.
        let mut combined = ranked(&bodies, "\"dead letter\" holds");
        combined.sort_unstable();
        assert_eq!(combined, [0, 2, 3]);
        // Without quotes the same words match all four.
        assert_eq!(ranked(&bodies, "dead letter queue").len(), 4);
    }

    #[test]
    fn stop_words_inside_quotes_count() {
        let bodies = [
            "how to deploy",
            "deploy how it goes to prod",
            "to deploy how",
        ];
        assert_eq!(ranked(&bodies, "\"how to\" deploy"), [0]);
        let mut phrase = ranked(&bodies, "\"deploy how\"");
        phrase.sort_unstable();
        assert_eq!(phrase, [1, 2]);
        assert_eq!(ranked(&bodies, "\"how deploy\""), Vec::<u32>::new());
        // Outside quotes they are left out: every section holds `deploy`.
        assert_eq!(ranked(&bodies, "how to deploy").len(), 3);
    }

    #[test]
    fn neighbouring_query_words_rank_sections_holding_them_side_by_side_first() {
        let bodies = [
            "synthesis of sound from text, then speech for the listener",
            "speech synthesis turns text into sound for the listener",
        ];
        assert_eq!(ranked(&bodies, "speech synthesis"), [1, 0]);
        // In the other order they are not neighbours: no pair, the shorter section first.
        let reversed = ranked(&bodies, "synthesis speech");
        assert_eq!(reversed.len(), 2);
        let scores = |query| {
            let index = index_of(&bodies);
            let table = ShardTable::plan(&[("a", 1)]);
            search(&index, &table, query, 10).unwrap()
        };
        let side_by_side = scores("speech synthesis");
        let apart = scores("synthesis speech");
        assert!(side_by_side[0].score > apart.iter().map(|h| h.score).fold(0.0, f32::max));
    }

    #[test]
    fn pairs_stand_within_one_service_item_never_across_two() {
        let doc = |title: &str, services: &str| crate::doc::SearchDoc {
            title: title.to_string(),
            services: services.to_string(),
            ..Default::default()
        };
        let docs = [
            doc("one", "Polly, speech synthesis, voices"),
            doc("two", "text to speech, synthesis reports"),
        ];
        let index = crate::index::build_index(&docs, None).unwrap();
        let table = ShardTable::plan(&[("a", 1)]);
        let found = |query| -> Vec<u32> {
            let hits = search(&index, &table, query, 10).unwrap();
            hits.into_iter().map(|h| h.doc).collect()
        };
        assert_eq!(found("\"speech synthesis\""), [0]);
        assert_eq!(found("\"polly speech\""), Vec::<u32>::new());
        assert_eq!(found("speech synthesis").len(), 2);
    }

    #[test]
    fn a_pair_too_common_to_index_makes_a_phrase_require_its_words_instead() {
        let common = RANKING.common_pair_df as usize;
        let mut bodies: Vec<String> = (0..common).map(|i| format!("alpha beta {i}")).collect();
        bodies.push("beta gamma alpha".into());
        bodies.push("gamma delta".into());
        let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
        let index = index_of(&bodies);
        let table = ShardTable::plan(&[("a", 1)]);
        let found = |query| -> Vec<u32> {
            let hits = search(&index, &table, query, usize::MAX).unwrap();
            hits.into_iter().map(|h| h.doc).collect()
        };
        let phrase = found("\"alpha beta\"");
        assert_eq!(
            phrase.len(),
            common + 1,
            "the pair is not checked, its words are"
        );
        assert!(phrase.contains(&(common as u32)));
        // A rare pair is still checked.
        assert_eq!(found("\"beta gamma\""), [common as u32]);
    }

    #[test]
    fn query_words_are_folded_lower_cased_and_stemmed() {
        assert_eq!(
            query_words("Café SageMaker's translates"),
            ["cafe", "sagemak", "s", "translat"]
        );
    }
}
