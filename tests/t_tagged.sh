# t_tagged.sh: the screen PDF is a tagged PDF (issue 21): its structure read back with poppler
# and qpdf (tests/tagged/structure.py); the print PDF stays untagged PDF/X-1a.  Sourced by
# run.sh with $P and $tag.  The sources are copied with an image added (the bundled edition
# has none) to check that a figure carries its alternate text.

tg=$out/tagged
rm -rf "$tg"
mkdir -p "$tg"
cp -R guide-src "$tg/src"
spanish_only "$tg/src"
sed -i -e '0,/<\/title>/s|</title>|&<image src="images/holograma.png" width="40%"><alt>El holograma del permiso, pegado en el parabrisas</alt><caption>El holograma va en el parabrisas.</caption></image>|' \
    "$tg/src/agencies/banjercito.xml"
expect "$tag tagged: build with an image" 0 "$P" build -q --src "$tg/src" --edition 2026-invierno -o "$tg/out"
d=$tg/out/2026-invierno
screen=$d/2026-invierno-screen.pdf
print=$d/2026-invierno-print.pdf

if [ "$tag" = paisano ]; then
	pdfinfo "$screen" > "$tg/info" 2>&1
	has "tagged: pdfinfo says the screen PDF is tagged" "$tg/info" "Tagged:          yes"
	has "tagged: the screen PDF has XMP metadata" "$tg/info" "Metadata Stream: yes"
	expect "tagged: qpdf --check" 0 qpdf --check "$screen"
	pdfinfo -struct-text "$screen" > "$tg/struct" 2> "$tg/poppler"
	if [ -s "$tg/struct" ] && [ ! -s "$tg/poppler" ]; then ok "tagged: poppler reads the structure without a warning"; else notok "tagged: poppler reads the structure without a warning" "$(head -5 "$tg/poppler")"; fi
	qpdf --json "$screen" > "$tg/json"
	python3 tests/tagged/structure.py "$screen" "$tg/struct" "$tg/json" "$d/html" > "$tg/checks" 2>&1
	tap_lines=$(grep -c '^ok\|^not ok' "$tg/checks")
	# tagged_checks OUT [PREFIX]: an ok or not ok for each "ok ..." / "not ok ..." line a checker of
	# tests/tagged/ wrote to OUT, named "tagged: PREFIX..."; tagged_passed OUT N NAME: one more, that
	# all N of its checks passed
	tagged_checks() {
		while IFS= read -r line; do
			case "$line" in
			"ok "*) ok "tagged: ${2-}${line#ok }" ;;
			"not ok "*) notok "tagged: ${2-}${line#not ok }" ;;
			esac
		done < "$1"
	}
	tagged_passed() {
		if [ "$(grep -c '^ok' "$1")" -eq "$2" ]; then ok "tagged: $3"; else notok "tagged: $3" "$(cat "$1")"; fi
	}
	tagged_checks "$tg/checks"
	if [ "$tap_lines" -eq 5 ]; then ok "tagged: the five structure checks ran"; else notok "tagged: the five structure checks ran" "$(cat "$tg/checks")"; fi
	has "tagged: the figure's alternate text" "$tg/checks" "ok figures: 1, each with /Alt"
	# Everything the pages paint is structure content or an /Artifact (PDF/UA-1 7.1): tagged.c
	# marks each as it paints it (tests/tagged/content.py reads every page's
	# content stream back); every link has its /Contents (7.18.5), the XMP the PDF/UA-1
	# identification (5): what veraPDF's PDF/UA-1 profile would report, without veraPDF.
	tagged_content() {
		qpdf --qdf --object-streams=disable "$1" "$tg/qdf.pdf"
		python3 tests/tagged/content.py "$tg/qdf.pdf" > "$tg/content" 2>&1
		tagged_checks "$tg/content" "$2"
		tagged_passed "$tg/content" 5 "$2the five content checks pass"
	}
	tagged_content "$screen" ""
	# The streams as written: every one but the XMP compressed, each /Length the stream's.
	python3 tests/tagged/streams.py "$screen" > "$tg/streams" 2>&1
	tagged_checks "$tg/streams"
	tagged_passed "$tg/streams" 3 "the three stream checks pass"
	# A paragraph continued overleaf is one P (tagged.c's one element per display element,
	# its content on two pages); a link is a Link inside the paragraph, with its words, in
	# their place.
	python3 tests/tagged/continued.py "$tg/json" > "$tg/continued" 2>&1
	tagged_checks "$tg/continued"
	tagged_passed "$tg/continued" 3 "the three continuation and link checks pass"
	# Every link and bookmark reaches its page through the catalog's name tree, and the page
	# label, parent and structure trees hold together (tests/tagged/links.py)...
	python3 tests/tagged/links.py "$tg/json" > "$tg/links" 2>&1
	tagged_checks "$tg/links"
	tagged_passed "$tg/links" 6 "the six link and tree checks pass"
	# ... and the checker sees a link dangle: a destination renamed in the name tree
	python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
i = b.index(b"\n   (p") + 5
open(sys.argv[2], "wb").write(b[:i] + b"q" + b[i + 1:])' "$screen" "$tg/dangling.pdf"
	qpdf --json "$tg/dangling.pdf" > "$tg/dangling.json" 2>/dev/null
	python3 tests/tagged/links.py "$tg/dangling.json" > "$tg/dangling" 2>&1
	has "tagged: links.py sees a link to a destination the name tree lacks" "$tg/dangling" "not ok links: 1 of"
	# Running heads and folios are artifacts: a chapter's title is content once (its heading),
	# not again on each of its pages.
	n=$(grep -c '^ *"Antesdeviajar"$' "$tg/struct")
	if [ "$n" -eq 1 ]; then ok "tagged: running heads are not content"; else notok "tagged: running heads are not content" "the chapter's title $n times"; fi

	# The print PDF: untagged, PDF/X-1a, as the print shop wants.
	pdfinfo "$print" > "$tg/pinfo" 2>&1
	has "tagged: the print PDF is not tagged" "$tg/pinfo" "Tagged:          no"
	expect "tagged: the print PDF passes the PDF/X-1a preflight" 0 ../shared/tools/preflight --profile x1a --bleed-mm 3 --booklet --trim 140x216 "$print"
	has "tagged: preflight: no errors, no warnings" "$out/stdout" "PASS: 0 errors, 0 warnings"

	# The English edition: its language, its headings those of the English web edition.
	expect "tagged: English build" 0 "$P" build -q --edition 2026-invierno --lang en --only screen,html -o "$tg/en"
	en=$tg/en/2026-invierno
	pdfinfo -struct-text "$en/2026-invierno-en-screen.pdf" > "$tg/en-struct" 2>&1
	qpdf --json "$en/2026-invierno-en-screen.pdf" > "$tg/en-json"
	python3 tests/tagged/structure.py "$en/2026-invierno-en-screen.pdf" "$tg/en-struct" "$tg/en-json" "$en/html-en" > "$tg/en-checks" 2>&1
	has "tagged: English headings are the English web edition's" "$tg/en-checks" "ok headings"
	has "tagged: English screen PDF says /Lang (en)" "$tg/en-checks" "/Lang u:en"
fi

# A draft's English edition may still lack a translation: that passage is in Spanish, and its
# element says so (/Lang (es)); the rest is the document's language.
if [ "$tag" = paisano ]; then
	cp -R guide-src "$tg/src-en"
	sed -i '/Questions about duty-free allowances, luggage and goods you may bring/d' "$tg/src-en/agencies/anam.xml"
	expect "tagged: a draft with one text not translated" 0 "$P" build -q --src "$tg/src-en" --edition 2027-semana-santa --lang en --only screen -o "$tg/draft"
	langs() { qpdf --json "$1" | python3 -c '
import json, sys
o = json.load(sys.stdin)["qpdf"][1]
print(" ".join(sorted(v["value"]["/Lang"] for v in o.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)
    and v["value"].get("/Type") == "/StructElem" and "/Lang" in v["value"])))'; }
	# a draft: its stamp an artifact too
	tagged_content "$tg/draft/2027-semana-santa/2027-semana-santa-en-screen.pdf" "draft: "
	# ... drawn once as a form and placed on every page (its paths were half of each page; the
	# content checks above find it inside an /Artifact)
	qpdf --qdf --object-streams=disable "$tg/draft/2027-semana-santa/2027-semana-santa-en-screen.pdf" "$tg/draft.qdf"
	stamps=$(python3 -c '
import re, sys
d = open(sys.argv[1], "rb").read()
forms = len(re.findall(rb"/Subtype /Form", d))
pages = re.split(rb"%% Contents for page \d+\n", d)[1:]
drawn = sum(1 for p in pages if b"/St0 Do" in p)
print(forms, drawn, len(pages))' "$tg/draft.qdf")
	set -- $stamps
	if [ "$1" -eq 1 ] && [ "$2" -eq "$3" ] && [ "$3" -gt 0 ]; then ok "tagged: draft: the stamp is one form, drawn on each of the $3 pages"; else notok "tagged: draft: the stamp is one form, drawn on every page" "forms, pages drawing it, pages: $stamps"; fi
	l=$(langs "$tg/draft/2027-semana-santa/2027-semana-santa-en-screen.pdf")
	if [ "$l" = "u:es" ]; then ok "tagged: the one Spanish passage of the English edition has /Lang (es)"; else notok "tagged: the one Spanish passage of the English edition has /Lang (es)" "got: $l"; fi
	l=$(langs "$en/2026-invierno-en-screen.pdf")
	if [ -z "$l" ]; then ok "tagged: a translated edition has no passage in another language"; else notok "tagged: a translated edition has no passage in another language" "got: $l"; fi
fi
