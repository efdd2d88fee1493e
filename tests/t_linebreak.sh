# t_linebreak.sh: src/render/layout/linebreak.c, the total-fit paragraph breaker, on golden
# paragraphs (tests/linebreak_test.c, GTest as TAP); sourced by run.sh with $P and $tag set.
# How the breaker sets the bundled edition is measured by tests/bench/typography.py.
case $tag in
paisano) lt=tests/linebreak_test ;;
paisano-asan) lt=tests/linebreak_test-asan ;;
*) lt= ;;
esac
if [ -n "$lt" ] && [ ! -x "$lt" ]; then
	notok "$tag linebreak: $lt is built (make $lt)"
elif [ -n "$lt" ]; then
	"$lt" --tap > "$out/linebreak.tap" 2> "$out/linebreak.err"
	rc=$?
	tap "$tag linebreak" "$out/linebreak.tap" "$out/linebreak.err"
	if [ "$rc" -ne 0 ] || [ "$tap_n" -eq 0 ] || ! sanitized "$out/linebreak.err"; then
		notok "$tag linebreak: $lt ran to the end (exit $rc, $tap_n tests)" "$(tail -20 "$out/linebreak.err")"
	fi
fi
