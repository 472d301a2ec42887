// End-to-end test of the browser extension in headless Firefox ESR (selenium-webdriver +
// geckodriver); `make test-firefox` runs it after `make build`.
//
//   node tests/e2e/firefox.test.mjs        (needs extension/pkg/, firefox-esr, geckodriver)
//
// 1. Checks the manifest against what Firefox needs (gecko id, background.scripts,
//    strict_min_version no lower than the keys require, no data collected, version = Cargo.toml).
//    `web-ext lint` runs in tests/e2e/extension.test.mjs, once per `make test`.
// 2. Serves tests/e2e/pages/ on 127.0.0.1 (random port), installs extension/ unchanged as a
//    temporary add-on and clicks the toolbar button through Firefox's own browserAction code
//    (tests/e2e/firefox.mjs), so the shipped activeTab grant is what lets the capture run.
// 3. Asserts on the reader as the Chromium test does (article present, promo absent, summary
//    card present, Back returns to the untouched page). Screenshots go to tests/e2e/out/.
//
// Ends with "N passed, M failed"; exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ff from './firefox.mjs';
import * as fx from './fixtures.mjs';
import { results, test, assert, finish, guardRun } from './runner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION = path.join(ROOT, 'extension');
const PAGES = path.join(ROOT, 'tests/e2e/pages');
const OUT = path.join(ROOT, 'tests/e2e/out');

// ---------------------------------------------------------------------------------------
// The test runner is tests/e2e/runner.mjs.



let cleanup = async () => {};
guardRun(Number(process.env.RUN_TIMEOUT_MS || 3 * 60_000), () => cleanup());

// ---------------------------------------------------------------------------------------
// Preconditions and the manifest

const missing = [
  ...['pkg/broadsheet.js', 'pkg/broadsheet_bg.wasm']
    .filter((f) => !fs.existsSync(path.join(EXTENSION, f)))
    .map((f) => `extension/${f} (run \`make build\`)`),
  ...ff.missingFirefoxTools(),
];
if (missing.length) {
  console.log(`FAIL firefox test: missing ${missing.join('; ')}`);
  results.failed++;
  finish();
}

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'manifest.json'), 'utf8'));
const gecko = manifest.browser_specific_settings?.gecko ?? {};
const cargoVersion = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];

await test('manifest: what Firefox needs, unchanged for Chrome', () => {
  assert(/^[\w.-]*@[\w.-]+$/.test(gecko.id ?? ''), `browser_specific_settings.gecko.id: ${gecko.id}`);
  assert(manifest.background?.scripts?.includes('background.js'), 'background.scripts (Firefox has no service worker background)');
  assert(manifest.background?.service_worker === 'background.js', 'background.service_worker (Chrome)');
  const min = Number.parseFloat(gecko.strict_min_version);
  // Both background keys side by side: Firefox ≥ 121. data_collection_permissions: ≥ 140.
  const need = 'data_collection_permissions' in gecko ? 140 : 121;
  assert(min >= need, `gecko.strict_min_version ${gecko.strict_min_version} is below ${need}, which the manifest's keys need`);
  assert(
    JSON.stringify(gecko.data_collection_permissions) === JSON.stringify({ required: ['none'] }),
    `data_collection_permissions must declare that nothing is collected: ${JSON.stringify(gecko.data_collection_permissions)}`,
  );
  assert(!('host_permissions' in manifest), 'the shipped manifest has no host permissions');
  assert(cargoVersion && manifest.version === cargoVersion, `manifest version ${manifest.version} ≠ Cargo.toml version ${cargoVersion}`);
});

// ---------------------------------------------------------------------------------------
// Firefox with the extension folder as a temporary add-on

const server = await ff.serveFixtures(PAGES);
const { driver, origin } = await ff.launchFirefox({ addon: EXTENSION, geckoId: gecko.id });
cleanup = async () => {
  await driver.quit().catch(() => {});
  server.close();
};
const open = () => ff.openReader(driver, { geckoId: gecko.id, origin });
const timings = [];

await test('aggregator page: article kept, promo removed, card shown; Back returns to the page', async () => {
  const url = `${server.base}/aggregator.html`;
  await driver.get(url);
  await driver.wait(() => driver.executeScript(() => document.documentElement.dataset.hydrated === '1'), 10_000, 'page hydrated');
  await driver.executeScript(() => window.scrollTo(0, 400));
  const r = await open();
  timings.push(r.ms);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  // The background (an event page here, an ES module) made the article while the reader
  // page started (issue 14): the reader stamps when it did.
  const cleanedAt = await driver.executeScript(() => document.documentElement.dataset.bsCleanedAt ?? null);
  assert(Number(cleanedAt) > 0, `the background did not make the article (data-bs-cleaned-at ${cleanedAt})`);
  const content = await ff.textOf(driver, '#content');
  for (const p of fx.SEED_PARAGRAPHS) assert(content.includes(p), `article paragraph missing: "${p}"`);
  assert(content.includes(fx.SEED_CAPTION), 'photo caption missing');
  assert(content.includes(fx.SEED_CREDIT), 'credit line missing');
  const doc = await ff.textOf(driver, '#doc');
  for (const promo of fx.SEED_PROMO) assert(!doc.includes(promo), `promo line in the reader: "${promo}"`);
  assert((await ff.textOf(driver, '#doc-title')) === fx.SEED_TITLE, 'title');
  const card = await ff.textOf(driver, '#card');
  assert(/At a glance|Key points/i.test(card), `summary card title: ${card}`);
  assert(/min read/.test(card) && /Removed \d+ blocks?/.test(card), `card lacks reading time / removed: ${card}`);
  await ff.screenshot(driver, path.join(OUT, 'firefox-reader.png'));

  await driver.executeScript(() => document.getElementById('back').click());
  await ff.waitForUrl(driver, url);
  const original = await driver.executeScript(() => ({
    promo: document.body.innerText.includes('Get all your news in one place.'),
    hydrated: document.documentElement.dataset.hydrated,
  }));
  assert(original.promo && original.hydrated === '1', `the original page is back, untouched: ${JSON.stringify(original)}`);
});

await test('paywalled page: overlay removed, delivered text shown, paywall noted', async () => {
  const url = `${server.base}/paywalled.html`;
  await driver.get(url);
  const r = await open();
  timings.push(r.ms);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  const content = await ff.textOf(driver, '#content');
  assert(content.includes(fx.PAYWALL_FIRST), 'first paragraph');
  assert(content.includes(fx.PAYWALL_LATER), 'the JSON-LD articleBody text (delivered with the page)');
  for (const line of fx.PAYWALL_MODAL) assert(!content.includes(line), `the paywall modal is gone: "${line}"`);
  assert((await ff.textOf(driver, '#card')).includes('paywalled'), 'the card says the page is paywalled');
  await ff.screenshot(driver, path.join(OUT, 'firefox-paywall.png'));
  await driver.executeScript(() => document.getElementById('back').click());
  await ff.waitForUrl(driver, url);
});

await test('clicking the button again on the reader returns to the page', async () => {
  const url = `${server.base}/code-table.html`;
  await driver.get(url);
  const r = await open();
  timings.push(r.ms);
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  assert((await ff.textOf(driver, '#content')).includes(fx.CODE_SNIPPET), 'the code block');
  await ff.clickToolbarButton(driver, gecko.id);
  await ff.waitForUrl(driver, url, 'a second click on the reader did not go back');
});

await test('remove this (issue 15): remove, Undo, Remember for the site; the next open drops the block; Options deletes the rule', async () => {
  const SIGNUP = 'Get the Coastal Letter every morning';
  const RULE = `${new URL(server.base).hostname}##.story-text.inline-signup`;
  const url = `${server.base}/leaky.html`;
  const rules = () => driver.executeScript(() => browser.storage.sync.get('rules').then((r) => r.rules ?? ''));
  // In mid-screen: the remove bar sits over the bottom of the window.
  const signupBlock = () =>
    driver.executeScript((t) => {
      const b = [...document.querySelectorAll('#content [tabindex="0"]')].filter((n) => n.textContent.includes(t)).pop() ?? null;
      b?.scrollIntoView({ block: 'center' });
      return b;
    }, SIGNUP);
  const waitBar = (re) => driver.wait(() => driver.executeScript((s) => new RegExp(s).test(document.getElementById('remove-bar').textContent), re.source), 5000, `bar: ${re}`);
  await driver.get(url);
  let r = await open();
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  await driver.executeScript(() => browser.storage.sync.set({ rules: '' }));
  assert((await ff.textOf(driver, '#content')).includes(SIGNUP), 'the block leaked in');
  await driver.findElement(ff.By.css('#remove-btn')).click();
  await (await signupBlock()).click(); // a real click, through WebDriver
  assert(!(await ff.textOf(driver, '#content')).includes(SIGNUP), 'removed at once');
  await waitBar(/Removed/);
  await driver.findElement(ff.By.css('#remove-bar [data-remove="undo"]')).click();
  await waitBar(/Put back/);
  assert((await ff.textOf(driver, '#content')).includes(SIGNUP), 'Undo puts it back');
  await (await signupBlock()).click();
  await driver.findElement(ff.By.css('#remove-bar [data-remove="remember"]')).click();
  await waitBar(/Remembered/);
  assert((await rules()).split('\n').includes(RULE), `the rule is stored: ${JSON.stringify(await rules())}`);
  await ff.screenshot(driver, path.join(OUT, 'firefox-remove.png'));

  await driver.get(url);
  r = await open();
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  assert(!(await ff.textOf(driver, '#content')).includes(SIGNUP), 'the next open drops the block');
  const listed = await driver.executeScript(() => document.getElementById('removed-btn').textContent);
  assert(/removed/.test(listed), `listed as removed: ${listed}`);

  await driver.get(`${origin}/options.html`);
  await driver.wait(() => driver.executeScript(() => document.getElementById('rules').dataset.ready === '1'), 10_000, 'options ready');
  const item = await driver.findElement(ff.By.css(`#rule-sites li[data-rule="${RULE}"] .rule-delete`));
  await item.click();
  await driver.wait(async () => !(await rules()).includes(RULE), 5000, 'the rule is deleted from storage');
  assert(!(await driver.executeScript(() => document.getElementById('rules').value)).includes(RULE), 'and from the text');

  await driver.get(url);
  r = await open();
  assert((await ff.textOf(driver, '#content')).includes(SIGNUP), 'with the rule deleted the block is back');
});

await cleanup();
console.log(`click → reader painted in Firefox: ${timings.map((ms) => ms.toFixed(0)).join(' ')} ms; screenshots: ${path.relative(ROOT, OUT)}/firefox-*.png`);
finish();
