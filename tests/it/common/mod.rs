//! Helpers shared by the integration tests: fixture sites copied to temp folders, the
//! `notesite` binary run on them, and the built HTML parsed back.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository's folder, as `cargo test` says when it runs the test (the path compiled
/// in is the fallback: a test binary reused from a build of another checkout would read that
/// checkout's files).
pub fn repo_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
        .into()
}

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_dir().join("tests/fixtures").join(name)
}

/// A copy of fixture `name` in a fresh temp folder (so tests can change it).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Copy a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Run `notesite` with `args` in `dir`.
pub fn notesite(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_notesite"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("notesite runs")
}

/// Standard error of a run, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Run `notesite build` in `dir` and insist that it succeeded.
pub fn build_ok(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let output = notesite(dir, &args);
    assert!(
        output.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    output
}

/// A site in a temp folder, not built: `notesite.toml` titled `title`, and `notes` (path
/// under `content/`, text).
pub fn site_of(title: &str, notes: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        site.path().join("notesite.toml"),
        format!("title = {title:?}\n"),
    )
    .unwrap();
    for (path, text) in notes {
        let file = site.path().join("content").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    site
}

/// The page at `url` of the site built in `site`, parsed; fails naming the file when it was
/// not written.
pub fn page(site: &Path, url: &str) -> scraper::Html {
    let path = site.join("public").join(url);
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} was not written: {e}", path.display()));
    scraper::Html::parse_document(&html)
}

/// Every file under `dir`, relative, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The HTML pages of a built site: relative path → parsed document.
pub fn pages(output: &Path) -> BTreeMap<String, scraper::Html> {
    snapshot(output)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path,
                scraper::Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect()
}

/// A note's pages: `page` (`note/index.html`) and, for a long note, its chapter pages
/// (`note/part-1/index.html`, ...) in order.
pub fn note_pages<'p>(
    pages: &'p BTreeMap<String, scraper::Html>,
    page: &str,
) -> Vec<&'p scraper::Html> {
    let folder = page.trim_end_matches("index.html");
    std::iter::once(page.to_string())
        .chain((1..).map(|n| format!("{folder}part-{n}/index.html")))
        .map_while(|p| pages.get(&p))
        .collect()
}

/// Select with a CSS selector.
pub fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    html.select(&selector).collect()
}

/// The text of an element, whitespace collapsed.
pub fn text(element: &scraper::ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every broken internal reference of a built site: `href`/`src` attributes that do not
/// resolve to a file, and `#fragments` that name no id on their page.
pub fn broken_references(output: &Path) -> Vec<String> {
    let pages = pages(output);
    let ids: BTreeMap<&String, HashSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            let ids = select(html, "[id], a[name]")
                .iter()
                .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
                .flatten()
                .map(str::to_string)
                .collect();
            (path, ids)
        })
        .collect();
    let mut broken = Vec::new();
    for (path, html) in &pages {
        for element in select(html, "[href], [src]") {
            let Some(reference) = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
            else {
                continue;
            };
            if reference.contains("://")
                || reference.starts_with("mailto:")
                || reference.starts_with("data:")
                || reference.starts_with("javascript:")
            {
                continue;
            }
            if reference.starts_with('/') {
                broken.push(format!("{path}: absolute reference {reference}"));
                continue;
            }
            let (file, fragment) = reference
                .split_once('#')
                .map_or((reference, None), |(f, x)| (f, Some(x)));
            let target = if file.is_empty() {
                path.clone()
            } else {
                let base = Path::new(path).parent().unwrap_or(Path::new(""));
                normalize(&base.join(file))
            };
            if !output.join(&target).is_file() {
                broken.push(format!("{path}: {reference} → {target} does not exist"));
                continue;
            }
            if let (Some(fragment), Some(target_ids)) = (fragment, ids.get(&target)) {
                if !fragment.is_empty() && !target_ids.contains(fragment) {
                    broken.push(format!(
                        "{path}: {reference} → no id `{fragment}` in {target}"
                    ));
                }
            }
        }
    }
    broken
}

/// A relative path with `.` and `..` resolved, `/`-separated.
pub fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// `Some(())` when `what` (something a test needs from outside the repository) is
/// available. Otherwise CI (`CI` set), which always has it, fails the test, and elsewhere
/// the test prints that `checks` did not run and how to get `what` (`fix`), and skips.
/// Every test that needs ../shared, node or chromium goes through this: none returns early
/// without saying so.
pub fn require(available: bool, what: &str, checks: &str, fix: &str) -> Option<()> {
    if available {
        return Some(());
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing, and CI always has it ({fix})"
    );
    use std::io::Write as _;
    // Straight to the process's stderr: `eprintln!` is captured, and so hidden, when the
    // test passes.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {what} is missing; {checks} did not run ({fix})"
    );
    None
}

/// A folder of ../shared (beside the repository), when it exists ([`require`]).
pub fn shared(folder: &str, checks: &str) -> Option<PathBuf> {
    let path = repo_dir().join("../shared").join(folder);
    require(
        path.is_dir(),
        &format!("../shared/{folder}"),
        checks,
        "check out the shared folder beside the repository",
    )?;
    Some(path)
}

/// The seeds folder beside the repository, when it exists ([`shared`]).
pub fn seeds() -> Option<PathBuf> {
    shared("seeds", "the seed checks")
}

/// `node` on PATH, when it runs ([`require`]; `.ci/run` needs it for `npm ci`).
pub fn node(checks: &str) -> Option<()> {
    let found = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    require(found, "node", checks, "apt-get install -y nodejs npm")
}

/// Plain text as a reader sees it once built: the formatting tags a recovered table cell
/// keeps (`<b>`, `<br>`) are formatting, not words, and `&amp;`-style entities are characters.
pub fn reader_text(text: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)</?(b|strong|i|em|u|s|del|mark|sup|sub|small|code)>|<br ?/?>")
            .expect("valid regex")
    });
    TAG.replace_all(text, " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Lower-cased words (runs of letters and digits) of a text.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The text a reader sees in an element, in order, with the numbers of ordered-list items
/// (drawn by CSS, so not text nodes) put back; text nodes are separated by spaces.
pub fn visible_text(element: &scraper::ElementRef) -> String {
    fn walk(node: ego_tree::NodeRef<scraper::Node>, out: &mut String) {
        match node.value() {
            scraper::Node::Text(text) => {
                out.push_str(text);
                out.push(' ');
            }
            scraper::Node::Element(element) => {
                if element.name() == "li" {
                    if let Some(parent) = node
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| (p, e)))
                    {
                        if parent.1.name() == "ol" {
                            let start: usize = parent
                                .1
                                .attr("start")
                                .and_then(|s| s.parse().ok())
                                .unwrap_or(1);
                            let index = node
                                .prev_siblings()
                                .filter(|s| {
                                    s.value().as_element().is_some_and(|e| e.name() == "li")
                                })
                                .count();
                            out.push_str(&format!("{} ", start + index));
                        }
                    }
                }
                for child in node.children() {
                    walk(child, out);
                }
            }
            _ => {}
        }
    }
    let mut out = String::new();
    walk(**element, &mut out);
    out
}

/// The Chromium binary for browser tests: `$CHROMIUM`, else `chromium` on PATH. Missing is
/// a failure in CI (where `.ci/run` installs it) and a printed skip elsewhere.
pub fn chromium() -> Option<PathBuf> {
    let candidate = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("chromium"));
    let found = std::process::Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    require(
        found,
        "chromium",
        "the browser checks",
        ".ci/run installs it: apt-get install -y chromium",
    )?;
    Some(candidate)
}

/// The flags every browser check passes to Chromium (`tests/e2e/chromium-flags.json`, which
/// the node harnesses read too).
pub fn chromium_flags() -> Vec<String> {
    serde_json::from_str(include_str!("../../e2e/chromium-flags.json")).expect("a list of flags")
}

/// Open `page` (a file) in headless Chromium, let its scripts run, and return the DOM.
pub fn chromium_dump_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(chromium)
        .args(chromium_flags())
        .args(["--virtual-time-budget=60000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Run `body` for each of `queries` (bound to `q`) in a page that loads the built site's
/// search runtime (`public/assets/search.js` under `root`), with `S` the runtime and `out`
/// the list `body` pushes to; returns `out` as JSON ([`harness_json`]).
pub fn search_harness(
    chromium: &Path,
    root: &Path,
    queries: &[&str],
    body: &str,
) -> serde_json::Value {
    let harness = root.join("search-harness.html");
    let queries = serde_json::to_string(queries).unwrap();
    std::fs::write(
        &harness,
        format!(
            r#"<!doctype html><html><body><pre id="out">pending</pre>
<script src="public/assets/search.js"></script>
<script>
(async function () {{
  var S = NotesiteSearch, out = [];
  for (const q of {queries}) {{
    {body}
  }}
  document.getElementById("out").textContent = "RESULT" + JSON.stringify(out) + "END";
}})().catch(function (e) {{ document.getElementById("out").textContent = "ERROR " + e; }});
</script></body></html>"#
        ),
    )
    .unwrap();
    harness_json(chromium, &harness)
}

/// Run a harness page in Chromium and return the JSON it writes between `RESULT` and `END`
/// into the DOM (decoding the HTML escapes of the dumped DOM); panics with the start of the
/// DOM when the harness did not finish.
pub fn harness_json(chromium: &Path, harness: &Path) -> serde_json::Value {
    let dom = chromium_dump_dom(chromium, harness);
    let start = dom.find("RESULT").unwrap_or_else(|| {
        panic!(
            "the harness did not finish: {}",
            &dom[..dom.len().min(2000)]
        )
    });
    let end = dom[start..].find("END").expect("end marker") + start;
    let text = dom[start + "RESULT".len()..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).expect("the harness wrote JSON")
}

/// A temp site whose content is the seed notes, each renamed to `<stem>.<extension>` (or
/// kept as named when `extension` is `None`); with the seeds' stems and paths, sorted.
/// `None` (after printing that it skipped) when `../shared/seeds` is absent.
pub fn seed_site(extension: Option<&str>) -> Option<(tempfile::TempDir, Vec<(String, PathBuf)>)> {
    let seeds = seeds()?;
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = extension.map_or_else(
            || path.file_name().unwrap().to_string_lossy().into_owned(),
            |ext| format!("{stem}.{ext}"),
        );
        std::fs::copy(&path, site.path().join("content").join(name)).unwrap();
        sources.push((stem, path));
    }
    sources.sort();
    Some((site, sources))
}

/// [`seed_site`] with the notes as named, titled "Seed notes" and built (what the browser
/// checks of real notes look at). `None` when `../shared/seeds` is absent.
pub fn built_seed_site() -> Option<(tempfile::TempDir, Vec<(String, PathBuf)>)> {
    let (site, sources) = seed_site(None)?;
    std::fs::write(
        site.path().join("notesite.toml"),
        "title = \"Seed notes\"\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    Some((site, sources))
}

/// The repository's example site (content/ and notesite.toml) copied to a temp folder and built.
pub fn built_example_site() -> tempfile::TempDir {
    let root = repo_dir();
    let site = tempfile::tempdir().unwrap();
    copy_tree(&root.join("content"), &site.path().join("content"));
    std::fs::copy(
        root.join("notesite.toml"),
        site.path().join("notesite.toml"),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    site
}

/// The navigation tree a built site shares (`assets/nav-tree.js`): `{"full": bool, "pages":
/// [[url, title, parent index or -1, 1 for a folder], ...]}`.
pub fn nav_tree(output: &Path) -> serde_json::Value {
    let script = std::fs::read_to_string(output.join("assets/nav-tree.js"))
        .expect("the build writes assets/nav-tree.js");
    let json = script
        .split_once("window.notesiteNav = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("nav-tree.js assigns window.notesiteNav");
    serde_json::from_str(&json.replace("<\\/", "</")).expect("nav-tree.js holds JSON")
}

/// The titles the shared navigation tree lists.
pub fn nav_titles(output: &Path) -> Vec<String> {
    nav_tree(output)["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_str().unwrap().to_string())
        .collect()
}
