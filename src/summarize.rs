//! Summarize: reading time and key points.
//!
//! Key points are extractive: verbatim sentences of the article's text, chosen in four steps.
//!
//! 1. **Sentences.** The breaks of UAX #29's sentence rules (after a terminator, closing quotes
//!    and white space), found by a plain scan in [`sentence_bounds`] rather than by
//!    unicode-segmentation, whose sentence tables cost ~12 kB of gzipped wasm; then a merge
//!    pass for what such breaks split wrongly: abbreviations and initials ("Mr.", "U.S.",
//!    "Jan. 5", "p.m.", "J. K."), a quotation that holds several sentences, and a piece that
//!    starts lower-case ("Why?" he asked). Segmentation stops once [`MAX_CANDIDATES`]
//!    sentences qualify: only those compete, which bounds the O(n²) work below and favours the
//!    lead, where news puts what matters.
//! 2. **Candidates.** Skipped: captions and credit lines (a block with a credit, even one run
//!    into the text as "…underground.CreditCreditName", and, once the prose has begun, any
//!    block that ends on a bare word: captions, subheadings, labels), title-cased headings,
//!    editor's inserts in square brackets, bylines, datelines and time stamps, fragments under
//!    [`MIN_WORDS`] words, pieces of a longer quotation, questions to the reader, promo and link
//!    lines. A leading news dateline ("WASHINGTON (Reuters) - ") is cut from the sentence's
//!    start. The candidates of the first block that has any are the lede.
//! 3. **Score.** LexRank centrality (PageRank over the cosine similarities of TF-IDF sentence
//!    vectors; tokens are stemmed and stop words dropped for the languages in `summarize/`,
//!    plain lower-cased tokens elsewhere) mixed with a position prior for the lead, weaker
//!    after the lede.
//! 4. **Select.** MMR: greedily the best score minus the similarity to what is already chosen
//!    and to the lede, with hard limits: at most one point from the lede (the reader sees it
//!    right below the card; issue #15) and never a (near-)duplicate of a chosen point; then
//!    back into document order.
//!
//! Deterministic by construction: no randomness, ties broken by position, and no float
//! function whose last bit may differ between platforms (the only logarithm is [`ln`], written
//! out with `+ - * /`), so native and wasm choose the same points. No float reaches the output.
//!
//! Cost, measured on the Readability corpus (130 pages; 2-core Xeon, shared): the wasm package
//! grows by 18.8 kB gzipped (533.6 → 552.4 kB, opt-level 3); a clean() in headless Chromium
//! takes 0.5–0.7 ms more at the median page (`make bench-browser`, 3.55–3.75 → 4.21–4.33 ms).
//!
//! Stemming: the Snowball stemmers of rust-stemmers, even with LTO keeping only English and
//! Turkish, measured 19.4 kB gzipped in wasm, most of the headroom under the package's size
//! ceiling. The light stemmers here cost a few hundred bytes: English loses plural, `-ing`,
//! `-ed` and `-ly` endings; Turkish, whose suffixes stack, keeps the first five letters (fixed
//! prefix truncation, which retrieval studies on Turkish found as good as a full stemmer).

use crate::text::{js_len, lower_into};
use crate::words::Words;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::article::{KeyPoint, Summary, SummaryLength};

/// Words per minute for scripts written with spaces between words.
const WORDS_PER_MINUTE: f64 = 230.0;
/// Characters per minute for Chinese, Japanese and Korean, which are read by character.
const CJK_CHARS_PER_MINUTE: f64 = 500.0;

fn is_cjk(c: char) -> bool {
    // Everything below the kana is not CJK: one comparison for almost every character.
    (c as u32) >= 0x3040
        && matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// `(word_count, cjk_chars)`: Unicode words (UAX #29) not written in CJK, and CJK
/// characters. Word bounds never join across ASCII white space, so the text is cut there and
/// each all-ASCII piece (most of them, in most languages' articles) is counted by
/// [`ascii_words`], several times faster than the general segmenter, which counts the rest.
fn count(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut cjk = 0;
    let mut start = 0;
    // Split as bytes (an ASCII byte is never part of another character), not decoded.
    for piece in text.as_bytes().split(u8::is_ascii_whitespace) {
        let at = start;
        start += piece.len() + 1;
        if piece.is_empty() {
            continue;
        }
        if piece.is_ascii() {
            words += ascii_words(piece);
            continue;
        }
        // With the white space before it: a combining mark after a space belongs to the
        // space's segment (UAX #29 WB4), not to a word of its own.
        let (w, c) = count_by_segmenter(&text[at.saturating_sub(1)..at + piece.len()]);
        words += w;
        cjk += c;
    }
    (words, cjk)
}

/// [`count`] by the general UAX #29 segmenter alone.
fn count_by_segmenter(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut cjk = 0;
    for w in text.unicode_words() {
        let n = w.chars().filter(|&c| is_cjk(c)).count();
        if n > 0 {
            cjk += n;
        } else {
            words += 1;
        }
    }
    (words, cjk)
}

/// UAX #29 word count of an ASCII piece without white space, as `unicode_words().count()`
/// gives it: letters and digits run together (WB5, WB8–10), `_` joins them (WB13a/b), and a
/// single `:` `.` `'` between letters (WB6/7) or `,` `;` `.` `'` between digits (WB11/12)
/// stays inside the word; a segment counts when it holds a letter or digit.
fn ascii_words(b: &[u8]) -> usize {
    // Most pieces are one plain word: letters and digits all join (WB5, WB8–10).
    if !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric) {
        return 1;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        Letter,
        Digit,
        Underscore,
        MidLetter,
        MidNumLet,
        MidNum,
        Other,
    }
    fn class(x: u8) -> C {
        match x {
            b'A'..=b'Z' | b'a'..=b'z' => C::Letter,
            b'0'..=b'9' => C::Digit,
            b'_' => C::Underscore,
            b':' => C::MidLetter,
            b'.' | b'\'' => C::MidNumLet,
            b',' | b';' => C::MidNum,
            _ => C::Other,
        }
    }
    let at = |i: usize| b.get(i).copied().map_or(C::Other, class);
    let alnum = |c: C| matches!(c, C::Letter | C::Digit);
    let mut words = 0;
    let mut has_alnum = false;
    for i in 0..b.len() {
        let c = at(i);
        let joined = i > 0 && {
            let p = at(i - 1);
            (alnum(p) && alnum(c))
                || (c == C::Underscore && (alnum(p) || p == C::Underscore))
                || (p == C::Underscore && alnum(c))
                || (p == C::Letter
                    && matches!(c, C::MidLetter | C::MidNumLet)
                    && at(i + 1) == C::Letter)
                || (matches!(p, C::MidLetter | C::MidNumLet)
                    && c == C::Letter
                    && i >= 2
                    && at(i - 2) == C::Letter)
                || (p == C::Digit && matches!(c, C::MidNum | C::MidNumLet) && at(i + 1) == C::Digit)
                || (matches!(p, C::MidNum | C::MidNumLet)
                    && c == C::Digit
                    && i >= 2
                    && at(i - 2) == C::Digit)
        };
        if !joined {
            words += usize::from(has_alnum);
            has_alnum = false;
        }
        has_alnum |= alnum(c);
    }
    words + usize::from(has_alnum)
}

/// `(word_count, reading_minutes)` in one pass over the text.
pub(crate) fn reading_stats(text: &str) -> (usize, u32) {
    let (w, c) = count(text);
    (w + c, minutes(w, c))
}

/// Whole minutes to read `text`, at least 1 when there is any.
#[cfg(test)]
fn reading_minutes(text: &str) -> u32 {
    let (w, c) = count(text);
    minutes(w, c)
}

fn minutes(w: usize, c: usize) -> u32 {
    if w + c == 0 {
        return 0;
    }
    let minutes = w as f64 / WORDS_PER_MINUTE + c as f64 / CJK_CHARS_PER_MINUTE;
    (minutes.round() as u32).max(1)
}

/// What `Summary::method` says ran.
const METHOD: &str = "lexrank+position+mmr";
/// Only the first this many qualifying sentences compete (speed, and a bias to the lead).
const MAX_CANDIDATES: usize = 40;
/// Sentences looked at, qualifying or not: on a page of fragments (a listing, a forum) the
/// search for candidates stops here, so its cost has a bound.
const MAX_EXAMINED: usize = 400;
/// Shorter sentences are fragments, not points.
const MIN_WORDS: usize = 5;
/// Longer "sentences" are run-ons: lists, tables, legal text.
const MAX_WORDS: usize = 90;
/// Unterminated lines (no final `.` or `!`) are headings or labels unless this long; longer ones
/// are often the standfirst, which says what the article is about.
const MIN_WORDS_UNTERMINATED: usize = 10;
/// PageRank damping for LexRank.
const DAMPING: f64 = 0.85;
/// Power-iteration rounds for LexRank (converges well before on ≤ 60 sentences).
const ITERATIONS: usize = 30;
/// Weight of the position prior `1 / (1 + i)` (i: rank among the candidates) against
/// centrality (scaled to 0..1), for the lede's sentences, of which one point is taken. Chosen
/// on the Readability corpus' page descriptions, 3 points, before the lede limit: ROUGE-1 F1
/// 31.0 at 0.5 with a `1 / sqrt(1 + i)` prior, 37.4 here. Figures: scripts/eval-summary.sh.
const POSITION_WEIGHT: f64 = 0.85;
/// MMR trade-off: weight of the score against the similarity to points already chosen.
const MMR_LAMBDA: f64 = 0.7;
/// Weight of the position prior after the lede (see [`POSITION_WEIGHT`]): lower, so that
/// centrality picks the other points from across the article. With the lede limit, 3 points
/// (scripts/eval-summary.sh, 2026-11-30): ROUGE-1 F1 against page descriptions 31.2 (Lead-3
/// 36.6; 31.4 at 0.85, 30.3 at 0.3), against sadedegel's human judgements 29.2 (Lead-3 20.0;
/// 24.1 at 0.85, which rewards centrality).
const REST_POSITION_WEIGHT: f64 = 0.5;
/// Cosine similarity from which a sentence repeats a chosen point ("… on Monday evening." /
/// "… on Monday night."), and is never chosen beside it.
const DUPLICATE_SIM: f64 = 0.6;

/// A language with stop words (and maybe a stemmer).
struct Lang {
    code: &'static str,
    stop_words: &'static str,
    stem: fn(&str) -> &str,
}

/// Stop-word lists are data files (one word a line, `#` comments), one per language.
const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        stop_words: include_str!("summarize/en.txt"),
        stem: stem_en,
    },
    Lang {
        code: "tr",
        stop_words: include_str!("summarize/tr.txt"),
        stem: stem_tr,
    },
    Lang {
        code: "de",
        stop_words: include_str!("summarize/de.txt"),
        stem: no_stem,
    },
    Lang {
        code: "fr",
        stop_words: include_str!("summarize/fr.txt"),
        stem: no_stem,
    },
    Lang {
        code: "es",
        stop_words: include_str!("summarize/es.txt"),
        stem: no_stem,
    },
];

fn words_of(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether `word` (lower-case) is one of `l`'s stop words, by [`stop_mask`]: the summary asks
/// for every word of every candidate sentence, and a binary search of a few hundred strings
/// per word was most of the summary's cost on small pages (callgrind, 310 clean()s of the
/// Readability corpus's pages under 2.5 kB).
fn is_stop(l: &Lang, word: &str) -> bool {
    LANGS
        .iter()
        .position(|x| x.code == l.code)
        .is_some_and(|i| stop_mask(word) & (1 << i) != 0)
}

/// The languages (bit `i` for `LANGS[i]`) that have `word` (lower-case) as a stop word: one
/// map for all of them, made once, so that guessing the language asks once per word, not
/// once per language (a third of the summary's cost on small pages went to those lookups).
fn stop_mask(word: &str) -> u8 {
    static MASKS: OnceLock<hashbrown::HashMap<&'static str, u8>> = OnceLock::new();
    const _: () = assert!(LANGS.len() <= 8, "one bit per language in a u8");
    let masks = MASKS.get_or_init(|| {
        let mut m = hashbrown::HashMap::new();
        for (i, l) in LANGS.iter().enumerate() {
            for &w in stop_list(l) {
                *m.entry(w).or_insert(0u8) |= 1 << i;
            }
        }
        m
    });
    masks.get(word).copied().unwrap_or(0)
}

/// A language's stop words, as its file lists them (in byte order; a test checks). Parsed once
/// per language: re-reading a file of a few hundred lines for every sentence was most of the
/// summary's cost on small pages.
fn stop_list(l: &Lang) -> &'static [&'static str] {
    static LISTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        LANGS
            .iter()
            .map(|l| words_of(l.stop_words).collect())
            .collect()
    });
    LANGS
        .iter()
        .position(|x| x.code == l.code)
        .map_or(&[][..], |i| lists[i].as_slice())
}

/// ASCII letters and digits by byte value: one load a byte in [`for_each_word`]'s loop, where
/// the two range tests took several instructions.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Calls `f` with each word of `s`: a run of letters and digits (with apostrophes inside it,
/// "don't", "Trump’ın"), or a single CJK character. A plain scan: UAX #29 word bounds are
/// several times slower and tell nothing more that matters for sentence similarity.
fn for_each_word<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let b = s.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        // ASCII letters and digits first, a byte at a time: most characters of most articles,
        // and neither CJK nor in need of decoding or the Unicode tables.
        if ALNUM[b[i] as usize] {
            start.get_or_insert(i);
            i += 1;
            // The rest of the run in a tight loop (folding the first byte into the loop
            // measured 1 % more instructions in the summary).
            while i < b.len() && ALNUM[b[i] as usize] {
                i += 1;
            }
            continue;
        }
        let c = if b[i].is_ascii() {
            b[i] as char
        } else {
            s[i..].chars().next().unwrap_or_default()
        };
        let next = i + c.len_utf8();
        if !c.is_ascii() && c.is_alphanumeric() {
            if is_cjk(c) {
                if let Some(st) = start.take() {
                    f(&s[st..i]);
                }
                f(&s[i..next]);
            } else {
                start.get_or_insert(i);
            }
        } else {
            let inner_apostrophe = matches!(c, '\'' | '\u{2019}')
                && start.is_some()
                && s[next..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric() && !is_cjk(n));
            if !inner_apostrophe {
                if let Some(st) = start.take() {
                    f(&s[st..i]);
                }
            }
        }
        i = next;
    }
    if let Some(st) = start {
        f(&s[st..]);
    }
}

/// `w` lower-cased as [`lower_word_into`] does it: `w` itself when it is ASCII without
/// capitals, as most words are, else `buf` holding the lower case.
fn lower_word<'a>(buf: &'a mut String, w: &'a str, turkish: bool) -> &'a str {
    if !turkish && w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return w;
    }
    lower_word_into(buf, w, turkish);
    buf
}

/// Puts `w` lower-cased into `buf` (replacing what it held), character by character, with
/// Turkish's dotless and dotted i when `turkish`.
fn lower_word_into(buf: &mut String, w: &str, turkish: bool) {
    buf.clear();
    if w.is_ascii() && !turkish {
        // Most words of most articles: the same as below, a byte at a time.
        buf.push_str(w);
        buf.make_ascii_lowercase();
        return;
    }
    for c in w.chars() {
        match c {
            'I' if turkish => buf.push('ı'),
            'İ' if turkish => buf.push('i'),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

fn no_stem(w: &str) -> &str {
    w
}

/// English: drops a possessive, plural, `-ing`, `-ed` or `-ly` ending and a final `e`, so that
/// "elections"/"election" and "voting"/"voted"/"vote" meet.
fn stem_en(w: &str) -> &str {
    let mut w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w);
    let has_vowel = |s: &str| s.bytes().any(|b| b"aeiouy".contains(&b));
    if w.len() > 4 && w.ends_with("ies") {
        w = &w[..w.len() - 3]; // "policies" → "polic", as "policy" → "polic" below
    } else if w.ends_with("sses") {
        w = &w[..w.len() - 2];
    } else if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w = &w[..w.len() - 1];
    }
    for suffix in ["ing", "ed", "ly"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 && has_vowel(s) {
                w = s;
                break;
            }
        }
    }
    if w.len() > 4 {
        if let Some(s) = w.strip_suffix('e').or_else(|| w.strip_suffix('y')) {
            return s;
        }
    }
    w
}

/// Turkish: the part before an apostrophe (suffixes on proper names: "Trump’ın"), cut to its
/// first five letters. Turkish words are stems followed by stacked suffixes, and fixed-prefix
/// truncation at five letters (F5) matches a lemmatizing stemmer in retrieval on Turkish text.
fn stem_tr(w: &str) -> &str {
    let w = w.split(['\'', '\u{2019}']).next().unwrap_or(w);
    match w.char_indices().nth(5) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

/// The language for `Article::lang` (its primary subtag), else the one whose stop words are
/// most of the text's first words (at least one in seven), else none.
fn pick_lang(text: &str, tag: Option<&str>) -> Option<&'static Lang> {
    if let Some(tag) = tag {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some(l) = LANGS.iter().find(|l| l.code == primary) {
            return Some(l);
        }
        if !primary.is_empty() {
            return None;
        }
    }
    let head = &text[..text.char_indices().nth(1500).map_or(text.len(), |(i, _)| i)];
    // Each word lower-cased once, into one buffer, and counted for every language at once.
    let mut hits = [0usize; LANGS.len()];
    let mut words = 0usize;
    let mut lower = String::new();
    for_each_word(head, |w| {
        words += 1;
        let mask = stop_mask(lower_word(&mut lower, w, false));
        for (i, h) in hits.iter_mut().enumerate() {
            *h += usize::from(mask & (1 << i) != 0);
        }
    });
    let mut best: Option<(&Lang, usize)> = None;
    for (l, &hits) in LANGS.iter().zip(&hits) {
        if hits * 7 >= words.max(1) && best.is_none_or(|(_, b)| hits > b) {
            best = Some((l, hits));
        }
    }
    best.map(|(l, _)| l)
}

/// Key points of `text` (see the module doc), or `None` when no sentence qualifies.
/// `lang` is the article's language tag, if known. With `lede_limit`, at most one point comes
/// from the lede (issue #15: the reader shows the lede right below the card, so points from it
/// add nothing there). `Options::with_lede_limit` documents what the limit costs and gains.
pub(crate) fn summarize(
    text: &str,
    lang: Option<&str>,
    length: SummaryLength,
    lede_limit: bool,
) -> Option<Summary> {
    let lang_used = pick_lang(text, lang);
    let (candidates, lede) = candidates(text);
    if candidates.is_empty() {
        return None;
    }
    let (vectors, sigs) = vectorize(text, &candidates, lang_used);
    let n = candidates.len();
    // A text of one paragraph is all lede: then the limit has nothing else to choose from,
    // and does not apply.
    let lede = if lede_limit && lede < n { lede } else { 0 };
    let sim = similarities(&vectors);
    let centrality = lexrank(&sim, n);
    let cmax = centrality.iter().cloned().fold(0.0, f64::max);
    let scores: Vec<f64> = (0..n)
        .map(|i| {
            let c = if cmax > 0.0 {
                centrality[i] / cmax
            } else {
                0.0
            };
            // After the lede the prior weighs less, so that centrality brings the other points
            // from across the article rather than from the paragraphs right below the card.
            let w = if !lede_limit || i < lede {
                POSITION_WEIGHT
            } else {
                REST_POSITION_WEIGHT
            };
            let prior = 1.0 / (1.0 + i as f64);
            w * prior + (1.0 - w) * c
        })
        .collect();
    // Fewer points for short articles (never fewer than 3 when there are 3 candidates): at most
    // about half the sentences, so a summary stays a summary.
    let want = length.points().min(n.div_ceil(2).max(n.min(3)));
    let texts: Vec<&str> = candidates.iter().map(|&(s, e)| &text[s..e]).collect();
    let mut chosen = mmr(&scores, &sim, &texts, &sigs, lede, want);
    insertion_sort(&mut chosen);
    let mut points = Vec::with_capacity(chosen.len());
    // UTF-16 offsets, counted in one walk over the text in document order.
    let (mut at_byte, mut at_u16) = (0usize, 0usize);
    for i in chosen {
        let (s, e) = candidates[i];
        at_u16 += js_len(&text[at_byte..s]);
        let start = at_u16;
        let end = start + js_len(&text[s..e]);
        (at_byte, at_u16) = (e, end);
        points.push(KeyPoint {
            text: text[s..e].to_string(),
            start,
            end,
        });
    }
    Some(Summary {
        key_points: points,
        length,
        method: METHOD.to_string(),
        lang: lang_used.map(|l| l.code.to_string()),
    })
}

/// Sorts a short slice (a sentence's terms, the chosen points). The standard sorts cost ~5 kB
/// of wasm per element type, this costs a few hundred bytes.
fn insertion_sort<T: Copy + PartialOrd>(v: &mut [T]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// Byte ranges of the qualifying sentences, in document order, at most [`MAX_CANDIDATES`], and
/// how many of the first ones are in the lede: the first block (paragraph) of `text` that holds
/// a candidate. A label before it ("Image", a date) is not an opening paragraph.
fn candidates(text: &str) -> (Vec<(usize, usize)>, usize) {
    let mut out = Vec::new();
    let mut block: Option<(usize, bool)> = None; // (line start, the whole block is skipped)
    let mut lede: Option<(usize, usize)> = None; // (line start, candidates in it)
    let mut examined = 0;
    let mut lower = String::new();
    for_each_sentence(text, |line, s, e| {
        examined += 1;
        let skip = match block {
            Some((at, k)) if at == line.0 => k,
            _ => {
                let k = is_caption(&text[line.0..line.1], !out.is_empty());
                block = Some((line.0, k));
                k
            }
        };
        if !skip {
            if let Some(s) = judge(text, s, e, &mut lower) {
                out.push((s, e));
                match &mut lede {
                    None => lede = Some((line.0, 1)),
                    Some((at, n)) if *at == line.0 => *n += 1,
                    Some(_) => {}
                }
            }
        }
        out.len() < MAX_CANDIDATES && examined < MAX_EXAMINED
    });
    let lede = lede.map_or(0, |(_, n)| n);
    (out, lede)
}

/// Whether a block of text is a caption, credit or heading rather than prose, so that none of
/// its sentences may be a key point. `after_opening`: prose has begun in an earlier block.
fn is_caption(block: &str, after_opening: bool) -> bool {
    if has_credit(block) || glued_credit(block) {
        return true;
    }
    // A whole block in square brackets is an editor's insert: a promo, a correction, a note.
    let trimmed = block.trim();
    if trimmed.starts_with('[') && trimmed.ends_with(']') {
        return true;
    }
    // Article paragraphs end with a terminator, a closing quote or bracket, or a colon before
    // a list. Once the prose has begun, a block that ends on a bare word is a photo caption
    // ("… the place where he grew up"), a subheading or a label; before it, such a line may be
    // the standfirst, which [`judge`] weighs.
    after_opening
        && block
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// A credit run into the caption without a space or colon, as pages flatten it:
/// "…underground.CreditCreditChang W. Lee/The New York Times", "…Queens.Credit Jane Doe".
fn glued_credit(block: &str) -> bool {
    // At each capital C (a byte search; a substring searcher set up for every block cost
    // more than the search).
    let b = block.as_bytes();
    memchr::memchr_iter(b'C', b).any(|i| {
        if !b[i..].starts_with(b"Credit") {
            return false;
        }
        let before = block[..i].chars().next_back();
        let after = block[i + "Credit".len()..].chars().next();
        matches!(before, Some('.' | ')' | '”' | '"'))
            || before.is_some_and(char::is_lowercase)
            || after.is_some_and(char::is_uppercase)
    })
}

/// Calls `f((line_start, line_end), start, end)` for every sentence of `text` (byte offsets,
/// trimmed; a line is a block of text) until it returns false.
fn for_each_sentence(text: &str, mut f: impl FnMut((usize, usize), usize, usize) -> bool) {
    let mut line_start = 0;
    // The pieces of one line, in a buffer reused from line to line.
    let mut bounds = Vec::new();
    for line in text.split('\n') {
        let base = line_start;
        line_start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let span = (base, base + line.len());
        let mut f = |s, e| f(span, s, e);
        let mut pending: Option<(usize, usize)> = None;
        sentence_bounds(line, &mut bounds);
        for &(i, j) in &bounds {
            let piece = &line[i..j];
            let (s, e) = (base + i, base + j);
            pending = match pending {
                Some((ps, _)) if should_merge(&text[ps..s], piece) => Some((ps, e)),
                Some((ps, pe)) => {
                    if !emit(text, ps, pe, &mut f) {
                        return;
                    }
                    Some((s, e))
                }
                None => Some((s, e)),
            };
        }
        if let Some((ps, pe)) = pending {
            if !emit(text, ps, pe, &mut f) {
                return;
            }
        }
    }
}

/// Sentence pieces of one line into `out` (cleared first), as byte ranges that cover it: a
/// break after a sentence terminator and any closing quotes or brackets, where white space
/// follows (CJK full stops need none). These are the breaks of UAX #29's sentence rules
/// (SB9–SB11) without their character tables, which cost ~12 kB of gzipped wasm; the
/// exceptions UAX #29 makes (a lower-case word next, "U.S. officials") are made by
/// [`should_merge`], with more.
fn sentence_bounds(line: &str, out: &mut Vec<(usize, usize)>) {
    let b = line.as_bytes();
    let char_at = |i: usize| line.get(i..).and_then(|r| r.chars().next());
    out.clear();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        // ASCII other than the three terminators, most of a line, is passed over a byte at a
        // time without decoding; `i` stays on a character boundary.
        if b[i].is_ascii() && !matches!(b[i], b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let Some(c) = char_at(i) else { break };
        i += c.len_utf8();
        let cjk = matches!(c, '。' | '！' | '？');
        if !(cjk || matches!(c, '.' | '!' | '?' | '…' | '۔' | '।' | '؟')) {
            continue;
        }
        while let Some(q) = char_at(i) {
            if matches!(
                q,
                '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '.' | '!' | '?' | '。' | '！' | '？'
            ) {
                i += q.len_utf8();
            } else {
                break;
            }
        }
        let mut spaced = false;
        while let Some(w) = char_at(i) {
            if w.is_whitespace() {
                spaced = true;
                i += w.len_utf8();
            } else {
                break;
            }
        }
        if (spaced || cjk) && i < line.len() {
            out.push((start, i));
            start = i;
        }
    }
    if start < line.len() {
        out.push((start, line.len()));
    }
}

fn emit(text: &str, s: usize, e: usize, f: &mut impl FnMut(usize, usize) -> bool) -> bool {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead >= e - trail {
        return true;
    }
    f(s + lead, e - trail)
}

/// Titles and short forms that never end a sentence.
const ABBREV_ALWAYS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "det", "insp", "messrs", "mme", "mlle",
    "mt", "ft", "vs", "v", "approx", "cf", "dept", "e.g", "i.e", "doç", "yrd", "op", "av",
];
/// Short forms followed by a number: "Jan. 5", "No. 10", "Fig. 3".
const ABBREV_BEFORE_NUMBER: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "fig", "art", "vol", "p", "pp",
];
/// Short forms that may also end a sentence ("Apple Inc." / "Apple Inc. said").
const ABBREV_MAYBE: &[&str] = &[
    "inc", "corp", "co", "ltd", "jr", "sr", "etc", "bros", "plc", "llc", "vb",
];

/// Whether a sentence piece that starts with `next` continues `prev` (UAX #29 split it at an
/// abbreviation, an initial, inside a quotation, or before a lower-case word).
fn should_merge(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    let next = next.trim_start();
    let Some(first) = next.chars().find(|c| c.is_alphanumeric()) else {
        return true; // punctuation only: it belongs to the sentence before
    };
    if first.is_lowercase() {
        return true;
    }
    if prev.len() < 1000 && quote_open(prev) && quote_closes(next) {
        return true;
    }
    let Some(body) = prev.strip_suffix('.') else {
        return false;
    };
    let word = body
        .rsplit(|c: char| c.is_whitespace() || "([{\"'“‘«".contains(c))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let starts_function_word = || {
        let mut first = None;
        for_each_word(next, |w| {
            first.get_or_insert_with(|| w.to_lowercase());
        });
        let w = first.unwrap_or_default();
        is_stop(&LANGS[0], &w)
    };
    if ABBREV_ALWAYS.contains(&lower.as_str()) {
        return true;
    }
    if ABBREV_BEFORE_NUMBER.contains(&lower.as_str()) {
        return first.is_numeric();
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // An initial ("J. K. Rowling", "George W. Bush").
        return c.is_uppercase() && first.is_uppercase();
    }
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic));
    if dotted || ABBREV_MAYBE.contains(&lower.as_str()) {
        // "the U.S. Supreme Court" goes on; "in the U.S. The next day" does not.
        return !starts_function_word();
    }
    false
}

/// The balance of `s`'s quotation marks: curly and angle quotes opened less closed, and the
/// number of straight ones. Found by their bytes (`"`, and the lead bytes C2 and E2 of
/// `«»` C2 AB / BB and `“”` E2 80 9C / 9D, which no other character's bytes contain), not by
/// decoding every character of every sentence, which was a tenth of the summary's judging.
fn quote_counts(s: &str) -> (i32, u32) {
    let (mut depth, mut straight) = (0i32, 0u32);
    let b = s.as_bytes();
    for i in memchr::memchr3_iter(b'"', 0xC2, 0xE2, b) {
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'"', ..) => straight += 1,
            (0xC2, Some(0xAB), _) | (0xE2, Some(0x80), Some(0x9C)) => depth += 1,
            (0xC2, Some(0xBB), _) | (0xE2, Some(0x80), Some(0x9D)) => depth -= 1,
            _ => {}
        }
    }
    (depth, straight)
}

/// Whether `s` leaves a quotation open.
fn quote_open(s: &str) -> bool {
    let (depth, straight) = quote_counts(s);
    depth > 0 || straight % 2 == 1
}

/// Whether `s` closes a quotation opened before it.
fn quote_closes(s: &str) -> bool {
    let (depth, straight) = quote_counts(s);
    depth < 0 || straight % 2 == 1
}

/// Lines that are captions, credits, bylines, time stamps or promotion, not article prose
/// (matched anywhere in the lower-cased sentence).
static SKIP_CONTAINS: Words = Words::new(&[
    // bylines and author notes
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "contributed to this report",
    "contributed reporting",
    "follow him on",
    "follow her on",
    "follow them on",
    "can be reached at",
    // promotion and navigation
    "subscribe",
    "sign up",
    "newsletter",
    "click here",
    "read more",
    "read the full",
    "download the app",
    "download our app",
    "follow us",
    "share this",
    "sign in",
    "log in",
    "advertisement",
    "terms of service",
    "terms of use",
    "privacy policy",
    "all rights reserved",
    "originally appeared",
    "originally published",
    "tıklayın",
    "abone ol",
    // links
    "http://",
    "https://",
    "www.",
]);
/// Credit lines: a block that holds one is a caption, all of its sentences are skipped.
static CREDITS: Words = Words::new(&[
    "photo:",
    "photos:",
    "photograph:",
    "image:",
    "images:",
    "credit:",
    "caption:",
    "getty images",
    "photo by",
    "photograph by",
    "photo credit",
    "image credit",
    "image source",
    "illustration by",
    "illustration:",
    "ap photo",
    "file photo",
    "shutterstock",
    "©",
]);

/// Whether [`CREDITS`] occur in `block` lower-cased. A long block is lower-cased a piece at a
/// time, not whole: a page of one enormous line (random bytes) made a copy of its whole text.
/// The pieces overlap by more than a credit can span in the original (16 characters of up to
/// 4 bytes; each character lower-cases to at least one), so a match is always inside one
/// piece; and lower-casing a piece gives the same characters as the whole would, except for
/// Greek final sigma, which no credit holds.
fn has_credit(block: &str) -> bool {
    const PIECE: usize = 16 * 1024;
    const OVERLAP: usize = 4 * 16;
    let floor = |mut i: usize| {
        while !block.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !block.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut start = 0;
    let mut lower = String::new();
    while start < block.len() {
        let end = floor((start + PIECE).min(block.len()));
        let stop = ceil((end + OVERLAP).min(block.len()));
        lower_into(&mut lower, &block[start..stop]);
        if CREDITS.in_(&lower) {
            return true;
        }
        start = end;
    }
    false
}

/// Lines that start like bylines, time stamps or link labels.
const SKIP_STARTS: &[&str] = &[
    "by ",
    "updated",
    "published",
    "posted",
    "last updated",
    "last modified",
    "first published",
    "related:",
    "see also",
    "watch:",
    "listen:",
    "more:",
    "read:",
    "recommended:",
    "this article",
    "this story",
];

/// The start of the sentence at `text[s..e]` (past a leading dateline) if it may be a key point.
/// `lower` is a buffer for the sentence lower-cased, reused from one sentence to the next.
fn judge(text: &str, s: usize, e: usize, lower: &mut String) -> Option<usize> {
    let s = s + dateline_len(&text[s..e]);
    let sentence = &text[s..e];
    let words = sentence_words(sentence);
    if !(MIN_WORDS..=MAX_WORDS).contains(&words) {
        return None;
    }
    let end = sentence
        .trim_end_matches(|c: char| "\"'”’»)]".contains(c))
        .chars()
        .next_back();
    if matches!(end, Some('?' | '？')) {
        return None; // a question to the reader
    }
    let (depth, straight) = quote_counts(sentence);
    if depth != 0 || straight % 2 == 1 {
        // It opens or closes a quotation (`quote_open`, `quote_closes`): a piece of a longer
        // one ("“We’re having to put up with a lot of stuff today."), which does not stand
        // alone as a point.
        return None;
    }
    lower_into(lower, sentence);
    if SKIP_STARTS.iter().any(|p| lower.starts_with(p))
        || SKIP_CONTAINS.in_(lower)
        || (sentence.contains('@')
            && sentence
                .split_whitespace()
                .any(|w| w.contains('@') && w.contains('.')))
    {
        return None;
    }
    let terminated = matches!(end, Some('.' | '!' | '。' | '！' | '…' | '।' | '۔'));
    (terminated || (words >= MIN_WORDS_UNTERMINATED && !title_cased(sentence))).then_some(s)
}

/// Whether most longer words start with a capital ("What Happens Next For The Families"):
/// a heading, not a standfirst written in sentence case. Words of four letters or more,
/// because title case leaves short function words ("of", "the") lower-case; three in four,
/// so that German nouns, which are capitalised in prose, do not count as a title.
fn title_cased(s: &str) -> bool {
    let (mut long, mut caps) = (0, 0);
    for_each_word(s, |w| {
        if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
            long += 1;
            caps += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
    });
    long >= 3 && caps * 4 >= long * 3
}

/// Words in a sentence: Unicode words, CJK characters counting half (a CJK word is ~2).
fn sentence_words(s: &str) -> usize {
    let (mut w, mut c) = (0, 0);
    for_each_word(s, |x| {
        if x.chars().next().is_some_and(is_cjk) {
            c += 1;
        } else {
            w += 1;
        }
    });
    w + c / 2
}

/// Bytes of a news dateline at the start of `s` ("WASHINGTON (Reuters) - ", "(CNN) — ",
/// "LONDON, March 5 — "): a short capitalised prefix ended by a dash, or 0.
fn dateline_len(s: &str) -> usize {
    // Most sentences have no dash at all: a byte search settles them before any character is
    // decoded ('-', or the lead bytes E2 80 of '—' U+2014 and '–' U+2013).
    if !has_dash(s) {
        return 0;
    }
    let head_end = s.char_indices().nth(80).map_or(s.len(), |(i, _)| i);
    let head = &s[..head_end];
    let Some((pos, dash)) = [" - ", " — ", " – ", " -- ", "—", "–"]
        .iter()
        .filter_map(|d| head.find(d).map(|p| (p, *d)))
        .min()
    else {
        return 0;
    };
    let prefix = &s[..pos];
    let first = prefix
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic());
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2
        || first.chars().any(char::is_lowercase)
        || prefix.split_whitespace().count() > 6
        || prefix.contains(['!', '?', '"', '“'])
    {
        return 0;
    }
    let rest = &s[pos + dash.len()..];
    s.len() - rest.trim_start().len()
}

/// Whether `s` contains `-`, `—` or `–`, by its bytes.
fn has_dash(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'-', 0xE2, b)
        .any(|i| b[i] == b'-' || matches!(b.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94])))
}

/// The candidates' sentences as sparse unit vectors, stored end to end in one buffer (one
/// allocation, not one per sentence): sentence `i` is `entries[ends[i - 1]..ends[i]]`, its
/// (term id, weight) pairs sorted by term id.
struct Vectors {
    entries: Vec<(u32, f64)>,
    ends: Vec<usize>,
    /// How many terms there are: every id is below it.
    terms: usize,
}

impl Vectors {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where sentence `i`'s pairs lie in `entries`.
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        start..self.ends[i]
    }

    fn get(&self, i: usize) -> &[(u32, f64)] {
        &self.entries[self.range(i)]
    }
}

/// The length of a sentence's [`word_list`] (its words lower-cased, each closed by one byte),
/// or `None` where it is not known: a Turkish sentence with a word that is not ASCII, whose
/// Turkish lower case ([`lower_word_into`]) may differ in length from the list's. Equal lists
/// of two sentences have equal lengths, so [`mmr`] compares the lists themselves only where
/// the lengths agree or one is missing. (A hash of the bytes saved fewer instructions than it
/// cost; the length costs an addition per word. Curly quotes make most news sentences
/// non-ASCII, so a signature for ASCII sentences alone left most lists to be made.)
type Signature = Option<usize>;

/// TF-IDF vectors of the candidate sentences, L2-normalised, and their [`Signature`]s
/// (made in the same walk over the words).
fn vectorize(
    text: &str,
    candidates: &[(usize, usize)],
    lang: Option<&Lang>,
) -> (Vectors, Vec<Signature>) {
    let turkish = lang.is_some_and(|l| l.code == "tr");
    // The language's bit in `stop_mask`, found once rather than per word.
    let stop_bit = lang
        .and_then(|l| LANGS.iter().position(|x| x.code == l.code))
        .map_or(0, |i| 1u8 << i);
    // Term ids by stem. The stems are kept end to end in `stems`, and the table holds each
    // one's place and id, so that a new term costs no allocation of its own (a `String` key
    // per term cost more than the lookups). foldhash (hashbrown's default, already linked): the
    // keys are short words from the page, and SipHash's protection is not needed here.
    let hasher = hashbrown::DefaultHashBuilder::default();
    // Sized from the sentences' length (about one new term per 8 bytes of text), so that the
    // table is not rehashed as it fills (rehashing hashed every stem again); capped, as a
    // "word" may be a long run of letters, while the terms are at most the candidates' words.
    let text_len: usize = candidates.iter().map(|&(s, e)| e - s).sum();
    let mut ids: hashbrown::HashTable<(usize, usize, u32)> =
        hashbrown::HashTable::with_capacity((text_len / 8).min(4096));
    let mut stems = String::with_capacity((text_len / 2).min(1 << 16));
    let mut lower = String::new();
    // Each sentence's terms (reused), then all sentences' (term id, count) pairs end to end.
    let mut terms: Vec<u32> = Vec::new();
    let mut tf: Vec<(u32, u32)> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(candidates.len());
    let mut sigs: Vec<Signature> = Vec::with_capacity(candidates.len());
    for &(s, e) in candidates {
        terms.clear();
        let mut sig: Signature = Some(0);
        for_each_word(&text[s..e], |w| {
            let lower = lower_word(&mut lower, w, turkish);
            // Outside Turkish, `lower` is the word as the list lower-cases it, but for the
            // final sigma (`σ` for `ς`, of the same length); in Turkish, an ASCII word keeps its
            // length in the list (`I` → `i`).
            sig = match sig {
                Some(len) if !turkish => Some(len + lower.len() + 1),
                Some(len) if w.is_ascii() => Some(len + w.len() + 1),
                _ => None,
            };
            if lower.chars().all(|c| c.is_numeric())
                || (stop_bit != 0 && stop_mask(lower) & stop_bit != 0)
            {
                return;
            }
            let stem = lang.map_or(lower, |l| (l.stem)(lower));
            let hash = hasher.hash_one(stem);
            let id = match ids.find(hash, |&(a, b, _)| &stems[a..b] == stem) {
                Some(&(_, _, id)) => id,
                None => {
                    let id = ids.len() as u32;
                    let at = stems.len();
                    stems.push_str(stem);
                    ids.insert_unique(hash, (at, stems.len(), id), |&(a, b, _)| {
                        hasher.hash_one(&stems[a..b])
                    });
                    id
                }
            };
            terms.push(id);
        });
        insertion_sort(&mut terms);
        let from = tf.len();
        for &t in &terms {
            match tf[from..].last_mut() {
                Some((last, n)) if *last == t => *n += 1,
                _ => tf.push((t, 1)),
            }
        }
        ends.push(tf.len());
        sigs.push(sig);
    }
    let mut df = vec![0u32; ids.len()];
    for &(t, _) in &tf {
        df[t as usize] += 1;
    }
    let n = ends.len() as f64;
    // IDF by document frequency: at most MAX_CANDIDATES values, each computed once.
    let idf: Vec<f64> = (0..=ends.len())
        .map(|d| if d == 0 { 0.0 } else { 1.0 + ln(n / d as f64) })
        .collect();
    let entries: Vec<(u32, f64)> = tf
        .into_iter()
        .map(|(t, c)| (t, c as f64 * idf[df[t as usize] as usize]))
        .collect();
    let mut vectors = Vectors {
        entries,
        ends,
        terms: ids.len(),
    };
    for i in 0..vectors.len() {
        let range = vectors.range(i);
        let v = &mut vectors.entries[range];
        let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, x)| *x /= norm);
        }
    }
    (vectors, sigs)
}

/// Natural logarithm from `+ - * /` only, so that native and wasm agree to the last bit
/// (`f64::ln` calls the platform's libm, which may round differently). `x > 0`.
fn ln(x: f64) -> f64 {
    const LN_2: f64 = std::f64::consts::LN_2;
    let (mut m, mut k) = (x, 0i32);
    while m >= 2.0 {
        m /= 2.0;
        k += 1;
    }
    while m < 1.0 {
        m *= 2.0;
        k -= 1;
    }
    // ln m = 2 atanh(z), z = (m-1)/(m+1) ∈ [0, 1/3): the series converges fast.
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let (mut term, mut sum) = (z, 0.0);
    for i in 0..24 {
        sum += term / (2 * i + 1) as f64;
        term *= z2;
    }
    k as f64 * LN_2 + 2.0 * sum
}

/// Cosine similarities (the vectors are unit length), row-major n×n, 0 on the diagonal.
fn similarities(v: &Vectors) -> Vec<f64> {
    let n = v.len();
    let mut sim = vec![0.0; n * n];
    // Sentence i's weights spread out by term id, so that its product with each later sentence
    // is one lookup per term of that sentence, without the branches of merging two sorted
    // lists ([`dot`]). The terms they do not share add `+0.0` to the sum, which leaves it
    // unchanged: the products and their order are [`dot`]'s, and so is every bit of the result.
    let mut dense = vec![0.0; v.terms];
    for i in 0..n {
        for &(t, x) in v.get(i) {
            dense[t as usize] = x;
        }
        for j in i + 1..n {
            let d = v
                .get(j)
                .iter()
                .fold(0.0, |sum, &(t, y)| sum + dense[t as usize] * y);
            sim[i * n + j] = d;
            sim[j * n + i] = d;
        }
        for &(t, _) in v.get(i) {
            dense[t as usize] = 0.0;
        }
    }
    sim
}

/// The dot product of two sparse vectors by merging their sorted terms: what [`similarities`]
/// computes, kept as its reference.
#[cfg(test)]
fn dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Continuous LexRank: PageRank over the similarity graph (a sentence with no similar
/// sentence spreads its rank evenly).
fn lexrank(sim: &[f64], n: usize) -> Vec<f64> {
    // Row-stochastic transitions, computed once: a sentence passes its rank on to the
    // sentences like it, in proportion to their similarity.
    let mut trans = sim.to_vec();
    let mut dangling_rows = Vec::new();
    for j in 0..n {
        let row = &mut trans[j * n..(j + 1) * n];
        let sum: f64 = row.iter().sum();
        if sum > 0.0 {
            row.iter_mut().for_each(|x| *x /= sum);
        } else {
            dangling_rows.push(j);
        }
    }
    let base = (1.0 - DAMPING) / n as f64;
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..ITERATIONS {
        let dangling = dangling_rows.iter().map(|&j| rank[j]).sum::<f64>() / n as f64;
        next.iter_mut().for_each(|x| *x = dangling);
        for j in 0..n {
            let r = rank[j];
            for (x, t) in next.iter_mut().zip(&trans[j * n..(j + 1) * n]) {
                *x += r * t;
            }
        }
        next.iter_mut().for_each(|x| *x = base + DAMPING * *x);
        std::mem::swap(&mut rank, &mut next);
    }
    rank
}

/// Maximal marginal relevance: up to `want` indices, each the best score less its similarity
/// to the ones already chosen and to the lede (a point that restates the opening adds
/// nothing). Ties go to the earlier sentence. Hard limits, which the score
/// alone cannot guarantee: at most one point from the lede (the first `lede` candidates: the
/// reader sees them right below the card, so more of them would add nothing), and never a
/// sentence that repeats a chosen one (the same words, or nearly: a page may repeat a snippet
/// word for word, and the penalty above is only a trade-off).
fn mmr(
    scores: &[f64],
    sim: &[f64],
    texts: &[&str],
    sigs: &[Signature],
    lede: usize,
    want: usize,
) -> Vec<usize> {
    let n = scores.len();
    let mut chosen: Vec<usize> = Vec::with_capacity(want);
    let mut max_sim = vec![0.0f64; n];
    let mut dup_sim = vec![0.0f64; n];
    for (i, m) in max_sim.iter_mut().enumerate().skip(lede) {
        *m = (0..lede).map(|j| sim[j * n + i]).fold(0.0, f64::max);
    }
    let mut lede_taken = false;
    // Each sentence's words, made once when first compared (not once per comparison), and
    // only where the signatures leave the question open (most sentences never need them).
    let mut words: Vec<Option<Vec<u8>>> = vec![None; n];
    while chosen.len() < want.min(n) {
        let mut best: Option<(usize, f64)> = None;
        for i in 0..n {
            if chosen.contains(&i) || (lede_taken && i < lede) || dup_sim[i] >= DUPLICATE_SIM {
                continue;
            }
            let mut repeats = false;
            for &c in &chosen {
                if let (Some(a), Some(b)) = (sigs[i], sigs[c]) {
                    if a != b {
                        continue;
                    }
                }
                for k in [i, c] {
                    if words[k].is_none() {
                        words[k] = Some(word_list(texts[k]));
                    }
                }
                if words[c] == words[i] {
                    repeats = true;
                    break;
                }
            }
            if repeats {
                continue;
            }
            let v = MMR_LAMBDA * scores[i] - (1.0 - MMR_LAMBDA) * max_sim[i];
            if best.is_none_or(|(_, b)| v > b) {
                best = Some((i, v));
            }
        }
        let Some((pick, _)) = best else { break };
        chosen.push(pick);
        lede_taken |= pick < lede;
        for i in 0..n {
            let s = sim[pick * n + i];
            max_sim[i] = max_sim[i].max(s);
            dup_sim[i] = dup_sim[i].max(s);
        }
    }
    chosen
}

/// A sentence's words, lowercased, without punctuation: two sentences with the same list are
/// the same sentence (checked for sentences without any term left after stop words, whose
/// similarity is 0).
fn word_list(s: &str) -> Vec<u8> {
    // One buffer per sentence, each word lower-cased and closed by 0xFF (a byte UTF-8 never
    // uses, so equal buffers are equal lists), rather than a `String` per word.
    let mut v = Vec::new();
    for_each_word(s, |w| {
        if w.is_ascii() {
            v.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            v.extend_from_slice(w.to_lowercase().as_bytes());
        }
        v.push(0xFF);
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence pieces as the scan made them before it passed ASCII over by the byte:
    /// character by character.
    fn sentence_bounds_by_chars(line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            let cjk = matches!(c, '。' | '！' | '？');
            if !(cjk || matches!(c, '.' | '!' | '?' | '…' | '۔' | '।' | '؟')) {
                continue;
            }
            while chars
                .next_if(|&(_, q)| "\"'”’»)].!?。！？".contains(q))
                .is_some()
            {}
            let mut spaced = false;
            while chars.next_if(|&(_, w)| w.is_whitespace()).is_some() {
                spaced = true;
            }
            let at = chars.peek().map_or(line.len(), |&(i, _)| i);
            if (spaced || cjk) && at < line.len() {
                out.push((start, at));
                start = at;
            }
        }
        if start < line.len() {
            out.push((start, line.len()));
        }
        out
    }

    #[test]
    fn sentence_bounds_agree_with_a_scan_by_characters() {
        // Every terminator and closer, white space in and out of ASCII, and characters that
        // share lead bytes with them ('…' and '’' with '–'; '。' with '、').
        let parts = [
            "a", "Word", ".", "!", "?", "…", "۔", "।", "؟", "。", "！", "？", "\"", "'", "”", "’",
            "»", ")", "]", " ", "\t", "\u{a0}", "\u{3000}", "–", "、", "é", "中", "U.S.",
        ];
        let mut next = crate::test_rng(0x5e7);
        let mut bounds = vec![(7, 7)];
        for _ in 0..30_000 {
            let line = crate::test_string(&mut next, &parts, 14);
            sentence_bounds(&line, &mut bounds);
            assert_eq!(bounds, sentence_bounds_by_chars(&line), "{line:?}");
        }
    }

    #[test]
    fn similarities_are_the_merged_dot_products_to_the_bit() {
        // Sparse vectors over 12 terms, some empty, laid out as `vectorize` lays them out
        // (not of unit length: only the products matter here); each pair's similarity must
        // be `dot`'s, bit for bit (`+0.0` where they share nothing, not `-0.0`).
        let mut next = crate::test_rng(0xd07);
        for _ in 0..2_000 {
            let n = 1 + next(8);
            let (mut entries, mut ends) = (Vec::new(), Vec::new());
            for _ in 0..n {
                for t in 0..12u32 {
                    if next(3) == 0 {
                        entries.push((t, (1 + next(1000)) as f64 / 997.0));
                    }
                }
                ends.push(entries.len());
            }
            let v = Vectors {
                entries,
                ends,
                terms: 12,
            };
            let sim = similarities(&v);
            for i in 0..n {
                for j in 0..n {
                    let want = if i == j { 0.0 } else { dot(v.get(i), v.get(j)) };
                    assert_eq!(sim[i * n + j].to_bits(), want.to_bits(), "{i} {j}");
                }
            }
        }
    }

    #[test]
    fn term_ids_are_given_in_order_of_first_use() {
        // Enough distinct words that the term table grows many times: a word must keep its
        // id across the growth, and a new word must get the next one.
        let mut next = crate::test_rng(0x1d5);
        let vocab: Vec<String> = (0..400).map(|i| format!("w{i}x")).collect();
        let sentences: Vec<String> = (0..40)
            .map(|_| {
                (0..1 + next(30))
                    .map(|_| vocab[next(vocab.len())].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let text = sentences.join("\n");
        let mut ranges = Vec::new();
        let mut at = 0;
        for s in &sentences {
            ranges.push((at, at + s.len()));
            at += s.len() + 1;
        }
        let (v, _) = vectorize(&text, &ranges, None);
        let mut ids: std::collections::HashMap<&str, u32> = Default::default();
        for (i, s) in sentences.iter().enumerate() {
            let mut want: Vec<u32> = s
                .split(' ')
                .map(|w| {
                    let n = ids.len() as u32;
                    *ids.entry(w).or_insert(n)
                })
                .collect();
            want.sort_unstable();
            want.dedup();
            let got: Vec<u32> = v.get(i).iter().map(|&(t, _)| t).collect();
            assert_eq!(got, want, "sentence {i}");
        }
        assert_eq!(v.terms, ids.len());
    }

    #[test]
    fn has_dash_agrees_with_contains() {
        // The dashes among characters that share their lead bytes: E2 80 also leads '“' '’'
        // '…' and the hyphen U+2010, E2 the minus sign U+2212.
        let parts = [
            "-", "—", "–", "“", "’", "…", "a", " ", "é", "\u{2010}", "\u{2212}", "\u{e2}",
        ];
        let mut next = crate::test_rng(0xda5);
        for _ in 0..20_000 {
            let s = crate::test_string(&mut next, &parts, 8);
            assert_eq!(has_dash(&s), s.contains(['-', '—', '–']), "{s:?}");
        }
    }

    #[test]
    fn words_are_cut_as_by_the_characters() {
        // The definition, a character at a time: runs of letters and digits, joined over an
        // apostrophe between a word and a letter or digit that is not CJK; a CJK character
        // alone.
        fn by_chars(s: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut start: Option<usize> = None;
            let mut chars = s.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c.is_alphanumeric() && is_cjk(c) {
                    out.extend(start.take().map(|st| &s[st..i]));
                    out.push(&s[i..i + c.len_utf8()]);
                } else if c.is_alphanumeric() {
                    start.get_or_insert(i);
                } else if !(matches!(c, '\'' | '’')
                    && start.is_some()
                    && chars
                        .peek()
                        .is_some_and(|&(_, n)| n.is_alphanumeric() && !is_cjk(n)))
                {
                    out.extend(start.take().map(|st| &s[st..i]));
                }
            }
            out.extend(start.map(|st| &s[st..]));
            out
        }
        let parts = [
            "a", "Z9", " ", "'", "’", "中", "é", "ß", "\u{301}", "-", ".", "٣", "😀", "'a", "’中",
        ];
        let mut next = crate::test_rng(17);
        for _ in 0..20_000 {
            let s = crate::test_string(&mut next, &parts, 10);
            let mut words = Vec::new();
            for_each_word(&s, |w| words.push(w));
            assert_eq!(words, by_chars(&s), "{s:?}");
        }
    }

    #[test]
    fn signatures_are_the_word_lists_lengths() {
        // Words whose lower case changes length (`İ`, Turkish `I`, in ASCII words too), the
        // final sigma, curly apostrophes, capitals, digits, CJK.
        let parts = [
            "IT",
            "Iowa",
            "The",
            "said",
            "İstanbul",
            "IŞIK",
            "ΟΔΟΣ",
            "σας",
            "don’t",
            "U.S.",
            "2024",
            "中文",
            "Été",
            " ",
            ", ",
            ". ",
        ];
        let mut next = crate::test_rng(16);
        for _ in 0..3_000 {
            let s = crate::test_string(&mut next, &parts, 12);
            for lang in LANGS.iter().map(Some).chain([None]) {
                let (_, sigs) = vectorize(&s, &[(0, s.len())], lang);
                let list = word_list(&s).len();
                match sigs[0] {
                    Some(len) => assert_eq!(len, list, "{s:?} {:?}", lang.map(|l| l.code)),
                    None => assert!(
                        lang.is_some_and(|l| l.code == "tr") && !s.is_ascii(),
                        "{s:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn quote_counts_read_as_bytes_agree_with_the_characters() {
        // The marks, and characters that share bytes with them: `ë` (C3 AB), `Ļ` (C4 BB),
        // `‛` (E2 80 9B), `✜` (E2 9C 9C), `ǜ` (C7 9C), `‚` (E2 80 9A), `©` and the no-break
        // space (C2 A9, C2 A0: the quotes' lead byte), CJK.
        let parts = [
            "“", "”", "«", "»", "\"", "ë", "Ļ", "‛", "✜", "ǜ", "‚", "©", "\u{a0}", "中", "a", " ",
        ];
        let by_chars = |s: &str| {
            s.chars().fold((0i32, 0u32), |(d, q), c| match c {
                '“' | '«' => (d + 1, q),
                '”' | '»' => (d - 1, q),
                '"' => (d, q + 1),
                _ => (d, q),
            })
        };
        let mut next = crate::test_rng(15);
        for _ in 0..20_000 {
            let s = crate::test_string(&mut next, &parts, 10);
            assert_eq!(quote_counts(&s), by_chars(&s), "{s:?}");
        }
    }

    #[test]
    fn credits_are_found_in_long_blocks_as_in_the_whole_lowercased() {
        assert!(
            CREDITS.words_longest() <= 16,
            "has_credit's overlap assumes this"
        );
        let mut next = crate::test_rng(14);
        let bits = [
            "Photo by X",
            "İLLUSTRATION BY",
            "ÉÉ",
            "Σ ς",
            "a",
            " ",
            "©",
            "getty",
            " images",
        ];
        for round in 0..300 {
            // Filler of a length putting the pieces' edges anywhere, then random bits.
            let mut s = "é".repeat(next(9000)) + &"a".repeat(next(9000));
            for _ in 0..next(6) {
                s.push_str(bits[next(bits.len())]);
                s.push_str(&"x".repeat(next(3)));
            }
            s.push_str(&"ü".repeat(next(9000)));
            assert_eq!(
                has_credit(&s),
                CREDITS.in_(&s.to_lowercase()),
                "round {round}"
            );
        }
        // A credit across the first piece's edge (at 16 384 bytes).
        for cut in 16_370..16_390 {
            let s = "a".repeat(cut) + "Photo Credit" + &"b".repeat(20_000);
            assert!(has_credit(&s), "{cut}");
        }
    }

    #[test]
    fn fast_word_count_equals_the_segmenter() {
        // Random strings over the characters whose UAX #29 classes matter (letters, digits,
        // `_`, the mid-word punctuation, quotes, white space of each kind, a combining mark,
        // CJK, a ZWJ, an emoji, an accented letter), plus fixed tricky cases.
        let alphabet: Vec<char> = "aZq09_:.',;!-\"$ \t\n\r\u{0C}\u{301}\u{903}中あ\u{200D}😀é’"
            .chars()
            .collect();
        let mut next = crate::test_rng(0x2545_F491_4F6C_DD1D);
        let mut cases: Vec<String> = [
            "don't",
            "a.b.c",
            "1,000.50",
            "a1.2",
            "a.1",
            "__a",
            "_",
            "e.g.",
            "3:30",
            "a:b",
            "x,y",
            "1;2",
            "a..b",
            "'a'",
            "\u{301}a",
            " \u{301}a",
            "\n\u{903}a",
            "\t\u{903}b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let len = 1 + next(14);
            cases.push((0..len).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        for case in &cases {
            assert_eq!(count(case), count_by_segmenter(case), "{case:?}");
        }
    }

    #[test]
    fn counts_words_and_cjk_characters() {
        assert_eq!(reading_stats("Hello, world. It's fine.").0, 4);
        assert_eq!(reading_stats("中文文本").0, 4);
        assert_eq!(reading_minutes(""), 0);
        assert_eq!(reading_minutes("one"), 1);
        assert_eq!(reading_minutes(&"word ".repeat(2300)), 10);
    }

    fn sents(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_sentence(text, |_, s, e| {
            out.push(&text[s..e]);
            true
        });
        out
    }

    fn points(text: &str, length: SummaryLength) -> Vec<String> {
        summarize(text, Some("en"), length, false)
            .map(|s| s.key_points.into_iter().map(|p| p.text).collect())
            .unwrap_or_default()
    }

    #[test]
    fn merges_abbreviations_and_initials() {
        assert_eq!(
            sents("Mr. Smith met Dr. Jones in the U.S. Senate. They talked."),
            [
                "Mr. Smith met Dr. Jones in the U.S. Senate.",
                "They talked."
            ]
        );
        assert_eq!(
            sents("He moved to the U.S. The next day he left."),
            ["He moved to the U.S.", "The next day he left."]
        );
        assert_eq!(
            sents("The vote is on Jan. 5 in Ohio. It starts at 3 p.m. Tuesday. Polls close."),
            [
                "The vote is on Jan. 5 in Ohio.",
                "It starts at 3 p.m. Tuesday.",
                "Polls close."
            ]
        );
        assert_eq!(
            sents("It ends at 9 p.m. The rest follows."),
            ["It ends at 9 p.m.", "The rest follows."]
        );
        assert_eq!(
            sents("A book by J. K. Rowling sold well. George W. Bush read it."),
            [
                "A book by J. K. Rowling sold well.",
                "George W. Bush read it."
            ]
        );
        assert_eq!(
            sents("Apple Inc. said sales rose. Shares of Apple Inc. The company fell."),
            [
                "Apple Inc. said sales rose.",
                "Shares of Apple Inc.",
                "The company fell."
            ]
        );
    }

    #[test]
    fn keeps_quotations_whole() {
        assert_eq!(
            sents("\u{201c}We will win. We always do,\u{201d} she said. Then she left."),
            [
                "\u{201c}We will win. We always do,\u{201d} she said.",
                "Then she left."
            ]
        );
        assert_eq!(
            sents("\"Why?\" he asked. Nobody knew."),
            ["\"Why?\" he asked.", "Nobody knew."]
        );
        assert_eq!(
            sents("\"It is over.\" The crowd left."),
            ["\"It is over.\"", "The crowd left."]
        );
    }

    #[test]
    fn offsets_are_utf16_and_verbatim() {
        let text = "Ünïcödé 😀 headline without a stop\n\n\
            Émilie Dupont a visité l'usine de Zürich lundi matin 😀. \
            Les ouvriers ont présenté la nouvelle machine à café 🚀 aux visiteurs. \
            Le directeur a promis des emplois pour la région entière.\n\n\
            La production de la nouvelle machine commencera en Suisse au printemps prochain.\n\n\
            中文句子也在这里出现了很多次并且很长很长很长。";
        let s = summarize(text, Some("fr"), SummaryLength::Long, false).expect("a summary");
        assert_eq!(s.lang.as_deref(), Some("fr"));
        assert!(s.key_points.len() >= 3);
        let units: Vec<u16> = text.encode_utf16().collect();
        for p in &s.key_points {
            let back = String::from_utf16(&units[p.start..p.end]).expect("whole code points");
            assert_eq!(back, p.text);
            assert!(text.contains(&p.text));
        }
        assert!(s.key_points.windows(2).all(|w| w[0].end <= w[1].start));
    }

    fn article(n: usize) -> String {
        let topics = [
            "The city council approved the new budget for public schools on Monday evening.",
            "Teachers had asked the council for more money to hire staff and repair buildings.",
            "The budget adds forty million dollars for school repairs over the next three years.",
            "Parents at the meeting said the repairs were long overdue in many neighbourhoods.",
            "The mayor said the plan would be paid for by a small increase in property taxes.",
            "Some council members voted against the plan because of the tax increase it needs.",
            "Local businesses warned that higher taxes could push shops out of the city centre.",
            "The school board will publish a list of the buildings to be repaired first in May.",
            "Work on the first ten schools is expected to begin during the summer holidays.",
            "A citizens committee will report on the spending to the council every six months.",
            "Union leaders welcomed the vote but said salaries also needed to rise next year.",
            "The state government has promised to match part of the money for the repairs.",
            "Critics said the council should have consulted residents before the final vote.",
            "The budget also funds new computers and science laboratories in older schools.",
            "Officials expect the program to create hundreds of construction jobs in the city.",
        ];
        topics
            .iter()
            .cycle()
            .take(n)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn counts_follow_the_length_and_shrink_for_short_texts() {
        assert_eq!(points(&article(15), SummaryLength::Short).len(), 3);
        assert_eq!(points(&article(15), SummaryLength::Medium).len(), 5);
        assert_eq!(points(&article(15), SummaryLength::Long).len(), 7);
        assert_eq!(points(&article(8), SummaryLength::Long).len(), 4);
        assert_eq!(points(&article(4), SummaryLength::Medium).len(), 3);
        assert_eq!(points(&article(2), SummaryLength::Medium).len(), 2);
        assert!(summarize(
            "Short.\n\nToo short too.",
            Some("en"),
            SummaryLength::Medium,
            false
        )
        .is_none());
        assert!(summarize("", None, SummaryLength::Medium, false).is_none());
    }

    #[test]
    fn points_are_in_document_order_and_distinct() {
        let s =
            summarize(&article(45), Some("en-US"), SummaryLength::Long, false).expect("summary");
        assert_eq!(s.method, METHOD);
        assert_eq!(s.lang.as_deref(), Some("en"));
        assert!(s.key_points.windows(2).all(|w| w[0].start < w[1].start));
        let mut texts: Vec<&str> = s.key_points.iter().map(|p| p.text.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(
            texts.len(),
            7,
            "the text repeats itself three times: MMR avoids repeats"
        );
    }

    #[test]
    fn skips_captions_bylines_questions_and_promo() {
        let text = "By Jane Smith and John Doe\n\n\
            Updated 3:45 p.m. ET, March 5, 2024\n\n\
            WASHINGTON (Reuters) - The Senate passed the spending bill late on Thursday night.\n\n\
            Senators speak to reporters on Capitol Hill. Photo: John Smith/Getty Images\n\n\
            The bill now goes to the House, where leaders expect a vote next week.\n\n\
            What does this mean for your family budget?\n\n\
            Sign up for our politics newsletter to get the latest news every morning.\n\n\
            The measure keeps the government open until the end of the fiscal year.\n\n\
            Reporting by Jane Smith; Editing by John Doe.\n\n\
            Both parties claimed victory after months of tense negotiations over spending.\n\n\
            Read more: how the budget process works in the United States Congress.";
        let got: Vec<&str> = candidates(text)
            .0
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "The Senate passed the spending bill late on Thursday night.",
                "The bill now goes to the House, where leaders expect a vote next week.",
                "The measure keeps the government open until the end of the fiscal year.",
                "Both parties claimed victory after months of tense negotiations over spending.",
            ]
        );
        // Four candidates: three points (about half, at least three).
        let pts = points(text, SummaryLength::Long);
        assert_eq!(pts.len(), 3);
        assert!(pts.iter().all(|p| got.contains(&p.as_str())));
    }

    /// Prose paragraphs for the key-point rules below: distinct topics, so that only the rule
    /// under test decides what is chosen.
    const BODY: &[&str] = &[
        "Teachers had asked the council for more money to hire staff and repair buildings.",
        "The budget adds forty million dollars for school repairs over the next three years.",
        "Parents at the meeting said the repairs were long overdue in many neighbourhoods.",
        "The mayor said the plan would be paid for by a small increase in property taxes.",
        "Local businesses warned that higher taxes could push shops out of the city centre.",
        "Work on the first ten schools is expected to begin during the summer holidays.",
    ];

    fn page(blocks: &[&str]) -> String {
        blocks.join("\n\n")
    }

    #[test]
    fn at_most_one_point_from_the_lede() {
        let lede = "The city council approved the new budget for public schools on Monday. \
            The vote followed months of debate over school repairs and new budget money. \
            The council approved the school budget by nine votes to four on Monday night.";
        let mut blocks = vec![lede];
        blocks.extend_from_slice(BODY);
        let text = page(&blocks);
        let pts: Vec<String> = summarize(&text, Some("en"), SummaryLength::Short, true)
            .map(|s| s.key_points.into_iter().map(|p| p.text).collect())
            .unwrap_or_default();
        assert_eq!(pts.len(), 3);
        let from_lede = pts.iter().filter(|p| lede.contains(p.as_str())).count();
        assert_eq!(from_lede, 1, "{pts:?}");
    }

    #[test]
    fn never_a_caption_credit_or_heading() {
        let text = page(&[
            "The city council approved the new budget for public schools on Monday evening.",
            BODY[0],
            "A worker repairs the roof of a school this month in Queens. The likely cause was \
             water that had seeped into the walls.CreditCreditJane Doe/The Daily Paper",
            "The mayor visits a school in the north of the city on Friday (Image: GETTY)",
            "What Happens Next For The Thousands Of Families Waiting For Repairs At Their Schools",
            "Hori Smith at the school where he taught for thirty years, the place where he grew up",
            BODY[1],
            BODY[2],
            BODY[3],
        ]);
        let got: Vec<&str> = candidates(&text)
            .0
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        for bad in [
            "worker",
            "likely cause",
            "GETTY",
            "What Happens",
            "Hori Smith",
        ] {
            assert!(got.iter().all(|c| !c.contains(bad)), "{bad}: {got:?}");
        }
        // A standfirst (an opening line without a full stop) still counts; a title-cased one
        // is a heading.
        let text = page(&[
            "Council Approves New School Budget After Months Of Debate Over Repairs And Taxes",
            "The council approved a budget that repairs schools and raises property taxes slightly",
            BODY[0],
        ]);
        let got: Vec<&str> = candidates(&text)
            .0
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "The council approved a budget that repairs schools and raises property taxes slightly",
                BODY[0]
            ]
        );
    }

    #[test]
    fn near_duplicates_are_chosen_once() {
        let snippet =
            "The city council approved the new budget for public schools on Monday evening.";
        let text = page(&[
            snippet,
            "The city council approved the new budget for public schools on Monday night.",
            snippet,
            BODY[0],
            "The city council approved the new budget for public schools on Monday evening!",
            BODY[1],
            BODY[2],
        ]);
        for length in [SummaryLength::Short, SummaryLength::Long] {
            let pts = points(&text, length);
            let council = pts
                .iter()
                .filter(|p| p.starts_with("The city council"))
                .count();
            assert_eq!(council, 1, "{pts:?}");
        }
    }

    #[test]
    fn repeats_are_found_whatever_the_signatures_say() {
        // With no similarity at all (no terms in common), only the word lists can tell a
        // repeat. Case and punctuation apart, 1 repeats 0 (same signature), and so does 2,
        // whose Kelvin sign lower-cases to an ASCII "k" (the same signature too; in Turkish,
        // none, as it is not ASCII: then compared in full); 4 has 0's signature but other
        // words.
        let texts = [
            "Keep calm, and carry on.",
            "keep CALM and carry on!",
            "\u{212A}eep calm and carry on",
            "Something else entirely here.",
            "Keep calm and carry in",
        ];
        let text = texts.join("\n");
        let mut at = 0;
        let ranges: Vec<(usize, usize)> = texts
            .iter()
            .map(|t| {
                at += t.len() + 1;
                (at - t.len() - 1, at - 1)
            })
            .collect();
        let turkish = LANGS.iter().find(|l| l.code == "tr");
        let (_, sigs) = vectorize(&text, &ranges, None);
        assert_eq!((sigs[0], sigs[2]), (sigs[1], sigs[1]));
        let (_, tr_sigs) = vectorize(&text, &ranges, turkish);
        assert_eq!((tr_sigs[0], tr_sigs[2]), (tr_sigs[1], None));
        for sigs in [sigs, tr_sigs] {
            assert_eq!(sigs[4], sigs[0]);
            let scores = [5.0, 4.0, 3.0, 2.0, 1.0];
            let sim = [0.0; 25];
            assert_eq!(mmr(&scores, &sim, &texts, &sigs, 0, 5), [0, 3, 4]);
        }
    }

    #[test]
    fn deterministic() {
        let text = article(40);
        let a = summarize(&text, None, SummaryLength::Long, false);
        for _ in 0..3 {
            assert_eq!(summarize(&text, None, SummaryLength::Long, false), a);
        }
        assert_eq!(
            a.and_then(|s| s.lang).as_deref(),
            Some("en"),
            "guessed from stop words"
        );
    }

    #[test]
    fn turkish_and_unknown_languages() {
        assert_eq!(stem_tr("trump\u{2019}ın"), "trump");
        assert_eq!(stem_tr("seçimlerden"), "seçim");
        assert_eq!(stem_en("elections"), stem_en("election"));
        assert_eq!(stem_en("policies"), stem_en("policy"));
        assert_eq!(stem_en("voting"), stem_en("voted"));
        assert!(pick_lang("anything", Some("ja-JP")).is_none());
        assert_eq!(
            pick_lang("anything", Some("TR")).map(|l| l.code),
            Some("tr")
        );
    }

    #[test]
    fn one_map_of_stop_words_answers_as_each_languages_own_list() {
        for l in LANGS {
            for other in LANGS {
                for &w in stop_list(other) {
                    assert_eq!(
                        is_stop(l, w),
                        stop_list(l).binary_search(&w).is_ok(),
                        "{w:?} in {}",
                        l.code
                    );
                }
            }
        }
        assert!(!is_stop(&LANGS[0], "harbour"));
        assert_eq!(stop_mask("harbour"), 0);
    }

    #[test]
    fn stop_word_files_are_sorted_bytewise() {
        for l in LANGS {
            let words = stop_list(l);
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "{}: sort with LC_ALL=C sort -u",
                l.code
            );
        }
    }

    #[test]
    fn ln_matches_std() {
        for x in [1e-9, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0, 60.0, 1e6] {
            assert!((ln(x) - x.ln()).abs() < 1e-12, "{x}");
        }
    }
}
