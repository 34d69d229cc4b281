//! One whole build: the stages (content, knowledge, site, render and search, output) run in
//! order, from `content/` to the output; ARCHITECTURE.md draws the pipeline.
//!
//! Input: [`BuildOptions`]. Output: a [`BuildReport`] (pages, warnings, stage timings), or a
//! [`BuildFailure`] listing every problem, in which case the previous output is untouched.

use crate::config::Config;
use crate::content::load::{load, LoadOptions};
use crate::diagnostics::{Diagnostic, Location};
use crate::ids::PageId;
use crate::knowledge::Knowledge;
use crate::output::{check_output_folder, Contents, OutputFile, Staging};
use crate::render::highlight;
use crate::render::markdown::{render_note, Target};
use crate::render::page::{context, SiteInfo};
use crate::render::theme::{Source, Theme};
use crate::site::SiteMap;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: holds `notesite.toml`, `content/`, and optional `templates/`, `static/`, `themes/`.
    pub root: PathBuf,
    /// The output folder (default `<root>/public`).
    pub output: PathBuf,
    /// Include draft notes.
    pub drafts: bool,
    /// Treat warnings as errors; also runs the whole-site checks of `notesite check`.
    pub strict: bool,
    /// Run the whole-site checks (links, anchors, orphans, catalog, titles) and report them.
    pub check: bool,
    /// Replace an output folder that holds files no build wrote (never one holding sources).
    pub force: bool,
}

/// A build that succeeded.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written.
    pub pages: usize,
    /// Notes read.
    pub notes: usize,
    /// Warnings, located.
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage, in order.
    pub timings: Vec<StageTiming>,
    /// Whole build time.
    pub elapsed: Duration,
}

/// A build that failed: nothing was written.
#[derive(Debug)]
pub struct BuildFailure {
    /// Every problem found (errors first), located.
    pub diagnostics: Vec<Diagnostic>,
}

/// The time one stage of a build took.
#[derive(Debug, Clone, Copy)]
pub struct StageTiming {
    /// The stage (`load`, `knowledge`, `render`, ...).
    pub stage: &'static str,
    /// How long it ran.
    pub time: Duration,
}

/// Time spent in each stage of a build.
pub struct Stages {
    started: Instant,
    last: Instant,
    timings: Vec<StageTiming>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages::new()
    }
}

impl Stages {
    /// Start timing.
    pub fn new() -> Self {
        let now = Instant::now();
        Stages {
            started: now,
            last: now,
            timings: Vec::new(),
        }
    }

    /// Record a stage that ran alongside others (timed by the caller); the next
    /// [`Stages::done`] still measures from the end of the previous one.
    pub fn record(&mut self, stage: &'static str, time: Duration) {
        self.timings.push(StageTiming { stage, time });
    }

    /// Start the next stage now, after stages timed with [`Stages::record`].
    pub fn restart(&mut self) {
        self.last = Instant::now();
    }

    /// Mark the end of a stage.
    pub fn done(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push(StageTiming {
            stage,
            time: now - self.last,
        });
        self.last = now;
    }
}

/// The in-memory model of a site: everything before rendering.
pub struct Model {
    /// Site configuration.
    pub config: Config,
    /// The `content/` folder.
    pub content_dir: PathBuf,
    /// The notes.
    pub corpus: crate::content::Corpus,
    /// What the notes say about services.
    pub knowledge: Knowledge,
    /// The pages.
    pub site: SiteMap,
}

/// Load, gather and lay out the site at `root`: the stages every command shares.
/// Returns the model (when no error stopped it); every problem found goes to `diagnostics`.
pub fn model(
    root: &std::path::Path,
    drafts: bool,
    stages: &mut Stages,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Model> {
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(error) => {
            diagnostics.push(error);
            return None;
        }
    };
    // A repository of notes without content/ (markdown at its top, as on GitHub or in an
    // Obsidian vault) builds as it is: the root itself holds the notes.
    let notes_at_root = !root.join("content").is_dir() && has_notes(root);
    let content_dir = if notes_at_root {
        root.to_path_buf()
    } else {
        root.join("content")
    };
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(Some(Location::file("content")), "there is no content/ folder and no notes to build")
                .with_hint(format!("put your notes (.md or .txt files) in {}, or pass --root with the folder that holds them (notesite init makes a new site)", content_dir.display())),
        );
        return None;
    }
    let loaded = load(
        &content_dir,
        root,
        LoadOptions {
            drafts,
            notes_at_root,
        },
    );
    diagnostics.extend(loaded.diagnostics);
    let corpus = loaded.corpus;
    stages.done("load");
    stages.record("recovery", loaded.recovery_time);
    let knowledge = match crate::knowledge::gather(&corpus, &content_dir, root, diagnostics) {
        Ok(knowledge) => knowledge,
        Err(error) => {
            diagnostics.push(error);
            return None;
        }
    };
    stages.done("knowledge");
    diagnostics.extend(unknown_synonym_services(root, &config, &knowledge));
    let site = SiteMap::build(&corpus, &knowledge, diagnostics);
    diagnostics.extend(site.files_over_pages().into_iter().map(|(file, page)| {
        let what = site.describe(page, &corpus);
        copied_over(&content_dir, root, file, &what)
    }));
    stages.done("site");
    Some(Model {
        config,
        content_dir,
        corpus,
        knowledge,
        site,
    })
}

/// A warning for each `[search.synonyms]` key of `notesite.toml` that names no service,
/// located at the line that names it (the file is read again only when there is one).
fn unknown_synonym_services(
    root: &std::path::Path,
    config: &Config,
    knowledge: &Knowledge,
) -> Vec<Diagnostic> {
    let unknown: Vec<&String> = (config.search.synonyms.keys())
        .filter(|name| knowledge.services.lookup(name).is_none())
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    unknown
        .into_iter()
        .map(|name| {
            let (line, column) = synonym_key_position(&text, name).unwrap_or((1, 1));
            Diagnostic::warning(
                Some(Location::new(crate::config::CONFIG_FILE, line, column)),
                format!("[search.synonyms] names `{name}`, which is no service of the catalog or the notes"),
            )
            .with_hint("use the service's name as its page shows it (or one of its aliases), or add it to content/services.toml")
        })
        .collect()
}

/// Line and column (1-based, in characters) of the key `name` in the `[search.synonyms]`
/// table of a `notesite.toml` text: the first line after the table's header that starts
/// with the key, bare or quoted.
fn synonym_key_position(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut in_table = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_table = trimmed.trim_end() == "[search.synonyms]";
            continue;
        }
        let key = trimmed.trim_start_matches(['"', '\'']);
        if in_table && key.starts_with(name) {
            let indent = line.chars().count() - trimmed.chars().count();
            return Some((index + 1, indent + 1));
        }
    }
    None
}

/// The error for a file of `content/` that would be copied over `what` the build writes.
fn copied_over(
    content_dir: &std::path::Path,
    root: &std::path::Path,
    file: &str,
    what: &str,
) -> Diagnostic {
    let shown = crate::diagnostics::display_path(&content_dir.join(file), root);
    Diagnostic::error(
        Some(Location::file(&shown)),
        format!("this file would replace {what}, which the build writes at {file}"),
    )
    .with_hint("rename the file or move it to another folder (links to it must follow); the build writes its own file at this path")
}

/// Errors for files of `content/` that would replace a file the build generates besides
/// pages (`generated`: search index, data scripts, theme assets, sitemap, ...).
fn copied_over_generated<'a>(
    model: &Model,
    root: &std::path::Path,
    generated: impl IntoIterator<Item = (&'a str, &'static str)>,
) -> Vec<Diagnostic> {
    let mut clashes: Vec<(&str, &str)> = generated
        .into_iter()
        .filter(|(path, _)| model.site.files.contains(*path))
        .collect();
    clashes.sort_unstable();
    clashes.dedup_by_key(|(path, _)| *path);
    clashes
        .into_iter()
        .map(|(file, what)| copied_over(&model.content_dir, root, file, what))
        .collect()
}

/// Errors for files of `static/` (or of the theme's) that would replace a page the build
/// writes: `static/index.html` silently took the home page's place.
fn static_over_pages(model: &Model, theme: &Theme, root: &std::path::Path) -> Vec<Diagnostic> {
    let pages: std::collections::HashSet<&str> =
        model.site.pages.iter().map(|p| p.url.as_str()).collect();
    theme
        .static_files
        .iter()
        .filter(|(path, _)| pages.contains(path.as_str()))
        .map(|(path, source)| {
            let shown = match source {
                Source::Disk(file) => crate::diagnostics::display_path(file, root),
                Source::BuiltIn(_) => PathBuf::from(path),
            };
            Diagnostic::error(
                Some(Location::file(shown)),
                format!("this file would replace the page the build writes at {path}"),
            )
            .with_hint(
                "rename or move it: static/ is for assets (images, CSS, a CNAME), not for pages",
            )
        })
        .collect()
}

/// Whether a folder has notes (`.md`, `.txt`) at its top or one level down.
fn has_notes(root: &std::path::Path) -> bool {
    walkdir::WalkDir::new(root)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && crate::content::load::note_kind(e.path()).is_some())
}

/// Run a whole build.
///
/// Pages are written into a staging folder as soon as each is rendered (a large site is
/// never held in memory whole), while the search index is built beside them as one task of
/// the render pool; the staging folder replaces the output only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_reporting(options, &|_| {})
}

/// [`build`], telling `progress` what it starts doing (`"rendering 10,227 pages"`), for a
/// status line on long builds.
pub fn build_reporting(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<BuildReport, BuildFailure> {
    let mut stages = Stages::new();
    progress("reading notes");
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort_by_key(|d| !d.is_error());
        BuildFailure { diagnostics }
    };
    let output = check_output_folder(&options.output, &options.root, options.force)
        .map_err(|d| fail(vec![d]))?;
    let mut diagnostics = Vec::new();
    let model = model(&options.root, options.drafts, &mut stages, &mut diagnostics);
    let Some(model) = model else {
        return Err(fail(diagnostics));
    };
    let theme = match Theme::load(&options.root, &model.config.theme) {
        Ok(mut theme) => {
            diagnostics.append(&mut theme.warnings);
            theme
        }
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(fail(diagnostics));
        }
    };
    diagnostics.extend(static_over_pages(&model, &theme, &options.root));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }
    progress(&format!(
        "rendering {} pages and the search index of {} notes",
        thousands(model.site.pages.len()),
        thousands(model.corpus.notes.len())
    ));
    let staging = Staging::new(&output).map_err(|d| fail(vec![d]))?;
    // The whole-site checks read every page back, so they keep the pages in memory.
    let keep = options.check || options.strict;
    let Model {
        content_dir,
        corpus,
        knowledge,
        site,
        ..
    } = &model;
    // The index is built as one task of the render pool rather than on a thread of its
    // own: it gets a worker to itself while the other workers render, instead of sharing
    // every core with them in time slices. The task is sequential on purpose: a parallel
    // loop inside it would let its worker, while waiting, steal half of the remaining
    // pages to render, and the rest of the index would then be built alone at the end.
    let (search, (kept, page_diagnostics, render_time)) = rayon::join(
        || {
            let started = Instant::now();
            let work = std::panic::AssertUnwindSafe(|| {
                let mut files = Vec::new();
                let staged = crate::search::cache::build_and_export(
                    &options.root,
                    site,
                    corpus,
                    knowledge,
                    &model.config.search.synonyms,
                    &mut files,
                )?;
                // Written in parallel: this is the task's last step, so a worker that steals
                // pages to render while it waits leaves nothing of the index behind, and a
                // worker done rendering writes half the files (one core wrote them alone for
                // the last half second of a 10,000-note build).
                staging.write_all(&files)?;
                Ok::<_, Diagnostic>((staged, files))
            });
            let (staged, files) = std::panic::catch_unwind(work)
                .unwrap_or_else(|_| Err(Diagnostic::error(None, "the search indexer crashed")))?;
            Ok::<_, Diagnostic>((staged, files, started.elapsed()))
        },
        || {
            let started = Instant::now();
            let mut diagnostics = Vec::new();
            let pages = (0..site.pages.len()).into_par_iter().map(PageId::new);
            let kept = render_into(&model, &theme, &staging, keep, pages, &mut diagnostics);
            (kept, diagnostics, started.elapsed())
        },
    );
    diagnostics.extend(page_diagnostics);
    stages.record("render", render_time);
    let (staged_index, search_files, search_time) = search.map_err(|d| {
        diagnostics.push(d);
        fail(std::mem::take(&mut diagnostics))
    })?;
    stages.record("search", search_time);
    stages.restart();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }
    let pages = site.pages.len();
    let mut files = data_files(&model);
    files.extend(site_files(&model.config, site));
    let generated = (files
        .iter()
        .map(|f| (f.path.as_str(), "a file the build writes")))
    .chain(
        search_files
            .iter()
            .map(|f| (f.path.as_str(), "part of the search index")),
    )
    .chain(
        theme
            .static_files
            .keys()
            .map(|p| (p.as_str(), "a file of the theme or of static/")),
    )
    .chain([("assets/syntax.css", "the code highlighting stylesheet")]);
    diagnostics.extend(copied_over_generated(&model, &options.root, generated));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }
    files.extend(static_files(&theme, content_dir, &corpus.files));
    staging.write_all(&files).map_err(|d| fail(vec![d]))?;
    if keep {
        let mut all = kept;
        all.extend(search_files);
        all.extend(files);
        diagnostics.extend(crate::check::check_site(&model, &all));
        stages.done("check");
    }
    if diagnostics.iter().any(Diagnostic::is_error) || (options.strict && !diagnostics.is_empty()) {
        return Err(fail(diagnostics));
    }
    progress("replacing the output");
    staging.finish().map_err(|d| fail(vec![d]))?;
    staged_index.commit();
    stages.done("write");
    Ok(BuildReport {
        pages,
        notes: corpus.notes.len(),
        warnings: diagnostics,
        elapsed: stages.started.elapsed(),
        timings: stages.timings,
    })
}

/// `10227` as `10,227`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Render the pages `pages` in parallel and write each into `staging` as soon as it is made.
/// Returns the pages themselves only when `keep` is set; the problems go to `diagnostics`.
fn render_into(
    model: &Model,
    theme: &Theme,
    staging: &Staging,
    keep: bool,
    pages: impl IntoParallelIterator<Item = PageId, Iter: IndexedParallelIterator>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let each = |file: OutputFile, diagnostics: &mut Vec<Diagnostic>| {
        if diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        if let Err(error) = staging.write(&file) {
            diagnostics.push(error);
        }
        keep.then_some(file)
    };
    render_each(model, theme, pages, each, diagnostics)
}

/// Render the pages `pages` of the model in parallel: their files; the problems found go
/// to `diagnostics`.
pub fn render_pages(
    model: &Model,
    theme: &Theme,
    pages: impl IntoParallelIterator<Item = PageId, Iter: IndexedParallelIterator>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    render_each(model, theme, pages, |file, _| Some(file), diagnostics)
}

/// Pages one rendering task takes at most (see [`render_each`]).
const PAGES_PER_TASK: usize = 4;

/// Render `pages` in parallel, handing each page and its problems to `each` on the worker
/// that made it; returns the files `each` keeps, in page order, with every problem put in
/// `diagnostics`.
fn render_each(
    model: &Model,
    theme: &Theme,
    pages: impl IntoParallelIterator<Item = PageId, Iter: IndexedParallelIterator>,
    each: impl Fn(OutputFile, &mut Vec<Diagnostic>) -> Option<OutputFile> + Sync,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let info = SiteInfo::from_config(&model.config);
    // Pages are handed out a few at a time. Left to itself, rayon splits a range only
    // about as many times as there are threads unless a piece is stolen, so near the end
    // one worker rendered the last quarter of the pages (service pages among them) while
    // the other, done with the search index, found nothing to steal: a 10,000-note build
    // spent its last seconds on one core.
    let rendered: Vec<(Option<OutputFile>, Vec<Diagnostic>)> = pages
        .into_par_iter()
        .with_max_len(PAGES_PER_TASK)
        .map(|index| {
            let mut diagnostics = Vec::new();
            let file = render_page(
                &model.site,
                &model.corpus,
                &model.knowledge,
                theme,
                &info,
                index,
                &mut diagnostics,
            );
            let kept = each(file, &mut diagnostics);
            (kept, diagnostics)
        })
        .collect();
    let mut files = Vec::new();
    for (file, page_diagnostics) in rendered {
        diagnostics.extend(page_diagnostics);
        files.extend(file);
    }
    files
}

/// Files for publishing: `.nojekyll` (GitHub Pages serves the folder as it is), and with a
/// `base_url`, `sitemap.xml` and `robots.txt`.
pub fn site_files(config: &Config, site: &SiteMap) -> Vec<OutputFile> {
    let mut files = vec![OutputFile {
        path: ".nojekyll".into(),
        contents: Contents::Bytes(Vec::new()),
    }];
    let Some(base) = config
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')))
    else {
        return files;
    };
    let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in site.pages.iter().filter(|p| p.kind.spec().in_sitemap) {
        let url = format!("{base}{}", page.url.trim_end_matches("index.html"));
        let url = url
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        sitemap.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    sitemap.push_str("</urlset>\n");
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Bytes(sitemap.into_bytes()),
    });
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n");
    files.push(OutputFile {
        path: "robots.txt".into(),
        contents: Contents::Bytes(robots.into_bytes()),
    });
    files
}

/// Data files the pages load with `<script>` tags: the navigation tree every page shares
/// (written again whenever the layout changes: titles, pages, parents), and the compare
/// picker's data.
pub fn data_files(model: &Model) -> Vec<OutputFile> {
    let Model {
        corpus,
        knowledge,
        site,
        ..
    } = model;
    let mut files = vec![OutputFile {
        path: crate::render::page::NAV_TREE_PATH.into(),
        contents: Contents::Bytes(crate::render::page::nav_tree_script(site).into_bytes()),
    }];
    let (Some(services), Some(path)) = (site.special.services, site.compare_data_url()) else {
        return files;
    };
    let url = &site.pages[services].url;
    let views = crate::render::knowledge_pages::Views {
        site,
        corpus,
        knowledge,
        url,
        raw_html: model.config.markdown.raw_html,
    };
    files.push(OutputFile {
        path,
        contents: Contents::Bytes(views.compare_data_script().into_bytes()),
    });
    files
}

fn render_page(
    site: &SiteMap,
    corpus: &crate::content::Corpus,
    knowledge: &Knowledge,
    theme: &Theme,
    info: &SiteInfo,
    index: PageId,
    diagnostics: &mut Vec<Diagnostic>,
) -> OutputFile {
    let page = &site.pages[index];
    let body = match page.note {
        Some(note) => {
            let target = Target {
                site,
                notes: &corpus.notes,
                knowledge,
                page_url: &page.url,
                id_prefix: "",
                current_service: None,
                heading_shift: 0,
                raw_html: info.raw_html,
            };
            let rendered = match (site.chapters_of(note), page.chapter) {
                (Some(chapters), Some(chapter)) => crate::render::markdown::render_chapter(
                    note,
                    chapters.sections(chapter, &corpus.notes[note]),
                    target,
                ),
                (Some(chapters), None) => {
                    let n = &corpus.notes[note];
                    let lead_in = n.sections[chapters.starts[0]].range.start;
                    let mut rendered =
                        crate::render::markdown::render_range(note, 0..lead_in, target);
                    rendered
                        .html
                        .push_str(&crate::render::chapters::redirect_script(site, n, chapters));
                    rendered
                }
                _ => render_note(note, target),
            };
            diagnostics.extend(rendered.diagnostics);
            rendered.html
        }
        None => String::new(),
    };
    let spec = page.kind.spec();
    let mut page_context = context(site, corpus, knowledge, info, index, body);
    if !theme.nav_tree && !spec.keeps_nav_tree {
        page_context.nav = Vec::new();
    }
    let html = match tera::Context::from_serialize(&page_context)
        .map_err(|e| Diagnostic::error(None, e.to_string()))
        .and_then(|c| theme.render(spec.template, &c))
    {
        Ok(html) => html.into_bytes(),
        Err(error) => {
            diagnostics.push(error);
            Vec::new()
        }
    };
    OutputFile {
        path: page.url.clone(),
        contents: Contents::Bytes(html),
    }
}

/// The theme's static files, the generated highlighting CSS, and the files of `content/`.
pub fn static_files(
    theme: &Theme,
    content_dir: &std::path::Path,
    content_files: &[String],
) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = theme
        .static_files
        .iter()
        .map(|(path, source)| OutputFile {
            path: path.clone(),
            contents: match source {
                Source::Disk(file) => Contents::CopyOf(file.clone()),
                Source::BuiltIn(bytes) => Contents::Bytes(bytes.to_vec()),
            },
        })
        .collect();
    if !theme.static_files.contains_key("assets/syntax.css") {
        files.push(OutputFile {
            path: "assets/syntax.css".into(),
            contents: Contents::Bytes(highlight::stylesheet().into_bytes()),
        });
    }
    files.extend(content_files.iter().map(|f| OutputFile {
        path: f.clone(),
        contents: Contents::CopyOf(content_dir.join(f)),
    }));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10227), "10,227");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
