#!/bin/sh
# signoffs-rerecord.sh BIN [SRC]: sign off the bundled editions' current content again, keeping
# each agency's editor and date (for the sample sources only: after a change to guide-src/ that
# is meant, such as a new image or a corrected number, the bundled sign-offs go stale).
# Real sign-offs are recorded by their editors: paisano signoff, or the desk.
set -eu
P=${1:?usage: sh tests/signoffs-rerecord.sh bin/paisano [guide-src]}
SRC=${2:-guide-src}
for ed in "$SRC"/editions/*.xml; do
	id=$(basename "$ed" .xml)
	rm -rf "$SRC/signoffs/$id"
	python3 - "$ed" <<'PYEOF' | while IFS='	' read -r agency editor date; do
import re, sys
for m in re.finditer(r'<signoff agency="([^"]+)" editor="([^"]+)" date="([^"]+)"', open(sys.argv[1], encoding="utf-8").read()):
    print("\t".join(m.groups()))
PYEOF
		"$P" signoff --src "$SRC" --edition "$id" --agency "$agency" --editor "$editor" --date "$date" > /dev/null
	done
done
"$P" check --src "$SRC" --edition 2026-invierno | tail -1
