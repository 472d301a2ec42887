//! `readerable`: listing pages (search results, section fronts, tag pages) are not articles;
//! articles stay articles, short ones and ones followed by a list of related stories too.
//! Hand-written pages, one shape each.

use broadsheet::{clean, Options};

fn readerable(body: &str) -> bool {
    let html = format!(
        "<!DOCTYPE html><html><head><title>The Harbour Gazette</title></head><body>{body}</body></html>"
    );
    match clean(html.as_bytes(), &Options::new()) {
        Ok(a) => a.readerable,
        Err(e) => panic!("{e}"),
    }
}

/// Teaser `i` of a listing: a headline link and a one- or two-sentence snippet.
fn snippet(i: usize) -> String {
    format!(
        "The council met on Monday to discuss item {i}, and residents said the plan for the \
         harbour front, the ferry and the car park would change how the town works in summer."
    )
}

fn headline(i: usize) -> String {
    [
        "Harbour wall to be rebuilt by spring",
        "Ferry fares rise for the winter season",
        "New car park opens beside the station",
        "School roof repairs finished early",
        "Fishing quota talks stall again",
        "Library extends its opening hours",
        "Storm damage bill passes two million",
        "Lifeboat crew rescue three walkers",
    ][i % 8]
        .to_string()
}

#[test]
fn search_results_are_not_an_article() {
    let items: String = (0..8)
        .map(|i| {
            format!(
                "<li class=\"result\"><h3><a href=\"/news/{i}\">{}</a></h3><p>{}</p>\
                 <span class=\"date\">12 March 2024</span></li>",
                headline(i),
                snippet(i)
            )
        })
        .collect();
    let body = format!(
        "<div id=\"main\"><h1>Search results for \u{201c}harbour\u{201d}</h1>\
         <p>About 8 results</p><ol class=\"results\">{items}</ol></div>"
    );
    assert!(!readerable(&body));
}

#[test]
fn a_section_front_is_not_an_article() {
    let teasers: String = (0..10)
        .map(|i| {
            format!(
                "<div class=\"teaser\"><img src=\"/img/{i}.jpg\" alt=\"\">\
                 <h2><a href=\"/local/{i}\">{}</a></h2><p>{}</p></div>",
                headline(i),
                snippet(i)
            )
        })
        .collect();
    let body = format!("<h1>Local news</h1><div class=\"section-front\">{teasers}</div>");
    assert!(!readerable(&body));
}

const PARAGRAPH: &str = "The harbour wall that fell in the storm will be rebuilt by spring, the \
    council said on Monday, with money from the regional fund; the ferry, which has not sailed \
    since January, will run again once the new wall is in place and inspected.";

#[test]
fn an_article_is_an_article() {
    let paragraphs: String = (0..8).map(|_| format!("<p>{PARAGRAPH}</p>")).collect();
    let body = format!(
        "<article><h1>Harbour wall to be rebuilt by spring</h1>\
         <p class=\"byline\">By Jane Doe</p>{paragraphs}</article>"
    );
    assert!(readerable(&body));
}

#[test]
fn a_short_article_is_an_article() {
    let body = format!(
        "<article><h1>Harbour wall to be rebuilt by spring</h1><p>{PARAGRAPH}</p>\
         <p>{PARAGRAPH}</p><p>Work starts next week.</p></article>"
    );
    assert!(readerable(&body));
}

#[test]
fn an_article_with_related_stories_is_an_article() {
    let paragraphs: String = (0..5).map(|_| format!("<p>{PARAGRAPH}</p>")).collect();
    let related: String = (0..6)
        .map(|i| {
            format!(
                "<li><a href=\"/news/{i}\">{}</a><p>{}</p></li>",
                headline(i),
                snippet(i)
            )
        })
        .collect();
    let body = format!(
        "<div class=\"story\"><h1>Harbour wall to be rebuilt by spring</h1>{paragraphs}\
         <h2>More from the coast</h2><ul>{related}</ul></div>"
    );
    assert!(readerable(&body));
}

#[test]
fn a_post_whose_items_are_linked_headlines_is_an_article() {
    // A curated list ("ten talks about survival") is built like a listing, but the page
    // declares itself a single post.
    let items: String = (0..8)
        .map(|i| {
            format!(
                "<h3><a href=\"/talks/{i}\">{}</a></h3><p>{}</p>",
                headline(i),
                snippet(i)
            )
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html><html><head><title>Eight stories</title></head>\
         <body class=\"single single-post\"><div class=\"post\"><h1>Eight stories</h1>\
         <p>Our pick of the week.</p>{items}</div></body></html>"
    );
    let a = clean(html.as_bytes(), &Options::new()).expect("article");
    assert!(a.readerable);
}
