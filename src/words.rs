//! Fixed word lists matched as substrings, all words in one pass.
//!
//! The scorer, the paywall check and the summarizer ask "does this class name / sentence
//! contain any of these words?" for nearly every element and sentence. One `str::contains`
//! per word builds a two-way searcher for every word on every call; in the browser that
//! profiled at ~15 % of `clean()`. A [`Words`] list indexes its words once, each by one pair
//! of neighbouring bytes in it (its anchor), and answers in one pass over the haystack: where
//! the haystack holds some word's anchor, only those words are compared. (The aho-corasick
//! crate does this in general and faster on long texts, but measured +34 kB gzipped in the
//! wasm package; these lists are short and so are the class names and sentences they are
//! matched against.)

use std::sync::OnceLock;

/// A `static` list of words; the index is built on first use.
pub(crate) struct Words {
    words: &'static [&'static str],
    index: OnceLock<Index>,
}

/// For each byte value, the words whose anchor starts with it, and a bitmap of the anchors,
/// so most positions are passed over with one bit test.
struct Index {
    /// `(word, offset of its anchor in it)`, indices into `words`.
    anchored: Vec<Vec<(u16, u16)>>,
    /// Bit `b0 << 8 | b1` is set when some word's anchor is `b0 b1`; one-byte words are their
    /// own anchor and set every `b1` after their byte. An array, so indexing it needs no
    /// bounds check.
    pairs: Box<[u64; 1024]>,
    /// Some word is empty: every haystack contains it.
    has_empty: bool,
}

impl Index {
    #[inline]
    fn may_anchor(&self, b0: u8, b1: u8) -> bool {
        let bit = (b0 as usize) << 8 | b1 as usize;
        self.pairs[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// How rare a byte is in prose and class names, to pick each word's anchor: the space is the
/// most common, then the letters by their frequency in English text, then everything else.
/// A word's first two bytes were its anchor before, and "re", "co", "ad", "si" start half the
/// words of a sentence: most positions of a sentence then compared a word or two in vain.
/// Any anchor gives the same answers; a rare one only makes fewer comparisons.
fn rarity(b: u8) -> usize {
    const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
    BY_FREQUENCY
        .iter()
        .position(|&x| x == b.to_ascii_lowercase())
        .unwrap_or(BY_FREQUENCY.len())
}

/// The offset in `w` (at least two bytes) of its rarest pair of neighbouring bytes, the
/// first of equals.
fn anchor(w: &[u8]) -> usize {
    let mut best = 0;
    for k in 1..w.len() - 1 {
        if rarity(w[k]) + rarity(w[k + 1]) > rarity(w[best]) + rarity(w[best + 1]) {
            best = k;
        }
    }
    best
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
            let mut anchored = vec![Vec::new(); 256];
            let mut pairs = Box::new([0u64; 65536 / 64]);
            let mut set = |bit: usize| pairs[bit / 64] |= 1 << (bit % 64);
            for (i, w) in self.words.iter().enumerate() {
                let w = w.as_bytes();
                let k = match *w {
                    [b0] => {
                        (0..256).for_each(|b1| set((b0 as usize) << 8 | b1));
                        0
                    }
                    [] => continue,
                    _ => {
                        let k = anchor(w);
                        set((w[k] as usize) << 8 | w[k + 1] as usize);
                        k
                    }
                };
                anchored[w[k] as usize].push((i as u16, k as u16));
            }
            Index {
                anchored,
                pairs,
                has_empty: self.words.iter().any(|w| w.is_empty()),
            }
        })
    }

    /// The longest word's length in bytes.
    #[cfg(test)]
    pub fn words_longest(&self) -> usize {
        self.words.iter().map(|w| w.len()).max().unwrap_or(0)
    }

    /// Whether `hay` contains any of the words (case-sensitive, as `str::contains`; byte-wise
    /// comparison of UTF-8 is exact, so non-ASCII words work too).
    pub fn in_(&self, hay: &str) -> bool {
        let index = self.index();
        if index.has_empty {
            return true;
        }
        let bytes = hay.as_bytes();
        let hit = |at: usize| {
            index.anchored[bytes[at] as usize].iter().any(|&(i, k)| {
                let k = k as usize;
                at >= k && bytes[at - k..].starts_with(self.words[i as usize].as_bytes())
            })
        };
        // Pairs of neighbouring bytes, without a bounds check per byte; then the last byte,
        // paired with a 0 byte, which the bitmap accepts for one-byte words only (no word
        // here contains NUL), as a one-byte word may end the haystack.
        bytes
            .windows(2)
            .enumerate()
            .any(|(at, w)| index.may_anchor(w[0], w[1]) && hit(at))
            || bytes
                .len()
                .checked_sub(1)
                .is_some_and(|last| index.may_anchor(bytes[last], 0) && hit(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &[&str] = &["-ad-", "banner", "广告", "ban", "©"];
    const SHORT: &[&str] = &["x", "qu", "z"];
    static L: Words = Words::new(LONG);
    static S: Words = Words::new(SHORT);

    fn check(hay: &str) {
        assert_eq!(L.in_(hay), LONG.iter().any(|w| hay.contains(w)), "{hay:?}");
        assert_eq!(S.in_(hay), SHORT.iter().any(|w| hay.contains(w)), "{hay:?}");
    }

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
            "ends in x",
            "© 2024",
            "a©",
            "ax",
            "q",
            "qu",
            "aq",
            "z",
        ] {
            check(hay);
        }
        // Every string of up to four characters from an alphabet that makes near misses.
        let alphabet = ['a', 'b', 'n', 'x', 'q', 'u', 'z', '-', 'd', '©', '广', '告'];
        let mut hays = vec![String::new()];
        for _ in 0..4 {
            hays = hays
                .iter()
                .flat_map(|h| alphabet.iter().map(move |c| format!("{h}{c}")))
                .collect();
            hays.iter().for_each(|h| check(h));
        }
    }

    /// Longer haystacks of pieces of the list's words (near misses, and the anchors' false
    /// positives), at many lengths and offsets, with a non-ASCII word anchored past its first
    /// byte: the same answers as `str::contains`.
    #[test]
    fn long_haystacks_match_like_str_contains() {
        const WORDS: &[&str] = &[
            "read more",
            "reporting by",
            "sign up",
            "www.",
            "log in",
            "ab",
            "b’s",
        ];
        static W: Words = Words::new(WORDS);
        let parts = [
            "read ",
            "more",
            "reporting",
            " by",
            "sign",
            " up",
            "www",
            ".",
            "log",
            " in",
            "a",
            "b",
            "re",
            "ad",
            "ing",
            " ",
            "é",
            "\u{2019}",
        ];
        let mut rng = crate::test_rng(7);
        for _ in 0..20_000 {
            let hay = crate::test_string(&mut rng, &parts, 8);
            assert_eq!(
                W.in_(&hay),
                WORDS.iter().any(|w| hay.contains(w)),
                "{hay:?}"
            );
        }
    }
}
