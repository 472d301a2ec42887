// The lol_html floor, shared by `benches/peers.rs` (native) and `benches/peer-wasm` (the
// browser bench), each of which `include!`s this file.
//
// The floor of any extractor built on lol_html as ours is: the page streams through a
// rewriter with a handler on every element (which asks for its end tag) and on all text, in
// 64 kB pieces as Broadsheet's scan feeds it, and the handlers only count. No tree, no rule,
// no attribute read. What ours spends above this is ours to lose; what dom_smoothie spends
// against it is the headroom a streaming design has at all. Returns elements + end tags +
// text bytes seen, so nothing is optimised away.
fn scan_floor(html: &[u8]) -> u64 {
    use lol_html::html_content::{Element, EndTag, TextChunk};
    use lol_html::{DocumentContentHandlers, ElementContentHandlers, HtmlRewriter, Settings};
    use std::cell::Cell;
    use std::rc::Rc;
    let seen = Rc::new(Cell::new(0u64));
    let (e, t) = (seen.clone(), seen.clone());
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler((
            std::borrow::Cow::Owned("*".parse().expect("the universal selector parses")),
            ElementContentHandlers::default().element(move |el: &mut Element| {
                e.set(e.get() + 1);
                if el.can_have_content() {
                    let e2 = e.clone();
                    el.on_end_tag(Box::new(move |_: &mut EndTag| {
                        e2.set(e2.get() + 1);
                        Ok(())
                    }))?;
                }
                Ok(())
            }),
        ))
        .append_document_content_handler(DocumentContentHandlers::default().text(
            move |c: &mut TextChunk| {
                t.set(t.get() + c.as_str().len() as u64);
                Ok(())
            },
        ));
    let mut rw = HtmlRewriter::new(settings, |_: &[u8]| {});
    for piece in html.chunks(64 * 1024) {
        if rw.write(piece).is_err() {
            break;
        }
    }
    let _ = rw.end();
    seen.get()
}
