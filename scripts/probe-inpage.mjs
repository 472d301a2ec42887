// Experiment (issue 14): what "click → reader painted" would be if the reader were painted in
// the page itself (a popover in a closed shadow root over the page, no new document), against
// the reader as it opens today (a new extension page), in one headless Chromium, alternated.
//
// Both run the real extension's background code on the real pages. A copy of extension/ (with
// its pkg/ from `make build`) gets one appended test function; scripts/chromium.mjs loads it
// with one host permission, the fixture server's. The function does what openReader() does up
// to the article (capturePage() in the tab, cleanHere() with the core in the background), then
// injects a function that writes the article's title and sanitized contentHtml into a shadow
// root styled by reader.css, and stamps two frames later (as the reader stamps its paint). No
// reader controls, no summary card, no prefs: a floor for the in-page way, not a reader.
//
//   node scripts/probe-inpage.mjs [--runs N]       (after `make build`; default 10)
//   BS_CORPUS=../shared/corpus/readability node scripts/probe-inpage.mjs   (+ the largest page)
//
// Figures, not assertions; see extension/README.md, "Speed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { launchWithExtension } from './chromium.mjs';
import { percentile, waitForPainted, largestCase } from '../tests/e2e/reader-timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 10);
const CORPUS = process.env.BS_CORPUS ? path.resolve(process.env.BS_CORPUS) : null;
const FIXTURES = ['aggregator.html', 'paywalled.html', 'rtl.html', 'code-table.html', 'not-article.html'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-probe-inpage-'));
const ext = path.join(tmp, 'ext');
fs.cpSync(path.join(ROOT, 'extension'), ext, { recursive: true });
if (!fs.existsSync(path.join(ext, 'pkg/broadsheet_bg.wasm'))) throw new Error('extension/pkg/ is missing: run `make build`');
// The reader's style sheet, its document selectors turned into the shadow host's.
const css = fs
  .readFileSync(path.join(ROOT, 'extension/reader.css'), 'utf8')
  .replace(/:root\b/g, ':host')
  .replace(/(^|[\s,}])html(?=[\s[:{.,])/g, '$1:host');
fs.appendFileSync(
  path.join(ext, 'background.js'),
  `
// ---- appended by scripts/probe-inpage.mjs ----
function paintInPage(title, html, css) {
  const boot = Date.now();
  const host = document.createElement('div');
  host.setAttribute('popover', 'manual');
  host.style.cssText = 'all:initial;position:fixed;inset:0;width:100vw;height:100vh;margin:0;border:0;padding:0;overflow:auto;';
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  const doc = document.createElement('article');
  doc.id = 'doc';
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const content = document.createElement('div');
  content.className = 'content';
  const t = document.createElement('template');
  t.innerHTML = html; // the core's sanitized contentHtml, parsed inert
  content.append(t.content);
  doc.append(h1, content);
  root.append(doc);
  document.documentElement.append(host);
  host.showPopover();
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ boot, painted: Date.now() }))));
}
globalThis.probeInPage = async (tabId, css) => {
  const t0 = Date.now();
  if (!coreBroken) backgroundCore().catch(() => {});
  const [injection] = await ext.scripting.executeScript({ target: { tabId }, func: capturePage, args: [MAX_CAPTURE_CHARS] });
  const captured = Date.now();
  const made = await cleanHere(injection.result);
  const cleaned = Date.now();
  const [r] = await ext.scripting.executeScript({ target: { tabId }, func: paintInPage, args: [made?.article?.title ?? '', made?.article?.contentHtml ?? '', css] });
  return { captured: captured - t0, cleaned: cleaned - t0, painted: r.result.painted - t0 };
};
`,
);

const server = await serve({ '/': path.join(ROOT, 'tests/e2e/pages'), ...(CORPUS ? { '/corpus/': CORPUS } : {}) });
const pages = FIXTURES.map((f) => ({ name: f, group: 'fixtures', url: `${server.url}/${f}` }));
if (CORPUS) {
  const c = largestCase(CORPUS);
  pages.push({ name: c, group: `corpus:${c}`, url: `${server.url}/corpus/${c}/source.html` });
}
// launchWithExtension() loads a copy of it with the fixture server's host permission.
const { context, worker, close } = await launchWithExtension(ext, { prefix: 'broadsheet-probe-inpage-', viewport: { width: 1100, height: 900 } });
await context.route((url) => !url.href.startsWith(server.url) && /^https?:/.test(url.href), (route) => route.abort());
const page = await context.newPage();
const tabId = async () => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());

const samples = {}; // group → way → [{...}]
const loads = [];
for (let i = 0; i <= RUNS; i++) {
  for (const p of pages) {
    for (const way of i % 2 ? ['in-page', 'tab'] : ['tab', 'in-page']) {
      await page.goto(p.url, { waitUntil: 'load', timeout: 30_000 });
      const id = await tabId();
      let r;
      if (way === 'in-page') {
        r = await worker.evaluate(({ id, css }) => globalThis.probeInPage(id, css), { id, css });
      } else {
        await worker.evaluate((i) => globalThis.openReader(i), id);
        await waitForPainted(page);
        r = await page.evaluate(() => {
          const d = document.documentElement.dataset;
          return { painted: Number(d.bsPaintedAt) - Number(d.bsClickAt) };
        });
      }
      if (i > 0) (((samples[p.group] ??= {})[way] ??= [])).push(r); // round 0 warms up
    }
  }
  loads.push(os.loadavg()[0]);
}
await close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });

const cpu = `${os.cpus().length} cores, ${os.cpus()[0]?.model?.trim()}`;
console.log(`Chromium headless=new, ${cpu}, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, ${RUNS} opens per page and way`);
const f = (v) => (v.length ? `${percentile(v, 50).toFixed(0).padStart(4)} / ${percentile(v, 95).toFixed(0).padEnd(4)}` : '   –     ');
for (const [group, ways] of Object.entries(samples)) {
  console.log(`\n== ${group}: ms from the click, p50 / p95`);
  console.log(`  ${'way'.padEnd(10)} ${'captured'.padEnd(11)} ${'cleaned'.padEnd(11)} painted`);
  for (const [way, v] of Object.entries(ways)) {
    console.log(`  ${way.padEnd(10)} ${f(v.map((x) => x.captured).filter(Number.isFinite))}  ${f(v.map((x) => x.cleaned).filter(Number.isFinite))}  ${f(v.map((x) => x.painted))}`);
  }
}
