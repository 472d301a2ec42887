// End-to-end test of the browser extension in Debian's Chromium (playwright-core).
//
//   node tests/e2e/extension.test.mjs        (after `make build`, which fills extension/pkg/)
//
// 1. Checks the shipped manifest's shape (permissions, no host permissions, both background
//    keys, gecko id, CSP, the Alt+Shift+R command).
// 2. Copies extension/ (with pkg/) to a temp dir and adds ONE host permission,
//    http://127.0.0.1/*, to the copy: the toolbar click that grants activeTab cannot be
//    automated, so the test calls the click's handler, globalThis.openReader(tabId), in the
//    service worker instead.
// 3. Serves tests/e2e/pages/ on 127.0.0.1 (random port), opens each fixture in a tab, opens
//    the reader and asserts on the reader DOM. Screenshots go to tests/e2e/out/.
// 4. Times click → reader painted (the worker stamps the click, the reader page stamps two
//    frames after render) over repeated opens of the fixtures and prints p50/p95, and the
//    same cut into stages (tests/e2e/reader-timing.mjs): figures, not assertions. With
//    BS_CORPUS (below) the largest page of the corpus is timed the same way.
//    scripts/bench-reader.mjs compares builds side by side.
//
// 5. Optional, outside `make test`: BS_CORPUS=DIR (a folder of <case>/source.html +
//    expected.html, such as ../shared/corpus/readability) opens each real page through the
//    same click path and reports how much of the expected article text the reader shows
//    (word recall; BS_CORPUS_LIMIT=N takes the first N cases). Requests that would leave
//    127.0.0.1 are aborted. It fails if any page does not open in the reader (an exception,
//    or an error other than "not an article"), or if the mean recall is below
//    CORPUS_MIN_MEAN_RECALL (BS_CORPUS_MIN_RECALL overrides it).
//
// Ends with "N passed, M failed"; exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_PARAGRAPHS, SEED_CAPTION, SEED_CREDIT, SEED_PROMO } from './fixtures.mjs';
import { results, test, assert, finish, guardRun } from './runner.mjs';
import { serve } from '../../scripts/static-server.mjs';
import { launchWithExtension } from '../../scripts/chromium.mjs';
import { readStamps, stages, table, waitForPainted } from './reader-timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION = path.join(ROOT, 'extension');
const PAGES = path.join(ROOT, 'tests/e2e/pages');
const OUT = path.join(ROOT, 'tests/e2e/out');
/** Opens per fixture for the click → paint figure. */
const TIMING_RUNS = Number(process.env.TIMING_RUNS || 6);
/** Real pages to measure text recall on (optional; see the header). */
const CORPUS = process.env.BS_CORPUS ? path.resolve(process.env.BS_CORPUS) : null;
const CORPUS_LIMIT = Number(process.env.BS_CORPUS_LIMIT || Infinity);
/** The floor of the mean word recall over the real pages (see the corpus test below): measured
 * 98.9 % over the 122 readerable pages of ../shared/corpus/readability (one page, qq, is judged
 * "not an article" and counts 0); 0.95 leaves room for a few pages to regress, not for a broken
 * reader. */
const CORPUS_MIN_MEAN_RECALL = Number(process.env.BS_CORPUS_MIN_RECALL || 0.95);
/** How long to wait for the reader to paint, ms. */
const READER_TIMEOUT = 15_000;

// The seed story's expectations (what must survive, and the promo lines that must not) are
// shared with the Firefox and package tests.


// ---------------------------------------------------------------------------------------
// The test runner is tests/e2e/runner.mjs.

const pageErrors = [];


guardRun(Number(process.env.RUN_TIMEOUT_MS || 10 * 60_000), () => globalThis.cleanupForAbort?.());

// ---------------------------------------------------------------------------------------
// Preconditions and the manifest

const pkgFiles = ['pkg/broadsheet.js', 'pkg/broadsheet_bg.wasm'].map((f) => path.join(EXTENSION, f));
const missing = pkgFiles.filter((f) => !fs.existsSync(f));
if (missing.length) {
  console.error(
    `extension test: ${missing.map((f) => path.relative(ROOT, f)).join(', ')} missing.\n` +
      'Build the wasm package first: `make build` (it copies pkg/ to extension/pkg/).',
  );
  results.failed++;
  finish();
}

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'manifest.json'), 'utf8'));

await test('manifest: shape of the shipped extension', () => {
  assert(manifest.manifest_version === 3, 'manifest_version must be 3');
  const perms = [...(manifest.permissions ?? [])].sort();
  assert(
    JSON.stringify(perms) === JSON.stringify(['activeTab', 'scripting', 'storage']),
    `permissions must be exactly activeTab, scripting, storage; got ${perms}`,
  );
  assert(!('host_permissions' in manifest), 'the shipped manifest must have no host_permissions');
  assert(!('optional_host_permissions' in manifest), 'no optional host permissions either');
  assert(!('content_scripts' in manifest), 'no content scripts (they need host access)');
  assert(manifest.background?.service_worker === 'background.js', 'background.service_worker (Chrome)');
  assert(manifest.background?.scripts?.includes('background.js'), 'background.scripts (Firefox)');
  const gecko = manifest.browser_specific_settings?.gecko;
  assert(typeof gecko?.id === 'string' && /^[\w.-]*@[\w.-]+$/.test(gecko.id), 'browser_specific_settings.gecko.id');
  assert(
    Number.parseFloat(gecko.strict_min_version) >= 121,
    'Firefox ≥ 121 accepts service_worker and scripts side by side',
  );
  const csp = cspDirectives(manifest.content_security_policy?.extension_pages ?? '');
  assert(csp['script-src']?.join(' ') === "'self' 'wasm-unsafe-eval'", `script-src must be exactly 'self' 'wasm-unsafe-eval': ${csp['script-src']}`);
  const command = manifest.commands?._execute_action;
  assert(command?.suggested_key?.default === 'Alt+Shift+R', 'commands._execute_action with Alt+Shift+R');
  assert(manifest.action, 'a toolbar action');
  for (const file of [manifest.background.service_worker, manifest.options_ui?.page, ...Object.values(manifest.icons ?? {})]) {
    assert(file && fs.existsSync(path.join(EXTENSION, file)), `manifest names a missing file: ${file}`);
  }
  // The background is an ES module in both browsers (see its header): it imports the core's
  // package statically, because a service worker may not import() at all.
  const bg = fs.readFileSync(path.join(EXTENSION, 'background.js'), 'utf8');
  const code = bg.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, ''); // without comments
  assert(manifest.background.type === 'module', 'background.type must be "module"');
  assert(/^import \* as glue from '\.\/pkg\/broadsheet\.js';$/m.test(code), 'background.js imports the core’s package statically');
  assert(!/\bimport\s*\(/.test(code) && !/\bimportScripts\s*\(/.test(code), 'background.js: static imports only (no import(), no importScripts())');
});

/** A CSP string → { directive: [values] }. */
function cspDirectives(policy) {
  const out = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

await test('manifest: extension pages get a strict CSP with Trusted Types (defence in depth)', () => {
  const csp = cspDirectives(manifest.content_security_policy?.extension_pages ?? '');
  const want = {
    'default-src': "'self'",
    'script-src': "'self' 'wasm-unsafe-eval'",
    'style-src': "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'object-src': "'none'",
    'require-trusted-types-for': "'script'",
    'trusted-types': 'broadsheet',
  };
  for (const [name, value] of Object.entries(want)) {
    assert(csp[name]?.join(' ') === value, `${name} must be ${value}; got ${csp[name]?.join(' ')}`);
  }
  // Article images come from the site (any http/https origin, data: for inline ones); nothing
  // else may be loaded from the web.
  assert(JSON.stringify(csp['img-src']?.slice().sort()) === JSON.stringify(["'self'", 'data:', 'http:', 'https:']), `img-src: ${csp['img-src']}`);
  for (const [name, values] of Object.entries(csp)) {
    if (name === 'img-src') continue;
    assert(!values.some((v) => /^(https?:|\*|'unsafe-inline'|'unsafe-eval'|'unsafe-hashes')/.test(v)), `${name} too loose: ${values.join(' ')}`);
  }
});

/** web-ext lint findings we accept, each with the reason. Anything else fails the test. */
const ACCEPTED_LINT = {
  // By design: Chrome reads service_worker, Firefox reads scripts (both name background.js).
  BACKGROUND_SERVICE_WORKER_IGNORED: ['manifest.json'],
  UNSAFE_VAR_ASSIGNMENT: [
    // The one innerHTML: the core's sanitized contentHtml / removed[].html, parsed into an
    // inert <template> (reader.js parseSanitized), and the same line in the bundle the page
    // loads (scripts/bundle-reader.mjs).
    'reader.js',
    'reader.bundle.js',
    // The wasm loader (src/wasm-loader.js) imports a fresh copy of the package's own glue
    // under its own URL (?instance=N) after a crash: an import() of a computed, same-package URL.
    'pkg/loader.js',
  ],
};

await test('reader page: loads the bundle, which is newer than its sources, and preloads what it imports', () => {
  const html = fs.readFileSync(path.join(EXTENSION, 'reader.html'), 'utf8');
  const bundleFile = path.join(EXTENSION, 'reader.bundle.js');
  assert(html.includes('<script type="module" src="reader.bundle.js"></script>'), 'reader.html must load reader.bundle.js');
  assert(fs.existsSync(bundleFile), 'extension/reader.bundle.js is missing: run `make build`');
  const bundle = fs.readFileSync(bundleFile, 'utf8');
  // The bundle's own static imports (the modules it leaves separate) must all be
  // modulepreloaded, or each is fetched a round trip later. The core's package must not be:
  // the background makes the article while the page starts, and the reader loads the core
  // after its first paint (issue 14); preloading its 1.3 MB slowed the page's start.
  const imports = [...bundle.matchAll(/^import .* from "\.\/([^"]+)";$/gm)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert(imports.length > 0, 'the bundle imports core.js at least');
  for (const want of imports) {
    assert(preloads.includes(want), `reader.html does not modulepreload ${want}`);
  }
  assert(!/href="pkg\//.test(html), 'reader.html preloads part of the core’s package');
  // A bundle older than a source it holds is a stale build (an edit without `make build`).
  // The sources it holds, by esbuild's `// extension/x.js` markers: reader.js and each module
  // reader.js imports statically must be among them (else the check below checks nothing).
  const held = [...bundle.matchAll(/^\/\/ extension\/([\w-]+\.js)$/gm)].map((m) => m[1]);
  const readerSrc = fs.readFileSync(path.join(EXTENSION, 'reader.js'), 'utf8');
  const direct = [...readerSrc.matchAll(/^import .* from '\.\/([\w-]+\.js)';$/gm)].map((m) => m[1]);
  for (const want of ['reader.js', ...direct.filter((f) => !imports.includes(f))]) {
    assert(held.includes(want), `reader.bundle.js does not hold ${want} (markers: ${held.join(', ')})`);
  }
  const built = fs.statSync(bundleFile).mtimeMs;
  const stale = held.filter((f) => fs.statSync(path.join(EXTENSION, f)).mtimeMs > built);
  assert(stale.length === 0, `reader.bundle.js is older than ${stale.join(', ')}: run \`make build\``);
});

await test('manifest: web-ext lint (Firefox\'s rules) finds nothing unexpected', () => {
  const bin = path.join(ROOT, 'node_modules/.bin/web-ext');
  assert(fs.existsSync(bin), 'npm web-ext is missing: run `npm install`');
  let out;
  try {
    out = execFileSync(bin, ['lint', '--source-dir', EXTENSION, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exits non-zero when it finds errors; the JSON says which
  }
  const report = JSON.parse(out);
  const findings = [...report.errors, ...report.warnings, ...report.notices];
  const unexpected = findings.filter((f) => !ACCEPTED_LINT[f.code]?.includes(f.file));
  assert(
    unexpected.length === 0,
    `web-ext lint: ${unexpected.map((f) => `${f.code} ${f.file ?? ''}:${f.line ?? ''} ${f.message}`).join('; ')}`,
  );
});

// ---------------------------------------------------------------------------------------
// Fixture server, extension copy, browser

// Fixture pages at /, and the optional real-page corpus under /corpus/.
const server = await serve({ '/': PAGES, ...(CORPUS ? { '/corpus/': CORPUS } : {}) });
const BASE = server.url;

fs.mkdirSync(OUT, { recursive: true });
const { context, worker, extensionId, close: closeBrowser } = await launchWithExtension(EXTENSION, {
  prefix: 'broadsheet-ext-',
  viewport: { width: 1100, height: 900 },
  acceptDownloads: true,
});
const READER = `chrome-extension://${extensionId}/reader.html`;

// Every Content-Security-Policy violation in an extension page is recorded in the page
// (window.__bsCspViolations) and logged as a console error, which watch() turns into a
// failure: the reader must render under its own CSP without tripping it.
await context.addInitScript(() => {
  if (location.protocol !== 'chrome-extension:') return;
  window.__bsCspViolations = [];
  addEventListener('securitypolicyviolation', (e) => {
    const v = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`;
    window.__bsCspViolations.push(v);
    console.error(`CSP violation: ${v}`);
  });
});

// Every request the browser makes: the extension must make none of its own.
const requests = [];
context.on('request', (r) => requests.push(r.url()));

async function cleanup() {
  await closeBrowser();
  server.close();
}
globalThis.cleanupForAbort = cleanup;

function watch(page) {
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url?.startsWith('chrome-extension://')) {
      pageErrors.push(`${page.url()}: console.error ${m.text()}`);
    }
  });
  return page;
}

async function newPage() {
  return watch(await context.newPage());
}

/** The tab id of `page`, found the way a test can: by URL, through the worker. */
async function tabIdOf(page) {
  const url = page.url();
  const id = await worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id ?? null;
  }, url);
  assert(id !== null, `no tab found for ${url}`);
  return id;
}

/** Ids of all tabs (a browser page's URL is hidden from the extension: find it as the new id). */
const tabIds = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));

/** What a toolbar click does: openReader(tabId) in the worker; then waits for the paint. */
async function openReader(page, tabId = null) {
  tabId ??= await tabIdOf(page);
  await worker.evaluate((id) => globalThis.openReader(id), tabId);
  await page.waitForURL(/\/reader\.html\?c=/, { timeout: READER_TIMEOUT });
  await page.waitForFunction(() => document.documentElement.dataset.bsPaintedAt, null, { timeout: READER_TIMEOUT });
  const r = await page.evaluate(() => {
    const d = document.documentElement.dataset;
    return { state: d.bsState, error: d.bsError, ms: Number(d.bsPaintedAt) - Number(d.bsClickAt), csp: window.__bsCspViolations ?? null };
  });
  // The init script above records violations: none may happen, and the recorder must be there.
  if (r.csp === null) pageErrors.push(`${page.url()}: the CSP violation recorder did not run`);
  else for (const v of r.csp) pageErrors.push(`${page.url()}: CSP violation ${v}`);
  return r;
}

const text = (page, selector) => page.locator(selector).innerText();

/** A screenshot of the reader's top, without a passing toast or the focus ring of a button
 * the test just used; `height` sets a taller window for the shot. */
async function shot(page, name, { height = 900, fullPage = false } = {}) {
  await page.evaluate(() => {
    document.getElementById('status')?.classList.remove('show');
    document.activeElement?.blur();
  });
  const size = page.viewportSize();
  if (height !== size.height) await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(250); // transitions, images
  await page.screenshot({ path: path.join(OUT, name), fullPage });
  if (height !== size.height) await page.setViewportSize(size);
}

// ---------------------------------------------------------------------------------------
// The reader on each fixture

const page = await newPage();

await test('aggregator page: article kept, promo removed, card shown', async () => {
  await page.goto(`${BASE}/aggregator.html`);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === '1');
  await page.evaluate(() => window.scrollTo(0, 400));
  const r = await openReader(page);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  const content = await text(page, '#content');
  for (const p of SEED_PARAGRAPHS) assert(content.includes(p), `article paragraph missing: "${p}"`);
  assert(content.includes(SEED_CAPTION), 'photo caption missing');
  assert(content.includes(SEED_CREDIT), 'credit line missing');
  assert((await page.locator('#content p').count()) >= SEED_PARAGRAPHS.length, 'fewer <p> than paragraphs');
  assert((await page.locator('#content figure img').count()) === 1, 'the photo is missing');
  const articleText = await text(page, '#doc'); // header, card, article, footer
  for (const promo of SEED_PROMO) assert(!articleText.includes(promo), `promo line in the article: "${promo}"`);
  assert((await text(page, '#doc-title')) === 'Russia says relations with U.S. at an all-time low', 'title');
  assert((await text(page, '#doc-meta')).includes('min read'), 'reading time in the header');
  const card = await text(page, '#card');
  assert(/At a glance|Key points/i.test(card), `summary card title: ${card}`);
  assert(/min read/.test(card) && /Removed \d+ blocks?/.test(card), `card lacks reading time / removed: ${card}`);
  assert(/\d+ blocks? removed/.test(await text(page, '#removed-btn')), 'the "N blocks removed" button');
  assert(!(await page.locator('#content [data-bs-removed]').first().isVisible()), 'placeholders stay hidden');
  const links = await page.$$eval('#content a[href]', (as) => as.map((a) => [a.href, a.rel]));
  assert(links.every(([, rel]) => rel.includes('noopener') && rel.includes('noreferrer')), 'links need rel=noopener noreferrer');
});

await test('the background cleans while the reader starts: the reader paints its article, then loads the core; a record without one, or made under other rules, is cleaned in the page', async () => {
  // Still on the aggregator's reader (the test above).
  const made = await page.evaluate(async () => {
    const key = new URLSearchParams(location.search).get('c');
    const rec = (await chrome.storage.session.get(key))[key];
    const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('broadsheet:', ''), m.startTime]));
    return { key, article: Boolean(rec?.article?.contentHtml), cleanedAt: document.documentElement.dataset.bsCleanedAt, marks, content: document.getElementById('content').innerText };
  });
  assert(made.article && made.cleanedAt, `the record holds the background's article: ${JSON.stringify({ ...made, content: undefined })}`);
  assert(!('core' in made.marks) && !('clean' in made.marks), `the reader cleaned for itself: ${JSON.stringify(made.marks)}`);
  // The core is loaded after the paint (for key points at another length, Markdown).
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:core-ready').length > 0, null, { timeout: READER_TIMEOUT });
  const after = await page.evaluate(() => ['painted', 'instantiate-start'].map((n) => performance.getEntriesByName(`broadsheet:${n}`)[0]?.startTime));
  assert(after[1] > after[0], `the core started loading before the paint: ${after}`);

  // The same capture stored without the article (as when the background's core could not
  // run): the reader cleans it itself, and shows the same article.
  const tab = await newPage(); // a tab of its own: `page`'s history stays as the tests below expect
  try {
    const bare = await worker.evaluate(async (k) => {
      const { article, notice, cleanOptions, rulesText, coreVersion, cleanStartAt, cleanedAt, ...capture } = (await chrome.storage.session.get(k))[k];
      return storeCapture(capture);
    }, made.key);
    await tab.goto(`chrome-extension://${extensionId}/reader.html?c=${encodeURIComponent(bare)}`);
    await tab.waitForFunction(() => document.documentElement.dataset.bsPaintedAt, null, { timeout: READER_TIMEOUT });
    const own = await tab.evaluate(() => ({
      state: document.documentElement.dataset.bsState,
      marks: performance.getEntriesByType('mark').map((m) => m.name),
      content: document.getElementById('content').innerText,
    }));
    assert(own.state === 'ready' && own.marks.includes('broadsheet:clean'), `the reader cleaned the bare capture: ${JSON.stringify({ ...own, content: undefined })}`);
    assert(own.content === made.content, 'the reader’s own clean shows the same article');

    // A rule saved since the background's clean (as "Remove this, remember for the site" saves
    // one): the reader opened again on that record cleans again, with the rule.
    await worker.evaluate(() => chrome.storage.sync.set({ rules: '127.0.0.1##.credit', rulesArea: 'sync' }));
    await tab.goto(`chrome-extension://${extensionId}/reader.html?c=${encodeURIComponent(made.key)}`);
    await tab.waitForFunction(() => document.documentElement.dataset.bsPaintedAt, null, { timeout: READER_TIMEOUT });
    const ruled = await tab.evaluate(() => ({
      marks: performance.getEntriesByType('mark').map((m) => m.name),
      content: document.getElementById('content').innerText,
    }));
    assert(ruled.marks.includes('broadsheet:clean'), `a stale article was shown: ${ruled.marks}`);
    assert(made.content.includes(SEED_CREDIT) && !ruled.content.includes(SEED_CREDIT), 'the new rule applies');
  } finally {
    // A reader left open would answer the next test's "close" message too.
    await tab.close();
    await worker.evaluate(() => chrome.storage.sync.remove(['rules', 'rulesArea']));
  }
});

await test('reader: the core loader can start a fresh instance here (what it does after a crash)', async () => {
  // pkg/loader.js recovers from a trapped instance by importing another copy of the glue under
  // a query-string URL and instantiating the compiled module again; tests/e2e/loader.test.mjs
  // and the demo test prove the recovery with real traps. Here: that both steps work in an
  // extension page, under the extension's CSP.
  const r = await page.evaluate(async () => {
    const first = await import('./pkg/broadsheet.js');
    const copy = await import('./pkg/broadsheet.js?instance=extension-test');
    const module = await WebAssembly.compileStreaming(fetch('pkg/broadsheet_bg.wasm'));
    copy.initSync({ module });
    const html = `<html><body><article><p>${'A sentence of plain text for the copy. '.repeat(30)}</p></article></body></html>`;
    return { separate: first !== copy, words: copy.clean(html, {}).wordCount };
  });
  assert(r.separate, 'the query-string import is a separate module');
  assert(r.words === 240, `the fresh instance cleans: ${JSON.stringify(r)}`);
});

await test('summary card: key points when the core provides them (card.js, synthetic summary)', async () => {
  const card = await page.evaluate(async () => {
    const { renderCard } = await import('./card.js');
    const title = document.createElement('h2');
    const body = document.createElement('div');
    const jumped = [];
    const asked = [];
    const handle = renderCard(title, body, {
      excerpt: 'An excerpt that must not show when there are key points.',
      readingMinutes: 3,
      wordCount: 640,
      removed: [{ kind: 'promo' }, { kind: 'promo' }, { kind: 'paywall' }],
      paywall: { detected: false, signals: [] },
      summary: {
        keyPoints: [
          { text: 'Russia says ties with the U.S. are at their lowest point.', start: 0, end: 57 },
          { text: 'No improvement is expected soon, the Kremlin says.', start: 58, end: 108 },
        ],
        length: 'short',
        method: 'test',
        lang: 'en',
      },
    }, { onKeyPoint: (p) => jumped.push(p), summaryLength: 'short', onLength: (l) => asked.push(l) });
    body.querySelector('.key-point').click();
    const pressed = () => [...body.querySelectorAll('.length-choice button')].map((b) => `${b.textContent}:${b.getAttribute('aria-pressed')}`);
    const before = pressed();
    body.querySelector('.length-choice [data-length="short"]').click(); // already shown: no call
    body.querySelector('.length-choice [data-length="long"]').click();
    handle.setSummary({ keyPoints: [{ text: 'One.', start: 0, end: 4 }, { text: 'Two.', start: 5, end: 9 }, { text: 'Three.', start: 10, end: 16 }] }, 'long');
    return {
      title: title.textContent,
      points: [...body.querySelectorAll('.key-point')].map((b) => b.textContent),
      text: body.textContent,
      jumped,
      asked,
      before,
      after: pressed(),
      group: body.querySelector('.length-choice')?.getAttribute('role'),
    };
  });
  assert(card.title === 'Key points' && card.points.length === 3, `key points after setSummary: ${JSON.stringify(card)}`);
  assert(card.points.join(' ') === 'One. Two. Three.', `setSummary replaces the points: ${card.points}`);
  assert(!card.text.includes('An excerpt that must not show'), 'no excerpt beside key points');
  assert(card.text.includes('3 min read') && card.text.includes('Removed 3 blocks: 2 promo, 1 paywall'), card.text);
  assert(card.jumped[0]?.text === 'Russia says ties with the U.S. are at their lowest point.' && card.jumped[0].start === 0, `a key point passes itself: ${JSON.stringify(card.jumped)}`);
  assert(card.group === 'group', 'the length buttons are a group');
  assert(card.before.join() === 'Short:true,Medium:false,Long:false', `pressed before: ${card.before}`);
  assert(JSON.stringify(card.asked) === '["long"]', `onLength only for another length: ${card.asked}`);
  assert(card.after.join() === 'Short:false,Medium:false,Long:true', `pressed after: ${card.after}`);
});

await test('key point → sentence: findSentence() across inline elements, whitespace and repeats (card.js)', async () => {
  const r = await page.evaluate(async () => {
    const { findSentence } = await import('./card.js');
    // Built node by node: the reader page requires Trusted Types, so innerHTML is refused here.
    const h = (tag, props, ...kids) => {
      const n = Object.assign(document.createElement(tag), props);
      n.append(...kids);
      return n;
    };
    const root = document.createElement('div');
    // The same markup shapes the core renders: inline elements, source line breaks, &nbsp;, a
    // sentence that occurs twice, a restored block (not part of `text`) holding it first.
    root.append(
      h('section', { className: 'bs-restored' }, h('p', {}, 'The quick brown fox jumps over the dog.')),
      '\n      ',
      h('p', {}, 'Intro sentence. The ', h('a', { href: '#x' }, 'quick\n         brown'), ' fox\u00a0jumps ', h('em', {}, 'over'), ' the dog. Tail.'),
      '\n      ',
      h('p', {}, 'Again: The quick brown fox jumps over the dog.'),
    );
    const text = 'Intro sentence. The quick brown fox jumps over the dog. Tail.\n\nAgain: The quick brown fox jumps over the dog.';
    const sentence = 'The quick brown fox jumps over the dog.';
    const first = findSentence(root, { text: sentence, start: text.indexOf(sentence) }, text);
    const second = findSentence(root, { text: sentence, start: text.lastIndexOf(sentence) }, text);
    const tail = findSentence(root, { text: 'Tail.', start: text.indexOf('Tail.') }, text);
    const none = findSentence(root, { text: 'Not in the article.', start: 0 }, text);
    const para = (range) => [...root.querySelectorAll(':scope > p')].indexOf(range.startContainer.parentElement.closest('p'));
    return {
      first: first?.toString(),
      firstPara: first && para(first),
      second: second?.toString(),
      secondPara: second && para(second),
      tail: tail?.toString(),
      none,
    };
  });
  const norm = (t) => t?.replace(/\s+/g, ' ');
  assert(norm(r.first) === 'The quick brown fox jumps over the dog.' && r.firstPara === 0, `first occurrence: ${JSON.stringify(r)}`);
  assert(r.second === 'The quick brown fox jumps over the dog.' && r.secondPara === 1, `second occurrence: ${JSON.stringify(r)}`);
  assert(r.tail === 'Tail.', `a short sentence: ${JSON.stringify(r)}`);
  assert(r.none === null, 'text not in the article: null');
});

/** Opens the removed-blocks dialog with every group of the list expanded. */
async function openRemovedList(page) {
  await page.click('#removed-btn');
  await page.locator('#removed-dialog').waitFor({ state: 'visible' });
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('#removed-list details')) d.open = true;
  });
}

await test('aggregator page: a removed block is restored where it stood, and hidden again', async () => {
  await openRemovedList(page);
  // By index in article.removed (the list is grouped by kind).
  const items = await page.$$eval('#removed-list [data-restore]', (buttons) =>
    buttons
      .map((b) => {
        const li = b.closest('.removed-item');
        return {
          i: Number(b.dataset.restore),
          kind: li.closest('.removed-group').dataset.kind,
          rule: li.querySelector('.removed-rule').textContent,
          preview: li.querySelector('.removed-preview').textContent,
        };
      })
      .sort((a, b) => a.i - b.i),
  );
  assert(items.length >= 5, `removal list has ${items.length} items`);
  assert(items.every((i) => i.kind && i.rule), 'every item shows kind and rule');
  await shot(page, 'reader-removed.png');

  // A block that stood inside the article (it has a placeholder) goes back to its place.
  const inside = await page.$eval('#content [data-bs-removed]', (d) => Number(d.dataset.bsRemoved));
  await page.click(`#removed-list [data-restore="${inside}"]`);
  const restored = page.locator(`#content [data-bs-restored="${inside}"]`);
  await restored.waitFor({ state: 'visible' });
  const placement = await page.$eval(`#content [data-bs-restored="${inside}"]`, (b) => ({
    next: b.nextElementSibling?.dataset.bsRemoved,
    before: b.previousElementSibling?.textContent ?? '',
  }));
  assert(placement.next === String(inside), 'restored block must stand at its placeholder');
  assert(placement.before.includes('Already poor U.S.-Russia ties'), `restored after the wrong paragraph: ${placement.before}`);
  assert((await restored.innerText()).includes(items[inside].preview.slice(0, 30)), 'restored block shows its content');
  assert((await page.getAttribute(`#removed-list [data-restore="${inside}"]`, 'aria-pressed')) === 'true', 'toggle state');

  // A block from outside the article is appended in a labelled section (restoring closed the
  // dialog: open it again).
  const outside = items.findIndex((i, n) => n !== inside && i.kind === 'related');
  assert(outside >= 0, 'a "related" block was removed');
  await openRemovedList(page);
  await page.click(`#removed-list [data-restore="${outside}"]`);
  await page.locator(`.bs-outside [data-bs-restored="${outside}"]`).waitFor();
  assert((await text(page, '.bs-outside')).includes('Related Stories'), 'related block restored at the end');
  await page.click('#removed-btn');
  await page.locator('#removed-dialog').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator('#removed-dialog').waitFor({ state: 'hidden' });
  assert(page.url().startsWith(READER), 'Esc with a dialog open closes only the dialog');

  await page.click(`[data-bs-restored="${outside}"] .bs-restored-label button`);
  assert((await page.locator('.bs-outside').count()) === 0, 'hiding the last outside block removes its section');
});

await test('reader: preferences apply at once and survive a reload (before first paint)', async () => {
  await page.keyboard.press('a');
  await page.locator('#appearance-dialog').waitFor({ state: 'visible' });
  await page.check('#reader-theme-light');
  await page.check('#reader-font-serif');
  await page.fill('#reader-fontSize', '20');
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'reader-light.png', { height: 1400 });

  await page.keyboard.press('a');
  await page.check('#reader-theme-dark');
  await page.check('#reader-font-sans');
  await page.fill('#reader-fontSize', '21');
  await page.fill('#reader-lineHeight', '1.8');
  await page.keyboard.press('Escape');
  assert((await page.getAttribute('html', 'data-theme')) === 'dark', 'dark theme applied at once');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert(bg !== 'rgb(255, 255, 255)', `dark background expected, got ${bg}`);
  const stored = await worker.evaluate(() => chrome.storage.sync.get('prefs'));
  assert(stored.prefs?.theme === 'dark' && stored.prefs.font === 'sans' && stored.prefs.fontSize === 21, `stored prefs: ${JSON.stringify(stored)}`);
  await shot(page, 'reader-dark.png', { height: 1400 });

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.bsState === 'ready');
  const after = await page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    font: document.documentElement.dataset.font,
    size: getComputedStyle(document.getElementById('doc')).fontSize,
    lineHeight: document.documentElement.style.getPropertyValue('--bs-line-height'),
    // theme-boot.js applies this mirror synchronously in <head>: what the first paint uses.
    mirror: JSON.parse(localStorage.getItem('broadsheet:prefs') || '{}'),
  }));
  assert(after.theme === 'dark' && after.font === 'sans' && after.size === '21px' && after.lineHeight === '1.8', `after reload: ${JSON.stringify(after)}`);
  assert(after.mirror.theme === 'dark' && after.mirror.fontSize === 21, 'the first-paint mirror holds the prefs');
  // Back to the defaults for the rest of the run.
  await worker.evaluate(() => chrome.storage.sync.remove('prefs'));
});

await test('reader: keyboard: help lists shortcuts, Esc closes it, Esc again goes back to the untouched page', async () => {
  await page.keyboard.press('?');
  await page.locator('#help-dialog').waitFor({ state: 'visible' });
  assert((await text(page, '#help-dialog')).includes('Read aloud'), 'help lists shortcuts');
  await page.keyboard.press('Escape');
  await page.locator('#help-dialog').waitFor({ state: 'hidden' });
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== 'none', 'keyboard focus must be visible');
  await page.keyboard.press('Escape');
  await page.waitForURL(`${BASE}/aggregator.html`);
  await page.waitForFunction(() => document.readyState !== 'loading');
  const original = await page.evaluate(() => ({
    promo: document.body.innerText.includes('Get all your news in one place.'),
    hydrated: document.documentElement.dataset.hydrated,
    scrollY: window.scrollY,
  }));
  assert(original.promo && original.hydrated === '1', 'the original page is back, untouched');
  assert(Math.abs(original.scrollY - 400) <= 2, `scroll position restored (got ${original.scrollY}, want 400)`);
});

await test('reader: copy as Markdown, save as HTML, print stylesheet, read aloud', async () => {
  const r = await openReader(page);
  assert(r.state === 'ready', 'reader ready');
  // Headless Chromium grants no clipboard-read to an extension origin: record what the page
  // writes instead of reading the system clipboard back.
  await page.evaluate(() => {
    navigator.clipboard.writeText = async (t) => {
      window.copiedForTest = t;
    };
  });
  await page.keyboard.press('m');
  await page.locator('#status.show').waitFor();
  const md = await page.evaluate(() => window.copiedForTest ?? '');
  assert(md.startsWith('# Russia says relations') && md.includes(SEED_PARAGRAPHS[0]), `clipboard: ${md.slice(0, 120)}`);
  assert(!SEED_PROMO.some((p) => md.includes(p)), 'no promo in the Markdown');

  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('s')]);
  const saved = fs.readFileSync(await download.path(), 'utf8');
  assert(download.suggestedFilename().endsWith('.html'), 'an .html file');
  assert(saved.startsWith('<!doctype html>') && saved.includes('<title>Russia says relations'), 'a standalone document');
  assert(saved.includes(SEED_PARAGRAPHS[3]) && !saved.includes('<script'), 'article in, scripts out');
  assert(/<style>[^<]*max-width: 68ch[^<]*<\/style><\/head>/.test(saved), 'the saved file carries its stylesheet');

  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() => getComputedStyle(document.querySelector('.bar')).display);
  await page.screenshot({ path: path.join(OUT, 'reader-print.png'), fullPage: false });
  await page.emulateMedia({ media: 'screen' });
  assert(hidden === 'none', 'the toolbar is not printed');

  // Headless Chromium has no voices, so speech would end at once: stand in for the engine
  // and drive it (each utterance ends when the test says so).
  await page.evaluate(() => {
    window.spokenForTest = [];
    speechSynthesis.speak = (u) => window.spokenForTest.push(u);
    speechSynthesis.cancel = () => {};
    speechSynthesis.pause = () => {};
    speechSynthesis.resume = () => {};
  });
  await page.click('#speak');
  await page.waitForFunction(() => window.spokenForTest.length === 1);
  const first = await page.evaluate(() => ({
    said: window.spokenForTest[0].text,
    highlighted: document.querySelector('#content .bs-speaking')?.textContent ?? '',
    label: document.getElementById('speak-label').textContent,
  }));
  assert(first.label === 'Pause' && first.said && first.highlighted.includes(first.said.slice(0, 40)), `reading: ${JSON.stringify(first)}`);
  await page.evaluate(() => window.spokenForTest[0].onend());
  const second = await page.evaluate(() => ({
    said: window.spokenForTest[1]?.text ?? '',
    highlighted: document.querySelector('#content .bs-speaking')?.textContent ?? '',
  }));
  assert(second.said && second.said !== first.said && second.highlighted.includes(second.said.slice(0, 40)), 'moves to the next block');
  await page.keyboard.press('r');
  assert((await text(page, '#speak-label')) === 'Resume', 'R pauses');
  await page.click('#speak-stop');
  assert((await page.locator('#content .bs-speaking').count()) === 0, 'stop clears the highlight');
  await page.goBack();
});

await test('paywalled page: overlay removed, delivered text shown, paywall noted', async () => {
  await page.goto(`${BASE}/paywalled.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  const content = await text(page, '#content');
  assert(content.includes('When the gasworks at Hollins Vale closed in 2004'), 'first paragraph');
  assert(content.includes('kestrels'), 'the JSON-LD articleBody text (delivered with the page)');
  assert(!content.includes('Subscribe to continue reading') && !content.includes('limit of free articles'), 'the Piano modal is gone');
  assert((await text(page, '#card')).includes('paywalled'), 'the card says the page is paywalled');
  await shot(page, 'reader-paywall.png');
  await page.goBack();
});

await test('a technical post: code, tables, figures and quotes come through', async () => {
  await page.goto(`${BASE}/code-table.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  const got = await page.evaluate(() => {
    const c = document.getElementById('content');
    const pre = c.querySelector('pre');
    return {
      code: pre?.textContent ?? '',
      codeFont: pre ? getComputedStyle(pre).fontFamily : '',
      codeLines: (pre?.textContent.match(/\n/g) ?? []).length,
      cells: [...c.querySelectorAll('table td, table th')].map((td) => td.textContent.trim()),
      caption: c.querySelector('figure figcaption')?.textContent ?? '',
      quote: c.querySelector('blockquote')?.textContent ?? '',
      headings: [...c.querySelectorAll('h2')].map((h) => h.textContent),
      sidebar: c.textContent.includes('Recent posts'),
    };
  });
  assert(got.code.includes('new Intl.Segmenter') && got.codeLines >= 6, `code block: ${got.code}`);
  assert(/mono/i.test(got.codeFont), `code in a monospace font: ${got.codeFont}`);
  assert(got.cells.includes('Word boundaries') && got.cells.includes('19%'), `table: ${got.cells}`);
  assert(got.caption.startsWith('Reading-time error per article'), 'figure caption');
  assert(got.quote.includes('The worst page for the new counter was a poem'), 'blockquote');
  assert(got.headings.includes('The function') && got.headings.includes('What changed'), `headings: ${got.headings}`);
  assert(!got.sidebar, 'the sidebar stays out');
  await shot(page, 'reader-code.png', { height: 1400 });
  await page.goBack();
});

await test('right-to-left page: laid out right to left', async () => {
  await page.goto(`${BASE}/rtl.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  const layout = await page.evaluate(() => ({
    dir: document.getElementById('doc').dir,
    lang: document.getElementById('doc').lang,
    direction: getComputedStyle(document.getElementById('content')).direction,
    align: (() => {
      const p = document.querySelector('#content p');
      const box = p.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(p);
      const rects = [...range.getClientRects()];
      return Math.abs(rects[0].right - box.right) < 2 ? 'right' : 'left';
    })(),
  }));
  assert(layout.dir === 'rtl' && layout.lang === 'ar' && layout.direction === 'rtl', `rtl: ${JSON.stringify(layout)}`);
  assert(layout.align === 'right', 'the first line starts at the right edge');
  assert((await text(page, '#content')).includes('افتتحت بلدية المدينة يوم الثلاثاء'), 'Arabic text');
  await shot(page, 'reader-rtl.png');
  await page.goBack();
});

await test('non-article page: a clear message, "show anyway", and a way back', async () => {
  await page.goto(`${BASE}/not-article.html`);
  const r = await openReader(page);
  assert(r.state === 'error' && r.error === 'not-article', `expected not-article, got ${r.state}/${r.error}`);
  assert((await text(page, '#message-title')).includes('doesn’t look like an article'), 'message title');
  assert(await page.locator('#message-back').evaluate((b) => b === document.activeElement), 'Back is focused');
  await shot(page, 'reader-not-article.png');
  await page.click('#message-anyway');
  assert((await page.getAttribute('html', 'data-bs-state')) === 'ready', 'shown anyway');
  await page.click('#back');
  await page.waitForURL(`${BASE}/not-article.html`);
});

// Issue 15, detail 10 (and issue 13, item 4): a search-results page is a listing, not an
// article: the same message, and "Show it anyway" still shows the core's best guess.
await test('search-results page: not an article, "show anyway" shows the results', async () => {
  await page.goto(`${BASE}/search-results.html`);
  const r = await openReader(page);
  assert(r.state === 'error' && r.error === 'not-article', `expected not-article, got ${r.state}/${r.error}`);
  assert((await text(page, '#message-title')).includes('doesn’t look like an article'), 'message title');
  await page.click('#message-anyway');
  assert((await page.getAttribute('html', 'data-bs-state')) === 'ready', 'shown anyway');
  assert((await text(page, '#content')).includes('Ferry timetable changes while the harbour is repaired'), 'the results are shown');
  await page.click('#back');
  await page.waitForURL(`${BASE}/search-results.html`);
});

await test('heavy pages opened twice: the older capture makes room for the new one', async () => {
  for (let i = 0; i < 2; i++) {
    await page.goto(`${BASE}/heavy.html`);
    await page.waitForFunction(() => Number(document.documentElement.dataset.stateChars) > 5e6);
    const r = await openReader(page);
    assert(r.state === 'ready', `open ${i + 1}: reader state ${r.state} (${r.error})`);
    assert((await text(page, '#content')).includes('make room by dropping the first one'), 'the story');
  }
  const kept = await worker.evaluate(async () => (await chrome.storage.session.get('captures')).captures.length);
  // Two ~6 MB captures exceed storage.session's 10 MB: the second store evicted the others.
  assert(kept === 1, `older captures evicted to make room (index holds ${kept})`);
  await page.goBack();
});

await test('a page too large to capture: a clear message', async () => {
  await page.goto(`${BASE}/huge.html`);
  const r = await openReader(page);
  assert(r.state === 'error' && r.error === 'too-large', `expected too-large, got ${r.state}/${r.error}`);
  assert((await text(page, '#message-text')).includes('million characters'), 'says how large');
  await page.keyboard.press('Escape');
  await page.waitForURL(`${BASE}/huge.html`);
});

await test('an image opened in a tab: "not a web page", and a way back', async () => {
  await page.goto(`${BASE}/photo.svg`);
  const r = await openReader(page);
  assert(r.state === 'error' && r.error === 'not-html', `expected not-html, got ${r.state}/${r.error}`);
  assert((await text(page, '#message-text')).includes('image/svg+xml'), 'names the document type');
  await page.keyboard.press('Escape');
  await page.waitForURL(`${BASE}/photo.svg`);
});

await test('a reader page whose capture is gone: a clear message', async () => {
  const stale = await newPage();
  await stale.goto(`${READER}?c=cap:gone`);
  await stale.waitForFunction(() => document.documentElement.dataset.bsState === 'error');
  assert((await stale.getAttribute('html', 'data-bs-error')) === 'missing', 'missing capture');
  assert((await text(stale, '#message-title')).includes('expired'), 'says it expired');
  await stale.close();
});

await test('a browser-internal page: a clear message and a way back', async () => {
  const before = await tabIds();
  const internal = await newPage();
  await internal.goto('chrome://version/');
  const id = (await tabIds()).find((t) => !before.includes(t));
  const r = await openReader(internal, id);
  assert(r.state === 'error' && r.error === 'restricted', `expected restricted, got ${r.state}/${r.error}`);
  assert((await text(internal, '#message-title')).includes('can’t open this page'), 'message');
  await shot(internal, 'reader-restricted.png');
  await internal.click('#message-back');
  await internal.waitForURL('chrome://version/');
  await internal.close();
});

await test('clicking the button again on the reader returns to the page', async () => {
  await page.goto(`${BASE}/rtl.html`);
  await openReader(page);
  const tabId = await worker.evaluate(async (reader) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url?.startsWith(reader))?.id ?? null;
  }, READER);
  assert(tabId !== null, 'reader tab found');
  await worker.evaluate((id) => globalThis.openReader(id), tabId);
  await page.waitForURL(`${BASE}/rtl.html`);
});

// ---------------------------------------------------------------------------------------
// Hostile metadata, odd fragments, in-page links, the background's robustness (issue #12)

/** The odd-metadata fixture's title as the page gives it (U+202E before "gnp.exe"). */
const ODD_TITLE = 'Harbour <img src=x onerror=alert(1)> *tide* & [pool](javascript:x) \u202Egnp.exe';
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

await test('a link to "#100%" (not valid percent-encoding): the reader renders, the link stays in the reader', async () => {
  await page.goto(`${BASE}/odd-metadata.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error}): ${await text(page, '#message-detail').catch(() => '')}`);
  const readerUrl = page.url();
  const anchor = await page.$eval('#content a', (a) => ({ text: a.textContent, anchor: a.dataset.bsAnchor ?? null }));
  assert(anchor.text === '100% full' && anchor.anchor === '100%', `the odd link is an in-page link to "100%": ${JSON.stringify(anchor)}`);
  // Its target is not in the article: the click stays in the reader and says so.
  await page.click('#content a');
  await page.locator('#status.show').waitFor();
  assert(page.url() === readerUrl, `the click navigated to ${page.url()}`);
  assert((await text(page, '#status')).includes('not in the reader'), 'a toast says the target is not shown');
});

await test('a removed block holding "#100%" is restored without an error', async () => {
  const errorsBefore = pageErrors.length;
  await openRemovedList(page);
  const i = await page.$$eval('#removed-list .removed-item', (lis) => {
    const li = lis.find((l) => l.textContent.includes('100% free'));
    return li ? Number(li.querySelector('[data-restore]').dataset.restore) : -1;
  });
  assert(i >= 0, 'the newsletter block is listed');
  await page.click(`#removed-list [data-restore="${i}"]`);
  await page.locator(`#content [data-bs-restored="${i}"]`).waitFor();
  const restored = await page.$eval(`#content [data-bs-restored="${i}"] a`, (a) => a.dataset.bsAnchor ?? null);
  assert(restored === '100%', `restored link: ${restored}`);
  await page.waitForTimeout(100);
  assert(pageErrors.length === errorsBefore, `errors: ${pageErrors.slice(errorsBefore).join('; ')}`);
  assert(!(await page.evaluate(() => document.getElementById('removed-dialog').open)), 'restoring closed the dialog');
});

await test('metadata with a bidi override: tab title without bidi controls, header pieces isolated', async () => {
  const r = await page.evaluate(() => ({
    title: document.title,
    h1: document.getElementById('doc-title').textContent,
    h1Isolated: Boolean(document.querySelector('#doc-title > bdi')),
    byline: document.querySelector('#doc-meta .byline')?.textContent ?? null,
    bylineTag: document.querySelector('#doc-meta .byline')?.localName ?? null,
    site: document.getElementById('doc-site').textContent,
    siteIsolated: Boolean(document.querySelector('#doc-site > bdi')),
  }));
  assert(r.title.includes('gnp.exe'), `the tab title is the article's: ${JSON.stringify(r.title)}`);
  assert(!BIDI_CONTROLS.test(r.title), `document.title keeps a bidi control: ${JSON.stringify(r.title)}`);
  assert(r.h1Isolated && !BIDI_CONTROLS.test(r.h1) && r.h1.includes('gnp.exe'), `header title: ${JSON.stringify(r)}`);
  assert(r.bylineTag === 'bdi' && r.byline === 'Ada Fenwick', `byline isolated, override gone: ${JSON.stringify(r)}`);
  assert(r.siteIsolated && !BIDI_CONTROLS.test(r.site), `site name: ${JSON.stringify(r)}`);
});

await test('Copy Markdown: the title is escaped (markup and Markdown in it stay literal text)', async () => {
  await page.evaluate(() => {
    navigator.clipboard.writeText = async (t) => {
      window.copiedForTest = t;
    };
  });
  await page.keyboard.press('m');
  await page.waitForFunction(() => typeof window.copiedForTest === 'string');
  const md = await page.evaluate(() => window.copiedForTest);
  const heading = md.split('\n')[0];
  assert(heading.startsWith('# Harbour '), `heading: ${heading}`);
  // Nothing unescaped that starts inline markup or HTML…
  const body = heading.slice(2);
  const bare = body.replace(/\\[\\`*_[\]()#!|<>&~]/g, '');
  assert(!/[<>&*_[\]()`!|~\\#]/.test(bare), `unescaped specials in the heading: ${heading}`);
  // …and unescaping gives back exactly the title (bidi controls aside).
  const unescaped = body.replace(/\\([\\`*_[\]()#!|<>&~])/g, '$1');
  // The core returns the title as text: markup dropped, bidi controls removed.
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  const expected = ODD_TITLE.replace(/<[^>]*>/g, '').replace(/\u202E/g, '');
  assert(squash(unescaped) === squash(expected), `heading text: ${JSON.stringify(unescaped)}`);
  await page.goBack();
});

await test('in-page links (#bs-<id>, as the core emits footnotes): scroll inside the reader, never leave it', async () => {
  await page.goto(`${BASE}/aggregator.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', 'reader ready');
  const readerUrl = page.url();
  // A footnote link and its target, shaped as the core emits them, prepared by the reader's
  // own link code (links.js), in the live article: the reader's click handling decides.
  await page.evaluate(async () => {
    const { prepareLink } = await import('./links.js');
    const content = document.getElementById('content');
    const ref = Object.assign(document.createElement('a'), { textContent: '[1]', id: 'test-ref' });
    ref.setAttribute('href', '#bs-fn:1');
    prepareLink(ref, 'https://www.inkl.com/news/story');
    const lost = Object.assign(document.createElement('a'), { textContent: 'gone', id: 'test-lost' });
    lost.setAttribute('href', '#bs-removed-note');
    prepareLink(lost, null);
    content.prepend(ref, ' ', lost);
    const spacer = Object.assign(document.createElement('div'), { className: 'test-spacer' });
    spacer.append(...Array.from({ length: 60 }, () => Object.assign(document.createElement('p'), { textContent: 'Filler paragraph.' })));
    const note = Object.assign(document.createElement('p'), { id: 'bs-fn:1', textContent: 'The footnote.' });
    content.append(spacer, note);
    window.scrollTo(0, 0);
  });
  await page.click('#test-ref');
  await page.waitForFunction(() => {
    const box = document.getElementById('bs-fn:1').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight;
  }, null, { timeout: 3000 });
  assert(page.url() === readerUrl, `the footnote link left the reader: ${page.url()}`);
  assert(await page.evaluate(() => document.activeElement?.id === 'bs-fn:1'), 'focus moves to the footnote');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#test-lost');
  await page.waitForTimeout(200);
  assert(page.url() === readerUrl, `a link to a missing target left the reader: ${page.url()}`);
  await page.goBack();
  await page.waitForURL(`${BASE}/aggregator.html`);
});

await test('links.js: odd fragments never throw; ids are looked up inside the article only', async () => {
  await page.goto(`${READER}?c=cap:gone`);
  await page.waitForFunction(() => document.documentElement.dataset.bsState === 'error');
  const r = await page.evaluate(async () => {
    const { fragmentId, findTarget, prepareLink } = await import('./links.js');
    const ids = ['#100%', '#%E0%A4%A', '#caf%C3%A9', '#', '', '#a%20b', '#"]>x'].map((h) => {
      try {
        return fragmentId(h);
      } catch (e) {
        return `threw ${e.name}`;
      }
    });
    const root = document.createElement('div');
    const q = Object.assign(document.createElement('p'), { id: '"]>x' });
    const b = Object.assign(document.createElement('p'), { id: 'bs-note' });
    root.append(q, b);
    const links = ['#100%', '#', 'javascript:alert(1)', 'https://other.example/x#y', 'https://site.example/a?b=1#sec%202'].map((href) => {
      const a = document.createElement('a');
      a.setAttribute('href', href);
      try {
        prepareLink(a, 'https://site.example/a?b=1');
      } catch (e) {
        return `threw ${e.name}`;
      }
      return [a.getAttribute('href'), a.dataset.bsAnchor ?? null];
    });
    return {
      ids,
      quoted: findTarget(root, '"]>x') === q,
      prefixed: findTarget(root, 'note') === b,
      reader: findTarget(root, 'message-title'), // the reader's own element: not reachable
      links,
    };
  });
  assert(JSON.stringify(r.ids) === JSON.stringify(['100%', '%E0%A4%A', 'café', '', '', 'a b', '"]>x']), `fragmentId: ${JSON.stringify(r.ids)}`);
  assert(r.quoted && r.prefixed && r.reader === null, `findTarget: ${JSON.stringify(r)}`);
  assert(
    JSON.stringify(r.links) ===
      JSON.stringify([
        ['#100%', '100%'],
        [null, null],
        [null, null],
        ['https://other.example/x#y', null],
        ['https://site.example/a?b=1#sec%202', 'sec 2'],
      ]),
    `prepareLink: ${JSON.stringify(r.links)}`,
  );
});

await test('capture leaves out script and style text, keeps JSON-LD; the core makes the same Article of it', async () => {
  const { initSync, clean } = await import(path.join(EXTENSION, 'pkg/broadsheet.js'));
  initSync({ module: fs.readFileSync(path.join(EXTENSION, 'pkg/broadsheet_bg.wasm')) });
  for (const fixture of ['paywalled.html', 'aggregator.html', 'code-table.html']) {
    await page.goto(`${BASE}/${fixture}`);
    const tabId = await tabIdOf(page);
    const capture = await worker.evaluate(
      async (id) => (await chrome.scripting.executeScript({ target: { tabId: id }, func: capturePage, args: [1e9] }))[0].result,
      tabId,
    );
    const full = await page.evaluate(() => document.documentElement.outerHTML);
    const scripts = await page.evaluate(() => [...document.querySelectorAll('script:not([type*="ld+json"]), style')].map((e) => e.textContent).filter((t) => t.trim()));
    assert(scripts.length > 0, `${fixture} has script or style text to leave out`);
    for (const t of scripts) assert(!capture.html.includes(t), `${fixture}: script/style text kept: ${t.slice(0, 60)}`);
    assert(capture.html.length < full.length && capture.length === capture.html.length, `${fixture}: the capture is smaller`);
    if (fixture === 'paywalled.html') assert(capture.html.includes('application/ld+json') && capture.html.includes('isAccessibleForFree'), 'JSON-LD kept');
    const opts = { url: capture.url, selectorHints: true };
    assert(JSON.stringify(clean(capture.html, opts)) === JSON.stringify(clean(full, opts)), `${fixture}: the core's Article differs`);
  }
});

await test('two captures stored at once (two quick clicks): neither is lost from the index', async () => {
  const r = await worker.evaluate(async () => {
    const [a, b] = await Promise.all([storeCapture({ html: '<p>a</p>', url: 'https://a.example/' }), storeCapture({ html: '<p>b</p>', url: 'https://b.example/' })]);
    const { captures = [] } = await chrome.storage.session.get('captures');
    const stored = await chrome.storage.session.get([a, b]);
    return { a, b, captures, stored: Object.keys(stored) };
  });
  assert(r.a !== r.b, 'two keys');
  assert(r.captures.includes(r.a) && r.captures.includes(r.b), `the index lost one: ${JSON.stringify(r)}`);
  assert(r.stored.includes(r.a) && r.stored.includes(r.b), `a capture is missing: ${JSON.stringify(r)}`);
});

await test('the toolbar handler reports a failure (badge and tooltip) instead of an unhandled rejection', async () => {
  await page.goto(`${BASE}/rtl.html`);
  const tabId = await tabIdOf(page);
  const r = await worker.evaluate(async (id) => {
    const handler = globalThis.onActionClicked;
    if (typeof handler !== 'function') return { registered: false };
    const registered = chrome.action.onClicked.hasListener(handler);
    const unhandled = [];
    const onUnhandled = (e) => unhandled.push(String(e.reason?.message ?? e.reason));
    self.addEventListener('unhandledrejection', onUnhandled);
    const session = chrome.storage.session;
    const get = session.get;
    session.get = () => Promise.reject(new Error('storage is broken (test)'));
    let threw = null;
    try {
      await handler({ id });
    } catch (e) {
      threw = String(e?.message ?? e);
    } finally {
      session.get = get;
    }
    await new Promise((res) => setTimeout(res, 50));
    const badge = await chrome.action.getBadgeText({ tabId: id });
    const title = await chrome.action.getTitle({ tabId: id });
    self.removeEventListener('unhandledrejection', onUnhandled);
    return { registered, threw, unhandled, badge, title };
  }, tabId);
  assert(r.registered, `onActionClicked must be the registered click listener: ${JSON.stringify(r)}`);
  assert(r.threw === null && r.unhandled.length === 0, `the failure escaped: ${JSON.stringify(r)}`);
  assert(r.badge === '!' && r.title.includes('storage is broken (test)'), `the failure is shown on the button: ${JSON.stringify(r)}`);
  assert(page.url() === `${BASE}/rtl.html`, 'the tab stays on the page');
  // The next click works and clears the mark.
  await worker.evaluate((id) => globalThis.onActionClicked({ id }), tabId);
  await page.waitForURL(/\/reader\.html\?c=/, { timeout: READER_TIMEOUT });
  const after = await worker.evaluate(async (id) => [await chrome.action.getBadgeText({ tabId: id }), await chrome.action.getTitle({ tabId: id })], tabId);
  assert(after[0] === '' && !after[1].includes('could not'), `mark cleared: ${JSON.stringify(after)}`);
  await page.goBack();
});

await test('the reader page enforces its CSP: Trusted Types refuse a raw HTML string, the article still renders', async () => {
  await page.goto(`${BASE}/code-table.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', 'reader ready');
  const errorsBefore = pageErrors.length;
  const tt = await page.evaluate(() => {
    const out = {};
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      out.innerHTML = 'allowed';
    } catch (e) {
      out.innerHTML = e.name;
    }
    try {
      trustedTypes.createPolicy('another', { createHTML: (s) => s });
      out.otherPolicy = 'allowed';
    } catch (e) {
      out.otherPolicy = e.name;
    }
    return { ...out, figures: document.querySelectorAll('#content pre, #content table').length, violations: window.__bsCspViolations.length };
  });
  assert(tt.innerHTML === 'TypeError', `a raw string into innerHTML must be refused: ${JSON.stringify(tt)}`);
  assert(tt.otherPolicy === 'TypeError', `no policy but "broadsheet" may be made: ${JSON.stringify(tt)}`);
  assert(tt.figures >= 2, `code and table rendered: ${JSON.stringify(tt)}`);
  // The two refusals above are violations by design (logged by the browser and the recorder):
  // only those are dropped from the error list.
  await page.waitForTimeout(200); // console messages arrive after evaluate() returns
  const expected = /TrustedHTML|trusted-types|Trusted Type|policy "another"|another/i;
  const others = pageErrors.splice(errorsBefore).filter((e) => !expected.test(e));
  pageErrors.push(...others);
  assert(others.length === 0, `other errors: ${others.join('; ')}`);
  await page.evaluate(() => (window.__bsCspViolations.length = 0));
  await page.goBack();
});

await test('options: rules validated as typed (every bad line named), applied on the next clean', async () => {
  const options = await newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.waitForSelector('#rules[data-ready]');
  await options.fill('#rules', '127.0.0.1##.credit\nfoo##+x\n! a comment\n##div:has(p)');
  await options.waitForFunction(() => document.getElementById('rules-status').textContent.includes('saved'));
  const errors = await options.$$eval('#rule-errors li', (lis) => lis.map((li) => li.textContent));
  assert(errors.length === 2, `two errors expected: ${JSON.stringify(errors)}`);
  assert(errors[0].startsWith('Line 2') && errors[1].startsWith('Line 4') && errors[1].includes(':has'), `errors: ${errors}`);
  assert((await text(options, '#rules-status')).includes('1 rule in use'), 'one usable rule');
  await options.check('#defaults-theme-sepia');
  await shot(options, 'options.png', { fullPage: true });
  const stored = await worker.evaluate(() => chrome.storage.sync.get(['rules', 'prefs']));
  assert(stored.rules.startsWith('127.0.0.1##.credit') && stored.prefs.theme === 'sepia', 'rules and defaults saved');

  await page.goto(`${BASE}/aggregator.html`);
  const r = await openReader(page);
  assert(r.state === 'ready', 'reader ready');
  assert((await page.getAttribute('html', 'data-theme')) === 'sepia', 'the default theme from options applies');
  assert(!(await text(page, '#content')).includes(SEED_CREDIT), 'the user rule removed the credit line');
  await page.click('#removed-btn');
  const rules = await page.$$eval('#removed-list .removed-rule', (els) => els.map((e) => [e.textContent, e.title]));
  assert(rules.some(([label, raw]) => label.startsWith('your rule (line 1)') && raw.startsWith('user:1')), `a removal names the user rule: ${rules}`);
  await page.keyboard.press('Escape');
  assert((await text(page, '#card')).includes('2 of your rules could not be used'), 'the card mentions skipped rules');

  // Over sync's 8 KB per item: kept in storage.local, and the page says so.
  const many = Array.from({ length: 400 }, (_, i) => `example.com##.promo-box-${i}`).join('\n');
  await options.fill('#rules', many);
  await options.waitForFunction(() => document.getElementById('rules-status').textContent.includes('this device only'));
  const where = await worker.evaluate(async () => ({
    sync: await chrome.storage.sync.get(['rules', 'rulesArea']),
    local: (await chrome.storage.local.get('rules')).rules?.length ?? 0,
  }));
  assert(where.sync.rulesArea === 'local' && !where.sync.rules && where.local > 8192, `long rules: ${JSON.stringify(where)}`);
  assert((await text(options, '#rules-status')).startsWith('400 rules in use'), 'all 400 rules count');

  await options.fill('#rules', '');
  await options.waitForFunction(() => document.getElementById('rules-status').textContent.includes('saved'));
  await worker.evaluate(() => chrome.storage.sync.remove('prefs'));
  await options.close();
  await page.goBack();
});

// ---------------------------------------------------------------------------------------
// The summary card on a real page: length, key point → sentence, AI summary

// A tab of their own. They run late: each open stores a capture, and storage.session keeps
// the last four (background.js), which `page`'s reload above needs.
const sp = await newPage();
const KEY_POINTS_FIXTURE = 'code-table.html'; // enough sentences: 3 / 5 / 6 key points

const cardPoints = (p) => p.$$eval('#card .key-point', (bs) => bs.map((b) => b.textContent));
const pressedLength = (p) => p.$eval('#card .length-choice [aria-pressed="true"]', (b) => b.dataset.length);
/** The core run again in the reader page on the stored capture, with the reader's options (the
 * lede limit: at most one point from the first paragraph): the expected key points. */
const coreSummary = (p, length) =>
  p.evaluate(async (len) => {
    const key = new URLSearchParams(location.search).get('c');
    const rec = (await chrome.storage.session.get(key))[key];
    const core = await (await import('./core.js')).loadCore();
    const a = core.clean(rec.html, { url: rec.url, summaryLength: len, ledeLimit: true });
    return { text: a.text, points: a.summary.keyPoints };
  }, length);
const normalize = (t) => t.replace(/\s+/g, ' ').trim();

await test('summary card: 3 key points by default, sentences of the article; Medium shows 5 and is kept', async () => {
  await sp.goto(`${BASE}/${KEY_POINTS_FIXTURE}`);
  let r = await openReader(sp);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  assert((await sp.textContent('#card-title')) === 'Key points', 'the card shows key points');
  assert((await pressedLength(sp)) === 'short', 'Short is the default');
  const short = await cardPoints(sp);
  const expected = await coreSummary(sp, 'short');
  assert(short.length === 3, `3 key points by default, got ${short.length}: ${JSON.stringify(short)}`);
  assert(JSON.stringify(short) === JSON.stringify(expected.points.map((p) => p.text)), `the core's points: ${JSON.stringify(short)}`);
  const shown = normalize(await text(sp, '#content'));
  for (const p of expected.points) {
    assert(expected.text.slice(p.start, p.end) === p.text, `a point is a verbatim slice of text: ${p.text}`);
    assert(/[.!?:"”’)]$/.test(p.text), `a point is a whole sentence: ${p.text}`);
    assert(shown.includes(normalize(p.text)), `a point is in the rendered article: ${p.text}`);
  }

  // Another length: only the points change; the article's nodes stay the very same.
  await sp.evaluate(() => (document.querySelector('#content p').dataset.testMark = 'kept'));
  await sp.click('#card .length-choice [data-length="medium"]');
  await sp.waitForFunction(() => document.querySelectorAll('#card .key-point').length !== 3);
  const medium = await cardPoints(sp);
  assert(medium.length === 5, `Medium shows 5 key points, got ${medium.length}`);
  assert(JSON.stringify(medium) === JSON.stringify((await coreSummary(sp, 'medium')).points.map((p) => p.text)), 'the core\'s medium points');
  assert((await pressedLength(sp)) === 'medium', 'Medium is pressed');
  assert((await sp.locator('#content p[data-test-mark="kept"]').count()) === 1, 'the article was not rendered again');
  const stored = await sp.evaluate(async () => ({
    sync: (await chrome.storage.sync.get('prefs')).prefs?.summaryLength,
    mirror: JSON.parse(localStorage.getItem('broadsheet:prefs')).summaryLength,
  }));
  assert(stored.sync === 'medium' && stored.mirror === 'medium', `the choice is saved: ${JSON.stringify(stored)}`);
  await shot(sp, 'reader-key-points.png');

  // The next page opens at Medium (the first clean gets summaryLength).
  await sp.goto(`${BASE}/${KEY_POINTS_FIXTURE}`);
  r = await openReader(sp);
  assert(r.state === 'ready', 'reopened');
  assert((await pressedLength(sp)) === 'medium', 'reopened at Medium');
  assert((await cardPoints(sp)).length === 5, 'reopened with 5 key points');

  await sp.click('#card .length-choice [data-length="long"]');
  await sp.waitForFunction(() => document.querySelectorAll('#card .key-point').length !== 5);
  assert((await cardPoints(sp)).length === 6, 'Long: all 6 key points this article has (7 at most)');
  await sp.click('#card .length-choice [data-length="short"]');
  await sp.waitForFunction(() => document.querySelectorAll('#card .key-point').length === 3);
  const back = await sp.evaluate(async () => (await chrome.storage.sync.get('prefs')).prefs?.summaryLength);
  assert(back === 'short', `back to Short, saved: ${back}`);
});

await test('key point click: its sentence (not its block) highlighted with the CSS Highlight API, article DOM untouched', async () => {
  const points = await cardPoints(sp);
  assert(points.length === 3, 'three points to click');
  await sp.evaluate(() => window.scrollTo(0, 0));
  let sentenceOfLongerBlock = false;
  for (let i = points.length - 1; i >= 0; i--) {
    const before = await sp.$eval('#content', (c) => c.innerHTML);
    await sp.locator('#card .key-point').nth(i).click();
    const h = await sp.evaluate(() => {
      const hl = CSS.highlights.get('bs-key-point');
      const ranges = hl ? [...hl] : [];
      const r = ranges[0];
      const block = r?.startContainer.parentElement.closest('p, li, figcaption, blockquote, td');
      return {
        count: ranges.length,
        text: r?.toString(),
        inContent: Boolean(r) && document.getElementById('content').contains(r.commonAncestorContainer),
        block: block?.textContent,
        speaking: document.querySelectorAll('.bs-speaking').length,
      };
    });
    assert(h.count === 1, `one highlighted range for point ${i}: ${JSON.stringify(h)}`);
    assert(normalize(h.text) === normalize(points[i]), `the range is the point's sentence: "${h.text}" vs "${points[i]}"`);
    assert(h.inContent, 'the range is in the article');
    assert(h.speaking === 0, 'no block-level class');
    assert((await sp.$eval('#content', (c) => c.innerHTML)) === before, 'the article DOM is unchanged');
    if (normalize(h.block).length > normalize(h.text).length) sentenceOfLongerBlock = true;
    // Scrolled into view (smoothly).
    await sp.waitForFunction(() => {
      const r = [...(CSS.highlights.get('bs-key-point') ?? [])][0]?.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= innerHeight;
    }, null, { timeout: 3000 });
  }
  assert(sentenceOfLongerBlock, 'at least one point is one sentence of a longer block (else this test shows nothing)');
  await shot(sp, 'reader-key-point-highlight.png');
  // Cleared by the next click elsewhere …
  await sp.click('#doc-title');
  assert((await sp.evaluate(() => CSS.highlights.has('bs-key-point'))) === false, 'a click elsewhere clears the highlight');
  // … or after a few seconds.
  await sp.locator('#card .key-point').first().click();
  assert(await sp.evaluate(() => CSS.highlights.has('bs-key-point')), 'highlighted again');
  await sp.waitForFunction(() => !CSS.highlights.has('bs-key-point'), null, { timeout: 8000 });
});

await test('key point highlight is readable in the light, dark and sepia themes', async () => {
  const colours = {};
  for (const theme of ['light', 'dark', 'sepia']) {
    await sp.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    colours[theme] = await sp.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--key-point)';
      document.getElementById('card').append(probe);
      const bg = getComputedStyle(probe).color;
      probe.style.color = 'var(--fg)';
      const fg = getComputedStyle(probe).color;
      probe.remove();
      return { bg, fg };
    });
  }
  // WCAG contrast of the text colour on the highlight colour.
  const lum = (c) => {
    const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const [theme, { bg, fg }] of Object.entries(colours)) {
    const [hi, lo] = [lum(bg), lum(fg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    assert(ratio >= 4.5, `${theme}: text ${fg} on highlight ${bg} has contrast ${ratio.toFixed(2)} (< 4.5)`);
  }
  await sp.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await sp.locator('#card .key-point').first().click();
  await shot(sp, 'reader-key-point-dark.png');
  await sp.evaluate(() => (document.documentElement.dataset.theme = 'auto'));
});

await test('AI summary: no button where the browser has no usable Summarizer, and no console error', async () => {
  const errorsBefore = pageErrors.length;
  // Debian's Chromium has the API but no model: availability() says 'unavailable'.
  const native = await sp.evaluate(async () => ({
    api: 'Summarizer' in self,
    availability: 'Summarizer' in self ? await Summarizer.availability({ type: 'key-points', format: 'plain-text', length: 'short', outputLanguage: 'en' }) : null,
  }));
  await sp.waitForTimeout(300); // the card's own availability() call has settled too
  assert(native.availability !== 'available' && native.availability !== 'downloadable', `this test expects no usable model: ${JSON.stringify(native)}`);
  assert((await sp.locator('#card .ai-button, #card .ai-summary').count()) === 0, `no AI summary button (${JSON.stringify(native)})`);

  // A browser without the API at all (Firefox, older Chrome): the module is not even loaded.
  const bare = await newPage();
  await bare.addInitScript(() => delete globalThis.Summarizer);
  await bare.goto(`${BASE}/${KEY_POINTS_FIXTURE}`);
  assert((await openReader(bare)).state === 'ready', 'reader ready');
  await bare.waitForTimeout(300);
  const r = await bare.evaluate(() => ({
    api: 'Summarizer' in self,
    buttons: document.querySelectorAll('#card .ai-button, #card .ai-summary').length,
    loaded: performance.getEntriesByType('resource').some((e) => e.name.endsWith('/ai-summary.js')),
    points: document.querySelectorAll('#card .key-point').length,
  }));
  await bare.close();
  assert(!r.api && r.points === 3, `API removed, key points shown: ${JSON.stringify(r)}`);
  assert(r.buttons === 0, 'no AI summary button');
  assert(!r.loaded, 'ai-summary.js is loaded only where the API exists');
  assert(pageErrors.length === errorsBefore, `errors: ${pageErrors.slice(errorsBefore)}`);
});

/** A stand-in for Chrome's Summarizer API, installed before the reader's scripts run. Records
 * its calls in globalThis.fakeSummarizer; streams two chunks, the second only once the first
 * is on screen. */
function installFakeSummarizer() {
  const log = { availability: [], create: [], input: null, seen: [], statuses: [], destroyed: 0 };
  globalThis.fakeSummarizer = log;
  globalThis.Summarizer = {
    async availability(options) {
      log.availability.push(options);
      return 'downloadable';
    },
    async create(options) {
      log.create.push({ ...options, monitor: typeof options.monitor });
      const monitor = new EventTarget();
      options.monitor?.(monitor);
      const progress = new Event('downloadprogress');
      progress.loaded = 0.5;
      monitor.dispatchEvent(progress);
      log.statuses.push(document.querySelector('#card .ai-status')?.textContent);
      const chunks = ['* The first point, from the fake model.\n', '* The second point.'];
      return {
        inputQuota: 100_000,
        async measureInputUsage(t) {
          return t.length;
        },
        summarizeStreaming(input) {
          log.input = input;
          return new ReadableStream({
            async pull(controller) {
              await new Promise((r) => setTimeout(r, 30));
              log.seen.push(document.querySelector('#card .ai-text')?.textContent);
              log.statuses.push(document.querySelector('#card .ai-status')?.textContent);
              if (chunks.length) controller.enqueue(chunks.shift());
              else controller.close();
            },
          });
        },
        destroy() {
          log.destroyed++;
        },
      };
    },
  };
}

await test('AI summary with a Summarizer API (a fake installed before the reader runs): streamed into the card, labelled', async () => {
  const ai = await newPage();
  try {
    await aiSummaryWithFake(ai);
  } finally {
    await ai.close();
    // Its length click saved Medium: back to the default for the tests that follow.
    await worker.evaluate(async () => {
      const { prefs } = await chrome.storage.sync.get('prefs');
      if (prefs) await chrome.storage.sync.set({ prefs: { ...prefs, summaryLength: 'short' } });
    });
  }
});

async function aiSummaryWithFake(ai) {
  // The background asked this browser's real Summarizer at install and stored `unavailable`
  // (Debian's Chromium has no model), which the reader honours without asking: forget it, so
  // the reader asks the fake.
  await worker.evaluate(() => chrome.storage.local.remove('aiSummarizer'));
  await ai.addInitScript(installFakeSummarizer);
  await ai.goto(`${BASE}/${KEY_POINTS_FIXTURE}`);
  const r = await openReader(ai);
  assert(r.state === 'ready', 'reader ready');
  assert(await ai.evaluate(() => 'Summarizer' in self), 'the fake is installed in the reader page');
  await ai.locator('#card .ai-button').waitFor({ state: 'visible', timeout: 5000 });
  const availability = await ai.evaluate(() => globalThis.fakeSummarizer.availability);
  assert(availability[0]?.type === 'key-points' && availability[0].format === 'plain-text' && availability[0].length === 'short', `availability(): ${JSON.stringify(availability)}`);
  assert((await ai.locator('#card .ai-summary').isHidden()), 'the box waits for the click');

  await ai.click('#card .length-choice [data-length="medium"]'); // the AI summary follows the length
  await ai.click('#card .ai-button');
  await ai.waitForFunction(() => document.querySelector('#card .ai-text')?.textContent.includes('The second point.'));
  await ai.waitForFunction(() => !document.querySelector('#card .ai-button').disabled);
  const got = await ai.evaluate(() => ({
    log: globalThis.fakeSummarizer,
    text: document.querySelector('#card .ai-text').textContent,
    label: document.querySelector('#card .ai-label').textContent,
    status: document.querySelector('#card .ai-status').textContent,
    points: document.querySelectorAll('#card .key-point').length,
  }));
  const create = got.log.create[0];
  assert(create?.type === 'key-points' && create.format === 'plain-text' && create.length === 'medium', `create(): ${JSON.stringify(create)}`);
  assert(create.sharedContext === 'A news article' && create.monitor === 'function', `create() context and monitor: ${JSON.stringify(create)}`);
  assert(got.text === '* The first point, from the fake model.\n* The second point.', `streamed text: ${JSON.stringify(got.text)}`);
  assert(got.log.seen.includes('* The first point, from the fake model.\n'), `the first chunk shows before the second arrives: ${JSON.stringify(got.log.seen)}`);
  assert(got.log.statuses[0] === 'Downloading the browser’s model… 50%', `download progress: ${JSON.stringify(got.log.statuses)}`);
  assert(got.log.statuses.includes('Summarizing…'), `status while streaming: ${JSON.stringify(got.log.statuses)}`);
  assert(got.status === '', `no status left when done: ${got.status}`);
  assert(got.label.includes('AI summary') && got.label.includes('on this device') && got.label.includes('Summarizer API'), `label: ${got.label}`);
  const expected = await coreSummary(ai, 'medium');
  assert(got.log.input === expected.text, 'the model gets the article text');
  assert(got.points === 5, 'the on-device key points stay');
  assert(got.log.destroyed === 1, 'the summarizer is destroyed after use');
  await shot(ai, 'reader-ai-summary.png');
}

await test('AI summary module: unavailable → no button; a long article cut to the quota; errors shown in the card', async () => {
  const r = await sp.evaluate(async () => {
    const { offerAiSummary } = await import('./ai-summary.js');
    const stream = (chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
    const run = async (api, text = 'One sentence. Another sentence here. And a third one to cut.') => {
      const slot = document.createElement('div');
      document.getElementById('card-body').append(slot);
      const shown = await offerAiSummary(slot, { text, lang: 'en', getLength: () => 'short', api });
      if (shown) {
        slot.querySelector('.ai-button').click();
        for (let i = 0; i < 50 && slot.querySelector('.ai-button').disabled === false; i++) await new Promise((res) => setTimeout(res, 5));
        for (let i = 0; i < 200 && slot.querySelector('.ai-button').disabled; i++) await new Promise((res) => setTimeout(res, 10));
      }
      const out = { shown, status: slot.querySelector('.ai-status')?.textContent, text: slot.querySelector('.ai-text')?.textContent };
      slot.remove();
      return out;
    };
    let seenInput = null;
    return {
      unavailable: await run({ availability: async () => 'unavailable', create: async () => { throw new Error('must not be called'); } }),
      throwing: await run({ availability: async () => { throw new TypeError('bad option'); }, create: async () => ({}) }),
      // A language the model does not take: not even asked (Chrome logs an error for that).
      arabic: await (async () => {
        const asked = [];
        const slot = document.createElement('div');
        const shown = await offerAiSummary(slot, { text: 'نص', lang: 'ar', getLength: () => 'short', api: { availability: async (o) => (asked.push(o), 'available'), create: async () => ({}) } });
        return { shown, asked: asked.length };
      })(),
      quota: await run({
        availability: async () => 'available',
        create: async () => ({ inputQuota: 30, measureInputUsage: async (t) => t.length, summarizeStreaming: (t) => ((seenInput = t), stream(['* Cut.'])) }),
      }),
      seenInput,
      tooLong: await run({
        availability: async () => 'available',
        create: async () => ({ summarizeStreaming: () => { throw new DOMException('too long', 'QuotaExceededError'); } }),
      }),
      failing: await run({ availability: async () => 'available', create: async () => { throw new DOMException('model crashed', 'OperationError'); } }),
    };
  });
  assert(r.unavailable.shown === false && r.throwing.shown === false, `no button when unavailable or throwing: ${JSON.stringify(r)}`);
  assert(r.arabic.shown === false && r.arabic.asked === 0, `an Arabic article: not offered, not asked: ${JSON.stringify(r.arabic)}`);
  assert(r.quota.shown && r.quota.text === '* Cut.', `quota case streamed: ${JSON.stringify(r.quota)}`);
  assert(r.seenInput.length <= 30 && 'One sentence. Another sentence here.'.startsWith(r.seenInput), `input cut to the quota: ${JSON.stringify(r.seenInput)}`);
  assert(/first \d+% of the article/.test(r.quota.status), `says the input was cut: ${r.quota.status}`);
  assert(r.tooLong.status === 'The article is longer than the browser’s model accepts.', `QuotaExceededError: ${r.tooLong.status}`);
  assert(r.failing.status.includes('could not summarize this article: model crashed'), `other errors: ${r.failing.status}`);
});

// ---------------------------------------------------------------------------------------
// Click → painted

const timings = [];
/** Per-stage figures of each timed open (tests/e2e/reader-timing.mjs), by page group. */
const stageSets = { fixtures: [] };

/** One timed open: the click path, then the reader's stamps. It waits without Playwright's
 * in-page polling (see waitForPainted), which would land on the path being timed. */
async function timedOpen(url) {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const tabId = await tabIdOf(page);
  await worker.evaluate((id) => globalThis.openReader(id), tabId);
  await waitForPainted(page, READER_TIMEOUT);
  await page.waitForTimeout(50); // paint and Element Timing entries arrive after the frame
  return readStamps(page, worker);
}

await test(`timing: click → reader painted, ${TIMING_RUNS} opens per fixture`, async () => {
  for (const fixture of ['aggregator.html', 'paywalled.html', 'rtl.html', 'code-table.html', 'not-article.html']) {
    for (let i = 0; i < TIMING_RUNS; i++) {
      const s = await timedOpen(`${BASE}/${fixture}`);
      const ms = s.painted - s.click;
      assert(Number.isFinite(ms) && ms > 0, `no timing for ${fixture}: ${JSON.stringify(s)}`);
      timings.push({ fixture, ms });
      stageSets.fixtures.push(stages(s));
    }
  }
});

await test('no uncaught errors in extension pages, no requests beyond the fixture server', async () => {
  assert(pageErrors.length === 0, `page errors:\n${pageErrors.join('\n')}`);
  const foreign = requests.filter((u) => /^https?:/.test(u) && !u.startsWith(BASE));
  assert(foreign.length === 0, `unexpected requests: ${foreign.join(', ')}`);
});

// ---------------------------------------------------------------------------------------
// Optional: real pages (BS_CORPUS)

/** Words of a text, lower-cased (letters and digits of any script). */
const words = (t) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Share of the expected words (with multiplicity) that the reader shows. */
function recall(expected, got) {
  const have = new Map();
  for (const w of words(got)) have.set(w, (have.get(w) ?? 0) + 1);
  const want = words(expected);
  let hit = 0;
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      hit++;
      have.set(w, n - 1);
    }
  }
  return want.length ? hit / want.length : 1;
}

/** expected.html → text, in a page of our own (the browser's parser, not a regex). */
async function htmlText(html) {
  const p = await context.newPage();
  await p.setContent(html, { waitUntil: 'domcontentloaded' });
  const t = await p.evaluate(() => document.body.innerText);
  await p.close();
  return t;
}

if (CORPUS) {
  const cases = fs
    .readdirSync(CORPUS)
    .filter((c) => fs.existsSync(path.join(CORPUS, c, 'source.html')) && fs.existsSync(path.join(CORPUS, c, 'expected.html')))
    .filter((c) => {
      const meta = path.join(CORPUS, c, 'expected-metadata.json');
      return !fs.existsSync(meta) || JSON.parse(fs.readFileSync(meta, 'utf8')).readerable !== false;
    })
    .sort()
    .slice(0, CORPUS_LIMIT);
  await context.route((url) => !url.href.startsWith(BASE) && /^https?:/.test(url.href), (route) => route.abort());
  await test(`real pages (${path.relative(ROOT, CORPUS) || CORPUS}): every page opens, mean recall ≥ ${CORPUS_MIN_MEAN_RECALL} over ${cases.length} pages`, async () => {
    assert(cases.length > 0, `no cases with source.html and expected.html in ${CORPUS}`);
    const results = [];
    const broken = []; // pages the reader did not open, or opened on an error other than "not an article"
    for (const c of cases) {
      const expected = await htmlText(fs.readFileSync(path.join(CORPUS, c, 'expected.html'), 'utf8'));
      let r;
      try {
        await page.goto(`${BASE}/corpus/${c}/source.html`, { waitUntil: 'load', timeout: 20_000 });
        r = await openReader(page);
      } catch (e) {
        broken.push(`${c}: ${String(e.message).split('\n')[0]}`);
        results.push({ c, recall: 0, note: 'error' });
        continue;
      }
      if (r.state !== 'ready' && !['not-article', 'no-article'].includes(r.error)) broken.push(`${c}: reader ${r.state}/${r.error}`);
      const shown = r.state === 'ready' ? await text(page, '#content') : '';
      results.push({ c, recall: recall(expected, shown), note: `${words(expected).length} words expected, ${words(shown).length} shown${r.state === 'ready' ? '' : ` (${r.state}/${r.error})`}` });
    }
    // Issue 14's other timing target: the largest page of the corpus, opened TIMING_RUNS
    // times (after the recall pass above, so it is not a first open).
    const largest = cases
      .map((c) => ({ c, size: fs.statSync(path.join(CORPUS, c, 'source.html')).size }))
      .sort((x, y) => y.size - x.size)[0];
    if (largest) {
      const name = `${largest.c} (${(largest.size / 1024).toFixed(0)} KB)`;
      stageSets[name] = [];
      for (let i = 0; i < TIMING_RUNS; i++) stageSets[name].push(stages(await timedOpen(`${BASE}/corpus/${largest.c}/source.html`)));
    }
    results.sort((x, y) => x.recall - y.recall);
    const mean = results.reduce((n, r) => n + r.recall, 0) / results.length;
    const atLeast = results.filter((r) => r.recall >= 0.8).length;
    console.log(`real pages: mean word recall ${(100 * mean).toFixed(1)}%, ${atLeast}/${results.length} pages ≥ 80%; lowest:`);
    for (const r of results.slice(0, 10)) console.log(`  ${(100 * r.recall).toFixed(1)}%  ${r.c} ${r.note}`);
    assert(broken.length === 0, `pages the reader failed on:\n${broken.join('\n')}`);
    assert(mean >= CORPUS_MIN_MEAN_RECALL, `mean word recall ${mean.toFixed(3)} < floor ${CORPUS_MIN_MEAN_RECALL}`);
  });
}

await cleanup();

if (timings.length) {
  const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const per = {};
  for (const t of timings) (per[t.fixture] ??= []).push(t.ms.toFixed(0));
  console.log(
    `click → reader painted (${os.cpus().length} cores, ${os.cpus()[0]?.model?.trim()}, load average ${os.loadavg()[0].toFixed(1)}, Chromium headless=new, ` +
      `${sorted.length} opens): p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (target p95 ≤ 100 ms)`,
  );
  for (const [fixture, ms] of Object.entries(per)) console.log(`  ${fixture}: ${ms.join(' ')} ms`);
  // Where the time goes, stage by stage (issue 14; extension/README.md has the figures).
  for (const [group, set] of Object.entries(stageSets)) {
    if (set.length) console.log(`stages, ${group}:\n${table({ [group === 'fixtures' ? 'fixtures' : 'largest corpus page']: set })}`);
  }
}
console.log(`screenshots: ${path.relative(ROOT, OUT)}/`);
finish();
