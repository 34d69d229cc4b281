//! A live editing session: the site model, theme and written files kept in memory, so a
//! change re-reads only the files that changed, re-renders only the pages that depend on
//! them, and writes only the files whose bytes changed.
//!
//! A note edit changes the model in place: the notes are replaced in the corpus, only their
//! knowledge is found again and spliced in ([`crate::knowledge::incremental`]), the site map
//! is laid out again, and [`super::dependents`] picks the pages to render. The search index
//! is rebuilt in the background ([`super::search_worker`]); files are written and removed
//! through [`super::written`].
//!
//! The output holds every file a full `notesite build` writes: when files the session wrote
//! have gone (the output folder deleted while serving), the next change writes everything.
//!
//! Input: the site root and the paths a watcher reports. Output: an [`Outcome`] describing
//! what changed for the browser, or the located errors of a broken edit (the last good
//! site stays as it was).

use super::dependents::Before;
use super::search_worker::{self, SearchQueue};
use super::written::{
    list_output, remove_deleted_files, remove_stale_pages, remove_unwritten, write_changed,
};
use crate::build::{data_files, model, render_pages, site_files, static_files, Model, Stages};
use crate::content::load::{leaves_folder, load_note, note_kind, DATA_FILES};
use crate::diagnostics::Diagnostic;
use crate::ids::PageId;
use crate::knowledge::incremental::NoteEdit;
use crate::output::{Contents, OutputFile};
use crate::render::theme::Theme;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// What a rebuild changed, for the browser and the terminal.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Pages whose HTML changed (root-relative URLs).
    pub pages: Vec<String>,
    /// Whether only stylesheets changed (the browser swaps them without reloading).
    pub css_only: bool,
    /// Notes renamed in this change: old URL → new URL.
    pub renamed: Vec<(String, String)>,
    /// Pages rendered.
    pub rendered: usize,
    /// Files written or removed.
    pub written: usize,
    /// What changed, for the terminal line.
    pub summary: String,
    /// Time taken.
    pub millis: f64,
    /// Warnings of this rebuild.
    pub warnings: Vec<Diagnostic>,
}

/// The state kept between rebuilds.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    drafts: bool,
    model: Arc<Model>,
    theme: Theme,
    written: HashMap<String, u64>,
    search: Arc<SearchQueue>,
    /// Whether a rebuild failed after changing the model: the next change rebuilds all.
    stale: bool,
    /// Warnings of the last site map laid out on a change (URL clashes), repeated while it is kept.
    site_warnings: Vec<Diagnostic>,
    /// Files of the current rebuild that could not be written.
    write_errors: Vec<Diagnostic>,
    /// The site-wide files of the last full render (assets, data, `.nojekyll`), whose
    /// absence tells that the output was deleted.
    site_wide: Vec<String>,
    /// The data files last written (the compare picker's data, beside the services index).
    data_paths: Vec<String>,
}

/// Changed notes as read.
#[derive(Default)]
struct ReadNotes {
    /// The new state of each changed note (`None`: gone, or a draft not shown).
    edits: Vec<NoteEdit>,
    /// The URLs of the pages of removed notes (`None`: the note had no page).
    removed: Vec<Option<String>>,
    /// The paths of notes added.
    added: Vec<String>,
}

/// What a batch of changed paths touches.
#[derive(Debug, Default)]
struct Touched {
    notes: BTreeSet<String>,
    content_files: BTreeSet<String>,
    everything: bool,
    theme: bool,
    stylesheets_only: bool,
}

impl Session {
    /// Build the whole site into `output` and keep its state.
    pub fn start(
        root: &Path,
        output: &Path,
        drafts: bool,
    ) -> Result<(Session, Outcome), Vec<Diagnostic>> {
        let started = Instant::now();
        let (model, theme) = load_all(root, drafts)?;
        let mut session = Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            drafts,
            model: Arc::new(model),
            theme,
            written: HashMap::new(),
            search: Arc::new(SearchQueue::default()),
            stale: false,
            site_warnings: Vec::new(),
            write_errors: Vec::new(),
            site_wide: Vec::new(),
            data_paths: Vec::new(),
        };
        if let Ok(existing) = list_output(output) {
            // Search files of an earlier build: the next index replaces them.
            *session.search.exported.lock().expect("search files lock") = existing
                .keys()
                .filter(|p| p.starts_with("search/"))
                .cloned()
                .collect();
            session.written = existing;
        }
        let mut outcome = session.render_all("initial build".into())?;
        session.take_write_errors()?;
        outcome.millis = started.elapsed().as_secs_f64() * 1000.0;
        session.refresh_search();
        Ok((session, outcome))
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Wait until the search index of the last change is written: `apply` returns once the
    /// pages are written, and the index follows in the background.
    pub fn wait_for_search(&self) {
        let busy = || {
            self.search.running.load(Ordering::SeqCst)
                || self
                    .search
                    .latest
                    .lock()
                    .expect("search queue lock")
                    .is_some()
        };
        while busy() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// Apply changed paths (absolute or root-relative) and rebuild what depends on them.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        if !self.output_complete() {
            // Files written before are gone: write every file again, not just the changed ones.
            self.written.clear();
            self.stale = true;
        }
        let touched = self.classify(paths);
        let summary = describe(paths, &self.root);
        let mut outcome = if touched.everything || touched.theme || self.stale {
            let (model, theme) = load_all(&self.root, self.drafts)?;
            self.model = Arc::new(model);
            self.theme = theme;
            let outcome = self.render_all(summary)?;
            self.stale = false;
            outcome
        } else if touched.stylesheets_only {
            let written = self
                .write_files(static_files(
                    &self.theme,
                    &self.model.content_dir,
                    &self.model.corpus.files,
                ))
                .len();
            Outcome {
                css_only: true,
                written,
                summary,
                ..Outcome::default()
            }
        } else {
            self.apply_notes(&touched, summary)?
        };
        if !outcome.css_only {
            self.refresh_search();
        }
        self.take_write_errors()?;
        outcome.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(outcome)
    }

    /// The files that could not be written, as errors; the next change then writes everything.
    fn take_write_errors(&mut self) -> Result<(), Vec<Diagnostic>> {
        if self.write_errors.is_empty() {
            return Ok(());
        }
        self.stale = true;
        Err(std::mem::take(&mut self.write_errors))
    }

    /// Whether the output still holds the files written before, as far as a quick look
    /// tells: the folder and its site-wide files (a dozen stats, whatever the site's size).
    /// A page or copied file that went missing is written again when it is next written.
    fn output_complete(&self) -> bool {
        self.output.is_dir() && self.site_wide.iter().all(|p| self.output.join(p).is_file())
    }

    fn classify(&self, paths: &[PathBuf]) -> Touched {
        let mut touched = Touched {
            stylesheets_only: true,
            ..Touched::default()
        };
        let theme_dir = self.root.join("themes").join(&self.model.config.theme);
        for path in paths {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                self.root.join(path)
            };
            let relative = |base: &Path| {
                path.strip_prefix(base)
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            };
            let in_templates = path.starts_with(self.root.join("templates"))
                || path.starts_with(theme_dir.join("templates"));
            let in_static = path.starts_with(self.root.join("static"))
                || path.starts_with(theme_dir.join("static"));
            let is_config = path == self.root.join(crate::config::CONFIG_FILE);
            if in_templates {
                touched.theme = true;
                touched.stylesheets_only = false;
            } else if in_static {
                touched.theme = touched.theme || path.extension().is_none_or(|e| e != "css");
                touched.stylesheets_only &= path.extension().is_some_and(|e| e == "css");
            } else if let Some(rel) = relative(&self.model.content_dir).filter(|_| !is_config) {
                touched.stylesheets_only = false;
                if DATA_FILES.contains(&rel.as_str()) || rel.is_empty() {
                    touched.everything = true;
                } else if note_kind(&path).is_some() && !path.is_dir() {
                    touched.notes.insert(rel);
                } else if path.is_file() || self.model.corpus.files.contains(&rel) {
                    touched.content_files.insert(rel);
                } else {
                    touched.everything = true; // a folder was added, removed or renamed
                }
            } else {
                touched.everything = true; // notesite.toml or anything else at the root
                touched.stylesheets_only = false;
            }
        }
        touched.stylesheets_only &= !touched.theme && !touched.everything;
        touched
    }

    /// Re-read the changed notes, update the model in place (only their knowledge is found
    /// again, see [`crate::knowledge::incremental`]), then re-render the pages that depend on them.
    fn apply_notes(
        &mut self,
        touched: &Touched,
        summary: String,
    ) -> Result<Outcome, Vec<Diagnostic>> {
        let ReadNotes {
            edits,
            removed,
            added,
        } = self.read_notes(touched)?;
        let before = Before::of(&self.model, &touched.notes);
        // From here on the model changes: if anything fails, the next change rebuilds all.
        self.stale = true;
        let root = self.root.clone();
        let model = self.model_mut();
        let updated = crate::knowledge::incremental::update(
            &mut model.corpus,
            &mut model.knowledge,
            edits,
            &model.content_dir,
            &root,
        )
        .map_err(|e| vec![e])?;
        let mut warnings = updated.warnings;
        let folder = canonical(&model.content_dir);
        for file in &touched.content_files {
            let path = model.content_dir.join(file);
            match path.is_file() && !leaves_folder(&path, &folder) {
                true if !model.corpus.files.contains(file) => model.corpus.files.push(file.clone()),
                false => model.corpus.files.retain(|f| f != file),
                _ => {}
            }
        }
        // Most saves change a note's body only: then the site map stays as it is.
        let site_warnings = if touched.content_files.is_empty()
            && before.site_unchanged(model, &touched.notes)
        {
            debug_assert!(same_site_map(model), "the kept site map is stale");
            None
        } else {
            let mut site_warnings = Vec::new();
            let site =
                crate::site::SiteMap::build(&model.corpus, &model.knowledge, &mut site_warnings);
            model.site = site;
            Some(site_warnings)
        };
        if let Some(site_warnings) = site_warnings {
            self.site_warnings = site_warnings;
        }
        warnings.extend(self.site_warnings.iter().cloned());
        let model = Arc::clone(&self.model);
        let layout_changed = before.layout_changed(&model);
        let (pages, facts_changed) = if layout_changed {
            (PageId::all(model.site.pages.len()).collect(), true)
        } else {
            let dependents = before.dependents(&model, &touched.notes);
            (dependents.pages, dependents.facts_changed)
        };
        let mut diagnostics = Vec::new();
        let mut files = render_pages(&model, &self.theme, pages.clone(), &mut diagnostics);
        warnings.extend(diagnostics.iter().filter(|d| !d.is_error()).cloned());
        let page_errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !page_errors.is_empty() {
            return Err(page_errors);
        }
        let mut gone_data = Vec::new();
        if facts_changed {
            // The compare picker's data: every service's facts, with links to their sections.
            let data = data_files(&model);
            gone_data = self.replace_data_paths(data.iter().map(|f| f.path.clone()).collect());
            files.extend(data);
        }
        if layout_changed {
            files.extend(site_files(&model.config, &model.site)); // the sitemap lists every page
        }
        files.extend(
            touched
                .content_files
                .iter()
                .filter(|f| model.corpus.files.contains(f))
                .map(|f| OutputFile {
                    path: f.clone(),
                    contents: Contents::CopyOf(model.content_dir.join(f)),
                }),
        );
        let renamed = match (removed.as_slice(), added.as_slice()) {
            ([Some(from)], [to]) => model
                .site
                .page_of_note
                .get(to)
                .map(|&p| vec![(from.clone(), model.site.pages[p].url.clone())])
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let changed = self.write_files(files);
        let mut written = changed.len()
            + remove_deleted_files(
                &self.output,
                &mut self.written,
                &model.corpus.files,
                &touched.content_files,
            );
        for path in &gone_data {
            // Gone with the services index, or moved with it.
            let _ = std::fs::remove_file(self.output.join(path));
            written += usize::from(self.written.remove(path).is_some());
        }
        if layout_changed {
            let pages = model.site.pages.iter().map(|p| p.url.as_str());
            written += remove_stale_pages(&self.output, &mut self.written, pages.collect());
        }
        self.stale = false;
        Ok(Outcome {
            pages: html_pages(changed),
            renamed,
            rendered: pages.len(),
            written,
            summary,
            warnings,
            ..Outcome::default()
        })
    }

    /// Read the changed notes: their new state, the URLs of notes removed and the paths of
    /// notes added; or every error in them (then nothing changes).
    fn read_notes(&self, touched: &Touched) -> Result<ReadNotes, Vec<Diagnostic>> {
        let old = &self.model;
        let mut read = ReadNotes::default();
        let mut errors = Vec::new();
        let folder = canonical(&old.content_dir);
        for relative in &touched.notes {
            let path = old.content_dir.join(relative);
            let known = old.corpus.notes.iter().any(|n| &n.path == relative);
            // A note linked from outside content/ is not read, as in a full build.
            if !path.exists() || leaves_folder(&path, &folder) {
                if known {
                    let url = old.site.page_of_note.get(relative);
                    read.removed
                        .push(url.map(|&p| old.site.pages[p].url.clone()));
                    read.edits.push((relative.clone(), None));
                }
                continue;
            }
            let kind = note_kind(&path).expect("classified as a note");
            let mut diagnostics = Vec::new();
            let note = load_note(&path, relative, kind, &self.root, &mut diagnostics);
            errors.extend(diagnostics.iter().filter(|d| d.is_error()).cloned());
            match note {
                Some(note) if note.front_matter.draft && !self.drafts => {
                    read.edits.push((relative.clone(), None));
                }
                Some(note) => {
                    if !known {
                        read.added.push(relative.clone());
                    }
                    read.edits.push((relative.clone(), Some(note)));
                }
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(read)
    }

    /// The model, to change in place. A snapshot still waiting for the search worker is
    /// superseded by this change (the next one is queued after it); when the worker is still
    /// collecting its documents from the model, the model is copied once.
    fn model_mut(&mut self) -> &mut Model {
        self.search.latest.lock().expect("search queue lock").take();
        if Arc::get_mut(&mut self.model).is_none() {
            let m = &self.model;
            self.model = Arc::new(Model {
                config: m.config.clone(),
                content_dir: m.content_dir.clone(),
                corpus: m.corpus.clone(),
                knowledge: m.knowledge.clone(),
                site: m.site.clone(),
            });
        }
        Arc::get_mut(&mut self.model).expect("the model was just made unique")
    }

    fn render_all(&mut self, summary: String) -> Result<Outcome, Vec<Diagnostic>> {
        let model = Arc::clone(&self.model);
        let mut diagnostics = Vec::new();
        let pages = PageId::all(model.site.pages.len()).collect::<Vec<_>>();
        let mut files = render_pages(&model, &self.theme, pages, &mut diagnostics);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(errors);
        }
        let rendered = files.len();
        let mut site_wide = data_files(&model);
        self.data_paths = site_wide.iter().map(|f| f.path.clone()).collect();
        site_wide.extend(site_files(&model.config, &model.site));
        site_wide.extend(static_files(&self.theme, &model.content_dir, &[]));
        self.site_wide = site_wide.iter().map(|f| f.path.clone()).collect();
        files.extend(site_wide);
        files.extend(model.corpus.files.iter().map(|f| OutputFile {
            path: f.clone(),
            contents: Contents::CopyOf(model.content_dir.join(f)),
        }));
        let now: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let changed = self.write_files(files);
        let written = changed.len() + remove_unwritten(&self.output, &mut self.written, &now);
        Ok(Outcome {
            pages: html_pages(changed),
            rendered,
            written,
            summary,
            warnings,
            ..Outcome::default()
        })
    }

    /// Write files whose bytes differ from what was written before, or that are missing;
    /// returns their paths. Failures are kept for [`Session::take_write_errors`].
    fn write_files(&mut self, files: Vec<OutputFile>) -> Vec<String> {
        write_changed(
            &self.output,
            &mut self.written,
            files,
            &mut self.write_errors,
        )
    }

    /// Take `now` as the data files, also among the site-wide files whose absence tells that
    /// the output was deleted; returns the data files of before that are not in `now`.
    fn replace_data_paths(&mut self, now: Vec<String>) -> Vec<String> {
        let gone: Vec<String> = self
            .data_paths
            .iter()
            .filter(|p| !now.contains(p))
            .cloned()
            .collect();
        self.site_wide.retain(|p| !gone.contains(p));
        for path in &now {
            if !self.site_wide.contains(path) {
                self.site_wide.push(path.clone());
            }
        }
        self.data_paths = now;
        gone
    }

    /// Rebuild the search index on a snapshot of the model, in the background (see
    /// [`super::search_worker`]).
    fn refresh_search(&mut self) {
        let model = Arc::clone(&self.model);
        search_worker::refresh(&self.search, model, &self.root, &self.output);
    }
}

fn load_all(root: &Path, drafts: bool) -> Result<(Model, Theme), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let model = model(root, drafts, &mut Stages::new(), &mut diagnostics);
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let Some(model) = model.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let theme = Theme::load(root, &model.config.theme)?;
    Ok((model, theme))
}

/// Whether laying out `model` again gives the site map it has (checked in debug builds).
fn same_site_map(model: &Model) -> bool {
    let fresh = crate::site::SiteMap::build(&model.corpus, &model.knowledge, &mut Vec::new());
    let view = |site: &crate::site::SiteMap| {
        serde_json::json!([
            site.pages,
            site.page_of_note,
            site.page_of_folder,
            site.reading_order,
            site.page_of_title,
            site.page_of_service,
            site.page_of_comparison,
            site.special,
        ])
    };
    view(&fresh) == view(&model.site)
}

/// The pages (HTML files) among the files written, sorted.
fn html_pages(written: Vec<String>) -> Vec<String> {
    let mut pages: Vec<String> = written
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    pages.sort();
    pages
}

/// `content/a.md, content/b.md` (or `3 files`), for the terminal line.
pub(super) fn describe(paths: &[PathBuf], root: &Path) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| {
            crate::diagnostics::display_path(p, root)
                .display()
                .to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "nothing".into(),
        1..=3 => names.join(", "),
        n => format!("{} and {} more", names[..2].join(", "), n - 2),
    }
}

/// `folder` with links resolved, to tell whether a changed file lies inside it.
fn canonical(folder: &Path) -> PathBuf {
    std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())
}
