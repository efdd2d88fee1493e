/* linebreak_test.c: src/render/layout/linebreak.c, the total-fit paragraph breaker, on small
 * paragraphs with golden breaks: tight and loose ones, an unbreakable fact at the end, hyphen
 * ladders, a too-short last line, looseness, URLs, an overfull word, balanced headings.
 * GTest, TAP with --tap (tests/t_linebreak.sh runs it).
 *
 * The paragraphs are written in a small notation, with a monospaced "font" of 5 units a
 * character: a space is a word space (2.6 units that stretch by 1.3 and shrink by 0.52, so
 * never below 80 %), "~" a space no line ends at (a number and its noun), "|" a hyphenation
 * point (a hyphen of 3 units if the line ends there), "=" a word's own hyphen, which Spanish
 * repeats at the start of the next line, "^" a place a URL may break without a hyphen.
 * LINEBREAK_PRINT=1 tests/linebreak_test prints every paragraph as set, and goes on after a
 * failed assertion. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "layout/linebreak.h"

#define CHAR_W		5.0
#define SPACE_W		2.6
#define HYPHEN_W	3.0

struct para {
	GArray		*items;		/* struct lb_item; user = index into text of the box */
	GPtrArray	*text;		/* char *, one per item ("" but for boxes) */
};

static void
add(struct para *P, struct lb_item it, const char *s, gsize len)
{
	g_array_append_val(P->items, it);
	g_ptr_array_add(P->text, g_strndup(s, len));
}

static struct para *
para_new(const char *src)
{
	struct para *P = g_new0(struct para, 1);

	P->items = g_array_new(FALSE, TRUE, sizeof(struct lb_item));
	P->text = g_ptr_array_new_with_free_func(g_free);
	for (const char *s = src; *s != '\0';) {
		struct lb_item it = { 0 };
		const char *e = s;

		switch (*s) {
		case ' ':
		case '~':
			it.type = LB_GLUE;
			it.width = SPACE_W;
			it.stretch = SPACE_W / 2;
			it.shrink = SPACE_W / 5;
			it.flags = *s == '~' ? LB_NOBREAK : 0;
			add(P, it, " ", 1);
			s++;
			continue;
		case '|':
			it.type = LB_PENALTY;
			it.flags = LB_FLAGGED;
			it.width = HYPHEN_W;
			add(P, it, "", 0);
			s++;
			continue;
		case '=':
			it.type = LB_BOX;
			it.width = HYPHEN_W;
			add(P, it, "-", 1);
			memset(&it, 0, sizeof(it));
			it.type = LB_PENALTY;
			it.flags = LB_FLAGGED;
			it.post = HYPHEN_W;
			add(P, it, "", 0);
			s++;
			continue;
		case '^':
			it.type = LB_PENALTY;
			it.flags = LB_LAST_RESORT;
			it.penalty = 3000;
			add(P, it, "", 0);
			s++;
			continue;
		default:
			break;
		}
		while (*e != '\0' && strchr(" ~|=^", *e) == NULL)
			e++;
		it.type = LB_BOX;
		it.width = CHAR_W * (double)g_utf8_strlen(s, e - s);
		add(P, it, s, (gsize)(e - s));
		s = e;
	}
	return P;
}

static void
para_free(struct para *P)
{
	g_array_free(P->items, TRUE);
	g_ptr_array_free(P->text, TRUE);
	g_free(P);
}

/* The lines as text, one per line ("\n" between), a hyphen where a line breaks at one. */
static char *
render(const struct para *P, const GArray *lines)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < lines->len; i++) {
		const struct lb_line *l = &g_array_index(lines, struct lb_line, i);
		const struct lb_item *items = (const struct lb_item *)(const void *)P->items->data;

		if (i > 0)
			g_string_append_c(out, '\n');
		if (l->pre > 0)
			g_string_append_c(out, '-');
		for (guint k = l->start; k < l->end; k++)
			g_string_append(out, P->text->pdata[k]);
		if (l->end < P->items->len && items[l->end].type == LB_PENALTY && items[l->end].width > 0)
			g_string_append_c(out, '-');
	}
	return g_string_free(out, FALSE);
}

/* The space ratio of a justified line: its word spaces over the natural one. */
static double
space_ratio(const struct para *P, const struct lb_line *l)
{
	const struct lb_item *items = (const struct lb_item *)(const void *)P->items->data;
	double y = 0, z = 0;
	int spaces = 0;

	for (guint k = l->start; k < l->end; k++)
		if (items[k].type == LB_GLUE) {
			y += items[k].stretch;
			z += items[k].shrink;
			spaces++;
		}
	if (spaces == 0)
		return 1;
	return (spaces * SPACE_W + (l->ratio > 0 ? l->ratio * y : l->ratio * z)) / (spaces * SPACE_W);
}

/* Breaks src at `width` with the breaker's defaults, changed by `tune`; returns the text. */
static char *
set(const char *src, double width, void (*tune)(struct lb_params *), GArray *lines, struct lb_stats *st)
{
	struct para *P = para_new(src);
	struct linebreaker *lb = linebreak_new();
	struct lb_params p;
	char *out;

	linebreak_defaults(&p);
	if (tune != NULL)
		tune(&p);
	g_array_set_size(lines, 0);
	linebreak_run(lb, (const struct lb_item *)(const void *)P->items->data, P->items->len, width, &p,
	    lines, st);
	out = render(P, lines);
	if (g_getenv("LINEBREAK_PRINT") != NULL)
		g_printerr("--- %.0f:\n%s\n", width, out);
	/* no justified line shrinks below 80 % unless it is overfull */
	for (guint i = 0; i + 1 < lines->len; i++) {
		const struct lb_line *l = &g_array_index(lines, struct lb_line, i);

		if (!l->overfull)
			g_assert_cmpfloat(space_ratio(P, l), >=, 0.8 - 1e-9);
	}
	linebreak_free(lb);
	para_free(P);
	return out;
}

/* The greedy first fit the layout used before: each line takes the last break that fits. */
static char *
first_fit(const char *src, double width, double *worst)
{
	struct para *P = para_new(src);
	const struct lb_item *items = (const struct lb_item *)(const void *)P->items->data;
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	guint n = P->items->len, start = 0;
	char *out;

	*worst = 1;
	while (start < n) {
		struct lb_line l = { start, n, 0, 0, 0, FALSE, FALSE };
		double w = 0, y = 0;
		guint best = n, k;
		double bw = 0, by = 0;

		for (k = start; k < n; k++) {
			const struct lb_item *it = &items[k];
			gboolean brk = (it->type == LB_GLUE && !(it->flags & LB_NOBREAK)) ||
			    (it->type == LB_PENALTY && !(it->flags & LB_LAST_RESORT));
			double lw = w + (it->type == LB_PENALTY ? it->width : 0);

			if (brk && k > start) {
				if (lw > width && best < n)
					break;
				best = k;
				bw = lw;
				by = y;
			}
			if (it->type != LB_PENALTY)
				w += it->width;
			if (it->type == LB_GLUE)
				y += it->stretch;
		}
		if (k == n && w <= width) {
			l.end = n;
			g_array_append_val(lines, l);
			break;
		}
		l.end = best;
		l.ratio = by > 0 ? (width - bw) / by : 0;
		g_array_append_val(lines, l);
		*worst = MAX(*worst, space_ratio(P, &l));
		for (start = best + 1; start < n && items[start].type != LB_BOX; start++)
			;
	}
	out = render(P, lines);
	g_array_free(lines, TRUE);
	para_free(P);
	return out;
}

static double
worst_ratio(const char *src, const GArray *lines)
{
	struct para *P = para_new(src);
	double w = 0;

	for (guint i = 0; i + 1 < lines->len; i++)
		w = MAX(w, space_ratio(P, &g_array_index(lines, struct lb_line, i)));
	para_free(P);
	return w;
}

/* A paragraph first fit sets with a loose line: total fit spreads the room over all. */
static void
test_loose(void)
{
	const char *src = "Si trae apa|ra|tos usa|dos de va|lor, co|mo una com|pu|ta|do|ra o una "
	    "cá|ma|ra pro|fe|sio|nal, lle|ve una fo|to de la fac|tu|ra o una prue|ba de que ya "
	    "eran su|yos.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	double greedy;
	char *ff = first_fit(src, 210, &greedy);
	char *tf = set(src, 210, NULL, lines, NULL);

	g_assert_cmpstr(ff, ==,
	    "Si trae aparatos usados de valor, como una\n"
	    "computadora o una cámara profesional, lleve\n"
	    "una foto de la factura o una prueba de que ya\n"
	    "eran suyos.");
	g_assert_cmpfloat(greedy, >, 1.9);
	g_assert_cmpstr(tf, ==,
	    "Si trae aparatos usados de valor, como una com-\n"
	    "putadora o una cámara profesional, lleve una\n"
	    "foto de la factura o una prueba de que ya eran\n"
	    "suyos.");
	g_assert_cmpfloat(worst_ratio(src, lines), <, 1.5);
	g_assert_cmpfloat(worst_ratio(src, lines), <=, greedy);
	g_free(ff);
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* A line that fits only by shrinking its spaces (never below 80 %): the last one here. */
static void
test_tight(void)
{
	const char *src = "Las ma|le|tas, mo|chi|las o ba|ú|les en que lle|va to|do lo an|te|rior "
	    "pa|san por los ra|yos X.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *tf = set(src, 190, NULL, lines, NULL);

	g_assert_cmpstr(tf, ==,
	    "Las maletas, mochilas o baúles en que lle-\n"
	    "va todo lo anterior pasan por los rayos X.");
	g_assert_cmpfloat(g_array_index(lines, struct lb_line, 1).ratio, <, 0);
	g_assert_cmpfloat(g_array_index(lines, struct lb_line, 1).ratio, >=, -1);
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* An unbreakable phone number at the end: first fit hyphenates and leaves a line of wide
 * spaces before it; total fit sets the line before it almost natural, without a hyphen. */
static void
test_fact_at_end(void)
{
	const char *src = "Pa|ra re|por|tar un ca|so lla|me sin cos|to al 800~776~3372";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	double greedy;
	char *ff = first_fit(src, 170, &greedy);
	char *tf = set(src, 170, NULL, lines, NULL);

	g_assert_cmpstr(ff, ==,
	    "Para reportar un caso llame sin cos-\n"
	    "to al 800 776 3372");
	g_assert_cmpfloat(greedy, >, 1.4);
	g_assert_cmpstr(tf, ==,
	    "Para reportar un caso llame sin costo\n"
	    "al 800 776 3372");
	g_assert_cmpfloat(worst_ratio(src, lines), <, 1.5);
	g_free(ff);
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* Number and noun stay together: "5~años" never ends a line at its space. */
static void
test_number_noun(void)
{
	const char *src = "Tie|ne una vi|gen|cia de 5~años y se re|nue|va en cual|quier con|su|la|do.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *tf = set(src, 120, NULL, lines, NULL);

	g_assert_null(strstr(tf, "5\n"));
	g_assert_cmpstr(tf, ==,
	    "Tiene una vigencia de\n"
	    "5 años y se renueva en\n"
	    "cualquier consulado.");
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* A hyphen ladder: first fit hyphenates a line, and its next two but one; total fit spreads
 * the hyphens out, two in a row at most, and its worst line is less loose. */
static void
test_hyphen_ladder(void)
{
	const char *src = "In|for|ma|ción so|bre per|mi|sos tem|po|ra|les de im|por|ta|ción de "
	    "ve|hí|cu|los ex|tran|je|ros, re|qui|si|tos mi|gra|to|rios y cons|tan|cias "
	    "con|su|la|res pa|ra me|no|res.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	double greedy;
	char *ff = first_fit(src, 150, &greedy);
	char *tf = set(src, 150, NULL, lines, NULL);
	int run = 0, longest = 0;

	for (guint i = 0; i < lines->len; i++) {
		run = g_array_index(lines, struct lb_line, i).hyphen ? run + 1 : 0;
		longest = MAX(longest, run);
	}
	g_assert_cmpint(longest, <=, 2);
	g_assert_cmpfloat(worst_ratio(src, lines), <, greedy);
	g_assert_cmpstr(ff, ==,
	    "Información sobre permisos tem-\n"
	    "porales de importación de vehí-\n"
	    "culos extranjeros, requisitos\n"
	    "migratorios y constancias con-\n"
	    "sulares para menores.");
	g_assert_cmpstr(tf, ==,
	    "Información sobre permisos tem-\n"
	    "porales de importación de ve-\n"
	    "hículos extranjeros, requisitos\n"
	    "migratorios y constancias consu-\n"
	    "lares para menores.");
	g_free(ff);
	g_free(tf);
	g_array_free(lines, TRUE);
}

static void
no_final_hyphen(struct lb_params *p)
{
	p->final_hyphen_demerits = 0;
}

/* The penultimate line is not hyphenated when another set is about as good. */
static void
test_final_hyphen(void)
{
	const char *src = "Los con|su|la|dos a|tien|den de lu|nes a vier|nes en to|do Mé|xi|co y tam|bién "
	    "los sá|ba|dos por la ma|ña|na en al|gu|nas ciu|da|des.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *without = set(src, 218, no_final_hyphen, lines, NULL);
	char *tf = set(src, 218, NULL, lines, NULL);

	g_assert_cmpstr(without, ==,
	    "Los consulados atienden de lunes a viernes en\n"
	    "todo México y también los sábados por la maña-\n"
	    "na en algunas ciudades.");
	g_assert_false(g_array_index(lines, struct lb_line, lines->len - 2).hyphen);
	g_assert_cmpstr(tf, ==,
	    "Los consulados atienden de lunes a viernes en\n"
	    "todo México y también los sábados por la mañana\n"
	    "en algunas ciudades.");
	g_free(without);
	g_free(tf);
	g_array_free(lines, TRUE);
}

static void
min_last(struct lb_params *p)
{
	p->final_hyphen_demerits = 0;
	p->min_last = 5 * CHAR_W;
	p->short_last_demerits = 20000;
}

/* A last line shorter than 5 letters («des.») is avoided when the paragraph can be set
 * otherwise. */
static void
test_short_last(void)
{
	const char *src = "Los con|su|la|dos a|tien|den de lu|nes a vier|nes en to|do Mé|xi|co y tam|bién "
	    "los sá|ba|dos por la ma|ña|na en al|gu|nas ciu|da|des.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *plain = set(src, 254, no_final_hyphen, lines, NULL);
	char *tf = set(src, 254, min_last, lines, NULL);

	g_assert_cmpstr(plain, ==,
	    "Los consulados atienden de lunes a viernes en todo Méxi-\n"
	    "co y también los sábados por la mañana en algunas ciuda-\n"
	    "des.");
	g_assert_cmpstr(tf, ==,
	    "Los consulados atienden de lunes a viernes en todo Mé-\n"
	    "xico y también los sábados por la mañana en algunas ciu-\n"
	    "dades.");
	g_free(plain);
	g_free(tf);
	g_array_free(lines, TRUE);
}

static void
looser(struct lb_params *p)
{
	p->looseness = 1;
}

static void
tighter(struct lb_params *p)
{
	p->looseness = -1;
}

/* Looseness: the same paragraph a line longer or shorter, for pagination. */
static void
test_looseness(void)
{
	const char *src = "El per|mi|so de im|por|ta|ción tem|po|ral se tra|mi|ta en los mó|du|los "
	    "CIITEV de BAN|JER|CI|TO, en los con|su|la|dos o en in|ter|net an|tes del via|je, y se "
	    "can|ce|la al sa|lir del país.";
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *a = set(src, 230, NULL, lines, NULL);
	guint n = lines->len;
	char *b = set(src, 230, looser, lines, NULL);
	guint nl = lines->len;
	char *c = set(src, 230, tighter, lines, NULL);
	guint nt = lines->len;

	/* one line fewer would need spaces below 80 %: it stays at 4 */
	g_assert_cmpuint(n, ==, 4);
	g_assert_cmpuint(nl, ==, n + 1);
	g_assert_cmpuint(nt, ==, n);
	g_assert_cmpstr(b, ==,
	    "El permiso de importación temporal se tra-\n"
	    "mita en los módulos CIITEV de BANJERCI-\n"
	    "TO, en los consulados o en internet an-\n"
	    "tes del viaje, y se cancela al salir del\n"
	    "país.");
	g_free(a);
	g_free(b);
	g_free(c);
	g_array_free(lines, TRUE);
}

/* A URL breaks after "/" or "." only when nothing else fits, and without a hyphen. */
static void
test_url(void)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *fits = set("Con|sul|te www.^gob.^mx/^inami en in|ter|net.", 150, NULL, lines, NULL);
	char *must = set("Con|sul|te https://^www.^gob.^mx/^institutonacionaldemigracion", 200, NULL,
	    lines, NULL);

	g_assert_cmpstr(fits, ==, "Consulte www.gob.mx/inami en in-\nternet.");
	g_assert_cmpstr(must, ==, "Consulte https://www.gob.mx/\ninstitutonacionaldemigracion");
	g_free(fits);
	g_free(must);
	g_array_free(lines, TRUE);
}

/* A word wider than the measure: a line of its own, overfull; the rest is set as usual. */
static void
test_overfull(void)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *tf = set("Escriba a denunciasciudadanas@buengobiernofederal.gob.mx hoy mismo.", 150, NULL,
	    lines, NULL);

	g_assert_cmpstr(tf, ==, "Escriba a denunciasciudadanas@buengobiernofederal.gob.mx\nhoy mismo.");
	g_assert_true(g_array_index(lines, struct lb_line, 0).overfull);
	g_assert_false(g_array_index(lines, struct lb_line, 1).overfull);
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* Spanish repeats a word's own hyphen at the start of the next line: that hyphen takes room. */
static void
test_repeated_hyphen(void)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *tf = set("Pa|san por ra|yos X y los cen|tros fran|co=mexicanos los re|vi|san.", 190, NULL,
	    lines, NULL);

	g_assert_cmpstr(tf, ==, "Pasan por rayos X y los centros franco-\n-mexicanos los revisan.");
	g_assert_cmpfloat(g_array_index(lines, struct lb_line, 1).pre, ==, HYPHEN_W);
	g_free(tf);
	g_array_free(lines, TRUE);
}

static void
ragged(struct lb_params *p)
{
	p->ragged = TRUE;
	p->ragged_stretch = 60;
	p->pretolerance = -1;
	p->hyphen_penalty = LB_INF - 1;
}

/* A heading of two lines comes out balanced, not with one word on its last line. */
static void
test_balanced_heading(void)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	const char *src = "Hijos nacidos en Estados Unidos: doble nacionalidad";
	double greedy;
	char *ff = first_fit(src, 230, &greedy);
	char *tf = set(src, 230, ragged, lines, NULL);

	g_assert_cmpstr(ff, ==, "Hijos nacidos en Estados Unidos: doble\nnacionalidad");
	g_assert_cmpstr(tf, ==, "Hijos nacidos en Estados\nUnidos: doble nacionalidad");
	g_free(ff);
	g_free(tf);
	g_array_free(lines, TRUE);
}

/* Nothing, or only spaces: no lines.  One word: one line. */
static void
test_empty(void)
{
	struct linebreaker *lb = linebreak_new();
	struct lb_params p;
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	char *one = set("Aduana", 100, NULL, lines, NULL);
	struct para *P = para_new("   ");

	linebreak_defaults(&p);
	g_assert_cmpuint(linebreak_run(lb, NULL, 0, 100, &p, lines, NULL), ==, 0);
	g_assert_cmpuint(linebreak_run(lb, (const struct lb_item *)(const void *)P->items->data,
	    P->items->len, 100, &p, lines, NULL), ==, 0);
	g_assert_cmpstr(one, ==, "Aduana");
	para_free(P);
	g_free(one);
	g_array_free(lines, TRUE);
	linebreak_free(lb);
}

/* A long paragraph at a narrow measure: every line within 80 % (set() checks) and the breaker
 * does not blow up (a paragraph of 2,000 words in well under a second even under ASan). */
static void
test_long(void)
{
	GString *s = g_string_new(NULL);
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct lb_line));
	struct lb_stats st;
	char *tf;

	for (int i = 0; i < 400; i++)
		g_string_append(s, "pa|la|bra de prue|ba con 24~ho|ras y más tex|to ");
	g_string_append(s, "fin.");
	tf = set(s->str, 160, NULL, lines, &st);
	g_assert_cmpuint(lines->len, >, 100);
	g_assert_cmpint(st.pass, >=, 1);
	g_assert_null(strstr(tf, "24\n"));
	g_free(tf);
	g_string_free(s, TRUE);
	g_array_free(lines, TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (g_getenv("LINEBREAK_PRINT") != NULL)
		g_test_set_nonfatal_assertions();
	g_test_add_func("/linebreak/loose", test_loose);
	g_test_add_func("/linebreak/tight", test_tight);
	g_test_add_func("/linebreak/fact-at-end", test_fact_at_end);
	g_test_add_func("/linebreak/number-noun", test_number_noun);
	g_test_add_func("/linebreak/hyphen-ladder", test_hyphen_ladder);
	g_test_add_func("/linebreak/final-hyphen", test_final_hyphen);
	g_test_add_func("/linebreak/short-last", test_short_last);
	g_test_add_func("/linebreak/looseness", test_looseness);
	g_test_add_func("/linebreak/url", test_url);
	g_test_add_func("/linebreak/overfull", test_overfull);
	g_test_add_func("/linebreak/repeated-hyphen", test_repeated_hyphen);
	g_test_add_func("/linebreak/balanced-heading", test_balanced_heading);
	g_test_add_func("/linebreak/empty", test_empty);
	g_test_add_func("/linebreak/long", test_long);
	return g_test_run();
}
