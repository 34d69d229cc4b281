//! `notesite serve` end to end: a real server on a free port, a real reload channel, real
//! edits on disk — and requests that try to leave the site, or that name another host, are
//! refused; a deleted output comes back whole; a crash in a rebuild is reported, not fatal.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `notesite serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What it printed up to and including its address.
    banner: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &std::path::Path) -> Server {
    start_with(site, &[])
}

/// Start `notesite serve --port 0` in `site` with extra environment variables.
fn start_with(site: &std::path::Path, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_notesite"))
        .args(["serve", "--port", "0"])
        .envs(env.iter().copied())
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    let port = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        banner.push(line.clone());
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        port,
        banner,
    }
}

/// `GET path` → (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    get_from(port, path, "localhost")
}

/// `GET path` with `Host: host` → (status, body).
fn get_from(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Subscribe to the reload channel: every `event:` name with its data line.
fn subscribe(port: u16) -> mpsc::Receiver<(String, String)> {
    let (sender, receiver) = mpsc::channel();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__notesite/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if sender.send((event.clone(), data.to_string())).is_err() {
                    break;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    receiver
}

fn wait_for(events: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok((event, data)) = events.recv_timeout(Duration::from_millis(200)) {
            if event == name {
                return data;
            }
        }
    }
    panic!("no `{name}` event");
}

#[test]
fn edits_reload_errors_keep_the_last_good_site_and_recover() {
    let site = copy_fixture("knowledge");
    let server = start(site.path());
    let (status, page) = get(server.port, "/genai/");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__notesite/livereload.js"),
        "the reload script is injected when serving"
    );
    assert!(
        !std::fs::read_to_string(site.path().join("public/genai/index.html"))
            .unwrap()
            .contains("livereload"),
        "but never written to the output"
    );
    let events = subscribe(server.port);

    let note = site.path().join("content/genai.md");
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str("\nA freshly typed sentence about quokkas.\n");
    std::fs::write(&note, &text).unwrap();
    let reload = wait_for(&events, "reload");
    assert!(reload.contains("genai/index.html"), "{reload}");
    assert!(get(server.port, "/genai/").1.contains("quokkas"));

    std::fs::write(&note, format!("+++\ntitle = = 1\n+++\n{text}")).unwrap();
    let error = wait_for(&events, "error");
    assert!(
        error.contains("content/genai.md") && error.contains("\"line\":2"),
        "{error}"
    );
    let (status, still) = get(server.port, "/genai/");
    assert_eq!(status, 200);
    assert!(
        still.contains("quokkas"),
        "the last good page is still served"
    );

    std::fs::write(&note, text.replace("quokkas", "wombats")).unwrap();
    wait_for(&events, "ok");
    wait_for(&events, "reload");
    assert!(get(server.port, "/genai/").1.contains("wombats"));
}

#[test]
fn paths_that_leave_the_site_are_refused() {
    let site = copy_fixture("knowledge");
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = start(site.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/genai/../../secret.txt",
        "/..%5csecret.txt",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve"), "{path} leaked");
    }
    let (status, _) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    let (status, _) = get(server.port, "/services/");
    assert_eq!(status, 200, "folders serve their index.html");
}

/// Wait until `path` is served with (or, with `present` false, without) `text`.
fn wait_served(port: u16, path: &str, text: &str, present: bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if get(port, path).1.contains(text) == present {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "{path} still {} `{text}`",
        if present { "lacks" } else { "has" }
    );
}

#[test]
fn incremental_rebuilds_reach_every_page_that_shows_the_change() {
    let site = copy_fixture("knowledge");
    let server = start(site.path());
    let events = subscribe(server.port);
    let genai = site.path().join("content/genai.md");
    let text = std::fs::read_to_string(&genai).unwrap();

    // A fact: its service page, the comparison that shows it and the picker's data.
    std::fs::write(
        &genai,
        text.replace(
            "Charged per input and output token",
            "Charged per kilotoken",
        ),
    )
    .unwrap();
    wait_for(&events, "reload");
    for path in [
        "/services/amazon-bedrock/",
        "/compare/bedrock-vs-sagemaker/",
        "/services/compare-data.js",
    ] {
        wait_served(server.port, path, "kilotoken", true);
    }

    // A new note that mentions a service, then its removal.
    let note = site.path().join("content/added.md");
    std::fs::write(
        &note,
        "# Added\n\nAmazon Kendra answers questions about wombats.\n",
    )
    .unwrap();
    wait_served(server.port, "/added/", "wombats", true);
    // The service page lists the note's section that names it, as a link.
    let listed = "../../added/index.html";
    wait_served(server.port, "/services/amazon-kendra/", listed, true);
    std::fs::remove_file(&note).unwrap();
    wait_served(server.port, "/services/amazon-kendra/", listed, false);
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(server.port, "/added/").0 != 404 {
        assert!(
            Instant::now() < deadline,
            "the removed note's page is still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A heading that names a new service gives it a page.
    std::fs::write(
        &genai,
        format!("{text}\n## Amazon Quuxifier Engine\n\nIt quuxes the widgets of every account, one region at a time.\n"),
    )
    .unwrap();
    wait_served(server.port, "/services/", "Amazon Quuxifier Engine", true);
    wait_served(
        server.port,
        "/services/amazon-quuxifier-engine/",
        "It quuxes",
        true,
    );
}

#[test]
fn requests_that_name_another_host_are_refused() {
    // A page on evil.example.com whose name is made to resolve to 127.0.0.1 (DNS rebinding)
    // sends its own name as the host: it must not read the notes.
    let site = copy_fixture("knowledge");
    let server = start(site.path());
    let port = server.port;
    for host in [
        "evil.example.com",
        &format!("evil.example.com:{port}"),
        "localhost.evil.example.com",
    ] {
        let (status, body) = get_from(port, "/genai/", host);
        assert_eq!(status, 421, "{host}");
        assert!(body.starts_with("refused:"), "{host}: {body}");
    }
    let (status, _) = get_from(port, "/__notesite/events", "evil.example.com");
    assert_eq!(status, 421, "the reload channel is refused too");
    for host in [
        "localhost",
        &format!("localhost:{port}"),
        &format!("127.0.0.1:{port}"),
        "[::1]",
    ] {
        assert_eq!(get_from(port, "/genai/", host).0, 200, "{host}");
    }
}

#[cfg(unix)]
#[test]
fn links_in_the_output_that_lead_outside_it_are_not_followed() {
    let site = copy_fixture("knowledge");
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = start(site.path());
    let public = site.path().join("public");
    std::os::unix::fs::symlink(site.path().join("secret.txt"), public.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.path(), public.join("up")).unwrap();
    std::os::unix::fs::symlink(public.join("genai"), public.join("alias")).unwrap();
    for path in ["/leak.txt", "/up/secret.txt", "/up/", "/up/notesite.toml"] {
        let (status, body) = get(server.port, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve"), "{path} leaked");
    }
    let (status, page) = get(server.port, "/alias/");
    assert_eq!(status, 200, "a link that stays inside the output is served");
    assert!(page.contains("livereload"));
}

#[test]
fn port_zero_takes_a_free_port_from_the_system_and_prints_it() {
    let site = copy_fixture("knowledge");
    let server = start(site.path());
    assert_ne!(server.port, 0);
    let banner = server.banner.join("\n");
    assert!(!banner.contains("taken"), "{banner}");
    assert_eq!(get(server.port, "/genai/").0, 200);
}

/// The relative paths of every file under `dir`.
fn file_list(dir: &std::path::Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

/// Wait until the files under `served` are those of `built`; on time-out, the difference.
fn wait_same_files(served: &std::path::Path, built: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = file_list(served);
        if now == built {
            return;
        }
        if Instant::now() > deadline {
            let missing: Vec<&String> = built.iter().filter(|f| !now.contains(f)).collect();
            let extra: Vec<&String> = now.iter().filter(|f| !built.contains(f)).collect();
            panic!("served output differs from a build: missing {missing:?}, extra {extra:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_deleted_output_comes_back_whole_on_the_next_save() {
    let site = copy_fixture("knowledge");
    let reference = tempfile::tempdir().unwrap();
    let built_to = reference.path().join("site");
    build_ok(site.path(), &["--output", built_to.to_str().unwrap()]);
    let built = file_list(&built_to);
    assert!(
        built.iter().any(|f| f == ".nojekyll") && built.iter().any(|f| f.starts_with("assets/"))
    );
    let server = start(site.path());
    let public = site.path().join("public");
    wait_same_files(&public, &built);

    let events = subscribe(server.port);
    std::fs::remove_dir_all(&public).unwrap();
    let note = site.path().join("content/genai.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nOne more line about pangolins.\n")).unwrap();
    wait_for(&events, "reload");
    let mut expected = built.clone();
    expected.sort();
    wait_same_files(&public, &expected);
    assert!(get(server.port, "/genai/").1.contains("pangolins"));
    assert_eq!(get(server.port, "/assets/syntax.css").0, 200);
}

#[test]
fn a_crash_inside_a_rebuild_is_reported_and_watching_goes_on() {
    let site = copy_fixture("knowledge");
    // Debug builds panic while rebuilding after a change to a file of this name.
    let server = start_with(site.path(), &[("NOTESITE_DEBUG_PANIC_ON", "crash.md")]);
    let events = subscribe(server.port);
    std::fs::write(
        site.path().join("content/crash.md"),
        "# Crash\n\nThis save crashes the rebuild.\n",
    )
    .unwrap();
    let error = wait_for(&events, "error");
    assert!(
        error.contains("crashed") && error.contains("content/crash.md"),
        "{error}"
    );
    assert!(
        error.contains("injected panic"),
        "the panic's message is shown: {error}"
    );

    let note = site.path().join("content/genai.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nA later save about axolotls.\n")).unwrap();
    wait_for(&events, "ok");
    wait_for(&events, "reload");
    assert!(get(server.port, "/genai/").1.contains("axolotls"));
    // After a crash the whole site is rebuilt, so the note whose save crashed is there too.
    wait_served(
        server.port,
        "/crash/",
        "This save crashes the rebuild",
        true,
    );
}

#[cfg(unix)]
#[test]
fn rebuilds_replace_links_in_the_output_instead_of_writing_through_them() {
    let site = copy_fixture("knowledge");
    let victim = site.path().join("victim.txt");
    std::fs::write(&victim, "must stay as it is").unwrap();
    let server = start(site.path());
    let events = subscribe(server.port);
    let page = site.path().join("public/genai/index.html");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&victim, &page).unwrap();
    let note = site.path().join("content/genai.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nA sentence about capybaras.\n")).unwrap();
    wait_for(&events, "reload");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "must stay as it is"
    );
    assert!(!std::fs::symlink_metadata(&page).unwrap().is_symlink());
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("capybaras"));
}

#[test]
fn a_build_accepts_the_output_serve_wrote_and_serve_refuses_a_folder_of_someone_elses() {
    let site = copy_fixture("knowledge");
    let reference = tempfile::tempdir().unwrap();
    let built_to = reference.path().join("site");
    build_ok(site.path(), &["--output", built_to.to_str().unwrap()]);
    {
        let _server = start(site.path());
        let built = file_list(&built_to);
        wait_same_files(&site.path().join("public"), &built);
        // A writer names its files in the marker once it wrote them all: stopping the
        // server between the two (as a loaded machine made happen) is not what is tested.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let marker = std::fs::read_to_string(site.path().join("public/.notesite-output"))
                .unwrap_or_default();
            let named: std::collections::HashSet<&str> = marker.lines().collect();
            let unnamed = built
                .iter()
                .filter(|f| !f.starts_with('.') && !named.contains(f.as_str()))
                .count();
            if unnamed == 0 || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let marker = std::fs::read_to_string(site.path().join("public/.notesite-output")).unwrap();
    assert!(marker.lines().any(|l| l == "genai/index.html"), "{marker}");
    build_ok(site.path(), &[]);

    let mine = site.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("draft.txt"), "mine").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_notesite"))
        .args(["serve", "--port", "0", "--output", "mine"])
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing"));
    assert_eq!(
        std::fs::read_to_string(mine.join("draft.txt")).unwrap(),
        "mine"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_content_added_while_serving_are_neither_read_nor_served() {
    use std::os::unix::fs::symlink;
    let site = copy_fixture("knowledge");
    let root = site.path();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/id_rsa"), "PRIVATE KEY").unwrap();
    std::fs::write(
        root.join("outside/private.md"),
        "# Private\n\nsecret words\n",
    )
    .unwrap();
    let server = start(root);
    // First prove the watcher is live: a plain file added now is served.
    let later = root.join("content/later.csv");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !get(server.port, "/later.csv").1.contains("first") {
        assert!(
            Instant::now() < deadline,
            "a file added while serving is never served"
        );
        std::fs::write(&later, "first").unwrap();
        std::thread::sleep(Duration::from_millis(200));
    }
    symlink("../outside/id_rsa", root.join("content/id_rsa")).unwrap();
    symlink("../outside/private.md", root.join("content/private.md")).unwrap();
    std::fs::write(&later, "second").unwrap();
    wait_served(server.port, "/later.csv", "second", true);
    let (status, body) = get(server.port, "/id_rsa");
    assert!(status == 404 && !body.contains("PRIVATE KEY"), "{status}");
    assert!(!get(server.port, "/private/").1.contains("secret words"));
    assert!(!root.join("public/id_rsa").exists());
}
