/* shape.c: the template's fonts in a private fontconfig, and each character's glyph.
 *
 * pango shapes each distinct character of each face once, at 100 pt, without ligatures,
 * kerning or hinting: the common ones together when the face is first used (shape_batch),
 * any other alone; paragraphs are then set from that table (para.c).
 */
#include <sys/stat.h>
#include <stdint.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "lay.h"
#include "i18n.h"

/*
 * The template's font files in a private fontconfig and a pango font map on top of it, made
 * once for the process and shared by every layout that uses the same files (both languages',
 * a long edition's helper threads, the desk's proofs): loading the faces (fontconfig's scan,
 * harfbuzz's and FreeType's tables) cost each layout 10 M instructions.  Each layout has its
 * own context (its language) and glyph tables; every pango call on the shared map is made
 * with shape_lock held.  Kept for the process's life, one per set of files (by path, inode,
 * size and time: a font file replaced while the desk runs gets a map of its own).
 */
struct faces {
	char			*key;
	char			*family[TF__MAX];
	FcConfig		*fc;
	PangoFontMap		*fm;
	GHashTable		*font_idx;	/* PangoFont * -> role + 1 */
};

static GMutex shape_lock;
static GPtrArray *faces_made;	/* struct faces *: for the process's life */

static int
font_role(struct lay *L, PangoFont *f)
{
	GHashTable *idx = L->faces->font_idx;
	gpointer v = g_hash_table_lookup(idx, f);

	if (v == NULL) {
		PangoFontDescription *d = pango_font_describe(f);
		int role = (pango_font_description_get_weight(d) >= PANGO_WEIGHT_SEMIBOLD ? 1 : 0) +
		    (pango_font_description_get_style(d) != PANGO_STYLE_NORMAL ? 2 : 0);

		pango_font_description_free(d);
		g_hash_table_insert(idx, g_object_ref(f), GINT_TO_POINTER(role + 1));
		return role;
	}
	return GPOINTER_TO_INT(v) - 1;
}

static PangoAttrList *
base_attrs(void)
{
	PangoAttrList *a = pango_attr_list_new();

	pango_attr_list_insert(a, pango_attr_font_features_new("liga=0, kern=0, clig=0, calt=0"));
	return a;
}

/*
 * The runs of `text` (one line, left to right) in face `role` at 100 pt, as a PangoLayout
 * without a width sets them: pango_itemize() then pango_shape_item() on each item, which is
 * what the layout does, without its line breaking and extents (four fifths of its cost).
 * A list of PangoGlyphItem, to free with shape_runs_free().
 */
static GList *
shape_runs(struct lay *L, int role, const char *text, int len)
{
	PangoAttrList *a = base_attrs();
	GList *items, *runs = NULL;

	pango_font_description_set_absolute_size(L->desc[role], 100 * PANGO_SCALE);
	pango_attr_list_insert_before(a, pango_attr_font_desc_new(L->desc[role]));
	items = pango_itemize(L->ctx, text, 0, len, a, NULL);
	for (GList *i = items; i != NULL; i = i->next) {
		PangoGlyphItem *run = g_slice_new(PangoGlyphItem);

		run->item = i->data;
		run->glyphs = pango_glyph_string_new();
		pango_shape_item(run->item, text, len, NULL, run->glyphs, PANGO_SHAPE_NONE);
		runs = g_list_prepend(runs, run);
	}
	g_list_free(items);
	pango_attr_list_unref(a);
	return g_list_reverse(runs);
}

static void
shape_runs_free(GList *runs)
{
	g_list_free_full(runs, (GDestroyNotify)pango_glyph_item_free);
}

/* Glyph ids and advances of the digits and the hyphen, per font. */
static void
measure_fixed(struct lay *L)
{
	for (int r = 0; r < TF__MAX; r++) {
		GList *runs = shape_runs(L, r, "0123456789-", 11);
		const PangoGlyphItem *run = runs != NULL ? runs->data : NULL;

		if (run != NULL && run->glyphs->num_glyphs == 11) {
			for (int i = 0; i < 10; i++)
				L->digit[r][i] = run->glyphs->glyphs[i].glyph;
			L->digit_w[r] = run->glyphs->glyphs[0].geometry.width / (100.0 * PANGO_SCALE);
			L->hyphen[r] = run->glyphs->glyphs[10].glyph;
			L->hyphen_w[r] = run->glyphs->glyphs[10].geometry.width / (100.0 * PANGO_SCALE);
		}
		shape_runs_free(runs);
	}
}

static gsize fc_default_set;

/* The family fontconfig read from the file it just added to the application fonts (its
 * patterns from index `from` of that set on); NULL if none. */
static const char *
added_family(FcConfig *fc, int from)
{
	FcFontSet *set = FcConfigGetFonts(fc, FcSetApplication);
	FcChar8 *family = NULL;

	for (int i = from; set != NULL && i < set->nfont; i++) {
		int index = 0;

		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
		if (index == 0 && FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) == FcResultMatch)
			return (const char *)family;
	}
	return NULL;
}

/* The key of a template's font files: their paths and what stat() says of them. */
static char *
faces_key(const struct template *t)
{
	GString *k = g_string_new(NULL);

	for (int r = 0; r < TF__MAX; r++) {
		struct stat st;

		if (stat(t->font_file[r], &st) != 0)
			memset(&st, 0, sizeof(st));
		g_string_append_printf(k, "%s\n%ju %jd %jd.%09ld\n", t->font_file[r], (uintmax_t)st.st_ino,
		    (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	}
	return g_string_free(k, FALSE);
}

static void
faces_free(struct faces *F)
{
	if (F->font_idx != NULL)
		g_hash_table_destroy(F->font_idx);
	if (F->fm != NULL)
		g_object_unref(F->fm);
	if (F->fc != NULL)
		FcConfigDestroy(F->fc);
	for (int r = 0; r < TF__MAX; r++)
		g_free(F->family[r]);
	g_free(F->key);
	g_free(F);
}

/* The faces of template t, made the first time (shape_lock held); NULL and err if a file
 * is no font. */
static struct faces *
faces_get(const struct template *t, GError **err)
{
	char *key = faces_key(t);
	struct faces *F;

	for (guint i = 0; faces_made != NULL && i < faces_made->len; i++)
		if (strcmp(((struct faces *)faces_made->pdata[i])->key, key) == 0) {
			g_free(key);
			return faces_made->pdata[i];
		}
	F = g_new0(struct faces, 1);
	F->key = key;
	F->fc = FcConfigCreate();
	for (int r = 0; r < TF__MAX; r++) {
		FcFontSet *set = FcConfigGetFonts(F->fc, FcSetApplication);
		int before = set != NULL ? set->nfont : 0;
		const char *family;

		/* the family comes from the pattern fontconfig made of the file, not a second scan */
		if (!FcConfigAppFontAddFile(F->fc, (const FcChar8 *)t->font_file[r]) ||
		    (family = added_family(F->fc, before)) == NULL) {
			g_set_error(err, layout_error_quark(), 1, _("%s: not a font file fontconfig can read"),
			    t->font_file[r]);
			faces_free(F);
			return NULL;
		}
		F->family[r] = g_strdup(family);
	}
	/* fontconfig's default configuration would load the system's fonts, which are never
	 * used: ours is the default from the first layout on (FcConfigSetCurrent keeps a reference) */
	if (g_once_init_enter(&fc_default_set)) {
		FcConfigSetCurrent(F->fc);
		g_once_init_leave(&fc_default_set, 1);
	}
	F->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (F->fm == NULL) {
		g_set_error(err, layout_error_quark(), 1, _("pango has no FreeType font map"));
		faces_free(F);
		return NULL;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(F->fm), F->fc);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(F->fm), 72);
	F->font_idx = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	if (faces_made == NULL)
		faces_made = g_ptr_array_new();
	g_ptr_array_add(faces_made, F);
	return F;
}

/* The template's fonts (shared: faces_get), and this layout's pango context on them. */
gboolean
shape_init(struct lay *L, GError **err)
{
	cairo_font_options_t *fo;

	for (int r = 0; r < TF__MAX; r++)
		L->glyph_hash[r] = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	g_mutex_lock(&shape_lock);
	if ((L->faces = faces_get(L->t, err)) == NULL) {
		g_mutex_unlock(&shape_lock);
		return FALSE;
	}
	for (int r = 0; r < TF__MAX; r++) {
		struct dl_font *df = g_new0(struct dl_font, 1);

		df->path = g_strdup(L->t->font_file[r]);
		df->family = g_strdup(L->faces->family[r]);
		df->bold = r == TF_BOLD || r == TF_BOLDITALIC;
		df->italic = r == TF_ITALIC || r == TF_BOLDITALIC;
		g_ptr_array_add(L->d->fonts, df);
		L->desc[r] = pango_font_description_new();
		pango_font_description_set_family(L->desc[r], df->family);
		pango_font_description_set_weight(L->desc[r], df->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(L->desc[r], df->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	}
	L->ctx = pango_font_map_create_context(L->faces->fm);
	pango_context_set_round_glyph_positions(L->ctx, FALSE);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(L->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(L->ctx, pango_language_from_string(model_lang_code(L->lang)));
	L->pl = pango_layout_new(L->ctx);
	measure_fixed(L);
	g_mutex_unlock(&shape_lock);
	return TRUE;
}

/* Whether pango's layout gives c a meaning of its own (a tab stop, a line or paragraph
 * break, U+2027), so that it is shaped as a layout shapes it, not as shape_runs() does.  For
 * every other character below U+20000, each of the template's faces gives the same glyph,
 * advance and offset both ways (compared one by one when shape_runs() came in). */
static gboolean
layout_only(gunichar c)
{
	return c == '\t' || c == '\n' || c == '\r' || (c >= 0x2027 && c <= 0x2029);
}

/* Shapes one character alone with pango, at 100 pt for precision. */
static void
shape_char(struct lay *L, int role, gunichar c, struct glyph_info *g)
{
	char buf[8];
	int n = g_unichar_to_utf8(c, buf);
	GList *runs = NULL;
	PangoLayoutIter *it = NULL;
	const PangoGlyphItem *run;

	g->known = TRUE;
	g->font = role;
	g->glyph = PANGO_GLYPH_EMPTY;
	g->adv = g->dx = 0;
	if (c == 0xad)
		return;		/* a soft hyphen: nothing, unless a line breaks there */
	if (layout_only(c)) {
		PangoAttrList *a = base_attrs();

		pango_font_description_set_absolute_size(L->desc[role], 100 * PANGO_SCALE);
		pango_layout_set_font_description(L->pl, L->desc[role]);
		pango_layout_set_width(L->pl, -1);
		pango_layout_set_text(L->pl, buf, n);
		pango_layout_set_attributes(L->pl, a);
		pango_attr_list_unref(a);
		it = pango_layout_get_iter(L->pl);
		run = pango_layout_iter_get_run_readonly(it);
	} else {
		runs = shape_runs(L, role, buf, n);
		run = runs != NULL ? runs->data : NULL;
	}
	if (run != NULL && run->glyphs->num_glyphs > 0) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[0];

		g->glyph = (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : gi->glyph;
		g->font = font_role(L, run->item->analysis.font);
		g->dx = gi->geometry.x_offset / (100.0 * PANGO_SCALE);
		for (int i = 0; i < run->glyphs->num_glyphs; i++)
			g->adv += run->glyphs->glyphs[i].geometry.width / (100.0 * PANGO_SCALE);
	}
	if (it != NULL)
		pango_layout_iter_free(it);
	shape_runs_free(runs);
}

/* Where the glyph of c (below GLYPH_TABLE) in face `role` is kept: its page made if need be. */
static struct glyph_info *
glyph_slot(struct lay *L, int role, gunichar c)
{
	struct glyph_info **pg = &L->glyph_page[role][c / GLYPH_PAGE];

	if (*pg == NULL)
		*pg = g_new0(struct glyph_info, GLYPH_PAGE);
	return &(*pg)[c % GLYPH_PAGE];
}

/* The characters a face's first use shapes together, in one pango layout (shape_batch):
 * ASCII, Latin-1 and the general punctuation, what the guide's Spanish and English are
 * written in.  Shaping them one by one cost 37,000 instructions each, mostly pango's set-up
 * of a layout and harfbuzz's of a shaping plan for every call. */
static const gunichar batch_ranges[][2] = {
	{ 0x21, 0x7e }, { 0xa1, 0xff }, { 0x2010, 0x2026 }, { 0x2030, 0x203a }, { 0x20ac, 0x20ac },
};

/* Whether c shapes in a row of characters as it does alone: a printable character that is no
 * combining mark (pango gives a space or an invisible character the font of the character
 * before it; harfbuzz places a mark on it). */
static gboolean
batchable(gunichar c)
{
	return c != 0xad && !layout_only(c) && g_unichar_isgraph(c) && !g_unichar_ismark(c);
}

/*
 * Shapes the characters of batch_ranges in face `role` together.  With ligatures, kerning and
 * contextual alternates off, each character is a cluster of one glyph, the one it has alone;
 * a character whose cluster is not one glyph of its own is left to shape_char().
 */
static void
shape_batch(struct lay *L, int role)
{
	GString *text = g_string_sized_new(1024);
	GList *runs;

	for (gsize k = 0; k < G_N_ELEMENTS(batch_ranges); k++)
		for (gunichar c = batch_ranges[k][0]; c <= batch_ranges[k][1]; c++)
			if (batchable(c))
				g_string_append_unichar(text, c);
	runs = shape_runs(L, role, text->str, (int)text->len);
	for (GList *r = runs; r != NULL; r = r->next) {
		const PangoGlyphItem *run = r->data;
		const PangoGlyphString *gs = run->glyphs;
		int font = font_role(L, run->item->analysis.font);

		if (run->item->analysis.level % 2 != 0)
			continue;	/* right to left: none in these ranges */
		for (int i = 0; i < gs->num_glyphs; i++) {
			const char *p = text->str + run->item->offset + gs->log_clusters[i];
			int next = i + 1 < gs->num_glyphs ? gs->log_clusters[i + 1] : run->item->length;
			gunichar c = g_utf8_get_char(p);
			struct glyph_info *g;

			/* one glyph for one character, left to right, a glyph the font has */
			if (next != gs->log_clusters[i] + g_unichar_to_utf8(c, NULL) ||
			    (i > 0 && gs->log_clusters[i - 1] == gs->log_clusters[i]) ||
			    (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) || c >= GLYPH_TABLE)
				continue;
			g = glyph_slot(L, role, c);
			g->known = TRUE;
			g->font = font;
			g->glyph = gs->glyphs[i].glyph;
			g->dx = gs->glyphs[i].geometry.x_offset / (100.0 * PANGO_SCALE);
			g->adv = gs->glyphs[i].geometry.width / (100.0 * PANGO_SCALE);
		}
	}
	shape_runs_free(runs);
	g_string_free(text, TRUE);
}

/*
 * A character's glyph in a face.  Shaping is without ligatures and kerning, so a character's
 * glyph and advance never depend on its neighbours: pango shapes each distinct character of
 * each face once, and paragraphs are set from this table.
 */
const struct glyph_info *
shape_glyph_slow(struct lay *L, int role, gunichar c)
{
	struct glyph_info *g;

	g_mutex_lock(&shape_lock);	/* pango's font map is every layout's */
	if (!L->batched[role]) {
		L->batched[role] = TRUE;
		shape_batch(L, role);
	}
	if (c < GLYPH_TABLE)
		g = glyph_slot(L, role, c);
	else if ((g = g_hash_table_lookup(L->glyph_hash[role], GUINT_TO_POINTER(c))) == NULL) {
		g = g_new0(struct glyph_info, 1);
		g_hash_table_insert(L->glyph_hash[role], GUINT_TO_POINTER(c), g);
	}
	if (!g->known)
		shape_char(L, role, c, g);
	g_mutex_unlock(&shape_lock);
	return g;
}


void
shape_free(struct lay *L)
{
	for (int r = 0; r < TF__MAX; r++) {
		for (guint k = 0; k < GLYPH_TABLE / GLYPH_PAGE; k++)
			g_free(L->glyph_page[r][k]);
		if (L->glyph_hash[r] != NULL)
			g_hash_table_destroy(L->glyph_hash[r]);
	}
	for (int r = 0; r < TF__MAX; r++)
		if (L->desc[r] != NULL)
			pango_font_description_free(L->desc[r]);
	g_mutex_lock(&shape_lock);
	if (L->pl != NULL)
		g_object_unref(L->pl);
	if (L->ctx != NULL)
		g_object_unref(L->ctx);
	g_mutex_unlock(&shape_lock);
}
