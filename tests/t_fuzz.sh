# t_fuzz.sh: inputs the fuzzer once broke, kept as regression tests; sourced by run.sh.
for f in tests/fuzz/regress/*; do
	[ "$(basename "$f")" = README ] && continue
	"$P" check --src guide-src "$f" > "$out/fuzz.out" 2> "$out/fuzz.err"
	st=$?
	if [ "$st" -le 1 ] && sanitized "$out/fuzz.err"; then ok "$tag fuzz regression $(basename "$f")"; else notok "$tag fuzz regression $(basename "$f")" "exit $st $(head -c 600 "$out/fuzz.err")"; fi
done
if [ "$tag" = paisano ] && [ -x tests/fuzz/fuzz_source ]; then
	expect "fuzz target runs the seed corpus without a crash" 0 tests/fuzz/fuzz_source -runs=0 guide-src/agencies guide-src/editions
fi
# The second target (layout and rendering, tests/fuzz/fuzz_render.c): its seeds and the inputs
# it once broke, in tests/fuzz/regress-render/, laid out and rendered again (built by make check).
if [ "$tag" = paisano ] && [ -x tests/fuzz/fuzz_render ]; then
	expect "fuzz render target lays out and renders its regression inputs without a crash" 0 \
	    tests/fuzz/fuzz_render -runs=0 tests/fuzz/regress-render
fi
