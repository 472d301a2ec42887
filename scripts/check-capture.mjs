// Does the capture's trimming (extension/background.js capturePage: script and style text
// left out, JSON-LD kept) change what the core makes of a page? Loads each page of a corpus in
// headless Chromium (its own scripts run; requests that would leave 127.0.0.1 are aborted),
// takes the live DOM both ways (the full outerHTML, and capturePage() itself, injected as the
// extension injects it) and compares the core's Article for the two, as JSON, to the byte.
//
//   node scripts/check-capture.mjs [CORPUS_DIR ...]     (default ../shared/corpus/readability)
//   BS_CHECK_LIMIT=N takes the first N pages of each folder.
//
// Needs pkg/ (`make build`). Exits non-zero if any page differs. Prints how much of the HTML
// the capture keeps.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { initSync, clean } = await import(path.join(ROOT, 'pkg/broadsheet.js'));
initSync({ module: fs.readFileSync(path.join(ROOT, 'pkg/broadsheet_bg.wasm')) });

// capturePage() exactly as the extension injects it (a function with no outside references).
const bg = fs.readFileSync(path.join(ROOT, 'extension/background.js'), 'utf8');
const start = bg.indexOf('function capturePage(');
const source = bg.slice(start, bg.indexOf('\n}\n', start) + 2);
if (start < 0 || !source.includes('outerHTML')) throw new Error('capturePage() not found in extension/background.js');

const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(ROOT, '../shared/corpus/readability')];
const limit = Number(process.env.BS_CHECK_LIMIT || Infinity);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
let same = 0;
let differ = 0;
let full = 0;
let kept = 0;
for (const dir of dirs.map((d) => path.resolve(d))) {
  const server = await serve({ '/': dir });
  const cases = fs
    .readdirSync(dir)
    .filter((c) => fs.existsSync(path.join(dir, c, 'source.html')))
    .sort()
    .slice(0, limit);
  const page = await browser.newPage();
  await page.route((u) => !u.href.startsWith(server.url), (r) => r.abort());
  for (const c of cases) {
    try {
      await page.goto(`${server.url}/${c}/source.html`, { waitUntil: 'load', timeout: 20_000 });
    } catch {
      // a page that never fires load: take it as it stands
    }
    const r = await page.evaluate(`(() => { ${source}; return { full: document.documentElement.outerHTML, capture: capturePage(1e9) }; })()`).catch((e) => ({ error: String(e) }));
    if (r.error) {
      console.log(`skip ${c}: ${r.error.split('\n')[0]}`);
      continue;
    }
    const opts = { url: r.capture.url, selectorHints: true };
    const run = (html) => {
      try {
        return JSON.stringify(clean(html, opts));
      } catch (e) {
        return `error: ${e.message}`;
      }
    };
    full += r.full.length;
    kept += r.capture.html.length;
    const a = run(r.full);
    const b = run(r.capture.html);
    if (a === b) same++;
    else {
      differ++;
      let i = 0;
      while (a[i] === b[i]) i++;
      console.log(`DIFFERS ${path.basename(dir)}/${c}:\n  full:    …${a.slice(Math.max(0, i - 80), i + 80)}\n  capture: …${b.slice(Math.max(0, i - 80), i + 80)}`);
    }
  }
  await page.close();
  server.close();
}
await browser.close();
console.log(`${same} pages the same, ${differ} differ; the capture keeps ${((100 * kept) / full).toFixed(1)} % of the HTML`);
process.exit(differ ? 1 : 0);
