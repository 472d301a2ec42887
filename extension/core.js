// Loads the Broadsheet core (Rust compiled to wasm by `make build` into pkg/) once per page.
// The import is dynamic so that a missing or broken package becomes a message in the page
// instead of a module graph that never runs.
const { ext } = globalThis.platform; // platform.js, a classic script the page loads first

let loading = null;

/** @returns {Promise<{clean: Function, checkRules: Function, version: Function}>} */
export function loadCore() {
  loading ??= (async () => {
    const mod = await import('./pkg/broadsheet.js');
    const early = await globalThis.broadsheetPreload?.wasm?.catch(() => null); // boot.js
    await mod.default({ module_or_path: early ?? ext.runtime.getURL('pkg/broadsheet_bg.wasm') });
    return { clean: mod.clean, checkRules: mod.checkRules, version: mod.version };
  })();
  return loading;
}
