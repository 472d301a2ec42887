//! The wasm package in a real browser:
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver`.
//!
//! Every call goes through the package's JavaScript exports (`clean`, `checkRules`,
//! `version`), so what is tested is what a page sees: JS strings in, plain JS objects out,
//! errors thrown as JS `Error`s.
//!
//! - Every fixture folder under `tests/fixtures/` is cleaned with the options the native test
//!   uses (the URL in its `url.txt`, if any) and its JSON must equal the native snapshot
//!   `expected.json` exactly. `tests/wasm_fixture_list.rs` (native) fails when a folder is
//!   missing from the `fixtures!` list below, or when a URL here differs from its `url.txt`.
//! - Errors surface as JS errors with the library's messages.
//! - Malformed input (random bytes, cut-off HTML, empty) gives a result or a thrown `Error`,
//!   never a trap that kills the module: a good page still cleans afterwards.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The package's exports as JavaScript sees them. A Rust test cannot name the crate's private
// `wasm` module, and calling through JS is the point anyway: this snippet imports the glue
// that wasm-bindgen-test-runner generated for this test binary. The runner's page imports the
// glue as `./wasm-bindgen-test` (no `.js`), and this snippet is served two folders below it
// (`snippets/<crate>-<hash>/inline0.js`). The URL must be the very one the runner uses: another
// URL would load a second, uninitialised copy of the glue. If a runner version moves either
// file, every test here fails (the import 404s, or the copy has no instance).
#[wasm_bindgen(inline_js = r#"
import * as pkg from '../../wasm-bindgen-test';
export function jsClean(html, options) { return pkg.clean(html, options); }
export function jsCheckRules(text) { return pkg.checkRules(text); }
export function jsSummarize(text, lang, length) { return pkg.summarize(text, lang, length); }
export function jsVersion() { return pkg.version(); }
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = jsClean)]
    fn js_clean(html: &str, options: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = jsSummarize)]
    fn js_summarize(text: &JsValue, lang: &JsValue, length: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = jsCheckRules)]
    fn js_check_rules(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = jsVersion)]
    fn js_version() -> String;
}

/// `{url}` as a JS options object.
fn url_options(url: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"url".into(), &url.into()).unwrap();
    o.into()
}

/// The thrown value as a JS `Error`'s message; panics if it is not a plain `Error` (a
/// `WebAssembly.RuntimeError` means the module trapped, which must never happen).
fn error_message(thrown: &JsValue) -> String {
    if thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
        panic!("the module trapped: {thrown:?}");
    }
    let e = thrown
        .dyn_ref::<js_sys::Error>()
        .unwrap_or_else(|| panic!("thrown value is not an Error: {thrown:?}"));
    String::from(e.message())
}

/// The article as `JSON.stringify` gives it, parsed back for a structural comparison.
fn as_json(article: &JsValue) -> serde_json::Value {
    let s = js_sys::JSON::stringify(article).expect("article stringifies");
    serde_json::from_str(&String::from(s)).expect("JSON.stringify output parses")
}

/// Paths where two JSON values differ (at most a few), for a readable failure.
fn differences(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    if out.len() >= 8 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if !x.contains_key(k) || !y.contains_key(k) {
                    out.push(format!("{path}.{k}: present on one side only"));
                } else {
                    differences(&format!("{path}.{k}"), va, vb, out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differences(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ if a != b => {
            let short = |v: &Value| v.to_string().chars().take(160).collect::<String>();
            out.push(format!(
                "{path}:\n    wasm:   {}\n    native: {}",
                short(a),
                short(b)
            ));
        }
        _ => {}
    }
}

fn check_fixture(case: &str, html: &str, expected: &str, url: Option<&str>) {
    // Markdown asked for, as the native snapshot test does.
    let options = url.map_or_else(|| js_sys::Object::new().into(), url_options);
    js_sys::Reflect::set(&options, &"markdown".into(), &true.into()).unwrap();
    let got = js_clean(html, &options)
        .unwrap_or_else(|e| panic!("{case}: clean threw: {}", error_message(&e)));
    let got = as_json(&got);
    let want: serde_json::Value =
        serde_json::from_str(expected).unwrap_or_else(|e| panic!("{case}: expected.json: {e}"));
    if got != want {
        let mut diffs = Vec::new();
        differences("", &got, &want, &mut diffs);
        panic!(
            "{case}: wasm result differs from expected.json (the native snapshot; \
             `BLESS=1 cargo test --test fixtures` rewrites it):\n  {}",
            diffs.join("\n  ")
        );
    }
}

/// One browser test per fixture folder, one line each: `test_name = "folder"` when the folder
/// has no `url.txt` (cleaned without a URL, as the native test does), or
/// `test_name = "folder" @ "URL"` with the URL of its `url.txt`. Keep the list sorted by folder;
/// `tests/wasm_fixture_list.rs` checks it against `tests/fixtures/`.
macro_rules! fixtures {
    ($($test:ident = $case:literal $(@ $url:literal)?,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $test() {
                #[allow(unused_mut, unused_assignments)]
                let mut url: Option<&str> = None;
                $(url = Some($url);)?
                check_fixture(
                    $case,
                    include_str!(concat!("fixtures/", $case, "/source.html")),
                    include_str!(concat!("fixtures/", $case, "/expected.json")),
                    url,
                );
            }
        )*
    };
}

fixtures! {
    blog_sidebar = "blog-sidebar" @ "https://gadgets.example/2019/11/06/camera-to-tablet/",
    code_post = "code-post" @ "https://bitwise.example/2022/11/streaming-json",
    junk_kinds = "junk-kinds" @ "https://gazette.example/news/2019/05/03/harbour-wall",
    lazy_images = "lazy-images" @ "https://coastal.example/guides/salt-marsh-birds",
    minimal = "minimal" @ "https://example.com/news/minimal.html",
    non_article = "non-article" @ "https://mail.example/login",
    paywall_piano = "paywall-piano" @ "https://ledger.example.com/2024/03/05/transit-plan",
    rtl_arabic = "rtl-arabic" @ "https://alsabah.example/culture/library",
    seed_aggregator = "seed-aggregator" @ "https://www.inkl.com/news/russia-says-relations-with-u-s-at-an-all-time-low",
    table_layout = "table-layout" @ "https://millbrook-herald.example/stories/2008/mill-pond.html",
}

const GOOD_PAGE: &str = include_str!("fixtures/minimal/source.html");
const GOOD_SENTENCE: &str = "opened a lending library on Tuesday";

fn assert_good_page_still_cleans() {
    let a = js_clean(
        GOOD_PAGE,
        &url_options("https://example.com/news/minimal.html"),
    )
    .unwrap_or_else(|e| panic!("good page after malformed input: {}", error_message(&e)));
    let text = js_sys::Reflect::get(&a, &"text".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(text.contains(GOOD_SENTENCE), "good page text: {text}");
}

/// `field` of a JS object.
fn get(obj: &JsValue, field: &str) -> JsValue {
    js_sys::Reflect::get(obj, &field.into()).unwrap()
}

#[wasm_bindgen_test]
fn markdown_is_null_unless_asked() {
    let o = url_options("https://example.com/news/minimal.html");
    let plain = js_clean(GOOD_PAGE, &o).unwrap();
    assert!(
        get(&plain, "markdown").is_null(),
        "markdown is null, not undefined"
    );
    js_sys::Reflect::set(&o, &"markdown".into(), &true.into()).unwrap();
    let full = js_clean(GOOD_PAGE, &o).unwrap();
    let md = get(&full, "markdown")
        .as_string()
        .expect("a string when asked");
    assert!(md.contains(GOOD_SENTENCE), "{md}");
    // Everything else is the same.
    js_sys::Reflect::set(&full, &"markdown".into(), &JsValue::NULL).unwrap();
    assert_eq!(as_json(&full), as_json(&plain));
    js_sys::Reflect::set(&o, &"markdown".into(), &"yes".into()).unwrap();
    let msg = error_message(&js_clean(GOOD_PAGE, &o).expect_err("markdown must be a boolean"));
    assert!(msg.starts_with("invalid options:"), "{msg}");
}

#[wasm_bindgen_test]
fn summarize_gives_the_summary_of_a_clean_at_that_length() {
    let a = js_clean(
        GOOD_PAGE,
        &url_options("https://example.com/news/minimal.html"),
    )
    .unwrap();
    let (text, lang) = (get(&a, "text"), get(&a, "lang"));
    for length in ["short", "medium", "long"] {
        let o = url_options("https://example.com/news/minimal.html");
        js_sys::Reflect::set(&o, &"summaryLength".into(), &length.into()).unwrap();
        let want = get(&js_clean(GOOD_PAGE, &o).unwrap(), "summary");
        let got = js_summarize(&text, &lang, &length.into())
            .unwrap_or_else(|e| panic!("{}", error_message(&e)));
        assert_eq!(as_json(&got), as_json(&want), "{length}");
    }
    // The length may be omitted (short); a text with no sentence gives null.
    let short = js_summarize(&text, &lang, &JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&short, "length").as_string().as_deref(), Some("short"));
    assert!(
        js_summarize(&"".into(), &JsValue::NULL, &JsValue::UNDEFINED)
            .unwrap()
            .is_null()
    );
    let msg = error_message(
        &js_summarize(&text, &lang, &"huge".into()).expect_err("an unknown length throws"),
    );
    assert!(msg.contains("summaryLength `huge`"), "{msg}");
}

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(js_version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn options_may_be_omitted() {
    for options in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        js_sys::Object::new().into(),
    ] {
        let a = js_clean(GOOD_PAGE, &options).unwrap_or_else(|e| panic!("{}", error_message(&e)));
        assert!(
            js_sys::Reflect::get(&a, &"url".into()).unwrap().is_null(),
            "url is null, not undefined"
        );
        let text = js_sys::Reflect::get(&a, &"text".into())
            .unwrap()
            .as_string()
            .unwrap();
        assert!(text.contains(GOOD_SENTENCE));
    }
}

#[wasm_bindgen_test]
fn result_is_a_plain_object() {
    let a = js_clean(GOOD_PAGE, &JsValue::UNDEFINED).unwrap();
    // Plain objects and arrays, not Maps: JSON.stringify sees every field.
    let plain = js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
    assert_eq!(
        JsValue::from(js_sys::Object::get_prototype_of(&a)),
        JsValue::from(plain)
    );
    let removed = js_sys::Reflect::get(&a, &"removed".into()).unwrap();
    assert!(js_sys::Array::is_array(&removed));
    let count = js_sys::Reflect::get(&a, &"wordCount".into()).unwrap();
    assert!(
        count.as_f64().is_some_and(|n| n > 0.0),
        "wordCount is a number: {count:?}"
    );
}

#[wasm_bindgen_test]
fn no_article_is_a_js_error_with_the_cli_message() {
    let e = js_clean("", &JsValue::UNDEFINED).expect_err("empty page must throw");
    assert_eq!(error_message(&e), broadsheet::Error::NoArticle.to_string());
    let e = js_clean("<html><body><p>   </p></body></html>", &JsValue::UNDEFINED).unwrap_err();
    assert_eq!(error_message(&e), broadsheet::Error::NoArticle.to_string());
}

#[wasm_bindgen_test]
fn bad_url_is_a_js_error_with_the_cli_message() {
    let e = js_clean(GOOD_PAGE, &url_options("not a url")).expect_err("relative URL must throw");
    assert_eq!(
        error_message(&e),
        broadsheet::Error::InvalidUrl("not a url".into()).to_string()
    );
}

#[wasm_bindgen_test]
fn bad_rules_are_a_js_error_naming_the_line() {
    let rules = "##.promo\nexample.com##div:has(p)\n";
    let native = broadsheet::check_rules(rules)
        .expect_err("native rejects it too")
        .to_string();
    assert!(native.contains("line 2"), "{native}");

    let e = js_check_rules(rules).expect_err("checkRules must throw");
    assert_eq!(error_message(&e), native);

    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"rules".into(), &rules.into()).unwrap();
    let e = js_clean(GOOD_PAGE, &o).expect_err("clean with bad rules must throw");
    assert_eq!(error_message(&e), native);
}

#[wasm_bindgen_test]
fn check_rules_counts_rules() {
    let n = js_check_rules("! a comment\n##.promo\nexample.com##.ad-slot\n").unwrap();
    assert_eq!(
        n.as_f64(),
        Some(
            broadsheet::check_rules("! a comment\n##.promo\nexample.com##.ad-slot\n").unwrap()
                as f64
        )
    );
}

#[wasm_bindgen_test]
fn user_rules_apply() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"rules".into(), &"##.byline".into()).unwrap();
    let a = js_clean(GOOD_PAGE, &o).unwrap_or_else(|e| panic!("{}", error_message(&e)));
    let removed = js_sys::Array::from(&js_sys::Reflect::get(&a, &"removed".into()).unwrap());
    let rules: Vec<String> = removed
        .iter()
        .map(|r| {
            js_sys::Reflect::get(&r, &"rule".into())
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect();
    assert!(
        rules.iter().any(|r| r.starts_with("user:1 ")),
        "removed rules: {rules:?}"
    );
}

#[wasm_bindgen_test]
fn selector_hints_are_opt_in() {
    const PAGE: &str = "<html><body><article><p class=\"story-text\">A paragraph long enough \
        to be the article, with commas, clauses, and a full stop at its end.</p>\
        <div class=\"inline-signup\">Get the letter every morning.</div></article></body></html>";
    let content = |o: &JsValue| {
        let a = js_clean(PAGE, o).unwrap_or_else(|e| panic!("{}", error_message(&e)));
        js_sys::Reflect::get(&a, &"contentHtml".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert!(!content(&js_sys::Object::new().into()).contains("data-bs-sel"));
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"selectorHints".into(), &true.into()).unwrap();
    let html = content(&o.clone().into());
    assert!(html.contains("data-bs-sel=\".story-text\""), "{html}");
    assert!(html.contains("data-bs-sel=\".inline-signup\""), "{html}");
    js_sys::Reflect::set(&o, &"selectorHints".into(), &"yes".into()).unwrap();
    let msg = error_message(&js_clean(PAGE, &o).expect_err("a string is not a boolean"));
    assert!(msg.starts_with("invalid options:"), "{msg}");
}

#[wasm_bindgen_test]
fn unknown_or_mistyped_options_are_errors() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"URL".into(), &"https://example.com/".into()).unwrap();
    let msg = error_message(&js_clean(GOOD_PAGE, &o).expect_err("unknown key must throw"));
    assert!(
        msg.starts_with("invalid options:") && msg.contains("URL"),
        "{msg}"
    );

    let msg = error_message(
        &js_clean(GOOD_PAGE, &JsValue::from(42)).expect_err("a number is not options"),
    );
    assert!(msg.starts_with("invalid options:"), "{msg}");
    assert_good_page_still_cleans();
}

#[wasm_bindgen_test]
fn input_limit_is_an_error() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"maxInputBytes".into(), &100.into()).unwrap();
    let msg = error_message(&js_clean(GOOD_PAGE, &o).expect_err("over the limit must throw"));
    assert_eq!(
        msg,
        broadsheet::Error::InputTooLarge { limit: 100 }.to_string()
    );
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Either a result or a thrown `Error`; a trap (RuntimeError) fails inside `error_message`.
fn survives(html: &str) {
    if let Err(e) = js_clean(html, &url_options("https://example.com/x.html")) {
        error_message(&e);
    }
}

#[wasm_bindgen_test]
fn malformed_pages_do_not_kill_the_module() {
    survives("");
    survives("<");
    survives("<html><body><p>unclosed <b>bold <i>and <a href='");
    survives("<!-- never closed");
    survives("<script>never closed");
    survives("\u{0}\u{feff}<p>\u{0}nul</p>");
    survives(&"<div>".repeat(5000));
    survives(&"<p>x</p>".repeat(2000));

    // Cut-off copies of a real page, at every 97th character.
    let cuts: Vec<usize> = GOOD_PAGE
        .char_indices()
        .map(|(i, _)| i)
        .step_by(97)
        .collect();
    for cut in cuts {
        survives(&GOOD_PAGE[..cut]);
    }

    // Random bytes, decoded as a browser would (invalid UTF-8 becomes U+FFFD), and random
    // soups of markup characters.
    let mut rng = Rng(0x5eed_b50a_d5ee_7001);
    for round in 0..40 {
        let len = (rng.next() % 4000) as usize;
        let s = if round % 2 == 0 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            const SOUP: &[&str] = &[
                "<",
                ">",
                "</",
                "p",
                "div",
                "a href=\"",
                "\"",
                "=",
                " ",
                "&amp;",
                "&#",
                ";",
                "text ",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "<![CDATA[",
                "é",
                "\u{202e}",
            ];
            (0..len / 4)
                .map(|_| SOUP[(rng.next() % SOUP.len() as u64) as usize])
                .collect()
        };
        survives(&s);
    }
    assert_good_page_still_cleans();
}

/// The wasm build links a UTF-8-only lol_html (scripts/lol-html-utf8/): its text decoder
/// must carry a character that a chunk boundary cuts over to the next chunk. The scan feeds
/// the first 1024 bytes as one chunk, so text of 2-, 3- and 4-byte characters across byte
/// 1024, at every alignment, must come out whole, with no U+FFFD.
#[wasm_bindgen_test]
fn characters_cut_by_a_chunk_boundary_come_through_whole() {
    for ch in ["é", "港", "🌊"] {
        for shift in 0..4 {
            let head = "<html><head><title>Harbour</title></head><body><article><p>";
            let pad = "a".repeat(1000 - head.len() + shift);
            let run: String = ch.repeat(40);
            let prose = "The harbour wall fell in the storm, the council said, and will be \
                rebuilt by spring with money from the regional fund.";
            let html = format!(
                "{head}{pad} {run} end.</p><p>{prose}</p><p>{prose}</p><p>{prose}</p></article></body></html>"
            );
            let a = js_clean(&html, &JsValue::UNDEFINED).expect("an article");
            let text = get(&a, "text").as_string().unwrap();
            assert!(
                text.contains(&format!(" {run} end.")),
                "{ch} +{shift}: {text}"
            );
            assert!(!text.contains('\u{FFFD}'), "{ch} +{shift}: {text}");
        }
    }
}
