/* routes.c: the desk's pages, one function per route, in Spanish.
 *
 * Each route gets the request, the session and the store; serve.c has already checked the
 * role the route table asks for, an editor's agency, and the CSRF token of every POST.  Pages
 * are made with html_printf() (page.c), which escapes every value. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "desk.h"
#include "office.h"

#define FAIL_WINDOW	(15 * 60)	/* seconds the failures of a log-in are counted over */
#define FAIL_LOGIN	5		/* failures per account in the window before it waits */
#define FAIL_ADDR	20		/* failures per address */

static char *
fmt_time(gint64 t)
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	char *s = g_date_time_format(d, "%Y-%m-%d %H:%M UTC");

	g_date_time_unref(d);
	return s;
}

static const char *
result_class(enum sub_result r)
{
	return r == SUB_ACCEPTED || r == SUB_OUTSIDE ? "ok" : r == SUB_CHECKING ? "warning" : "error";
}

/* Line `n` (1-based) of the bytes, at most 400 characters. */
static char *
source_line(GBytes *b, int n)
{
	gsize len;
	const char *p = b != NULL ? g_bytes_get_data(b, &len) : NULL, *end;

	if (p == NULL || n < 1)
		return NULL;
	end = p + len;
	for (int i = 1; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (gsize)(end - p));

		if (nl == NULL)
			return NULL;
		p = nl + 1;
	}
	{
		const char *nl = memchr(p, '\n', (gsize)(end - p));
		gsize l = (gsize)((nl != NULL ? nl : end) - p);
		char *s = g_strndup(p, MIN(l, 1600)), *v = g_utf8_make_valid(s, -1);

		g_free(s);
		if (g_utf8_strlen(v, -1) > 400) {
			char *cut = g_utf8_substring(v, 0, 400);

			g_free(v);
			v = g_strconcat(cut, "…", NULL);
			g_free(cut);
		}
		g_strchomp(v);
		return v;
	}
}

/* The stored messages (line \t col \t level \t check \t text) with the line of the source under
 * each; only_check: those of one check. */
static void
diags_html(GString *s, const char *diags, GBytes *bytes, const char *agency, const char *only_check)
{
	char **lines = g_strsplit(diags != NULL ? diags : "", "\n", -1);
	guint n = 0;

	for (char **l = lines; *l != NULL; l++) {
		char **f = g_strsplit(*l, "\t", 5);

		if (g_strv_length(f) == 5 && (only_check == NULL || strcmp(f[3], only_check) == 0)) {
			int line = atoi(f[0]), col = atoi(f[1]);
			char *src = source_line(bytes, line);

			if (n++ == 0)
				g_string_append(s, "<ol class=\"diags\">\n");
			if (line > 0)
				html_printf(s, "<li><span class=\"%s\">%s</span> en agencies/%s.xml, línea %d, columna %d: %s <code>[%s]</code>",
				    f[2], strcmp(f[2], "error") == 0 ? "Error" : "Advertencia", agency, line, col, f[4], f[3]);
			else
				html_printf(s, "<li><span class=\"%s\">%s</span>: %s <code>[%s]</code>",
				    f[2], strcmp(f[2], "error") == 0 ? "Error" : "Advertencia", f[4], f[3]);
			if (src != NULL)
				html_printf(s, "\n<code class=\"src\">%d | %s</code>", line, src);
			g_string_append(s, "</li>\n");
			g_free(src);
		}
		g_strfreev(f);
	}
	if (n > 0)
		g_string_append(s, "</ol>\n");
	else if (only_check == NULL)
		g_string_append(s, "<p class=\"ok\">Sin errores ni advertencias.</p>\n");
	else
		g_string_append(s, "<p>No falta ninguna traducción.</p>\n");
	g_strfreev(lines);
}

static char *
bytes_text(GBytes *b)
{
	gsize len;
	const char *p = b != NULL ? g_bytes_get_data(b, &len) : NULL;

	if (p == NULL)
		return g_strdup("");
	{
		char *s = g_strndup(p, len), *v = g_utf8_make_valid(s, -1);

		g_free(s);
		return v;
	}
}

/* ----- log-in and log-out ----- */

static void
login_form(struct req *r, int status, const char *message)
{
	GString *b = g_string_new(NULL);

	if (message != NULL)
		html_printf(b, "<p class=\"notice\" role=\"alert\">%s</p>\n", message);
	html_printf(b, "<form method=\"post\" action=\"/ingresar\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"usuario\">Usuario</label>\n"
	    "<input type=\"text\" id=\"usuario\" name=\"usuario\" autocomplete=\"username\" required>\n"
	    "<label for=\"clave\">Contraseña</label>\n"
	    "<input type=\"password\" id=\"clave\" name=\"clave\" autocomplete=\"current-password\" required>\n"
	    "<p><button type=\"submit\">Ingresar</button></p>\n</form>\n", r->sess->csrf);
	req_page(r, status, "Ingresar", b->str);
	g_string_free(b, TRUE);
}

static void
route_login_form(struct req *r, struct session *s, struct store *st)
{
	(void)st;
	if (s != NULL && s->user != NULL) {
		req_redirect(r, "/");
		return;
	}
	if (s == NULL && !req_new_session(r, 0)) {
		req_error(r, 500, "El escritorio no puede abrir una sesión ahora.");
		return;
	}
	login_form(r, 200, NULL);
}

struct login_job {
	struct req	*r;
	char		*login;
	char		*hash;
	char		*password;
	gint64		 user;		/* 0: unknown or disabled */
	gboolean	 ok;
};

static gboolean
login_done(gpointer p)
{
	struct login_job *j = p;
	struct req *r = j->r;
	struct store *st = &r->d->st;
	char *ku = g_strdup_printf("u:%s", j->login), *ka = g_strdup_printf("a:%s", r->addr);

	if (j->ok && j->user != 0) {
		store_throttle_clear(st, ku);
		req_end_session(r);			/* the log-in form's session */
		if (req_new_session(r, j->user))	/* a new id: no fixation */
			req_redirect(r, "/");
		else
			req_error(r, 500, "El escritorio no puede abrir una sesión ahora.");
	} else {
		gint64 now = g_get_real_time() / G_USEC_PER_SEC;

		store_throttle_fail(st, ku, now);
		store_throttle_fail(st, ka, now);
		login_form(r, 401, "Usuario o contraseña incorrectos.");
	}
	g_free(ku);
	g_free(ka);
	soup_server_message_unpause(r->msg);
	r->status = r->status == -1 ? 500 : r->status;
	req_finish(r);
	g_free(j->login);
	g_free(j->hash);
	g_free(j);
	return G_SOURCE_REMOVE;
}

/* The slow pool's function: Argon2id takes ~0.1 s and 64 MiB, off the main loop. */
static void
login_verify(gpointer p, gpointer unused)
{
	struct login_job *j = p;

	(void)unused;
	j->ok = password_verify(j->hash, j->password);
	memset(j->password, 0, strlen(j->password));
	g_free(j->password);
	j->password = NULL;
	g_main_context_invoke(NULL, login_done, j);
}

static void
route_login(struct req *r, struct session *s, struct store *st)
{
	const char *login = req_field(r, "usuario"), *pw = req_field(r, "clave");
	gint64 since = g_get_real_time() / G_USEC_PER_SEC - FAIL_WINDOW;
	char *ku, *ka;
	struct user *u;
	struct login_job *j;
	gboolean locked;

	if (login == NULL || pw == NULL || *login == '\0' || strlen(login) > 64 || strlen(pw) > 1024) {
		login_form(r, 400, "Escriba su usuario y su contraseña.");
		return;
	}
	(void)s;
	ku = g_strdup_printf("u:%s", login);
	ka = g_strdup_printf("a:%s", r->addr);
	locked = store_throttle_failures(st, ku, since) >= FAIL_LOGIN || store_throttle_failures(st, ka, since) >= FAIL_ADDR;
	g_free(ku);
	g_free(ka);
	if (locked) {
		req_error(r, 429, "Hubo demasiados intentos fallidos para esta cuenta o desde esta dirección. "
		    "Espere 15 minutos y vuelva a intentarlo.");
		return;
	}
	u = store_user_get(st, login);
	j = g_new0(struct login_job, 1);
	j->r = r;
	j->login = g_strdup(login);
	j->hash = g_strdup(u != NULL && !u->disabled ? u->hash : desk_dummy_hash());
	j->user = u != NULL && !u->disabled ? u->id : 0;
	j->password = g_strdup(pw);
	user_free(u);
	req_pause(r);
	g_thread_pool_push(r->d->slow, j, NULL);
}

static void
route_logout(struct req *r, struct session *s, struct store *st)
{
	(void)s, (void)st;
	req_end_session(r);
	req_redirect(r, "/ingresar");
}

/* The slow pool (serve.c starts it with this function). */
GThreadPool *
desk_slow_pool(void)
{
	return g_thread_pool_new(login_verify, NULL, 2, FALSE, NULL);
}

/* ----- pages ----- */

static void
route_css(struct req *r, struct session *s, struct store *st)
{
	GBytes *b = g_bytes_new_static(desk_css, strlen(desk_css));

	(void)s, (void)st;
	req_bytes(r, "text/css; charset=utf-8", b, NULL);
	g_bytes_unref(b);
}

/* Browsers ask for it: nothing, rather than a 404 in their console. */
static void
route_favicon(struct req *r, struct session *s, struct store *st)
{
	GBytes *b = g_bytes_new_static("", 0);

	(void)s, (void)st;
	req_bytes(r, "image/x-icon", b, NULL);
	g_bytes_unref(b);
}

static void
route_home(struct req *r, struct session *s, struct store *st)
{
	(void)st;
	if (s->user->role == ROLE_EDITOR) {
		char *url = g_strdup_printf("/agencia/%s", s->user->agency);

		req_redirect(r, url);
		g_free(url);
	} else if (s->user->role == ROLE_PRINTER)
		req_redirect(r, "/imprenta");	/* published editions only (printer.c) */
	else
		req_redirect(r, "/agencias");
}

static void
route_agencies(struct req *r, struct session *s, struct store *st)
{
	char **ids = desk_agencies(r->d), *ed = desk_edition(r->d);
	GString *b = g_string_new(NULL);
	GHashTable *signoffs = desk_manifest_signoffs(r->d, ed);

	if (s->user->role == ROLE_OFFICE)
		g_string_append(b, "<p><a href=\"/oficina\">La edición de un vistazo</a> · <a href=\"/oficina/trabajos\">Borrador "
		    "y publicación</a> · <a href=\"/imprenta\">Imprenta</a></p>\n");
	g_string_append(b, "<div class=\"wrap\"><table>\n<caption>Secciones de las agencias</caption>\n"
	    "<thead><tr><th scope=\"col\">Agencia</th><th scope=\"col\">Versión actual</th>"
	    "<th scope=\"col\">Errores</th><th scope=\"col\">Advertencias</th><th scope=\"col\">Firma</th></tr></thead>\n<tbody>\n");
	for (char **p = ids; *p != NULL; p++) {
		gint64 cur;
		struct submission *sub;
		char *when;

		if (s->user->role == ROLE_EDITOR && g_strcmp0(s->user->agency, *p) != 0)
			continue;
		cur = store_current(st, *p, NULL);
		sub = cur != 0 ? store_sub_get(st, cur, FALSE) : NULL;
		when = sub != NULL ? fmt_time(sub->time) : g_strdup("—");
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/agencia/%s\">%s</a></th><td>%s</td><td>%d</td><td>%d</td><td>%s</td></tr>\n",
		    *p, *p, when, sub != NULL ? sub->errors : 0, sub != NULL ? sub->warnings : 0,
		    desk_signoff_state(g_hash_table_lookup(signoffs, *p), sub != NULL ? sub->content_hash : NULL));
		g_free(when);
		submission_free(sub);
	}
	g_string_append(b, "</tbody></table></div>\n");
	req_page(r, 200, "Agencias", b->str);
	g_string_free(b, TRUE);
	g_strfreev(ids);
	g_hash_table_destroy(signoffs);
	g_free(ed);
}

/* The names of the proof pictures in DATA/proofs/AGENCY, the contact sheet first. */
static GPtrArray *
proof_pictures(struct desk *d, const char *agency)
{
	char *dir = g_strdup_printf("%s/proofs/%s", d->st.dir, agency);
	GDir *gd = g_dir_open(dir, 0, NULL);
	GPtrArray *r = g_ptr_array_new_with_free_func(g_free);
	const char *n;

	while (gd != NULL && (n = g_dir_read_name(gd)) != NULL)
		if (g_str_has_suffix(n, ".png") && n[0] != '.')
			g_ptr_array_add(r, g_strdup(n));
	if (gd != NULL)
		g_dir_close(gd);
	g_free(dir);
	for (guint i = 1; i < r->len; i++)
		for (guint j = i; j > 0; j--) {
			const char *a = r->pdata[j - 1], *b = r->pdata[j];
			gboolean sa = strstr(a, "contact") != NULL, sb = strstr(b, "contact") != NULL;

			if ((sb && !sa) || (sa == sb && strcmp(a, b) > 0)) {
				r->pdata[j - 1] = (gpointer)b;
				r->pdata[j] = (gpointer)a;
			} else
				break;
		}
	return r;
}

static void
proofs_html(GString *b, struct req *r, gint64 cur)
{
	gboolean busy;
	gint64 shown = proof_shown(r->d, r->agency, &busy);
	GPtrArray *pics;

	g_string_append(b, "<h2 id=\"pruebas\">Pruebas de página</h2>\n");
	if (shown == -cur && !busy) {
		html_printf(b, "<p class=\"error\">No se pudieron hacer las pruebas de la versión %ld: "
		    "las fuentes de la edición tienen errores (de esta u otra agencia).</p>\n", cur);
		return;
	}
	if (shown != cur)
		html_printf(b, "<p class=\"notice\" id=\"pruebas-estado\">Las pruebas de la versión %ld se están haciendo. "
		    "<a href=\"/agencia/%s#pruebas\">Actualice la página</a> en unos segundos.</p>\n", cur, r->agency);
	else
		html_printf(b, "<p id=\"pruebas-estado\">Pruebas de la versión %ld. Cada bloque lleva la línea del archivo de donde viene.</p>\n", cur);
	if (shown <= 0)
		return;
	pics = proof_pictures(r->d, r->agency);
	if (pics->len > 0 && strstr(pics->pdata[0], "contact") != NULL)
		html_printf(b, "<figure class=\"sheet\"><img src=\"/agencia/%s/pruebas/%s\" alt=\"Hoja de contactos: todas las páginas de %s\">"
		    "<figcaption>Hoja de contactos</figcaption></figure>\n", r->agency, (char *)pics->pdata[0], r->agency);
	g_string_append(b, "<ul class=\"proofs\">\n");
	for (guint i = 0; i < pics->len; i++) {
		const char *n = pics->pdata[i];

		if (strstr(n, "contact") != NULL)
			continue;
		const char *pg = g_strrstr(n, "-p");
		int num = pg != NULL ? atoi(pg + 2) : 0;

		if (num > 0)
			html_printf(b, "<li><a href=\"/agencia/%s/pruebas/%s\"><img src=\"/agencia/%s/pruebas/%s\" alt=\"Prueba de la página %d\" loading=\"lazy\"></a></li>\n",
			    r->agency, n, r->agency, n, num);
		else
			html_printf(b, "<li><a href=\"/agencia/%s/pruebas/%s\"><img src=\"/agencia/%s/pruebas/%s\" alt=\"Prueba de página %s\" loading=\"lazy\"></a></li>\n",
			    r->agency, n, r->agency, n, n);
	}
	g_string_append(b, "</ul>\n");
	g_ptr_array_free(pics, TRUE);
}

/* The sign-off as the manifest has it (the desk's and `paisano signoff`'s alike), against the
 * current version's content hash. */
static void
signoff_html(GString *b, struct req *r, struct session *s, struct store *st, struct submission *cur, const char *ed)
{
	GHashTable *all = desk_manifest_signoffs(r->d, ed);
	const struct manifest_signoff *ms = g_hash_table_lookup(all, r->agency);
	const char *hash = cur != NULL ? cur->content_hash : NULL, *state = desk_signoff_state(ms, hash);
	struct signoff_row *so = store_signoff_last(st, r->agency);
	/* the version the desk recorded it on, if this one is the desk's */
	gboolean desk = ms != NULL && ms->sha256 != NULL && so != NULL && strcmp(so->hash, ms->sha256) == 0 &&
	    strcmp(so->author, ms->editor) == 0;
	char *which = desk ? g_strdup_printf("la versión %" G_GINT64_FORMAT, so->submission) : g_strdup("en el manifiesto");

	g_string_append(b, "<h2 id=\"firma\">Firma</h2>\n");
	if (strcmp(state, "falta") == 0)
		html_printf(b, "<p class=\"warning\" id=\"firma-estado\">Falta la firma de esta sección en la edición %s.</p>\n",
		    ed != NULL ? ed : "");
	else if (strcmp(state, "vigente") == 0)
		html_printf(b, "<p class=\"ok\" id=\"firma-estado\">Firmada: %s firmó %s el %s (contenido %s).</p>\n",
		    ms->editor, which, ms->date, ms->sha256);
	else if (strcmp(state, "desactualizada") == 0)
		html_printf(b, "<p class=\"warning\" id=\"firma-estado\">Firma desactualizada: %s firmó %s el %s, "
		    "y la sección cambió después. Revise la versión actual y fírmela.</p>\n", ms->editor, which, ms->date);
	else if (strcmp(state, "sin huella") == 0)
		html_printf(b, "<p class=\"warning\" id=\"firma-estado\">Firma sin huella del contenido: %s firmó el %s "
		    "sin que se registrara qué contenido firmó. Revise la versión actual y fírmela.</p>\n", ms->editor, ms->date);
	else
		html_printf(b, "<p class=\"warning\" id=\"firma-estado\">%s firmó el %s, pero la versión actual no se pudo "
		    "revisar sin errores: no se sabe si la firma sigue vigente.</p>\n", ms->editor, ms->date);
	if (cur != NULL && (s->user->role == ROLE_OFFICE || s->user->role == ROLE_EDITOR))
		html_printf(b, "<form method=\"post\" action=\"/agencia/%s/firmar\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"version\" value=\"%ld\">\n"
		    "<p><button type=\"submit\">Firmar la versión %ld, que revisé en esta página</button></p>\n</form>\n",
		    r->agency, s->csrf, cur->id, cur->id);
	g_free(which);
	signoff_row_free(so);
	g_hash_table_destroy(all);
}

static void
route_agency(struct req *r, struct session *s, struct store *st)
{
	GString *b = g_string_new(NULL);
	gint64 cur_id;
	struct submission *cur;
	char *title, *ed;

	desk_reconcile(r->d, r->agency);
	cur_id = store_current(st, r->agency, NULL);
	cur = cur_id != 0 ? store_sub_get(st, cur_id, TRUE) : NULL;
	ed = desk_edition(r->d);
	html_printf(b, "<p>Edición en preparación: <strong>%s</strong>. "
	    "<a href=\"/agencia/%s/historial\">Historial de envíos</a></p>\n", ed != NULL ? ed : "—", r->agency);
	if (cur != NULL) {
		char *when = fmt_time(cur->time);

		html_printf(b, "<h2>Versión actual</h2>\n<p id=\"version-actual\">Versión %ld, enviada por %s el %s; "
		    "SHA-256 <code>%s</code>. <a href=\"/agencia/%s/envio/%ld\">Ver el envío</a> · "
		    "<a href=\"/agencia/%s/envio/%ld/archivo\">Descargar el archivo</a></p>\n",
		    cur->id, cur->author, when, cur->sha256, r->agency, cur->id, r->agency, cur->id);
		g_free(when);
		html_printf(b, "<h2 id=\"diagnosticos\">Diagnósticos de la edición %s</h2>\n", cur->edition != NULL ? cur->edition : ed != NULL ? ed : "");
		if (cur->result == SUB_OUTSIDE && cur->diags == NULL)
			g_string_append(b, "<p>Revisando esta versión…</p>\n");
		else
			diags_html(b, cur->diags, cur->bytes, r->agency, NULL);
		signoff_html(b, r, s, st, cur, ed);
		proofs_html(b, r, cur->id);
	} else
		g_string_append(b, "<p>Esta agencia todavía no tiene versión en el escritorio.</p>\n");
	if (s->user->role == ROLE_EDITOR || s->user->role == ROLE_OFFICE) {
		char *text = cur != NULL ? bytes_text(cur->bytes) : g_strdup("");

		html_printf(b, "<h2 id=\"enviar\">Enviar una nueva versión</h2>\n"
		    "<form method=\"post\" action=\"/agencia/%s/enviar\" enctype=\"multipart/form-data\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"base\" value=\"%ld\">\n"
		    "<label for=\"archivo\">Subir el archivo de la sección (agencies/%s.xml)</label>\n"
		    "<input type=\"file\" id=\"archivo\" name=\"archivo\" accept=\".xml,application/xml,text/xml\">\n"
		    "<label for=\"texto\">O corregir el texto aquí (se usa si no sube un archivo)</label>\n"
		    "<textarea id=\"texto\" name=\"texto\" rows=\"20\" spellcheck=\"false\">%s</textarea>\n"
		    "<p><button type=\"submit\">Revisar y enviar</button></p>\n</form>\n",
		    r->agency, s->csrf, cur_id, r->agency, text);
		g_free(text);
	}
	title = g_strdup_printf("Sección de %s", r->agency);
	req_page(r, 200, title, b->str);
	g_free(title);
	g_free(ed);
	submission_free(cur);
	g_string_free(b, TRUE);
}

/* ----- the check thread's jobs for a request ----- */

/* A job on the check thread for the request's agency and the edition in preparation: the request
 * waits, paused, until done(j) answers it (then job_answered). */
static struct job *
agency_job(struct req *r, enum job_kind kind, void (*done)(struct job *))
{
	struct job *j = g_new0(struct job, 1);

	j->kind = kind;
	j->desk = r->d;
	j->agency = g_strdup(r->agency);
	j->edition = desk_edition(r->d);
	j->done = done;
	j->data = r;
	return j;
}

static void
job_start(struct req *r, struct job *j)
{
	req_pause(r);
	job_run_async(j);
}

/* The job's answer is written: the request goes out, the job is done with. */
static void
job_answered(struct req *r, struct job *j)
{
	soup_server_message_unpause(r->msg);
	req_finish(r);
	job_free(j);
}

/* ----- submitting ----- */

static void
submit_done(struct job *j)
{
	struct req *r = j->data;
	char *url;

	desk_accept(r->d, j);
	if (j->sub == 0)
		req_error(r, 500, "El escritorio no pudo guardar el envío; inténtelo de nuevo.");
	else {
		url = g_strdup_printf("/agencia/%s/envio/%" G_GINT64_FORMAT, j->agency, j->sub);
		req_redirect(r, url);
		g_free(url);
	}
	job_answered(r, j);
}

static void
route_submit(struct req *r, struct session *s, struct store *st)
{
	const char *base_s = req_field(r, "base"), *text = req_field(r, "texto");
	GBytes *bytes = NULL;
	struct job *j;
	gsize len;
	const void *data;

	(void)st;	/* kept once checked (desk_accept) */
	if (r->file != NULL && g_bytes_get_size(r->file) > 0)
		bytes = g_bytes_ref(r->file);
	else if (text != NULL && *text != '\0') {
		/* a text area sends CR LF line ends: the file keeps LF */
		GString *t = g_string_new(NULL);

		for (const char *p = text; *p != '\0'; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				g_string_append_c(t, *p);
		len = t->len;
		bytes = g_bytes_new_take(g_string_free(t, FALSE), len);
	}
	if (bytes == NULL) {
		req_error(r, 400, "Suba el archivo de la sección o escriba su texto en el cuadro.");
		return;
	}
	if (base_s == NULL || strspn(base_s, "0123456789") != strlen(base_s) || strlen(base_s) > 15) {
		g_bytes_unref(bytes);
		req_error(r, 400, "El formulario no dice de qué versión parte; vuelva a abrir la página de la agencia.");
		return;
	}
	data = g_bytes_get_data(bytes, &len);
	j = agency_job(r, JOB_SUBMIT, submit_done);
	j->new = bytes;
	j->meta.agency = j->agency;
	j->meta.author = g_strdup(s->user->login);
	j->meta.time = g_get_real_time() / G_USEC_PER_SEC;
	j->meta.base = g_ascii_strtoll(base_s, NULL, 10);
	j->meta.sha256 = desk_sha256_hex(data != NULL ? data : "", len);
	j->meta.edition = j->edition;
	job_start(r, j);
}

static struct submission *
agency_sub(struct req *r, struct store *st, gint64 id, gboolean with_bytes)
{
	struct submission *sub = store_sub_get(st, id, with_bytes);

	if (sub != NULL && strcmp(sub->agency, r->agency) != 0) {
		submission_free(sub);
		sub = NULL;
	}
	return sub;
}

static void
route_submission(struct req *r, struct session *s, struct store *st)
{
	struct submission *sub = agency_sub(r, st, r->num, TRUE);
	GString *b;
	char *when, *title;

	if (sub == NULL) {
		req_error(r, 404, "Esta agencia no tiene ese envío.");
		return;
	}
	b = g_string_new(NULL);
	when = fmt_time(sub->time);
	html_printf(b, "<p>Resultado: <strong class=\"%s\" id=\"resultado\">%s</strong></p>\n"
	    "<p>Enviado por %s el %s, sobre la versión %ld; SHA-256 <code>%s</code>. "
	    "<a href=\"/agencia/%s/envio/%ld/archivo\">Descargar el archivo</a> · <a href=\"/agencia/%s\">Volver a la sección</a> · "
	    "<a href=\"/agencia/%s/historial\">Historial</a></p>\n",
	    result_class(sub->result), sub_result_name(sub->result), sub->author, when, sub->base, sub->sha256,
	    r->agency, sub->id, r->agency, r->agency);
	g_free(when);
	switch (sub->result) {
	case SUB_ERRORS:
		g_string_append(b, "<p class=\"notice\">Este envío tiene errores: la versión actual no cambió. "
		    "Corrija cada mensaje en la línea que indica y envíelo de nuevo.</p>\n");
		break;
	case SUB_STALE: {
		gint64 cur = store_current(st, r->agency, NULL);
		struct submission *c = store_sub_get(st, cur, TRUE);
		char *mine = bytes_text(sub->bytes), *theirs = c != NULL ? bytes_text(c->bytes) : g_strdup("");
		char *cwhen = c != NULL ? fmt_time(c->time) : g_strdup("");

		html_printf(b, "<p class=\"notice\">No se reemplazó nada: este envío partía de la versión %ld, pero mientras tanto "
		    "%s guardó la versión %ld (%s). Compare las dos, incorpore sus cambios a la versión actual y envíela de nuevo.</p>\n"
		    "<p><a href=\"/agencia/%s/comparar?a=%ld&amp;b=%ld\">Ver las diferencias entre la versión actual y este envío</a></p>\n"
		    "<div class=\"both\"><section><h2>La versión actual (%ld)</h2><pre>%s</pre></section>\n"
		    "<section><h2>Este envío (%ld)</h2><pre>%s</pre></section></div>\n",
		    sub->base, c != NULL ? c->author : "", cur, cwhen, r->agency, cur, sub->id, cur, theirs, sub->id, mine);
		g_free(mine);
		g_free(theirs);
		g_free(cwhen);
		submission_free(c);
		break;
	}
	case SUB_CHECKING:
		html_printf(b, "<p>Se está revisando. <a href=\"/agencia/%s/envio/%ld\">Actualice la página</a>.</p>\n", r->agency, sub->id);
		break;
	default:
		break;
	}
	g_string_append(b, "<h2 id=\"diagnosticos\">Diagnósticos</h2>\n");
	diags_html(b, sub->diags, sub->bytes, r->agency, NULL);
	if (sub->result == SUB_ERRORS && (s->user->role == ROLE_EDITOR || s->user->role == ROLE_OFFICE)) {
		/* the fix starts from this submission's text, on the version it was made from */
		char *text = bytes_text(sub->bytes);

		html_printf(b, "<h2 id=\"corregir\">Corregir este envío</h2>\n"
		    "<form method=\"post\" action=\"/agencia/%s/enviar\" enctype=\"multipart/form-data\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"base\" value=\"%ld\">\n"
		    "<label for=\"texto\">El texto de este envío: corrija las líneas que señalan los mensajes</label>\n"
		    "<textarea id=\"texto\" name=\"texto\" rows=\"20\" spellcheck=\"false\">%s</textarea>\n"
		    "<p><button type=\"submit\">Revisar y enviar</button></p>\n</form>\n", r->agency, s->csrf, sub->base, text);
		g_free(text);
	}
	if (sub->result == SUB_ACCEPTED || sub->result == SUB_OUTSIDE) {
		gboolean busy;
		gint64 shown = proof_shown(r->d, r->agency, &busy);

		if (sub->diff != NULL) {
			char *dh = diff_html(sub->diff);

			html_printf(b, "<h2 id=\"cambios\">Cambios desde la versión anterior</h2>\n<pre>%H</pre>\n", dh);
			g_free(dh);
		}
		g_string_append(b, "<h2 id=\"traducciones\">Traducciones al inglés que faltan o quedaron viejas</h2>\n");
		diags_html(b, sub->diags, sub->bytes, r->agency, "translations");
		html_printf(b, "<p id=\"pruebas-estado\">%s <a href=\"/agencia/%s#pruebas\">Ver las pruebas de página</a>.</p>\n",
		    shown == sub->id ? "Las pruebas de esta versión están listas." : "Las pruebas se están haciendo.", r->agency);
	}
	title = g_strdup_printf("Envío %" G_GINT64_FORMAT " de %s", sub->id, r->agency);
	req_page(r, 200, title, b->str);
	g_free(title);
	g_string_free(b, TRUE);
	submission_free(sub);
}

static void
route_download(struct req *r, struct session *s, struct store *st)
{
	struct submission *sub = agency_sub(r, st, r->num, TRUE);
	char *name;

	(void)s;
	if (sub == NULL) {
		req_error(r, 404, "Esta agencia no tiene ese envío.");
		return;
	}
	name = g_strdup_printf("%s-%" G_GINT64_FORMAT ".xml", r->agency, sub->id);
	req_bytes(r, "application/octet-stream", sub->bytes, name);
	g_free(name);
	submission_free(sub);
}

static void
route_history(struct req *r, struct session *s, struct store *st)
{
	GPtrArray *subs = store_subs(st, r->agency);
	GString *b = g_string_new(NULL), *opts = g_string_new(NULL), *opts_a = g_string_new(NULL);
	gint64 cur = store_current(st, r->agency, NULL);
	char *title;

	(void)s;
	html_printf(b, "<p><a href=\"/agencia/%s\">Volver a la sección</a></p>\n"
	    "<div class=\"wrap\"><table>\n<caption>Todos los envíos, aceptados o no</caption>\n<thead><tr>"
	    "<th scope=\"col\">Envío</th><th scope=\"col\">Fecha</th><th scope=\"col\">Autor</th><th scope=\"col\">Resultado</th>"
	    "<th scope=\"col\">Errores</th><th scope=\"col\">Advertencias</th><th scope=\"col\">Archivo</th></tr></thead>\n<tbody>\n", r->agency);
	for (guint i = 0; i < subs->len; i++) {
		const struct submission *x = subs->pdata[i];
		char *when = fmt_time(x->time);

		html_printf(b, "<tr><th scope=\"row\"><a href=\"/agencia/%s/envio/%ld\">%ld</a>%s</th><td>%s</td><td>%s</td>"
		    "<td class=\"%s\">%s</td><td>%d</td><td>%d</td><td><a href=\"/agencia/%s/envio/%ld/archivo\">descargar</a></td></tr>\n",
		    r->agency, x->id, x->id, x->id == cur ? " (actual)" : "", when, x->author, result_class(x->result),
		    sub_result_name(x->result), x->errors, x->warnings, r->agency, x->id);
		html_printf(opts, "<option value=\"%ld\">%ld · %s · %s</option>\n", x->id, x->id, x->author, when);
		/* "from" starts on the one before the newest */
		html_printf(opts_a, "<option value=\"%ld\"%H>%ld · %s · %s</option>\n", x->id, i == 1 ? " selected" : "",
		    x->id, x->author, when);
		g_free(when);
	}
	g_string_append(b, "</tbody></table></div>\n");
	if (subs->len >= 2)
		html_printf(b, "<h2>Comparar dos envíos</h2>\n<form method=\"get\" action=\"/agencia/%s/comparar\">\n"
		    "<label for=\"a\">De</label><select id=\"a\" name=\"a\">%H</select>\n"
		    "<label for=\"b\">A</label><select id=\"b\" name=\"b\">%H</select>\n"
		    "<p><button type=\"submit\">Comparar</button></p>\n</form>\n", r->agency, opts_a->str, opts->str);
	title = g_strdup_printf("Historial de %s", r->agency);
	req_page(r, 200, title, b->str);
	g_free(title);
	g_string_free(b, TRUE);
	g_string_free(opts, TRUE);
	g_string_free(opts_a, TRUE);
	g_ptr_array_free(subs, TRUE);
}

static void
compare_done(struct job *j)
{
	struct req *r = j->data;
	GString *b = g_string_new(NULL);
	char *title = g_strdup_printf("Diferencias en %s", r->agency);

	if (j->rc != 0 || j->diff == NULL)
		g_string_append(b, "<p class=\"error\">No se pudieron comparar: alguno de los dos envíos no se puede leer como sección.</p>\n");
	else {
		char *dh = diff_html(j->diff);

		html_printf(b, "<p><a href=\"/agencia/%s/historial\">Volver al historial</a></p>\n<pre>%H</pre>\n", r->agency, dh);
		g_free(dh);
	}
	req_page(r, 200, title, b->str);
	g_free(title);
	g_string_free(b, TRUE);
	job_answered(r, j);
}

static void
route_compare(struct req *r, struct session *s, struct store *st)
{
	const char *as = req_field(r, "a"), *bs = req_field(r, "b");
	struct submission *a, *bsub;
	struct job *j;

	(void)s;
	a = as != NULL ? agency_sub(r, st, g_ascii_strtoll(as, NULL, 10), TRUE) : NULL;
	bsub = bs != NULL ? agency_sub(r, st, g_ascii_strtoll(bs, NULL, 10), TRUE) : NULL;
	if (a == NULL || bsub == NULL) {
		submission_free(a);
		submission_free(bsub);
		req_error(r, 404, "Elija dos envíos de esta agencia.");
		return;
	}
	j = agency_job(r, JOB_DIFF, compare_done);
	j->old = g_bytes_ref(a->bytes);
	j->new = g_bytes_ref(bsub->bytes);
	j->old_id = a->id;
	j->new_id = bsub->id;
	submission_free(a);
	submission_free(bsub);
	job_start(r, j);
}

static void
signoff_done(struct job *j)
{
	struct req *r = j->data;
	struct store *st = &r->d->st;
	char *url;

	if (j->refusal != NULL)
		req_error(r, 500, j->refusal);
	else if (store_current(st, r->agency, NULL) != j->sub)
		req_error(r, 409, "La versión que firmó ya no es la actual: otra persona guardó una nueva. "
		    "Revise la versión actual en la página de la sección y fírmela.");
	else {
		struct signoff_row so = { 0 };

		so.agency = r->agency;
		so.submission = j->sub;
		so.author = r->sess->user->login;
		so.time = g_get_real_time() / G_USEC_PER_SEC;
		so.hash = j->diags;	/* what the manifest records */
		so.edition = j->edition;
		store_signoff_add(st, &so);
		store_sub_content_hash(st, j->sub, j->diags);
		url = g_strdup_printf("/agencia/%s#firma", r->agency);
		req_redirect(r, url);
		g_free(url);
	}
	job_answered(r, j);
}

/* The sign-off goes into the edition manifest (on the check thread, which validates it), then
 * into the store. */
static void
route_signoff(struct req *r, struct session *s, struct store *st)
{
	const char *v = req_field(r, "version");
	gint64 cur = store_current(st, r->agency, NULL), want = v != NULL ? g_ascii_strtoll(v, NULL, 10) : -1;
	struct job *j;

	if (want != cur || cur == 0) {
		req_error(r, 409, "La versión que firmó ya no es la actual: otra persona guardó una nueva. "
		    "Revise la versión actual en la página de la sección y fírmela.");
		return;
	}
	j = agency_job(r, JOB_SIGNOFF, signoff_done);
	j->editor = g_strdup(s->user->login);
	j->sub = cur;
	job_start(r, j);
}

/* A proof picture: only a name of letters, digits and '-' (the route's {f}), opened without
 * following a symbolic link, in DATA/proofs/AGENCY/. */
static void
route_proof(struct req *r, struct session *s, struct store *st)
{
	char *path = g_strdup_printf("%s/proofs/%s/%s", r->d->st.dir, r->agency, r->name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	GMappedFile *mf = NULL;

	(void)s, (void)st;
	if (fd >= 0)
		mf = g_mapped_file_new_from_fd(fd, FALSE, NULL);
	if (mf == NULL)
		req_error(r, 404, "No hay esa prueba de página.");
	else {
		GBytes *b = g_mapped_file_get_bytes(mf);

		req_bytes(r, "image/png", b, NULL);
		g_bytes_unref(b);
		g_mapped_file_unref(mf);
	}
	if (fd >= 0)
		close(fd);
	g_free(path);
}

#define EDITING	(ROLE_EDITOR | ROLE_OFFICE)

const struct route desk_routes[] = {
	{ "GET", "", ROLE_ANY, route_home },
	{ "GET", "desk.css", 0, route_css },
	{ "GET", "favicon.ico", 0, route_favicon },
	{ "GET", "ingresar", 0, route_login_form },
	{ "POST", "ingresar", 0, route_login },
	{ "POST", "salir", ROLE_ANY, route_logout },
	{ "GET", "agencias", EDITING, route_agencies },
	{ "GET", "agencia/{a}", EDITING, route_agency },
	{ "POST", "agencia/{a}/enviar", EDITING, route_submit },
	{ "GET", "agencia/{a}/envio/{n}", EDITING, route_submission },
	{ "GET", "agencia/{a}/envio/{n}/archivo", EDITING, route_download },
	{ "GET", "agencia/{a}/historial", EDITING, route_history },
	{ "GET", "agencia/{a}/comparar", EDITING, route_compare },
	{ "POST", "agencia/{a}/firmar", EDITING, route_signoff },
	{ "GET", "agencia/{a}/pruebas/{f}", EDITING, route_proof },
	/* issue 18: the office (office.c) and the print shop (printer.c); the printer sees
	 * published editions only, so none of the agencies' pages (drafts) above */
	{ "GET", "oficina", ROLE_OFFICE, route_office },
	{ "GET", "oficina/trabajos", ROLE_OFFICE, route_office_draft },
	{ "POST", "oficina/borrador", ROLE_OFFICE, route_office_build },
	{ "GET", "oficina/borrador/archivo", ROLE_OFFICE, route_office_draft_file },
	{ "POST", "oficina/publicar", ROLE_OFFICE, route_office_publish },
	{ "GET", "oficina/cambios", ROLE_OFFICE, route_office_changes },
	{ "GET", "oficina/nueva", ROLE_OFFICE, route_office_next },
	{ "POST", "oficina/nueva", ROLE_OFFICE, route_office_next_start },
	{ "GET", "imprenta", ROLE_PRINTER | ROLE_OFFICE, route_printer },
	{ "POST", "imprenta/preparar", ROLE_PRINTER | ROLE_OFFICE, route_printer_prepare },
	{ "GET", "imprenta/archivo", ROLE_PRINTER | ROLE_OFFICE, route_printer_file },
};
const guint desk_nroutes = G_N_ELEMENTS(desk_routes);
