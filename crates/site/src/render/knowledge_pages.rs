//! Views of the knowledge for templates: a service's page, the services index, comparison
//! tables, the glossary, the home overview and a note's "services in this note".
//!
//! Input: the knowledge, the site map and the page the view is for. Output: plain
//! serializable structs whose links are relative to that page.

use crate::content::Corpus;
use crate::ids::{NoteId, PageId, ServiceId};
use crate::knowledge::facts::Fact;
use crate::knowledge::graph::CoMention;
use crate::knowledge::{Knowledge, ServiceStats};
use crate::site::urls::relative_url;
use crate::site::SiteMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A service named somewhere, linked when it has a page.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceLink {
    /// Canonical name.
    pub name: String,
    /// Relative link to its page (none when the notes never name it).
    pub href: Option<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Category.
    pub category: String,
    /// Id of the category's group on the services index (`category-generative-ai`).
    pub category_id: String,
    /// Notes that mention it.
    pub notes: usize,
    /// Mentions in all notes.
    pub mentions: usize,
}

/// A value with the section it came from.
#[derive(Debug, Clone, Serialize)]
pub struct SourcedText {
    /// The text.
    pub text: String,
    /// Title of the source note.
    pub source: String,
    /// Relative link to the source section.
    pub href: String,
}

/// A related service with its co-mention count.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// The service.
    pub service: ServiceLink,
    /// Sections mentioning both.
    pub count: usize,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct TitledLink {
    /// Text.
    pub title: String,
    /// Relative URL.
    pub href: String,
}

/// A group of services under a heading (a letter or a category).
#[derive(Debug, Clone, Serialize)]
pub struct ServiceGroup {
    /// Letter or category name.
    pub name: String,
    /// Id for in-page links.
    pub id: String,
    /// Services in the group.
    pub services: Vec<ServiceLink>,
    /// The group's comparison table, for categories that have one.
    pub compare_href: Option<String>,
}

/// The services index.
#[derive(Debug, Clone, Serialize)]
pub struct ServicesView {
    /// Services with pages.
    pub total: usize,
    /// A–Z.
    pub letters: Vec<ServiceGroup>,
    /// By category.
    pub categories: Vec<ServiceGroup>,
    /// Services found in headings but not in the catalog.
    pub uncatalogued: Vec<ServiceLink>,
    /// The compare picker's data script, relative to the page.
    pub compare_data: Option<String>,
}

/// One cell of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Values from the notes (empty when the notes say nothing): at most
    /// [`CELL_VALUES`] different ones, those most notes state first.
    pub values: Vec<SourcedText>,
    /// How many more statements of this fact the notes make (on the service's page).
    pub more: usize,
    /// The facts on the service's page, when there are more.
    pub more_href: Option<String>,
}

/// The most values a comparison cell (or a cell of the compare picker) shows. A large
/// site states a fact of a service in hundreds of notes; a table cell listing them all
/// compares nothing. The service's own page keeps every one.
pub const CELL_VALUES: usize = 5;

/// A fact as the compare picker shows it: a comparison cell ([`Views::cell`]).
#[derive(Debug, Serialize)]
struct CompareFact<'a> {
    key: &'a str,
    #[serde(flatten)]
    cell: Cell,
}

/// One row of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// The service.
    pub service: ServiceLink,
    /// Cells, one per facet.
    pub cells: Vec<Cell>,
}

/// A comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Introduction.
    pub intro: Option<String>,
    /// Column headings (facet keys).
    pub facets: Vec<String>,
    /// Rows.
    pub rows: Vec<ComparisonRow>,
    /// The category, for per-category tables.
    pub category: Option<String>,
    /// Services of the category that state none of the columns' facts.
    pub others: Vec<ServiceLink>,
    /// Few services: they are the columns and the facts the rows.
    pub services_as_columns: bool,
}

/// At most this many services are shown as columns (facts as rows); more are rows.
const SERVICES_AS_COLUMNS: usize = 4;

/// A comparison in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonEntry {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
    /// The services compared.
    pub services: Vec<String>,
    /// Whether it is a per-category table.
    pub by_category: bool,
}

/// A glossary term with its definitions.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// The term.
    pub term: String,
    /// Id on the page.
    pub id: String,
    /// The definition from `glossary.toml`, shown first.
    pub declared: Option<String>,
    /// Other names of the term (from `glossary.toml`).
    pub aliases: Vec<String>,
    /// Definitions with sources.
    pub definitions: Vec<SourcedText>,
    /// The page of the service the term names, when it has one.
    pub service: Option<TitledLink>,
}

/// The home page's overview of the whole site.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Notes in the site.
    pub notes: usize,
    /// Services with pages.
    pub services: usize,
    /// Mentions found.
    pub mentions: usize,
    /// Services by category.
    pub categories: Vec<ServiceGroup>,
    /// Comparison tables.
    pub comparisons: Vec<ComparisonEntry>,
    /// Glossary terms.
    pub glossary_terms: usize,
    /// Links to the generated index pages.
    pub services_href: Option<String>,
    /// Link to the comparisons.
    pub compare_href: Option<String>,
    /// Link to the glossary.
    pub glossary_href: Option<String>,
}

/// Builds views for the page at `url`.
pub struct Views<'a> {
    /// Site pages.
    pub site: &'a SiteMap,
    /// Notes.
    pub corpus: &'a Corpus,
    /// Knowledge.
    pub knowledge: &'a Knowledge,
    /// The page the views are for.
    pub url: &'a str,
    /// What HTML written in notes becomes, in the sections gathered onto the page.
    pub raw_html: crate::config::RawHtml,
}

impl Views<'_> {
    pub(super) fn href(&self, page: PageId) -> String {
        relative_url(self.url, &self.site.pages[page].url)
    }

    /// A link to a service, with its counts.
    pub fn service_link(&self, service: ServiceId) -> ServiceLink {
        let data = &self.knowledge.services.list[service];
        let ServiceStats { notes, mentions } = self.knowledge.stats[service];
        ServiceLink {
            name: data.name.clone(),
            href: self
                .site
                .page_of_service
                .get(&service)
                .map(|&p| self.href(p)),
            summary: data.summary.clone(),
            category: data.category.clone(),
            category_id: format!("category-{}", crate::content::slug::slugify(&data.category)),
            notes,
            mentions,
        }
    }

    /// Link to a section of a note (`page#id`).
    pub(super) fn section_href(&self, note: NoteId, section: usize) -> String {
        relative_url(self.url, &self.site.section_url(self.corpus, note, section))
    }

    pub(super) fn sourced(&self, text: &str, note: NoteId, section: usize) -> SourcedText {
        SourcedText {
            text: text.to_string(),
            source: self.corpus.notes[note].title.clone(),
            href: self.section_href(note, section),
        }
    }

    /// The facts `facts` as a comparison cell: identical values (ignoring case and
    /// spacing) merged, the most often stated first (ties in note order), at most
    /// [`CELL_VALUES`] of them, with a link to the rest on the service's page.
    pub fn cell<'f>(&self, service: ServiceId, facts: impl Iterator<Item = &'f Fact>) -> Cell {
        let mut total = 0;
        let mut distinct: Vec<(usize, &Fact)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for fact in facts {
            total += 1;
            let key = fact
                .value
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            match index.get(&key) {
                Some(&i) => distinct[i].0 += 1,
                None => {
                    index.insert(key, distinct.len());
                    distinct.push((1, fact));
                }
            }
        }
        // A stable sort: ties keep note order.
        distinct.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
        distinct.truncate(CELL_VALUES);
        let more = total - distinct.iter().map(|(n, _)| n).sum::<usize>();
        let more_href = (more > 0)
            .then(|| self.site.page_of_service.get(&service))
            .flatten()
            .map(|&p| format!("{}#facts", self.href(p)));
        Cell {
            values: distinct
                .into_iter()
                .map(|(_, f)| self.sourced(&f.value, f.note, f.section))
                .collect(),
            more,
            more_href,
        }
    }

    pub(super) fn note_href(&self, note: NoteId) -> String {
        self.href(self.site.page_of_note[&self.corpus.notes[note].path])
    }

    /// The facts of `service` for the compare picker, as comparison cells, in the order
    /// their keys first appear.
    fn compare_facts(&self, service: ServiceId) -> Vec<CompareFact<'_>> {
        // The service's facts grouped by key, keys in order of first appearance.
        let mut groups: Vec<Vec<&Fact>> = Vec::new();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for fact in self.knowledge.facts_of(service) {
            match group_of.get(fact.key_id.as_str()) {
                Some(&group) => groups[group].push(fact),
                None => {
                    group_of.insert(&fact.key_id, groups.len());
                    groups.push(vec![fact]);
                }
            }
        }
        groups
            .into_iter()
            .map(|facts| CompareFact {
                key: &facts[0].key,
                cell: self.cell(service, facts.into_iter()),
            })
            .collect()
    }

    /// The services index.
    pub fn services(&self) -> ServicesView {
        let mut with_pages: Vec<ServiceId> = ServiceId::all(self.knowledge.services.list.len())
            .filter(|&s| self.knowledge.has_page[s])
            .collect();
        with_pages
            .sort_by_key(|&s| sort_name(&self.knowledge.services.list[s].name).to_lowercase());
        let links: Vec<ServiceLink> = with_pages.iter().map(|&s| self.service_link(s)).collect();
        let mut letters: BTreeMap<String, Vec<ServiceLink>> = BTreeMap::new();
        for link in &links {
            let key = sort_name(&link.name)
                .chars()
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default();
            letters.entry(key).or_default().push(link.clone());
        }
        ServicesView {
            compare_data: self
                .site
                .compare_data_url()
                .map(|data| relative_url(self.url, &data)),
            total: links.len(),
            letters: letters
                .into_iter()
                .map(|(name, services)| ServiceGroup {
                    id: format!("letter-{}", name.to_lowercase()),
                    name,
                    services,
                    compare_href: None,
                })
                .collect(),
            categories: self.categories(),
            uncatalogued: with_pages
                .iter()
                .filter(|&&s| !self.knowledge.services.list[s].catalogued)
                .map(|&s| self.service_link(s))
                .collect(),
        }
    }

    fn categories(&self) -> Vec<ServiceGroup> {
        let mut by_category: BTreeMap<String, Vec<ServiceLink>> = BTreeMap::new();
        for (index, service) in self.knowledge.services.list.iter().enumerate() {
            let index = ServiceId::new(index);
            if self.knowledge.has_page[index] {
                by_category
                    .entry(service.category.clone())
                    .or_default()
                    .push(self.service_link(index));
            }
        }
        by_category
            .into_iter()
            .map(|(name, mut services)| {
                services.sort_by_key(|s| s.name.to_lowercase());
                let compare_href = self
                    .knowledge
                    .comparisons
                    .iter()
                    .position(|c| c.category.as_deref() == Some(&name))
                    .map(|i| self.href(self.site.page_of_comparison[&i]));
                ServiceGroup {
                    id: format!("category-{}", crate::content::slug::slugify(&name)),
                    name,
                    services,
                    compare_href,
                }
            })
            .collect()
    }

    /// A comparison table.
    pub fn comparison(&self, index: usize) -> ComparisonView {
        let comparison = &self.knowledge.comparisons[index];
        let rows = comparison
            .services
            .iter()
            .map(|&service| ComparisonRow {
                service: self.service_link(service),
                cells: comparison
                    .facets
                    .iter()
                    .map(|(_, id)| {
                        self.cell(
                            service,
                            self.knowledge.facts_of(service).filter(|f| &f.key_id == id),
                        )
                    })
                    .collect(),
            })
            .collect();
        ComparisonView {
            intro: comparison.intro.clone(),
            facets: comparison
                .facets
                .iter()
                .map(|(shown, _)| shown.clone())
                .collect(),
            services_as_columns: comparison.services.len() <= SERVICES_AS_COLUMNS,
            rows,
            category: comparison.category.clone(),
            others: comparison
                .others
                .iter()
                .map(|&s| self.service_link(s))
                .collect(),
        }
    }

    /// All comparisons, declared first.
    pub fn comparisons(&self) -> Vec<ComparisonEntry> {
        self.knowledge
            .comparisons
            .iter()
            .enumerate()
            .map(|(i, c)| ComparisonEntry {
                title: c.title.clone(),
                href: self.href(self.site.page_of_comparison[&i]),
                services: c
                    .services
                    .iter()
                    .map(|&s| self.knowledge.services.list[s].name.clone())
                    .collect(),
                by_category: c.category.is_some(),
            })
            .collect()
    }

    /// The glossary, A–Z.
    pub fn glossary(&self) -> Vec<TermView> {
        self.knowledge
            .glossary
            .terms
            .iter()
            .map(|term| TermView {
                term: term.term.clone(),
                id: term.slug.clone(),
                declared: term.declared.clone(),
                aliases: term.aliases.clone(),
                definitions: term
                    .entries
                    .iter()
                    .map(|&e| &self.knowledge.glossary_entries[e])
                    .map(|e| self.sourced(&e.definition, e.note, e.section))
                    .collect(),
                service: term.service.and_then(|service| {
                    let page = *self.site.page_of_service.get(&service)?;
                    Some(TitledLink {
                        title: self.knowledge.services.list[service].name.clone(),
                        href: self.href(page),
                    })
                }),
            })
            .collect()
    }

    /// The home page overview.
    pub fn overview(&self) -> Overview {
        let special = &self.site.special;
        Overview {
            notes: self.corpus.notes.len(),
            services: self.knowledge.has_page.iter().filter(|&&p| p).count(),
            mentions: self.knowledge.mentions.len(),
            categories: self.categories(),
            comparisons: self.comparisons(),
            glossary_terms: self.knowledge.glossary.terms.len(),
            services_href: special.services.map(|p| self.href(p)),
            compare_href: special.comparisons.map(|p| self.href(p)),
            glossary_href: special.glossary.map(|p| self.href(p)),
        }
    }

    /// The data of the services index's compare picker, as a script that registers it
    /// (`window.NotesiteCompareData`), so it loads from `file://` with a `<script>` tag.
    pub fn compare_data_script(&self) -> String {
        #[derive(Serialize)]
        struct Entry<'a> {
            name: &'a str,
            href: Option<String>,
            category: &'a str,
            summary: Option<&'a str>,
            facts: Vec<CompareFact<'a>>,
        }

        let services: Vec<Entry> = ServiceId::all(self.knowledge.services.list.len())
            .filter(|&s| self.knowledge.has_page[s])
            .map(|s| {
                let data = &self.knowledge.services.list[s];
                Entry {
                    name: &data.name,
                    href: self.site.page_of_service.get(&s).map(|&p| self.href(p)),
                    category: &data.category,
                    summary: data.summary.as_deref(),
                    facts: self.compare_facts(s),
                }
            })
            .collect();
        let json = serde_json::to_string(&serde_json::json!({ "services": services }))
            .expect("plain data serializes");
        // `</script>` inside a string would end the script early when inlined; escape `<` everywhere.
        format!(
            "/* Compare picker data, generated by notesite. */\nwindow.NotesiteCompareData = {};\n",
            json.replace('<', "\\u003c")
        )
    }

    /// Services a note mentions, most mentioned first.
    pub fn note_services(&self, note: NoteId) -> Vec<ServiceLink> {
        let mut counts: BTreeMap<ServiceId, usize> = BTreeMap::new();
        for m in self.knowledge.mentions_in(note) {
            *counts.entry(m.service).or_default() += 1;
        }
        let mut services: Vec<(ServiceId, usize)> = counts
            .into_iter()
            .filter(|(s, _)| self.knowledge.has_page[*s])
            .collect();
        services.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        services
            .into_iter()
            .map(|(s, count)| ServiceLink {
                mentions: count,
                ..self.service_link(s)
            })
            .collect()
    }
}

/// Related services a service's page lists at most.
pub const RELATED_SHOWN: usize = 8;

/// The related services a service's page lists, with their co-mention counts: from
/// `related` (the service's, most related first), those with a page, at most
/// [`RELATED_SHOWN`]. `serve` asks the same to tell whether the page changed.
pub fn related_shown<'a>(
    related: &'a [CoMention],
    has_page: &'a [bool],
) -> impl Iterator<Item = &'a CoMention> + 'a {
    related
        .iter()
        .filter(|r| has_page[r.service])
        .take(RELATED_SHOWN)
}

/// A service name without its `Amazon `/`AWS ` prefix, for A–Z grouping.
fn sort_name(name: &str) -> &str {
    name.strip_prefix("Amazon ")
        .or_else(|| name.strip_prefix("AWS "))
        .unwrap_or(name)
}
