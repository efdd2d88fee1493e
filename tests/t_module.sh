# t_module.sh: the program and its rendering module (src/module.c, src/render/render.h); sourced
# by run.sh with $P and $tag set.

# `check` renders nothing: it must not load the module (nor pango & co. with it).
LD_DEBUG=libs "$P" check > /dev/null 2> "$out/ld.txt"
if grep -q -E 'render\.so|libpango' "$out/ld.txt"; then notok "$tag check loads no rendering module" "$(grep -E 'render\.so|libpango' "$out/ld.txt" | head -3)"
else ok "$tag check loads no rendering module"; fi

# A module that is not paisano's, or of another version, is refused with the reason (exit 2),
# never called.
md=$out/module
rm -rf "$md" && mkdir -p "$md"
cp "$P" "$md/$tag"
printf 'int not_paisano;\n' > "$md/other.c"
printf '#include <stddef.h>\nconst struct { unsigned abi; size_t size; } paisano_render_module = { 999, 16 };\n' > "$md/stale.c"
if cc -shared -fPIC -o "$md/other.so" "$md/other.c" && cc -shared -fPIC -o "$md/stale.so" "$md/stale.c"; then
	cp "$md/other.so" "$md/$tag-render.so"
	expect "$tag a foreign module is refused" 2 "$md/$tag" pages --hyphenate casa
	has "$tag a foreign module: the reason" "$out/stderr" "not a paisano rendering module (no paisano_render_module)"
	cp "$md/stale.so" "$md/$tag-render.so"
	expect "$tag a module of another version is refused" 2 "$md/$tag" pages --hyphenate casa
	has "$tag a stale module: the reason" "$out/stderr" "a rendering module of another version of paisano (interface 999"
	rm -f "$md/$tag-render.so"
	expect "$tag no module: exit 2" 2 "$md/$tag" build -q -o "$md/out"
	has "$tag no module: the message" "$out/stderr" "paisano: cannot load the rendering module:"
else
	notok "$tag module tests: cc cannot build a shared object"
fi
rm -rf "$md"
