/* pages.c: `paisano pages`, the laid-out pages as text (pages.h). */
#include <math.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "build.h"
#include "guide.h"
#include "layout.h"
#include "output.h"
#include "pages.h"
#include "screen.h"
#include "i18n.h"

/* FreeType faces of the display's fonts, for the nominal advances the dump reports. */
struct faces {
	FT_Library	 lib;
	FT_Face		 face[8];
	double		*adv[8];	/* advance per glyph at 1 pt, -1 = not loaded yet */
	guint		 n;
};

static gboolean
faces_open(struct faces *F, const struct display *d, GError **err)
{
	memset(F, 0, sizeof(*F));
	if (FT_Init_FreeType(&F->lib) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot start FreeType"));
		return FALSE;
	}
	for (guint i = 0; i < d->fonts->len && i < G_N_ELEMENTS(F->face); i++) {
		const struct dl_font *f = d->fonts->pdata[i];

		if (FT_New_Face(F->lib, f->path, 0, &F->face[i]) != 0) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: cannot open the font"), f->path);
			return FALSE;
		}
		F->adv[i] = g_new(double, F->face[i]->num_glyphs);
		for (long k = 0; k < F->face[i]->num_glyphs; k++)
			F->adv[i][k] = -1;
		F->n = i + 1;
	}
	return TRUE;
}

static void
faces_close(struct faces *F)
{
	for (guint i = 0; i < F->n; i++) {
		if (F->face[i] != NULL)
			FT_Done_Face(F->face[i]);
		g_free(F->adv[i]);
	}
	if (F->lib != NULL)
		FT_Done_FreeType(F->lib);
}

/* The nominal advance of a glyph, in points. */
static double
advance(const struct faces *F, int font, guint32 glyph, double size)
{
	FT_Face f = font >= 0 && (guint)font < F->n ? F->face[font] : NULL;
	double *a;

	if (f == NULL || glyph >= (guint32)f->num_glyphs)
		return 0;
	a = &F->adv[font][glyph];
	if (*a < 0)
		*a = FT_Load_Glyph(f, glyph, FT_LOAD_NO_SCALE) != 0 ? 0 :
		    (double)f->glyph->metrics.horiAdvance / f->units_per_EM;
	return *a * size;
}

static double
run_end(const struct faces *F, const struct dl_item *it)
{
	guint n = it->u.text.nglyphs;

	return n == 0 ? it->u.text.x : it->u.text.x + it->u.text.glyphs[n - 1].x +
	    advance(F, it->u.text.font, it->u.text.glyphs[n - 1].id, it->u.text.size);
}

static void
dump_src(FILE *fp, const struct node *n)
{
	const char *base;

	if (n == NULL) {
		fputs("-", fp);
		return;
	}
	base = n->pos.file != NULL ? strrchr(n->pos.file, '/') : NULL;
	fprintf(fp, "%s:%d:%d", base != NULL ? base + 1 : n->pos.file != NULL ? n->pos.file : "?",
	    n->pos.line, n->pos.col);
	if (n->id != NULL)
		fprintf(fp, "#%s", n->id);
}

static int
item_x_cmp(gconstpointer a, gconstpointer b)
{
	const struct dl_item *x = *(const struct dl_item *const *)a, *y = *(const struct dl_item *const *)b;

	return x->u.text.x < y->u.text.x ? -1 : x->u.text.x > y->u.text.x;
}

/* The id of the heading a link lands on: the first tagged line at or below its target. */
static const char *
landing(const struct display *d, int page, double y)
{
	const struct dl_page *p;
	const char *best = NULL;
	double by = 1e9;

	if (page < 0 || (guint)page >= d->pages->len)
		return NULL;
	p = d->pages->pdata[page];
	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];

		if (it->kind == DL_TEXT && it->src != NULL && it->src->id != NULL &&
		    it->u.text.y >= y - 0.01 && it->u.text.y < by) {
			by = it->u.text.y;
			best = it->src->id;
		}
	}
	return best;
}

/* A link's line: its URI, or the page and the heading it lands on. */
static void
dump_link(FILE *fp, const struct display *d, const struct dl_item *it)
{
	const char *to;

	if (it->u.link.uri != NULL) {
		fprintf(fp, "  link y=%.2f %s\n", it->u.link.y, it->u.link.uri);
		return;
	}
	to = landing(d, it->u.link.page, it->u.link.dest_y);
	fprintf(fp, "  link y=%.2f -> %d #%s\n", it->u.link.y, it->u.link.page + 1, to != NULL ? to : "?");
}

void
pages_dump(const struct display *d, const struct template *t, FILE *fp)
{
	struct faces F;
	GPtrArray *line = g_ptr_array_new();

	if (!faces_open(&F, d, NULL)) {
		faces_close(&F);
		g_ptr_array_free(line, TRUE);
		return;
	}
	fprintf(fp, "trim %.2f x %.2f bleed %.2f fonts %u title \"%s\" version \"%s\" date %" G_GINT64_FORMAT
	    " draft %d\n", d->trim_w, d->trim_h, d->bleed, d->fonts->len, d->title, d->version, d->date,
	    d->draft);
	for (guint pi = 0; pi < d->pages->len; pi++) {
		const struct dl_page *p = d->pages->pdata[pi];
		double left = pi % 2 == 0 ? t->inner : t->outer;
		guint counts[DL_KINDS] = { 0 };

		for (guint i = 0; i < p->nitem; i++)
			counts[p->item[i].kind]++;
		fprintf(fp, "page %u [%s] folio=%d items=%u col=%.2f-%.2f rects=%u lines=%u images=%u\n",
		    pi + 1, p->label, p->number, p->nitem, left, left + template_column(t),
		    counts[DL_RECT], counts[DL_LINE], counts[DL_IMAGE]);
		for (guint o = 0; o < d->outline->len; o++) {
			const struct dl_outline *ol = &g_array_index(d->outline, struct dl_outline, o);

			if (ol->page == (int)pi)
				fprintf(fp, "  outline %d y=%.2f %s\n", ol->level, ol->y, ol->title);
		}
		for (guint i = 0; i < p->nitem;) {
			const struct dl_item *it = &p->item[i];
			double x0 = 1e9, x1 = -1e9, prev = -1e9;
			guint j;

			if (it->kind == DL_LINK) {
				dump_link(fp, d, it);
				i++;
				continue;
			}
			if (it->kind != DL_TEXT) {
				i++;
				continue;
			}
			/* a line: the text runs on this baseline from this block, links aside */
			g_ptr_array_set_size(line, 0);
			for (j = i; j < p->nitem; j++) {
				const struct dl_item *k = &p->item[j];

				if (k->kind == DL_LINK)
					continue;
				if (k->kind != DL_TEXT || fabs(k->u.text.y - it->u.text.y) > 0.01 || k->src != it->src)
					break;
				g_ptr_array_add(line, (gpointer)k);
			}
			g_ptr_array_sort(line, item_x_cmp);
			for (guint k = 0; k < line->len; k++) {
				const struct dl_item *w = line->pdata[k];

				x0 = MIN(x0, w->u.text.x);
				x1 = MAX(x1, run_end(&F, w));
			}
			fprintf(fp, "  y=%.2f x=%.2f-%.2f @", it->u.text.y, x0, x1);
			dump_src(fp, it->src);
			fputs(" |", fp);
			for (guint k = 0; k < line->len; k++) {
				const struct dl_item *w = line->pdata[k];

				fprintf(fp, "%s%s", w->u.text.x > prev + 0.5 ? " " : "", w->u.text.utf8);
				prev = run_end(&F, w);
			}
			fputc('\n', fp);
			/* links among the line's items come after it */
			for (guint k = i; k < j; k++) {
				const struct dl_item *l = &p->item[k];

				if (l->kind == DL_LINK)
					dump_link(fp, d, l);
			}
			i = j;
		}
	}
	/* the one line for people; the lines above are a format, the same in every language */
	fprintf(fp, ngettext("%u page\n", "%u pages\n", d->pages->len), d->pages->len);
	g_ptr_array_free(line, TRUE);
	faces_close(&F);
}


/* Every page painted by the screen renderer as dir/page-NNN.png. */
static gboolean
pages_png(const struct display *d, const char *dir, GError **err)
{
	GByteArray *bytes = g_byte_array_new();
	struct screen_opts so = { .out = SCREEN_PNG, .png = bytes, .dpi = 100 };
	struct screen *sc = screen_new(&so, err);
	gboolean ok = sc != NULL && g_mkdir_with_parents(dir, 0755) == 0;

	for (guint i = 0; ok && i < d->pages->len; i++) {
		char *name = g_strdup_printf("%s/page-%03u.png", dir, i + 1);

		g_byte_array_set_size(bytes, 0);
		so.page = i;
		ok = screen_render(sc, d, err) &&
		    output_write(name, bytes->data, bytes->len, err);
		g_free(name);
	}
	g_byte_array_free(bytes, TRUE);
	screen_free(sc);
	if (!ok && err != NULL && *err == NULL)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot create %s"), dir);
	return ok;
}

int
pages_run(const struct pages_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	struct template *t = NULL;
	struct display *d = NULL;
	GError *err = NULL;
	gint64 t0;
	int rc = 2;

	if ((t = template_load(o->template != NULL ? o->template : "templates/booklet.xml", &err)) == NULL)
		goto fail;
	if (o->hyphenate != NULL) {
		char *h = layout_hyphenate(t, (enum lang)o->lang, o->hyphenate, &err);

		if (h == NULL)
			goto fail;
		printf("%s\n", h);
		g_free(h);
		rc = 0;
		goto out;
	}
	if ((rc = guide_edition(&g, o->src_root, o->edition, dl, &err)) != 0) {
		guide_print_error(&g, dl, err, stderr);
		g_clear_error(&err);
		goto done;
	}
	t0 = g_get_monotonic_time();
	if ((d = layout_edition(g.model, t, g.root, (enum lang)o->lang, build_threads(o->jobs), &err)) == NULL)
		goto fail;
	t0 = g_get_monotonic_time() - t0;
	pages_dump(d, t, stdout);
	if (o->feet) {
		/* where each page's flow ends, and whether it should reach the text block's foot */
		printf("text block foot %.2f\n", t->trim_h - t->bottom);
		for (guint i = 0; i < d->pages->len; i++) {
			const struct dl_page *p = d->pages->pdata[i];

			if (p->flush)
				printf("foot %u %.2f flush room=%.2f next=%.2f%s\n", i + 1, p->foot, p->room, p->next,
				    p->next_box ? " box" : "");
			else
				printf("foot %u %.2f ragged\n", i + 1, p->foot);
		}
	}
	if (o->timing)
		printf(_("layout %.1f ms\n"), t0 / 1000.0);
	if (o->png != NULL && !pages_png(d, o->png, &err))
		goto fail;
	rc = 0;
	goto done;
fail:
	fprintf(stderr, _("paisano: %s\n"), err->message);
	g_error_free(err);
	rc = 2;
done:
	guide_close(&g);
out:
	display_free(d);
	template_free(t);
	diag_list_free(dl);
	return rc;
}
