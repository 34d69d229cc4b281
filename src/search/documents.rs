//! Search documents: one per section of every page (note sections, a service's page, a
//! comparison table, a glossary term), as plain text fields.
//!
//! Input: the corpus, the knowledge and the site map. Output: [`SearchDoc`]s in a stable
//! order, which becomes tantivy's doc ids: by length (see [`order_by_length`]), then in the
//! order of pages and their sections.

use crate::content::outline::markdown_options;
use crate::content::{Corpus, Note};
use crate::knowledge::Knowledge;
use crate::site::kinds::Indexed;
use crate::site::SiteMap;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;

/// One searchable unit: a section of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// The page title.
    pub title: String,
    /// The section heading (empty for a page's lead-in).
    pub heading: String,
    /// Ancestors of the page, `Home › Generative AI`.
    pub breadcrumb: String,
    /// The section's text.
    pub body: String,
    /// Names of the services the section mentions.
    pub services: String,
    /// URL relative to the site root, with `#anchor`.
    pub url: String,
    /// Category for filtering (a service category, or the note's top folder).
    pub category: String,
    /// The note (or page) the section belongs to, for filtering.
    pub note: String,
}

/// Every search document of the site.
pub fn documents(site: &SiteMap, corpus: &Corpus, knowledge: &Knowledge) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
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
                if let Some(note) = page.note {
                    note_docs(
                        &mut docs,
                        corpus,
                        knowledge,
                        note,
                        &page.url,
                        &page.title,
                        &breadcrumb,
                        &category,
                    );
                }
            }
            Indexed::Service => {
                if let Some(service) = page.service {
                    docs.push(service_doc(knowledge, service, &page.url, &breadcrumb));
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

/// `docs` ordered by the fieldnorm ids (tantivy's one-byte length codes) of their body,
/// services, title and heading, ties kept in site order.
///
/// Every posting the browser downloads carries its document's fieldnorm id, which BM25
/// needs. In site order those ids are noise to the compressor (a byte a posting); in this
/// order a posting list's ids come in long runs of equal values and deflate all but removes
/// them. At 10,000 notes this halves the postings of common words (`fine`: 47.6 → 23.9 KB,
/// `sagemaker`: 82.9 → 58.1 KB), which most of a first query's download is. Doc-id gaps
/// compress no worse. Scores do not depend on the order; the CLI and the browser break
/// ties the same way.
fn order_by_length(docs: Vec<SearchDoc>) -> Vec<SearchDoc> {
    let id = |text: &str| FieldNormReader::fieldnorm_to_id(token_count(text));
    let mut keyed: Vec<([u8; 4], usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let key = [&d.body, &d.services, &d.title, &d.heading].map(|t| id(t));
            (key, i)
        })
        .collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
    keyed
        .into_iter()
        .map(|(_, i)| slots[i].take().expect("each document once"))
        .collect()
}

/// The number of tokens the analyzer ([`super::index::analyzer`]) makes of `text`: runs of
/// alphanumeric characters, except those of 40 bytes or more, which it removes.
pub fn token_count(text: &str) -> u32 {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() < super::index::MAX_TOKEN_BYTES)
        .count() as u32
}

#[allow(clippy::too_many_arguments)]
fn note_docs(
    docs: &mut Vec<SearchDoc>,
    corpus: &Corpus,
    knowledge: &Knowledge,
    note_index: usize,
    url: &str,
    title: &str,
    breadcrumb: &str,
    category: &str,
) {
    let note = &corpus.notes[note_index];
    let mentions = knowledge.mentions_in(note_index);
    for (section_index, section) in note.sections.iter().enumerate() {
        let body = section_text(note, section.range.clone(), section.level > 0);
        if body.trim().is_empty() && section.heading.is_empty() {
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
            services: services.join(", "),
            url: note
                .anchor(section_index)
                .map_or_else(|| url.to_string(), |id| format!("{url}#{id}")),
            category: category.to_string(),
            note: title.to_string(),
        });
    }
}

fn service_doc(knowledge: &Knowledge, service: usize, url: &str, breadcrumb: &str) -> SearchDoc {
    let data = &knowledge.services.list[service];
    let mut body = data.summary.clone().unwrap_or_default();
    for fact in knowledge.facts.iter().filter(|f| f.service == service) {
        body.push_str(&format!("\n{}: {}", fact.key, fact.value));
    }
    let names = std::iter::once(data.name.as_str())
        .chain(data.aliases.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(", ");
    SearchDoc {
        title: data.name.clone(),
        heading: data.name.clone(),
        breadcrumb: breadcrumb.to_string(),
        body,
        services: names,
        url: url.to_string(),
        category: data.category.clone(),
        note: data.name.clone(),
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
            .facts
            .iter()
            .filter(|f| f.service == service && c.facets.iter().any(|(_, id)| *id == f.key_id))
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
        services: names.join(", "),
        url: url.to_string(),
        category: "Comparisons".into(),
        note: title.to_string(),
    }
}

fn glossary_docs(docs: &mut Vec<SearchDoc>, knowledge: &Knowledge, url: &str, breadcrumb: &str) {
    for term in &knowledge.glossary.terms {
        let body = term
            .entries
            .iter()
            .map(|&e| knowledge.glossary_entries[e].definition.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        docs.push(SearchDoc {
            title: "Glossary".into(),
            heading: term.term.clone(),
            breadcrumb: breadcrumb.to_string(),
            body,
            services: String::new(),
            url: format!("{url}#{}", term.slug),
            category: "Glossary".into(),
            note: "Glossary".into(),
        });
    }
}

/// The plain text of part of a note: its words without markup; the heading itself is left
/// out when `skip_heading` (it is indexed in its own field).
#[expect(
    clippy::string_slice,
    reason = "section ranges are heading offsets from the markdown parser"
)]
pub fn section_text(note: &Note, range: std::ops::Range<usize>, skip_heading: bool) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&note.markdown[range], markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                text.push('\n');
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t)
                if !(in_heading && skip_heading) =>
            {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_count_matches_the_analyzer() {
        let long = "x".repeat(super::super::index::MAX_TOKEN_BYTES);
        for text in [
            "",
            "Amazon SageMaker Clarify: bias-detection, 2 modes!",
            "café — naïve 東京 résumé\r\nline2\tend",
            &format!("short {long} {}y after", &long[1..]),
            &format!("{} {}x é{long}", "é".repeat(20), "é".repeat(19)),
            "__init__ a.b.c 3.14",
        ] {
            let mut analyzer = super::super::index::analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut tokens = 0;
            while stream.advance() {
                tokens += 1;
            }
            assert_eq!(token_count(text), tokens, "{text:?}");
        }
    }

    #[test]
    fn documents_are_ordered_by_length_then_kept_in_order() {
        let doc = |body: &str, url: &str| SearchDoc {
            body: body.into(),
            url: url.into(),
            ..SearchDoc::default()
        };
        let docs = vec![
            doc("three words here", "a"),
            doc("one", "b"),
            doc("two words", "c"),
            doc("uno", "d"),
        ];
        let urls: Vec<String> = order_by_length(docs).into_iter().map(|d| d.url).collect();
        assert_eq!(urls, ["b", "d", "c", "a"]);
    }
}
