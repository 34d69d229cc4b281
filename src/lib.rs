//! notesite compiles a folder of study notes into a cross-linked static website that works
//! opened from disk, on GitHub Pages, and in a live-reload server.
//!
//! The modules are the stages of the build, in order: [`config`] and [`content`] (load
//! notes), [`site`] (lay out pages), [`render`] (markdown and templates), [`output`] (write
//! atomically). [`build`] runs them; [`cli`] is the command line on top. This crate is not a
//! general markdown library: its API serves the `notesite` binary and its tests.

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
