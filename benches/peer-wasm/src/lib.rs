//! For the browser bench: dom_smoothie's Readability as one wasm export, and the lol_html
//! floor (the same counting rewriter as `scan_floor` in Broadsheet's benches/peers.rs).

use wasm_bindgen::prelude::*;

/// Extracts the article from `html` (with `url` as the document URL) and returns its text,
/// or an empty string when dom_smoothie finds none.
#[wasm_bindgen]
pub fn readability(html: &str, url: &str) -> String {
    dom_smoothie::Readability::new(html, Some(url), None)
        .and_then(|mut r| r.parse())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

/// Streams `html` through lol_html with a handler on every element (asking for its end tag)
/// and on all text, in 64 kB pieces as Broadsheet's scan feeds it; the handlers only count.
/// Returns elements + end tags + text bytes seen, so nothing is optimised away.
#[wasm_bindgen]
pub fn lol_html_floor(html: &str) -> u32 {
    use lol_html::html_content::{Element, EndTag, TextChunk};
    use lol_html::{DocumentContentHandlers, ElementContentHandlers, HtmlRewriter, Settings};
    use std::cell::Cell;
    use std::rc::Rc;
    let seen = Rc::new(Cell::new(0u32));
    let (e, t) = (seen.clone(), seen.clone());
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler((
            std::borrow::Cow::Owned("*".parse().expect("the universal selector parses")),
            ElementContentHandlers::default().element(move |el: &mut Element| {
                e.set(e.get().wrapping_add(1));
                if el.can_have_content() {
                    let e2 = e.clone();
                    el.on_end_tag(Box::new(move |_: &mut EndTag| {
                        e2.set(e2.get().wrapping_add(1));
                        Ok(())
                    }))?;
                }
                Ok(())
            }),
        ))
        .append_document_content_handler(DocumentContentHandlers::default().text(
            move |c: &mut TextChunk| {
                t.set(t.get().wrapping_add(c.as_str().len() as u32));
                Ok(())
            },
        ));
    let mut rw = HtmlRewriter::new(settings, |_: &[u8]| {});
    for piece in html.as_bytes().chunks(64 * 1024) {
        if rw.write(piece).is_err() {
            break;
        }
    }
    let _ = rw.end();
    seen.get()
}
