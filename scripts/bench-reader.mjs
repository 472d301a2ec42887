// Click → reader painted, stage by stage (issue 14), for one or more builds of the extension
// loaded side by side in ONE headless Chromium, opens alternated build by build, so a busy
// machine weighs on every build alike.
//
//   node scripts/bench-reader.mjs                                 # extension/ on the fixtures
//   node scripts/bench-reader.mjs --ext old=/tmp/ext-old --ext new=extension --runs 20
//   BS_CORPUS=../shared/corpus/readability node scripts/bench-reader.mjs ...   # + the largest
//                                                                 # corpus page (source.html)
//   options: --runs N (opens per page and build, default 10), --pages a.html,b.html (fixtures
//   in tests/e2e/pages/), --no-fixtures, --corpus-case NAME (instead of the largest)
//
// Each build folder needs its wasm package (pkg/). Like the extension test, each is copied
// with one added host permission (http://127.0.0.1/*) and the click is openReader(tabId)
// called in its service worker. Prints a table of p50/p95 per stage (tests/e2e/reader-timing.mjs)
// with the machine and its load average. Figures, not assertions.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { readStamps, stages, table, percentile, waitForPainted, largestCase } from '../tests/e2e/reader-timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const builds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--ext') continue;
  const [name, dir] = args[i + 1].includes('=') ? args[i + 1].split('=') : [path.basename(args[i + 1]), args[i + 1]];
  builds.push({ name, dir: path.resolve(dir) });
}
if (!builds.length) builds.push({ name: 'extension', dir: path.join(ROOT, 'extension') });
const RUNS = Number(opt('--runs', 10));
const FIXTURES = args.includes('--no-fixtures') ? [] : opt('--pages', 'aggregator.html,paywalled.html,rtl.html,code-table.html,not-article.html').split(',');
const CORPUS = process.env.BS_CORPUS ? path.resolve(process.env.BS_CORPUS) : null;

/** The corpus case with the largest source.html (or the one named). */
const corpusCase = () => opt('--corpus-case', null) ?? largestCase(CORPUS);

const server = await serve({ '/': path.join(ROOT, 'tests/e2e/pages'), ...(CORPUS ? { '/corpus/': CORPUS } : {}) });
const pages = FIXTURES.map((f) => ({ name: f, url: `${server.url}/${f}` }));
if (CORPUS) {
  const c = corpusCase();
  const kb = (fs.statSync(path.join(CORPUS, c, 'source.html')).size / 1024).toFixed(0);
  pages.push({ name: `corpus:${c} (${kb} KB)`, url: `${server.url}/corpus/${c}/source.html`, corpus: true });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-reader-'));
for (const [i, b] of builds.entries()) {
  b.copy = path.join(tmp, `ext-${i}`);
  fs.cpSync(b.dir, b.copy, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(b.copy, 'manifest.json'), 'utf8'));
  delete manifest.commands; // two copies would fight over Alt+Shift+R
  fs.writeFileSync(path.join(b.copy, 'manifest.json'), JSON.stringify({ ...manifest, name: `bench-${i}`, host_permissions: ['http://127.0.0.1/*'] }));
}
const list = builds.map((b) => b.copy).join(',');
const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: false,
  viewport: { width: 1100, height: 900 },
  args: ['--headless=new', '--no-sandbox', `--disable-extensions-except=${list}`, `--load-extension=${list}`, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
// Requests that would leave the fixture server (a corpus page's ads, fonts…) are aborted.
await context.route((url) => !url.href.startsWith(server.url) && /^https?:/.test(url.href), (route) => route.abort());

for (let tries = 0; builds.some((b) => !b.worker) && tries < 50; tries++) {
  for (const w of context.serviceWorkers()) {
    const name = await w.evaluate(() => chrome.runtime.getManifest().name).catch(() => null);
    const b = builds[Number(name?.replace('bench-', ''))];
    if (b) b.worker = w;
  }
  if (builds.some((b) => !b.worker)) await new Promise((r) => setTimeout(r, 200));
}
if (builds.some((b) => !b.worker)) throw new Error('a build’s service worker did not start');

const page = await context.newPage();
const tabId = async () => {
  const url = page.url();
  return builds[0].worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
};

const samples = {}; // page → build → [stages]
const totals = {};
async function openOnce(b, p) {
  await page.goto(p.url, { waitUntil: 'load', timeout: 30_000 });
  const id = await tabId();
  await b.worker.evaluate((i) => globalThis.openReader(i), id);
  await waitForPainted(page);
  await page.waitForTimeout(50); // Element Timing and paint entries arrive after the frame
  const raw = await readStamps(page, b.worker);
  if (process.env.BS_DUMP) console.log(JSON.stringify(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "number" ? +(v - raw.click).toFixed(1) : v]))));
  return stages(raw);
}

// One warm-up open per build and page (first compile, first storage use), not counted.
for (const p of pages) for (const b of builds) await openOnce(b, p);
const loads = [];
for (let i = 0; i < RUNS; i++) {
  for (const p of pages) {
    const order = i % 2 ? [...builds].reverse() : builds;
    for (const b of order) {
      const st = await openOnce(b, p);
      ((samples[p.name] ??= {})[b.name] ??= []).push(st);
      ((totals[p.corpus ? 'corpus' : 'fixtures'] ??= {})[b.name] ??= []).push(st);
    }
  }
  loads.push(os.loadavg()[0]);
}
await context.close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });

const cpu = `${os.cpus().length} cores, ${os.cpus()[0]?.model?.trim()}`;
console.log(`Chromium headless=new, ${cpu}, load average (1 min) during the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, ${RUNS} opens per page and build`);
for (const [group, sets] of Object.entries(totals)) {
  console.log(`\n== ${group === 'corpus' ? pages.at(-1).name : `fixtures (${FIXTURES.join(', ')})`}\n${table(sets)}`);
}
console.log('\nclick → painted per page (p50 / p95 ms):');
for (const [p, sets] of Object.entries(samples)) {
  console.log(`  ${p}: ${Object.entries(sets).map(([b, v]) => `${b} ${percentile(v.map((x) => x.total), 50).toFixed(0)} / ${percentile(v.map((x) => x.total), 95).toFixed(0)}`).join(', ')}`);
}
