/* model.c: the model's memory (an arena), lookups, dates and value formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "model.h"

#define ARENA_CHUNK (64 * 1024)

/* A bump allocator: everything allocated from it is freed at once with the model. */
struct arena {
	GSList	*chunks;
	char	*cur;
	gsize	 left;
};

/* n bytes aligned to `align` (a power of two): 8 for the model's structs (pointers, doubles;
 * none needs more), 1 for its strings, which were rounded up to 16 bytes each before (a tenth
 * of the model's memory in the stress booklet). */
static gpointer
arena_alloc(struct arena *a, gsize n, gsize align)
{
	gpointer p;
	gsize pad = (gsize)(-(guintptr)a->cur) & (align - 1);

	if (n + pad > a->left) {
		gsize size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		a->cur = g_malloc0(size);	/* g_malloc's alignment suits anything */
		a->chunks = g_slist_prepend(a->chunks, a->cur);
		a->left = size;
		pad = 0;
	}
	p = a->cur + pad;
	a->cur += pad + n;
	a->left -= pad + n;
	return p;
}

struct model *
model_new(void)
{
	struct model *m = g_new0(struct model, 1);

	m->arena = g_new0(struct arena, 1);
	m->owned = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	m->agencies = model_array(m);
	m->ids = g_hash_table_new(g_str_hash, g_str_equal);
	return m;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	g_hash_table_destroy(m->ids);
	if (m->images != NULL)
		g_hash_table_destroy(m->images);
	g_free(m->snapshot);
	g_ptr_array_free(m->owned, TRUE);
	g_slist_free_full(m->arena->chunks, g_free);
	g_free(m->arena);
	g_free(m);
}

gpointer
model_alloc(struct model *m, gsize n)
{
	return arena_alloc(m->arena, n, 8);
}

const char *
model_strdup(struct model *m, const char *s)
{
	gsize n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = arena_alloc(m->arena, n, 1);
	memcpy(p, s, n);
	return p;
}

/* An array whose lifetime is the model's (its elements are arena memory). */
GPtrArray *
model_array(struct model *m)
{
	GPtrArray *a = g_ptr_array_new();

	g_ptr_array_add(m->owned, a);
	return a;
}

struct node *
model_node(struct model *m, enum node_type type, const struct srcpos *pos)
{
	struct node *n = arena_alloc(m->arena, sizeof(*n), 8);

	n->type = type;
	if (pos != NULL)
		n->pos = *pos;
	return n;
}

void
model_append(struct node *parent, struct node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

struct agency *
model_agency(const struct model *m, const char *id)
{
	for (guint i = 0; i < m->agencies->len; i++) {
		struct agency *a = m->agencies->pdata[i];

		if (strcmp(a->id, id) == 0)
			return a;
	}
	return NULL;
}

const char *
model_agency_short(const struct agency *a, enum lang lang)
{
	if (lang == LANG_EN && a->short_en != NULL)
		return a->short_en;
	return a->short_name;
}

const struct id_entry *
model_lookup(const struct model *m, const char *id)
{
	return g_hash_table_lookup(m->ids, id);
}

model_date
model_date_parse(const char *s)
{
	int y, mo, d;
	char tail;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 || strlen(s) != 10)
		return 0;
	if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y))
		return 0;
	{
		GDate date;

		g_date_clear(&date, 1);
		g_date_set_dmy(&date, (GDateDay)d, (GDateMonth)mo, (GDateYear)y);
		return g_date_get_julian(&date);
	}
}

char *
model_date_iso(model_date d)
{
	GDate date;

	if (d == 0)
		return g_strdup("");
	g_date_clear(&date, 1);
	g_date_set_julian(&date, d);
	return g_strdup_printf("%04u-%02u-%02u", g_date_get_year(&date),
	    (unsigned)g_date_get_month(&date), g_date_get_day(&date));
}

static const char *const season_names[] = { "semana-santa", "verano", "invierno" };

const char *
model_season_name(enum season s)
{
	for (guint i = 0; i < G_N_ELEMENTS(season_names); i++)
		if (s == (1u << i))
			return season_names[i];
	return "?";
}

guint
model_seasons_parse(const char *s)
{
	guint bits = 0;
	char **words;

	if (s == NULL)
		return 0;
	words = g_strsplit_set(s, " \t\n", -1);
	for (char **w = words; *w != NULL; w++)
		for (guint i = 0; i < G_N_ELEMENTS(season_names); i++)
			if (strcmp(*w, season_names[i]) == 0)
				bits |= 1u << i;
	g_strfreev(words);
	return bits;
}

gboolean
model_valid_covers(const struct validity *v, model_date start, model_date end)
{
	return (v->from == 0 || v->from <= start) && (v->to == 0 || v->to >= end);
}

gboolean
model_valid_overlaps(const struct validity *v, model_date start, model_date end)
{
	return (v->from == 0 || v->from <= end) && (v->to == 0 || v->to >= start);
}

/* Collapses the white space of s into w, which has room for strlen(s) + 1 bytes; returns the
 * end of what it wrote (the NUL). */
static char *
collapse_into(char *w, const char *s)
{
	gboolean space = FALSE;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			space = TRUE;
		else {
			if (space)
				*w++ = ' ';
			space = FALSE;
			*w++ = *s;
		}
	}
	if (space)
		*w++ = ' ';
	*w = '\0';
	return w;
}

char *
model_collapse_space(const char *s)
{
	char *r = g_malloc(strlen(s) + 1);	/* never longer than s */

	collapse_into(r, s);
	return r;
}

const char *
model_strdup_collapsed(struct model *m, const char *s)
{
	gsize n = strlen(s) + 1;
	char *p = arena_alloc(m->arena, n, 1), *end = collapse_into(p, s);

	/* the last allocation: what collapsing saved goes back to the arena */
	m->arena->left += n - (gsize)(end + 1 - p);
	m->arena->cur = end + 1;
	return p;
}

static void
plain_inlines(GString *out, const struct node *n, enum lang lang)
{
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case NODE_TEXT:
			g_string_append(out, n->u.str);
			break;
		case NODE_REF:
			if (n->u.ref.fact != NULL && n->u.ref.fact->value != NULL) {
				char *v = model_format_value(n->u.ref.fact, n->u.ref.fact->value, lang);

				g_string_append(out, v);
				g_free(v);
			}
			break;
		case NODE_SEE:
			break;
		case NODE_EM:
		case NODE_STRONG:
		CASE_NODE_BLOCKS:
			plain_inlines(out, n->first, lang);
			break;
		}
	}
}

char *
model_plain_text(const struct textual *t, enum lang lang)
{
	GString *s = g_string_new(NULL);

	plain_inlines(s, model_text(t, lang), lang);
	return g_string_free(s, FALSE);
}

const char *
model_lang_code(enum lang l)
{
	static const char *const codes[LANG__MAX] = { "es", "en" };

	return codes[l];
}

gboolean
model_lang_parse(const char *s, enum lang *l)
{
	for (int i = 0; i < LANG__MAX; i++)
		if (s != NULL && strcmp(s, model_lang_code((enum lang)i)) == 0) {
			*l = (enum lang)i;
			return TRUE;
		}
	return FALSE;
}

struct node *
model_text(const struct textual *t, enum lang lang)
{
	return t->inl[lang] != NULL ? t->inl[lang] : t->inl[LANG_ES];
}

static gboolean
has_lowercase(const struct node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == NODE_TEXT) {
			for (const char *p = n->u.str; *p != '\0'; p = g_utf8_next_char(p))
				if (g_unichar_islower(g_utf8_get_char(p)))
					return TRUE;
		} else if (has_lowercase(n->first))
			return TRUE;
	}
	return FALSE;
}

gboolean
model_needs_translation(const struct textual *t)
{
	return has_lowercase(t->inl[LANG_ES]);
}

/* The markup of inlines in one line: text with white space collapsed, <em>, <strong>,
 * <ref to="x"/>, <see to="x"/>. */
static void
markup_inlines(GString *out, const struct node *n)
{
	for (; n != NULL; n = n->next)
		switch (n->type) {
		case NODE_TEXT:
			g_string_append(out, n->u.str);
			break;
		case NODE_EM:
		case NODE_STRONG:
			g_string_append(out, n->type == NODE_EM ? "<em>" : "<strong>");
			markup_inlines(out, n->first);
			g_string_append(out, n->type == NODE_EM ? "</em>" : "</strong>");
			break;
		case NODE_REF:
		case NODE_SEE:
			g_string_append_printf(out, "<%s to=\"%s\"/>", n->type == NODE_REF ? "ref" : "see",
			    n->u.ref.to != NULL ? n->u.ref.to : "");
			break;
		CASE_NODE_BLOCKS:
			break;
		}
}

/* Nettle's SHA-256 (the processor's SHA instructions where it has them): GLib's GChecksum took
 * 11 % of `paisano check`'s instructions for these short texts. */
char *
model_es_hash(const struct textual *t)
{
	GString *s;
	struct sha256_ctx sum;
	guint8 digest[SHA256_DIGEST_SIZE];
	char *hash;

	if (t->inl[LANG_ES] == NULL)
		return NULL;
	s = g_string_sized_new(256);
	markup_inlines(s, t->inl[LANG_ES]);
	sha256_init(&sum);
	sha256_update(&sum, s->len, (const guint8 *)s->str);
	sha256_digest(&sum, sizeof(digest), digest);
	/* the first 4 bytes in hex, not all 32 */
	hash = g_malloc(9);
	for (int i = 0; i < 4; i++) {
		hash[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		hash[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	hash[8] = '\0';
	g_string_free(s, TRUE);
	return hash;
}

const char *
model_fact_label(const struct fact *f, enum lang lang)
{
	return lang == LANG_EN && f->label_en != NULL ? f->label_en : f->label;
}

/* Spanish "10 000" (a narrow no-break space, and none in four digits: "1500", as the RAE and
 * NOM-008-SCFI write them); English "10,000", and "1,500" for money (min_group 4) but "2007"
 * for a model year (min_group 5).  Keeps a decimal part. */
static void
group_thousands(GString *out, const char *num, enum lang lang, gsize min_group)
{
	const char *dot = strchr(num, '.');
	gsize intlen = dot != NULL ? (gsize)(dot - num) : strlen(num);

	if (lang == LANG_ES)
		min_group = 5;
	for (gsize i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0 && intlen >= min_group)
			g_string_append(out, lang == LANG_ES ? "\xe2\x80\xaf" : ",");
		g_string_append_c(out, num[i]);
	}
	if (dot != NULL)
		g_string_append(out, dot);
}

static const char *const months_es[] = { "enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre" };
static const char *const months_en[] = { "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December" };

static void
format_phone(GString *out, const char *text, enum country country)
{
	GString *d = g_string_new(NULL);

	for (const char *p = text; *p != '\0'; p++)
		if (g_ascii_isdigit(*p))
			g_string_append_c(d, *p);
	if (country == COUNTRY_MX && d->len == 10) {
		/* Mexico City, Guadalajara and Monterrey have two-digit area codes. */
		gboolean two = g_str_has_prefix(d->str, "55") || g_str_has_prefix(d->str, "33") ||
		    g_str_has_prefix(d->str, "56") || g_str_has_prefix(d->str, "81");

		if (two)
			g_string_append_printf(out, "%.2s %.4s %.4s", d->str, d->str + 2, d->str + 6);
		else
			g_string_append_printf(out, "%.3s %.3s %.4s", d->str, d->str + 3, d->str + 6);
	} else if (country == COUNTRY_US && d->len == 11)
		g_string_append_printf(out, "%.1s %.3s %.3s %.4s", d->str, d->str + 1, d->str + 4, d->str + 7);
	else
		g_string_append(out, text);
	g_string_free(d, TRUE);
}

char *
model_format_phone(const char *text, enum country country)
{
	GString *s = g_string_new(NULL);

	format_phone(s, text, country);
	return g_string_free(s, FALSE);
}

char *
model_format_value(const struct fact *f, const struct fact_value *v, enum lang lang)
{
	GString *s = g_string_new(NULL);

	switch (f->kind) {
	case FACT_AMOUNT:
		if (lang == LANG_ES) {
			/* "500 dólares", "1500 pesos" */
			group_thousands(s, v->text, lang, 5);
			g_string_append(s, v->currency != NULL && strcmp(v->currency, "MXN") == 0 ?
			    "\xc2\xa0pesos" : "\xc2\xa0" "d\xc3\xb3lares");
		} else {
			/* "USD 500", "MXN 1,500" */
			g_string_append_printf(s, "%s\xc2\xa0", v->currency != NULL ? v->currency : "");
			group_thousands(s, v->text, lang, 4);
		}
		break;
	case FACT_NUMBER:
		group_thousands(s, v->text, lang, 5);
		break;
	case FACT_PERCENT:
		g_string_append(s, v->text);
		g_string_append(s, lang == LANG_ES ? "\xc2\xa0%" : "%");
		break;
	case FACT_DATE: {
		model_date d = model_date_parse(v->text);
		GDate date;

		if (d == 0) {
			g_string_append(s, v->text);
			break;
		}
		g_date_clear(&date, 1);
		g_date_set_julian(&date, d);
		if (lang == LANG_ES)
			g_string_append_printf(s, "%u de %s de %u", g_date_get_day(&date),
			    months_es[g_date_get_month(&date) - 1], g_date_get_year(&date));
		else
			g_string_append_printf(s, "%s %u, %u", months_en[g_date_get_month(&date) - 1],
			    g_date_get_day(&date), g_date_get_year(&date));
		break;
	}
	case FACT_PHONE:
		format_phone(s, v->text, f->country);
		break;
	case FACT_URL: {
		const char *u = v->text;

		if (g_str_has_prefix(u, "https://"))
			u += 8;
		g_string_append(s, u);
		if (s->len > 0 && s->str[s->len - 1] == '/')
			g_string_truncate(s, s->len - 1);
		break;
	}
	case FACT_EMAIL:
		g_string_append(s, v->text);
		break;
	}
	return g_string_free(s, FALSE);
}

const char *
model_kind_name(enum fact_kind k)
{
	static const char *const names[] = { "amount", "number", "percent", "date", "phone", "url", "email" };

	G_STATIC_ASSERT(G_N_ELEMENTS(names) == FACT_EMAIL + 1);

	return names[k];
}

const char *
model_node_name(enum node_type t)
{
	static const char *const names[] = {
		"chapter", "section", "p", "list", "steps", "item", "table", "header", "row", "cell",
		"notice", "image", "card", "form", "field", "text", "em", "strong", "ref", "see",
	};

	G_STATIC_ASSERT(G_N_ELEMENTS(names) == NODE__MAX);

	return names[t];
}

const struct fact *
model_role_phone(const struct model *m, const char *role)
{
	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		for (guint j = 0; j < a->contacts->len; j++) {
			const struct contact *c = a->contacts->pdata[j];

			for (guint k = 0; k < c->entries->len; k++) {
				const struct fact *f = c->entries->pdata[k];

				if (f->kind == FACT_PHONE && f->role != NULL && strcmp(f->role, role) == 0 &&
				    f->value != NULL)
					return f;
			}
		}
	}
	return NULL;
}

guint
model_edit_distance(const char *a, const char *b)
{
	gsize la = strlen(a), lb = strlen(b);
	guint *row = g_new(guint, lb + 1), r;

	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			best = MIN(best, up + 1);
			best = MIN(best, row[j - 1] + 1);
			diag = up;
			row[j] = best;
		}
	}
	r = row[lb];
	g_free(row);
	return r;
}

static void
each_node_textual(const struct node *n, model_textual_fn fn, gpointer data)
{
	for (; n != NULL; n = n->next) {
		fn(&n->title, data);
		fn(&n->text, data);
		each_node_textual(n->first, fn, data);
	}
}

void
model_each_textual(const struct model *m, model_textual_fn fn, gpointer data)
{
	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		fn(&a->name, data);
		for (guint j = 0; j < a->contacts->len; j++) {
			const struct contact *ct = a->contacts->pdata[j];

			fn(&ct->name, data);
			fn(&ct->note, data);
		}
		for (guint j = 0; j < a->sections->len; j++) {
			/* one section: in the edition it has the chapter's other sections as siblings */
			const struct node *sec = a->sections->pdata[j];

			fn(&sec->title, data);
			fn(&sec->text, data);
			each_node_textual(sec->first, fn, data);
		}
	}
	if (m->edition != NULL) {
		fn(&m->edition->title, data);
		for (guint i = 0; i < m->edition->chapters->len; i++)
			fn(&((const struct node *)m->edition->chapters->pdata[i])->title, data);
	}
}
