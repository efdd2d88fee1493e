# t_check.sh: `paisano check` from the command line; sourced by run.sh with $P and $tag set.
# Helpers: expect NAME STATUS CMD...; has/hasnt NAME FILE TEXT; ok; notok.

# The bundled editions check clean: no errors, no warnings.
for ed in 2026-invierno 2026-verano; do
	expect "$tag check bundled $ed exits 0" 0 "$P" check --edition "$ed"
	has "$tag check bundled $ed has no findings" "$out/stdout" "0 errors, 0 warnings in"
done
expect "$tag check default edition exits 0" 0 "$P" check

# JSON output is JSON and carries the same findings as the text.
expect "$tag check --format=json" 1 "$P" check --src guide-src --format=json tests/cases/phone-old-prefix/phone-old-prefix.xml
if python3 -m json.tool "$out/stdout" > /dev/null 2>&1; then ok "$tag json parses"; else notok "$tag json parses" "$(head -c 600 "$out/stdout")"; fi
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert [x for x in d["diagnostics"] if x["check"] == "phone-numbers" and x["line"] == 8 and x["level"] == "error"], d; assert d["errors"] > 0 and d["fatal"] is None, d' "$out/stdout" 2> "$out/py"
then ok "$tag json has the finding, its check name and line"; else notok "$tag json has the finding, its check name and line" "$(cat "$out/py")"; fi
# A file name that is not UTF-8 (and text and quotes in it) still gives valid JSON (json-glib
# writes it; the bytes that are not UTF-8 become U+FFFD).
bad=$(printf '%s/caf\351 "x".xml' "$out")
cp tests/cases/phone-old-prefix/phone-old-prefix.xml "$bad"
expect "$tag check --format=json, a file name that is not UTF-8" 1 "$P" check --src guide-src --format=json "$bad"
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); assert d["diagnostics"] and d["diagnostics"][0]["file"].endswith("caf\ufffd \"x\".xml"), d' "$out/stdout" 2> "$out/py"
then ok "$tag json with a file name that is not UTF-8 is valid JSON"; else notok "$tag json with a file name that is not UTF-8 is valid JSON" "$(cat "$out/py")"; fi
rm -f "$bad"

# Could not run: exit 2 and a message that says why.
expect "$tag missing file exits 2" 2 "$P" check no/such/file.xml
has "$tag missing file is named" "$out/stderr" "no/such/file.xml: no such file"
expect "$tag unknown edition exits 2" 2 "$P" check --edition 2031-otono
has "$tag unknown edition lists the editions" "$out/stderr" "editions: 2026-invierno, 2026-verano"
# ... and with --format=json, a JSON document on stdout that says so too (tools read stdout).
expect "$tag unknown edition, json: exits 2" 2 "$P" check --format=json --edition 2031-otono
has "$tag unknown edition, json: the message on stderr" "$out/stderr" 'paisano: no edition "2031-otono"'
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["fatal"].startswith("no edition \"2031-otono\""), d; assert d["errors"] == 0 and d["diagnostics"] == [], d' "$out/stdout" 2> "$out/py"
then ok "$tag unknown edition, json: a JSON document with the error"; else notok "$tag unknown edition, json: a JSON document with the error" "$(cat "$out/py" "$out/stdout")"; fi
expect "$tag bad --format exits 2" 2 "$P" check --format=xml
has "$tag bad --format says so" "$out/stderr" "--format must be text or json"
expect "$tag unknown option exits 2" 2 "$P" check --frobnicate
expect "$tag no source tree exits 2" 2 "$P" check --src /nonexistent
has "$tag no source tree says where" "$out/stderr" "no source tree at /nonexistent"
expect "$tag unknown command exits 2" 2 "$P" frobnicate
expect "$tag no command exits 2" 2 "$P"
expect "$tag --version" 0 "$P" --version
has "$tag --version names the program" "$out/stdout" "paisano "
expect "$tag help check" 0 "$P" help check
has "$tag help check shows the options" "$out/stdout" "--edition"
expect "$tag check --help" 0 "$P" check --help
has "$tag check --help lists the checks" "$out/stdout" "required-content"

# A directory and a 50 MB file: one clear message each, exit 1, nothing read past the limit.
expect "$tag directory as a source" 1 "$P" check --src guide-src tests/cases
has "$tag directory message" "$out/stdout" "tests/cases: error: cannot read this file: it is a directory, not a file [xml]"
head -c 52428800 /dev/zero | tr '\0' ' ' > "$out/huge.xml"
expect "$tag 50 MB file" 1 "$P" check --src guide-src "$out/huge.xml"
has "$tag 50 MB file message" "$out/stdout" "huge.xml: error: the file is 52.4 MB, more than the 16.8 MB allowed for one source"
rm -f "$out/huge.xml"

# No network and no file outside the source is touched while parsing hostile files.
if command -v strace > /dev/null 2>&1; then
	strace -f -qq -e trace=socket,connect,open,openat -o "$out/strace" "$P" check --src guide-src \
	    tests/cases/xml-doctype-xxe/xml-doctype-xxe.xml tests/cases/xml-external-dtd/xml-external-dtd.xml \
	    tests/cases/xml-xinclude-network/xml-xinclude-network.xml > /dev/null 2>&1
	hasnt "$tag hostile files: no socket" "$out/strace" "socket("
	hasnt "$tag hostile files: /etc/passwd never opened" "$out/strace" "/etc/passwd"
	hasnt "$tag hostile files: no DTD fetched" "$out/strace" "evil.dtd"
else
	notok "$tag strace is installed (needed for the no-network test)"
fi

# Checking one file reports on that file only, and an edited copy replaces the tree's file.
mkdir -p "$out/edit"
sed 's|<value currency="USD" from="2019-01-01">500</value>|<value currency="USD" from="2019-01-01">500</value>|' \
    guide-src/agencies/anam.xml > "$out/edit/anam.xml"
expect "$tag an agency file alone" 0 "$P" check --src guide-src --edition 2026-invierno "$out/edit/anam.xml"
has "$tag an agency file alone counts one file" "$out/stdout" "0 errors, 0 warnings in 1 file"
sed 's|<contact id="anam-contacto">|<contact id="anam-contact">|' guide-src/agencies/anam.xml > "$out/edit/anam.xml"
expect "$tag an edited copy replaces the tree's file" 0 "$P" check --src guide-src --edition 2026-invierno "$out/edit/anam.xml"
hasnt "$tag no duplicate ids with the tree's copy" "$out/stdout" "already used"

# README documents every message of src/core/msg.def, and each example matches a real expected output.
if [ "$tag" = paisano ]; then
	for id in $(sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p' src/core/msg.def); do
		if grep -q "^| $id |" README.md; then ok "README documents $id"; else notok "README documents $id"; fi
	done
fi

# The list of the checks is the program's (check --list-checks, from the check table): the man
# page and the README list the same names in the same order; every check name in msg.def is
# one of them; check --help prints them.  And every command has its part in the man page.
expect "$tag check --list-checks" 0 "$P" check --list-checks
cp "$out/stdout" "$out/checks.txt"
sed -n '/^The checks, in the order they run:/,/^\.El/s/^\.It Cm \([a-z-]*\)$/\1/p' paisano.1 > "$out/man-checks.txt"
if diff -u "$out/checks.txt" "$out/man-checks.txt" > "$out/checks.diff"; then ok "$tag paisano.1 lists the checks of check --list-checks"
else notok "$tag paisano.1 lists the checks of check --list-checks" "$(cat "$out/checks.diff")"; fi
sed -n '/^## The checks/,/^### /s/^| `\([a-z-]*\)` |.*/\1/p' README.md > "$out/readme-checks.txt"
if diff -u "$out/checks.txt" "$out/readme-checks.txt" > "$out/checks.diff"; then ok "$tag README.md lists the checks of check --list-checks"
else notok "$tag README.md lists the checks of check --list-checks" "$(cat "$out/checks.diff")"; fi
sed -n 's/^MSG([A-Z_0-9]*, *DIAG_[A-Z]*, *"\([a-z-]*\)".*/\1/p' src/core/msg.def | sort -u > "$out/msg-checks.txt"
r=$(sort "$out/checks.txt" | comm -23 "$out/msg-checks.txt" -)
if [ -s "$out/msg-checks.txt" ] && [ -z "$r" ]; then ok "$tag every check name in msg.def is listed"; else notok "$tag every check name in msg.def is listed" "not listed: $r"; fi
"$P" check --help > "$out/help.txt" 2>&1
r=$(tr '\n' ' ' < "$out/help.txt" | tr -s ' ')
missing=
while read -r c; do case "$r" in *" $c,"*|*" $c."*) ;; *) missing="$missing $c" ;; esac; done < "$out/checks.txt"
if [ -z "$missing" ]; then ok "$tag check --help lists every check"; else notok "$tag check --help lists every check" "missing:$missing"; fi
"$P" help > "$out/usage.txt"
missing=
for c in $(sed -n 's/^  \([a-z]*\) .*/\1/p' "$out/usage.txt"); do
	[ "$c" = help ] && continue
	grep -q "^\.It Cm $c\$" paisano.1 && grep -q "^\.Cm $c\$" paisano.1 || missing="$missing $c(paisano.1)"
	grep -q "^### \`paisano $c" README.md || missing="$missing $c(README.md)"
done
if [ -z "$missing" ]; then ok "$tag paisano.1 and README.md document every command"; else notok "$tag paisano.1 and README.md document every command" "missing:$missing"; fi
# The fast path of validation (src/core/valid.c, on the table tests/valid_gen.py generates from
# the schema) passes every bundled source and snapshot, so libxml2's RelaxNG is only for files
# with mistakes; a file with a mistake goes to libxml2, which explains it.
PAISANO_VALID=report "$P" check --edition 2026-invierno > "$out/fast.out" 2> "$out/fast.err"
PAISANO_VALID=report "$P" check --edition 2026-verano >> "$out/fast.out" 2>> "$out/fast.err"
PAISANO_VALID=report "$P" check guide-src/published/2026-verano.model.xml >> "$out/fast.out" 2>> "$out/fast.err"
hasnt "$tag the fast path passes every bundled source" "$out/fast.err" "not surely valid"
PAISANO_VALID=report "$P" check tests/cases/schema-bad-id/*.xml > "$out/fast.out" 2> "$out/fast.err"
has "$tag a file with a mistake goes to libxml2" "$out/fast.err" "schema-bad-id.xml: not surely valid; libxml2 validates it"
PAISANO_VALID=libxml2 "$P" check tests/cases/schema-bad-id/*.xml > "$out/slow.out" 2> "$out/slow.err"
if cmp -s "$out/fast.out" "$out/slow.out"; then ok "$tag the same messages without the fast path"
else notok "$tag the same messages without the fast path" "$(diff "$out/fast.out" "$out/slow.out")"; fi

# The generator ignores annotations (a:documentation, foreign attributes): the same table from
# the schema with every annotation taken out and with one more on every element.
python3 - guide-src/schema/paisano.rng "$out/bare.rng" "$out/more.rng" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
bare = re.sub(r"<a:documentation>.*?</a:documentation>", "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(bare)
more = re.sub(r'<(element|attribute)( name="[^"]*")>',
              r'<\1\2 a:defaultValue="x"><a:documentation>Otra <b>nota</b>.</a:documentation>', s)
open(sys.argv[3], "w", encoding="utf-8").write(more)
PY
python3 tests/valid_gen.py guide-src/schema/paisano.rng | tail -n +2 > "$out/table.c"
python3 tests/valid_gen.py "$out/bare.rng" | tail -n +2 > "$out/table-bare.c"
python3 tests/valid_gen.py "$out/more.rng" | tail -n +2 > "$out/table-more.c"
if cmp -s "$out/bare.rng" guide-src/schema/paisano.rng || ! grep -q 'a:defaultValue' "$out/more.rng"; then
	notok "$tag the generator ignores annotations" "the test did not change the annotations"
elif [ ! -s "$out/table.c" ]; then notok "$tag the generator ignores annotations" "no table"
elif cmp -s "$out/table.c" "$out/table-bare.c" && cmp -s "$out/table.c" "$out/table-more.c"; then
	ok "$tag the generator ignores annotations"
else notok "$tag the generator ignores annotations" "$(diff "$out/table.c" "$out/table-bare.c" | head -10; diff "$out/table.c" "$out/table-more.c" | head -10)"; fi

# `check FILE` reports exactly what the whole check reports about FILE: with files named, the
# text and translation checks skip the other files' texts (check_opts.only_files, what the desk's
# checks use too), which must never lose or add a message.  A tree with a straight quote, a
# double space and a changed Spanish text (so a stale translation) in every agency file.
rm -rf "$out/only" && cp -r guide-src "$out/only"
for f in "$out"/only/agencies/*.xml; do
	sed -i '0,/<p>\(\s*\)<text xml:lang="es">/s//<p>\1<text xml:lang="es">"Ojo"  con esto. /' "$f"
	sed -i '0,/^\(\s*\)<text xml:lang="es">/s//\1<text xml:lang="es">"Ojo"  con esto. /' "$f"
done
only_bad=
for ed in 2026-invierno 2026-verano; do
	"$P" check --src "$out/only" --edition $ed > "$out/only-all.out" 2>&1
	for f in "$out"/only/agencies/*.xml; do
		grep -F "$f:" "$out/only-all.out" > "$out/only-want.out"
		"$P" check --src "$out/only" --edition $ed "$f" 2>&1 | grep -F "$f:" > "$out/only-got.out"
		cmp -s "$out/only-want.out" "$out/only-got.out" || only_bad="$only_bad $ed:$(basename "$f")"
	done
done
if ! grep -q '\[translations\]' "$out/only-all.out" && ! grep -q '\[spanish-text\]' "$out/only-all.out"; then
	notok "$tag check FILE: the same messages about FILE as the whole check" "the tree has no text messages"
elif [ -z "$only_bad" ]; then ok "$tag check FILE: the same messages about FILE as the whole check"
else notok "$tag check FILE: the same messages about FILE as the whole check" "differ:$only_bad"; fi
