//! Text helpers shared by the stages. Several port Readability.js, so they follow JavaScript's
//! definitions (UTF-16 lengths, the `\s` class) where a stage compares lengths against
//! Readability's thresholds; one copy of each, so every stage measures text the same way.

use hashbrown::HashSet;

/// JavaScript's `String.length`: UTF-16 code units (Readability's thresholds are in these).
pub(crate) fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// JavaScript's `\s`: Unicode white space plus the byte-order mark (U+FEFF), without U+0085
/// (which Rust's `char::is_whitespace` includes and JavaScript does not).
pub(crate) fn is_js_space(c: char) -> bool {
    match c {
        '\u{85}' => false,
        '\u{FEFF}' => true,
        c => c.is_whitespace(),
    }
}

/// HTML's ASCII white space (space, tab, LF, FF, CR): what the parser and the standard's
/// algorithms (srcset, "inter-element whitespace") skip; narrower than JavaScript's `\s`.
pub(crate) fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

/// Eight bytes at a time in a `u64` (SWAR: the same code in wasm, which has no vectors here).
/// A mask has bit 7 of each byte lane that answers yes.
pub(crate) mod swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    pub(crate) const HIGH: u64 = ONES * 0x80;
    const LOW7: u64 = ONES * 0x7F;

    /// The eight bytes at `b[i..]`, if there are eight.
    #[inline]
    pub(crate) fn load(b: &[u8], i: usize) -> Option<u64> {
        let w = b.get(i..i + 8)?;
        Some(u64::from_le_bytes(w.try_into().ok()?))
    }

    /// The bytes of `x` equal to `b`, an ASCII byte.
    #[inline]
    fn eq(x: u64, b: u8) -> u64 {
        let y = x ^ (ONES * u64::from(b));
        !(((y & LOW7).wrapping_add(LOW7)) | y) & HIGH
    }

    /// The ASCII white-space bytes of `x`: space and 9..=13 (tab, LF, VT, FF, CR).
    #[inline]
    pub(crate) fn spaces(x: u64) -> u64 {
        // Bytes strictly between 8 and 14 (Bit Twiddling Hacks' `hasbetween`, exact for ASCII
        // bytes; bytes with bit 7 set are masked out).
        let low = x & LOW7;
        let tab_to_cr =
            (ONES * (127 + 14)).wrapping_sub(low) & !x & low.wrapping_add(ONES * (127 - 8));
        (tab_to_cr & HIGH) | eq(x, b' ')
    }
}

/// Characters that are not white space (`char::is_whitespace`), the measure of text length
/// the scorer, the heuristics and the refiner share.
pub(crate) fn non_space(s: &str) -> usize {
    // Characters are the bytes that are not UTF-8 continuation bytes; white space is the
    // ASCII white-space bytes (space, 9..=13) plus the few non-ASCII white-space characters,
    // searched for only in text that is not all ASCII. Both counts are taken eight bytes at
    // a time ([`swar`]). Decoding every character cost 4 % of a clean.
    use swar::HIGH;
    let bytes = s.as_bytes();
    let (mut continuations, mut spaces, mut high) = (0usize, 0usize, 0u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap_or_default());
        high |= x & HIGH;
        // 10xxxxxx: bit 7 set, bit 6 (shifted up into bit 7) clear.
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
        spaces += swar::spaces(x).count_ones() as usize;
    }
    for &b in words.remainder() {
        high |= u64::from(b & 0x80);
        continuations += usize::from(b & 0xC0 == 0x80);
        spaces += usize::from((b == b' ') | (b.wrapping_sub(9) < 5));
    }
    if high != 0 {
        spaces += wide_spaces(bytes);
    }
    bytes.len() - continuations - spaces
}

/// Non-ASCII white-space characters (`char::is_whitespace`: U+0085, U+00A0, U+1680,
/// U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) in UTF-8 `bytes`.
fn wide_spaces(bytes: &[u8]) -> usize {
    let mut n = 0;
    let leads =
        memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).chain(memchr::memchr_iter(0xE1, bytes));
    for i in leads {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        n += usize::from(match bytes[i] {
            0xC2 => matches!(next(1), 0x85 | 0xA0),
            0xE1 => next(1) == 0x9A && next(2) == 0x80,
            0xE2 => match next(1) {
                0x80 => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                0x81 => next(2) == 0x9F,
                _ => false,
            },
            0xE3 => next(1) == 0x80 && next(2) == 0x80,
            _ => false,
        });
    }
    n
}

/// `s.trim().is_empty()`: nothing but Rust's white space (the scorer asks it of most text
/// nodes, and most blank ones are indentation). ASCII bytes first; the first other byte
/// starts a character (everything before it was ASCII), decoded from there on.
pub(crate) fn is_blank(s: &str) -> bool {
    match s.bytes().position(|b| !is_ascii_space(b)) {
        None => true,
        Some(i) => s.as_bytes()[i] >= 0x80 && s[i..].chars().all(char::is_whitespace),
    }
}

/// Readability's `replace(/\s{2,}/g, " ")`: runs of two or more white-space characters become
/// one space; a single one is kept as it is (a lone newline stays a newline).
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut c = Collapse::default();
    c.push(&mut out, s);
    c.finish(&mut out);
    out
}

/// [`collapse_spaces`] of text that comes in pieces (the text nodes of a subtree), written
/// into `out` piece by piece: a run of white space may span pieces.
#[derive(Default)]
pub(crate) struct Collapse {
    /// White-space characters seen since the last other character, and the first of them.
    run: usize,
    first: char,
}

impl Collapse {
    pub(crate) fn push(&mut self, out: &mut String, s: &str) {
        for c in s.chars() {
            if is_js_space(c) {
                if self.run == 0 {
                    self.first = c;
                }
                self.run += 1;
            } else {
                self.flush(out);
                out.push(c);
            }
        }
    }

    /// Writes the pending run; call once after the last piece.
    pub(crate) fn finish(&mut self, out: &mut String) {
        self.flush(out);
    }

    fn flush(&mut self, out: &mut String) {
        match self.run {
            0 => {}
            1 => out.push(self.first),
            _ => out.push(' '),
        }
        self.run = 0;
    }
}

/// Every run of white space as one space, trimmed: text for one-line previews.
pub(crate) fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_squashed(&mut out, &mut false, s);
    out
}

/// Appends `s` to `out` squashed, for text that comes in pieces: after the last piece, `out`
/// is [`squash_spaces`] of the pieces joined. `space`: white space came after `out`'s last
/// word (a run may span pieces, and so may a word); start with `false` and an empty `out`.
pub(crate) fn push_squashed(out: &mut String, space: &mut bool, s: &str) {
    push_squashed_by(out, space, s, is_js_space);
}

/// [`push_squashed`] with another definition of white space for the characters that are not
/// ASCII (`is_space`; the ASCII ones are always space, tab, LF, VT, FF and CR).
pub(crate) fn push_squashed_by(
    out: &mut String,
    space: &mut bool,
    s: &str,
    is_space: impl Fn(char) -> bool,
) {
    // What squashing leaves as it is, words with one ASCII space between them, is copied in
    // one piece: only other white space (a run, a tab or newline, a space at either end)
    // breaks the copy. Copying word by word cost a `memcpy` call per word, and the refiner and
    // the text rendering squash every block of the article. ASCII bytes are tested directly
    // and only other characters decoded.
    let bytes = s.as_bytes();
    let n = bytes.len();
    // Whether the character at `i` (not ASCII) is white space, and its length in bytes.
    let class = |i: usize| {
        s[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (is_space(c), c.len_utf8()))
    };
    let mut i = 0;
    while i < n {
        let (ws, len) = match bytes[i] {
            b if b < 0x80 => (is_ascii_space(b), 1),
            _ => class(i),
        };
        if ws {
            *space = true;
            i += len;
            continue;
        }
        let start = i;
        loop {
            // To the end of the word: ASCII other than white space eight bytes at a time, then
            // a byte at a time; other characters decoded.
            while i < n {
                i += ascii_word_len(&bytes[i..]);
                // Stopped at the end, at ASCII white space, or at another character.
                if i == n || bytes[i] < 0x80 {
                    break;
                }
                let (ws, len) = class(i);
                if ws {
                    break;
                }
                i += len;
            }
            // One space and another word: the piece goes on.
            if i + 1 < n
                && bytes[i] == b' '
                && match bytes[i + 1] {
                    b if b < 0x80 => !is_ascii_space(b),
                    _ => !class(i + 1).0,
                }
            {
                i += 1;
                continue;
            }
            break;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(&s[start..i]);
    }
}

/// Space, tab, LF, VT, FF or CR: the ASCII white space of both `char::is_whitespace` and
/// JavaScript's `\s`.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// How many of the first bytes of `b` are ASCII and not white space (eight bytes at a time,
/// [`swar`]).
fn ascii_word_len(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(x) = swar::load(b, i) {
        let stop = swar::spaces(x) | (x & swar::HIGH);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| c >= 0x80 || is_ascii_space(c))
        .unwrap_or(b.len() - i)
}

/// The first `max` characters of [`squash_spaces`]`(s)`, without squashing the rest.
pub(crate) fn squash_spaces_prefix(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for word in s.split(is_js_space).filter(|w| !w.is_empty()) {
        if n == max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        for c in word.chars() {
            if n == max {
                break;
            }
            out.push(c);
            n += 1;
        }
    }
    out
}

/// JavaScript's `s.split(/\s+/).length`, Readability's word count: one more than the runs of
/// white space, so `""` counts 1 and `" a "` counts 3 (the empty ends are pieces too).
pub(crate) fn js_word_count(s: &str) -> usize {
    let mut n = 1;
    let mut in_space = false;
    for c in s.chars() {
        if is_js_space(c) {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            in_space = false;
        }
    }
    n
}

/// `s.to_lowercase()`, into `buf` (cleared first), so that a loop lower-casing one sentence
/// or block after another reuses one allocation. Runs of ASCII are copied and lower-cased in
/// bulk and only the other characters are mapped one by one; `str::to_lowercase` maps every
/// character after the first non-ASCII one singly, and news prose has a curly quote in most
/// sentences. Capital sigma's lower case depends on its neighbours (final `ς`), so text with
/// one is left to the standard library.
pub(crate) fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    buf.reserve(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = buf.len();
        buf.push_str(&rest[..ascii]);
        buf[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            // Found here, among the few characters decoded, rather than by a search of the
            // whole text first (`contains` of a non-ASCII char sets up a substring searcher
            // on every call: 0.6 % of a clean in V8).
            if c == 'Σ' {
                buf.clear();
                buf.push_str(&s.to_lowercase());
                return;
            }
            buf.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// Readability's `_textSimilarity`: 1 minus the share of `b`'s tokens (by joined UTF-16 length)
/// that `a` lacks. Tokens are runs of letters, digits and `_` in any script (Readability's
/// `\W+` split is ASCII-only, which would find no token at all in a Chinese or Russian
/// headline); lower-cased first.
pub(crate) fn text_similarity(a: &str, b: &str) -> f64 {
    fn tokens(s: &str) -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }
    let ta: HashSet<String> = tokens(a).into_iter().collect();
    let tb = tokens(b);
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    // Joined with single spaces: the length of the tokens plus one per gap.
    let joined = |ts: &mut dyn Iterator<Item = &String>| {
        let (len, n) = ts.fold((0, 0), |(len, n), t| (len + js_len(t), n + 1));
        len + n.max(1) - 1
    };
    let uniq = joined(&mut tb.iter().filter(|t| !ta.contains(*t)));
    let total = joined(&mut tb.iter());
    1.0 - uniq as f64 / total as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn non_space_counts_what_char_is_whitespace_does_not() {
        let mut samples: Vec<String> = (0u8..128).map(|b| format!("a{}b", b as char)).collect();
        samples.extend(
            [
                "",
                " ",
                "\t\n\x0b\x0c\r x",
                "caf\u{e9} au lait",
                "a\u{a0}b\u{2003}c\u{3000}d\u{85}e",
            ]
            .map(String::from),
        );
        samples.push("word ".repeat(100));
        // Every byte value in every lane of a word, beside every other.
        for a in 0u8..128 {
            for b in [0u8, 9, 13, 14, 31, 32, 33, 127] {
                samples.push(
                    format!("{}{}{}{}", a as char, b as char, a as char, b as char).repeat(5),
                );
            }
        }
        // Every character that is or might look like white space, and their neighbours.
        let wide: Vec<char> = (0x80..0x3100u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() || c.len_utf8() > 1 && (*c as u32 & 0xFF) < 0xB0)
            .collect();
        for c in &wide {
            for k in 0..8 {
                samples.push(format!("{}{c}y {c}\u{a0}{}", "x".repeat(k), " ".repeat(k)));
            }
        }
        samples.push(wide.iter().collect());
        samples.push("\u{2019}\u{200b}\u{2060}\u{180e}\u{feff} \u{2003}".to_string());
        for s in &samples {
            let want = s.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(super::non_space(s), want, "{s:?}");
        }
    }

    #[test]
    fn blank_is_trimmed_empty() {
        let alphabet: Vec<char> = "a é \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{feff}\u{2003}\u{1f}"
            .chars()
            .collect();
        let mut next = crate::test_rng(0x4F1B_BCDC_BFA5_3E0B);
        for _ in 0..4000 {
            let len = next(6);
            let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(is_blank(&s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn squash_is_split_on_js_space() {
        let alphabet: Vec<char> = "ab é中 \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{feff}\u{2003}"
            .chars()
            .collect();
        let mut next = crate::test_rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..4000 {
            let len = next(30);
            let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let want = s
                .split(is_js_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(squash_spaces(&s), want, "{s:?}");
        }
    }

    #[test]
    fn squash_prefix_is_the_prefix_of_the_squash() {
        let alphabet: Vec<char> = "ab é中 \t\n\u{a0}\u{2003}".chars().collect();
        let mut next = crate::test_rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2000 {
            let len = next(40);
            let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            for max in [0, 1, 2, 3, 5, 8, 100] {
                let want: String = squash_spaces(&s).chars().take(max).collect();
                assert_eq!(squash_spaces_prefix(&s, max), want, "{s:?} {max}");
            }
        }
    }

    use super::*;

    #[test]
    fn lengths_are_utf16() {
        assert_eq!(js_len("abc"), 3);
        assert_eq!(js_len("é"), 1);
        assert_eq!(js_len("😀"), 2);
    }

    #[test]
    fn spaces_follow_javascript() {
        assert!(is_js_space('\u{FEFF}') && is_js_space('\u{A0}') && is_js_space('\u{3000}'));
        assert!(!is_js_space('\u{85}') && !is_js_space('x'));
        assert_eq!(collapse_spaces("a\nb  c \t d\u{A0}e"), "a\nb c d\u{A0}e");
        assert_eq!(collapse_spaces("  a  "), " a ");
        assert_eq!(squash_spaces("  a \n b\u{3000}c  "), "a b c");
        assert_eq!(squash_spaces(" \t "), "");
        assert_eq!(js_word_count(""), 1);
        assert_eq!(js_word_count("one two  three"), 3);
        assert_eq!(js_word_count(" one "), 3);
    }

    #[test]
    fn similarity_counts_missing_tokens_by_length() {
        assert_eq!(text_similarity("The Harbour Wall", "the harbour wall"), 1.0);
        assert_eq!(text_similarity("abc", "xyz"), 0.0);
        // "wall" (4) of "harbour wall" (12) is missing.
        let s = text_similarity("harbour", "harbour wall");
        assert!((s - (1.0 - 4.0 / 12.0)).abs() < 1e-9, "{s}");
        // Any script has tokens.
        assert_eq!(text_similarity("港口 防波堤", "港口 防波堤"), 1.0);
        assert_eq!(text_similarity("", "a"), 0.0);
    }

    /// Text squashed piece by piece is the whole text squashed, wherever the pieces are cut
    /// (inside words, inside runs of white space, inside a character's neighbours).
    #[test]
    fn squashed_pieces_are_the_whole_squashed() {
        let parts = [
            "a",
            "bc",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "é",
            "日本",
            "\u{feff}",
            "x.",
            "eight+ascii",
        ];
        let mut rng = crate::test_rng(5);
        for _ in 0..20_000 {
            let pieces: Vec<String> = (0..rng(6))
                .map(|_| crate::test_string(&mut rng, &parts, 5))
                .collect();
            let (mut out, mut space) = (String::new(), false);
            for p in &pieces {
                push_squashed(&mut out, &mut space, p);
            }
            let want = pieces
                .concat()
                .split(is_js_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(out, want, "{pieces:?}");
        }
    }

    /// Every byte value in every lane of the eight-byte steps and of the tail.
    #[test]
    fn ascii_word_len_stops_at_white_space_and_other_characters() {
        for len in [0, 1, 7, 8, 9, 16, 21] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut buf = vec![b'a'; len];
                    buf[at] = b;
                    let want = buf
                        .iter()
                        .position(|&c| c >= 0x80 || c.is_ascii_whitespace() || c == 0x0b)
                        .unwrap_or(len);
                    assert_eq!(ascii_word_len(&buf), want, "{buf:?}");
                }
            }
        }
    }

    #[test]
    fn lower_into_is_to_lowercase() {
        // Capital sigma in every position (final or not), characters whose lower case is
        // longer or ASCII (`İ`, the Kelvin sign), ASCII runs of any length around them.
        let parts = [
            "A", "b", "Zq ", " ", "Σ", "ΑΣ", "σ", "İ", "\u{212A}", "ẞ", "É", "é", "’", "日本", "x.",
        ];
        let mut rng = crate::test_rng(6);
        let mut buf = String::from("left over");
        for _ in 0..20_000 {
            let s = crate::test_string(&mut rng, &parts, 8);
            lower_into(&mut buf, &s);
            assert_eq!(buf, s.to_lowercase(), "{s:?}");
        }
    }
}
