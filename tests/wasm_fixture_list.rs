//! Keeps the browser tests honest: every folder under `tests/fixtures/` must be listed in the
//! `fixtures!` block of `tests/wasm.rs` (which has to name each case, since `include_str!`
//! takes literal paths), with the URL of the folder's `url.txt` (none when it has none, as in
//! the native test `tests/fixtures.rs`), sorted, and nothing may be listed that has no folder.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// One line of the `fixtures!` block: `test_name = "folder" @ "URL",` (the `@ "URL"` optional).
#[derive(Debug, PartialEq)]
struct Entry {
    test: String,
    case: String,
    url: Option<String>,
}

/// The entries of the `fixtures! { … }` block in tests/wasm.rs, in file order.
fn listed() -> Vec<Entry> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm.rs");
    let src = std::fs::read_to_string(path).expect("read tests/wasm.rs");
    let open = "\nfixtures! {\n";
    let start = src
        .find(open)
        .expect("tests/wasm.rs has a `fixtures! {` block")
        + open.len();
    let body = &src[start..];
    let body = &body[..body.find("\n}").expect("the fixtures! block ends")];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|line| {
            let line = line.strip_suffix(',').unwrap_or_else(|| bad(line));
            let (test, rest) = line.split_once('=').unwrap_or_else(|| bad(line));
            let (case, url) = match rest.split_once('@') {
                Some((c, u)) => (c, Some(unquote(u).unwrap_or_else(|| bad(line)))),
                None => (rest, None),
            };
            Entry {
                test: test.trim().to_string(),
                case: unquote(case).unwrap_or_else(|| bad(line)),
                url,
            }
        })
        .collect()
}

fn bad<T>(line: &str) -> T {
    panic!("tests/wasm.rs: cannot read the fixtures! line `{line}`")
}

fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    s.strip_prefix('"')?.strip_suffix('"').map(str::to_string)
}

/// The entry each folder under tests/fixtures/ with a source.html needs, sorted by folder.
fn on_disk() -> Vec<Entry> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read tests/fixtures") {
        let path = entry.expect("dir entry").path();
        if !path.join("source.html").is_file() {
            continue;
        }
        let case = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 folder name")
            .to_string();
        let url = std::fs::read_to_string(path.join("url.txt"))
            .map(|u| u.trim().to_string())
            .ok()
            .filter(|u| !u.is_empty());
        let test = case.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        out.push(Entry { test, case, url });
    }
    out.sort_by(|a, b| a.case.cmp(&b.case));
    out
}

fn line(e: &Entry) -> String {
    match &e.url {
        Some(u) => format!("    {} = \"{}\" @ \"{u}\",", e.test, e.case),
        None => format!("    {} = \"{}\",", e.test, e.case),
    }
}

#[test]
fn every_fixture_folder_is_in_the_wasm_test_list() {
    let listed = listed();
    let disk = on_disk();
    assert!(!disk.is_empty(), "no fixture folders found");
    let same = |a: &Entry, b: &Entry| a.case == b.case && a.url == b.url;
    let ok = listed.len() == disk.len() && listed.iter().zip(&disk).all(|(a, b)| same(a, b));
    assert!(
        ok,
        "the fixtures! block in tests/wasm.rs does not match tests/fixtures/ \
         (folders, url.txt, order); it should read:\nfixtures! {{\n{}\n}}",
        disk.iter().map(line).collect::<Vec<_>>().join("\n")
    );
}
