//! Whether a `**Label:** value` line defines a term: evidence from the shape of the value
//! and of the label, weighed into one score.
//!
//! Input: a label, its value, the heading above and the service catalog. Output: a score;
//! the glossary keeps candidates at or above [`KEEP`].
//!
//! Notes use `**Label:** value` bullets for everything: definitions, but also advice
//! ("Caching: Cache common responses"), pitches ("Balance: Good performance with moderate
//! costs"), lists ("Finance: Fraud detection, risk assessment, …"), prices and questions.
//! The method reads the form of the value, never which words a site happens to use: a
//! definition starts like a noun phrase or an "is / refers to" sentence; advice starts with
//! a bare verb or a modal; a pitch with an evaluative adjective; a list is short
//! comma-separated items. The closed word classes below (articles, modals, verbs of
//! instruction, evaluative adjectives) are English grammar, not vocabulary of any corpus.

use super::services::Services;
use std::collections::HashMap;

/// Candidates scoring at least this are glossary entries: a plain noun phrase alone
/// (score 1) is not enough; it needs a second piece of evidence (an article or "refers
/// to", an acronym, a Glossary heading, the label recurring in the note).
pub const KEEP: f32 = 2.0;

/// Verbs that open an instruction or a recommendation in their bare form.
const INSTRUCTION_VERBS: &[&str] = &[
    "access",
    "achieve",
    "add",
    "adjust",
    "analyze",
    "analyse",
    "anticipate",
    "apply",
    "ask",
    "attract",
    "automate",
    "avoid",
    "build",
    "cache",
    "calculate",
    "check",
    "choose",
    "collect",
    "combine",
    "compare",
    "concentrate",
    "configure",
    "consider",
    "create",
    "commit",
    "connect",
    "customize",
    "decrease",
    "define",
    "deploy",
    "design",
    "detect",
    "distribute",
    "do",
    "enable",
    "encrypt",
    "ensure",
    "establish",
    "experiment",
    "extract",
    "find",
    "follow",
    "generate",
    "get",
    "give",
    "grow",
    "handle",
    "help",
    "host",
    "identify",
    "implement",
    "improve",
    "include",
    "increase",
    "install",
    "integrate",
    "keep",
    "launch",
    "learn",
    "leverage",
    "limit",
    "maintain",
    "make",
    "manage",
    "maximize",
    "measure",
    "meet",
    "minimize",
    "monitor",
    "move",
    "note",
    "notify",
    "optimize",
    "pay",
    "pick",
    "plan",
    "prefer",
    "prepare",
    "prevent",
    "protect",
    "provide",
    "provision",
    "read",
    "reduce",
    "remember",
    "remove",
    "replicate",
    "request",
    "restrict",
    "review",
    "reuse",
    "run",
    "sanitize",
    "save",
    "scale",
    "secure",
    "select",
    "set",
    "shield",
    "skip",
    "stand",
    "start",
    "stop",
    "store",
    "tag",
    "test",
    "track",
    "try",
    "turn",
    "update",
    "use",
    "validate",
    "verify",
    "view",
    "write",
];

/// Adjectives and adverbs that open a pitch or a comparison rather than a definition.
const EVALUATIVE: &[&str] = &[
    "best",
    "better",
    "cheaper",
    "cost-effective",
    "complete",
    "easier",
    "easy",
    "easily",
    "fast",
    "faster",
    "fewer",
    "good",
    "great",
    "greater",
    "high",
    "higher",
    "highest",
    "improved",
    "increased",
    "less",
    "low",
    "lower",
    "lowest",
    "more",
    "most",
    "much",
    "optimal",
    "predictable",
    "quickly",
    "rapidly",
    "reduced",
    "significant",
    "significantly",
    "simple",
    "simpler",
    "superior",
    "always",
    "never",
    "no",
    "only",
    "very",
];

/// Adjectives that rank or weigh a thing rather than classify it ("a critical step", "the
/// main part"): after an article they open a claim, not a definition.
const RANKING: &[&str] = &[
    "important",
    "critical",
    "crucial",
    "essential",
    "key",
    "major",
    "main",
    "primary",
    "vital",
    "first",
    "new",
];

/// The word after the first, or "".
fn second_word(words: &[String]) -> &str {
    words.get(1).map_or("", String::as_str)
}

/// Conjunctions and quantifiers that open a clause or a claim ("When a model is used …",
/// "Some problems are …"), where a definition opens with what the thing is.
const SENTENCE_OPENERS: &[&str] = &[
    "as", "when", "if", "because", "while", "once", "although", "since", "instead", "unless",
    "some", "many", "most", "all", "each", "every", "several", "in", "for", "after", "before",
];

/// Auxiliaries and copulas: after an article and a noun they make a sentence about an
/// example ("A model is fine-tuned …"), not a definition.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "can", "may", "must", "should",
    "show", "shows", "does", "do",
];

/// Modal verbs: a value with one near its start prescribes ("developers must ensure …").
const MODALS: &[&str] = &[
    "must", "should", "can", "could", "may", "might", "need", "needs",
];

/// Question words, and labels that open steps or questions rather than name a thing.
const QUESTION_WORDS: &[&str] = &[
    "how", "what", "when", "why", "which", "who", "where", "does", "do", "is", "are", "can",
];

/// Nouns a heading uses for a list of kinds of one thing ("Types of load balancer",
/// "Scaling strategies"): its labels name the kinds. English discourse nouns, not the
/// vocabulary of a site.
const KIND_HEADINGS: &[&str] = &[
    "type",
    "kind",
    "technique",
    "strateg",
    "method",
    "characteristic",
    "concept",
    "component",
    "stage",
    "phase",
    "categor",
    "class",
    "approach",
    "pattern",
    "principle",
    "element",
    "tier",
];

/// Nouns a heading uses for a list of advice or selling points, whose labels are topics.
const ADVICE_HEADINGS: &[&str] = &[
    "use case",
    "best practice",
    "advantage",
    "benefit",
    "tip",
    "consideration",
    "example",
    "recommendation",
    "step",
    "question",
];

/// How much the mean evidence of the other labels in the same list moves a candidate: a
/// list of definitions lends weight to its terser lines, a list of advice or selling
/// points takes it from the noun phrases among them.
const SIBLING_WEIGHT: f32 = 0.5;

/// The least value evidence a line lends to the mean of its siblings.
const SIBLING_FLOOR: f32 = -1.0;

/// A `**Label:** value` line that may define a term.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The label (or the heading, for a `Definition:` line).
    pub term: String,
    /// The value as plain text.
    pub value: String,
    /// The heading of its section.
    pub heading: String,
    /// Its section in the note.
    pub section: usize,
    /// How often the note uses the label elsewhere.
    pub uses: usize,
}

/// The candidates of one note that define terms: each scored on its own evidence, then
/// moved by the evidence of the other labels in its section (its list), kept at [`KEEP`].
pub fn choose(candidates: Vec<Candidate>, services: &Services) -> Vec<Candidate> {
    // Lines of one list that end naming the same thing ("… for the history server
    // instance") are fields of that one thing: a form to fill, not terms.
    let tails: Vec<Option<String>> = candidates
        .iter()
        .map(|c| definite_tail(&c.value).or_else(|| last_words(&c.value)))
        .collect();
    let mut shared: HashMap<(usize, &str), usize> = HashMap::new();
    for (c, tail) in candidates.iter().zip(&tails) {
        if let Some(tail) = tail {
            *shared.entry((c.section, tail.as_str())).or_default() += 1;
        }
    }
    let values: Vec<f32> = candidates
        .iter()
        .zip(&tails)
        .map(|(c, tail)| {
            let fields = tail
                .as_deref()
                .is_some_and(|t| shared[&(c.section, t)] >= 2);
            value_evidence(&c.term, &c.value, services) + if fields { SHARED_TAIL } else { 0.0 }
        })
        .collect();
    // Per section: the sum and number of its candidates' value evidence, so that the mean
    // of a candidate's siblings is found without scanning the others again. A sibling
    // counts at most [`SIBLING_FLOOR`] against the others: a list is advice when most of
    // its lines are, not when one instruction sits among definitions.
    let mut sections: std::collections::HashMap<usize, (f32, usize)> = Default::default();
    let sibling = |value: f32| value.max(SIBLING_FLOOR);
    for (c, &value) in candidates.iter().zip(&values) {
        let entry = sections.entry(c.section).or_default();
        entry.0 += sibling(value);
        entry.1 += 1;
    }
    let keep: Vec<bool> = candidates
        .iter()
        .zip(&values)
        .map(|(c, &value)| {
            let (sum, count) = sections[&c.section];
            let context = if count > 1 {
                let mean = (sum - sibling(value)) / (count - 1) as f32;
                SIBLING_WEIGHT * (mean - 1.0).clamp(-2.0, 2.0)
            } else {
                0.0
            };
            // Under a heading naming kinds of one thing, the other lines are kinds too,
            // however they are written: they lend weight, never take it.
            let context = if names_kinds(&c.heading) {
                context.max(0.0)
            } else {
                context
            };
            let usage = if c.uses >= 2 { 0.5 } else { 0.0 };
            let total = label_score(&c.term)
                + value
                + kind_description(&c.value, &c.heading)
                + heading_score(&c.heading)
                + list_kind_score(&c.term, &c.heading)
                + usage
                + context;
            total >= KEEP
        })
        .collect();
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(c, keep)| keep.then_some(c))
        .collect()
}

/// The evidence that `value` defines `label` alone (no list around it): positive for a
/// definition, negative for advice, pitch, list, price or question. `heading` is the
/// section's heading; `uses` how often the note uses the label elsewhere (a term recurs in
/// the text it serves; a heading word of a list of benefits does not).
pub fn score(label: &str, value: &str, heading: &str, services: &Services, uses: usize) -> f32 {
    label_score(label) + rest_of_score(label, value, heading, services, uses)
}

/// [`score`] for the subject of a defining sentence (`**Run ID** is an identifier …`): a
/// subject that is followed by "is" names a thing even when its first word could be a verb,
/// and may be longer than a label.
pub fn subject_score(
    subject: &str,
    value: &str,
    heading: &str,
    services: &Services,
    uses: usize,
) -> f32 {
    subject_label_score(subject) + rest_of_score(subject, value, heading, services, uses)
}

/// The evidence of [`score`] besides the label's shape.
fn rest_of_score(label: &str, value: &str, heading: &str, services: &Services, uses: usize) -> f32 {
    let usage = if uses >= 2 { 0.5 } else { 0.0 };
    value_evidence(label, value, services)
        + kind_description(value, heading)
        + heading_score(heading)
        + list_kind_score(label, heading)
        + usage
}

/// Whether a heading names kinds of one thing ("Prompting techniques", "Types of …").
fn names_kinds(heading: &str) -> bool {
    let heading = heading.to_lowercase();
    KIND_HEADINGS.iter().any(|k| heading.contains(k))
}

/// A value's words in lower case, without the punctuation around them (hyphens kept).
fn value_words(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

/// Under a heading naming kinds, a sentence about an example ("The user gives two
/// examples …") says how that kind works: it describes the kind, so the penalty an article
/// opening a scenario takes elsewhere is given back.
fn kind_description(value: &str, heading: &str) -> f32 {
    let words: Vec<String> = value_words(value).take(6).collect();
    let article = words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"));
    if article && words.len() >= 3 && names_kinds(heading) && is_scenario(&words) {
        1.0
    } else {
        0.0
    }
}

/// What the heading says of its list: kinds of one thing (and the label is one of them:
/// "Manual scaling" under "Scaling strategies") or advice and selling points.
fn list_kind_score(label: &str, heading: &str) -> f32 {
    let heading = heading.to_lowercase();
    let stem = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        w.strip_suffix('s')
            .filter(|s| s.len() > 2 && !s.ends_with('s'))
            .unwrap_or(w)
            .to_string()
    };
    let label_lower = label.to_lowercase();
    let head_noun = label_lower.split_whitespace().last().map(stem);
    let heading_words: Vec<String> = heading.split_whitespace().map(stem).collect();
    let mut score = 0.0;
    if head_noun.is_some_and(|h| !h.is_empty() && heading_words.contains(&h))
        && label_lower.split_whitespace().count() > 1
        && heading.trim() != label_lower.trim()
    {
        score += 1.0;
    }
    if names_kinds(&heading) {
        score += 0.5;
    }
    if ADVICE_HEADINGS.iter().any(|k| heading.contains(k)) {
        score -= 0.5;
    }
    score
}

/// How often `label` occurs in `text` on word boundaries, case-insensitively (`text` in
/// lower case already).
pub fn uses(label: &str, lower_text: &str) -> usize {
    let label = label.to_lowercase();
    if label.is_empty() {
        return 0;
    }
    lower_text
        .match_indices(&label)
        .filter(|&(at, _)| {
            let before = lower_text.get(..at).and_then(|t| t.chars().next_back());
            let after = lower_text
                .get(at + label.len()..)
                .and_then(|t| t.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .count()
}

/// Most labels [`uses_of_each`] looks for in one pass over the text.
pub const USES_PATTERNS_AT_ONCE: usize = 16_384;

/// For each label (lower case), how often it occurs in `lower_text` on word boundaries, as
/// [`uses`] counts it, in one pass over the text for all of them: counting
/// label by label read the whole note once per bold label, and a note of 60,000 such lines
/// took minutes.
pub fn uses_of_each(labels: impl Iterator<Item = String>, lower_text: &str) -> Vec<usize> {
    let mut distinct: HashMap<String, usize> = HashMap::new();
    let of_label: Vec<Option<usize>> = labels
        .map(|label| {
            (!label.is_empty()).then(|| {
                let next = distinct.len();
                *distinct.entry(label).or_insert(next)
            })
        })
        .collect();
    let mut patterns = vec![String::new(); distinct.len()];
    for (label, &at) in &distinct {
        patterns[at].clone_from(label);
    }
    let mut counts = vec![0usize; patterns.len()];
    // Per label, occurrences that do not overlap the last one taken (as `match_indices`).
    let mut taken_to = vec![0usize; patterns.len()];
    // Built for at most USES_PATTERNS_AT_ONCE labels at a time: building one automaton
    // takes time that grows faster than its patterns (aho-corasick renumbers its states by
    // following chains of swaps), and a note of 200,000 distinct bold labels spent most of
    // its build there. Each label is in one chunk, so its count is the same either way.
    for (chunk, labels) in patterns.chunks(USES_PATTERNS_AT_ONCE).enumerate() {
        let offset = chunk * USES_PATTERNS_AT_ONCE;
        let Ok(matcher) = aho_corasick::AhoCorasick::new(labels) else {
            continue;
        };
        for found in matcher.find_overlapping_iter(lower_text) {
            let p = offset + found.pattern().as_usize();
            if found.start() < taken_to[p] {
                continue;
            }
            taken_to[p] = found.end();
            let before = lower_text
                .get(..found.start())
                .and_then(|t| t.chars().next_back());
            let after = lower_text.get(found.end()..).and_then(|t| t.chars().next());
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                counts[p] += 1;
            }
        }
    }
    of_label
        .into_iter()
        .map(|at| at.map_or(0, |at| counts[at]))
        .collect()
}

/// A label that reads like a term: a short noun phrase, not a step, a question or a
/// sentence; an acronym or a spelled-out acronym is strong evidence.
fn label_score(label: &str) -> f32 {
    let first = name_words(label)
        .first()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    if name_words(label).len() > 4
        || (INSTRUCTION_VERBS.contains(&first.as_str()) && !spelled_out_acronym(label))
    {
        return -3.0;
    }
    shape_score(label) + aspect_score(label)
}

/// Whether a label ends with a parenthesised acronym made of the initials of its words
/// ("Read Capacity Units (RCU)"): then it is a name, and its first word a noun, where
/// "Enable Multi-Factor Authentication (MFA)" spells out only its last words.
fn spelled_out_acronym(label: &str) -> bool {
    let Some((name, acronym)) = label
        .trim_end()
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
    else {
        return false;
    };
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let acronym: String = acronym
        .chars()
        .filter(char::is_ascii_alphabetic)
        .flat_map(char::to_lowercase)
        .collect();
    initials.len() >= 2 && initials == acronym
}

/// Head nouns that name an aspect of something else: its support, integration, options,
/// capabilities, features, benefits or costs ("SDK support", "IAM integration",
/// "Compliance costs"). A label ending with one names what a product offers or costs, not
/// a concept. English nouns of discourse, like the heading nouns below.
const ASPECT_NOUNS: &[&str] = &[
    "support",
    "integration",
    "option",
    "capability",
    "feature",
    "benefit",
    "cost",
];

/// What a label's aspect head noun ([`ASPECT_NOUNS`]) takes away.
fn aspect_score(label: &str) -> f32 {
    let words = name_words(label);
    let head = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    let head = match head.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => head.strip_suffix('s').unwrap_or(&head).to_string(),
    };
    if words.len() > 1 && ASPECT_NOUNS.contains(&head.as_str()) {
        -2.0
    } else {
        0.0
    }
}

/// [`label_score`] for the subject of a defining sentence: up to six words, and a first
/// word that could be a verb ("Run ID", "Set point") is a noun there.
fn subject_label_score(subject: &str) -> f32 {
    if name_words(subject).len() > 6 {
        return -3.0;
    }
    shape_score(subject) + aspect_score(subject)
}

/// The words of a label without a parenthesised acronym or expansion at its end: "AWS CLI
/// (Command Line Interface)" is two words long.
fn name_words(label: &str) -> Vec<&str> {
    let name = match label.trim_end().strip_suffix(')') {
        Some(open) => open.rsplit_once('(').map_or(label, |(name, _)| name),
        None => label,
    };
    let name = if name.trim().is_empty() { label } else { name };
    name.split_whitespace().collect()
}

/// The evidence of a label's shape shared by labels and subjects.
fn shape_score(label: &str) -> f32 {
    let words: Vec<&str> = label.split_whitespace().collect();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    // A one-letter label ("A" for a DNS record) would mark every article in the notes.
    if words.is_empty()
        || label.chars().filter(|c| c.is_alphanumeric()).count() < 2
        || label.starts_with(|c: char| c.is_ascii_digit())
        || QUESTION_WORDS.contains(&first.as_str())
        || label.ends_with('?')
    {
        return -3.0;
    }
    // "Failed", "Succeeded": one past participle names a state, not a concept ("Speed" is
    // no participle).
    if words.len() == 1 && first.len() > 4 && first.ends_with("ed") && !first.ends_with("eed") {
        return -3.0;
    }
    let mut score = 0.0;
    // "Retrieval-Augmented Generation (RAG)", "GDPR": named, so a term.
    if label.contains('(') && label.ends_with(')') || words.iter().any(|w| is_acronym(w)) {
        score += 1.0;
    }
    // A number inside a name ("Friend 2", "Option 3") enumerates; it does not name.
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        score -= 2.0;
    }
    score
}

/// The evidence of a value that may restate its label as the subject of a defining
/// sentence ("A data store is a repository …" under "Data store"): then what follows the
/// verb is the definition, and restating is evidence of its own; else [`value_score`].
fn value_evidence(label: &str, value: &str, services: &Services) -> f32 {
    let field = if names_a_field(label, value) {
        FIELD
    } else {
        0.0
    };
    field
        + match restated(label, value) {
            Some(rest) => value_score(rest, services) + RESTATED,
            None => value_score(value, services),
        }
}

/// The words after the last "the" of `value`'s first sentence, when they are its last
/// three to six words ("for the Spark history server instance." → "spark history server
/// instance"): the one thing the value names at its end.
fn definite_tail(value: &str) -> Option<String> {
    let sentence = value.split(". ").next().unwrap_or(value);
    let words: Vec<String> = value_words(sentence).collect();
    let at = words.iter().rposition(|w| w == "the")?;
    let tail = &words[at + 1..];
    (3..=6).contains(&tail.len()).then(|| tail.join(" "))
}

/// The last three words of `value`'s first sentence when at most one of them is a function
/// word ("… by access keys", "… for the Spark UI"; not "… of the model"), to compare with
/// the other lines of its list.
fn last_words(value: &str) -> Option<String> {
    let sentence = value.split(". ").next().unwrap_or(value);
    let words: Vec<String> = value_words(sentence).collect();
    let last = words.get(words.len().checked_sub(3)?..)?;
    let function = |w: &String| {
        matches!(
            w.as_str(),
            "the"
                | "a"
                | "an"
                | "of"
                | "to"
                | "in"
                | "for"
                | "and"
                | "or"
                | "with"
                | "on"
                | "by"
                | "is"
                | "are"
        )
    };
    (words.len() >= 4 && last.iter().filter(|w| function(w)).count() <= 1)
        .then(|| format!("…{}", last.join(" ")))
}

/// What a line of a list takes away when another line ends naming the same thing.
const SHARED_TAIL: f32 = -2.0;

/// What a value describing a field of one thing takes away.
const FIELD: f32 = -1.5;

/// Whether `value` says which field of some one thing `label` is: "The port for the web
/// console" under "Console port", "The type of machine that runs it" under "Machine type".
/// "The" and the label's own head noun say only which one of a setting, where a definition
/// names a wider class ("A number that …").
fn names_a_field(label: &str, value: &str) -> bool {
    let stem = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        w.strip_suffix('s').map(str::to_string).unwrap_or(w)
    };
    let Some(head) = name_words(label).last().map(|w| stem(w)) else {
        return false;
    };
    let mut words = value.split_whitespace();
    words.next().is_some_and(|w| w.eq_ignore_ascii_case("the"))
        && head.len() > 1
        && words.take(3).any(|w| stem(w) == head)
}

/// What restating the label as the subject of "is / are / refers to / means" adds.
const RESTATED: f32 = 1.0;

/// The rest of `value` after "(A / An / The) <label> is / are / refers to / means", where
/// the label may also be one of its comma-separated parts, or its name without a
/// parenthesised acronym ("Retrieval Augmented Generation (RAG)").
pub fn restated<'v>(label: &str, value: &'v str) -> Option<&'v str> {
    let lower = value.to_lowercase();
    // Lower-casing keeps byte lengths for ASCII; anything else is left alone.
    if lower.len() != value.len() {
        return None;
    }
    let mut after_article = 0;
    for article in ["a ", "an ", "the "] {
        if lower.starts_with(article) {
            after_article = article.len();
        }
    }
    let label = label.to_lowercase();
    let bare = label
        .split(" (")
        .next()
        .unwrap_or(&label)
        .trim()
        .to_string();
    let mut names: Vec<&str> = vec![label.as_str(), bare.as_str()];
    names.extend(label.split(',').map(str::trim));
    for name in names.into_iter().filter(|n| n.len() > 1) {
        let Some(rest) = lower
            .get(after_article..)
            .and_then(|t| t.strip_prefix(name))
        else {
            continue;
        };
        // Skip a parenthesis after the name: "RAG (retrieval …) is …".
        let rest = match rest.strip_prefix(" (") {
            Some(inner) => inner.split_once(')').map_or(rest, |(_, after)| after),
            None => rest,
        };
        for verb in [" is ", " are ", " refers to ", " means ", " denotes "] {
            if let Some(tail) = rest.strip_prefix(verb) {
                let at = value.len() - tail.len();
                return value
                    .get(at..)
                    .map(str::trim_start)
                    .filter(|t| !t.is_empty());
            }
        }
    }
    None
}

/// An acronym: two or more capitals, maybe with digits or a lower-case letter (`FedRAMP`).
fn is_acronym(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && word.len() <= 10
}

/// The shape of the value: how it starts, and whether it is a list, a price or a question.
fn value_score(value: &str, services: &Services) -> f32 {
    let words: Vec<String> = value_words(value).collect();
    if words.len() < 3 {
        return -2.0;
    }
    let first = words[0].as_str();
    let lower = value.to_lowercase();
    let mut score = 0.0;
    let opening = &words[..words.len().min(5)];
    if matches!(first, "a" | "an" | "the") {
        // "The same for MongoDB": like the thing before it, which it does not name.
        score += if is_scenario(&words) || (first == "the" && second_word(&words) == "same") {
            -1.0
        } else if EVALUATIVE.contains(&second_word(&words))
            || RANKING.contains(&second_word(&words))
        {
            // "The highest priority", "A critical step", "A good way to …": more often a
            // claim about it than what it is.
            0.5
        } else {
            2.0
        };
    }
    // "… for your applications", "you must …": addressed to the reader, so advice.
    if opening
        .iter()
        .any(|w| matches!(w.as_str(), "you" | "your" | "we" | "our"))
    {
        score -= 1.5;
    }
    let second = words[1].as_str();
    let defines = matches!(
        second,
        "is" | "are" | "refers" | "means" | "involves" | "describes" | "denotes"
    );
    if matches!(first, "is" | "are" | "refers" | "means" | "denotes")
        || (matches!(first, "it" | "this" | "they" | "these") && defines && words[2] != "the")
        || opening
            .iter()
            .any(|w| matches!(w.as_str(), "refers" | "denotes"))
    {
        score += 2.0;
    } else if matches!(first, "this" | "these" | "that" | "those" | "it" | "they") {
        // "This job reads …", "This is the first step": about something else.
        score -= 1.5;
    }
    // A clause or a claim about some of them, not what the thing is.
    if SENTENCE_OPENERS.contains(&first) {
        score -= 2.0;
    }
    if first.len() > 4 && first.ends_with("ing") {
        score += 0.5;
    }
    // "Handles …", "Uses …", "Has …": a third-person description of what the thing does.
    if (first.len() > 3 && first.ends_with('s') && !first.ends_with("ss")) || first == "has" {
        score += 0.5;
    }
    // "Set of permissions …", "Use of …": a noun before "of", not a bare verb.
    if (INSTRUCTION_VERBS.contains(&first) && second != "of")
        || (first.ends_with("ly")
            && words
                .get(1)
                .is_some_and(|w| INSTRUCTION_VERBS.contains(&w.as_str())))
    {
        score -= 3.0;
    }
    if EVALUATIVE.contains(&first) {
        score -= 2.0;
    }
    if opening.iter().any(|w| MODALS.contains(&w.as_str())) {
        score -= 2.0;
    }
    if is_list(value) {
        score -= 2.5;
    }
    // "50% cheaper", "connects to 40+ sources": a figure sells; it does not say what a
    // thing is. "Up to …" opens a claim of one.
    if value.contains('%') || has_figure_plus(value) {
        score -= 1.0;
    }
    if first == "up" && second == "to" {
        score -= 2.0;
    }
    // "protected by access keys", "stored in S3": a participle says what is done to it.
    if first.len() > 4
        && first.ends_with("ed")
        && !first.ends_with("eed")
        && !first.contains('-')
        && matches!(
            second,
            "by" | "in" | "to" | "for" | "on" | "with" | "as" | "from" | "at" | "into"
        )
    {
        score -= 1.0;
    }
    // "… as shown in the following image": a caption of something on the page; "… as
    // well": an addition to what was said before.
    if lower.contains("as shown") || lower.contains("as indicated") {
        score -= 2.0;
    }
    if lower
        .split(". ")
        .next()
        .is_some_and(|s| s.trim_end_matches(['.', ' ']).ends_with("as well"))
    {
        score -= 1.5;
    }
    // "web server, CMS, etc.": examples of it; "OLTP: RDS & Aurora": a label of its own.
    if words.iter().any(|w| w == "etc") {
        score -= 1.0;
    }
    if value
        .split_whitespace()
        .next()
        .is_some_and(|w| w.len() > 1 && w.ends_with(':'))
    {
        score -= 1.0;
    }
    // "… inferred by this classifier": a field of something on the page, not a concept.
    if points_at_the_page(value) {
        score -= 1.0;
    }
    // "an identifier for the policy (optional)": a field of a form or a document.
    if lower.contains("(optional)") || lower.contains("(required)") {
        score -= 1.5;
    }
    if names_a_place(&words) {
        score -= 2.5;
    }
    let trimmed = value.trim_start();
    // A price, a question, or a question's blank to fill ("suitable for storing [...]").
    if trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '$')
        || value.trim_end().ends_with('?')
        || ["[...]", "[…]", "___"]
            .iter()
            .any(|blank| value.contains(blank))
    {
        score -= 3.0;
    }
    // "A managed service:" leads into the list under it, which says the rest; "(same
    // technology that …)" is an aside to what was said before.
    if value.trim_end().ends_with(':') || trimmed.starts_with('(') {
        score -= 2.0;
    }
    // "Amazon Textract for text extraction": names the tool, not the meaning.
    if services
        .find(trimmed)
        .next()
        .is_some_and(|(range, _)| range.start == 0)
    {
        score -= 1.5;
    }
    score + description_score(&words, value) + 1.0
}

/// Whether `value` holds a number followed by "+" ("40+ sources", "100+ models").
fn has_figure_plus(value: &str) -> bool {
    value.split_whitespace().any(|w| {
        w.strip_suffix('+')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Whether the first sentence of `value` names something by "this" or "these" after its
/// opening ("The last time this classifier was updated"): a field of the thing the page
/// is about, not a concept. "What is this?" (a pronoun) and a later sentence do not count.
fn points_at_the_page(value: &str) -> bool {
    let mut tokens = value.split_whitespace().skip(1).peekable();
    while let Some(token) = tokens.next() {
        if matches!(token.to_lowercase().as_str(), "this" | "these") && tokens.peek().is_some() {
            return true;
        }
        if token.ends_with(['.', '?', '!', ':', ';']) {
            return false;
        }
    }
    false
}

/// Nouns that say where a thing stands in something else ("an important part of …", "a
/// critical step in …", "a shared responsibility", "an option in …"): after an article,
/// they place the thing, where a definition says what it is. English nouns of discourse.
const PLACE_NOUNS: &[&str] = &[
    "part",
    "step",
    "aspect",
    "responsibility",
    "option",
    "priority",
    "concern",
];

/// Whether a value places its label in something else rather than define it: an article,
/// one or two modifiers and a [`PLACE_NOUNS`] noun ending the phrase or followed by "of /
/// in / between / within / for" ("an important part of …"; "a part of a table kept on one
/// host" and "an option that …" define), or a phrase ending "use case" ("a frequent ETL
/// use case").
fn names_a_place(words: &[String]) -> bool {
    if !words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"))
    {
        return false;
    }
    if words.len() <= 10 && words.ends_with(&["use".to_string(), "case".to_string()]) {
        return true;
    }
    // "… a step in the pipeline that cleans the data" narrows the place into a definition.
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "that" | "which" | "where" | "who"))
    {
        return false;
    }
    words.iter().enumerate().skip(1).take(3).any(|(at, word)| {
        let next = words.get(at + 1).map(String::as_str);
        PLACE_NOUNS.contains(&word.as_str())
            && if at == 1 {
                // Without a modifier, only "an option in …", "a step within …".
                matches!(next, Some("in" | "within" | "between"))
            } else {
                next.is_none_or(|n| matches!(n, "of" | "in" | "between" | "within" | "for"))
            }
    })
}

/// For each capitalised word of `text`, how often it occurs (as written) and how often a
/// capitalised word follows it ("Elastic Beanstalk", "Elastic Inference"): one pass.
pub fn name_openers(text: &str) -> HashMap<&str, (usize, usize)> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut tokens = text.split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let entry = counts.entry(word).or_default();
        entry.0 += 1;
        // "Elastic Beanstalk", not "Elastic: …" or "Elastic, Beanstalk".
        let joined = token.ends_with(|c: char| c.is_alphanumeric());
        if joined
            && tokens
                .peek()
                .is_some_and(|next| next.starts_with(|c: char| c.is_uppercase()))
        {
            entry.1 += 1;
        }
    }
    counts
}

/// Whether a one-word `label` is, in its note, a part of longer names: used at least five
/// times, and in more than four of five uses followed by another capitalised word
/// ("Elastic" of Elastic Beanstalk, Elastic Inference, Elastic Load Balancing). Such a
/// word is no term of its own, whatever one line says after it.
pub fn opens_names(label: &str, openers: &HashMap<&str, (usize, usize)>) -> bool {
    let label = label.trim();
    if label.contains(char::is_whitespace) {
        return false;
    }
    openers
        .get(label)
        .is_some_and(|&(uses, named)| uses >= 5 && named * 5 > uses * 4)
}

/// Openings that describe what a thing is without an article: "also known as …",
/// "Automatically adjusts …". (A bare noun with a complement, "Tools for …", and a
/// participle, "Included in …", were tried: they kept as many selling points as terms.)
fn description_score(words: &[String], value: &str) -> f32 {
    let lower = value.to_lowercase();
    if [
        "also known as",
        "also called",
        "stands for",
        "short for",
        "aka ",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        return 2.0;
    }
    let (first, second) = (words[0].as_str(), words[1].as_str());
    let third_person = |w: &str| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss");
    // "Automatically adjusts the number …"
    if first.ends_with("ly") && third_person(second) {
        return 0.5;
    }
    // "Set of permissions …", "Amount of time …": a noun that classes or measures, the
    // genus of a definition.
    if CLASSIFIERS.contains(&first) && second == "of" {
        return 1.0;
    }
    // "Tools for identifying …", "JSON document that defines …": a noun naming a kind of
    // means or artefact, and what narrows it.
    let genus = words.iter().take(3).enumerate().any(|(at, w)| {
        let singular = w
            .strip_suffix('s')
            .filter(|_| !w.ends_with("ss"))
            .unwrap_or(w);
        GENERA.contains(&singular)
            && words.get(at + 1).is_some_and(|next| {
                matches!(
                    next.as_str(),
                    "for" | "to" | "of" | "that" | "which" | "used" | "in" | "with" | "where"
                )
            })
    });
    if genus && !matches!(first, "a" | "an" | "the") && !INSTRUCTION_VERBS.contains(&first) {
        return 0.5;
    }
    // "Individual identities who interact with …": a noun and a relative clause that
    // narrows it (not after a verb: "Specifies which …").
    let verb = INSTRUCTION_VERBS.contains(&first) || third_person(first) && words.len() > 1;
    if !verb
        && !matches!(first, "a" | "an" | "the")
        && words
            .iter()
            .skip(1)
            .take(3)
            .any(|w| matches!(w.as_str(), "that" | "which" | "who" | "whose"))
    {
        return 0.5;
    }
    0.0
}

/// Nouns naming a kind of means or artefact ("tools for …", "a template used to …"): the
/// genus a definition narrows. English nouns, like the heading nouns above.
const GENERA: &[&str] = &[
    "tool",
    "technique",
    "method",
    "approach",
    "process",
    "practice",
    "mechanism",
    "framework",
    "platform",
    "format",
    "protocol",
    "standard",
    "service",
    "system",
    "model",
    "algorithm",
    "template",
    "repository",
    "library",
    "interface",
    "database",
    "document",
    "file",
    "server",
    "language",
    "record",
];

/// Nouns that class or measure ("set of", "amount of"): opening a value without an
/// article, they name the genus of a definition. English nouns of classification.
const CLASSIFIERS: &[&str] = &[
    "set",
    "collection",
    "group",
    "type",
    "kind",
    "form",
    "class",
    "category",
    "amount",
    "number",
    "sequence",
    "series",
    "unit",
    "measure",
    "subset",
    "combination",
    "ability",
];

/// An article opening a sentence about an example ("A company uses …", "The metrics show
/// …", "A model is fine-tuned …") rather than a noun phrase ("A set of rules …").
fn is_scenario(words: &[String]) -> bool {
    for (index, word) in words.iter().enumerate().take(5).skip(2) {
        if matches!(
            word.as_str(),
            "of" | "that"
                | "which"
                | "who"
                | "used"
                | "for"
                | "to"
                | "in"
                | "with"
                | "where"
                | "or"
                | "and"
        ) {
            return false;
        }
        let previous = &words[index - 1];
        if AUXILIARIES.contains(&word.as_str())
            || (word.len() > 3
                && !word.contains(['\'', '’'])
                && word.ends_with('s')
                && !word.ends_with("ss")
                && !previous.ends_with('s'))
        {
            return true;
        }
    }
    false
}

/// A list of names or examples: three or more short comma-separated items.
fn is_list(value: &str) -> bool {
    let items: Vec<&str> = value
        .trim_end_matches('.')
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    items.len() >= 3
        && items
            .iter()
            .all(|item| item.split_whitespace().count() <= 4)
}

/// A section titled Glossary, Key terms, Terminology or Definitions holds definitions.
fn heading_score(heading: &str) -> f32 {
    if is_glossary_heading(heading) {
        2.0
    } else {
        0.0
    }
}

/// Whether a heading announces definitions (Glossary, Key terms, Terminology, …).
pub fn is_glossary_heading(heading: &str) -> bool {
    let heading = heading.to_lowercase();
    [
        "glossary",
        "terminology",
        "key terms",
        "definitions",
        "vocabulary",
    ]
    .iter()
    .any(|h| heading.contains(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_of_each_counts_as_uses_does_label_by_label() {
        let text = "aa aa aaa. key one, key one; keyone key. data lake data lakes é é é";
        let labels = [
            "aa",
            "key one",
            "key",
            "data lake",
            "é",
            "missing",
            "",
            "aa a",
        ];
        let counts = uses_of_each(labels.iter().map(|l| l.to_string()), text);
        for (label, count) in labels.iter().zip(counts) {
            assert_eq!(count, uses(label, text), "{label}");
        }
    }

    fn no_services() -> Services {
        Services::build(&Default::default(), &Default::default())
    }

    /// A `**term:** value` line under `heading`, in section 0, not used elsewhere.
    fn candidate(term: &str, value: &str, heading: &str) -> Candidate {
        Candidate {
            term: term.into(),
            value: value.into(),
            heading: heading.into(),
            section: 0,
            uses: 0,
        }
    }

    #[test]
    fn definitions_score_above_advice_pitch_and_lists() {
        let s = no_services();
        let keep = |label: &str, value: &str| score(label, value, "", &s, 1) >= KEEP;
        assert!(keep("Token", "The unit of text a model reads and writes"));
        assert!(keep(
            "Sharding",
            "The splitting of a table into parts on different hosts"
        ));
        assert!(keep(
            "Quorum",
            "Refers to the minimum number of votes a decision needs"
        ));
        assert!(keep("TTL", "Time after which a cached record expires"));
        assert!(
            score(
                "Veto",
                "Has the power to stop a vote",
                "Kinds of votes",
                &s,
                0
            ) > score(
                "Veto",
                "Had the power to stop a vote",
                "Kinds of votes",
                &s,
                0
            )
        );
        assert!(!keep("Sharding", "Use a hash of the key to pick a host"));
        assert!(!keep("Balance", "Good speed with moderate cost"));
        assert!(!keep("Sectors", "Retail, logistics, banking, travel"));
        assert!(!keep("Price", "$3 per million requests"));
        assert!(!keep("Teams", "Developers must agree on a style first"));
        assert!(!keep(
            "Reader 2",
            "Prefers long essays about gardens and birds"
        ));
        assert!(!keep(
            "How to start",
            "The first step is to open the console"
        ));
        assert!(!keep("Example", "A company uses the model to answer mail"));
        assert!(!keep(
            "Risks",
            "When a model is used for hiring, bias matters"
        ));
    }

    #[test]
    fn a_lead_in_an_aside_a_blank_to_fill_or_a_likeness_defines_nothing() {
        let s = no_services();
        let keep = |label: &str, value: &str| score(label, value, "", &s, 2) >= KEEP;
        assert!(keep(
            "Data warehouse",
            "A managed store for analytics queries"
        ));
        assert!(!keep("Data warehouse", "A managed store:"));
        assert!(!keep(
            "Data warehouse",
            "(the same engine that runs the reports)"
        ));
        assert!(!keep(
            "Cold storage",
            "A storage class that is suitable for [...] and [...]"
        ));
        assert!(!keep(
            "Graph store",
            "The same for graphs (nodes and edges)"
        ));
        assert!(keep("Graph store", "The store of nodes and edges"));
    }

    #[test]
    fn a_list_of_advice_pulls_its_noun_phrases_down_and_a_list_of_definitions_lifts_them() {
        let s = no_services();
        let candidate = |term: &str, value: &str| candidate(term, value, "Notes");
        let advice = vec![
            candidate("Backups", "Regular copies of the data"),
            candidate("Caching", "Use a cache for repeated answers"),
            candidate("Scaling", "Add more servers at peak hours"),
            candidate("Logging", "Keep every request for a month"),
        ];
        assert!(choose(advice, &s).is_empty());
        let definitions = vec![
            candidate("Backups", "Regular copies of the data"),
            candidate("Shard", "A part of a table kept on one host"),
            candidate("Replica", "A copy of a database that serves reads"),
        ];
        let kept: Vec<String> = choose(definitions, &s)
            .into_iter()
            .map(|c| c.term)
            .collect();
        assert_eq!(kept, ["Backups", "Shard", "Replica"]);
    }

    #[test]
    fn a_heading_naming_kinds_of_the_label_is_evidence() {
        let s = no_services();
        let value = "Adjusting the number of servers by hand";
        assert!(score("Manual scaling", value, "Scaling strategies", &s, 0) >= KEEP);
        assert!(score("Manual scaling", value, "Notes", &s, 0) < KEEP);
        assert!(
            score(
                "Fan-out",
                "Also known as broadcast delivery to many queues",
                "",
                &s,
                0
            ) >= KEEP
        );
    }

    #[test]
    fn a_value_restating_its_label_is_read_after_the_verb() {
        let s = no_services();
        let value = "A pantry is a room for keeping food, away from the heat.";
        assert_eq!(
            restated("Pantry", value),
            Some("a room for keeping food, away from the heat.")
        );
        assert_eq!(
            restated("Pantry, larder", "A larder is a cool room"),
            Some("a cool room")
        );
        assert!(score("Pantry", value, "", &s, 0) >= KEEP);
        // Without the restatement, "A pantry is …" reads as a sentence about an example.
        assert!(score("Storage", value, "", &s, 0) < KEEP);
        // The label as the subject of a claim that is no definition.
        assert_eq!(restated("Pantry", "The pantry was empty on Monday"), None);
        assert!(score("Pantry", "A pantry is always too small", "", &s, 0) < KEEP);
    }

    #[test]
    fn under_a_heading_naming_kinds_a_sentence_describes_the_kind() {
        let s = no_services();
        let value = "The cook adds the sauce only at the very end";
        let candidate = |heading: &str| candidate("Late saucing", value, heading);
        assert_eq!(choose(vec![candidate("Saucing techniques")], &s).len(), 1);
        assert!(choose(vec![candidate("Dinner on Friday")], &s).is_empty());
        // A ranking adjective after the article is weaker evidence than a plain noun phrase.
        assert!(
            score("Saucing", "The main part of the dish", "", &s, 0)
                < score("Saucing", "The last part of the dish", "", &s, 0)
        );
    }

    #[test]
    fn states_figures_and_fields_of_the_page_are_no_definitions() {
        let s = no_services();
        let keep = |label: &str, value: &str| score(label, value, "", &s, 1) >= KEEP;
        // One past participle names a state of a run.
        assert!(!keep(
            "Failed",
            "The run stopped on an error and was rolled back"
        ));
        assert!(keep("Speed", "The rate of motion of a thing"));
        // A figure sells.
        let archive = |value: &str| score("Archive", value, "", &s, 0);
        assert!(
            archive("Cold data kept for years, 50% cheaper") < archive("Cold data kept for years")
        );
        // "this" pointing at the thing the page is about: a field of it.
        assert!(!keep(
            "Last updated",
            "The last time this form was changed."
        ));
        // "this" as a pronoun, or in a later sentence, points at nothing on the page.
        assert!(keep(
            "Casting",
            "The pouring of metal into a mould. This gives it its shape."
        ));
        assert!(!points_at_the_page("Asks “What is this?” of every part"));
        // "The <label's head noun> of / for …": which field of one thing, not a class.
        assert!(names_a_field(
            "Console port",
            "The port for the web console"
        ));
        assert!(names_a_field(
            "Machine types",
            "The type of machine that runs it"
        ));
        assert!(!names_a_field(
            "Spot instance",
            "An instance that runs on spare capacity"
        ));
        assert!(!names_a_field(
            "Console port",
            "The number of a socket on a host"
        ));
        assert!(
            score("Console port", "The port for the web console", "", &s, 0)
                < score(
                    "Console port",
                    "The number of a socket on a host",
                    "",
                    &s,
                    0
                )
        );
    }

    #[test]
    fn a_subject_of_a_defining_sentence_may_open_with_a_verb_and_be_longer() {
        let s = no_services();
        let value = "an identifier given to each run of a job";
        // As a label, "Run …" reads as an instruction; as the subject of "is", it is a noun.
        assert!(score("Run ID", value, "", &s, 0) < KEEP);
        assert!(subject_score("Run ID", value, "", &s, 0) >= KEEP);
        let long = "Area under the cost curve";
        assert!(score(long, "a single number for the quality", "", &s, 0) < KEEP);
        assert!(subject_score(long, "a single number for the quality", "", &s, 0) >= KEEP);
        // A parenthesised expansion does not count towards a label's length.
        assert_eq!(
            name_words("AWS CLI (Command Line Interface)"),
            ["AWS", "CLI"]
        );
        assert!(score("AWS CLI (Command Line Interface)", value, "", &s, 0) >= KEEP);
    }

    #[test]
    fn a_label_spelling_out_its_acronym_is_a_name_even_when_it_opens_with_a_verb() {
        let s = no_services();
        let value = "Space reserved on disk for pending changes";
        assert!(spelled_out_acronym("Write Ahead Log (WAL)"));
        assert!(!spelled_out_acronym("Enable Write Ahead Log (WAL)"));
        assert!(score("Write Ahead Log (WAL)", value, "", &s, 0) >= KEEP);
        assert!(score("Enable Write Ahead Log (WAL)", value, "", &s, 0) < KEEP);
    }

    #[test]
    fn a_label_naming_an_aspect_of_something_else_is_no_term() {
        let s = no_services();
        let value = "Drivers for the common office printers";
        assert!(score("Printer support", value, "", &s, 0) < KEEP);
        assert!(score("Print costs", value, "", &s, 0) < score("Print queue", value, "", &s, 0));
        // A noun before "of" is no instruction.
        assert!(
            score("Quorum", "Set of members whose votes count", "", &s, 0)
                > score("Quorum", "Set the members whose votes count", "", &s, 0)
        );
    }

    #[test]
    fn values_placing_a_thing_or_naming_a_field_are_no_definitions() {
        let s = no_services();
        let keep = |label: &str, value: &str| score(label, value, "", &s, 1) >= KEEP;
        assert!(!keep("Tasting", "An important part of every wine course"));
        assert!(!keep("Tasting", "A shared responsibility of the staff"));
        assert!(!keep("Tasting", "An optional step in the dinner"));
        assert!(keep(
            "Tasting",
            "A part of the dinner where guests try wines"
        ));
        assert!(!keep("Tasting", "A frequent restaurant use case"));
        assert!(keep(
            "Tasting",
            "An option that lets guests try small glasses"
        ));
        assert!(keep(
            "Tasting",
            "A technique for judging a wine by its smell"
        ));
        assert!(!keep("Owner", "A person who owns the file (optional)"));
        assert!(keep("Owner", "A person who owns the file"));
    }

    #[test]
    fn lines_of_a_list_ending_with_the_same_thing_are_its_fields() {
        let s = no_services();
        let candidate = |term: &str, value: &str| candidate(term, value, "Provide these");
        let form = vec![
            candidate("Disk size", "The space given to the mail relay machine."),
            candidate("Host name", "The label given to the mail relay machine."),
        ];
        assert!(choose(form, &s).is_empty());
        let alone = vec![candidate(
            "Disk size",
            "The space given to the mail relay machine.",
        )];
        assert_eq!(choose(alone, &s).len(), 1);
    }

    #[test]
    fn a_genus_narrowed_by_what_follows_is_evidence() {
        let s = no_services();
        let crew = |value: &str| score("Crew", value, "", &s, 0);
        // A classifier noun before "of" names the genus.
        assert!(crew("Group of sailors who work one ship") >= KEEP);
        // A relative clause after a noun, or a noun of means before its purpose, narrows it.
        assert!(crew("Hired sailors who work one ship") > crew("Hired sailors on one ship"));
        assert!(crew("Tools for steering one ship") > crew("Oars and ropes on one ship"));
        // Not after a verb: "Specifies which …".
        let value = "Specifies which sailors work";
        let words: Vec<String> = value_words(value).collect();
        assert_eq!(description_score(&words, value), 0.0);
    }

    #[test]
    fn figures_captions_participles_and_additions_are_no_definitions() {
        let s = no_services();
        let keep = |label: &str, value: &str| score(label, value, "", &s, 1) >= KEEP;
        assert!(!keep("Harbour", "Up to 40% of the fleet, moored at night"));
        assert!(!keep("Harbour", "Moorings for 200+ boats of all kinds"));
        assert!(!keep("Harbour", "Protected by a wall of rocks"));
        assert!(!keep(
            "Harbour",
            "A quiet place for boats, as shown in the map"
        ));
        assert!(!keep("Harbour", "An option in the sailing plan as well"));
        assert!(!keep("Harbour", "Small boats, rowing boats, etc."));
        assert!(keep("Harbour", "A sheltered place where boats stay"));
    }

    #[test]
    fn a_word_that_opens_longer_names_is_no_term_of_its_own() {
        let text = "Grand Canal, Grand Hotel and Grand Prix. The Grand Tour. Grand Slam.                     **Grand**: a piano. Canal boats, Canal locks.";
        let openers = name_openers(text);
        assert!(opens_names("Grand", &openers));
        assert!(!opens_names("Canal", &openers));
        assert!(!opens_names("Grand Canal", &openers));
    }

    #[test]
    fn a_glossary_heading_is_evidence() {
        let s = no_services();
        let value = "Pieces of cheese on a cracker";
        assert!(score("Canape", value, "Glossary", &s, 1) > score("Canape", value, "Menu", &s, 1));
    }
}
