//! Fixture cases: `tests/fixtures/<case>/` holds `source.html`, `url.txt` (the page URL),
//! `expect.json` (what a person checks: text that must and must not appear, metadata) and
//! `expected.json` (the full Article JSON, a snapshot that the wasm tests also compare against).
//!
//! Every case also runs through the streaming `Cleaner` at random chunk sizes, which must give
//! the same Article. The seed comes from `BROADSHEET_SEED` when set (to replay a failure) and is
//! printed either way. `BLESS=1 cargo test --test fixtures` rewrites the snapshots.

use std::path::{Path, PathBuf};

use broadsheet::{Article, Cleaner, Options};
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("source.html").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 6,
        "expected the fixture cases, found {}",
        cases.len()
    );
    cases
}

/// The case's options: its URL (`url.txt`), and Markdown asked for, so the snapshot holds
/// every rendering (the wasm test asks for it too).
fn options(case: &Path) -> Options {
    let url = std::fs::read_to_string(case.join("url.txt")).unwrap_or_default();
    let url = url.trim();
    let opts = Options::new().with_markdown(true);
    if url.is_empty() {
        opts
    } else {
        opts.with_url(url).expect("url.txt holds an absolute URL")
    }
}

fn name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

/// Tiny xorshift generator, so chunk sizes are reproducible from one seed without a crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn seed() -> u64 {
    let s = std::env::var("BROADSHEET_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(42)
        })
        | 1;
    eprintln!("chunking seed: BROADSHEET_SEED={s}");
    s
}

fn clean_chunked(html: &[u8], opts: &Options, rng: &mut Rng) -> Article {
    let mut c = Cleaner::new(opts).expect("cleaner");
    let mut rest = html;
    while !rest.is_empty() {
        // Mostly tiny chunks (splitting tags, entities and UTF-8 sequences), sometimes large.
        let max = if rng.next() % 4 == 0 { 4096 } else { 7 };
        let n = (1 + (rng.next() % max) as usize).min(rest.len());
        c.write(&rest[..n]).expect("write");
        rest = &rest[n..];
    }
    c.finish().expect("finish")
}

/// The keys an `expect.json` may hold. Any other key is a typo that would check nothing.
const EXPECT_KEYS: &[&str] = &[
    "url",
    "title",
    "byline",
    "published",
    "lang",
    "dir",
    "siteName",
    "contains",
    "absent",
    "textAbsent",
    "htmlContains",
    "htmlAbsent",
    "markdownContains",
    "removedKinds",
    "paywall",
    "readerable",
];

/// What is wrong with the shape of an `expect.json` (not with the article): unknown keys,
/// lists that are empty or hold non-strings (they would assert nothing), a `url` that is not
/// the case's `url.txt`.
fn expect_shape_problems(exp: &Value, url_txt: &str) -> Vec<String> {
    let Some(obj) = exp.as_object() else {
        return vec!["expect.json is not a JSON object".into()];
    };
    let mut problems = Vec::new();
    if obj.is_empty() {
        problems.push("expect.json expects nothing".into());
    }
    for (key, value) in obj {
        if !EXPECT_KEYS.contains(&key.as_str()) {
            problems.push(format!("unknown key {key:?} in expect.json"));
        }
        if let Some(list) = value.as_array() {
            if list.is_empty() {
                problems.push(format!(
                    "{key}: an empty list asserts nothing; drop it or fill it"
                ));
            }
            if list.iter().any(|v| !v.is_string()) {
                problems.push(format!("{key}: every entry must be a string"));
            }
        }
    }
    if let Some(url) = obj.get("url") {
        if url.as_str() != Some(url_txt) {
            problems.push(format!("url {url} differs from url.txt {url_txt:?}"));
        }
    }
    problems
}

fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn fixtures_meet_their_expectations() {
    let mut failures = Vec::new();
    for case in fixtures() {
        let n = name(&case);
        let html = std::fs::read(case.join("source.html")).unwrap();
        let a = broadsheet::clean(&html, &options(&case)).unwrap_or_else(|e| panic!("{n}: {e}"));
        // Every case says what a person checked: a case without expect.json would only be
        // compared with its own snapshot.
        let Ok(exp) = std::fs::read_to_string(case.join("expect.json")) else {
            failures.push(format!("{n}: no expect.json"));
            continue;
        };
        let exp: Value =
            serde_json::from_str(&exp).unwrap_or_else(|e| panic!("{n}/expect.json: {e}"));
        let url_txt = std::fs::read_to_string(case.join("url.txt")).unwrap_or_default();
        for problem in expect_shape_problems(&exp, url_txt.trim()) {
            failures.push(format!("{n}: {problem}"));
        }
        let mut fail = |msg: String| failures.push(format!("{n}: {msg}"));
        for (key, got) in [
            ("title", &a.title),
            ("byline", &a.byline),
            ("published", &a.published),
            ("lang", &a.lang),
            ("dir", &a.dir),
            ("siteName", &a.site_name),
        ] {
            if let Some(want) = exp.get(key).and_then(Value::as_str) {
                if got.as_deref() != Some(want) {
                    fail(format!("{key}: want {want:?}, got {got:?}"));
                }
            }
        }
        for s in strings(&exp, "contains") {
            if !a.text.contains(s) {
                fail(format!("text lacks {s:?}"));
            }
        }
        for s in strings(&exp, "absent") {
            if a.text.contains(s) || a.content_html.contains(s) {
                fail(format!("output still has {s:?}"));
            }
        }
        // In the reader's view but not in `text`: figure captions (issue 13, item 3).
        for s in strings(&exp, "textAbsent") {
            if a.text.contains(s) {
                fail(format!("text still has {s:?}"));
            }
        }
        for s in strings(&exp, "htmlContains") {
            if !a.content_html.contains(s) {
                fail(format!("contentHtml lacks {s:?}"));
            }
        }
        for s in strings(&exp, "htmlAbsent") {
            if a.content_html.contains(s) {
                fail(format!("contentHtml has {s:?}"));
            }
        }
        for s in strings(&exp, "markdownContains") {
            if !a.markdown.as_deref().unwrap_or_default().contains(s) {
                fail(format!("markdown lacks {s:?}"));
            }
        }
        for k in strings(&exp, "removedKinds") {
            if !a
                .removed
                .iter()
                .any(|r| serde_json::to_value(r.kind).ok() == Some(Value::from(k)))
            {
                fail(format!("no removed block of kind {k}"));
            }
        }
        if let Some(want) = exp.get("paywall").and_then(Value::as_bool) {
            if a.paywall.detected != want {
                fail(format!(
                    "paywall.detected: want {want}, got {:?}",
                    a.paywall
                ));
            }
        }
        if let Some(want) = exp.get("readerable").and_then(Value::as_bool) {
            if a.readerable != want {
                fail(format!("readerable: want {want}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}

/// The shape check catches what would otherwise assert nothing.
#[test]
fn expect_shape_check_catches_empty_lists_typos_and_url_mismatch() {
    let ok: Value = serde_json::json!({"url": "https://a.example/", "contains": ["x"]});
    assert!(expect_shape_problems(&ok, "https://a.example/").is_empty());
    for (bad, why) in [
        (serde_json::json!({}), "expects nothing"),
        (serde_json::json!({"contains": []}), "empty list"),
        (serde_json::json!({"contians": ["x"]}), "unknown key"),
        (serde_json::json!({"absent": [1]}), "must be a string"),
        (
            serde_json::json!({"url": "https://b.example/"}),
            "differs from url.txt",
        ),
    ] {
        let problems = expect_shape_problems(&bad, "https://a.example/");
        assert!(
            problems.iter().any(|p| p.contains(why)),
            "{bad} should be reported ({why}): {problems:?}"
        );
    }
}

#[test]
fn fixtures_match_their_snapshots() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut stale = Vec::new();
    for case in fixtures() {
        let html = std::fs::read(case.join("source.html")).unwrap();
        let a = broadsheet::clean(&html, &options(&case)).unwrap();
        let got = serde_json::to_string_pretty(&a).unwrap() + "\n";
        let path = case.join("expected.json");
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            stale.push(name(&case));
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from expected.json for {stale:?}; inspect, then `BLESS=1 cargo test --test fixtures`"
    );
}

#[test]
fn any_chunking_gives_the_same_article() {
    let mut rng = Rng(seed());
    for case in fixtures() {
        let html = std::fs::read(case.join("source.html")).unwrap();
        let opts = options(&case);
        let whole = broadsheet::clean(&html, &opts).unwrap();
        for round in 0..6 {
            let chunked = clean_chunked(&html, &opts, &mut rng);
            assert!(
                chunked == whole,
                "{}: chunked run {round} differs from the whole-input run",
                name(&case)
            );
        }
        // One byte at a time, the hardest split.
        let mut c = Cleaner::new(&opts).unwrap();
        for b in &html {
            c.write(std::slice::from_ref(b)).unwrap();
        }
        assert!(
            c.finish().unwrap() == whole,
            "{}: byte-by-byte run differs",
            name(&case)
        );
    }
}
