#!/usr/bin/env bash
# Runs a cargo-driven command (wasm-pack build/test) against a UTF-8-only lol_html:
#
#   scripts/lol-html-utf8.sh wasm-pack build ... --      (the command must end with `--`: the
#                                                         cargo option is appended after it)
#
# Why: in the browser the page reaches the core as a JS string, UTF-8 by construction, yet
# lol_html decodes and encodes text through encoding_rs's dynamic dispatch, which links every
# legacy decoder and encoder with their tables: ~140 kB of the ~530 kB gzipped module, compiled
# on every open of the reader. scripts/lol-html-utf8/README.md says what the patch changes.
#
# It also applies a change for speed, the same output with fewer allocations per element
# (fewer-allocations.patch; the README says what and how much; scripts/test-lol-html-patch.sh
# runs lol_html's own tests on it).
#
# What it does: takes the very lol_html release Cargo.lock names from cargo's own download
# (checked against Cargo.lock's checksum), applies scripts/lol-html-utf8/*.patch in name order
# in target/lol-html-utf8/ (again only when a patch or the release changed), runs the command
# with `--config patch.crates-io.lol_html.path=…` appended, and puts Cargo.lock back as it was
# (the patch entry changes lol_html's `source` there). Native builds never see the patch.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${!#}" = "--" ] || { echo "lol-html-utf8: the command must end with --" >&2; exit 2; }

source scripts/lol-html-crate.sh

patches=(scripts/lol-html-utf8/*.patch)
dir=target/lol-html-utf8
stamp="$version $(cat "${patches[@]}" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$dir/.broadsheet-stamp" 2>/dev/null)" != "$stamp" ]; then
  lol_html_crate
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$dir.tmp"
  tar -xzf "$crate" -C "$dir.tmp"
  for patch_file in "${patches[@]}"; do
    (cd "$dir.tmp/lol_html-$version" && git apply -p1 "$OLDPWD/$patch_file") ||
      { echo "lol-html-utf8: $patch_file does not apply to lol_html $version: update the patch" >&2; exit 1; }
  done
  grep -q "scripts/lol-html-utf8/README.md" "$dir.tmp/lol_html-$version/src/rewritable_units/text_decoder.rs" ||
    { echo "lol-html-utf8: the patch did not take" >&2; exit 1; }
  grep -q "first_end_tag_handler" "$dir.tmp/lol_html-$version/src/rewritable_units/element.rs" ||
    { echo "lol-html-utf8: the speed patch did not take" >&2; exit 1; }
  mv "$dir.tmp/lol_html-$version" "$dir"
  rm -rf "$dir.tmp"
  echo "$stamp" >"$dir/.broadsheet-stamp"
fi

lock=$(mktemp)
cp Cargo.lock "$lock"
restore() { cp "$lock" Cargo.lock; rm -f "$lock"; }
trap restore EXIT
"$@" --config "patch.crates-io.lol_html.path=\"$PWD/$dir\""
