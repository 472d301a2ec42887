// Reader preferences: chrome.storage.sync (`prefs`) is the source of truth, the localStorage
// mirror read by boot.js follows it. Defaults, limits and apply() are in boot.js,
// which every page loads first.
const { ext } = globalThis.platform; // platform.js, a classic script the page loads first

const P = globalThis.broadsheetPrefs;
export const { DEFAULTS, CHOICES, RANGES, normalize, apply } = P;

/** Reads the stored prefs, applies them (if they differ from the mirror) and refreshes it.
 * @param {Promise<object>} [read] storage.sync's answer for `prefs`, when the caller asked for
 *   it already (the reader's boot.js) */
export async function loadPrefs(read = ext.storage.sync.get('prefs')) {
  const { prefs } = await read;
  const p = normalize(prefs);
  P.writeMirror(p);
  apply(p);
  return p;
}

export async function savePrefs(prefs) {
  const p = normalize(prefs);
  P.writeMirror(p);
  apply(p);
  await ext.storage.sync.set({ prefs: p });
  return p;
}

/** Calls `fn(prefs)` when another page (the options page, another reader tab) saves prefs. */
export function onPrefsChanged(fn) {
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && changes.prefs) {
      const p = normalize(changes.prefs.newValue);
      P.writeMirror(p);
      apply(p);
      fn(p);
    }
  });
}
