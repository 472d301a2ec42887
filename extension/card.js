// The summary card at the top of the reader, built from the Article alone: the core's key
// points when it provides `summary.keyPoints` (with a short / medium / long control and, where
// the browser has a built-in Summarizer, an "AI summary" button), otherwise the excerpt; then
// reading time and what was removed (and the paywall note). UI strings get dir=auto so they
// read correctly inside a right-to-left article.
//
// Also here: findSentence(), which maps a key point (a verbatim sentence of `article.text`) to
// a DOM Range in the rendered article, for the reader to highlight.
import { el } from './dom.js';

/** The core's summary lengths, in the order the control shows them. */
const LENGTHS = [
  ['short', 'Short', 'Up to 3 key points'],
  ['medium', 'Medium', 'Up to 5 key points'],
  ['long', 'Long', 'Up to 7 key points'],
];

/** Whether this browser (this exact version) has said its Summarizer is unavailable. */
async function knownUnavailable() {
  const { aiSummarizer: seen } = (await globalThis.platform?.ext.storage.local.get('aiSummarizer')) ?? {};
  return seen?.ua === navigator.userAgent && seen.availability === 'unavailable';
}

/**
 * @param {HTMLElement} title the card's heading
 * @param {HTMLElement} body the card's body (replaced)
 * @param {object} article the core's Article
 * @param {{notice?: string, onReview?: () => void, onKeyPoint?: (point: {text: string, start: number, end: number}) => void,
 *   summaryLength?: string, onLength?: (length: string) => void}} options `onLength` is called
 *   when the reader picks another length; the caller answers with `setSummary()`.
 * @returns {{setSummary(summary: object|null, length: string): void}} replaces the key points
 *   (the rest of the card, and an AI summary already shown, stay)
 */
export function renderCard(title, body, article, { notice = '', onReview, onKeyPoint, summaryLength = 'short', onLength } = {}) {
  const a = article;
  body.replaceChildren();
  let length = summaryLength;
  const list = el('ul', { className: 'key-points' });
  const lengthButtons = LENGTHS.map(([value, label, hint]) => {
    const button = el('button', { type: 'button', textContent: label, title: hint, dataset: { length: value } });
    button.addEventListener('click', () => {
      if (value !== length) onLength?.(value);
    });
    return button;
  });

  function setSummary(summary, next) {
    length = next;
    for (const b of lengthButtons) b.setAttribute('aria-pressed', String(b.dataset.length === length));
    const points = Array.isArray(summary?.keyPoints) ? summary.keyPoints.filter((p) => p?.text) : [];
    list.replaceChildren(
      ...points.map((point) => {
        const button = el('button', { type: 'button', className: 'key-point', dir: 'auto', textContent: point.text, title: 'Show in the article' });
        button.addEventListener('click', () => onKeyPoint?.(point));
        return el('li', {}, button);
      }),
    );
  }

  setSummary(a.summary, length);
  if (list.childElementCount) {
    title.textContent = 'Key points';
    const tools = el('div', { className: 'card-tools' });
    tools.append(el('div', { className: 'length-choice', role: 'group', 'aria-label': 'Number of key points', dir: 'auto' }, ...lengthButtons));
    body.append(list, tools);
    // Chrome's built-in Summarizer (absent elsewhere): its module loads only where it exists,
    // when the page is idle (not on the click → paint path), and shows its button only if the
    // model is available on this device.
    if ('Summarizer' in self) {
      const slot = el('div', { className: 'ai-slot' }); // display: contents; its box takes a row of its own
      tools.append(slot);
      // Where the browser already said its model is unavailable (the background asks once per
      // browser start, ai-summary.js remembers a page's answer), it is not asked again: Chrome
      // logs a console warning for every availability() call it cannot serve.
      (globalThis.requestIdleCallback ?? setTimeout)(() =>
        knownUnavailable()
          .then((no) => (no ? false : import('./ai-summary.js').then((m) => m.offerAiSummary(slot, { text: a.text, lang: a.lang, getLength: () => length }))))
          .catch(() => {}), // no AI summary then; the card is complete without it
      );
    }
  } else {
    title.textContent = 'At a glance';
    if (a.excerpt) body.append(el('p', { className: 'excerpt', dir: 'auto', textContent: a.excerpt }));
  }
  body.append(
    el('p', {
      className: 'facts',
      dir: 'auto',
      textContent: `${a.readingMinutes} min read · ${a.wordCount.toLocaleString()} words`,
    }),
  );

  const removed = a.removed ?? [];
  const removedLine = el('p', { className: 'removed-summary', dir: 'auto' });
  if (removed.length) {
    const counts = new Map();
    for (const r of removed) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
    const parts = [...counts].sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${n} ${kind}`);
    const review = el('button', { type: 'button', className: 'link-button', textContent: 'Review or restore' });
    review.addEventListener('click', () => onReview?.());
    removedLine.append(`Removed ${removed.length} block${removed.length === 1 ? '' : 's'}: ${parts.join(', ')}. `, review);
  } else {
    removedLine.textContent = 'Nothing was removed.';
  }
  body.append(removedLine);

  if (a.paywall?.detected) {
    body.append(
      el('p', {
        className: 'paywall-note',
        dir: 'auto',
        title: `Signals: ${(a.paywall.signals ?? []).join(', ')}`,
        textContent:
          'This page marks the article as paywalled. The reader shows the text the page delivered to your browser; nothing else is fetched.',
      }),
    );
  }
  if (notice) body.append(el('p', { className: 'rules-notice', dir: 'auto', textContent: notice }));
  return { setSummary };
}

// ---------------------------------------------------------------------------------------
// Key point → Range

const SPACE = /\s/;
const strip = (s) => s.replace(/\s+/g, '');

/**
 * The Range of `point.text` in the rendered article under `root`, or null. The article's HTML
 * and its plain `text` differ in whitespace (line breaks in the source, <br>, the blank line
 * between blocks), so text is compared with all whitespace removed. When the sentence occurs
 * more than once, the occurrence is the one at `point.start` in `fullText` (`article.text`).
 * Restored blocks are skipped: they are not part of `text`.
 * @param {Node} root
 * @param {{text: string, start?: number}} point
 * @param {string} [fullText]
 * @returns {Range|null}
 */
export function findSentence(root, point, fullText = '') {
  const needle = strip(point.text ?? '');
  if (!needle) return null;
  // Which occurrence: how many start before this point in the core's text.
  let nth = 0;
  if (fullText && Number.isInteger(point.start)) {
    const hay = strip(fullText);
    const before = strip(fullText.slice(0, point.start)).length;
    for (let i = hay.indexOf(needle); i !== -1 && i < before; i = hay.indexOf(needle, i + 1)) nth++;
  }

  const nodes = [];
  const starts = []; // index in `hay` of each text node's first non-space character
  let hay = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      n.nodeType === Node.ELEMENT_NODE && n.matches('.bs-restored, .bs-outside, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType !== Node.TEXT_NODE) continue;
    const s = strip(n.data);
    if (!s) continue;
    nodes.push(n);
    starts.push(hay.length);
    hay += s;
  }

  let at = hay.indexOf(needle);
  for (let k = 0, next; k < nth && at !== -1 && (next = hay.indexOf(needle, at + 1)) !== -1; k++) at = next;
  if (at === -1) return null;
  const [startNode, startOffset] = locate(nodes, starts, at);
  const [endNode, endOffset] = locate(nodes, starts, at + needle.length - 1);
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset + 1);
  return range;
}

/** The text node and offset in it of non-space character number `index` of the haystack. */
function locate(nodes, starts, index) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  const node = nodes[lo];
  let left = index - starts[lo];
  for (let i = 0; i < node.data.length; i++) {
    if (SPACE.test(node.data[i])) continue;
    if (left-- === 0) return [node, i];
  }
  return [node, node.data.length - 1]; // not reached: `starts` counts the same characters
}

// ---------------------------------------------------------------------------------------
// Removed blocks, named for people

/** A kind of removed block as the list's group heading. */
export const KIND_LABELS = {
  paywall: 'Paywall prompts',
  promo: 'Promotion',
  newsletter: 'Newsletter sign-ups',
  related: 'Related stories',
  ad: 'Ads',
  cookie: 'Cookie notices',
  social: 'Share and follow',
  comments: 'Comments',
  nav: 'Navigation',
  hidden: 'Hidden on the page',
  other: 'Other',
};

/** What the phrase heuristic found, by the kind of its phrase (src/rules/phrases.txt). */
const PHRASE_LABELS = {
  social: 'share or follow text',
  newsletter: 'newsletter sign-up text',
  paywall: 'subscription prompt text',
  promo: 'promo text',
  related: 'related stories text',
  ad: 'advertising text',
  cookie: 'cookie notice text',
};

/**
 * The rule or heuristic that removed a block, in words: `heuristic:promo-text` by what the
 * phrase was (a "Share on…" line is not promo text), `heuristic:related-section` as "related
 * links section", `builtin:LINE SEL` as "rule: SEL", `user:LINE SEL` as "your rule (line
 * LINE): SEL". Anything else is shown as the core wrote it.
 * @param {{kind: string, rule: string}} item a removed block of the Article
 */
export function ruleLabel({ kind, rule }) {
  if (rule === 'heuristic:promo-text') return PHRASE_LABELS[kind] ?? 'boilerplate text';
  if (rule === 'heuristic:related-section') return 'related links section';
  const m = /^(builtin|user):(\d+) (.+)$/s.exec(rule ?? '');
  if (m) return m[1] === 'builtin' ? `rule: ${m[3]}` : `your rule (line ${m[2]}): ${m[3]}`;
  return rule ?? '';
}

/** Removed blocks grouped by kind, the largest group first (ties in the order first seen);
 * each entry keeps its index in `removed`. */
export function groupRemoved(removed) {
  const groups = new Map();
  removed.forEach((item, index) => {
    if (!groups.has(item.kind)) groups.set(item.kind, []);
    groups.get(item.kind).push({ item, index });
  });
  return [...groups].map(([kind, entries]) => ({ kind, entries })).sort((a, b) => b.entries.length - a.entries.length);
}
