#!/usr/bin/env bash
# Evaluates the summary's key points (`make eval-summary`). Not a test: it needs ../shared
# and, for the second part, PyPI.
#
#   1. The release CLI over every page of $CORPUS (default ../shared/corpus/readability):
#      `broadsheet clean --format json` answers in $OUT (default target/eval-summary), scored
#      by ../shared/eval/summary_score.py: ROUGE-1/2 F1 and ROUGE-1 recall of the key points
#      against each page's own description, beside Lead-3 and Random-3 on the same text; at
#      the default length (short, 3 points) and at medium (5 points).
#   2. Human judgements: the 96 annotated Turkish news texts that the PyPI package sadedegel
#      ships (each sentence carries the round in which annotators deleted it), as pages, through
#      the same CLI, scored by scripts/eval_sadedegel.py against the last-surviving sentences,
#      beside Lead-3 and Random-3 (and Lead-5/Random-5). sadedegel is installed with --no-deps
#      into a virtualenv under target/venv: only its data files are read (its pinned
#      dependencies, e.g. scikit-learn 0.23, do not build on current Python). If it cannot be
#      installed, this says why and skips the part.
#   3. When pkg/ holds a wasm build (`make build`; not rebuilt here): both corpora again through
#      scripts/eval-summary-wasm.mjs at short and medium; the wasm answers must equal the
#      native ones.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CORPUS=${CORPUS:-../shared/corpus/readability}
OUT=${OUT:-target/eval-summary}
SCORER=${SCORER:-../shared/eval/summary_score.py}
bin=${CARGO_TARGET_DIR:-target}/release/broadsheet

# clean_all CORPUS_DIR OUT_DIR [CLI ARGS]: the CLI's JSON answer for every
# CORPUS_DIR/<id>/source.html.
# A page that does not look like an article still has an answer (the CLI prints its best guess
# and exits non-zero), as the wasm package returns one; only a page without any is left out.
clean_all() {
  local n=0 guess=0 failed=0 page id
  mkdir -p "$2"
  for page in "$1"/*/; do
    id=$(basename "$page")
    [ -f "$page/source.html" ] || continue
    n=$((n + 1))
    if ! "$bin" clean "$page/source.html" --url http://fakehost/test/page.html --format json \
      "${@:3}" >"$2/$id.json" 2>/dev/null; then
      if [ -s "$2/$id.json" ]; then
        guess=$((guess + 1))
      else
        rm -f "$2/$id.json"
        failed=$((failed + 1))
      fi
    fi
  done
  echo "eval-summary: $n pages cleaned into $2 ($guess not article-like, $failed without an answer)"
}

cargo build --release --quiet --bin broadsheet

echo "== Key points vs page descriptions ($CORPUS, $SCORER)"
clean_all "$CORPUS" "$OUT/readability"
python3 "$SCORER" "$CORPUS" "$OUT/readability" --json "$OUT/readability/score.json" >/dev/null
echo "Default length (short, 3 points):"
python3 scripts/eval_sadedegel.py --report "$OUT/readability/score.json"
clean_all "$CORPUS" "$OUT/readability-medium" --summary-length medium
python3 "$SCORER" "$CORPUS" "$OUT/readability-medium" --json "$OUT/readability-medium/score.json" >/dev/null
echo "Medium (5 points):"
python3 scripts/eval_sadedegel.py --report "$OUT/readability-medium/score.json"
# What the extension's reader asks for: at most one point from the lede it shows below the card.
clean_all "$CORPUS" "$OUT/readability-lede" --lede-limit
python3 "$SCORER" "$CORPUS" "$OUT/readability-lede" --json "$OUT/readability-lede/score.json" >/dev/null
echo "The reader's setting (short, --lede-limit):"
python3 scripts/eval_sadedegel.py --report "$OUT/readability-lede/score.json"

echo "== Key points vs sadedegel's human sentence-deletion rounds (Turkish)"
venv=target/venv
pages="$OUT/sadedegel-pages"
have_sadedegel=0
if [ ! -x "$venv/bin/python" ] && ! python3 -m venv "$venv"; then
  echo "eval-summary: sadedegel skipped: python3 -m venv failed (apt-get install python3-venv)"
elif ! "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("sadedegel") is None)' 2>/dev/null &&
  ! "$venv/bin/pip" install --quiet --no-deps sadedegel; then
  echo "eval-summary: sadedegel skipped: 'pip install --no-deps sadedegel' failed (see above)"
else
  have_sadedegel=1
  "$venv/bin/python" scripts/eval_sadedegel.py --prepare "$pages"
  clean_all "$pages" "$OUT/sadedegel"
  echo "Default length (short, 3 points):"
  python3 scripts/eval_sadedegel.py --score "$pages" "$OUT/sadedegel"
  clean_all "$pages" "$OUT/sadedegel-medium" --summary-length medium
  echo "Medium (5 points):"
  python3 scripts/eval_sadedegel.py --score "$pages" "$OUT/sadedegel-medium"
  clean_all "$pages" "$OUT/sadedegel-lede" --lede-limit
  echo "The reader's setting (short, --lede-limit):"
  python3 scripts/eval_sadedegel.py --score "$pages" "$OUT/sadedegel-lede"
fi

if [ -f pkg/broadsheet_bg.wasm ] && command -v node >/dev/null; then
  echo "== The wasm package in pkg/ (from the last make build)"
  node scripts/eval-summary-wasm.mjs pkg "$CORPUS" "$OUT/wasm-short" short "$OUT/readability"
  node scripts/eval-summary-wasm.mjs pkg "$CORPUS" "$OUT/wasm-medium" medium "$OUT/readability-medium"
  if [ "$have_sadedegel" = 1 ]; then
    node scripts/eval-summary-wasm.mjs pkg "$pages" "$OUT/sadedegel-wasm-short" short "$OUT/sadedegel"
    node scripts/eval-summary-wasm.mjs pkg "$pages" "$OUT/sadedegel-wasm-medium" medium "$OUT/sadedegel-medium"
  fi
else
  echo "eval-summary: no pkg/ (run make build first): the wasm check skipped"
fi
