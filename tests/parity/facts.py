#!/usr/bin/env python3
"""facts.py ES.pdf EN.pdf: the facts printed in the Spanish and the English print PDF are the same
values in the same order.

Reads the text of both PDFs with pdftotext (what a reader sees, not the model), finds every
printed fact in each language's own notation and reduces it to one canonical form:
    amounts   "10 000 dólares", "1500 pesos"  /  "USD 10,000", "MXN 1,500"  ->  USD:10000, MXN:1500
    percents  "16 %"  /  "16%"                                               ->  %:16
    dates     "26 de noviembre de 2026"  /  "November 26, 2026"              ->  date:2026-11-26
    phones    "800 201 8542", "1 877 210 9469", "074" (printed alike)        ->  tel:8002018542
    web, mail "gob.mx/inm", "x@sre.gob.mx"                                   ->  as printed
    numbers   other whole numbers in the text ("3 litros" / "3 liters")    ->  n:3
Page numbers are not facts: folios, the contents pages and "(ver pág. 23)" / "(see p. 23)" are
left out.  Prints the first difference and exits 1 when the two sequences differ.
"""
import re
import subprocess
import sys

MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
SP = "[ \u00a0\u202f]"

def pages(pdf):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return out.split("\f")

def body(pdf, contents_word, directory_word):
    """The text of the pages, without the contents (from the page headed by its title to the
    opening of chapter 1), the folios and the chapter numbers; split where the directory
    starts (the cover and chapters, then the directory and the colophon)."""
    parts, in_contents = [[], []], False
    part = 0
    for number, p in enumerate(pages(pdf), 1):
        lines = [l.strip() for l in p.split("\n") if l.strip()]
        first = lines[0] if lines else ""
        if first == contents_word:
            in_contents = True
        elif in_contents and first == "1":
            in_contents = False
        if first == directory_word:
            part = 1
        if in_contents:
            continue
        if re.fullmatch(r"[1-9]\d?", first):
            lines = lines[1:]  # a chapter's number on its opening page
        parts[part].append("\n".join(l for l in lines if l != str(number)))  # the folio
    return ["\n".join(p) for p in parts]

def digits(s):
    return re.sub(r"\D", "", s)

def scan(text, lang):
    # page references first, so their numbers are not read as facts
    # (a line may end after "(ver" / "(see", issue 19; -raw may put the next item's bullet or
    # number between the two lines)
    text = re.sub(r"\((?:ver|see)\s+(?:(?:[1-9]\d?\.|•)\n)?(?:pág|p)\.\s*\d+\)", " ", text)
    # a URL or e-mail address the layout broke after "/", "." or "@" (issue 19): one again
    # (pdftotext -raw may put the next item's number or bullet between its two parts)
    text = re.sub(r"((?:[\w.+-]+@|www\.|https?://|[\w-]+\.gob\.mx/)[\w./@%-]*[./@])\n(?:(?:[1-9]\d?\.|•)\n)?"
                  r"(?=[a-z0-9])(?![1-9]\d?\.\n)", r"\1", text)
    text = re.sub(r"(?m)^[1-9]\d?\.(?:[ \t]|$)", "", text)  # the numbers of steps
    # clock times are written by hand in each language's way ("18:00" / "6:00 p.m."): not facts
    text = re.sub(r"\b\d{1,2}:\d\d(?:\s?[ap]\.m\.)?", " ", text)
    if lang == "es":
        amount = r"(?P<num>\d{1,3}(?:" + SP + r"\d{3})+|\d+)(?:\.(?P<dec>\d\d))?" + SP + r"(?P<cur>dólares|pesos)"
        percent = r"(?P<pct>\d+(?:\.\d+)?)" + SP + "%"
        date = r"(?P<d>\d{1,2}) de (?P<m>" + "|".join(MONTHS_ES) + r") de (?P<y>\d{4})"
    else:
        amount = r"(?P<cur>USD|MXN)" + SP + r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d\d))?"
        percent = r"(?P<pct>\d+(?:\.\d+)?)%"
        date = r"(?P<m>" + "|".join(MONTHS_EN) + r") (?P<d>\d{1,2}), (?P<y>\d{4})"
    phone = r"(?<![\d.,])(?P<tel>1 \d{3} \d{3} \d{4}|\d{2} \d{4} \d{4}|\d{3} \d{3} \d{4}|0\d\d|911)(?![\d]|[.,]\d)"
    mail = r"(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    web = r"(?P<web>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gob\.mx|mx|com|org|gov|net)(?:/[\w./%-]*[\w/])?)"
    number = r"(?<![\w.,/-])(?P<n>\d+)(?![\w/]|[.,]\d)"
    pat = re.compile("|".join("(?:%s)" % p for p in (amount, percent, date, phone, mail, web, number)))
    facts = []
    for m in pat.finditer(text):
        g = m.groupdict()
        if g["cur"]:
            cur = {"dólares": "USD", "pesos": "MXN"}.get(g["cur"], g["cur"])
            facts.append("%s:%s%s" % (cur, digits(g["num"]), "." + g["dec"] if g["dec"] else ""))
        elif g["pct"]:
            facts.append("%:" + g["pct"])
        elif g["y"]:
            months = MONTHS_ES if lang == "es" else MONTHS_EN
            facts.append("date:%s-%02d-%02d" % (g["y"], months.index(g["m"]) + 1, int(g["d"])))
        elif g["tel"]:
            facts.append("tel:" + digits(g["tel"]))
        elif g["mail"]:
            facts.append("mail:" + g["mail"])
        elif g["web"]:
            facts.append("web:" + g["web"])
        else:
            facts.append("n:" + g["n"])
    return facts

def main():
    if len(sys.argv) != 3:
        sys.exit("usage: facts.py ES-print.pdf EN-print.pdf")
    es_text, es_dir = body(sys.argv[1], "Contenido", "Directorio")
    en_text, en_dir = body(sys.argv[2], "Contents", "Directory")
    es, en = scan(es_text, "es"), scan(en_text, "en")
    if not es_dir or not en_dir:
        sys.exit("facts: no directory found (a page headed Directorio / Directory)")
    # The directory is sorted by name in each language: the same entries, in another order.
    es_d, en_d = sorted(scan(es_dir, "es")), sorted(scan(en_dir, "en"))
    typed = sum(1 for f in es if not f.startswith("n:"))
    if es == en and es_d == en_d:
        print("facts: %d printed in the same order in both languages (%d amounts, percents, dates, "
              "phones and addresses; %d other numbers), and %d in both directories" %
              (len(es), typed, len(es) - typed, len(es_d)))
        return
    if es != en:
        i = next((k for k in range(min(len(es), len(en))) if es[k] != en[k]), min(len(es), len(en)))
        print("facts differ at #%d: Spanish %s, English %s" % (i + 1, es[i:i + 5], en[i:i + 5]))
        print("  before it, both: %s" % es[max(0, i - 5):i])
        print("  Spanish prints %d facts, English %d" % (len(es), len(en)))
    if es_d != en_d:
        print("the directories differ: only in Spanish %s; only in English %s" %
              (sorted(set(es_d) - set(en_d)), sorted(set(en_d) - set(es_d))))
    sys.exit(1)

main()
