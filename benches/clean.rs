//! Criterion benchmark of the whole pipeline (`broadsheet::clean`) over real pages.
//!
//! Input: pages of the Readability test corpus (`BROADSHEET_BENCH_CORPUS`, default
//! `../shared/corpus/readability`): a few named large and typical pages, each reported with
//! `Throughput::Bytes` so criterion prints MB/s, plus the whole corpus as one batch; and the
//! `shapes` group: synthetic pages that were quadratic once, each at n and 4n. Run with
//! `make bench` (release profile, `cargo bench`).
//!
//! A peer runs beside ours on the same pages in the same run: `dom_smoothie` (a DOM-based Rust
//! port of Readability.js, a dev-dependency pinned in Cargo.toml), from the page's string to
//! its `Article` (content HTML and text). Our figure is `clean()` with the default options:
//! what the reader shows (HTML, text, metadata, summary). `benches/peers.rs` gives the
//! page-by-page ratio over the whole corpus.

// Criterion is a native-only dev-dependency; on wasm32 (`make lint` runs clippy there too) the
// bench is an empty program.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;

    use criterion::{criterion_group, Criterion, Throughput};

    const PAGES: &[&str] = &[
        "yahoo-2",
        "wikipedia",
        "nytimes-2",
        "guardian-1",
        "medium-1",
        "lemonde-1",
        "ars-1",
    ];

    fn corpus() -> PathBuf {
        std::env::var_os("BROADSHEET_BENCH_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/readability")
            })
    }

    fn bench(c: &mut Criterion) {
        let dir = corpus();
        let opts = broadsheet::Options::new()
            .with_url("http://fakehost/test/page.html")
            .expect("static URL parses");
        let mut group = c.benchmark_group("clean");
        for name in PAGES {
            let Ok(html) = std::fs::read(dir.join(name).join("source.html")) else {
                eprintln!("skipping {name}: not found under {}", dir.display());
                continue;
            };
            let page = String::from_utf8_lossy(&html).into_owned();
            group.throughput(Throughput::Bytes(html.len() as u64));
            group.bench_function(format!("ours/{name}"), |b| {
                b.iter(|| broadsheet::clean(&html, &opts))
            });
            group.bench_function(format!("dom_smoothie/{name}"), |b| {
                b.iter(|| dom_smoothie(&page))
            });
        }
        let mut all: Vec<Vec<u8>> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter_map(|e| std::fs::read(e.path().join("source.html")).ok())
                    .collect()
            })
            .unwrap_or_default();
        all.sort();
        if !all.is_empty() {
            let bytes: usize = all.iter().map(Vec::len).sum();
            group.throughput(Throughput::Bytes(bytes as u64));
            group.sample_size(10);
            group.bench_function("ours/whole-corpus", |b| {
                b.iter(|| {
                    all.iter()
                        .map(|h| broadsheet::clean(h, &opts).is_ok() as usize)
                        .sum::<usize>()
                })
            });
            let pages: Vec<String> = all
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect();
            group.bench_function("dom_smoothie/whole-corpus", |b| {
                b.iter(|| pages.iter().map(|p| dom_smoothie(p)).sum::<usize>())
            });
        }
        group.finish();
    }

    /// The peer: dom_smoothie's Readability from the page's string to its article (the length
    /// of its text, so nothing is optimised away); 0 when it finds none.
    fn dom_smoothie(html: &str) -> usize {
        dom_smoothie::Readability::new(html, Some("http://fakehost/test/page.html"), None)
            .and_then(|mut r| r.parse())
            .map(|a| a.text_content.len())
            .unwrap_or(0)
    }

    /// A short article followed by `n` copies of `unit`.
    fn shape_page(unit: &str, n: usize) -> Vec<u8> {
        let article: String = (0..5)
            .map(|i| format!("<p>Paragraph {i}: the harbour wall that fell in the storm will be rebuilt, the council said, with commas, clauses, and words.</p>"))
            .collect();
        format!(
            "<html><head><title>Harbour</title></head><body><article>{article}</article><div>{}</div></body></html>",
            unit.repeat(n)
        )
        .into_bytes()
    }

    /// Shapes that were quadratic (issue #12), each at n and 4n: linear time shows as the same
    /// elements per second at both sizes. (The unit tests count tree work at n and 4n; this
    /// shows the time.)
    fn shapes(c: &mut Criterion) {
        let opts = broadsheet::Options::new();
        let mut group = c.benchmark_group("shapes");
        group.sample_size(10);
        for (name, unit, n) in [
            (
                "noscript-img",
                "<noscript><img src=/a.jpg></noscript>",
                10_000,
            ),
            (
                "related-heading",
                "<h2>Related links</h2><ul><li><a href=/x>x</a></li></ul>",
                5_000,
            ),
            ("meta-in-body", "<meta name=x content=y>", 25_000),
            ("empty-div", "<div></div>", 25_000),
        ] {
            for n in [n, 4 * n] {
                let html = shape_page(unit, n);
                group.throughput(Throughput::Elements(n as u64));
                group.bench_function(format!("{name}/{n}"), |b| {
                    b.iter(|| broadsheet::clean(&html, &opts))
                });
            }
        }
        group.finish();
    }

    criterion_group!(benches, bench, shapes);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);
