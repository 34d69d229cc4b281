//! The context of a study page (a deck of cards, the quiz, exam coverage), and the links
//! note and service pages give to their study page.
//!
//! Input: the study material of the knowledge and a study page. Output: a [`StudyView`]:
//! the `#study-data` JSON the browser script reads (plain texts, relative URLs, `<` written
//! as `\u003c` so no text can close the script element) and the same material as plain
//! lists for readers without JavaScript.

use super::knowledge_pages::Views;
use super::page::Link;
use crate::ids::{NoteId, PageId};
use crate::knowledge::study::{stable_hash, Card, CardKind, Question};
use crate::site::urls::relative_url;
use crate::site::{PageKind, StudyScope};
use serde::Serialize;

/// What a study page shows.
#[derive(Debug, Clone, Serialize)]
pub struct StudyView {
    /// `deck`, `quiz` or `coverage` (the `data-mode` of `#study-app`).
    pub mode: &'static str,
    /// A short key of the site (its base URL and title), so that two sites opened from
    /// `file://` keep their progress apart.
    pub site_key: String,
    /// The `#study-data` JSON, safe inside a `<script>` element.
    pub data: String,
    /// The cards, for the list shown without JavaScript.
    pub cards: Vec<CardView>,
    /// The quiz questions.
    pub questions: Vec<QuestionView>,
    /// The exam domains (coverage page).
    pub domains: Vec<DomainRow>,
    /// The other study pages.
    pub deck_href: String,
    /// The quiz, when there is one.
    pub quiz_href: Option<String>,
    /// The exam coverage page, when there is one.
    pub coverage_href: Option<String>,
    /// What the deck holds: the whole site, a note or a service (as a link).
    pub subject: Option<Link>,
}

/// One card as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    /// Its id.
    pub id: String,
    /// `term`, `service`, `fact` or `user`.
    pub kind: CardKind,
    /// Question side.
    pub front: String,
    /// Answer side.
    pub back: String,
    /// Its source section, as a link.
    pub source: Link,
}

/// One quiz question as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// Its id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The choices.
    pub choices: Vec<String>,
    /// The right choice's text.
    pub answer: String,
    /// The section that supports the answer.
    pub source: Link,
}

/// One row of the exam coverage table.
#[derive(Debug, Clone, Serialize)]
pub struct DomainRow {
    /// `d2`, `d2.3`.
    pub id: String,
    /// As the notes name it.
    pub name: String,
    /// Whether it is a task statement (shown under its domain).
    pub task: bool,
    /// Notes that cover it.
    pub notes: Vec<Link>,
    /// Services named in it (those with pages).
    pub services: Vec<Link>,
    /// How many cards come from it.
    pub cards: usize,
}

#[derive(Serialize)]
struct Data<'a> {
    cards: Vec<CardData<'a>>,
    quiz: Vec<QuestionData<'a>>,
    domains: Vec<DomainData<'a>>,
}

#[derive(Serialize)]
struct CardData<'a> {
    id: &'a str,
    kind: CardKind,
    front: &'a str,
    back: &'a str,
    source: SourceData<'a>,
    domains: Vec<&'a str>,
}

/// A card's or question's source as the study data names it.
#[derive(Serialize)]
struct SourceData<'a> {
    href: &'a str,
    label: &'a str,
}

impl<'a> From<&'a Link> for SourceData<'a> {
    fn from(link: &'a Link) -> Self {
        SourceData {
            href: &link.href,
            label: &link.title,
        }
    }
}

#[derive(Serialize)]
struct QuestionData<'a> {
    id: &'a str,
    question: &'a str,
    choices: &'a [String],
    answer: usize,
    source: SourceData<'a>,
}

#[derive(Serialize)]
struct DomainData<'a> {
    id: &'a str,
    name: &'a str,
}

/// The key of a site for its progress: a hash of its base URL and title.
pub fn site_key(base_url: Option<&str>, title: &str) -> String {
    format!(
        "{:012x}",
        stable_hash(&format!("{}\n{title}", base_url.unwrap_or(""))) >> 16
    )
}

impl Views<'_> {
    /// The link from the current page to the section a card or question comes from, named
    /// `Note › Section`.
    fn source(&self, note: NoteId, section: usize) -> Link {
        let n = &self.corpus.notes[note];
        let heading = n
            .anchor(section)
            .and_then(|_| n.sections.get(section))
            .map(|s| s.heading.trim())
            .filter(|h| !h.is_empty());
        Link {
            title: match heading {
                Some(h) => format!("{} › {h}", n.title),
                None => n.title.clone(),
            },
            href: relative_url(self.url, &self.site.section_url(self.corpus, note, section)),
        }
    }

    /// The view of study page `page` (of kind deck, quiz or coverage, scope `scope`).
    pub fn study(&self, kind: PageKind, scope: StudyScope, site_key: String) -> StudyView {
        let study = &self.knowledge.study;
        let mode = match kind {
            PageKind::StudyQuiz => "quiz",
            PageKind::StudyCoverage => "coverage",
            _ => "deck",
        };
        let chosen: Vec<&Card> = match (mode, scope) {
            ("quiz", _) => Vec::new(),
            ("coverage", _) => study
                .cards
                .iter()
                .filter(|c| !c.domains.is_empty())
                .collect(),
            (_, StudyScope::Site) => study.cards.iter().collect(),
            (_, StudyScope::Note(note)) => study.cards_of_note(note).collect(),
            (_, StudyScope::Service(service)) => study.cards_of_service(service).collect(),
        };
        let cards: Vec<CardView> = chosen
            .iter()
            .map(|c| CardView {
                id: c.id.clone(),
                kind: c.kind,
                front: c.front.clone(),
                back: c.back.clone(),
                source: self.source(c.note, c.section),
            })
            .collect();
        let quiz: &[Question] = if mode == "quiz" { &study.quiz } else { &[] };
        let questions: Vec<QuestionView> = quiz
            .iter()
            .map(|q| QuestionView {
                id: q.id.clone(),
                question: q.question.clone(),
                choices: q.choices.clone(),
                answer: q.choices.get(q.answer).cloned().unwrap_or_default(),
                source: self.source(q.note, q.section),
            })
            .collect();
        let domain_ids: Vec<&str> = study.domains.iter().map(|d| d.id.as_str()).collect();
        let data = Data {
            cards: chosen
                .iter()
                .zip(&cards)
                .map(|(c, v)| CardData {
                    id: &c.id,
                    kind: c.kind,
                    front: &c.front,
                    back: &c.back,
                    source: (&v.source).into(),
                    domains: c.domains.iter().map(|&d| domain_ids[d]).collect(),
                })
                .collect(),
            quiz: quiz
                .iter()
                .zip(&questions)
                .map(|(q, v)| QuestionData {
                    id: &q.id,
                    question: &q.question,
                    choices: &q.choices,
                    answer: q.answer,
                    source: (&v.source).into(),
                })
                .collect(),
            domains: study
                .domains
                .iter()
                .map(|d| DomainData {
                    id: &d.id,
                    name: &d.name,
                })
                .collect(),
        };
        let data = serde_json::to_string(&data)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c");
        let domains = if mode == "coverage" {
            self.domain_rows()
        } else {
            Vec::new()
        };
        let href = |page: Option<PageId>| page.map(|p| self.href(p));
        let subject = match scope {
            StudyScope::Site => None,
            StudyScope::Note(note) => self
                .site
                .page_of_note
                .get(&self.corpus.notes[note].path)
                .map(|&p| Link {
                    title: self.corpus.notes[note].title.clone(),
                    href: self.href(p),
                }),
            StudyScope::Service(service) => {
                self.site.page_of_service.get(&service).map(|&p| Link {
                    title: self.knowledge.services.list[service].name.clone(),
                    href: self.href(p),
                })
            }
        };
        StudyView {
            mode,
            site_key,
            data,
            cards: if mode == "coverage" {
                Vec::new()
            } else {
                cards
            },
            questions,
            domains,
            deck_href: href(self.site.special.study).unwrap_or_default(),
            quiz_href: href(self.site.special.quiz),
            coverage_href: href(self.site.special.coverage),
            subject,
        }
    }

    fn domain_rows(&self) -> Vec<DomainRow> {
        let study = &self.knowledge.study;
        study
            .domains
            .iter()
            .map(|d| DomainRow {
                id: d.id.clone(),
                name: d.name.clone(),
                task: d.id.contains('.'),
                notes: d
                    .notes
                    .iter()
                    .filter_map(|&n| {
                        let page = *self.site.page_of_note.get(&self.corpus.notes[n].path)?;
                        Some(Link {
                            title: self.corpus.notes[n].title.clone(),
                            href: self.href(page),
                        })
                    })
                    .collect(),
                services: d
                    .services
                    .iter()
                    .filter_map(|s| {
                        let page = *self.site.page_of_service.get(s)?;
                        Some(Link {
                            title: self.knowledge.services.list[*s].name.clone(),
                            href: self.href(page),
                        })
                    })
                    .collect(),
                cards: d.cards,
            })
            .collect()
    }

    /// The link a note's or a service's page gives to its study page, with its number of
    /// cards; `None` when it has none.
    pub fn study_link(&self, page: &crate::site::Page) -> Option<Link> {
        let study = &self.knowledge.study;
        let (target, count, what) = match (page.kind, page.note, page.service) {
            (PageKind::Service, _, Some(service)) => (
                *self.site.study_of_service.get(&service)?,
                study.cards_of_service(service).count(),
                "service",
            ),
            (_, Some(note), _) => (
                *self.site.study_of_note.get(&note)?,
                study.cards_of_note(note).count(),
                "note",
            ),
            _ => return None,
        };
        let cards = if count == 1 { "card" } else { "cards" };
        Some(Link {
            title: format!("Study this {what} ({count} {cards})"),
            href: self.href(target),
        })
    }
}
