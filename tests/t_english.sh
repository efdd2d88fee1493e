# t_english.sh: the English edition: its outputs, the parity of facts with the Spanish one, the
# --lang option, and the translation workflow (stale translations, paisano stamp); sourced by
# run.sh with $P and $tag.

o=$out/english
rm -rf "$o"
ed=2026-invierno
expect "$tag build both languages" 0 "$P" build --edition $ed -o "$o"
d=$o/$ed
for f in $ed-en-print.pdf $ed-en-screen.pdf html-en/index.html html-en/paisano.css $ed-print.pdf html/index.html; do
	if [ -s "$d/$f" ]; then ok "$tag English output $f"; else notok "$tag English output $f"; fi
done

if [ "$tag" = paisano ]; then
	en=$d/$ed-en-print.pdf
	expect "English print PDF passes the PDF/X-1a preflight" 0 ../shared/tools/preflight --profile x1a --bleed-mm 3 --booklet --trim 140x216 "$en"
	has "English preflight: no errors, no warnings" "$out/stdout" "PASS: 0 errors, 0 warnings"
	expect "English print PDF: qpdf --check" 0 qpdf --check "$en"
	expect "English screen PDF: qpdf --check" 0 qpdf --check "$d/$ed-en-screen.pdf"
	pdffonts "$en" > "$out/fonts-en" 2>&1
	if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 } END { exit bad }' "$out/fonts-en" && [ "$(wc -l < "$out/fonts-en")" -gt 2 ]; then
		ok "English print PDF: every font embedded and subset"
	else
		notok "English print PDF: every font embedded and subset" "$(cat "$out/fonts-en")"
	fi
	# /Lang in the catalogs: libharu's directly, cairo's through an incremental update.
	for pdf in "$en" "$d/$ed-en-screen.pdf" "$d/$ed-print.pdf" "$d/$ed-screen.pdf"; do
		want=es
		case $pdf in *-en-*) want=en ;; esac
		qpdf --qdf --object-streams=disable "$pdf" - 2>/dev/null | grep -a -o '/Lang ([a-z]*)' | sort -u > "$out/lang"
		if [ "$(cat "$out/lang")" = "/Lang ($want)" ]; then ok "$(basename "$pdf"): /Lang ($want)"; else notok "$(basename "$pdf"): /Lang ($want)" "$(cat "$out/lang")"; fi
	done
	pdftotext -enc UTF-8 "$en" "$out/en.txt"
	has "English print PDF: English contents" "$out/en.txt" "Contents"
	has "English print PDF: the allowance in English notation" "$out/en.txt" "USD 500"
	has "English print PDF: dates in English" "$out/en.txt" "November 26, 2026 to January 10, 2027"
	has "English print PDF: cross-references in English" "$out/en.txt" "(see p. "
	has "English print PDF: the cover in English" "$out/en.txt" "From the United States, toll-free"
	hasnt "English print PDF: no Spanish page references" "$out/en.txt" "ver pág"
	pages=$(pdfinfo "$en" | awk '/^Pages:/ { print $2 }')
	if [ $((pages % 4)) -eq 0 ] && [ "$pages" -ge 64 ]; then ok "English print PDF: $pages pages, a multiple of 4"; else notok "English print PDF: $pages pages, a multiple of 4"; fi

	# The facts printed in English are the Spanish ones, value for value, in the same order.
	expect "facts: the same in both print PDFs (pdftotext)" 0 python3 tests/parity/facts.py "$d/$ed-print.pdf" "$en"
	has "facts: compared" "$out/stdout" "printed in the same order in both languages"
	# A value typed by hand in the English never reaches a PDF: the check refuses it, draft or not.
	rm -rf "$o/tree" && cp -r guide-src "$o/tree"
	python3 - "$o/tree/agencies/inm.xml" <<'PYEOF'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
# an English translation whose value is typed: the check would refuse it, so the test builds a draft
m = re.search(r'(<text xml:lang="en"[^>]*>[^<]*)<ref to="(franquicia-terrestre)"/>', s)
s = s[:m.start()] + m.group(1) + "USD 800" + s[m.end():]
open(p, "w", encoding="utf-8").write(s)
PYEOF
	sed -i 's/status="final"/status="draft"/' "$o/tree/editions/$ed.xml"
	expect "a value typed in the English is an error even in a draft" 1 "$P" check --src "$o/tree"
	has "the error names the missing fact" "$out/stdout" 'the English prints none but the Spanish prints <ref to="franquicia-terrestre"/>'

	# The two web editions: lang, and links to each other.
	if python3 tests/html/structure.py "$d/html-en/index.html" > "$out/html-structure-en" 2>&1; then
		ok "English HTML: structure (lang, headings, links, nothing outside but the Spanish edition)"
	else
		notok "English HTML: structure (lang, headings, links, nothing outside but the Spanish edition)" "$(cat "$out/html-structure-en")"
	fi
	has "English HTML: lang=en" "$d/html-en/index.html" '<html lang="en">'
	has "English HTML: links to the Spanish edition" "$d/html-en/index.html" 'href="../html/index.html" hreflang="es" lang="es">Lea esta guía en español</a>'
	has "English HTML: alternate link" "$d/html-en/index.html" '<link rel="alternate" hreflang="es" href="../html/index.html">'
	has "Spanish HTML: links to the English edition" "$d/html/index.html" 'href="../html-en/index.html" hreflang="en" lang="en">Read this guide in English</a>'
	cat "$d"/html-en/*.html > "$out/html-en-all"
	has "English HTML: facts in English notation" "$out/html-en-all" "$(printf 'USD\302\240500')"
	hasnt "English HTML: no Spanish words of the guide" "$out/html-en-all" "Anterior"
	has "English HTML: the bar in English" "$d/html-en/cap-aduana.html" '<nav class="bar" aria-label="The guide"><ul>
<li><a href="index.html#_indice">Contents</a></li>
<li><a href="#_emergencias">Emergencies</a></li>
<li><a href="directorio.html">Directory</a></li>'
	has "English HTML: a chapter links to the same chapter in Spanish" "$d/html-en/cap-aduana.html" 'href="../html/cap-aduana.html" hreflang="es" lang="es">Lea esta guía en español</a>'
	has "English HTML: og:locale" "$d/html-en/index.html" '<meta property="og:locale" content="en_US">'
	if command -v java > /dev/null && [ -f tests/html/node_modules/vnu-jar/build/dist/vnu.jar ]; then
		expect "English HTML: vnu finds no errors" 0 java -jar tests/html/node_modules/vnu-jar/build/dist/vnu.jar --errors-only "$d/html-en/index.html"
	fi

	# English hyphenation (hyphen-en-us), and the pages of the English edition.
	expect "$tag pages --lang en --hyphenate" 0 "$P" pages --lang en --hyphenate "information"
	has "English hyphenation points" "$out/stdout" "in-for-ma-tion"
	expect "$tag pages --lang en" 0 "$P" pages --lang en --edition $ed
	has "English pages: the running head is the English chapter" "$out/stdout" "Customs: luggage"

	# --lang: one language keeps the other's outputs of the same version; bad values are refused.
	expect "build --lang en after a full build" 0 "$P" build --edition $ed --lang en -o "$o"
	if [ -s "$d/$ed-print.pdf" ] && [ -s "$d/html/index.html" ] && [ -s "$d/$ed-en-print.pdf" ]; then
		ok "--lang en keeps the Spanish outputs of the same version"
	else
		notok "--lang en keeps the Spanish outputs of the same version" "$(ls "$d")"
	fi
	python3 - "$d" > "$out/manifest-check" 2>&1 <<'PYEOF'
import hashlib, json, os, sys
d = sys.argv[1]; m = json.load(open(os.path.join(d, "manifest.json")))
assert set(m["languages"]) == {"es", "en"}, m["languages"]
for f in m["files"]:
    data = open(os.path.join(d, f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f
print("ok")
PYEOF
	has "the manifest after --lang en lists both languages, hashes right" "$out/manifest-check" "ok"
	expect "--lang xx is refused" 2 "$P" build --edition $ed --lang xx -o "$o/x"
	has "--lang xx says what is allowed" "$out/stderr" 'unknown language "xx": use es (Spanish) or en (English)'
	expect "--lang en of a Spanish-only edition is refused" 2 "$P" build --edition 2026-verano --lang en -o "$o/x"
	has "the refusal says how to add English" "$out/stderr" 'write languages="es en" on <edition> to add English'
	if [ ! -e "$o/x/2026-verano" ]; then ok "nothing written for a refused language"; else notok "nothing written for a refused language"; fi
	expect "proof --lang en" 0 "$P" proof --agency capufe --lang en -o "$o/proof-en" -q
	if ls "$o/proof-en"/*.png > /dev/null 2>&1; then ok "English proofs written"; else notok "English proofs written"; fi

	# The workflow: a Spanish change makes its translation stale; stamp --update records the review.
	rm -rf "$o/tree" && cp -r guide-src "$o/tree"
	sed -i 's/Pida siempre su comprobante, aunque no se lo ofrezcan./Pida siempre su comprobante, aunque no se lo den./' "$o/tree/agencies/capufe.xml"
	expect "a changed Spanish text makes its translation stale" 1 "$P" check --src "$o/tree" --edition 2026-invierno
	has "the stale translation is reported with the new hash" "$out/stdout" "the Spanish text changed after this translation was reviewed"
	if [ "$(grep -c 'error:' "$out/stdout")" = 1 ]; then ok "exactly one stale translation"; else notok "exactly one stale translation" "$(cat "$out/stdout")"; fi
	cp "$o/tree/agencies/capufe.xml" "$o/capufe-before.xml"
	expect "stamp without --update leaves a stale translation" 0 "$P" stamp --src "$o/tree" --edition 2026-invierno "$o/tree/agencies/capufe.xml"
	has "stamp says what it left" "$out/stdout" "1 whose Spanish changed left as they are"
	if cmp -s "$o/capufe-before.xml" "$o/tree/agencies/capufe.xml"; then ok "stamp without --update writes nothing"; else notok "stamp without --update writes nothing"; fi
	expect "stamp --update" 0 "$P" stamp --src "$o/tree" --edition 2026-invierno --update "$o/tree/agencies/capufe.xml"
	has "stamp --update re-stamps one" "$out/stdout" "0 stamped for the first time, 1 re-stamped"
	diff "$o/capufe-before.xml" "$o/tree/agencies/capufe.xml" | grep '^[<>]' | sed 's/^[<>] //; s/es-hash="[0-9a-f]*"/es-hash=H/' | sort -u > "$out/stamp-diff"
	if [ "$(wc -l < "$out/stamp-diff")" = 1 ]; then ok "stamp changes only the es-hash attribute"; else notok "stamp changes only the es-hash attribute" "$(cat "$out/stamp-diff")"; fi
	expect "after stamp --update the check is clean" 0 "$P" check --src "$o/tree" --edition 2026-invierno
	# A new translation without a hash: stamp fills it in.
	sed -i 's/ es-hash="[0-9a-f]*"//' "$o/tree/agencies/ifdp.xml"
	expect "translations without es-hash are errors in a final edition" 1 "$P" check --src "$o/tree" --edition 2026-invierno
	expect "stamp fills them in" 0 "$P" stamp --src "$o/tree" --edition 2026-invierno "$o/tree/agencies/ifdp.xml"
	expect "then the check is clean" 0 "$P" check --src "$o/tree" --edition 2026-invierno
fi
