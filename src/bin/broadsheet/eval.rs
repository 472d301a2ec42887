//! `broadsheet eval CORPUS_DIR`: runs every `<page>/source.html` of a corpus in the layout of
//! Mozilla Readability's test pages and scores the text against `<page>/expected.html` by the
//! metric of `shared/eval/score.py` (4-token shingles of `\w+` tokens; per-page tp/fp/fn
//! normalised so pages weigh the same; corpus P and R are means over pages, F1 their harmonic
//! mean). Also prints metadata exact-match rates and milliseconds per page. With `--out DIR`
//! it writes `<page>.txt`, `<page>.meta.json` and `timings.tsv` for `score.py --pred DIR`.

// foldhash (through hashbrown, which the core already uses): SipHash made the shingle counting
// of this command more than a quarter of a profiled `broadsheet eval`.
use hashbrown::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use lol_html::html_content::TextType;
use lol_html::{doc_text, element, HtmlRewriter, Settings};

/// The address Readability's test pages are cleaned at (its expected output resolves links
/// against it); pages whose corpus records their own address get that instead.
const READABILITY_TEST_URL: &str = "http://fakehost/test/page.html";

/// Elements whose boundaries separate words, as in `shared/eval/corpus.py`.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

pub fn run(args: &[String]) -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut per_page = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--out" => {
                i += 1;
                match args.get(i) {
                    Some(v) => out = Some(PathBuf::from(v)),
                    None => return crate::usage("--out needs a directory"),
                }
            }
            "--per-page" => per_page = true,
            a if a.starts_with("--") => return crate::usage(&format!("unknown option {a}")),
            a => dir = Some(PathBuf::from(a)),
        }
        i += 1;
    }
    let Some(dir) = dir else {
        return crate::usage("eval needs a corpus directory");
    };
    let mut pages: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("source.html").is_file())
            .collect(),
        Err(e) => return crate::usage(&format!("cannot read {}: {e}", dir.display())),
    };
    pages.sort();
    if pages.is_empty() {
        return crate::usage(&format!("{} holds no <page>/source.html", dir.display()));
    }
    if let Some(o) = &out {
        if let Err(e) = std::fs::create_dir_all(o) {
            return crate::usage(&format!("cannot create {}: {e}", o.display()));
        }
    }

    let mut rows = Vec::new();
    let mut times = Vec::new();
    let mut meta_hits: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut failures = 0usize;
    let mut timings = String::from("page\tms\tstatus\n");
    for page in &pages {
        let id = page
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(src) = std::fs::read(page.join("source.html")) else {
            continue;
        };
        let truth = std::fs::read(page.join("expected.html"))
            .map(|b| html_to_text(&b))
            .unwrap_or_default();
        // The page's own address when the corpus records it (dragnet's `meta.json`), as the
        // extension always has it; else the address Readability's tests resolve links against.
        let url = std::fs::read_to_string(page.join("meta.json"))
            .ok()
            .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
            .and_then(|m| m.get("url")?.as_str().map(str::to_string))
            .unwrap_or_else(|| READABILITY_TEST_URL.to_string());
        let opts = broadsheet::Options::new()
            .with_url(&url)
            .or_else(|_| broadsheet::Options::new().with_url(READABILITY_TEST_URL))
            .unwrap_or_default();
        let start = Instant::now();
        let result = broadsheet::clean(&src, &opts);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        let (pred, article) = match result {
            Ok(a) => (a.text.clone(), Some(a)),
            Err(_) => {
                failures += 1;
                (String::new(), None)
            }
        };
        timings.push_str(&format!(
            "{id}\t{ms:.3}\t{}\n",
            if article.is_some() { "ok" } else { "error" }
        ));
        let r = shingle_match(&truth, &pred);
        if per_page {
            let (p, rc) = (page_precision(r), page_recall(r));
            println!("{id}\tP={p:.3}\tR={rc:.3}");
        }
        rows.push(r);
        if let Ok(m) = std::fs::read_to_string(page.join("expected-metadata.json")) {
            if let Ok(exp) = serde_json::from_str::<serde_json::Value>(&m) {
                for (field, got) in [
                    ("title", article.as_ref().and_then(|a| a.title.clone())),
                    ("byline", article.as_ref().and_then(|a| a.byline.clone())),
                    (
                        "publishedTime",
                        article.as_ref().and_then(|a| a.published.clone()),
                    ),
                ] {
                    let want = exp.get(field).and_then(|v| v.as_str()).unwrap_or("");
                    if want.is_empty() {
                        continue;
                    }
                    let e = meta_hits.entry(field).or_default();
                    e.0 += 1;
                    if norm(want) == norm(got.as_deref().unwrap_or("")) {
                        e.1 += 1;
                    } else if per_page {
                        println!("{id}\t{field}: want {want:?} got {got:?}");
                    }
                }
            }
        }
        if let Some(o) = &out {
            let _ = std::fs::write(o.join(format!("{id}.txt")), &pred);
            if let Some(a) = &article {
                let meta = serde_json::json!({
                    "title": a.title, "byline": a.byline, "publishedTime": a.published,
                    "siteName": a.site_name, "lang": a.lang, "dir": a.dir, "excerpt": a.excerpt,
                });
                let _ = std::fs::write(o.join(format!("{id}.meta.json")), meta.to_string());
            }
        }
    }
    if let Some(o) = &out {
        let _ = std::fs::write(o.join("timings.tsv"), timings);
    }
    let ps: Vec<f64> = rows
        .iter()
        .filter(|r| r.0 + r.1 > 0.0)
        .map(|&r| page_precision(r))
        .collect();
    let rs: Vec<f64> = rows
        .iter()
        .filter(|r| r.0 + r.2 > 0.0)
        .map(|&r| page_recall(r))
        .collect();
    let p = mean(&ps);
    let r = mean(&rs);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    times.sort_by(|a, b| a.total_cmp(b));
    println!("pages {}  failed {failures}", pages.len());
    println!("precision {p:.4}  recall {r:.4}  F1 {f1:.4}");
    for field in ["title", "byline", "publishedTime"] {
        let (n, hit) = meta_hits.get(field).copied().unwrap_or_default();
        println!("{field}: {hit}/{n} exact");
    }
    println!(
        "ms per page: median {:.3}  p90 {:.3}  total {:.1}",
        quantile(&times, 0.5),
        quantile(&times, 0.9),
        times.iter().sum::<f64>()
    );
    ExitCode::SUCCESS
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((q * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1);
    sorted[i]
}

/// `\w+` tokens (Unicode letters, digits, marks and connector punctuation).
fn tokens(s: &str) -> Vec<&str> {
    let is_w = |c: char| c.is_alphanumeric() || c == '_' || unicode_category_mark(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_w(c) {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Combining marks count as word characters in Python's `\w`.
fn unicode_category_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x3099..=0x309A)
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(s);
    let mut m = HashMap::new();
    if t.is_empty() {
        return m;
    }
    let n = 4;
    for i in 0..t.len().saturating_sub(n - 1).max(1) {
        let end = (i + n).min(t.len());
        *m.entry(t[i..end].to_vec()).or_insert(0) += 1;
    }
    m
}

/// `(tp, fp, fn)` normalised by their sum, as `score.py`'s `match`.
fn shingle_match(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for (k, &tv) in &t {
        let pv = p.get(k).copied().unwrap_or(0);
        tp += tv.min(pv) as f64;
        fneg += tv.saturating_sub(pv) as f64;
    }
    for (k, &pv) in &p {
        let tv = t.get(k).copied().unwrap_or(0);
        fp += pv.saturating_sub(tv) as f64;
    }
    let s = tp + fp + fneg;
    if s > 0.0 {
        (tp / s, fp / s, fneg / s)
    } else {
        (tp, fp, fneg)
    }
}

fn page_precision((tp, fp, fneg): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fneg == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn page_recall((tp, fp, fneg): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fneg == 0.0 {
        1.0
    } else if tp == 0.0 && fneg == 0.0 {
        0.0
    } else {
        tp / (tp + fneg)
    }
}

/// Text of an HTML fragment the way `corpus.html_to_text` reads it: block boundaries become
/// spaces, scripts and styles are skipped.
fn html_to_text(html: &[u8]) -> String {
    use std::cell::RefCell;
    let parts = RefCell::new(String::new());
    {
        let mut rw = HtmlRewriter::new(
            Settings::new()
                .with_strict(false)
                .append_element_content_handler(element!("*", |el| {
                    let name = el.tag_name();
                    // Script and style bodies arrive as non-Data text and are skipped below.
                    if BLOCK_TAGS.contains(&name.as_str()) {
                        parts.borrow_mut().push('\n');
                    }
                    Ok(())
                }))
                .append_document_content_handler(doc_text!(|t| {
                    if matches!(t.text_type(), TextType::Data) {
                        parts.borrow_mut().push_str(t.as_str());
                    }
                    Ok(())
                })),
            |_: &[u8]| {},
        );
        let _ = rw.write(html);
        let _ = rw.end();
    }
    let raw = parts.into_inner();
    let decoded = htmlize::unescape(raw.as_str()).into_owned();
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}
