#!/usr/bin/env bash
# The browser extension's end-to-end test (`make test` runs it after `make build`).
# Builds nothing: it needs the wasm package in extension/pkg/ (made by `make build`) and
# npm's playwright-core (scripts/setup.sh), and runs tests/e2e/extension.test.mjs in
# Debian's Chromium, then tests/e2e/reader-daily.test.mjs and tests/e2e/remove-this.test.mjs. Screenshots land in tests/e2e/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "test-extension: $*" >&2
  exit 1
}

for f in extension/pkg/broadsheet.js extension/pkg/broadsheet_bg.wasm; do
  [ -f "$f" ] || fail "$f is missing: run \`make build\` first (it copies pkg/ to extension/pkg/)"
done
[ -d node_modules/playwright-core ] || fail "npm's playwright-core is missing: run \`npm install\` (or scripts/setup.sh)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || fail "$chromium not found: apt-get install -y chromium (or set CHROMIUM)"

# The reader as a daily tool (print, restore, keyboard, narrow window, images, header):
# its own browser run, after the main test; both run even when the first fails.
status=0
node tests/e2e/extension.test.mjs "$@" || status=$?
node tests/e2e/reader-daily.test.mjs || status=$?
node tests/e2e/remove-this.test.mjs || status=$?
exit "$status"
