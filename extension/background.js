// Broadsheet's background script: it only orchestrates. A toolbar click (or Alt+Shift+R,
// which the `_execute_action` command turns into the same click) calls openReader(tabId):
//
//   1. capturePage() runs in the tab (chrome.scripting, granted by activeTab for this click)
//      and returns the live DOM as HTML after the page's own scripts ran, with URL and title.
//   2. The capture is handed to the reader page through chrome.storage.session under a fresh
//      key (the gemini-on-device-summarization sample's hand-off).
//   3. Meanwhile (once storage answers, not after the write: issue 14), the tab navigates to
//      reader.html?c=KEY, an extension page. The original page stays the previous history
//      entry, so Back returns to it untouched. The reader waits for its key if the write is
//      not done when it asks (boot.js).
//   4. While the reader page starts (100-170 ms, the longest part of an open: issue 14), the
//      wasm core cleans the capture here, in the extension's own context (never in the site's,
//      where the site's CSP could block it), and the Article goes into the record beside the
//      capture: the reader renders it without loading the core first. If the core cannot run
//      here (it did not load, it crashed once) or the article does not fit in storage, the
//      record goes without it and the reader cleans the capture itself, as before.
//
// Everything that can go wrong (a browser-internal page, a capture that throws, a page too
// large to hand over) still ends in the reader page, with a record that names the error, so
// the user always gets a message and a way back.
//
// The same file is Chrome's service worker (`background.service_worker`) and Firefox's event
// page (`background.scripts`), an ES module in both (`"type": "module"`), so that it can import
// the core's package statically: a service worker may not import() at all. The price: a copy
// of the extension without the package's glue (pkg/broadsheet.js, made by `make build` and
// checked by scripts/package.sh) has no background at all, where the reader alone used to say
// "the reader's engine didn't load"; a missing or broken .wasm still ends in that message, from
// the reader. What differs between the two browsers (the namespace, the storage.session
// budget) comes from platform.js, which sets `globalThis.platform` and is imported first.
import './platform.js';
import { cleanCapture } from './clean.js';
import { loadRules } from './rules.js';
import * as glue from './pkg/broadsheet.js';
import { compile, poisons } from './pkg/loader.js';

const { ext } = globalThis.platform;

/** Largest capture handed to the reader, in characters of HTML (see platform.js). */
const MAX_CAPTURE_CHARS = globalThis.platform.quota.sessionCaptureChars;
/** How many captures stay in storage.session (Back then Forward re-opens the last reader). */
const KEEP_CAPTURES = 4;

/**
 * Injected into the page: a pure function that returns data and changes nothing. It cannot
 * use anything from this file (it is serialized and run in the page).
 * @param {number} maxChars captures longer than this return only their length
 */
function capturePage(maxChars) {
  // Script and style sheet text is left out (issue 14): on news pages it is often half of the
  // HTML (56 % of the largest Readability-corpus page), and the core reads none of it except
  // JSON-LD, which stays. A byte left out is not copied to the background, written to
  // storage.session, read back by the reader and scanned by the core. Each script and style
  // element is found in the serialization by its own exact serialization (document order, a
  // moving start), and only the text between its tags goes: nothing is guessed from the
  // markup, the page is not touched. Checked against the core: the same Article, to the byte,
  // with and without it (tests/e2e/extension.test.mjs, "capture leaves out script text").
  const full = document.documentElement.outerHTML;
  const parts = [];
  let at = 0;
  for (const el of document.querySelectorAll('script, style')) {
    if (el.localName === 'script' && /ld\+json/i.test(el.getAttribute('type') ?? '')) continue;
    const inner = el.innerHTML;
    if (!inner) continue;
    const whole = el.outerHTML;
    const close = whole.lastIndexOf('</');
    const open = close - inner.length;
    const i = full.indexOf(whole, at);
    if (i < 0 || open <= 0 || whole.slice(open, close) !== inner) continue;
    parts.push(full.slice(at, i + open));
    at = i + close;
  }
  parts.push(full.slice(at));
  const html = parts.join('');
  const base = {
    url: location.href,
    title: document.title,
    scrollY: window.scrollY,
    contentType: document.contentType,
    length: html.length,
  };
  return html.length > maxChars ? { ...base, tooLarge: true } : { ...base, html };
}

/** Epoch milliseconds with sub-ms precision, comparable across the worker and the page. */
function now() {
  return performance.timeOrigin + performance.now();
}

/**
 * The core in this background, compiled and instantiated on the first open after the
 * background started (once the tab is navigating). One instance of wasm-bindgen's glue, imported statically: after a trap
 * its state is unknown, so the background stops using it (`coreBroken`) and the readers clean
 * for themselves (their loader restarts the core after a crash, which takes an import()).
 */
let coreP = null;
let coreBroken = false;
function backgroundCore() {
  coreP ??= (async () => {
    glue.initSync({ module: await compile(ext.runtime.getURL('pkg/broadsheet_bg.wasm')) });
    return glue;
  })();
  coreP.catch(() => {
    coreP = null; // tried again on the next open
  });
  return coreP;
}

/**
 * The Article of the capture in `record`, made with the reader's options (the user's rules
 * and summary length; clean.js), as the fields the reader takes from the record; null when it
 * is not made here: no capture, no core, or an error, which the reader then meets (and
 * reports) when it cleans the capture itself.
 * @returns {Promise<object | null>}
 */
async function cleanHere(record) {
  if (coreBroken || typeof record.html !== 'string') return null;
  try {
    // The prefs and the rules in one read of storage.sync, as the reader's boot.js asks.
    const sync = ext.storage.sync.get(['prefs', 'rules', 'rulesArea']);
    const [core, rules, stored] = await Promise.all([
      backgroundCore(),
      loadRules(sync).catch(() => ({ text: '' })),
      sync.catch(() => ({})),
    ]);
    // The core checks the value; the reader's own normalisation covers what it refuses.
    const length = stored.prefs?.summaryLength;
    const cleanStartAt = now();
    const result = cleanCapture(core, record, rules.text, typeof length === 'string' ? length : undefined);
    if (!result.article) {
      if (poisons(result.cause)) coreBroken = true;
      return null;
    }
    return {
      article: result.article,
      notice: result.notice,
      cleanOptions: result.options,
      rulesText: rules.text, // the reader cleans again if the rules changed since
      coreVersion: core.version(),
      cleanStartAt,
      cleanedAt: now(),
    };
  } catch (e) {
    if (poisons(e)) coreBroken = true;
    return null;
  }
}

/**
 * Stores a capture under a fresh key (or `key`, from captureKey()) and returns the key. The
 * `captures` index is read, changed and written back, which is not atomic: two opens in quick
 * succession (two tabs, a double click) would both read the same index and the second write
 * would drop the first key (its capture then never evicted, or evicted while its reader still
 * loads). So every store runs after the previous one has finished: the background has one
 * instance (Chrome's worker, Firefox's event page), and this queue is its only writer of
 * storage.session.
 * @param {object} record
 * @param {string} [key]
 * @param {() => void} [onReady] called once storage has answered (the index is read), before
 *   the capture itself is written: openReader() starts the navigation there
 * @param {Promise<object | null>} [extra] fields to add to the record before it is written
 *   (the background's article: cleanHere()); written without them if they do not fit
 * @returns {Promise<string>}
 */
function storeCapture(record, key = captureKey(), onReady = null, extra = null) {
  const run = storeQueue.then(() => storeCaptureNow(key, record, onReady, extra));
  storeQueue = run.catch(() => {}); // a failed store does not block the next one
  return run;
}
let storeQueue = Promise.resolve();

/** A fresh capture key. boot.js reads the time in it: it waits for a capture that is still
 * being written only while the key is young. */
function captureKey() {
  return `cap:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}`;
}

async function storeCaptureNow(key, record, onReady, extra) {
  const session = ext.storage.session;
  const { captures = [] } = await session.get('captures');
  onReady?.();
  let keep = captures.slice(-(KEEP_CAPTURES - 1));
  const drop = captures.filter((k) => !keep.includes(k));
  const store = (value) => session.set({ [key]: value, captures: [...keep, key] });
  const added = await extra;
  try {
    await Promise.all([store(added ? { ...record, ...added } : record), drop.length ? session.remove(drop) : null]);
  } catch (e) {
    let error = e;
    if (added) {
      // The article made the record too large: the capture alone, which the reader cleans.
      try {
        await store(record);
        return key;
      } catch (again) {
        error = again;
      }
    }
    if (keep.length) {
      // Over the quota with older captures still held: drop them all and try once more.
      await session.remove([...keep, ...drop]);
      keep = [];
      try {
        await store(record);
        return key;
      } catch (again) {
        error = again;
      }
    }
    // Still over the quota: hand over the error instead of the page.
    const { html, ...rest } = record;
    await store({ ...rest, error: 'too-large', limit: MAX_CAPTURE_CHARS, detail: String(error?.message ?? error) });
  }
  return key;
}

/** If the tab already shows one of our reader pages, the click means "close the reader". */
async function isReaderTab(tabId) {
  const readerUrl = ext.runtime.getURL('reader.html');
  try {
    if (ext.runtime.getContexts) {
      const contexts = await ext.runtime.getContexts({ contextTypes: ['TAB'], tabIds: [tabId] });
      return contexts.some((c) => c.documentUrl?.startsWith(readerUrl));
    }
    const tab = await ext.tabs.get(tabId);
    return Boolean(tab.url?.startsWith(readerUrl));
  } catch {
    return false;
  }
}

/**
 * The toolbar button's handler (also `globalThis.openReader`, so a test drives the very
 * path a click takes). Resolves once the tab is navigating to the reader page.
 * @param {number} tabId
 */
async function openReader(tabId) {
  const clickAt = now();
  let record;
  try {
    const [injection] = await ext.scripting.executeScript({
      target: { tabId },
      func: capturePage,
      args: [MAX_CAPTURE_CHARS],
    });
    const capture = injection?.result;
    if (!capture) {
      record = { error: 'capture-failed', detail: 'the page returned nothing' };
    } else if (capture.tooLarge) {
      const { tooLarge, ...rest } = capture;
      record = { ...rest, error: 'too-large', limit: MAX_CAPTURE_CHARS };
    } else {
      record = capture;
    }
  } catch (e) {
    if (await isReaderTab(tabId)) {
      // The reader page goes back itself (history.back()): tabs.goBack, like the browser's
      // Back button, skips an entry the user never interacted with (Chromium's history
      // intervention), which would skip the article the reader was opened on.
      const closed = await ext.runtime.sendMessage({ type: 'broadsheet:close', tabId }).catch(() => false);
      if (!closed) await ext.tabs.goBack(tabId);
      return;
    }
    // chrome://, about:, the Web Store, view-source:, PDF viewers… cannot be scripted.
    let url = null;
    try {
      url = (await ext.tabs.get(tabId)).url ?? null;
    } catch {
      // The tab is gone or its URL is not ours to see: the message works without it.
    }
    // Local files are readable only with the browser's "Allow access to file URLs" switch.
    const error = url?.startsWith('file:') ? 'file-access' : 'restricted';
    record = { error, detail: String(e?.message ?? e), url };
  }
  record.clickAt = clickAt;
  record.capturedAt = now();
  // The tab starts navigating to the reader while the capture is being written (issue 14):
  // the reader page takes longer to start than the write (tens of ms for a large page), and
  // waits for its key if it is first (boot.js readCapture). Not before storage has answered
  // at all, though: if it refuses outright, the tab stays on the page and the button says
  // why (onActionClicked).
  const key = captureKey();
  const readerUrl = ext.runtime.getURL(`reader.html?c=${encodeURIComponent(key)}`);
  let navigated = null;
  let started;
  const navigating = new Promise((resolve) => (started = resolve));
  const navigate = () => {
    navigated ??= ext.tabs.update(tabId, { url: readerUrl }).catch(() =>
      // Some browser pages refuse to be navigated away from by an extension: open a new tab.
      ext.tabs.create({ url: readerUrl }),
    );
    started();
  };
  // The core cleans the capture here while the reader page starts (issue 14): once the
  // navigation is asked for, so that neither the clean nor the core's compile (on the first
  // open after the background started: Chrome stops an idle worker after 30 s) delays the
  // capture or the navigation. Compiling at the click instead doubled the capture's time on
  // the fixtures (14 → 31 ms p50, same run).
  const cleaned = record.error ? null : navigating.then(() => cleanHere(record));
  try {
    await storeCapture(record, key, navigate, cleaned);
  } catch (e) {
    // The write failed after the reader was on its way: it shows the error instead of
    // waiting for a capture that will not come.
    if (navigated) ext.runtime.sendMessage({ type: 'broadsheet:capture-failed', key, detail: String(e?.message ?? e) }).catch(() => {});
    throw e;
  }
  navigate();
  await navigated;
}

/**
 * The toolbar click (and Alt+Shift+R). openReader() turns every expected failure into a
 * reader page with a message; anything it still throws (storage refusing the capture, the
 * tab closed mid-way) is reported here instead of becoming an unhandled rejection: on the
 * button itself (a "!" badge and the error as its tooltip, for this tab) and in the console.
 * @param {{id?: number}} tab
 */
async function onActionClicked(tab) {
  if (tab?.id === undefined) return;
  const tabId = tab.id;
  // A previous failure's mark on this tab goes with the next click (not awaited before the
  // capture: it must not delay the reader).
  const title = ext.runtime.getManifest().action?.default_title ?? '';
  const reset = Promise.all([ext.action.setBadgeText({ tabId, text: '' }), ext.action.setTitle({ tabId, title })]).catch(() => {});
  try {
    await openReader(tabId);
    await reset;
  } catch (e) {
    const detail = String(e?.message ?? e);
    console.error('Broadsheet: could not open the reader:', e);
    await reset;
    await Promise.all([
      ext.action.setBadgeText({ tabId, text: '!' }),
      ext.action.setBadgeBackgroundColor?.({ tabId, color: '#b3261e' }),
      ext.action.setTitle({ tabId, title: `Broadsheet could not open the reader: ${detail}` }),
    ]).catch(() => {}); // the tab may be gone: the console has it
  }
}

// What the tests drive in the worker (the toolbar click itself cannot be automated): this
// file is a module, so its functions are not globals by themselves.
Object.assign(globalThis, { openReader, onActionClicked, capturePage, storeCapture });

ext.action.onClicked.addListener(onActionClicked);

// Chrome's built-in Summarizer (the reader's optional "AI summary"): asked once per browser
// start, here, so that a reader on a browser without the model never asks (Chrome logs a
// console warning for each availability() call it cannot serve). The reader reads the answer
// (card.js) and skips the AI summary when it is `unavailable` for this browser version.
async function probeSummarizer() {
  if (typeof globalThis.Summarizer?.availability !== 'function') return; // Firefox, older Chrome
  try {
    const availability = await globalThis.Summarizer.availability({ type: 'key-points', format: 'plain-text', length: 'short', outputLanguage: 'en' });
    await ext.storage.local.set({ aiSummarizer: { ua: navigator.userAgent, availability } });
  } catch {
    // An option it does not know, a policy: the reader asks for itself then.
  }
}
ext.runtime.onInstalled.addListener(probeSummarizer);
ext.runtime.onStartup.addListener(probeSummarizer);
