/* strip.c: strips, the unit of the flow, and the display items drawn on them. */
#include <string.h>

#include "lay.h"

struct strip *
strip_new(double h)
{
	struct strip *s = g_new0(struct strip, 1);

	s->h = h;
	s->items = g_array_new(FALSE, TRUE, sizeof(struct dl_item));
	return s;
}

void
strip_free(struct strip *s)
{
	if (s == NULL)
		return;
	g_array_free(s->items, TRUE);
	if (s->fixups != NULL)
		g_array_free(s->fixups, TRUE);
	if (s->anchors != NULL)
		g_array_free(s->anchors, TRUE);
	g_free(s);
}

/* Adds a fixup to the strip (its array made with the first: most strips have none). */
void
strip_fixup(struct strip *s, const struct fixup *f)
{
	if (s->fixups == NULL)
		s->fixups = g_array_new(FALSE, TRUE, sizeof(struct fixup));
	g_array_append_vals(s->fixups, f, 1);
}

struct dl_item *
strip_item(struct strip *s, enum dl_kind kind, const struct node *src, const struct dl_color *c)
{
	struct dl_item *it;

	/* a strip's items array clears what it grows by: the new item is zeroed in place */
	g_array_set_size(s->items, s->items->len + 1);
	it = &g_array_index(s->items, struct dl_item, s->items->len - 1);
	it->kind = kind;
	it->src = src;
	if (c != NULL)
		it->color = *c;
	return it;
}

/* Moves everything of `src` into `dst`, offset by (dx, dy); src is freed. */
void
strip_absorb(struct strip *dst, struct strip *src, double dx, double dy)
{
	guint base = dst->items->len;

	g_array_append_vals(dst->items, src->items->data, src->items->len);
	for (guint i = base; i < dst->items->len; i++)
		display_item_move(&g_array_index(dst->items, struct dl_item, i), dx, dy);
	for (guint i = 0; src->fixups != NULL && i < src->fixups->len; i++) {
		struct fixup f = g_array_index(src->fixups, struct fixup, i);

		f.item += base;
		strip_fixup(dst, &f);
	}
	for (guint i = 0; src->anchors != NULL && i < src->anchors->len; i++) {
		struct anchor a = g_array_index(src->anchors, struct anchor, i);

		strip_anchor(dst, a.node, a.y + dy);
	}
	g_array_set_size(src->items, 0);
	strip_free(src);
}

void
strip_anchor(struct strip *s, const struct node *n, double y)
{
	struct anchor a = { n, -1, y };

	if (s->anchors == NULL)
		s->anchors = g_array_new(FALSE, TRUE, sizeof(struct anchor));
	g_array_append_val(s->anchors, a);
}

/* Whether element e is a or inside a (adopting a then would make a loop). */
static gboolean
elem_within(const struct dl_elem *e, const struct dl_elem *a)
{
	for (; e != NULL; e = e->parent)
		if (e == a)
			return TRUE;
	return FALSE;
}

/*
 * The items from `from` on put under the structure element e (display.h: struct dl_elem):
 * an item with none gets e; the outermost element of the others becomes e's child.  So each
 * block tags its own text as it sets it, and the block around it wraps what is inside.
 * Artifacts stay outside the structure.
 */
void
lay_tag_items(GArray *items, guint from, struct dl_elem *e)
{
	const struct dl_elem *done = NULL;

	for (guint i = from; i < items->len; i++) {
		struct dl_item *it = &g_array_index(items, struct dl_item, i);
		struct dl_elem *r = it->el;

		if (r == NULL) {
			it->el = e;
			continue;
		}
		/* the words of a line share their element: its tree is e's already, or stays out */
		if (r == done)
			continue;
		done = r;
		while (r != e && r->parent != NULL)
			r = r->parent;
		if (r != e && strcmp(r->role, DL_ARTIFACT) != 0 && strcmp(e->role, DL_ARTIFACT) != 0 &&
		    !elem_within(e, r))
			r->parent = e;
	}
}

/* A new element `role` around the items of strips [from, len) (lay_tag_items). */
struct dl_elem *
lay_tag(struct lay *L, GPtrArray *strips, guint from, const char *role)
{
	return lay_tag_in(L, strips, from, role, NULL);
}

/* The same, the element inside `parent`. */
struct dl_elem *
lay_tag_in(struct lay *L, GPtrArray *strips, guint from, const char *role, struct dl_elem *parent)
{
	struct dl_elem *e = display_elem(L->d, role);

	e->parent = parent;
	for (guint i = from; i < strips->len; i++)
		lay_tag_items(((struct strip *)strips->pdata[i])->items, 0, e);
	return e;
}

/* The language of a text when it is not the edition's (an English edition falls back on the
 * Spanish text where a draft has no translation yet), or NULL.  A text without words to
 * translate ("10 paquetes" is a fact value, set in each language's notation) is neither. */
const char *
lay_lang(const struct lay *L, const struct textual *t)
{
	return L->lang != LANG_ES && t->inl[L->lang] == NULL && t->inl[LANG_ES] != NULL &&
	    model_needs_translation(t) ? model_lang_code(LANG_ES) : NULL;
}

/* A heading of `level` (1-6) around the strips' items. */
struct dl_elem *
lay_heading(struct lay *L, GPtrArray *strips, guint from, int level)
{
	char role[4];

	g_snprintf(role, sizeof(role), "H%d", CLAMP(level, 1, 6));
	return lay_tag(L, strips, from, role);
}

/* Merges a list of strips into one box strip, stacked; frees them. */
struct strip *
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

/* A DL_RECT item filled. */
void
item_rect(struct dl_item *it, double x, double y, double w, double h)
{
	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
}

/* A DL_LINE item. */
void
item_line(struct dl_item *it, double x1, double y1, double x2, double y2, double width)
{
	it->u.line.x1 = x1;
	it->u.line.y1 = y1;
	it->u.line.x2 = x2;
	it->u.line.y2 = y2;
	it->u.line.width = width;
}

void
strip_rect(struct strip *s, const struct node *src, double x, double y, double w, double h,
    const struct dl_color *fill)
{
	item_rect(strip_item(s, DL_RECT, src, fill), x, y, w, h);
}

void
strip_hline(struct strip *s, const struct node *src, double x1, double x2, double y, double width,
    const struct dl_color *c)
{
	item_line(strip_item(s, DL_LINE, src, c), x1, y, x2, y, width);
}

/* Whether something that cannot be cut (a line of text, an image) crosses y = c. */
static gboolean
strip_crosses(const struct strip *s, double c)
{
	for (guint i = 0; i < s->items->len; i++) {
		const struct dl_item *it = &g_array_index(s->items, struct dl_item, i);

		if (it->kind == DL_TEXT && it->u.text.y - it->u.text.size * 0.9 < c - 0.01 &&
		    it->u.text.y + it->u.text.size * 0.3 > c + 0.01)
			return TRUE;
		if (it->kind == DL_IMAGE && it->u.image.y < c - 0.01 && it->u.image.y + it->u.image.h > c + 0.01)
			return TRUE;
	}
	return FALSE;
}

/*
 * Cuts `s` between two of its lines, as low as `room` allows: returns a new strip with what
 * lies above the cut and leaves in `s` what lies below, moved up.  Tints and rules that cross
 * the cut are cut in two.  For a block taller than a page (a table row, a notice of thousands
 * of words), which would otherwise run off the page.  NULL when no line ends above `room`.
 */
struct strip *
strip_split(struct strip *s, double room)
{
	double cut = 0;
	struct strip *top;
	GArray *rest;
	guint *map;

	for (guint i = 0; i < s->items->len; i++) {
		const struct dl_item *it = &g_array_index(s->items, struct dl_item, i);
		double b = it->kind == DL_TEXT ? it->u.text.y + it->u.text.size * 0.3 :
		    it->kind == DL_IMAGE ? it->u.image.y + it->u.image.h : -1;

		if (b > cut && b <= room && b < s->h - 0.01 && !strip_crosses(s, b))
			cut = b;
	}
	if (cut <= 0)
		return NULL;
	top = strip_new(cut);
	rest = g_array_new(FALSE, TRUE, sizeof(struct dl_item));
	map = g_new(guint, s->items->len);
	for (guint i = 0; i < s->items->len; i++) {
		struct dl_item it = g_array_index(s->items, struct dl_item, i), lo;
		double y0 = 0, y1 = 0;

		switch (it.kind) {
		case DL_TEXT:
			y0 = y1 = it.u.text.y;
			break;
		case DL_IMAGE:
			y0 = it.u.image.y;
			y1 = y0 + it.u.image.h;
			break;
		case DL_LINK:
			y0 = y1 = it.u.link.y + it.u.link.h / 2;
			break;
		case DL_RECT:
			y0 = it.u.rect.y;
			y1 = y0 + it.u.rect.h;
			break;
		case DL_LINE:
			y0 = MIN(it.u.line.y1, it.u.line.y2);
			y1 = MAX(it.u.line.y1, it.u.line.y2);
			break;
		}
		if (y1 <= cut + 0.01) {
			map[i] = top->items->len;
			g_array_append_val(top->items, it);
			continue;
		}
		if (y0 >= cut - 0.01) {
			map[i] = rest->len | 0x80000000u;
			display_item_move(&it, 0, -cut);
			g_array_append_val(rest, it);
			continue;
		}
		/* crosses the cut: a tint or a rule, in two */
		lo = it;
		if (it.kind == DL_RECT) {
			it.u.rect.h = cut - y0;
			lo.u.rect.y = 0;
			lo.u.rect.h = y1 - cut;
		} else {
			it.u.line.y1 = MIN(it.u.line.y1, cut);
			it.u.line.y2 = MIN(it.u.line.y2, cut);
			lo.u.line.y1 = MAX(lo.u.line.y1, cut) - cut;
			lo.u.line.y2 = MAX(lo.u.line.y2, cut) - cut;
		}
		map[i] = top->items->len;
		g_array_append_val(top->items, it);
		g_array_append_val(rest, lo);
	}
	for (guint i = 0; s->fixups != NULL && i < s->fixups->len;) {
		struct fixup *f = &g_array_index(s->fixups, struct fixup, i);

		if (map[f->item] & 0x80000000u) {
			f->item = map[f->item] & 0x7fffffffu;
			i++;
			continue;
		}
		f->item = map[f->item];
		strip_fixup(top, f);
		g_array_remove_index(s->fixups, i);
	}
	for (guint i = 0; s->anchors != NULL && i < s->anchors->len;) {
		struct anchor *a = &g_array_index(s->anchors, struct anchor, i);

		if (a->y > cut) {
			a->y -= cut;
			i++;
			continue;
		}
		strip_anchor(top, a->node, a->y);
		g_array_remove_index(s->anchors, i);
	}
	g_free(map);
	g_array_free(s->items, TRUE);
	s->items = rest;
	s->h -= cut;
	top->before = s->before;
	top->head = s->head;
	top->chapter = s->chapter;
	top->newpage = s->newpage;
	top->opening = s->opening;
	top->header = s->header;
	s->before = 0;
	s->head = NULL;
	s->newpage = s->opening = FALSE;
	return top;
}
