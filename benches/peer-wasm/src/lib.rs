//! dom_smoothie's Readability as one wasm export, for the browser bench.

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
