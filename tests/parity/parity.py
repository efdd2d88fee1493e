#!/usr/bin/env python3
"""parity.py INDEX.html PRINT.pdf SCREEN.pdf: the web and print editions say the same words.

Chapter by chapter, the words of each <section class="chapter"> of the HTML edition (one page
per chapter, in the order of the contents in INDEX.html) must be the
words pdftotext finds on that chapter's pages of the print PDF (chapter starts come from the
screen PDF's bookmarks: the same pages).  Running heads, folios, chapter numbers and step numbers are left
out, words broken at a line end are joined again, and cross-references are set aside because
they are meant to differ: "(ver pág. 23)" in print, a link "ver «Título»" on the web.
Two differences are expected and tolerated up to 1 % of a chapter's words (a dropped
paragraph is more): a table split across pages repeats its header row in print, and
pdftotext can scramble word order around two-column contact cards, which breaks the joining
of hyphenated words.  Prints every difference; exits 1 beyond the tolerance."""
import collections, html.parser, json, os, re, subprocess, sys

index, print_pdf, screen_pdf = sys.argv[1:4]
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


class Chapters(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chapters, self.depth, self.skip = [], 0, 0
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            if "chapter" in (a.get("class") or "").split():
                self.cur = {"id": a.get("id"), "text": []}
                self.chapters.append(self.cur)
                self.depth = 0
            self.depth += 1
        if self.cur is not None and self.skip:
            self.skip += 1
        elif self.cur is not None and tag == "a" and ":" not in (a.get("href") or ":"):
            self.skip = 1     # a link within the guide: a cross-reference
        if tag in ("p", "li", "h2", "h3", "h4", "td", "th", "caption", "figcaption", "br", "div", "dt", "dd"):
            self.data(" ")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        if tag == "section" and self.cur is not None:
            self.depth -= 1
            if self.depth == 0:
                self.cur = None
        self.data(" ")

    def data(self, d):
        if self.cur is not None and not self.skip:
            self.cur["text"].append(d)

    handle_data = data


def words(text):
    return collections.Counter(w.lower() for w in WORD.findall(text))


class Contents(html.parser.HTMLParser):
    """The pages the contents of INDEX.html name, in order."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.fullmatch(r"[a-z0-9_-]+\.html", href) and href not in self.pages:
            self.pages.append(href)


c = Contents()
c.feed(open(index, encoding="utf-8").read())
p = Chapters()
for page in c.pages:
    p.feed(open(os.path.join(os.path.dirname(index), page), encoding="utf-8").read())
# Links within the guide are cross-references ("ver «...»"): set aside.
web = [(c["id"], " ".join(c["text"])) for c in p.chapters]

outline = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", screen_pdf],
                                    capture_output=True, check=True, text=True).stdout)["outlines"]
starts = [(o["title"], o["destpageposfrom1"]) for o in outline]
pages = subprocess.run(["pdftotext", "-enc", "UTF-8", print_pdf, "-"], capture_output=True,
                       check=True, text=True).stdout.split("\f")
end = next(i + 1 for i, t in enumerate(pages) if i + 1 > starts[-1][1] and t.lstrip().startswith("Directorio"))

failed = False
if len(starts) != len(web):
    print(f"{len(web)} chapters on the web, {len(starts)} in print")
    failed = True
for k, ((title, first), (cid, wtext)) in enumerate(zip(starts, web)):
    last = (starts[k + 1][1] if k + 1 < len(starts) else end) - 1
    lines = []
    for n in range(first, last + 1):
        pl = [l.strip() for l in pages[n - 1].splitlines() if l.strip()]
        if pl and pl[0] == title and n != first:
            pl = pl[1:]                                   # running head
        lines += [l for l in pl if not l.isdigit()]       # folios, chapter numbers
    # Numbered steps: the web's <ol> numbers them in CSS, print writes "1." before the step.
    lines = [re.sub(r"^\d{1,2}\.\s+", "", l) for l in lines]
    text = ""
    for l in lines:
        if text.endswith("-") and l.startswith("-"):
            text = text[:-1] + l                          # RAE: franco- / -mexicano
        elif text.endswith("-") and l[:1].islower():
            text = text[:-1] + l                          # a word hyphenated at the line end
        else:
            text += " " + l
    text = re.sub(r"\(ver\s+pág\.\s+\d+\)", " ", text)
    wtext = re.sub(r"\(\s*\)", " ", wtext)
    a, b = words(wtext), words(text)
    if a != b:
        only_web, only_print = a - b, b - a
        n = sum(only_web.values()) + sum(only_print.values())
        within = n <= sum(a.values()) // 100
        failed |= not within
        print(f"{'ok' if within else 'FAIL'} {cid} «{title}» (pages {first}-{last}): {n} of {sum(a.values())} words differ")
        print("  only on the web:", " ".join(sorted(only_web.elements()))[:600])
        print("  only in print:", " ".join(sorted(only_print.elements()))[:600])
    else:
        print(f"ok {cid}: {sum(a.values())} words on pages {first}-{last}")
sys.exit(1 if failed else 0)
