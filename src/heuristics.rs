//! Heuristics: junk that no selector names, found by what it says and how it is built.
//!
//! They run on the tree before scoring and only *mark* blocks (the removal list records
//! them, and the reader can restore them). Each heuristic is deliberately narrow — a short
//! block whose whole text is a known promo phrase, a heading that introduces a list of
//! links — because losing a real paragraph costs more than leaking one promo line.

use crate::article::Kind;
use crate::rules;
use hashbrown::{HashMap, HashSet};
use std::sync::OnceLock;

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

/// Normalised phrase text → kind, for whole-text lookups.
fn phrase_index() -> &'static HashMap<&'static str, Kind> {
    static INDEX: OnceLock<HashMap<&'static str, Kind>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for p in rules::phrases() {
            m.entry(p.text.as_str()).or_insert(p.kind);
        }
        m
    })
}

/// First words of the phrases (up to the first space).
fn first_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        rules::phrases()
            .iter()
            .filter_map(|p| p.text.split(' ').next())
            .map(|w| trim_punct(w).to_string())
            .collect()
    })
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The kind of promo the whole of `text` is, if it is one of the known phrases, or a run of
/// them ("One app. One membership.").
pub(crate) fn promo_kind(text: &str) -> Option<Kind> {
    // Every phrase run starts with a phrase, so a first word no phrase starts with settles it
    // before the whole text is normalised.
    let first = rules::normalize_phrase(text.split_whitespace().next().unwrap_or(""));
    if !first_words().contains(trim_punct(&first)) {
        return None;
    }
    let n = rules::normalize_phrase(text);
    if n.is_empty() || n.chars().count() > SHORT_BLOCK {
        return None;
    }
    let index = phrase_index();
    if let Some(&k) = index.get(n.as_str()) {
        return Some(k);
    }
    // Made only of phrases, matched greedily (longest first) from the start.
    let mut rest = n.as_str();
    let mut kind = None;
    while !rest.is_empty() {
        let found = rules::phrases()
            .iter()
            .filter(|p| !p.text.is_empty() && rest.starts_with(p.text.as_str()))
            .max_by_key(|p| p.text.len())?;
        kind.get_or_insert(found.kind);
        rest = trim_punct(&rest[found.text.len()..]);
    }
    kind
}

/// Tags a promo line may be.
fn is_line_tag(name: &str) -> bool {
    matches!(
        name,
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
    )
}

/// Tags that make their ancestors containers rather than lines.
fn is_container_tag(name: &str) -> bool {
    matches!(
        name,
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
}

/// Marks junk blocks in the body. Marks are recorded on the tree.
pub(crate) fn mark(t: &mut Tree) {
    // One bottom-up pass: text bytes under each node and whether it contains a block. Node
    // ids are in document order (parents before children) straight from the scan.
    let n = t.nodes.len();
    let mut bytes = vec![0usize; n];
    let mut has_block = vec![false; n];
    for id in (1..n).rev() {
        if let Some(s) = t.text(id) {
            bytes[id] = s.len();
        }
        if let Some(p) = t.parent(id) {
            bytes[p] += bytes[id];
            has_block[p] |= has_block[id] || is_container_tag(t.name(id));
        }
    }
    let body = t.body();
    let ids: Vec<NodeId> = t.descendants(body).collect();
    for id in ids {
        let NodeData::Element(e) = &t.nodes[id].data else {
            continue;
        };
        let name = e.name.as_str();
        if is_line_tag(name)
            && !has_block[id]
            && bytes[id] > 0
            && bytes[id] <= SHORT_BLOCK * 4
            && t.removal(id).is_none()
        {
            if let Some(kind) = promo_kind(&t.text_content(id)) {
                t.mark(id, kind, "heuristic:promo-text");
                continue;
            }
        }
        if matches!(name, "h2" | "h3" | "h4" | "h5" | "h6")
            && bytes[id] < 64
            && t.removal(id).is_none()
        {
            mark_related_section(t, id);
        }
    }
}

/// A heading such as "Related stories" followed by a list of links: the heading and the list
/// go. Only when the following block is mostly links, so a section titled "Related" that
/// holds prose stays.
fn mark_related_section(t: &mut Tree, heading: NodeId) {
    let text = rules::normalize_phrase(&t.text_content(heading));
    let text = text.as_str();
    if !RELATED_HEADINGS.iter().any(|h| {
        text == *h || (*h == "more from" && text.starts_with(h) && text.len() < h.len() + 30)
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
