//! Study mode (issue 21), the build side: cards of every kind from a site written for
//! these tests, their ids across rebuilds and reordering, the sources they link to, the
//! quiz's support in its linked sections, exam domains, the study pages and the links to
//! them; on the seeds, the figures the issue asks for.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const GLOSSARY: &str = "# Widget words\n\n\
    Words used across these notes.\n\n\
    ## Glossary\n\n\
    - **Sprocket queue:** An ordered list of jobs that a widget press works through one at a time.\n\
    - **Cog ledger:** A record of every part that entered or left the workshop store.\n\
    - **Flange audit:** A yearly review that compares the cog ledger with the parts on the shelves.\n\
    - **Gear budget:** The most money a team may spend on replacement gears in one quarter.\n\
    - **Lathe window:** The hours of the day when the big lathe may run without a supervisor.\n\n\
    Q: How many presses does the workshop own?\n\
    A: Three, one of them kept as a spare.\n\n\
    Sprocket colour :: Always blue, so that it is never mistaken for a cog.\n\n\
    Flywheel mass :: Twelve kilograms <!-- no-study -->\n\n\
    ```text\n\
    Code front :: code back\n\
    Q: inside code\n\
    A: never a card\n\
    ```\n";

const SERVICES: &str = "# Translation in the workshop\n\n\
    ## Domain 1: Widget Basics\n\n\
    ### Amazon Translate\n\n\
    Amazon Translate converts manuals between languages with neural machine translation so every fitter reads them.\n\n\
    - **Pricing:** Billed per character translated, with a free tier for the first year.\n\
    - **Limits:** Documents of up to a few hundred kilobytes per request.\n\n\
    ## Domain 2: Widget Operations\n\n\
    The night shift works here.\n\n\
    Shift length :: Eight hours, with a break after four.\n";

const HIDDEN: &str = "+++\nstudy = false\n+++\n# Private drills\n\n\
    Q: What is the safe code?\n\
    A: Nobody writes it down.\n\n\
    Hidden front :: hidden back\n";

fn fixture_site() -> tempfile::TempDir {
    site_of(
        "Widget workshop",
        &[
            ("glossary.md", GLOSSARY),
            ("workshop/translate.md", SERVICES),
            ("hidden.md", HIDDEN),
            (
                "plain.md",
                "# Plain\n\nNothing to study here, just prose.\n",
            ),
        ],
    )
}

/// The `#study-data` JSON of a built study page.
fn study_data(site: &Path, url: &str) -> Value {
    let html = page(site, url);
    let script = select(&html, "script#study-data");
    assert_eq!(script.len(), 1, "{url} has one #study-data");
    let json: String = script[0].text().collect();
    assert!(
        !json.contains("</"),
        "the JSON cannot close its script element"
    );
    serde_json::from_str(&json).expect("the study data is JSON")
}

fn cards(data: &Value) -> &Vec<Value> {
    data["cards"].as_array().expect("cards")
}

fn fronts_by_kind(data: &Value) -> BTreeMap<String, Vec<String>> {
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for card in cards(data) {
        kinds
            .entry(card["kind"].as_str().unwrap().to_string())
            .or_default()
            .push(card["front"].as_str().unwrap().to_string());
    }
    kinds
}

#[test]
fn a_site_gives_cards_of_every_kind_and_leaves_out_what_it_excludes() {
    let site = fixture_site();
    build_ok(site.path(), &[]);
    let data = study_data(site.path(), "study/index.html");
    let kinds = fronts_by_kind(&data);
    assert!(
        kinds["term"].contains(&"What is Sprocket queue?".to_string()),
        "{kinds:?}"
    );
    assert_eq!(kinds["term"].len(), 5, "{kinds:?}");
    assert_eq!(
        kinds["service"],
        ["Which AWS service is this? Neural machine translation with custom terminology and parallel-data customisation."],
        "the catalog's summary, without the name"
    );
    assert!(kinds["fact"].contains(&"Amazon Translate: Pricing?".to_string()));
    let user: BTreeSet<&str> = kinds["user"].iter().map(String::as_str).collect();
    assert_eq!(
        user,
        BTreeSet::from([
            "How many presses does the workshop own?",
            "Sprocket colour",
            "Shift length"
        ]),
        "Q/A pairs and `::` lines outside code; not the marked line, not the excluded note"
    );
    let all = serde_json::to_string(&data).unwrap();
    for absent in [
        "Flywheel",
        "Code front",
        "inside code",
        "safe code",
        "Hidden front",
    ] {
        assert!(!all.contains(absent), "{absent} gave a card");
    }
    for card in cards(&data) {
        let id = card["id"].as_str().unwrap();
        assert!(id.len() == 18 && id.starts_with("c-"), "{id}");
        assert!(id[2..].chars().all(|c| c.is_ascii_hexdigit()));
    }
    let backs: HashMap<&str, &str> = cards(&data)
        .iter()
        .map(|c| (c["front"].as_str().unwrap(), c["back"].as_str().unwrap()))
        .collect();
    assert_eq!(
        backs["How many presses does the workshop own?"],
        "Three, one of them kept as a spare."
    );
    assert_eq!(
        backs["Which AWS service is this? Neural machine translation with custom terminology and parallel-data customisation."],
        "Amazon Translate"
    );
}

#[test]
fn card_ids_survive_rebuilds_and_reordering() {
    let site = fixture_site();
    build_ok(site.path(), &[]);
    let ids = |site: &Path| -> BTreeMap<String, String> {
        cards(&study_data(site, "study/index.html"))
            .iter()
            .map(|c| {
                (
                    c["front"].as_str().unwrap().to_string(),
                    c["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let first = ids(site.path());
    build_ok(site.path(), &[]);
    assert_eq!(ids(site.path()), first, "same notes, same ids");
    // Glossary lines swapped, user cards moved to another note, a note added in front.
    let glossary = GLOSSARY
        .replace(
            "- **Sprocket queue:** An ordered list of jobs that a widget press works through one at a time.\n",
            "",
        )
        .replace(
            "- **Lathe window:",
            "- **Sprocket queue:** An ordered list of jobs that a widget press works through one at a time.\n- **Lathe window:",
        )
        .replace("Sprocket colour :: Always blue, so that it is never mistaken for a cog.\n\n", "");
    let content = site.path().join("content");
    std::fs::write(content.join("glossary.md"), glossary).unwrap();
    std::fs::write(
        content.join("aaa.md"),
        "# First\n\nSprocket colour :: Always blue, so that it is never mistaken for a cog.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let moved = ids(site.path());
    assert_eq!(moved, first, "ids do not depend on order or place");
}

/// The plain text of the section an `href` (relative to `from`) points to: from its heading
/// (or the page's article when it has no fragment) to the next heading.
fn section_text(site: &Path, from: &str, href: &str) -> String {
    let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
    let base = Path::new(from).parent().unwrap();
    let target = normalize(&base.join(file));
    let path = site.join("public").join(&target);
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{href} from {from}: {} {e}", path.display()));
    let start = if fragment.is_empty() {
        html.find("<article").expect("an article")
    } else {
        html.find(&format!("id=\"{fragment}\""))
            .unwrap_or_else(|| panic!("{href} from {from}: no id {fragment}"))
    };
    let rest = &html[start..];
    let mut end = rest.len();
    for (i, _) in rest.match_indices("<h") {
        if i > 0 && rest[i + 2..].starts_with(|c: char| ('1'..='6').contains(&c)) {
            end = i;
            break;
        }
    }
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    reader_text(&tags.replace_all(&rest[..end], " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` holds every content word of `question` but a quarter, and `answer`.
fn supported(text: &str, question: &str, answer: &str) -> bool {
    let text_words: BTreeSet<String> = words(text).into_iter().collect();
    let stop = [
        "which", "what", "service", "term", "means", "the", "and", "for", "that", "with", "aws",
        "amazon", "this", "are", "its", "from", "into", "can", "does", "has", "have", "you",
        "your", "was", "who", "when", "where", "while", "their", "them", "how",
    ];
    let question: BTreeSet<String> = words(question)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !stop.contains(&w.as_str()))
        .collect();
    let held = question.iter().filter(|w| text_words.contains(*w)).count();
    let answer_words = words(answer);
    let text_all = words(text);
    let names_answer = text_all
        .windows(answer_words.len().max(1))
        .any(|w| w == answer_words.as_slice());
    names_answer && held * 4 >= question.len() * 3
}

/// Every source of the cards and questions of every study page resolves to a page and an
/// anchor; every quiz answer is named in its section with the question's words.
fn check_sources_and_quiz(site: &Path) -> usize {
    let public = site.join("public");
    let study_pages: Vec<String> = snapshot(&public.join("study"))
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| format!("study/{p}"))
        .collect();
    assert!(!study_pages.is_empty());
    for url in &study_pages {
        let data = study_data(site, url);
        for card in cards(&data) {
            let href = card["source"]["href"].as_str().unwrap();
            let label = card["source"]["label"].as_str().unwrap();
            assert!(!label.is_empty());
            section_text(site, url, href);
        }
    }
    let quiz = study_data(site, "study/quiz/index.html");
    let questions = quiz["quiz"].as_array().unwrap();
    for q in questions {
        let choices = q["choices"].as_array().unwrap();
        let answer = choices[q["answer"].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        let question = q["question"].as_str().unwrap();
        let text = section_text(
            site,
            "study/quiz/index.html",
            q["source"]["href"].as_str().unwrap(),
        );
        assert!(
            supported(&text, question, answer),
            "{question} → {answer} is not supported by its section: {text}"
        );
        let distinct: BTreeSet<&str> = choices.iter().map(|c| c.as_str().unwrap()).collect();
        assert_eq!(distinct.len(), choices.len(), "{question}: choices repeat");
    }
    assert!(
        broken_references(&public).is_empty(),
        "{:?}",
        broken_references(&public)
    );
    questions.len()
}

#[test]
fn sources_resolve_and_quiz_answers_are_in_their_sections() {
    let site = fixture_site();
    build_ok(site.path(), &[]);
    let questions = check_sources_and_quiz(site.path());
    assert!(
        questions >= 2,
        "a term and a service question at least: {questions}"
    );
    let quiz = study_data(site.path(), "study/quiz/index.html");
    let texts: Vec<&str> = quiz["quiz"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"Which service converts manuals between languages with neural machine translation so every fitter reads them?"),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("Which term means: ")),
        "{texts:?}"
    );
    // The same notes give the same quiz.
    let again = fixture_site();
    build_ok(again.path(), &[]);
    assert_eq!(study_data(again.path(), "study/quiz/index.html"), quiz);
}

#[test]
fn exam_domains_get_a_coverage_page_and_study_pages_are_linked() {
    let site = fixture_site();
    build_ok(site.path(), &[]);
    let coverage = page(site.path(), "study/coverage/index.html");
    let rows: Vec<String> = select(&coverage, "tr[data-domain]")
        .iter()
        .map(|r| r.value().attr("data-domain").unwrap().to_string())
        .collect();
    assert_eq!(rows, ["d1", "d2"]);
    assert_eq!(
        select(&coverage, "tr[data-domain] td.study-progress").len(),
        2
    );
    let data = study_data(site.path(), "study/coverage/index.html");
    let domains: Vec<&str> = data["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        domains,
        ["Domain 1: Widget Basics", "Domain 2: Widget Operations"]
    );
    let of = |front: &str| -> Vec<String> {
        cards(&data)
            .iter()
            .find(|c| c["front"] == front)
            .map(|c| serde_json::from_value(c["domains"].clone()).unwrap())
            .unwrap_or_default()
    };
    assert_eq!(of("Amazon Translate: Pricing?"), ["d1"]);
    assert_eq!(of("Shift length"), ["d2"]);
    // One app element and data script per study page, the study assets on them only.
    for (url, html) in pages(&site.path().join("public")) {
        let app = select(&html, "#study-app");
        let assets = select(
            &html,
            "script[src$='assets/study.js'], link[href$='assets/study.css']",
        );
        if url.starts_with("study/") {
            assert_eq!(app.len(), 1, "{url}");
            assert_eq!(assets.len(), 2, "{url}");
            assert!(app[0]
                .value()
                .attr("data-site")
                .is_some_and(|k| !k.is_empty()));
        } else {
            assert!(
                app.is_empty() && assets.is_empty(),
                "{url} loads study assets"
            );
        }
    }
    // The note with cards links to its study page; the note without, and the excluded
    // note, do not.
    let link = |url: &str| -> Vec<String> {
        select(&page(site.path(), url), ".study-link a")
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(link("glossary/index.html"), ["Study this note (7 cards)"]);
    assert!(link("plain/index.html").is_empty());
    assert!(link("hidden/index.html").is_empty());
    assert!(site
        .path()
        .join("public/study/notes/glossary/index.html")
        .is_file());
    assert!(!site.path().join("public/study/notes/hidden").exists());
    let service = link("services/amazon-translate/index.html");
    assert_eq!(service.len(), 1, "{service:?}");
    let study = page(site.path(), "study/services/amazon-translate/index.html");
    assert!(!select(&study, ".study-card").is_empty());
    // The header links to the deck; sitemap and search leave the study pages out.
    let home = page(site.path(), "index.html");
    let header: Vec<String> = select(&home, ".site-header a.header-link")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(header, ["study/index.html"]);
    let search =
        std::fs::read_to_string(site.path().join("public/search/manifest.js")).unwrap_or_default();
    assert!(!search.contains("study/"));
}

#[test]
fn a_site_without_cards_has_no_study_pages_or_link() {
    let site = site_of(
        "Plain",
        &[("a.md", "# A\n\nJust prose, with nothing to study.\n")],
    );
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/study").exists());
    assert!(select(&page(site.path(), "index.html"), "a.header-link").is_empty());
}

#[test]
fn practice_question_choices_and_noun_phrases_make_no_quiz_question() {
    // A practice exam: its choices are claims to weigh, most of them false; a line of
    // permissions names a service without saying what it does; a sentence whose inline code
    // is not in the sentence text reads with holes.
    let exam = [
        "# Practice exam",
        "",
        "## Question 1",
        "",
        "1. Which of these runs code without servers?",
        "    - A. Amazon EC2 counts as a serverless platform for every workload.",
        "    - B. Amazon ECS counts as a hosting service made for web pages.",
        "    - C) AWS Fargate counts as a free way to publish static sites.",
        "",
        "## Explanation",
        "",
        "AWS Lambda runs your code in response to events without servers to manage.",
        "",
        "## Console permissions",
        "",
        "- Amazon EC2 permissions to read the subnets and firewall rules of an account.",
        "- Amazon S3 permissions to read the bucket list and keep job files in it.",
        "",
        "Amazon DynamoDB uses a `PutItem` call and `GetItem` call to write and read items.",
        "",
        "Q: How long is the exam?",
        "A: Ninety minutes.",
    ]
    .join("\n");
    let exam = exam.as_str();
    let site = site_of("Exam", &[("exam.md", exam)]);
    build_ok(site.path(), &[]);
    let quiz = study_data(site.path(), "study/quiz/index.html");
    let questions: Vec<String> = quiz["quiz"]
        .as_array()
        .expect("quiz")
        .iter()
        .map(|q| q["question"].as_str().unwrap().to_string())
        .collect();
    assert!(
        questions.iter().any(|q| q.contains("runs your code")),
        "the explanation's statement is asked: {questions:?}"
    );
    for q in &questions {
        assert!(
            !q.contains("counts as") && !q.contains("permissions") && !q.contains("  "),
            "a choice, a noun phrase or a sentence missing its code became a question: {q}"
        );
    }
}

/// The labels bench/glossary/judged.tsv marks as no term, for one set.
fn judged_not_terms(set: &str) -> BTreeSet<String> {
    let judged = include_str!("../../bench/glossary/judged.tsv");
    judged
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            (fields.len() >= 4 && fields[0] == set && fields[3] == "not")
                .then(|| fields[2].to_lowercase())
        })
        .collect()
}

#[test]
fn the_seeds_give_150_cards_none_from_a_non_term_and_a_supported_quiz_of_20() {
    let Some((site, _)) = seed_site(None) else {
        return;
    };
    std::fs::write(site.path().join("notesite.toml"), "title = \"Seeds\"\n").unwrap();
    build_ok(site.path(), &[]);
    let data = study_data(site.path(), "study/index.html");
    let kinds = fronts_by_kind(&data);
    let total: usize = kinds.values().map(Vec::len).sum();
    assert!(total >= 150, "{total} cards");
    let not_terms = judged_not_terms("seeds");
    assert!(not_terms.len() > 50, "the judged set is read");
    for front in &kinds["term"] {
        let term = front
            .strip_prefix("What is ")
            .and_then(|t| t.strip_suffix('?'))
            .unwrap();
        assert!(
            !not_terms.contains(&term.to_lowercase()),
            "a card from {term}, judged no term"
        );
    }
    let questions = check_sources_and_quiz(site.path());
    assert_eq!(questions, 20);
    let coverage = page(site.path(), "study/coverage/index.html");
    assert!(select(&coverage, "tr[data-domain]").len() >= 5);
}
