#!/bin/sh
# regen.sh: after an intended change to the layout, the HTML, the snapshot or the diff, rewrite
# the expected files of their corpora (tests/t_corpus.sh) from bin/paisano.  Review the
# changes (git diff tests/) before committing them.
cd "$(dirname "$0")/.." || exit 2
make -s bin/paisano || exit 2
REGEN=1 TESTS=tests/t_corpus.sh exec sh tests/run.sh bin/paisano
