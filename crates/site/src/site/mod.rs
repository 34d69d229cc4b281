//! The site model: every page to write, as plain data, with its place in the navigation.
//!
//! Input: the [`Corpus`]. Output: a [`SiteMap`]: pages (home, folder sections, notes, 404)
//! with root-relative URLs, parents and children in reading order, and the lookups that
//! resolve a note's relative links (`../other.md#section`) to pages.

pub mod chapters;
mod claims;
pub mod kinds;
mod titles;
pub mod urls;

use crate::content::slug::{slugify, slugify_keeping_underscores};
use crate::content::{Corpus, NoteKind};
use crate::diagnostics::Diagnostic;
use crate::ids::{NoteId, PageId, ServiceId};
use crate::knowledge::{digest, Knowledge};
use claims::{Claimant, UrlClaims};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// The home page (the content folder itself).
    Index,
    /// A folder of notes.
    Section,
    /// One note.
    Note,
    /// The page shown for a missing URL.
    NotFound,
    /// All services, A–Z and by category.
    Services,
    /// One service: everything the notes say about it.
    Service,
    /// One page of the list of every place the notes name a service (sites where more
    /// notes name it than its page lists).
    ServiceMentions,
    /// The list of comparison tables.
    Comparisons,
    /// One comparison table.
    Comparison,
    /// Terms defined in the notes.
    Glossary,
    /// Full search results.
    Search,
    /// Flash cards: the whole site's, a note's or a service's (see [`StudyScope`]).
    StudyDeck,
    /// The multiple-choice quiz.
    StudyQuiz,
    /// Exam coverage: per exam domain, the notes, services and cards that cover it.
    StudyCoverage,
    /// A further page of the list of what a large folder holds (`page-2/`, ...): a folder
    /// page lists [`LISTING_PAGE_SIZE`] pages at most.
    FolderPage,
}

/// Which cards a study page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum StudyScope {
    /// Every card of the site (the deck, the quiz, the coverage page).
    Site,
    /// The cards from one note.
    Note(NoteId),
    /// The cards about one service or from its own sections.
    Service(ServiceId),
}

/// How many pages a folder's page (and each of its further pages) lists: with every note
/// of a 10,000-note folder, its page was 3.9 MB, and `serve` wrote it again on every save.
pub const LISTING_PAGE_SIZE: usize = 200;

/// One page of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// What the page shows.
    pub kind: PageKind,
    /// URL relative to the site root (`generative-ai/bedrock/index.html`).
    pub url: String,
    /// Title shown in navigation and the page heading.
    pub title: String,
    /// The note shown (for folders: their `_index.md`).
    pub note: Option<NoteId>,
    /// The folder this page stands for, relative to `content/` (`""` for home).
    pub folder: Option<String>,
    /// The section page that holds this page.
    pub parent: Option<PageId>,
    /// Pages inside this section, in reading order.
    pub children: Vec<PageId>,
    /// Sort key among siblings (front matter `weight`, default 0).
    pub weight: i64,
    /// The service shown.
    pub service: Option<ServiceId>,
    /// The comparison shown (index into `Knowledge::comparisons`).
    pub comparison: Option<usize>,
    /// For a page of a service's mentions: which one, from 1.
    pub mention_page: Option<usize>,
    /// For a chapter page of a long note: which chapter (0-based; see [`chapters`]).
    pub chapter: Option<usize>,
    /// For a study page: whose cards it holds.
    pub study: Option<StudyScope>,
    /// For a further page of a folder's list ([`PageKind::FolderPage`]): which one, from 2.
    pub listing_page: Option<usize>,
}

impl Page {
    /// A page of `kind` at `url` under `parent`, with nothing else set (weight 0): the other
    /// fields are set by struct update where a page has them.
    fn new(kind: PageKind, url: String, title: String, parent: Option<PageId>) -> Page {
        Page {
            kind,
            url,
            title,
            note: None,
            folder: None,
            parent,
            children: Vec::new(),
            weight: 0,
            service: None,
            comparison: None,
            mention_page: None,
            chapter: None,
            study: None,
            listing_page: None,
        }
    }
}

/// All pages and the lookups between notes and pages.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMap {
    /// Every page; the home page is first.
    pub pages: Vec<Page>,
    /// Note path (relative to `content/`) → page.
    pub page_of_note: HashMap<String, PageId>,
    /// Folder path (relative to `content/`) → its section page.
    pub page_of_folder: HashMap<String, PageId>,
    /// Pages in reading order (depth-first through the navigation), for previous/next.
    pub reading_order: Vec<PageId>,
    /// Files under `content/` that are copied as they are (relative paths).
    pub files: std::collections::HashSet<String>,
    /// Note title or file name, lower-cased → page, for `[[wiki-links]]` (the first note
    /// when several have it).
    pub page_of_title: HashMap<String, PageId>,
    /// Titles and file names that several notes share → all their pages, so a wiki-link
    /// using one can be reported as ambiguous.
    pub shared_titles: HashMap<String, Vec<PageId>>,
    /// Service → its page.
    pub page_of_service: HashMap<ServiceId, PageId>,
    /// Comparison → its page.
    pub page_of_comparison: HashMap<usize, PageId>,
    /// The generated pages: services index, comparisons index, glossary (when they exist).
    pub special: SpecialPages,
    /// Notes shown as chapter sets → their chapter pages.
    pub chapters: HashMap<NoteId, chapters::Chapters>,
    /// Notes with cards → their study page.
    pub study_of_note: HashMap<NoteId, PageId>,
    /// Services with pages and cards → their study page.
    pub study_of_service: HashMap<ServiceId, PageId>,
    /// A folder's page (or the home page) whose list is split → its further pages
    /// ([`PageKind::FolderPage`]), page 2 first.
    pub listings: HashMap<PageId, Vec<PageId>>,
    /// Page → its position in `reading_order`.
    position: Vec<Option<usize>>,
}

/// The generated index pages, when the site has them. Each has its usual URL
/// (`services/index.html`, ...) unless a note or folder took it first: then it moves
/// (`services-2/index.html`), and everything that refers to it must ask the site map.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SpecialPages {
    /// The services index, usually `services/index.html`.
    pub services: Option<PageId>,
    /// The comparisons index, usually `compare/index.html`.
    pub comparisons: Option<PageId>,
    /// The glossary, usually `glossary/index.html`.
    pub glossary: Option<PageId>,
    /// The search results page, usually `search/index.html`.
    pub search: Option<PageId>,
    /// The whole site's deck of cards, usually `study/index.html` (when there are cards).
    pub study: Option<PageId>,
    /// The quiz, usually `study/quiz/index.html`.
    pub quiz: Option<PageId>,
    /// The exam coverage page, usually `study/coverage/index.html`.
    pub coverage: Option<PageId>,
}

/// The home page: the first of [`SiteMap::pages`].
pub const HOME: PageId = PageId::new(0);

impl SiteMap {
    /// Lay out the pages of `corpus`; URL clashes are renamed, with a warning put in
    /// `warnings`.
    pub fn build(
        corpus: &Corpus,
        knowledge: &Knowledge,
        warnings: &mut Vec<Diagnostic>,
    ) -> SiteMap {
        Builder::default().build(corpus, knowledge, warnings)
    }

    /// The page after and before `page` in reading order.
    pub fn neighbours(&self, page: PageId) -> (Option<PageId>, Option<PageId>) {
        let Some(position) = self.position.get(page.index()).copied().flatten() else {
            return (None, None);
        };
        let prev = position.checked_sub(1).map(|i| self.reading_order[i]);
        let next = self.reading_order.get(position + 1).copied();
        (prev, next)
    }

    /// The pages of a folder's list `page` shows: all of its children, or for a folder
    /// whose list is split, the part on this page (a [`PageKind::FolderPage`] shows a part
    /// of its parent's).
    pub fn listed(&self, page: PageId) -> &[PageId] {
        let data = &self.pages[page];
        let (folder, number) = match (data.kind, data.parent) {
            (PageKind::FolderPage, Some(parent)) => (parent, data.listing_page.unwrap_or(1)),
            _ => (page, 1),
        };
        let all = &self.pages[folder].children;
        if !self.listings.contains_key(&folder) {
            return all;
        }
        let start = ((number - 1) * LISTING_PAGE_SIZE).min(all.len());
        &all[start..(start + LISTING_PAGE_SIZE).min(all.len())]
    }

    /// The pages of the list `page` belongs to, in order (the folder's own page first),
    /// and which of them `page` is (0-based); `None` when its list is not split.
    pub fn listing_of(&self, page: PageId) -> Option<(Vec<PageId>, usize)> {
        let data = &self.pages[page];
        let (folder, at) = match (data.kind, data.parent) {
            (PageKind::FolderPage, Some(parent)) => (parent, data.listing_page? - 1),
            _ => (page, 0),
        };
        let further = self.listings.get(&folder)?;
        Some((
            std::iter::once(folder)
                .chain(further.iter().copied())
                .collect(),
            at,
        ))
    }

    /// Ancestors of a page from home down, excluding the page itself.
    pub fn ancestors(&self, page: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[page].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.pages[p].parent;
        }
        chain.reverse();
        chain
    }

    /// The compare picker's data file, beside the services index wherever that is.
    pub fn compare_data_url(&self) -> Option<String> {
        let index = &self.pages[self.special.services?].url;
        Some(format!(
            "{}compare-data.js",
            index.trim_end_matches("index.html")
        ))
    }

    /// Files of `content/` that would be copied over a page of the site: (file, page).
    pub fn files_over_pages(&self) -> Vec<(&str, PageId)> {
        let mut clashes: Vec<(&str, PageId)> = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, page)| {
                Some((self.files.get(page.url.as_str())?.as_str(), PageId::new(i)))
            })
            .collect();
        clashes.sort_unstable();
        clashes
    }

    /// What a page is, as a message names it (`the services index`, `the page of note ...`).
    pub fn describe(&self, page: PageId, corpus: &Corpus) -> String {
        let data = &self.pages[page];
        match (data.kind, data.note) {
            (_, Some(note)) => format!("the page of {}", corpus.notes[note].shown_path.display()),
            (PageKind::Index, None) => "the home page".into(),
            (PageKind::Section, None) => format!(
                "the page of the folder {}/",
                data.folder.as_deref().unwrap_or("")
            ),
            (PageKind::Note, None) => format!("the page “{}”", data.title),
            (PageKind::NotFound, None) => "the page shown for missing URLs".into(),
            (PageKind::Services, None) => "the services index".into(),
            (PageKind::Service, None) => format!("the page of {}", data.title),
            (PageKind::ServiceMentions, None) => format!("the page “{}”", data.title),
            (PageKind::FolderPage, None) => format!("the page “{}”", data.title),
            (PageKind::Comparisons, None) => "the comparisons index".into(),
            (PageKind::Comparison, None) => format!("the comparison “{}”", data.title),
            (PageKind::Glossary, None) => "the glossary".into(),
            (PageKind::Search, None) => "the search results page".into(),
            (PageKind::StudyDeck | PageKind::StudyQuiz | PageKind::StudyCoverage, None) => {
                format!("the study page “{}”", data.title)
            }
        }
    }

    /// Resolve a link written in the note at `note_path` to a root-relative URL.
    ///
    /// `link` is the path part only (no `#fragment`), relative to the note's folder.
    /// Returns the page when it is a page, and the URL.
    pub fn resolve(&self, note_path: &str, link: &str) -> Option<(Option<PageId>, String)> {
        let folder = note_path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let decoded = urls::percent_decode(link);
        let target = urls::join(folder, &decoded)?;
        let trimmed = target.trim_end_matches('/');
        let page = self
            .page_of_note
            .get(trimmed)
            .or_else(|| {
                NoteKind::all_extensions()
                    .find_map(|ext| self.page_of_note.get(&format!("{trimmed}.{ext}")))
            })
            .or_else(|| self.page_of_folder.get(trimmed));
        if let Some(&page) = page {
            return Some((Some(page), self.pages[page].url.clone()));
        }
        if self.files.contains(trimmed) {
            return Some((None, trimmed.to_string()));
        }
        self.resolve_html_form(trimmed)
            .map(|page| (Some(page), self.pages[page].url.clone()))
    }

    /// A link written for the published form of a book (mdBook, GitHub Pages): `topic.html`
    /// is the note `topic.md`, `folder/index.html` the folder's page.
    fn resolve_html_form(&self, target: &str) -> Option<PageId> {
        let stem = target
            .strip_suffix(".html")
            .or_else(|| target.strip_suffix(".htm"))?;
        let note = NoteKind::all_extensions()
            .find_map(|ext| self.page_of_note.get(&format!("{stem}.{ext}")));
        let folder = || match stem.rsplit_once('/') {
            Some((folder, "index")) => self.page_of_folder.get(folder),
            None if stem == "index" => self.page_of_folder.get(""),
            _ => None,
        };
        note.or_else(folder).copied()
    }
}

#[derive(Default)]
struct Builder {
    pages: Vec<Page>,
    page_of_note: HashMap<String, PageId>,
    page_of_folder: HashMap<String, PageId>,
    /// Who has each URL.
    claims: UrlClaims,
    /// Folder (relative to `content/`) → its path as shown in messages.
    shown_folders: HashMap<String, PathBuf>,
}

impl Builder {
    fn build(
        mut self,
        corpus: &Corpus,
        knowledge: &Knowledge,
        warnings: &mut Vec<Diagnostic>,
    ) -> SiteMap {
        self.shown_folders = claims::shown_folders(corpus);
        self.folder_page("");
        let folder_indexes = folder_index_notes(corpus);
        for (folder, &note) in &folder_indexes {
            let page = self.folder_page(folder);
            self.attach_folder_note(corpus, page, note);
        }
        for (index, note) in corpus.notes.iter().enumerate() {
            let index = NoteId::new(index);
            if folder_indexes.values().any(|&n| n == index) {
                continue;
            }
            let folder = note
                .path
                .rsplit_once('/')
                .map_or("", |(f, _)| f)
                .to_string();
            let parent = self.folder_page(&folder);
            let stem = note.path.rsplit('/').next().unwrap_or(&note.path);
            let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
            let slug = Some(slugify(stem))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "note".into());
            let prefix = self.folder_url_prefix(parent);
            let mut wanted = format!("{prefix}{slug}/index.html");
            // `privacy_policy.md` beside `privacy-policy.md`: keep the underscore, so each
            // name has its own readable URL rather than a numbered one.
            let underscored = slugify_keeping_underscores(stem);
            if self.claims.is_taken(&wanted) && underscored != slug && !underscored.is_empty() {
                wanted = format!("{prefix}{underscored}/index.html");
            }
            let url = self.unique_url(wanted, Claimant::Note(note.shown_path.clone()));
            let page = self.push(Page {
                note: Some(index),
                weight: note.front_matter.weight.unwrap_or(0),
                ..Page::new(PageKind::Note, url, note.title.clone(), Some(parent))
            });
            self.page_of_note.insert(note.path.clone(), page);
        }
        self.sort_children();
        // After sorting: a note's chapters stay in the note's order.
        let chapters = self.chapter_pages(corpus);
        let listings = self.folder_pages();
        let mut page_of_service = HashMap::new();
        let mut page_of_comparison = HashMap::new();
        let mut special =
            self.knowledge_pages(knowledge, &mut page_of_service, &mut page_of_comparison);
        special.search = Some(self.search_page());
        let (study_of_note, study_of_service) = self.study_pages(corpus, knowledge, &mut special);
        let mut reading_order = Vec::new();
        walk(&self.pages, HOME, &mut reading_order);
        let mut position = vec![None; self.pages.len() + 1];
        for (i, &page) in reading_order.iter().enumerate() {
            position[page.index()] = Some(i);
        }
        self.push(Page::new(
            PageKind::NotFound,
            "404.html".into(),
            "Page not found".into(),
            None,
        ));
        let titles::TitleLookup {
            page_of_title,
            shared_titles,
        } = titles::title_lookup(corpus, &self.page_of_note);
        let map = SiteMap {
            pages: self.pages,
            page_of_note: self.page_of_note,
            page_of_folder: self.page_of_folder,
            reading_order,
            files: corpus.files.iter().cloned().collect(),
            page_of_title,
            shared_titles,
            page_of_service,
            page_of_comparison,
            special,
            chapters,
            study_of_note,
            study_of_service,
            listings,
            position,
        };
        warnings.extend(self.claims.diagnostics);
        map
    }

    /// The further pages of every folder (and of home) that holds more than
    /// [`LISTING_PAGE_SIZE`] pages: `page-2/index.html`, ... beside its page. They are not
    /// its children (neither in the navigation nor in the reading order); each names the
    /// folder as its parent, for breadcrumbs.
    fn folder_pages(&mut self) -> HashMap<PageId, Vec<PageId>> {
        let mut all = HashMap::new();
        for folder in PageId::all(self.pages.len()) {
            let data = &self.pages[folder];
            let count = data.children.len();
            if !matches!(data.kind, PageKind::Section | PageKind::Index)
                || count <= LISTING_PAGE_SIZE
            {
                continue;
            }
            let prefix = self.folder_url_prefix(folder);
            let title = data.title.clone();
            let shown = match data.folder.as_deref() {
                Some("") | None => "the home page".to_string(),
                Some(f) => format!("the folder {f}/"),
            };
            let mut pages = Vec::new();
            for number in 2..=count.div_ceil(LISTING_PAGE_SIZE) {
                let url = self.generated_url(
                    &format!("{prefix}page-{number}/index.html"),
                    format!("page {number} of the list of {shown}"),
                );
                let page = PageId::new(self.pages.len());
                self.pages.push(Page {
                    listing_page: Some(number),
                    ..Page::new(
                        PageKind::FolderPage,
                        url,
                        format!("{title}, page {number}"),
                        Some(folder),
                    )
                });
                pages.push(page);
            }
            all.insert(folder, pages);
        }
        all
    }

    /// The chapter pages of every long note, under the note's page (see [`chapters`]).
    fn chapter_pages(&mut self, corpus: &Corpus) -> HashMap<NoteId, chapters::Chapters> {
        let mut all = HashMap::new();
        for (index, note) in corpus.notes.iter().enumerate() {
            let Some(&page) = self.page_of_note.get(&note.path) else {
                continue;
            };
            if self.pages[page].kind != PageKind::Note {
                continue;
            }
            let starts = note.chapter_starts();
            if starts.is_empty() {
                continue;
            }
            let prefix = self.folder_url_prefix(page);
            let mut pages = Vec::with_capacity(starts.len());
            for (chapter, &section) in starts.iter().enumerate() {
                let url = self.unique_url(
                    format!("{prefix}part-{}/index.html", chapter + 1),
                    Claimant::Note(note.shown_path.clone()),
                );
                let title = match note.sections[section].heading.trim() {
                    "" => format!("Part {}", chapter + 1),
                    heading => heading.to_string(),
                };
                pages.push(self.push(Page {
                    note: Some(NoteId::new(index)),
                    chapter: Some(chapter),
                    ..Page::new(PageKind::Note, url, title, Some(page))
                }));
            }
            all.insert(NoteId::new(index), chapters::Chapters { starts, pages });
        }
        all
    }

    /// The section page of `folder`, created with its ancestors when missing.
    fn folder_page(&mut self, folder: &str) -> PageId {
        if let Some(&page) = self.page_of_folder.get(folder) {
            return page;
        }
        let (parent, url) = match folder.rsplit_once('/') {
            _ if folder.is_empty() => (None, "index.html".to_string()),
            Some((up, name)) => {
                let parent = self.folder_page(up);
                (Some(parent), self.folder_url(parent, folder, name))
            }
            None => (Some(HOME), self.folder_url(HOME, folder, folder)),
        };
        let name = folder.rsplit('/').next().unwrap_or(folder);
        let kind = if folder.is_empty() {
            PageKind::Index
        } else {
            PageKind::Section
        };
        let page = self.push(Page {
            folder: Some(folder.to_string()),
            ..Page::new(
                kind,
                url,
                crate::content::load::title_from_file_name(name),
                parent,
            )
        });
        self.page_of_folder.insert(folder.to_string(), page);
        page
    }

    fn folder_url(&mut self, parent: PageId, folder: &str, name: &str) -> String {
        let slug = Some(slugify(name))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "section".into());
        let wanted = format!("{}{slug}/index.html", self.folder_url_prefix(parent));
        let shown = self
            .shown_folders
            .get(folder)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(folder));
        self.unique_url(wanted, Claimant::Folder(shown))
    }

    fn folder_url_prefix(&self, folder_page: PageId) -> String {
        self.pages[folder_page]
            .url
            .trim_end_matches("index.html")
            .to_string()
    }

    fn attach_folder_note(&mut self, corpus: &Corpus, page: PageId, note: NoteId) {
        let n = &corpus.notes[note];
        let has_own_title = n.front_matter.title.is_some()
            || n.title_from_heading
            || n.sections.iter().any(|s| s.level > 0);
        let page_data = &mut self.pages[page];
        page_data.note = Some(note);
        if has_own_title {
            page_data.title = n.title.clone();
        }
        page_data.weight = n.front_matter.weight.unwrap_or(0);
        self.page_of_note.insert(n.path.clone(), page);
    }

    /// `wanted`, or the next free URL after it (with a located warning).
    fn unique_url(&mut self, wanted: String, claimant: Claimant) -> String {
        self.claims.claim(wanted, claimant)
    }

    /// The full search results page: under home for breadcrumbs, but not in the navigation.
    fn search_page(&mut self) -> PageId {
        let url = self.unique_url(
            "search/index.html".into(),
            Claimant::Generated("the search results page".into()),
        );
        let page = self.push(Page {
            weight: i64::MAX,
            ..Page::new(PageKind::Search, url, "Search".into(), None)
        });
        self.pages[page].parent = Some(HOME);
        page
    }

    /// The study pages, when the notes give cards: the whole-site deck (under home for
    /// breadcrumbs, outside the navigation like the search page), the quiz, the coverage
    /// page (when the notes name exam domains), and a deck per note and per service with
    /// cards. Each hangs from the deck without being listed as its child: the deck page
    /// does not list thousands of notes' decks.
    fn study_pages(
        &mut self,
        corpus: &Corpus,
        knowledge: &Knowledge,
        special: &mut SpecialPages,
    ) -> (HashMap<NoteId, PageId>, HashMap<ServiceId, PageId>) {
        let mut of_note = HashMap::new();
        let mut of_service = HashMap::new();
        let study = &knowledge.study;
        if study.cards.is_empty() {
            return (of_note, of_service);
        }
        let page = |kind, url: String, title: String, scope, parent| Page {
            weight: i64::MAX,
            study: Some(scope),
            ..Page::new(kind, url, title, parent)
        };
        let url = self.generated_url("study/index.html", "the study deck".into());
        let deck = self.push(page(
            PageKind::StudyDeck,
            url,
            "Study".into(),
            StudyScope::Site,
            None,
        ));
        self.pages[deck].parent = Some(HOME);
        special.study = Some(deck);
        let prefix = self.folder_url_prefix(deck);
        let child = |builder: &mut Self,
                     kind: PageKind,
                     wanted: String,
                     title: String,
                     scope: StudyScope| {
            let url = builder.generated_url(&wanted, format!("the study page “{title}”"));
            let id = builder.push(page(kind, url, title, scope, None));
            builder.pages[id].parent = Some(deck);
            id
        };
        if !study.quiz.is_empty() {
            special.quiz = Some(child(
                self,
                PageKind::StudyQuiz,
                format!("{prefix}quiz/index.html"),
                "Quiz".into(),
                StudyScope::Site,
            ));
        }
        if study.has_coverage() {
            special.coverage = Some(child(
                self,
                PageKind::StudyCoverage,
                format!("{prefix}coverage/index.html"),
                "Exam coverage".into(),
                StudyScope::Site,
            ));
        }
        for service in study.services_with_cards() {
            if !knowledge.has_page[service] {
                continue;
            }
            let data = &knowledge.services.list[service];
            let id = child(
                self,
                PageKind::StudyDeck,
                format!("{prefix}services/{}/index.html", data.slug),
                format!("Study {}", data.name),
                StudyScope::Service(service),
            );
            of_service.insert(service, id);
        }
        for note in study.notes_with_cards() {
            let Some(&own) = self.page_of_note.get(&corpus.notes[note].path) else {
                continue;
            };
            let path = self.pages[own]
                .url
                .trim_end_matches("index.html")
                .to_string();
            let path = if path.is_empty() {
                "home/".to_string()
            } else {
                path
            };
            let id = child(
                self,
                PageKind::StudyDeck,
                format!("{prefix}notes/{path}index.html"),
                format!("Study {}", self.pages[own].title),
                StudyScope::Note(note),
            );
            of_note.insert(note, id);
        }
        (of_note, of_service)
    }

    /// Pages for services, comparisons and the glossary, under home after the notes.
    fn knowledge_pages(
        &mut self,
        knowledge: &Knowledge,
        page_of_service: &mut HashMap<ServiceId, PageId>,
        page_of_comparison: &mut HashMap<usize, PageId>,
    ) -> SpecialPages {
        let mut special = SpecialPages::default();
        let generated = |kind, url: String, title: &str, parent| Page {
            weight: i64::MAX,
            ..Page::new(kind, url, title.to_string(), parent)
        };
        let with_pages: Vec<ServiceId> = ServiceId::all(knowledge.services.list.len())
            .filter(|&s| knowledge.has_page[s])
            .collect();
        if !with_pages.is_empty() {
            let url = self.generated_url("services/index.html", "the services index".into());
            let index = self.push(generated(PageKind::Services, url, "Services", Some(HOME)));
            let mut sorted = with_pages;
            sorted.sort_by_key(|&s| knowledge.services.list[s].name.to_lowercase());
            for service in sorted {
                let data = &knowledge.services.list[service];
                // Under the index wherever it went, so the two never part.
                let wanted = format!("{}{}/index.html", self.folder_url_prefix(index), data.slug);
                let url = self.generated_url(&wanted, format!("the page of {}", data.name));
                let page = self.push(Page {
                    service: Some(service),
                    ..generated(PageKind::Service, url, &data.name, Some(index))
                });
                page_of_service.insert(service, page);
                let pages = digest::mention_pages(knowledge.stats[service].notes);
                for number in 1..=pages {
                    let folder = self.folder_url_prefix(page);
                    let wanted = match number {
                        1 => format!("{folder}mentions/index.html"),
                        n => format!("{folder}mentions/{n}/index.html"),
                    };
                    let title = format!("Where the notes name {}, page {number}", data.name);
                    let url = self.generated_url(&wanted, format!("the page “{title}”"));
                    self.push(Page {
                        service: Some(service),
                        weight: number as i64,
                        mention_page: Some(number),
                        ..generated(PageKind::ServiceMentions, url, &title, Some(page))
                    });
                }
            }
            special.services = Some(index);
        }
        if !knowledge.comparisons.is_empty() {
            let url = self.generated_url("compare/index.html", "the comparisons index".into());
            let index = self.push(generated(
                PageKind::Comparisons,
                url,
                "Comparisons",
                Some(HOME),
            ));
            for (i, comparison) in knowledge.comparisons.iter().enumerate() {
                let wanted = format!(
                    "{}{}/index.html",
                    self.folder_url_prefix(index),
                    comparison.slug
                );
                let url =
                    self.generated_url(&wanted, format!("the comparison “{}”", comparison.title));
                let page = self.push(Page {
                    comparison: Some(i),
                    ..generated(PageKind::Comparison, url, &comparison.title, Some(index))
                });
                page_of_comparison.insert(i, page);
            }
            special.comparisons = Some(index);
        }
        if !knowledge.glossary.terms.is_empty() {
            let url = self.generated_url("glossary/index.html", "the glossary".into());
            special.glossary =
                Some(self.push(generated(PageKind::Glossary, url, "Glossary", Some(HOME))));
        }
        special
    }

    /// The URL of a generated page, `wanted` unless a note or folder has it.
    fn generated_url(&mut self, wanted: &str, what: String) -> String {
        self.unique_url(wanted.to_string(), Claimant::Generated(what))
    }

    fn push(&mut self, page: Page) -> PageId {
        let index = PageId::new(self.pages.len());
        if let Some(parent) = page.parent {
            self.pages[parent].children.push(index);
        }
        self.pages.push(page);
        index
    }

    fn sort_children(&mut self) {
        let keys: Vec<(i64, String)> = self
            .pages
            .iter()
            .map(|p| (p.weight, p.title.to_lowercase()))
            .collect();
        for page in &mut self.pages {
            // Natural order: "Week 2" before "Week 10", as people number their notes.
            page.children.sort_by(|&a, &b| {
                let (a, b) = (&keys[a.index()], &keys[b.index()]);
                a.0.cmp(&b.0)
                    .then_with(|| alphanumeric_sort::compare_str(&a.1, &b.1))
            });
        }
    }
}

/// For each folder, the note that is its own page: `_index` first, then `index`, then `README`.
fn folder_index_notes(corpus: &Corpus) -> BTreeMap<String, NoteId> {
    let mut chosen: BTreeMap<String, (u8, NoteId)> = BTreeMap::new();
    for (index, note) in corpus.notes.iter().enumerate() {
        let index = NoteId::new(index);
        if !note.is_folder_index {
            continue;
        }
        let (folder, file) = note.path.rsplit_once('/').unwrap_or(("", &note.path));
        let rank = match file.to_ascii_lowercase() {
            f if f.starts_with("_index.") => 0,
            f if f.starts_with("index.") => 1,
            _ => 2,
        };
        let entry = chosen.entry(folder.to_string()).or_insert((rank, index));
        if rank < entry.0 {
            *entry = (rank, index);
        }
    }
    // mdBook's layout: `topic.md` beside the folder `topic/` is that folder's page, unless
    // the folder has an index note of its own.
    let folders: BTreeSet<&str> = corpus
        .notes
        .iter()
        .flat_map(|n| folders_of(&n.path))
        .collect();
    for (index, note) in corpus.notes.iter().enumerate() {
        let Some((stem, _)) = note.path.rsplit_once('.') else {
            continue;
        };
        if !note.is_folder_index && folders.contains(stem) {
            chosen
                .entry(stem.to_string())
                .or_insert((3, NoteId::new(index)));
        }
    }
    chosen
        .into_iter()
        .map(|(folder, (_, index))| (folder, index))
        .collect()
}

/// The folders a path is in: `a/b/c.md` → `a`, `a/b`.
#[expect(
    clippy::string_slice,
    reason = "cuts are at `/` characters found in the string"
)]
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn walk(pages: &[Page], page: PageId, order: &mut Vec<PageId>) {
    order.push(page);
    for &child in &pages[page].children {
        walk(pages, child, order);
    }
}
