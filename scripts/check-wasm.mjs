// Loads the built wasm package once in node and cleans a page: a module that fails at init
// (as Debian's wasm-opt makes them) or returns the wrong thing fails the build here.
// Also prints the sizes and checks them against wasm-pack.toml (target: warn; max: fail).
//
//   node scripts/check-wasm.mjs [PKG_DIR]      (default: pkg)

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkgDir = path.resolve(root, process.argv[2] || 'pkg');

/** `key = "value"` lines of wasm-pack.toml (one flat section; see its header). */
function readConf() {
  const conf = {};
  for (const line of fs.readFileSync(path.join(root, 'wasm-pack.toml'), 'utf8').split('\n')) {
    const m = line.match(/^\s*([A-Za-z0-9_]+)\s*=\s*(?:"([^"]*)"|(\S+))\s*$/);
    if (m) conf[m[1]] = m[2] ?? m[3];
  }
  return conf;
}

function fail(msg) {
  console.error(`check-wasm: FAIL: ${msg}`);
  process.exit(1);
}

const conf = readConf();
const wasmPath = path.join(pkgDir, 'broadsheet_bg.wasm');
const gluePath = path.join(pkgDir, 'broadsheet.js');
for (const p of [wasmPath, gluePath]) if (!fs.existsSync(p)) fail(`${p} is missing`);

// 1. The module loads and cleans a page.
const pkg = await import(pathToFileURL(gluePath).href);
try {
  pkg.initSync({ module: fs.readFileSync(wasmPath) });
} catch (e) {
  fail(`the module does not initialise: ${e}`);
}
const fixture = path.join(root, conf.check_fixture);
const html = fs.readFileSync(path.join(fixture, 'source.html'), 'utf8');
const urlFile = path.join(fixture, 'url.txt');
const url = fs.existsSync(urlFile)
  ? fs.readFileSync(urlFile, 'utf8').trim()
  : `https://example.com/${path.basename(fixture)}.html`;
let article;
try {
  article = pkg.clean(html, { url });
} catch (e) {
  fail(`clean() threw on ${conf.check_fixture}: ${e}`);
}
if (typeof article?.text !== 'string' || !article.text.includes(conf.check_sentence)) {
  fail(`clean().text of ${conf.check_fixture} lacks "${conf.check_sentence}"`);
}

// 2. The object has exactly the fields the TypeScript declaration promises, so the .d.ts
// (src/wasm.rs) cannot drift from the Article struct (src/article.rs) unnoticed.
const dts = fs.readFileSync(path.join(pkgDir, 'broadsheet.d.ts'), 'utf8');
const body = dts.match(/export interface Article \{([\s\S]*?)\n\}/);
if (!body) fail('broadsheet.d.ts has no Article interface');
const declared = [...body[1].matchAll(/^\s*([A-Za-z0-9_]+)\??:/gm)].map((m) => m[1]).sort();
const actual = Object.keys(article).sort();
if (declared.join() !== actual.join()) {
  fail(`Article fields differ from the TypeScript declaration in src/wasm.rs:\n` +
    `  declared: ${declared.join(', ')}\n  actual:   ${actual.join(', ')}`);
}

// 3. Errors come out as JS Errors with the library's message.
try {
  pkg.clean('', {});
  fail('clean("") did not throw');
} catch (e) {
  if (!(e instanceof Error) || !/no article found/.test(e.message)) fail(`clean("") threw ${e}`);
}

// 4. Sizes and the budget.
const size = (p) => {
  const b = fs.readFileSync(p);
  return { raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length };
};
const w = size(wasmPath);
const g = size(gluePath);
const total = w.gz + g.gz;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(`check-wasm: ${path.relative(root, wasmPath)} ${kb(w.raw)} raw, ${kb(w.gz)} gzipped`);
console.log(`check-wasm: ${path.relative(root, gluePath)} ${kb(g.raw)} raw, ${kb(g.gz)} gzipped`);
console.log(`check-wasm: wasm + glue ${kb(total)} gzipped ` +
  `(target ${kb(+conf.target_gzip_bytes)}, ceiling ${kb(+conf.max_gzip_bytes)})`);
console.log(`check-wasm: version ${pkg.version()}, cleaned ${conf.check_fixture}: ` +
  `${article.wordCount} words, ${article.removed.length} removed`);
if (total > +conf.max_gzip_bytes) {
  fail(`wasm + glue is ${total} bytes gzipped, over the ceiling of ${conf.max_gzip_bytes} ` +
    '(wasm-pack.toml max_gzip_bytes)');
}
if (total > +conf.target_gzip_bytes) {
  console.log(`check-wasm: WARNING: ${kb(total - conf.target_gzip_bytes)} over the ` +
    `${kb(+conf.target_gzip_bytes)} target (see wasm-pack.toml for where the bytes go)`);
}
console.log('check-wasm: ok');
