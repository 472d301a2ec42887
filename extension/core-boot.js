// Starts fetching and compiling the wasm core while the page is still being parsed, ~20-40 ms
// before the module graph (reader.js → core.js → pkg/broadsheet.js) could ask for it.
// core.js instantiates this compiled module; if it failed, core.js loads the file itself.
// A classic `async` script: it blocks nothing (extension pages allow no inline scripts).
globalThis.broadsheetWasm = WebAssembly.compileStreaming(fetch('pkg/broadsheet_bg.wasm'));
globalThis.broadsheetWasm.catch(() => {});
