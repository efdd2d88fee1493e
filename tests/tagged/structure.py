#!/usr/bin/env python3
"""structure.py SCREEN.PDF STRUCT.TXT QPDF.JSON HTMLDIR: the tagged screen PDF read back.

STRUCT.TXT is `pdfinfo -struct-text` of the PDF, QPDF.JSON `qpdf --json` of it.  Prints one
line per check, "ok NAME" or "not ok NAME: why":
- its H1-H3 headings, in order, are the web edition's (HTMLDIR: index.html, then each page its
  contents, <nav class="toc">, links to, in that order; a page's h1 is a chapter, H2 in the one document that
  the PDF is, so the other pages' levels go one down; headings in an <aside>, the emergency
  numbers repeated on every page, are left out; text compared without
  whitespace: poppler's structure text has no spaces between the words the layout placed,
  and without the cover's "·", where the title is set on two lines);
- every Table has header cells (TH) and every TH a /Scope;
- every Figure has /Alt text;
- the structure holds the page's text: at least 97 % of the characters pdftotext finds (the
  rest are running heads and folios, which are artifacts);
- the catalog is marked, has /Lang and DisplayDocTitle; every page /Tabs /S.
"""
import html.parser
import os
import re
import subprocess
import sys

import qpdfjson


def norm(s):
    return re.sub(r"[\s·\u00ad]", "", s)


def pdf_headings(path):
    """(level, text) of each H1-H3 of `pdfinfo -struct-text`, in order."""
    out, cur, depth = [], None, -1
    for line in open(path, encoding="utf-8"):
        ind = len(line) - len(line.lstrip(" "))
        s = line.strip()
        if cur is not None and ind <= depth:
            out.append(cur)
            cur = None
        m = re.match(r"H([1-6])\b", s)
        if cur is None and m and int(m.group(1)) <= 3:
            cur, depth = [int(m.group(1)), ""], ind
            continue
        if cur is not None and s.startswith('"'):
            cur[1] += s[1:-1] if s.endswith('"') else s[1:]
    if cur is not None:
        out.append(cur)
    return [(lv, norm(t)) for lv, t in out]


class Headings(html.parser.HTMLParser):
    """A page's headings (levels moved by `shift`, those up to 3 kept) and its links."""

    def __init__(self, shift):
        super().__init__()
        self.out, self.cur, self.shift, self.aside, self.links = [], None, shift, 0, []
        self.toc, self.depth = None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "aside":
            self.aside += 1
        if tag == "nav":
            self.depth += 1
            if "toc" in (dict(attrs).get("class") or "").split():
                self.toc = self.depth
        if tag == "a" and self.toc is not None:
            href = dict(attrs).get("href") or ""
            if re.fullmatch(r"[\w-]+\.html(#.*)?", href):
                self.links.append(href.split("#")[0])
        if re.fullmatch(r"h[1-6]", tag) and not self.aside:
            self.cur = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if tag == "aside":
            self.aside -= 1
        if tag == "nav":
            if self.toc == self.depth:
                self.toc = None
            self.depth -= 1
        if self.cur is not None and tag == "h%d" % self.cur[0]:
            if self.cur[0] + self.shift <= 3:
                self.out.append((self.cur[0] + self.shift, norm(self.cur[1])))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[1] += data


def main():
    pdf, struct, qj, hdir = sys.argv[1:5]
    first = Headings(0)
    first.feed(open(os.path.join(hdir, "index.html"), encoding="utf-8").read())
    want, seen = list(first.out), {"index.html"}
    for page in first.links:
        if page in seen or not os.path.exists(os.path.join(hdir, page)):
            continue
        seen.add(page)
        h = Headings(1)
        h.feed(open(os.path.join(hdir, page), encoding="utf-8").read())
        want += h.out
    got = pdf_headings(struct)
    if want == got and want:
        print("ok headings: the web edition's %d headings of its %d pages, in order" % (len(want), len(seen)))
    else:
        for i, (a, b) in enumerate(zip(want + [None] * len(got), got + [None] * len(want))):
            if a != b:
                print("not ok headings: the %dth differs: html %r, pdf %r (html %d, pdf %d)" % (i + 1, a, b, len(want), len(got)))
                break

    st = open(struct, encoding="utf-8").read()
    a = sum(len(re.sub(r"\s", "", m)) for m in re.findall(r'^ *"(.*)"$', st, re.M))
    t = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
    b = len(re.sub(r"\s", "", t))
    if b > 0 and a >= 0.97 * b:
        print("ok text: %d of the %d characters on the pages are in the structure" % (a, b))
    else:
        print("not ok text: only %d of the %d characters on the pages are in the structure" % (a, b))

    objs, trailer, j = qpdfjson.load(qj)
    elems = {k: v for k, v in objs.items() if isinstance(v, dict) and v.get("/Type") == "/StructElem"}
    kids = {}
    for k, v in elems.items():
        kids.setdefault(v.get("/P"), []).append(k)

    def below(k):
        for c in kids.get(k, []):
            yield c
            yield from below(c)

    tables = [k for k, v in elems.items() if v["/S"] == "/Table"]
    bad = [k for k in tables if not any(elems[c]["/S"] == "/TH" for c in below(k))]
    noscope = [k for k, v in elems.items() if v["/S"] == "/TH" and "/Scope" not in v.get("/A", {})]
    if tables and not bad and not noscope:
        print("ok tables: %d, each with header cells, each TH with its scope" % len(tables))
    else:
        print("not ok tables: %d, without TH: %s, TH without /Scope: %s" % (len(tables), bad, noscope))
    figs = [v for v in elems.values() if v["/S"] == "/Figure"]
    noalt = [v for v in figs if not str(v.get("/Alt", "")).strip("u:")]
    if noalt:
        print("not ok figures: %d of %d without /Alt" % (len(noalt), len(figs)))
    else:
        print("ok figures: %d, each with /Alt" % len(figs))

    root = trailer["/Root"]
    cat = objs[root]
    probs = []
    if cat.get("/MarkInfo", {}).get("/Marked") is not True:
        probs.append("/MarkInfo")
    if "/Lang" not in cat:
        probs.append("/Lang")
    if cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        probs.append("DisplayDocTitle")
    if "/Metadata" not in cat:
        probs.append("/Metadata")
    pages = [objs[p["object"]] for p in j["pages"]]
    if not pages or any(p.get("/Tabs") != "/S" for p in pages):
        probs.append("/Tabs /S on every page")
    print("ok catalog and pages: marked, /Lang %s, DisplayDocTitle, XMP, /Tabs /S on %d pages" % (cat.get("/Lang"), len(pages))
          if not probs else "not ok catalog and pages: missing " + ", ".join(probs))


main()
