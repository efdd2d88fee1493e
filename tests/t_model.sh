# t_model.sh: snapshots, content hashes, diff and publish; sourced by run.sh with $P and $tag.

# Round trip: sources -> snapshot -> model -> snapshot is byte-identical, for both editions.
for ed in 2026-invierno 2026-verano; do
	expect "$tag snapshot $ed" 0 "$P" snapshot --edition "$ed" -o "$out/$ed.model.xml"
	if grep -q -E "^$ed r[0-9]+ [0-9a-f]{8}\$" "$out/stderr"; then ok "$tag $ed version string"; else notok "$tag $ed version string" "$(cat "$out/stderr")"; fi
	expect "$tag re-read snapshot $ed" 0 "$P" snapshot --edition "$out/$ed.model.xml" -o "$out/$ed.again.xml"
	if cmp -s "$out/$ed.model.xml" "$out/$ed.again.xml"; then ok "$tag $ed snapshot round trip is byte-identical"; else notok "$tag $ed snapshot round trip is byte-identical"; fi
done
expect "$tag published snapshot re-reads identically" 0 "$P" snapshot --edition guide-src/published/2026-verano.model.xml -o "$out/pub.xml"
if cmp -s guide-src/published/2026-verano.model.xml "$out/pub.xml"; then ok "$tag published snapshot is canonical"; else notok "$tag published snapshot is canonical"; fi
has "$tag the snapshot has the edition's value of a fact" "$out/2026-invierno.model.xml" '<value currency="USD" from="2026-11-26" to="2027-01-10" source="anam-fuente-franquicia">500</value>'
hasnt "$tag the snapshot leaves out other seasons" "$out/2026-invierno.model.xml" 'regreso a clases'

# The hash depends on the content, not on how the files are laid out.
rm -rf "$out/tree" && cp -r guide-src "$out/tree"
# The edited tree is compared as sources: a published id would be read from its snapshot.
rm -f "$out/tree/published/2026-invierno.model.xml"
"$P" snapshot --edition 2026-invierno > /dev/null 2> "$out/v0"
python3 - "$out/tree/agencies/anam.xml" <<'EOF'
import re, sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
# Re-indent, re-wrap the prose and put the last fact first: same content, another layout.
facts = re.findall(r'    <fact .*?</fact>\n', s, re.S)
s = s.replace(facts[-1], '').replace(facts[0], facts[-1] + facts[0])
s = s.replace('\n      ', '\n          ').replace('Además de su equipaje,', 'Además  de\n   su equipaje,')
open(p, 'w', encoding='utf-8').write(s)
EOF
"$P" snapshot --src "$out/tree" --edition 2026-invierno > /dev/null 2> "$out/v1"
if cmp -s "$out/v0" "$out/v1"; then ok "$tag hash ignores source layout"; else notok "$tag hash ignores source layout" "$(cat "$out/v0" "$out/v1")"; fi
sed -i 's|<value currency="USD" from="2014-01-01" source="anam-fuente-efectivo">10000</value>|<value currency="USD" from="2014-01-01" source="anam-fuente-efectivo">10001</value>|' "$out/tree/agencies/anam.xml"
"$P" snapshot --src "$out/tree" --edition 2026-invierno > /dev/null 2> "$out/v2"
if cmp -s "$out/v0" "$out/v2"; then notok "$tag changing one fact changes the hash"; else ok "$tag changing one fact changes the hash"; fi

# diff: the real seasonal changes, word by word, text and HTML.
expect "$tag diff verano invierno" 0 "$P" diff --color=never --html "$out/changes.html" 2026-verano 2026-invierno
has "$tag diff shows the allowance" "$out/stdout" "  franquicia (terrestre): 300 dólares -> 500 dólares"
has "$tag diff shows the operation dates" "$out/stdout" "  operation: 2026-07-01 to 2026-08-16 -> 2026-11-26 to 2027-01-10"
has "$tag diff names the agency" "$out/stdout" "Agencia Nacional de Aduanas de México (anam)"
has "$tag diff shows a word-level change" "$out/stdout" "de [-julio-] {+diciembre+} los módulos"
has "$tag diff shows an added paragraph" "$out/stdout" "paragraph added: {+Para las fiestas de fin de año"
has "$tag diff reads the old edition from its published snapshot" "$out/stdout" "paisano diff: 2026-verano r3 "
has "$tag changes.html is Spanish" "$out/changes.html" '<html lang="es">'
has "$tag changes.html marks deletions" "$out/changes.html" "<del>300 dólares</del>"
has "$tag changes.html marks insertions" "$out/changes.html" "<ins>500 dólares</ins>"
expect "$tag diff of identical editions" 0 "$P" diff 2026-invierno 2026-invierno
has "$tag identical editions: no changes" "$out/stdout" "no changes"
expect "$tag diff of a snapshot file against sources" 0 "$P" diff --color=never "$out/2026-invierno.model.xml" 2026-invierno
has "$tag snapshot and its sources: no changes" "$out/stdout" "no changes"

# A moved section and a changed fact, seen by diff.
sed -i 's|      <include section="anam-efectivo"/>||; s|      <include section="inm-lista"/>|      <include section="inm-lista"/>\n      <include section="anam-efectivo"/>|' "$out/tree/editions/2026-invierno.xml"
expect "$tag diff sees a moved section" 0 "$P" diff --src "$out/tree" --color=never "$out/2026-invierno.model.xml" 2026-invierno
has "$tag moved section reported" "$out/stdout" "section anam-efectivo «Dinero en efectivo» moved: chapter cap-aduana"
has "$tag changed fact reported" "$out/stdout" "$(printf 'efectivo que debe declararse: 10\342\200\257000 dólares -> 10\342\200\257001 dólares')"

expect "$tag diff with one edition" 2 "$P" diff 2026-verano
expect "$tag diff of an unknown edition" 2 "$P" diff 2026-verano 1999-otono
expect "$tag diff --color=sometimes" 2 "$P" diff --color=sometimes 2026-verano 2026-invierno

# publish: see t_publish.sh.

# A value with '&' (a web address with a query) survives the snapshot and a rebuild from it.
rm -rf "$out/amp" && cp -r guide-src "$out/amp"
sed -i 's|<web id="sict-web" source="sict-fuente-agencia">https://www.gob.mx/sict</web>|<web id="sict-web" source="sict-fuente-agencia">https://www.gob.mx/sict?a=1\&amp;b=2</web>|' "$out/amp/agencies/sict.xml"
expect "$tag snapshot of a web address with &" 0 "$P" snapshot --src "$out/amp" --edition 2026-invierno -o "$out/amp.model.xml"
has "$tag the & is in the snapshot, escaped" "$out/amp.model.xml" '<web id="sict-web" source="sict-fuente-agencia">https://www.gob.mx/sict?a=1&amp;b=2</web>'
hasnt "$tag libxml2 has nothing to say about it" "$out/stderr" "entity"
expect "$tag the snapshot with & re-reads identically" 0 "$P" snapshot --edition "$out/amp.model.xml" -o "$out/amp.again.xml"
if cmp -s "$out/amp.model.xml" "$out/amp.again.xml"; then ok "$tag & round trip is byte-identical"; else notok "$tag & round trip is byte-identical"; fi
expect "$tag rebuild from the snapshot with &" 0 "$P" build -q --only html --snapshot "$out/amp.model.xml" -o "$out/ampout"
has "$tag the rebuilt HTML prints the whole address" "$out/ampout/2026-invierno/html/directorio.html" 'https://www.gob.mx/sict?a=1&amp;b=2'
rm -rf "$out/amp" "$out/ampout"
