//! `notesite init [DIR]`: start a notes site for a repository of one's own notes: the
//! configuration, a `content/` folder with one short note, a `.gitignore`, and the GitHub
//! Pages workflow. Existing files are never overwritten.

use clap::Args;
use std::path::{Path, PathBuf};

/// Options of `notesite init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to set up (created when missing) [default: current folder]
    pub dir: Option<PathBuf>,
    /// Site title [default: the folder's name]
    #[arg(long)]
    pub title: Option<String>,
}

const EXAMPLE_NOTE: &str = include_str!("init/example-note.md");
const PAGES_WORKFLOW: &str = include_str!("init/pages.yml");

/// Run `notesite init`; returns the exit code.
pub fn run(args: &InitArgs) -> anyhow::Result<i32> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let name = std::path::absolute(&dir)?
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Notes".into());
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| crate::content::load::title_from_file_name(&format!("{name}.md")));
    let config = format!("title = {}\ndescription = \"Study notes\"\nauthor = \"\"\ntheme = \"default\"\nlanguage = \"en\"\n# base_url = \"https://you.github.io/{name}/\"   # optional: adds sitemap.xml and robots.txt\n\n[markdown]\n# HTML written in notes: \"sanitize\" keeps what is harmless and removes scripts (default),\n# \"trusted\" keeps everything as written, \"escape\" shows it as text.\nraw_html = \"sanitize\"\n", toml::Value::String(title));
    let files: [(&str, &str); 4] = [
        ("notesite.toml", &config),
        ("content/getting-started.md", EXAMPLE_NOTE),
        (".gitignore", "public/\n.notesite/\n"),
        (".github/workflows/pages.yml", PAGES_WORKFLOW),
    ];
    let existing: Vec<&str> = files
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        eprintln!("error: {} already has {}; nothing was written\n  hint: run init in a new folder, or move those files aside first", dir.display(), existing.join(", "));
        return Ok(1);
    }
    // A file where a folder must go (`content` as a file, or DIR itself) would stop the
    // writing half-way with a bare "File exists": name it before writing anything.
    if let Some(blocking) = files.iter().find_map(|(p, _)| not_a_folder(&dir, p)) {
        eprintln!("error: {} is a file, but init needs a folder there; nothing was written\n  hint: rename or move that file, or run init in another folder", blocking.display());
        return Ok(1);
    }
    for (path, text) in files {
        let target = dir.join(path);
        if let Err(e) = write(&target, text) {
            eprintln!("error: cannot write {}: {e}\n  hint: check that the folder is writable and has space, then run init again (files already written are kept)", target.display());
            return Ok(1);
        }
        println!("created {}", target.display());
    }
    println!("\nNext: cd {} && notesite serve   (then push to GitHub and enable Pages → Source: GitHub Actions)", dir.display());
    Ok(0)
}

/// The first existing non-folder among `dir` and the folders of `file` inside it.
fn not_a_folder(dir: &Path, file: &str) -> Option<PathBuf> {
    let mut folder = dir.to_path_buf();
    let parts: Vec<&str> = file.split('/').collect();
    let folders = std::iter::once(None).chain(parts[..parts.len() - 1].iter().map(Some));
    for part in folders {
        if let Some(part) = part {
            folder.push(part);
        }
        match std::fs::metadata(&folder) {
            Ok(meta) if !meta.is_dir() => return Some(folder),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}
