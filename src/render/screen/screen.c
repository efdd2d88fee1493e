/*
 * screen.c: the display list painted with cairo: PNG pages and the contact sheet.  The screen
 * PDF is written without cairo, by tagged.c (screen_render hands it over).
 *
 * The pages are painted through the paint interface (device.h): this file is the cairo device.
 * Consecutive words in one font, size and colour (a line, or the lines of a paragraph) go to
 * cairo as one operation (run_add, run_flush).
 *
 * PNG pages are painted by cairo and encoded by png.c: cairo's own writer takes libpng's
 * slowest settings.
 *
 * Memory: struct screen owns the font faces (of the display it last painted), the image table
 * and the glyph, cluster and text buffers that are reused for every run.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "device.h"
#include "image.h"
#include "model.h"
#include "png.h"
#include "screen.h"
#include "tagged.h"
#include "i18n.h"

/* How a page is painted: as a picture, or as a thumbnail of the contact sheet. */
enum page_look { LOOK_PICTURE, LOOK_THUMBNAIL };

struct screen {
	const struct screen_opts *o;		/* the caller's, read at every render */
	const struct display	*d;		/* the display the faces are for */
	cairo_font_face_t	**faces;	/* one per display font */
	GHashTable		*images;	/* path -> cairo_surface_t * */
	GArray			*glyphs;	/* cairo_glyph_t, the run being gathered */
	GArray			*clusters;	/* cairo_text_cluster_t, one per glyph */
	GString			*text;		/* its characters */
	const struct dl_item	*run;		/* its first item (its style), NULL: none */
	cairo_surface_t		*picture;	/* the last PNG page's pixels, reused for the next */
	/* the page being painted */
	cairo_t			*cr;
	enum page_look		 look;
	const char		*agency;
};

/* One FreeType library for every screen: several may paint at once (a build renders languages
 * in parallel), so, as FreeType asks, faces are opened and closed under a lock. */
static FT_Library ft;
static const cairo_user_data_key_t face_key;
G_LOCK_DEFINE_STATIC(ft);

static void
done_face(void *p)
{
	G_LOCK(ft);
	FT_Done_Face(p);
	G_UNLOCK(ft);
}

struct screen *
screen_new(const struct screen_opts *o, GError **err)
{
	struct screen *s;

	if (o == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the screen renderer needs options"));
		return NULL;
	}
	s = g_new0(struct screen, 1);
	s->o = o;
	s->glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
	s->clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
	s->text = g_string_new(NULL);
	s->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)cairo_surface_destroy);
	return s;
}

/* Forgets the display's faces. */
static void
unload(struct screen *s)
{
	for (guint i = 0; s->faces != NULL && s->faces[i] != NULL; i++)
		cairo_font_face_destroy(s->faces[i]);
	g_free(s->faces);
	s->faces = NULL;
	s->d = NULL;
}

/* The display's fonts, loaded once for any number of renders of it.  FALSE with `err` set if a
 * font cannot be read. */
static gboolean
load(struct screen *s, const struct display *d, GError **err)
{
	if (s->d == d)
		return TRUE;
	unload(s);
	if (d->fonts->len == 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the pages use no font"));
		return FALSE;
	}
	s->faces = g_new0(cairo_font_face_t *, d->fonts->len + 1);
	G_LOCK(ft);
	if (ft == NULL && FT_Init_FreeType(&ft) != 0) {
		G_UNLOCK(ft);
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot start FreeType"));
		unload(s);
		return FALSE;
	}
	G_UNLOCK(ft);
	for (guint i = 0; i < d->fonts->len; i++) {
		const struct dl_font *f = d->fonts->pdata[i];
		FT_Face face;
		int bad;

		G_LOCK(ft);
		bad = FT_New_Face(ft, f->path, 0, &face);
		G_UNLOCK(ft);
		if (bad != 0) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    _("cannot read the font %s; check that fonts/ holds the files the template names"), f->path);
			unload(s);
			return FALSE;
		}
		/* Unhinted, as printed: the bytecode hinter was a tenth of a proof's time, and a
		 * vector PDF never hints anyway. */
		s->faces[i] = cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_HINTING);
		cairo_font_face_set_user_data(s->faces[i], &face_key, face, done_face);
	}
	s->d = d;
	return TRUE;
}

void
screen_free(struct screen *s)
{
	if (s == NULL)
		return;
	unload(s);
	g_hash_table_destroy(s->images);
	g_array_free(s->glyphs, TRUE);
	g_array_free(s->clusters, TRUE);
	g_string_free(s->text, TRUE);
	if (s->picture != NULL)
		cairo_surface_destroy(s->picture);
	g_free(s);
}

/* Process colour to screen RGB: the naive complement, good enough for a screen proof. */
static void
set_color_alpha(cairo_t *cr, const struct dl_color *c, double alpha)
{
	cairo_set_source_rgba(cr, (1 - c->c) * (1 - c->k), (1 - c->m) * (1 - c->k), (1 - c->y) * (1 - c->k), alpha);
}

static void
set_color(cairo_t *cr, const struct dl_color *c)
{
	set_color_alpha(cr, c, 1);
}

/* A run's glyphs for cairo, its origin at (x, y); NULL if there are none to draw. */
static cairo_glyph_t *
run_glyphs(const struct screen *s, const struct dl_item *it, double x, double y)
{
	guint n = it->u.text.nglyphs;
	cairo_glyph_t *g;

	if (n == 0 || it->u.text.font < 0 || (guint)it->u.text.font >= s->d->fonts->len)
		return NULL;
	g = g_new(cairo_glyph_t, n);
	for (guint i = 0; i < n; i++) {
		g[i].index = it->u.text.glyphs[i].id;
		g[i].x = x + it->u.text.glyphs[i].x;
		g[i].y = y;
	}
	return g;
}

/* A run whose glyphs are not one per character: drawn without its text (none to extract). */
static void
paint_text(struct screen *s, const struct dl_item *it)
{
	cairo_t *cr = s->cr;
	guint n = it->u.text.nglyphs;
	cairo_glyph_t *g = run_glyphs(s, it, it->u.text.x, it->u.text.y);

	if (g == NULL)
		return;
	set_color(cr, &it->color);
	cairo_set_font_face(cr, s->faces[it->u.text.font]);
	cairo_set_font_size(cr, it->u.text.size);
	cairo_show_glyphs(cr, g, (int)n);
	g_free(g);
}

/* A text item cairo can carry with its characters: each glyph stands for one character. */
static gboolean
one_glyph_per_char(const struct screen *s, const struct dl_item *it)
{
	return it->kind == DL_TEXT && it->u.text.nglyphs > 0 && it->u.text.utf8 != NULL &&
	    it->u.text.font >= 0 && (guint)it->u.text.font < s->d->fonts->len &&
	    (glong)it->u.text.nglyphs == g_utf8_strlen(it->u.text.utf8, -1);
}

/* Whether text item b goes in one cairo operation with a: same font, size and colour. */
static gboolean
same_style(const struct dl_item *a, const struct dl_item *b)
{
	return b->u.text.font == a->u.text.font &&
	    b->u.text.size == a->u.text.size && b->color.c == a->color.c &&
	    b->color.m == a->color.m && b->color.y == a->color.y && b->color.k == a->color.k;
}

/* Appends an item's glyphs, one cluster each, and its characters to the run's buffers. */
static void
add_to_run(struct screen *s, const struct dl_item *it)
{
	const char *p = it->u.text.utf8;
	guint n = it->u.text.nglyphs, at = s->glyphs->len;
	cairo_glyph_t *g;
	cairo_text_cluster_t *cl;

	/* grown once per item and filled in place: a call per glyph was a fifth of dev_glyphs */
	g_array_set_size(s->glyphs, at + n);
	g_array_set_size(s->clusters, at + n);
	g = &g_array_index(s->glyphs, cairo_glyph_t, at);
	cl = &g_array_index(s->clusters, cairo_text_cluster_t, at);
	for (guint i = 0; i < n; i++) {
		const char *next = g_utf8_next_char(p);

		g[i].index = it->u.text.glyphs[i].id;
		g[i].x = it->u.text.x + it->u.text.glyphs[i].x;
		g[i].y = it->u.text.y;
		cl[i].num_bytes = (int)(next - p);
		cl[i].num_glyphs = 1;
		p = next;
	}
	g_string_append(s->text, it->u.text.utf8);
}

/*
 * The run gathered (text items in one style, one glyph per character each) as one
 * cairo_show_text_glyphs, with their clusters so that viewers extract the text.
 */
static void
run_flush(struct screen *s)
{
	const struct dl_item *first = s->run;
	cairo_t *cr = s->cr;

	if (first == NULL)
		return;
	set_color(cr, &first->color);
	cairo_set_font_face(cr, s->faces[first->u.text.font]);
	cairo_set_font_size(cr, first->u.text.size);
	cairo_show_text_glyphs(cr, s->text->str, (int)s->text->len,
	    (const cairo_glyph_t *)(void *)s->glyphs->data, (int)s->glyphs->len,
	    (const cairo_text_cluster_t *)(void *)s->clusters->data, (int)s->clusters->len, 0);
	g_array_set_size(s->glyphs, 0);
	g_array_set_size(s->clusters, 0);
	g_string_truncate(s->text, 0);
	s->run = NULL;
}

/* A text item into the run being gathered: the run is painted first if the item does not go
 * with it. */
static void
run_add(struct screen *s, const struct dl_item *it)
{
	if (s->run != NULL && !same_style(s->run, it))
		run_flush(s);
	if (s->run == NULL)
		s->run = it;
	add_to_run(s, it);
}

/* A run drawn as its glyphs' outlines, stroked, at its angle (the draft stamp): paths, not
 * text, so the page's text extracts the same with it or without it. */
static void
paint_outlined(struct screen *s, const struct dl_item *it)
{
	cairo_t *cr = s->cr;
	guint n = it->u.text.nglyphs;
	cairo_glyph_t *g = run_glyphs(s, it, 0, 0);

	if (g == NULL)
		return;
	cairo_save(cr);
	cairo_translate(cr, it->u.text.x, it->u.text.y);
	cairo_rotate(cr, -dl_text_angle(it));
	cairo_set_font_face(cr, s->faces[it->u.text.font]);
	cairo_set_font_size(cr, it->u.text.size);
	cairo_glyph_path(cr, g, (int)n);
	set_color(cr, &it->color);
	cairo_set_line_width(cr, dl_text_outline(it));
	cairo_stroke(cr);
	cairo_restore(cr);
	g_free(g);
}

static void
paint_image(struct screen *s, const struct dl_item *it)
{
	cairo_t *cr = s->cr;
	cairo_surface_t *img = g_hash_table_lookup(s->images, it->u.image.path);
	double w, h;

	if (img == NULL) {
		/* Read and checked as the layout did (image.c): a damaged file failed the layout. */
		struct image_info info;
		GBytes *b = image_read(it->u.image.path, &info, NULL);

		img = b != NULL ? png_decode(b) : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 0, 0);
		if (b != NULL)
			g_bytes_unref(b);
		g_free(info.what);
		g_hash_table_insert(s->images, g_strdup(it->u.image.path), img);
	}
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
		return;
	w = cairo_image_surface_get_width(img);
	h = cairo_image_surface_get_height(img);
	if (w <= 0 || h <= 0)
		return;
	cairo_save(cr);
	cairo_translate(cr, it->u.image.x, it->u.image.y);
	cairo_scale(cr, it->u.image.w / w, it->u.image.h / h);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

/* A bundled face, bold if asked and there is one: no system font is ever used. */
static cairo_font_face_t *
face_for(const struct screen *s, gboolean bold)
{
	for (guint i = 0; i < s->d->fonts->len; i++) {
		const struct dl_font *f = s->d->fonts->pdata[i];

		if ((f->bold != 0) == bold && !f->italic)
			return s->faces[i];
	}
	return s->faces[0];
}

/* The bounding box of every item from one block, for proofs. */
struct block_box {
	const struct node	*src;
	double			 x0, y0, x1, y1;
};

static void
item_box(const struct dl_item *it, double *x0, double *y0, double *x1, double *y1)
{
	switch (it->kind) {
	case DL_TEXT: {
		guint n = it->u.text.nglyphs;
		double end = n > 0 ? it->u.text.glyphs[n - 1].x + it->u.text.size * 0.6 : 0;

		*x0 = it->u.text.x;
		*x1 = it->u.text.x + end;
		*y0 = it->u.text.y - it->u.text.size * 0.8;
		*y1 = it->u.text.y + it->u.text.size * 0.25;
		break;
	}
	case DL_RECT:
	case DL_IMAGE:
	case DL_LINK:
		*x0 = it->u.rect.x;
		*y0 = it->u.rect.y;
		*x1 = it->u.rect.x + it->u.rect.w;
		*y1 = it->u.rect.y + it->u.rect.h;
		break;
	case DL_LINE:
		*x0 = MIN(it->u.line.x1, it->u.line.x2);
		*x1 = MAX(it->u.line.x1, it->u.line.x2);
		*y0 = MIN(it->u.line.y1, it->u.line.y2);
		*y1 = MAX(it->u.line.y1, it->u.line.y2);
		break;
	}
}

/* Outline the blocks of one agency and label each with its source file and line (unless the
 * page is a thumbnail, where a label could not be read). */
static void
paint_proof_marks(const struct screen *s, cairo_t *cr, const struct dl_page *p, const char *agency,
    gboolean labels)
{
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(struct block_box));

	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];
		struct block_box *b = NULL;
		double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

		if (it->src == NULL || it->src->agency == NULL || strcmp(it->src->agency, agency) != 0 || it->kind == DL_LINK)
			continue;
		item_box(it, &x0, &y0, &x1, &y1);
		for (guint k = 0; k < boxes->len; k++)
			if (g_array_index(boxes, struct block_box, k).src == it->src)
				b = &g_array_index(boxes, struct block_box, k);
		if (b == NULL) {
			struct block_box nb = { it->src, x0, y0, x1, y1 };

			g_array_append_val(boxes, nb);
			continue;
		}
		b->x0 = MIN(b->x0, x0);
		b->y0 = MIN(b->y0, y0);
		b->x1 = MAX(b->x1, x1);
		b->y1 = MAX(b->y1, y1);
	}
	cairo_save(cr);
	cairo_set_font_face(cr, face_for(s, FALSE));
	cairo_set_font_size(cr, 5);
	cairo_set_line_width(cr, 0.6);
	for (guint k = 0; k < boxes->len; k++) {
		const struct block_box *b = &g_array_index(boxes, struct block_box, k);
		char *label = g_strdup_printf("%s:%d", b->src->pos.file != NULL ? b->src->pos.file : "?", b->src->pos.line);

		cairo_set_source_rgba(cr, 0.85, 0.1, 0.45, 0.9);
		cairo_rectangle(cr, b->x0 - 1.5, b->y0 - 1.5, b->x1 - b->x0 + 3, b->y1 - b->y0 + 3);
		cairo_stroke(cr);
		if (labels) {
			cairo_move_to(cr, b->x0 - 1.5, b->y0 - 2.5);
			cairo_show_text(cr, label);
		}
		g_free(label);
	}
	cairo_restore(cr);
	g_array_free(boxes, TRUE);
}

/* A run of text on a thumbnail, where its letters would be a few pixels high and could not be
 * read: a bar over the run's x-height, in its colour, lighter ("greeking", as layout programs
 * draw small pages).  It shows where the text lies, which is what a thumbnail is for, without
 * rasterising every glyph again at that size. */
static void
paint_greeked(cairo_t *cr, const struct dl_item *it)
{
	guint n = it->u.text.nglyphs;
	double size = it->u.text.size, w;

	if (n == 0)
		return;
	w = it->u.text.glyphs[n - 1].x + size * 0.5;
	set_color_alpha(cr, &it->color, 0.5);
	cairo_rectangle(cr, it->u.text.x, it->u.text.y - size * 0.53, w, size * 0.53);
	cairo_fill(cr);
}

static gboolean
dev_begin_page(void *ctx, const struct dl_page *p, guint i)
{
	(void)ctx;
	(void)p;
	(void)i;
	return TRUE;
}

static void
dev_glyphs(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;

	if (dl_text_outline(it) > 0) {
		run_flush(s);
		paint_outlined(s, it);
	} else if (s->look == LOOK_THUMBNAIL) {
		paint_greeked(s->cr, it);
	} else if (one_glyph_per_char(s, it)) {
		run_add(s, it);
	} else {
		run_flush(s);
		paint_text(s, it);
	}
}

static void
dev_box(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;
	cairo_t *cr = s->cr;

	run_flush(s);
	cairo_rectangle(cr, it->u.rect.x, it->u.rect.y, it->u.rect.w, it->u.rect.h);
	if (it->u.rect.fill) {
		set_color(cr, &it->color);
		if (it->u.rect.stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (it->u.rect.stroke) {
		set_color(cr, &it->u.rect.stroke_color);
		cairo_set_line_width(cr, it->u.rect.line_width);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static void
dev_rule(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;
	cairo_t *cr = s->cr;

	run_flush(s);
	set_color(cr, &it->color);
	cairo_set_line_width(cr, it->u.line.width);
	cairo_move_to(cr, it->u.line.x1, it->u.line.y1);
	cairo_line_to(cr, it->u.line.x2, it->u.line.y2);
	cairo_stroke(cr);
}

static void
dev_image(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;

	run_flush(s);
	paint_image(s, it);
}

static void
dev_end_page(void *ctx, const struct dl_page *p, guint i)
{
	struct screen *s = ctx;

	run_flush(s);
	if (s->agency != NULL && s->d->fonts->len > 0)
		paint_proof_marks(s, s->cr, p, s->agency, s->look != LOOK_THUMBNAIL);
	(void)i;
}

/* The pictures as a device (they have no links). */
static const struct device screen_device = {
	dev_begin_page, dev_glyphs, dev_box, dev_rule, dev_image, NULL, dev_end_page, NULL
};

/* Paints page i of the display on s->cr, as `look` says. */
static void
paint_page(struct screen *s, cairo_t *cr, guint i, enum page_look look, const char *agency)
{
	s->cr = cr;
	s->look = look;
	s->agency = agency;
	device_paint_page(&screen_device, s, s->d, i);
	s->cr = NULL;
}

static gboolean
render_png(struct screen *s, guint page, double dpi, const char *agency, GByteArray *png, GError **err)
{
	const struct display *d = s->d;
	double scale = dpi / 72.0;
	int w = (int)ceil(d->trim_w * scale), h = (int)ceil(d->trim_h * scale);
	cairo_t *cr;

	if (page >= d->pages->len) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("no page %u (the edition has %u)"), page + 1, d->pages->len);
		return FALSE;
	}
	/* one picture's memory for every page: a new one is 4 MB of fresh pages to fault in */
	if (s->picture != NULL && (cairo_image_surface_get_width(s->picture) != w ||
	    cairo_image_surface_get_height(s->picture) != h)) {
		cairo_surface_destroy(s->picture);
		s->picture = NULL;
	}
	if (s->picture == NULL)
		s->picture = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(s->picture);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	paint_page(s, cr, page, LOOK_PICTURE, agency);
	cairo_destroy(cr);
	return png_encode(s->picture, png, err);
}

static gboolean
render_sheet(struct screen *s, const guint *pages, guint npages, guint columns, double dpi,
    const char *agency, GByteArray *png, GError **err)
{
	const struct display *d = s->d;
	double scale = dpi / 72.0, gap = 12, label = 14;
	guint rows = columns > 0 ? (npages + columns - 1) / columns : 0;
	int w, h;
	cairo_surface_t *surf;
	cairo_t *cr;
	gboolean ok;

	if (npages == 0 || columns == 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("no pages for the contact sheet"));
		return FALSE;
	}
	w = (int)ceil(gap + MIN(npages, columns) * (d->trim_w * scale + gap));
	h = (int)ceil(gap + rows * (d->trim_h * scale + gap + label));
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
	cairo_paint(cr);
	for (guint i = 0; i < npages; i++) {
		const struct dl_page *p = pages[i] < d->pages->len ? d->pages->pdata[pages[i]] : NULL;
		double x = gap + (i % columns) * (d->trim_w * scale + gap);
		double y = gap + (i / columns) * (d->trim_h * scale + gap + label);
		char *text;

		if (p == NULL)
			continue;
		cairo_save(cr);
		cairo_translate(cr, x, y);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, 0, 0, d->trim_w * scale, d->trim_h * scale);
		cairo_fill(cr);
		cairo_rectangle(cr, 0, 0, d->trim_w * scale, d->trim_h * scale);
		cairo_clip(cr);
		cairo_scale(cr, scale, scale);
		paint_page(s, cr, pages[i], LOOK_THUMBNAIL, agency);
		cairo_restore(cr);
		/* TRANSLATORS: the contact sheet's label under a page: its page label ("19", "Portada") */
		text = g_strdup_printf(_("p. %s"), p->label != NULL ? p->label : "?");
		cairo_set_font_face(cr, face_for(s, TRUE));
		cairo_set_font_size(cr, 10);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		cairo_move_to(cr, x, y + d->trim_h * scale + 11);
		cairo_show_text(cr, text);
		g_free(text);
	}
	cairo_destroy(cr);
	ok = png_encode(surf, png, err);
	cairo_surface_destroy(surf);
	return ok;
}

gboolean
screen_render(struct screen *s, const struct display *d, GError **err)
{
	const struct screen_opts *o = s->o;

	/* the screen PDF is written without cairo (tagged.c): no faces to load */
	if (o->out == SCREEN_PDF)
		return tagged_write(d, o->path, o->threads > 0 ? (guint)o->threads :
		    (guint)CLAMP(g_get_num_processors(), 1, 4), err);
	if (!load(s, d, err))
		return FALSE;
	switch (o->out) {
	case SCREEN_PDF:
		break;
	case SCREEN_PNG:
		return render_png(s, o->page, o->dpi, o->agency, o->png, err);
	case SCREEN_SHEET:
		return render_sheet(s, o->pages, o->npages, o->columns, o->dpi, o->agency, o->png, err);
	}
	g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("unknown screen output %d"), (int)o->out);
	return FALSE;
}
