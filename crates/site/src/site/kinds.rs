//! What each kind of page is made of, in one table: the template that renders it, the
//! knowledge view its template receives, the search documents it adds, where it appears
//! (sitemap, navigation), and which inputs it shows, from which `serve` derives when to
//! render it again.
//!
//! Input: a [`PageKind`]. Output: its [`KindSpec`]. Render, search and serve read this
//! table rather than matching on page kinds themselves, so a new kind is a new variant of
//! [`PageKind`] and its row in [`PageKind::spec`], whose `match` has no `_` arm: the
//! compiler asks for the row, and serve cannot miss the kind. A kind whose view or search
//! documents are new also needs a variant of [`View`] or [`Indexed`], and the code that
//! makes it, where the compiler then points (in `render::page` and `search::documents`).

use super::PageKind;

/// Everything that differs between kinds of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSpec {
    /// The template that renders the page (`note.html`).
    pub template: &'static str,
    /// The knowledge view the page's context carries.
    pub view: View,
    /// The search documents the page adds.
    pub indexed: Indexed,
    /// What the page shows, so `serve` renders it again exactly when one of them changed.
    pub reads: &'static [Input],
    /// Whether `sitemap.xml` lists the page.
    pub in_sitemap: bool,
    /// Whether the page's context keeps the navigation tree even when no template reads it.
    pub keeps_nav_tree: bool,
    /// Whether the navigation shows the page at the end of the top level, always, and
    /// never lists its children (the services and comparisons indexes).
    pub pinned_in_nav: bool,
}

/// The knowledge a page's template receives besides the page itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Nothing beyond the page and the navigation.
    Plain,
    /// The services its note mentions.
    NoteServices,
    /// What the whole site covers (counts, categories, comparisons).
    Overview,
    /// One service: its sections, mentions, facts, related services.
    Service,
    /// One page of the list of every place the notes name a service.
    ServiceMentions,
    /// All services, A–Z and by category.
    Services,
    /// One comparison table.
    Comparison,
    /// The list of comparison tables.
    Comparisons,
    /// The glossary terms.
    Glossary,
    /// The cards, quiz questions or exam domains of a study page.
    Study,
}

/// The search documents a page adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    /// None.
    Nothing,
    /// One per section of its note (when it has one).
    NoteSections,
    /// Two for its service: who it is (names, summary, keywords), and its facts (`#facts`).
    Service,
    /// One for its comparison table.
    Comparison,
    /// One per glossary term that names no service (the service's page stands for it).
    GlossaryTerms,
}

/// An input a page shows. Every page also shows the configuration, the templates and the
/// navigation (titles and places of all pages, the services with pages, the glossary
/// terms); a change to any of those renders every page again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The body, front matter and outline of the page's own note.
    OwnNote,
    /// The notes of the pages it lists (their descriptions; titles and places are the
    /// navigation's).
    ChildNotes,
    /// How many notes the site has.
    NoteCount,
    /// How many notes mention each service, and how often.
    ServiceCounts,
    /// What the notes say about the page's service: mentions, the sections it owns, its
    /// facts, its related services and their counts.
    ServiceNotes,
    /// The list of comparison tables (titles, services, categories).
    ComparisonList,
    /// The page's comparison table: its definition and its services' facts and counts.
    ComparisonTable,
    /// The glossary's definitions.
    GlossaryDefinitions,
    /// The study material of the page's scope: for a study page, what it shows; for a note
    /// or service page, its link to its study page (with the number of cards).
    StudyCards,
}

impl PageKind {
    /// What pages of this kind are made of.
    pub const fn spec(self) -> KindSpec {
        const PLAIN: KindSpec = KindSpec {
            template: "",
            view: View::Plain,
            indexed: Indexed::Nothing,
            reads: &[],
            in_sitemap: true,
            keeps_nav_tree: false,
            pinned_in_nav: false,
        };
        match self {
            PageKind::Index => KindSpec {
                template: "index.html",
                view: View::Overview,
                indexed: Indexed::NoteSections,
                reads: &[
                    Input::OwnNote,
                    Input::ChildNotes,
                    Input::NoteCount,
                    Input::ServiceCounts,
                    Input::ComparisonList,
                    Input::StudyCards,
                ],
                ..PLAIN
            },
            PageKind::Section => KindSpec {
                template: "section.html",
                indexed: Indexed::NoteSections,
                reads: &[Input::OwnNote, Input::ChildNotes, Input::StudyCards],
                ..PLAIN
            },
            PageKind::Note => KindSpec {
                template: "note.html",
                view: View::NoteServices,
                indexed: Indexed::NoteSections,
                reads: &[Input::OwnNote, Input::StudyCards],
                ..PLAIN
            },
            PageKind::NotFound => KindSpec {
                template: "404.html",
                in_sitemap: false,
                keeps_nav_tree: true,
                ..PLAIN
            },
            PageKind::Services => KindSpec {
                template: "services.html",
                view: View::Services,
                reads: &[Input::ServiceCounts],
                pinned_in_nav: true,
                ..PLAIN
            },
            PageKind::Service => KindSpec {
                template: "service.html",
                view: View::Service,
                indexed: Indexed::Service,
                reads: &[Input::ServiceNotes, Input::StudyCards],
                ..PLAIN
            },
            PageKind::ServiceMentions => KindSpec {
                template: "service-mentions.html",
                view: View::ServiceMentions,
                reads: &[Input::ServiceNotes],
                in_sitemap: false,
                ..PLAIN
            },
            PageKind::Comparisons => KindSpec {
                template: "comparisons.html",
                view: View::Comparisons,
                reads: &[Input::ComparisonList],
                pinned_in_nav: true,
                ..PLAIN
            },
            PageKind::Comparison => KindSpec {
                template: "comparison.html",
                view: View::Comparison,
                indexed: Indexed::Comparison,
                reads: &[Input::ComparisonTable],
                ..PLAIN
            },
            PageKind::Glossary => KindSpec {
                template: "glossary.html",
                view: View::Glossary,
                indexed: Indexed::GlossaryTerms,
                reads: &[Input::GlossaryDefinitions],
                ..PLAIN
            },
            PageKind::Search => KindSpec {
                template: "search.html",
                in_sitemap: false,
                ..PLAIN
            },
            // Study pages are for learning, not finding: out of the index and the sitemap.
            PageKind::StudyDeck => KindSpec {
                template: "study.html",
                view: View::Study,
                reads: &[Input::StudyCards],
                in_sitemap: false,
                ..PLAIN
            },
            PageKind::StudyQuiz => KindSpec {
                template: "study-quiz.html",
                view: View::Study,
                reads: &[Input::StudyCards],
                in_sitemap: false,
                ..PLAIN
            },
            PageKind::StudyCoverage => KindSpec {
                template: "study-coverage.html",
                view: View::Study,
                reads: &[Input::StudyCards],
                in_sitemap: false,
                ..PLAIN
            },
            PageKind::FolderPage => KindSpec {
                template: "folder-page.html",
                reads: &[Input::ChildNotes],
                ..PLAIN
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [PageKind; 15] = [
        PageKind::Index,
        PageKind::Section,
        PageKind::Note,
        PageKind::NotFound,
        PageKind::Services,
        PageKind::Service,
        PageKind::ServiceMentions,
        PageKind::Comparisons,
        PageKind::Comparison,
        PageKind::Glossary,
        PageKind::Search,
        PageKind::StudyDeck,
        PageKind::StudyQuiz,
        PageKind::StudyCoverage,
        PageKind::FolderPage,
    ];

    #[test]
    fn every_kind_has_its_own_template() {
        let mut templates: Vec<&str> = ALL.iter().map(|k| k.spec().template).collect();
        templates.sort_unstable();
        templates.dedup();
        assert_eq!(templates.len(), ALL.len());
        assert!(templates.iter().all(|t| t.ends_with(".html")));
    }

    #[test]
    fn pages_with_a_view_of_the_notes_declare_what_they_read() {
        for kind in ALL {
            let spec = kind.spec();
            if spec.view != View::Plain || spec.indexed != Indexed::Nothing {
                assert!(
                    !spec.reads.is_empty(),
                    "{kind:?} shows notes but reads nothing"
                );
            }
        }
    }
}
