//! Broadsheet turns a news page into the article.
//!
//! The page's bytes stream through lol_html once; the pipeline runs in the order data flows,
//! one stage a module:
//!
//! ```text
//! page bytes + URL
//!   → scan      (lol_html handlers; rules mark junk as it streams)       scan.rs, rules.rs
//!   → tree      (a slim block tree of what survived, built as HTML would) build.rs, tree.rs
//!   → metadata  (title, byline, date, site, lang, lead image)            metadata.rs
//!   → score     (strip by heuristics, pick the article root + siblings)  heuristics.rs, score.rs, paywall.rs
//!   → refine    (chrome containers and lines inside the picked article)  refine.rs
//!   → render    (sanitized HTML, plain text, Markdown; URLs absolute)    render.rs
//!   → summarize (reading time, key points)                               summarize.rs
//!   → Article   (one serde schema for CLI, wasm and extension)           article.rs
//! ```
//!
//! ```
//! let html = b"<html><head><title>Hello</title></head><body><article><p>Some text, long enough \
//!     to count as an article paragraph, with commas, clauses, and a full stop.</p></article></body></html>";
//! let article = broadsheet::clean(html, &broadsheet::Options::new())?;
//! assert!(article.text.contains("Some text"));
//! # Ok::<(), broadsheet::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod article;
mod build;
mod error;
mod heuristics;
mod hint;
mod matcher;
mod metadata;
mod options;
mod paywall;
mod refine;
mod render;
mod rules;
mod scan;
mod score;
mod summarize;
mod text;
mod tree;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod words;

pub use article::{Article, KeyPoint, Kind, Paywall, Removed, Summary, SummaryLength};
pub use error::Error;
pub use options::{Options, DEFAULT_MAX_DEPTH, DEFAULT_MAX_INPUT_BYTES, MAX_DEPTH_LIMIT};
pub use scan::Cleaner;

/// Cleans a whole page in one call. The same as feeding all of `html` to a [`Cleaner`].
pub fn clean(html: &[u8], options: &Options) -> Result<Article, Error> {
    let mut c = Cleaner::with_input_len(options, html.len())?;
    c.write(html)?;
    c.finish()
}

/// Checks user rule text without cleaning anything: `Ok` with the number of rules, or the
/// first [`Error::InvalidRule`]. The options page of the extension validates as the user types.
pub fn check_rules(rules: &str) -> Result<usize, Error> {
    rules::RuleSet::parse(rules, "user").map(|r| r.len())
}

/// Key points of an article's text at another length, without cleaning the page again: the
/// same as [`Article::summary`] of a clean with [`Options::with_summary_length`] when given
/// that article's `text` and `lang`, and `lede_limit` as in [`Options::with_lede_limit`].
/// `None` when the text has no usable sentence.
///
/// ```
/// let text = "The harbour wall fell in the storm. The council will rebuild it by spring. \
///     Fishermen say the work is overdue.";
/// let s = broadsheet::summarize(text, Some("en"), broadsheet::SummaryLength::Short, false).unwrap();
/// assert!(s.key_points.iter().all(|p| text.contains(&p.text)));
/// ```
pub fn summarize(
    text: &str,
    lang: Option<&str>,
    length: SummaryLength,
    lede_limit: bool,
) -> Option<Summary> {
    summarize::summarize(text, lang, length, lede_limit)
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Tag name of the empty element that stands where a removed block stood inside the tree;
/// render turns it into `<div data-bs-removed="N" hidden></div>`.
pub(crate) const PLACEHOLDER: &str = "bs-removed";

/// Elements whose content is never article text: dropped before scoring (metadata has
/// already read what it needs from them, such as JSON-LD).
const NON_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
];

/// Characters of a removed block's text shown in `Removed::preview`.
const PREVIEW_CHARS: usize = 100;

/// Everything after the scan: metadata, paywall, heuristics, scoring, rendering, summary.
pub(crate) fn assemble(mut t: tree::Tree, opts: &Options) -> Result<Article, Error> {
    let meta = metadata::extract(&t, opts.url.as_ref());
    let ctx = render::Ctx {
        base: meta.base.as_ref().or(opts.url.as_ref()),
        hints: opts.selector_hints,
    };
    let mut paywall = paywall::detect_and_unhide(&mut t, &meta);
    let signup_boxes = heuristics::mark(&mut t);
    let removed = take_removed(&mut t, &ctx);
    build::unwrap_noscript_images(&mut t);
    let non_content = t.name_set(NON_CONTENT);
    let non_content: Vec<tree::NodeId> = (0..t.len())
        .filter(|&id| t.is_in(id, &non_content))
        .collect();
    t.detach_all(&non_content);

    let readerable = score::probably_readerable(&t);
    let title = meta.title.clone().unwrap_or_default();
    let picked = score::pick(&mut t, &title);
    let (mut root, found_byline) = match picked {
        Some(p) => (p.root, p.byline),
        None => (t.body(), None),
    };
    let byline = meta.byline.as_deref().or(found_byline.as_deref());
    let mut listing = refine::refine(&mut t, root, &removed, &signup_boxes, byline, ctx.base);
    let mut text = render::text(&t, root);
    let (mut words, mut minutes) = summarize::reading_stats(&text);
    if let Some(ld) = paywall::ld_body_fallback(&mut t, &meta, words) {
        root = ld;
        listing = score::is_listing(&t, root);
        text = render::text(&t, root);
        (words, minutes) = summarize::reading_stats(&text);
        paywall.detected = true;
        paywall.signals.push("body:ld-articleBody".into());
    }
    if text.trim().is_empty() {
        return Err(Error::NoArticle);
    }
    // Readability's test is tuned on Latin-script paragraphs; a picked body with several
    // real paragraphs is an article too (short-paragraph scripts and styles).
    // A page of headline links with snippets is a listing whatever its paragraphs say.
    let readerable = (readerable
        || (t
            .find_all(root, "p")
            .filter(|&p| score::inner_text_has_chars(&t, p, 80))
            .count()
            >= 3
            && words >= 100))
        && !listing;
    let content_html = render::html(&t, root, &ctx, false);
    let markdown = opts.markdown.then(|| render::markdown(&t, root, &ctx));
    let excerpt = meta.excerpt.clone().or_else(|| first_paragraph(&t, root));
    let summary = summarize::summarize(
        &text,
        meta.lang.as_deref(),
        opts.summary_length,
        opts.lede_limit,
    );
    Ok(Article {
        url: ctx
            .base
            .map(|u| u.to_string())
            .or_else(|| opts.url().map(str::to_string)),
        title: meta.title.clone(),
        byline: meta.byline.clone().or(found_byline),
        site_name: meta.site_name.clone(),
        published: meta.published.clone(),
        lang: meta.lang.clone(),
        dir: meta.dir.clone(),
        excerpt,
        lead_image: meta.lead_image.clone(),
        word_count: words,
        reading_minutes: minutes,
        summary,
        content_html,
        markdown,
        text,
        readerable,
        paywall,
        removed,
    })
}

/// Replaces every top-most marked node with a placeholder and lists it. Blocks with no text
/// and no image (empty ad slots) are dropped without a listing: there is nothing to restore.
fn take_removed(t: &mut tree::Tree, ctx: &render::Ctx) -> Vec<Removed> {
    let mut out = Vec::new();
    let mut empty = Vec::new();
    let marked: Vec<tree::NodeId> = t
        .descendants(tree::ROOT)
        .filter(|&id| t.is_marked(id))
        .collect();
    for id in marked {
        if t.parent(id).is_none() || t.ancestors(id).any(|a| t.is_marked(a)) {
            // Already inside a removed block (or detached with it).
            continue;
        }
        let Some(mark) = t.mark_of(id).cloned() else {
            continue;
        };
        // Rendered text, so blocks and cells stay apart ("Subscribe" "Sign in", not
        // "SubscribeSign in"); controls like buttons count for nothing.
        let text = render::text(t, id);
        let preview = text::squash_spaces_prefix(&text, PREVIEW_CHARS);
        let has_media = t.descendants(id).any(|d| t.name(d) == "img") || t.name(id) == "img";
        if preview.is_empty() && !has_media {
            // Detached together at the end: one by one shifts the parent's list each time.
            empty.push(id);
            continue;
        }
        let html = render::html(t, id, ctx, true);
        let ph = t.create_with_attrs(
            PLACEHOLDER,
            vec![("data-bs-removed".into(), out.len().to_string())],
        );
        t.replace(id, ph);
        out.push(Removed {
            kind: mark.kind,
            rule: mark.rule,
            preview,
            html,
        });
    }
    t.detach_all(&empty);
    out
}

/// The first paragraph's text, for an excerpt when the page has no description.
fn first_paragraph(t: &tree::Tree, root: tree::NodeId) -> Option<String> {
    t.find_all(root, "p")
        .map(|p| score::inner_text(t, p))
        .find(|s| !s.is_empty())
}

/// A reproducible xorshift stream for the unit tests' random cases: `next(n)` is in `0..n`.
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    }
}

/// A random string of fewer than `max` pieces, each one of `parts`: the unit tests' inputs
/// made of the characters and words that matter to the code under test.
#[cfg(test)]
pub(crate) fn test_string(
    next: &mut impl FnMut(usize) -> usize,
    parts: &[&str],
    max: usize,
) -> String {
    (0..next(max)).map(|_| parts[next(parts.len())]).collect()
}

#[cfg(test)]
mod linear_tests {
    use crate::tree::work;
    use crate::{clean, Options};

    /// Tree work (see [`work`]) of cleaning a page made of a short article and `n` copies of
    /// `unit`, in a `div` after it.
    fn cost(unit: &str, n: usize) -> u64 {
        cost_in(("</article><div>", "</div>"), unit, n)
    }

    /// [`cost`] with the copies between `around`'s two halves, at the article's end.
    fn cost_in(around: (&str, &str), unit: &str, n: usize) -> u64 {
        let article: String = (0..5)
            .map(|i| format!("<p>Paragraph {i}: the harbour wall that fell in the storm will be rebuilt, the council said, with commas, clauses, and words.</p>"))
            .collect();
        let (open, close) = around;
        let html = format!(
            "<html><head><title>Harbour</title></head><body><article>{article}{open}{}{close}</article></body></html>",
            unit.repeat(n)
        );
        work::take();
        let _ = clean(html.as_bytes(), &Options::new());
        work::take()
    }

    /// Shapes that were quadratic: four times the input must cost about four times the work
    /// (a quadratic pass costs sixteen), counted rather than timed.
    #[test]
    fn work_grows_linearly_with_the_input() {
        for unit in [
            // lib.rs removed non-content elements one by one.
            "<meta name=x content=y>",
            // score's walk detached each empty div on its own.
            "<div></div>",
            "<section class=share></section>",
            // Blank paragraphs and weak headings in the article, removed by prep_article.
            "<p> </p>",
            "<h2 class=comment>x</h2>",
            // Empty ad slots, dropped without a listing.
            "<div class=ad></div>",
            // The noscript rewrite replaced or removed nodes one at a time.
            "<noscript><img src=/a.jpg></noscript>",
            "<img src=data:image/gif;base64,R0lGOD><noscript><img src=/a.jpg></noscript>",
            // The related-heading pass scanned the siblings after every heading.
            "<h2>Related links</h2><ul><li><a href=/x>x</a></li></ul>",
            // The listing test (readerable) walks the picked article once.
            "<li><a href=/x>One more headline here</a><p>A snippet, short.</p></li>",
            // clean_conditionally removing link blocks between paragraphs, innermost first:
            // each removal shifted the sibling list and re-folded the parent's statistics.
            "<p>More words of the story, with commas, clauses, and a full stop at the end.</p><div><a href=/y>Another story</a></div>",
            // The sign-up box search read the box's text once per email field in it.
            "<input type=email name=e>",
            // A "Read more:" heading the promo heuristic removes, then a linked headline: the
            // headline's place after the heading's placeholder is found in one pass.
            "<p>More words of the story, with commas, clauses, and a full stop at the end.</p><p>Read more:</p><p><a href=/z>Another story</a></p>",
        ] {
            let (small, big) = (cost(unit, 2_000), cost(unit, 8_000));
            assert!(
                big < 6 * small,
                "{unit}: work at n = {small}, at 4n = {big} ({:.1}x)",
                big as f64 / small as f64
            );
        }
        for (around, unit) in [
            // Each media label walked its figure to find an image.
            (
                ("<figure><p>A chart of the works.</p>", "</figure>"),
                "<div><span>Image</span></div>",
            ),
            // Each chrome-line cell ran the data-table test on its table.
            (("<table>", "</table>"), "<tr><td>Video</td><td>1</td></tr>"),
        ] {
            let (small, big) = (cost_in(around, unit, 2_000), cost_in(around, unit, 8_000));
            assert!(
                big < 6 * small,
                "{unit}: work at n = {small}, at 4n = {big} ({:.1}x)",
                big as f64 / small as f64
            );
        }
    }
}
