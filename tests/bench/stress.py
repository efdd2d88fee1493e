#!/usr/bin/env python3
"""stress.py SRC DEST COPIES: a stress edition generated deterministically from the sources.

Copies the source tree SRC to DEST and repeats every section of the 2026-invierno edition
COPIES times (COPIES=1 is the bundled edition), each copy with its own ids and varied text: the
sentences of every paragraph are rotated by the copy number, so line breaks and hyphenation
differ from copy to copy.  A copy is about 78 pages: 13 copies make a 1,000-page booklet.
"""
import re
import shutil
import sys

src, dest, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.rmtree(dest, ignore_errors=True)
shutil.copytree(src, dest)
ed_path = f"{dest}/editions/2026-invierno.xml"
# The stress edition is in Spanish only: its text is rotated, which would leave the English
# translations out of date (the bundled edition measures the English separately).
edition = open(ed_path, encoding="utf-8").read().replace(' languages="es en"', "")
open(ed_path, "w", encoding="utf-8").write(edition)
included = re.findall(r'<include section="([^"]+)"/>', edition)


def rotate_sentences(m, k):
    body = m.group(2)
    if "<" in body:            # inline markup: keep it as it is
        return m.group(0)
    parts = re.split(r"(?<=[.:;]) ", body)
    k %= max(len(parts), 1)
    return m.group(1) + " ".join(parts[k:] + parts[:k]) + m.group(3)


agencies = {}
for sid in included:
    agency = sid.split("-")[0] if not sid.startswith("guardia-nacional") else "guardia-nacional"
    agencies.setdefault(agency, []).append(sid)

extra = {}
for agency, sids in agencies.items():
    path = f"{dest}/agencies/{agency}.xml"
    text = open(path, encoding="utf-8").read()
    blocks = []
    for sid in sids:
        start = text.index(f'<section id="{sid}"')
        depth, i = 0, start
        while True:                      # the matching </section>, counting nested ones
            o, c = text.find("<section", i + 1), text.find("</section>", i + 1)
            if o != -1 and o < c:
                depth, i = depth + 1, o
            elif depth:
                depth, i = depth - 1, c
            else:
                end = c + len("</section>")
                break
        section = text[start:end]
        for k in range(2, copies + 1):
            copy = re.sub(r'(<section id="|<form id=")([^"]+)"', lambda m: f'{m.group(1)}{m.group(2)}-r{k}"', section)
            copy = re.sub(r'(<text xml:lang="es">)([^<]*)(</text>)', lambda m: rotate_sentences(m, k), copy)
            blocks.append(copy)
            extra.setdefault(sid, []).append(f"{sid}-r{k}")
    text = text.replace("</agency>", "\n".join(blocks) + "\n</agency>")
    open(path, "w", encoding="utf-8").write(text)

for sid, more in extra.items():
    edition = edition.replace(f'<include section="{sid}"/>',
                              f'<include section="{sid}"/>' + "".join(f'\n      <include section="{m}"/>' for m in more))
open(ed_path, "w", encoding="utf-8").write(edition)
