// Where the reader's time goes (issue 14): one open of the reader, from the click to the
// painted article, cut into stages. Shared by tests/e2e/extension.test.mjs (its timing test)
// and scripts/bench-reader.mjs (old vs new builds, alternated in one browser).
//
// Every stamp is epoch milliseconds (performance.timeOrigin + performance.now(), comparable
// between the service worker and the reader page):
//
//   click        the worker's openReader() starts (record.clickAt)
//   captured     the page's HTML is back in the worker (record.capturedAt)
//   navigation   the reader page's navigation starts (its performance.timeOrigin); between
//                `captured` and here: storage.session write, tabs.update, the browser's
//                navigation start
//   boot         boot.js runs (the HTML arrived and parsed up to <head>'s scripts)
//   start        reader.js runs (the module graph is loaded and evaluated)
//   capture      the capture read from storage.session is in reader.js's hands
//   core         the wasm core is compiled and instantiated (builds that clean in the page)
//   clean        clean() returned (builds that clean in the page)
//   render       the article is in the DOM (header, card, body)
//   painted      reader.js's paint stamp (data-bs-painted-at)
//
// A stage is the time from the previous stamp to its own; work that runs in parallel (since
// issue 14 the background cleans the capture while the reader page starts; earlier builds
// compiled the wasm in boot.js beside the capture read) shows only as the wait it leaves.
// Side figures: how long that work took on its own (when the build stamps it), and the
// browser's own first paint and the title's Element Timing.
import fs from 'node:fs';
import path from 'node:path';

export const STAGES = [
  ['captured', 'click → page captured'],
  ['navigation', 'captured → reader navigation starts'],
  ['boot', 'navigation → boot.js runs'],
  ['start', 'boot.js → reader.js runs'],
  ['capture', 'reader.js → capture in hand'],
  ['core', 'capture → core ready'],
  ['clean', 'core → clean() done'],
  ['render', 'clean → DOM inserted'],
  ['painted', 'DOM inserted → painted'],
];

/** Side figures: [name, label, from, to] (stamps; skipped when either is missing). */
export const SIDE = [
  ['compile', 'wasm fetch + compile (boot.js, in parallel)', 'boot', 'wasm'],
  ['bgClean', 'clean() in the background (in parallel)', 'cleanStart', 'cleaned'],
  ['bgReady', 'click → article made in the background', 'click', 'cleaned'],
  ['read', 'capture read from storage (in parallel)', 'boot', 'read'],
  ['instantiate', 'instantiate (after compile)', 'instantiate-start', 'core-ready'],
  ['coreReady', 'click → core ready (wherever it started)', 'click', 'core-ready'],
  ['firstPaint', 'click → browser first paint', 'click', 'first-paint'],
  ['element', 'click → title painted (Element Timing)', 'click', 'element'],
  ['total', 'click → painted', 'click', 'painted'],
];

/**
 * Waits until the reader page in `page` has painted, without running anything in the page
 * between polls: Playwright's waitForFunction() injects its ~100 kB utility script into the
 * new page and polls on every animation frame, which lands on the very path being timed (a
 * 15–30 ms parse on this machine). A plain evaluate() every 25 ms does not.
 * @param {import('playwright-core').Page} page
 */
export async function waitForPainted(page, timeout = 30_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const done = await page
      .evaluate(() => location.pathname.endsWith('/reader.html') && Boolean(document.documentElement.dataset.bsPaintedAt))
      .catch(() => false); // the context went away mid-navigation
    if (done) return;
    if (Date.now() > until) throw new Error(`the reader did not paint within ${timeout} ms (${page.url()})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The stamps of the reader page `page` (painted already), plus `captured` read back from the
 * worker's storage (older builds do not put it in the page).
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Worker} worker the extension's service worker
 */
export async function readStamps(page, worker) {
  const s = await page.evaluate(() => {
    const d = document.documentElement.dataset;
    const o = performance.timeOrigin;
    const out = {
      click: Number(d.bsClickAt),
      captured: d.bsCapturedAt ? Number(d.bsCapturedAt) : NaN,
      navigation: o,
      painted: Number(d.bsPaintedAt),
      element: d.bsElementPaintedAt ? Number(d.bsElementPaintedAt) : NaN,
      cleanStart: d.bsCleanStartAt ? Number(d.bsCleanStartAt) : NaN,
      cleaned: d.bsCleanedAt ? Number(d.bsCleanedAt) : NaN,
      key: new URLSearchParams(location.search).get('c'),
      state: d.bsState,
      error: d.bsError ? `${d.bsError}: ${document.getElementById("message-detail")?.textContent}` : undefined,
    };
    for (const m of performance.getEntriesByType('mark')) {
      if (m.name.startsWith('broadsheet:')) out[m.name.slice('broadsheet:'.length)] ??= o + m.startTime;
    }
    for (const p of performance.getEntriesByType('paint')) out[p.name] = o + p.startTime;
    return out;
  });
  if (!Number.isFinite(s.captured) && s.key) {
    s.captured = await worker.evaluate(async (k) => (await chrome.storage.session.get(k))[k]?.capturedAt ?? NaN, s.key).catch(() => NaN);
  }
  return s;
}

/** Stamps → { stage: ms } (consecutive differences) and the side figures. */
export function stages(s) {
  const out = {};
  let prev = s.click;
  for (const [name] of STAGES) {
    if (!Number.isFinite(s[name])) continue; // a stamp this build does not set: merged into the next
    out[name] = s[name] - prev;
    prev = s[name];
  }
  for (const [name, , from, to] of SIDE) {
    if (Number.isFinite(s[from]) && Number.isFinite(s[to])) out[name] = s[to] - s[from];
  }
  return out;
}

/** The case of a corpus folder (`<case>/source.html`) whose page is largest: issue 14's
 * second timing target. */
export function largestCase(corpus) {
  let best = null;
  for (const c of fs.readdirSync(corpus)) {
    const f = path.join(corpus, c, 'source.html');
    if (!fs.existsSync(f)) continue;
    const size = fs.statSync(f).size;
    if (!best || size > best.size) best = { c, size };
  }
  return best?.c ?? null;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * A table of p50 / p95 per stage for one or more labelled sample sets (each an array of
 * stages() results): the rows are the stages, two columns per set.
 * @param {Record<string, object[]>} sets
 * @returns {string}
 */
export function table(sets) {
  const names = Object.keys(sets);
  const rows = [...STAGES.map(([n, l]) => [n, l]), ['', ''], ...SIDE.map(([n, l]) => [n, l])];
  const width = Math.max(...rows.map(([, l]) => l.length));
  const head = `${''.padEnd(width)}  ${names.map((n) => `${n.slice(0, 19).padStart(19)}`).join('  ')}`;
  const sub = `${''.padEnd(width)}  ${names.map(() => `${'p50'.padStart(9)} ${'p95'.padStart(9)}`).join('  ')}`;
  const lines = [head, sub];
  for (const [name, label] of rows) {
    if (!name) {
      lines.push('');
      continue;
    }
    const cells = names.map((n) => {
      const v = sets[n].map((x) => x[name]).filter(Number.isFinite);
      return v.length ? `${percentile(v, 50).toFixed(1).padStart(9)} ${percentile(v, 95).toFixed(1).padStart(9)}` : `${'–'.padStart(9)} ${'–'.padStart(9)}`;
    });
    lines.push(`${label.padEnd(width)}  ${cells.join('  ')}`);
  }
  const counts = names.map((n) => `${n}: ${sets[n].length} opens`).join(', ');
  lines.push(`(${counts}; ms; each stage's p50/p95 on its own, so the stages do not add up to the total's)`);
  return lines.join('\n');
}
