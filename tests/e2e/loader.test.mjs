// The package's loader (src/wasm-loader.js, copied into pkg/ as loader.js by `make build`):
// after a call traps, the instance is dropped and the next call runs on a fresh one. Runs in
// node on the built package (no browser); the demo test checks the same in Chromium.
//
//   node tests/e2e/loader.test.mjs
import fs from 'node:fs';
import { test, assert, results } from './runner.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const { loadCore, CoreCrashed } = await import(new URL('loader.js', pkg).href);
const { TRAP } = await import(new URL('./trap-glue.mjs', import.meta.url).href);
const fixture = new URL('../fixtures/minimal/', import.meta.url);
const html = fs.readFileSync(new URL('source.html', fixture), 'utf8');
const url = fs.readFileSync(new URL('url.txt', fixture), 'utf8').trim();
const SENTENCE = 'opened a lending library on Tuesday';
const wasm = fs.readFileSync(new URL('broadsheet_bg.wasm', pkg));
const idle = () => new Promise((r) => setTimeout(r, 50));

await test('the loader loads the core and cleans a page', async () => {
  const core = await loadCore(wasm);
  assert(core.clean(html, { url }).text.includes(SENTENCE), 'article text');
  assert(/^\d+\.\d+\.\d+/.test(core.version()), `version: ${core.version()}`);
  assert(core.checkRules('##.promo') === 1, 'checkRules');
  assert(core.instances === 1, `one instance, not ${core.instances}`);
});

await test('the core’s own errors are plain Errors and keep the instance', async () => {
  const core = await loadCore(wasm);
  let err = null;
  try {
    core.checkRules('div:has(> p)');
  } catch (e) {
    err = e;
  }
  assert(err instanceof Error && !(err instanceof CoreCrashed), `typed error: ${err}`);
  assert(core.instances === 1, `still one instance, not ${core.instances}`);
});

await test('a trap inside clean() restarts the core; the next call works', async () => {
  const core = await loadCore(wasm, { glue: new URL('./trap-glue.mjs', import.meta.url) });
  await idle(); // the spare copy of the glue arrives
  let err = null;
  try {
    core.clean(TRAP);
  } catch (e) {
    err = e;
  }
  assert(err instanceof CoreCrashed, `CoreCrashed expected, got ${err}`);
  assert(err.cause instanceof WebAssembly.RuntimeError, `a real trap as the cause: ${err.cause}`);
  assert(core.instances === 2, `a fresh instance at once, ${core.instances} so far`);
  assert(core.clean(html, { url }).text.includes(SENTENCE), 'the fresh instance cleans the page');
  // And again: every crash gets a new instance, never the poisoned one.
  await idle();
  assert(throwsCrash(() => core.clean(TRAP)), 'second trap');
  await idle();
  assert(throwsCrash(() => core.clean(TRAP)), 'third trap');
  assert(core.instances === 4, `four instances after three traps, not ${core.instances}`);
  assert(core.clean(html, { url }).text.includes(SENTENCE), 'still cleans');
});

await test('a crash before the spare is ready: a clear error, then a fresh instance', async () => {
  const core = await loadCore(wasm, { glue: new URL('./trap-glue.mjs', import.meta.url) });
  await idle();
  assert(throwsCrash(() => core.clean(TRAP)), 'first trap (uses the spare)');
  assert(throwsCrash(() => core.clean(TRAP)), 'second trap at once, on the fresh instance');
  // The next spare is still being imported (an import never resolves synchronously): this call
  // must not reach the poisoned instance.
  let restarting = null;
  try {
    core.clean(html, { url });
  } catch (e) {
    restarting = e;
  }
  assert(restarting instanceof CoreCrashed && /restarting/.test(restarting.message), `restarting: ${restarting}`);
  assert(core.instances === 2, `no instance started without a spare, ${core.instances}`);
  await idle();
  assert(core.clean(html, { url }).text.includes(SENTENCE), 'cleans once the spare is in');
  assert(core.instances === 3, `three instances, not ${core.instances}`);
});

function throwsCrash(fn) {
  try {
    fn();
  } catch (e) {
    return e instanceof CoreCrashed;
  }
  return false;
}

console.log(`\nloader: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
