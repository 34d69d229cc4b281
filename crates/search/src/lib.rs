//! Search: a tantivy index of every section built at build time, exported as sharded
//! script files the browser loads on demand, and queried the same way by `notesite search`.
//!
//! Input: [`doc::SearchDoc`]s (one per section; the site pipeline makes them, this crate
//! knows nothing of pages or notes). Output: the tantivy index, the files under
//! `public/search/` ([`ExportFile`]s) and ranked results for a query ([`query`]).
//! `search.js`, the browser side of the same ranking, is an asset of this crate
//! ([`BROWSER_RUNTIME`]).
#![cfg_attr(not(test), warn(clippy::string_slice))]

pub mod doc;
pub mod export;
pub mod fold;
pub mod group;
pub mod index;
pub mod pack;
pub mod pairs;
pub mod plan;
pub mod query;
pub mod shards;
pub mod stem;

/// One file of the exported index, at a `/`-separated path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Path relative to the output folder (`search/manifest.js`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The browser runtime (`assets/search.js` in every built site): it loads the exported
/// files and ranks results with the same rules as [`query`]. A theme or site may override
/// the file, but the one here is what the parity tests check.
/// It is `assets/stemmer.js` followed by `assets/search.js`: one classic script, so that it
/// runs from `file://` too.
pub const BROWSER_RUNTIME: &str = concat!(
    include_str!("../assets/stemmer.js"),
    include_str!("../assets/search.js")
);

/// Where [`BROWSER_RUNTIME`] is written, relative to the output folder.
pub const BROWSER_RUNTIME_PATH: &str = "assets/search.js";
