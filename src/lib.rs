//! notesite compiles a folder of study notes into a cross-linked static website that works
//! opened from disk, on GitHub Pages, and in a live-reload server.
//!
//! The modules are the stages of the build, in order: [`config`] and [`content`] (load
//! notes), [`knowledge`] (what the notes say about each service), [`site`] (lay out pages),
//! [`render`] (markdown and templates) and [`search`] (the index and its browser export),
//! [`output`] (write atomically). [`build`] runs them and [`check`] verifies the result;
//! [`serve`] rebuilds on change and serves the output; [`cli`] is the command line on top;
//! [`diagnostics`] are the located messages every stage reports. This crate is not a
//! general markdown library: its API serves the `notesite` binary and its tests.
//!
//! Slicing a `str` at a byte offset panics when the offset splits a character, and note
//! text is full of multi-byte characters (U+00A0, accents, emoji). Every such slice in this
//! crate is flagged by clippy's `string_slice`, and each function that slices says, in its
//! `expect` attribute, why its offsets are character boundaries (tests may slice freely).
#![cfg_attr(not(test), warn(clippy::string_slice))]

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod knowledge;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
