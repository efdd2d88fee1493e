#!/usr/bin/env python3
"""pages.py [--paisano BIN] [--templates DIR] [--src DIR] [--max-short N] [--max-apart PT] EDITION[:LANG]...:
how the pages of an edition end (issue 19).

Lays the edition out with `paisano pages --feet` (where each page's flow ends, and whether the
flow goes on overleaf) and prints, per edition and language:
  - body pages that should reach the foot of the text block (the flow goes on overleaf: not a
    chapter's last page) ending 1 / 2 / 3 or more lines short of it (a line: 12.6 pt);
  - the worst difference between where facing pages end, in pt, over the spreads (even page on
    the left) whose two pages both should reach the foot.
With --max-short N and --max-apart PT it is a test: it exits 1 if a page ends N lines or more
short, or facing pages end more than PT apart, but where a page is followed by a box taller
than the room left at its foot (`next=` > `room=`, `box`: the box cannot be cut, and the
page's spaces could not open enough).  With -v, lists the pages.
"""
import argparse
import subprocess
import sys

LEADING = 12.6


def feet(paisano, templates, src, edition, lang):
    cmd = [paisano, "pages", "--feet", "--edition", edition, "--lang", lang]
    if templates:
        cmd += ["--templates", templates]
    if src:
        cmd += ["--src", src]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    foot, pages = None, {}
    for line in out.splitlines():
        if line.startswith("text block foot "):
            foot = float(line.split()[3])
        elif line.startswith("foot "):
            f = line.split()
            n, y, flush = int(f[1]), float(f[2]), f[3] == "flush"
            kv = dict(a.split("=") for a in f[4:] if "=" in a)
            # a page may end short when what goes overleaf is a box taller than the room left
            boxed = flush and "box" in f[4:] and float(kv["next"]) > float(kv["room"])
            pages[n] = (y, flush, boxed)
    if foot is None:
        sys.exit(f"{' '.join(cmd)}: no feet in the output")
    return foot, pages


def figures(foot, pages):
    flush = {n: y for n, (y, f, b) in pages.items() if f}
    boxed = {n for n, (y, f, b) in pages.items() if b}
    short = {n: (foot - y) / LEADING for n, y in flush.items()}
    apart = [(n, n + 1, abs(flush[n] - flush[n + 1])) for n in flush if n % 2 == 0 and n + 1 in flush]
    return {
        "body": len(flush),
        "short": short,
        "s1": sorted(n for n, s in short.items() if 0.95 <= s < 1.95),
        "s2": sorted(n for n, s in short.items() if 1.95 <= s < 2.95),
        "s3": sorted(n for n, s in short.items() if s >= 2.95),
        "apart": apart,
        "worst": max(apart, key=lambda a: a[2]) if apart else (0, 0, 0.0),
        "boxed": boxed,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("editions", nargs="+", metavar="EDITION[:LANG]")
    ap.add_argument("--paisano", default="bin/paisano")
    ap.add_argument("--templates")
    ap.add_argument("--src")
    ap.add_argument("--max-short", type=float)
    ap.add_argument("--max-apart", type=float)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    bad = []
    for spec in args.editions:
        edition, _, lang = spec.partition(":")
        r = figures(*feet(args.paisano, args.templates, args.src, edition, lang or "es"))
        w = r["worst"]
        print(f"{edition} ({lang or 'es'}): {r['body']} pages the flow goes on from: ending 1 / 2 / 3+ lines short "
              f"{len(r['s1'])} / {len(r['s2'])} / {len(r['s3'])}; facing pages end up to {w[2]:.1f} pt apart"
              + (f" (pp. {w[0]}-{w[1]})" if w[2] > 0 else ""))
        if args.verbose:
            print("    short: " + ", ".join(f"p{n} {s:.1f}" + (" (a box follows)" if n in r["boxed"] else "")
                                          for n, s in sorted(r["short"].items()) if s >= 0.05))
            print("    apart: " + ", ".join(f"pp. {a}-{b} {d:.1f} pt" for a, b, d in r["apart"] if d >= 0.05))
        if args.max_short is not None:
            bad += [f"{spec}: page {n} ends {s:.1f} lines short" for n, s in r["short"].items()
                    if s >= args.max_short - 0.05 and n not in r["boxed"]]
        if args.max_apart is not None:
            bad += [f"{spec}: pages {a}-{b} end {d:.1f} pt apart" for a, b, d in r["apart"]
                    if d > args.max_apart and a not in r["boxed"] and b not in r["boxed"]]
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
