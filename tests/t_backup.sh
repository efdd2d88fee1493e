# t_backup.sh: `paisano desk backup FILE` during submissions, and a desk restored from it
# (tests/desk/backup.py); sourced by run.sh with $P and $tag set.
backup_out=$out/backup-$tag
rm -rf "$backup_out"
mkdir -p "$backup_out"
timeout 600 python3 tests/desk/backup.py "$P" "$backup_out" > "$backup_out/backup.tap" 2> "$backup_out/backup.err"
rc=$?
tap "$tag backup" "$backup_out/backup.tap" "$backup_out/backup.err"
if [ "$tap_n" -lt 8 ] || [ "$rc" -gt 1 ]; then
	notok "$tag backup: the tests ran to the end" "exit $rc, $tap_n results; $(tail -n 20 "$backup_out/backup.err")"
fi
! grep -q '^not ok' "$backup_out/backup.tap" && rm -rf "$backup_out"
