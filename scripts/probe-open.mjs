// Experiment (issue 14): the floor under "click → reader painted" for each way the reader
// could be shown, measured with nothing of the reader in it. A throwaway extension (written
// to a temp folder, one host permission for the fixture server) is loaded in headless
// Chromium; from its service worker, on the extension test's aggregator fixture, it shows a
// nearly empty page (a heading and a paragraph) four ways, alternated:
//
//   tab       tabs.update() to an extension page (how the reader opens today)
//   iframe    an extension page in an <iframe>, in a popover over the page (closed shadow root)
//   web       tabs.update() to a plain page of the fixture server (not an extension page)
//   in-page   the same popover with the HTML written into its shadow root by the injected
//             function (no new document at all)
//
// and times each from the worker's call to the script of the new document (`boot`) and to
// two frames later (`painted`, as the reader stamps its paint), in epoch ms on both sides.
//
//   node scripts/probe-open.mjs [--runs N]      (default 15; nothing of the build needed)
//
// Figures, not assertions. 2026-12-01, Chromium 156, 2-core AMD EPYC, 15 runs, load 2.5–2.9:
// painted p50 tab 133 ms, iframe 131, web 88, in-page 19; its prototype (the same four ways,
// load 0.4–3.4) gave 127, 120, 94 and 21 (extension/README.md).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { CHROMIUM, LAUNCH_ARGS } from './chromium.mjs';
import { percentile } from '../tests/e2e/reader-timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 15);
const MODES = ['tab', 'iframe', 'web', 'in-page'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-probe-open-'));
const ext = path.join(tmp, 'ext');
const pages = path.join(tmp, 'pages');
fs.mkdirSync(ext);
fs.mkdirSync(pages);
fs.copyFileSync(path.join(ROOT, 'tests/e2e/pages/aggregator.html'), path.join(pages, 'aggregator.html'));

const BODY = '<h1>Probe</h1><p>A paragraph of text.</p>';
// The new document's script: stamps when it runs and two frames later.
const STAMP = `const boot = Date.now();
requestAnimationFrame(() => requestAnimationFrame(() => { STORE({ boot, painted: Date.now() }); }));`;
// A plain web page cannot reach extension storage: it puts its stamps in its title.
fs.writeFileSync(
  path.join(pages, 'web.html'),
  `<!doctype html><meta charset="utf-8"><script>${STAMP.replace('STORE', '((s) => (document.title = "S " + s.boot + " " + s.painted))')}</script>${BODY}`,
);
fs.writeFileSync(
  path.join(ext, 'manifest.json'),
  JSON.stringify({
    manifest_version: 3,
    name: 'probe-open',
    version: '0.1',
    background: { service_worker: 'bg.js' },
    permissions: ['activeTab', 'scripting', 'storage', 'tabs'],
    host_permissions: ['http://127.0.0.1/*'],
    web_accessible_resources: [{ resources: ['page.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
  }),
);
fs.writeFileSync(path.join(ext, 'page.html'), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>${BODY}`);
fs.writeFileSync(path.join(ext, 'page.js'), STAMP.replace('STORE', '((s) => chrome.storage.session.set({ stamp: s }))'));
fs.writeFileSync(
  path.join(ext, 'bg.js'),
  `
/** Injected: a popover over the page, in a closed shadow root, holding an iframe or the HTML itself. */
function overlay(src, html) {
  const boot = Date.now();
  const host = document.createElement('div');
  host.setAttribute('popover', 'manual');
  host.style.cssText = 'all:initial;position:fixed;inset:0;width:100vw;height:100vh;margin:0;border:0;padding:0;background:#fff;';
  const root = host.attachShadow({ mode: 'closed' });
  if (src) {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block';
    root.append(frame);
  } else {
    const main = document.createElement('main');
    main.innerHTML = html;
    root.append(main);
  }
  document.documentElement.append(host);
  host.showPopover();
  if (src) return null;
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ boot, painted: Date.now() }))));
}
async function stored() {
  for (;;) {
    const { stamp } = await chrome.storage.session.get('stamp');
    if (stamp) return stamp;
    await new Promise((r) => setTimeout(r, 2));
  }
}
async function titled(tabId) {
  for (;;) {
    const title = (await chrome.tabs.get(tabId)).title ?? '';
    if (title.startsWith('S ')) { const [, boot, painted] = title.split(' ').map(Number); return { boot, painted }; }
    await new Promise((r) => setTimeout(r, 2));
  }
}
globalThis.probe = async (tabId, mode, webUrl) => {
  await chrome.storage.session.remove('stamp');
  const t0 = Date.now();
  let s;
  if (mode === 'tab') {
    await chrome.tabs.update(tabId, { url: chrome.runtime.getURL('page.html') });
    s = await stored();
  } else if (mode === 'iframe') {
    await chrome.scripting.executeScript({ target: { tabId }, func: overlay, args: [chrome.runtime.getURL('page.html'), null] });
    s = await stored();
  } else if (mode === 'web') {
    await chrome.tabs.update(tabId, { url: webUrl });
    s = await titled(tabId);
  } else {
    const [r] = await chrome.scripting.executeScript({ target: { tabId }, func: overlay, args: [null, ${JSON.stringify(BODY)}] });
    s = r.result;
  }
  return { boot: s.boot - t0, painted: s.painted - t0 };
};
`,
);

const server = await serve({ '/': pages });
const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
  executablePath: CHROMIUM,
  headless: false,
  viewport: { width: 1100, height: 900 },
  args: [...LAUNCH_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const page = await context.newPage();
const samples = Object.fromEntries(MODES.map((m) => [m, []]));
const loads = [];
for (let i = 0; i <= RUNS; i++) {
  for (const mode of i % 2 ? [...MODES].reverse() : MODES) {
    await page.goto(`${server.url}/aggregator.html`, { waitUntil: 'load' });
    const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
    const r = await worker.evaluate(({ tabId, mode, webUrl }) => globalThis.probe(tabId, mode, webUrl), { tabId, mode, webUrl: `${server.url}/web.html` });
    if (i > 0) samples[mode].push(r); // the first round warms up
  }
  loads.push(os.loadavg()[0]);
}
const version = context.browser()?.version() ?? '';
await context.close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });

const cpu = `${os.cpus().length} cores, ${os.cpus()[0]?.model?.trim()}`;
console.log(`Chromium ${version} headless=new, ${cpu}, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, ${RUNS} runs per way`);
console.log('ms from the worker’s call, p50 / p95:      boot (script runs)    painted (2 frames later)');
for (const m of MODES) {
  const f = (k) => `${percentile(samples[m].map((x) => x[k]), 50).toFixed(0).padStart(5)} / ${percentile(samples[m].map((x) => x[k]), 95).toFixed(0).padEnd(5)}`;
  console.log(`  ${m.padEnd(38)} ${f('boot')}        ${f('painted')}`);
}
