/* paginate.c: the flow's strips placed on pages (keeps, repeated table headers), the page
 * numbers and link targets filled in, running heads, folios and the outline. */
#include <math.h>
#include <string.h>

#include "lay.h"

double
page_col_left(const struct lay *L, int page)
{
	/* page index 0 is folio 1, a right-hand page: its inner margin is on the left */
	return page % 2 == 0 ? L->t->inner : L->t->outer;
}

struct dl_page *
page_new(struct lay *L, enum page_kind kind)
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
	g_array_set_size(L->onpage, 0);
	g_ptr_array_set_size(L->page_anchors, 0);
	L->page_h = L->next_h > 0 ? L->next_h : L->area_h;
	L->next_h = 0;
	L->y = 0;
	L->empty = TRUE;
	return L->page;
}

static void
place(struct lay *L, struct strip *s, gboolean copy_items, double gap)
{
	int pidx = (int)L->d->pages->len - 1;
	double dx = page_col_left(L, pidx), dy = L->t->top + L->y;
	guint base = L->page->items->len;
	struct placed pl = { base, L->page_anchors->len, gap };

	g_array_append_val(L->onpage, pl);

	/* copied all at once, then moved where they go on the page */
	g_array_append_vals(L->page->items, s->items->data, s->items->len);
	for (guint i = 0; i < s->items->len; i++) {
		struct dl_item *it = &g_array_index(L->page->items, struct dl_item, base + i);

		if (copy_items && it->kind == DL_TEXT) {
			it->u.text.glyphs = display_glyphs(L->d, it->u.text.nglyphs);
			memcpy(it->u.text.glyphs, g_array_index(s->items, struct dl_item, i).u.text.glyphs,
			    it->u.text.nglyphs * sizeof(struct dl_glyph));
		}
		display_item_move(it, dx, dy);
	}
	if (!copy_items) {
		/* the items are the page's now: the strip's room goes back at once */
		g_array_free(s->items, TRUE);
		s->items = g_array_new(FALSE, TRUE, sizeof(struct dl_item));
	}
	for (guint i = 0; s->fixups != NULL && i < s->fixups->len; i++) {
		struct fixup f = g_array_index(s->fixups, struct fixup, i);

		f.page = pidx;
		f.item += base;
		g_array_append_val(L->fixups, f);
	}
	for (guint i = 0; s->anchors != NULL && i < s->anchors->len; i++) {
		const struct anchor *a = &g_array_index(s->anchors, struct anchor, i);
		struct anchor *p = g_new0(struct anchor, 1);

		p->node = a->node;
		p->page = pidx;
		p->y = dy + a->y;
		if (!g_hash_table_contains(L->anchors, a->node)) {
			g_hash_table_insert(L->anchors, (gpointer)a->node, p);
			g_ptr_array_add(L->page_anchors, p);
		} else
			g_free(p);
	}
	L->y += s->h;
	L->empty = FALSE;
	L->page->foot = L->t->top + MIN(L->y, L->area_h);
}

/*
 * Vertical justification: a body page that ends short (the next strip does not fit) is
 * filled by opening the spaces between the strips on it, each in proportion to itself and by
 * at most the template's page stretch times itself, so that facing pages end on the same
 * line.  The items, links and anchors below each space move down with it.  A left-hand page
 * that cannot be filled that way (a box too tall for the room left follows) sets where its
 * right-hand page may be filled to: the spread ends on one line, and the rest goes overleaf.
 * `s` and `next`: the first strip of what goes overleaf, and the height it needs.
 */
static void
page_justify(struct lay *L, enum page_kind kind, const struct strip *s, double next)
{
	double slack = L->page_h - L->y, total = 0, shift = 0;
	GArray *pl = L->onpage;

	if (kind != PK_BODY || L->page == NULL)
		return;
	L->page->flush = TRUE;
	L->page->room = MAX(slack, 0);
	L->page->next = next;
	L->page->next_box = !s->text && !s->in_list && !s->keep;
	for (guint k = 0; k < pl->len; k++)
		total += g_array_index(pl, struct placed, k).gap;
	if (slack >= 0.01 && total >= 0.01 && L->t->page_stretch > 0) {
		double f = MIN(slack, total * L->t->page_stretch) / total;

		for (guint k = 0; k < pl->len; k++) {
			const struct placed *p = &g_array_index(pl, struct placed, k);
			guint iend = k + 1 < pl->len ? g_array_index(pl, struct placed, k + 1).item :
			    L->page->items->len;
			guint aend = k + 1 < pl->len ? g_array_index(pl, struct placed, k + 1).anchor :
			    L->page_anchors->len;

			shift += p->gap * f;
			if (shift == 0)
				continue;
			for (guint i = p->item; i < iend; i++)
				display_item_move(&g_array_index(L->page->items, struct dl_item, i), 0, shift);
			for (guint i = p->anchor; i < aend; i++)
				((struct anchor *)L->page_anchors->pdata[i])->y += shift;
		}
		L->y += shift;
		L->page->foot = L->t->top + L->y;
	}
	/* a left-hand page that ends short: its right-hand page ends where it does */
	if (L->d->pages->len % 2 == 0 && L->y < L->area_h - 0.5)
		L->next_h = L->y;
}

/* The last few places a simulated page could end (sim_page). */
#define SIM_KEEP	4

/* A page filled on paper: what paginate() would place from strip i on a page of height h. */
struct sim {
	double		 y, gaps;	/* the text's height, and the spaces between its strips */
	guint		 next;		/* the first strip that goes overleaf */
	gboolean	 ends;		/* the chapter ends on it, or it cannot tell (a table, a
					 * tear-out page, a strip taller than a page) */
	guint		 n;		/* ends[0..n): the places the page could end, the last last */
	double		 end_y[SIM_KEEP], end_gaps[SIM_KEEP];
	guint		 end_next[SIM_KEEP];
};

/*
 * The strips that go together from strip i: i and the ones its keep chain holds to it (a
 * heading with the lines after it), up to a new page or chapter opening.  A chain taller than
 * the page is let go: i alone, to break where it must.  Returns the last strip of the group, its
 * height (with the space above, unless it starts the page: `empty`) in *h.  paginate() and the
 * look-ahead's sim_page() both group with it, so what is simulated is what is set.
 */
static guint
keep_group(const struct lay *L, guint i, gboolean empty, double *h)
{
	const GPtrArray *st = L->strips;
	const struct strip *s = st->pdata[i];
	guint j = i;

	*h = (empty ? 0 : s->before) + s->h;
	while (j + 1 < st->len && ((struct strip *)st->pdata[j])->keep &&
	    !((struct strip *)st->pdata[j + 1])->newpage && !((struct strip *)st->pdata[j + 1])->opening) {
		j++;
		*h += ((struct strip *)st->pdata[j])->before + ((struct strip *)st->pdata[j])->h;
	}
	if (*h > L->area_h) {
		j = i;
		*h = (empty ? 0 : s->before) + s->h;
	}
	return j;
}

static void
sim_page(const struct lay *L, guint i, double h, struct sim *r)
{
	const GPtrArray *st = L->strips;
	gboolean empty = TRUE;

	memset(r, 0, sizeof(*r));
	for (; i < st->len;) {
		const struct strip *s = st->pdata[i];
		double hgroup;
		guint j;

		if ((!empty && (s->newpage || s->opening)) || s->leaf || s->header != NULL || s->is_header ||
		    s->h > L->area_h)
			break;
		j = keep_group(L, i, empty, &hgroup);
		if (r->y + hgroup > h + 0.01 && !empty) {
			const struct strip *p = i + 1 < st->len ? st->pdata[i + 1] : NULL;

			/* a box that paginate() may move after the next paragraph: it cannot tell */
			r->ends = s->floats && i == j && p != NULL && (p->para || p->in_list) &&
			    h - r->y >= p->before + 3 * p->h;
			r->next = i;
			return;
		}
		for (guint k = i; k <= j; k++) {
			const struct strip *p = st->pdata[k];

			if (!empty) {
				r->y += p->before;
				r->gaps += p->before;
			}
			r->y += p->h;
			empty = FALSE;
			if (p->alone) {
				r->ends = TRUE;
				return;
			}
		}
		if (r->n == SIM_KEEP) {
			memmove(r->end_y, r->end_y + 1, (SIM_KEEP - 1) * sizeof(double));
			memmove(r->end_gaps, r->end_gaps + 1, (SIM_KEEP - 1) * sizeof(double));
			memmove(r->end_next, r->end_next + 1, (SIM_KEEP - 1) * sizeof(guint));
			r->n--;
		}
		r->end_y[r->n] = r->y;
		r->end_gaps[r->n] = r->gaps;
		r->end_next[r->n++] = j + 1;
		i = j + 1;
	}
	r->ends = TRUE;
}

/* How low a simulated page ends once its spaces open (vertical justification), at most h. */
static double
sim_fill(const struct lay *L, double y, double gaps, double h)
{
	return MIN(h, y + gaps * L->t->page_stretch);
}

/*
 * Look-ahead over a spread, at the top of a left-hand page (from strip i): if, filled greedily,
 * its right-hand page would end short of it (what follows is a box that does not fit), the left
 * page may end one, two or three blocks earlier, so that the two end on one line; of those
 * choices, the one where the pages end closest, then lowest, sets how far the left page is
 * filled.  Bounded: at most SIM_KEEP simulated right-hand pages per spread.
 */
static void
spread_plan(struct lay *L, guint i)
{
	struct sim left, right;
	double fill_l, best, best_h = 0;

	sim_page(L, i, L->page_h, &left);
	if (left.ends || left.n < 2)
		return;
	fill_l = sim_fill(L, left.y, left.gaps, L->page_h);
	sim_page(L, left.next, fill_l, &right);
	if (right.ends)
		return;
	best = 2 * (fill_l - sim_fill(L, right.y, right.gaps, fill_l)) + (L->area_h - fill_l);
	if (best - (L->area_h - fill_l) <= 1)
		return;
	for (guint k = 0; k + 1 < left.n; k++) {
		double h = MIN(sim_fill(L, left.end_y[k], left.end_gaps[k], L->page_h), left.end_y[k + 1] - 0.02);
		double score;

		sim_page(L, left.end_next[k], h, &right);
		score = (right.ends ? 0 : 2 * (h - sim_fill(L, right.y, right.gaps, h))) + (L->area_h - h);
		if (score < best - 0.5) {
			best = score;
			best_h = h;
		}
	}
	if (best_h > 0)
		L->page_h = best_h;
}

/*
 * A box that does not fit at the foot of the page, where at least three lines of text would:
 * if the paragraph that follows it may come first (the box floats, the paragraph is running
 * text of the same section, or a whole list, but not a lead-in kept with its list), the two
 * change places, so the paragraph fills the page and the
 * box follows it.  The space above each goes with it.  Returns whether they moved.
 */
static gboolean
box_after_para(struct lay *L, guint i, guint j)
{
	GPtrArray *st = L->strips;
	struct strip *b = st->pdata[i], *p;
	double line = 0, tmp;
	guint e;

	if (i != j || !b->floats || j + 1 >= st->len)
		return FALSE;
	p = st->pdata[j + 1];
	if (!(p->para || p->in_list) || p->newpage || p->opening || p->leaf || p->head != NULL)
		return FALSE;
	line = p->h;
	if (L->page_h - L->y < p->before + 3 * line)
		return FALSE;
	for (e = j + 2; e < st->len; e++) {
		const struct strip *q = st->pdata[e];

		if (q->newpage || q->opening || q->head != NULL)
			break;
		if (p->in_list ? !q->in_list : !q->text || q->para)
			break;
	}
	/* strips j+1 .. e-1 are the paragraph: the box goes after them, unless the paragraph
	 * leads a list (it keeps its last line with it) */
	if (((struct strip *)st->pdata[e - 1])->keep)
		return FALSE;
	memmove(&st->pdata[i], &st->pdata[i + 1], (e - 1 - i) * sizeof(gpointer));
	st->pdata[e - 1] = b;
	tmp = b->before;
	b->before = MAX(p->before, L->t->box_space);
	p->before = tmp;
	if (e < st->len)
		((struct strip *)st->pdata[e])->before = MAX(((struct strip *)st->pdata[e])->before, L->t->box_space);
	b->floats = FALSE;
	return TRUE;
}

/* A new left-hand body page, its first strip i: plans its spread. */
static void
spread_start(struct lay *L, enum page_kind kind, guint i)
{
	if (kind == PK_BODY && L->empty && L->d->pages->len % 2 == 0 && L->planned != L->page &&
	    L->t->page_stretch > 0) {
		L->planned = L->page;
		spread_plan(L, i);
	}
}

void
paginate(struct lay *L, enum page_kind kind)
{
	GPtrArray *st = L->strips;

	for (guint i = 0; i < st->len;) {
		struct strip *s = st->pdata[i];
		struct pinfo *pi;
		double hgroup;
		guint j;

		if (s->head != NULL) {
			L->head = s->head;
			L->chapter = s->chapter;
		}
		if (L->page == NULL || ((s->newpage || s->opening) && !L->empty))
			page_new(L, kind);
		if (s->leaf && L->d->pages->len % 2 == 0) {
			/* a tear-out page takes a leaf of its own: it starts on a recto */
			((struct pinfo *)L->pinfo->pdata[L->pinfo->len - 1])->kind = PK_BLANK;
			page_new(L, kind);
		}
		spread_start(L, kind, i);
		pi = L->pinfo->pdata[L->pinfo->len - 1];
		if (s->opening) {
			pi->kind = PK_OPENING;
			pi->head = L->head;
			pi->chapter = L->chapter;
		}
		j = keep_group(L, i, L->empty, &hgroup);
		/* A strip taller than a page (a table row or a notice of thousands of words) is cut
		 * between its lines: what fits goes here, the rest follows on the next pages. */
		if (j == i && s->h > L->area_h - (s->header != NULL ? s->header->h : 0) + 0.01) {
			struct strip *top = strip_split(s, L->page_h - L->y - (L->empty ? 0 : s->before));

			if (top == NULL && !L->empty) {
				page_justify(L, kind, s, s->before + s->h);
				page_new(L, kind);
				if (s->header != NULL)
					place(L, s->header, TRUE, 0);
				top = strip_split(s, L->page_h - L->y);
			}
			if (top != NULL) {
				g_ptr_array_insert(st, (gint)i, top);
				continue;
			}
		}
		if (L->y + hgroup > L->page_h + 0.01 && !L->empty && box_after_para(L, i, j))
			continue;
		if (L->y + hgroup > L->page_h + 0.01 && !L->empty) {
			page_justify(L, kind, s, hgroup);
			page_new(L, kind);
			spread_start(L, kind, i);
			if (s->header != NULL) {
				guint at = L->page->items->len;

				place(L, s->header, TRUE, 0);
				/* read once, where the table starts: here a repetition */
				for (guint k = at; k < L->page->items->len; k++)
					g_array_index(L->page->items, struct dl_item, k).el = L->artifact;
				L->y += 0;
			}
		}
		for (guint k = i; k <= j; k++) {
			struct strip *p = st->pdata[k];

			double gap = L->empty ? 0 : p->before;

			L->y += gap;
			place(L, p, p->is_header, gap);
			if (p->alone)
				L->y = L->area_h + 1;
			if (p->leaf && L->d->pages->len % 2 == 1) {
				/* ... and its back stays blank, so that tearing it out takes nothing else */
				page_new(L, kind);
				((struct pinfo *)L->pinfo->pdata[L->pinfo->len - 1])->kind = PK_BLANK;
				L->y = L->area_h + 1;
				L->empty = FALSE;
			}
		}
		i = j + 1;
	}
}

/* Fills in the page numbers the text quotes and the internal links' targets. */
void
page_fixups(struct lay *L)
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
void
page_text(struct lay *L, struct dl_page *p, const char *text, enum tpl_style style, int colr,
    double x, double y, double width, PangoAlignment align, const struct node *src)
{
	GPtrArray *tmp = g_ptr_array_new();
	struct setting st = para_setting(L, style, 0, width);
	const struct tpl_style_def *sd = &L->t->style[style];
	double baseline = lay_baseline(L, sd);

	st.align = align;
	st.color = colr;
	para_set_inlines(L, NULL, text, &st, FALSE, src, tmp);
	for (guint i = 0; i < tmp->len; i++) {
		struct strip *s = tmp->pdata[i];

		for (guint k = 0; k < s->items->len; k++) {
			struct dl_item it = g_array_index(s->items, struct dl_item, k);

			display_item_move(&it, x, y - baseline + i * sd->leading);
			g_array_append_val(p->items, it);
		}
		g_array_set_size(s->items, 0);
		strip_free(s);
	}
	g_ptr_array_free(tmp, TRUE);
}

void
page_rect(struct dl_page *p, double x, double y, double w, double h, const struct dl_color *c)
{
	struct dl_item *it = display_add_item(p, DL_RECT);

	it->color = *c;
	item_rect(it, x, y, w, h);
}

void
page_line(struct dl_page *p, double x1, double y1, double x2, double y2, double w, const struct dl_color *c)
{
	struct dl_item *it = display_add_item(p, DL_LINE);

	it->color = *c;
	item_line(it, x1, y1, x2, y2, w);
}

/* The draft stamp on page p: the words in the bold face, their outlines stroked, centred on
 * the page at the template's angle, as large as fits (draft_size of that). */
static void
page_stamp(struct lay *L, struct dl_page *p)
{
	const struct template *t = L->t;
	const char *words = L->w->draft;
	double a = t->draft_angle * G_PI / 180, cs = cos(a), sn = sin(a), k = 0, size, tw, pen = 0;
	guint n = (guint)g_utf8_strlen(words, -1), i = 0;
	struct dl_item *it = display_add_item(p, DL_TEXT);

	it->el = L->stamp;
	for (const char *c = words; *c != '\0'; c = g_utf8_next_char(c))
		k += shape_glyph(L, TF_BOLD, g_utf8_get_char(c))->adv;
	size = t->draft_size * MIN(t->trim_w / (k * cs + t->draft_cap * sn),
	    t->trim_h / (k * sn + t->draft_cap * cs));
	tw = k * size;
	it->color = t->draft_color;
	it->u.text.font = shape_glyph(L, TF_BOLD, g_utf8_get_char(words))->font;
	it->u.text.size = size;
	it->u.text.x = t->trim_w / 2 - cs * tw / 2 + sn * t->draft_cap / 2 * size;
	it->u.text.y = t->trim_h / 2 + sn * tw / 2 + cs * t->draft_cap / 2 * size;
	it->u.text.turn = display_turn(L->d, a, t->draft_outline);
	it->u.text.utf8 = display_intern(L->d, words);
	it->u.text.nglyphs = n;
	it->u.text.glyphs = display_glyphs(L->d, n);
	for (const char *c = words; *c != '\0'; c = g_utf8_next_char(c), i++) {
		const struct glyph_info *g = shape_glyph(L, TF_BOLD, g_utf8_get_char(c));

		it->u.text.glyphs[i].id = g->glyph;
		it->u.text.glyphs[i].x = (float)(pen + g->dx * size);
		pen += g->adv * size;
	}
}

/* A draft's stamp on every page. */
void
page_stamps(struct lay *L)
{
	/* made last, so that the screen PDF, which paints in reading order, paints it on top */
	L->stamp = display_elem(L->d, DL_ARTIFACT);
	for (guint i = 0; i < L->d->pages->len; i++)
		page_stamp(L, L->d->pages->pdata[i]);
}

/* Running heads and folios. */
void
page_decorate(struct lay *L)
{
	const struct template *t = L->t;

	for (guint i = 0; i < L->d->pages->len; i++) {
		struct dl_page *p = L->d->pages->pdata[i];
		const struct pinfo *pi = L->pinfo->pdata[i];
		double left = page_col_left(L, (int)i), bottom = t->trim_h - t->bottom;
		gboolean recto = i % 2 == 0;
		char num[16];
		guint at = p->items->len;

		if (pi->kind == PK_COVER || pi->kind == PK_NOTES || pi->kind == PK_COLOPHON || pi->kind == PK_BLANK)
			continue;
		if (pi->kind == PK_BODY && pi->head != NULL) {
			double y = t->top - t->head_gap;

			page_text(L, p, pi->head, TS_HEAD, -1, left, y, L->col,
			    recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, pi->chapter);
			page_line(p, left, y + t->head_rule, left + L->col, y + t->head_rule, t->thin_rule,
			    lay_color(L, TC_RULE));
		}
		g_snprintf(num, sizeof(num), "%u", i + 1);
		page_text(L, p, num, TS_FOLIO, -1, left, bottom + t->folio_gap, L->col,
		    recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, NULL);
		lay_tag_items(p->items, at, L->artifact);
	}
}


/* A bookmark to where node n landed, if it did. */
static gboolean
outline_entry(struct lay *L, const struct node *n, int level)
{
	const struct anchor *a = g_hash_table_lookup(L->anchors, n);
	struct dl_outline o;

	if (a == NULL)
		return FALSE;
	o.title = model_plain_text(&n->title, L->lang);
	o.level = level;
	o.page = a->page;
	o.y = a->y;
	g_array_append_val(L->d->outline, o);
	return TRUE;
}

void
page_outline(struct lay *L)
{
	for (guint i = 0; i < L->m->edition->chapters->len; i++) {
		const struct node *ch = L->m->edition->chapters->pdata[i];

		if (ch->omit || !outline_entry(L, ch, 1))
			continue;
		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && s->type == NODE_SECTION)
				outline_entry(L, s, 2);
	}
}
