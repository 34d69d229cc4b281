//! `serve`'s incremental path writes, byte for byte, what a fresh build writes.
//!
//! Each case makes a tiny site (notes in folders that mention services, a glossary bullet,
//! a declared comparison, a `.txt` note, the theme on disk under `themes/`, a
//! `notesite.toml`), starts a [`Session`], applies a random sequence of edits through
//! [`Session::apply`] (the call the file watcher makes: add, change, rename and delete notes,
//! with and without service mentions, headings, facts, front matter titles, drafts,
//! weights and links; rewrite the configuration; change a template), then builds the same
//! site from scratch into another folder and compares every file and the set of files.
//! The only file allowed to differ is the output's marker (`.notesite-output`), a list of
//! the files written that `serve` appends to and a build writes whole.
//!
//! `DIFF_SEQUENCES=n` sets how many random sequences run (default 200), `DIFF_SEED=n` the
//! first seed (default 1). A failing case is saved as JSON (seed and edits) under
//! `target/diff-failures/`; each bug found is pinned below as a named regression case.

use crate::common::{self, snapshot};
use notesite::build::{build, BuildOptions};
use notesite::serve::session::Session;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One change on disk, as a watcher reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Edit {
    /// Write a file (root-relative), creating its folder.
    Write { path: String, text: String },
    /// Delete a file.
    Delete { path: String },
    /// Move a file.
    Rename { from: String, to: String },
}

/// A random case: its seed and the batches of edits applied (one `apply` per batch).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Case {
    seed: u64,
    batches: Vec<Vec<Edit>>,
}

/// Notes the generator writes, renames and deletes (relative to `content/`).
const NOTE_PATHS: &[&str] = &[
    "_index.md",
    "genai/_index.md",
    "genai/bedrock.md",
    "genai/prompts.md",
    "ml/sagemaker.md",
    "ml/recall.txt",
    "ml/deep/tuning.md",
    "ml/README.md",
    "terms.md",
    "fresh/idea.md",
    "fresh/list.txt",
];

const SERVICES: &[&str] = &[
    "Amazon Bedrock",
    "Amazon SageMaker",
    "Amazon S3",
    "Amazon Kendra",
    "AWS Lambda",
    "Amazon Polly",
    "Amazon Comprehend",
];

const TITLES: &[&str] = &["Model hosting", "Week 2", "Week 10", "Retrieval", "Basics"];
const TERMS: &[&str] = &["Embedding", "Token", "Temperature", "Epoch"];
const KEYS: &[&str] = &["Purpose", "Pricing", "Limits"];
const WORDS: &[&str] = &[
    "serverless",
    "batch jobs",
    "per request",
    "managed",
    "low latency",
    "your own models",
];
const TEMPLATES: &[&str] = &[
    "note.html",
    "section.html",
    "index.html",
    "service.html",
    "services.html",
    "glossary.html",
    "comparison.html",
];

fn pick<'a>(rng: &mut SmallRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// The site every case starts from.
fn seed_site(root: &Path) {
    let files: &[(&str, &str)] = &[
        ("notesite.toml", "title = \"Differential site\"\n"),
        ("content/_index.md", "# Study notes\n\nWhere the notes start.\n"),
        (
            "content/genai/_index.md",
            "---\ntitle: Generative AI\nweight: 1\n---\nModels that write.\n",
        ),
        (
            "content/genai/bedrock.md",
            "# Bedrock notes\n\n## Amazon Bedrock\n\n- **Purpose:** Runs hosted models, serverless.\n- **Pricing:** Per token, per request.\n\nIt reads documents from Amazon S3. See [the SageMaker notes](../ml/sagemaker.md).\n",
        ),
        (
            "content/ml/sagemaker.md",
            "---\ntitle: SageMaker notes\ndescription: Training at low latency\n---\n## Amazon SageMaker\n\n- **Purpose:** Trains your own models.\n\nAmazon SageMaker keeps data in Amazon S3 and calls Amazon Bedrock.\n",
        ),
        (
            "content/ml/recall.txt",
            "Quick recall\n\nAmazon Kendra searches documents. Amazon Bedrock answers.\n",
        ),
        (
            "content/terms.md",
            "# Terms\n\n## Words\n\n- **Embedding:** A list of numbers for a text, managed by the model.\n\n## More words\n\n- **Epoch:** One pass over batch jobs of data.\n",
        ),
        (
            "content/comparisons.toml",
            "[[comparison]]\ntitle = \"Bedrock or SageMaker\"\nservices = [\"Amazon Bedrock\", \"Amazon SageMaker\"]\nfacets = [\"Purpose\", \"Pricing\"]\n",
        ),
    ];
    for (path, text) in files {
        write(root, path, text);
    }
    common::copy_tree(&theme_source(), &root.join("themes/default"));
}

/// The default theme as it is in the repository.
fn theme_source() -> PathBuf {
    crate::common::repo_dir().join("themes/default")
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A link from the note at `from` to the note at `to` (both relative to `content/`).
fn relative_link(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// A random markdown note for `path`, which may link to `others`.
fn markdown_note(rng: &mut SmallRng, path: &str, others: &[String]) -> String {
    let mut text = String::new();
    if rng.random_bool(0.5) {
        text.push_str("---\n");
        if rng.random_bool(0.6) {
            text.push_str(&format!("title: {}\n", pick(rng, TITLES)));
        }
        if rng.random_bool(0.4) {
            text.push_str(&format!("weight: {}\n", rng.random_range(-2..4)));
        }
        if rng.random_bool(0.15) {
            text.push_str("draft: true\n");
        }
        if rng.random_bool(0.3) {
            text.push_str(&format!("description: About {}\n", pick(rng, WORDS)));
        }
        text.push_str("---\n");
    }
    if rng.random_bool(0.4) {
        text.push_str(&format!("# {}\n\n", pick(rng, TITLES)));
    }
    for _ in 0..rng.random_range(0..5) {
        match rng.random_range(0..6) {
            0 => {
                text.push_str(&format!("## {}\n\n", pick(rng, SERVICES)));
                for key in KEYS {
                    if rng.random_bool(0.5) {
                        text.push_str(&format!("- **{key}:** {}.\n", pick(rng, WORDS)));
                    }
                }
                text.push('\n');
            }
            1 => text.push_str(&format!("## {}\n\n", pick(rng, TITLES))),
            2 => text.push_str(&format!(
                "- **{}:** A word for {}.\n\n",
                pick(rng, TERMS),
                pick(rng, WORDS)
            )),
            3 if !others.is_empty() => {
                let to = &others[rng.random_range(0..others.len())];
                text.push_str(&format!(
                    "See [that note]({}) and [[{}]].\n\n",
                    relative_link(path, to),
                    pick(rng, TITLES)
                ));
            }
            _ => text.push_str(&format!(
                "{} works with {}, {}.\n\n",
                pick(rng, SERVICES),
                pick(rng, SERVICES),
                pick(rng, WORDS)
            )),
        }
    }
    text
}

/// A random plain-text note.
fn text_note(rng: &mut SmallRng) -> String {
    let mut text = format!("{}\n\n", pick(rng, TITLES));
    for _ in 0..rng.random_range(0..4) {
        text.push_str(&format!(
            "{} is {}.\n",
            pick(rng, SERVICES),
            pick(rng, WORDS)
        ));
    }
    text
}

/// `text` with one small change, as most saves make: a word of a fact, a definition or a
/// sentence replaced, a sentence mentioning a service added, or the last line removed.
fn tweak(rng: &mut SmallRng, text: &str) -> String {
    let words: Vec<&str> = WORDS
        .iter()
        .filter(|w| text.contains(**w))
        .copied()
        .collect();
    match rng.random_range(0..3) {
        0 if !words.is_empty() => {
            let word = words[rng.random_range(0..words.len())];
            text.replacen(word, pick(rng, WORDS), 1)
        }
        // Not the line that closes the front matter: that edit is refused, not served.
        1 if text.trim_end().contains('\n') && !text.trim_end().ends_with("---") => {
            let kept = text
                .trim_end()
                .rsplit_once('\n')
                .map_or("", |(kept, _)| kept);
            format!("{kept}\n")
        }
        _ => format!("{text}\n{} is {}.\n", pick(rng, SERVICES), pick(rng, WORDS)),
    }
}

/// Notes that exist now (relative to `content/`).
fn existing_notes(root: &Path) -> Vec<String> {
    NOTE_PATHS
        .iter()
        .filter(|p| root.join("content").join(p).is_file())
        .map(|p| p.to_string())
        .collect()
}

/// A random edit of the site as it is now.
fn random_edit(rng: &mut SmallRng, root: &Path, counter: &mut usize) -> Edit {
    let existing = existing_notes(root);
    *counter += 1;
    match rng.random_range(0..100) {
        0..=29 if !existing.is_empty() => {
            let path = existing[rng.random_range(0..existing.len())].clone();
            let text = std::fs::read_to_string(root.join("content").join(&path)).unwrap();
            Edit::Write {
                path: format!("content/{path}"),
                text: tweak(rng, &text),
            }
        }
        0..=49 => {
            let path = pick(rng, NOTE_PATHS);
            let others: Vec<String> = existing.iter().filter(|p| *p != path).cloned().collect();
            let text = if path.ends_with(".txt") {
                text_note(rng)
            } else {
                markdown_note(rng, path, &others)
            };
            Edit::Write {
                path: format!("content/{path}"),
                text,
            }
        }
        50..=64 if existing.len() > 2 => Edit::Delete {
            path: format!("content/{}", existing[rng.random_range(0..existing.len())]),
        },
        65..=79 if !existing.is_empty() => {
            let from = existing[rng.random_range(0..existing.len())].clone();
            let free: Vec<&str> = NOTE_PATHS
                .iter()
                .filter(|p| !existing.iter().any(|e| e == *p))
                .filter(|p| p.ends_with(".txt") == from.ends_with(".txt"))
                .copied()
                .collect();
            match free.is_empty() {
                true => Edit::Delete {
                    path: format!("content/{from}"),
                },
                false => Edit::Rename {
                    from: format!("content/{from}"),
                    to: format!("content/{}", pick(rng, &free)),
                },
            }
        }
        80..=89 => {
            // A file of content/ that is copied as it is, or the declared comparisons.
            let path = pick(
                rng,
                &["genai/figure.svg", "ml/data.csv", "comparisons.toml"],
            );
            let path = format!("content/{path}");
            match root.join(&path).is_file() && rng.random_bool(0.5) {
                true => Edit::Delete { path },
                false if path.ends_with(".toml") => Edit::Write {
                    path,
                    text: format!(
                        "[[comparison]]\ntitle = \"{}\"\nservices = [\"{}\", \"{}\"]\nfacets = [\"Purpose\", \"Limits\"]\n",
                        pick(rng, TITLES),
                        pick(rng, SERVICES),
                        pick(rng, SERVICES)
                    ),
                },
                false => Edit::Write {
                    path,
                    text: format!("<svg><!-- {} --></svg>\n", pick(rng, WORDS)),
                },
            }
        }
        90..=94 => {
            let mut text = format!(
                "title = \"{}\"\n",
                pick(rng, &["Differential site", "Renamed site"])
            );
            if rng.random_bool(0.5) {
                text.push_str("base_url = \"https://example.org/notes\"\n");
            }
            if rng.random_bool(0.5) {
                text.push_str(&format!(
                    "description = \"Notes on {}\"\n",
                    pick(rng, WORDS)
                ));
            }
            Edit::Write {
                path: "notesite.toml".into(),
                text,
            }
        }
        _ => {
            let name = pick(rng, TEMPLATES);
            let original =
                std::fs::read_to_string(theme_source().join("templates").join(name)).unwrap();
            let marked = original.replacen(
                "{% block content %}",
                &format!("{{% block content %}}<p class=\"edit\">edit {counter}</p>"),
                1,
            );
            Edit::Write {
                path: format!("themes/default/templates/{name}"),
                text: marked,
            }
        }
    }
}

/// Make `edit` on disk; returns the paths a watcher would report.
fn perform(root: &Path, edit: &Edit) -> Vec<PathBuf> {
    match edit {
        Edit::Write { path, text } => {
            write(root, path, text);
            vec![root.join(path)]
        }
        Edit::Delete { path } => {
            std::fs::remove_file(root.join(path)).unwrap();
            vec![root.join(path)]
        }
        Edit::Rename { from, to } => {
            let target = root.join(to);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::rename(root.join(from), &target).unwrap();
            vec![root.join(from), target]
        }
    }
}

/// The output's list of files written: `serve` appends to it, a build writes it whole.
const SERVE_BOOKKEEPING: &[&str] = &[".notesite-output"];

/// What differs between the output `serve` keeps and a fresh build's output.
fn differences(served: &Path, built: &Path) -> Vec<String> {
    let keep = |(path, _): &(String, Vec<u8>)| !SERVE_BOOKKEEPING.contains(&path.as_str());
    let served: BTreeMap<String, Vec<u8>> = snapshot(served).into_iter().filter(keep).collect();
    let built: BTreeMap<String, Vec<u8>> = snapshot(built).into_iter().filter(keep).collect();
    let mut differences = Vec::new();
    for (path, bytes) in &built {
        match served.get(path) {
            None => differences.push(format!("{path}: missing from serve's output")),
            Some(got) if got != bytes => {
                differences.push(format!("{path}: differs\n{}", first_difference(got, bytes)))
            }
            Some(_) => {}
        }
    }
    for path in served.keys().filter(|p| !built.contains_key(*p)) {
        differences.push(format!("{path}: only in serve's output"));
    }
    differences
}

/// The first differing line of two files, as text.
fn first_difference(served: &[u8], built: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(served),
        String::from_utf8_lossy(built),
    );
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(a.lines().count().min(b.lines().count()));
    let at = |text: &str| {
        text.lines()
            .nth(line)
            .unwrap_or("<end>")
            .chars()
            .take(400)
            .collect::<String>()
    };
    format!(
        "  line {}:\n  serve: {}\n  build: {}",
        line + 1,
        at(&a),
        at(&b)
    )
}

/// Run `case` from the seed site: every batch through one session, then compare with a
/// fresh build. Returns what differs (empty when serve and build agree).
fn run(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    seed_site(&root);
    let served = dir.path().join("served");
    let (mut session, _) = Session::start(&root, &served, false)
        .map_err(|e| format!("the seed site does not build: {e:?}"))?;
    for batch in &case.batches {
        let paths: Vec<PathBuf> = batch.iter().flat_map(|e| perform(&root, e)).collect();
        if let Err(errors) = session.apply(&paths) {
            return Err(format!("serve refused a batch: {errors:?}"));
        }
    }
    session.wait_for_search();
    compare_with_build(&root, &served, &dir.path().join("built"))
}

/// Build `root` afresh into `built` and compare it with `served`.
fn compare_with_build(root: &Path, served: &Path, built: &Path) -> Result<(), String> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: built.to_path_buf(),
        drafts: false,
        strict: false,
        check: false,
        force: true,
    };
    build(&options).map_err(|f| format!("the fresh build failed: {:?}", f.diagnostics))?;
    let differences = differences(served, built);
    match differences.is_empty() {
        true => Ok(()),
        false => Err(differences.join("\n")),
    }
}

/// A random case: one to four batches of one or two edits, made on a scratch copy of the
/// seed site so each edit fits the site as the previous ones left it.
fn random_case(seed: u64) -> Case {
    let mut rng = SmallRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    seed_site(root);
    let mut counter = 0;
    let batches = (0..rng.random_range(1..=4))
        .map(|_| {
            (0..rng.random_range(1..=2))
                .map(|_| {
                    let edit = random_edit(&mut rng, root, &mut counter);
                    perform(root, &edit);
                    edit
                })
                .collect()
        })
        .collect();
    Case { seed, batches }
}

fn save_failure(case: &Case) -> PathBuf {
    let dir = crate::common::repo_dir().join("target/diff-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("case-{}.json", case.seed));
    std::fs::write(&path, serde_json::to_string_pretty(case).unwrap()).unwrap();
    path
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edit_sequences_through_serve_match_a_fresh_build() {
    let count = env_number("DIFF_SEQUENCES", 200);
    let first = env_number("DIFF_SEED", 1);
    // Cases are independent: one runner per core shares them out.
    let runners = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let mut failures: Vec<(u64, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..runners)
            .map(|runner| {
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let seeds = (first + runner..first + count).step_by(runners as usize);
                    for seed in seeds {
                        let case = random_case(seed);
                        if let Err(why) = run(&case) {
                            let saved = save_failure(&case);
                            failures.push((
                                seed,
                                format!("seed {seed} (saved in {}):\n{why}", saved.display()),
                            ));
                            if failures.len() >= 3 {
                                break;
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a runner panicked"))
            .collect()
    });
    failures.sort();
    let failures: Vec<String> = failures.into_iter().map(|(_, why)| why).take(3).collect();
    assert!(
        failures.is_empty(),
        "serve's output differs from a fresh build (rerun one with DIFF_SEED=<seed> DIFF_SEQUENCES=1):\n\n{}",
        failures.join("\n\n")
    );
}

/// Run hand-written batches of edits from the seed site and insist serve matches a build.
fn assert_matches_build(batches: Vec<Vec<Edit>>) {
    let case = Case { seed: 0, batches };
    if let Err(why) = run(&case) {
        panic!("serve's output differs from a fresh build:\n{why}");
    }
}

fn write_edit(path: &str, text: &str) -> Edit {
    Edit::Write {
        path: path.into(),
        text: text.into(),
    }
}

#[test]
fn search_files_the_new_index_no_longer_has_are_removed() {
    // Found by seed 1: serve kept `search/t/61.js` of an older index; a build has none.
    assert_matches_build(vec![
        vec![write_edit(
            "content/terms.md",
            "---\ntitle: Week 2\n---\nSee [that note](ml/sagemaker.md) and [[Week 10]].\n\n## Amazon Polly\n\n- **Limits:** per request.\n",
        )],
        vec![Edit::Rename {
            from: "content/ml/sagemaker.md".into(),
            to: "content/ml/README.md".into(),
        }],
        vec![
            write_edit("content/_index.md", "---\ndescription: About per request\n---\n## Week 2\n"),
            write_edit("content/genai/_index.md", "---\nweight: 2\n---\n"),
        ],
        vec![
            write_edit(
                "content/ml/sagemaker.md",
                "# Week 2\n\n## Model hosting\n\nAmazon Bedrock works with Amazon S3, managed.\n",
            ),
            write_edit("content/genai/bedrock.md", "## Week 10\n\n## Basics\n"),
        ],
    ]);
}

#[test]
fn mention_pages_come_and_go_as_more_notes_name_a_service() {
    // Over 30 notes naming Amazon Bedrock give its page mention pages (`mentions/`); serve
    // must lay the site out again when they appear or go, and redo them on an edit.
    let note = |i: usize, what: &str| {
        write_edit(
            &format!("content/many/n{i:02}.md"),
            &format!("# N{i}\n\n## Amazon Bedrock\n\nNote {i} says Amazon Bedrock {what} behind one API.\n\n## More\n\nAmazon Bedrock again.\n"),
        )
    };
    assert_matches_build(vec![
        (0..31).map(|i| note(i, "hosts models")).collect(),
        vec![note(5, "serves models"), note(40, "lists models")],
        (0..12)
            .map(|i| Edit::Delete {
                path: format!("content/many/n{i:02}.md"),
            })
            .collect(),
        vec![note(7, "runs models")],
    ]);
}

#[test]
fn service_sections_are_renumbered_when_a_note_is_added_before_them() {
    // Found by seed 90: a service page's heading ids carry the index of the note the
    // section comes from (`n2-amazon-bedrock`); adding a folder's `_index.md` shifts the
    // indexes of the notes after it, and serve kept the old ids.
    assert_matches_build(vec![
        vec![Edit::Delete {
            path: "content/genai/_index.md".into(),
        }],
        vec![write_edit("content/genai/_index.md", "")],
    ]);
}

#[test]
fn sitemap_and_robots_go_when_base_url_is_removed() {
    // Found by seed 183: after `base_url` was removed, serve left `sitemap.xml` and
    // `robots.txt` in place; a build writes neither without it.
    assert_matches_build(vec![
        vec![write_edit(
            "notesite.toml",
            "title = \"Differential site\"\nbase_url = \"https://example.org/notes\"\n",
        )],
        vec![write_edit(
            "notesite.toml",
            "title = \"Differential site\"\n",
        )],
    ]);
}

#[test]
fn a_copied_file_added_then_deleted_leaves_the_output() {
    // Serve removed the file from the model but left its copy in the output.
    assert_matches_build(vec![
        vec![write_edit("content/genai/figure.svg", "<svg></svg>\n")],
        vec![Edit::Delete {
            path: "content/genai/figure.svg".into(),
        }],
    ]);
}

#[test]
fn the_home_page_counts_notes_again_when_its_own_note_is_deleted() {
    // Found by seed 1702: deleting `content/_index.md` left the navigation as it was, and
    // the home page kept counting the deleted note.
    assert_matches_build(vec![
        vec![write_edit("content/_index.md", "")],
        vec![Edit::Delete {
            path: "content/_index.md".into(),
        }],
    ]);
}

#[test]
fn a_folder_page_drops_the_text_of_its_deleted_index_note() {
    // The folder's page shows its README's text; with no title of its own, deleting the
    // README changes no title, yet the page must lose the text.
    assert_matches_build(vec![
        vec![write_edit("content/ml/README.md", "Words about models.\n")],
        vec![Edit::Delete {
            path: "content/ml/README.md".into(),
        }],
    ]);
}

#[test]
fn the_compare_data_goes_with_the_last_service_page() {
    // Found by seed 5354: when no service had a page any more, the services index went
    // and serve kept `services/compare-data.js` beside where it was.
    assert_matches_build(vec![
        vec![
            Edit::Delete {
                path: "content/ml/recall.txt".into(),
            },
            write_edit("content/genai/_index.md", ""),
        ],
        vec![
            write_edit(
                "content/genai/bedrock.md",
                "---\ntitle: Retrieval\n---\n- **Token:** A word for your own models.\n",
            ),
            Edit::Delete {
                path: "content/ml/sagemaker.md".into(),
            },
        ],
        vec![Edit::Rename {
            from: "content/genai/bedrock.md".into(),
            to: "content/genai/prompts.md".into(),
        }],
    ]);
}
