// "Remove this" (issue #15) and its details 8 and 9, in Debian's Chromium: remove mode in the
// reader (click, keyboard, Undo), "Remember for <site>" writing a rule into the user's rules,
// that rule applied on the next open (the block gone, listed as removed, restorable), the
// options page listing the rule under its site and deleting it; "Don't load images until I
// ask" making no image request; the footer's honest wording; no console warning or error on a
// normal open. Runs after reader-daily.test.mjs in scripts/test-extension.sh, with a copy of
// extension/ that has one added host permission (http://127.0.0.1/*), as there.
//
//   node tests/e2e/remove-this.test.mjs        (after `make build`)
//
// Screenshots go to tests/e2e/out/ (remove-*.png); the documentation's (docs/screenshots/)
// are the ones named docs-*.png there.
// Ends with "N passed, M failed"; exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { results, test, assert, finish, guardRun } from './runner.mjs';
import { serve } from '../../scripts/static-server.mjs';
import { launchWithExtension, cspViolationsToConsole, openReaderOn } from '../../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION = path.join(ROOT, 'extension');
const PAGES = path.join(ROOT, 'tests/e2e/pages');
const OUT = path.join(ROOT, 'tests/e2e/out');
const READER_TIMEOUT = 15_000;
const WIDE = { width: 1100, height: 900 };
const NARROW = { width: 390, height: 844 };

/** leaky.html's blocks: one with stable classes, one with none. */
const SIGNUP = 'Get the Coastal Letter every morning';
const SIGNUP_HINT = '.story-text.inline-signup';
const LISTEN = 'Hear this story read aloud in the Coast Courier app';
const PROSE = 'For ninety years the keepers of the lighthouse';

const pageErrors = [];

guardRun(5 * 60_000, () => globalThis.cleanupForAbort?.());

const server = await serve({ '/': PAGES });
const BASE = server.url;
const SITE = new URL(BASE).hostname; // 127.0.0.1
const RULE = `${SITE}##${SIGNUP_HINT}`;
fs.mkdirSync(OUT, { recursive: true });
const { context, worker, extensionId, close: closeBrowser } = await launchWithExtension(EXTENSION, { prefix: 'broadsheet-remove-', viewport: WIDE });
await cspViolationsToConsole(context);

async function cleanup() {
  await closeBrowser();
  server.close();
}
globalThis.cleanupForAbort = cleanup;

/** Every console message of an extension page, by type (issue 15 detail 9 reads them all). */
const consoleLog = [];
const page = await context.newPage();
page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
page.on('console', (m) => {
  consoleLog.push({ type: m.type(), text: m.text(), url: page.url() });
  if (m.type() === 'error' && m.location().url?.startsWith('chrome-extension://')) pageErrors.push(`${page.url()}: console.error ${m.text()}`);
});

async function openFixture(fixture, viewport = WIDE) {
  await page.setViewportSize(viewport);
  await openReaderOn(page, worker, `${BASE}/${fixture}`, READER_TIMEOUT);
  await page.waitForTimeout(100);
}

const contentText = () => page.locator('#content').innerText();
const storedRules = () => worker.evaluate(async () => (await chrome.storage.sync.get('rules')).rules ?? '');
const setStored = (items) => worker.evaluate((i) => chrome.storage.sync.set(i), items);
/** The block of the reader whose text starts with `text` (a locator). */
const block = (text) => page.locator('#content [tabindex="0"]', { hasText: text }).last();

// ---------------------------------------------------------------------------------------

await test('remove mode: a click removes a block at once, Undo puts it back where it stood', async () => {
  await setStored({ rules: '' });
  await openFixture('leaky.html');
  assert((await contentText()).includes(SIGNUP), 'the fixture leaks its sign-up block into the article');
  // The innermost hinted element holding the text (its article and body wrappers hold it too).
  const hint = await page.evaluate((t) => [...document.querySelectorAll('#content [data-bs-sel]')].filter((n) => n.textContent.includes(t)).pop()?.dataset.bsSel, SIGNUP);
  assert(hint === SIGNUP_HINT, `the block's selector hint: ${hint}`);
  await page.click('#remove-btn');
  assert(await page.evaluate(() => 'bsRemoving' in document.documentElement.dataset), 'remove mode is on');
  assert((await page.getAttribute('#remove-btn', 'aria-pressed')) === 'true', 'the button says so');
  const target = block(SIGNUP);
  await target.hover();
  assert(await target.evaluate((n) => n.hasAttribute('data-bs-target')), 'the block under the pointer is outlined');
  await target.click();
  assert(!(await contentText()).includes(SIGNUP), 'the block is gone from the reader');
  assert((await contentText()).includes(PROSE), 'the rest stays');
  const bar = await page.locator('#remove-bar').innerText();
  assert(/Removed “Get the Coastal Letter/.test(bar), `the bar says what was removed: ${bar}`);
  assert(await page.locator('#remove-bar [data-remove="remember"]').isVisible(), 'Remember is offered');
  assert((await page.textContent('#remove-bar [data-remove="remember"]')).includes(`Remember for ${SITE}`), 'named for the site');
  await page.screenshot({ path: path.join(OUT, 'remove-removed.png') });
  await page.click('#remove-bar [data-remove="undo"]');
  const back = await page.evaluate((t) => {
    const blocks = [...document.querySelectorAll('#content p')].map((n) => n.textContent.trim());
    const at = blocks.findIndex((b) => b.startsWith(t));
    return { at, before: blocks[at - 1]?.slice(0, 30), after: blocks[at + 1]?.slice(0, 30) };
  }, SIGNUP);
  assert(back.at > 0, 'Undo puts the block back');
  assert(back.before.startsWith('Volunteers are now') && back.after.startsWith('The log also records'), `where it stood: ${JSON.stringify(back)}`);
  assert((await storedRules()) === '', 'nothing was remembered');
  await page.keyboard.press('Escape');
  assert(!(await page.evaluate(() => 'bsRemoving' in document.documentElement.dataset)), 'Esc leaves remove mode');
  assert(page.url().includes('/reader.html'), 'Esc in remove mode does not leave the reader');
  assert((await page.locator('#content [tabindex="0"]').count()) === 0, 'blocks are not Tab stops outside remove mode');
  assert(await page.locator('#remove-bar').isHidden(), 'the bar goes with the mode');
});

await test('keyboard: D starts remove mode, Tab reaches a block, Delete removes it; a block with no stable name is removed for now only', async () => {
  await openFixture('leaky.html');
  await page.keyboard.press('d');
  const first = await page.evaluate(() => document.activeElement?.closest('#content') !== null && document.activeElement.getAttribute('tabindex'));
  assert(first === '0', `focus starts on the first block: ${first}`);
  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    found = await page.evaluate((t) => document.activeElement?.textContent.trim().startsWith(t), LISTEN);
    if (!found) await page.keyboard.press('Tab');
  }
  assert(found, 'Tab reaches the unclassed paragraph');
  assert(await page.evaluate(() => document.activeElement.hasAttribute('data-bs-target')), 'the focused block is outlined');
  const hint = await page.evaluate(() => document.activeElement.dataset.bsSel ?? null);
  assert(hint === null, `a block without id or class has no hint: ${hint}`);
  await page.keyboard.press('Delete');
  assert(!(await contentText()).includes(LISTEN), 'Delete removed it');
  const bar = await page.locator('#remove-bar').innerText();
  assert(/cannot be remembered/.test(bar), `the bar says it cannot be remembered: ${bar}`);
  assert(await page.locator('#remove-bar [data-remove="remember"]').isHidden(), 'no Remember for it');
  assert(await page.evaluate(() => document.activeElement?.closest('#content') !== null), 'focus moves on to the next block');
  await page.keyboard.press('Enter'); // Enter removes too: the next block
  const after = await contentText();
  assert(!after.includes('The transcription is due to be finished'), 'Enter removed the focused block');
  await page.keyboard.press('Escape');
  assert(!(await page.evaluate(() => 'bsRemoving' in document.documentElement.dataset)), 'Esc leaves');
  assert(!(await contentText()).includes(LISTEN), 'removals stay after leaving the mode');
});

await test('narrow window (390 px): Remove… is in the ⋯ menu, and the bar fits the screen', async () => {
  await openFixture('leaky.html', NARROW);
  await page.click('#more-btn');
  await page.click('#remove-btn');
  assert(!(await page.isVisible('#copy-md')), 'the menu closed');
  await block(SIGNUP).scrollIntoViewIfNeeded();
  await page.evaluate((t) => [...document.querySelectorAll('#content [tabindex="0"]')].filter((n) => n.textContent.includes(t)).pop().scrollIntoView({ block: 'center' }), SIGNUP);
  await block(SIGNUP).click();
  const r = await page.evaluate(() => {
    const b = document.getElementById('remove-bar').getBoundingClientRect();
    const buttons = [...document.querySelectorAll('#remove-bar button:not([hidden])')].map((x) => x.getBoundingClientRect());
    return { left: b.left, right: b.right, bottom: b.bottom, height: innerHeight, buttons: buttons.map((x) => [x.left, x.right]) };
  });
  await page.screenshot({ path: path.join(OUT, 'remove-narrow.png') });
  assert(r.left >= 0 && r.right <= NARROW.width && r.bottom <= r.height, `the bar is on screen: ${JSON.stringify(r)}`);
  assert(r.buttons.length === 3 && r.buttons.every(([l, rt]) => l >= 0 && rt <= NARROW.width), `Undo, Remember, Done on screen: ${JSON.stringify(r.buttons)}`);
  assert(!(await contentText()).includes(SIGNUP), 'removed');
  await page.keyboard.press('Escape');
});

await test('remember: the rule goes into your rules for the site; the next open drops the block, lists it, and can restore it', async () => {
  await openFixture('leaky.html');
  await page.click('#remove-btn');
  await block(SIGNUP).click();
  await page.click('#remove-bar [data-remove="remember"]');
  await page.waitForFunction(() => /Remembered/.test(document.getElementById('remove-bar').textContent), null, { timeout: 5000 });
  const bar = await page.locator('#remove-bar').innerText();
  assert(bar.includes(RULE), `the bar names the rule: ${bar}`);
  await page.screenshot({ path: path.join(OUT, 'remove-remembered.png') });
  const rules = await storedRules();
  assert(rules.split('\n').includes(RULE), `stored rules: ${JSON.stringify(rules)}`);
  assert(/^! reader: Get the Coastal Letter/m.test(rules), `a note above the rule names the block: ${JSON.stringify(rules)}`);
  await page.keyboard.press('Escape');

  await openFixture('leaky.html');
  const text = await contentText();
  assert(!text.includes(SIGNUP), 'the next open drops the block');
  assert(text.includes(PROSE), 'and keeps the article');
  const removed = await page.textContent('#removed-btn');
  assert(/removed/.test(removed), `the removed button is shown: ${removed}`);
  await page.click('#removed-btn');
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('#removed-list details')) d.open = true;
  });
  const item = page.locator('#removed-list .removed-item', { hasText: 'Get the Coastal Letter' });
  assert((await item.count()) === 1, 'the block is listed as removed');
  const tooltip = await item.locator('.removed-rule').getAttribute('title');
  assert(tooltip.includes(RULE) && tooltip.startsWith('user:'), `listed with your rule: ${tooltip}`);
  await item.locator('button').click();
  await page.locator('#content .bs-restored', { hasText: 'Get the Coastal Letter' }).waitFor({ state: 'visible' });
});

await test('Undo after Remember takes the rule out again', async () => {
  await setStored({ rules: '' });
  await openFixture('leaky.html');
  await page.click('#remove-btn');
  await block(SIGNUP).click();
  await page.click('#remove-bar [data-remove="remember"]');
  await page.waitForFunction(() => /Remembered/.test(document.getElementById('remove-bar').textContent), null, { timeout: 5000 });
  assert((await storedRules()).includes(RULE), 'remembered');
  await page.click('#remove-bar [data-remove="undo"]');
  await page.waitForFunction(() => /forgotten/.test(document.getElementById('remove-bar').textContent), null, { timeout: 5000 });
  assert((await contentText()).includes(SIGNUP), 'the block is back');
  const rules = await storedRules();
  assert(!rules.includes(RULE) && !rules.includes('! reader:'), `the rule and its note are gone: ${JSON.stringify(rules)}`);
  await page.keyboard.press('Escape');
});

await test('options: rules listed per site; Delete takes the rule out of the text and storage, and the block comes back', async () => {
  await setStored({ rules: `##.newsletter-box\n! reader: Get the Coastal Letter every morning\n${RULE}\nexample.com##.promo\n` });
  await page.setViewportSize(WIDE);
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.waitForFunction(() => document.getElementById('rules').dataset.ready === '1');
  const groups = await page.evaluate(() =>
    [...document.querySelectorAll('#rule-sites .rule-site')].map((s) => ({ site: s.dataset.site, rules: [...s.querySelectorAll('li')].map((l) => l.dataset.rule), text: s.innerText })),
  );
  assert(
    JSON.stringify(groups.map((g) => [g.site, g.rules])) ===
      JSON.stringify([
        [SITE, [RULE]],
        ['example.com', ['example.com##.promo']],
        ['', ['##.newsletter-box']],
      ]),
    `grouped by site, every-site rules last: ${JSON.stringify(groups)}`,
  );
  assert(groups[0].text.includes('Get the Coastal Letter'), `the note shows: ${groups[0].text}`);
  await page.screenshot({ path: path.join(OUT, 'remove-options.png'), fullPage: true });
  await page.click(`#rule-sites li[data-rule="${RULE}"] .rule-delete`);
  const value = await page.inputValue('#rules');
  assert(!value.includes(RULE) && !value.includes('! reader:'), `the text lost the rule and its note: ${JSON.stringify(value)}`);
  assert(value.includes('example.com##.promo') && value.includes('##.newsletter-box'), 'the other rules stay');
  await page.waitForFunction(async () => !((await chrome.storage.sync.get('rules')).rules ?? '').includes('inline-signup'), null, { timeout: 5000 });
  assert((await page.locator('#rule-sites .rule-site').count()) === 2, 'its site group is gone');
  // Typing keeps the list in step with the text.
  await page.fill('#rules', `${value.trimEnd()}\nnews.example##.sticky-promo\n`);
  await page.waitForFunction(() => document.querySelector('#rule-sites [data-site="news.example"]'), null, { timeout: 2000 });

  await openFixture('leaky.html');
  assert((await contentText()).includes(SIGNUP), 'with the rule deleted the block is back');
  await setStored({ rules: '' });
});

await test('options: a rule remembered in a reader tab shows up in an open options page', async () => {
  await setStored({ rules: '' });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.waitForFunction(() => document.getElementById('rules').dataset.ready === '1');
  await openFixture('leaky.html');
  await page.click('#remove-btn');
  await block(SIGNUP).click();
  await page.click('#remove-bar [data-remove="remember"]');
  await options.waitForFunction((r) => document.querySelector(`#rule-sites li[data-rule="${r}"]`), RULE, { timeout: 5000 });
  assert((await options.inputValue('#rules')).includes(RULE), 'and in its text');
  await options.close();
  await page.keyboard.press('Escape');
  await setStored({ rules: '' });
});

// ---------------------------------------------------------------------------------------
// Detail 8: honest wording, images on request

await test('footer and options say that images load from the site; "Don’t load images until I ask" requests none until asked', async () => {
  await openFixture('leaky.html');
  const foot = await page.textContent('#engine');
  assert(!/Nothing was sent anywhere/.test(foot), `the old claim is gone: ${foot}`);
  assert(/images load from the site/.test(foot) && /cookies/.test(foot), `the footer says images load from the site: ${foot}`);
  assert((await page.locator('#content img[src]').count()) > 0, 'by default images load');

  const prefs = await worker.evaluate(async () => (await chrome.storage.sync.get('prefs')).prefs ?? {});
  await setStored({ prefs: { ...prefs, images: 'ask' } });
  await openFixture('leaky.html');
  const r = await page.evaluate(() => ({
    withSrc: document.querySelectorAll('#content img[src], #content img[srcset], #content source[srcset]').length,
    held: document.querySelectorAll('#content img[data-bs-src]').length,
    asks: [...document.querySelectorAll('#content .bs-image-ask')].map((b) => b.textContent),
    fetched: performance.getEntriesByType('resource').filter((e) => e.name.includes('photo.svg')).length,
    loadAll: !document.getElementById('load-images').hidden,
    foot: document.getElementById('engine').textContent,
  }));
  assert(r.withSrc === 0 && r.held === 1, `no image has a source: ${JSON.stringify(r)}`);
  assert(r.fetched === 0, `no image was requested: ${JSON.stringify(r)}`);
  assert(r.asks.length === 1 && r.asks[0].includes('The lighthouse at dusk'), `a Load image button names it: ${JSON.stringify(r.asks)}`);
  assert(r.loadAll, 'the Load images action is offered');
  assert(/not loaded until you ask/.test(r.foot), `the footer says so: ${r.foot}`);
  await page.screenshot({ path: path.join(OUT, 'remove-images-held.png') });
  await page.click('#content .bs-image-ask');
  await page.waitForFunction(() => {
    const img = document.querySelector('#content figure img');
    return img?.getAttribute('src') && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 5000 });
  assert((await page.locator('#content .bs-image-ask').count()) === 0, 'the button makes way for the image');
  await setStored({ prefs: { ...prefs, images: 'show' } });

  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const privacy = await page.textContent('#images-privacy');
  assert(/images/.test(privacy) && /cookies/.test(privacy), `the options page says so too: ${privacy}`);
  assert((await page.locator('#defaults-form input[value="ask"]').count()) === 1, 'and offers the setting');
});

// ---------------------------------------------------------------------------------------
// Detail 9: a normal open logs nothing

await test('console: a normal open logs no warning and no error (whatever the browser’s Summarizer says)', async () => {
  consoleLog.length = 0;
  await openFixture('aggregator.html');
  await page.waitForTimeout(1500); // the card's idle-time Summarizer check has run
  await openFixture('leaky.html');
  await page.waitForTimeout(1500);
  const noisy = consoleLog.filter((m) => m.type === 'warning' || m.type === 'error');
  assert(noisy.length === 0, `console: ${JSON.stringify(noisy)}`);
});

// ---------------------------------------------------------------------------------------
// The documentation's screenshots

await test('screenshots for docs/screenshots: light, dark, narrow, the remove-this flow', async () => {
  const prefs = await worker.evaluate(async () => (await chrome.storage.sync.get('prefs')).prefs ?? {});
  for (const theme of ['light', 'dark']) {
    await setStored({ prefs: { ...prefs, theme } });
    await openFixture('aggregator.html', { width: 1100, height: 1400 });
    await page.screenshot({ path: path.join(OUT, `docs-reader-${theme}.png`) });
  }
  await setStored({ prefs: { ...prefs, theme: 'light' } });
  await openFixture('aggregator.html', NARROW);
  await page.screenshot({ path: path.join(OUT, 'docs-reader-narrow.png') });
  await openFixture('leaky.html');
  await page.click('#remove-btn');
  await block(SIGNUP).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 120));
  await block(LISTEN).hover();
  await block(SIGNUP).click();
  await block(LISTEN).hover();
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(OUT, 'docs-reader-remove.png') });
  await page.keyboard.press('Escape');
  await setStored({ prefs, rules: '' });
});

await test('no page errors', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

await cleanup();
finish();
