//! Scan: the page's bytes stream through lol_html once. A handler on every element feeds the
//! [`TreeBuilder`] (start tags, end tags, decoded text), and one handler per active cosmetic
//! rule marks the elements it matches, so junk is known the moment it streams past.
//!
//! Encoding is settled before the first byte reaches lol_html and depends on the bytes only
//! (never on how they were chunked): a byte-order mark wins; else the first 1024 bytes are
//! prescanned for `<meta charset>` as browsers do; else UTF-8. A legacy declaration yields to
//! UTF-8 when the page's first non-ASCII text is valid UTF-8 (a stale `<meta>` over a page its
//! server sent as UTF-8). UTF-16, which lol_html cannot stream, is transcoded to UTF-8 on the
//! fly with encoding_rs.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8};
use lol_html::html_content::TextType;
use lol_html::{
    AsciiCompatibleEncoding, ElementContentHandlers, HtmlRewriter, MemorySettings, Settings,
};

use crate::article::{Article, Kind};
use crate::build::TreeBuilder;
use crate::error::Error;
use crate::matcher::Matcher;
use crate::options::Options;
use crate::rules;
use crate::tree::{AttrList, NodeId, Tree};

/// Bytes looked at for a `<meta charset>` before streaming starts (the HTML spec's prescan).
const PRESCAN_BYTES: usize = 1024;

/// How far a page declaring a legacy encoding is held back, looking for its first non-ASCII
/// byte, before its declaration is taken as it stands. Pages that declare ISO-8859-1 over
/// UTF-8 text often open with tens of kB of ASCII (head, scripts, menus): on dragnet's pages
/// the first non-ASCII byte came 5–30 kB in, past the prescan, and the text came out as
/// mojibake ("sectâ€™s" for "sect’s"). Only a page given in small pieces copies what is held
/// back.
#[cfg(not(target_arch = "wasm32"))]
const LOOKAHEAD_BYTES: usize = 512 * 1024;

/// Bytes from the first non-ASCII byte that must be valid UTF-8 for a legacy declaration to
/// yield: text really in windows-1252 fails within a few bytes (`é` is one byte followed by
/// ASCII), while UTF-8 read as windows-1252 would take unlikely pairs such as `Ã©`.
#[cfg(not(target_arch = "wasm32"))]
const UTF8_SAMPLE_BYTES: usize = 1024;

/// Bytes handed to lol_html per call. It parses a chunk in place, but when the previous chunk
/// ended inside a token (the prescan's head nearly always does) it first copies the new chunk
/// whole into its own buffer: a page written in one piece (as [`crate::clean`] does) was
/// copied whole, its size again in memory, and that buffer counted toward the parser's memory
/// limit, which then bounded a page written in one piece differently from one streamed in
/// small chunks. In pieces, the copy is at most one piece.
const FEED_BYTES: usize = 64 * 1024;

/// Attributes kept per element; the rest are ignored. Real pages use a few dozen at most, and
/// a hostile element with a million of them must not cost a million pairs of strings.
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// Whether the scan keeps attribute `name` (in any case): event handlers (every name starting
/// with `on`) are never stored, so nothing downstream can ever emit one.
pub(crate) fn keeps_attribute(name: &str) -> bool {
    !name
        .as_bytes()
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"on"))
}

/// The bytes lol_html is parsing at the moment, so that the element handler can read a start
/// tag's name and attributes straight from them, at the byte ranges lol_html reports, rather
/// than through lol_html's getters (`tag_name()`, `name()`, `value()`), which allocate a
/// `String` each: ~4 per element, most of the scan's allocations. Handlers run synchronously
/// inside `HtmlRewriter::write`, so the piece being written holds every token lol_html
/// finishes during that call, except one it buffered from the pieces before (a tag cut by a
/// piece boundary): its ranges start before the piece, and the getters read it instead.
///
/// A copy of the piece (at most [`FEED_BYTES`]): the handlers are `'static` and the crate has
/// no `unsafe`, so they cannot borrow the caller's chunk. It is validated as UTF-8 once, as
/// it is copied, so reading a name or value from it is a slice (validating each one cost
/// more than the copy).
#[derive(Default)]
pub(crate) struct Source {
    /// The piece's longest valid UTF-8 prefix: all of it, nearly always.
    text: String,
    /// The piece's bytes past `text` (a malformed sequence, a character cut by the piece's
    /// end, a legacy encoding's non-ASCII bytes): read only where a slice of them is valid.
    rest: Vec<u8>,
    /// Where the piece starts in the stream lol_html has been fed.
    at: usize,
    /// The stream is UTF-8. In a legacy encoding only ASCII slices are read here: every
    /// encoding lol_html parses maps the bytes 0x00–0x7F to themselves.
    utf8: bool,
}

impl Source {
    /// A source for a stream in UTF-8 (`utf8`) or another ASCII-compatible encoding.
    fn new(utf8: bool) -> Source {
        Source {
            utf8,
            ..Source::default()
        }
    }

    /// The whole of `doc`, written to lol_html in one piece.
    #[cfg(test)]
    pub(crate) fn whole(doc: &str) -> Source {
        Source {
            text: doc.to_string(),
            rest: Vec::new(),
            at: 0,
            utf8: true,
        }
    }

    /// `piece` is the next bytes written to lol_html.
    fn set(&mut self, piece: &[u8]) {
        self.at += self.text.len() + self.rest.len();
        self.text.clear();
        self.rest.clear();
        match std::str::from_utf8(piece) {
            Ok(s) => self.text.push_str(s),
            Err(e) => {
                let (valid, rest) = piece.split_at(e.valid_up_to());
                self.text
                    .push_str(std::str::from_utf8(valid).unwrap_or_default());
                self.rest.extend_from_slice(rest);
            }
        }
    }

    /// The stream's bytes `range` (absolute offsets) when they lie in the current piece,
    /// relative to `text`'s start, and the part (`text` or `rest`) holding all of them.
    fn locate(&self, range: std::ops::Range<usize>) -> Option<(usize, usize, bool)> {
        let start = range.start.checked_sub(self.at)?;
        let end = range.end.checked_sub(self.at)?;
        let n = self.text.len();
        if end <= n {
            Some((start, end, true))
        } else {
            Some((start.checked_sub(n)?, end - n, false))
        }
    }

    /// The stream's bytes `range`, when they lie in the current piece.
    fn bytes(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        match self.locate(range)? {
            (start, end, true) => self.text.as_bytes().get(start..end),
            (start, end, false) => self.rest.get(start..end),
        }
    }

    /// The stream's bytes `range` as text, when they lie in the current piece and are what
    /// lol_html's getters would decode them to: those decode with `Encoding::decode`, which
    /// replaces malformed sequences, decodes legacy encodings and strips a leading
    /// byte-order mark (the wasm build's lol_html does not); such slices are left to them.
    fn text(&self, range: std::ops::Range<usize>) -> Option<&str> {
        let s = match self.locate(range)? {
            (start, end, true) => self.text.get(start..end)?,
            (start, end, false) => std::str::from_utf8(self.rest.get(start..end)?).ok()?,
        };
        ((self.utf8 || s.is_ascii()) && !s.starts_with('\u{feff}')).then_some(s)
    }
}

/// An element's tag name, lower-case, into `out`: read from `src` when the start tag lies in
/// it, else from lol_html's getter. lol_html reports only the whole tag's range (`<` to `>`);
/// its name ends where lol_html's `tag_name_state` ends it, at HTML white space, `/` or `>`.
pub(crate) fn tag_name(el: &lol_html::html_content::Element, src: &Source, out: &mut String) {
    out.clear();
    let at = el.source_location().bytes();
    let name = src
        .bytes(at.clone())
        .and_then(|tag| tag.strip_prefix(b"<"))
        .and_then(|tag| {
            let len = tag
                .iter()
                .position(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0c | b'/' | b'>'))?;
            src.text(at.start + 1..at.start + 1 + len)
        });
    match name {
        Some(name) => {
            out.push_str(name);
            out.make_ascii_lowercase();
        }
        None => out.push_str(&el.tag_name()),
    }
    debug_assert_eq!(*out, el.tag_name(), "tag name read from the source");
}

/// An element's attributes as the tree stores them and the rule matcher sees them, into
/// `out`: the first [`MAX_ATTRIBUTES`] (event handlers count toward it, then are dropped),
/// names lower-case, values entity-decoded. Each name and value is read from `src` when it
/// lies there (see [`Source`]), else from lol_html's getters.
pub(crate) fn collect_attributes(
    el: &lol_html::html_content::Element,
    src: &Source,
    out: &mut AttrList,
) {
    out.clear();
    for a in el.attributes().iter().take(MAX_ATTRIBUTES) {
        let name_at = a.name_source_location().map(|l| l.bytes());
        let name = name_at.clone().and_then(|r| src.text(r));
        let name = match name {
            Some(n) => Cow::Borrowed(n),
            None => Cow::Owned(a.name()),
        };
        if !keeps_attribute(&name) {
            continue;
        }
        // A value's range covers the value alone (no quotes, no `=`), as written; a name
        // written without a value (`<div hidden>`) has none, and its value is empty.
        let value = match (&name_at, a.value_source_location()) {
            (Some(_), None) => Some(""),
            (Some(_), Some(r)) => src.text(r.bytes()),
            (None, _) => None,
        };
        let value = match value {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(a.value()),
        };
        let value = match htmlize::unescape_attribute(&*value) {
            Cow::Borrowed(_) => value,
            Cow::Owned(decoded) => Cow::Owned(decoded),
        };
        out.push_lower(&name, value);
    }
    #[cfg(debug_assertions)]
    if !(src.text.is_empty() && src.rest.is_empty()) {
        let mut slow = AttrList::default();
        collect_attributes(el, &Source::default(), &mut slow);
        debug_assert!(
            out.iter().eq(slow.iter()),
            "attributes read from the source: {out:?} vs {slow:?}"
        );
    }
}

/// lol_html's own memory — buffers (a start tag split across chunks, a huge attribute) and its
/// stack of open elements (~140 bytes each; it applies no implied end tags, so every unclosed
/// `<p>` or `<div>` stays on it) — may use at most this much when the input's size is not
/// known in advance (streaming); past it the page is refused with [`Error::ParserMemory`].
const PARSER_MEMORY_LIMIT: usize = 256 * 1024 * 1024;

/// When the whole input is known ([`crate::clean`]): this much, plus
/// [`PARSER_MEMORY_PER_BYTE`] per input byte. A real page needs its largest tag (a 10 MB
/// `data:` URL needs about its size) plus a few dozen open elements; the base alone holds
/// ~7 000 unclosed ones. Hostile shapes are refused early rather than parsed at 20–50× their
/// size: 200 000 unclosed `<p>`s (600 kB) would need 27 MB, and lol_html holds ~80 bytes per
/// attribute, so one element with 100 000 attributes (1.5 MB) would need 8 MB. One byte per
/// input byte, not two: lol_html's real use is about twice what it counts (an open element
/// costs ~270 bytes of which its stack counts ~140), and at two the flood of bare unclosed
/// `<p>`s peaked at 9.8× its size; at one, 4.6×, with every corpus page and limit test alike.
const PARSER_MEMORY_BASE: usize = 1024 * 1024;
const PARSER_MEMORY_PER_BYTE: usize = 1;

/// lol_html's memory limit for an input of `len` bytes.
fn parser_memory_limit(len: usize) -> usize {
    PARSER_MEMORY_BASE.saturating_add(len.saturating_mul(PARSER_MEMORY_PER_BYTE))
}

/// The rewriter, its output discarded: the scan only listens.
type Rewriter = HtmlRewriter<'static, fn(&[u8])>;

/// What the handlers share while the page streams.
struct ScanState {
    builder: TreeBuilder,
    /// Raw text of the current text node, collected across chunks until lol_html says it ended.
    pending: String,
    pending_type: Option<TextType>,
    /// The current text node is one [`ScanState::flush_text`] drops (a script or style
    /// body): its chunks are not collected at all (inline scripts are often most of a page).
    pending_dropped: bool,
    /// The element the last start tag created (None when the depth limit swallowed it): the
    /// node rule handlers mark.
    last_opened: Option<NodeId>,
    /// Inside `<script type="application/ld+json">`: its text is kept for metadata.
    keep_script: bool,
    /// The piece lol_html is parsing, where the element handler reads names and values.
    src: Source,
    /// The current start tag's name and attributes, refilled for each (buffers reused; see
    /// [`ScanState::release_tag`]).
    name: String,
    attrs: AttrList,
    /// Open or closed elements that match the parent compound of a built-in child rule
    /// (`.offer > iframe`), with the bits of those rules ([`rules::Compiled::first_match`]).
    /// Few elements of a page are in it.
    parents: hashbrown::HashMap<NodeId, u64>,
}

/// Capacity past which a per-element buffer is not kept for the next element: a tag with a
/// 10 MB `data:` URL must not leave 10 MB behind for the rest of the page.
const KEPT_BUFFER_BYTES: usize = 64 * 1024;

impl ScanState {
    /// Whether a text node of type `tt` starting now is dropped by [`ScanState::flush_text`]
    /// (which decides it the same way when the node ends: no element starts or ends inside
    /// a text node).
    fn drops(&mut self, tt: TextType) -> bool {
        match tt {
            TextType::ScriptData => !self.keep_script,
            TextType::RawText => {
                let cur = self.builder.current_element();
                self.builder.tree_mut().name(cur) != "noscript"
            }
            _ => false,
        }
    }

    /// Done with the start tag: its owned values are dropped now (not at the next tag), and
    /// the buffers too when it made them large.
    fn release_tag(&mut self) {
        self.attrs.clear();
        if self.name.capacity() > KEPT_BUFFER_BYTES {
            self.name = String::new();
        }
        if self.attrs.capacity() > KEPT_BUFFER_BYTES {
            self.attrs = AttrList::default();
        }
    }

    fn flush_text(&mut self) {
        let Some(tt) = self.pending_type.take() else {
            return;
        };
        if std::mem::take(&mut self.pending_dropped) {
            return;
        }
        let raw = self.pending.as_str();
        let builder = &mut self.builder;
        match tt {
            TextType::Data | TextType::RCData => match htmlize::unescape(raw) {
                std::borrow::Cow::Borrowed(s) => builder.text(s),
                std::borrow::Cow::Owned(s) => builder.text(&s),
            },
            TextType::ScriptData if self.keep_script => builder.text(raw),
            // noscript/noembed/iframe raw text is kept as-is; render re-reads noscript image
            // fallbacks from it. Style and other script bodies are dropped.
            TextType::RawText => {
                let cur = builder.current_element();
                if builder.tree_mut().name(cur) == "noscript" {
                    builder.text(raw);
                }
            }
            TextType::PlainText | TextType::CDataSection => builder.text(raw),
            TextType::ScriptData => {}
        }
        // The buffer is kept for the next text node: one allocation for the whole page.
        self.pending.clear();
    }
}

/// The streaming form of [`crate::clean`]: feed the page in chunks of any size, then call
/// [`Cleaner::finish`]. Any chunking of the same bytes gives the same [`Article`].
pub struct Cleaner {
    options: Options,
    state: Rc<RefCell<ScanState>>,
    rewriter: Option<Rewriter>,
    /// Bytes held back until the encoding is known.
    head: Vec<u8>,
    /// How much of `head` is known to be ASCII (so a page streamed in small pieces is not
    /// searched from its start again for each piece).
    ascii_len: usize,
    /// A legacy declaration whose page is still held back ([`Sniff`]).
    open: Option<&'static Encoding>,
    /// The page's size when the caller gave it ([`Cleaner::with_input_len`]): its last bytes
    /// need not be held back to learn that no more are coming.
    input_len: Option<usize>,
    /// Set for UTF-16 input: decodes to UTF-8 before lol_html sees it.
    transcoder: Option<Transcoder>,
    total: usize,
    /// lol_html's memory limit: bounded by the input's size when the caller knows it.
    parser_limit: usize,
    done: bool,
}

fn discard(_: &[u8]) {}

/// lol_html's error as ours: running out of its memory budget gets its own variant, since the
/// page (not the parser) is at fault and the message can say what to look for.
fn rewriting_error(e: lol_html::errors::RewritingError, limit: usize) -> Error {
    match e {
        lol_html::errors::RewritingError::MemoryLimitExceeded(_) => Error::ParserMemory { limit },
        other => Error::Parse(other.to_string()),
    }
}

impl Cleaner {
    /// A cleaner for one page of unknown size: lol_html may use up to 256 MiB of its own.
    pub fn new(options: &Options) -> Result<Cleaner, Error> {
        Self::with_parser_limit(options, PARSER_MEMORY_LIMIT, None)
    }

    /// A cleaner for a page of `len` bytes, as [`crate::clean`] makes: lol_html's own memory
    /// is then bounded by the size (1 MiB + `len`; past it, [`Error::ParserMemory`]), and
    /// any chunking of the same `len` bytes gives the same result as `clean`.
    pub fn with_input_len(options: &Options, len: usize) -> Result<Cleaner, Error> {
        Self::with_parser_limit(options, parser_memory_limit(len), Some(len))
    }

    fn with_parser_limit(
        options: &Options,
        parser_limit: usize,
        input_len: Option<usize>,
    ) -> Result<Cleaner, Error> {
        Ok(Cleaner {
            options: options.clone(),
            state: Rc::new(RefCell::new(ScanState {
                builder: TreeBuilder::new(options.max_depth),
                pending: String::new(),
                pending_type: None,
                pending_dropped: false,
                last_opened: None,
                keep_script: false,
                src: Source::default(),
                name: String::new(),
                attrs: AttrList::default(),
                parents: hashbrown::HashMap::new(),
            })),
            rewriter: None,
            head: Vec::new(),
            ascii_len: 0,
            open: None,
            input_len,
            transcoder: None,
            total: 0,
            parser_limit,
            done: false,
        })
    }

    /// Feeds the next chunk of the page.
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if self.done {
            return Err(Error::Finished);
        }
        self.total += chunk.len();
        if self.total > self.options.max_input_bytes {
            self.done = true;
            return Err(Error::InputTooLarge {
                limit: self.options.max_input_bytes,
            });
        }
        if self.rewriter.is_none() {
            // Hold back only what the prescan needs; the rest of a big first chunk streams
            // straight through rather than being copied, unless the encoding is still open.
            let take = chunk
                .len()
                .min(PRESCAN_BYTES.saturating_sub(self.head.len()));
            self.head.extend_from_slice(&chunk[..take]);
            let rest = &chunk[take..];
            let at_end = Some(self.total) == self.input_len;
            if self.head.len() < PRESCAN_BYTES && !at_end {
                return Ok(());
            }
            let sniffed = Sniff {
                head: &self.head,
                ascii_len: self.ascii_len,
                rest,
                at_end,
                open: self.open,
            };
            let encoding = match sniffed.encoding(self.options.encoding) {
                Ok(encoding) => encoding,
                Err(declared) => {
                    self.open = Some(declared);
                    self.ascii_len = sniffed.ascii_len();
                    self.head.extend_from_slice(rest);
                    return Ok(());
                }
            };
            let head = std::mem::take(&mut self.head);
            self.start(encoding)?;
            self.feed(&head)?;
            return self.feed(rest);
        }
        self.feed(chunk)
    }

    /// Ends the input and builds the article.
    pub fn finish(self) -> Result<Article, Error> {
        let (tree, options) = self.into_tree()?;
        crate::assemble(tree, &options)
    }

    /// Ends the input: the page's tree as the scan built and marked it.
    fn into_tree(mut self) -> Result<(Tree, Options), Error> {
        if self.done {
            return Err(Error::Finished);
        }
        self.done = true;
        if self.rewriter.is_none() {
            let head = std::mem::take(&mut self.head);
            let sniffed = Sniff {
                head: &head,
                ascii_len: self.ascii_len,
                rest: &[],
                at_end: true,
                open: self.open,
            };
            // At the end of the input every question is settled (`Err` cannot come back).
            let encoding = sniffed
                .encoding(self.options.encoding)
                .unwrap_or_else(|declared| declared);
            self.start(encoding)?;
            self.feed(&head)?;
        }
        let limit = self.parser_limit;
        if let (Some(mut dec), Some(rw)) = (self.transcoder.take(), self.rewriter.as_mut()) {
            transcode(&mut dec, &[], true, rw, &self.state)
                .map_err(|e| rewriting_error(e, limit))?;
        }
        if let Some(rw) = self.rewriter.take() {
            rw.end().map_err(|e| rewriting_error(e, limit))?;
        }
        let state = Rc::try_unwrap(self.state)
            .map_err(|_| Error::Parse("scan state still shared".into()))?
            .into_inner();
        // The scan's buffers (the last piece, the start-tag buffers, the longest text node)
        // are dropped at the end of this block, before the later stages make their copies.
        let builder = {
            let mut state = state;
            state.flush_text();
            state.builder
        };
        Ok((builder.finish(), self.options))
    }

    /// Hands `bytes` to lol_html [`FEED_BYTES`] at a time.
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let limit = self.parser_limit;
        let Some(rw) = self.rewriter.as_mut() else {
            return Ok(());
        };
        for piece in bytes.chunks(FEED_BYTES) {
            let res = if let Some(dec) = self.transcoder.as_mut() {
                transcode(dec, piece, false, rw, &self.state)
            } else {
                write_piece(rw, &self.state, piece)
            };
            if let Err(e) = res {
                self.done = true;
                return Err(rewriting_error(e, limit));
            }
        }
        Ok(())
    }

    /// Builds the rewriter for the encoding the first bytes settled ([`Sniff`]).
    fn start(&mut self, mut encoding: &'static Encoding) -> Result<(), Error> {
        // lol_html parses only ASCII-compatible encodings; the others (UTF-16LE/BE,
        // ISO-2022-JP) are decoded to UTF-8 on the way in. The replacement encoding (labels
        // such as iso-2022-kr) decodes a whole page to one U+FFFD: better said as an error.
        if !encoding.is_ascii_compatible() && encoding != encoding_rs::REPLACEMENT {
            self.transcoder = transcoder(encoding);
            encoding = UTF_8;
        }
        let ascii = AsciiCompatibleEncoding::new(encoding)
            .ok_or_else(|| Error::UnsupportedEncoding(encoding.name().to_string()))?;
        self.state.borrow_mut().src = Source::new(encoding == UTF_8);

        let host = self
            .options
            .url
            .as_ref()
            .and_then(|u| u.host_str())
            .map(str::to_string);
        let mut settings = Settings::new()
            .with_encoding(ascii)
            .with_strict(false)
            .with_adjust_charset_on_meta_tag(false)
            .with_memory_settings(
                MemorySettings::new().with_max_allowed_memory_usage(self.parser_limit),
            );

        // Simple rules are matched in the element handler below (indexed, one element's own
        // attributes); the rest become lol_html handlers.
        let shared = (!rules::cached_rule_exempted(&self.options.rules, host.as_deref()))
            .then(rules::builtin_generic);
        let active = if shared.is_some() {
            rules::active_uncached
        } else {
            rules::active
        }(
            rules::RuleSet::builtin(),
            &self.options.rules,
            host.as_deref(),
        );
        let mut matcher = Matcher::default();
        let mut fast_labels: Vec<(Kind, String)> = Vec::new();
        let mut slow: Vec<&rules::Rule> = Vec::new();
        for rule in active {
            match &rule.fast {
                Some(compounds) => {
                    matcher.add(compounds, fast_labels.len());
                    fast_labels.push((rule.kind, rule.label.clone()));
                }
                None => slow.push(rule),
            }
        }
        let matcher = (!matcher.is_empty()).then_some(matcher);

        let st = self.state.clone();
        settings = settings.append_element_content_handler((
            std::borrow::Cow::Owned(
                "*".parse()
                    .map_err(|e: lol_html::errors::SelectorError| Error::Parse(e.to_string()))?,
            ),
            ElementContentHandlers::default().element(
                move |el: &mut lol_html::html_content::Element| {
                    let mut guard = st.borrow_mut();
                    guard.flush_text();
                    let s = &mut *guard;
                    tag_name(el, &s.src, &mut s.name);
                    collect_attributes(el, &s.src, &mut s.attrs);
                    let (name, attrs) = (s.name.as_str(), &s.attrs);
                    let void = !el.can_have_content();
                    let page = matches!(name, "html" | "body");
                    s.keep_script = name == "script"
                        && attrs.iter().any(|(n, v)| {
                            n == "type" && v.to_ascii_lowercase().contains("ld+json")
                        });
                    // The label borrows the rule lists, never the scan state: no copy.
                    let (shared_hit, parent_bits) =
                        shared.map_or((None, 0), |c| c.first_match(name, attrs));
                    let hit = shared_hit.map(|r| (r.kind, r.label.as_str())).or_else(|| {
                        let r = matcher.as_ref()?.first_match(name, attrs)?;
                        Some((fast_labels[r].0, fast_labels[r].1.as_str()))
                    });
                    let offset = el.source_location().bytes().start;
                    // The rewriter's output is thrown away, so an element at the top level
                    // is removed: lol_html then stops serialising every token inside it,
                    // while its handlers still see them all. (It marks each of them removed;
                    // the wasm build's lol_html does so without an allocation per token:
                    // scripts/lol-html-utf8/README.md.)
                    if s.builder.current_element() == crate::tree::ROOT {
                        el.remove();
                    }
                    let id = s.builder.open(name, attrs, void, offset);
                    s.last_opened = id;
                    // Child rules: the parent is the new node's parent in the tree (after
                    // the implied ends `open` applied), marked when it opened.
                    let hit = match (hit, shared, id) {
                        (None, Some(c), Some(id)) if !s.parents.is_empty() => {
                            let tree = s.builder.tree_mut();
                            let bits = tree
                                .parent(id)
                                .and_then(|p| s.parents.get(&p).copied())
                                .unwrap_or(0);
                            c.child_match(name, attrs, bits)
                                .map(|r| (r.kind, r.label.as_str()))
                        }
                        _ => hit,
                    };
                    if let (Some(id), false, true) = (id, void, parent_bits != 0) {
                        s.parents.insert(id, parent_bits);
                    }
                    // `html` and `body` are the page, not a block in it: a generic rule that
                    // matches a page's body class (`<body class="nojs ads">` and `##.ads`)
                    // would otherwise remove the whole page.
                    if let (Some(id), Some((kind, label)), false) = (id, hit, page) {
                        s.builder.tree_mut().mark(id, kind, label);
                    }
                    s.release_tag();
                    drop(guard);
                    // One end-tag handler per element with content. The wasm build's lol_html
                    // holds a lone handler without a Vec or a wrapper around it (three
                    // allocations fewer per element: scripts/lol-html-utf8/README.md).
                    if let (Some(id), false) = (id, void) {
                        let st2 = st.clone();
                        el.on_end_tag(Box::new(move |_end| {
                            let mut s = st2.borrow_mut();
                            s.flush_text();
                            s.keep_script = false;
                            s.builder.close(id);
                            Ok(())
                        }))?;
                    }
                    Ok(())
                },
            ),
        ));
        for rule in slow {
            let st = self.state.clone();
            let kind = rule.kind;
            let label = rule.label.clone();
            settings = settings.append_element_content_handler((
                std::borrow::Cow::Owned(rule.lol_html_selector()?.into_owned()),
                ElementContentHandlers::default().element(
                    move |_el: &mut lol_html::html_content::Element| {
                        let mut s = st.borrow_mut();
                        if let Some(id) = s.last_opened {
                            if !matches!(s.builder.tree_mut().name(id), "html" | "body") {
                                s.builder.tree_mut().mark(id, kind, &label);
                            }
                        }
                        Ok(())
                    },
                ),
            ));
        }
        let st = self.state.clone();
        settings = settings.append_document_content_handler(
            lol_html::DocumentContentHandlers::default().text(
                move |t: &mut lol_html::html_content::TextChunk| {
                    let mut s = st.borrow_mut();
                    if s.pending_type.is_none() {
                        let tt = t.text_type();
                        s.pending_type = Some(tt);
                        s.pending_dropped = s.drops(tt);
                    }
                    if !s.pending_dropped {
                        s.pending.push_str(t.as_str());
                    }
                    if t.last_in_text_node() {
                        s.flush_text();
                    }
                    Ok(())
                },
            ),
        );
        self.rewriter = Some(HtmlRewriter::new(settings, discard as fn(&[u8])));
        Ok(())
    }
}

/// Decodes UTF-16 (or ISO-2022-JP) input to UTF-8 on its way to lol_html. Native only: in
/// wasm the page arrives as a JS string, UTF-8 by construction, and the module links a
/// UTF-8-only lol_html (`scripts/lol-html-utf8/`); an uninhabited type here, and UTF-8 as the
/// only encoding ([`Sniff::encoding`]), keep every legacy decoder and its tables (~140 kB of
/// the gzipped module) out of it.
#[cfg(not(target_arch = "wasm32"))]
type Transcoder = encoding_rs::Decoder;
#[cfg(target_arch = "wasm32")]
type Transcoder = std::convert::Infallible;

#[cfg(not(target_arch = "wasm32"))]
fn transcoder(encoding: &'static Encoding) -> Option<Transcoder> {
    Some(encoding.new_decoder_with_bom_removal())
}

#[cfg(target_arch = "wasm32")]
fn transcoder(_: &'static Encoding) -> Option<Transcoder> {
    None
}

#[cfg(target_arch = "wasm32")]
fn transcode(
    dec: &mut Transcoder,
    _: &[u8],
    _: bool,
    _: &mut Rewriter,
    _: &RefCell<ScanState>,
) -> Result<(), lol_html::errors::RewritingError> {
    match *dec {}
}

/// Writes `piece` to lol_html, telling the handlers (through [`ScanState::src`]) what it holds.
fn write_piece(
    rw: &mut Rewriter,
    state: &RefCell<ScanState>,
    piece: &[u8],
) -> Result<(), lol_html::errors::RewritingError> {
    state.borrow_mut().src.set(piece);
    rw.write(piece)
}

/// Decodes `bytes` (the end of the input when `last`) to UTF-8 and writes it all to the
/// rewriter, in pieces of bounded size: the decoder stops when its output buffer is full, and
/// every piece must reach lol_html or text is lost.
#[cfg(not(target_arch = "wasm32"))]
fn transcode(
    dec: &mut encoding_rs::Decoder,
    mut bytes: &[u8],
    last: bool,
    rw: &mut Rewriter,
    state: &RefCell<ScanState>,
) -> Result<(), lol_html::errors::RewritingError> {
    /// UTF-8 bytes decoded per piece: a few pages of text, whatever the chunk size.
    const PIECE: usize = 16 * 1024;
    let mut out = String::with_capacity(PIECE);
    loop {
        out.clear();
        let (result, read, _) = dec.decode_to_string(bytes, &mut out, last);
        bytes = &bytes[read..];
        write_piece(rw, state, out.as_bytes())?;
        if result == encoding_rs::CoderResult::InputEmpty {
            return Ok(());
        }
    }
}

/// The bytes seen before the encoding is settled: `head` (held back; its first `ascii_len`
/// bytes known to be ASCII) followed by `rest` (the piece being written). In wasm only
/// `head` and `ascii_len` are read: the encoding there is always UTF-8.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Sniff<'a> {
    head: &'a [u8],
    ascii_len: usize,
    rest: &'a [u8],
    /// No bytes follow `rest`.
    at_end: bool,
    /// The legacy declaration an earlier piece found and left open: the first bytes (BOM,
    /// forced label, prescan) are not looked at again for every piece.
    open: Option<&'static Encoding>,
}

impl Sniff<'_> {
    /// How far `head` is ASCII.
    fn ascii_len(&self) -> usize {
        let from = self.ascii_len.min(self.head.len());
        self.head[from..]
            .iter()
            .position(|&b| b >= 0x80)
            .map_or(self.head.len(), |i| from + i)
    }

    /// The encoding in wasm: UTF-8, always. The page arrives as a JS string, so its bytes are
    /// UTF-8 by construction, and the module is built with a UTF-8-only lol_html
    /// (scripts/lol-html-utf8/): the legacy decoders' tables (~140 kB of the gzipped module)
    /// are not linked.
    #[cfg(target_arch = "wasm32")]
    fn encoding(
        &self,
        _: Option<&'static Encoding>,
    ) -> Result<&'static Encoding, &'static Encoding> {
        Ok(UTF_8)
    }

    /// The encoding these bytes settle (native), or `Err(declared)` while more are needed: a
    /// BOM, else a forced label from the options, else a `<meta charset>` prescan of the
    /// first [`PRESCAN_BYTES`] — unless the page's first non-ASCII bytes are valid UTF-8, as
    /// on pages served as UTF-8 under a stale legacy declaration — else UTF-8.
    #[cfg(not(target_arch = "wasm32"))]
    fn encoding(
        &self,
        forced: Option<&'static Encoding>,
    ) -> Result<&'static Encoding, &'static Encoding> {
        let head = self.head;
        let declared = match self.open {
            Some(declared) => declared,
            None => match declared(head, forced) {
                Ok(settled) => return Ok(settled),
                Err(legacy) => legacy,
            },
        };
        // The first non-ASCII byte within the lookahead (only there, so that the answer does
        // not depend on how the page is cut into pieces).
        let ascii = self.ascii_len();
        let first = if ascii < head.len() {
            Some(ascii)
        } else {
            let window = &self.rest[..self
                .rest
                .len()
                .min(LOOKAHEAD_BYTES.saturating_sub(head.len()))];
            window
                .iter()
                .position(|&b| b >= 0x80)
                .map(|i| head.len() + i)
        };
        let Some(first) = first.filter(|&f| f < LOOKAHEAD_BYTES) else {
            // All ASCII so far, which both readings decode alike.
            let seen = head.len() + self.rest.len();
            return if self.at_end || seen >= LOOKAHEAD_BYTES {
                Ok(declared)
            } else {
                Err(declared)
            };
        };
        // The sample: up to UTF8_SAMPLE_BYTES from the first non-ASCII byte, across both.
        let (in_head, in_rest) = match first.checked_sub(head.len()) {
            None => (&head[first..], self.rest),
            Some(r) => (&[][..], &self.rest[r..]),
        };
        let mut sample = in_head[..in_head.len().min(UTF8_SAMPLE_BYTES)].to_vec();
        let room = UTF8_SAMPLE_BYTES - sample.len();
        sample.extend_from_slice(&in_rest[..in_rest.len().min(room)]);
        let complete = self.at_end || sample.len() == UTF8_SAMPLE_BYTES;
        match std::str::from_utf8(&sample) {
            // Not UTF-8: the declaration stands.
            Err(e) if e.error_len().is_some() => Ok(declared),
            _ if !complete => Err(declared),
            Ok(_) => Ok(UTF_8),
            // Valid up to a sequence that the sample's end (or the input's) cuts.
            Err(e) => Ok(if e.valid_up_to() > 0 { UTF_8 } else { declared }),
        }
    }
}

/// What the first [`PRESCAN_BYTES`] say (native): `Ok` when they settle the encoding (a BOM,
/// a forced label, no declaration or a UTF-8 or UTF-16 one), `Err` with a legacy declaration
/// that the page's first non-ASCII bytes may still overrule ([`Sniff::encoding`]).
#[cfg(not(target_arch = "wasm32"))]
fn declared(
    head: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<&'static Encoding, &'static Encoding> {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return Ok(enc);
    }
    if let Some(enc) = forced {
        return Ok(enc);
    }
    let Some(declared) = prescan_meta_charset(&head[..head.len().min(PRESCAN_BYTES)]) else {
        return Ok(UTF_8);
    };
    if [UTF_8, encoding_rs::UTF_16LE, encoding_rs::UTF_16BE].contains(&declared) {
        // A UTF-16 declaration in an ASCII-compatible document is a lie (HTML spec: use UTF-8).
        return Ok(UTF_8);
    }
    Err(declared)
}

#[cfg(not(target_arch = "wasm32"))]
/// Finds `charset=` in a `<meta charset>` or `<meta http-equiv content>` within the window.
fn prescan_meta_charset(window: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = window.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cpos) = find(tag, b"charset") {
            let mut rest = &tag[cpos + 7..];
            while let [b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'"' | b'\'', tail @ ..] = rest {
                rest = tail;
            }
            let label_end = rest
                .iter()
                .position(|&b| {
                    matches!(
                        b,
                        b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n' | b'\r'
                    )
                })
                .unwrap_or(rest.len());
            if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                return Some(enc);
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// The encoding tests are native: in wasm the encoding is always UTF-8 (see `Transcoder`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `(tag, data-t, rule)` of every element a rule marked in `html`'s scan.
    fn marked(html: &str, options: &Options) -> Vec<(String, String, String)> {
        let mut c = Cleaner::new(options).expect("cleaner");
        c.write(html.as_bytes()).expect("write");
        let (t, _) = c.into_tree().expect("tree");
        (0..t.len())
            .filter_map(|id| {
                let m = t.mark_of(id)?;
                let tag = t.attr(id, "data-t").unwrap_or_default();
                Some((t.name(id).to_string(), tag.to_string(), m.rule.clone()))
            })
            .collect()
    }

    /// The built-in child rule (`.tp-container-inner > iframe`) is matched by the scan, not
    /// by lol_html, and marks what lol_html marks: an exemption of another built-in rule
    /// turns the shared matcher off, and every rule then goes to lol_html as before.
    #[test]
    fn child_rules_are_matched_by_the_scan_as_lol_html_matches_them() {
        let rule = rules::builtin_generic()
            .child_rules
            .iter()
            .find(|r| r.label.ends_with("##.tp-container-inner > iframe"))
            .expect("the rule");
        assert!(rule.cached && rule.child.is_some() && rule.fast.is_none());
        let none = rules::RuleSet::default();
        let to_lol_html = rules::active_uncached(rules::RuleSet::builtin(), &none, None);
        assert!(!to_lol_html.iter().any(|r| r.label == rule.label));
        let pages = [
            // A child: marked.
            r#"<div class="a tp-container-inner b"><iframe data-t="1"></iframe><p>x</p></div>"#,
            // A grandchild, a sibling after the container, a void "parent": not marked.
            r#"<div class="tp-container-inner"><span><iframe data-t="2"></iframe></span></div>"#,
            r#"<div class="tp-container-inner"></div><iframe data-t="3"></iframe>"#,
            r#"<img class="tp-container-inner"><iframe data-t="4"></iframe>"#,
            // Nested containers, a paragraph as the parent, two iframes in one container.
            r#"<section class="tp-container-inner"><div class="tp-container-inner"><p>x</p></div><iframe data-t="5"></iframe></section>"#,
            r#"<p class="tp-container-inner"><iframe data-t="6"></iframe> text</p>"#,
            r#"<div class="tp-container-inner"><iframe data-t="7"></iframe><iframe data-t="8"></iframe></div>"#,
            // The body as the parent.
            r#"<html><body class="tp-container-inner"><iframe data-t="9"></iframe></body></html>"#,
        ];
        let shared = Options::default()
            .with_url("https://example.com/a")
            .unwrap();
        let exempt = shared
            .clone()
            .with_rules("example.com#@#.tp-modal")
            .unwrap();
        let mut marked_iframes = Vec::new();
        for page in pages {
            let html = format!("<html><body><main>{page}</main></body></html>");
            let html = if page.starts_with("<html") {
                page.to_string()
            } else {
                html
            };
            let ours = marked(&html, &shared);
            assert_eq!(ours, marked(&html, &exempt), "{page}");
            marked_iframes.extend(ours.into_iter().filter(|m| m.0 == "iframe").map(|m| m.1));
        }
        assert_eq!(marked_iframes, ["1", "5", "6", "7", "8", "9"]);
        // Where HTML's implied ends close the parent, the tree follows HTML, as the browser
        // the rule was written against does: the `div` closes the `p`, so the `iframe` after
        // it is the `main`'s child, not the `p`'s. lol_html's stack kept the `p` open.
        let html = r#"<main><p class="tp-container-inner"><div></div><iframe data-t="10"></iframe></p></main>"#;
        assert_eq!(marked(html, &shared), []);
        assert_eq!(marked(html, &exempt).len(), 1);
    }

    /// The encoding a whole page settles on.
    fn sniff(page: &[u8]) -> &'static Encoding {
        let s = Sniff {
            head: page,
            ascii_len: 0,
            rest: &[],
            at_end: true,
            open: None,
        };
        s.encoding(None).expect("settled at the end")
    }

    #[test]
    fn sniffs_bom_meta_and_utf8() {
        assert_eq!(sniff(b"\xEF\xBB\xBF<p>"), UTF_8);
        assert_eq!(sniff(b"\xFF\xFE<\0p\0"), encoding_rs::UTF_16LE);
        assert_eq!(
            sniff(b"<html><head><meta charset=\"windows-1251\">"),
            encoding_rs::WINDOWS_1251
        );
        assert_eq!(
            sniff(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            encoding_rs::SHIFT_JIS
        );
        // Declared gb2312 but the bytes are UTF-8 already: keep UTF-8.
        assert_eq!(
            sniff("<meta charset=gb2312><title>中文</title>".as_bytes()),
            UTF_8
        );
        assert_eq!(sniff(b"<p>plain"), UTF_8);
    }

    /// A legacy declaration over UTF-8 text whose first non-ASCII byte comes long after the
    /// prescan: the text is UTF-8 (it was mojibake, "sectâ€™s"), however the page is cut into
    /// pieces; real windows-1252 text there keeps its declaration; and past
    /// [`LOOKAHEAD_BYTES`] of ASCII the declaration is taken as it stands.
    #[test]
    fn a_stale_legacy_declaration_yields_to_utf8_text_far_into_the_page() {
        let page = |pad: usize, sentence: &str| {
            format!(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; \
                 charset=ISO-8859-1\"><title>T</title><script>{}</script></head><body>\
                 <article><p>The polygamous sect’s seized property trust, its café and the \
                 accountant’s fees were argued over in court again on Friday, at length.</p>\
                 <p>{sentence}</p></article></body></html>",
                "x".repeat(pad)
            )
        };
        let sentence = "Another paragraph of plain text, long enough to count as prose here.";
        let utf8 = page(20_000, sentence);
        let text = |doc: &[u8]| crate::clean(doc, &Options::default()).expect("cleans").text;
        let whole = text(utf8.as_bytes());
        assert!(
            whole.contains("sect’s seized property trust, its café"),
            "{whole}"
        );
        for piece in [1, 7, 1000, 4096] {
            let mut c = Cleaner::new(&Options::default()).expect("cleaner");
            for p in utf8.as_bytes().chunks(piece) {
                c.write(p).expect("writes");
            }
            assert_eq!(
                c.finish().expect("finishes").text,
                whole,
                "pieces of {piece}"
            );
        }
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
        assert!(text(&latin1).contains("sect’s seized property trust, its café"));
        // A page of ASCII past the lookahead is decoded as it says.
        let far = page(LOOKAHEAD_BYTES, sentence);
        assert!(text(far.as_bytes()).contains("sectâ€™s"));
    }

    /// Start tags whose names and attributes the handler reads from the piece being written
    /// (upper case, entities, a bare attribute, event handlers, a byte-order mark in a value,
    /// non-ASCII; in windows-1252, `Ã©`, whose bytes are valid UTF-8 for `é`), and pages split
    /// at every third byte around them, so that tags also straddle two
    /// pieces and go to lol_html's getters. Debug builds assert in [`tag_name`] and
    /// [`collect_attributes`] that the two ways agree; here the articles must be equal too.
    #[test]
    fn names_and_values_read_from_the_piece_match_lol_html_at_any_split() {
        let body = "<DIV Class=\"Story main\" ID=x data-\u{e9}=\"caf\u{e9} &amp; cr\u{e8}me\" hidden \
                    onclick=\"x()\" ONLOAD=y><p title='&#x41;&lt;b' lang=en>Le caf\u{e9} est \
                    ouvert, et la cr\u{e8}me aussi; une phrase assez longue pour compter.</p>\
                    <IMG SRC=\"/a.png\" alt=\"\u{feff}bom\"/><br/><div class=\"ad-banner ads\">\
                    ad</div><svg viewBox=\"0 0 1 1\"><foreignObject/></svg><my-widget x=1>\
                    w</my-widget><p class=x title=\"\u{c3}\u{a9}\">Encore une phrase, avec des virgules, pour le \
                    score du paragraphe.</p></DIV>";
        let utf8 = format!(
            "<!DOCTYPE html><html><head><title>T</title></head><body>{}{body}{body}</body></html>",
            " ".repeat(900)
        );
        let declared = utf8.replace("<head>", "<head><meta charset=windows-1252>");
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&declared);
        for doc in [utf8.as_bytes(), &latin1[..]] {
            let options = Options::default();
            let whole = crate::clean(doc, &options).expect("cleans");
            for at in (1000..doc.len()).step_by(3) {
                let mut c = Cleaner::new(&options).expect("cleaner");
                c.write(&doc[..at]).expect("writes");
                c.write(&doc[at..]).expect("writes");
                assert_eq!(c.finish().expect("finishes"), whole, "split at {at}");
            }
        }
    }
}
