# t_outputs.sh: the outputs of the bundled edition, checked with the print shop's and readers'
# tools (preflight, qpdf, poppler); sourced by run.sh with $P and $tag.  The full checks run
# with the normal build; the sanitizer build builds everything once, to catch leaks and UB.

o=$out/outputs
rm -rf "$o"
ed=2026-invierno
expect "$tag build every output" 0 "$P" build --edition $ed -o "$o"
d=$o/$ed
for f in $ed-print.pdf $ed-screen.pdf html/index.html html/paisano.css $ed.model.xml manifest.json; do
	if [ -s "$d/$f" ]; then ok "$tag output $f"; else notok "$tag output $f"; fi
done

if [ "$tag" = paisano ]; then
	print=$d/$ed-print.pdf
	screen=$d/$ed-screen.pdf
	version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$d/manifest.json")

	# The print shop's view: the independent preflight, qpdf, fonts, boxes.
	expect "print PDF passes the PDF/X-1a preflight" 0 ../shared/tools/preflight --profile x1a --bleed-mm 3 --booklet --trim 140x216 "$print"
	has "preflight: no errors, no warnings" "$out/stdout" "PASS: 0 errors, 0 warnings"
	expect "print PDF: qpdf --check" 0 qpdf --check "$print"
	pdffonts "$print" > "$out/fonts" 2>&1
	if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 } END { exit bad }' "$out/fonts" && [ "$(wc -l < "$out/fonts")" -gt 2 ]; then
		ok "print PDF: every font embedded and subset"
	else
		notok "print PDF: every font embedded and subset" "$(cat "$out/fonts")"
	fi
	# Every stream deflated (src/render/flate.c, libdeflate) and no larger than zlib makes them:
	# the pages' contents at its fastest level, 1 (libdeflate's 1: print.c, PRINT_PAGE_LEVEL),
	# the fonts' streams at libharu's 6.
	qpdf --json --json-key=qpdf --json-stream-data=inline --decode-level=none "$print" > "$out/raw.json" 2>&1
	qpdf --json --json-key=qpdf --json-stream-data=inline --decode-level=generalized "$print" > "$out/plain.json" 2>&1
	python3 - "$out/raw.json" "$out/plain.json" > "$out/flate" 2>&1 <<'EOF'
import base64, json, sys, zlib
raw, plain = (json.load(open(f))["qpdf"][1] for f in sys.argv[1:3])
contents = {obj["value"]["/Contents"] for obj in raw.values()
            if isinstance(obj, dict) and isinstance(obj.get("value"), dict) and obj["value"].get("/Type") == "/Page"}
size = {1: [0, 0], 6: [0, 0]}	# zlib's level: [bytes in the file, bytes zlib makes]
for key, obj in raw.items():
    st = obj.get("stream") if isinstance(obj, dict) else None
    if st is None:
        continue
    assert st["dict"].get("/Filter") in ("/FlateDecode", ["/FlateDecode"]), (key, st["dict"].get("/Filter"))
    level = 1 if key[len("obj:"):] in contents else 6
    size[level][0] += len(base64.b64decode(st["data"]))
    size[level][1] += len(zlib.compress(base64.b64decode(plain[key]["stream"]["data"]), level))
assert all(s[0] and s[0] <= s[1] for s in size.values()), size
print("ok", size)
EOF
	if grep -q '^ok' "$out/flate"; then ok "print PDF: every stream deflated, no larger than zlib made it"; else notok "print PDF: every stream deflated, no larger than zlib made it" "$(tail -3 "$out/flate")"; fi
	pdfinfo -box "$print" > "$out/info" 2>&1
	has "print PDF: PDF/X-1a" "$out/info" "PDF subtype:    PDF/X-1:2001"
	has "print PDF: the version string in its metadata" "$out/info" "Subject:         $version"
	if grep -q -E '^PDF version: +1\.3$' "$out/info"; then ok "print PDF: version 1.3"; else notok "print PDF: version 1.3"; fi
	has "print PDF: 140 x 216 mm trim box" "$out/info" "TrimBox:            "
	python3 - "$out/info" > "$out/boxes" 2>&1 <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
box = lambda n: [float(v) for v in re.search(n + r':\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)', t).groups()]
trim, bleed = box('TrimBox'), box('BleedBox')
mm = lambda pt: pt / 72 * 25.4
w, h = mm(trim[2] - trim[0]), mm(trim[3] - trim[1])
assert abs(w - 140) < 0.05 and abs(h - 216) < 0.05, (w, h)
for i, s in enumerate([-1, -1, 1, 1]):
    assert abs(mm((bleed[i] - trim[i]) * s) - 3) < 0.05, (bleed, trim)
print("ok", w, h)
EOF
	if grep -q '^ok' "$out/boxes"; then ok "print PDF: trim 140 x 216 mm, bleed 3 mm"; else notok "print PDF: trim 140 x 216 mm, bleed 3 mm" "$(cat "$out/boxes")"; fi
	pdftotext -enc UTF-8 "$print" "$out/print.txt" 2> "$out/poppler"
	if [ -s "$out/poppler" ]; then notok "print PDF: poppler reads it without a warning" "$(head -5 "$out/poppler")"; else ok "print PDF: poppler reads it without a warning"; fi
	has "print PDF: text with its accents" "$out/print.txt" "Franquicia: lo que puede traer sin pagar impuestos"
	has "print PDF: ¿ and ¡ survive" "$out/print.txt" "¿"
	has "print PDF: the colophon carries the version" "$out/print.txt" "$version"
	has "print PDF: the allowance of this edition" "$out/print.txt" "500 dólares"
	pages=$(pdfinfo "$print" | awk '/^Pages:/ { print $2 }')
	if [ $((pages % 4)) -eq 0 ] && [ "$pages" -ge 64 ] && [ "$pages" -le 112 ]; then ok "print PDF: $pages pages, a multiple of 4"; else notok "print PDF: $pages pages, a multiple of 4"; fi

	# Byte-identical on every run, and from the snapshot alone.
	expect "rebuild" 0 "$P" build --edition $ed -o "$o/again"
	for f in $ed-print.pdf $ed-screen.pdf html/index.html; do
		if cmp -s "$d/$f" "$o/again/$ed/$f"; then ok "rebuild gives a byte-identical $f"; else notok "rebuild gives a byte-identical $f"; fi
	done
	expect "build from the snapshot alone" 0 "$P" build --snapshot "$d/$ed.model.xml" -o "$o/snap"
	for f in $ed-print.pdf $ed-screen.pdf html/index.html $ed.model.xml; do
		if cmp -s "$d/$f" "$o/snap/$ed/$f"; then ok "the snapshot rebuilds an identical $f"; else notok "the snapshot rebuilds an identical $f"; fi
	done
	expect "impose" 0 "$P" build --edition $ed --only print --impose -o "$o/imposed"
	ipages=$(pdfinfo "$o/imposed/$ed/$ed-imposed.pdf" | awk '/^Pages:/ { print $2 }')
	if [ "$ipages" -eq $((pages / 2)) ]; then ok "imposed PDF: $ipages sheets for $pages pages"; else notok "imposed PDF: $ipages sheets for $pages pages"; fi
	expect "imposed PDF passes the preflight" 0 ../shared/tools/preflight --profile x1a --bleed-mm 3 --no-render "$o/imposed/$ed/$ed-imposed.pdf"

	# The screen PDF: RGB at trim size, links, bookmarks, labels, metadata, size.
	expect "screen PDF: qpdf --check" 0 qpdf --check "$screen"
	pdfinfo "$screen" > "$out/sinfo"
	has "screen PDF: the title" "$out/sinfo" "Title:           Guía Paisano · Operativo Invierno 2026"
	has "screen PDF: the version" "$out/sinfo" "Subject:         $version"
	has "screen PDF: trim size, no bleed" "$out/sinfo" "Page size:       396.85 x 612.283 pts"
	qpdf --json "$screen" > "$out/screen.json"
	python3 - "$out/screen.json" > "$out/links" 2>&1 <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
uris, internal = set(), 0
for key, obj in j["qpdf"][1].items():
    v = obj.get("value", {}) if isinstance(obj, dict) else {}
    if isinstance(v, dict) and v.get("/Subtype") == "/Link":
        a = v.get("/A", {})
        if isinstance(a, dict) and "/URI" in a:
            uris.add(a["/URI"].lstrip("u:"))
        elif "/Dest" in v or (isinstance(a, dict) and a.get("/S") == "/GoTo"):
            internal += 1
dests = j["qpdf"][1]
names = [o.get("value", {}).get("/Dests") for o in dests.values() if isinstance(o, dict) and isinstance(o.get("value"), dict) and "/Dests" in o["value"]]
assert names, "no named destinations"
need = {"tel:+18772109469", "tel:+528002018542", "tel:911", "https://www.gob.mx/heroespaisanos"}
missing = need - uris
assert not missing, ("missing links", missing, sorted(uris)[:20])
assert internal >= 20, ("internal links", internal)
assert len(j["outlines"]) >= 10, "bookmarks"
assert any(o.get("kids") for o in j["outlines"]), "section bookmarks"
assert j["pagelabels"], "page labels"
print("ok", len(uris), "uris", internal, "internal links", len(j["outlines"]), "chapters")
EOF
	if grep -q '^ok' "$out/links"; then ok "screen PDF: tel:, web and internal links, bookmarks, page labels ($(cat "$out/links"))"; else notok "screen PDF: links, bookmarks and labels" "$(cat "$out/links")"; fi
	size=$(wc -c < "$screen")
	echo "# screen PDF: $size bytes"
	if [ "$size" -lt 2000000 ]; then ok "screen PDF under 2 MB ($size bytes)"; else notok "screen PDF under 2 MB ($size bytes)"; fi

	# The web and the print editions say the same words, chapter by chapter.
	if python3 tests/parity/parity.py "$d/html/index.html" "$print" "$screen" > "$out/parity" 2>&1; then
		ok "text parity: HTML and print PDF, chapter by chapter ($(grep -c '^ok' "$out/parity") chapters)"
	else
		notok "text parity: HTML and print PDF, chapter by chapter" "$(grep -v '^ok cap' "$out/parity")"
	fi

	# A draft is stamped on every print and screen page; a final edition is not.
	rm -rf "$out/tree" && cp -r guide-src "$out/tree"
	sed -i 's/status="final"/status="draft"/' "$out/tree/editions/$ed.xml"
	expect "build a draft" 0 "$P" build --src "$out/tree" --edition $ed -o "$o/draft"
	hasnt "final: no stamp" "$out/print.txt" "BORRADOR"
	# Visible on the page: the draft's pictures differ from the final's on every page sampled.
	for kind in print screen; do
		for pg in 1 10 50 $pages; do
			pdftoppm -r 20 -gray -f $pg -l $pg "$d/$ed-$kind.pdf" "$out/final-$kind-$pg"
			pdftoppm -r 20 -gray -f $pg -l $pg "$o/draft/$ed/$ed-$kind.pdf" "$out/draft-$kind-$pg"
		done
		if python3 - "$out" $kind 1 10 50 $pages <<'EOF'
import glob, sys
d, kind, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
for pg in pages:
    a = open(glob.glob(f"{d}/final-{kind}-{pg}-*.pgm")[0], "rb").read()
    b = open(glob.glob(f"{d}/draft-{kind}-{pg}-*.pgm")[0], "rb").read()
    diff = sum(1 for x, y in zip(a, b) if abs(x - y) > 30)
    if diff < len(a) // 100:
        sys.exit(f"page {pg}: only {diff} pixels differ")
EOF
		then ok "draft: $kind pages carry a visible stamp"; else notok "draft: $kind pages carry a visible stamp"; fi
	done
	# One stamp, laid out with the pages: print and screen draw it in the same place (the
	# trim box of both at 1 pixel per mm), and as outlines, not text.
	for kind in print screen; do
		crop=; [ $kind = print ] && crop="-x 10 -y 10 -W 140 -H 216"
		# shellcheck disable=SC2086
		pdftoppm -r 25.4 -gray -f 10 -l 10 $crop "$d/$ed-$kind.pdf" "$out/one-final-$kind"
		# shellcheck disable=SC2086
		pdftoppm -r 25.4 -gray -f 10 -l 10 $crop "$o/draft/$ed/$ed-$kind.pdf" "$out/one-draft-$kind"
		pdftotext "$o/draft/$ed/$ed-$kind.pdf" "$out/draft-$kind.txt"
		hasnt "draft: the $kind PDF's stamp is not text" "$out/draft-$kind.txt" "BORRADOR"
	done
	if python3 - "$out" <<'EOF'
import glob, sys
d = sys.argv[1]
def pixels(name):
    # a binary PGM: "P5", width and height, the maximum, then the rows
    magic, size, _, data = open(glob.glob(f"{d}/{name}-*.pgm")[0], "rb").read().split(b"\n", 3)
    return int(size.split()[0]), data
def mask(kind):
    w, a = pixels(f"one-final-{kind}")
    _, b = pixels(f"one-draft-{kind}")
    return {(i % w, i // w) for i, (x, y) in enumerate(zip(a, b)) if abs(x - y) > 30}
p, s = mask("print"), mask("screen")
if not p or len(p & s) < 0.6 * len(p | s):
    sys.exit(f"the stamps differ: {len(p)} and {len(s)} pixels, {len(p & s)} in common")
EOF
	then ok "draft: print and screen carry the same stamp"; else notok "draft: print and screen carry the same stamp"; fi
	rm -rf "$out/tree"

	# Proofs: exactly the agency's pages, outlined, and a contact sheet.
	expect "proof of ANAM's pages" 0 "$P" proof --agency anam -o "$o/proof" --dpi 40
	has "proof lists the pages" "$out/stdout" "anam: "
	npng=$(ls "$o/proof" | grep -c -- '-p[0-9]*\.png$')
	nlisted=$(head -n 1 "$out/stdout" | sed 's/.*://' | wc -w)
	if [ "$npng" -eq "$nlisted" ] && [ "$npng" -gt 3 ]; then ok "proof: one PNG per listed page ($npng)"; else notok "proof: one PNG per listed page ($npng, $nlisted listed)"; fi
	if [ -s "$o/proof/anam-contact-sheet.png" ]; then ok "proof: contact sheet"; else notok "proof: contact sheet"; fi
	# Every picture is a valid PNG (src/render/png.c writes them): chunk CRCs, the zlib stream (zlib
	# checks its Adler-32), one filter byte and 3 bytes a pixel per row, and ink on white paper.
	if python3 - "$o/proof"/*.png > "$out/pngcheck" 2>&1 <<'PYEOF'
import struct, sys, zlib
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path + ": no PNG signature"
    at, idat, chunks = 8, b"", []
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        crc, = struct.unpack(">I", data[at + 8 + n:at + 12 + n])
        assert zlib.crc32(kind + body) == crc, f"{path}: bad CRC in {kind}"
        chunks.append(kind)
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert (depth, ctype) == (8, 2), f"{path}: not 8-bit RGB"
        if kind == b"IDAT":
            idat += body
        at += 12 + n
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND", f"{path}: chunks {chunks}"
    raw = zlib.decompress(idat)
    assert len(raw) == h * (3 * w + 1), f"{path}: {len(raw)} bytes for {w}x{h}"
    rows, prev = [], bytearray(3 * w)
    for y in range(h):
        f, row = raw[y * (3 * w + 1)], bytearray(raw[y * (3 * w + 1) + 1:(y + 1) * (3 * w + 1)])
        assert f in (0, 1, 2), f"{path}: row {y} has filter {f}"
        for i in range(3 * w):
            left = row[i - 3] if i >= 3 else 0
            row[i] = (row[i] + (left if f == 1 else prev[i] if f == 2 else 0)) & 255
        rows.append(row)
        prev = row
    pixels = [bytes(r[i:i + 3]) for r in rows for i in range(0, 3 * w, 3)]
    white = sum(p == b"\xff\xff\xff" for p in pixels) / len(pixels)
    dark = sum(max(p) < 100 for p in pixels)
    if "contact-sheet" not in path:
        assert 0.4 < white < 0.995 and dark > 50, f"{path}: {white:.1%} white, {dark} dark pixels"
PYEOF
	then ok "proof: every picture decodes to ink on white paper"; else notok "proof: every picture decodes to ink on white paper" "$(tail -3 "$out/pngcheck")"; fi
	# Proofs again: unchanged pictures are reused, changed ones painted, and the result is
	# byte for byte what proofs from scratch give.
	expect "proof again, nothing changed" 0 "$P" proof --agency anam -o "$o/proof" --dpi 40
	has "proof again reuses every picture" "$out/stdout" "painted 0 of $((npng + 1)) pictures, the others are unchanged"
	# (the outlines name the source file, so the proofs before and after come from one tree)
	rm -rf "$o/tree" && cp -r guide-src "$o/tree"
	"$P" proof --src "$o/tree" --agency anam -o "$o/proof" --dpi 40 -q
	python3 - "$o/tree/agencies/anam.xml" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
# two words at the start of the first paragraph: its lines change, the pages after it do not
i = s.index('<text xml:lang="es">', s.index('<p>')) + len('<text xml:lang="es">')
s = s[:i] + 'Ahora bien, ' + s[i:]
open(p, "w", encoding="utf-8").write(s)
PYEOF
	"$P" stamp --update --src "$o/tree" "$o/tree/agencies/anam.xml" > /dev/null 2>&1
	expect "proof after a change" 0 "$P" proof --src "$o/tree" --agency anam -o "$o/proof" --dpi 40
	if grep -q "^painted [1-9][0-9]* of $((npng + 1)) pictures" "$out/stdout" && ! grep -q "^painted $((npng + 1)) " "$out/stdout"; then
		ok "proof after a change paints only some pictures: $(tail -n 1 "$out/stdout")"
	else
		notok "proof after a change paints only some pictures" "$(cat "$out/stdout")"
	fi
	expect "proof of the change from scratch" 0 "$P" proof --src "$o/tree" --agency anam -o "$o/proof-cold" --dpi 40
	if diff -r -x .proof-keys "$o/proof" "$o/proof-cold" > "$out/proofdiff" 2>&1; then
		ok "reused and painted proofs are the proofs from scratch"
	else
		notok "reused and painted proofs are the proofs from scratch" "$(head -5 "$out/proofdiff")"
	fi
	rm -rf "$o/tree" "$o/proof-cold"
	expect "proof of an unknown agency" 2 "$P" proof --agency sat
	has "proof names the agencies" "$out/stderr" "agencies: anam banjercito"
	expect "proof without --agency" 2 "$P" proof
fi

# proof --watch: proofs again at each save, only the pictures that changed, until SIGTERM.
# wait_for FILE TEXT: up to 20 s for a fixed string to appear in FILE (no timing is tested)
wait_for() {
	n=0
	while ! grep -q -F -- "$2" "$1" 2> /dev/null && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
	grep -q -F -- "$2" "$1" 2> /dev/null
}
rm -rf "$o/wtree" "$o/wproof" && cp -r guide-src "$o/wtree"
"$P" proof --watch --src "$o/wtree" --edition 2026-invierno --agency anam -o "$o/wproof" --dpi 40 > "$out/watch.out" 2> "$out/watch.err" &
wpid=$!
if wait_for "$out/watch.out" "paisano: watching $o/wtree/agencies"; then ok "$tag proof --watch proofs, then watches"
else notok "$tag proof --watch proofs, then watches" "$(cat "$out/watch.out" "$out/watch.err")"; fi
# a change that breaks the sources (a reviewed translation is now stale): said, proofs kept
python3 - "$o/wtree/agencies/anam.xml" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index('<text xml:lang="es">', s.index('<p>')) + len('<text xml:lang="es">')
open(p, "w", encoding="utf-8").write(s[:i] + 'Ahora bien, ' + s[i:])
PYEOF
if wait_for "$out/watch.err" "paisano: the proofs were not updated (see above)" && grep -q "error: the Spanish text changed" "$out/watch.err"; then
	ok "$tag proof --watch reports a save with errors and goes on"
else
	notok "$tag proof --watch reports a save with errors and goes on" "$(cat "$out/watch.err")"
fi
# the fix: only the changed pictures are painted again
"$P" stamp --update --src "$o/wtree" "$o/wtree/agencies/anam.xml" > /dev/null 2>&1
if wait_for "$out/watch.out" "paisano: proofs updated in" && grep -q "^painted [1-9][0-9]* of [1-9][0-9]* pictures" "$out/watch.out"; then
	ok "$tag proof --watch proofs again after the fix: $(grep '^painted' "$out/watch.out")"
else
	notok "$tag proof --watch proofs again after the fix" "$(cat "$out/watch.out" "$out/watch.err")"
fi
# a file being written is proofed once it is closed, not at each write: half of it written
# and flushed, 0.4 s of nothing, then the rest
python3 - "$o/wtree/agencies/anam.xml" "$out/watch.out" "$out/watch.err" <<'PYEOF'
import sys, time
path, out, err = sys.argv[1:]
def proofs():   # proofs made, proofs refused (a half-written file would be refused)
    return open(out).read().count("proofs updated in"), open(err).read().count("were not updated")
data = open(path, "rb").read()
before = proofs()
with open(path, "wb") as f:
    f.write(data[: len(data) // 2])
    f.flush()
    time.sleep(0.4)
    during = proofs()
    f.write(data[len(data) // 2:])
for _ in range(200):
    if proofs() != before:
        break
    time.sleep(0.1)
after = proofs()
sys.exit(0 if during == before and after == (before[0] + 1, before[1]) else
         f"(made, refused): {before} before, {during} while writing, {after} after")
PYEOF
if [ $? -eq 0 ]; then
	ok "$tag proof --watch waits for a file being written to be closed"
else
	notok "$tag proof --watch waits for a file being written to be closed" "$(tail -5 "$out/watch.out" "$out/watch.err")"
fi
kill -TERM $wpid
wait $wpid
wrc=$?
if [ $wrc -eq 0 ] && sanitized "$out/watch.err" && [ -z "$(ls -d "$o"/wproof.* 2> /dev/null)" ]; then
	ok "$tag proof --watch stops on SIGTERM with status 0, nothing left behind"
else
	notok "$tag proof --watch stops on SIGTERM with status 0, nothing left behind" "exit $wrc; $(ls -d "$o"/wproof.* 2> /dev/null) $(tail -20 "$out/watch.err")"
fi
expect "$tag proof --watch of an unknown agency does not wait" 2 "$P" proof --watch --agency sat
has "$tag proof --watch of an unknown agency says so" "$out/stderr" "paisano: no agency \"sat\""
rm -rf "$o/wtree" "$o/wproof"
rm -rf "$o"
