# t_office.sh: the national office's and the print shop's pages on the desk (issue 18):
# tests/desk/office.py over HTTP (roles, CSRF, the edition at a glance, a draft built in the
# background, publish refused then done, the print shop's published-only files, downloads
# logged); sourced by run.sh with $P and $tag set.  The preflight is ../shared/tools/preflight.

office_out=$out/office-$tag
rm -rf "$office_out"
mkdir -p "$office_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag office: python3 is installed (sudo sh .ci/deps)"
else
	PAISANO_PREFLIGHT=$(pwd)/../shared/tools/preflight timeout 1200 python3 tests/desk/office.py "$P" "$office_out" \
	    > "$office_out/office.tap" 2> "$office_out/office.err"
	rc=$?
	tap "$tag office" "$office_out/office.tap" "$office_out/office.err"
	if [ "$tap_n" -lt 60 ] || [ "$rc" -gt 1 ]; then
		notok "$tag office: the HTTP tests ran to the end" "exit $rc, $tap_n results; $(tail -n 20 "$office_out/office.err")"
	fi
fi
[ -f "$office_out/office.tap" ] && ! grep -q '^not ok' "$office_out/office.tap" && rm -rf "$office_out"
