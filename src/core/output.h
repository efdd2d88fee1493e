/* output.h: writing output files so that no partial file is ever visible.
 *
 * output_write() writes the bytes to an unnamed file in the target's directory (O_TMPFILE),
 * flushes it, and only then gives it a name and renames it over the target: a build killed at
 * any moment leaves either the old file or the new one, never half of one.  Where O_TMPFILE is
 * not supported it falls back to a hidden ".NAME.tmp-XXXXXX" file renamed into place;
 * output_clean_stale() removes such leftovers of a killed build.
 */
#ifndef PAISANO_OUTPUT_H
#define PAISANO_OUTPUT_H

#include <glib.h>

gboolean	 output_write(const char *path, const void *data, gsize len, GError **err);
/* For the calling thread: output_write() starts the file's write-back but does not wait for
 * it; the caller flushes the files later with output_sync(), before they count (the build:
 * before its staging directory is swapped in), so that a task's thread goes on computing
 * while the disk writes. */
void		 output_defer_sync(gboolean defer);
/* Flushes a file written so to disk (fsync); FALSE with `err` set as output_write() would. */
gboolean	 output_sync(const char *path, GError **err);
/* A file in a staging directory that nothing reads until output_swap_dir() puts it in place
 * whole: written under its own name, and not flushed to disk (for proofs, which the next save
 * makes again; a crash of the program leaves the staging directory, not a half-written file). */
gboolean	 output_write_staged(const char *path, const void *data, gsize len, GError **err);
/* Replace directory `path` by `tmpdir` (already complete): the old one is removed after. */
gboolean	 output_swap_dir(const char *tmpdir, const char *path, GError **err);
void		 output_clean_stale(const char *dir);
/* Put back DIR/EDITION/ where a swap was interrupted between moving the old outputs aside and
 * the new ones in (only for editions no build holds the lock of): every command that writes
 * outputs calls it first. */
void		 output_recover(const char *outdir);
/* The file `from` again at `to`: a hard link, or a copy written as output_write() does (across
 * file systems, or where links are refused). */
gboolean	 output_link(const char *from, const char *to, GError **err);
/* Tests: PAISANO_TEST_KILL_AT=NAME kills the program (SIGKILL) at the point called NAME. */
void		 output_test_point(const char *name);
/* Remove a file or a directory tree. */
void		 output_remove(const char *path);
/* SHA-256 of a file, hex (g_free), or NULL. */
char		*output_sha256(const char *path, gsize *size);
/* SHA-256 of bytes, lowercase hex as g_compute_checksum_for_data() gives it (g_free). */
char		*output_sha256_data(const void *data, gsize len);

#endif
