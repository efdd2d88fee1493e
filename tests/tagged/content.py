#!/usr/bin/env python3
"""content.py QDF.PDF: every mark a tagged PDF's pages paint is in the structure or an artifact.

QDF.PDF is the screen PDF through `qpdf --qdf --object-streams=disable` (its content streams
uncompressed, each after a "%% Contents for page N" comment).  Each page's content is read
operator by operator, with the marked-content sequences open (BDC/BMC ... EMC).  Every text
shown (Tj, TJ, ', "), path painted (f, F, f*, S, s, B, B*, b, b*), image or form drawn (Do, an
inline image) and shading (sh) must be inside a sequence with an /MCID (structure content) or
inside an /Artifact (PDF/UA-1 7.1, the veraPDF rule "content shall be marked as Artifact or
tagged as real content").  Prints one line per check, "ok ..." or "not ok ...: why":
- no mark outside both (the count of each kind);
- some artifacts (the folios, the running heads): a page that has them marks them;
- marked-content sequences balance and nest within each page's stream;
- every link annotation has /Contents, its alternate description (PDF/UA-1 7.18.5);
- the XMP metadata identifies the file as PDF/UA-1 (pdfuaid:part 1, PDF/UA-1 5).
"""
import re
import sys

TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\f\r ]+)
  | (?P<comment>%[^\r\n]*)
  | (?P<string>\()
  | (?P<hex><[^<>]*>)
  | (?P<dict><<|>>)
  | (?P<array>[\[\]{}])
  | (?P<name>/[^\x00\t\n\f\r ()<>\[\]{}/%]*)
  | (?P<word>[^\x00\t\n\f\r ()<>\[\]{}/%]+)
""", re.X)
PAINT = {b"Tj": "text", b"TJ": "text", b"'": "text", b'"': "text",
         b"f": "path", b"F": "path", b"f*": "path", b"S": "path", b"s": "path",
         b"B": "path", b"B*": "path", b"b": "path", b"b*": "path",
         b"Do": "image", b"EI": "image", b"sh": "shading"}
NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)$")


def string_end(s, i):
    depth = 0
    while i < len(s):
        c = s[i:i + 1]
        if c == b"\\":
            i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def operators(s):
    """(operator, operands) of a content stream."""
    i, operands = 0, []
    while i < len(s):
        m = TOKEN.match(s, i)
        if m is None:
            i += 1
            continue
        kind, tok = m.lastgroup, m.group()
        if kind == "string":
            j = string_end(s, i)
            operands.append(s[i:j])
            i = j
            continue
        i = m.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "word" and not NUMBER.match(tok) and tok not in (b"true", b"false", b"null"):
            if tok == b"ID":            # an inline image's data, up to EI
                j = re.compile(rb"\sEI(\s|$)").search(s, i)
                i = j.start() + 1 if j else len(s)
            yield tok, operands
            operands = []
        else:
            operands.append(tok)


def main():
    data = open(sys.argv[1], "rb").read()
    pages = re.split(rb"%% Contents for page \d+\n", data)[1:]
    counts = {"structure": {}, "artifact": {}, "none": {}}
    bad, unbalanced = [], []
    for n, page in enumerate(pages, 1):
        m = re.search(rb"\nstream\n(.*?)\nendstream", page, re.S)
        if m is None:
            unbalanced.append("page %d: no content stream" % n)
            continue
        stack = []
        for op, args in operators(m.group(1)):
            if op in (b"BDC", b"BMC"):
                tag = args[0] if args else b"?"
                stack.append((tag, op == b"BDC" and b"/MCID" in b" ".join(args)))
            elif op == b"EMC":
                if not stack:
                    unbalanced.append("page %d: EMC with no sequence open" % n)
                else:
                    stack.pop()
            elif op in PAINT:
                where = ("artifact" if any(t == b"/Artifact" for t, _ in stack) else
                         "structure" if any(mc for _, mc in stack) else "none")
                c = counts[where]
                c[PAINT[op]] = c.get(PAINT[op], 0) + 1
                if where == "none" and len(bad) < 10:
                    bad.append("page %d: %s %s outside the structure and not an artifact" %
                               (n, PAINT[op], op.decode("latin-1")))
        if stack:
            unbalanced.append("page %d: %d sequences left open" % (n, len(stack)))

    def say(c):
        return ", ".join("%d %s" % (v, k) for k, v in sorted(c.items())) or "nothing"
    if pages and not bad and not counts["none"]:
        print("ok every mark is structure content (%s) or an artifact (%s) on %d pages" %
              (say(counts["structure"]), say(counts["artifact"]), len(pages)))
    else:
        print("not ok every mark is structure content or an artifact: %s unmarked; %s" %
              (say(counts["none"]), "; ".join(bad) or "no pages"))
    if counts["artifact"].get("text", 0) >= len(pages) // 2:
        print("ok running heads and folios are artifacts (%d texts)" % counts["artifact"]["text"])
    else:
        print("not ok running heads and folios are artifacts: %d artifact texts on %d pages" %
              (counts["artifact"].get("text", 0), len(pages)))
    if pages and not unbalanced:
        print("ok marked content balanced on every page")
    else:
        print("not ok marked content balanced on every page: %s" % "; ".join(unbalanced[:10]))

    annots = re.findall(rb"\n\d+ 0 obj\n<<(?:(?!endobj).)*?/Subtype /Link(?:(?!endobj).)*?endobj", data, re.S)
    bare = [a for a in annots if b"/Contents" not in a]
    if annots and not bare:
        print("ok every link annotation (%d) has /Contents" % len(annots))
    else:
        print("not ok every link annotation has /Contents: %d of %d without" % (len(bare), len(annots)))
    if re.search(rb"<pdfuaid:part>1</pdfuaid:part>", data) and b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' in data:
        print("ok the XMP metadata says PDF/UA-1 (pdfuaid:part 1)")
    else:
        print("not ok the XMP metadata says PDF/UA-1 (pdfuaid:part 1)")


main()
