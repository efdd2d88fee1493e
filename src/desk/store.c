/* store.c: the desk's SQLite database, DATA/desk.sqlite: WAL, full synchronous writes, a schema
 * versioned by PRAGMA user_version with one migration per version. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "desk.h"
#include "i18n.h"

/* migrations[i] takes the schema from version i to i + 1; never edit one, add the next. */
static const char *const migrations[] = {
	"CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,"
	"  role INTEGER NOT NULL, agency TEXT, disabled INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
	"CREATE TABLE sessions (id TEXT PRIMARY KEY, user INTEGER, csrf TEXT NOT NULL, expires INTEGER NOT NULL);"
	"CREATE TABLE throttle (key TEXT NOT NULL, time INTEGER NOT NULL);"
	"CREATE INDEX throttle_key ON throttle (key, time);"
	"CREATE TABLE submissions (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, author TEXT NOT NULL,"
	"  time INTEGER NOT NULL, base INTEGER NOT NULL, result INTEGER NOT NULL, sha256 TEXT NOT NULL,"
	"  bytes BLOB NOT NULL, diags TEXT, diff TEXT, edition TEXT, errors INTEGER DEFAULT 0,"
	"  warnings INTEGER DEFAULT 0);"
	"CREATE INDEX submissions_agency ON submissions (agency, id);"
	"CREATE TABLE current (agency TEXT PRIMARY KEY, submission INTEGER NOT NULL, sha256 TEXT NOT NULL);"
	"CREATE TABLE pending (agency TEXT PRIMARY KEY, submission INTEGER NOT NULL);"
	"CREATE TABLE signoffs (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, submission INTEGER NOT NULL,"
	"  author TEXT NOT NULL, time INTEGER NOT NULL, hash TEXT NOT NULL, edition TEXT);"
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);",
	/* 2: the agency's content hash of each version, what a sign-off records */
	"ALTER TABLE submissions ADD COLUMN content_hash TEXT;",
};

static gboolean
exec(struct store *st, const char *sql, GError **err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s", msg != NULL ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return FALSE;
	}
	return TRUE;
}

static sqlite3_stmt *
prep(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		g_warning("desk store: %s: %s", sql, sqlite3_errmsg(st->db));
	return s;
}

static char *
col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? g_strdup((const char *)t) : NULL;
}

gboolean
store_open(struct store *st, const char *dir, GError **err)
{
	char *path;
	int version = 0;
	sqlite3_stmt *s;

	memset(st, 0, sizeof(*st));
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot create the data directory %s: %s"),
		    dir, g_strerror(errno));
		return FALSE;
	}
	st->dir = g_strdup(dir);
	path = g_build_filename(dir, "desk.sqlite", NULL);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
	    NULL) != SQLITE_OK) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot open %s: %s"), path, sqlite3_errmsg(st->db));
		g_free(path);
		return FALSE;
	}
	chmod(path, 0600);
	g_free(path);
	sqlite3_busy_timeout(st->db, 5000);
	if (!exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err))
		return FALSE;
	if ((s = prep(st, "PRAGMA user_version")) != NULL && sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > (int)G_N_ELEMENTS(migrations)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		    _("the database in %s has schema version %d, newer than this program's %d: use a newer paisano"),
		    dir, version, (int)G_N_ELEMENTS(migrations));
		return FALSE;
	}
	for (int v = version; v < (int)G_N_ELEMENTS(migrations); v++) {
		char *sql = g_strdup_printf("BEGIN IMMEDIATE; %s PRAGMA user_version=%d; COMMIT;", migrations[v], v + 1);
		gboolean ok = exec(st, sql, err);

		g_free(sql);
		if (!ok) {
			exec(st, "ROLLBACK", NULL);
			return FALSE;
		}
	}
	return TRUE;
}

void
store_close(struct store *st)
{
	if (st->db != NULL)
		sqlite3_close(st->db);
	g_free(st->dir);
	memset(st, 0, sizeof(*st));
}

gboolean
store_begin(struct store *st)
{
	return exec(st, "BEGIN IMMEDIATE", NULL);
}

gboolean
store_commit(struct store *st)
{
	return exec(st, "COMMIT", NULL);
}

/* A transaction whose loss at a power cut the desk recovers by itself (desk_reconcile() finishes
 * an acceptance from its pending write; proofs are made again): committed without waiting for
 * the disk (synchronous=NORMAL: in WAL mode it survives the process killed, not the machine's
 * power cut), so the main loop does not block on one more fsync.  Every other commit waits. */
gboolean
store_begin_recoverable(struct store *st)
{
	exec(st, "PRAGMA synchronous=NORMAL", NULL);
	if (store_begin(st))
		return TRUE;
	exec(st, "PRAGMA synchronous=FULL", NULL);
	return FALSE;
}

gboolean
store_commit_recoverable(struct store *st)
{
	gboolean ok = store_commit(st);

	if (!ok)
		store_rollback(st);
	exec(st, "PRAGMA synchronous=FULL", NULL);
	return ok;
}

void
store_rollback(struct store *st)
{
	exec(st, "ROLLBACK", NULL);
}

/* Run a statement that returns nothing; binds text (NULL: SQL NULL) and integers by a format:
 * 's' text, 'i' gint64. */
static gboolean
run(struct store *st, const char *sql, const char *types, ...)
{
	sqlite3_stmt *s = prep(st, sql);
	va_list ap;
	int rc;

	if (s == NULL)
		return FALSE;
	va_start(ap, types);
	for (int i = 0; types[i] != '\0'; i++) {
		if (types[i] == 's') {
			const char *v = va_arg(ap, const char *);

			sqlite3_bind_text(s, i + 1, v, -1, SQLITE_TRANSIENT);
		} else
			sqlite3_bind_int64(s, i + 1, va_arg(ap, gint64));
	}
	va_end(ap);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		g_warning("desk store: %s: %s", sql, sqlite3_errmsg(st->db));
		return FALSE;
	}
	return TRUE;
}

/* ----- users ----- */

gboolean
store_user_add(struct store *st, const char *login, const char *hash, enum role role, const char *agency,
    GError **err)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO users (login, hash, role, agency, created) VALUES (?, ?, ?, ?, ?)");
	int rc;

	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, role);
	sqlite3_bind_text(s, 4, agency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, g_get_real_time() / G_USEC_PER_SEC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST, rc == SQLITE_CONSTRAINT ?
		    _("there is already an account \"%s\"") : _("cannot add \"%s\": %s"), login, sqlite3_errmsg(st->db));
		return FALSE;
	}
	return TRUE;
}

static struct user *
user_row(sqlite3_stmt *s)
{
	struct user *u = g_new0(struct user, 1);

	u->id = sqlite3_column_int64(s, 0);
	u->login = col_str(s, 1);
	u->hash = col_str(s, 2);
	u->role = (enum role)sqlite3_column_int(s, 3);
	u->agency = col_str(s, 4);
	u->disabled = sqlite3_column_int(s, 5) != 0;
	return u;
}

#define USER_COLS "SELECT id, login, hash, role, agency, disabled FROM users "

struct user *
store_user_get(struct store *st, const char *login)
{
	sqlite3_stmt *s = prep(st, USER_COLS "WHERE login = ?");
	struct user *u = NULL;

	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		u = user_row(s);
	sqlite3_finalize(s);
	return u;
}

struct user *
store_user_by_id(struct store *st, gint64 id)
{
	sqlite3_stmt *s = prep(st, USER_COLS "WHERE id = ?");
	struct user *u = NULL;

	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		u = user_row(s);
	sqlite3_finalize(s);
	return u;
}

GPtrArray *
store_users(struct store *st)
{
	sqlite3_stmt *s = prep(st, USER_COLS "ORDER BY login");
	GPtrArray *r = g_ptr_array_new_with_free_func((GDestroyNotify)user_free);

	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(r, user_row(s));
	sqlite3_finalize(s);
	return r;
}

gboolean
store_user_disable(struct store *st, const char *login)
{
	struct user *u = store_user_get(st, login);
	gboolean ok = u != NULL && run(st, "UPDATE users SET disabled = 1 WHERE id = ?", "i", u->id) &&
	    run(st, "DELETE FROM sessions WHERE user = ?", "i", u->id);

	user_free(u);
	return ok;
}

void
user_free(struct user *u)
{
	if (u == NULL)
		return;
	g_free(u->login);
	if (u->hash != NULL)
		memset(u->hash, 0, strlen(u->hash));
	g_free(u->hash);
	g_free(u->agency);
	g_free(u);
}

/* ----- sessions and throttling ----- */

gboolean
store_session_new(struct store *st, const char *idhash, gint64 user, const char *csrf, gint64 expires)
{
	return run(st, "INSERT INTO sessions (id, user, csrf, expires) VALUES (?, NULLIF(?, 0), ?, ?)", "sisi",
	    idhash, user, csrf, expires);
}

gboolean
store_session_get(struct store *st, const char *idhash, gint64 now, gint64 *user, char **csrf, gint64 *expires)
{
	sqlite3_stmt *s = prep(st, "SELECT IFNULL(user, 0), csrf, expires FROM sessions WHERE id = ? AND expires > ?");
	gboolean found = FALSE;

	sqlite3_bind_text(s, 1, idhash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*user = sqlite3_column_int64(s, 0);
		*csrf = col_str(s, 1);
		*expires = sqlite3_column_int64(s, 2);
		found = TRUE;
	}
	sqlite3_finalize(s);
	return found;
}

void
store_session_touch(struct store *st, const char *idhash, gint64 expires)
{
	run(st, "UPDATE sessions SET expires = ? WHERE id = ?", "is", expires, idhash);
}

void
store_session_delete(struct store *st, const char *idhash)
{
	run(st, "DELETE FROM sessions WHERE id = ?", "s", idhash);
}

void
store_sessions_expire(struct store *st, gint64 now)
{
	run(st, "DELETE FROM sessions WHERE expires <= ?", "i", now);
	run(st, "DELETE FROM throttle WHERE time <= ?", "i", now - 24 * 3600);
}

int
store_throttle_failures(struct store *st, const char *key, gint64 since)
{
	sqlite3_stmt *s = prep(st, "SELECT COUNT(*) FROM throttle WHERE key = ? AND time > ?");
	int n = 0;

	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

void
store_throttle_fail(struct store *st, const char *key, gint64 now)
{
	run(st, "INSERT INTO throttle (key, time) VALUES (?, ?)", "si", key, now);
}

void
store_throttle_clear(struct store *st, const char *key)
{
	run(st, "DELETE FROM throttle WHERE key = ?", "s", key);
}

/* ----- submissions, versions, sign-offs ----- */

const char *
sub_result_name(enum sub_result r)
{
	switch (r) {
	case SUB_CHECKING: return "en revisión";
	case SUB_ACCEPTED: return "aceptada";
	case SUB_ERRORS: return "con errores";
	case SUB_STALE: return "rechazada: hecha sobre una versión anterior";
	case SUB_OUTSIDE: return "cambio hecho fuera del escritorio";
	case SUB_INTERRUPTED: return "interrumpida";
	case SUB_REFUSED: return "rechazada";
	}
	return "?";
}

gint64
store_sub_add(struct store *st, const struct submission *sub, const void *bytes, gsize len)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO submissions (agency, author, time, base, result, sha256, bytes, edition,"
	    " diags, diff, errors, warnings, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	gint64 id = 0;

	sqlite3_bind_text(s, 1, sub->agency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, sub->author, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, sub->time);
	sqlite3_bind_int64(s, 4, sub->base);
	sqlite3_bind_int(s, 5, sub->result);
	sqlite3_bind_text(s, 6, sub->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob64(s, 7, bytes != NULL ? bytes : "", len, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, sub->edition, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, sub->diags, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 10, sub->diff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 11, sub->errors);
	sqlite3_bind_int(s, 12, sub->warnings);
	sqlite3_bind_text(s, 13, sub->content_hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(st->db);
	else
		g_warning("desk store: cannot keep a submission: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return id;
}

gboolean
store_sub_content_hash(struct store *st, gint64 id, const char *hash)
{
	return run(st, "UPDATE submissions SET content_hash = ? WHERE id = ?", "si", hash, id);
}

gboolean
store_sub_finish(struct store *st, gint64 id, enum sub_result r, const char *diags, const char *diff,
    int errors, int warnings)
{
	return run(st, "UPDATE submissions SET result = ?, diags = ?, diff = ?, errors = ?, warnings = ? WHERE id = ?",
	    "issiii", (gint64)r, diags, diff, (gint64)errors, (gint64)warnings, id);
}

#define SUB_COLS "SELECT id, agency, author, time, base, result, sha256, diags, diff, edition, errors, warnings, content_hash"

static struct submission *
sub_row(sqlite3_stmt *s, gboolean with_bytes)
{
	struct submission *r = g_new0(struct submission, 1);

	r->id = sqlite3_column_int64(s, 0);
	r->agency = col_str(s, 1);
	r->author = col_str(s, 2);
	r->time = sqlite3_column_int64(s, 3);
	r->base = sqlite3_column_int64(s, 4);
	r->result = (enum sub_result)sqlite3_column_int(s, 5);
	r->sha256 = col_str(s, 6);
	r->diags = col_str(s, 7);
	r->diff = col_str(s, 8);
	r->edition = col_str(s, 9);
	r->errors = sqlite3_column_int(s, 10);
	r->warnings = sqlite3_column_int(s, 11);
	r->content_hash = col_str(s, 12);
	if (with_bytes)
		r->bytes = g_bytes_new(sqlite3_column_blob(s, 13), (gsize)sqlite3_column_bytes(s, 13));
	return r;
}

struct submission *
store_sub_get(struct store *st, gint64 id, gboolean with_bytes)
{
	sqlite3_stmt *s = prep(st, with_bytes ? SUB_COLS ", bytes FROM submissions WHERE id = ?" :
	    SUB_COLS " FROM submissions WHERE id = ?");
	struct submission *r = NULL;

	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		r = sub_row(s, with_bytes);
	sqlite3_finalize(s);
	return r;
}

GPtrArray *
store_subs(struct store *st, const char *agency)
{
	sqlite3_stmt *s = prep(st, SUB_COLS " FROM submissions WHERE agency = ? ORDER BY id DESC");
	GPtrArray *r = g_ptr_array_new_with_free_func((GDestroyNotify)submission_free);

	sqlite3_bind_text(s, 1, agency, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(r, sub_row(s, FALSE));
	sqlite3_finalize(s);
	return r;
}

void
submission_free(struct submission *s)
{
	if (s == NULL)
		return;
	g_free(s->agency);
	g_free(s->author);
	g_free(s->sha256);
	g_free(s->diags);
	g_free(s->diff);
	g_free(s->edition);
	g_free(s->content_hash);
	if (s->bytes != NULL)
		g_bytes_unref(s->bytes);
	g_free(s);
}

gint64
store_current(struct store *st, const char *agency, char **sha256)
{
	sqlite3_stmt *s = prep(st, "SELECT submission, sha256 FROM current WHERE agency = ?");
	gint64 id = 0;

	sqlite3_bind_text(s, 1, agency, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (sha256 != NULL)
			*sha256 = col_str(s, 1);
	} else if (sha256 != NULL)
		*sha256 = NULL;
	sqlite3_finalize(s);
	return id;
}

gboolean
store_set_current(struct store *st, const char *agency, gint64 sub, const char *sha256)
{
	return run(st, "INSERT OR REPLACE INTO current (agency, submission, sha256) VALUES (?, ?, ?)", "sis",
	    agency, sub, sha256);
}

gint64
store_pending(struct store *st, const char *agency)
{
	sqlite3_stmt *s = prep(st, "SELECT submission FROM pending WHERE agency = ?");
	gint64 id = 0;

	sqlite3_bind_text(s, 1, agency, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

gboolean
store_set_pending(struct store *st, const char *agency, gint64 sub)
{
	if (sub == 0)
		return run(st, "DELETE FROM pending WHERE agency = ?", "s", agency);
	return run(st, "INSERT OR REPLACE INTO pending (agency, submission) VALUES (?, ?)", "si", agency, sub);
}

GPtrArray *
store_pending_all(struct store *st)
{
	sqlite3_stmt *s = prep(st, "SELECT agency FROM pending");
	GPtrArray *r = g_ptr_array_new_with_free_func(g_free);

	while (sqlite3_step(s) == SQLITE_ROW)
		g_ptr_array_add(r, col_str(s, 0));
	sqlite3_finalize(s);
	return r;
}

gint64
store_signoff_add(struct store *st, const struct signoff_row *r)
{
	if (!run(st, "INSERT INTO signoffs (agency, submission, author, time, hash, edition) VALUES (?, ?, ?, ?, ?, ?)",
	    "sisiss", r->agency, r->submission, r->author, r->time, r->hash, r->edition))
		return 0;
	return sqlite3_last_insert_rowid(st->db);
}

struct signoff_row *
store_signoff_last(struct store *st, const char *agency)
{
	sqlite3_stmt *s = prep(st, "SELECT id, agency, submission, author, time, hash, edition FROM signoffs"
	    " WHERE agency = ? ORDER BY id DESC LIMIT 1");
	struct signoff_row *r = NULL;

	sqlite3_bind_text(s, 1, agency, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r = g_new0(struct signoff_row, 1);
		r->id = sqlite3_column_int64(s, 0);
		r->agency = col_str(s, 1);
		r->submission = sqlite3_column_int64(s, 2);
		r->author = col_str(s, 3);
		r->time = sqlite3_column_int64(s, 4);
		r->hash = col_str(s, 5);
		r->edition = col_str(s, 6);
	}
	sqlite3_finalize(s);
	return r;
}

void
signoff_row_free(struct signoff_row *r)
{
	if (r == NULL)
		return;
	g_free(r->agency);
	g_free(r->author);
	g_free(r->hash);
	g_free(r->edition);
	g_free(r);
}

char *
store_setting(struct store *st, const char *key)
{
	sqlite3_stmt *s = prep(st, "SELECT value FROM settings WHERE key = ?");
	char *v = NULL;

	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = col_str(s, 0);
	sqlite3_finalize(s);
	return v;
}

gboolean
store_setting_set(struct store *st, const char *key, const char *value)
{
	return run(st, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", "ss", key, value);
}
