//! Options for a clean: a builder whose every setting documents its default.

use crate::article::SummaryLength;
use crate::error::Error;
use crate::rules::RuleSet;
use url::Url;

/// Default for [`Options::with_max_input_bytes`]: 64 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Default for [`Options::with_max_depth`]: 512 nested elements.
pub const DEFAULT_MAX_DEPTH: usize = 512;
/// The largest depth [`Options::with_max_depth`] accepts (larger values are lowered to it):
/// the renderers recurse once per level, and a deeper tree could overflow the stack — in
/// wasm, 1 MiB, and a stack overflow kills the module. Tested in a 1 MiB thread.
pub const MAX_DEPTH_LIMIT: usize = 1024;
const _: () = assert!(MAX_DEPTH_LIMIT >= DEFAULT_MAX_DEPTH);

/// How to clean a page.
///
/// ```
/// let opts = broadsheet::Options::new()
///     .with_url("https://example.com/news/1")?
///     .with_rules("example.com##.promo")?;
/// # Ok::<(), broadsheet::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    pub(crate) url: Option<Url>,
    pub(crate) rules: RuleSet,
    pub(crate) max_input_bytes: usize,
    pub(crate) max_depth: usize,
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    pub(crate) summary_length: SummaryLength,
    pub(crate) selector_hints: bool,
    pub(crate) markdown: bool,
    pub(crate) lede_limit: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self::new()
    }
}

impl Options {
    /// Options with every default: no URL, no user rules, the default limits.
    pub fn new() -> Self {
        Options {
            url: None,
            rules: RuleSet::default(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            encoding: None,
            summary_length: SummaryLength::Short,
            selector_hints: false,
            markdown: false,
            lede_limit: false,
        }
    }

    /// The page's URL: relative links and images are made absolute against it (or against the
    /// page's `<base href>`), and domain-specific rules are chosen by its host.
    ///
    /// Default: none (links stay as the page wrote them; only generic rules apply).
    pub fn with_url(mut self, url: &str) -> Result<Self, Error> {
        let parsed = Url::parse(url.trim()).map_err(|_| Error::InvalidUrl(url.to_string()))?;
        self.url = Some(parsed);
        Ok(self)
    }

    /// User rules in adblock cosmetic-filter syntax, one per line (`##.promo`,
    /// `example.com##.promo`, `example.com#@#.tp-modal` to exempt a built-in rule). A rule
    /// that cannot run while streaming is an [`Error::InvalidRule`] naming its line.
    ///
    /// Default: none (only the built-in rules apply).
    pub fn with_rules(mut self, rules: &str) -> Result<Self, Error> {
        self.rules = RuleSet::parse(rules, "user")?;
        Ok(self)
    }

    /// Largest input accepted, in bytes; larger input is an [`Error::InputTooLarge`].
    ///
    /// Default: [`DEFAULT_MAX_INPUT_BYTES`] (64 MiB).
    pub fn with_max_input_bytes(mut self, bytes: usize) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// Deepest element nesting kept. Elements nested deeper are flattened into their
    /// ancestor at the limit (their text is kept), so hostile nesting cannot blow the stack or
    /// the time budget.
    ///
    /// Default: [`DEFAULT_MAX_DEPTH`] (512); at most [`MAX_DEPTH_LIMIT`] (1024), to which
    /// larger values are lowered.
    pub fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth.min(MAX_DEPTH_LIMIT);
        self
    }

    /// The encoding of the input bytes, by WHATWG label (`"utf-8"`, `"windows-1251"`, …).
    /// A byte-order mark still wins, as in browsers. Callers that hold already-decoded text
    /// (the wasm binding, which receives a JS string) pass `"utf-8"` so a stale `<meta
    /// charset>` cannot re-decode it.
    ///
    /// Default: sniffed — BOM, else `<meta charset>` in the first 1024 bytes (unless those
    /// bytes are already valid non-ASCII UTF-8), else UTF-8.
    pub fn with_encoding(mut self, label: &str) -> Result<Self, Error> {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| Error::UnsupportedEncoding(label.to_string()))?;
        self.encoding = Some(enc);
        Ok(self)
    }

    /// How many key points `Article::summary` holds: 3, 5 or 7 for
    /// [`SummaryLength::Short`], [`SummaryLength::Medium`] or [`SummaryLength::Long`] (fewer
    /// when the article is short, never more).
    ///
    /// Default: [`SummaryLength::Short`] (3 key points).
    pub fn with_summary_length(mut self, length: SummaryLength) -> Self {
        self.summary_length = length;
        self
    }

    /// Whether each block of `Article::content_html` (`p`, lists, figures, quotes, tables,
    /// headings, `div`s and sections) carries a selector hint, `data-bs-sel`: a selector
    /// (`#id` or `.class.class`) naming the page's own element by its stable id or classes, so
    /// that a user rule `host##<hint>` removes that block on the site's next clean. Blocks
    /// whose id and classes all look generated get none. `text` and `markdown` are the same
    /// either way.
    ///
    /// Default: off (no hints).
    pub fn with_selector_hints(mut self, on: bool) -> Self {
        self.selector_hints = on;
        self
    }

    /// Whether to render the article as Markdown too (`Article::markdown`). It costs about
    /// as much as the HTML rendering, and a reader shows HTML, so it is made only when asked.
    ///
    /// Default: `false` (`Article::markdown` is `None`).
    pub fn with_markdown(mut self, markdown: bool) -> Self {
        self.markdown = markdown;
        self
    }

    /// Whether at most one key point may come from the lede, the article's first paragraph
    /// (the others then come from across the article, never repeating it). For a reader that
    /// shows the lede right below the key points, where points taken from it add nothing
    /// (issue #15). Off by default: a summary read on its own is better lead-based (on the
    /// Readability corpus' page descriptions, ROUGE-1 F1 36.8 off against 31.2 on; on
    /// sadedegel's human judgements 23.5 off against 29.2 on; `make eval-summary`).
    ///
    /// Default: `false`.
    pub fn with_lede_limit(mut self, on: bool) -> Self {
        self.lede_limit = on;
        self
    }

    /// The page URL, if one was set.
    pub fn url(&self) -> Option<&str> {
        self.url.as_ref().map(|u| u.as_str())
    }
}
