//! Ours against a peer, page by page, natively: `broadsheet::clean` (default options: what the
//! reader shows) and `dom_smoothie` (a DOM-based Rust port of Readability.js, a dev-dependency
//! pinned in Cargo.toml) over every page of the Readability test corpus
//! (`BROADSHEET_BENCH_CORPUS`, default `../shared/corpus/readability`).
//!
//! A third engine, the **lol_html floor** (`scan_floor`, `benches/common/floor.rs`), streams
//! each page through lol_html with handlers that only count: the least any extractor on
//! lol_html spends, so the figures say how much of our time is the parser and how much ours.
//!
//! Every page first runs once through all three (warm-up); then each of
//! `BROADSHEET_PEER_ROUNDS` rounds (default 15) times the three on every page, rotating which
//! goes first, so they share the machine's state. A page's time is the median of its rounds;
//! the figure is the median of the per-page ratios (dom_smoothie ms / ours ms), with p10/p90
//! and the totals. Run with `cargo bench --bench peers` (part of `make bench`). A missing
//! corpus skips it.
//!
//! `BROADSHEET_PEER_ONLY=ours` (or `dom_smoothie`, `floor`) runs that engine once over every
//! page (or `BROADSHEET_PEER_ROUNDS` times, for `perf record`) and nothing else: for
//! instruction counts, which a shared machine does not disturb, e.g.
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
    let floor = |i: usize| {
        let t = Instant::now();
        black_box(scan_floor(black_box(&pages[i].1)));
        t.elapsed().as_secs_f64() * 1e3
    };
    if let Ok(only) = std::env::var("BROADSHEET_PEER_ONLY") {
        let run: &dyn Fn(usize) -> f64 = match only.as_str() {
            "ours" => &ours,
            "dom_smoothie" => &peer,
            "floor" => &floor,
            _ => panic!("BROADSHEET_PEER_ONLY={only}: expected ours, dom_smoothie or floor"),
        };
        // Once by default (instruction counts); `BROADSHEET_PEER_ROUNDS` times when it is set,
        // for a sampling profiler, which needs seconds of one engine.
        let times = std::env::var("BROADSHEET_PEER_ROUNDS").map_or(1, |_| rounds);
        // `BROADSHEET_PEER_EQUAL=1`: each page repeated in inverse proportion to its size, so
        // every page weighs about the same in a profile, as it does in the figure (a median of
        // per-page ratios); once each, the largest pages make most of a profile.
        let largest = pages.iter().map(|p| p.1.len()).max().unwrap_or(1);
        let equal = std::env::var_os("BROADSHEET_PEER_EQUAL").is_some();
        let reps = |i: usize| match equal {
            true => (largest / pages[i].1.len().max(1)).clamp(1, 1000),
            false => 1,
        };
        for _ in 0..times {
            let ms: f64 = (0..pages.len())
                .map(|i| (0..reps(i)).map(|_| run(i)).sum::<f64>())
                .sum();
            println!("peers: {only} once over {} pages: {ms:.1} ms", pages.len());
        }
        return;
    }
    for i in 0..pages.len() {
        ours(i);
        peer(i);
        floor(i);
    }
    // Per page, each engine's times; the order of the three rotates page by page and round
    // by round, so none always runs on a cache the other left.
    let engines: [&dyn Fn(usize) -> f64; 3] = [&ours, &peer, &floor];
    let mut times = vec![[Vec::new(), Vec::new(), Vec::new()]; pages.len()];
    for r in 0..rounds {
        for (i, t) in times.iter_mut().enumerate() {
            for k in 0..3 {
                let e = (i + r + k) % 3;
                t[e].push(engines[e](i));
            }
        }
    }
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let per_page: Vec<[f64; 3]> = times
        .iter_mut()
        .map(|[a, b, c]| [median(a), median(b), median(c)])
        .collect();
    let quantile = |mut xs: Vec<f64>, q: f64| {
        xs.sort_by(f64::total_cmp);
        xs[((q * xs.len() as f64) as usize).min(xs.len() - 1)]
    };
    let ratio = |num: usize, den: usize| -> Vec<f64> {
        per_page.iter().map(|p| p[num] / p[den].max(1e-6)).collect()
    };
    let ratios = ratio(1, 0);
    let bytes: usize = pages.iter().map(|(_, h)| h.len()).sum();
    println!(
        "peers: {} pages ({:.1} MB) from {}, {rounds} rounds after a warm-up, pages alternated",
        pages.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    for (k, name) in ["broadsheet", "dom_smoothie", "lol_html floor"]
        .into_iter()
        .enumerate()
    {
        let xs: Vec<f64> = per_page.iter().map(|p| p[k]).collect();
        let total: f64 = xs.iter().sum();
        println!(
            "  {name:<14} median {:>7.3} ms  p90 {:>7.3} ms  total {:>8.1} ms  {:>6.1} MB/s",
            quantile(xs.clone(), 0.5),
            quantile(xs, 0.9),
            total,
            bytes as f64 / 1e6 / (total / 1e3)
        );
    }
    for (what, xs) in [
        ("ours / floor", ratio(0, 2)),
        ("dom_smoothie / floor", ratio(1, 2)),
    ] {
        println!(
            "  {what} per page: median {:.2}x, p10 {:.2}x, p90 {:.2}x",
            quantile(xs.clone(), 0.5),
            quantile(xs.clone(), 0.1),
            quantile(xs, 0.9),
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
    // Where ours loses most: the pages to look at first.
    let mut worst: Vec<usize> = (0..pages.len()).collect();
    worst.sort_by(|&a, &b| ratios[a].total_cmp(&ratios[b]));
    for &i in worst.iter().take(8) {
        let [o, d, f] = per_page[i];
        println!(
            "    {:>5.2}x {:<40} {:>7.1} kB  ours {o:.3} ms, dom_smoothie {d:.3} ms, floor {f:.3} ms",
            ratios[i],
            pages[i].0,
            pages[i].1.len() as f64 / 1e3
        );
    }
}

// `scan_floor`: the lol_html floor (benches/common/floor.rs, which the browser bench's
// module includes too).
#[cfg(not(target_arch = "wasm32"))]
include!("common/floor.rs");
