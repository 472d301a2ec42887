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
            for lede_limit in [false, true] {
                let want = clean(
                    &html,
                    &opts
                        .clone()
                        .with_summary_length(length)
                        .with_lede_limit(lede_limit),
                )
                .unwrap()
                .summary;
                assert_eq!(
                    summarize(&a.text, a.lang.as_deref(), length, lede_limit),
                    want,
                    "{name} at {length:?}, lede limit {lede_limit}"
                );
            }
        }
    }
}

#[test]
fn summarize_takes_any_text() {
    assert_eq!(summarize("", None, SummaryLength::Short, false), None);
    assert_eq!(
        summarize("   \n\n ", Some("xx"), SummaryLength::Long, true),
        None
    );
    let text = "The harbour wall fell in the storm last night. The council will rebuild it by \
                spring, its engineer said. Fishermen say the work is long overdue.";
    let s = summarize(text, Some("en-GB"), SummaryLength::Short, false).expect("three sentences");
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

/// Issue 15: with the lede limit (what the reader asks for, since it shows the lede right below
/// the card), at most one key point comes from the article's first paragraph; without it the
/// same page's points are lead-based and take more than one from there.
#[test]
fn the_lede_limit_takes_at_most_one_point_from_the_first_paragraph() {
    let lede = "The city council approved a new budget for the public schools on Monday night. \
        The budget raises teacher pay by four percent and hires two hundred new teachers. \
        It also funds repairs to the roofs of twelve old school buildings across the city.";
    let rest = [
        "Parents had asked the council for smaller classes for years, and several of them spoke \
         at the meeting before the vote was taken.",
        "The mayor said the money would come from a new tax on hotel rooms, which the council \
         passed last spring after a long debate.",
        "Opponents argued that the hotel tax would drive visitors to the suburbs, but the \
         tourism office reported record bookings this autumn.",
        "The teachers' union welcomed the raise but said it still falls short of what teachers \
         earn in the neighbouring districts.",
        "Work on the roofs is to begin in the summer holidays, when the buildings are empty, \
         and should be finished before the new school year.",
        "The council will review the budget again in the spring, when the first figures from \
         the hotel tax are known.",
    ];
    let mut html =
        format!("<html><body><article><h1>Council passes school budget</h1><p>{lede}</p>");
    for p in rest {
        html += &format!("<p>{p}</p>");
    }
    html += "</article></body></html>";
    let from_lede = |limit: bool| {
        let a = clean(html.as_bytes(), &Options::new().with_lede_limit(limit)).unwrap();
        let points = a.summary.expect("key points").key_points;
        assert_eq!(points.len(), 3);
        points.iter().filter(|p| lede.contains(&p.text)).count()
    };
    assert!(
        from_lede(false) >= 2,
        "without the limit the points are lead-based"
    );
    assert_eq!(from_lede(true), 1);
}
