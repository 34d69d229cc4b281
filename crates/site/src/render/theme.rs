//! The theme: tera templates and static files, from the built-in default theme, a theme
//! folder under `themes/`, and the site's own `templates/` and `static/` overrides.
//!
//! Input: the site root and theme name. Output: a [`Theme`] holding parsed templates and the
//! list of static files to copy, or located errors naming the template file and line.

use crate::content::load::{leaves_folder, link_out_warning};
use crate::diagnostics::{Diagnostic, Location};
use include_dir::{include_dir, Dir};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The default theme, built into the binary so a notes repository needs no theme folder.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../themes/default");

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the built-in default theme.
    BuiltIn(&'static [u8]),
}

impl Source {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Disk(path) => std::fs::read(path),
            Source::BuiltIn(bytes) => Ok(bytes.to_vec()),
        }
    }
}

/// Parsed templates plus the static files to copy to the output root.
pub struct Theme {
    /// The templates, ready to render.
    pub tera: tera::Tera,
    /// Template name → the file it came from, as shown in messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Template name → its text, to locate runtime errors.
    pub template_texts: BTreeMap<String, String>,
    /// Output path (relative, `/`-separated) → where the file comes from.
    pub static_files: BTreeMap<String, Source>,
    /// Whether a template of the site or of a theme folder reads the `nav` tree (an
    /// expression of its parsed template names it; text and comments do not count). The
    /// built-in templates show the ready `nav_html` (and read `nav` only on the 404 page), so
    /// without such templates the tree is not handed to every page, which on a large site
    /// costs a tenth of the render time.
    pub nav_tree: bool,
    /// Problems that do not stop the build (links out of `static/` or `templates/`, not used).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Load the theme `name` for the site at `root`, with the site's overrides on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (PathBuf, Source)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        // The search runtime belongs to the search crate, whatever the theme; a theme or the
        // site's static/ may still replace it.
        static_files.insert(
            notesite_search::BROWSER_RUNTIME_PATH.to_string(),
            Source::BuiltIn(notesite_search::BROWSER_RUNTIME.as_bytes()),
        );
        let mut warnings = Vec::new();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            collect_disk(
                &theme_dir.join("templates"),
                root,
                &mut templates,
                &mut warnings,
            )?;
            collect_disk_static(
                &theme_dir.join("static"),
                root,
                &mut static_files,
                &mut warnings,
            )?;
        } else if name == "default" {
            collect_built_in(&mut templates, &mut static_files);
        } else {
            return Err(vec![Diagnostic::error(
                Some(Location::file(crate::config::CONFIG_FILE)),
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            )
            .with_hint(
                "set theme = \"default\" in notesite.toml, or create the theme folder",
            )]);
        }
        collect_disk(&root.join("templates"), root, &mut templates, &mut warnings)?;
        collect_disk_static(&root.join("static"), root, &mut static_files, &mut warnings)?;
        let mut theme = Theme::parse(templates, static_files)?;
        theme.warnings = warnings;
        Ok(theme)
    }

    fn parse(
        templates: BTreeMap<String, (PathBuf, Source)>,
        static_files: BTreeMap<String, Source>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut texts = BTreeMap::new();
        let mut files = BTreeMap::new();
        let mut errors = Vec::new();
        let mut nav_tree = false;
        for (name, (shown, source)) in templates {
            match source.read().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    // Built-in templates never read `nav` but on the 404 page (which always
                    // gets it); a template of the site or of a theme folder may.
                    if matches!(source, Source::Disk(_)) {
                        nav_tree |= tera::Template::new(&name, None, &text)
                            .is_ok_and(|t| reads_variable(&t.ast, "nav"));
                    }
                    // The built-in templates are indented for reading; the pages need none
                    // of it (they hold no `<pre>`): about 1 KB of every page.
                    let text = if matches!(source, Source::Disk(_)) {
                        text
                    } else {
                        unindent(&text)
                    };
                    texts.insert(name.clone(), text);
                    files.insert(name, shown);
                }
                _ => errors.push(
                    Diagnostic::error(
                        Some(Location::file(&shown)),
                        "cannot read this template as UTF-8 text",
                    )
                    .with_hint("check the file's permissions and encoding"),
                ),
            }
        }
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(escape_html);
        // Parse each template alone first, so a syntax error names its own file.
        for (name, text) in &texts {
            if let Err(e) = tera::Template::new(name, None, text) {
                errors.push(template_error(&e, name, &files, &texts));
            }
        }
        if errors.is_empty() {
            if let Err(e) =
                tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            {
                errors.push(template_error(&e, "", &files, &texts));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme {
            tera,
            template_files: files,
            template_texts: texts,
            static_files,
            nav_tree,
            warnings: Vec::new(),
        })
    }

    /// Render `template` with `context`; errors name the template file and, where it can be
    /// found, the line.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&e, template, &self.template_files, &self.template_texts))
    }
}

/// Whether a parsed template reads the context variable `name` (`name`, `name.x`,
/// `name[0]`, in any expression, filter argument, test or loop), or dumps the whole context.
/// Text, comments and raw blocks are not read: an HTML `<nav>` or a `nav_html` is not `nav`.
fn reads_variable(nodes: &[tera::ast::Node], name: &str) -> bool {
    use tera::ast::Node;
    let body = |nodes: &[Node]| reads_variable(nodes, name);
    let expr = |e: &tera::ast::Expr| expr_reads(e, name);
    nodes.iter().any(|node| match node {
        Node::VariableBlock(_, e) => expr(e),
        Node::MacroDefinition(_, m, _) => m.args.values().flatten().any(expr) || body(&m.body),
        Node::Set(_, set) => expr(&set.value),
        Node::FilterSection(_, f, _) => f.filter.args.values().any(expr) || body(&f.body),
        Node::Block(_, block, _) => body(&block.body),
        Node::Forloop(_, f, _) => {
            expr(&f.container) || body(&f.body) || f.empty_body.as_deref().is_some_and(body)
        }
        Node::If(i, _) => {
            i.conditions
                .iter()
                .any(|(_, e, nodes)| expr(e) || body(nodes))
                || i.otherwise.as_ref().is_some_and(|(_, nodes)| body(nodes))
        }
        _ => false,
    })
}

/// Whether an expression (its value or its filters' arguments) reads the variable `name`.
fn expr_reads(expr: &tera::ast::Expr, name: &str) -> bool {
    use tera::ast::ExprVal;
    let is_name = |ident: &str| {
        ident == "__tera_context"
            || ident
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    let sub = |e: &tera::ast::Expr| expr_reads(e, name);
    let value_reads = match &expr.val {
        ExprVal::Ident(ident) => is_name(ident),
        ExprVal::Math(m) => sub(&m.lhs) || sub(&m.rhs),
        ExprVal::Logic(l) => sub(&l.lhs) || sub(&l.rhs),
        ExprVal::In(i) => sub(&i.lhs) || sub(&i.rhs),
        ExprVal::Test(t) => is_name(&t.ident) || t.args.iter().any(sub),
        ExprVal::MacroCall(m) => m.args.values().any(sub),
        ExprVal::FunctionCall(f) => f.args.values().any(sub),
        ExprVal::Array(items) => items.iter().any(sub),
        ExprVal::StringConcat(c) => c.values.iter().any(|v| match v {
            ExprVal::Ident(ident) => is_name(ident),
            _ => false,
        }),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => false,
    };
    value_reads || expr.filters.iter().any(|f| f.args.values().any(sub))
}

/// HTML escaping for templates: `& < > " '` only. Tera's default also escapes `/`, which
/// triples the size of every relative link (`..&#x2F;..&#x2F;`) for no safety gain.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

static PEST_POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("valid regex"));
static QUOTED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Variable|Filter|Function|Test|Macro|namespace) `([^`]+)`|'([^']+)'")
        .expect("valid regex")
});
static TEMPLATE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:template|rendering|parse) '([^']+)'").expect("valid regex"));

/// A located diagnostic from a tera error: the innermost template named, and a line.
fn template_error(
    error: &tera::Error,
    fallback: &str,
    files: &BTreeMap<String, PathBuf>,
    texts: &BTreeMap<String, String>,
) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    let full = chain.join(": ");
    let name = TEMPLATE_NAME
        .captures_iter(&full)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .filter(|n| files.contains_key(n))
        .last()
        .unwrap_or_else(|| fallback.to_string());
    let (line, column) = match PEST_POSITION.captures(&full) {
        Some(c) => (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0)),
        None => find_line(&full, texts.get(&name)),
    };
    let file = files
        .get(&name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(&name));
    let message = chain.last().cloned().unwrap_or_default();
    let message = message
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n  ");
    Diagnostic::error(Some(Location::new(file, line, column)), format!("template error: {message}"))
        .with_hint("fix the template at this place; templates use tera syntax ({{ value }}, {% if %}, {% for %}), see https://keats.github.io/tera/docs/")
}

/// The first line of a template that uses the name an error message quotes.
#[expect(clippy::string_slice, reason = "the column is where find matched")]
fn find_line(message: &str, text: Option<&String>) -> (usize, usize) {
    let Some(text) = text else { return (0, 0) };
    for capture in QUOTED_NAME.captures_iter(message) {
        let Some(name) = capture.get(1).or_else(|| capture.get(2)) else {
            continue;
        };
        for (index, line) in text.lines().enumerate() {
            if let Some(column) = line.find(name.as_str()) {
                return (index + 1, line[..column].chars().count() + 1);
            }
        }
    }
    (0, 0)
}

fn collect_disk(
    dir: &Path,
    root: &Path,
    into: &mut BTreeMap<String, (PathBuf, Source)>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    for (relative, path) in list_files(dir, root, warnings)? {
        let shown = crate::diagnostics::display_path(&path, root);
        into.insert(relative, (shown, Source::Disk(path)));
    }
    Ok(())
}

fn collect_disk_static(
    dir: &Path,
    root: &Path,
    into: &mut BTreeMap<String, Source>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    for (relative, path) in list_files(dir, root, warnings)? {
        into.insert(relative, Source::Disk(path));
    }
    Ok(())
}

/// The files under `dir`; symbolic links are followed while they stay inside `dir`, and
/// a link out of it is left out with a warning (it would publish a file from elsewhere).
fn list_files(
    dir: &Path,
    root: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let folder = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let folder_name = format!("{}/", crate::diagnostics::display_path(dir, root).display());
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let out = e.depth() > 0 && e.path_is_symlink() && leaves_folder(e.path(), &folder);
            if out {
                warnings.push(link_out_warning(e.path(), root, &folder_name));
            }
            !out
        });
    let mut dangling = Vec::new();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            // A link that points nowhere was skipped before links were followed; still is.
            Err(e) if e.path().is_some_and(|p| p.is_symlink() && !p.exists()) => {
                dangling.extend(e.path().map(Path::to_path_buf));
                continue;
            }
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    e.path().map(Location::file),
                    format!("cannot read theme folder: {e}"),
                )])
            }
        };
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, entry.into_path()));
        }
    }
    warnings.extend(dangling.iter().map(|path| {
        let shown = crate::diagnostics::display_path(path, root);
        Diagnostic::warning(
            Some(Location::file(&shown)),
            "this symbolic link points nowhere; not copied",
        )
        .with_hint("remove the link, or point it at a file inside the same folder")
    }));
    Ok(files)
}

fn collect_built_in(
    templates: &mut BTreeMap<String, (PathBuf, Source)>,
    static_files: &mut BTreeMap<String, Source>,
) {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut files = Vec::new();
    walk(&DEFAULT_THEME, &mut files);
    for file in files {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let shown = PathBuf::from("(built-in theme)/templates").join(name);
            templates.insert(name.to_string(), (shown, Source::BuiltIn(file.contents())));
        } else if let Some(name) = path.strip_prefix("static/") {
            static_files.insert(name.to_string(), Source::BuiltIn(file.contents()));
        }
    }
}

/// `text` with each line's leading spaces and tabs removed (lines keep their numbers).
fn unindent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(line.trim_start_matches([' ', '\t']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions_nav(text: &str) -> bool {
        let template = tera::Template::new("t.html", None, text).expect("the template parses");
        reads_variable(&template.ast, "nav")
    }

    #[test]
    fn finds_templates_that_read_the_nav_tree() {
        assert!(mentions_nav(
            "{% for item in nav %}{{ item.title }}{% endfor %}"
        ));
        assert!(mentions_nav("{{ m::nav_tree(items=nav) }}"));
        assert!(mentions_nav("{%- if nav %}x{% endif %}"));
        assert!(mentions_nav(
            "{% block b %}{{ nav[0].title }}{% endblock %}"
        ));
        assert!(mentions_nav("{{ page.title | default(value=nav.0) }}"));
        assert!(mentions_nav("{% if nav is defined %}x{% endif %}"));
        assert!(mentions_nav("{{ __tera_context }}"));
    }

    #[test]
    fn nav_in_html_comments_or_other_names_is_not_a_read() {
        assert!(!mentions_nav(
            "<nav id=\"site-nav\" class=\"sidebar\">{{ nav_html | safe }}</nav>"
        ));
        assert!(!mentions_nav(
            "{# the nav tree is not used #}{{ navigation }}"
        ));
        assert!(!mentions_nav("{% raw %}{{ nav }}{% endraw %}<p>nav</p>"));
    }
}
