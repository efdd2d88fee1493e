# t_desk_newuser.sh: what a new user found walking the desk as an editor, the office and the
# print shop (tests/desk/newuser.py over HTTP); sourced by run.sh with $P and $tag set.

nu_out=$out/desk-newuser-$tag
rm -rf "$nu_out"
mkdir -p "$nu_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag desk (new user): python3 is installed (sudo sh .ci/deps)"
else
	tap_run "$tag desk (new user)" "the tests" 16 "$nu_out/newuser.tap" timeout 600 python3 tests/desk/newuser.py "$P" "$nu_out"
fi
[ "${rc:-0}" -le 1 ] && [ -f "$nu_out/newuser.tap" ] && ! grep -q '^not ok' "$nu_out/newuser.tap" && rm -rf "$nu_out"
