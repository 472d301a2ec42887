//! Property tests (proptest): random and mutated HTML never panics, and whatever comes out is
//! well-formed, sanitized, and the same for any chunking of the input.
#![cfg(not(target_arch = "wasm32"))]

use broadsheet::{clean, Cleaner, Options};
use proptest::prelude::*;

/// Pieces that real and hostile pages are made of.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"content\">".to_string()),
        Just("<div class=\"share promo\">".to_string()),
        Just("</div>".to_string()),
        Just("<article>".to_string()),
        Just("</article>".to_string()),
        Just("<ul><li>".to_string()),
        Just("</li></ul>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("</td></tr></table>".to_string()),
        Just("<a href=\"/x\">".to_string()),
        Just("<a href=\"javascript:alert(1)\">".to_string()),
        Just("<a href=\"java&#x09;script:alert(1)\">".to_string()),
        Just("</a>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<img data-src=\"/i.jpg\" src=\"data:image/gif;base64,R0lGOD\">".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<svg><script>alert(1)</script></svg>".to_string()),
        Just("<noscript><img src=/n.jpg></noscript>".to_string()),
        Just("<iframe srcdoc=\"<script>x</script>\"></iframe>".to_string()),
        Just("<style>p{}</style>".to_string()),
        Just("<!-- comment -->".to_string()),
        Just("<br><br>".to_string()),
        Just("<pre><code>fn main() {}\n  x < y</code></pre>".to_string()),
        Just("<h2>Heading</h2>".to_string()),
        Just("<figure><img src=/f.jpg><figcaption>Cap</figcaption></figure>".to_string()),
        Just("&amp; &lt; &#169; &nbsp; &bogus; &#xZZ;".to_string()),
        Just("Sentence with words, commas, and a full stop. ".repeat(6)),
        Just("Download the app".to_string()),
        "[a-zA-Z ,.<>&\"'=/]{0,40}",
        prop::collection::vec(any::<u8>(), 0..12)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn page() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(token(), 0..60).prop_map(|t| t.concat().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

const VOID: &[&str] = &["br", "img", "hr", "wbr", "col", "source"];

/// Every tag in our output is closed in order (text `<` is always escaped, so each `<` starts
/// a tag).
fn well_formed(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').ok_or("unterminated tag")? + i;
        let tag = &rest[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

/// Checks tags only (text is escaped, so words like "javascript:" in prose are harmless).
fn sanitized(html: &str) -> Result<(), String> {
    let lower = html.to_ascii_lowercase();
    for part in lower.split('<').skip(1) {
        let tag = part.split('>').next().unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if [
            "script", "svg", "math", "iframe", "style", "noscript", "object", "embed", "base",
            "meta", "form", "template",
        ]
        .contains(&name.as_str())
        {
            return Err(format!("<{name}> in output"));
        }
        for bad in ["javascript:", "vbscript:", "srcdoc", " style=", "data:text"] {
            if tag.contains(bad) {
                return Err(format!("{bad} in <{tag}>"));
            }
        }
        if tag.split_whitespace().skip(1).any(|a| a.starts_with("on")) {
            return Err(format!("event handler in <{tag}>"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_output_is_safe(html in page(), split in 0usize..400) {
        // Markdown too: every renderer must survive every input.
        let opts = Options::new().with_markdown(true).with_url("https://example.com/a/").unwrap();
        let whole = clean(&html, &opts);
        if let Ok(a) = &whole {
            prop_assert!(well_formed(&a.content_html).is_ok(), "{:?}", well_formed(&a.content_html));
            prop_assert!(sanitized(&a.content_html).is_ok(), "{:?}", sanitized(&a.content_html));
            for r in &a.removed {
                prop_assert!(sanitized(&r.html).is_ok(), "{:?}", sanitized(&r.html));
                prop_assert!(well_formed(&r.html).is_ok(), "{:?}", well_formed(&r.html));
            }
        }
        // Two chunks split anywhere give the same result.
        let at = split.min(html.len());
        let mut c = Cleaner::with_input_len(&opts, html.len()).unwrap();
        let chunked = c.write(&html[..at]).and_then(|_| c.write(&html[at..])).and_then(|_| c.finish());
        prop_assert_eq!(chunked, whole);
    }
}

/// The checkers above must be able to fail, or the property proves nothing.
#[test]
fn the_checkers_catch_bad_output() {
    assert!(sanitized("<p><a href=\"javascript:x\">y</a></p>").is_err());
    assert!(sanitized("<img src=x onerror=y>").is_err());
    assert!(sanitized("<svg></svg>").is_err());
    assert!(sanitized("<p>javascript: is a word here, and so is onerror=</p>").is_ok());
    assert!(well_formed("<p><b>x</p></b>").is_err());
    assert!(well_formed("<p>x").is_err());
    assert!(well_formed("<p>a<br><img src=\"y\">b</p>").is_ok());
}
