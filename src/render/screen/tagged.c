/*
 * tagged.c: the tagged screen PDF, written from the display list through the object writer
 * (pdfw.h), without cairo (tagged.h).
 *
 * The pages are painted through the paint interface (device.h), each page's items in reading
 * order.  Every item that belongs to a structure element is marked content of it
 * ("/P <</MCID n>> BDC ... EMC"), the rest is an artifact ("/Artifact BMC ... EMC"): running
 * heads, folios, decorations, the draft stamp.  One structure element per display element
 * (display.h: struct dl_elem), made the first time an item of it (or of an element inside it)
 * is painted and put after its parent's other children: an element continued overleaf is the
 * same element, its content on two pages (MCR entries naming their page).
 *
 * Links: an element whose role is Link holds its annotation (an OBJR) and its words; a link of
 * a paragraph (a list item's body, a cell) whose words lie inside its box becomes a Link
 * element inside the paragraph, in the place of its words; any other link is a Link element
 * after the element it was drawn in.  Internal links and bookmarks go through named
 * destinations ("pPAGE-yY").
 *
 * Text: one text object per marked-content sequence, a TJ array per line of one font, size and
 * colour, each glyph its 2-byte glyph id (Identity-H), moved where the layout put it when the
 * font's advance does not take it there.  Numbers are written without printf (pdfw.h).
 *
 * Speed: a page's operators go into a buffer, compressed on a thread pool while the next pages
 * are painted; the streams are written in page order at the end, so the bytes do not depend on
 * the threads.
 *
 * Memory: struct tagged owns everything it makes and frees it in tagged_free(); the file's
 * bytes are the writer's until pdfw_finish().
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "device.h"
#include "flate.h"
#include "i18n.h"
#include "image.h"
#include "model.h"
#include "outline.h"
#include "output.h"
#include "pdfw.h"
#include "png.h"
#include "subset.h"
#include "tagged.h"
#include "words.h"

/* The page contents' compression level.  libdeflate's fastest: the Invierno 2026 screen PDF
 * (Spanish) is 911,801 bytes at 1, 868,351 at 6, where cairo's was 1,100,612 (zlib at 6), and
 * its pages' deflate 79 M instructions at 1, 195 M at 6 (the stress edition's 1,155 M at 6 was
 * the stage's largest part). */
#define SCREEN_LEVEL	1

enum { KID_ELEM, KID_MCID, KID_OBJR };

/* What a structure element holds, in order: a list through t->kids (one array for all the
 * elements, not one each: there are thousands). */
struct kid {
	guint	 kind;
	guint	 page;		/* KID_MCID, KID_OBJR: the page */
	guint	 n;		/* the element's index, the MCID, or the annotation's index */
	guint	 next;		/* the element's next kid's index in t->kids, 0: none */
};

struct selem {
	const char		*role;
	const struct dl_elem	*el;		/* NULL: the document, or a link's element */
	guint			 parent;	/* index in t->elems (the document: itself) */
	guint			 page;		/* /Pg: the page of its first content; G_MAXUINT: none */
	guint			 first, last;	/* its kids in t->kids; 0: none */
	unsigned		 obj;
};

struct annot {
	struct dl_item		 it;		/* the link (a copy: the page's items are not kept) */
	guint			 page;
	guint			 elem;
	unsigned		 obj;
};

struct tfont {
	struct pdf_font	*pdf;		/* NULL: not used yet */
	const double	*width;		/* per glyph id: advance in 1/1000 em (the font's) */
	guint32		 nglyphs;
	FT_Face		 face;		/* for outlines (the draft stamp); NULL: not opened */
	unsigned	 obj;
};

struct timg {
	unsigned	 obj;		/* 0: cannot be drawn */
	guint		 index;		/* its name: /Im<index> */
};

/* A page's content compressed (on the pool, or here). */
struct pjob {
	unsigned	 obj;		/* its stream's number */
	GString		*ops;
	guint8		*z;
	gsize		 zlen;
};

struct tagged {
	const struct display	*d;
	double			 H;		/* the page height: y grows up in PDF */
	struct pdfw		*w;
	GError			*err;
	FT_Library		 ft;
	struct tfont		*fonts;
	GHashTable		*images;	/* path -> struct timg * */
	guint			 nimages;
	GArray			*stamps;	/* struct dl_item: the outlined runs drawn (copies: the
					 * page's items are not kept), each once as a form */
	GArray			*stamp_obj;	/* unsigned: its form, /St<index> */
	unsigned		 res, pages_obj;
	unsigned		*page_obj;
	struct pjob		*jobs;
	GThreadPool		*pool;
	/* destinations */
	GHashTable		*dests;		/* name -> its page index + 1 */
	/* structure */
	GArray			*elems;		/* struct selem; [0] the document */
	GArray			*kids;		/* struct kid, [0] unused */
	GHashTable		*of;		/* struct dl_elem * -> index + 1 */
	GHashTable		*link_elem;	/* the page's link items -> index + 1 of the element
						 * holding each */
	GPtrArray		*annots;	/* struct annot *, in order made */
	GPtrArray		*rows;		/* per page: GArray of guint, the element of each MCID */
	guint			*key;		/* per element (by seq): its first item in reading order */
	GArray			*order;		/* guint64: an item's place in reading order (high
						 * half) and its index (low half); then as many
						 * for sorting */
	struct dl_page		 sorted;	/* the page being painted, its items in reading order */
	GPtrArray		*links;		/* its link items */
	GPtrArray		*pending;	/* links waiting for the open leaf to close */
	/* the page being painted */
	guint			 page;
	GString			*ops;
	GPtrArray		*page_annots;	/* struct annot * */
	gint			 mc;		/* the marked content open: an element, ART, or NONE */
	gint			 cur;		/* the element of the last item, or NONE */
	gboolean		 leaf;		/* ... and it is a leaf, open */
	gboolean		 words_link;	/* ... and its words may be a link's (link_around) */
	guint			 top;		/* the innermost element open when no leaf is */
	/* the text state */
	gboolean		 in_text, in_array, in_hex;
	gint			 font;
	double			 size;
	gint64			 lx, ly;	/* the line's origin, 1/1000 pt */
	double			 pen;		/* text space units from it */
	gboolean		 fill_known, stroke_known, width_known;
	double			 fill[3], stroke[3], lw;
	struct dl_color		 fill_of;	/* the colour fill[] was made from */
};

enum { NONE = -1, ART = -2 };

/* ----- the page's operators ----- */

/* Process colour to screen RGB: the naive complement, as the pictures paint it (screen.c). */
static void
rgb(const struct dl_color *c, double v[3])
{
	v[0] = (1 - c->c) * (1 - c->k);
	v[1] = (1 - c->m) * (1 - c->k);
	v[2] = (1 - c->y) * (1 - c->k);
}

static void
forget(struct tagged *t)
{
	t->fill_known = t->stroke_known = t->width_known = FALSE;
	t->font = -1;
}

static void
array_end(struct tagged *t)
{
	if (t->in_array && t->in_hex)
		pdf_lit(t->ops, ">]TJ\n");
	else if (t->in_array)
		pdf_lit(t->ops, "]TJ\n");
	t->in_array = t->in_hex = FALSE;
}

static void
text_end(struct tagged *t)
{
	array_end(t);
	if (t->in_text)
		pdf_lit(t->ops, "ET\n");
	t->in_text = FALSE;
	t->font = -1;
}

static void
put_rgb(GString *s, const double v[3], const char *op)
{
	pdf_num(s, v[0], 4, ' ');
	pdf_num(s, v[1], 4, ' ');
	pdf_num(s, v[2], 4, ' ');
	g_string_append(s, op);
}

static void
set_fill(struct tagged *t, const struct dl_color *c)
{
	double v[3];

	/* most runs are in the colour of the one before */
	if (t->fill_known && memcmp(c, &t->fill_of, sizeof(*c)) == 0)
		return;
	t->fill_of = *c;
	rgb(c, v);
	if (t->fill_known && memcmp(v, t->fill, sizeof(v)) == 0)
		return;
	array_end(t);
	put_rgb(t->ops, v, "rg\n");
	memcpy(t->fill, v, sizeof(v));
	t->fill_known = TRUE;
}

static void
set_stroke(struct tagged *t, const struct dl_color *c)
{
	double v[3];

	rgb(c, v);
	if (t->stroke_known && memcmp(v, t->stroke, sizeof(v)) == 0)
		return;
	put_rgb(t->ops, v, "RG\n");
	memcpy(t->stroke, v, sizeof(v));
	t->stroke_known = TRUE;
}

static void
set_width(struct tagged *t, double w)
{
	if (t->width_known && t->lw == w)
		return;
	pdf_num(t->ops, w, 3, ' ');
	pdf_lit(t->ops, "w\n");
	t->lw = w;
	t->width_known = TRUE;
}

static void
put_xy(GString *s, double x, double y)
{
	pdf_num(s, x, 3, ' ');
	pdf_num(s, y, 3, ' ');
}

/* ----- structure ----- */

/* The roles whose elements hold content, not other elements (as cairo's tags had them). */
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

static struct selem *
elem(struct tagged *t, guint i)
{
	return &g_array_index(t->elems, struct selem, i);
}

static void
add_kid(struct tagged *t, guint e, guint kind, guint n)
{
	struct selem *s = elem(t, e);
	struct kid k = { kind, t->page, n, 0 };
	guint i = t->kids->len;

	if (kind != KID_ELEM && s->page == G_MAXUINT)
		s->page = t->page;
	g_array_append_val(t->kids, k);
	if (s->last != 0)
		g_array_index(t->kids, struct kid, s->last).next = i;
	else
		s->first = i;
	s->last = i;
}

/* A new element, the last child of `parent`. */
static guint
new_elem(struct tagged *t, const char *role, const struct dl_elem *el, guint parent)
{
	struct selem s = { role, el, parent, G_MAXUINT, 0, 0, pdfw_reserve(t->w) };
	guint i = t->elems->len;

	g_array_append_val(t->elems, s);
	if (i > 0)
		add_kid(t, parent, KID_ELEM, i);
	return i;
}

/* The link item of element e on the page being painted, or NULL. */
static const struct dl_item *
link_of(const struct tagged *t, const struct dl_elem *e)
{
	for (guint i = 0; i < t->links->len; i++) {
		const struct dl_item *it = t->links->pdata[i];

		if (it->el == e)
			return it;
	}
	return NULL;
}

/* The link of the open leaf (a paragraph, a list item's body, a cell...) whose box holds text
 * item tx, or NULL. */
static const struct dl_item *
link_around(const struct tagged *t, const struct dl_item *tx)
{
	double last;

	if (tx->el == NULL || !t->words_link || tx->u.text.nglyphs == 0)
		return NULL;
	last = tx->u.text.x + tx->u.text.glyphs[tx->u.text.nglyphs - 1].x;	/* its last glyph's start */
	for (guint i = 0; i < t->links->len; i++) {
		const struct dl_item *it = t->links->pdata[i];

		/* a word that starts in the box, or reaches into it ("(911).", whose link is the
		 * number without its brackets) */
		if (it->el == tx->el && tx->u.text.x < it->u.link.x + it->u.link.w &&
		    (tx->u.text.x >= it->u.link.x - 0.5 || last >= it->u.link.x) &&
		    tx->u.text.y >= it->u.link.y && tx->u.text.y <= it->u.link.y + it->u.link.h)
			return it;
	}
	return NULL;
}

/* Element e's index, made (with its ancestors) the first time. */
static guint
elem_of(struct tagged *t, const struct dl_elem *e)
{
	gpointer v = g_hash_table_lookup(t->of, e);
	const char *role = e->role;
	guint parent, i;

	if (v != NULL)
		return GPOINTER_TO_UINT(v) - 1;
	parent = e->parent != NULL && !is_artifact(e->parent) ? elem_of(t, e->parent) : 0;
	if (strcmp(role, "Link") == 0 && link_of(t, e) == NULL)
		role = "Span";
	i = new_elem(t, role, e, parent);
	g_hash_table_insert(t->of, (gpointer)e, GUINT_TO_POINTER(i + 1));
	return i;
}

/* A link's annotation, held by element e (an OBJR among its children). */
static void
annotate(struct tagged *t, const struct dl_item *it, guint e)
{
	struct annot *a = g_new0(struct annot, 1);

	a->it = *it;
	a->page = t->page;
	a->elem = e;
	a->obj = pdfw_reserve(t->w);
	add_kid(t, e, KID_OBJR, t->annots->len);
	g_ptr_array_add(t->annots, a);
	g_ptr_array_add(t->page_annots, a);
	g_hash_table_insert(t->link_elem, (gpointer)it, GUINT_TO_POINTER(e + 1));
}

/* A link that is none of its words' element: a Link element of its own, after the element it
 * was drawn in. */
static void
link_alone(struct tagged *t, const struct dl_item *it)
{
	if (g_hash_table_contains(t->link_elem, it))
		return;
	annotate(t, it, new_elem(t, "Link", NULL, t->top));
}

/* The open leaf is closed: the links waiting for it follow it. */
static void
leaf_close(struct tagged *t)
{
	if (t->leaf) {
		t->top = elem(t, (guint)t->cur)->parent;
		t->leaf = FALSE;
		for (guint i = 0; i < t->pending->len; i++)
			link_alone(t, t->pending->pdata[i]);
		g_ptr_array_set_size(t->pending, 0);
	}
	t->cur = NONE;
}

/* The marked content open is the element `target`'s (or an artifact, or none). */
static void
mark(struct tagged *t, gint target)
{
	if (target == t->mc)
		return;
	text_end(t);
	if (t->mc != NONE)
		pdf_lit(t->ops, "EMC\n");
	t->mc = target;
	if (target == ART) {
		pdf_lit(t->ops, "/Artifact BMC\n");
	} else if (target >= 0) {
		GArray *row = t->rows->pdata[t->page];
		guint id = row->len, e = (guint)target;

		g_string_append_c(t->ops, '/');
		pdf_name(t->ops, elem(t, e)->role);
		pdf_lit(t->ops, " <</MCID ");
		pdf_scaled(t->ops, id, 0, 0);
		pdf_lit(t->ops, ">> BDC\n");
		g_array_append_val(row, e);
		add_kid(t, e, KID_MCID, id);
	}
}

/* Before an item is painted: the marked content it belongs to. */
static void
structure(struct tagged *t, const struct dl_item *it)
{
	guint e;

	if (it->el == NULL) {
		mark(t, ART);
		return;
	}
	/* (the element of the item before is never an artifact's) */
	if (t->cur == NONE || elem(t, (guint)t->cur)->el != it->el) {
		const struct dl_item *l;
		const char *r = it->el->role;

		if (is_artifact(it->el)) {
			leaf_close(t);
			mark(t, ART);
			return;
		}
		/* the links waiting for the leaf go before the next element */
		leaf_close(t);
		e = elem_of(t, it->el);
		t->cur = (gint)e;
		t->leaf = is_leaf(elem(t, e)->role);
		t->words_link = strcmp(r, "Link") != 0 && strcmp(r, "Span") != 0 && strcmp(r, "Figure") != 0;
		if (!t->leaf)
			t->top = e;
		if (strcmp(elem(t, e)->role, "Link") == 0 && (l = link_of(t, it->el)) != NULL &&
		    !g_hash_table_contains(t->link_elem, l))
			annotate(t, l, e);
	}
	e = (guint)t->cur;
	if (it->kind == DL_TEXT && t->leaf) {
		const struct dl_item *l = link_around(t, it);

		if (l != NULL) {
			gpointer v = g_hash_table_lookup(t->link_elem, l);
			guint le;

			if (v != NULL) {
				le = GPOINTER_TO_UINT(v) - 1;
			} else {
				le = new_elem(t, "Link", NULL, e);
				annotate(t, l, le);
			}
			mark(t, (gint)le);
			return;
		}
	}
	/* what an element holding other elements paints itself (a table's rules, a box's
	 * background) is decoration, an artifact; its leaves hold the content */
	mark(t, t->leaf ? (gint)e : ART);
}

/* ----- fonts, text, paths, images ----- */

/* Display font i, opened on first use; NULL with t->err set if it cannot be. */
static struct tfont *
font(struct tagged *t, int i)
{
	struct tfont *f;

	if (i < 0 || (guint)i >= t->d->fonts->len)
		return NULL;
	f = &t->fonts[i];
	if (f->pdf != NULL)
		return f;
	if (t->err != NULL)
		return NULL;
	if ((f->pdf = pdf_font_new(((const struct dl_font *)t->d->fonts->pdata[i])->path, &t->err)) == NULL)
		return NULL;
	/* the widths the font dictionary declares: the pen moves by them */
	f->width = pdf_font_widths(f->pdf, &f->nglyphs);
	f->obj = pdfw_reserve(t->w);
	return f;
}

/* Display font i's FreeType face, for the draft stamp's outlines; NULL with t->err set if it
 * cannot be opened. */
static FT_Face
outline_face(struct tagged *t, struct tfont *f, int i)
{
	const struct dl_font *df = t->d->fonts->pdata[i];

	if (f->face != NULL)
		return f->face;
	if (t->ft == NULL && FT_Init_FreeType(&t->ft) != 0) {
		t->ft = NULL;
		g_set_error(&t->err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot start FreeType"));
		return NULL;
	}
	if (FT_New_Face(t->ft, df->path, 0, &f->face) != 0) {
		f->face = NULL;
		g_set_error(&t->err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		    _("cannot read the font %s; check that fonts/ holds the files the template names"), df->path);
		return NULL;
	}
	return f->face;
}

/* A new TJ array at page (x, ny) in font i at size. */
static void
text_line(struct tagged *t, int i, double size, gint64 nx, gint64 ny)
{
	array_end(t);
	if (!t->in_text) {
		pdf_lit(t->ops, "BT\n");
		t->in_text = TRUE;
	}
	if (t->font != i || t->size != size) {
		pdf_lit(t->ops, "/F");
		pdf_scaled(t->ops, i, 0, ' ');
		pdf_num(t->ops, size, 3, ' ');
		pdf_lit(t->ops, "Tf\n");
		t->font = i;
		t->size = size;
	}
	pdf_lit(t->ops, "1 0 0 1 ");
	pdf_scaled(t->ops, nx, 3, ' ');
	pdf_scaled(t->ops, ny, 3, ' ');
	pdf_lit(t->ops, "Tm\n[");
	t->lx = nx;
	t->ly = ny;
	t->pen = 0;
	t->in_array = TRUE;
	t->in_hex = FALSE;
}

/* A run's glyphs, each where the layout put it. */
static void
paint_glyphs(struct tagged *t, const struct dl_item *it)
{
	struct tfont *f = font(t, it->u.text.font);
	const struct dl_glyph *g = it->u.text.glyphs;
	guint n = it->u.text.nglyphs;
	double size = it->u.text.size, x = it->u.text.x;
	gint64 ny;

	if (f == NULL || n == 0 || !(size > 0))
		return;
	set_fill(t, &it->color);
	ny = pdf_scale(t->H - it->u.text.y, 3);
	for (guint i = 0; i < n; i++) {
		guint32 gid = g[i].id;
		double gx = x + g[i].x;
		double tx = (gx * 1000 - (double)t->lx) / size;
		double move = t->pen - tx;

		/* the first glyph opens a line unless the one open is in the run's font, size and
		 * baseline and this glyph lies after its pen; after it the line is the run's, and
		 * only a move too long for a number opens another */
		gint64 m = 0;
		char *o;

		if (fabs(move) * size > PDF_MAX_REAL || (i == 0 && (!t->in_array || t->font != it->u.text.font ||
		    t->size != size || t->ly != ny || move > 0.05)))
			text_line(t, it->u.text.font, size, pdf_scale(gx, 3), ny);
		else
			m = pdf_round(move * 10);	/* to 1/10000 em */
		/* ">", the move, "<" and the glyph id (two bytes) in the room of one check */
		o = pdf_room(t->ops, 1 + PDF_NUM_MAX + 1 + 4);
		if (m != 0) {
			if (t->in_hex)
				*o++ = '>';
			o = pdf_tenths_at(o, m);
			t->in_hex = FALSE;
			t->pen -= (double)m / 10;
		}
		if (!t->in_hex) {
			*o++ = '<';
			t->in_hex = TRUE;
		}
		pdf_done(t->ops, pdf_hex4_at(o, gid));
		t->pen += gid < f->nglyphs ? f->width[gid] : 0;
	}
	pdf_font_use_run(f->pdf, g, n, it->u.text.utf8);
}

/* Whether outlined runs a and b draw the same: the same glyphs, font, size, place, turn and
 * colour (every page's draft stamp). */
static gboolean
same_stamp(const struct dl_item *a, const struct dl_item *b)
{
	return a->u.text.font == b->u.text.font && a->u.text.size == b->u.text.size &&
	    a->u.text.x == b->u.text.x && a->u.text.y == b->u.text.y &&
	    dl_text_angle(a) == dl_text_angle(b) && dl_text_outline(a) == dl_text_outline(b) &&
	    memcmp(&a->color, &b->color, sizeof(a->color)) == 0 && a->u.text.nglyphs == b->u.text.nglyphs &&
	    memcmp(a->u.text.glyphs, b->u.text.glyphs, a->u.text.nglyphs * sizeof(*a->u.text.glyphs)) == 0;
}

/*
 * The draft stamp: its glyphs' outlines stroked, turned (paths, not text).  The stamp is the
 * same on every page, and its paths were half a draft's page content: they are a form XObject,
 * written once and drawn on each page (/St0 Do).
 */
static void
paint_outlined(struct tagged *t, const struct dl_item *it)
{
	struct tfont *f = font(t, it->u.text.font);
	FT_Face face;
	unsigned num;
	guint i;

	if (f == NULL || it->u.text.nglyphs == 0 || (face = outline_face(t, f, it->u.text.font)) == NULL)
		return;
	for (i = 0; i < t->stamps->len && !same_stamp(&g_array_index(t->stamps, struct dl_item, i), it); i++)
		;
	if (i == t->stamps->len) {
		GString *ops = t->ops, *form = g_string_new("q\n"), *dict = g_string_new(NULL);

		/* the form's operators through the same writers, its state its own */
		t->ops = form;
		forget(t);
		set_stroke(t, &it->color);
		set_width(t, dl_text_outline(it));
		outline_run(form, face, it, it->u.text.x, t->H - it->u.text.y, dl_text_angle(it));
		pdf_lit(form, "Q");
		pdf_lit(dict, "/Type /XObject /Subtype /Form /BBox [0 0 ");
		pdf_num(dict, t->d->trim_w, 3, ' ');
		pdf_num(dict, t->H, 3, ']');
		num = pdfw_stream_deflate(t->w, 0, dict->str, form->str, form->len, SCREEN_LEVEL);
		g_array_append_val(t->stamps, *it);
		g_array_append_val(t->stamp_obj, num);
		g_string_free(form, TRUE);
		g_string_free(dict, TRUE);
		t->ops = ops;
		forget(t);
	}
	text_end(t);
	pdf_lit(t->ops, "/St");
	pdf_scaled(t->ops, i, 0, ' ');
	pdf_lit(t->ops, "Do\n");
}

/* A PNG as an image XObject (RGB, its alpha as a soft mask), written once; NULL if it cannot
 * be drawn. */
static const struct timg *
image(struct tagged *t, const char *path)
{
	struct timg *m = g_hash_table_lookup(t->images, path);
	struct image_info info = { 0 };
	GBytes *b;
	cairo_surface_t *img;
	int w, h, stride;
	gboolean alpha = FALSE;

	if (m != NULL)
		return m->obj != 0 ? m : NULL;
	m = g_new0(struct timg, 1);
	g_hash_table_insert(t->images, g_strdup(path), m);
	/* read and checked as the layout did (image.c): a damaged file failed the layout */
	if ((b = image_read(path, &info, NULL)) == NULL) {
		g_free(info.what);
		return NULL;
	}
	g_free(info.what);
	img = png_decode(b);
	g_bytes_unref(b);
	if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS &&
	    (w = cairo_image_surface_get_width(img)) > 0 && (h = cairo_image_surface_get_height(img)) > 0) {
		const guint8 *px;
		guint8 *c, *a;
		GString *dict = g_string_new(NULL);
		unsigned smask = 0;

		cairo_surface_flush(img);
		px = cairo_image_surface_get_data(img);
		stride = cairo_image_surface_get_stride(img);
		c = g_malloc((gsize)w * h * 3);
		a = g_malloc((gsize)w * h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				guint32 v = *(const guint32 *)(const void *)(px + (gsize)y * stride + (gsize)x * 4);
				guint al = cairo_image_surface_get_format(img) == CAIRO_FORMAT_ARGB32 ? v >> 24 : 255;
				guint8 *o = c + ((gsize)y * w + x) * 3;

				for (int k = 0; k < 3; k++) {
					guint ch = (v >> (16 - 8 * k)) & 255;

					/* cairo's pixels are premultiplied */
					o[k] = (guint8)(al == 0 ? 0 : al == 255 ? ch : MIN(255u, (ch * 255 + al / 2) / al));
				}
				a[(gsize)y * w + x] = (guint8)al;
				alpha |= al != 255;
			}
		if (alpha) {
			g_string_printf(dict, "/Type /XObject /Subtype /Image /Width %d /Height %d "
			    "/ColorSpace /DeviceGray /BitsPerComponent 8", w, h);
			smask = pdfw_stream_deflate(t->w, 0, dict->str, a, (gsize)w * h, SCREEN_LEVEL);
		}
		g_string_printf(dict, "/Type /XObject /Subtype /Image /Width %d /Height %d "
		    "/ColorSpace /DeviceRGB /BitsPerComponent 8", w, h);
		if (smask != 0)
			g_string_append_printf(dict, " /SMask %u 0 R", smask);
		m->obj = pdfw_stream_deflate(t->w, 0, dict->str, c, (gsize)w * h * 3, SCREEN_LEVEL);
		m->index = t->nimages++;
		g_string_free(dict, TRUE);
		g_free(c);
		g_free(a);
	}
	cairo_surface_destroy(img);
	return m->obj != 0 ? m : NULL;
}

/* ----- the device ----- */

static void
dev_glyphs(void *ctx, const struct dl_item *it)
{
	struct tagged *t = ctx;

	structure(t, it);
	if (dl_text_outline(it) > 0)
		paint_outlined(t, it);
	else
		paint_glyphs(t, it);
}

static void
dev_box(void *ctx, const struct dl_item *it)
{
	struct tagged *t = ctx;
	const typeof(it->u.rect) *r = &it->u.rect;

	structure(t, it);
	if (!r->fill && !r->stroke)
		return;
	text_end(t);
	if (r->fill)
		set_fill(t, &it->color);
	if (r->stroke) {
		set_stroke(t, &r->stroke_color);
		set_width(t, r->line_width);
	}
	put_xy(t->ops, r->x, t->H - r->y - r->h);
	put_xy(t->ops, r->w, r->h);
	g_string_append(t->ops, r->fill && r->stroke ? "re\nB\n" : r->fill ? "re\nf\n" : "re\nS\n");
}

static void
dev_rule(void *ctx, const struct dl_item *it)
{
	struct tagged *t = ctx;

	structure(t, it);
	text_end(t);
	set_stroke(t, &it->color);
	set_width(t, it->u.line.width);
	put_xy(t->ops, it->u.line.x1, t->H - it->u.line.y1);
	pdf_lit(t->ops, "m\n");
	put_xy(t->ops, it->u.line.x2, t->H - it->u.line.y2);
	pdf_lit(t->ops, "l\nS\n");
}

static void
dev_image(void *ctx, const struct dl_item *it)
{
	struct tagged *t = ctx;
	const struct timg *m;

	structure(t, it);
	if ((m = image(t, it->u.image.path)) == NULL)
		return;
	text_end(t);
	pdf_lit(t->ops, "q\n");
	pdf_num(t->ops, it->u.image.w, 3, ' ');
	pdf_lit(t->ops, "0 0 ");
	pdf_num(t->ops, it->u.image.h, 3, ' ');
	put_xy(t->ops, it->u.image.x, t->H - it->u.image.y - it->u.image.h);
	pdf_lit(t->ops, "cm\n/Im");
	pdf_scaled(t->ops, m->index, 0, ' ');
	pdf_lit(t->ops, "Do\nQ\n");
	forget(t);
}

/* A Link element's link goes with its words (structure()); another waits for the leaf around
 * it to close. */
static void
dev_link(void *ctx, const struct dl_item *it)
{
	struct tagged *t = ctx;

	if ((it->el != NULL && strcmp(it->el->role, "Link") == 0) || g_hash_table_contains(t->link_elem, it))
		return;
	if (t->leaf) {
		g_ptr_array_add(t->pending, (gpointer)it);
		return;
	}
	link_alone(t, it);
}

static gboolean
dev_begin_page(void *ctx, const struct dl_page *p, guint i)
{
	struct tagged *t = ctx;

	(void)p;
	t->page = i;
	t->ops = g_string_sized_new(16384);
	g_hash_table_remove_all(t->link_elem);
	g_ptr_array_set_size(t->page_annots, 0);
	t->mc = NONE;
	t->in_text = t->in_array = t->in_hex = FALSE;
	forget(t);
	return t->err == NULL;
}

static gboolean
dev_failed(void *ctx)
{
	return ((struct tagged *)ctx)->err != NULL;
}

static void
compress(gpointer p, gpointer user)
{
	struct pjob *j = p;

	(void)user;
	j->z = flate_bytes(SCREEN_LEVEL, j->ops->str, j->ops->len, &j->zlen);
	g_string_free(j->ops, TRUE);
	j->ops = NULL;
}

static char *
dest_name(int page, double y)
{
	return g_strdup_printf("p%d-y%.0f", page + 1, y);
}

/* A link annotation: its box, its target, its description, its key in the parent tree. */
static void
write_annot(struct tagged *t, const struct annot *a, guint key, GHashTable *words)
{
	const struct dl_item *it = &a->it;
	double x0 = it->u.link.x, x1 = x0 + it->u.link.w, y1 = t->H - it->u.link.y, y0 = y1 - it->u.link.h;
	unsigned num = a->obj;
	GString *s = pdfw_begin(t->w, &num);

	pdf_lit(s, "<< /Type /Annot /Subtype /Link /Rect [");
	put_xy(s, x0, y0);
	put_xy(s, x1, y1);
	pdf_lit(s, "] /QuadPoints [");
	put_xy(s, x0, y1);
	put_xy(s, x1, y1);
	put_xy(s, x1, y0);
	put_xy(s, x0, y0);
	pdf_lit(s, "] /BS << /W 0 >> /P ");
	pdf_ref(s, t->page_obj[a->page]);
	pdf_lit(s, " /StructParent ");
	pdf_scaled(s, key, 0, 0);
	if (it->u.link.uri != NULL) {
		pdf_lit(s, " /Contents ");
		pdf_text(s, it->u.link.uri);
		pdf_lit(s, " /A << /S /URI /URI ");
		pdf_string(s, it->u.link.uri);
		pdf_lit(s, " >>");
	} else {
		char *n = dest_name(it->u.link.page, it->u.link.dest_y);
		const char *wd = g_hash_table_lookup(words, n);

		if (wd != NULL) {
			pdf_lit(s, " /Contents ");
			pdf_text(s, wd);
		}
		pdf_lit(s, " /Dest ");
		pdf_string(s, n);
		g_free(n);
	}
	pdf_lit(s, " >>");
	pdfw_end(t->w);
}

static void
dev_end_page(void *ctx, const struct dl_page *p, guint i)
{
	struct tagged *t = ctx;
	struct pjob *j = &t->jobs[i];
	unsigned num = t->page_obj[i], content = pdfw_reserve(t->w);
	GString *s;

	(void)p;
	leaf_close(t);
	mark(t, NONE);
	text_end(t);
	j->obj = content;	/* written at the end, in page order */
	j->ops = t->ops;
	t->ops = NULL;
	if (t->pool != NULL)
		g_thread_pool_push(t->pool, j, NULL);
	else
		compress(j, NULL);
	s = pdfw_begin(t->w, &num);
	pdf_lit(s, "<< /Type /Page /Parent ");
	pdf_scaled(s, t->pages_obj, 0, 0);
	pdf_lit(s, " 0 R /MediaBox [0 0 ");
	pdf_num(s, t->d->trim_w, 3, ' ');
	pdf_num(s, t->H, 3, 0);
	pdf_lit(s, "] /Resources ");
	pdf_scaled(s, t->res, 0, 0);
	pdf_lit(s, " 0 R /Contents ");
	pdf_scaled(s, content, 0, 0);
	pdf_lit(s, " 0 R /StructParents ");
	pdf_scaled(s, i, 0, 0);
	pdf_lit(s, " /Tabs /S");
	if (t->page_annots->len > 0) {
		pdf_lit(s, " /Annots [");
		for (guint k = 0; k < t->page_annots->len; k++) {
			pdf_scaled(s, ((struct annot *)t->page_annots->pdata[k])->obj, 0, 0);
			g_string_append(s, k + 1 < t->page_annots->len ? " 0 R " : " 0 R");
		}
		g_string_append_c(s, ']');
	}
	pdf_lit(s, " >>");
	pdfw_end(t->w);
}

static const struct device tagged_device = {
	dev_begin_page, dev_glyphs, dev_box, dev_rule, dev_image, dev_link, dev_end_page, dev_failed
};

/* ----- reading order ----- */

/* Each element's place in reading order: where the first item drawn inside it comes, over the
 * pages in order (a box moved after the paragraph that follows it is read after it). */
static void
order_elements(struct tagged *t)
{
	const GPtrArray *el = t->d->elems;
	guint n = 0;

	t->key = g_new(guint, el->len + 1);
	for (guint i = 0; i < el->len; i++)
		t->key[i] = G_MAXUINT;
	for (guint pg = 0; pg < t->d->pages->len; pg++) {
		const struct dl_page *p = t->d->pages->pdata[pg];

		/* (items come in increasing n: an element given its key has its ancestors' too) */
		for (guint i = 0; i < p->nitem; i++, n++)
			for (const struct dl_elem *a = p->item[i].el; a != NULL && a->seq < el->len &&
			    t->key[a->seq] == G_MAXUINT; a = a->parent)
				t->key[a->seq] = n;
	}
}

/* Sorts v[0..n) (distinct values), tmp holding n more: the ascending runs merged in pairs,
 * pass after pass.  A page's items are mostly in reading order already, in a few runs (8 for
 * most pages of the bundled editions), so a pass or three does it. */
static void
merge_runs(guint64 *v, guint64 *tmp, guint n)
{
	guint runs;

	do {
		runs = 0;
		for (guint lo = 0, mid, hi, a, b, o; lo < n; lo = hi) {
			for (mid = lo + 1; mid < n && v[mid - 1] < v[mid]; mid++)
				;
			runs++;
			if (mid == n)
				break;
			for (hi = mid + 1; hi < n && v[hi - 1] < v[hi]; hi++)
				;
			for (a = lo, b = mid, o = lo; a < mid && b < hi; o++)
				tmp[o] = v[a] < v[b] ? v[a++] : v[b++];
			while (a < mid)
				tmp[o++] = v[a++];
			while (b < hi)
				tmp[o++] = v[b++];
			memcpy(v + lo, tmp + lo, (hi - lo) * sizeof(*v));
		}
	} while (runs > 1);
}

/* Page p's items in reading order: those of an element in the order the layout drew them; an
 * item with no element stays with the one before it.  p itself when the layout drew them in
 * that order, else a sorted copy in t->sorted.  Its links apart in t->links. */
static const struct dl_page *
reading_order(struct tagged *t, const struct dl_page *p)
{
	const struct dl_page *r = p;
	guint64 *k;
	guint key = 0;
	gboolean sorted = TRUE;

	g_array_set_size(t->order, 2 * p->nitem);
	k = (guint64 *)(void *)t->order->data;
	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];

		if (it->el != NULL && it->el->seq < t->d->elems->len)
			key = t->key[it->el->seq];
		k[i] = (guint64)key << 32 | i;
		sorted &= i == 0 || k[i] > k[i - 1];
	}
	if (!sorted) {
		GArray *items = t->sorted.items;

		merge_runs(k, k + p->nitem, p->nitem);
		g_array_set_size(items, p->nitem);
		t->sorted.item = (struct dl_item *)(void *)items->data;	/* what the device reads */
		for (guint i = 0; i < p->nitem; i++)
			t->sorted.item[i] = p->item[(guint32)k[i]];
		t->sorted.nitem = p->nitem;
		t->sorted.number = p->number;
		t->sorted.label = p->label;
		r = &t->sorted;
	}
	g_ptr_array_set_size(t->links, 0);
	for (guint i = 0; i < r->nitem; i++)
		if (r->item[i].kind == DL_LINK)
			g_ptr_array_add(t->links, (gpointer)&r->item[i]);
	return r;
}

/* ----- the document ----- */

static void
add_dest(struct tagged *t, int page, double y)
{
	if (page >= 0 && (guint)page < t->d->pages->len) {
		char *n = dest_name(page, y);

		if (g_hash_table_contains(t->dests, n))
			g_free(n);
		else
			g_hash_table_insert(t->dests, n, GINT_TO_POINTER(page + 1));
	}
}

static void
collect_dests(struct tagged *t)
{
	const struct display *d = t->d;

	for (guint i = 0; i < d->pages->len; i++) {
		const struct dl_page *p = d->pages->pdata[i];

		for (guint j = 0; j < p->nitem; j++)
			if (p->item[j].kind == DL_LINK && p->item[j].u.link.uri == NULL)
				add_dest(t, p->item[j].u.link.page, p->item[j].u.link.dest_y);
	}
	for (guint i = 0; i < d->outline->len; i++) {
		const struct dl_outline *o = &g_array_index(d->outline, struct dl_outline, i);

		add_dest(t, o->page, o->y);
	}
}

static gint
by_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each destination's description for the links to it ("Página 23"), in the document's
 * language. */
static GHashTable *
dest_words(const struct tagged *t)
{
	enum lang l = LANG_ES;
	GHashTable *w = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	GHashTableIter it;
	gpointer name, pg;

	if (t->d->lang == NULL || !model_lang_parse(t->d->lang, &l))
		l = LANG_ES;
	g_hash_table_iter_init(&it, t->dests);
	while (g_hash_table_iter_next(&it, &name, &pg)) {
		const struct dl_page *p = t->d->pages->pdata[GPOINTER_TO_INT(pg) - 1];
		char num[16];

		g_snprintf(num, sizeof(num), "%d", GPOINTER_TO_INT(pg));
		g_hash_table_insert(w, name, g_strdup_printf(words_for(l)->to_page, p->label != NULL ? p->label : num));
	}
	return w;
}

/* The name tree of the destinations: one node, the names sorted. */
static unsigned
write_names(struct tagged *t)
{
	GPtrArray *names = g_ptr_array_new();
	GHashTableIter it;
	gpointer name;
	unsigned num = 0;
	GString *s;

	g_hash_table_iter_init(&it, t->dests);
	while (g_hash_table_iter_next(&it, &name, NULL))
		g_ptr_array_add(names, name);
	g_ptr_array_sort(names, by_str);
	s = pdfw_begin(t->w, &num);
	pdf_lit(s, "<< /Names [");
	for (guint i = 0; i < names->len; i++) {
		const char *n = names->pdata[i];
		int page = GPOINTER_TO_INT(g_hash_table_lookup(t->dests, n)) - 1;
		double y = g_ascii_strtod(strstr(n, "-y") + 2, NULL);

		pdf_lit(s, "\n   ");
		pdf_string(s, n);
		pdf_lit(s, " [");
		pdf_scaled(s, t->page_obj[page], 0, 0);
		pdf_lit(s, " 0 R /XYZ 0 ");
		pdf_num(s, t->H - y, 3, 0);
		pdf_lit(s, " 0]");
	}
	pdf_lit(s, "\n] >>");
	pdfw_end(t->w);
	g_ptr_array_free(names, TRUE);
	return num;
}

/* The bookmarks: chapters at the top, their sections under them; 0 if there are none. */
static unsigned
write_outline(struct tagged *t)
{
	const GArray *o = t->d->outline;
	guint n = o->len;
	unsigned root, *obj;
	gint *parent, *first, *last, *prev, *next, *count;
	gint top = -1, lastroot = -1, nroot = 0;

	if (n == 0)
		return 0;
	root = pdfw_reserve(t->w);
	obj = g_new(unsigned, n);
	parent = g_new(gint, n);
	first = g_new(gint, n);
	last = g_new(gint, n);
	prev = g_new(gint, n);
	next = g_new(gint, n);
	count = g_new0(gint, n);
	for (guint i = 0; i < n; i++) {
		obj[i] = pdfw_reserve(t->w);
		first[i] = last[i] = prev[i] = next[i] = -1;
	}
	for (guint i = 0; i < n; i++) {
		const struct dl_outline *e = &g_array_index(o, struct dl_outline, i);
		gint par = e->level <= 1 || top < 0 ? -1 : top;
		gint *lst = par < 0 ? &lastroot : &last[par];

		parent[i] = par;
		prev[i] = *lst;
		if (*lst >= 0)
			next[*lst] = (gint)i;
		else if (par >= 0)
			first[par] = (gint)i;
		*lst = (gint)i;
		if (par >= 0)
			count[par]++;
		else
			nroot++;
		if (e->level <= 1)
			top = (gint)i;
	}
	for (guint i = 0; i < n; i++) {
		const struct dl_outline *e = &g_array_index(o, struct dl_outline, i);
		GString *s = pdfw_begin(t->w, &obj[i]);
		char *dn = dest_name(e->page, e->y);

		pdf_lit(s, "<< /Title ");
		pdf_text(s, e->title);
		pdf_lit(s, " /Parent ");
		pdf_ref(s, parent[i] < 0 ? root : obj[parent[i]]);
		if (prev[i] >= 0) {
			pdf_lit(s, " /Prev ");
			pdf_ref(s, obj[prev[i]]);
		}
		if (next[i] >= 0) {
			pdf_lit(s, " /Next ");
			pdf_ref(s, obj[next[i]]);
		}
		if (first[i] >= 0) {
			pdf_lit(s, " /First ");
			pdf_ref(s, obj[first[i]]);
			pdf_lit(s, " /Last ");
			pdf_ref(s, obj[last[i]]);
			pdf_lit(s, " /Count ");
			pdf_scaled(s, -(gint64)count[i], 0, 0);
		}
		pdf_lit(s, " /Dest ");
		pdf_string(s, dn);
		pdf_lit(s, " >>");
		pdfw_end(t->w);
		g_free(dn);
	}
	{
		gint f = -1;

		for (guint i = 0; i < n && f < 0; i++)
			if (parent[i] < 0)
				f = (gint)i;
		pdfw_obj(t->w, root, "<< /Type /Outlines /First %u 0 R /Last %u 0 R /Count %d >>",
		    obj[f], obj[lastroot], nroot);
	}
	g_free(obj);
	g_free(parent);
	g_free(first);
	g_free(last);
	g_free(prev);
	g_free(next);
	g_free(count);
	return root;
}

/* Whether s is a decimal number (a folio), into *n. */
static gboolean
decimal(const char *s, long *n)
{
	char *end;

	if (s == NULL || !g_ascii_isdigit(*s))
		return FALSE;
	*n = strtol(s, &end, 10);
	return *end == '\0' && *n > 0;
}

/* The page labels: a range per run of folios, each other label on its own. */
static unsigned
write_labels(struct tagged *t)
{
	unsigned num = 0;
	GString *s = pdfw_begin(t->w, &num);
	long prev = -1;

	pdf_lit(s, "<< /Nums [");
	for (guint i = 0; i < t->d->pages->len; i++) {
		const struct dl_page *p = t->d->pages->pdata[i];
		long n;

		if (decimal(p->label, &n)) {
			if (prev >= 0 && n == prev + 1) {
				prev = n;
				continue;
			}
			g_string_append_printf(s, "\n   %u << /S /D /St %ld >>", i, n);
			prev = n;
		} else {
			char b[16];

			g_snprintf(b, sizeof(b), "%u", i + 1);
			g_string_append_printf(s, "\n   %u << /P ", i);
			pdf_text(s, p->label != NULL ? p->label : b);
			pdf_lit(s, " >>");
			prev = -1;
		}
	}
	pdf_lit(s, "\n] >>");
	pdfw_end(t->w);
	return num;
}

/* The structure elements, the parent tree and the structure tree's root. */
static unsigned
write_structure(struct tagged *t)
{
	unsigned root = pdfw_reserve(t->w), ptree = pdfw_reserve(t->w);
	GString *s;
	guint npages = t->d->pages->len;

	for (guint i = 0; i < t->elems->len; i++) {
		const struct selem *e = elem(t, i);
		unsigned num = e->obj;
		const struct dl_elem *el = e->el;

		s = pdfw_begin(t->w, &num);
		pdf_lit(s, "<< /Type /StructElem /S /");
		pdf_name(s, e->role);
		pdf_lit(s, " /P ");
		pdf_ref(s, i == 0 ? root : elem(t, e->parent)->obj);
		if (e->page != G_MAXUINT) {
			pdf_lit(s, " /Pg ");
			pdf_ref(s, t->page_obj[e->page]);
		}
		pdf_lit(s, " /K [");
		for (guint k = e->first; k != 0; k = g_array_index(t->kids, struct kid, k).next) {
			const struct kid *c = &g_array_index(t->kids, struct kid, k);

			g_string_append_c(s, ' ');
			if (c->kind == KID_ELEM) {
				pdf_ref(s, elem(t, c->n)->obj);
			} else if (c->kind == KID_MCID && c->page == e->page) {
				pdf_scaled(s, c->n, 0, 0);
			} else if (c->kind == KID_MCID) {
				pdf_lit(s, "<< /Type /MCR /Pg ");
				pdf_ref(s, t->page_obj[c->page]);
				pdf_lit(s, " /MCID ");
				pdf_scaled(s, c->n, 0, ' ');
				pdf_lit(s, ">>");
			} else {
				const struct annot *a = t->annots->pdata[c->n];

				pdf_lit(s, "<< /Type /OBJR /Obj ");
				pdf_ref(s, a->obj);
				if (c->page != e->page) {
					pdf_lit(s, " /Pg ");
					pdf_ref(s, t->page_obj[c->page]);
				}
				pdf_lit(s, " >>");
			}
		}
		pdf_lit(s, " ]");
		if (el != NULL && el->alt != NULL) {
			pdf_lit(s, " /Alt ");
			pdf_text(s, el->alt);
		}
		if (el != NULL && el->column)
			pdf_lit(s, " /A << /O /Table /Scope /Column >>");
		if (el != NULL && el->list != NULL) {
			pdf_lit(s, " /A << /O /List /ListNumbering /");
			pdf_name(s, el->list);
			pdf_lit(s, " >>");
		}
		if (el != NULL && el->lang != NULL) {
			pdf_lit(s, " /Lang ");
			pdf_string(s, el->lang);
		}
		pdf_lit(s, " >>");
		pdfw_end(t->w);
	}
	/* the parent tree: each page's MCIDs, then each annotation */
	s = pdfw_begin(t->w, &ptree);
	pdf_lit(s, "<< /Nums [");
	for (guint p = 0; p < npages; p++) {
		const GArray *row = t->rows->pdata[p];

		pdf_lit(s, "\n   ");
		pdf_scaled(s, p, 0, ' ');
		g_string_append_c(s, '[');
		for (guint k = 0; k < row->len; k++) {
			if (k > 0)
				g_string_append_c(s, ' ');
			pdf_ref(s, elem(t, g_array_index(row, guint, k))->obj);
		}
		g_string_append_c(s, ']');
	}
	for (guint k = 0; k < t->annots->len; k++) {
		const struct annot *a = t->annots->pdata[k];

		pdf_lit(s, "\n   ");
		pdf_scaled(s, npages + k, 0, ' ');
		pdf_ref(s, elem(t, a->elem)->obj);
	}
	pdf_lit(s, "\n] >>");
	pdfw_end(t->w);
	pdfw_obj(t->w, root, "<< /Type /StructTreeRoot /K [%u 0 R] /ParentTree %u 0 R /ParentTreeNextKey %u >>",
	    elem(t, 0)->obj, ptree, npages + t->annots->len);
	return root;
}

/* The XMP metadata's packet: the title and the language (PDF/UA asks for dc:title).  No PDF/UA-1
 * identification (pdfuaid:part): the file claims that only once a validator has passed it. */
static char *
xmp_packet(const char *title, const char *lang)
{
	char *ti = g_markup_escape_text(title != NULL ? title : "", -1);
	char *l = g_markup_escape_text(lang != NULL ? lang : "x-default", -1);
	char *x = g_strdup_printf("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n"
	    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n"
	    "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n"
	    "</rdf:Description>\n"
	    "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>", ti, l);

	g_free(ti);
	g_free(l);
	return x;
}

static unsigned
write_info(struct tagged *t)
{
	const struct display *d = t->d;
	GDateTime *dt = g_date_time_new_from_unix_utc(d->date);
	char *date = g_date_time_format(dt, "D:%Y%m%d%H%M%S+00'00'");
	unsigned num = 0;
	GString *s = pdfw_begin(t->w, &num);

	pdf_lit(s, "<< /Title ");
	pdf_text(s, d->title != NULL ? d->title : "");
	pdf_lit(s, " /Author (Programa Paisano) /Subject ");
	pdf_text(s, d->version != NULL ? d->version : "");
	pdf_lit(s, " /Creator (paisano) /Producer (paisano) /CreationDate ");
	pdf_string(s, date);
	pdf_lit(s, " /ModDate ");
	pdf_string(s, date);
	pdf_lit(s, " >>");
	pdfw_end(t->w);
	g_free(date);
	g_date_time_unref(dt);
	return num;
}

static void
tagged_free(struct tagged *t)
{
	if (t->pool != NULL)
		g_thread_pool_free(t->pool, FALSE, TRUE);
	for (guint i = 0; t->fonts != NULL && i < t->d->fonts->len; i++) {
		pdf_font_free(t->fonts[i].pdf);
		if (t->fonts[i].face != NULL)
			FT_Done_Face(t->fonts[i].face);
	}
	g_free(t->fonts);
	if (t->ft != NULL)
		FT_Done_FreeType(t->ft);
	for (guint i = 0; t->jobs != NULL && i < t->d->pages->len; i++) {
		if (t->jobs[i].ops != NULL)
			g_string_free(t->jobs[i].ops, TRUE);
		g_free(t->jobs[i].z);
	}
	g_free(t->jobs);
	if (t->ops != NULL)
		g_string_free(t->ops, TRUE);
	g_array_free(t->elems, TRUE);
	g_array_free(t->kids, TRUE);
	g_hash_table_destroy(t->of);
	g_hash_table_destroy(t->link_elem);
	g_hash_table_destroy(t->images);
	g_hash_table_destroy(t->dests);
	g_ptr_array_free(t->annots, TRUE);
	g_ptr_array_free(t->rows, TRUE);
	g_free(t->key);
	g_array_free(t->order, TRUE);
	g_array_free(t->sorted.items, TRUE);
	g_array_free(t->stamps, TRUE);
	g_array_free(t->stamp_obj, TRUE);
	g_ptr_array_free(t->links, TRUE);
	g_ptr_array_free(t->pending, TRUE);
	g_ptr_array_free(t->page_annots, TRUE);
	pdfw_free(t->w);
	if (t->err != NULL)
		g_error_free(t->err);
}

gboolean
tagged_write(const struct display *d, const char *path, guint threads, GError **err)
{
	struct tagged t = { 0 };
	unsigned catalog, info, meta, names, outlines, labels, sroot;
	guint npages = d->pages->len;
	GHashTable *words;
	GByteArray *bytes;
	GString *s;
	char *x, *id;
	gboolean ok;

	if (d->fonts->len == 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the pages use no font"));
		return FALSE;
	}
	t.d = d;
	t.H = d->trim_h;
	t.w = pdfw_new("1.7");
	t.fonts = g_new0(struct tfont, d->fonts->len);
	t.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	t.dests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	t.elems = g_array_new(FALSE, FALSE, sizeof(struct selem));
	t.kids = g_array_new(FALSE, TRUE, sizeof(struct kid));
	g_array_set_size(t.kids, 1);
	t.of = g_hash_table_new(NULL, NULL);
	t.link_elem = g_hash_table_new(NULL, NULL);
	t.annots = g_ptr_array_new_with_free_func(g_free);
	t.rows = g_ptr_array_new_with_free_func((GDestroyNotify)(void *)g_array_unref);
	t.order = g_array_new(FALSE, FALSE, sizeof(guint64));
	t.sorted.items = g_array_new(FALSE, FALSE, sizeof(struct dl_item));
	t.stamps = g_array_new(FALSE, FALSE, sizeof(struct dl_item));
	t.stamp_obj = g_array_new(FALSE, FALSE, sizeof(unsigned));
	t.links = g_ptr_array_new();
	t.pending = g_ptr_array_new();
	t.page_annots = g_ptr_array_new();
	t.jobs = g_new0(struct pjob, npages);
	t.page_obj = g_new(unsigned, npages + 1);
	catalog = pdfw_reserve(t.w);
	t.pages_obj = pdfw_reserve(t.w);
	t.res = pdfw_reserve(t.w);
	for (guint i = 0; i < npages; i++) {
		t.page_obj[i] = pdfw_reserve(t.w);
		g_ptr_array_add(t.rows, g_array_new(FALSE, FALSE, sizeof(guint)));
	}
	if (threads > 1)
		t.pool = g_thread_pool_new(compress, NULL, (gint)threads - 1, FALSE, NULL);
	new_elem(&t, "Document", NULL, 0);
	collect_dests(&t);
	order_elements(&t);
	for (guint i = 0; i < npages && t.err == NULL; i++) {
		t.cur = NONE;
		t.leaf = FALSE;
		device_paint_items(&tagged_device, &t, reading_order(&t, d->pages->pdata[i]), i);
	}
	if (t.pool != NULL) {
		g_thread_pool_free(t.pool, FALSE, TRUE);
		t.pool = NULL;
	}
	if (t.err != NULL) {
		g_propagate_error(err, t.err);
		t.err = NULL;
		tagged_free(&t);
		g_free(t.page_obj);
		return FALSE;
	}
	words = dest_words(&t);
	for (guint k = 0; k < t.annots->len; k++)
		write_annot(&t, t.annots->pdata[k], npages + k, words);
	g_hash_table_destroy(words);
	sroot = write_structure(&t);
	names = pdfw_obj(t.w, 0, "<< /Dests %u 0 R >>", write_names(&t));
	outlines = write_outline(&t);
	labels = write_labels(&t);
	info = write_info(&t);
	x = xmp_packet(d->title, d->lang);
	meta = pdfw_stream(t.w, 0, "/Type /Metadata /Subtype /XML", x, strlen(x), FALSE);
	g_free(x);
	/* the fonts and images every page may name */
	for (guint i = 0; i < d->fonts->len && t.err == NULL; i++)
		if (t.fonts[i].pdf != NULL)
			pdf_font_write(t.fonts[i].pdf, t.w, t.fonts[i].obj, &t.err);
	s = pdfw_begin(t.w, &t.res);
	pdf_lit(s, "<< /Font <<");
	for (guint i = 0; i < d->fonts->len; i++)
		if (t.fonts[i].pdf != NULL)
			g_string_append_printf(s, " /F%u %u 0 R", i, t.fonts[i].obj);
	pdf_lit(s, " >>");
	if (t.nimages > 0 || t.stamps->len > 0) {
		GHashTableIter it;
		gpointer v;
		unsigned *objs = g_new0(unsigned, t.nimages);

		g_hash_table_iter_init(&it, t.images);
		while (g_hash_table_iter_next(&it, NULL, &v))
			if (((struct timg *)v)->obj != 0)
				objs[((struct timg *)v)->index] = ((struct timg *)v)->obj;
		pdf_lit(s, " /XObject <<");
		for (guint i = 0; i < t.nimages; i++)
			g_string_append_printf(s, " /Im%u %u 0 R", i, objs[i]);
		for (guint i = 0; i < t.stamps->len; i++)
			g_string_append_printf(s, " /St%u %u 0 R", i, g_array_index(t.stamp_obj, unsigned, i));
		pdf_lit(s, " >>");
		g_free(objs);
	}
	pdf_lit(s, " >>");
	pdfw_end(t.w);
	s = pdfw_begin(t.w, &t.pages_obj);
	g_string_append_printf(s, "<< /Type /Pages /Count %u /Kids [", npages);
	for (guint i = 0; i < npages; i++) {
		pdf_scaled(s, t.page_obj[i], 0, 0);
		g_string_append(s, i + 1 < npages ? " 0 R " : " 0 R");
	}
	pdf_lit(s, "] >>");
	pdfw_end(t.w);
	s = pdfw_begin(t.w, &catalog);
	g_string_append_printf(s, "<< /Type /Catalog /Pages %u 0 R /StructTreeRoot %u 0 R /MarkInfo << /Marked true >>",
	    t.pages_obj, sroot);
	if (outlines != 0)
		g_string_append_printf(s, " /Outlines %u 0 R", outlines);
	g_string_append_printf(s, " /PageLabels %u 0 R /Names %u 0 R", labels, names);
	if (d->lang != NULL) {
		pdf_lit(s, " /Lang ");
		pdf_string(s, d->lang);
	}
	g_string_append_printf(s, " /ViewerPreferences << /DisplayDocTitle true >> /Metadata %u 0 R >>", meta);
	pdfw_end(t.w);
	/* the page contents last, in page order, whatever thread compressed them */
	for (guint i = 0; i < npages && t.err == NULL; i++)
		if (t.jobs[i].z == NULL)
			g_set_error(&t.err, G_FILE_ERROR, G_FILE_ERROR_NOMEM, _("out of memory compressing page %u"), i + 1);
	if (t.err != NULL) {
		g_propagate_error(err, t.err);
		t.err = NULL;
		tagged_free(&t);
		g_free(t.page_obj);
		return FALSE;
	}
	for (guint i = 0; i < npages; i++) {
		pdfw_stream(t.w, t.jobs[i].obj, "", t.jobs[i].z, t.jobs[i].zlen, TRUE);
		g_free(t.jobs[i].z);
		t.jobs[i].z = NULL;
	}
	id = g_compute_checksum_for_string(G_CHECKSUM_MD5, d->version != NULL ? d->version : "", -1);
	bytes = pdfw_finish(t.w, catalog, info, id);
	t.w = NULL;
	g_free(id);
	ok = output_write(path, bytes->data, bytes->len, err);
	g_byte_array_free(bytes, TRUE);
	tagged_free(&t);
	g_free(t.page_obj);
	return ok;
}
