//! The HTTP side of `notesite serve`: the output folder (and nothing else) over HTTP, with
//! the live-reload script injected into HTML, and a Server-Sent Events channel.
//!
//! Input: requests. Output: files from the output folder with correct content types; paths
//! that try to leave the folder (`..`, encoded or not, or a symbolic link inside it that
//! points outside) are refused; folders serve their `index.html`, never a listing. Requests
//! that name a host the server was not bound to are refused ([`Hosts`]), so a web page whose
//! domain is made to resolve to this machine (DNS rebinding) cannot read the notes.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The script the server injects into every HTML page.
pub const LIVE_RELOAD_JS: &str = include_str!("livereload.js");
const LIVE_RELOAD_TAG: &str = "<script src=\"/__notesite/livereload.js\"></script>";

/// How often the reload channel sends a comment when there is no news, so that an open
/// channel is never idle long enough to be closed.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One message to the browsers: an SSE event name and its JSON data.
#[derive(Debug, Clone)]
pub struct Message {
    /// `reload`, `css`, `error` or `ok`.
    pub event: &'static str,
    /// JSON data.
    pub data: String,
}

/// What the handlers share.
#[derive(Clone)]
pub struct Shared {
    /// The folder served.
    pub output: PathBuf,
    /// Messages to every connected browser.
    pub events: broadcast::Sender<Message>,
    /// The current build error, sent to browsers that connect while it lasts.
    pub error: Arc<Mutex<Option<String>>>,
    /// The host names requests may name.
    pub hosts: Arc<Hosts>,
}

/// The host names a server answers to: loopback names, the bound address and, when bound to
/// a network address, the machine's name; bound to every address (`0.0.0.0` or `::`), any
/// IP address too, so other machines can use it by IP. Ports are not checked (a forwarded
/// port names another one).
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Vec<String>,
    any_ip: bool,
}

impl Hosts {
    /// The names a server bound to `bind` answers to.
    pub fn for_bind(bind: IpAddr) -> Hosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(String::from)
            .to_vec();
        if !bind.is_unspecified() {
            names.push(host_of(bind));
        }
        if !bind.is_loopback() {
            for name in machine_names() {
                names.push(format!("{name}.local"));
                names.push(name);
            }
        }
        Hosts {
            names,
            any_ip: bind.is_unspecified(),
        }
    }

    /// Whether a request whose `Host` header is `host` (with or without a port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = strip_port(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if self.names.iter().any(|n| n == name) {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .map_or_else(
                || name.parse::<std::net::Ipv4Addr>().is_ok(),
                |v6| v6.parse::<std::net::Ipv6Addr>().is_ok(),
            );
        self.any_ip && literal
    }

    /// The names, for the refusal message.
    fn list(&self) -> String {
        let mut list = self.names.join(", ");
        if self.any_ip {
            list.push_str(" and any IP address");
        }
        list
    }
}

/// An address as it appears in a `Host` header.
fn host_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `name` of `name`, `name:port`, `[v6]` or `[v6]:port`; `None` when the port is not a number.
#[expect(clippy::string_slice, reason = "cuts at the ASCII `:` found by rfind")]
fn strip_port(host: &str) -> Option<&str> {
    let (name, port) = match host.rfind(':') {
        Some(at) if !host[at..].contains(']') => (&host[..at], Some(&host[at + 1..])),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

/// This machine's host name, lowercased, when the system says it.
fn machine_names() -> Vec<String> {
    let from_file = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|f| std::fs::read_to_string(f).ok());
    let name = from_file
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let name = name.trim().to_ascii_lowercase();
    if name.is_empty() {
        Vec::new()
    } else {
        vec![name]
    }
}

/// Refuse requests for a host name this server was not bound to (421 Misdirected Request).
async fn check_host(State(shared): State<Shared>, request: Request<Body>, next: Next) -> Response {
    let host = match request.headers().get(header::HOST) {
        Some(value) => value.to_str().ok(),
        None => request.uri().authority().map(|a| a.as_str()),
    };
    match host {
        // A request without a host name (HTTP/1.0) cannot come from a browser page.
        None if !request.headers().contains_key(header::HOST) => next.run(request).await,
        Some(host) if shared.hosts.allows(host) => next.run(request).await,
        _ => (
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "refused: notesite serve answers only to {}; open the address it printed\n",
                shared.hosts.list()
            ),
        )
            .into_response(),
    }
}

/// The router: events, the reload script, then files; every request's host checked first.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/__notesite/events", get(events))
        .route(
            "/__notesite/livereload.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_RELOAD_JS,
                )
            }),
        )
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            check_host,
        ))
        .with_state(shared)
}

async fn events(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared
        .error
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let first = current.map(|data| Message {
        event: "error",
        data,
    });
    let updates = BroadcastStream::new(shared.events.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::iter(first)
        .chain(updates)
        .map(|m| Ok(Event::default().event(m.event).data(m.data)));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

async fn file(State(shared): State<Shared>, request: Request<Body>) -> Response {
    let Some(relative) = safe_path(request.uri().path()) else {
        return (
            StatusCode::BAD_REQUEST,
            "refused: the path leaves the site folder",
        )
            .into_response();
    };
    let Ok(site) = tokio::fs::canonicalize(&shared.output).await else {
        return (
            StatusCode::NOT_FOUND,
            "not found: the site folder is missing",
        )
            .into_response();
    };
    let mut path = match resolve(&site, &site.join(&relative)).await {
        Resolved::Inside(path) => path,
        Resolved::Outside => return outside(),
        Resolved::Missing => return not_found(&site).await,
    };
    if path.is_dir() {
        if !request.uri().path().ends_with('/') {
            let location = format!("{}/", request.uri().path());
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        path = match resolve(&site, &path.join("index.html")).await {
            Resolved::Inside(index) => index,
            Resolved::Outside => return outside(),
            Resolved::Missing => return not_found(&site).await,
        };
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => respond(&path, bytes, StatusCode::OK),
        Err(_) => not_found(&site).await,
    }
}

/// Where a path inside the site folder really is, symbolic links followed.
enum Resolved {
    /// Inside the (canonical) site folder, at this canonical path.
    Inside(PathBuf),
    /// A link that leads out of the site folder.
    Outside,
    /// Nothing there.
    Missing,
}

/// Where `path` leads, for the canonical site folder `site`: only a result inside it is served.
async fn resolve(site: &Path, path: &Path) -> Resolved {
    match tokio::fs::canonicalize(path).await {
        Ok(real) if real.starts_with(site) => Resolved::Inside(real),
        Ok(_) => Resolved::Outside,
        Err(_) => Resolved::Missing,
    }
}

fn outside() -> Response {
    (
        StatusCode::FORBIDDEN,
        "refused: this path is a link to a file outside the site folder",
    )
        .into_response()
}

/// The site's `404.html` (when it is a file inside the site), else a plain 404.
async fn not_found(site: &Path) -> Response {
    if let Resolved::Inside(page) = resolve(site, &site.join("404.html")).await {
        if let Ok(bytes) = tokio::fs::read(&page).await {
            return respond(Path::new("404.html"), bytes, StatusCode::NOT_FOUND);
        }
    }
    (StatusCode::NOT_FOUND, "not found").into_response()
}

fn respond(path: &Path, bytes: Vec<u8>, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.subtype() == "html";
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript" || mime.subtype() == "json" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    let body = if is_html { inject(bytes) } else { bytes };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The page with the live-reload script before `</body>` (or at the end).
#[expect(clippy::string_slice, reason = "cuts at `</body>` found by rfind")]
fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    match html.rfind("</body>") {
        Some(at) => format!("{}{LIVE_RELOAD_TAG}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{LIVE_RELOAD_TAG}").into_bytes(),
    }
}

/// The request path as a relative path inside the site, or `None` when it would leave it:
/// every segment is percent-decoded and `..`, `.`, backslashes, NUL and drive letters refused.
pub fn safe_path(uri_path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for segment in uri_path.split('/').filter(|s| !s.is_empty()) {
        let decoded = crate::site::urls::percent_decode(segment);
        let bad = decoded == ".."
            || decoded == "."
            || decoded.contains(['/', '\\', '\0'])
            || decoded.contains(':')
            || decoded.contains('%');
        if bad {
            return None;
        }
        relative.push(decoded);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_encoded_or_not() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a/%2f..",
            "/..%5c..%5cwin.ini",
            "/c:/windows",
            "/%252e%252e/x",
        ] {
            assert!(safe_path(bad).is_none(), "{bad} accepted");
        }
        assert_eq!(
            safe_path("/notes/a%20b/index.html"),
            Some(PathBuf::from("notes/a b/index.html"))
        );
        assert_eq!(
            safe_path("//notes//x.css"),
            Some(PathBuf::from("notes/x.css"))
        );
    }

    #[test]
    fn only_the_names_of_the_bound_address_are_answered() {
        let loopback = Hosts::for_bind("127.0.0.1".parse().unwrap());
        for good in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "127.0.0.1:4000",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(good), "{good} refused");
        }
        for bad in [
            "evil.example.com",
            "evil.example.com:1111",
            "localhost.evil.example.com",
            "127.0.0.1.nip.io",
            "192.168.1.20",
            "localhost:port",
            "",
            ":1111",
        ] {
            assert!(!loopback.allows(bad), "{bad} allowed");
        }
        let lan = Hosts::for_bind("192.168.1.20".parse().unwrap());
        assert!(lan.allows("192.168.1.20:1111") && lan.allows("localhost"));
        assert!(!lan.allows("10.0.0.3") && !lan.allows("evil.example.com"));
        let v6 = Hosts::for_bind("fe80::1".parse().unwrap());
        assert!(v6.allows("[fe80::1]:1111") && !v6.allows("fe80::1"));
    }

    #[test]
    fn bound_to_every_address_any_ip_literal_is_answered_but_no_other_name() {
        for bind in ["0.0.0.0", "::"] {
            let all = Hosts::for_bind(bind.parse().unwrap());
            for good in [
                "192.168.1.20:1111",
                "10.0.0.3",
                "[fe80::1]:1111",
                "localhost",
            ] {
                assert!(all.allows(good), "{bind}: {good} refused");
            }
            for bad in ["evil.example.com", "attacker.example:1111", "[not-an-ip]"] {
                assert!(!all.allows(bad), "{bind}: {bad} allowed");
            }
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let page =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec())).unwrap();
        assert!(page.ends_with(&format!("{LIVE_RELOAD_TAG}</body></html>")));
    }
}
