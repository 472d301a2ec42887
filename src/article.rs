//! The `Article`: the one result schema, the same from the library, the CLI (`--format json`)
//! and the wasm package (plain JS objects). Field names are camelCase on the wire.

use serde::{Deserialize, Serialize};

/// The cleaned article and everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// The page URL, when one was given in the options (after resolving `<base href>`).
    pub url: Option<String>,
    /// The article title, without the site name the page appends to `<title>`.
    pub title: Option<String>,
    /// Author(s) as the page names them.
    pub byline: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// Publication time, ISO 8601 when the page's value could be read as a date.
    pub published: Option<String>,
    /// Language tag (`<html lang>`, `og:locale`, …).
    pub lang: Option<String>,
    /// Text direction: `"ltr"` or `"rtl"` when the page says so.
    pub dir: Option<String>,
    /// A short description: the page's own description, else the first paragraph.
    pub excerpt: Option<String>,
    /// Absolute URL of the lead image.
    pub lead_image: Option<String>,
    /// The article as sanitized HTML: an allowlist of tags and attributes, absolute URLs, no
    /// scripts or event handlers. Where a removed block stood inside the article there is an
    /// empty `<div data-bs-removed="N" hidden></div>` placeholder, `N` indexing `removed`.
    /// Each figure keeps its image and caption; a figure with nothing to show but a caption
    /// (a script-only video, an image without a source) is dropped. With [`crate::Options::with_selector_hints`], each block (`p`, `ul`/`ol`/`dl`,
    /// `figure`, `blockquote`, `table`, `pre`, headings, `div`, `section` and the other
    /// sectioning elements) whose page element has a stable id or class carries
    /// `data-bs-sel="…"`: a selector (`#id` or `.a.b`, ASCII identifiers only) that a user
    /// rule `host##<selector>` can name to remove that block on the site's next clean.
    pub content_html: String,
    /// The article's prose as plain text, a blank line between blocks: headings, paragraphs,
    /// lists, quotes, tables and code. Figure captions (`figcaption`) are left out: they stay
    /// with their image in `content_html`. `word_count`, `reading_minutes` and the summary's
    /// offsets are of this text.
    pub text: String,
    /// The article as Markdown (CommonMark), made only when asked for
    /// ([`crate::Options::with_markdown`]; the wasm option `markdown: true`): `None` (JSON
    /// `null`) otherwise, as the reader needs it only for "Copy Markdown".
    #[serde(default)]
    pub markdown: Option<String>,
    /// Words in `text` (Unicode word boundaries; each CJK character counts as one).
    pub word_count: usize,
    /// Estimated reading time in whole minutes (at least 1 when there is any text): words
    /// at a per-script rate, CJK text counted by characters.
    pub reading_minutes: u32,
    /// Key points: verbatim sentences of `text`, in document order. `None` (JSON `null`) when
    /// the text has no sentence usable as a key point.
    pub summary: Option<Summary>,
    /// Whether the page looks like an article (enough paragraphs of prose). When false, the
    /// content is the page's best guess (often its whole sanitized body) and a reader should
    /// say that this page may not be an article.
    pub readerable: bool,
    /// What the page's delivered HTML says about a paywall.
    pub paywall: Paywall,
    /// Every block a rule or heuristic stripped that has text or an image, in document order
    /// (page chrome that scoring leaves out is not listed).
    pub removed: Vec<Removed>,
}

/// The key points of an article, chosen by an extractive summarizer (no text is generated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// 3, 5 or 7 sentences for `short`, `medium` or `long` (fewer when the article is short,
    /// never more), in document order.
    pub key_points: Vec<KeyPoint>,
    /// The length asked for ([`crate::Options::with_summary_length`]).
    pub length: SummaryLength,
    /// What ran, e.g. `"lexrank+position+mmr"`: centrality over TF-IDF sentence vectors, a
    /// prior for the lead, and a redundancy penalty.
    pub method: String,
    /// The language whose stemming and stop words were used (the primary subtag of
    /// [`Article::lang`], e.g. `"en"`), or `None` when plain tokens were used.
    pub lang: Option<String>,
}

/// One key point: a sentence of [`Article::text`], verbatim.
///
/// `start` and `end` are offsets in **UTF-16 code units** into `Article::text`, so that in
/// JavaScript `article.text.slice(start, end) === text` (a reader can scroll to it and
/// highlight it). From Rust, convert with `char::len_utf16` before slicing the UTF-8 string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPoint {
    /// The sentence, exactly as it stands in `text`.
    pub text: String,
    /// UTF-16 offset of its first code unit in `text`.
    pub start: usize,
    /// UTF-16 offset just past its last code unit in `text`.
    pub end: usize,
}

/// How many key points to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SummaryLength {
    /// 3 key points (the default, as in Chrome's Summarizer API: a card read at a glance, and
    /// the length at which the points beat Lead-3 against page descriptions; see README).
    #[default]
    Short,
    /// 5 key points.
    Medium,
    /// 7 key points.
    Long,
}

impl SummaryLength {
    /// The number of key points asked for: 3, 5 or 7 (as Chrome's Summarizer API does).
    pub fn points(self) -> usize {
        match self {
            SummaryLength::Short => 3,
            SummaryLength::Medium => 5,
            SummaryLength::Long => 7,
        }
    }

    /// Parses the lowercase wire name (`"short"`, `"medium"`, `"long"`).
    pub fn from_name(s: &str) -> Option<SummaryLength> {
        Some(match s {
            "short" => SummaryLength::Short,
            "medium" => SummaryLength::Medium,
            "long" => SummaryLength::Long,
            _ => return None,
        })
    }
}

/// Paywall signals found in the delivered HTML. Broadsheet never fetches anything: it only
/// unhides text that the page already contains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Paywall {
    /// True when any signal was found.
    pub detected: bool,
    /// Machine-readable signal names, e.g. `"ld:isAccessibleForFree=false"`,
    /// `"vendor:piano"`, `"style:scroll-lock"`, `"body:ld-articleBody"`.
    pub signals: Vec<String>,
}

/// One stripped block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Removed {
    /// What kind of block it was.
    pub kind: Kind,
    /// The rule (`builtin:LINE ##selector`, `user:LINE ##selector`) or heuristic
    /// (`heuristic:promo-text`, …) that removed it.
    pub rule: String,
    /// The first ~100 characters of its text.
    pub preview: String,
    /// The block as sanitized HTML, so a reader can restore it where its placeholder stands.
    pub html: String,
}

/// Kinds of removed blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Paywall overlays and subscription prompts.
    Paywall,
    /// Self-promotion: app banners, "subscribe", house ads.
    Promo,
    /// Newsletter sign-up boxes.
    Newsletter,
    /// Recirculation: related stories, most popular, Taboola/Outbrain.
    Related,
    /// Advertising.
    Ad,
    /// Cookie and consent walls.
    Cookie,
    /// Share bars and social embeds' chrome.
    Social,
    /// Comment sections.
    Comments,
    /// Navigation, headers, footers, breadcrumbs.
    Nav,
    /// Content hidden from readers (`hidden`, `display:none`, `aria-hidden`).
    Hidden,
    /// Anything else.
    Other,
}

impl Kind {
    /// Parses the lowercase wire name.
    pub fn from_name(s: &str) -> Option<Kind> {
        Some(match s {
            "paywall" => Kind::Paywall,
            "promo" => Kind::Promo,
            "newsletter" => Kind::Newsletter,
            "related" => Kind::Related,
            "ad" => Kind::Ad,
            "cookie" => Kind::Cookie,
            "social" => Kind::Social,
            "comments" => Kind::Comments,
            "nav" => Kind::Nav,
            "hidden" => Kind::Hidden,
            "other" => Kind::Other,
            _ => return None,
        })
    }
}
