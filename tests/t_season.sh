# t_season.sh: starting a season's edition (paisano new-edition), facts with their sources, and the
# season change read by paisano diff; sourced by run.sh with $P and $tag (issue 16).

st=$out/season
rm -rf "$st" && mkdir -p "$st" && cp -r guide-src "$st/tree"
rm -f "$st/tree/editions/2027-semana-santa.xml"
# The tree is compared as sources below: a published id would be read from its snapshot.
rm -f "$st/tree/published/2026-invierno.model.xml"

# new-edition writes the manifest: revision 1, a draft, previous=, the season's title in both
# languages (the English stamped), the operation, the previous edition's contents, no sign-offs.
expect "$tag new-edition starts Semana Santa 2027" 0 "$P" new-edition 2027-semana-santa --src "$st/tree" \
    --from 2026-invierno --season semana-santa --operation 2027-03-09..2027-04-10 --date 2026-12-02
cp "$out/stdout" "$st/work.txt"
m=$st/tree/editions/2027-semana-santa.xml
has "$tag new-edition: revision 1, a draft, previous=" "$m" 'season="semana-santa" revision="1" status="draft"'
has "$tag new-edition: previous= is the edition it started from" "$m" 'previous="2026-invierno" date="2026-12-02"'
has "$tag new-edition: the season's Spanish title" "$m" '<text xml:lang="es">Guía Paisano · Operativo Semana Santa 2027</text>'
has "$tag new-edition: the season's English title, stamped" "$m" '<text xml:lang="en" es-hash="6510a9b6">Paisano Guide · Holy Week Operation 2027</text>'
has "$tag new-edition: the operation" "$m" '<operation start="2027-03-09" end="2027-04-10"/>'
hasnt "$tag new-edition: no sign-offs" "$m" '<signoff '
sed -n '/<contents>/,/<\/contents>/p' "$st/tree/editions/2026-invierno.xml" > "$st/contents.want"
sed -n '/<contents>/,/<\/contents>/p' "$m" > "$st/contents.got"
if cmp -s "$st/contents.want" "$st/contents.got"; then ok "$tag new-edition: the previous edition's contents"
else notok "$tag new-edition: the previous edition's contents" "$(diff "$st/contents.want" "$st/contents.got" | head -5)"; fi
expect "$tag new-edition: the manifest is valid and the draft checks without errors" 0 "$P" check --src "$st/tree" --edition 2027-semana-santa "$m"

# The work per agency: sections with variants for other seasons only (here a copy of the sources
# without their Semana Santa variants), and the checks go on reporting it.
rm -rf "$st/bare" && cp -r guide-src "$st/bare"
rm -f "$st/bare/editions/2027-semana-santa.xml"
python3 - "$st/bare/agencies/dif.xml" <<'EOF'
import re, sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
s = re.sub(r'\n *<p season="semana-santa">.*?</p>', '', s, flags=re.S)
open(p, 'w', encoding='utf-8').write(s)
EOF
expect "$tag new-edition with work to do" 0 "$P" new-edition 2027-semana-santa --src "$st/bare" \
    --from 2026-invierno --season semana-santa --operation 2027-03-09..2027-04-10 --date 2026-12-02
has "$tag new-edition lists the work per agency" "$out/stdout" "dif ($st/bare/agencies/dif.xml)"
has "$tag new-edition: a section without this season's variant" "$out/stdout" 'section "dif-proteccion" has variants for verano and invierno but none for semana-santa'
has "$tag new-edition: the allowance that nothing settles yet" "$out/stdout" "\"franquicia-terrestre\" prints 500 dólares, which its source \"anam-fuente-franquicia-2027\" says nothing settles"
has "$tag new-edition: the count" "$out/stdout" "2 things to do in 2 files"
expect "$tag check goes on reporting the work" 0 "$P" check --src "$st/bare" --edition 2027-semana-santa
has "$tag check reports the section" "$out/stdout" 'section "dif-proteccion" has variants for verano and invierno but none for semana-santa'
# A source verified more than 12 months before the operation starts is work too (a warning in a
# draft); so is a date announced ahead that has passed (the aguinaldo's, printed in Semana Santa).
sed -i 's|<source id="anam-fuente-efectivo" verified="2026-12-02"|<source id="anam-fuente-efectivo" verified="2026-01-15"|' "$st/bare/agencies/anam.xml"
sed -i 's|<notice type="important" season="invierno">|<notice type="important">|' "$st/bare/agencies/stps.xml"
expect "$tag check: stale sources and passed dates in a draft" 0 "$P" check --src "$st/bare" --edition 2027-semana-santa
has "$tag check: a source verified too long ago" "$out/stdout" '"efectivo-umbral" prints 10 000 dólares, last verified on 2026-01-15 against "anam-fuente-efectivo": more than 12 months before the operation starts (2027-03-09)'
has "$tag check: a date that has passed" "$out/stdout" '"stps-aguinaldo-fecha" prints 20 de diciembre de 2026, before this operation starts (2027-03-09)'

# It refuses an edition that exists, and explains bad arguments.
expect "$tag new-edition refuses an existing id" 1 "$P" new-edition 2027-semana-santa --src "$st/tree" \
    --from 2026-invierno --season semana-santa --operation 2027-03-09..2027-04-10
has "$tag the refusal names the manifest" "$out/stderr" "edition 2027-semana-santa already exists"
expect "$tag new-edition refuses a published id" 1 "$P" new-edition 2026-verano --src "$st/tree" \
    --from 2026-invierno --season verano --operation 2026-07-01..2026-08-16
expect "$tag new-edition: unknown previous edition" 2 "$P" new-edition 2027-verano --src "$st/tree" \
    --from 2031-otono --season verano --operation 2027-07-01..2027-08-15
has "$tag new-edition names the editions" "$out/stderr" 'no edition "2031-otono" to start from'
expect "$tag new-edition: unknown season" 2 "$P" new-edition 2027-verano --src "$st/tree" \
    --from 2026-invierno --season otono --operation 2027-07-01..2027-08-15
expect "$tag new-edition: reversed operation" 2 "$P" new-edition 2027-verano --src "$st/tree" \
    --from 2026-invierno --season verano --operation 2027-08-15..2027-07-01
expect "$tag new-edition: a bad id" 2 "$P" new-edition Verano_2027 --src "$st/tree" \
    --from 2026-invierno --season verano --operation 2027-07-01..2027-08-15
expect "$tag new-edition without its options" 2 "$P" new-edition 2027-verano --src "$st/tree"
if [ ! -e "$st/tree/editions/2027-verano.xml" ]; then ok "$tag a refused new-edition writes nothing"; else notok "$tag a refused new-edition writes nothing"; fi

# Provenance: a final edition refuses a printed value without a source; a draft warns.
rm -rf "$st/prov" && cp -r guide-src "$st/prov"
sed -i 's|<value currency="USD" from="2014-01-01" source="anam-fuente-efectivo">10000</value>|<value currency="USD" from="2014-01-01">10000</value>|' "$st/prov/agencies/anam.xml"
expect "$tag a final edition refuses a value without a source" 1 "$P" check --src "$st/prov" --edition 2026-invierno
has "$tag ... and says which" "$out/stdout" 'error: "efectivo-umbral" prints 10 000 dólares, and this value names no source'
expect "$tag a draft warns about it" 0 "$P" check --src "$st/prov" --edition 2027-semana-santa
has "$tag ... as a warning" "$out/stdout" 'warning: "efectivo-umbral" prints 10 000 dólares, and this value names no source'
expect "$tag publish refuses it" 1 "$P" publish --src "$st/prov" --edition 2026-invierno -o "$st/pubout"

# Snapshots keep the sources of what they print, and diff shows a change of source beside the value.
expect "$tag snapshot with sources" 0 "$P" snapshot --src "$st/tree" --edition 2026-invierno -o "$st/inv.model.xml"
has "$tag the snapshot records a value's source" "$st/inv.model.xml" 'source="anam-fuente-efectivo">10000</value>'
has "$tag the snapshot holds the source" "$st/inv.model.xml" '<source id="anam-fuente-efectivo" verified="2026-12-02" by="Revisión de fuentes de la Guía Paisano">'
expect "$tag the snapshot re-reads identically" 0 "$P" snapshot --edition "$st/inv.model.xml" -o "$st/inv.again.xml"
if cmp -s "$st/inv.model.xml" "$st/inv.again.xml"; then ok "$tag snapshot with sources: byte-identical round trip"; else notok "$tag snapshot with sources: byte-identical round trip"; fi
sed -i 's|<source id="anam-fuente-efectivo" |<source id="anam-fuente-efectivo" href="https://www.anam.gob.mx/efectivo" |; s|source="anam-fuente-efectivo">10000<|source="anam-fuente-efectivo">15000<|' "$st/tree/agencies/anam.xml"
expect "$tag diff with a new source" 0 "$P" diff --color=never --src "$st/tree" "$st/inv.model.xml" 2026-invierno
has "$tag diff: the value" "$out/stdout" "  efectivo que debe declararse: 10"
has "$tag diff: its source, beside it" "$out/stdout" "  efectivo que debe declararse, source: ViveUSA"
has "$tag diff: the new address" "$out/stdout" "<https://www.anam.gob.mx/efectivo>"

# The published Verano 2026 (made before sources existed) still loads, unchanged.
expect "$tag the published snapshot still loads" 0 "$P" snapshot --edition guide-src/published/2026-verano.model.xml -o "$st/ver.xml"
if cmp -s guide-src/published/2026-verano.model.xml "$st/ver.xml"; then ok "$tag the published snapshot is unchanged"; else notok "$tag the published snapshot is unchanged"; fi

# The bundled season change reads as one: the operation, the season and the new variants.
expect "$tag diff invierno semana santa" 0 "$P" diff --color=never 2026-invierno 2027-semana-santa
has "$tag diff: the season" "$out/stdout" "  season: invierno -> semana-santa"
has "$tag diff: the operation" "$out/stdout" "  operation: 2026-11-26 to 2027-01-10 -> 2027-03-09 to 2027-04-10"
has "$tag diff: a Semana Santa variant" "$out/stdout" "{+En Semana Santa las autopistas a las playas"
has "$tag diff: the allowance's unconfirmed source" "$out/stdout" "  franquicia (terrestre), source: "

# The Semana Santa draft builds in both languages, and its proofs are made.
expect "$tag Semana Santa 2027 builds" 0 "$P" build -q --edition 2027-semana-santa -o "$st/out"
if [ -s "$st/out/2027-semana-santa/2027-semana-santa-print.pdf" ] && [ -s "$st/out/2027-semana-santa/2027-semana-santa-en-print.pdf" ]; then
	ok "$tag Semana Santa 2027: both languages"; else notok "$tag Semana Santa 2027: both languages"; fi
pdftotext "$st/out/2027-semana-santa/2027-semana-santa-en-print.pdf" "$st/en.txt"
has "$tag the English colophon prints English short names" "$st/en.txt" "Welfare"
hasnt "$tag no agency id in the English edition" "$st/en.txt" "guardia-nacional"
has "$tag the English cover is English" "$st/en.txt" "Paisano Program · Government of Mexico"
expect "$tag Semana Santa proofs" 0 "$P" proof --agency sectur --edition 2027-semana-santa --lang en -o "$st/proofs"
