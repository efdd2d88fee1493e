# t_corpus.sh: the regression corpora of the stages after `check`, in the manner of tests/cases/:
# each case is a folder of small sources beside `expected`, compared with diff -u.
#
#   tests/layout/NAME/        `paisano pages`: the page dump (with --feet if NAME/feet exists)
#   tests/html/cases/NAME/    `paisano build --only html`: every HTML file
#   tests/snapshot/NAME/      `paisano snapshot`: the snapshot, then its version line
#   tests/diff/NAME/old/, new/  `paisano diff` of the two editions' snapshots
#
# A case's folder holds agency files and, if it needs one, an edition manifest; tests/corpus_tree.py
# makes the source tree (adding tests/base/, what every edition must print, and a manifest that
# includes every section when the case has none).  After an intended change, `sh tests/regen.sh`
# rewrites every expected file (REGEN=1); read `git diff tests/` before committing them.
# Sourced by run.sh with $P and $tag set.

# corpus_case KIND DIR OUT: the output of one case into OUT; stderr into OUT.err
corpus_case() {
	ct=$out/corpus-tree
	case $1 in
	diff)
		a=$(python3 tests/corpus_tree.py "$2/old" "$ct-old" antes) &&
		b=$(python3 tests/corpus_tree.py "$2/new" "$ct-new" despues) &&
		"$P" snapshot --src "$ct-old" --edition "$a" -o "$out/antes.model.xml" 2> "$3.err" &&
		"$P" snapshot --src "$ct-new" --edition "$b" -o "$out/despues.model.xml" 2>> "$3.err" &&
		"$P" diff --src "$ct-new" --color=never "$out/antes.model.xml" "$out/despues.model.xml" 2>> "$3.err" |
		    sed "s|$out/||g" > "$3"
		;;
	*)
		e=$(python3 tests/corpus_tree.py "$2" "$ct") || return 1
		case $1 in
		layout)
			# a case with a file `feet` also prints where each page's flow ends
			feet=; [ -f "$2/feet" ] && feet=--feet
			"$P" pages $feet --src "$ct" --edition "$e" > "$3" 2> "$3.err" ;;
		snapshot)
			"$P" snapshot --src "$ct" --edition "$e" -o "$3" 2> "$3.err" &&
			grep -v '^paisano:' "$3.err" >> "$3" ;;
		html)
			rm -rf "$out/corpus-html"
			"$P" build -q --only html --src "$ct" --edition "$e" -o "$out/corpus-html" 2> "$3.err" &&
			(cd "$out/corpus-html/$e" && for f in html*/*.html; do echo "==> $f <=="; cat "$f"; done) > "$3" ;;
		esac
		;;
	esac
}

for kind in layout html snapshot diff; do
	dirs=tests/$kind/*/
	[ "$kind" = html ] && dirs=tests/html/cases/*/
	for dir in $dirs; do
		[ -d "$dir" ] || continue
		dir=${dir%/}
		name="$tag $kind $(basename "$dir")"
		if ! corpus_case "$kind" "$dir" "$out/corpus.out"; then
			notok "$name" "the command failed: $(head -c 2000 "$out/corpus.out.err")"
		elif ! sanitized "$out/corpus.out.err"; then
			notok "$name" "$(head -c 2000 "$out/corpus.out.err")"
		elif [ -n "${REGEN:-}" ]; then
			cp "$out/corpus.out" "$dir/expected"
			ok "$name: wrote $dir/expected"
		elif [ ! -f "$dir/expected" ]; then
			notok "$name" "no expected file: sh tests/regen.sh writes it"
		elif diff -u "$dir/expected" "$out/corpus.out" > "$out/corpus.diff"; then
			ok "$name"
		else
			notok "$name" "$(head -c 4000 "$out/corpus.diff")"
		fi
	done
done
