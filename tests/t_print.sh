# t_print.sh: the print PDF (src/render/print.c) on tests/print_sample's hand-made display list;
# sourced by run.sh with $P and $tag set.  Every assertion asks a real tool: the preflight,
# qpdf, poppler.  The full set runs with the normal build; the ASan build renders and takes the
# error paths under the sanitizers.
# shellcheck disable=SC2154

case $tag in
paisano) ps=tests/print_sample ;;
paisano-asan) ps=tests/print_sample-asan ;;
*) ps= ;;
esac
pf=../shared/tools/preflight
po=$out/print

# pdfbox FILE BOX: "x0 y0 x1 y1" of the first page's box, from pdfinfo -box
pdfbox() { pdfinfo -box "$1" 2> /dev/null | awk -v b="$2:" '$1 == b { print $2, $3, $4, $5; exit }'; }
# sizeok NAME "x0 y0 x1 y1" W_MM H_MM: the box measures W x H mm (to 0.05 mm)
sizeok() {
	if echo "$2" | awk -v w="$3" -v h="$4" '{ k = 25.4 / 72; dw = ($3 - $1) * k - w; dh = ($4 - $2) * k - h;
	    exit !(dw < 0.05 && dw > -0.05 && dh < 0.05 && dh > -0.05) }'; then ok "$1"; else notok "$1" "box: $2, expected $3 x $4 mm"; fi
}

if [ -n "$ps" ] && [ ! -x "$ps" ]; then
	notok "$tag print: $ps is built (make $ps)"
elif [ -n "$ps" ]; then
	rm -rf "$po"
	mkdir -p "$po"
	expect "$tag print sample renders" 0 "$ps" "$po/sample.pdf" "$po/imposed.pdf"
	expect "$tag print draft renders" 0 "$ps" --draft "$po/draft.pdf"

	# Errors: exit 1, a message naming the page and the cause, no file and no temporary left.
	for b in missing-image:"page 3: cannot open the image guide-src/images/no-existe.png" \
	    small-text:"page 2: 7 pt text" bad-glyph:"maps it to glyph" \
	    bad-font:"page 1, loading the font fonts/OFL-1.1.txt: libharu error 0x105F: not a TrueType font file"; do
		expect "$tag print --break=${b%%:*} fails" 1 "$ps" --break="${b%%:*}" "$po/broken.pdf"
		has "$tag print --break=${b%%:*} says why" "$out/stderr" "${b#*:}"
		left=$(find "$po" -maxdepth 1 \( -name broken.pdf -o -name '*.tmp-*' \))
		if [ -n "$left" ]; then
			notok "$tag print --break=${b%%:*} leaves nothing behind" "$left"
		else
			ok "$tag print --break=${b%%:*} leaves nothing behind"
		fi
	done
	expect "$tag print to a missing directory fails" 1 "$ps" "$po/ok.pdf" "$po/no/such/dir/x.pdf"
	has "$tag print to a missing directory says why" "$out/stderr" "cannot write $po/no/such/dir/x.pdf: No such file or directory"
fi

if [ "$tag" = paisano ] && [ -s "$po/sample.pdf" ]; then
	s=$po/sample.pdf
	i=$po/imposed.pdf

	# The print shop's preflight: PDF/X-1a:2001, 3 mm bleed, booklet, no errors and no warnings.
	for f in sample:"--booklet --trim 140x216" imposed:"--trim 280x216" draft:"--booklet --trim 140x216"; do
		# shellcheck disable=SC2086
		expect "$tag print preflight ${f%%:*}" 0 "$pf" --profile x1a --bleed-mm 3 ${f#*:} "$po/${f%%:*}.pdf"
		has "$tag print preflight ${f%%:*} has no warnings" "$out/stdout" "PASS: 0 errors, 0 warnings"
	done

	for f in "$s" "$i" "$po/draft.pdf"; do
		n=$(basename "$f" .pdf)
		expect "$tag print qpdf --check $n" 0 qpdf --check "$f"
		has "$tag print qpdf --check $n is clean" "$out/stdout" "No syntax or stream encoding errors found"
		# poppler reads, extracts and renders without a word on stderr (no broken ToUnicode CMap)
		pdftotext "$f" "$po/$n.txt" 2> "$po/$n.err"
		pdftoppm -r 20 -png "$f" "$po/$n" 2>> "$po/$n.err"
		if [ -s "$po/$n.err" ]; then notok "$tag print poppler is silent on $n" "$(head -c 600 "$po/$n.err")"; else ok "$tag print poppler is silent on $n"; fi
		pdfinfo "$f" > "$po/$n.info" 2>&1
		has "$tag print $n is PDF 1.3" "$po/$n.info" "PDF version:     1.3"
		has "$tag print $n is PDF/X-1" "$po/$n.info" "PDF subtype:    PDF/X-1:2001"
		# every font embedded and subset: the emb and sub columns are "yes"
		pdffonts "$f" > "$po/$n.fonts" 2>&1
		if awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1 } END { exit bad || n == 0 }' "$po/$n.fonts"; then
			ok "$tag print $n fonts embedded and subset"
		else
			notok "$tag print $n fonts embedded and subset" "$(cat "$po/$n.fonts")"
		fi
		# each font's /W and CIDToGIDMap: the characters drawn, at their glyphs' advances
		if python3 tests/print_widths.py "$f" > "$po/$n.widths" 2>&1; then
			ok "$tag print $n fonts declare the characters drawn"
		else
			notok "$tag print $n fonts declare the characters drawn" "$(cat "$po/$n.widths")"
		fi
		# no RGB, no soft mask, no ExtGState (transparency, version), no annotation
		qpdf --qdf --object-streams=disable "$f" "$po/$n.qdf" > /dev/null 2>&1
		for k in /DeviceRGB /SMask /ExtGState /Annots /Group; do
			if grep -a -q -- "$k" "$po/$n.qdf"; then notok "$tag print $n has no $k"; else ok "$tag print $n has no $k"; fi
		done
		has "$tag print $n has a GTS_PDFX intent" "$po/$n.qdf" "/S /GTS_PDFX"
		has "$tag print $n Trapped" "$po/$n.qdf" "/Trapped /False"
		has "$tag print $n dates with a time zone" "$po/$n.qdf" "/CreationDate (D:20261030000000+00'00')"
	done

	# Boxes: TrimBox 140 x 216 mm, BleedBox 3 mm more on each side, MediaBox room for marks.
	sizeok "$tag print TrimBox 140 x 216 mm" "$(pdfbox "$s" TrimBox)" 140 216
	sizeok "$tag print BleedBox trim + 2 x 3 mm" "$(pdfbox "$s" BleedBox)" 146 222
	sizeok "$tag print imposed TrimBox 280 x 216 mm" "$(pdfbox "$i" TrimBox)" 280 216
	mb="$(pdfbox "$s" MediaBox) $(pdfbox "$s" BleedBox)"
	if echo "$mb" | awk 'NF == 8 && $5 - $1 > 14 && $6 - $2 > 14 && $3 - $7 > 14 && $4 - $8 > 14 { found = 1 } END { exit !found }'; then
		ok "$tag print MediaBox leaves room for the marks"
	else
		notok "$tag print MediaBox leaves room for the marks" "media and bleed: $mb"
	fi

	# Text stays text, with its accents, in reading order.
	has "$tag print text has the accented sentence" "$po/sample.txt" \
	    "¿Qué está pasando? ¡Bienvenido, señor! «Pingüino» – útil — acción e ímpetu."
	has "$tag print text of a justified paragraph" "$po/sample.txt" \
	    "Bienvenido a México. Esta guía reúne lo que necesita saber para viajar"
	has "$tag print letter-spaced run reads as a word" "$po/sample.txt" "DIRECTORIO"
	# The draft stamp is drawn as outlines: the text reads as without it, the pictures differ.
	if cmp -s "$po/sample.txt" "$po/draft.txt"; then ok "$tag print draft stamp leaves the text alone"; else notok "$tag print draft stamp leaves the text alone"; fi
	for n in 1 2 3 4; do
		if cmp -s "$po/sample-$n.png" "$po/draft-$n.png"; then notok "$tag print draft page $n is stamped"; else ok "$tag print draft page $n is stamped"; fi
	done

	# The same display list gives the same bytes.
	expect "$tag print renders again" 0 "$ps" "$po/again.pdf" "$po/again-imposed.pdf"
	if cmp -s "$s" "$po/again.pdf" && cmp -s "$i" "$po/again-imposed.pdf"; then
		ok "$tag print byte-identical rebuild"
	else
		notok "$tag print byte-identical rebuild" "$(cmp "$s" "$po/again.pdf"; cmp "$i" "$po/again-imposed.pdf")"
	fi

	# Imposition: 4 pages on 2 sheets, paired 4/1 and 2/3, left half then right half.
	has "$tag print imposed has 2 sheets" "$po/imposed.info" "Pages:           2"
	half=$(pdfbox "$i" MediaBox | awk '{ printf "%d", $3 / 2 }')
	for want in 1:0:DIRECTORIO 1:1:"Guía Paisano" 2:0:"Aduana: equipaje" 2:1:"El holograma"; do
		sheet=${want%%:*} rest=${want#*:}
		side=${rest%%:*} text=${rest#*:}
		pdftotext -f "$sheet" -l "$sheet" -x $((side * half)) -y 0 -W "$half" -H 2000 "$i" "$po/side.txt" 2> /dev/null
		has "$tag print imposed sheet $sheet $([ "$side" = 0 ] && echo left || echo right) is \"$text\"" "$po/side.txt" "$text"
	done
fi
