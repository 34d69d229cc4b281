//! Search: a tantivy index of every section built at build time, exported as sharded
//! script files the browser loads on demand, and queried the same way by `notesite search`.
//!
//! Input: the site map, corpus and knowledge. Output: the index (kept in the cache folder
//! for the CLI) and the files under `public/search/`.

pub mod cache;
pub mod documents;
pub mod export;
pub mod fold;
pub mod index;
pub mod pack;
pub mod query;
pub mod shards;
