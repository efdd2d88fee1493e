# t_i18n.sh: the messages in Spanish (issue 20): the catalog po/es.po is complete, and the program
# speaks Spanish under an es_* locale (LC_ALL, LANG, LC_MESSAGES, LANGUAGE), English otherwise.
# Sourced by run.sh with $P and $tag; run.sh sets LC_ALL=C.UTF-8 and unsets LANGUAGE, LANG and
# LC_MESSAGES, so each command here says its locale.  The tests/cases corpus checks every
# diagnostic in both languages (expected and expected.es).

if [ "$tag" = paisano ]; then
	# The catalog: no untranslated or fuzzy message, valid formats (msgfmt -c checks that every
	# translation takes the same arguments as its English, in a valid order).
	if msgfmt -c --statistics -o /dev/null po/es.po > "$out/msgfmt" 2>&1 &&
	    ! grep -q -E 'untranslated|fuzzy' "$out/msgfmt"; then
		ok "$tag i18n: po/es.po translates every message it has ($(cat "$out/msgfmt"))"
	else
		notok "$tag i18n: po/es.po translates every message it has" "$(cat "$out/msgfmt")"
	fi
	# Every message the sources mark (xgettext, as make po runs it) is in po/es.po, translated.
	# shellcheck disable=SC2046
	xgettext -L C --from-code=UTF-8 -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kngettext:1,2 -kMSG:4 --flag=MSG:4:c-format \
	    -o "$out/paisano.pot" src/core/msg.def $(ls src/*.c src/core/*.c src/render/*.c src/render/*/*.c src/desk/*.c | sort) 2> "$out/xgettext"
	if msgcmp po/es.po "$out/paisano.pot" > "$out/msgcmp" 2>&1; then
		ok "$tag i18n: every marked message of the sources is translated in po/es.po"
	else
		notok "$tag i18n: every marked message of the sources is translated in po/es.po" "$(head -20 "$out/msgcmp")"
	fi
	# msg.def's texts are all marked: as many msgids from it as MSG lines
	n=$(grep -c '^MSG(' src/core/msg.def)
	m=$(grep -c '^#: src/core/msg.def' "$out/paisano.pot")
	if [ "$m" -ge $((n - 3)) ]; then ok "$tag i18n: msg.def's texts are extracted ($m for $n messages; a few are shared)"
	else notok "$tag i18n: msg.def's texts are extracted" "$m extracted for $n messages"; fi
fi

c=tests/cases/phone-old-prefix/phone-old-prefix.xml
es='el número 01 800 468 8722 usa el prefijo 01, que se eliminó en 2019: márquelo a 10 dígitos, 800 468 8722'
en='01 800 468 8722 uses the prefix 01, abolished in 2019'
expect "$tag i18n: LC_ALL=es_MX.UTF-8" 1 env LC_ALL=es_MX.UTF-8 "$P" check --src guide-src "$c"
has "$tag i18n: Spanish under LC_ALL" "$out/stdout" "$es"
has "$tag i18n: Spanish summary" "$out/stdout" "2 errores, 0 avisos en 1 archivo"
expect "$tag i18n: LANG=es_MX.UTF-8" 1 env -u LC_ALL LANG=es_MX.UTF-8 "$P" check --src guide-src "$c"
has "$tag i18n: Spanish under LANG" "$out/stdout" "$es"
expect "$tag i18n: LC_MESSAGES=es_MX.UTF-8" 1 env -u LC_ALL LANG=C.UTF-8 LC_MESSAGES=es_MX.UTF-8 "$P" check --src guide-src "$c"
has "$tag i18n: Spanish under LC_MESSAGES" "$out/stdout" "$es"
expect "$tag i18n: LANGUAGE=es" 1 env -u LC_ALL LANG=C.UTF-8 LANGUAGE=es "$P" check --src guide-src "$c"
has "$tag i18n: Spanish under LANGUAGE" "$out/stdout" "$es"
expect "$tag i18n: LC_ALL=C.UTF-8" 1 env LC_ALL=C.UTF-8 "$P" check --src guide-src "$c"
has "$tag i18n: English under C" "$out/stdout" "$en"
has "$tag i18n: English summary" "$out/stdout" "2 errors, 0 warnings in 1 file"
expect "$tag i18n: LANG=es_MX.UTF-8 LANGUAGE=en" 1 env -u LC_ALL LANG=es_MX.UTF-8 LANGUAGE=en "$P" check --src guide-src "$c"
has "$tag i18n: English when LANGUAGE asks for it" "$out/stdout" "$en"
# Without a catalog the program still runs, in English.
expect "$tag i18n: no catalog" 1 env LC_ALL=es_MX.UTF-8 PAISANO_LOCALEDIR=/nonexistent "$P" check --src guide-src "$c"
has "$tag i18n: English without a catalog" "$out/stdout" "$en"
# JSON stays machine-readable: the level is "error", the message in the reader's language.
expect "$tag i18n: json in Spanish" 1 env LC_ALL=es_MX.UTF-8 "$P" check --src guide-src --format json "$c"
has "$tag i18n: json level stays English" "$out/stdout" '"level" : "error"'
has "$tag i18n: json message in Spanish" "$out/stdout" "$es"

# --help, the command list and the command line's errors
expect "$tag i18n: check --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" check --help
has "$tag i18n: check --help's options in Spanish" "$out/stdout" "Formato de salida: text (predeterminado) o json"
has "$tag i18n: check --help's summary in Spanish" "$out/stdout" "Valida las fuentes de la guía contra el esquema"
has "$tag i18n: shared options in Spanish" "$out/stdout" "El árbol de fuentes (predeterminado: guide-src)"
expect "$tag i18n: build --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" build --help
has "$tag i18n: build --help in Spanish" "$out/stdout" "Solo estas salidas: print, screen, html"
# the placeholders of the options (GOption's arg_description, through the catalog)
has "$tag i18n: build --help: --output=CARPETA" "$out/stdout" "--output=CARPETA"
has "$tag i18n: build --help: --snapshot=ARCHIVO" "$out/stdout" "--snapshot=ARCHIVO"
has "$tag i18n: build --help: --only=LISTA" "$out/stdout" "--only=LISTA"
has "$tag i18n: build --help: --lang=IDIOMA" "$out/stdout" "--lang=IDIOMA"
hasnt "$tag i18n: build --help: no English placeholder" "$out/stdout" "=DIR"
expect "$tag i18n: new-edition --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" new-edition --help
has "$tag i18n: new-edition --help: --operation=INICIO..FIN" "$out/stdout" "--operation=INICIO..FIN"
has "$tag i18n: new-edition --help: --date=AAAA-MM-DD" "$out/stdout" "--date=AAAA-MM-DD"
has "$tag i18n: new-edition --help: --season=TEMPORADA" "$out/stdout" "--season=TEMPORADA"
expect "$tag i18n: build --help in English" 0 env LC_ALL=C.UTF-8 "$P" build --help
has "$tag i18n: build --help: --output=DIR in English" "$out/stdout" "--output=DIR"
expect "$tag i18n: diff --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" diff --help
has "$tag i18n: the arguments in Spanish" "$out/stdout" "VIEJA NUEVA"
has "$tag i18n: diff --help's placeholders in Spanish" "$out/stdout" "--html=ARCHIVO"
has "$tag i18n: diff --help's WHEN in Spanish" "$out/stdout" "--color=CUÁNDO"
hasnt "$tag i18n: diff --help: no English placeholder" "$out/stdout" "=FILE"
expect "$tag i18n: paisano --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" --help
has "$tag i18n: the commands in Spanish" "$out/stdout" "validar las fuentes y hacer las revisiones de coherencia"
expect "$tag i18n: a bad option in Spanish" 2 env LC_ALL=es_MX.UTF-8 "$P" check --format xml
has "$tag i18n: a bad option's message in Spanish" "$out/stderr" 'paisano: --format debe ser text o json, no "xml"'
expect "$tag i18n: an unknown command in Spanish" 2 env LC_ALL=es_MX.UTF-8 "$P" chek
has "$tag i18n: an unknown command's message in Spanish" "$out/stderr" 'paisano: comando desconocido "chek"'
expect "$tag i18n: an unknown command in English" 2 env LC_ALL=C.UTF-8 "$P" chek
has "$tag i18n: an unknown command's message in English" "$out/stderr" 'paisano: unknown command "chek"'

# What paisano writes is the same in every language (i18n_init also keeps the C numeric locale:
# es_MX would write 1,5): a build under Spanish gives the same files byte for byte.
if [ "$tag" = paisano ]; then
	rm -rf "$out/i18n-c" "$out/i18n-es"
	env LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000 "$P" build -q --edition 2026-invierno -o "$out/i18n-c" > /dev/null 2>&1
	expect "$tag i18n: build -v under es_MX.UTF-8" 0 env LC_ALL=es_MX.UTF-8 SOURCE_DATE_EPOCH=1700000000 "$P" build -v --edition 2026-invierno -o "$out/i18n-es"
	has "$tag i18n: build's report in Spanish" "$out/stderr" "paisano: se construyó 2026-invierno"
	# the progress: each stage by its Spanish name (the manifest keeps the English ones)
	has "$tag i18n: build -v: the first stage in Spanish" "$out/stderr" "paisano: revisión y compilación..."
	has "$tag i18n: build -v: the layout in Spanish" "$out/stderr" "paisano: composición..."
	has "$tag i18n: build -v: an English output's stage in Spanish" "$out/stderr" "paisano: PDF de imprenta (en)..."
	has "$tag i18n: build -v: the last stage in Spanish" "$out/stderr" "paisano: hoja de trabajo..."
	has "$tag i18n: build -v: pages laid out, in Spanish" "$out/stderr" "paisano: 96 páginas compuestas"
	has "$tag i18n: build's plural (3 notes pages) in Spanish" "$out/stderr" "con 3 páginas de notas)"
	hasnt "$tag i18n: build -v: no English stage name" "$out/stderr" "paisano: layout..."
	has "$tag i18n: the manifest keeps the stages' English names" "$out/i18n-es/2026-invierno/manifest.json" '"name" : "print PDF (en)"'
	(cd "$out/i18n-c/2026-invierno" && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/i18n-c.sha"
	(cd "$out/i18n-es/2026-invierno" 2>/dev/null && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/i18n-es.sha"
	if [ -s "$out/i18n-c.sha" ] && cmp -s "$out/i18n-c.sha" "$out/i18n-es.sha"; then
		ok "$tag i18n: the outputs are byte-identical under Spanish and C ($(wc -l < "$out/i18n-c.sha") files)"
	else
		notok "$tag i18n: the outputs are byte-identical under Spanish and C" "$(diff "$out/i18n-c.sha" "$out/i18n-es.sha" | head)"
	fi
	rm -rf "$out/i18n-c" "$out/i18n-es"
fi

# paisano diff's text report in the reader's language: each tests/diff case's expected.es (its
# English, expected, is t_corpus.sh's).  REGEN=1 TESTS=tests/t_i18n.sh sh tests/run.sh bin/paisano
# rewrites them.
for dir in tests/diff/*/; do
	dir=${dir%/}
	name="$tag i18n: diff $(basename "$dir") in Spanish"
	ct=$out/i18n-tree
	if a=$(python3 tests/corpus_tree.py "$dir/old" "$ct-old" antes) &&
	    b=$(python3 tests/corpus_tree.py "$dir/new" "$ct-new" despues) &&
	    "$P" snapshot --src "$ct-old" --edition "$a" -o "$out/antes.model.xml" 2> /dev/null &&
	    "$P" snapshot --src "$ct-new" --edition "$b" -o "$out/despues.model.xml" 2> /dev/null &&
	    env LC_ALL=es_MX.UTF-8 "$P" diff --src "$ct-new" --color=never "$out/antes.model.xml" "$out/despues.model.xml" \
	    > "$out/i18n-diff" 2> "$out/i18n-diff.err"; then
		if [ -n "${REGEN:-}" ]; then
			cp "$out/i18n-diff" "$dir/expected.es"
			ok "$name: wrote $dir/expected.es"
		elif diff -u "$dir/expected.es" "$out/i18n-diff" > "$out/i18n-diff.diff" 2>&1; then
			ok "$name"
		else
			notok "$name" "$(head -c 3000 "$out/i18n-diff.diff")"
		fi
	else
		notok "$name" "the command failed: $(head -c 2000 "$out/i18n-diff.err")"
	fi
done
rm -rf "$out/i18n-tree-old" "$out/i18n-tree-new"
# the bundled editions: the edition's fields, a fact, a word-level change, the count, in Spanish
expect "$tag i18n: diff verano invierno in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" diff --color=never 2026-verano 2026-invierno
has "$tag i18n: diff's edition heading in Spanish" "$out/stdout" "Edición"
has "$tag i18n: diff's operation dates in Spanish" "$out/stdout" "  operativo: 2026-07-01 al 2026-08-16 -> 2026-11-26 al 2027-01-10"
has "$tag i18n: diff's section heading in Spanish" "$out/stdout" "  sección banjercito-permiso «Permiso de importación temporal de su vehículo»"
has "$tag i18n: diff's paragraph change in Spanish" "$out/stdout" "    párrafo (cambió): En [-las primeras semanas-] {+la segunda quincena+} de [-julio-] {+diciembre+}"
has "$tag i18n: diff's added paragraph in Spanish" "$out/stdout" "    párrafo (se agregó): {+Para las fiestas de fin de año"
hasnt "$tag i18n: no English word in diff's Spanish report" "$out/stdout" " changed: "
expect "$tag i18n: diff of identical editions in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" diff 2026-invierno 2026-invierno
has "$tag i18n: diff says there are no changes, in Spanish" "$out/stdout" "sin cambios"
# a change of a fact's source: the label and the source's words in Spanish (the HTML's too)
if [ "$tag" = paisano ]; then
	rm -rf "$out/i18n-src" && cp -r guide-src "$out/i18n-src"
	sed -i 's/\(id="anam-fuente-agencia" verified=\)"2026-10-20"/\1"2026-10-25"/' "$out/i18n-src/agencies/anam.xml"
	"$P" snapshot -e 2026-invierno -o "$out/i18n-a.model.xml" 2> /dev/null
	"$P" snapshot --src "$out/i18n-src" -e 2026-invierno -o "$out/i18n-b.model.xml" 2> /dev/null
	expect "$tag i18n: diff of a source in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" diff --src "$out/i18n-src" \
	    --html "$out/i18n-src.html" "$out/i18n-a.model.xml" "$out/i18n-b.model.xml"
	has "$tag i18n: diff names a source change in Spanish" "$out/stdout" "sitio web, fuente: Datos de la propia agencia"
	has "$tag i18n: diff says when and by whom a source was verified, in Spanish" "$out/stdout" "(verificada el 2026-10-20 por Lic. Marisol Treviño Garza) -> "
	has "$tag i18n: the HTML report says it in Spanish too" "$out/i18n-src.html" "(verificada el 2026-10-25 por Lic. Marisol Treviño Garza)"
	expect "$tag i18n: diff of a source in English" 0 env LC_ALL=C.UTF-8 "$P" diff --src "$out/i18n-src" "$out/i18n-a.model.xml" "$out/i18n-b.model.xml"
	has "$tag i18n: diff names a source change in English" "$out/stdout" "sitio web, source: Datos de la propia agencia"
	has "$tag i18n: diff says when and by whom a source was verified, in English" "$out/stdout" "(verified 2026-10-20 by Lic. Marisol Treviño Garza) -> "
	rm -rf "$out/i18n-src"
fi

# paisano pages: the page dump is a format, the same in every language; its last line, the
# count, and --time's are for people.
expect "$tag i18n: pages in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" pages --time --edition 2026-invierno
cp "$out/stdout" "$out/i18n-pages.es"
expect "$tag i18n: pages in English" 0 env LC_ALL=C.UTF-8 "$P" pages --time --edition 2026-invierno
has "$tag i18n: pages' count in Spanish" "$out/i18n-pages.es" "96 páginas"
has "$tag i18n: pages --time in Spanish" "$out/i18n-pages.es" "composición: "
has "$tag i18n: pages' count in English" "$out/stdout" "96 pages"
if [ "$(head -n -2 "$out/i18n-pages.es" | sha256sum)" = "$(head -n -2 "$out/stdout" | sha256sum)" ] &&
    [ "$(wc -l < "$out/stdout")" -gt 1000 ]; then
	ok "$tag i18n: the page dump is the same under Spanish and C ($(wc -l < "$out/stdout") lines)"
else
	notok "$tag i18n: the page dump is the same under Spanish and C" "$(diff "$out/i18n-pages.es" "$out/stdout" | head)"
fi

# paisano proof: the report and the contact sheet's labels ("pág. 19") in Spanish; the pictures
# of the pages themselves do not depend on the language of the messages.
if [ "$tag" = paisano ]; then
	rm -rf "$out/i18n-proof-es" "$out/i18n-proof-c"
	expect "$tag i18n: proof in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" proof -a ifdp -e 2026-invierno -o "$out/i18n-proof-es"
	has "$tag i18n: proof's report in Spanish" "$out/stdout" "ifdp: 3 páginas de 2026-invierno"
	expect "$tag i18n: proof in English" 0 env LC_ALL=C.UTF-8 "$P" proof -a ifdp -e 2026-invierno -o "$out/i18n-proof-c"
	has "$tag i18n: proof's report in English" "$out/stdout" "ifdp: 3 pages of 2026-invierno"
	(cd "$out/i18n-proof-es" && sha256sum ifdp-p*.png) > "$out/i18n-proof-es.sha"
	(cd "$out/i18n-proof-c" && sha256sum ifdp-p*.png) > "$out/i18n-proof-c.sha"
	if [ -s "$out/i18n-proof-c.sha" ] && cmp -s "$out/i18n-proof-es.sha" "$out/i18n-proof-c.sha" &&
	    ! cmp -s "$out/i18n-proof-es/ifdp-contact-sheet.png" "$out/i18n-proof-c/ifdp-contact-sheet.png"; then
		ok "$tag i18n: the contact sheet's labels follow the language, the pages' pictures do not"
	else
		notok "$tag i18n: the contact sheet's labels follow the language, the pages' pictures do not" \
		    "$(diff "$out/i18n-proof-es.sha" "$out/i18n-proof-c.sha")"
	fi
	# the same proofs again in English over the Spanish ones: the sheet is painted again
	expect "$tag i18n: proof in English over Spanish proofs" 0 env LC_ALL=C.UTF-8 "$P" proof -a ifdp -e 2026-invierno -o "$out/i18n-proof-es"
	if cmp -s "$out/i18n-proof-es/ifdp-contact-sheet.png" "$out/i18n-proof-c/ifdp-contact-sheet.png"; then
		ok "$tag i18n: a contact sheet of another language is not reused"
	else
		notok "$tag i18n: a contact sheet of another language is not reused" "$(cat "$out/stdout")"
	fi
	rm -rf "$out/i18n-proof-es" "$out/i18n-proof-c"
fi

# A value without an id is named by what it is, not "?" (tests/cases/sources-contact-entry).
expect "$tag i18n: a contact entry without id" 0 env LC_ALL=es_MX.UTF-8 "$P" check --src guide-src tests/cases/sources-contact-entry/contacto.xml tests/cases/sources-contact-entry/sources-contact-entry.xml
has "$tag i18n: a contact entry without id is named" "$out/stdout" '"el teléfono del contacto contacto-oficina" imprime 55 5555 1234'
hasnt "$tag i18n: no \"?\" for a value without id" "$out/stdout" '"?" imprime'

# Plurals by ngettext, with Spanish's own forms: one and two changes (the diff corpus above
# checks "1 cambio" and "2 cambios" whole), and new-edition's two counts.
has "$tag i18n: one change" tests/diff/fact-changed/expected.es "1 cambio"
has "$tag i18n: two changes" tests/diff/section-added/expected.es "2 cambios"
if [ "$tag" = paisano ]; then
	rm -rf "$out/i18n-ne" && cp -r guide-src "$out/i18n-ne"
	expect "$tag i18n: new-edition in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" new-edition --src "$out/i18n-ne" \
	    --from 2026-invierno --season verano --operation 2027-07-01..2027-08-16 --date 2027-03-01 2027-verano
	has "$tag i18n: new-edition's two plurals in Spanish" "$out/stdout" "6 tareas por hacer en 5 archivos"
	has "$tag i18n: new-edition's levels in Spanish" "$out/stdout" ": aviso: la sección"
	rm -rf "$out/i18n-ne"
fi
# stamp's summary: its counts by ngettext, its dry run said in Spanish
expect "$tag i18n: stamp -n in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" stamp -n
has "$tag i18n: stamp's summary in Spanish" "$out/stdout" "paisano: 0 traducciones selladas por primera vez, 0 selladas de nuevo (simulación: no se escribió nada)"
# paisano help --help is the command list, not an unknown command
expect "$tag i18n: help --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" help --help
has "$tag i18n: help --help lists the commands" "$out/stdout" "uso: paisano COMANDO [OPCIONES] [ARGUMENTOS]"

# A stale sign-off says what changed in Spanish: a paragraph's change under its section's heading
# (signoff.c reads diff's report, whose headings are translated).
if [ "$tag" = paisano ]; then
	rm -rf "$out/i18n-so" && cp -r guide-src "$out/i18n-so"
	sed -i 's/servicios son gratuitos y no necesita abogado\./servicios son gratuitos y no necesita un abogado./' "$out/i18n-so/agencies/profeco.xml"
	expect "$tag i18n: a stale sign-off in Spanish" 1 env LC_ALL=es_MX.UTF-8 "$P" check --src "$out/i18n-so" --edition 2026-invierno
	has "$tag i18n: the stale sign-off names the section and the change, in Spanish" "$out/stdout" \
	    'sección profeco-compras «Sus derechos al comprar»: párrafo (cambió): La PROFECO'
	has "$tag i18n: the stale sign-off shows the words changed" "$out/stdout" 'no necesita {+un+} abogado.'
	expect "$tag i18n: signoff --show in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" signoff --show --src "$out/i18n-so" --edition 2026-invierno --agency profeco
	has "$tag i18n: signoff --show's count in Spanish" "$out/stdout" "): 1 cambio"
	has "$tag i18n: signoff --show's change in Spanish" "$out/stdout" "sección profeco-compras «Sus derechos al comprar»: párrafo (cambió)"
	rm -rf "$out/i18n-so"
fi

# The desk's commands: user and desk follow the locale; serve is in Spanish always (the desk is)
expect "$tag i18n: user without arguments in Spanish" 2 env LC_ALL=es_MX.UTF-8 "$P" user
has "$tag i18n: user's usage in Spanish" "$out/stderr" "paisano: uso: paisano user add USUARIO --role PAPEL [--agency ID] | list | disable USUARIO"
expect "$tag i18n: user without arguments in English" 2 env LC_ALL=C.UTF-8 "$P" user
has "$tag i18n: user's usage in English" "$out/stderr" "paisano: usage: paisano user add LOGIN --role ROLE"
expect "$tag i18n: user --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" user --help
has "$tag i18n: user --help's options in Spanish" "$out/stdout" "--data=CARPETA"
has "$tag i18n: user --help's summary in Spanish" "$out/stdout" "Las cuentas de la mesa."
# the desk's store speaks Spanish too: an account that exists already
rm -rf "$out/i18n-desk" && mkdir -p "$out/i18n-desk"
printf 'una-clave-de-prueba-1\n' | LC_ALL=es_MX.UTF-8 "$P" user add jefa --role office --data "$out/i18n-desk" > /dev/null 2>&1
printf 'una-clave-de-prueba-1\n' | LC_ALL=es_MX.UTF-8 "$P" user add jefa --role office --data "$out/i18n-desk" > "$out/stdout" 2> "$out/stderr"
has "$tag i18n: an account that exists already, in Spanish" "$out/stderr" "paisano: ya existe una cuenta «jefa»"
printf 'una-clave-de-prueba-1\n' | LC_ALL=C.UTF-8 "$P" user add jefa --role office --data "$out/i18n-desk" > "$out/stdout" 2> "$out/stderr"
has "$tag i18n: an account that exists already, in English" "$out/stderr" 'paisano: there is already an account "jefa"'
expect "$tag i18n: desk --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" desk --help
has "$tag i18n: desk --help's arguments in Spanish" "$out/stdout" "backup ARCHIVO"
expect "$tag i18n: desk without arguments in Spanish" 2 env LC_ALL=es_MX.UTF-8 "$P" desk
has "$tag i18n: desk's usage in Spanish" "$out/stderr" "paisano: desk lleva backup ARCHIVO [--data CARPETA]"
expect "$tag i18n: serve --help in Spanish" 0 env LC_ALL=C.UTF-8 "$P" serve --help
has "$tag i18n: serve --help is in Spanish whatever the locale" "$out/stdout" "La mesa de los editores: un servicio web"
has "$tag i18n: serve --help's placeholders in Spanish" "$out/stdout" "--listen=HOST:PUERTO"
expect "$tag i18n: serve with an argument" 2 env LC_ALL=C.UTF-8 "$P" serve extra
has "$tag i18n: serve's errors in Spanish" "$out/stderr" "paisano: serve no lleva argumentos"
