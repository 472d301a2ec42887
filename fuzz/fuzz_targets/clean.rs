//! Any bytes through `clean()`: no panic, no hang, and the output stays sanitized. The first
//! byte also picks a split point, so the streaming path is fuzzed against the one-shot path.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Output HTML escapes `<`, `>` and `"` in text and attribute values, so every `<` starts a
/// tag, the next `>` ends it, and every `="` starts a value that the next `"` ends: only tags
/// and their attributes can execute anything. (Text may well say `href="javascript:"` or
/// "click on": that is words on the page.)
fn check_sanitized(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = rest[open..close].to_ascii_lowercase();
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "svg"
                    | "math"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "base"
                    | "meta"
                    | "form"
            ),
            "{name} in output: {tag}"
        );
        let mut attrs = tag.as_str();
        while let Some(eq) = attrs.find("=\"") {
            let attr: String = attrs[..eq]
                .chars()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let value_end = attrs[eq + 2..]
                .find('"')
                .map_or(attrs.len(), |v| eq + 2 + v);
            let value: String = attrs[eq + 2..value_end]
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            assert!(!attr.starts_with("on"), "event handler in output: {tag}");
            for bad in ["javascript:", "vbscript:", "data:text/html"] {
                assert!(!value.starts_with(bad), "{bad} URL in output: {tag}");
            }
            attrs = &attrs[(value_end + 1).min(attrs.len())..];
        }
        rest = &rest[close..];
    }
}

fuzz_target!(|data: &[u8]| {
    // Markdown too: every renderer must survive every input.
    let opts = broadsheet::Options::new()
        .with_markdown(true)
        .with_url("https://example.com/a/b.html")
        .expect("static URL");
    let whole = broadsheet::clean(data, &opts);
    if let Ok(a) = &whole {
        check_sanitized(&a.content_html);
        for r in &a.removed {
            check_sanitized(&r.html);
        }
    }
    let at = data.first().map_or(0, |&b| b as usize * data.len() / 256);
    let mut c = broadsheet::Cleaner::with_input_len(&opts, data.len()).expect("cleaner");
    let chunked = c
        .write(&data[..at])
        .and_then(|_| c.write(&data[at..]))
        .and_then(|_| c.finish());
    assert_eq!(chunked, whole, "chunked result differs");
});
