//! The glossary: definitions of the same term merged across notes, the user's `glossary.toml`
//! (terms added, renamed, aliased or suppressed), and a matcher that finds the terms in text
//! (case-insensitive, whole words) for the definition popovers.
//!
//! A term that names a service of the site (a service the notes define) is an entry like any
//! other, and knows its service, so that the glossary links to the service's page. The matcher
//! leaves out every name of a service: a mention of one is already a link to its page.
//!
//! Input: glossary entries, `glossary.toml` at the site root and the services. Output:
//! [`Glossary`].

use super::facts::{normalise, GlossaryEntry};
use super::services::Services;
use crate::content::slug::slugify;
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::ids::ServiceId;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// One term with all its definitions.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as first written, or as `glossary.toml` names it.
    pub term: String,
    /// Id on the glossary page.
    pub slug: String,
    /// The definition `glossary.toml` gives, shown first.
    pub declared: Option<String>,
    /// Other names marked as this term (from `glossary.toml`).
    pub aliases: Vec<String>,
    /// Indexes into `Knowledge::glossary_entries`.
    pub entries: Vec<usize>,
    /// The service the term names (by its name, an alias or a label it was found under):
    /// its glossary entry links to the service's page.
    pub service: Option<ServiceId>,
}

/// `glossary.toml`: what the user says about terms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// Labels that are never terms, whatever the notes say.
    #[serde(default)]
    pub suppress: Vec<String>,
    /// Terms added or renamed.
    #[serde(default)]
    pub term: Vec<DeclaredTerm>,
}

/// One `[[term]]` of `glossary.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredTerm {
    /// The term as shown.
    pub name: String,
    /// Its definition (optional when the notes define it).
    #[serde(default)]
    pub definition: Option<String>,
    /// Other names: marked as this term; definitions found under them merge into it.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl GlossaryFile {
    /// `glossary.toml` at the site root; empty when there is none.
    pub fn load(site_root: &Path) -> Result<GlossaryFile, Diagnostic> {
        let path = site_root.join("glossary.toml");
        let shown = crate::diagnostics::display_path(&path, site_root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    Some(Location::file(&shown)),
                    format!("cannot read the glossary file: {e}"),
                ))
            }
        };
        toml::from_str(&text).map_err(|e| {
            let lines = LineIndex::new(&text);
            let (line, column) = e
                .span()
                .map(|s| lines.line_col(&text, s.start))
                .unwrap_or((0, 0));
            Diagnostic::error(
                Some(Location::new(&shown, line, column)),
                format!("invalid glossary file: {}", e.message().trim()),
            )
            .with_hint(
                "write `suppress = [\"Label\", …]` and [[term]] tables with name, and \
                 optionally definition and aliases",
            )
        })
    }
}

/// Terms A–Z and their matcher.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Terms sorted A–Z.
    pub terms: Vec<Term>,
    matcher: Option<AhoCorasick>,
    /// Pattern of the matcher → its term.
    pattern_term: Vec<usize>,
}

impl Glossary {
    /// Merge entries by normalised term, apply `file` (suppress, rename, alias, add), and
    /// find the service each term names.
    pub fn build(entries: &[GlossaryEntry], file: &GlossaryFile, services: &Services) -> Glossary {
        let suppressed: HashSet<String> = file.suppress.iter().map(|s| normalise(s)).collect();
        let mut terms: Vec<Term> = Vec::new();
        // Normalised name or alias → its index in `terms`.
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for declared in &file.term {
            let index = *by_id.entry(normalise(&declared.name)).or_insert_with(|| {
                terms.push(Term {
                    term: declared.name.trim().to_string(),
                    slug: slugify(&declared.name),
                    declared: None,
                    aliases: Vec::new(),
                    entries: Vec::new(),
                    service: None,
                });
                terms.len() - 1
            });
            let term = &mut terms[index];
            if let Some(definition) = declared
                .definition
                .as_ref()
                .filter(|d| !d.trim().is_empty())
            {
                term.declared = Some(definition.trim().to_string());
            }
            for alias in &declared.aliases {
                term.aliases.push(alias.trim().to_string());
                by_id.entry(normalise(alias)).or_insert(index);
            }
        }
        for (index, entry) in entries.iter().enumerate() {
            // A definition ending with a colon ("A managed service:") leads into the list
            // under it and says nothing by itself: shown alone, or as a card's answer, it
            // would teach nothing.
            if suppressed.contains(&entry.term_id) || entry.definition.trim_end().ends_with(':') {
                continue;
            }
            match by_id.get(&entry.term_id) {
                Some(&term) => terms[term].entries.push(index),
                None => {
                    by_id.insert(entry.term_id.clone(), terms.len());
                    terms.push(Term {
                        term: entry.term.clone(),
                        slug: slugify(&entry.term),
                        declared: None,
                        aliases: Vec::new(),
                        entries: vec![index],
                        service: None,
                    });
                }
            }
        }
        // A declared name without a definition anywhere, or a suppressed one, is no entry.
        terms.retain(|t| {
            (t.declared.is_some() || !t.entries.is_empty())
                && !suppressed.contains(&normalise(&t.term))
        });
        for term in &mut terms {
            term.service = std::iter::once(&term.term)
                .chain(&term.aliases)
                .chain(term.entries.iter().map(|&e| &entries[e].term))
                .find_map(|name| services.named_by(name));
        }
        terms.sort_by_key(|t| t.term.to_lowercase());
        let mut patterns = Vec::new();
        let mut pattern_term = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            for name in std::iter::once(&term.term).chain(&term.aliases) {
                // A service's name in text is a link to its page already: a term mark there
                // would be a link inside a link, or a second one beside it.
                if !name.is_empty()
                    && !suppressed.contains(&normalise(name))
                    && services.named_by(name).is_none()
                {
                    patterns.push(name.as_str());
                    pattern_term.push(index);
                }
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("terms make a valid matcher")
        });
        Glossary {
            terms,
            matcher,
            pattern_term,
        }
    }

    /// The definition a mark of `term` shows: the declared one, else the first found.
    pub fn definition<'k>(&self, term: &'k Term, entries: &'k [GlossaryEntry]) -> &'k str {
        term.declared
            .as_deref()
            .or_else(|| {
                term.entries
                    .first()
                    .map(|&e| entries[e].definition.as_str())
            })
            .unwrap_or("")
    }

    /// Terms used in `text` on word boundaries: byte range and term index.
    #[expect(
        clippy::string_slice,
        reason = "match bounds of UTF-8 patterns are character boundaries"
    )]
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (Range<usize>, usize)> + 't {
        self.matcher
            .iter()
            .flat_map(move |m| m.find_iter(text))
            .filter(move |m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| {
                (
                    m.start()..m.end(),
                    self.pattern_term[m.pattern().as_usize()],
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::NoteId;

    fn entry(term: &str, definition: &str) -> GlossaryEntry {
        GlossaryEntry {
            term: term.into(),
            term_id: normalise(term),
            definition: definition.into(),
            note: NoteId::new(0),
            section: 0,
        }
    }

    fn services(catalog: &str) -> Services {
        Services::of_catalog(catalog)
    }

    #[test]
    fn a_term_naming_a_service_knows_it_and_its_service_names_are_not_marked() {
        let entries = [
            entry("Transcribe", "Converts speech to text"),
            entry(
                "Security Token Service (STS)",
                "Issues temporary credentials",
            ),
            entry("Shard", "A part of a table kept on one host"),
            entry("Elastic Load Balancers", "Spread traffic over targets"),
        ];
        let file: GlossaryFile = toml::from_str(
            r#"
            [[term]]
            name = "Speech recognition"
            aliases = ["Transcribe", "ASR"]
            "#,
        )
        .unwrap();
        let services = services(
            r#"
            [[service]]
            name = "Amazon Transcribe"
            aliases = ["Transcribe"]
            [[service]]
            name = "AWS Security Token Service"
            aliases = ["Security Token Service"]
            [[service]]
            name = "Elastic Load Balancing"
            aliases = ["Elastic Load Balancer"]
            "#,
        );
        let glossary = Glossary::build(&entries, &file, &services);
        let named: Vec<(&str, Option<&str>)> = glossary
            .terms
            .iter()
            .map(|t| {
                let service = t.service.map(|s| services.list[s].name.as_str());
                (t.term.as_str(), service)
            })
            .collect();
        assert_eq!(
            named,
            [
                ("Elastic Load Balancers", Some("Elastic Load Balancing")),
                (
                    "Security Token Service (STS)",
                    Some("AWS Security Token Service")
                ),
                ("Shard", None),
                ("Speech recognition", Some("Amazon Transcribe")),
            ]
        );
        let text = "Transcribe calls with Amazon Transcribe (ASR, speech recognition), \
                    then the Security Token Service (STS), Elastic Load Balancers and a shard.";
        let found: Vec<&str> = glossary.find(text).map(|(r, _)| &text[r]).collect();
        assert_eq!(found, ["ASR", "speech recognition", "shard"]);
    }

    #[test]
    fn the_file_renames_aliases_adds_and_suppresses_terms() {
        let entries = [
            entry("Autoscaling", "Capacity that follows demand"),
            entry("Balance", "Good speed at a fair price"),
        ];
        let file: GlossaryFile = toml::from_str(
            r#"
            suppress = ["balance"]
            [[term]]
            name = "Auto Scaling"
            aliases = ["Autoscaling", "elastic capacity"]
            [[term]]
            name = "Quorum"
            definition = "The least number of votes a decision needs"
            "#,
        )
        .unwrap();
        let glossary = Glossary::build(&entries, &file, &services(""));
        let names: Vec<&str> = glossary.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(names, ["Auto Scaling", "Quorum"]);
        assert_eq!(glossary.terms[0].entries, [0]);
        let text = "With elastic capacity and a quorum, balance is easy.";
        let found: Vec<(&str, &str)> = glossary
            .find(text)
            .map(|(r, t)| (&text[r], glossary.terms[t].term.as_str()))
            .collect();
        assert_eq!(
            found,
            [("elastic capacity", "Auto Scaling"), ("quorum", "Quorum")]
        );
        assert_eq!(
            glossary.definition(&glossary.terms[1], &entries),
            "The least number of votes a decision needs"
        );
    }

    #[test]
    fn a_definition_that_leads_into_a_list_is_no_definition() {
        let entries = [
            entry("Warehouse", "A managed store:"),
            entry("Lakehouse", "A managed store:  "),
            entry("Lakehouse", "A store for files and tables alike"),
        ];
        let glossary = Glossary::build(&entries, &GlossaryFile::default(), &services(""));
        let names: Vec<&str> = glossary.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(names, ["Lakehouse"]);
        assert_eq!(glossary.terms[0].entries, [2]);
    }
}
