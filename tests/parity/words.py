#!/usr/bin/env python3
"""words.py MODEL LANG PDF...: every word of the model reaches every PDF.

For each printed block of the snapshot MODEL (its texts in LANG), counts its words, and checks
that each PDF (read with pdftotext, hyphenated line ends joined) has at least as many of each
word as the model's blocks together have.  Prints the blocks whose words are missing, with the
words, and exits 1; prints a summary and exits 0 when nothing is missing.

Words are runs of three or more letters, compared case-insensitively: numbers and facts are
formatted per language and checked elsewhere (tests/parity/facts.py).
"""
import collections
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WORD = re.compile(r"[^\W\d_]{3,}")
# Texts that are not printed as running text: alt text goes to the PDF as an attribute, facts'
# labels and agencies' own names are printed through other words (contacts, colophon).
# Web addresses, e-mail addresses and phone numbers are printed in display form (facts.py).
# An agency's sources (where each value was verified) are for the reviewers, not printed.
SKIP = {"alt", "short", "signoff", "fact", "value", "facts", "web", "email", "phone", "sources"}


def words(s):
    return [w.lower() for w in WORD.findall(s)]


def model_blocks(path, lang):
    root = ET.parse(path).getroot()
    blocks = []
    # The directory prints the contacts of the agencies with sections in the edition, and a card
    # prints its contact; an agency without sections is in the snapshot only for the entries
    # other agencies refer to (<ref to="cnb-web"/>), which print alone (snapshot.c, matter.c).
    carded = {c.get("ref") for c in root.iter("card")}
    unprinted = {ct for ag in root.iter("agency") if ag.find("section") is None
                 for ct in ag.iter("contact") if ct.get("id") not in carded}

    def walk(el, trail, line):
        tag = el.tag
        if tag in SKIP or el in unprinted:
            return
        if tag == "text":
            if el.get(XML_LANG, lang) == lang:
                ws = words("".join(el.itertext()))
                if ws:
                    blocks.append(("/".join(trail), ws))
            return
        label = tag + (f"#{el.get('id')}" if el.get("id") else "")
        # A Spanish-only edition writes its texts straight into the block: <p>...</p>.
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        if own.strip() and not any(c.tag == "text" for c in el):
            ws = words("".join(el.itertext()))
            if ws:
                blocks.append(("/".join(trail + [label]), ws))
            return
        for child in el:
            # An agency's own full name is not printed (its contacts' names are).
            if tag == "agency" and child.tag == "name":
                continue
            walk(child, trail + [label], line)

    walk(root, [], 0)
    return blocks


def pdf_words(pdf, vocabulary):
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    text = text.replace("\f", "\n")
    # pdftotext -raw puts a list's bullets, step numbers and folios on lines of their own, in between.
    text = re.sub(r"\n(?:[•·◦‣–]|[0-9]{1,2}\.|[0-9]+)(?=\n)", "", text)

    # A hyphen at a line end between letters: a word broken by hyphenation is joined when the
    # joined word is one of the model's, even when a running head and folio came in between at
    # a page break; otherwise the hyphen is the word's own («X-» / «ray», and Spanish repeats
    # it at the start of the next line: «X-» / «-ray»).
    lines = text.split("\n")
    head = re.compile(r"(.*?)([^\W\d_]+)[-\u00ad]$")
    tail = re.compile(r"^-?([^\W\d_]+)(.*)$")
    # a word cut over several lines is joined piece by piece: each join must begin a model word
    prefixes = {w[:k] for w in vocabulary for k in range(1, len(w) + 1)}
    for i in range(len(lines)):
        while True:
            m = head.match(lines[i])
            if m is None:
                break
            # the next three lines that are left (joined ones are emptied)
            for j in itertools.islice((k for k in range(i + 1, len(lines)) if lines[k]), 3):
                t = tail.match(lines[j])
                joined = (m.group(2) + t.group(1)).lower() if t else ""
                # a whole word, or the middle of a word cut again at the end of this line
                if t and (joined in vocabulary or
                          (t.group(2) in ("-", "\u00ad") and joined in prefixes)):
                    lines[i] = m.group(1) + m.group(2) + t.group(1) + t.group(2)
                    lines[j] = ""
                    break
            else:
                lines[i] = lines[i][:-1] + " "
                break
    text = "\n".join(lines)
    return collections.Counter(words(text))


def main():
    if len(sys.argv) < 4:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    model, lang, pdfs = sys.argv[1], sys.argv[2], sys.argv[3:]
    blocks = model_blocks(model, lang)
    need = collections.Counter()
    for _, ws in blocks:
        need.update(ws)
    bad = 0
    for pdf in pdfs:
        have = pdf_words(pdf, need)
        missing = {w: n - have[w] for w, n in need.items() if have[w] < n}
        if not missing:
            print(f"{pdf}: all {sum(need.values())} words of {len(blocks)} blocks")
            continue
        bad += 1
        print(f"{pdf}: {sum(missing.values())} words missing: " +
              " ".join(f"{w}×{n}" for w, n in sorted(missing.items(), key=lambda x: -x[1])[:30]))
        shown = 0
        for where, ws in blocks:
            lost = sorted({w for w in ws if w in missing})
            if lost and shown < 20:
                print(f"  {where}: {' '.join(lost[:12])}")
                shown += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
