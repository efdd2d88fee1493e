/* compile.c: schema-valid sources -> the guide model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "i18n.h"

struct compiler {
	struct model		*m;
	struct diag_list	*dl;
	struct src_file		*f;		/* the file being compiled */
	const char		*file;		/* its path, in the arena */
	const char		*agency;	/* its agency id */
	enum lang		 lang;		/* its default language */
	GPtrArray		*refs;		/* NODE_REF, NODE_SEE, NODE_CARD to resolve */
	GHashTable		*unsure;
	GHashTable		*unsure_owned;	/* an empty set when the caller gave none */
	gboolean		 snapshot;	/* compiling a snapshot, not sources */
};

/* An attribute's value, copied into the model.  The usual attribute, one text node, is copied
 * straight from it, and a missing one is NULL (the sources have no DTD to give it a default
 * value); anything else is left to xmlGetProp(). */
static const char *
prop(struct compiler *c, xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;
	xmlChar *v;
	const char *s;

	for (a = n->properties; a != NULL && !xmlStrEqual(a->name, BAD_CAST name); a = a->next)
		;
	if (a != NULL && a->children != NULL && a->children->next == NULL &&
	    (a->children->type == XML_TEXT_NODE || a->children->type == XML_CDATA_SECTION_NODE))
		return model_strdup(c->m, (const char *)a->children->content);
	if (a == NULL && n->doc != NULL && n->doc->intSubset == NULL && n->doc->extSubset == NULL)
		return NULL;
	if ((v = xmlGetProp(n, BAD_CAST name)) == NULL)
		return NULL;
	s = model_strdup(c->m, (const char *)v);
	xmlFree(v);
	return s;
}

static const char *
content(struct compiler *c, xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *t;
	const char *s;

	if (v == NULL)
		return model_strdup(c->m, "");
	t = g_strstrip(g_strdup((const char *)v));
	s = model_strdup(c->m, t);
	g_free(t);
	xmlFree(v);
	return s;
}

static struct srcpos
pos_of(struct compiler *c, xmlNodePtr n)
{
	struct srcpos p = { c->file, 0, 0 };

	src_node_pos(c->f, n, &p.line, &p.col);
	return p;
}

static void
read_validity(struct compiler *c, xmlNodePtr n, struct validity *v)
{
	v->from = model_date_parse(prop(c, n, "from"));
	v->to = model_date_parse(prop(c, n, "to"));
	v->seasons = model_seasons_parse(prop(c, n, "season"));
	if (v->from != 0 && v->to != 0 && v->to < v->from) {
		struct srcpos p = pos_of(c, n);
		char *a = model_date_iso(v->to), *b = model_date_iso(v->from);

		diag_msg(c->dl, MSG_DATES_REVERSED, p.file, p.line, p.col, a, b);
		g_free(a);
		g_free(b);
	}
}

static void
register_id(struct compiler *c, const char *id, enum id_kind kind, gpointer ptr, struct srcpos pos)
{
	struct id_entry *e;

	if (id == NULL)
		return;
	if ((e = g_hash_table_lookup(c->m->ids, id)) != NULL) {
		diag_msg(c->dl, MSG_ID_DUPLICATE, pos.file, pos.line, pos.col, id, e->pos.file, e->pos.line);
		return;
	}
	e = model_alloc(c->m, sizeof(*e));
	e->kind = kind;
	e->ptr = ptr;
	e->pos = pos;
	g_hash_table_insert(c->m->ids, (gpointer)id, e);
}

/* ----- inline text ----- */

static struct node *
compile_inlines(struct compiler *c, xmlNodePtr first, struct node *parent)
{
	struct node head = { 0 };

	if (parent == NULL)
		parent = &head;
	for (xmlNodePtr k = first; k != NULL; k = k->next) {
		struct node *n = NULL;
		struct srcpos p = { c->file, 0, 0 };

		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			src_text_pos(c->f, k, 0, &p.line, &p.col);
			n = model_node(c->m, NODE_TEXT, &p);
			n->raw = model_strdup(c->m, (const char *)k->content);
			n->u.str = model_strdup_collapsed(c->m, (const char *)k->content);
		} else if (src_is_elem(k, "em") || src_is_elem(k, "strong")) {
			p = pos_of(c, k);
			n = model_node(c->m, src_is_elem(k, "em") ? NODE_EM : NODE_STRONG, &p);
			compile_inlines(c, k->children, n);
		} else if (src_is_elem(k, "ref") || src_is_elem(k, "see")) {
			p = pos_of(c, k);
			n = model_node(c->m, src_is_elem(k, "ref") ? NODE_REF : NODE_SEE, &p);
			n->u.ref.to = prop(c, k, "to");
			g_ptr_array_add(c->refs, n);
		}
		if (n != NULL) {
			n->agency = c->agency;
			model_append(parent, n);
		}
	}
	/* The inline list hangs off the textual; it has no block parent. */
	if (parent == &head)
		for (struct node *n = head.first; n != NULL; n = n->next)
			n->parent = NULL;
	return head.first;
}

/* The text node at the start (or end) of an inline list, looking into <em> and <strong>. */
static struct node *
edge_text(struct node *n, gboolean last)
{
	if (last)
		while (n != NULL && n->next != NULL)
			n = n->next;
	if (n == NULL)
		return NULL;
	if (n->type == NODE_EM || n->type == NODE_STRONG)
		return edge_text(n->first, last);
	return n->type == NODE_TEXT ? n : NULL;
}

/* No space at the start or the end of a text: "  Hola " is "Hola". */
static struct node *
trim_inlines(struct node *first)
{
	struct node *t;

	if ((t = edge_text(first, FALSE)) != NULL && t->u.str[0] == ' ')
		t->u.str++;
	if ((t = edge_text(first, TRUE)) != NULL) {
		gsize n = strlen(t->u.str);

		if (n > 0 && t->u.str[n - 1] == ' ')
			((char *)t->u.str)[n - 1] = '\0';
	}
	return first;
}

static enum lang
lang_of(const char *s)
{
	return s != NULL && strcmp(s, "en") == 0 ? LANG_EN : LANG_ES;
}

static void
compile_textual(struct compiler *c, xmlNodePtr n, struct textual *t)
{
	gboolean wrapped = FALSE;

	if (n == NULL)
		return;
	for (xmlNodePtr k = n->children; k != NULL; k = k->next)
		if (src_is_elem(k, "text")) {
			xmlChar *l = xmlNodeGetLang(k);
			enum lang lang = lang_of((const char *)l);

			xmlFree(l);
			wrapped = TRUE;
			/* positions in file order: src_offset_pos() counts on from the last one */
			t->pos[lang] = pos_of(c, k);
			t->inl[lang] = trim_inlines(compile_inlines(c, k->children, NULL));
			if (lang == LANG_EN)
				t->es_hash = prop(c, k, "es-hash");
		}
	t->wrapped = wrapped;
	if (!wrapped) {
		t->pos[c->lang] = pos_of(c, n);
		t->inl[c->lang] = trim_inlines(compile_inlines(c, n->children, NULL));
	}
}

/* ----- blocks ----- */

static struct node *
block_node(struct compiler *c, xmlNodePtr x, enum node_type type, struct node *parent)
{
	struct srcpos p = pos_of(c, x);
	struct node *n = model_node(c->m, type, &p);

	n->agency = c->agency;
	read_validity(c, x, &n->valid);
	if (parent != NULL)
		model_append(parent, n);
	return n;
}

static void compile_blocks(struct compiler *, xmlNodePtr first, struct node *parent);

static void
compile_items(struct compiler *c, xmlNodePtr x, const char *item, struct node *parent)
{
	for (xmlNodePtr k = x->children; k != NULL; k = k->next)
		if (src_is_elem(k, item))
			compile_textual(c, k, &block_node(c, k, NODE_ITEM, parent)->text);
}

static int
count_cells(xmlNodePtr x)
{
	int n = 0;

	for (xmlNodePtr k = x->children; k != NULL; k = k->next)
		n += src_is_elem(k, "cell");
	return n;
}

static void
compile_cells(struct compiler *c, xmlNodePtr x, struct node *row)
{
	for (xmlNodePtr k = x->children; k != NULL; k = k->next)
		if (src_is_elem(k, "cell"))
			compile_textual(c, k, &block_node(c, k, NODE_CELL, row)->text);
}

static void
compile_block(struct compiler *c, xmlNodePtr x, struct node *parent)
{
	struct node *n;

	if (src_is_elem(x, "p")) {
		n = block_node(c, x, NODE_PARA, parent);
		compile_textual(c, x, &n->text);
	} else if (src_is_elem(x, "list")) {
		compile_items(c, x, "item", block_node(c, x, NODE_LIST, parent));
	} else if (src_is_elem(x, "steps")) {
		compile_items(c, x, "step", block_node(c, x, NODE_STEPS, parent));
	} else if (src_is_elem(x, "table")) {
		int cols = 0;

		n = block_node(c, x, NODE_TABLE, parent);
		compile_textual(c, src_child(x, "caption"), &n->title);
		for (xmlNodePtr k = x->children; k != NULL; k = k->next)
			if (src_is_elem(k, "header")) {
				compile_cells(c, k, block_node(c, k, NODE_HEADER, n));
				cols = count_cells(k);
			} else if (src_is_elem(k, "row")) {
				struct node *row = block_node(c, k, NODE_ROW, n);
				int cells = count_cells(k);

				compile_cells(c, k, row);
				/* A cell past the header's columns has no heading to be read under. */
				if (cols > 0 && cells > cols)
					diag_msg(c->dl, MSG_TABLE_ROW_CELLS, row->pos.file, row->pos.line, row->pos.col,
					    cells, cols);
			}
	} else if (src_is_elem(x, "notice")) {
		const char *type = prop(c, x, "type");

		n = block_node(c, x, NODE_NOTICE, parent);
		n->u.notice = type == NULL ? NOTICE_IMPORTANT : strcmp(type, "warning") == 0 ?
		    NOTICE_WARNING : strcmp(type, "tip") == 0 ? NOTICE_TIP : NOTICE_IMPORTANT;
		compile_textual(c, src_child(x, "title"), &n->title);
		compile_blocks(c, x->children, n);
	} else if (src_is_elem(x, "image")) {
		const char *w = prop(c, x, "width");

		n = block_node(c, x, NODE_IMAGE, parent);
		n->u.image.src = prop(c, x, "src");
		n->u.image.width = w != NULL ? atoi(w) : 0;
		compile_textual(c, src_child(x, "alt"), &n->text);
		compile_textual(c, src_child(x, "caption"), &n->title);
	} else if (src_is_elem(x, "card")) {
		n = block_node(c, x, NODE_CARD, parent);
		n->u.ref.to = prop(c, x, "ref");
		g_ptr_array_add(c->refs, n);
	} else if (src_is_elem(x, "form")) {
		n = block_node(c, x, NODE_FORM, parent);
		n->id = prop(c, x, "id");
		register_id(c, n->id, ID_FORM, n, n->pos);
		compile_textual(c, src_child(x, "title"), &n->title);
		for (xmlNodePtr k = x->children; k != NULL; k = k->next)
			if (src_is_elem(k, "p"))
				compile_textual(c, k, &block_node(c, k, NODE_PARA, n)->text);
			else if (src_is_elem(k, "field")) {
				const char *lines = prop(c, k, "lines");
				struct node *f = block_node(c, k, NODE_FIELD, n);

				f->u.lines = lines != NULL ? atoi(lines) : 1;
				compile_textual(c, k, &f->text);
			}
	} else if (src_is_elem(x, "section")) {
		n = block_node(c, x, NODE_SECTION, parent);
		n->id = prop(c, x, "id");
		register_id(c, n->id, ID_SECTION, n, n->pos);
		compile_textual(c, src_child(x, "title"), &n->title);
		compile_blocks(c, x->children, n);
	}
}

static void
compile_blocks(struct compiler *c, xmlNodePtr first, struct node *parent)
{
	for (xmlNodePtr k = first; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && !src_is_elem(k, "title"))
			compile_block(c, k, parent);
}

/* ----- facts and contacts ----- */

static enum fact_kind
kind_of(const char *s)
{
	static const char *const kinds[] = { "amount", "number", "percent", "date", "phone", "url", "email" };

	for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (s != NULL && strcmp(s, kinds[i]) == 0)
			return (enum fact_kind)i;
	return FACT_NUMBER;
}

static enum country
country_of(const char *s)
{
	return s == NULL ? COUNTRY_NONE : strcmp(s, "MX") == 0 ? COUNTRY_MX : COUNTRY_US;
}

static struct fact *
new_fact(struct compiler *c, xmlNodePtr x, struct agency *a)
{
	struct fact *f = model_alloc(c->m, sizeof(*f));

	f->id = prop(c, x, "id");
	f->agency = c->agency;
	f->pos = pos_of(c, x);
	f->country = country_of(prop(c, x, "country"));
	f->role = prop(c, x, "role");
	f->values = model_array(c->m);
	g_ptr_array_add(a->facts, f);
	register_id(c, f->id, ID_FACT, f, f->pos);
	return f;
}

static struct fact_value *
new_value(struct compiler *c, xmlNodePtr x, struct fact *f)
{
	struct fact_value *v = model_alloc(c->m, sizeof(*v));

	v->text = content(c, x);
	v->currency = prop(c, x, "currency");
	v->pos = pos_of(c, x);
	read_validity(c, x, &v->valid);
	v->source_id = prop(c, x, "source");
	if (v->source_id != NULL) {
		const struct agency *a = model_agency(c->m, c->agency);

		for (guint i = 0; a != NULL && i < a->sources->len && v->source == NULL; i++)
			if (strcmp(((const struct source *)a->sources->pdata[i])->id, v->source_id) == 0)
				v->source = a->sources->pdata[i];
		if (v->source == NULL && !g_hash_table_contains(c->unsure, v->source_id))
			diag_msg(c->dl, MSG_SOURCE_UNKNOWN, v->pos.file, v->pos.line, v->pos.col, v->source_id,
			    c->agency != NULL ? c->agency : "");
	}
	g_ptr_array_add(f->values, v);
	return v;
}

static void
compile_sources(struct compiler *c, xmlNodePtr sources, struct agency *a)
{
	for (xmlNodePtr x = sources->children; x != NULL; x = x->next) {
		struct source *s;

		if (!src_is_elem(x, "source"))
			continue;
		s = model_alloc(c->m, sizeof(*s));
		s->id = prop(c, x, "id");
		s->agency = c->agency;
		s->title = content(c, x);
		s->href = prop(c, x, "href");
		s->verified = model_date_parse(prop(c, x, "verified"));
		s->by = prop(c, x, "by");
		s->unconfirmed = prop(c, x, "status") != NULL;
		s->pos = pos_of(c, x);
		g_ptr_array_add(a->sources, s);
		register_id(c, s->id, ID_SOURCE, s, s->pos);
	}
}

static void
compile_facts(struct compiler *c, xmlNodePtr facts, struct agency *a)
{
	for (xmlNodePtr x = facts->children; x != NULL; x = x->next) {
		struct fact *f;

		if (!src_is_elem(x, "fact"))
			continue;
		f = new_fact(c, x, a);
		f->kind = kind_of(prop(c, x, "kind"));
		f->label = prop(c, x, "label");
		for (xmlNodePtr v = x->children; v != NULL; v = v->next)
			if (src_is_elem(v, "value"))
				new_value(c, v, f);
	}
}

static void
compile_contacts(struct compiler *c, xmlNodePtr contacts, struct agency *a)
{
	for (xmlNodePtr x = contacts->children; x != NULL; x = x->next) {
		struct contact *ct;

		if (!src_is_elem(x, "contact"))
			continue;
		ct = model_alloc(c->m, sizeof(*ct));
		ct->id = prop(c, x, "id");
		ct->agency = c->agency;
		ct->pos = pos_of(c, x);
		ct->entries = model_array(c->m);
		g_ptr_array_add(a->contacts, ct);
		register_id(c, ct->id, ID_CONTACT, ct, ct->pos);
		compile_textual(c, src_child(x, "name"), &ct->name);
		compile_textual(c, src_child(x, "note"), &ct->note);
		for (xmlNodePtr e = x->children; e != NULL; e = e->next) {
			struct fact *f;

			if (!src_is_elem(e, "phone") && !src_is_elem(e, "web") && !src_is_elem(e, "email"))
				continue;
			f = new_fact(c, e, a);
			f->kind = src_is_elem(e, "phone") ? FACT_PHONE : src_is_elem(e, "web") ? FACT_URL : FACT_EMAIL;
			f->contact = ct;
			f->label = prop(c, e, "label");
			f->label_en = prop(c, e, "label-en");
			new_value(c, e, f);
			g_ptr_array_add(ct->entries, f);
		}
	}
}

static void
compile_agency(struct compiler *c, struct src_file *sf, xmlNodePtr root)
{
	struct agency *a = model_alloc(c->m, sizeof(*a));
	xmlChar *lang = xmlNodeGetLang(root);
	char *base;

	c->f = sf;
	c->file = model_strdup(c->m, sf->path);
	c->lang = lang_of((const char *)lang);
	xmlFree(lang);
	a->id = prop(c, root, "id");
	a->file = c->file;
	a->pos = pos_of(c, root);
	a->sources = model_array(c->m);
	a->facts = model_array(c->m);
	a->contacts = model_array(c->m);
	a->sections = model_array(c->m);
	c->agency = a->id;
	base = g_path_get_basename(sf->path);
	if (g_str_has_suffix(base, ".xml"))
		base[strlen(base) - 4] = '\0';
	if (a->id != NULL && strcmp(base, a->id) != 0 && !c->snapshot)
		diag_msg(c->dl, MSG_AGENCY_FILENAME, a->pos.file, a->pos.line, a->pos.col, a->id, base);
	g_free(base);
	if (a->id == NULL || model_agency(c->m, a->id) != NULL) {
		if (a->id != NULL)
			diag_msg(c->dl, MSG_ID_DUPLICATE, a->pos.file, a->pos.line, a->pos.col, a->id,
			    model_agency(c->m, a->id)->file, model_agency(c->m, a->id)->pos.line);
		return;
	}
	g_ptr_array_add(c->m->agencies, a);
	compile_textual(c, src_child(root, "name"), &a->name);
	if (src_child(root, "short") != NULL) {
		a->short_name = content(c, src_child(root, "short"));
		a->short_en = prop(c, src_child(root, "short"), "en");
	}
	for (xmlNodePtr x = root->children; x != NULL; x = x->next) {
		if (src_is_elem(x, "sources"))
			compile_sources(c, x, a);
		else if (src_is_elem(x, "facts"))
			compile_facts(c, x, a);
		else if (src_is_elem(x, "contacts"))
			compile_contacts(c, x, a);
		else if (src_is_elem(x, "section")) {
			struct node *s = block_node(c, x, NODE_SECTION, NULL);

			s->id = prop(c, x, "id");
			register_id(c, s->id, ID_SECTION, s, s->pos);
			compile_textual(c, src_child(x, "title"), &s->title);
			compile_blocks(c, x->children, s);
			g_ptr_array_add(a->sections, s);
		}
	}
}

/* ----- references ----- */


const char *
compile_suggest(GHashTable *ids, const char *id)
{
	GHashTableIter it;
	gpointer key;
	const char *best = NULL;
	guint bestd = G_MAXUINT, limit = MAX(2, (guint)strlen(id) / 4);

	g_hash_table_iter_init(&it, ids);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		guint d = model_edit_distance(id, key);

		/* Ties go to the alphabetically first, so the message is the same on every run. */
		if (d < bestd || (d == bestd && best != NULL && strcmp(key, best) < 0)) {
			bestd = d;
			best = key;
		}
	}
	return bestd <= limit ? best : NULL;
}

static const char *
id_kind_name(enum id_kind k)
{
	static const char *const names[] = { N_("fact"), N_("contact"), N_("section"), N_("form"), N_("chapter"),
		N_("agency"), N_("source") };

	return _(names[k]);
}

static void
unknown_ref(struct compiler *c, const struct srcpos *p, const char *to)
{
	const char *s;
	char *hint;

	if (g_hash_table_contains(c->unsure, to))
		return;
	s = compile_suggest(c->m->ids, to);
	hint = s != NULL ? g_strdup_printf(_("; did you mean \"%s\"?"), s) :
	    g_strdup(_("; define it with that id, or correct the reference"));
	diag_msg(c->dl, MSG_REF_UNKNOWN, p->file, p->line, p->col, to, hint);
	g_free(hint);
}

/* Agency ids share the namespace of every other id (sign-offs and references name them). */
static void
agency_ids_unique(struct compiler *c)
{
	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];
		const struct id_entry *e = a->id != NULL ? g_hash_table_lookup(c->m->ids, a->id) : NULL;

		if (e != NULL)
			diag_msg(c->dl, MSG_ID_IS_AGENCY, e->pos.file, e->pos.line, e->pos.col,
			    id_kind_name(e->kind), a->id, a->file, a->pos.line);
	}
}

static void
resolve_refs(struct compiler *c)
{
	for (guint i = 0; i < c->refs->len; i++) {
		struct node *n = c->refs->pdata[i];
		const struct id_entry *e;
		const struct srcpos *p = &n->pos;

		if (n->u.ref.to == NULL)
			continue;
		if ((e = model_lookup(c->m, n->u.ref.to)) == NULL) {
			unknown_ref(c, p, n->u.ref.to);
			continue;
		}
		switch (n->type) {
		case NODE_REF:
			if (e->kind == ID_FACT)
				n->u.ref.fact = e->ptr;
			else if (e->kind == ID_SECTION)
				diag_msg(c->dl, MSG_REF_TO_SECTION, p->file, p->line, p->col, n->u.ref.to, n->u.ref.to);
			else
				diag_msg(c->dl, MSG_REF_NOT_VALUE, p->file, p->line, p->col, n->u.ref.to, id_kind_name(e->kind));
			break;
		case NODE_SEE:
			if (e->kind == ID_SECTION)
				n->u.ref.section = e->ptr;
			else
				diag_msg(c->dl, MSG_SEE_NOT_SECTION, p->file, p->line, p->col, n->u.ref.to,
				    id_kind_name(e->kind), n->u.ref.to);
			break;
		case NODE_CARD:
			if (e->kind == ID_CONTACT)
				n->u.ref.contact = e->ptr;
			else
				diag_msg(c->dl, MSG_CARD_NOT_CONTACT, p->file, p->line, p->col, n->u.ref.to, id_kind_name(e->kind));
			break;
		case NODE_CHAPTER: case NODE_SECTION: case NODE_PARA: case NODE_LIST: case NODE_STEPS:
		case NODE_ITEM: case NODE_TABLE: case NODE_HEADER: case NODE_ROW: case NODE_CELL:
		case NODE_NOTICE: case NODE_IMAGE: case NODE_FORM: case NODE_FIELD:
		case NODE_TEXT: case NODE_EM: case NODE_STRONG: case NODE__MAX:
			break;	/* nothing to resolve */
		}
	}
}

/* ----- the edition ----- */

static enum season
season_of(const char *s)
{
	guint bits = model_seasons_parse(s);

	return bits != 0 ? (enum season)bits : SEASON_INVIERNO;
}

static void
compile_edition(struct compiler *c, struct src_file *sf, xmlNodePtr root)
{
	xmlNodePtr op;
	struct edition *e = model_alloc(c->m, sizeof(*e));
	const char *status, *rev, *year;
	GHashTable *included = g_hash_table_new(g_str_hash, g_str_equal);
	char *base;

	c->f = sf;
	c->file = model_strdup(c->m, sf->path);
	c->agency = NULL;
	c->lang = LANG_ES;
	e->id = prop(c, root, "id");
	e->file = c->file;
	e->pos = pos_of(c, root);
	year = prop(c, root, "year");
	e->year = year != NULL ? (guint)atoi(year) : 0;
	e->season = season_of(prop(c, root, "season"));
	rev = prop(c, root, "revision");
	e->revision = rev != NULL ? (guint)atoi(rev) : 1;
	status = prop(c, root, "status");
	e->status = status != NULL && strcmp(status, "final") == 0 ? STATUS_FINAL : STATUS_DRAFT;
	e->previous = prop(c, root, "previous");
	e->date = model_date_parse(prop(c, root, "date"));
	e->langs = 1u << LANG_ES;
	if (prop(c, root, "languages") != NULL) {
		char **words = g_strsplit(prop(c, root, "languages"), " ", -1);

		for (char **w = words; *w != NULL; w++) {
			enum lang l;

			if (model_lang_parse(*w, &l))
				e->langs |= 1u << l;
		}
		g_strfreev(words);
	}
	e->chapters = model_array(c->m);
	e->signoffs = model_array(c->m);
	compile_textual(c, src_child(root, "title"), &e->title);
	base = g_path_get_basename(sf->path);
	if (g_str_has_suffix(base, ".xml"))
		base[strlen(base) - 4] = '\0';
	if (e->id != NULL && strcmp(base, e->id) != 0 && !c->snapshot)
		diag_msg(c->dl, MSG_EDITION_FILENAME, e->pos.file, e->pos.line, e->pos.col, e->id, base);
	g_free(base);
	if ((op = src_child(root, "operation")) != NULL) {
		e->op_start = model_date_parse(prop(c, op, "start"));
		e->op_end = model_date_parse(prop(c, op, "end"));
		if (e->op_end < e->op_start) {
			struct srcpos p = pos_of(c, op);
			char *a = model_date_iso(e->op_end), *b = model_date_iso(e->op_start);

			diag_msg(c->dl, MSG_DATES_REVERSED, p.file, p.line, p.col, a, b);
			g_free(a);
			g_free(b);
			e->op_end = e->op_start;
		}
	}
	c->m->edition = e;

	for (xmlNodePtr ch = src_child(root, "contents") != NULL ? src_child(root, "contents")->children : NULL;
	    ch != NULL; ch = ch->next) {
		struct node *chap;

		if (!src_is_elem(ch, "chapter"))
			continue;
		chap = block_node(c, ch, NODE_CHAPTER, NULL);
		chap->id = prop(c, ch, "id");
		register_id(c, chap->id, ID_CHAPTER, chap, chap->pos);
		compile_textual(c, src_child(ch, "title"), &chap->title);
		g_ptr_array_add(e->chapters, chap);
		for (xmlNodePtr inc = ch->children; inc != NULL; inc = inc->next) {
			const char *sid;
			const struct id_entry *ie;
			struct srcpos p;
			struct node *s;

			if (!src_is_elem(inc, "include"))
				continue;
			sid = prop(c, inc, "section");
			p = pos_of(c, inc);
			if ((ie = model_lookup(c->m, sid)) == NULL) {
				unknown_ref(c, &p, sid);
				continue;
			}
			if (ie->kind != ID_SECTION) {
				diag_msg(c->dl, MSG_SEE_NOT_SECTION, p.file, p.line, p.col, sid, id_kind_name(ie->kind), sid);
				continue;
			}
			s = ie->ptr;
			if (s->parent != NULL && s->parent->type != NODE_CHAPTER) {
				diag_msg(c->dl, MSG_INCLUDE_NOT_TOP, p.file, p.line, p.col, sid);
				continue;
			}
			if (g_hash_table_contains(included, sid)) {
				diag_msg(c->dl, MSG_INCLUDE_TWICE, p.file, p.line, p.col, sid,
				    GPOINTER_TO_INT(g_hash_table_lookup(included, sid)));
				continue;
			}
			g_hash_table_insert(included, (gpointer)sid, GINT_TO_POINTER(p.line));
			model_append(chap, s);
		}
	}
	g_hash_table_destroy(included);

	for (xmlNodePtr so = src_child(root, "signoffs") != NULL ? src_child(root, "signoffs")->children : NULL;
	    so != NULL; so = so->next) {
		struct signoff *s;
		const char *r;

		if (!src_is_elem(so, "signoff"))
			continue;
		s = model_alloc(c->m, sizeof(*s));
		s->agency = prop(c, so, "agency");
		s->editor = prop(c, so, "editor");
		s->date = model_date_parse(prop(c, so, "date"));
		r = prop(c, so, "revision");
		s->revision = r != NULL ? (guint)atoi(r) : 0;
		s->sha256 = prop(c, so, "sha256");
		s->pos = pos_of(c, so);
		if (model_agency(c->m, s->agency) == NULL && !g_hash_table_contains(c->unsure, s->agency)) {
			GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
			const char *sug;
			char *hint;

			for (guint i = 0; i < c->m->agencies->len; i++)
				g_hash_table_add(names, (gpointer)((struct agency *)c->m->agencies->pdata[i])->id);
			sug = compile_suggest(names, s->agency);
			hint = sug != NULL ? g_strdup_printf(_("; did you mean \"%s\"?"), sug) : g_strdup("");
			diag_msg(c->dl, MSG_SIGNOFF_UNKNOWN, s->pos.file, s->pos.line, s->pos.col, s->agency, hint);
			g_free(hint);
			g_hash_table_destroy(names);
		}
		g_ptr_array_add(e->signoffs, s);
	}
}

/* Mark what the edition leaves out (other seasons, other dates) and count what it uses. */
static void
resolve_node(struct edition *e, struct node *n, gboolean omitted)
{
	n->omit = omitted ||
	    (n->valid.seasons != 0 && (n->valid.seasons & e->season) == 0) ||
	    !model_valid_overlaps(&n->valid, e->op_start, e->op_end);
	for (struct node *k = n->first; k != NULL; k = k->next)
		resolve_node(e, k, n->omit);
}

static void
count_uses(struct node *n)
{
	if (n == NULL)
		return;
	for (; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		if (n->type == NODE_REF && n->u.ref.fact != NULL)
			n->u.ref.fact->uses++;
		if (n->type == NODE_CARD && n->u.ref.contact != NULL)
			n->u.ref.contact->uses++;
		for (int l = 0; l < LANG__MAX; l++) {
			count_uses(n->text.inl[l]);
			count_uses(n->title.inl[l]);
		}
		count_uses(n->first);
	}
}

/* The value of a fact for the edition: among the values of the edition's season that hold for
 * the whole operation, the one that took effect last. */
static void
pick_values(struct model *m)
{
	const struct edition *e = m->edition;

	for (guint i = 0; i < m->agencies->len; i++) {
		struct agency *a = m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++) {
			struct fact *f = a->facts->pdata[j];

			f->value = NULL;
			for (guint k = 0; k < f->values->len; k++) {
				const struct fact_value *v = f->values->pdata[k];

				if (v->valid.seasons != 0 && (v->valid.seasons & e->season) == 0)
					continue;
				if (!model_valid_covers(&v->valid, e->op_start, e->op_end))
					continue;
				if (f->value == NULL || v->valid.from > f->value->valid.from)
					f->value = v;
			}
		}
	}
}

static void
resolve_edition(struct model *m)
{
	struct edition *e = m->edition;

	for (guint i = 0; i < e->chapters->len; i++) {
		struct node *ch = e->chapters->pdata[i];

		resolve_node(e, ch, FALSE);
		for (struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit) {
				struct agency *a = model_agency(m, s->agency);

				if (a != NULL)
					a->in_edition = TRUE;
			}
		count_uses(ch);
	}
	/* Contacts of the agencies in the edition are printed in its directory. */
	for (guint i = 0; i < m->agencies->len; i++) {
		struct agency *a = m->agencies->pdata[i];

		if (!a->in_edition)
			continue;
		for (guint j = 0; j < a->contacts->len; j++) {
			struct contact *ct = a->contacts->pdata[j];

			ct->uses++;
			for (guint k = 0; k < ct->entries->len; k++)
				((struct fact *)ct->entries->pdata[k])->uses++;
		}
	}
	pick_values(m);
}

/* The model of an edition holds only the languages it is published in: a Spanish-only edition
 * prints, checks and snapshots exactly as if the sources had no translations. */
static void
drop_textual(struct textual *t, enum lang l)
{
	t->inl[l] = NULL;
	if (l == LANG_EN)
		t->es_hash = NULL;
}

static void
drop_nodes(struct node *n, enum lang l)
{
	for (; n != NULL; n = n->next) {
		drop_textual(&n->text, l);
		drop_textual(&n->title, l);
		drop_nodes(n->first, l);
	}
}

static void
drop_lang(struct model *m, enum lang l)
{
	struct edition *e = m->edition;

	drop_textual(&e->title, l);
	for (guint i = 0; i < e->chapters->len; i++)
		drop_textual(&((struct node *)e->chapters->pdata[i])->title, l);
	for (guint i = 0; i < m->agencies->len; i++) {
		struct agency *a = m->agencies->pdata[i];

		drop_textual(&a->name, l);
		for (guint j = 0; j < a->contacts->len; j++) {
			struct contact *ct = a->contacts->pdata[j];

			drop_textual(&ct->name, l);
			drop_textual(&ct->note, l);
			for (guint k = 0; k < ct->entries->len; k++)
				if (l == LANG_EN)
					((struct fact *)ct->entries->pdata[k])->label_en = NULL;
		}
		for (guint j = 0; j < a->sections->len; j++) {
			struct node *sec = a->sections->pdata[j];

			drop_textual(&sec->title, l);
			drop_textual(&sec->text, l);
			drop_nodes(sec->first, l);
		}
	}
}

static int
agency_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp((*(struct src_file *const *)a)->path, (*(struct src_file *const *)b)->path);
}

struct compiler *
compile_begin(GHashTable *unsure_ids, struct diag_list *dl)
{
	struct compiler *c = g_new0(struct compiler, 1);

	c->m = model_new();
	c->dl = dl;
	c->refs = g_ptr_array_new();
	c->unsure = unsure_ids;
	if (c->unsure == NULL)
		c->unsure = c->unsure_owned = g_hash_table_new(g_str_hash, g_str_equal);
	return c;
}

void
compile_add_agency(struct compiler *c, struct src_file *f)
{
	compile_agency(c, f, xmlDocGetRootElement(f->doc));
}

struct model *
compile_end(struct compiler *c, struct src_file *edition)
{
	struct model *m = c->m;

	if (edition != NULL)
		compile_edition(c, edition, xmlDocGetRootElement(edition->doc));
	agency_ids_unique(c);
	resolve_refs(c);
	if (m->edition != NULL) {
		resolve_edition(m);
		for (int l = 0; l < LANG__MAX; l++)
			if ((m->edition->langs & (1u << l)) == 0)
				drop_lang(m, (enum lang)l);
	}
	g_ptr_array_free(c->refs, TRUE);
	if (c->unsure_owned != NULL)
		g_hash_table_destroy(c->unsure_owned);
	g_free(c);
	return m;
}

struct model *
compile_model(const struct compile_input *in, struct diag_list *dl)
{
	struct compiler *c = compile_begin(in->unsure_ids, dl);
	GPtrArray *files = g_ptr_array_copy(in->agencies, NULL, NULL);

	g_ptr_array_sort(files, agency_cmp);
	for (guint i = 0; i < files->len; i++)
		compile_add_agency(c, files->pdata[i]);
	g_ptr_array_free(files, TRUE);
	if (in->edition != NULL)
		compile_edition(c, in->edition, xmlDocGetRootElement(in->edition->doc));
	if (in->snapshot != NULL) {
		xmlNodePtr root = xmlDocGetRootElement(in->snapshot->doc), ed = NULL;

		c->snapshot = TRUE;
		for (xmlNodePtr k = root->children; k != NULL; k = k->next)
			if (src_is_elem(k, "agency"))
				compile_agency(c, in->snapshot, k);
			else if (src_is_elem(k, "edition"))
				ed = k;
			else if (src_is_elem(k, "images")) {
				/* the SHA-256 of each image's bytes when it was published */
				if (c->m->images == NULL)
					c->m->images = g_hash_table_new(g_str_hash, g_str_equal);
				for (xmlNodePtr im = k->children; im != NULL; im = im->next)
					if (src_is_elem(im, "file") && prop(c, im, "src") != NULL && prop(c, im, "sha256") != NULL)
						g_hash_table_insert(c->m->images, (gpointer)prop(c, im, "src"),
						    (gpointer)prop(c, im, "sha256"));
			}
		if (ed != NULL)
			compile_edition(c, in->snapshot, ed);
	}
	return compile_end(c, NULL);
}
