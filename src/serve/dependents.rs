//! Which pages a change to some notes touches, for `serve`: what the pages showed is
//! summed up ([`Before`]) before the model changes in place, then compared with the model
//! after the change.
//!
//! Which pages depend on what is not written here: each kind of page declares the inputs it
//! shows ([`crate::site::kinds`]); this module only tells which inputs changed, and every
//! page whose kind reads one of them is rendered again.
//!
//! Input: the model before (as a [`Before`]) and after, and the changed note paths.
//! Output: whether the navigation or the set of services changed (everything is then
//! re-rendered), else the indexes of the pages to re-render.

use crate::build::Model;
use crate::ids::{NoteId, PageId, ServiceId};
use crate::knowledge::comparisons::Comparison;
use crate::knowledge::graph::CoMention;
use crate::knowledge::ServiceStats;
use crate::render::knowledge_pages::related_shown;
use crate::site::kinds::Input;
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

/// What the pages showed before a change, as far as the changed notes can affect it.
pub(super) struct Before {
    /// Per service: hash of what the changed notes contributed to its page.
    contributions: HashMap<ServiceId, u64>,
    /// Per service: hash of the notes (index and path) of the sections it owns, whose
    /// indexes its page shows in heading ids (`n3-...`), and which shift when a note is
    /// added or removed before them.
    owners: HashMap<ServiceId, u64>,
    /// Facts and glossary definitions from the changed notes.
    tables: Tables,
    /// Per service: notes and mentions.
    stats: Vec<ServiceStats>,
    /// Per service: related services and co-mention counts.
    related: Vec<Vec<CoMention>>,
    /// Hash of the navigation, the services with pages and the glossary terms.
    layout: u64,
    /// The comparison tables (services and columns).
    comparisons: Vec<Comparison>,
    /// Hash of what the site map reads from the changed notes and the knowledge.
    site_inputs: u64,
    /// The pages of the changed notes (a deleted note's page may stay, showing another).
    note_pages: BTreeSet<PageId>,
    /// The changed notes' descriptions, which their folder's list shows (their titles and
    /// places are the layout's).
    descriptions: Vec<Option<String>>,
    /// How many notes there were.
    notes: usize,
    /// Per study scope: hash of what its pages show ([`study_hashes`]).
    study: HashMap<String, u64>,
}

/// What a change touches when the layout did not change.
pub(super) struct Dependents {
    /// Pages to re-render.
    pub pages: Vec<PageId>,
    /// Whether facts from the changed notes changed (the compare picker's data shows them).
    pub facts_changed: bool,
}

impl Before {
    /// Sum up what `model`'s pages show of `notes`.
    pub(super) fn of(model: &Model, notes: &BTreeSet<String>) -> Before {
        Before {
            contributions: contributions(model, notes),
            owners: owners(model),
            tables: tables(model, notes),
            stats: model.knowledge.stats.clone(),
            related: model.knowledge.related.clone(),
            layout: layout_hash(model),
            comparisons: model.knowledge.comparisons.clone(),
            site_inputs: site_inputs(model, notes),
            note_pages: pages_of(model, notes),
            descriptions: descriptions(model, notes),
            notes: model.corpus.notes.len(),
            study: study_hashes(model),
        }
    }

    /// Whether the site map of `new` would be the one it has (nothing it reads from the
    /// changed notes or the knowledge changed), so laying it out again can be skipped; call
    /// after the knowledge was updated, and only when no other content file changed.
    pub(super) fn site_unchanged(&self, new: &Model, notes: &BTreeSet<String>) -> bool {
        self.site_inputs == site_inputs(new, notes)
    }

    /// Whether the navigation (pages, titles, parents), the services with pages or the
    /// glossary terms changed: every page shows them.
    pub(super) fn layout_changed(&self, new: &Model) -> bool {
        self.layout != layout_hash(new)
    }

    /// Pages that show something that changed in the changed notes: each page is asked,
    /// through the inputs its kind declares ([`crate::site::kinds::KindSpec::reads`]),
    /// whether one of them changed. Call when the layout did not change (so the pages and
    /// the services with pages are the same).
    pub(super) fn dependents(&self, new: &Model, notes: &BTreeSet<String>) -> Dependents {
        let changed = self.changes(new, notes);
        let pages = PageId::all(new.site.pages.len())
            .filter(|&page| {
                let reads = new.site.pages[page].kind.spec().reads;
                reads.iter().any(|&input| changed.touches(input, new, page))
            })
            .collect();
        Dependents {
            pages,
            facts_changed: changed.facts,
        }
    }

    /// What changed between this summary and `new`.
    fn changes(&self, new: &Model, notes: &BTreeSet<String>) -> Changes {
        let mut note_pages = pages_of(new, notes);
        note_pages.extend(&self.note_pages);
        let now = descriptions(new, notes);
        let described = notes
            .iter()
            .zip(self.descriptions.iter().zip(&now))
            .filter(|(_, (before, after))| before != after)
            .filter_map(|(path, _)| new.site.page_of_note.get(path).copied())
            .collect();
        let mut services = changed_keys(&self.contributions, &contributions(new, notes));
        services.extend(changed_keys(&self.owners, &owners(new)));
        let counts = self.stats != new.knowledge.stats;
        if counts {
            let has_page = &new.knowledge.has_page;
            services.extend(
                ServiceId::all(new.knowledge.services.list.len()).filter(|&s| {
                    let shown = |related: &[Vec<CoMention>], stats: &[ServiceStats]| {
                        numbers_shown(new, s, &related[s], has_page, stats)
                    };
                    shown(&self.related, &self.stats)
                        != shown(&new.knowledge.related, &new.knowledge.stats)
                }),
            );
        }
        let new_tables = tables(new, notes);
        let facts_of = |facts: &[ShownFact], s: ServiceId| {
            facts
                .iter()
                .filter(|f| f.service == s)
                .cloned()
                .collect::<Vec<_>>()
        };
        let shown_in_tables = |s: ServiceId| {
            facts_of(&self.tables.facts, s) != facts_of(&new_tables.facts, s)
                || self.stats.get(s.index()) != new.knowledge.stats.get(s.index())
        };
        let tables = (0..new.knowledge.comparisons.len())
            .filter(|&c| {
                let (old, new) = (self.comparisons.get(c), &new.knowledge.comparisons[c]);
                old.map(definition) != Some(definition(new))
                    || new.services.iter().any(|&s| shown_in_tables(s))
            })
            .collect();
        let list = self.comparisons.len() != new.knowledge.comparisons.len()
            || (0..self.comparisons.len()).any(|c| {
                let (a, b) = (&self.comparisons[c], &new.knowledge.comparisons[c]);
                (&a.title, &a.services, &a.category) != (&b.title, &b.services, &b.category)
            });
        let new_study = study_hashes(new);
        let study = self
            .study
            .iter()
            .filter(|(key, hash)| new_study.get(*key) != Some(hash))
            .map(|(key, _)| key.clone())
            .chain(
                new_study
                    .keys()
                    .filter(|key| !self.study.contains_key(*key))
                    .cloned(),
            )
            .collect();
        Changes {
            study,
            note_pages,
            described,
            note_count: self.notes != new.corpus.notes.len(),
            services,
            counts,
            list,
            tables,
            glossary: self.tables.glossary != new_tables.glossary,
            facts: self.tables.facts != new_tables.facts,
        }
    }
}

/// What a change changed, for pages to ask about the inputs they read.
struct Changes {
    /// Pages of the changed notes, before and after the change.
    note_pages: BTreeSet<PageId>,
    /// Pages of the changed notes whose description changed.
    described: BTreeSet<PageId>,
    /// Whether the number of notes changed.
    note_count: bool,
    /// Services whose pages show something that changed.
    services: BTreeSet<ServiceId>,
    /// Whether any service's counts changed.
    counts: bool,
    /// Whether the list of comparison tables changed.
    list: bool,
    /// Comparison tables whose definition, or whose services' facts or counts, changed.
    tables: BTreeSet<usize>,
    /// Whether glossary definitions changed.
    glossary: bool,
    /// Whether facts from the changed notes changed (the compare picker's data shows them).
    facts: bool,
    /// The study scopes whose material changed ([`study_key`]).
    study: BTreeSet<String>,
}

impl Changes {
    /// Whether `input`, as page `page` of `new` shows it, changed.
    fn touches(&self, input: Input, new: &Model, page: PageId) -> bool {
        let data = &new.site.pages[page];
        match input {
            Input::OwnNote => self.note_pages.contains(&page),
            // A folder's list shows its pages' titles and places (the layout, which renders
            // everything when it changes) and their notes' descriptions: a save that keeps
            // a note's description leaves its folder's page as it was.
            Input::ChildNotes => new
                .site
                .listed(page)
                .iter()
                .any(|c| self.described.contains(c)),
            Input::NoteCount => self.note_count,
            Input::ServiceCounts => self.counts,
            Input::ServiceNotes => data.service.is_some_and(|s| self.services.contains(&s)),
            Input::ComparisonList => self.list,
            Input::ComparisonTable => data.comparison.is_none_or(|c| self.tables.contains(&c)),
            Input::GlossaryDefinitions => self.glossary,
            Input::StudyCards => study_key(new, page).is_some_and(|k| self.study.contains(&k)),
        }
    }
}

/// The study scope page `page` shows or links to: `site`, `quiz` and `coverage` for the
/// site's study pages, `note:<path>` and `service:<name>` for a note's or service's study
/// page and for the note's or service's own page (its link gives the number of cards).
fn study_key(model: &Model, page: PageId) -> Option<String> {
    use crate::site::{PageKind, StudyScope};
    let data = &model.site.pages[page];
    let note_key = |n: NoteId| format!("note:{}", model.corpus.notes[n].path);
    let service_key = |s: ServiceId| format!("service:{}", model.knowledge.services.list[s].name);
    Some(match (data.kind, data.study) {
        (PageKind::StudyQuiz, _) => "quiz".into(),
        (PageKind::StudyCoverage, _) => "coverage".into(),
        (_, Some(StudyScope::Site)) => "site".into(),
        (_, Some(StudyScope::Note(n))) => note_key(n),
        (_, Some(StudyScope::Service(s))) => service_key(s),
        (PageKind::Service, None) => service_key(data.service?),
        (_, None) => note_key(data.note?),
    })
}

/// Per study scope ([`study_key`]): a hash of the cards, questions or domains its pages
/// show, each with its source as the page links it (note title, heading, URL).
fn study_hashes(model: &Model) -> HashMap<String, u64> {
    let study = &model.knowledge.study;
    let corpus = &model.corpus;
    let mut hashers: HashMap<String, DefaultHasher> = HashMap::new();
    let mut add = |key: String, value: &dyn Fn(&mut DefaultHasher)| {
        value(hashers.entry(key).or_default());
    };
    let source = |note: NoteId, section: usize, hasher: &mut DefaultHasher| {
        let n = &corpus.notes[note];
        (
            &n.title,
            n.sections.get(section).map(|s| &s.heading),
            model.site.section_url(corpus, note, section),
        )
            .hash(hasher);
    };
    for card in &study.cards {
        let value = |h: &mut DefaultHasher| {
            (&card.id, &card.front, &card.back, &card.domains).hash(h);
            source(card.note, card.section, h);
        };
        add("site".into(), &value);
        add(format!("note:{}", corpus.notes[card.note].path), &value);
        if let Some(s) = card.service {
            add(
                format!("service:{}", model.knowledge.services.list[s].name),
                &value,
            );
        }
        if !card.domains.is_empty() {
            add("coverage".into(), &value);
        }
    }
    for question in &study.quiz {
        add("quiz".into(), &|h: &mut DefaultHasher| {
            question.hash(h);
            source(question.note, question.section, h);
        });
    }
    for domain in &study.domains {
        add("coverage".into(), &|h: &mut DefaultHasher| {
            (&domain.id, &domain.name, domain.cards).hash(h);
            for &n in &domain.notes {
                (&corpus.notes[n].path, &corpus.notes[n].title).hash(h);
            }
            for &s in &domain.services {
                model.knowledge.services.list[s].name.hash(h);
            }
        });
    }
    hashers.into_iter().map(|(k, h)| (k, h.finish())).collect()
}

/// The numbers a service's page shows: its own counts and those of the related services
/// it lists (with their co-mention counts), of its parent and of its children.
fn numbers_shown(
    model: &Model,
    service: ServiceId,
    related: &[CoMention],
    has_page: &[bool],
    stats: &[ServiceStats],
) -> Vec<NumbersShown> {
    let data = &model.knowledge.services.list[service];
    let listed = related_shown(related, has_page).map(|r| (r.service, r.sections));
    std::iter::once((service, 0))
        .chain(listed)
        .chain(data.parent.map(|p| (p, 0)))
        .chain(data.children.iter().map(|&c| (c, 0)))
        .map(|(service, co_mentions)| NumbersShown {
            service,
            co_mentions,
            stats: stats[service.index()],
        })
        .collect()
}

/// The numbers a service's page shows about one service (itself or one it lists).
#[derive(PartialEq)]
struct NumbersShown {
    /// The service the numbers are about.
    service: ServiceId,
    /// Sections shared with the page's service (0 where no co-mention count is shown).
    co_mentions: usize,
    /// Its notes and mentions.
    stats: ServiceStats,
}

/// What a comparison table is made of (all but its slug, which the layout covers).
#[derive(PartialEq)]
struct Definition<'a> {
    title: &'a str,
    services: &'a [ServiceId],
    facets: &'a [(String, String)],
    intro: Option<&'a str>,
    category: Option<&'a str>,
}

fn definition(c: &Comparison) -> Definition<'_> {
    Definition {
        title: &c.title,
        services: &c.services,
        facets: &c.facets,
        intro: c.intro.as_deref(),
        category: c.category.as_deref(),
    }
}

/// What every page shows: the navigation (pages with their titles, kinds and parents), the
/// services that have pages, and the glossary terms; hashed.
fn layout_hash(model: &Model) -> u64 {
    let mut hasher = DefaultHasher::new();
    for page in &model.site.pages {
        (
            &page.url,
            &page.title,
            page.kind as u8,
            page.parent,
            page.weight,
        )
            .hash(&mut hasher);
    }
    let k = &model.knowledge;
    for (service, has_page) in k.services.list.iter().zip(&k.has_page) {
        (&service.name, has_page).hash(&mut hasher);
    }
    for term in &k.glossary.terms {
        // Whether a term names a service decides the link to its page.
        (&term.term, term.service).hash(&mut hasher);
    }
    hasher.finish()
}

/// What [`crate::site::SiteMap::build`] reads from the changed notes (whether they exist,
/// paths, titles, weights, whether folder pages have a title of their own) and from the
/// knowledge (services with pages, comparisons, whether there is a glossary); hashed.
fn site_inputs(model: &Model, notes: &BTreeSet<String>) -> u64 {
    let mut hasher = DefaultHasher::new();
    for path in notes {
        let note = model.corpus.notes.iter().find(|n| &n.path == path);
        note.map(|n| {
            (
                &n.path,
                &n.shown_path,
                &n.title,
                n.front_matter.weight,
                n.front_matter.title.is_some(),
                n.title_from_heading,
                n.sections.iter().any(|s| s.level > 0),
                n.is_folder_index,
                // A long note's chapter pages: where they start and their titles.
                n.chapter_starts()
                    .iter()
                    .map(|&s| (s, &n.sections[s].heading))
                    .collect::<Vec<_>>(),
            )
        })
        .hash(&mut hasher);
    }
    let k = &model.knowledge;
    for ((service, has_page), stats) in k.services.list.iter().zip(&k.has_page).zip(&k.stats) {
        let mention_pages = crate::knowledge::digest::mention_pages(stats.notes);
        (&service.name, &service.slug, has_page, mention_pages).hash(&mut hasher);
    }
    for comparison in &k.comparisons {
        (&comparison.title, &comparison.slug).hash(&mut hasher);
    }
    k.glossary.terms.is_empty().hash(&mut hasher);
    // The study pages: which notes and services have cards, the quiz, the coverage page.
    let study = &k.study;
    for note in study.notes_with_cards() {
        model.corpus.notes[note].path.hash(&mut hasher);
    }
    for service in study.services_with_cards() {
        (&k.services.list[service].name, k.has_page[service]).hash(&mut hasher);
    }
    (
        study.cards.is_empty(),
        study.quiz.is_empty(),
        study.has_coverage(),
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// The description of each of `notes` in `model` (`None` for a note that is not there).
fn descriptions(model: &Model, notes: &BTreeSet<String>) -> Vec<Option<String>> {
    notes
        .iter()
        .map(|path| {
            let note = model.corpus.notes.iter().find(|n| &n.path == path)?;
            note.front_matter.description.clone()
        })
        .collect()
}

/// The pages of `notes` in `model`, with the chapter pages of long ones.
fn pages_of(model: &Model, notes: &BTreeSet<String>) -> BTreeSet<PageId> {
    let site = &model.site;
    notes
        .iter()
        .filter_map(|path| site.page_of_note.get(path).copied())
        .flat_map(|page| {
            let chapters = site.pages[page]
                .note
                .and_then(|n| site.chapters_of(n))
                .map_or(&[][..], |c| c.pages.as_slice());
            std::iter::once(page).chain(chapters.iter().copied())
        })
        .collect()
}

/// The keys whose values differ between `before` and `after` (or that only one has).
fn changed_keys(
    before: &HashMap<ServiceId, u64>,
    after: &HashMap<ServiceId, u64>,
) -> BTreeSet<ServiceId> {
    before
        .keys()
        .chain(after.keys())
        .filter(|s| before.get(s) != after.get(s))
        .copied()
        .collect()
}

/// Per service: the notes of the sections it owns, by index and path, hashed.
fn owners(model: &Model) -> HashMap<ServiceId, u64> {
    let mut per_service: HashMap<ServiceId, DefaultHasher> = HashMap::new();
    for block in &model.knowledge.own {
        let path = &model.corpus.notes[block.note].path;
        (block.note, path).hash(per_service.entry(block.service).or_default());
    }
    per_service
        .into_iter()
        .map(|(s, h)| (s, h.finish()))
        .collect()
}

/// The ids of the changed notes that are in the model.
fn note_indexes(model: &Model, notes: &BTreeSet<String>) -> Vec<NoteId> {
    model
        .corpus
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| notes.contains(&n.path))
        .map(|(i, _)| NoteId::new(i))
        .collect()
}

/// The items of a list in note order that come from note `index`.
fn of_note<T>(list: &[T], index: NoteId, note_of: impl Fn(&T) -> NoteId) -> &[T] {
    let range: Range<usize> =
        list.partition_point(|x| note_of(x) < index)..list.partition_point(|x| note_of(x) <= index);
    &list[range]
}

/// What the changed notes contribute to service pages, per service: their mentions (each
/// one's section, as the list of sections that name it shows it), the markdown of each
/// section whose heading names the service (its lead, and the heading that ranks it), the
/// blocks it owns, and their facts. A service page (and its mention pages) is re-rendered only when this
/// differs before and after the change: an edit elsewhere in a section that names the
/// service changes nothing they show.
#[expect(
    clippy::string_slice,
    reason = "section ranges are heading offsets from the markdown parser"
)]
fn contributions(model: &Model, notes: &BTreeSet<String>) -> HashMap<ServiceId, u64> {
    let mut per_service: HashMap<ServiceId, DefaultHasher> = HashMap::new();
    let k = &model.knowledge;
    for i in note_indexes(model, notes) {
        let note = &model.corpus.notes[i];
        // Whether a list opening a section is an agenda depends on the note's headings.
        let headings: Vec<(&str, u8)> = (note.sections.iter())
            .map(|s| (s.heading.as_str(), s.level))
            .collect();
        for m in k.mentions_in(i) {
            let h = per_service.entry(m.service).or_default();
            let section = &note.sections[m.section];
            let anchor = note.anchor(m.section);
            (&note.path, m.section, &section.heading, anchor).hash(h);
            if m.in_heading {
                // A section whose heading names the service may be shown by its lead.
                (&note.markdown[section.range.clone()], &headings).hash(h);
            }
        }
        for block in of_note(&k.own, i, |b| b.note) {
            (&note.path, &block.sections).hash(per_service.entry(block.service).or_default());
        }
        for fact in of_note(&k.facts, i, |f| f.note) {
            (&note.path, &fact.key, &fact.value).hash(per_service.entry(fact.service).or_default());
        }
    }
    per_service
        .into_iter()
        .map(|(s, h)| (s, h.finish()))
        .collect()
}

/// The facts and glossary definitions that come from the changed notes, as pages show them.
struct Tables {
    /// Facts, in note order.
    facts: Vec<ShownFact>,
    /// Glossary definitions, in note order.
    glossary: Vec<ShownDefinition>,
}

/// A fact as the service page and the comparison tables show it.
#[derive(Clone, PartialEq)]
struct ShownFact {
    service: ServiceId,
    key: String,
    value: String,
    /// The anchor of the fact's section, which its source link points to.
    anchor: Option<String>,
}

/// A glossary definition as the glossary shows it.
#[derive(PartialEq)]
struct ShownDefinition {
    term: String,
    definition: String,
}

/// Facts and glossary definitions that come from the changed notes.
fn tables(model: &Model, notes: &BTreeSet<String>) -> Tables {
    let k = &model.knowledge;
    let (mut facts, mut glossary) = (Vec::new(), Vec::new());
    for i in note_indexes(model, notes) {
        let note = &model.corpus.notes[i];
        facts.extend(of_note(&k.facts, i, |f| f.note).iter().map(|f| ShownFact {
            service: f.service,
            key: f.key.clone(),
            value: f.value.clone(),
            anchor: note.anchor(f.section).map(str::to_string),
        }));
        glossary.extend(of_note(&k.glossary_entries, i, |g| g.note).iter().map(|g| {
            ShownDefinition {
                term: g.term.clone(),
                definition: g.definition.clone(),
            }
        }));
    }
    Tables { facts, glossary }
}
