# t_html.sh: the web edition (issues 5 and 21); sourced by run.sh with $P and $tag set.
# Helpers: expect NAME STATUS CMD...; has/hasnt NAME FILE TEXT; ok; notok.
#
# The web edition is a page per chapter (issue 21): index.html (cover and contents), cap-*.html,
# directorio.html.  Every build checks every page's structure (python3 tests/html/structure.py)
# and the links they must carry.  With the normal build ($tag = paisano) the heavy tools run
# too, on every page of both languages: the W3C Nu checker (vnu.jar, Java 17; no message at
# all), axe-core in headless Chromium at 360 and 1280 px, and screenshots.  They come from
# tests/html/package-lock.json (npm ci, npm registry only) and from the Debian packages
# chromium and openjdk-17-jre-headless (.ci/deps).

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
html_main=$html_dir
# html_all DIR: every page of the web edition in DIR, one after the other, into $out/html-all.
html_all() {
	cat "$1"/*.html > "$out/html-all"
}
if [ -f "$html_page" ]; then
	ok "$tag html: index.html written"
	html_all "$html_dir"
	"$P" snapshot --edition "$html_ed" > /dev/null 2> "$out/html-version"
	html_version=$(tail -n 1 "$out/html-version")
	if python3 tests/html/structure.py "$html_page" "Versión: $html_version" > "$out/html-structure" 2>&1; then
		ok "$tag html: structure of every page (headings, th scope, alt, no script, links between pages, metadata, bar, version in footer): $(cat "$out/html-structure")"
	else
		notok "$tag html: structure of every page (headings, th scope, alt, no script, links between pages, metadata, bar, version in footer)" "$(head -n 20 "$out/html-structure")"
	fi
	has "$tag html: lang=es" "$html_page" '<html lang="es">'
	has "$tag html: title" "$html_page" '<title>Guía Paisano · Operativo Invierno 2026</title>'
	has "$tag html: Paisano number from the US as tel:" "$html_page" 'href="tel:+18772109469"'
	has "$tag html: Paisano number in Mexico as tel:" "$html_page" 'href="tel:+528002018542"'
	has "$tag html: 911 as tel:911" "$html_page" 'href="tel:911"'
	has "$tag html: web sites as https links" "$out/html-all" 'href="https://www.gob.mx/heroespaisanos"'
	has "$tag html: e-mail as mailto:" "$out/html-all" 'href="mailto:'
	has "$tag html: th scope" "$out/html-all" '<th scope="col">'
	has "$tag html: tables have captions" "$out/html-all" '<caption'
	has "$tag html: facts formatted (500, no-break space, dólares)" "$out/html-all" "$(printf '500\302\240dólares')"
	has "$tag html: the complaint form" "$html_dir/cap-quejas.html" 'id="sabg-formato-queja-form"'
	hasnt "$tag html: no script" "$out/html-all" '<script'
	hasnt "$tag html: no omitted (verano) text" "$out/html-all" 'Operativo de Verano'

	# A page per chapter (issue 21): the cover and contents, the chapters, the directory.
	# as many chapter pages as the contents have chapters (the guide's 13 when this was written)
	html_n=$(grep -l 'class="chapter"' "$html_dir"/*.html | wc -l)
	html_toc=$(grep -c '^<a href="[a-z0-9_-]*\.html">' "$html_page")
	if [ "$html_n" -ge 10 ] && [ "$html_n" -eq "$html_toc" ] && [ -f "$html_dir/directorio.html" ]; then
		ok "$tag html: a page per chapter ($html_n) and directorio.html"
	else
		notok "$tag html: a page per chapter and directorio.html" "$html_n pages with a chapter, $html_toc chapters in the contents: $(ls "$html_dir")"
	fi
	has "$tag html: the contents link to the chapter pages" "$html_page" '<a href="cap-aduana.html">Aduana: equipaje, franquicia y dinero</a>'
	has "$tag html: the contents link to the sections on their pages" "$html_page" '<a href="cap-derechos.html#inm-observadores">Observadores Paisano</a>'
	hasnt "$tag html: the cover holds no chapter" "$html_page" 'class="chapter"'
	has "$tag html: a chapter page has its chapter as h1" "$html_dir/cap-aduana.html" '<h1>Aduana: equipaje, franquicia y dinero</h1>'
	has "$tag html: a see to another page names that page" "$html_dir/cap-bienvenida.html" '<a href="cap-derechos.html#inm-observadores">ver «Observadores Paisano»</a>'
	has "$tag html: a see on the same page stays in the page" "$html_dir/cap-aduana.html" '<a href="#anam-franquicia">'
	has "$tag html: the bar on a chapter page" "$html_dir/cap-aduana.html" '<nav class="bar" aria-label="La guía"><ul>
<li><a href="index.html#_indice">Contenido</a></li>
<li><a href="#_emergencias">Emergencias</a></li>
<li><a href="directorio.html">Directorio</a></li>'
	has "$tag html: the bar's emergency numbers on a chapter page" "$html_dir/cap-aduana.html" '<aside class="help" id="_emergencias"'
	has "$tag html: the cover's numbers are the bar's emergency numbers" "$html_page" '<ul class="key-phones" id="_emergencias">'
	has "$tag html: previous and next chapter" "$html_dir/cap-aduana.html" '<a href="cap-consulados.html" rel="prev" class="pager-prev"><span>Anterior</span><br>Consulados y protección</a><a href="index.html#_indice" class="pager-toc">Contenido</a><a href="cap-vehiculo.html" rel="next" class="pager-next"><span>Siguiente</span><br>Su vehículo</a>'
	has "$tag html: the first chapter goes back to the cover" "$html_dir/cap-bienvenida.html" '<a href="index.html" rel="prev" class="pager-prev"><span>Anterior</span><br>Portada</a>'
	has "$tag html: the last chapter leads to the directory" "$html_dir/cap-quejas.html" '<a href="directorio.html" rel="next" class="pager-next"><span>Siguiente</span><br>Directorio</a>'
	has "$tag html: the directory" "$html_dir/directorio.html" '<h1>Directorio</h1>'
	has "$tag html: the directory is the bar's current page" "$html_dir/directorio.html" '<a href="directorio.html" aria-current="page">Directorio</a>'
	has "$tag html: the language switch leads to the same page" "$html_dir/cap-aduana.html" '<a href="../html-en/cap-aduana.html" hreflang="en" lang="en">Read this guide in English</a>'
	has "$tag html: a section's language link leads to the same section" "$html_dir/cap-aduana.html" '<h2>Equipaje: lo que puede traer sin contar en la franquicia</h2>
<p class="sec-lang"><a href="../html-en/cap-aduana.html#anam-equipaje" hreflang="en" lang="en">English</a></p>'
	has "$tag html: a long chapter lists its sections at its top" "$html_dir/cap-aduana.html" '<h1>Aduana: equipaje, franquicia y dinero</h1>
<nav class="in-chapter" aria-label="En este capítulo"><ol>
<li><a href="#anam-equipaje">Equipaje: lo que puede traer sin contar en la franquicia</a></li>'
	hasnt "$tag html: a short chapter does not" "$html_dir/cap-bienvenida.html" 'in-chapter'
	# Every section's language link, on every page of both languages, lands on a section of the
	# other language's page; every list of a chapter's sections points at sections of the page.
	if python3 - "$html_dir" <<-'EOF' > "$out/html-sections" 2>&1
		import glob, os, re, sys
		d = sys.argv[1]
		bad, n, lists = [], 0, 0
		for lang_dir, other_dir in ((d, d + '/../html-en'), (d + '/../html-en', d)):
		    for f in sorted(glob.glob(lang_dir + '/*.html')):
		        s = open(f, encoding='utf-8').read()
		        name = os.path.basename(f)
		        secs = re.findall(r'<section id="([^"]+)"><h2>', s)
		        links = re.findall(r'<p class="sec-lang"><a href="\.\./html(?:-en)?/([^"#]+)#([^"]+)"', s)
		        if [i for _, i in links] != secs or any(p != name for p, _ in links):
		            bad.append('%s: sections %s, links %s' % (f, secs, links))
		        other = open(os.path.join(other_dir, name), encoding='utf-8').read()
		        for _, i in links:
		            n += 1
		            if ('<section id="%s">' % i) not in other:
		                bad.append('%s: #%s not in the other language' % (f, i))
		        m = re.search(r'<nav class="in-chapter" aria-label="[^"]+"><ol>(.*?)</ol></nav>', s, re.S)
		        if m:
		            lists += 1
		            if re.findall(r'<a href="#([^"]+)">', m.group(1)) != secs:
		                bad.append('%s: the list of sections is not the sections' % f)
		        elif len(secs) >= 3:
		            bad.append('%s: %d sections and no list of them' % (f, len(secs)))
		print('\n'.join(bad) if bad else '%d section links, %d lists of sections' % (n, lists))
		sys.exit(1 if bad or n == 0 or lists == 0 else 0)
	EOF
	then
		ok "$tag html: section language links and lists of sections: $(cat "$out/html-sections")"
	else
		notok "$tag html: section language links and lists of sections" "$(head -n 20 "$out/html-sections")"
	fi
	has "$tag html: the alternate is the same page" "$html_dir/cap-aduana.html" '<link rel="alternate" hreflang="en" href="../html-en/cap-aduana.html">'
	has "$tag html: description" "$html_page" '<meta name="description" content="Lo que necesita saber para viajar a México: documentos, aduana, vehículo, derechos y teléfonos de ayuda. Del 26 de noviembre de 2026 al 10 de enero de 2027.">'
	has "$tag html: a chapter's description is its first words" "$html_dir/cap-aduana.html" '<meta name="description" content="Su equipaje personal entra sin pagar impuestos y no se descuenta de la franquicia. Es equipaje lo que usted usa durante el viaje y ya es suyo: ropa, calzado…">'
	has "$tag html: og:title" "$html_dir/cap-aduana.html" '<meta property="og:title" content="Aduana: equipaje, franquicia y dinero · Guía Paisano · Operativo Invierno 2026">'
	has "$tag html: og:type" "$html_page" '<meta property="og:type" content="website">'
	has "$tag html: og:locale" "$html_page" '<meta property="og:locale" content="es_MX">'
	# The bar, the pager and the language switch are not printed.
	if python3 - "$html_dir/paisano.css" <<-'EOF'
		import re, sys
		css = open(sys.argv[1]).read()
		block = re.sub(r'/\*.*?\*/', '', css[css.index('@media print'):], flags=re.S)
		hidden = re.search(r'([^{}]*)\{\s*display:\s*none;?\s*\}', block)
		sel = {s.strip() for s in hidden.group(1).split(',')} if hidden else set()
		sys.exit(0 if {'.bar', '.other-lang', '.sec-lang', '.in-chapter', '.pager', '.skip'} <= sel else 1)
	EOF
	then
		ok "$tag html: the bar, the pager, the language switches and the lists of sections are not printed"
	else
		notok "$tag html: the bar, the pager, the language switches and the lists of sections are not printed" "$(grep -A3 'display: none' "$html_dir/paisano.css")"
	fi
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
	html_all "$html_dir"
	has "$tag html: hostile text escaped" "$out/html-all" 'módulos &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &amp;amp; del'
	hasnt "$tag html: hostile text is no element" "$out/html-all" '<script'
	has "$tag html: image with its alt text" "$out/html-all" 'alt="El holograma del permiso, pegado en el parabrisas"'
	has "$tag html: image caption" "$out/html-all" '<figcaption>El holograma va en el parabrisas.</figcaption>'
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

# Three chapters, three pages (tests/html/cases/chapters): cross-references between pages and
# within one, and a chapter whose id would be the cover's file name.
html_e=$(python3 tests/corpus_tree.py tests/html/cases/chapters "$out/html-chapters-src")
rm -rf "$out/html-chapters"
expect "$tag html: three chapters" 0 "$P" build -q --only html --src "$out/html-chapters-src" --edition "$html_e" -o "$out/html-chapters"
html_c=$out/html-chapters/$html_e/html
if python3 tests/html/structure.py "$html_c/index.html" > "$out/html-structure" 2>&1; then
	ok "$tag html: three chapters: structure and links between pages"
else
	notok "$tag html: three chapters: structure and links between pages" "$(head -n 20 "$out/html-structure")"
fi
has "$tag html: a chapter with the id index is not the cover" "$html_c/index.html" '<a href="_cap2.html">Capítulo dos</a>'
has "$tag html: a see to a later page" "$html_c/cap-uno.html" '<a href="cap-tres.html#capitulos-tres-a">ver «Requisitos»</a>'
has "$tag html: a see to an earlier page" "$html_c/cap-tres.html" '<a href="_cap2.html#capitulos-dos">ver «Segunda sección»</a>'
has "$tag html: a see within the page" "$html_c/cap-uno.html" '<a href="#capitulos-uno">ver «Primera sección»</a>'
hasnt "$tag html: one language, no language link" "$html_c/cap-uno.html" 'other-lang'
rm -rf "$out/html-chapters" "$out/html-chapters-src"

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
		# Every page of both languages (the build writes html/ and html-en/ side by side).
		html_rest=$(ls "$html_main"/*.html "$html_main"/../html-en/*.html | grep -v -x -F "$html_page")
		html_pages="$html_page $html_rest"
		html_np=$(echo $html_pages | wc -w)
		# vnu: every page (also messages: info and warnings) and the stylesheet, zero messages.
		timeout 300 java -jar tests/html/node_modules/vnu-jar/build/dist/vnu.jar \
		    --also-check-css $html_pages "$html_main/paisano.css" > "$out/html-vnu" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$out/html-vnu" ]; then
			ok "$tag html: vnu has nothing to say on $html_np pages"
		else
			notok "$tag html: vnu has nothing to say on $html_np pages" "exit $rc; $(head -n 30 "$out/html-vnu")"
		fi

		# axe-core at 360 and 1280 px on every page, screenshots, sideways scrolling, outside requests.
		rm -f "$out"/shot-*.png
		timeout 900 node tests/html/browse.js "$html_page" "$out" $html_rest > "$out/html-browse" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ]; then
			notok "$tag html: headless Chromium ran" "exit $rc; $(tail -n 20 "$out/html-browse")"
		else
			ok "$tag html: headless Chromium ran"
			for want in "pages $html_np" 'axe-violations 0' 'overflow-360 0' 'requests 0' 'console-errors 0'; do
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
