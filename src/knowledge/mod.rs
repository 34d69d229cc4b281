//! Knowledge: what the notes say about each AWS service, gathered across all notes.
//!
//! Input: the [`Corpus`] and the service catalog. Output: [`Knowledge`]: services (catalogued
//! and found in headings), every mention with its sentence, the sections each service owns,
//! facts, glossary entries, co-mentions and comparisons. It knows nothing of HTML.

pub mod catalog;
pub mod comparisons;
pub mod facts;
pub mod glossary;
pub mod graph;
pub mod mentions;
pub mod services;

use crate::content::Corpus;
use crate::diagnostics::{Diagnostic, Location};
use catalog::Catalog;
use comparisons::Comparison;
use facts::{Fact, GlossaryEntry};
use mentions::{Mention, OwnBlock};
use services::Services;
use std::path::Path;

/// Everything gathered about services from the notes.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// The services and their matcher.
    pub services: Services,
    /// Every mention, in note order.
    pub mentions: Vec<Mention>,
    /// Sections each service owns.
    pub own: Vec<OwnBlock>,
    /// Facts from own sections.
    pub facts: Vec<Fact>,
    /// Glossary entries, one per definition found.
    pub glossary_entries: Vec<GlossaryEntry>,
    /// Glossary terms merged across notes.
    pub glossary: glossary::Glossary,
    /// Per service: related services with co-mention counts, most first.
    pub related: Vec<Vec<(usize, usize)>>,
    /// Whether a service gets a page (it is mentioned, owns a section, or was found in a heading).
    pub has_page: Vec<bool>,
    /// Per service: `(notes that mention or cover it, mentions)`.
    pub stats: Vec<(usize, usize)>,
    /// Declared comparisons first, then one per category.
    pub comparisons: Vec<Comparison>,
}

/// Gather knowledge from the corpus; warnings (unknown services in comparisons) come alongside.
pub fn gather(
    corpus: &Corpus,
    content_dir: &Path,
    site_root: &Path,
) -> Result<(Knowledge, Vec<Diagnostic>), Diagnostic> {
    let catalog = Catalog::load(content_dir, site_root)?;
    let services = Services::build(&catalog, corpus);
    let mentions = mentions::find_mentions(corpus, &services);
    let own = mentions::own_blocks(corpus, &services);
    let (facts, glossary_entries) = facts::extract(corpus, &own, &services);
    let glossary = glossary::Glossary::build(&glossary_entries);
    let related = graph::co_mentions(&mentions, services.list.len());
    let mut has_page = vec![false; services.list.len()];
    for index in mentions
        .iter()
        .map(|m| m.service)
        .chain(own.iter().map(|b| b.service))
    {
        has_page[index] = true;
    }
    let stats = service_stats(&services, &mentions, &own);
    let (mut comparisons, warnings) = comparisons::declared(content_dir, site_root, &services)?;
    comparisons.extend(comparisons::by_category(&services, &facts, &has_page));
    Ok((
        Knowledge {
            services,
            mentions,
            own,
            facts,
            glossary_entries,
            glossary,
            related,
            has_page,
            stats,
            comparisons,
        },
        warnings,
    ))
}

fn service_stats(
    services: &Services,
    mentions: &[Mention],
    own: &[OwnBlock],
) -> Vec<(usize, usize)> {
    let mut notes: Vec<std::collections::BTreeSet<usize>> =
        vec![Default::default(); services.list.len()];
    let mut counts = vec![0; services.list.len()];
    for m in mentions {
        notes[m.service].insert(m.note);
        counts[m.service] += 1;
    }
    for block in own {
        notes[block.service].insert(block.note);
    }
    notes
        .iter()
        .zip(counts)
        .map(|(n, c)| (n.len(), c))
        .collect()
}

impl Knowledge {
    /// The mentions in one note (mentions are stored in note order).
    pub fn mentions_in(&self, note: usize) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.note < note);
        let end = self.mentions.partition_point(|m| m.note <= note);
        &self.mentions[start..end]
    }

    /// Services found in headings but missing from the catalog, with where they were found.
    pub fn uncatalogued(&self) -> Vec<(&str, Option<&Location>)> {
        self.services
            .list
            .iter()
            .filter(|s| !s.catalogued)
            .map(|s| (s.name.as_str(), s.found_at.as_ref()))
            .collect()
    }
}
