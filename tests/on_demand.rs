//! Renderings on demand (issue 14): `clean()` makes what the reader shows; Markdown only when
//! asked (`Options::with_markdown`), and `summarize()` re-makes the key points at another length
//! from an article's text without cleaning again. Both must give exactly what a full clean
//! gives.

use std::path::PathBuf;
use std::process::Command;

use broadsheet::{clean, summarize, Options, SummaryLength};

/// The fixture pages with their options (URL from `url.txt`).
fn fixtures() -> Vec<(String, Vec<u8>, Options)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| {
            let p = e.path();
            let url = std::fs::read_to_string(p.join("url.txt")).unwrap_or_default();
            let mut opts = Options::new();
            if !url.trim().is_empty() {
                opts = opts.with_url(url.trim()).unwrap();
            }
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(p.join("source.html")).unwrap(),
                opts,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 5, "fixtures found: {}", out.len());
    out
}

#[test]
fn markdown_is_made_only_when_asked_and_nothing_else_changes() {
    for (name, html, opts) in fixtures() {
        let plain = clean(&html, &opts).unwrap();
        assert_eq!(plain.markdown, None, "{name}: Markdown not asked for");
        let full = clean(&html, &opts.clone().with_markdown(true)).unwrap();
        let md = full.markdown.clone().expect("asked for");
        assert!(!md.trim().is_empty(), "{name}: Markdown is empty");
        assert_eq!(
            broadsheet::Article {
                markdown: None,
                ..full
            },
            plain,
            "{name}: asking for Markdown changed another field"
        );
    }
}

#[test]
fn markdown_is_null_in_json_when_not_asked() {
    let (_, html, opts) = fixtures().remove(0);
    let v = serde_json::to_value(clean(&html, &opts).unwrap()).unwrap();
    assert_eq!(v["markdown"], serde_json::Value::Null);
    let v = serde_json::to_value(clean(&html, &opts.with_markdown(true)).unwrap()).unwrap();
    assert!(v["markdown"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn summarize_gives_the_summary_of_a_clean_at_that_length() {
    for (name, html, opts) in fixtures() {
        let a = clean(&html, &opts).unwrap();
        for length in [
            SummaryLength::Short,
            SummaryLength::Medium,
            SummaryLength::Long,
        ] {
            let want = clean(&html, &opts.clone().with_summary_length(length))
                .unwrap()
                .summary;
            assert_eq!(
                summarize(&a.text, a.lang.as_deref(), length),
                want,
                "{name} at {length:?}"
            );
        }
    }
}

#[test]
fn summarize_takes_any_text() {
    assert_eq!(summarize("", None, SummaryLength::Short), None);
    assert_eq!(summarize("   \n\n ", Some("xx"), SummaryLength::Long), None);
    let text = "The harbour wall fell in the storm last night. The council will rebuild it by \
                spring, its engineer said. Fishermen say the work is long overdue.";
    let s = summarize(text, Some("en-GB"), SummaryLength::Short).expect("three sentences");
    for p in &s.key_points {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&utf16[p.start..p.end]), p.text);
    }
}

/// The CLI: `--format markdown` still prints Markdown; JSON has it only with `--markdown`.
#[test]
fn cli_makes_markdown_when_asked() {
    let page = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/source.html");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .arg("clean")
            .arg(&page)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let md = run(&["--format", "markdown"]);
    assert!(md.contains("opened a lending library on Tuesday"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(json["markdown"], serde_json::Value::Null);
    let json: serde_json::Value =
        serde_json::from_str(&run(&["--format", "json", "--markdown"])).unwrap();
    assert_eq!(
        json["markdown"].as_str(),
        Some(md.strip_suffix('\n').unwrap())
    );
}
