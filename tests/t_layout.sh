# t_layout.sh: the layout of the bundled edition, through `paisano pages` (the text view of the
# display list); sourced by run.sh with $P and $tag set.
# Dump lines:  page N [label] folio=F items=K col=X0-X1 ...   one per page
#              y=Y x=A-B @file:line:col[#id] | words          one per text line
#              link y=Y -> N #id | link y=Y URI                internal / external links

expect "$tag pages bundled edition" 0 "$P" pages --edition 2026-invierno
cp "$out/stdout" "$out/pages.txt"
pg="$out/pages.txt"

# Deterministic: the same pages twice.
"$P" pages --edition 2026-invierno > "$out/pages2.txt" 2> /dev/null
if cmp -s "$pg" "$out/pages2.txt"; then ok "$tag pages output is deterministic"; else notok "$tag pages output is deterministic"; fi

# The page count is reported, a multiple of 4, and in the range a pocket booklet has.
n=$(sed -n 's/^\([0-9]*\) pages$/\1/p' "$pg")
if [ -n "$n" ] && [ $((n % 4)) -eq 0 ] && [ "$n" -ge 64 ] && [ "$n" -le 112 ]; then
	ok "$tag page count $n is a multiple of 4 in 64..112"
else
	notok "$tag page count is a multiple of 4 in 64..112" "got: $n"
fi

# The contents: the number printed for each chapter and section is the page where its heading
# is.  The first line tagged #id is its entry in the contents; the second, its heading.
r=$(awk '
/^page / { p = $2 }
/^  outline 1 / && body == "" { body = p }
/^  y=/ && match($0, /#[a-z0-9-]+ \|/) {
	id = substr($0, RSTART + 1, RLENGTH - 3)
	seen[id]++
	if (seen[id] == 1 && body == "") toc[id] = $NF
	else if (seen[id] == 2) start[id] = p
}
END {
	for (id in toc) {
		n++
		if (toc[id] != start[id]) print "contents says " toc[id] " for " id ", heading on page " start[id]
	}
	if (n < 20) print "only " n " entries in the contents"
}' "$pg")
if [ -z "$r" ]; then ok "$tag contents page numbers are the real pages"; else notok "$tag contents page numbers are the real pages" "$r"; fi

# No line is wider than the text column (or starts left of it).
r=$(awk '
/^page / { split($0, a, "col="); split(a[2], c, "[- ]"); c0 = c[1]; c1 = c[2]; p = $2 }
/^  y=/ {
	split($2, x, "[=-]")
	if (x[2] < c0 - 0.01 || x[3] > c1 + 0.01) print "page " p ": " $0
}' "$pg" | head -5)
if [ -z "$r" ]; then ok "$tag no line outside the text column"; else notok "$tag no line outside the text column" "$r"; fi

# Justified text fills the column: most body lines end at the right edge.
full=$(awk '/^page / { split($0, a, "col="); split(a[2], c, "[- ]"); c1 = c[2] }
/^  y=/ { split($2, x, "[=-]"); if (x[3] > c1 - 0.05) n++ } END { print n + 0 }' "$pg")
if [ "$full" -gt 1000 ]; then ok "$tag justified lines fill the column ($full)"; else notok "$tag justified lines fill the column" "only $full"; fi

# Phone numbers are never split: no line ends in digits while the next line of the same block
# starts with digits; the Paisano numbers print whole.
r=$(awk '/^  y=/ { src = $3; if (src == psrc && prev ~ /[0-9]$/ && $0 ~ /\| [0-9]/) print prev " / " $0; prev = $0; psrc = src }' "$pg" | head -3)
if [ -z "$r" ]; then ok "$tag no number split across lines"; else notok "$tag no number split across lines" "$r"; fi
has "$tag the US Paisano number prints whole" "$pg" "1 877 210 9469"
has "$tag the Mexican Paisano number prints whole" "$pg" "800 201 8542"
has "$tag phone links are international" "$pg" "tel:+18772109469"
has "$tag phone links are international (MX)" "$pg" "tel:+528002018542"

# "(ver pág. N)": N is the page where the section starts, and the link goes there.
sed 's/\xc2\xa0/ /g' "$pg" > "$out/pages-sp.txt"
r=$(awk '
NR == FNR { if (/^page /) p = $2; if (/^  outline 1 / && body == "") body = p
	if (body != "" && /^  y=/ && match($0, /#[a-z0-9-]+ \|/)) { id = substr($0, RSTART + 1, RLENGTH - 3); if (!(id in start)) start[id] = p }; next }
/^  y=/ { line = $0; split("", want); nw = 0; s = $0
	while (match(s, /pág\. [0-9]+\)/)) { num = substr(s, RSTART + 6, RLENGTH - 7); want[num] = 1; nw++; nsee++; s = substr(s, RSTART + RLENGTH) }
	next }
/^  link .* -> / && nw > 0 { t = $4; tid = substr($5, 2); nlinks++; if (!(t in want)) bad = bad "\nlink to " t " after: " line; if (tid == "?" || start[tid] != t) bad = bad "\nlink to " t " lands on #" tid ", which starts on page " start[tid] }
END {
	if (nsee < 20 || nlinks < nsee) bad = bad "\n" nsee " cross-references, " nlinks " links"
	printf "%s", bad
}' "$out/pages-sp.txt" "$out/pages-sp.txt")
if [ -z "$r" ]; then ok "$tag cross-references point at the right page"; else notok "$tag cross-references point at the right page" "$r"; fi

# The complaint form sits whole, alone on its page: the section heading and the last field
# on one page, with nothing else but the running head and the folio.
fp=$(awk '/^page / { p = $2 } /#sabg-formato-queja \|/ { n++; if (n == 2) print p }' "$pg")
if [ -n "$fp" ]; then
	awk -v p="$fp" '/^page / { on = ($2 == p) } on' "$pg" > "$out/formpage.txt"
	has "$tag form page has the last field" "$out/formpage.txt" "Firma y fecha"
	r=$(grep '^  y=' "$out/formpage.txt" | grep -v '@sabg.xml' | grep -v '#cap-quejas' | grep -v '@- ')
	if [ -z "$r" ]; then ok "$tag form page holds only the form"; else notok "$tag form page holds only the form" "$r"; fi
	# the form's source lines, wherever they are in the file
	fs=$(grep -n '<form id="sabg-formato-queja-form"' guide-src/agencies/sabg.xml | cut -d: -f1)
	fe=$(awk -v s="$fs" 'NR > s && /<\/form>/ { print NR; exit }' guide-src/agencies/sabg.xml)
	lastp=$(awk -v s="$fs" -v e="$fe" '/^page / { p = $2 }
		/^  y=/ && match($0, /@sabg\.xml:[0-9]+:/) { n = substr($0, RSTART + 10, RLENGTH - 11) + 0; if (n >= s && n <= e) last = p }
		END { print last }' "$pg")
	if [ "$lastp" = "$fp" ]; then ok "$tag form ends on its page"; else notok "$tag form ends on its page" "form on $fp, its lines until $lastp"; fi
	if [ "$fp" -gt $((n * 3 / 4)) ]; then ok "$tag form is near the end (page $fp of $n)"; else notok "$tag form is near the end" "page $fp of $n"; fi
else
	notok "$tag the form is laid out"
fi

# Spanish hyphenation breaks words: lines that end in a letter and a hyphen.
hy=$(grep -c '[a-záéíóúñ]-$' "$pg")
if [ "$hy" -ge 20 ]; then ok "$tag hyphenated line ends ($hy)"; else notok "$tag hyphenated line ends" "only $hy"; fi
expect "$tag pages --hyphenate" 0 "$P" pages --hyphenate "documentos información Secretaría paraguas SENASICA sol"
has "$tag hyphenation points" "$out/stdout" "do-cu-men-tos in-for-ma-ción Se-cre-ta-ría pa-ra-guas SENASICA sol"

# No orphan or widow: a paragraph (or list item) that runs over a page break leaves at least
# two lines on each side.
r=$(awk '
function flush() { if (np > 0) { first[np] = f; last[np] = l } }
/^page / { flush(); np = $2; f = ""; l = ""; next }
/^  y=/ { src = $3; if (src == "@-" || src ~ /#/) next; cnt[np, src]++; if (f == "") f = src; l = src }
END {
	flush()
	for (p = 2; p <= np; p++)
		if (last[p - 1] != "" && last[p - 1] == first[p] && (cnt[p - 1, first[p]] < 2 || cnt[p, first[p]] < 2))
			print "page " p - 1 "/" p ": " first[p] " " cnt[p - 1, first[p]] "+" cnt[p, first[p]]
}' "$pg" | head -5)
if [ -z "$r" ]; then ok "$tag no orphans or widows"; else notok "$tag no orphans or widows" "$r"; fi

# The pages around the body: cover, contents, directory, colophon, notes.
has "$tag cover title" "$pg" "| Guía Paisano"
has "$tag contents" "$pg" "| Contenido"
has "$tag directory" "$pg" "| Directorio"
has "$tag colophon has the version" "$pg" "Versión: 2026-invierno r2"
has "$tag running head" "$pg" "#cap-aduana | Aduana: equipaje, franquicia y dinero"
has "$tag outline" "$pg" "outline 1 "
has "$tag outline sections" "$pg" "outline 2 "

# It is fast enough to lay out on every build.
expect "$tag pages --time" 0 "$P" pages --time
ms=$(sed -n 's/^layout \([0-9]*\)\..* ms$/\1/p' "$out/stdout")
if [ "$tag" = paisano ] && [ -n "$ms" ]; then
	if [ "$ms" -lt 1000 ]; then ok "$tag layout takes ${ms} ms"; else notok "$tag layout takes ${ms} ms"; fi
fi

# Debug pictures of every page: one PNG each (src/render/png.c, checked in t_png.sh and t_outputs.sh).
rm -rf "$out/pagepng"
expect "$tag pages --png" 0 "$P" pages --edition 2026-invierno --png "$out/pagepng"
npng=$(ls "$out/pagepng" | grep -c '^page-[0-9][0-9][0-9]\.png$')
sig=$(head -c 8 "$out/pagepng/page-001.png" | od -An -tx1 | tr -d ' \n')
if [ "$npng" = "$n" ] && [ "$sig" = 89504e470d0a1a0a ]; then ok "$tag pages --png writes a PNG per page ($npng)"
else notok "$tag pages --png writes a PNG per page" "$npng files for $n pages, signature $sig"; fi
rm -rf "$out/pagepng"

# A missing or broken template: exit 2 and a message that names it.
expect "$tag missing template exits 2" 2 "$P" pages --template no/such/template.xml
has "$tag missing template is named" "$out/stderr" "no/such/template.xml"
printf '<template><page width="140mm"/></template>\n' > "$out/bad-template.xml"
expect "$tag incomplete template exits 2" 2 "$P" pages --template "$out/bad-template.xml"
has "$tag incomplete template says what is missing" "$out/stderr" "height"
# A template whose font is not a font: exit 2, naming the file.
printf 'not a font\n' > "$out/not-a-font.ttf"
sed "s|fonts/NotoSans-Italic.ttf|$out/not-a-font.ttf|" templates/booklet.xml > "$out/bad-font-template.xml"
expect "$tag template with a file that is not a font exits 2" 2 "$P" pages --template "$out/bad-font-template.xml"
has "$tag a file that is not a font is named" "$out/stderr" "paisano: $out/not-a-font.ttf: not a font file fontconfig can read"

# The RAE rule: a compound broken at its own hyphen repeats the hyphen at the start of the next
# line.  A paragraph full of compounds makes the layout break at their hyphens.
if [ "$tag" = paisano ]; then
	rm -rf "$out/rae" && cp -r guide-src "$out/rae" && spanish_only "$out/rae"
	python3 - "$out/rae/agencies/sre.xml" <<'PYEOF'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
words = ["El", "acuerdo", "franco-mexicano", "y", "la", "relación", "mexicano-estadounidense", "se",
         "revisan", "cada", "año", "en", "la", "comisión", "binacional"]
text = " ".join(" ".join(words[: 5 + (i % 9)]) + "," for i in range(40)) + " fin."
i = s.index('<section id="sre-consulados">'); j = s.index("</title>", i) + len("</title>")
open(p, "w", encoding="utf-8").write(s[:j] + "\n    <p>" + text + "</p>" + s[j:])
PYEOF
	"$P" pages --src "$out/rae" --edition 2026-invierno > "$out/rae.txt"
	if python3 - "$out/rae.txt" <<'PYEOF'
import re, sys
lines = [l.split(" | ", 1)[1] for l in open(sys.argv[1], encoding="utf-8") if " | " in l and "@sre.xml" in l]
breaks = 0
for a, b in zip(lines, lines[1:]):
    if re.search(r"\b(franco|mexicano)-$", a):
        breaks += 1
        if not b.startswith("-"):
            sys.exit(f"no repeated hyphen after: {a!r} / {b!r}")
sys.exit(0 if breaks >= 2 else f"only {breaks} breaks at a compound's hyphen")
PYEOF
	then ok "RAE rule: a compound broken at its hyphen repeats it on the next line"; else notok "RAE rule: a compound broken at its hyphen repeats it on the next line"; fi
	rm -rf "$out/rae"
fi

# Tables that run onto another page repeat their header row there; headings are never the last
# line of a page (they are kept with what follows them).
if [ "$tag" = paisano ]; then
	"$P" pages --edition 2026-invierno > "$out/pages-k.txt"
	if python3 - "$out/pages-k.txt" guide-src/agencies > "$out/keep" <<'PYEOF'
import collections, os, re, sys
dump, agencies = sys.argv[1], sys.argv[2]
pages, page = collections.defaultdict(list), None
for l in open(dump, encoding="utf-8"):
    m = re.match(r"page (\d+) ", l)
    if m:
        page = int(m.group(1))
    m = re.match(r"\s+y=([\d.]+) x=\S+ @(\S+?):(\d+):\d+(#\S+)? \| ", l)
    if m and page:
        pages[page].append((float(m.group(1)), m.group(2), int(m.group(3)), m.group(4)))
# Tables: the header's source line, and the lines of its rows up to </table>.
split = 0
for f in os.listdir(agencies):
    src = open(os.path.join(agencies, f), encoding="utf-8").read().split("\n")
    for i, line in enumerate(src, 1):
        if "<header>" not in line:
            continue
        hend = next(j for j in range(i, len(src) + 1) if "</header>" in src[j - 1] or
                    ("<header>" in src[j - 1] and "</header>" in src[j - 1]))
        end = next(j for j in range(i, len(src) + 1) if "</table>" in src[j - 1])
        on = lambda lo, hi: {p for p, ls in pages.items() for (_, ff, ln, _) in ls if ff == f and lo <= ln <= hi}
        header_pages, row_pages = on(i, hend), on(hend + 1, end)
        if row_pages - header_pages:
            sys.exit(f"{f}:{i}: rows on pages {sorted(row_pages)}, header only on {sorted(header_pages)}")
        split += len(row_pages) > 1
if split == 0:
    sys.exit("no table runs onto a second page: nothing was tested")
# Keep with next: the last line of a page's body is not a section title.
for p, ls in pages.items():
    body = [l for l in ls if 40 < l[0] < 570 and not l[1].startswith("2026-")]
    if all(l[3] is not None for l in body):
        continue            # the contents: every line is a title
    if body and body[-1][3] is not None and max(l[0] for l in body) == body[-1][0]:
        sys.exit(f"page {p}: the page ends on the heading {body[-1][3]}")
print(split)
PYEOF
	then ok "tables repeat their header row on the next page; headings are kept with what follows"
	else notok "tables repeat their header row on the next page; headings are kept with what follows"; fi
fi
