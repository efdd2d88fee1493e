# t_identity.sh: the outputs of both bundled editions stay byte for byte what they were when the
# hashes in tests/identity/expected.sha256 were recorded; sourced by run.sh with $P and $tag.
#
# The two snapshots in tests/identity/ are the bundled editions as they were then (so later
# changes to guide-src/ do not move them).  A change meant to alter the outputs re-records the
# hashes with `sh tests/identity/record.sh bin/paisano` and says why in its commit message.

idn=$out/identity
rm -rf "$idn"
for snap in tests/identity/*.model.xml; do
	e=$(basename "$snap" .model.xml)
	expect "$tag identity: $e builds from its frozen snapshot" 0 "$P" build -q --snapshot "$snap" -o "$idn"
done
(cd "$idn" && find . -type f ! -name manifest.json ! -name '.*' | sed 's|^\./||' | sort | xargs sha256sum) > "$out/identity.sha256"
while read -r sum file; do
	got=$(grep -F "  $file" "$out/identity.sha256" | cut -d' ' -f1)
	if [ "$got" = "$sum" ]; then ok "$tag identity: $file is byte-identical"
	else notok "$tag identity: $file is byte-identical" "recorded $sum, got ${got:-no file}"; fi
done < tests/identity/expected.sha256
cut -d' ' -f3 tests/identity/expected.sha256 > "$out/identity.want"
if cut -d' ' -f3 "$out/identity.sha256" | diff -u "$out/identity.want" - > "$out/identity.diff" 2>&1; then
	ok "$tag identity: the same set of files"
else
	notok "$tag identity: the same set of files" "$(cat "$out/identity.diff")"
fi
