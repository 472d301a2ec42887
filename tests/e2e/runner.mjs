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
