/* template.c: reading the page design from templates/ with libxml2 (no network, no DTD). */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "source.h"
#include "template.h"
#include "i18n.h"

G_DEFINE_QUARK(paisano-template-error, template_error)

static const char *const font_names[TF__MAX] = { "regular", "bold", "italic", "bolditalic" };
static const char *const color_names[TC__MAX] = { "text", "paper", "accent", "muted", "rule",
	"tint-warning", "tint-important", "tint-tip", "tint-card" };
static const char *const style_names[TS__MAX] = { "body", "h1", "h2", "h3", "small", "caption",
	"head", "folio", "chapter-number", "toc", "toc-chapter", "cover-title", "cover-sub",
	"cover-label", "cover-phone", "notes" };

struct reader {
	const char	*file;
	GError		**err;
	gboolean	 failed;
};

static void
fail(struct reader *r, xmlNodePtr n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
fail(struct reader *r, xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (r->failed)
		return;
	r->failed = TRUE;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(r->err, template_error_quark(), 1, "%s:%ld: %s", r->file,
	    n != NULL ? xmlGetLineNo(n) : 0L, msg);
	g_free(msg);
}

/* An attribute, newly allocated (g_free); NULL if absent. */
static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v != NULL ? g_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* The attribute `name` of element n, newly allocated; NULL after failing (the element or the
 * attribute is missing: the message says it should be `what`). */
static char *
required(struct reader *r, xmlNodePtr n, const char *name, const char *what)
{
	char *v;

	if (n == NULL) {
		fail(r, NULL, "missing element for %s", name);
		return NULL;
	}
	if ((v = attr(n, name)) == NULL)
		fail(r, n, "<%s> needs %s=%s", (const char *)n->name, name, what);
	return v;
}

/* "140mm", "9.5pt" -> points. */
static double
length(struct reader *r, xmlNodePtr n, const char *name)
{
	char *v = required(r, n, name, "\"LENGTH\" (with mm or pt)"), *end;
	double d;

	if (v == NULL)
		return 0;
	d = g_ascii_strtod(v, &end);
	if (end == v || d < 0 || d > 2000)
		fail(r, n, "%s=\"%s\" is not a length", name, v);
	else if (strcmp(end, "mm") == 0)
		d = d * 72.0 / 25.4;
	else if (strcmp(end, "pt") != 0)
		fail(r, n, "%s=\"%s\": give a unit, mm or pt", name, v);
	g_free(v);
	return d;
}

static double
number(struct reader *r, xmlNodePtr n, const char *name, double lo, double hi)
{
	char *v = required(r, n, name, "\"NUMBER\""), *end;
	double d;

	if (v == NULL)
		return 0;
	d = g_ascii_strtod(v, &end);
	if (end == v || *end != '\0' || d < lo || d > hi)
		fail(r, n, "%s=\"%s\" must be a number from %g to %g", name, v, lo, hi);
	g_free(v);
	return d;
}

static int
lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/*
 * A font file named in the template: an absolute path; or relative to the folder above the
 * template's (templates/booklet.xml names fonts/X.ttf, and so does the installed
 * share/paisano/templates/booklet.xml for share/paisano/fonts/X.ttf); or relative to the
 * current directory.  Newly allocated, or NULL when none of them is a file.
 */
static char *
font_path(const char *template, const char *file)
{
	char *dir = g_path_get_dirname(template), *top = g_path_get_dirname(dir), *p = NULL;

	if (!g_path_is_absolute(file) && strcmp(top, ".") != 0) {
		p = g_build_filename(top, file, NULL);
		if (!g_file_test(p, G_FILE_TEST_IS_REGULAR))
			g_clear_pointer(&p, g_free);
	}
	if (p == NULL && g_file_test(file, G_FILE_TEST_IS_REGULAR))
		p = g_strdup(file);
	g_free(top);
	g_free(dir);
	return p;
}

static void
read_fonts(struct reader *r, xmlNodePtr fonts, struct template *t)
{
	for (xmlNodePtr k = fonts != NULL ? fonts->children : NULL; k != NULL; k = k->next) {
		char *role, *file, *path = NULL;
		int i;

		if (!src_is_elem(k, "font"))
			continue;
		role = attr(k, "role");
		file = attr(k, "file");
		if ((i = lookup(font_names, TF__MAX, role)) < 0 || file == NULL)
			fail(r, k, "<font> needs role (regular, bold, italic, bolditalic) and file");
		else if ((path = font_path(r->file, file)) == NULL)
			fail(r, k, "font file %s not found (paths are relative to the folder above the template's, "
			    "or to the current directory)", file);
		else {
			g_free(t->font_file[i]);
			t->font_file[i] = path;
		}
		g_free(role);
		g_free(file);
	}
	for (int i = 0; i < TF__MAX; i++)
		if (t->font_file[i] == NULL)
			fail(r, fonts, "no <font role=\"%s\">", font_names[i]);
}

static void
read_colors(struct reader *r, xmlNodePtr colors, guint *seen, struct template *t)
{
	for (xmlNodePtr k = colors != NULL ? colors->children : NULL; k != NULL; k = k->next) {
		char *name;
		int i;

		if (!src_is_elem(k, "color"))
			continue;
		name = attr(k, "name");
		if ((i = lookup(color_names, TC__MAX, name)) < 0)
			fail(r, k, "unknown colour name \"%s\"", name != NULL ? name : "");
		else {
			t->color[i].c = number(r, k, "c", 0, 1);
			t->color[i].m = number(r, k, "m", 0, 1);
			t->color[i].y = number(r, k, "y", 0, 1);
			t->color[i].k = number(r, k, "k", 0, 1);
			*seen |= 1u << i;
		}
		g_free(name);
	}
	for (int i = 0; i < TC__MAX; i++)
		if ((*seen & (1u << i)) == 0)
			fail(r, colors, "no <color name=\"%s\">", color_names[i]);
}

static void
read_styles(struct reader *r, xmlNodePtr styles, struct template *t)
{
	guint seen = 0;

	for (xmlNodePtr k = styles != NULL ? styles->children : NULL; k != NULL; k = k->next) {
		char *name, *font, *color;
		int i, f, c;

		if (!src_is_elem(k, "style"))
			continue;
		name = attr(k, "name");
		font = attr(k, "font");
		color = attr(k, "color");
		if ((i = lookup(style_names, TS__MAX, name)) < 0)
			fail(r, k, "unknown style name \"%s\"", name != NULL ? name : "");
		else if ((f = lookup(font_names, TF__MAX, font)) < 0)
			fail(r, k, "style %s: font must be regular, bold, italic or bolditalic", name);
		else if ((c = lookup(color_names, TC__MAX, color)) < 0)
			fail(r, k, "style %s: unknown colour \"%s\"", name, color != NULL ? color : "");
		else {
			struct tpl_style_def *s = &t->style[i];

			s->font = f;
			s->color = c;
			s->size = length(r, k, "size");
			s->leading = length(r, k, "leading");
			s->before = length(r, k, "before");
			s->after = length(r, k, "after");
			if (s->size <= 0 || s->leading < s->size * 0.8)
				fail(r, k, "style %s: the leading must be at least the size", name);
			seen |= 1u << i;
		}
		g_free(name);
		g_free(font);
		g_free(color);
	}
	for (int i = 0; i < TS__MAX; i++)
		if ((seen & (1u << i)) == 0)
			fail(r, styles, "no <style name=\"%s\">", style_names[i]);
}

static void
read_hyphenation(struct reader *r, xmlNodePtr h, struct template *t)
{
	if (h == NULL) {
		fail(r, NULL, "no <hyphenation>");
		return;
	}
	t->hyph_min_word = (int)number(r, h, "min-word", 1, 40);
	t->hyph_left = (int)number(r, h, "left", 1, 10);
	t->hyph_right = (int)number(r, h, "right", 1, 10);
	for (xmlNodePtr k = h->children; k != NULL; k = k->next) {
		char *lang, *file;

		if (!src_is_elem(k, "dict"))
			continue;
		lang = attr(k, "lang");
		file = attr(k, "file");
		if (lang != NULL && file != NULL && strcmp(lang, "es") == 0) {
			g_free(t->hyph_dict_es);
			t->hyph_dict_es = g_steal_pointer(&file);
		} else if (lang != NULL && file != NULL && strcmp(lang, "en") == 0) {
			g_free(t->hyph_dict_en);
			t->hyph_dict_en = g_steal_pointer(&file);
		}
		g_free(lang);
		g_free(file);
	}
	if (t->hyph_dict_es == NULL)
		fail(r, h, "no <dict lang=\"es\" file=\"...\"> (the Spanish hyphenation dictionary)");
}

struct template *
template_load(const char *path, GError **err)
{
	struct template *t = g_new0(struct template, 1);
	struct reader r = { path, err, FALSE };
	guint seen = 0;
	char *buf;
	gsize len;
	xmlDocPtr doc;
	xmlNodePtr root, n;

	t->file = g_strdup(path);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(err, template_error_quark(), 1, _("%s: no such template file"), path);
		template_free(t);
		return NULL;
	}
	/* Read into memory first: paisano's entity loader refuses every file, this one included. */
	if (!g_file_get_contents(path, &buf, &len, err)) {
		template_free(t);
		return NULL;
	}
	doc = len < 1024 * 1024 ? xmlReadMemory(buf, (int)len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
	g_free(buf);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();

		g_set_error(err, template_error_quark(), 1, _("%s:%d: not well-formed XML: %s"), path,
		    e != NULL ? e->line : 0, e != NULL && e->message != NULL ? g_strchomp(e->message) : "?");
		template_free(t);
		return NULL;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL)
		fail(&r, (xmlNodePtr)doc->intSubset, "<!DOCTYPE> is not allowed in a template");
	else if (!src_is_elem(root, "template"))
		fail(&r, root, "the root element must be <template>");
	else {
		n = src_child(root, "page");
		t->trim_w = length(&r, n, "width");
		t->trim_h = length(&r, n, "height");
		t->bleed = length(&r, n, "bleed");
		n = src_child(root, "margins");
		t->inner = length(&r, n, "inner");
		t->outer = length(&r, n, "outer");
		t->top = length(&r, n, "top");
		t->bottom = length(&r, n, "bottom");
		read_fonts(&r, src_child(root, "fonts"), t);
		read_colors(&r, src_child(root, "colors"), &seen, t);
		read_styles(&r, src_child(root, "styles"), t);
		n = src_child(root, "lines");
		t->ascent = number(&r, n, "ascent", 0, 1);
		t->link_top = number(&r, n, "link-top", 0, 2);
		t->link_height = number(&r, n, "link-height", 0, 3);
		n = src_child(root, "spacing");
		t->block = length(&r, n, "block");
		t->box_space = length(&r, n, "box");
		t->list_indent = length(&r, n, "list-indent");
		t->steps_indent = number(&r, n, "steps-indent", 0, 10);
		t->label_gap = length(&r, n, "label-gap");
		t->item = length(&r, n, "item");
		t->rule = length(&r, n, "rule");
		t->thin_rule = length(&r, n, "thin-rule");
		t->accent_rule = length(&r, n, "accent-rule");
		t->strong_rule = length(&r, n, "strong-rule");
		t->short_rule = number(&r, n, "short-rule", 0, 1);
		t->head_gap = length(&r, n, "head-gap");
		t->head_rule = length(&r, n, "head-rule");
		t->folio_gap = length(&r, n, "folio-gap");
		t->form_line = length(&r, n, "form-line");
		t->notes_line = length(&r, n, "notes-line");
		n = src_child(root, "boxes");
		t->notice_pad = length(&r, n, "notice-padding");
		t->notice_rule = length(&r, n, "notice-rule");
		t->card_pad = length(&r, n, "card-padding");
		t->cell_pad = length(&r, n, "cell-padding");
		t->cell_slack = length(&r, n, "cell-slack");
		t->box_move = number(&r, n, "move", 0, 1);
		/* optional: a template without it leaves pages ragged at the foot */
		n = src_child(root, "pages");
		t->page_stretch = n != NULL && xmlHasProp(n, (const xmlChar *)"stretch") ?
		    number(&r, n, "stretch", 0, 10) : 0;
		t->image_max_h = number(&r, src_child(root, "images"), "max-height", 0, 1);
		n = src_child(root, "form");
		t->form_space = length(&r, n, "space");
		t->form_field_space = length(&r, n, "field-space");
		t->form_tighten = number(&r, n, "tighten", 0.5, 1);
		n = src_child(root, "contacts");
		t->contact_tab = number(&r, n, "tab", 0, 1);
		t->contact_label_gap = length(&r, n, "label-gap");
		t->contact_note = length(&r, n, "note");
		t->dir_space = length(&r, n, "directory-space");
		t->dir_rule = length(&r, n, "directory-rule");
		n = src_child(root, "contents");
		t->toc_indent = number(&r, n, "indent", 0, 10);
		t->toc_number = number(&r, n, "number", 0, 10);
		t->toc_gap = length(&r, n, "gap");
		n = src_child(root, "cover");
		t->cover_band = length(&r, n, "band");
		t->cover_title = number(&r, n, "title", 0, 1);
		t->cover_date = length(&r, n, "date");
		t->cover_strip = length(&r, n, "strip");
		t->cover_strip_rule = length(&r, n, "strip-rule");
		t->cover_phone = length(&r, n, "phone");
		t->cover_strip_end = length(&r, n, "strip-end");
		n = src_child(root, "colophon");
		t->colophon_top = number(&r, n, "top", 0, 1);
		t->colophon_rule = length(&r, n, "rule");
		t->colophon_gap = number(&r, n, "gap", 0, 10);
		t->colophon_small_gap = number(&r, n, "small-gap", 0, 10);
		t->colophon_baseline = number(&r, n, "baseline", 0, 2);
		n = src_child(root, "draft");
		t->draft_color.c = number(&r, n, "c", 0, 1);
		t->draft_color.m = number(&r, n, "m", 0, 1);
		t->draft_color.y = number(&r, n, "y", 0, 1);
		t->draft_color.k = number(&r, n, "k", 0, 1);
		t->draft_angle = number(&r, n, "angle", -90, 90);
		t->draft_size = number(&r, n, "size", 0.1, 1);
		t->draft_outline = length(&r, n, "outline");
		t->draft_cap = number(&r, n, "cap-height", 0, 1);
		read_hyphenation(&r, src_child(root, "hyphenation"), t);
		if (!r.failed && (template_column(t) < 72 || t->top + t->bottom > t->trim_h - 144))
			fail(&r, root, "the margins leave too little room for text");
	}
	xmlFreeDoc(doc);
	if (r.failed) {
		template_free(t);
		return NULL;
	}
	return t;
}

void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < TF__MAX; i++)
		g_free(t->font_file[i]);
	g_free(t->hyph_dict_es);
	g_free(t->hyph_dict_en);
	g_free(t->file);
	g_free(t);
}

double
template_column(const struct template *t)
{
	return t->trim_w - t->inner - t->outer;
}
