//! Incremental knowledge (what `serve` does on a save) equals gathering from scratch: for
//! each edit of a fixture site, the knowledge updated in place from the changed note alone
//! is compared, field by field in serialized form, with `gather` on the edited site.

use crate::common::*;
use notesite::build::{model, Model, Stages};
use notesite::content::load::{load_note, note_kind};
use notesite::knowledge::incremental::update;
use std::path::Path;

fn load(root: &Path) -> Model {
    let mut diagnostics = Vec::new();
    let model = model(root, false, &mut Stages::new(), &mut diagnostics);
    model.unwrap_or_else(|| panic!("the fixture builds: {diagnostics:?}"))
}

/// Everything the later stages read: the corpus and every field of the knowledge.
fn snapshot(model: &Model) -> serde_json::Value {
    let k = &model.knowledge;
    serde_json::json!({
        "corpus": model.corpus,
        "services": k.services.list,
        "mentions": k.mentions,
        "own": k.own,
        "facts": k.facts,
        "glossary_entries": k.glossary_entries,
        "glossary": k.glossary.terms,
        "related": k.related,
        "has_page": k.has_page,
        "stats": k.stats,
        "comparisons": k.comparisons,
    })
}

/// Write (or with `None`, delete) `content/<relative>`, update `model` from that note alone,
/// and check it against a fresh build of the site. Returns whether the update was incremental.
fn edit(site: &Path, model: &mut Model, relative: &str, text: Option<&str>) -> bool {
    let path = site.join("content").join(relative);
    let note = match text {
        Some(text) => {
            std::fs::write(&path, text).unwrap();
            let kind = note_kind(&path).unwrap();
            Some(load_note(&path, relative, kind, site, &mut Vec::new()).expect("the note loads"))
        }
        None => {
            std::fs::remove_file(&path).unwrap();
            None
        }
    };
    let content_dir = model.content_dir.clone();
    let updated = update(
        &mut model.corpus,
        &mut model.knowledge,
        vec![(relative.to_string(), note)],
        &content_dir,
        site,
    )
    .unwrap();
    let fresh = load(site);
    let (got, want) = (snapshot(model), snapshot(&fresh));
    for (field, value) in want.as_object().unwrap() {
        assert_eq!(
            &got[field], value,
            "`{field}` differs after editing {relative}"
        );
    }
    assert_eq!(
        model.knowledge.study, fresh.knowledge.study,
        "the study material differs after editing {relative}"
    );
    updated.incremental
}

#[test]
fn incremental_knowledge_equals_gathering_from_scratch() {
    let site = copy_fixture("knowledge");
    let root = site.path();
    let mut model = load(root);
    let genai = std::fs::read_to_string(root.join("content/genai.md")).unwrap();
    let ml = std::fs::read_to_string(root.join("content/ml-platform.md")).unwrap();

    let added = format!("{genai}\nAmazon SageMaker Canvas and Amazon Kendra came up in the lab.\n");
    assert!(
        edit(root, &mut model, "genai.md", Some(&added)),
        "add a mention"
    );
    let removed = genai.replace(
        "Retrieval usually pairs Amazon Bedrock with Amazon Kendra or a vector database.\n",
        "",
    );
    assert!(
        edit(root, &mut model, "genai.md", Some(&removed)),
        "remove mentions"
    );
    let renamed = removed.replace("## Retrieval patterns", "## Retrieval with Amazon Kendra");
    assert!(
        edit(root, &mut model, "genai.md", Some(&renamed)),
        "rename a heading to a known service"
    );
    let moved = ml.replace(
        "## Amazon Frobnicator Studio",
        "Two new lines.\n\n## Amazon Frobnicator Studio",
    );
    assert!(
        edit(root, &mut model, "ml-platform.md", Some(&moved)),
        "move the heading that found a service"
    );
    let discovered = ml.replace("## Amazon Frobnicator Studio", "## Amazon Quuxifier Engine");
    assert!(
        !edit(root, &mut model, "ml-platform.md", Some(&discovered)),
        "a new service: gathered again"
    );

    let note = "---\ntitle: Middle\n---\n## Amazon Kendra\n\n- **Purpose:** Searches documents with natural language.\n\n- **Embedding:** A vector of numbers that stands for a piece of text.\n\nAmazon Bedrock and Amazon S3 together.\n\nAmazon Kendra indexes documents from many connectors for natural language questions.\n\n## Domain 1: Search basics\n\nQ: Which service answers questions over company documents?\nA: Amazon Kendra\n\nKendra index :: the store a search runs against\n\n## Domain 2: Retrieval\n\n- Domain 3: Security of the data\n\nNot this one :: a card the marker leaves out <!-- no-study -->\n";
    assert!(
        edit(root, &mut model, "h-middle.md", Some(note)),
        "add a note between two others"
    );
    let more = format!("{note}\nQ: What does a second question ask?\nA: Something new\n");
    assert!(
        edit(root, &mut model, "h-middle.md", Some(&more)),
        "change a note's study material"
    );
    assert!(
        edit(root, &mut model, "a-first.md", Some(note)),
        "add a note before all others"
    );
    assert!(edit(root, &mut model, "genai.md", None), "delete a note");
    assert!(
        edit(root, &mut model, "a-first.md", None),
        "delete the first note"
    );
    assert!(
        !edit(root, &mut model, "ml-platform.md", None),
        "delete the note that found a service"
    );
}

/// The lead of section `section` of note `path`, as the site's pages find it (through the
/// knowledge's heading-word cache), as plain words.
fn cached_lead(model: &Model, path: &str, section: usize) -> Option<String> {
    let id = model
        .corpus
        .notes
        .iter()
        .position(|n| n.path == path)
        .expect("the note is in the corpus");
    let note = &model.corpus.notes[id];
    let id = notesite::ids::NoteId::new(id);
    notesite::knowledge::digest::lead(note, section, || {
        model.knowledge.heading_words.get(id, note)
    })
    .map(|lead| lead.text)
}

#[test]
fn an_agenda_is_judged_on_the_headings_of_the_note_as_edited() {
    let site = copy_fixture("knowledge");
    let root = site.path();
    let deck = |others: [&str; 3]| {
        format!(
            "# Deck\n\n## Amazon Bedrock overview\n\n- Model access rules per region\n\
             - Pricing tiers and their quotas\n- Guardrails for safe output\n\n\
             ## {}\n\nText.\n\n## {}\n\nText.\n\n## {}\n\nText.\n",
            others[0], others[1], others[2]
        )
    };
    std::fs::write(
        root.join("content/deck.md"),
        deck(["Model access", "Pricing tiers", "Guardrails"]),
    )
    .unwrap();
    let mut model = load(root);
    assert_eq!(
        cached_lead(&model, "deck.md", 1),
        None,
        "the list repeats the other headings: an agenda"
    );
    // The other headings no longer say what the items say: the list is the section's lead.
    let edited = deck(["Quotas by account", "Billing", "Responsible use"]);
    std::fs::write(root.join("content/deck.md"), &edited).unwrap();
    let path = root.join("content/deck.md");
    let note = load_note(
        &path,
        "deck.md",
        note_kind(&path).unwrap(),
        root,
        &mut Vec::new(),
    )
    .expect("the note loads");
    let content_dir = model.content_dir.clone();
    update(
        &mut model.corpus,
        &mut model.knowledge,
        vec![("deck.md".to_string(), Some(note))],
        &content_dir,
        root,
    )
    .unwrap();
    let lead = cached_lead(&model, "deck.md", 1).expect("no longer an agenda");
    assert!(lead.starts_with("model access rules"), "{lead}");
}
