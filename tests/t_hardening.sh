# t_hardening.sh: hostile and damaged input (issue 15, items 12-21); sourced by run.sh with $P and $tag.

# A tree whose Spanish-only draft edition prints one image, images/x.png, in PROFECO's section.
hard=$out/hard-$tag
hard_tree() {
	rm -rf "$hard" && mkdir -p "$hard" && cp -r guide-src "$hard/tree" && spanish_only "$hard/tree"
	# The tests name Invierno 2026: the Semana Santa draft would be the newest edition.
	# and "2026-invierno" names the published snapshot while one exists: these tests change
	# the sources.
	rm -f "$hard/tree/editions/2027-semana-santa.xml" "$hard/tree/published/2026-invierno.model.xml"
	sed -i 's/status="final"/status="draft"/' "$hard/tree"/editions/*.xml
	python3 - "$hard/tree/agencies/profeco.xml" <<'PYEOF'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace("    <list>\n", '    <image src="images/x.png"><alt>Un dibujo</alt></image>\n    <list>\n', 1)
open(p, "w", encoding="utf-8").write(s)
PYEOF
	mkdir -p "$hard/tree/snap"
	python3 tests/mkpng.py good "$hard/tree/images/x.png"
}

# 12, 13: every image is decoded in full at check time; a damaged or oversized one is an error
# with its reason, and a build from a snapshot (no check) fails with a message, never aborts.
hard_tree
expect "$tag image: a good PNG checks clean" 0 "$P" check --src "$hard/tree"
expect "$tag image: a snapshot to rebuild from" 0 "$P" snapshot --src "$hard/tree" --edition 2026-invierno -o "$hard/tree/snap/s.model.xml"
for k in truncated corrupt corruptz header bomb; do
	python3 tests/mkpng.py $k "$hard/tree/images/x.png"
	expect "$tag image $k: check fails" 1 "$P" check --src "$hard/tree"
	case $k in
	header) want='image "images/x.png" is 2147483647 x 2147483647 pixels, but no side may have more than 10000 (limit image-max-side)' ;;
	bomb) want='image "images/x.png" is 20000 x 20000 pixels, but no side may have more than 10000 (limit image-max-side)' ;;
	truncated) want='image "images/x.png" is damaged and cannot be decoded (the file is cut short before the end of the image)' ;;
	corrupt) want='image "images/x.png" is damaged and cannot be decoded (IDAT: invalid distance code)' ;;
	corruptz) want='image "images/x.png" is damaged and cannot be decoded (IDAT: invalid block type)' ;;
	esac
	line=$(grep -n '<image src="images/x.png">' "$hard/tree/agencies/profeco.xml" | cut -d: -f1)
	has "$tag image $k: check names the problem" "$out/stdout" "profeco.xml:$line:5: error: $want"
	# The snapshot records each image's SHA-256: record the damaged one's, as if it had been
	# recorded so (the renderers read it without a check before them).
	sum=$(sha256sum "$hard/tree/images/x.png" | cut -d' ' -f1)
	sed "s|<file src=\"images/x.png\" sha256=\"[0-9a-f]*\"/>|<file src=\"images/x.png\" sha256=\"$sum\"/>|" "$hard/tree/snap/s.model.xml" > "$hard/tree/snap/bad.model.xml"
	expect "$tag image $k: build from a snapshot fails without aborting" 2 "$P" build -q --src "$hard/tree" -o "$hard/out" --snapshot "$hard/tree/snap/bad.model.xml"
	has "$tag image $k: build says which image" "$out/stderr" "the image $hard/tree/images/x.png is"
done
# 13: the pixel-count limit on its own (8000 x 4000 = 32 million pixels, each side allowed).
python3 - "$hard/tree/images/x.png" <<'PYEOF'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
z = zlib.compressobj(9); row = b"\0" * 8001
d = b"".join(z.compress(row) for _ in range(4000)) + z.flush()
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8000, 4000, 8, 0, 0, 0, 0)) + chunk(b"IDAT", d) + chunk(b"IEND", b""))
PYEOF
expect "$tag image: too many pixels" 1 "$P" check --src "$hard/tree"
has "$tag image: too many pixels named" "$out/stdout" 'image "images/x.png" is 8000 x 4000 pixels, more than the 25000000 pixels an image may have (limit image-max-pixels)'
# An RGB image still builds (converted for print).
python3 tests/mkpng.py rgb "$hard/tree/images/x.png"
expect "$tag image: an RGB PNG builds" 0 "$P" build -q --src "$hard/tree" -o "$hard/out"

# 16: a symbolic link in images/ to a file outside the tree is refused, by check and by build,
# and nothing is copied from it.
python3 tests/mkpng.py good "$hard/outside.png"
rm -f "$hard/tree/images/x.png" && ln -s "$(pwd)/$hard/outside.png" "$hard/tree/images/x.png"
expect "$tag image link: check fails" 1 "$P" check --src "$hard/tree"
has "$tag image link: check says it is a link" "$out/stdout" "error: image \"images/x.png\" is a symbolic link (to $(pwd)/$hard/outside.png); an image must be a regular file inside guide-src/images/"
rm -rf "$hard/out"
expect "$tag image link: build from a snapshot fails" 2 "$P" build -q --src "$hard/tree" -o "$hard/out" --snapshot "$hard/tree/snap/s.model.xml"
if [ -e "$hard/out/2026-invierno/html/images/x.png" ]; then notok "$tag image link: nothing copied into html/images"; else ok "$tag image link: nothing copied into html/images"; fi
rm -f "$hard/tree/images/x.png"
mkfifo "$hard/tree/images/x.png"
expect "$tag image FIFO: check fails at once" 1 timeout 10 "$P" check --src "$hard/tree"
has "$tag image FIFO: named" "$out/stdout" 'image "images/x.png" is a FIFO (named pipe); an image must be a regular file'
rm -f "$hard/tree/images/x.png"

# 14: sources that are not regular files are refused at once, never read for ever.
hard_tree
mkfifo "$hard/tree/agencies/zz.xml"
expect "$tag source FIFO: refused, no hang" 1 timeout 10 "$P" check --src "$hard/tree"
has "$tag source FIFO: named" "$out/stdout" "zz.xml: error: cannot read this file: it is a FIFO (named pipe), not a regular file [xml]"
rm -f "$hard/tree/agencies/zz.xml" && ln -s /dev/zero "$hard/tree/agencies/zz.xml"
expect "$tag source link to /dev/zero: refused, no hang" 1 timeout 10 "$P" check --src "$hard/tree"
has "$tag source link to /dev/zero: named" "$out/stdout" "zz.xml: error: cannot read this file: it is a device, not a regular file [xml]"
rm -f "$hard/tree/agencies/zz.xml"
expect "$tag check /dev/zero: refused, no hang" 1 timeout 10 "$P" check --src "$hard/tree" /dev/zero
has "$tag check /dev/zero: named" "$out/stdout" "/dev/zero: error: cannot read this file: it is a device, not a regular file [xml]"

# 15: diff in linear space: a section of 50,000 items, ten changed and one inserted, within
# 400 MB (the table it replaced needed 10 GB).  The normal build only: ASan inflates memory.
if [ "$tag" = paisano ]; then
	python3 - "$hard/tree" old <<'PYEOF'
import sys
root, variant = sys.argv[1], sys.argv[2]
n = 50000
items = [f"Elemento número {i} de una lista larga." for i in range(n)]
if variant == "new":
    for i in range(0, n, n // 10): items[i] = f"Elemento cambiado {i} de la lista."
    items.insert(n // 2, "Un elemento nuevo en medio.")
body = "\n".join(f"      <item>{t}</item>" for t in items)
open(f"{root}/agencies/zz.xml", "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<agency id="zz" xml:lang="es"><name>Límites</name><short>ZZ</short>\n'
    f'  <section id="zz-lista"><title>Muchos elementos</title><list>\n{body}\n    </list></section>\n</agency>\n')
if variant == "old":
    ed = f"{root}/editions/2026-invierno.xml"
    s = open(ed, encoding="utf-8").read()
    s = s.replace('<include section="pa-asesoria"/>', '<include section="pa-asesoria"/>\n      <include section="zz-lista"/>')
    open(ed, "w", encoding="utf-8").write(s)
PYEOF
	expect "$tag diff 50,000 items: old snapshot" 0 "$P" snapshot --src "$hard/tree" --edition 2026-invierno -o "$hard/big-old.model.xml"
	python3 - "$hard/tree" new <<'PYEOF'
import sys
root = sys.argv[1]; n = 50000
items = [f"Elemento número {i} de una lista larga." for i in range(n)]
for i in range(0, n, n // 10): items[i] = f"Elemento cambiado {i} de la lista."
items.insert(n // 2, "Un elemento nuevo en medio.")
body = "\n".join(f"      <item>{t}</item>" for t in items)
open(f"{root}/agencies/zz.xml", "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<agency id="zz" xml:lang="es"><name>Límites</name><short>ZZ</short>\n'
    f'  <section id="zz-lista"><title>Muchos elementos</title><list>\n{body}\n    </list></section>\n</agency>\n')
PYEOF
	expect "$tag diff 50,000 items" 0 /usr/bin/time -o "$hard/diff.rss" -f %M "$P" diff --src "$hard/tree" --color=never "$hard/big-old.model.xml" 2026-invierno
	has "$tag diff 50,000 items: the inserted item" "$out/stdout" "item added: {+Un elemento nuevo en medio.+}"
	has "$tag diff 50,000 items: a changed item" "$out/stdout" "item removed: [-Elemento número 45000 de una lista larga.-]"
	has "$tag diff 50,000 items: 21 changes" "$out/stdout" "21 changes"
	rss=$(tail -1 "$hard/diff.rss")
	if [ "$rss" -lt 400000 ]; then ok "$tag diff 50,000 items in $rss KB (< 400 MB)"; else notok "$tag diff 50,000 items within 400 MB" "max RSS $rss KB"; fi
fi

# 21: a print PDF that cannot be written for lack of space says so (libharu reported a failed
# write of a compressed stream as "zlib failed to compress").  A 3 MB image of noise makes the
# print PDF larger than the snapshot, so a file-size limit (no root needed) stops the PDF only.
hard_tree
python3 - "$hard/tree/images/x.png" <<'PYEOF'
import os, struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w = h = 1000
raw = b"".join(b"\0" + os.urandom(w * 3) for _ in range(h))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
PYEOF
expect "$tag print PDF over the file-size limit fails" 2 sh -c "trap '' XFSZ; ulimit -f 2000; exec \"\$0\" build -q --only print --src \"\$1\" -o \"\$2\"" "$P" "$hard/tree" "$hard/fsize"
has "$tag print PDF over the file-size limit: the reason" "$out/stderr" "2026-invierno-print.pdf: the file is larger than this system allows (File too large)"
hasnt "$tag print PDF over the file-size limit: not a zlib error" "$out/stderr" "zlib"
# A really full disk, where a small tmpfs can be mounted (as root).
mkdir -p "$hard/mnt"
if [ "$tag" = paisano ] && mount -t tmpfs -o size=2500k tmpfs "$hard/mnt" 2> /dev/null; then
	expect "$tag print PDF on a full disk fails" 2 "$P" build -q --only print --src "$hard/tree" -o "$hard/mnt"
	has "$tag print PDF on a full disk: says the disk is full" "$out/stderr" "2026-invierno-print.pdf: the disk is full (no space left on the device); free some space and build again"
	hasnt "$tag print PDF on a full disk: not a zlib error" "$out/stderr" "zlib"
	umount "$hard/mnt"
fi
