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
            Comparison { slug: slugify(&d.title), facets: d.facets.iter().map(|f| (f.clone(), normalise(f))).collect(), title: d.title, intro: d.intro, services: rows, category: None }
        })
        .collect();
    Ok(comparisons)
}

/// One comparison per category that has at least two services with notes: columns are the
/// fact keys that at least two of its services share, most shared first (up to five).
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
        let entry = keys[table]
            .entry(&fact.key_id)
            .or_insert((Vec::new(), &fact.key));
        if !entry.0.contains(&fact.service) {
            entry.0.push(fact.service);
        }
    }
    rows.into_iter()
        .zip(keys)
        .map(|((category, rows), keys)| {
            let mut shared: Vec<(&str, usize, &str)> = keys
                .into_iter()
                .filter(|(_, (s, _))| s.len() >= 2)
                .map(|(id, (s, shown))| (id, s.len(), shown))
                .collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            Comparison {
                title: format!("{category} services compared"),
                slug: slugify(category),
                intro: None,
                services: rows,
                facets: shared
                    .into_iter()
                    .take(5)
                    .map(|(id, _, shown)| (shown.to_string(), id.to_string()))
                    .collect(),
                category: Some(category.to_string()),
            }
        })
        .collect()
}
