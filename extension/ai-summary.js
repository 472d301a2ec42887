// "AI summary": the browser's own on-device model (Chrome's Summarizer API), offered in the
// summary card beside the core's extractive key points. Loaded by card.js only where
// `Summarizer` exists; anywhere else (Firefox, Chromium builds without the model) this module
// never runs. Nothing leaves the device: the model runs in the browser.
//
// The API is a parameter (`api`, default globalThis.Summarizer) so a test can pass a fake.
import { el } from './dom.js';

/** What the model is told about its input (the API's `sharedContext`). */
const SHARED_CONTEXT = 'A news article';

/** Languages Chrome's Summarizer accepts (its own list, Chrome 138–156). Asking about any
 * other makes Chrome log an error, so an article in another language gets no AI summary. */
const LANGUAGES = new Set(['de', 'en', 'es', 'fr', 'ja']);

/** Summarizer options for `lang` (the article's), or null when the model cannot take it. */
function baseOptions(length, lang) {
  const primary = (lang || '').toLowerCase().split(/[-_]/)[0];
  if (primary && !LANGUAGES.has(primary)) return null;
  return {
    type: 'key-points',
    format: 'plain-text',
    length,
    ...(primary ? { expectedInputLanguages: [primary] } : {}),
    outputLanguage: primary || 'en', // Chrome warns in the console when none is given
  };
}

/**
 * Shows an "AI summary" button in `slot` if the browser's Summarizer can run here; a click
 * streams its key points into a box under the button.
 * @param {HTMLElement} slot an empty element in the card
 * @param {{text: string, lang?: string, getLength: () => string, api?: object}} options
 * @returns {Promise<boolean>} whether the button is shown
 */
export async function offerAiSummary(slot, { text, lang, getLength, api = globalThis.Summarizer }) {
  if (typeof api?.availability !== 'function' || typeof api.create !== 'function' || !text) return false;
  if (!baseOptions(getLength(), lang)) return false;
  let availability;
  try {
    // 'unavailable' where the browser has the API but no model (Debian's Chromium, say).
    availability = await api.availability(baseOptions(getLength(), lang));
  } catch {
    return false; // an option it does not know, a policy: simply no AI summary
  }
  if (!['available', 'downloadable', 'downloading'].includes(availability)) {
    // Remembered for this browser version, so the next reader does not ask (and Chrome does
    // not log its "service is not running" warning on every open). The background asks again
    // when the browser starts.
    if (availability === 'unavailable' && api === globalThis.Summarizer) {
      globalThis.platform?.ext.storage.local.set({ aiSummarizer: { ua: navigator.userAgent, availability } }).catch(() => {});
    }
    return false;
  }

  const button = el('button', {
    type: 'button',
    className: 'ai-button',
    textContent: 'AI summary',
    title:
      availability === 'available'
        ? 'Summarize with the browser’s built-in model, on this device'
        : 'Summarize with the browser’s built-in model, on this device (the browser downloads the model first, once)',
  });
  const label = el('p', {
    className: 'ai-label',
    dir: 'auto',
    textContent: 'AI summary · made by the browser’s built-in model on this device (Chrome Summarizer API)',
  });
  const status = el('p', { className: 'ai-status', dir: 'auto', role: 'status' });
  const output = el('div', { className: 'ai-text', dir: 'auto' });
  const box = el('section', { className: 'ai-summary', 'aria-label': 'AI summary', hidden: true }, label, status, output);
  slot.replaceChildren(button, box);

  button.addEventListener('click', async () => {
    button.disabled = true;
    box.hidden = false;
    output.textContent = '';
    status.textContent = 'Starting the browser’s model…';
    let summarizer = null;
    try {
      // create() first, while the click's user activation is fresh (a download needs it).
      summarizer = await api.create({
        ...baseOptions(getLength(), lang),
        sharedContext: SHARED_CONTEXT,
        monitor(m) {
          m.addEventListener('downloadprogress', (e) => {
            status.textContent = `Downloading the browser’s model… ${Math.round((e.loaded ?? 0) * 100)}%`;
          });
        },
      });
      const input = await fitInput(summarizer, text);
      const partial = input.length < text.length;
      status.textContent = partial ? 'Summarizing the first part of the article (the model’s input limit)…' : 'Summarizing…';
      // Each chunk is the next piece of the output (Chrome streams deltas).
      for await (const chunk of summarizer.summarizeStreaming(input)) output.append(String(chunk));
      status.textContent = partial
        ? `Made from the first ${Math.round((100 * input.length) / text.length)}% of the article: the rest is over the model’s input limit.`
        : '';
      if (!output.textContent.trim()) status.textContent = 'The browser’s model returned no summary for this article.';
    } catch (e) {
      status.textContent = explain(e);
    } finally {
      summarizer?.destroy?.();
      button.disabled = false;
    }
  });
  return true;
}

/** `text`, cut to what the model accepts (`inputQuota`, measured by measureInputUsage). */
async function fitInput(summarizer, text) {
  const quota = summarizer.inputQuota;
  if (!Number.isFinite(quota) || typeof summarizer.measureInputUsage !== 'function') return text;
  let input = text;
  for (let tries = 0; tries < 4; tries++) {
    const used = await summarizer.measureInputUsage(input);
    if (used <= quota) return input;
    // Proportionally shorter, with a margin, ending at a word break.
    const cut = input.slice(0, Math.floor((input.length * quota * 0.9) / used));
    input = cut.slice(0, Math.max(cut.lastIndexOf(' '), 1));
  }
  return input;
}

/** An error of the API → a sentence for the card. */
function explain(e) {
  switch (e?.name) {
    case 'QuotaExceededError':
      return 'The article is longer than the browser’s model accepts.';
    case 'NotAllowedError':
      return 'The browser did not let its model run (it may be turned off in its settings or by policy).';
    case 'NotSupportedError':
      return 'The browser’s model does not support this article’s language or these options.';
    case 'NetworkError':
      return 'The browser could not download its model. Try again later.';
    default:
      return `The browser’s model could not summarize this article${e?.message ? `: ${e.message}` : '.'}`;
  }
}
