// Everything that differs between Chrome and Firefox, in one place. The rest of the
// extension reads `globalThis.platform` instead of checking which browser it runs in.
//
// A script that sets one global and exports nothing, so that it loads both ways: the
// extension pages load it with a plain <script src="platform.js"> first in <head>, before
// boot.js (a classic script) and their (deferred) modules; background.js, an ES module (in
// Chrome's service worker and Firefox's event page alike), imports it first.
globalThis.platform ??= (() => {
  // Firefox's promise-based `browser` namespace, else Chrome's `chrome` (promise-based too
  // under Manifest V3).
  const ext = globalThis.browser ?? globalThis.chrome;

  // Where the background code runs: Chrome's service worker (no DOM, stopped when idle,
  // importScripts) or Firefox's event page (a window, unloaded when idle). Nothing else in
  // the extension depends on it today; it is here so nothing has to sniff for it.
  const background =
    typeof ServiceWorkerGlobalScope !== 'undefined' && globalThis instanceof ServiceWorkerGlobalScope
      ? 'worker'
      : 'page';

  const quota = Object.freeze({
    /** Largest capture handed to the reader, in characters of HTML. storage.session holds
     * 10 MB in Chrome (counted as UTF-8 JSON); leave room for the rest of the record. */
    sessionCaptureChars: 8 * 1024 * 1024,
    /** Largest value kept in one storage.sync item, in bytes of JSON: QUOTA_BYTES_PER_ITEM
     * is 8 KB (8192, counting key + JSON value), minus the key and slack. */
    syncItemBytes: 8000,
  });

  /** Web Speech is there (checked on each call: pages and tests may stand in for it). */
  const speechSupported = () =>
    typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';

  /**
   * The system's speech voices. Firefox fills getVoices() synchronously; Chromium returns []
   * until it fires `voiceschanged`; headless browsers (and systems without speech) have none
   * and may never fire it, so give up after `timeoutMs` and resolve [].
   * @param {number} [timeoutMs]
   * @returns {Promise<SpeechSynthesisVoice[]>}
   */
  function voices(timeoutMs = 1000) {
    if (!speechSupported()) return Promise.resolve([]);
    const now = speechSynthesis.getVoices();
    if (now.length) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        speechSynthesis.removeEventListener('voiceschanged', done);
        resolve(speechSynthesis.getVoices());
      };
      const timer = setTimeout(done, timeoutMs);
      speechSynthesis.addEventListener('voiceschanged', done);
    });
  }

  return Object.freeze({ ext, background, quota, speech: Object.freeze({ supported: speechSupported, voices }) });
})();
