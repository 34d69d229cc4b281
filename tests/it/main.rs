//! The integration tests, one binary (linking the pipeline once instead of once per file).
//! Each module is one area; `common` holds the helpers they share.
// A test binary has no public API: `pub` in its modules is only shared between them.
#![allow(unreachable_pub)]

mod build;
mod chapters;
mod common;
mod e2e;
mod first_use;
mod folders;
mod fuzz;
mod glossary;
mod incremental;
mod ingest;
mod knowledge;
mod large_notes;
mod links;
mod page_safety;
mod publish;
mod rankings;
mod safety;
mod search;
mod search_files;
mod search_parity;
mod serve;
mod serve_differential;
mod service_pages;
mod study;
mod study_js;
mod titles;
