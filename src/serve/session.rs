//! A live editing session: the site model, theme and written files kept in memory, so a
//! change re-reads only the files that changed, re-renders only the pages that depend on
//! them, and writes only the files whose bytes changed.
//!
//! Input: the site root and the paths a watcher reports. Output: an [`Outcome`] describing
//! what changed for the browser, or the located errors of a broken edit (the last good
//! site stays as it was).

use crate::build::{data_files, model, render_pages, static_files, Model, Stages};
use crate::content::load::{load_note, note_kind, DATA_FILES};
use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::render::theme::Theme;
use crate::site::PageKind;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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
        };
        if let Ok(existing) = list_output(output) {
            session.written = existing;
        }
        let mut outcome = session.render_all("initial build".into())?;
        outcome.millis = started.elapsed().as_secs_f64() * 1000.0;
        session.refresh_search();
        Ok((session, outcome))
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Apply changed paths (absolute or root-relative) and rebuild what depends on them.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        let touched = self.classify(paths);
        let summary = describe(paths, &self.root);
        let mut outcome = if touched.everything || touched.theme {
            let (model, theme) = load_all(&self.root, self.drafts)?;
            self.model = Arc::new(model);
            self.theme = theme;
            self.render_all(summary)?
        } else if touched.stylesheets_only {
            let written = self.write_files(
                static_files(
                    &self.theme,
                    &self.model.content_dir,
                    &self.model.corpus.files,
                ),
                false,
            );
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
        outcome.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(outcome)
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

    /// Re-read the changed notes, then re-render the pages that depend on them.
    fn apply_notes(
        &mut self,
        touched: &Touched,
        summary: String,
    ) -> Result<Outcome, Vec<Diagnostic>> {
        let old = Arc::clone(&self.model);
        let mut corpus = old.corpus.clone();
        let mut errors = Vec::new();
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for relative in &touched.notes {
            let path = old.content_dir.join(relative);
            let position = corpus.notes.iter().position(|n| &n.path == relative);
            if !path.exists() {
                if let Some(i) = position {
                    removed.push(
                        old.site
                            .page_of_note
                            .get(relative)
                            .map(|&p| old.site.pages[p].url.clone()),
                    );
                    corpus.notes.remove(i);
                }
                continue;
            }
            let kind = note_kind(&path).expect("classified as a note");
            let (note, diagnostics) = load_note(&path, relative, kind, &self.root);
            errors.extend(diagnostics.iter().filter(|d| d.is_error()).cloned());
            match (note, position) {
                (Some(note), _) if note.front_matter.draft && !self.drafts => {
                    if let Some(i) = position {
                        corpus.notes.remove(i);
                    }
                }
                (Some(note), Some(i)) => corpus.notes[i] = note,
                (Some(note), None) => {
                    added.push(relative.clone());
                    let at = corpus.notes.partition_point(|n| n.path < note.path);
                    corpus.notes.insert(at, note);
                }
                (None, _) => {}
            }
        }
        for file in &touched.content_files {
            match old.content_dir.join(file).is_file() {
                true if !corpus.files.contains(file) => corpus.files.push(file.clone()),
                false => corpus.files.retain(|f| f != file),
                _ => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (knowledge, mut warnings) =
            crate::knowledge::gather(&corpus, &old.content_dir, &self.root).map_err(|e| vec![e])?;
        let (site, site_warnings) = crate::site::SiteMap::build(&corpus, Some(&knowledge));
        warnings.extend(site_warnings);
        let model = Model {
            config: old.config.clone(),
            content_dir: old.content_dir.clone(),
            corpus,
            knowledge,
            site,
        };
        let layout_changed = layout(&old) != layout(&model)
            || service_names(&old) != service_names(&model)
            || glossary_terms(&old) != glossary_terms(&model);
        let pages: Vec<usize> = if layout_changed {
            (0..model.site.pages.len()).collect()
        } else {
            dependent_pages(&old, &model, &touched.notes)
        };
        let (mut files, diagnostics) = render_pages(&model, &self.theme, pages.clone());
        warnings.extend(diagnostics.iter().filter(|d| !d.is_error()).cloned());
        let page_errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !page_errors.is_empty() {
            return Err(page_errors);
        }
        files.extend(data_files(&model));
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
        let rendered = pages.len();
        let before: HashMap<String, u64> = self.written.clone();
        let mut written = self.write_files(files, false);
        if layout_changed {
            written += self.remove_stale(&model);
        }
        self.model = Arc::new(model);
        let pages = changed_pages(&before, &self.written);
        Ok(Outcome {
            pages,
            renamed,
            rendered,
            written,
            summary,
            warnings,
            ..Outcome::default()
        })
    }

    fn render_all(&mut self, summary: String) -> Result<Outcome, Vec<Diagnostic>> {
        let model = Arc::clone(&self.model);
        let (mut files, diagnostics) = render_pages(&model, &self.theme, 0..model.site.pages.len());
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(errors);
        }
        let rendered = files.len();
        files.extend(data_files(&model));
        files.extend(static_files(
            &self.theme,
            &model.content_dir,
            &model.corpus.files,
        ));
        let before = self.written.clone();
        let written = self.write_files(files, false) + self.remove_stale(&model);
        Ok(Outcome {
            pages: changed_pages(&before, &self.written),
            rendered,
            written,
            summary,
            warnings,
            ..Outcome::default()
        })
    }

    /// Write files whose bytes differ from what was written before; returns how many.
    fn write_files(&mut self, files: Vec<OutputFile>, _force: bool) -> usize {
        let mut count = 0;
        for file in files {
            let bytes = match file.contents {
                Contents::Bytes(bytes) => bytes,
                Contents::CopyOf(source) => match std::fs::read(&source) {
                    Ok(bytes) => bytes,
                    Err(_) => continue,
                },
            };
            let hash = hash_bytes(&bytes);
            if self.written.get(&file.path) == Some(&hash) {
                continue;
            }
            let target = self.output.join(&file.path);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if std::fs::write(&target, &bytes).is_ok() {
                self.written.insert(file.path, hash);
                count += 1;
            }
        }
        count
    }

    /// Remove pages that no longer exist (a note deleted or renamed).
    fn remove_stale(&mut self, model: &Model) -> usize {
        let pages: HashSet<&str> = model.site.pages.iter().map(|p| p.url.as_str()).collect();
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|p| p.ends_with(".html") && !pages.contains(p.as_str()))
            .cloned()
            .collect();
        for path in &stale {
            let target = self.output.join(path);
            let _ = std::fs::remove_file(&target);
            if let Some(parent) = target.parent() {
                let _ = std::fs::remove_dir(parent); // only when empty
            }
            self.written.remove(path);
        }
        stale.len()
    }

    /// Rebuild the search index on a snapshot of the model, in one background worker: a
    /// change made while it runs is picked up when it finishes (only the newest snapshot is
    /// built). The pages are already served, so search may trail them by a moment.
    fn refresh_search(&mut self) {
        *self.search.latest.lock().expect("search queue lock") = Some(Arc::clone(&self.model));
        if self.search.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let (queue, root, output) = (
            Arc::clone(&self.search),
            self.root.clone(),
            self.output.clone(),
        );
        std::thread::spawn(move || loop {
            let next = queue.latest.lock().expect("search queue lock").take();
            match next {
                Some(model) => export_search(&root, &output, &model),
                None => {
                    queue.running.store(false, Ordering::SeqCst);
                    let more = queue.latest.lock().expect("search queue lock").is_some();
                    if !more || queue.running.swap(true, Ordering::SeqCst) {
                        return;
                    }
                }
            }
        });
    }
}

/// The newest model waiting for its search index, and whether the worker runs.
#[derive(Default)]
struct SearchQueue {
    latest: Mutex<Option<Arc<Model>>>,
    running: AtomicBool,
}

/// Build the search index of `model` and write the browser files that changed.
fn export_search(root: &Path, output: &Path, model: &Model) {
    let mut files = Vec::new();
    let Ok(staged) = crate::search::cache::build_and_export(
        root,
        &model.site,
        &model.corpus,
        &model.knowledge,
        &mut files,
    ) else {
        return;
    };
    for file in files {
        if let Contents::Bytes(bytes) = file.contents {
            let target = output.join(&file.path);
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                if let Some(parent) = target.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                let _ = std::fs::write(&target, &bytes);
            }
        }
    }
    staged.commit();
}

fn load_all(root: &Path, drafts: bool) -> Result<(Model, Theme), Vec<Diagnostic>> {
    let (model, diagnostics) = model(root, drafts, &mut Stages::new());
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

/// What the navigation shows: pages with their titles, kinds and parents.
fn layout(model: &Model) -> Vec<(&str, &str, PageKind, Option<usize>, i64)> {
    model
        .site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.title.as_str(), p.kind, p.parent, p.weight))
        .collect()
}

fn service_names(model: &Model) -> Vec<(&str, bool)> {
    model
        .knowledge
        .services
        .list
        .iter()
        .zip(&model.knowledge.has_page)
        .map(|(s, &p)| (s.name.as_str(), p))
        .collect()
}

fn glossary_terms(model: &Model) -> Vec<&str> {
    model
        .knowledge
        .glossary
        .terms
        .iter()
        .map(|t| t.term.as_str())
        .collect()
}

/// What the changed notes contribute to service pages, per service: their mentions (section
/// and sentence), the markdown of the sections the service owns, and their facts. A service
/// page is re-rendered only when this differs before and after the change.
fn contributions(model: &Model, notes: &BTreeSet<String>) -> HashMap<usize, u64> {
    let mut per_service: HashMap<usize, std::collections::hash_map::DefaultHasher> = HashMap::new();
    let k = &model.knowledge;
    for (i, note) in model
        .corpus
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| notes.contains(&n.path))
    {
        for m in k.mentions_in(i) {
            let h = per_service.entry(m.service).or_default();
            (&note.path, &note.sections[m.section].heading, &m.sentence).hash(h);
        }
        for block in k.own.iter().filter(|b| b.note == i) {
            let range = note.sections[block.sections.start].range.start
                ..note.sections[block.sections.end - 1].range.end;
            (&note.path, &note.markdown[range]).hash(per_service.entry(block.service).or_default());
        }
        for fact in k.facts.iter().filter(|f| f.note == i) {
            (&note.path, &fact.key, &fact.value).hash(per_service.entry(fact.service).or_default());
        }
    }
    per_service
        .into_iter()
        .map(|(s, h)| (s, h.finish()))
        .collect()
}

/// Facts `(service, key, value)` and glossary definitions `(term, definition)`.
type Tables = (Vec<(String, String, String)>, Vec<(String, String)>);

/// Facts and glossary definitions that come from the changed notes.
fn tables(model: &Model, notes: &BTreeSet<String>) -> Tables {
    let from = |note: usize| notes.contains(&model.corpus.notes[note].path);
    let k = &model.knowledge;
    let facts = k
        .facts
        .iter()
        .filter(|f| from(f.note))
        .map(|f| {
            (
                k.services.list[f.service].name.clone(),
                f.key.clone(),
                f.value.clone(),
            )
        })
        .collect();
    let glossary = k
        .glossary_entries
        .iter()
        .filter(|g| from(g.note))
        .map(|g| (g.term.clone(), g.definition.clone()))
        .collect();
    (facts, glossary)
}

/// Pages that show something that changed in the changed notes: the notes and their
/// folders; the pages of services whose mentions, sections or facts from them changed; the
/// home page and services index when counts changed; comparisons when facts changed; the
/// glossary when definitions changed.
fn dependent_pages(old: &Model, new: &Model, notes: &BTreeSet<String>) -> Vec<usize> {
    let mut pages = BTreeSet::new();
    for path in notes {
        if let Some(&page) = new.site.page_of_note.get(path) {
            pages.insert(page);
            pages.extend(new.site.pages[page].parent);
        }
    }
    let (before, after) = (contributions(old, notes), contributions(new, notes));
    let services: BTreeSet<usize> = before
        .keys()
        .chain(after.keys())
        .filter(|s| before.get(s) != after.get(s))
        .copied()
        .collect();
    let counts_changed = old.knowledge.stats != new.knowledge.stats;
    let (old_facts, old_terms) = tables(old, notes);
    let (new_facts, new_terms) = tables(new, notes);
    if counts_changed {
        pages.insert(crate::site::HOME);
    }
    for (index, page) in new.site.pages.iter().enumerate() {
        let wanted = match page.kind {
            PageKind::Services => counts_changed,
            PageKind::Comparisons | PageKind::Comparison => {
                old_facts != new_facts || counts_changed
            }
            PageKind::Glossary => old_terms != new_terms,
            PageKind::Service => {
                page.service.is_some_and(|s| services.contains(&s))
                    || counts_changed && related_counts_changed(old, new, page.service)
            }
            _ => false,
        };
        if wanted {
            pages.insert(index);
        }
    }
    pages.into_iter().collect()
}

/// Whether a service page's own numbers (its counts and its related services' counts) changed.
fn related_counts_changed(old: &Model, new: &Model, service: Option<usize>) -> bool {
    let Some(s) = service else { return false };
    let shown = |m: &Model| -> Vec<(usize, usize, (usize, usize))> {
        let k = &m.knowledge;
        std::iter::once(s)
            .chain(k.related[s].iter().take(8).map(|r| r.0))
            .chain(k.services.list[s].children.iter().copied())
            .map(|x| {
                (
                    x,
                    k.related[s].iter().find(|r| r.0 == x).map_or(0, |r| r.1),
                    k.stats[x],
                )
            })
            .collect()
    };
    shown(old) != shown(new)
}

fn changed_pages(before: &HashMap<String, u64>, after: &HashMap<String, u64>) -> Vec<String> {
    let mut pages: Vec<String> = after
        .iter()
        .filter(|(p, h)| p.ends_with(".html") && before.get(*p) != Some(h))
        .map(|(p, _)| p.clone())
        .collect();
    pages.sort();
    pages
}

fn list_output(output: &Path) -> std::io::Result<HashMap<String, u64>> {
    let mut written = HashMap::new();
    for entry in walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let relative = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        written.insert(relative, hash_bytes(&std::fs::read(entry.path())?));
    }
    Ok(written)
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// `content/a.md, content/b.md` (or `3 files`), for the terminal line.
fn describe(paths: &[PathBuf], root: &Path) -> String {
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
