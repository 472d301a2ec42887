#!/usr/bin/env bash
# The quality gate: the CLI over the Readability corpus and the dragnet test split (both in
# ../shared, which a user's clone does not have), scored by ../shared/eval/score.py, and a
# failure when a score falls below its floor. Floors sit just under what main reaches, so a
# change that loses text or lets junk in fails here instead of going unnoticed.
#
#   scripts/eval.sh            release build (make eval)
#   PROFILE=dev scripts/eval.sh   the debug build cargo test already made (.ci/run): same
#                                 output, no release build to wait for
#
# Scores go to $EVAL_OUT/<corpus>.json; predictions to $EVAL_OUT/<corpus>/.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
EVAL_OUT=${EVAL_OUT:-target/eval}
PROFILE=${PROFILE:-release}

# Floors: F1 and precision of the text, and exact metadata matches on the Readability corpus.
# Readability: 0.981, not higher: its truth is Readability.js's output, which keeps figure
# captions, and our `text` does not (issue 13; 0.9869 -> 0.9815 for that alone), nor video
# player labels, figures' hidden "Image" labels and newsletter boxes (0.9816 -> 0.9814), nor
# gallery counters, lone "By"/"Next"/"Save" controls, "Promoted by" labels, editors' credit
# lines and the headlines after a "Read more:" heading (0.9813 -> 0.9801, ninth session), nor
# share buttons written as a list and the image credits that read like one (0.9801 -> 0.9800),
# nor the author's bio at the end of a post (0.9799 -> 0.9793, tenth session).
READABILITY_F1_MIN=0.979
DRAGNET_TEST_F1_MIN=0.928
DRAGNET_TEST_P_MIN=0.939
TITLES_MIN=125
BYLINES_MIN=72
DATES_MIN=31

if [ ! -d "$SHARED/corpus/readability" ] || [ ! -d "$SHARED/corpus/dragnet" ]; then
  echo "eval: $SHARED/corpus not found (the corpora are not part of the project)" >&2
  exit 2
fi

if [ "$PROFILE" = release ]; then
  cargo build --release --quiet
  bin=target/release/broadsheet
else
  cargo build --quiet
  bin=target/debug/broadsheet
fi

mkdir -p "$EVAL_OUT"
status=0
for corpus in readability dragnet; do
  rm -rf "${EVAL_OUT:?}/$corpus"
  "$bin" eval "$SHARED/corpus/$corpus" --out "$EVAL_OUT/$corpus" >/dev/null
  split=()
  [ "$corpus" = dragnet ] && split=(--split test)
  python3 "$SHARED/eval/score.py" --corpus "$SHARED/corpus/$corpus" --pred "$EVAL_OUT/$corpus" \
    --name "broadsheet-$corpus" "${split[@]}" --json "$EVAL_OUT/$corpus.json" >/dev/null
done
python3 "$SHARED/eval/score.py" --table "$EVAL_OUT/readability.json" "$EVAL_OUT/dragnet.json"

python3 - "$EVAL_OUT" <<EOF || status=1
import json, sys
out = sys.argv[1]
r = json.load(open(f"{out}/readability.json"))
d = json.load(open(f"{out}/dragnet.json"))
m = r["metadata"]
checks = [
    ("readability F1", r["f1"], $READABILITY_F1_MIN),
    ("dragnet test F1", d["f1"], $DRAGNET_TEST_F1_MIN),
    ("dragnet test precision", d["precision"], $DRAGNET_TEST_P_MIN),
    ("readability titles exact", m["title"]["exact"], $TITLES_MIN),
    ("readability bylines exact", m["byline"]["exact"], $BYLINES_MIN),
    ("readability dates exact", m["publishedTime"]["exact"], $DATES_MIN),
]
failed = False
for name, got, floor in checks:
    ok = got >= floor
    failed |= not ok
    print(f"eval: {name}: {got:.4g} (floor {floor}) {'ok' if ok else 'BELOW THE FLOOR'}")
sys.exit(1 if failed else 0)
EOF
exit $status
