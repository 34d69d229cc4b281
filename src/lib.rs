//! notesite compiles a folder of study notes into a cross-linked static website that works
//! opened from disk, on GitHub Pages, and in a live-reload server.
//!
//! This root crate is the command line ([`cli`]) and the live-reload server ([`serve`]).
//! The pipeline they drive lives in the workspace's crates and is re-exported here under
//! its old paths (`notesite::build`, `notesite::search::query`, ...): `notesite-site`
//! (load, knowledge, lay out, render, write), which uses `notesite-ingest` (structure
//! recovery of plain text and loose markdown) and `notesite-search` (the tantivy index, its
//! export and the shared ranking). ARCHITECTURE.md has the picture.
#![cfg_attr(not(test), warn(clippy::string_slice))]

pub mod cli;
pub mod serve;

pub use notesite_site::{
    build, check, config, content, diagnostics, ids, knowledge, output, render, search, site,
};
