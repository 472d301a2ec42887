// The one cross-browser difference the extension pages need: Firefox's promise-based
// `browser` namespace, else Chrome's `chrome` (promise-based too under Manifest V3).
// background.js repeats this line because it is a classic script without imports (see there).
export const ext = globalThis.browser ?? globalThis.chrome;
