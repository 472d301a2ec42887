//! Metadata: title, byline, date, site, language, direction, excerpt and lead image.
//!
//! The precedence follows Mozilla Readability's `_getJSONLD`, `_getArticleMetadata` and
//! `_getArticleTitle` closely, because agreement with Readability's expected metadata on its
//! own test corpus is how this stage is judged: the first JSON-LD script holding a
//! schema.org article object wins, then the Dublin Core, Open Graph, Weibo, plain and Twitter
//! `<meta>` tags in Readability's order, then the `<title>` element split on its separators.
//! Fields Readability does not produce (lead image, language fallbacks, dates from `<time>`)
//! come only after Readability's sources have said nothing.

use std::collections::HashMap;

use serde_json::Value;
use url::Url;

use crate::text::{collapse_spaces, is_js_space, js_len, js_word_count, text_similarity};
use crate::tree::{ByTag, NodeData, NodeId, Tree, ROOT};

/// What the page says about itself.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image: Option<String>,
    /// The URL relative links resolve against: the page URL joined with `<base href>`.
    pub base: Option<Url>,
    /// JSON-LD `articleBody` of the page's article object, when present.
    pub ld_article_body: Option<String>,
    /// JSON-LD `isAccessibleForFree` of the article object (also read from `hasPart`).
    pub accessible_for_free: Option<bool>,
}

/// Reads metadata from the whole scanned tree (head and body). `page_url` is the URL the
/// caller gave.
pub(crate) fn extract(tree: &Tree, page_url: Option<&Url>) -> Metadata {
    // The elements looked up in every call, from one walk of the page (a walk for each was
    // 1 % of a clean).
    let by_tag = ByTag::gather(tree, ROOT, &["meta", "script", "base", "article", "main"]);
    let all = |tags: &[&str]| by_tag.merged(tags, |_| true);
    let base = base_url(tree, &all(&["base"]), page_url);
    let tags = MetaTags::collect(tree, &all(&["meta"]));
    let docs = json_ld_documents(tree, &all(&["script"]));
    let ld = readability_json_ld(tree, &docs);
    let article = docs.iter().find_map(find_article);

    let site_name = ld
        .site_name
        .clone()
        .or_else(|| tags.get("og:site_name").map(str::to_string))
        .map(|s| plain_text(&s))
        .filter(|s| !s.is_empty());

    // Readability's byline sources in its order; one that is only a date (a dateline in the
    // author's slot) is no byline, and the next source is asked.
    let byline = [
        ld.byline.clone(),
        tags.first_of(BYLINE_KEYS),
        tags.get("article:author")
            .filter(|a| Url::parse(a).is_err())
            .map(str::to_string),
        article
            .and_then(|a| a.get("author"))
            .and_then(ld_author_names),
    ]
    .into_iter()
    .flatten()
    .find(|b| !looks_like_date(&plain_text(b)))
    .map(|b| plain_text(&b))
    .filter(|b| !b.is_empty());

    let title = ld
        .title
        .clone()
        .or_else(|| tags.first_of(TITLE_KEYS))
        .or_else(|| Some(article_title(tree)))
        .map(|t| plain_text(&t))
        .filter(|t| !t.is_empty());

    let excerpt = ld
        .excerpt
        .clone()
        .or_else(|| tags.first_of(EXCERPT_KEYS))
        .map(|e| plain_text(&e))
        .filter(|e| !e.is_empty());

    let published = ld
        .published
        .clone()
        .or_else(|| tags.first_of(DATE_KEYS))
        .and_then(|d| as_date(&unescape(&d)))
        .or_else(|| fallback_date(tree, &tags, article));

    let (ld_article_body, accessible_for_free) = article_body_and_access(&docs, article);

    Metadata {
        title,
        byline,
        site_name,
        published,
        lang: language(tree, &tags),
        dir: direction(tree, &all(&["article", "main"])),
        excerpt,
        lead_image: lead_image(tree, &tags, article, base.as_ref()),
        base,
        ld_article_body,
        accessible_for_free,
    }
}

// ---------------------------------------------------------------------------------------------
// <meta> tags

/// Readability's title sources after JSON-LD, in its order.
const TITLE_KEYS: &[&str] = &[
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
];
/// Readability's byline sources after JSON-LD (`article:author` follows unless it is a URL).
const BYLINE_KEYS: &[&str] = &["dc:creator", "dcterm:creator", "author", "parsely-author"];
const EXCERPT_KEYS: &[&str] = &[
    "dc:description",
    "dcterm:description",
    "og:description",
    "weibo:article:description",
    "weibo:webpage:description",
    "description",
    "twitter:description",
];
/// Readability's date sources after JSON-LD.
const DATE_KEYS: &[&str] = &["article:published_time", "parsely-pub-date"];
/// Further date sources, tried only when Readability's say nothing.
const EXTRA_DATE_KEYS: &[&str] = &[
    "og:published_time",
    "article:published",
    "datepublished",
    "dc:date:issued",
    "dcterms:issued",
    "dc:date",
    "dcterms:date",
    "dcterms:created",
    "dc:date:created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru:date",
    "article:published_date",
];

/// Prefixes of Readability's `property` pattern and the names it accepts after them.
const PROPERTY_PREFIXES: &[&str] = &["article", "dc", "dcterm", "og", "twitter"];
const PROPERTY_NAMES: &[&str] = &[
    "author",
    "creator",
    "description",
    "published_time",
    "title",
    "site_name",
];
/// Prefixes and names of Readability's `name` pattern.
const NAME_PREFIXES: &[&str] = &[
    "dc",
    "dcterm",
    "og",
    "twitter",
    "parsely",
    "weibo:article",
    "weibo:webpage",
];
const NAME_NAMES: &[&str] = &[
    "author",
    "creator",
    "pub-date",
    "description",
    "title",
    "site_name",
];

/// The page's `<meta>` tags, read twice: once exactly as Readability reads them (its keys,
/// later tags overwriting earlier ones) and once loosely for the fields Readability lacks
/// (every `property`, `name`, `itemprop` and `http-equiv`, the first tag winning).
struct MetaTags {
    readability: HashMap<String, String>,
    all: HashMap<String, String>,
}

impl MetaTags {
    /// `metas`: the page's `meta` elements, in document order.
    fn collect(tree: &Tree, metas: &[NodeId]) -> MetaTags {
        let mut readability = HashMap::new();
        let mut all: HashMap<String, String> = HashMap::new();
        for &id in metas {
            let Some(el) = tree.elem(id) else { continue };
            let Some(content) = el.attr("content").filter(|c| !c.is_empty()) else {
                continue;
            };
            let content = content.trim();
            let mut matched = false;
            if let Some(property) = el.attr("property") {
                for key in property_keys(property) {
                    matched = true;
                    readability.insert(key, content.to_string());
                }
            }
            if !matched {
                if let Some(key) = el.attr("name").and_then(name_key) {
                    readability.insert(key, content.to_string());
                }
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                let Some(v) = el.attr(attr) else { continue };
                for token in v.split_whitespace() {
                    let key = token.to_lowercase().replace('.', ":");
                    all.entry(key).or_insert_with(|| content.to_string());
                }
            }
        }
        MetaTags { readability, all }
    }

    /// A Readability key's value (non-empty).
    fn get(&self, key: &str) -> Option<&str> {
        self.readability
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The first of Readability's keys that has a value.
    fn first_of(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.get(k)).map(str::to_string)
    }

    /// Any tag's value by lower-case key, dots mapped to colons.
    fn any(&self, key: &str) -> Option<&str> {
        self.all
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

/// The keys Readability's `property` pattern finds in a space-separated `property` value:
/// `(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|…)`, case-insensitive, lower-cased
/// with whitespace removed. Readability keeps only the first; every one counts here, so
/// `property="og:description twitter:description"` supplies both.
fn property_keys(property: &str) -> Vec<String> {
    let lower = property.to_lowercase();
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    // Matches cannot span whitespace-separated tokens except around the colon, which the
    // squeeze above undoes; scanning the squeezed string for `prefix:name` finds them all.
    let mut keys = Vec::new();
    let bytes = squeezed.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let mut found = None;
        for prefix in PROPERTY_PREFIXES {
            let rest = &squeezed[i..];
            if let Some(after) = rest.strip_prefix(prefix).and_then(|r| r.strip_prefix(':')) {
                if let Some(name) = PROPERTY_NAMES.iter().find(|n| after.starts_with(**n)) {
                    let len = prefix.len() + 1 + name.len();
                    found = Some((format!("{prefix}:{name}"), len));
                    break;
                }
            }
        }
        match found {
            Some((key, len)) => {
                if !keys.contains(&key) {
                    keys.push(key);
                }
                i += len;
            }
            None => {
                i += squeezed[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    keys
}

/// Readability's `name` pattern: an optional `dc|dcterm|og|twitter|parsely|weibo:article|
/// weibo:webpage` prefix joined by `-`, `.` or `:`, then one of its names, nothing else. The
/// key is lower-cased, whitespace removed and dots turned into colons.
fn name_key(name: &str) -> Option<String> {
    let key: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let ok = NAME_NAMES.contains(&key.as_str())
        || NAME_PREFIXES.iter().any(|p| {
            key.strip_prefix(p)
                .and_then(|r| r.strip_prefix(['-', '.', ':']))
                .is_some_and(|n| NAME_NAMES.contains(&n))
        });
    ok.then(|| key.replace('.', ":"))
}

/// Readability's `_unescapeHtmlEntities`: entities decoded once more on top of the parser's
/// decoding (many sites double-escape their meta values). htmlize decodes every HTML entity,
/// numeric references as an HTML parser does (`&#0;` is U+FFFD).
fn unescape(s: &str) -> String {
    htmlize::unescape(s).into_owned()
}

/// A metadata value as plain text for display: entities decoded once more (see [`unescape`]),
/// markup reduced to its text (`"<b>Jane</b> Doe"` → `"Jane Doe"`; JSON-LD and `content`
/// attributes are not parsed as HTML, yet some sites put markup in them, escaped or not),
/// explicit bidi formatting that could leak or spoof removed (see [`strip_bidi_controls`]),
/// and trimmed.
fn plain_text(s: &str) -> String {
    let decoded = unescape(s);
    let text = if decoded.contains('<') {
        markup_text(&decoded)
    } else {
        decoded
    };
    strip_bidi_controls(&text).trim().to_string()
}

/// The text of an HTML fragment as a browser would show it: lol_html tokenizes it, text
/// outside scripts and styles is kept and its entities decoded.
fn markup_text(html: &str) -> String {
    use lol_html::html_content::TextType;
    let mut raw = String::new();
    let settings = lol_html::RewriteStrSettings::new().append_document_content_handler(
        lol_html::doc_text!(|t| {
            if matches!(t.text_type(), TextType::Data | TextType::RCData) {
                raw.push_str(t.as_str());
            }
            Ok(())
        }),
    );
    match lol_html::rewrite_str(html, settings) {
        Ok(_) => unescape(&raw),
        // Only a memory limit can stop it; the value is then shown as it came.
        Err(_) => html.to_string(),
    }
}

/// Removes explicit bidi formatting that is dangerous in a metadata string: every override
/// (LRO U+202D, RLO U+202E, with its closing PDF), which reorders the characters it covers and
/// so can make a name read as something else ("gpj.exe" shown as "exe.jpg"), and every
/// embedding (LRE, RLE) or isolate (LRI, RLI, FSI) that is not closed within the string, or
/// closer (PDF, PDI) that opens nothing: unbalanced, they change the direction of whatever is
/// displayed after the string. Balanced embeddings and isolates stay, as do the marks LRM, RLM
/// and ALM, which have no scope: right-to-left titles and names use them legitimately.
fn strip_bidi_controls(s: &str) -> String {
    #[derive(PartialEq)]
    enum Open {
        Embedding,
        Override,
        Isolate,
    }
    let is_control = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(is_control) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut stack: Vec<(usize, Open)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\u{202A}' | '\u{202B}' => stack.push((i, Open::Embedding)),
            '\u{202D}' | '\u{202E}' => {
                keep[i] = false;
                stack.push((i, Open::Override));
            }
            '\u{2066}'..='\u{2068}' => stack.push((i, Open::Isolate)),
            // PDF closes the innermost embedding or override, unless an isolate is open
            // inside it (as in the Unicode bidi algorithm); an override's PDF goes with it.
            '\u{202C}' => match stack.last() {
                Some((_, Open::Embedding)) => {
                    stack.pop();
                }
                Some((_, Open::Override)) => {
                    stack.pop();
                    keep[i] = false;
                }
                _ => keep[i] = false,
            },
            // PDI closes the innermost isolate and whatever is still open inside it; those
            // were not closed by their own PDF, so they go.
            '\u{2069}' => match stack.iter().rposition(|(_, o)| *o == Open::Isolate) {
                Some(at) => {
                    for (j, _) in stack.drain(at + 1..) {
                        keep[j] = false;
                    }
                    stack.pop();
                }
                None => keep[i] = false,
            },
            _ => {}
        }
    }
    for (j, _) in stack {
        keep[j] = false;
    }
    chars
        .iter()
        .zip(keep)
        .filter_map(|(&c, k)| k.then_some(c))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// <title>

fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// The title separators of Readability's `/ [\|\-–—\\\/>»] /` (en and em dashes were
/// added in later versions).
fn is_title_separator(c: char) -> bool {
    matches!(c, '|' | '-' | '–' | '—' | '\\' | '/' | '>' | '»')
}

/// Byte offsets of the non-overlapping matches of ` X ` where X satisfies `sep`.
fn separator_positions(s: &str, sep: impl Fn(char) -> bool) -> Vec<usize> {
    // From space to space, without a copy of the characters (a title can be megabytes).
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = s[from..].find(' ') {
        let i = from + p;
        let mut rest = s[i + 1..].chars();
        match (rest.next(), rest.next()) {
            (Some(c), Some(' ')) if sep(c) => {
                out.push(i);
                from = i + 2 + c.len_utf8();
            }
            _ => from = i + 1,
        }
    }
    out
}

/// Text of a subtree as the DOM gives it after Readability removed scripts and noscripts.
fn dom_text(tree: &Tree, id: NodeId) -> String {
    let mut out = String::new();
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        match tree.data(n) {
            NodeData::Text(t) => out.push_str(tree.span(t)),
            NodeData::Element(e) if n != id && matches!(e.name, "script" | "noscript") => {}
            _ => stack.extend(tree.children(n).iter().rev().copied()),
        }
    }
    out
}

/// `document.title`: the first HTML `<title>` (not SVG's), ASCII whitespace stripped and
/// collapsed.
fn document_title(tree: &Tree) -> String {
    let Some(t) = tree.find_all(ROOT, "title").find(|&t| {
        !tree
            .ancestors(t)
            .any(|a| matches!(tree.name(a), "svg" | "math"))
    }) else {
        return String::new();
    };
    tree.text_content(t)
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Readability's `_getArticleTitle`: the document title with a site name cut off at a
/// separator, or the part after a colon, or the page's only `<h1>` when the title is very
/// short or very long; the whole title again when what is left is four words or fewer.
fn article_title(tree: &Tree) -> String {
    let orig = js_trim(&document_title(tree)).to_string();
    let mut cur = orig.clone();
    let mut hierarchical = false;

    let seps = separator_positions(&cur, is_title_separator);
    if let Some(&last) = seps.last() {
        hierarchical =
            !separator_positions(&cur, |c| matches!(c, '\\' | '/' | '>' | '»')).is_empty();
        cur = orig[..last].to_string();
        if js_word_count(&cur) < 3 {
            cur = match orig.char_indices().find(|&(_, c)| is_title_separator(c)) {
                Some((i, c)) => orig[i + c.len_utf8()..].to_string(),
                None => orig.clone(),
            };
        }
    } else if cur.contains(": ") {
        let trimmed = js_trim(&cur);
        let heading_matches = tree
            .descendants(ROOT)
            .filter(|&h| matches!(tree.name(h), "h1" | "h2"))
            .any(|h| js_trim(&dom_text(tree, h)) == trimmed);
        if !heading_matches {
            let last = orig.rfind(':').map_or(0, |i| i + 1);
            cur = orig[last..].to_string();
            if js_word_count(&cur) < 3 {
                let first = orig.find(':').map_or(0, |i| i + 1);
                cur = orig[first..].to_string();
            } else if js_word_count(&orig[..orig.find(':').unwrap_or(0)]) > 5 {
                cur = orig.clone();
            }
        }
    } else if js_len(&cur) > 150 || js_len(&cur) < 15 {
        let h1s: Vec<NodeId> = tree.find_all(ROOT, "h1").collect();
        if h1s.len() == 1 {
            cur = collapse_spaces(js_trim(&dom_text(tree, h1s[0])));
        }
    }

    cur = collapse_spaces(js_trim(&cur));
    let words = js_word_count(&cur);
    let without_seps: String = orig.chars().filter(|&c| !is_title_separator(c)).collect();
    if words <= 4 && (!hierarchical || words != js_word_count(&without_seps) - 1) {
        cur = orig;
    }
    cur
}

// ---------------------------------------------------------------------------------------------
// Byline

/// Words a date line is made of besides numbers: months and weekdays (English, full or short),
/// am/pm, time zones, ordinal suffixes, and the words around dates ("Updated … at").
const DATE_WORDS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "today",
    "yesterday",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "gmt",
    "utc",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "mt",
    "mst",
    "mdt",
    "pt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "st",
    "nd",
    "rd",
    "th",
    "at",
    "on",
    "update",
    "updated",
    "published",
    "posted",
    "modified",
    "edited",
    "last",
    // ISO 8601's date-time separator and UTC zone ("2019-04-28T06:01:07Z").
    "t",
    "z",
];

/// Whether a byline is only a date (and time): "April 28, 2019 at 6:01 am Updated April 29,
/// 2019 at 3:33 pm", "2019-04-28", "Mon 5 Jan 2020". A name beside a date ("By Jane Doe,
/// April 28") is a byline.
fn looks_like_date(s: &str) -> bool {
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_lowercase();
            month_of(&w).is_some() || DATE_WORDS.contains(&w.as_str())
        })
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

/// schema.org types that count as an article (Readability's `jsonLdArticleTypes`).
const ARTICLE_TYPES: &[&str] = &[
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "TechArticle",
];

/// Readability's type test, regex quirks included: `^Article|…|APIReference$` anchors only
/// its first and last alternatives.
fn is_article_type_str(t: &str) -> bool {
    t.starts_with("Article")
        || t.ends_with("APIReference")
        || ARTICLE_TYPES.iter().any(|a| t.contains(a))
}

/// An `@type` that is, or (as an array) contains, an article type.
fn is_article_type(v: &Value) -> bool {
    match v {
        Value::String(s) => is_article_type_str(s),
        Value::Array(a) => a
            .iter()
            .any(|t| t.as_str().is_some_and(is_article_type_str)),
        _ => false,
    }
}

/// Every JSON-LD script that parses, in document order. A script that is not strict JSON is
/// retried after stripping comment and CDATA wrappers, trailing commas and raw control
/// characters inside strings; one that still fails is skipped.
/// `scripts`: the page's `script` elements, in document order.
fn json_ld_documents(tree: &Tree, scripts: &[NodeId]) -> Vec<Value> {
    let mut out = Vec::new();
    for &id in scripts {
        let is_ld = tree
            .attr(id, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text = tree.text_content(id);
        let stripped = strip_cdata(&text);
        let value = serde_json::from_str::<Value>(stripped)
            .ok()
            .or_else(|| serde_json::from_str::<Value>(&lenient_json(&text)).ok());
        if let Some(value) = value {
            out.push(value);
        }
    }
    out
}

/// Readability's `/^\s*<!\[CDATA\[|\]\]>\s*$/g` removal.
fn strip_cdata(s: &str) -> &str {
    let mut t = s;
    let lead = t.trim_start();
    if let Some(r) = lead.strip_prefix("<![CDATA[") {
        t = r;
    }
    let trail = t.trim_end();
    if let Some(r) = trail.strip_suffix("]]>") {
        t = r;
    }
    t
}

/// Repairs the usual breakage of hand-written JSON-LD: `<!-- -->` and `//<![CDATA[ //]]>`
/// wrappers, trailing commas, raw newlines and tabs inside strings.
fn lenient_json(s: &str) -> String {
    let mut t = s.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(r) = t.strip_prefix(open) {
            t = r.trim_start();
        }
        if let Some(r) = t.strip_suffix(close) {
            t = r.trim_end();
        }
    }
    let t = t.trim_end_matches(';');
    let mut out = String::with_capacity(t.len());
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in t.char_indices() {
        if in_string {
            if escaped {
                escaped = false;
                out.push(c);
            } else if c == '\\' {
                escaped = true;
                out.push(c);
            } else if c == '"' {
                in_string = false;
                out.push(c);
            } else if c == '\n' {
                out.push_str("\\n");
            } else if c == '\r' {
                out.push_str("\\r");
            } else if c == '\t' {
                out.push_str("\\t");
            } else if (c as u32) < 0x20 {
                out.push(' ');
            } else {
                out.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            ',' => {
                let next = t[i + 1..].chars().find(|c| !c.is_whitespace());
                if !matches!(next, Some('}') | Some(']') | None) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// What Readability's `_getJSONLD` reads from the page's first article object.
#[derive(Default)]
struct LdMeta {
    title: Option<String>,
    byline: Option<String>,
    excerpt: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
}

fn is_schema_org(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    matches!(rest, Some("schema.org") | Some("schema.org/"))
}

/// Readability's `_getJSONLD`: the first script whose top level (or the first article in its
/// top-level array, or in its `@graph`) is a schema.org article. Readability also drops a
/// script when it meets an `@type` array; here an array counts when it holds an article type.
fn readability_json_ld(tree: &Tree, docs: &[Value]) -> LdMeta {
    for doc in docs {
        let mut parsed = doc;
        if let Value::Array(items) = parsed {
            match items
                .iter()
                .find(|it| it.get("@type").is_some_and(is_article_type))
            {
                Some(it) => parsed = it,
                None => continue,
            }
        }
        let context_ok = match parsed.get("@context") {
            Some(Value::String(s)) => is_schema_org(s),
            Some(Value::Object(o)) => o
                .get("@vocab")
                .and_then(Value::as_str)
                .is_some_and(is_schema_org),
            _ => false,
        };
        if !context_ok {
            continue;
        }
        if parsed.get("@type").is_none_or(is_falsy) {
            if let Some(Value::Array(graph)) = parsed.get("@graph") {
                match graph
                    .iter()
                    .find(|it| it.get("@type").is_some_and(is_article_type))
                {
                    Some(it) => parsed = it,
                    None => continue,
                }
            }
        }
        if !parsed.get("@type").is_some_and(is_article_type) {
            continue;
        }
        return ld_meta_of(tree, parsed);
    }
    LdMeta::default()
}

fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// A JSON-LD string with HTML entities decoded (JSON-LD is not parsed by the HTML parser,
/// and many sites escape it anyway).
fn ld_str(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?;
    Some(htmlize::unescape(s).into_owned())
}

fn ld_meta_of(tree: &Tree, parsed: &Value) -> LdMeta {
    let mut m = LdMeta::default();
    let name = ld_str(parsed.get("name"));
    let headline = ld_str(parsed.get("headline"));
    m.title = match (name, headline) {
        (Some(n), Some(h)) if n != h => {
            // Some sites put their own name in `name`: prefer whichever matches the title.
            let title = article_title(tree);
            let name_matches = text_similarity(&n, &title) > 0.75;
            let headline_matches = text_similarity(&h, &title) > 0.75;
            Some(if headline_matches && !name_matches {
                h
            } else {
                n
            })
        }
        (Some(n), _) => Some(n),
        (None, h) => h,
    }
    .map(|t| t.trim().to_string());
    if let Some(author) = parsed.get("author") {
        if let Some(n) = ld_str(author.get("name")) {
            m.byline = Some(n.trim().to_string());
        } else if let Value::Array(list) = author {
            if list
                .first()
                .and_then(|a| a.get("name"))
                .is_some_and(Value::is_string)
            {
                let names: Vec<String> = list
                    .iter()
                    .filter_map(|a| ld_str(a.get("name")))
                    .map(|n| n.trim().to_string())
                    .collect();
                m.byline = Some(names.join(", "));
            }
        }
    }
    m.excerpt = ld_str(parsed.get("description")).map(|d| d.trim().to_string());
    m.site_name = parsed
        .get("publisher")
        .and_then(|p| ld_str(p.get("name")))
        .map(|s| s.trim().to_string());
    m.published = ld_str(parsed.get("datePublished")).map(|d| d.trim().to_string());
    // Readability's `||` chains skip empty strings.
    for f in [
        &mut m.title,
        &mut m.byline,
        &mut m.excerpt,
        &mut m.site_name,
        &mut m.published,
    ] {
        if f.as_deref().is_some_and(str::is_empty) {
            *f = None;
        }
    }
    m
}

/// The page's article object for the fields Readability does not read (body, access, image,
/// date): the first article-typed object anywhere in the scripts, through arrays, `@graph`
/// and `mainEntity`.
fn find_article(doc: &Value) -> Option<&Value> {
    fn walk(v: &Value, depth: usize) -> Option<&Value> {
        if depth > 4 {
            return None;
        }
        match v {
            Value::Array(items) => items.iter().find_map(|it| walk(it, depth + 1)),
            Value::Object(o) => {
                if o.get("@type").is_some_and(is_article_type) {
                    return Some(v);
                }
                ["@graph", "mainEntity", "mainEntityOfPage"]
                    .iter()
                    .filter_map(|k| o.get(*k))
                    .find_map(|c| walk(c, depth + 1))
            }
            _ => None,
        }
    }
    walk(doc, 0)
}

/// Author names of a JSON-LD `author` in any of its shapes: a string, a `Person` with a
/// `name`, or a list of either; joined with ", " as Readability joins its list.
fn ld_author_names(v: &Value) -> Option<String> {
    let one = |a: &Value| match a {
        Value::String(_) => ld_str(Some(a)),
        _ => ld_str(a.get("name")),
    };
    let names: Vec<String> = match v {
        Value::Array(list) => list.iter().filter_map(one).collect(),
        _ => one(v).into_iter().collect(),
    };
    let names: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && Url::parse(n).is_err())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// `true`, `false`, `"True"`, `"false"`, … as a boolean.
fn ld_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `isAccessibleForFree` of an object, else of its `hasPart` (an object or an array).
fn accessible_of(v: &Value) -> Option<bool> {
    if let Some(b) = v.get("isAccessibleForFree").and_then(ld_bool) {
        return Some(b);
    }
    match v.get("hasPart")? {
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("isAccessibleForFree").and_then(ld_bool))
            .reduce(|a, b| a && b),
        part => part.get("isAccessibleForFree").and_then(ld_bool),
    }
}

/// The article's `articleBody` and `isAccessibleForFree`. Access is taken from the article
/// object, else from any other top-level object that states it (often the `WebPage`).
fn article_body_and_access(
    docs: &[Value],
    article: Option<&Value>,
) -> (Option<String>, Option<bool>) {
    let body = article
        .and_then(|a| ld_str(a.get("articleBody")))
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty());
    let access = article.and_then(accessible_of).or_else(|| {
        docs.iter().find_map(|d| match d {
            Value::Array(items) => items.iter().find_map(accessible_of),
            v => accessible_of(v).or_else(|| match v.get("@graph") {
                Some(Value::Array(g)) => g.iter().find_map(accessible_of),
                _ => None,
            }),
        })
    });
    (body, access)
}

/// A JSON-LD `image`: a URL string, an `ImageObject` (`url` or `contentUrl`), or a list of
/// either (the first wins).
fn ld_image(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(ld_image),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(ld_image),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Dates Readability's sources do not give: further meta tags, the article object's
/// `datePublished` (any script), microdata (`itemprop=datePublished` with `datetime`,
/// `content` or a microformat `title`), `<time pubdate>`, and the first `<time datetime>`
/// inside an `<article>`. Only values that read as a date count (a bare "12:55 AM" does
/// not); they come back in ISO 8601.
fn fallback_date(tree: &Tree, tags: &MetaTags, article: Option<&Value>) -> Option<String> {
    let ld = article.and_then(|a| ld_str(a.get("datePublished")));
    if let Some(d) = ld.as_deref().and_then(as_date) {
        return Some(d);
    }
    if let Some(d) = EXTRA_DATE_KEYS
        .iter()
        .filter_map(|k| tags.any(k))
        .find_map(as_date)
    {
        return Some(d);
    }
    let mut in_article = None;
    for id in tree.descendants(ROOT) {
        let Some(el) = tree.elem(id) else { continue };
        if el.name == "meta" {
            continue;
        }
        let microdata = el
            .attr("itemprop")
            .is_some_and(|p| p.split_whitespace().any(|t| t == "datePublished"));
        if microdata {
            let found = ["datetime", "content", "title"]
                .iter()
                .filter_map(|a| el.attr(a))
                .find_map(as_date)
                .or_else(|| as_date(&dom_text(tree, id)));
            if found.is_some() {
                return found;
            }
        }
        if el.name != "time" {
            continue;
        }
        let value = el.attr("datetime").and_then(as_date);
        if el.has_attr("pubdate") && value.is_some() {
            return value;
        }
        if in_article.is_none() && tree.ancestors(id).any(|a| tree.name(a) == "article") {
            in_article = value;
        }
    }
    in_article
}

/// `s` as a date, or `None` when it is not a real one (`2019-13-45`, `February 30`, "not a
/// date"): an ISO 8601 date or date-time as the page wrote it (`2014-12-16…`), else the
/// obvious formats rewritten to ISO 8601: RFC 2822 (`Tue, 13 Jan 2017 15:19:00 +0000`),
/// `January 5, 2020`, `5 January 2020`, `2020/01/05`, each with an optional time and zone,
/// and Unix timestamps.
fn as_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() >= 10 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-'
    {
        // Written as ISO 8601: valid as such or not a date (the loose formats below would
        // misread it).
        return iso_date(s);
    }
    parse_loose_date(s).or_else(|| unix_timestamp(s))
}

/// A Unix timestamp in seconds (10 digits) or milliseconds (13 digits) as ISO 8601 UTC.
fn unix_timestamp(s: &str) -> Option<String> {
    if !s.bytes().all(|b| b.is_ascii_digit()) || !(s.len() == 10 || s.len() == 13) {
        return None;
    }
    let secs: i64 = s.parse::<i64>().ok()? / if s.len() == 13 { 1000 } else { 1 };
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days in `month` (1–12) of `year` in the proleptic Gregorian calendar; 0 for no month.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A real calendar day.
fn valid_ymd(year: u32, month: u32, day: u32) -> bool {
    (1000..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month)
}

/// An ISO 8601 date of a real day as the page wrote it: `2014-12-16`, alone or followed by a
/// time (`T` or a space, `hh:mm`, optional `:ss` and fraction, optional `Z` or `±hh[[:]mm]`).
/// A real day followed by a time that is not one keeps the day alone; anything else is `None`.
fn iso_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        let d = b.get(r)?;
        d.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[4] != b'-' || b[7] != b'-' || !valid_ymd(y, m, d) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    match rest.as_bytes().first() {
        None => Some(s.to_string()),
        Some(b'T' | b't' | b' ') if is_iso_time(&rest.as_bytes()[1..]) => Some(s.to_string()),
        Some(b'T' | b't' | b' ') => Some(date.to_string()),
        Some(_) => None,
    }
}

/// `hh:mm[:ss[.fff]][Z|±hh[[:]mm]]` with each field in range.
fn is_iso_time(t: &[u8]) -> bool {
    let two = |i: usize, max: u32| {
        t.get(i..i + 2).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0') <= max
        })
    };
    if !two(0, 23) || t.get(2) != Some(&b':') || !two(3, 59) {
        return false;
    }
    let mut i = 5;
    if t.get(i) == Some(&b':') {
        if !two(i + 1, 60) {
            return false;
        }
        i += 3;
        if matches!(t.get(i), Some(b'.' | b',')) {
            let frac = t[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if frac == 0 {
                return false;
            }
            i += 1 + frac;
        }
    }
    match &t[i..] {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', zone @ ..] => {
            let (h, m): (&[u8], &[u8]) = match zone.len() {
                2 => (zone, &[]),
                4 => zone.split_at(2),
                5 if zone[2] == b':' => (&zone[..2], &zone[3..]),
                _ => return false,
            };
            h.iter().chain(m).all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Tokens of a loose date: numbers, words, and the punctuation that matters (`:`, `+`, `-`,
/// `/`, `.`).
#[derive(Debug, PartialEq)]
enum Tok {
    Num(String),
    Word(String),
    Sym(char),
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(d);
                chars.next();
            }
            out.push(Tok::Num(n));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                w.push(d);
                chars.next();
            }
            out.push(Tok::Word(w.to_lowercase()));
        } else {
            if matches!(c, ':' | '+' | '-' | '/' | '.') {
                out.push(Tok::Sym(c));
            }
            chars.next();
        }
    }
    out
}

fn month_of(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| word.starts_with(m))
        .map(|i| i as u32 + 1)
        .filter(|&i| {
            let full = [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ][i as usize - 1];
            full.starts_with(word) || word == "sept"
        })
}

fn parse_loose_date(s: &str) -> Option<String> {
    let toks = tokenize(s);
    let num = |i: usize| match toks.get(i) {
        Some(Tok::Num(n)) => n.parse::<u32>().ok().map(|v| (v, n.len())),
        _ => None,
    };
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut i = 0;
    // The date part: the first month word or the first all-numeric y/m/d group.
    while i < toks.len() && year.is_none() {
        match &toks[i] {
            Tok::Word(w) => {
                if let Some(m) = month_of(w) {
                    month = Some(m);
                    // "January 5, 2020" or "5 January 2020".
                    let before = i.checked_sub(1).and_then(num);
                    // An abbreviation's dot ("Sept. 5") is skipped.
                    let next = if toks.get(i + 1) == Some(&Tok::Sym('.')) {
                        i + 2
                    } else {
                        i + 1
                    };
                    let after = num(next);
                    match (before, after) {
                        (Some((d, _)), Some((y, 4))) => {
                            day = Some(d);
                            year = Some(y);
                            i = next + 1;
                        }
                        (_, Some((d, dl))) if dl <= 2 => {
                            day = Some(d);
                            let y = num(next + 1).filter(|&(_, l)| l == 4)?;
                            year = Some(y.0);
                            i = next + 2;
                        }
                        _ => return None,
                    }
                    continue;
                }
            }
            Tok::Num(_) => {
                let (a, al) = num(i)?;
                if al == 4 && matches!(toks.get(i + 1), Some(Tok::Sym('/' | '.'))) {
                    let (m, _) = num(i + 2)?;
                    let (d, _) = num(i + 4)?;
                    (year, month, day) = (Some(a), Some(m), Some(d));
                    i += 5;
                    continue;
                }
                // "05/29/2007" (month first, as in the US, unless that cannot be) or
                // "29.05.2007" / "29-05-2007" (day first unless that cannot be).
                let sep = match toks.get(i + 1) {
                    Some(Tok::Sym(c @ ('/' | '.' | '-'))) => Some(*c),
                    _ => None,
                };
                if let (Some(sep), true) = (sep, al <= 2) {
                    let (b, bl) = num(i + 2)?;
                    let (y, yl) = num(i + 4)?;
                    if bl > 2 || yl != 4 || toks.get(i + 3) != Some(&Tok::Sym(sep)) {
                        return None;
                    }
                    let month_first = if sep == '/' { a <= 12 } else { b > 12 };
                    let (m, d) = if month_first { (a, b) } else { (b, a) };
                    (year, month, day) = (Some(y), Some(m), Some(d));
                    i += 5;
                    continue;
                }
            }
            Tok::Sym(_) => {}
        }
        i += 1;
    }
    let (year, month, day) = (year?, month?, day?);
    if !valid_ymd(year, month, day) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    // The time part: h:mm[:ss] [am|pm] [zone].
    let Some(start) =
        (i..toks.len()).find(|&j| num(j).is_some() && toks.get(j + 1) == Some(&Tok::Sym(':')))
    else {
        return Some(date);
    };
    let (mut h, _) = num(start)?;
    let (mi, _) = num(start + 2)?;
    let mut j = start + 3;
    let mut sec = 0;
    if toks.get(j) == Some(&Tok::Sym(':')) {
        sec = num(j + 1)?.0;
        j += 2;
    }
    if let Some(Tok::Word(w)) = toks.get(j) {
        if w == "pm" && h < 12 {
            h += 12;
            j += 1;
        } else if w == "am" {
            if h == 12 {
                h = 0;
            }
            j += 1;
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let time = format!("{date}T{h:02}:{mi:02}:{sec:02}");
    let zone = match (toks.get(j), toks.get(j + 1)) {
        (Some(Tok::Sym(sign @ ('+' | '-'))), Some(Tok::Num(n))) if n.len() == 4 => {
            Some(format!("{sign}{}:{}", &n[..2], &n[2..]))
        }
        (Some(Tok::Sym(sign @ ('+' | '-'))), Some(Tok::Num(n))) if n.len() == 2 => {
            let m = match (toks.get(j + 2), toks.get(j + 3)) {
                (Some(Tok::Sym(':')), Some(Tok::Num(m))) if m.len() == 2 => m.clone(),
                _ => "00".to_string(),
            };
            Some(format!("{sign}{n}:{m}"))
        }
        (Some(Tok::Word(w)), _) if matches!(w.as_str(), "gmt" | "utc" | "ut" | "z") => {
            Some("+00:00".to_string())
        }
        _ => None,
    };
    Some(match zone {
        Some(z) => format!("{time}{z}"),
        None => time,
    })
}

// ---------------------------------------------------------------------------------------------
// Base URL, language, direction, lead image

/// The page URL joined with the first `<base href>` (as a browser freezes it); the page URL
/// alone when the href does not resolve.
/// `bases`: the page's `base` elements, in document order.
fn base_url(tree: &Tree, bases: &[NodeId], page_url: Option<&Url>) -> Option<Url> {
    let page = page_url?;
    let href = bases.iter().find_map(|&b| tree.attr(b, "href"));
    // Only a web base counts: `<base href="javascript:…">` must not become `Article.url`
    // or the base of every link.
    match href.map(str::trim) {
        Some(h) => Some(
            page.join(h)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .unwrap_or_else(|| page.clone()),
        ),
        None => Some(page.clone()),
    }
}

/// `<html lang>`, else `og:locale` (with `_` as `-`), else a `content-language` or
/// `language` meta tag.
fn language(tree: &Tree, tags: &MetaTags) -> Option<String> {
    let html = tree.find_all(ROOT, "html").next();
    if let Some(l) = html
        .and_then(|h| tree.attr(h, "lang"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        return Some(l.to_string());
    }
    tags.any("og:locale")
        .map(|l| l.trim().replace('_', "-"))
        .or_else(|| {
            tags.any("content-language")
                .map(|l| l.split(',').next().unwrap_or(l).trim().to_string())
        })
        .or_else(|| tags.any("language").map(|l| l.trim().to_string()))
        .filter(|l| !l.is_empty())
}

/// The text direction. Readability takes it from the nearest ancestor of the article's
/// root that has `dir`; before scoring, the nearest stand-ins are the first `<article>` or
/// `<main>` that sets it, then `<body>`, then `<html>`.
/// `blocks`: the page's `article` and `main` elements, in document order.
fn direction(tree: &Tree, blocks: &[NodeId]) -> Option<String> {
    // The first `article` with a direction, else the first `main`: one walk for both (two
    // whole-tree walks comparing every node's name were 1 % of a clean).
    let mut main_dir = None;
    for &e in blocks {
        let Some(d) = tree
            .attr(e, "dir")
            .map(|d| d.trim().to_ascii_lowercase())
            .filter(|d| matches!(d.as_str(), "ltr" | "rtl" | "auto"))
        else {
            continue;
        };
        if tree.name(e) == "article" {
            return Some(d);
        }
        main_dir.get_or_insert(d);
    }
    main_dir.or_else(|| {
        ["body", "html"].iter().find_map(|n| {
            let e = tree.find_all(ROOT, n).next()?;
            let d = tree.attr(e, "dir")?.trim().to_ascii_lowercase();
            (!d.is_empty()).then_some(d)
        })
    })
}

/// `og:image`, `twitter:image`, the article's JSON-LD `image`, `<link rel=image_src>`;
/// absolute against the base URL.
fn lead_image(
    tree: &Tree,
    tags: &MetaTags,
    article: Option<&Value>,
    base: Option<&Url>,
) -> Option<String> {
    let raw = [
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "twitter:image",
        "twitter:image:src",
    ]
    .iter()
    .find_map(|k| tags.any(k).map(str::to_string))
    .or_else(|| article.and_then(|a| a.get("image")).and_then(ld_image))
    .or_else(|| {
        tree.find_all(ROOT, "link")
            .find(|&l| {
                tree.attr(l, "rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("image_src"))
                })
            })
            .and_then(|l| tree.attr(l, "href"))
            .map(str::to_string)
    })?;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    Some(match base {
        Some(b) => b
            .join(raw)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| raw.to_string()),
        None => raw.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> crate::Article {
        let body = "<p>Enough article text to be picked up, with commas, clauses, and sentences. \
                    It goes on for a while so that the scorer has something to hold on to, and \
                    then some more words follow to be safe.</p>";
        let page = html.replace("{body}", body);
        let opts = crate::Options::new()
            .with_url("http://fakehost/test/page.html")
            .unwrap_or_default();
        crate::clean(page.as_bytes(), &opts).expect("article")
    }

    fn title_of(title: &str, body_extra: &str) -> Option<String> {
        clean(&format!(
            "<html><head><title>{title}</title></head><body>{body_extra}{{body}}</body></html>"
        ))
        .title
    }

    #[test]
    fn title_drops_site_suffix_after_separator() {
        assert_eq!(
            title_of("The quick brown fox jumps | Example News", "").as_deref(),
            Some("The quick brown fox jumps")
        );
        // Too short before the separator: the part after the first separator instead.
        assert_eq!(
            title_of("Example - The quick brown fox jumps", "").as_deref(),
            Some("The quick brown fox jumps")
        );
        // Four words or fewer left without a hierarchical separator: the whole title.
        assert_eq!(
            title_of("Short title here - Site", "").as_deref(),
            Some("Short title here - Site")
        );
    }

    #[test]
    fn direction_is_the_first_article_s_then_the_first_main_s_then_the_page_s() {
        let dir = |html: &str| clean(html).dir;
        let cases = [
            // An article's direction wins over a main's before it.
            (
                r#"<body><main dir="ltr"><article dir="RTL">{body}</article></main></body>"#,
                Some("rtl"),
            ),
            // A main's when no article has a valid one; the first main of two.
            (
                r#"<body dir="ltr"><article dir="up">{body}</article><main dir="rtl"></main><main dir="ltr"></main></body>"#,
                Some("rtl"),
            ),
            // The body's, then the html element's, when neither has one.
            (
                r#"<html dir="rtl"><body><article>{body}</article></body></html>"#,
                Some("rtl"),
            ),
            (
                r#"<body dir="auto"><main>{body}</main></body>"#,
                Some("auto"),
            ),
            ("<body><article>{body}</article></body>", None),
        ];
        for (html, want) in cases {
            assert_eq!(dir(html).as_deref(), want, "{html}");
        }
    }

    #[test]
    fn byline_that_is_a_date_is_no_byline() {
        for date in [
            "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm",
            "2019-04-28",
            "Mon 5 Jan 2020",
            "Updated 3:33 p.m. ET",
        ] {
            assert!(looks_like_date(date), "{date}");
        }
        for name in [
            "Jane Doe",
            "By Jane Doe, April 28, 2019",
            "May Li",
            "Agent 47",
        ] {
            assert!(!looks_like_date(name), "{name}");
        }
        // A dated author meta is skipped; the next source (article:author) is used.
        let a = clean(
            r#"<html><head><meta name="author" content="April 28, 2019 at 6:01 am">
            <meta property="article:author" content="Benjamin Romano">
            </head><body>{body}</body></html>"#,
        );
        assert_eq!(a.byline.as_deref(), Some("Benjamin Romano"));
        let a = clean(
            r#"<html><head><meta name="author" content="2019-04-28T06:01:07Z"></head><body>{body}</body></html>"#,
        );
        assert_eq!(a.byline, None);
    }

    #[test]
    fn title_colon_and_heading_rules() {
        assert_eq!(
            title_of("Site name: The quick brown fox jumps over", "").as_deref(),
            Some("The quick brown fox jumps over")
        );
        assert_eq!(
            title_of(
                "Site name: The quick brown fox",
                "<h1>Site name: The quick brown fox</h1>"
            )
            .as_deref(),
            Some("Site name: The quick brown fox")
        );
        // Very short title and a single h1: the h1; with two h1s, the title stays.
        assert_eq!(
            title_of("Home", "<h1>A much better headline for this</h1>").as_deref(),
            Some("A much better headline for this")
        );
        assert_eq!(
            title_of("Home", "<h1>One</h1><h1>Two</h1>").as_deref(),
            Some("Home")
        );
    }

    #[test]
    fn meta_precedence_and_double_escaping() {
        let a = clean(
            "<html><head><title>T</title>\
             <meta name=\"twitter:title\" content=\"Twitter\">\
             <meta property=\"og:title\" content=\"Fish &amp;amp; Chips\">\
             <meta name=\"DC.creator\" content=\"Jane Doe\">\
             <meta property=\"article:author\" content=\"https://example.com/jane\">\
             <meta property=\"og:description twitter:description\" content=\" Desc \">\
             <meta property=\"og:site_name\" content=\"Example\">\
             <meta property=\"article:published_time\" content=\"2017-01-13T15:19:00Z\">\
             </head><body>{body}</body></html>",
        );
        assert_eq!(a.title.as_deref(), Some("Fish & Chips"));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(a.excerpt.as_deref(), Some("Desc"));
        assert_eq!(a.site_name.as_deref(), Some("Example"));
        assert_eq!(a.published.as_deref(), Some("2017-01-13T15:19:00Z"));
    }

    #[test]
    fn article_author_url_is_not_a_byline() {
        let a = clean(
            "<html><head><meta property=\"article:author\" content=\"https://example.com/jane\">\
             </head><body>{body}</body></html>",
        );
        assert_eq!(a.byline, None);
        let a = clean(
            "<html><head><meta property=\"article:author\" content=\"Jane Doe\"></head><body>{body}</body></html>",
        );
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn json_ld_graph_authors_and_publisher() {
        let a = clean(
            r#"<html><head><title>Something else entirely</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","name":"Page"},
              {"@type":["NewsArticle"],"headline":"Rock &amp; Roll","author":[{"name":"A One"},{"name":" B Two "}],
               "publisher":{"name":"The Paper"},"datePublished":"2020-01-05T10:00:00+01:00",
               "image":[{"url":"/img/a.jpg"}]}]}</script>
            </head><body>{body}</body></html>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Rock & Roll"));
        assert_eq!(a.byline.as_deref(), Some("A One, B Two"));
        assert_eq!(a.site_name.as_deref(), Some("The Paper"));
        assert_eq!(a.published.as_deref(), Some("2020-01-05T10:00:00+01:00"));
        assert_eq!(a.lead_image.as_deref(), Some("http://fakehost/img/a.jpg"));
    }

    fn tree_with_ld(json: &str) -> Tree {
        let mut b = crate::build::TreeBuilder::new(64);
        let s = b
            .open(
                "script",
                &crate::tree::AttrList::from_pairs([("type", "application/ld+json")]),
                false,
                0,
            )
            .expect("node");
        b.text(json);
        b.close(s);
        b.finish()
    }

    #[test]
    fn json_ld_access_and_body() {
        let t = tree_with_ld(
            r#"[{"@context":"http://schema.org","@type":"WebSite","name":"x"},
                {"@context":"http://schema.org","@type":"ReportageNewsArticle","articleBody":"Body &amp; soul",
                 "isAccessibleForFree":"False"}]"#,
        );
        let m = extract(&t, None);
        assert_eq!(m.ld_article_body.as_deref(), Some("Body & soul"));
        assert_eq!(m.accessible_for_free, Some(false));

        let t = tree_with_ld(
            r#"{"@context":"https://schema.org","@type":"Article","headline":"H",
                "hasPart":{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".paywall"}}"#,
        );
        assert_eq!(extract(&t, None).accessible_for_free, Some(false));

        let t = tree_with_ld(
            r#"{"@context":"https://schema.org","@type":"Article","isAccessibleForFree":true}"#,
        );
        assert_eq!(extract(&t, None).accessible_for_free, Some(true));
    }

    #[test]
    fn json_ld_first_schema_org_article_wins() {
        let a = clean(
            r#"<html><head><title>Page</title>
            <script type="application/ld+json">{"@context":"https://example.org","@type":"NewsArticle",
              "headline":"Not schema.org"}</script>
            <script type="application/ld+json">{"@context":{"@vocab":"http://schema.org/"},
              "@type":"BlogPosting","headline":"Vocab context","author":{"name":"Solo Author"}}</script>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"Too late"}</script>
            <meta name="author" content="Meta Author">
            </head><body>{body}</body></html>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Vocab context"));
        assert_eq!(a.byline.as_deref(), Some("Solo Author"));
    }

    #[test]
    fn json_ld_lenient_parse() {
        let t = tree_with_ld(
            "<!--\n{\"@context\":\"https://schema.org\",\"@type\":\"BlogPosting\",\"headline\":\"Line\nbreak\",}\n-->",
        );
        assert_eq!(extract(&t, None).title.as_deref(), Some("Line\nbreak"));
        let t = tree_with_ld("{ not json");
        assert_eq!(extract(&t, None).title, None);
    }

    #[test]
    fn json_ld_name_versus_headline() {
        let a = clean(
            r#"<html><head><title>Real article headline here - Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "name":"Site","headline":"Real article headline here"}</script>
            </head><body>{body}</body></html>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Real article headline here"));
    }

    #[test]
    fn dates_normalise_only_when_not_iso() {
        assert_eq!(
            as_date("2014-12-16T06:21:32+00:00").as_deref(),
            Some("2014-12-16T06:21:32+00:00")
        );
        assert_eq!(as_date("2014-12-16").as_deref(), Some("2014-12-16"));
        assert_eq!(
            as_date("Tue, 13 Jan 2017 15:19:00 +0000").as_deref(),
            Some("2017-01-13T15:19:00+00:00")
        );
        assert_eq!(
            as_date("13 Jan 2017 15:19:00 GMT").as_deref(),
            Some("2017-01-13T15:19:00+00:00")
        );
        assert_eq!(as_date("January 5, 2020").as_deref(), Some("2020-01-05"));
        assert_eq!(
            as_date("Sept. 5, 2020 3:04 pm").as_deref(),
            Some("2020-09-05T15:04:00")
        );
        assert_eq!(as_date("5 January 2020").as_deref(), Some("2020-01-05"));
        assert_eq!(as_date("2020/01/05").as_deref(), Some("2020-01-05"));
        assert_eq!(
            as_date("2020/01/05 12:30").as_deref(),
            Some("2020-01-05T12:30:00")
        );
        assert_eq!(as_date("yesterday"), None);
        assert_eq!(
            as_date("05/29/2007 09:49:00").as_deref(),
            Some("2007-05-29T09:49:00")
        );
        assert_eq!(as_date("29.05.2007").as_deref(), Some("2007-05-29"));
        assert_eq!(as_date("12:55 AM"), None);
        // Only real days (issue #12: invalid dates were printed).
        for bad in [
            "2019-13-45",
            "2019-02-29",
            "2019-04-31",
            "2019-00-10",
            "20191-01-01",
            "not a date",
            "February 30, 2020",
            "31.04.2020",
            "2019-05-05x",
        ] {
            assert_eq!(as_date(bad), None, "{bad}");
        }
        assert_eq!(as_date("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(
            as_date("2017-01-13T15:19:00.000+0000").as_deref(),
            Some("2017-01-13T15:19:00.000+0000")
        );
        // A real day with a time that is not one keeps the day.
        assert_eq!(as_date("2019-05-05T25:61").as_deref(), Some("2019-05-05"));
        assert_eq!(
            as_date("1429214521").as_deref(),
            Some("2015-04-16T20:02:01Z")
        );
        assert_eq!(
            as_date("1429214521000").as_deref(),
            Some("2015-04-16T20:02:01Z")
        );
    }

    #[test]
    fn date_fallbacks_read_microdata_and_time() {
        let a = clean(
            "<html><head></head><body><abbr itemprop=\"datePublished\" \
             title=\"2016-05-08T00:55:00-07:00\">12:55 AM</abbr>{body}</body></html>",
        );
        assert_eq!(a.published.as_deref(), Some("2016-05-08T00:55:00-07:00"));
        let a = clean(
            "<html><head><meta name=\"date\" content=\"05/29/2007 09:49:00\"></head>\
             <body>{body}</body></html>",
        );
        assert_eq!(a.published.as_deref(), Some("2007-05-29T09:49:00"));
        let a = clean(
            "<html><head></head><body><article><time datetime=\"2019-11-21\">Nov 21</time>\
             {body}</article></body></html>",
        );
        assert_eq!(a.published.as_deref(), Some("2019-11-21"));
    }

    #[test]
    fn base_href_and_language() {
        let a = clean(
            "<html lang=\"fr\" dir=\"RTL\"><head><base href=\"/sub/dir/\"><meta property=\"og:image\" \
             content=\"pic.png\"></head><body>{body}</body></html>",
        );
        assert_eq!(a.url.as_deref(), Some("http://fakehost/sub/dir/"));
        assert_eq!(
            a.lead_image.as_deref(),
            Some("http://fakehost/sub/dir/pic.png")
        );
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert_eq!(a.dir.as_deref(), Some("rtl"));

        let a = clean(
            "<html><head><meta property=\"og:locale\" content=\"en_GB\"></head><body>{body}</body></html>",
        );
        assert_eq!(a.lang.as_deref(), Some("en-GB"));
        assert_eq!(a.url.as_deref(), Some("http://fakehost/test/page.html"));
    }

    #[test]
    fn word_counts_like_js_split() {
        assert_eq!(js_word_count(""), 1);
        assert_eq!(js_word_count("a b"), 2);
        assert_eq!(js_word_count(" a  b "), 4);
        assert_eq!(collapse_spaces("a  b\nc"), "a b\nc");
        assert_eq!(
            unescape("&amp;#x1F62D; &#0; &amp;amp; &#xg;"),
            "&#x1F62D; \u{FFFD} &amp; &#xg;"
        );
        assert_eq!(
            property_keys("x:title DC : Title og:titlefoo"),
            vec!["dc:title", "og:title"]
        );
        assert_eq!(name_key("DC.title").as_deref(), Some("dc:title"));
        assert_eq!(
            name_key("parsely-pub-date").as_deref(),
            Some("parsely-pub-date")
        );
        assert_eq!(
            name_key("weibo:article:title").as_deref(),
            Some("weibo:article:title")
        );
        assert_eq!(name_key("foo:title"), None);
    }

    #[test]
    fn plain_text_strips_markup_and_dangerous_bidi() {
        assert_eq!(plain_text(" <b>Jane</b> Doe "), "Jane Doe");
        assert_eq!(plain_text("Big &lt;i&gt;news&lt;/i&gt;"), "Big news");
        assert_eq!(plain_text("<b>Fish &amp;amp; Chips</b>"), "Fish & Chips");
        assert_eq!(plain_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(plain_text("Hi<script>alert(1)</script>!"), "Hi!");
        // Overrides go with their PDF; unbalanced openers and closers go.
        assert_eq!(plain_text("photo\u{202E}gpj.exe\u{202C}"), "photogpj.exe");
        assert_eq!(plain_text("\u{202B}Name"), "Name");
        assert_eq!(plain_text("Name\u{202C}\u{2069}"), "Name");
        assert_eq!(plain_text("\u{2067}\u{202A}x\u{2069}"), "\u{2067}x\u{2069}");
        // Balanced embeddings and isolates, and the scope-less marks, stay.
        for ok in [
            "\u{202B}\u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{202C} world",
            "\u{2067}\u{627}\u{644}\u{2069} \u{200F}x\u{200E}",
        ] {
            assert_eq!(plain_text(ok), ok);
        }
    }
}
