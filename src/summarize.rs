//! Summarize: reading time now; key points come with the summary work.

use unicode_segmentation::UnicodeSegmentation;

/// Words per minute for scripts written with spaces between words.
const WORDS_PER_MINUTE: f64 = 230.0;
/// Characters per minute for Chinese, Japanese and Korean, which are read by character.
const CJK_CHARS_PER_MINUTE: f64 = 500.0;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// `(word_count, cjk_chars)`: Unicode words not written in CJK, and CJK characters.
fn count(text: &str) -> (usize, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_and_cjk_characters() {
        assert_eq!(reading_stats("Hello, world. It's fine.").0, 4);
        assert_eq!(reading_stats("中文文本").0, 4);
        assert_eq!(reading_minutes(""), 0);
        assert_eq!(reading_minutes("one"), 1);
        assert_eq!(reading_minutes(&"word ".repeat(2300)), 10);
    }
}
