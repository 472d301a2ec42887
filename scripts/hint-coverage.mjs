// How "remove this, remember for the site" fares on real pages: for every page of a corpus
// (default ../shared/corpus/readability), the wasm core (pkg/) cleans it with selector hints;
// then, for up to 8 distinct hints per page, the rule `example.com##<hint>` is applied to the
// same page at https://example.com/ and the block's text must be gone from the article (and
// listed in `removed`), while at least half of the other text stays (a hint naming the whole
// article would remove everything). Prints the share of blocks with a hint and the share of
// hint rules that did remove their block.
//
//   node scripts/hint-coverage.mjs [CORPUS_DIR]      (after `make build`)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { initSync, clean } = await import(path.join(ROOT, 'pkg/broadsheet.js'));
initSync({ module: fs.readFileSync(path.join(ROOT, 'pkg/broadsheet_bg.wasm')) });
const corpus = process.argv[2] ?? path.join(ROOT, '../shared/corpus/readability');
const URL = 'https://example.com/news/1';
const BLOCK = /<(p|ul|ol|dl|figure|blockquote|table|pre|h[1-6]|div|section|article|aside|header|footer|main|address|details)\b([^>]*)>/g;

/** The text inside the element whose start tag matched at `at` (same-name nesting counted). */
function innerText(html, at, tag, startLen) {
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  re.lastIndex = at + startLen;
  let depth = 1;
  let end = html.length;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = m.index;
      break;
    }
  }
  return html.slice(at + startLen, end).replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ').replace(/\s+/g, ' ').trim();
}
const words = (s) => s.replace(/&[a-z#0-9]+;/gi, ' ').split(/\s+/).filter(Boolean).length;

let blocks = 0;
let hinted = 0;
let tried = 0;
let removedOk = 0;
let wider = 0;
const failures = [];
const widerPages = [];
for (const name of fs.readdirSync(corpus).sort()) {
  const file = path.join(corpus, name, 'source.html');
  if (!fs.existsSync(file)) continue;
  const html = fs.readFileSync(file, 'utf8');
  let a;
  try {
    a = clean(html, { url: URL, selectorHints: true });
  } catch {
    continue;
  }
  const hints = new Map(); // hint -> { probe, words: words in all rendered blocks with it }
  for (const m of a.contentHtml.matchAll(BLOCK)) {
    blocks++;
    const h = /data-bs-sel="([^"]*)"/.exec(m[2])?.[1];
    if (!h) continue;
    hinted++;
    const inner = innerText(a.contentHtml, m.index, m[1], m[0].length);
    const entry = hints.get(h) ?? { probe: '', words: 0, nested: false };
    // Nested blocks with the same hint count once (the outer one holds the inner's text).
    if (!entry.probe || !inner.includes(entry.probe)) entry.words += words(inner);
    if (!entry.probe && inner.length >= 20) entry.probe = inner.slice(0, 40);
    hints.set(h, entry);
  }
  for (const [h, { probe, words: shown }] of [...hints].filter(([, e]) => e.probe).slice(0, 8)) {
    tried++;
    let b;
    try {
      b = clean(html, { url: URL, rules: `example.com##${h}` });
    } catch {
      b = { text: '', removed: [{ rule: 'user:' }] }; // nothing left: the hint named the article
    }
    const gone = !b.text.replace(/\s+/g, ' ').includes(probe);
    const listed = b.removed.some((r) => r.rule.startsWith('user:'));
    if (gone && listed) removedOk++;
    else failures.push(`${name} ${h}: ${gone ? 'gone but not listed' : 'still there'} (${probe})`);
    // What went beyond the blocks the reader showed with this hint (it removes those too).
    const lost = words(a.text) - words(b.text);
    if (lost > shown * 1.1 + 20) {
      wider++;
      widerPages.push(`${name} ${h}: ${lost} words went, the reader showed ${shown} with this hint`);
    }
  }
}
console.log(`blocks ${blocks}, with a hint ${hinted} (${((100 * hinted) / blocks).toFixed(1)}%)`);
console.log(`hint rules tried ${tried}: removed their block and listed it ${removedOk} (${((100 * removedOk) / tried).toFixed(1)}%)`);
console.log(`removed more than the reader showed with that hint: ${wider} (${((100 * wider) / tried).toFixed(1)}%)`);
for (const f of failures.slice(0, 12)) console.log(`  not removed: ${f}`);
for (const f of widerPages.slice(0, 12)) console.log(`  wider: ${f}`);
