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
has "$tag json has the check name" "$out/stdout" '"check": "phone-numbers"'
has "$tag json has the line" "$out/stdout" '"line": 8'

# Could not run: exit 2 and a message that says why.
expect "$tag missing file exits 2" 2 "$P" check no/such/file.xml
has "$tag missing file is named" "$out/stderr" "no/such/file.xml: no such file"
expect "$tag unknown edition exits 2" 2 "$P" check --edition 2031-otono
has "$tag unknown edition lists the editions" "$out/stderr" "editions: 2026-invierno, 2026-verano"
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

# The hand-written validator (src/core/valid.c) stands down when the schema is not the one it was
# written for; then every file goes to libxml2 (still right, but slower).  Changing the schema
# means updating valid.c and its SCHEMA_SHA256 together.
sum=$(sha256sum guide-src/schema/paisano.rng | cut -d' ' -f1)
if grep -q "#define SCHEMA_SHA256	\"$sum\"" src/core/valid.c; then
	ok "$tag src/core/valid.c was written for the schema in guide-src/schema/paisano.rng"
else
	notok "$tag src/core/valid.c was written for the schema in guide-src/schema/paisano.rng" \
	    "the schema changed (sha256 $sum): update src/core/valid.c to match it, then SCHEMA_SHA256"
fi
