# t_desk_newuser.sh: what a new user found walking the desk as an editor, the office and the
# print shop (tests/desk/newuser.py over HTTP); sourced by run.sh with $P and $tag set.

nu_out=$out/desk-newuser-$tag
rm -rf "$nu_out"
mkdir -p "$nu_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag desk (new user): python3 is installed (sudo sh .ci/deps)"
else
	timeout 600 python3 tests/desk/newuser.py "$P" "$nu_out" > "$nu_out/newuser.tap" 2> "$nu_out/newuser.err"
	rc=$?
	tap "$tag desk (new user)" "$nu_out/newuser.tap" "$nu_out/newuser.err"
	if [ "$tap_n" -lt 16 ] || [ "$rc" -gt 1 ]; then
		notok "$tag desk (new user): the tests ran to the end" "exit $rc, $tap_n results; $(tail -n 20 "$nu_out/newuser.err")"
	fi
fi
[ -f "$nu_out/newuser.tap" ] && ! grep -q '^not ok' "$nu_out/newuser.tap" && rm -rf "$nu_out"
