/* edition.c: a season's edition started from the previous one (see edition.h). */
#include <string.h>

#include "check.h"
#include "edition.h"
#include "guide.h"
#include "model.h"
#include "output.h"
#include "source.h"
#include "i18n.h"

static const struct season_words {
	const char	*season;
	const char	*es;
	const char	*en;
} season_words[] = {
	{ "semana-santa", "Semana Santa", "Holy Week" },
	{ "verano", "Verano", "Summer" },
	{ "invierno", "Invierno", "Winter" },
};

char *
edition_title(const char *season, guint year, gboolean english)
{
	for (guint i = 0; i < G_N_ELEMENTS(season_words); i++)
		if (strcmp(season, season_words[i].season) == 0)
			return english ? g_strdup_printf("Paisano Guide · %s Operation %u", season_words[i].en, year) :
			    g_strdup_printf("Guía Paisano · Operativo %s %u", season_words[i].es, year);
	return NULL;
}

/* [a-z0-9]+(-[a-z0-9]+)*, at most 64 characters: the schema's id. */
static gboolean
id_ok(const char *s)
{
	static GRegex *re;
	static gsize once;	/* once for all threads */

	if (g_once_init_enter(&once)) {
		re = g_regex_new("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
		g_once_init_leave(&once, 1);
	}
	return s != NULL && strlen(s) <= 64 && g_regex_match(re, s, 0, NULL);
}

/* The es-hash of a Spanish title, as `paisano stamp` would write it. */
static char *
title_hash(const char *es)
{
	struct model *m = model_new();
	struct srcpos p = { NULL, 0, 0 };
	struct textual t = { { NULL }, { { NULL, 0, 0 } }, NULL, FALSE };
	struct node *n = model_node(m, NODE_TEXT, &p);
	char *h;

	n->u.str = model_strdup(m, es);
	n->raw = n->u.str;
	t.inl[LANG_ES] = n;
	h = model_es_hash(&t);
	model_free(m);
	return h;
}

/* The bytes of an element of a loaded file, from its start tag to its end tag. */
static gboolean
element_bytes(const struct src_file *f, xmlNodePtr n, const char **start, gsize *len)
{
	guint i = GPOINTER_TO_UINT(n->_private);
	const struct src_span *s;

	if (i == 0 || i > f->spans->len)
		return FALSE;
	s = &g_array_index(f->spans, struct src_span, i - 1);
	if (s->end <= s->start || s->end > f->len)
		return FALSE;
	*start = f->buf + s->start;
	*len = s->end - s->start;
	return TRUE;
}

/* The manifest's text: the previous one's contents, everything else new. */
static char *
manifest_text(const struct edition_new_opts *o, const char *contents, gsize clen, gboolean english,
    guint year, const char *start, const char *end, const char *date)
{
	GString *s = g_string_new(NULL);
	char *es = edition_title(o->season, year, FALSE), *es_x = g_markup_escape_text(es, -1);

	g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<?xml-model href=\"../schema/paisano.rng\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n");
	g_string_append_printf(s, "<edition id=\"%s\" xml:lang=\"es\"%s year=\"%u\" season=\"%s\" revision=\"1\" "
	    "status=\"draft\"\n         previous=\"%s\" date=\"%s\">\n", o->id, english ? " languages=\"es en\"" : "",
	    year, o->season, o->from, date);
	if (english) {
		char *en = edition_title(o->season, year, TRUE), *en_x = g_markup_escape_text(en, -1);
		char *h = title_hash(es);

		g_string_append_printf(s, "  <title><text xml:lang=\"es\">%s</text><text xml:lang=\"en\" es-hash=\"%s\">%s</text></title>\n",
		    es_x, h, en_x);
		g_free(h);
		g_free(en_x);
		g_free(en);
	} else
		g_string_append_printf(s, "  <title>%s</title>\n", es_x);
	g_string_append_printf(s, "  <operation start=\"%s\" end=\"%s\"/>\n  ", start, end);
	g_string_append_len(s, contents, (gssize)clen);
	g_string_append(s, "\n  <!-- Each agency editor signs off the revision they reviewed. -->\n"
	    "  <signoffs>\n  </signoffs>\n</edition>\n");
	g_free(es_x);
	g_free(es);
	return g_string_free(s, FALSE);
}

/* The agency a message is about: the name of its agency file, or NULL. */
static char *
agency_of(const char *root, const char *file)
{
	char *dir = g_build_filename(root, "agencies", NULL), *r = NULL;

	if (file != NULL && g_str_has_prefix(file, dir) && g_str_has_suffix(file, ".xml")) {
		r = g_path_get_basename(file);
		r[strlen(r) - 4] = '\0';
	}
	g_free(dir);
	return r;
}

/* The new edition checked: its messages, but the sign-offs that every agency owes a new
 * revision, grouped by agency file. */
static void
print_work(const char *root, const char *id, FILE *out)
{
	struct diag_list *dl = diag_list_new();
	struct guide g;
	struct check_opts co = { NULL };
	const char *file = NULL;
	guint todo = 0, files = 0;

	if (guide_open(&g, root, id, NULL, dl, NULL) != 0 || g.model == NULL) {
		guide_close(&g);
		diag_list_free(dl);
		return;
	}
	co.src_root = g.root;
	check_model(g.model, &co, dl);
	diag_sort(dl);
	fprintf(out, _("\nThe work this edition asks of each agency (paisano check --edition %s reports it until it is done):\n"), id);
	for (guint i = 0; i < diag_len(dl); i++) {
		const struct diag *d = diag_get(dl, i);

		if (strcmp(diag_check_name(d->id), "sign-off") == 0)
			continue;
		if (file == NULL || strcmp(file, d->file) != 0) {
			char *a = agency_of(root, d->file);

			file = d->file;
			files++;
			if (a != NULL)
				fprintf(out, "\n%s (%s)\n", a, d->file);
			else
				fprintf(out, "\n%s\n", d->file);
			g_free(a);
		}
		fprintf(out, "  %d:%d: %s: %s [%s]\n", d->line, d->col, d->level == DIAG_ERROR ? _("error") : _("warning"),
		    d->text, diag_check_name(d->id));
		todo++;
	}
	if (todo == 0)
		fputs(_("\nnothing: every section and fact already holds for this operation\n"), out);
	else {
		/* TRANSLATORS: new-edition: "3 things to do" followed by " in 2 files" */
		fprintf(out, ngettext("\n%u thing to do", "\n%u things to do", todo), todo);
		fprintf(out, ngettext(" in %u file\n", " in %u files\n", files), files);
	}
	fprintf(out, _("Then each agency's editor signs off what they reviewed (paisano signoff --edition %s\n"
	    "--agency ID --editor NAME), the edition becomes status=\"final\" and is published:\n"
	    "paisano publish --edition %s\n"), id, id);
	guide_close(&g);
	diag_list_free(dl);
}

int
edition_new(const struct edition_new_opts *o, FILE *out)
{
	struct diag_list *dl = diag_list_new();
	struct src_file *f = NULL;
	char *edir = g_build_filename(o->src_root, "editions", NULL), *path = NULL, *prev = NULL, *pub = NULL;
	char *start = NULL, *end = NULL, *date = NULL, *text = NULL, *langs = NULL, *title = NULL;
	model_date ds = 0, de = 0;
	xmlNodePtr root, contents = NULL;
	const char *cbytes;
	gsize clen;
	GError *err = NULL;
	int rc = 2;

	if (!id_ok(o->id) || !id_ok(o->from)) {
		fprintf(stderr, _("paisano: an edition id uses lowercase letters, digits and single hyphens "
		    "(e.g. 2027-semana-santa), not \"%s\"\n"), !id_ok(o->id) ? (o->id != NULL ? o->id : "") : o->from);
		goto out;
	}
	if (o->season == NULL || (title = edition_title(o->season, 0, FALSE)) == NULL) {
		fprintf(stderr, _("paisano: --season is semana-santa, verano or invierno, not \"%s\"\n"),
		    o->season != NULL ? o->season : "");
		goto out;
	}
	if (o->operation != NULL && strstr(o->operation, "..") != NULL) {
		const char *dots = strstr(o->operation, "..");

		start = g_strndup(o->operation, (gsize)(dots - o->operation));
		end = g_strdup(dots + 2);
		ds = model_date_parse(start);
		de = model_date_parse(end);
	}
	if (ds == 0 || de == 0 || de < ds) {
		fprintf(stderr, _("paisano: --operation is START..END, two dates YYYY-MM-DD with END not before "
		    "START (e.g. 2027-03-09..2027-04-10), not \"%s\"\n"), o->operation != NULL ? o->operation : "");
		goto out;
	}
	if (o->date != NULL)
		date = g_strdup(o->date);
	else {
		GDateTime *now = g_date_time_new_now_utc();

		date = g_date_time_format(now, "%Y-%m-%d");
		g_date_time_unref(now);
	}
	if (model_date_parse(date) == 0) {
		fprintf(stderr, _("paisano: --date is a date YYYY-MM-DD, not \"%s\"\n"), date);
		goto out;
	}
	if (!g_file_test(edir, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, _("paisano: no source tree at %s (expected %s/); run paisano from the repository's "
		    "top directory or give --src DIR\n"), o->src_root, edir);
		goto out;
	}
	path = g_strdup_printf("%s/%s.xml", edir, o->id);
	pub = g_strdup_printf("%s/published/%s.model.xml", o->src_root, o->id);
	if (g_file_test(path, G_FILE_TEST_EXISTS) || g_file_test(pub, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, _("paisano: edition %s already exists (%s); an edition is started once: choose "
		    "another id, or raise revision= in its manifest\n"), o->id,
		    g_file_test(path, G_FILE_TEST_EXISTS) ? path : pub);
		rc = 1;
		goto out;
	}
	prev = g_strdup_printf("%s/%s.xml", edir, o->from);
	if (!g_file_test(prev, G_FILE_TEST_IS_REGULAR)) {
		char **ids = guide_edition_ids(o->src_root), *list = g_strjoinv(", ", ids);

		fprintf(stderr, _("paisano: no edition \"%s\" to start from: %s not found (editions: %s)\n"), o->from,
		    prev, *list != '\0' ? list : "none");
		g_free(list);
		g_strfreev(ids);
		goto out;
	}
	if ((f = src_load(prev, dl)) == NULL || f->doc == NULL || !src_validate(f, dl) ||
	    (root = xmlDocGetRootElement(f->doc)) == NULL || !xmlStrEqual(root->name, BAD_CAST "edition")) {
		diag_sort(dl);
		diag_print_text(dl, stderr);
		fprintf(stderr, _("paisano: %s is not a valid edition manifest (paisano check %s says why)\n"), prev, prev);
		goto out;
	}
	for (xmlNodePtr k = root->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "contents"))
			contents = k;
	if (contents == NULL || !element_bytes(f, contents, &cbytes, &clen)) {
		fprintf(stderr, _("paisano: cannot find the contents of %s\n"), prev);
		goto out;
	}
	{
		xmlChar *l = xmlGetProp(root, BAD_CAST "languages");

		langs = g_strdup(l != NULL ? (const char *)l : "es");
		xmlFree(l);
	}
	{
		GDate g;
		guint year;

		g_date_clear(&g, 1);
		g_date_set_julian(&g, ds);
		year = g_date_get_year(&g);
		text = manifest_text(o, cbytes, clen, strstr(langs, "en") != NULL, year, start, end, date);
		g_free(title);
		title = edition_title(o->season, year, FALSE);
	}
	if (!output_write(path, text, strlen(text), &err)) {
		fprintf(stderr, _("paisano: cannot write %s: %s\n"), path, err->message);
		g_error_free(err);
		goto out;
	}
	fprintf(out, _("paisano: wrote %s: %s r1, a draft started from %s\n  %s, operation %s to %s\n"), path, o->id,
	    o->from, title, start, end);
	rc = 0;
	src_free(f);
	f = NULL;
	print_work(o->src_root, o->id, out);
out:
	if (f != NULL)
		src_free(f);
	diag_list_free(dl);
	g_free(edir);
	g_free(path);
	g_free(prev);
	g_free(pub);
	g_free(start);
	g_free(end);
	g_free(date);
	g_free(text);
	g_free(langs);
	g_free(title);
	return rc;
}
