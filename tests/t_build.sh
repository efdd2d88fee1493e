# t_build.sh: `paisano build` as a dependable tool; sourced by run.sh with $P and $tag.

b=$out/build
rm -rf "$b"

# A clean build: the snapshot and the manifest, whose hashes match the files.
expect "$tag build the bundled edition" 0 "$P" build --edition 2026-invierno -o "$b"
has "$tag build reports the version" "$out/stderr" "paisano: built 2026-invierno r2 "
has "$tag manifest has the version" "$b/2026-invierno/manifest.json" '"version": "2026-invierno r2 '
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
	flock "$b/2026-invierno/.lock" sleep 3 &
	sleep 0.5
	expect "$tag a second build at the same time is refused" 2 "$P" build --edition 2026-invierno -o "$b"
	has "$tag the refusal says why" "$out/stderr" "another build is writing $b/2026-invierno"
	wait
fi

# Leftovers of a killed build are removed by the next one; finished files are never partial.
: > "$b/2026-invierno/.manifest.json.tmp-abc123"
mkdir -p "$b/2026-invierno/html.old-abc123"
expect "$tag build after a killed build" 0 "$P" build --edition 2026-invierno -o "$b"
if ls -a "$b/2026-invierno" | grep -q -E 'tmp-|old-'; then notok "$tag stale temporary files removed" "$(ls -a "$b/2026-invierno")"; else ok "$tag stale temporary files removed"; fi
rm -rf "$b"

# make install puts the program, the man page and the data where PREFIX and DESTDIR say.
if [ "$tag" = paisano ]; then
	expect "make install" 0 make -s install DESTDIR="$out/root" PREFIX=/usr
	for f in usr/bin/paisano usr/share/man/man1/paisano.1 usr/share/paisano/fonts/NotoSans-Regular.ttf usr/share/paisano/templates; do
		if [ -e "$out/root/$f" ]; then ok "installed $f"; else notok "installed $f"; fi
	done
	expect "the installed program runs" 0 "$out/root/usr/bin/paisano" --version
	rm -rf "$out/root"
fi
