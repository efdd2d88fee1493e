#!/usr/bin/env python3
"""links.py QPDF.JSON: every link and bookmark of a screen PDF goes somewhere, and its name,
page-label, parent and structure trees hold together.

QPDF.JSON is `qpdf --json` (version 2) of the PDF.  Prints "ok NAME" or "not ok NAME: why":
- links: every /Link annotation inside the document (/Dest, a name or an array, or a GoTo
  action) reaches a page of the document through the catalog's name tree;
- outline: every bookmark does, each item's /Parent, /Prev, /Next, /First, /Last and /Count
  agree, and the bookmarks point at pages in order;
- names: the name tree's keys are sorted and unique (viewers search it by halving);
- page labels: one number tree, keys ascending from 0, all pages labelled, no two alike;
- parent tree: its keys are unique and ascending; every link's /StructParent is one of them,
  naming the Link element that holds it; a page's /StructParents names elements on that page
  (each an array; an empty one for a page without marked content: cairo once wrote the page
  itself there);
- structure: one Document under the StructTreeRoot, and every element's /P is the element
  whose /K holds it.
"""
import sys

import qpdfjson


def main():
    objs, trailer, j = qpdfjson.load(sys.argv[1])

    def get(v):
        while isinstance(v, str) and v.endswith(" R") and v in objs:
            v = objs[v]
        return v

    def s(v):
        return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v

    root = get(trailer["/Root"])
    pages = []

    def walk_pages(node):
        n = get(node)
        if n.get("/Type") == "/Pages":
            for kid in n["/Kids"]:
                walk_pages(kid)
        else:
            pages.append(node)

    walk_pages(root["/Pages"])
    page_index = {p: i for i, p in enumerate(pages)}

    # the name tree
    names, bad_order = {}, []

    def walk_names(node):
        n = get(node)
        for kid in n.get("/Kids", []):
            walk_names(kid)
        arr = n.get("/Names", [])
        keys = [s(arr[i]) for i in range(0, len(arr), 2)]
        if keys != sorted(keys) or len(set(keys)) != len(keys):
            bad_order.append(keys)
        for i in range(0, len(arr), 2):
            names[s(arr[i])] = get(arr[i + 1])

    dests_root = get(root.get("/Names", {})).get("/Dests") if "/Names" in root else None
    if dests_root is not None:
        walk_names(dests_root)
    print("ok names: %d, sorted" % len(names) if not bad_order and names else
          "not ok names: %d names, %d nodes out of order" % (len(names), len(bad_order)))

    def resolve(d):
        """The page index a destination reaches, or None."""
        d = get(d)
        if isinstance(d, dict):
            d = get(d.get("/D"))
        if isinstance(d, str):
            d = names.get(s(d))
            if isinstance(d, dict):
                d = get(d.get("/D"))
        if isinstance(d, list) and d and d[0] in page_index:
            return page_index[d[0]]
        return None

    # the links
    internal, dangling = 0, []
    annots = {}
    for p in pages:
        for a in get(p).get("/Annots", []) or []:
            ad = get(a)
            annots[a] = (p, ad)
            if ad.get("/Subtype") != "/Link":
                continue
            target = ad.get("/Dest")
            act = get(ad.get("/A")) if "/A" in ad else None
            if target is None and isinstance(act, dict) and act.get("/S") == "/GoTo":
                target = act.get("/D")
            if target is None:
                continue
            internal += 1
            if resolve(target) is None:
                dangling.append("%s on page %d: %s" % (a, page_index[p] + 1, s(target)))
    print("ok links: %d inside the document, each reaches a page" % internal if internal and not dangling else
          "not ok links: %d of %d dangle: %s" % (len(dangling), internal, "; ".join(dangling[:5])))

    # the outline
    problems, targets, count = [], [], [0]

    def walk_outline(node, parent, depth):
        n = get(node)
        kid, prev, seen = n.get("/First"), None, 0
        while kid is not None:
            k = get(kid)
            seen += 1
            count[0] += 1
            if k.get("/Parent") != node:
                problems.append("%s: /Parent %s, not %s" % (kid, k.get("/Parent"), node))
            if k.get("/Prev") != prev:
                problems.append("%s: /Prev %s, not %s" % (kid, k.get("/Prev"), prev))
            t = resolve(k["/Dest"]) if "/Dest" in k else resolve(k.get("/A")) if "/A" in k else None
            if t is None:
                problems.append("%s (%s) goes nowhere" % (kid, s(k.get("/Title"))))
            targets.append(t if t is not None else -1)
            sub = walk_outline(kid, node, depth + 1)
            if "/Count" in k and abs(k["/Count"]) != sub:
                problems.append("%s: /Count %s, %d children" % (kid, k["/Count"], sub))
            if "/First" in k and depth > 8:
                problems.append("too deep")
            prev, kid = kid, k.get("/Next")
        if seen and n.get("/Last") != prev:
            problems.append("%s: /Last %s, not %s" % (node, n.get("/Last"), prev))
        return seen

    if "/Outlines" in root:
        walk_outline(root["/Outlines"], None, 0)
    if targets != sorted(targets):
        problems.append("bookmarks out of page order")
    print("ok outline: %d bookmarks, each reaches a page, in order" % count[0] if count[0] and not problems else
          "not ok outline: %d bookmarks: %s" % (count[0], "; ".join(problems[:5])))

    # the page labels
    pl = get(root.get("/PageLabels"))
    nums = pl.get("/Nums", []) if isinstance(pl, dict) else []
    keys = nums[0::2]
    labels = j.get("pagelabels", [])
    problems = []
    if not keys or keys[0] != 0 or keys != sorted(set(keys)) or keys[-1] >= len(pages):
        problems.append("keys %s" % keys[:10])
    texts = []
    for i in range(len(pages)):
        k = max(x for x in keys if x <= i) if keys else None
        d = get(nums[2 * keys.index(k) + 1]) if k is not None else {}
        style = d.get("/S")
        n = d.get("/St", 1) + i - k if k is not None else None
        texts.append((s(d.get("/P", "")), style, n if style else None))
    if len(set(texts)) != len(texts):
        problems.append("two pages labelled alike")
    print("ok page labels: %d pages, %d ranges" % (len(pages), len(keys)) if not problems else
          "not ok page labels: %s" % "; ".join(problems))

    # the parent tree
    st = get(root.get("/StructTreeRoot"))
    problems = []
    pt = get(st.get("/ParentTree")) if isinstance(st, dict) else None
    pnums = pt.get("/Nums", []) if isinstance(pt, dict) else []
    pkeys = pnums[0::2]
    if pkeys != sorted(set(pkeys)):
        problems.append("keys not ascending and unique")
    ptree = dict(zip(pkeys, pnums[1::2]))
    unused = 0
    for p in pages:
        pd = get(p)
        if "/StructParents" not in pd:
            continue
        arr = get(ptree.get(pd["/StructParents"]))
        if not isinstance(arr, list):	# cairo 1.16 wrote the page itself here
            problems.append("page %d: its /StructParents key %s holds no array" % (page_index[p] + 1, pd["/StructParents"]))
            continue
        if not arr:
            unused += 1	# a page with no marked content: an empty array
        for e in arr:
            ed = get(e)
            if isinstance(ed, dict) and ed.get("/Pg") not in (p, None):
                kids = ed.get("/K") if isinstance(ed.get("/K"), list) else [ed.get("/K")]
                if not any(isinstance(get(x), dict) and get(x).get("/Pg") == p for x in kids):
                    problems.append("page %d: element %s is on another page" % (page_index[p] + 1, e))
    for a, (p, ad) in annots.items():
        if "/StructParent" not in ad:
            continue
        el = get(ptree.get(ad["/StructParent"]))
        kids = el.get("/K") if isinstance(el, dict) else None
        kids = kids if isinstance(kids, list) else [kids]
        if not any(isinstance(get(x), dict) and get(x).get("/Obj") == a for x in kids):
            problems.append("link %s: key %s names no element holding it" % (a, ad["/StructParent"]))
    print("ok parent tree: %d keys, pages and links agree (%d pages without content)" % (len(pkeys), unused) if pkeys and not problems else
          "not ok parent tree: %s" % "; ".join(problems[:5]))

    # the structure tree
    problems = []
    top = st.get("/K") if isinstance(st, dict) else None
    top = top if isinstance(top, list) else [top]
    if len(top) != 1 or get(top[0]).get("/S") != "/Document":
        problems.append("the root holds %d elements, not one Document" % len(top))
    nelem = 0
    stack = [(t, st_ref) for t, st_ref in [(top[0], trailer["/Root"] and root.get("/StructTreeRoot"))]] if top else []
    while stack:
        ref, parent = stack.pop()
        e = get(ref)
        if not isinstance(e, dict) or e.get("/Type") not in ("/StructElem", None) or "/S" not in e:
            continue
        nelem += 1
        if e.get("/P") != parent:
            problems.append("%s: /P %s, not %s" % (ref, e.get("/P"), parent))
        kids = e.get("/K")
        for k in kids if isinstance(kids, list) else [kids]:
            if isinstance(k, str) and k.endswith(" R") and isinstance(get(k), dict) and "/S" in get(k):
                stack.append((k, ref))
    print("ok structure: one Document, %d elements, each /P its parent" % nelem if not problems else
          "not ok structure: %s" % "; ".join(problems[:5]))


main()
