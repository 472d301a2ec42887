// Experiment (issue 14): can the reader page skip compiling the core by getting a compiled
// WebAssembly.Module from somewhere? Tries, in the extension loaded in headless Chromium:
// IndexedDB (put a Module), postMessage of a Module from an extension page to the extension's
// service worker and back, a BroadcastChannel, and (the control) a window to itself.
//
//   node scripts/probe-wasm-module.mjs        (after `make build`)
//
// Chromium 156, 2026-11-30: IndexedDB refuses ("DataCloneError: A WebAssembly.Module can not
// be serialized for storage"); the service worker gets `messageerror` from the page and the
// page gets `messageerror` from the worker (they are different agent clusters); only the
// window's message to itself carries the Module. See extension/README.md, "Speed".
import { chromium } from 'playwright-core';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bswasm-'));
const copy = path.join(tmp, 'ext'); fs.cpSync(new URL('../extension', import.meta.url).pathname, copy, { recursive: true });
const ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: false,
  args: ['--headless=new', '--no-sandbox', `--disable-extensions-except=${copy}`, `--load-extension=${copy}`, '--no-first-run'] });
const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
const id = new URL(worker.url()).host;
console.log('browser', ctx.browser()?.version());
// SW side: compile, and listen for page messages
console.log('sw compile', await worker.evaluate(async () => {
  try {
    const r = await fetch('pkg/broadsheet_bg.wasm');
    globalThis.__m = await WebAssembly.compile(await r.arrayBuffer());
    self.__got = [];
    self.addEventListener('message', (e) => self.__got.push(String(e.data?.constructor?.name)));
    self.addEventListener('messageerror', (e) => self.__got.push('messageerror'));
    return 'ok';
  } catch (e) { return String(e); }
}));
const page = await ctx.newPage();
await page.goto(`chrome-extension://${id}/options.html`);
const r = await page.evaluate(async () => {
  const out = {};
  const t0 = performance.now();
  const m = await WebAssembly.compileStreaming(fetch('pkg/broadsheet_bg.wasm'));
  out.compileMs = +(performance.now() - t0).toFixed(1);
  // 1. IndexedDB
  try {
    const db = await new Promise((res, rej) => { const q = indexedDB.open('bs-test', 1); q.onupgradeneeded = () => q.result.createObjectStore('m'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    await new Promise((res, rej) => { const tx = db.transaction('m', 'readwrite'); tx.objectStore('m').put(m, 'k'); tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
    out.idb = 'stored';
  } catch (e) { out.idb = `${e.name}: ${e.message}`; }
  // 2. postMessage to the SW
  try {
    const reg = await navigator.serviceWorker.getRegistration();
    out.swReg = String(Boolean(reg?.active)); out.controlled = String(Boolean(navigator.serviceWorker.controller));
    reg.active.postMessage(m);
    out.postToSw = 'posted';
  } catch (e) { out.postToSw = `${e.name}: ${e.message}`; }
  // 3. BroadcastChannel
  try { new BroadcastChannel('bs').postMessage(m); out.broadcast = 'posted'; } catch (e) { out.broadcast = `${e.name}: ${e.message}`; }
  // 4. window.postMessage to itself (same agent cluster)
  out.self = await new Promise((res) => { addEventListener('message', (e) => res(String(e.data?.constructor?.name)), { once: true }); addEventListener('messageerror', () => res('messageerror'), { once: true }); postMessage(m, '*'); });
  return out;
});
console.log('page', r);
await page.waitForTimeout(300);
console.log('sw received', await worker.evaluate(() => self.__got));
// 5. SW → page
const recv = page.evaluate(() => new Promise((res) => { navigator.serviceWorker.addEventListener('message', (e) => res(String(e.data?.constructor?.name))); navigator.serviceWorker.addEventListener('messageerror', () => res('messageerror')); navigator.serviceWorker.startMessages?.(); setTimeout(() => res('nothing in 2 s'), 2000); }));
console.log('sw post', await worker.evaluate(async () => { try { const cs = await clients.matchAll({ includeUncontrolled: true, type: 'window' }); cs.forEach((c) => c.postMessage(globalThis.__m)); return `posted to ${cs.length}`; } catch (e) { return `${e.name}: ${e.message}`; } }));
console.log('page received', await recv);
await ctx.close();
fs.rmSync(tmp, { recursive: true, force: true });
