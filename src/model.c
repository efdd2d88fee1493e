/* model.c: the model's memory (an arena), lookups, dates and value formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define ARENA_CHUNK (64 * 1024)

/* A bump allocator: everything allocated from it is freed at once with the model. */
struct arena {
	GSList	*chunks;
	char	*cur;
	gsize	 left;
};

static gpointer
arena_alloc(struct arena *a, gsize n)
{
	gpointer p;

	n = (n + 15) & ~(gsize)15;
	if (n > a->left) {
		gsize size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		a->cur = g_malloc0(size);
		a->chunks = g_slist_prepend(a->chunks, a->cur);
		a->left = size;
	}
	p = a->cur;
	a->cur += n;
	a->left -= n;
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
	g_ptr_array_free(m->owned, TRUE);
	g_slist_free_full(m->arena->chunks, g_free);
	g_free(m->arena);
	g_free(m);
}

gpointer
model_alloc(struct model *m, gsize n)
{
	return arena_alloc(m->arena, n);
}

const char *
model_strdup(struct model *m, const char *s)
{
	gsize n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = arena_alloc(m->arena, n);
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
	struct node *n = arena_alloc(m->arena, sizeof(*n));

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

char *
model_collapse_space(const char *s)
{
	GString *r = g_string_sized_new(strlen(s));
	gboolean space = FALSE;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			space = TRUE;
		else {
			if (space)
				g_string_append_c(r, ' ');
			space = FALSE;
			g_string_append_c(r, *s);
		}
	}
	if (space)
		g_string_append_c(r, ' ');
	return g_string_free(r, FALSE);
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
		default:
			plain_inlines(out, n->first, lang);
			break;
		}
	}
}

char *
model_plain_text(const struct textual *t, enum lang lang)
{
	GString *s = g_string_new(NULL);

	plain_inlines(s, t->inl[lang], lang);
	return g_string_free(s, FALSE);
}

/* "10000" -> "10,000"; keeps a decimal part. */
static void
group_thousands(GString *out, const char *num, char sep)
{
	const char *dot = strchr(num, '.');
	gsize intlen = dot != NULL ? (gsize)(dot - num) : strlen(num);

	for (gsize i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0 && intlen > 4)
			g_string_append_c(out, sep);
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
		g_string_append_printf(s, "%s\xc2\xa0", v->currency != NULL ? v->currency : "");
		group_thousands(s, v->text, ',');
		break;
	case FACT_NUMBER:
		group_thousands(s, v->text, ',');
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

	return names[k];
}

const char *
model_node_name(enum node_type t)
{
	static const char *const names[NODE__MAX] = {
		"chapter", "section", "p", "list", "steps", "item", "table", "header", "row", "cell",
		"notice", "image", "card", "form", "field", "text", "em", "strong", "ref", "see",
	};

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
