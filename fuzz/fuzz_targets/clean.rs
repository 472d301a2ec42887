//! Any bytes through `clean()`: no panic, no hang, and the output stays sanitized. The first
//! byte also picks a split point, so the streaming path is fuzzed against the one-shot path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = broadsheet::Options::new()
        .with_url("https://example.com/a/b.html")
        .expect("static URL");
    let whole = broadsheet::clean(data, &opts);
    if let Ok(a) = &whole {
        let lower = a.content_html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "script in output");
        assert!(!lower.contains("<svg"), "svg in output");
        assert!(!lower.contains("=\"javascript:"), "javascript: URL in output");
    }
    let at = data.first().map_or(0, |&b| b as usize * data.len() / 256);
    let mut c = broadsheet::Cleaner::new(&opts).expect("cleaner");
    let chunked = c
        .write(&data[..at])
        .and_then(|_| c.write(&data[at..]))
        .and_then(|_| c.finish());
    assert_eq!(chunked, whole, "chunked result differs");
});
