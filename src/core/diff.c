/* diff.c: comparing two editions, reported as text and as an HTML page. */
#include <string.h>

#include <libxml/HTMLtree.h>

#include "diff.h"
#include "i18n.h"

enum change_kind {
	CH_EDITION,		/* a manifest field */
	CH_FACT_CHANGED,
	CH_FACT_ADDED,
	CH_FACT_REMOVED,
	CH_SECTION_ADDED,
	CH_SECTION_REMOVED,
	CH_SECTION_MOVED,
	CH_UNIT_ADDED,		/* a paragraph, item, cell... */
	CH_UNIT_REMOVED,
	CH_UNIT_CHANGED,
};

struct change {
	enum change_kind kind;
	char		*agency;	/* NULL for the edition */
	char		*section;	/* section id, or NULL */
	char		*title;		/* section title, for the reader */
	char		*label;		/* "paragraph", "franquicia (terrestre)", "operation" */
	char		*old;		/* a value as the reports show it, or, for the edition's */
	char		*new;		/* fields, moves and sources, in a form each report words */
	gboolean	 source;	/* the change is of the fact's source (see source_key) */
};

/*
 * The values the reports put in words are kept without words, so that each report says them in
 * its language: a source as source_key() makes it, the operation as "START\x1fEND", a move
 * as "CHAPTER\x1fN", a status as "draft" or "final".
 */
#define SEP "\x1f"

struct diff {
	GPtrArray	*changes;	/* struct change *, grouped by agency, in report order */
	char		*old_version;
	char		*new_version;
	GHashTable	*agency_names;	/* id -> name */
};

/* ----- flattening a model ----- */

/* One comparable piece of text: a paragraph, an item, a table row... */
struct unit {
	char	*label;
	char	*text;
};

struct section_info {
	const struct node	*node;
	const char		*chapter;
	guint			 order;		/* position among all sections of the edition */
	char			*title;
	GPtrArray		*units;		/* struct unit * */
};

static void
unit_free(gpointer p)
{
	struct unit *u = p;

	g_free(u->label);
	g_free(u->text);
	g_free(u);
}

static void
info_free(gpointer p)
{
	struct section_info *si = p;

	g_free(si->title);
	g_ptr_array_free(si->units, TRUE);
	g_free(si);
}

/* Plain text with references shown by name, so that a changed fact is reported once, as a fact. */
static void
unit_inlines(GString *s, const struct node *n)
{
	for (; n != NULL; n = n->next)
		switch (n->type) {
		case NODE_TEXT:
			g_string_append(s, n->u.str);
			break;
		case NODE_REF:
		case NODE_SEE:
			g_string_append_printf(s, "\xe2\x9f\xa8%s\xe2\x9f\xa9", n->u.ref.to);	/* ⟨id⟩ */
			break;
		case NODE_EM:
		case NODE_STRONG:
		CASE_NODE_BLOCKS:
			unit_inlines(s, n->first);
			break;
		}
}

static char *
textual_text(const struct textual *t)
{
	GString *s = g_string_new(NULL);

	unit_inlines(s, t->inl[LANG_ES]);
	return g_string_free(s, FALSE);
}

static void
add_unit(GPtrArray *units, const char *label, char *text)
{
	struct unit *u;

	if (text == NULL || *text == '\0') {
		g_free(text);
		return;
	}
	u = g_new(struct unit, 1);
	u->label = g_strdup(label);
	u->text = text;
	g_ptr_array_add(units, u);
}

static void
flatten(GPtrArray *units, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		switch (n->type) {
		case NODE_SECTION:
			add_unit(units, "subsection title", textual_text(&n->title));
			flatten(units, n->first);
			break;
		case NODE_PARA:
			add_unit(units, "paragraph", textual_text(&n->text));
			break;
		case NODE_ITEM:
			add_unit(units, n->parent != NULL && n->parent->type == NODE_STEPS ? "step" : "item",
			    textual_text(&n->text));
			break;
		case NODE_HEADER:
		case NODE_ROW: {
			GString *row = g_string_new(NULL);

			for (const struct node *c = n->first; c != NULL; c = c->next) {
				char *t = textual_text(&c->text);

				g_string_append_printf(row, "%s%s", row->len > 0 ? " | " : "", t);
				g_free(t);
			}
			add_unit(units, n->type == NODE_HEADER ? "table header" : "table row", g_string_free(row, FALSE));
			break;
		}
		case NODE_TABLE:
			add_unit(units, "table caption", textual_text(&n->title));
			flatten(units, n->first);
			break;
		case NODE_NOTICE:
			add_unit(units, "notice title", textual_text(&n->title));
			flatten(units, n->first);
			break;
		case NODE_IMAGE:
			add_unit(units, "image", g_strdup_printf("%s: %s", n->u.image.src,
			    n->text.inl[LANG_ES] != NULL ? n->text.inl[LANG_ES]->u.str : ""));
			break;
		case NODE_CARD:
			add_unit(units, "contact card", g_strdup(n->u.ref.to));
			break;
		case NODE_FORM:
			add_unit(units, "form title", textual_text(&n->title));
			flatten(units, n->first);
			break;
		case NODE_FIELD:
			add_unit(units, "form field", textual_text(&n->text));
			break;
		case NODE_CHAPTER:
		case NODE_LIST:
		case NODE_STEPS:
		case NODE_CELL:
		CASE_NODE_INLINES:
			flatten(units, n->first);
			break;
		}
	}
}

static GHashTable *
sections_of(const struct model *m)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, info_free);
	guint order = 0;

	for (guint i = 0; i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			struct section_info *si;

			if (s->omit)
				continue;
			si = g_new0(struct section_info, 1);
			si->node = s;
			si->chapter = ch->id;
			si->order = order++;
			si->title = textual_text(&s->title);
			si->units = g_ptr_array_new_with_free_func(unit_free);
			flatten(si->units, s->first);
			g_hash_table_insert(h, (gpointer)s->id, si);
		}
	}
	return h;
}

/* Every fact the edition prints, by id, with its printed value. */
static GHashTable *
facts_of(const struct model *m)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++) {
			const struct fact *f = a->facts->pdata[j];

			if (f->id != NULL && f->uses > 0 && f->value != NULL)
				g_hash_table_insert(h, (gpointer)f->id, (gpointer)f);
		}
	}
	return h;
}

/* ----- the shortest edit script, for units and for words ----- */

typedef gboolean (*eq_fn)(gconstpointer, gconstpointer);

/*
 * Myers' O((N+M)D) algorithm in linear space: find the middle snake of an optimal path by
 * searching from both ends, split there, and solve the halves.  Memory is two arrays of
 * N + M + 2 positions, shared by every level, whatever the sizes (the table it replaced was
 * N x M: 10 GB for a section of 50,000 items).  A search that has not met by DIFF_MAX_COST
 * edits splits at the middle instead, so time stays near (N+M) x DIFF_MAX_COST x log(N+M) for
 * two unrelated texts; the script is then still correct, only not always the shortest.
 */
#define DIFF_MAX_COST 1024

struct myers {
	gpointer	*a, *b;
	eq_fn		 eq;
	glong		*vf, *vb;	/* furthest x per diagonal, forward and backward */
	GArray		*ops;
};

static void
emit_ops(GArray *ops, int op, glong n)
{
	for (; n > 0; n--)
		g_array_append_val(ops, op);
}

static void myers_run(struct myers *, glong a0, glong a1, glong b0, glong b1);

/* Finds where to split a[a0..a1) and b[b0..b1) (both non-empty, first and last elements
 * differing) and solves both sides. */
static void
myers_bisect(struct myers *m, glong a0, glong a1, glong b0, glong b1)
{
	glong n = a1 - a0, mm = b1 - b0, max_d = (n + mm + 1) / 2, off = max_d, len = 2 * max_d + 2;
	glong delta = n - mm, limit = MIN(max_d, DIFF_MAX_COST);
	glong *vf = m->vf, *vb = m->vb;
	gboolean front = (delta & 1) != 0;

	for (glong i = 0; i < len; i++)
		vf[i] = vb[i] = -1;
	vf[off + 1] = vb[off + 1] = 0;
	for (glong d = 0; d < limit; d++) {
		for (glong k = -d; k <= d; k += 2) {
			glong ko = off + k, x, y;

			x = k == -d || (k != d && vf[ko - 1] < vf[ko + 1]) ? vf[ko + 1] : vf[ko - 1] + 1;
			y = x - k;
			while (x < n && y < mm && m->eq(m->a[a0 + x], m->b[b0 + y]))
				x++, y++;
			vf[ko] = x;
			if (x > n || y > mm)
				continue;
			if (front) {
				glong k2o = off + delta - k;

				if (k2o >= 0 && k2o < len && vb[k2o] != -1 && x >= n - vb[k2o]) {
					myers_run(m, a0, a0 + x, b0, b0 + y);
					myers_run(m, a0 + x, a1, b0 + y, b1);
					return;
				}
			}
		}
		for (glong k = -d; k <= d; k += 2) {
			glong ko = off + k, x, y;

			x = k == -d || (k != d && vb[ko - 1] < vb[ko + 1]) ? vb[ko + 1] : vb[ko - 1] + 1;
			y = x - k;
			while (x < n && y < mm && m->eq(m->a[a1 - x - 1], m->b[b1 - y - 1]))
				x++, y++;
			vb[ko] = x;
			if (x > n || y > mm)
				continue;
			if (!front) {
				glong k1o = off + delta - k;

				if (k1o >= 0 && k1o < len && vf[k1o] != -1) {
					glong x1 = vf[k1o], y1 = off + x1 - k1o;

					if (x1 >= n - x) {
						myers_run(m, a0, a0 + x1, b0, b0 + y1);
						myers_run(m, a0 + x1, a1, b0 + y1, b1);
						return;
					}
				}
			}
		}
	}
	/* Too far apart to search further (or nothing in common): split in the middle. */
	if (n > 1 && mm > 1) {
		myers_run(m, a0, a0 + n / 2, b0, b0 + mm / 2);
		myers_run(m, a0 + n / 2, a1, b0 + mm / 2, b1);
	} else {
		emit_ops(m->ops, -1, n);
		emit_ops(m->ops, 1, mm);
	}
}

static void
myers_run(struct myers *m, glong a0, glong a1, glong b0, glong b1)
{
	glong pre = 0, suf = 0;

	while (a0 + pre < a1 && b0 + pre < b1 && m->eq(m->a[a0 + pre], m->b[b0 + pre]))
		pre++;
	emit_ops(m->ops, 0, pre);
	a0 += pre;
	b0 += pre;
	while (a1 - suf > a0 && b1 - suf > b0 && m->eq(m->a[a1 - suf - 1], m->b[b1 - suf - 1]))
		suf++;
	a1 -= suf;
	b1 -= suf;
	if (a0 == a1)
		emit_ops(m->ops, 1, b1 - b0);
	else if (b0 == b1)
		emit_ops(m->ops, -1, a1 - a0);
	else
		myers_bisect(m, a0, a1, b0, b1);
	emit_ops(m->ops, 0, suf);
}

/* Fills `ops` with 0 (same), -1 (only in a), +1 (only in b), in order; in each run of changes
 * the deletions come before the insertions, as diff prints them. */
static void
lcs_ops(gpointer *a, guint na, gpointer *b, guint nb, eq_fn eq, GArray *ops)
{
	struct myers m = { a, b, eq, NULL, NULL, ops };
	gsize len = (gsize)na + nb + 4;
	guint run = ops->len;

	m.vf = g_new(glong, len);
	m.vb = g_new(glong, len);
	myers_run(&m, 0, na, 0, nb);
	g_free(m.vf);
	g_free(m.vb);
	for (guint k = run; k <= ops->len; k++) {
		if (k < ops->len && g_array_index(ops, int, k) != 0)
			continue;
		/* ops[run..k) are changes: deletions first */
		{
			guint dels = 0;

			for (guint q = run; q < k; q++)
				dels += g_array_index(ops, int, q) < 0;
			for (guint q = run; q < k; q++)
				g_array_index(ops, int, q) = q - run < dels ? -1 : 1;
		}
		run = k + 1;
	}
}

static gboolean
unit_eq(gconstpointer a, gconstpointer b)
{
	const struct unit *x = a, *y = b;

	return strcmp(x->label, y->label) == 0 && strcmp(x->text, y->text) == 0;
}

static gboolean
str_eq(gconstpointer a, gconstpointer b)
{
	return strcmp(a, b) == 0;
}

/* Share of words two texts have in common (0..1), to tell an edit from a rewrite. */
static double
similarity(const char *a, const char *b)
{
	char **wa = g_strsplit(a, " ", -1), **wb = g_strsplit(b, " ", -1);
	guint na = g_strv_length(wa), nb = g_strv_length(wb), same = 0;
	GArray *ops = g_array_new(FALSE, FALSE, sizeof(int));

	lcs_ops((gpointer *)wa, na, (gpointer *)wb, nb, str_eq, ops);
	for (guint k = 0; k < ops->len; k++)
		same += g_array_index(ops, int, k) == 0;
	g_array_free(ops, TRUE);
	g_strfreev(wa);
	g_strfreev(wb);
	return MAX(na, nb) > 0 ? (double)same / MAX(na, nb) : 1.0;
}

/* A printed value for the report: the no-break spaces of print become plain spaces. */
static char *
value_text(const struct fact *f)
{
	char *v = model_format_value(f, f->value, LANG_ES), *nb;

	while ((nb = strstr(v, "\xc2\xa0")) != NULL) {
		*nb = ' ';
		memmove(nb + 1, nb + 2, strlen(nb + 2) + 1);
	}
	return v;
}

/* ----- building the list ----- */

static void
add(struct diff *d, enum change_kind kind, const char *agency, const struct section_info *si,
    const char *label, const char *old, const char *new)
{
	struct change *c = g_new0(struct change, 1);

	c->kind = kind;
	c->agency = g_strdup(agency);
	c->section = si != NULL ? g_strdup(si->node->id) : NULL;
	c->title = si != NULL ? g_strdup(si->title) : NULL;
	c->label = g_strdup(label);
	c->old = g_strdup(old);
	c->new = g_strdup(new);
	g_ptr_array_add(d->changes, c);
}

static void
diff_units(struct diff *d, const char *agency, const struct section_info *o, const struct section_info *n)
{
	GArray *ops = g_array_new(FALSE, FALSE, sizeof(int));
	guint i = 0, j = 0, k = 0;

	lcs_ops(o->units->pdata, o->units->len, n->units->pdata, n->units->len, unit_eq, ops);
	while (k < ops->len) {
		int op = g_array_index(ops, int, k);

		if (op == 0) {
			i++, j++, k++;
			continue;
		}
		/* A run of removals and additions: pair them up in order as changes. */
		{
			GPtrArray *rem = g_ptr_array_new(), *ins = g_ptr_array_new();
			guint p;

			for (; k < ops->len && g_array_index(ops, int, k) != 0; k++) {
				if (g_array_index(ops, int, k) < 0)
					g_ptr_array_add(rem, o->units->pdata[i++]);
				else
					g_ptr_array_add(ins, n->units->pdata[j++]);
			}
			for (p = 0; p < rem->len && p < ins->len; p++) {
				const struct unit *a = rem->pdata[p], *b = ins->pdata[p];

				if (strcmp(a->label, b->label) == 0 && similarity(a->text, b->text) >= 0.5)
					add(d, CH_UNIT_CHANGED, agency, n, b->label, a->text, b->text);
				else {
					add(d, CH_UNIT_REMOVED, agency, n, a->label, a->text, NULL);
					add(d, CH_UNIT_ADDED, agency, n, b->label, NULL, b->text);
				}
			}
			for (; p < rem->len; p++)
				add(d, CH_UNIT_REMOVED, agency, n, ((struct unit *)rem->pdata[p])->label,
				    ((struct unit *)rem->pdata[p])->text, NULL);
			for (p = rem->len; p < ins->len; p++)
				add(d, CH_UNIT_ADDED, agency, n, ((struct unit *)ins->pdata[p])->label, NULL,
				    ((struct unit *)ins->pdata[p])->text);
			g_ptr_array_free(rem, TRUE);
			g_ptr_array_free(ins, TRUE);
		}
	}
	g_array_free(ops, TRUE);
}

/* Where a printed value comes from: "" when it names no source, else "TITLE[ <HREF>]", the
 * day verified, by whom, and "u" when unconfirmed, separated by SEP (source_said words it). */
static char *
source_key(const struct fact *f)
{
	const struct source *s = f->value != NULL ? f->value->source : NULL;

	if (s == NULL)
		return g_strdup("");
	{
		char *when = model_date_iso(s->verified), *r;

		r = g_strdup_printf("%s%s%s%s" SEP "%s" SEP "%s" SEP "%s", s->title, s->href != NULL ? " <" : "",
		    s->href != NULL ? s->href : "", s->href != NULL ? ">" : "", when, s->by,
		    s->unconfirmed ? "u" : "");
		g_free(when);
		return r;
	}
}

/* Does the model record sources at all?  (Snapshots made before sources existed do not.) */
static gboolean
has_sources(const struct model *m)
{
	for (guint i = 0; i < m->agencies->len; i++)
		if (((const struct agency *)m->agencies->pdata[i])->sources->len > 0)
			return TRUE;
	return FALSE;
}

/* A change of source beside the value's own: the old model's fact g, the new one's f. */
static void
diff_source(struct diff *d, const char *agency, const char *label, const struct fact *g, const struct fact *f,
    gboolean old_sources)
{
	char *x = source_key(g), *y = source_key(f);

	if (strcmp(x, y) != 0 && (old_sources || *x != '\0')) {
		add(d, CH_FACT_CHANGED, agency, NULL, label, x, y);
		((struct change *)d->changes->pdata[d->changes->len - 1])->source = TRUE;
	}
	g_free(x);
	g_free(y);
}

static char *
fact_label(const struct fact *f)
{
	if (f->contact != NULL) {
		char *name = textual_text(&f->contact->name), *r;

		r = g_strdup_printf("%s, %s%s%s", name, f->kind == FACT_PHONE ? "teléfono" :
		    f->kind == FACT_URL ? "sitio web" : "correo", f->label != NULL ? " " : "",
		    f->label != NULL ? f->label : "");
		g_free(name);
		return r;
	}
	return g_strdup(f->label != NULL ? f->label : f->id);
}

static void
diff_edition(struct diff *d, const struct edition *o, const struct edition *n)
{
	char *a, *b, *c, *e;

	a = textual_text(&o->title);
	b = textual_text(&n->title);
	if (strcmp(a, b) != 0)
		add(d, CH_EDITION, NULL, NULL, "title", a, b);
	g_free(a);
	g_free(b);
	a = model_date_iso(o->op_start), b = model_date_iso(o->op_end);
	c = model_date_iso(n->op_start), e = model_date_iso(n->op_end);
	if (strcmp(a, c) != 0 || strcmp(b, e) != 0) {
		char *x = g_strconcat(a, SEP, b, NULL), *y = g_strconcat(c, SEP, e, NULL);

		add(d, CH_EDITION, NULL, NULL, "operation", x, y);
		g_free(x);
		g_free(y);
	}
	g_free(a), g_free(b), g_free(c), g_free(e);
	if (o->season != n->season)
		add(d, CH_EDITION, NULL, NULL, "season", model_season_name(o->season), model_season_name(n->season));
	if (o->status != n->status)
		add(d, CH_EDITION, NULL, NULL, "status", o->status == STATUS_FINAL ? "final" : "draft",
		    n->status == STATUS_FINAL ? "final" : "draft");
}

static int
agency_order(gconstpointer a, gconstpointer b)
{
	const struct change *x = *(const struct change *const *)a, *y = *(const struct change *const *)b;

	if ((x->agency == NULL) != (y->agency == NULL))
		return x->agency == NULL ? -1 : 1;
	return x->agency == NULL ? 0 : strcmp(x->agency, y->agency);
}

struct diff *
diff_models(const struct model *om, const struct model *nm)
{
	struct diff *d = g_new0(struct diff, 1);
	GHashTable *os = sections_of(om), *ns = sections_of(nm), *of = facts_of(om), *nf = facts_of(nm);
	GPtrArray *common_o = g_ptr_array_new(), *common_n = g_ptr_array_new();
	GArray *ops = g_array_new(FALSE, FALSE, sizeof(int));
	GHashTable *moved = g_hash_table_new(g_str_hash, g_str_equal);
	const struct model *both[2] = { om, nm };
	gboolean old_sources = has_sources(om);

	d->changes = g_ptr_array_new();
	d->old_version = g_strdup(om->edition->version != NULL ? om->edition->version : om->edition->id);
	d->new_version = g_strdup(nm->edition->version != NULL ? nm->edition->version : nm->edition->id);
	d->agency_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (int k = 0; k < 2; k++)
		for (guint i = 0; i < both[k]->agencies->len; i++) {
			const struct agency *a = both[k]->agencies->pdata[i];

			g_hash_table_insert(d->agency_names, g_strdup(a->id), textual_text(&a->name));
		}

	diff_edition(d, om->edition, nm->edition);

	/* Facts: changed, added, removed (by id, in the new model's order, then the old's). */
	for (int k = 0; k < 2; k++)
		for (guint i = 0; i < both[k]->agencies->len; i++) {
			const struct agency *a = both[k]->agencies->pdata[i];

			for (guint j = 0; j < a->facts->len; j++) {
				const struct fact *f = a->facts->pdata[j], *g;
				char *label, *x, *y;

				if (f->id == NULL || f->uses == 0 || f->value == NULL)
					continue;
				label = fact_label(f);
				if (k == 1 && (g = g_hash_table_lookup(of, f->id)) != NULL) {
					x = value_text(g);
					y = value_text(f);
					if (strcmp(x, y) != 0)
						add(d, CH_FACT_CHANGED, a->id, NULL, label, x, y);
					diff_source(d, a->id, label, g, f, old_sources);
					g_free(x);
					g_free(y);
				} else if (k == 1) {
					y = value_text(f);
					add(d, CH_FACT_ADDED, a->id, NULL, label, NULL, y);
					g_free(y);
				} else if (!g_hash_table_contains(nf, f->id)) {
					x = value_text(f);
					add(d, CH_FACT_REMOVED, a->id, NULL, label, x, NULL);
					g_free(x);
				}
				g_free(label);
			}
		}

	/* Sections in both, in each edition's order: those off the common subsequence moved. */
	for (int k = 0; k < 2; k++) {
		const struct model *m = both[k];

		for (guint i = 0; i < m->edition->chapters->len; i++)
			for (const struct node *s = ((const struct node *)m->edition->chapters->pdata[i])->first;
			    s != NULL; s = s->next)
				if (!s->omit && g_hash_table_contains(k == 0 ? ns : os, s->id))
					g_ptr_array_add(k == 0 ? common_o : common_n, (gpointer)s->id);
	}
	lcs_ops(common_o->pdata, common_o->len, common_n->pdata, common_n->len, str_eq, ops);
	for (guint k = 0, j = 0; k < ops->len; k++) {
		int op = g_array_index(ops, int, k);

		if (op >= 0 && j < common_n->len) {
			if (op > 0)
				g_hash_table_add(moved, common_n->pdata[j]);
			j++;
		}
	}

	for (int k = 0; k < 2; k++) {
		const struct model *m = both[k];

		for (guint i = 0; i < m->edition->chapters->len; i++)
			for (const struct node *s = ((const struct node *)m->edition->chapters->pdata[i])->first;
			    s != NULL; s = s->next) {
				struct section_info *si, *other;

				if (s->omit)
					continue;
				si = g_hash_table_lookup(k == 0 ? os : ns, s->id);
				other = g_hash_table_lookup(k == 0 ? ns : os, s->id);
				if (k == 0) {
					if (other == NULL)
						add(d, CH_SECTION_REMOVED, s->agency, si, "section", si->title, NULL);
					continue;
				}
				if (other == NULL) {
					add(d, CH_SECTION_ADDED, s->agency, si, "section", NULL, si->title);
					continue;
				}
				if (g_hash_table_contains(moved, s->id) || strcmp(si->chapter, other->chapter) != 0) {
					char *x = g_strdup_printf("%s" SEP "%u", other->chapter, other->order + 1);
					char *y = g_strdup_printf("%s" SEP "%u", si->chapter, si->order + 1);

					add(d, CH_SECTION_MOVED, s->agency, si, "section", x, y);
					g_free(x);
					g_free(y);
				}
				diff_units(d, s->agency, other, si);
			}
	}
	g_ptr_array_sort(d->changes, agency_order);	/* stable: keeps the order within an agency */

	g_hash_table_destroy(moved);
	g_array_free(ops, TRUE);
	g_ptr_array_free(common_o, TRUE);
	g_ptr_array_free(common_n, TRUE);
	g_hash_table_destroy(os);
	g_hash_table_destroy(ns);
	g_hash_table_destroy(of);
	g_hash_table_destroy(nf);
	return d;
}

guint
diff_count(const struct diff *d)
{
	return d->changes->len;
}

static void
change_free(struct change *c)
{
	g_free(c->agency);
	g_free(c->section);
	g_free(c->title);
	g_free(c->label);
	g_free(c->old);
	g_free(c->new);
	g_free(c);
}

void
diff_keep_agency(struct diff *d, const char *agency)
{
	guint j = 0;

	for (guint i = 0; i < d->changes->len; i++) {
		struct change *c = d->changes->pdata[i];

		if (c->agency != NULL && strcmp(c->agency, agency) == 0)
			d->changes->pdata[j++] = c;
		else
			change_free(c);
	}
	g_ptr_array_set_size(d->changes, j);
}

struct diff *
diff_agency(const struct diff *d, const char *agency)
{
	struct diff *a = g_new0(struct diff, 1);
	GHashTableIter it;
	gpointer k, v;

	a->changes = g_ptr_array_new();
	for (guint i = 0; i < d->changes->len; i++) {
		const struct change *c = d->changes->pdata[i];
		struct change *n;

		if (c->agency == NULL || strcmp(c->agency, agency) != 0)
			continue;
		n = g_new0(struct change, 1);
		n->kind = c->kind;
		n->agency = g_strdup(c->agency);
		n->section = g_strdup(c->section);
		n->title = g_strdup(c->title);
		n->label = g_strdup(c->label);
		n->old = g_strdup(c->old);
		n->new = g_strdup(c->new);
		g_ptr_array_add(a->changes, n);
	}
	a->old_version = g_strdup(d->old_version);
	a->new_version = g_strdup(d->new_version);
	a->agency_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_iter_init(&it, d->agency_names);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(a->agency_names, g_strdup(k), g_strdup(v));
	return a;
}

void
diff_free(struct diff *d)
{
	if (d == NULL)
		return;
	for (guint i = 0; i < d->changes->len; i++) {
		struct change *c = d->changes->pdata[i];

		g_free(c->agency);
		g_free(c->section);
		g_free(c->title);
		g_free(c->label);
		g_free(c->old);
		g_free(c->new);
		g_free(c);
	}
	g_ptr_array_free(d->changes, TRUE);
	g_hash_table_destroy(d->agency_names);
	g_free(d->old_version);
	g_free(d->new_version);
	g_free(d);
}

/* ----- word-level differences ----- */

struct piece {
	int	 op;	/* 0 same, -1 deleted, +1 inserted */
	char	*text;
};

/* The words of `a` and `b` aligned: runs of equal, deleted and inserted words. */
static GArray *
word_diff(const char *a, const char *b)
{
	char **wa = g_strsplit(a, " ", -1), **wb = g_strsplit(b, " ", -1);
	GArray *ops = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(struct piece));
	guint i = 0, j = 0;
	GString *run = g_string_new(NULL);
	int cur = 2;

	lcs_ops((gpointer *)wa, g_strv_length(wa), (gpointer *)wb, g_strv_length(wb), str_eq, ops);
	for (guint k = 0; k <= ops->len; k++) {
		int op = k < ops->len ? g_array_index(ops, int, k) : 2;
		const char *w = op == 0 ? wa[i] : op < 0 ? wa[i] : op == 1 ? wb[j] : NULL;

		if (op != cur && run->len > 0) {
			struct piece p = { cur, g_strdup(run->str) };

			g_array_append_val(pieces, p);
			g_string_truncate(run, 0);
		}
		cur = op;
		if (w != NULL)
			g_string_append_printf(run, "%s%s", run->len > 0 ? " " : "", w);
		if (op == 0)
			i++, j++;
		else if (op < 0)
			i++;
		else if (op == 1)
			j++;
	}
	g_string_free(run, TRUE);
	g_array_free(ops, TRUE);
	g_strfreev(wa);
	g_strfreev(wb);
	return pieces;
}

static void
pieces_free(GArray *pieces)
{
	for (guint i = 0; i < pieces->len; i++)
		g_free(g_array_index(pieces, struct piece, i).text);
	g_array_free(pieces, TRUE);
}

/* ----- the reports' words ----- */

/*
 * The text report speaks the reader's language (gettext: Spanish under an es_* locale); the
 * HTML report is always in Spanish, for the office on the desk.  Both take their words from a
 * struct words: report_words() gives the text report's, html_words the HTML's.
 */
struct words {
	gboolean	 gettext;	/* labels through the catalog (else label_words' Spanish) */
	const char	*none;		/* a value that names no source */
	const char	*verified;	/* title, day, who */
	const char	*unconfirmed;	/* the same, for a source that settles nothing */
	const char	*source;	/* "franquicia, source": the change is of the fact's source */
	const char	*to;		/* the operation: start, end */
	const char	*place;		/* where a section was: chapter, position */
	const char	*draft;
	const char	*final;
};

static const struct words html_words = {
	FALSE, "ninguna", "%s (verificada el %s por %s)", "%s (verificada el %s por %s; sin confirmar)",
	"%s, fuente", "%s al %s", "capítulo %s, sección %s", "borrador", "final",
};

static struct words
report_words(void)
{
	struct words w = {
		TRUE,
		/* TRANSLATORS: paisano diff: a value that names no <source> */
		C_("diff", "none"),
		/* TRANSLATORS: paisano diff: a fact's source: its title, the day it was verified, by whom */
		_("%s (verified %s by %s)"),
		_("%s (verified %s by %s; unconfirmed)"),
		/* TRANSLATORS: paisano diff: the label of a change to a fact's source, not its value */
		_("%s, source"),
		/* TRANSLATORS: paisano diff: the operation's dates, "2026-07-01 to 2026-08-16" */
		_("%s to %s"),
		/* TRANSLATORS: paisano diff: where a section that moved was and is */
		_("chapter %s, section %s"),
		C_("edition status", "draft"),
		C_("edition status", "final"),
	};

	return w;
}

/* The units' and edition fields' labels: the key diff_models gives them, and the Spanish of
 * the HTML report (the text report's come from the catalog, context "diff"). */
static const char *const label_words[][2] = {
	{ NC_("diff", "subsection title"), "título de subsección" }, { NC_("diff", "paragraph"), "párrafo" },
	{ NC_("diff", "step"), "paso" }, { NC_("diff", "item"), "elemento de lista" },
	{ NC_("diff", "table header"), "encabezado de tabla" }, { NC_("diff", "table row"), "fila de tabla" },
	{ NC_("diff", "table caption"), "título de tabla" }, { NC_("diff", "notice title"), "título del aviso" },
	{ NC_("diff", "image"), "imagen" }, { NC_("diff", "contact card"), "tarjeta de contacto" },
	{ NC_("diff", "form title"), "título del formulario" }, { NC_("diff", "form field"), "campo del formulario" },
	{ NC_("diff", "title"), "título" }, { NC_("diff", "operation"), "operativo" },
	{ NC_("diff", "season"), "temporada" }, { NC_("diff", "status"), "estado" },
};

/* A change's label in the report's words; newly allocated. */
static char *
label_said(const struct change *c, const struct words *w)
{
	if (c->source)
		return g_strdup_printf(w->source, c->label);
	if (c->kind == CH_EDITION || c->kind >= CH_UNIT_ADDED)
		for (guint i = 0; i < G_N_ELEMENTS(label_words); i++)
			if (strcmp(c->label, label_words[i][0]) == 0)
				return g_strdup(w->gettext ? g_dpgettext2(GETTEXT_PACKAGE, "diff", c->label) :
				    label_words[i][1]);
	return g_strdup(c->label);
}

/* One of a change's values in the report's words (see SEP); newly allocated. */
static char *
value_said(const struct change *c, const char *v, const struct words *w)
{
	char **p;
	char *r;

	if (v == NULL)
		return g_strdup("");
	if (c->source && *v == '\0')
		return g_strdup(w->none);
	if (c->kind == CH_EDITION && strcmp(c->label, "status") == 0)
		return g_strdup(strcmp(v, "draft") == 0 ? w->draft : strcmp(v, "final") == 0 ? w->final : v);
	p = g_strsplit(v, SEP, -1);
	if (c->source && g_strv_length(p) == 4)
		r = g_strdup_printf(p[3][0] != '\0' ? w->unconfirmed : w->verified, p[0], p[1], p[2]);
	else if (g_strv_length(p) == 2 && c->kind == CH_EDITION)
		r = g_strdup_printf(w->to, p[0], p[1]);
	else if (g_strv_length(p) == 2 && c->kind == CH_SECTION_MOVED)
		r = g_strdup_printf(w->place, p[0], p[1]);
	else
		r = g_strdup(v);
	g_strfreev(p);
	return r;
}

/* ----- text output ----- */

void
diff_print(const struct diff *d, FILE *fp, gboolean color)
{
	const char *agency = "", *section = "";
	const char *del0 = color ? "\033[31m[-" : "[-", *del1 = color ? "-]\033[0m" : "-]";
	const char *ins0 = color ? "\033[32m{+" : "{+", *ins1 = color ? "+}\033[0m" : "+}";
	struct words w = report_words();

	fprintf(fp, "paisano diff: %s -> %s\n", d->old_version, d->new_version);
	if (d->changes->len == 0) {
		fputs(_("no changes\n"), fp);
		return;
	}
	for (guint i = 0; i < d->changes->len; i++) {
		const struct change *c = d->changes->pdata[i];
		const char *a = c->agency != NULL ? c->agency : "";
		char *label = label_said(c, &w), *o = value_said(c, c->old, &w), *n = value_said(c, c->new, &w);

		if (i == 0 || strcmp(a, agency) != 0) {
			if (c->agency == NULL)
				fputs(_("\nEdition\n"), fp);
			else {
				const char *name = g_hash_table_lookup(d->agency_names, c->agency);

				fprintf(fp, "\n%s (%s)\n", name != NULL ? name : c->agency, c->agency);
			}
			agency = a;
			section = "";
		}
		switch (c->kind) {
		case CH_EDITION:
		case CH_FACT_CHANGED:
			fprintf(fp, "  %s: %s -> %s\n", label, o, n);
			break;
		case CH_FACT_ADDED:
			/* TRANSLATORS: paisano diff: a fact's label, its value */
			fprintf(fp, _("  %s: added, %s\n"), label, n);
			break;
		case CH_FACT_REMOVED:
			fprintf(fp, _("  %s: removed (was %s)\n"), label, o);
			break;
		case CH_SECTION_ADDED:
			/* TRANSLATORS: paisano diff: a section's id and title */
			fprintf(fp, _("  section %s «%s» added\n"), c->section, c->title);
			section = "";
			break;
		case CH_SECTION_REMOVED:
			fprintf(fp, _("  section %s «%s» removed\n"), c->section, c->title);
			section = "";
			break;
		case CH_SECTION_MOVED:
			fprintf(fp, _("  section %s «%s» moved: %s -> %s\n"), c->section, c->title, o, n);
			break;
		case CH_UNIT_ADDED:
		case CH_UNIT_REMOVED:
		case CH_UNIT_CHANGED:
			if (strcmp(section, c->section) != 0) {
				fprintf(fp, _("  section %s «%s»\n"), c->section, c->title);
				section = c->section;
			}
			/* TRANSLATORS: paisano diff: "paragraph added: {+text+}"; the other %s mark the text */
			if (c->kind == CH_UNIT_ADDED)
				fprintf(fp, _("    %s added: %s%s%s\n"), label, ins0, c->new, ins1);
			else if (c->kind == CH_UNIT_REMOVED)
				fprintf(fp, _("    %s removed: %s%s%s\n"), label, del0, c->old, del1);
			else {
				GArray *p = word_diff(c->old, c->new);

				fprintf(fp, _("    %s changed: "), label);
				for (guint k = 0; k < p->len; k++) {
					const struct piece *pc = &g_array_index(p, struct piece, k);

					fprintf(fp, "%s%s%s%s", k > 0 ? " " : "", pc->op < 0 ? del0 : pc->op > 0 ? ins0 : "",
					    pc->text, pc->op < 0 ? del1 : pc->op > 0 ? ins1 : "");
				}
				fputc('\n', fp);
				pieces_free(p);
			}
			break;
		}
		g_free(label);
		g_free(o);
		g_free(n);
	}
	fprintf(fp, ngettext("\n%u change\n", "\n%u changes\n", d->changes->len), d->changes->len);
}

/* ----- HTML report ----- */

static const char *
kind_word_es(enum change_kind k)
{
	switch (k) {
	case CH_FACT_ADDED:
	case CH_SECTION_ADDED:
	case CH_UNIT_ADDED:
		return "nuevo";
	case CH_FACT_REMOVED:
	case CH_SECTION_REMOVED:
	case CH_UNIT_REMOVED:
		return "quitado";
	case CH_SECTION_MOVED:
		return "movido";
	case CH_EDITION:
	case CH_FACT_CHANGED:
	case CH_UNIT_CHANGED:
		return "cambiado";
	}
	return "cambiado";
}

#define X(s) BAD_CAST (s)

static const char css[] =
	"body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45;color:#222}"
	"h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}"
	"h3{font-size:1rem;margin-bottom:.3rem}ul{padding-left:1.2rem}li{margin:.3rem 0}"
	"del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}"
	".k{font-size:.8rem;text-transform:uppercase;color:#555;margin-right:.4rem}";

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, X(name), text != NULL ? X(text) : NULL);
}

static void
html_pieces(xmlNodePtr li, const char *old, const char *new)
{
	GArray *p = word_diff(old, new);

	for (guint k = 0; k < p->len; k++) {
		const struct piece *pc = &g_array_index(p, struct piece, k);

		if (k > 0)
			xmlAddChild(li, xmlNewText(X(" ")));
		if (pc->op == 0)
			xmlAddChild(li, xmlNewText(X(pc->text)));
		else
			el(li, pc->op < 0 ? "del" : "ins", pc->text);
	}
	pieces_free(p);
}

gboolean
diff_write_html(const struct diff *d, const char *path, GError **err)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, X("html"), NULL), head, body, ul = NULL, meta;
	const char *agency = "", *section = "";
	char *title = g_strdup_printf("Cambios: %s \xe2\x86\x92 %s", d->old_version, d->new_version);
	GString *out;
	gboolean ok;

	xmlCreateIntSubset(doc, X("html"), NULL, NULL);
	xmlDocSetRootElement(doc, html);
	xmlNewProp(html, X("lang"), X("es"));
	head = el(html, "head", NULL);
	meta = el(head, "meta", NULL);
	xmlNewProp(meta, X("charset"), X("utf-8"));
	meta = el(head, "meta", NULL);
	xmlNewProp(meta, X("name"), X("viewport"));
	xmlNewProp(meta, X("content"), X("width=device-width, initial-scale=1"));
	el(head, "title", title);
	el(head, "style", css);
	body = el(html, "body", NULL);
	el(body, "h1", title);
	if (d->changes->len == 0)
		el(body, "p", "Sin cambios.");
	for (guint i = 0; i < d->changes->len; i++) {
		const struct change *c = d->changes->pdata[i];
		const char *a = c->agency != NULL ? c->agency : "";
		xmlNodePtr li;

		if (i == 0 || strcmp(a, agency) != 0) {
			const char *name = c->agency != NULL ? g_hash_table_lookup(d->agency_names, c->agency) : NULL;
			char *h = c->agency == NULL ? g_strdup("Edición") :
			    g_strdup_printf("%s (%s)", name != NULL ? name : c->agency, c->agency);

			el(body, "h2", h);
			g_free(h);
			ul = el(body, "ul", NULL);
			agency = a;
			section = "";
		}
		if (c->kind >= CH_UNIT_ADDED && strcmp(section, c->section) != 0) {
			char *h = g_strdup_printf("%s \xc2\xab%s\xc2\xbb", c->section, c->title);

			el(body, "h3", h);
			g_free(h);
			ul = el(body, "ul", NULL);
			section = c->section;
		} else if (c->kind < CH_UNIT_ADDED && *section != '\0') {
			ul = el(body, "ul", NULL);
			section = "";
		}
		li = el(ul, "li", NULL);
		xmlNewProp(el(li, "span", kind_word_es(c->kind)), X("class"), X("k"));
		switch (c->kind) {
		case CH_EDITION:
		case CH_FACT_CHANGED: {
			char *o = value_said(c, c->old, &html_words), *nw = value_said(c, c->new, &html_words);
			char *t = label_said(c, &html_words);

			xmlAddChild(li, xmlNewText(X(t)));
			xmlAddChild(li, xmlNewText(X(": ")));
			g_free(t);
			el(li, "del", o);
			xmlAddChild(li, xmlNewText(X(" \xe2\x86\x92 ")));
			el(li, "ins", nw);
			g_free(o);
			g_free(nw);
			break;
		}
		case CH_FACT_ADDED:
		case CH_FACT_REMOVED: {
			char *t = g_strdup_printf("%s: ", c->label);

			xmlAddChild(li, xmlNewText(X(t)));
			g_free(t);
			el(li, c->kind == CH_FACT_ADDED ? "ins" : "del", c->kind == CH_FACT_ADDED ? c->new : c->old);
			break;
		}
		case CH_SECTION_ADDED:
		case CH_SECTION_REMOVED:
		case CH_SECTION_MOVED: {
			char *t = g_strdup_printf("sección %s \xc2\xab%s\xc2\xbb", c->section, c->title);

			xmlAddChild(li, xmlNewText(X(t)));
			g_free(t);
			if (c->kind == CH_SECTION_MOVED) {
				char *o = value_said(c, c->old, &html_words), *nw = value_said(c, c->new, &html_words);

				t = g_strdup_printf(": %s \xe2\x86\x92 %s", o, nw);
				xmlAddChild(li, xmlNewText(X(t)));
				g_free(t);
				g_free(o);
				g_free(nw);
			}
			break;
		}
		case CH_UNIT_ADDED:
		case CH_UNIT_REMOVED:
		case CH_UNIT_CHANGED: {
			char *l = label_said(c, &html_words), *t = g_strdup_printf("%s: ", l);

			xmlAddChild(li, xmlNewText(X(t)));
			g_free(l);
			g_free(t);
			if (c->kind == CH_UNIT_CHANGED)
				html_pieces(li, c->old, c->new);
			else
				el(li, c->kind == CH_UNIT_ADDED ? "ins" : "del", c->kind == CH_UNIT_ADDED ? c->new : c->old);
			break;
		}
		}
	}
	{
		/* An explicit UTF-8 buffer: libxml2 2.9 does not read <meta charset> and would
		 * otherwise write every accent as an entity. */
		xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);

		doc->encoding = xmlStrdup(X("UTF-8"));	/* text stays UTF-8, not entities */

		htmlDocContentDumpFormatOutput(ob, doc, "UTF-8", 0);
		xmlOutputBufferFlush(ob);
		out = g_string_new_len((const char *)xmlOutputBufferGetContent(ob), (gssize)xmlOutputBufferGetSize(ob));
		xmlOutputBufferClose(ob);
	}
	ok = g_file_set_contents(path, out->str, (gssize)out->len, err);
	g_string_free(out, TRUE);
	xmlFreeDoc(doc);
	g_free(title);
	return ok;
}
