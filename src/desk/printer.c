/* printer.c: the print shop's pages (issue 18).  The printer sees published editions only: the
 * editions of guide-src/published/log.tsv, whose files the desk serves only from a directory
 * built from that very snapshot (DATA/imprenta/ID/ID.model.xml has the SHA-256 the log
 * records), never from the drafts (DATA/borradores/).  Every download is logged in desk.log. */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "office.h"
#include "output.h"

void printer_after_publish(struct desk *, const char *edition);

void
published_free(gpointer p)
{
	struct published *x = p;

	g_free(x->edition);
	g_free(x->revision);
	g_free(x->sha256);
	g_free(x->date);
	g_free(x->when);
	g_free(x->by);
	g_free(x);
}

GPtrArray *
published_editions(struct desk *d)
{
	char *path = g_build_filename(d->src, "published", "log.tsv", NULL), *text = NULL;
	GPtrArray *a = g_ptr_array_new_with_free_func(published_free);

	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);

		for (char **l = lines; *l != NULL; l++) {
			char **f;
			guint n;
			struct published *x = NULL;

			if (**l == '#' || **l == '\0')
				continue;
			f = g_strsplit(*l, "\t", 6);
			n = g_strv_length(f);
			if (n >= 3 && office_plain_name(f[0]) && strlen(f[2]) == 64) {
				for (guint i = 0; i < a->len; i++)
					if (strcmp(((struct published *)a->pdata[i])->edition, f[0]) == 0)
						x = a->pdata[i];
				if (x == NULL) {
					x = g_new0(struct published, 1);
					x->edition = g_strdup(f[0]);
					g_ptr_array_add(a, x);
				}
				g_free(x->revision);
				g_free(x->sha256);
				g_free(x->date);
				g_free(x->when);
				g_free(x->by);
				x->revision = g_strdup(f[1]);
				x->sha256 = g_strdup(f[2]);
				x->date = g_strdup(n > 3 ? f[3] : "");
				x->when = g_strdup(n > 4 ? f[4] : "");
				x->by = g_strdup(n > 5 ? f[5] : "");
			}
			g_strfreev(f);
		}
		g_strfreev(lines);
	}
	g_free(text);
	g_free(path);
	return a;
}

static const struct published *
find_published(GPtrArray *a, const char *edition)
{
	for (guint i = 0; edition != NULL && i < a->len; i++)
		if (strcmp(((struct published *)a->pdata[i])->edition, edition) == 0)
			return a->pdata[i];
	return NULL;
}

static char *
edition_dir(struct desk *d, const char *edition)
{
	return g_build_filename(d->st.dir, "imprenta", edition, NULL);
}

/* The directory holds the outputs of the published snapshot itself. */
static gboolean
ready(struct desk *d, const struct published *p)
{
	char *dir = edition_dir(d, p->edition), *name = g_strdup_printf("%s.model.xml", p->edition);
	char *path = g_build_filename(dir, name, NULL), *data = NULL, *h = NULL;
	gsize len;
	gboolean ok = FALSE;

	if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) && g_file_get_contents(path, &data, &len, NULL)) {
		h = desk_sha256_hex(data, len);
		ok = strcmp(h, p->sha256) == 0;
	}
	g_free(h);
	g_free(data);
	g_free(path);
	g_free(name);
	g_free(dir);
	return ok;
}

/* What the printer may download: the print PDFs, the job sheet, the manifest, the preflight
 * reports. */
static gboolean
printer_file(const char *n)
{
	return office_plain_name(n) && (g_str_has_suffix(n, "-print.pdf") || g_str_has_suffix(n, "-imposed.pdf") ||
	    strcmp(n, "jobsheet.txt") == 0 || strcmp(n, "jobsheet.json") == 0 || strcmp(n, "manifest.json") == 0 ||
	    (g_str_has_prefix(n, "preflight-") && g_str_has_suffix(n, ".txt")));
}

/* ----- preparing an edition's files, and the preflight ----- */

static struct run prep, pf;

static void
preflight_done(struct run *r)
{
	char *dir = edition_dir(r->d, r->edition);
	GPtrArray *pdfs = r->data;

	for (guint i = 0; i < pdfs->len; i++) {
		const char *pdf = pdfs->pdata[i];
		char *full = g_build_filename(dir, pdf, NULL), *prefix = g_strdup_printf("%s: ", full);
		char *base = g_strndup(pdf, strlen(pdf) - 4), *name = g_strdup_printf("preflight-%s.txt", base);
		char *out = g_build_filename(dir, name, NULL);
		char **lines = g_strsplit(r->err->str, "\n", -1);
		GString *s = g_string_new(NULL);

		g_string_append_printf(s, "Preflight de %s (%s, salida %d)\n\n", pdf, r->status < 0 ? "no se pudo ejecutar" : "terminado",
		    r->status);
		for (char **l = lines; *l != NULL; l++) {
			if (g_str_has_prefix(*l, prefix))
				g_string_append_printf(s, "%s: %s\n", pdf, *l + strlen(prefix));
			else if (**l != '\0' && strstr(*l, ".pdf: ") == NULL)
				g_string_append_printf(s, "%s\n", *l);
		}
		output_write(out, s->str, s->len, NULL);
		g_string_free(s, TRUE);
		g_strfreev(lines);
		g_free(out);
		g_free(name);
		g_free(base);
		g_free(prefix);
		g_free(full);
	}
	g_ptr_array_free(pdfs, TRUE);
	r->data = NULL;
	g_free(dir);
}

static void
preflight_start(struct desk *d, const char *edition)
{
	char *dir = edition_dir(d, edition);
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free), *pdfs = g_ptr_array_new_with_free_func(g_free);
	GDir *gd = g_dir_open(dir, 0, NULL);
	const char *n, *tool = g_getenv("PAISANO_PREFLIGHT");

	if (pf.running) {
		g_ptr_array_free(argv, TRUE);
		g_ptr_array_free(pdfs, TRUE);
		if (gd != NULL)
			g_dir_close(gd);
		g_free(dir);
		return;
	}
	while (gd != NULL && (n = g_dir_read_name(gd)) != NULL)
		if (office_plain_name(n) && (g_str_has_suffix(n, "-print.pdf") || g_str_has_suffix(n, "-imposed.pdf")))
			g_ptr_array_add(pdfs, g_strdup(n));
	if (gd != NULL)
		g_dir_close(gd);
	g_ptr_array_add(argv, g_strdup(tool != NULL && *tool != '\0' ? tool : "preflight"));
	for (guint i = 0; i < pdfs->len; i++) {
		if (!g_str_has_suffix(pdfs->pdata[i], "-imposed.pdf"))
			g_ptr_array_add(argv, g_strdup("--booklet"));
		g_ptr_array_add(argv, g_build_filename(dir, pdfs->pdata[i], NULL));
	}
	/* --booklet is an option of the whole run: once is enough */
	for (guint i = 2; i < argv->len;)
		if (strcmp(argv->pdata[i], "--booklet") == 0)
			g_ptr_array_remove_index(argv, i);
		else
			i++;
	g_ptr_array_add(argv, NULL);
	run_clear(&pf);
	pf.d = d;
	pf.what = g_strdup("preflight");
	pf.who = g_strdup("-");
	pf.edition = g_strdup(edition);
	pf.done = preflight_done;
	pf.data = pdfs;
	pf.merge = TRUE;
	if (pdfs->len == 0 || !run_start(&pf, (const char *const *)argv->pdata))
		preflight_done(&pf);
	g_ptr_array_free(argv, TRUE);
	g_free(dir);
}

void
printer_after_publish(struct desk *d, const char *edition)
{
	preflight_start(d, edition);
}

static void
prep_done(struct run *r)
{
	if (r->status == 0)
		preflight_start(r->d, r->edition);
}

void
route_printer_prepare(struct req *r, struct session *s, struct store *st)
{
	GPtrArray *eds = published_editions(r->d);
	const struct published *p = find_published(eds, req_field(r, "edicion"));
	char *out, *snap;
	const char *argv[16];
	int n = 0;

	(void)st;
	if (p == NULL) {
		g_ptr_array_free(eds, TRUE);
		req_error(r, 404, "Esa edición no está publicada.");
		return;
	}
	if (office_busy() || prep.running || pf.running) {
		g_ptr_array_free(eds, TRUE);
		req_error(r, 409, "Ya se están preparando archivos; se prepara una edición a la vez. Espere unos minutos.");
		return;
	}
	out = office_dir(r->d, "imprenta");
	snap = g_strdup_printf("%s/published/%s.model.xml", r->d->src, p->edition);
	run_clear(&prep);
	prep.d = r->d;
	prep.what = g_strdup("imprenta");
	prep.who = g_strdup(s->user->login);
	prep.edition = g_strdup(p->edition);
	prep.done = prep_done;
	argv[n++] = r->d->self;
	argv[n++] = "build";
	argv[n++] = "--templates";
	argv[n++] = r->d->templates;
	argv[n++] = "--snapshot";
	argv[n++] = snap;
	argv[n++] = "--only";
	argv[n++] = "print";
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n] = NULL;
	run_start(&prep, argv);
	office_log(r, "PREPARE %s", p->edition);
	g_free(snap);
	g_free(out);
	g_ptr_array_free(eds, TRUE);
	req_redirect(r, "/imprenta");
}

void
route_printer(struct req *r, struct session *s, struct store *st)
{
	GPtrArray *eds = published_editions(r->d);
	GString *b = g_string_new(NULL);

	(void)st;
	/* in the print shop's words: no path of the sources' tree */
	g_string_append(b, "<p id=\"imprenta-intro\">Aquí están solo las ediciones ya publicadas, nunca los borradores. "
	    "Cada descarga queda registrada. Si una edición todavía no muestra sus archivos, pulse su botón "
	    "«Preparar los archivos de imprenta»: tardan unos minutos.</p>\n");
	if (eds->len == 0)
		g_string_append(b, "<p>Todavía no hay ninguna edición publicada.</p>\n");
	for (guint i = eds->len; i-- > 0;) {
		const struct published *p = eds->pdata[i];
		char *dir = edition_dir(r->d, p->edition);

		html_printf(b, "<section id=\"edicion-%s\">\n<h2>%s, revisión %s</h2>\n<p>Fecha de la edición %s; publicada %s%s%s. "
		    "SHA-256 de la instantánea: <code>%s</code>.</p>\n", p->edition, p->edition, p->revision, p->date,
		    p->when[0] != '\0' ? p->when : "(sin hora registrada)", p->by[0] != '\0' ? " por " : "", p->by, p->sha256);
		if (ready(r->d, p)) {
			GDir *gd = g_dir_open(dir, 0, NULL);
			GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
			const char *n;

			while (gd != NULL && (n = g_dir_read_name(gd)) != NULL)
				if (printer_file(n))
					g_ptr_array_add(names, g_strdup(n));
			if (gd != NULL)
				g_dir_close(gd);
			for (guint k = 1; k < names->len; k++)
				for (guint j = k; j > 0 && strcmp(names->pdata[j - 1], names->pdata[j]) > 0; j--) {
					gpointer t = names->pdata[j];

					names->pdata[j] = names->pdata[j - 1];
					names->pdata[j - 1] = t;
				}
			html_printf(b, "<ul id=\"archivos-%s\">\n", p->edition);
			for (guint k = 0; k < names->len; k++) {
				const char *f = names->pdata[k];
				const char *what = g_str_has_suffix(f, "-imposed.pdf") ? "PDF impuesto para imprenta" :
				    g_str_has_suffix(f, "-print.pdf") ? "PDF para imprenta" : strcmp(f, "jobsheet.txt") == 0 ?
				    "Hoja de trabajo" : strcmp(f, "jobsheet.json") == 0 ? "Hoja de trabajo (JSON)" :
				    strcmp(f, "manifest.json") == 0 ? "Manifiesto de la construcción" : "Informe de preflight";

				html_printf(b, "<li>%s: <a href=\"/imprenta/archivo?edicion=%s&amp;nombre=%s\">%s</a></li>\n",
				    what, p->edition, f, f);
			}
			g_string_append(b, "</ul>\n");
			if (pf.running && strcmp(pf.edition, p->edition) == 0)
				g_string_append(b, "<p class=\"notice\">El preflight de los PDF está en curso; sus informes aparecerán aquí.</p>\n");
			g_ptr_array_free(names, TRUE);
		} else if (prep.running && strcmp(prep.edition, p->edition) == 0)
			g_string_append(b, "<p class=\"notice\">Preparando los archivos de esta edición desde su instantánea publicada. "
			    "<a href=\"/imprenta\">Actualice la página</a> en unos minutos.</p>\n");
		else {
			if (prep.started != 0 && !prep.running && prep.status != 0 && strcmp(prep.edition, p->edition) == 0) {
				g_string_append(b, "<p class=\"error\">No se pudieron preparar los archivos:</p>\n");
				run_lines_html(b, &prep, 20);
			}
			html_printf(b, "<form method=\"post\" action=\"/imprenta/preparar\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"edicion\" value=\"%s\">\n<p><button type=\"submit\">Preparar los archivos de "
			    "imprenta de %s</button></p>\n</form>\n", s->csrf, p->edition, p->edition);
		}
		g_string_append(b, "</section>\n");
		g_free(dir);
	}
	req_page(r, 200, "Imprenta", b->str);
	g_string_free(b, TRUE);
	g_ptr_array_free(eds, TRUE);
}

void
route_printer_file(struct req *r, struct session *s, struct store *st)
{
	GPtrArray *eds = published_editions(r->d);
	const struct published *p = find_published(eds, req_field(r, "edicion"));
	const char *name = req_field(r, "nombre");

	(void)s, (void)st;
	if (p == NULL || name == NULL || !printer_file(name) || !ready(r->d, p))
		req_error(r, 404, "No hay ese archivo de una edición publicada.");
	else {
		char *dir = edition_dir(r->d, p->edition);

		office_send_file(r, dir, name, p->edition);
		g_free(dir);
	}
	g_ptr_array_free(eds, TRUE);
}
