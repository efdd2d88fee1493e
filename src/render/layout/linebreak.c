/* linebreak.c: total-fit paragraph breaking (Knuth and Plass, "Breaking paragraphs into
 * lines", 1981, as TeX does it: §813-890 of tex.web).
 *
 * Every legal break (a glue after a box, a penalty below LB_INF, the end) is tried against
 * every active break before it: the line between them is feasible when its glue need not
 * shrink past its shrink and its badness is within the pass's tolerance.  Each feasible line
 * makes a candidate break whose total demerits are the active break's plus the line's; the
 * best candidate of each fitness class is kept (and of each line count, with looseness), so the
 * adjacent-lines demerits can be charged exactly.  An active break is dropped once a line from it
 * would be overfull.  The paragraph's lines are the chain of the best break at the end.
 *
 * Memory: a struct linebreaker owns its arrays and reuses them; nothing else is allocated.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"

/* A break found: where, the best way to reach it, and what the line that ends there is. */
struct node {
	guint		 pos;		/* the item broken at, or n for the end */
	guint		 start;		/* the first item of the line that follows */
	guint		 line;		/* lines up to here */
	int		 fitness;
	gboolean	 flagged;
	gboolean	 overfull;
	double		 post;		/* the width the next line starts with */
	double		 demerits;	/* total, from the start of the paragraph */
	double		 ratio;		/* of the line that ends here */
	double		 natural;
	int		 prev;		/* the break before, -1 for the start */
};

struct linebreaker {
	GArray		*nodes;		/* struct node: every break kept, active or not */
	GArray		*active;	/* guint: indices into nodes */
	GArray		*sums;		/* double[3] per item: width, stretch, shrink before it */
	GArray		*cand;		/* struct node: candidates at the current break */
};

enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };

/* The last pass first takes lines up to 8 x their stretch (badness 51,200): most paragraphs
 * get through, with far fewer breaks to keep than with no limit; then, if none did, with no
 * limit at all, where a line nothing can fit runs over the measure. */
#define LAST_TOLERANCE	51200.0

struct linebreaker *
linebreak_new(void)
{
	struct linebreaker *lb = g_new0(struct linebreaker, 1);

	lb->nodes = g_array_new(FALSE, FALSE, sizeof(struct node));
	lb->active = g_array_new(FALSE, FALSE, sizeof(guint));
	lb->sums = g_array_new(FALSE, FALSE, 3 * sizeof(double));
	lb->cand = g_array_new(FALSE, FALSE, sizeof(struct node));
	return lb;
}

void
linebreak_free(struct linebreaker *lb)
{
	if (lb == NULL)
		return;
	g_array_free(lb->nodes, TRUE);
	g_array_free(lb->active, TRUE);
	g_array_free(lb->sums, TRUE);
	g_array_free(lb->cand, TRUE);
	g_free(lb);
}

void
linebreak_defaults(struct lb_params *p)
{
	memset(p, 0, sizeof(*p));
	p->pretolerance = 100;
	p->tolerance = 200;
	p->line_penalty = 10;
	p->hyphen_penalty = 50;
	p->adj_demerits = 10000;
	p->double_hyphen_demerits = 10000;
	p->final_hyphen_demerits = 5000;
	p->rerun_demerits = G_MAXDOUBLE;
}

/* TeX's badness: 100 r^3, at most LB_INF; in the last pass without the cap, so that a line
 * twice as loose as another still costs more (a space of 3x natural is worse than one of 2x,
 * though both are beyond TeX's scale). */
static double
badness(double r, gboolean capped)
{
	r = fabs(r);
	if (capped)
		return r > 4.64 ? LB_INF : 100 * r * r * r;
	return 100 * MIN(r * r * r, 1e6);
}

/* The first item of a line that follows a break at `pos`: glue and penalties after a break
 * are dropped up to the next box. */
static guint
line_start(const struct lb_item *items, guint n, guint pos, gboolean at_start)
{
	guint s = at_start ? pos : pos + 1;

	while (s < n && items[s].type != LB_BOX)
		s++;
	return s;
}

/* Whether a line may end at item b in this pass. */
static gboolean
legal(const struct lb_item *items, guint b, int pass)
{
	const struct lb_item *it = &items[b];

	if (it->type == LB_GLUE)
		return !(it->flags & LB_NOBREAK) && b > 0 && items[b - 1].type == LB_BOX;
	if (it->type != LB_PENALTY || it->penalty >= LB_INF)
		return FALSE;
	if ((it->flags & LB_FLAGGED) && pass == 1)
		return FALSE;
	if ((it->flags & LB_LAST_RESORT) && pass < 3)
		return FALSE;
	return TRUE;
}

static int
fitness(double r)
{
	if (r > 1)
		return FIT_VERY_LOOSE;
	if (r > 0.5)
		return FIT_LOOSE;
	if (r >= -0.5)
		return FIT_DECENT;
	return FIT_TIGHT;
}

/* Adds the candidates at a break to the active breaks: the best of each fitness class (and
 * line count, when they are told apart) that is within adj_demerits of the best overall. */
static void
commit(struct linebreaker *lb, const struct lb_params *p)
{
	double best = G_MAXDOUBLE;

	if (lb->cand->len == 0)
		return;		/* most legal breaks: no line ends there */
	for (guint i = 0; i < lb->cand->len; i++)
		best = MIN(best, g_array_index(lb->cand, struct node, i).demerits);
	for (guint i = 0; i < lb->cand->len; i++) {
		struct node *c = &g_array_index(lb->cand, struct node, i);
		guint idx = lb->nodes->len;

		if (c->demerits > best + p->adj_demerits && p->looseness == 0)
			continue;
		g_array_append_val(lb->nodes, *c);
		g_array_append_val(lb->active, idx);
	}
	g_array_set_size(lb->cand, 0);
}

/* Records a feasible line ending at b as a candidate, keeping the best per class. */
static void
candidate(struct linebreaker *lb, const struct lb_params *p, const struct node *c)
{
	for (guint i = 0; i < lb->cand->len; i++) {
		struct node *o = &g_array_index(lb->cand, struct node, i);

		if (o->fitness == c->fitness && (p->looseness == 0 || o->line == c->line)) {
			if (c->demerits < o->demerits)
				*o = *c;
			return;
		}
	}
	g_array_append_val(lb->cand, *c);
}

/* One pass; returns the index of the best break at the end, or -1 if no way through.
 * Breaks whose demerits reach `bound` are not kept: the caller wants a set that costs less
 * (a line's demerits are never negative when it passes a bound, so no break on a cheaper
 * set's chain costs that much). */
static int
pass_run(struct linebreaker *lb, const struct lb_item *items, guint n, double width,
    const struct lb_params *p, int pass, double bound)
{
	const double *sums = (const double *)(const void *)lb->sums->data;
	double tol = pass == 1 ? p->pretolerance : pass == 2 ? p->tolerance :
	    pass == 3 ? LAST_TOLERANCE : G_MAXDOUBLE;
	double bg = pass >= 3 ? p->emergency_stretch : 0;
	struct node first = { 0 };
	const struct node *nodes;
	guint *act;
	int best = -1;

	g_array_set_size(lb->nodes, 0);
	g_array_set_size(lb->active, 0);
	g_array_set_size(lb->cand, 0);
	first.start = line_start(items, n, 0, TRUE);
	first.fitness = FIT_DECENT;
	first.prev = -1;
	g_array_append_val(lb->nodes, first);
	g_array_append_val(lb->active, first.line);	/* node 0 */

	for (guint b = first.start; b <= n && lb->active->len > 0; b++) {
		gboolean end = b == n;
		const struct lb_item *it = end ? NULL : &items[b];
		double pen = 0, pw = 0;
		struct node rescue = { 0 };

		if (!end && !legal(items, b, pass))
			continue;
		if (!end && it->type == LB_PENALTY) {
			pen = it->penalty;
			if ((it->flags & LB_FLAGGED) && pen == 0)
				pen = p->hyphen_penalty;
			pw = it->width;
		}
		rescue.demerits = G_MAXDOUBLE;
		/* nothing is added to nodes or active until commit(): their data stay put */
		nodes = (const struct node *)(const void *)lb->nodes->data;
		act = (guint *)(void *)lb->active->data;
		for (guint ai = 0; ai < lb->active->len;) {
			const struct node *a = &nodes[act[ai]];
			const double *s0 = sums + 3 * a->start, *s1 = sums + 3 * b;
			double w = s1[0] - s0[0] + pw + a->post, y = s1[1] - s0[1], z = s1[2] - s0[2];
			double r, bad, d;
			gboolean last_free = end && !p->ragged;
			struct node c;

			if (b <= a->start) {
				ai++;
				continue;
			}
			if (p->ragged) {
				y = p->ragged_stretch;
				z = 0;
			}
			if (w < width) {
				r = last_free ? 0 : y + bg > 0 ? (width - w) / (y + bg) : LB_INF;
				bad = last_free ? 0 : badness(r, pass < 3);
			} else if (w > width) {
				r = z > 0 ? (width - w) / z : -LB_INF;
				bad = r < -1 ? LB_INF + 1 : badness(r, TRUE);
			} else {
				r = 0;
				bad = 0;
			}
			if (r < -1 || end || (it->type == LB_PENALTY && pen <= -LB_INF)) {
				/* no line from a can reach further: a is done */
				if (r < -1 && a->demerits < rescue.demerits) {
					rescue = *a;
					rescue.prev = (int)act[ai];
					rescue.natural = w;
				}
				/* as g_array_remove_index_fast: the last takes its place */
				act[ai] = act[--lb->active->len];
			} else {
				ai++;
			}
			if (r < -1 || bad > tol)
				continue;
			d = p->line_penalty + bad;
			d *= d;
			if (pen >= 0)
				d += pen * pen;
			else if (pen > -LB_INF)
				d -= pen * pen;
			if (a->flagged && !end && it->type == LB_PENALTY && (it->flags & LB_FLAGGED))
				d += p->double_hyphen_demerits;
			if (end && a->flagged)
				d += p->final_hyphen_demerits;
			if (end && w < p->min_last)
				d += p->short_last_demerits;
			memset(&c, 0, sizeof(c));
			c.fitness = last_free ? FIT_DECENT : fitness(r);
			if (abs(c.fitness - a->fitness) > 1)
				d += p->adj_demerits;
			if (a->demerits + d >= bound)
				continue;
			c.pos = b;
			c.start = end ? n : line_start(items, n, b, FALSE);
			c.line = a->line + 1;
			c.flagged = !end && it->type == LB_PENALTY && (it->flags & LB_FLAGGED);
			c.post = !end && it->type == LB_PENALTY ? it->post : 0;
			c.demerits = a->demerits + d;
			/* the ratio the glue is set at: r was reckoned with the emergency stretch */
			c.ratio = p->ragged || w == width ? 0 : w > width ? r : last_free ? 0 :
			    y > 0 ? (width - w) / y : 0;
			c.natural = w;
			c.prev = (int)(a - nodes);
			candidate(lb, p, &c);
		}
		/* The last pass never runs out: the line that nothing fits runs over the measure. */
		if (pass == 4 && lb->active->len == 0 && lb->cand->len == 0 && rescue.demerits < G_MAXDOUBLE) {
			struct node c = { 0 };

			c.pos = b;
			c.start = end ? n : line_start(items, n, b, FALSE);
			c.line = rescue.line + 1;
			c.fitness = FIT_TIGHT;
			c.flagged = !end && it->type == LB_PENALTY && (it->flags & LB_FLAGGED);
			c.post = !end && it->type == LB_PENALTY ? it->post : 0;
			c.demerits = rescue.demerits;
			c.ratio = -1;
			c.natural = rescue.natural;
			c.overfull = TRUE;
			c.prev = rescue.prev;
			g_array_append_val(lb->cand, c);
		}
		commit(lb, p);
		if (end)
			break;
	}
	/* the breaks at the end are the last ones added */
	for (guint i = 0; i < lb->nodes->len; i++) {
		const struct node *c = &g_array_index(lb->nodes, struct node, i);

		if (c->pos == n && i > 0 && (best < 0 || c->demerits < g_array_index(lb->nodes, struct node, best).demerits))
			best = (int)i;
	}
	if (best >= 0 && p->looseness != 0) {
		guint want = g_array_index(lb->nodes, struct node, best).line;
		int bi = best;

		want = p->looseness < 0 && (guint)-p->looseness >= want ? 1 : want + (guint)p->looseness;
		for (guint i = 1; i < lb->nodes->len; i++) {
			const struct node *c = &g_array_index(lb->nodes, struct node, i);
			const struct node *o = &g_array_index(lb->nodes, struct node, bi);
			guint dc = c->line > want ? c->line - want : want - c->line;
			guint dobest = o->line > want ? o->line - want : want - o->line;

			if (c->pos == n && (dc < dobest || (dc == dobest && c->demerits < o->demerits)))
				bi = (int)i;
		}
		best = bi;
	}
	return best;
}

/* Whether no line's demerits can be negative (no negative penalty or extra demerits): then
 * the demerits only grow along a chain of breaks. */
static gboolean
demerits_grow(const struct lb_item *items, guint n, const struct lb_params *p)
{
	if (p->line_penalty < 0 || p->adj_demerits < 0 || p->double_hyphen_demerits < 0 ||
	    p->final_hyphen_demerits < 0 || p->short_last_demerits < 0 || p->hyphen_penalty < 0)
		return FALSE;
	for (guint i = 0; i < n; i++)
		if (items[i].type == LB_PENALTY && items[i].penalty < 0)
			return FALSE;
	return TRUE;
}

/* Appends the lines of the chain that ends at node `best`, first line first. */
static guint
collect(const struct linebreaker *lb, int best, GArray *lines)
{
	guint count = 0, first = lines->len;

	for (int k = best; k > 0; k = g_array_index(lb->nodes, struct node, k).prev)
		count++;
	g_array_set_size(lines, first + count);
	for (int k = best, i = (int)count - 1; k > 0; k = g_array_index(lb->nodes, struct node, k).prev, i--) {
		const struct node *c = &g_array_index(lb->nodes, struct node, k);
		const struct node *a = &g_array_index(lb->nodes, struct node, c->prev);
		struct lb_line *l = &g_array_index(lines, struct lb_line, first + (guint)i);

		l->start = a->start;
		l->end = c->pos;
		l->ratio = c->ratio;
		l->natural = c->natural;
		l->pre = a->post;
		l->hyphen = c->flagged;
		l->overfull = c->overfull;
	}
	return count;
}

guint
linebreak_run(struct linebreaker *lb, const struct lb_item *items, guint n, double width,
    const struct lb_params *p, GArray *lines, struct lb_stats *stats)
{
	double *s, d;
	int best = -1, pass;
	guint count, first;

	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if (n == 0 || line_start(items, n, 0, TRUE) >= n)
		return 0;
	g_array_set_size(lb->sums, n + 1);
	s = (double *)(void *)lb->sums->data;
	s[0] = s[1] = s[2] = 0;
	for (guint i = 0; i < n; i++) {
		const struct lb_item *it = &items[i];
		gboolean counts = it->type != LB_PENALTY;

		s[3 * i + 3] = s[3 * i] + (counts ? it->width : 0);
		s[3 * i + 4] = s[3 * i + 1] + (it->type == LB_GLUE ? it->stretch : 0);
		s[3 * i + 5] = s[3 * i + 2] + (it->type == LB_GLUE ? it->shrink : 0);
	}
	/* A looser or tighter paragraph is wanted whatever its lines: only the last pass */
	for (pass = p->looseness != 0 ? 3 : p->pretolerance >= 0 ? 1 : 2; pass <= 4 && best < 0; pass++)
		best = pass_run(lb, items, n, width, p, pass, G_MAXDOUBLE);
	if (best < 0)
		return 0;	/* cannot happen: the last pass always gets through */
	pass = MIN(pass - 1, 3);
	first = lines->len;
	d = g_array_index(lb->nodes, struct node, best).demerits;
	count = collect(lb, best, lines);
	/* The tolerance of the second pass can leave only sets with a ladder of hyphens or a
	 * short last line; the last pass, which allows any line, may find a better one. */
	if (pass == 2 && d >= p->rerun_demerits) {
		int b3 = pass_run(lb, items, n, width, p, 3, demerits_grow(items, n, p) ? d : G_MAXDOUBLE);

		if (b3 >= 0 && g_array_index(lb->nodes, struct node, b3).demerits < d) {
			d = g_array_index(lb->nodes, struct node, b3).demerits;
			g_array_set_size(lines, first);
			count = collect(lb, b3, lines);
			pass = 3;
		}
	}
	if (stats != NULL) {
		stats->pass = pass;
		stats->demerits = d;
	}
	return count;
}
