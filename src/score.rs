//! Score: pick the article root and its relevant siblings, then tidy what was picked.
//!
//! The algorithm follows Mozilla Readability's `grabArticle`/`prepArticle` closely, because
//! its behaviour on real pages is the best-studied baseline there is: paragraphs score
//! `1 + commas + min(len/100, 3)`, credited to their parent in full, grandparent by half and
//! further ancestors by `1/(3·level)`; candidates start from a tag bonus and a class/id
//! weight and are scaled by `1 − link density`; the winner gathers siblings that score well
//! or read like prose; and when the result is too short the pass is retried with fewer
//! filters. It runs on our slim tree rather than a DOM, so every "remove" is a detach in the
//! arena and the retries restart from a snapshot of the tree.

use crate::text::{
    collapse_spaces, is_ascii_space, is_blank, is_js_space, js_len, text_similarity, Collapse,
};
use crate::tree::{ByTag, NodeData, NodeId, Tree, ROOT};
use crate::words::Words;

/// Results shorter than this (in UTF-16 units, as Readability counts) trigger a retry with
/// fewer filters.
const CHAR_THRESHOLD: usize = 500;
/// How many top candidates are compared when looking for a common ancestor.
const N_TOP_CANDIDATES: usize = 5;

/// What the score stage found.
pub(crate) struct Picked {
    /// A new `div` holding the article's blocks.
    pub root: NodeId,
    /// The byline text found in the page body, if any (its element was taken out).
    pub byline: Option<String>,
}

/// Words that mark blocks as unlikely to be content (Readability's `unlikelyCandidates`).
static UNLIKELY: Words = Words::new(&[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
]);
/// Words that name a slideshow or carousel, whose paragraphs earn no score (see `propagate`).
static SLIDESHOW: Words = Words::new(&["slideshow", "carousel"]);
/// Class and id words that mark chrome as whole words only (`blq-foot`, `#foot`), where
/// Readability's substring list would take prose blocks too ("football", "footnotes").
/// Measured on dragnet's train split: of 95 such elements with text on 57 pages, none held
/// the article.
const UNLIKELY_TOKENS: &[&str] = &["foot"];

/// Whether a lower-cased class-and-id string has one of [`UNLIKELY_TOKENS`] as a word of its
/// own (words split at anything but ASCII letters and digits).
fn has_unlikely_token(match_str: &str) -> bool {
    match_str
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| UNLIKELY_TOKENS.contains(&w))
}

static MAYBE_CANDIDATE: Words = Words::new(&[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
]);
static POSITIVE: Words = Words::new(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
]);
static NEGATIVE: Words = Words::new(&[
    "-ad-",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
]);
static BYLINE: Words = Words::new(&["byline", "author", "dateline", "writtenby", "p-author"]);
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];
const DIV_TO_P: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];
/// How many ancestors a scored block's score reaches (Readability's five).
const SCORED_LEVELS: usize = 5;

/// A block scores when its text is at least this long (UTF-16 units; Readability's 25).
const MIN_SCORED_LEN: usize = 25;

const TAGS_TO_SCORE: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];
/// Counts of a subtree for [`Scorer::should_remove`].
#[derive(Default)]
struct Census {
    /// Text length of the `ul`/`ol` elements inside (nested lists count again, as in
    /// Readability).
    list_len: usize,
    /// A data table inside.
    data_table: bool,
    p: f64,
    img: f64,
    /// Starts at -100, as Readability's `li` count does.
    li: f64,
    input: f64,
    /// Text length of the headings inside.
    heading_len: usize,
    /// Text length of the `span`, `li`, `td` and block elements inside.
    textish_len: usize,
    /// `object`, `embed` and `iframe` elements inside.
    embeds: Vec<NodeId>,
}

/// The tag names [`Scorer::walk`] tests, as static strings (no copy of the name per
/// element per pass); any other tag is `""` there.
const GRAB_TAGS: &[&str] = &[
    "body", "a", "div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre",
];

fn grab_tag(name: &str) -> &'static str {
    GRAB_TAGS
        .iter()
        .find(|&&t| t == name)
        .copied()
        .unwrap_or("")
}

/// Appended siblings keep these tags (others become `div`); `figure` is ours, so a lead figure is
/// not judged as a `div` by the conditional cleaning.
const ALTER_TO_DIV_EXCEPTIONS: &[&str] = &["div", "article", "section", "p", "ol", "ul", "figure"];
const PHRASING: &[&str] = &[
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong",
    "sub", "sup", "textarea", "time", "var", "wbr",
];
static VIDEO_HOSTS: Words = Words::new(&[
    "//www.dailymotion.com",
    "//dailymotion.com",
    "//www.youtube.com",
    "//youtube.com",
    "//www.youtube-nocookie.com",
    "//youtube-nocookie.com",
    "//player.vimeo.com",
    "//www.player.vimeo.com",
    "//v.qq.com",
    "//www.v.qq.com",
    "//archive.org",
    "//www.archive.org",
    "//upload.wikimedia.org",
    "//www.upload.wikimedia.org",
    "//player.twitch.tv",
    "//www.player.twitch.tv",
]);
const AD_WORDS: &[&str] = &[
    "ad",
    "advertising",
    "advertisement",
    "pub",
    "publicité",
    "werb",
    "werbung",
    "广告",
    "реклама",
    "anuncio",
];
const LOADING_WORDS: &[&str] = &["loading", "正在加载", "загрузка", "chargement", "cargando"];

/// Readability's `negative` pattern also matches the whole-word class `hid` and `hidden`.
fn is_negative(s: &str) -> bool {
    NEGATIVE.in_(s) || s.contains("hidden") || s.split_whitespace().any(|w| w == "hid")
}

/// Retry filters, dropped one at a time when a pass comes out too short.
#[derive(Clone, Copy, Default, PartialEq)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

impl Flags {
    /// The first attempt's: every filter on.
    const ALL: Flags = Flags {
        strip_unlikely: true,
        weight_classes: true,
        clean_conditionally: true,
    };

    /// The next attempt's: the first filter still on turned off, or `None` after the last.
    fn relaxed(mut self) -> Option<Flags> {
        if self.strip_unlikely {
            self.strip_unlikely = false;
        } else if self.weight_classes {
            self.weight_classes = false;
        } else if self.clean_conditionally {
            self.clean_conditionally = false;
        } else {
            return None;
        }
        Some(self)
    }

    /// The next attempt that can differ from the one just run with `self`, which `used` (a
    /// filter is used when its being on changed what the attempt did). Turning off a filter
    /// the attempt did not use runs the very same attempt again (scoring is deterministic and
    /// starts from the same tree), so those are passed over; they would only tie with it, and
    /// the first of equals wins. Most pages too short for the threshold, small ones above all,
    /// ran every attempt, half of them the same again.
    fn relaxed_after(mut self, used: Flags) -> Option<Flags> {
        loop {
            let next = self.relaxed()?;
            if self.turned_off_in(next).meets(used) {
                return Some(next);
            }
            self = next;
        }
    }

    /// The filters on here and off in `later`.
    fn turned_off_in(self, later: Flags) -> Flags {
        Flags {
            strip_unlikely: self.strip_unlikely && !later.strip_unlikely,
            weight_classes: self.weight_classes && !later.weight_classes,
            clean_conditionally: self.clean_conditionally && !later.clean_conditionally,
        }
    }

    /// Whether some filter is on both here and in `other`.
    fn meets(self, other: Flags) -> bool {
        (self.strip_unlikely && other.strip_unlikely)
            || (self.weight_classes && other.weight_classes)
            || (self.clean_conditionally && other.clean_conditionally)
    }
}

/// Content scores by node id; a node not initialised reads as NaN (and writing to one starts
/// it at NaN, as the vector this was did). A map rather than a vector as long as the tree:
/// few nodes are ever scored (blocks holding paragraphs and their ancestors), and the vector
/// cost 8 bytes for every node of the page, most of them never read.
#[derive(Default)]
struct Scores(hashbrown::HashMap<NodeId, f64>);

// Not inlined: a hash probe at each of the scorer's dozens of score reads was ~4 kB of wasm.
impl std::ops::Index<NodeId> for Scores {
    type Output = f64;
    #[inline(never)]
    fn index(&self, id: NodeId) -> &f64 {
        self.0.get(&id).unwrap_or(&f64::NAN)
    }
}

impl std::ops::IndexMut<NodeId> for Scores {
    #[inline(never)]
    fn index_mut(&mut self, id: NodeId) -> &mut f64 {
        self.0.entry(id).or_insert(f64::NAN)
    }
}

struct Scorer<'a> {
    t: &'a mut Tree,
    title: &'a str,
    flags: Flags,
    /// The filters of `flags` this attempt used: each set when its being on changed what the
    /// attempt did (see [`Flags::relaxed_after`]).
    used: std::cell::Cell<Flags>,
    byline: Option<String>,
    /// Content score per node id (NaN = not initialised).
    score: Scores,
    /// Per node id, whether it is a table of data (`false` past the end: only set when the
    /// article has tables).
    data_table: Vec<bool>,
    lens: Lens,
    /// Nodes the current walk has removed, detached together when the walk ends (see
    /// [`Scorer::remove_and_next`]).
    removed: Vec<NodeId>,
}

/// Runs the score stage on `tree`, whose junk is already out. `title` is the article title
/// (used to drop a heading that repeats it).
pub(crate) fn pick(tree: &mut Tree, title: &str) -> Option<Picked> {
    prep_document(tree);
    let marked = MarkedBody::find(tree);
    tree.checkpoint();
    let mut picked = attempt_all(tree, title);
    if let Some(m) = marked {
        // A marked body of pictures and a line of text wins only over a short pick (the blurb
        // beside a picture post), never over an article found elsewhere.
        let wins = m.chars >= MARKED_MIN_CHARS
            || picked
                .as_ref()
                .is_none_or(|p| text_stats(tree, p.root).0 < PICTURE_POST_PICK_MAX);
        if wins && !m.covered_by(tree, picked.as_ref().map(|p| p.root)) {
            // The pick is mostly elsewhere and left out most of the block the page itself
            // names as the article's body: that block is the article. (Scoring again inside
            // it measured no better: what made the scorer miss it, a post of pictures with
            // a line of text, a gallery that conditional cleaning takes out, is still there.)
            tree.rollback();
            picked = Some(Picked {
                root: m.el,
                byline: None,
            });
        }
    }
    tree.commit();
    picked
}

/// The one block a page marks as its article's body, by a class or itemprop that publishing
/// systems give it (`entry-content`, `post-body`, `itemprop="articleBody"`, …): the outermost
/// such element when there is exactly one (a listing has one per teaser).
struct MarkedBody {
    el: NodeId,
    /// Per node id, whether it is a text node inside the block.
    inside: Vec<bool>,
    /// Non-space characters of its text.
    chars: usize,
}

/// Class tokens that name an article's body.
const BODY_CLASSES: &[&str] = &[
    "entry-content",
    "post-body",
    "article-body",
    "post-content",
    "article-content",
    "story-body",
    "entry",
];

/// A pick shorter than this (UTF-16 units) yields to a marked body of pictures that it does
/// not cover: the blurbs and "about me" boxes that displace a picture post are a few hundred
/// characters; an article is longer.
const PICTURE_POST_PICK_MAX: usize = 1000;

/// Least text of a marked body of pictures worth picking (non-space characters): a line, not
/// a lone button label ("Pin it").
const PICTURE_POST_MIN_CHARS: usize = 15;

/// Least text of a marked body worth picking again for (non-space characters).
const MARKED_MIN_CHARS: usize = 100;

impl MarkedBody {
    fn find(t: &Tree) -> Option<MarkedBody> {
        let mut found: Option<NodeId> = None;
        // Depth first, not below a marked block: its own marked parts are not a second one.
        let mut todo = vec![t.body()];
        while let Some(n) = todo.pop() {
            let Some(e) = t.elem(n) else { continue };
            let marked = e.attr("itemprop") == Some("articleBody")
                || e.attr("class").is_some_and(|c| {
                    c.split_ascii_whitespace()
                        .any(|k| BODY_CLASSES.iter().any(|b| k.eq_ignore_ascii_case(b)))
                });
            if !marked {
                todo.extend(t.children(n).iter().rev());
                continue;
            }
            if found.is_some() {
                return None;
            }
            found = Some(n);
        }
        let el = found?;
        // A hidden body is a paywall's or a template's, not one to show.
        if !is_shown(t, el) {
            return None;
        }
        let mut inside = vec![false; t.len()];
        let mut chars = 0;
        for d in t.descendants(el) {
            if t.text(d).is_some() {
                inside[d] = true;
                chars += t.text_chars(d);
            }
        }
        // A post of pictures has little text: its body counts when it shows an image.
        let pictures = || t.find_all(el, "img").any(|i| t.attr(i, "src").is_some());
        (chars >= MARKED_MIN_CHARS || (chars >= PICTURE_POST_MIN_CHARS && pictures()))
            .then_some(MarkedBody { el, inside, chars })
    }

    /// Whether the pick under `root` holds at least a third of the block's text.
    fn covered_by(&self, t: &Tree, root: Option<NodeId>) -> bool {
        let Some(root) = root else { return false };
        let (mut held, mut all) = (0, 0);
        for d in t.descendants(root) {
            if t.text(d).is_some() {
                let n = t.text_chars(d);
                all += n;
                if self.inside.get(d).copied().unwrap_or(false) {
                    held += n;
                }
            }
        }
        // Covered when it holds a third of the block, or when most of it is inside the block
        // (a block that also holds comments or a sidebar is larger than its article).
        held * 3 >= self.chars || held * 2 >= all
    }
}

/// Shortest strict attempt that can hold its pick against a longer relaxed one (UTF-16
/// units): the shortest paragraph Readability scores at all. A post that is mostly a picture
/// has one line of text, and the "about me" box beside it is a few times longer; the relaxed
/// pick still wins when it holds the short one's text or is [`RELAXED_RATIO`] times longer, so
/// a strict pick of a stray line does not hold against an article. (It was 140, a paragraph
/// of prose, until measured: 25 raised dragnet train F1 by 0.003 with no page down.)
const SHORT_ARTICLE: usize = 25;
/// A relaxed attempt this many times longer than the short strict one wins even without its
/// text: the filters hid the article itself (a body with "comment" in its class, say) and the
/// strict attempt found a teaser or a bio; the blurbs that displace a short post are a few
/// times its length, not tens.
const RELAXED_RATIO: usize = 10;

/// The first attempt long enough to be a short article, kept to judge later, longer ones.
struct ShortPick {
    flags: Flags,
    len: usize,
    /// Its text nodes (ids survive rollbacks) and their lengths.
    texts: Vec<(NodeId, usize)>,
}

impl ShortPick {
    /// Whether the longer pick under `root` (of `len` units) is the article rather than
    /// blocks the strict filters kept out: it holds most of this pick's text, or is many
    /// times longer.
    fn yields_to(&self, t: &Tree, root: NodeId, len: usize) -> bool {
        len >= self.len.saturating_mul(RELAXED_RATIO) || holds_most_of(t, root, &self.texts)
    }
}

/// Readability's retry loop: each attempt with one heuristic fewer, the tree rolled back to
/// the checkpoint between attempts.
///
/// A relaxed attempt usually comes out longer because the blocks the dropped filter kept out
/// (sidebars, profiles, blurbs) are back, not because the article grew: on a short post the
/// strict attempt finds the post, and the relaxed one the longer "about me" box beside it.
/// So the first attempt reaching [`SHORT_ARTICLE`] keeps its pick against a longer one that
/// does not [yield](ShortPick::yields_to).
fn attempt_all(tree: &mut Tree, title: &str) -> Option<Picked> {
    let mut flags = Flags::ALL;
    // Each failed attempt keeps only its flags and text length; a winner other than the last
    // is run again at the end. (Saving the tree's shape after every attempt held up to five
    // copies of every node's links and name: most of the peak memory on pages that are not
    // articles.)
    let mut attempts: Vec<(Flags, usize)> = Vec::new();
    let mut short: Option<ShortPick> = None;
    // One lens for every attempt: the text nodes' numbers carry over (`Lens::restart`).
    let mut lens = Lens::default();
    // An attempt's pick and byline, and the filters it used.
    let mut run = |tree: &mut Tree, flags: Flags| {
        lens.restart(tree.len());
        let mut s = Scorer::new(tree, title, flags);
        s.lens = std::mem::take(&mut lens);
        let root = s.grab();
        lens = std::mem::take(&mut s.lens);
        (root, s.byline.take(), s.used.get())
    };
    // Whether the pick under `root` stands against the short one.
    let stands = |tree: &Tree, short: &Option<ShortPick>, root: NodeId, len: usize| {
        short.as_ref().is_none_or(|s| s.yields_to(tree, root, len))
    };
    loop {
        let (root, byline, used) = run(tree, flags);
        // Without a short pick to stand against, a long enough pick wins whatever its length:
        // the text is read only until it is long enough (the first attempt on most pages; the
        // whole article's text was 2 % of a clean on small pages).
        if short.is_none() && text_len_at_least(tree, root, CHAR_THRESHOLD) {
            return Some(Picked { root, byline });
        }
        let len = text_stats(tree, root).0;
        if len >= CHAR_THRESHOLD {
            if stands(tree, &short, root, len) {
                return Some(Picked { root, byline });
            }
            break;
        }
        if short.is_none() && len >= SHORT_ARTICLE {
            short = Some(ShortPick {
                flags,
                len,
                texts: text_nodes(tree, root),
            });
        }
        attempts.push((flags, len));
        if let Some(next) = flags.relaxed_after(used) {
            tree.rollback();
            flags = next;
            continue;
        }
        // Every attempt ran: the longest wins.
        let best = longest(&attempts)?;
        let (best_flags, best_len) = attempts[best];
        if best_len == 0 {
            tree.rollback();
            return None;
        }
        // The tree holds the last attempt; an earlier one is made again on the restored tree
        // (scoring is deterministic: the same flags give that attempt's result again).
        // Pages shorter than the threshold, most of them small, run every attempt, and with
        // every filter off the longest is usually the last.
        let (root, byline) = if best + 1 == attempts.len() {
            (root, byline)
        } else {
            tree.rollback();
            let (root, byline, _) = run(tree, best_flags);
            (root, byline)
        };
        if stands(tree, &short, root, best_len) {
            return Some(Picked { root, byline });
        }
        break;
    }
    // A longer attempt that lost the short one's text: the short one wins.
    let short = short?;
    tree.rollback();
    let (root, byline, _) = run(tree, short.flags);
    Some(Picked { root, byline })
}

/// The index of the longest attempt, the first of equals (`None` for no attempt).
fn longest(attempts: &[(Flags, usize)]) -> Option<usize> {
    (0..attempts.len()).max_by(|&a, &b| attempts[a].1.cmp(&attempts[b].1).then(b.cmp(&a)))
}

/// The text nodes under `root` that are not blank, with their (trimmed) lengths.
fn text_nodes(t: &Tree, root: NodeId) -> Vec<(NodeId, usize)> {
    t.descendants(root)
        .filter_map(|d| t.text(d).map(|s| (d, s.trim().len())))
        .filter(|&(_, l)| l > 0)
        .collect()
}

/// Whether the subtree of `root` holds at least half (by length) of `texts`.
fn holds_most_of(t: &Tree, root: NodeId, texts: &[(NodeId, usize)]) -> bool {
    let mut inside = vec![false; t.len()];
    for d in t.descendants(root) {
        inside[d] = true;
    }
    let total: usize = texts.iter().map(|&(_, l)| l).sum();
    let held: usize = texts
        .iter()
        .filter(|&&(n, _)| inside.get(n).copied().unwrap_or(false))
        .map(|&(_, l)| l)
        .sum();
    held * 2 >= total
}

/// Readability's `isProbablyReaderable`: enough visible paragraphs of prose (each over 140
/// characters, their `sqrt(len − 140)` summing past 20), outside likely chrome and lists.
pub(crate) fn probably_readerable(t: &Tree) -> bool {
    let mut nodes: Vec<NodeId> = t
        .descendants(ROOT)
        .filter(|&d| matches!(t.name(d), "p" | "pre" | "article"))
        .collect();
    for br in t.find_all(ROOT, "br") {
        if let Some(p) = t.parent(br) {
            if t.name(p) == "div" && !nodes.contains(&p) {
                nodes.push(p);
            }
        }
    }
    let mut score = 0.0;
    for n in nodes {
        if !is_shown(t, n) {
            continue;
        }
        let m = t
            .elem(n)
            .map(|e| e.class_and_id_lower())
            .unwrap_or_default();
        if UNLIKELY.in_(&m) && !MAYBE_CANDIDATE.in_(&m) {
            continue;
        }
        if t.name(n) == "p" && t.ancestors(n).any(|a| t.name(a) == "li") {
            continue;
        }
        let len = js_len(t.text_content(n).trim());
        if len < 140 {
            continue;
        }
        score += ((len - 140) as f64).sqrt();
        if score > 20.0 {
            return true;
        }
    }
    false
}

/// A listing (search results, a section front, a tag page) has at least this many headline
/// links in what was picked.
const LISTING_MIN_ITEMS: usize = 5;
/// The text an item of a listing has besides its headline (non-space characters, the median
/// over the items) stays under this: a snippet, not a section of a listicle.
const LISTING_MAX_SNIPPET: usize = 250;

/// Whether the picked content under `root` is a listing rather than an article: many
/// same-purpose items, each a headline link that starts its block followed by at most a
/// snippet, and no stretch of text long enough to be an article. A stretch is the text
/// between two headline links (or before the first); an article with a list of related
/// headlines after it has one stretch, the article, far longer than the rest. A listicle
/// whose items are linked headlines with blurbs looks the same: the page's own claim to be a
/// single post settles it.
pub(crate) fn is_listing(t: &Tree, root: NodeId) -> bool {
    // A page that calls itself a single post (`<body class="single">`, as blog engines mark
    // a post's own page) is an article even when the post is a list of links with blurbs.
    if t.elem(t.body()).is_some_and(|e| {
        e.class_and_id_lower()
            .split_whitespace()
            .any(|w| w == "single")
    }) {
        return false;
    }
    // One walk in document order. A link is a headline when it has three words or more and
    // no text comes before it in its block (`open`: the blocks around the current node, each
    // with whether text was seen in it yet; a closed block's text counts for its parent).
    // Stretches of text outside headline links are split at each headline.
    enum Step {
        Enter(NodeId),
        Leave,
    }
    let mut open: Vec<bool> = vec![false];
    let mut heads = 0;
    let mut stretches: Vec<usize> = vec![0];
    let mut total = 0;
    let mut todo: Vec<Step> = t
        .children(root)
        .iter()
        .rev()
        .map(|&c| Step::Enter(c))
        .collect();
    while let Some(step) = todo.pop() {
        let n = match step {
            Step::Leave => {
                let seen = open.pop().unwrap_or(false);
                if let Some(parent) = open.last_mut() {
                    *parent |= seen;
                }
                continue;
            }
            Step::Enter(n) => n,
        };
        if t.text(n).is_some() {
            let c = t.text_chars(n);
            total += c;
            if let Some(last) = stretches.last_mut() {
                *last += c;
            }
            if c > 0 {
                if let Some(seen) = open.last_mut() {
                    *seen = true;
                }
            }
            continue;
        }
        let name = t.name(n);
        if name == "a" && !open.last().copied().unwrap_or(true) {
            let text = t.text_content(n);
            let c = crate::text::non_space(&text);
            if text.split_whitespace().count() >= 3 && c >= 12 {
                heads += 1;
                total += c;
                stretches.push(0);
                if let Some(seen) = open.last_mut() {
                    *seen = true;
                }
                continue;
            }
        }
        if matches!(
            name,
            "p" | "div"
                | "li"
                | "dt"
                | "dd"
                | "td"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "article"
                | "section"
                | "header"
                | "blockquote"
        ) {
            open.push(false);
            todo.push(Step::Leave);
        }
        todo.extend(t.children(n).iter().rev().map(|&c| Step::Enter(c)));
    }
    if heads < LISTING_MIN_ITEMS {
        return false;
    }
    let longest = stretches.iter().copied().max().unwrap_or(0);
    let mut snippets = stretches[1..].to_vec();
    snippets.sort_unstable();
    let median = snippets[snippets.len() / 2];
    longest * 3 < total && longest * 2 < median * 5 && median < LISTING_MAX_SNIPPET
}

/// `textContent`, trimmed, runs of whitespace collapsed (Readability's `_getInnerText`).
pub(crate) fn inner_text(t: &Tree, id: NodeId) -> String {
    // `collapse_spaces(t.text_content(id).trim())`, without the copy of the whole text that
    // the trim is taken from: a paragraph holding a whole page's text (random bytes, a
    // flattened page) made two copies of it. First where the trimmed text starts and ends
    // (byte offsets into the pieces joined), then the collapse of that range.
    let (mut pos, mut start, mut end) = (0, None, 0);
    for s in text_pieces(t, id) {
        if start.is_none() {
            start = s.find(|c: char| !c.is_whitespace()).map(|i| pos + i);
        }
        if let Some((i, c)) = s.char_indices().rev().find(|&(_, c)| !c.is_whitespace()) {
            end = pos + i + c.len_utf8();
        }
        pos += s.len();
    }
    let Some(start) = start else {
        return String::new();
    };
    let mut out = String::with_capacity(end - start);
    let mut collapse = Collapse::default();
    let mut pos = 0;
    for s in text_pieces(t, id) {
        let (from, to) = (start.max(pos), end.min(pos + s.len()));
        if from < to {
            collapse.push(&mut out, &s[from - pos..to - pos]);
        }
        pos += s.len();
        if pos >= end {
            break;
        }
    }
    collapse.finish(&mut out);
    out
}

/// Whether [`inner_text`] of `p` has at least `n` characters, without making that string (one
/// paragraph of a whole page's text made a copy of it just to be counted): the characters that
/// neither trimming nor collapsing can take out are counted first, and only a paragraph with
/// fewer than `n` of them is measured exactly.
pub(crate) fn inner_text_has_chars(t: &Tree, p: NodeId, n: usize) -> bool {
    let mut solid = 0;
    for s in text_pieces(t, p) {
        solid += s
            .chars()
            .filter(|&c| !c.is_whitespace() && !is_js_space(c))
            .take(n - solid)
            .count();
        if solid >= n {
            return true;
        }
    }
    inner_text(t, p).chars().count() >= n
}

/// The text of `id`'s subtree in document order, piece by piece (`id` itself when it is a
/// text node), as [`Tree::text_content`] joins it.
fn text_pieces(t: &Tree, id: NodeId) -> impl Iterator<Item = &str> + '_ {
    let own = t.text(id);
    let below = own
        .is_none()
        .then(|| t.descendants(id).filter_map(move |d| t.text(d)));
    own.into_iter().chain(below.into_iter().flatten())
}

/// UTF-16 length of `textContent` trimmed, without allocating a normalised copy when the
/// caller only needs the length of the raw text.
fn text_is_blank(t: &Tree, id: NodeId) -> bool {
    match t.data(id) {
        NodeData::Text(s) => is_blank(t.span(s)),
        _ => t.descendants(id).all(|d| t.text(d).is_none_or(is_blank)),
    }
}

fn is_phrasing(t: &Tree, id: NodeId) -> bool {
    match t.data(id) {
        NodeData::Text(_) => true,
        NodeData::Element(e) => {
            PHRASING.contains(&e.name)
                || (matches!(e.name, "a" | "del" | "ins")
                    && t.children(id).iter().all(|&c| is_phrasing(t, c)))
        }
        NodeData::Document => false,
    }
}

/// A text node of white space only.
fn is_blank_text(t: &Tree, id: NodeId) -> bool {
    t.text(id).is_some_and(is_blank)
}

fn is_whitespace_node(t: &Tree, id: NodeId) -> bool {
    is_blank_text(t, id) || t.name(id) == "br"
}

/// Skips whitespace-only text nodes (Readability's `_nextNode`).
fn next_non_ws(t: &Tree, mut node: Option<NodeId>) -> Option<NodeId> {
    while let Some(n) = node {
        if !is_blank_text(t, n) {
            return Some(n);
        }
        node = t.next_sibling(n);
    }
    None
}

/// Document order, elements only: first child, else next sibling, else an ancestor's next
/// sibling (Readability's `_getNextNode`).
fn next_element(t: &Tree, node: NodeId, skip_children: bool) -> Option<NodeId> {
    if !skip_children {
        if let Some(c) = t.child_elements(node).next() {
            return Some(c);
        }
    }
    let mut n = node;
    loop {
        if let Some(s) = next_element_sibling(t, n) {
            return Some(s);
        }
        n = t.parent(n)?;
        if n == ROOT {
            return None;
        }
    }
}

fn next_element_sibling(t: &Tree, id: NodeId) -> Option<NodeId> {
    let p = t.parent(id)?;
    let i = t.index_in_parent(id)?;
    t.children(p)[i + 1..]
        .iter()
        .copied()
        .find(|&c| t.elem(c).is_some())
}

/// The tags `prep_article`'s steps look up.
const PREP_TAGS: &[&str] = &[
    "table", "form", "fieldset", "object", "embed", "footer", "link", "aside", "iframe", "input",
    "textarea", "select", "button", "h1", "h2", "ul", "div", "p", "br",
];

/// Descendant elements named any of `names` (not including `id`), document order.
fn all_with_tags(t: &Tree, id: NodeId, names: &[&str]) -> Vec<NodeId> {
    t.find_all_of(id, names).collect()
}

fn has_ancestor_tag(t: &Tree, id: NodeId, tag: &str, max_depth: Option<usize>) -> bool {
    for (depth, a) in t.ancestors(id).enumerate() {
        if let Some(m) = max_depth {
            if depth >= m {
                return false;
            }
        }
        if t.name(a) == tag {
            return true;
        }
    }
    false
}

/// UTF-16 length of [`inner_text`] and its number of commas, counted without building the
/// string: interior whitespace runs count one unit each, leading and trailing ones none.
fn text_stats(t: &Tree, id: NodeId) -> (usize, usize) {
    let sum = match t.data(id) {
        NodeData::Text(s) => TextSum::of(t.span(s)),
        _ => t
            .descendants(id)
            .fold(TextSum::default(), |acc, d| match t.text(d) {
                Some(s) => acc.join(TextSum::of(s)),
                None => acc,
            }),
    };
    (sum.len(), sum.commas as usize)
}

/// Whether [`text_stats`]'s length of `id` is at least `min`, reading only as much of its
/// text as that takes (a prefix's length never exceeds the whole's).
fn text_len_at_least(t: &Tree, id: NodeId, min: usize) -> bool {
    if let NodeData::Text(s) = t.data(id) {
        return TextSum::of(t.span(s)).len() >= min;
    }
    let mut acc = TextSum::default();
    for d in t.descendants(id) {
        if let Some(s) = t.text(d) {
            acc = acc.join(TextSum::of(s));
            if acc.len() >= min {
                return true;
            }
        }
    }
    acc.len() >= min
}

/// How a subtree's text looks to [`text_stats`], in a form two neighbours can be joined from:
/// the length of `inner_text` is `units + runs`.
#[derive(Clone, Copy, Default)]
struct TextSum {
    /// UTF-16 units of non-whitespace characters.
    units: u32,
    /// Whitespace runs between non-whitespace characters.
    runs: u32,
    commas: u32,
    lead_ws: bool,
    trail_ws: bool,
    has_text: bool,
    has_ws: bool,
}

impl TextSum {
    fn of(s: &str) -> TextSum {
        let mut r = TextSum::default();
        let mut pending = false;
        let mut step = |ws: bool, units: u32, comma: bool| {
            if ws {
                r.has_ws = true;
                if r.has_text {
                    pending = true;
                } else {
                    r.lead_ws = true;
                }
            } else {
                if pending {
                    r.runs += 1;
                    pending = false;
                }
                r.has_text = true;
                r.units += units;
                r.commas += u32::from(comma);
            }
        };
        // ASCII bytes directly; other characters decoded one at a time. A run of ASCII
        // non-space bytes other than commas (most of any text) is one step of its length.
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let ws = is_ascii_space(b);
                if ws || b == b',' {
                    step(ws, 1, !ws);
                    i += 1;
                    continue;
                }
                let run = bytes[i..]
                    .iter()
                    .position(|&b| b >= 0x80 || b == b',' || is_ascii_space(b))
                    .unwrap_or(bytes.len() - i);
                step(false, run as u32, false);
                i += run;
            } else {
                let Some(c) = s[i..].chars().next() else {
                    break;
                };
                step(c.is_whitespace(), c.len_utf16() as u32, is_comma(c));
                i += c.len_utf8();
            }
        }
        r.trail_ws = pending;
        r
    }

    /// `self` followed by `next`.
    fn join(self, next: TextSum) -> TextSum {
        if !self.has_text {
            return TextSum {
                lead_ws: self.has_ws || next.lead_ws,
                has_ws: self.has_ws || next.has_ws,
                ..next
            };
        }
        if !next.has_text {
            return TextSum {
                trail_ws: self.trail_ws || next.has_ws,
                has_ws: self.has_ws || next.has_ws,
                ..self
            };
        }
        TextSum {
            units: self.units + next.units,
            runs: self.runs + next.runs + u32::from(self.trail_ws || next.lead_ws),
            commas: self.commas + next.commas,
            lead_ws: self.lead_ws,
            trail_ws: next.trail_ws,
            has_text: true,
            has_ws: true,
        }
    }

    fn len(&self) -> usize {
        (self.units + self.runs) as usize
    }
}

/// Text statistics per node, memoised: `inner_text` length and commas ([`TextSum`]) and the
/// weighted length of link text (in-page `#` links count 30 %). [`Lens::fill`] computes a
/// subtree in one post-order pass. While `clean_conditionally` removes blocks innermost first,
/// a removal is only noted ([`Lens::remove`]: the block is skipped and its ancestors' numbers
/// invalidated) and re-folded when next asked for, so the numbers stay exact and each node is
/// re-folded once per pass rather than once per removed sibling.
#[derive(Default)]
struct Lens(std::cell::RefCell<LensInner>);

#[derive(Default)]
struct LensInner {
    /// Per node: its numbers, valid when stamped with the current `epoch` (never 0 once there
    /// are entries: `grow` starts it at 1, and new entries are stamped 0). [`Lens::clear`]
    /// moves to a new epoch instead of wiping the vector: the scorer clears after every
    /// structural change, and re-filling a vector as long as the tree each time was quadratic
    /// on pages of many small blocks. Text nodes never change: theirs are stamped
    /// [`FOREVER`] and survive every clear.
    entries: Vec<Entry>,
    epoch: u16,
    /// Nodes removed by the running `clean_conditionally` pass but still in the tree (they are
    /// detached together when it ends): folds and walks leave them out.
    skip: Vec<bool>,
}

/// The stamp of a text node's entry: valid in every epoch.
const FOREVER: u16 = u16::MAX;

/// A node's [`TextSum`] and link length, in 24 bytes: the sum's fields are laid out flat (a
/// nested struct keeps its own padding) and the epoch is 16 bits (see [`Lens::clear`] for
/// its wrap). There is one entry per node of the tree, so its size is paid per node of the
/// page; it was 32 bytes.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// Text length inside links, weighted as Readability weighs in-page links.
    link: f64,
    units: u32,
    runs: u32,
    commas: u32,
    epoch: u16,
    /// `lead_ws`, `trail_ws`, `has_text`, `has_ws` as bits 0–3.
    flags: u8,
}

impl Entry {
    fn new(epoch: u16, sum: TextSum, link: f64) -> Entry {
        Entry {
            link,
            units: sum.units,
            runs: sum.runs,
            commas: sum.commas,
            epoch,
            flags: u8::from(sum.lead_ws)
                | u8::from(sum.trail_ws) << 1
                | u8::from(sum.has_text) << 2
                | u8::from(sum.has_ws) << 3,
        }
    }

    fn sum(&self) -> TextSum {
        TextSum {
            units: self.units,
            runs: self.runs,
            commas: self.commas,
            lead_ws: self.flags & 1 != 0,
            trail_ws: self.flags & 2 != 0,
            has_text: self.flags & 4 != 0,
            has_ws: self.flags & 8 != 0,
        }
    }
}

fn link_coeff(t: &Tree, a: NodeId) -> f64 {
    match t.attr(a, "href") {
        Some(h) if h.starts_with('#') && h.len() > 1 => 0.3,
        _ => 1.0,
    }
}

impl LensInner {
    fn grow(&mut self, n: usize) {
        if self.epoch == 0 {
            self.epoch = 1; // entries stamped 0 are never valid
        }
        if self.entries.len() < n {
            // A quarter to spare for the nodes scoring creates, rather than doubling: in wasm
            // a grown vector is copied, the old block still live, and this one is as long as
            // the tree.
            if self.entries.capacity() < n {
                self.entries.reserve_exact(n + n / 4 - self.entries.len());
            }
            self.entries.resize(n, Entry::default());
        }
    }

    /// `id`'s entry, if computed in this epoch (or a text node's, computed once).
    fn valid(&self, id: NodeId) -> Option<&Entry> {
        self.entries
            .get(id)
            .filter(|e| e.epoch == self.epoch || e.epoch == FOREVER)
    }

    /// Folds `id`'s children (which must be known) into its own entry.
    fn fold(&mut self, t: &Tree, id: NodeId) {
        if let Some(s) = t.text(id) {
            if self.entries[id].epoch != FOREVER {
                self.entries[id] = Entry::new(FOREVER, TextSum::of(s), 0.0);
            }
            return;
        }
        let mut acc = TextSum::default();
        let mut l = 0.0;
        for &c in t.children(id) {
            if self.skipped(c) {
                continue;
            }
            let (cs, cl) = self
                .valid(c)
                .map_or((TextSum::default(), 0.0), |e| (e.sum(), e.link));
            acc = acc.join(cs);
            l += if t.name(c) == "a" {
                cs.len() as f64 * link_coeff(t, c)
            } else {
                cl
            };
        }
        self.entries[id] = Entry::new(self.epoch, acc, l);
    }

    fn skipped(&self, id: NodeId) -> bool {
        self.skip.get(id).copied().unwrap_or(false)
    }

    fn fill(&mut self, t: &Tree, root: NodeId) {
        self.grow(t.len());
        // Post-order with one stack entry per level (node, next child), not one per pending
        // sibling: a block of 200 000 links needed a 3 MB stack.
        // Children already known (valid, or text) are not walked again.
        // Room for a usual page's depth from the start, not grown level by level.
        let mut stack: Vec<(NodeId, usize)> = Vec::with_capacity(64);
        stack.push((root, 0));
        while let Some((id, next)) = stack.last_mut() {
            let id = *id;
            if let Some(&c) = t.children(id).get(*next) {
                *next += 1;
                if self.valid(c).is_none() && !self.skipped(c) {
                    stack.push((c, 0));
                }
            } else {
                stack.pop();
                self.fold(t, id);
            }
        }
    }
}

impl Lens {
    /// Ready for the next scoring attempt on a tree rolled back to `n` nodes: every number is
    /// voided but the text nodes' (a text node never changes, and rolled-back ids are never
    /// reused for the nodes that stay), and the entries of the nodes the rollback dropped are
    /// forgotten, as their ids will name new nodes. Each attempt counted every text node of
    /// the page again.
    fn restart(&self, n: usize) {
        {
            let i = &mut *self.0.borrow_mut();
            i.entries.truncate(n);
            i.skip.clear();
        }
        self.clear();
    }

    fn clear(&self) {
        let i = &mut *self.0.borrow_mut();
        i.epoch = match i.epoch.wrapping_add(1) {
            0 | FOREVER => {
                // The stamps wrapped: an entry of an old epoch could pass for one of the new
                // ones, so all but the permanent ones are voided (once per 65 534 clears).
                for e in &mut i.entries {
                    if e.epoch != FOREVER {
                        e.epoch = 0;
                    }
                }
                1
            }
            e => e,
        };
    }

    /// Computes every node under (and including) `root`.
    fn fill(&self, t: &Tree, root: NodeId) {
        self.0.borrow_mut().fill(t, root);
    }

    /// Notes that `n` is removed (it stays in the tree until [`Lens::end_removals`]): it is
    /// skipped from now on, and its ancestors' numbers are invalidated, up to the first one
    /// already invalid (whose ancestors are too: an invalid node's ancestors are always
    /// invalid, as every invalidation climbs to the top and a fill validates whole subtrees).
    fn remove(&self, t: &Tree, n: NodeId) {
        let mut i = self.0.borrow_mut();
        i.grow(t.len());
        if i.skip.len() < t.len() {
            i.skip.resize(t.len(), false);
        }
        i.skip[n] = true;
        let mut cur = t.parent(n);
        while let Some(a) = cur {
            if i.valid(a).is_none() {
                break;
            }
            i.entries[a].epoch = 0;
            cur = t.parent(a);
        }
    }

    /// Whether `id` was removed by the running pass.
    fn skipped(&self, id: NodeId) -> bool {
        self.0.borrow().skipped(id)
    }

    /// The pass is over and its removals detached: nothing is skipped any more.
    fn end_removals(&self) {
        self.0.borrow_mut().skip.clear();
    }

    fn sum(&self, t: &Tree, id: NodeId) -> TextSum {
        if let Some(e) = self.0.borrow().valid(id) {
            return e.sum();
        }
        let mut i = self.0.borrow_mut();
        i.fill(t, id);
        i.valid(id).map(|e| e.sum()).unwrap_or_default()
    }

    fn get(&self, t: &Tree, id: NodeId) -> usize {
        self.sum(t, id).len()
    }

    /// Share of the text inside links.
    fn link_density(&self, t: &Tree, id: NodeId) -> f64 {
        let len = self.get(t, id);
        if len == 0 {
            return 0.0;
        }
        let link = self.0.borrow().valid(id).map_or(0.0, |e| e.link);
        link / len as f64
    }
}

fn has_single_tag_inside(t: &Tree, id: NodeId, tag: &str) -> bool {
    let mut elems = t.child_elements(id);
    let (Some(only), None) = (elems.next(), elems.next()) else {
        return false;
    };
    t.name(only) == tag
        && !t
            .children(id)
            .iter()
            .any(|&c| t.text(c).is_some_and(|s| !s.trim().is_empty()))
}

fn has_child_block(t: &Tree, id: NodeId) -> bool {
    t.descendants(id).any(|d| DIV_TO_P.contains(&t.name(d)))
}

fn is_without_content(t: &Tree, id: NodeId) -> bool {
    if !text_is_blank(t, id) {
        return false;
    }
    let kids: Vec<NodeId> = t.child_elements(id).collect();
    kids.is_empty() || kids.len() == all_with_tags(t, id, &["br", "hr"]).len()
}

/// Whether `id` and every ancestor of it are [probably visible](is_probably_visible).
fn is_shown(t: &Tree, id: NodeId) -> bool {
    std::iter::once(id)
        .chain(t.ancestors(id))
        .all(|a| is_probably_visible(t, a))
}

fn is_probably_visible(t: &Tree, id: NodeId) -> bool {
    let Some(e) = t.elem(id) else { return true };
    if let Some(style) = e.attr("style") {
        if compact_contains(style, b"display:none") || compact_contains(style, b"visibility:hidden")
        {
            return false;
        }
    }
    if e.has_attr("hidden") {
        return false;
    }
    if e.attr("aria-hidden") == Some("true")
        && !e.attr("class").unwrap_or("").contains("fallback-image")
    {
        return false;
    }
    true
}

/// Whether `style` without its white space and ASCII-lower-cased contains `pat` (lower-case,
/// no white space): Readability's style test, without building that string per element.
fn compact_contains(style: &str, pat: &[u8]) -> bool {
    let mut rest = style.chars().filter(|c| !c.is_whitespace());
    loop {
        let mut probe = rest.clone();
        if pat.iter().all(|&p| {
            probe
                .next()
                .is_some_and(|c| c.to_ascii_lowercase() == char::from(p))
        }) {
            return true;
        }
        if rest.next().is_none() {
            return false;
        }
    }
}

/// `_prepDocument`: `<br><br>` runs become paragraphs, `<font>` becomes `<span>`.
fn prep_document(t: &mut Tree) {
    let body = t.body();
    for f in all_with_tags(t, ROOT, &["font"]) {
        t.set_name(f, "span");
    }
    // Readability's `_replaceBrs`, one parent at a time, each parent's child list rebuilt in
    // one pass (moving and removing nodes one by one shifted the list every time: quadratic on
    // a page of 100 000 `<br>`s).
    let mut parents: Vec<NodeId> = Vec::new();
    let mut seen = vec![false; t.len()];
    for br in all_with_tags(t, body, &["br"]) {
        if let Some(p) = t.parent(br) {
            if !std::mem::replace(&mut seen[p], true) {
                parents.push(p);
            }
        }
    }
    for parent in parents {
        replace_brs(t, parent);
    }
}

/// Within `parent`: a `br` followed by more `br`s (white space between them aside) loses the
/// others and becomes a `p` holding the phrasing content after it, up to the next such pair
/// or the first block.
fn replace_brs(t: &mut Tree, parent: NodeId) {
    let is_br = |t: &Tree, n: NodeId| t.name(n) == "br";
    let kids = t.take_children(parent);
    // The first non-white-space child at or after `i`.
    let next_solid = |t: &Tree, mut i: usize| {
        while i < kids.len() && is_blank_text(t, kids[i]) {
            i += 1;
        }
        i
    };
    let mut made_p = false;
    let mut i = 0;
    while i < kids.len() {
        let c = kids[i];
        i += 1;
        if !is_br(t, c) {
            t.append(parent, c);
            continue;
        }
        // The brs right after this one go (the white space between them stays).
        let mut removed = Vec::new();
        let mut j = next_solid(t, i);
        while j < kids.len() && is_br(t, kids[j]) {
            removed.push(j);
            j = next_solid(t, j + 1);
        }
        if removed.is_empty() {
            t.append(parent, c);
            continue;
        }
        let p = t.create("p");
        t.append(parent, p);
        made_p = true;
        while i < kids.len() {
            if removed.binary_search(&i).is_ok() {
                i += 1;
                continue;
            }
            let n = kids[i];
            if is_br(t, n) {
                let after = next_solid(t, i + 1);
                if after < kids.len() && is_br(t, kids[after]) {
                    break;
                }
            }
            if !is_phrasing(t, n) {
                break;
            }
            t.append(p, n);
            i += 1;
        }
        while let Some(&last) = t.children(p).last() {
            if is_whitespace_node(t, last) {
                t.detach(last);
            } else {
                break;
            }
        }
    }
    if made_p && t.name(parent) == "p" {
        t.set_name(parent, "div");
    }
}

impl<'a> Scorer<'a> {
    fn new(t: &'a mut Tree, title: &'a str, flags: Flags) -> Self {
        Scorer {
            t,
            title,
            flags,
            byline: None,
            score: Scores::default(),
            data_table: Vec::new(),
            lens: Lens::default(),
            removed: Vec::new(),
            used: std::cell::Cell::default(),
        }
    }

    fn class_weight(&self, id: NodeId) -> f64 {
        if !self.flags.weight_classes {
            return 0.0;
        }
        let Some(e) = self.t.elem(id) else { return 0.0 };
        let mut w = 0.0;
        for v in [e.attr("class"), e.attr("id")].into_iter().flatten() {
            if v.is_empty() {
                continue;
            }
            let l = v.to_lowercase();
            if is_negative(&l) {
                w -= 25.0;
            }
            if POSITIVE.in_(&l) {
                w += 25.0;
            }
        }
        if w != 0.0 {
            self.note_used(|u| u.weight_classes = true);
        }
        w
    }

    /// Marks a filter as used by this attempt.
    fn note_used(&self, set: impl FnOnce(&mut Flags)) {
        let mut u = self.used.get();
        set(&mut u);
        self.used.set(u);
    }

    fn initialize(&mut self, id: NodeId) {
        let base = match self.t.name(id) {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        self.score[id] = base + self.class_weight(id);
    }

    fn has_score(&self, id: NodeId) -> bool {
        !self.score[id].is_nan()
    }

    /// Removes `id` from a document-order walk and returns the next element after its
    /// subtree. The detach itself waits for [`Scorer::end_walk`]: detaching one by one shifted
    /// the parent's child list each time (quadratic for 100 000 empty sibling `div`s). Waiting
    /// changes nothing the walk sees: it never returns to a removed subtree, and its checks
    /// look at the current node, its subtree and its ancestors' names, never at the earlier
    /// siblings still listed.
    fn remove_and_next(&mut self, id: NodeId) -> Option<NodeId> {
        let next = next_element(self.t, id, true);
        self.removed.push(id);
        next
    }

    /// Detaches what the walk removed, in one pass per parent.
    fn end_walk(&mut self) {
        let removed = std::mem::take(&mut self.removed);
        self.t.detach_all(&removed);
    }

    fn check_byline(&mut self, id: NodeId, match_str: &str) -> bool {
        if self.byline.is_some() {
            return false;
        }
        let Some(e) = self.t.elem(id) else {
            return false;
        };
        let rel_author = e.attr("rel") == Some("author");
        let itemprop_author = e.attr("itemprop").is_some_and(|v| v.contains("author"));
        if !(rel_author || itemprop_author || BYLINE.in_(match_str)) {
            return false;
        }
        let text = self.t.text_content(id);
        let trimmed = text.trim();
        if trimmed.is_empty() || js_len(trimmed) >= 100 {
            return false;
        }
        // A byline block often holds more than the name ("By Jane Doe — Apr 16, 2024"); the
        // element marked `itemprop="name"` inside it is the name itself.
        let name = self
            .t
            .descendants(id)
            .find(|&d| {
                self.t
                    .attr(d, "itemprop")
                    .is_some_and(|v| v.contains("name"))
            })
            .map(|d| self.t.text_content(d).trim().to_string())
            .filter(|n| !n.is_empty());
        self.byline = Some(name.unwrap_or_else(|| trimmed.to_string()));
        true
    }

    fn header_duplicates_title(&self, id: NodeId) -> bool {
        let name = self.t.name(id);
        if name != "h1" && name != "h2" {
            return false;
        }
        let heading = self.t.text_content(id);
        text_similarity(self.title, heading.trim()) > 0.75
    }

    /// One pass of `grabArticle`, in its phases: the walk strips what cannot be content and
    /// lists the blocks to score, their scores go up into their ancestors, the best-scoring
    /// ancestor (or a better-placed relative of it) wins, and the winner gathers its siblings
    /// into a new article `div`, which is then tidied. Returns that `div`.
    fn grab(&mut self) -> NodeId {
        // Looked up before the walk, which may detach a hidden `body` (the lookup after it
        // would then find none): `pick_top`'s fallback wraps this one's children.
        let body = self.t.body();
        let to_score = self.walk();
        let candidates = self.propagate(&to_score);
        let top = self.top_candidates(&candidates);
        let tc = self.pick_top(&top, body);
        let article = self.gather_siblings(tc);
        self.prep_article(article);
        article
    }

    /// The document walk: strips hidden, unlikely, byline, title-repeating and empty elements
    /// (detached together when the walk ends), turns `div`s that hold no blocks into
    /// paragraphs, and returns the elements whose text is to be scored, in document order.
    fn walk(&mut self) -> Vec<NodeId> {
        let mut to_score: Vec<NodeId> = Vec::new();
        // Readability drops only the first heading that repeats the title.
        let mut title_header_left = true;
        let mut node = self.t.child_elements(ROOT).next();
        while let Some(n) = node {
            if self.strips(n, &mut title_header_left) {
                node = self.remove_and_next(n);
                continue;
            }
            let cur = self.collect(n, &mut to_score);
            node = next_element(self.t, cur, false);
        }
        self.end_walk();
        to_score
    }

    /// Whether the walk removes `n`. Records the byline when `n` is it, and spends
    /// `title_header_left` when `n` is the heading repeating the title.
    fn strips(&mut self, n: NodeId, title_header_left: &mut bool) -> bool {
        // The walk visits elements only; anything else is kept and left alone.
        let Some(e) = self.t.elem(n) else {
            return false;
        };
        let name = grab_tag(e.name);
        // Owned: `check_byline` below needs `self` mutably.
        let match_str = e.class_and_id_lower().into_owned();
        let role = e.attr("role").map(str::to_string);
        if !is_probably_visible(self.t, n) {
            return true;
        }
        if self.t.attr(n, "aria-modal") == Some("true") && role.as_deref() == Some("dialog") {
            return true;
        }
        if self.check_byline(n, &match_str) {
            return true;
        }
        if *title_header_left && self.header_duplicates_title(n) {
            *title_header_left = false;
            return true;
        }
        if self.flags.strip_unlikely {
            if (UNLIKELY.in_(&match_str) || has_unlikely_token(&match_str))
                && !MAYBE_CANDIDATE.in_(&match_str)
                && !has_ancestor_tag(self.t, n, "table", None)
                && !has_ancestor_tag(self.t, n, "code", None)
                && name != "body"
                && name != "a"
            {
                self.note_used(|u| u.strip_unlikely = true);
                return true;
            }
            if role.as_deref().is_some_and(|r| UNLIKELY_ROLES.contains(&r)) {
                self.note_used(|u| u.strip_unlikely = true);
                return true;
            }
        }
        matches!(
            name,
            "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) && is_without_content(self.t, n)
    }

    /// Lists a kept element `n` for scoring if its tag is scored, and rewrites a `div`: its
    /// loose phrasing content is wrapped in paragraphs, then a `div` around a lone `p` gives
    /// way to that `p`, and a `div` without blocks becomes a `p`. Returns the node the walk
    /// continues from (the `p` that replaced `n`, else `n`).
    fn collect(&mut self, n: NodeId, to_score: &mut Vec<NodeId>) -> NodeId {
        let name = grab_tag(self.t.name(n));
        if TAGS_TO_SCORE.contains(&name) {
            to_score.push(n);
        }
        if name != "div" {
            return n;
        }
        self.wrap_phrasing(n);
        if has_single_tag_inside(self.t, n, "p") && self.lens.link_density(self.t, n) < 0.25 {
            // The replacement moves nodes: the memoised lengths no longer hold.
            self.lens.clear();
            let only = self.t.child_elements(n).next();
            if let Some(child) = only {
                crate::hint::carry(self.t, n, child);
                self.t.replace(n, child);
                to_score.push(child);
                return child;
            }
        } else if !has_child_block(self.t, n) {
            self.t.set_name(n, "p");
            to_score.push(n);
        }
        n
    }

    /// Scores each element of `to_score` with 25 or more characters of text and credits the
    /// score to up to five ancestors: the parent in full, the grandparent by half, an
    /// ancestor `level` steps further up by `1/(3·level)`. Ancestors get their initial score
    /// (tag and class weight) when first credited. Returns them in that order.
    fn propagate(&mut self, to_score: &[NodeId]) -> Vec<NodeId> {
        // The walk changed the tree: every length is measured afresh.
        self.lens.clear();
        self.lens.fill(self.t, ROOT);
        let mut candidates: Vec<NodeId> = Vec::new();
        // Per node: 0 not yet asked, 1 not a slideshow, 2 a slideshow. Asked only on the
        // first attempt (see below), so only made then.
        let mut slideshow: Vec<u8> = if self.flags.strip_unlikely {
            vec![0; self.t.len()]
        } else {
            Vec::new()
        };
        // A table cell is scored as a paragraph (Readability's rule, for old layouts whose text
        // sits in the cells), but a cell whose text is already scored through the paragraphs
        // inside it would count it twice: the row then outscores the cell, and the article
        // takes the sidebar cell beside it. Per cell, the text of the blocks scored within
        // [`SCORED_LEVELS`] below it (in its nearest cell only); a cell that holds most of
        // its text so is not scored again.
        let mut covered: Vec<usize> = Vec::new();
        if to_score.iter().any(|&el| self.t.name(el) == "td") {
            covered = vec![0; self.t.len()];
            for &el in to_score {
                let len = self.lens.sum(self.t, el).len();
                if len < MIN_SCORED_LEN {
                    continue;
                }
                let cell = self
                    .t
                    .ancestors(el)
                    .take(SCORED_LEVELS)
                    .find(|&a| self.t.name(a) == "td");
                if let Some(cell) = cell {
                    covered[cell] += len;
                }
            }
        }
        for &el in to_score {
            let Some(parent) = self.t.parent(el) else {
                continue;
            };
            if self.t.elem(parent).is_none() {
                continue;
            }
            let sum = self.lens.sum(self.t, el);
            let (len, commas) = (sum.len(), sum.commas as usize);
            if len < MIN_SCORED_LEN {
                continue;
            }
            if covered.get(el).is_some_and(|&c| c * 2 >= len) && self.t.name(el) == "td" {
                continue;
            }
            let ancestors: Vec<NodeId> = self
                .t
                .ancestors(el)
                .filter(|&a| a != ROOT)
                .take(SCORED_LEVELS)
                .collect();
            if ancestors.is_empty() {
                continue;
            }
            // A slideshow's captions are many comma-rich paragraphs: scored, the slideshow
            // outranks the article it sits in. Unlike Readability's unlikely blocks it stays
            // in the tree (a lead photo in a one-picture carousel is the article's), it just
            // earns no score; a retry without the unlikely filter scores it (a gallery page).
            if self.flags.strip_unlikely
                && ancestors
                    .iter()
                    .any(|&a| self.is_slideshow(a, &mut slideshow))
            {
                self.note_used(|u| u.strip_unlikely = true);
                continue;
            }
            let content = 1.0 + (commas + 1) as f64 + (len / 100).min(3) as f64;
            for (level, &a) in ancestors.iter().enumerate() {
                // Readability skips ancestors without an element parent (the `html` element).
                if self.t.elem(a).is_none()
                    || self.t.parent(a).is_none_or(|p| self.t.elem(p).is_none())
                {
                    continue;
                }
                if !self.has_score(a) {
                    self.initialize(a);
                    candidates.push(a);
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                self.score[a] += content / divider;
            }
        }
        candidates
    }

    /// Whether `id`'s class or id names a slideshow or carousel ([`SLIDESHOW`]), memoised in
    /// `memo` (see [`Self::propagate`]).
    fn is_slideshow(&self, id: NodeId, memo: &mut [u8]) -> bool {
        if memo[id] == 0 {
            let hit = self
                .t
                .elem(id)
                .is_some_and(|e| SLIDESHOW.in_(&e.class_and_id_lower()));
            memo[id] = if hit { 2 } else { 1 };
        }
        memo[id] == 2
    }

    /// Scales each candidate's score by `1 − link density` (kept in `self.score`) and returns
    /// the [`N_TOP_CANDIDATES`] best, best first; on equal scores the earlier candidate ranks
    /// first.
    fn top_candidates(&mut self, candidates: &[NodeId]) -> Vec<NodeId> {
        let mut top: Vec<NodeId> = Vec::new();
        for &c in candidates {
            let ld = self.lens.link_density(self.t, c);
            let s = self.score[c] * (1.0 - ld);
            self.score[c] = s;
            for i in 0..N_TOP_CANDIDATES {
                if i >= top.len() || s > self.score[top[i]] {
                    top.insert(i, c);
                    if top.len() > N_TOP_CANDIDATES {
                        top.pop();
                    }
                    break;
                }
            }
        }
        top
    }

    /// Chooses the article's root from the ranked candidates `top`: the best one, moved up to
    /// an ancestor it shares with enough close runners-up, then to a parent that scores
    /// better, then past parents it is the only element of. Without a candidate (or when the
    /// best is `body` itself) the whole of `body` is wrapped in a new `div`, which wins.
    fn pick_top(&mut self, top: &[NodeId], body: NodeId) -> NodeId {
        let Some(&best) = top.first().filter(|&&c| self.t.name(c) != "body") else {
            return self.wrap_body(body);
        };
        let mut tc = self.shared_ancestor(best, &top[1..]);
        if !self.has_score(tc) {
            self.initialize(tc);
        }
        tc = self.climb_to_better_parent(tc);
        tc = self.climb_past_lone_children(tc);
        if !self.has_score(tc) {
            self.initialize(tc);
        }
        tc
    }

    /// Moves all of `body`'s children into a new, scored `div` at the end of `body`.
    fn wrap_body(&mut self, body: NodeId) -> NodeId {
        let div = self.t.create("div");
        let kids: Vec<NodeId> = self.t.children(body).to_vec();
        self.t.move_into(&kids, div);
        self.t.append(body, div);
        self.initialize(div);
        div
    }

    /// Readability's "alternative candidates": when at least three of the `others` outside
    /// `best` score within 75 % of it, the article is probably split across them, so the
    /// nearest ancestor of `best` (below `body`) that contains three of them wins instead.
    fn shared_ancestor(&self, best: NodeId, others: &[NodeId]) -> NodeId {
        const MIN_TOP: usize = 3;
        let alt: Vec<Vec<NodeId>> = others
            .iter()
            .filter(|&&c| self.score[c] / self.score[best] >= 0.75)
            // A candidate inside `best` is part of the same block, not a sign that the
            // article goes on elsewhere (Readability counts it, and climbs from a short post
            // into the sidebar when the post's own body div scores close to the post).
            .map(|&c| self.t.ancestors(c).collect::<Vec<NodeId>>())
            .filter(|up| !up.contains(&best))
            .collect();
        if alt.len() < MIN_TOP {
            return best;
        }
        let mut p = self.t.parent(best);
        while let Some(pp) = p {
            if self.t.name(pp) == "body" || pp == ROOT {
                break;
            }
            let lists = alt.iter().filter(|l| l.contains(&pp)).take(MIN_TOP).count();
            if lists >= MIN_TOP {
                return pp;
            }
            p = self.t.parent(pp);
        }
        best
    }

    /// Climbs while parents score better: they hold more of the article. Unscored parents are
    /// passed over; a parent under a third of `tc`'s score stops the climb, and each scored
    /// parent must beat the last one seen to win (Readability's rule) and must not add mostly
    /// link text to what `tc` holds (ours: the parent that scores better for holding the site's
    /// menu or footer as well loses to the tighter block).
    fn climb_to_better_parent(&self, mut tc: NodeId) -> NodeId {
        let mut p = self.t.parent(tc);
        let mut last = self.score[tc];
        let threshold = last / 3.0;
        while let Some(pp) = p {
            if self.t.name(pp) == "body" || pp == ROOT {
                break;
            }
            if !self.has_score(pp) {
                p = self.t.parent(pp);
                continue;
            }
            let ps = self.score[pp];
            if ps < threshold {
                break;
            }
            if ps > last {
                // A parent that adds mostly links adds the site's menu or footer, not more
                // of the article.
                if self.adds_mostly_links(tc, pp) {
                    break;
                }
                tc = pp;
                break;
            }
            last = ps;
            p = self.t.parent(pp);
        }
        tc
    }

    /// Whether what `outer` holds beyond `inner` (its descendant) is mostly link text: a
    /// menu, a footer, a list of other stories around the article.
    fn adds_mostly_links(&self, inner: NodeId, outer: NodeId) -> bool {
        let (len_in, len_out) = (self.lens.get(self.t, inner), self.lens.get(self.t, outer));
        let link_in = self.lens.link_density(self.t, inner) * len_in as f64;
        let link_out = self.lens.link_density(self.t, outer) * len_out as f64;
        let extra = len_out.saturating_sub(len_in) as f64;
        extra > 0.0 && (link_out - link_in) * 2.0 > extra
    }

    /// A lone child's parent is the same block with more context: climbs while `tc` is its
    /// parent's only element (never to `body`).
    fn climb_past_lone_children(&self, mut tc: NodeId) -> NodeId {
        let mut p = self.t.parent(tc);
        while let Some(pp) = p {
            if self.t.name(pp) == "body" || pp == ROOT || self.t.child_elements(pp).count() != 1 {
                break;
            }
            tc = pp;
            p = self.t.parent(tc);
        }
        tc
    }

    /// Moves the winner `tc` and those of its siblings that belong to the article (in
    /// document order) into a new `div`, and returns it. A sibling belongs when it scores
    /// near the winner (a fifth of its score, at least 10, counting a bonus for sharing its
    /// class), is a lead figure beside it, or is a paragraph that reads like prose.
    fn gather_siblings(&mut self, tc: NodeId) -> NodeId {
        let article = self.t.create("div");
        let tc_score = self.score[tc];
        let sibling_threshold = (tc_score * 0.2).max(10.0);
        let tc_class = self.t.attr(tc, "class").unwrap_or("").to_string();
        let siblings: Vec<NodeId> = match self.t.parent(tc) {
            Some(p) => self.t.child_elements(p).collect(),
            None => vec![tc],
        };
        let tc_pos = siblings.iter().position(|&s| s == tc).unwrap_or(0);
        // Asked before the loop renames the winner to `div`.
        let tc_is_cell = self.t.name(tc) == "td";
        let mut chosen: Vec<NodeId> = Vec::new();
        for (pos, sib) in siblings.into_iter().enumerate() {
            let mut append = sib == tc;
            // A figure right next to the article body is its lead image and caption:
            // Readability drops it, readers expect it.
            if !append && pos.abs_diff(tc_pos) <= 2 && self.is_lead_figure(sib) {
                append = true;
            }
            if !append {
                let mut bonus = 0.0;
                if !tc_class.is_empty() && self.t.attr(sib, "class").unwrap_or("") == tc_class {
                    bonus += tc_score * 0.2;
                }
                // Cells beside the winning cell are columns of a table layout: the menu, a
                // sidebar, the site's blurb; an article goes on down the page, not across.
                let column = tc_is_cell && self.t.name(sib) == "td";
                if !column && self.has_score(sib) && self.score[sib] + bonus >= sibling_threshold {
                    append = true;
                } else if self.t.name(sib) == "p" {
                    let ld = self.lens.link_density(self.t, sib);
                    let content = inner_text(self.t, sib);
                    let len = js_len(&content);
                    // Long and not linky, or short, link-free and ending a sentence.
                    append = (len > 80 && ld < 0.25)
                        || (len < 80 && len > 0 && ld == 0.0 && has_sentence_end(&content));
                }
            }
            if append {
                if !ALTER_TO_DIV_EXCEPTIONS.contains(&self.t.name(sib)) {
                    self.t.set_name(sib, "div");
                }
                chosen.push(sib);
            }
        }
        // One bulk move: moving siblings one at a time shifts the parent's child list each
        // time, quadratic on pages with 100 000 paragraphs in one container.
        self.t.move_into(&chosen, article);
        article
    }

    /// A `figure` (or a wrapper around exactly one) with an image, a short caption and few
    /// links.
    fn is_lead_figure(&self, id: NodeId) -> bool {
        let t = &*self.t;
        let fig = if t.name(id) == "figure" {
            Some(id)
        } else {
            let mut figs = t.find_all(id, "figure");
            match (figs.next(), figs.next()) {
                (Some(f), None) => Some(f),
                _ => None,
            }
        };
        let Some(fig) = fig else { return false };
        let has_img = t
            .descendants(fig)
            .any(|d| matches!(t.name(d), "img" | "picture"));
        has_img && self.lens.get(t, id) < 500 && self.lens.link_density(t, id) < 0.5
    }

    /// Wraps runs of phrasing content directly inside a `div` into `p` elements.
    /// The `div`'s child list is rebuilt in one pass (every append is O(1)): moving nodes out
    /// of it one by one shifted the list each time, quadratic in a `div` of 100 000 `<br>`s.
    fn wrap_phrasing(&mut self, div: NodeId) {
        let kids = self.t.take_children(div);
        let mut p: Option<NodeId> = None;
        for c in kids {
            if is_phrasing(self.t, c) {
                if let Some(pn) = p {
                    self.t.append(pn, c);
                } else if is_whitespace_node(self.t, c) {
                    self.t.append(div, c);
                } else {
                    let pn = self.t.create("p");
                    self.t.append(div, pn);
                    self.t.append(pn, c);
                    p = Some(pn);
                }
            } else {
                if let Some(pn) = p.take() {
                    // Trailing white space leaves the paragraph (and the tree).
                    while let Some(&last) = self.t.children(pn).last() {
                        if is_whitespace_node(self.t, last) {
                            self.t.detach(last);
                        } else {
                            break;
                        }
                    }
                }
                self.t.append(div, c);
            }
        }
    }

    /// `_prepArticle`: strip what sits inside the picked blocks but is not the article.
    fn prep_article(&mut self, article: NodeId) {
        // Every step below looks up the article's elements of some tags. Between the walk and
        // the last step, elements are only taken out or renamed, never added or moved, so one
        // walk gives every step its elements: those of its tags still in the article.
        let by_tag = ByTag::gather(self.t, article, PREP_TAGS);
        let tagged = |t: &Tree, tags: &[&str]| by_tag.still_under(t, article, tags);
        let tables = tagged(self.t, &["table"]);
        self.mark_data_tables(&tables);
        // The lens forgets the scoring's numbers; from here to the end of the fieldset pass,
        // the only changes are the passes' removals, which the lens follows.
        self.lens.clear();
        let forms = tagged(self.t, &["form"]);
        self.clean_conditionally_of(article, "form", forms);
        let fieldsets = tagged(self.t, &["fieldset"]);
        self.clean_conditionally_of(article, "fieldset", fieldsets);
        let embeds = tagged(self.t, &["object", "embed"]);
        self.clean_embeds(embeds);
        let chrome = tagged(self.t, &["footer", "link", "aside"]);
        self.t.detach_all(&chrome);
        // Share widgets inside each top-level block.
        let tops: Vec<NodeId> = self.t.child_elements(article).collect();
        for top in tops {
            let end = next_element(self.t, top, true);
            let mut next = next_element(self.t, top, false);
            while let Some(n) = next {
                if Some(n) == end {
                    break;
                }
                let m = self.t.elem(n).map(|e| e.class_and_id()).unwrap_or_default();
                if is_share(&m) && js_len(&self.t.text_content(n)) < CHAR_THRESHOLD {
                    next = self.remove_and_next(n);
                } else {
                    next = next_element(self.t, n, false);
                }
            }
        }
        self.end_walk();
        let iframes = tagged(self.t, &["iframe"]);
        self.clean_embeds(iframes);
        let fields = tagged(self.t, &["input", "textarea", "select", "button"]);
        self.t.detach_all(&fields);
        let weak_headings: Vec<NodeId> = tagged(self.t, &["h1", "h2"])
            .into_iter()
            .filter(|&h| self.class_weight(h) < 0.0)
            .collect();
        self.t.detach_all(&weak_headings);
        // Again, after the removals above, which the lens did not see.
        self.lens.clear();
        for tag in ["table", "ul", "div"] {
            let nodes = tagged(self.t, &[tag]);
            self.clean_conditionally_of(article, tag, nodes);
        }
        for h in tagged(self.t, &["h1"]) {
            self.t.set_name(h, "h2");
        }
        // Removing a blank paragraph changes no other paragraph's text or media.
        let blank: Vec<NodeId> = tagged(self.t, &["p"])
            .into_iter()
            .filter(|&p| {
                text_is_blank(self.t, p)
                    && all_with_tags(self.t, p, &["img", "embed", "object", "iframe"]).is_empty()
            })
            .collect();
        self.t.detach_all(&blank);
        let brs_before_p: Vec<NodeId> = tagged(self.t, &["br"])
            .into_iter()
            .filter(|&br| {
                next_non_ws(self.t, self.t.next_sibling(br)).is_some_and(|n| self.t.name(n) == "p")
            })
            .collect();
        self.t.detach_all(&brs_before_p);
        // Single-cell tables become their cell (the last step: it moves cells and renames).
        for table in tagged(self.t, &["table"]) {
            if self.t.parent(table).is_none() {
                continue;
            }
            let tbody = if has_single_tag_inside(self.t, table, "tbody") {
                self.t.child_elements(table).next().unwrap_or(table)
            } else {
                table
            };
            if !has_single_tag_inside(self.t, tbody, "tr") {
                continue;
            }
            let Some(row) = self.t.child_elements(tbody).next() else {
                continue;
            };
            if !has_single_tag_inside(self.t, row, "td") {
                continue;
            }
            let Some(cell) = self.t.child_elements(row).next() else {
                continue;
            };
            let all_phrasing = self
                .t
                .children(cell)
                .iter()
                .all(|&c| is_phrasing(self.t, c));
            self.t
                .set_name(cell, if all_phrasing { "p" } else { "div" });
            self.t.replace(table, cell);
        }
    }

    /// Removes the embeds `all` unless they point at a known video host.
    fn clean_embeds(&mut self, mut all: Vec<NodeId>) {
        all.retain(|&n| !self.is_video(n));
        self.t.detach_all(&all);
    }

    fn is_video(&self, id: NodeId) -> bool {
        self.t.elem(id).is_some_and(|e| {
            e.attrs()
                .any(|(_, v)| VIDEO_HOSTS.in_(&v.to_ascii_lowercase()))
        })
    }

    fn mark_data_tables(&mut self, tables: &[NodeId]) {
        for &table in tables {
            let data = is_data_table(self.t, table);
            if self.data_table.len() <= table {
                self.data_table.resize(self.t.len(), false);
            }
            self.data_table[table] = data;
        }
    }

    fn in_data_table(&self, id: NodeId) -> bool {
        self.t
            .ancestors(id)
            .any(|a| self.t.name(a) == "table" && self.data_table.get(a).copied().unwrap_or(false))
    }

    /// `_cleanConditionally`: drop `tag` blocks that look like lists of links, ad slots, image
    /// galleries without prose, or forms. Innermost first, as Readability walks backwards.
    /// `nodes`: the elements named `tag` under `root`, in document order.
    fn clean_conditionally_of(&mut self, root: NodeId, tag: &str, nodes: Vec<NodeId>) {
        if !self.flags.clean_conditionally {
            return;
        }
        // Nodes are judged innermost (last in document order) first; after a removal the
        // statistics of the removed node's ancestors are re-folded, so they stay exact.
        if nodes.is_empty() {
            return;
        }
        // The lens is exact for the tree as it is (the caller cleared it after the last change
        // the lens did not see; a pass's own removals it sees): only what a removal in an
        // earlier pass invalidated is folded again.
        self.lens.fill(self.t, root);
        debug_assert_eq!(
            self.lens.get(self.t, root),
            text_stats(self.t, root).0,
            "the lens missed a change"
        );
        // Removals wait until the pass ends and are detached together (one by one, each shifted
        // the parent's child list: quadratic for thousands of sibling blocks); meanwhile the
        // lens and the walks below leave removed blocks out, so every judgement sees the tree
        // as if they were gone. No judgement looks at earlier siblings or at a removed block's
        // inside: innermost-first order judges a node after everything inside it.
        let mut gone = Vec::new();
        for &n in nodes.iter().rev() {
            if self.t.parent(n).is_none() {
                continue;
            }
            if self.should_remove(n, tag) {
                self.lens.remove(self.t, n);
                gone.push(n);
            }
        }
        if !gone.is_empty() {
            self.note_used(|u| u.clean_conditionally = true);
        }
        self.t.detach_all(&gone);
        self.lens.end_removals();
    }

    /// The nodes under `n` in document order, without the blocks the running
    /// `clean_conditionally` pass removed.
    fn kept_descendants(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let t = &*self.t;
        let mut stack: Vec<NodeId> = t.children(n).iter().rev().copied().collect();
        std::iter::from_fn(move || {
            let id = loop {
                let id = stack.pop()?;
                if !self.lens.skipped(id) {
                    break id;
                }
            };
            stack.extend(t.children(id).iter().rev().copied());
            Some(id)
        })
    }

    /// Element children of `n`, without removed blocks.
    fn kept_child_elements(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.t
            .child_elements(n)
            .filter(move |&c| !self.lens.skipped(c))
    }

    /// What [`Scorer::should_remove`] counts under `n`, in one walk of the subtree (it used to
    /// take six, per node, for every node `clean_conditionally` judges).
    fn census(&self, n: NodeId) -> Census {
        let t = &*self.t;
        let mut c = Census {
            li: -100.0,
            ..Census::default()
        };
        for d in self.kept_descendants(n) {
            let name = t.name(d);
            match name {
                "ul" | "ol" => c.list_len += self.lens.get(t, d),
                "table" => c.data_table |= self.data_table.get(d).copied().unwrap_or(false),
                "p" => c.p += 1.0,
                "img" => c.img += 1.0,
                "li" => c.li += 1.0,
                "input" => c.input += 1.0,
                "object" | "embed" | "iframe" => c.embeds.push(d),
                _ => {}
            }
            if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                c.heading_len += self.lens.get(t, d);
            }
            if matches!(name, "span" | "li" | "td") || DIV_TO_P.contains(&name) {
                c.textish_len += self.lens.get(t, d);
            }
        }
        c
    }

    fn should_remove(&self, n: NodeId, tag: &str) -> bool {
        let t = &*self.t;
        let text_len = self.lens.get(t, n);
        let census = self.census(n);
        let density = |len: usize| {
            if text_len == 0 {
                0.0
            } else {
                len as f64 / text_len as f64
            }
        };
        let mut is_list = tag == "ul" || tag == "ol";
        if !is_list {
            is_list = density(census.list_len) > 0.9;
        }
        if tag == "table" && self.data_table.get(n).copied().unwrap_or(false) {
            return false;
        }
        if self.in_data_table(n) || has_ancestor_tag(t, n, "code", None) {
            return false;
        }
        if census.data_table {
            return false;
        }
        let weight = self.class_weight(n);
        if weight < 0.0 {
            return true;
        }
        if self.lens.sum(t, n).commas >= 10 {
            return false;
        }
        let (p, img, li, input) = (census.p, census.img, census.li, census.input);
        let heading_density = density(census.heading_len);
        if census.embeds.iter().any(|&e| self.is_video(e)) {
            return false;
        }
        let embeds = census.embeds.len();
        if text_len < 16 {
            let mut raw = String::new();
            for d in self.kept_descendants(n) {
                if let Some(s) = t.text(d) {
                    raw.push_str(s);
                }
            }
            let lower = collapse_spaces(raw.trim()).to_lowercase();
            if AD_WORDS.contains(&lower.as_str()) || is_loading_word(&lower) {
                return true;
            }
        }
        let ld = self.lens.link_density(t, n);
        let tdens = density(census.textish_len);
        let figure_child = has_ancestor_tag(t, n, "figure", None);
        let remove = (!figure_child && img > 1.0 && p / img < 0.5)
            || (!is_list && li > p)
            || (input > (p / 3.0).floor())
            || (!is_list
                && !figure_child
                && heading_density < 0.9
                && text_len < 25
                && (img == 0.0 || img > 2.0)
                && ld > 0.0)
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || ((embeds == 1 && text_len < 75) || embeds > 1)
            || (img == 0.0 && tdens == 0.0);
        if is_list && remove {
            // Simple lists of images stay.
            if self
                .kept_child_elements(n)
                .any(|c| self.kept_child_elements(c).count() > 1)
            {
                return remove;
            }
            // Readability's count starts at -100.
            let li_count = census.li + 100.0;
            if img == li_count {
                return false;
            }
        }
        remove
    }
}

/// Readability's data-table test (`_isDataTable`): a table of data rather than of layout, by
/// its markup (summary, caption, `th`, `thead`, …) and its size. The refiner asks it too: a
/// data table's cells are data, never chrome lines.
pub(crate) fn is_data_table(t: &Tree, table: NodeId) -> bool {
    if t.attr(table, "role") == Some("presentation") || t.attr(table, "datatable") == Some("0") {
        return false;
    }
    if t.attr(table, "summary").is_some_and(|s| !s.is_empty()) {
        return true;
    }
    if let Some(c) = t.find_all(table, "caption").next() {
        if !t.children(c).is_empty() {
            return true;
        }
    }
    if t.descendants(table)
        .any(|d| matches!(t.name(d), "col" | "colgroup" | "tfoot" | "thead" | "th"))
    {
        return true;
    }
    if t.find_all(table, "table").next().is_some() {
        return false;
    }
    let (mut rows, mut cols) = (0usize, 0usize);
    // A row or cell counts as many as its span says, at least one.
    let span = |id: NodeId, name: &str| {
        t.attr(id, name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(1)
    };
    for tr in t.find_all(table, "tr") {
        rows += span(tr, "rowspan");
        let in_row: usize = t.find_all(tr, "td").map(|td| span(td, "colspan")).sum();
        cols = cols.max(in_row);
    }
    if rows == 1 || cols == 1 {
        return false;
    }
    if rows >= 10 || cols > 4 {
        return true;
    }
    rows * cols > 10
}

fn is_loading_word(lower: &str) -> bool {
    let w = lower.trim_end_matches('…').trim_end_matches("...");
    LOADING_WORDS.contains(&w)
}

fn is_comma(c: char) -> bool {
    matches!(
        c,
        '\u{002C}'
            | '\u{060C}'
            | '\u{FE50}'
            | '\u{FE10}'
            | '\u{FE11}'
            | '\u{2E41}'
            | '\u{2E34}'
            | '\u{2E32}'
            | '\u{FF0C}'
    )
}

/// Readability's `shareElements`: `share` or `sharedaddy` as a word (word chars or `_` apart).
fn is_share(match_str: &str) -> bool {
    // Most elements have no "share" in their class or id at all: say so without lower-casing.
    // The bytes tell: the only non-ASCII characters that lower-case to ASCII letters are the
    // Kelvin sign and `İ` (to `k` and `i`), and neither is in "share".
    if !match_str
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"share"))
    {
        return false;
    }
    let l = match_str.to_lowercase();
    for w in ["sharedaddy", "share"] {
        let mut from = 0;
        while let Some(pos) = l[from..].find(w) {
            let s = from + pos;
            let e = s + w.len();
            let before_ok = s == 0
                || !l[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric());
            let after_ok =
                e == l.len() || !l[e..].chars().next().is_some_and(|c| c.is_alphanumeric());
            if before_ok && after_ok {
                return true;
            }
            from = e;
        }
    }
    false
}

/// A full stop followed by a space or the end (`/\.( |$)/`).
fn has_sentence_end(s: &str) -> bool {
    s.ends_with('.') || s.contains(". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sum_steps_runs_as_characters() {
        // TextSum::of as it was, one character a step.
        fn reference(s: &str) -> TextSum {
            let mut r = TextSum::default();
            let mut pending = false;
            for c in s.chars() {
                if c.is_whitespace() {
                    r.has_ws = true;
                    if r.has_text {
                        pending = true;
                    } else {
                        r.lead_ws = true;
                    }
                } else {
                    if pending {
                        r.runs += 1;
                        pending = false;
                    }
                    r.has_text = true;
                    r.units += c.len_utf16() as u32;
                    r.commas += u32::from(is_comma(c));
                }
            }
            r.trail_ws = pending;
            r
        }
        let fields = |t: TextSum| {
            let flags = [t.lead_ws, t.trail_ws, t.has_text, t.has_ws];
            (t.units, t.runs, t.commas, flags)
        };
        let mut next = crate::test_rng(0x1234_5678_9ABC_DEF1);
        // Mostly other characters; then mostly ASCII, in long runs (one step each), with every
        // kind of character at every offset from them.
        for (alphabet, max) in [
            ("ab,é中、😀 \t\n\u{b}\u{85}\u{a0}\u{3000}", 20),
            ("abcdefgh,,  \t\n\u{b}\u{c}\r.é\u{a0}", 40),
        ] {
            let alphabet: Vec<char> = alphabet.chars().collect();
            for _ in 0..20_000 {
                let len = next(max);
                let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                assert_eq!(fields(TextSum::of(&s)), fields(reference(&s)), "{s:?}");
            }
        }
        // Every ASCII byte at every offset of a run, after text, white space or nothing.
        for before in ["", "x", " ", "x "] {
            for at in 0..17 {
                for b in 0..128u8 {
                    let mut s = format!("{before}{}", "y".repeat(17));
                    s.insert(before.len() + at, b as char);
                    assert_eq!(fields(TextSum::of(&s)), fields(reference(&s)), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn compact_contains_equals_the_string_it_avoids() {
        let alphabet: Vec<char> = "disply:nonevbthDISPLAY NONE\t\n;é".chars().collect();
        let mut next = crate::test_rng(0x9E37_79B9_7F4A_7C15);
        let mut cases = vec![
            "display: none".to_string(),
            "DISPLAY : NO NE".to_string(),
            "visibility:hidden;color:red".to_string(),
            "display:non".to_string(),
            String::new(),
        ];
        for _ in 0..20_000 {
            let len = next(30);
            cases.push((0..len).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        for style in &cases {
            let compact: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            for pat in ["display:none", "visibility:hidden"] {
                assert_eq!(
                    compact_contains(style, pat.as_bytes()),
                    compact.contains(pat),
                    "{style:?} {pat}"
                );
            }
        }
    }

    #[test]
    fn inner_text_is_the_collapse_of_the_trimmed_text_content() {
        // White space of both kinds across text-node boundaries: U+0085 is Rust's white
        // space and not JavaScript's, U+FEFF the other way round.
        let alphabet = [
            'a', 'é', ' ', '\n', '\t', '\u{85}', '\u{feff}', '\u{a0}', '\u{2003}',
        ];
        let mut next = crate::test_rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..3_000 {
            let mut html = String::from("<html><body><p id=p>");
            for _ in 0..next(6) {
                let piece: String = (0..next(5))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                html.push_str(&piece);
                html.push_str(["<b>x</b>", "<i></i>", "<span> </span>", ""][next(4)]);
            }
            html.push_str("</p></body></html>");
            let t = tree(&html);
            let p = by_id(&t, "p");
            let want = collapse_spaces(t.text_content(p).trim());
            assert_eq!(inner_text(&t, p), want, "{html:?}");
            for d in t.descendants(p) {
                assert_eq!(inner_text(&t, d), collapse_spaces(t.text_content(d).trim()));
            }
            // The readerable test counts without making the string.
            let len = want.chars().count();
            for n in [1, 3, 8, 15] {
                assert_eq!(inner_text_has_chars(&t, p, n), len >= n, "{html:?} {n}");
            }
        }
    }

    #[test]
    fn spaces_collapse_like_readability() {
        assert_eq!(collapse_spaces("a  b\n\nc d"), "a b c d");
        assert_eq!(collapse_spaces("a\nb"), "a\nb");
    }

    #[test]
    fn similarity_of_titles() {
        assert!(text_similarity("Russia says relations low", "Russia says relations low") > 0.99);
        assert!(text_similarity("Russia says relations low", "Something else entirely") < 0.1);
    }

    #[test]
    fn share_words() {
        assert!(is_share("post-share bar"));
        assert!(is_share("sharedaddy"));
        assert!(!is_share("shareholders"));
    }

    /// Builds a tree from test markup: `<name attr=value attr="two words" flag>`, `</name>`
    /// and text (no entities, comments or self-closing slashes). Goes through
    /// [`crate::build::TreeBuilder`], so HTML's implied end tags apply as in a real scan.
    fn tree(html: &str) -> Tree {
        let mut b = crate::build::TreeBuilder::new(64);
        let mut open: Vec<(String, NodeId)> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(tag) = rest.strip_prefix('<') {
                let end = tag.find('>').expect("test markup: unclosed tag");
                let inner = &tag[..end];
                rest = &tag[end + 1..];
                if let Some(name) = inner.strip_prefix('/') {
                    let i = open
                        .iter()
                        .rposition(|(n, _)| n == name)
                        .expect("test markup: end tag without start tag");
                    b.close(open[i].1);
                    open.truncate(i);
                } else {
                    let (name, attrs) = parse_tag(inner);
                    let id = b
                        .open(
                            &name,
                            &crate::tree::AttrList::from_pairs(attrs),
                            false,
                            usize::MAX / 2,
                        )
                        .expect("test markup: element swallowed");
                    if !crate::build::is_void(&name) {
                        open.push((name, id));
                    }
                }
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                b.text(&rest[..end]);
                rest = &rest[end..];
            }
        }
        b.finish()
    }

    fn parse_tag(inner: &str) -> (String, Vec<(String, String)>) {
        let inner = inner.trim();
        let (name, mut rest) = inner.split_once(' ').unwrap_or((inner, ""));
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let key_end = rest.find(['=', ' ']).unwrap_or(rest.len());
            let key = rest[..key_end].to_string();
            rest = &rest[key_end..];
            let value = if let Some(v) = rest.strip_prefix('=') {
                let (value, after) = match v.strip_prefix('"') {
                    Some(q) => q.split_once('"').expect("test markup: unclosed quote"),
                    None => v.split_once(' ').unwrap_or((v, "")),
                };
                rest = after;
                value.to_string()
            } else {
                String::new()
            };
            attrs.push((key, value));
        }
        (name.to_string(), attrs)
    }

    /// The element whose `id` attribute is `id`.
    fn by_id(t: &Tree, id: &str) -> NodeId {
        t.descendants(ROOT)
            .find(|&n| t.attr(n, "id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    }

    #[test]
    fn lens_entries_survive_the_16_bit_epoch_wrapping() {
        let t = tree("<body><div id=\"a\"><p>one, two</p></div></body>");
        let a = by_id(&t, "a");
        let text = t.descendants(a).find(|&d| t.text(d).is_some()).unwrap();
        assert_eq!(
            std::mem::size_of::<Entry>(),
            24,
            "one entry per node of the page"
        );
        let lens = Lens::default();
        let sum = lens.sum(&t, a);
        assert_eq!((sum.len(), sum.commas), (8, 1));
        // After as many clears as there are epochs, the stamp comes round to the one `a`
        // was computed in: the wrap must have voided it, and kept the text node's.
        for _ in 0..(u16::MAX - 1) {
            lens.clear();
        }
        assert!(lens.0.borrow().valid(a).is_none());
        assert!(lens.0.borrow().valid(text).is_some());
        let again = lens.sum(&t, a);
        assert_eq!((again.len(), again.commas), (8, 1));
    }

    #[test]
    fn a_restarted_lens_keeps_the_texts_and_forgets_the_rolled_back_nodes() {
        let mut t = tree("<body><div id=\"a\"><p>one, two</p></div></body>");
        let a = by_id(&t, "a");
        t.checkpoint();
        let lens = Lens::default();
        lens.restart(t.len());
        // An attempt adds a text node (as scoring's wrapping does), then is rolled back; the
        // next attempt's new node takes the same id with other text.
        let first = t.append_text_child(a, " three, four, five");
        assert_eq!(lens.sum(&t, a).commas, 3);
        t.rollback();
        lens.restart(t.len());
        assert!(
            lens.0.borrow().valid(a).is_none(),
            "elements are counted again"
        );
        let kept = t.descendants(a).find(|&d| t.text(d).is_some()).unwrap();
        assert!(lens.0.borrow().valid(kept).is_some(), "texts are not");
        let second = t.append_text_child(a, " six");
        assert_eq!(second, first);
        let sum = lens.sum(&t, a);
        assert_eq!((sum.len(), sum.commas), (text_stats(&t, a).0, 1));
    }

    fn attached(t: &Tree, id: NodeId) -> bool {
        t.ancestors(id).any(|a| a == ROOT)
    }

    /// 101 characters, 2 commas: scores `1 + (2 + 1) + min(101 / 100, 3)` = 5.
    const PROSE: &str = "The harbour wall, which fell in the storm last winter, will be rebuilt by the council over two years.";

    #[test]
    fn markup_helper_builds_the_tree_it_reads() {
        let t = tree(r#"<body><div id=a class="x y" hidden><p>one<br>two</p></div></body>"#);
        let a = by_id(&t, "a");
        assert_eq!(t.attr(a, "class"), Some("x y"));
        assert_eq!(t.attr(a, "hidden"), Some(""));
        let p = t.child_elements(a).next().expect("p");
        assert_eq!(t.name(p), "p");
        assert_eq!(t.children(p).len(), 3);
        assert_eq!(t.text_content(a), "onetwo");
    }

    #[test]
    fn walk_strips_junk_and_lists_what_to_score() {
        let page = concat!(
            "<html><body>",
            "<h1 id=title>Harbour wall falls</h1>",
            r#"<div id=hidden style="display: none"><p>Hidden text.</p></div>"#,
            "<div id=side class=sidebar><p>Sidebar words.</p><p>More.</p></div>",
            "<div id=empty> </div>",
            "<p id=by class=byline>By Jane Doe</p>",
            "<div id=main>",
            "<h2 id=again>Harbour wall falls</h2>",
            "<p id=p1>Body text.</p>",
            "<div id=loose>Loose text in a div.</div>",
            "<div id=wrap><p id=only>Only child paragraph.</p></div>",
            "<div id=heading><h3 id=h3>Just a heading</h3></div>",
            "</div></body></html>",
        );
        let mut t = tree(page);
        let [title, hidden, side, empty, by, main, again, p1, loose, wrap, only, heading, h3] = [
            "title", "hidden", "side", "empty", "by", "main", "again", "p1", "loose", "wrap",
            "only", "heading", "h3",
        ]
        .map(|i| by_id(&t, i));
        let mut s = Scorer::new(&mut t, "Harbour wall falls", Flags::ALL);
        let to_score = s.walk();
        let t = &*s.t;
        for gone in [title, hidden, side, empty, by] {
            assert!(!attached(t, gone), "{gone} should be stripped");
        }
        assert!(
            s.removed.is_empty(),
            "the walk's removals are applied when it ends"
        );
        assert_eq!(s.byline.as_deref(), Some("By Jane Doe"));
        // Only the first heading repeating the title goes.
        assert!(attached(t, again));
        // The loose text was wrapped in a `p` that replaced its `div`; the lone `p` replaced
        // its `div`; the `div` holding only a heading became a `p`.
        assert!(!attached(t, loose) && !attached(t, wrap));
        let loose_p = t.child_elements(main).nth(2).expect("wrapped text");
        assert_eq!(t.text_content(loose_p), "Loose text in a div.");
        assert_eq!(t.parent(only), Some(main));
        assert_eq!(t.name(heading), "p");
        // The walk goes on inside the renamed `div`: its `h3` is scored too.
        assert_eq!(to_score, vec![again, p1, loose_p, only, heading, h3]);
        assert!(to_score.iter().all(|&n| t.name(n) != "div"));

        // Without the unlikely filter the sidebar stays (and its paragraph is scored).
        let mut t = tree(page);
        let side = by_id(&t, "side");
        let flags = Flags {
            strip_unlikely: false,
            ..Flags::ALL
        };
        let mut s = Scorer::new(&mut t, "Harbour wall falls", flags);
        let to_score = s.walk();
        assert!(attached(s.t, side));
        assert!(to_score.iter().any(|&n| s.t.parent(n) == Some(side)));
    }

    #[test]
    fn propagate_credits_parent_fully_and_grandparent_by_half() {
        let mut t = tree(&format!(
            "<html><body><div id=a><div id=b class=content>\
             <p id=p>{PROSE}</p><p id=short>Too short to count here.</p>\
             </div></div></body></html>"
        ));
        let [a, b, p, short] = ["a", "b", "p", "short"].map(|i| by_id(&t, i));
        let (html, body) = (by_id_name(&t, "html"), t.body());
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        let candidates = s.propagate(&[p, short]);
        // Ancestors scored in order, nearest first; `html` has no element parent and is left.
        assert_eq!(candidates, vec![b, a, body]);
        assert!(!s.has_score(html));
        // div 5 + class "content" 25 + the paragraph's 5; the 24-character one adds nothing.
        assert_eq!(s.score[b], 30.0 + 5.0);
        assert_eq!(s.score[a], 5.0 + 5.0 / 2.0);
        // Two levels up: 1/(3·2).
        assert_eq!(s.score[body], 5.0 / 6.0);
        assert!(!s.has_score(p));
    }

    fn by_id_name(t: &Tree, name: &str) -> NodeId {
        t.find_all(ROOT, name).next().expect("element")
    }

    #[test]
    fn top_candidates_scale_by_link_density_and_keep_the_best_five() {
        let mut t = tree(concat!(
            "<body><div id=c0>plain text</div>",
            "<div id=c1><a href=/x>aaaaaaaaaa</a> bbbbbbbbb</div>",
            "<div id=c2>x</div><div id=c3>x</div><div id=c4>x</div><div id=c5>x</div></body>",
        ));
        let c = ["c0", "c1", "c2", "c3", "c4", "c5"].map(|i| by_id(&t, i));
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        for (i, &n) in c.iter().enumerate() {
            s.score[n] = 10.0 * (i + 1) as f64;
        }
        let top = s.top_candidates(&c);
        // c1: half its text is a link, so 20 becomes 10 and ties with c0, which came first.
        assert_eq!(s.score[c[1]], 10.0);
        assert_eq!(top, vec![c[5], c[4], c[3], c[2], c[0]]);
    }

    #[test]
    fn pick_top_without_candidates_wraps_the_body() {
        let mut t = tree("<html><body><p id=a>x</p><p id=b>y</p></body></html>");
        let (a, b, body) = (by_id(&t, "a"), by_id(&t, "b"), t.body());
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        for top in [vec![], vec![body]] {
            let div = s.pick_top(&top, body);
            assert_eq!(s.t.name(div), "div");
            assert_eq!(s.t.children(body), &[div]);
            assert_eq!(s.score[div], 5.0);
            // The second round wraps the first round's div.
            assert!(s.t.descendants(div).any(|d| d == a) && s.t.descendants(div).any(|d| d == b));
        }
    }

    #[test]
    fn pick_top_climbs_to_the_parent_shared_with_close_runners_up() {
        let page = "<html><body><div id=outer><div id=wrap>\
                    <div id=d1></div><div id=d2></div><div id=d3></div><div id=d4></div>\
                    </div><div id=other></div></div></body></html>";
        for (fourth, want) in [(76.0, "wrap"), (74.0, "d1")] {
            let mut t = tree(page);
            let d = ["d1", "d2", "d3", "d4"].map(|i| by_id(&t, i));
            let (want, body) = (by_id(&t, want), t.body());
            let mut s = Scorer::new(&mut t, "", Flags::ALL);
            for (&n, score) in d.iter().zip([100.0, 90.0, 80.0, fourth]) {
                s.score[n] = score;
            }
            // Three runners-up within 75 % of the best share `wrap`; with two, `d1` stays.
            assert_eq!(s.pick_top(&d, body), want, "fourth scores {fourth}");
            assert!(s.has_score(want));
        }
    }

    #[test]
    fn runners_up_inside_the_best_candidate_do_not_make_it_climb() {
        // d2 sits inside d1: with it, three runners-up would share `wrap`; without, two do.
        let page = "<html><body><div id=outer><div id=wrap>\
                    <div id=d1><div id=d2></div></div><div id=d3></div><div id=d4></div>\
                    </div><div id=other></div></div></body></html>";
        let mut t = tree(page);
        let d = ["d1", "d2", "d3", "d4"].map(|i| by_id(&t, i));
        let body = t.body();
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        for (&n, score) in d.iter().zip([100.0, 90.0, 80.0, 76.0]) {
            s.score[n] = score;
        }
        assert_eq!(s.pick_top(&d, body), d[0]);
    }

    /// A post of pictures and one line of text, beside an "about me" box many times longer.
    fn picture_post(entry_class: &str, sidebar_first: bool) -> String {
        let about = "I draw every day, in ink and in watercolour, and I keep a notebook of \
                     sketches from the city, the markets, the river and the people on the trams. "
            .repeat(12);
        let post = format!(
            "<div class=\"post\"><h2>Prepping for a new week</h2><div class=\"{entry_class}\">\
             <p><img src=\"/a.jpg\"></p><p>A quiet Sunday at the studio, sketching the week's \
             commissions and sorting paper for the new notebooks, with a pot of tea.</p>\
             <p><img src=\"/b.jpg\"></p></div></div>"
        );
        let sidebar =
            format!("<div id=\"sidebar\"><div class=\"widget\"><p>{about}</p></div></div>");
        let (a, b) = if sidebar_first {
            (&sidebar, &post)
        } else {
            (&post, &sidebar)
        };
        format!(
            "<html><head><title>Prepping for a new week</title></head><body>{a}{b}</body></html>"
        )
    }

    #[test]
    fn the_block_a_page_marks_as_its_body_wins_over_a_pick_that_misses_it() {
        for (class, sidebar_first) in [
            ("entry-content", false),
            ("post-body entry-content", true),
            ("entry", false),
        ] {
            let a = crate::clean(
                picture_post(class, sidebar_first).as_bytes(),
                &crate::Options::default(),
            )
            .unwrap_or_else(|e| panic!("{class}: {e}"));
            assert!(
                a.text.contains("A quiet Sunday at the studio"),
                "{class}: {}",
                a.text
            );
            assert!(!a.text.contains("I draw every day"), "{class}: {}", a.text);
        }
        // Two marked blocks (a listing's teasers) name no one body: the scorer's pick stands.
        let two = picture_post("entry-content", false).replace(
            "</body>",
            "<div class=\"entry-content\"><p>More soon.</p></div></body>",
        );
        let a = crate::clean(two.as_bytes(), &crate::Options::default()).unwrap();
        assert!(a.text.contains("I draw every day"), "{}", a.text);
        // A hidden body (a paywall's copy) is not shown.
        let hidden = picture_post("entry-content", false).replace(
            "<div class=\"entry-content\">",
            "<div class=\"entry-content\" hidden>",
        );
        let a = crate::clean(hidden.as_bytes(), &crate::Options::default()).unwrap();
        assert!(
            !a.text.contains("A quiet Sunday at the studio"),
            "{}",
            a.text
        );
    }

    /// A block whose class or id names it a footer by a word of its own (`blq-foot`, `#foot`)
    /// is unlikely, as `footer` is; one that only contains the letters ("football",
    /// "footnotes") is not.
    #[test]
    fn a_footer_named_by_a_word_of_its_own_is_unlikely() {
        let page = concat!(
            "<html><body><div><p id=main>Body text.</p></div>",
            "<div class=\"blq-foot wide\"><p id=a>Site footer.</p></div>",
            "<div id=foot><p id=f>Site footer.</p></div>",
            "<div class=football-scores><p id=b>Scores.</p></div>",
            "<ol class=footnotes><li id=c>A note.</li></ol>",
            "</body></html>",
        );
        let mut t = tree(page);
        // The paragraphs (a `div` around a lone `p` gives way to it, so the `div`s go anyway).
        let ids = ["a", "f", "b", "c", "main"].map(|i| by_id(&t, i));
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        s.walk();
        let gone: Vec<bool> = ids.iter().map(|&n| !attached(s.t, n)).collect();
        assert_eq!(gone, [true, true, false, false, false]);
    }

    /// [`Flags::relaxed_after`] passes over an attempt when the filter it would turn off was
    /// not used: sound only if every way a filter changes an attempt marks it used. Each page
    /// here changes its pick when one filter goes (so a mark left out fails), and every
    /// attempt that turns off an unused filter must pick the same block with the same text.
    #[test]
    fn an_unused_filter_turned_off_gives_the_same_attempt() {
        let links = "<a href=/a>One link here</a> <a href=/b>Two links here</a> \
                     <a href=/c>Three links</a>";
        // Every block's prose starts with its own word, so a different pick reads differently.
        let pages = [
            // strip_unlikely: the unlikely block holds the most prose.
            format!(
                "<html><body><div id=x class=supplemental><p>Extra {PROSE}</p>\
                 <p>Extra {PROSE}</p></div><div id=a><p>Main {PROSE}</p></div></body></html>"
            ),
            // The same through an unlikely role.
            format!(
                "<html><body><div id=x role=complementary><p>Aside {PROSE}</p>\
                 <p>Aside {PROSE}</p></div><div id=a><p>Main {PROSE}</p></div></body></html>"
            ),
            // weight_classes: the negative class holds more prose than the positive one.
            format!(
                "<html><body><div id=m class=media><p>Media {PROSE}</p><p>Media {PROSE}</p>\
                 </div><div id=s class=story><p>Story {PROSE}</p></div></body></html>"
            ),
            // clean_conditionally: a block of links inside the article.
            format!(
                "<html><body><div id=s><p>Main {PROSE}</p><p>Main {PROSE}</p>\
                 <div id=l>{links}</div></div></body></html>"
            ),
            // None of them.
            format!("<html><body><div><p>Main {PROSE}</p></div></body></html>"),
        ];
        let attempt = |page: &str, flags: Flags| {
            let mut t = tree(page);
            prep_document(&mut t);
            let mut s = Scorer::new(&mut t, "", flags);
            let root = s.grab();
            let picked = format!("{} {}", s.t.name(root), inner_text(s.t, root));
            (s.used.get(), picked)
        };
        // Per filter: attempts that used it and changed when it went, and ones passed over.
        let (mut mattered, mut passed_over) = ([0; 3], 0);
        for page in &pages {
            let mut flags = Flags::ALL;
            while let Some(next) = flags.relaxed() {
                let (used, picked) = attempt(page, flags);
                let (_, picked_next) = attempt(page, next);
                if flags.relaxed_after(used) != Some(next) {
                    assert_eq!(picked, picked_next, "{page}");
                    passed_over += 1;
                } else if picked != picked_next {
                    let off = flags.turned_off_in(next);
                    let k = [
                        off.strip_unlikely,
                        off.weight_classes,
                        off.clean_conditionally,
                    ]
                    .iter()
                    .position(|&f| f)
                    .unwrap();
                    mattered[k] += 1;
                }
                flags = next;
            }
        }
        assert_eq!(mattered, [2, 1, 1]);
        assert!(passed_over > 0);

        // The slideshow rule (its captions earn no score while the unlikely filter is on)
        // marks that filter used as well; on a page this small the pick is the same either way.
        let page = format!(
            "<html><body><div id=story><p id=p>{PROSE}</p>\
             <ul id=show class=hp-slideshow><li id=li><p id=cap>{PROSE}</p></li></ul>\
             </div></body></html>"
        );
        let mut t = tree(&page);
        let [p, cap] = ["p", "cap"].map(|i| by_id(&t, i));
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        s.propagate(&[p, cap]);
        assert!(s.used.get().strip_unlikely);
    }

    #[test]
    fn a_slideshows_captions_earn_no_score_until_the_unlikely_filter_is_off() {
        let page = format!(
            "<html><body><div id=story><p id=p>{PROSE}</p>\
             <ul id=show class=hp-slideshow><li id=li><p id=cap>{PROSE}</p></li></ul>\
             </div></body></html>"
        );
        let retry = Flags {
            strip_unlikely: false,
            ..Flags::ALL
        };
        for (flags, scored) in [(Flags::ALL, false), (retry, true)] {
            let mut t = tree(&page);
            let [p, cap, li, show] = ["p", "cap", "li", "show"].map(|i| by_id(&t, i));
            let mut s = Scorer::new(&mut t, "", flags);
            s.propagate(&[p, cap]);
            assert_eq!(s.has_score(li), scored);
            assert_eq!(s.has_score(show), scored);
            // The slideshow stays in the tree either way.
            assert!(attached(s.t, show));
        }
    }

    #[test]
    fn climbs_to_a_better_scoring_parent_unless_one_is_far_below() {
        let page = "<body><div id=g><div id=p><div id=c></div><div></div></div><div></div></div>\
                    </body>";
        // (parent, grandparent) scores, the candidate scoring 30: the parent is passed over
        // (not better), the grandparent wins; a parent under a third of 30 stops the climb.
        for (ps, gs, want) in [(20.0, 25.0, "g"), (5.0, 25.0, "c"), (20.0, 15.0, "c")] {
            let mut t = tree(page);
            let [g, p, c] = ["g", "p", "c"].map(|i| by_id(&t, i));
            let want = by_id(&t, want);
            let mut s = Scorer::new(&mut t, "", Flags::ALL);
            s.score[c] = 30.0;
            s.score[p] = ps;
            s.score[g] = gs;
            assert_eq!(s.climb_to_better_parent(c), want, "{ps} {gs}");
        }
    }

    #[test]
    fn does_not_climb_to_a_parent_that_adds_mostly_links() {
        let menu: String = (0..8)
            .map(|i| format!("<a href=/s{i}>Section number {i}</a> "))
            .collect();
        for (extra, want) in [
            (format!("<div>{menu}</div>"), "c"),
            (format!("<div><p>{PROSE}</p></div>"), "p"),
        ] {
            let page = format!(
                "<html><body><div id=p><div id=c><p>{PROSE}</p></div>{extra}</div></body></html>"
            );
            let mut t = tree(&page);
            let [p, c] = ["p", "c"].map(|i| by_id(&t, i));
            let want = by_id(&t, want);
            let mut s = Scorer::new(&mut t, "", Flags::ALL);
            s.lens.fill(s.t, ROOT);
            s.score[c] = 30.0;
            s.score[p] = 40.0;
            assert_eq!(s.climb_to_better_parent(c), want, "{extra}");
        }
    }

    #[test]
    fn climbs_past_parents_the_candidate_is_the_only_element_of() {
        let mut t = tree(
            "<body><div id=x><div id=w> text <div id=c></div></div><p>sibling</p></div></body>",
        );
        let [x, w, c] = ["x", "w", "c"].map(|i| by_id(&t, i));
        let body = t.body();
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        assert_eq!(s.climb_past_lone_children(c), w);
        // Nor past `body`.
        assert_eq!(s.climb_past_lone_children(x), x);
        // `pick_top` takes the step, and scores the parent it lands on.
        s.score[c] = 10.0;
        assert_eq!(s.pick_top(&[c], body), w);
        assert!(s.has_score(w));
    }

    #[test]
    fn a_picture_posts_marked_body_wins_over_the_blurb_beside_it_and_not_over_an_article() {
        // The boxes of a blog's sidebar: more text, and commas, than the post of a picture.
        let boxes: String = (0..4)
            .map(|i| {
                format!(
                    "<div class=box><p>A visual gathering of the harbour's darkest thoughts, \
                 ponderings, desired objects, and inspiration number {i}, wrapped up in a diary, \
                 with mixes every couple of months, and links.</p></div>"
                )
            })
            .collect();
        let post =
            "<div class=entry><h3>Stud love</h3><div class=entry-content><p>I heart you....</p>\
                    <p><a href=/i/big.jpg><img src=/i/boats.jpg alt=\"Boats\"></a></p>\
                    <p>Boats at dawn in the outer basin.</p></div></div>";
        let page = format!("<html><body><div id=a><div id=b>{post}</div><div id=c>{boxes}</div></div></body></html>");
        let a = crate::clean(page.as_bytes(), &crate::Options::default()).unwrap();
        assert!(a.text.contains("Boats at dawn"), "{}", a.text);
        assert!(!a.text.contains("visual gathering"), "{}", a.text);
        assert!(a.content_html.contains("boats.jpg"), "{}", a.content_html);
        // An article found elsewhere keeps its place against a small marked box of pictures.
        let article: String = (0..8)
            .map(|i| format!("<p>Paragraph {i}: {PROSE} {PROSE}</p>"))
            .collect();
        let page = format!("<html><body><div class=story>{article}</div><div class=rail>{post}</div></body></html>");
        let a = crate::clean(page.as_bytes(), &crate::Options::default()).unwrap();
        assert!(
            a.text.contains("Paragraph 7") && !a.text.contains("Boats at dawn"),
            "{}",
            a.text
        );
    }

    #[test]
    fn a_table_layouts_article_cell_is_picked_without_the_cells_beside_it() {
        // A site's blurb in the cell before the article: two paragraphs of prose. The cell's
        // own text counted again on top of its paragraphs made the row outscore the article's
        // cell, and a fifth of the article's score took the blurb in as a sibling.
        let blurb = "<p>The Gazette is the independent voice of the harbour towns, published every week, \
                     by a trust of local readers, and read in every house on the quay.</p>\
                     <p>Write to us at the office, or call in on a weekday morning, and we will print it.</p>";
        let article: String = (0..8)
            .map(|i| format!("<p>Paragraph {i}: {PROSE} {PROSE}</p>"))
            .collect();
        let page = format!(
            "<html><body><table><tr><td>{blurb}</td><td><h1>Wall</h1>{article}</td></tr></table></body></html>"
        );
        let a = crate::clean(page.as_bytes(), &crate::Options::default()).unwrap();
        assert!(
            a.text.contains("Paragraph 7") && a.text.contains("Paragraph 0"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("independent voice"), "{}", a.text);
        assert!(
            !a.content_html.contains("<tr") && !a.content_html.contains("<td"),
            "{}",
            a.content_html
        );
        // Cells holding text without paragraphs are still scored as paragraphs: an old page
        // whose article is the text of a cell.
        let cells: String = (0..6)
            .map(|i| format!("<tr><td>Row {i}: {PROSE} {PROSE}</td></tr>"))
            .collect();
        let page = format!(
            "<html><body><div><a href=/>Home</a></div><table>{cells}</table></body></html>"
        );
        let a = crate::clean(page.as_bytes(), &crate::Options::default()).unwrap();
        assert!(
            a.text.contains("Row 0") && a.text.contains("Row 5"),
            "{}",
            a.text
        );
    }

    #[test]
    fn gather_siblings_takes_prose_and_close_scores_and_leaves_link_lists() {
        let long_link = "a link whose text runs on for long enough to count as a long paragraph, \
                         eighty-odd characters";
        let mut t = tree(&format!(
            "<html><body><div id=parent>\
             <p id=prose>{PROSE}</p>\
             <figure id=fig><img src=a.jpg><figcaption>The wall.</figcaption></figure>\
             <div id=tc class=story><p>{PROSE}</p></div>\
             <ul id=links><li><a href=/1>One</a></li><li><a href=/2>Two</a></li></ul>\
             <p id=linky><a href=/l>{long_link}</a></p>\
             <p id=sentence>Short and done.</p>\
             <p id=fragment>Short, no full stop</p>\
             <aside id=same class=story>Same class.</aside>\
             <blockquote id=scored>Quoted.</blockquote>\
             <div id=low>Low.</div>\
             <figure id=far><img src=b.jpg></figure>\
             </div></body></html>"
        ));
        let names = [
            "parent", "prose", "fig", "tc", "links", "linky", "sentence", "fragment", "same",
            "scored", "low", "far",
        ];
        let [parent, prose, fig, tc, links, linky, sentence, fragment, same, scored, low, far] =
            names.map(|i| by_id(&t, i));
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        // Threshold: a fifth of 100 = 20. `same` reaches it with the shared-class bonus (20).
        s.score[tc] = 100.0;
        s.score[same] = 5.0;
        s.score[scored] = 25.0;
        s.score[low] = 19.0;
        let article = s.gather_siblings(tc);
        let t = &*s.t;
        assert_eq!(
            t.children(article),
            &[prose, fig, tc, sentence, same, scored]
        );
        assert_eq!(t.children(parent), &[links, linky, fragment, low, far]);
        // Kept tags stay; others become `div`.
        let kept: Vec<&str> = t.children(article).iter().map(|&n| t.name(n)).collect();
        assert_eq!(kept, ["p", "figure", "div", "p", "div", "div"]);
    }

    #[test]
    fn prep_article_tidies_the_picked_blocks() {
        let mut t = tree(concat!(
            "<html><body><div id=art>",
            "<h1 id=h1>Section</h1>",
            "<h2 id=weak class=comment>Comments</h2>",
            "<p id=blank> </p>",
            "<div id=block><p>Text.</p><div id=share class=share-bar>Share this</div></div>",
            "<table id=table><tr><td id=cell>Only <b>cell</b></td></tr></table>",
            "</div></body></html>",
        ));
        let [art, h1, weak, blank, share, table, cell] =
            ["art", "h1", "weak", "blank", "share", "table", "cell"].map(|i| by_id(&t, i));
        // The conditional cleaning is left out: it has rules of its own.
        let flags = Flags {
            clean_conditionally: false,
            ..Flags::ALL
        };
        let mut s = Scorer::new(&mut t, "", flags);
        s.prep_article(art);
        let t = &*s.t;
        assert_eq!(t.name(h1), "h2");
        for gone in [weak, blank, share, table] {
            assert!(!attached(t, gone), "{gone} should be gone");
        }
        assert_eq!(t.parent(cell), Some(art));
        assert_eq!(t.name(cell), "p");
    }

    #[test]
    fn grab_returns_the_article_without_the_chrome() {
        let paragraphs: String = (0..6).map(|i| format!("<p>{i}: {PROSE}</p>")).collect();
        let mut t = tree(&format!(
            "<html><body><div class=menu><a href=/>Home</a></div>\
             <div id=story>{paragraphs}</div>\
             <div class=sidebar><p>{PROSE}</p></div></body></html>"
        ));
        let story = by_id(&t, "story");
        let mut s = Scorer::new(&mut t, "", Flags::ALL);
        let article = s.grab();
        let t = &*s.t;
        assert_eq!(t.children(article), &[story]);
        assert_eq!(t.find_all(article, "p").count(), 6);
        assert!(!t.text_content(article).contains("Home"));
    }

    #[test]
    fn the_last_attempt_wins_only_when_longer_than_every_earlier_one() {
        let a = |lens: &[usize]| lens.iter().map(|&l| (Flags::ALL, l)).collect::<Vec<_>>();
        assert_eq!(longest(&a(&[10, 300, 20, 301])), Some(3));
        // The first of equals wins.
        assert_eq!(longest(&a(&[10, 300, 20, 300])), Some(1));
        assert_eq!(longest(&a(&[10, 300, 20, 40])), Some(1));
        assert_eq!(longest(&a(&[1])), Some(0));
        assert_eq!(longest(&a(&[0, 0, 0, 0])), Some(0));
        assert_eq!(longest(&a(&[])), None);
    }

    #[test]
    fn each_attempt_turns_one_filter_off_in_readability_order() {
        let mut f = Flags::ALL;
        let mut seen = Vec::new();
        while let Some(next) = f.relaxed() {
            f = next;
            seen.push((f.strip_unlikely, f.weight_classes, f.clean_conditionally));
        }
        assert_eq!(
            seen,
            [
                (false, true, true),
                (false, false, true),
                (false, false, false)
            ]
        );
    }

    /// A short post (two paragraphs) and, outside it, a longer "about me" box that only the
    /// strict filters keep out.
    fn short_post_beside_a_blurb(blurb_paragraphs: usize) -> String {
        let post: String = (0..2)
            .map(|i| format!("<p>Post {i}: {PROSE}</p>"))
            .collect();
        let blurb: String = (0..blurb_paragraphs)
            .map(|i| format!("<p>About me {i}: {PROSE}</p>"))
            .collect();
        format!(
            "<html><body><div><div id=main><div id=post>{post}</div></div></div>\
             <div class=sidebar id=about>{blurb}</div></body></html>"
        )
    }

    #[test]
    fn a_short_post_keeps_its_pick_against_a_longer_blurb_the_filters_kept_out() {
        let mut t = tree(&short_post_beside_a_blurb(6));
        let picked = pick(&mut t, "").expect("a pick");
        let text = t.text_content(picked.root);
        // Strict, the post alone (under 500 characters) is picked; without class weights the
        // six-paragraph blurb outscores it and comes out longer, but holds none of its text.
        assert!(
            text.contains("Post 0:") && text.contains("Post 1:"),
            "{text}"
        );
        assert!(!text.contains("About me"), "{text}");
    }

    #[test]
    fn a_one_line_post_keeps_its_pick_against_a_blurb_a_few_times_longer() {
        // A post that is mostly a picture: one line of text, shorter than a paragraph of
        // prose, and an "about me" box a few times longer that only the strict filters keep
        // out.
        let mut t = tree(&format!(
            "<html><body><div><div id=main><div id=post><img src=a.jpg>\
             <p>Turning the old harbour wall into art is creative.</p></div></div></div>\
             <div class=sidebar id=about><p>About me: {PROSE}</p><p>Also: {PROSE}</p></div>\
             </body></html>"
        ));
        let picked = pick(&mut t, "").expect("a pick");
        let text = t.text_content(picked.root);
        assert!(text.contains("harbour wall into art"), "{text}");
        assert!(!text.contains("About me"), "{text}");
    }

    /// Reading only until the text is long enough answers as the whole text's length does,
    /// for every threshold, on text split across nodes with white space at their edges.
    #[test]
    fn text_len_at_least_agrees_with_text_stats() {
        let t = tree(
            "<div><p> Harbour, wall </p>  <p>fell<b> in </b>the</p><p>\u{00a0}storm, </p> \
             <span></span><p>é 👍 ok</p> </div>",
        );
        let body = t.body();
        for id in std::iter::once(body).chain(t.descendants(body)) {
            let len = text_stats(&t, id).0;
            for min in 0..len + 3 {
                assert_eq!(
                    text_len_at_least(&t, id, min),
                    len >= min,
                    "node {id}, min {min}"
                );
            }
        }
    }

    #[test]
    fn a_short_pick_yields_to_a_longer_one_holding_its_text_or_many_times_longer() {
        let t = tree(&short_post_beside_a_blurb(6));
        let [post, about] = ["post", "about"].map(|i| by_id(&t, i));
        let body = t.body();
        let short = ShortPick {
            flags: Flags::ALL,
            len: text_stats(&t, post).0,
            texts: text_nodes(&t, post),
        };
        let about_len = text_stats(&t, about).0;
        // The blurb holds none of the post: a few times longer, it does not win.
        assert!(!short.yields_to(&t, about, about_len));
        // The whole body holds the post.
        assert!(short.yields_to(&t, body, text_stats(&t, body).0));
        // Ten times the post's length wins without its text.
        assert!(short.yields_to(&t, about, short.len * RELAXED_RATIO));
        // Without text of its own, a short pick yields to anything.
        let empty = ShortPick {
            flags: Flags::ALL,
            len: 0,
            texts: Vec::new(),
        };
        assert!(empty.yields_to(&t, about, about_len));
    }
}
