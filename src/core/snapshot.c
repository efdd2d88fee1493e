/* snapshot.c: writing the canonical snapshot of an edition.
 *
 * The bytes are written directly, exactly as libxml2's xmlDocDumpFormatMemoryEnc(doc, ..., "UTF-8",
 * 1) writes the equivalent tree (which is how snapshots were first made, and how the published
 * ones are): "  " per level of indentation, each element on its own line unless its parent has
 * text among its children (mixed content is written as it is, and so is everything inside it),
 * <empty/> elements, attributes in the order given, &lt; &gt; &amp; and &#13; escaped in text
 * and also &quot; &#9; &#10; in attribute values, UTF-8 written as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "snapshot.h"
#include "i18n.h"

struct out {
	GString		*s;
	int		 depth;		/* of the element whose children are being written */
	gboolean	 fmt;		/* its children are indented, one per line */
	gboolean	 open;		/* its start tag still lacks its ">" */
};

/* libxml2 indents at most 30 levels. */
static void
indent(struct out *o, int depth)
{
	static const char spaces[] = "                                                            ";

	g_string_append_len(o->s, spaces, 2 * MIN(depth, 30));
}

/* The runs between characters to escape are appended whole (strcspn), not byte by byte. */
static void
escaped(struct out *o, const char *v, gboolean attr)
{
	const char *stop = attr ? "<>&\r\"\n\t" : "<>&\r";

	for (const char *p = v;;) {
		gsize n = strcspn(p, stop);
		const char *esc = NULL;

		g_string_append_len(o->s, p, (gssize)n);
		p += n;
		switch (*p) {
		case '\0': return;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '&': esc = "&amp;"; break;
		case '\r': esc = "&#13;"; break;
		case '"': esc = "&quot;"; break;
		case '\n': esc = "&#10;"; break;
		case '\t': esc = "&#9;"; break;
		default: break;
		}
		g_string_append(o->s, esc);
		p++;
	}
}

/* The parent's start tag gets its ">" when its first child comes. */
static void
close_open(struct out *o)
{
	if (!o->open)
		return;
	g_string_append_c(o->s, '>');
	if (o->fmt)
		g_string_append_c(o->s, '\n');
	o->open = FALSE;
}

/* Start an element; `mixed` when text is among its children.  Returns what elem_end() needs. */
static gboolean
elem_start(struct out *o, const char *name, gboolean mixed)
{
	gboolean parent_fmt = o->fmt;

	close_open(o);
	if (o->fmt)
		indent(o, o->depth);
	g_string_append_c(o->s, '<');
	g_string_append(o->s, name);
	o->open = TRUE;
	o->depth++;
	o->fmt = o->fmt && !mixed;
	return parent_fmt;
}

static void
elem_end(struct out *o, const char *name, gboolean parent_fmt)
{
	o->depth--;
	if (o->open) {
		g_string_append(o->s, "/>");
		o->open = FALSE;
	} else {
		if (o->fmt)
			indent(o, o->depth);
		g_string_append(o->s, "</");
		g_string_append(o->s, name);
		g_string_append_c(o->s, '>');
	}
	o->fmt = parent_fmt;
	if (o->fmt)
		g_string_append_c(o->s, '\n');
}

/* An attribute of the element just started (NULL is written as ""). */
static void
attr(struct out *o, const char *name, const char *value)
{
	g_string_append_c(o->s, ' ');
	g_string_append(o->s, name);
	g_string_append(o->s, "=\"");
	escaped(o, value != NULL ? value : "", TRUE);
	g_string_append_c(o->s, '"');
}

static void
text(struct out *o, const char *t)
{
	close_open(o);
	escaped(o, t, FALSE);
}

/* An element whose content is a value: <name attrs>value</name>, or <name attrs/> for "".
 * The value is text, escaped like any text: "?a=1&b=2" is written ?a=1&amp;b=2 and read back
 * as it was.  (Values used to be given to xmlNewChild(), which reads references in content:
 * everything from the '&' on was lost, and a rebuild from the snapshot printed an empty web
 * address.) */
struct content {
	const char	*value;
};

static gboolean
content_start(struct out *o, const char *name, const char *value, struct content *c)
{
	c->value = value != NULL && *value != '\0' ? value : NULL;
	return elem_start(o, name, c->value != NULL);
}

static void
content_end(struct out *o, const char *name, struct content *c, gboolean parent_fmt)
{
	if (c->value != NULL)
		text(o, c->value);
	elem_end(o, name, parent_fmt);
}

/* ----- the model ----- */

static void write_inlines(struct out *, const struct node *);

/* Does an inline list have text of its own (not only elements)? */
static gboolean
has_own_text(const struct node *n)
{
	for (; n != NULL; n = n->next)
		if (n->type == NODE_TEXT && n->u.str[0] != '\0')
			return TRUE;
	return FALSE;
}

static void
write_inline(struct out *o, const struct node *n)
{
	const char *name;
	gboolean f;

	switch (n->type) {
	case NODE_TEXT:
		if (n->u.str[0] != '\0')
			text(o, n->u.str);
		break;
	case NODE_EM:
	case NODE_STRONG:
		name = n->type == NODE_EM ? "em" : "strong";
		f = elem_start(o, name, has_own_text(n->first));
		write_inlines(o, n->first);
		elem_end(o, name, f);
		break;
	case NODE_REF:
	case NODE_SEE:
		name = n->type == NODE_REF ? "ref" : "see";
		f = elem_start(o, name, FALSE);
		attr(o, "to", n->u.ref.to);
		elem_end(o, name, f);
		break;
	CASE_NODE_BLOCKS:
		break;
	}
}

static void
write_inlines(struct out *o, const struct node *n)
{
	for (; n != NULL; n = n->next)
		write_inline(o, n);
}

/* A textual's element: Spanish only, the text directly in it; otherwise one <text> per
 * language.  The attributes of the element itself come from `attrs`, written before its text. */
typedef void	(*attrs_fn)(struct out *, gconstpointer);

static void
text_child_attrs(struct out *o, const char *name, const struct textual *t, attrs_fn attrs, gconstpointer data)
{
	static const char *const langs[LANG__MAX] = { "es", "en" };
	gboolean others = FALSE, f;

	for (int l = 1; l < LANG__MAX; l++)
		others |= t->inl[l] != NULL;
	f = elem_start(o, name, !others && has_own_text(t->inl[LANG_ES]));
	if (attrs != NULL)
		attrs(o, data);
	if (!others)
		write_inlines(o, t->inl[LANG_ES]);
	else
		for (int l = 0; l < LANG__MAX; l++) {
			gboolean tf;

			if (t->inl[l] == NULL)
				continue;
			tf = elem_start(o, "text", has_own_text(t->inl[l]));
			attr(o, "xml:lang", langs[l]);
			if (l == LANG_EN && t->es_hash != NULL)
				attr(o, "es-hash", t->es_hash);
			write_inlines(o, t->inl[l]);
			elem_end(o, "text", tf);
		}
	elem_end(o, name, f);
}

static void
text_child(struct out *o, const char *name, const struct textual *t)
{
	text_child_attrs(o, name, t, NULL, NULL);
}

static gboolean
has_text(const struct textual *t)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (t->inl[l] != NULL)
			return TRUE;
	return FALSE;
}

static void write_blocks(struct out *, const struct node *);

static const char *const notice_names[] = { "warning", "important", "tip" };

static void
field_attrs(struct out *o, gconstpointer data)
{
	char num[16];

	g_snprintf(num, sizeof(num), "%d", ((const struct node *)data)->u.lines);
	attr(o, "lines", num);
}

static void
write_block(struct out *o, const struct node *n)
{
	const char *name;
	char num[16];
	gboolean f;

	switch (n->type) {
	case NODE_PARA:
		text_child(o, "p", &n->text);
		break;
	case NODE_LIST:
	case NODE_STEPS:
		name = n->type == NODE_LIST ? "list" : "steps";
		f = elem_start(o, name, FALSE);
		for (const struct node *k = n->first; k != NULL; k = k->next)
			if (!k->omit)
				text_child(o, n->type == NODE_LIST ? "item" : "step", &k->text);
		elem_end(o, name, f);
		break;
	case NODE_TABLE:
		f = elem_start(o, "table", FALSE);
		if (has_text(&n->title))
			text_child(o, "caption", &n->title);
		for (const struct node *r = n->first; r != NULL; r = r->next) {
			gboolean rf;

			if (r->omit)
				continue;
			name = r->type == NODE_HEADER ? "header" : "row";
			rf = elem_start(o, name, FALSE);
			for (const struct node *cell = r->first; cell != NULL; cell = cell->next)
				text_child(o, "cell", &cell->text);
			elem_end(o, name, rf);
		}
		elem_end(o, "table", f);
		break;
	case NODE_NOTICE:
		f = elem_start(o, "notice", FALSE);
		attr(o, "type", notice_names[n->u.notice]);
		if (has_text(&n->title))
			text_child(o, "title", &n->title);
		write_blocks(o, n->first);
		elem_end(o, "notice", f);
		break;
	case NODE_IMAGE:
		f = elem_start(o, "image", FALSE);
		attr(o, "src", n->u.image.src);
		if (n->u.image.width > 0) {
			g_snprintf(num, sizeof(num), "%d%%", n->u.image.width);
			attr(o, "width", num);
		}
		text_child(o, "alt", &n->text);
		if (has_text(&n->title))
			text_child(o, "caption", &n->title);
		elem_end(o, "image", f);
		break;
	case NODE_CARD:
		f = elem_start(o, "card", FALSE);
		attr(o, "ref", n->u.ref.to);
		elem_end(o, "card", f);
		break;
	case NODE_FORM:
		f = elem_start(o, "form", FALSE);
		attr(o, "id", n->id);
		text_child(o, "title", &n->title);
		for (const struct node *k = n->first; k != NULL; k = k->next) {
			if (k->omit)
				continue;
			if (k->type == NODE_PARA)
				text_child(o, "p", &k->text);
			else if (k->type == NODE_FIELD)
				text_child_attrs(o, "field", &k->text, field_attrs, k);
		}
		elem_end(o, "form", f);
		break;
	case NODE_SECTION:
		f = elem_start(o, "section", FALSE);
		attr(o, "id", n->id);
		text_child(o, "title", &n->title);
		write_blocks(o, n->first);
		elem_end(o, "section", f);
		break;
	case NODE_CHAPTER:	/* not in a section */
	case NODE_ITEM:		/* written by their list, table or form */
	case NODE_HEADER:
	case NODE_ROW:
	case NODE_CELL:
	case NODE_FIELD:
	CASE_NODE_INLINES:
		break;
	}
}

/* Blocks first, then subsections, as the schema orders them. */
static void
write_blocks(struct out *o, const struct node *n)
{
	for (const struct node *k = n; k != NULL; k = k->next)
		if (!k->omit && k->type != NODE_SECTION)
			write_block(o, k);
	for (const struct node *k = n; k != NULL; k = k->next)
		if (!k->omit && k->type == NODE_SECTION)
			write_block(o, k);
}

static void
set_date(struct out *o, const char *name, model_date d)
{
	char *s;

	if (d == 0)
		return;
	s = model_date_iso(d);
	attr(o, name, s);
	g_free(s);
}

static void
set_uint(struct out *o, const char *name, guint v)
{
	char num[16];

	g_snprintf(num, sizeof(num), "%u", v);
	attr(o, name, num);
}

static void
set_validity(struct out *o, const struct validity *v)
{
	set_date(o, "from", v->from);
	set_date(o, "to", v->to);
	if (v->seasons != 0) {
		GString *s = g_string_new(NULL);

		for (guint i = 0; i < 3; i++)
			if (v->seasons & (1u << i))
				g_string_append_printf(s, "%s%s", s->len > 0 ? " " : "", model_season_name(1u << i));
		attr(o, "season", s->str);
		g_string_free(s, TRUE);
	}
}

static void
write_edition(struct out *o, const struct edition *ed, gboolean signoffs)
{
	gboolean f = elem_start(o, "edition", FALSE), cf, chf, sf;

	attr(o, "id", ed->id);
	attr(o, "xml:lang", "es");
	set_uint(o, "year", ed->year);
	attr(o, "season", model_season_name(ed->season));
	set_uint(o, "revision", ed->revision);
	attr(o, "status", ed->status == STATUS_FINAL ? "final" : "draft");
	if (ed->previous != NULL)
		attr(o, "previous", ed->previous);
	set_date(o, "date", ed->date);
	if (ed->langs != 1u << LANG_ES) {
		GString *l = g_string_new(NULL);

		for (int i = 0; i < LANG__MAX; i++)
			if (ed->langs & (1u << i))
				g_string_append_printf(l, "%s%s", l->len > 0 ? " " : "", model_lang_code((enum lang)i));
		attr(o, "languages", l->str);
		g_string_free(l, TRUE);
	}
	text_child(o, "title", &ed->title);
	cf = elem_start(o, "operation", FALSE);
	set_date(o, "start", ed->op_start);
	set_date(o, "end", ed->op_end);
	elem_end(o, "operation", cf);
	cf = elem_start(o, "contents", FALSE);
	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];

		chf = elem_start(o, "chapter", FALSE);
		attr(o, "id", ch->id);
		text_child(o, "title", &ch->title);
		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit) {
				gboolean inf = elem_start(o, "include", FALSE);

				attr(o, "section", s->id);
				elem_end(o, "include", inf);
			}
		elem_end(o, "chapter", chf);
	}
	elem_end(o, "contents", cf);
	/* Who signed off and when; the content hashes they cover stay in the manifest. */
	sf = elem_start(o, "signoffs", FALSE);
	for (guint i = 0; signoffs && i < ed->signoffs->len; i++) {
		const struct signoff *s = ed->signoffs->pdata[i];
		gboolean so = elem_start(o, "signoff", FALSE);

		attr(o, "agency", s->agency);
		attr(o, "editor", s->editor);
		set_date(o, "date", s->date);
		set_uint(o, "revision", s->revision);
		elem_end(o, "signoff", so);
	}
	elem_end(o, "signoffs", sf);
	elem_end(o, "edition", f);
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
write_entry(struct out *o, const struct fact *f)
{
	const struct fact_value *v = f->value != NULL ? f->value :
	    (f->values->len > 0 ? f->values->pdata[0] : NULL);
	const char *name = f->kind == FACT_PHONE ? "phone" : f->kind == FACT_URL ? "web" : "email";
	struct content c;
	gboolean ef;

	if (v == NULL)
		return;
	ef = content_start(o, name, v->text, &c);
	if (f->id != NULL)
		attr(o, "id", f->id);
	if (f->kind == FACT_PHONE)
		attr(o, "country", country_name(f->country));
	if (f->role != NULL)
		attr(o, "role", f->role);
	if (f->label != NULL)
		attr(o, "label", f->label);
	if (f->label_en != NULL)
		attr(o, "label-en", f->label_en);
	set_validity(o, &v->valid);
	if (v->source != NULL)
		attr(o, "source", v->source->id);
	content_end(o, name, &c, ef);
}

/* Is the contact in the snapshot: printed in the directory (its agency is in the edition), as a
 * card, or through a reference to one of its entries? */
static gboolean
contact_printed(const struct agency *a, const struct contact *ct)
{
	if (a->in_edition || ct->uses > 0)
		return TRUE;
	for (guint i = 0; i < ct->entries->len; i++)
		if (((const struct fact *)ct->entries->pdata[i])->uses > 0)
			return TRUE;
	return FALSE;
}

static int
source_cmp(gconstpointer a, gconstpointer b)
{
	return id_cmp((*(const struct source *const *)a)->id, (*(const struct source *const *)b)->id);
}

static void
add_source(GPtrArray *used, const struct fact_value *v)
{
	if (v != NULL && v->source != NULL && !g_ptr_array_find(used, v->source, NULL))
		g_ptr_array_add(used, (gpointer)v->source);
}

/* The sources of the values the snapshot holds, by id: where each printed value comes from. */
static void
write_sources(struct out *o, const struct agency *a)
{
	GPtrArray *used = g_ptr_array_new();
	gboolean sf;

	for (guint i = 0; i < a->facts->len; i++) {
		const struct fact *f = a->facts->pdata[i];

		if (f->contact == NULL && f->uses > 0)
			add_source(used, f->value);
	}
	for (guint i = 0; i < a->contacts->len; i++) {
		const struct contact *ct = a->contacts->pdata[i];

		if (!contact_printed(a, ct))
			continue;
		for (guint j = 0; j < ct->entries->len; j++) {
			const struct fact *f = ct->entries->pdata[j];

			add_source(used, f->value != NULL ? f->value : f->values->len > 0 ? f->values->pdata[0] : NULL);
		}
	}
	if (used->len > 0) {
		g_ptr_array_sort(used, source_cmp);
		sf = elem_start(o, "sources", FALSE);
		for (guint i = 0; i < used->len; i++) {
			const struct source *src = used->pdata[i];
			struct content c;
			gboolean f = content_start(o, "source", src->title, &c);

			attr(o, "id", src->id);
			if (src->href != NULL)
				attr(o, "href", src->href);
			set_date(o, "verified", src->verified);
			attr(o, "by", src->by);
			if (src->unconfirmed)
				attr(o, "status", "unconfirmed");
			content_end(o, "source", &c, f);
		}
		elem_end(o, "sources", sf);
	}
	g_ptr_array_free(used, TRUE);
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
write_agency(struct out *o, const struct model *m, const struct agency *a)
{
	gboolean f = elem_start(o, "agency", FALSE), facts = FALSE, contacts = FALSE, facts_f = FALSE, contacts_f = FALSE;
	GPtrArray *sorted;

	attr(o, "id", a->id);
	text_child(o, "name", &a->name);
	if (a->short_name != NULL) {
		struct content c;
		gboolean sf = content_start(o, "short", a->short_name, &c);

		if (a->short_en != NULL)
			attr(o, "en", a->short_en);
		content_end(o, "short", &c, sf);
	}
	write_sources(o, a);

	sorted = g_ptr_array_copy(a->facts, NULL, NULL);
	g_ptr_array_sort(sorted, fact_cmp);
	for (guint i = 0; i < sorted->len; i++) {
		const struct fact *ft = sorted->pdata[i];
		struct content c;
		gboolean ff, vf;

		if (ft->contact != NULL || ft->uses == 0 || ft->value == NULL)
			continue;
		if (!facts) {
			facts_f = elem_start(o, "facts", FALSE);
			facts = TRUE;
		}
		ff = elem_start(o, "fact", FALSE);
		attr(o, "id", ft->id);
		attr(o, "kind", model_kind_name(ft->kind));
		attr(o, "label", ft->label);
		if (ft->kind == FACT_PHONE)
			attr(o, "country", country_name(ft->country));
		if (ft->role != NULL)
			attr(o, "role", ft->role);
		vf = content_start(o, "value", ft->value->text, &c);
		if (ft->value->currency != NULL)
			attr(o, "currency", ft->value->currency);
		set_validity(o, &ft->value->valid);
		if (ft->value->source != NULL)
			attr(o, "source", ft->value->source->id);
		content_end(o, "value", &c, vf);
		elem_end(o, "fact", ff);
	}
	if (facts)
		elem_end(o, "facts", facts_f);
	g_ptr_array_free(sorted, TRUE);

	sorted = g_ptr_array_copy(a->contacts, NULL, NULL);
	g_ptr_array_sort(sorted, contact_cmp);
	for (guint i = 0; i < sorted->len; i++) {
		const struct contact *ct = sorted->pdata[i];
		gboolean cf;

		if (!contact_printed(a, ct))
			continue;
		if (!contacts) {
			contacts_f = elem_start(o, "contacts", FALSE);
			contacts = TRUE;
		}
		cf = elem_start(o, "contact", FALSE);
		attr(o, "id", ct->id);
		text_child(o, "name", &ct->name);
		for (guint j = 0; j < ct->entries->len; j++)
			write_entry(o, ct->entries->pdata[j]);
		if (has_text(&ct->note))
			text_child(o, "note", &ct->note);
		elem_end(o, "contact", cf);
	}
	if (contacts)
		elem_end(o, "contacts", contacts_f);
	g_ptr_array_free(sorted, TRUE);

	/* The sections it prints, in the edition's order. */
	for (guint i = 0; i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && s->agency != NULL && strcmp(s->agency, a->id) == 0)
				write_block(o, s);
	}
	elem_end(o, "agency", f);
}

/* Calls fn on every image the edition prints from agency `agency` (NULL: every agency). */
typedef void	(*image_fn)(const struct node *, gpointer);

static void
each_image_in(const struct node *n, image_fn fn, gpointer data)
{
	for (; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		if (n->type == NODE_IMAGE && n->u.image.src != NULL)
			fn(n, data);
		each_image_in(n->first, fn, data);
	}
}

static void
each_image(const struct model *m, const char *agency, image_fn fn, gpointer data)
{
	if (m->edition == NULL)
		return;
	for (guint i = 0; i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next)
			if (!s->omit && (agency == NULL || (s->agency != NULL && strcmp(s->agency, agency) == 0)))
				each_image_in(s->first, fn, data);
	}
}

static void
add_src(const struct node *n, gpointer data)
{
	g_hash_table_add(data, (gpointer)n->u.image.src);
}

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The images' sources, sorted (g_free the array, not the strings). */
static const char **
image_srcs(const struct model *m, const char *agency, guint *n)
{
	GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
	const char **v;

	each_image(m, agency, add_src, set);
	v = (const char **)g_hash_table_get_keys_as_array(set, n);
	qsort(v, *n, sizeof(*v), str_ptr_cmp);
	g_hash_table_destroy(set);
	return v;
}

/* <images>: the SHA-256 of each image's bytes, so that the content hash covers them. */
static void
write_images(struct out *o, const struct model *m, const char *agency)
{
	guint n;
	const char **srcs;
	gboolean f = FALSE, any = FALSE;

	if (m->images == NULL)
		return;
	srcs = image_srcs(m, agency, &n);
	for (guint i = 0; i < n; i++) {
		const char *h = g_hash_table_lookup(m->images, srcs[i]);
		gboolean ff;

		if (h == NULL)
			continue;
		if (!any) {
			f = elem_start(o, "images", FALSE);
			any = TRUE;
		}
		ff = elem_start(o, "file", FALSE);
		attr(o, "src", srcs[i]);
		attr(o, "sha256", h);
		elem_end(o, "file", ff);
	}
	if (any)
		elem_end(o, "images", f);
	g_free(srcs);
}

/* The snapshot's bytes; with `spans` (2 a model's agency), each printed agency's <agency>
 * element's [from, to) in them, else 0, 0. */
static char *
write_model(const struct model *m, gsize *len, gboolean signoffs, gsize *spans)
{
	struct out o = { g_string_sized_new(256 * 1024), 0, TRUE, FALSE };
	gboolean f;

	g_string_append(o.s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	f = elem_start(&o, "paisano-model", FALSE);
	attr(&o, "format", "1");
	if (m->edition != NULL) {
		write_edition(&o, m->edition, signoffs);
		for (guint i = 0; i < m->agencies->len; i++) {
			const struct agency *a = m->agencies->pdata[i];
			gsize from = o.s->len;

			if (agency_printed(a))
				write_agency(&o, m, a);
			if (spans != NULL) {
				spans[2 * i] = from;
				spans[2 * i + 1] = o.s->len > from ? o.s->len : 0;
			}
		}
		write_images(&o, m, NULL);
	}
	elem_end(&o, "paisano-model", f);
	*len = o.s->len;
	return g_string_free(o.s, FALSE);
}

char *
snapshot_write(const struct model *m, gsize *len)
{
	if (m->snapshot != NULL) {
		*len = m->snapshot_len;
		return g_memdup2(m->snapshot, m->snapshot_len);
	}
	return write_model(m, len, TRUE, NULL);
}

char *
snapshot_take(struct model *m, gsize *len)
{
	char *bytes = m->snapshot;

	if (bytes == NULL)
		return snapshot_write(m, len);
	*len = m->snapshot_len;
	m->snapshot = NULL;
	for (guint i = 0; i < m->agencies->len; i++)
		((struct agency *)m->agencies->pdata[i])->snap_to = 0;
	return bytes;
}

char *
snapshot_write_unsigned(const struct model *m, gsize *len)
{
	return write_model(m, len, FALSE, NULL);
}

/* The agency's element is the same bytes in the whole snapshot (a child of <paisano-model>) as
 * in its part (a child of <agency-part>): the one snapshot_stamp() kept is copied when there. */
char *
snapshot_write_agency(const struct model *m, const char *agency, gsize *len)
{
	struct out o = { g_string_sized_new(16 * 1024), 0, TRUE, FALSE };
	const struct agency *a = model_agency(m, agency);
	gboolean f;

	if (a == NULL || m->edition == NULL) {
		g_string_free(o.s, TRUE);
		return NULL;
	}
	f = elem_start(&o, "agency-part", FALSE);
	attr(&o, "edition", m->edition->id);
	if (m->snapshot != NULL && a->snap_to > a->snap_from && a->snap_to <= m->snapshot_len) {
		close_open(&o);
		g_string_append_len(o.s, m->snapshot + a->snap_from, (gssize)(a->snap_to - a->snap_from));
	} else
		write_agency(&o, m, a);
	write_images(&o, m, agency);
	elem_end(&o, "agency-part", f);
	*len = o.s->len;
	return g_string_free(o.s, FALSE);
}

/* Read an image of the edition as a regular file inside root/images/ (NULL if it is not one). */
static GBytes *
image_bytes(const char *root, const char *src)
{
	char *path, *data;
	gsize len;

	if (!g_str_has_prefix(src, "images/") || strchr(src + 7, '/') != NULL || src[7] == '\0' || src[7] == '.')
		return NULL;
	path = g_build_filename(root, src, NULL);
	if (g_file_test(path, G_FILE_TEST_IS_SYMLINK) || !g_file_test(path, G_FILE_TEST_IS_REGULAR) ||
	    !g_file_get_contents(path, &data, &len, NULL)) {
		g_free(path);
		return NULL;
	}
	g_free(path);
	return g_bytes_new_take(data, len);
}

struct hash_images {
	struct model	*m;
	const char	*root;
};

static void
hash_image(const struct node *n, gpointer data)
{
	struct hash_images *hi = data;
	GBytes *b;
	char *h;

	if (g_hash_table_contains(hi->m->images, n->u.image.src) || (b = image_bytes(hi->root, n->u.image.src)) == NULL)
		return;
	h = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, b);
	g_hash_table_insert(hi->m->images, (gpointer)n->u.image.src, (gpointer)model_strdup(hi->m, h));
	g_free(h);
	g_bytes_unref(b);
}

void
snapshot_hash_images(struct model *m, const char *root)
{
	struct hash_images hi = { m, root };

	if (m->images == NULL)
		m->images = g_hash_table_new(g_str_hash, g_str_equal);
	each_image(m, NULL, hash_image, &hi);
}

gboolean
snapshot_verify_images(const struct model *m, const char *root, GError **err)
{
	guint n;
	const char **srcs = image_srcs(m, NULL, &n);
	gboolean ok = TRUE;

	for (guint i = 0; ok && i < n; i++) {
		const char *want = m->images != NULL ? g_hash_table_lookup(m->images, srcs[i]) : NULL;
		GBytes *b = image_bytes(root, srcs[i]);
		char *got = b != NULL ? g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, b) : NULL;

		if (want == NULL)
			;	/* a snapshot made before images were hashed: nothing to compare with */
		else if (got == NULL) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    _("%s/%s: the snapshot prints this image, but it is not a regular file there"), root, srcs[i]);
			ok = FALSE;
		} else if (strcmp(got, want) != 0) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			    _("%s/%s: the image's SHA-256 is %s, but the snapshot records %s: it was replaced after "
			    "the snapshot was made; put the original back"), root, srcs[i], got, want);
			ok = FALSE;
		}
		g_free(got);
		if (b != NULL)
			g_bytes_unref(b);
	}
	g_free(srcs);
	return ok;
}

/* The most snapshot_stamp() keeps with the model.  An edition's snapshot is about 0.5 MB; a
 * build holds it from the compile to its snapshot task, through the layouts, when the build's
 * memory peaks: a larger one (the 13-copy stress edition's, 6 MB) is written again instead. */
#define SNAPSHOT_KEEP_MAX	(2 * 1024 * 1024)

void
snapshot_stamp(struct model *m)
{
	gsize len, *spans;
	char *bytes, *hash, *version;

	if (m->edition == NULL)
		return;
	g_clear_pointer(&m->snapshot, g_free);
	spans = g_new0(gsize, 2 * (gsize)m->agencies->len + 1);
	bytes = write_model(m, &len, TRUE, spans);
	hash = output_sha256_data(bytes, len);
	version = g_strdup_printf("%s r%u %.8s", m->edition->id, m->edition->revision, hash);
	m->edition->hash = model_strdup(m, hash);
	m->edition->version = model_strdup(m, version);
	if (len <= SNAPSHOT_KEEP_MAX) {
		for (guint i = 0; i < m->agencies->len; i++) {
			struct agency *a = m->agencies->pdata[i];

			a->snap_from = spans[2 * i];
			a->snap_to = spans[2 * i + 1];
		}
		m->snapshot = bytes;
		m->snapshot_len = len;
	} else
		g_free(bytes);
	g_free(spans);
	g_free(version);
	g_free(hash);
}

gboolean
snapshot_save(const struct model *m, const char *path, GError **err)
{
	gsize len;
	char *bytes = snapshot_write(m, &len);
	gboolean ok = output_write(path, bytes, len, err);

	g_free(bytes);
	return ok;
}
