//! `notesite serve`: build, serve the output over HTTP, watch the sources and rebuild what a
//! change touches, telling browsers to reload over Server-Sent Events.
//!
//! Input: [`ServeOptions`]. Output: a running server until Ctrl-C; one terminal line per
//! rebuild. A broken edit keeps the last good site served and shows the error in the browser;
//! so does a crash (panic) inside a rebuild, after which the next change rebuilds everything.

mod connections;
mod dependents;
pub mod http;
mod search_worker;
pub mod session;
mod written;

use crate::diagnostics::{Diagnostic, Location};
use http::{Hosts, Message, Shared};
use notify::RecursiveMode;
use notify_debouncer_full::new_debouncer;
use session::{Outcome, Session};
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::broadcast;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The output folder written and served.
    pub output: PathBuf,
    /// Address to bind (loopback by default).
    pub bind: IpAddr,
    /// First port to try; the next free one is used when it is taken; 0 lets the system choose.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Accept an output folder holding files no build wrote (see [`crate::output::guard`]).
    pub force: bool,
}

/// Quiet time after the last file event before rebuilding: an editor's save-as-rename or a
/// burst of writes is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Run the server until interrupted.
pub fn serve(mut options: ServeOptions) -> anyhow::Result<()> {
    // Watchers report absolute paths; keep the root and output absolute to compare them.
    options.root = std::path::absolute(&options.root)?;
    options.output = std::path::absolute(&options.output)?;
    options.output =
        crate::output::check_output_folder(&options.output, &options.root, options.force)
            .map_err(|d| anyhow::anyhow!("{d}"))?;
    std::fs::create_dir_all(&options.output)?;
    let (events, _) = broadcast::channel(64);
    let error = Arc::new(Mutex::new(None));
    let started = std::panic::catch_unwind(AssertUnwindSafe(|| {
        Session::start(&options.root, &options.output, options.drafts)
    }))
    .unwrap_or_else(|panic| Err(vec![crash_report(&[], &options.root, &*panic)]));
    let session = match started {
        Ok((session, outcome)) => {
            println!(
                "Built {} pages in {:.0} ms",
                outcome.rendered, outcome.millis
            );
            print_warnings(&outcome.warnings);
            Some(session)
        }
        Err(errors) => {
            print_errors(&errors);
            *error.lock().unwrap_or_else(PoisonError::into_inner) = Some(errors_json(&errors));
            None
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(bind(options.bind, options.port))?;
    let address = listener.local_addr()?;
    let url = format!("http://{}/", display_address(address));
    if options.port != 0 && options.port != address.port() {
        println!(
            "Port {} is taken; using {} instead",
            options.port,
            address.port()
        );
    }
    println!(
        "Serving {} at {url} (Ctrl-C to stop)",
        options.output.display()
    );
    if !options.bind.is_loopback() {
        println!(
            "Warning: bound to {} — other machines on the network can read the site (by IP address or by this machine's name)",
            options.bind
        );
    }
    if options.open {
        let _ = opener::open(&url);
    }
    let shared = Shared {
        output: options.output.clone(),
        events: events.clone(),
        error: Arc::clone(&error),
        hosts: Arc::new(Hosts::for_bind(options.bind)),
    };
    let watcher = std::thread::spawn({
        let events = events.clone();
        let options = options.clone();
        move || watch(options, session, events, error)
    });
    // Our own accept loop rather than `axum::serve`, which sets no timeouts: see `connections`.
    runtime.block_on(async move {
        let server = connections::serve(listener, http::router(shared), Default::default());
        tokio::select! {
            () = server => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    });
    drop(watcher);
    println!("Stopped");
    Ok(())
}

/// Listen on `first_port` or one of the 49 after it; port 0 asks the system for a free one.
async fn bind(address: IpAddr, first_port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    let mut last_error = None;
    for port in first_port..=first_port.saturating_add(49) {
        match tokio::net::TcpListener::bind(SocketAddr::new(address, port)).await {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
        if first_port == 0 {
            break;
        }
    }
    Err(anyhow::anyhow!(
        "no free port from {first_port} on {address}: {}",
        last_error.map_or_else(String::new, |e| e.to_string())
    ))
}

fn display_address(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", address.port()),
        _ => address.to_string(),
    }
}

/// Watch the sources and rebuild on change, forever (until the process ends).
fn watch(
    options: ServeOptions,
    mut session: Option<Session>,
    events: broadcast::Sender<Message>,
    error: Arc<Mutex<Option<String>>>,
) {
    let (sender, receiver) = mpsc::channel();
    let Ok(mut debouncer) = new_debouncer(DEBOUNCE, Some(Duration::from_millis(5)), sender) else {
        eprintln!("error: cannot watch files; live reload is off");
        return;
    };
    watch_sources(&mut debouncer, &options.root);
    let output = std::path::absolute(&options.output).unwrap_or(options.output.clone());
    let cache =
        std::path::absolute(crate::search::cache::cache_dir(&options.root)).unwrap_or_default();
    for result in receiver {
        let Ok(batch) = result else { continue };
        // Reads (ours included) and metadata changes are not edits.
        let edits = batch.iter().filter(|e| {
            !e.kind.is_access()
                && !matches!(
                    e.kind,
                    notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
                )
        });
        let mut paths: Vec<PathBuf> = edits
            .flat_map(|e| e.paths.clone())
            .filter(|p| !p.starts_with(&output) && !p.starts_with(&cache) && !is_editor_temp(p))
            .collect();
        // Of the root itself only its sources matter; a source folder created now is watched too.
        paths.retain(|p| {
            p.parent() != Some(options.root.as_path()) || SOURCES.iter().any(|s| p.ends_with(s))
        });
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        if paths
            .iter()
            .any(|p| p.parent() == Some(options.root.as_path()) && p.is_dir())
        {
            watch_sources(&mut debouncer, &options.root);
        }
        let attempt =
            std::panic::catch_unwind(AssertUnwindSafe(|| rebuild(&options, &mut session, &paths)));
        let result = attempt.unwrap_or_else(|panic| {
            // What the session holds is unknown now: the next change starts afresh.
            session = None;
            Err(vec![crash_report(&paths, &options.root, &*panic)])
        });
        report(result, &events, &error);
    }
}

/// Rebuild after a change to `paths`: what depends on them, or everything without a session.
fn rebuild(
    options: &ServeOptions,
    session: &mut Option<Session>,
    paths: &[PathBuf],
) -> Result<session::Outcome, Vec<Diagnostic>> {
    inject_panic(paths);
    match session.as_mut() {
        Some(session) => session.apply(paths),
        None => {
            Session::start(&options.root, &options.output, options.drafts).map(|(new, outcome)| {
                *session = Some(new);
                outcome
            })
        }
    }
}

/// Debug builds only: panic when a changed file is named as `NOTESITE_DEBUG_PANIC_ON` says,
/// so tests can prove that a crash inside a rebuild is reported and watching goes on.
fn inject_panic(paths: &[PathBuf]) {
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("NOTESITE_DEBUG_PANIC_ON") {
        if paths
            .iter()
            .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            panic!("injected panic for a test (NOTESITE_DEBUG_PANIC_ON)");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = paths;
}

/// The error shown for a panic inside a (re)build of `paths` (none: the initial build).
fn crash_report(paths: &[PathBuf], root: &Path, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    let location = match paths {
        [one] => Some(Location::file(crate::diagnostics::display_path(one, root))),
        _ => None,
    };
    let during = match paths {
        [] => "the initial build".to_string(),
        _ => format!(
            "the rebuild after a change to {}",
            session::describe(paths, root)
        ),
    };
    Diagnostic::error(location, format!("notesite crashed during {during}: {what}")).with_hint(
        "this is a bug in notesite: please report it with the file that triggers it; the last good site is still served, and the next save rebuilds everything",
    )
}

fn report(
    result: Result<Outcome, Vec<Diagnostic>>,
    events: &broadcast::Sender<Message>,
    error: &Mutex<Option<String>>,
) {
    let time = clock();
    match result {
        Ok(outcome) => {
            let had_error = error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .is_some();
            println!(
                "{time} {} changed → {} pages rendered, {} files written in {:.0} ms",
                outcome.summary, outcome.rendered, outcome.written, outcome.millis
            );
            print_warnings(&outcome.warnings);
            if had_error {
                let _ = events.send(Message {
                    event: "ok",
                    data: "{}".into(),
                });
            }
            let message = if outcome.css_only {
                Message {
                    event: "css",
                    data: "{}".into(),
                }
            } else {
                let data = serde_json::json!({ "pages": outcome.pages, "renamed": outcome.renamed, "all": had_error });
                Message {
                    event: "reload",
                    data: data.to_string(),
                }
            };
            if outcome.css_only || outcome.written > 0 || had_error {
                let _ = events.send(message);
            }
        }
        Err(errors) => {
            println!("{time} build failed; the last good site is still served");
            print_errors(&errors);
            let data = errors_json(&errors);
            *error.lock().unwrap_or_else(PoisonError::into_inner) = Some(data.clone());
            let _ = events.send(Message {
                event: "error",
                data,
            });
        }
    }
}

fn errors_json(errors: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|d| {
            let location = d.location.clone().unwrap_or_default();
            serde_json::json!({ "file": location.file.display().to_string(), "line": location.line, "column": location.column, "message": d.message, "hint": d.hint })
        })
        .collect();
    serde_json::json!({ "errors": list }).to_string()
}

/// The site's sources: content/, notesite.toml, templates/, static/ and themes/.
fn watched_paths(root: &Path) -> Vec<PathBuf> {
    SOURCES
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect()
}

/// The parts of a site root that are sources.
const SOURCES: [&str; 5] = ["content", "notesite.toml", "templates", "static", "themes"];

/// Watch the sources that exist, and the root itself (not recursively) to see new ones appear.
fn watch_sources<W: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    root: &Path,
) {
    let _ = debouncer.watch(root, RecursiveMode::NonRecursive);
    for path in watched_paths(root) {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if let Err(e) = debouncer.watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
}

/// Swap and backup files editors write next to the real one (`.x.swp`, `x~`, `#x#`, `4913`).
fn is_editor_temp(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name == "4913"
}

fn print_errors(errors: &[Diagnostic]) {
    for error in errors {
        eprintln!("{error}");
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn clock() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    )
}
