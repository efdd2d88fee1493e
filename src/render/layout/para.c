/* para.c: a paragraph: its text assembled from inlines (hyphenated, fact values unbreakable,
 * links and "ver pág." tracked as spans), then broken into lines first-fit and set as runs. */
#include <string.h>

#include "lay.h"

#define NO_BREAK	0x80	/* in lay.marks: no line may start at this byte */

/* A line chosen by the line breaker: clusters [start, end) are set, the next starts at next. */
struct line_fit {
	guint		 start, end, next;
	double		 w;		/* natural width, with the hyphen of a soft-hyphen break */
	gboolean	 shy;		/* ends at a soft hyphen: a hyphen is added */
};

void
para_init(struct para *P, gboolean hyphenate)
{
	P->text = g_string_sized_new(256);
	P->styles = g_array_new(FALSE, FALSE, sizeof(struct range));
	P->nobreak = g_array_new(FALSE, FALSE, sizeof(struct range));
	P->spans = g_array_new(FALSE, TRUE, sizeof(struct span));
	P->hyphenate = hyphenate;
	P->space = FALSE;
}

void
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
void
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

const char *
para_fact_uri(struct lay *L, const struct fact *f)
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
void
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
	sp.uri = para_fact_uri(L, f);
	if (sp.uri != NULL)
		g_array_append_val(P->spans, sp);
	g_free(v);
}

void
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
		case NODE_CHAPTER:	/* blocks: never inside inlines */
		case NODE_SECTION:
		case NODE_PARA:
		case NODE_LIST:
		case NODE_STEPS:
		case NODE_ITEM:
		case NODE_TABLE:
		case NODE_HEADER:
		case NODE_ROW:
		case NODE_CELL:
		case NODE_NOTICE:
		case NODE_IMAGE:
		case NODE_CARD:
		case NODE_FORM:
		case NODE_FIELD:
		case NODE__MAX:
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
				display_item_move(it, gaps > 0 ? a + (b - a) * gap / gaps : a, 0);
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
void
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
		g = shape_glyph(L, base | (mk[k.off] & (TF_BOLD | TF_ITALIC)), k.c);
		k.glyph = g->glyph;
		k.font = g->font;
		k.adv = g->adv * size;
		k.dx = g->dx * size;
		k.brk = FALSE;
		k.cut = FALSE;
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
 * Where nothing else lets a line fit `width`: a run between two breaks that is wider than the
 * measure (a 300-letter word, a long address or number in a narrow table column) gets breaks
 * of its own at the last character that fits, so every character is printed inside the column
 * instead of running past the margin.  Between letters the line ends with a hyphen; inside a
 * fact's value (a number, an address) it ends without one.
 */
static void
para_cut(struct lay *L, double width, double size)
{
	struct cluster *cl = (struct cluster *)(void *)L->clusters->data;
	const guint8 *mk = L->marks->data;
	guint n = L->clusters->len;

	for (guint start = 0; start < n;) {
		guint end = start + 1;
		double w = cl[start].adv;

		while (end < n && !cl[end].brk)
			w += cl[end++].adv;
		for (guint e = end; e > start && cl[e - 1].c == ' '; e--)
			w -= cl[e - 1].adv;
		if (w > width + 1e-6) {
			double x = 0;

			for (guint i = start; i < end; i++) {
				gboolean letters = i > start && g_unichar_isalpha(cl[i - 1].c) && g_unichar_isalpha(cl[i].c) &&
				    !(mk[cl[i].off] & NO_BREAK);
				double room = width - (letters ? L->hyphen_w[cl[i].font] * size : 0);

				if (i > start && x + cl[i].adv > room && cl[i].c != ' ') {
					cl[i].brk = TRUE;
					cl[i].cut = letters;
					x = 0;
				}
				x += cl[i].adv;
			}
		}
		start = end;
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
		shy = next < n && (cl[i].c == 0xad || cl[next].cut);
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
		it->u.link.y = baseline - sd->size * L->t->link_top;
		it->u.link.w = sp->x1 - sp->x0;
		it->u.link.h = sd->size * L->t->link_height;
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
void
para_set(struct lay *L, struct para *P, const struct setting *st, const struct node *src, GPtrArray *out)
{
	const struct tpl_style_def *sd = &L->t->style[st->style];
	const struct dl_color *color = &L->t->color[st->color >= 0 ? st->color : (int)sd->color];
	const struct cluster *cl;
	gboolean hyph = FALSE;
	double baseline = lay_baseline(L, sd);
	double width = st->width > 0 ? st->width : G_MAXDOUBLE;
	struct line_fit lf;

	while (P->text->len > 0 && P->text->str[P->text->len - 1] == ' ')
		g_string_truncate(P->text, P->text->len - 1);
	if (P->text->len == 0)
		return;
	para_shape(L, P, sd->font, sd->size);
	para_cut(L, width, sd->size);
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
void
para_set_inlines(struct lay *L, const struct node *inl, const char *plain, const struct setting *st,
    gboolean hyphenate, const struct node *src, GPtrArray *out)
{
	struct para P;

	para_init(&P, hyphenate);
	if (plain != NULL)
		para_text(L, &P, plain);
	para_inlines(L, &P, inl);
	para_set(L, &P, st, src, out);
	para_clear(&P);
}

struct setting
para_setting(struct lay *L, enum tpl_style style, double x, double width)
{
	struct setting st = { style, width > 0 ? width : L->col, x, PANGO_ALIGN_LEFT, FALSE, -1 };

	return st;
}

