/* office.c: the national office's pages (issue 18): the edition at a glance, a draft built in
 * the background, publishing.  See office.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "check.h"
#include "diff.h"
#include "guide.h"
#include "office.h"
#include "signoff.h"
#include "snapshot.h"

/* ----- helpers shared with printer.c ----- */

char *
office_time(gint64 t)
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	char *s = g_date_time_format(d, "%Y-%m-%d %H:%M UTC");

	g_date_time_unref(d);
	return s;
}

char *
office_dir(struct desk *d, const char *name)
{
	char *dir = g_build_filename(d->st.dir, name, NULL);

	g_mkdir_with_parents(dir, 0700);
	return dir;
}

gboolean
office_plain_name(const char *s)
{
	gsize n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > 120 || s[0] == '.' || s[0] == '-')
		return FALSE;
	for (gsize i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '_')
			return FALSE;
	return strstr(s, "..") == NULL;
}

void
office_log(struct req *r, const char *fmt, ...)
{
	va_list ap;
	GDateTime *t;
	char *ts, *what;

	if (r->d->log == NULL)
		return;
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_strdelimit(what, "\t\r\n", ' ');
	t = g_date_time_new_now_utc();
	ts = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
	fprintf(r->d->log, "%s\t%s\t%s\t-\t-\t%s\n", ts,
	    r->sess != NULL && r->sess->user != NULL ? r->sess->user->login : "-", what, r->addr);
	fflush(r->d->log);
	g_free(ts);
	g_date_time_unref(t);
	g_free(what);
}

void
office_send_file(struct req *r, const char *dir, const char *name, const char *edition)
{
	char *path = g_build_filename(dir, name, NULL);
	int fd = office_plain_name(name) ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	GMappedFile *mf = NULL;
	struct stat st = { 0 };

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		mf = st.st_size > 0 ? g_mapped_file_new_from_fd(fd, FALSE, NULL) : NULL;
	if (fd >= 0 && mf == NULL && S_ISREG(st.st_mode) && st.st_size == 0) {
		GBytes *b = g_bytes_new_static("", 0);

		req_bytes(r, "application/octet-stream", b, name);
		g_bytes_unref(b);
		office_log(r, "DOWNLOAD %s %s (0 bytes)", edition, name);
	} else if (mf == NULL)
		req_error(r, 404, "No hay ese archivo.");
	else {
		GBytes *b = g_mapped_file_get_bytes(mf);
		const char *type = g_str_has_suffix(name, ".pdf") ? "application/pdf" :
		    g_str_has_suffix(name, ".json") ? "application/json" :
		    g_str_has_suffix(name, ".txt") ? "text/plain; charset=utf-8" : "application/octet-stream";

		req_bytes(r, type, b, name);
		office_log(r, "DOWNLOAD %s %s (%" G_GSIZE_FORMAT " bytes)", edition, name, g_bytes_get_size(b));
		g_bytes_unref(b);
		g_mapped_file_unref(mf);
	}
	if (fd >= 0)
		close(fd);
	g_free(path);
}

/* ----- a `paisano` process ----- */

static void run_read(GObject *src, GAsyncResult *res, gpointer data);

/* The run is over when the process has exited and its output has been read to the end. */
static void
run_over(struct run *r)
{
	if (!r->exited || r->in != NULL || !r->running)
		return;
	r->running = FALSE;
	r->ended = g_get_real_time() / G_USEC_PER_SEC;
	r->seconds = (double)(g_get_monotonic_time() - r->t0) / 1e6;
	if (r->done != NULL)
		r->done(r);
}

static void
run_exited(GObject *src, GAsyncResult *res, gpointer data)
{
	struct run *r = data;
	GSubprocess *sp = G_SUBPROCESS(src);

	if (g_subprocess_wait_finish(sp, res, NULL) && g_subprocess_get_if_exited(sp))
		r->status = g_subprocess_get_exit_status(sp);
	else
		r->status = -1;
	g_object_unref(sp);
	r->exited = TRUE;
	run_over(r);
}

/* Its output, a line at a time, to the end of the stream. */
static void
run_read(GObject *src, GAsyncResult *res, gpointer data)
{
	struct run *r = data;
	GDataInputStream *in = G_DATA_INPUT_STREAM(src);
	gsize len;
	char *line = g_data_input_stream_read_line_finish_utf8(in, res, &len, NULL);

	if (line == NULL) {
		g_object_unref(in);
		if (r->in == in) {
			r->in = NULL;
			run_over(r);
		}
		return;
	}
	if (r->in == in && r->err != NULL && r->err->len < (1 << 20))
		g_string_append_printf(r->err, "%s\n", line);
	g_free(line);
	g_data_input_stream_read_line_async(in, G_PRIORITY_DEFAULT, NULL, run_read, r);
}

gboolean
run_start(struct run *r, const char *const *argv)
{
	GError *err = NULL;
	GSubprocess *sp = g_subprocess_newv(argv, r->merge ? G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE :
	    G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &err);

	if (r->err == NULL)
		r->err = g_string_new(NULL);
	r->started = g_get_real_time() / G_USEC_PER_SEC;
	r->t0 = g_get_monotonic_time();
	r->ended = 0;
	if (sp == NULL) {
		g_string_append_printf(r->err, "no se pudo iniciar %s: %s\n", argv[0], err->message);
		g_error_free(err);
		r->status = -1;
		r->running = FALSE;
		return FALSE;
	}
	r->running = TRUE;
	r->exited = FALSE;
	{
		GDataInputStream *in = g_data_input_stream_new(r->merge ? g_subprocess_get_stdout_pipe(sp) :
		    g_subprocess_get_stderr_pipe(sp));

		r->in = in;
		g_data_input_stream_read_line_async(in, G_PRIORITY_DEFAULT, NULL, run_read, r);
	}
	g_subprocess_wait_async(sp, NULL, run_exited, r);
	return TRUE;
}

void
run_clear(struct run *r)
{
	g_free(r->what);
	g_free(r->who);
	g_free(r->edition);
	if (r->err != NULL)
		g_string_free(r->err, TRUE);
	memset(r, 0, sizeof(*r));
}

void
run_lines_html(GString *b, const struct run *r, guint max)
{
	char **lines = g_strsplit(r->err != NULL ? r->err->str : "", "\n", -1);
	guint n = g_strv_length(lines), first;

	while (n > 0 && lines[n - 1][0] == '\0')
		n--;
	first = n > max ? n - max : 0;
	if (n == 0) {
		g_strfreev(lines);
		return;
	}
	g_string_append(b, "<ul class=\"salida\">\n");
	for (guint i = first; i < n; i++)
		if (lines[i][0] != '\0')
			html_printf(b, "<li><code>%s</code></li>\n", lines[i]);
	g_string_append(b, "</ul>\n");
	g_strfreev(lines);
}

/* The desk's one build or publication at a time (a desk is one process). */
static struct run draft, pub;

gboolean
office_busy(void)
{
	return draft.running || pub.running;
}

/* ----- the edition at a glance ----- */

enum so_state { SO_NOT_NEEDED, SO_CURRENT, SO_STALE, SO_UNBOUND, SO_MISSING };

struct glance_row {
	char		*agency;
	gboolean	 in_edition;
	int		 errors, warnings;
	enum so_state	 so;
	char		*so_editor, *so_date;
	GPtrArray	*todo;		/* the season's checklist: "line: message [check]" */
	/* from the store, on the main loop */
	gint64		 cur;
	gint64		 cur_time;
	char		*cur_author;
	char		*pages;
};

struct glance {
	struct req	*r;
	char		*src;
	char		*edition;
	char		**ids;
	GPtrArray	*rows;		/* struct glance_row * */
	char		*error;		/* the edition could not be opened */
	int		 manifest_errors, manifest_warnings;
	gboolean	 final;
	char		*version;
};

static void
glance_row_free(gpointer p)
{
	struct glance_row *w = p;

	g_free(w->agency);
	g_free(w->so_editor);
	g_free(w->so_date);
	g_ptr_array_free(w->todo, TRUE);
	g_free(w->cur_author);
	g_free(w->pages);
	g_free(w);
}

static gboolean
season_check(const char *name)
{
	return strcmp(name, "season") == 0 || strcmp(name, "validity") == 0 || strcmp(name, "sources") == 0;
}

/* On a thread of its own: what `paisano check --edition` says, agency by agency, and each
 * agency's sign-off as check_signoff() reads it. */
static gpointer
glance_thread(gpointer p)
{
	struct glance *gl = p;
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	GError *err = NULL;
	char *manifest = g_strdup_printf("%s/editions/%s.xml", gl->src, gl->edition);

	if (guide_open(&g, gl->src, gl->edition, NULL, dl, &err) != 0) {
		gl->error = g_strdup(err != NULL ? err->message : "no se pudo abrir la edición");
		g_clear_error(&err);
	} else if (g.model != NULL) {
		struct check_opts opts = { .src_root = g.root };

		check_model(g.model, &opts, dl);
		diag_sort(dl);
	}
	if (g.model != NULL && g.model->edition != NULL) {
		gl->final = g.model->edition->status == STATUS_FINAL;
		gl->version = g_strdup(g.model->edition->version);
	}
	for (guint i = 0; i < diag_len(dl); i++) {
		const struct diag *x = diag_get(dl, i);

		if (strcmp(x->file, manifest) == 0 && strcmp(diag_check_name(x->id), "sign-off") != 0) {
			if (x->level == DIAG_ERROR)
				gl->manifest_errors++;
			else
				gl->manifest_warnings++;
		}
	}
	for (char **id = gl->ids; *id != NULL; id++) {
		struct glance_row *w = g_new0(struct glance_row, 1);
		char *file = g_strdup_printf("%s/agencies/%s.xml", gl->src, *id);

		w->agency = g_strdup(*id);
		w->todo = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < diag_len(dl); i++) {
			const struct diag *x = diag_get(dl, i);

			if (strcmp(x->file, file) != 0)
				continue;
			if (x->level == DIAG_ERROR)
				w->errors++;
			else
				w->warnings++;
			if (season_check(diag_check_name(x->id)))
				g_ptr_array_add(w->todo, g_strdup_printf("línea %d: %s [%s]", x->line, x->text,
				    diag_check_name(x->id)));
		}
		if (g.model != NULL && g.model->edition != NULL)
			for (guint i = 0; i < g.model->agencies->len; i++) {
				const struct agency *a = g.model->agencies->pdata[i];
				const struct signoff *s;
				char *now;

				if (strcmp(a->id, *id) != 0)
					continue;
				w->in_edition = a->in_edition;
				if (!a->in_edition)
					break;
				if ((s = signoff_find(g.model->edition, a->id)) == NULL) {
					w->so = SO_MISSING;
					break;
				}
				w->so_editor = g_strdup(s->editor);
				w->so_date = model_date_iso(s->date);
				now = signoff_agency_hash(g.model, a->id, NULL);
				w->so = s->sha256 == NULL ? SO_UNBOUND : now != NULL && strcmp(now, s->sha256) == 0 ?
				    SO_CURRENT : SO_STALE;
				g_free(now);
			}
		g_ptr_array_add(gl->rows, w);
		g_free(file);
	}
	g_free(manifest);
	guide_close(&g);
	diag_list_free(dl);
	return NULL;
}

static gboolean
blocks(const struct glance_row *w)
{
	return w->errors > 0 || (w->in_edition && w->so != SO_CURRENT);
}

static int
row_order(gconstpointer a, gconstpointer b)
{
	const struct glance_row *x = *(struct glance_row *const *)a, *y = *(struct glance_row *const *)b;

	if (blocks(x) != blocks(y))
		return blocks(x) ? -1 : 1;
	if (x->errors != y->errors)
		return y->errors - x->errors;
	if (x->so != y->so)
		return (int)y->so - (int)x->so;
	if ((int)x->todo->len != (int)y->todo->len)
		return (int)y->todo->len - (int)x->todo->len;
	if (x->warnings != y->warnings)
		return y->warnings - x->warnings;
	return strcmp(x->agency, y->agency);
}

/* The pages the agency's last proofs show (DATA/proofs/ID/NAME-pN.png): "12-15, 20". */
static char *
proof_pages(struct desk *d, const char *agency)
{
	char *dir = g_strdup_printf("%s/proofs/%s", d->st.dir, agency);
	GDir *gd = g_dir_open(dir, 0, NULL);
	GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
	GString *s = g_string_new(NULL);
	const char *n;

	while (gd != NULL && (n = g_dir_read_name(gd)) != NULL) {
		const char *pg = g_strrstr(n, "-p");

		if (g_str_has_suffix(n, ".png") && pg != NULL && atoi(pg + 2) > 0) {
			int v = atoi(pg + 2);

			g_array_append_val(pages, v);
		}
	}
	if (gd != NULL)
		g_dir_close(gd);
	g_free(dir);
	for (guint i = 1; i < pages->len; i++)
		for (guint j = i; j > 0 && g_array_index(pages, int, j - 1) > g_array_index(pages, int, j); j--) {
			int t = g_array_index(pages, int, j);

			g_array_index(pages, int, j) = g_array_index(pages, int, j - 1);
			g_array_index(pages, int, j - 1) = t;
		}
	for (guint i = 0; i < pages->len;) {
		guint j = i;

		while (j + 1 < pages->len && g_array_index(pages, int, j + 1) <= g_array_index(pages, int, j) + 1)
			j++;
		g_string_append_printf(s, "%s%d", s->len > 0 ? ", " : "", g_array_index(pages, int, i));
		if (g_array_index(pages, int, j) != g_array_index(pages, int, i))
			g_string_append_printf(s, "–%d", g_array_index(pages, int, j));
		i = j + 1;
	}
	g_array_free(pages, TRUE);
	return g_string_free(s, FALSE);
}

static const char *
so_text(enum so_state s)
{
	switch (s) {
	case SO_CURRENT: return "vigente";
	case SO_STALE: return "desactualizada";
	case SO_UNBOUND: return "sin contenido firmado (vuelva a firmar)";
	case SO_MISSING: return "falta";
	default: return "no hace falta (sin contenido en la edición)";
	}
}

static void
run_html(GString *b, const struct run *r, const char *title)
{
	char *start;

	if (r->started == 0)
		return;
	start = office_time(r->started);
	if (r->running)
		html_printf(b, "<p class=\"notice\" id=\"%s-estado\">%s de %s en curso: lo inició %s el %s. "
		    "<a href=\"/oficina/trabajos\">Ver el avance</a>.</p>\n", r->what, title, r->edition, r->who, start);
	else
		html_printf(b, "<p id=\"%s-estado\">Último %s: %s, iniciado por %s el %s: <strong class=\"%s\">%s</strong> "
		    "(<a href=\"/oficina/trabajos\">detalles</a>).</p>\n", r->what, title, r->edition, r->who, start,
		    r->status == 0 ? "ok" : "error", r->status == 0 ? "terminó bien" : "no terminó");
	g_free(start);
}

static gboolean
glance_done(gpointer p)
{
	struct glance *gl = p;
	struct req *r = gl->r;
	struct store *st = &r->d->st;
	GString *b = g_string_new(NULL);
	guint nblock = 0;

	for (guint i = 0; i < gl->rows->len; i++) {
		struct glance_row *w = gl->rows->pdata[i];
		struct submission *sub;

		w->cur = store_current(st, w->agency, NULL);
		sub = w->cur != 0 ? store_sub_get(st, w->cur, FALSE) : NULL;
		if (sub != NULL) {
			w->cur_time = sub->time;
			w->cur_author = g_strdup(sub->author);
		}
		submission_free(sub);
		w->pages = proof_pages(r->d, w->agency);
		nblock += blocks(w);
	}
	g_ptr_array_sort(gl->rows, row_order);
	html_printf(b, "<p>Edición en preparación: <strong id=\"edicion\">%s</strong>%s%s%s.</p>\n", gl->edition,
	    gl->version != NULL ? " (versión " : "", gl->version != NULL ? gl->version : "", gl->version != NULL ? ")" : "");
	if (gl->error != NULL)
		html_printf(b, "<p class=\"error\" role=\"alert\">No se pudo revisar la edición: %s</p>\n", gl->error);
	if (nblock > 0 || gl->manifest_errors > 0 || !gl->final)
		html_printf(b, "<p class=\"warning\" id=\"resumen\">Todavía no se puede publicar: %u agencia%s con errores o sin "
		    "firma vigente%s%s.</p>\n", nblock, nblock == 1 ? "" : "s",
		    gl->manifest_errors > 0 ? "; errores en el manifiesto de la edición" : "",
		    gl->final ? "" : "; la edición es un borrador (status=\"draft\")");
	else
		g_string_append(b, "<p class=\"ok\" id=\"resumen\">Nada bloquea la publicación según la revisión de las fuentes.</p>\n");
	html_printf(b, "<p><a href=\"/oficina/trabajos\">Borrador y publicación</a> · <a href=\"/oficina/cambios\">Cambios desde "
	    "la edición anterior</a> · <a href=\"/imprenta\">Imprenta</a> · "
	    "<a href=\"/agencias\">Secciones</a></p>\n");
	run_html(b, &draft, "borrador");
	run_html(b, &pub, "publicación");
	g_string_append(b, "<div class=\"wrap\"><table id=\"vistazo\">\n<caption>La edición de un vistazo: primero lo que impide publicar</caption>\n"
	    "<thead><tr><th scope=\"col\">Agencia</th><th scope=\"col\">Versión actual</th><th scope=\"col\">Errores</th>"
	    "<th scope=\"col\">Advertencias</th><th scope=\"col\">Firma</th><th scope=\"col\">Páginas</th>"
	    "<th scope=\"col\">Pendientes de la temporada</th></tr></thead>\n<tbody>\n");
	for (guint i = 0; i < gl->rows->len; i++) {
		struct glance_row *w = gl->rows->pdata[i];
		char *when = w->cur != 0 ? office_time(w->cur_time) : NULL;
		GString *so = g_string_new(NULL), *todo = g_string_new(NULL);

		html_printf(so, "<span class=\"%s\">%s</span>", w->so == SO_CURRENT || w->so == SO_NOT_NEEDED ? "ok" :
		    w->so == SO_MISSING ? "error" : "warning", so_text(w->so));
		if (w->so_editor != NULL)
			html_printf(so, "<br>%s, %s", w->so_editor, w->so_date);
		if (w->todo->len == 0)
			g_string_append(todo, "—");
		else {
			html_printf(todo, "<details><summary>%u</summary><ul>", w->todo->len);
			for (guint k = 0; k < w->todo->len; k++)
				html_printf(todo, "<li>%s</li>", (char *)w->todo->pdata[k]);
			g_string_append(todo, "</ul></details>");
		}
		html_printf(b, "<tr id=\"fila-%s\"><th scope=\"row\"><a href=\"/agencia/%s\">%s</a> "
		    "<a href=\"/oficina/cambios?agencia=%s\">(cambios)</a></th>", w->agency, w->agency, w->agency, w->agency);
		if (when != NULL)
			html_printf(b, "<td>%ld, %s, %s</td>", w->cur, when, w->cur_author);
		else
			g_string_append(b, "<td>—</td>");
		html_printf(b, "<td class=\"%s\">%d</td><td>%d</td><td>%H</td><td>%s</td><td>%H</td></tr>\n",
		    w->errors > 0 ? "error" : "", w->errors, w->warnings, so->str, w->pages[0] != '\0' ? w->pages : "—", todo->str);
		g_free(when);
		g_string_free(so, TRUE);
		g_string_free(todo, TRUE);
	}
	g_string_append(b, "</tbody></table></div>\n<p>Errores y advertencias: los de <code>paisano check</code> para cada archivo "
	    "de agencia. Firma: la de <code>paisano signoff</code>, vigente si cubre el contenido actual. Páginas: las de las "
	    "últimas pruebas de la agencia. Pendientes: lo que pide la temporada (variantes, vigencia de los datos, fuentes).</p>\n");
	req_page(r, 200, "La edición de un vistazo", b->str);
	g_string_free(b, TRUE);
	soup_server_message_unpause(r->msg);
	req_finish(r);
	g_ptr_array_free(gl->rows, TRUE);
	g_strfreev(gl->ids);
	g_free(gl->src);
	g_free(gl->edition);
	g_free(gl->error);
	g_free(gl->version);
	g_free(gl);
	return G_SOURCE_REMOVE;
}

static gpointer
glance_run(gpointer p)
{
	glance_thread(p);
	g_main_context_invoke(NULL, glance_done, p);
	return NULL;
}

void
route_office(struct req *r, struct session *s, struct store *st)
{
	struct glance *gl;
	char *ed = desk_edition(r->d);

	(void)s, (void)st;
	if (ed == NULL) {
		req_page(r, 200, "La edición de un vistazo", "<p>No hay ninguna edición en preparación: "
		    "<a href=\"/oficina/nueva\">empiece la siguiente</a>.</p>\n");
		return;
	}
	gl = g_new0(struct glance, 1);
	gl->r = r;
	gl->src = g_strdup(r->d->src);
	gl->edition = ed;
	gl->ids = desk_agencies(r->d);
	gl->rows = g_ptr_array_new_with_free_func(glance_row_free);
	req_pause(r);
	g_thread_unref(g_thread_new("glance", glance_run, gl));
}

/* ----- a draft, and publishing ----- */

static void
draft_done(struct run *r)
{
	(void)r;
}

void printer_after_publish(struct desk *, const char *edition);

static void
pub_done(struct run *r)
{
	if (r->status == 0) {
		char *key = g_strdup_printf("published:%s", r->edition), *v = g_strdup_printf("%s\t%" G_GINT64_FORMAT, r->who, r->ended);

		store_setting_set(&r->d->st, key, v);
		g_free(key);
		g_free(v);
		printer_after_publish(r->d, r->edition);
	}
}

static void
busy_page(struct req *r)
{
	struct run *x = draft.running ? &draft : &pub;
	char *when = office_time(x->started), *msg;

	msg = g_strdup_printf("Ya hay un trabajo en curso (%s de %s, iniciado por %s el %s): se hace uno a la vez. "
	    "Espere a que termine; los envíos de las agencias siguen funcionando mientras tanto.", x->what, x->edition, x->who, when);
	req_error(r, 409, msg);
	g_free(msg);
	g_free(when);
}

/* One of the office's two jobs on the edition in preparation: what differs between a draft and the publication. */
struct office_job {
	struct run *run;
	const char *none;	/* the 409 when no edition is in preparation */
	const char *dir;	/* where its output goes, under the store */
	const char *what;	/* its name on the jobs page */
	const char *command;	/* paisano's command it runs */
	int verbose;		/* -v: the draft's result lines come from it */
	int by;			/* --by LOGIN: publishing records who */
	const char *log;	/* its word in the office log */
	void (*done)(struct run *);
};

static const struct office_job draft_job = {
	&draft, "No hay ninguna edición en preparación que construir.", "borradores", "borrador",
	"build", 1, 0, "BUILD", draft_done
};
static const struct office_job pub_job = {
	&pub, "No hay ninguna edición en preparación que publicar.", "imprenta", "publicación",
	"publish", 0, 1, "PUBLISH", pub_done
};

/* Starts job j on the edition in preparation, one job at a time, and sends the user to the jobs page. */
static void
start_job(struct req *r, struct session *s, const struct office_job *j)
{
	char *ed = desk_edition(r->d), *out;
	struct run *x = j->run;
	const char *argv[16];
	int n = 0;

	if (ed == NULL) {
		req_error(r, 409, j->none);
		return;
	}
	if (office_busy()) {
		g_free(ed);
		busy_page(r);
		return;
	}
	out = office_dir(r->d, j->dir);
	run_clear(x);
	x->d = r->d;
	x->what = g_strdup(j->what);
	x->who = g_strdup(s->user->login);
	x->edition = ed;
	x->done = j->done;
	argv[n++] = r->d->self;
	argv[n++] = j->command;
	if (j->verbose)
		argv[n++] = "-v";
	argv[n++] = "--src";
	argv[n++] = r->d->src;
	argv[n++] = "--templates";
	argv[n++] = r->d->templates;
	argv[n++] = "--edition";
	argv[n++] = ed;
	argv[n++] = "-o";
	argv[n++] = out;
	if (j->by) {
		argv[n++] = "--by";
		argv[n++] = s->user->login;
	}
	argv[n] = NULL;
	run_start(x, argv);
	office_log(r, "%s %s", j->log, ed);
	g_free(out);
	req_redirect(r, "/oficina/trabajos");
}

void
route_office_build(struct req *r, struct session *s, struct store *st)
{
	(void)st;
	start_job(r, s, &draft_job);
}

void
route_office_publish(struct req *r, struct session *s, struct store *st)
{
	(void)st;
	start_job(r, s, &pub_job);
}

/* The lines of a finished build that say what it made: pages per language, warnings, time. */
static void
draft_result_html(GString *b, const struct run *r)
{
	char **lines = g_strsplit(r->err != NULL ? r->err->str : "", "\n", -1);
	GString *ul = g_string_new(NULL);

	for (char **l = lines; *l != NULL; l++) {
		unsigned pages, notes;
		char lang[8];

		if (sscanf(*l, "paisano: %7[a-z]: %u pages (a multiple of 4 for saddle stitching, with %u", lang, &pages, &notes) == 3)
			html_printf(ul, "<li>%s: %u páginas (%u de notas)</li>\n", strcmp(lang, "es") == 0 ? "español" :
			    strcmp(lang, "en") == 0 ? "inglés" : lang, pages, notes);
		else if (strstr(*l, " warning") != NULL && strstr(*l, "(the build goes on)") != NULL)
			html_printf(ul, "<li>Advertencias: %d</li>\n", atoi(*l + strlen("paisano: ")));
	}
	g_string_append_printf(ul, "<li>Tiempo: %.1f s</li>\n", r->seconds);
	html_printf(b, "<ul id=\"borrador-resultado\">\n%H</ul>\n", ul->str);
	g_string_free(ul, TRUE);
	g_strfreev(lines);
}

static char *
draft_dir(struct desk *d, const char *edition)
{
	return g_build_filename(d->st.dir, "borradores", edition, NULL);
}

/* The regular files at the top of the draft's directory, sorted. */
static GPtrArray *
plain_files(const char *dir)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	GDir *gd = g_dir_open(dir, 0, NULL);
	const char *n;

	while (gd != NULL && (n = g_dir_read_name(gd)) != NULL) {
		char *p = g_build_filename(dir, n, NULL);

		if (office_plain_name(n) && g_file_test(p, G_FILE_TEST_IS_REGULAR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
			g_ptr_array_add(a, g_strdup(n));
		g_free(p);
	}
	if (gd != NULL)
		g_dir_close(gd);
	for (guint i = 1; i < a->len; i++)
		for (guint j = i; j > 0 && strcmp(a->pdata[j - 1], a->pdata[j]) > 0; j--) {
			gpointer t = a->pdata[j];

			a->pdata[j] = a->pdata[j - 1];
			a->pdata[j - 1] = t;
		}
	return a;
}

void
route_office_draft(struct req *r, struct session *s, struct store *st)
{
	GString *b = g_string_new(NULL);
	char *ed = desk_edition(r->d);

	(void)st;
	html_printf(b, "<p><a href=\"/oficina\">La edición de un vistazo</a> · <a href=\"/imprenta\">Imprenta</a></p>\n"
	    "<h2 id=\"borrador\">Borrador</h2>\n");
	if (draft.started == 0)
		g_string_append(b, "<p id=\"borrador-estado\">No se ha construido ningún borrador desde que arrancó el escritorio.</p>\n");
	else {
		char *start = office_time(draft.started);

		if (draft.running) {
			html_printf(b, "<p class=\"notice\" id=\"borrador-estado\">Construyendo el borrador de %s (lo inició %s el %s; "
			    "van %d s). <a href=\"/oficina/trabajos\">Actualice la página</a> para ver el avance.</p>\n<h3>Avance</h3>\n",
			    draft.edition, draft.who, start, (int)((g_get_monotonic_time() - draft.t0) / G_USEC_PER_SEC));
			run_lines_html(b, &draft, 5);
		} else if (draft.status == 0) {
			char *dir = draft_dir(r->d, draft.edition);
			GPtrArray *files = plain_files(dir);

			html_printf(b, "<p class=\"ok\" id=\"borrador-estado\">El borrador de %s está listo (lo inició %s el %s).</p>\n",
			    draft.edition, draft.who, start);
			draft_result_html(b, &draft);
			g_string_append(b, "<h3>Archivos del borrador</h3>\n<ul id=\"borrador-archivos\">\n");
			for (guint i = 0; i < files->len; i++)
				html_printf(b, "<li><a href=\"/oficina/borrador/archivo?nombre=%s\">%s</a></li>\n",
				    (char *)files->pdata[i], (char *)files->pdata[i]);
			g_string_append(b, "</ul>\n");
			g_ptr_array_free(files, TRUE);
			g_free(dir);
		} else {
			gboolean locked = draft.err != NULL && strstr(draft.err->str, "another build is writing") != NULL;

			html_printf(b, "<p class=\"error\" id=\"borrador-estado\">%s</p>\n<h3>Lo que dijo la construcción</h3>\n",
			    locked ? "Otra construcción de esta edición está escribiendo en el mismo lugar (desde la línea de órdenes): "
			    "se construye una a la vez. Espere a que termine y vuelva a intentarlo." :
			    "El borrador no se pudo construir: las fuentes tienen errores o algo falló. Los mensajes:");
			run_lines_html(b, &draft, 40);
		}
		g_free(start);
	}
	if (ed != NULL && !office_busy())
		html_printf(b, "<form method=\"post\" action=\"/oficina/borrador\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<p><button type=\"submit\">Construir un borrador de %s con las fuentes actuales</button></p>\n</form>\n", s->csrf, ed);
	g_string_append(b, "<h2 id=\"publicar\">Publicar</h2>\n");
	if (pub.started != 0) {
		char *start = office_time(pub.started);

		if (pub.running)
			html_printf(b, "<p class=\"notice\" id=\"publicacion-estado\">Publicando %s (lo inició %s el %s).</p>\n",
			    pub.edition, pub.who, start);
		else if (pub.status == 0)
			html_printf(b, "<p class=\"ok\" id=\"publicacion-estado\">%s publicada por %s el %s. "
			    "La imprenta ya puede descargarla.</p>\n", pub.edition, pub.who, start);
		else {
			html_printf(b, "<p class=\"error\" id=\"publicacion-estado\">No se publicó %s: <code>paisano publish</code> "
			    "la rechazó (nada cambió). Cada motivo:</p>\n", pub.edition);
			run_lines_html(b, &pub, 60);
		}
		g_free(start);
	}
	if (ed != NULL && !office_busy())
		html_printf(b, "<form method=\"post\" action=\"/oficina/publicar\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<p>Publicar aplica las reglas de <code>paisano publish</code>: la edición debe ser final, sin errores, y "
		    "cada agencia con contenido debe haber firmado su contenido actual.</p>\n"
		    "<p><button type=\"submit\">Publicar %s</button></p>\n</form>\n", s->csrf, ed);
	req_page(r, 200, "Borrador y publicación", b->str);
	g_string_free(b, TRUE);
	g_free(ed);
}

void
route_office_draft_file(struct req *r, struct session *s, struct store *st)
{
	const char *name = req_field(r, "nombre");
	char *dir;

	(void)s, (void)st;
	if (draft.started == 0 || draft.running || draft.status != 0 || name == NULL || !office_plain_name(name)) {
		req_error(r, 404, "No hay ese archivo del borrador.");
		return;
	}
	dir = draft_dir(r->d, draft.edition);
	office_send_file(r, dir, name, draft.edition);
	g_free(dir);
}

/* ----- what changed since the previous edition ----- */

struct changes {
	struct req	*r;
	char		*src, *edition, *agency, *tmpdir;
	char		*previous;
	char		*body;		/* the report's <body>, made by diff_write_html (escaped) */
	char		*error;
	guint		 count;
};

static gpointer
changes_thread(gpointer p)
{
	struct changes *c = p;
	struct guide og = { 0 }, ng = { 0 };
	struct diag_list *dl = diag_list_new();
	GError *err = NULL;

	/* The edition in preparation as its sources are now, errors or not (a missing sign-off is an
	 * error in a final edition, and that is when the office wants to see what changed). */
	if (guide_open(&ng, c->src, c->edition, NULL, dl, &err) == 0 && ng.model != NULL && ng.model->edition != NULL)
		snapshot_stamp(ng.model);
	if (ng.model == NULL || ng.model->edition == NULL || ng.model->edition->version == NULL)
		c->error = g_strdup_printf("la edición %s no se puede leer (%s)", c->edition, err != NULL ? err->message : "errores en las fuentes");
	else if (ng.model->edition->previous == NULL)
		c->error = g_strdup_printf("la edición %s no dice cuál es la anterior (previous=)", c->edition);
	else {
		char *snap = g_strdup_printf("%s/published/%s.model.xml", c->src, ng.model->edition->previous);

		c->previous = g_strdup(ng.model->edition->previous);
		g_clear_error(&err);
		/* the previous edition as it was printed: its published snapshot, as paisano diff reads it */
		if (guide_edition(&og, c->src, g_file_test(snap, G_FILE_TEST_IS_REGULAR) ? snap : c->previous, dl, &err) != 0 ||
		    og.model == NULL)
			c->error = g_strdup_printf("la edición anterior %s no se puede leer (%s)", c->previous,
			    err != NULL ? err->message : "errores");
		else {
			struct diff *d = diff_models(og.model, ng.model);
			char *path = g_build_filename(c->tmpdir, "cambios.html", NULL), *html = NULL;

			if (c->agency != NULL)
				diff_keep_agency(d, c->agency);
			c->count = diff_count(d);
			if (diff_write_html(d, path, NULL) && g_file_get_contents(path, &html, NULL, NULL)) {
				char *b = strstr(html, "<body>"), *e = g_strrstr(html, "</body>");

				if (b != NULL && e != NULL && e > b) {
					b += strlen("<body>");
					/* the report's own <h1> gives way to the page's */
					if (strstr(b, "</h1>") != NULL && strstr(b, "</h1>") < e)
						b = strstr(b, "</h1>") + strlen("</h1>");
					c->body = g_strndup(b, (gsize)(e - b));
				}
			}
			g_unlink(path);
			g_free(path);
			g_free(html);
			diff_free(d);
		}
		g_free(snap);
	}
	g_clear_error(&err);
	guide_close(&og);
	guide_close(&ng);
	diag_list_free(dl);
	return NULL;
}

static gboolean
changes_done(gpointer p)
{
	struct changes *c = p;
	struct req *r = c->r;
	GString *b = g_string_new(NULL);
	char **ids = desk_agencies(r->d);

	html_printf(b, "<p><a href=\"/oficina\">La edición de un vistazo</a></p>\n<form method=\"get\" action=\"/oficina/cambios\">\n"
	    "<label for=\"agencia\">Agencia</label>\n<select id=\"agencia\" name=\"agencia\">\n<option value=\"\">Todas</option>\n");
	for (char **id = ids; *id != NULL; id++)
		html_printf(b, "<option value=\"%s\"%H>%s</option>\n", *id, c->agency != NULL && strcmp(c->agency, *id) == 0 ?
		    " selected" : "", *id);
	g_string_append(b, "</select>\n<p><button type=\"submit\">Ver</button></p>\n</form>\n");
	if (c->error != NULL)
		html_printf(b, "<p class=\"error\">No se pudo comparar: %s.</p>\n", c->error);
	else {
		html_printf(b, "<p id=\"cambios-resumen\">%s → %s%s%s: %u cambio%s (los de <code>paisano diff</code>).</p>\n",
		    c->previous, c->edition, c->agency != NULL ? ", agencia " : "", c->agency != NULL ? c->agency : "",
		    c->count, c->count == 1 ? "" : "s");
		html_printf(b, "<div id=\"cambios\">%H</div>\n", c->body != NULL ? c->body : "");
	}
	req_page(r, 200, "Cambios desde la edición anterior", b->str);
	g_string_free(b, TRUE);
	g_strfreev(ids);
	soup_server_message_unpause(r->msg);
	req_finish(r);
	g_rmdir(c->tmpdir);
	g_free(c->tmpdir);
	g_free(c->src);
	g_free(c->edition);
	g_free(c->agency);
	g_free(c->previous);
	g_free(c->body);
	g_free(c->error);
	g_free(c);
	return G_SOURCE_REMOVE;
}

static gpointer
changes_run(gpointer p)
{
	changes_thread(p);
	g_main_context_invoke(NULL, changes_done, p);
	return NULL;
}

void
route_office_changes(struct req *r, struct session *s, struct store *st)
{
	const char *a = req_field(r, "agencia");
	char *ed = desk_edition(r->d), *base;
	struct changes *c;

	(void)s, (void)st;
	if (a != NULL && *a != '\0' && !desk_agency_exists(r->d, a)) {
		g_free(ed);
		req_error(r, 404, "No hay esa agencia.");
		return;
	}
	if (ed == NULL) {
		req_error(r, 404, "No hay ninguna edición en preparación.");
		return;
	}
	c = g_new0(struct changes, 1);
	c->r = r;
	c->src = g_strdup(r->d->src);
	c->edition = ed;
	c->agency = a != NULL && *a != '\0' ? g_strdup(a) : NULL;
	base = office_dir(r->d, "tmp");
	c->tmpdir = g_strdup_printf("%s/cambios-XXXXXX", base);
	g_free(base);
	if (g_mkdtemp(c->tmpdir) == NULL) {
		g_free(c->tmpdir);
		g_free(c->src);
		g_free(c->edition);
		g_free(c->agency);
		g_free(c);
		req_error(r, 500, "El escritorio no puede escribir en su directorio de datos.");
		return;
	}
	req_pause(r);
	g_thread_unref(g_thread_new("changes", changes_run, c));
}

/* ----- starting the next edition: `paisano new-edition` with the form's options ----- */

static struct run next;

static void
next_done(struct run *r)
{
	(void)r;
}

/* A value for an option of new-edition: not empty, not an option itself, printable. */
static gboolean
arg_ok(const char *v, gsize max)
{
	if (v == NULL || *v == '\0' || *v == '-' || strlen(v) > max)
		return FALSE;
	for (const char *p = v; *p != '\0'; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
			return FALSE;
	return TRUE;
}

void
route_office_next(struct req *r, struct session *s, struct store *st)
{
	GString *b = g_string_new(NULL);
	GPtrArray *eds = published_editions(r->d);
	char **ids = guide_edition_ids(r->d->src);
	static const char *const seasons[][2] = { { "semana-santa", "Semana Santa" }, { "verano", "Verano" },
	    { "invierno", "Invierno" } };

	(void)st;
	html_printf(b, "<p><a href=\"/oficina\">La edición de un vistazo</a></p>\n");
	if (next.started != 0) {
		if (next.running)
			html_printf(b, "<p class=\"notice\" id=\"nueva-estado\">Creando la edición %s…</p>\n", next.edition);
		else if (next.status == 0)
			html_printf(b, "<p class=\"ok\" id=\"nueva-estado\">%s creó la edición %s (un borrador). El trabajo que pide "
			    "a cada agencia, según <code>paisano new-edition</code>:</p>\n", next.who, next.edition);
		else
			html_printf(b, "<p class=\"error\" id=\"nueva-estado\"><code>paisano new-edition</code> no creó %s. Lo que dijo:</p>\n",
			    next.edition);
		if (!next.running)
			run_lines_html(b, &next, 200);
	}
	html_printf(b, "<h2>Empezar la siguiente edición</h2>\n<p>Las opciones de <code>paisano new-edition</code>: la edición "
	    "nueva parte de los contenidos de la anterior, con revisión 1, en borrador y sin firmas.</p>\n"
	    "<form method=\"post\" action=\"/oficina/nueva\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"id\">Identificador de la edición nueva (por ejemplo 2027-verano)</label>\n"
	    "<input type=\"text\" id=\"id\" name=\"id\" required pattern=\"[a-z0-9-]+\">\n"
	    "<label for=\"desde\">Edición anterior</label>\n<select id=\"desde\" name=\"desde\">\n", s->csrf);
	for (char **id = ids; id != NULL && *id != NULL; id++)
		html_printf(b, "<option value=\"%s\"%H>%s</option>\n", *id,
		    eds->len > 0 && strcmp(((struct published *)eds->pdata[eds->len - 1])->edition, *id) == 0 ? " selected" : "", *id);
	g_string_append(b, "</select>\n<label for=\"temporada\">Temporada</label>\n<select id=\"temporada\" name=\"temporada\">\n");
	for (guint i = 0; i < G_N_ELEMENTS(seasons); i++)
		html_printf(b, "<option value=\"%s\">%s</option>\n", seasons[i][0], seasons[i][1]);
	g_string_append(b, "</select>\n<label for=\"inicio\">Inicio del operativo</label>\n"
	    "<input type=\"date\" id=\"inicio\" name=\"inicio\" required>\n"
	    "<label for=\"fin\">Fin del operativo</label>\n<input type=\"date\" id=\"fin\" name=\"fin\" required>\n"
	    "<label for=\"fecha\">Fecha de la edición (si se deja vacía, hoy)</label>\n<input type=\"date\" id=\"fecha\" name=\"fecha\">\n"
	    "<p><button type=\"submit\">Crear la edición</button></p>\n</form>\n");
	req_page(r, 200, "La siguiente edición", b->str);
	g_string_free(b, TRUE);
	g_strfreev(ids);
	g_ptr_array_free(eds, TRUE);
}

void
route_office_next_start(struct req *r, struct session *s, struct store *st)
{
	const char *id = req_field(r, "id"), *from = req_field(r, "desde"), *season = req_field(r, "temporada");
	const char *start = req_field(r, "inicio"), *end = req_field(r, "fin"), *date = req_field(r, "fecha");
	const char *argv[20];
	char *op;
	int n = 0;

	(void)st;
	if (!arg_ok(id, 64) || !arg_ok(from, 64) || !arg_ok(season, 20) || !arg_ok(start, 10) || !arg_ok(end, 10) ||
	    (date != NULL && *date != '\0' && !arg_ok(date, 10))) {
		req_error(r, 400, "Llene cada campo: identificador (letras minúsculas, cifras y guiones), edición anterior, "
		    "temporada y las fechas del operativo.");
		return;
	}
	if (next.running) {
		req_error(r, 409, "Ya se está creando una edición; espere a que termine.");
		return;
	}
	op = g_strdup_printf("%s..%s", start, end);
	run_clear(&next);
	next.d = r->d;
	next.what = g_strdup("nueva");
	next.who = g_strdup(s->user->login);
	next.edition = g_strdup(id);
	next.done = next_done;
	next.merge = TRUE;	/* its list of work is on standard output */
	argv[n++] = r->d->self;
	argv[n++] = "new-edition";
	argv[n++] = id;
	argv[n++] = "--src";
	argv[n++] = r->d->src;
	argv[n++] = "--from";
	argv[n++] = from;
	argv[n++] = "--season";
	argv[n++] = season;
	argv[n++] = "--operation";
	argv[n++] = op;
	if (date != NULL && *date != '\0') {
		argv[n++] = "--date";
		argv[n++] = date;
	}
	argv[n] = NULL;
	run_start(&next, argv);
	office_log(r, "NEW-EDITION %s", id);
	g_free(op);
	req_redirect(r, "/oficina/nueva");
}
