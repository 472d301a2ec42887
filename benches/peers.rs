//! Ours against a peer, page by page, natively: `broadsheet::clean` (default options: what the
//! reader shows) and `dom_smoothie` (a DOM-based Rust port of Readability.js, a dev-dependency
//! pinned in Cargo.toml) over every page of the Readability test corpus
//! (`BROADSHEET_BENCH_CORPUS`, default `../shared/corpus/readability`).
//!
//! Every page first runs once through both (warm-up); then each of `BROADSHEET_PEER_ROUNDS`
//! rounds (default 15) times both on every page, alternating which goes first, so the two
//! share the machine's state. A page's time is the median of its rounds; the figure is the
//! median of the per-page ratios (dom_smoothie ms / ours ms), with p10/p90 and the totals.
//! Run with `cargo bench --bench peers` (part of `make bench`). A missing corpus skips it.
//!
//! `BROADSHEET_PEER_ONLY=ours` (or `dom_smoothie`) runs that engine once over every page and
//! nothing else: for instruction counts, which a shared machine does not disturb, e.g.
//! `BROADSHEET_PEER_ONLY=ours valgrind --tool=callgrind target/release/deps/peers-*`.

#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;
    use std::path::PathBuf;
    use std::time::Instant;

    // `cargo bench` passes `--bench` (and any filter); this harness takes no arguments.
    let dir = std::env::var_os("BROADSHEET_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/readability")
        });
    let rounds: usize = std::env::var("BROADSHEET_PEER_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
        .max(1);
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let html = std::fs::read(e.path().join("source.html")).ok()?;
                    Some((e.file_name().to_string_lossy().into_owned(), html))
                })
                .collect()
        })
        .unwrap_or_default();
    if pages.is_empty() {
        eprintln!(
            "peers: no <page>/source.html under {}: skipped",
            dir.display()
        );
        return;
    }
    pages.sort();
    const URL: &str = "http://fakehost/test/page.html";
    let opts = broadsheet::Options::new()
        .with_url(URL)
        .expect("static URL parses");
    let strings: Vec<String> = pages
        .iter()
        .map(|(_, h)| String::from_utf8_lossy(h).into_owned())
        .collect();
    let ours = |i: usize| {
        let t = Instant::now();
        black_box(broadsheet::clean(black_box(&pages[i].1), &opts).is_ok());
        t.elapsed().as_secs_f64() * 1e3
    };
    let peer = |i: usize| {
        let t = Instant::now();
        black_box(
            dom_smoothie::Readability::new(black_box(strings[i].as_str()), Some(URL), None)
                .and_then(|mut r| r.parse())
                .map(|a| a.text_content.len())
                .unwrap_or(0),
        );
        t.elapsed().as_secs_f64() * 1e3
    };
    if let Ok(only) = std::env::var("BROADSHEET_PEER_ONLY") {
        let run: &dyn Fn(usize) -> f64 = match only.as_str() {
            "ours" => &ours,
            "dom_smoothie" => &peer,
            _ => panic!("BROADSHEET_PEER_ONLY={only}: expected ours or dom_smoothie"),
        };
        let ms: f64 = (0..pages.len()).map(run).sum();
        println!("peers: {only} once over {} pages: {ms:.1} ms", pages.len());
        return;
    }
    for i in 0..pages.len() {
        ours(i);
        peer(i);
    }
    let mut times = vec![(Vec::new(), Vec::new()); pages.len()];
    for r in 0..rounds {
        for (i, t) in times.iter_mut().enumerate() {
            if (i + r) % 2 == 0 {
                t.0.push(ours(i));
                t.1.push(peer(i));
            } else {
                t.1.push(peer(i));
                t.0.push(ours(i));
            }
        }
    }
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let per_page: Vec<(f64, f64)> = times
        .iter_mut()
        .map(|(a, b)| (median(a), median(b)))
        .collect();
    let quantile = |mut xs: Vec<f64>, q: f64| {
        xs.sort_by(f64::total_cmp);
        xs[((q * xs.len() as f64) as usize).min(xs.len() - 1)]
    };
    let ratios: Vec<f64> = per_page.iter().map(|(a, b)| b / a.max(1e-6)).collect();
    let bytes: usize = pages.iter().map(|(_, h)| h.len()).sum();
    println!(
        "peers: {} pages ({:.1} MB) from {}, {rounds} rounds after a warm-up, pages alternated",
        pages.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    for (name, xs) in [
        (
            "broadsheet",
            per_page.iter().map(|p| p.0).collect::<Vec<_>>(),
        ),
        ("dom_smoothie", per_page.iter().map(|p| p.1).collect()),
    ] {
        let total: f64 = xs.iter().sum();
        println!(
            "  {name:<13} median {:>7.3} ms  p90 {:>7.3} ms  total {:>8.1} ms  {:>6.1} MB/s",
            quantile(xs.clone(), 0.5),
            quantile(xs, 0.9),
            total,
            bytes as f64 / 1e6 / (total / 1e3)
        );
    }
    let faster = ratios.iter().filter(|&&r| r > 1.0).count();
    println!(
        "  ratio dom_smoothie/ours per page: median {:.2}x, p10 {:.2}x, p90 {:.2}x; ours faster on {faster} of {}",
        quantile(ratios.clone(), 0.5),
        quantile(ratios.clone(), 0.1),
        quantile(ratios.clone(), 0.9),
        ratios.len()
    );
}
