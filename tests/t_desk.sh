# t_desk.sh: the editors' desk, paisano serve (issue 17); sourced by run.sh with $P and $tag set.
# Helpers: expect NAME STATUS CMD...; has/hasnt NAME FILE TEXT; ok; notok; tap PREFIX FILE.
#
# tests/desk/security.py starts desks on free loopback ports (copies of guide-src/ under
# $out/desk-$tag) and checks over HTTP every security point of the issue, the submissions,
# sign-off (the desk's and paisano signoff's), history, changes made outside, TLS with a
# certificate made by openssl, concurrent submissions and kill -9; it kills its desks at the
# end.  tests/desk/mutations.py (by hand, slow) checks that each protection's test fails
# without the protection.  With the normal build, tests/desk/browse.js then drives Chromium through
# the editor's path, and vnu and axe-core check every desk page at 360 and 1280 px.

desk_out=$out/desk-$tag
rm -rf "$desk_out"
mkdir -p "$desk_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag desk: python3 is installed (sudo sh .ci/deps)"
else
	tap_run "$tag desk" "the HTTP tests" 70 "$desk_out/security.tap" timeout 900 python3 tests/desk/security.py "$P" "$desk_out"
	# the desks' own output: no sanitizer report, no GLib warning
	# (LeakSanitizer's own failure to stop the threads at exit, which a loaded machine makes
	# now and then, is not a finding: its three lines are left out; any report still counts)
	lsan_tool='LeakSanitizer has encountered a fatal error|HINT: For debugging, try setting environment variable LSAN_OPTIONS|HINT: LeakSanitizer does not work under ptrace'
	if cat "$desk_out"/serve-*.log 2> /dev/null | grep -v -E "$lsan_tool" | grep -q -E 'Sanitizer|runtime error:|CRITICAL|WARNING'; then
		notok "$tag desk: the desks ran clean" "$(cat "$desk_out"/serve-*.log | grep -v -E "$lsan_tool" | grep -E -A 20 'Sanitizer|runtime error:|CRITICAL|WARNING' | head -n 40)"
	else
		ok "$tag desk: the desks ran clean"
	fi
fi

# The editor's path in a real browser, axe and vnu on every desk page: once (normal build), with
# the tools t_html.sh uses (tests/html/package-lock.json: npm ci, npm registry only).
if [ "$tag" = paisano ]; then
	desk_tools=yes
	for tool in node npm java chromium; do
		if ! command -v "$tool" > /dev/null 2>&1; then
			notok "$tag desk: $tool is installed (sudo sh .ci/deps)"
			desk_tools=no
		fi
	done
	if [ "$desk_tools" = yes ] && { [ ! -f tests/html/node_modules/.package-lock.json ] ||
	    [ tests/html/package-lock.json -nt tests/html/node_modules/.package-lock.json ]; }; then
		if ! timeout 300 npm ci --prefix tests/html --ignore-scripts --no-audit --no-fund > "$desk_out/npm.log" 2>&1; then
			notok "$tag desk: npm ci tests/html" "$(tail -n 20 "$desk_out/npm.log")"
			desk_tools=no
		fi
	fi
	if [ "$desk_tools" = yes ]; then
		timeout 900 python3 tests/desk/browser.py "$P" "$desk_out/browser" > "$desk_out/browser.tap" 2> "$desk_out/browser.err"
		tap "$tag desk" "$desk_out/browser.tap" "$desk_out/browser.err"
		if [ "$tap_n" -lt 14 ]; then
			notok "$tag desk: the browser tests ran to the end" "$tap_n results; $(tail -n 20 "$desk_out/browser.err")"
		fi
	fi
fi
[ -f "$desk_out/security.tap" ] && ! grep -q '^not ok' "$desk_out/security.tap" &&
    { [ ! -f "$desk_out/browser.tap" ] || ! grep -q '^not ok' "$desk_out/browser.tap"; } && rm -rf "$desk_out"
