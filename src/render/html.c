/* html.c: the web edition, model -> HTML5 with libxml2's tree (every text goes through
 * the tree and its serializer, never into markup by hand).
 *
 * One page per chapter (issue 21).  A single page of the whole guide was 186 phone screens
 * long, its contents 4.5 screens, the directory at the very end: on a phone a reader could
 * not find their way back.  Now index.html is the cover and the contents; each chapter is a
 * page of its own (the chapter's id + ".html") ending with the previous and next chapter;
 * directorio.html is the directory.  Every page has the same small bar at its top, sticky, with
 * the contents, the emergency numbers (on the page itself: "#_emergencias") and the directory,
 * so each is one tap away from any screen without JavaScript; and the link to the same page in
 * the other language.  Cross-references name the page that holds their target.  The pages stay
 * small (the cover and contents are a few kB compressed) and work offline once saved.
 *
 * Ids: sections, chapters, forms and contacts keep their source ids (lowercase, digits and
 * hyphens); ids and file names made here start with "_", which source ids cannot, so they
 * never collide ("_cap3.html" for a chapter whose id would be index or directorio).
 *
 * Memory: each page's libxml2 document is built, written and freed in turn; images read from
 * the source tree are held in a hash table until they are written.
 */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "html.h"
#include "image.h"
#include "words.h"
#include "i18n.h"

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
	const char		*other_dir;	/* the edition in the other language ("../html-en"), or NULL */
	GHashTable		*where;		/* id -> the file of the page that holds it */
	GPtrArray		*files;		/* chapter i's file */
	const char		*page;		/* the file of the page being built */
	char			*title;		/* the edition's */
};

#define INDEX_FILE	"index.html"
#define DIR_FILE	"directorio.html"
#define DIR_ID		"_directorio"
#define TOC_ID		"_indice"
#define HELP_ID		"_emergencias"
#define MAIN_ID		"_contenido"

/* The link to the element with source id `id`: "#id" on this page, "file.html#id" on another.
 * Newly allocated. */
static char *
href_to(const struct hdoc *h, const char *id)
{
	const char *file = id != NULL ? g_hash_table_lookup(h->where, id) : NULL;

	if (file == NULL || g_strcmp0(file, h->page) == 0)
		return g_strconcat("#", id != NULL ? id : "", NULL);
	return g_strconcat(file, "#", id, NULL);
}

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
			char *href = href_to(h, s != NULL ? s->id : n->u.ref.to);

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
			g_set_error(&h->err, HTML_ERROR, 1, _("image \"%s\" is not a file in images/"), src);
			return NULL;
		}
		if (h->src_root == NULL) {
			g_set_error(&h->err, HTML_ERROR, 1, _("image \"%s\": no source tree given"), src);
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
	if (level == 2 && n->id != NULL && h->other_dir != NULL) {
		/* The same section in the other language: the ids are the source's, the same in both. */
		enum lang other = h->lang == LANG_ES ? LANG_EN : LANG_ES;
		char *href = g_strconcat(h->other_dir, "/", h->page, "#", n->id, NULL);
		xmlNodePtr a = el_text(el_class(e, "p", "sec-lang"), "a", words_for(other)->language);

		attr(a, "href", href);
		attr(a, "hreflang", model_lang_code(other));
		attr(a, "lang", model_lang_code(other));
		g_free(href);
	}
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
	el_text(sec, "h1", h->w->directory);
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

		contact_box(h, list, e->contact, "h2", TRUE);
		g_free(e->key);
	}
	g_array_free(all, TRUE);
}

/* The file of chapter `i`: its id + ".html", unless that would be a page of our own or the id
 * is not a plain source id (a snapshot given to build --snapshot is not trusted to be one: no
 * "/", no "..", nothing a file system or a URL reads otherwise). */
static char *
chapter_file(const struct node *ch, guint i)
{
	gboolean plain = ch->id != NULL && *ch->id != '\0' && strlen(ch->id) <= 100 &&
	    strcmp(ch->id, "index") != 0 && strcmp(ch->id, "directorio") != 0;

	for (const char *p = ch->id; plain && *p != '\0'; p++)
		plain = g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '-';
	if (!plain)
		return g_strdup_printf("_cap%u.html", i + 1);
	return g_strconcat(ch->id, ".html", NULL);
}

/* Records the page of every id under n (sections, forms), for cross-references. */
static void
map_ids(GHashTable *where, const struct node *n, const char *file)
{
	for (; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		if (n->id != NULL && (n->type == NODE_SECTION || n->type == NODE_FORM || n->type == NODE_CHAPTER))
			g_hash_table_insert(where, (gpointer)n->id, (gpointer)file);
		map_ids(where, n->first, file);
	}
}

/* The table of contents: chapters and their sections, then the directory. */
static void
contents(struct hdoc *h, xmlNodePtr parent, const struct edition *ed, GPtrArray *files)
{
	xmlNodePtr nav = el(parent, "nav"), ol;
	xmlNodePtr hd = el_text(nav, "h2", h->w->contents);

	attr(nav, "id", TOC_ID);
	attr(nav, "class", "toc");
	attr(hd, "id", TOC_ID "-h");
	attr(nav, "aria-labelledby", TOC_ID "-h");
	ol = el(nav, "ol");
	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];
		xmlNodePtr li, a, sub = NULL;

		if (ch->omit)
			continue;
		li = el(ol, "li");
		a = el(li, "a");
		attr(a, "href", files->pdata[i]);
		textual(h, a, &ch->title);
		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			char *href;

			if (s->omit || s->type != NODE_SECTION)
				continue;
			if (sub == NULL)
				sub = el(li, "ol");
			href = href_to(h, s->id);
			a = el(el(sub, "li"), "a");
			attr(a, "href", href);
			g_free(href);
			textual(h, a, &s->title);
		}
	}
	attr(el_text(el(ol, "li"), "a", h->w->directory), "href", DIR_FILE);
}

/* The edition's version: the stamped string, or the id and revision when it was not stamped. */
static char *
version_string(const struct edition *ed)
{
	if (ed->version != NULL)
		return g_strdup(ed->version);
	return g_strdup_printf("%s r%u", ed->id, ed->revision);
}

/* The cover's numbers, one tap to call: first thing on the cover's screen, last on every other
 * page, where the bar's "Emergencias" leads.  NULL when the model names none of them. */
static xmlNodePtr
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
	return ul;
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

/* The first paragraph under n, for a page's description. */
static const struct node *
first_para(const struct node *n)
{
	for (; n != NULL; n = n->next) {
		const struct node *p;

		if (n->omit)
			continue;
		if (n->type == NODE_PARA)
			return n;
		if ((n->type == NODE_SECTION || n->type == NODE_NOTICE) && (p = first_para(n->first)) != NULL)
			return p;
	}
	return NULL;
}

/* At most about 160 characters of s, cut at a space, with "…" when cut.  Newly allocated. */
static char *
shorten(const char *s)
{
	const glong max = 160;
	const char *end, *cut;

	if (g_utf8_strlen(s, -1) <= max)
		return g_strdup(s);
	end = g_utf8_offset_to_pointer(s, max - 1);
	for (cut = end; cut > s && *cut != ' '; cut--)
		;
	if (cut == s)
		cut = end;
	while (cut > s && (cut[-1] == ',' || cut[-1] == ';' || cut[-1] == ':' || cut[-1] == ' '))
		cut--;
	return g_strdup_printf("%.*s…", (int)(cut - s), s);
}

/* A page: its head (title, description, sharing metadata, the stylesheet, the other language)
 * and the top of its body (skip link, the bar, the link to the other language).  `file` is the
 * page's file name, `here` which of the bar's links it is ("toc", "dir" or NULL).  Returns the
 * document; *body is its <body>, *header the page's <header> (NULL if it has nothing yet). */
static xmlDocPtr
page_new(struct hdoc *h, const char *file, const char *title, const char *description, const char *og_type,
    const char *here, xmlNodePtr *body, xmlNodePtr *header)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, X("html"), NULL), head, nav, ul, e;
	enum lang other = h->lang == LANG_ES ? LANG_EN : LANG_ES;	/* of other_dir */
	char *other_href = h->other_dir != NULL ? g_strconcat(h->other_dir, "/", file, NULL) : NULL;
	const struct {
		const char	*id, *label, *href;
	} bar[] = {
		{ "toc", h->w->contents, strcmp(file, INDEX_FILE) == 0 ? "#" TOC_ID : INDEX_FILE "#" TOC_ID },
		{ "help", h->w->cover_911, "#" HELP_ID },
		{ "dir", h->w->directory, DIR_FILE },
	};
	const struct {
		const char	*prop, *content;
	} og[] = {
		{ "og:title", title }, { "og:description", description }, { "og:type", og_type },
		{ "og:locale", h->w->locale },
	};

	h->page = file;
	xmlCreateIntSubset(doc, X("html"), NULL, NULL);
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", model_lang_code(h->lang));
	head = el(html, "head");
	attr(el(head, "meta"), "charset", "utf-8");
	e = el(head, "meta");
	attr(e, "name", "viewport");
	attr(e, "content", "width=device-width, initial-scale=1");
	el_text(head, "title", title);
	e = el(head, "meta");
	attr(e, "name", "description");
	attr(e, "content", description);
	/* What WhatsApp or a text message shows of a link: Open Graph. */
	for (gsize i = 0; i < G_N_ELEMENTS(og); i++) {
		e = el(head, "meta");
		attr(e, "property", og[i].prop);
		attr(e, "content", og[i].content);
	}
	e = el(head, "link");
	attr(e, "rel", "stylesheet");
	attr(e, "href", "paisano.css");
	if (other_href != NULL) {
		e = el(head, "link");
		attr(e, "rel", "alternate");
		attr(e, "hreflang", model_lang_code(other));
		attr(e, "href", other_href);
	}

	*body = el(html, "body");
	e = el_text(*body, "a", h->w->skip);
	attr(e, "href", "#" MAIN_ID);
	attr(e, "class", "skip");

	/* The bar: the contents, the emergency numbers and the directory, always in sight. */
	nav = el_class(*body, "nav", "bar");
	attr(nav, "aria-label", h->w->guide);
	ul = el(nav, "ul");
	for (gsize i = 0; i < G_N_ELEMENTS(bar); i++) {
		e = el_text(el(ul, "li"), "a", bar[i].label);
		attr(e, "href", bar[i].href);
		if (here != NULL && strcmp(here, bar[i].id) == 0)
			attr(e, "aria-current", "page");
	}
	*header = NULL;
	if (other_href != NULL) {
		/* The same page in the other language, in that language's words. */
		*header = el(*body, "header");
		e = el_text(el_class(*header, "p", "other-lang"), "a", words_for(other)->other_edition);
		attr(e, "href", other_href);
		attr(e, "hreflang", model_lang_code(other));
		attr(e, "lang", model_lang_code(other));
	}
	g_free(other_href);
	return doc;
}

/* A link of the pager to the previous or next page (rel: "prev" or "next"): its direction, then
 * the page's title, or `other` (the cover, the directory) when it is not a chapter.  None
 * without an href. */
static void
pager_link(struct hdoc *h, xmlNodePtr nav, const char *href, const char *rel, const char *label,
    const struct textual *title, const char *other)
{
	char cls[16];
	xmlNodePtr a;

	if (href == NULL)
		return;
	g_snprintf(cls, sizeof(cls), "pager-%s", rel);
	a = el(nav, "a");
	attr(a, "href", href);
	attr(a, "rel", rel);
	attr(a, "class", cls);
	el_text(a, "span", label);
	el(a, "br");
	if (title != NULL)
		textual(h, a, title);
	else
		text(a, other);
}

/* The end of every page but the cover: the previous and next pages, the contents, the numbers
 * the bar's "Emergencias" leads to; then the colophon. */
static void
page_end(struct hdoc *h, xmlNodePtr body, xmlNodePtr main, const char *prev_href, const struct textual *prev_title,
    const char *next_href, const struct textual *next_title, const char *next_text, const char *title)
{
	xmlNodePtr nav = el_class(main, "nav", "pager"), a, aside, ul;

	attr(nav, "aria-label", h->w->chapters);
	pager_link(h, nav, prev_href, "prev", h->w->prev, prev_title, h->w->cover);
	a = el_text(nav, "a", h->w->contents);
	attr(a, "href", INDEX_FILE "#" TOC_ID);
	attr(a, "class", "pager-toc");
	pager_link(h, nav, next_href, "next", h->w->next, next_title, next_text);

	aside = el_class(body, "aside", "help");
	attr(aside, "id", HELP_ID);
	attr(aside, "aria-labelledby", HELP_ID "-h");
	attr(el_text(aside, "h2", h->w->help), "id", HELP_ID "-h");
	if ((ul = key_phones(h, aside, h->m)) == NULL)
		attr(el_text(aside, "p", h->w->cover_foot), "class", "cover-foot");
	footer(h, el(body, "footer"), h->m, title);
}

static GString *serialize(xmlDocPtr doc);

/* Writes a page into outdir and frees it; not when an image of it could not be read. */
static gboolean
page_write(struct hdoc *h, xmlDocPtr doc, const char *outdir, const char *file, GError **err)
{
	GString *out;
	char *path;
	gboolean ok;

	if (h->err != NULL) {
		g_propagate_error(err, h->err);
		h->err = NULL;
		xmlFreeDoc(doc);
		return FALSE;
	}
	out = serialize(doc);
	path = g_build_filename(outdir, file, NULL);
	ok = g_file_set_contents(path, out->str, (gssize)out->len, err);
	g_free(path);
	g_string_free(out, TRUE);
	xmlFreeDoc(doc);
	return ok;
}

/* The cover and the contents. */
static xmlDocPtr
cover_page(struct hdoc *h, GPtrArray *files, const char *title)
{
	const struct edition *ed = h->m->edition;
	char *start = words_date(h->lang, ed->op_start), *end = words_date(h->lang, ed->op_end);
	char *op = g_strdup_printf(h->w->operation, start, end), *desc = g_strdup_printf(h->w->describe_cover, op);
	xmlNodePtr body, header, main, ul;
	xmlDocPtr doc = page_new(h, INDEX_FILE, title, desc, "website", NULL, &body, &header);

	if (header == NULL)
		header = el(body, "header");
	attr(header, "class", "cover");
	el_text(header, "h1", title);
	attr(el_text(header, "p", op), "class", "operation");
	if ((ul = key_phones(h, header, h->m)) != NULL) {
		attr(ul, "id", HELP_ID);
		attr(el_text(header, "p", h->w->cover_foot), "class", "cover-foot");
	} else
		attr(header, "id", HELP_ID);
	main = el(body, "main");
	attr(main, "id", MAIN_ID);
	contents(h, main, ed, files);
	footer(h, el(body, "footer"), h->m, title);
	g_free(desc);
	g_free(op);
	g_free(start);
	g_free(end);
	return doc;
}

/* A long chapter's sections, listed at its top (a phone shows a few of them per screen; the
 * longest chapter is 31 screens): a navigation landmark of its own, which a screen reader can
 * skip or go to.  None for a chapter of fewer than IN_CHAPTER_MIN sections. */
#define IN_CHAPTER_MIN	3
static void
in_chapter(struct hdoc *h, xmlNodePtr parent, const struct node *ch)
{
	xmlNodePtr nav, ol;
	guint n = 0;

	for (const struct node *k = ch->first; k != NULL; k = k->next)
		if (!k->omit && k->type == NODE_SECTION && k->id != NULL)
			n++;
	if (n < IN_CHAPTER_MIN)
		return;
	nav = el_class(parent, "nav", "in-chapter");
	attr(nav, "aria-label", h->w->in_chapter);
	ol = el(nav, "ol");
	for (const struct node *k = ch->first; k != NULL; k = k->next) {
		char *href;
		xmlNodePtr a;

		if (k->omit || k->type != NODE_SECTION || k->id == NULL)
			continue;
		href = g_strconcat("#", k->id, NULL);
		a = el(el(ol, "li"), "a");
		attr(a, "href", href);
		textual(h, a, &k->title);
		g_free(href);
	}
}

/* Chapter i, between the chapters prev and next (NULL: the cover, the directory). */
static xmlDocPtr
chapter_page(struct hdoc *h, GPtrArray *files, guint i, int prev, int next, const char *title)
{
	const struct edition *ed = h->m->edition;
	const struct node *ch = ed->chapters->pdata[i], *para = first_para(ch->first);
	char *name = model_plain_text(&ch->title, h->lang), *full = g_strdup_printf("%s · %s", name, title);
	char *ptext = para != NULL ? model_plain_text(&para->text, h->lang) : g_strdup(title);
	char *desc = shorten(ptext);
	xmlNodePtr body, header, main, sec;
	xmlDocPtr doc = page_new(h, files->pdata[i], full, desc, "article", NULL, &body, &header);

	main = el(body, "main");
	attr(main, "id", MAIN_ID);
	sec = el_class(main, "section", "chapter");
	if (ch->id != NULL)
		attr(sec, "id", ch->id);
	heading(h, sec, 1, &ch->title);
	in_chapter(h, sec, ch);
	for (const struct node *k = ch->first; k != NULL; k = k->next)
		if (!k->omit && k->type == NODE_SECTION)
			section(h, sec, k, 2);
	page_end(h, body, main,
	    prev >= 0 ? files->pdata[prev] : INDEX_FILE,
	    prev >= 0 ? &((const struct node *)ed->chapters->pdata[prev])->title : NULL,
	    next >= 0 ? files->pdata[next] : DIR_FILE,
	    next >= 0 ? &((const struct node *)ed->chapters->pdata[next])->title : NULL, h->w->directory, title);
	g_free(desc);
	g_free(ptext);
	g_free(full);
	g_free(name);
	return doc;
}

/* The directory, after the last chapter. */
static xmlDocPtr
directory_page(struct hdoc *h, GPtrArray *files, int last, const char *title)
{
	char *full = g_strdup_printf("%s · %s", h->w->directory, title);
	xmlNodePtr body, header, main;
	xmlDocPtr doc = page_new(h, DIR_FILE, full, h->w->describe_directory, "article", "dir", &body, &header);

	main = el(body, "main");
	attr(main, "id", MAIN_ID);
	directory(h, main, DIR_ID);
	page_end(h, body, main, last >= 0 ? files->pdata[last] : INDEX_FILE,
	    last >= 0 ? &((const struct node *)h->m->edition->chapters->pdata[last])->title : NULL, NULL, NULL, NULL, title);
	g_free(full);
	return doc;
}

/* The chapters and the directory, written into outdir; h->files and h->where filled. */
static gboolean
write_pages(struct hdoc *h, const char *outdir, GError **err)
{
	const struct edition *ed = h->m->edition;
	int prev = -1;
	gboolean ok = TRUE;

	for (guint i = 0; i < ed->chapters->len; i++) {
		const struct node *ch = ed->chapters->pdata[i];

		g_ptr_array_add(h->files, chapter_file(ch, i));
		if (!ch->omit) {
			if (ch->id != NULL)
				g_hash_table_insert(h->where, (gpointer)ch->id, h->files->pdata[i]);
			map_ids(h->where, ch->first, h->files->pdata[i]);
		}
	}
	for (guint i = 0; ok && i < ed->chapters->len; i++) {
		int next = -1;

		if (((const struct node *)ed->chapters->pdata[i])->omit)
			continue;
		for (guint j = i + 1; next < 0 && j < ed->chapters->len; j++)
			if (!((const struct node *)ed->chapters->pdata[j])->omit)
				next = (int)j;
		ok = page_write(h, chapter_page(h, h->files, i, prev, next, h->title), outdir, h->files->pdata[i], err);
		prev = (int)i;
	}
	if (ok)
		ok = page_write(h, directory_page(h, h->files, prev, h->title), outdir, DIR_FILE, err);
	return ok;
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

		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), _("cannot create %s: %s"), dir, g_strerror(e));
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
		g_set_error(err, HTML_ERROR, 1, _("the web edition needs a template directory and an output directory"));
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
	const char *template_dir = r->o.template_dir, *outdir = r->o.outdir;
	struct hdoc h = { 0 };
	GHashTableIter it;
	gpointer key, val;
	char *path = NULL, *from = NULL;
	gboolean ok = FALSE;

	if (m->edition == NULL) {
		g_set_error(err, HTML_ERROR, 1, _("no edition to render"));
		return FALSE;
	}
	h.m = m;
	h.lang = r->o.lang;
	h.w = words_for(h.lang);
	h.other_dir = r->o.other_dir;
	h.src_root = r->o.src_root;
	h.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
	h.where = g_hash_table_new(g_str_hash, g_str_equal);
	h.files = g_ptr_array_new_with_free_func(g_free);
	h.title = model_plain_text(&m->edition->title, h.lang);
	if (!make_dir(outdir, err))
		goto done;

	from = g_build_filename(template_dir, "html", "paisano.css", NULL);
	path = g_build_filename(outdir, "paisano.css", NULL);
	if (!copy_file(from, path, err))
		goto done;
	g_free(path);
	path = NULL;

	if (!write_pages(&h, outdir, err))
		goto done;

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

	/* The cover last: a directory with index.html has everything it links to. */
	ok = page_write(&h, cover_page(&h, h.files, h.title), outdir, INDEX_FILE, err);
done:
	g_free(path);
	g_free(from);
	g_free(h.title);
	g_ptr_array_free(h.files, TRUE);
	g_hash_table_destroy(h.where);
	g_hash_table_destroy(h.images);
	if (h.err != NULL)
		g_error_free(h.err);
	return ok;
}
