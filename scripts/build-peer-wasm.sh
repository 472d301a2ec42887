#!/usr/bin/env bash
# Builds the browser bench's peer (`make bench-browser`): benches/peer-wasm, dom_smoothie and
# the lol_html floor as a wasm-bindgen module, into target/peer-wasm/pkg, optimised by the same
# npm binaryen wasm-opt with the same flags as Broadsheet's package (wasm-pack.toml), so the
# builds compare.
# Not part of `make build` or `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
conf() { sed -n -E "s/^$1[[:space:]]*=[[:space:]]*\"?([^\"]*)\"?[[:space:]]*$/\1/p" wasm-pack.toml | head -n 1; }
wasm_opt=$(conf wasm_opt)
read -r -a wasm_opt_args <<<"$(conf wasm_opt_args)"
out="$root/target/peer-wasm/pkg"
# Through the same UTF-8-only lol_html as Broadsheet's wasm build (the floor uses it), which
# rewrites the peer's Cargo.lock as it does Broadsheet's: put back as it was.
lock=$(mktemp)
cp benches/peer-wasm/Cargo.lock "$lock"
trap 'cp "$lock" benches/peer-wasm/Cargo.lock; rm -f "$lock"' EXIT
CARGO_TARGET_DIR="$root/target/peer-wasm" \
  scripts/lol-html-utf8.sh wasm-pack build benches/peer-wasm --target web --release --out-dir "$out" --no-opt --
wasm="$out/dom_smoothie_wasm_bg.wasm"
"$wasm_opt" "$wasm" "${wasm_opt_args[@]}" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "build-peer-wasm: $wasm ($(wc -c <"$wasm") bytes)"
