// A stand-in for wasm-bindgen's glue (pkg/broadsheet.js) for loader.test.mjs: the real glue,
// one copy per instance as the loader imports it (this file's ?instance=N is passed on), whose
// clean() can be made to trap for real inside the real wasm instance. Given TRAP, it calls the
// module's raw `clean` export with a string pointer far outside the instance's memory: the
// core's first read of the page throws WebAssembly.RuntimeError, exactly as a Rust panic
// (`unreachable`) would, and leaves that instance however the trap found it.
const instance = new URL(import.meta.url).search;
const real = await import(new URL(`../../pkg/broadsheet.js${instance}`, import.meta.url).href);

export const TRAP = '\u0000broadsheet-test-trap';
let raw = null;

export function initSync(module) {
  raw = real.initSync(module);
  return raw;
}

export function clean(html, options) {
  if (html === TRAP) raw.clean(0xfff00000, 0x80000, undefined);
  return real.clean(html, options);
}

export const checkRules = real.checkRules;
export const version = real.version;
