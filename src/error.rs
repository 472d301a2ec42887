//! The one error type of the library. Every variant carries a message a person can act on; the
//! CLI prints it as is and the wasm binding throws it as a JS `Error` with the same text.

use std::fmt;

/// Why a page could not be cleaned or an option could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A cosmetic rule that cannot run: bad syntax, or a selector lol_html cannot match while
    /// streaming (`:has`, `+`, `~`, …). `line` is 1-based within the rule text it came from.
    InvalidRule {
        /// 1-based line number in the rule text.
        line: usize,
        /// The offending line, trimmed.
        rule: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The page URL given in [`crate::Options`] is not an absolute URL.
    InvalidUrl(String),
    /// The input is larger than [`crate::Options::with_max_input_bytes`] allows.
    InputTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The input's encoding cannot be streamed (UTF-16 without a way to transcode, …).
    UnsupportedEncoding(String),
    /// The HTML parser gave up.
    Parse(String),
    /// The page needs more parser memory than its size allows: tens of thousands of elements
    /// left open (lol_html keeps every unclosed element on its stack) or one enormous tag.
    ParserMemory {
        /// The limit in bytes (see the README's limits).
        limit: usize,
    },
    /// The page holds no readable text at all.
    NoArticle,
    /// [`crate::Cleaner::write`] or [`crate::Cleaner::finish`] was called after the cleaner
    /// finished or failed.
    Finished,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRule { line, rule, reason } => {
                write!(f, "rule on line {line} cannot be used ({reason}): {rule}")
            }
            Error::InvalidUrl(u) => write!(f, "not an absolute URL: {u}"),
            Error::InputTooLarge { limit } => {
                write!(f, "input is larger than the limit of {limit} bytes")
            }
            Error::UnsupportedEncoding(e) => write!(f, "unsupported encoding: {e}"),
            Error::Parse(m) => write!(f, "could not parse the page: {m}"),
            Error::ParserMemory { limit } => write!(
                f,
                "could not parse the page: it needs more than {limit} bytes of parser memory \
                 (thousands of elements left unclosed, or one enormous tag)"
            ),
            Error::NoArticle => write!(f, "no article found: the page has no readable text"),
            Error::Finished => write!(f, "the cleaner has already finished"),
        }
    }
}

impl std::error::Error for Error {}
