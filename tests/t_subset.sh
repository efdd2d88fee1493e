# t_subset.sh: src/render/screen/subset.c, the screen PDF's font subsets, on a small PDF made by
# tests/subset_test.c (a page in NotoSans-Regular and NotoSans-Bold), checked with qpdf and
# poppler; sourced by run.sh with $P and $tag set.
case $tag in
paisano) st=tests/subset_test ;;
paisano-asan) st=tests/subset_test-asan ;;
*) st= ;;
esac
if [ -n "$st" ] && [ ! -x "$st" ]; then
	notok "$tag subset: $st is built (make $st)"
elif [ -n "$st" ]; then
	sp=$out/subset.pdf
	expect "$tag subset: a page in two fonts is written" 0 "$st" "$sp"
	expect "$tag subset: qpdf --check passes" 0 qpdf --check "$sp"
	if grep -q 'No syntax or stream encoding errors' "$out/stdout" && ! grep -q -i warning "$out/stdout" "$out/stderr"; then
		ok "$tag subset: qpdf finds nothing to say"
	else
		notok "$tag subset: qpdf finds nothing to say" "$(cat "$out/stdout" "$out/stderr")"
	fi

	# pdffonts: both fonts CID TrueType, Identity-H, embedded, subset, with a ToUnicode map
	pdffonts "$sp" > "$out/subset.fonts" 2>&1
	for face in Regular Bold; do
		if grep -q -E "^[A-Z]{6}\+NotoSans-$face +CID TrueType +Identity-H +yes yes yes " "$out/subset.fonts"; then
			ok "$tag subset: pdffonts: NotoSans-$face is CID TrueType, Identity-H, embedded, a subset, with ToUnicode"
		else
			notok "$tag subset: pdffonts: NotoSans-$face is CID TrueType, Identity-H, embedded, a subset, with ToUnicode" \
			    "$(cat "$out/subset.fonts")"
		fi
	done
	if [ "$(grep -c NotoSans "$out/subset.fonts")" -eq 2 ] && [ ! -s "$out/stderr" ]; then
		ok "$tag subset: pdffonts lists the two fonts, silently"
	else
		notok "$tag subset: pdffonts lists the two fonts, silently" "$(cat "$out/subset.fonts")"
	fi

	# the text comes back: accents, ñ, ¿¡, «», €, — and œ (outside Latin-1), the hyphen's glyph
	# also drawn for a soft hyphen (it keeps "-"), and the test's character outside the BMP
	# (😀, a surrogate pair in ToUnicode)
	printf '%s\n' '¿Dónde está la aduana? ¡Bienvenido, señor Núñez!' \
	    '«Guía Paisano» — 25 € por día, e-mail y co-rreo' 'pingüino œ éxito 0123456789 😀' \
	    'Año próspero: ÁÉÍÓÚ áéíóú Ññ' '¿Cuánto? ¡Ya! «Sí» 100 €' > "$out/subset.want"
	printf '\n\f' >> "$out/subset.want"
	if pdftotext "$sp" "$out/subset.txt" 2> "$out/subset.err" && [ ! -s "$out/subset.err" ] &&
	    cmp -s "$out/subset.want" "$out/subset.txt"; then
		ok "$tag subset: pdftotext gives back exactly the words"
	else
		notok "$tag subset: pdftotext gives back exactly the words" \
		    "$(cat "$out/subset.err"; diff "$out/subset.want" "$out/subset.txt")"
	fi
	# the descriptors: NotoSans-Regular upright, NotoSans-Bold's stems wider (from the weight class)
	has "$tag subset: Regular's descriptor" "$sp" "+NotoSans-Regular /Flags 4 /FontBBox [-621 -389 2800 1067] /ItalicAngle 0 /Ascent 1069 /Descent -293 /CapHeight 714 /StemV 88 "
	has "$tag subset: Bold's descriptor" "$sp" "+NotoSans-Bold /Flags 4 /FontBBox [-644 -389 2800 1069] /ItalicAngle 0 /Ascent 1069 /Descent -293 /CapHeight 714 /StemV 166 "
	# the widths: ten digits of 572/1000 em at 14 pt are 80.08 pt wide
	w=$(pdftotext -bbox "$sp" - 2> /dev/null | sed -n 's/.*xMin="\([0-9.]*\)".*xMax="\([0-9.]*\)".*>0123456789<.*/\1 \2/p' |
	    awk '{ printf "%.2f", $2 - $1 }')
	if [ "$w" = 80.08 ]; then ok "$tag subset: the /W widths are the font's advances"
	else notok "$tag subset: the /W widths are the font's advances" "0123456789 is $w pt wide, not 80.08"; fi
	# poppler and Ghostscript render it without a word
	if pdftoppm -r 36 -png "$sp" "$out/subset-page" > "$out/subset.err" 2>&1 && [ ! -s "$out/subset.err" ] &&
	    gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$sp" > "$out/subset.err" 2>&1 && [ ! -s "$out/subset.err" ]; then
		ok "$tag subset: poppler and Ghostscript draw the page silently"
	else
		notok "$tag subset: poppler and Ghostscript draw the page silently" "$(cat "$out/subset.err")"
	fi

	# each font program is a small part of its file (Regular 513 KB, Bold 516 KB): under 2 %
	# deflated, under 5 % as it is
	python3 - "$sp" > "$out/subset.sizes" 2>&1 << 'EOF'
import re, sys
d = open(sys.argv[1], 'rb').read()
for l1, l in re.findall(rb'/Length1 (\d+) /Length (\d+) /Filter /FlateDecode', d):
    print(int(l1), int(l))
EOF
	if [ "$(wc -l < "$out/subset.sizes")" -eq 2 ] &&
	    awk '$1 >= 512000 / 20 || $2 >= 512000 / 50 { bad = 1 } END { exit bad }' "$out/subset.sizes"; then
		ok "$tag subset: the font streams are much smaller than the fonts ($(tr '\n' ' ' < "$out/subset.sizes")bytes)"
	else
		notok "$tag subset: the font streams are much smaller than the fonts" "$(cat "$out/subset.sizes")"
	fi

	# the same glyphs, the same bytes (the subset tag too)
	expect "$tag subset: written again" 0 "$st" "$out/subset2.pdf"
	if cmp -s "$sp" "$out/subset2.pdf"; then ok "$tag subset: the same input gives the same bytes"
	else notok "$tag subset: the same input gives the same bytes"; fi

	# fonts it refuses, with their messages
	printf 'not a font' > "$out/subset.txt"
	head -c 300000 fonts/NotoSans-Regular.ttf > "$out/subset-cut.ttf"
	# a head without its magic number, an hmtx too short for the glyphs (HarfBuzz would subset
	# both: into nothing, and into glyphs without widths)
	python3 - fonts/NotoSans-Regular.ttf "$out/subset-head.ttf" "$out/subset-hmtx.ttf" << 'EOF'
import struct, sys
src = open(sys.argv[1], 'rb').read()
dirs = {}
for i in range(struct.unpack('>H', src[4:6])[0]):
    tag, _, off, _ = struct.unpack('>4sIII', src[12 + 16 * i:28 + 16 * i])
    dirs[tag] = (12 + 16 * i, off)
d = bytearray(src)
d[dirs[b'head'][1] + 12:dirs[b'head'][1] + 16] = bytes(4)
open(sys.argv[2], 'wb').write(d)
d = bytearray(src)
d[dirs[b'hmtx'][0] + 12:dirs[b'hmtx'][0] + 16] = struct.pack('>I', 400)
open(sys.argv[3], 'wb').write(d)
EOF
	for c in "tests/nonexistent.ttf|tests/nonexistent.ttf: cannot read the font: No such file or directory" \
	    "tests|tests: cannot read the font: Is a directory" \
	    "$out/subset.txt|$out/subset.txt: not a TrueType font HarfBuzz can subset" \
	    "$out/subset-cut.ttf|$out/subset-cut.ttf: not a TrueType font HarfBuzz can subset" \
	    "$out/subset-head.ttf|$out/subset-head.ttf: not a TrueType font HarfBuzz can subset" \
	    "$out/subset-hmtx.ttf|$out/subset-hmtx.ttf: not a TrueType font HarfBuzz can subset" \
	    "/dev/null|/dev/null: not a TrueType font HarfBuzz can subset"; do
		expect "$tag subset: refuses ${c%%|*}" 1 "$st" --font "${c%%|*}"
		if [ "$(cat "$out/stderr")" = "${c#*|}" ]; then ok "$tag subset: says \"${c#*|}\""
		else notok "$tag subset: says \"${c#*|}\"" "$(cat "$out/stderr")"; fi
	done
	otf=$(ls /usr/share/fonts/opentype/urw-base35/C059-Roman.otf 2> /dev/null)
	if [ -n "$otf" ]; then
		expect "$tag subset: refuses a CFF font" 1 "$st" --font "$otf"
		has "$tag subset: a CFF font is not TrueType" "$out/stderr" "$otf: not a TrueType font HarfBuzz can subset"
	fi
fi
