#!/usr/bin/env python3
"""Re-measures README's limits table: builds each pathological input, runs the release CLI
(`broadsheet clean FILE --format json`) under /usr/bin/time and prints a Markdown table of
time, result, peak RSS and RSS over the process baseline per input byte.

    cargo build --release && python3 scripts/limits.py [--page ../shared/corpus/readability/guardian-1/source.html]

The real-page row repeats the body of --page (default: a Readability corpus page, when
../shared is present) to about 52 MB. Inputs are written to a temporary folder and removed.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

PROSE = ("<p>Paragraph {i}: the harbour wall that fell in the storm will be rebuilt, the "
         "council said, with commas, clauses, and enough words to count.</p>")


def prose(n):
    return "".join(PROSE.format(i=i) for i in range(n))


def inputs(page):
    rnd = random.Random(7)
    out = []
    if page and os.path.exists(page):
        src = open(page, encoding="utf-8", errors="replace").read()
        m = re.search(r"<body[^>]*>(.*)</body>", src, re.S | re.I)
        body = m.group(1) if m else src
        reps = max(1, 52_000_000 // len(body.encode()))
        out.append(("a real page's body repeated",
                    f"<html><head><title>t</title></head><body>{body * reps}</body></html>"))
    # Dense markup: one node per 13 bytes, at the node budget (issue 14's memory case).
    unit = "<div class=x><span>filler</span></div>"
    head = "<html><head><title>t</title></head><body>"
    out.append(("`<div class=x><span>filler</span></div>` repeated",
                head + unit * ((50_000_000 - len(head) - 14) // len(unit)) + "</body></html>"))
    attrs = " ".join(f"a{i}=x" for i in range(1_000_000))
    out.append(("one element with 1 000 000 attributes", f"<html><body><div {attrs}>x</div>{prose(5)}</body></html>"))
    out.append(("a 10 MB `data:` URL in an `img`",
                f"<html><body><article>{prose(5)}<img src=\"data:image/png;base64,{'A' * 10_000_000}\"></article></body></html>"))
    out.append(("a 5 MB `<title>`", f"<html><head><title>{'word ' * 1_000_000}</title></head><body>{prose(5)}</body></html>"))
    out.append(("random bytes", bytes(rnd.getrandbits(8) for _ in range(2_000_000))))
    out.append(("1 000 000 `<br>` in one paragraph", f"<html><body><p>{'<br>' * 1_000_000}</p></body></html>"))
    links = "".join(f"<a href=/l{i}>link {i}</a> " for i in range(100_000))
    out.append(("100 000 links in one block", f"<html><body><article>{prose(5)}<div>{links}</div></article></body></html>"))
    out.append(("200 000 unclosed `<p>` with a line of text each",
                "<html><body>" + "".join(f"<p>line {i} of text" for i in range(200_000)) + "</body></html>"))
    out.append(("200 000 unclosed `<p>` (nothing else)", "<p>" * 200_000))
    out.append(("100 000 nested unclosed `<div>`s, then prose", "<div>" * 100_000 + prose(5)))
    # 1.1 MB: at 56 kB (its size until 2026-12-01) the ratio was the process's fixed costs over a
    # tiny input (6-12x from run to run), not the shape's.
    nul = (prose(50).encode() + b"\x00\xff\xfe\xc3" * 1000) * 100
    out.append(("NULs and invalid UTF-8", nul))
    return out


def baseline_kb(cli, tmp):
    path = os.path.join(tmp, "empty.html")
    open(path, "w").write("<p>x</p>")
    return measure(cli, path)[2]


def measure(cli, path):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", cli, "clean", path, "--format", "json"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = r.stderr.strip().splitlines()
    secs, kb = lines[-1].split()
    message = " ".join(lines[:-1])
    if r.returncode == 0:
        result = "article"
    elif "parser memory" in message:
        result = "`ParserMemory`"
    elif r.returncode == 1:
        result = "best guess" if "look like" in message else "no article"
    else:
        result = f"error ({message[:40]})"
    return float(secs), result, int(kb)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="target/release/broadsheet")
    ap.add_argument("--page", default="../shared/corpus/readability/guardian-1/source.html")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_kb(args.cli, tmp)
        print(f"baseline RSS {base / 1024:.1f} MB")
        print("| input | size | time | result | peak RSS | over baseline |")
        print("|---|---|---|---|---|---|")
        for name, data in inputs(args.page):
            raw = data.encode() if isinstance(data, str) else data
            path = os.path.join(tmp, "in.html")
            open(path, "wb").write(raw)
            secs, result, kb = measure(args.cli, path)
            size = len(raw)
            mb = size / 1e6
            size_s = f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB"
            over = (kb - base) * 1024 / size
            print(f"| {name} | {size_s} | {secs:.2f} s | {result} | {kb / 1024:.0f} MB "
                  f"({kb * 1024 / size:.1f}×) | {over:.1f}× |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
