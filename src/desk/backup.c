/* backup.c: `paisano desk backup FILE`: a consistent copy of the desk's database while the desk
 * runs, with SQLite's online backup API (one read transaction: the copy is the database as it
 * was at one moment, every submission either whole in it or not at all).  The copy is written
 * beside FILE, checked (PRAGMA integrity_check), synced and renamed into place, so FILE is
 * never half a database. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "desk.h"
#include "i18n.h"

static gint64
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	gint64 n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
backup(const char *data, const char *file)
{
	char *srcpath = g_build_filename(data, "desk.sqlite", NULL), *tmp = g_strdup_printf("%s.tmp-%d", file, (int)getpid());
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int rc = 2, r, fd;
	gint64 subs = -1, users = -1;
	char *check = NULL;

	if (!g_file_test(srcpath, G_FILE_TEST_IS_REGULAR)) {
		fprintf(stderr, _("paisano: no desk database at %s; give the desk's data directory (--data DIR)\n"), srcpath);
		goto out;
	}
	g_unlink(tmp);
	if (sqlite3_open_v2(srcpath, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fprintf(stderr, _("paisano: cannot open %s: %s\n"), src == NULL || sqlite3_errcode(src) != SQLITE_OK ? srcpath : tmp,
		    sqlite3_errmsg(src != NULL && sqlite3_errcode(src) != SQLITE_OK ? src : dst));
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		fprintf(stderr, _("paisano: cannot back up %s: %s\n"), srcpath, sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, so one moment of the database */
	for (int tries = 0; (r = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || r == SQLITE_LOCKED; tries++) {
		if (tries > 600)
			break;
		g_usleep(50000);
	}
	sqlite3_backup_finish(b);
	if (r != SQLITE_DONE) {
		fprintf(stderr, _("paisano: the backup of %s failed: %s\n"), srcpath, sqlite3_errstr(r));
		goto out;
	}
	{
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			check = g_strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (check == NULL || strcmp(check, "ok") != 0) {
		fprintf(stderr, _("paisano: the copy of %s does not pass SQLite's integrity check (%s); nothing was written\n"),
		    srcpath, check != NULL ? check : _("no answer"));
		goto out;
	}
	subs = count(dst, "SELECT count(*) FROM submissions");
	users = count(dst, "SELECT count(*) FROM users");
	sqlite3_close(dst);
	dst = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0 || close(fd) != 0 || g_rename(tmp, file) != 0) {
		fprintf(stderr, _("paisano: cannot write %s: %s\n"), file, g_strerror(errno));
		goto out;
	}
	{
		char *dir = g_path_get_dirname(file);

		if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			fsync(fd);
			close(fd);
		}
		g_free(dir);
	}
	printf(_("paisano: backed up %s to %s ("), srcpath, file);
	printf(ngettext("%lld submission", "%lld submissions", (gulong)subs), (long long)subs);
	printf(ngettext(", %lld account)\n", ", %lld accounts)\n", (gulong)users), (long long)users);
	rc = 0;
out:
	if (dst != NULL)
		sqlite3_close(dst);
	if (src != NULL)
		sqlite3_close(src);
	if (rc != 0)
		g_unlink(tmp);
	g_free(check);
	g_free(tmp);
	g_free(srcpath);
	return rc;
}

/* `paisano desk backup FILE [--data DIR]` */
int
desk_desk_main(int argc, char **argv)
{
	char *data = NULL;
	const GOptionEntry entries[] = {
		{ "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("The desk's data directory (default: desk-data)"), N_("DIR") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(N_("backup FILE"));

	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	GError *err = NULL;
	int rc = 2;

	g_option_context_set_summary(ctx,
	    N_("backup FILE: a consistent copy of the desk's database (DATA/desk.sqlite) in FILE, taken\n"
	    "with SQLite's online backup while the desk runs.  To restore: stop the desk, copy FILE to\n"
	    "DATA/desk.sqlite, remove DATA/desk.sqlite-wal and DATA/desk.sqlite-shm, start the desk."));
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, _("paisano: desk: %s\n"), err->message);
		g_error_free(err);
	} else if (argc != 3 || strcmp(argv[1], "backup") != 0)
		fprintf(stderr, _("paisano: desk takes backup FILE [--data DIR]\n"));
	else
		rc = backup(data != NULL ? data : "desk-data", argv[2]);
	g_option_context_free(ctx);
	g_free(data);
	return rc;
}
