// The in-page half of scripts/bench-browser.mjs: loads our wasm package, Readability.js and
// (when built) dom_smoothie as wasm in one page and times them on the same HTML strings. Driven
// from node through window.bench().

import init, { clean } from '/pkg/broadsheet.js';

/** dom_smoothie compiled to wasm (scripts/build-peer-wasm.sh), or null when the server has none. */
let peerFn = null;
/** The lol_html floor from the same module (a rewriter whose handlers only count), or null. */
let floorFn = null;

/** Ours: the whole clean, from the HTML string to the Article object. */
function ours(html, url) {
  try {
    return clean(html, { url }).text.length > 0;
  } catch {
    return false; // "no article found" still costs a full pass; it is timed like the rest
  }
}

/** Readability.js as a page would run it: parse with DOMParser, then parse(). */
function readability(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const article = new Readability(doc).parse();
  return Boolean(article && article.textContent);
}

/** dom_smoothie as wasm: the page's string to its article's text. */
function peer(html, url) {
  return peerFn(html, url).length > 0;
}

function time(fn) {
  const t0 = performance.now();
  const ok = fn();
  return [performance.now() - t0, ok];
}

/**
 * Fetches every page, runs each through every engine once untimed (warm-up), then times
 * `rounds` rounds. Within a round the engines alternate page by page, and which one goes first
 * rotates too, so none always runs on a cold cache. Returns per-page median times (`peer` is
 * null when dom_smoothie's module is not loaded).
 */
window.bench = async function bench(cases, rounds) {
  const pages = [];
  for (const name of cases) {
    const res = await fetch(`/corpus/${encodeURIComponent(name)}/source.html`);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    const html = await res.text();
    pages.push({ name, html, bytes: new TextEncoder().encode(html).length, url: `https://example.com/${name}/` });
  }
  const engines = [['ours', (p) => ours(p.html, p.url)], ['readability', (p) => readability(p.html)]];
  if (peerFn) engines.push(['peer', (p) => peer(p.html, p.url)]);
  if (floorFn) engines.push(['floor', (p) => floorFn(p.html) > 0]);
  for (const p of pages) for (const [, run] of engines) run(p);
  const results = pages.map((p) => {
    const r = { name: p.name, bytes: p.bytes };
    for (const [key] of engines) {
      r[key] = [];
      r[`${key}Ok`] = true;
    }
    return r;
  });
  for (let r = 0; r < rounds; r++) {
    pages.forEach((p, i) => {
      for (let k = 0; k < engines.length; k++) {
        const [key, run] = engines[(i + r + k) % engines.length];
        const [ms, ok] = time(() => run(p));
        results[i][key].push(ms);
        results[i][`${key}Ok`] &&= ok;
      }
    });
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return results.map((r) => {
    const out = { ...r, peer: null, floor: null };
    for (const [key] of engines) out[key] = median(r[key]);
    return out;
  });
};

await init();
try {
  const m = await import('/peer/dom_smoothie_wasm.js');
  await m.default();
  peerFn = m.readability;
  floorFn = m.lol_html_floor ?? null; // a peer module built before the floor was added has none
} catch {
  peerFn = null; // not built: the bench runs ours against Readability.js only
}
window.benchHasPeer = peerFn !== null;
document.getElementById('state').textContent = 'ready';
window.benchReady = true;
