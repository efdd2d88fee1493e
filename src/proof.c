/* proof.c: an agency's pages as PNG proofs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "diag.h"
#include "guide.h"
#include "layout.h"
#include "output.h"
#include "proof.h"
#include "render_screen.h"
#include "template.h"

static gboolean
page_has_agency(const struct dl_page *p, const char *agency)
{
	for (guint i = 0; i < p->items->len; i++) {
		const struct dl_item *it = &g_array_index(p->items, struct dl_item, i);

		if (it->src != NULL && it->src->agency != NULL && strcmp(it->src->agency, agency) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
list_agencies(const struct model *m)
{
	fputs("agencies:", stderr);
	for (guint i = 0; i < m->agencies->len; i++)
		fprintf(stderr, " %s", ((const struct agency *)m->agencies->pdata[i])->id);
	fputc('\n', stderr);
}

int
proof_run(const struct proof_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	struct template *tpl = NULL;
	struct display *d = NULL;
	struct screen *sc = NULL;
	GArray *pages = g_array_new(FALSE, FALSE, sizeof(guint));
	GError *err = NULL;
	char *tpath = NULL, *tmp = NULL;
	int rc;

	if ((rc = guide_edition(&g, o->src_root, o->edition, dl)) != 0)
		goto out;
	rc = 2;
	if (model_agency(g.model, o->agency) == NULL) {
		fprintf(stderr, "paisano: no agency \"%s\" (no %s/agencies/%s.xml)\n", o->agency, g.root, o->agency);
		list_agencies(g.model);
		goto out;
	}
	tpath = g_build_filename(o->templates, "booklet.xml", NULL);
	if ((tpl = template_load(tpath, &err)) == NULL || (d = layout_edition(g.model, tpl, g.root, (enum lang)o->lang, &err)) == NULL ||
	    (sc = screen_new(d, &err)) == NULL)
		goto fail;
	for (guint i = 0; i < d->pages->len; i++)
		if (page_has_agency(d->pages->pdata[i], o->agency))
			g_array_append_val(pages, i);
	if (pages->len == 0) {
		fprintf(stderr, "paisano: agency \"%s\" has no content in edition %s; add its sections to the manifest to see them\n",
		    o->agency, g.model->edition->id);
		rc = 1;
		goto out;
	}
	if (g_mkdir_with_parents(o->outdir, 0755) != 0) {
		fprintf(stderr, "paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n",
		    o->outdir, g_strerror(errno));
		goto out;
	}
	/* The proofs replace the previous ones whole: no stale page survives a change. */
	tmp = g_strdup_printf("%s.tmp-XXXXXX", o->outdir);
	if (g_mkdtemp_full(tmp, 0755) == NULL) {
		fprintf(stderr, "paisano: cannot write next to %s: %s\n", o->outdir, g_strerror(errno));
		goto out;
	}
	for (guint i = 0; i < pages->len; i++) {
		guint p = g_array_index(pages, guint, i);
		const struct dl_page *pg = d->pages->pdata[p];
		char *name = g_strdup_printf("%s/%s-p%03u.png", tmp, o->agency, pg->number > 0 ? (guint)pg->number : p + 1);
		gboolean ok = screen_render_png(sc, p, o->dpi, o->agency, name, &err);

		g_free(name);
		if (!ok)
			goto fail;
	}
	{
		char *sheet = g_strdup_printf("%s/%s-contact-sheet.png", tmp, o->agency);
		gboolean ok = screen_render_sheet(sc, (const guint *)(void *)pages->data, pages->len,
		    MIN(pages->len, 6), 28, o->agency, sheet, &err);

		g_free(sheet);
		if (!ok)
			goto fail;
	}
	if (!output_swap_dir(tmp, o->outdir, &err))
		goto fail;
	g_free(tmp);
	tmp = NULL;
	if (!o->quiet) {
		printf("%s: %u page%s of %s in %s:", o->agency, pages->len, pages->len == 1 ? "" : "s",
		    g.model->edition->version, o->outdir);
		for (guint i = 0; i < pages->len; i++) {
			const struct dl_page *pg = d->pages->pdata[g_array_index(pages, guint, i)];

			printf(" %s", pg->label != NULL ? pg->label : "?");
		}
		putchar('\n');
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "paisano: proof failed: %s\n", err != NULL ? err->message : "unknown error");
	rc = 2;
out:
	if (tmp != NULL) {
		output_clean_stale(o->outdir);	/* nothing */
		g_rmdir(tmp);
	}
	g_clear_error(&err);
	g_free(tmp);
	g_free(tpath);
	g_array_free(pages, TRUE);
	screen_free(sc);
	display_free(d);
	template_free(tpl);
	guide_close(&g);
	diag_list_free(dl);
	return rc;
}
