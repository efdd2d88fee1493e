# t_layoutsafe.sh: the layout never drops content (issue 15, items 8-10); sourced by run.sh with
# $P and $tag.  Each case is a copy of the sources with blocks that do not fit a page or a
# column (tests/layoutsafe/mktree.py); every word of the model must reach both PDFs
# (tests/parity/words.py), and no line may leave its column or run below the text area.

# The text area's bottom, in points from the top of the trim: trim height less the bottom margin.
ls_bottom=$(python3 -c '
import re
t = open("templates/booklet.xml").read()
mm = lambda v: float(v[:-2]) * 72 / 25.4
h = mm(re.search(r"<page[^>]*height=\"([0-9.]+mm)\"", t).group(1))
b = mm(re.search(r"<margins[^>]*bottom=\"([0-9.]+mm)\"", t).group(1))
print(f"{h - b:.2f}")')

for c in wide-table tall-row tall-notice long-word; do
	src=$out/ls-src-$c
	dst=$out/ls-out-$c
	rm -rf "$src" "$dst"
	python3 tests/layoutsafe/mktree.py "$src" "$c"
	expect "$tag layoutsafe $c: builds" 0 "$P" build -q --src "$src" --edition 2026-invierno -o "$dst"
	if [ -f "$dst/2026-invierno/2026-invierno.model.xml" ]; then
		if python3 tests/parity/words.py "$dst/2026-invierno/2026-invierno.model.xml" es \
		    "$dst/2026-invierno/2026-invierno-print.pdf" "$dst/2026-invierno/2026-invierno-screen.pdf" \
		    > "$out/ls-words" 2>&1; then
			ok "$tag layoutsafe $c: every word reaches the print and screen PDFs"
		else
			notok "$tag layoutsafe $c: every word reaches the print and screen PDFs" "$(head -n 8 "$out/ls-words" | cut -c1-300)"
		fi
	fi
	"$P" pages --src "$src" --edition 2026-invierno > "$out/ls-pages" 2> /dev/null
	r=$(awk -v bottom="$ls_bottom" '
/^page / { split($0, a, "col="); split(a[2], c, "[- ]"); c0 = c[1]; c1 = c[2]; p = $2 }
/^  y=/ && / @[^-]/ {
	split($1, y, "="); split($2, x, "[=-]")
	if (x[2] < c0 - 0.01 || x[3] > c1 + 0.01) print "page " p " outside the column: " substr($0, 1, 120)
	else if (y[2] > bottom + 0.01) print "page " p " below the text area: " substr($0, 1, 120)
}' "$out/ls-pages" | head -n 5)
	if [ -z "$r" ]; then ok "$tag layoutsafe $c: every line inside its column and the text area"
	else notok "$tag layoutsafe $c: every line inside its column and the text area" "$r"; fi
	rm -rf "$src" "$dst"
done

# The bundled editions, both languages: every word of every block in both PDFs.  The Semana
# Santa 2027 draft has Banjército's hologram (from="2027-03-09": the published editions do not),
# with a caption, which once was read after being freed (AddressSanitizer catches that here).
for ed in 2026-invierno 2027-semana-santa; do
	b=$out/ls-bundled
	rm -rf "$b"
	expect "$tag layoutsafe bundled $ed builds" 0 "$P" build -q --edition $ed -o "$b"
	d=$b/$ed
	[ -f "$d/$ed.model.xml" ] || continue
	for l in es en; do
		sfx=; [ "$l" = en ] && sfx=-en
		if python3 tests/parity/words.py "$d/$ed.model.xml" "$l" "$d/$ed$sfx-print.pdf" \
		    "$d/$ed$sfx-screen.pdf" > "$out/ls-words" 2>&1; then
			ok "$tag layoutsafe bundled $ed $l: every word reaches the print and screen PDFs"
		else
			notok "$tag layoutsafe bundled $ed $l: every word reaches the print and screen PDFs" "$(head -n 8 "$out/ls-words" | cut -c1-300)"
		fi
	done
	if [ $ed = 2027-semana-santa ]; then
		if grep -q 'images/holograma.png' "$d/$ed.model.xml" && [ -f "$d/html/images/holograma.png" ] &&
		    pdfimages -list "$d/$ed-print.pdf" 2> /dev/null | awk 'NR > 2 { n++ } END { exit n < 1 }'; then
			ok "$tag layoutsafe bundled $ed: the hologram is in the model, the print PDF and the HTML"
		else
			notok "$tag layoutsafe bundled $ed: the hologram is in the model, the print PDF and the HTML"
		fi
		# at 45% of the column its 600 pixels print at 308 ppi: the preflight's 300 are met
		../shared/tools/preflight --profile x1a --bleed-mm 3 --booklet --trim 140x216 --min-ppi 300 \
		    --no-render "$d/$ed-print.pdf" > "$out/ls-preflight" 2>&1
		has "$tag layoutsafe bundled $ed: the print PDF passes the preflight, the hologram at 300 ppi or more" \
		    "$out/ls-preflight" "PASS: 0 errors, 0 warnings"
		# the snapshot records the image's SHA-256; a build from it beside the images finds it
		rm -rf "$out/ls-snap" "$out/ls-snap-out"
		mkdir -p "$out/ls-snap/snapshots"
		cp -r guide-src/images "$out/ls-snap/"
		cp "$d/$ed.model.xml" "$out/ls-snap/snapshots/"
		expect "$tag layoutsafe bundled $ed: builds from its snapshot" 0 "$P" build -q --lang es \
		    --snapshot "$out/ls-snap/snapshots/$ed.model.xml" -o "$out/ls-snap-out"
		if cmp -s "$d/$ed-print.pdf" "$out/ls-snap-out/$ed/$ed-print.pdf"; then
			ok "$tag layoutsafe bundled $ed: the print PDF from the snapshot is the one from the sources, hologram included"
		else
			notok "$tag layoutsafe bundled $ed: the print PDF from the snapshot is the one from the sources, hologram included"
		fi
		rm -rf "$out/ls-snap" "$out/ls-snap-out"
	fi
	rm -rf "$b"
done
