# t_desk.sh: the editors' desk, paisano serve (issue 17); sourced by run.sh with $P and $tag set.
# Helpers: expect NAME STATUS CMD...; has/hasnt NAME FILE TEXT; ok; notok; tap PREFIX FILE.
#
# tests/desk/security.py starts desks on free loopback ports (copies of guide-src/ under
# $out/desk-$tag) and checks over HTTP every security point of the issue, the submissions,
# sign-off, history, changes made outside, concurrent submissions and kill -9; it kills its
# desks at the end.  With the normal build, tests/desk/browse.js then drives Chromium through
# the editor's path, and vnu and axe-core check every desk page at 360 and 1280 px.

desk_out=$out/desk-$tag
rm -rf "$desk_out"
mkdir -p "$desk_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag desk: python3 is installed (sudo sh .ci/deps)"
else
	timeout 900 python3 tests/desk/security.py "$P" "$desk_out" > "$desk_out/security.tap" 2> "$desk_out/security.err"
	rc=$?
	tap "$tag desk" "$desk_out/security.tap" "$desk_out/security.err"
	if [ "$tap_n" -lt 70 ] || [ "$rc" -gt 1 ]; then
		notok "$tag desk: the HTTP tests ran to the end" "exit $rc, $tap_n results; $(tail -n 20 "$desk_out/security.err")"
	fi
	# the desks' own output: no sanitizer report, no GLib warning
	if cat "$desk_out"/serve-*.log 2> /dev/null | grep -q -E 'Sanitizer|runtime error:|CRITICAL|WARNING'; then
		notok "$tag desk: the desks ran clean" "$(grep -h -E -A 20 'Sanitizer|runtime error:|CRITICAL|WARNING' "$desk_out"/serve-*.log | head -n 40)"
	else
		ok "$tag desk: the desks ran clean"
	fi
fi
[ -f "$desk_out/security.tap" ] && ! grep -q '^not ok' "$desk_out/security.tap" && rm -rf "$desk_out"
