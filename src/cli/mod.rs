//! The command line: one file per subcommand, each a thin layer that calls the library and
//! prints for a person.
//!
//! Input: parsed arguments. Output: text on the terminal and the process exit code.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod search;
pub mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// notesite: compile a folder of study notes into a cross-linked, searchable website
/// that works offline (opened from disk), on GitHub Pages, and with live reload.
#[derive(Debug, Parser)]
#[command(name = "notesite", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new notes site: notesite.toml, content/, .gitignore and a GitHub Pages workflow
    Init(init::InitArgs),
    /// Build the site: content/ → public/ (replaced only when the whole build succeeds)
    Build(build::BuildArgs),
    /// Verify the whole site: links, anchors, reachability, wiki-links, catalog, titles
    Check(check::CheckArgs),
    /// Search the notes from the terminal, ranked as the site's search box ranks
    Search(search::SearchArgs),
    /// Build, serve on localhost and rebuild on every change, with live reload in the browser
    Serve(serve::ServeArgs),
    /// Turn plain-text or messy notes into clean markdown with a recovered outline
    Import(import::ImportArgs),
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}

/// The site root given with `--root`, or the current folder.
fn root_or_current(root: &Option<PathBuf>) -> PathBuf {
    root.clone().unwrap_or_else(|| PathBuf::from("."))
}

/// `<root>/public`, written plainly as `public` when the root is the current folder.
fn default_output(root: &std::path::Path) -> PathBuf {
    if root == std::path::Path::new(".") {
        PathBuf::from("public")
    } else {
        root.join("public")
    }
}
