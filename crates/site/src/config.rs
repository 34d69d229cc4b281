//! The site configuration, `notesite.toml` at the site root.
//!
//! Input: the file's text. Output: a [`Config`], or a located error naming the bad key.
//! A missing file is not an error: every key has a default, so any folder of notes builds.

use crate::diagnostics::{Diagnostic, LineIndex, Location};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "notesite.toml";

/// Site-wide settings from `notesite.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in the header and the browser tab.
    pub title: String,
    /// One-line description, used on the home page and in meta tags.
    pub description: String,
    /// Author shown in the footer and meta tags.
    pub author: String,
    /// Theme folder name under `themes/` (`default` is built in).
    pub theme: String,
    /// Language of the notes, for `<html lang>`.
    pub language: String,
    /// Absolute URL of the published site; only used for sitemap and absolute links.
    pub base_url: Option<String>,
    /// `[markdown]`: how the notes' markdown becomes HTML.
    pub markdown: MarkdownConfig,
    /// `[search]`: what the search index knows beyond the notes.
    pub search: SearchConfig,
}

/// The `[search]` table of `notesite.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Per service (canonical name or alias): words a search should find its page by, such
    /// as what it does (`"Amazon Polly" = ["speech synthesis", "tts"]`). They are indexed
    /// with the service's page only; unlike aliases, they are not linked in the notes.
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

/// The `[markdown]` table of `notesite.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// What HTML written in notes (and `javascript:` links) becomes; `sanitize` by default.
    pub raw_html: RawHtml,
}

/// What happens to HTML written in a note (`<details>`, `<script>`, ...) and to links with
/// script URLs (`javascript:`, `vbscript:`, `data:` other than images).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Harmless HTML is kept; scripts, styles, event handlers, frames, forms and script
    /// URLs are removed, so nothing in a note runs in the reader's browser.
    #[default]
    Sanitize,
    /// Kept exactly as written: the notes are the site owner's own and may run scripts.
    Trusted,
    /// Shown as text, tags and all; script URLs are not links.
    Escape,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Notes".to_string(),
            description: String::new(),
            author: String::new(),
            theme: "default".to_string(),
            language: "en".to_string(),
            base_url: None,
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
        }
    }
}

impl Config {
    /// Read `notesite.toml` from the site root; defaults when the file does not exist.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, Path::new(CONFIG_FILE)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Diagnostic::error(
                Some(Location::file(CONFIG_FILE)),
                format!("cannot read the configuration: {e}"),
            )
            .with_hint("check the file's permissions")),
        }
    }

    /// Parse the text of a configuration file; `shown_as` names it in errors.
    pub fn parse(text: &str, shown_as: &Path) -> Result<Config, Diagnostic> {
        toml::from_str::<Config>(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| LineIndex::new(text).line_col(text, span.start))
                .unwrap_or((0, 0));
            let message = e.message().trim().to_string();
            let hint = if message.starts_with("unknown field") {
                "known keys are title, description, author, theme, language, base_url and the table [markdown] (raw_html); remove or rename the key"
            } else if message.starts_with("unknown variant") {
                "use one of the values the message lists, e.g. raw_html = \"sanitize\""
            } else {
                "fix the TOML syntax at this place (strings need quotes, e.g. title = \"My notes\")"
            };
            Diagnostic::error(
                Some(Location::new(shown_as, line, column)),
                format!("invalid configuration: {message}"),
            )
            .with_hint(hint)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_naming_key_file_and_line() {
        let err = Config::parse(
            "title = \"x\"\ncolour = \"red\"\n",
            Path::new("notesite.toml"),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("notesite.toml:2:1"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn missing_keys_take_defaults() {
        let config = Config::parse("title = \"Mine\"", Path::new("notesite.toml")).unwrap();
        assert_eq!(config.title, "Mine");
        assert_eq!(config.theme, "default");
        assert_eq!(config.language, "en");
        assert_eq!(config.markdown.raw_html, RawHtml::Sanitize);
    }

    #[test]
    fn raw_html_policy_is_read_and_a_wrong_value_is_located() {
        let config = Config::parse(
            "[markdown]\nraw_html = \"trusted\"\n",
            Path::new("notesite.toml"),
        );
        assert_eq!(config.unwrap().markdown.raw_html, RawHtml::Trusted);
        let err = Config::parse(
            "[markdown]\nraw_html = \"maybe\"\n",
            Path::new("notesite.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("notesite.toml:2:"), "{err}");
        assert!(err.contains("sanitize"), "{err}");
    }
}
