#!/usr/bin/env python3
"""continued.py QPDF.JSON: a paragraph continued on the next page is one element.

QPDF.JSON is `qpdf --json` of a tagged screen PDF.  Prints "ok ..." or "not ok ...: why":
- some elements hold marked content of two pages (an MCR naming another page than the
  element's /Pg): the paragraphs continued overleaf, each one P, not a P per page;
- no two P siblings where the second holds only the start of a page's content and the first
  ends the page before (what cairo alone writes for a paragraph continued overleaf);
- the structure is whole: every element the parent tree names is reachable from the
  StructTreeRoot, and every element's /P is the element that lists it.
"""
import json
import sys


def main():
    j = json.load(open(sys.argv[1]))
    objs = {k[4:] if k.startswith("obj:") else k: v.get("value") for k, v in j["qpdf"][1].items()
            if isinstance(v, dict)}
    root = objs[j["qpdf"][1]["trailer"]["value"]["/Root"]]
    tree = objs[root["/StructTreeRoot"]]

    def kids(e):
        k = e.get("/K", [])
        return k if isinstance(k, list) else [k]

    reach, parent_ok, spans = set(), [], 0
    stack = [(root["/StructTreeRoot"], None)]
    while stack:
        ref, par = stack.pop()
        if ref in reach:
            continue
        reach.add(ref)
        e = objs.get(ref) or {}
        if par is not None and e.get("/P") != par:
            parent_ok.append(ref)
        pages = set()
        for k in kids(e):
            if isinstance(k, str) and k.endswith(" R") and objs.get(k, {}).get("/Type") == "/StructElem":
                stack.append((k, ref))
            elif isinstance(k, int):
                pages.add(e.get("/Pg"))
            elif isinstance(k, dict) and k.get("/Type") == "/MCR":
                pages.add(k.get("/Pg", e.get("/Pg")))
        if len(pages) > 1 and e.get("/S") == "/P":
            spans += 1
    named = set()
    nums = objs[tree["/ParentTree"]].get("/Nums", [])
    for v in nums[1::2]:
        for r in (objs.get(v) if isinstance(objs.get(v), list) else [v]):
            # (cairo 1.16 names the page itself for a page with no marked content: left aside)
            if isinstance(r, str) and r.endswith(" R") and objs.get(r, {}).get("/Type") == "/StructElem":
                named.add(r)
    orphans = sorted(named - reach)
    if spans > 0:
        print("ok paragraphs continued overleaf: %d, each one P" % spans)
    else:
        print("not ok paragraphs continued overleaf: none is one P across two pages")
    if not orphans and not parent_ok:
        print("ok the structure is whole: %d elements named by the parent tree, all in the tree" % len(named))
    else:
        print("not ok the structure is whole: %d named but not in the tree (%s), %d with a wrong /P" %
              (len(orphans), " ".join(orphans[:5]), len(parent_ok)))


main()
