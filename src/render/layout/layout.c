/* layout.c: layout_edition(), the layout's stages in order (lay.h describes them). */
#include <string.h>

#include "lay.h"
#include "i18n.h"

G_DEFINE_QUARK(paisano-layout-error, layout_error)


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

void
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
	if (L->onpage != NULL)
		g_array_free(L->onpage, TRUE);
	if (L->page_anchors != NULL)
		g_ptr_array_free(L->page_anchors, TRUE);
	if (L->anchors != NULL)
		g_hash_table_destroy(L->anchors);
	if (L->clusters != NULL)
		g_array_free(L->clusters, TRUE);
	if (L->marks != NULL)
		g_byte_array_free(L->marks, TRUE);
	linebreak_free(L->lb);
	if (L->items != NULL)
		g_array_free(L->items, TRUE);
	if (L->lines != NULL)
		g_array_free(L->lines, TRUE);
	if (L->word_utf8 != NULL)
		g_string_free(L->word_utf8, TRUE);
	if (L->word_glyphs != NULL)
		g_array_free(L->word_glyphs, TRUE);
	if (L->paras != NULL)
		para_free_all(L);
	shape_free(L);
	hyph_free(L->hy);
}

/* What setting a paragraph works in (para.c), and the flow it adds to: each thread's own. */
static void
lay_scratch(struct lay *L)
{
	L->col = template_column(L->t);
	L->area_h = L->t->trim_h - L->t->top - L->t->bottom;
	L->strips = g_ptr_array_new_with_free_func((GDestroyNotify)strip_free);
	L->clusters = g_array_sized_new(FALSE, FALSE, sizeof(struct cluster), 1024);
	L->marks = g_byte_array_sized_new(1024);
	L->lb = linebreak_new();
	/* not cleared: item_add() sets every field */
	L->items = g_array_sized_new(FALSE, FALSE, sizeof(struct lb_item), 512);
	L->lines = g_array_sized_new(FALSE, TRUE, sizeof(struct lb_line), 32);
	L->word_utf8 = g_string_sized_new(64);
	L->word_glyphs = g_array_sized_new(FALSE, FALSE, sizeof(struct dl_glyph), 128);
	L->paras = g_array_new(FALSE, FALSE, sizeof(struct para));
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
	L->artifact = display_elem(d, DL_ARTIFACT);
	lay_scratch(L);
	L->pinfo = g_ptr_array_new();
	L->fixups = g_array_new(FALSE, TRUE, sizeof(struct fixup));
	L->onpage = g_array_new(FALSE, TRUE, sizeof(struct placed));
	L->page_anchors = g_ptr_array_new();
	L->anchors = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	if (dict == NULL) {
		g_set_error(err, layout_error_quark(), 1,
		    _("the template has no hyphenation dictionary for \"%s\": add <dict lang=\"%s\" file=\"...\"/>"),
		    model_lang_code(lang), model_lang_code(lang));
		return FALSE;
	}
	if ((L->hy = hyph_new(dict, t->hyph_min_word, t->hyph_left, t->hyph_right, err)) == NULL)
		return FALSE;
	return shape_init(L, err);
}

/* A layout state for another thread, laying out chapters for `of` (chapters.c): the same
 * edition, template, language and hyphenation dictionary, its own fonts, scratch and display
 * (the strings and glyphs it makes, adopted by of's display at the end). */
gboolean
lay_init_helper(struct lay *L, const struct lay *of, GError **err)
{
	memset(L, 0, sizeof(*L));
	L->m = of->m;
	L->t = of->t;
	L->lang = of->lang;
	L->w = of->w;
	L->src_root = of->src_root;
	L->d = display_new();
	L->artifact = of->artifact;
	lay_scratch(L);
	L->hy = hyph_share(of->hy);
	return shape_init(L, err);
}

struct display *
layout_edition(const struct model *m, const struct template *t, const char *src_root, enum lang lang,
    int threads, GError **err)
{
	struct lay L;
	struct display *d;
	struct chapters *C;
	guint total;

	if (m == NULL || m->edition == NULL) {
		g_set_error(err, layout_error_quark(), 1, _("no edition to lay out"));
		return NULL;
	}
	if ((m->edition->langs & (1u << lang)) == 0) {
		g_set_error(err, layout_error_quark(), 1, _("edition %s is not published in \"%s\": its manifest "
		    "says languages=\"es\" (write languages=\"es en\" on <edition> to add English)"),
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

	/* the chapters' lines are set on other threads while the front matter is made here */
	C = chapters_start(&L, threads);
	matter_cover(&L);
	L.page = NULL;
	matter_contents(&L);
	paginate(&L, PK_FRONT);
	g_ptr_array_set_size(L.strips, 0);
	L.page = NULL;
	for (guint k = 0; k < chapters_count(C); k++) {
		/* A chapter opens a new page, so the chapters before it can be placed and their
		 * strips freed: a long edition holds a few chapters' strips at a time. */
		paginate(&L, PK_BODY);
		g_ptr_array_set_size(L.strips, 0);
		chapters_take(C, k);
	}
	chapters_finish(C);
	matter_directory(&L);
	paginate(&L, PK_BODY);
	total = d->pages->len + 1;
	while (total % 4 != 0) {
		matter_notes(&L);
		total++;
	}
	matter_colophon(&L);
	page_fixups(&L);
	page_decorate(&L);
	if (d->draft)
		page_stamps(&L);
	page_outline(&L);
	if (L.err != NULL) {
		g_propagate_error(err, L.err);
		L.err = NULL;
		lay_free(&L);
		display_free(d);
		return NULL;
	}
	lay_free(&L);
	display_finish(d);
	return d;
}

char *
layout_hyphenate(const struct template *t, enum lang lang, const char *text, GError **err)
{
	const char *dict = lang == LANG_EN ? t->hyph_dict_en : t->hyph_dict_es;
	struct hyphenator *h = dict != NULL ? hyph_new(dict, t->hyph_min_word, t->hyph_left, t->hyph_right, err) : NULL;
	GString *out = g_string_new(NULL);

	if (dict == NULL)
		g_set_error(err, layout_error_quark(), 1, _("the template has no hyphenation dictionary for \"%s\""),
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

