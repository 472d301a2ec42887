#!/usr/bin/env bash
# Evaluates the summary's key points (`make eval-summary`). Not a test: it needs ../shared
# and, for the second part, PyPI.
#
#   1. The release CLI over every page of $CORPUS (default ../shared/corpus/readability):
#      `broadsheet clean --format json` answers in $OUT (default target/eval-summary), scored
#      by ../shared/eval/summary_score.py: ROUGE-1/2 F1 and ROUGE-1 recall of the key points
#      against each page's own description, beside Lead-3 and Random-3 on the same text.
#      Then, when pkg/ holds a wasm build (`make build`; it is not rebuilt here), the same pages
#      through scripts/eval-summary-wasm.mjs: wasm answers must equal native ones, and the short
#      (3 points, as many as Lead-3) and long lengths are scored too (the CLI has no length flag).
#   2. Human judgements: the 96 annotated Turkish news texts that the PyPI package sadedegel
#      ships (each sentence carries the round in which annotators deleted it), scored by
#      scripts/eval_sadedegel.py against the last-surviving sentences, beside Lead-3 and
#      Random-3. sadedegel is installed with --no-deps into a virtualenv under target/venv
#      (only its data files are read; its pinned dependencies do not build on current Python).
#      If it cannot be installed, this says why and stops there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CORPUS=${CORPUS:-../shared/corpus/readability}
OUT=${OUT:-target/eval-summary}
SCORER=${SCORER:-../shared/eval/summary_score.py}

cargo build --release --quiet --bin broadsheet
bin=target/release/broadsheet
mkdir -p "$OUT"
n=0
failed=0
for page in "$CORPUS"/*/; do
  id=$(basename "$page")
  [ -f "$page/source.html" ] || continue
  if "$bin" clean "$page/source.html" --url http://fakehost/test/page.html --format json \
    >"$OUT/$id.json" 2>"$OUT/$id.err"; then
    rm -f "$OUT/$id.err"
  else
    rm -f "$OUT/$id.json"
    failed=$((failed + 1))
  fi
  n=$((n + 1))
done
echo "eval-summary: $n pages cleaned into $OUT ($failed without an article)"
echo "eval-summary: key points vs page descriptions ($SCORER)"
python3 "$SCORER" "$CORPUS" "$OUT" --json "$OUT/score.json"
python3 scripts/eval_sadedegel.py --report "$OUT/score.json"
if [ -f pkg/broadsheet_bg.wasm ] && command -v node >/dev/null; then
  echo "eval-summary: wasm package in pkg/ (from the last make build)"
  node scripts/eval-summary-wasm.mjs pkg "$CORPUS" "$OUT/wasm-medium" medium "$OUT"
  for len in short long; do
    node scripts/eval-summary-wasm.mjs pkg "$CORPUS" "$OUT/wasm-$len" "$len"
    python3 "$SCORER" "$CORPUS" "$OUT/wasm-$len" --json "$OUT/wasm-$len/score.json" >/dev/null
    echo "eval-summary: summaryLength $len"
    python3 scripts/eval_sadedegel.py --report "$OUT/wasm-$len/score.json"
  done
else
  echo "eval-summary: no pkg/ (run make build first): wasm check and short/long lengths skipped"
fi

echo "eval-summary: sadedegel (human sentence-deletion rounds, Turkish)"
venv=target/venv
if [ ! -x "$venv/bin/python" ] && ! python3 -m venv "$venv"; then
  echo "eval-summary: sadedegel part skipped: python3 -m venv failed (apt-get install python3-venv)"
  exit 0
fi
if ! "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("sadedegel") is None)' 2>/dev/null; then
  if ! "$venv/bin/pip" install --quiet --no-deps sadedegel; then
    echo "eval-summary: sadedegel part skipped: 'pip install --no-deps sadedegel' failed (see above)"
    exit 0
  fi
fi
"$venv/bin/python" scripts/eval_sadedegel.py --bin "$bin" --out "$OUT/sadedegel"
