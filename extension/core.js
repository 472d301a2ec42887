// Loads the Broadsheet core (Rust compiled to wasm by `make build` into pkg/) once per page,
// through the package's loader (pkg/loader.js, from src/wasm-loader.js): if a call ever
// crashes the core, the loader throws a CoreCrashed error for that call and the next one runs
// on a fresh instance, never on the poisoned one.
// The import is dynamic so that a missing or broken package becomes a message in the page
// instead of a module graph that never runs, and so that the reader loads the core only when
// it needs it: after its first paint, when the background made the article (issue 14).
const { ext } = globalThis.platform; // platform.js, a classic script the page loads first

let loading = null;

/** @returns {Promise<{clean: Function, checkRules: Function, version: Function}>} */
export function loadCore() {
  loading ??= (async () => {
    const { loadCore: load } = await import('./pkg/loader.js');
    performance.mark('broadsheet:instantiate-start');
    const core = await load(ext.runtime.getURL('pkg/broadsheet_bg.wasm'));
    performance.mark('broadsheet:core-ready');
    return core;
  })();
  // A failed load is not cached: the next caller tries again.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
