/* para.c: a paragraph: its text assembled from inlines (hyphenated, fact values unbreakable,
 * links and "ver pág." tracked as spans), then broken into lines and set as runs.  Justified
 * text is broken by total fit (linebreak.c, over the items para_items makes of the clusters);
 * ragged text first-fit, headings at the narrowest measure that keeps their number of lines. */
#include <string.h>

#include "lay.h"

#define NO_BREAK	0x80	/* in lay.marks: no line may start at this byte */
#define IN_URL		0x40	/* in lay.marks: part of a URL or e-mail address */

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

/* Whether the character at s is a letter (g_unichar_isalpha; ASCII answered here). */
static inline gboolean
is_letter(const char *s)
{
	if ((guchar)*s < 0x80)
		return g_ascii_isalpha(*s);
	return g_unichar_isalpha(g_utf8_get_char(s));
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
		if (!is_letter(s)) {
			e = g_utf8_next_char(s);
			g_string_append_len(P->text, s, e - s);
			s = e;
			continue;
		}
		for (e = s; *e != '\0' && is_letter(e); e = g_utf8_next_char(e))
			;
		/* A word glued to digits or a slash (codes, addresses) stays whole. */
		if (P->hyphenate && L->hy != NULL && !g_ascii_isdigit(*e) && *e != '/' && *e != '@')
			hyph_append(L->hy, P->text, s, (gsize)(e - s));
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

/*
 * A cross-reference, «(ver pág. 35)»: the page number stays with «pág.», but a line may end
 * after «(ver», so the reference does not leave a loose line before it when it does not fit.
 * Returns where «pág.» starts: the link covers that part, which is always on one line.
 */
static guint
para_see(struct para *P, const char *s)
{
	const char *sp = strstr(s, "\xc2\xa0");
	guint start;

	if (sp == NULL)
		return para_unbreakable(P, s);
	flush_space(P);
	start = P->text->len;
	g_string_append_len(P->text, s, sp - s);
	para_range(P->nobreak, start, P->text->len, 0);
	g_string_append_c(P->text, ' ');
	start = P->text->len;
	para_range(P->nobreak, start, start + (guint)strlen(sp + 2), 0);
	g_string_append(P->text, sp + 2);
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

				/* the link is on «pág. 35)», on one line */
				sp.kind = SPAN_SEE;
				sp.start = para_see(P, L->w->see_page);
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

static inline gboolean
is_blank(gunichar c)
{
	if (c < 0x80)	/* the only ASCII space separator is the space */
		return c == ' ';
	return c == 0xa0 || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

/* The word being collected on a line, in the layout's buffers (lay.word_utf8, lay.word_glyphs,
 * sized for the line: no allocation per line or per glyph). */
struct word {
	GString		*utf8;
	struct dl_glyph	*glyphs;
	guint		 n;
	int		 font;
	double		 x;
};

static void
word_flush(struct lay *L, struct word *w, struct strip *s, const struct node *src,
    const struct dl_color *color, double size, double baseline)
{
	struct dl_item *it;

	if (w->n == 0)
		return;
	it = strip_item(s, DL_TEXT, src, color);
	it->u.text.font = w->font;
	it->u.text.size = size;
	it->u.text.x = w->x;
	it->u.text.y = baseline;
	it->u.text.utf8 = display_intern(L->d, w->utf8->str);
	it->u.text.nglyphs = w->n;
	it->u.text.glyphs = display_glyphs(L->d, w->n);
	memcpy(it->u.text.glyphs, w->glyphs, w->n * sizeof(struct dl_glyph));
	w->n = 0;
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
	GUnicodeType t;

	if (c < 0x80) {	/* what the test below gives for ASCII */
		switch (c) {
		case '!': case '%': case ')': case ',': case '.': case ':': case ';': case '?':
		case ']': case '}':
			return TRUE;
		default:
			return FALSE;
		}
	}
	t = g_unichar_type(c);

	return t == G_UNICODE_CLOSE_PUNCTUATION || t == G_UNICODE_FINAL_PUNCTUATION ||
	    (c < 0x80 && strchr(",.;:!?%", (int)c) != NULL) || c == 0x2026;
}

/* Words that may follow a number without being what it counts: a line may break before them. */
static const char *const not_nouns[] = {
	"a", "al", "ante", "con", "contra", "de", "del", "desde", "durante", "e", "el", "en", "entre",
	"es", "hasta", "la", "las", "lo", "los", "más", "menos", "ni", "no", "o", "para", "por", "que",
	"se", "si", "sin", "sobre", "son", "su", "sus", "u", "un", "una", "y", "ya",
	"an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is", "of", "on", "or",
	"than", "that", "the", "then", "this", "to", "was", "with",
};

/*
 * Whether the space before cluster i follows a number and precedes the noun or unit it counts
 * («5 años», «24 horas», «6 months»): the two stay on one line.  A year or a count followed by
 * a preposition or a conjunction («en 2026 se», «2 o 3») may still break.
 */
static gboolean
number_noun(const struct cluster *cl, guint n, guint i)
{
	char word[32];
	guint len = 0, j;

	if (i < 2 || !g_unichar_isdigit(cl[i - 2].c) || !g_unichar_islower(cl[i].c))
		return FALSE;
	for (j = i - 2; j > 0 && (g_unichar_isdigit(cl[j - 1].c) || cl[j - 1].c == '.' || cl[j - 1].c == ','); j--)
		;
	if (j > 0 && g_unichar_isalpha(cl[j - 1].c))
		return FALSE;	/* a code: «COVID19 vacunas» */
	for (j = i; j < n && g_unichar_isalpha(cl[j].c) && len + 6 < sizeof(word); j++)
		len += (guint)g_unichar_to_utf8(cl[j].c, word + len);
	word[len] = '\0';
	for (gsize k = 0; k < G_N_ELEMENTS(not_nouns); k++)
		if (strcmp(word, not_nouns[k]) == 0)
			return FALSE;
	return TRUE;
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
	for (guint i = 0; i < P->spans->len; i++) {
		const struct span *sp = &g_array_index(P->spans, struct span, i);

		if (sp->kind == SPAN_URI && sp->uri != NULL && !g_str_has_prefix(sp->uri, "tel:"))
			for (guint b = sp->start; b < sp->end; b++)
				mk[b] |= IN_URL;
	}
	/* at most one cluster per byte: written in place, then cut to size */
	g_array_set_size(L->clusters, P->text->len);
	cl = (struct cluster *)(void *)L->clusters->data;
	n = 0;
	for (const char *p = text; *p != '\0'; n++) {
		struct cluster *k = &cl[n];
		const struct glyph_info *g;

		k->off = (guint)(p - text);
		if ((guchar)*p < 0x80) {
			k->c = (guchar)*p;
			k->len = 1;
		} else {
			k->c = g_utf8_get_char(p);
			k->len = (guint)(g_utf8_next_char(p) - p);
		}
		p += k->len;
		g = shape_glyph(L, base | (mk[k->off] & (TF_BOLD | TF_ITALIC)), k->c);
		k->glyph = g->glyph;
		k->font = g->font;
		k->adv = g->adv * size;
		k->dx = g->dx * size;
		k->brk = FALSE;
		k->glue = FALSE;
		k->cut = FALSE;
	}
	g_array_set_size(L->clusters, n);
	for (guint i = 1; i < n; i++) {
		gunichar a = cl[i - 1].c, b = cl[i].c;

		if ((mk[cl[i].off] & NO_BREAK) || closing(b))
			continue;
		cl[i].brk = (a == ' ' && b != ' ') || a == 0xad || a == 0x200b ||
		    ((a == '-' || a == 0x2010 || a == '/' || a == 0x2013 || a == 0x2014) &&
		    i >= 2 && g_unichar_isalpha(cl[i - 2].c) && g_unichar_isalpha(b));
		if (cl[i].brk && a == ' ' && number_noun(cl, n, i))
			cl[i].brk = FALSE;
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

/* Whether the letter at cluster i of a line is followed by another letter of its word, the
 * gap justification may widen a little (TRACK_STRETCH). */
static inline gboolean
tracked(struct lay *L, const struct line_fit *lf, guint i)
{
	const struct cluster *cl = (const struct cluster *)(const void *)L->clusters->data;

	return i + 1 < lf->end && !is_blank(cl[i].c) && !is_blank(cl[i + 1].c) &&
	    cl[i].glyph != PANGO_GLYPH_EMPTY && cl[i + 1].glyph != PANGO_GLYPH_EMPTY;
}

/* One line into DL runs (one per word) on a line strip; `extra` widens each space (justified).
 * Returns whether the line ends on a word's own hyphen (the RAE rule for the next line). */
static gboolean
emit_line(struct lay *L, struct para *P, const struct line_fit *lf, double x, double extra,
    double track, double baseline, const struct tpl_style_def *sd, const struct dl_color *color,
    const struct node *src, struct strip *s, double *xend)
{
	const char *text = P->text->str;
	const struct cluster *cl = (const struct cluster *)(const void *)L->clusters->data;
	struct word w = { L->word_utf8, NULL, 0, 0, 0 };
	gunichar last = 0;

	/* a glyph per cluster, and the hyphen */
	g_array_set_size(L->word_glyphs, lf->end - MIN(lf->start, lf->end) + 1);
	w.glyphs = (struct dl_glyph *)(void *)L->word_glyphs->data;
	g_string_truncate(w.utf8, 0);
	/* room in the strip for a run per word, the hyphens and the links, grown once */
	{
		guint len = s->items->len, runs = 2 + P->spans->len;

		for (guint i = lf->start; i < lf->end; i++)
			runs += cl[i].c == ' ';
		g_array_set_size(s->items, len + runs);
		g_array_set_size(s->items, len);
	}

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
			x += c->adv + (c->glue ? extra : 0);
			continue;
		}
		if (c->glyph == PANGO_GLYPH_EMPTY) {
			/* a soft hyphen inside a line, a zero-width character: nothing to draw */
			x += c->adv;
			continue;
		}
		if (w.n == 0)
			w.x = x;
		dg.id = c->glyph;
		dg.x = x + c->dx - w.x;
		w.glyphs[w.n++] = dg;
		if (c->len == 1)
			g_string_append_c(w.utf8, text[c->off]);
		else
			g_string_append_len(w.utf8, text + c->off, c->len);
		last = c->c;
		for (guint k = 0; k < P->spans->len; k++) {
			struct span *sp = &g_array_index(P->spans, struct span, k);

			if (c->off >= sp->start && c->off < sp->end) {
				sp->x0 = MIN(sp->x0, x);
				sp->x1 = MAX(sp->x1, x + c->adv);
			}
			if (sp->kind == SPAN_SEE && c->off == sp->digits) {
				struct fixup f = { FIX_NUMBER, -1, s->items->len, w.n - 1, sp->target };

				g_array_append_val(s->fixups, f);
			}
		}
		x += c->adv;
		*xend = MAX(*xend, x);
		if (track > 0 && tracked(L, lf, i))
			x += track * c->adv;
	}
	if (lf->shy) {
		int font = cl[lf->next - 1].font;
		struct dl_glyph dg;

		if (font != w.font)
			word_flush(L, &w, s, src, color, sd->size, baseline);
		w.font = font;
		if (w.n == 0)
			w.x = x;
		dg.id = L->hyphen[font];
		dg.x = x - w.x;
		w.glyphs[w.n++] = dg;
		g_string_append_c(w.utf8, '-');
		x += L->hyphen_w[font] * sd->size;
		*xend = MAX(*xend, x);
	}
	word_flush(L, &w, s, src, color, sd->size, baseline);
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
	/* A real hyphen between two letters at the end of the line: in Spanish the RAE rule
	 * applies; English does not repeat it. */
	return L->lang == LANG_ES && !lf->shy && (last == '-' || last == 0x2010) &&
	    lf->next < L->clusters->len && g_unichar_isalpha(cl[lf->next].c);
}

/* How far a word space may stretch and shrink, as a share of its natural width: a space is
 * never narrower than 80 % of natural. */
#define SPACE_STRETCH	0.4
#define SPACE_SHRINK	0.2
/* The letters of a word on a justified line may be spaced apart by this share of their advance
 * for each unit of stretch the spaces take (at 1.4 x natural spaces, letters 4 % of their width
 * apart), never more than TRACK_MAX, never closer: a loose line spreads its room over the
 * letters too, as a typesetter's tracking does, and its word spaces open less.  Measured with
 * tests/bench/typography.py (issue 19): it halves the lines over 1.5 x natural. */
#define TRACK_STRETCH	0.04
#define TRACK_MAX	0.05
/* Hyphenating a paragraph's last word costs as much as a line whose spaces are about 1.9 x
 * natural: done only to avoid one. */
#define LAST_WORD_PENALTY	500
/* A URL or e-mail address breaks (after "/", "." or "@") only to avoid a line about 2.5 x. */
#define URL_PENALTY		3000
#define URL_PENALTY_PART	2000
/* ... and never leaves fewer characters than this of it on the next line («gob.» / «mx»). */
#define URL_MIN_TAIL		4

/* The characters of the URL or address from cluster i to its end. */
static guint
url_tail(const struct cluster *cl, const guint8 *mk, guint n, guint i)
{
	guint k = i;

	while (k < n && (mk[cl[k].off] & IN_URL))
		k++;
	return k - i;
}

/* A new item at the end of lay.items, which para_items sized for the paragraph. */
static struct lb_item *
item_add(struct lay *L, enum lb_type type, guint user, double width)
{
	struct lb_item *it = &g_array_index(L->items, struct lb_item, L->items->len++);

	memset(it, 0, sizeof(*it));
	it->type = type;
	it->user = user;
	it->width = width;
	return it;
}

/*
 * The paragraph as the line breaker's items (lay.items), from its clusters and their breaks:
 * a word space is glue (no break at it if none may start after it: before closing punctuation,
 * between a number and its noun); a soft hyphen is a flagged penalty as wide as the hyphen; a
 * word's own hyphen is one too, whose hyphen Spanish repeats on the next line; a slash or dash
 * between words, a penalty; a URL or e-mail address may break after "/", "." or "@" only in
 * the last pass.  Spaces inside a fact are part of its box: they do not stretch.  Each item's
 * user is the cluster it starts at; a penalty's, the cluster the next line starts at.
 */
static void
para_items(struct lay *L, double size)
{
	struct cluster *cl = (struct cluster *)(void *)L->clusters->data;
	const guint8 *mk = L->marks->data;
	guint n = L->clusters->len;
	int box = -1;

	/* a cluster makes two items at most (a box and a penalty): room for them, then none */
	g_array_set_size(L->items, 2 * n + 1);
	g_array_set_size(L->items, 0);
	for (guint i = 0; i < n; i++) {
		struct cluster *c = &cl[i];
		gboolean next_brk = i + 1 < n && cl[i + 1].brk;
		struct lb_item *it;

		if ((c->c == ' ' || c->c == 0xa0) && !(mk[c->off] & NO_BREAK)) {
			double letters = box >= 0 ? g_array_index(L->items, struct lb_item, box).width : 0;

			box = -1;
			it = item_add(L, LB_GLUE, i, c->adv);
			it->stretch = c->adv * SPACE_STRETCH + letters * TRACK_STRETCH;
			it->shrink = c->adv * SPACE_SHRINK;
			it->flags = c->c == ' ' && next_brk ? 0 : LB_NOBREAK;
			c->glue = TRUE;
			continue;
		}
		if (box < 0) {
			box = (int)L->items->len;
			item_add(L, LB_BOX, i, 0);
		}
		g_array_index(L->items, struct lb_item, box).width += c->adv;
		if (next_brk) {
			box = -1;
			it = item_add(L, LB_PENALTY, i + 1, 0);
			if (c->c == 0xad || cl[i + 1].cut) {
				/* a soft hyphen, or a word wider than the measure cut (para_cut) */
				it->flags = LB_FLAGGED;
				it->width = L->hyphen_w[c->font] * size;
			} else if (c->c == '-' || c->c == 0x2010) {
				it->flags = LB_FLAGGED;
				if (L->lang == LANG_ES)
					it->post = L->hyphen_w[c->font] * size;
			} else if (c->c != 0x200b) {
				it->penalty = 50;	/* after a slash or a dash */
			}
		} else if ((mk[c->off] & IN_URL) && (c->c == '/' || c->c == '.' || c->c == '@') &&
		    i + 1 < n && (mk[cl[i + 1].off] & IN_URL) && cl[i + 1].c != '/' && cl[i + 1].c != '.' &&
		    url_tail(cl, mk, n, i + 1) >= URL_MIN_TAIL) {
			box = -1;
			it = item_add(L, LB_PENALTY, i + 1, 0);
			it->flags = LB_LAST_RESORT;
			/* after the "@" or a "/", the address reads better than after a dot */
			it->penalty = c->c == '.' ? URL_PENALTY : URL_PENALTY_PART;
		}
	}
	/* a hyphen in the paragraph's last word leaves a stub on the last line («cam-» / «po.») */
	for (guint k = L->items->len; k-- > 0;) {
		struct lb_item *it = &g_array_index(L->items, struct lb_item, k);

		if (it->type == LB_GLUE)
			break;
		if (it->type == LB_PENALTY && (it->flags & LB_FLAGGED))
			it->penalty = MAX(it->penalty, LAST_WORD_PENALTY);
	}
}

/*
 * The line breaker's settings for justified text at `size`: TeX's, with consecutive hyphens,
 * a hyphenated penultimate line and a last line under 3 em (about 5 letters; as much as a line
 * of spaces about 3 x natural) costing more, and
 * a second pass's set that pays for one of them tried again in the last pass, where a line may
 * be looser than the tolerance.  Measured on the bundled editions with tests/bench/typography.py
 * (issue 19): each of these trades loose lines for fewer hyphens, ladders and stubs.
 */
static void
lb_params_body(struct lb_params *p, double size)
{
	linebreak_defaults(p);
	p->double_hyphen_demerits = 30000;
	p->final_hyphen_demerits = 20000;
	p->min_last = 3 * size;
	p->short_last_demerits = 500000;
	p->rerun_demerits = 20000;
}

/* A hyphen at x on a line's baseline: the one Spanish repeats from the line before. */
static void
hyphen_at(struct lay *L, struct strip *s, const struct node *src, const struct dl_color *color,
    double size, double baseline, double x)
{
	struct dl_item *it;
	int font = 0;

	for (guint i = 0; i < s->items->len; i++)
		if (g_array_index(s->items, struct dl_item, i).kind == DL_TEXT) {
			font = g_array_index(s->items, struct dl_item, i).u.text.font;
			break;
		}
	it = strip_item(s, DL_TEXT, src, color);
	it->u.text.font = font;
	it->u.text.size = size;
	it->u.text.x = x;
	it->u.text.y = baseline;
	it->u.text.utf8 = "-";
	it->u.text.nglyphs = 1;
	it->u.text.glyphs = display_glyphs(L->d, 1);
	it->u.text.glyphs[0].id = L->hyphen[font];
	it->u.text.glyphs[0].x = 0;
}

/* A justified paragraph, its breaks chosen by total fit: one strip per line into `out`. */
static void
set_justified(struct lay *L, struct para *P, const struct setting *st, const struct tpl_style_def *sd,
    const struct dl_color *color, double baseline, const struct node *src, GPtrArray *out)
{
	const struct lb_item *items;
	const struct cluster *cl = (const struct cluster *)(const void *)L->clusters->data;
	guint n = L->clusters->len, ni, nl;
	struct lb_params p;

	para_items(L, sd->size);
	items = (const struct lb_item *)(const void *)L->items->data;
	ni = L->items->len;
	lb_params_body(&p, sd->size);
	g_array_set_size(L->lines, 0);
	nl = linebreak_run(L->lb, items, ni, st->width, &p, L->lines, NULL);
	for (guint k = 0; k < nl; k++) {
		const struct lb_line *l = &g_array_index(L->lines, struct lb_line, k);
		struct strip *s = strip_new(sd->leading);
		struct line_fit lf;
		double y = 0, z = 0, extra = 0, track = 0, end = -1e9;
		int spaces = 0;

		lf.start = items[l->start].user;
		if (l->end >= ni) {
			lf.end = lf.next = n;
		} else if (items[l->end].type == LB_GLUE) {
			lf.end = items[l->end].user;
			lf.next = k + 1 < nl ? items[g_array_index(L->lines, struct lb_line, k + 1).start].user : n;
		} else {
			lf.end = lf.next = items[l->end].user;
		}
		lf.shy = l->end < ni && lf.end > 0 && (cl[lf.end - 1].c == 0xad || (lf.end < n && cl[lf.end].cut));
		lf.w = l->natural;
		for (guint i = l->start; i < l->end && i < ni; i++)
			if (items[i].type == LB_GLUE && cl[items[i].user].glue) {
				y += items[i].stretch;
				z += items[i].shrink;
				spaces++;
			}
		if (l->ratio > 0) {
			/* the room, over the spaces' stretch and the letters' */
			double room = st->width - l->natural, ys = 0, yl = 0;

			for (guint i = lf.start; i < lf.end; i++)
				if (cl[i].glue)
					ys += cl[i].adv * SPACE_STRETCH;
				else if (TRACK_STRETCH > 0 && tracked(L, &lf, i))
					yl += cl[i].adv * TRACK_STRETCH;
			if (ys + yl > 0 && room > 0) {
				extra = spaces > 0 ? room * ys / (ys + yl) / spaces : 0;
				track = yl > 0 ? MIN(room / (ys + yl) * TRACK_STRETCH, TRACK_MAX) : 0;
				if (spaces > 0)
					extra = (room - track / TRACK_STRETCH * yl) / spaces;
				else
					track = yl > 0 ? MIN(room / yl * TRACK_STRETCH, TRACK_MAX) : 0;
			}
		} else if (spaces > 0) {
			extra = MAX(l->ratio, -1) * z / spaces;
		}
		emit_line(L, P, &lf, st->x + l->pre, extra, track, baseline, sd, color, src, s, &end);
		if (l->pre > 0)
			hyphen_at(L, s, src, color, sd->size, baseline, st->x);
		g_ptr_array_add(out, s);
	}
}

/* The narrowest measure at which first fit still sets the text in as many lines as at
 * `width`: the lines of a heading come out even, not one word on the last. */
static double
balanced_width(struct lay *L, double width, double size)
{
	guint n = L->clusters->len, lines = 0;
	double lo, hi = width;
	struct line_fit lf;

	for (guint start = 0; start < n; start = lf.next, lines++)
		line_fit(L, start, width, size, &lf);
	if (lines < 2)
		return width;
	lo = width / lines;
	for (int it = 0; it < 14 && hi - lo > 0.25; it++) {
		double mid = (lo + hi) / 2;
		guint k = 0;

		for (guint start = 0; start < n && k <= lines; start = lf.next, k++) {
			line_fit(L, start, mid, size, &lf);
			if (lf.w > mid + 1e-6)
				k = lines + 1;	/* a word does not fit at all */
		}
		if (k <= lines)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Sets a paragraph: one strip per line, appended to `out`. */
void
para_set(struct lay *L, struct para *P, const struct setting *st, const struct node *src, GPtrArray *out)
{
	const struct tpl_style_def *sd = &L->t->style[st->style];
	const struct dl_color *color = &L->t->color[st->color >= 0 ? st->color : (int)sd->color];
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
	if (st->justify && st->width > 0) {
		set_justified(L, P, st, sd, color, baseline, src, out);
		return;
	}
	if (st->balance && st->width > 0)
		width = balanced_width(L, width, sd->size);
	/* ragged text: first fit */
	for (guint start = 0; start < L->clusters->len; start = lf.next) {
		struct strip *s = strip_new(sd->leading);
		double end = -1e9, right = st->x + st->width, x = st->x;
		double room;
		gboolean next;

		line_fit(L, start, width, sd->size, &lf);
		room = st->width > 0 ? st->width - lf.w : 0;
		if (st->align == PANGO_ALIGN_CENTER)
			x += room / 2;
		else if (st->align == PANGO_ALIGN_RIGHT)
			x += room;
		next = emit_line(L, P, &lf, x, 0, 0, baseline, sd, color, src, s, &end);
		if (hyph)
			prefix_hyphen(L, s, src, color, sd->size, baseline, FALSE, right, MIN(end, right));
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
	struct setting st = { style, width > 0 ? width : L->col, x, PANGO_ALIGN_LEFT, FALSE, FALSE, -1 };

	return st;
}

