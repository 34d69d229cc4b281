//! `notesite import FILE...`: turn plain-text or messy-markdown notes into clean markdown
//! (with front matter) that can be edited from then on; `--check` only prints the outline.

use crate::content::ingest::{recover, OutlineHeading};
use crate::content::load::{note_kind, title_from_file_name};
use crate::content::NoteKind;
use clap::Args;
use std::path::{Path, PathBuf};

/// Options of `notesite import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Notes to import (.txt, or .md with bold "headings" or none)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Folder to write the .md files to [default: content/ under the current folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only print the recovered outline as an indented tree; write nothing
    #[arg(long)]
    pub check: bool,
    /// Replace .md files that already exist in the output folder
    #[arg(long)]
    pub force: bool,
}

/// Run `notesite import`; returns the exit code.
pub fn run(args: &ImportArgs) -> anyhow::Result<i32> {
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("content"));
    let mut failed = 0;
    for file in &args.files {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}\n  hint: check the path and the file's permissions", file.display());
                failed += 1;
                continue;
            }
        };
        let kind = note_kind(file).unwrap_or(NoteKind::PlainText);
        let normalised = crate::content::text::normalise(&text);
        if let Some((c, line, column)) = normalised.first_removed {
            eprintln!(
                "warning: {}:{line}:{column}: {} control character(s) removed (the first is U+{:04X}): they are invalid in HTML",
                file.display(),
                normalised.removed,
                c as u32
            );
        }
        let recovered = recover(&normalised.text, kind);
        for (line, message) in &recovered.warnings {
            eprintln!("warning: {}:{line}: {message}", file.display());
        }
        if args.check {
            print_outline(file, &recovered.outline);
            continue;
        }
        match write_note(
            file,
            &recovered.markdown,
            &recovered.outline,
            &out_dir,
            args.force,
        ) {
            Ok(path) => println!(
                "{} → {} ({} headings)",
                file.display(),
                path.display(),
                recovered.outline.len()
            ),
            Err(message) => {
                eprintln!("error: {}: {message}", file.display());
                failed += 1;
            }
        }
    }
    Ok(i32::from(failed > 0))
}

fn print_outline(file: &Path, outline: &[OutlineHeading]) {
    println!("{}", file.display());
    if outline.is_empty() {
        println!("  (no headings found: the note stays one section)");
    }
    for heading in outline {
        let indent = "  ".repeat(usize::from(heading.level.saturating_sub(1)));
        println!("{indent}{}  (line {})", heading.text, heading.line);
    }
}

fn write_note(
    file: &Path,
    markdown: &str,
    outline: &[OutlineHeading],
    out_dir: &Path,
    force: bool,
) -> Result<PathBuf, String> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "note".into());
    let target = out_dir.join(format!("{stem}.md"));
    if target.exists() && !force {
        return Err(format!(
            "{} already exists\n  hint: pass --force to replace it, or --out to write elsewhere",
            target.display()
        ));
    }
    let title = outline.first().filter(|_| outline.len() == 1).map_or_else(
        || title_from_file_name(&format!("{stem}.md")),
        |h| h.text.clone(),
    );
    let front_matter = format!("+++\ntitle = {}\n+++\n\n", toml::Value::String(title));
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    std::fs::write(&target, format!("{front_matter}{markdown}"))
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    Ok(target)
}
