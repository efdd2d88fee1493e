#!/bin/sh
# record.sh BIN: re-record tests/identity/expected.sha256 after a change that is meant to alter
# the outputs (say why in the commit).  Run from the top of the repository.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
for snap in tests/identity/*.model.xml; do
	"$1" build -q --snapshot "$snap" -o "$d"
done
(cd "$d" && find . -type f ! -name manifest.json ! -name '.*' | sed 's|^\./||' | sort | xargs sha256sum) > tests/identity/expected.sha256
cat tests/identity/expected.sha256
