//! Readable ids and URL parts made from headings and file names.
//!
//! Input: text. Output: a lower-case, hyphenated slug that keeps letters of any script.

/// A slug: lower-case letters and digits, runs of anything else turned into one `-`.
pub fn slugify(text: &str) -> String {
    slug_keeping(text, |c| c.is_alphanumeric())
}

/// [`slugify`], keeping `_` as written (`privacy_policy`), for a name that would otherwise
/// share its slug with a neighbour's (`privacy-policy`).
pub fn slugify_keeping_underscores(text: &str) -> String {
    slug_keeping(text, |c| c.is_alphanumeric() || c == '_')
}

fn slug_keeping(text: &str, kept: impl Fn(char) -> bool) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if kept(c) {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    slug
}

/// Hands out ids that are unique on one page, by adding `-1`, `-2`, ... to repeats.
///
/// Each base remembers the next suffix to try, so `n` repeats of one heading cost `O(n)`,
/// not `O(n²)`: a suffix below it is already taken, and ids are never given back.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: std::collections::HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// A set with `reserved` ids already taken (ids the page template uses itself).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        UniqueIds {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next_suffix: std::collections::HashMap::new(),
        }
    }

    /// Take exactly `id`; `false` (and nothing taken) when it is already taken.
    pub fn take_exact(&mut self, id: &str) -> bool {
        !self.taken.contains(id) && self.taken.insert(id.to_string())
    }

    /// Take `wanted` if free, else the first free `wanted-N` (N = 1, 2, ...).
    pub fn take(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.take_exact(base) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// Ids the page templates use for their own elements; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "content",
    "nav",
    "toc",
    "search",
    "header",
    "footer",
    "sidebar",
    "footnotes",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slugify("Amazon Bedrock Knowledge Bases"),
            "amazon-bedrock-knowledge-bases"
        );
        assert_eq!(slugify("  1.1 What's new? (2025) "), "1-1-whats-new-2025");
        assert_eq!(slugify("Précision & Rappel"), "précision-rappel");
        assert_eq!(slugify("***"), "");
        assert_eq!(slugify("privacy_policy"), "privacy-policy");
        assert_eq!(
            slugify_keeping_underscores("Privacy_Policy"),
            "privacy_policy"
        );
    }

    #[test]
    fn repeated_ids_get_suffixes_and_reserved_ids_are_avoided() {
        let mut ids = UniqueIds::with_reserved(RESERVED_IDS);
        assert_eq!(ids.take("pricing"), "pricing");
        assert_eq!(ids.take("pricing"), "pricing-1");
        assert_eq!(ids.take("main"), "main-1");
        assert_eq!(ids.take(""), "section");
    }

    #[test]
    fn suffixes_skip_ids_taken_exactly_and_stay_in_order() {
        let mut ids = UniqueIds::default();
        assert!(ids.take_exact("same-2"));
        assert!(!ids.take_exact("same-2"));
        let got: Vec<String> = (0..5).map(|_| ids.take("same")).collect();
        assert_eq!(got, ["same", "same-1", "same-3", "same-4", "same-5"]);
        assert_eq!(ids.take("same-1"), "same-1-1");
    }
}
