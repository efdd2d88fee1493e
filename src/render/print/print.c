/* print.c: display list -> print PDF (PDF/X-1a:2001) with libharu 2.3.0.
 *
 * The pages are painted through the paint interface (device.h): this file is the print device.
 * libharu 2.3.0 needs help for PDF/X: what its API lacks or gets wrong (page boxes, the Info
 * and trailer dictionaries, the output intent, the ToUnicode stream, the contents' filter, the
 * fonts' streams deflated with libdeflate rather than by libharu with zlib) is
 * done in hpdf_fixes.c; here, only its font definitions and page resources are reached through
 * its installed internal headers (hpdf_fontdef.h, hpdf_pages.h).
 *
 * libharu keeps the document: fonts, images, page tree, boxes, metadata and the file.  The
 * operators of each sheet are written here (struct ops), deflated here (flate.h,
 * PRINT_PAGE_LEVEL: libharu would use zlib) and handed to the page's content stream as one
 * block: libharu's page operators clear a 512-byte buffer on every call, measure every string
 * again, and would give each word a text object of its own, where here each line of text is
 * one TJ array.
 *
 * The finished file goes through output_write(), the one atomic writer.
 *
 * Memory: one struct pctx per call owns the libharu document, the font table, the image cache,
 * the FreeType faces of outlined runs and the operator buffers; everything is
 * released at the single `out` label of render().
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>

#include "device.h"
#include "display.h"
#include "flate.h"
#include "hpdf_fixes.h"
#include "image.h"
#include "outline.h"
#include "model.h"
#include "output.h"
#include "pdfw.h"
#include "png.h"
#include "print.h"
#include "print_cache.h"
#include "i18n.h"

#define MM		(72.0 / 25.4)

/* libdeflate's levels (flate.h).  The page contents at 1, its fastest: on the bundled
 * edition's Spanish pages (816,647 bytes of operators) 267,415 bytes in 9.6 ms of CPU, where its
 * 2 made 261,562 in 17.3 ms and its 5 248,681 in 20.8 ms; the print shop does not mind 19 KB.
 * The fonts' streams at 5: against zlib's default 6 (libharu's), smaller in half the
 * instructions. */
#define PRINT_PAGE_LEVEL	1
#define PRINT_FONT_LEVEL	5

struct pfont {
	HPDF_Font	 font;		/* NULL until first used: unused fonts are not written */
	HPDF_FontDef	 def;
	guint8		*used;		/* bitmap of the BMP characters drawn, for ToUnicode, /W
					 * and CIDToGIDMap; a set bit also says width[] holds it */
	guint16		*gid;		/* glyph of each BMP character (0: none), made with the font */
	gint16		*width;		/* its advance, 1/1000 em, as the font's /W array has it */
	const char	*path;
};

/*
 * The operators of the sheet being painted, and the graphics state they have set, so that an
 * operator is written only when it changes something.  Text stays in one text object (BT) until
 * a path or an image needs the page; words on one baseline in one font, size and colour share
 * one TJ array, whose numbers move the pen across the gaps.  A q or Q forgets the state.
 */
struct ops {
	GString			*buf;		/* the sheet's operators so far */
	HPDF_Page		 page;
	int			 in_text;	/* between BT and ET */
	int			 in_array;	/* inside a TJ array */
	int			 fill_known, stroke_known, width_known;
	struct dl_color		 fill, stroke;
	double			 width;
	HPDF_Font		 font;		/* font and size of the last Tf, NULL if none */
	double			 size;
	gint64			 lx, ly;	/* origin of the text line (last Tm), 1/1000 pt */
	double			 pen;		/* x of the next glyph, 1/1000 text space units from lx */
};

/*
 * The operators of a run drawn as outlines (the draft stamp, the same on every page): the next
 * run with the same glyphs, font, size, angle, place, colour and line width writes them again
 * rather than walking the outlines again.  The last two are kept: on printer's spreads, left
 * and right pages alternate.
 */
struct outlined {
	GString			*ops;		/* between its q and its Q */
	int			 font;
	double			 size, angle, width, x0, y0;
	struct dl_color		 color;
	GArray			*glyphs;	/* struct dl_glyph */
};

struct pctx {
	const struct display	*d;
	const struct print_opts	*o;
	HPDF_Doc		 pdf;
	struct pfont		*fonts;		/* one per display->fonts */
	GHashTable		*images;	/* path -> HPDF_Image */
	HPDF_STATUS		 hpdf_code;	/* first libharu error */
	HPDF_STATUS		 hpdf_detail;
	GError			*error;		/* first error of our own */
	char			 stage[512];	/* what we were doing, for libharu errors */
	double			 margin;	/* from the trim box to the media edge */
	int			 page;		/* display page index being painted */
	double			 ox, top;	/* where its trim box's left and top edges are */
	double			 clip[4];	/* x0 y0 x1 y1: what it may paint */
	FT_Library		 ft;		/* outlined runs' faces, opened on first use */
	FT_Face			*faces;		/* one per display->fonts */
	struct outlined		 outlined[2];
	guint			 outlined_next;	/* the one to replace */
	struct ops		 ops;
};

static const struct {
	HPDF_STATUS	 code;
	const char	*text;
} hpdf_errors[] = {
	{ HPDF_FAILD_TO_ALLOC_MEM,	"out of memory" },
	{ HPDF_FILE_IO_ERROR,		"a file could not be read or written" },
	{ HPDF_FILE_OPEN_ERROR,		"a file could not be opened" },
	{ HPDF_FONT_EXISTS,		"the font is already loaded" },
	{ HPDF_INVALID_FONTDEF_DATA,	"the font file has no usable data" },
	{ HPDF_INVALID_PNG_IMAGE,	"not a PNG image libharu can read" },
	{ HPDF_LIBPNG_ERROR,		"libpng failed to decode the image" },
	{ HPDF_INVALID_COLOR_SPACE,	"unsupported colour space" },
	{ HPDF_INVALID_BIT_PER_COMPONENT, "unsupported bit depth" },
	{ HPDF_INVALID_IMAGE,		"invalid image" },
	{ HPDF_PAGE_INVALID_FONT_SIZE,	"font size out of range (0 to 300 points)" },
	{ HPDF_PAGE_INVALID_SIZE,	"page size out of range (3 to 14400 points)" },
	{ HPDF_PAGE_OUT_OF_RANGE,	"a value is out of range (colour components must be 0 to 1)" },
	{ HPDF_PAGE_INVALID_GMODE,	"operator used in the wrong graphics mode (a renderer bug)" },
	{ HPDF_EXCEED_GSTATE_LIMIT,	"graphics states nested too deep" },
	{ HPDF_TTF_CANNOT_EMBEDDING_FONT, "the font's licence forbids embedding" },
	{ HPDF_TTF_INVALID_CMAP,	"the font has no usable Unicode cmap" },
	{ HPDF_TTF_INVALID_FOMAT,	"not a TrueType font file" },
	{ HPDF_TTF_MISSING_TABLE,	"the font file lacks a required table" },
	{ HPDF_INVALID_ENCODING_NAME,	"unknown encoding" },
	{ HPDF_ZLIB_ERROR,		"zlib failed to compress a stream" },
	{ HPDF_REAL_OUT_OF_RANGE,	"a number is out of range" },
	{ HPDF_STRING_OUT_OF_RANGE,	"a string is too long" },
};

GQuark
print_error_quark(void)
{
	return g_quark_from_static_string("paisano-print-error-quark");
}

void
print_opts_init(struct print_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->condition_id = "FOGRA39";
	o->condition = "Offset commercial and specialty printing according to ISO 12647-2:2004, "
	    "paper type 1 or 2 (coated), 115 g/m2, screen 60/cm";
	o->registry = "http://www.color.org";
	o->info = "Coated FOGRA39 (ISO 12647-2:2004)";
	o->mark_length = 5 * MM;
	o->mark_gap = 2 * MM;
	o->mark_width = 0.25;
	o->one_ink_text = 9;
	o->one_ink_line = 1;
}

/* libharu calls this for every error; the first one is kept and the caller bails out. */
static void
on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pctx *c = data;

	if (c->hpdf_code == 0) {
		c->hpdf_code = code;
		c->hpdf_detail = detail;
	}
}

static const char *
hpdf_explain(HPDF_STATUS code)
{
	for (size_t i = 0; i < G_N_ELEMENTS(hpdf_errors); i++)
		if (hpdf_errors[i].code == code)
			return hpdf_errors[i].text;
	return "see hpdf_error.h";
}

static int
failed(const struct pctx *c)
{
	return c->error != NULL || c->hpdf_code != 0;
}

/* Records the first error of our own, prefixed with the page and the source position. */
G_GNUC_PRINTF(4, 5) static void
fail(struct pctx *c, int code, const struct dl_item *it, const char *fmt, ...)
{
	va_list ap;
	char *msg, *where;

	if (c->error != NULL)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (it != NULL && it->src != NULL && it->src->pos.file != NULL)
		where = g_strdup_printf(_("%s:%d:%d: page %d: "), it->src->pos.file,
		    it->src->pos.line, it->src->pos.col, c->page + 1);
	else if (c->page >= 0)
		where = g_strdup_printf(_("page %d: "), c->page + 1);
	else
		where = g_strdup("");
	c->error = g_error_new(PRINT_ERROR, code, "%s%s", where, msg);
	g_free(where);
	g_free(msg);
}

static int
inks(const struct dl_color *k)
{
	return (k->c > 0.001) + (k->m > 0.001) + (k->y > 0.001) + (k->k > 0.001);
}

static int
color_ok(struct pctx *c, const struct dl_item *it, const struct dl_color *k)
{
	if (k->c >= 0 && k->c <= 1 && k->m >= 0 && k->m <= 1 &&
	    k->y >= 0 && k->y <= 1 && k->k >= 0 && k->k <= 1)
		return 1;
	fail(c, PRINT_ERROR_INPUT, it, "colour C %g M %g Y %g K %g: each ink must be 0 to 1",
	    k->c, k->m, k->y, k->k);
	return 0;
}

/* Loads display font `i` on first use: a TrueType subset, drawn through the UTF-8 encoder. */
static struct pfont *
get_font(struct pctx *c, const struct dl_item *it, int i)
{
	struct pfont *f;
	const struct dl_font *df;
	const char *name;
	GBytes *file;
	GError *e = NULL;

	if (i < 0 || (guint)i >= c->d->fonts->len) {
		fail(c, PRINT_ERROR_INPUT, it, "font %d is not in the display's font table", i);
		return NULL;
	}
	f = &c->fonts[i];
	if (f->font != NULL)
		return f;
	df = c->d->fonts->pdata[i];
	/* The same file registered twice shares one libharu font. */
	for (int j = 0; j < i; j++)
		if (c->fonts[j].font != NULL && strcmp(c->fonts[j].path, df->path) == 0)
			return &c->fonts[j];
	if (!g_file_test(df->path, G_FILE_TEST_IS_REGULAR)) {
		fail(c, PRINT_ERROR_FONT, it, "font file %s not found", df->path);
		return NULL;
	}
	g_snprintf(c->stage, sizeof(c->stage), "loading the font %s", df->path);
	if ((file = print_cache_file(c->o->cache, df->path, &e)) == NULL) {
		fail(c, PRINT_ERROR_FONT, it, "%s", e->message);
		g_error_free(e);
		return NULL;
	}
	name = fix_hpdf_load_ttf(c->pdf, file);
	g_bytes_unref(file);
	if (f->gid == NULL)
		f->gid = g_new(guint16, 65536);
	if (name != NULL) {
		const guint16 *known = print_cache_gids(c->o->cache, df->path);

		f->font = fix_hpdf_utf8_font(c->pdf, name, f->gid, known);
		if (f->font != NULL && known == NULL)
			print_cache_keep_gids(c->o->cache, df->path, f->gid);
	}
	if (f->font == NULL || failed(c)) {
		f->font = NULL;
		if (!failed(c))
			fail(c, PRINT_ERROR_FONT, it, "cannot load the font %s", df->path);
		return NULL;
	}
	g_strlcpy(c->stage, "painting", sizeof(c->stage));
	f->def = ((HPDF_FontAttr)f->font->attr)->fontdef;
	f->used = g_malloc0(65536 / 8);
	f->width = g_new(gint16, 65536);
	f->path = df->path;
	return f;
}

/* The character at p, in valid UTF-8. */
static inline gunichar
next_char(const char *p)
{
	return (guchar)*p < 0x80 ? (gunichar)(guchar)*p : g_utf8_get_char(p);
}

/*
 * Checks a run against the font and returns its character count, or -1.  *exact is set when
 * the font's own advances put every glyph where the layout did, so the run needs no TJ numbers
 * between its glyphs.  A character's glyph comes from the font's table (fix_hpdf_utf8_font), its
 * advance from libharu the first time (which also marks the glyph for the subset), then from
 * the font's cache.
 */
static int
check_run(struct pctx *c, const struct dl_item *it, struct pfont *f, const char *s,
    double size, int *exact)
{
	const struct dl_glyph *g = it != NULL && it->kind == DL_TEXT ? it->u.text.glyphs : NULL;
	guint ng = it != NULL && it->kind == DL_TEXT ? it->u.text.nglyphs : 0;
	double adv = 0;
	int n = 0;

	if (!g_utf8_validate(s, -1, NULL)) {
		fail(c, PRINT_ERROR_INPUT, it, "text run is not valid UTF-8");
		return -1;
	}
	if (ng != 0 && (glong)ng != g_utf8_strlen(s, -1)) {
		fail(c, PRINT_ERROR_INPUT, it, "the run \"%s\" has %ld characters but %u glyphs; "
		    "the layout must give one glyph per character", s, g_utf8_strlen(s, -1), ng);
		return -1;
	}
	*exact = 1;
	for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p), n++) {
		gunichar u = next_char(p);
		HPDF_UINT16 gid;

		if (u > 0xFFFF) {
			fail(c, PRINT_ERROR_FONT, it, "U+%04X in \"%s\" is outside the Basic "
			    "Multilingual Plane, which libharu 2.3.0 cannot draw", u, s);
			return -1;
		}
		if (u < 0x20 || (u >= 0x7F && u < 0xA0) || u == 0xAD) {
			fail(c, PRINT_ERROR_INPUT, it, "U+%04X in \"%s\" is a control or soft-hyphen "
			    "character; a run holds only the characters printed", u, s);
			return -1;
		}
		if ((gid = f->gid[u]) == 0) {
			fail(c, PRINT_ERROR_FONT, it, "%s has no glyph for U+%04X in \"%s\"",
			    f->path, u, s);
			return -1;
		}
		if (ng != 0 && g[n].id != gid) {
			fail(c, PRINT_ERROR_INPUT, it, "in \"%s\" the layout drew U+%04X with glyph %u, "
			    "but %s maps it to glyph %u: the print would differ from the proof "
			    "(ligature, alternate or fallback font?)", s, u, g[n].id,
			    f->path, gid);
			return -1;
		}
		if (!(f->used[u >> 3] & (1u << (u & 7)))) {
			f->width[u] = HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)u);
			f->used[u >> 3] |= (guint8)(1u << (u & 7));
		}
		if (ng != 0 && fabs(g[n].x - adv) > 0.02)
			*exact = 0;
		adv += f->width[u] * size / 1000.0;
	}
	return n;
}

/* ----- the page's operators ----- */

/* Page coordinates to the thousandth of a point: 0.35 µm, far below any plate's resolution. */
static void
put_xy(GString *s, double x, double y)
{
	pdf_num(s, x, 3, ' ');
	pdf_num(s, y, 3, ' ');
}

static int
same_color(const struct dl_color *a, const struct dl_color *b)
{
	return a->c == b->c && a->m == b->m && a->y == b->y && a->k == b->k;
}

/* "c m y k k" (fill) or "... K" (stroke); 1/10000 of an ink is finer than any screen. */
static void
put_color(GString *s, const struct dl_color *k, const char *op)
{
	pdf_num(s, k->c, 4, ' ');
	pdf_num(s, k->m, 4, ' ');
	pdf_num(s, k->y, 4, ' ');
	pdf_num(s, k->k, 4, ' ');
	g_string_append(s, op);
}

/* After q or Q, and on a new page: nothing is known about the state any more. */
static void
ops_forget(struct ops *o)
{
	o->fill_known = o->stroke_known = o->width_known = 0;
	o->font = NULL;
}

static void
text_array_end(struct ops *o)
{
	if (o->in_array)
		g_string_append(o->buf, ")]TJ\n");
	o->in_array = 0;
}

static void
text_end(struct ops *o)
{
	text_array_end(o);
	if (o->in_text)
		g_string_append(o->buf, "ET\n");
	o->in_text = 0;
}

static void
ops_save(struct ops *o)
{
	text_end(o);
	g_string_append(o->buf, "q\n");
	ops_forget(o);
}

static void
ops_restore(struct ops *o)
{
	text_end(o);
	g_string_append(o->buf, "Q\n");
	ops_forget(o);
}

static void
set_fill(struct ops *o, const struct dl_color *k)
{
	if (o->fill_known && same_color(&o->fill, k))
		return;
	text_array_end(o);
	put_color(o->buf, k, "k\n");
	o->fill = *k;
	o->fill_known = 1;
}

static void
set_stroke(struct ops *o, const struct dl_color *k)
{
	if (o->stroke_known && same_color(&o->stroke, k))
		return;
	text_array_end(o);
	put_color(o->buf, k, "K\n");
	o->stroke = *k;
	o->stroke_known = 1;
}

static void
set_line_width(struct ops *o, double w)
{
	if (o->width_known && o->width == w)
		return;
	text_array_end(o);
	pdf_num(o->buf, w, 3, ' ');
	g_string_append(o->buf, "w\n");
	o->width = w;
	o->width_known = 1;
}

/* Paths: the colours and the line width are set before (they are not allowed inside a path),
 * and any text is ended (nor are paths allowed inside a text object). */
static void
path_rect(struct ops *o, double x, double y, double w, double h)
{
	text_end(o);
	put_xy(o->buf, x, y);
	put_xy(o->buf, w, h);
	g_string_append(o->buf, "re\n");
}

static void
path_line(struct ops *o, double x1, double y1, double x2, double y2)
{
	text_end(o);
	put_xy(o->buf, x1, y1);
	g_string_append(o->buf, "m\n");
	put_xy(o->buf, x2, y2);
	g_string_append(o->buf, "l\n");
}

/* ----- text ----- */

/*
 * Whether a glyph at page x (1/1000 text space units from the line's origin: tx) on baseline
 * ny can go on in the open TJ array, with one number for the move.  The first glyph of a run
 * must lie at or right of the pen (reading order); a TJ number must stay a PDF 1.3 real.
 */
static int
text_continues(const struct ops *o, HPDF_Font font, double size, const struct dl_color *k,
    gint64 ny, double tx, int first)
{
	double move = tx - o->pen;

	if (!o->in_array || o->font != font || o->size != size || o->ly != ny ||
	    !same_color(&o->fill, k))
		return 0;
	if (first && move < -0.05)
		return 0;
	return move > -PDF_MAX_REAL && move < PDF_MAX_REAL;
}

/*
 * A new TJ array on a text line starting at page (x, ny), in font f at `size` in colour k.  The
 * line is placed with an absolute Tm, not a Td relative to the line before: a reader that adds
 * up Td moves gets baselines a rounding error apart, and poppler's text extraction then orders
 * some blocks differently.
 */
static void
text_line(struct pctx *c, const struct pfont *f, double size, const struct dl_color *k,
    double x, gint64 ny)
{
	struct ops *o = &c->ops;
	gint64 nx = pdf_scale(x, 3);
	const char *name;

	text_array_end(o);
	if (!o->in_text) {
		g_string_append(o->buf, "BT\n");
		o->in_text = 1;
	}
	set_fill(o, k);
	if (o->font != f->font || o->size != size) {
		if ((name = HPDF_Page_GetLocalFontName(o->page, f->font)) == NULL) {
			fail(c, PRINT_ERROR_PDF, NULL, "libharu cannot add the font %s to the page",
			    f->path);
			return;
		}
		g_string_append_c(o->buf, '/');
		g_string_append(o->buf, name);
		g_string_append_c(o->buf, ' ');
		pdf_num(o->buf, size, 3, ' ');
		g_string_append(o->buf, "Tf\n");
		o->font = f->font;
		o->size = size;
	}
	g_string_append(o->buf, "1 0 0 1 ");
	pdf_scaled(o->buf, nx, 3, ' ');
	pdf_scaled(o->buf, ny, 3, ' ');
	g_string_append(o->buf, "Tm\n[(");
	o->lx = nx;
	o->ly = ny;
	o->pen = 0;
	o->in_array = 1;
}

/*
 * A character's code in a literal string: libharu's UTF-8 fonts take the character's UCS-2
 * value, two bytes, high first (half the size of a hex string).  Parentheses and backslashes
 * are escaped, and so are CR and LF, which a reader would turn into LF.
 */
static inline void
put_code(GString *s, gunichar u)
{
	guint8 b[2] = { (guint8)(u >> 8), (guint8)(u & 0xFF) };
	char out[4];
	gsize n = 0;

	/* most characters: Latin-1, above the controls (check_run), nothing to escape */
	if (u < 0x100 && u >= 0x20 && u != '(' && u != ')' && u != '\\') {
		out[0] = '\0';
		out[1] = (char)u;
		pdf_put(s, out, 2);
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (b[i] == '(' || b[i] == ')' || b[i] == '\\') {
			out[n++] = '\\';
			out[n++] = (char)b[i];
		} else if (b[i] == '\r') {
			out[n++] = '\\';
			out[n++] = 'r';
		} else if (b[i] == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else {
			out[n++] = (char)b[i];
		}
	}
	pdf_put(s, out, n);
}

/* A TJ number: n tenths of a thousandth of an em ("-27.6", "-34", "0.1"), then sep: what
 * pdf_scaled(s, n, 1, sep) writes (most of a page's numbers), through pdfw's writer. */
static inline void
put_tenths(GString *s, gint64 n, char sep)
{
	char *o = pdf_tenths_at(pdf_room(s, PDF_NUM_MAX + 1), n);

	*o++ = sep;
	pdf_done(s, o);
}

/*
 * Shows a checked run in font f with its first glyph at page (x, y): in the open TJ array when
 * it goes on the same line, else on a new one.  `exact`: the font's advances place the glyphs,
 * else every glyph is moved to the layout's x for it.  After the first glyph the array, font,
 * size, baseline and colour are the run's: only the move's size can end the array.
 */
static void
show_run(struct pctx *c, const struct pfont *f, const struct dl_item *it, double x, double y,
    int exact)
{
	struct ops *o = &c->ops;
	double size = it->u.text.size;
	gint64 ny = pdf_scale(y, 3);
	guint i = 0;

	for (const char *p = it->u.text.utf8; *p != '\0'; p = g_utf8_next_char(p), i++) {
		gunichar u = next_char(p);

		if (i == 0 || !exact) {
			double gx = exact ? x : x + it->u.text.glyphs[i].x;
			double tx = (gx * 1000 - (double)o->lx) / size;

			if (i == 0 ? !text_continues(o, f->font, size, &it->color, ny, tx, 1) :
			    !(tx - o->pen > -PDF_MAX_REAL && tx - o->pen < PDF_MAX_REAL)) {
				text_line(c, f, size, &it->color, gx, ny);
				if (failed(c))
					return;
			} else {
				gint64 move = llround((o->pen - tx) * 10);	/* to 1/10000 em */

				if (move != 0) {
					pdf_put(o->buf, ")", 1);
					put_tenths(o->buf, move, '(');
					o->pen -= (double)move / 10;
				}
			}
		}
		put_code(o->buf, u);
		o->pen += f->width[u];
	}
}

/* Display font i as a FreeType face, opened once per document (for outlined runs). */
static FT_Face
outline_face(struct pctx *c, const struct dl_item *it, int i)
{
	const struct dl_font *df;

	if (i < 0 || (guint)i >= c->d->fonts->len) {
		fail(c, PRINT_ERROR_INPUT, it, "font %d is not in the display's font table", i);
		return NULL;
	}
	if (c->faces[i] != NULL)
		return c->faces[i];
	df = c->d->fonts->pdata[i];
	if ((c->ft == NULL && FT_Init_FreeType(&c->ft) != 0) ||
	    FT_New_Face(c->ft, df->path, 0, &c->faces[i]) != 0) {
		c->faces[i] = NULL;
		fail(c, PRINT_ERROR_FONT, it, "FreeType cannot open %s for outlined text", df->path);
		return NULL;
	}
	return c->faces[i];
}

/* Whether run `it`, drawn with line width w from (x0, y0), is the last outlined run again. */
static int
same_outlined(const struct outlined *k, const struct dl_item *it, double w, double x0, double y0)
{
	return k->glyphs != NULL && k->font == it->u.text.font && k->size == it->u.text.size &&
	    k->angle == dl_text_angle(it) && k->width == w && k->x0 == x0 && k->y0 == y0 &&
	    same_color(&k->color, &it->color) && k->glyphs->len == it->u.text.nglyphs &&
	    memcmp(k->glyphs->data, it->u.text.glyphs,
	    it->u.text.nglyphs * sizeof(struct dl_glyph)) == 0;
}

/* Keeps the operators of outlined run `it` (len bytes at ops) for same_outlined(). */
static void
keep_outlined(struct outlined *k, const struct dl_item *it, double w, double x0, double y0,
    const char *ops, gsize len)
{
	if (k->glyphs == NULL) {
		k->glyphs = g_array_new(FALSE, FALSE, sizeof(struct dl_glyph));
		k->ops = g_string_new(NULL);
	}
	k->font = it->u.text.font;
	k->size = it->u.text.size;
	k->angle = dl_text_angle(it);
	k->width = w;
	k->x0 = x0;
	k->y0 = y0;
	k->color = it->color;
	g_array_set_size(k->glyphs, 0);
	g_array_append_vals(k->glyphs, it->u.text.glyphs, it->u.text.nglyphs);
	g_string_truncate(k->ops, 0);
	g_string_append_len(k->ops, ops, (gssize)len);
}

/*
 * A run drawn as its glyphs' outlines, stroked, at its angle (the draft stamp): opaque but
 * thin, so the page stays readable under it and no transparency is needed; paths, not text,
 * so the page's text extracts the same with it or without it.
 */
static void
paint_outlined(struct pctx *c, const struct dl_item *it, double ox, double top)
{
	double w = dl_text_outline(it), x0 = ox + it->u.text.x, y0 = top - it->u.text.y;
	FT_Face face;
	gsize start;

	if (!color_ok(c, it, &it->color))
		return;
	if (c->o->one_ink_line > 0 && w < c->o->one_ink_line && inks(&it->color) > 1) {
		fail(c, PRINT_ERROR_INPUT, it, "the %g pt outlines of \"%s\" use %d inks; rules below "
		    "%g pt must be printed in one ink", w, it->u.text.utf8, inks(&it->color),
		    c->o->one_ink_line);
		return;
	}
	if ((face = outline_face(c, it, it->u.text.font)) == NULL)
		return;
	ops_save(&c->ops);
	for (guint i = 0; i < G_N_ELEMENTS(c->outlined); i++)
		if (same_outlined(&c->outlined[i], it, w, x0, y0)) {
			g_string_append_len(c->ops.buf, c->outlined[i].ops->str,
			    (gssize)c->outlined[i].ops->len);
			ops_restore(&c->ops);
			return;
		}
	start = c->ops.buf->len;
	set_stroke(&c->ops, &it->color);
	set_line_width(&c->ops, w);
	outline_run(c->ops.buf, face, it, x0, y0, dl_text_angle(it));
	keep_outlined(&c->outlined[c->outlined_next], it, w, x0, y0, c->ops.buf->str + start,
	    c->ops.buf->len - start);
	c->outlined_next = (c->outlined_next + 1) % G_N_ELEMENTS(c->outlined);
	ops_restore(&c->ops);
}

/* One run: validated, then shown (show_run). */
static void
paint_text(struct pctx *c, const struct dl_item *it, double ox, double top)
{
	const char *s = it->u.text.utf8;
	double size = it->u.text.size;
	struct pfont *f;
	int exact;

	if (s == NULL || *s == '\0')
		return;
	if (dl_text_outline(it) > 0) {
		paint_outlined(c, it, ox, top);
		return;
	}
	if (dl_text_angle(it) != 0) {
		fail(c, PRINT_ERROR_INPUT, it, "rotated text \"%s\" is printed only as outlines", s);
		return;
	}
	if (!(size > 0 && size <= 300)) {
		fail(c, PRINT_ERROR_INPUT, it, "font size %g is out of range", size);
		return;
	}
	if (!color_ok(c, it, &it->color))
		return;
	if (c->o->one_ink_text > 0 && size < c->o->one_ink_text && inks(&it->color) > 1) {
		fail(c, PRINT_ERROR_INPUT, it, "%g pt text \"%s\" uses %d inks; text below %g pt "
		    "must be printed in one ink (black text: K only)", size, s,
		    inks(&it->color), c->o->one_ink_text);
		return;
	}
	if ((f = get_font(c, it, it->u.text.font)) == NULL)
		return;
	if (check_run(c, it, f, s, size, &exact) < 0)
		return;
	show_run(c, f, it, ox + it->u.text.x, top - it->u.text.y, exact);
}

static void
paint_rect(struct pctx *c, const struct dl_item *it, double ox, double top)
{
	const typeof(it->u.rect) *r = &it->u.rect;
	struct ops *o = &c->ops;

	if (!r->fill && !r->stroke)
		return;
	if (r->fill && !color_ok(c, it, &it->color))
		return;
	if (r->stroke) {
		if (!color_ok(c, it, &r->stroke_color))
			return;
		if (!(r->line_width > 0)) {
			fail(c, PRINT_ERROR_INPUT, it, "a stroked box needs a line width above 0");
			return;
		}
		if (c->o->one_ink_line > 0 && r->line_width < c->o->one_ink_line &&
		    inks(&r->stroke_color) > 1) {
			fail(c, PRINT_ERROR_INPUT, it, "a %g pt box outline uses %d inks; rules "
			    "below %g pt must be printed in one ink", r->line_width,
			    inks(&r->stroke_color), c->o->one_ink_line);
			return;
		}
	}
	text_end(o);
	if (r->stroke) {
		set_stroke(o, &r->stroke_color);
		set_line_width(o, r->line_width);
	}
	if (r->fill)
		set_fill(o, &it->color);
	path_rect(o, ox + r->x, top - r->y - r->h, r->w, r->h);
	g_string_append(o->buf, r->fill && r->stroke ? "B\n" : r->fill ? "f\n" : "S\n");
}

static void
paint_line(struct pctx *c, const struct dl_item *it, double ox, double top)
{
	const typeof(it->u.line) *l = &it->u.line;
	struct ops *o = &c->ops;

	if (!color_ok(c, it, &it->color))
		return;
	if (!(l->width > 0)) {
		fail(c, PRINT_ERROR_INPUT, it, "a rule needs a width above 0");
		return;
	}
	if (c->o->one_ink_line > 0 && l->width < c->o->one_ink_line && inks(&it->color) > 1) {
		fail(c, PRINT_ERROR_INPUT, it, "a %g pt rule uses %d inks; rules below %g pt must be "
		    "printed in one ink", l->width, inks(&it->color), c->o->one_ink_line);
		return;
	}
	text_end(o);
	set_stroke(o, &it->color);
	set_line_width(o, l->width);
	path_line(o, ox + l->x1, top - l->y1, ox + l->x2, top - l->y2);
	g_string_append(o->buf, "S\n");
}

/*
 * X-1a allows no RGB and no soft masks: a PNG that is not plain 8-bit gray is decoded (cairo),
 * flattened on white paper, and written as DeviceGray if all its pixels are gray, else as
 * DeviceCMYK by a plain under-colour removal (K = 1 - max(R,G,B)), which keeps the total ink
 * under 300 %.  The print shop should get gray or CMYK art; this keeps a stray RGB file printable.
 */
static HPDF_Image
image_convert(struct pctx *c, const struct dl_item *it, const char *path, GBytes *bytes)
{
	cairo_surface_t *s = png_decode(bytes);
	cairo_format_t fmt;
	HPDF_Image img = NULL;
	int w, h, stride, gray = 1;
	guchar *data, *buf;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fail(c, PRINT_ERROR_IMAGE, it, "cannot decode the image %s: %s", path,
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	fmt = cairo_image_surface_get_format(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	data = cairo_image_surface_get_data(s);
	if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) {
		fail(c, PRINT_ERROR_IMAGE, it, "the image %s decodes to an unexpected pixel format",
		    path);
		cairo_surface_destroy(s);
		return NULL;
	}
	buf = g_malloc((gsize)w * (gsize)h * 4);
	for (int y = 0; y < h; y++) {
		const guint32 *row = (const guint32 *)(void *)(data + (gsize)y * (gsize)stride);

		for (int x = 0; x < w; x++) {
			guint32 p = row[x];
			guint a = fmt == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
			/* premultiplied: over white paper adds the uncovered part */
			guint r = ((p >> 16) & 255) + 255 - a;
			guint g = ((p >> 8) & 255) + 255 - a;
			guint b = (p & 255) + 255 - a;
			guchar *o = buf + ((gsize)y * (gsize)w + (gsize)x) * 4;

			o[0] = (guchar)MIN(r, 255);
			o[1] = (guchar)MIN(g, 255);
			o[2] = (guchar)MIN(b, 255);
			if (o[0] != o[1] || o[1] != o[2])
				gray = 0;
		}
	}
	if (gray) {
		for (gsize i = 0; i < (gsize)w * (gsize)h; i++)
			buf[i] = buf[i * 4];
		img = HPDF_LoadRawImageFromMem(c->pdf, buf, (HPDF_UINT)w, (HPDF_UINT)h,
		    HPDF_CS_DEVICE_GRAY, 8);
	} else {
		for (gsize i = 0; i < (gsize)w * (gsize)h; i++) {
			guchar *o = buf + i * 4;
			double r = o[0] / 255.0, g = o[1] / 255.0, b = o[2] / 255.0;
			double k = 1 - MAX(r, MAX(g, b));
			double cy = 0, ma = 0, ye = 0;

			if (k < 1) {
				cy = (1 - r - k) / (1 - k);
				ma = (1 - g - k) / (1 - k);
				ye = (1 - b - k) / (1 - k);
			}
			o[0] = (guchar)lround(cy * 255);
			o[1] = (guchar)lround(ma * 255);
			o[2] = (guchar)lround(ye * 255);
			o[3] = (guchar)lround(k * 255);
		}
		img = HPDF_LoadRawImageFromMem(c->pdf, buf, (HPDF_UINT)w, (HPDF_UINT)h,
		    HPDF_CS_DEVICE_CMYK, 8);
	}
	g_free(buf);
	cairo_surface_destroy(s);
	return img;
}

/* The image read, checked and decoded once (image.c) before libharu or cairo sees its bytes:
 * a damaged or oversized file is an error with its reason, never an abort inside libpng. */
static HPDF_Image
get_image(struct pctx *c, const struct dl_item *it, const char *path)
{
	struct image_info pi;
	GError *e = NULL;
	GBytes *bytes;
	HPDF_Image img;

	if ((img = g_hash_table_lookup(c->images, path)) != NULL)
		return img;
	if ((bytes = image_read(path, &pi, &e)) == NULL) {
		fail(c, PRINT_ERROR_IMAGE, it, "%s", e->message);
		g_error_free(e);
		g_free(pi.what);
		return NULL;
	}
	g_snprintf(c->stage, sizeof(c->stage), "loading the image %s", path);
	if (pi.ctype == 0 && pi.depth == 8 && !pi.interlace && !pi.trns) {
		gsize len;
		const guchar *data = g_bytes_get_data(bytes, &len);

		img = HPDF_LoadPngImageFromMem(c->pdf, data, (HPDF_UINT)len);
	} else
		img = image_convert(c, it, path, bytes);
	g_bytes_unref(bytes);
	if (img == NULL || failed(c)) {
		if (!failed(c))
			fail(c, PRINT_ERROR_IMAGE, it, "cannot load the image %s", path);
		return NULL;
	}
	g_strlcpy(c->stage, "painting", sizeof(c->stage));
	g_hash_table_insert(c->images, g_strdup(path), img);
	return img;
}

/* An image: libharu has it (once per file) and adds it to the page's resources. */
static void
paint_image(struct pctx *c, const struct dl_item *it, double ox, double top)
{
	const typeof(it->u.image) *im = &it->u.image;
	struct ops *o = &c->ops;
	const char *name;
	HPDF_Image img;

	if (im->path == NULL) {
		fail(c, PRINT_ERROR_INPUT, it, "an image item without a file");
		return;
	}
	if (!(im->w > 0 && im->h > 0)) {
		fail(c, PRINT_ERROR_INPUT, it, "the image %s is placed with no size", im->path);
		return;
	}
	if ((img = get_image(c, it, im->path)) == NULL)
		return;
	if ((name = HPDF_Page_GetXObjectName(o->page, img)) == NULL) {
		fail(c, PRINT_ERROR_PDF, it, "libharu cannot add the image %s to the page", im->path);
		return;
	}
	/* what HPDF_Page_DrawImage writes: the unit square scaled onto the box */
	text_end(o);
	g_string_append(o->buf, "q\n");
	put_xy(o->buf, im->w, 0);
	put_xy(o->buf, 0, im->h);
	put_xy(o->buf, ox + im->x, top - im->y - im->h);
	g_string_append(o->buf, "cm\n/");
	g_string_append(o->buf, name);
	g_string_append(o->buf, " Do\nQ\n");
}

static gboolean
dev_begin_page(void *ctx, const struct dl_page *p, guint i)
{
	struct pctx *c = ctx;

	(void)p;
	c->page = (int)i;
	g_strlcpy(c->stage, "painting", sizeof(c->stage));
	ops_save(&c->ops);
	path_rect(&c->ops, c->clip[0], c->clip[1], c->clip[2] - c->clip[0], c->clip[3] - c->clip[1]);
	g_string_append(c->ops.buf, "W\nn\n");
	return !failed(c);
}

static void
dev_glyphs(void *ctx, const struct dl_item *it)
{
	struct pctx *c = ctx;

	paint_text(c, it, c->ox, c->top);
}

static void
dev_box(void *ctx, const struct dl_item *it)
{
	struct pctx *c = ctx;

	paint_rect(c, it, c->ox, c->top);
}

static void
dev_rule(void *ctx, const struct dl_item *it)
{
	struct pctx *c = ctx;

	paint_line(c, it, c->ox, c->top);
}

static void
dev_image(void *ctx, const struct dl_item *it)
{
	struct pctx *c = ctx;

	paint_image(c, it, c->ox, c->top);
}

static void
dev_end_page(void *ctx, const struct dl_page *p, guint i)
{
	(void)p;
	(void)i;
	ops_restore(&((struct pctx *)ctx)->ops);
}

static gboolean
dev_failed(void *ctx)
{
	return failed(ctx);
}

/* The print PDF as a device.  X-1a allows no annotations over the trim: links are for the
 * screen PDF, so there is no link call. */
static const struct device print_device = {
	dev_begin_page, dev_glyphs, dev_box, dev_rule, dev_image, NULL, dev_end_page, dev_failed
};

/*
 * Paints display page `i` with its trim box's lower-left corner at (ox, oy), clipped to the
 * rectangle (clip: x0 y0 x1 y1) so backgrounds stop at the bleed, or at the fold of a spread.
 */
static void
paint_page(struct pctx *c, guint i, double ox, double oy, const double clip[4])
{
	c->ox = ox;
	c->top = oy + c->d->trim_h;
	memcpy(c->clip, clip, sizeof(c->clip));
	device_paint_page(&print_device, c, c->d, i);
}

/* Crop marks at the four corners of a w x h trim box (and fold marks at its middle). */
static void
paint_marks(struct pctx *c, double w, double h, int fold)
{
	static const struct dl_color reg = { 1, 1, 1, 1 };
	struct ops *o = &c->ops;
	double m = c->margin, a = c->d->bleed + c->o->mark_gap, z = a + c->o->mark_length;

	set_stroke(o, &reg);
	set_line_width(o, c->o->mark_width);
	for (int k = 0; k < 4; k++) {
		double x = k & 1 ? m + w : m, y = k & 2 ? m + h : m;
		double sx = k & 1 ? 1 : -1, sy = k & 2 ? 1 : -1;

		path_line(o, x + sx * a, y, x + sx * z, y);
		path_line(o, x, y + sy * a, x, y + sy * z);
	}
	if (fold) {
		path_line(o, m + w / 2, m + h + a, m + w / 2, m + h + z);
		path_line(o, m + w / 2, m - a, m + w / 2, m - z);
	}
	g_string_append(o->buf, "S\n");
}

/* A new PDF page for a w x h trim: media with room for the marks, and its boxes; the page
 * the operators go to until sheet_done().  Its contents come deflated (sheet_done): libharu
 * copies them as they are, and fix_hpdf_contents() names the filter; TrimBox and BleedBox go in
 * through fix_hpdf_box(). */
static int
new_sheet(struct pctx *c, double w, double h, int fold)
{
	double m = c->margin, b = c->d->bleed;
	HPDF_Page page = HPDF_AddPage(c->pdf);

	if (page == NULL)
		return -1;
	fix_hpdf_contents(page);
	HPDF_Page_SetWidth(page, (HPDF_REAL)(w + 2 * m));
	HPDF_Page_SetHeight(page, (HPDF_REAL)(h + 2 * m));
	fix_hpdf_box(c->pdf, page, "BleedBox", m - b, m - b, m + w + b, m + h + b);
	fix_hpdf_box(c->pdf, page, "TrimBox", m, m, m + w, m + h);
	c->ops.page = page;
	ops_forget(&c->ops);
	paint_marks(c, w, h, fold);
	return 0;
}

/* The sheet's operators, deflated, become its page's contents. */
static void
sheet_done(struct pctx *c)
{
	struct ops *o = &c->ops;
	guint8 *z;
	gsize zlen;
	GBytes *packed;

	text_end(o);
	if (!failed(c)) {
		if ((z = flate_bytes(PRINT_PAGE_LEVEL, o->buf->str, o->buf->len, &zlen)) == NULL) {
			fail(c, PRINT_ERROR_PDF, NULL, "cannot compress the page's operators "
			    "(out of memory)");
		} else {
			packed = g_bytes_new_take(z, zlen);
			if (!fix_hpdf_write_contents(o->page, packed)) {
				g_strlcpy(c->stage, "writing the page's operators", sizeof(c->stage));
				fail(c, PRINT_ERROR_PDF, NULL, "libharu cannot take the page's operators "
				    "(out of memory)");
			}
			g_bytes_unref(packed);
		}
	}
	g_string_truncate(o->buf, 0);
	o->page = NULL;
}

static void
render_pages(struct pctx *c)
{
	double m = c->margin, b = c->d->bleed, w = c->d->trim_w, h = c->d->trim_h;

	for (guint i = 0; i < c->d->pages->len && !failed(c); i++) {
		double clip[4] = { m - b, m - b, m + w + b, m + h + b };

		g_strlcpy(c->stage, "adding a page", sizeof(c->stage));
		if (new_sheet(c, w, h, 0) < 0)
			return;
		paint_page(c, i, m, m, clip);
		sheet_done(c);
	}
}

/* Saddle stitch: sheet side k carries pages (n-k, k+1) when k is even, (k+1, n-k) when odd
 * (1-based), so the folded, nested sheets read 1, 2, ..., n. */
static void
render_spreads(struct pctx *c)
{
	double m = c->margin, b = c->d->bleed, w = c->d->trim_w, h = c->d->trim_h;
	guint n = c->d->pages->len;

	for (guint k = 0; k < n / 2 && !failed(c); k++) {
		guint left = k % 2 == 0 ? n - 1 - k : k;
		guint right = k % 2 == 0 ? k : n - 1 - k;
		double lclip[4] = { m - b, m - b, m + w, m + h + b };
		double rclip[4] = { m + w, m - b, m + 2 * w + b, m + h + b };

		g_strlcpy(c->stage, "adding a sheet", sizeof(c->stage));
		if (new_sheet(c, 2 * w, h, 1) < 0)
			return;
		paint_page(c, left, m, m, lclip);
		if (!failed(c))
			paint_page(c, right, m + w, m, rclip);
		sheet_done(c);
	}
}

/* The Info dictionary, its dates from the display's (the same file every run). */
static void
write_info(struct pctx *c)
{
	GDateTime *t = g_date_time_new_from_unix_utc(c->d->date);
	HPDF_Date dt;

	g_strlcpy(c->stage, "writing the document information", sizeof(c->stage));
	if (t == NULL) {
		fail(c, PRINT_ERROR_INPUT, NULL, "the display date %" G_GINT64_FORMAT
		    " is out of range", c->d->date);
		return;
	}
	memset(&dt, 0, sizeof(dt));
	dt.year = g_date_time_get_year(t);
	dt.month = g_date_time_get_month(t);
	dt.day = g_date_time_get_day_of_month(t);
	dt.hour = g_date_time_get_hour(t);
	dt.minutes = g_date_time_get_minute(t);
	dt.seconds = g_date_time_get_second(t);
	dt.ind = '+';
	g_date_time_unref(t);
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt);
	if (!fix_hpdf_info(c->pdf, c->d->title != NULL ? c->d->title : "", c->d->version, c->d->lang))
		fail(c, PRINT_ERROR_PDF, NULL, "libharu created no document information dictionary");
}

/* A deterministic trailer /ID: SHA-256 of the version, the page count and the kind of file. */
static void
write_id(struct pctx *c, const char *kind)
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 dig[32];
	gsize len = sizeof(dig);
	char n[32];

	g_strlcpy(c->stage, "writing the document ID", sizeof(c->stage));
	g_snprintf(n, sizeof(n), "\n%u\n", c->d->pages->len);
	g_checksum_update(ck, (const guchar *)(c->d->version != NULL ? c->d->version : ""), -1);
	g_checksum_update(ck, (const guchar *)n, -1);
	g_checksum_update(ck, (const guchar *)kind, -1);
	g_checksum_get_digest(ck, dig, &len);
	g_checksum_free(ck);
	fix_hpdf_id(c->pdf, dig);
}

/* The file, from libharu's memory stream through the one atomic writer. */
static void
save(struct pctx *c, const char *path)
{
	GError *e = NULL;
	gsize size = 0;
	guint8 *buf;

	g_strlcpy(c->stage, "saving", sizeof(c->stage));
	if (HPDF_SaveToStream(c->pdf) != HPDF_OK || failed(c)) {
		if (!failed(c))
			fail(c, PRINT_ERROR_PDF, NULL, "libharu cannot write the document");
		return;
	}
	if ((buf = fix_hpdf_saved(c->pdf, &size)) == NULL && !failed(c))
		fail(c, PRINT_ERROR_PDF, NULL, "libharu cannot read back the document");
	if (!failed(c) && !output_write(path, buf, size, &e)) {
		fail(c, PRINT_ERROR_IO, NULL, "%s", e->message);
		g_error_free(e);
	}
	g_free(buf);
}

static int
check_display(struct pctx *c, int impose)
{
	const struct display *d = c->d;
	const struct print_opts *o = c->o;

	if (!(d->trim_w > 0 && d->trim_h > 0 && d->bleed >= 0))
		fail(c, PRINT_ERROR_INPUT, NULL, "the trim size %g x %g pt with %g pt bleed is not "
		    "a page", d->trim_w, d->trim_h, d->bleed);
	else if (d->pages->len == 0)
		fail(c, PRINT_ERROR_INPUT, NULL, "the display has no pages");
	else if (impose && d->pages->len % 4 != 0)
		fail(c, PRINT_ERROR_INPUT, NULL, "%u pages cannot be imposed for saddle stitching: "
		    "the count must be a multiple of 4", d->pages->len);
	else if (o->condition_id == NULL || o->registry == NULL)
		fail(c, PRINT_ERROR_INPUT, NULL, "the output intent needs a condition identifier "
		    "and a registry name");
	else if (!(o->mark_length > 0 && o->mark_gap >= 0 && o->mark_width > 0))
		fail(c, PRINT_ERROR_INPUT, NULL, "crop marks need a length and a width above 0");
	return failed(c) ? -1 : 0;
}

static int
render(const struct display *d, const struct print_opts *o, const char *path, int impose,
    GError **err)
{
	struct print_opts defaults;
	struct pctx c;
	GHashTableIter iter;
	gpointer img;
	int rc = -1;

	if (o == NULL) {
		print_opts_init(&defaults);
		o = &defaults;
	}
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.o = o;
	c.page = -1;
	g_strlcpy(c.stage, "starting", sizeof(c.stage));
	c.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.fonts = g_new0(struct pfont, d->fonts->len + 1);
	c.faces = g_new0(FT_Face, d->fonts->len + 1);
	c.ops.buf = g_string_sized_new(65536);
	if (check_display(&c, impose) < 0)
		goto out;
	c.margin = d->bleed + o->mark_gap + o->mark_length;
	if ((c.pdf = HPDF_New(on_hpdf_error, &c)) == NULL) {
		fail(&c, PRINT_ERROR_PDF, NULL, "libharu cannot start a document (out of memory)");
		goto out;
	}
	HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(c.pdf);
	HPDF_SetCurrentEncoder(c.pdf, "UTF-8");
	if (failed(&c))
		goto out;
	if (impose)
		render_spreads(&c);
	else
		render_pages(&c);
	if (failed(&c))
		goto out;
	c.page = -1;
	g_strlcpy(c.stage, "writing a ToUnicode CMap", sizeof(c.stage));
	for (guint i = 0; i < d->fonts->len && !failed(&c); i++)
		if (c.fonts[i].used != NULL)
			fix_hpdf_tounicode(c.pdf, c.fonts[i].font, c.fonts[i].used);
	g_strlcpy(c.stage, "writing the fonts' widths", sizeof(c.stage));
	for (guint i = 0; i < d->fonts->len && !failed(&c); i++)
		if (c.fonts[i].used != NULL && !fix_hpdf_font_chars(c.fonts[i].font,
		    c.fonts[i].used, c.fonts[i].gid, c.fonts[i].width))
			fail(&c, PRINT_ERROR_PDF, NULL, "cannot write a font's widths (out of memory)");
	g_strlcpy(c.stage, "compressing the fonts", sizeof(c.stage));
	for (guint i = 0; i < d->fonts->len && !failed(&c); i++)
		if (c.fonts[i].font != NULL &&
		    !fix_hpdf_font_streams(c.fonts[i].font, PRINT_FONT_LEVEL, o->cache))
			fail(&c, PRINT_ERROR_PDF, NULL, "cannot compress a font's streams (out of memory)");
	g_strlcpy(c.stage, "compressing the images", sizeof(c.stage));
	g_hash_table_iter_init(&iter, c.images);
	while (!failed(&c) && g_hash_table_iter_next(&iter, NULL, &img))
		if (!fix_hpdf_image_stream(img, o->cache))
			fail(&c, PRINT_ERROR_PDF, NULL, "cannot compress an image (out of memory)");
	if (!failed(&c))
		write_info(&c);
	if (!failed(&c)) {
		g_strlcpy(c.stage, "writing the output intent", sizeof(c.stage));
		fix_hpdf_intent(c.pdf, o->condition_id, o->condition, o->registry, o->info);
	}
	if (!failed(&c))
		write_id(&c, impose ? "print-imposed" : "print");
	fix_hpdf_version(c.pdf);
	if (!failed(&c))
		save(&c, path);
	if (!failed(&c))
		rc = 0;
out:
	if (rc != 0) {
		char where[32] = "";

		if (c.page >= 0)
			g_snprintf(where, sizeof(where), "page %d, ", c.page + 1);
		if (c.error != NULL)
			g_propagate_error(err, c.error);
		else
			g_set_error(err, PRINT_ERROR, PRINT_ERROR_PDF, _("%s: %s%s: libharu error 0x%04X: "
			    "%s (detail %u)"), path, where, c.stage, (unsigned)c.hpdf_code,
			    hpdf_explain(c.hpdf_code), (unsigned)c.hpdf_detail);
		c.error = NULL;
	}
	if (c.pdf != NULL)
		HPDF_Free(c.pdf);
	for (guint i = 0; i < d->fonts->len; i++) {
		g_free(c.fonts[i].used);
		g_free(c.fonts[i].gid);
		g_free(c.fonts[i].width);
	}
	g_string_free(c.ops.buf, TRUE);
	g_free(c.fonts);
	for (guint i = 0; i < d->fonts->len; i++)
		if (c.faces[i] != NULL)
			FT_Done_Face(c.faces[i]);
	g_free(c.faces);
	for (guint i = 0; i < G_N_ELEMENTS(c.outlined); i++)
		if (c.outlined[i].glyphs != NULL) {
			g_array_free(c.outlined[i].glyphs, TRUE);
			g_string_free(c.outlined[i].ops, TRUE);
		}
	if (c.ft != NULL)
		FT_Done_FreeType(c.ft);
	g_hash_table_destroy(c.images);
	return rc;
}

struct print {
	struct print_opts	 o;
};

struct print *
print_new(const struct print_opts *o, GError **err)
{
	struct print *p;

	if (o == NULL || o->path == NULL) {
		g_set_error(err, PRINT_ERROR, PRINT_ERROR_INPUT, _("the print PDF needs a file name"));
		return NULL;
	}
	p = g_new0(struct print, 1);
	p->o = *o;
	return p;
}

gboolean
print_render(struct print *p, const struct display *d, GError **err)
{
	return render(d, &p->o, p->o.path, p->o.impose, err) == 0;
}

void
print_free(struct print *p)
{
	g_free(p);
}
