#!/usr/bin/env python3
"""mktree.py DIR CASE: a copy of guide-src/ (Spanish only) with blocks that do not fit a page.

CASE is one of:
  wide-table   a table of 10 columns (the layout used to keep 8)
  tall-row     a table row whose cell holds 1,600 words (taller than a page)
  tall-notice  a notice of 1,600 words
  long-word    a 300-letter word in a paragraph, a narrow table cell and a notice's heading
The blocks go at the start of INM's welcome section; every word in them is made up, so each can
be looked for in the outputs (tests/parity/words.py).
"""
import random
import re
import shutil
import sys

SYL = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "ca",
       "de", "fi", "go", "ju", "le", "mo", "nu", "pa", "ri", "so", "tu"]


def made_up(rng, n):
    """n distinct made-up words of 3 to 5 syllables"""
    seen = set()
    out = []
    while len(out) < n:
        w = "".join(rng.choice(SYL) for _ in range(rng.randint(3, 5)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def blocks(case, rng):
    if case == "wide-table":
        head = "".join(f"<cell>columna {w}</cell>" for w in made_up(rng, 10))
        rows = "".join("<row>" + "".join(f"<cell>{w}</cell>" for w in made_up(rng, 10)) + "</row>"
                       for _ in range(3))
        return f"<table><caption>Una tabla de diez columnas</caption><header>{head}</header>{rows}</table>"
    if case == "tall-row":
        cell = " ".join(made_up(rng, 1600)) + "."
        return ("<table><caption>Una fila muy alta</caption><header><cell>Concepto</cell><cell>Detalle</cell></header>"
                f"<row><cell>Fila larga</cell><cell>{cell}</cell></row>"
                "<row><cell>Fila corta</cell><cell>Despues de la fila larga.</cell></row></table>")
    if case == "tall-notice":
        return f"<notice type=\"important\"><p>{' '.join(made_up(rng, 1600))}.</p></notice>"
    if case == "long-word":
        # no vowel: hyphenation finds no place to break it
        w = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(300))
        return (f"<p>Una palabra muy larga: {w} en un parrafo.</p>"
                "<table><caption>Columnas estrechas</caption><header><cell>Uno</cell><cell>Dos</cell>"
                "<cell>Tres</cell><cell>Cuatro</cell><cell>Cinco</cell><cell>Seis</cell></header>"
                f"<row><cell>{w}</cell><cell>corto</cell><cell>corto</cell><cell>corto</cell>"
                "<cell>corto</cell><cell>corto</cell></row></table>"
                f"<notice type=\"tip\"><title>Titulo con {w}</title><p>Texto.</p></notice>")
    raise SystemExit(f"mktree.py: unknown case {case}")


def main():
    dest, case = sys.argv[1], sys.argv[2]
    shutil.copytree("guide-src", dest)
    for ed in ("2026-invierno", "2026-verano"):
        p = f"{dest}/editions/{ed}.xml"
        s = open(p, encoding="utf-8").read()
        open(p, "w", encoding="utf-8").write(s.replace(' languages="es en"', ""))
    p = f"{dest}/agencies/inm.xml"
    s = open(p, encoding="utf-8").read()
    title = re.search(r'(<section id="inm-bienvenida">\s*<title>.*?</title>)', s, re.S)
    s = s[:title.end()] + blocks(case, random.Random(case)) + s[title.end():]
    open(p, "w", encoding="utf-8").write(s)


if __name__ == "__main__":
    main()
