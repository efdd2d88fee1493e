/* blocks.c: the blocks of a chapter (paragraphs, lists, tables, notices, cards, images, the
 * form), its sections and its opening, turned into strips of the flow. */
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "lay.h"

void
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
		s->para = i == 0 && !keep_last && !s->in_list;
		s->text = !keep_last && !s->in_list;
		flow_add(L, s);
	}
	g_ptr_array_set_size(lines, 0);
}

/* A single-line label (bullet, step number) at x on a line strip's baseline. */
void
block_label(struct lay *L, struct strip *s, const char *text, enum tpl_style style, enum tpl_color c,
    double x, double width, PangoAlignment align, const struct node *src)
{
	GPtrArray *tmp = g_ptr_array_new();
	struct setting st = para_setting(L, style, x, width);

	st.align = align;
	st.color = c;
	para_set_inlines(L, NULL, text, &st, FALSE, src, tmp);
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

/* Whether a block quotes a fact: moving it would change the order the facts are read in. */
static gboolean
quotes_fact(const struct node *n)
{
	for (const struct node *c = n->first; c != NULL; c = c->next)
		if (c->type == NODE_REF || quotes_fact(c))
			return TRUE;
	return FALSE;
}

/* A boxed strip (a notice, a card) with a block's space around it, to the flow or a box. */
static void
emit_box(struct lay *L, struct strip *s, GPtrArray *box, double *space)
{
	s->before = gap(space, L->t->box_space);
	*space = L->t->box_space;
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
	struct dl_elem *list = display_elem(L->d, "L");

	list->list = n->type == NODE_STEPS ? "Decimal" : "Disc";
	if (n->type == NODE_STEPS)
		ind *= L->t->steps_indent;
	for (const struct node *k = n->first; k != NULL; k = k->next) {
		struct setting st = para_setting(L, TS_BODY, x + ind, width - ind);
		char label[16];
		struct dl_elem *li, *lbl;
		guint at;

		if (k->omit || k->type != NODE_ITEM)
			continue;
		st.justify = TRUE;
		para_set_inlines(L, model_text(&k->text, L->lang), NULL, &st, TRUE, k, lines);
		if (lines->len == 0)
			continue;
		/* the label is drawn after the first line's words, but read before them */
		li = display_elem(L->d, "LI");
		li->parent = list;
		lbl = display_elem(L->d, "Lbl");
		lbl->parent = li;
		lay_tag_in(L, lines, 0, "LBody", li)->lang = lay_lang(L, &k->text);
		at = ((struct strip *)lines->pdata[0])->items->len;
		if (n->type == NODE_STEPS)
			g_snprintf(label, sizeof(label), "%d.", ++num);
		else
			g_strlcpy(label, "•", sizeof(label));
		block_label(L, lines->pdata[0], label, n->type == NODE_STEPS ? TS_H3 : TS_BODY, TC_ACCENT,
		    x, ind - L->t->label_gap, n->type == NODE_STEPS ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, k);
		for (guint i = 0; i < lines->len; i++)
			((struct strip *)lines->pdata[i])->in_list = TRUE;
		lay_tag_items(((struct strip *)lines->pdata[0])->items, at, lbl);
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

	para_init(L, &P, FALSE);
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
	para_clear(L, &P);
	return widest;
}

/* A row's cells, in column order. */
static GPtrArray *
row_cells(const struct node *row)
{
	GPtrArray *cells = g_ptr_array_new();

	for (const struct node *cell = row->first; cell != NULL; cell = cell->next)
		if (cell->type == NODE_CELL)
			g_ptr_array_add(cells, (gpointer)cell);
	return cells;
}

/* One row of the columns `cols` (a table too wide for the page is set in groups of columns). */
static struct strip *
table_row(struct lay *L, const struct node *row, const guint *cols, guint ncols, const double *cx,
    const double *cw, double x, double width, gboolean header)
{
	double pad = L->t->cell_pad, h = 0;
	struct strip *s = strip_new(0);
	GPtrArray *lines = g_ptr_array_new();
	GPtrArray *cells = row_cells(row), *boxes = g_ptr_array_new();
	struct dl_elem *tr = display_elem(L->d, "TR");

	for (guint c = 0; c < ncols; c++) {
		struct setting st = para_setting(L, header ? TS_H3 : TS_BODY, 0, cw[c] - 2 * pad);
		const struct node *cell;
		struct strip *box;
		struct dl_elem *e;

		if (cols[c] >= cells->len)
			continue;
		cell = cells->pdata[cols[c]];
		para_set_inlines(L, model_text(&cell->text, L->lang), NULL, &st, !header, cell, lines);
		e = lay_tag_in(L, lines, 0, header ? "TH" : "TD", tr);
		e->column = header;
		e->lang = lay_lang(L, &cell->text);
		box = strips_stack(lines, x + cx[c] + pad, 0, FALSE);
		h = MAX(h, box->h);
		g_ptr_array_add(boxes, box);
	}
	h += 2 * pad;
	if (header)
		strip_rect(s, row, x, 0, width, h, lay_color(L, TC_TINT_IMPORTANT));
	for (guint i = 0; i < boxes->len; i++)
		strip_absorb(s, boxes->pdata[i], 0, pad);
	/* Thin rules print in one ink (K): a three-ink hairline would not register. */
	strip_hline(s, row, x, x + width, h, header ? L->t->accent_rule : L->t->rule, lay_color(L, header ? TC_ACCENT : TC_RULE));
	s->h = h;
	lay_tag_items(s->items, 0, tr);
	g_ptr_array_free(boxes, TRUE);
	g_ptr_array_free(cells, TRUE);
	g_ptr_array_free(lines, TRUE);
	return s;
}

/*
 * The widths of the columns `cols` in `width`.  Every column gets its widest word; the rest of
 * the width goes by what each column would need to set its cells on one line.  When even the
 * widest words do not fit, the columns whose widest word is narrower than an equal share keep
 * it and the others share what is left (their words are then cut at the column's edge).
 */
static void
table_widths(const double *nat, const double *min, const guint *cols, guint n, double width, double *cw)
{
	double sum = 0, summin = 0;

	for (guint i = 0; i < n; i++) {
		sum += nat[cols[i]];
		summin += min[cols[i]];
	}
	if (summin > width) {
		gboolean *fixed = g_new0(gboolean, n), changed = TRUE;
		double left = width;
		guint open = n;

		while (changed && open > 0) {
			changed = FALSE;
			for (guint i = 0; i < n; i++)
				if (!fixed[i] && min[cols[i]] <= left / open) {
					fixed[i] = TRUE;
					cw[i] = min[cols[i]];
					left -= cw[i];
					open--;
					changed = TRUE;
				}
		}
		for (guint i = 0; i < n; i++)
			if (!fixed[i])
				cw[i] = left / open;
		g_free(fixed);
		return;
	}
	for (guint i = 0; i < n; i++) {
		guint c = cols[i];

		if (sum <= width)
			cw[i] = nat[c] + (width - sum) * nat[c] / sum;
		else if (summin < width)
			cw[i] = min[c] + (width - summin) * (nat[c] - min[c]) / (sum - summin);
		else
			cw[i] = width * min[c] / summin;
	}
}

/* One group of columns of a table: its caption, its header and its rows. */
static void
table_part(struct lay *L, const struct node *n, const char *caption_extra, const guint *cols, guint ncols,
    const double *nat, const double *min, double x, double width, GPtrArray *box, double *space)
{
	double *cw = g_new(double, ncols), *cx = g_new(double, ncols);
	struct strip *header = NULL;
	GPtrArray *lines = g_ptr_array_new();
	gboolean first = TRUE;
	struct dl_elem *table = display_elem(L->d, "Table");

	table_widths(nat, min, cols, ncols, width, cw);
	for (guint c = 0; c < ncols; c++)
		cx[c] = c == 0 ? 0 : cx[c - 1] + cw[c - 1];
	if (model_text(&n->title, L->lang) != NULL || caption_extra != NULL) {
		struct setting st = para_setting(L, TS_CAPTION, x, width);
		struct para P;

		para_init(L, &P, FALSE);
		para_inlines(L, &P, model_text(&n->title, L->lang));
		if (caption_extra != NULL) {
			P.space = model_text(&n->title, L->lang) != NULL;
			para_text(L, &P, caption_extra);
		}
		para_set(L, &P, &st, n, lines);
		para_clear(L, &P);
		lay_tag_in(L, lines, 0, "Caption", table)->lang = lay_lang(L, &n->title);
		emit(L, lines, box, gap(space, L->t->block), TRUE);
		first = FALSE;
	}
	for (const struct node *r = n->first; r != NULL; r = r->next) {
		struct strip *s;

		if (r->omit || (r->type != NODE_ROW && r->type != NODE_HEADER))
			continue;
		s = table_row(L, r, cols, ncols, cx, cw, x, width, r->type == NODE_HEADER);
		lay_tag_items(s->items, 0, table);
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
	g_free(cw);
	g_free(cx);
}

/*
 * A table.  When its columns' widest words do not fit the width side by side, it is set in
 * parts of as many columns as fit, each repeating the first column (what each row is about)
 * and captioned as a continuation, so no column is dropped.
 */
static void
table_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	GArray *nat = g_array_new(FALSE, TRUE, sizeof(double)), *min = g_array_new(FALSE, TRUE, sizeof(double));
	guint ncols = 0, *cols;
	double pad = 2 * L->t->cell_pad + L->t->cell_slack;

	for (const struct node *r = n->first; r != NULL; r = r->next) {
		GPtrArray *cells;

		if (r->omit || (r->type != NODE_ROW && r->type != NODE_HEADER))
			continue;
		cells = row_cells(r);
		if (cells->len > ncols) {
			g_array_set_size(nat, cells->len);
			g_array_set_size(min, cells->len);
			ncols = cells->len;
		}
		for (guint c = 0; c < cells->len; c++) {
			enum tpl_style cs = r->type == NODE_HEADER ? TS_H3 : TS_BODY;
			double *pn = &g_array_index(nat, double, c), *pm = &g_array_index(min, double, c);

			*pn = MAX(*pn, natural_width(L, cells->pdata[c], cs, FALSE) + pad);
			*pm = MAX(*pm, natural_width(L, cells->pdata[c], cs, TRUE) + pad);
		}
		g_ptr_array_free(cells, TRUE);
	}
	cols = g_new(guint, ncols + 1);
	for (guint next = 0, part = 0; next < ncols; part++) {
		const double *m = (const double *)(const void *)min->data;
		double used = 0;
		guint k = 0;

		if (part > 0) {
			cols[k++] = 0;
			used = m[0];
		}
		do {
			used += m[next];
			cols[k++] = next++;
		} while (next < ncols && used + m[next] <= width);
		table_part(L, n, part > 0 ? L->w->table_continued : NULL, cols, k,
		    (const double *)(const void *)nat->data, m, x, width, box, space);
	}
	g_free(cols);
	g_array_free(nat, TRUE);
	g_array_free(min, TRUE);
}

/* A tinted box with a rule on the left: notices and cards.  `inner` holds its line strips. */
static struct strip *
boxed(struct lay *L, GPtrArray *inner, const struct node *src, double x, double width,
    enum tpl_color tint, enum tpl_color rulec, double pad)
{
	struct strip *content = strips_stack(inner, 0, pad, TRUE);
	struct strip *s = strip_new(content->h + pad);

	strip_rect(s, src, x, 0, width, s->h, lay_color(L, tint));
	if (L->t->notice_rule > 0)
		strip_rect(s, src, x, 0, L->t->notice_rule, s->h, lay_color(L, rulec));
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
	struct dl_elem *sect;

	if (model_text(&n->title, L->lang) != NULL) {
		struct setting st = para_setting(L, TS_H3, ix, iw);

		st.color = TC_ACCENT;
		para_set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, inner);
		lay_heading(L, inner, 0, L->hlevel + 1)->lang = lay_lang(L, &n->title);
		sp = L->t->style[TS_H3].after;
	}
	blocks(L, n->first, ix, iw, inner, &sp);
	sect = lay_tag(L, inner, 0, "Sect");
	s = boxed(L, inner, n, x, width, tints[n->u.notice], n->u.notice == NOTICE_TIP ? TC_RULE : TC_ACCENT, pad);
	s->floats = L->t->box_move > 0 && !quotes_fact(n);
	lay_tag_items(s->items, 0, sect);
	emit_box(L, s, box, space);
	g_ptr_array_free(inner, TRUE);
}

/* A contact's lines: name, each phone, web site and e-mail with its link, the note. */
void
block_contact_lines(struct lay *L, const struct contact *c, double x, double width, const struct node *src,
    enum tpl_style body, GPtrArray *out)
{
	struct setting st = para_setting(L, TS_H3, x, width);
	double tab = width * L->t->contact_tab;
	guint first = out->len;
	struct dl_elem *list = NULL;

	para_set_inlines(L, model_text(&c->name, L->lang), NULL, &st, FALSE, src, out);
	lay_heading(L, out, first, L->hlevel + 1)->lang = lay_lang(L, &c->name);
	for (guint i = 0; i < c->entries->len; i++) {
		const struct fact *f = c->entries->pdata[i];
		struct para P;
		struct setting vs = para_setting(L, body, x + tab, width - tab);
		GPtrArray *tmp = g_ptr_array_new();
		const char *label = model_fact_label(f, L->lang) != NULL ? model_fact_label(f, L->lang) :
		    f->kind == FACT_PHONE ? L->w->phone : f->kind == FACT_URL ? L->w->web : L->w->email;

		if (f->value == NULL)
			continue;
		para_init(L, &P, FALSE);
		para_fact(L, &P, f);
		para_set(L, &P, &vs, src, tmp);
		para_clear(L, &P);
		if (tmp->len > 0) {
			struct setting ls = para_setting(L, body, x, tab - L->t->contact_label_gap);
			GPtrArray *lab = g_ptr_array_new();
			struct strip *row;

			ls.color = TC_MUTED;
			para_set_inlines(L, NULL, label, &ls, FALSE, src, lab);
			if (list == NULL)
				list = display_elem(L->d, "L");
			{
				struct dl_elem *li = display_elem(L->d, "LI");

				li->parent = list;
				lay_tag_in(L, lab, 0, "Lbl", li);
				lay_tag_in(L, tmp, 0, "LBody", li);
			}
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
		struct setting ns = para_setting(L, TS_SMALL, x, width);
		guint before = out->len;

		para_set_inlines(L, model_text(&c->note, L->lang), NULL, &ns, TRUE, src, out);
		lay_tag(L, out, before, "P")->lang = lay_lang(L, &c->note);
		if (out->len > before)
			((struct strip *)out->pdata[before])->before = L->t->contact_note;
	}
}

static void
card_block(struct lay *L, const struct node *n, double x, double width, GPtrArray *box, double *space)
{
	double pad = L->t->card_pad;
	GPtrArray *inner = g_ptr_array_new();
	struct strip *s;
	struct dl_elem *sect;

	if (n->u.ref.contact == NULL) {
		g_ptr_array_free(inner, TRUE);
		return;
	}
	block_contact_lines(L, n->u.ref.contact, x + L->t->notice_rule + pad, width - L->t->notice_rule - 2 * pad,
	    n, TS_SMALL, inner);
	sect = lay_tag(L, inner, 0, "Sect");
	s = boxed(L, inner, n, x, width, TC_TINT_CARD, TC_ACCENT, pad);
	lay_tag_items(s->items, 0, sect);
	emit_box(L, s, box, space);
	g_ptr_array_free(inner, TRUE);
}

/* PNG size, from the file read and decoded as the renderers will (image.c): an image that cannot
 * be read fails the layout with the reason, instead of being left out or aborting a renderer. */
static gboolean
png_size(struct lay *L, const char *path, int *w, int *h)
{
	struct image_info info;
	GBytes *b = image_read(path, &info, L->err == NULL ? &L->err : NULL);

	g_free(info.what);
	if (b == NULL)
		return FALSE;
	g_bytes_unref(b);
	*w = (int)info.w;
	*h = (int)info.h;
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

	if (!png_size(L, path, &pw, &ph)) {
		g_free(path);
		g_ptr_array_free(cap, TRUE);
		return;
	}
	w = width * (n->u.image.width > 0 && n->u.image.width <= 100 ? n->u.image.width / 100.0 : 1.0);
	h = w * ph / pw;
	if (h > L->area_h * L->t->image_max_h) {
		h = L->area_h * L->t->image_max_h;
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
	/* an image with no words for it is a decoration */
	if (alt != NULL && *alt != '\0') {
		it->el = display_elem(L->d, "Figure");
		it->el->alt = it->u.image.alt;
		it->el->lang = lay_lang(L, &n->text);
	} else
		it->el = L->artifact;
	g_free(alt);
	if (model_text(&n->title, L->lang) != NULL) {
		struct setting st = para_setting(L, TS_CAPTION, x, width);
		struct strip *c;
		double ch;

		st.align = PANGO_ALIGN_CENTER;
		para_set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, cap);
		lay_tag(L, cap, 0, "Caption")->lang = lay_lang(L, &n->title);
		c = strips_stack(cap, 0, 0, FALSE);
		ch = c->h;	/* strip_absorb frees c */
		s->h += L->t->style[TS_CAPTION].before;
		strip_absorb(s, c, 0, s->h);
		s->h += ch;
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
	struct setting st = para_setting(L, TS_H2, x, width);
	double sp = 0;

	para_set_inlines(L, model_text(&n->title, L->lang), NULL, &st, FALSE, n, lines);
	lay_heading(L, lines, 0, L->hlevel + 1)->lang = lay_lang(L, &n->title);
	emit(L, lines, box, gap(space, L->t->style[TS_H2].before), TRUE);
	for (const struct node *k = n->first; k != NULL; k = k->next) {
		if (k->omit)
			continue;
		if (k->type == NODE_PARA) {
			struct setting ps = para_setting(L, TS_SMALL, x, width);

			ps.justify = TRUE;
			para_set_inlines(L, model_text(&k->text, L->lang), NULL, &ps, TRUE, k, lines);
			lay_tag(L, lines, 0, "P")->lang = lay_lang(L, &k->text);
			emit(L, lines, box, sp, FALSE);
			sp = L->t->style[TS_SMALL].after + L->t->form_space;
		} else if (k->type == NODE_FIELD) {
			struct setting fs = para_setting(L, TS_SMALL, x, width);
			struct strip *w;
			int nl = k->u.lines > 0 ? k->u.lines : 1;

			fs.color = TC_MUTED;
			para_set_inlines(L, model_text(&k->text, L->lang), NULL, &fs, FALSE, k, lines);
			lay_tag(L, lines, 0, "P")->lang = lay_lang(L, &k->text);
			emit(L, lines, box, sp, TRUE);
			sp = 0;
			w = strip_new(line * nl);
			for (int i = 1; i <= nl; i++)
				strip_hline(w, k, x, x + width, line * i, L->t->rule, lay_color(L, TC_TEXT));
			lay_tag_items(w->items, 0, L->artifact);
			w->before = 0;
			g_ptr_array_add(box, w);
			sp = L->t->form_field_space;
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

/* Whether a paragraph's lines end on a colon and a list follows it: its last line then keeps
 * with the list's first, so that «Lleve:» never ends a page whose list starts overleaf. */
static gboolean
leads_list(const struct node *n, const GPtrArray *lines)
{
	const struct node *next = n->next;
	const struct strip *last;
	const char *text = NULL;

	while (next != NULL && next->omit)
		next = next->next;
	if (next == NULL || (next->type != NODE_LIST && next->type != NODE_STEPS) || lines->len == 0)
		return FALSE;
	last = lines->pdata[lines->len - 1];
	for (guint i = 0; i < last->items->len; i++) {
		const struct dl_item *it = &g_array_index(last->items, struct dl_item, i);

		if (it->kind == DL_TEXT && it->u.text.utf8 != NULL)
			text = it->u.text.utf8;
	}
	return text != NULL && g_str_has_suffix(text, ":");
}

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
			st = para_setting(L, TS_BODY, x, width);
			st.justify = TRUE;
			para_set_inlines(L, model_text(&n->text, L->lang), NULL, &st, TRUE, n, lines);
			lay_tag(L, lines, 0, "P")->lang = lay_lang(L, &n->text);
			emit(L, lines, box, gap(space, L->t->block), leads_list(n, lines));
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
		case NODE_CHAPTER:	/* laid out by block_chapter(), never inside a block */
		case NODE_ITEM:		/* parts of the blocks above */
		case NODE_HEADER:
		case NODE_ROW:
		case NODE_CELL:
		case NODE_FIELD:
		case NODE_TEXT:		/* inlines: in the text of the blocks above */
		case NODE_EM:
		case NODE_STRONG:
		case NODE_REF:
		case NODE_SEE:
		case NODE__MAX:
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
		struct setting st = para_setting(L, TS_H2, 0, L->col);
		double space = 0;
		struct strip *all;

		para_set_inlines(L, model_text(&s->title, L->lang), NULL, &st, FALSE, s, lines);
		lay_heading(L, lines, 0, L->hlevel)->lang = lay_lang(L, &s->title);
		emit(L, lines, box, 0, TRUE);
		space = L->t->style[TS_H2].after;
		for (const struct node *n = s->first; n != NULL; n = n->next)
			if (n->type == NODE_FORM && !n->omit)
				form_block(L, n, 0, L->col, box, &space, line);
			else
				block(L, n, 0, L->col, box, &space);
		lay_tag(L, box, 0, "Sect");
		all = strips_stack(box, 0, 0, TRUE);
		g_ptr_array_free(box, TRUE);
		g_ptr_array_free(lines, TRUE);
		if (all->h <= L->area_h || tries == 7) {
			strip_anchor(all, s, 0);
			all->newpage = TRUE;
			all->alone = TRUE;
			all->leaf = TRUE;
			flow_add(L, all);
			return;
		}
		strip_free(all);
		line *= L->t->form_tighten;
	}
}

static void
section(struct lay *L, const struct node *s, int level, GPtrArray *box, double *space)
{
	enum tpl_style hs = level == 2 ? TS_H2 : TS_H3;
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, hs, 0, L->col);
	GPtrArray *into = box != NULL ? box : L->strips;
	guint from = into->len;
	int outer = L->hlevel;

	/* the edition's title is H1 and its chapters H2: a section of level 2 has an H3 */
	L->hlevel = level + 1;
	if (box == NULL && has_form(s)) {
		form_section(L, s);
		*space = 0;
		g_ptr_array_free(lines, TRUE);
		L->hlevel = outer;
		return;
	}
	st.balance = TRUE;
	para_set_inlines(L, model_text(&s->title, L->lang), NULL, &st, FALSE, s, lines);
	lay_heading(L, lines, 0, L->hlevel)->lang = lay_lang(L, &s->title);
	if (lines->len > 0)
		strip_anchor(lines->pdata[0], s, 0);
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
	lay_tag(L, into, from, "Sect");
	L->hlevel = outer;
}

void
block_chapter(struct lay *L, const struct node *ch, int num)
{
	const struct tpl_style_def *cn = &L->t->style[TS_CHAPNUM];
	struct strip *open = strip_new(cn->before);
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, TS_CHAPNUM, 0, L->col);
	char buf[16];
	double space;
	struct strip *title;
	guint from, start = L->strips->len;

	g_snprintf(buf, sizeof(buf), "%d", num);
	para_set_inlines(L, NULL, buf, &st, FALSE, ch, lines);
	lay_tag(L, lines, 0, "P");
	from = lines->len;
	st = para_setting(L, TS_H1, 0, L->col);
	st.balance = TRUE;
	para_set_inlines(L, model_text(&ch->title, L->lang), NULL, &st, FALSE, ch, lines);
	lay_heading(L, lines, from, 2)->lang = lay_lang(L, &ch->title);
	title = strips_stack(lines, 0, 0, FALSE);
	open->h = cn->before + title->h + cn->after;
	strip_absorb(open, title, 0, cn->before);
	strip_hline(open, ch, 0, L->col * L->t->short_rule, open->h, L->t->strong_rule, lay_color(L, TC_ACCENT));
	lay_tag_items(open->items, 0, L->artifact);
	open->h += L->t->style[TS_H1].after;
	open->newpage = TRUE;
	open->opening = TRUE;
	open->keep = TRUE;
	open->chapter = ch;
	{
		char *t = model_plain_text(&ch->title, L->lang);

		open->head = display_intern(L->d, t);
		g_free(t);
	}
	strip_anchor(open, ch, 0);
	flow_add(L, open);
	space = 0;
	L->hlevel = 2;
	for (const struct node *s = ch->first; s != NULL; s = s->next)
		if (!s->omit && s->type == NODE_SECTION)
			section(L, s, 2, NULL, &space);
	lay_tag(L, L->strips, start, "Sect");
	g_ptr_array_free(lines, TRUE);
}

