//! Load `content/`: walk the folder, read every note, split its front matter, find its outline.
//!
//! Input: the content folder and whether drafts are wanted. Output: a [`Corpus`] plus every
//! located problem found on the way (all of them, not just the first).

use super::frontmatter;
use super::outline::outline;
use super::slug::RESERVED_IDS;
use super::{Corpus, Note, NoteKind};
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use walkdir::WalkDir;

/// Files under `content/` that are site data, not notes or attachments.
pub const DATA_FILES: &[&str] = &["services.toml", "comparisons.toml"];

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include notes marked `draft = true`.
    pub drafts: bool,
    /// The notes are the site root itself (a repository of markdown without `content/`):
    /// skip the folders that are not notes there (`public/`, `templates/`, `static/`, ...).
    pub notes_at_root: bool,
}

/// Top-level folders of a site root that hold no notes.
pub const SITE_FOLDERS: &[&str] = &[
    "public",
    "templates",
    "static",
    "themes",
    "target",
    "node_modules",
];

/// The corpus and every problem found while loading it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The notes and files that loaded.
    pub corpus: Corpus,
    /// Errors and warnings, each located.
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent recovering the structure of plain-text and heading-less notes, summed
    /// over the notes (they load in parallel, so this is CPU time, part of loading).
    pub recovery_time: Duration,
}

/// Read every note and file under `content_dir`; `site_root` makes paths in messages short.
pub fn load(content_dir: &Path, site_root: &Path, options: LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let mut note_paths = Vec::new();
    let folder = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    let mut links_out = Vec::new();
    for entry in WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let site_folder = options.notes_at_root
                && e.depth() == 1
                && e.file_type().is_dir()
                && SITE_FOLDERS.iter().any(|f| e.file_name() == *f);
            let keep = e.depth() == 0 || !(is_hidden(e.file_name()) || site_folder);
            if keep && e.depth() > 0 && e.path_is_symlink() && leaves_folder(e.path(), &folder) {
                links_out.push(e.path().to_path_buf());
                return false;
            }
            keep
        })
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = relative_path(entry.path(), content_dir);
                match note_kind(entry.path()) {
                    Some(kind) => note_paths.push((entry.into_path(), relative, kind)),
                    None if entry.depth() == 1 && DATA_FILES.contains(&relative.as_str()) => {}
                    None if options.notes_at_root
                        && entry.depth() == 1
                        && relative == crate::config::CONFIG_FILE => {}
                    None => loaded.corpus.files.push(relative),
                }
            }
            Ok(_) => {}
            Err(e) => {
                let what = match e.path().and_then(note_kind) {
                    Some(_) => "cannot read this note",
                    None => "cannot read this entry of content/",
                };
                let cause = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                let shown = e
                    .path()
                    .map(|p| crate::diagnostics::display_path(p, site_root));
                loaded.diagnostics.push(
                    Diagnostic::error(shown.map(Location::file), format!("{what}: {cause}"))
                        .with_hint("check that it exists and is readable (a symbolic link may point nowhere), or move it out of content/"),
                );
            }
        }
    }
    let folder_name = if options.notes_at_root {
        "the site folder"
    } else {
        "content/"
    };
    loaded.diagnostics.extend(
        links_out
            .iter()
            .map(|path| link_out_warning(path, site_root, folder_name)),
    );
    let results: Vec<(Option<Note>, Vec<Diagnostic>, Duration)> = note_paths
        .par_iter()
        .map(|(path, relative, kind)| {
            let mut diagnostics = Vec::new();
            let (note, time) = read_note(path, relative, *kind, site_root, &mut diagnostics);
            (note, diagnostics, time)
        })
        .collect();
    for (note, diagnostics, recovery_time) in results {
        loaded.diagnostics.extend(diagnostics);
        loaded.recovery_time += recovery_time;
        if let Some(note) = note.filter(|n| options.drafts || !n.front_matter.draft) {
            loaded.corpus.notes.push(note);
        }
    }
    loaded
}

/// Read and parse one note; `None` when it cannot be read or its front matter is broken.
/// Every problem (the error that stopped it, and warnings) goes to `diagnostics`.
pub fn load_note(
    path: &Path,
    relative: &str,
    kind: NoteKind,
    site_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Note> {
    read_note(path, relative, kind, site_root, diagnostics).0
}

/// [`load_note`], with the time its structure recovery took.
fn read_note(
    path: &Path,
    relative: &str,
    kind: NoteKind,
    site_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Note>, Duration) {
    let shown = crate::diagnostics::display_path(path, site_root);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let error = Diagnostic::error(
                Some(Location::file(&shown)),
                format!("cannot read this note: {e}"),
            )
            .with_hint(
                "check the file's permissions (it must be readable), or move it out of content/",
            );
            diagnostics.push(error);
            return (None, Duration::ZERO);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                // Counted as the note will be read: old Mac line endings are lines too.
                let valid = super::text::normalise(valid).text;
                LineIndex::new(&valid).line_col(&valid, valid.len())
            };
            diagnostics.push(
                Diagnostic::warning(
                    Some(Location::new(&shown, line, column)),
                    "the note is not valid UTF-8; invalid bytes are shown as �",
                )
                .with_hint("re-save the file as UTF-8 in your editor"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    match parse_timed(&text, relative, kind, &shown, diagnostics) {
        Ok((note, recovery_time)) => (Some(note), recovery_time),
        Err(error) => {
            diagnostics.push(error);
            (None, Duration::ZERO)
        }
    }
}

/// Turn a note's text into a [`Note`], or the error that stops it (broken front matter);
/// warnings (such as an unclosed fence) go to `warnings`.
pub fn parse_note(
    text: &str,
    relative: &str,
    kind: NoteKind,
    shown: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Note, Diagnostic> {
    parse_timed(text, relative, kind, shown, warnings).map(|(note, _)| note)
}

/// A markdown note `note.md` written as `markdown`, for tests of what is found in notes.
#[cfg(test)]
pub(crate) fn markdown_note(markdown: &str) -> Note {
    parse_note(
        markdown,
        "note.md",
        NoteKind::Markdown,
        Path::new("note.md"),
        &mut Vec::new(),
    )
    .expect("the test note parses")
}

/// [`parse_note`], with the time its structure recovery took.
fn parse_timed(
    text: &str,
    relative: &str,
    kind: NoteKind,
    shown: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Note, Duration), Diagnostic> {
    let normalised = super::text::normalise(text);
    let text = &*normalised.text;
    let first_warning = warnings.len();
    if let Some((c, line, column)) = normalised.first_removed {
        let count = match normalised.removed {
            1 => String::new(),
            n => format!(" ({n} in the note)"),
        };
        warnings.push(
            Diagnostic::warning(
                Some(Location::new(shown, line, column)),
                format!("control character U+{:04X} removed{count}: such characters are invalid in HTML", c as u32),
            )
            .with_hint("delete it in your editor (it is often left over from a copy from a terminal or a binary file)"),
        );
    }
    let split = frontmatter::split(text, shown).inspect_err(|_| {
        // A note that does not load reports only why: its other warnings would be noise.
        warnings.truncate(first_warning);
    })?;
    let body_line = split.body_line;
    let started = Instant::now();
    let recovered = kind.to_markdown(split.body, split.front_matter.structure);
    let recovery_time = match recovered {
        Some(_) => started.elapsed(),
        None => Duration::ZERO,
    };
    let (markdown, outline_lines, recovery_warnings) = match recovered {
        Some(r) => (
            r.markdown,
            Some(r.outline.iter().map(|h| h.line).collect::<Vec<_>>()),
            r.warnings,
        ),
        None => (split.body.to_string(), None, Vec::new()),
    };
    let index = LineIndex::new(&markdown);
    let line_of = |offset: usize| index.line_col(&markdown, offset).0 + body_line - 1;
    let mut found = outline(&markdown, line_of);
    let recovered_lines = outline_lines.is_some();
    if let Some(lines) = outline_lines {
        // Recovered markdown has other line numbers than the file: take the headings' own.
        let headings = found.sections.iter_mut().filter(|s| s.level > 0);
        for (section, line) in headings.zip(lines) {
            section.line = line + body_line - 1;
        }
    }
    warnings.extend(found.unclosed_fences.iter().map(|&offset| {
        let (line, column) = index.line_col(&markdown, offset);
        Diagnostic::warning(
            Some(Location::new(shown, line + body_line - 1, column)),
            "this code block is never closed, so it runs to the end of the note",
        )
        .with_hint("add a closing ``` line after the code")
    }));
    warnings.extend(found.clashing_ids.iter().map(|clash| {
        // Recovered markdown has other lines than the file: point at the heading's own line.
        let (line, column) = if recovered_lines {
            (found.sections[clash.section].line, 1)
        } else {
            let (line, column) = index.line_col(&markdown, clash.offset);
            (line + body_line - 1, column)
        };
        let why = if RESERVED_IDS.contains(&clash.wanted.as_str()) {
            "the page template uses that id itself".to_string()
        } else {
            "an earlier heading of this note already has it".to_string()
        };
        Diagnostic::warning(
            Some(Location::new(shown, line, column)),
            format!(
                "heading id `#{}` is given twice ({why}); this heading gets `#{}`",
                clash.wanted, clash.given
            ),
        )
        .with_hint("give each `{#id}` of a note its own value, and none the template uses (main, toc, search, ...)")
    }));
    warnings.extend(recovery_warnings.into_iter().map(|(line, message)| {
        Diagnostic::warning(Some(Location::new(shown, line + body_line - 1, 1)), message).with_hint("the note still builds; adjust the text if the page does not look as intended, or set structure = \"as-is\" in its front matter")
    }));
    // The first heading that is not a table of contents or an agenda names the note (among
    // the first few: each test reads the note's headings, and a note is not all contents).
    // A note's only `# Heading` stays its title even over a contents list, unless it says it
    // is one ("# Table of Contents"): READMEs open with `# Name` and their contents.
    let h1s = found.sections.iter().filter(|s| s.level == 1).count();
    let title_heading = (0..found.sections.len().min(8)).find(|&i| {
        let section = &found.sections[i];
        let sole_h1 = section.level == 1 && h1s == 1 && !says_contents(&section.heading);
        section.level > 0
            && !section.heading.is_empty()
            && (sole_h1
                || !crate::content::outline::is_contents_heading(&markdown, &found.sections, i))
    });
    // A slide deck's title slide (a lone line before its agenda) names it over a heading
    // that only comes after the agendas.
    let slide_title = || {
        let before = title_heading.unwrap_or(found.sections.len().min(8));
        crate::content::outline::title_slide_line(&markdown, &found.sections, before)
    };
    let (title, title_from_heading) = match (&split.front_matter.title, title_heading) {
        (Some(title), _) if !title.trim().is_empty() => (title.trim().to_string(), false),
        (_, heading) => match (slide_title(), heading) {
            (Some(line), _) => (line, false),
            (None, Some(i)) => (
                found.sections[i].heading.clone(),
                i == 0 && found.sections[0].level == 1,
            ),
            (None, None) => (title_from_file_name(relative), false),
        },
    };
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    let note = Note {
        path: relative.to_string(),
        shown_path: shown.to_path_buf(),
        kind,
        is_folder_index: is_folder_index(file_name),
        front_matter: split.front_matter,
        title,
        title_from_heading,
        body_line,
        sections: found.sections,
        html_anchors: found.html_anchors,
        word_count: found.word_count,
        markdown,
    };
    Ok((note, recovery_time))
}

/// Whether a heading names itself a table of contents or an agenda.
fn says_contents(heading: &str) -> bool {
    let slug = crate::content::slug::slugify(heading);
    [
        "contents",
        "table-of-contents",
        "toc",
        "agenda",
        "outline",
        "overview",
    ]
    .iter()
    .any(|word| slug == *word)
}

/// Whether `path`, a symbolic link, leads outside `folder` (given canonical). A link that
/// points nowhere does not leave: reading it reports the problem.
pub fn leaves_folder(path: &Path, folder: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| !target.starts_with(folder))
}

/// The warning for a link out of a folder whose files are published: it is neither read nor
/// copied, so a link to `~/.ssh/id_rsa` never reaches the output.
pub fn link_out_warning(path: &Path, site_root: &Path, folder_name: &str) -> Diagnostic {
    let shown = crate::diagnostics::display_path(path, site_root);
    let what = if path.is_dir() { "a folder" } else { "a file" };
    Diagnostic::warning(
        Some(Location::file(&shown)),
        format!("{} is a link to {what} outside {folder_name}; not copied", shown.display()),
    )
    .with_hint(format!(
        "links are followed only when they stay inside {folder_name}; copy the file in if it belongs to the site, or remove the link"
    ))
}

/// Whether a file name makes its folder's own page.
pub fn is_folder_index(file_name: &str) -> bool {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    matches!(
        stem.to_ascii_lowercase().as_str(),
        "_index" | "index" | "readme"
    )
}

/// The kind of note a file is, from its extension; `None` for other files.
pub fn note_kind(path: &Path) -> Option<NoteKind> {
    NoteKind::of_path(path)
}

/// A readable title from a file name: `rag-and-knowledge_bases.md` → `Rag and knowledge bases`.
pub fn title_from_file_name(relative: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words: String = stem
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

fn relative_path(path: &Path, base: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Note {
        parse_note(
            text,
            "dir/my-note_file.md",
            NoteKind::Markdown,
            Path::new("content/dir/my-note_file.md"),
            &mut Vec::new(),
        )
        .unwrap()
    }

    #[test]
    fn title_comes_from_front_matter_then_heading_then_file_name() {
        assert_eq!(parse("+++\ntitle = \"T\"\n+++\n# H\n").title, "T");
        let from_heading = parse("# Heading One\ntext\n");
        assert_eq!(from_heading.title, "Heading One");
        assert!(from_heading.title_from_heading);
        assert_eq!(parse("plain text only\n").title, "My note file");
        assert_eq!(parse("").title, "My note file");
    }

    #[test]
    fn section_lines_count_the_front_matter() {
        let note = parse("---\ntitle: x\n---\n\n## A\n");
        assert_eq!(note.sections[0].line, 5);
    }

    #[test]
    fn recovery_time_counts_only_notes_whose_structure_is_recovered() {
        let site = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("a.md"), "# A\n\n## B\n\ntext\n").unwrap();
        let as_written = load(&content, site.path(), LoadOptions::default());
        assert_eq!(as_written.corpus.notes.len(), 1);
        assert_eq!(as_written.recovery_time, Duration::ZERO);

        std::fs::write(content.join("b.txt"), "1. Part one\nSome text.\n").unwrap();
        let recovered = load(&content, site.path(), LoadOptions::default());
        assert_eq!(recovered.corpus.notes.len(), 2);
        assert!(recovered.recovery_time > Duration::ZERO);
    }

    #[test]
    fn unclosed_fence_is_a_located_warning() {
        let mut warnings = Vec::new();
        parse_note(
            "+++\n+++\ntext\n```js\nlet a;\n",
            "a.md",
            NoteKind::Markdown,
            Path::new("content/a.md"),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].to_string().contains("content/a.md:4:1"),
            "{}",
            warnings[0]
        );
    }
}
