// Debian's Chromium under playwright-core, as the tests and the browser benchmark launch it.
// playwright-core downloads no browser: executablePath points at the system one.
// `headless: false` + `--headless=new`: Chromium's own new headless mode (no X server here).

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: false,
    args: [...LAUNCH_ARGS, ...extraArgs],
  });
}

/**
 * Debian's Chromium with one unpacked extension loaded, as the extension tests run it.
 *
 * The extension is copied to a fresh temporary folder with one host permission added
 * (http://127.0.0.1/*, the fixture server): the shipped manifest has none, relying on the
 * activeTab grant of a toolbar click, which cannot be automated. Resolves to the browser
 * context, the extension's service worker and id, the copy's folder and the temporary folder
 * (which `close()` removes with the profile in it).
 *
 * @param {string} dir the extension folder (with its pkg/)
 * @param {{prefix?: string, viewport?: {width: number, height: number}, acceptDownloads?: boolean}} [options]
 */
export async function launchWithExtension(dir, { prefix = 'broadsheet-ext-', viewport, acceptDownloads = false } = {}) {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const extCopy = path.join(tmp, 'extension');
  fs.cpSync(dir, extCopy, { recursive: true });
  fs.writeFileSync(
    path.join(extCopy, 'manifest.json'),
    JSON.stringify({ ...manifest, host_permissions: ['http://127.0.0.1/*'] }, null, 2),
  );
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: false,
    ...(viewport ? { viewport } : {}),
    acceptDownloads,
    args: [...LAUNCH_ARGS, `--disable-extensions-except=${extCopy}`, `--load-extension=${extCopy}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { context, worker, extensionId, extCopy, tmp, manifest, close };
}

/**
 * Every Content-Security-Policy violation in an extension page of `context` becomes a console
 * error, which a test's console listener then counts as a page error.
 */
export function cspViolationsToConsole(context) {
  return context.addInitScript(() => {
    if (location.protocol !== 'chrome-extension:') return;
    addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
}

/**
 * The toolbar click on `url` without the toolbar: opens `url` in `page`, calls the service
 * worker's `openReader(tabId)` (what the click's handler calls) and waits for the reader to be
 * painted and ready. Throws otherwise.
 */
export async function openReaderOn(page, worker, url, timeout) {
  await page.goto(url);
  const at = page.url();
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, at);
  if (tabId === null) throw new Error(`no tab for ${at}`);
  await worker.evaluate((id) => globalThis.openReader(id), tabId);
  await page.waitForURL(/\/reader\.html\?c=/, { timeout });
  await page.waitForFunction(() => document.documentElement.dataset.bsPaintedAt, null, { timeout });
  const state = await page.evaluate(() => document.documentElement.dataset.bsState);
  if (state !== 'ready') throw new Error(`reader state ${state}`);
}
