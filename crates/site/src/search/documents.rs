//! Search documents: one per section of every page (note sections, a service's identity
//! and its facts, a comparison table, a glossary term that names no service), as plain text
//! fields.
//!
//! Input: the corpus, the knowledge and the site map. Output: [`SearchDoc`]s in a stable
//! order, which becomes tantivy's doc ids: by length (see [`order_by_length`]), then in the
//! order of pages and their sections.

use crate::content::outline::markdown_options;
use crate::content::{Corpus, Note};
use crate::ids::{NoteId, PageId, ServiceId};
use crate::knowledge::digest::shown_facts;
use crate::knowledge::Knowledge;
use crate::site::kinds::Indexed;
use crate::site::SiteMap;
use std::collections::HashMap;

/// The `[search.synonyms]` of `notesite.toml`: service name or alias → words to find it by.
pub type Synonyms = std::collections::BTreeMap<String, Vec<String>>;
use notesite_search::doc::order_by_length;
pub use notesite_search::doc::SearchDoc;
use notesite_search::doc::LIST_SEPARATOR;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Every search document of the site.
pub fn documents(
    site: &SiteMap,
    corpus: &Corpus,
    knowledge: &Knowledge,
    synonyms: &Synonyms,
) -> Vec<SearchDoc> {
    // Each synonym key resolved once; a name and an alias of one service add up, in key order.
    let mut by_service: HashMap<ServiceId, Vec<String>> = HashMap::new();
    for (name, words) in synonyms {
        if let Some(service) = knowledge.services.lookup(name) {
            by_service
                .entry(service)
                .or_default()
                .extend(words.iter().cloned());
        }
    }
    let mut docs = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        let index = PageId::new(index);
        let breadcrumb = site
            .ancestors(index)
            .iter()
            .map(|&p| site.pages[p].title.as_str())
            .collect::<Vec<_>>()
            .join(" › ");
        let category = site
            .ancestors(index)
            .get(1)
            .map_or_else(|| page.title.clone(), |&p| site.pages[p].title.clone());
        match page.kind.spec().indexed {
            Indexed::NoteSections => {
                // A chapter set is indexed once, from its first page: each section's URL
                // is its chapter's (`SiteMap::section_url`).
                if let (Some(note), None) = (page.note, page.chapter) {
                    note_docs(
                        &mut docs,
                        site,
                        corpus,
                        knowledge,
                        note,
                        &page.title,
                        &breadcrumb,
                        &category,
                    );
                }
            }
            Indexed::Service => {
                if let Some(service) = page.service {
                    service_docs(
                        &mut docs,
                        knowledge,
                        service,
                        &by_service,
                        &page.url,
                        &breadcrumb,
                    );
                }
            }
            Indexed::Comparison => {
                if let Some(comparison) = page.comparison {
                    docs.push(comparison_doc(
                        knowledge,
                        comparison,
                        &page.url,
                        &page.title,
                        &breadcrumb,
                    ));
                }
            }
            Indexed::GlossaryTerms => glossary_docs(&mut docs, knowledge, &page.url, &breadcrumb),
            Indexed::Nothing => {}
        }
    }
    order_by_length(docs)
}

#[allow(clippy::too_many_arguments)]
fn note_docs(
    docs: &mut Vec<SearchDoc>,
    site: &SiteMap,
    corpus: &Corpus,
    knowledge: &Knowledge,
    note_index: NoteId,
    title: &str,
    breadcrumb: &str,
    category: &str,
) {
    let note = &corpus.notes[note_index];
    let mentions = knowledge.mentions_in(note_index);
    for (section_index, section) in note.sections.iter().enumerate() {
        let SectionText { body, alt } =
            section_text(note, section.range.clone(), section.level > 0);
        if body.trim().is_empty() && alt.trim().is_empty() && section.heading.is_empty() {
            continue;
        }
        // Mentions are in section order: this section's are one slice of them.
        let from = mentions.partition_point(|m| m.section < section_index);
        let to = mentions.partition_point(|m| m.section <= section_index);
        let mut services: Vec<&str> = mentions[from..to]
            .iter()
            .map(|m| knowledge.services.list[m.service].name.as_str())
            .collect();
        services.sort_unstable();
        services.dedup();
        docs.push(SearchDoc {
            title: title.to_string(),
            heading: section.heading.clone(),
            breadcrumb: breadcrumb.to_string(),
            body,
            alt,
            services: services.join(LIST_SEPARATOR),
            url: site.section_url(corpus, note_index, section_index),
            category: category.to_string(),
            note: title.to_string(),
        });
    }
}

/// A service page's documents: its identity (name, aliases, summary, and what it does in
/// the catalog's keywords and the site's synonyms), kept short so that BM25 ranks it first
/// for a query that names the service or its task; and its facts as its page shows them,
/// long, apart at `#facts` (the service template's anchor for them).
fn service_docs(
    docs: &mut Vec<SearchDoc>,
    knowledge: &Knowledge,
    service: ServiceId,
    synonyms: &HashMap<ServiceId, Vec<String>>,
    url: &str,
    breadcrumb: &str,
) {
    let data = &knowledge.services.list[service];
    let own = synonyms
        .get(&service)
        .into_iter()
        .flatten()
        .map(String::as_str);
    let names = std::iter::once(data.name.as_str())
        .chain(data.aliases.iter().map(String::as_str))
        .chain(data.keywords.iter().map(String::as_str))
        .chain(own)
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR);
    let doc = |heading: &str, body: String, services: String, url: String| SearchDoc {
        title: data.name.clone(),
        heading: heading.to_string(),
        breadcrumb: breadcrumb.to_string(),
        body,
        alt: String::new(),
        services,
        url,
        category: data.category.clone(),
        note: data.name.clone(),
    };
    let summary = data.summary.clone().unwrap_or_default();
    docs.push(doc(&data.name, summary, names, url.to_string()));
    // The facts as the page shows them: identical values once, the few most stated a key.
    let shown = shown_facts(knowledge.facts_of(service));
    let facts: Vec<String> = (shown.iter())
        .flat_map(|group| {
            group
                .values
                .iter()
                .map(|(_, f)| format!("{}: {}", f.key, f.value))
        })
        .collect();
    if !facts.is_empty() {
        docs.push(doc(
            "Facts",
            facts.join("\n"),
            data.name.clone(),
            format!("{url}#facts"),
        ));
    }
}

fn comparison_doc(
    knowledge: &Knowledge,
    comparison: usize,
    url: &str,
    title: &str,
    breadcrumb: &str,
) -> SearchDoc {
    let c = &knowledge.comparisons[comparison];
    let names: Vec<&str> = c
        .services
        .iter()
        .map(|&s| knowledge.services.list[s].name.as_str())
        .collect();
    let mut body = c.intro.clone().unwrap_or_default();
    for &service in &c.services {
        for fact in knowledge
            .facts_of(service)
            .filter(|f| c.facets.iter().any(|(_, id)| *id == f.key_id))
        {
            body.push_str(&format!(
                "\n{} {}: {}",
                knowledge.services.list[service].name, fact.key, fact.value
            ));
        }
    }
    SearchDoc {
        title: title.to_string(),
        heading: String::new(),
        breadcrumb: breadcrumb.to_string(),
        body,
        alt: String::new(),
        services: names.join(LIST_SEPARATOR),
        url: url.to_string(),
        category: "Comparisons".into(),
        note: title.to_string(),
    }
}

/// One document per glossary term, except the terms that name a service: the service's page
/// is that service's document, and the note that defines it is indexed with its sections.
fn glossary_docs(docs: &mut Vec<SearchDoc>, knowledge: &Knowledge, url: &str, breadcrumb: &str) {
    for term in knowledge
        .glossary
        .terms
        .iter()
        .filter(|t| t.service.is_none())
    {
        let body = term
            .declared
            .iter()
            .map(String::as_str)
            .chain(
                term.entries
                    .iter()
                    .map(|&e| knowledge.glossary_entries[e].definition.as_str()),
            )
            .collect::<Vec<_>>()
            .join("\n");
        docs.push(SearchDoc {
            title: "Glossary".into(),
            heading: term.term.clone(),
            breadcrumb: breadcrumb.to_string(),
            body,
            alt: String::new(),
            services: String::new(),
            url: format!("{url}#{}", term.slug),
            category: "Glossary".into(),
            note: "Glossary".into(),
        });
    }
}

/// The plain text of part of a note, without markup.
#[derive(Debug, Default, PartialEq)]
pub struct SectionText {
    /// Its words, images left out.
    pub body: String,
    /// The alt text of its images, which describes a picture rather than what the section
    /// is about (indexed apart, with a low boost).
    pub alt: String,
}

/// The plain text of part of a note: its words without markup, images' alt text apart; the
/// heading itself is left out when `skip_heading` (it is indexed in its own field).
#[expect(
    clippy::string_slice,
    reason = "section ranges are heading offsets from the markdown parser"
)]
pub fn section_text(note: &Note, range: std::ops::Range<usize>, skip_heading: bool) -> SectionText {
    let mut text = SectionText::default();
    let mut in_heading = false;
    // Images nest (an image in a link in an image's alt), so this counts.
    let mut in_image = 0usize;
    for event in Parser::new_ext(&note.markdown[range], markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                text.body.push('\n');
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                text.alt.push('\n');
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t)
                if in_image > 0 =>
            {
                text.alt.push_str(&t)
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t)
                if !(in_heading && skip_heading) =>
            {
                text.body.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak if in_image > 0 => text.alt.push(' '),
            Event::SoftBreak | Event::HardBreak => text.body.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => text.body.push('\n'),
            _ => {}
        }
    }
    text
}
