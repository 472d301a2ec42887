#!/usr/bin/env bash
# Installs what the build and the tests need on a Debian machine with rustup, and nothing that
# is already there at the right version, so it is fast on a set-up machine (every make target
# runs it first):
#   - Debian: chromium + chromium-driver (browser tests, demo test, browser bench),
#     firefox-esr (the extension's Firefox and package tests), python3 (make demo, make eval,
#     unzipping packages), node + npm if absent. `apt-get update` runs once, only when
#     something is missing.
#   - rustup: the wasm32-unknown-unknown target, rustfmt and clippy.
#   - cargo install: wasm-pack, and wasm-bindgen-cli at exactly the version Cargo.toml pins
#     for the wasm-bindgen crate (wasm-pack refuses a CLI of another version). No --locked for
#     wasm-bindgen-cli: with it the install fails on a webpki-roots version the registry
#     mirror lacks. geckodriver (Firefox tests; nothing prebuilt can be downloaded) when
#     `geckodriver --version` fails, with --locked, or without it if that install fails.
#   - npm: the root devDependencies (binaryen's wasm-opt, playwright-core, @mozilla/readability,
#     selenium-webdriver, web-ext),
#     with `npm ci` when node_modules is missing or package-lock.json changed since the last
#     install.
# Never installs Debian's binaryen: its wasm-opt (version 108) produces modules that fail at
# init, and wasm-pack would pick it up from PATH by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
WASM_BINDGEN_VERSION=$(sed -n -E 's/^wasm-bindgen = "=([0-9.]+)".*/\1/p' Cargo.toml | head -n 1)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = \"=X.Y.Z\")" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

# --- Debian packages -------------------------------------------------------------------------
sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
apt_missing=()
for pkg in chromium chromium-driver firefox-esr python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || apt_missing+=("$pkg")
done
command -v node >/dev/null && command -v npm >/dev/null || apt_missing+=(nodejs npm)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "apt-get install ${apt_missing[*]}"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_missing[@]}"
fi

# --- Rust toolchain pieces ---------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done

# `cargo install` only when `TOOL --version` does not print the wanted version.
has_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -qF " $2"; }
if ! has_version wasm-pack "$WASM_PACK_VERSION"; then
  say "cargo install wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
  cargo install wasm-pack --version "=$WASM_PACK_VERSION"
fi
if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION" ||
  ! has_version wasm-bindgen-test-runner "$WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi
if ! geckodriver --version >/dev/null 2>&1; then
  say "cargo install geckodriver (about 2 minutes)"
  cargo install geckodriver --locked || {
    say "cargo install geckodriver --locked failed; trying without --locked"
    cargo install geckodriver
  }
fi

# --- npm devDependencies -----------------------------------------------------------------------
stamp=node_modules/.broadsheet-package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi
