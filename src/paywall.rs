//! Paywalls, on delivered HTML only: find the signals, unhide text the page hid behind a
//! paywall class, and fall back to the page's own JSON-LD `articleBody` when the visible body
//! was cut short. Nothing is ever fetched.

use crate::article::{Kind, Paywall};
use crate::metadata::Metadata;
use crate::tree::{NodeData, NodeId, Tree};
use crate::words::Words;

/// Class/id words of containers that hold the *article* but are hidden until the reader pays
/// (so their hiding is undone), as opposed to the overlays, which the rules remove.
static GATED_CONTENT: Words = Words::new(&[
    "paywalled-content",
    "paywall-content",
    "content-paywalled",
    "article-locked",
    "locked-content",
    "premium-content",
    "subscriber-content",
    "subscriber-only",
    "meteredcontent",
    "metered-content",
    "truncated-content",
    "article-body--truncated",
    "is-truncated",
    "gated-content",
    "restricted-content",
    "fade-content",
]);

/// Classes that lock page scrolling while an overlay is shown: any modal does this (a
/// newsletter box, a cookie wall, an image viewer), so alone they are no paywall.
const SCROLL_LOCK_CLASSES: &[&str] = &[
    "tp-modal-open",
    "modal-open",
    "no-scroll",
    "noscroll",
    "scroll-lock",
    "overflow-hidden",
];

/// `<html>`/`<body>` classes that name a paywall state. Scripts set them for every visitor
/// of a metered site, readers with a subscription too, so they are a weak signal as well.
const PAYWALL_STATE_CLASSES: &[&str] = &["paywall-active", "has-paywall", "is-paywalled"];

/// Independent weak signals needed to call a page paywalled when no strong one is present.
///
/// Strong signals each settle it: the page's JSON-LD says `isAccessibleForFree: false`
/// (`ld:`), a paywall rule (vendor overlays and paywall-named prompts) removed something
/// (`rule:`), or the visible body was cut short of the JSON-LD `articleBody` (`body:`).
/// Weak ones are generic page states that free pages show too: a scroll lock, a paywall-state
/// class on the root, a container with a gated-content class (and its unhiding, the same
/// evidence). One weak signal alone is a page with a modal or an unusual class name; two
/// from different sources agreeing is a paywall.
const WEAK_SIGNALS_NEEDED: usize = 2;

/// Whether the listed signals make a paywall (see [`WEAK_SIGNALS_NEEDED`]).
pub(crate) fn is_paywalled(signals: &[String]) -> bool {
    let mut weak: Vec<&str> = Vec::new();
    for s in signals {
        let family = match s.split(':').next().unwrap_or("") {
            "ld" | "rule" | "body" => return true,
            // `unhidden:N` only follows `class:gated-content`: one source, counted once.
            "unhidden" => "class:gated-content",
            _ => s.as_str(),
        };
        if !weak.contains(&family) {
            weak.push(family);
        }
    }
    weak.len() >= WEAK_SIGNALS_NEEDED
}

/// Finds paywall signals and unhides gated article text. Call before heuristics and scoring.
pub(crate) fn detect_and_unhide(t: &mut Tree, meta: &Metadata) -> Paywall {
    let mut signals: Vec<String> = Vec::new();
    if meta.accessible_for_free == Some(false) {
        signals.push("ld:isAccessibleForFree=false".into());
    }
    let mut vendor_rules: Vec<String> = t
        .marks()
        .iter()
        .filter(|m| m.kind == Kind::Paywall)
        .map(|m| format!("rule:{}", m.rule))
        .collect();
    vendor_rules.dedup();
    signals.extend(vendor_rules.into_iter().take(5));

    let ids: Vec<NodeId> = (0..t.len()).collect();
    let mut unhidden = 0usize;
    for id in ids {
        let NodeData::Element(e) = t.data(id) else {
            continue;
        };
        let is_root = matches!(e.name, "html" | "body");
        if !is_root && (t.is_marked(id) || (e.attr("class").is_none() && e.attr("id").is_none())) {
            continue;
        }
        let ci = e.class_and_id().to_ascii_lowercase();
        if is_root {
            let style: String = e
                .attr("style")
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if style.contains("overflow:hidden")
                || ci
                    .split_whitespace()
                    .any(|c| SCROLL_LOCK_CLASSES.contains(&c))
            {
                push_once(&mut signals, "style:scroll-lock");
            }
            if ci
                .split_whitespace()
                .any(|c| PAYWALL_STATE_CLASSES.contains(&c))
            {
                push_once(&mut signals, "class:paywall-state");
            }
            continue;
        }
        if t.is_marked(id) {
            continue;
        }
        if GATED_CONTENT.in_(&ci) && has_text(t, id) {
            if unhide(t, id) {
                unhidden += 1;
            }
            push_once(&mut signals, "class:gated-content");
        }
    }
    if unhidden > 0 {
        signals.push(format!("unhidden:{unhidden}"));
    }
    Paywall {
        detected: is_paywalled(&signals),
        signals,
    }
}

fn push_once(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

fn has_text(t: &Tree, id: NodeId) -> bool {
    !t.text_content(id).trim().is_empty()
}

/// Removes the hiding (`hidden`, `aria-hidden`, `display:none`, `visibility:hidden`) from a
/// gated container. Returns whether anything changed.
fn unhide(t: &mut Tree, id: NodeId) -> bool {
    let Some(e) = t.elem(id) else {
        return false;
    };
    let mut attrs = e.attrs_vec();
    let before = attrs.len();
    attrs.retain(|(n, v)| !(n == "hidden" || (n == "aria-hidden" && v == "true")));
    let mut changed = attrs.len() != before;
    for (n, v) in attrs.iter_mut() {
        if n == "style" {
            let lower = v.to_ascii_lowercase();
            if lower.contains("display") || lower.contains("visibility") {
                *v = String::new();
                changed = true;
            }
        }
    }
    if changed {
        t.set_attrs(id, attrs);
    }
    changed
}

/// Word count below which the visible body counts as "cut short" against `articleBody`.
const CUT_SHORT_RATIO: f64 = 0.6;

/// When the page's JSON-LD `articleBody` holds clearly more text than the extracted body,
/// returns a tree fragment (a `div` of `p`s) built from it.
pub(crate) fn ld_body_fallback(
    t: &mut Tree,
    meta: &Metadata,
    extracted_words: usize,
) -> Option<NodeId> {
    let body = meta.ld_article_body.as_deref()?;
    let ld_words = body.split_whitespace().count();
    if ld_words < 50 || (extracted_words as f64) >= ld_words as f64 * CUT_SHORT_RATIO {
        return None;
    }
    let div = t.create("div");
    let paras: Vec<&str> = if body.contains("\n\n") {
        body.split("\n\n").collect()
    } else {
        body.split('\n').collect()
    };
    for para in paras.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        let p = t.create("p");
        let text = t.create_text(para);
        t.append(p, text);
        t.append(div, p);
    }
    Some(div)
}

#[cfg(test)]
mod tests {
    use crate::{clean, Options};

    fn para(n: usize) -> String {
        (0..n)
            .map(|i| format!("<p>Paragraph {i} of the story, with enough words, commas, and detail to read as prose in a real article body.</p>"))
            .collect()
    }

    #[test]
    fn gated_content_is_unhidden_and_signalled() {
        let html = format!(
            "<html><body style=\"overflow: hidden\"><article>{}<div class=\"paywall-content\" style=\"display: none\"><p>The hidden ending: the council approved the plan, after a long night of debate, by seven votes to two.</p></div></article></body></html>",
            para(4)
        );
        let a = clean(html.as_bytes(), &Options::new()).unwrap();
        assert!(a.text.contains("The hidden ending"), "{}", a.text);
        assert!(a.paywall.detected);
        assert!(a.paywall.signals.iter().any(|s| s == "class:gated-content"));
        // Gated content alone is one weak signal (its unhiding is the same evidence): listed,
        // text unhidden, but no paywall.
        let alone = html.replace(" style=\"overflow: hidden\"", "");
        let b = clean(alone.as_bytes(), &Options::new()).unwrap();
        assert!(b.text.contains("The hidden ending"), "{}", b.text);
        assert!(b.paywall.signals.iter().any(|s| s == "unhidden:1"));
        assert!(!b.paywall.detected, "{:?}", b.paywall.signals);
    }

    #[test]
    fn strong_signals_settle_it_weak_ones_need_company() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(super::is_paywalled(&s(&["ld:isAccessibleForFree=false"])));
        assert!(super::is_paywalled(&s(&["rule:builtin:57 ##.tp-modal"])));
        assert!(super::is_paywalled(&s(&["body:ld-articleBody"])));
        assert!(!super::is_paywalled(&s(&["style:scroll-lock"])));
        assert!(!super::is_paywalled(&s(&[
            "class:gated-content",
            "unhidden:2"
        ])));
        assert!(super::is_paywalled(&s(&[
            "style:scroll-lock",
            "class:paywall-state"
        ])));
        assert!(!super::is_paywalled(&[]));
    }

    #[test]
    fn free_pages_report_no_paywall() {
        let html = format!("<html><body><article>{}</article></body></html>", para(5));
        let a = clean(html.as_bytes(), &Options::new()).unwrap();
        assert!(!a.paywall.detected);
        assert!(a.paywall.signals.is_empty());
    }

    #[test]
    fn ld_body_replaces_a_cut_short_body_only_when_much_longer() {
        let body: String = (0..12)
            .map(|i| format!("Sentence number {i} of the full story told in the structured data. "))
            .collect();
        let ld = format!(
            "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":\"False\",\"articleBody\":\"{body}\"}}</script>"
        );
        let short = format!(
            "<html><head>{ld}</head><body><article>{}</article></body></html>",
            para(1)
        );
        let a = clean(short.as_bytes(), &Options::new()).unwrap();
        assert!(a.text.contains("Sentence number 11"), "{}", a.text);
        assert!(a.paywall.signals.iter().any(|s| s == "body:ld-articleBody"));
        assert!(a
            .paywall
            .signals
            .iter()
            .any(|s| s == "ld:isAccessibleForFree=false"));

        let long = format!(
            "<html><head>{ld}</head><body><article>{}</article></body></html>",
            para(8)
        );
        let b = clean(long.as_bytes(), &Options::new()).unwrap();
        assert!(b.text.contains("Paragraph 7"));
        assert!(!b.paywall.signals.iter().any(|s| s == "body:ld-articleBody"));
    }
}
