// The demo page (www/) in headless Chromium: loads the wasm package, cleans bundled samples,
// shows the article, the removed blocks and the timings, and reports errors in the page.
//
//   node tests/e2e/demo.test.mjs        (after `make build`, which fills www/pkg)
//
// Saves a screenshot to tests/e2e/out/demo.png. Prints `N passed, M failed`; exits 1 on failure.

import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/static-server.mjs';
import { launchChromium } from '../../scripts/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const www = path.join(root, 'www');
const outDir = path.join(root, 'tests/e2e/out');
const TIMEOUT_MS = 15000;

if (!fs.existsSync(path.join(www, 'pkg/broadsheet_bg.wasm'))) {
  console.error('demo.test: www/pkg is missing: run `make build` first');
  process.exit(1);
}

// /e2e/ serves trap-glue.mjs, for the crash-recovery test.
const server = await serve({ '/': www, '/e2e/': path.join(root, 'tests/e2e') });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.setDefaultTimeout(TIMEOUT_MS);

// Anything the demo logs as an error or throws, and any of its own requests that fails, fails
// the run: errors belong in the page. The original page in the sandboxed frame is exempt: its
// scripts are blocked on purpose and its stylesheets may not exist.
const consoleErrors = [];
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  if (m.location().url === 'about:srcdoc' || m.text().startsWith('Failed to load resource')) return;
  consoleErrors.push(m.text());
});
page.on('pageerror', (e) => consoleErrors.push(String(e)));
page.on('response', (r) => {
  if (r.status() >= 400 && r.request().frame() === page.mainFrame()) {
    consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
  }
});
// The page must work offline: any request that leaves 127.0.0.1 is recorded (and refused).
const offsite = [];
await page.route('**/*', (route) => {
  const u = new URL(route.request().url());
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
  offsite.push(u.href);
  return route.abort();
});

/** Picks a sample by file name and waits until the page shows its result. */
async function pickSample(file) {
  const value = await page.$eval('#sample', (sel, f) =>
    [...sel.options].find((o) => o.textContent.startsWith(f))?.value, file);
  assert.ok(value !== undefined, `sample ${file} is offered`);
  await page.selectOption('#sample', value);
  await page.waitForFunction((f) => document.body.dataset.state === 'done' &&
    document.getElementById('status').textContent.includes(f), file);
}

const readerText = () => page.$eval('#reader .content', (e) => e.innerText);
const removedRows = () => page.$$eval('#removed tbody tr', (rows) => rows.map((r) =>
  [...r.querySelectorAll('td')].map((td) => td.textContent)));

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the page loads the wasm package and cleans the first sample', async () => {
  await page.goto(server.url + '/');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state));
  assert.equal(await page.$eval('#error', (e) => e.hidden), true, await page.$eval('#error', (e) => e.textContent));
  assert.match(await page.textContent('#version'), /^broadsheet \d+\.\d+\.\d+ \(wasm\)$/);
});

test('a news sample: article text in the reader view, junk in the removed list', async () => {
  await pickSample('night-ferry.html');
  const text = await readerText();
  assert.ok(text.includes('At ten to midnight the Margaret Anne backs away from the pier'), text.slice(0, 200));
  assert.ok(text.includes('We just keep the engines warm and the kettle full.'));
  for (const junk of ['We use cookies', 'Advertisement', 'The Islands Briefing', 'Share on Facebook', 'Related stories']) {
    assert.ok(!text.includes(junk), `reader view contains "${junk}"`);
  }
  assert.equal(await page.textContent('#reader .title'), 'The last night ferry to Skerrow keeps sailing');
  assert.match(await page.textContent('#reader .meta'), /Isla Marwick/);
  assert.match(await page.textContent('#reader .summary-card'), /min read/);
  // The lead image resolved against the sample's own URL and loaded offline.
  const imgOk = await page.$eval('#reader .content img', (img) => img.complete && img.naturalWidth > 0);
  assert.ok(imgOk, 'the article image loads');

  const rows = await removedRows();
  const byKind = (kind) => rows.find((r) => r[1] === kind);
  for (const [kind, rule, preview] of [
    ['cookie', '##cookie-banner', 'We use cookies'],
    ['newsletter', '##.newsletter-signup', 'The Islands Briefing'],
    ['ad', '##.ad-slot', 'Advertisement'],
    ['social', '##.share-bar', 'Share on Facebook'],
  ]) {
    const row = byKind(kind);
    assert.ok(row, `a removed ${kind} block is listed: ${JSON.stringify(rows)}`);
    assert.ok(row[2].includes(rule), `${kind} rule ${row[2]}`);
    assert.ok(row[3].includes(preview), `${kind} preview ${row[3]}`);
  }
  assert.equal(await page.textContent('#removed-count'), `(${rows.length})`);

  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'demo.png'), fullPage: true });
});

test('key points: verbatim sentences of the article, 3 by default, 5 at medium', async () => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const points = () => page.$$eval('#reader .key-points li', (li) => li.map((e) => e.textContent));
  const text = norm(await readerText());
  let shown = await points();
  assert.equal(shown.length, 3, JSON.stringify(shown));
  for (const p of shown) assert.ok(text.includes(norm(p)), `not in the article: ${p}`);
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
  await page.selectOption('#summary-length', 'medium');
  await page.waitForFunction(() => document.querySelectorAll('#reader .key-points li').length !== 3);
  shown = await points();
  assert.equal(shown.length, 5, JSON.stringify(shown));
  for (const p of shown) assert.ok(text.includes(norm(p)), `not in the article: ${p}`);
  await page.selectOption('#summary-length', 'short');
  await page.waitForFunction(() => document.querySelectorAll('#reader .key-points li').length === 3);
});

test('a crash inside the core (a real wasm trap) is reported and the core restarts', async () => {
  const html = fs.readFileSync(path.join(www, 'samples/night-ferry.html'), 'utf8');
  const r = await page.evaluate(async (html) => {
    const { loadCore, CoreCrashed } = await import('/pkg/loader.js');
    // The real glue, wrapped so that TRAP makes the real instance read outside its memory.
    const { TRAP } = await import('/e2e/trap-glue.mjs?instance=trap-test');
    const core = await loadCore(undefined, { glue: '/e2e/trap-glue.mjs' });
    await new Promise((res) => setTimeout(res, 500)); // the spare copy of the glue arrives
    let crash = null;
    try {
      core.clean(TRAP);
    } catch (e) {
      crash = { crashed: e instanceof CoreCrashed, cause: e.cause?.constructor?.name, message: e.message };
    }
    const after = core.clean(html, {});
    return { crash, instances: core.instances, title: after.title };
  }, html);
  assert.ok(r.crash?.crashed, JSON.stringify(r));
  assert.equal(r.crash.cause, 'RuntimeError');
  assert.equal(r.instances, 2);
  assert.equal(r.title, 'The last night ferry to Skerrow keeps sailing');
});

test('timings are shown in ms and MB/s', async () => {
  const status = await page.textContent('#status');
  assert.match(status, /in \d+\.\d\d ms · \d+(\.\d)? MB\/s/, status);
  const ms = Number(await page.$eval('#status', (e) => e.dataset.ms));
  assert.ok(ms > 0 && ms < 1000, `median ${ms} ms`);
});

test('the original is in a sandboxed iframe with scripts off', async () => {
  const frame = await page.$eval('#original', (f) => ({ sandbox: f.getAttribute('sandbox'), srcdoc: f.srcdoc }));
  assert.equal(frame.sandbox, '', 'sandbox with no allowances');
  assert.ok(frame.srcdoc.includes('The last night ferry to Skerrow'));
  const inner = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(inner, 'the original frame exists');
  assert.ok((await inner.textContent('body')).includes('We use cookies'), 'original keeps its junk');
});

test('a paywalled sample shows the paywall signal and the removed overlay', async () => {
  await pickSample('budget-paywall.html');
  const text = await readerText();
  assert.ok(text.includes('forty million euros'));
  assert.ok(text.includes('the first of the electric buses is due to arrive in the autumn'));
  assert.ok(!text.includes('You have read all your free articles'));
  assert.match(await page.textContent('#reader .summary-card'), /paywall detected/);
  const rows = await removedRows();
  assert.ok(rows.some((r) => r[1] === 'paywall' && r[2].includes('##.tp-modal')), JSON.stringify(rows));
});

test('pasted HTML with no article shows the error in the page', async () => {
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
  await page.fill('#paste', '<html><body><script>track()</script><p>  </p></body></html>');
  await page.fill('#url', '');
  await page.click('#clean-paste');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /no article found/);
  assert.equal(await page.$eval('body', (b) => b.dataset.state), 'error');
});

test('a dropped .html file is cleaned', async () => {
  const html = fs.readFileSync(path.join(www, 'samples/cedar-workshop.html'), 'utf8');
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'saved-page.html', { type: 'text/html' }));
    document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, html);
  await page.waitForFunction(() => document.body.dataset.state === 'done' &&
    document.getElementById('status').textContent.includes('saved-page.html'));
  assert.ok((await readerText()).includes('A sharp blade does not scratch the wood'));
  assert.equal(await page.$eval('#error', (e) => e.hidden), true);
});

test('user rules are checked as typed and bad ones are reported in the page', async () => {
  await page.fill('#rules', '##.byline\nexample.com##div:has(p)');
  await page.waitForFunction(() => /line 2/.test(document.getElementById('rules-status').textContent));
  assert.equal(await page.$eval('#rules-status', (e) => e.className), 'bad');
  await page.fill('#rules', '##.meta');
  await page.waitForFunction(() => /1 rule ok/.test(document.getElementById('rules-status').textContent));
  await pickSample('cedar-workshop.html');
  const rows = await removedRows();
  assert.ok(rows.some((r) => r[2].startsWith('user:1 ')), JSON.stringify(rows));
  await page.fill('#rules', '');
});

test('metadata with bidi overrides: each piece isolated in a <bdi>, the controls gone', async () => {
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
  const para = '<p>The harbour town opened its tide pool library on Tuesday, and by noon every reading box along the sea wall had been opened at least once by a visitor who came down to swim.</p>';
  await page.fill('#paste', `<html><head><title>Invoice \u202Egnp.exe</title>
    <meta name="author" content="\u202EAda Fenwick"><meta property="og:site_name" content="The \u2067Gazette"></head>
    <body><article>${para.repeat(4)}</article></body></html>`);
  await page.fill('#url', 'https://news.example/harbour');
  await page.click('#clean-paste');
  await page.waitForFunction(() => document.body.dataset.state === 'done' && document.getElementById('status').textContent.includes('pasted HTML'));
  const r = await page.evaluate(() => ({
    title: document.querySelector('#reader .title')?.textContent,
    titleBdi: Boolean(document.querySelector('#reader .title > bdi')),
    meta: document.querySelector('#reader .meta')?.textContent,
    metaBdi: [...document.querySelectorAll('#reader .meta > bdi')].map((b) => b.textContent),
  }));
  const controls = /[\u202A-\u202E\u2066-\u2069]/;
  assert.ok(r.titleBdi && r.title === 'Invoice gnp.exe', JSON.stringify(r));
  assert.ok(!controls.test(r.meta), JSON.stringify(r));
  assert.deepEqual(r.metaBdi.slice(0, 2), ['Ada Fenwick', 'The Gazette'], JSON.stringify(r));
  await page.fill('#url', '');
});

test('Trusted Types: the page refuses raw HTML strings; the article still renders through its policy', async () => {
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /require-trusted-types-for 'script'/);
  const r = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed';
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(r, 'TypeError', 'a raw string into innerHTML is refused');
  await page.waitForTimeout(200); // the console message arrives after evaluate() returns
  // Drop the refusal the browser logged: it is the point of this test.
  for (let i = consoleErrors.length - 1; i >= 0; i--) if (/TrustedHTML/.test(consoleErrors[i])) consoleErrors.splice(i, 1);
  await pickSample('night-ferry.html');
  assert.ok((await readerText()).includes('At ten to midnight the Margaret Anne backs away from the pier'));
});

test('no console errors and no request left 127.0.0.1', async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(offsite, []);
});

let passed = 0;
let failed = 0;
for (const t of tests) {
  try {
    await t.fn();
    passed++;
    console.log(`ok - ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL - ${t.name}\n    ${String(e.stack || e).split('\n').join('\n    ')}`);
  }
}
await browser.close();
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
