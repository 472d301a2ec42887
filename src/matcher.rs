//! A fast path for the simplest cosmetic rules.
//!
//! lol_html runs every selector it is given for every element: with a few hundred rules,
//! matching cost more than parsing the page. Most rules, though, are a single compound
//! selector (`.promo`, `#taboola-below`, `div[id^="ad-slot"]:not(.section)`) that can be decided
//! from one element's own tag and attributes. Those are indexed here by id, class and tag, so
//! an element only meets the few rules that could match it. A child combinator of two such
//! compounds (`.offer > iframe`) is taken too ([`Child`]), its parent read from the tree; a
//! single rule with a combinator made lol_html track its selector stack for every element of
//! every page. Other combinators and structural pseudo-classes still go to lol_html. Every
//! selector is one lol_html's parser takes (a user's is parsed with the rule, every built-in
//! one by a unit test), so this parser only has to *recognise* the simple shape and hands
//! anything else back.
//!
//! A selector taken here must match exactly the elements lol_html would match (whether a rule
//! is fast or slow must never show; the one exception is a child rule's parent under HTML's
//! implied ends, see [`Child`]), so shapes this matcher cannot decide as lol_html does are
//! handed back too:
//! - tests of `on*` attributes, which the scan does not collect;
//! - value tests, without an `i` flag, of attributes whose values HTML compares ASCII
//!   case-insensitively on HTML elements but not inside `<svg>` or `<math>` (`[type="x"]`);
//!   the matcher is not told the element's namespace;
//! - `:not()` of more than one simple selector: lol_html negates each part on its own
//!   (`:not(div.a)` runs as `:not(div):not(.a)`).
//!
//! The differential test at the bottom checks all of this against lol_html.

use hashbrown::HashMap;

use crate::tree::AttrList;

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Exists,
    Equals,
    /// `~=`: one of the whitespace-separated words.
    Word,
    Prefix,
    Suffix,
    Contains,
    /// `|=`: equal, or followed by `-`.
    Dash,
}

#[derive(Debug, Clone, PartialEq)]
struct AttrTest {
    name: String,
    op: Op,
    value: String,
    ignore_case: bool,
}

/// A compound selector: all of its parts must hold on one element.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Compound {
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    attrs: Vec<AttrTest>,
    /// `:not(simple)` parts.
    nots: Vec<Compound>,
}

/// Parses a selector list made only of compound selectors; `None` when any alternative uses
/// combinators or pseudo-classes other than `:not(simple)`.
pub(crate) fn parse_simple(selector: &str) -> Option<Vec<Compound>> {
    split_top_level(selector, ',')?
        .iter()
        .map(|alt| parse_compound(alt.trim(), true))
        .collect()
}

/// A child-combinator selector of two compounds (`.offer > iframe`): matched by the scan
/// itself, the parent being the element's parent in the tree, as the page's DOM has it. For
/// well-formed markup that is lol_html's parent too; where a start tag closes an open
/// element by HTML's implied ends (`<p class=x><div>`), the tree follows HTML (the `div` is
/// not the `p`'s child) where lol_html's open-element stack would not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Child {
    pub parent: Compound,
    pub child: Compound,
}

/// Parses `compound > compound`; `None` for any other shape.
pub(crate) fn parse_child(selector: &str) -> Option<Child> {
    if split_top_level(selector, ',')?.len() != 1 {
        return None;
    }
    let parts = split_top_level(selector, '>')?;
    let [parent, child] = parts.as_slice() else {
        return None;
    };
    Some(Child {
        parent: parse_compound(parent.trim(), true)?,
        child: parse_compound(child.trim(), true)?,
    })
}

/// Splits on `sep` outside brackets, parentheses and quotes (slices of `s`).
fn split_top_level(s: &str, sep: char) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut start = 0;
    let (mut depth, mut quote) = (0i32, None::<char>);
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    out.push(&s[start..]);
    Some(out)
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

fn parse_compound(s: &str, allow_not: bool) -> Option<Compound> {
    if s.is_empty() {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut c = Compound::default();
    let ident = |i: &mut usize| -> Option<String> {
        let start = *i;
        while *i < chars.len() && is_ident_char(chars[*i]) {
            *i += 1;
        }
        (*i > start).then(|| chars[start..*i].iter().collect())
    };
    // Simple selectors in the compound, `*` included.
    let mut parts = 0;
    if chars[0] == '*' {
        i = 1;
        parts += 1;
    } else if is_ident_char(chars[0]) {
        c.tag = Some(ident(&mut i)?.to_ascii_lowercase());
        parts += 1;
    }
    while i < chars.len() {
        parts += 1;
        match chars[i] {
            '.' => {
                i += 1;
                c.classes.push(ident(&mut i)?);
            }
            '#' => {
                i += 1;
                c.ids.push(ident(&mut i)?);
            }
            '[' => {
                let end = find_close(&chars, i, '[', ']')?;
                c.attrs
                    .push(parse_attr(&chars[i + 1..end].iter().collect::<String>())?);
                i = end + 1;
            }
            ':' if allow_not => {
                let rest: String = chars[i..].iter().collect();
                if !rest.to_ascii_lowercase().starts_with(":not(") {
                    return None;
                }
                let open = i + 4;
                let end = find_close(&chars, open, '(', ')')?;
                let inner: String = chars[open + 1..end].iter().collect();
                c.nots.push(parse_compound(inner.trim(), false)?);
                i = end + 1;
            }
            _ => return None, // a combinator, whitespace or another pseudo-class
        }
    }
    // Inside `:not()`, one simple selector: lol_html negates the parts of a compound one by
    // one, which is not what the compound means.
    (allow_not || parts == 1).then_some(c)
}

fn find_close(chars: &[char], open: usize, o: char, cl: char) -> Option<usize> {
    let (mut depth, mut quote) = (0, None::<char>);
    for (j, &ch) in chars.iter().enumerate().skip(open) {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' => quote = Some(ch),
            _ if ch == o => depth += 1,
            _ if ch == cl => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Attributes whose values the HTML spec compares ASCII case-insensitively when a selector
/// gives no flag, on HTML elements only
/// (<https://html.spec.whatwg.org/multipage/semantics-other.html#case-sensitivity-of-selectors>);
/// lol_html does so too (the list is the one of its `selectors` crate).
const CASE_INSENSITIVE_IN_HTML: &[&str] = &[
    "accept",
    "accept-charset",
    "align",
    "alink",
    "axis",
    "bgcolor",
    "charset",
    "checked",
    "clear",
    "codetype",
    "color",
    "compact",
    "declare",
    "defer",
    "dir",
    "direction",
    "disabled",
    "enctype",
    "face",
    "frame",
    "hreflang",
    "http-equiv",
    "lang",
    "language",
    "link",
    "media",
    "method",
    "multiple",
    "nohref",
    "noresize",
    "noshade",
    "nowrap",
    "readonly",
    "rel",
    "rev",
    "rules",
    "scope",
    "scrolling",
    "selected",
    "shape",
    "target",
    "text",
    "type",
    "valign",
    "valuetype",
    "vlink",
];

fn parse_attr(inner: &str) -> Option<AttrTest> {
    let test = parse_attr_test(inner)?;
    let case_depends_on_namespace = test.op != Op::Exists
        && !test.ignore_case
        && CASE_INSENSITIVE_IN_HTML.contains(&test.name.as_str());
    (crate::scan::keeps_attribute(&test.name) && !case_depends_on_namespace).then_some(test)
}

fn parse_attr_test(inner: &str) -> Option<AttrTest> {
    let inner = inner.trim();
    let ops = [
        ("~=", Op::Word),
        ("|=", Op::Dash),
        ("^=", Op::Prefix),
        ("$=", Op::Suffix),
        ("*=", Op::Contains),
        ("=", Op::Equals),
    ];
    for (tok, op) in ops {
        if let Some(pos) = inner.find(tok) {
            let name = inner[..pos].trim().to_ascii_lowercase();
            let mut rest = inner[pos + tok.len()..].trim();
            let mut ignore_case = false;
            if let Some(stripped) = rest.strip_suffix(" i").or_else(|| rest.strip_suffix(" I")) {
                rest = stripped.trim_end();
                ignore_case = true;
            }
            let value = if (rest.starts_with('"') && rest.ends_with('"')
                || rest.starts_with('\'') && rest.ends_with('\''))
                && rest.len() >= 2
            {
                rest[1..rest.len() - 1].to_string()
            } else if rest.chars().all(is_ident_char) {
                rest.to_string()
            } else {
                return None;
            };
            if value.contains('\\') || name.is_empty() || !name.chars().all(is_ident_char) {
                return None; // escapes: leave to lol_html
            }
            return Some(AttrTest {
                name,
                op,
                value,
                ignore_case,
            });
        }
    }
    let name = inner.to_ascii_lowercase();
    (!name.is_empty() && name.chars().all(is_ident_char)).then_some(AttrTest {
        name,
        op: Op::Exists,
        value: String::new(),
        ignore_case: false,
    })
}

fn attr<'a>(attrs: &'a AttrList, name: &str) -> Option<&'a str> {
    attrs.get(name)
}

/// ASCII case-insensitive search of `needle` (already lower-case) in `hay`.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

impl AttrTest {
    fn matches(&self, attrs: &AttrList) -> bool {
        let Some(v) = attr(attrs, &self.name) else {
            return false;
        };
        let want = self.value.as_str();
        if self.ignore_case {
            let eq = |a: &str| a.eq_ignore_ascii_case(want);
            return match self.op {
                Op::Exists => true,
                Op::Equals => eq(v),
                Op::Word => !want.is_empty() && v.split_ascii_whitespace().any(eq),
                Op::Prefix => {
                    !want.is_empty()
                        && v.len() >= want.len()
                        && v.is_char_boundary(want.len())
                        && eq(&v[..want.len()])
                }
                Op::Suffix => {
                    !want.is_empty()
                        && v.len() >= want.len()
                        && v.is_char_boundary(v.len() - want.len())
                        && eq(&v[v.len() - want.len()..])
                }
                Op::Contains => !want.is_empty() && find_ci(v, want).is_some(),
                Op::Dash => {
                    eq(v)
                        || (v.len() > want.len()
                            && v.is_char_boundary(want.len())
                            && eq(&v[..want.len()])
                            && v.as_bytes()[want.len()] == b'-')
                }
            };
        }
        match self.op {
            Op::Exists => true,
            Op::Equals => v == want,
            Op::Word => !want.is_empty() && v.split_ascii_whitespace().any(|w| w == want),
            Op::Prefix => !want.is_empty() && v.starts_with(want),
            Op::Suffix => !want.is_empty() && v.ends_with(want),
            Op::Contains => !want.is_empty() && v.contains(want),
            Op::Dash => {
                v == want || (v.starts_with(want) && v.as_bytes().get(want.len()) == Some(&b'-'))
            }
        }
    }
}

/// The element a rule is tried on: its `id` and `class` looked up once per element, not
/// once per rule tried (an element meets several).
struct Subject<'a> {
    tag: &'a str,
    id: Option<&'a str>,
    class: Option<&'a str>,
    attrs: &'a AttrList,
}

impl Compound {
    fn matches(&self, el: &Subject<'_>) -> bool {
        let (tag, attrs) = (el.tag, el.attrs);
        if self.tag.as_deref().is_some_and(|t| t != tag) {
            return false;
        }
        let id = el.id;
        if !self.ids.iter().all(|want| id == Some(want.as_str())) {
            return false;
        }
        if !self.classes.is_empty() {
            let class = el.class.unwrap_or("");
            if !self
                .classes
                .iter()
                .all(|want| class.split_ascii_whitespace().any(|c| c == want))
            {
                return false;
            }
        }
        self.attrs.iter().all(|a| a.matches(attrs)) && !self.nots.iter().any(|n| n.matches(el))
    }
}

/// Compound selectors by a key (an id, a class, an attribute name, a tag), with a filter in
/// front of the map: most of a page's class tokens and attribute names are no rule's key, and
/// hashing each of them was most of the matcher's time (4.6 % of `clean()` in Chromium). A
/// key's length and first, second and last bytes pick one of 4 096 bits; a token whose bit is
/// clear is not a key, without hashing it.
#[derive(Default)]
struct Index {
    map: HashMap<String, Vec<usize>>,
    seen: Vec<u64>,
}

impl Index {
    const BITS: usize = 4096;

    fn bit(key: &str) -> usize {
        let b = key.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        let second = b.get(1).copied();
        let h = (b.len() as u32).wrapping_mul(0x9E37_79B9)
            ^ u32::from(first.unwrap_or(0)).wrapping_mul(0x85EB_CA6B)
            ^ u32::from(second.unwrap_or(0)).wrapping_mul(0xC2B2_AE35)
            ^ u32::from(last.unwrap_or(0)).wrapping_mul(0x27D4_EB2F);
        (h >> 20) as usize % Self::BITS
    }

    fn add(&mut self, key: &str, entry: usize) {
        if self.seen.is_empty() {
            self.seen = vec![0; Self::BITS / 64];
        }
        let bit = Self::bit(key);
        self.seen[bit / 64] |= 1 << (bit % 64);
        self.map.entry(key.to_string()).or_default().push(entry);
    }

    fn get(&self, key: &str) -> &[usize] {
        let bit = Self::bit(key);
        match self.seen.get(bit / 64) {
            Some(w) if w & (1 << (bit % 64)) != 0 => self.map.get(key).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Tags too common to key a compound by when it also tests an attribute.
const COMMON_TAGS: &[&str] = &["div", "span", "a", "p", "li", "img"];

/// Compound selectors indexed by the part an element must have for them to match at all.
#[derive(Default)]
pub(crate) struct Matcher {
    entries: Vec<(Compound, usize)>,
    by_id: Index,
    by_class: Index,
    /// Selectors that test an attribute, by its name: tried only on elements that have it.
    by_attr: Index,
    by_tag: Index,
    /// Anything else (`*`): tried on every element.
    rest: Vec<usize>,
}

impl Matcher {
    /// Adds the compounds of rule number `rule`.
    pub fn add(&mut self, compounds: &[Compound], rule: usize) {
        for c in compounds {
            let i = self.entries.len();
            self.entries.push((c.clone(), rule));
            // A rare tag (`iframe[src*=…]`, `aside[class*=…]`) is a narrower key than the
            // attribute its test reads, which nearly every element of some kind carries.
            let rare_tag = c.tag.as_deref().filter(|t| !COMMON_TAGS.contains(t));
            if let Some(id) = c.ids.first() {
                self.by_id.add(id, i);
            } else if let Some(class) = c.classes.first() {
                self.by_class.add(class, i);
            } else if let Some(tag) = rare_tag {
                self.by_tag.add(tag, i);
            } else if let Some(a) = c.attrs.first() {
                self.by_attr.add(&a.name, i);
            } else if let Some(tag) = &c.tag {
                self.by_tag.add(tag, i);
            } else {
                self.rest.push(i);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The lowest-numbered rule matching this element, if any (rules apply in list order).
    pub fn first_match(&self, tag: &str, attrs: &AttrList) -> Option<usize> {
        let mut best: Option<usize> = None;
        self.each_match(tag, attrs, |rule| {
            if best.is_none_or(|b| rule < b) {
                best = Some(rule);
            }
        });
        best
    }

    /// Every rule numbered below 64 that matches this element, as bits.
    pub fn matching(&self, tag: &str, attrs: &AttrList) -> u64 {
        self.split_match(tag, attrs, 0).1
    }

    /// In one pass over the candidates: the lowest-numbered matching rule below `split`, and
    /// the matching rules from `split` to `split + 63`, as bits of their number minus `split`.
    pub fn split_match(&self, tag: &str, attrs: &AttrList, split: usize) -> (Option<usize>, u64) {
        let (mut best, mut bits) = (None::<usize>, 0u64);
        self.each_match(tag, attrs, |rule| match rule.checked_sub(split) {
            None if best.is_none_or(|b| rule < b) => best = Some(rule),
            Some(k) if k < 64 => bits |= 1 << k,
            _ => {}
        });
        (best, bits)
    }

    /// Calls `hit` with the rule of every compound that matches this element (a rule may
    /// come more than once), trying only the compounds indexed under its id, classes,
    /// attribute names and tag.
    fn each_match(&self, tag: &str, attrs: &AttrList, mut hit: impl FnMut(usize)) {
        let el = Subject {
            tag,
            id: attr(attrs, "id"),
            class: attr(attrs, "class"),
            attrs,
        };
        let mut try_entry = |i: usize| {
            let (c, rule) = &self.entries[i];
            if c.matches(&el) {
                hit(*rule);
            }
        };
        if let Some(id) = el.id {
            for &i in self.by_id.get(id) {
                try_entry(i);
            }
        }
        if let Some(class) = el.class {
            for token in class.split_ascii_whitespace() {
                for &i in self.by_class.get(token) {
                    try_entry(i);
                }
            }
        }
        if !self.by_attr.is_empty() {
            for name in attrs.names() {
                for &i in self.by_attr.get(name) {
                    try_entry(i);
                }
            }
        }
        for &i in self.by_tag.get(tag) {
            try_entry(i);
        }
        for &i in &self.rest {
            try_entry(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> AttrList {
        AttrList::from_pairs(pairs.iter().copied())
    }

    fn matches(sel: &str, tag: &str, a: &[(&str, &str)]) -> bool {
        let mut m = Matcher::default();
        m.add(&parse_simple(sel).expect("simple"), 0);
        m.first_match(tag, &attrs(a)).is_some()
    }

    #[test]
    fn recognises_only_simple_shapes() {
        assert!(parse_simple(".a").is_some());
        assert!(parse_simple("div#x.y[data-z^=\"q\" i]:not(.section)").is_some());
        assert!(parse_simple(".a, #b").is_some());
        assert!(parse_simple(".a .b").is_none());
        assert!(parse_simple(".a > .b").is_none());
        assert!(parse_simple("li:nth-child(2)").is_none());
        assert!(parse_simple("a:not(.b .c)").is_none());
    }

    #[test]
    fn recognises_a_child_combinator_of_two_compounds_only() {
        let c = parse_child(".tp-container-inner > iframe").expect("child");
        assert_eq!(
            c.parent,
            parse_compound(".tp-container-inner", true).unwrap()
        );
        assert_eq!(c.child, parse_compound("iframe", true).unwrap());
        assert!(parse_child("div[data-x=\"a>b\"]>p").is_some());
        assert!(parse_child(".a > .b > .c").is_none());
        assert!(parse_child(".a .b").is_none());
        assert!(parse_child(".a > .b .c").is_none());
        assert!(parse_child(".a > .b, .c").is_none());
        assert!(parse_child("> .b").is_none());
        assert!(parse_child(".a >").is_none());
        assert!(parse_child(".a > li:nth-child(2)").is_none());
    }

    #[test]
    fn the_index_filter_never_hides_a_key() {
        let mut index = Index::default();
        let keys: Vec<String> = (0..3000)
            .map(|i| format!("k{i}-{}", "x".repeat(i % 7)))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            index.add(k, i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(k), [i], "{k}");
        }
        assert_eq!(index.get("not-a-key"), [] as [usize; 0]);
        assert_eq!(Index::default().get("k1-x"), [] as [usize; 0]);
    }

    #[test]
    fn split_match_gives_the_first_rule_below_the_split_and_bits_above() {
        let mut m = Matcher::default();
        m.add(&parse_simple(".b").unwrap(), 1);
        m.add(&parse_simple("div").unwrap(), 0);
        m.add(&parse_simple(".p").unwrap(), 2);
        m.add(&parse_simple("[data-q]").unwrap(), 4);
        let a = attrs(&[("class", "b p"), ("data-q", "")]);
        assert_eq!(m.split_match("div", &a, 2), (Some(0), 0b101));
        assert_eq!(m.split_match("span", &a, 2), (Some(1), 0b101));
        assert_eq!(m.split_match("span", &attrs(&[]), 2), (None, 0));
        assert_eq!(m.matching("div", &a), 0b10111);
    }

    /// Shapes lol_html accepts but decides differently from what this matcher could (see the
    /// module doc).
    #[test]
    fn hands_back_what_it_cannot_decide_like_lol_html() {
        assert!(parse_simple("[onclick]").is_none());
        assert!(parse_simple("div:not([ONLOAD])").is_none());
        assert!(parse_simple("[one=x]").is_none());
        assert!(parse_simple("[type=\"taboola\"]").is_none());
        assert!(parse_simple("[REL~=nofollow]").is_none());
        assert!(parse_simple("[type]").is_some());
        assert!(parse_simple("[type=\"taboola\" i]").is_some());
        assert!(parse_simple("[data-type=\"taboola\"]").is_some());
        assert!(parse_simple("div:not(span.a)").is_none());
        assert!(parse_simple("div:not(*.a)").is_none());
        assert!(parse_simple("div:not(*)").is_some());
        assert!(parse_simple("div:not([data-a=\"b\"])").is_some());
    }

    #[test]
    fn matches_like_css() {
        assert!(matches(".promo", "div", &[("class", "x promo y")]));
        assert!(!matches(".promo", "div", &[("class", "promotion")]));
        assert!(matches("#ad", "div", &[("id", "ad")]));
        assert!(matches(
            "div[id^=\"ad-slot\"]:not(.section)",
            "div",
            &[("id", "ad-slot-3")]
        ));
        assert!(!matches(
            "div[id^=\"ad-slot\"]:not(.section)",
            "div",
            &[("id", "ad-slot-3"), ("class", "section")]
        ));
        assert!(!matches(
            "div[id^=\"ad-slot\"]",
            "span",
            &[("id", "ad-slot-3")]
        ));
        assert!(matches(
            "[id*=\"cookie-banner\" i]",
            "div",
            &[("id", "Cookie-Banner-x")]
        ));
        assert!(!matches(
            "[id*=\"cookie-banner\"]",
            "div",
            &[("id", "Cookie-Banner-x")]
        ));
        assert!(matches("[data-ad-slot]", "ins", &[("data-ad-slot", "")]));
        assert!(matches(
            "amp-embed[type=\"taboola\" i]",
            "amp-embed",
            &[("type", "Taboola")]
        ));
        assert!(matches("[lang|=en i]", "p", &[("lang", "en-GB")]));
        assert!(matches(
            "[data-rel~=author]",
            "a",
            &[("data-rel", "me author")]
        ));
    }

    #[test]
    fn first_rule_in_list_order_wins() {
        let mut m = Matcher::default();
        m.add(&parse_simple("[data-x]").unwrap(), 5);
        m.add(&parse_simple(".a").unwrap(), 2);
        assert_eq!(
            m.first_match("div", &attrs(&[("class", "a"), ("data-x", "")])),
            Some(2)
        );
    }
}

/// Issue #12: the fast path against lol_html's own selector matching, on generated selectors
/// and elements. See [`differential_against_lol_html`] for what "agree" means.
#[cfg(test)]
mod differential {
    use super::*;
    use std::borrow::Cow;
    use std::cell::RefCell;

    use lol_html::html_content::Element as LolElement;
    use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};

    const SEED: u64 = 0x5eed_0012;
    const ELEMENTS: usize = 2000;
    const SELECTORS: usize = 500;
    const SCAN_MAX_ATTRIBUTES: usize = crate::scan::MAX_ATTRIBUTES;

    type Rng = dyn FnMut(usize) -> usize;

    fn pick<'a>(next: &mut Rng, from: &[&'a str]) -> &'a str {
        from[next(from.len())]
    }

    fn chance(next: &mut Rng, percent: usize) -> bool {
        next(100) < percent
    }

    /// What scan.rs's element handler collects for the matcher: the same functions, reading
    /// from `src` (the document, written in one piece) as the scan does.
    fn scan_element(el: &LolElement, src: &crate::scan::Source) -> (String, AttrList) {
        let (mut name, mut attrs) = (String::new(), AttrList::default());
        crate::scan::tag_name(el, src, &mut name);
        crate::scan::collect_attributes(el, src, &mut attrs);
        (name, attrs)
    }

    // Small pools, so that selectors and elements meet often.
    const TAGS: &[&str] = &[
        "div",
        "DIV",
        "Div",
        "span",
        "p",
        "a",
        "ins",
        "section",
        "amp-embed",
        "AMP-Embed",
        "img",
        "x-é",
    ];
    const ATTR_NAMES: &[&str] = &[
        "id", "ID", "class", "Class", "data-x", "Data-X", "data-y", "title", "type", "TYPE",
        "type", "lang", "rel", "onclick", "ONCLICK", "one", "x-é",
    ];
    const TOKENS: &[&str] = &["a", "b", "A", "ab", "a-b", "é", "É", "i"];
    /// Class-list separators: HTML whitespace, and vertical tab, which is not.
    const SEPARATORS: &[&str] = &[" ", "  ", "\t", "\n", "\x0c", "\r", " \n ", "\x0b"];
    /// Pieces of attribute values (decoded); never `'` or `&`, so a value can always be
    /// written without character references.
    const VALUE_PIECES: &[&str] = &[
        "a", "A", "b", "ab", "AB", "a-b", "-", " ", "é", "É", "\"", "\t", "\n", "\x0c", "=", "i",
    ];
    /// Pieces of selector values: those a CSS string holds unescaped (escapes are added
    /// apart).
    const SELECTOR_VALUE_PIECES: &[&str] = &[
        "a", "A", "b", "ab", "aB", "-", " ", "é", "É", "=", "i", "\"",
    ];
    const OPS: &[&str] = &["", "=", "~=", "^=", "$=", "*=", "|="];
    const FLAGS: &[&str] = &["", "", "", "", " i", " I", " i", " s", "i"];

    #[derive(Debug)]
    struct Elem {
        tag: &'static str,
        /// Name as written, decoded value, written without a value.
        attrs: Vec<(String, String, bool)>,
        /// Wrapped in `<svg>` (foreign content, unless the tag breaks out of it).
        foreign: bool,
    }

    fn class_list(next: &mut Rng) -> String {
        let mut s = String::new();
        if chance(next, 20) {
            s.push_str(pick(next, SEPARATORS));
        }
        for k in 0..next(4) {
            if k > 0 {
                s.push_str(pick(next, SEPARATORS));
            }
            s.push_str(pick(next, TOKENS));
        }
        if chance(next, 20) {
            s.push_str(pick(next, SEPARATORS));
        }
        s
    }

    fn value(next: &mut Rng) -> String {
        (0..[0, 1, 1, 1, 2, 3][next(6)])
            .map(|_| pick(next, VALUE_PIECES))
            .collect()
    }

    fn pool_attr(next: &mut Rng) -> (String, String, bool) {
        let name = pick(next, ATTR_NAMES);
        let v = match name.to_ascii_lowercase().as_str() {
            "class" => class_list(next),
            "id" if chance(next, 80) => pick(next, TOKENS).to_string(),
            _ => value(next),
        };
        let bare = v.is_empty() && chance(next, 50);
        (name.to_string(), v, bare)
    }

    fn element(next: &mut Rng) -> Elem {
        let tag = pick(next, TAGS);
        let foreign = chance(next, 8);
        let mut attrs: Vec<_> = (0..next(7)).map(|_| pool_attr(next)).collect();
        if chance(next, 3) {
            // More than the scan keeps: fillers (some of them `on*`, which still count
            // towards the 256), and the attributes selectors test mostly past position 256.
            let total = 257 + next(60);
            let mut all: Vec<_> = (0..total)
                .map(|k| {
                    let name = if chance(next, 10) {
                        format!("onf{k}")
                    } else {
                        format!("f{k}")
                    };
                    (name, String::new(), true)
                })
                .collect();
            for a in attrs.drain(..) {
                let at = if chance(next, 80) {
                    SCAN_MAX_ATTRIBUTES + next(total - SCAN_MAX_ATTRIBUTES)
                } else {
                    next(total)
                };
                all.insert(at, a);
            }
            all.push(pool_attr(next));
            attrs = all;
        }
        Elem {
            tag,
            attrs,
            foreign,
        }
    }

    /// An attribute value written with character references here and there (and `"` always),
    /// as the scan has to decode it.
    fn encoded(next: &mut Rng, v: &str) -> String {
        let mut out = String::new();
        for c in v.chars() {
            let named = match c {
                '"' => Some("&quot;"),
                'é' => Some("&eacute;"),
                'É' => Some("&Eacute;"),
                '\t' => Some("&Tab;"),
                '\n' => Some("&NewLine;"),
                _ => None,
            };
            if c != '"' && !chance(next, 25) {
                out.push(c);
                continue;
            }
            match (next(3), named) {
                (0, Some(n)) => out.push_str(n),
                (1, _) => out.push_str(&format!("&#{};", c as u32)),
                _ => out.push_str(&format!("&#x{:X};", c as u32)),
            }
        }
        out
    }

    /// An attribute value written as is (no character references): quoted with `'` when it
    /// holds a `"`.
    fn plain(v: &str) -> String {
        if v.contains('"') {
            format!("'{v}'")
        } else {
            format!("\"{v}\"")
        }
    }

    /// Appends `<tag attrs></tag>` (wrapped in `<svg>` if foreign) and returns the offset of
    /// the element's start tag.
    fn write_element<'a>(
        doc: &mut String,
        tag: &str,
        foreign: bool,
        attrs: impl Iterator<Item = (&'a str, String)>,
    ) -> usize {
        if foreign {
            doc.push_str("<svg>");
        }
        let start = doc.len();
        doc.push('<');
        doc.push_str(tag);
        for (name, written) in attrs {
            doc.push(' ');
            doc.push_str(name);
            if !written.is_empty() {
                doc.push('=');
                doc.push_str(&written);
            }
        }
        doc.push('>');
        if !tag.eq_ignore_ascii_case("img") {
            doc.push_str(&format!("</{tag}>"));
        }
        if foreign {
            doc.push_str("</svg>");
        }
        doc.push('\n');
        start
    }

    fn attr_selector(next: &mut Rng) -> String {
        let name = pick(next, ATTR_NAMES);
        let op = pick(next, OPS);
        let sp = |next: &mut Rng| if chance(next, 15) { " " } else { "" };
        if op.is_empty() {
            return format!("[{}{name}{}]", sp(next), sp(next));
        }
        let mut v: String = (0..[0, 1, 1, 1, 2][next(5)])
            .map(|_| pick(next, SELECTOR_VALUE_PIECES))
            .collect();
        if chance(next, 5) {
            v.push_str(pick(next, &["\\9 ", "\\61 "]));
        }
        let literal = if v.contains('"') {
            format!("'{v}'")
        } else if !v.is_empty() && chance(next, 30) && v.chars().all(is_ident_char) {
            v
        } else if chance(next, 50) {
            format!("\"{v}\"")
        } else {
            format!("'{v}'")
        };
        let flag = pick(next, FLAGS);
        format!(
            "[{}{name}{}{op}{}{literal}{flag}{}]",
            sp(next),
            sp(next),
            sp(next),
            sp(next)
        )
    }

    /// One simple selector (no type selector: that comes first in a compound).
    fn subclass_selector(next: &mut Rng) -> String {
        match next(6) {
            0 | 1 => format!(".{}", pick(next, TOKENS)),
            2 => format!("#{}", pick(next, TOKENS)),
            _ => attr_selector(next),
        }
    }

    fn compound(next: &mut Rng, depth: usize) -> String {
        let mut s = match next(10) {
            0..=4 => String::new(),
            5 | 6 => "*".to_string(),
            _ => pick(next, TAGS).to_string(),
        };
        for _ in 0..next(3) {
            if depth == 0 && chance(next, 20) {
                // Mostly one simple selector inside, sometimes a compound.
                let inner = if chance(next, 70) {
                    if chance(next, 20) {
                        pick(next, &["*", "div", "a", "amp-embed"]).to_string()
                    } else {
                        subclass_selector(next)
                    }
                } else {
                    compound(next, 1)
                };
                s.push_str(pick(next, &[":not(", ":NOT("]));
                s.push_str(&inner);
                s.push(')');
            } else {
                s.push_str(&subclass_selector(next));
            }
        }
        if s.is_empty() {
            s.push('*');
        }
        s
    }

    fn selector(next: &mut Rng) -> String {
        let mut s = compound(next, 0);
        if chance(next, 10) {
            s.push_str(", ");
            s.push_str(&compound(next, 0));
        }
        s
    }

    /// Per element (by index), the selectors lol_html matches, sorted.
    type Matches = Vec<Vec<usize>>;
    /// Per element, its tag and attributes as the scan collects them.
    type Collected = Vec<(String, AttrList)>;

    /// Runs `doc` (elements starting at `starts`) through lol_html with a handler per
    /// selector, and one on `*` that collects as the scan does.
    fn run_lol_html(
        doc: &str,
        starts: &[usize],
        selectors: &[(String, Selector)],
    ) -> (Matches, Collected) {
        let index: HashMap<usize, usize> =
            starts.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        let matches = RefCell::new(vec![Vec::new(); starts.len()]);
        let collected = RefCell::new(vec![(String::new(), AttrList::default()); starts.len()]);
        let src = crate::scan::Source::whole(doc);
        let at = |el: &LolElement| index.get(&el.source_location().bytes().start).copied();
        let mut settings = Settings::new()
            .with_strict(false)
            .append_element_content_handler((
                Cow::Owned("*".parse().expect("universal selector")),
                ElementContentHandlers::default().element(|el: &mut LolElement| {
                    if let Some(i) = at(el) {
                        collected.borrow_mut()[i] = scan_element(el, &src);
                    }
                    Ok(())
                }),
            ));
        for (j, (_, sel)) in selectors.iter().enumerate() {
            let (matches, at) = (&matches, &at);
            settings = settings.append_element_content_handler((
                Cow::Borrowed(sel),
                ElementContentHandlers::default().element(move |el: &mut LolElement| {
                    if let Some(i) = at(el) {
                        matches.borrow_mut()[i].push(j);
                    }
                    Ok(())
                }),
            ));
        }
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(doc.as_bytes()).expect("lol_html rewrites");
        rewriter.end().expect("lol_html ends");
        let mut matches = matches.into_inner();
        for m in &mut matches {
            m.sort_unstable();
            m.dedup();
        }
        (matches, collected.into_inner())
    }

    /// Generated selectors and elements, each element matched by lol_html and by the matcher.
    ///
    /// The matcher sees an element as the scan collects it (see [`scan_element`]): it must
    /// decide exactly as lol_html does on
    /// - (A) the element as written, for elements of at most 256 attributes: `on*` attributes
    ///   are in lol_html's view and not in the matcher's, so a fast-pathed selector testing
    ///   one would disagree here. Values are compared decoded: lol_html matches the raw
    ///   source text (`&amp;` stays `&amp;`), which is not what CSS means, so the reference
    ///   document writes every value without character references, while the scan decodes
    ///   the one written with them;
    /// - (B) every element, rebuilt from what the scan collected. Past 256 attributes the
    ///   scan truncates on purpose, so what lol_html decides on the whole element (and what
    ///   slow rules see) can differ; that difference is counted, not failed.
    ///
    /// And (C): the combined matcher (all selectors, added out of order) returns the lowest
    /// matching rule number. Selectors `parse_simple` hands back are lol_html's alone and not
    /// compared; at least half must be taken. Also counted, not failed: how often lol_html
    /// decides differently on the values written with character references (what slow rules
    /// do on such values).
    #[test]
    fn differential_against_lol_html() {
        let mut rng = crate::test_rng(SEED);
        let next: &mut Rng = &mut rng;

        let mut rejected_by_lol_html = 0;
        let mut selectors: Vec<(String, Selector)> = Vec::new();
        while selectors.len() < SELECTORS {
            let text = selector(next);
            match text.parse::<Selector>() {
                Ok(sel) => selectors.push((text, sel)),
                Err(_) => rejected_by_lol_html += 1,
            }
        }
        // Per selector: the fast path's own matcher, when it takes the selector.
        let fast: Vec<Option<Matcher>> = selectors
            .iter()
            .map(|(text, _)| {
                parse_simple(text).map(|c| {
                    let mut m = Matcher::default();
                    m.add(&c, 0);
                    m
                })
            })
            .collect();
        let taken = fast.iter().filter(|m| m.is_some()).count();
        let mut combined = Matcher::default();
        let mut order: Vec<usize> = (0..selectors.len()).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, next(k + 1));
        }
        for &j in &order {
            if let Some(c) = parse_simple(&selectors[j].0) {
                combined.add(&c, j);
            }
        }

        let elems: Vec<Elem> = (0..ELEMENTS).map(|_| element(next)).collect();
        let (mut raw, mut reference) = (String::new(), String::new());
        let (mut raw_starts, mut ref_starts) = (Vec::new(), Vec::new());
        for e in &elems {
            let written: Vec<(&str, String)> = e
                .attrs
                .iter()
                .map(|(n, v, bare)| {
                    let w = if *bare {
                        String::new()
                    } else {
                        format!("\"{}\"", encoded(next, v))
                    };
                    (n.as_str(), w)
                })
                .collect();
            raw_starts.push(write_element(
                &mut raw,
                e.tag,
                e.foreign,
                written.into_iter(),
            ));
            ref_starts.push(write_element(
                &mut reference,
                e.tag,
                e.foreign,
                e.attrs
                    .iter()
                    .map(|(n, v, bare)| (n.as_str(), if *bare { String::new() } else { plain(v) })),
            ));
        }
        let (on_raw, collected) = run_lol_html(&raw, &raw_starts, &selectors);
        let (on_written, _) = run_lol_html(&reference, &ref_starts, &selectors);
        let mut seen = String::new();
        let mut seen_starts = Vec::new();
        for ((tag, attrs), e) in collected.iter().zip(&elems) {
            seen_starts.push(write_element(
                &mut seen,
                tag,
                e.foreign,
                attrs.iter().map(|(n, v)| (n, plain(v))),
            ));
        }
        let (on_seen, _) = run_lol_html(&seen, &seen_starts, &selectors);

        let case = |i: usize, j: usize| {
            format!(
                "seed {SEED:#x}, element {i}, selector {j} `{}`\nelement: {:?}\nas the scan collects it: {:?}",
                selectors[j].0, elems[i], collected[i]
            )
        };
        let (mut matched, mut truncated, mut raw_values) = (0usize, 0usize, 0usize);
        for (i, e) in elems.iter().enumerate() {
            let (tag, attrs) = &collected[i];
            let mut lowest = None;
            for (j, m) in fast.iter().enumerate() {
                let Some(m) = m else { continue };
                let got = m.first_match(tag, attrs).is_some();
                let seen = on_seen[i].binary_search(&j).is_ok();
                let written = on_written[i].binary_search(&j).is_ok();
                assert_eq!(
                    got,
                    seen,
                    "(B) matcher vs lol_html on the collected element: {}",
                    case(i, j)
                );
                if e.attrs.len() <= SCAN_MAX_ATTRIBUTES {
                    assert_eq!(
                        got,
                        written,
                        "(A) matcher vs lol_html on the element as written: {}",
                        case(i, j)
                    );
                } else if got != written {
                    truncated += 1;
                }
                if written != on_raw[i].binary_search(&j).is_ok() {
                    raw_values += 1;
                }
                if got {
                    matched += 1;
                    lowest = lowest.or(Some(j));
                }
            }
            assert_eq!(
                combined.first_match(tag, attrs),
                lowest,
                "(C) lowest rule, seed {SEED:#x}, element {i}: {:?}",
                collected[i]
            );
        }
        let pairs = taken * ELEMENTS;
        eprintln!(
            "seed {SEED:#x}: {} selectors ({rejected_by_lol_html} more rejected by lol_html), \
             {taken} taken by the fast path; {matched} of {pairs} pairs match; {truncated} \
             differ only past 256 attributes; lol_html on raw values differs in {raw_values}",
            selectors.len()
        );
        // The generator must keep exercising what this test is about.
        assert!(
            taken * 2 >= selectors.len(),
            "too few selectors on the fast path"
        );
        assert!(
            matched * 50 >= pairs,
            "too few matches: {matched} of {pairs}"
        );
        assert!(truncated > 0, "no selector decided past 256 attributes");
    }
}
