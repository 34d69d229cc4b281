//! Comparison tables: one per category (its services against the fact keys most of them
//! share) and the ones declared in `content/comparisons.toml`.
//!
//! Input: services, facts and the declared file. Output: [`Comparison`]s (services and facet
//! keys; the cells are looked up from the facts when rendered) and located warnings.

use super::facts::{normalise, Fact};
use super::services::{Services, UNCATEGORISED};
use crate::content::slug::slugify;
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::ids::ServiceId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A table putting services side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Title (`CloudTrail vs CloudWatch vs X-Ray`).
    pub title: String,
    /// URL part.
    pub slug: String,
    /// Optional introduction.
    pub intro: Option<String>,
    /// Rows.
    pub services: Vec<ServiceId>,
    /// Services of the category that state none of the columns' facts (listed below).
    pub others: Vec<ServiceId>,
    /// Columns: `(key as shown, normalised key)`.
    pub facets: Vec<(String, String)>,
    /// The category, for per-category tables.
    pub category: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredFile {
    #[serde(default)]
    comparison: Vec<Declared>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Declared {
    title: String,
    services: Vec<String>,
    #[serde(default)]
    facets: Vec<String>,
    #[serde(default)]
    intro: Option<String>,
}

/// The comparisons declared in `content/comparisons.toml`, if it exists, or the error that
/// makes the file unusable; names that are not services are warnings put in `warnings`.
pub fn declared(
    content_dir: &Path,
    site_root: &Path,
    services: &Services,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Comparison>, Diagnostic> {
    let path = content_dir.join("comparisons.toml");
    let shown = crate::diagnostics::display_path(&path, site_root);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::error(
                Some(Location::file(&shown)),
                format!("cannot read the comparisons: {e}"),
            ))
        }
    };
    let lines = LineIndex::new(&text);
    let file: DeclaredFile = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| lines.line_col(&text, s.start)).unwrap_or((0, 0));
        Diagnostic::error(Some(Location::new(&shown, line, column)), format!("invalid comparisons file: {}", e.message().trim()))
            .with_hint("each comparison is a [[comparison]] table with title, services, and optionally facets and intro")
    })?;
    let comparisons = file
        .comparison
        .into_iter()
        .map(|d| {
            let rows = d
                .services
                .iter()
                .filter_map(|name| {
                    let found = services.lookup(name);
                    if found.is_none() {
                        let offset = text.find(&format!("\"{name}\"")).unwrap_or(0);
                        let (line, column) = lines.line_col(&text, offset);
                        warnings.push(Diagnostic::warning(Some(Location::new(&shown, line, column)), format!("comparison `{}` names `{name}`, which is not a known service", d.title)).with_hint("use a service's name or alias from services.toml, or add the service there"));
                    }
                    found
                })
                .collect();
            Comparison { slug: slugify(&d.title), others: Vec::new(), facets: d.facets.iter().map(|f| (f.clone(), normalise(f))).collect(), title: d.title, intro: d.intro, services: rows, category: None }
        })
        .collect();
    Ok(comparisons)
}

/// Most compared services must state a fact for it to be a column: a column is kept only
/// while the table's empty cells stay at or under this share (and the fact is stated by
/// more than half of the services shown).
const MAX_EMPTY: f32 = 0.2;

/// At most this many fact columns per table.
const MAX_FACETS: usize = 5;

/// One comparison per category that has at least two services with notes. Columns are the
/// fact keys most of its services state (see [`MAX_EMPTY`]), most stated first; rows are the
/// services that state at least one of them (the others are listed under the table). A key
/// that reads as a value rather than an attribute (an identifier such as `AllAtOnce`, or a
/// service's name) is never a column.
pub fn by_category(services: &Services, facts: &[Fact], has_page: &[bool]) -> Vec<Comparison> {
    let mut rows: BTreeMap<&str, Vec<ServiceId>> = BTreeMap::new();
    for (index, service) in services.list.iter().enumerate() {
        let index = ServiceId::new(index);
        if has_page[index] && service.category != UNCATEGORISED {
            rows.entry(service.category.as_str())
                .or_default()
                .push(index);
        }
    }
    rows.retain(|_, rows| rows.len() >= 2);
    // The table each service is a row of; per table, per normalised key: the services that
    // have it and the key as first written.
    let mut table_of: Vec<Option<usize>> = vec![None; services.list.len()];
    for (table, services) in rows.values().enumerate() {
        for &service in services {
            table_of[service.index()] = Some(table);
        }
    }
    type Keys<'a> = HashMap<&'a str, (Vec<ServiceId>, &'a str)>;
    let mut keys: Vec<Keys> = vec![HashMap::new(); rows.len()];
    for fact in facts {
        let Some(table) = table_of[fact.service.index()] else {
            continue;
        };
        if !is_attribute(&fact.key, services) {
            continue;
        }
        let entry = keys[table]
            .entry(&fact.key_id)
            .or_insert((Vec::new(), &fact.key));
        if !entry.0.contains(&fact.service) {
            entry.0.push(fact.service);
        }
    }
    rows.into_iter()
        .zip(keys)
        .map(|((category, members), keys)| {
            let mut shared: Vec<(&str, Vec<ServiceId>, &str)> = keys
                .into_iter()
                .filter(|(_, (s, _))| s.len() >= 2)
                .map(|(id, (s, shown))| (id, s, shown))
                .collect();
            shared.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
            let (facets, shown_rows) = dense_columns(&shared, &members);
            let rows: Vec<ServiceId> = if facets.is_empty() {
                members.clone()
            } else {
                shown_rows
            };
            let others = members.into_iter().filter(|s| !rows.contains(s)).collect();
            Comparison {
                title: format!("{category} services compared"),
                slug: slugify(category),
                intro: None,
                services: rows,
                others,
                facets: facets
                    .into_iter()
                    .map(|(id, shown)| (shown.to_string(), id.to_string()))
                    .collect(),
                category: Some(category.to_string()),
            }
        })
        .collect()
}

/// The columns of a table and its rows: keys taken most stated first while every row
/// states at least one of them and the empty cells stay under [`MAX_EMPTY`].
fn dense_columns<'a>(
    shared: &[(&'a str, Vec<ServiceId>, &'a str)],
    members: &[ServiceId],
) -> (Vec<(&'a str, &'a str)>, Vec<ServiceId>) {
    let mut facets: Vec<&(&str, Vec<ServiceId>, &str)> = Vec::new();
    let mut rows: Vec<ServiceId> = Vec::new();
    for key in shared {
        if facets.len() == MAX_FACETS {
            break;
        }
        let mut trial = facets.clone();
        trial.push(key);
        // Rows: the services that state at least one of the columns.
        let trial_rows: Vec<ServiceId> = members
            .iter()
            .copied()
            .filter(|s| trial.iter().any(|k| k.1.contains(s)))
            .collect();
        let filled: usize = trial
            .iter()
            .map(|k| k.1.iter().filter(|s| trial_rows.contains(s)).count())
            .sum();
        let cells = trial.len() * trial_rows.len();
        let empty = 1.0 - filled as f32 / cells as f32;
        let most = 2 * key.1.len() > trial_rows.len();
        if trial_rows.len() >= 2 && most && empty <= MAX_EMPTY {
            facets = trial;
            rows = trial_rows;
        }
    }
    (facets.iter().map(|k| (k.0, k.2)).collect(), rows)
}

/// Whether a fact key names an attribute of services (`Pricing`, `Use cases`) rather than a
/// value some of them share: an identifier written as one word with inner capitals
/// (`AllAtOnce`, a setting's value) or the name of a service is a value.
fn is_attribute(key: &str, services: &Services) -> bool {
    let key = key.trim();
    let one_word = !key.contains(char::is_whitespace);
    let inner_capital = key
        .chars()
        .skip(1)
        .zip(key.chars())
        .any(|(c, before)| c.is_uppercase() && before.is_lowercase());
    !(one_word && inner_capital) && services.lookup(key).is_none()
}
