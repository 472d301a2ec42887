//! The JavaScript binding: conversion only, no logic of its own.
//!
//! JS values in (a string and a plain options object), [`crate::clean`] (or
//! [`crate::summarize`]) in the middle, a plain
//! JS object out with exactly the CLI's JSON schema (`Serializer::json_compatible()`: `None`
//! becomes `null`, numbers stay numbers), and every [`crate::Error`] thrown as a JS `Error`
//! whose message is the error's `Display` text, the same words the CLI prints.
//!
//! Built by `make build` (`wasm-pack build --target web`, then npm binaryen's `wasm-opt`);
//! the TypeScript declarations below are what an editor shows for the package.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options for `clean()`. Every field is optional. */
export interface CleanOptions {
  /** The page URL: links and images become absolute against it (or the page's `<base href>`),
   * and domain-specific rules are chosen by its host. Default: none. */
  url?: string;
  /** User rules in adblock cosmetic syntax, one per line (`##.promo`,
   * `example.com##.promo`, `example.com#@#.tp-modal`). Default: none. */
  rules?: string;
  /** Largest input accepted, in UTF-8 bytes. Default: 64 MiB. */
  maxInputBytes?: number;
  /** Deepest element nesting kept (deeper elements are flattened). Default: 512. */
  maxDepth?: number;
  /** Key points in `summary`: 3, 5 or 7 (fewer for short articles, never more).
   * Default: `"short"` (3). */
  summaryLength?: SummaryLength;
  /** Give each block of `contentHtml` a `data-bs-sel` selector hint (`#id` or `.a.b`) naming
   * the page's element, for a user rule `host##<hint>`. Default: false. */
  selectorHints?: boolean;
  /** Also render the article as Markdown (`Article.markdown`); otherwise it is null. The
   * reader asks for it only on "Copy Markdown". Default: false. */
  markdown?: boolean;
  /** At most one key point from the lede (the first paragraph), for a reader that shows it
   * right below the points. Default: false. */
  ledeLimit?: boolean;
}

/** How many key points to choose: 3, 5 or 7. */
export type SummaryLength = "short" | "medium" | "long";

/** One key point: a sentence of `Article.text`, verbatim. `start` and `end` are UTF-16
 * offsets into `text` (JS string indices), so `article.text.slice(start, end) === text`. */
export interface KeyPoint {
  text: string;
  start: number;
  end: number;
}

/** Extractive key points (sentences of the article, never generated text). */
export interface Summary {
  /** In document order. */
  keyPoints: KeyPoint[];
  length: SummaryLength;
  /** What ran, e.g. `"lexrank+position+mmr"`. */
  method: string;
  /** Language of the stemming and stop words used (e.g. `"en"`), or null for plain tokens. */
  lang: string | null;
}

/** What kind of block a rule or heuristic removed. */
export type Kind =
  | "paywall" | "promo" | "newsletter" | "related" | "ad" | "cookie"
  | "social" | "comments" | "nav" | "hidden" | "other";

/** One stripped block. */
export interface Removed {
  kind: Kind;
  /** The rule (`builtin:LINE ##selector`, `user:LINE ##selector`) or heuristic
   * (`heuristic:promo-text`, …) that removed it. */
  rule: string;
  /** The first ~100 characters of its text. */
  preview: string;
  /** The block as sanitized HTML, to restore it where its placeholder stands. */
  html: string;
}

/** Paywall signals found in the delivered HTML (nothing is ever fetched). */
export interface Paywall {
  detected: boolean;
  /** e.g. `"ld:isAccessibleForFree=false"`, `"vendor:piano"`, `"body:ld-articleBody"`. */
  signals: string[];
}

/** The cleaned article: the same schema as `broadsheet clean --format json`. */
export interface Article {
  url: string | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** ISO 8601 when the page's value could be read as a date. */
  published: string | null;
  lang: string | null;
  dir: string | null;
  excerpt: string | null;
  leadImage: string | null;
  /** Sanitized HTML; `<div data-bs-removed="N" hidden></div>` marks where `removed[N]` stood;
   * with `selectorHints`, blocks carry `data-bs-sel`. */
  contentHtml: string;
  text: string;
  /** CommonMark, when `CleanOptions.markdown` asked for it; otherwise null. */
  markdown: string | null;
  wordCount: number;
  readingMinutes: number;
  /** Key points, or null when the text has no usable sentence. */
  summary: Summary | null;
  /** False when the page does not look like an article; the content is then a best guess. */
  readerable: boolean;
  paywall: Paywall;
  removed: Removed[];
}
"#;

/// The options object as JS passes it. Unknown keys are an error (checked in `to_options`:
/// serde-wasm-bindgen reads only the declared fields), so a typo such as `{URL: …}` is
/// reported instead of silently ignored.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CleanOptions {
    url: Option<String>,
    rules: Option<String>,
    max_input_bytes: Option<usize>,
    max_depth: Option<usize>,
    summary_length: Option<String>,
    selector_hints: Option<bool>,
    markdown: Option<bool>,
    lede_limit: Option<bool>,
}

/// Cleans a page held as a JS string and returns the article as a plain object.
///
/// Throws an `Error` with the library's message when the options are invalid or the page
/// has no article.
#[wasm_bindgen(unchecked_return_type = "Article")]
pub fn clean(
    html: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "CleanOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    console_error_panic_hook::set_once();
    let opts = to_options(options)?;
    let article = crate::clean(html.as_bytes(), &opts).map_err(|e| JsError::new(&e.to_string()))?;
    article
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Key points of an article's `text` at another `length` (`"short"`, `"medium"`, `"long"`;
/// default short) without cleaning the page again: the same as `clean(...).summary` with that
/// `summaryLength`, given that article's `text` and `lang` (and `ledeLimit`, default false, as
/// the clean had it). Null when the text has no usable sentence; throws an `Error` for an
/// unknown length.
#[wasm_bindgen(unchecked_return_type = "Summary | null")]
pub fn summarize(
    text: &str,
    lang: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "SummaryLength")] length: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "boolean")] lede_limit: Option<bool>,
) -> Result<JsValue, JsError> {
    console_error_panic_hook::set_once();
    let length = match length {
        Some(name) => summary_length(&name)?,
        None => crate::SummaryLength::default(),
    };
    crate::summarize(text, lang.as_deref(), length, lede_limit.unwrap_or(false))
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Checks user rule text: the number of rules, or throws an `Error` naming the first bad line.
#[wasm_bindgen(js_name = checkRules)]
pub fn check_rules(rules: &str) -> Result<usize, JsError> {
    console_error_panic_hook::set_once();
    crate::check_rules(rules).map_err(|e| JsError::new(&e.to_string()))
}

/// The library version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_string()
}

/// The keys of `CleanOptions` as JS spells them.
const OPTION_KEYS: &[&str] = &[
    "url",
    "rules",
    "maxInputBytes",
    "maxDepth",
    "summaryLength",
    "selectorHints",
    "markdown",
    "ledeLimit",
];

/// A summary length by its wire name, or the options error naming the choices.
fn summary_length(name: &str) -> Result<crate::SummaryLength, JsError> {
    crate::SummaryLength::from_name(name).ok_or_else(|| {
        JsError::new(&format!(
            "invalid options: summaryLength `{name}`, expected one of short, medium, long"
        ))
    })
}

fn to_options(value: JsValue) -> Result<crate::Options, JsError> {
    let given: CleanOptions = if value.is_undefined() || value.is_null() {
        CleanOptions::default()
    } else {
        if let Some(obj) = value.dyn_ref::<js_sys::Object>() {
            for key in js_sys::Object::keys(obj)
                .iter()
                .filter_map(|k| k.as_string())
            {
                if !OPTION_KEYS.contains(&key.as_str()) {
                    let known = OPTION_KEYS.join(", ");
                    return Err(JsError::new(&format!(
                        "invalid options: unknown field `{key}`, expected one of {known}"
                    )));
                }
            }
        }
        serde_wasm_bindgen::from_value(value)
            .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    let err = |e: crate::Error| JsError::new(&e.to_string());
    // A JS string is already decoded text: a stale `<meta charset>` must not re-decode it.
    let mut opts = crate::Options::new().with_encoding("utf-8").map_err(err)?;
    if let Some(url) = given.url {
        opts = opts.with_url(&url).map_err(err)?;
    }
    if let Some(rules) = given.rules {
        opts = opts.with_rules(&rules).map_err(err)?;
    }
    if let Some(bytes) = given.max_input_bytes {
        opts = opts.with_max_input_bytes(bytes);
    }
    if let Some(depth) = given.max_depth {
        opts = opts.with_max_depth(depth);
    }
    if let Some(length) = given.summary_length {
        opts = opts.with_summary_length(summary_length(&length)?);
    }
    if let Some(markdown) = given.markdown {
        opts = opts.with_markdown(markdown);
    }
    if let Some(on) = given.lede_limit {
        opts = opts.with_lede_limit(on);
    }
    if let Some(on) = given.selector_hints {
        opts = opts.with_selector_hints(on);
    }
    Ok(opts)
}
