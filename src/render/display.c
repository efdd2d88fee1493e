/* display.c: the display list's memory: its strings in a string chunk, its glyphs in blocks. */
#include <malloc.h>
#include <string.h>

#include "display.h"

struct display *
display_new(void)
{
	struct display *d = g_new0(struct display, 1);

	d->fonts = g_ptr_array_new();
	d->pages = g_ptr_array_new();
	d->outline = g_array_new(FALSE, TRUE, sizeof(struct dl_outline));
	d->elems = g_ptr_array_new();
	d->elem_blocks = g_ptr_array_new_with_free_func(g_free);
	d->strings = g_string_chunk_new(64 * 1024);
	d->interned = g_hash_table_new(g_str_hash, g_str_equal);
	d->glyph_blocks = g_ptr_array_new_with_free_func(g_free);
	d->turns = g_ptr_array_new_with_free_func(g_free);
	return d;
}

void
display_free(struct display *d)
{
	if (d == NULL)
		return;
	for (guint i = 0; i < d->fonts->len; i++) {
		struct dl_font *f = d->fonts->pdata[i];

		g_free(f->path);
		g_free(f->family);
		g_free(f);
	}
	for (guint i = 0; i < d->pages->len; i++) {
		struct dl_page *p = d->pages->pdata[i];

		if (p->items != NULL)
			g_array_free(p->items, TRUE);
		g_free(p->item);
		g_free(p->label);
		g_free(p);
	}
	for (guint i = 0; i < d->outline->len; i++)
		g_free(g_array_index(d->outline, struct dl_outline, i).title);
	g_ptr_array_free(d->fonts, TRUE);
	g_ptr_array_free(d->pages, TRUE);
	g_array_free(d->outline, TRUE);
	g_ptr_array_free(d->elems, TRUE);
	g_ptr_array_free(d->elem_blocks, TRUE);
	if (d->interned != NULL)
		g_hash_table_destroy(d->interned);
	g_string_chunk_free(d->strings);
	g_ptr_array_free(d->glyph_blocks, TRUE);
	g_ptr_array_free(d->turns, TRUE);
	if (d->adopted != NULL)
		g_ptr_array_free(d->adopted, TRUE);
	g_free(d->title);
	g_free(d->version);
	g_free(d->lang);
	g_free(d);
}

void
display_finish(struct display *d)
{
	for (guint i = 0; i < d->pages->len; i++) {
		struct dl_page *p = d->pages->pdata[i];

		if (p->items == NULL)
			continue;
		/* the array's own bytes, shrunk in place: no copy, and the slack goes back (none
		 * left for a page without items: g_realloc() to 0 bytes frees) */
		p->nitem = p->items->len;
		p->item = g_realloc(g_array_free(p->items, FALSE), p->nitem * sizeof(struct dl_item));
		p->items = NULL;
	}
	/* the table of the strings is only for adding more: a few MB on a long edition */
	g_clear_pointer(&d->interned, g_hash_table_destroy);
	for (guint i = 0; d->adopted != NULL && i < d->adopted->len; i++) {
		struct display *sub = d->adopted->pdata[i];

		g_clear_pointer(&sub->interned, g_hash_table_destroy);
	}
	malloc_trim(0);
}

struct dl_page *
display_add_page(struct display *d, int number, const char *label)
{
	struct dl_page *p = g_new0(struct dl_page, 1);

	p->number = number;
	p->label = g_strdup(label);
	p->items = g_array_sized_new(FALSE, TRUE, sizeof(struct dl_item), 256);
	g_ptr_array_add(d->pages, p);
	return p;
}

/* The item is zeroed; the caller fills it.  The pointer is valid until the next add. */
struct dl_item *
display_add_item(struct dl_page *p, enum dl_kind kind)
{
	struct dl_item it;

	memset(&it, 0, sizeof(it));
	it.kind = kind;
	g_array_append_val(p->items, it);
	return &g_array_index(p->items, struct dl_item, p->items->len - 1);
}

const char *
display_intern(struct display *d, const char *s)
{
	const char *p;

	if (s == NULL)
		return NULL;
	if (d->interned == NULL)
		d->interned = g_hash_table_new(g_str_hash, g_str_equal);
	if ((p = g_hash_table_lookup(d->interned, s)) == NULL) {
		p = g_string_chunk_insert(d->strings, s);
		g_hash_table_add(d->interned, (gpointer)p);
	}
	return p;
}

/* Elements are cut from blocks of this many: tens of thousands live as long as the display,
 * and one allocation each, among the strips' short-lived ones, kept pages of the heap in use. */
#define ELEM_BLOCK	1024

struct dl_elem *
display_elem(struct display *d, const char *role)
{
	struct dl_elem *e;

	if (d->elems_left == 0) {
		d->elems_next = g_new0(struct dl_elem, ELEM_BLOCK);
		d->elems_left = ELEM_BLOCK;
		g_ptr_array_add(d->elem_blocks, d->elems_next);
	}
	e = d->elems_next++;
	d->elems_left--;

	e->role = display_intern(d, role);
	e->seq = d->elems->len;
	g_ptr_array_add(d->elems, e);
	return e;
}

/* Glyph arrays are cut from blocks of this many glyphs (or one of their own, when longer). */
#define GLYPH_BLOCK	16384

struct dl_glyph *
display_glyphs(struct display *d, guint n)
{
	struct dl_glyph *g;

	if (n > d->glyphs_left) {
		guint size = MAX(n, GLYPH_BLOCK);

		d->glyphs_next = g_new0(struct dl_glyph, size);
		d->glyphs_left = size;
		g_ptr_array_add(d->glyph_blocks, d->glyphs_next);
	}
	g = d->glyphs_next;
	d->glyphs_next += n;
	d->glyphs_left -= n;
	return g;
}

void
display_adopt(struct display *d, struct display *sub)
{
	if (d->adopted == NULL)
		d->adopted = g_ptr_array_new_with_free_func((GDestroyNotify)display_free);
	g_ptr_array_add(d->adopted, sub);
}

void
display_take_elems(struct display *d, struct dl_elem **elems, guint n)
{
	for (guint i = 0; i < n; i++) {
		elems[i]->seq = d->elems->len;
		g_ptr_array_add(d->elems, elems[i]);
	}
}

/* Moves an item by (dx, dy), whatever its kind. */
void
display_item_move(struct dl_item *it, double dx, double dy)
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

const struct dl_turn *
display_turn(struct display *d, double angle, double outline)
{
	struct dl_turn *t = g_new0(struct dl_turn, 1);

	t->angle = angle;
	t->outline = outline;
	g_ptr_array_add(d->turns, t);
	return t;
}
