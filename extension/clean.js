// One run of the core on a capture, with the reader's options. The background runs it while
// the reader page starts (issue 14: the page's start is the longest part of an open, and the
// background has nothing else to do meanwhile); the reader runs it itself only when the
// record came without an article (the background's core did not load or crashed, or the
// article did not fit in storage.session) and for re-runs (Markdown).
import { validateRules } from './rules.js';

/**
 * @param {{clean: Function, checkRules: Function}} core
 * @param {{html: string, url?: string}} rec the capture
 * @param {string} rulesText the user's rules (errors are skipped line by line, with a notice)
 * @param {string} [summaryLength] short | medium | long; the core's default (short) if absent
 * @returns {{article: object, notice: string, options: object} | {error: string, detail: string, cause: unknown}}
 */
export function cleanCapture(core, rec, rulesText, summaryLength) {
  // selectorHints: each block carries data-bs-sel, for "Remove this, remember for the site".
  // ledeLimit: the lede is shown right below the card, so at most one key point comes from it.
  const options = { url: rec.url, selectorHints: true, ledeLimit: true };
  if (summaryLength !== undefined) options.summaryLength = summaryLength;
  let notice = '';
  if (rulesText.trim()) {
    const { errors, usable } = validateRules(rulesText, core.checkRules);
    if (errors.length) {
      notice = `${errors.length} of your rules could not be used and were skipped (see Options).`;
    }
    if (usable.trim()) options.rules = usable;
  }
  try {
    return { article: core.clean(rec.html, options), notice, options };
  } catch (e) {
    const detail = String(e?.message ?? e);
    return { error: detail.startsWith('no article found') ? 'no-article' : 'clean-failed', detail, cause: e };
  }
}
