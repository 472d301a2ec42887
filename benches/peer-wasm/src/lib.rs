//! For the browser bench: dom_smoothie's Readability as one wasm export, and the lol_html
//! floor (`scan_floor`, the counting rewriter in Broadsheet's benches/common/floor.rs, which
//! the native bench includes too).

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

/// The lol_html floor (`benches/common/floor.rs`, the native bench's code): `html` through a
/// rewriter whose handlers on every element, end tag and text only count.
#[wasm_bindgen]
pub fn lol_html_floor(html: &str) -> u32 {
    scan_floor(html.as_bytes()) as u32
}

include!("../../common/floor.rs");
