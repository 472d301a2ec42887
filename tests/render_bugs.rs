//! Regressions of the renderer found in review (issue #12), through the public `clean()`.
// Native only: pulldown-cmark is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use broadsheet::{clean, Options};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Prose long enough that the scorer picks the article around the cases under test.
const LEAD: &str = "The harbour town kept its lighthouse lit for a hundred and twelve years, \
    through storms, wars, and the slow decline of the fishing fleet that once filled its quay.";
const TAIL: &str = "The visitors still come each summer, climbing the hundred and twelve steps to \
    see the old brass lens, which the council polishes twice a year and never lights.";

fn article(body: &str, url: Option<&str>) -> broadsheet::Article {
    let html = format!(
        "<html><head><title>Test page</title></head><body><article><p>{LEAD}</p>{body}\
         <p>{TAIL}</p></article></body></html>"
    );
    let mut opts = Options::new().with_markdown(true);
    if let Some(u) = url {
        opts = opts.with_url(u).expect("a valid URL");
    }
    clean(html.as_bytes(), &opts).expect("an article")
}

/// The block structure a CommonMark (+ GFM tables and strikethrough) reader sees in `md`, one
/// string a top-level block: `p: text`, `h2: text`, `quote[p: text]`, `ul[li[text] li[text]]`,
/// `table[head[cell: A cell: B] row[…]]`, hard breaks as `⏎`, inline markup as `<em>…</em>`.
/// Text is what a reader shows: escapes and character references resolved.
fn blocks(md: &str) -> Vec<String> {
    fn open(cur: &mut String, depth: &mut usize, label: &str) {
        if *depth > 0 && !cur.ends_with('[') {
            cur.push(' ');
        }
        *depth += 1;
        cur.push_str(label);
    }
    let opts =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for ev in Parser::new_ext(md, opts) {
        let d = &mut depth;
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph => open(&mut cur, d, "p: "),
                Tag::Heading { level, .. } => open(&mut cur, d, &format!("{level}: ")),
                Tag::CodeBlock(_) => open(&mut cur, d, "code: "),
                Tag::TableCell => open(&mut cur, d, "cell: "),
                Tag::BlockQuote(_) => open(&mut cur, d, "quote["),
                Tag::List(None) => open(&mut cur, d, "ul["),
                Tag::List(Some(n)) => open(&mut cur, d, &format!("ol{n}[")),
                Tag::Item => open(&mut cur, d, "li["),
                Tag::Table(_) => open(&mut cur, d, "table["),
                Tag::TableHead => open(&mut cur, d, "head["),
                Tag::TableRow => open(&mut cur, d, "row["),
                Tag::Emphasis => cur.push_str("<em>"),
                Tag::Strong => cur.push_str("<strong>"),
                Tag::Strikethrough => cur.push_str("<del>"),
                Tag::Link { .. } => cur.push_str("<a>"),
                other => cur.push_str(&format!("<{other:?}>")),
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::TableCell => {
                    *d -= 1
                }
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow => {
                    cur.push(']');
                    *d -= 1;
                }
                TagEnd::Emphasis => cur.push_str("</em>"),
                TagEnd::Strong => cur.push_str("</strong>"),
                TagEnd::Strikethrough => cur.push_str("</del>"),
                TagEnd::Link => cur.push_str("</a>"),
                other => cur.push_str(&format!("</{other:?}>")),
            },
            Event::Text(s) | Event::Code(s) => cur.push_str(&s),
            Event::SoftBreak => cur.push(' '),
            Event::HardBreak => cur.push('⏎'),
            Event::Rule => {
                // A rule has no end event.
                open(&mut cur, d, "hr");
                *d -= 1;
            }
            other => cur.push_str(&format!("<{other:?}>")),
        }
        if depth == 0 && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

/// The blocks of `body`'s Markdown between the lead and tail paragraphs.
fn body_blocks(body: &str) -> (Vec<String>, String) {
    let md = article(body, None).markdown.expect("asked for");
    let mut b = blocks(&md);
    assert_eq!(
        b.first().map(String::as_str),
        Some(&*format!("p: {LEAD}")),
        "{md}"
    );
    assert_eq!(
        b.last().map(String::as_str),
        Some(&*format!("p: {TAIL}")),
        "{md}"
    );
    b.pop();
    b.remove(0);
    (b, md)
}

#[test]
fn markdown_text_never_turns_into_blocks() {
    // Each case: page HTML → the blocks a CommonMark reader must see.
    let cases: &[(&str, &[&str])] = &[
        (
            "<p>1984. That was the year the keeper retired.</p>",
            &["p: 1984. That was the year the keeper retired."],
        ),
        ("<p>2) Second thing</p>", &["p: 2) Second thing"]),
        ("<p>- dashes at the start</p>", &["p: - dashes at the start"]),
        ("<p>+ plus at the start</p>", &["p: + plus at the start"]),
        ("<p># not a heading</p>", &["p: # not a heading"]),
        ("<p>&gt; not a quote</p>", &["p: > not a quote"]),
        ("<p>~~~ not a fence</p>", &["p: ~~~ not a fence"]),
        ("<p>~~not struck~~</p>", &["p: ~~not struck~~"]),
        ("<p>* * *</p>", &["p: * * *"]),
        ("<p>---</p>", &["p: ---"]),
        (
            // After a hard break each line is a line start too: a list, a setext underline, a
            // thematic break would all be read there.
            "<p>Intro<br>- item<br>1. one<br>===<br>--<br>- - -<br>+ plus<br>1984. year</p>",
            &["p: Intro⏎- item⏎1. one⏎===⏎--⏎- - -⏎+ plus⏎1984. year"],
        ),
        ("<p>Title<br>===</p>", &["p: Title⏎==="]),
        ("<p>Title<br>---</p>", &["p: Title⏎---"]),
        (
            // A heading is one line: the break becomes a space, the rest stays in it.
            "<h2>Heading<br>- tail #</h2>",
            &["h2: Heading - tail #"],
        ),
        (
            "<blockquote><p>1984. Inside a quote</p></blockquote>",
            &["quote[p: 1984. Inside a quote]"],
        ),
        (
            "<ul><li>1984. In a list</li><li>- dash in a list</li><li>+ plus</li></ul>",
            &["ul[li[1984. In a list] li[- dash in a list] li[+ plus]]"],
        ),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>one<br>- two</td><td>x | y</td></tr></table>",
            &["table[head[cell: A cell: B] row[cell: one - two cell: x | y]]"],
        ),
    ];
    for (html, want) in cases {
        let (got, md) = body_blocks(html);
        assert_eq!(&got, want, "{html}\nMarkdown:\n{md}");
    }
}

#[test]
fn markdown_keeps_literal_character_references() {
    // The page's text is `&copy;` (written `&amp;copy;`): a reader must show that, not ©.
    let (got, md) = body_blocks(
        "<p>The literal text &amp;copy; stays, &amp;#169; and &amp;#xA9; too, \
         and so does &amp;co<span>py;</span> split across nodes.</p>",
    );
    assert_eq!(
        got,
        ["p: The literal text &copy; stays, &#169; and &#xA9; too, \
          and so does &copy; split across nodes."],
        "{md}"
    );
}

#[test]
fn markdown_leaves_ordinary_text_alone() {
    // Escapes only where a reader would see syntax: these read the same without any.
    let text = "In 1984 there were 3.5 million, -5 degrees at 10.5 percent, AT&T and R&D, \
                1984.That, 2024 - the year, a+b, x = y.";
    let (got, md) = body_blocks(&format!("<p>{}</p>", text.replace('&', "&amp;")));
    assert_eq!(got, [format!("p: {text}")], "{md}");
    assert!(md.contains(text), "escaped more than needed:\n{md}");
}

/// Every `data-bs-removed` value in `html`, in order.
fn placeholder_refs(html: &str) -> Vec<String> {
    html.split("data-bs-removed=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_page_cannot_forge_restore_placeholders_by_attribute() {
    // One real removal inside the article (a newsletter box, by the built-in rules) and a page
    // element carrying the placeholder attribute: only the real one may come out.
    let a = article(
        "<div data-bs-removed=\"0\">Forged restore point, in a div.</div>\
         <p data-bs-removed=\"0\">A paragraph with the placeholder attribute.</p>\
         <div class=\"newsletter-signup\">Sign up for our newsletter today</div>",
        None,
    );
    assert_eq!(a.removed.len(), 1, "{:?}", a.removed);
    assert_eq!(
        placeholder_refs(&a.content_html),
        ["0"],
        "{}",
        a.content_html
    );
    assert!(
        a.content_html
            .contains("<div data-bs-removed=\"0\" hidden></div>"),
        "{}",
        a.content_html
    );
    for r in &a.removed {
        assert!(placeholder_refs(&r.html).is_empty(), "{}", r.html);
    }
}

/// Needs the tree builder to rename the page's own `<bs-removed>` elements (tree.rs, owned by
/// the lead): until then a page's `<bs-removed data-bs-removed="0">` is taken for ours.
#[test]
fn a_page_cannot_forge_restore_placeholders_by_element() {
    let a = article(
        "<p>Before.<bs-removed data-bs-removed=\"0\"></bs-removed> After.</p>\
         <bs-removed data-bs-removed=\"7\">Forged block</bs-removed>",
        None,
    );
    assert!(a.removed.is_empty(), "{:?}", a.removed);
    assert!(
        placeholder_refs(&a.content_html).is_empty(),
        "{}",
        a.content_html
    );
    assert!(
        a.content_html.contains("Forged block"),
        "{}",
        a.content_html
    );
}

#[test]
fn in_page_links_stay_in_the_reader() {
    let a = article(
        "<p>A note<sup id=\"fnref1\"><a href=\"#fn1\">1</a></sup>, one by the page's own URL\
         <sup><a href=\"https://example.com/news/1?x=1#fn2\">2</a></sup>, a named anchor\
         <a href=\"#n3\">3</a>, an encoded one <a href=\"#caf%C3%A9\">4</a>, a custom element \
         <a href=\"#xn\">5</a>, one to nowhere <a href=\"#missing\">6</a> and one to another \
         page <a href=\"https://example.com/news/2#fn1\">7</a>.</p>\
         <ol><li id=\"fn1\">First note, with its way back. <a href=\"#fnref1\">back</a></li>\
         <li id=\"fn2\">Second note, by the full URL.</li></ol>\
         <p><a name=\"n3\"></a>Third note, a named anchor.</p>\
         <p><span id=\"café\">Fourth note</span>, an id with an accent.</p>\
         <p><x-note id=\"xn\">Fifth note</x-note>, inside an element that is unwrapped.</p>\
         <p id=\"unlinked\">Nothing links here, so no id.</p>\
         <p><a href=\"#javascript:x\">8</a> <span id=\"javascript:x\">spells a script URL</span>, \
         <a href=\"#a(b)\">9</a> <span id=\"a(b)\">has parentheses</span>.</p>",
        Some("https://example.com/news/1?x=1"),
    );
    let html = &a.content_html;
    for want in [
        "<sup id=\"bs-fnref1\"><a href=\"#bs-fn1\">1</a></sup>",
        "<a href=\"#bs-fn2\">2</a>",
        "<a href=\"#bs-n3\">3</a>",
        "<a href=\"#bs-café\">4</a>",
        "<a href=\"#bs-xn\">5</a>",
        // Targets not in the output: the link still goes to the page.
        "<a href=\"https://example.com/news/1?x=1#missing\">6</a>",
        "<a href=\"https://example.com/news/2#fn1\">7</a>",
        "<li id=\"bs-fn1\">First note, with its way back. <a href=\"#bs-fnref1\">back</a></li>",
        "<li id=\"bs-fn2\">",
        "<a id=\"bs-n3\"></a>Third note",
        "<span id=\"bs-café\">Fourth note</span>",
        "<span id=\"bs-xn\"></span>Fifth note",
        "<p>Nothing links here",
        // Ids that may not become ours: their links stay absolute.
        "<span>spells a script URL</span>",
        "<span>has parentheses</span>",
    ] {
        assert!(html.contains(want), "no {want:?} in {html}");
    }
    // Every id is a prefixed target; the page's own ids never come through.
    for id in html.split(" id=\"").skip(1) {
        assert!(id.starts_with("bs-"), "unprefixed id in {html}");
    }
}

/// Issue 13, item 3: `text` is the article's prose. A figure's caption and credit stay with
/// the image in `content_html`, but are not prose: they leave `text`, so the summary, the
/// word count and copied text hold no "Photo: … / Associated Press".
#[test]
fn figure_captions_stay_in_the_html_and_leave_the_text() {
    let a = article(
        "<figure><img src=\"https://example.com/wall.jpg\" alt=\"The wall\">\
         <figcaption>The wall after the storm. <span class=\"credit\">Photo: Jane Doe / \
         Associated Press</span></figcaption></figure>",
        Some("https://example.com/story"),
    );
    assert!(
        a.content_html.contains("<figcaption>"),
        "{}",
        a.content_html
    );
    assert!(
        a.content_html.contains("Associated Press"),
        "{}",
        a.content_html
    );
    assert!(a.content_html.contains("wall.jpg"), "{}", a.content_html);
    assert!(!a.text.contains("Associated Press"), "{}", a.text);
    assert!(!a.text.contains("after the storm"), "{}", a.text);
    assert!(a.text.contains("hundred and twelve years"), "{}", a.text);
    // A credit set right after the caption's last word stays apart from it.
    let b = article(
        "<figure><img src=\"https://example.com/quay.jpg\"><figcaption>The quay at dusk<span \
         class=\"image-credit\">Jane Doe/AP</span></figcaption></figure>",
        Some("https://example.com/story"),
    );
    assert!(
        b.content_html.contains("dusk <span>Jane Doe/AP"),
        "{}",
        b.content_html
    );
    // Summary offsets point into `text`.
    if let Some(s) = &a.summary {
        let units: Vec<u16> = a.text.encode_utf16().collect();
        for p in &s.key_points {
            assert_eq!(String::from_utf16_lossy(&units[p.start..p.end]), p.text);
        }
    }
}

/// Issue 13, item 3 and gallery chrome: a figure with nothing to show but its caption (its
/// video was a script, its image never had a source) is dropped, so no lone "Image" or
/// caption of a missing picture stands between paragraphs. A figure of a table, code or a
/// quote is content and stays.
#[test]
fn figures_with_nothing_to_show_are_dropped() {
    let a = article(
        "<figure><div class=\"video-player\"></div><figcaption>Watch: the storm hits the \
         quay</figcaption></figure>\
         <figure><img class=\"lazy\"><figcaption>Image</figcaption></figure>\
         <figure><img data-src=\"https://example.com/lazy.jpg\"><figcaption>The lens, \
         polished</figcaption></figure>\
         <figure><blockquote><p>We never light it now.</p></blockquote><figcaption>The \
         keeper</figcaption></figure>",
        Some("https://example.com/story"),
    );
    let html = &a.content_html;
    assert!(!html.contains("Watch: the storm"), "{html}");
    assert!(!html.contains(">Image<"), "{html}");
    assert!(
        html.contains("lazy.jpg") && html.contains("The lens, polished"),
        "{html}"
    );
    assert!(html.contains("We never light it now."), "{html}");
    assert!(a.text.contains("We never light it now."), "{}", a.text);
}
