/* publish.c: `paisano publish`, from a final, signed-off edition to its published snapshot. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "diag.h"
#include "guide.h"
#include "publish.h"
#include "render.h"
#include "snapshot.h"

/* The revision recorded in a snapshot file, 0 if it cannot be read. */
static guint
snapshot_revision(const char *path)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	guint rev = 0;

	if (guide_open_snapshot(&g, path, dl) == 0 && g.model->edition != NULL)
		rev = g.model->edition->revision;
	guide_close(&g);
	diag_list_free(dl);
	return rev;
}

int
publish_run(const struct publish_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	int rc = 2;
	char *dir = NULL, *path = NULL, *old = NULL, *log = NULL, *bytes = NULL;
	gsize len = 0, oldlen = 0;
	GError *err = NULL;
	const char *edition = o->edition;

	rc = guide_open(&g, o->src_root, edition, NULL, dl);
	if (rc == 0) {
		struct check_opts opts = { g.root };

		check_model(g.model, &opts, dl);
		diag_sort(dl);
		if (g.model->edition == NULL)
			rc = 2;
	}
	if (rc != 0)
		goto done;
	if (g.model->edition->status != STATUS_FINAL || diag_worst(dl) == DIAG_ERROR) {
		fprintf(stderr, "paisano: cannot publish %s:\n", edition);
		if (g.model->edition->status != STATUS_FINAL)
			fprintf(stderr, "%s:%d:%d: the edition is a draft; set status=\"final\" once every agency has signed off\n",
			    g.model->edition->pos.file, g.model->edition->pos.line, g.model->edition->pos.col);
		diag_print_text(dl, stderr);
		diag_print_summary(dl, stderr, g.files->len);
		rc = 1;
		goto done;
	}
	snapshot_stamp(g.model);
	bytes = snapshot_write(g.model, &len);
	{
		/* Build every output first: an edition whose outputs cannot be made is not published. */
		struct build_opts bo = { 0 };
		int brc;

		bo.src_root = g.root;
		bo.templates = o->templates;
		bo.edition = g.model->edition->id;
		bo.outdir = o->outdir;
		bo.outputs = OUT_PRINT | OUT_SCREEN | OUT_HTML;
		bo.verbosity = 0;
		bo.progress = isatty(fileno(stderr));
		if ((brc = render_module()->build_run(&bo)) != 0) {
			fprintf(stderr, "paisano: cannot publish %s: the build failed (see above)\n", edition);
			rc = brc;
			goto done;
		}
	}
	dir = g_build_filename(g.root, "published", NULL);
	path = g_strdup_printf("%s/%s.model.xml", dir, g.model->edition->id);
	if (g_file_get_contents(path, &old, &oldlen, NULL)) {
		guint oldrev = snapshot_revision(path);

		if (oldlen == len && memcmp(old, bytes, len) == 0) {
			printf("%s is already published and unchanged: %s\n", g.model->edition->version, path);
			rc = 0;
			goto done;
		}
		if (oldrev >= g.model->edition->revision) {
			fprintf(stderr, "paisano: cannot publish %s: revision %u is already published in %s with "
			    "different content; raise revision= in the manifest to publish a new one\n",
			    edition, oldrev, path);
			rc = 1;
			goto done;
		}
	}
	if (g_mkdir_with_parents(dir, 0755) != 0 || !g_file_set_contents(path, bytes, (gssize)len, &err)) {
		fprintf(stderr, "paisano: cannot write %s: %s\n", path, err != NULL ? err->message : g_strerror(errno));
		g_clear_error(&err);
		rc = 2;
		goto done;
	}
	{
		char *date = model_date_iso(g.model->edition->date), *line, *prev = NULL, *all;

		log = g_build_filename(dir, "log.tsv", NULL);
		line = g_strdup_printf("%s\t%u\t%s\t%s\n", g.model->edition->id, g.model->edition->revision,
		    g.model->edition->hash, date);
		if (!g_file_get_contents(log, &prev, NULL, NULL))
			prev = g_strdup("# edition\trevision\tsha256\tdate\n");
		all = g_strconcat(prev, line, NULL);
		if (!g_file_set_contents(log, all, -1, &err)) {
			fprintf(stderr, "paisano: cannot write %s: %s\n", log, err->message);
			g_clear_error(&err);
			rc = 2;
		} else {
			printf("published %s: %s\n", g.model->edition->version, path);
			rc = 0;
		}
		g_free(all);
		g_free(prev);
		g_free(line);
		g_free(date);
	}
done:
	guide_close(&g);
	diag_list_free(dl);
	g_free(dir);
	g_free(path);
	g_free(old);
	g_free(log);
	g_free(bytes);
	return rc;
}
