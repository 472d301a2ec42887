//! Pathological and legacy-encoded input: every case returns an Article or a typed error, never
//! a panic, and legacy encodings come out as the right Unicode text. Sizes are kept moderate so
//! the suite stays quick in debug builds; the full-size runs (50 MB page, 1 000 000 attributes,
//! 200 000 unclosed paragraphs) are in the README with their time and peak memory.

use broadsheet::{clean, Cleaner, Error, Options};

fn prose(n: usize) -> String {
    (0..n)
        .map(|i| format!("<p>Paragraph {i}: real prose, with commas, clauses, and enough words to count as an article body.</p>"))
        .collect()
}

/// Cleans `html` into every rendering (Markdown too); a panic fails the test, any `Ok` or
/// `Err` is accepted and returned.
fn survive(html: &[u8]) -> Result<broadsheet::Article, Error> {
    clean(html, &Options::new().with_markdown(true))
}

/// The Markdown of an article cleaned by [`survive`].
fn markdown(a: &broadsheet::Article) -> &str {
    a.markdown.as_deref().expect("asked for")
}

#[test]
fn deep_nesting_is_flattened_not_recursed() {
    let html = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(5_000),
        prose(5)
    );
    let a = survive(html.as_bytes()).expect("an article");
    assert!(a.text.contains("Paragraph 4"));
}

#[test]
fn hundred_thousand_unclosed_divs_hit_the_parser_memory_bound() {
    // lol_html keeps every unclosed element on its own stack (~140 bytes each): 13 MB for
    // 500 kB of input. Bounded by the input's size, it is refused with a typed error.
    let html = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(100_000),
        prose(5)
    );
    let whole = survive(html.as_bytes());
    match &whole {
        Err(Error::ParserMemory { limit }) => assert!(*limit < 16 * html.len()),
        other => panic!("expected ParserMemory, got {other:?}"),
    }
    // Told the size, a streaming cleaner has the same bound, in any chunking.
    let mut c = Cleaner::with_input_len(&Options::new(), html.len()).unwrap();
    let chunked = html
        .as_bytes()
        .chunks(4096)
        .try_for_each(|chunk| c.write(chunk))
        .and_then(|()| c.finish());
    assert_eq!(chunked.map(|a| a.text), whole.map(|a| a.text));
    // Streaming, the size is not known up front: the fixed limit applies and it parses.
    let mut c = Cleaner::new(&Options::new()).unwrap();
    c.write(html.as_bytes()).unwrap();
    assert!(c.finish().expect("an article").text.contains("Paragraph 4"));
}

#[test]
fn node_budget_keeps_the_text_of_a_million_breaks() {
    // 4 bytes per element: past the node budget, elements are flattened and text is kept.
    let html = format!(
        "<html><body><article>{}<p>start{}end</p>{}</article></body></html>",
        prose(5),
        "<br>x".repeat(300_000),
        prose(5)
    );
    let a = survive(html.as_bytes()).expect("an article");
    assert!(a.text.contains("start") && a.text.contains("end") && a.text.contains("Paragraph 4"));
}

#[test]
fn many_unclosed_paragraphs() {
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>para text here, with a comma.".repeat(5_000)
    );
    // Short repeated lines are not an article, but this must finish and give something.
    let a = survive(html.as_bytes()).expect("a best guess");
    assert!(a.text.contains("para text here"));
}

#[test]
fn one_element_with_many_attributes() {
    let attrs: String = (0..10_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let html = format!("<html><body><div{attrs}>{}</div></body></html>", prose(5));
    let a = survive(html.as_bytes()).expect("an article");
    assert!(a.text.contains("Paragraph 0"));
}

#[test]
fn a_hundred_thousand_attributes_hit_the_parser_memory_bound() {
    // lol_html buffers every attribute of a start tag (~80 bytes each): 8 MB for 1.5 MB.
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let html = format!("<html><body><div{attrs}>{}</div></body></html>", prose(5));
    assert!(matches!(
        survive(html.as_bytes()),
        Err(Error::ParserMemory { .. })
    ));
    // Streaming, with the fixed limit, it parses and keeps the article.
    let mut c = Cleaner::new(&Options::new()).unwrap();
    c.write(html.as_bytes()).unwrap();
    assert!(c.finish().expect("an article").text.contains("Paragraph 0"));
}

#[test]
fn huge_data_url_image() {
    let html = format!(
        "<html><body><article>{}<img src=\"data:image/png;base64,{}\">{}</article></body></html>",
        prose(3),
        "A".repeat(2 * 1024 * 1024),
        prose(3)
    );
    let a = survive(html.as_bytes()).expect("an article");
    assert!(a.text.contains("Paragraph 2"));
}

#[test]
fn garbage_never_panics() {
    // A fixed xorshift stream: reproducible random bytes without a crate.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..1_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let _ = survive(&bytes);
    let nuls = [
        b"<html><body><p>".as_slice(),
        &b"\x00\xff\xfe text \x00".repeat(1000),
        prose(5).as_bytes(),
    ]
    .concat();
    let a = survive(&nuls).expect("an article");
    assert!(!a.content_html.contains('\0'));
    let cut = format!(
        "<html><body><article>{}<div class=\"x\" data-y=\"unterminated",
        prose(5)
    );
    assert!(survive(cut.as_bytes()).is_ok());
    assert!(matches!(survive(b""), Err(Error::NoArticle)));
    assert!(matches!(
        survive(b"<html><body></body></html>"),
        Err(Error::NoArticle)
    ));
}

#[test]
fn input_over_the_limit_is_a_typed_error() {
    let opts = Options::new().with_max_input_bytes(1000);
    let big = prose(100);
    assert_eq!(
        clean(big.as_bytes(), &opts).unwrap_err(),
        Error::InputTooLarge { limit: 1000 }
    );
    // Streaming gives the same error, at the chunk that crosses the limit.
    let mut c = Cleaner::new(&opts).unwrap();
    let mut err = None;
    for chunk in big.as_bytes().chunks(300) {
        if let Err(e) = c.write(chunk) {
            err = Some(e);
            break;
        }
    }
    assert_eq!(err, Some(Error::InputTooLarge { limit: 1000 }));
}

fn legacy_page(body: &str, charset: &str) -> String {
    format!(
        "<html><head><meta charset=\"{charset}\"><title>t</title></head><body><article>{}<p>{body}</p></article></body></html>",
        prose(4)
    )
}

#[test]
fn legacy_encodings_decode_to_the_right_text() {
    let cases = [
        (
            "windows-1251",
            encoding_rs::WINDOWS_1251,
            "Москва объявила о новых мерах поддержки.",
        ),
        (
            "Shift_JIS",
            encoding_rs::SHIFT_JIS,
            "東京都は新しい支援策を発表した。",
        ),
        ("GBK", encoding_rs::GBK, "北京市宣布了新的支持措施。"),
        (
            "ISO-8859-7",
            encoding_rs::ISO_8859_7,
            "Η Αθήνα ανακοίνωσε νέα μέτρα στήριξης.",
        ),
        (
            "windows-1252",
            encoding_rs::WINDOWS_1252,
            "Le café de la gare a rouvert, déjà plein.",
        ),
    ];
    for (label, enc, sentence) in cases {
        let page = legacy_page(sentence, label);
        let (bytes, _, unmappable) = enc.encode(&page);
        assert!(!unmappable, "{label} cannot encode the test sentence");
        let a = clean(&bytes, &Options::new()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(
            a.text.contains(sentence),
            "{label}: got {:?}",
            &a.text[a.text.len().saturating_sub(200)..]
        );
        // Byte-at-a-time streaming settles on the same encoding.
        let mut c = Cleaner::new(&Options::new()).unwrap();
        for b in bytes.iter() {
            c.write(std::slice::from_ref(b)).unwrap();
        }
        assert_eq!(c.finish().unwrap(), a, "{label}: streaming differs");
    }
}

#[test]
fn utf16_with_a_bom_is_transcoded() {
    let page = legacy_page("Zürich öffnet die neue Brücke für Fußgänger.", "utf-16");
    for (bom, le) in [([0xFFu8, 0xFE], true), ([0xFE, 0xFF], false)] {
        let mut bytes = bom.to_vec();
        for u in page.encode_utf16() {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            bytes.extend_from_slice(&b);
        }
        let a = clean(&bytes, &Options::new()).expect("transcoded");
        assert!(a
            .text
            .contains("Zürich öffnet die neue Brücke für Fußgänger."));
    }
}

#[test]
fn a_forced_encoding_overrides_a_stale_meta() {
    // The wasm binding passes a JS string's UTF-8: a page declaring windows-1251 must not be
    // decoded twice.
    let page = legacy_page("Привет, мир: это уже UTF-8.", "windows-1251");
    let a = clean(
        page.as_bytes(),
        &Options::new().with_encoding("utf-8").unwrap(),
    )
    .unwrap();
    assert!(a.text.contains("Привет, мир: это уже UTF-8."));
}

/// Tables nested in cells (found by the fuzzer: a 16 kB page took 0.5 s and repeated its
/// rows). Each level's rows belong to that level only; a table of tables is layout, its cells
/// become blocks. Every cell's text is in the Markdown exactly once.
#[test]
fn nested_tables_render_each_cell_once() {
    let depth = 40;
    let mut tables = String::new();
    for level in 0..depth {
        tables.push_str(&format!(
            "<table><tr><td>cell of level {level}.</td></tr><tr><td>"
        ));
    }
    tables.push_str(&"</td></tr></table>".repeat(depth));
    let html = format!(
        "<html><body><article>{}{tables}{}</article></body></html>",
        prose(6),
        prose(6)
    );
    let a = survive(html.as_bytes()).expect("an article");
    for level in 0..depth {
        let needle = format!("cell of level {level}.");
        assert!(a.text.contains(&needle), "{needle} kept in the text");
        assert_eq!(
            markdown(&a).matches(&needle).count(),
            1,
            "{needle} once in the Markdown"
        );
    }
}

/// Inline markup nested hundreds deep (unclosed `<b><em>`): each level used to
/// copy and collapse everything inside it. Past a fixed depth the content is plain text.
#[test]
fn deep_inline_nesting_is_plain_text_past_a_depth() {
    let html = format!(
        "<html><body><article>{}<p>{}{}</p></article></body></html>",
        prose(6),
        "<b><em>".repeat(300),
        "the innermost words. ".repeat(500)
    );
    let a = survive(html.as_bytes()).expect("an article");
    assert!(markdown(&a).contains("the innermost words."));
    assert!(
        markdown(&a).matches("**").count() <= 2 * 16,
        "emphasis markers beyond the cap"
    );
}

/// Lists nested hundreds deep: past a fixed depth an item is one line of text.
#[test]
fn deep_list_nesting_is_plain_text_past_a_depth() {
    let html = format!(
        "<html><body><article>{}{}deepest item{}</article></body></html>",
        prose(6),
        "<ul><li>item ".repeat(300),
        "</li></ul>".repeat(300)
    );
    let a = survive(html.as_bytes()).expect("an article");
    assert!(markdown(&a).contains("deepest item"));
    let widest = markdown(&a)
        .lines()
        .map(|l| l.len() - l.trim_start().len())
        .max();
    assert!(
        widest.unwrap_or(0) <= 2 * 17,
        "indentation beyond the cap: {widest:?}"
    );
}

/// Runs of `<br>` (Readability's br-to-paragraph pass) and long lists of sibling blocks: both
/// used to move or remove nodes one at a time, shifting the parent's child list each time
/// (1 000 000 `<br>`s took 129 s). Now each parent's list is rebuilt in one pass; these sizes
/// would take minutes again if that regressed.
#[test]
fn long_runs_of_breaks_and_siblings() {
    let brs = format!(
        "<html><body><article>{}<div>{}</div></article></body></html>",
        prose(6),
        "a line of text<br><br>".repeat(100_000)
    );
    let a = survive(brs.as_bytes()).expect("an article");
    assert!(a.text.contains("a line of text"));
    let siblings = format!(
        "<html><body><article>{}<div>{}</div>{}</article></body></html>",
        prose(6),
        "<div>x</div>".repeat(100_000),
        prose(6)
    );
    let a = survive(siblings.as_bytes()).expect("an article");
    assert!(a.text.contains("Paragraph 5"));
}
