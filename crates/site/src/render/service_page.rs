//! The views of a service's page and of the pages that list its mentions.
//!
//! Input: the knowledge, the site map and the page the view is for. Output: plain
//! serializable structs whose links are relative to that page.
//!
//! A service's page digests what the notes say, in a size that does not grow with the
//! notes: its summary and facts (at most
//! [`crate::knowledge::digest::FACT_VALUES_SHOWN`] values a key), the lead of
//! each section most about it (at most [`LEADS_SHOWN`], a section whose heading is the
//! service's name before one that names it among other words; identical leads once), then
//! every other section that names it as a link, grouped by note (at most [`NOTES_SHOWN`]
//! notes, those that name it most first). When more notes name it, pages of
//! [`NOTES_PER_MENTION_PAGE`] notes each list every note and section that names the
//! service, in note order, so each mention stays one link away.

use super::knowledge_pages::{ServiceLink, SourcedText, TitledLink, Views};
use super::markdown::{render_range, Target};
use crate::ids::{NoteId, ServiceId};
use crate::knowledge::digest::{
    lead, shown_facts, Lead, LEADS_SHOWN, LEAD_TRIES, NOTES_PER_MENTION_PAGE, NOTES_SHOWN,
};
use crate::knowledge::facts::heading_subject;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The lead of a section about the service, with links to it.
#[derive(Debug, Clone, Serialize)]
pub struct LeadView {
    /// The section's heading.
    pub heading: String,
    /// Title of its note.
    pub note: String,
    /// Link to the note.
    pub note_href: String,
    /// Link to the section in its note.
    pub href: String,
    /// The lead as HTML (its first paragraph or so).
    pub html: String,
}

/// The sections of one note that name a service, as links.
#[derive(Debug, Clone, Serialize)]
pub struct NoteMentions {
    /// Note title.
    pub note: String,
    /// Link to the note.
    pub href: String,
    /// Its sections that name the service, in note order (`Introduction` for the text
    /// before the first heading).
    pub sections: Vec<TitledLink>,
    /// Mentions of the service in the note.
    pub mentions: usize,
}

/// One row of a facts table.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    /// Key as first written.
    pub key: String,
    /// Different values with a source each, the most stated first.
    pub values: Vec<SourcedText>,
    /// Statements of this key left out (different values beyond the first few).
    pub more: usize,
}

/// A page of a paginated list, for a pager.
#[derive(Debug, Clone, Serialize)]
pub struct PageNumber {
    /// From 1.
    pub number: usize,
    /// Link to it (none for the page being shown).
    pub href: Option<String>,
}

/// Everything on a service's page.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// The service itself.
    pub service: ServiceLink,
    /// Whether the catalog knows it.
    pub catalogued: bool,
    /// Parent service.
    pub parent: Option<ServiceLink>,
    /// Child services.
    pub children: Vec<ServiceLink>,
    /// Facts merged by key.
    pub facts: Vec<FactRow>,
    /// The sections most about it, by their leads.
    pub leads: Vec<LeadView>,
    /// The other sections that name it, by note.
    pub mentioned_in: Vec<NoteMentions>,
    /// Notes naming it that `mentioned_in` leaves out (they are on `mention_pages`).
    pub more_notes: usize,
    /// The pages listing every note and section that names it (none when this page
    /// lists them all).
    pub mention_pages: Vec<PageNumber>,
    /// Services most often mentioned alongside.
    pub related: Vec<super::knowledge_pages::Related>,
    /// Inline SVG of the relations.
    pub graph_svg: Option<String>,
    /// Comparison tables it appears in.
    pub comparisons: Vec<TitledLink>,
}

/// One page of the list of every place the notes name a service.
#[derive(Debug, Clone, Serialize)]
pub struct MentionsView {
    /// The service.
    pub service: ServiceLink,
    /// This page's number, from 1.
    pub number: usize,
    /// Every page of the list.
    pub pages: Vec<PageNumber>,
    /// Position of the first note listed here among all, from 1.
    pub first: usize,
    /// Position of the last note listed here.
    pub last: usize,
    /// Notes naming the service, in all.
    pub total: usize,
    /// The notes of this page, in note order.
    pub notes: Vec<NoteMentions>,
}

/// Where the notes name one service: per note (in note order), its sections that name it
/// or that it owns, and how many times it is named there.
struct Places {
    notes: BTreeMap<NoteId, (Vec<usize>, usize)>,
}

impl Views<'_> {
    /// The places of `service` in the notes: sections that name it, and the first
    /// section of each block it owns.
    fn places(&self, service: ServiceId) -> Places {
        let mut notes: BTreeMap<NoteId, (Vec<usize>, usize)> = BTreeMap::new();
        for block in self.knowledge.own_of(service) {
            notes
                .entry(block.note)
                .or_default()
                .0
                .push(block.sections.start);
        }
        for m in self.knowledge.mentions_of(service) {
            let (sections, count) = notes.entry(m.note).or_default();
            sections.push(m.section);
            *count += 1;
        }
        for (sections, _) in notes.values_mut() {
            sections.sort_unstable();
            sections.dedup();
        }
        Places { notes }
    }

    /// A note's sections as links (`Introduction` for the text before the first heading;
    /// a heading listed twice, such as `Key use cases` under each of several services, with
    /// its parent's: `Amazon Kendra › Key use cases`).
    fn note_mentions(&self, note: NoteId, sections: &[usize], mentions: usize) -> NoteMentions {
        let data = &self.corpus.notes[note];
        let heading = |s: usize| data.sections.get(s).map_or("", |s| s.heading.as_str());
        let mut times: std::collections::HashMap<&str, usize> = Default::default();
        for &s in sections {
            *times.entry(heading(s)).or_default() += 1;
        }
        // Each section's parent, found in one pass when a repeated heading first needs it
        // (walking back from each section made a note of thousands of `## Amazon Bedrock`
        // slides take time in the square of them).
        let parents = std::cell::OnceCell::new();
        let parent = |s: usize| {
            let parents: &Vec<Option<usize>> = parents.get_or_init(|| {
                let mut open: Vec<usize> = Vec::new();
                (data.sections.iter().enumerate())
                    .map(|(i, section)| {
                        while open
                            .last()
                            .is_some_and(|&p| data.sections[p].level >= section.level)
                        {
                            open.pop();
                        }
                        let parent = open.last().copied();
                        open.push(i);
                        parent
                    })
                    .collect()
            });
            parents[s]
                .map(|p| data.sections[p].heading.as_str())
                .filter(|h| !h.is_empty() && *h != data.title)
        };
        NoteMentions {
            note: data.title.clone(),
            href: self.note_href(note),
            sections: sections
                .iter()
                .map(|&s| TitledLink {
                    title: match heading(s) {
                        // The text before the first heading, or under the note's title.
                        "" => "Introduction".to_string(),
                        shown if shown == data.title && data.sections[s].level <= 1 => {
                            "Introduction".to_string()
                        }
                        shown if times[shown] > 1 => match parent(s) {
                            Some(parent) => format!("{parent} › {shown}"),
                            None => shown.to_string(),
                        },
                        shown => shown.to_string(),
                    },
                    href: self.section_href(note, s),
                })
                .collect(),
            mentions,
        }
    }

    /// The leads of the sections most about `service`, those whose heading names it: the
    /// heading is its name first, then headings that open with it, then the others; within
    /// each, the sections (with their subsections) that name it most, then higher headings.
    /// Sections without a lead (a title or agenda slide) and leads already shown are passed
    /// over.
    fn lead_places(&self, service: ServiceId) -> Vec<(NoteId, usize, Lead)> {
        let data = &self.knowledge.services.list[service];
        let names: HashSet<String> = std::iter::once(&data.name)
            .chain(&data.aliases)
            .map(|n| n.to_lowercase())
            .collect();
        let services = &self.knowledge.services;
        let mut candidates: Vec<(NoteId, usize)> = (self.knowledge.mentions_of(service))
            .filter(|m| m.in_heading)
            .map(|m| (m.note, m.section))
            .collect();
        candidates.dedup();
        let mut ranked: Vec<(u8, std::cmp::Reverse<usize>, u8, usize)> = (candidates.iter())
            .enumerate()
            .map(|(i, &(note_id, section))| {
                let note = &self.corpus.notes[note_id];
                let heading = &note.sections[section];
                let bare = heading
                    .heading
                    .trim_start_matches(|c: char| c.is_ascii_digit() || ". )".contains(c))
                    .to_lowercase();
                let rank = match heading_subject(&heading.heading, services) {
                    Some(s) if s == service && names.contains(bare.trim()) => 0,
                    Some(s) if s == service => 1,
                    _ => 2,
                };
                // The section and its subsections.
                let end = (note.sections[section + 1..].iter())
                    .position(|s| s.level <= heading.level)
                    .map_or(note.sections.len(), |p| section + 1 + p);
                // A note's mentions are in text order, so by section: only those of the
                // section and its subsections are read (reading all of them for each
                // heading made a deck of thousands of slides take minutes).
                let in_note = self.knowledge.mentions_in(note_id);
                let first = in_note.partition_point(|m| m.section < section);
                let last = in_note.partition_point(|m| m.section < end);
                let mentions = in_note[first..last.max(first)]
                    .iter()
                    .filter(|m| m.service == service)
                    .count();
                (rank, std::cmp::Reverse(mentions), heading.level, i)
            })
            .collect();
        ranked.sort_unstable();
        let mut seen: HashSet<String> = HashSet::new();
        let mut places = Vec::new();
        // A service named in the headings of thousands of slides without a lead (title
        // slides, agendas) would have each of them read; the first few dozen decide.
        for (_, _, _, i) in ranked.into_iter().take(LEADS_SHOWN * LEAD_TRIES) {
            if places.len() == LEADS_SHOWN {
                break;
            }
            let (note_id, section) = candidates[i];
            let note = &self.corpus.notes[note_id];
            let headings = || self.knowledge.heading_words.get(note_id, note);
            let Some(found) = lead(note, section, headings) else {
                continue;
            };
            if seen.insert(found.text.clone()) {
                places.push((note_id, section, found));
            }
        }
        places
    }

    /// The leads [`Self::lead_places`] chooses, rendered.
    fn leads(&self, service: ServiceId) -> Vec<LeadView> {
        let mut leads = Vec::new();
        for (note_id, section, found) in self.lead_places(service) {
            let note = &self.corpus.notes[note_id];
            let html = match &found.cut {
                Some(text) => format!("<p>{}</p>", super::theme::escape_html(text)),
                None => {
                    let prefix = format!("n{note_id}-");
                    let target = Target {
                        site: self.site,
                        notes: &self.corpus.notes,
                        knowledge: self.knowledge,
                        page_url: self.url,
                        id_prefix: &prefix,
                        current_service: Some(service),
                        heading_shift: 0,
                        raw_html: self.raw_html,
                    };
                    render_range(note_id, found.range.clone(), target).html
                }
            };
            leads.push(LeadView {
                heading: note.sections[section].heading.clone(),
                note: note.title.clone(),
                note_href: self.note_href(note_id),
                href: self.section_href(note_id, section),
                html,
            });
        }
        leads
    }

    /// The page of one service.
    pub fn service(&self, service: ServiceId) -> ServiceView {
        let data = &self.knowledge.services.list[service];
        let places = self.places(service);
        let leads = self.leads(service);
        let shown: HashSet<&str> = leads.iter().map(|l| l.href.as_str()).collect();
        let (others, more_notes) = self.also_mentioned(&places, &shown);
        let related: Vec<super::knowledge_pages::Related> = super::knowledge_pages::related_shown(
            &self.knowledge.related[service],
            &self.knowledge.has_page,
        )
        .map(|r| super::knowledge_pages::Related {
            service: self.service_link(r.service),
            count: r.sections,
        })
        .collect();
        let graph_svg = (!related.is_empty()).then(|| {
            let nodes: Vec<_> = related
                .iter()
                .map(|r| super::graph::GraphNode {
                    name: &r.service.name,
                    href: r.service.href.clone(),
                    weight: r.count,
                })
                .collect();
            super::graph::relation_svg(&data.name, &nodes)
        });
        ServiceView {
            service: self.service_link(service),
            catalogued: data.catalogued,
            parent: data.parent.map(|p| self.service_link(p)),
            children: data
                .children
                .iter()
                .map(|&c| self.service_link(c))
                .collect(),
            facts: self.facts(service),
            leads,
            mentioned_in: others.into_iter().map(|(_, listed)| listed).collect(),
            more_notes,
            mention_pages: self.mention_page_numbers(service, None),
            related,
            graph_svg,
            comparisons: self
                .knowledge
                .comparisons
                .iter()
                .enumerate()
                .filter(|(_, c)| c.services.contains(&service))
                .map(|(i, c)| TitledLink {
                    title: c.title.clone(),
                    href: self.href(self.site.page_of_comparison[&i]),
                })
                .collect(),
        }
    }

    /// The notes a service's page lists under "Also mentioned in", with their ids: those
    /// that name it most first (ties in note order), without the sections `shown` by their
    /// leads (links), at most [`NOTES_SHOWN`]; and how many more notes it leaves out.
    fn also_mentioned(
        &self,
        places: &Places,
        shown: &HashSet<&str>,
    ) -> (Vec<(NoteId, NoteMentions)>, usize) {
        // Which notes keep a section once the shown ones are left out, from the links
        // alone: the full entries (titles told apart by their parents) are made only for
        // the notes listed (a service named in 10,000 notes lists a few).
        let mut others: Vec<(NoteId, &Vec<usize>, usize)> = (places.notes.iter())
            .filter(|(&note, (sections, _))| {
                (sections.iter()).any(|&s| !shown.contains(self.section_href(note, s).as_str()))
            })
            .map(|(&note, (sections, count))| (note, sections, *count))
            .collect();
        others.sort_by_key(|&(_, _, count)| std::cmp::Reverse(count));
        let more = others.len().saturating_sub(NOTES_SHOWN);
        others.truncate(NOTES_SHOWN);
        let others = (others.into_iter())
            .map(|(note, sections, count)| {
                let mut listed = self.note_mentions(note, sections, count);
                listed.sections.retain(|s| !shown.contains(s.href.as_str()));
                (note, listed)
            })
            .collect();
        (others, more)
    }

    /// Links to the pages listing the mentions of `service` (`current` unlinked).
    fn mention_page_numbers(&self, service: ServiceId, current: Option<usize>) -> Vec<PageNumber> {
        let Some(&page) = self.site.page_of_service.get(&service) else {
            return Vec::new();
        };
        (self.site.pages[page].children.iter())
            .filter_map(|&child| {
                let number = self.site.pages[child].mention_page?;
                Some(PageNumber {
                    number,
                    href: (current != Some(number)).then(|| self.href(child)),
                })
            })
            .collect()
    }

    /// Page `number` (from 1) of the list of the notes naming `service` that its page does
    /// not list under "Also mentioned in" (every other note, lead or not, with all its
    /// sections that name the service).
    pub fn service_mentions(&self, service: ServiceId, number: usize) -> MentionsView {
        let places = self.places(service);
        let shown_places = self.lead_places(service);
        let shown: HashSet<String> = (shown_places.iter())
            .map(|(note, section, _)| self.section_href(*note, *section))
            .collect();
        let (listed, _) = self.also_mentioned(&places, &shown.iter().map(String::as_str).collect());
        let listed: HashSet<NoteId> = listed.into_iter().map(|(note, _)| note).collect();
        let rest: Vec<_> = (places.notes.iter())
            .filter(|(note, _)| !listed.contains(note))
            .collect();
        let first = (number.max(1) - 1) * NOTES_PER_MENTION_PAGE;
        let notes: Vec<NoteMentions> = (rest.iter())
            .skip(first)
            .take(NOTES_PER_MENTION_PAGE)
            .map(|(&note, (sections, count))| self.note_mentions(note, sections, *count))
            .collect();
        MentionsView {
            service: self.service_link(service),
            number,
            pages: self.mention_page_numbers(service, Some(number)),
            first: first + 1,
            last: first + notes.len(),
            total: rest.len(),
            notes,
        }
    }

    fn facts(&self, service: ServiceId) -> Vec<FactRow> {
        let facts = self.knowledge.facts_of(service);
        shown_facts(facts)
            .into_iter()
            .map(|group| FactRow {
                key: group.key.to_string(),
                values: (group.values.iter())
                    .map(|(_, f)| self.sourced(&f.value, f.note, f.section))
                    .collect(),
                more: group.more,
            })
            .collect()
    }
}
