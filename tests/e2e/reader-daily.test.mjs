// The reader as a daily tool (issue #15): print, restoring a removed block, the removed list,
// keyboard order and focus traps, a narrow window, images that fail to load, the header.
// Runs after tests/e2e/extension.test.mjs in scripts/test-extension.sh, in Debian's Chromium,
// with a copy of extension/ that has one added host permission (http://127.0.0.1/*), as there.
//
//   node tests/e2e/reader-daily.test.mjs        (after `make build`)
//
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

const pageErrors = [];

guardRun(5 * 60_000, () => globalThis.cleanupForAbort?.());

// ---------------------------------------------------------------------------------------
// Fixture server, extension (scripts/chromium.mjs launchWithExtension), browser

const server = await serve({ '/': PAGES });
const BASE = server.url;
fs.mkdirSync(OUT, { recursive: true });
const { context, worker, close: closeBrowser } = await launchWithExtension(EXTENSION, { prefix: 'broadsheet-daily-', viewport: WIDE });
await cspViolationsToConsole(context);

async function cleanup() {
  await closeBrowser();
  server.close();
}
globalThis.cleanupForAbort = cleanup;

const page = await context.newPage();
page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error' && m.location().url?.startsWith('chrome-extension://')) pageErrors.push(`${page.url()}: console.error ${m.text()}`);
});

/** Opens `fixture` in the tab and the reader on it (the toolbar click's handler). */
async function openFixture(fixture, viewport = WIDE) {
  await page.setViewportSize(viewport);
  await openReaderOn(page, worker, `${BASE}/${fixture}`, READER_TIMEOUT);
  // render() schedules its focus work after a frame: let it run.
  await page.waitForTimeout(100);
}

/** Opens the removed-blocks dialog and expands every group. */
async function openRemovedDialog() {
  await page.click('#removed-btn');
  await page.locator('#removed-dialog').waitFor({ state: 'visible' });
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('#removed-list details')) d.open = true;
  });
}

/** Tab presses from the current focus; returns a description of each element focused. */
async function tabWalk(n, shift = false) {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    seen.push(
      await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return 'body';
        const dialog = a.closest('dialog');
        if (dialog) return `in:${dialog.id}`;
        if (a.id) return `#${a.id}`;
        if (a.matches('.skip-link')) return 'skip';
        if (a.matches('.key-point')) return 'key-point';
        if (a.closest('.length-choice')) return 'length';
        if (a.closest('#card')) return 'card';
        if (a.closest('#content')) return 'content';
        return a.tagName.toLowerCase();
      }),
    );
  }
  return seen;
}

// ---------------------------------------------------------------------------------------
// 1. Print

await test('print: key points print as text (not empty bullets); the length control does not print', async () => {
  await openFixture('code-table.html');
  assert((await page.textContent('#card-title')) === 'Key points', 'the fixture has key points');
  await page.emulateMedia({ media: 'print' });
  const r = await page.evaluate(() => ({
    points: [...document.querySelectorAll('#card .key-point')].map((b) => ({
      display: getComputedStyle(b).display,
      height: b.getBoundingClientRect().height,
      text: b.textContent,
    })),
    card: document.getElementById('card').innerText,
    lengthShown: [...document.querySelectorAll('#card .length-choice button')].some((b) => getComputedStyle(b).display !== 'none'),
  }));
  await page.screenshot({ path: path.join(OUT, 'daily-print.png') });
  await page.emulateMedia({ media: 'screen' });
  assert(r.points.length >= 3, `key points: ${JSON.stringify(r.points)}`);
  for (const p of r.points) {
    assert(p.display !== 'none' && p.height > 0, `a key point is not printed: ${JSON.stringify(p)}`);
    assert(r.card.includes(p.text.slice(0, 40)), `the printed card lacks "${p.text.slice(0, 40)}"`);
  }
  assert(!r.lengthShown, 'Short / Medium / Long must not print');
});

// ---------------------------------------------------------------------------------------
// 2. Restore from the dialog, in sight

await test('restore from the dialog: the dialog closes, the block is brought into view, highlighted and focused', async () => {
  await openFixture('aggregator.html');
  await page.evaluate(() => window.scrollTo(0, 0));
  await openRemovedDialog();
  const inside = await page.$eval('#content [data-bs-removed]', (d) => Number(d.dataset.bsRemoved));
  await page.click(`#removed-list [data-restore="${inside}"]`);
  const block = page.locator(`#content [data-bs-restored="${inside}"]`);
  await block.waitFor({ state: 'visible' });
  await page.waitForTimeout(700); // a smooth scroll, if any
  const r = await page.evaluate((i) => {
    const b = document.querySelector(`#content [data-bs-restored="${i}"]`);
    const box = b.getBoundingClientRect();
    const bar = document.querySelector('.bar').getBoundingClientRect().bottom;
    return {
      dialogOpen: document.getElementById('removed-dialog').open,
      top: box.top,
      bottom: box.bottom,
      bar,
      height: innerHeight,
      flash: b.classList.contains('bs-flash'),
      focused: b.contains(document.activeElement),
    };
  }, inside);
  await page.screenshot({ path: path.join(OUT, 'daily-restored.png') });
  assert(!r.dialogOpen, 'the dialog must close so the restored block is seen');
  assert(r.top >= r.bar - 1 && r.bottom <= r.height + 1, `the restored block is out of sight: ${JSON.stringify(r)}`);
  assert(r.flash, 'the restored block is briefly highlighted');
  assert(r.focused, 'focus moves to the restored block');
  await page.waitForFunction((i) => !document.querySelector(`[data-bs-restored="${i}"]`).classList.contains('bs-flash'), inside, { timeout: 5000 });
});

// ---------------------------------------------------------------------------------------
// 3. The removed list: grouped by kind, with counts and human labels

await test('removed list: grouped by kind with counts (largest first), rules named for people', async () => {
  await openFixture('aggregator.html');
  const total = await page.evaluate(() => document.querySelectorAll('#content [data-bs-removed]').length);
  await page.click('#removed-btn');
  await page.locator('#removed-dialog').waitFor({ state: 'visible' });
  const r = await page.evaluate(() => ({
    groups: [...document.querySelectorAll('#removed-list .removed-group')].map((g) => ({
      kind: g.dataset.kind,
      count: Number(g.dataset.count),
      heading: g.querySelector('summary').textContent,
      items: g.querySelectorAll('[data-restore]').length,
    })),
    items: document.querySelectorAll('#removed-list [data-restore]').length,
    labels: [...document.querySelectorAll('#removed-list .removed-rule')].map((s) => ({ text: s.textContent, raw: s.title })),
  }));
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('#removed-list details')) d.open = true;
  });
  await page.screenshot({ path: path.join(OUT, 'daily-removed.png') });
  assert(r.groups.length >= 2, `grouped by kind: ${JSON.stringify(r.groups)}`);
  assert(r.groups.length === new Set(r.groups.map((g) => g.kind)).size, 'one group per kind');
  assert(r.groups.every((g) => g.count === g.items && g.heading.includes(String(g.count))), `counts: ${JSON.stringify(r.groups)}`);
  for (let i = 1; i < r.groups.length; i++) assert(r.groups[i - 1].count >= r.groups[i].count, `largest groups first: ${JSON.stringify(r.groups)}`);
  assert(r.items >= total && r.items >= 5, `every removed block listed: ${r.items}`);
  assert(r.labels.every((l) => !/^(heuristic|builtin|user):/.test(l.text) && l.raw), `rule labels: ${JSON.stringify(r.labels)}`);
  const texts = r.labels.map((l) => l.text);
  assert(texts.some((t) => /^rule: .*##/.test(t)), `a built-in rule reads "rule: ##…": ${texts}`);
  assert(texts.some((t) => /text$/.test(t)), `the promo-text heuristic is named by what it found: ${texts}`);
});

await test('removed list: rule labels (card.js ruleLabel)', async () => {
  const r = await page.evaluate(async () => {
    const { ruleLabel } = await import('./card.js');
    return [
      ruleLabel({ kind: 'social', rule: 'heuristic:promo-text' }),
      ruleLabel({ kind: 'promo', rule: 'heuristic:promo-text' }),
      ruleLabel({ kind: 'newsletter', rule: 'heuristic:promo-text' }),
      ruleLabel({ kind: 'related', rule: 'heuristic:related-section' }),
      ruleLabel({ kind: 'social', rule: 'builtin:301 ##.share-bar' }),
      ruleLabel({ kind: 'promo', rule: 'user:2 example.com##.mine' }),
      ruleLabel({ kind: 'other', rule: 'something-new' }),
    ];
  });
  const want = ['share or follow text', 'promo text', 'newsletter sign-up text', 'related links section', 'rule: ##.share-bar', 'your rule (line 2): example.com##.mine', 'something-new'];
  assert(JSON.stringify(r) === JSON.stringify(want), `labels: ${JSON.stringify(r)}`);
});

// ---------------------------------------------------------------------------------------
// 4. Keyboard order and focus traps

await test('keyboard: Tab goes skip link → toolbar → card → article', async () => {
  await openFixture('code-table.html');
  const seen = await tabWalk(16);
  const first = (pred) => seen.findIndex(pred);
  assert(seen[0] === 'skip', `the first Tab reaches the skip link: ${seen}`);
  assert(seen[1] === '#back', `then the toolbar: ${seen}`);
  const lastTool = Math.max(...['#appearance-btn', '#print', '#help-btn'].map((id) => seen.indexOf(id)));
  const kp = first((s) => s === 'key-point');
  const len = first((s) => s === 'length');
  const art = first((s) => s === 'content');
  assert(seen.indexOf('#appearance-btn') > 0 && lastTool > 0, `the toolbar is reached: ${seen}`);
  assert(kp > lastTool, `key points come after the toolbar: ${seen}`);
  assert(len > kp, `Short / Medium / Long after the key points: ${seen}`);
  assert(art === -1 || art > len, `the article after the card: ${seen}`);
});

await test('keyboard: the Appearance panel traps focus; Esc closes it and focus returns to its button', async () => {
  await page.focus('#appearance-btn');
  await page.keyboard.press('Enter');
  await page.locator('#appearance-dialog').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('appearance-dialog').contains(document.activeElement));
  const forward = await tabWalk(20);
  const backward = await tabWalk(20, true);
  assert(forward.every((s) => s === 'in:appearance-dialog'), `Tab left the panel: ${forward}`);
  assert(backward.every((s) => s === 'in:appearance-dialog'), `Shift+Tab left the panel: ${backward}`);
  await page.keyboard.press('Escape');
  await page.locator('#appearance-dialog').waitFor({ state: 'hidden' });
  assert(await page.evaluate(() => document.activeElement?.id === 'appearance-btn'), 'focus is back on the Aa button');
  assert(page.url().includes('reader.html'), 'Esc closed only the panel');
});

await test('keyboard: the removed-blocks and help dialogs trap focus too', async () => {
  await openFixture('aggregator.html'); // blocks were removed there
  for (const [button, dialog] of [['#removed-btn', 'removed-dialog'], ['#help-btn', 'help-dialog']]) {
    await page.focus(button);
    await page.keyboard.press('Enter');
    await page.locator(`#${dialog}`).waitFor({ state: 'visible' });
    const walk = await tabWalk(25);
    assert(walk.every((s) => s === `in:${dialog}`), `Tab left ${dialog}: ${walk}`);
    await page.keyboard.press('Escape');
    await page.locator(`#${dialog}`).waitFor({ state: 'hidden' });
    assert(await page.evaluate((b) => document.activeElement === document.querySelector(b), button), `focus back on ${button}`);
  }
});

// ---------------------------------------------------------------------------------------
// 5. A narrow window

await test('narrow window (390 px): one-row toolbar, secondary actions in a menu that traps focus', async () => {
  await openFixture('aggregator.html', NARROW);
  const bar = await page.evaluate(() => document.querySelector('.bar').getBoundingClientRect().height);
  await page.screenshot({ path: path.join(OUT, 'daily-narrow.png') });
  assert(bar <= 60, `the toolbar is ${bar}px tall at 390px`);
  assert(!(await page.isVisible('#copy-md')), 'Copy Markdown is in the menu at 390px');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await page.click('#more-btn');
  await page.locator('#copy-md').waitFor({ state: 'visible' });
  assert((await page.getAttribute('#more-btn', 'aria-expanded')) === 'true', 'aria-expanded on the menu button');
  const items = await page.evaluate(() =>
    ['copy-md', 'save-html', 'print'].map((id) => {
      const b = document.getElementById(id).getBoundingClientRect();
      return { id, left: b.left, right: b.right, w: b.width };
    }),
  );
  await page.screenshot({ path: path.join(OUT, 'daily-narrow-menu.png') });
  assert(items.every((b) => b.w > 0 && b.left >= 0 && b.right <= NARROW.width), `menu items on screen: ${JSON.stringify(items)}`);
  const walk = await tabWalk(12);
  assert(walk.every((s) => ['#speak', '#remove-btn', '#copy-md', '#save-html', '#print', '#menu-help', '#more-btn'].includes(s)), `Tab stays in the menu: ${walk}`);
  await page.keyboard.press('Escape');
  assert(!(await page.isVisible('#copy-md')), 'Esc closes the menu');
  assert(await page.evaluate(() => document.activeElement?.id === 'more-btn'), 'focus is back on the menu button');
  assert(page.url().includes('reader.html'), 'Esc closed only the menu');
  // An action from the menu closes the menu.
  await page.click('#more-btn');
  await page.evaluate(() => (navigator.clipboard.writeText = async () => {}));
  await page.click('#copy-md');
  assert(!(await page.isVisible('#copy-md')), 'the menu closes after an action');
});

await test('narrow window (390 px): the Appearance panel fits, its values inside its edge', async () => {
  await page.click('#appearance-btn');
  await page.locator('#appearance-dialog').waitFor({ state: 'visible' });
  const r = await page.evaluate(() => {
    const d = document.getElementById('appearance-dialog');
    const box = d.getBoundingClientRect();
    const pad = parseFloat(getComputedStyle(d).paddingRight);
    return {
      dialog: { left: box.left, right: box.right },
      inner: box.right - pad,
      outputs: [...d.querySelectorAll('output')].map((o) => ({ text: o.textContent, right: o.getBoundingClientRect().right, scroll: o.scrollWidth - o.clientWidth })),
      ranges: [...d.querySelectorAll('input[type=range]')].map((i) => i.getBoundingClientRect().width),
      scrollX: d.scrollWidth - d.clientWidth,
    };
  });
  await page.screenshot({ path: path.join(OUT, 'daily-narrow-appearance.png') });
  await page.keyboard.press('Escape');
  assert(r.dialog.left >= 0 && r.dialog.right <= NARROW.width, `the panel is off screen: ${JSON.stringify(r.dialog)}`);
  assert(r.outputs.length === 3 && r.outputs.every((o) => o.right <= r.inner + 0.5), `values overflow the panel: ${JSON.stringify(r)}`);
  assert(r.ranges.every((w) => w >= 80), `sliders usable: ${r.ranges}`);
  assert(r.scrollX <= 0, 'no sideways scroll in the panel');
});

// ---------------------------------------------------------------------------------------
// 6. Images that fail to load; 7. the header

await test('images that fail: no blank lead image, no broken icon in a link, lonely captions go too', async () => {
  await openFixture('broken-images.html');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo(0, 0));
  // The fixture's missing images 404 on the fixture server.
  await page.waitForFunction(() => [...document.querySelectorAll('#content img')].every((i) => i.complete), null, { timeout: 5000 });
  await page.waitForTimeout(100);
  const r = await page.evaluate(() => {
    const visible = (n) => Boolean(n && n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden');
    const meta = document.getElementById('doc-meta').getBoundingClientRect().bottom;
    const card = document.getElementById('card').getBoundingClientRect().top;
    const content = document.getElementById('content');
    const link = content.querySelector('a[href*="gallery"]');
    return {
      leadShown: visible(document.getElementById('lead')),
      gap: card - meta,
      linkShown: visible(link),
      brokenShown: [...content.querySelectorAll('img')].filter((i) => i.complete && i.naturalWidth === 0 && visible(i)).length,
      lonelyCaption: [...content.querySelectorAll('figcaption')].filter((c) => c.textContent.includes('old pier') && visible(c)).length,
      pairCaption: [...content.querySelectorAll('figcaption')].filter((c) => c.textContent.includes('from the shore') && visible(c)).length,
      goodImage: [...content.querySelectorAll('img')].filter((i) => i.naturalWidth > 0 && visible(i)).length,
      tabStops: [...content.querySelectorAll('a[href]')].filter(visible).map((a) => a.textContent.trim()),
    };
  });
  await page.screenshot({ path: path.join(OUT, 'daily-broken-images.png'), fullPage: true });
  assert(!r.leadShown && r.gap < 60, `a failed lead image leaves a gap: ${JSON.stringify(r)}`);
  assert(r.brokenShown === 0, `broken images shown: ${JSON.stringify(r)}`);
  assert(!r.linkShown, `a link whose only content was a failed image stays: ${JSON.stringify(r)}`);
  assert(r.lonelyCaption === 0, 'a caption whose figure held only the failed image is hidden');
  assert(r.pairCaption === 1 && r.goodImage === 1, `a figure with other content keeps its caption and image: ${JSON.stringify(r)}`);
});

await test('header: a date is not shown as the byline; the date appears once', async () => {
  const meta = await page.evaluate(() => ({
    byline: document.querySelector('#doc-meta .byline')?.textContent ?? null,
    text: document.getElementById('doc-meta').textContent,
  }));
  assert(meta.byline === null, `a date shown as the byline: ${JSON.stringify(meta)}`);
  assert((meta.text.match(/2019/g) ?? []).length === 1, `the date once: ${meta.text}`);
});

await test('header: the site-name suffix is cut from the title (the rest stands alone)', async () => {
  const title = await page.textContent('#doc-title');
  assert(title === 'Harbour seals return to the bay after a decade away', `title: ${title}`);
  const r = await page.evaluate(async () => {
    const { displayTitle } = await import('./text.js');
    return [
      displayTitle('Whale strandings worry Māori tribes | Eleanor Ainge Roy', { byline: 'Eleanor Ainge Roy' }),
      displayTitle('The Great Big Lie - John C. Welch - Medium', { byline: 'By John C. Welch', url: 'https://medium.com/p/1' }),
      displayTitle('Halibut and the grocery strategy | The Seattle Times', { url: 'https://www.seattletimes.com/a' }),
      displayTitle('Harbour seals return to the bay | Wildlife', { byline: 'Jane Smith', siteName: 'Gazette' }),
      displayTitle('Seals return | Jane Smith', { byline: 'Jane Smith' }),
    ];
  });
  const want = ['Whale strandings worry Māori tribes', 'The Great Big Lie', 'Halibut and the grocery strategy', 'Harbour seals return to the bay | Wildlife', 'Seals return | Jane Smith'];
  assert(JSON.stringify(r) === JSON.stringify(want), `displayTitle: ${JSON.stringify(r)}`);
});

await test('no uncaught errors or CSP violations in the reader', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

await cleanup();
finish();
