#!/usr/bin/env python3
"""Summary evaluation helpers for scripts/eval-summary.sh (`make eval-summary`).

    eval_sadedegel.py --report SCORE_JSON
        Prints summary_score.py's JSON result as a table: ours vs Lead-3 vs Random-3.

    eval_sadedegel.py --prepare PAGES_DIR
        Human judgements: the 96 annotated Turkish news texts of the PyPI package sadedegel
        (dataset/annotated/*.json: each sentence with the round in which annotators deleted
        it; read as data files, the package is never imported). Each text becomes a page in
        the corpus layout, PAGES_DIR/<id>/source.html, one <p> per annotated sentence (so the
        sentence unit is the annotators' own and the test measures choosing, not splitting),
        with its sentences and rounds beside it in rounds.json.

    eval_sadedegel.py --score PAGES_DIR PRED_DIR
        Scores PRED_DIR/<id>.json answers (`broadsheet clean --format json`) against the
        last-surviving sentences (every sentence deleted in a round at least as late as the
        third-latest sentence's): ROUGE-1/2/L F1 and ROUGE-1 recall (lower-cased \\w+ tokens,
        no stemming) of our key points, Lead-3, Random-3 (seeded) and, since our default
        length is 5 points, Lead-5 and Random-5.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path


def toks(t: str) -> list:
    return re.findall(r"\w+", t.lower())


def ngrams(t: list, n: int) -> Counter:
    return Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))


def rouge_n(ref: str, hyp: str, n: int) -> tuple:
    r, h = ngrams(toks(ref), n), ngrams(toks(hyp), n)
    ov = sum((r & h).values())
    if not ov:
        return 0.0, 0.0
    p, rc = ov / sum(h.values()), ov / sum(r.values())
    return 2 * p * rc / (p + rc), rc


def rouge_l(ref: str, hyp: str) -> float:
    a, b = toks(ref), toks(hyp)
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    if not lcs:
        return 0.0
    p, r = lcs / len(b), lcs / len(a)
    return 2 * p * r / (p + r)


def table(rows: dict, title: str, n: int) -> None:
    print(f"{title} ({n} pairs)")
    print(f"  {'system':<10} {'R1 F1':>7} {'R2 F1':>7} {'RL F1':>7} {'R1 rec':>7}")
    for k, v in rows.items():
        rl = f"{100 * v['rl_f']:7.2f}" if "rl_f" in v else f"{'-':>7}"
        print(f"  {k:<10} {100 * v['r1_f']:7.2f} {100 * v['r2_f']:7.2f} {rl} {100 * v['r1_recall']:7.2f}")


def report(path: str) -> None:
    res = json.loads(Path(path).read_text(encoding="utf-8"))
    print(f"  pages {res['pages']}, with key points {res['pages_with_points']}, "
          f"bad point count {res['pages_bad_point_count']}, points not verbatim "
          f"{res['points_not_verbatim']}, dropped pairs {res['dropped_pairs']}")
    table({k: res[k] for k in ("ours", "lead3", "random3")}, "  vs page descriptions",
          res["scored_pairs"])


def dataset_dir() -> Path:
    spec = importlib.util.find_spec("sadedegel")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("eval_sadedegel: the sadedegel package is not installed in this Python")
    d = Path(list(spec.submodule_search_locations)[0]) / "dataset" / "annotated"
    if not d.is_dir():
        sys.exit(f"eval_sadedegel: {d} is missing (a sadedegel without the annotated set?)")
    return d


def page(sents: list) -> str:
    body = "\n".join(f"<p>{html.escape(s)}</p>" for s in sents)
    return (f'<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>sadedegel</title>'
            f"</head><body><article>\n{body}\n</article></body></html>\n")


def prepare(out: Path) -> None:
    n = 0
    for f in sorted(dataset_dir().glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        items = [[s["content"].strip(), s["deletedInRound"]] for s in doc["sentences"]
                 if s["content"].strip()]
        if len(items) < 6:
            continue
        d = out / f.stem
        d.mkdir(parents=True, exist_ok=True)
        (d / "source.html").write_text(page([s for s, _ in items]), encoding="utf-8")
        (d / "rounds.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        n += 1
    print(f"  {n} annotated texts written to {out}")


def score(pages: Path, pred: Path) -> None:
    rng = random.Random(7)
    systems = ("ours", "lead3", "random3", "lead5", "random5")
    sums = {k: [0.0, 0.0, 0.0, 0.0] for k in systems}
    n = no_points = points_total = 0
    for d in sorted(p for p in pages.iterdir() if (p / "rounds.json").is_file()):
        items = json.loads((d / "rounds.json").read_text(encoding="utf-8"))
        sents = [s for s, _ in items]
        third = sorted((r for _, r in items), reverse=True)[2]
        ref = " ".join(s for s, r in items if r >= third)
        f = pred / f"{d.name}.json"
        art = json.loads(f.read_text(encoding="utf-8")) if f.is_file() else {}
        pts = [p["text"] for p in ((art.get("summary") or {}).get("keyPoints") or [])]
        no_points += not pts
        points_total += len(pts)
        n += 1
        cands = {"ours": " ".join(pts), "lead3": " ".join(sents[:3]),
                 "random3": " ".join(rng.sample(sents, 3)), "lead5": " ".join(sents[:5]),
                 "random5": " ".join(rng.sample(sents, 5))}
        for k, hyp in cands.items():
            f1, rec = rouge_n(ref, hyp, 1)
            f2, _ = rouge_n(ref, hyp, 2)
            sums[k][0] += f1
            sums[k][1] += f2
            sums[k][2] += rouge_l(ref, hyp)
            sums[k][3] += rec
    if not n:
        sys.exit(f"eval_sadedegel: no texts in {pages}")
    rows = {k: {"r1_f": v[0] / n, "r2_f": v[1] / n, "rl_f": v[2] / n, "r1_recall": v[3] / n}
            for k, v in sums.items()}
    print(f"  texts {n}, without key points {no_points}, key points per text "
          f"{points_total / n:.2f}")
    table(rows, "  vs last-surviving sentences", n)
    (pred / "score.json").write_text(json.dumps({"texts": n, **rows}, indent=1), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", metavar="SCORE_JSON")
    ap.add_argument("--prepare", metavar="PAGES_DIR")
    ap.add_argument("--score", nargs=2, metavar=("PAGES_DIR", "PRED_DIR"))
    a = ap.parse_args()
    if a.report:
        report(a.report)
    if a.prepare:
        prepare(Path(a.prepare))
    if a.score:
        score(Path(a.score[0]), Path(a.score[1]))


if __name__ == "__main__":
    main()
