/* layout.c: the model set into pages with pango; the result is a display list.
 *
 * The body is built as a flow of strips (one per text line, or one per unbreakable box:
 * notices, cards, table rows, the form), each with its height, the space above it and whether
 * it keeps with the next one (headings, orphans and widows, table captions and headers).  One
 * pass places the strips on pages; page numbers that the text quotes (contents, "ver pág.")
 * are set with a placeholder of fixed digit width and filled in once every page is known.
 *
 * Shaping and line breaking: the text is set without ligatures or kerning, so a character's
 * glyph and advance never depend on its neighbours.  pango shapes each distinct character of
 * each face once (char_glyph); a paragraph is then a row of those clusters, and lines are
 * broken first-fit over it here (para_shape, line_fit), instead of pango shaping every
 * paragraph again after each line break, which was four fifths of the layout's time.
 *
 * Memory: strips and their arrays belong to the layout state and are freed with it; items move
 * from strips into the display, which owns their glyph arrays (display_glyphs).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "hyphen.h"
#include "layout.h"
#include "words.h"

G_DEFINE_QUARK(paisano-layout-error, layout_error)

enum fix_kind {
	FIX_NUMBER,	/* digits inside a run: "(ver pág. 00)" */
	FIX_RIGHT,	/* a right-aligned number run: the contents */
	FIX_LINK,	/* an internal link's target */
};

struct fixup {
	enum fix_kind		 kind;
	int			 page;
	guint			 item;
	guint			 glyph;		/* first digit */
	const struct node	*target;
};

struct anchor {
	const struct node	*node;
	int			 page;
	double			 y;
};

struct strip {
	double			 before;	/* space above; dropped at the top of a page */
	double			 h;
	gboolean		 keep;		/* keep with the next strip */
	gboolean		 newpage;	/* starts a page */
	gboolean		 alone;		/* ends its page */
	gboolean		 opening;	/* opens a chapter: new page, no running head on it */
	gboolean		 is_header;	/* a table header: placed as a copy, repeated */
	const char		*head;		/* the running head from here on */
	const struct node	*chapter;	/* the node the running head comes from */
	struct strip		*header;	/* a table row: the header to repeat on a new page */
	GArray			*items;		/* struct dl_item, x from the column, y from the strip top */
	GArray			*fixups;	/* struct fixup, item = index in items */
	GArray			*anchors;	/* struct anchor, y in the strip */
};

/* What a page is, for running heads and folios. */
enum page_kind { PK_COVER, PK_FRONT, PK_OPENING, PK_BODY, PK_NOTES, PK_COLOPHON };

struct pinfo {
	enum page_kind		 kind;
	const char		*head;
	const struct node	*chapter;
};

/* A paragraph being assembled: text for pango, its attributes, and the spans we track. */
enum span_kind { SPAN_URI, SPAN_SEE };

struct span {
	enum span_kind		 kind;
	guint			 start, end;	/* bytes */
	guint			 digits;	/* SPAN_SEE: where the placeholder digits are */
	const char		*uri;
	const struct node	*target;
	double			 x0, x1;	/* on the current line; x0 > x1 = not on it */
};

/* A range of a paragraph's text, in bytes. */
struct range {
	guint		 start, end;
	int		 bits;		/* style ranges: TF_BOLD and/or TF_ITALIC */
};

struct para {
	GString		*text;
	GArray		*styles;	/* struct range: <strong>, <em> */
	GArray		*nobreak;	/* struct range: fact values, "ver pág." */
	GArray		*spans;
	gboolean	 hyphenate;
	gboolean	 space;		/* a space is pending */
};

/* A character as one of the faces sets it: its glyph, advance and offset at 1 pt, and the
 * face pango chose (another of the template's faces when this one lacks the character). */
struct glyph_info {
	guint32		 glyph;
	int		 font;
	gboolean	 known;
	double		 adv, dx;
};

/* Characters below this have their glyph_info in a table per face; others in a hash. */
#define GLYPH_TABLE	0x3000

/* One character of the paragraph being set. */
struct cluster {
	guint		 off, len;	/* bytes in the text */
	gunichar	 c;
	guint32		 glyph;
	int		 font;
	double		 adv, dx;	/* at the paragraph's size */
	gboolean	 brk;		/* a line may start here */
};

/* A line chosen by the line breaker: clusters [start, end) are set, the next starts at next. */
struct line_fit {
	guint		 start, end, next;
	double		 w;		/* natural width, with the hyphen of a soft-hyphen break */
	gboolean	 shy;		/* ends at a soft hyphen: a hyphen is added */
};

/* How to set a paragraph. */
struct setting {
	enum tpl_style	 style;
	double		 width;
	double		 x;		/* of the lines, from the column */
	PangoAlignment	 align;
	gboolean	 justify;
	int		 color;		/* -1 = the style's */
};

struct lay {
	const struct model	*m;
	const struct template	*t;
	const char		*src_root;
	struct display		*d;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoLayout		*pl;
	PangoFontDescription	*desc[TF__MAX];
	GHashTable		*font_idx;	/* PangoFont * -> role + 1 */
	struct glyph_info	*glyph_table[TF__MAX];	/* [GLYPH_TABLE], allocated when first used */
	GHashTable		*glyph_hash[TF__MAX];	/* gunichar -> struct glyph_info * */
	GArray			*clusters;	/* struct cluster: the paragraph being set */
	GByteArray		*marks;		/* per byte of it: style bits, NO_BREAK */
	guint32			 digit[TF__MAX][10];
	guint32			 hyphen[TF__MAX];
	double			 digit_w[TF__MAX];	/* advances at 1 pt */
	double			 hyphen_w[TF__MAX];
	struct hyphenator	*hy;
	enum lang		 lang;
	const struct words	*w;
	double			 col, area_h;
	GPtrArray		*strips;	/* struct strip *, the flow */
	GPtrArray		*pinfo;		/* struct pinfo *, per page */
	GArray			*fixups;	/* placed */
	GHashTable		*anchors;	/* node -> struct anchor * (placed) */
	/* pagination */
	struct dl_page		*page;
	double			 y;
	gboolean		 empty;
	const char		*head;
	const struct node	*chapter;
};

/* ----- strips ----- */

static struct strip *
strip_new(double h)
{
	struct strip *s = g_new0(struct strip, 1);

	s->h = h;
	s->items = g_array_new(FALSE, TRUE, sizeof(struct dl_item));
	s->fixups = g_array_new(FALSE, TRUE, sizeof(struct fixup));
	s->anchors = g_array_new(FALSE, TRUE, sizeof(struct anchor));
	return s;
}

static void
strip_free(struct strip *s)
{
	if (s == NULL)
		return;
	g_array_free(s->items, TRUE);
	g_array_free(s->fixups, TRUE);
	g_array_free(s->anchors, TRUE);
	g_free(s);
}

static struct dl_item *
strip_item(struct strip *s, enum dl_kind kind, const struct node *src, const struct dl_color *c)
{
	struct dl_item it;

	memset(&it, 0, sizeof(it));
	it.kind = kind;
	it.src = src;
	if (c != NULL)
		it.color = *c;
	g_array_append_val(s->items, it);
	return &g_array_index(s->items, struct dl_item, s->items->len - 1);
}

static void
item_move(struct dl_item *it, double dx, double dy)
{
	switch (it->kind) {
	case DL_TEXT:
		it->u.text.x += dx;
		it->u.text.y += dy;
		break;
	case DL_RECT:
		it->u.rect.x += dx;
		it->u.rect.y += dy;
		break;
	case DL_LINE:
		it->u.line.x1 += dx;
		it->u.line.x2 += dx;
		it->u.line.y1 += dy;
		it->u.line.y2 += dy;
		break;
	case DL_IMAGE:
		it->u.image.x += dx;
		it->u.image.y += dy;
		break;
	case DL_LINK:
		it->u.link.x += dx;
		it->u.link.y += dy;
		break;
	}
}

/* Moves everything of `src` into `dst`, offset by (dx, dy); src is freed. */
static void
strip_absorb(struct strip *dst, struct strip *src, double dx, double dy)
{
	guint base = dst->items->len;

	for (guint i = 0; i < src->items->len; i++) {
		struct dl_item it = g_array_index(src->items, struct dl_item, i);

		item_move(&it, dx, dy);
		g_array_append_val(dst->items, it);
	}
	for (guint i = 0; i < src->fixups->len; i++) {
		struct fixup f = g_array_index(src->fixups, struct fixup, i);

		f.item += base;
		g_array_append_val(dst->fixups, f);
	}
	for (guint i = 0; i < src->anchors->len; i++) {
		struct anchor a = g_array_index(src->anchors, struct anchor, i);

		a.y += dy;
		g_array_append_val(dst->anchors, a);
	}
	g_array_set_size(src->items, 0);
	strip_free(src);
}

static void
anchor_add(struct strip *s, const struct node *n, double y)
{
	struct anchor a = { n, -1, y };

	g_array_append_val(s->anchors, a);
}

/* Merges a list of strips into one box strip, stacked; frees them. */
static struct strip *
strips_stack(GPtrArray *lines, double dx, double y0, gboolean use_before)
{
	struct strip *box = strip_new(0);
	double y = y0;

	for (guint i = 0; i < lines->len; i++) {
		struct strip *s = lines->pdata[i];
		double h = s->h;

		if (use_before && i > 0)
			y += s->before;
		strip_absorb(box, s, dx, y);
		y += h;
	}
	g_ptr_array_set_size(lines, 0);
	box->h = y;
	return box;
}

/* ----- fonts ----- */

static int
font_role(struct lay *L, PangoFont *f)
{
	gpointer v = g_hash_table_lookup(L->font_idx, f);

	if (v == NULL) {
		PangoFontDescription *d = pango_font_describe(f);
		int role = (pango_font_description_get_weight(d) >= PANGO_WEIGHT_SEMIBOLD ? 1 : 0) +
		    (pango_font_description_get_style(d) != PANGO_STYLE_NORMAL ? 2 : 0);

		pango_font_description_free(d);
		g_hash_table_insert(L->font_idx, g_object_ref(f), GINT_TO_POINTER(role + 1));
		return role;
	}
	return GPOINTER_TO_INT(v) - 1;
}

static PangoAttrList *
base_attrs(void)
{
	PangoAttrList *a = pango_attr_list_new();

	pango_attr_list_insert(a, pango_attr_font_features_new("liga=0, kern=0, clig=0, calt=0"));
	return a;
}

/* Glyph ids and advances of the digits and the hyphen, per font. */
static void
measure_fixed(struct lay *L)
{
	for (int r = 0; r < TF__MAX; r++) {
		PangoAttrList *a = base_attrs();
		PangoLayoutIter *it;
		PangoLayoutRun *run;

		pango_font_description_set_absolute_size(L->desc[r], 100 * PANGO_SCALE);
		pango_layout_set_font_description(L->pl, L->desc[r]);
		pango_layout_set_width(L->pl, -1);
		pango_layout_set_text(L->pl, "0123456789-", -1);
		pango_layout_set_attributes(L->pl, a);
		pango_attr_list_unref(a);
		it = pango_layout_get_iter(L->pl);
		if ((run = pango_layout_iter_get_run_readonly(it)) != NULL && run->glyphs->num_glyphs == 11) {
			for (int i = 0; i < 10; i++)
				L->digit[r][i] = run->glyphs->glyphs[i].glyph;
			L->digit_w[r] = run->glyphs->glyphs[0].geometry.width / (100.0 * PANGO_SCALE);
			L->hyphen[r] = run->glyphs->glyphs[10].glyph;
			L->hyphen_w[r] = run->glyphs->glyphs[10].geometry.width / (100.0 * PANGO_SCALE);
		}
		pango_layout_iter_free(it);
	}
}

static gsize fc_default_set;

/* The family fontconfig read from the file it just added to the application fonts (its
 * patterns from index `from` of that set on); NULL if none. */
static const char *
added_family(FcConfig *fc, int from)
{
	FcFontSet *set = FcConfigGetFonts(fc, FcSetApplication);
	FcChar8 *family = NULL;

	for (int i = from; set != NULL && i < set->nfont; i++) {
		int index = 0;

		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
		if (index == 0 && FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) == FcResultMatch)
			return (const char *)family;
	}
	return NULL;
}

/* A private fontconfig with the template's files only, and pango on top of it. */
static gboolean
fonts_init(struct lay *L, GError **err)
{
	cairo_font_options_t *fo;

	L->fc = FcConfigCreate();
	for (int r = 0; r < TF__MAX; r++) {
		FcFontSet *set = FcConfigGetFonts(L->fc, FcSetApplication);
		int before = set != NULL ? set->nfont : 0;
		const char *family;
		struct dl_font *df;

		/* the family comes from the pattern fontconfig made of the file, not a second scan */
		if (!FcConfigAppFontAddFile(L->fc, (const FcChar8 *)L->t->font_file[r]) ||
		    (family = added_family(L->fc, before)) == NULL) {
			g_set_error(err, layout_error_quark(), 1, "%s: not a font file fontconfig can read",
			    L->t->font_file[r]);
			return FALSE;
		}
		df = g_new0(struct dl_font, 1);
		df->path = g_strdup(L->t->font_file[r]);
		df->family = g_strdup(family);
		df->bold = r == TF_BOLD || r == TF_BOLDITALIC;
		df->italic = r == TF_ITALIC || r == TF_BOLDITALIC;
		g_ptr_array_add(L->d->fonts, df);
		L->desc[r] = pango_font_description_new();
		pango_font_description_set_family(L->desc[r], df->family);
		pango_font_description_set_weight(L->desc[r], df->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(L->desc[r], df->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	}
	/* fontconfig's default configuration would load the system's fonts, which are never
	 * used: ours is the default from the first layout on (FcConfigSetCurrent keeps a reference) */
	if (g_once_init_enter(&fc_default_set)) {
		FcConfigSetCurrent(L->fc);
		g_once_init_leave(&fc_default_set, 1);
	}
	L->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (L->fm == NULL) {
		g_set_error(err, layout_error_quark(), 1, "pango has no FreeType font map");
		return FALSE;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(L->fm), L->fc);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(L->fm), 72);
	L->ctx = pango_font_map_create_context(L->fm);
	pango_context_set_round_glyph_positions(L->ctx, FALSE);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(L->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(L->ctx, pango_language_from_string(model_lang_code(L->lang)));
	L->pl = pango_layout_new(L->ctx);
	L->font_idx = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	measure_fixed(L);
	return TRUE;
}

/* ----- characters ----- */

/* Shapes one character alone with pango, at 100 pt for precision. */
static void
shape_char(struct lay *L, int role, gunichar c, struct glyph_info *g)
{
	char buf[8];
	int n = g_unichar_to_utf8(c, buf);
	PangoAttrList *a;
	PangoLayoutIter *it;
	PangoLayoutRun *run;

	g->known = TRUE;
	g->font = role;
	g->glyph = PANGO_GLYPH_EMPTY;
	g->adv = g->dx = 0;
	if (c == 0xad)
		return;		/* a soft hyphen: nothing, unless a line breaks there */
	a = base_attrs();
	pango_font_description_set_absolute_size(L->desc[role], 100 * PANGO_SCALE);
	pango_layout_set_font_description(L->pl, L->desc[role]);
	pango_layout_set_width(L->pl, -1);
	pango_layout_set_text(L->pl, buf, n);
	pango_layout_set_attributes(L->pl, a);
	pango_attr_list_unref(a);
	it = pango_layout_get_iter(L->pl);
	if ((run = pango_layout_iter_get_run_readonly(it)) != NULL && run->glyphs->num_glyphs > 0) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[0];

		g->glyph = (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : gi->glyph;
		g->font = font_role(L, run->item->analysis.font);
		g->dx = gi->geometry.x_offset / (100.0 * PANGO_SCALE);
		for (int i = 0; i < run->glyphs->num_glyphs; i++)
			g->adv += run->glyphs->glyphs[i].geometry.width / (100.0 * PANGO_SCALE);
	}
	pango_layout_iter_free(it);
}

/*
 * A character's glyph in a face.  Shaping is without ligatures and kerning, so a character's
 * glyph and advance never depend on its neighbours: pango shapes each distinct character of
 * each face once, and paragraphs are set from this table.
 */
static const struct glyph_info *
char_glyph(struct lay *L, int role, gunichar c)
{
	struct glyph_info *g;

	if (c < GLYPH_TABLE) {
		if (L->glyph_table[role] == NULL)
			L->glyph_table[role] = g_new0(struct glyph_info, GLYPH_TABLE);
		g = &L->glyph_table[role][c];
	} else if ((g = g_hash_table_lookup(L->glyph_hash[role], GUINT_TO_POINTER(c))) == NULL) {
		g = g_new0(struct glyph_info, 1);
		g_hash_table_insert(L->glyph_hash[role], GUINT_TO_POINTER(c), g);
	}
	if (!g->known)
		shape_char(L, role, c, g);
	return g;
}

/* ----- paragraphs ----- */

#define NO_BREAK	0x80	/* in lay.marks: no line may start at this byte */

static void
para_init(struct para *P, gboolean hyphenate)
{
	P->text = g_string_sized_new(256);
	P->styles = g_array_new(FALSE, FALSE, sizeof(struct range));
	P->nobreak = g_array_new(FALSE, FALSE, sizeof(struct range));
	P->spans = g_array_new(FALSE, TRUE, sizeof(struct span));
	P->hyphenate = hyphenate;
	P->space = FALSE;
}

static void
para_clear(struct para *P)
{
	g_string_free(P->text, TRUE);
	g_array_free(P->styles, TRUE);
	g_array_free(P->nobreak, TRUE);
	g_array_free(P->spans, TRUE);
}

static void
para_range(GArray *a, guint start, guint end, int bits)
{
	struct range r = { start, end, bits };

	g_array_append_val(a, r);
}

static void
flush_space(struct para *P)
{
	if (P->space && P->text->len > 0)
		g_string_append_c(P->text, ' ');
	P->space = FALSE;
}

/* Appends running text: white space collapsed, words hyphenated. */
static void
para_text(struct lay *L, struct para *P, const char *s)
{
	while (*s != '\0') {
		const char *e;

		if (g_ascii_isspace(*s)) {
			P->space = TRUE;
			s++;
			continue;
		}
		flush_space(P);
		if (!g_unichar_isalpha(g_utf8_get_char(s))) {
			e = g_utf8_next_char(s);
			g_string_append_len(P->text, s, e - s);
			s = e;
			continue;
		}
		for (e = s; *e != '\0' && g_unichar_isalpha(g_utf8_get_char(e)); e = g_utf8_next_char(e))
			;
		/* A word glued to digits or a slash (codes, addresses) stays whole. */
		if (P->hyphenate && L->hy != NULL && !g_ascii_isdigit(*e) && *e != '/' && *e != '@')
			g_string_append(P->text, hyph_word(L->hy, s, (gsize)(e - s)));
		else
			g_string_append_len(P->text, s, e - s);
		s = e;
	}
}

/* Text that must not break (fact values, "ver pág."). */
static guint
para_unbreakable(struct para *P, const char *s)
{
	guint start;

	flush_space(P);
	start = P->text->len;
	g_string_append(P->text, s);
	para_range(P->nobreak, start, P->text->len, 0);
	return start;
}

/* A phone number for tel: links: +52 and 10 digits, +1 and 10 digits, or a short number. */
static char *
tel_uri(const struct fact *f, const char *text)
{
	GString *d = g_string_new(NULL);
	char *uri;

	for (const char *p = text; *p != '\0'; p++)
		if (g_ascii_isdigit(*p))
			g_string_append_c(d, *p);
	if (f->country == COUNTRY_MX && d->len == 10)
		uri = g_strdup_printf("tel:+52%s", d->str);
	else if (f->country == COUNTRY_US && d->len == 11 && d->str[0] == '1')
		uri = g_strdup_printf("tel:+%s", d->str);
	else if (f->country == COUNTRY_US && d->len == 10)
		uri = g_strdup_printf("tel:+1%s", d->str);
	else
		uri = g_strdup_printf("tel:%s", d->str);
	g_string_free(d, TRUE);
	return uri;
}

static const char *
fact_uri(struct lay *L, const struct fact *f)
{
	const char *v = f->value != NULL ? f->value->text : NULL;
	char *u = NULL;
	const char *r;

	if (v == NULL)
		return NULL;
	if (f->kind == FACT_PHONE)
		u = tel_uri(f, v);
	else if (f->kind == FACT_URL)
		u = g_str_has_prefix(v, "http") ? g_strdup(v) : g_strdup_printf("https://%s", v);
	else if (f->kind == FACT_EMAIL)
		u = g_strdup_printf("mailto:%s", v);
	r = display_intern(L->d, u);
	g_free(u);
	return r;
}

/* A fact's value as printed, unbreakable, with its link. */
static void
para_fact(struct lay *L, struct para *P, const struct fact *f)
{
	char *v;
	struct span sp = { 0 };

	if (f == NULL || f->value == NULL)
		return;
	v = model_format_value(f, f->value, L->lang);
	sp.start = para_unbreakable(P, v);
	sp.end = P->text->len;
	sp.kind = SPAN_URI;
	sp.uri = fact_uri(L, f);
	if (sp.uri != NULL)
		g_array_append_val(P->spans, sp);
	g_free(v);
}

static void
para_inlines(struct lay *L, struct para *P, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		guint start;

		switch (n->type) {
		case NODE_TEXT:
			para_text(L, P, n->u.str);
			break;
		case NODE_EM:
		case NODE_STRONG:
			flush_space(P);
			start = P->text->len;
			para_inlines(L, P, n->first);
			para_range(P->styles, start, P->text->len, n->type == NODE_EM ? TF_ITALIC : TF_BOLD);
			break;
		case NODE_REF:
			para_fact(L, P, n->u.ref.fact);
			break;
		case NODE_SEE:
			if (n->u.ref.section != NULL) {
				struct span sp = { 0 };

				sp.kind = SPAN_SEE;
				sp.start = para_unbreakable(P, L->w->see_page);
				sp.end = P->text->len;
				sp.digits = sp.end - 3;
				sp.target = n->u.ref.section;
				g_array_append_val(P->spans, sp);
			}
			break;
		default:
			break;
		}
	}
}

static gboolean
is_blank(gunichar c)
{
	return c == ' ' || c == 0xa0 || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

/* The word being collected on a line. */
struct word {
	GString		*utf8;
	GArray		*glyphs;
	int		 font;
	double		 x;
};

static void
word_flush(struct lay *L, struct word *w, struct strip *s, const struct node *src,
    const struct dl_color *color, double size, double baseline)
{
	struct dl_item *it;

	if (w->glyphs->len == 0)
		return;
	it = strip_item(s, DL_TEXT, src, color);
	it->u.text.font = w->font;
	it->u.text.size = size;
	it->u.text.x = w->x;
	it->u.text.y = baseline;
	it->u.text.utf8 = display_intern(L->d, w->utf8->str);
	it->u.text.nglyphs = w->glyphs->len;
	it->u.text.glyphs = display_glyphs(L->d, w->glyphs->len);
	memcpy(it->u.text.glyphs, w->glyphs->data, w->glyphs->len * sizeof(struct dl_glyph));
	g_array_set_size(w->glyphs, 0);
	g_string_truncate(w->utf8, 0);
}

/* Moves the words of a line: the first by `a`, the last by `b`, those between in proportion
 * to the spaces before them (a word and the punctuation glued to it move together). */
static void
spread(struct strip *s, guint first, double a, double b)
{
	int gaps = 0, gap = 0;
	double prev = -1e9;

	for (int pass = 0; pass < 2; pass++) {
		prev = -1e9;
		gap = 0;
		for (guint i = first; i < s->items->len; i++) {
			struct dl_item *it = &g_array_index(s->items, struct dl_item, i);
			double x;

			if (it->kind != DL_TEXT && it->kind != DL_LINK)
				continue;
			x = it->kind == DL_TEXT ? it->u.text.x : it->u.link.x;
			if (it->kind == DL_TEXT) {
				if (prev > -1e9 && x > prev + 0.05)
					gap++;
				prev = x + (it->u.text.nglyphs > 0 ? it->u.text.glyphs[it->u.text.nglyphs - 1].x : 0) +
				    it->u.text.size * 0.2;
			}
			if (pass == 1)
				item_move(it, gaps > 0 ? a + (b - a) * gap / gaps : a, 0);
		}
		gaps = gap;
	}
}

/* The RAE rule: a line that ends on a word's own hyphen starts the next with one too.  The
 * extra hyphen takes its room from the line's spaces. */
static void
prefix_hyphen(struct lay *L, struct strip *s, const struct node *src, const struct dl_color *color,
    double size, double baseline, gboolean justified, double right, double end)
{
	const struct dl_item *it0 = NULL;
	double hw;
	struct dl_item hy;

	for (guint i = 0; i < s->items->len && it0 == NULL; i++)
		if (g_array_index(s->items, struct dl_item, i).kind == DL_TEXT)
			it0 = &g_array_index(s->items, struct dl_item, i);
	if (it0 == NULL)
		return;
	memset(&hy, 0, sizeof(hy));
	hy.kind = DL_TEXT;
	hy.src = src;
	hy.color = *color;
	hy.u.text.font = it0->u.text.font;
	hy.u.text.size = size;
	hy.u.text.x = it0->u.text.x;
	hy.u.text.y = baseline;
	hy.u.text.utf8 = "-";
	hy.u.text.nglyphs = 1;
	hy.u.text.glyphs = display_glyphs(L->d, 1);
	hy.u.text.glyphs[0].id = L->hyphen[it0->u.text.font];
	hw = L->hyphen_w[it0->u.text.font] * size;
	spread(s, 0, hw, justified || end + hw > right ? 0 : hw);
	g_array_append_val(s->items, hy);
}

/* Punctuation that never starts a line, even after a space. */
static gboolean
closing(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);

	return t == G_UNICODE_CLOSE_PUNCTUATION || t == G_UNICODE_FINAL_PUNCTUATION ||
	    (c < 0x80 && strchr(",.;:!?%", (int)c) != NULL) || c == 0x2026;
}

/*
 * The paragraph's characters with their glyphs at `size` (lay.clusters), and where a line may
 * start: after spaces, at a soft hyphen the hyphenator put in, after a hyphen, dash or slash
 * between words; never inside a fact value, never before closing punctuation.  Line breaks are
 * these, not the full Unicode rules: the text is Spanish and English prose whose codes, numbers
 * and addresses are facts.
 */
static void
para_shape(struct lay *L, const struct para *P, int base, double size)
{
	const char *text = P->text->str;
	guint8 *mk;
	struct cluster *cl;
	guint n;

	g_byte_array_set_size(L->marks, P->text->len + 1);
	mk = L->marks->data;
	memset(mk, 0, P->text->len + 1);
	for (guint i = 0; i < P->styles->len; i++) {
		const struct range *r = &g_array_index(P->styles, struct range, i);

		for (guint b = r->start; b < r->end; b++)
			mk[b] |= (guint8)r->bits;
	}
	for (guint i = 0; i < P->nobreak->len; i++) {
		const struct range *r = &g_array_index(P->nobreak, struct range, i);

		for (guint b = r->start + 1; b < r->end; b++)
			mk[b] |= NO_BREAK;
	}
	g_array_set_size(L->clusters, 0);
	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		struct cluster k;
		const struct glyph_info *g;

		k.off = (guint)(p - text);
		k.len = (guint)(g_utf8_next_char(p) - p);
		k.c = g_utf8_get_char(p);
		g = char_glyph(L, base | (mk[k.off] & (TF_BOLD | TF_ITALIC)), k.c);
		k.glyph = g->glyph;
		k.font = g->font;
		k.adv = g->adv * size;
		k.dx = g->dx * size;
		k.brk = FALSE;
		g_array_append_val(L->clusters, k);
	}
	cl = (struct cluster *)(void *)L->clusters->data;
	n = L->clusters->len;
	for (guint i = 1; i < n; i++) {
		gunichar a = cl[i - 1].c, b = cl[i].c;
		gboolean between = i >= 2 && g_unichar_isalpha(cl[i - 2].c) && g_unichar_isalpha(b);

		if ((mk[cl[i].off] & NO_BREAK) || closing(b))
			continue;
		cl[i].brk = (a == ' ' && b != ' ') || a == 0xad || a == 0x200b ||
		    ((a == '-' || a == 0x2010 || a == '/' || a == 0x2013 || a == 0x2014) && between);
	}
}

/*
 * The line that starts at cluster `start`: it ends at the last break that fits in `width`
 * (first fit, as pango does); when none fits, at the first break, so an unbreakable word runs
 * over the measure as with PANGO_WRAP_WORD.  Spaces at the end of a line take no room.
 */
static void
line_fit(struct lay *L, guint start, double width, double size, struct line_fit *lf)
{
	const struct cluster *cl = (const struct cluster *)(const void *)L->clusters->data;
	guint n = L->clusters->len;
	double x = 0;
	gboolean found = FALSE;

	*lf = (struct line_fit){ start, n, n, 0, FALSE };
	for (guint i = start; i < n; i++) {
		guint next = i + 1, end = next;
		double w;
		gboolean shy;

		x += cl[i].adv;
		if (next < n && !cl[next].brk)
			continue;
		w = x;
		while (end > start && cl[end - 1].c == ' ')
			w -= cl[--end].adv;
		shy = next < n && cl[i].c == 0xad;
		if (shy)
			w += L->hyphen_w[cl[i].font] * size;
		if (w <= width + 1e-6 || !found) {
			lf->start = start;
			lf->end = end;
			lf->next = next;
			lf->w = w;
			lf->shy = shy;
			if (w > width + 1e-6)
				return;		/* nothing fitted: overflow */
			found = TRUE;
			continue;
		}
		/* a hyphen that did not fit: a break further on may still fit without one */
		if (!(shy && w - L->hyphen_w[cl[i].font] * size <= width + 1e-6))
			return;
	}
}

/* One line into DL runs (one per word) on a line strip; `extra` widens each space (justified).
 * Returns whether the line ends on a word's own hyphen (the RAE rule for the next line). */
static gboolean
emit_line(struct lay *L, struct para *P, const struct line_fit *lf, double x, double extra,
    double baseline, const struct tpl_style_def *sd, const struct dl_color *color,
    const struct node *src, struct strip *s, double *xend)
{
	const char *text = P->text->str;
	const struct cluster *cl = (const struct cluster *)(const void *)L->clusters->data;
	struct word w = { g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(struct dl_glyph)), 0, 0 };
	gunichar last = 0;

	for (guint k = 0; k < P->spans->len; k++) {
		g_array_index(P->spans, struct span, k).x0 = 1e9;
		g_array_index(P->spans, struct span, k).x1 = -1e9;
	}
	for (guint i = lf->start; i < lf->end; i++) {
		const struct cluster *c = &cl[i];
		struct dl_glyph dg;

		if (c->font != w.font)
			word_flush(L, &w, s, src, color, sd->size, baseline);
		w.font = c->font;
		if (is_blank(c->c)) {
			word_flush(L, &w, s, src, color, sd->size, baseline);
			x += c->adv + (c->c == ' ' || c->c == 0xa0 ? extra : 0);
			continue;
		}
		if (c->glyph == PANGO_GLYPH_EMPTY) {
			/* a soft hyphen inside a line, a zero-width character: nothing to draw */
			x += c->adv;
			continue;
		}
		if (w.glyphs->len == 0)
			w.x = x;
		dg.id = c->glyph;
		dg.x = x + c->dx - w.x;
		g_array_append_val(w.glyphs, dg);
		g_string_append_len(w.utf8, text + c->off, c->len);
		last = c->c;
		for (guint k = 0; k < P->spans->len; k++) {
			struct span *sp = &g_array_index(P->spans, struct span, k);

			if (c->off >= sp->start && c->off < sp->end) {
				sp->x0 = MIN(sp->x0, x);
				sp->x1 = MAX(sp->x1, x + c->adv);
			}
			if (sp->kind == SPAN_SEE && c->off == sp->digits) {
				struct fixup f = { FIX_NUMBER, -1, s->items->len, w.glyphs->len - 1, sp->target };

				g_array_append_val(s->fixups, f);
			}
		}
		x += c->adv;
		*xend = MAX(*xend, x);
	}
	if (lf->shy) {
		int font = cl[lf->next - 1].font;
		struct dl_glyph dg;

		if (font != w.font)
			word_flush(L, &w, s, src, color, sd->size, baseline);
		w.font = font;
		if (w.glyphs->len == 0)
			w.x = x;
		dg.id = L->hyphen[font];
		dg.x = x - w.x;
		g_array_append_val(w.glyphs, dg);
		g_string_append_c(w.utf8, '-');
		x += L->hyphen_w[font] * sd->size;
		*xend = MAX(*xend, x);
	}
	word_flush(L, &w, s, src, color, sd->size, baseline);
	g_string_free(w.utf8, TRUE);
	g_array_free(w.glyphs, TRUE);
	for (guint k = 0; k < P->spans->len; k++) {
		struct span *sp = &g_array_index(P->spans, struct span, k);
		struct dl_item *it;

		if (sp->x0 > sp->x1)
			continue;
		it = strip_item(s, DL_LINK, src, NULL);
		it->u.link.x = sp->x0;
		it->u.link.y = baseline - sd->size * 0.85;
		it->u.link.w = sp->x1 - sp->x0;
		it->u.link.h = sd->size * 1.15;
		it->u.link.uri = sp->uri;
		if (sp->kind == SPAN_SEE) {
			struct fixup f = { FIX_LINK, -1, s->items->len - 1, 0, sp->target };

			g_array_append_val(s->fixups, f);
		}
	}
	/* A real hyphen between two letters at the end of the line: the RAE rule applies. */
	return !lf->shy && (last == '-' || last == 0x2010) && lf->next < L->clusters->len &&
	    g_unichar_isalpha(cl[lf->next].c);
}

/* Sets a paragraph: one strip per line, appended to `out`. */
static void
set_para(struct lay *L, struct para *P, const struct setting *st, const struct node *src, GPtrArray *out)
{
	const struct tpl_style_def *sd = &L->t->style[st->style];
	const struct dl_color *color = &L->t->color[st->color >= 0 ? st->color : (int)sd->color];
	const struct cluster *cl;
	gboolean hyph = FALSE;
	double baseline = (sd->leading - sd->size) / 2 + sd->size * 0.8;
	double width = st->width > 0 ? st->width : G_MAXDOUBLE;
	struct line_fit lf;

	while (P->text->len > 0 && P->text->str[P->text->len - 1] == ' ')
		g_string_truncate(P->text, P->text->len - 1);
	if (P->text->len == 0)
		return;
	para_shape(L, P, sd->font, sd->size);
	cl = (const struct cluster *)(const void *)L->clusters->data;
	for (guint start = 0; start < L->clusters->len; start = lf.next) {
		struct strip *s = strip_new(sd->leading);
		gboolean justified = st->justify && st->width > 0;
		double end = -1e9, right = st->x + st->width, x = st->x, extra = 0;
		double room;
		gboolean next;

		line_fit(L, start, width, sd->size, &lf);
		room = st->width > 0 ? st->width - lf.w : 0;
		justified = justified && lf.next < L->clusters->len;
		if (justified && room > 0) {
			int spaces = 0;

			for (guint i = lf.start; i < lf.end; i++)
				spaces += cl[i].c == ' ' || cl[i].c == 0xa0;
			extra = spaces > 0 ? room / spaces : 0;
		} else if (st->align == PANGO_ALIGN_CENTER) {
			x += room / 2;
		} else if (st->align == PANGO_ALIGN_RIGHT) {
			x += room;
		}
		next = emit_line(L, P, &lf, x, extra, baseline, sd, color, src, s, &end);
		if (hyph)
			prefix_hyphen(L, s, src, color, sd->size, baseline, justified, right, MIN(end, right));
		hyph = next;
		g_ptr_array_add(out, s);
	}
}

/* Convenience: a whole paragraph from inlines (or a plain string) into line strips. */
static void
set_inlines(struct lay *L, const struct node *inl, const char *plain, const struct setting *st,
    gboolean hyphenate, const struct node *src, GPtrArray *out)
{
	struct para P;

	para_init(&P, hyphenate);
	if (plain != NULL)
		para_text(L, &P, plain);
	para_inlines(L, &P, inl);
	set_para(L, &P, st, src, out);
	para_clear(&P);
}

static struct setting
setting(struct lay *L, enum tpl_style style, double x, double width)
{
	struct setting st = { style, width > 0 ? width : L->col, x, PANGO_ALIGN_LEFT, FALSE, -1 };

	return st;
}

/* ----- the flow ----- */

static void
flow_add(struct lay *L, struct strip *s)
{
	g_ptr_array_add(L->strips, s);
}

/* Appends a paragraph's lines with orphan and widow control (2 lines each). */
static void
flow_lines(struct lay *L, GPtrArray *lines, double before, gboolean keep_last)
{
	guint n = lines->len;

	for (guint i = 0; i < n; i++) {
		struct strip *s = lines->pdata[i];

		if (i == 0)
			s->before = before;
		s->keep = (i == 0 && n > 1) || (n >= 2 && i == n - 2) || (i == n - 1 && keep_last);
		flow_add(L, s);
	}
	g_ptr_array_set_size(lines, 0);
}

static const struct dl_color *
color(struct lay *L, enum tpl_color c)
{
	return &L->t->color[c];
}

static void
rect(struct strip *s, const struct node *src, double x, double y, double w, double h,
    const struct dl_color *fill)
{
	struct dl_item *it = strip_item(s, DL_RECT, src, fill);

	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
}

static void
hline(struct strip *s, const struct node *src, double x1, double x2, double y, double width,
    const struct dl_color *c)
{
	struct dl_item *it = strip_item(s, DL_LINE, src, c);

	it->u.line.x1 = x1;
	it->u.line.x2 = x2;
	it->u.line.y1 = it->u.line.y2 = y;
	it->u.line.width = width;
}

/* A single-line label (bullet, step number) at x on a line strip's baseline. */
static void
label_on(struct lay *L, struct strip *s, const char *text, enum tpl_style style, enum tpl_color c,
    double x, double width, PangoAlignment align, const struct node *src)
{
	GPtrArray *tmp = g_ptr_array_new();
	struct setting st = setting(L, style, x, width);

	st.align = align;
	st.color = c;
	set_inlines(L, NULL, text, &st, FALSE, src, tmp);
	if (tmp->len > 0)
		strip_absorb(s, tmp->pdata[0], 0, 0);
	for (guint i = 1; i < tmp->len; i++)
		strip_free(tmp->pdata[i]);
	g_ptr_array_free(tmp, TRUE);
}

static void blocks(struct lay *L, const struct node *first, double x, double width, GPtrArray *box,
    double *space);

/* The space between blocks: the larger of the two. */
static double
gap(double *space, double before)
{
	double g = MAX(*space, before);

	*space = 0;
	return g;
}

/* Appends line strips either to the flow (box == NULL) or to a box being built. */
static void
emit(struct lay *L, GPtrArray *lines, GPtrArray *box, double before, gboolean keep_last)
{
	if (lines->len == 0)
		return;
	if (box != NULL) {
		((struct strip *)lines->pdata[0])->before = before;
		for (guint i = 0; i < lines->len; i++)
			g_ptr_array_add(box, lines->pdata[i]);
		g_ptr_array_set_size(lines, 0);
	} else
		flow_lines(L, lines, before, keep_last);
}

/* A boxed strip (a notice, a card) with a block's space around it, to the flow or a box. */
static void
emit_box(struct lay *L, struct strip *s, GPtrArray *box, double *space)
{
	s->before = gap(space, L->t->block + 2);
	*space = L->t->block + 2;
	if (box != NULL)
		g_ptr_array_add(box, s);
	else
		flow_add(L, s);
}

static void
list_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	const struct tpl_style_def *body = &L->t->style[TS_BODY];
	double ind = L->t->list_indent;
	GPtrArray *lines = g_ptr_array_new();
	int num = 0;
	gboolean first = TRUE;

	if (n->type == NODE_STEPS)
		ind *= 1.25;
	for (const struct node *k = n->first; k != NULL; k = k->next) {
		struct setting st = setting(L, TS_BODY, x + ind, width - ind);
		char label[16];

		if (k->omit || k->type != NODE_ITEM)
			continue;
		st.justify = TRUE;
		set_inlines(L, model_text(&k->text, L->lang), NULL, &st, TRUE, k, lines);
		if (lines->len == 0)
			continue;
		if (n->type == NODE_STEPS)
			g_snprintf(label, sizeof(label), "%d.", ++num);
		else
			g_strlcpy(label, "•", sizeof(label));
		label_on(L, lines->pdata[0], label, n->type == NODE_STEPS ? TS_H3 : TS_BODY, TC_ACCENT,
		    x, ind - 3, n->type == NODE_STEPS ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, k);
		emit(L, lines, box, first ? gap(space, L->t->block) : L->t->item, FALSE);
		first = FALSE;
	}
	*space = body->after;
	g_ptr_array_free(lines, TRUE);
}

/* Width of a cell's text on one line, or (narrowest) of its widest word. */
static double
natural_width(struct lay *L, const struct node *cell, enum tpl_style style, gboolean narrowest)
{
	const struct tpl_style_def *sd = &L->t->style[style];
	const struct cluster *cl;
	struct para P;
	double w = 0, widest = 0;

	para_init(&P, FALSE);
	para_inlines(L, &P, model_text(&cell->text, L->lang));
	para_shape(L, &P, sd->font, sd->size);
	cl = (const struct cluster *)(const void *)L->clusters->data;
	for (guint i = 0; i < L->clusters->len; i++) {
		if (narrowest && cl[i].brk)
			w = 0;
		if (cl[i].c != ' ')
			w += cl[i].adv;
		widest = MAX(widest, w);
		if (!narrowest && cl[i].c == ' ')
			w += cl[i].adv;
	}
	para_clear(&P);
	return widest;
}

static struct strip *
table_row(struct lay *L, const struct node *row, const double *cx, const double *cw, int ncols,
    double x, double width, gboolean header)
{
	double pad = L->t->cell_pad, h = 0;
	struct strip *s = strip_new(0);
	GPtrArray *lines = g_ptr_array_new();
	GPtrArray *cells = g_ptr_array_new();
	int c = 0;

	for (const struct node *cell = row->first; cell != NULL && c < ncols; cell = cell->next) {
		struct setting st = setting(L, header ? TS_H3 : TS_BODY, 0, cw[c] - 2 * pad);
		struct strip *box;

		if (cell->type != NODE_CELL)
			continue;
		set_inlines(L, model_text(&cell->text, L->lang), NULL, &st, !header, cell, lines);
		box = strips_stack(lines, x + cx[c] + pad, 0, FALSE);
		h = MAX(h, box->h);
		g_ptr_array_add(cells, box);
		c++;
	}
	h += 2 * pad;
	if (header)
		rect(s, row, x, 0, width, h, color(L, TC_TINT_IMPORTANT));
	for (guint i = 0; i < cells->len; i++)
		strip_absorb(s, cells->pdata[i], 0, pad);
	/* Thin rules print in one ink (K): a three-ink hairline would not register. */
	hline(s, row, x, x + width, h, header ? L->t->accent_rule : L->t->rule, color(L, header ? TC_ACCENT : TC_RULE));
	s->h = h;
	g_ptr_array_free(cells, TRUE);
	g_ptr_array_free(lines, TRUE);
	return s;
}

static void
table_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	double nat[8] = { 0 }, min[8] = { 0 }, cw[8], cx[8], sum = 0, summin = 0;
	int ncols = 0;
	struct strip *header = NULL;
	GPtrArray *lines = g_ptr_array_new();
	gboolean first = TRUE;

	for (const struct node *r = n->first; r != NULL; r = r->next) {
		int c = 0;

		if (r->omit || (r->type != NODE_ROW && r->type != NODE_HEADER))
			continue;
		for (const struct node *cell = r->first; cell != NULL && c < 8; cell = cell->next, c++) {
			enum tpl_style cs = r->type == NODE_HEADER ? TS_H3 : TS_BODY;

			nat[c] = MAX(nat[c], natural_width(L, cell, cs, FALSE) + 2 * L->t->cell_pad + 1);
			min[c] = MAX(min[c], natural_width(L, cell, cs, TRUE) + 2 * L->t->cell_pad + 1);
		}
		ncols = MAX(ncols, c);
	}
	if (ncols == 0) {
		g_ptr_array_free(lines, TRUE);
		return;
	}
	for (int c = 0; c < ncols; c++) {
		sum += nat[c];
		summin += min[c];
	}
	for (int c = 0; c < ncols; c++) {
		/* Every column gets its widest word; the rest of the width goes by what each column
		 * would need to set its cells on one line. */
		if (sum <= width)
			cw[c] = nat[c] + (width - sum) * nat[c] / sum;
		else if (summin < width)
			cw[c] = min[c] + (width - summin) * (nat[c] - min[c]) / (sum - summin);
		else
			cw[c] = width * min[c] / summin;
		cx[c] = c == 0 ? 0 : cx[c - 1] + cw[c - 1];
	}
	if (model_text(&n->title, L->lang) != NULL) {
		struct setting st = setting(L, TS_CAPTION, x, width);

		set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, lines);
		emit(L, lines, box, gap(space, L->t->block), TRUE);
		first = FALSE;
	}
	for (const struct node *r = n->first; r != NULL; r = r->next) {
		struct strip *s;

		if (r->omit || (r->type != NODE_ROW && r->type != NODE_HEADER))
			continue;
		s = table_row(L, r, cx, cw, ncols, x, width, r->type == NODE_HEADER);
		if (first)
			s->before = gap(space, L->t->block);
		first = FALSE;
		if (r->type == NODE_HEADER) {
			s->keep = TRUE;
			s->is_header = TRUE;
			header = s;
		} else
			s->header = header;
		if (box != NULL)
			g_ptr_array_add(box, s);
		else
			flow_add(L, s);
	}
	*space = L->t->block;
	g_ptr_array_free(lines, TRUE);
}

/* A tinted box with a rule on the left: notices and cards.  `inner` holds its line strips. */
static struct strip *
boxed(struct lay *L, GPtrArray *inner, const struct node *src, double x, double width,
    enum tpl_color tint, enum tpl_color rulec, double pad)
{
	struct strip *content = strips_stack(inner, 0, pad, TRUE);
	struct strip *s = strip_new(content->h + pad);

	rect(s, src, x, 0, width, s->h, color(L, tint));
	if (L->t->notice_rule > 0) {
		struct dl_item *it = strip_item(s, DL_RECT, src, color(L, rulec));

		it->u.rect.x = x;
		it->u.rect.y = 0;
		it->u.rect.w = L->t->notice_rule;
		it->u.rect.h = s->h;
		it->u.rect.fill = 1;
	}
	strip_absorb(s, content, 0, 0);
	return s;
}

static void
notice_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	double pad = L->t->notice_pad, ix = x + L->t->notice_rule + pad, iw = width - L->t->notice_rule - 2 * pad;
	GPtrArray *inner = g_ptr_array_new();
	double sp = 0;
	static const enum tpl_color tints[] = { TC_TINT_WARNING, TC_TINT_IMPORTANT, TC_TINT_TIP };
	struct strip *s;

	if (model_text(&n->title, L->lang) != NULL) {
		struct setting st = setting(L, TS_H3, ix, iw);

		st.color = TC_ACCENT;
		set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, inner);
		sp = L->t->style[TS_H3].after;
	}
	blocks(L, n->first, ix, iw, inner, &sp);
	s = boxed(L, inner, n, x, width, tints[n->u.notice], n->u.notice == NOTICE_TIP ? TC_RULE : TC_ACCENT, pad);
	emit_box(L, s, box, space);
	g_ptr_array_free(inner, TRUE);
}

/* A contact's lines: name, each phone, web site and e-mail with its link, the note. */
static void
contact_lines(struct lay *L, const struct contact *c, double x, double width, const struct node *src,
    enum tpl_style body, GPtrArray *out)
{
	struct setting st = setting(L, TS_H3, x, width);
	double tab = width * 0.42;

	set_inlines(L, model_text(&c->name, L->lang), NULL, &st, FALSE, src, out);
	for (guint i = 0; i < c->entries->len; i++) {
		const struct fact *f = c->entries->pdata[i];
		struct para P;
		struct setting vs = setting(L, body, x + tab, width - tab);
		GPtrArray *tmp = g_ptr_array_new();
		const char *label = model_fact_label(f, L->lang) != NULL ? model_fact_label(f, L->lang) :
		    f->kind == FACT_PHONE ? L->w->phone : f->kind == FACT_URL ? L->w->web : L->w->email;

		if (f->value == NULL)
			continue;
		para_init(&P, FALSE);
		para_fact(L, &P, f);
		set_para(L, &P, &vs, src, tmp);
		para_clear(&P);
		if (tmp->len > 0) {
			struct setting ls = setting(L, body, x, tab - 4);
			GPtrArray *lab = g_ptr_array_new();
			struct strip *row;

			ls.color = TC_MUTED;
			set_inlines(L, NULL, label, &ls, FALSE, src, lab);
			row = strips_stack(lab, 0, 0, FALSE);
			{
				struct strip *val = strips_stack(tmp, 0, 0, FALSE);
				double h = MAX(row->h, val->h);

				strip_absorb(row, val, 0, 0);
				row->h = h;
			}
			g_ptr_array_add(out, row);
			g_ptr_array_free(lab, TRUE);
		}
		g_ptr_array_free(tmp, TRUE);
	}
	if (model_text(&c->note, L->lang) != NULL) {
		struct setting ns = setting(L, TS_SMALL, x, width);
		guint before = out->len;

		set_inlines(L, model_text(&c->note, L->lang), NULL, &ns, TRUE, src, out);
		if (out->len > before)
			((struct strip *)out->pdata[before])->before = 2;
	}
}

static void
card_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	double pad = L->t->card_pad;
	GPtrArray *inner = g_ptr_array_new();
	struct strip *s;

	if (n->u.ref.contact == NULL) {
		g_ptr_array_free(inner, TRUE);
		return;
	}
	contact_lines(L, n->u.ref.contact, x + L->t->notice_rule + pad, width - L->t->notice_rule - 2 * pad,
	    n, TS_SMALL, inner);
	s = boxed(L, inner, n, x, width, TC_TINT_CARD, TC_ACCENT, pad);
	emit_box(L, s, box, space);
	g_ptr_array_free(inner, TRUE);
}

/* PNG size from its header, without decoding it. */
static gboolean
png_size(const char *path, int *w, int *h)
{
	guchar b[24];
	FILE *fp = fopen(path, "rb");
	gboolean ok;

	if (fp == NULL)
		return FALSE;
	ok = fread(b, 1, sizeof(b), fp) == sizeof(b) && memcmp(b, "\x89PNG", 4) == 0;
	fclose(fp);
	if (!ok)
		return FALSE;
	*w = (int)((guint32)b[16] << 24 | (guint32)b[17] << 16 | (guint32)b[18] << 8 | b[19]);
	*h = (int)((guint32)b[20] << 24 | (guint32)b[21] << 16 | (guint32)b[22] << 8 | b[23]);
	return *w > 0 && *h > 0;
}

static void
image_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	char *path = g_build_filename(L->src_root, n->u.image.src != NULL ? n->u.image.src : "", NULL);
	int pw, ph;
	double w, h;
	struct strip *s;
	struct dl_item *it;
	GPtrArray *cap = g_ptr_array_new();
	char *alt;

	if (!png_size(path, &pw, &ph)) {
		g_free(path);
		g_ptr_array_free(cap, TRUE);
		return;
	}
	w = width * (n->u.image.width > 0 && n->u.image.width <= 100 ? n->u.image.width / 100.0 : 1.0);
	h = w * ph / pw;
	if (h > L->area_h * 0.6) {
		h = L->area_h * 0.6;
		w = h * pw / ph;
	}
	s = strip_new(h);
	it = strip_item(s, DL_IMAGE, n, NULL);
	it->u.image.x = x + (width - w) / 2;
	it->u.image.y = 0;
	it->u.image.w = w;
	it->u.image.h = h;
	it->u.image.path = display_intern(L->d, path);
	alt = model_plain_text(&n->text, L->lang);
	it->u.image.alt = display_intern(L->d, alt);
	g_free(alt);
	if (model_text(&n->title, L->lang) != NULL) {
		struct setting st = setting(L, TS_CAPTION, x, width);
		struct strip *c;

		st.align = PANGO_ALIGN_CENTER;
		set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, cap);
		c = strips_stack(cap, 0, 0, FALSE);
		s->h += L->t->style[TS_CAPTION].before;
		strip_absorb(s, c, 0, s->h);
		s->h += c->h - 0;
	}
	s->before = gap(space, L->t->block);
	*space = L->t->block;
	if (box != NULL)
		g_ptr_array_add(box, s);
	else
		flow_add(L, s);
	g_free(path);
	g_ptr_array_free(cap, TRUE);
}

/* The complaint form: a title, its text, and labelled writing lines. */
static void
form_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space,
    double line)
{
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, TS_H2, x, width);
	double sp = 0;

	set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, lines);
	emit(L, lines, box, gap(space, L->t->style[TS_H2].before), TRUE);
	for (const struct node *k = n->first; k != NULL; k = k->next) {
		if (k->omit)
			continue;
		if (k->type == NODE_PARA) {
			struct setting ps = setting(L, TS_SMALL, x, width);

			ps.justify = TRUE;
			set_inlines(L, model_text(&k->text, L->lang), NULL, &ps, TRUE, k, lines);
			emit(L, lines, box, sp, FALSE);
			sp = L->t->style[TS_SMALL].after + 4;
		} else if (k->type == NODE_FIELD) {
			struct setting fs = setting(L, TS_SMALL, x, width);
			struct strip *w;
			int nl = k->u.lines > 0 ? k->u.lines : 1;

			fs.color = TC_MUTED;
			set_inlines(L, model_text(&k->text, L->lang), NULL, &fs, FALSE, k, lines);
			emit(L, lines, box, sp, TRUE);
			sp = 0;
			w = strip_new(line * nl);
			for (int i = 1; i <= nl; i++)
				hline(w, k, x, x + width, line * i, L->t->rule, color(L, TC_TEXT));
			w->before = 0;
			g_ptr_array_add(box, w);
			sp = 3;
		}
	}
	*space = L->t->block;
	g_ptr_array_free(lines, TRUE);
}

static gboolean
has_form(const struct node *n)
{
	for (const struct node *k = n->first; k != NULL; k = k->next)
		if (!k->omit && (k->type == NODE_FORM || (k->type == NODE_SECTION && has_form(k))))
			return TRUE;
	return FALSE;
}

static void section(struct lay *L, const struct node *s, int level, GPtrArray *box, double *space);

/* One block: into the flow (box == NULL) or into a box being built. */
static void
block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	GPtrArray *lines;
	struct setting st;

	if (n->omit)
		return;
	{
		switch (n->type) {
		case NODE_PARA:
			lines = g_ptr_array_new();
			st = setting(L, TS_BODY, x, width);
			st.justify = TRUE;
			set_inlines(L, model_text(&n->text, L->lang), NULL, &st, TRUE, n, lines);
			emit(L, lines, box, gap(space, L->t->block), FALSE);
			*space = L->t->style[TS_BODY].after;
			g_ptr_array_free(lines, TRUE);
			break;
		case NODE_LIST:
		case NODE_STEPS:
			list_block(L, n, x, width, box, space);
			break;
		case NODE_TABLE:
			table_block(L, n, x, width, box, space);
			break;
		case NODE_NOTICE:
			notice_block(L, n, x, width, box, space);
			break;
		case NODE_CARD:
			card_block(L, n, x, width, box, space);
			break;
		case NODE_IMAGE:
			image_block(L, n, x, width, box, space);
			break;
		case NODE_FORM:
			if (box != NULL)
				form_block(L, n, x, width, box, space, L->t->form_line);
			break;
		case NODE_SECTION:
			section(L, n, 3, box, space);
			break;
		default:
			break;
		}
	}
}

/* The blocks of a notice, ...: each sibling from `first` on. */
static void
blocks(struct lay *L, const struct node *first, double x, double width, GPtrArray *box, double *space)
{
	for (const struct node *n = first; n != NULL; n = n->next)
		block(L, n, x, width, box, space);
}

/* The form's section: everything in one strip on a page of its own, the writing lines
 * tightened if the page is short. */
static void
form_section(struct lay *L, const struct node *s)
{
	double line = L->t->form_line;

	for (int tries = 0; tries < 8; tries++) {
		GPtrArray *box = g_ptr_array_new();
		GPtrArray *lines = g_ptr_array_new();
		struct setting st = setting(L, TS_H2, 0, L->col);
		double space = 0;
		struct strip *all;

		set_inlines(L, model_text(&s->title, L->lang), NULL, &st, FALSE, s, lines);
		emit(L, lines, box, 0, TRUE);
		space = L->t->style[TS_H2].after;
		for (const struct node *n = s->first; n != NULL; n = n->next)
			if (n->type == NODE_FORM && !n->omit)
				form_block(L, n, 0, L->col, box, &space, line);
			else
				block(L, n, 0, L->col, box, &space);
		all = strips_stack(box, 0, 0, TRUE);
		g_ptr_array_free(box, TRUE);
		g_ptr_array_free(lines, TRUE);
		if (all->h <= L->area_h || tries == 7) {
			anchor_add(all, s, 0);
			all->newpage = TRUE;
			all->alone = TRUE;
			flow_add(L, all);
			return;
		}
		strip_free(all);
		line *= 0.92;
	}
}

static void
section(struct lay *L, const struct node *s, int level, GPtrArray *box, double *space)
{
	enum tpl_style hs = level == 2 ? TS_H2 : TS_H3;
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, hs, 0, L->col);

	if (box == NULL && has_form(s)) {
		form_section(L, s);
		*space = 0;
		g_ptr_array_free(lines, TRUE);
		return;
	}
	set_inlines(L, model_text(&s->title, L->lang), NULL, &st, FALSE, s, lines);
	if (lines->len > 0)
		anchor_add(lines->pdata[0], s, 0);
	emit(L, lines, box, gap(space, L->t->style[hs].before), TRUE);
	*space = L->t->style[hs].after;
	g_ptr_array_free(lines, TRUE);
	for (const struct node *n = s->first; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		if (n->type == NODE_SECTION)
			section(L, n, level + 1, box, space);
		else
			block(L, n, 0, L->col, box, space);
	}
}

static char *
chapter_title(const struct lay *L, const struct node *ch)
{
	return model_plain_text(&ch->title, L->lang);
}

static void
chapter(struct lay *L, const struct node *ch, int num)
{
	const struct tpl_style_def *cn = &L->t->style[TS_CHAPNUM];
	struct strip *open = strip_new(cn->before);
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, TS_CHAPNUM, 0, L->col);
	char buf[16];
	double space;
	struct strip *title;

	g_snprintf(buf, sizeof(buf), "%d", num);
	set_inlines(L, NULL, buf, &st, FALSE, ch, lines);
	st = setting(L, TS_H1, 0, L->col);
	set_inlines(L, model_text(&ch->title, L->lang), NULL, &st, FALSE, ch, lines);
	title = strips_stack(lines, 0, 0, FALSE);
	open->h = cn->before + title->h + cn->after;
	strip_absorb(open, title, 0, cn->before);
	hline(open, ch, 0, L->col * 0.28, open->h, L->t->accent_rule * 2, color(L, TC_ACCENT));
	open->h += L->t->style[TS_H1].after;
	open->newpage = TRUE;
	open->opening = TRUE;
	open->keep = TRUE;
	open->chapter = ch;
	{
		char *t = chapter_title(L, ch);

		open->head = display_intern(L->d, t);
		g_free(t);
	}
	anchor_add(open, ch, 0);
	flow_add(L, open);
	space = 0;
	for (const struct node *s = ch->first; s != NULL; s = s->next)
		if (!s->omit && s->type == NODE_SECTION)
			section(L, s, 2, NULL, &space);
	g_ptr_array_free(lines, TRUE);
}

/* ----- contents, directory ----- */

/* A number run of `ndigits` placeholder digits, right-aligned at `right`, filled in later. */
static void
number_run(struct lay *L, struct strip *s, enum tpl_style style, double right, double baseline,
    const struct node *target, const struct node *src)
{
	const struct tpl_style_def *sd = &L->t->style[style];
	struct dl_item *it = strip_item(s, DL_TEXT, src, color(L, sd->color));
	struct fixup f = { FIX_RIGHT, -1, s->items->len - 1, 0, target };
	double dw = L->digit_w[sd->font] * sd->size;

	it->u.text.font = sd->font;
	it->u.text.size = sd->size;
	it->u.text.x = right - 2 * dw;
	it->u.text.y = baseline;
	it->u.text.utf8 = "00";
	it->u.text.nglyphs = 2;
	it->u.text.glyphs = display_glyphs(L->d, 2);
	it->u.text.glyphs[0].id = it->u.text.glyphs[1].id = L->digit[sd->font][0];
	it->u.text.glyphs[1].x = dw;
	g_array_append_val(s->fixups, f);
}

static void
internal_link(struct strip *s, const struct node *target, double x, double y, double w, double h)
{
	struct dl_item *it = strip_item(s, DL_LINK, NULL, NULL);
	struct fixup f = { FIX_LINK, -1, s->items->len - 1, 0, target };

	it->u.link.x = x;
	it->u.link.y = y;
	it->u.link.w = w;
	it->u.link.h = h;
	g_array_append_val(s->fixups, f);
}

static void
toc_entry(struct lay *L, const struct node *target, const char *num, enum tpl_style style, double indent)
{
	const struct tpl_style_def *sd = &L->t->style[style];
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, style, indent, L->col - indent - 8 * sd->size * 0.3 - 14);
	struct strip *s;
	double baseline = (sd->leading - sd->size) / 2 + sd->size * 0.8;

	set_inlines(L, model_text(&target->title, L->lang), NULL, &st, FALSE, target, lines);
	s = strips_stack(lines, 0, 0, FALSE);
	if (num != NULL) {
		struct strip *n = strip_new(sd->leading);

		label_on(L, n, num, style, TC_ACCENT, 0, indent - 3, PANGO_ALIGN_LEFT, target);
		strip_absorb(s, n, 0, 0);
	}
	number_run(L, s, style, L->col, s->h - sd->leading + baseline, target, target);
	internal_link(s, target, 0, 0, L->col, s->h);
	s->before = sd->before;
	s->keep = style == TS_TOC_CHAPTER;
	flow_add(L, s);
	g_ptr_array_free(lines, TRUE);
}

static void
contents(struct lay *L)
{
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, TS_H1, 0, L->col);
	struct strip *h;
	int num = 0;

	set_inlines(L, NULL, L->w->contents, &st, FALSE, NULL, lines);
	h = strips_stack(lines, 0, 0, FALSE);
	h->h += L->t->style[TS_H1].after;
	h->newpage = TRUE;
	h->keep = TRUE;
	flow_add(L, h);
	for (guint i = 0; i < L->m->edition->chapters->len; i++) {
		const struct node *ch = L->m->edition->chapters->pdata[i];
		char buf[16];

		if (ch->omit)
			continue;
		g_snprintf(buf, sizeof(buf), "%d", ++num);
		toc_entry(L, ch, buf, TS_TOC_CHAPTER, L->t->list_indent * 1.6);
		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && s->type == NODE_SECTION)
				toc_entry(L, s, NULL, TS_TOC, L->t->list_indent * 1.6);
	}
	g_ptr_array_free(lines, TRUE);
}

/* A sort key that ignores accents and case: "Órgano" files under O. */
static char *
sort_key(const char *s)
{
	char *nfd = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
	GString *k = g_string_new(NULL);
	char *low;

	for (const char *p = nfd; p != NULL && *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_type(c) != G_UNICODE_NON_SPACING_MARK)
			g_string_append_unichar(k, c);
	}
	g_free(nfd);
	low = g_utf8_strdown(k->str, -1);
	g_string_free(k, TRUE);
	return low;
}

struct dir_entry {
	char			*key;
	const struct contact	*c;
	const struct agency	*a;
};

static int
dir_cmp(gconstpointer a, gconstpointer b)
{
	const struct dir_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	return r != 0 ? r : strcmp(x->c->id != NULL ? x->c->id : "", y->c->id != NULL ? y->c->id : "");
}

static void
directory(struct lay *L)
{
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct dir_entry));
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, TS_H1, 0, L->col);
	struct strip *h;

	for (guint i = 0; i < L->m->agencies->len; i++) {
		const struct agency *a = L->m->agencies->pdata[i];

		if (!a->in_edition)
			continue;
		for (guint j = 0; j < a->contacts->len; j++) {
			struct dir_entry e;
			char *name;

			e.c = a->contacts->pdata[j];
			e.a = a;
			name = model_plain_text(&e.c->name, L->lang);
			e.key = sort_key(name);
			g_free(name);
			g_array_append_val(all, e);
		}
	}
	g_array_sort(all, dir_cmp);
	set_inlines(L, NULL, L->w->directory, &st, FALSE, NULL, lines);
	h = strips_stack(lines, 0, 0, FALSE);
	h->h += L->t->style[TS_H1].after;
	h->newpage = TRUE;
	h->opening = TRUE;
	h->keep = TRUE;
	h->head = L->w->directory;
	flow_add(L, h);
	for (guint i = 0; i < all->len; i++) {
		struct dir_entry *e = &g_array_index(all, struct dir_entry, i);
		struct strip *s;

		contact_lines(L, e->c, 0, L->col, NULL, TS_SMALL, lines);
		s = strips_stack(lines, 0, 0, TRUE);
		hline(s, NULL, 0, L->col, s->h + 4, L->t->rule * 0.6, color(L, TC_RULE));
		s->h += 4;
		s->before = 5;
		flow_add(L, s);
		g_free(e->key);
	}
	g_array_free(all, TRUE);
	g_ptr_array_free(lines, TRUE);
}

/* ----- pages ----- */

static double
col_left(const struct lay *L, int page)
{
	/* page index 0 is folio 1, a right-hand page: its inner margin is on the left */
	return page % 2 == 0 ? L->t->inner : L->t->outer;
}

static struct dl_page *
new_page(struct lay *L, enum page_kind kind)
{
	int idx = (int)L->d->pages->len;
	char label[16];
	struct pinfo *pi = g_new0(struct pinfo, 1);

	g_snprintf(label, sizeof(label), "%d", idx + 1);
	L->page = display_add_page(L->d, kind == PK_COVER || kind == PK_NOTES || kind == PK_COLOPHON ?
	    0 : idx + 1, kind == PK_COVER ? L->w->cover : label);
	pi->kind = kind;
	pi->head = L->head;
	pi->chapter = L->chapter;
	g_ptr_array_add(L->pinfo, pi);
	L->y = 0;
	L->empty = TRUE;
	return L->page;
}

static void
place(struct lay *L, struct strip *s, gboolean copy_items)
{
	int pidx = (int)L->d->pages->len - 1;
	double dx = col_left(L, pidx), dy = L->t->top + L->y;
	guint base = L->page->items->len;

	for (guint i = 0; i < s->items->len; i++) {
		struct dl_item it = g_array_index(s->items, struct dl_item, i);

		if (copy_items && it.kind == DL_TEXT) {
			it.u.text.glyphs = display_glyphs(L->d, it.u.text.nglyphs);
			memcpy(it.u.text.glyphs, g_array_index(s->items, struct dl_item, i).u.text.glyphs,
			    it.u.text.nglyphs * sizeof(struct dl_glyph));
		}
		item_move(&it, dx, dy);
		g_array_append_val(L->page->items, it);
	}
	if (!copy_items) {
		/* the items are the page's now: the strip's room goes back at once */
		g_array_free(s->items, TRUE);
		s->items = g_array_new(FALSE, TRUE, sizeof(struct dl_item));
	}
	for (guint i = 0; i < s->fixups->len; i++) {
		struct fixup f = g_array_index(s->fixups, struct fixup, i);

		f.page = pidx;
		f.item += base;
		g_array_append_val(L->fixups, f);
	}
	for (guint i = 0; i < s->anchors->len; i++) {
		const struct anchor *a = &g_array_index(s->anchors, struct anchor, i);
		struct anchor *p = g_new0(struct anchor, 1);

		p->node = a->node;
		p->page = pidx;
		p->y = dy + a->y;
		if (!g_hash_table_contains(L->anchors, a->node))
			g_hash_table_insert(L->anchors, (gpointer)a->node, p);
		else
			g_free(p);
	}
	L->y += s->h;
	L->empty = FALSE;
}

static void
paginate(struct lay *L, enum page_kind kind)
{
	GPtrArray *st = L->strips;

	for (guint i = 0; i < st->len;) {
		struct strip *s = st->pdata[i];
		struct pinfo *pi;
		double hgroup;
		guint j = i;

		if (s->head != NULL) {
			L->head = s->head;
			L->chapter = s->chapter;
		}
		if (L->page == NULL || ((s->newpage || s->opening) && !L->empty))
			new_page(L, kind);
		pi = L->pinfo->pdata[L->pinfo->len - 1];
		if (s->opening) {
			pi->kind = PK_OPENING;
			pi->head = L->head;
			pi->chapter = L->chapter;
		}
		hgroup = (L->empty ? 0 : s->before) + s->h;
		/* the keep chain */
		while (j + 1 < st->len && ((struct strip *)st->pdata[j])->keep &&
		    !((struct strip *)st->pdata[j + 1])->newpage && !((struct strip *)st->pdata[j + 1])->opening) {
			j++;
			hgroup += ((struct strip *)st->pdata[j])->before + ((struct strip *)st->pdata[j])->h;
		}
		if (hgroup > L->area_h) {
			/* too long to keep together: break where it must */
			j = i;
			hgroup = (L->empty ? 0 : s->before) + s->h;
		}
		if (L->y + hgroup > L->area_h + 0.01 && !L->empty) {
			new_page(L, kind);
			if (s->header != NULL) {
				place(L, s->header, TRUE);
				L->y += 0;
			}
		}
		for (guint k = i; k <= j; k++) {
			struct strip *p = st->pdata[k];

			if (!L->empty)
				L->y += p->before;
			place(L, p, p->is_header);
			if (p->alone)
				L->y = L->area_h + 1;
		}
		i = j + 1;
	}
}

/* Fills in the page numbers the text quotes and the internal links' targets. */
static void
apply_fixups(struct lay *L)
{
	for (guint i = 0; i < L->fixups->len; i++) {
		const struct fixup *f = &g_array_index(L->fixups, struct fixup, i);
		struct dl_page *p = L->d->pages->pdata[f->page];
		struct dl_item *it = &g_array_index(p->items, struct dl_item, f->item);
		const struct anchor *a = g_hash_table_lookup(L->anchors, f->target);
		char num[16], *utf8;
		int folio = a != NULL ? a->page + 1 : 0;
		guint nd, old = 2;
		double dw, delta;

		if (f->kind == FIX_LINK) {
			it->u.link.page = a != NULL ? a->page : 0;
			it->u.link.dest_y = a != NULL ? a->y : 0;
			continue;
		}
		g_snprintf(num, sizeof(num), "%d", folio);
		nd = (guint)strlen(num);
		dw = L->digit_w[it->u.text.font] * it->u.text.size;
		delta = ((double)nd - old) * dw;
		/* glyphs: first..first+old are the placeholder digits */
		if (nd != old) {
			guint n = it->u.text.nglyphs - old + nd;
			struct dl_glyph *g = display_glyphs(L->d, n);

			memcpy(g, it->u.text.glyphs, f->glyph * sizeof(*g));
			for (guint k = f->glyph + old; k < it->u.text.nglyphs; k++) {
				g[k - old + nd] = it->u.text.glyphs[k];
				g[k - old + nd].x += delta;
			}
			for (guint k = 0; k < nd; k++)
				g[f->glyph + k].x = it->u.text.glyphs[f->glyph].x + k * dw;
			it->u.text.glyphs = g;
			it->u.text.nglyphs = n;
		}
		for (guint k = 0; k < nd; k++)
			it->u.text.glyphs[f->glyph + k].id = L->digit[it->u.text.font][num[k] - '0'];
		{
			/* the placeholder digits are the only "00" in the run's characters */
			const char *at = strstr(it->u.text.utf8, "00");
			GString *s = g_string_new(NULL);

			if (at != NULL) {
				g_string_append_len(s, it->u.text.utf8, at - it->u.text.utf8);
				g_string_append(s, num);
				g_string_append(s, at + 2);
			} else
				g_string_append(s, it->u.text.utf8);
			utf8 = g_string_free(s, FALSE);
			it->u.text.utf8 = display_intern(L->d, utf8);
			g_free(utf8);
		}
		if (f->kind == FIX_RIGHT)
			it->u.text.x -= delta;
	}
}

/* A one-line text item at an absolute position on a page. */
static void
page_text(struct lay *L, struct dl_page *p, const char *text, enum tpl_style style, int colr,
    double x, double y, double width, PangoAlignment align, const struct node *src)
{
	GPtrArray *tmp = g_ptr_array_new();
	struct setting st = setting(L, style, 0, width);
	const struct tpl_style_def *sd = &L->t->style[style];
	double baseline = (sd->leading - sd->size) / 2 + sd->size * 0.8;

	st.align = align;
	st.color = colr;
	set_inlines(L, NULL, text, &st, FALSE, src, tmp);
	for (guint i = 0; i < tmp->len; i++) {
		struct strip *s = tmp->pdata[i];

		for (guint k = 0; k < s->items->len; k++) {
			struct dl_item it = g_array_index(s->items, struct dl_item, k);

			item_move(&it, x, y - baseline + i * sd->leading);
			g_array_append_val(p->items, it);
		}
		g_array_set_size(s->items, 0);
		strip_free(s);
	}
	g_ptr_array_free(tmp, TRUE);
}

static void
page_rect(struct dl_page *p, double x, double y, double w, double h, const struct dl_color *c)
{
	struct dl_item *it = display_add_item(p, DL_RECT);

	it->color = *c;
	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
}

static void
page_line(struct dl_page *p, double x1, double y1, double x2, double y2, double w, const struct dl_color *c)
{
	struct dl_item *it = display_add_item(p, DL_LINE);

	it->color = *c;
	it->u.line.x1 = x1;
	it->u.line.y1 = y1;
	it->u.line.x2 = x2;
	it->u.line.y2 = y2;
	it->u.line.width = w;
}

/* Running heads and folios. */
static void
decorate(struct lay *L)
{
	const struct template *t = L->t;

	for (guint i = 0; i < L->d->pages->len; i++) {
		struct dl_page *p = L->d->pages->pdata[i];
		const struct pinfo *pi = L->pinfo->pdata[i];
		double left = col_left(L, (int)i), bottom = t->trim_h - t->bottom;
		gboolean recto = i % 2 == 0;
		char num[16];

		if (pi->kind == PK_COVER || pi->kind == PK_NOTES || pi->kind == PK_COLOPHON)
			continue;
		if (pi->kind == PK_BODY && pi->head != NULL) {
			double y = t->top - t->head_gap;

			page_text(L, p, pi->head, TS_HEAD, -1, left, y, L->col,
			    recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, pi->chapter);
			page_line(p, left, y + 3, left + L->col, y + 3, t->rule * 0.6, color(L, TC_RULE));
		}
		g_snprintf(num, sizeof(num), "%u", i + 1);
		page_text(L, p, num, TS_FOLIO, -1, left, bottom + t->folio_gap, L->col,
		    recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, NULL);
	}
}

/* A phone of the cover's emergency strip: label above, number big, with its link. */
static void
cover_phone(struct lay *L, struct dl_page *p, const char *label, const struct fact *f, double x,
    double y, double w)
{
	char *v;
	const struct tpl_style_def *sd = &L->t->style[TS_COVER_PHONE];
	struct dl_item *it;

	if (f == NULL)
		return;
	v = model_format_value(f, f->value, L->lang);
	page_text(L, p, label, TS_COVER_LABEL, -1, x, y, w, PANGO_ALIGN_LEFT, NULL);
	page_text(L, p, v, TS_COVER_PHONE, -1, x, y + sd->leading, w, PANGO_ALIGN_LEFT, NULL);
	it = display_add_item(p, DL_LINK);
	it->u.link.x = x;
	it->u.link.y = y + sd->leading - sd->size;
	it->u.link.w = w;
	it->u.link.h = sd->leading;
	it->u.link.uri = fact_uri(L, f);
	g_free(v);
}

static void
cover(struct lay *L)
{
	const struct template *t = L->t;
	const struct edition *e = L->m->edition;
	struct dl_page *p = new_page(L, PK_COVER);
	char *title = model_plain_text(&e->title, L->lang), **parts, *from, *to, *when;
	double x = t->inner, w = L->col, y, strip_y;

	page_rect(p, -t->bleed, -t->bleed, t->trim_w + 2 * t->bleed, t->cover_band + t->bleed,
	    color(L, TC_ACCENT));
	parts = g_strsplit(title, " · ", 2);
	y = t->cover_band * 0.42;
	page_text(L, p, parts[0], TS_COVER_TITLE, -1, x, y, w, PANGO_ALIGN_LEFT, NULL);
	if (parts[0] != NULL && parts[1] != NULL)
		page_text(L, p, parts[1], TS_COVER_SUB, -1, x, y + t->style[TS_COVER_TITLE].leading, w,
		    PANGO_ALIGN_LEFT, NULL);
	from = words_date(L->lang, e->op_start);
	to = words_date(L->lang, e->op_end);
	when = g_strdup_printf(L->w->operation, from, to);
	page_text(L, p, when, TS_COVER_SUB, -1, x, t->cover_band - 12, w, PANGO_ALIGN_LEFT, NULL);
	/* the emergency strip */
	strip_y = t->cover_band + 14 * 72 / 25.4;
	page_line(p, x, strip_y - 12, x + w, strip_y - 12, t->accent_rule * 2, color(L, TC_ACCENT));
	cover_phone(L, p, L->w->cover_eua, model_role_phone(L->m, "paisano-eua"), x, strip_y, w);
	cover_phone(L, p, L->w->cover_mx, model_role_phone(L->m, "paisano-mx"), x, strip_y + 40, w);
	cover_phone(L, p, L->w->cover_911, model_role_phone(L->m, "emergencias"), x, strip_y + 80, w);
	page_line(p, x, strip_y + 110, x + w, strip_y + 110, t->rule, color(L, TC_RULE));
	page_text(L, p, L->w->cover_foot, TS_COVER_LABEL, TC_MUTED, x, t->trim_h - t->bottom, w,
	    PANGO_ALIGN_LEFT, NULL);
	g_strfreev(parts);
	g_free(title);
	g_free(from);
	g_free(to);
	g_free(when);
}

static void
notes_page(struct lay *L)
{
	struct dl_page *p = new_page(L, PK_NOTES);
	int idx = (int)L->d->pages->len - 1;
	double x = col_left(L, idx), y = L->t->top + L->t->style[TS_NOTES].size;

	L->d->notes++;
	page_text(L, p, L->w->notes, TS_NOTES, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	for (y += L->t->notes_line; y < L->t->trim_h - L->t->bottom; y += L->t->notes_line)
		page_line(p, x, y, x + L->col, y, L->t->rule * 0.6, color(L, TC_RULE));
}

static void
colophon(struct lay *L)
{
	const struct edition *e = L->m->edition;
	struct dl_page *p = new_page(L, PK_COLOPHON);
	int idx = (int)L->d->pages->len - 1;
	double x = col_left(L, idx), y = L->t->trim_h * 0.55, lead = L->t->style[TS_SMALL].leading;
	char *title = model_plain_text(&e->title, L->lang), *date = words_date(L->lang, e->date), *s;
	GString *who = g_string_new(NULL);
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = setting(L, TS_SMALL, 0, L->col);

	page_line(p, x, y - 14, x + L->col * 0.28, y - 14, L->t->accent_rule * 2, color(L, TC_ACCENT));
	page_text(L, p, title, TS_H3, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	y += lead * 1.6;
	s = g_strdup_printf(L->w->version, L->d->version);
	page_text(L, p, s, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	g_free(s);
	y += lead;
	s = g_strdup_printf(L->w->edition_date, date);
	page_text(L, p, s, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	g_free(s);
	y += lead * 1.6;
	for (guint i = 0; i < L->m->agencies->len; i++) {
		const struct agency *a = L->m->agencies->pdata[i];

		/* Its short name, or (a snapshot made before every agency had one) its name: never its id. */
		if (a->in_edition) {
			const char *sn = model_agency_short(a, L->lang);
			char *name = sn == NULL ? model_plain_text(&a->name, L->lang) : NULL;

			g_string_append_printf(who, "%s%s", who->len > 0 ? ", " : "", sn != NULL ? sn : name);
			g_free(name);
		}
	}
	s = g_strdup_printf(L->w->reviewed, who->str);
	set_inlines(L, NULL, s, &st, TRUE, NULL, lines);
	g_free(s);
	for (guint i = 0; i < lines->len; i++) {
		struct strip *l = lines->pdata[i];

		for (guint k = 0; k < l->items->len; k++) {
			struct dl_item it = g_array_index(l->items, struct dl_item, k);

			item_move(&it, x, y - lead * 0.75);
			g_array_append_val(p->items, it);
		}
		g_array_set_size(l->items, 0);
		strip_free(l);
		y += lead;
	}
	y += lead * 0.6;
	page_text(L, p, L->w->fonts, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	y += lead;
	page_text(L, p, L->w->free, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	g_ptr_array_free(lines, TRUE);
	g_string_free(who, TRUE);
	g_free(title);
	g_free(date);
}

static void
outline(struct lay *L)
{
	for (guint i = 0; i < L->m->edition->chapters->len; i++) {
		const struct node *ch = L->m->edition->chapters->pdata[i];
		const struct anchor *a = g_hash_table_lookup(L->anchors, ch);
		struct dl_outline o;

		if (ch->omit || a == NULL)
			continue;
		o.title = chapter_title(L, ch);
		o.level = 1;
		o.page = a->page;
		o.y = a->y;
		g_array_append_val(L->d->outline, o);
		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			if (s->omit || s->type != NODE_SECTION ||
			    (a = g_hash_table_lookup(L->anchors, s)) == NULL)
				continue;
			o.title = model_plain_text(&s->title, L->lang);
			o.level = 2;
			o.page = a->page;
			o.y = a->y;
			g_array_append_val(L->d->outline, o);
		}
	}
}

static gint64
edition_time(const struct edition *e)
{
	const char *sde = g_getenv("SOURCE_DATE_EPOCH");
	GDate g;
	GDateTime *dt;
	gint64 t;

	if (sde != NULL && *sde != '\0') {
		char *end;
		gint64 v = g_ascii_strtoll(sde, &end, 10);

		if (*end == '\0' && v >= 0)
			return v;
	}
	if (e->date == 0)
		return 0;
	g_date_clear(&g, 1);
	g_date_set_julian(&g, e->date);
	dt = g_date_time_new_utc(g_date_get_year(&g), g_date_get_month(&g), g_date_get_day(&g), 12, 0, 0);
	t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static void
lay_free(struct lay *L)
{
	if (L->strips != NULL)
		g_ptr_array_free(L->strips, TRUE);
	if (L->pinfo != NULL) {
		for (guint i = 0; i < L->pinfo->len; i++)
			g_free(L->pinfo->pdata[i]);
		g_ptr_array_free(L->pinfo, TRUE);
	}
	if (L->fixups != NULL)
		g_array_free(L->fixups, TRUE);
	if (L->anchors != NULL)
		g_hash_table_destroy(L->anchors);
	if (L->font_idx != NULL)
		g_hash_table_destroy(L->font_idx);
	for (int r = 0; r < TF__MAX; r++) {
		g_free(L->glyph_table[r]);
		if (L->glyph_hash[r] != NULL)
			g_hash_table_destroy(L->glyph_hash[r]);
	}
	if (L->clusters != NULL)
		g_array_free(L->clusters, TRUE);
	if (L->marks != NULL)
		g_byte_array_free(L->marks, TRUE);
	for (int r = 0; r < TF__MAX; r++)
		if (L->desc[r] != NULL)
			pango_font_description_free(L->desc[r]);
	if (L->pl != NULL)
		g_object_unref(L->pl);
	if (L->ctx != NULL)
		g_object_unref(L->ctx);
	if (L->fm != NULL)
		g_object_unref(L->fm);
	if (L->fc != NULL)
		FcConfigDestroy(L->fc);
	hyph_free(L->hy);
}

static gboolean
lay_init(struct lay *L, const struct model *m, const struct template *t, const char *src_root,
    enum lang lang, struct display *d, GError **err)
{
	const char *dict = lang == LANG_EN ? t->hyph_dict_en : t->hyph_dict_es;

	memset(L, 0, sizeof(*L));
	L->m = m;
	L->t = t;
	L->lang = lang;
	L->w = words_for(lang);
	L->src_root = src_root != NULL ? src_root : "guide-src";
	L->d = d;
	L->col = template_column(t);
	L->area_h = t->trim_h - t->top - t->bottom;
	L->strips = g_ptr_array_new_with_free_func((GDestroyNotify)strip_free);
	L->pinfo = g_ptr_array_new();
	L->fixups = g_array_new(FALSE, TRUE, sizeof(struct fixup));
	L->anchors = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	for (int r = 0; r < TF__MAX; r++)
		L->glyph_hash[r] = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	L->clusters = g_array_sized_new(FALSE, FALSE, sizeof(struct cluster), 1024);
	L->marks = g_byte_array_sized_new(1024);
	if (dict == NULL) {
		g_set_error(err, layout_error_quark(), 1,
		    "the template has no hyphenation dictionary for \"%s\": add <dict lang=\"%s\" file=\"...\"/>",
		    model_lang_code(lang), model_lang_code(lang));
		return FALSE;
	}
	if ((L->hy = hyph_new(dict, t->hyph_min_word, t->hyph_left, t->hyph_right, err)) == NULL)
		return FALSE;
	return fonts_init(L, err);
}

struct display *
layout_edition(const struct model *m, const struct template *t, const char *src_root, enum lang lang,
    GError **err)
{
	struct lay L;
	struct display *d;
	int num = 0;
	guint total;

	if (m == NULL || m->edition == NULL) {
		g_set_error(err, layout_error_quark(), 1, "no edition to lay out");
		return NULL;
	}
	if ((m->edition->langs & (1u << lang)) == 0) {
		g_set_error(err, layout_error_quark(), 1, "edition %s is not published in \"%s\": its manifest "
		    "says languages=\"es\" (write languages=\"es en\" on <edition> to add English)",
		    m->edition->id, model_lang_code(lang));
		return NULL;
	}
	d = display_new();
	if (!lay_init(&L, m, t, src_root, lang, d, err)) {
		lay_free(&L);
		display_free(d);
		return NULL;
	}
	d->trim_w = t->trim_w;
	d->trim_h = t->trim_h;
	d->bleed = t->bleed;
	d->title = model_plain_text(&m->edition->title, L.lang);
	d->version = m->edition->version != NULL ? g_strdup(m->edition->version) :
	    g_strdup_printf("%s r%u", m->edition->id, m->edition->revision);
	d->lang = g_strdup(model_lang_code(L.lang));
	d->date = edition_time(m->edition);
	d->draft = m->edition->status == STATUS_DRAFT;

	cover(&L);
	L.page = NULL;
	contents(&L);
	paginate(&L, PK_FRONT);
	g_ptr_array_set_size(L.strips, 0);
	L.page = NULL;
	for (guint i = 0; i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		if (ch->omit)
			continue;
		/* A chapter opens a new page, so the chapters before it can be placed and their
		 * strips freed: a long edition holds one chapter's strips at a time. */
		paginate(&L, PK_BODY);
		g_ptr_array_set_size(L.strips, 0);
		chapter(&L, ch, ++num);
	}
	directory(&L);
	paginate(&L, PK_BODY);
	total = d->pages->len + 1;
	while (total % 4 != 0) {
		notes_page(&L);
		total++;
	}
	colophon(&L);
	apply_fixups(&L);
	decorate(&L);
	outline(&L);
	lay_free(&L);
	return d;
}

/* ----- the regression dump ----- */

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
		g_set_error(err, layout_error_quark(), 1, "cannot start FreeType");
		return FALSE;
	}
	for (guint i = 0; i < d->fonts->len && i < G_N_ELEMENTS(F->face); i++) {
		const struct dl_font *f = d->fonts->pdata[i];

		if (FT_New_Face(F->lib, f->path, 0, &F->face[i]) != 0) {
			g_set_error(err, layout_error_quark(), 1, "%s: cannot open the font", f->path);
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
	for (guint i = 0; i < p->items->len; i++) {
		const struct dl_item *it = &g_array_index(p->items, struct dl_item, i);

		if (it->kind == DL_TEXT && it->src != NULL && it->src->id != NULL &&
		    it->u.text.y >= y - 0.01 && it->u.text.y < by) {
			by = it->u.text.y;
			best = it->src->id;
		}
	}
	return best;
}

void
layout_dump(const struct display *d, const struct template *t, FILE *fp)
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
		guint counts[5] = { 0 };

		for (guint i = 0; i < p->items->len; i++)
			counts[g_array_index(p->items, struct dl_item, i).kind]++;
		fprintf(fp, "page %u [%s] folio=%d items=%u col=%.2f-%.2f rects=%u lines=%u images=%u\n",
		    pi + 1, p->label, p->number, p->items->len, left, left + template_column(t),
		    counts[DL_RECT], counts[DL_LINE], counts[DL_IMAGE]);
		for (guint o = 0; o < d->outline->len; o++) {
			const struct dl_outline *ol = &g_array_index(d->outline, struct dl_outline, o);

			if (ol->page == (int)pi)
				fprintf(fp, "  outline %d y=%.2f %s\n", ol->level, ol->y, ol->title);
		}
		for (guint i = 0; i < p->items->len;) {
			const struct dl_item *it = &g_array_index(p->items, struct dl_item, i);
			double x0 = 1e9, x1 = -1e9, prev = -1e9;
			guint j;

			if (it->kind == DL_LINK) {
				if (it->u.link.uri != NULL)
					fprintf(fp, "  link y=%.2f %s\n", it->u.link.y, it->u.link.uri);
				else {
					const char *to = landing(d, it->u.link.page, it->u.link.dest_y);

					fprintf(fp, "  link y=%.2f -> %d #%s\n", it->u.link.y, it->u.link.page + 1,
					    to != NULL ? to : "?");
				}
				i++;
				continue;
			}
			if (it->kind != DL_TEXT) {
				i++;
				continue;
			}
			/* a line: the text runs on this baseline from this block, links aside */
			g_ptr_array_set_size(line, 0);
			for (j = i; j < p->items->len; j++) {
				const struct dl_item *k = &g_array_index(p->items, struct dl_item, j);

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
				const struct dl_item *l = &g_array_index(p->items, struct dl_item, k);

				if (l->kind != DL_LINK)
					continue;
				if (l->u.link.uri != NULL)
					fprintf(fp, "  link y=%.2f %s\n", l->u.link.y, l->u.link.uri);
				else {
					const char *to = landing(d, l->u.link.page, l->u.link.dest_y);

					fprintf(fp, "  link y=%.2f -> %d #%s\n", l->u.link.y, l->u.link.page + 1,
					    to != NULL ? to : "?");
				}
			}
			i = j;
		}
	}
	fprintf(fp, "%u pages\n", d->pages->len);
	g_ptr_array_free(line, TRUE);
	faces_close(&F);
}

char *
layout_hyphenate(const struct template *t, enum lang lang, const char *text, GError **err)
{
	const char *dict = lang == LANG_EN ? t->hyph_dict_en : t->hyph_dict_es;
	struct hyphenator *h = dict != NULL ? hyph_new(dict, t->hyph_min_word, t->hyph_left, t->hyph_right, err) : NULL;
	GString *out = g_string_new(NULL);

	if (dict == NULL)
		g_set_error(err, layout_error_quark(), 1, "the template has no hyphenation dictionary for \"%s\"",
		    model_lang_code(lang));
	if (h == NULL) {
		g_string_free(out, TRUE);
		return NULL;
	}
	for (const char *s = text; *s != '\0';) {
		const char *e = s;

		while (*e != '\0' && g_unichar_isalpha(g_utf8_get_char(e)))
			e = g_utf8_next_char(e);
		if (e > s) {
			for (const char *w = hyph_word(h, s, (gsize)(e - s)); *w != '\0'; w++)
				if ((guchar)w[0] == 0xc2 && (guchar)w[1] == 0xad) {
					g_string_append_c(out, '-');
					w++;
				} else
					g_string_append_c(out, *w);
			s = e;
		} else {
			e = g_utf8_next_char(s);
			g_string_append_len(out, s, e - s);
			s = e;
		}
	}
	hyph_free(h);
	return g_string_free(out, FALSE);
}
