/* matter.c: the front and back matter: cover, contents, directory of contacts, notes pages,
 * colophon. */
#include <string.h>

#include "lay.h"

/* A number run of `ndigits` placeholder digits, right-aligned at `right`, filled in later. */
static void
number_run(struct lay *L, struct strip *s, enum tpl_style style, double right, double baseline,
    const struct node *target, const struct node *src)
{
	const struct tpl_style_def *sd = &L->t->style[style];
	struct dl_item *it = strip_item(s, DL_TEXT, src, lay_color(L, sd->color));
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
	strip_fixup(s, &f);
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
	strip_fixup(s, &f);
}

/* An entry of the contents: in the tagged PDF a TOCI whose words are its link. */
static void
toc_entry(struct lay *L, struct dl_elem *toc, const struct node *target, const char *num, enum tpl_style style,
    double indent)
{
	const struct tpl_style_def *sd = &L->t->style[style];
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, style, indent, L->col - indent - L->t->toc_number * sd->size - L->t->toc_gap);
	struct strip *s;
	double baseline = lay_baseline(L, sd);
	struct dl_elem *toci = display_elem(L->d, "TOCI"), *lbl = NULL, *link;
	guint at = 0, end = 0;

	toci->parent = toc;
	para_set_inlines(L, model_text(&target->title, L->lang), NULL, &st, FALSE, target, lines);
	s = strips_stack(lines, 0, 0, FALSE);
	if (num != NULL) {
		struct strip *n = strip_new(sd->leading);

		block_label(L, n, num, style, TC_ACCENT, 0, indent - L->t->label_gap, PANGO_ALIGN_LEFT, target);
		at = s->items->len;
		strip_absorb(s, n, 0, 0);
		end = s->items->len;
		/* the chapter's number, drawn after its title, is read before it */
		lbl = display_elem(L->d, "Lbl");
		lbl->parent = toci;
	}
	number_run(L, s, style, L->col, s->h - sd->leading + baseline, target, target);
	internal_link(s, target, 0, 0, L->col, s->h);
	link = display_elem(L->d, "Link");
	link->parent = toci;
	link->lang = lay_lang(L, &target->title);
	for (guint i = 0; i < s->items->len; i++)
		g_array_index(s->items, struct dl_item, i).el = i >= at && i < end ? lbl : link;
	s->before = sd->before;
	s->keep = style == TS_TOC_CHAPTER;
	flow_add(L, s);
	g_ptr_array_free(lines, TRUE);
}

void
matter_contents(struct lay *L)
{
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, TS_H1, 0, L->col);
	struct strip *h;
	int num = 0;
	struct dl_elem *toc;

	para_set_inlines(L, NULL, L->w->contents, &st, FALSE, NULL, lines);
	lay_heading(L, lines, 0, 2);
	toc = display_elem(L->d, "TOC");
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
		toc_entry(L, toc, ch, buf, TS_TOC_CHAPTER, L->t->list_indent * L->t->toc_indent);
		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && s->type == NODE_SECTION)
				toc_entry(L, toc, s, NULL, TS_TOC, L->t->list_indent * L->t->toc_indent);
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

void
matter_directory(struct lay *L)
{
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct dir_entry));
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, TS_H1, 0, L->col);
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
	struct dl_elem *dir;

	para_set_inlines(L, NULL, L->w->directory, &st, FALSE, NULL, lines);
	dir = lay_heading(L, lines, 0, 2);
	dir = dir->parent = display_elem(L->d, "Sect");
	L->hlevel = 2;
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

		block_contact_lines(L, e->c, 0, L->col, NULL, TS_SMALL, lines);
		lay_tag_in(L, lines, 0, "Sect", dir);
		s = strips_stack(lines, 0, 0, TRUE);
		strip_hline(s, NULL, 0, L->col, s->h + L->t->dir_rule, L->t->thin_rule, lay_color(L, TC_RULE));
		lay_tag_items(s->items, 0, L->artifact);
		s->h += L->t->dir_rule;
		s->before = L->t->dir_space;
		flow_add(L, s);
		g_free(e->key);
	}
	g_array_free(all, TRUE);
	g_ptr_array_free(lines, TRUE);
}

/* A phone of the cover's emergency strip: label above, number big, with its link. */
static void
cover_phone(struct lay *L, struct dl_page *p, const char *label, const struct fact *f, double x,
    double y, double w)
{
	char *v;
	const struct tpl_style_def *sd = &L->t->style[TS_COVER_PHONE];
	struct dl_item *it;
	guint at;

	if (f == NULL)
		return;
	v = model_format_value(f, f->value, L->lang);
	at = p->items->len;
	page_text(L, p, label, TS_COVER_LABEL, -1, x, y, w, PANGO_ALIGN_LEFT, NULL);
	lay_tag_items(p->items, at, display_elem(L->d, "P"));
	at = p->items->len;
	page_text(L, p, v, TS_COVER_PHONE, -1, x, y + sd->leading, w, PANGO_ALIGN_LEFT, NULL);
	it = display_add_item(p, DL_LINK);
	it->u.link.x = x;
	it->u.link.y = y + sd->leading - sd->size;
	it->u.link.w = w;
	it->u.link.h = sd->leading;
	it->u.link.uri = para_fact_uri(L, f);
	/* the number is its link's words */
	lay_tag_items(p->items, at, display_elem(L->d, "Link"));
	lay_tag_items(p->items, at, display_elem(L->d, "P"));
	g_free(v);
}

void
matter_cover(struct lay *L)
{
	const struct template *t = L->t;
	const struct edition *e = L->m->edition;
	struct dl_page *p = page_new(L, PK_COVER);
	char *title = model_plain_text(&e->title, L->lang), **parts, *from, *to, *when;
	double x = t->inner, w = L->col, y, strip_y;
	guint at;

	page_rect(p, -t->bleed, -t->bleed, t->trim_w + 2 * t->bleed, t->cover_band + t->bleed,
	    lay_color(L, TC_ACCENT));
	lay_tag_items(p->items, 0, L->artifact);
	parts = g_strsplit(title, " · ", 2);
	y = t->cover_band * t->cover_title;
	at = p->items->len;
	page_text(L, p, parts[0], TS_COVER_TITLE, -1, x, y, w, PANGO_ALIGN_LEFT, NULL);
	if (parts[0] != NULL && parts[1] != NULL)
		page_text(L, p, parts[1], TS_COVER_SUB, -1, x, y + t->style[TS_COVER_TITLE].leading, w,
		    PANGO_ALIGN_LEFT, NULL);
	/* the title, on two lines, is the document's one H1 */
	lay_tag_items(p->items, at, display_elem(L->d, "H1"));
	from = words_date(L->lang, e->op_start);
	to = words_date(L->lang, e->op_end);
	when = g_strdup_printf(L->w->operation, from, to);
	at = p->items->len;
	page_text(L, p, when, TS_COVER_SUB, -1, x, t->cover_band - t->cover_date, w, PANGO_ALIGN_LEFT, NULL);
	lay_tag_items(p->items, at, display_elem(L->d, "P"));
	/* the emergency strip */
	strip_y = t->cover_band + t->cover_strip;
	at = p->items->len;
	page_line(p, x, strip_y - t->cover_strip_rule, x + w, strip_y - t->cover_strip_rule, t->strong_rule,
	    lay_color(L, TC_ACCENT));
	lay_tag_items(p->items, at, L->artifact);
	cover_phone(L, p, L->w->cover_eua, model_role_phone(L->m, "paisano-eua"), x, strip_y, w);
	cover_phone(L, p, L->w->cover_mx, model_role_phone(L->m, "paisano-mx"), x, strip_y + t->cover_phone, w);
	cover_phone(L, p, L->w->cover_911, model_role_phone(L->m, "emergencias"), x, strip_y + 2 * t->cover_phone, w);
	at = p->items->len;
	page_line(p, x, strip_y + t->cover_strip_end, x + w, strip_y + t->cover_strip_end, t->rule,
	    lay_color(L, TC_RULE));
	lay_tag_items(p->items, at, L->artifact);
	at = p->items->len;
	page_text(L, p, L->w->cover_foot, TS_COVER_LABEL, TC_MUTED, x, t->trim_h - t->bottom, w,
	    PANGO_ALIGN_LEFT, NULL);
	lay_tag_items(p->items, at, display_elem(L->d, "P"));
	g_strfreev(parts);
	g_free(title);
	g_free(from);
	g_free(to);
	g_free(when);
}

void
matter_notes(struct lay *L)
{
	struct dl_page *p = page_new(L, PK_NOTES);
	int idx = (int)L->d->pages->len - 1;
	double x = page_col_left(L, idx), y = L->t->top + L->t->style[TS_NOTES].size;

	L->d->notes++;
	page_text(L, p, L->w->notes, TS_NOTES, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	lay_tag_items(p->items, 0, display_elem(L->d, "P"));
	for (y += L->t->notes_line; y < L->t->trim_h - L->t->bottom; y += L->t->notes_line)
		page_line(p, x, y, x + L->col, y, L->t->thin_rule, lay_color(L, TC_RULE));
	lay_tag_items(p->items, 0, L->artifact);
}

/* The colophon's last lines (those with no element yet) as a paragraph. */
static void
colophon_tag(struct lay *L, struct dl_page *p)
{
	guint at = p->items->len;

	while (at > 0 && g_array_index(p->items, struct dl_item, at - 1).el == NULL)
		at--;
	lay_tag_items(p->items, at, display_elem(L->d, "P"));
}

void
matter_colophon(struct lay *L)
{
	const struct edition *e = L->m->edition;
	struct dl_page *p = page_new(L, PK_COLOPHON);
	int idx = (int)L->d->pages->len - 1;
	double x = page_col_left(L, idx), y = L->t->trim_h * L->t->colophon_top, lead = L->t->style[TS_SMALL].leading;
	char *title = model_plain_text(&e->title, L->lang), *date = words_date(L->lang, e->date), *s;
	GString *who = g_string_new(NULL);
	GPtrArray *lines = g_ptr_array_new();
	struct setting st = para_setting(L, TS_SMALL, 0, L->col);

	page_line(p, x, y - L->t->colophon_rule, x + L->col * L->t->short_rule, y - L->t->colophon_rule,
	    L->t->strong_rule, lay_color(L, TC_ACCENT));
	lay_tag_items(p->items, 0, L->artifact);
	page_text(L, p, title, TS_H3, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	colophon_tag(L, p);
	y += lead * L->t->colophon_gap;
	s = g_strdup_printf(L->w->version, L->d->version);
	page_text(L, p, s, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	colophon_tag(L, p);
	g_free(s);
	y += lead;
	s = g_strdup_printf(L->w->edition_date, date);
	page_text(L, p, s, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	colophon_tag(L, p);
	g_free(s);
	y += lead * L->t->colophon_gap;
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
	para_set_inlines(L, NULL, s, &st, TRUE, NULL, lines);
	g_free(s);
	for (guint i = 0; i < lines->len; i++) {
		struct strip *l = lines->pdata[i];

		for (guint k = 0; k < l->items->len; k++) {
			struct dl_item it = g_array_index(l->items, struct dl_item, k);

			display_item_move(&it, x, y - lead * L->t->colophon_baseline);
			g_array_append_val(p->items, it);
		}
		g_array_set_size(l->items, 0);
		strip_free(l);
		y += lead;
	}
	colophon_tag(L, p);
	y += lead * L->t->colophon_small_gap;
	page_text(L, p, L->w->fonts, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	colophon_tag(L, p);
	y += lead;
	page_text(L, p, L->w->free, TS_SMALL, -1, x, y, L->col, PANGO_ALIGN_LEFT, NULL);
	colophon_tag(L, p);
	g_ptr_array_free(lines, TRUE);
	g_string_free(who, TRUE);
	g_free(title);
	g_free(date);
}
