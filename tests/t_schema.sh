# t_schema.sh: the schema as the editors' tools see it; sourced by run.sh with $P and $tag.
# Jing is the RelaxNG validator inside oXygen (and the reference one): it must accept the schema
# and every source file, as paisano does.  Every element and attribute carries a Spanish
# a:documentation that XML editors show on hover and in completion.

if [ "$tag" = paisano ]; then
	if command -v jing > /dev/null 2>&1; then
		# jing's launcher warns about optional jars it cannot find: only its verdict counts.
		jing guide-src/schema/paisano.rng guide-src/agencies/*.xml guide-src/editions/*.xml \
		    guide-src/published/*.model.xml > "$out/jing" 2>&1
		rc=$?
		grep -v '^\[warning\]' "$out/jing" > "$out/jing.errors"
		if [ "$rc" -eq 0 ] && [ ! -s "$out/jing.errors" ]; then
			ok "$tag schema: jing accepts the schema and every source file"
		else
			notok "$tag schema: jing accepts the schema and every source file" "exit $rc; $(head -n 10 "$out/jing.errors")"
		fi
		# and jing, like paisano, rejects a mistake
		sed 's|<short>ANAM</short>|<short>ANAM</short><bogus/>|' guide-src/agencies/anam.xml > "$out/jing-bad.xml"
		if jing guide-src/schema/paisano.rng "$out/jing-bad.xml" > "$out/jing" 2>&1; then
			notok "$tag schema: jing rejects an unknown element" "$(cat "$out/jing")"
		else
			ok "$tag schema: jing rejects an unknown element"
		fi
	else
		notok "$tag schema: jing is installed (sh .ci/deps)"
	fi
	if python3 - guide-src/schema/paisano.rng > "$out/schema-docs" 2>&1 <<'PY'
import sys
import xml.etree.ElementTree as ET
RNG = "{http://relaxng.org/ns/structure/1.0}"
A = "{http://relaxng.org/ns/compatibility/annotations/1.0}documentation"
bad = []
for el in ET.parse(sys.argv[1]).iter():
    if el.tag in (RNG + "element", RNG + "attribute"):
        doc = el.find(A)
        if doc is None or len((doc.text or "").split()) < 3:
            bad.append(f'<{el.tag[len(RNG):]} name="{el.get("name")}">')
if bad:
    print("without a:documentation:", " ".join(bad))
    sys.exit(1)
PY
	then ok "$tag schema: every element and attribute is documented (a:documentation)"
	else notok "$tag schema: every element and attribute is documented (a:documentation)" "$(cat "$out/schema-docs")"; fi
fi

# The editors' guide (guide-src/LEEME.md, in Spanish) shows every element of the schema.
if python3 - guide-src/schema/paisano.rng guide-src/LEEME.md > "$out/leeme" 2>&1 <<'PY'
import sys
import xml.etree.ElementTree as ET
RNG = "{http://relaxng.org/ns/structure/1.0}"
names = {el.get("name") for el in ET.parse(sys.argv[1]).iter(RNG + "element")}
guide = open(sys.argv[2], encoding="utf-8").read()
missing = sorted(n for n in names if f"<{n}>" not in guide and f"<{n} " not in guide and f"<{n}/" not in guide)
if missing:
    print("not in LEEME.md:", " ".join(missing))
    sys.exit(1)
PY
then ok "$tag schema: LEEME.md shows every element of the schema"
else notok "$tag schema: LEEME.md shows every element of the schema" "$(cat "$out/leeme")"; fi
