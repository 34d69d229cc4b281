//! Search, as the site sees it: the documents the site's pages give the index
//! ([`documents`]) and the index kept between runs for the CLI ([`cache`]). Indexing,
//! export and ranking are in the `notesite-search` crate, re-exported here.
//!
//! Input: the site map, corpus and knowledge. Output: the index (kept in the cache folder
//! for the CLI) and the files under `public/search/`.

pub mod cache;
pub mod documents;

pub use notesite_search::{doc, export, fold, group, index, pack, pairs, plan, query, shards};
