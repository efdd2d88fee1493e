/* snapshot.c: writing the canonical snapshot of an edition with libxml2's tree. */
#include <string.h>

#include <libxml/tree.h>

#include "snapshot.h"

#define X(s) BAD_CAST (s)

static void write_inlines(xmlNodePtr, const struct node *);

static void
write_inline(xmlNodePtr parent, const struct node *n)
{
	xmlNodePtr e;

	switch (n->type) {
	case NODE_TEXT:
		if (n->u.str[0] != '\0')
			xmlAddChild(parent, xmlNewText(X(n->u.str)));
		break;
	case NODE_EM:
	case NODE_STRONG:
		e = xmlNewChild(parent, NULL, X(n->type == NODE_EM ? "em" : "strong"), NULL);
		write_inlines(e, n->first);
		break;
	case NODE_REF:
	case NODE_SEE:
		e = xmlNewChild(parent, NULL, X(n->type == NODE_REF ? "ref" : "see"), NULL);
		xmlNewProp(e, X("to"), X(n->u.ref.to));
		break;
	default:
		break;
	}
}

static void
write_inlines(xmlNodePtr parent, const struct node *n)
{
	for (; n != NULL; n = n->next)
		write_inline(parent, n);
}

/* Spanish only: the text directly in the element; otherwise one <text> per language. */
static void
write_textual(xmlNodePtr e, const struct textual *t)
{
	static const char *const langs[LANG__MAX] = { "es", "en" };
	gboolean others = FALSE;

	for (int l = 1; l < LANG__MAX; l++)
		others |= t->inl[l] != NULL;
	if (!others) {
		write_inlines(e, t->inl[LANG_ES]);
		return;
	}
	for (int l = 0; l < LANG__MAX; l++) {
		xmlNodePtr te;

		if (t->inl[l] == NULL)
			continue;
		te = xmlNewChild(e, NULL, X("text"), NULL);
		xmlNodeSetLang(te, X(langs[l]));
		if (l == LANG_EN && t->es_hash != NULL)
			xmlNewProp(te, X("es-hash"), X(t->es_hash));
		write_inlines(te, t->inl[l]);
	}
}

static xmlNodePtr
text_child(xmlNodePtr parent, const char *name, const struct textual *t)
{
	xmlNodePtr e = xmlNewChild(parent, NULL, X(name), NULL);

	write_textual(e, t);
	return e;
}

static gboolean
has_text(const struct textual *t)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (t->inl[l] != NULL)
			return TRUE;
	return FALSE;
}

static void write_blocks(xmlNodePtr, const struct node *);

static const char *const notice_names[] = { "warning", "important", "tip" };

static void
write_block(xmlNodePtr parent, const struct node *n)
{
	xmlNodePtr e;
	char num[16];

	switch (n->type) {
	case NODE_PARA:
		text_child(parent, "p", &n->text);
		break;
	case NODE_LIST:
	case NODE_STEPS:
		e = xmlNewChild(parent, NULL, X(n->type == NODE_LIST ? "list" : "steps"), NULL);
		for (const struct node *k = n->first; k != NULL; k = k->next)
			if (!k->omit)
				text_child(e, n->type == NODE_LIST ? "item" : "step", &k->text);
		break;
	case NODE_TABLE:
		e = xmlNewChild(parent, NULL, X("table"), NULL);
		if (has_text(&n->title))
			text_child(e, "caption", &n->title);
		for (const struct node *r = n->first; r != NULL; r = r->next) {
			xmlNodePtr re;

			if (r->omit)
				continue;
			re = xmlNewChild(e, NULL, X(r->type == NODE_HEADER ? "header" : "row"), NULL);
			for (const struct node *cell = r->first; cell != NULL; cell = cell->next)
				text_child(re, "cell", &cell->text);
		}
		break;
	case NODE_NOTICE:
		e = xmlNewChild(parent, NULL, X("notice"), NULL);
		xmlNewProp(e, X("type"), X(notice_names[n->u.notice]));
		if (has_text(&n->title))
			text_child(e, "title", &n->title);
		write_blocks(e, n->first);
		break;
	case NODE_IMAGE:
		e = xmlNewChild(parent, NULL, X("image"), NULL);
		xmlNewProp(e, X("src"), X(n->u.image.src));
		if (n->u.image.width > 0) {
			g_snprintf(num, sizeof(num), "%d%%", n->u.image.width);
			xmlNewProp(e, X("width"), X(num));
		}
		text_child(e, "alt", &n->text);
		if (has_text(&n->title))
			text_child(e, "caption", &n->title);
		break;
	case NODE_CARD:
		e = xmlNewChild(parent, NULL, X("card"), NULL);
		xmlNewProp(e, X("ref"), X(n->u.ref.to));
		break;
	case NODE_FORM:
		e = xmlNewChild(parent, NULL, X("form"), NULL);
		xmlNewProp(e, X("id"), X(n->id));
		text_child(e, "title", &n->title);
		for (const struct node *k = n->first; k != NULL; k = k->next) {
			if (k->omit)
				continue;
			if (k->type == NODE_PARA)
				text_child(e, "p", &k->text);
			else if (k->type == NODE_FIELD) {
				xmlNodePtr f = text_child(e, "field", &k->text);

				g_snprintf(num, sizeof(num), "%d", k->u.lines);
				xmlNewProp(f, X("lines"), X(num));
			}
		}
		break;
	case NODE_SECTION:
		e = xmlNewChild(parent, NULL, X("section"), NULL);
		xmlNewProp(e, X("id"), X(n->id));
		text_child(e, "title", &n->title);
		write_blocks(e, n->first);
		break;
	default:
		break;
	}
}

/* Blocks first, then subsections, as the schema orders them. */
static void
write_blocks(xmlNodePtr parent, const struct node *n)
{
	for (const struct node *k = n; k != NULL; k = k->next)
		if (!k->omit && k->type != NODE_SECTION)
			write_block(parent, k);
	for (const struct node *k = n; k != NULL; k = k->next)
		if (!k->omit && k->type == NODE_SECTION)
			write_block(parent, k);
}

static void
set_date(xmlNodePtr e, const char *name, model_date d)
{
	char *s;

	if (d == 0)
		return;
	s = model_date_iso(d);
	xmlNewProp(e, X(name), X(s));
	g_free(s);
}

static void
set_uint(xmlNodePtr e, const char *name, guint v)
{
	char num[16];

	g_snprintf(num, sizeof(num), "%u", v);
	xmlNewProp(e, X(name), X(num));
}

static void
set_validity(xmlNodePtr e, const struct validity *v)
{
	set_date(e, "from", v->from);
	set_date(e, "to", v->to);
	if (v->seasons != 0) {
		GString *s = g_string_new(NULL);

		for (guint i = 0; i < 3; i++)
			if (v->seasons & (1u << i))
				g_string_append_printf(s, "%s%s", s->len > 0 ? " " : "", model_season_name(1u << i));
		xmlNewProp(e, X("season"), X(s->str));
		g_string_free(s, TRUE);
	}
}

static void
write_edition(xmlNodePtr root, const struct edition *ed)
{
	xmlNodePtr e = xmlNewChild(root, NULL, X("edition"), NULL), op, contents, so;

	xmlNewProp(e, X("id"), X(ed->id));
	xmlNodeSetLang(e, X("es"));
	set_uint(e, "year", ed->year);
	xmlNewProp(e, X("season"), X(model_season_name(ed->season)));
	set_uint(e, "revision", ed->revision);
	xmlNewProp(e, X("status"), X(ed->status == STATUS_FINAL ? "final" : "draft"));
	if (ed->previous != NULL)
		xmlNewProp(e, X("previous"), X(ed->previous));
	set_date(e, "date", ed->date);
	if (ed->langs != 1u << LANG_ES) {
		GString *l = g_string_new(NULL);

		for (int i = 0; i < LANG__MAX; i++)
			if (ed->langs & (1u << i))
				g_string_append_printf(l, "%s%s", l->len > 0 ? " " : "", model_lang_code((enum lang)i));
		xmlNewProp(e, X("languages"), X(l->str));
		g_string_free(l, TRUE);
	}
	text_child(e, "title", &ed->title);
	op = xmlNewChild(e, NULL, X("operation"), NULL);
	set_date(op, "start", ed->op_start);
	set_date(op, "end", ed->op_end);
	contents = xmlNewChild(e, NULL, X("contents"), NULL);
	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];
		xmlNodePtr ce = xmlNewChild(contents, NULL, X("chapter"), NULL);

		xmlNewProp(ce, X("id"), X(ch->id));
		text_child(ce, "title", &ch->title);
		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit)
				xmlNewProp(xmlNewChild(ce, NULL, X("include"), NULL), X("section"), X(s->id));
	}
	so = xmlNewChild(e, NULL, X("signoffs"), NULL);
	for (guint i = 0; i < ed->signoffs->len; i++) {
		const struct signoff *s = ed->signoffs->pdata[i];
		xmlNodePtr se = xmlNewChild(so, NULL, X("signoff"), NULL);

		xmlNewProp(se, X("agency"), X(s->agency));
		xmlNewProp(se, X("editor"), X(s->editor));
		set_date(se, "date", s->date);
		set_uint(se, "revision", s->revision);
	}
}

static int
id_cmp(const char *x, const char *y)
{
	return strcmp(x != NULL ? x : "", y != NULL ? y : "");
}

static int
fact_cmp(gconstpointer a, gconstpointer b)
{
	return id_cmp((*(const struct fact *const *)a)->id, (*(const struct fact *const *)b)->id);
}

static int
contact_cmp(gconstpointer a, gconstpointer b)
{
	return id_cmp((*(const struct contact *const *)a)->id, (*(const struct contact *const *)b)->id);
}

static const char *
country_name(enum country c)
{
	return c == COUNTRY_MX ? "MX" : c == COUNTRY_US ? "US" : NULL;
}

static void
write_entry(xmlNodePtr ce, const struct fact *f)
{
	const struct fact_value *v = f->value != NULL ? f->value :
	    (f->values->len > 0 ? f->values->pdata[0] : NULL);
	xmlNodePtr e;

	if (v == NULL)
		return;
	e = xmlNewChild(ce, NULL, X(f->kind == FACT_PHONE ? "phone" : f->kind == FACT_URL ? "web" : "email"), X(v->text));
	if (f->id != NULL)
		xmlNewProp(e, X("id"), X(f->id));
	if (f->kind == FACT_PHONE)
		xmlNewProp(e, X("country"), X(country_name(f->country)));
	if (f->role != NULL)
		xmlNewProp(e, X("role"), X(f->role));
	if (f->label != NULL)
		xmlNewProp(e, X("label"), X(f->label));
	if (f->label_en != NULL)
		xmlNewProp(e, X("label-en"), X(f->label_en));
	set_validity(e, &v->valid);
}

/* Does the edition print anything of this agency? */
static gboolean
agency_printed(const struct agency *a)
{
	if (a->in_edition)
		return TRUE;
	for (guint i = 0; i < a->facts->len; i++)
		if (((const struct fact *)a->facts->pdata[i])->uses > 0)
			return TRUE;
	for (guint i = 0; i < a->contacts->len; i++)
		if (((const struct contact *)a->contacts->pdata[i])->uses > 0)
			return TRUE;
	return FALSE;
}

static void
write_agency(xmlNodePtr root, const struct model *m, const struct agency *a)
{
	xmlNodePtr e = xmlNewChild(root, NULL, X("agency"), NULL), facts = NULL, contacts = NULL;
	GPtrArray *sorted;

	xmlNewProp(e, X("id"), X(a->id));
	text_child(e, "name", &a->name);
	if (a->short_name != NULL)
		xmlNewChild(e, NULL, X("short"), X(a->short_name));

	sorted = g_ptr_array_copy(a->facts, NULL, NULL);
	g_ptr_array_sort(sorted, fact_cmp);
	for (guint i = 0; i < sorted->len; i++) {
		const struct fact *f = sorted->pdata[i];
		xmlNodePtr fe, ve;

		if (f->contact != NULL || f->uses == 0 || f->value == NULL)
			continue;
		if (facts == NULL)
			facts = xmlNewChild(e, NULL, X("facts"), NULL);
		fe = xmlNewChild(facts, NULL, X("fact"), NULL);
		xmlNewProp(fe, X("id"), X(f->id));
		xmlNewProp(fe, X("kind"), X(model_kind_name(f->kind)));
		xmlNewProp(fe, X("label"), X(f->label));
		if (f->kind == FACT_PHONE)
			xmlNewProp(fe, X("country"), X(country_name(f->country)));
		if (f->role != NULL)
			xmlNewProp(fe, X("role"), X(f->role));
		ve = xmlNewChild(fe, NULL, X("value"), X(f->value->text));
		if (f->value->currency != NULL)
			xmlNewProp(ve, X("currency"), X(f->value->currency));
		set_validity(ve, &f->value->valid);
	}
	g_ptr_array_free(sorted, TRUE);

	sorted = g_ptr_array_copy(a->contacts, NULL, NULL);
	g_ptr_array_sort(sorted, contact_cmp);
	for (guint i = 0; i < sorted->len; i++) {
		const struct contact *ct = sorted->pdata[i];
		xmlNodePtr ce;

		if (!a->in_edition && ct->uses == 0)
			continue;
		if (contacts == NULL)
			contacts = xmlNewChild(e, NULL, X("contacts"), NULL);
		ce = xmlNewChild(contacts, NULL, X("contact"), NULL);
		xmlNewProp(ce, X("id"), X(ct->id));
		text_child(ce, "name", &ct->name);
		for (guint j = 0; j < ct->entries->len; j++)
			write_entry(ce, ct->entries->pdata[j]);
		if (has_text(&ct->note))
			text_child(ce, "note", &ct->note);
	}
	g_ptr_array_free(sorted, TRUE);

	/* The sections it prints, in the edition's order. */
	for (guint i = 0; i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && s->agency != NULL && strcmp(s->agency, a->id) == 0)
				write_block(e, s);
	}
}

char *
snapshot_write(const struct model *m, gsize *len)
{
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	xmlNodePtr root = xmlNewDocNode(doc, NULL, X("paisano-model"), NULL);
	xmlChar *mem = NULL;
	int size = 0;
	char *r;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, X("format"), X("1"));
	if (m->edition != NULL) {
		write_edition(root, m->edition);
		for (guint i = 0; i < m->agencies->len; i++) {
			const struct agency *a = m->agencies->pdata[i];

			if (agency_printed(a))
				write_agency(root, m, a);
		}
	}
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	r = g_strndup((const char *)mem, (gsize)size);
	*len = (gsize)size;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return r;
}

void
snapshot_stamp(struct model *m)
{
	gsize len;
	char *bytes, *hash, *version;

	if (m->edition == NULL)
		return;
	bytes = snapshot_write(m, &len);
	hash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
	version = g_strdup_printf("%s r%u %.8s", m->edition->id, m->edition->revision, hash);
	m->edition->hash = model_strdup(m, hash);
	m->edition->version = model_strdup(m, version);
	g_free(version);
	g_free(hash);
	g_free(bytes);
}

gboolean
snapshot_save(const struct model *m, const char *path, GError **err)
{
	gsize len;
	char *bytes = snapshot_write(m, &len);
	gboolean ok = g_file_set_contents(path, bytes, (gssize)len, err);

	g_free(bytes);
	return ok;
}
