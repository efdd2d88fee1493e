/* desk.h: `paisano serve`, the editors' desk (issue 17), and `paisano user`.
 *
 * The desk is a module of its own, bin/paisano-desk.so, linked with libsoup, SQLite and
 * libsodium, so that `paisano check` does not load them; src/module.c loads it for the `serve`
 * and `user` commands.  It calls the program's own functions (guide_open, check_model,
 * diff_models, output_write...), which the program exports.
 *
 * One file per concern:
 *   serve.c     the server: listening, the route table, headers, the request log
 *   routes.c    one function per route: (request, session, store), role check first
 *   session.c   sessions, log-in, passwords (libsodium), throttling, CSRF tokens
 *   store.c     the SQLite store: schema and migrations, every query
 *   page.c      the HTML writer: every value escaped by html_printf()'s %s
 *   submit.c    checking, accepting and diffing submissions with the program's library;
 *               reconciling the store with guide-src/; proofs (the render module's, on a thread)
 *   user.c      `paisano user add|list|disable`
 *   office.c    the national office's pages: the edition at a glance, draft, publish,
 *               changes, next edition (issue 18; office.h)
 *   printer.c   the print shop's pages: published editions only (office.h)
 *   backup.c    `paisano desk backup FILE` (SQLite's online backup)
 *
 * Ownership: the struct desk lives for the whole `serve`; requests own their struct req; rows
 * read from the store are returned newly allocated and freed by the caller (*_free).
 */
#ifndef PAISANO_DESK_H
#define PAISANO_DESK_H

#include <stdio.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "entry.h"

enum role {
	ROLE_NONE = 0,
	ROLE_EDITOR = 1,
	ROLE_OFFICE = 2,
	ROLE_PRINTER = 4,
};
#define ROLE_ANY	(ROLE_EDITOR | ROLE_OFFICE | ROLE_PRINTER)

/* ----- store.c ----- */

struct store {
	sqlite3		*db;
	char		*dir;		/* the data directory */
};

struct user {
	gint64		 id;
	char		*login;
	char		*hash;		/* crypto_pwhash_str */
	enum role	 role;
	char		*agency;	/* editors only */
	gboolean	 disabled;
};

/* A submission: every version ever sent, accepted or not, and every change found outside. */
enum sub_result {
	SUB_CHECKING,		/* being checked (or the desk stopped while it was) */
	SUB_ACCEPTED,		/* became the current version */
	SUB_ERRORS,		/* kept with its diagnostics; the current version stayed */
	SUB_STALE,		/* made from a version that was no longer current */
	SUB_OUTSIDE,		/* a change made in guide-src/ outside the desk */
	SUB_INTERRUPTED,	/* the desk stopped before its file was in place */
	SUB_REFUSED,		/* not a section of this agency, or over the limits */
};

struct submission {
	gint64		 id;
	char		*agency;
	char		*author;	/* login, or «fuera del escritorio» */
	gint64		 time;		/* unix seconds */
	gint64		 base;		/* the version it was made from; 0 none */
	enum sub_result	 result;
	char		*sha256;
	GBytes		*bytes;		/* only when asked for */
	char		*diags;		/* one line per message: line \t col \t level \t check \t text */
	char		*diff;		/* paisano's diff from the previous current version */
	char		*edition;
	int		 errors, warnings;
	char		*content_hash;	/* the agency's content hash (signoff_agency_hash), if it compiled */
};

struct signoff_row {
	gint64		 id;
	char		*agency;
	gint64		 submission;
	char		*author;
	gint64		 time;
	char		*hash;
	char		*edition;
};

gboolean	 store_open(struct store *, const char *dir, GError **);
void		 store_close(struct store *);
gboolean	 store_begin(struct store *);
gboolean	 store_commit(struct store *);
/* A transaction the desk recovers by itself if a power cut loses it: committed without an fsync. */
gboolean	 store_begin_recoverable(struct store *);
gboolean	 store_commit_recoverable(struct store *);
void		 store_rollback(struct store *);

gboolean	 store_user_add(struct store *, const char *login, const char *hash, enum role,
		    const char *agency, GError **);
struct user	*store_user_get(struct store *, const char *login);
struct user	*store_user_by_id(struct store *, gint64 id);
GPtrArray	*store_users(struct store *);
gboolean	 store_user_disable(struct store *, const char *login);
void		 user_free(struct user *);

/* Sessions: the id kept is the SHA-256 of the cookie's token. */
gboolean	 store_session_new(struct store *, const char *idhash, gint64 user, const char *csrf,
		    gint64 expires);
gboolean	 store_session_get(struct store *, const char *idhash, gint64 now, gint64 *user, char **csrf,
		    gint64 *expires);
void		 store_session_touch(struct store *, const char *idhash, gint64 expires);
void		 store_session_delete(struct store *, const char *idhash);
void		 store_sessions_expire(struct store *, gint64 now);

/* Throttling: failures per key ("u:LOGIN", "a:ADDRESS"). */
int		 store_throttle_failures(struct store *, const char *key, gint64 since);
void		 store_throttle_fail(struct store *, const char *key, gint64 now);
void		 store_throttle_clear(struct store *, const char *key);

gint64		 store_sub_add(struct store *, const struct submission *, const void *bytes, gsize len);
gboolean	 store_sub_content_hash(struct store *, gint64 id, const char *hash);
gboolean	 store_sub_finish(struct store *, gint64 id, enum sub_result, const char *diags,
		    const char *diff, int errors, int warnings);
struct submission *store_sub_get(struct store *, gint64 id, gboolean with_bytes);
GPtrArray	*store_subs(struct store *, const char *agency);
void		 submission_free(struct submission *);
/* The current version of an agency (0: none) and its hash. */
gint64		 store_current(struct store *, const char *agency, char **sha256);
gboolean	 store_set_current(struct store *, const char *agency, gint64 sub, const char *sha256);
/* The version being written into guide-src/ (see submit.c); 0 none. */
gint64		 store_pending(struct store *, const char *agency);
gboolean	 store_set_pending(struct store *, const char *agency, gint64 sub);
GPtrArray	*store_pending_all(struct store *);	/* agency ids (g_free) */

gint64		 store_signoff_add(struct store *, const struct signoff_row *);
struct signoff_row *store_signoff_last(struct store *, const char *agency);
void		 signoff_row_free(struct signoff_row *);

char		*store_setting(struct store *, const char *key);
gboolean	 store_setting_set(struct store *, const char *key, const char *value);

const char	*sub_result_name(enum sub_result);

/* ----- the server (serve.c) ----- */

struct desk {
	struct store	 st;
	char		*src;		/* guide-src */
	char		*self;		/* this program, for the office's `paisano build` and `publish` */
	char		*templates;
	gboolean	 secure;	/* cookies get Secure: TLS, or behind a TLS proxy */
	gboolean	 behind_proxy;
	gint64		 session_ttl;	/* seconds a session lives without a request */
	GThreadPool	*checks;	/* a thread per core (at most 4): guide_open + check_model + diff */
	GAsyncQueue	*caches;	/* the check threads' guide caches (the tree's unchanged files,
					 * parsed): a job takes one, so no cache has two users */
	GMutex		 signing;	/* sign-offs rewrite the manifest: one at a time */
	GThreadPool	*slow;		/* password verification (64 MiB each) */
	FILE		*log;		/* DATA/desk.log */
	GHashTable	*proofs;	/* agency -> struct proof_state * */
	GThreadPool	*proofer;	/* one thread: batches of proofs (render module) */
	struct guide_cache *proof_cache;	/* the proof thread's */
	guint		 proofs_running;	/* batches: 0 or 1 */
	guint		 jobs_active;	/* check jobs pushed and not yet done (main loop) */
	GQueue		 proof_queue;	/* agency ids waiting (g_free) */
	char		*edition;	/* desk_edition()'s answer, while edition_key holds */
	char		*edition_key;	/* the times editions/ and published/ last changed */
	GHashTable	*unchanged;	/* agency -> struct file_seen *: its file as last found to be
					 * the current version (desk_reconcile reads it again only
					 * when this changes); main loop only */
	GMutex		 manifest_lock;
	char		*manifest_path;	/* desk_manifest_signoffs()'s last manifest, */
	GStatBuf	 manifest_st;	/* as it was when read, */
	GHashTable	*manifest_signoffs;	/* and its sign-offs */
};

/* ----- submit.c ----- */

/* Work for the check thread; `done` runs on the main loop afterwards. */
enum job_kind { JOB_SUBMIT, JOB_TREE, JOB_DIFF, JOB_SIGNOFF };

struct job {
	enum job_kind	 kind;
	struct desk	*desk;
	char		*agency;
	char		*edition;
	gint64		 sub;		/* JOB_SUBMIT: the submission, once kept */
	struct submission meta;		/* JOB_SUBMIT: who, when, from which version (owned) */
	GBytes		*old, *new;	/* JOB_DIFF: both; JOB_SUBMIT: new */
	gint64		 old_id, new_id;	/* JOB_DIFF: the two submissions */
	GPtrArray	*tree;		/* JOB_TREE: "agency" strings whose diagnostics to keep */
	GArray		*tree_subs;	/* JOB_TREE: gint64 submission of each */
	/* results */
	char		*diags;		/* JOB_SUBMIT; JOB_TREE: tree_diags */
	GPtrArray	*tree_diags;
	int		 errors, warnings;
	char		*diff;
	char		*refusal;	/* the file is not this agency's section; why a sign-off failed */
	char		*editor;	/* JOB_SIGNOFF: who signs */
	int		 rc;		/* 2: could not run */
	struct guide_cache *cache;	/* the check thread's while it runs the job, or NULL */
	gint64		 t_queued, t_start, t_checked;	/* monotonic: pushed, begun, checked */
	void		(*done)(struct job *);
	gpointer	 data;
};

char		*desk_edition(struct desk *);
/* The sign-offs in the edition manifest (those that count), by agency. */
struct manifest_signoff {
	char		*editor;
	char		*date;		/* YYYY-MM-DD */
	char		*sha256;	/* the content hash it covers; NULL in an old, unbound one */
};
GHashTable	*desk_manifest_signoffs(struct desk *, const char *edition);
const char	*desk_signoff_state(const struct manifest_signoff *, const char *content_hash);
void		 manifest_signoff_free(struct manifest_signoff *);
gboolean	 desk_agency_exists(struct desk *, const char *id);
char		**desk_agencies(struct desk *);
void		 job_run_async(struct job *);
void		 job_free(struct job *);
void		 check_thread(gpointer job, gpointer unused);
/* The agency's file against the store: pending writes finished or undone, changes made
 * outside recorded.  At start-up for all, then before each page and each acceptance. */
void		 desk_reconcile(struct desk *, const char *agency);
/* Keep a checked submission (j->sub is set), accepted if its base is still current; the
 * result it got. */
enum sub_result	 desk_accept(struct desk *, struct job *);
void		 proof_queue(struct desk *, const char *agency);
void		 proof_thread(gpointer batch, gpointer unused);
void		 proof_state_free(gpointer);
/* The submission the agency's proofs show (0: none yet), and whether new ones are coming. */
gint64		 proof_shown(struct desk *, const char *agency, gboolean *busy);
/* The version proof_shown() answers has no pages in the edition: none of the agency's content
 * is laid out (its sections are not in the manifest), so there are no pictures to show. */
gboolean	 proof_no_pages(struct desk *, const char *agency);
/* paisano's diff of two versions as HTML (escaped; [-…-] and {+…+} as <del> and <ins>). */
char		*diff_html(const char *text);

/* ----- a request (serve.c), handled by a route (routes.c) ----- */

struct req {
	struct desk		*d;
	struct _SoupServerMessage *msg;
	const char		*method;
	char			*path;
	char			*addr;		/* the client's address */
	struct session		*sess;		/* NULL: no session cookie */
	char			*new_cookie;	/* Set-Cookie to send, or NULL */
	GHashTable		*form;		/* POST fields (or the query of a GET) */
	GBytes			*file;		/* the uploaded file of a multipart POST */
	/* from the route's pattern */
	char			*agency;	/* {a}: an agency that exists */
	gint64			 num;		/* {n} */
	char			*name;		/* {f}: a proof picture's name */
	gint64			 t0;
	int			 status;
};

void		 req_page(struct req *, int status, const char *title, const char *body);
void		 req_error(struct req *, int status, const char *message);
void		 req_redirect(struct req *, const char *url);
void		 req_bytes(struct req *, const char *type, GBytes *, const char *download_name);
void		 req_pause(struct req *);
void		 req_finish(struct req *);
const char	*req_field(struct req *, const char *name);
/* A new session (after log-in or for the log-in form): its cookie is sent with the reply. */
gboolean	 req_new_session(struct req *, gint64 user);
void		 req_end_session(struct req *);
const char	*desk_dummy_hash(void);
GThreadPool	*desk_slow_pool(void);

typedef void (*route_fn)(struct req *, struct session *, struct store *);

struct route {
	const char	*method;
	const char	*pattern;	/* segments: literal, {a} agency, {n} number, {f} file name */
	int		 roles;		/* 0: no log-in needed */
	route_fn	 fn;
};

extern const struct route desk_routes[];
extern const guint desk_nroutes;

/* ----- user.c ----- */

int		 desk_user_main(int argc, char **argv);

/* ----- backup.c ----- */

int		 desk_desk_main(int argc, char **argv);

/* ----- session.c ----- */

struct session {
	char		*idhash;
	char		*csrf;
	struct user	*user;		/* NULL: not logged in */
};

char		*desk_random_hex(gsize bytes);
char		*desk_sha256_hex(const void *, gsize);
char		*password_hash(const char *pw, GError **);
gboolean	 password_verify(const char *hash, const char *pw);
gboolean	 csrf_ok(const struct session *, const char *token);
void		 session_free(struct session *);

/* ----- page.c ----- */

/* Appends fmt to s: %s a string, always escaped for HTML text and attributes; %d %u %ld
 * numbers; %H a fragment already made by this writer (raw); %% a percent sign.  The call
 * sites never escape by hand, and nothing else writes markup. */
void		 html_printf(GString *s, const char *fmt, ...);
char		*html_escape(const char *);
extern const char desk_css[];

#endif
