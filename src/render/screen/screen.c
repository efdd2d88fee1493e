/*
 * screen.c: the display list painted with cairo: the screen PDF and PNG pages.
 *
 * The pages are painted through the paint interface (device.h): this file is the cairo device.
 * cairo 1.16's PDF defects are mended in cairo_fixes.c.
 *
 * Consecutive words in one font, size and colour (a line, or the lines of a paragraph) go to
 * cairo as one operation (run_add, run_flush): cairo's PDF surface records every operation, replays
 * it once to analyse the page and once to write it, and keeps the union of their boxes as a
 * region; one operation per word made that most of the stage's time.  cairo writes the glyphs
 * into the same text object and TJ arrays either way.
 *
 * PNG pages are painted by cairo and encoded by png.c: cairo's own writer takes libpng's
 * slowest settings.
 *
 * Memory: struct screen owns the font faces (of the display it last painted), the image and
 * destination tables and the glyph, cluster and text buffers that are reused for every run.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "cairo_fixes.h"
#include "device.h"
#include "image.h"
#include "model.h"
#include "output.h"
#include "png.h"
#include "screen.h"
#include "tagged.h"
#include "words.h"
#include "i18n.h"

/* cairo's output gathered: it writes a million pieces of a few bytes for the 1,028-page
 * booklet, each a g_byte_array_append (5 % of the stage): they go through a buffer. */
struct sink {
	GByteArray	*bytes;
	guint		 n;
	guint8		 buf[65536];
};

static void
sink_flush(struct sink *k)
{
	g_byte_array_append(k->bytes, k->buf, k->n);
	k->n = 0;
}

/* How a page is painted: into the screen PDF (with its links), as a picture, or as a thumbnail
 * of the contact sheet. */
enum page_look { LOOK_PDF, LOOK_PICTURE, LOOK_THUMBNAIL };

/* An item of a page and where it is read. */
struct order_key {
	guint	key;
	guint	index;
};

struct screen {
	const struct screen_opts *o;		/* the caller's, read at every render */
	const struct display	*d;		/* the display the faces and destinations are for */
	GHashTable		*dests;		/* "pPAGE-yY" destinations links and bookmarks point at */
	GPtrArray		*page_dests;	/* per page, a GPtrArray of its names in dests, sorted */
	cairo_font_face_t	**faces;	/* one per display font */
	GHashTable		*images;	/* path -> cairo_surface_t * */
	GArray			*glyphs;	/* cairo_glyph_t, the run being gathered */
	GArray			*clusters;	/* cairo_text_cluster_t, one per glyph */
	GString			*text;		/* its characters */
	const struct dl_item	*run;		/* its first item (its style), NULL: none */
	cairo_surface_t		*picture;	/* the last PNG page's pixels, reused for the next */
	/* the page being painted */
	cairo_t			*cr;
	cairo_surface_t		*surface;	/* the screen PDF's */
	enum page_look		 look;
	const char		*agency;
	/* the screen PDF's structure (tag_sync) */
	guint			*key;		/* per element (by seq): its first leaf in reading order */
	GArray			*order;		/* struct order_key, a page's items sorted */
	struct dl_page		 sorted;	/* the page being painted, in reading order */
	GPtrArray		*links;		/* its link items (in sorted), in that order */
	GPtrArray		*open;		/* struct dl_elem *: the tags open, outermost first */
	GPtrArray		*names;		/* their tag names */
	GPtrArray		*pending;	/* const struct dl_item *: links of the open leaf */
	GPtrArray		*begun;		/* per structure tag begun: its struct dl_elem * or NULL */
	GPtrArray		*begun_in;	/* per tag begun: the leaf a Link goes inside, or NULL */
	const struct dl_item	*inline_link;	/* the link whose words are painted (its tag open
						 * in cairo instead of the leaf's), or NULL */
	GHashTable		*inlined;	/* the page's link items painted with their words */
	struct sink		*sink;		/* the screen PDF's bytes so far */
	struct fix_ahead	*ahead;		/* its pages' content compressed ahead, or NULL */
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
	s->order = g_array_new(FALSE, FALSE, sizeof(struct order_key));
	s->sorted.items = g_array_new(FALSE, FALSE, sizeof(struct dl_item));
	s->links = g_ptr_array_new();
	s->open = g_ptr_array_new();
	s->names = g_ptr_array_new();
	s->pending = g_ptr_array_new();
	s->begun = g_ptr_array_new();
	s->begun_in = g_ptr_array_new();
	s->inlined = g_hash_table_new(NULL, NULL);
	return s;
}

/* Forgets the display's faces and destinations. */
static void
unload(struct screen *s)
{
	for (guint i = 0; s->faces != NULL && s->faces[i] != NULL; i++)
		cairo_font_face_destroy(s->faces[i]);
	g_free(s->faces);
	s->faces = NULL;
	if (s->dests != NULL)
		g_hash_table_destroy(s->dests);
	s->dests = NULL;
	if (s->page_dests != NULL)
		g_ptr_array_free(s->page_dests, TRUE);
	s->page_dests = NULL;
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
	s->dests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	s->page_dests = g_ptr_array_new_with_free_func((GDestroyNotify)(void *)g_ptr_array_unref);
	for (guint i = 0; i < d->pages->len; i++)
		g_ptr_array_add(s->page_dests, g_ptr_array_new());
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
	g_free(s->key);
	g_array_free(s->order, TRUE);
	g_array_free(s->sorted.items, TRUE);
	g_ptr_array_free(s->links, TRUE);
	g_ptr_array_free(s->open, TRUE);
	g_ptr_array_free(s->names, TRUE);
	g_ptr_array_free(s->pending, TRUE);
	g_ptr_array_free(s->begun, TRUE);
	g_ptr_array_free(s->begun_in, TRUE);
	g_hash_table_destroy(s->inlined);
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

/*
 * Internal targets are named destinations: cairo 1.16.0 drops the destination of a link given
 * as page=N when that page comes later (the contents point forward), but resolves names at the
 * end of the document.
 */
static char *
dest_name(int page, double y)
{
	return g_strdup_printf("p%d-y%.0f", page + 1, y);
}

/* A link attribute string for cairo's tags: quotes and backslashes escaped. */
static char *
link_attrs(const struct dl_item *it)
{
	GString *a = g_string_new(NULL);

	if (it->u.link.uri != NULL) {
		g_string_append(a, "uri='");
		for (const char *p = it->u.link.uri; *p != '\0'; p++) {
			if (*p == '\'' || *p == '\\')
				g_string_append_c(a, '\\');
			g_string_append_c(a, *p);
		}
		g_string_append(a, "'");
	} else {
		char *n = dest_name(it->u.link.page, it->u.link.dest_y);

		g_string_append_printf(a, "dest='%s'", n);
		g_free(n);
	}
	g_string_append_printf(a, " rect=[%.2f %.2f %.2f %.2f]", it->u.link.x, it->u.link.y, it->u.link.w, it->u.link.h);
	return g_string_free(a, FALSE);
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

/* A destination on the list of its page (the name is owned by s->dests); a page outside the
 * document has none. */
static void
add_dest(struct screen *s, int page, double y)
{
	char *name = dest_name(page, y);

	if (page < 0 || (guint)page >= s->page_dests->len || g_hash_table_contains(s->dests, name)) {
		g_free(name);
		return;
	}
	g_hash_table_add(s->dests, name);
	g_ptr_array_add(s->page_dests->pdata[page], name);
}

/* g_ptr_array_sort passes pointers to the elements. */
static gint
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every destination a link or a bookmark points at, listed by page, so each page can declare
 * its own (in name order: the same file every run). */
static void
collect_dests(struct screen *s)
{
	const struct display *d = s->d;

	for (guint i = 0; i < d->pages->len; i++) {
		const struct dl_page *p = d->pages->pdata[i];

		for (guint j = 0; j < p->nitem; j++) {
			const struct dl_item *it = &p->item[j];

			if (it->kind == DL_LINK && it->u.link.uri == NULL)
				add_dest(s, it->u.link.page, it->u.link.dest_y);
		}
	}
	for (guint i = 0; i < d->outline->len; i++) {
		const struct dl_outline *o = &g_array_index(d->outline, struct dl_outline, i);

		add_dest(s, o->page, o->y);
	}
	for (guint i = 0; i < s->page_dests->len; i++)
		g_ptr_array_sort(s->page_dests->pdata[i], by_name);
}

static void
paint_dests(struct screen *s, cairo_t *cr, guint page)
{
	const GPtrArray *mine = s->page_dests->pdata[page];

	for (guint i = 0; i < mine->len; i++) {
		const char *name = mine->pdata[i];
		char *a = g_strdup_printf("name='%s' x=0 y=%s", name, strstr(name, "-y") + 2);

		cairo_tag_begin(cr, CAIRO_TAG_DEST, a);
		cairo_tag_end(cr, CAIRO_TAG_DEST);
		g_free(a);
	}
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

/*
 * The tagged screen PDF.  Each item points at its structure element (display.h: struct
 * dl_elem); painting an item first opens and closes cairo's tags so that the open ones are
 * that element and its ancestors.  cairo 1.16 marks only the content of leaf elements (one
 * with no element inside it), so text only ever goes in leaves, and a link inside a paragraph
 * is written just after the paragraph closes (a Link element inside it would make cairo drop
 * the paragraph's text).  Artifacts close the open leaf: cairo has no way to mark them, so
 * they are painted outside every element, and cairo_fixes.c (fix_cairo_artifacts) marks what
 * is painted there /Artifact in the finished file.  A leaf still open at the end of a page is
 * closed there, and opened again on the next page: cairo makes a second element of it, which
 * cairo_fixes.c joins to the first (continued(): one paragraph, one P).
 */

/* The roles whose elements hold content, not other elements. */
static gboolean
is_leaf(const char *role)
{
	static const char *const leaves[] = { "P", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "LBody",
	    "TH", "TD", "Caption", "Figure", "Link", "Span", NULL };

	for (guint i = 0; leaves[i] != NULL; i++)
		if (strcmp(role, leaves[i]) == 0)
			return TRUE;
	return FALSE;
}

static gboolean
is_artifact(const struct dl_elem *e)
{
	return e != NULL && strcmp(e->role, DL_ARTIFACT) == 0;
}

/* Each element's place in reading order: where the first item drawn inside it comes, over
 * the pages in order.  The layout draws a page's strips in reading order, but it may draw them
 * in another order than it made their elements (a box moved after the paragraph that follows
 * it is read after it). */
static void
order_elements(struct screen *s)
{
	const GPtrArray *el = s->d->elems;
	guint n = 0;

	g_free(s->key);
	s->key = g_new(guint, el->len + 1);
	for (guint i = 0; i < el->len; i++)
		s->key[i] = G_MAXUINT;
	for (guint pg = 0; pg < s->d->pages->len; pg++) {
		const struct dl_page *p = s->d->pages->pdata[pg];

		for (guint i = 0; i < p->nitem; i++, n++) {
			const struct dl_item *it = &p->item[i];

			for (const struct dl_elem *a = it->el; a != NULL && a->seq < el->len; a = a->parent)
				s->key[a->seq] = MIN(s->key[a->seq], n);
		}
	}
}

static gint
by_key(gconstpointer a, gconstpointer b)
{
	const struct order_key *x = a, *y = b;

	return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->index < y->index ? -1 : x->index > y->index);
}

/* Page p's items in reading order, in s->sorted: those of an element in the order the layout
 * drew them; an item with no element stays with the one before it. */
static const struct dl_page *
reading_order(struct screen *s, const struct dl_page *p)
{
	guint key = 0;

	g_array_set_size(s->order, 0);
	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];
		struct order_key k;

		if (it->el != NULL && it->el->seq < s->d->elems->len)
			key = s->key[it->el->seq];
		k.key = key;
		k.index = i;
		g_array_append_val(s->order, k);
	}
	g_array_sort(s->order, by_key);
	g_array_set_size(s->sorted.items, 0);
	for (guint i = 0; i < s->order->len; i++)
		g_array_append_val(s->sorted.items,
		    p->item[g_array_index(s->order, struct order_key, i).index]);
	s->sorted.item = (struct dl_item *)(void *)s->sorted.items->data;	/* what the device reads */
	s->sorted.nitem = s->sorted.items->len;
	s->sorted.number = p->number;
	s->sorted.label = p->label;
	/* the links apart: every text item looks for the one around it (link_around) */
	g_ptr_array_set_size(s->links, 0);
	for (guint i = 0; i < s->sorted.items->len; i++)
		if (g_array_index(s->sorted.items, struct dl_item, i).kind == DL_LINK)
			g_ptr_array_add(s->links, &g_array_index(s->sorted.items, struct dl_item, i));
	return &s->sorted;
}

static const struct dl_elem *
tag_top(const struct screen *s)
{
	return s->open->len > 0 ? s->open->pdata[s->open->len - 1] : NULL;
}

static gboolean
leaf_open(const struct screen *s)
{
	return s->names->len > 0 && is_leaf(s->names->pdata[s->names->len - 1]);
}

/* A link as cairo's Link tag around nothing: its annotation. */
static void
paint_link(struct screen *s, const struct dl_item *it)
{
	char *a = link_attrs(it);

	cairo_tag_begin(s->cr, CAIRO_TAG_LINK, a);
	cairo_tag_end(s->cr, CAIRO_TAG_LINK);
	g_ptr_array_add(s->begun, NULL);
	g_ptr_array_add(s->begun_in, NULL);
	g_free(a);
}

/* The link item of element e on the page being painted, or NULL. */
static const struct dl_item *
link_of(const struct screen *s, const struct dl_elem *e)
{
	for (guint i = 0; i < s->links->len; i++) {
		const struct dl_item *it = s->links->pdata[i];

		if (it->el == e)
			return it;
	}
	return NULL;
}

/* Opens e's tag (NULL: the document's). */
static void
tag_open(struct screen *s, const struct dl_elem *e)
{
	const char *name = e != NULL ? e->role : "Document";
	char *a = NULL;

	if (e != NULL && strcmp(name, "Link") == 0) {
		const struct dl_item *l = link_of(s, e);

		if (l != NULL)
			a = link_attrs(l);
		else
			name = "Span";
	}
	cairo_tag_begin(s->cr, name, a != NULL ? a : "");
	g_free(a);
	g_ptr_array_add(s->open, (gpointer)e);
	g_ptr_array_add(s->names, (gpointer)name);
	g_ptr_array_add(s->begun, (gpointer)e);
	g_ptr_array_add(s->begun_in, NULL);
}

/* The words of a link inside a paragraph: the paragraph's tag is closed and the link's opened
 * (cairo_fixes.c puts the Link element inside the paragraph's, in its place, and joins the
 * paragraph's parts).  it: the link, NULL: back to the paragraph. */
static void
inline_link(struct screen *s, const struct dl_item *it)
{
	const struct dl_elem *e = tag_top(s);
	const char *name = s->names->pdata[s->names->len - 1];

	if (it == s->inline_link)
		return;
	run_flush(s);
	if (s->inline_link != NULL) {
		cairo_tag_end(s->cr, CAIRO_TAG_LINK);
		s->inline_link = NULL;
		cairo_tag_begin(s->cr, name, "");
		g_ptr_array_add(s->begun, (gpointer)e);
		g_ptr_array_add(s->begun_in, NULL);
	}
	if (it != NULL) {
		char *a = link_attrs(it);

		cairo_tag_end(s->cr, name);
		cairo_tag_begin(s->cr, CAIRO_TAG_LINK, a);
		g_ptr_array_add(s->begun, NULL);
		g_ptr_array_add(s->begun_in, (gpointer)e);
		g_hash_table_add(s->inlined, (gpointer)it);
		s->inline_link = it;
		g_free(a);
	}
}

/* The link of the open leaf (a paragraph, a list item's body, a cell...) whose box holds text
 * item t, or NULL. */
static const struct dl_item *
link_around(const struct screen *s, const struct dl_item *t)
{
	if (t->el == NULL || strcmp(t->el->role, "Link") == 0 || strcmp(t->el->role, "Span") == 0 ||
	    strcmp(t->el->role, "Figure") == 0)
		return NULL;
	for (guint i = 0; i < s->links->len; i++) {
		const struct dl_item *it = s->links->pdata[i];

		if (it->el == t->el && t->u.text.x >= it->u.link.x - 0.5 &&
		    t->u.text.x < it->u.link.x + it->u.link.w && t->u.text.y >= it->u.link.y &&
		    t->u.text.y <= it->u.link.y + it->u.link.h)
			return it;
	}
	return NULL;
}

/* Closes the innermost tag; a leaf's links follow it. */
static void
tag_close(struct screen *s)
{
	const char *name = s->names->pdata[s->names->len - 1];

	if (s->inline_link != NULL) {
		cairo_tag_end(s->cr, CAIRO_TAG_LINK);
		s->inline_link = NULL;
	} else
		cairo_tag_end(s->cr, name);
	g_ptr_array_set_size(s->open, s->open->len - 1);
	g_ptr_array_set_size(s->names, s->names->len - 1);
	if (is_leaf(name)) {
		for (guint i = 0; i < s->pending->len; i++)
			if (!g_hash_table_contains(s->inlined, s->pending->pdata[i]))
				paint_link(s, s->pending->pdata[i]);
		g_ptr_array_set_size(s->pending, 0);
	}
}

/* The tags open made those of element e and its ancestors; the run gathered is painted
 * first if they change. */
static void
tag_sync(struct screen *s, const struct dl_elem *e)
{
	const struct dl_elem *chain[64];
	guint n = 0, common = 1;

	if (e == tag_top(s) && s->open->len > 0)
		return;
	for (const struct dl_elem *a = e; a != NULL && n < G_N_ELEMENTS(chain); a = a->parent)
		chain[n++] = a;
	/* open[0] is the document; open[k] should be chain[n - k] */
	while (common < s->open->len && common <= n && s->open->pdata[common] == chain[n - common])
		common++;
	run_flush(s);
	while (s->open->len > common)
		tag_close(s);
	for (guint k = common; k <= n; k++)
		tag_open(s, chain[n - k]);
}

/* Before an item of the screen PDF is painted: its element's tags. */
static void
structure(struct screen *s, const struct dl_item *it)
{
	if (s->look != LOOK_PDF || it->el == NULL)
		return;
	if (is_artifact(it->el)) {
		if (leaf_open(s)) {
			run_flush(s);
			tag_close(s);
		}
	} else
		tag_sync(s, it->el);
}

static gboolean
dev_begin_page(void *ctx, const struct dl_page *p, guint i)
{
	struct screen *s = ctx;

	if (s->look == LOOK_PDF) {
		/* the page's items are new (s->sorted): so are its links painted with their words */
		g_hash_table_remove_all(s->inlined);
		if (i == 0)
			tag_open(s, NULL);
		if (p->label != NULL)
			cairo_pdf_surface_set_page_label(s->surface, p->label);
		paint_dests(s, s->cr, i);
	}
	return TRUE;
}

static void
dev_glyphs(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;

	structure(s, it);
	if (s->look == LOOK_PDF && it->el != NULL && leaf_open(s) && tag_top(s) == it->el)
		inline_link(s, link_around(s, it));
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

	structure(s, it);
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

	structure(s, it);
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

	structure(s, it);
	run_flush(s);
	paint_image(s, it);
}

/* Links are tags of the screen PDF; pictures have none.  A Link element's link goes with its
 * words (tag_open); another waits for the leaf around it to close. */
static void
dev_link(void *ctx, const struct dl_item *it)
{
	struct screen *s = ctx;

	if (s->look != LOOK_PDF)
		return;
	if ((it->el != NULL && strcmp(it->el->role, "Link") == 0) || g_hash_table_contains(s->inlined, it))
		return;
	if (leaf_open(s)) {
		g_ptr_array_add(s->pending, (gpointer)it);
		return;
	}
	run_flush(s);
	paint_link(s, it);
}

static void
dev_end_page(void *ctx, const struct dl_page *p, guint i)
{
	struct screen *s = ctx;

	run_flush(s);
	if (s->agency != NULL && s->d->fonts->len > 0)
		paint_proof_marks(s, s->cr, p, s->agency, s->look != LOOK_THUMBNAIL);
	if (s->look == LOOK_PDF) {
		if (leaf_open(s))
			tag_close(s);
		if (i + 1 == s->d->pages->len)
			while (s->open->len > 0)
				tag_close(s);
		cairo_show_page(s->cr);
		if (s->ahead != NULL) {
			sink_flush(s->sink);
			fix_ahead_scan(s->ahead, s->sink->bytes);
		}
	}
}

/* The screen PDF and the pictures as a device. */
static const struct device screen_device = {
	dev_begin_page, dev_glyphs, dev_box, dev_rule, dev_image, dev_link, dev_end_page, NULL
};

/* Paints page i of the display on s->cr, as `look` says. */
static void
paint_page(struct screen *s, cairo_t *cr, guint i, enum page_look look, const char *agency)
{
	s->cr = cr;
	s->look = look;
	s->agency = agency;
	if (look == LOOK_PDF)
		device_paint_items(&screen_device, s, reading_order(s, s->d->pages->pdata[i]), i);
	else
		device_paint_page(&screen_device, s, s->d, i);
	s->cr = NULL;
}

static cairo_status_t
to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *k = closure;

	if (k->n + len > sizeof(k->buf))
		sink_flush(k);
	if (len >= sizeof(k->buf))
		g_byte_array_append(k->bytes, data, len);
	else {
		memcpy(k->buf + k->n, data, len);
		k->n += len;
	}
	return CAIRO_STATUS_SUCCESS;
}

static char *
iso_date(gint64 t)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(t);
	char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");

	g_date_time_unref(dt);
	return s;
}

/* What each structure element needs that cairo 1.16 does not write (its alternate text,
 * a header cell's scope, a list's numbering, its language), per tag begun, in order. */
static GPtrArray *
structure_extras(const struct screen *s)
{
	GPtrArray *x = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < s->begun->len; i++) {
		const struct dl_elem *e = s->begun->pdata[i];
		GString *a = g_string_new(NULL);

		if (e != NULL && e->alt != NULL) {
			char *t = pdf_text_string(e->alt);

			g_string_append_printf(a, " /Alt %s", t);
			g_free(t);
		}
		if (e != NULL && e->column)
			g_string_append(a, " /A << /O /Table /Scope /Column >>");
		if (e != NULL && e->list != NULL)
			g_string_append_printf(a, " /A << /O /List /ListNumbering /%s >>", e->list);
		if (e != NULL && e->lang != NULL)
			g_string_append_printf(a, " /Lang (%s)", e->lang);
		g_ptr_array_add(x, a->len > 0 ? g_string_free(a, FALSE) : (g_string_free(a, TRUE), NULL));
	}
	return x;
}

/* Per structure tag begun, the earlier tag of the same element it continues (a leaf closed at
 * the end of a page, by an artifact or by a link's words, and opened again); for a link's
 * words, -2 - the tag of the paragraph they go inside; otherwise -1. */
static GArray *
continued(const struct screen *s)
{
	GArray *c = g_array_sized_new(FALSE, FALSE, sizeof(gint), s->begun->len);
	GHashTable *first = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < s->begun->len; i++) {
		const struct dl_elem *e = s->begun->pdata[i];
		gpointer at;
		gint v = -1;

		const struct dl_elem *in = s->begun_in->pdata[i];

		if (e != NULL && is_leaf(e->role)) {
			if (g_hash_table_lookup_extended(first, e, NULL, &at))
				v = GPOINTER_TO_INT(at);
			else
				g_hash_table_insert(first, (gpointer)e, GINT_TO_POINTER((gint)i));
		} else if (in != NULL && g_hash_table_lookup_extended(first, in, NULL, &at))
			v = -2 - GPOINTER_TO_INT(at);
		g_array_append_val(c, v);
	}
	g_hash_table_destroy(first);
	return c;
}

/* Each destination's description for the links to it ("Página 23": its page's label), in the
 * document's language. */
static GHashTable *
dest_words(const struct screen *s)
{
	enum lang l = LANG_ES;
	GHashTable *w = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	GHashTableIter it;
	gpointer name;

	if (s->d->lang == NULL || !model_lang_parse(s->d->lang, &l))
		l = LANG_ES;
	g_hash_table_iter_init(&it, s->dests);
	while (g_hash_table_iter_next(&it, &name, NULL)) {
		unsigned page;

		if (sscanf(name, "p%u-", &page) == 1 && page >= 1 && page <= s->d->pages->len) {
			const struct dl_page *p = s->d->pages->pdata[page - 1];
			char num[16];

			g_snprintf(num, sizeof(num), "%u", page);
			g_hash_table_insert(w, name, g_strdup_printf(words_for(l)->to_page, p->label != NULL ? p->label : num));
		}
	}
	return w;
}

static gboolean
render_pdf(struct screen *s, const char *path, GError **err)
{
	const struct display *d = s->d;
	struct sink *sink = g_new(struct sink, 1);
	GByteArray *bytes = sink->bytes = g_byte_array_new();
	cairo_surface_t *surf;
	cairo_t *cr;
	char *date = iso_date(d->date);
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	guint threads = s->o->threads > 0 ? (guint)s->o->threads : (guint)CLAMP(g_get_num_processors(), 1, 4);
	gboolean ok;

	sink->n = 0;
	s->sink = sink;
	s->ahead = fix_ahead_new(threads);
	surf = cairo_pdf_surface_create_for_stream(to_bytes, sink, d->trim_w, d->trim_h);
	cr = cairo_create(surf);
	collect_dests(s);
	order_elements(s);
	g_ptr_array_set_size(s->open, 0);
	g_ptr_array_set_size(s->names, 0);
	g_ptr_array_set_size(s->pending, 0);
	g_ptr_array_set_size(s->begun, 0);
	g_ptr_array_set_size(s->begun_in, 0);
	g_hash_table_remove_all(s->inlined);
	s->inline_link = NULL;
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title != NULL ? d->title : "");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, "Programa Paisano");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, d->version != NULL ? d->version : "");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "paisano");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
	s->surface = surf;
	for (guint i = 0; i < d->pages->len; i++)
		paint_page(s, cr, i, LOOK_PDF, NULL);
	s->surface = NULL;
	for (guint i = 0; i < d->outline->len; i++) {
		const struct dl_outline *o = &g_array_index(d->outline, struct dl_outline, i);
		char *n = dest_name(o->page, o->y), *a = g_strdup_printf("dest='%s'", n);
		int id = cairo_pdf_surface_add_outline(surf, o->level <= 1 ? CAIRO_PDF_OUTLINE_ROOT : parent,
		    o->title, a, 0);

		if (o->level <= 1)
			parent = id;
		g_free(a);
		g_free(n);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	sink_flush(sink);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cairo could not write the screen PDF: %s"),
		    cairo_status_to_string(cairo_surface_status(surf)));
		ok = FALSE;
	} else {
		GPtrArray *extras = structure_extras(s);
		GHashTable *words = dest_words(s);
		GArray *cont = continued(s);

		fix_cairo_xref(bytes);
		bytes = fix_cairo_artifacts(bytes, cont, threads, s->ahead);
		g_array_free(cont, TRUE);
		fix_cairo_tagged(bytes, d->lang, d->title, extras, words);
		g_hash_table_destroy(words);
		g_ptr_array_unref(extras);
		ok = output_write(path, bytes->data, bytes->len, err);
	}
	cairo_surface_destroy(surf);
	fix_ahead_free(s->ahead);
	s->ahead = NULL;
	s->sink = NULL;
	g_byte_array_free(bytes, TRUE);
	g_free(sink);
	g_free(date);
	return ok;
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

	if (!load(s, d, err))
		return FALSE;
	switch (o->out) {
	case SCREEN_PDF:
		/* the writer without cairo, while it is tried (PAISANO_TAGGED=1) */
		if (g_getenv("PAISANO_TAGGED") != NULL)
			return tagged_write(d, o->path, o->threads > 0 ? (guint)o->threads :
			    (guint)CLAMP(g_get_num_processors(), 1, 4), err);
		return render_pdf(s, o->path, err);
	case SCREEN_PNG:
		return render_png(s, o->page, o->dpi, o->agency, o->png, err);
	case SCREEN_SHEET:
		return render_sheet(s, o->pages, o->npages, o->columns, o->dpi, o->agency, o->png, err);
	}
	g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("unknown screen output %d"), (int)o->out);
	return FALSE;
}
