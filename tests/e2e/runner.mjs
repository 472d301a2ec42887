// The tiny test runner the browser e2e tests share: sequential async tests, a counter, and the
// closing line CI reads ("N passed, M failed").

export const results = { passed: 0, failed: 0 };

/** Runs one named test; a throw marks it failed and the run goes on. */
export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.failed++;
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').join('\n     ')}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Prints the closing line and exits: non-zero when a test failed or `code` says so. */
export function finish(code = 0) {
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed || code ? 1 : 0);
}

/**
 * Anything thrown outside a test (the browser does not start, …) and a run that hangs past
 * `timeoutMs` still end like a run: one more failure, `cleanup()` (browser, server, temporary
 * folders; called only then, so it may be set up later), the closing line, a failing exit code.
 * @param {number} timeoutMs
 * @param {() => Promise<void> | void} cleanup
 */
export function guardRun(timeoutMs, cleanup) {
  const abort = async (reason) => {
    console.log(`FAIL ${reason}`);
    results.failed++;
    await Promise.resolve().then(cleanup).catch(() => {});
    finish();
  };
  process.on('uncaughtException', (e) => abort(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => abort(`unhandled rejection: ${e?.stack ?? e}`));
  setTimeout(() => abort(`the run took longer than ${timeoutMs / 1000} s`), timeoutMs).unref();
}
