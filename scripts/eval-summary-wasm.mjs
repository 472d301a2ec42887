// The wasm package over a corpus, for scripts/eval-summary.sh: writes <page>.json answers like
// `broadsheet clean --format json`, with a chosen summary length, and checks that the wasm
// Article equals the native one (NATIVE_DIR: the CLI's answers at the same length), if given.
// Prints the time per clean() and the pages whose answers differ from native.
//
//   node scripts/eval-summary-wasm.mjs PKG_DIR CORPUS OUT_DIR LENGTH [NATIVE_DIR]

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkgDir, corpus, outDir, length, nativeDir] = process.argv.slice(2);
const pkg = await import(pathToFileURL(path.resolve(pkgDir, 'broadsheet.js')).href);
pkg.initSync({ module: fs.readFileSync(path.resolve(pkgDir, 'broadsheet_bg.wasm')) });
fs.mkdirSync(outDir, { recursive: true });

let pages = 0;
let ms = 0;
const differ = [];
for (const id of fs.readdirSync(corpus).sort()) {
  const src = path.join(corpus, id, 'source.html');
  if (!fs.existsSync(src)) continue;
  const html = fs.readFileSync(src, 'utf8');
  let article;
  const t = performance.now();
  try {
    article = pkg.clean(html, { url: 'http://fakehost/test/page.html', summaryLength: length });
  } catch {
    continue;
  }
  ms += performance.now() - t;
  pages++;
  const json = JSON.stringify(article);
  fs.writeFileSync(path.join(outDir, `${id}.json`), json);
  const nativeFile = nativeDir && path.join(nativeDir, `${id}.json`);
  if (nativeFile && fs.existsSync(nativeFile)) {
    if (JSON.stringify(JSON.parse(fs.readFileSync(nativeFile, 'utf8'))) !== json) differ.push(id);
  }
}
console.log(`eval-summary-wasm: ${pages} pages, summaryLength ${length}, ` +
  `${(ms / Math.max(pages, 1)).toFixed(2)} ms per clean() in node`);
if (nativeDir) {
  console.log(`eval-summary-wasm: wasm JSON differs from native on ${differ.length} pages` +
    (differ.length ? `: ${differ.join(', ')}` : ''));
}
