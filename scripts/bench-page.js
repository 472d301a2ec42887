// The in-page half of scripts/bench-browser.mjs: loads our wasm package and Readability.js in
// one page and times both on the same HTML strings. Driven from node through window.bench().

import init, { clean } from '/pkg/broadsheet.js';

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

function time(fn) {
  const t0 = performance.now();
  const ok = fn();
  return [performance.now() - t0, ok];
}

/**
 * Fetches every page, runs each through both engines once untimed (warm-up), then times
 * `rounds` rounds. Within a round the engines alternate page by page, and which one goes first
 * alternates too, so neither always runs on a cold cache. Returns per-page median times.
 */
window.bench = async function bench(cases, rounds) {
  const pages = [];
  for (const name of cases) {
    const res = await fetch(`/corpus/${encodeURIComponent(name)}/source.html`);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    const html = await res.text();
    pages.push({ name, html, bytes: new TextEncoder().encode(html).length, url: `https://example.com/${name}/` });
  }
  for (const p of pages) {
    ours(p.html, p.url);
    readability(p.html);
  }
  const results = pages.map((p) => ({ name: p.name, bytes: p.bytes, ours: [], readability: [], oursOk: true, readabilityOk: true }));
  for (let r = 0; r < rounds; r++) {
    pages.forEach((p, i) => {
      const runOurs = () => time(() => ours(p.html, p.url));
      const runReadability = () => time(() => readability(p.html));
      let a, b;
      if ((i + r) % 2 === 0) {
        a = runOurs();
        b = runReadability();
      } else {
        b = runReadability();
        a = runOurs();
      }
      results[i].ours.push(a[0]);
      results[i].readability.push(b[0]);
      results[i].oursOk &&= a[1];
      results[i].readabilityOk &&= b[1];
    });
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return results.map((r) => ({ ...r, ours: median(r.ours), readability: median(r.readability) }));
};

await init();
document.getElementById('state').textContent = 'ready';
window.benchReady = true;
