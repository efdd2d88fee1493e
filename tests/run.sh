#!/bin/sh
# run.sh BIN [BIN...]: the paisano test suite, run once with each build of the program.
#
#   tests/cases/NAME/*.xml + expected   `paisano check FILES` must print exactly `expected`
#                                        (stdout, then a line "exit: N"), and under
#                                        LC_ALL=es_MX.UTF-8 exactly `expected.es`
#   tests/t_*.sh                         shell tests per area (check, layout, print, ...), sourced
#                                        with $P (the program) and $tag set; t_unit.sh runs
#                                        the GTest unit tests of the core (tests/unit.c)
#   tests/layout, html/cases, snapshot, diff  the corpora of the later stages (t_corpus.sh)
#
# TESTS="tests/t_english.sh" sh tests/run.sh bin/paisano runs only those files.
#
# A sanitizer report on stderr fails the test that caused it.  Prints "ok"/"not ok" per test and
# ends with the line "N passed, N failed"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0
# A directory of its own, so that two runs in one checkout do not share files.
out=tests/out/run.$$
rm -rf "$out"
mkdir -p "$out"
export ASAN_OPTIONS=detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
# English unless a test asks for Spanish (LC_ALL=es_MX.UTF-8): LANGUAGE would override LC_ALL
export LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES LANG

ok() { pass=$((pass + 1)); echo "ok - $1"; }
notok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'; }

# spanish_only TREE: a copy of the sources whose editions are published in Spanish only, for
# tests that add Spanish text without its translation
spanish_only() { sed -i 's/ languages="es en"//' "$1"/editions/*.xml; }

# tap PREFIX FILE [DETAILS]: an ok or not ok for each result line of a TAP file, named
# "PREFIX <test>", with the last lines of DETAILS under a failure; $tap_n is how many there were
tap() {
	tap_n=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*) tap_n=$((tap_n + 1)); ok "$1 ${line#ok [0-9]* }" ;;
		"not ok "*) tap_n=$((tap_n + 1)); notok "$1 ${line#not ok [0-9]* }" "$(tail -5 "${3:-/dev/null}")" ;;
		esac
	done < "$2"
}

# tap_run LABEL WHAT MIN TAP CMD...: CMD (a test script over HTTP) writes TAP lines to TAP,
# its stderr to TAP's name with .err; each line is a test under LABEL.  Fewer than MIN results,
# or an exit above 1 (a crash, a timeout), is one more failure, «LABEL: WHAT ran to the end»,
# with the end of its stderr and, if $tap_log names a file, of that file (the desk's log).
# Sets tap_n, and rc: CMD's exit status, or 9 after that failure (the caller keeps the output).
tap_run() {
	tr_label=$1 tr_what=$2 tr_min=$3 tr_tap=$4
	shift 4
	"$@" > "$tr_tap" 2> "${tr_tap%.tap}.err"
	rc=$?
	tap "$tr_label" "$tr_tap" "${tr_tap%.tap}.err"
	if [ "$tap_n" -lt "$tr_min" ] || [ "$rc" -gt 1 ]; then
		notok "$tr_label: $tr_what ran to the end" "exit $rc, $tap_n results; $(tail -n 20 "${tr_tap%.tap}.err")${tap_log:+
desk: $(tail -n 20 "$tap_log" 2> /dev/null)}"
		rc=9
	fi
}

# sanitized FILE: no sanitizer report in a captured stderr
sanitized() { ! grep -q -E 'Sanitizer|runtime error:' "$1"; }

# expect NAME STATUS CMD...: CMD exits with STATUS and no sanitizer report
expect() {
	name=$1 want=$2
	shift 2
	"$@" > "$out/stdout" 2> "$out/stderr"
	got=$?
	if [ "$got" -ne "$want" ]; then
		notok "$name" "exit $got, expected $want; stderr: $(head -c 600 "$out/stderr")"
	elif ! sanitized "$out/stderr"; then
		notok "$name" "$(head -c 2000 "$out/stderr")"
	else
		ok "$name"
	fi
}

# has NAME FILE PATTERN: a fixed string occurs in FILE
has() {
	if grep -q -F -- "$3" "$2"; then ok "$1"; else notok "$1" "no \"$3\" in $2: $(head -c 600 "$2")"; fi
}
hasnt() {
	if grep -q -F -- "$3" "$2"; then notok "$1" "unexpected \"$3\" in $2"; else ok "$1"; fi
}

for bin in "$@"; do
	tag=$(basename "$bin")
	P=$bin

	# TESTS="tests/t_english.sh ..." runs only those files (and no cases): for working on one area
	for dir in tests/cases/*/; do
		[ -z "${TESTS:-}" ] || break
		name=$(basename "$dir")
		[ -f "$dir/expected" ] || { notok "$tag case $name" "no expected file"; continue; }
		# shellcheck disable=SC2046
		"$P" check --src guide-src $(ls "$dir"*.xml) > "$out/case.out" 2> "$out/case.err"
		echo "exit: $?" >> "$out/case.out"
		if ! sanitized "$out/case.err"; then
			notok "$tag case $name" "$(head -c 2000 "$out/case.err")"
		elif diff -u "$dir/expected" "$out/case.out" > "$out/case.diff"; then
			ok "$tag case $name"
		else
			notok "$tag case $name" "$(cat "$out/case.diff")"
		fi
		# the same diagnostics in Spanish (po/es.po), under a Spanish locale: expected.es
		[ -f "$dir/expected.es" ] || { notok "$tag case $name (es)" "no expected.es file"; continue; }
		# shellcheck disable=SC2046
		LC_ALL=es_MX.UTF-8 "$P" check --src guide-src $(ls "$dir"*.xml) > "$out/case.out" 2> "$out/case.err"
		echo "exit: $?" >> "$out/case.out"
		if ! sanitized "$out/case.err"; then
			notok "$tag case $name (es)" "$(head -c 2000 "$out/case.err")"
		elif diff -u "$dir/expected.es" "$out/case.out" > "$out/case.diff"; then
			ok "$tag case $name (es)"
		else
			notok "$tag case $name (es)" "$(cat "$out/case.diff")"
		fi
	done

	for t in ${TESTS:-tests/t_*.sh}; do
		. "$t"
	done
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && rm -rf "$out"
[ "$fail" -eq 0 ]
