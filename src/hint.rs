//! Selector hints: for each block of the rendered article, a selector naming the page's own
//! element, so a reader can offer "remove this, and remember it for this site" as a user rule
//! (`example.com##<hint>`) that the next clean of that site applies while it streams.
//!
//! A hint must keep naming the same kind of block on the next load and on the site's other
//! articles, and must be a selector the rule parser accepts. So it is built from the element's
//! own `id` or classes only, never from its position (`:nth-child` would remove the 7th
//! paragraph of every article), never from its tag (scoring renames tags, Readability-style:
//! a `div` of phrasing content is rendered as a `p`), and never from an ancestor (scoring moves
//! blocks under new parents). Names that look generated — CSS-in-JS hashes, CMS numbers, state
//! classes a script toggles — are left out; an element with nothing stable left gets no hint,
//! and the reader then offers to remove it only this time.
//!
//! Hints are ASCII identifiers behind `#` or `.`: nothing in one needs escaping in a selector,
//! and the renderer escapes the attribute value like every other.

use crate::tree::{Elem, NodeId, Tree};

/// The attribute the renderer writes a hint into.
pub(crate) const ATTRIBUTE: &str = "data-bs-sel";

/// The attribute that carries a hint to a node that stands in for the page's element: a name
/// with a space, which no page can give an attribute (the tokenizer ends a name at white
/// space), so a page can never choose its own hint.
const CARRIED: &str = "bs sel";

/// Scoring replaces `from` (a page's `div` of loose text) by `to` (the `p` it wrapped that
/// text in, Readability-style): `to` takes `from`'s hint, unless it has one of its own, so
/// the block the reader shows still names the page's element. Attributes scoring reads are
/// left alone.
pub(crate) fn carry(t: &mut Tree, from: NodeId, to: NodeId) {
    let (Some(f), Some(e)) = (t.elem(from), t.elem(to)) else {
        return;
    };
    if selector_hint(&e).is_some() {
        return;
    }
    let Some(h) = selector_hint(&f) else {
        return;
    };
    let mut attrs = e.attrs_vec();
    attrs.retain(|(n, _)| n != CARRIED);
    attrs.push((CARRIED.to_string(), h));
    t.set_attrs(to, attrs);
}

/// Rendered elements that carry a hint: the blocks a reader can point at and remove.
pub(crate) const HINTED: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Classes in one hint, at most: enough to tell `paragraph paragraph--promo` from
/// `paragraph`, few enough that one class added later by the site does not matter.
const MAX_CLASSES: usize = 3;

/// Longest class or id used.
const MAX_NAME_LEN: usize = 48;

/// Class names scripts toggle (visibility, lazy loading, animation): they may be absent on
/// the next load.
const STATE_CLASSES: &[&str] = &[
    "active",
    "animated",
    "collapse",
    "collapsed",
    "expanded",
    "fade",
    "fixed",
    "hidden",
    "in",
    "in-view",
    "lazyload",
    "lazyloaded",
    "loaded",
    "open",
    "selected",
    "show",
    "sticky",
    "visible",
];

/// Prefixes of state classes and of generated class names (CSS-in-JS, framework scopes).
const UNSTABLE_PREFIXES: &[&str] = &[
    "is-", "has-", "ng-", "css-", "sc-", "jsx-", "svelte-", "astro-", "emotion-", "aos-",
];

/// Layout and utility classes that name no kind of block: a rule naming one would remove
/// every block the site lays out that way (measured on the Readability corpus by
/// `scripts/hint-coverage.mjs`: `.clearfix`, `.content`, spacing utilities).
const GENERIC_CLASSES: &[&str] = &[
    "block",
    "body",
    "center",
    "cf",
    "clear",
    "clearfix",
    "col",
    "column",
    "columns",
    "container",
    "content",
    "contents",
    "full-width",
    "grid",
    "group",
    "inner",
    "left",
    "outer",
    "right",
    "row",
    "section",
    "text",
    "wrap",
    "wrapper",
];

/// Prefixes of utility classes (Tailwind, Bootstrap): spacing, sizing, colour, layout.
const UTILITY_PREFIXES: &[&str] = &[
    "m-", "mt-", "mb-", "ml-", "mr-", "mx-", "my-", "p-", "pt-", "pb-", "pl-", "pr-", "px-", "py-",
    "w-", "h-", "text-", "bg-", "border-", "d-", "col-", "flex", "align-", "justify-", "c-gray",
    "font-", "leading-",
];

/// The hint for an element, or `None` when it has no stable id or class: `#id` when the id
/// looks hand-written (no digits: numbered ids are positions or records), else its stable
/// classes, `.a.b`, in source order.
pub(crate) fn selector_hint(e: &Elem) -> Option<String> {
    if let Some(h) = e.attr(CARRIED) {
        return Some(h.to_string());
    }
    if let Some(id) = e.attr("id") {
        if stable_name(id) && !id.bytes().any(|b| b.is_ascii_digit()) {
            return Some(format!("#{id}"));
        }
    }
    let mut out = String::new();
    let mut taken: Vec<&str> = Vec::new();
    for c in e.attr("class")?.split_ascii_whitespace() {
        if taken.len() == MAX_CLASSES {
            break;
        }
        if taken.contains(&c) || !stable_class(c) {
            continue;
        }
        taken.push(c);
        out.push('.');
        out.push_str(c);
    }
    (!taken.is_empty()).then_some(out)
}

fn stable_class(c: &str) -> bool {
    stable_name(c)
        && !STATE_CLASSES.contains(&c)
        && !GENERIC_CLASSES.contains(&c)
        && !UNSTABLE_PREFIXES.iter().any(|p| c.starts_with(p))
        && !UTILITY_PREFIXES.iter().any(|p| c.starts_with(p))
}

/// An ASCII CSS identifier that reads as chosen by a person: it starts with a letter or `_`
/// (or `-` and a letter), holds only letters, digits, `-` and `_`, has no run of three digits
/// (record numbers), and none of its `-`/`_` parts looks like a hash (`1dbjc4n`, `a8f3c9e`;
/// `h2` and `col6` are fine) or a styled-components name (`bdVaJa`).
fn stable_name(s: &str) -> bool {
    let b = s.as_bytes();
    let first_ok = match b {
        [c, ..] if c.is_ascii_alphabetic() || *c == b'_' => true,
        [b'-', c, ..] => c.is_ascii_alphabetic(),
        _ => false,
    };
    if !first_ok
        || b.len() < 2
        || b.len() > MAX_NAME_LEN
        || !b
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
    {
        return false;
    }
    let mut run = 0;
    for c in b {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 3 {
            return false;
        }
    }
    s.split(['-', '_'])
        .filter(|p| !p.is_empty())
        .all(|p| !looks_generated(p))
}

/// A part mixing letters and digits other than letters then one or two digits (`h2`,
/// `col12`), or with two or more lower-to-upper case changes in at most 8 letters.
fn looks_generated(part: &str) -> bool {
    let b = part.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < b.len() {
        let letters = b.len() - digits;
        let letters_then_digits = b[..letters].iter().all(u8::is_ascii_alphabetic) && digits <= 2;
        if !letters_then_digits {
            return true;
        }
    }
    let changes = b
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count();
    changes >= 2 && b.len() <= 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(attrs: &[(&str, &str)]) -> Option<String> {
        let mut t = Tree::new();
        let p = t.create_with_attrs(
            "p",
            attrs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        );
        selector_hint(&t.elem(p)?)
    }

    #[test]
    fn ids_win_when_they_look_hand_written() {
        assert_eq!(
            hint(&[("id", "newsletter-signup")]).as_deref(),
            Some("#newsletter-signup")
        );
        assert_eq!(
            hint(&[("id", "para-12"), ("class", "promo")]).as_deref(),
            Some(".promo"),
            "a numbered id is a position, not a name"
        );
        assert_eq!(hint(&[("id", "post-123456")]), None);
    }

    #[test]
    fn classes_keep_the_stable_ones_in_order() {
        assert_eq!(
            hint(&[(
                "class",
                "  paragraph  paragraph--promo is-visible lazyloaded "
            )])
            .as_deref(),
            Some(".paragraph.paragraph--promo")
        );
        assert_eq!(
            hint(&[("class", "a-b c-d e-f g-h")]).as_deref(),
            Some(".a-b.c-d.e-f"),
            "at most three"
        );
        assert_eq!(
            hint(&[("class", "h2 col6 lead")]).as_deref(),
            Some(".h2.col6.lead")
        );
        assert_eq!(
            hint(&[("class", "clearfix mt-35 col-md-6 text-center newsletter")]).as_deref(),
            Some(".newsletter"),
            "layout and utility classes name no kind of block"
        );
        assert_eq!(hint(&[("class", "content clearfix")]), None);
        assert_eq!(hint(&[("class", "promo promo")]).as_deref(), Some(".promo"));
    }

    #[test]
    fn generated_and_unsafe_names_give_no_hint() {
        for class in [
            "css-1dbjc4n",
            "sc-bdVaJa",
            "a8f3c9e",
            "Article_body__3xYz1",
            "jsx-2781530958",
            "md:flex",
            "w-1/2",
            "1col",
            "--x",
            "x",
            "caf\u{e9}",
            "x\"onmouseover=alert(1)",
            "a<b",
            "ng-scope",
        ] {
            assert_eq!(hint(&[("class", class)]), None, "{class:?}");
        }
        assert_eq!(hint(&[]), None);
        assert_eq!(hint(&[("id", "")]), None);
    }

    #[test]
    fn every_hint_is_a_valid_user_rule() {
        for attrs in [
            vec![("id", "newsletter-signup")],
            vec![("class", "paragraph paragraph--promo")],
            vec![("class", "_private -webkit-thing h2")],
        ] {
            let h = hint(&attrs).expect("a hint");
            crate::rules::RuleSet::parse(&format!("example.com##{h}"), "user")
                .unwrap_or_else(|e| panic!("{h}: {e}"));
        }
    }
}
