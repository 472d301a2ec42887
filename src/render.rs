//! Render: the picked blocks as sanitized HTML, plain text and Markdown.
//!
//! Sanitizing is by allowlist, never by blocklist: an element not listed below is either
//! dropped with its content (scripts, embeds, forms controls, foreign SVG/MathML content, …)
//! or unwrapped (its children kept, the tag itself gone). Only listed attributes survive, and
//! every URL is resolved against the page URL and must have a safe scheme. Hostile markup can
//! therefore never come out executable: there is no way to spell `on*`, `javascript:`,
//! `<script>` or `srcdoc` in the output. The one relative URL is an in-page link,
//! `#bs-<id>`, to an element of the same output that keeps its id under our prefix (see
//! [`Anchors`]); every other id is dropped.

use url::Url;

use crate::text::{is_html_space, push_squashed_by};
use crate::tree::{Elem, NodeData, NodeId, Tree};

/// Elements dropped together with everything inside them.
const DROP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "datalist",
    "output",
    "base",
    "meta",
    "link",
    "title",
    "head",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "track",
    "map",
    "area",
    "dialog",
    "portal",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "param",
];

/// Elements kept (with allowlisted attributes). Anything else is unwrapped.
const KEEP: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "address",
];

/// Elements that start a new block in text and Markdown output.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
    "picture",
];

fn attr_allowed(tag: &str, name: &str) -> bool {
    match name {
        "title" | "lang" | "dir" => true,
        "href" => tag == "a",
        "src" => matches!(tag, "img" | "source"),
        "srcset" => matches!(tag, "img" | "source"),
        "alt" | "width" | "height" => tag == "img",
        "colspan" | "rowspan" | "headers" | "scope" => matches!(tag, "td" | "th"),
        "start" | "reversed" => tag == "ol",
        "type" => matches!(tag, "ol" | "source"),
        "media" | "sizes" => matches!(tag, "source" | "img"),
        "value" => tag == "li",
        "datetime" => matches!(tag, "time" | "del" | "ins"),
        "cite" => matches!(tag, "blockquote" | "q" | "del" | "ins"),
        "span" => matches!(tag, "col" | "colgroup"),
        "open" => tag == "details",
        _ => false,
    }
}

/// Where URLs resolve and what is safe.
pub(crate) struct Ctx<'a> {
    pub base: Option<&'a Url>,
    /// Whether rendered blocks carry a selector hint (`data-bs-sel`, see [`crate::hint`]).
    pub hints: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum UrlUse {
    Link,
    Image,
}

impl Ctx<'_> {
    /// Resolves and vets a URL. `None` means the attribute is dropped.
    fn url(&self, raw: &str, usage: UrlUse) -> Option<String> {
        // Browsers ignore tabs and newlines anywhere in a URL and C0 controls or spaces around
        // it; vet the string they would actually use.
        let cleaned: std::borrow::Cow<'_, str> = if raw.contains(['\t', '\n', '\r']) {
            raw.chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .into()
        } else {
            raw.into()
        };
        let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
        // Any other control character inside is refused outright: what a browser makes of
        // `java\0script:` is not what this check would have seen.
        if cleaned.is_empty() || cleaned.chars().any(|c| c.is_control()) {
            return None;
        }
        if let Some(scheme) = scheme_of(cleaned) {
            let scheme = scheme.to_ascii_lowercase();
            let ok = match scheme.as_str() {
                "http" | "https" => true,
                "mailto" | "tel" => usage == UrlUse::Link,
                "data" => usage == UrlUse::Image && is_safe_data_image(cleaned),
                _ => false,
            };
            if !ok {
                return None;
            }
            if scheme == "data" {
                return Some(cleaned.to_string());
            }
            return match Url::parse(cleaned) {
                Ok(u) => Some(String::from(u)),
                // A host that is not ASCII (`https://café.example/`): the build has no IDNA
                // tables (idna_adapter 1.0, see Cargo.toml), so the link stays as the page
                // wrote it; its scheme is vetted above, and the browser maps the host.
                Err(url::ParseError::IdnaError) => Some(cleaned.to_string()),
                Err(_) => None,
            };
        }
        match self.base {
            Some(b) => {
                let u = match b.join(cleaned) {
                    Ok(u) => u,
                    // Only a scheme-relative reference (`//café.example/x`) can bring a host
                    // that is not ASCII: kept as written, with the base's scheme, which a
                    // reader page (another origin) could not supply.
                    Err(url::ParseError::IdnaError) => {
                        return Some(format!("{}:{cleaned}", b.scheme()))
                    }
                    Err(_) => return None,
                };
                matches!(u.scheme(), "http" | "https" | "mailto" | "tel").then(|| String::from(u))
            }
            // No base: keep the relative reference, which cannot carry a scheme.
            None => Some(cleaned.to_string()),
        }
    }

    /// The `srcset` with every candidate's URL resolved and vetted, by the HTML standard's
    /// "parse a srcset attribute": URLs may hold commas (`w_400,c_fill`, common on image
    /// CDNs), so candidates cannot simply be split at commas. Invalid candidates are dropped,
    /// as a browser drops them.
    fn srcset(&self, raw: &str) -> Option<String> {
        let mut out: Vec<String> = Vec::new();
        for (url, descriptors) in parse_srcset(raw) {
            let Some(abs) = self.url(url, UrlUse::Image) else {
                continue;
            };
            // Inline data in a srcset is a placeholder in practice (the real candidates sit
            // beside it), and would bloat the output.
            if abs.starts_with("data:") {
                continue;
            }
            let mut cand = abs;
            for d in descriptors {
                cand.push(' ');
                cand.push_str(d);
            }
            out.push(cand);
        }
        (!out.is_empty()).then(|| out.join(", "))
    }
}

/// The valid candidates of a `srcset`: each URL with its descriptors (`400w`, `2x`, `300h`),
/// following the HTML standard's "parse a srcset attribute" step by step.
fn parse_srcset(input: &str) -> Vec<(&str, Vec<&str>)> {
    let mut cands = Vec::new();
    let mut rest = input;
    loop {
        // Splitting loop: skip whitespace and commas, then the URL runs to whitespace.
        rest = rest.trim_start_matches(|c: char| is_html_space(c) || c == ',');
        if rest.is_empty() {
            return cands;
        }
        let end = rest.find(is_html_space).unwrap_or(rest.len());
        let (mut url, after) = rest.split_at(end);
        rest = after;
        let mut descriptors = Vec::new();
        if url.ends_with(',') {
            // "a.jpg," ends the candidate: no descriptors.
            url = url.trim_end_matches(',');
        } else {
            rest = tokenize_descriptors(rest, &mut descriptors);
        }
        if !url.is_empty() && descriptors_valid(&descriptors) {
            cands.push((url, descriptors));
        }
    }
}

/// The standard's descriptor tokenizer: descriptors are separated by whitespace and end at a
/// comma outside parentheses (or at the end). Returns the input after the candidate.
fn tokenize_descriptors<'a>(input: &'a str, out: &mut Vec<&'a str>) -> &'a str {
    #[derive(PartialEq)]
    enum State {
        InDescriptor,
        InParens,
        After,
    }
    let input = input.trim_start_matches(is_html_space);
    let mut state = State::InDescriptor;
    let mut start = 0; // where the current descriptor began
    for (i, c) in input.char_indices() {
        match state {
            State::InDescriptor => {
                if is_html_space(c) {
                    if i > start {
                        out.push(&input[start..i]);
                    }
                    state = State::After;
                } else if c == ',' {
                    if i > start {
                        out.push(&input[start..i]);
                    }
                    return &input[i + 1..];
                } else if c == '(' {
                    state = State::InParens;
                }
            }
            State::InParens => {
                if c == ')' {
                    state = State::InDescriptor;
                }
            }
            State::After => {
                if !is_html_space(c) {
                    // Reconsume in the descriptor state: this char starts a new descriptor.
                    start = i;
                    state = State::InDescriptor;
                    if c == ',' {
                        return &input[i + 1..];
                    } else if c == '(' {
                        state = State::InParens;
                    }
                }
            }
        }
    }
    if state != State::After && input.len() > start {
        out.push(&input[start..]);
    }
    ""
}

/// The standard's descriptor parser: at most one of a width (`400w`, > 0) or a density
/// (`1.5x`, ≥ 0), an optional height (`300h`, > 0) only beside a width; anything else makes
/// the whole candidate invalid.
fn descriptors_valid(descriptors: &[&str]) -> bool {
    let (mut width, mut density, mut height) = (false, false, false);
    for d in descriptors {
        let Some((last, value)) = d.chars().last().map(|c| (c, &d[..d.len() - c.len_utf8()]))
        else {
            return false;
        };
        let positive_int = || {
            !value.is_empty()
                && value.bytes().all(|b| b.is_ascii_digit())
                && value.bytes().any(|b| b != b'0')
        };
        match last {
            'w' if !width && !density && positive_int() => width = true,
            'h' if !height && !density && positive_int() => height = true,
            // A valid float, not negative (-0 is not). Decided on the digits: parsing as
            // f64 would link the standard library's float parser (~45 kB of wasm) for this.
            'x' if !width
                && !density
                && !height
                && is_valid_float(value)
                && !is_negative(value) =>
            {
                density = true
            }
            _ => return false,
        }
    }
    !height || width
}

/// Whether a valid floating-point number (see [`is_valid_float`]) is below zero: a minus sign
/// and a non-zero digit before the exponent.
fn is_negative(valid_float: &str) -> bool {
    let mantissa = valid_float.split(['e', 'E']).next().unwrap_or_default();
    mantissa.starts_with('-') && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

/// HTML's "valid floating-point number": `-`? digits? (`.` digits)? with at least one digit
/// before the exponent, then an optional exponent `e`/`E`, sign, digits.
fn is_valid_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    let int = digits(&mut i);
    let frac = if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
        true
    } else {
        false
    };
    if !int && !frac {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The scheme of an absolute URL (`javascript` in `javascript:alert(1)`), or `None` for a
/// relative reference.
fn scheme_of(s: &str) -> Option<&str> {
    let end = s.find(':')?;
    let scheme = &s[..end];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Raster image data URLs only: SVG can carry script.
fn is_safe_data_image(s: &str) -> bool {
    let l = s.get(..32).unwrap_or(s).to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/jpg",
        "data:image/webp",
        "data:image/avif",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// Appends `s` with the bytes `special` picks replaced by `replace(byte)` (all of them ASCII,
/// so slicing between them stays on character boundaries).
fn escape_into(
    s: &str,
    out: &mut String,
    special: impl Fn(u8) -> bool,
    replace: fn(u8) -> &'static str,
) {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if special(b) {
            out.push_str(&s[from..i]);
            out.push_str(replace(b));
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

fn html_entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        // NUL becomes U+FFFD, as an HTML parser would read it: deleting it could join the
        // text around it into something the checks never saw.
        _ => "\u{FFFD}",
    }
}

fn escape_text(s: &str, out: &mut String) {
    escape_into(s, out, |b| matches!(b, b'&' | b'<' | b'>' | 0), html_entity);
}

fn escape_attr(s: &str, out: &mut String) {
    escape_into(
        s,
        out,
        |b| matches!(b, b'&' | b'<' | b'>' | b'"' | 0),
        html_entity,
    );
}

/// Image attributes that lazy-loading scripts use for the real source, best first.
const LAZY_SRC: &[&str] = &[
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-orig-src",
    "data-actualsrc",
    "data-echo",
];
const LAZY_SRCSET: &[&str] = &["data-srcset", "data-lazy-srcset", "data-original-set"];

fn looks_like_image_url(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    !l.contains(char::is_whitespace)
        && [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"]
            .iter()
            .any(|e| {
                l.split(['?', '#']).next().is_some_and(|p| p.ends_with(e))
                    || l.contains(&format!("{e}?"))
            })
}

/// A placeholder `src`: empty, a tiny inline GIF/SVG, or a known spacer.
fn is_placeholder_src(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    l.is_empty()
        || (l.starts_with("data:") && l.len() < 200)
        || l.contains("blank.gif")
        || l.contains("spacer.gif")
}

/// The real image behind lazy-loading markup: `(src, srcset)`.
pub(crate) fn image_sources(t: &Tree, id: NodeId) -> (Option<String>, Option<String>) {
    let Some(e) = t.elem(id) else {
        return (None, None);
    };
    let mut src = e
        .attr("src")
        .map(str::to_string)
        .filter(|s| !is_placeholder_src(s));
    let mut srcset = e
        .attr("srcset")
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty() && s.trim() != "null");
    if src.is_none() {
        src = LAZY_SRC
            .iter()
            .find_map(|a| e.attr(a))
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string);
    }
    if srcset.is_none() {
        srcset = LAZY_SRCSET
            .iter()
            .find_map(|a| e.attr(a))
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string);
    }
    if src.is_none() && srcset.is_none() {
        src = e
            .attrs()
            .filter(|(n, _)| n.starts_with("data-"))
            .find(|(_, v)| looks_like_image_url(v))
            .map(|(_, v)| v.trim().to_string());
    }
    (src, srcset)
}

/// The element's tag as output, or `None` to drop it with its content, or `Some("")` to
/// unwrap it.
fn disposition<'t>(t: &'t Tree, id: NodeId, figures: &FigureImages) -> Option<&'t str> {
    let name = t.name(id);
    match kept(t, id, name) {
        Some(false) => None,
        _ if name == "figure" && !figure_shows_anything(t, id) => None,
        _ if is_media_label(t, id, figures) || is_permalink_mark(t, id) => None,
        Some(true) => Some(name),
        None => Some(""),
    }
}

/// Whether [`KEEP`] (true) or [`DROP`] (false, and first: a name in both is dropped) lists
/// element `id`'s name, `name`. Every element of every rendering asks, and searching both
/// lists in turn compared the name with ~90 others: known tags are answered from a table by
/// the name id the element already carries (looking the name up again hashed it once per
/// element), others by the lists.
fn kept(t: &Tree, id: NodeId, name: &str) -> Option<bool> {
    const NEITHER: u8 = 0;
    const KEPT: u8 = 1;
    const DROPPED: u8 = 2;
    static BY_TAG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let Some(i) = t.name_id_of(id).filter(|&i| crate::tree::is_known_tag(i)) else {
        return if DROP.contains(&name) {
            Some(false)
        } else {
            KEEP.contains(&name).then_some(true)
        };
    };
    let table = BY_TAG.get_or_init(|| {
        let mut t = Vec::new();
        // DROP last, so a name in both lists is dropped.
        for (list, v) in [(KEEP, KEPT), (DROP, DROPPED)] {
            for i in list.iter().filter_map(|n| crate::tree::known_tag(n)) {
                let i = i as usize;
                if t.len() <= i {
                    t.resize(i + 1, NEITHER);
                }
                t[i] = v;
            }
        }
        t
    });
    match table.get(i as usize).copied() {
        Some(KEPT) => Some(true),
        Some(DROPPED) => Some(false),
        _ => None,
    }
}

/// Whether a `figure` has something besides its caption to show: an image with a source, or
/// content of its own (a table, code, a quote, a list, a paragraph that says more than a
/// media label). A figure whose video or slideshow was a script, or whose image never had a
/// source, would show only its caption or a stray "Image": it goes whole.
fn figure_shows_anything(t: &Tree, id: NodeId) -> bool {
    let in_caption = |d: NodeId| {
        t.ancestors(d)
            .take_while(|&a| a != id)
            .any(|a| t.name(a) == "figcaption")
    };
    t.descendants(id).any(|d| match t.name(d) {
        "img" => {
            let (src, srcset) = image_sources(t, d);
            src.is_some() || srcset.is_some()
        }
        "source" => t.attr(d, "srcset").is_some_and(|s| !s.trim().is_empty()),
        "table" | "pre" | "blockquote" | "ul" | "ol" | "dl" => !in_caption(d),
        // The scorer makes a paragraph of a figure's `<div><span>Image</span><div lazy…>`:
        // a paragraph of nothing, or of a media label only, is not the figure's own content.
        "p" => {
            !in_caption(d) && {
                let text = t.text_content(d);
                let w = text.trim();
                !w.is_empty() && !is_media_word(w)
            }
        }
        _ => false,
    })
}

/// Whether `word` is one of the [`MEDIA_LABELS`], in any case.
fn is_media_word(word: &str) -> bool {
    MEDIA_LABELS.iter().any(|l| word.eq_ignore_ascii_case(l))
}

/// What a figure's hidden label says of its medium. Pages put one beside the image for screen
/// readers (`<span class="visually-hidden">Image</span><img …>`); without the page's style
/// sheet the reader would show it as a line of its own above every picture.
const MEDIA_LABELS: &[&str] = &[
    "image",
    "images",
    "photo",
    "photos",
    "photograph",
    "picture",
    "video",
    "graphic",
    "illustration",
    "audio",
    "gallery",
    "slideshow",
];

/// Whether `id` is a label element (`span`, `div`, `p`, …) whose only content is a
/// [`MEDIA_LABEL`](MEDIA_LABELS), inside a `figure` that shows an image, and not inside its
/// caption or a table, list, quote or code block of the figure (WordPress wraps every table in
/// a `figure`: a cell that reads "Video" is data): the image says it, so the word goes from
/// `contentHtml`, `text` and Markdown alike.
fn is_media_label(t: &Tree, id: NodeId, figures: &FigureImages) -> bool {
    // The text test first: every element of every rendering asks, and few hold one short word.
    let [only] = t.children(id) else {
        return false;
    };
    let Some(word) = t.text(*only).map(str::trim) else {
        return false;
    };
    if word.len() > 12
        || !matches!(
            t.name(id),
            "span" | "div" | "p" | "b" | "strong" | "em" | "i" | "small"
        )
        || !is_media_word(word)
    {
        return false;
    }
    let figure = t
        .ancestors(id)
        .take(4)
        .take_while(|&a| {
            !matches!(
                t.name(a),
                "figcaption" | "table" | "ul" | "ol" | "dl" | "pre" | "blockquote"
            )
        })
        .find(|&a| t.name(a) == "figure");
    figure.is_some_and(|f| figures.has_image(t, f))
}

/// Whether each figure holds an image, found once per rendering: every label in a figure asks,
/// and a figure of 20 000 labels and no image walked itself 20 000 times (10 s for 660 kB).
#[derive(Default)]
struct FigureImages(std::cell::RefCell<hashbrown::HashMap<NodeId, bool>>);

impl FigureImages {
    fn has_image(&self, t: &Tree, figure: NodeId) -> bool {
        if let Some(&known) = self.0.borrow().get(&figure) {
            return known;
        }
        let found = t
            .descendants(figure)
            .any(|d| matches!(t.name(d), "img" | "picture"));
        self.0.borrow_mut().insert(figure, found);
        found
    }
}

/// The marks documentation generators put after a heading as a link to itself (Sphinx and
/// MkDocs `¶`, `#`, `§`, 🔗): on the page they show on hover; in the reader they would be a
/// stray symbol at the end of every heading.
const PERMALINK_MARKS: &[&str] = &["¶", "#", "§", "🔗", "⚓"];

/// Whether `id` is a link whose only content is a [`PERMALINK_MARKS`] symbol and whose target
/// is the heading or section it stands in (`<section id="x"><h2>… <a href="#x">¶</a>`). A
/// mark that links elsewhere (a `§` to a note) is the page's own text.
fn is_permalink_mark(t: &Tree, id: NodeId) -> bool {
    let [only] = t.children(id) else {
        return false;
    };
    if !t
        .text(*only)
        .is_some_and(|s| PERMALINK_MARKS.contains(&s.trim()))
        || t.name(id) != "a"
    {
        return false;
    }
    let Some(target) = t.attr(id, "href").and_then(|h| h.trim().strip_prefix('#')) else {
        return false;
    };
    !target.is_empty()
        && t.ancestors(id)
            .take(3)
            .any(|a| t.attr(a, "id") == Some(target))
}

/// An element inside a figure's caption whose class or id names a credit.
fn is_caption_credit(t: &Tree, id: NodeId, e: crate::tree::Elem) -> bool {
    // The ancestor test first: it is a few parent steps, and most elements fail it, while
    // the class test builds a lower-cased string for each (html_node asks for every element).
    t.ancestors(id).take(4).any(|a| t.name(a) == "figcaption") && {
        let hint = e.class_and_id_lower();
        hint.contains("credit") || hint.contains("copyright")
    }
}

/// Sanitized HTML of `id`'s children (or of `id` itself when `include_self`).
pub(crate) fn html(t: &Tree, id: NodeId, ctx: &Ctx, include_self: bool) -> String {
    let anchors = Anchors::collect(t, id, ctx, include_self);
    let mut out = String::new();
    if include_self {
        html_node(t, id, ctx, &anchors, &mut out);
    } else {
        for &c in t.children(id) {
            html_node(t, c, ctx, &anchors, &mut out);
        }
    }
    out
}

/// What an output id is made of: the page's id behind our prefix, so that the page cannot
/// clobber the reader's own ids (or any `bs-` name of ours).
const ANCHOR_PREFIX: &str = "bs-";

/// The in-page link targets of one rendering: ids (and `<a name>`s) of rendered elements that
/// some rendered link points at. Those keep their id, prefixed, and the links to them become
/// fragment links, so footnotes and tables of contents work inside the reader. Every other
/// id is dropped, and a link to a target that is not rendered stays absolute (to the page).
struct Anchors<'t> {
    /// Borrowed from the tree: a page with 100 000 footnotes should not copy every id.
    wanted: hashbrown::HashSet<&'t str>,
    /// The rendering's figures, as [`disposition`] judges them (for the collect and the render).
    figures: FigureImages,
}

impl<'t> Anchors<'t> {
    /// One pass over what [`html_node`] renders: the targets there, then the links' fragments.
    fn collect(t: &'t Tree, id: NodeId, ctx: &Ctx, include_self: bool) -> Anchors<'t> {
        let figures = FigureImages::default();
        let mut targets: hashbrown::HashSet<&'t str> = hashbrown::HashSet::new();
        let mut links: Vec<&'t str> = Vec::new();
        let mut stack: Vec<NodeId> = if include_self {
            vec![id]
        } else {
            t.children(id).iter().rev().copied().collect()
        };
        while let Some(n) = stack.pop() {
            let Some(e) = t.elem(n) else { continue };
            if e.name == crate::PLACEHOLDER || disposition(t, n, &figures).is_none() {
                continue;
            }
            // An image may render as nothing (no usable source): not a target.
            if e.name != "img" {
                targets.extend(e.attr("id").filter(|v| is_anchor_name(v)));
            }
            if e.name == "a" {
                targets.extend(e.attr("name").filter(|v| is_anchor_name(v)));
                links.extend(e.attr("href"));
            }
            stack.extend(t.children(n).iter().rev());
        }
        let mut wanted = hashbrown::HashSet::new();
        if !targets.is_empty() {
            for href in links {
                if let Some(target) = local_target(ctx, href, |f| targets.get(f).copied()) {
                    wanted.insert(target);
                }
            }
        }
        Anchors { wanted, figures }
    }

    /// The output id for an element whose page id (or `<a name>`) is `v`, if it is a target.
    fn id_for(&self, v: &str) -> Option<String> {
        (!self.wanted.is_empty() && self.wanted.contains(v)).then(|| format!("{ANCHOR_PREFIX}{v}"))
    }

    /// The fragment link for `href` when it points at a target of this rendering.
    fn href_for(&self, ctx: &Ctx, href: &str) -> Option<String> {
        if self.wanted.is_empty() {
            return None;
        }
        local_target(ctx, href, |f| self.wanted.get(f).copied())
            .map(|f| format!("#{ANCHOR_PREFIX}{f}"))
    }
}

/// Whether a page's id may become ours: letters, digits and `-_:.` (what footnote and
/// heading ids are made of: `fn1`, `fnref:1`, `sec-2.3`, `café`), and nothing that spells a
/// script URL. Quotes, markup and parentheses never reach an attribute through an id.
fn is_anchor_name(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 256
        && v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        && !v.to_ascii_lowercase().contains("script:")
}

/// The target an in-page link points at, as `find` finds it: `#fn1`, or the page's own URL
/// with a fragment. Like a browser, the fragment is looked up as written, then
/// percent-decoded (`#caf%C3%A9` finds `id="café"`).
fn local_target<'t>(
    ctx: &Ctx,
    href: &str,
    find: impl Fn(&str) -> Option<&'t str>,
) -> Option<&'t str> {
    let h = href.trim_matches(|c: char| c <= ' ');
    let fragment: std::borrow::Cow<'_, str> = match h.strip_prefix('#') {
        Some(f) => f.into(),
        None => {
            let base = ctx.base?;
            let abs = ctx.url(h, UrlUse::Link)?;
            let (doc, f) = abs.split_once('#')?;
            let page = base.as_str().split('#').next().unwrap_or_default();
            if doc != page {
                return None;
            }
            f.to_string().into()
        }
    };
    if fragment.is_empty() {
        return None;
    }
    find(&fragment).or_else(|| {
        let decoded = percent_encoding::percent_decode_str(&fragment).decode_utf8_lossy();
        find(&decoded)
    })
}

fn html_node(t: &Tree, id: NodeId, ctx: &Ctx, anchors: &Anchors, out: &mut String) {
    match t.data(id) {
        NodeData::Text(s) => escape_text(t.span(s), out),
        NodeData::Document => {
            for &c in t.children(id) {
                html_node(t, c, ctx, anchors, out);
            }
        }
        NodeData::Element(e) => {
            if e.name == crate::PLACEHOLDER {
                if let Some(n) = e.attr("data-bs-removed") {
                    out.push_str("<div data-bs-removed=\"");
                    escape_attr(n, out);
                    out.push_str("\" hidden></div>");
                }
                return;
            }
            let Some(tag) = disposition(t, id, &anchors.figures) else {
                return;
            };
            if tag.is_empty() {
                // The tag goes but a link target stays, as an empty anchor where it began.
                if let Some(v) = e.attr("id").and_then(|v| anchors.id_for(v)) {
                    out.push_str("<span id=\"");
                    escape_attr(&v, out);
                    out.push_str("\"></span>");
                }
                for &c in t.children(id) {
                    html_node(t, c, ctx, anchors, out);
                }
                return;
            }
            let mut attrs: Vec<(&str, String)> = Vec::new();
            if tag == "img" || tag == "source" {
                let (src, srcset) = if tag == "img" {
                    image_sources(t, id)
                } else {
                    (
                        e.attr("src").map(str::to_string),
                        e.attr("srcset").map(str::to_string),
                    )
                };
                if let Some(s) = src.and_then(|s| ctx.url(&s, UrlUse::Image)) {
                    attrs.push(("src", s));
                }
                if let Some(s) = srcset.and_then(|s| ctx.srcset(&s)) {
                    attrs.push(("srcset", s));
                }
                if tag == "img" && attrs.is_empty() {
                    return; // an image with no usable source shows nothing
                }
            }
            for (n, v) in e.attrs() {
                if matches!(n, "src" | "srcset") || !attr_allowed(tag, n) {
                    continue;
                }
                let v = match n {
                    "href" => match anchors
                        .href_for(ctx, v)
                        .or_else(|| ctx.url(v, UrlUse::Link))
                    {
                        Some(u) => u,
                        None => continue,
                    },
                    "cite" => match ctx.url(v, UrlUse::Link) {
                        Some(u) => u,
                        None => continue,
                    },
                    _ => v.to_string(),
                };
                attrs.push((n, v));
            }
            // A link target keeps its id (prefixed); `<a name>` targets get one.
            let target = e
                .attr("id")
                .filter(|_| tag != "img")
                .and_then(|v| anchors.id_for(v));
            let target = target.or_else(|| {
                e.attr("name")
                    .filter(|_| tag == "a")
                    .and_then(|v| anchors.id_for(v))
            });
            if let Some(v) = target {
                attrs.push(("id", v));
            }
            if ctx.hints && crate::hint::HINTED.contains(&tag) {
                if let Some(h) = crate::hint::selector_hint(&e) {
                    attrs.push((crate::hint::ATTRIBUTE, h));
                }
            }
            if is_caption_credit(t, id, e) && !out.ends_with(char::is_whitespace) {
                // "The quay at dusk<span class=credit>Jane Doe/AP</span>" reads as one word
                // ("duskJane", or "CreditCredit" where a label precedes the credit).
                out.push(' ');
            }
            out.push('<');
            out.push_str(tag);
            for (n, v) in &attrs {
                out.push(' ');
                out.push_str(n);
                out.push_str("=\"");
                escape_attr(v, out);
                out.push('"');
            }
            out.push('>');
            if crate::build::is_void(tag) {
                return;
            }
            for &c in t.children(id) {
                html_node(t, c, ctx, anchors, out);
            }
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
    }
}

/// Plain text: inline whitespace collapsed, `pre` kept verbatim, a blank line between blocks.
pub(crate) fn text(t: &Tree, id: NodeId) -> String {
    let mut w = TextWriter::default();
    for &c in t.children(id) {
        text_node(t, c, &mut w, false);
    }
    w.finish()
}

#[derive(Default)]
struct TextWriter {
    /// Finished blocks, joined once at the end. (Appending them to one growing string instead
    /// was measured worse in wasm, where `realloc` copies: the last doubling of an 80 MB text
    /// held 190 MB, against 160 MB for the blocks and their exact-size join.)
    blocks: Vec<String>,
    cur: String,
    /// Last char written to `cur` was a (collapsed) space.
    space: bool,
    figures: FigureImages,
}

impl TextWriter {
    /// Appends `s` with each run of white space (`char::is_whitespace`) as one space, none at
    /// the start of a block. Words are copied whole ([`push_squashed_by`]; this ran a
    /// character at a time, a push each).
    fn push_inline(&mut self, s: &str) {
        push_squashed_by(&mut self.cur, &mut self.space, s, char::is_whitespace);
        // `push_squashed_by` notes white space even before the block's first word; here the
        // space is pending only after a word (`push_raw` would write it).
        if self.cur.is_empty() {
            self.space = false;
        }
    }
    fn push_raw(&mut self, s: &str) {
        if self.space {
            self.cur.push(' ');
            self.space = false;
        }
        self.cur.push_str(s);
    }
    fn line_break(&mut self) {
        self.space = false;
        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
            self.cur.push('\n');
        }
    }
    fn end_block(&mut self) {
        let b = self.cur.trim_end().to_string();
        if !b.trim().is_empty() {
            self.blocks.push(b);
        }
        self.cur.clear();
        self.space = false;
    }
    fn finish(mut self) -> String {
        self.end_block();
        self.blocks.join("\n\n")
    }
}

fn text_node(t: &Tree, id: NodeId, w: &mut TextWriter, pre: bool) {
    match t.data(id) {
        NodeData::Text(s) => {
            let s = t.span(s);
            if pre {
                w.push_raw(s)
            } else {
                w.push_inline(s)
            }
        }
        NodeData::Document => {}
        NodeData::Element(e) => {
            let Some(tag) = disposition(t, id, &w.figures) else {
                return;
            };
            let name = e.name;
            if name == "br" {
                w.line_break();
                return;
            }
            // Images have no text, and a figure's caption is not the article's prose: the
            // caption stays with its image in `content_html` (issue 13). Only `figcaption`, the
            // element HTML made for it: captions in class-named paragraphs stay, because the
            // people who labelled the dragnet pages kept them (leaving those out measured
            // -0.0014 F1 on its train split; `figcaption` alone, +0.0000).
            if name == "img" || name == "figcaption" {
                // An image between two runs of text parts them on the page
                // ("<span>The Cocktail</span><img>Friendsgiving is …"): not one word here.
                if name == "img" {
                    w.push_inline(" ");
                }
                return;
            }
            let block = BLOCKS.contains(&name);
            if block {
                w.end_block();
            } else if matches!(name, "td" | "th") {
                // Cells of a row share its line.
                w.push_inline(" ");
            }
            let pre = pre || tag == "pre";
            for &c in t.children(id) {
                text_node(t, c, w, pre);
            }
            if block {
                w.end_block();
            } else if matches!(name, "td" | "th") {
                w.push_inline(" ");
            }
        }
    }
}

/// CommonMark Markdown of `id`'s children.
pub(crate) fn markdown(t: &Tree, id: NodeId, ctx: &Ctx) -> String {
    markdown_nested(t, id, ctx, 0, 0)
}

/// [`markdown`] of a list item inside `inline_depth` inline renderings and `list_depth` lists.
fn markdown_nested(
    t: &Tree,
    id: NodeId,
    ctx: &Ctx,
    inline_depth: usize,
    list_depth: usize,
) -> String {
    let mut md = Md {
        ctx,
        out: Vec::new(),
        cur: String::new(),
        prefix: Vec::new(),
        inline_depth,
        list_depth,
        figures: FigureImages::default(),
    };
    for &c in t.children(id) {
        md.node(t, c, false);
    }
    md.flush();
    md.out.join("\n\n")
}

struct Md<'a, 'b> {
    ctx: &'a Ctx<'b>,
    out: Vec<String>,
    cur: String,
    /// Line prefixes of enclosing blocks (`> ` for quotes, indentation for list items).
    prefix: Vec<String>,
    /// [`Md::inline_of`] calls in progress.
    inline_depth: usize,
    /// Lists this rendering is inside.
    list_depth: usize,
    figures: FigureImages,
}

/// Nested inline renderings (links, emphasis, headings, table cells) beyond which the inner
/// content is plain text.
const MAX_INLINE_DEPTH: usize = 16;
/// Nested lists beyond which an item is one line of plain text: each level re-indents every
/// line inside it, so unbounded nesting would cost depth × size.
const MAX_LIST_DEPTH: usize = 16;

/// The rows of `table` itself: `tr` elements inside it but not inside a table nested in it
/// (those are rendered with the cell that holds their table), and whether it holds a table.
fn own_rows(t: &Tree, table: NodeId) -> (Vec<NodeId>, bool) {
    let mut rows = Vec::new();
    let mut nested = false;
    let mut stack: Vec<NodeId> = t.children(table).iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        match t.name(n) {
            "table" => nested = true,
            name => {
                if name == "tr" {
                    rows.push(n);
                }
                stack.extend(t.children(n).iter().rev());
            }
        }
    }
    (rows, nested)
}

impl Md<'_, '_> {
    fn flush(&mut self) {
        let text = collapse_inline(&self.cur);
        self.cur.clear();
        if text.is_empty() {
            return;
        }
        let prefix: String = self.prefix.concat();
        if prefix.is_empty() && !text.contains('\n') && block_start_escape(&text).is_none() {
            // collapse_inline's output is already trimmed: the block is the text itself.
            self.out.push(text);
            return;
        }
        let mut block = String::with_capacity(text.len() + prefix.len() + 1);
        for (i, l) in text.lines().enumerate() {
            if i > 0 {
                block.push('\n');
            }
            block.push_str(&prefix);
            // Each line here starts with text or inline markup we wrote (`**`, `[`, …),
            // never with a block marker of ours: those are added around flushed blocks.
            push_line_escaped(l.trim_start(), &mut block);
        }
        self.out.push(block);
    }

    fn push_block(&mut self, block: String) {
        self.flush();
        let prefix: String = self.prefix.concat();
        self.out.push(
            block
                .lines()
                .map(|l| format!("{prefix}{l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }

    fn children(&mut self, t: &Tree, id: NodeId, pre: bool) {
        for &c in t.children(id) {
            self.node(t, c, pre);
        }
    }

    fn inline_of(&mut self, t: &Tree, id: NodeId) -> String {
        if self.inline_depth >= MAX_INLINE_DEPTH {
            // Deeper inline markup is rendered as its text: each level copies and collapses
            // everything inside it, so unbounded nesting (`<b><b><b>…`, tables in cells in
            // tables) would cost depth × size.
            return plain_md(t, id);
        }
        self.inline_depth += 1;
        let saved = std::mem::take(&mut self.cur);
        let saved_out = std::mem::take(&mut self.out);
        self.children(t, id, false);
        let inner = std::mem::replace(&mut self.cur, saved);
        let extra = std::mem::replace(&mut self.out, saved_out);
        self.inline_depth -= 1;
        if extra.is_empty() {
            // The common case: no block inside, so no joined copy.
            return collapse_inline(&inner);
        }
        let mut all = extra.join(" ");
        if !all.is_empty() && !inner.is_empty() {
            all.push(' ');
        }
        all.push_str(&inner);
        collapse_inline(&all)
    }

    fn node(&mut self, t: &Tree, id: NodeId, pre: bool) {
        match t.data(id) {
            NodeData::Text(s) => {
                let s = t.span(s);
                if pre {
                    self.cur.push_str(s);
                } else {
                    escape_md_into(s, &mut self.cur);
                }
            }
            NodeData::Document => {}
            NodeData::Element(e) => {
                let Some(tag) = disposition(t, id, &self.figures) else {
                    return;
                };
                match tag {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        let level = tag.as_bytes()[1] - b'0';
                        // A heading is one line: a hard break would end it and start a
                        // paragraph (or a list, a quote…) with the rest.
                        let inner = self.inline_of(t, id).replace("  \n", " ");
                        if !inner.is_empty() {
                            self.push_block(format!("{} {}", "#".repeat(level as usize), inner));
                        }
                    }
                    "p" | "div" | "section" | "article" | "header" | "footer" | "main"
                    | "aside" | "figure" | "figcaption" | "address" | "details" | "summary"
                    | "caption" | "picture" | "dl" | "dd" | "dt" => {
                        self.flush();
                        self.children(t, id, pre);
                        self.flush();
                    }
                    "br" => self.cur.push_str("  \n"),
                    "hr" => self.push_block("---".into()),
                    "pre" => {
                        let code = t.text_content(id);
                        let fence = if code.contains("```") { "~~~" } else { "```" };
                        self.push_block(format!(
                            "{fence}\n{}\n{fence}",
                            code.trim_end_matches('\n')
                        ));
                    }
                    "code" | "kbd" | "samp" if !pre => {
                        let c = t.text_content(id);
                        let c = c.trim();
                        if !c.is_empty() {
                            let tick = if c.contains('`') { "``" } else { "`" };
                            self.cur.push_str(&format!("{tick}{c}{tick}"));
                        }
                    }
                    "strong" | "b" => self.wrap(t, id, "**"),
                    "em" | "i" => self.wrap(t, id, "_"),
                    "del" | "s" => self.wrap(t, id, "~~"),
                    "a" => {
                        let inner = self.inline_of(t, id);
                        match e.attr("href").and_then(|h| self.ctx.url(h, UrlUse::Link)) {
                            Some(href) if !inner.is_empty() => self.cur.push_str(&format!(
                                "[{inner}]({})",
                                href.replace(' ', "%20").replace(')', "%29")
                            )),
                            _ => self.cur.push_str(&inner),
                        }
                    }
                    "img" => {
                        if let Some(src) = image_sources(t, id)
                            .0
                            .and_then(|s| self.ctx.url(&s, UrlUse::Image))
                        {
                            if !src.starts_with("data:") {
                                let alt = escape_md(e.attr("alt").unwrap_or(""));
                                self.cur.push_str(&format!(
                                    "![{}]({})",
                                    alt.trim(),
                                    src.replace(' ', "%20")
                                ));
                            }
                        }
                    }
                    "blockquote" => {
                        self.flush();
                        self.prefix.push("> ".into());
                        self.children(t, id, pre);
                        self.flush();
                        self.prefix.pop();
                    }
                    "ul" | "ol" => self.list(t, id, &e, tag),
                    "table" => self.table(t, id, pre),
                    _ => self.children(t, id, pre),
                }
            }
        }
    }

    /// A list: each item rendered on its own (nested lists indented under it).
    #[inline(never)]
    fn list(&mut self, t: &Tree, id: NodeId, e: &Elem, tag: &str) {
        self.flush();
        let start: i64 = e
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let items: Vec<NodeId> = t
            .child_elements(id)
            .filter(|&c| t.name(c) == "li")
            .collect();
        let mut lines = Vec::new();
        for (n, li) in (start..).zip(items) {
            let marker = if tag == "ol" {
                format!("{n}. ")
            } else {
                "- ".to_string()
            };
            let sub = if self.list_depth >= MAX_LIST_DEPTH {
                plain_md(t, li)
            } else {
                markdown_nested(t, li, self.ctx, self.inline_depth, self.list_depth + 1)
            };
            let indent = " ".repeat(marker.len());
            let body = sub
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i == 0 {
                        format!("{marker}{l}")
                    } else if l.is_empty() {
                        String::new()
                    } else {
                        format!("{indent}{l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            if !sub.is_empty() {
                lines.push(body);
            }
        }
        if !lines.is_empty() {
            self.push_block(lines.join("\n"));
        }
    }

    /// A table: a grid of its own rows, or, holding tables, blocks per cell.
    #[inline(never)]
    fn table(&mut self, t: &Tree, id: NodeId, pre: bool) {
        let (own, nested) = own_rows(t, id);
        if nested {
            // A table of tables is layout: Markdown cannot nest tables, so
            // each cell becomes blocks of its own (inner tables as tables).
            for tr in own {
                for cell in t.child_elements(tr) {
                    self.flush();
                    self.children(t, cell, pre);
                    self.flush();
                }
            }
            return;
        }
        let rows: Vec<Vec<String>> = own
            .into_iter()
            .map(|tr| {
                t.child_elements(tr)
                    .filter(|&c| matches!(t.name(c), "td" | "th"))
                    // A row is one line, so a hard break in a cell becomes a space.
                    .map(|c| {
                        self.inline_of(t, c)
                            .replace("  \n", " ")
                            .replace('|', "\\|")
                    })
                    .collect()
            })
            .filter(|r: &Vec<String>| !r.is_empty())
            .collect();
        if let Some(first) = rows.first() {
            let cols = rows.iter().map(Vec::len).max().unwrap_or(first.len());
            let line = |r: &Vec<String>| {
                let mut cells = r.clone();
                cells.resize(cols, String::new());
                format!("| {} |", cells.join(" | "))
            };
            let mut lines = vec![line(first), format!("|{}", " --- |".repeat(cols))];
            lines.extend(rows[1..].iter().map(line));
            self.push_block(lines.join("\n"));
        }
    }

    fn wrap(&mut self, t: &Tree, id: NodeId, mark: &str) {
        let inner = self.inline_of(t, id);
        if !inner.is_empty() {
            self.cur.push_str(mark);
            self.cur.push_str(&inner);
            self.cur.push_str(mark);
        }
    }
}

/// `id`'s text as one line of Markdown, without markup (past the nesting caps).
fn plain_md(t: &Tree, id: NodeId) -> String {
    collapse_inline(&escape_md(&t.text_content(id)))
}

/// Collapses whitespace in inline Markdown, keeping hard breaks (`  \n`).
fn collapse_inline(s: &str) -> String {
    // One output buffer, no intermediate vectors: this runs once per Markdown block.
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split("  \n").enumerate() {
        if i > 0 {
            out.push_str("  \n");
        }
        for (j, word) in part.split_whitespace().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    match out.trim() {
        t if t.len() == out.len() => out,
        t => t.to_string(),
    }
}

/// Escapes characters that would start Markdown syntax inside text.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_md_into(s, &mut out);
    out
}

/// [`escape_md`] into `out` (no string of its own per text node).
///
/// Characters that start inline or block syntax anywhere are escaped wherever they are; the
/// markers that only count at the start of a line (`1.`, `-`, `+`, `=`) are escaped by
/// [`Md::flush`], the one place that knows where lines start.
fn escape_md_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            // `~` makes strikethrough (GFM, as our own `~~`) and `~~~` fences; `#` closes
            // a heading and `>` starts a quote; `|` splits table cells.
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'#' | b'|' | b'~' => true,
            // The page's literal text `&copy;` must not come out as ©.
            b'&' => may_be_char_ref(&bytes[i + 1..]),
            _ => false,
        };
        if escape {
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&s[from..]);
}

/// Whether the text after an `&` could make it a character reference (`copy;`, `#169;`,
/// `#xA9;`): alphanumerics up to a `;`, or up to the end of this text node, which the next
/// one may continue. `AT&T is` is left alone.
fn may_be_char_ref(after: &[u8]) -> bool {
    let after = after.strip_prefix(b"#").unwrap_or(after);
    let run = after
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    matches!(after.get(run), None | Some(b';'))
}

/// Where a line of inline Markdown needs a backslash so that its text does not start a
/// block: `1984. That was` would be an ordered list, `- x` and `+ x` bullets, a line of `=`
/// or `-` a setext heading underline (or a thematic break). `None` for ordinary text, which
/// is left as it is.
fn block_start_escape(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let first = *b.first()?;
    let blank_at = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
    match first {
        b'-' | b'+' if blank_at(1) => Some(0),
        b'-' if line.bytes().all(|c| matches!(c, b'-' | b' ' | b'\t')) => Some(0),
        b'=' if line.trim_end().bytes().all(|c| c == b'=') => Some(0),
        b'0'..=b'9' => {
            // A list marker is at most nine digits, then `.` or `)`, then a blank.
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            (n <= 9 && matches!(b.get(n), Some(b'.' | b')')) && blank_at(n + 1)).then_some(n)
        }
        _ => None,
    }
}

/// `line` into `out`, with [`block_start_escape`]'s backslash if it needs one.
fn push_line_escaped(line: &str, out: &mut String) {
    match block_start_escape(line) {
        Some(i) => {
            out.push_str(&line[..i]);
            out.push('\\');
            out.push_str(&line[i..]);
        }
        None => out.push_str(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of prose long enough for the scorer to keep its article.
    const PROSE: &str = "<p>The harbour wall that fell in the storm will be rebuilt by spring, \
        the council said, with money from the regional fund, a loan, and the port's own \
        reserves.</p>";

    #[test]
    fn an_image_between_two_runs_of_text_parts_their_words() {
        let page = format!(
            "<html><body><article>{PROSE}<p><span>The Normandy Cocktail</span><img src=/c.jpg>\
             Friendsgiving is not Friendsgiving without it, the host said.</p><p>Boats \
             <img src=/b.jpg> at dawn.</p>{PROSE}</article></body></html>"
        );
        let a = crate::clean(page.as_bytes(), &crate::Options::default()).expect("article");
        assert!(a.text.contains("Cocktail Friendsgiving is"), "{}", a.text);
        assert!(a.text.contains("Boats at dawn."), "{}", a.text);
    }

    #[test]
    fn heading_permalink_marks_go_and_other_in_page_links_stay() {
        let page = format!(
            "<html><body><article><h2 id=\"plans\">The plans<a class=\"headerlink\" \
             href=\"#plans\">¶</a></h2>{PROSE}<p>See <a href=\"#plans\">the plans</a> and \
             note <a href=\"#n1\">§</a> 4.</p>{PROSE}<p id=\"n1\">A note.</p></article></body></html>"
        );
        let opts = crate::Options::new()
            .with_url("https://docs.example/a")
            .unwrap_or_default();
        let a = crate::clean(page.as_bytes(), &opts).expect("article");
        assert!(
            !a.text.contains('¶') && !a.content_html.contains('¶'),
            "{}",
            a.content_html
        );
        assert!(a.text.contains("The plans"), "{}", a.text);
        assert!(
            a.content_html.contains(">the plans</a>"),
            "{}",
            a.content_html
        );
        // A mark that links elsewhere is the page's text.
        assert!(a.content_html.contains(">§</a> 4."), "{}", a.content_html);
    }

    #[test]
    fn a_figures_hidden_media_label_goes_and_its_image_and_caption_stay() {
        let page = format!(
            "<html><body><article>{PROSE}\
             <figure><div><span class=\"css-1dv1kvn\">Image</span><img src=\"/a.jpg\"></div>\
             <figcaption>The breach, from the quay.</figcaption></figure>{PROSE}</article></body></html>"
        );
        let opts = crate::Options::new()
            .with_url("https://gazette.example/a")
            .unwrap_or_default();
        let a = crate::clean(page.as_bytes(), &opts).expect("article");
        assert!(!a.content_html.contains(">Image<"), "{}", a.content_html);
        assert!(a.content_html.contains("/a.jpg"), "{}", a.content_html);
        assert!(a
            .content_html
            .contains("<figcaption>The breach, from the quay.</figcaption>"));
        assert!(!a.text.contains("Image"), "{}", a.text);
        // A table in a figure (WordPress's table block) keeps its cells, labels or not.
        let table = format!(
            "<html><body><article>{PROSE}<figure class=\"wp-block-table\"><table><tbody>\
             <tr><td>Image</td><td>$10</td></tr><tr><td>Graphic</td><td>$2</td></tr></tbody>\
             </table></figure>{PROSE}</article></body></html>"
        );
        let a = crate::clean(table.as_bytes(), &opts).expect("article");
        assert!(
            a.content_html.contains("<td>Image</td>"),
            "{}",
            a.content_html
        );
        assert!(
            a.content_html.contains("<td>Graphic</td>"),
            "{}",
            a.content_html
        );
    }

    #[test]
    fn urls_are_vetted_and_resolved() {
        let base = Url::parse("https://example.com/a/b.html").unwrap();
        let ctx = Ctx {
            base: Some(&base),
            hints: false,
        };
        assert_eq!(
            ctx.url("c.jpg", UrlUse::Image).as_deref(),
            Some("https://example.com/a/c.jpg")
        );
        assert_eq!(ctx.url(" java\tscript:alert(1)", UrlUse::Link), None);
        assert_eq!(ctx.url("JAVASCRIPT:alert(1)", UrlUse::Link), None);
        assert_eq!(ctx.url("vbscript:x", UrlUse::Link), None);
        assert_eq!(ctx.url("data:text/html,<script>", UrlUse::Link), None);
        assert_eq!(
            ctx.url("data:image/svg+xml,<svg onload=x>", UrlUse::Image),
            None
        );
        assert!(ctx
            .url("data:image/png;base64,AAAA", UrlUse::Image)
            .is_some());
        assert_eq!(
            ctx.url("mailto:a@b.c", UrlUse::Link).as_deref(),
            Some("mailto:a@b.c")
        );
        let none = Ctx {
            base: None,
            hints: false,
        };
        assert_eq!(none.url("/x", UrlUse::Link).as_deref(), Some("/x"));
        assert_eq!(none.url("javascript:x", UrlUse::Link), None);
    }

    /// The build has no IDNA tables (idna_adapter 1.0): a link whose host is not ASCII stays as
    /// the page wrote it (a scheme-relative one gets the base's scheme); ASCII and punycode
    /// hosts resolve as before, and vetting is unchanged.
    #[test]
    fn links_to_hosts_that_are_not_ascii_stay_as_written() {
        let base = Url::parse("https://example.com/a/b.html").unwrap();
        let ctx = Ctx {
            base: Some(&base),
            hints: false,
        };
        for (raw, want) in [
            ("https://café.example/x?q=1", "https://café.example/x?q=1"),
            ("HTTP://bücher.example/", "HTTP://bücher.example/"),
            ("https://caf%C3%A9.example/", "https://caf%C3%A9.example/"),
            ("//bücher.example/a.jpg", "https://bücher.example/a.jpg"),
            (
                "https://xn--caf-dma.example/x",
                "https://xn--caf-dma.example/x",
            ),
            ("https://EXAMPLE.org/x", "https://example.org/x"),
            ("c.html", "https://example.com/a/c.html"),
        ] {
            assert_eq!(ctx.url(raw, UrlUse::Link).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(
            ctx.url("javascript://café.example/%0aalert(1)", UrlUse::Link),
            None
        );
        assert_eq!(
            ctx.srcset("//bücher.example/a.jpg 2x").as_deref(),
            Some("https://bücher.example/a.jpg 2x")
        );
        let none = Ctx {
            base: None,
            hints: false,
        };
        assert_eq!(
            none.url("https://café.example/", UrlUse::Link).as_deref(),
            Some("https://café.example/")
        );
    }

    #[test]
    fn srcset_resolves_each_candidate() {
        let base = Url::parse("https://example.com/").unwrap();
        let ctx = Ctx {
            base: Some(&base),
            hints: false,
        };
        assert_eq!(
            ctx.srcset("a.jpg 1x, /b.jpg 2x").as_deref(),
            Some("https://example.com/a.jpg 1x, https://example.com/b.jpg 2x")
        );
    }

    /// A tree of one `<p>` holding `segments` as text separated by `<br>`s.
    #[cfg(not(target_arch = "wasm32"))]
    fn paragraph(segments: &[String]) -> Tree {
        let mut b = crate::build::TreeBuilder::new(64);
        let at = usize::MAX / 2; // past any node budget
        let p = b
            .open("p", &crate::tree::AttrList::default(), false, at)
            .unwrap();
        for (i, s) in segments.iter().enumerate() {
            if i > 0 {
                b.open("br", &crate::tree::AttrList::default(), true, at);
            }
            b.text(s);
        }
        b.close(p);
        b.finish()
    }

    /// What a CommonMark reader shows for `md` when it is one paragraph: its text, hard
    /// breaks as `\n`; `Err` with the events when it is anything else.
    #[cfg(not(target_arch = "wasm32"))] // pulldown-cmark is a native dev-dependency
    fn commonmark_paragraph(md: &str) -> Result<String, String> {
        use pulldown_cmark::{Event, Tag, TagEnd};
        let opts =
            pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
        let events: Vec<Event> = pulldown_cmark::Parser::new_ext(md, opts).collect();
        let mut text = String::new();
        for (i, ev) in events.iter().enumerate() {
            match ev {
                Event::Start(Tag::Paragraph) if i == 0 => {}
                Event::End(TagEnd::Paragraph) if i == events.len() - 1 => {}
                Event::Text(s) => text.push_str(s),
                Event::HardBreak => text.push('\n'),
                _ => return Err(format!("{events:?}")),
            }
        }
        Ok(text)
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn markdown_text_reads_back_as_the_same_text() {
        // Random text over the characters Markdown gives meaning to, in one paragraph with
        // hard breaks: a CommonMark reader must show exactly that text, in one paragraph.
        let alphabet: Vec<char> = "0123456789 .)-+=#>*_`~[]()<!&;|\\:/ahx é".chars().collect();
        let words = [
            "copy", "amp", "#169", "#x41", "1984.", "1.", "- ", "---", "===", "&",
        ];
        let mut next = crate::test_rng(0x5EED_CAFE);
        let ctx = Ctx {
            base: None,
            hints: false,
        };
        for _ in 0..20_000 {
            let segments: Vec<String> = (0..1 + next(3))
                .map(|_| loop {
                    let s: String = (0..1 + next(12))
                        .map(|_| {
                            if next(4) == 0 {
                                words[next(words.len())].to_string()
                            } else {
                                alphabet[next(alphabet.len())].to_string()
                            }
                        })
                        .collect();
                    // HTML collapses the whitespace inside a line and drops it at its ends.
                    let s = s.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
                    if !s.is_empty() {
                        break s;
                    }
                })
                .collect();
            let t = paragraph(&segments);
            let md = markdown(&t, crate::tree::ROOT, &ctx);
            assert_eq!(
                commonmark_paragraph(&md),
                Ok(segments.join("\n")),
                "{segments:?} rendered as {md:?}"
            );
        }
    }

    #[test]
    fn negative_densities_are_told_by_their_digits() {
        for (v, neg) in [
            ("-1", true),
            ("-0.001", true),
            ("-1e-9", true),
            ("-0", false),
            ("-0.0e5", false),
            ("0", false),
            ("2.5", false),
            ("1e-3", false),
        ] {
            assert!(is_valid_float(v), "{v}");
            assert_eq!(is_negative(v), neg, "{v}");
        }
    }

    #[test]
    fn srcset_urls_may_hold_commas() {
        let base = Url::parse("https://example.com/").unwrap();
        let ctx = Ctx {
            base: Some(&base),
            hints: false,
        };
        assert_eq!(
            ctx.srcset(
                "https://cdn.example/w_400,c_fill/cat.jpg 400w, \
                 https://cdn.example/w_800,c_fill/cat.jpg 800w"
            )
            .as_deref(),
            Some(
                "https://cdn.example/w_400,c_fill/cat.jpg 400w, \
                 https://cdn.example/w_800,c_fill/cat.jpg 800w"
            )
        );
        // No space after the comma, relative URLs with commas, a trailing comma ending a URL.
        assert_eq!(
            ctx.srcset("/i/a,b.jpg 1x,/i/c,d.jpg 2x").as_deref(),
            Some("https://example.com/i/a,b.jpg 1x, https://example.com/i/c,d.jpg 2x")
        );
        assert_eq!(
            ctx.srcset(" ,, a.jpg,, b.jpg ,, ").as_deref(),
            Some("https://example.com/a.jpg, https://example.com/b.jpg")
        );
        // A data URL's comma does not split it; the inline placeholder itself is dropped.
        assert_eq!(
            ctx.srcset("data:image/gif;base64,R0lGOD 1x, big.jpg 2x")
                .as_deref(),
            Some("https://example.com/big.jpg 2x")
        );
    }

    #[test]
    fn srcset_drops_invalid_candidates_like_a_browser() {
        let base = Url::parse("https://example.com/").unwrap();
        let ctx = Ctx {
            base: Some(&base),
            hints: false,
        };
        let one = |s: &str| ctx.srcset(s);
        for bad in [
            "a.jpg 100w 2x",
            "a.jpg 2x 2x",
            "a.jpg 0w",
            "a.jpg -1x",
            "a.jpg 1.x",
            "a.jpg 300h",
            "a.jpg 2x 300h",
            "a.jpg big",
            "a.jpg (2x)",
            "a.jpg 100W",
            "javascript:alert(1) 1x",
        ] {
            assert_eq!(one(bad), None, "{bad:?}");
        }
        for good in [
            "a.jpg 400w 300h",
            "a.jpg 1.5x",
            "a.jpg .5x",
            "a.jpg 1e1x",
            "a.jpg 0x",
        ] {
            assert!(one(good).is_some(), "{good:?}");
        }
        // Parentheses keep a comma inside one (invalid) descriptor; the next candidate lives.
        assert_eq!(
            one("a.jpg (x, y) 2x, b.jpg 2x").as_deref(),
            Some("https://example.com/b.jpg 2x")
        );
    }

    #[test]
    fn inline_text_is_squashed_as_a_character_at_a_time() {
        // The definition, a character at a time: white space (`char::is_whitespace`) after
        // some text of the block is one pending space, written before the next character.
        fn by_chars(cur: &mut String, space: &mut bool, s: &str) {
            for c in s.chars() {
                if c.is_whitespace() {
                    *space |= !cur.is_empty();
                } else {
                    if *space {
                        cur.push(' ');
                        *space = false;
                    }
                    cur.push(c);
                }
            }
        }
        let parts = [
            "a", "bc", " ", "  ", "\n", "\t", "\u{a0}", "\u{85}", "\u{feff}", "é", "日本",
        ];
        let mut next = crate::test_rng(18);
        for _ in 0..5_000 {
            let mut w = TextWriter::default();
            let (mut cur, mut space) = (String::new(), false);
            for _ in 0..next(8) {
                match next(6) {
                    0 => {
                        w.push_raw("[r]");
                        if space {
                            cur.push(' ');
                            space = false;
                        }
                        cur.push_str("[r]");
                    }
                    1 => {
                        w.line_break();
                        space = false;
                        if !cur.is_empty() && !cur.ends_with('\n') {
                            cur.push('\n');
                        }
                    }
                    _ => {
                        let piece = crate::test_string(&mut next, &parts, 5);
                        w.push_inline(&piece);
                        by_chars(&mut cur, &mut space, &piece);
                    }
                }
                assert_eq!((&w.cur, w.space), (&cur, space));
            }
        }
    }
}
