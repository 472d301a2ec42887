// In-browser benchmark: our wasm clean() against Readability.js and dom_smoothie compiled to
// wasm, in one headless Chromium page, over a corpus of `<page>/source.html` folders.
//
//   node scripts/bench-browser.mjs [CORPUS_DIR] [--rounds N] [--limit N] [--json FILE] [--pkg DIR]
//        [--peer DIR]
//   (make bench-browser; CORPUS_DIR defaults to ../shared/corpus/readability)
//
// Every engine gets the page as a JS string already in memory. Ours: clean(html, {url}), the
// whole pipeline to the Article object (what the reader shows). Readability: DOMParser
// .parseFromString + parse(), as a page or extension runs it. dom_smoothie (a DOM-based Rust
// port of Readability, benches/peer-wasm, built by scripts/build-peer-wasm.sh into --peer,
// default target/peer-wasm/pkg; skipped when missing): the string to its article's text. The
// same module holds the lol_html floor: the page through a UTF-8-only lol_html rewriter whose
// handlers on every element, end tag and text only count (what any extractor on lol_html
// spends before it does anything), printed as each engine's ratio to it.
// Every page first goes through each engine untimed (warm-up); then each round alternates the
// engines page by page (and which goes first rotates), and a page's time is the median of its
// rounds. Prints median and p90 ms per engine and the page-by-page ratios (their ms / ours
// ms). The package is pkg/ of `make build` unless --pkg names another build of it (to compare
// profiles or wasm-opt levels).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { launchChromium, CHROMIUM } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// --- Tunables ----------------------------------------------------------------------------------
const DEFAULT_CORPUS = '../shared/corpus/readability';
const DEFAULT_ROUNDS = 5;
const TIMEOUT_MS = 10 * 60 * 1000;

function parseArgs(argv) {
  const args = { corpus: DEFAULT_CORPUS, rounds: DEFAULT_ROUNDS, limit: Infinity, json: null, pkg: 'pkg', peer: 'target/peer-wasm/pkg' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--rounds') args.rounds = Math.max(1, parseInt(value(), 10));
    else if (a === '--limit') args.limit = Math.max(1, parseInt(value(), 10));
    else if (a === '--json') args.json = value();
    else if (a === '--pkg') args.pkg = value();
    else if (a === '--peer') args.peer = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.corpus = a;
  }
  return args;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => x.toFixed(2).padStart(8);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const corpus = path.resolve(root, args.corpus);
  const pkg = path.resolve(root, args.pkg);
  if (!fs.existsSync(path.join(pkg, 'broadsheet_bg.wasm'))) {
    throw new Error(`${args.pkg}/broadsheet_bg.wasm is missing: run \`make build\` first`);
  }
  const peer = path.resolve(root, args.peer);
  const hasPeer = fs.existsSync(path.join(peer, 'dom_smoothie_wasm_bg.wasm'));
  if (!hasPeer) console.log(`bench-browser: no dom_smoothie build in ${args.peer} (scripts/build-peer-wasm.sh): skipped`);
  const cases = fs.readdirSync(corpus)
    .filter((n) => fs.existsSync(path.join(corpus, n, 'source.html')))
    .sort()
    .slice(0, args.limit);
  if (!cases.length) throw new Error(`no <page>/source.html folders in ${corpus}`);

  const server = await serve({
    '/bench/': path.join(root, 'scripts'),
    '/pkg/': pkg,
    '/readability/': path.join(root, 'node_modules/@mozilla/readability'),
    '/corpus/': corpus,
    ...(hasPeer ? { '/peer/': peer } : {}),
  }, {
    // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs resolution.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/bench/bench-page.html`);
    await page.waitForFunction(() => window.benchReady === true || document.title === 'failed', null, { timeout: 30000 })
      .catch(() => { throw new Error(`the bench page did not load: ${errors.join('; ')}`); });
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    if (hasPeer && !(await page.evaluate(() => window.benchHasPeer))) {
      throw new Error(`dom_smoothie's module in ${args.peer} did not load: ${errors.join('; ')}`);
    }
    const version = await browser.version();

    const t0 = Date.now();
    const results = await page.evaluate(([c, r]) => window.bench(c, r), [cases, args.rounds]);
    const wall = (Date.now() - t0) / 1000;

    const ours = results.map((r) => r.ours);
    const theirs = results.map((r) => r.readability);
    const ratios = results.map((r) => r.readability / Math.max(r.ours, 0.001));
    const peerRatios = hasPeer ? results.map((r) => r.peer / Math.max(r.ours, 0.001)) : [];
    const bytes = results.reduce((s, r) => s + r.bytes, 0);
    const sum = (xs) => xs.reduce((s, x) => s + x, 0);
    const faster = ratios.filter((x) => x > 1).length;

    console.log(`bench-browser: ${results.length} pages from ${path.relative(root, corpus) || corpus}, ` +
      `${(bytes / 1e6).toFixed(1)} MB; ${args.rounds} timed rounds after 1 warm-up; ${wall.toFixed(0)} s; ` +
      `package ${path.relative(root, pkg) || pkg} (${(fs.statSync(path.join(pkg, 'broadsheet_bg.wasm')).size / 1000).toFixed(0)} kB wasm)`);
    console.log(`bench-browser: Chromium ${version} (${CHROMIUM}), ${os.cpus().length} cores ` +
      `${os.cpus()[0]?.model ?? ''}, crossOriginIsolated=${isolated}`);
    console.log('');
    console.log('                       median      p90     mean  total MB/s  no result');
    const rows = [['broadsheet (wasm)', ours, 'oursOk'], ['Readability.js', theirs, 'readabilityOk']];
    if (hasPeer) rows.push(['dom_smoothie (wasm)', results.map((r) => r.peer), 'peerOk']);
    const hasFloor = results.every((r) => r.floor !== null);
    if (hasFloor) rows.push(['lol_html floor', results.map((r) => r.floor), 'floorOk']);
    for (const [name, xs, okKey] of rows) {
      const mbps = bytes / 1e6 / (sum(xs) / 1e3);
      const none = results.filter((r) => !r[okKey]).length;
      console.log(`${name.padEnd(20)} ${fmt(quantile(xs, 0.5))} ${fmt(quantile(xs, 0.9))} ${fmt(sum(xs) / xs.length)}` +
        `  ${mbps.toFixed(1).padStart(10)}  ${String(none).padStart(9)}   (ms per page)`);
    }
    console.log('');
    console.log(`ratio Readability/ours per page: median ${quantile(ratios, 0.5).toFixed(2)}x, ` +
      `p10 ${quantile(ratios, 0.1).toFixed(2)}x, p90 ${quantile(ratios, 0.9).toFixed(2)}x; ` +
      `ours faster on ${faster} of ${ratios.length} pages`);
    if (hasPeer) {
      console.log(`ratio dom_smoothie/ours per page: median ${quantile(peerRatios, 0.5).toFixed(2)}x, ` +
        `p10 ${quantile(peerRatios, 0.1).toFixed(2)}x, p90 ${quantile(peerRatios, 0.9).toFixed(2)}x; ` +
        `ours faster on ${peerRatios.filter((x) => x > 1).length} of ${peerRatios.length} pages`);
    }
    if (hasFloor) {
      // How much of each engine's time a parser alone costs: the headroom of a streaming design.
      for (const [name, key] of [['ours', 'ours'], ['dom_smoothie', 'peer'], ['Readability.js', 'readability']]) {
        if (key === 'peer' && !hasPeer) continue;
        const xs = results.map((r) => r[key] / Math.max(r.floor, 0.001));
        console.log(`ratio ${name}/lol_html floor per page: median ${quantile(xs, 0.5).toFixed(2)}x, ` +
          `p10 ${quantile(xs, 0.1).toFixed(2)}x, p90 ${quantile(xs, 0.9).toFixed(2)}x`);
      }
    }
    const slowest = [...results].sort((a, b) => a.readability / a.ours - b.readability / b.ours).slice(0, 3);
    console.log(`relatively slowest for us: ${slowest.map((r) =>
      `${r.name} (${r.ours.toFixed(2)} vs ${r.readability.toFixed(2)} ms, ${(r.bytes / 1000).toFixed(0)} kB)`).join(', ')}`);
    if (args.json) {
      fs.writeFileSync(args.json, JSON.stringify({ chromium: version, rounds: args.rounds, results }, null, 2));
      console.log(`bench-browser: per-page results in ${args.json}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(`bench-browser: ${e.message}`);
  process.exit(1);
});
