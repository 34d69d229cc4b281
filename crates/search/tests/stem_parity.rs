//! The browser stemmer (`assets/stemmer.js`, run in node) gives the same stem as the Rust
//! one (`stem::stem`) for every word of real indexes and for generated edge cases.
//!
//! Input: the fixture sites (`tests/fixtures`), and when `../shared` is present the seed
//! notes and the three corpora, analysed as the index analyses them before stemming; plus generated
//! words. Output: a pass, or the words whose stems differ.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use notesite_search::index::word_analyzer;
use notesite_search::stem::stem;

/// The repository's root (this crate is `crates/search`).
fn repo_root() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../..")
}

/// `../shared/<name>` beside the repository; a printed skip when absent, a failure under CI.
fn shared(name: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared").join(name);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/{name} is missing, and CI always has it: check the checkout's layout"
    );
    eprintln!("SKIPPED: ../shared/{name} not found; its words were not compared");
    None
}

/// The text of every UTF-8 file under `dir`, one string per file.
fn texts(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            texts(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(text);
        }
    }
}

/// Every word of `texts` as the index analyses it before stemming (the words the index's
/// stemmer sees).
fn index_terms(texts: &[String]) -> BTreeSet<String> {
    let mut analyzer = word_analyzer();
    let mut terms = BTreeSet::new();
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            terms.insert(token.text.clone());
        }
    }
    terms
}

/// Hand-picked words that exercise each rule of the algorithm and its exceptions.
const EDGE_CASES: &[&str] = &[
    "",
    "a",
    "y",
    "ys",
    "yy",
    "'",
    "''",
    "'''",
    "'s",
    "s'",
    "'s'",
    "cat's",
    "cats'",
    "o'clock",
    "'yes",
    "'tis",
    "skies",
    "skis",
    "sky",
    "dying",
    "lying",
    "tying",
    "ying",
    "eying",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "generously",
    "generate",
    "general",
    "communism",
    "arsenal",
    "past",
    "pasted",
    "pastes",
    "universal",
    "university",
    "later",
    "emergency",
    "organic",
    "organization",
    "interest",
    "inning",
    "innings",
    "outing",
    "canning",
    "herring",
    "earring",
    "evening",
    "succeed",
    "proceed",
    "exceed",
    "agreed",
    "feed",
    "bleed",
    "agreedly",
    "hopping",
    "hoping",
    "adding",
    "egged",
    "offed",
    "luxuriated",
    "sized",
    "troubled",
    "fizzed",
    "failing",
    "filing",
    "cry",
    "by",
    "say",
    "boy",
    "boys",
    "toys",
    "yoyo",
    "sayyid",
    "happy",
    "happiness",
    "ties",
    "cries",
    "tied",
    "gas",
    "gaps",
    "kiwis",
    "caress",
    "ponies",
    "bus",
    "class",
    "classes",
    "analogist",
    "biology",
    "geology",
    "fruitlessly",
    "hopefully",
    "hopefulli",
    "hopefulness",
    "radically",
    "nationality",
    "rational",
    "conditional",
    "valency",
    "hesitancy",
    "digitizer",
    "operator",
    "feudalism",
    "sensitiviti",
    "sensibiliti",
    "relational",
    "formalize",
    "electricity",
    "electrical",
    "triplicate",
    "formative",
    "adoption",
    "adjustment",
    "replacement",
    "dependent",
    "controlled",
    "rolled",
    "probate",
    "rate",
    "cease",
    "bowed",
    "boxed",
    "snowing",
    "abilities",
    "s3",
    "ec2",
    "2024",
    "1st",
    "v2ing",
    "x86",
    "utf8s",
    "café",
    "naïve",
    "straße",
    "日本語",
    "données",
    "über",
    "𝔘nicode",
    "a𝔘ing",
    "𝔘𝔘𝔘s",
    "ab𝔘ies",
];

/// Endings appended to [`BASES`] to reach every suffix rule from many stems.
const SUFFIXES: &[&str] = &[
    "", "s", "es", "ies", "ied", "sses", "ss", "us", "'s", "'", "s'", "ed", "eed", "ing", "edly",
    "eedly", "ingly", "y", "ly", "li", "tional", "enci", "anci", "abli", "entli", "izer",
    "ization", "ational", "ation", "ator", "alism", "aliti", "alli", "fulness", "fulli", "ousli",
    "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "logi", "ogist", "lessli", "alize",
    "icate", "iciti", "ical", "ful", "ness", "ative", "al", "ance", "ence", "er", "ic", "able",
    "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion",
    "tion", "e", "le", "ll",
];

/// Stems that the endings in [`SUFFIXES`] are appended to.
const BASES: &[&str] = &[
    "", "a", "b", "at", "bl", "iz", "hop", "hope", "fil", "fail", "agr", "succ", "proc", "exc",
    "even", "cann", "inn", "earr", "herr", "out", "d", "l", "t", "eye", "play", "cr", "tr", "st",
    "past", "gener", "inter", "univers", "organ", "connect", "relat", "nation", "cond", "form",
    "elect", "adopt", "depend", "control", "roll", "bow", "box", "snow", "abil", "sens", "analog",
    "bio", "ge", "fruit", "happ", "luxur", "troub", "fizz", "add", "egg", "off", "bb", "beginn",
    "str", "sk", "ugl",
];

/// Pseudo-random words over letters that trigger the rules (a fixed seed: reproducible).
fn random_words(count: usize) -> Vec<String> {
    const LETTERS: &[char] = &[
        'a', 'e', 'i', 'o', 'u', 'y', 'y', 'b', 'c', 'd', 'g', 'l', 'l', 'm', 'n', 'p', 'r', 's',
        's', 't', 't', 'w', 'x', 'z', '\'', '3', 'é', '𝔘',
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..count)
        .map(|_| {
            let len = 1 + next() % 12;
            (0..len).map(|_| LETTERS[next() % LETTERS.len()]).collect()
        })
        .collect()
}

/// The stems node gives for `words` with `assets/stemmer.js`, or `None` (after a printed
/// skip) when node is missing outside CI.
fn browser_stems(words: &[String]) -> Option<Vec<String>> {
    let script = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("assets/stemmer.js");
    let program = "const fs = require('fs');\
        (0, eval)(fs.readFileSync(process.argv[1], 'utf8'));\
        const words = JSON.parse(fs.readFileSync(0, 'utf8'));\
        process.stdout.write(JSON.stringify(words.map((w) => NotesiteStem.stem(w))));";
    let child = Command::new("node")
        .args(["-e", program])
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "node could not be started ({e}), and CI always has it: install nodejs"
            );
            eprintln!("SKIPPED: node could not be started ({e}); install nodejs to compare");
            return None;
        }
    };
    let input = serde_json::to_vec(words).expect("words as JSON");
    let mut stdin = child.stdin.take().expect("node's stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("node runs");
    writer
        .join()
        .expect("writer thread")
        .expect("words written to node");
    assert!(output.status.success(), "node failed: {}", output.status);
    Some(serde_json::from_slice(&output.stdout).expect("node prints a JSON array"))
}

#[test]
fn browser_stemmer_matches_rust_on_every_indexed_and_generated_word() {
    let mut sources = Vec::new();
    texts(&repo_root().join("tests/fixtures"), &mut sources);
    for name in ["seeds", "corpora"] {
        if let Some(dir) = shared(name) {
            texts(&dir, &mut sources);
        }
    }
    let indexed = index_terms(&sources);
    let mut words: BTreeSet<String> = indexed.clone();
    words.extend(EDGE_CASES.iter().map(|w| w.to_string()));
    for base in BASES {
        words.extend(SUFFIXES.iter().map(|suffix| format!("{base}{suffix}")));
    }
    words.extend(random_words(60_000));
    let words: Vec<String> = words.into_iter().collect();

    let Some(browser) = browser_stems(&words) else {
        return;
    };
    assert_eq!(browser.len(), words.len(), "node answered every word");
    let differing: Vec<String> = words
        .iter()
        .zip(&browser)
        .filter(|(word, js)| stem(word) != js.as_str())
        .map(|(word, js)| format!("{word:?}: Rust {:?}, JS {js:?}", stem(word)))
        .collect();
    eprintln!(
        "compared {} distinct words ({} index terms from {} files): {} differ",
        words.len(),
        indexed.len(),
        sources.len(),
        differing.len()
    );
    assert!(
        differing.is_empty(),
        "{} words stem differently in assets/stemmer.js than in stem::stem; first ones:\n{}",
        differing.len(),
        differing[..differing.len().min(40)].join("\n")
    );
}
