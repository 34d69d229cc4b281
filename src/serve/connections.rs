//! The connections of `notesite serve`: accept TCP connections, speak HTTP/1 on them, and
//! close the ones that hold a slot without using it, so that slow or stalled clients cannot
//! starve the server (or the rebuilds) of file descriptors.
//!
//! Input: a bound listener, the router and the [`Limits`]. Output: runs until the process
//! ends. A request whose head is not complete within [`Limits::header_read`] is dropped
//! (this also bounds a keep-alive connection waiting for its next request); a connection on
//! which nothing was read or written for [`Limits::idle`] is dropped (a client that stops
//! reading its response); at most [`Limits::connections`] are open at once, the rest wait
//! in the kernel's backlog. The live-reload channel writes a keep-alive comment well within
//! [`Limits::idle`], so it stays open.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// How long connections may hold a slot, and how many may be open.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Time allowed to send a request's head, from the first wait for it.
    pub header_read: Duration,
    /// Time a connection may go without a byte read or written.
    pub idle: Duration,
    /// Connections served at once.
    pub connections: usize,
}

impl Default for Limits {
    /// 10 s for a request head, 60 s without traffic (the reload channel pings every 15 s),
    /// 256 connections (a browser opens about 6 per site), fewer when the process may open
    /// few files: a quarter of that limit, leaving the rest to rebuilds.
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            connections: open_files_limit().map_or(256, |n| (n / 4).clamp(8, 256)),
        }
    }
}

/// How many files this process may have open, where the system says.
fn open_files_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        ok.then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    None
}

/// Serve `router` on every connection `listener` accepts, within `limits`, forever.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.connections));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return; // the semaphore is never closed
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(_) => {
                // Out of file descriptors (or similar): wait for connections to close.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let router = router.clone();
        tokio::spawn(async move {
            serve_connection(stream, router, limits).await;
            drop(slot);
        });
    }
}

/// Errors of one connection that leave the listener fine.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

async fn serve_connection(stream: TcpStream, router: Router, limits: Limits) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: Arc::clone(&activity),
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let connection = builder.serve_connection(io, TowerToHyperService::new(router));
    tokio::select! {
        _ = connection => {}
        _ = activity.stalled(limits.idle) => {} // dropping the connection closes it
    }
}

/// When a connection last read or wrote a byte.
struct Activity {
    start: Instant,
    last_millis: AtomicU64,
}

impl Activity {
    fn new() -> Arc<Self> {
        Arc::new(Activity {
            start: Instant::now(),
            last_millis: AtomicU64::new(0),
        })
    }

    fn touch(&self) {
        let now = self.start.elapsed().as_millis() as u64;
        self.last_millis.store(now, Ordering::Relaxed);
    }

    /// Completes once nothing moved for `idle`.
    async fn stalled(&self, idle: Duration) {
        loop {
            let last = Duration::from_millis(self.last_millis.load(Ordering::Relaxed));
            let quiet = self.start.elapsed().saturating_sub(last);
            if quiet >= idle {
                return;
            }
            tokio::time::sleep(idle - quiet).await;
        }
    }
}

/// A stream that records its traffic in an [`Activity`].
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::sse::{Event, KeepAlive, Sse};
    use axum::routing::get;
    use std::io::{Read, Write};

    /// A server on a free loopback port with `limits`, on a runtime of its own.
    fn start(router: Router, limits: Limits) -> (tokio::runtime::Runtime, u16) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(TcpListener::bind(("127.0.0.1", 0)))
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        runtime.spawn(serve(listener, router, limits));
        (runtime, port)
    }

    fn short_limits() -> Limits {
        Limits {
            header_read: Duration::from_millis(300),
            idle: Duration::from_secs(2),
            connections: 8,
        }
    }

    /// Read until the server closes the connection (or `bound` passes): whether it closed.
    fn closed_within(stream: &mut std::net::TcpStream, bound: Duration) -> bool {
        stream.set_read_timeout(Some(bound)).unwrap();
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return true,
                Err(_) => return false, // timed out: still open
            }
        }
    }

    #[test]
    fn a_half_sent_request_line_is_closed_after_the_header_timeout() {
        let router = Router::new().route("/", get(|| async { "hello" }));
        let (_runtime, port) = start(router, short_limits());
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(b"GET /some/pa").unwrap();
        assert!(
            closed_within(&mut stream, Duration::from_secs(20)),
            "the server kept a half-sent request open"
        );
    }

    #[test]
    fn a_silent_connection_is_closed_after_the_header_timeout() {
        let router = Router::new().route("/", get(|| async { "hello" }));
        let (_runtime, port) = start(router, short_limits());
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        assert!(closed_within(&mut stream, Duration::from_secs(20)));
    }

    #[test]
    fn slots_held_by_stalled_clients_come_back() {
        let router = Router::new().route("/", get(|| async { "hello" }));
        let limits = Limits {
            connections: 2,
            ..short_limits()
        };
        let (_runtime, port) = start(router, limits);
        let stalled: Vec<std::net::TcpStream> = (0..4)
            .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect();
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.ends_with("hello"), "{response}");
        drop(stalled);
    }

    #[test]
    fn connections_leave_most_file_descriptors_to_rebuilds() {
        let connections = Limits::default().connections;
        assert!((8..=256).contains(&connections));
        if let Some(open_files) = open_files_limit() {
            assert!(
                connections <= open_files.max(32) / 4,
                "{connections} of {open_files}"
            );
        }
    }

    #[test]
    fn the_reload_channel_pings_well_within_the_idle_timeout() {
        assert!(super::super::http::KEEP_ALIVE * 2 <= Limits::default().idle);
    }

    #[test]
    fn a_live_event_stream_outlives_both_timeouts() {
        // Events every 100 ms for 3 s: longer than the header timeout and the idle timeout.
        let router = Router::new().route(
            "/events",
            get(|| async {
                let (sender, receiver) = tokio::sync::mpsc::channel(4);
                tokio::spawn(async move {
                    for _ in 0..30 {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        let event =
                            Ok::<_, std::convert::Infallible>(Event::default().data("tick"));
                        if sender.send(event).await.is_err() {
                            return;
                        }
                    }
                });
                Sse::new(tokio_stream::wrappers::ReceiverStream::new(receiver))
                    .keep_alive(KeepAlive::default())
            }),
        );
        let (_runtime, port) = start(router, short_limits());
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET /events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert_eq!(response.matches("data: tick").count(), 30, "{response}");
    }
}
