// Tests what `make package` wrote to dist/ (`make test-packages` runs both):
//
//   node scripts/test-packages.mjs
//
// 1. Both files exist under Cargo.toml's version, hold the same files, a manifest with that
//    version, and the optimised wasm (the same bytes as pkg/broadsheet_bg.wasm from `make
//    build`); nothing for development (README, wasm-pack's package.json, .d.ts).
// 2. The Chrome zip, unzipped to a temp dir, loads in Debian's Chromium (playwright-core,
//    --load-extension) with one added host permission, http://127.0.0.1/* (a toolbar click
//    cannot be automated there; see tests/e2e/extension.test.mjs), and cleans a fixture page
//    through openReader(tabId) in its service worker.
// 3. The .xpi itself is installed in Firefox ESR as a temporary add-on (installAddon(xpi)),
//    unchanged, and cleans the same page through a real toolbar click (tests/e2e/firefox.mjs).
//
// Ends with "N passed, M failed"; exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ff from '../tests/e2e/firefox.mjs';
import * as fx from '../tests/e2e/fixtures.mjs';
import { results, test, assert, finish, guardRun } from '../tests/e2e/runner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const PAGES = path.join(ROOT, 'tests/e2e/pages');
const OUT = path.join(ROOT, 'tests/e2e/out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The page each package cleans. */
const FIXTURE = 'code-table.html';
const READER_TIMEOUT = 15_000;



const cleanups = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()().catch(() => {});
}

guardRun(Number(process.env.RUN_TIMEOUT_MS || 3 * 60_000), cleanup);

// ---------------------------------------------------------------------------------------
// The files

const version = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
const chromeZip = path.join(DIST, `broadsheet-${version}-chrome.zip`);
const xpi = path.join(DIST, `broadsheet-${version}.xpi`);
for (const f of [chromeZip, xpi]) {
  if (!fs.existsSync(f)) {
    console.log(`FAIL ${path.relative(ROOT, f)} is missing: run \`make package\``);
    results.failed++;
    finish();
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-packages-'));
cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
/** Unzips with python3's zipfile (setup installs python3; `unzip` may be absent). */
function unzip(file, dir) {
  execFileSync('python3', ['-m', 'zipfile', '-e', file, dir]);
  return dir;
}
const chromeDir = unzip(chromeZip, path.join(tmp, 'chrome'));
const xpiDir = unzip(xpi, path.join(tmp, 'xpi'));
const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const listing = (dir) => fs.readdirSync(dir, { recursive: true }).sort();

const manifest = JSON.parse(fs.readFileSync(path.join(chromeDir, 'manifest.json'), 'utf8'));
await test(`packages: both hold the extension at version ${version} with the optimised wasm`, () => {
  for (const dir of [chromeDir, xpiDir]) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    assert(m.version === version, `${path.basename(dir)}: manifest version ${m.version}, Cargo.toml ${version}`);
    assert(!('host_permissions' in m), `${path.basename(dir)}: no host permissions in a package`);
  }
  assert(JSON.stringify(listing(chromeDir)) === JSON.stringify(listing(xpiDir)), 'the zip and the .xpi hold the same files');
  const wasm = path.join(chromeDir, 'pkg/broadsheet_bg.wasm');
  assert(fs.existsSync(wasm) && fs.existsSync(path.join(chromeDir, 'pkg/broadsheet.js')), 'the wasm package is inside');
  const built = path.join(ROOT, 'pkg/broadsheet_bg.wasm');
  if (fs.existsSync(built)) assert(sha(wasm) === sha(built), 'the packaged wasm is not the optimised build in pkg/');
  for (const f of ['README.md', 'pkg/package.json', 'pkg/broadsheet.d.ts', 'icons/icon.svg']) {
    assert(!fs.existsSync(path.join(chromeDir, f)), `${f} does not belong in a package`);
  }
  for (const f of [manifest.background.service_worker, ...manifest.background.scripts, manifest.options_ui.page, 'reader.html']) {
    assert(fs.existsSync(path.join(chromeDir, f)), `the manifest names a missing file: ${f}`);
  }
});

// ---------------------------------------------------------------------------------------
// Each package in its browser

const server = await ff.serveFixtures(PAGES);
cleanups.push(async () => server.close());
fs.mkdirSync(OUT, { recursive: true });

/** The fixture's reader text must hold the article and not the sidebar. */
function checkCleaned(r, content) {
  assert(r.state === 'ready', `reader state ${r.state} (${r.error})`);
  assert(content.includes(fx.CODE_SNIPPET), 'the article (its code block) is missing');
  assert(!content.includes(fx.CODE_SIDEBAR), 'the sidebar came through');
}

await test(`Chrome zip: loads in Chromium and cleans ${FIXTURE}`, async () => {
  // The one change a test must make (see the header): a host permission for the fixture server.
  fs.writeFileSync(path.join(chromeDir, 'manifest.json'), JSON.stringify({ ...manifest, host_permissions: ['http://127.0.0.1/*'] }));
  const context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1100, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      `--disable-extensions-except=${chromeDir}`,
      `--load-extension=${chromeDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  cleanups.push(() => context.close());
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const loaded = await worker.evaluate(() => chrome.runtime.getManifest().version);
  assert(loaded === version, `Chromium loaded version ${loaded}, Cargo.toml ${version}`);
  const page = await context.newPage();
  await page.goto(`${server.base}/${FIXTURE}`);
  const url = page.url();
  await worker.evaluate(async (u) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
    await globalThis.openReader(tab.id);
  }, url);
  await page.waitForURL(/\/reader\.html\?c=/, { timeout: READER_TIMEOUT });
  await page.waitForFunction(() => document.documentElement.dataset.bsPaintedAt, null, { timeout: READER_TIMEOUT });
  const r = await page.evaluate(() => ({ state: document.documentElement.dataset.bsState, error: document.documentElement.dataset.bsError }));
  checkCleaned(r, await page.locator('#content').innerText());
  await page.screenshot({ path: path.join(OUT, 'package-chrome.png') });
  await context.close();
});

await test(`Firefox .xpi: installs in Firefox ESR and cleans ${FIXTURE}`, async () => {
  const missing = ff.missingFirefoxTools();
  assert(missing.length === 0, `missing ${missing.join('; ')}`);
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const { driver, origin } = await ff.launchFirefox({ addon: xpi, geckoId });
  cleanups.push(() => driver.quit());
  const userAgent = await driver.executeScript(() => navigator.userAgent);
  await driver.get(`${server.base}/${FIXTURE}`);
  const r = await ff.openReader(driver, { geckoId, origin });
  checkCleaned(r, await ff.textOf(driver, '#content'));
  await ff.screenshot(driver, path.join(OUT, 'package-firefox.png'));
  console.log(`     ${path.relative(ROOT, xpi)} in ${userAgent.match(/Firefox\/[\d.]+/)?.[0] ?? userAgent}`);
  await driver.quit();
});

await cleanup();
finish();
