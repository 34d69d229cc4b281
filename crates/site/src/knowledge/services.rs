//! The services of a site: the catalog's, plus services named in headings that the catalog
//! lacks (`## Amazon Foo`), with one multi-pattern matcher that finds them in text.
//!
//! Input: the [`Catalog`] and the corpus headings. Output: [`Services`]: every service with
//! its slug, parent and children, and a matcher (aho-corasick, leftmost-longest, on word
//! boundaries) over all names, aliases and `Amazon`/`AWS` prefix variants, the prefixed
//! ones whatever the ASCII case inside their words.

use super::catalog::Catalog;
use crate::content::slug::slugify;
use crate::content::{Corpus, Note};
use crate::diagnostics::Location;
use crate::ids::ServiceId;
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One AWS service known to the site.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Canonical name.
    pub name: String,
    /// URL part (`amazon-bedrock`).
    pub slug: String,
    /// Other names that mean it.
    pub aliases: Vec<String>,
    /// Category (`Uncategorised` when unknown).
    pub category: String,
    /// Parent service.
    pub parent: Option<ServiceId>,
    /// Child services, by name.
    pub children: Vec<ServiceId>,
    /// One-line summary.
    pub summary: Option<String>,
    /// What it does, in the words a student searches with (from the catalog).
    pub keywords: Vec<String>,
    /// Whether it comes from the catalog (else it was found in a heading).
    pub catalogued: bool,
    /// For uncatalogued services: the first heading that named it.
    pub found_at: Option<Location>,
}

/// The services and a matcher that finds them in text.
#[derive(Debug, Clone)]
pub struct Services {
    /// All services, catalogued first.
    pub list: Vec<Service>,
    matcher: AhoCorasick,
    pattern_service: Vec<ServiceId>,
    /// The names that start with `Amazon`/`AWS`, whatever the case inside their words
    /// (`Amazon Opensearch`, `AWS WAVELENGTH`); see [`same_initials`].
    loose: AhoCorasick,
    loose_names: Vec<String>,
    loose_service: Vec<ServiceId>,
    by_name: HashMap<String, ServiceId>,
}

/// The category of services found in headings but missing from the catalog.
pub const UNCATEGORISED: &str = "Uncategorised";

/// Words that show a phrase starting with `Amazon`/`AWS` is not a service name.
const NOT_SERVICE_WORDS: &[&str] = &[
    "Certified",
    "Certification",
    "Practitioner",
    "Exam",
    "Services",
    "Service",
    "Cloud",
    "Infrastructure",
    "Console",
    "Account",
    "Accounts",
    "Free",
    "Global",
    "Region",
    "Regions",
    "Well-Architected",
    "Shared",
    "Customer",
    "Customers",
    "Partner",
    "Partners",
    "Documentation",
    "Overview",
    "Features",
    "Best",
    "Skill",
    "Training",
    "Support",
    "Tools",
    "Solutions",
    "Portfolio",
    "Ecosystem",
    "Offerings",
    "Managed",
    "Generative",
    "AI",
    "ML",
    "Developer",
    "Professional",
    "Integration",
    "Integrations",
    "Benefits",
    "Responsibilities",
    "Responsibility",
    "Foundation",
    "Management",
    "Security",
    "Pricing",
    "Limits",
];

static HEADING_SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Amazon|AWS)(?:\s+[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*){1,4}")
        .expect("valid regex")
});

impl Services {
    /// The catalog's services plus those named in the corpus's headings.
    pub fn build(catalog: &Catalog, corpus: &Corpus) -> Services {
        let mut list: Vec<Service> = catalog
            .entries
            .iter()
            .map(|e| Service {
                name: e.name.clone(),
                slug: slugify(&e.name),
                aliases: e.aliases.clone(),
                category: e
                    .category
                    .clone()
                    .unwrap_or_else(|| UNCATEGORISED.to_string()),
                parent: None,
                children: Vec::new(),
                summary: e.summary.clone(),
                keywords: e.keywords.clone(),
                catalogued: true,
                found_at: None,
            })
            .collect();
        let catalogued = Services::from_list(list.clone());
        for FoundService { name, heading } in discover(corpus, &catalogued) {
            list.push(Service {
                slug: slugify(&name),
                name,
                aliases: Vec::new(),
                category: UNCATEGORISED.to_string(),
                parent: None,
                children: Vec::new(),
                summary: None,
                keywords: Vec::new(),
                catalogued: false,
                found_at: Some(heading),
            });
        }
        let mut services = Services::from_list(list);
        services.link_parents(catalog);
        services
    }

    fn from_list(list: Vec<Service>) -> Services {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_service = Vec::new();
        let mut by_name = HashMap::new();
        let (mut loose_names, mut loose_service) = (Vec::new(), Vec::new());
        for (index, service) in list.iter().enumerate() {
            let index = ServiceId::new(index);
            for name in std::iter::once(&service.name).chain(&service.aliases) {
                for variant in prefix_variants(name) {
                    by_name.entry(variant.to_lowercase()).or_insert(index);
                    if variant.starts_with("Amazon ") || variant.starts_with("AWS ") {
                        loose_names.push(variant.clone());
                        loose_service.push(index);
                    }
                    patterns.push(variant);
                    pattern_service.push(index);
                }
            }
        }
        let build = |patterns: &[String], kind: MatchKind, any_case: bool| {
            AhoCorasick::builder()
                .match_kind(kind)
                .ascii_case_insensitive(any_case)
                .build(patterns)
                .expect("service names make a valid matcher")
        };
        Services {
            matcher: build(&patterns, MatchKind::LeftmostLongest, false),
            // Every match, overlapping: a longer name refused for its initials
            // (`Amazon Opensearch serverless`) leaves the shorter one it holds.
            loose: build(&loose_names, MatchKind::Standard, true),
            list,
            pattern_service,
            loose_names,
            loose_service,
            by_name,
        }
    }

    fn link_parents(&mut self, catalog: &Catalog) {
        for entry in &catalog.entries {
            let (Some(child), Some(parent)) = (
                self.lookup(&entry.name),
                entry.parent.as_deref().and_then(|p| self.lookup(p)),
            ) else {
                continue;
            };
            if child != parent && self.list[child].parent.is_none() {
                self.list[child].parent = Some(parent);
                self.list[parent].children.push(child);
            }
        }
    }

    /// A matcher of the catalogued services alone (they come first in `list`), as heading
    /// discovery uses it.
    pub fn catalogued_only(&self) -> Services {
        let count = self.list.iter().take_while(|s| s.catalogued).count();
        Services::from_list(self.list[..count].to_vec())
    }

    /// The service a name or alias means (case-insensitive, either prefix).
    pub fn lookup(&self, name: &str) -> Option<ServiceId> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    /// The services of a catalog written as `catalog` (`services.toml` text), with no notes:
    /// for tests of what is found in notes.
    #[cfg(test)]
    pub(crate) fn of_catalog(catalog: &str) -> Services {
        let catalog = super::catalog::Catalog::parse(catalog, std::path::Path::new("x"))
            .expect("the test catalog parses");
        Services::build(&catalog, &Corpus::default())
    }

    /// The service a label names: a name or alias of it, maybe in the plural or followed by
    /// a parenthesised acronym or expansion (`Application Load Balancers`, `Security Token
    /// Service (STS)`, `Amazon DocumentDB (with MongoDB compatibility)`).
    pub fn named_by(&self, label: &str) -> Option<ServiceId> {
        let label = label.trim();
        let name = label
            .strip_suffix(')')
            .and_then(|l| l.rsplit_once('('))
            .map_or(label, |(name, _)| name.trim_end());
        let singular = name
            .strip_suffix('s')
            .filter(|n| !n.ends_with('s') && n.len() >= 3);
        self.lookup(label)
            .or_else(|| self.lookup(name))
            .or_else(|| singular.and_then(|n| self.lookup(n)))
    }

    /// Every service mention in `text`: byte range and service, longest match first, on word
    /// boundaries. Names with an `Amazon`/`AWS` prefix match whatever the case inside their
    /// words.
    pub fn find<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, ServiceId)> + 't {
        let mut urls = UrlTracker::default();
        self.matches(text)
            .into_iter()
            .filter(move |(range, _)| !urls.inside_url(text, range.start))
    }

    /// The matches on word boundaries of the exact matcher, with those of the any-case one
    /// that it missed, leftmost-longest over both.
    #[expect(
        clippy::string_slice,
        reason = "match bounds of UTF-8 patterns are character boundaries"
    )]
    fn matches(&self, text: &str) -> Vec<(Range<usize>, ServiceId)> {
        let on_words = |m: &aho_corasick::Match| on_word_boundaries(text, m.start(), m.end());
        let exact: Vec<(Range<usize>, ServiceId)> = (self.matcher.find_iter(text))
            .filter(on_words)
            .map(|m| (m.range(), self.pattern_service[m.pattern().as_usize()]))
            .collect();
        let missed: Vec<(Range<usize>, ServiceId)> = (self.loose.find_overlapping_iter(text))
            .filter(on_words)
            .filter(|m| same_initials(&text[m.range()], &self.loose_names[m.pattern().as_usize()]))
            .map(|m| (m.range(), self.loose_service[m.pattern().as_usize()]))
            // Exact matches do not overlap, so they are sorted by start as well as by end.
            .filter(|(range, _)| {
                exact
                    .binary_search_by_key(&range.start, |(r, _)| r.start)
                    .map_or(true, |i| exact[i].0 != *range)
            })
            .collect();
        if missed.is_empty() {
            return exact;
        }
        let mut all = exact;
        all.extend(missed);
        all.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut kept: Vec<(Range<usize>, ServiceId)> = Vec::with_capacity(all.len());
        for (range, service) in all {
            if kept.last().is_none_or(|(r, _)| r.end <= range.start) {
                kept.push((range, service));
            }
        }
        kept
    }
}

/// Whether matches found left to right sit inside a URL-like token (`https://...`,
/// `www....`). Each call reads only the text since the previous one, so a text with
/// many matches and no whitespace is read once, not once per match.
#[derive(Default)]
struct UrlTracker {
    /// How far the text has been read.
    read_to: usize,
    /// Start of the token (non-whitespace run) that `read_to` is in.
    token_start: usize,
    /// Start of the last `://` that ends at or before `read_to`.
    last_scheme: Option<usize>,
}

impl UrlTracker {
    /// Whether the token before `at` holds `://` or starts with `www.`; `at` never decreases.
    #[expect(
        clippy::string_slice,
        reason = "cuts at match starts (boundaries), after a whole whitespace character, or at ASCII `://`"
    )]
    fn inside_url(&mut self, text: &str, at: usize) -> bool {
        let bytes = text.as_bytes();
        if at > self.read_to {
            if let Some(space) = text[self.read_to..at].rfind(char::is_whitespace) {
                let width = text[self.read_to + space..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                self.token_start = self.read_to + space + width;
            }
            // A `://` may straddle the previous boundary: look two bytes back.
            let from = self.read_to.saturating_sub(2);
            if let Some(i) = bytes[from..at].windows(3).rposition(|w| w == b"://") {
                self.last_scheme = Some(from + i);
            }
            self.read_to = at;
        }
        let token_start = self.token_start.min(at);
        self.last_scheme
            .is_some_and(|s| s >= token_start && s + 3 <= at)
            || bytes[token_start..at].starts_with(b"www.")
    }
}

/// Whether `written` (an ASCII-case-insensitive match of `name`) starts each word with the
/// same letter case as `name`: `Amazon Opensearch` and `AWS WAVELENGTH` are the names
/// `Amazon OpenSearch` and `AWS Wavelength`, but in `Amazon Bedrock agents` a lower-case word
/// is ordinary prose after the name `Amazon Bedrock`, not `Amazon Bedrock Agents`.
fn same_initials(written: &str, name: &str) -> bool {
    let initials = |text: &str| -> Vec<bool> {
        text.split_whitespace()
            .filter_map(|word| word.chars().next())
            .map(|c| c.is_uppercase())
            .collect()
    };
    initials(written) == initials(name)
}

/// A name and its `Amazon`/`AWS` twin (`AWS Bedrock` means `Amazon Bedrock`).
fn prefix_variants(name: &str) -> Vec<String> {
    let mut variants = vec![name.to_string()];
    if let Some(rest) = name.strip_prefix("Amazon ") {
        variants.push(format!("AWS {rest}"));
    } else if let Some(rest) = name.strip_prefix("AWS ") {
        variants.push(format!("Amazon {rest}"));
    }
    variants
}

#[expect(
    clippy::string_slice,
    reason = "match bounds of UTF-8 patterns are character boundaries"
)]
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A service named in a heading that the catalog does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundService {
    /// Its name, as the heading writes it.
    pub name: String,
    /// The first heading that named it.
    pub heading: Location,
}

/// Services named in headings (`## Amazon Foo (preview)`) that the catalog does not know,
/// each with the first heading that named it.
fn discover(corpus: &Corpus, catalogued: &Services) -> Vec<FoundService> {
    let per_note: Vec<Vec<FoundService>> = corpus
        .notes
        .par_iter()
        .map(|note| discover_in(note, catalogued))
        .collect();
    let mut found = FoundNames::default();
    for FoundService { name, heading } in per_note.into_iter().flatten() {
        found.add(name, heading);
    }
    found.list
}

/// Names found so far, with a set of their spellings for an `O(1)` "already found?".
#[derive(Default)]
struct FoundNames {
    list: Vec<FoundService>,
    /// Every found name and its `Amazon`/`AWS` twin, ASCII lower case.
    spellings: std::collections::HashSet<String>,
}

impl FoundNames {
    /// Whether `name` is one of the found names, or its `Amazon`/`AWS` twin (any ASCII case).
    fn contains(&self, name: &str) -> bool {
        self.spellings.contains(&name.to_ascii_lowercase())
    }

    /// Add `name` unless it (or its twin) is already there.
    fn add(&mut self, name: String, heading: Location) {
        if self.contains(&name) {
            return;
        }
        for variant in prefix_variants(&name) {
            self.spellings.insert(variant.to_ascii_lowercase());
        }
        self.list.push(FoundService { name, heading });
    }
}

/// The uncatalogued services named in one note's headings, first naming first.
/// `catalogued` is [`Services::catalogued_only`].
pub fn discover_in(note: &Note, catalogued: &Services) -> Vec<FoundService> {
    let mut found = FoundNames::default();
    // Names that pass the checks on the name alone, in note order; the note's text is then
    // read once for all of them.
    let mut pending: Vec<(String, Location)> = Vec::new();
    for section in note.sections.iter().filter(|s| s.level > 0) {
        let known: Vec<Range<usize>> = catalogued.find(&section.heading).map(|(r, _)| r).collect();
        for candidate in HEADING_SERVICE.find_iter(&section.heading) {
            // A catalogued name overlapping the candidate (`AWS Identity and Access Management`) wins.
            if known
                .iter()
                .any(|r| r.start < candidate.end() && candidate.start() < r.end)
            {
                continue;
            }
            let name = trim_name(candidate.as_str());
            if name.split_whitespace().count() < 2
                || name
                    .split_whitespace()
                    .skip(1)
                    .any(|w| NOT_SERVICE_WORDS.contains(&w))
                || catalogued.find(&name).next().is_some()
                || plural_twin(&name, catalogued)
            {
                continue;
            }
            pending.push((name, Location::new(&note.shown_path, section.line, 1)));
        }
    }
    let plain = pending
        .iter()
        .map(|(name, _)| plain_words(name).unwrap_or_default());
    let lower_case_uses = super::definitions::uses_of_each(plain, &note.markdown);
    for ((name, heading), uses) in pending.into_iter().zip(lower_case_uses) {
        if uses == 0 {
            found.add(name, heading);
        }
    }
    found.list
}

/// Whether `name` is a catalogued service's name with an `s` added or dropped (`Amazon VPCs`,
/// `AWS Organization`): the same service, written as a plural or a singular.
fn plural_twin(name: &str, catalogued: &Services) -> bool {
    let twin = match name.strip_suffix('s') {
        Some(singular) => singular.to_string(),
        None => format!("{name}s"),
    };
    catalogued.lookup(&twin).is_some()
}

/// The words after `name`'s `AWS`/`Amazon` in lower case, when they have capitals: a heading
/// whose words the note also writes in lower case, on word boundaries, is a topic, not a
/// product (`AWS Status` beside "check the status of…", `AWS Availability Zones` beside "two
/// availability zones"); a product's name keeps its capitals wherever it is written.
fn plain_words(name: &str) -> Option<String> {
    let (_, rest) = name.split_once(' ')?;
    let plain = rest.to_lowercase();
    (plain != rest).then_some(plain)
}

/// Drop trailing words that are not part of a name (`Amazon Nova Models` keeps all; `AWS Glue Basics` too:
/// only a few generic words are cut).
fn trim_name(candidate: &str) -> String {
    let mut words: Vec<&str> = candidate.split_whitespace().collect();
    while words.len() > 2
        && matches!(
            *words.last().unwrap_or(&""),
            "Overview"
                | "Basics"
                | "Features"
                | "Pricing"
                | "Components"
                | "Concepts"
                | "Summary"
                | "Use"
                | "Key"
                | "Core"
                | "GraphQL"
                | "API"
                | "APIs"
                | "SDK"
                | "Models"
                | "Model"
        )
    {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services(catalog: &str) -> Services {
        Services::of_catalog(catalog)
    }

    const CATALOG: &str = r#"
[[service]]
name = "Amazon SageMaker"
aliases = ["SageMaker"]
[[service]]
name = "Amazon SageMaker Clarify"
aliases = ["SageMaker Clarify"]
parent = "Amazon SageMaker"
[[service]]
name = "Amazon S3"
aliases = ["S3"]
[[service]]
name = "Amazon S3 Glacier"
aliases = ["S3 Glacier"]
parent = "Amazon S3"
[[service]]
name = "Amazon Bedrock"
aliases = ["Bedrock"]
"#;

    fn names(s: &Services, text: &str) -> Vec<String> {
        s.find(text)
            .map(|(r, i)| format!("{}={}", &text[r], s.list[i].name))
            .collect()
    }

    #[test]
    fn longest_match_wins_on_word_boundaries() {
        let s = services(CATALOG);
        assert_eq!(
            names(&s, "Use Amazon SageMaker Clarify, then SageMaker."),
            [
                "Amazon SageMaker Clarify=Amazon SageMaker Clarify",
                "SageMaker=Amazon SageMaker"
            ]
        );
        assert_eq!(
            names(&s, "Amazon S3 Glacier and S3"),
            ["Amazon S3 Glacier=Amazon S3 Glacier", "S3=Amazon S3"]
        );
        assert!(names(&s, "BedrockX and S3x and xS3").is_empty());
    }

    #[test]
    fn prefix_variants_resolve_to_one_service() {
        let s = services(CATALOG);
        assert_eq!(names(&s, "AWS Bedrock"), ["AWS Bedrock=Amazon Bedrock"]);
        assert_eq!(s.lookup("aws bedrock"), s.lookup("Amazon Bedrock"));
    }

    #[test]
    fn urls_are_not_mentions() {
        let s = services(CATALOG);
        assert!(names(&s, "see https://example.com/Bedrock now").is_empty());
        let text = "https://x.io/S3,S3 www.S3 S3 ftp:/ /S3 a://b\u{a0}S3 c:/\u{2003}//S3";
        assert_eq!(
            names(&s, text),
            [
                "S3=Amazon S3",
                "S3=Amazon S3",
                "S3=Amazon S3",
                "S3=Amazon S3"
            ]
        );
    }

    #[test]
    fn url_tokens_are_found_as_a_whole_text_scan_finds_them() {
        // The token before each match, as a scan back from the match reads it.
        let scan = |text: &str, at: usize| {
            let start = text[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let token = &text[start..at];
            token.contains("://") || token.starts_with("www.")
        };
        let text = "a :// b x://y www.z w\u{a0}www.q :/\u{2003}/ ://:// é://é end";
        let mut tracker = UrlTracker::default();
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            assert_eq!(tracker.inside_url(text, at), scan(text, at), "at {at}");
        }
    }

    #[test]
    fn topic_headings_and_plurals_are_no_services() {
        let uses = |name: &str, text: &str| {
            super::super::definitions::uses_of_each(plain_words(name).into_iter(), text)
                .first()
                .copied()
                .unwrap_or(0)
        };
        let text = "Check the status page and tag your resources with tags.";
        assert_eq!(uses("AWS Status", text), 1);
        assert_eq!(uses("AWS Tags", text), 1);
        assert_eq!(
            uses("AWS Snowmobile", "Data goes on the AWS Snowmobile truck."),
            0
        );
        assert_eq!(uses("AWS Status", "The Status page."), 0);
        let s = services(
            "[[service]]\nname = \"Amazon VPC\"\n\n[[service]]\nname = \"AWS Organizations\"\n",
        );
        assert!(plural_twin("Amazon VPCs", &s));
        assert!(plural_twin("AWS Organization", &s));
        assert!(!plural_twin("AWS Batch", &s));
    }

    #[test]
    fn parents_link_both_ways() {
        let s = services(CATALOG);
        let clarify = s.lookup("SageMaker Clarify").unwrap();
        let sagemaker = s.lookup("Amazon SageMaker").unwrap();
        assert_eq!(s.list[clarify].parent, Some(sagemaker));
        assert!(s.list[sagemaker].children.contains(&clarify));
    }
}
