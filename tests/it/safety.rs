//! Nothing lost, nothing crashes: the output folder a build may replace, and inputs that
//! once panicked. Each test is named after the defect it pins.

use crate::common::{build_ok, copy_fixture, notesite, snapshot, stderr};
use std::path::Path;

/// Every note of the site, with its bytes, to prove none was touched.
fn notes_of(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&site.join("content"))
}

fn assert_refused(site: &Path, args: &[&str], expected: &str) {
    let before = notes_of(site);
    let output = notesite(site, args);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?} was not refused:\n{err}"
    );
    assert!(err.contains("refusing"), "{args:?}: {err}");
    assert!(
        err.contains(expected),
        "{args:?}: expected {expected:?} in\n{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(notes_of(site), before, "{args:?} changed the notes");
}

#[test]
fn output_reaching_content_through_dotdot_is_refused_and_notes_survive() {
    let site = copy_fixture("basic");
    assert_refused(
        site.path(),
        &["build", "--output", "public/../content"],
        "content/",
    );
    // Also when public/ exists, so the kernel would follow the `..` out of it.
    build_ok(site.path(), &[]);
    assert_refused(
        site.path(),
        &["build", "--output", "public/../content"],
        "content/",
    );
    assert_refused(
        site.path(),
        &["build", "--output", "public/../content/sub"],
        "content/",
    );
    assert_refused(site.path(), &["build", "--output", "public/.."], "site");
}

#[cfg(unix)]
#[test]
fn output_that_is_a_link_into_content_is_refused_and_nothing_is_deleted_through_it() {
    let site = copy_fixture("basic");
    let first = std::fs::read_dir(site.path().join("content"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .map(|e| e.path());
    std::os::unix::fs::symlink(site.path().join("content"), site.path().join("out")).unwrap();
    assert_refused(site.path(), &["build", "--output", "out"], "content/");
    if let Some(folder) = first {
        std::os::unix::fs::symlink(&folder, site.path().join("out2")).unwrap();
        assert_refused(site.path(), &["build", "--output", "out2"], "content/");
    }
    assert!(site.path().join("out").is_symlink());
}

#[cfg(unix)]
#[test]
fn output_that_is_a_link_to_a_folder_of_its_own_is_built_through_and_the_link_kept() {
    let site = copy_fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site-out");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.path().join("public")).unwrap();
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    assert!(site.path().join("public").is_symlink(), "the link is kept");
    assert!(
        target.join("index.html").is_file(),
        "the site is in the linked folder"
    );
}

#[test]
fn home_root_and_system_folders_are_refused() {
    let site = copy_fixture("basic");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("diary.txt"), "mine").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_notesite"))
        .args(["build", "--output"])
        .arg(home.path())
        .env("HOME", home.path())
        .current_dir(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("home folder"),
        "{}",
        stderr(&output)
    );
    assert!(home.path().join("diary.txt").is_file());
    for system in ["/", "/usr", "/usr/share/notesite-test", "/etc", "/tmp"] {
        assert_refused(
            site.path(),
            &["build", "--force", "--output", system],
            "refusing",
        );
    }
}

#[test]
fn a_non_empty_folder_no_build_wrote_is_kept_unless_forced() {
    let site = copy_fixture("basic");
    let out = site.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "years of work").unwrap();
    assert_refused(
        site.path(),
        &["build", "--output", "mine"],
        ".notesite-output",
    );
    assert_eq!(
        std::fs::read(out.join("thesis.docx")).unwrap(),
        b"years of work"
    );
    build_ok(site.path(), &["--output", "mine", "--force"]);
    assert!(!out.join("thesis.docx").exists(), "--force replaces it");
    assert!(out.join("index.html").is_file());
}

#[test]
fn an_existing_file_is_never_replaced_by_the_output_folder() {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("report.pdf"), "bytes").unwrap();
    assert_refused(site.path(), &["build", "--output", "report.pdf"], "a file");
    assert_refused(
        site.path(),
        &["build", "--force", "--output", "report.pdf"],
        "a file",
    );
    assert_eq!(
        std::fs::read(site.path().join("report.pdf")).unwrap(),
        b"bytes"
    );
}

#[test]
fn a_file_added_to_the_output_by_hand_is_named_and_kept() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let marker = std::fs::read_to_string(site.path().join("public/.notesite-output")).unwrap();
    assert!(marker.lines().any(|l| l == "index.html"), "{marker}");
    std::fs::write(site.path().join("public/CNAME"), "notes.example.org").unwrap();
    assert_refused(site.path(), &["build"], "CNAME");
    assert!(site.path().join("public/CNAME").is_file());
    // The hint's way out: put it in static/, which every build copies.
    std::fs::remove_file(site.path().join("public/CNAME")).unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/CNAME"), "notes.example.org").unwrap();
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    assert!(site.path().join("public/CNAME").is_file());
}

#[test]
fn forcing_never_deletes_a_repository_or_a_site_inside_the_output() {
    let site = copy_fixture("basic");
    let nested = site.path().join("out/deep/.git");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("HEAD"), "ref: refs/heads/main").unwrap();
    assert_refused(
        site.path(),
        &["build", "--force", "--output", "out"],
        ".git",
    );
    assert!(nested.join("HEAD").is_file());
}

#[test]
fn an_output_from_before_the_marker_is_still_recognised() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    std::fs::remove_file(site.path().join("public/.notesite-output")).unwrap();
    build_ok(site.path(), &[]);
    assert!(site.path().join("public/.notesite-output").is_file());
}

/// The Unicode spaces that once panicked the mention matcher when right before a service name.
const UNICODE_SPACES: [char; 8] = [
    '\u{a0}', '\u{202f}', '\u{2003}', '\u{3000}', '\u{85}', '\u{1680}', '\u{2028}', '\u{2029}',
];

#[test]
fn a_unicode_space_before_a_service_name_builds_and_links_the_service() {
    let site = copy_fixture("basic");
    for (i, space) in UNICODE_SPACES.iter().enumerate() {
        let note = format!(
            "# Space {i}\n\nUse{space}Amazon Bedrock here.\n\n## About{space}Amazon SageMaker\n\n\
             - **Pricing:**{space}Amazon Comprehend charges per unit.\n\
             - **Term{space}{i}:** Amazon Bedrock is a service.\n\n\
             | Service | Note |\n| --- | --- |\n| x{space}AWS Glue | y |\n"
        );
        std::fs::write(site.path().join(format!("content/space-{i}.md")), note).unwrap();
    }
    let plain: String = UNICODE_SPACES
        .iter()
        .map(|s| format!("Line{s}Amazon Bedrock and{s}SageMaker\n\n"))
        .collect();
    std::fs::write(site.path().join("content/dump.txt"), plain).unwrap();
    build_ok(site.path(), &[]);
    let page = std::fs::read_to_string(site.path().join("public/space-0/index.html")).unwrap();
    assert!(page.contains("Bedrock</a>"), "the mention is still linked");
}

#[test]
fn search_limits_zero_huge_and_overflowing_are_handled() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    for limit in ["18446744073709551615", "1000000000", "3"] {
        let output = notesite(site.path(), &["search", "bedrock", "--limit", limit]);
        assert!(
            output.status.success(),
            "--limit {limit}: {}",
            stderr(&output)
        );
    }
    let output = notesite(site.path(), &["search", "bedrock", "--limit", "0"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("at least 1"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_static_file_over_a_generated_page_is_an_error_and_the_output_is_kept() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/index.html"), "<p>mine</p>").unwrap();
    let output = notesite(site.path(), &["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("static/index.html"), "{err}");
    assert!(err.contains("would replace the page"), "{err}");
    assert_eq!(snapshot(&site.path().join("public")), before);
    // An asset in static/ is still copied.
    std::fs::remove_file(site.path().join("static/index.html")).unwrap();
    std::fs::write(site.path().join("static/CNAME"), "notes.example.org").unwrap();
    build_ok(site.path(), &[]);
}
