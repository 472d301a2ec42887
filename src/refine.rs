//! Refine: block-level cleaning inside the picked article.
//!
//! Readability's scoring picks a good root, but what it keeps under that root still holds
//! the page's chrome: comment threads whose container class also says "body", author boxes,
//! footers and sidebars nested in the post, "Tags:" lines, share labels, "Read more:" teasers.
//! People who label article text leave those out (measured on the dragnet train split, where
//! this stage raised precision by about four points for a fraction of a point of recall).
//!
//! Six passes, each linear in the size of the picked subtree and a single batch detach (the
//! last takes two):
//! 1. containers whose class or id names a kind of chrome ([`CHROME`]) go whole;
//! 2. a comment thread goes from its heading to the end of the article, whether refine sees
//!    the heading ("12 Responses to …") or only its placeholder (the promo heuristic already
//!    removed a "Comments" heading as `kind: comments`, see [`comment_tail`]);
//! 3. short text blocks that read as chrome lines ([`LINES`], `src/refine/lines.txt`) go;
//! 4. runs of short blocks that are all link text (a menu, a category list) go ([`link_runs`]);
//! 5. another story's linked headline under an upper-case kicker between paragraphs goes
//!    ([`teasers`]);
//! 6. lists of other stories' teasers go: items ending in "Read more…" ([`read_more_items`]),
//!    list items under a linked headline ([`headline_items`]); not on a listing page.
//!
//! Photo credits, captions, datelines and bylines stay: the same labels keep them as part
//! of the article, and dropping them lowered the measured F1.

use std::sync::OnceLock;

use crate::article::{Kind, Removed};
use crate::rules::normalize_phrase;
use crate::text::{lower_into, push_squashed, squash_spaces};
use crate::tree::{NodeData, NodeId, Tree};
use crate::words::Words;

/// Class/id substrings of containers that hold chrome, not the article. Each one was kept
/// only if removing what it matched raised F1 on the dragnet train split.
static CHROME: Words = Words::new(&[
    "comment",
    "footer",
    "foot",
    "profile",
    "bio",
    "sidebar",
    "hidden",
    "tags",
    "slideshow",
    "recent",
    "email",
    "byline",
    // A promotion box ("promo-box", "hyper-promotional-content"), not "promotion" alone,
    // which names content ("…-CEO-promotion-controversy", a Wikipedia heading).
    "promotional",
    "promo-",
    "-promo",
]);

/// Class/id substrings that contain a [`CHROME`] word but name content: an opinion piece's
/// body ("commentary"), a sports section ("football"), a biography as the article itself.
static NOT_CHROME: Words = Words::new(&["commentary", "football", "biograph", "footnote"]);

/// Blocks longer than this (in characters) are never matched against a line prefix: a
/// paragraph that merely starts like a chrome line is prose.
const MAX_LINE_CHARS: usize = 250;

/// The same for `long:` prefixes (post metadata that lists every tag or category of the post,
/// "Filed under a, b, c, …"): such a line runs long, but no paragraph of prose starts so.
const MAX_LONG_LINE_CHARS: usize = 800;

/// What must survive a pass, or the pass is skipped: this share of the picked text, or at
/// least this many (non-space) characters, whichever is less. A page whose whole article sits
/// in, say, a `class="bio"` container keeps what Readability picked rather than losing it all;
/// a short post under a comment thread ten times its length still loses the thread.
const MIN_KEPT_SHARE: f64 = 0.2;
const MIN_KEPT_CHARS: usize = 500;

/// Elements whose text refine judges as a block of its own. Close to render's block list (the
/// text output's blocks) but not the same: cells, forms, `nav`, `center` and `dialog` count
/// here, so a chrome line in a layout cell is judged alone; one list serving both would change
/// either the text output or what refine removes (measured lists; kept apart on purpose).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The chrome-line list, parsed once from `src/refine/lines.txt`. Prefixes and whole lines
/// are kept by the first byte of their pattern (a `#` under every digit), so that a block is
/// compared with the few that start as it does rather than with all of them: refine asks this
/// of every short block of every article.
struct Lines {
    prefixes: Vec<Vec<Prefix>>,
    suffixes: Vec<String>,
    whole: Vec<Vec<String>>,
}

/// A `prefix:`, `list:` or `long:` line.
struct Prefix {
    pattern: String,
    kind: PrefixKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PrefixKind {
    /// A block of at most [`MAX_LINE_CHARS`] that starts so.
    Short,
    /// As `Short`, and the line heads a list of other stories.
    List,
    /// A block of at most [`MAX_LONG_LINE_CHARS`] that starts so.
    Long,
}

static LINES: OnceLock<Lines> = OnceLock::new();

/// The buckets a pattern goes in: that of its first byte, or every digit's for `#`.
fn first_bytes(pattern: &str) -> Vec<u8> {
    match pattern.as_bytes().first() {
        Some(b'#') => (b'0'..=b'9').collect(),
        Some(&b) => vec![b],
        None => Vec::new(),
    }
}

fn lines() -> &'static Lines {
    LINES.get_or_init(|| {
        let mut l = Lines {
            prefixes: (0..256).map(|_| Vec::new()).collect(),
            suffixes: Vec::new(),
            whole: (0..256).map(|_| Vec::new()).collect(),
        };
        for line in include_str!("refine/lines.txt").lines() {
            let prefix = if let Some(p) = line.strip_prefix("long: ") {
                Some((p.trim(), PrefixKind::Long))
            } else if let Some(p) = line.strip_prefix("prefix: ") {
                Some((p.trim_start().trim_end_matches('\r'), PrefixKind::Short))
            } else {
                line.strip_prefix("list: ")
                    .map(|p| (p.trim_start().trim_end_matches('\r'), PrefixKind::List))
            };
            if let Some((pattern, kind)) = prefix {
                for b in first_bytes(pattern) {
                    l.prefixes[b as usize].push(Prefix {
                        pattern: pattern.to_string(),
                        kind,
                    });
                }
            } else if let Some(p) = line.strip_prefix("suffix: ") {
                l.suffixes.push(p.trim().to_string());
            } else if let Some(w) = line.strip_prefix("line: ") {
                for b in first_bytes(w.trim()) {
                    l.whole[b as usize].push(w.trim().to_string());
                }
            }
        }
        l
    })
}

impl Lines {
    /// The prefixes that could match `lower` (those starting with its first byte).
    fn prefixes_for(&self, lower: &str) -> &[Prefix] {
        lower
            .as_bytes()
            .first()
            .map_or(&[], |&b| &self.prefixes[b as usize])
    }
}

/// Whether a block's text (already squashed) is a chrome line.
fn is_chrome_line(text: &str) -> bool {
    let chars = text.chars().count();
    if chars > MAX_LONG_LINE_CHARS {
        return false;
    }
    let mut lower = String::new();
    lower_into(&mut lower, text);
    let l = lines();
    let matching = |p: &Prefix| pattern_prefix(&p.pattern, &lower).is_some();
    if chars > MAX_LINE_CHARS {
        return l
            .prefixes_for(&lower)
            .iter()
            .any(|p| p.kind == PrefixKind::Long && matching(p));
    }
    if is_contact_line(text, &lower)
        || is_share_row(&lower)
        || is_joined_bio(&lower)
        || ends_in_comment_count(&lower)
        || is_follow_pitch(&lower)
    {
        return true;
    }
    let prose = reads_as_prose(&lower);
    if l.prefixes_for(&lower).iter().any(|p| {
        matching(p) && (p.kind == PrefixKind::Long || !(prose && opens_sentences(&p.pattern)))
    }) {
        return true;
    }
    let bare =
        lower.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '|' | '•' | '-'));
    let end = lower.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '…' | '»' | '›' | '>' | '!')
    });
    if l.suffixes.iter().any(|s| end.ends_with(s.as_str())) {
        return true;
    }
    bare.as_bytes().first().is_some_and(|&b| {
        l.whole[b as usize]
            .iter()
            .any(|w| pattern_prefix(w, bare) == Some(bare.len()))
    })
}

/// Whether a block reads as a sentence of prose: twelve words or more, a comma, and a full
/// stop at its end. A short label's words ("Share this", "Powered by", "Never miss") also
/// open sentences ("Share this burden with your neighbours, the council urged …"), which
/// must stay; the longer phrases of the list ("This was written by", "A version of this
/// article appeared") open only chrome.
fn reads_as_prose(lower: &str) -> bool {
    let end =
        lower.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\u{201d}' | '\''));
    end.ends_with(['.', '!', '?']) && lower.contains(", ") && lower.split_whitespace().count() >= 12
}

/// Whether a pattern is a label's first words that also open sentences of prose: one or two
/// plain words ("share this", "powered by", "never miss"). Longer phrases ("this was written
/// by", "if you enjoyed"), and patterns with a symbol, a digit or a colon ("©", "copyright #",
/// "jump to:"), open only chrome.
fn opens_sentences(pattern: &str) -> bool {
    pattern.split_whitespace().count() <= 2
        && pattern
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '\u{2019}'))
}

/// Longest line (bytes) that [`heads_a_list`] compares with the recirculation headings: they
/// are a few words, and a removed block's preview is up to 100 characters.
const RELATED_HEADING_MAX: usize = 60;

/// The removed block whose placeholder `n` is (`<div data-bs-removed="N">`), if it is one.
fn placeholder_of<'r>(t: &Tree, n: NodeId, removed: &'r [Removed]) -> Option<&'r Removed> {
    if t.name(n) != crate::PLACEHOLDER {
        return None;
    }
    t.attr(n, "data-bs-removed")
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| removed.get(i))
}

/// Whether a chrome line heads a list of other stories ("Read more:", "Related stories",
/// "More on Amazon", or a whole line that the heuristics take as a recirculation heading:
/// "RELATED", "Most read"): the list's headlines after it go with it ([`refine`]).
fn heads_a_list(text: &str) -> bool {
    heads_a_list_prefix(text) || (text.len() <= RELATED_HEADING_MAX && is_related_line(text))
}

/// Whether a line is a whole recirculation heading of the heuristics ("RELATED", "Most read").
fn is_related_line(text: &str) -> bool {
    crate::heuristics::is_related_heading(&crate::rules::normalize_phrase(text))
}

/// Whether a line starts as a `list:` line of [`LINES`] ("Read more:", "More on …").
fn heads_a_list_prefix(text: &str) -> bool {
    let lower = text.to_lowercase();
    lines()
        .prefixes_for(&lower)
        .iter()
        .any(|p| p.kind == PrefixKind::List && pattern_prefix(&p.pattern, &lower).is_some())
}

/// The elements that follow the placeholder of a removed line heading a list of other
/// stories (blank text between them aside): the promo heuristic, which runs before scoring,
/// takes "Read more:" and "Related stories" headings (with their list when it is a `ul`), and
/// leaves the headlines written as paragraphs after them. One pass over the article (each
/// parent's children once), and none on the many pages without such a placeholder.
fn after_list_headings(t: &Tree, root: NodeId, removed: &[Removed]) -> hashbrown::HashSet<NodeId> {
    let mut out = hashbrown::HashSet::new();
    // Only a block the heuristics took as recirculation can be a recirculation heading: the
    // whole-line test (a normalisation) is not run on the page's other removed blocks.
    let head = |r: &Removed| {
        if r.kind == crate::article::Kind::Related {
            heads_a_list(&r.preview)
        } else {
            heads_a_list_prefix(&r.preview)
        }
    };
    if !removed.iter().any(head) {
        return out;
    }
    let heads = |n: NodeId| placeholder_of(t, n, removed).is_some_and(head);
    for p in t.descendants(root) {
        let mut after = false;
        for &c in t.children(p) {
            if t.text(c).is_some_and(|s| s.trim().is_empty()) {
                continue;
            }
            if after {
                out.insert(c);
            }
            after = heads(c);
        }
    }
    out
}

/// A short line that gives a reporter's address or handle to write to: "Email Jane Doe at
/// jane@example.com or follow her @janedoe", "… may be reached at jane@example.com". Article
/// prose rarely holds an e-mail address, and never in a line that starts so.
///
/// Narrower than it could be on purpose: "Write to X at …" and "Follow X on Twitter @…"
/// sign-offs are kept, because the people who labelled the dragnet pages kept them
/// (every contact line with an address or handle: −0.0008 F1 on its test split, −0.0007 on
/// train; this rule: no page changed).
fn is_contact_line(text: &str, lower: &str) -> bool {
    let address = text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
        match w.find('@') {
            // A handle: "@janedoe".
            Some(0) => w.len() > 1 && w[1..].chars().all(|c| c.is_alphanumeric() || c == '_'),
            // An address: "jane@example.com".
            Some(i) => w[i + 1..].contains('.'),
            None => false,
        }
    });
    address
        && (lower.starts_with("email ")
            || lower.starts_with("e-mail ")
            || lower.contains("may be reached at")
            || lower.contains("can be reached at"))
}

/// An author's bio is among the article's last this many blocks.
const BIO_TAIL: usize = 6;

/// An author's bio is at most this long (non-space characters).
const BIO_MAX_CHARS: usize = 1000;

/// A name that opens a bio is at most this many words ("Timothy B. Lee").
const BIO_NAME_WORDS: usize = 4;

/// The author's bio at the end of a post: "Marie LeBaron is the founder and managing editor
/// of …", "Jon Brodkin / Jon is Ars Technica's senior IT reporter …", "Cristi: Mommy by day,
/// …". A block among the article's last [`BIO_TAIL`] that opens with a person's name followed
/// by a verb or separator of [`bio_subject`], where the name is known to be the author's: the
/// page's byline names them, the block before it names them alone or at its end, or names no
/// one as a box's heading ("Heather", "Written by Marie LeBaron", "About Jeff Molander", "The
/// Tide Blog by Jane Doe", "About"), which goes too, or the name is given twice ("Jon Brodkin
/// / Jon …"). The box's short lines after the bio ("Website: …") go with it when the article
/// does not resume. A closing paragraph about someone else ("John Kerry is expected to …"
/// under John Smith's byline) names no author and stays.
fn author_bios(t: &Tree, root: NodeId, us: &[Unit], byline: Option<&str>) -> Vec<NodeId> {
    // The last blocks still in the article (the passes before this one detached some), and
    // the one before them, which may be the name line.
    let mut tail: Vec<&Unit> = us
        .iter()
        .rev()
        .filter(|u| {
            u.el != root
                && !u.nested
                && !u.text.trim().is_empty()
                && t.ancestors(u.el).any(|a| a == root)
        })
        .take(BIO_TAIL + 1)
        .collect();
    tail.reverse();
    let mut out = Vec::new();
    for i in tail.len().saturating_sub(BIO_TAIL)..tail.len() {
        let text = tail[i].text.trim();
        if crate::text::non_space(text) > BIO_MAX_CHARS {
            continue;
        }
        let Some((name, sep, rest)) = bio_subject(text) else {
            continue;
        };
        let before = i.checked_sub(1).map(|j| tail[j]);
        let name_line = before.filter(|b| names_only(b.text.trim(), name));
        // "Jon Brodkin / Jon is …"; not "Business is business."
        let twice =
            sep == " / " && rest.split_whitespace().next() == name.split_whitespace().next();
        // "Name: …" is also how an interview's transcript labels its speakers, the author
        // among them: only a name line before it makes it a bio.
        let by_byline = sep != ": " && byline.is_some_and(|b| same_author(b, name));
        if name_line.is_some() || twice || by_byline {
            out.extend(name_line.map(|b| b.el));
            out.push(tail[i].el);
            // The bio's box goes on to the end in short lines (its "Website:", "Blog:",
            // "Follow on Twitter"): with it, when the article's text does not resume.
            let after = &tail[i + 1..];
            if after
                .iter()
                .all(|u| crate::text::non_space(&u.text) <= BIO_LINE_MAX_CHARS)
            {
                out.extend(after.iter().map(|u| u.el));
                break;
            }
        }
    }
    out
}

/// The short lines that close a bio's box are at most this long (non-space characters).
const BIO_LINE_MAX_CHARS: usize = 80;

/// The name a bio opens with, its verb or separator, and the text after it, if `text` opens so:
/// one to [`BIO_NAME_WORDS`] capitalised words, then " is ", " has ", " was ", " covers ",
/// " writes ", " joined ", " earned ", " lives ", " works ", ": " or " / ".
fn bio_subject(text: &str) -> Option<(&str, &'static str, &str)> {
    const AFTER: [&str; 11] = [
        " is ", " has ", " was ", " covers ", " writes ", " joined ", " earned ", " lives ",
        " works ", ": ", " / ",
    ];
    // The name is at most BIO_NAME_WORDS words, so the first separator must start by the
    // next word's start: only that far, plus a separator's length, is searched. (Searched in
    // the whole block, the separators that are not there cost 3 % of a clean: eleven scans of
    // each of the last blocks.)
    let next_word = text
        .split_whitespace()
        .nth(BIO_NAME_WORDS)
        .map_or(text.len(), |w| w.as_ptr() as usize - text.as_ptr() as usize);
    let end = (next_word + AFTER.iter().map(|s| s.len()).max().unwrap_or(0)).min(text.len());
    // The first position where a separator starts (the first of the list where two do):
    // each starts with a space or a colon, so only those bytes are tried. (One `find` per
    // separator set up eleven substring searchers per block, 1 % of a clean.) Bytes, so `end`
    // may fall inside a character: the separators are ASCII, and no match reaches into one.
    let head = &text.as_bytes()[..end];
    let (at, sep) = memchr::memchr2_iter(b' ', b':', head)
        .find_map(|i| {
            AFTER
                .iter()
                .find(|s| head[i..].starts_with(s.as_bytes()))
                .map(|s| (i, *s))
        })
        .filter(|&(i, _)| i <= next_word)?;
    bio_split(text, at, sep)
}

/// `text` cut at the separator `sep` found at `at`, when what comes before it is a person's
/// name of one to [`BIO_NAME_WORDS`] words.
fn bio_split<'a>(
    text: &'a str,
    at: usize,
    sep: &'static str,
) -> Option<(&'a str, &'static str, &'a str)> {
    let name = &text[..at];
    let words = name.split_whitespace().count();
    // A person's name: capitalised words of letters and initials ("Mary-Jo O'Neill", "Nelson
    // D. Schwartz"), not a product's ("PortableApps.com Installer / PortableApps.com Format").
    let capitalised = name.split_whitespace().all(|w| {
        let letters = w
            .strip_suffix('.')
            .filter(|i| i.chars().count() == 1)
            .unwrap_or(w);
        w.chars().next().is_some_and(char::is_uppercase)
            && letters
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
    });
    ((1..=BIO_NAME_WORDS).contains(&words) && capitalised)
        .then(|| (name, sep, &text[at + sep.len()..]))
}

/// Whether a line names the bio's subject: `name` alone, with a label before it ("Written
/// by", "About"), at the end of a title ("The Tide Blog by Jane Doe"), or a bio box's heading
/// that names no one ("About the author").
fn names_only(line: &str, name: &str) -> bool {
    let lower = line.to_lowercase();
    let rest = [
        "written by ",
        "posted by ",
        "about the author ",
        "about ",
        "by ",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .unwrap_or(&lower);
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
    let name = name.to_lowercase();
    // A heading of the bio box that names no one ("About the author"), or a line that ends
    // with the name ("The Money Blog by Ken Doe").
    matches!(
        rest,
        "about" | "about the author" | "about the writer" | "about me"
    ) || rest == name
        || rest
            .strip_suffix(&name)
            .is_some_and(|r| r.ends_with(" by "))
}

/// Whether a bio's `name` is the byline's author: the same name, a byline that holds the
/// whole name ("by Jon Brodkin - Nov 9, 2012"), or one of the two a first name only and the
/// other's first word ("Mary" and "Mary Brock").
fn same_author(byline: &str, name: &str) -> bool {
    let b = byline.trim().to_lowercase();
    let b = b.strip_prefix("by ").unwrap_or(&b);
    let n = name.to_lowercase();
    fn first(s: &str) -> Option<&str> {
        s.split_whitespace().next()
    }
    if b.trim() == n {
        return true;
    }
    if n.split_whitespace().count() >= 2 {
        return b.contains(&n) || (b.split_whitespace().count() == 1 && first(&n) == first(b));
    }
    first(b) == Some(n.as_str())
}

/// Social networks a follow pitch names.
const FOLLOW_NETWORKS: &[&str] = &[
    "facebook",
    "twitter",
    "instagram",
    "youtube",
    "linkedin",
    "tiktok",
    "pinterest",
    "threads",
    "bluesky",
    "mastodon",
    "flipboard",
    "snapchat",
    "whatsapp",
    "telegram",
];

/// A line that asks the reader to follow the site on its social networks, naming two or more:
/// "Follow the Gazette on Twitter, Facebook and Instagram", "Like us on Facebook and follow
/// us on Twitter". A reporter's sign-off names one network and a handle ("Follow Jane Doe on
/// Twitter @janedoe"), which the dragnet annotators kept ([`is_contact_line`]), and stays.
fn is_follow_pitch(lower: &str) -> bool {
    (lower.starts_with("follow ") || lower.starts_with("like us ") || lower.starts_with("find us "))
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| FOLLOW_NETWORKS.contains(w))
            .count()
            >= 2
}

/// A post's metadata line that ends in its comment count or link after a separator: "Posted
/// on November 7, 2012 at 1:39 PM • 20 Comments", "August 9, 2012 · 13 Comments",
/// "Oct 30, 2012 - Leave a Comment". The separator is what tells it from a sentence that ends
/// so ("The post drew 20 comments.").
fn ends_in_comment_count(lower: &str) -> bool {
    let s = lower.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | ']'));
    let Some(rest) = [
        "leave a comment",
        "add a comment",
        "no comments",
        "comments",
        "comment",
    ]
    .iter()
    .find_map(|w| s.strip_suffix(w)) else {
        return false;
    };
    // The count, bracketed or not: "• 20 Comments", "— (3) Comments".
    let rest = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ']'));
    let rest = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',');
    let rest = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '['));
    // A separator standing alone, with white space before it: "COVID-19 comments" and
    // "3/4 comments" end in a word.
    rest.strip_suffix(['•', '·', '|', '-', '–', '—', '/'])
        .is_some_and(|before| before.ends_with(char::is_whitespace))
}

/// A short bio of the writer: "Jane Doe joined the Gazette in 2017 and has covered the
/// council since 2019." Only with both halves, joining and covering: a line of news says one
/// or the other ("The striker joined the club in 2017").
fn is_joined_bio(lower: &str) -> bool {
    lower.chars().count() <= 300
        && lower.contains(" joined ")
        && [
            " has covered ",
            " covers ",
            " has written ",
            " has reported ",
            " has been covering ",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// Share buttons' labels, and the words between them.
const SHARE_WORDS: &[&str] = &[
    "share",
    "on",
    "this",
    "facebook",
    "twitter",
    "x",
    "email",
    "e",
    "mail",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "print",
    "copy",
    "link",
    "messenger",
    "tweet",
    "telegram",
    "flipboard",
    "tumblr",
    "sms",
    "save",
];

/// Social networks, of which a row of share buttons names at least two.
const NETWORKS: &[&str] = &[
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
    "telegram",
    "flipboard",
    "tumblr",
    "email",
];

/// A row of share-button labels left as text: "Share Facebook Twitter Email".
fn is_share_row(lower: &str) -> bool {
    // Word by word, stopping at the first that is not a share word: that is the first word of
    // nearly every block, and this runs for every block of the article.
    let (mut words, mut networks) = (0, 0);
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !SHARE_WORDS.contains(&w) {
            return false;
        }
        words += 1;
        networks += usize::from(NETWORKS.contains(&w));
    }
    words >= 2 && networks >= 2
}

/// Runs of consecutive blocks made only of share-button words that together are a share row
/// ([`is_share_row`]): the buttons written as a list, one network a list item ("Facebook",
/// "Twitter", "Email"), which no single block shows as a row.
fn share_runs(root: NodeId, us: &[Unit]) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut run: Vec<NodeId> = Vec::new();
    let mut words = String::new();
    let mut flush = |run: &mut Vec<NodeId>, words: &mut String| {
        if run.len() >= 2 && is_share_row(words) {
            out.append(run);
        }
        run.clear();
        words.clear();
    };
    for u in us {
        // Short blocks only are lower-cased: this runs over every block of the article.
        if u.el == root || u.nested || u.text.len() > 40 {
            flush(&mut run, &mut words);
            continue;
        }
        let lower = u.text.to_lowercase();
        let share_words = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| SHARE_WORDS.contains(&w));
        if share_words {
            run.push(u.el);
            words.push(' ');
            words.push_str(&lower);
        } else {
            flush(&mut run, &mut words);
        }
    }
    flush(&mut run, &mut words);
    out
}

/// Where `pattern` matches the start of `text`, the length it covers: `#` in a pattern stands
/// for a run of ASCII digits ("# comments", "# of #"), any other character for itself.
fn pattern_prefix(pattern: &str, text: &str) -> Option<usize> {
    let t = text.as_bytes();
    let mut i = 0;
    for &b in pattern.as_bytes() {
        if b == b'#' {
            let start = i;
            while i < t.len() && t[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
        } else if t.get(i) == Some(&b) {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// One block of text: an element and its own text (text not inside a nested block).
struct Unit {
    el: NodeId,
    text: String,
    /// Whether the element has block descendants (its own text is then only part of it).
    nested: bool,
    /// White space came after the text so far: a space goes before the next word.
    space: bool,
}

/// The text blocks under `root`, in document order, without a recursion (pages nest deeply).
fn units(t: &Tree, root: NodeId) -> Vec<Unit> {
    enum Step {
        Enter(NodeId),
        Leave(bool),
    }
    let mut out: Vec<Unit> = Vec::new();
    // Indices into `out` of the blocks open around the current node, innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut todo = vec![Step::Enter(root)];
    while let Some(step) = todo.pop() {
        match step {
            Step::Leave(block) => {
                if block {
                    open.pop();
                }
            }
            Step::Enter(n) => match t.data(n) {
                NodeData::Text(_) => {
                    if let (Some(&u), Some(s)) = (open.last(), t.text(n)) {
                        let u = &mut out[u];
                        push_squashed(&mut u.text, &mut u.space, s);
                    }
                }
                NodeData::Element(e) => {
                    let name = e.name;
                    let block = n == root || is_block(name);
                    if block {
                        if let Some(&u) = open.last() {
                            out[u].nested = true;
                        }
                        out.push(Unit {
                            el: n,
                            text: String::new(),
                            nested: false,
                            space: false,
                        });
                        open.push(out.len() - 1);
                    } else if name == "br" {
                        if let Some(&u) = open.last() {
                            // A line break is white space between words.
                            out[u].space = true;
                        }
                    }
                    todo.push(Step::Leave(block));
                    todo.extend(t.children(n).iter().rev().map(|&c| Step::Enter(c)));
                }
                NodeData::Document => {}
            },
        }
    }
    // Each unit's text was squashed as it came ([`squash_spaces`] of the whole, without
    // copying it twice).
    out.retain(|u| !u.text.is_empty());
    out
}

/// Whether `el` is, or is inside, a cell of a data table ([`crate::score::is_data_table`]): a
/// cell that reads "Video" or "Comments" is the table's data, not a chrome line. A layout
/// table's cells are judged like any block (old pages lay out their chrome in cells). Asked
/// only of the blocks that read like chrome; each table is judged once (`judged`: a table of
/// 20 000 such cells would otherwise be walked 20 000 times).
fn in_data_cell(t: &Tree, el: NodeId, judged: &mut hashbrown::HashMap<NodeId, bool>) -> bool {
    let mut in_cell = false;
    for a in std::iter::once(el).chain(t.ancestors(el)) {
        match t.name(a) {
            "td" | "th" => in_cell = true,
            "table" => {
                return in_cell
                    && *judged
                        .entry(a)
                        .or_insert_with(|| crate::score::is_data_table(t, a))
            }
            _ => {}
        }
    }
    false
}

/// Top-most elements strictly inside `root` whose class or id names chrome. `chars` is the
/// non-space text length of every node (see [`text_lengths`]).
fn chrome_containers(t: &Tree, root: NodeId, chars: &[usize]) -> Vec<NodeId> {
    let total = chars[root];
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = t.children(root).iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        let Some(e) = t.elem(n) else { continue };
        let hint = e.class_and_id_lower();
        // A container holding most of the article is its wrapper whatever it is called
        // (`id="contentWithSidebar"`): look inside it instead.
        if !hint.is_empty() && chars[n] * 2 <= total && CHROME.in_(&hint) && !NOT_CHROME.in_(&hint)
        {
            out.push(n);
            continue;
        }
        // A `nav` inside the article is the site's (breadcrumbs, section links), unless its
        // links all point into the page (the article's table of contents), or there is no
        // article around it to speak of (a sign-in page reads as what it is with its links).
        if e.name == "nav"
            && total >= MIN_KEPT_CHARS
            && chars[n] * 4 <= total
            && !links_into_the_page(t, n)
        {
            out.push(n);
            continue;
        }
        stack.extend(t.children(n).iter().rev().copied());
    }
    out
}

/// Whether every link under `n` points into the page (`#…`), and there is one.
fn links_into_the_page(t: &Tree, n: NodeId) -> bool {
    let mut links = t.descendants(n).filter(|&d| t.name(d) == "a").peekable();
    links.peek().is_some() && links.all(|d| t.attr(d, "href").is_some_and(|h| h.starts_with('#')))
}

/// Whether a heading's text (squashed) opens a comment thread or a trackback list: "Comments",
/// "12 Responses to “…”", "3 thoughts on …", "Leave a Reply". (Trackback lists stay:
/// the dragnet labels keep them.)
fn is_comments_heading(text: &str) -> bool {
    if text.chars().count() > 120 {
        return false;
    }
    let lower = text.to_lowercase();
    let bare = lower
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '!'));
    const WHOLE: &[&str] = &[
        "comments",
        "responses",
        "reader comments",
        "leave a comment",
        "leave a reply",
        "post a comment",
    ];
    const STARTS: &[&str] = &[
        "comments (",
        "comments on ",
        "responses to ",
        "response to ",
        "thoughts on ",
        "replies to ",
        "comments so far",
    ];
    WHOLE.contains(&bare) || STARTS.iter().any(|p| bare.starts_with(p))
}

/// Whether a removed block's sanitized HTML is a heading: a "Comments" heading opens the
/// thread, a "Comments" link in the post's header line does not.
fn is_heading_html(html: &str) -> bool {
    let b = html.as_bytes();
    b.len() > 3 && b[0] == b'<' && b[1] == b'h' && (b'1'..=b'6').contains(&b[2])
}

/// The first heading strictly inside `root` that opens a comment thread, and everything after
/// it in document order up to the end of `root`: a blog's comments often follow its post as
/// loose paragraphs, with no container to name them. The heading may already be a placeholder
/// (`removed[N]` of kind comments whose HTML is a heading): "Comments" is a promo phrase, and
/// the heuristics run before scoring. Its text must name a thread as an `h*` heading's does:
/// the promo heuristic also takes headings of calls to comment ("Join the conversation"),
/// which some stories put in the middle of their text, and the rest of the story is no thread.
fn comment_tail(t: &Tree, root: NodeId, removed: &[Removed]) -> Vec<NodeId> {
    let Some(h) = t.descendants(root).find(|&n| match t.name(n) {
        name if is_heading(name) => is_comments_heading(&squash_spaces(&t.text_content(n))),
        crate::PLACEHOLDER => placeholder_of(t, n, removed).is_some_and(|r| {
            r.kind == Kind::Comments && is_heading_html(&r.html) && is_comments_heading(&r.preview)
        }),
        _ => false,
    }) else {
        return Vec::new();
    };
    let mut out = vec![h];
    let mut at = h;
    while at != root {
        let Some(p) = t.parent(at) else { break };
        let kids = t.children(p);
        if let Some(i) = t.index_in_parent(at) {
            out.extend(kids.iter().skip(i + 1).copied());
        }
        at = p;
    }
    out
}

/// Non-space characters of text under every node of `root`'s subtree (indexed by node id;
/// zero outside it), in one bottom-up pass.
fn text_lengths(t: &Tree, root: NodeId) -> Vec<usize> {
    let mut chars = vec![0usize; t.len()];
    let order: Vec<NodeId> = std::iter::once(root).chain(t.descendants(root)).collect();
    // Reverse document order visits every node after all of its descendants.
    for &n in order.iter().rev() {
        let own = t.text_chars(n);
        let kids: usize = t.children(n).iter().map(|&c| chars[c]).sum();
        chars[n] = own + kids;
    }
    chars
}

/// Removes chrome blocks from the picked article under `root`, and the email sign-up boxes
/// the heuristics found (`signup_boxes`, [`crate::heuristics::mark`]) that are in it. Returns
/// whether what is left is a listing ([`crate::score::is_listing`]), which the teaser passes
/// leave as it is.
pub(crate) fn refine(
    t: &mut Tree,
    root: NodeId,
    removed: &[Removed],
    signup_boxes: &[NodeId],
    byline: Option<&str>,
    base: Option<&url::Url>,
) -> bool {
    let chars = text_lengths(t, root);
    let total = chars[root];
    if total == 0 {
        return crate::score::is_listing(t, root);
    }
    let keep_at_least = ((total as f64 * MIN_KEPT_SHARE) as usize).min(MIN_KEPT_CHARS);

    // Still in the tree and inside the article (scoring moves and drops blocks).
    let boxes: Vec<NodeId> = signup_boxes
        .iter()
        .copied()
        .filter(|&b| b != root && t.ancestors(b).any(|a| a == root))
        .collect();
    let total = detach_if_kept(t, &boxes, &chars, total, keep_at_least);
    let containers = chrome_containers(t, root, &chars);
    let total = detach_if_kept(t, &containers, &chars, total, keep_at_least);
    let tail = comment_tail(t, root, removed);
    let total = detach_if_kept(t, &tail, &chars, total, keep_at_least);
    let mut drop = Vec::new();
    let mut gone = 0;
    let mut data_tables = hashbrown::HashMap::new();
    let first = units(t, root);
    // After a line that heads a list of other stories ("Read more:"), the headlines of the
    // list: blocks of their own, short, all link text. (In a `ul` they go with the heading
    // through the promo heuristic; written as paragraphs they stayed.)
    let mut in_list = false;
    let list_starts = after_list_headings(t, root, removed);
    for u in &first {
        if u.el != root && !u.nested {
            let n = crate::text::non_space(&u.text);
            if n <= TEASER_MAX_CHARS
                && (in_list || list_starts.contains(&u.el))
                && link_chars(t, u.el, &chars).min(n) * 10 >= n * 9
            {
                gone += n;
                drop.push(u.el);
                in_list = true;
                continue;
            }
        }
        in_list = false;
        if u.el == root || !is_chrome_line(&u.text) || in_data_cell(t, u.el, &mut data_tables) {
            continue;
        }
        in_list = heads_a_list(&u.text);
        gone += crate::text::non_space(&u.text);
        if u.nested {
            // Only the block's own inline content: its nested blocks are judged on their own.
            drop.extend(t.children(u.el).iter().copied().filter(|&c| {
                !is_block(t.name(c)) && !t.descendants(c).any(|d| is_block(t.name(d)))
            }));
        } else {
            drop.push(u.el);
        }
    }
    let dropped = !drop.is_empty() && total.saturating_sub(gone) >= keep_at_least;
    if dropped {
        t.detach_all(&drop);
    }
    // One list of blocks for the last two passes (a walk of the article and a squash of every
    // block's text each): both judge blocks against their neighbours, not the tree.
    // The blocks are those of the chrome-line pass unless it took some out (most pages: it
    // took none, and a second walk and squash of the article would find the same).
    let blocks = if dropped { units(t, root) } else { first };
    let runs = link_runs(t, root, &blocks, &chars);
    let total = detach_if_kept(t, &runs, &chars, total, keep_at_least);
    let shares = share_runs(root, &blocks);
    let total = detach_if_kept(t, &shares, &chars, total, keep_at_least);
    let lone = teasers(t, root, &blocks, &chars);
    let total = detach_if_kept(t, &lone, &chars, total, keep_at_least);
    let bios = author_bios(t, root, &blocks, byline);
    let total = detach_if_kept(t, &bios, &chars, total, keep_at_least);
    let home = home_links(t, root, &blocks, &chars, base);
    let total = detach_if_kept(t, &home, &chars, total, keep_at_least);
    // On a listing (a section front, search results) the teasers are the page: it shows
    // them when asked to ("Show it anyway"), so they stay.
    if crate::score::is_listing(t, root) {
        return true;
    }
    let listed = read_more_items(t, root, &chars);
    let total = detach_if_kept(t, &listed, &chars, total, keep_at_least);
    let headlined = headline_items(t, root, &chars);
    detach_if_kept(t, &headlined, &chars, total, keep_at_least);
    trailing_headings(t, root);
    // Taking teasers out takes headlines away: what was no listing does not become one.
    false
}

/// Headings left at the very end of the article head nothing: the list of other stories, the
/// comment thread or the sign-up box under them went (or was never picked with the article).
/// A few are taken off the end, innermost first.
fn trailing_headings(t: &mut Tree, root: NodeId) {
    for _ in 0..MAX_TRAILING_HEADINGS {
        // One walk: the article's last text, and how much text it has in all.
        let (mut last, mut whole) = (None, 0);
        for d in t.descendants(root) {
            let n = t.text_chars(d);
            if n > 0 {
                last = Some(d);
                whole += n;
            }
        }
        // The heading that holds it, with only blocks between it and the root (text that
        // ends inside a link or a span is no heading's).
        let Some(mut at) = last else { return };
        let heading = loop {
            let Some(p) = t.parent(at) else { return };
            if p == root {
                return;
            }
            if is_heading(t.name(p)) {
                break p;
            }
            at = p;
        };
        if t.ancestors(heading)
            .take_while(|&a| a != root)
            .any(|a| !is_block(t.name(a)))
        {
            return;
        }
        // A short label of its own (a heading left open around the rest of the page holds
        // blocks), under the article's prose (a page of headings and pictures keeps them).
        let own = crate::text::non_space(&t.text_content(heading));
        if own > TRAILING_HEADING_MAX_CHARS
            || t.descendants(heading)
                .any(|d| d != heading && is_block(t.name(d)))
            || whole.saturating_sub(own) < TEASER_PROSE_CHARS
        {
            return;
        }
        t.detach(heading);
    }
}

/// A trailing heading taken off is at most this long (non-space characters).
const TRAILING_HEADING_MAX_CHARS: usize = 80;

/// At most this many headings are taken off the article's end.
const MAX_TRAILING_HEADINGS: usize = 3;

/// Items of a list of other stories: list items (at least two in one list) that each hold a
/// heading that is all link text (the other story's headline), in at most
/// [`READ_MORE_ITEM_MAX_CHARS`] with its snippet. An article's own lists hold prose or plain
/// links, not linked headings.
fn headline_items(t: &Tree, root: NodeId, chars: &[usize]) -> Vec<NodeId> {
    let mut out = Vec::new();
    for list in t
        .descendants(root)
        .filter(|&d| matches!(t.name(d), "ul" | "ol"))
    {
        let items: Vec<NodeId> = t
            .child_elements(list)
            .filter(|&li| {
                t.name(li) == "li"
                    && chars[li] <= READ_MORE_ITEM_MAX_CHARS
                    && t.descendants(li).any(|h| {
                        matches!(t.name(h), "h2" | "h3" | "h4" | "h5" | "h6")
                            && chars[h] > 0
                            && link_chars(t, h, chars) * 10 >= chars[h] * 9
                    })
            })
            .collect();
        if items.len() >= 2 {
            out.extend(items);
        }
    }
    out
}

/// Link texts that lead to the rest of another story (compared after
/// [`normalize_phrase`]: lower-case, end punctuation and arrows trimmed).
const READ_MORE: &[&str] = &[
    "read more",
    "more",
    "continue reading",
    "keep reading",
    "read on",
    "read the rest",
    "read the rest of this entry",
    "read full story",
    "read the full story",
    "full story",
    "read full article",
    "read the full article",
    "read article",
    "read post",
    "view post",
];

/// An item of a teaser list is at most this long (non-space characters): a headline, a
/// snippet, a date.
const READ_MORE_ITEM_MAX_CHARS: usize = 600;

/// Items of a list of other stories' teasers: at least two blocks, each holding one link
/// "Read more…" (or "Continue reading", …) under a headline and a snippet. Each item is the
/// largest element around its link that holds no other such link, so the headline and date
/// go with the snippet. A single "… Read more" line is a chrome line ([`LINES`]).
fn read_more_items(t: &Tree, root: NodeId, chars: &[usize]) -> Vec<NodeId> {
    let links: Vec<NodeId> = t
        .descendants(root)
        .filter(|&d| {
            t.name(d) == "a"
                && (4..=40).contains(&chars[d])
                && READ_MORE.contains(&normalize_phrase(&t.text_content(d)).as_str())
        })
        .collect();
    if links.len() < 2 {
        return Vec::new();
    }
    // How many of the links each ancestor holds, to find each link's own item.
    let mut held: hashbrown::HashMap<NodeId, usize> = hashbrown::HashMap::new();
    for &a in &links {
        for up in t.ancestors(a) {
            *held.entry(up).or_default() += 1;
            if up == root {
                break;
            }
        }
    }
    let mut items = Vec::new();
    for &a in &links {
        let mut item = a;
        while let Some(p) = t.parent(item) {
            if p == root || held.get(&p).copied().unwrap_or(0) > 1 {
                break;
            }
            item = p;
        }
        if item != a && chars[item] <= READ_MORE_ITEM_MAX_CHARS {
            items.push(item);
        }
    }
    if items.len() < 2 {
        items.clear();
    }
    items
}

/// Detaches `nodes` (whole subtrees, `chars` their text lengths) unless that would leave less
/// than `keep` of the article's `total`; returns what is left of it.
fn detach_if_kept(
    t: &mut Tree,
    nodes: &[NodeId],
    chars: &[usize],
    total: usize,
    keep: usize,
) -> usize {
    let left = total.saturating_sub(nodes.iter().map(|&c| chars[c]).sum());
    if left >= keep {
        t.detach_all(nodes);
        left
    } else {
        total
    }
}

/// Non-space characters of link text under `el`: a walk of its subtree, so only for the
/// blocks that need it.
fn link_chars(t: &Tree, el: NodeId, chars: &[usize]) -> usize {
    t.descendants(el)
        .filter(|&d| t.name(d) == "a")
        .map(|d| chars[d])
        .sum()
}

/// Blocks above the article's first paragraph of prose that are nothing but a link to the
/// site's front page: the site's name or "Home", left when the article's container also
/// holds the page's header (its menu goes as a run of links; the name before it stayed).
fn home_links(
    t: &Tree,
    root: NodeId,
    us: &[Unit],
    chars: &[usize],
    base: Option<&url::Url>,
) -> Vec<NodeId> {
    let mut out = Vec::new();
    for u in us {
        let n = crate::text::non_space(&u.text);
        let link = link_chars(t, u.el, chars).min(n);
        if n >= TEASER_PROSE_CHARS && link * 2 < n {
            break;
        }
        if u.el == root || u.nested || n == 0 || n > TEASER_MAX_CHARS || link * 10 < n * 9 {
            continue;
        }
        let mut links = t.find_all(u.el, "a");
        if let (Some(a), None) = (links.next(), links.next()) {
            if t.attr(a, "href").is_some_and(|h| is_front_page(h, base)) {
                out.push(u.el);
            }
        }
    }
    out
}

/// Whether a link's `href` names this site's front page: its root path (or the root's index
/// file), no query or fragment, on the page's own host. Without the page's address only a
/// relative `href` can say so: an absolute one may name another site ("example.org", cited
/// in the text).
fn is_front_page(href: &str, base: Option<&url::Url>) -> bool {
    let href = href.trim();
    let relative = !href.contains(':') && !href.starts_with("//");
    let url = match base {
        Some(b) => match b.join(href) {
            Ok(u) if u.host() == b.host() => u,
            _ => return false,
        },
        None if relative => match url::Url::parse("http://h/").and_then(|b| b.join(href)) {
            Ok(u) => u,
            Err(_) => return false,
        },
        None => return false,
    };
    let path = url.path().trim_start_matches('/');
    let stem = path.split_once('.').map_or(path, |(stem, _)| stem);
    url.query().is_none()
        && url.fragment().is_none()
        && !path.contains('/')
        && (path.is_empty() || stem.eq_ignore_ascii_case("index"))
}

/// A teaser is at most this long (non-space characters).
const TEASER_MAX_CHARS: usize = 150;

/// Prose around a teaser: a block at least this long, mostly not links.
const TEASER_PROSE_CHARS: usize = 100;

/// A kicker over a teaser's link is at most this long: "EXCLUSIVE", "WATCH", "PHOTOS".
const KICKER_MAX_CHARS: usize = 20;

/// The words a teaser's upper-case kicker is made of.
const KICKERS: &[&str] = &[
    "exclusive",
    "watch",
    "video",
    "videos",
    "photos",
    "photo",
    "gallery",
    "listen",
    "podcast",
    "related",
    "read",
    "see",
    "more",
    "breaking",
    "live",
    "interactive",
    "analysis",
    "opinion",
    "update",
    "also",
];

/// Another story's headline between two paragraphs of prose under an upper-case kicker:
/// "EXCLUSIVE Council leader resigns", "WATCH: …", the kicker plain text and the headline a
/// link. (A linked headline standing alone, with no kicker, stays: the dragnet annotators
/// kept such lines, and the rule that took them measured −0.0003 F1 on train, −0.0003 on
/// test, and −0.0007 of agreement with Readability, with a few real losses, such as a link
/// "KPCC reports that:" introducing a quote.)
fn teasers(t: &Tree, root: NodeId, us: &[Unit], chars: &[usize]) -> Vec<NodeId> {
    let len = |u: &Unit| crate::text::non_space(&u.text);
    // Prose: a block of its own, long enough, mostly not links.
    let prose = |u: &Unit| {
        let n = len(u);
        !u.nested && n >= TEASER_PROSE_CHARS && link_chars(t, u.el, chars) * 2 < n
    };
    let mut out = Vec::new();
    for i in 1..us.len().saturating_sub(1) {
        let u = &us[i];
        if u.el == root || u.nested {
            continue;
        }
        // The kicker is written in capitals on the page ("EXCLUSIVE", not "Exclusive ..."):
        // an acronym that opens a sentence ("CNN said ...") is not one of the listed words.
        // Checked first, as it costs no walk of the tree.
        let first = u.text.split_whitespace().next().unwrap_or("");
        let word = first.trim_end_matches([':', '|', '-', '\u{2013}', '\u{2014}']);
        let kicker = word.chars().any(char::is_alphabetic)
            && !word.chars().any(char::is_lowercase)
            && KICKERS.contains(&word.to_lowercase().as_str());
        if !kicker {
            continue;
        }
        let n = len(u);
        if n == 0 || n > TEASER_MAX_CHARS {
            continue;
        }
        // At most the block's length: U+FEFF counts in `chars` but is a space in `text`.
        let link = link_chars(t, u.el, chars).min(n);
        if link > 0
            && n - link <= KICKER_MAX_CHARS
            && link * 2 >= n
            && prose(&us[i - 1])
            && prose(&us[i + 1])
        {
            out.push(u.el);
        }
    }
    out
}

/// A block of at most this many (non-space) characters, all of it link text, can be an item
/// of a menu.
const LINK_LINE_MAX_CHARS: usize = 100;

/// This many such blocks in a row are a menu, not links the article cites.
const LINK_RUN_MIN: usize = 5;

/// Runs of consecutive short blocks that are each (nine tenths or more) link text: a site
/// menu, a category list, an archive of months, a row of editions. The blocks of every run of
/// at least [`LINK_RUN_MIN`]; a sentence or a longer block between links ends a run.
fn link_runs(t: &Tree, root: NodeId, us: &[Unit], chars: &[usize]) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut run: Vec<NodeId> = Vec::new();
    let flush = |run: &mut Vec<NodeId>, out: &mut Vec<NodeId>| {
        if run.len() >= LINK_RUN_MIN {
            out.append(run);
        }
        run.clear();
    };
    let mut has_prose = false;
    for u in us {
        let len = crate::text::non_space(&u.text);
        let short = len <= LINK_LINE_MAX_CHARS;
        // Link text only for the units that need it (short ones, and long ones until the
        // first prose is found), not for every block of the article.
        let needed = short || (!has_prose && len >= PROSE_MIN_CHARS);
        let link_chars = if needed {
            link_chars(t, u.el, chars)
        } else {
            0
        };
        has_prose |= len.saturating_sub(link_chars) >= PROSE_MIN_CHARS;
        let is_link_line = u.el != root && !u.nested && short && link_chars * 10 >= len * 9;
        // A table of contents is the article's own map (its links point into the page), not
        // the site's menu.
        let in_page = is_link_line && links_into_the_page(t, u.el);
        if is_link_line && !in_page {
            run.push(u.el);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    // Menus are cut from around an article's prose; a page with no prose at all (a sign-in
    // form under its site menu) keeps its links, so that it reads as what it is, not as empty.
    if !has_prose {
        out.clear();
    }
    out
}

/// Non-space characters of text outside links that make a block prose, for [`link_runs`]: a
/// sentence, if a short one.
const PROSE_MIN_CHARS: usize = 25;

#[cfg(test)]
mod tests {
    use super::{ends_in_comment_count, is_chrome_line, MAX_LINE_CHARS};
    use crate::{clean, Options};

    /// Prose paragraphs long enough for the scorer to pick their container.
    fn prose(n: usize) -> String {
        (0..n)
            .map(|i| format!("<p>Paragraph {i}: the harbour wall that fell in the storm will be rebuilt by spring, the council said on Monday, with money from the regional fund, and the ferry will run again.</p>"))
            .collect()
    }

    fn text_of(body: &str) -> String {
        let html = format!(
            "<html><head><title>Harbour wall</title></head><body><div class=\"post\">{body}</div></body></html>"
        );
        clean(html.as_bytes(), &Options::new())
            .map(|a| a.text)
            .unwrap_or_default()
    }

    /// `bio_subject` searches only as far as a name can reach: the same answers as a search of
    /// the whole block, on blocks of names, separators and other words in any order.
    #[test]
    fn bio_subject_reads_as_far_as_a_name_reaches() {
        // The search over the whole block, as it was.
        fn whole(text: &str) -> Option<(&str, &'static str, &str)> {
            const AFTER: [&str; 11] = [
                " is ", " has ", " was ", " covers ", " writes ", " joined ", " earned ",
                " lives ", " works ", ": ", " / ",
            ];
            let (at, sep) = AFTER
                .iter()
                .filter_map(|s| text.find(s).map(|i| (i, *s)))
                .min_by_key(|&(i, _)| i)?;
            super::bio_split(text, at, sep)
        }
        let parts = [
            "Jane", "Doe", "O'Neill", "D.", "Ünal", "\u{3000}", "the", " is ", " has ", " covers ",
            " earned ", ": ", " / ", " ", "  ", "writes", " joined ", "é", "x",
        ];
        // A separator right at the fifth word's start, and just past it.
        for text in [
            "Jane Doe D. Ünal : writes",
            "Jane Doe D. Ünal x: writes",
            "Jane : x",
        ] {
            assert_eq!(super::bio_subject(text), whole(text), "{text:?}");
        }
        assert!(super::bio_subject("Jane Doe D. Ünal : writes").is_some());
        let mut rng = crate::test_rng(11);
        let mut some = 0;
        for _ in 0..30_000 {
            let n = 1 + rng(12);
            let text: String = (0..n).map(|_| parts[rng(parts.len())]).collect();
            let got = super::bio_subject(&text);
            assert_eq!(got, whole(&text), "{text:?}");
            // The whole block's first separator, when the name before it is short enough.
            if let Some((name, sep, rest)) = got {
                assert_eq!(format!("{name}{sep}{rest}"), text);
                some += 1;
            }
        }
        assert!(some > 1000, "{some}");
    }

    #[test]
    fn email_signup_boxes_in_the_article_go_and_other_email_fields_stay() {
        let signup = "<div class=\"box\"><h3>Keep up with the Harbour Daily newsletter.</h3>\
            <form><input type=\"email\" name=\"e\"><button>Go</button></form></div>";
        // Older forms: a text field named for the address.
        let legacy = "<div><p>The week's harbour news by email, every Friday: sign up \
            here.</p><input type=\"text\" name=\"subscriber_email\"></div>";
        // A field that does not say it is a sign-up (a reader call-out) stays, and so does
        // one inside a block longer than a box (here a paragraph that names the newsletter).
        let callout = "<p>Tell us what you saw at the harbour: <input type=\"email\"></p>";
        let long = "<p>The harbour newsletter, which the council posts to every house on the \
            front, will carry the engineers' survey in full next week, with their drawings of the \
            new wall, the timetable for the works and a map of the moorings that will be closed \
            while the foundations are laid, and the dates on which the ferry will sail from the \
            north quay instead: <input type=\"email\"></p>";
        let text = text_of(&format!(
            "{}{signup}{}{legacy}{callout}{long}",
            prose(3),
            prose(2)
        ));
        assert!(!text.contains("Harbour Daily"), "{text}");
        assert!(!text.contains("by email, every Friday"), "{text}");
        assert!(text.contains("what you saw at the harbour"), "{text}");
        assert!(text.contains("engineers' survey in full"), "{text}");
    }

    #[test]
    fn comment_threads_go_even_when_their_class_also_says_body() {
        let comments: String = (0..3)
            .map(|i| format!("<div class=\"commentbody\"><p>Reader {i} thinks the council should have rebuilt the wall years ago, and says so at length, with commas.</p><p class=\"posted\">Posted by: Reader {i} at November 8, 2012 5:26 AM</p></div>"))
            .collect();
        let text = text_of(&format!("{}{comments}", prose(4)));
        assert!(text.contains("Paragraph 3"), "{text}");
        assert!(!text.contains("Posted by"), "{text}");
        assert!(!text.contains("Reader 1 thinks"), "{text}");
    }

    #[test]
    fn author_boxes_and_footers_inside_the_post_go() {
        // Class names Readability's lists do not know (it already drops `author-bio`,
        // `footer`); two paragraphs each, as a div around one `p` is replaced by the `p`.
        let text = text_of(&format!(
            "{}<div class=\"profile-box\"><p>Jane Doe covers the coast for the paper, and has done since 2004, from the harbour office.</p><p>Write to her at the harbour office.</p></div><div class=\"entry-foot\"><p>This story was updated, and the council's figures were added, on Tuesday.</p><p>An earlier version misnamed the ferry.</p></div>",
            prose(4)
        ));
        assert!(text.contains("Paragraph 0"), "{text}");
        assert!(!text.contains("Jane Doe covers"), "{text}");
        assert!(!text.contains("figures were added"), "{text}");
    }

    #[test]
    fn a_wrapper_named_like_chrome_that_holds_the_article_stays() {
        let html = format!(
            "<html><head><title>Harbour wall</title></head><body><div id=\"contentWithSidebar\">{}<div id=\"sidebar\"><p>Archive of older posts, by month, with more links, and more.</p></div></div></body></html>",
            prose(5)
        );
        let text = clean(html.as_bytes(), &Options::new())
            .map(|a| a.text)
            .unwrap_or_default();
        assert!(text.contains("Paragraph 4"), "{text}");
        assert!(!text.contains("Archive of older posts"), "{text}");
    }

    #[test]
    fn a_hash_in_a_pattern_is_a_run_of_digits() {
        use super::pattern_prefix;
        assert_eq!(pattern_prefix("# of #", "2 of 16"), Some(7));
        assert_eq!(pattern_prefix("# of #", "two of 6"), None);
        assert_eq!(pattern_prefix("# comments", "comments"), None);
        assert_eq!(pattern_prefix("share:", "share: x"), Some(6));
    }

    #[test]
    fn counts_and_gallery_controls_are_chrome_lines() {
        let text = text_of(&format!(
            "{}<p>15 Comments</p><p>2 of 6</p><p>Previous 1 / 6 Next</p><p>Jump to comments</p><p>Click to enlarge</p><p>Printer-friendly version</p><p>Send to a friend</p><p>1of4</p><p>Image 3 of 9</p><p>This slideshow requires JavaScript.</p><p>12 of the 40 boats stayed in the harbour.</p>{}",
            prose(2),
            prose(2)
        ));
        for gone in [
            "15 Comments",
            "2 of 6",
            "1 / 6",
            "Jump to",
            "enlarge",
            "Printer",
            "friend",
            "1of4",
            "3 of 9",
            "slideshow",
        ] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        assert!(text.contains("12 of the 40 boats"), "{text}");
        assert!(text.contains("Paragraph 1"), "{text}");
    }

    #[test]
    fn sidebar_headings_and_comment_form_notices_are_chrome_lines() {
        let text = text_of(&format!(
            "{}<p>Categories: Harbour, Storms</p><h3>Archives</h3><h3>Popular Posts</h3><p>Comments powered by Disqus</p><p>Your comment has been saved. Comments are moderated.</p><p>Subscribe to this blog's feed</p><p>218 notes</p><p>Search teams found the boat.</p>{}",
            prose(2),
            prose(2)
        ));
        for gone in [
            "Categories",
            "Archives",
            "Popular",
            "Disqus",
            "saved",
            "feed",
            "notes",
        ] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        assert!(text.contains("Search teams found the boat."), "{text}");
    }

    #[test]
    fn a_teaser_that_ends_in_an_ellipsis_and_read_more_goes() {
        let text = text_of(&format!(
            "{}<p>Will the ferry run all winter? That is the question we asked the\u{2026} Read more...</p><p>Ferry party details... Read more \u{bb}</p><p>The council will decide in March. Read more about the fund below, in the report.</p>{}",
            prose(2),
            prose(2)
        ));
        assert!(!text.contains("all winter"), "{text}");
        assert!(!text.contains("party details"), "{text}");
        assert!(text.contains("decide in March"), "{text}");
    }

    #[test]
    fn a_list_of_teasers_with_read_more_links_goes_and_one_read_more_link_stays() {
        let item = |i: usize, link: &str| {
            format!("<li><h3>Other story {i}: the ferry timetable for the winter</h3><p>The new timetable, which starts in November, keeps two sailings a day <a href=\"/news/{i}\">{link}</a></p><p>2012-11-0{i}</p></li>")
        };
        let list: String = (1..4).map(|i| item(i, "Read more...")).collect();
        let text = text_of(&format!("{}<ul>{list}</ul>", prose(3)));
        assert!(text.contains("Paragraph 2"), "{text}");
        assert!(!text.contains("Other story"), "{text}");
        assert!(!text.contains("2012-11-0"), "{text}");
        // "Continue reading →" reads the same.
        let list: String = (1..3)
            .map(|i| item(i, "Continue reading \u{2192}"))
            .collect();
        assert!(!text_of(&format!("{}<ul>{list}</ul>", prose(3))).contains("Other story"));
        // One such link is the article's own pointer, not a list of other stories.
        let text = text_of(&format!("{}<ul>{}</ul>", prose(3), item(1, "Read more")));
        assert!(text.contains("Other story 1"), "{text}");
        // A link that only starts like one stays, as do its neighbours.
        let list: String = (1..4)
            .map(|i| item(i, "Read more about the fund"))
            .collect();
        assert!(text_of(&format!("{}<ul>{list}</ul>", prose(3))).contains("Other story 3"));
    }

    #[test]
    fn a_list_of_linked_headlines_with_snippets_goes_and_the_articles_own_lists_stay() {
        let item = |i: usize| {
            format!("<li><h3><a href=\"/news/{i}\">Other story {i} about the ferries</a></h3><p>Snippet {i}: the timetable keeps two sailings a day.</p></li>")
        };
        let teasers: String = (1..4).map(item).collect();
        let own = "<ul><li>The wall is 300 metres long.</li><li>It was built in 1953, after the flood.</li></ul>";
        let text = text_of(&format!(
            "{}{own}{}<h2>More stories</h2><ul>{teasers}</ul>",
            prose(2),
            prose(2)
        ));
        assert!(text.contains("built in 1953"), "{text}");
        assert!(!text.contains("Other story"), "{text}");
        assert!(!text.contains("Snippet 2"), "{text}");
        // A lone linked heading in a list is not a list of other stories.
        let text = text_of(&format!("{}<ul>{}</ul>", prose(3), item(1)));
        assert!(text.contains("Other story 1"), "{text}");
    }

    #[test]
    fn a_listing_keeps_its_teasers() {
        // A blurb and teasers: the page is a section front, shown as it is when asked for
        // (the blurb is long enough that taking the teasers would leave what refine keeps).
        let teasers: String = (1..6)
            .map(|i| format!("<li><h3><a href=\"/news/{i}\">Other story {i} about the harbour ferries</a></h3><p>Snippet {i}: the timetable keeps two sailings a day through the winter, said the ferry company on Monday, and three from April, when the new quay opens, weather permitting, with a late boat on Fridays and Saturdays and an early one on Mondays in August.</p></li>"))
            .collect();
        let intro = "<p>Ferries: all the news about the harbour ferries, their timetables, their fares, and the plans for the new quay, from our reporters on the coast, in the harbour office and in the council chamber, updated every day.</p>".repeat(2);
        let text = text_of(&format!("{intro}<ul>{teasers}</ul>"));
        assert!(text.contains("Other story 5"), "{text}");
    }

    #[test]
    fn a_run_of_link_lines_goes_and_a_short_list_of_links_stays() {
        let menu: String = [
            "World",
            "U.S.",
            "Business",
            "Technology",
            "Science",
            "Sports",
        ]
        .iter()
        .map(|w| format!("<li><a href=\"/{w}\">{w}</a></li>"))
        .collect();
        let cited = "<ul><li><a href=\"/a\">The council's report</a></li><li><a href=\"/b\">The ferry timetable</a></li></ul>";
        let plain: String = [
            "Jakarta",
            "Hong Kong",
            "Shanghai",
            "Japan",
            "Toronto",
            "Ottawa",
        ]
        .iter()
        .map(|w| format!("<li>{w}</li>"))
        .collect();
        let text = text_of(&format!(
            "<ul>{menu}</ul>{}{cited}<ul>{plain}</ul>{}",
            prose(2),
            prose(2)
        ));
        assert!(!text.contains("Technology"), "{text}");
        assert!(text.contains("The ferry timetable"), "{text}");
        assert!(text.contains("Hong Kong"), "{text}");
        assert!(text.contains("Paragraph 1"), "{text}");
    }

    #[test]
    fn a_page_without_prose_keeps_its_links() {
        // The extension test's not-article page (tests/e2e/pages/not-article.html).
        let html = include_str!("../tests/e2e/pages/not-article.html");
        let a = clean(html.as_bytes(), &Options::new()).expect("the best guess, not an error");
        assert!(!a.readerable);
        assert!(a.text.contains("Service status"), "{}", a.text);
    }

    #[test]
    fn a_table_of_contents_is_not_a_menu() {
        let toc: String = [
            "Early life",
            "Career",
            "Later years",
            "Legacy",
            "Works",
            "Notes",
        ]
        .iter()
        .enumerate()
        .map(|(i, w)| format!("<li><a href=\"#s{i}\">{w}</a></li>"))
        .collect();
        let text = text_of(&format!("{}<ul>{toc}</ul>{}", prose(2), prose(3)));
        assert!(text.contains("Later years"), "{text}");
    }

    #[test]
    fn a_data_tables_cells_are_never_chrome_lines() {
        // A price list: "Video" and "Photo" are chrome lines as blocks of their own.
        let table = "<table><thead><tr><th>Kind</th><th>Price</th></tr></thead><tbody>\
            <tr><td>Video</td><td>$10</td></tr><tr><td>Photo</td><td>$2</td></tr>\
            <tr><td>Print</td><td>$1</td></tr></tbody></table>";
        let text = text_of(&format!("{}{table}{}", prose(3), prose(2)));
        assert!(text.contains("Video"), "{text}");
        assert!(text.contains("Photo"), "{text}");
        // The same words as paragraphs of their own still go.
        let text = text_of(&format!("{}<p>Video</p>{}", prose(3), prose(2)));
        assert!(!text.contains("Video"), "{text}");
    }

    #[test]
    fn metadata_lines_ending_in_a_comment_count_go_and_sentences_ending_so_stay() {
        for line in [
            "Posted on November 7, 2012 at 1:39 PM • 20 Comments",
            "by on November 12, 2012 · 1 comment",
            "Oct 30, 2012 - Leave a Comment",
            "Posted by Jane in News | 0 comments",
            "August 9, 2012 — (3) Comments",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in [
            "The post drew 20 comments.",
            "The senator later walked back his COVID-19 comments.",
            "Readers sent post-2020 comments and 3/4 comments",
            "Readers left 1,200 comments",
            "Comments",
            "She said the council would welcome comments - and then left without a comment.",
        ] {
            assert!(!ends_in_comment_count(&line.to_lowercase()), "{line}");
        }
    }

    #[test]
    fn post_metadata_gallery_and_wire_lines_go_and_prose_alike_stays() {
        let tags: Vec<String> = (0..40).map(|i| format!("Topic {i}")).collect();
        let filed = format!("Filed under {}.", tags.join(", "));
        assert!(filed.chars().count() > MAX_LINE_CHARS);
        assert!(is_chrome_line(&filed), "{filed}");
        assert!(is_chrome_line(&format!("Tags: {}", tags.join(", "))));
        // Past the long bound, it is not a line any more.
        let all: Vec<String> = (0..120).map(|i| format!("Topic {i}")).collect();
        assert!(!is_chrome_line(&format!("Tags: {}", all.join(", "))));
        // An ordinary prefix keeps the short bound: a long paragraph that starts like a
        // teaser line is prose.
        let long = format!(
            "Related: {}",
            "the council met again on Monday, ".repeat(10)
        );
        assert!(long.chars().count() > MAX_LINE_CHARS);
        assert!(!is_chrome_line(&long));
        assert!(is_chrome_line("Related: the council met again on Monday."));
        for line in [
            "Copyright 2011 The Wire Agency. Click for restrictions.",
            "< Prev Next >",
            "The wall, seen from the quay on the morning after... View Full Size",
            "Storm breaks the harbour wall Watch Video",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in [
            "Copyright law has not kept up, the judge said.",
            "The previous owner wanted to watch video of the storm.",
        ] {
            assert!(!is_chrome_line(line), "{line}");
        }
    }

    #[test]
    fn chrome_lines_go_and_prose_that_starts_alike_stays() {
        let long_read_more = "Read more: the council said that the fund, which was set up after the last storm, had paid for three walls already, and that the rules for claims would change next year, after a review by the regional office, the ferry company and the harbour board, which meets in March and whose members are appointed for four years at a time.";
        let text = text_of(&format!(
            "{}<p>Tags: harbour, storms, council</p><p>READ MORE: Ferry fares to rise in spring</p><p>Share this:</p><div>Advertisement</div><p>{long_read_more}</p>{}",
            prose(2),
            prose(2)
        ));
        assert!(!text.contains("Tags:"), "{text}");
        assert!(!text.contains("Ferry fares"), "{text}");
        assert!(!text.contains("Share this"), "{text}");
        assert!(!text.contains("Advertisement"), "{text}");
        assert!(text.contains("appointed for four years"), "{text}");
    }

    /// The ninth session's lines that a sentence of prose could start with: a prefix is
    /// matched on letters, not words, so each names the whole label.
    #[test]
    fn new_chrome_lines_leave_prose_that_starts_alike() {
        for line in [
            "AP Photo/Jane Doe",
            "Print this article",
            "Must read",
            "Must read: the harbour files",
            "Photograph: Jane Doe/Getty Images",
            "Home > News > Coast",
            "Print This •",
            "comments feed for this post",
            "Related post:",
            "5 min listen",
            "Gift article",
            "Was this article helpful?",
            "Thanks for your feedback!",
            "Accept all cookies",
            "1/12",
            "Sign up to our free newsletter",
            "Read more from Jane Doe",
            "Newsletter: Get the Gazette in your inbox every morning. Sign up here.",
            "Get the Gazette app for the latest news and alerts. Download now",
            "Have your say",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for prose in [
            "AP photographers covered the storm from the north quay all night.",
            "Print this out and keep it by the phone, the harbour master said.",
            "Must readers pay for the harbour news now? The editor says no.",
            "Home owners on the front will be paid first, the council said.",
            "Listen to the pilots, the keeper said, and you will hear the wall was never safe.",
            "Live music will return to the quay in May, once the wall is rebuilt.",
            "See all the plans at the library, the council said.",
        ] {
            assert!(!is_chrome_line(prose), "{prose}");
        }
    }

    /// Tenth session's lines (scripts/probe-blocks.py): embeds' wrappers and consent prompts,
    /// players' clocks, paywall messages, affiliate disclosures, follow pitches naming two
    /// networks; a reporter's one-network sign-off and prose alike stay.
    #[test]
    fn embed_player_paywall_and_follow_lines_go_and_prose_alike_stays() {
        for line in [
            "Follow the Gazette on Twitter, Facebook and Instagram.",
            "Like us on Facebook and follow us on Twitter",
            "Skip twitter post by Jane Doe",
            "End of YouTube video by Coast TV",
            "Allow Instagram content?",
            "0:00 / 5:12",
            "This story is for subscribers. Subscribe for $1 a week to keep reading.",
            "Subscribe Log in",
            "We may earn a commission when you buy through links on our site.",
            "Image source, Getty Images",
            "Like Loading...",
            "The podcast is on Apple Podcasts, Spotify and wherever you get your podcasts.",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for prose in [
            "Follow Jane Doe on Twitter @janedoe",
            "Follow the money, the auditors said, and the harbour fund's trail leads to the port.",
            "The council posted the plans on Facebook, and residents answered on Twitter within hours.",
            "Like loading a cannon in a gale, the work was slow and dangerous, the old pilots said.",
            "The meeting ran from 7:00 to 9:30, and the vote was close.",
        ] {
            assert!(!is_chrome_line(prose), "{prose}");
        }
    }

    /// A sentence of prose that opens with a short label's words stays; the label goes.
    #[test]
    fn prose_that_opens_with_a_labels_words_stays() {
        for prose in [
            "Advertising revenue at the paper fell by a tenth last year, the company said on Monday.",
            "Powered by wind and tide, the mill ran for a century before the storm took its wheel away.",
            "Follow me, the guide said, and led the group along the wall to the broken lamp room.",
            "Share this burden with your neighbours, the council urged residents of the flooded streets.",
            "Never miss a tide, the old pilots used to say, and the young ones still do today.",
            "Don't miss the museum's new lamp room, which opens to visitors on Saturday morning.",
            "More on that later, the mayor said, before turning to the question of the ferry fares.",
            "Subscribe to the idea that walls can be rebuilt forever, and you will be disappointed.",
        ] {
            assert!(!is_chrome_line(prose), "{prose}");
        }
        for label in [
            "Advertisement",
            "Powered by WordPress",
            "Follow me on Twitter",
            "Share this:",
            "Never miss a story: get the Coast Letter, free, every morning.",
            "© 2012 The Coast Press. All rights reserved. This material may not be published, broadcast, rewritten, or redistributed.",
            "If you enjoyed this post, then make sure you subscribe to our RSS feed, every day.",
        ] {
            assert!(is_chrome_line(label), "{label}");
        }
    }

    #[test]
    fn a_comment_thread_after_its_heading_goes_even_as_loose_paragraphs() {
        let comments: String = (0..3)
            .map(|i| format!("<p>Reader {i} thinks the council should have rebuilt the wall years ago, and says so at length, with commas.</p>"))
            .collect();
        let text = text_of(&format!(
            "<div>{}<h3>3 Responses to \u{201c}Harbour wall\u{201d}</h3>{comments}</div>",
            prose(4)
        ));
        assert!(text.contains("Paragraph 3"), "{text}");
        assert!(!text.contains("Reader 1 thinks"), "{text}");
        // A section of the article merely called "Response" stays.
        let text = text_of(&format!("{}<h3>Response</h3>{}", prose(2), prose(2)));
        assert!(text.contains("Response"), "{text}");
    }

    #[test]
    fn a_comment_thread_goes_after_a_comments_heading_the_promo_heuristic_removed() {
        // "Comments" is a promo phrase: the heading is already a placeholder when refine
        // runs, and the thread after it (loose paragraphs and signature lines) must go too.
        let comments: String = (0..3)
            .map(|i| format!("<p>Reader {i} thinks the council should have rebuilt the wall years ago, and says so at length, with commas.</p><p class=\"posted\">Posted by: Reader {i} at November 8, 2012 5:26 AM</p>"))
            .collect();
        let text = text_of(&format!("{}<h2>Comments</h2>{comments}", prose(4)));
        assert!(text.contains("Paragraph 3"), "{text}");
        assert!(!text.contains("Reader 1 thinks"), "{text}");
        // A "Comments" link in the post's header line is no heading: the post stays.
        let text = text_of(&format!(
            "<p><a href=\"#comments\">Comments</a></p>{}",
            prose(4)
        ));
        assert!(text.contains("Paragraph 3"), "{text}");
        // A call to comment in the middle of a story (its heading also a promo placeholder)
        // opens no thread: the story after it stays.
        let text = text_of(&format!(
            "{}<div><h3>Join the conversation</h3><p>Comments are open to subscribers.</p></div>{}",
            prose(2),
            prose(4).replace("Paragraph", "Section")
        ));
        assert!(text.contains("Section 3"), "{text}");
    }

    #[test]
    fn headlines_after_a_whole_line_recirculation_heading_go() {
        // "RELATED" is a promo phrase of the `related` kind: a placeholder when refine runs;
        // the linked headline written as a paragraph after it is another story's.
        let text = text_of(&format!(
            "{}<p><strong>RELATED</strong></p><p><a href=\"/n/1\">Lifeboat crew honoured for night rescue</a></p>{}",
            prose(2),
            prose(3).replace("Paragraph", "Section")
        ));
        assert!(!text.contains("Lifeboat crew"), "{text}");
        assert!(
            text.contains("Section 2") && text.contains("Paragraph 1"),
            "{text}"
        );
        // A link that is part of a sentence after such a line stays.
        let text = text_of(&format!(
            "{}<p><strong>Most read</strong></p><p>The <a href=\"/n/2\">council's report</a> on the wall was published on Monday, and it runs to forty pages.</p>",
            prose(2),
        ));
        assert!(text.contains("council's report"), "{text}");
    }

    #[test]
    fn an_authors_bio_at_the_end_goes_and_a_closing_paragraph_about_someone_else_stays() {
        // Named by the line before it (which goes too), or twice.
        for bio in [
            "<p>Written by Jane Doe</p><p>Jane Doe is the Gazette's coast reporter. She lives in Gannet Head with two cats.</p>",
            "<p>Jon Brodkin / Jon is the Gazette's senior reporter, covering the coast and its ferries.</p>",
            "<p>Cristi</p><p>Cristi: sailor by day, photographer and blogger by night.</p>",
            // A box's heading that names no one, or ends with the name; a middle initial; the
            // box's short lines after the bio go with it.
            "<h3>About</h3><p>Jane joined the Gazette as its coast reporter in 2017.</p>",
            "<p>The Tide Blog by Jane B. Doe</p><p>Jane B. Doe earned her stripes as a reporter on the quay.</p>",
            "<p>About Jane Doe</p><p>Jane Doe is the Gazette's coast reporter.</p><p>Website: janedoe.test</p>\
             <p>Blog: The Tide Blog</p><p>You can find Jane on Twitter @janedoe.</p>",
        ] {
            let text = text_of(&format!("{}{bio}", prose(4)));
            assert!(text.contains("Paragraph 3"), "{text}");
            assert!(!text.contains("reporter") && !text.contains("Written by"), "{text}");
            assert!(!text.contains("sailor") && !text.contains("\n\nCristi"), "{text}");
            assert!(!text.contains("About") && !text.contains("Tide Blog"), "{text}");
            assert!(!text.contains("Website") && !text.contains("Twitter"), "{text}");
        }
        // Not a person's name given twice: a product's.
        let text = text_of(&format!(
            "{}<p>Gazette.test Reader / Gazette.test Reader is the app for the paper.</p>",
            prose(4)
        ));
        assert!(text.contains("is the app"), "{text}");
        // Text that resumes after a bio stays.
        let text = text_of(&format!(
            "{}<p>About</p><p>Jane Doe is the Gazette's coast reporter.</p>{}",
            prose(4),
            prose(1).replace("Paragraph 0", "Postscript")
        ));
        assert!(text.contains("Postscript"), "{text}");
        // Named by the byline.
        let html = format!(
            "<html><head><title>Harbour wall</title><meta name=\"author\" content=\"Jane Doe\"></head><body><div class=\"post\">{}<p>Jane has covered the coast since 2012, and writes the Saturday tide column.</p></div></body></html>",
            prose(4)
        );
        let text = clean(html.as_bytes(), &Options::new()).unwrap().text;
        assert!(
            text.contains("Paragraph 3") && !text.contains("tide column"),
            "{text}"
        );
        // Someone else: under Jane Doe's byline, or with no name line before it.
        let html = html.replace("Jane has covered", "John Kerry has covered");
        let text = clean(html.as_bytes(), &Options::new()).unwrap().text;
        assert!(text.contains("tide column"), "{text}");
        let text = text_of(&format!(
            "{}<p>Mr Kerry is expected to visit the harbour next week, officials said.</p>",
            prose(4)
        ));
        assert!(text.contains("expected to visit"), "{text}");
        // A word said twice is no name given twice; an interview's last question under its
        // author's byline stays.
        let text = text_of(&format!(
            "{}<p>Gannet is Gannet to the end, the mayor said of the town.</p>",
            prose(4)
        ));
        assert!(text.contains("Gannet is Gannet"), "{text}");
        let html = format!(
            "<html><head><title>Harbour wall</title><meta name=\"author\" content=\"Jane Doe\"></head><body><div class=\"post\">{}<p>Jane Doe: And what will you do when the wall is finished?</p><p>Ann Lee: Go fishing, of course.</p></div></body></html>",
            prose(4)
        );
        let text = clean(html.as_bytes(), &Options::new()).unwrap().text;
        assert!(text.contains("what will you do"), "{text}");
    }

    #[test]
    fn the_sites_name_linked_to_its_front_page_above_the_article_goes() {
        let page = |top: &str, url: Option<&str>| {
            let html = format!(
                "<html><head><title>Harbour wall</title></head><body><div class=\"post\">\
                 <p>{top}</p>{}<p>See <a href=\"/\">our front page</a> for more.</p></div></body></html>",
                prose(4)
            );
            let opts = url.map_or_else(Options::new, |u| Options::new().with_url(u).unwrap());
            clean(html.as_bytes(), &opts)
                .map(|a| a.text)
                .unwrap_or_default()
        };
        for (top, url) in [
            ("<a href=\"/\">Coast Gazette</a>", None),
            ("<a href=\"./index.html\">Home</a>", None),
            (
                "<a href=\"https://www.paper.test/\">Coast Gazette</a>",
                Some("https://www.paper.test/news/wall"),
            ),
        ] {
            let text = page(top, url);
            assert!(text.starts_with("Paragraph 0"), "{top}: {text}");
            // A link to the front page inside a sentence is the article's.
            assert!(text.contains("our front page for more."), "{text}");
        }
        // Another site's front page, or this site's without its address, or a page of it, stays.
        for (top, url) in [
            (
                "<a href=\"https://other.test/\">other.test</a>",
                Some("https://www.paper.test/news/wall"),
            ),
            (
                "<a href=\"https://www.paper.test/\">Coast Gazette</a>",
                None,
            ),
            ("<a href=\"/news/\">Coast Gazette news</a>", None),
            ("<a href=\"/?page=2\">Coast Gazette</a>", None),
        ] {
            let text = page(top, url);
            assert!(!text.starts_with("Paragraph 0"), "{top}: {text}");
        }
    }

    #[test]
    fn headings_left_at_the_end_go_and_headings_over_text_stay() {
        // A heading whose list of other stories went, in a box of its own and alone.
        for tail in [
            "<div><h2>More from the coast</h2></div>",
            "<h3>Related</h3><h4>Most read</h4>",
        ] {
            let text = text_of(&format!("<h2>The breach</h2>{}{tail}", prose(4)));
            assert!(
                text.contains("The breach") && text.ends_with("ferry will run again."),
                "{text}"
            );
        }
        // A heading over text, and a heading that (left open) holds the rest of the page, stay.
        let text = text_of(&format!(
            "{}<h2>What comes next</h2><p>Work begins in May.</p>",
            prose(4)
        ));
        assert!(
            text.ends_with("What comes next\n\nWork begins in May."),
            "{text}"
        );
        let text = text_of(&format!(
            "{}<h2>Notes <p>Work begins in May, the council said.</p></h2>",
            prose(4)
        ));
        assert!(text.contains("Work begins in May"), "{text}");
    }

    #[test]
    fn links_to_the_neighbouring_posts_go() {
        let text = text_of(&format!(
            "<p><a href=\"/1\">\u{ab} Ferry fares to rise</a> | <a href=\"/\">Main</a> | <a href=\"/3\">Storm bill passes \u{bb}</a></p>{}<p>Previous post: Ferry fares to rise in spring</p>",
            prose(4)
        ));
        assert!(text.contains("Paragraph 3"), "{text}");
        assert!(!text.contains("Ferry fares"), "{text}");
        assert!(!text.contains("Storm bill"), "{text}");
    }

    #[test]
    fn contact_lines_share_rows_bios_and_kickers_are_chrome_and_prose_alike_stays() {
        let contact = |t: &str| super::is_contact_line(t, &t.to_lowercase());
        let share = |t: &str| super::is_share_row(&t.to_lowercase());
        let bio = |t: &str| super::is_joined_bio(&t.to_lowercase());
        assert!(contact(
            "Email Jane Doe at jane@example.com or follow her @janedoe."
        ));
        assert!(contact(
            "Have a tip? Jane Doe may be reached at jane@example.com."
        ));
        // Prose that mentions an address, and sign-offs the dragnet labels keep.
        assert!(!contact(
            "Email remains the main way the council hears from residents, a spokesman said."
        ));
        assert!(!contact("Write to Jane Doe at jane@example.com"));
        assert!(share("Share Facebook Twitter Email"));
        assert!(share("Facebook | Twitter | WhatsApp"));
        assert!(!share("Share prices fell on Monday."));
        assert!(!share("Twitter and Facebook both refused to comment."));
        assert!(bio(
            "Jane Doe joined the Gazette in 2017 and has covered the council since 2019."
        ));
        assert!(!bio("The striker joined the club in 2017."));
        // A kicker over a link between paragraphs goes; an acronym opening a linked sentence
        // stays.
        let text = text_of(&format!(
            "{}<p>WATCH: <a href=\"/v\">The wall falls</a></p>{}<p><a href=\"/c\">CNN</a> \
             said the wall fell.</p>{}",
            prose(2),
            prose(2),
            prose(2)
        ));
        assert!(!text.contains("The wall falls"), "{text}");
        assert!(text.contains("CNN said the wall fell."), "{text}");
    }

    #[test]
    fn a_kicker_over_a_link_of_zero_width_spaces_does_not_overflow() {
        // U+FEFF counts as text in the link's length but as a space in the block's squashed
        // text (as JavaScript's trim has it), so the link can be "longer" than its block: no
        // subtraction may wrap (a panic in a debug build, found on a Wikipedia page whose
        // coordinates hold U+FEFF).
        let text = text_of(&format!(
            "{}<p>WATCH <a href=\"/v\">\u{feff}\u{feff}\u{feff}\u{feff}\u{feff}\u{feff}</a></p>{}",
            prose(2),
            prose(2)
        ));
        assert!(text.contains("Paragraph 1"), "{text}");
    }

    #[test]
    fn photo_credits_and_class_named_captions_stay() {
        // People who label article text keep them; dropping them measured worse. (A
        // `figcaption` is left out of `text` by render, and stays in `content_html`.)
        let text = text_of(&format!(
            "<div class=\"wp-caption\"><img src=\"a.jpg\"><p class=\"wp-caption-text\">The wall after the storm. Photo: Jane Doe / Associated Press</p></div>{}",
            prose(4)
        ));
        assert!(text.contains("Associated Press"), "{text}");
    }

    #[test]
    fn an_article_that_sits_in_a_chrome_named_box_is_not_emptied() {
        let html = format!(
            "<html><head><title>Harbour wall</title></head><body><div class=\"post\"><div class=\"bio\">{}</div><div class=\"bio\">{}</div></div></body></html>",
            prose(1),
            prose(1)
        );
        let text = clean(html.as_bytes(), &Options::new())
            .map(|a| a.text)
            .unwrap_or_default();
        assert!(text.contains("Paragraph 0"), "{text}");
    }
}
