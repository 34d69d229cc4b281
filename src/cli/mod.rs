//! The command line: one file per subcommand, each a thin layer that calls the library and
//! prints for a person.
//!
//! Input: parsed arguments. Output: text on the terminal and the process exit code.

pub mod build;
pub mod import;
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
    /// Build the site: content/ → public/ (replaced only when the whole build succeeds)
    Build(build::BuildArgs),
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
        Command::Search(args) => search::run(&args),
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
