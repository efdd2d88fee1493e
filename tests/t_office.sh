# t_office.sh: the national office's and the print shop's pages on the desk (issue 18):
# tests/desk/office.py over HTTP (roles, CSRF, the edition at a glance, a draft built in the
# background, publish refused then done, the print shop's published-only files, downloads
# logged); sourced by run.sh with $P and $tag set.  The preflight is ../shared/tools/preflight.

office_out=$out/office-$tag
rc=0
rm -rf "$office_out"
mkdir -p "$office_out"
if ! command -v python3 > /dev/null 2>&1; then
	notok "$tag office: python3 is installed (sudo sh .ci/deps)"
else
	# if it stops early: the desk's own last words too (its stderr: a crash, an assertion)
	tap_log=$office_out/serve-office.log
	tap_run "$tag office" "the HTTP tests" 60 "$office_out/office.tap" \
	    env PAISANO_PREFLIGHT="$(pwd)/../shared/tools/preflight" timeout 1200 python3 tests/desk/office.py "$P" "$office_out"
	tap_log=
fi
[ "$rc" -le 1 ] && [ -f "$office_out/office.tap" ] && ! grep -q '^not ok' "$office_out/office.tap" && rm -rf "$office_out"

# The office's and the printer's path in a real browser, axe and vnu on every page (normal build
# only, with the tools t_desk.sh installs: tests/html/node_modules).
if [ "$tag" = paisano ] && command -v node > /dev/null 2>&1 && command -v java > /dev/null 2>&1 &&
    command -v chromium > /dev/null 2>&1; then
	if [ ! -f tests/html/node_modules/.package-lock.json ] ||
	    [ tests/html/package-lock.json -nt tests/html/node_modules/.package-lock.json ]; then
		timeout 300 npm ci --prefix tests/html --ignore-scripts --no-audit --no-fund > "$out/office-npm.log" 2>&1 ||
		    notok "$tag office: npm ci tests/html" "$(tail -n 20 "$out/office-npm.log")"
	fi
	ob_out=$out/officebrowser-$tag
	rm -rf "$ob_out"
	mkdir -p "$ob_out"
	timeout 1200 python3 tests/desk/officebrowser.py "$P" "$ob_out" > "$ob_out/ob.tap" 2> "$ob_out/ob.err"
	tap "$tag office" "$ob_out/ob.tap" "$ob_out/ob.err"
	if [ "$tap_n" -lt 17 ]; then
		notok "$tag office: the browser tests ran to the end" "$tap_n results; $(tail -n 20 "$ob_out/ob.err")"
	fi
	! grep -q '^not ok' "$ob_out/ob.tap" && rm -rf "$ob_out"
fi
