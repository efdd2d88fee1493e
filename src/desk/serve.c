/* serve.c: `paisano serve`: libsoup 3 on GLib's main loop; every request goes through
 * handle(): session, route, role, the route's function; every reply through reply_headers()
 * and req_finish(), which logs it. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "guide.h"
#include "output.h"
#include "source.h"

#include "desk.h"
#include "i18n.h"

#define COOKIE		"paisano_sesion"
/* The largest request body: a source file at its limit, plus the form around it. */
#define BODY_MAX	((goffset)SRC_MAX_BYTES + 64 * 1024)

static int serve_main(int argc, char **argv);

/* The module's entry points: the program finds them with one dlsym (src/module.c). */
const struct desk_module paisano_desk = { serve_main, desk_user_main, desk_desk_main };

static const char *dummy_hash;	/* verified against for unknown logins: the same time either way */

static gint64
now_s(void)
{
	return g_get_real_time() / G_USEC_PER_SEC;
}

/* ----- replies ----- */

static void
security_headers(SoupServerMessage *msg)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);

	soup_message_headers_replace(h, "Content-Security-Policy",
	    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_message_headers_replace(h, "Referrer-Policy", "same-origin");
	soup_message_headers_replace(h, "X-Frame-Options", "DENY");
	soup_message_headers_replace(h, "Cache-Control", "no-store");
}

static void
reply_headers(struct req *r)
{
	security_headers(r->msg);
	if (r->new_cookie != NULL)
		soup_message_headers_append(soup_server_message_get_response_headers(r->msg), "Set-Cookie", r->new_cookie);
}

static void
set_body(struct req *r, int status, const char *type, const char *data, gsize len)
{
	r->status = status;
	soup_server_message_set_status(r->msg, (guint)status, NULL);
	reply_headers(r);
	soup_server_message_set_response(r->msg, type, SOUP_MEMORY_COPY, data, len);
}

/* The page around a route's body: header with the account and the log-out button. */
void
req_page(struct req *r, int status, const char *title, const char *body)
{
	GString *s = g_string_new(NULL);

	html_printf(s, "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>%s · Escritorio Paisano</title>\n<link rel=\"stylesheet\" href=\"/desk.css\">\n</head>\n<body>\n"
	    "<header>\n<p><a class=\"brand\" href=\"/\">Escritorio Paisano</a></p>\n", title);
	if (r->sess != NULL && r->sess->user != NULL) {
		const struct user *u = r->sess->user;

		html_printf(s, "<form method=\"post\" action=\"/salir\"><p>%s (%s%s%s) "
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\" class=\"link\">Salir</button></p></form>\n",
		    u->login, u->role == ROLE_EDITOR ? "editor de " : u->role == ROLE_OFFICE ? "oficina nacional" : "imprenta",
		    u->role == ROLE_EDITOR ? u->agency : "", "", r->sess->csrf);
	}
	html_printf(s, "</header>\n<main>\n<h1>%s</h1>\n%H</main>\n"
	    "<footer><p>Guía Paisano · escritorio de las agencias</p></footer>\n</body>\n</html>\n", title, body);
	set_body(r, status, "text/html; charset=utf-8", s->str, s->len);
	g_string_free(s, TRUE);
}

void
req_error(struct req *r, int status, const char *message)
{
	GString *b = g_string_new(NULL);
	const char *title = status == 403 ? "Sin permiso" : status == 404 ? "No existe" :
	    status == 413 ? "Archivo demasiado grande" : status == 429 ? "Demasiados intentos" :
	    status == 409 ? "La versión cambió" : "No se pudo";

	html_printf(b, "<p>%s</p>\n<p><a href=\"/\">Volver al inicio</a></p>\n", message);
	req_page(r, status, title, b->str);
	g_string_free(b, TRUE);
}

/* A text sent after its session ended is not lost: nothing is saved (the request has no
 * session, so no CSRF token to trust), but the page gives the text back to copy, and says how
 * to send it again. */
static void
expired_text(struct req *r, const char *text)
{
	GString *b = g_string_new(NULL);

	html_printf(b, "<p class=\"error\">Su sesión terminó antes de este envío (pasó demasiado tiempo sin actividad), "
	    "así que no se guardó nada. Su texto no se perdió: está en el cuadro de abajo.</p>\n"
	    "<ol>\n<li>Copie todo el texto del cuadro (haga clic en él, Ctrl+A y Ctrl+C).</li>\n"
	    "<li><a href=\"/ingresar\" target=\"_blank\">Ingrese de nuevo</a> (se abre en otra pestaña).</li>\n"
	    "<li>En la página de su sección, borre el texto del cuadro «O corregir el texto aquí», pegue el suyo "
	    "(Ctrl+V) y envíelo.</li>\n</ol>\n"
	    "<label for=\"texto\">Su texto, sin enviar</label>\n"
	    "<textarea id=\"texto\" name=\"texto\" rows=\"20\" spellcheck=\"false\" readonly>%s</textarea>\n", text);
	req_page(r, 403, "Su sesión terminó", b->str);
	g_string_free(b, TRUE);
}

void
req_redirect(struct req *r, const char *url)
{
	r->status = 303;
	soup_server_message_set_status(r->msg, 303, NULL);
	reply_headers(r);
	soup_message_headers_replace(soup_server_message_get_response_headers(r->msg), "Location", url);
}

void
req_bytes(struct req *r, const char *type, GBytes *b, const char *download_name)
{
	gsize len;
	const char *data = g_bytes_get_data(b, &len);

	set_body(r, 200, type, data != NULL ? data : "", len);
	if (download_name != NULL) {
		char *v = g_strdup_printf("attachment; filename=\"%s\"", download_name);

		soup_message_headers_replace(soup_server_message_get_response_headers(r->msg), "Content-Disposition", v);
		g_free(v);
	}
}

void
req_pause(struct req *r)
{
	soup_server_message_pause(r->msg);
	r->status = -1;
}

/* The request log: DATA/desk.log, one line a request: time, account, route, result, ms,
 * address.  Never a body, a query or a header: no password or token reaches it. */
void
req_finish(struct req *r)
{
	GDateTime *t = g_date_time_new_now_utc();
	char *ts = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
	const char *who = r->sess != NULL && r->sess->user != NULL ? r->sess->user->login : "-";

	if (r->d->log != NULL) {
		fprintf(r->d->log, "%s\t%s\t%s %s\t%d\t%.1f ms\t%s\n", ts, who, r->method, r->path, r->status,
		    (g_get_monotonic_time() - r->t0) / 1000.0, r->addr);
		fflush(r->d->log);
	}
	g_free(ts);
	g_date_time_unref(t);
	g_object_unref(r->msg);
	session_free(r->sess);
	g_free(r->new_cookie);
	g_free(r->path);
	g_free(r->addr);
	g_free(r->agency);
	g_free(r->name);
	if (r->form != NULL)
		g_hash_table_destroy(r->form);
	if (r->file != NULL)
		g_bytes_unref(r->file);
	g_free(r);
}

const char *
req_field(struct req *r, const char *name)
{
	return r->form != NULL ? g_hash_table_lookup(r->form, name) : NULL;
}

/* ----- sessions ----- */

gboolean
req_new_session(struct req *r, gint64 user)
{
	char *token = desk_random_hex(32), *csrf = desk_random_hex(32), *idhash = desk_sha256_hex(token, strlen(token));
	gboolean ok = store_session_new(&r->d->st, idhash, user, csrf, now_s() + r->d->session_ttl);

	if (ok) {
		session_free(r->sess);
		r->sess = g_new0(struct session, 1);
		r->sess->idhash = idhash;
		r->sess->csrf = csrf;
		r->sess->user = user != 0 ? store_user_by_id(&r->d->st, user) : NULL;
		g_free(r->new_cookie);
		r->new_cookie = g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
		    r->d->secure ? "; Secure" : "");
	} else {
		g_free(idhash);
		g_free(csrf);
	}
	sodium_memzero(token, strlen(token));
	g_free(token);
	return ok;
}

void
req_end_session(struct req *r)
{
	if (r->sess != NULL)
		store_session_delete(&r->d->st, r->sess->idhash);
	session_free(r->sess);
	r->sess = NULL;
	g_free(r->new_cookie);
	r->new_cookie = g_strdup_printf(COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
	    r->d->secure ? "; Secure" : "");
}

/* The session of the request's cookie, if the store knows it and it has not expired. */
static struct session *
find_session(struct desk *d, SoupServerMessage *msg)
{
	const char *cookie = soup_message_headers_get_list(soup_server_message_get_request_headers(msg), "Cookie");
	char **parts, *token = NULL;
	struct session *s = NULL;
	gint64 user;

	if (cookie == NULL)
		return NULL;
	parts = g_strsplit(cookie, ";", -1);
	for (char **p = parts; *p != NULL; p++) {
		char *c = g_strstrip(*p);

		if (g_str_has_prefix(c, COOKIE "="))
			token = c + strlen(COOKIE "=");
	}
	if (token != NULL && strlen(token) == 64) {
		char *idhash = desk_sha256_hex(token, strlen(token)), *csrf = NULL;

		gint64 expires;

		if (store_session_get(&d->st, idhash, now_s(), &user, &csrf, &expires)) {
			s = g_new0(struct session, 1);
			s->idhash = idhash;
			s->csrf = csrf;
			if (user != 0 && ((s->user = store_user_by_id(&d->st, user)) == NULL || s->user->disabled)) {
				store_session_delete(&d->st, idhash);
				session_free(s);
				s = NULL;
			} else if (now_s() + d->session_ttl - expires >= 60 || d->session_ttl < 120)
				/* idle expiry; written at most once a minute: each write is a commit */
				store_session_touch(&d->st, idhash, now_s() + d->session_ttl);
		} else
			g_free(idhash);
	}
	g_strfreev(parts);
	return s;
}

/* ----- routing ----- */

static gboolean
all_digits(const char *s)
{
	if (*s == '\0' || strlen(s) > 15)
		return FALSE;
	for (; *s != '\0'; s++)
		if (!g_ascii_isdigit(*s))
			return FALSE;
	return TRUE;
}

/* A proof picture's name: letters, digits, '-' and one ".png"; never a path. */
static gboolean
picture_name(const char *s)
{
	gsize n = strlen(s);

	if (n < 5 || n > 80 || !g_str_has_suffix(s, ".png") || s[0] == '.' || s[0] == '-')
		return FALSE;
	for (gsize i = 0; i < n - 4; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '-')
			return FALSE;
	return TRUE;
}

static gboolean
match(struct req *r, const char *pattern, char **seg)
{
	char **pat = g_strsplit(pattern, "/", -1);
	gboolean ok = g_strv_length(pat) == g_strv_length(seg);

	for (guint i = 0; ok && pat[i] != NULL; i++) {
		if (strcmp(pat[i], "{a}") == 0) {
			if ((ok = desk_agency_exists(r->d, seg[i]))) {
				g_free(r->agency);
				r->agency = g_strdup(seg[i]);
			}
		} else if (strcmp(pat[i], "{n}") == 0) {
			if ((ok = all_digits(seg[i])))
				r->num = g_ascii_strtoll(seg[i], NULL, 10);
		} else if (strcmp(pat[i], "{f}") == 0) {
			if ((ok = picture_name(seg[i]))) {
				g_free(r->name);
				r->name = g_strdup(seg[i]);
			}
		} else
			ok = strcmp(pat[i], seg[i]) == 0;
	}
	g_strfreev(pat);
	return ok;
}

/* The form fields of a POST (urlencoded or multipart; the file part apart), or a GET's query. */
static gboolean
read_form(struct req *r)
{
	SoupMessageBody *body = soup_server_message_get_request_body(r->msg);
	SoupMessageHeaders *h = soup_server_message_get_request_headers(r->msg);
	const char *type = soup_message_headers_get_content_type(h, NULL);

	if (strcmp(r->method, "GET") == 0) {
		const char *q = g_uri_get_query(soup_server_message_get_uri(r->msg));

		r->form = q != NULL ? soup_form_decode(q) : NULL;
		return TRUE;
	}
	if (type != NULL && g_ascii_strcasecmp(type, "multipart/form-data") == 0) {
		GBytes *all = soup_message_body_flatten(body);
		SoupMultipart *mp = soup_multipart_new_from_message(h, all);

		g_bytes_unref(all);
		all = NULL;
		if (mp == NULL)
			return FALSE;
		/* it takes the multipart, and gives NULL when there is no file part */
		r->form = soup_form_decode_multipart(mp, "archivo", NULL, NULL, &r->file);
		if (r->form == NULL && (mp = soup_multipart_new_from_message(h, (all = soup_message_body_flatten(body)))) != NULL)
			r->form = soup_form_decode_multipart(mp, NULL, NULL, NULL, NULL);
		if (all != NULL)
			g_bytes_unref(all);
		return r->form != NULL;
	}
	if (type != NULL && g_ascii_strcasecmp(type, "application/x-www-form-urlencoded") == 0) {
		GBytes *all = soup_message_body_flatten(body);
		gsize len;
		const char *data = g_bytes_get_data(all, &len);
		char *s = g_strndup(data != NULL ? data : "", len);

		r->form = soup_form_decode(s);
		g_free(s);
		g_bytes_unref(all);
		return TRUE;
	}
	r->form = NULL;
	return TRUE;
}

static void
handle(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
	struct desk *d = data;
	struct req *r = g_new0(struct req, 1);
	const struct route *rt = NULL;
	gboolean method_ok = FALSE;
	char **seg;

	(void)server;
	(void)query;
	r->d = d;
	r->msg = g_object_ref(msg);
	r->t0 = g_get_monotonic_time();
	r->method = soup_server_message_get_method(msg);
	r->path = g_strdup(path);
	if (d->behind_proxy) {
		const char *xff = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "X-Forwarded-For");
		const char *last = xff != NULL ? strrchr(xff, ',') : NULL;

		r->addr = g_strstrip(g_strdup(last != NULL ? last + 1 : xff != NULL ? xff : soup_server_message_get_remote_host(msg)));
	} else
		r->addr = g_strdup(soup_server_message_get_remote_host(msg));
	if (r->addr == NULL)
		r->addr = g_strdup("?");
	for (char *p = r->addr; *p != '\0'; p++)	/* a proxy's header reaches the log: one line each */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	r->sess = find_session(d, msg);
	/* The path as sent, never decoded: "%2e%2e", "..", "//" or anything outside [a-z0-9.-/]
	 * matches no route. */
	seg = g_strsplit(path[0] == '/' ? path + 1 : path, "/", -1);
	if (g_strv_length(seg) == 1 && *seg[0] == '\0') {
		g_strfreev(seg);
		seg = g_new0(char *, 1);
	}
	for (guint i = 0; i < desk_nroutes && rt == NULL; i++)
		if (match(r, desk_routes[i].pattern, seg)) {
			method_ok = TRUE;
			if (strcmp(desk_routes[i].method, r->method) == 0 ||
			    (strcmp(r->method, "HEAD") == 0 && strcmp(desk_routes[i].method, "GET") == 0))
				rt = &desk_routes[i];
		}
	g_strfreev(seg);
	if (rt == NULL) {
		if (method_ok) {
			req_error(r, 405, "Esta dirección no acepta ese método.");
			soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow", "GET, POST");
		} else
			req_error(r, 404, "No hay ninguna página en esta dirección.");
		req_finish(r);
		return;
	}
	if (rt->roles != 0 && (r->sess == NULL || r->sess->user == NULL)) {
		const char *text;

		if (strcmp(rt->method, "GET") == 0)
			req_redirect(r, "/ingresar");
		else if (read_form(r) && (text = req_field(r, "texto")) != NULL && *text != '\0')
			expired_text(r, text);
		else
			req_error(r, 403, "Su sesión terminó: ingrese de nuevo.");
		req_finish(r);
		return;
	}
	if (rt->roles != 0 && (rt->roles & r->sess->user->role) == 0) {
		req_error(r, 403, "Su cuenta no tiene permiso para esta página.");
		req_finish(r);
		return;
	}
	/* An editor works on their own agency only. */
	if (r->agency != NULL && r->sess != NULL && r->sess->user != NULL && r->sess->user->role == ROLE_EDITOR &&
	    g_strcmp0(r->sess->user->agency, r->agency) != 0) {
		req_error(r, 403, "Su cuenta es de otra agencia: solo puede ver y enviar la sección de la suya.");
		req_finish(r);
		return;
	}
	if (!read_form(r)) {
		req_error(r, 400, "El formulario llegó incompleto; envíelo de nuevo.");
		req_finish(r);
		return;
	}
	/* Every state-changing request carries the session's CSRF token. */
	if (strcmp(rt->method, "POST") == 0 && !csrf_ok(r->sess, req_field(r, "csrf"))) {
		req_error(r, 403, "El formulario no trae el código de seguridad de su sesión (CSRF). "
		    "Vuelva a abrir la página y envíelo desde ahí.");
		req_finish(r);
		return;
	}
	rt->fn(r, r->sess, &d->st);
	if (r->status != -1)
		req_finish(r);
}

/* Before the body is read: a POST larger than a source file is refused without reading it. */
static void
early(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
	SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);

	(void)server, (void)query;
	if (strcmp(soup_server_message_get_method(msg), "POST") != 0)
		return;
	if (soup_message_headers_get_encoding(h) == SOUP_ENCODING_CHUNKED ||
	    soup_message_headers_get_content_length(h) > BODY_MAX) {
		static const char page[] = "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<title>Archivo demasiado grande · Escritorio Paisano</title>\n</head>\n<body>\n<main>\n"
		    "<h1>Archivo demasiado grande</h1>\n<p>El archivo pasa del límite de un archivo de fuentes (16 MiB); "
		    "una sección de agencia ocupa unos 30 KB. Revise que sea el archivo correcto.</p>\n"
		    "<p><a href=\"/\">Volver al inicio</a></p>\n</main>\n</body>\n</html>\n";
		struct desk *d = data;
		GDateTime *t = g_date_time_new_now_utc();
		char *ts = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");

		soup_server_message_set_status(msg, 413, NULL);
		security_headers(msg);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
		soup_server_message_set_response(msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, page, strlen(page));
		if (d->log != NULL) {
			fprintf(d->log, "%s\t?\tPOST %s\t413\t0.0 ms\t%s\n", ts, path, soup_server_message_get_remote_host(msg));
			fflush(d->log);
		}
		g_free(ts);
		g_date_time_unref(t);
	}
}

/* ----- start-up ----- */

static gboolean
is_loopback(const char *host)
{
	GInetAddress *a;
	gboolean lo;

	if (strcmp(host, "localhost") == 0)
		return TRUE;
	if ((a = g_inet_address_new_from_string(host)) == NULL)
		return FALSE;
	lo = g_inet_address_get_is_loopback(a);
	g_object_unref(a);
	return lo;
}

static gboolean
quit(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static void
expire_sessions(struct desk *d)
{
	store_sessions_expire(&d->st, now_s());
}

static gboolean
tick(gpointer p)
{
	expire_sessions(p);
	return G_SOURCE_CONTINUE;
}

static int
serve_main(int argc, char **argv)
{
	char *listen = NULL, *src = NULL, *data = NULL, *templates = NULL, *cert = NULL, *key = NULL;
	gboolean behind_proxy = FALSE;
	int ttl = 8 * 3600;
	const GOptionEntry entries[] = {
		{ "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port (default 127.0.0.1:8080; port 0: any free port)"), N_("HOST:PORT") },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, N_("The source tree (default: guide-src)"), N_("DIR") },
		{ "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("The desk's data directory (default: desk-data)"), N_("DIR") },
		{ "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, N_("The templates, for proofs (default: templates)"), N_("DIR") },
		{ "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
		{ "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The certificate's private key (PEM)"), N_("FILE") },
		{ "behind-proxy", 0, 0, G_OPTION_ARG_NONE, &behind_proxy,
		  N_("A TLS reverse proxy is in front: trust its X-Forwarded-For, send Secure cookies"), NULL },
		{ "session-ttl", 0, 0, G_OPTION_ARG_INT, &ttl, N_("Seconds a session lasts without a request (default 28800)"), N_("N") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	GError *err = NULL;
	struct desk d = { 0 };
	SoupServer *server = NULL;
	GMainLoop *loop = NULL;
	char *host = NULL, *logpath = NULL, *src_abs = NULL, *data_abs = NULL;
	guint port = 8080;
	int rc = 2;

	/* The desk is in Spanish, and so are the program's messages it shows (the diagnostics),
	 * whatever the server's locale: main() asked i18n_init() for Spanish. */
	if (strncmp(setlocale(LC_MESSAGES, NULL), "es_", 3) != 0)
		g_printerr("paisano serve: no Spanish locale (es_MX.UTF-8) on this machine: the diagnostics on the desk's pages will be in English\n");
	else {
		/* The commands the desk runs for the office (build, publish, new-edition) speak Spanish
		 * too: their messages are shown on its pages.  LC_ALL, which would override
		 * LC_MESSAGES, becomes LANG, so their other categories stay as they were. */
		const char *all = g_getenv("LC_ALL");

		if (all != NULL && *all != '\0') {
			g_setenv("LANG", all, TRUE);
			g_unsetenv("LC_ALL");
		}
		g_setenv("LC_MESSAGES", setlocale(LC_MESSAGES, NULL), TRUE);
	}
	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary(ctx,
	    N_("The editors' desk: a web service where agency editors submit their sections, see the\n"
	    "diagnostics and proofs, keep every version and sign off.  Accepted versions are written\n"
	    "into guide-src/agencies/.  Accounts: paisano user add.  Listening on anything but the\n"
	    "loopback needs --tls-cert and --tls-key, or --behind-proxy."));
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, _("paisano: %s\n(run with --help for the options)\n"), err->message);
		goto out;
	}
	if (argc > 1) {
		fprintf(stderr, _("paisano: serve takes no arguments\n"));
		goto out;
	}
	{
		const char *l = listen != NULL ? listen : "127.0.0.1:8080", *colon = strrchr(l, ':');
		char *end;

		if (colon == NULL || colon == l || (port = (guint)strtoul(colon + 1, &end, 10), *end != '\0') || port > 65535) {
			fprintf(stderr, _("paisano: --listen takes HOST:PORT (e.g. 127.0.0.1:8080), not \"%s\"\n"), l);
			goto out;
		}
		host = g_strndup(l, (gsize)(colon - l));
		if (host[0] == '[' && host[strlen(host) - 1] == ']') {
			memmove(host, host + 1, strlen(host));
			host[strlen(host) - 1] = '\0';
		}
	}
	if ((cert == NULL) != (key == NULL)) {
		fprintf(stderr, _("paisano: give both --tls-cert and --tls-key\n"));
		goto out;
	}
	if (!is_loopback(host) && cert == NULL && !behind_proxy) {
		fprintf(stderr, _("paisano: %s is not a loopback address: serving passwords in clear over a network is "
		    "refused; give --tls-cert and --tls-key, or --behind-proxy with a TLS reverse proxy in front "
		    "(README: The desk)\n"), host);
		goto out;
	}
	if (ttl < 1) {
		fprintf(stderr, _("paisano: --session-ttl takes a number of seconds\n"));
		goto out;
	}
	src_abs = g_canonicalize_filename(src != NULL ? src : "guide-src", NULL);
	data_abs = g_canonicalize_filename(data != NULL ? data : "desk-data", NULL);
	if (!g_file_test(src_abs, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, _("paisano: no source tree at %s; run from the repository's top or give --src DIR\n"), src_abs);
		goto out;
	}
	{
		char *with = g_strconcat(src_abs, "/", NULL);

		if (g_str_has_prefix(data_abs, with) || strcmp(data_abs, src_abs) == 0) {
			fprintf(stderr, _("paisano: the data directory %s is inside the sources %s: choose one outside (--data)\n"),
			    data_abs, src_abs);
			g_free(with);
			goto out;
		}
		g_free(with);
	}
	if (sodium_init() < 0) {
		fprintf(stderr, _("paisano: cannot initialise libsodium\n"));
		goto out;
	}
	if (!store_open(&d.st, data_abs, &err)) {
		fprintf(stderr, _("paisano: %s\n"), err->message);
		goto out;
	}
	d.src = g_strdup(src_abs);
	d.self = g_file_read_link("/proc/self/exe", NULL);
	d.templates = g_canonicalize_filename(templates != NULL ? templates : "templates", NULL);
	d.secure = cert != NULL || behind_proxy;
	d.behind_proxy = behind_proxy;
	d.session_ttl = ttl;
	d.proofs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, proof_state_free);
	g_queue_init(&d.proof_queue);
	logpath = g_build_filename(data_abs, "desk.log", NULL);
	if ((d.log = fopen(logpath, "a")) == NULL) {
		fprintf(stderr, _("paisano: cannot open %s: %s\n"), logpath, g_strerror(errno));
		goto out;
	}
	{
		/* a check thread per core, at most 4 (each keeps a parsed tree): submissions that
		 * come at once do not all wait behind one */
		guint n = CLAMP(g_get_num_processors(), 1, 4);

		d.caches = g_async_queue_new_full((GDestroyNotify)guide_cache_free);
		for (guint i = 0; i < n; i++)
			g_async_queue_push(d.caches, guide_cache_new());
		g_mutex_init(&d.signing);
		d.checks = g_thread_pool_new(check_thread, NULL, (gint)n, FALSE, NULL);
	}
	d.proof_cache = guide_cache_new();
	d.unchanged = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_mutex_init(&d.manifest_lock);
	d.proofer = g_thread_pool_new(proof_thread, NULL, 1, TRUE, NULL);	/* its own thread: see proof_thread */
	d.slow = desk_slow_pool();
	{
		GError *e = NULL;

		if ((dummy_hash = password_hash("paisano-dummy-password", &e)) == NULL) {
			fprintf(stderr, _("paisano: %s\n"), e->message);
			g_error_free(e);
			goto out;
		}
	}
	{
		/* leftovers of a job killed with the desk */
		char *tmp = g_build_filename(data_abs, "tmp", NULL);

		output_remove(tmp);
		g_free(tmp);
	}
	desk_reconcile(&d, NULL);
	expire_sessions(&d);

	server = soup_server_new("server-header", "paisano-desk", NULL);
	if (cert != NULL) {
		GTlsCertificate *c = g_tls_certificate_new_from_files(cert, key, &err);

		if (c == NULL) {
			fprintf(stderr, _("paisano: cannot read %s and %s: %s\n"), cert, key, err->message);
			goto out;
		}
		soup_server_set_tls_certificate(server, c);
		g_object_unref(c);
	}
	soup_server_add_early_handler(server, NULL, early, &d, NULL);
	soup_server_add_handler(server, NULL, handle, &d, NULL);
	{
		GInetAddress *ia = strcmp(host, "localhost") == 0 ? g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4) :
		    g_inet_address_new_from_string(host);
		GSocketAddress *sa;
		gboolean ok;

		if (ia == NULL) {
			fprintf(stderr, _("paisano: --listen: \"%s\" is not an IP address\n"), host);
			goto out;
		}
		sa = g_inet_socket_address_new(ia, (guint16)port);
		ok = soup_server_listen(server, sa, cert != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, &err);
		g_object_unref(sa);
		g_object_unref(ia);
		if (!ok) {
			fprintf(stderr, _("paisano: cannot listen on %s:%u: %s\n"), host, port, err->message);
			goto out;
		}
	}
	{
		GSList *uris = soup_server_get_uris(server);

		for (GSList *l = uris; l != NULL; l = l->next) {
			char *u = g_uri_to_string(l->data);

			printf(_("paisano serve: listening on %s (sources %s, data %s)\n"), u, d.src, d.st.dir);
			g_free(u);
		}
		g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
		fflush(stdout);
	}
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGINT, quit, loop);
	g_unix_signal_add(SIGTERM, quit, loop);
	g_timeout_add_seconds(60, tick, &d);
	g_main_loop_run(loop);
	rc = 0;
out:
	g_clear_error(&err);
	/* the checks under way finish and answer before the server goes; the main thread keeps
	 * the main context, so their answers wait for it (g_main_context_invoke() would run them
	 * on the pools' threads while the loop is not running) */
	g_main_context_acquire(NULL);
	if (d.checks != NULL)
		g_thread_pool_free(d.checks, FALSE, TRUE);
	if (d.proofer != NULL)
		g_thread_pool_free(d.proofer, FALSE, TRUE);
	d.checks = d.proofer = NULL;	/* what the answers below start runs here, or not at all */
	if (d.slow != NULL)
		g_thread_pool_free(d.slow, FALSE, TRUE);
	g_thread_pool_stop_unused_threads();	/* no idle pool thread left to exit with the process */
	if (d.caches != NULL)
		g_async_queue_unref(d.caches);	/* frees the caches it holds */
	d.caches = NULL;
	guide_cache_free(d.proof_cache);
	while (g_main_context_iteration(NULL, FALSE))
		;
	g_main_context_release(NULL);
	if (server != NULL) {
		soup_server_disconnect(server);
		g_object_unref(server);
	}
	if (loop != NULL)
		g_main_loop_unref(loop);
	if (d.log != NULL)
		fclose(d.log);
	if (d.proofs != NULL)
		g_hash_table_destroy(d.proofs);
	g_queue_clear_full(&d.proof_queue, g_free);
	store_close(&d.st);
	g_free(d.src);
	g_free(d.self);
	g_free(d.templates);
	g_free(d.edition);
	g_free(d.edition_key);
	if (d.unchanged != NULL)
		g_hash_table_destroy(d.unchanged);
	if (d.manifest_signoffs != NULL)
		g_hash_table_destroy(d.manifest_signoffs);
	g_free(d.manifest_path);
	g_mutex_clear(&d.manifest_lock);
	g_free((char *)dummy_hash);
	g_option_context_free(ctx);
	g_free(listen);
	g_free(src);
	g_free(data);
	g_free(templates);
	g_free(cert);
	g_free(key);
	g_free(host);
	g_free(logpath);
	g_free(src_abs);
	g_free(data_abs);
	return rc;
}

/* For the log-in route: the hash to verify when the login is unknown. */
const char *
desk_dummy_hash(void)
{
	return dummy_hash;
}
