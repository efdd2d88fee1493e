/* template.c: reading the page design from templates/ with libxml2 (no network, no DTD). */
#include <stddef.h>
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

/* The template's measures, element by element, in the order they are read (the first error is the
 * one reported): a length (mm or pt), a number in [lo, hi], or one ink of a colour (a number in
 * [0, 1] kept as a float).  The page and margins come before the fonts, colours and styles. */
enum measure_kind { M_LENGTH, M_NUMBER, M_INK };
struct measure {
	const char		*elem, *attr;
	size_t			 off;
	enum measure_kind	 kind;
	double			 lo, hi;
};

#define L(e, a, f)		{ e, a, offsetof(struct template, f), M_LENGTH, 0, 0 }
#define N(e, a, f, lo, hi)	{ e, a, offsetof(struct template, f), M_NUMBER, lo, hi }
#define INK(e, a, f)		{ e, a, offsetof(struct template, draft_color.f), M_INK, 0, 1 }

static const struct measure frame_measures[] = {
	L("page", "width", trim_w),
	L("page", "height", trim_h),
	L("page", "bleed", bleed),
	L("margins", "inner", inner),
	L("margins", "outer", outer),
	L("margins", "top", top),
	L("margins", "bottom", bottom),
};

static const struct measure body_measures[] = {
	N("lines", "ascent", ascent, 0, 1),
	N("lines", "link-top", link_top, 0, 2),
	N("lines", "link-height", link_height, 0, 3),
	L("spacing", "block", block),
	L("spacing", "box", box_space),
	L("spacing", "list-indent", list_indent),
	N("spacing", "steps-indent", steps_indent, 0, 10),
	L("spacing", "label-gap", label_gap),
	L("spacing", "item", item),
	L("spacing", "rule", rule),
	L("spacing", "thin-rule", thin_rule),
	L("spacing", "accent-rule", accent_rule),
	L("spacing", "strong-rule", strong_rule),
	N("spacing", "short-rule", short_rule, 0, 1),
	L("spacing", "head-gap", head_gap),
	L("spacing", "head-rule", head_rule),
	L("spacing", "folio-gap", folio_gap),
	L("spacing", "form-line", form_line),
	L("spacing", "notes-line", notes_line),
	L("boxes", "notice-padding", notice_pad),
	L("boxes", "notice-rule", notice_rule),
	L("boxes", "card-padding", card_pad),
	L("boxes", "cell-padding", cell_pad),
	L("boxes", "cell-slack", cell_slack),
	N("boxes", "move", box_move, 0, 1),
	N("images", "max-height", image_max_h, 0, 1),
	L("form", "space", form_space),
	L("form", "field-space", form_field_space),
	N("form", "tighten", form_tighten, 0.5, 1),
	N("contacts", "tab", contact_tab, 0, 1),
	L("contacts", "label-gap", contact_label_gap),
	L("contacts", "note", contact_note),
	L("contacts", "directory-space", dir_space),
	L("contacts", "directory-rule", dir_rule),
	N("contents", "indent", toc_indent, 0, 10),
	N("contents", "number", toc_number, 0, 10),
	L("contents", "gap", toc_gap),
	L("cover", "band", cover_band),
	N("cover", "title", cover_title, 0, 1),
	L("cover", "date", cover_date),
	L("cover", "strip", cover_strip),
	L("cover", "strip-rule", cover_strip_rule),
	L("cover", "phone", cover_phone),
	L("cover", "strip-end", cover_strip_end),
	N("colophon", "top", colophon_top, 0, 1),
	L("colophon", "rule", colophon_rule),
	N("colophon", "gap", colophon_gap, 0, 10),
	N("colophon", "small-gap", colophon_small_gap, 0, 10),
	N("colophon", "baseline", colophon_baseline, 0, 2),
	INK("draft", "c", c),
	INK("draft", "m", m),
	INK("draft", "y", y),
	INK("draft", "k", k),
	N("draft", "angle", draft_angle, -90, 90),
	N("draft", "size", draft_size, 0.1, 1),
	L("draft", "outline", draft_outline),
	N("draft", "cap-height", draft_cap, 0, 1),
};

#undef L
#undef N
#undef INK

/* Reads the n measures of table m from their elements below root into t. */
static void
read_measures(struct reader *r, xmlNodePtr root, const struct measure *m, size_t n, struct template *t)
{
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr e = src_child(root, m[i].elem);
		char *p = (char *)t + m[i].off;

		if (m[i].kind == M_LENGTH)
			*(double *)(void *)p = length(r, e, m[i].attr);
		else if (m[i].kind == M_NUMBER)
			*(double *)(void *)p = number(r, e, m[i].attr, m[i].lo, m[i].hi);
		else
			*(float *)(void *)p = (float)number(r, e, m[i].attr, m[i].lo, m[i].hi);
	}
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
	xmlNodePtr root;

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
		read_measures(&r, root, frame_measures, G_N_ELEMENTS(frame_measures), t);
		read_fonts(&r, src_child(root, "fonts"), t);
		read_colors(&r, src_child(root, "colors"), &seen, t);
		read_styles(&r, src_child(root, "styles"), t);
		read_measures(&r, root, body_measures, G_N_ELEMENTS(body_measures), t);
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
