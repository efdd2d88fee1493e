# t_build.sh: `paisano build` as a dependable tool; sourced by run.sh with $P and $tag.

b=$out/build
rm -rf "$b"

# A clean build: the snapshot and the manifest, whose hashes match the files.
expect "$tag build the bundled edition" 0 "$P" build --edition 2026-invierno -o "$b"
has "$tag build reports the version" "$out/stderr" "paisano: built 2026-invierno r2 "
if python3 -c 'import json, sys; assert json.load(open(sys.argv[1], encoding="utf-8"))["version"].startswith("2026-invierno r2 ")' "$b/2026-invierno/manifest.json"
then ok "$tag manifest has the version"; else notok "$tag manifest has the version" "$(head -c 600 "$b/2026-invierno/manifest.json")"; fi
if python3 - "$b/2026-invierno" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["files"], "no files"
for f in m["files"]:
    data = open(os.path.join(d, f["path"]), "rb").read()
    assert len(data) == f["bytes"], f
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f
assert m["content_hash"].startswith(m["version"].split()[-1])
assert [s["name"] for s in m["stages"]][0] == "check and compile"
# the timeline: a PDF starts once its language's layout has ended (start and wall in tenths)
st = {s["name"]: s for s in m["stages"]}
assert all(s["start_ms"] >= 0 for s in m["stages"]), m["stages"]
for pdf, lay in (("screen PDF", "layout"), ("print PDF", "layout"), ("screen PDF (en)", "layout (en)"), ("print PDF (en)", "layout (en)")):
    assert st[pdf]["start_ms"] >= st[lay]["start_ms"] + st[lay]["wall_ms"] - 0.2, (st[pdf], st[lay])
assert m["trim_mm"] == [140.0, 216.0] and m["bleed_mm"] == 3.0, (m["trim_mm"], m["bleed_mm"])
assert m["fonts"] and all(f.startswith("fonts/") and f.endswith(".ttf") for f in m["fonts"]), m["fonts"]
assert set(m["languages"]) == {"es", "en"}, m["languages"]
for l in m["languages"].values():
    assert l["pages"] % 4 == 0 and l["pages"] >= 64, m["languages"]
assert {f["lang"] for f in m["files"] if f["kind"] != "snapshot"} == {"es", "en"}, m["files"]
EOF
then ok "$tag manifest sizes and hashes match the files"; else notok "$tag manifest sizes and hashes match the files"; fi
if cmp -s "$b/2026-invierno/2026-invierno.model.xml" "$out/2026-invierno.model.xml" 2>/dev/null ||
    "$P" snapshot --edition 2026-invierno 2>/dev/null | cmp -s - "$b/2026-invierno/2026-invierno.model.xml"; then
	ok "$tag the built snapshot is the edition's snapshot"
else
	notok "$tag the built snapshot is the edition's snapshot"
fi
hasnt "$tag quiet when not a terminal" "$out/stderr" "paisano: snapshot..."
expect "$tag build -v shows the stages" 0 "$P" build -v --edition 2026-invierno -o "$b"
has "$tag -v names a stage" "$out/stderr" "paisano: check and compile..."
expect "$tag build -q prints nothing" 0 "$P" build -q --edition 2026-invierno -o "$b"
if [ -s "$out/stderr" ]; then notok "$tag -q is silent" "$(cat "$out/stderr")"; else ok "$tag -q is silent"; fi

# From a published snapshot alone, without the sources.
expect "$tag build from a published snapshot" 0 "$P" build --snapshot guide-src/published/2026-verano.model.xml -o "$b"
if cmp -s guide-src/published/2026-verano.model.xml "$b/2026-verano/2026-verano.model.xml"; then
	ok "$tag a snapshot rebuilds the same snapshot"
else
	notok "$tag a snapshot rebuilds the same snapshot"
fi

# Errors in the sources: nothing is written.
rm -rf "$out/tree" && cp -r guide-src "$out/tree"
sed -i 's|<ref to="franquicia-terrestre"/>|<ref to="franquicia-terestre"/>|' "$out/tree/agencies/anam.xml"
expect "$tag build refuses sources with errors" 1 "$P" build --src "$out/tree" --edition 2026-invierno -o "$out/refused"
has "$tag build prints the error" "$out/stderr" 'did you mean "franquicia-terrestre"?'
if [ -e "$out/refused" ]; then notok "$tag nothing written on errors" "$(ls -R "$out/refused")"; else ok "$tag nothing written on errors"; fi
rm -rf "$out/tree"

# Could not run: usage, an unwritable place, a second build at the same time.
expect "$tag build --only nonsense" 2 "$P" build --only print,pdf
has "$tag --only says what it takes" "$out/stderr" "--only takes print, screen and html"
expect "$tag build into an unwritable place" 2 "$P" build --edition 2026-invierno -o /proc/paisano
has "$tag unwritable place explained" "$out/stderr" "choose a directory you can write to"
if command -v flock > /dev/null 2>&1; then
	flock "$b/.2026-invierno.lock" sleep 3 &
	sleep 0.5
	expect "$tag a second build at the same time is refused" 2 "$P" build --edition 2026-invierno -o "$b"
	has "$tag the refusal says why" "$out/stderr" "another build is writing $b/2026-invierno"
	wait
fi

# Killed at any moment, a build leaves the previous outputs intact, as one consistent set.
check_set() {
	python3 - "$1" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for f in m["files"]:
    data = open(os.path.join(d, f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
EOF
}
expect "$tag a complete build before the kills" 0 "$P" build --edition 2026-invierno -o "$b"
for delay in 0.05 0.15 0.3 0.45; do
	"$P" build -q --edition 2026-invierno -o "$b" > /dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2> /dev/null
	wait $pid 2> /dev/null
	if check_set "$b/2026-invierno" > "$out/set" 2>&1; then ok "$tag killed after ${delay}s: outputs intact and consistent"; else notok "$tag killed after ${delay}s: outputs intact and consistent" "$(cat "$out/set")"; fi
	if find "$b/2026-invierno" -name '*tmp-*' | grep -q .; then notok "$tag killed after ${delay}s: no partial file among the outputs"; else ok "$tag killed after ${delay}s: no partial file among the outputs"; fi
done

# Leftovers of a killed build (its hidden staging directory) are removed by the next one.
mkdir -p "$b/.2026-invierno.tmp-abc123"
: > "$b/.2026-invierno.tmp-abc123/2026-invierno-print.pdf"
expect "$tag build after a killed build" 0 "$P" build --edition 2026-invierno -o "$b"
if ls -a "$b" | grep -q -E 'tmp-|old-'; then notok "$tag stale staging removed" "$(ls -a "$b")"; else ok "$tag stale staging removed"; fi
# Killed between moving the old outputs aside and the new ones in: the old ones come back.
mv "$b/2026-invierno" "$b/2026-invierno.old-abc123"
flock "$b/.2026-invierno.lock" true
expect "$tag build after a kill between the renames" 0 "$P" build --edition 2026-invierno -o "$b"
if [ -d "$b/2026-invierno" ] && ! ls "$b" | grep -q old-; then ok "$tag the outputs are whole again"; else notok "$tag the outputs are whole again" "$(ls -a "$b")"; fi
rm -rf "$b"

# Resource limits: a 1 MB paragraph is refused with a clear message before any work; a list of
# 100,000 items builds (memory grows with the input, and the build ends).
if [ "$tag" = paisano ]; then
	rm -rf "$out/big" && cp -r guide-src "$out/big" && spanish_only "$out/big"
	python3 - "$out/big" <<'PYEOF'
import sys
root = sys.argv[1]
big = " ".join(["la franquicia se suma por familia"] * 30000)
items = "\n".join(f"      <item>Elemento número {i} de una lista larga.</item>" for i in range(100000))
open(f"{root}/agencies/zz.xml", "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<agency id="zz" xml:lang="es"><name>Límites</name><short>ZZ</short>\n'
    f'  <section id="zz-parrafo"><title>Un megabyte</title><p>{big}</p></section>\n'
    f'  <section id="zz-lista"><title>Cien mil elementos</title><list>\n{items}\n    </list></section>\n</agency>\n')
ed = f"{root}/editions/2026-invierno.xml"
s = open(ed, encoding="utf-8").read()
s = s.replace('<include section="pa-asesoria"/>', '<include section="pa-asesoria"/>\n      <include section="zz-lista"/>')
s = s.replace("<signoffs>", '<signoffs>\n    <signoff agency="zz" editor="x" date="2026-10-20" revision="2"/>')
open(ed, "w", encoding="utf-8").write(s)
PYEOF
	expect "a 1 MB paragraph is refused" 1 timeout 60 "$P" build -q --src "$out/big" --edition 2026-invierno -o "$out/bigout"
	has "the refusal names the limit" "$out/stderr" "more than the 20000 a paragraph, item or cell may have"
	if [ -e "$out/bigout" ]; then notok "nothing written for the 1 MB paragraph"; else ok "nothing written for the 1 MB paragraph"; fi
	sed -i 's|<section id="zz-parrafo">.*</section>||' "$out/big/agencies/zz.xml"
	expect "100,000 list items build" 0 timeout 120 "$P" build --only print --src "$out/big" --edition 2026-invierno -o "$out/bigout"
	pages=$(sed -n 's/^paisano: es: \([0-9]*\) pages.*/\1/p' "$out/stderr")
	if [ "${pages:-0}" -gt 2000 ]; then ok "100,000 list items: $pages pages"; else notok "100,000 list items: ${pages:-no} pages"; fi
	# About 10,000 pages: it builds, and the build ends (17 s and 1 GB here).
	python3 - "$out/big/agencies/zz.xml" <<'PYEOF'
import sys
items = "\n".join(f"<item>Punto {i}.</item>" for i in range(330000))
open(sys.argv[1], "w", encoding="utf-8").write('<?xml version="1.0" encoding="UTF-8"?>\n<agency id="zz" xml:lang="es">'
    f'<name>Límites</name><short>ZZ</short>\n<section id="zz-lista"><title>Lista</title><list>\n{items}\n</list></section>\n</agency>\n')
PYEOF
	expect "about 10,000 pages build" 0 timeout 300 "$P" build --only print --src "$out/big" --edition 2026-invierno -o "$out/bigout"
	pages=$(sed -n 's/^paisano: es: \([0-9]*\) pages.*/\1/p' "$out/stderr")
	if [ "${pages:-0}" -gt 9000 ]; then ok "about 10,000 pages: $pages pages"; else notok "about 10,000 pages: ${pages:-no} pages"; fi
	rm -rf "$out/big" "$out/bigout"
fi

# A missing font names the file and where it was looked for; nothing is written.
rm -rf "$out/tpl" && cp -r templates "$out/tpl"
sed -i 's|fonts/NotoSans-Bold.ttf|fonts/NoSuchFont-Bold.ttf|' "$out/tpl/booklet.xml"
expect "$tag build with a missing font" 2 "$P" build --templates "$out/tpl" --edition 2026-invierno -o "$out/tplout"
has "$tag the missing font is named" "$out/stderr" "font file fonts/NoSuchFont-Bold.ttf not found"
if [ -d "$out/tplout/2026-invierno" ]; then notok "$tag nothing written without the font"; else ok "$tag nothing written without the font"; fi
rm -rf "$out/tpl" "$out/tplout"

# The tasks after the compile run on several threads; the outputs are the same on one.
expect "$tag build on one thread" 0 "$P" build -q -j 1 --edition 2026-invierno -o "$out/j1"
expect "$tag build on four threads" 0 "$P" build -q -j 4 --edition 2026-invierno -o "$out/j4"
python3 - "$out/j1/2026-invierno/manifest.json" "$out/j4/2026-invierno/manifest.json" > "$out/jobs" 2>&1 <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
fa = [(f["path"], f["sha256"]) for f in a["files"]]
fb = [(f["path"], f["sha256"]) for f in b["files"]]
if fa != fb:
    sys.exit(f"files differ: {fa} / {fb}")
if [s["name"] for s in a["stages"]] != [s["name"] for s in b["stages"]]:
    sys.exit("stages differ")
PYEOF
if [ $? -eq 0 ]; then ok "$tag same files, same order, on 1 and 4 threads"; else notok "$tag same files, same order, on 1 and 4 threads" "$(cat "$out/jobs")"; fi
expect "$tag --jobs -1 is refused" 2 "$P" build -q -j -1 --edition 2026-invierno -o "$out/j1"
has "$tag --jobs says what it takes" "$out/stderr" "paisano: --jobs takes a number of threads from 1 to 64, not -1"
# -jN in one word, as make takes it (GOption alone took the next argument, "-o", for the number)
expect "$tag -j1 in one word" 0 "$P" build -q -j1 --only html --edition 2026-invierno -o "$out/j1w"
expect "$tag -j1 in one word: the build is there" 0 test -f "$out/j1w/2026-invierno/html/index.html"
expect "$tag -j99 in one word is refused" 2 "$P" build -q -j99 --edition 2026-invierno -o "$out/j1w"
has "$tag -j99 in one word: what --jobs takes" "$out/stderr" "paisano: --jobs takes a number of threads from 1 to 64, not 99"
# the value read by paisano, not by GOption, whose message for -j4x was "Missing argument for -j"
expect "$tag -j4x is refused" 2 "$P" build -q -j4x --edition 2026-invierno -o "$out/j1w"
has "$tag -j4x: what --jobs takes, and the value" "$out/stderr" "paisano: --jobs takes a number of threads from 1 to 64, not 4x"
expect "$tag --jobs=two is refused" 2 "$P" build -q --jobs=two --edition 2026-invierno -o "$out/j1w"
has "$tag --jobs=two: what --jobs takes" "$out/stderr" "paisano: --jobs takes a number of threads from 1 to 64, not two"
expect "$tag check has no -j: -j2 is an unknown option" 2 "$P" check -j2
has "$tag check -j2: unknown option" "$out/stderr" "Unknown option -j2"
rm -rf "$out/j1w"
rm -rf "$out/j1" "$out/j4"

# The agency files are read while the rendering module loads (guide_prefetch_begin): a build of
# a tree with errors says what check says, in the same order, and one with no such edition or
# no tree at all stops as before (ASan: what was read early is freed).
rm -rf "$out/early-src" "$out/early"
cp -r guide-src "$out/early-src"
head -c 3000 guide-src/agencies/anam.xml > "$out/early-src/agencies/anam.xml"
sed -i '0,/<section /s/<section /<seccion /' "$out/early-src/agencies/stps.xml"
"$P" check --src "$out/early-src" > "$out/early.check" 2>&1
expect "$tag early read: a tree with errors is not built" 1 "$P" build --src "$out/early-src" -o "$out/early"
grep ': error: \|: warning: ' "$out/early.check" > "$out/early.want"
grep ': error: \|: warning: ' "$out/stderr" > "$out/early.got"
if [ -s "$out/early.want" ] && cmp -s "$out/early.want" "$out/early.got"; then ok "$tag early read: the build's messages are check's"
else notok "$tag early read: the build's messages are check's" "$(diff "$out/early.want" "$out/early.got" | head -20)"; fi
expect "$tag early read: no such edition" 2 "$P" build --src "$out/early-src" --edition 2031-verano -o "$out/early"
has "$tag early read: no such edition, said" "$out/stderr" "no edition \"2031-verano\""
expect "$tag early read: no tree" 2 "$P" build --src "$out/early-none" -o "$out/early"
has "$tag early read: no tree, said" "$out/stderr" "no source tree at $out/early-none"
rm -rf "$out/early-src" "$out/early" "$out/early.check" "$out/early.want" "$out/early.got"
