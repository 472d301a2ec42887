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
