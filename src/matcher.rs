//! A fast path for the simplest cosmetic rules.
//!
//! lol_html runs every selector it is given for every element: with a few hundred rules,
//! matching cost more than parsing the page. Most rules, though, are a single compound
//! selector (`.promo`, `#taboola-below`, `div[id^="ad-slot"]:not(.section)`) that can be decided
//! from one element's own tag and attributes. Those are indexed here by id, class and tag, so
//! an element only meets the few rules that could match it; rules with combinators or
//! structural pseudo-classes still go to lol_html. Every selector was already validated by
//! lol_html's parser, so this parser only has to *recognise* the simple shape and hands
//! anything else back.

use hashbrown::HashMap;

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

/// Splits on `sep` outside brackets, parentheses and quotes.
fn split_top_level(s: &str, sep: char) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut quote) = (0i32, None::<char>);
    for c in s.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            cur.push(c);
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ if c == sep && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    out.push(cur);
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
    if chars[0] == '*' {
        i = 1;
    } else if is_ident_char(chars[0]) {
        c.tag = Some(ident(&mut i)?.to_ascii_lowercase());
    }
    while i < chars.len() {
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
    Some(c)
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

fn parse_attr(inner: &str) -> Option<AttrTest> {
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

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
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
    fn matches(&self, attrs: &[(String, String)]) -> bool {
        let Some(v) = attr(attrs, &self.name) else {
            return false;
        };
        let want = self.value.as_str();
        if self.ignore_case {
            // `value` is stored lower-case for these (see `parse_attr`).
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

impl Compound {
    fn matches(&self, tag: &str, attrs: &[(String, String)]) -> bool {
        if self.tag.as_deref().is_some_and(|t| t != tag) {
            return false;
        }
        let id = attr(attrs, "id");
        if !self.ids.iter().all(|want| id == Some(want.as_str())) {
            return false;
        }
        if !self.classes.is_empty() {
            let class = attr(attrs, "class").unwrap_or("");
            if !self
                .classes
                .iter()
                .all(|want| class.split_ascii_whitespace().any(|c| c == want))
            {
                return false;
            }
        }
        self.attrs.iter().all(|a| a.matches(attrs))
            && !self.nots.iter().any(|n| n.matches(tag, attrs))
    }
}

/// Compound selectors indexed by the part an element must have for them to match at all.
#[derive(Default)]
pub(crate) struct Matcher {
    entries: Vec<(Compound, usize)>,
    by_id: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
    /// Selectors that test an attribute, by its name: tried only on elements that have it.
    by_attr: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
    /// Anything else (`*`): tried on every element.
    rest: Vec<usize>,
}

impl Matcher {
    /// Adds the compounds of rule number `rule`.
    pub fn add(&mut self, compounds: &[Compound], rule: usize) {
        for c in compounds {
            let i = self.entries.len();
            self.entries.push((c.clone(), rule));
            if let Some(id) = c.ids.first() {
                self.by_id.entry(id.clone()).or_default().push(i);
            } else if let Some(class) = c.classes.first() {
                self.by_class.entry(class.clone()).or_default().push(i);
            } else if let Some(a) = c.attrs.first() {
                self.by_attr.entry(a.name.clone()).or_default().push(i);
            } else if let Some(tag) = &c.tag {
                self.by_tag.entry(tag.clone()).or_default().push(i);
            } else {
                self.rest.push(i);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The lowest-numbered rule matching this element, if any (rules apply in list order).
    pub fn first_match(&self, tag: &str, attrs: &[(String, String)]) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut try_entry = |i: usize| {
            let (c, rule) = &self.entries[i];
            if best.is_none_or(|b| *rule < b) && c.matches(tag, attrs) {
                best = Some(*rule);
            }
        };
        if let Some(id) = attr(attrs, "id") {
            for &i in self.by_id.get(id).into_iter().flatten() {
                try_entry(i);
            }
        }
        if let Some(class) = attr(attrs, "class") {
            for token in class.split_ascii_whitespace() {
                for &i in self.by_class.get(token).into_iter().flatten() {
                    try_entry(i);
                }
            }
        }
        if !self.by_attr.is_empty() {
            for (name, _) in attrs {
                for &i in self.by_attr.get(name.as_str()).into_iter().flatten() {
                    try_entry(i);
                }
            }
        }
        for &i in self.by_tag.get(tag).into_iter().flatten() {
            try_entry(i);
        }
        for &i in &self.rest {
            try_entry(i);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
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
            "amp-embed[type=\"taboola\"]",
            "amp-embed",
            &[("type", "taboola")]
        ));
        assert!(matches("[lang|=en]", "p", &[("lang", "en-GB")]));
        assert!(matches("[rel~=author]", "a", &[("rel", "me author")]));
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
