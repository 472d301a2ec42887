#!/usr/bin/env bash
# Fuzz broadsheet::clean with cargo-fuzz (libFuzzer) for N minutes (default 10); not part of CI.
#   scripts/fuzz.sh 60
# Crashes land in fuzz/artifacts/clean/. cargo-fuzz needs nightly features; this machine has
# only a stable toolchain, so RUSTC_BOOTSTRAP=1 unlocks them. Seeds: the test fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
mkdir -p fuzz/corpus/clean
for f in tests/fixtures/*/source.html; do cp "$f" "fuzz/corpus/clean/$(basename "$(dirname "$f")").html"; done
export RUSTC_BOOTSTRAP=1
cargo fuzz run clean --fuzz-dir fuzz -- -max_total_time=$((minutes * 60)) -max_len=200000 -rss_limit_mb=4096 -timeout=20
