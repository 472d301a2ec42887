//! Regressions for bugs that lost or corrupted article text without any error: each test here
//! failed before its fix. Every page goes through the public API (`clean`, `Cleaner`).

use broadsheet::{clean, Cleaner, Error, Options, MAX_DEPTH_LIMIT};

/// `n` paragraphs of Latin prose, long enough to score as an article.
fn prose(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<p>Paragraph {i}: the harbour wall that fell in the storm will be rebuilt, \
                 the council said, and the fishing fleet will move to the north quay.</p>"
            )
        })
        .collect()
}

/// `n` paragraphs of Chinese prose, each ending in a distinct marker.
fn chinese(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<p>港口的防波堤在风暴中倒塌，市议会周二表示将在春季之前重建，工程师发现地基依然稳固，\
                 渔船将暂时停靠在北码头，居民对此表示欢迎。第{i}段。</p>"
            )
        })
        .collect()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><article>{body}</article></body></html>"
    )
}

#[test]
fn utf16_pages_keep_every_paragraph() {
    // The decoder's output used to be capped at the chunk's length + 16 bytes and the rest
    // dropped: CJK text (3 UTF-8 bytes for 2 UTF-16 bytes) lost characters at every chunk.
    let html = page("港口", &chinese(40));
    let want = clean(html.as_bytes(), &Options::new()).unwrap().text;
    assert_eq!(want.matches("段。").count(), 40);
    for (bom, units) in [
        (
            [0xFF, 0xFE],
            html.encode_utf16()
                .map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        ),
        (
            [0xFE, 0xFF],
            html.encode_utf16().map(u16::to_be_bytes).collect(),
        ),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(units.into_iter().flatten());
        let got = clean(&bytes, &Options::new()).unwrap();
        assert_eq!(got.text, want);
        // Any chunking, including chunks that split a code unit or a surrogate pair.
        for size in [1, 3, 4097] {
            let mut c = Cleaner::new(&Options::new()).unwrap();
            for chunk in bytes.chunks(size) {
                c.write(chunk).unwrap();
            }
            assert_eq!(c.finish().unwrap().text, want, "chunks of {size}");
        }
    }
}

#[test]
fn iso_2022_jp_is_transcoded_like_utf16() {
    // A stateful, non-ASCII-compatible encoding that lol_html cannot parse: it used to be a
    // hard UnsupportedEncoding error.
    let para = "港の防波堤は嵐で崩れたが、春までに再建されると市議会は火曜日に発表した。";
    let body: String = (0..6).map(|i| format!("<p>{para}{i}</p>")).collect();
    let html = format!(
        "<html><head><meta charset=\"iso-2022-jp\"><title>港</title></head><body><article>{body}</article></body></html>"
    );
    let (bytes, _, had_errors) = encoding_rs::ISO_2022_JP.encode(&html);
    assert!(!had_errors);
    assert!(bytes.is_ascii(), "ISO-2022-JP is 7-bit");
    let a = clean(&bytes, &Options::new()).expect("an article");
    for i in 0..6 {
        assert!(a.text.contains(&format!("{para}{i}")), "{}", a.text);
    }
    // The replacement encoding (iso-2022-kr and friends) is still a clear error.
    let kr = b"<html><head><meta charset=\"iso-2022-kr\"></head><body><p>x</p></body></html>";
    assert!(matches!(
        clean(kr, &Options::new()),
        Err(Error::UnsupportedEncoding(_))
    ));
}

#[test]
fn a_stray_frame_does_not_swallow_the_rest() {
    // `frame` is void in HTML's parser; left open it held everything after it, and render
    // drops frames with their content.
    let html = page(
        "Harbour",
        &format!(
            "{}<frame src=\"nav.html\">{}",
            prose(3),
            prose(6).replace("Paragraph", "Later")
        ),
    );
    let a = clean(html.as_bytes(), &Options::new()).unwrap();
    assert!(a.text.contains("Paragraph 2"));
    assert!(a.text.contains("Later 5"), "{}", a.text);
    // The other legacy void elements too.
    for tag in ["basefont", "bgsound"] {
        let html = page(
            "Harbour",
            &format!(
                "{}<{tag}>{}",
                prose(3),
                prose(4).replace("Paragraph", "After")
            ),
        );
        let a = clean(html.as_bytes(), &Options::new()).unwrap();
        assert!(a.text.contains("After 3"), "<{tag}>: {}", a.text);
    }
}

#[test]
fn flow_content_in_an_unclosed_head_is_the_body() {
    // No </head>, no <body>: legal HTML. The first element that cannot be in a head closes it
    // and opens the body; the article used to be dropped with the head.
    let html = format!(
        "<HTML><HEAD><TITLE>Harbour wall to be rebuilt</TITLE>\n<link rel=stylesheet href=x.css>\n\
         <META name=description content=\"The wall\">\n<div class=story>{}</div>",
        prose(6)
    );
    let a = clean(html.as_bytes(), &Options::new()).expect("an article");
    assert!(a.text.contains("Paragraph 0") && a.text.contains("Paragraph 5"));
    assert_eq!(a.title.as_deref(), Some("Harbour wall to be rebuilt"));
    // Text straight after the head's content does the same.
    let html = format!(
        "<html><head><title>Harbour</title>The harbour wall fell in the storm. {}",
        prose(5)
    );
    let a = clean(html.as_bytes(), &Options::new()).expect("an article");
    assert!(a.text.contains("Paragraph 4"), "{}", a.text);
}

#[test]
fn a_huge_max_depth_is_capped() {
    // The renderers recurse once per level; wasm's stack is 1 MiB. A depth set far past the
    // cap must neither overflow a 1 MiB stack nor lose the text.
    let html = format!(
        "<html><body>{}{}{}</body></html>",
        "<div><blockquote><ul><li><b><i>".repeat(2 * MAX_DEPTH_LIMIT),
        prose(5),
        "</i></b></li></ul></blockquote></div>".repeat(2 * MAX_DEPTH_LIMIT)
    );
    let text = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            // Markdown too: its renderer recurses as deep as the HTML one.
            let opts = Options::new()
                .with_max_depth(usize::MAX)
                .with_markdown(true);
            // Streaming: the size-bound parser memory of clean() would refuse this nesting.
            let mut c = Cleaner::new(&opts).unwrap();
            c.write(html.as_bytes()).unwrap();
            c.finish().map(|a| a.text)
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert!(text.expect("an article").contains("Paragraph 4"));
}

#[test]
fn a_body_whose_class_an_ad_rule_names_is_still_the_page() {
    // `##.ads` is a generic rule; a site that puts "ads" in its body class (a flag for its
    // scripts) lost the whole page to it.
    for tag in [
        "body class=\"nojs default ads\"",
        "body id=\"ad\" class=\"ads\"",
    ] {
        let html = format!(
            "<!DOCTYPE html><html class=\"ads\"><head><title>Harbour</title></head><{tag}>\
             <article>{}</article></body></html>",
            prose(5)
        );
        let a = clean(html.as_bytes(), &Options::new()).expect("an article");
        assert!(a.text.contains("Paragraph 4"), "{tag}: {}", a.text);
    }
}
