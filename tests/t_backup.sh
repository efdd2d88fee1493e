# t_backup.sh: `paisano desk backup FILE` during submissions, and a desk restored from it
# (tests/desk/backup.py); sourced by run.sh with $P and $tag set.
backup_out=$out/backup-$tag
rm -rf "$backup_out"
mkdir -p "$backup_out"
tap_run "$tag backup" "the tests" 8 "$backup_out/backup.tap" timeout 600 python3 tests/desk/backup.py "$P" "$backup_out"
[ "$rc" -le 1 ] && ! grep -q '^not ok' "$backup_out/backup.tap" && rm -rf "$backup_out"
