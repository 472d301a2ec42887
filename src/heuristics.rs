//! Heuristics: junk that no selector names, found by what it says and how it is built.
//!
//! They run on the tree before scoring and only *mark* blocks (the removal list records
//! them, and the reader can restore them). Each heuristic is deliberately narrow — a short
//! block whose whole text is a known promo phrase, a heading that introduces a list of
//! links — because losing a real paragraph costs more than leaking one promo line.

use crate::article::Kind;
use crate::rules;
use crate::tree::{NodeData, NodeId, Tree, ROOT};

/// A block this short (in characters) can be judged by its text alone.
const SHORT_BLOCK: usize = 120;

/// Headings that introduce recirculation rather than article content.
const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related stories",
    "related articles",
    "related content",
    "related coverage",
    "related news",
    "related links",
    "related posts",
    "related reading",
    "more stories",
    "more from",
    "more on this",
    "more on this story",
    "more news",
    "most popular",
    "most read",
    "most viewed",
    "popular now",
    "trending",
    "trending now",
    "read next",
    "read more",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "top stories",
    "latest news",
    "editor's picks",
    "our picks",
    "don't miss",
    "also read",
    "see also",
];

/// Lower-cases, unifies apostrophes and collapses whitespace.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The kind of promo the whole of `text` is, if it is one of the known phrases (or a phrase
/// followed only by punctuation, or two phrases run together).
pub(crate) fn promo_kind(text: &str) -> Option<Kind> {
    let n = normalize(text);
    let n = trim_punct(&n);
    if n.is_empty() || n.chars().count() > SHORT_BLOCK {
        return None;
    }
    let phrases = rules::phrases();
    // Whole text is a phrase.
    if let Some(p) = phrases.iter().find(|p| trim_punct(&p.text) == n) {
        return Some(p.kind);
    }
    // Text is made only of phrases (e.g. "One app. One membership."), checked greedily.
    let mut rest = n;
    let mut kind = None;
    while !rest.is_empty() {
        let found = phrases
            .iter()
            .filter(|p| !trim_punct(&p.text).is_empty() && rest.starts_with(trim_punct(&p.text)))
            .max_by_key(|p| trim_punct(&p.text).len())?;
        kind.get_or_insert(found.kind);
        rest = trim_punct(&rest[trim_punct(&found.text).len()..]);
    }
    kind
}

/// Elements a promo line may be (not containers of other blocks).
fn is_leaf_block(t: &Tree, id: NodeId) -> bool {
    matches!(
        t.name(id),
        "p" | "div"
            | "span"
            | "a"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "button"
            | "strong"
            | "b"
            | "section"
            | "aside"
    ) && !t.descendants(id).any(|d| {
        matches!(
            t.name(d),
            "p" | "div"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "img"
                | "figure"
                | "table"
                | "ul"
                | "ol"
        )
    })
}

/// Marks junk blocks in the body. Returns nothing: marks are recorded on the tree.
pub(crate) fn mark(t: &mut Tree) {
    let body = t.body();
    let ids: Vec<NodeId> = t.descendants(body).collect();
    for id in ids {
        if t.removal(id).is_some() {
            continue;
        }
        let NodeData::Element(_) = &t.nodes[id].data else {
            continue;
        };
        if is_leaf_block(t, id) {
            let text = t.text_content(id);
            if text.len() <= SHORT_BLOCK * 4 {
                if let Some(kind) = promo_kind(&text) {
                    t.mark(id, kind, "heuristic:promo-text");
                    continue;
                }
            }
        }
        if matches!(t.name(id), "h2" | "h3" | "h4" | "h5" | "h6") {
            mark_related_section(t, id);
        }
    }
}

/// A heading such as "Related stories" followed by a list of links: the heading and the list
/// go. Only when the following block is mostly links, so a section titled "Related" that
/// holds prose stays.
fn mark_related_section(t: &mut Tree, heading: NodeId) {
    let text = normalize(&t.text_content(heading));
    let text = trim_punct(&text);
    if !RELATED_HEADINGS.iter().any(|h| {
        text == *h || (text.starts_with(h) && text.len() < h.len() + 30 && *h == "more from")
    }) {
        return;
    }
    let Some(parent) = t.parent(heading) else {
        return;
    };
    let siblings: Vec<NodeId> = t.child_elements(parent).collect();
    let Some(pos) = siblings.iter().position(|&s| s == heading) else {
        return;
    };
    let Some(&next) = siblings.get(pos + 1) else {
        // The heading alone in its container: judge the container.
        if parent != ROOT && is_link_list(t, parent) {
            t.mark(parent, Kind::Related, "heuristic:related-section");
        }
        return;
    };
    if is_link_list(t, next) {
        t.mark(next, Kind::Related, "heuristic:related-section");
        t.mark(heading, Kind::Related, "heuristic:related-section");
    } else if siblings.len() <= 3 && parent != ROOT && is_link_list(t, parent) {
        t.mark(parent, Kind::Related, "heuristic:related-section");
    }
}

/// Mostly links: at least 2 links and ≥ 60 % of the text inside them.
pub(crate) fn is_link_list(t: &Tree, id: NodeId) -> bool {
    let total: usize = t
        .text_content(id)
        .split_whitespace()
        .map(|w| w.chars().count())
        .sum();
    if total == 0 {
        return false;
    }
    let links: Vec<NodeId> = t.find_all(id, "a").collect();
    if links.len() < 2 {
        return false;
    }
    let linked: usize = links
        .iter()
        .map(|&a| {
            t.text_content(a)
                .split_whitespace()
                .map(|w| w.chars().count())
                .sum::<usize>()
        })
        .sum();
    linked * 10 >= total * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promo_lines_are_recognised_whole() {
        assert!(promo_kind("Download the app").is_some());
        assert!(promo_kind("  Sign up to read this article ").is_some());
        assert!(promo_kind("Already a member? Sign in here").is_some());
        assert!(promo_kind("One app. One membership.").is_some());
        assert!(
            promo_kind("Download the app to see how the minister explained the budget cuts.")
                .is_none()
        );
        assert!(
            promo_kind("The Kremlin has kept open the possibility of further talks.").is_none()
        );
    }
}
