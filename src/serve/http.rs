//! The HTTP side of `notesite serve`: the output folder (and nothing else) over HTTP, with
//! the live-reload script injected into HTML, and a Server-Sent Events channel.
//!
//! Input: requests. Output: files from the output folder with correct content types; paths
//! that try to leave the folder (`..`, encoded or not) are refused; folders serve their
//! `index.html`, never a listing.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The script the server injects into every HTML page.
pub const LIVE_RELOAD_JS: &str = include_str!("livereload.js");
const LIVE_RELOAD_TAG: &str = "<script src=\"/__notesite/livereload.js\"></script>";

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
}

/// The router: events, the reload script, then files.
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
        .with_state(shared)
}

async fn events(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared.error.lock().expect("error lock").clone();
    let first = current.map(|data| Message {
        event: "error",
        data,
    });
    let updates = BroadcastStream::new(shared.events.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::iter(first)
        .chain(updates)
        .map(|m| Ok(Event::default().event(m.event).data(m.data)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(shared): State<Shared>, request: Request<Body>) -> Response {
    let Some(relative) = safe_path(request.uri().path()) else {
        return (
            StatusCode::BAD_REQUEST,
            "refused: the path leaves the site folder",
        )
            .into_response();
    };
    let mut path = shared.output.join(&relative);
    if path.is_dir() {
        if !request.uri().path().ends_with('/') {
            let location = format!("{}/", request.uri().path());
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        path = path.join("index.html");
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => respond(&path, bytes, StatusCode::OK),
        Err(_) => match tokio::fs::read(shared.output.join("404.html")).await {
            Ok(bytes) => respond(Path::new("404.html"), bytes, StatusCode::NOT_FOUND),
            Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
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
    fn the_script_goes_before_the_body_end() {
        let page =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec())).unwrap();
        assert!(page.ends_with(&format!("{LIVE_RELOAD_TAG}</body></html>")));
    }
}
