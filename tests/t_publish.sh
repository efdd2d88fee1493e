# t_publish.sh: sign-offs bound to content, and the custody of what is published (issue 15,
# items 1-7); sourced by run.sh with $P and $tag.
pt="$out/pub"
rm -rf "$pt" && mkdir -p "$pt"
fresh() { rm -rf "$pt/tree" "$pt/out" && cp -r guide-src "$pt/tree" && rm -f "$pt/tree/published/"*; }
# state DIR...: every file under the directories with its SHA-256 (what "left as it was" compares)
state() { for d in "$@"; do [ -d "$d" ] && (cd "$d" && find . -type f -exec sha256sum {} + | sort -k 2); done; }
ed="$pt/tree/editions/2026-invierno.xml"

# --- 1. A sign-off covers the agency's content, recorded by paisano signoff ---
fresh
expect "$tag the bundled sign-offs cover the bundled content" 0 "$P" check --src "$pt/tree" --edition 2026-invierno
has "$tag no sign-off message on the bundled edition" "$out/stdout" "0 errors, 0 warnings"
expect "$tag every bundled sign-off records a content hash" 0 grep -c 'sha256="[0-9a-f]\{64\}"' "$ed"
has "$tag 24 of them" "$out/stdout" "24"
cp "$ed" "$pt/manifest.before"
sed -i 's/55 5568 8722/55 5568 8799/' "$pt/tree/agencies/profeco.xml"
expect "$tag check after a change to profeco" 0 "$P" check --src "$pt/tree" --edition 2026-invierno
has "$tag the sign-off is stale" "$out/stdout" 'warning: agency "profeco" changed since Lic. Claudia Esparza Torres signed it off on 2026-10-21'
has "$tag the message says what changed" "$out/stdout" "55 5568 8722 -> 55 5568 8799"
hasnt "$tag only profeco is stale" "$out/stdout" 'agency "anam"'
expect "$tag signoff --show lists the change" 0 "$P" signoff --show --src "$pt/tree" --edition 2026-invierno --agency profeco
has "$tag signoff --show names the number" "$out/stdout" "55 5568 8722 -> 55 5568 8799"
expect "$tag publish refuses the stale sign-off" 1 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish names the stale sign-off" "$out/stderr" 'error: agency "profeco" changed since'
if [ -e "$pt/out" ] || [ -n "$(ls -A "$pt/tree/published")" ]; then notok "$tag a refused publish builds and writes nothing"; else ok "$tag a refused publish builds and writes nothing"; fi
expect "$tag another agency signs off meanwhile" 0 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency anam --editor "Lic. Marisol Treviño Garza" --date 2026-10-20
expect "$tag check after anam's sign-off" 0 "$P" check --src "$pt/tree" --edition 2026-invierno
has "$tag what profeco signed off is still kept to compare with" "$out/stdout" "55 5568 8722 -> 55 5568 8799"
cp "$ed" "$pt/manifest.before"
expect "$tag record profeco's sign-off again" 0 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency profeco --editor "Lic. Claudia Esparza Torres" --date 2026-11-02
has "$tag signoff prints the hash" "$out/stdout" "signed off profeco for 2026-invierno by Lic. Claudia Esparza Torres: "
diff "$pt/manifest.before" "$ed" > "$pt/manifest.diff"
if [ "$(grep -c '^[<>]' "$pt/manifest.diff")" -eq 2 ] && grep -q '^> *<signoff agency="profeco" editor="Lic. Claudia Esparza Torres" date="2026-11-02" revision="2" sha256="[0-9a-f]\{64\}"/>$' "$pt/manifest.diff"; then
	ok "$tag signoff changes only that agency's <signoff> element"
else
	notok "$tag signoff changes only that agency's <signoff> element" "$(cat "$pt/manifest.diff")"
fi
if ls -a "$pt/tree/editions" | grep -q tmp; then notok "$tag signoff leaves no temporary file"; else ok "$tag signoff leaves no temporary file"; fi
expect "$tag check is clean again" 0 "$P" check --src "$pt/tree" --edition 2026-invierno
has "$tag no warning after the new sign-off" "$out/stdout" "0 errors, 0 warnings"
ls "$pt/tree/signoffs/2026-invierno/" > "$pt/kept"
if [ "$(wc -l < "$pt/kept")" -eq 1 ] && ! grep -q 67c4baba "$pt/kept"; then ok "$tag the content signed off is kept, one file for the current content"; else notok "$tag the content signed off is kept, one file for the current content" "$(cat "$pt/kept")"; fi
sed -i 's/55 5568 8799/55 5568 8798/' "$pt/tree/agencies/profeco.xml"
expect "$tag sign off profeco once more" 0 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency profeco --editor "Lic. Claudia Esparza Torres"
ls "$pt/tree/signoffs/2026-invierno/" > "$pt/kept"
if [ "$(wc -l < "$pt/kept")" -eq 1 ]; then ok "$tag content no sign-off covers any more is not kept"; else notok "$tag content no sign-off covers any more is not kept" "$(cat "$pt/kept")"; fi
# An English text and an image are part of what is signed off too.
sed -i 's|Free advice and complaints. Monday|Free advice and complaints, Monday|' "$pt/tree/agencies/profeco.xml"
expect "$tag check after an English change" 0 "$P" check --src "$pt/tree" --edition 2026-invierno
has "$tag an English change makes the sign-off stale" "$out/stdout" 'agency "profeco" changed since'
# Only an agency file without errors can be signed off.
fresh
sed -i 's|<phone id="profeco-tel-cdmx" country="MX"|<phone id="profeco-tel-cdmx" country="MX" role="quejas"|' "$pt/tree/agencies/profeco.xml"
sed -i 's/55 5568 8722/01 55 5568 8722/' "$pt/tree/agencies/profeco.xml"
expect "$tag signoff refuses an agency with errors" 1 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency profeco --editor "X"
has "$tag signoff says why" "$out/stderr" "cannot record the sign-off: fix the errors above first"
cmp -s "$ed" guide-src/editions/2026-invierno.xml && ok "$tag the refused signoff wrote nothing" || notok "$tag the refused signoff wrote nothing"
expect "$tag signoff without --editor" 2 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency profeco
expect "$tag signoff of an unknown agency" 2 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency nadie --editor X
expect "$tag signoff with a bad date" 2 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency profeco --editor X --date 2026-13-01

# Sign-offs recorded at the same moment are all kept (the manifest is edited one at a time).
fresh
sed -i 's/ sha256="[0-9a-f]*"//' "$ed"
for a in anam banjercito bienestar capufe dif fgr finabien imss; do
	"$P" signoff --src "$pt/tree" --edition 2026-invierno --agency $a --editor "Editor $a" > /dev/null 2>&1 &
done
wait
if [ "$(grep -c ' sha256="[0-9a-f]\{64\}"' "$ed")" -eq 8 ]; then ok "$tag eight sign-offs at once: all eight recorded"; else notok "$tag eight sign-offs at once: all eight recorded" "$(grep signoff "$ed")"; fi

# --- publish: drafts, unchanged, overwrites, new revisions; log.tsv says when and by whom ---
fresh
sed -i 's/status="final"/status="draft"/' "$ed"
expect "$tag publish refuses a draft" 1 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish says it is a draft" "$out/stderr" "the edition is a draft; set status=\"final\""
sed -i 's/status="draft"/status="final"/' "$ed"
sed -i 's|\(<signoff agency="sre" [^/]*\) sha256="[0-9a-f]*"|\1|' "$ed"
expect "$tag publish refuses a sign-off without a hash" 1 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish names it" "$out/stderr" "error: agency \"sre\"'s sign-off records no content hash"
sed -i '/<signoff agency="sre" /d' "$ed"
expect "$tag publish refuses a missing sign-off" 1 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish names the missing one" "$out/stderr" 'agency "sre" has content in this edition but has not signed it off'
expect "$tag sign off sre" 0 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency sre --editor "Emb. Luis Fernando Cota Ríos" --date 2026-10-28
expect "$tag publish a final, signed-off edition" 0 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out" --by "Oficina Nacional"
has "$tag publish reports the version" "$out/stdout" "published 2026-invierno r2 "
if [ -s "$pt/out/2026-invierno/2026-invierno-print.pdf" ] && [ -s "$pt/out/2026-invierno/html/index.html" ]; then ok "$tag publish builds the outputs"; else notok "$tag publish builds the outputs"; fi
"$P" snapshot --src "$pt/tree" --edition 2026-invierno -o "$pt/inv.xml" 2> /dev/null
if cmp -s "$pt/tree/published/2026-invierno.model.xml" "$pt/inv.xml"; then ok "$tag published snapshot equals the edition's snapshot"; else notok "$tag published snapshot equals the edition's snapshot"; fi
if grep -q -P '^2026-invierno\t2\t[0-9a-f]{64}\t2026-10-30\t20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\tOficina Nacional$' "$pt/tree/published/log.tsv"; then
	ok "$tag log.tsv records the revision, hash, date, when (UTC) and by whom"
else
	notok "$tag log.tsv records the revision, hash, date, when (UTC) and by whom" "$(cat "$pt/tree/published/log.tsv")"
fi
has "$tag log.tsv names its columns" "$pt/tree/published/log.tsv" "# edition	revision	sha256	date	published	by"
expect "$tag publish again, unchanged" 0 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish again says unchanged" "$out/stdout" "already published and unchanged"
if [ "$(grep -c '^2026-invierno' "$pt/tree/published/log.tsv")" -eq 1 ]; then ok "$tag publishing again adds no line"; else notok "$tag publishing again adds no line"; fi

# --- 2. A refused publish leaves out/ and published/ exactly as they were ---
sed -i 's|<value currency="USD" from="2014-01-01">10000</value>|<value currency="USD" from="2014-01-01">10001</value>|' "$pt/tree/agencies/anam.xml"
expect "$tag anam signs off the change" 0 "$P" signoff --src "$pt/tree" --edition 2026-invierno --agency anam --editor "Lic. Marisol Treviño Garza"
state "$pt/out" "$pt/tree/published" > "$pt/before"
expect "$tag publish refuses to overwrite a revision" 1 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag publish says raise the revision" "$out/stderr" "raise revision= in the manifest"
hasnt "$tag the refusal comes before any build" "$out/stderr" "paisano: built"
state "$pt/out" "$pt/tree/published" > "$pt/after"
if cmp -s "$pt/before" "$pt/after"; then ok "$tag the refused publish left out/ and published/ as they were"; else notok "$tag the refused publish left out/ and published/ as they were" "$(diff "$pt/before" "$pt/after" | head -5)"; fi
sed -i 's/revision="2" status/revision="3" status/' "$ed"

# --- 3. A kill at any moment leaves the snapshot and its log line both or neither ---
state "$pt/tree/published" > "$pt/before"
PAISANO_TEST_KILL_AT=publish-log "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out" > /dev/null 2>&1
if grep -q '^2026-invierno	3	' "$pt/tree/published/log.tsv"; then notok "$tag killed before the log line: no line"; else ok "$tag killed before the log line: no line"; fi
expect "$tag build --snapshot after the kill reads the old snapshot" 0 "$P" build -q --only html --snapshot "$pt/tree/published/2026-invierno.model.xml" -o "$pt/snapout"
state "$pt/tree/published" > "$pt/after"
if cmp -s "$pt/before" "$pt/after" && [ -z "$(ls -A "$pt/tree/published" | grep -v -x -e log.tsv -e 2026-invierno.model.xml)" ]; then ok "$tag killed before the log line: neither, and nothing stray"; else notok "$tag killed before the log line: neither, and nothing stray" "$(ls -A "$pt/tree/published")"; fi
PAISANO_TEST_KILL_AT=publish-rename "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out" > /dev/null 2>&1
has "$tag killed after the log line: the line is there" "$pt/tree/published/log.tsv" "2026-invierno	3	"
expect "$tag publish again after the kill" 0 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag the rerun finishes the interrupted publication" "$out/stderr" "finished the interrupted publication of 2026-invierno r3"
has "$tag and then finds it published" "$out/stdout" "2026-invierno r3"
if [ "$(grep -c '^2026-invierno	3	' "$pt/tree/published/log.tsv")" -eq 1 ]; then ok "$tag one log line for r3"; else notok "$tag one log line for r3" "$(cat "$pt/tree/published/log.tsv")"; fi
"$P" snapshot --src "$pt/tree" --edition 2026-invierno -o "$pt/inv.xml" 2> /dev/null
if cmp -s "$pt/tree/published/2026-invierno.model.xml" "$pt/inv.xml"; then ok "$tag the snapshot of r3 is in place"; else notok "$tag the snapshot of r3 is in place"; fi
if [ -z "$(ls -A "$pt/tree/published" | grep -v -x -e log.tsv -e 2026-invierno.model.xml)" ]; then ok "$tag no stray file in published/"; else notok "$tag no stray file in published/" "$(ls -A "$pt/tree/published")"; fi
# A snapshot written without its line by an older paisano: the rerun adds the line.
head -n -1 "$pt/tree/published/log.tsv" > "$pt/log" && cp "$pt/log" "$pt/tree/published/log.tsv"
expect "$tag publish completes a snapshot that has no log line" 0 "$P" publish --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
has "$tag the line is added" "$pt/tree/published/log.tsv" "2026-invierno	3	"

# --- 4. A published snapshot that differs from its log record is refused ---
fresh
cp guide-src/published/* "$pt/tree/published/"
sed -i 's/>300</>350</' "$pt/tree/published/2026-verano.model.xml"
pub="$pt/tree/published/2026-verano.model.xml"
expect "$tag build --snapshot refuses a tampered snapshot" 2 "$P" build --snapshot "$pub" -o "$pt/out"
has "$tag the refusal names the file and both hashes" "$out/stderr" "$pub: its SHA-256 is $(sha256sum "$pub" | cut -d' ' -f1), but $pt/tree/published/log.tsv records 72c316b3e0928307c8890dfb3f98491439a9aa5d5219edc12b54d0c48cec5718 for 2026-verano r3"
if [ -e "$pt/out" ]; then notok "$tag nothing built from a tampered snapshot"; else ok "$tag nothing built from a tampered snapshot"; fi
expect "$tag diff refuses a tampered snapshot" 2 "$P" diff --src "$pt/tree" 2026-verano 2026-invierno
has "$tag diff says why" "$out/stderr" "the published snapshot was changed after it was published"
sed -i 's/revision="2" status/revision="4" status/; s/previous="2026-verano"/previous="2026-verano"/' "$pt/tree/editions/2026-invierno.xml"
sed -i 's/revision="3" status="final"/revision="4" status="final"/' "$pt/tree/editions/2026-verano.xml"
expect "$tag publish refuses over a tampered snapshot" 1 "$P" publish --src "$pt/tree" --edition 2026-verano -o "$pt/out"
has "$tag publish says it was changed" "$out/stderr" "the published snapshot was changed after it was published"
cp "$pt/tree/published/2026-verano.model.xml" "$pt/verano.xml"
expect "$tag a snapshot outside published/ without a log builds" 0 "$P" build -q --only html --snapshot "$pt/verano.xml" -o "$pt/out2"
rm -rf "$pt/out" "$pt/out2"

# --- 5. Image bytes are part of the content hash; html/images/* are in the manifest ---
fresh
sed -i 's|<section id="banjercito-permiso-quien">|<image src="images/holograma.png"><alt><text xml:lang="es">El holograma del permiso</text><text xml:lang="en">The permit sticker</text></alt></image>\n    &|' "$pt/tree/agencies/banjercito.xml"
sed -i 's/ languages="es en"//' "$ed"
expect "$tag snapshot with an image" 0 "$P" snapshot --src "$pt/tree" --edition 2026-invierno -o "$pt/img1.xml"
has "$tag the snapshot records the image's SHA-256" "$pt/img1.xml" "<file src=\"images/holograma.png\" sha256=\"$(sha256sum guide-src/images/holograma.png | cut -d' ' -f1)\"/>"
printf 'x' >> "$pt/tree/images/holograma.png"
expect "$tag snapshot with the image changed" 0 "$P" snapshot --src "$pt/tree" --edition 2026-invierno -o "$pt/img2.xml"
if cmp -s "$pt/img1.xml" "$pt/img2.xml"; then notok "$tag another image, another content hash"; else ok "$tag another image, another content hash"; fi
mkdir -p "$pt/tree/x" && cp "$pt/img1.xml" "$pt/tree/x/img1.model.xml"
expect "$tag build --snapshot refuses an image replaced since" 2 "$P" build --only html --snapshot "$pt/tree/x/img1.model.xml" -o "$pt/out"
has "$tag the refusal names the image" "$out/stderr" "images/holograma.png: the image's SHA-256 is"
cp guide-src/images/holograma.png "$pt/tree/images/holograma.png"
expect "$tag build with an image" 0 "$P" build -q --only html --src "$pt/tree" --edition 2026-invierno -o "$pt/out"
if python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); assert {"kind": "html", "lang": "es", "path": "html/images/holograma.png", "bytes": int(sys.argv[2]), "sha256": sys.argv[3]} in m["files"], m["files"]' \
    "$pt/out/2026-invierno/manifest.json" "$(wc -c < guide-src/images/holograma.png)" "$(sha256sum guide-src/images/holograma.png | cut -d' ' -f1)" 2> "$out/py"
then ok "$tag manifest.json lists html/images/*"; else notok "$tag manifest.json lists html/images/*" "$(tail -3 "$out/py")"; fi
rm -rf "$pt/out"

# --- 6. build --lang es keeps the English outputs only if they are what the manifest says ---
b="$pt/b"
rm -rf "$b"
expect "$tag a full build" 0 "$P" build -q --edition 2026-invierno -o "$b"
head -c 1000 "$b/2026-invierno/2026-invierno-en-print.pdf" > "$pt/trunc" && cat "$pt/trunc" > "$b/2026-invierno/2026-invierno-en-print.pdf"
expect "$tag build --lang es after the English PDF was truncated" 0 "$P" build --lang es --edition 2026-invierno -o "$b"
has "$tag the English outputs are built again" "$out/stderr" "the en outputs in $b/2026-invierno are built again: 2026-invierno-en-print.pdf: its SHA-256 is"
check_files() {
	python3 - "$1" <<'PYEOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for f in m["files"]:
    p = os.path.join(d, f["path"])
    assert not os.path.islink(p) and not os.path.islink(os.path.dirname(p)), f["path"] + " is a link"
    assert hashlib.sha256(open(p, "rb").read()).hexdigest() == f["sha256"], f["path"]
assert os.path.getsize(os.path.join(d, "2026-invierno-en-print.pdf")) > 100000, "the English PDF is whole"
PYEOF
}
if check_files "$b/2026-invierno" > "$pt/files" 2>&1; then ok "$tag every file is whole and as its manifest says"; else notok "$tag every file is whole and as its manifest says" "$(cat "$pt/files")"; fi
mkdir -p "$pt/elsewhere" && cp -r "$b/2026-invierno/html-en/." "$pt/elsewhere/" && echo secret > "$pt/elsewhere/secret.txt"
rm -rf "$b/2026-invierno/html-en" && ln -s "$(cd "$pt/elsewhere" && pwd)" "$b/2026-invierno/html-en"
expect "$tag build --lang es with html-en/ a symbolic link" 0 "$P" build --lang es --edition 2026-invierno -o "$b"
has "$tag the linked English web edition is built again" "$out/stderr" "the en outputs in $b/2026-invierno are built again"
if [ -L "$b/2026-invierno/html-en" ] || [ -e "$b/2026-invierno/html-en/secret.txt" ]; then notok "$tag nothing from outside the output directory"; else ok "$tag nothing from outside the output directory"; fi
if check_files "$b/2026-invierno" > "$pt/files" 2>&1; then ok "$tag every file as its manifest says, after the link"; else notok "$tag every file as its manifest says, after the link" "$(cat "$pt/files")"; fi
expect "$tag build --lang es keeps good English outputs" 0 "$P" build -v --lang es --edition 2026-invierno -o "$b"
has "$tag the good ones are kept" "$out/stderr" "kept the en outputs of the same version"

# --- 7. A kill in the middle of the output swap never leaves no out/EDITION/ ---
PAISANO_TEST_KILL_AT=swap "$P" build -q --only html --edition 2026-invierno -o "$b" > /dev/null 2>&1
if [ -f "$b/2026-invierno/manifest.json" ]; then ok "$tag killed in the swap: the outputs are there"; else notok "$tag killed in the swap: the outputs are there" "$(ls -a "$b")"; fi
# The state a kill between two renames leaves (where names cannot be exchanged): a later command
# that stops early still puts the outputs back.
mv "$b/2026-invierno" "$b/2026-invierno.old-abc123"
expect "$tag a build with bad usage" 2 "$P" build --only nothing --edition 2026-invierno -o "$b"
if [ -d "$b/2026-invierno" ] && ! ls "$b" | grep -q old-; then ok "$tag bad usage still puts the outputs back"; else notok "$tag bad usage still puts the outputs back" "$(ls -a "$b")"; fi
mv "$b/2026-invierno" "$b/2026-invierno.old-abc123"
expect "$tag a build of an unknown edition" 2 "$P" build --edition 1999-otono -o "$b"
if [ -d "$b/2026-invierno" ] && ! ls "$b" | grep -q old-; then ok "$tag a failed build still puts the outputs back"; else notok "$tag a failed build still puts the outputs back" "$(ls -a "$b")"; fi
rm -rf "$pt"
