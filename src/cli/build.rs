//! `notesite build`: run one build and report it: every problem with its location, then
//! one line with pages, warnings and time.

use crate::build::{build_reporting, thousands, BuildOptions, StageTiming};
use crate::diagnostics::Diagnostic;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Options of `notesite build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site folder holding notesite.toml and content/ [default: current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include notes marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    /// Fail on warnings too (broken links, unclosed code blocks, ...)
    #[arg(long)]
    pub strict: bool,
    /// Print how long each stage of the build took
    #[arg(long)]
    pub timings: bool,
    /// Replace an output folder even if it holds files no notesite build wrote (they are
    /// deleted); folders holding notes, a site or a repository are still refused
    #[arg(long)]
    pub force: bool,
}

/// Run `notesite build`; returns the exit code.
pub fn run(args: &BuildArgs) -> anyhow::Result<i32> {
    let root = super::root_or_current(&args.root);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| super::default_output(&root));
    let options = BuildOptions {
        root,
        output: output.clone(),
        drafts: args.drafts,
        strict: args.strict,
        check: false,
        force: args.force,
    };
    // On a terminal, a status line says what a long build is doing; it is erased before
    // the report, and never written into logs or pipes.
    let status = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let progress = |what: &str| {
        if status {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2Knotesite: {what}… ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
            let _ = err.flush();
        }
    };
    let result = build_reporting(&options, &progress);
    if status {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if args.timings {
                for &StageTiming { stage, time } in &report.timings {
                    let note = match stage {
                        "render" | "search" => "  (render and search run at the same time)",
                        "recovery" => "  (plain-text and heading-less notes; CPU time over all notes, part of load)",
                        _ => "",
                    };
                    eprintln!("  {stage:<8} {:>8.1} ms{note}", time.as_secs_f64() * 1000.0);
                }
            }
            println!(
                "Built {} pages from {} note{}{} in {} → {}",
                thousands(report.pages),
                thousands(report.notes),
                if report.notes == 1 { "" } else { "s" },
                warning_count(report.warnings.len()),
                format_duration(report.elapsed),
                output.display()
            );
            Ok(0)
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = failure.diagnostics.len() - errors;
            let why = if errors == 0 {
                format!("{warnings} warning(s) with --strict")
            } else {
                format!("{errors} error(s){}", warning_count(warnings))
            };
            eprintln!(
                "Build failed: {why}; {} was left unchanged",
                output.display()
            );
            Ok(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}

fn warning_count(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    }
}

/// `183 ms` or `2.41 s`.
pub fn format_duration(duration: std::time::Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}
