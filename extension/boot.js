// The first script of every extension page: a classic, synchronous script in <head>
// (extension pages forbid inline scripts). Two jobs, both before the first paint:
//
// 1. Apply the reader preferences to <html>, so a dark-theme reader never flashes white. It
//    cannot wait for chrome.storage: it reads a localStorage mirror of `prefs` (same extension
//    origin) that prefs.js rewrites whenever chrome.storage.sync, the source of truth, changes.
//    The defaults, limits and apply() live here once; prefs.js and prefs-form.js use them
//    through globalThis.broadsheetPrefs.
// 2. Start the slow, independent work while the page is still being parsed, 20-40 ms before
//    the module graph (reader.js -> core.js -> pkg/broadsheet.js) could ask for it: fetching
//    and compiling the wasm core, and in the reader, reading the capture from
//    storage.session. The modules pick these promises up from globalThis.broadsheetPreload
//    and do the work themselves if one is missing or failed.
(function () {
  'use strict';
  performance.mark('broadsheet:boot');

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

  const { ext } = globalThis.platform; // platform.js, loaded just before this script
  const quiet = (p) => (p.catch(() => {}), p);
  const key = location.pathname.endsWith('/reader.html') ? new URLSearchParams(location.search).get('c') : null;
  globalThis.broadsheetPreload = {
    wasm: quiet(WebAssembly.compileStreaming(fetch('pkg/broadsheet_bg.wasm'))),
    capture: key ? quiet(ext.storage.session.get(key)) : null,
  };
})();
