/* html.c: the web edition, model -> HTML5 with libxml2's tree (every text goes through
 * the tree and its serializer, never into markup by hand).
 *
 * Why one page rather than one per chapter: the whole guide is about 200 kB of HTML, less than
 * one photo.  On a phone it loads once and then works without a connection, find-in-page
 * searches all of it, every cross-reference and the table of contents are in-page anchors, and
 * the one file can be saved, shared or opened from a USB stick.  The table of contents at the
 * top and a link back to it after each chapter replace page-to-page navigation.
 *
 * Ids: sections, chapters, forms and contacts keep their source ids (lowercase, digits and
 * hyphens); ids made here start with "_", which source ids cannot, so they never collide.
 *
 * Memory: the libxml2 document is built and freed in html_render(); images read from the
 * source tree are held in a hash table until they are written.
 */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "html.h"
#include "image.h"
#include "words.h"

#define X(s) BAD_CAST (s)

G_DEFINE_QUARK(paisano-html-error-quark, html_error)

/* The page being built. */
struct hdoc {
	const struct model	*m;
	const char		*src_root;
	GHashTable		*images;	/* src ("images/x.png") -> GBytes * */
	GError			*err;		/* the first image that could not be read */
	guint			 serial;	/* for generated ids */
	enum lang		 lang;
	const struct words	*w;
	const char		*other_href;	/* the edition in the other language, or NULL */
};

static const char *const notice_classes[] = { "notice notice-warning", "notice notice-important",
	"notice notice-tip" };

static xmlNodePtr
el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, X(name), NULL);
}

/* An element holding one text; xmlNewTextChild escapes it. */
static xmlNodePtr
el_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, X(name), X(text));
}

static xmlNodePtr
el_class(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr e = el(parent, name);

	xmlNewProp(e, X("class"), X(cls));
	return e;
}

static void
text(xmlNodePtr parent, const char *s)
{
	if (s != NULL && *s != '\0')
		xmlAddChild(parent, xmlNewText(X(s)));
}

static void
attr(xmlNodePtr e, const char *name, const char *value)
{
	xmlNewProp(e, X(name), X(value));
}

/* A fresh id for an element that has none in the sources. */
static char *
new_id(struct hdoc *h, const char *what)
{
	return g_strdup_printf("_%s%u", what, ++h->serial);
}

/* The link a fact's value opens: tel: in international form, https:, mailto:; NULL for
 * values that are not addresses.  Newly allocated. */
static char *
fact_href(const struct fact *f)
{
	const char *t = f->value->text;
	GString *d;

	switch (f->kind) {
	case FACT_PHONE:
		d = g_string_new(NULL);
		for (const char *p = t; *p != '\0'; p++)
			if (g_ascii_isdigit(*p))
				g_string_append_c(d, *p);
		if (d->len <= 4)	/* 911, 089, 078: dialled as they are */
			g_string_prepend(d, "tel:");
		else if (f->country == COUNTRY_MX && d->len == 10)
			g_string_prepend(d, "tel:+52");
		else if (f->country == COUNTRY_US && d->len == 10)
			g_string_prepend(d, "tel:+1");
		else if (f->country == COUNTRY_US && d->len == 11 && d->str[0] == '1')
			g_string_prepend(d, "tel:+");
		else
			g_string_prepend(d, "tel:");
		return g_string_free(d, FALSE);
	case FACT_URL:
		if (g_str_has_prefix(t, "https://") || g_str_has_prefix(t, "http://"))
			return g_strdup(t);
		return g_strconcat("https://", t, NULL);
	case FACT_EMAIL:
		return g_strconcat("mailto:", t, NULL);
	case FACT_AMOUNT:
	case FACT_NUMBER:
	case FACT_PERCENT:
	case FACT_DATE:
		return NULL;
	}
	return NULL;
}

/* A fact's value as the guide prints it, a link when it is a phone, a site or an address. */
static void
fact_value(const struct hdoc *h, xmlNodePtr parent, const struct fact *f, const char *to)
{
	char *shown, *href;
	xmlNodePtr a;

	if (f == NULL || f->value == NULL) {	/* only in an unchecked model */
		text(parent, to != NULL ? to : "?");
		return;
	}
	shown = model_format_value(f, f->value, h->lang);
	if ((href = fact_href(f)) != NULL) {
		a = el_text(parent, "a", shown);
		attr(a, "href", href);
		if (f->kind == FACT_PHONE)
			attr(a, "class", "tel");
		g_free(href);
	} else
		text(parent, shown);
	g_free(shown);
}

static void
inlines(struct hdoc *h, xmlNodePtr parent, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case NODE_TEXT:
			text(parent, n->u.str);
			break;
		case NODE_EM:
		case NODE_STRONG:
			inlines(h, el(parent, n->type == NODE_EM ? "em" : "strong"), n->first);
			break;
		case NODE_REF:
			fact_value(h, parent, n->u.ref.fact, n->u.ref.to);
			break;
		case NODE_SEE: {
			/* Print says "(ver pág. 23)"; the web names the section and links to it. */
			const struct node *s = n->u.ref.section;
			char *title = s != NULL ? model_plain_text(&s->title, h->lang) : g_strdup(n->u.ref.to);
			char *label = g_strdup_printf(h->w->see_section, title);
			char *href = g_strconcat("#", s != NULL ? s->id : n->u.ref.to, NULL);

			text(parent, "(");
			attr(el_text(parent, "a", label), "href", href);
			text(parent, ")");
			g_free(href);
			g_free(label);
			g_free(title);
			break;
		}
		CASE_NODE_BLOCKS:
			break;
		}
	}
}

static void
textual(struct hdoc *h, xmlNodePtr parent, const struct textual *t)
{
	inlines(h, parent, model_text(t, h->lang));
}

static gboolean
has_text(const struct textual *t)
{
	return t->inl[LANG_ES] != NULL;
}

static xmlNodePtr
heading(struct hdoc *h, xmlNodePtr parent, int level, const struct textual *t)
{
	char name[4];
	xmlNodePtr e;

	g_snprintf(name, sizeof(name), "h%d", CLAMP(level, 1, 6));
	e = el(parent, name);
	textual(h, e, t);
	return e;
}

/* A contact: its name, its phones, sites and addresses as links, its note.  `name_el` is "h3"
 * in the directory, a paragraph in a section's card. */
static void
contact_box(struct hdoc *h, xmlNodePtr parent, const struct contact *c, const char *name_el, gboolean with_id)
{
	xmlNodePtr box = el_class(parent, "div", "card"), name, ul = NULL;

	if (with_id && c->id != NULL)
		attr(box, "id", c->id);
	name = el(box, name_el);
	attr(name, "class", "card-name");
	textual(h, name, &c->name);
	for (guint i = 0; i < c->entries->len; i++) {
		const struct fact *f = c->entries->pdata[i];
		const char *label;
		xmlNodePtr li;

		if (f->value == NULL)
			continue;
		if (ul == NULL)
			ul = el_class(box, "ul", "card-entries");
		li = el(ul, "li");
		label = model_fact_label(f, h->lang) != NULL ? model_fact_label(f, h->lang) :
		    f->kind == FACT_PHONE ? h->w->phone : f->kind == FACT_URL ? h->w->web : h->w->email;
		attr(el_text(li, "span", label), "class", "label");
		text(li, " ");
		fact_value(h, li, f, f->id);
	}
	if (has_text(&c->note))
		textual(h, el_class(box, "p", "card-note"), &c->note);
}

/* Reads an image once; its pixel size from the PNG header (0 if it is not a PNG). */
static GBytes *
image_load(struct hdoc *h, const char *src, guint *w, guint *hgt)
{
	GBytes *b = g_hash_table_lookup(h->images, src);
	const guchar *p;
	gsize len;

	*w = *hgt = 0;
	if (b == NULL && h->err == NULL) {
		char *path;
		struct image_info info;

		if (!image_src_ok(src)) {
			g_set_error(&h->err, HTML_ERROR, 1, "image \"%s\" is not a file in images/", src);
			return NULL;
		}
		if (h->src_root == NULL) {
			g_set_error(&h->err, HTML_ERROR, 1, "image \"%s\": no source tree given", src);
			return NULL;
		}
		/* A regular file inside images/, checked and decoded (image.c): never a link. */
		path = g_build_filename(h->src_root, src, NULL);
		if ((b = image_read(path, &info, &h->err)) != NULL)
			g_hash_table_insert(h->images, g_strdup(src), b);
		g_free(info.what);
		g_free(path);
	}
	if (b == NULL)
		return NULL;
	p = g_bytes_get_data(b, &len);
	if (len >= 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0) {
		*w = (guint)p[16] << 24 | (guint)p[17] << 16 | (guint)p[18] << 8 | p[19];
		*hgt = (guint)p[20] << 24 | (guint)p[21] << 16 | (guint)p[22] << 8 | p[23];
	}
	return b;
}

static void blocks(struct hdoc *, xmlNodePtr, const struct node *, int);

static void
table(struct hdoc *h, xmlNodePtr parent, const struct node *n)
{
	/* A box of its own that scrolls sideways if a table is ever wider than the phone; it is
	 * a focusable, named region so keyboard users can scroll it too. */
	xmlNodePtr wrap = el_class(parent, "div", "table-wrap"), t, body = NULL;

	attr(wrap, "role", "region");
	attr(wrap, "tabindex", "0");
	t = el(wrap, "table");
	if (has_text(&n->title)) {
		char *id = new_id(h, "t");
		xmlNodePtr cap = el(t, "caption");

		attr(cap, "id", id);
		textual(h, cap, &n->title);
		attr(wrap, "aria-labelledby", id);
		g_free(id);
	} else
		attr(wrap, "aria-label", h->w->table);
	for (const struct node *r = n->first; r != NULL; r = r->next) {
		xmlNodePtr tr;

		if (r->omit)
			continue;
		if (r->type == NODE_HEADER)
			tr = el(el(t, "thead"), "tr");
		else {
			if (body == NULL)
				body = el(t, "tbody");
			tr = el(body, "tr");
		}
		for (const struct node *c = r->first; c != NULL; c = c->next) {
			xmlNodePtr cell = el(tr, r->type == NODE_HEADER ? "th" : "td");

			if (r->type == NODE_HEADER)
				attr(cell, "scope", "col");
			textual(h, cell, &c->text);
		}
	}
}

static void
image(struct hdoc *h, xmlNodePtr parent, const struct node *n)
{
	xmlNodePtr fig = el(parent, "figure"), img;
	char *alt = model_plain_text(&n->text, h->lang), num[32];
	guint w, hgt;

	img = el(fig, "img");
	attr(img, "src", n->u.image.src);
	attr(img, "alt", alt);
	if (image_load(h, n->u.image.src, &w, &hgt) != NULL && w > 0 && hgt > 0) {
		/* The intrinsic size reserves the space before the picture arrives. */
		g_snprintf(num, sizeof(num), "%u", w);
		attr(img, "width", num);
		g_snprintf(num, sizeof(num), "%u", hgt);
		attr(img, "height", num);
	}
	if (n->u.image.width > 0 && n->u.image.width <= 100) {
		g_snprintf(num, sizeof(num), "width:%d%%", n->u.image.width);
		attr(fig, "style", num);
	}
	if (has_text(&n->title))
		textual(h, el(fig, "figcaption"), &n->title);
	g_free(alt);
}

/* The complaint form, to print and fill in by hand: each field with its writing lines. */
static void
form(struct hdoc *h, xmlNodePtr parent, const struct node *n, int level)
{
	xmlNodePtr box = el_class(parent, "div", "form"), ol = NULL;

	if (n->id != NULL)
		attr(box, "id", n->id);
	attr(heading(h, box, level + 1, &n->title), "class", "form-title");
	for (const struct node *k = n->first; k != NULL; k = k->next) {
		xmlNodePtr li, lines;

		if (k->omit)
			continue;
		if (k->type == NODE_PARA) {
			textual(h, el(box, "p"), &k->text);
			continue;
		}
		if (k->type != NODE_FIELD)
			continue;
		if (ol == NULL)
			ol = el_class(box, "ol", "form-fields");
		li = el(ol, "li");
		textual(h, el_class(li, "span", "field-label"), &k->text);
		lines = el_class(li, "span", "field-lines");
		attr(lines, "aria-hidden", "true");
		for (int i = 0; i < CLAMP(k->u.lines, 1, 20); i++)
			el_class(lines, "span", "line");
	}
}

static void
section(struct hdoc *h, xmlNodePtr parent, const struct node *n, int level)
{
	xmlNodePtr e = el(parent, "section");

	if (n->id != NULL)
		attr(e, "id", n->id);
	heading(h, e, level, &n->title);
	blocks(h, e, n->first, level);
}

/* One block; `level` is the heading level of the section that holds it. */
static void
block(struct hdoc *h, xmlNodePtr parent, const struct node *n, int level)
{
	xmlNodePtr e;

	switch (n->type) {
	case NODE_PARA:
		textual(h, el(parent, "p"), &n->text);
		break;
	case NODE_LIST:
	case NODE_STEPS:
		e = n->type == NODE_LIST ? el(parent, "ul") : el_class(parent, "ol", "steps");
		for (const struct node *k = n->first; k != NULL; k = k->next)
			if (!k->omit)
				textual(h, el(e, "li"), &k->text);
		break;
	case NODE_TABLE:
		table(h, parent, n);
		break;
	case NODE_NOTICE:
		/* A note, not an <aside>: it belongs to the text around it. */
		e = el_class(parent, "div", notice_classes[n->u.notice]);
		attr(e, "role", "note");
		if (has_text(&n->title)) {
			char *id = new_id(h, "n");
			xmlNodePtr p = el_class(e, "p", "notice-title");

			attr(p, "id", id);
			textual(h, el(p, "strong"), &n->title);
			attr(e, "aria-labelledby", id);
			g_free(id);
		} else
			attr(e, "aria-label", h->w->notice[n->u.notice]);
		blocks(h, e, n->first, level);
		break;
	case NODE_IMAGE:
		image(h, parent, n);
		break;
	case NODE_CARD:
		if (n->u.ref.contact != NULL)
			contact_box(h, parent, n->u.ref.contact, "p", FALSE);
		break;
	case NODE_FORM:
		form(h, parent, n, level);
		break;
	case NODE_SECTION:
		section(h, parent, n, level + 1);
		break;
	case NODE_CHAPTER:	/* not inside a section */
	case NODE_ITEM:		/* written by their list, table or form */
	case NODE_HEADER:
	case NODE_ROW:
	case NODE_CELL:
	case NODE_FIELD:
	CASE_NODE_INLINES:
		break;
	}
}

static void
blocks(struct hdoc *h, xmlNodePtr parent, const struct node *n, int level)
{
	for (; n != NULL; n = n->next)
		if (!n->omit)
			block(h, parent, n, level);
}

/* The sort key of a name: case and accents ignored ("Índice" files under I). */
static char *
sort_key(const char *s)
{
	char *fold = g_utf8_casefold(s, -1), *nfd = g_utf8_normalize(fold, -1, G_NORMALIZE_NFD);
	GString *k = g_string_new(NULL);

	for (const char *p = nfd; p != NULL && *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_ismark(c))
			continue;
		g_string_append_unichar(k, c);
	}
	g_free(nfd);
	g_free(fold);
	return g_string_free(k, FALSE);
}

struct dir_entry {
	char			*key;
	const struct contact	*contact;
};

static int
dir_cmp(gconstpointer a, gconstpointer b)
{
	const struct dir_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : g_strcmp0(x->contact->id, y->contact->id);
}

/* Every contact of every agency with content in the edition, by name. */
static void
directory(struct hdoc *h, xmlNodePtr parent, const char *id)
{
	xmlNodePtr sec = el(parent, "section"), list;
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct dir_entry));

	attr(sec, "id", id);
	attr(sec, "class", "directory");
	el_text(sec, "h2", h->w->directory);
	for (guint i = 0; i < h->m->agencies->len; i++) {
		const struct agency *a = h->m->agencies->pdata[i];

		if (!a->in_edition)
			continue;
		for (guint j = 0; j < a->contacts->len; j++) {
			struct dir_entry e;
			char *name;

			e.contact = a->contacts->pdata[j];
			name = model_plain_text(&e.contact->name, h->lang);
			e.key = sort_key(name);
			g_free(name);
			g_array_append_val(all, e);
		}
	}
	g_array_sort(all, dir_cmp);
	list = el_class(sec, "div", "directory-list");
	for (guint i = 0; i < all->len; i++) {
		struct dir_entry *e = &g_array_index(all, struct dir_entry, i);

		contact_box(h, list, e->contact, "h3", TRUE);
		g_free(e->key);
	}
	g_array_free(all, TRUE);
}

/* The table of contents: chapters and their sections, then the directory. */
static void
contents(struct hdoc *h, xmlNodePtr parent, const struct edition *ed, const char *toc_id, const char *dir_id)
{
	xmlNodePtr nav = el(parent, "nav"), ol;
	char *hid = g_strconcat(toc_id, "-h", NULL);
	xmlNodePtr hd = el_text(nav, "h2", h->w->contents);

	attr(nav, "id", toc_id);
	attr(nav, "class", "toc");
	attr(hd, "id", hid);
	attr(nav, "aria-labelledby", hid);
	ol = el(nav, "ol");
	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];
		xmlNodePtr li, a, sub = NULL;
		char *href;

		if (ch->omit)
			continue;
		li = el(ol, "li");
		href = g_strconcat("#", ch->id, NULL);
		a = el(li, "a");
		attr(a, "href", href);
		g_free(href);
		textual(h, a, &ch->title);
		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			if (s->omit || s->type != NODE_SECTION)
				continue;
			if (sub == NULL)
				sub = el(li, "ol");
			href = g_strconcat("#", s->id, NULL);
			a = el(el(sub, "li"), "a");
			attr(a, "href", href);
			g_free(href);
			textual(h, a, &s->title);
		}
	}
	{
		char *href = g_strconcat("#", dir_id, NULL);

		attr(el_text(el(ol, "li"), "a", h->w->directory), "href", href);
		g_free(href);
	}
	g_free(hid);
}

/* The edition's version: the stamped string, or the id and revision when it was not stamped. */
static char *
version_string(const struct edition *ed)
{
	if (ed->version != NULL)
		return g_strdup(ed->version);
	return g_strdup_printf("%s r%u", ed->id, ed->revision);
}

/* The numbers of the cover, first thing on the phone's screen: one tap to call. */
static void
key_phones(const struct hdoc *h, xmlNodePtr parent, const struct model *m)
{
	const struct {
		const char	*label;
		const char	*role;
	} key[] = {
		{ h->w->cover_eua, "paisano-eua" }, { h->w->cover_mx, "paisano-mx" }, { h->w->cover_911, "emergencias" },
	};
	xmlNodePtr ul = NULL, li;

	for (gsize i = 0; i < G_N_ELEMENTS(key); i++) {
		const struct fact *f = model_role_phone(m, key[i].role);

		if (f == NULL)
			continue;
		if (ul == NULL)
			ul = el_class(parent, "ul", "key-phones");
		li = el(ul, "li");
		attr(el_text(li, "span", key[i].label), "class", "label");
		text(li, " ");
		fact_value(h, li, f, f->id);
	}
	if (ul != NULL)
		attr(el_text(parent, "p", h->w->cover_foot), "class", "cover-foot");
}

/* The colophon: the version string, the date, who reviewed it. */
static void
footer(const struct hdoc *h, xmlNodePtr foot, const struct model *m, const char *title)
{
	const struct edition *ed = m->edition;
	GString *who = g_string_new(NULL);
	char *version = version_string(ed), *s, *date;
	xmlNodePtr p;

	el_text(foot, "p", title);
	p = el(foot, "p");
	s = g_strdup_printf(h->w->version, version);
	attr(el_text(p, "span", s), "class", "version");
	g_free(s);
	if (ed->date != 0) {
		date = words_date(h->lang, ed->date);
		s = g_strdup_printf(h->w->edition_date, date);
		el_text(foot, "p", s);
		g_free(s);
		g_free(date);
	}
	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		/* Its short name, or (a snapshot made before every agency had one) its name: never its id. */
		if (a->in_edition) {
			const char *sn = model_agency_short(a, h->lang);
			char *name = sn == NULL ? model_plain_text(&a->name, h->lang) : NULL;

			g_string_append_printf(who, "%s%s", who->len > 0 ? ", " : "", sn != NULL ? sn : name);
			g_free(name);
		}
	}
	if (who->len > 0) {
		s = g_strdup_printf(h->w->reviewed, who->str);
		el_text(foot, "p", s);
		g_free(s);
	}
	el_text(foot, "p", h->w->free);
	g_string_free(who, TRUE);
	g_free(version);
}

static xmlDocPtr
build_doc(struct hdoc *h)
{
	const struct edition *ed = h->m->edition;
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, X("html"), NULL), head, body, header, main, e, p;
	char *title = model_plain_text(&ed->title, h->lang), *start, *end, *s;
	enum lang other = h->lang == LANG_ES ? LANG_EN : LANG_ES;	/* of other_href */

	xmlCreateIntSubset(doc, X("html"), NULL, NULL);
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", model_lang_code(h->lang));
	head = el(html, "head");
	attr(el(head, "meta"), "charset", "utf-8");
	e = el(head, "meta");
	attr(e, "name", "viewport");
	attr(e, "content", "width=device-width, initial-scale=1");
	el_text(head, "title", title);
	e = el(head, "link");
	attr(e, "rel", "stylesheet");
	attr(e, "href", "paisano.css");
	if (h->other_href != NULL) {
		e = el(head, "link");
		attr(e, "rel", "alternate");
		attr(e, "hreflang", model_lang_code(other));
		attr(e, "href", h->other_href);
	}

	body = el(html, "body");
	e = el_text(body, "a", h->w->skip);
	attr(e, "href", "#_contenido");
	attr(e, "class", "skip");

	header = el(body, "header");
	if (h->other_href != NULL) {
		/* In the other language's words, marked as such for screen readers. */
		e = el_text(el_class(header, "p", "other-lang"), "a", words_for(other)->other_edition);
		attr(e, "href", h->other_href);
		attr(e, "hreflang", model_lang_code(other));
		attr(e, "lang", model_lang_code(other));
	}
	el_text(header, "h1", title);
	start = words_date(h->lang, ed->op_start);
	end = words_date(h->lang, ed->op_end);
	s = g_strdup_printf(h->w->operation, start, end);
	attr(el_text(header, "p", s), "class", "operation");
	g_free(s);
	g_free(start);
	g_free(end);
	key_phones(h, header, h->m);

	contents(h, body, ed, "_indice", "_directorio");

	main = el(body, "main");
	attr(main, "id", "_contenido");
	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];
		xmlNodePtr sec;

		if (ch->omit)
			continue;
		sec = el_class(main, "section", "chapter");
		if (ch->id != NULL)
			attr(sec, "id", ch->id);
		heading(h, sec, 2, &ch->title);
		for (const struct node *k = ch->first; k != NULL; k = k->next)
			if (!k->omit && k->type == NODE_SECTION)
				section(h, sec, k, 3);
		p = el_class(sec, "p", "back");
		attr(el_text(p, "a", h->w->back), "href", "#_indice");
	}
	directory(h, main, "_directorio");

	footer(h, el(body, "footer"), h->m, title);
	g_free(title);
	return doc;
}

/* The HTML5 bytes of the document, in UTF-8 (newly allocated). */
static GString *
serialize(xmlDocPtr doc)
{
	/* An explicit UTF-8 buffer: libxml2 2.9 does not read <meta charset> and would
	 * otherwise write every accent as an entity. */
	xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
	GString *out;

	doc->encoding = xmlStrdup(X("UTF-8"));
	htmlDocContentDumpFormatOutput(ob, doc, "UTF-8", 1);
	xmlOutputBufferFlush(ob);
	out = g_string_new_len((const char *)xmlOutputBufferGetContent(ob), (gssize)xmlOutputBufferGetSize(ob));
	xmlOutputBufferClose(ob);
	return out;
}

static gboolean
copy_file(const char *from, const char *to, GError **err)
{
	char *data;
	gsize len;
	gboolean ok;

	if (!g_file_get_contents(from, &data, &len, err))
		return FALSE;
	ok = g_file_set_contents(to, data, (gssize)len, err);
	g_free(data);
	return ok;
}

static gboolean
make_dir(const char *dir, GError **err)
{
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		int e = errno;

		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "cannot create %s: %s", dir, g_strerror(e));
		return FALSE;
	}
	return TRUE;
}

struct html {
	struct html_opts	 o;
};

struct html *
html_new(const struct html_opts *o, GError **err)
{
	struct html *r;

	if (o == NULL || o->template_dir == NULL || o->outdir == NULL) {
		g_set_error(err, HTML_ERROR, 1, "the web edition needs a template directory and an output directory");
		return NULL;
	}
	r = g_new0(struct html, 1);
	r->o = *o;
	return r;
}

void
html_free(struct html *r)
{
	g_free(r);
}

gboolean
html_render(struct html *r, const struct model *m, GError **err)
{
	enum lang lang = r->o.lang;
	const char *other_href = r->o.other_href, *template_dir = r->o.template_dir;
	const char *src_root = r->o.src_root, *outdir = r->o.outdir;
	struct hdoc h = { 0 };
	xmlDocPtr doc = NULL;
	GString *out = NULL;
	GHashTableIter it;
	gpointer key, val;
	char *path = NULL, *from = NULL;
	gboolean ok = FALSE;

	if (m->edition == NULL) {
		g_set_error(err, HTML_ERROR, 1, "no edition to render");
		return FALSE;
	}
	h.m = m;
	h.lang = lang;
	h.w = words_for(lang);
	h.other_href = other_href;
	h.src_root = src_root;
	h.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
	doc = build_doc(&h);
	if (h.err != NULL) {
		g_propagate_error(err, h.err);
		goto done;
	}
	if (!make_dir(outdir, err))
		goto done;

	from = g_build_filename(template_dir, "html", "paisano.css", NULL);
	path = g_build_filename(outdir, "paisano.css", NULL);
	if (!copy_file(from, path, err))
		goto done;
	g_free(path);
	path = NULL;

	if (g_hash_table_size(h.images) > 0) {
		path = g_build_filename(outdir, "images", NULL);
		if (!make_dir(path, err))
			goto done;
		g_free(path);
		path = NULL;
	}
	g_hash_table_iter_init(&it, h.images);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		gsize len;
		const char *data = g_bytes_get_data(val, &len);

		path = g_build_filename(outdir, key, NULL);
		if (!g_file_set_contents(path, data, (gssize)len, err))
			goto done;
		g_free(path);
		path = NULL;
	}

	/* The page last: a directory with index.html has everything it links to. */
	out = serialize(doc);
	path = g_build_filename(outdir, "index.html", NULL);
	ok = g_file_set_contents(path, out->str, (gssize)out->len, err);
done:
	if (out != NULL)
		g_string_free(out, TRUE);
	g_free(path);
	g_free(from);
	if (doc != NULL)
		xmlFreeDoc(doc);
	g_hash_table_destroy(h.images);
	return ok;
}
