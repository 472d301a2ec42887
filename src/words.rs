//! Fixed word lists matched as substrings, all words in one pass.
//!
//! The scorer, the paywall check and the summarizer ask "does this class name / sentence
//! contain any of these words?" for nearly every element and sentence. One `str::contains`
//! per word builds a two-way searcher for every word on every call; in the browser that
//! profiled at ~15 % of `clean()`. A [`Words`] list indexes its words by first byte, once,
//! and answers in one pass over the haystack: at each byte that starts some word, only those
//! words are compared. (The aho-corasick crate does this in general and faster on long texts,
//! but measured +34 kB gzipped in the wasm package; these lists are short and so are the
//! class names and sentences they are matched against.)

use std::sync::OnceLock;

/// A `static` list of words; the index is built on first use.
pub(crate) struct Words {
    words: &'static [&'static str],
    index: OnceLock<Index>,
}

/// For each byte value, the words that start with it (indices into `words`).
struct Index {
    starts: Vec<Vec<u16>>,
}

impl Words {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Words {
            words,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut starts = vec![Vec::new(); 256];
            for (i, w) in self.words.iter().enumerate() {
                if let Some(&b) = w.as_bytes().first() {
                    starts[b as usize].push(i as u16);
                }
            }
            Index { starts }
        })
    }

    /// Whether `hay` contains any of the words (case-sensitive, as `str::contains`; byte-wise
    /// comparison of UTF-8 is exact, so non-ASCII words work too).
    pub fn in_(&self, hay: &str) -> bool {
        if self.words.iter().any(|w| w.is_empty()) {
            return true;
        }
        let index = self.index();
        let bytes = hay.as_bytes();
        bytes.iter().enumerate().any(|(at, &b)| {
            index.starts[b as usize]
                .iter()
                .any(|&i| bytes[at..].starts_with(self.words[i as usize].as_bytes()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &[&str] = &["-ad-", "banner", "广告", "ban"];
    static W: Words = Words::new(LIST);

    #[test]
    fn matches_like_str_contains() {
        for hay in [
            "top-banner",
            "x-ad-y",
            "页面广告位",
            "",
            "ad",
            "bann er",
            "BANNER",
            "urban",
            "b",
            "-ad",
        ] {
            assert_eq!(W.in_(hay), LIST.iter().any(|w| hay.contains(w)), "{hay}");
        }
    }
}
