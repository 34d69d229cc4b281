//! `notesite check`: build into a temporary folder and verify the whole site: links,
//! anchors, reachability, wiki-links, the service catalog and titles. Problems are grouped
//! by the note they come from, with `line:column`; errors make the exit status non-zero.

use crate::build::{build, BuildOptions};
use crate::diagnostics::{Diagnostic, Severity, Topic};
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Options of `notesite check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site folder holding notesite.toml and content/ [default: current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Include notes marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
}

/// Run `notesite check`; returns the exit code.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let root = super::root_or_current(&args.root);
    let output = std::env::temp_dir().join(format!("notesite-check-{}", std::process::id()));
    let options = BuildOptions {
        root,
        output: output.clone(),
        drafts: args.drafts,
        strict: false,
        check: true,
        force: false,
    };
    let result = build(&options);
    let _ = std::fs::remove_dir_all(&output);
    let (mut diagnostics, pages) = match result {
        Ok(report) => (report.warnings, Some(report.pages)),
        Err(failure) => (failure.diagnostics, None),
    };
    // A build only warns about a link to nothing; a check exists to stop one from shipping.
    for d in diagnostics.iter_mut().filter(|d| d.is_broken_link()) {
        d.severity = Severity::Error;
    }
    print_grouped(&diagnostics);
    let broken = |topic| diagnostics.iter().filter(|d| d.topic == topic).count();
    let (in_notes, in_site) = (
        broken(Topic::BrokenLinkInNote),
        broken(Topic::BrokenLinkInSite),
    );
    if in_notes + in_site > 0 {
        println!(
            "{} broken link(s), anchor(s) or wiki-link(s): {in_notes} written so in the notes, {in_site} in the pages notesite generated",
            in_notes + in_site
        );
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    // The whole-site checks fail a build on broken links only: the site itself was built.
    let built = pages.is_some()
        || diagnostics
            .iter()
            .all(|d| !d.is_error() || d.is_broken_link());
    match pages {
        Some(pages) if errors == 0 => {
            println!("Checked {pages} pages: no errors, {warnings} warning(s)")
        }
        Some(pages) => println!("Checked {pages} pages: {errors} error(s), {warnings} warning(s)"),
        None if built => println!("Checked the site: {errors} error(s), {warnings} warning(s)"),
        None => println!("The site does not build: {errors} error(s), {warnings} warning(s)"),
    }
    Ok(i32::from(errors > 0))
}

/// Print problems grouped by file, each as `line:col  severity  message` with its hint.
fn print_grouped(diagnostics: &[Diagnostic]) {
    let mut by_file: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let file = d
            .location
            .as_ref()
            .map_or_else(|| "(site)".to_string(), |l| l.file.display().to_string());
        by_file.entry(file).or_default().push(d);
    }
    for (file, mut problems) in by_file {
        problems.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        println!("{file}");
        for d in problems {
            let place = match d.location.as_ref().filter(|l| l.line > 0) {
                Some(l) if l.column > 0 => format!("{}:{}", l.line, l.column),
                Some(l) => l.line.to_string(),
                None => "-".into(),
            };
            let severity = if d.is_error() { "error" } else { "warning" };
            println!(
                "  {place:<8} {severity:<8} {}",
                d.message.replace('\n', "\n                    ")
            );
            if let Some(hint) = &d.hint {
                println!("                    hint: {hint}");
            }
        }
    }
}
