/* output.c: atomic output files. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <nettle/sha2.h>

#include "output.h"
#include "i18n.h"

static gboolean
fail(GError **err, const char *path, int e)
{
	const char *why = e == ENOSPC || e == EDQUOT ? "the disk is full (no space left on the device); free some space and build again" :
	    e == EFBIG ? "the file is larger than this system allows (File too large)" : g_strerror(e);
	const char *hint = e == EACCES || e == EROFS || e == EPERM ? "; choose a directory you can write to (-o DIR)" : "";

	g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), _("cannot write %s: %s%s"), path, why, hint);
	return FALSE;
}

static gboolean
write_all(int fd, const char *p, gsize len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		p += n;
		len -= (gsize)n;
	}
	return TRUE;
}

/* output_defer_sync(): this thread's files are flushed later, by output_sync(). */
static _Thread_local gboolean defer_sync;

void
output_defer_sync(gboolean defer)
{
	defer_sync = defer;
}

gboolean
output_sync(const char *path, GError **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), e;

	if (fd < 0)
		return fail(err, path, errno);
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		return fail(err, path, e);
	}
	close(fd);
	return TRUE;
}

gboolean
output_write(const char *path, const void *data, gsize len, GError **err)
{
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	char *tmp = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
	int fd, e;
	gboolean named = FALSE;

	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		/* No O_TMPFILE here: a hidden temporary name instead. */
		if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644)) < 0)
			goto error;
		named = TRUE;
	}
	if (!write_all(fd, data, len))
		goto error;
	if (defer_sync)
		sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);	/* the write-back starts now */
	else if (fsync(fd) != 0)
		goto error;
	if (!named) {
		char proc[64];

		/* Give the finished file a temporary name, then rename it over the target. */
		g_snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		for (int tries = 0; ; tries++) {
			char *t = g_strdup_printf("%s/.%s.tmp-%06x", dir, base, g_random_int() & 0xffffff);

			g_free(tmp);
			tmp = t;
			if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST || tries > 8)
				goto error;
		}
		named = TRUE;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto error;
	}
	fd = -1;
	if (g_rename(tmp, path) != 0)
		goto error;
	g_free(dir);
	g_free(base);
	g_free(tmp);
	return TRUE;
error:
	e = errno;
	if (fd >= 0)
		close(fd);
	if (named)
		g_unlink(tmp);
	g_free(dir);
	g_free(base);
	g_free(tmp);
	return fail(err, path, e);
}

gboolean
output_write_staged(const char *path, const void *data, gsize len, GError **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), e;

	if (fd < 0)
		return fail(err, path, errno);
	if (!write_all(fd, data, len)) {
		e = errno;
		close(fd);
		return fail(err, path, e);
	}
	if (close(fd) != 0)
		return fail(err, path, errno);
	return TRUE;
}

static void
remove_tree(const char *path)
{
	GDir *d;
	const char *name;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR) || g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
		g_unlink(path);
		return;
	}
	if ((d = g_dir_open(path, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			char *p = g_build_filename(path, name, NULL);

			remove_tree(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

void
output_test_point(const char *name)
{
	const char *at = g_getenv("PAISANO_TEST_KILL_AT");

	if (at != NULL && strcmp(at, name) == 0)
		raise(SIGKILL);
}

/*
 * The complete `tmpdir` takes the place of `path` in one step where the system can exchange two
 * names (renameat2 RENAME_EXCHANGE): `path` always names a whole directory, the old or the new,
 * and the old one, now at `tmpdir`, is removed after (a kill before that leaves it as a staging
 * leftover, which output_clean_stale() and the build remove).  Elsewhere, two renames: the old
 * one aside as PATH.old-XXXXXX, the new one in; output_recover() puts the old one back if the
 * program stops between them.
 */
gboolean
output_swap_dir(const char *tmpdir, const char *path, GError **err)
{
	char *old;
	gboolean had = g_file_test(path, G_FILE_TEST_EXISTS);

	if (had && renameat2(AT_FDCWD, tmpdir, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
		output_test_point("swap");
		remove_tree(tmpdir);
		return TRUE;
	}
	old = g_strdup_printf("%s.old-%06x", path, g_random_int() & 0xffffff);

	if (had && g_rename(path, old) != 0) {
		int e = errno;

		g_free(old);
		return fail(err, path, e);
	}
	output_test_point("swap");
	if (g_rename(tmpdir, path) != 0) {
		int e = errno;

		if (had)
			g_rename(old, path);
		g_free(old);
		return fail(err, path, e);
	}
	if (had)
		remove_tree(old);
	g_free(old);
	return TRUE;
}

void
output_clean_stale(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (d == NULL)
		return;
	while ((name = g_dir_read_name(d)) != NULL)
		if ((name[0] == '.' && strstr(name, ".tmp-") != NULL) || strstr(name, ".old-") != NULL) {
			char *p = g_build_filename(dir, name, NULL);

			remove_tree(p);
			g_free(p);
		}
	g_dir_close(d);
}

void
output_recover(const char *outdir)
{
	GDir *d = g_dir_open(outdir, 0, NULL);
	const char *name, *mark;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *id, *final, *old, *lockpath;
		int lock;

		if ((mark = strstr(name, ".old-")) == NULL || mark == name || name[0] == '.')
			continue;
		id = g_strndup(name, (gsize)(mark - name));
		final = g_build_filename(outdir, id, NULL);
		old = g_build_filename(outdir, name, NULL);
		lockpath = g_strdup_printf("%s/.%s.lock", outdir, id);
		/* Only when no build of that edition is running (it holds the lock while it swaps). */
		if (!g_file_test(final, G_FILE_TEST_EXISTS) &&
		    (lock = open(lockpath, O_CREAT | O_RDWR | O_CLOEXEC, 0644)) >= 0) {
			if (flock(lock, LOCK_EX | LOCK_NB) == 0 && !g_file_test(final, G_FILE_TEST_EXISTS) &&
			    g_rename(old, final) == 0)
				fprintf(stderr, _("paisano: put back %s, left aside by an interrupted build\n"), final);
			close(lock);
		}
		g_free(lockpath);
		g_free(old);
		g_free(final);
		g_free(id);
	}
	if (d != NULL)
		g_dir_close(d);
}

void
output_remove(const char *path)
{
	remove_tree(path);
}

/* Nettle's SHA-256 uses the processor's SHA instructions where it has them: GLib's took 6 %
 * of a build, hashing every output for the manifest. */
char *
output_sha256_data(const void *data, gsize len)
{
	struct sha256_ctx c;
	guint8 md[SHA256_DIGEST_SIZE];
	char *hex = g_malloc(2 * SHA256_DIGEST_SIZE + 1);
	const guint8 *p = data;

	sha256_init(&c);
	/* nettle's length is a size_t: fed in pieces all the same, as GLib takes any gsize */
	while (len > 0) {
		size_t n = MIN(len, (gsize)1 << 30);

		sha256_update(&c, n, p);
		p += n;
		len -= n;
	}
	sha256_digest(&c, SHA256_DIGEST_SIZE, md);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
	return hex;
}

char *
output_sha256(const char *path, gsize *size)
{
	gchar *data;
	gsize len;
	char *h;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	h = output_sha256_data(data, len);
	if (size != NULL)
		*size = len;
	g_free(data);
	return h;
}

gboolean
output_link(const char *from, const char *to, GError **err)
{
	char *data;
	gsize len;
	gboolean ok;

	if (link(from, to) == 0)
		return TRUE;
	if (!g_file_get_contents(from, &data, &len, err))
		return FALSE;
	ok = output_write(to, data, len, err);
	g_free(data);
	return ok;
}
