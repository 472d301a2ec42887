// The JS half of the wasm binding (src/wasm.rs is the Rust half): loads the Broadsheet core
// and keeps it usable after a crash. `make build` copies this file into the package as
// `loader.js`, beside wasm-bindgen's glue (`broadsheet.js`); the extension and the demo load
// the core through it.
//
// Why: the core is built never to panic, but if a call ever traps (a Rust panic aborts as
// `unreachable`; a stack overflow; an out-of-bounds access) the instance is left half-way
// through that call: its allocator, its stack pointer and wasm-bindgen's tables may be
// inconsistent, and later calls could fail or return garbage. So the instance is dropped and
// the next call runs on a fresh instance of the same compiled module (instantiating a
// compiled module takes about a millisecond; nothing is fetched or compiled again).
//
// wasm-bindgen's glue holds one instance per loaded copy of the glue module and will not
// re-instantiate (`initSync` returns early once it has one), so every instance gets its own
// copy of the glue, imported under its own URL (`broadsheet.js?instance=N`). The next copy is
// imported ahead of need, so that recovery is synchronous: `clean()` stays a plain call.

const GLUE = new URL('./broadsheet.js', import.meta.url);
const WASM = new URL('./broadsheet_bg.wasm', import.meta.url);

/** Copies of the glue imported so far in this realm, by any loader. Every copy but the first
 * gets its own URL: a module record shared by two loaders would share one instance. (The
 * first keeps the plain URL, which pages `modulepreload`.) */
let copies = 0;

/** Thrown by a call that crashed the core. The core has been restarted by the time the
 * caller sees it: calling again runs on a fresh instance. `cause` is the original trap. */
export class CoreCrashed extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'CoreCrashed';
  }
}

/** A trap or a JS engine limit hit inside the call: the instance's state is unknown.
 * (The core's own errors, the typed ones, are plain `Error`s and leave it intact.) Exported
 * for the extension's background, which holds one instance of the glue without this loader. */
export function poisons(e) {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

/** The core's module compiled from `source` (a module, bytes, a Response or a URL). Exported
 * for the extension's background, which instantiates its one copy of the glue itself. */
export async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const response = source instanceof Response ? source : await fetch(source);
  if (!response.ok) throw new Error(`could not load the Broadsheet core: ${response.status} ${response.url}`);
  // compileStreaming needs the application/wasm MIME type; a plain file server may not send it.
  return response.headers.get('content-type')?.startsWith('application/wasm')
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Loads the core.
 *
 * @param {WebAssembly.Module | URL | string | Response | BufferSource} [source] the compiled
 *   module (best: compile it early, e.g. with `WebAssembly.compileStreaming`), or where to get
 *   it; default: `broadsheet_bg.wasm` beside this file.
 * @param {{glue?: URL | string}} [options] the wasm-bindgen glue module to instantiate
 *   (default: `broadsheet.js` beside this file). Tests pass a wrapper of it.
 * @returns {Promise<{clean: Function, summarize: Function, checkRules: Function, version: Function,
 *   readonly instances: number}>} the core's functions (see broadsheet.d.ts), each one
 *   restarting the core if it crashes; `instances` counts the instances created so far.
 */
export async function loadCore(source = WASM, { glue = GLUE } = {}) {
  const glueUrl = new URL(glue, import.meta.url);
  const copy = () => {
    const url = new URL(glueUrl);
    const n = copies++;
    if (n > 0) url.searchParams.set('instance', String(n));
    return import(url.href);
  };
  const [module, first] = await Promise.all([compile(source), copy()]);

  let instances = 0;
  let live = null; // the glue copy whose instance serves calls
  let spare = null; // the next copy, imported ahead of need, not yet instantiated
  let sparing = null; // the import of the next copy, while it is on its way

  const prepareSpare = () => {
    sparing ??= copy().then(
      (g) => {
        spare = g;
        sparing = null;
      },
      () => {
        sparing = null; // tried again after the next crash
      },
    );
  };
  const start = (g) => {
    g.initSync({ module });
    instances += 1;
    live = g;
  };
  start(first);
  // The spare copy of the glue is fetched when the page is idle, off the path to first paint.
  (globalThis.requestIdleCallback ?? setTimeout)(prepareSpare);

  const call =
    (name) =>
    (...args) => {
      if (!live) {
        if (!spare) {
          prepareSpare();
          throw new CoreCrashed('The Broadsheet core is restarting after a crash; try again in a moment.');
        }
        start(spare);
        spare = null;
        prepareSpare();
      }
      try {
        return live[name](...args);
      } catch (e) {
        if (!poisons(e)) throw e;
        live = null;
        if (spare) {
          start(spare);
          spare = null;
        }
        prepareSpare();
        throw new CoreCrashed(`The Broadsheet core crashed (${e.message}) and was restarted.`, { cause: e });
      }
    };

  return {
    clean: call('clean'),
    summarize: call('summarize'),
    checkRules: call('checkRules'),
    version: call('version'),
    get instances() {
      return instances;
    },
  };
}
