#!/usr/bin/env python3
"""random.py PAISANO TEMPLATE N SEED: N pattern files made at random (seeded: the same files on
every run) over a few letters, accents and a ligature, with minimums, comments, empty lines,
digits anywhere but before a word's start, and a file end with or without a line end; each
hyphenates 60 random words with `paisano pages --hyphenate`, ours against libhyphen's
(PAISANO_HYPHEN=libhyphen). TEMPLATE is a template whose Spanish dictionary is DICT, replaced.
Prints the first file whose words differ; exit 1 then."""
import os
import random
import subprocess
import sys
import tempfile

paisano, template, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
letters = "abcéﬃ"
tmp = tempfile.mkdtemp()
tpl = open(template, encoding="utf-8").read()


def pattern():
    p = ""
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.4:
            p += str(rng.randint(0, 9))
        p += rng.choice(letters)
    if rng.random() < 0.3:
        p += str(rng.randint(0, 9))
    if rng.random() < 0.2:
        p = "." + p.lstrip("0123456789")
    if rng.random() < 0.2:
        p = p.rstrip("0123456789") + "."
    if rng.random() < 0.05:
        p += " x1"
    return p


def line():
    r = rng.random()
    if r < 0.05:
        return f"LEFTHYPHENMIN {rng.randint(-1, 4)}"
    if r < 0.1:
        return f"RIGHTHYPHENMIN {rng.randint(-1, 4)}"
    if r < 0.12:
        return "%a1b"
    if r < 0.14:
        return ""
    return pattern()


ref = dict(os.environ, PAISANO_HYPHEN="libhyphen",
           ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
for i in range(n):
    lines = ["UTF-8"] + [line() for _ in range(rng.randint(0, 40))]
    dic = os.path.join(tmp, f"{i}.dic")
    with open(dic, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + ("\n" if rng.random() < 0.8 else ""))
    t = os.path.join(tmp, f"{i}.xml")
    with open(t, "w", encoding="utf-8") as f:
        f.write(tpl.replace("DICT", dic))
    words = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(60))
    outs = []
    for env in (os.environ, ref):
        r = subprocess.run([paisano, "pages", "-t", t, "--lang", "es", "--hyphenate", words],
                           env=env, capture_output=True, text=True)
        if r.returncode != 0 or "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
            sys.exit(f"file {i}: exit {r.returncode}: {r.stderr[:2000]}")
        outs.append(r.stdout)
    if outs[0] != outs[1]:
        print("\n".join(lines))
        print(f"ours:      {outs[0]}libhyphen: {outs[1]}")
        sys.exit(1)
print(f"{n} files, {n * 60} words, the same points")
