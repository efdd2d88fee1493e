# t_pages.sh: how the pages of the bundled edition end (issue 19): every page the flow goes on
# from ends at the foot of the text block (its spaces between blocks open to fill it), but where
# what goes overleaf is a box taller than the room left; no such page ends three lines or more
# short, and facing pages end on the same line.  Measured by tests/bench/pages.py from
# `paisano pages --feet`.  Sourced by run.sh with $P and $tag set.

for l in es en; do
	if python3 tests/bench/pages.py --paisano "$P" --max-short 3 --max-apart 0.5 "2026-invierno:$l" \
	    > "$out/pages-feet.txt" 2>&1; then
		ok "$tag pages of the bundled edition ($l) end at the foot, facing pages on the same line"
	else
		notok "$tag pages of the bundled edition ($l) end at the foot, facing pages on the same line" \
		    "$(cat "$out/pages-feet.txt")"
	fi
done

# --feet: a line per page, "flush" for a page the flow goes on from
expect "$tag pages --feet" 0 "$P" pages --feet --edition 2026-invierno
has "$tag pages --feet prints the text block's foot" "$out/stdout" "text block foot 564.09"
has "$tag pages --feet: a chapter's page ends at the foot" "$out/stdout" "foot 5 564.09 flush"

# Without the page stretch (stretch="0"), the same edition's pages end short: the test above
# would catch a pagination that stopped filling them.
rm -rf "$out/tpl0"
cp -r templates "$out/tpl0"
sed -i 's/<pages stretch="[0-9.]*"\/>/<pages stretch="0"\/>/' "$out/tpl0/booklet.xml"
if python3 tests/bench/pages.py --paisano "$P" --templates "$out/tpl0" --max-short 3 2026-invierno:es \
    > "$out/pages-feet0.txt" 2>&1; then
	notok "$tag pages end short without the page stretch" "$(cat "$out/pages-feet0.txt")"
else
	ok "$tag pages end short without the page stretch"
fi
