// The first script of every extension page: a classic, synchronous script in <head>
// (extension pages forbid inline scripts). Two jobs, both before the first paint:
//
// 1. Apply the reader preferences to <html>, so a dark-theme reader never flashes white. It
//    cannot wait for chrome.storage: it reads a localStorage mirror of `prefs` (same extension
//    origin) that prefs.js rewrites whenever chrome.storage.sync, the source of truth, changes.
//    The defaults, limits and apply() live here once; prefs.js and prefs-form.js use them
//    through globalThis.broadsheetPrefs.
// 2. In the reader, start reading the record from storage.session, and the prefs and rules
//    from storage.sync, while the page is still being parsed, 20-40 ms before reader.js could
//    ask for them. reader.js picks the promises up from globalThis.broadsheetPreload and reads
//    for itself if one is missing or failed. The
//    wasm core is not loaded here: the background cleans the capture while this page starts
//    (issue 14), and the reader loads the core only after its first paint, or when the record
//    came without an article (core.js).
(function () {
  'use strict';
  performance.mark('broadsheet:boot');

  // The slow work first, before anything else this script does (the first localStorage read
  // alone can take milliseconds). A `performance` mark times it for scripts/bench-reader.mjs.
  const { ext } = globalThis.platform; // platform.js, loaded just before this script
  const quiet = (p) => (p.catch(() => {}), p);
  const mark = (name) => (value) => (performance.mark(name), value);
  const key = location.pathname.endsWith('/reader.html') ? new URLSearchParams(location.search).get('c') : null;
  globalThis.broadsheetPreload = {
    capture: key ? quiet(readCapture(key).then(mark('broadsheet:read'))) : null,
    // The prefs and the user's rules, asked for in one read: the reader checks that the
    // background's article was made under them before it shows it (reader.js main()).
    sync: key ? quiet(ext.storage.sync.get(['prefs', 'rules', 'rulesArea'])) : null,
  };

  /**
   * The capture stored under `key`, as `{[key]: record}`. The background navigates to the
   * reader while it is still writing the capture to storage.session (the write of a large
   * page takes tens of ms): when the record is not there yet, wait for it to arrive (or for
   * the background's word that the write failed), up to 10 s after the click made the key
   * (`cap:<Date.now() in base 36>:<random>`, background.js). For an older key (a reader
   * reloaded after its capture expired) one read is the answer.
   */
  function readCapture(key) {
    const born = parseInt(key.split(':')[1], 36);
    const deadline = Number.isFinite(born) ? Math.min(born + 10_000, Date.now() + 10_000) : 0;
    const session = ext.storage.session;
    return new Promise((resolve, reject) => {
      let poll = 0;
      const finish = (settle, value) => {
        clearInterval(poll);
        ext.storage.onChanged.removeListener(changed);
        ext.runtime.onMessage.removeListener(failed);
        settle(value);
      };
      const changed = (changes, area) => {
        if (area === 'session' && changes[key]?.newValue) finish(resolve, { [key]: changes[key].newValue });
      };
      const failed = (message) => {
        if (message?.type === 'broadsheet:capture-failed' && message.key === key) {
          finish(resolve, { [key]: { error: 'capture-failed', detail: message.detail } });
        }
      };
      const get = () =>
        session.get(key).then(
          (r) => (r[key] || Date.now() >= deadline) && finish(resolve, r),
          (e) => finish(reject, e),
        );
      // Listen first, then read: a write landing in between is seen by one or the other. The
      // slow poll is a safety net (a browser that does not report session writes) and ends
      // the wait at the deadline.
      ext.storage.onChanged.addListener(changed);
      ext.runtime.onMessage.addListener(failed);
      get();
      poll = setInterval(get, 250);
    });
  }

  /** Default reader preferences; every key is also the storage schema. */
  const DEFAULTS = Object.freeze({
    theme: 'auto', // auto (follows the OS) | light | dark | sepia
    font: 'serif', // serif | sans
    fontSize: 19, // px
    width: 68, // line width in ch
    lineHeight: 1.6, // unitless
    summaryLength: 'short', // key points in the summary card: short (3) | medium (5) | long (7)
    images: 'show', // show (load with the article, from the site) | ask (not until asked)
  });
  const CHOICES = Object.freeze({
    theme: ['auto', 'light', 'dark', 'sepia'],
    font: ['serif', 'sans'],
    summaryLength: ['short', 'medium', 'long'], // the core's `summaryLength`
    images: ['show', 'ask'],
  });
  /** [min, max, step] of the numeric preferences. */
  const RANGES = Object.freeze({
    fontSize: [14, 30, 1],
    width: [45, 90, 1],
    lineHeight: [1.3, 2.1, 0.05],
  });
  const MIRROR_KEY = 'broadsheet:prefs';

  /** Any stored value (possibly from an older version, or garbage) → a valid prefs object. */
  function normalize(value) {
    const given = value && typeof value === 'object' ? value : {};
    const out = { ...DEFAULTS };
    for (const [k, options] of Object.entries(CHOICES)) {
      if (options.includes(given[k])) out[k] = given[k];
    }
    for (const [k, [min, max]] of Object.entries(RANGES)) {
      const n = Number(given[k]);
      if (Number.isFinite(n)) out[k] = Math.min(max, Math.max(min, n));
    }
    return out;
  }

  function apply(prefs, root = document.documentElement) {
    const p = normalize(prefs);
    root.dataset.theme = p.theme;
    root.dataset.font = p.font;
    root.style.setProperty('--bs-font-size', `${p.fontSize}px`);
    root.style.setProperty('--bs-width', `${p.width}ch`);
    root.style.setProperty('--bs-line-height', String(p.lineHeight));
    return p;
  }

  function readMirror() {
    try {
      return normalize(JSON.parse(localStorage.getItem(MIRROR_KEY) || '{}'));
    } catch {
      return { ...DEFAULTS };
    }
  }

  function writeMirror(prefs) {
    try {
      localStorage.setItem(MIRROR_KEY, JSON.stringify(normalize(prefs)));
    } catch {
      // Storage disabled: the page still applies prefs once chrome.storage answers.
    }
  }

  globalThis.broadsheetPrefs = Object.freeze({ DEFAULTS, CHOICES, RANGES, normalize, apply, readMirror, writeMirror });
  apply(readMirror());

})();
