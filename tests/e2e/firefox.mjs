// Helpers shared by the Firefox tests (tests/e2e/firefox.test.mjs, scripts/test-packages.mjs):
// a fixture server on 127.0.0.1, headless Firefox ESR under geckodriver (selenium-webdriver)
// with the extension installed as a temporary add-on, and the toolbar click.
//
// The click is the real one: from chrome context the test asks Firefox's own browserAction
// code to trigger the button (what a user's click does), so the shipped manifest's activeTab
// grant is exercised as is and no host permission has to be added to a copy.
import { Builder, Browser, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../../scripts/static-server.mjs';

// Selenium Manager must never try to download a browser or a driver: we pass both paths.
process.env.SE_OFFLINE = 'true';

export { By };

export const FIREFOX = process.env.FIREFOX || '/usr/lib/firefox-esr/firefox-esr';
export const GECKODRIVER = process.env.GECKODRIVER || findOnPath('geckodriver') || path.join(os.homedir(), '.cargo/bin/geckodriver');
/** The extension origin's UUID, pinned so the reader's URL is known before install. */
export const ADDON_UUID = '0b5e5d1e-b0ad-4d5e-a7e1-5eade7000001';
/** How long to wait for the reader to paint, ms. */
const READER_TIMEOUT = 15_000;

function findOnPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

/** What is missing to run Firefox tests, as messages (empty when all is there). */
export function missingFirefoxTools() {
  const missing = [];
  if (!fs.existsSync(FIREFOX)) missing.push(`${FIREFOX} (apt-get install -y firefox-esr, or set FIREFOX)`);
  if (!fs.existsSync(GECKODRIVER)) missing.push(`geckodriver (cargo install geckodriver, or set GECKODRIVER)`);
  return missing;
}

/** Serves `dir` on 127.0.0.1 at a random port (scripts/static-server.mjs). Resolves to
 * { base, close() }. */
export async function serveFixtures(dir) {
  const server = await serve({ '/': dir });
  return { base: server.url, close: server.close };
}

/**
 * Starts headless Firefox and installs `addon` (a folder or an .xpi) as a temporary add-on.
 * `geckoId` is the manifest's browser_specific_settings.gecko.id; the add-on's pages then live
 * at `origin` (moz-extension://ADDON_UUID).
 */
export async function launchFirefox({ addon, geckoId, width = 1100, height = 900 }) {
  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [geckoId]: ADDON_UUID }))
    // No first-run pages, update checks or telemetry pings from the test profile.
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('app.update.enabled', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false)
    .setPreference('extensions.getAddons.cache.enabled', false)
    .setPreference('browser.newtabpage.enabled', false);
  // --allow-system-access: geckodriver refuses moz-extension:// navigation and chrome
  // context without it (and Firefox refuses it as its own argument).
  const service = new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access');
  const driver = await new Builder().forBrowser(Browser.FIREFOX).setFirefoxOptions(options).setFirefoxService(service).build();
  try {
    await driver.manage().window().setRect({ width, height });
    const installedId = await driver.installAddon(addon, true);
    if (installedId !== geckoId) throw new Error(`installed add-on id ${installedId}, manifest says ${geckoId}`);
  } catch (e) {
    await driver.quit().catch(() => {});
    throw e;
  }
  return { driver, origin: `moz-extension://${ADDON_UUID}` };
}

/** A toolbar click on the add-on's button in the current window, through Firefox's own
 * browserAction code (it grants activeTab, as a click does). */
export async function clickToolbarButton(driver, geckoId) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    await driver.executeScript(
      (id) => {
        /* global ChromeUtils, Services */
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const extension = ExtensionParent.GlobalManager.getExtension(id);
        if (!extension) throw new Error(`add-on ${id} is not running`);
        const win = Services.wm.getMostRecentWindow('navigator:browser');
        ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(win);
      },
      geckoId,
    );
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
}

/** Clicks the button on the current tab and waits until the reader has painted. Returns
 * { state, error, ms } as the reader page records them. */
export async function openReader(driver, { geckoId, origin }) {
  await clickToolbarButton(driver, geckoId);
  const reader = `${origin}/reader.html?c=`;
  await driver.wait(async () => (await driver.getCurrentUrl()).startsWith(reader), READER_TIMEOUT, 'the tab never reached the reader page');
  await driver.wait(
    () => driver.executeScript(() => Boolean(document.documentElement.dataset.bsPaintedAt)),
    READER_TIMEOUT,
    'the reader never painted',
  );
  return driver.executeScript(() => {
    const d = document.documentElement.dataset;
    return { state: d.bsState, error: d.bsError, ms: Number(d.bsPaintedAt) - Number(d.bsClickAt) };
  });
}

/** Visible text of the first element matching `selector` (empty when there is none). */
export function textOf(driver, selector) {
  return driver.executeScript((s) => document.querySelector(s)?.innerText ?? '', selector);
}

/** Waits until the tab shows `url` and the document has parsed. */
export async function waitForUrl(driver, url, message = `the tab never returned to ${url}`) {
  await driver.wait(async () => (await driver.getCurrentUrl()) === url, READER_TIMEOUT, message);
  await driver.wait(() => driver.executeScript(() => document.readyState !== 'loading'), READER_TIMEOUT);
}

/** A PNG of the viewport into `file`. */
export async function screenshot(driver, file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'));
}
