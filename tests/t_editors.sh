# t_editors.sh: what agency editors read and type; sourced by run.sh with $P and $tag.

if [ "$tag" = paisano ]; then
	# `make proof` proofs the edition `paisano proof` would, unless EDITION is given.
	make -s -n proof AGENCY=anam > "$out/make-proof" 2>&1
	if grep -q -- '--edition' "$out/make-proof"; then
		notok "$tag editors: make proof uses paisano proof's default edition" "$(cat "$out/make-proof")"
	else
		ok "$tag editors: make proof uses paisano proof's default edition"
	fi
	make -s -n proof AGENCY=anam EDITION=2026-verano > "$out/make-proof" 2>&1
	has "$tag editors: make proof EDITION=ID passes it on" "$out/make-proof" "--edition 2026-verano"

	# Every agency the README, the editors' guide and the man page name in an example exists.
	r=$(grep -h -o -E 'agencies/[a-z0-9-]+\.xml|--agency [a-z0-9-]+|AGENCY=[a-z0-9-]+' README.md paisano.1 guide-src/LEEME.md |
	    sed -E 's/agencies\/([a-z0-9-]+)\.xml/\1/; s/--agency //; s/AGENCY=//' | sort -u |
	    while read -r a; do [ -f "guide-src/agencies/$a.xml" ] || echo "$a"; done)
	if [ -z "$r" ]; then ok "$tag editors: examples name agencies that exist"
	else notok "$tag editors: examples name agencies that exist" "no such agency file: $r"; fi
fi
