#!/usr/bin/env bash
# Packages the extension for the stores (`make package`, after `make build`):
#   dist/broadsheet-<version>-chrome.zip   Chrome Web Store upload (manifest at the zip's root)
#   dist/broadsheet-<version>.xpi          Firefox (addons.mozilla.org upload, or an unsigned
#                                          install where signatures are not required)
# Both hold the same files: extension/ as shipped (one manifest for both browsers) with the
# optimised wasm package that `make build` put in extension/pkg/, without the README, the
# icon source or wasm-pack's extras. <version> is Cargo.toml's; extension/manifest.json must
# carry the same version (the script stops when they drift) and the packaged manifest gets it
# written in. Zips are made by npm's web-ext (`web-ext build`).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "package: $*" >&2
  exit 1
}

version=$(sed -n -E '/^\[package\]/,/^\[/ s/^version[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || fail "no [package] version in Cargo.toml"
# Browsers accept 1-4 dot-separated integers only (no -beta, no +build).
[[ "$version" =~ ^[0-9]+(\.[0-9]+){0,3}$ ]] || fail "Cargo.toml version $version is not a browser extension version (1 to 4 dot-separated numbers)"
manifest_version=$(node -p 'JSON.parse(require("fs").readFileSync("extension/manifest.json", "utf8")).version')
[ "$manifest_version" = "$version" ] ||
  fail "extension/manifest.json has version $manifest_version, Cargo.toml $version: bump them together"

for f in extension/pkg/broadsheet.js extension/pkg/broadsheet_bg.wasm extension/reader.bundle.js; do
  [ -f "$f" ] || fail "$f is missing: run \`make build\` first"
done
# The packaged wasm must be the optimised build: the same bytes as pkg/ (wasm-opt'd there).
if [ -f pkg/broadsheet_bg.wasm ] && ! cmp -s pkg/broadsheet_bg.wasm extension/pkg/broadsheet_bg.wasm; then
  fail "extension/pkg/ differs from pkg/: run \`make build\` again"
fi
web_ext=node_modules/.bin/web-ext
[ -x "$web_ext" ] || fail "npm web-ext is missing: run scripts/setup.sh"

stage=dist/stage
rm -rf "$stage"
mkdir -p "$stage"
cp -r extension "$stage/extension"
rm -f "$stage/extension/README.md" "$stage/extension/icons/icon.svg" \
  "$stage/extension/pkg/package.json" "$stage/extension/pkg/.gitignore" "$stage/extension/pkg/"*.d.ts
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const m = JSON.parse(fs.readFileSync(file, "utf8"));
  m.version = process.argv[2];
  fs.writeFileSync(file, JSON.stringify(m, null, 2) + "\n");
' "$stage/extension/manifest.json" "$version"

chrome_zip="broadsheet-$version-chrome.zip"
xpi="broadsheet-$version.xpi"
rm -f "dist/$chrome_zip" "dist/$xpi"
"$web_ext" build --source-dir "$stage/extension" --artifacts-dir dist --filename "$chrome_zip" --no-config-discovery >/dev/null
"$web_ext" build --source-dir "$stage/extension" --artifacts-dir dist --filename "$xpi" --no-config-discovery >/dev/null
rm -rf "$stage"

for f in "$chrome_zip" "$xpi"; do
  echo "package: dist/$f ($(wc -c <"dist/$f") bytes)"
done
