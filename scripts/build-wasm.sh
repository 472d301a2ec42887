#!/usr/bin/env bash
# Builds the wasm package (`make build`), with the settings in wasm-pack.toml:
#   1. wasm-pack build --target web --profile wasm --no-opt   (wasm-pack's own wasm-opt step is
#      off: it would pick Debian's binaryen, whose output fails at init), with lol_html
#      patched to UTF-8 only (scripts/lol-html-utf8.sh)
#   2. npm binaryen's wasm-opt with the flags from wasm-pack.toml
#   3. src/wasm-loader.js copied in as loader.js (the loader the pages use: restarts the core
#      after a crash)
#   4. node scripts/check-wasm.mjs: load the module once (initSync), clean a fixture, check the
#      size budget. A broken module fails the build here, not in a user's browser.
#   5. copy the package to www/pkg and extension/pkg.
set -euo pipefail
cd "$(dirname "$0")/.."

# Reads `key = "value"` (or `key = value`) from wasm-pack.toml.
conf() {
  local v
  v=$(sed -n -E "s/^$1[[:space:]]*=[[:space:]]*\"?([^\"]*)\"?[[:space:]]*$/\1/p" wasm-pack.toml | head -n 1)
  if [ -z "$v" ]; then
    echo "build-wasm: wasm-pack.toml has no '$1'" >&2
    exit 1
  fi
  printf '%s' "$v"
}

target=$(conf target)
profile=$(conf profile)
out_dir=$(conf out_dir)
copy_to=$(conf copy_to)
wasm_opt=$(conf wasm_opt)
read -r -a wasm_opt_args <<<"$(conf wasm_opt_args)"

if [ ! -x "$wasm_opt" ]; then
  echo "build-wasm: $wasm_opt is missing: run scripts/setup.sh (npm install) first" >&2
  exit 1
fi

# Against a UTF-8-only lol_html (scripts/lol-html-utf8.sh says why; native builds use the
# crate as published).
scripts/lol-html-utf8.sh wasm-pack build --target "$target" --profile "$profile" --out-dir "$out_dir" --no-opt --
# wasm-pack writes a `*` .gitignore and a package.json; keep both (the folder is a package).

wasm="$out_dir/broadsheet_bg.wasm"
before=$(wc -c <"$wasm")
"$wasm_opt" "$wasm" "${wasm_opt_args[@]}" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "build-wasm: wasm-opt ${wasm_opt_args[*]}: $before -> $(wc -c <"$wasm") bytes"

cp src/wasm-loader.js "$out_dir/loader.js"

node scripts/check-wasm.mjs "$out_dir"

for dest in $copy_to; do
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  cp -r "$out_dir" "$dest"
  echo "build-wasm: copied $out_dir -> $dest"
done
