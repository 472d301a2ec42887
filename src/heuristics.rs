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

/// `text`'s first word as [`first_words`] holds them: normalised ([`rules::normalize_phrase`])
/// and without punctuation at its ends. A plain ASCII word, as most are, is only trimmed and
/// lower-cased: the phrase normaliser maps quotes and decodes every character, and this runs
/// for every short block of the page.
fn first_word(text: &str) -> std::borrow::Cow<'_, str> {
    let word = text.split_whitespace().next().unwrap_or("");
    if word.is_ascii() && !word.contains('`') {
        let w = trim_punct(word);
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            return w.to_ascii_lowercase().into();
        }
        return w.into();
    }
    trim_punct(&rules::normalize_phrase(word))
        .to_string()
        .into()
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The kind of promo the whole of `text` is, if it is one of the known phrases, or a run of
/// them ("One app. One membership.").
pub(crate) fn promo_kind(text: &str) -> Option<Kind> {
    // Every phrase run starts with a phrase, so a first word no phrase starts with settles it
    // before the whole text is normalised.
    if !first_words().contains(first_word(text).as_ref()) {
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

/// Tags a promo line may be when it is a block of its own.
fn is_block_line_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "section" | "aside"
    )
}

/// Inline tags a promo line may be, but only when it stands alone on its line (see
/// [`Facts::alone`]): inside running text such an element is a word or two of a sentence
/// ("You can <a>subscribe</a> to our feed"), and cutting it out mangles the sentence.
fn is_inline_line_tag(name: &str) -> bool {
    matches!(name, "span" | "a" | "strong" | "b" | "button")
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

/// Elements that end a line of inline content: `br` and the block-level elements. Inline
/// content between two of them (or a container's edge) renders as one line.
fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "form"
            | "fieldset"
            | "address"
            | "details"
            | "summary"
    )
}

/// Per-node facts the heuristics need, gathered for the body's subtree in one bottom-up pass
/// so that judging a block never walks its subtree or its siblings again: the old per-heading
/// sibling scan made a page of N "Related" headings cost O(N²).
struct Facts {
    /// Text bytes under the node (white space included). The counts are `u32` (saturating)
    /// as the tree's own text offsets are: these vectors are per node of big pages.
    bytes: Vec<u32>,
    /// Non-white-space characters under the node: the summed word lengths of its text.
    chars: Vec<u32>,
    /// Whether a container tag is below the node.
    has_block: Vec<bool>,
    /// `a` elements below the node (not counting the node itself).
    links: Vec<u32>,
    /// Non-white-space characters inside those links (nested links count for each).
    linked: Vec<u32>,
    /// Element children.
    elements: Vec<u32>,
    /// The node is the only thing with text on its line: its siblings up to the nearest
    /// line break (`br`, a block, the parent's edge) hold no text.
    alone: Vec<bool>,
    /// Work done (nodes and sibling steps visited), for the linearity test.
    steps: usize,
}

impl Facts {
    fn gather(t: &Tree, order: &[NodeId]) -> Facts {
        let n = t.len();
        let mut f = Facts {
            bytes: vec![0; n],
            chars: vec![0; n],
            has_block: vec![false; n],
            links: vec![0; n],
            linked: vec![0; n],
            elements: vec![0; n],
            alone: vec![false; n],
            steps: 0,
        };
        // Reversed pre-order: every child before its parent.
        for &id in order.iter().rev() {
            f.steps += 1;
            if let Some(s) = t.text(id) {
                f.bytes[id] = u32::try_from(s.len()).unwrap_or(u32::MAX);
                let chars = t.text_chars(id);
                f.chars[id] = u32::try_from(chars).unwrap_or(u32::MAX);
            }
            let Some(p) = t.parent(id) else { continue };
            let name = t.name(id);
            f.bytes[p] = f.bytes[p].saturating_add(f.bytes[id]);
            f.chars[p] = f.chars[p].saturating_add(f.chars[id]);
            f.has_block[p] |= f.has_block[id] || is_container_tag(name);
            let is_a = name == "a";
            f.links[p] = f.links[p]
                .saturating_add(f.links[id])
                .saturating_add(u32::from(is_a));
            f.linked[p] = f.linked[p]
                .saturating_add(f.linked[id])
                .saturating_add(if is_a { f.chars[id] } else { 0 });
            if t.elem(id).is_some() {
                f.elements[p] = f.elements[p].saturating_add(1);
            }
        }
        // Lines: each child list is walked once, split at line breaks.
        for &p in order {
            let mut only: Option<NodeId> = None;
            let mut count = 0usize;
            for &c in t.children(p) {
                f.steps += 1;
                if breaks_line(t.name(c)) {
                    if let (1, Some(o)) = (count, only) {
                        f.alone[o] = true;
                    }
                    (only, count) = (None, 0);
                } else if f.chars[c] > 0 {
                    only = Some(c);
                    count += 1;
                }
            }
            if let (1, Some(o)) = (count, only) {
                f.alone[o] = true;
            }
        }
        f
    }

    /// Mostly links: at least 2 links and ≥ 60 % of the text inside them.
    fn is_link_list(&self, id: NodeId) -> bool {
        let (linked, total) = (u64::from(self.linked[id]), u64::from(self.chars[id]));
        total > 0 && self.links[id] >= 2 && linked * 10 >= total * 6
    }
}

/// Marks junk blocks in the body. Marks are recorded on the tree. Returns the email sign-up
/// boxes ([`signup_box`]), which are not marked: see there.
pub(crate) fn mark(t: &mut Tree) -> Vec<NodeId> {
    mark_counted(t).1
}

/// [`mark`], with the work done (see [`Facts::steps`]).
fn mark_counted(t: &mut Tree) -> (usize, Vec<NodeId>) {
    let body = t.body();
    let order: Vec<NodeId> = std::iter::once(body).chain(t.descendants(body)).collect();
    let mut f = Facts::gather(t, &order);
    let n = t.len();
    // Whether the node or an ancestor is marked, filled in pre-order (parents first) and set
    // on every mark this pass makes, so no node walks its ancestors.
    let mut gone = vec![false; n];
    gone[body] = t.removal(body).is_some();
    // Inline elements that stand alone as their block (alone on their line, and so is every
    // inline ancestor up to the block that holds them).
    let mut standalone = vec![false; n];
    let mut related: Vec<NodeId> = Vec::new();
    // A short block's text, one buffer for them all.
    let mut text = String::new();
    for &id in &order[1..] {
        f.steps += 1;
        let Some(parent) = t.parent(id) else { continue };
        if gone[parent] || t.is_marked(id) {
            gone[id] = true;
            continue;
        }
        let NodeData::Element(e) = t.data(id) else {
            continue;
        };
        let name = e.name;
        let parent_is_block = parent == body || breaks_line(t.name(parent));
        standalone[id] = f.alone[id] && (parent_is_block || standalone[parent]);
        if matches!(name, "h2" | "h3" | "h4" | "h5" | "h6") && f.bytes[id] < 64 {
            related.clear();
            related_section(t, &mut f, id, parent, body, &mut related);
            if !related.is_empty() {
                for &r in &related {
                    t.mark(r, Kind::Related, "heuristic:related-section");
                    gone[r] = true;
                }
                // The heading went, itself or with its container.
                continue;
            }
        }
        let candidate = is_block_line_tag(name) || (is_inline_line_tag(name) && standalone[id]);
        if candidate
            && !f.has_block[id]
            && f.bytes[id] > 0
            && f.bytes[id] as usize <= SHORT_BLOCK * 4
        {
            text.clear();
            t.append_text(id, &mut text);
            if let Some(kind) = promo_kind(&text) {
                t.mark(id, kind, "heuristic:promo-text");
                gone[id] = true;
            }
        }
    }
    // Sign-up boxes are found here, where their email field still is (the scorer's cleaning
    // takes forms and inputs out), and removed by the refiner, inside the picked article
    // only: taken out before scoring, a box's paragraph of pitch was enough to change which
    // block a fragile page's scorer picked (two dragnet pages in 1 379 lost their article).
    let mut boxes = Vec::new();
    let mut climbed = vec![false; n];
    for &id in &order[1..] {
        if !is_email_field(t, id) {
            continue;
        }
        let Some(b) = signup_box(t, &f, id, body, &mut climbed) else {
            continue;
        };
        // Only a box that says what it is: a comment form or a login box beside a short
        // post may share a short container with the post.
        let lower = t.text_content(b).to_lowercase();
        if SIGNUP_WORDS.iter().any(|w| lower.contains(w)) {
            boxes.push(b);
        }
    }
    (f.steps, boxes)
}

/// The most a sign-up box may say, in non-space characters (its pitch, its labels, its
/// button and a privacy line): more, and the block holds something besides the box.
const SIGNUP_MAX_CHARS: u32 = 250;

/// Words that make an email box a newsletter's rather than a comment form's or a login's.
const SIGNUP_WORDS: &[&str] = &[
    "newsletter",
    "subscribe",
    "sign up",
    "sign-up",
    "signup",
    "inbox",
    "updates",
    "digest",
];

/// Whether `id` is a field for an email address: `type="email"`, or a text field named or
/// labelled for one (older forms).
fn is_email_field(t: &Tree, id: NodeId) -> bool {
    if t.name(id) != "input" {
        return false;
    }
    let ty = t.attr(id, "type").unwrap_or("text").trim();
    if ty.eq_ignore_ascii_case("email") {
        return true;
    }
    (ty.is_empty() || ty.eq_ignore_ascii_case("text"))
        && ["name", "id", "placeholder", "aria-label"].iter().any(|a| {
            t.attr(id, a).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("email") || v.contains("e-mail")
            })
        })
}

/// The block around an email field that is a sign-up box ("Keep up with the Daily
/// newsletter." over a form): its highest ancestor that still says no more than such a box
/// does ([`SIGNUP_MAX_CHARS`]), below the page's and the article's own containers.
///
/// `climbed` marks the ancestors earlier fields' climbs went through. Text only grows
/// upward, so a climb that reaches one would end where that climb ended, at a box already
/// judged: it stops there (`None`). Every node is climbed through once, and the boxes found
/// are disjoint, so a page of 40 000 email fields in one `div` costs one walk, not 40 000.
fn signup_box(
    t: &Tree,
    f: &Facts,
    field: NodeId,
    body: NodeId,
    climbed: &mut [bool],
) -> Option<NodeId> {
    let mut best = None;
    let mut cur = t.parent(field)?;
    while cur != body
        && f.chars[cur] <= SIGNUP_MAX_CHARS
        && !matches!(t.name(cur), "article" | "main" | "body" | "html")
    {
        if std::mem::replace(&mut climbed[cur], true) {
            return None;
        }
        best = Some(cur);
        cur = t.parent(cur)?;
    }
    best
}

/// Normalised heading texts that introduce recirculation: the `related` phrases of
/// `rules/phrases.txt` (one list for both heuristics).
fn related_headings() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        rules::phrases()
            .iter()
            .filter(|p| p.kind == Kind::Related)
            .map(|p| p.text.as_str())
            .collect()
    })
}

/// Headings of the form "More from <section>" ("More from Politics", "More on Amazon",
/// "More Business News") are related headings too, when short: what follows them must still
/// be a list of links for anything to go.
const MORE: &str = "more ";

/// How long a "More …" heading may be (normalised bytes).
const MORE_MAX: usize = 40;

/// Whether a normalised ([`rules::normalize_phrase`]) line is a heading that introduces
/// recirculation: "Related", "Most read", "More from Politics".
pub(crate) fn is_related_heading(text: &str) -> bool {
    related_headings().contains(text) || (text.starts_with(MORE) && text.len() < MORE_MAX)
}

/// A heading such as "Related stories" followed by a list of links: the heading and the list
/// go. Only when the following block is mostly links, so a section titled "Related" that
/// holds prose stays. What to mark is pushed to `out`.
fn related_section(
    t: &Tree,
    f: &mut Facts,
    heading: NodeId,
    parent: NodeId,
    body: NodeId,
    out: &mut Vec<NodeId>,
) {
    if !is_related_heading(&rules::normalize_phrase(&t.text_content(heading))) {
        return;
    }
    let container = parent != body && parent != ROOT;
    // The next element sibling: a step from the heading's own place, not a scan of the
    // parent's children (a page may hold thousands of such headings side by side).
    let next = t.index_in_parent(heading).and_then(|i| {
        t.children(parent)[i + 1..].iter().copied().find(|&c| {
            f.steps += 1;
            t.elem(c).is_some()
        })
    });
    match next {
        Some(next) if f.is_link_list(next) => out.extend([next, heading]),
        Some(_) => {
            if f.elements[parent] <= 3 && container && f.is_link_list(parent) {
                out.push(parent);
            }
        }
        // The heading ends its container: judge the container.
        None => {
            if container && f.is_link_list(parent) {
                out.push(parent);
            }
        }
    }
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

    /// A body of `n` × `<h2>Related links</h2><ul><li><a>x</a></li><li><a>y</a></li></ul>`
    /// side by side after a paragraph.
    fn related_page(n: usize) -> Tree {
        let mut b = crate::build::TreeBuilder::new(64);
        let open = |b: &mut crate::build::TreeBuilder, name: &str| {
            b.open(
                name,
                &crate::tree::AttrList::default(),
                false,
                usize::MAX / 2,
            )
            .expect("node")
        };
        let body = open(&mut b, "body");
        let p = open(&mut b, "p");
        b.text("The article itself, with a sentence or two of prose.");
        b.close(p);
        for _ in 0..n {
            let h = open(&mut b, "h2");
            b.text("Related links");
            b.close(h);
            let ul = open(&mut b, "ul");
            for word in ["x", "y"] {
                let li = open(&mut b, "li");
                let a = open(&mut b, "a");
                b.text(word);
                b.close(a);
                b.close(li);
            }
            b.close(ul);
        }
        b.close(body);
        b.finish()
    }

    #[test]
    fn related_headings_take_linear_work() {
        let n = 500;
        let mut small = related_page(n);
        let mut big = related_page(4 * n);
        let (w1, w4) = (mark_counted(&mut small).0, mark_counted(&mut big).0);
        // Linear: 4× the headings, about 4× the work (a sibling scan per heading gives 16×).
        assert!(w4 <= w1 * 9 / 2, "work {w1} at n = {n}, {w4} at 4n");
        // And every heading with its list is still marked.
        let marked = |t: &Tree| t.descendants(ROOT).filter(|&id| t.is_marked(id)).count();
        assert_eq!(marked(&small), 2 * n);
        assert_eq!(marked(&big), 8 * n);
    }

    #[test]
    fn first_words_are_normalised_as_phrases() {
        let parts = [
            "Sign", "up", "READ", " ", "\u{a0}", "›", "+", "%", "`", "’", "“", "é", "İ", "1", ":",
            ".",
        ];
        let mut next = crate::test_rng(19);
        for _ in 0..20_000 {
            let s = crate::test_string(&mut next, &parts, 6);
            let token = s.split_whitespace().next().unwrap_or("");
            let want = trim_punct(&rules::normalize_phrase(token)).to_string();
            assert_eq!(first_word(&s), want, "{s:?}");
        }
    }
}
