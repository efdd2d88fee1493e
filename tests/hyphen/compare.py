#!/usr/bin/env python3
"""compare.py PAISANO TEMPLATE LANG WORDS: hyphenates every word of the file WORDS (one a line)
with `paisano pages --hyphenate`, with our pattern matcher and with libhyphen's
(PAISANO_HYPHEN=libhyphen), and prints the words whose points differ; exit 1 if any does."""
import os
import subprocess
import sys

paisano, template, lang, path = sys.argv[1:5]
words = open(path, encoding="utf-8").read().split()


def hyphenate(chunk, env):
    r = subprocess.run([paisano, "pages", "-t", template, "--lang", lang, "--hyphenate", " ".join(chunk)],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0 or "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
        sys.exit(f"exit {r.returncode}: {r.stderr[:2000]}")
    return r.stdout.split()


ours, lib = [], []
# libhyphen leaks the first of a pattern given twice: no leak check on the reference's runs
# (the files our reader leaves to libhyphen are read by it on our side too, checked)
ref = dict(os.environ, PAISANO_HYPHEN="libhyphen",
           ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
for i in range(0, len(words), 4000):
    chunk = words[i:i + 4000]
    ours += hyphenate(chunk, os.environ)
    lib += hyphenate(chunk, ref)
bad = [(a, b) for a, b in zip(ours, lib) if a != b]
for a, b in bad[:20]:
    print(f"ours {a}, libhyphen {b}")
print(f"{len(words)} words, {sum('-' in b for b in lib)} with points, {len(bad)} differ")
sys.exit(1 if bad or len(ours) != len(words) or len(lib) != len(words) else 0)
