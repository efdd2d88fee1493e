# t_unit.sh: the unit tests of the core (tests/unit.c, GTest as TAP: the schema's fast path
# against libxml2, diagnostics, dates, seasons, phones); sourced by run.sh with $P and $tag set.
case $tag in
paisano) ut=tests/unit ;;
paisano-asan) ut=tests/unit-asan ;;
*) ut= ;;
esac
if [ -n "$ut" ] && [ ! -x "$ut" ]; then
	notok "$tag unit: $ut is built (make $ut)"
elif [ -n "$ut" ]; then
	"$ut" --tap > "$out/unit.tap" 2> "$out/unit.err"
	rc=$?
	tap "$tag unit" "$out/unit.tap" "$out/unit.err"
	if [ "$rc" -ne 0 ] || [ "$tap_n" -eq 0 ] || ! sanitized "$out/unit.err"; then
		notok "$tag unit: $ut exits 0 with results and no sanitizer report" "exit $rc; $(tail -5 "$out/unit.err")"
	fi
fi
