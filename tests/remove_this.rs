//! "Remove this, remember for this site" (issue 15), the core's half: with selector hints on,
//! a block that leaked into the article carries `data-bs-sel`; the rule `host##<hint>` (what
//! the extension writes) removes exactly that block on the next clean of that host, and lists
//! it in `removed` so the reader can restore it.

use broadsheet::{clean, Options};

const URL: &str = "https://www.example.com/news/2026/lighthouse";

/// An article with a leaked "sign up" block in the middle of its prose.
fn page() -> String {
    let para = |n: usize| {
        format!(
            "<p class=\"story-text\">Paragraph {n} of the story: the keepers of the lighthouse \
             at Gannet Head kept a log of every ship, every storm and every repair, and the \
             log, now in the county archive, runs to forty volumes, all of them in pencil.</p>"
        )
    };
    let mut body = String::new();
    for n in 1..=4 {
        body.push_str(&para(n));
    }
    body.push_str(
        // A `div` of loose text: scoring replaces it with a `p` of its own (as Readability
        // does), which must still carry the page element's hint.
        "<div class=\"story-text inline-signup is-visible\">Get the Coastal Letter every morning: \
         tides, weather and the stories of the coast, free, seven days a week.</div>",
    );
    for n in 5..=8 {
        body.push_str(&para(n));
    }
    format!(
        "<!doctype html><html><head><title>The lighthouse log</title></head><body>\
         <article class=\"story\"><h1>The lighthouse log</h1><div class=\"story-body\">{body}\
         </div></article></body></html>"
    )
}

/// The `data-bs-sel` of the first element whose text starts with `text`.
fn hint_before(html: &str, text: &str) -> Option<String> {
    let at = html.find(text)?;
    let open = html[..at].rfind('<')?;
    let tag = &html[open..at];
    let (_, rest) = tag.split_once("data-bs-sel=\"")?;
    Some(rest.split('"').next()?.replace("&quot;", "\""))
}

#[test]
fn a_hint_from_content_html_removes_exactly_that_block_on_the_next_clean() {
    let html = page();
    let opts = Options::new()
        .with_url(URL)
        .unwrap()
        .with_selector_hints(true);
    let first = clean(html.as_bytes(), &opts).unwrap();
    assert!(
        first.text.contains("Get the Coastal Letter"),
        "the block leaked in"
    );
    let hint = hint_before(&first.content_html, "Get the Coastal Letter")
        .expect("the leaked block carries a hint");
    assert_eq!(
        hint, ".story-text.inline-signup",
        "stable classes, the state class left out"
    );
    // Ordinary paragraphs carry their own (shared) hint, different from the leaked block's.
    assert_eq!(
        hint_before(&first.content_html, "Paragraph 1 of").as_deref(),
        Some(".story-text")
    );

    // What the extension writes for "remember for www.example.com".
    let rule = format!("www.example.com##{hint}");
    let again = clean(
        html.as_bytes(),
        &opts
            .clone()
            .with_rules(&rule)
            .expect("the hint is a valid rule"),
    )
    .unwrap();
    assert!(
        !again.text.contains("Get the Coastal Letter"),
        "{}",
        again.text
    );
    for n in 1..=8 {
        assert!(
            again.text.contains(&format!("Paragraph {n} of the story")),
            "paragraph {n} kept"
        );
    }
    let user: Vec<_> = again
        .removed
        .iter()
        .filter(|r| r.rule.starts_with("user:"))
        .collect();
    assert_eq!(user.len(), 1, "{:?}", again.removed);
    assert_eq!(user[0].rule, format!("user:1 {rule}"));
    assert!(user[0].preview.starts_with("Get the Coastal Letter"));
    assert!(user[0].html.contains("Get the Coastal Letter"));
    // Its placeholder stands where it was, so the reader restores it in place.
    let index = again
        .removed
        .iter()
        .position(|r| r.rule == user[0].rule)
        .unwrap();
    let placeholder = format!("<div data-bs-removed=\"{index}\" hidden></div>");
    let at = again
        .content_html
        .find(&placeholder)
        .expect("a placeholder");
    assert!(again.content_html[..at].contains("Paragraph 4 of"));
    assert!(again.content_html[at..].contains("Paragraph 5 of"));

    // Another site is not touched by the rule.
    let elsewhere = clean(
        html.as_bytes(),
        &Options::new()
            .with_url("https://example.org/news")
            .unwrap()
            .with_rules(&rule)
            .unwrap(),
    )
    .unwrap();
    assert!(elsewhere.text.contains("Get the Coastal Letter"));
}

#[test]
fn hints_change_nothing_but_content_html() {
    let html = page();
    let plain = Options::new().with_url(URL).unwrap();
    let a = clean(html.as_bytes(), &plain).unwrap();
    let b = clean(html.as_bytes(), &plain.clone().with_selector_hints(true)).unwrap();
    assert!(!a.content_html.contains("data-bs-sel"), "off by default");
    assert!(b.content_html.contains("data-bs-sel"));
    assert_eq!(a.text, b.text);
    assert_eq!(a.markdown, b.markdown);
    assert_eq!(a.summary, b.summary);
    assert_eq!(
        a.content_html,
        strip_hints(&b.content_html),
        "the same HTML, hints aside"
    );
}

fn strip_hints(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(" data-bs-sel=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " data-bs-sel=\"".len()..];
        rest = &after[after.find('"').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_hint_in_the_fixtures_is_a_valid_user_rule() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut hints = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let case = entry.unwrap().path();
        let Ok(source) = std::fs::read(case.join("source.html")) else {
            continue;
        };
        let url = std::fs::read_to_string(case.join("url.txt"))
            .map(|u| u.trim().to_string())
            .unwrap_or_else(|_| URL.to_string());
        let opts = Options::new()
            .with_url(&url)
            .unwrap()
            .with_selector_hints(true);
        let Ok(a) = clean(&source, &opts) else {
            continue;
        };
        let mut rest = a.content_html.as_str();
        while let Some(i) = rest.find("data-bs-sel=\"") {
            let after = &rest[i + "data-bs-sel=\"".len()..];
            let hint = &after[..after.find('"').unwrap()];
            assert!(
                hint.starts_with(['.', '#'])
                    && hint[1..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "{}: {hint:?}",
                case.display()
            );
            broadsheet::check_rules(&format!("example.com##{hint}"))
                .unwrap_or_else(|e| panic!("{}: {hint}: {e}", case.display()));
            hints += 1;
            rest = after;
        }
    }
    assert!(hints > 0, "the fixtures hold classed blocks");
}
