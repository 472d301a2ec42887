//! Regressions of issue #12 in the heuristics, the paywall signals and the metadata, each
//! through `broadsheet::clean` on a whole article page.

use broadsheet::{clean, Article, Options};

/// An article page: a headline and `n` paragraphs of prose, then `extra` inside the article.
fn page(head: &str, extra: &str) -> String {
    let paras: String = (0..5)
        .map(|i| {
            format!(
                "<p>Paragraph {i} of the story, with enough words, commas, and detail to read \
                 as prose in a real article body, as a reporter would write it.</p>"
            )
        })
        .collect();
    format!(
        "<html><head><title>The council votes on the harbour plan</title>{head}</head><body>\
         <article><h1>The council votes on the harbour plan</h1>{paras}{extra}</article>\
         </body></html>"
    )
}

fn run(head: &str, extra: &str) -> Article {
    clean(page(head, extra).as_bytes(), &Options::new()).expect("an article")
}

fn promo_removals(a: &Article) -> Vec<&str> {
    a.removed
        .iter()
        .filter(|r| r.rule.starts_with("heuristic:"))
        .map(|r| r.preview.as_str())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. Promo phrases inside running text stay.

#[test]
fn inline_promo_words_inside_a_sentence_stay() {
    let a = run(
        "",
        "<p>You can <a href=/s>subscribe</a> to our feed, or <strong>Read more</strong> in the \
         archive, or <span>Share</span> it with <b>Download the app</b> friends.</p>",
    );
    assert!(
        a.text.contains(
            "You can subscribe to our feed, or Read more in the archive, or Share it with \
             Download the app friends."
        ),
        "{}",
        a.text
    );
    assert!(promo_removals(&a).is_empty(), "{:?}", promo_removals(&a));
}

#[test]
fn inline_promo_inside_an_inline_wrapper_in_running_text_stays() {
    let a = run(
        "",
        "<p>Readers who <em><a href=/s>subscribe now</a></em> get the paper at home.</p>",
    );
    assert!(
        a.text
            .contains("Readers who subscribe now get the paper at home."),
        "{}",
        a.text
    );
    assert!(promo_removals(&a).is_empty(), "{:?}", promo_removals(&a));
}

#[test]
fn an_inline_promo_alone_on_its_line_still_goes() {
    // Beside a block, after a `br`, wrapped in another inline: each is a line of its own.
    let a = run(
        "",
        "<div><p>The last paragraph of the story ends here, after all the reporting was \
         done and checked.</p><a href=/app>Download the app</a></div>\
         <p>A closing line of the article, long enough to be prose of its own.<br>\
         <strong>Subscribe now</strong></p>\
         <div><p>More of the story follows in the next part of the report.</p>\
         <em><a href=/n>Sign up for our newsletter</a></em></div>",
    );
    for gone in [
        "Download the app",
        "Subscribe now",
        "Sign up for our newsletter",
    ] {
        assert!(!a.text.contains(gone), "{gone:?} left in {}", a.text);
        assert!(
            promo_removals(&a).contains(&gone),
            "{gone:?} not listed: {:?}",
            promo_removals(&a)
        );
    }
    assert!(
        a.text.contains("A closing line of the article"),
        "{}",
        a.text
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Related headings: one list (phrases.txt), and the list under the heading goes too.

#[test]
fn a_related_phrase_heading_takes_its_link_list() {
    let a = run(
        "",
        "<h2>Related articles</h2><ul><li><a href=/1>Harbour dredging starts in May</a></li>\
         <li><a href=/2>Ferry timetable changes next week</a></li></ul>",
    );
    assert!(!a.text.contains("Harbour dredging"), "{}", a.text);
    assert!(!a.text.contains("Related articles"), "{}", a.text);
    assert!(
        a.removed
            .iter()
            .any(|r| r.rule == "heuristic:related-section" && r.preview.contains("Ferry")),
        "{:?}",
        a.removed
    );
}

#[test]
fn a_related_heading_over_prose_stays() {
    let a = run(
        "",
        "<h2>Related</h2><p>The plan is related to last year's vote, which the council lost \
         by one seat after a <a href=/v>long debate</a>.</p>",
    );
    assert!(a.text.contains("The plan is related"), "{}", a.text);
}

#[test]
fn thousands_of_related_headings_all_go() {
    let n = 5_000;
    // Long enough per node that the tree's node budget (one node per 16 input bytes) holds
    // all of them.
    let rel = "<h2>Related links</h2><ul><li><a href=/news/2024/harbour-one>The first \
               related story of the day</a></li><li><a href=/news/2024/harbour-two>The \
               second related story of the day</a></li></ul>"
        .repeat(n);
    let a = run("", &rel);
    assert!(!a.text.contains("Related links"));
    assert_eq!(
        a.removed
            .iter()
            .filter(|r| r.rule == "heuristic:related-section")
            .count(),
        2 * n
    );
}

// ---------------------------------------------------------------------------------------------
// 2. One weak paywall signal is no paywall; strong ones still are.

fn with_body_attrs(attrs: &str, extra: &str) -> Article {
    let html = page("", extra).replace("<body>", &format!("<body {attrs}>"));
    clean(html.as_bytes(), &Options::new()).expect("an article")
}

#[test]
fn a_scroll_lock_class_alone_is_no_paywall() {
    for attrs in ["class=\"overflow-hidden\"", "style=\"overflow: hidden\""] {
        let a = with_body_attrs(attrs, "");
        assert!(
            a.paywall.signals.iter().any(|s| s == "style:scroll-lock"),
            "{attrs}: {:?}",
            a.paywall.signals
        );
        assert!(!a.paywall.detected, "{attrs}: {:?}", a.paywall.signals);
    }
}

#[test]
fn two_independent_weak_signals_are_a_paywall() {
    let a = with_body_attrs(
        "class=\"modal-open\"",
        "<div class=\"premium-content\" hidden><p>The rest of the story, which only \
         subscribers were meant to see, with its details and quotes.</p></div>",
    );
    assert!(a.paywall.detected, "{:?}", a.paywall.signals);
    assert!(a.text.contains("The rest of the story"), "{}", a.text);
}

#[test]
fn strong_paywall_signals_still_detect() {
    let ld = "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\
              \"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}</script>";
    let a = run(ld, "");
    assert!(a.paywall.detected, "{:?}", a.paywall.signals);

    let a = run(
        "",
        "<div class=\"tp-modal\"><p>Subscribe to keep reading this story.</p></div>",
    );
    assert!(
        a.paywall.signals.iter().any(|s| s.starts_with("rule:")),
        "{:?}",
        a.paywall.signals
    );
    assert!(a.paywall.detected, "{:?}", a.paywall.signals);
}

// ---------------------------------------------------------------------------------------------
// 3. Metadata is plain text, and a date only when it is a real one.

fn ld(json: &str) -> String {
    format!("<script type=\"application/ld+json\">{json}</script>")
}

#[test]
fn markup_in_json_ld_names_is_reduced_to_text() {
    let a = run(
        &ld(r#"{"@context":"https://schema.org","@type":"NewsArticle",
             "headline":"Big &lt;i&gt;news&lt;/i&gt; from the harbour",
             "author":{"@type":"Person","name":"<b>Jane</b> Doe"},
             "publisher":{"@type":"Organization","name":"<span class=x>The</span> Paper &amp;amp; Co"}}"#),
        "",
    );
    assert_eq!(a.title.as_deref(), Some("Big news from the harbour"));
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(a.site_name.as_deref(), Some("The Paper & Co"));
}

#[test]
fn markup_in_meta_tags_is_reduced_to_text() {
    let a = run(
        "<meta property=\"og:title\" content=\"&lt;em&gt;Harbour&lt;/em&gt; plan passes\">\
         <meta name=\"author\" content=\"<a href=/j>Jane Doe</a>\">",
        "",
    );
    assert_eq!(a.title.as_deref(), Some("Harbour plan passes"));
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
}

#[test]
fn invalid_dates_are_not_published() {
    for bad in [
        "2019-13-45",
        "not a date",
        "2021-02-29T10:00:00Z",
        "April 31, 2020",
    ] {
        let a = run(
            &ld(&format!(
                r#"{{"@context":"https://schema.org","@type":"NewsArticle","headline":"H",
                    "datePublished":"{bad}"}}"#
            )),
            "",
        );
        assert_eq!(a.published, None, "{bad}");
        let a = run(
            &format!("<meta property=\"article:published_time\" content=\"{bad}\">"),
            "",
        );
        assert_eq!(a.published, None, "{bad}");
    }
    // An invalid first source gives way to a valid later one; valid ones are kept as written.
    let a = run(
        &format!(
            "{}<meta name=\"date\" content=\"2020-01-05\">",
            ld(
                r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"H",
                  "datePublished":"2019-13-45"}"#
            )
        ),
        "",
    );
    assert_eq!(a.published.as_deref(), Some("2020-01-05"));
    let a = run(
        "<meta property=\"article:published_time\" content=\"2020-02-29T23:59:60+01:00\">",
        "",
    );
    assert_eq!(a.published.as_deref(), Some("2020-02-29T23:59:60+01:00"));
}

#[test]
fn bidi_overrides_and_unbalanced_embeddings_leave_metadata() {
    let a = run(
        &ld("{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\
              \"headline\":\"Invoice \u{202E}fdp.exe\",\
              \"author\":{\"name\":\"\u{202B}Jane Doe\"},\
              \"publisher\":{\"name\":\"\u{2067}\u{627}\u{644}\u{62e}\u{628}\u{631}\u{2069} \u{200F}News\"}}"),
        "",
    );
    assert_eq!(a.title.as_deref(), Some("Invoice fdp.exe"));
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    // A balanced isolate and a right-to-left mark are legitimate and stay.
    assert_eq!(
        a.site_name.as_deref(),
        Some("\u{2067}\u{627}\u{644}\u{62e}\u{628}\u{631}\u{2069} \u{200F}News")
    );
}
