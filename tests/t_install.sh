# t_install.sh: `make install` into a DESTDIR, and the installed program run from another
# directory; sourced by run.sh with $P and $tag set (normal build only: it installs bin/paisano).
#
# The install uses the build's own PREFIX (make passes it down in MAKEFLAGS under make check):
# another PREFIX would rebuild bin/paisano under the tests' feet.  The installed program finds
# its module in PREFIX/lib/paisano/ and its templates and fonts in PREFIX/share/paisano/, beside
# its bin/, wherever DESTDIR put them.
if [ "$tag" = paisano ]; then
	root=$(cd "$out" && pwd)/root
	repo=$(pwd)
	rm -rf "$root"
	expect "make install" 0 make -s install DESTDIR="$root"
	inst=$(find "$root" -path '*/bin/paisano' -type f | head -1)
	prefix=${inst%/bin/paisano}
	for f in bin/paisano lib/paisano/paisano-render.so share/man/man1/paisano.1 share/paisano/fonts/NotoSans-Regular.ttf share/paisano/fonts/OFL-1.1.txt share/paisano/templates/booklet.xml share/paisano/templates/html/paisano.css \
	    share/man/es/man1/paisano.1 share/locale/es/LC_MESSAGES/paisano.mo; do
		if [ -f "$prefix/$f" ]; then ok "installed $f"; else notok "installed $f" "$(cd "$root" && find . | head -20)"; fi
	done
	expect "the installed program runs" 0 "$inst" --version
	# The Spanish messages from the installed catalog (share/locale beside bin/), from anywhere.
	(cd / && LC_ALL=es_MX.UTF-8 "$inst" check --src "$repo/guide-src" "$repo/tests/cases/phone-old-prefix/phone-old-prefix.xml") > "$out/stdout" 2> "$out/stderr"
	has "installed: Spanish messages from the installed catalog" "$out/stdout" "usa el prefijo 01, que se eliminó en 2019"
	# The Spanish man page is the translation of paisano.1: the same commands, in Spanish.
	if grep -q '^\.Sh SINOPSIS' "$prefix/share/man/es/man1/paisano.1" &&
	    [ "$(grep -c '^\.It Cm ' paisano.1)" = "$(grep -c '^\.It Cm ' "$prefix/share/man/es/man1/paisano.1")" ]; then
		ok "installed: the Spanish man page, with every command and check of paisano.1"
	else
		notok "installed: the Spanish man page, with every command and check of paisano.1" "$(grep -c '^\.It Cm ' paisano.1 "$prefix/share/man/es/man1/paisano.1")"
	fi
	if command -v groff > /dev/null; then
		groff -mandoc -Tutf8 -ww -z "$prefix/share/man/es/man1/paisano.1" > "$out/groff" 2>&1
		if [ -s "$out/groff" ]; then notok "installed: the Spanish man page formats without warnings" "$(head -5 "$out/groff")"
		else ok "installed: the Spanish man page formats without warnings"; fi
	fi

	# From another directory (no ./templates, no ./fonts), with the repository's sources.
	elsewhere=$root/elsewhere
	mkdir -p "$elsewhere"
	(cd "$elsewhere" && "$inst" check --src "$repo/guide-src") > "$out/stdout" 2> "$out/stderr"
	if [ $? = 0 ]; then ok "installed: check from another directory"; else notok "installed: check from another directory" "$(head -5 "$out/stderr")"; fi
	(cd "$elsewhere" && "$inst" build -q --src "$repo/guide-src" --edition 2026-invierno -o "$elsewhere/out") > "$out/stdout" 2> "$out/stderr"
	if [ $? = 0 ]; then ok "installed: build the bundled edition from another directory"; else notok "installed: build the bundled edition from another directory" "$(head -5 "$out/stderr")"; fi
	# The same files, byte for byte, as the program in the checkout makes with ./templates.
	"$P" build -q --edition 2026-invierno -o "$root/ref" > /dev/null 2>&1
	(cd "$root/ref/2026-invierno" && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/ref.sha256"
	(cd "$elsewhere/out/2026-invierno" 2>/dev/null && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/inst.sha256"
	if [ -s "$out/ref.sha256" ] && diff -u "$out/ref.sha256" "$out/inst.sha256" > "$out/inst.diff"; then
		ok "installed: the outputs are byte-identical to the checkout's ($(wc -l < "$out/ref.sha256") files)"
	else
		notok "installed: the outputs are byte-identical to the checkout's" "$(head -20 "$out/inst.diff")"
	fi
	has "installed: the manifest names the installed fonts" "$elsewhere/out/2026-invierno/manifest.json" "$prefix/share/paisano/fonts/NotoSans-Regular.ttf"
	(cd "$elsewhere" && "$inst" pages --src "$repo/guide-src" --edition 2026-invierno) > "$out/inst-pages.txt" 2> "$out/stderr"
	"$P" pages --edition 2026-invierno > "$out/ref-pages.txt" 2>&1
	if cmp -s "$out/inst-pages.txt" "$out/ref-pages.txt"; then ok "installed: pages from another directory, the same pages"
	else notok "installed: pages from another directory, the same pages" "$(diff "$out/ref-pages.txt" "$out/inst-pages.txt" | head -5)"; fi

	# PAISANO_DATADIR overrides where the data is; --templates overrides both.
	(cd "$elsewhere" && PAISANO_DATADIR=/nonexistent "$inst" pages --hyphenate casa) > "$out/stdout" 2> "$out/stderr"
	has "installed: PAISANO_DATADIR is where the templates are looked for" "$out/stderr" "/nonexistent/templates/booklet.xml: no such template file"
	(cd "$elsewhere" && PAISANO_DATADIR=/nonexistent "$inst" pages --templates "$prefix/share/paisano/templates" --hyphenate publicación) > "$out/stdout" 2> "$out/stderr"
	has "installed: --templates wins over PAISANO_DATADIR" "$out/stdout" "pu-bli-ca-ción"
	# A program copied away from its share/: the data directory fixed at build time (PREFIX).
	mkdir -p "$root/lone/bin" "$root/lone/lib"
	cp "$inst" "$root/lone/bin/paisano"
	cp -r "$prefix/lib/paisano" "$root/lone/lib/"
	datadir=$(sed -n 's/^#define PAISANO_DATADIR "\(.*\)"$/\1/p' build/datadir.h)
	(cd "$elsewhere" && "$root/lone/bin/paisano" pages --hyphenate casa) > "$out/stdout" 2> "$out/stderr"
	if [ -d "$datadir/templates" ]; then ok "installed: the build-time data directory $datadir (it exists here)"
	else has "installed: the build-time data directory is the last resort" "$out/stderr" "$datadir/templates/booklet.xml: no such template file"; fi
	rm -rf "$root"
fi
