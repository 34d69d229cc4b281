//! The site pipeline: notes in, a written site out.
//!
//! The modules are the stages of the build, in order: [`config`] and [`content`] (load
//! notes; structure recovery is the `notesite-ingest` crate), [`knowledge`] (services,
//! facts, glossary, comparisons), [`site`] (lay out pages and URLs), [`render`] (markdown
//! and templates) and [`search`] (the documents given to the `notesite-search` crate),
//! [`output`] (write atomically, never over what notesite did not write). [`build`] runs
//! them; [`check`] validates a site without writing it; [`diagnostics`] is how every stage
//! reports problems with a location; [`ids`] are the typed ids of services, notes and pages.
//!
//! Slicing a `str` at a byte offset panics when the offset splits a character, and note
//! text is full of multi-byte characters (U+00A0, accents, emoji). Every such slice in this
//! crate is flagged by clippy's `string_slice`, and each function that slices says, in its
//! `expect` attribute, why its offsets are character boundaries (tests may slice freely).
#![cfg_attr(not(test), warn(clippy::string_slice))]

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod ids;
pub mod knowledge;
pub mod output;
pub mod render;
pub mod search;
pub mod site;
