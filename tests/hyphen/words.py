#!/usr/bin/env python3
"""words.py DIR... [-- DIC...]: the words to hyphenate in a comparison, one per line.

Every word (letters only, in lower case) of the XML files under each DIR, and the letters of
every pattern of each DIC (digits and dots taken out), once each, sorted."""
import os
import re
import sys

args = sys.argv[1:]
dirs, dics = (args[:args.index("--")], args[args.index("--") + 1:]) if "--" in args else (args, [])
words = set()
for d in dirs:
    for root, _, files in os.walk(d):
        for f in files:
            if f.endswith(".xml"):
                text = open(os.path.join(root, f), encoding="utf-8").read()
                text = re.sub(r"<[^>]*>", " ", text)
                words.update(w.lower() for w in re.findall(r"[^\W\d_]+", text))
for dic in dics:
    lines = open(dic, encoding="utf-8").read().splitlines()[1:]
    for line in lines:
        if line and not line.startswith("%") and not line[0].isupper():
            w = re.sub(r"[\d.]", "", line.strip())
            if w.isalpha():
                words.add(w.lower())
for w in sorted(words):
    print(w)
