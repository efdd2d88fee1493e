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
	    -o "$out/paisano.pot" src/core/msg.def $(ls src/*.c src/core/*.c src/render/*.c src/render/*/*.c | sort) 2> "$out/xgettext"
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
expect "$tag i18n: diff --help in Spanish" 0 env LC_ALL=es_MX.UTF-8 "$P" diff --help
has "$tag i18n: the arguments in Spanish" "$out/stdout" "VIEJA NUEVA"
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
	expect "$tag i18n: build under es_MX.UTF-8" 0 env LC_ALL=es_MX.UTF-8 SOURCE_DATE_EPOCH=1700000000 "$P" build --edition 2026-invierno -o "$out/i18n-es"
	has "$tag i18n: build's report in Spanish" "$out/stderr" "paisano: se construyó 2026-invierno"
	(cd "$out/i18n-c/2026-invierno" && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/i18n-c.sha"
	(cd "$out/i18n-es/2026-invierno" 2>/dev/null && find . -type f ! -name manifest.json | sort | xargs sha256sum) > "$out/i18n-es.sha"
	if [ -s "$out/i18n-c.sha" ] && cmp -s "$out/i18n-c.sha" "$out/i18n-es.sha"; then
		ok "$tag i18n: the outputs are byte-identical under Spanish and C ($(wc -l < "$out/i18n-c.sha") files)"
	else
		notok "$tag i18n: the outputs are byte-identical under Spanish and C" "$(diff "$out/i18n-c.sha" "$out/i18n-es.sha" | head)"
	fi
	rm -rf "$out/i18n-c" "$out/i18n-es"
fi
