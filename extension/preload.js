// Starts the page's slow, independent work while the page is still being parsed, 20-40 ms
// before the module graph (reader.js → core.js → pkg/broadsheet.js) could ask for it:
// fetching and compiling the wasm core, and (in the reader) reading the capture and the
// synced settings. The modules pick these promises up from globalThis.broadsheetPreload and
// do the work themselves if a promise is missing or failed. A classic `async` script: it
// blocks nothing (extension pages allow no inline scripts).
(function () {
  'use strict';
  const ext = globalThis.browser ?? globalThis.chrome;
  const quiet = (p) => (p.catch(() => {}), p);
  const key = new URLSearchParams(location.search).get('c');
  globalThis.broadsheetPreload = {
    wasm: quiet(WebAssembly.compileStreaming(fetch('pkg/broadsheet_bg.wasm'))),
    capture: key && location.pathname.endsWith('/reader.html') ? quiet(ext.storage.session.get(key)) : null,
  };
})();
