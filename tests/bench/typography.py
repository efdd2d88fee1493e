#!/usr/bin/env python3
"""typography.py PDF [PDF...]: how well the body text of a print PDF is set (issue 19).

Reads the word boxes of `pdftotext -bbox-layout` and prints, per PDF:
  - justified lines whose mean word space is > 1.5x / > 2x the natural space, and < 0.8x;
  - the median and 90th percentile of that ratio;
  - neighbouring justified lines of a paragraph whose ratios differ by more than 0.5;
  - hyphenated line ends (lines of a paragraph but its last one, ending in "-"), as a share of
    the line breaks; runs of 3 or more hyphenated lines, the longest;
  - paragraphs whose penultimate line is hyphenated;
  - last lines shorter than 5 characters;
  - a number split from the noun or unit that follows it ("vigencia de 5" / "años");
  - pages: body pages ending one / three or more lines short, facing pages whose last lines
    are more than half a line apart.
With -v, lists the lines behind each figure (page, text) to look at.

What counts: body text, i.e. lines whose boxes are as tall as the body size's (from the word
box height: ascender + descender of the font, read from the font file), grouped into
paragraphs by the leading (consecutive lines exactly one leading apart, the same left edge).
A paragraph is justified when its lines but the last end at one right edge and their spaces are
not all natural; ragged text (contact cards, the contents) is left out.  A paragraph that runs
over a page is joined to its end overleaf.  Word space ratio = the mean gap between the words
of a line / the space's advance in the body font at the body size (0.26 em in Noto Sans).

Options: --size PT (body size, 9.2), --leading PT (12.6), --font TTF (the body font:
fonts/NotoSans-Regular.ttf), -v.
"""
import argparse
import re
import statistics
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"

# Words that may follow a number without being its noun (the line may break after the number).
FUNCTION_WORDS = set("""
a al ante bajo con contra de del desde durante e en entre hacia hasta mediante o ni para por
según sin sobre tras u y que como cuando donde si se su sus el la las lo los un una unos unas es
son fue más menos ya no
and or of to in on at by for from with the a an as if is are was be that this than then
""".split())


def ttf_metrics(path):
    """(space advance, ascender, descender) in em, from the font's cmap, hmtx and hhea."""
    data = open(path, "rb").read()
    ntables = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(ntables):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = (off, length)
    head = tables["head"][0]
    upem = struct.unpack(">H", data[head + 18:head + 20])[0]
    hhea = tables["hhea"][0]
    asc, desc = struct.unpack(">hh", data[hhea + 4:hhea + 8])
    nhmetrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
    cmap = tables["cmap"][0]
    glyph = None
    for i in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        sub = cmap + off
        if struct.unpack(">H", data[sub:sub + 2])[0] != 4 or (pid, eid) not in ((3, 1), (0, 3), (0, 4)):
            continue
        segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
        ends = struct.unpack(f">{segx2 // 2}H", data[sub + 14:sub + 14 + segx2])
        base = sub + 16 + segx2
        starts = struct.unpack(f">{segx2 // 2}H", data[base:base + segx2])
        deltas = struct.unpack(f">{segx2 // 2}h", data[base + segx2:base + 2 * segx2])
        ro_at = base + 2 * segx2
        ros = struct.unpack(f">{segx2 // 2}H", data[ro_at:ro_at + segx2])
        for k, (s, e) in enumerate(zip(starts, ends)):
            if s <= 0x20 <= e:
                if ros[k] == 0:
                    glyph = (0x20 + deltas[k]) & 0xFFFF
                else:
                    at = ro_at + 2 * k + ros[k] + 2 * (0x20 - s)
                    glyph = (struct.unpack(">H", data[at:at + 2])[0] + deltas[k]) & 0xFFFF
                break
        if glyph is not None:
            break
    if glyph is None:
        sys.exit(f"typography: {path}: no space in the font's cmap")
    hmtx = tables["hmtx"][0]
    g = min(glyph, nhmetrics - 1)
    adv = struct.unpack(">H", data[hmtx + 4 * g:hmtx + 4 * g + 2])[0]
    return adv / upem, asc / upem, -desc / upem


class Line:
    def __init__(self, page, words):
        self.page = page
        self.words = words          # [(x0, x1, text)]
        self.x0 = words[0][0]
        self.x1 = max(w[1] for w in words)
        self.y0 = 0.0
        self.y1 = 0.0
        self.left = self.x0         # of the text, after a list's bullet or number
        self.ratio = None           # of a justified line
        self.last = False           # the paragraph's last line

    def text(self):
        return " ".join(w[2] for w in self.words)

    def gaps(self):
        return [b[0] - a[1] for a, b in zip(self.words, self.words[1:])]


def read_pdf(path):
    """The words of each page as (x0, y0, x1, y1, text), and the page size."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], check=True,
                         capture_output=True).stdout
    # pdftotext writes XHTML with named entities ElementTree does not know
    xml = re.sub(rb"&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)", b"&amp;", xml)
    root = ET.fromstring(xml)
    pages, size = [], (0.0, 0.0)
    for page in root.iter(NS + "page"):
        size = (float(page.get("width")), float(page.get("height")))
        pages.append([(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                       float(w.get("yMax")), w.text or "") for w in page.iter(NS + "word")])
    return pages, size


def body_lines(words, pn, height, natural):
    """The lines of body text of a page: its words as tall as the body size's, by baseline,
    cut where a gap is much wider than the line's others (table columns, a list's bullet; the
    spaces of a justified line are all equal) or wider than 8 spaces (the contents' tabs)."""
    rows = {}
    for w in words:
        if abs((w[3] - w[1]) - height) < 0.05:
            rows.setdefault(round(w[1] * 20), []).append(w)
    lines = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda w: w[0])
        gaps = [b[0] - a[2] for a, b in zip(row, row[1:])]
        usual = statistics.median(gaps) if len(gaps) >= 3 else min(gaps, default=0)
        cur = [row[0]]
        for w, g in zip(row[1:], gaps):
            if g > max(usual * 1.25 + 0.2, natural * 2.5) or g > natural * 8 or g < -0.5:
                lines.append(cur)
                cur = []
            cur.append(w)
        lines.append(cur)
    out = []
    for ws in lines:
        # a list's bullet, box or number hangs in the indent: not a word of the line
        if re.fullmatch(r"[^\w\s(¿¡«\"'$]|\d{1,2}[.)]", ws[0][4]) and \
                (len(ws) == 1 or ws[1][0] - ws[0][2] > natural * 1.2):
            ws = ws[1:]
        if not ws:
            continue
        ln = Line(pn, [(w[0], w[2], w[4]) for w in ws])
        ln.y0, ln.y1 = ws[0][1], ws[0][3]
        out.append(ln)
    return out


def paragraphs(pages, leading, height, natural):
    """Body lines grouped into paragraphs (per page): a line one leading under a paragraph's
    last line, at its left edge, continues it."""
    paras = []
    for pn, words in enumerate(pages, 1):
        lines = body_lines(words, pn, height, natural)
        open_ = []
        for ln in lines:
            for ch in open_:
                last = ch[-1]
                if abs(ln.y0 - last.y0 - leading) < 0.05 and abs(ln.x0 - last.x0) < 0.3:
                    ch.append(ln)
                    break
            else:
                ch = [ln]
                open_.append(ch)
                paras.append(ch)
    return paras


def analyse(path, args):
    space, asc, desc = ttf_metrics(args.font)
    natural = space * args.size
    height = (asc + desc) * args.size
    pages, size = read_pdf(path)
    chunks = paragraphs(pages, args.leading, height, natural)

    # Justified chunks: the lines but the last end at one right edge, and not all natural.
    just = []
    for ch in chunks:
        right = max(ln.x1 for ln in ch)
        flush = [abs(ln.x1 - right) < 0.3 and len(ln.words) > 1 for ln in ch]
        ratios = []
        for ln in ch:
            g = ln.gaps()
            ratios.append(statistics.fmean(g) / natural if g else None)
        stretched = [r is not None and abs(r - 1) > 0.003 for r in ratios]
        if len(ch) < 2 or not all(flush[:-1]) or not any(f and s for f, s in zip(flush, stretched)):
            # one line, or ragged: a single line that is stretched runs on overleaf
            if len(ch) == 1 and flush[0] and stretched[0]:
                ch[0].ratio = ratios[0]
                just.append({"lines": ch, "right": right, "cont": True})
            continue
        for ln, f, r in zip(ch, flush, ratios):
            ln.ratio = r if f else None
        cont = flush[-1] and stretched[-1]   # its last line is justified: continued overleaf
        just.append({"lines": ch, "right": right, "cont": cont})

    # Join a paragraph continued overleaf with the first paragraph of the next page that has
    # its width.
    paras, i = [], 0
    while i < len(just):
        p = just[i]
        lines = list(p["lines"])
        while p["cont"] and i + 1 < len(just):
            q = just[i + 1]
            if q["lines"][0].page != lines[-1].page + 1 or \
                    abs((q["right"] - q["lines"][0].left) - (p["right"] - lines[0].left)) > 0.5:
                break
            lines += q["lines"]
            i += 1
            p = q
        for ln in lines:
            ln.last = False
        if lines[-1].ratio is None or not p["cont"]:
            lines[-1].ratio = None
            lines[-1].last = True
        paras.append(lines)
        i += 1

    r = {}
    jl = [ln for p in paras for ln in p if ln.ratio is not None]
    ratios = sorted(ln.ratio for ln in jl)
    r["paragraphs"] = len(paras)
    r["multi"] = sum(1 for p in paras if len(p) >= 2)
    r["justified"] = len(jl)
    r["over15"] = [ln for ln in jl if ln.ratio > 1.5]
    r["over2"] = [ln for ln in jl if ln.ratio > 2]
    r["under08"] = [ln for ln in jl if ln.ratio < 0.8 - 1e-3]
    r["median"] = statistics.median(ratios) if ratios else 0
    r["p90"] = ratios[min(len(ratios) - 1, int(0.9 * len(ratios)))] if ratios else 0
    r["jumps"] = [b for p in paras for a, b in zip(p, p[1:])
                  if a.ratio is not None and b.ratio is not None and abs(a.ratio - b.ratio) > 0.5]
    breaks = [ln for p in paras for ln in p[:-1]]
    hy = [ln for ln in breaks if ln.words[-1][2].endswith(("-", "\u2010"))]
    r["breaks"] = len(breaks)
    r["hyphens"] = hy
    runs, longest = [], 0
    for p in paras:
        n = 0
        for ln in p[:-1] + [None]:
            if ln is not None and ln.words[-1][2].endswith(("-", "\u2010")):
                n += 1
                continue
            if n >= 3:
                runs.append((p, n))
            longest = max(longest, n)
            n = 0
    r["runs"] = runs
    r["longest"] = longest
    r["penult"] = [p[-2] for p in paras if len(p) >= 2 and p[-2].words[-1][2].endswith(("-", "\u2010"))]
    r["short"] = [p[-1] for p in paras if len(p) >= 2 and len(p[-1].text()) < 5]
    splits = []
    for p in paras:
        for a, b in zip(p, p[1:]):
            w, n = a.words[-1][2], b.words[0][2]
            if re.fullmatch(r"\d+([.,]\d+)*", w) and re.match(r"[^\W\d_]", n) and \
                    n.lower().strip(".,;:") not in FUNCTION_WORDS:
                splits.append(a)
    r["splits"] = splits
    r["pages"] = page_figures(pages, height, args.leading)
    return r


def page_figures(pages, height, leading):
    """Body pages that end short of the text area's foot, and facing pages that end apart.

    A body page has a running head (text as tall as the 7.2 pt head's, above the text) or a
    chapter number (taller than 30 pt): the cover, the contents, the notes pages and the
    colophon have neither.  Its end is the foot of its lowest word, but the folio; the foot of
    the text area is the lowest end of all.  A chapter's last page (the next one opens a chapter
    or is not a body page) may end short, and is left out.  Boxes (notices, cards, tables) end
    a padding below their text, which pdftotext does not see: a page that ends on one is taken
    for up to 0.6 line shorter than it is."""
    head_h = height * 7.2 / 9.2
    kind, ends = {}, {}
    for pn, ws in enumerate(pages, 1):
        if pn == 1 or not ws:
            continue
        head = [w for w in ws if abs((w[3] - w[1]) - head_h) < 0.05 and w[1] < 80]
        opening = any(w[3] - w[1] > 30 for w in ws)
        if not head and not opening:
            continue
        folio = max(w[1] for w in ws)
        rest = [w[3] for w in ws if w[1] < folio - 1 and w not in head]
        if rest:
            kind[pn] = "opening" if opening else "body"
            ends[pn] = max(rest)
    if not ends:
        return None
    foot = max(ends.values())
    body = [p for p in ends if p + 1 in ends and kind[p + 1] != "opening"]
    short = {p: (foot - ends[p]) / leading for p in body}
    facing = [(p, p + 1, abs(ends[p] - ends[p + 1])) for p in body if p % 2 == 0 and p + 1 in body]
    return {"body": len(body), "short1": sorted(p for p in body if short[p] >= 0.95),
            "short3": sorted(p for p in body if short[p] >= 2.95), "short": short, "facing": facing}


def show(title, lines, verbose, limit=400):
    if verbose and lines:
        print(f"    {title}:")
        for ln in lines[:limit]:
            extra = f" [{ln.ratio:.2f}]" if ln.ratio is not None else ""
            print(f"      p{ln.page}{extra}: {ln.text()}")


def report(path, r, verbose, leading):
    pct = lambda n, d: f"{100 * n / d:.0f} %" if d else "-"
    print(f"{path}: {r['paragraphs']} paragraphs ({r['multi']} of 2 lines or more), "
          f"{r['justified']} justified lines")
    print(f"  justified lines with spaces > 1.5x / > 2x natural   {len(r['over15'])} / {len(r['over2'])}")
    show("> 1.5x", r["over15"], verbose)
    print(f"  justified lines with spaces < 0.8x natural          {len(r['under08'])}")
    show("< 0.8x", r["under08"], verbose)
    print(f"  median / 90th percentile ratio                      {r['median']:.2f} / {r['p90']:.2f}")
    print(f"  neighbouring lines whose ratio differs by > 0.5     {len(r['jumps'])}")
    show("the second line of each pair", r["jumps"], verbose)
    print(f"  hyphenated line ends                                {len(r['hyphens'])} "
          f"({pct(len(r['hyphens']), r['breaks'])} of {r['breaks']} breaks)")
    print(f"  runs of 3 or more hyphenated lines                  {len(r['runs'])} (longest {r['longest']})")
    if verbose:
        for p, n in r["runs"]:
            print(f"      p{p[0].page}: {n} lines: {p[0].text()[:60]}...")
    print(f"  paragraphs whose penultimate line is hyphenated     {len(r['penult'])} of {r['multi']}")
    show("penultimate lines", r["penult"], verbose)
    print(f"  last lines shorter than 5 characters                {len(r['short'])}")
    show("last lines", r["short"], verbose)
    print(f"  number split from its noun                          {len(r['splits'])}")
    show("lines ending on the number", r["splits"], verbose)
    pg = r["pages"]
    if pg:
        far = [f for f in pg["facing"] if f[2] > 0.5 * leading]
        worst = max(pg["facing"], key=lambda f: f[2]) if pg["facing"] else (0, 0, 0)
        print(f"  body pages ending 1 / 3 or more lines short         {len(pg['short1'])} / "
              f"{len(pg['short3'])} of {pg['body']}")
        if verbose:
            print("      " + ", ".join(f"p{p} {pg['short'][p]:.1f}" for p in pg["short1"]))
        print(f"  facing pages ending apart (> half a line)           {len(far)} of {len(pg['facing'])} "
              f"(most: {worst[2]:.0f} pt, pp. {worst[0]}-{worst[1]})")
        if verbose:
            print("      " + ", ".join(f"pp. {a}-{b} {d:.0f} pt" for a, b, d in far))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="+")
    ap.add_argument("--size", type=float, default=9.2)
    ap.add_argument("--leading", type=float, default=12.6)
    ap.add_argument("--font", default="fonts/NotoSans-Regular.ttf")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    for path in args.pdf:
        report(path, analyse(path, args), args.verbose, args.leading)


if __name__ == "__main__":
    main()
