# t_layoutpar.sh: the chapters are laid out on several threads (src/render/layout/chapters.c)
# and paginated in order: the pages are the same, line for line, with one thread or several
# (-j 1, 2, 4), in both languages, for the bundled editions (short: laid out on one thread
# whatever -j says) and for a stress edition whose chapters are long and unequal (three
# copies: on up to three threads).  t_identity.sh compares the PDFs with the recorded ones.
# Sourced by run.sh with $P and $tag set.

# same_pages LABEL ARGS...: `pages ARGS` with -j 1, 2 and 4 print the same
same_pages() {
	sp_label=$1
	shift
	"$P" pages -j 1 "$@" > "$out/lp-1.txt" 2> "$out/lp-1.err"
	sp_rc=$?
	sp_n=$(sed -n 's/^\([0-9]*\) pages$/\1/p' "$out/lp-1.txt")
	if [ $sp_rc -ne 0 ] || [ -z "$sp_n" ]; then
		notok "$tag pages -j 1 $sp_label" "$(cat "$out/lp-1.err")"
		return
	fi
	for j in 2 4; do
		"$P" pages -j $j "$@" > "$out/lp-$j.txt" 2> "$out/lp-$j.err"
		if cmp -s "$out/lp-1.txt" "$out/lp-$j.txt"; then
			ok "$tag pages -j $j $sp_label: the same $sp_n pages as -j 1"
		else
			notok "$tag pages -j $j $sp_label: the same $sp_n pages as -j 1" \
			    "$(diff "$out/lp-1.txt" "$out/lp-$j.txt" | head -20; cat "$out/lp-$j.err")"
		fi
	done
}

for l in es en; do
	same_pages "2026-invierno ($l)" --edition 2026-invierno -l $l
done
same_pages "2026-verano" --edition 2026-verano
python3 tests/bench/stress.py guide-src "$out/lp-stress" 3
same_pages "stress edition (3 copies)" --src "$out/lp-stress" --edition 2026-invierno
# the PDFs too: the tagged screen PDF's structure elements are numbered in the document's order
# whichever thread made them
for j in 1 4; do
	"$P" build -q -j $j --only print,screen --src "$out/lp-stress" --edition 2026-invierno -o "$out/lp-build-$j" \
	    > "$out/lp-build-$j.err" 2>&1
done
if [ -s "$out/lp-build-1/2026-invierno/2026-invierno-screen.pdf" ] &&
    cmp -s "$out/lp-build-1/2026-invierno/2026-invierno-screen.pdf" "$out/lp-build-4/2026-invierno/2026-invierno-screen.pdf" &&
    cmp -s "$out/lp-build-1/2026-invierno/2026-invierno-print.pdf" "$out/lp-build-4/2026-invierno/2026-invierno-print.pdf"; then
	ok "$tag build -j 4 of the stress edition: the same PDFs as -j 1"
else
	notok "$tag build -j 4 of the stress edition: the same PDFs as -j 1" "$(cat "$out/lp-build-1.err" "$out/lp-build-4.err")"
fi
rm -rf "$out/lp-stress" "$out/lp-build-1" "$out/lp-build-4"
