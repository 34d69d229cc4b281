//! Knowledge: what the notes say about each AWS service, gathered across all notes.
//!
//! Input: the [`Corpus`] and the service catalog. Output: [`Knowledge`]: services (catalogued
//! and found in headings), every mention with its sentence, the sections each service owns,
//! facts, glossary entries, co-mentions and comparisons. It knows nothing of HTML: render
//! draws what it finds (the relation graph is `render::graph`).
//!
//! Two kinds of parts: per-note parts ([`NoteKnowledge`]: mentions, owned sections, facts,
//! glossary entries), found from one note and the services, in parallel; and whole-site
//! parts (services found in headings, glossary terms, co-mentions, counts, comparisons),
//! derived from all notes. [`incremental`] uses the split to update after a few notes change.

pub mod catalog;
pub mod comparisons;
pub mod defining;
pub mod definitions;
pub mod digest;
pub mod facts;
pub mod glossary;
pub mod graph;
pub mod incremental;
pub mod mentions;
pub mod services;
pub mod study;

use crate::content::{Corpus, Note};
use crate::diagnostics::Diagnostic;
use crate::ids::{NoteId, ServiceId};
use catalog::Catalog;
use comparisons::Comparison;
use facts::{Fact, GlossaryEntry};
use mentions::{Mention, OwnBlock};
use rayon::prelude::*;
use serde::Serialize;
use services::{Service, Services};
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
    pub related: Vec<Vec<graph::CoMention>>,
    /// Whether a service gets a page (it is mentioned, owns a section, or was found in a heading).
    pub has_page: Vec<bool>,
    /// Per service: how many notes mention or cover it, and how many mentions.
    pub stats: Vec<ServiceStats>,
    /// Declared comparisons first, then one per category.
    pub comparisons: Vec<Comparison>,
    /// Flash cards, quiz questions and exam domains.
    pub study: study::Study,
    /// Each note's part of the study material, by note.
    pub study_parts: Vec<study::NoteStudy>,
    /// Per service: where its mentions, own blocks and facts are in the lists above.
    pub by_service: ServiceIndex,
    /// Each note's heading words, for telling agenda lists from leads; emptied each time
    /// the whole-site parts are derived, so it never outlives a change to a note.
    pub heading_words: digest::HeadingWordsCache,
}

/// Per service, the positions (ascending) of its entries in [`Knowledge::mentions`],
/// [`Knowledge::own`] and [`Knowledge::facts`]: a service's page and its mention pages read
/// only its own entries. Filtering the whole lists for each of those pages took about a
/// twentieth of a 10,000-note build.
#[derive(Debug, Clone, Default)]
pub struct ServiceIndex {
    mentions: Vec<Vec<u32>>,
    own: Vec<Vec<u32>>,
    facts: Vec<Vec<u32>>,
}

impl ServiceIndex {
    fn build(count: usize, mentions: &[Mention], own: &[OwnBlock], facts: &[Fact]) -> Self {
        fn positions<T>(
            count: usize,
            list: &[T],
            service: impl Fn(&T) -> ServiceId,
        ) -> Vec<Vec<u32>> {
            let mut by = vec![Vec::new(); count];
            for (i, item) in list.iter().enumerate() {
                by[service(item).index()].push(i as u32);
            }
            by
        }
        ServiceIndex {
            mentions: positions(count, mentions, |m| m.service),
            own: positions(count, own, |b| b.service),
            facts: positions(count, facts, |f| f.service),
        }
    }
}

/// What one note contributes, found from the note alone and the services: its mentions,
/// the blocks its headings give to services, its facts and its glossary entries.
#[derive(Debug, Clone, Default)]
pub struct NoteKnowledge {
    /// Mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Blocks of sections that services own.
    pub own: Vec<OwnBlock>,
    /// Facts from those blocks.
    pub facts: Vec<Fact>,
    /// Glossary entries outside them.
    pub glossary_entries: Vec<GlossaryEntry>,
    /// Its part of the study material.
    pub study: study::NoteStudy,
}

/// The knowledge of note `index` of the corpus.
pub fn note_knowledge(index: NoteId, note: &Note, services: &Services) -> NoteKnowledge {
    let own = mentions::own_blocks_in(index, note, services);
    let (facts, mut glossary_entries) = facts::extract_in(index, note, &own, services);
    glossary_entries.extend(defining::entries_in(index, note, services));
    let mentions = mentions::mentions_in(index, note, services);
    let study = study::note_part(index, note, services, &own, &facts, &mentions);
    NoteKnowledge {
        mentions,
        own,
        facts,
        glossary_entries,
        study,
    }
}

/// Gather knowledge from the corpus, or the error that stops it (a broken catalog or
/// comparisons file); warnings (unknown services in comparisons) go to `warnings`.
///
/// Each note's part ([`note_knowledge`]) is found in parallel; the whole-site parts (glossary,
/// co-mentions, counts, comparisons) are then derived from all of them.
pub fn gather(
    corpus: &Corpus,
    content_dir: &Path,
    site_root: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Knowledge, Diagnostic> {
    let catalog = Catalog::load(content_dir, site_root)?;
    let services = Services::build(&catalog, corpus);
    let parts: Vec<NoteKnowledge> = corpus
        .notes
        .par_iter()
        .enumerate()
        .map(|(index, note)| note_knowledge(NoteId::new(index), note, &services))
        .collect();
    let mut knowledge = Knowledge {
        services,
        mentions: Vec::new(),
        own: Vec::new(),
        facts: Vec::new(),
        glossary_entries: Vec::new(),
        glossary: glossary::Glossary::default(),
        related: Vec::new(),
        has_page: Vec::new(),
        stats: Vec::new(),
        comparisons: Vec::new(),
        study: study::Study::default(),
        study_parts: Vec::with_capacity(parts.len()),
        by_service: ServiceIndex::default(),
        heading_words: digest::HeadingWordsCache::default(),
    };
    // Reserved once: growing these by doubling copied every mention of a 10,000-note
    // site several times over, on one thread.
    knowledge
        .mentions
        .reserve_exact(parts.iter().map(|p| p.mentions.len()).sum());
    knowledge
        .own
        .reserve_exact(parts.iter().map(|p| p.own.len()).sum());
    knowledge
        .facts
        .reserve_exact(parts.iter().map(|p| p.facts.len()).sum());
    for part in parts {
        knowledge.mentions.extend(part.mentions);
        knowledge.own.extend(part.own);
        knowledge.facts.extend(part.facts);
        knowledge.glossary_entries.extend(part.glossary_entries);
        knowledge.study_parts.push(part.study);
    }
    knowledge.derive_whole_site(corpus, content_dir, site_root, warnings)?;
    Ok(knowledge)
}

/// How much the notes say about one service (shown beside its name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceStats {
    /// Notes that mention it or have a section about it.
    pub notes: usize,
    /// Mentions in all notes.
    pub mentions: usize,
}

/// Per service: its [`ServiceStats`]. Mentions and own blocks are in note order, so each
/// note is counted once per service by remembering the last one.
fn service_stats(services: &Services, mentions: &[Mention], own: &[OwnBlock]) -> Vec<ServiceStats> {
    let mut stats = vec![ServiceStats::default(); services.list.len()];
    let mut last_note: Vec<Option<NoteId>> = vec![None; services.list.len()];
    let mut own = own.iter().peekable();
    let mut count_note = |service: ServiceId, note: NoteId, stats: &mut Vec<ServiceStats>| {
        if last_note[service.index()] != Some(note) {
            last_note[service.index()] = Some(note);
            stats[service].notes += 1;
        }
    };
    for m in mentions {
        while let Some(block) = own.next_if(|b| b.note <= m.note) {
            count_note(block.service, block.note, &mut stats);
        }
        count_note(m.service, m.note, &mut stats);
        stats[m.service].mentions += 1;
    }
    for block in own {
        count_note(block.service, block.note, &mut stats);
    }
    stats
}

impl Knowledge {
    /// Derive the whole-site parts (glossary, co-mentions, which services get pages, counts,
    /// comparisons, study material) from the per-note parts.
    fn derive_whole_site(
        &mut self,
        corpus: &Corpus,
        content_dir: &Path,
        site_root: &Path,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let count = self.services.list.len();
        self.by_service = ServiceIndex::build(count, &self.mentions, &self.own, &self.facts);
        self.heading_words = digest::HeadingWordsCache::new(corpus.notes.len());
        let glossary_file = glossary::GlossaryFile::load(site_root)?;
        self.glossary =
            glossary::Glossary::build(&self.glossary_entries, &glossary_file, &self.services);
        self.related = graph::co_mentions(&self.mentions, count);
        self.has_page = vec![false; count];
        for index in self
            .mentions
            .iter()
            .map(|m| m.service)
            .chain(self.own.iter().map(|b| b.service))
        {
            self.has_page[index] = true;
        }
        self.stats = service_stats(&self.services, &self.mentions, &self.own);
        let mut comparisons =
            comparisons::declared(content_dir, site_root, &self.services, warnings)?;
        comparisons.extend(comparisons::by_category(
            &self.services,
            &self.facts,
            &self.has_page,
        ));
        self.comparisons = comparisons;
        self.study = study::build(corpus, self);
        Ok(())
    }

    /// The mentions in one note (mentions are stored in note order).
    pub fn mentions_in(&self, note: NoteId) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.note < note);
        let end = self.mentions.partition_point(|m| m.note <= note);
        &self.mentions[start..end]
    }

    /// The mentions of one service, in note order.
    pub fn mentions_of(&self, service: ServiceId) -> impl Iterator<Item = &Mention> + '_ {
        let at = self.by_service.mentions.get(service.index());
        at.into_iter()
            .flatten()
            .map(|&i| &self.mentions[i as usize])
    }

    /// The blocks of sections one service owns, in note order.
    pub fn own_of(&self, service: ServiceId) -> impl Iterator<Item = &OwnBlock> + '_ {
        let at = self.by_service.own.get(service.index());
        at.into_iter().flatten().map(|&i| &self.own[i as usize])
    }

    /// The facts about one service, in note order.
    pub fn facts_of(&self, service: ServiceId) -> impl Iterator<Item = &Fact> + '_ {
        let at = self.by_service.facts.get(service.index());
        at.into_iter().flatten().map(|&i| &self.facts[i as usize])
    }

    /// Services found in headings but missing from the catalog (each with `found_at`).
    pub fn uncatalogued(&self) -> Vec<&Service> {
        self.services
            .list
            .iter()
            .filter(|s| !s.catalogued)
            .collect()
    }
}
