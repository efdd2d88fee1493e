# t_png.sh: src/render/png.c, the proofs' PNG encoder, against libpng's decoder (tests/png_test.c, GTest
# as TAP); sourced by run.sh with $P and $tag set.  The proofs themselves are checked in
# t_outputs.sh.
case $tag in
paisano) pt=tests/png_test ;;
paisano-asan) pt=tests/png_test-asan ;;
*) pt= ;;
esac
if [ -n "$pt" ] && [ ! -x "$pt" ]; then
	notok "$tag png: $pt is built (make $pt)"
elif [ -n "$pt" ]; then
	"$pt" --tap > "$out/png.tap" 2> "$out/png.err"
	rc=$?
	tap "$tag png" "$out/png.tap" "$out/png.err"
	if [ "$rc" -ne 0 ] || [ "$tap_n" -eq 0 ] || ! sanitized "$out/png.err"; then
		notok "$tag png: $pt ran to the end (exit $rc, $tap_n tests)" "$(tail -20 "$out/png.err")"
	fi
fi
