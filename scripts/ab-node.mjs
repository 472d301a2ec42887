// A/B of two builds of our wasm package in node's V8 (no browser): which of two packages
// cleans the corpus faster, page by page. Quicker than the browser bench for a change that
// only moves our own time, and the packages are alternated page by page (the order rotating)
// in one process, so the machine's load falls on both alike. An A/A run (one package twice)
// on this VM gives a median ratio within ±1 %.
//
//   node scripts/ab-node.mjs PKG_A PKG_B [ROUNDS]
//   BS_CORPUS: the corpus (default ../shared/corpus/readability); MAXLEN: only pages with at
//   most this many characters (the small pages, where the fixed cost per call shows).
//
// Prints the median (p10, p90) of A's time / B's time per page, each page's time being the
// median of its rounds, and the totals. Figures, never assertions.
import fs from 'node:fs';
import path from 'node:path';

const [A, B] = process.argv.slice(2, 4).map(d => path.resolve(d ?? ''));
if (!process.argv[3]) {
  console.error('usage: node scripts/ab-node.mjs PKG_A PKG_B [ROUNDS]');
  process.exit(2);
}
const rounds = +(process.argv[4] || 7);
const corpus = process.env.BS_CORPUS || '../shared/corpus/readability';
const maxLen = +(process.env.MAXLEN || Infinity);

async function load(dir) {
  const mod = await import(path.join(dir, 'broadsheet.js'));
  await mod.default({ module_or_path: fs.readFileSync(path.join(dir, 'broadsheet_bg.wasm')) });
  return mod;
}
const ma = await load(A), mb = await load(B);
const pages = fs.readdirSync(corpus)
  .filter(d => fs.existsSync(`${corpus}/${d}/source.html`))
  .map(d => fs.readFileSync(`${corpus}/${d}/source.html`, 'utf8'))
  .filter(h => h.length <= maxLen);
const opts = { url: 'http://fakehost/x' };
for (let w = 0; w < 2; w++) for (const h of pages) { ma.clean(h, opts); mb.clean(h, opts); }
const ta = pages.map(() => []), tb = pages.map(() => []);
for (let r = 0; r < rounds; r++) {
  pages.forEach((h, i) => {
    const order = (r + i) % 2 ? [[ma, ta], [mb, tb]] : [[mb, tb], [ma, ta]];
    for (const [m, t] of order) {
      const s = performance.now();
      m.clean(h, opts);
      t[i].push(performance.now() - s);
    }
  });
}
const med = a => [...a].sort((x, y) => x - y)[a.length >> 1];
const ra = ta.map(med), rb = tb.map(med);
const ratios = ra.map((a, i) => a / rb[i]).sort((x, y) => x - y);
const at = q => ratios[Math.floor(ratios.length * q)].toFixed(3);
const sum = a => a.reduce((x, y) => x + y, 0).toFixed(0);
console.log(`${pages.length} pages, ${rounds} rounds. A/B time per page: median ${med(ratios).toFixed(3)} ` +
  `(p10 ${at(0.1)}, p90 ${at(0.9)}); totals A ${sum(ra)} ms, B ${sum(rb)} ms; ` +
  `median page A ${med(ra).toFixed(2)} ms, B ${med(rb).toFixed(2)} ms`);
