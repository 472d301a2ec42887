// Page-derived metadata (title, byline, site name) as text for places that cannot isolate it:
// the tab title, a Markdown heading, a file name. In the reader's own DOM, metadata is also
// isolated (`dir="auto"` / `<bdi>`), so a right-to-left title neither reorders the UI around it
// nor is reordered by it.

/** Bidi embedding, override and isolate controls: U+202A–U+202E, U+2066–U+2069. An override
 * in a title shows "gnp.exe" as "exe.png"; nothing legitimate in a one-line title needs them
 * (the bidi algorithm orders plain RTL and LTR text by itself). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** `s` without bidi embedding/override/isolate controls. */
export function stripBidi(s) {
  return String(s ?? '').replace(BIDI_CONTROLS, '');
}

/** One line of metadata for display: bidi controls removed, whitespace (newlines included)
 * collapsed, trimmed. */
export function metadataText(s) {
  return stripBidi(s).replace(/\s+/g, ' ').trim();
}

/** The characters that start inline Markdown (emphasis, code, links, images, strikethrough,
 * table cells, a heading's closing `#`s) or raw HTML and entities (`<`, `&`). Block markers
 * (`-`, `+`, `1.`) need no escape where this text goes: after `# ` it is inline content. */
const MARKDOWN_SPECIALS = /[\\`*_[\]()#!|<>&~]/g;

/**
 * Text as inline Markdown (a heading's text) that renders as that same literal text on one line: bidi controls removed,
 * whitespace collapsed (a newline would end a heading and start markup of its own), every
 * Markdown/HTML special backslash-escaped (`<img onerror=…>` stays text, `&amp;` stays
 * "&amp;").
 */
export function escapeMarkdown(s) {
  return metadataText(s).replace(MARKDOWN_SPECIALS, (c) => `\\${c}`);
}

/** Words a date line is made of, besides numbers: months and weekdays (English, full or
 * short), am/pm, time zones, ordinal suffixes and the words around dates ("Updated … at"). */
const DATE_WORDS =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|today|yesterday|[ap]\.?m\.?|gmt|utc|[ecmp][sd]?t|bst|cet|cest|st|nd|rd|th|at|on|updated?|published|posted|modified|edited|last)\b/giu;

/** Whether a byline is only a date (and time): "April 28, 2019 at 6:01 am Updated April 29,
 * 2019 at 3:33 pm", "2019-04-28", "Mon 5 Jan 2020". A page's dateline taken for its byline
 * is not one; a name beside a date ("By Jane Doe, April 28") is. */
export function looksLikeDate(s) {
  const text = metadataText(s);
  if (!/\d/.test(text)) return false;
  return !/\p{L}/u.test(text.replace(DATE_WORDS, ''));
}

/** Separators a title's site or author suffix follows: Readability's `| - – — \ / > »` and
 * the middle dot, each between spaces. */
const TITLE_SUFFIX = / [|\-–—\\/>»·] ([^|\-–—\\/>»·]+)$/u;

/** A comparable form of a name: letters and digits only, lower case. */
const nameKey = (s) => String(s ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The title as the reader's header shows it: without a trailing " | Site name" or " - Author
 * name" when the suffix is the page's site name, one of its byline's names or its host's name
 * ("seattletimes" for "The Seattle Times"), and what is left stands alone (three words or
 * more). The core keeps the page's title as Readability reads it (`Article.title`, scored
 * against Readability's own expectations); this only tidies the display.
 * @param {string} title @param {{siteName?: string, byline?: string, url?: string}} page
 */
export function displayTitle(title, { siteName, byline, url } = {}) {
  const m = TITLE_SUFFIX.exec(title);
  if (!m) return title;
  const head = title.slice(0, m.index).trim();
  const tail = nameKey(m[1]);
  if (!tail || head.split(/\s+/).filter(Boolean).length < 3) return title;
  const names = [siteName, byline, ...String(byline ?? '').split(/,|&|;| and /)];
  const keys = names.map((n) => nameKey(String(n ?? '').trim().replace(/^by\s+/i, '')));
  try {
    const labels = new URL(url).hostname.split('.');
    if (labels.length >= 2) keys.push(nameKey(labels[labels.length - 2]));
  } catch {
    // no host to compare with
  }
  const bare = tail.replace(/^the/, '');
  return keys.some((k) => k && (k === tail || k === bare)) ? displayTitle(head, { siteName, byline, url }) : title;
}
