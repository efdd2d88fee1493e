# t_html.sh: the web edition (issue 5); sourced by run.sh with $P and $tag set.
# Helpers: expect NAME STATUS CMD...; has/hasnt NAME FILE TEXT; ok; notok.
#
# Every build checks the page's structure (python3 tests/html/structure.py) and the links it
# must carry.  With the normal build ($tag = paisano) the heavy tools run too: the W3C Nu
# checker (vnu.jar, Java 17), axe-core in headless Chromium, and screenshots at 360x740 and
# 1280x900.  They come from tests/html/package-lock.json (npm ci, npm registry only) and from
# the Debian packages chromium and openjdk-17-jre-headless (.ci/deps).

html_ed=2026-invierno

# html_build NAME SRC DIR: the web edition of $html_ed from SRC into DIR; $html_dir is the folder
# that holds index.html afterwards.
html_build() {
	rm -rf "$3"
	expect "$1" 0 "$P" build --src "$2" --edition "$html_ed" --only html -o "$3"
	html_dir=$(dirname "$(find "$3" -name index.html 2> /dev/null | head -n 1)")
}

html_build "$tag html: the bundled edition" guide-src "$out/html-$tag"
html_page=$html_dir/index.html
if [ -f "$html_page" ]; then
	ok "$tag html: index.html written"
	"$P" snapshot --edition "$html_ed" > /dev/null 2> "$out/html-version"
	html_version=$(tail -n 1 "$out/html-version")
	if python3 tests/html/structure.py "$html_page" "Versión: $html_version" > "$out/html-structure" 2>&1; then
		ok "$tag html: structure (headings, th scope, alt, no script, links, version in footer)"
	else
		notok "$tag html: structure (headings, th scope, alt, no script, links, version in footer)" "$(head -n 20 "$out/html-structure")"
	fi
	has "$tag html: lang=es" "$html_page" '<html lang="es">'
	has "$tag html: title" "$html_page" '<title>Guía Paisano · Operativo Invierno 2026</title>'
	has "$tag html: Paisano number from the US as tel:" "$html_page" 'href="tel:+18772109469"'
	has "$tag html: Paisano number in Mexico as tel:" "$html_page" 'href="tel:+528002018542"'
	has "$tag html: 911 as tel:911" "$html_page" 'href="tel:911"'
	has "$tag html: web sites as https links" "$html_page" 'href="https://www.gob.mx/heroespaisanos"'
	has "$tag html: e-mail as mailto:" "$html_page" 'href="mailto:'
	has "$tag html: th scope" "$html_page" '<th scope="col">'
	has "$tag html: tables have captions" "$html_page" '<caption'
	has "$tag html: a see is a link" "$html_page" '<a href="#inm-observadores">ver «Observadores Paisano»</a>'
	has "$tag html: facts formatted (500, no-break space, dólares)" "$html_page" "$(printf '500\302\240dólares')"
	has "$tag html: the complaint form" "$html_page" 'id="sabg-formato-queja-form"'
	has "$tag html: the directory" "$html_page" '<h2>Directorio</h2>'
	hasnt "$tag html: no script" "$html_page" '<script'
	hasnt "$tag html: no omitted (verano) text" "$html_page" 'Operativo de Verano'
	if cmp -s templates/html/paisano.css "$html_dir/paisano.css"; then
		ok "$tag html: stylesheet copied"
	else
		notok "$tag html: stylesheet copied" "$html_dir/paisano.css differs from templates/html/paisano.css"
	fi
	has "$tag html: print stylesheet" "$html_dir/paisano.css" '@media print'
	if ls -a "$html_dir" | grep -q '^\.'"[^.]"; then
		notok "$tag html: no temporary files left" "$(ls -a "$html_dir")"
	else
		ok "$tag html: no temporary files left"
	fi
else
	notok "$tag html: index.html written" "nothing in $out/html-$tag"
fi

# Text from the sources is text, never markup: a hostile paragraph comes out escaped.  The
# same copy of the sources adds an image (the bundled edition has none yet).
rm -rf "$out/html-src-$tag"
mkdir -p "$out/html-src-$tag"
cp -R guide-src/. "$out/html-src-$tag/"
spanish_only "$out/html-src-$tag"
sed -e 's|<text xml:lang="es">En los módulos del programa y por teléfono le pueden ayudar a:</text>|<text xml:lang="es">En los módulos \&lt;script\&gt;alert(1)\&lt;/script\&gt; \&lt;img src=x onerror=alert(2)\&gt; \&amp;amp; del programa:</text>|' \
    guide-src/agencies/inm.xml > "$out/html-src-$tag/agencies/inm.xml"
sed -e '0,/<\/title>/s|</title>|&<image src="images/holograma.png" width="40%"><alt>El holograma del permiso, pegado en el parabrisas</alt><caption>El holograma va en el parabrisas.</caption></image>|' \
    guide-src/agencies/banjercito.xml > "$out/html-src-$tag/agencies/banjercito.xml"
html_build "$tag html: hostile text and an image" "$out/html-src-$tag" "$out/html-hostile-$tag"
if [ -f "$html_dir/index.html" ]; then
	has "$tag html: hostile text escaped" "$html_dir/index.html" 'módulos &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &amp;amp; del'
	hasnt "$tag html: hostile text is no element" "$html_dir/index.html" '<script'
	has "$tag html: image with its alt text" "$html_dir/index.html" 'alt="El holograma del permiso, pegado en el parabrisas"'
	has "$tag html: image caption" "$html_dir/index.html" '<figcaption>El holograma va en el parabrisas.</figcaption>'
	if cmp -s guide-src/images/holograma.png "$html_dir/images/holograma.png"; then
		ok "$tag html: image copied"
	else
		notok "$tag html: image copied" "$(ls -lR "$html_dir")"
	fi
	if python3 tests/html/structure.py "$html_dir/index.html" > "$out/html-structure" 2>&1; then
		ok "$tag html: structure with an image"
	else
		notok "$tag html: structure with an image" "$(head -n 20 "$out/html-structure")"
	fi
else
	notok "$tag html: hostile text rendered" "no index.html in $out/html-hostile-$tag"
fi
rm -rf "$out/html-src-$tag" "$out/html-hostile-$tag"

# The heavy checks, once (normal build): vnu, axe-core in Chromium, screenshots.
if [ "$tag" = paisano ] && [ -f "$html_page" ]; then
	html_tools=yes
	for tool in node npm java chromium; do
		if ! command -v "$tool" > /dev/null 2>&1; then
			notok "$tag html: $tool is installed (sudo sh .ci/deps)"
			html_tools=no
		fi
	done
	# npm ci from the lock file, once; --ignore-scripts: vnu-jar's postinstall would fetch a
	# Java runtime, and Debian's is already here.
	if [ "$html_tools" = yes ] && { [ ! -f tests/html/node_modules/.package-lock.json ] ||
	    [ tests/html/package-lock.json -nt tests/html/node_modules/.package-lock.json ]; }; then
		if timeout 300 npm ci --prefix tests/html --ignore-scripts --no-audit --no-fund > "$out/html-npm.log" 2>&1; then
			ok "$tag html: npm ci tests/html"
		else
			notok "$tag html: npm ci tests/html" "$(tail -n 20 "$out/html-npm.log")"
			html_tools=no
		fi
	fi
	if [ "$html_tools" = yes ]; then
		# vnu: the page and its stylesheet, zero errors.
		timeout 120 java -jar tests/html/node_modules/vnu-jar/build/dist/vnu.jar --errors-only \
		    --also-check-css "$html_page" "$html_dir/paisano.css" > "$out/html-vnu" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$out/html-vnu" ]; then
			ok "$tag html: vnu finds no errors"
		else
			notok "$tag html: vnu finds no errors" "exit $rc; $(head -n 30 "$out/html-vnu")"
		fi

		# axe-core at 360 and 1280 px, screenshots, sideways scrolling, outside requests.
		rm -f "$out"/shot-*.png
		timeout 120 node tests/html/browse.js "$html_page" "$out" > "$out/html-browse" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ]; then
			notok "$tag html: headless Chromium ran" "exit $rc; $(tail -n 20 "$out/html-browse")"
		else
			ok "$tag html: headless Chromium ran"
			for want in 'axe-violations 0' 'overflow-360 0' 'requests 0' 'console-errors 0'; do
				if grep -q -x -F "$want" "$out/html-browse"; then
					ok "$tag html: $want"
				else
					notok "$tag html: $want" "$(grep -v '^ok' "$out/html-browse" | head -n 30)"
				fi
			done
			for shot in 360:740 1280:900; do
				w=${shot%:*} h=${shot#*:}
				if python3 - "$out/shot-$w.png" "$w" "$h" <<-'EOF'
					import struct, sys, os
					path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
					b = open(path, 'rb').read(24)
					ok = b[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', b[16:24]) == (w, h)
					# a blank page compresses to a few kB; text and rules need far more
					sys.exit(0 if ok and os.path.getsize(path) > 10000 else 1)
				EOF
				then
					ok "$tag html: screenshot ${w}x$h renders"
				else
					notok "$tag html: screenshot ${w}x$h renders" "$(ls -l "$out/shot-$w.png" 2>&1)"
				fi
			done
		fi
	fi
fi
