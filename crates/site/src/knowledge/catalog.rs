//! The service catalog: canonical AWS service names, safe aliases, categories, parents,
//! one-line summaries and keywords of what each does, from the built-in catalog and the site's `content/services.toml`.
//!
//! Input: the TOML texts. Output: a [`Catalog`], or a located error for a broken file.

use crate::diagnostics::{Diagnostic, LineIndex, Location};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The catalog notesite ships with (the example site's own), used by every site; a site's
/// `content/services.toml` adds services or replaces entries of the same name.
pub const BUILT_IN: &str = include_str!("../../../../content/services.toml");

/// One catalogued service as written in `services.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// Canonical name (`Amazon SageMaker Clarify`).
    pub name: String,
    /// Other names that safely mean this service (`SageMaker Clarify`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Category (`ML platform`, `Generative AI`, ...).
    #[serde(default)]
    pub category: Option<String>,
    /// Canonical name of the parent service.
    #[serde(default)]
    pub parent: Option<String>,
    /// One line on what it is.
    #[serde(default)]
    pub summary: Option<String>,
    /// What it does, in the words a student searches with (`speech synthesis`, `OCR`):
    /// search finds its page by them.
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    service: Vec<ServiceEntry>,
}

/// The merged catalog.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Catalog {
    /// Entries in file order; site entries replace built-in ones with the same name.
    pub entries: Vec<ServiceEntry>,
}

impl Catalog {
    /// The built-in catalog with the site's `services.toml` (when it exists) merged on top.
    pub fn load(content_dir: &Path, site_root: &Path) -> Result<Catalog, Diagnostic> {
        let mut catalog = Catalog::parse(BUILT_IN, Path::new("(built-in catalog)"))?;
        let path = content_dir.join("services.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let shown = crate::diagnostics::display_path(&path, site_root);
                catalog.merge(Catalog::parse(&text, &shown)?);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let shown = crate::diagnostics::display_path(&path, site_root);
                return Err(Diagnostic::error(
                    Some(Location::file(shown)),
                    format!("cannot read the service catalog: {e}"),
                )
                .with_hint("check the file's permissions"));
            }
        }
        Ok(catalog)
    }

    /// Parse a catalog file; `shown_as` names it in errors.
    pub fn parse(text: &str, shown_as: &Path) -> Result<Catalog, Diagnostic> {
        let file: CatalogFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| LineIndex::new(text).line_col(text, s.start)).unwrap_or((0, 0));
            Diagnostic::error(Some(Location::new(shown_as, line, column)), format!("invalid service catalog: {}", e.message().trim()))
                .with_hint("each service is a [[service]] table with name, and optionally aliases, category, parent, summary and keywords")
        })?;
        Ok(Catalog {
            entries: file.service,
        })
    }

    /// Add `other`'s entries, replacing entries of the same name.
    pub fn merge(&mut self, other: Catalog) {
        for entry in other.entries {
            match self.entries.iter_mut().find(|e| e.name == entry.name) {
                Some(existing) => *existing = entry,
                None => self.entries.push(entry),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_catalog_parses_and_is_large() {
        let catalog = Catalog::parse(BUILT_IN, Path::new("x")).unwrap();
        assert!(catalog.entries.len() >= 60, "{}", catalog.entries.len());
    }

    #[test]
    fn every_built_in_service_has_a_category_a_summary_and_keywords_of_its_own() {
        let catalog = Catalog::parse(BUILT_IN, Path::new("x")).unwrap();
        let mut owner: std::collections::HashMap<String, &str> = Default::default();
        for entry in &catalog.entries {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                owner.insert(name.to_lowercase(), &entry.name);
            }
        }
        for entry in &catalog.entries {
            let name = &entry.name;
            assert!(
                entry.category.as_deref().is_some_and(|c| !c.is_empty()),
                "{name}: no category"
            );
            assert!(
                entry.summary.as_deref().is_some_and(|s| s.len() > 20),
                "{name}: no summary"
            );
            assert!(
                (1..=10).contains(&entry.keywords.len()),
                "{name}: {} keywords",
                entry.keywords.len()
            );
            for keyword in &entry.keywords {
                // A keyword names what one service does: neither another's keyword nor a name.
                let previous = owner.insert(keyword.to_lowercase(), name);
                assert!(
                    previous.is_none(),
                    "{name}: `{keyword}` is already {previous:?}'s"
                );
            }
        }
    }

    #[test]
    fn site_entries_replace_built_in_ones() {
        let mut catalog = Catalog::parse(
            "[[service]]\nname = \"Amazon Bedrock\"\nsummary = \"a\"\n",
            Path::new("x"),
        )
        .unwrap();
        catalog.merge(Catalog::parse("[[service]]\nname = \"Amazon Bedrock\"\nsummary = \"b\"\n[[service]]\nname = \"AWS New\"\n", Path::new("y")).unwrap());
        assert_eq!(catalog.entries.len(), 2);
        assert_eq!(catalog.entries[0].summary.as_deref(), Some("b"));
    }

    #[test]
    fn unknown_keys_are_located_errors() {
        let err = Catalog::parse(
            "[[service]]\nname = \"A\"\ncolour = 1\n",
            Path::new("content/services.toml"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("content/services.toml:3:1"),
            "{err}"
        );
    }
}
