/* publish.c: `paisano publish`, from a final, signed-off edition to its published snapshot.
 *
 * Everything that can refuse is decided before anything is built or written: the edition is
 * final, has no check errors, every agency's sign-off covers its current content, the published
 * snapshot on file is the one log.tsv records, and the revision is new.  Only then are the
 * outputs built (out/EDITION/ is replaced whole, or left as it was) and the publication recorded.
 *
 * log.tsv is the commit point.  The new snapshot is first written beside its final name as
 * ID.model.xml.pending, then the log line (written whole, atomically), then the pending file is
 * renamed into place.  publish_recover() finishes or undoes an interrupted publication: a pending
 * file whose hash the log records is renamed into place, any other is removed.  So a kill at any
 * moment leaves the snapshot and its log line both or neither.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "build.h"
#include "check.h"
#include "diag.h"
#include "guide.h"
#include "output.h"
#include "publish.h"
#include "snapshot.h"
#include "i18n.h"

#define LOG_HEADER	"# edition\trevision\tsha256\tdate\tpublished\tby\n"
#define LOG_HEADER_V1	"# edition\trevision\tsha256\tdate\n"
#define PENDING		".pending"

struct log_rec {
	char	*edition;
	guint	 revision;
	char	*sha256;
};

static void
rec_free(gpointer p)
{
	struct log_rec *r = p;

	g_free(r->edition);
	g_free(r->sha256);
	g_free(r);
}

/* The records of log.tsv, in order (an empty list when there is no log). */
static GPtrArray *
log_read(const char *path, char **text)
{
	GPtrArray *recs = g_ptr_array_new_with_free_func(rec_free);
	char *buf = NULL, **lines;

	if (!g_file_get_contents(path, &buf, NULL, NULL)) {
		if (text != NULL)
			*text = NULL;
		return recs;
	}
	lines = g_strsplit(buf, "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		char **f;

		if ((*l)[0] == '#' || (*l)[0] == '\0')
			continue;
		f = g_strsplit(*l, "\t", -1);
		if (g_strv_length(f) >= 3) {
			struct log_rec *r = g_new0(struct log_rec, 1);

			r->edition = g_strdup(f[0]);
			r->revision = (guint)g_ascii_strtoull(f[1], NULL, 10);
			r->sha256 = g_strdup(f[2]);
			g_ptr_array_add(recs, r);
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	if (text != NULL)
		*text = buf;
	else
		g_free(buf);
	return recs;
}

static const struct log_rec *
log_last(const GPtrArray *recs, const char *edition)
{
	for (guint i = recs->len; i-- > 0; ) {
		const struct log_rec *r = recs->pdata[i];

		if (strcmp(r->edition, edition) == 0)
			return r;
	}
	return NULL;
}

static char *
file_sha256(const char *path)
{
	return output_sha256(path, NULL);
}

gboolean
publish_recover(const char *dir, GError **err)
{
	char *log = g_build_filename(dir, "log.tsv", NULL);
	GPtrArray *recs = NULL;
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	gboolean ok = TRUE;

	if (d == NULL) {
		g_free(log);
		return TRUE;
	}
	output_clean_stale(dir);
	while (ok && (name = g_dir_read_name(d)) != NULL) {
		char *pending, *final, *id, *h;
		const struct log_rec *r;

		if (!g_str_has_suffix(name, ".model.xml" PENDING))
			continue;
		if (recs == NULL)
			recs = log_read(log, NULL);
		pending = g_build_filename(dir, name, NULL);
		final = g_strndup(pending, strlen(pending) - strlen(PENDING));
		id = g_strndup(name, strlen(name) - strlen(".model.xml" PENDING));
		h = file_sha256(pending);
		r = log_last(recs, id);
		if (h != NULL && r != NULL && strcmp(r->sha256, h) == 0) {
			/* recorded in the log: the publication happened; finish it */
			if (g_rename(pending, final) != 0) {
				g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
				    _("cannot finish the interrupted publication of %s: %s"), final, g_strerror(errno));
				ok = FALSE;
			} else
				fprintf(stderr, _("paisano: finished the interrupted publication of %s r%u: %s\n"),
				    id, r->revision, final);
		} else if (g_unlink(pending) != 0 && errno != ENOENT) {
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
			    _("cannot remove %s, left by an interrupted publication: %s"), pending, g_strerror(errno));
			ok = FALSE;
		}
		g_free(h);
		g_free(id);
		g_free(final);
		g_free(pending);
	}
	g_dir_close(d);
	if (recs != NULL)
		g_ptr_array_free(recs, TRUE);
	g_free(log);
	return ok;
}

gboolean
publish_verify_snapshot(const char *path, GError **err)
{
	char *dir = g_path_get_dirname(path), *dirname = g_path_get_basename(dir);
	char *base = g_path_get_basename(path), *log = g_build_filename(dir, "log.tsv", NULL);
	char *id = NULL, *h = NULL;
	GPtrArray *recs = NULL;
	const struct log_rec *r;
	gboolean ok = TRUE;

	/* Only published snapshots: those in a published/ directory or beside a log.tsv. */
	if (!g_str_has_suffix(base, ".model.xml") ||
	    (strcmp(dirname, "published") != 0 && !g_file_test(log, G_FILE_TEST_EXISTS)))
		goto out;
	if (!publish_recover(dir, err)) {
		ok = FALSE;
		goto out;
	}
	id = g_strndup(base, strlen(base) - strlen(".model.xml"));
	recs = log_read(log, NULL);
	if ((r = log_last(recs, id)) == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		    _("%s: %s has no record of edition %s; a snapshot in %s is published by paisano publish, "
		    "which records it there"), path, log, id, dir);
		ok = FALSE;
	} else if ((h = file_sha256(path)) == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: cannot read it"), path);
		ok = FALSE;
	} else if (strcmp(h, r->sha256) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		    _("%s: its SHA-256 is %s, but %s records %s for %s r%u: the published snapshot was changed "
		    "after it was published; restore it (git checkout %s) rather than edit it"), path, h, log,
		    r->sha256, id, r->revision, path);
		ok = FALSE;
	}
out:
	if (recs != NULL)
		g_ptr_array_free(recs, TRUE);
	g_free(h);
	g_free(id);
	g_free(log);
	g_free(base);
	g_free(dirname);
	g_free(dir);
	return ok;
}

/* A name as one field of log.tsv: tabs and line breaks become spaces. */
static char *
log_field(const char *s)
{
	char *v = g_strdup(s != NULL && *s != '\0' ? s : "unknown");

	for (char *p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return v;
}

/* Refuse (1) with the reasons on stderr. */
static int
refuse(const char *edition, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static int
refuse(const char *edition, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, _("paisano: cannot publish %s: "), edition);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(_("\n(nothing was built or written)\n"), stderr);
	return 1;
}

int
publish_run(const struct publish_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	int rc = 2;
	char *dir = NULL, *path = NULL, *pending = NULL, *old = NULL, *log = NULL, *bytes = NULL;
	char *logtext = NULL, *oldhash = NULL;
	GPtrArray *recs = NULL;
	const struct log_rec *last;
	gsize len = 0, oldlen = 0;
	gboolean have_old, same;
	GError *err = NULL;
	const char *edition = o->edition;
	const struct edition *e;

	dir = g_build_filename(o->src_root, "published", NULL);
	if (!publish_recover(dir, &err)) {
		fprintf(stderr, _("paisano: %s\n"), err->message);
		g_clear_error(&err);
		goto done;
	}
	output_recover(o->outdir);
	if ((rc = guide_open(&g, o->src_root, edition, NULL, dl, &err)) != 0)
		guide_print_error(&g, dl, err, stderr);
	g_clear_error(&err);
	if (rc == 0) {
		struct check_opts opts = { g.root, TRUE, NULL };

		check_model(g.model, &opts, dl);
		diag_sort(dl);
		if (g.model->edition == NULL)
			rc = 2;
	}
	if (rc != 0)
		goto done;
	e = g.model->edition;
	if (e->status != STATUS_FINAL || diag_worst(dl) == DIAG_ERROR) {
		fprintf(stderr, _("paisano: cannot publish %s:\n"), edition);
		if (e->status != STATUS_FINAL)
			fprintf(stderr, _("%s:%d:%d: the edition is a draft; set status=\"final\" once every agency has signed off\n"),
			    e->pos.file, e->pos.line, e->pos.col);
		diag_print_text(dl, stderr);
		diag_print_summary(dl, stderr, g.files->len);
		fputs(_("(nothing was built or written)\n"), stderr);
		rc = 1;
		goto done;
	}
	snapshot_stamp(g.model);
	bytes = snapshot_write(g.model, &len);
	path = g_strdup_printf("%s/%s.model.xml", dir, e->id);
	pending = g_strconcat(path, PENDING, NULL);
	log = g_build_filename(dir, "log.tsv", NULL);
	recs = log_read(log, &logtext);
	last = log_last(recs, e->id);
	have_old = g_file_get_contents(path, &old, &oldlen, NULL);
	same = have_old && oldlen == len && memcmp(old, bytes, len) == 0;
	if (have_old)
		oldhash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)old, oldlen);
	if (same && last != NULL && strcmp(last->sha256, e->hash) == 0) {
		printf(_("%s is already published and unchanged: %s\n"), e->version, path);
		rc = 0;
		goto done;
	}
	if (have_old && !same) {
		if (last == NULL) {
			rc = refuse(edition, "%s is not recorded in %s; it was not published by paisano publish: "
			    "remove it or restore the log", path, log);
			goto done;
		}
		if (strcmp(oldhash, last->sha256) != 0) {
			rc = refuse(edition, "%s: its SHA-256 is %s, but %s records %s for %s r%u: the published "
			    "snapshot was changed after it was published; restore it (git checkout %s)",
			    path, oldhash, log, last->sha256, e->id, last->revision, path);
			goto done;
		}
	}
	if (!same && last != NULL && last->revision >= e->revision) {
		rc = refuse(edition, "revision %u is already published in %s with different content; raise "
		    "revision= in the manifest to publish a new one", last->revision, path);
		goto done;
	}
	/* same && not in the log: a publication interrupted before its log line (by an older paisano);
	 * it is completed below, the outputs built again as for any publication. */
	{
		struct build_opts bo = { 0 };
		int brc;

		bo.src_root = g.root;
		bo.templates = o->templates;
		bo.edition = e->id;
		bo.outdir = o->outdir;
		bo.outputs = OUT_PRINT | OUT_SCREEN | OUT_HTML;
		bo.verbosity = 0;
		bo.progress = isatty(fileno(stderr));
		if ((brc = o->build(&bo)) != 0) {
			fprintf(stderr, _("paisano: cannot publish %s: the build failed (see above); nothing was published\n"),
			    edition);
			rc = brc;
			goto done;
		}
	}
	/* 1. the snapshot, beside its place */
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		fprintf(stderr, _("paisano: cannot create %s: %s\n"), dir, g_strerror(errno));
		rc = 2;
		goto done;
	}
	if (!same && !output_write(pending, bytes, len, &err)) {
		fprintf(stderr, _("paisano: %s\n"), err->message);
		g_clear_error(&err);
		rc = 2;
		goto done;
	}
	output_test_point("publish-log");
	/* 2. the log line: the commit point */
	{
		char *date = model_date_iso(e->date), *by = log_field(o->by), *line, *all;
		GDateTime *now = g_date_time_new_now_utc();
		char *when = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
		const char *prev = logtext != NULL ? logtext : LOG_HEADER;

		if (g_str_has_prefix(prev, LOG_HEADER_V1))
			prev += strlen(LOG_HEADER_V1);	/* the header gains its new columns */
		else if (g_str_has_prefix(prev, LOG_HEADER))
			prev += strlen(LOG_HEADER);
		line = g_strdup_printf("%s\t%u\t%s\t%s\t%s\t%s\n", e->id, e->revision, e->hash, date, when, by);
		all = g_strconcat(LOG_HEADER, prev, prev[0] != '\0' && prev[strlen(prev) - 1] != '\n' ? "\n" : "",
		    line, NULL);
		if (!output_write(log, all, strlen(all), &err)) {
			fprintf(stderr, _("paisano: %s\n"), err->message);
			g_clear_error(&err);
			g_unlink(pending);
			rc = 2;
		}
		g_free(all);
		g_free(line);
		g_free(when);
		g_date_time_unref(now);
		g_free(by);
		g_free(date);
		if (rc == 2)
			goto done;
	}
	output_test_point("publish-rename");
	/* 3. the snapshot in its place (publish_recover() does this if we stop before) */
	if (!same && g_rename(pending, path) != 0) {
		fprintf(stderr, _("paisano: cannot rename %s to %s: %s (the next paisano publish finishes it)\n"),
		    pending, path, g_strerror(errno));
		rc = 2;
		goto done;
	}
	printf(_("published %s: %s\n"), e->version, path);
	rc = 0;
done:
	guide_close(&g);
	diag_list_free(dl);
	if (recs != NULL)
		g_ptr_array_free(recs, TRUE);
	g_free(logtext);
	g_free(oldhash);
	g_free(dir);
	g_free(path);
	g_free(pending);
	g_free(old);
	g_free(log);
	g_free(bytes);
	return rc;
}
