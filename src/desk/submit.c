/* submit.c: submissions checked, accepted and compared with the program's own library, and the
 * store kept in agreement with guide-src/.
 *
 * A submission is checked exactly as `paisano check FILE` checks a file: guide_open() with the
 * file named (it replaces the tree's file of the same agency), check_model(), the messages about
 * that file kept.  Checks run on threads of their own, one per core (each job takes one of the
 * threads' caches of parsed files; sign-offs, which rewrite the manifest, one at a time), so the
 * main loop keeps answering and the submissions that come at once are checked side by side; the
 * store and guide-src/ are only written on the main loop.
 *
 * Accepting a version, so that a kill -9 at any moment leaves file and store agreeing:
 *   1. one transaction records the submission as accepted and the agency's pending write;
 *   2. the file is written with output_write() (a complete new file renamed over the old);
 *   3. one transaction makes it current and clears the pending write.
 * At start-up (and before each page of the agency) desk_reconcile() finishes step 3 if the file
 * on disk is the pending version, or marks the submission interrupted if it is not; and a file
 * whose hash is not the current version's was changed outside the desk: it is recorded as a
 * version by «fuera del escritorio» and becomes current, so neither side is lost.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "check.h"
#include "diag.h"
#include "diff.h"
#include "guide.h"
#include "output.h"
#include "render.h"
#include "signoff.h"
#include "source.h"

#include "desk.h"

#define OUTSIDE_AUTHOR	"fuera del escritorio"

/* ----- the tree: agencies and the edition in preparation ----- */

static gboolean
id_ok(const char *id)
{
	if (id == NULL || *id == '\0' || strlen(id) > 64 || *id == '-')
		return FALSE;
	for (const char *p = id; *p != '\0'; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
			return FALSE;
	return TRUE;
}

/* The agency ids: the names of guide-src/agencies/ID.xml, sorted (g_strfreev). */
char **
desk_agencies(struct desk *d)
{
	char *dir = g_build_filename(d->src, "agencies", NULL);
	GDir *gd = g_dir_open(dir, 0, NULL);
	GPtrArray *r = g_ptr_array_new();
	const char *name;

	while (gd != NULL && (name = g_dir_read_name(gd)) != NULL)
		if (g_str_has_suffix(name, ".xml")) {
			char *id = g_strndup(name, strlen(name) - 4);

			if (id_ok(id))
				g_ptr_array_add(r, id);
			else
				g_free(id);
		}
	if (gd != NULL)
		g_dir_close(gd);
	g_free(dir);
	{
		for (guint i = 1; i < r->len; i++)
			for (guint j = i; j > 0 && strcmp(r->pdata[j - 1], r->pdata[j]) > 0; j--) {
				gpointer t = r->pdata[j];

				r->pdata[j] = r->pdata[j - 1];
				r->pdata[j - 1] = t;
			}
	}
	g_ptr_array_add(r, NULL);
	return (char **)g_ptr_array_free(r, FALSE);
}

gboolean
desk_agency_exists(struct desk *d, const char *id)
{
	char *path;
	gboolean ok;

	if (!id_ok(id))
		return FALSE;
	path = g_strdup_printf("%s/agencies/%s.xml", d->src, id);
	ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
	g_free(path);
	return ok;
}

/* A manifest, parsed from memory: the program's entity loader (src_init) refuses every file
 * libxml2 would open itself, so xmlReadFile() reads nothing here.  NULL if unreadable. */
static xmlDocPtr
read_manifest(const char *path)
{
	char *bytes = NULL;
	gsize len = 0;
	xmlDocPtr doc = NULL;

	if (g_file_get_contents(path, &bytes, &len, NULL) && len < SRC_MAX_BYTES)
		doc = xmlReadMemory(bytes, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	g_free(bytes);
	return doc;
}

/* <operation start="..."> of a manifest, "" if none. */
static char *
manifest_start(const char *path)
{
	xmlDocPtr doc = read_manifest(path);
	char *r = g_strdup("");

	if (doc != NULL && xmlDocGetRootElement(doc) != NULL)
		for (xmlNodePtr k = xmlDocGetRootElement(doc)->children; k != NULL; k = k->next)
			if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "operation")) {
				xmlChar *v = xmlGetProp(k, BAD_CAST "start");

				g_free(r);
				r = g_strdup(v != NULL ? (const char *)v : "");
				xmlFree(v);
			}
	xmlFreeDoc(doc);
	return r;
}

/* The edition in preparation: the office's choice, or the newest not yet published. */
static char *desk_edition_find(struct desk *);

/* The answer is kept until a manifest or a published snapshot changes: pages ask for it often. */
char *
desk_edition(struct desk *d)
{
	char *chosen = store_setting(&d->st, "edition"), *key, *e = g_strdup_printf("%s/editions", d->src);
	char *p = g_strdup_printf("%s/published", d->src);
	GStatBuf se = { 0 }, sp = { 0 };

	if (chosen != NULL) {
		g_free(e);
		g_free(p);
		return chosen;
	}
	g_stat(e, &se);
	g_stat(p, &sp);
	key = g_strdup_printf("%ld.%09ld %ld.%09ld %ld", (long)se.st_mtim.tv_sec, se.st_mtim.tv_nsec,
	    (long)sp.st_mtim.tv_sec, sp.st_mtim.tv_nsec, (long)se.st_size);
	if (d->edition_key == NULL || strcmp(key, d->edition_key) != 0) {
		g_free(d->edition);
		g_free(d->edition_key);
		d->edition = desk_edition_find(d);
		d->edition_key = key;
	} else
		g_free(key);
	g_free(e);
	g_free(p);
	return g_strdup(d->edition);
}

static char *
desk_edition_find(struct desk *d)
{
	char *best = NULL, *best_start = NULL;
	char **ids;

	ids = guide_edition_ids(d->src);
	for (int pass = 0; pass < 2 && best == NULL; pass++)
		for (char **p = ids; *p != NULL; p++) {
			char *pub = g_strdup_printf("%s/published/%s.model.xml", d->src, *p);
			char *man = g_strdup_printf("%s/editions/%s.xml", d->src, *p);
			char *start;

			if (pass == 0 && g_file_test(pub, G_FILE_TEST_EXISTS)) {
				g_free(pub);
				g_free(man);
				continue;
			}
			start = manifest_start(man);
			if (best == NULL || strcmp(start, best_start) > 0) {
				g_free(best);
				g_free(best_start);
				best = g_strdup(*p);
				best_start = start;
			} else
				g_free(start);
			g_free(pub);
			g_free(man);
		}
	g_free(best_start);
	g_strfreev(ids);
	return best;
}

/* The sign-offs that count in the edition's manifest: agency -> struct manifest_signoff *, the
 * last <signoff> of each agency, as signoff_find() takes it, whoever recorded it (the desk or
 * `paisano signoff`).  The manifest is small; it is read at each page so that the page says
 * what `paisano check` and `publish` see. */
static GHashTable *manifest_signoffs_read(const char *path);

/* The same file (size, times, inode): read again only when it is not. */
static gboolean
same_file(const GStatBuf *a, const GStatBuf *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static GHashTable *
signoffs_copy(GHashTable *from)
{
	GHashTable *r = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)manifest_signoff_free);
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, from);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct manifest_signoff *m = v;
		struct manifest_signoff *c = g_new0(struct manifest_signoff, 1);

		c->editor = g_strdup(m->editor);
		c->date = g_strdup(m->date);
		c->sha256 = g_strdup(m->sha256);
		g_hash_table_replace(r, g_strdup(k), c);
	}
	return r;
}

/* Each agency page shows its sign-off: the manifest is parsed again only when it changed. */
GHashTable *
desk_manifest_signoffs(struct desk *d, const char *edition)
{
	char *path;
	GStatBuf st;
	GHashTable *r;

	if (edition == NULL || !id_ok(edition))
		return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)manifest_signoff_free);
	path = g_strdup_printf("%s/editions/%s.xml", d->src, edition);
	g_mutex_lock(&d->manifest_lock);
	if (g_stat(path, &st) != 0) {
		g_mutex_unlock(&d->manifest_lock);
		r = manifest_signoffs_read(path);
		g_free(path);
		return r;
	}
	if (d->manifest_signoffs == NULL || d->manifest_path == NULL || strcmp(d->manifest_path, path) != 0 ||
	    !same_file(&d->manifest_st, &st)) {
		if (d->manifest_signoffs != NULL)
			g_hash_table_destroy(d->manifest_signoffs);
		g_free(d->manifest_path);
		/* the stat before the read: a change during the read is seen next time */
		d->manifest_signoffs = manifest_signoffs_read(path);
		d->manifest_path = g_strdup(path);
		d->manifest_st = st;
	}
	r = signoffs_copy(d->manifest_signoffs);
	g_mutex_unlock(&d->manifest_lock);
	g_free(path);
	return r;
}

static GHashTable *
manifest_signoffs_read(const char *path)
{
	GHashTable *r = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)manifest_signoff_free);
	xmlDocPtr doc;
	xmlNodePtr root;

	doc = read_manifest(path);
	root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNodePtr k = root != NULL ? root->children : NULL; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || !xmlStrEqual(k->name, BAD_CAST "signoffs"))
			continue;
		for (xmlNodePtr so = k->children; so != NULL; so = so->next) {
			xmlChar *a, *e, *t, *h;
			struct manifest_signoff *m;

			if (so->type != XML_ELEMENT_NODE || !xmlStrEqual(so->name, BAD_CAST "signoff") ||
			    (a = xmlGetProp(so, BAD_CAST "agency")) == NULL)
				continue;
			e = xmlGetProp(so, BAD_CAST "editor");
			t = xmlGetProp(so, BAD_CAST "date");
			h = xmlGetProp(so, BAD_CAST "sha256");
			m = g_new0(struct manifest_signoff, 1);
			m->editor = g_strdup(e != NULL ? (const char *)e : "");
			m->date = g_strdup(t != NULL ? (const char *)t : "");
			m->sha256 = h != NULL ? g_strdup((const char *)h) : NULL;
			g_hash_table_replace(r, g_strdup((const char *)a), m);
			xmlFree(a);
			xmlFree(e);
			xmlFree(t);
			xmlFree(h);
		}
	}
	xmlFreeDoc(doc);
	return r;
}

/* One agency's sign-off state on the page, from the manifest and the current version's
 * content hash: "vigente", "desactualizada", "sin huella", "sin revisar" or "falta". */
const char *
desk_signoff_state(const struct manifest_signoff *m, const char *content_hash)
{
	if (m == NULL)
		return "falta";
	if (m->sha256 == NULL)
		return "sin huella";
	if (content_hash == NULL)
		return "sin revisar";
	return strcmp(m->sha256, content_hash) == 0 ? "vigente" : "desactualizada";
}

void
manifest_signoff_free(struct manifest_signoff *m)
{
	if (m == NULL)
		return;
	g_free(m->editor);
	g_free(m->date);
	g_free(m->sha256);
	g_free(m);
}

/* ----- the check thread ----- */

/* The agency's content hash (what a sign-off records) in a compiled model, or NULL. */
static char *
content_hash(const struct model *m, const char *agency)
{
	return m != NULL && m->edition != NULL ? signoff_agency_hash(m, agency, NULL) : NULL;
}

/* The messages as stored: line \t col \t level \t check \t text, one per line. */
static char *
diags_serialize(const struct diag_list *dl, const char *file, int *errors, int *warnings)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < diag_len(dl); i++) {
		const struct diag *g = diag_get(dl, i);
		char *text;

		if (file != NULL && strcmp(g->file, file) != 0)
			continue;
		text = g_strdup(g->text);
		g_strdelimit(text, "\t\r\n", ' ');
		g_string_append_printf(s, "%d\t%d\t%s\t%s\t%s\n", g->line, g->col,
		    g->level == DIAG_ERROR ? "error" : "warning", diag_check_name(g->id), text);
		if (g->level == DIAG_ERROR)
			(*errors)++;
		else
			(*warnings)++;
		g_free(text);
	}
	return g_string_free(s, FALSE);
}

/* A private directory for one job's files, under DATA/tmp/. */
static char *
job_dir(struct job *j)
{
	char *base = g_build_filename(j->desk->st.dir, "tmp", NULL), *dir;

	g_mkdir_with_parents(base, 0700);
	dir = g_strdup_printf("%s/job-XXXXXX", base);
	g_free(base);
	if (g_mkdtemp(dir) == NULL) {
		g_free(dir);
		return NULL;
	}
	return dir;
}

/* Write `bytes` as DIR/AGENCY.xml; its path (g_free), or NULL. */
static char *
job_file(const char *dir, const char *sub, const char *agency, GBytes *bytes)
{
	char *sd = g_build_filename(dir, sub, NULL), *path = g_strdup_printf("%s/%s.xml", sd, agency);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);

	g_mkdir_with_parents(sd, 0700);
	g_free(sd);
	if (!g_file_set_contents(path, data != NULL ? data : "", (gssize)len, NULL)) {
		g_free(path);
		return NULL;
	}
	return path;
}

/* paisano's diff of two models, headed by the two labels ("versión 12 -> este envío"): the
 * edition's version hash, which `paisano diff` shows, takes a serialization and a SHA-256 of
 * the whole edition, twice, and says nothing to an editor. */
static char *
diff_text(struct model *old, struct model *new, const char *old_label, const char *new_label)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct diff *df;

	if (old->edition == NULL || new->edition == NULL) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	old->edition->version = model_strdup(old, old_label);
	new->edition->version = model_strdup(new, new_label);
	df = diff_models(old, new);
	diff_print(df, fp, FALSE);
	diff_free(df);
	fclose(fp);
	{
		char *r = g_strdup(buf);

		free(buf);
		return r;
	}
}

/* The agency the named file defines, if it compiled. */
static const struct agency *
agency_of_file(const struct model *m, const char *path)
{
	for (guint i = 0; m != NULL && i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		if (a->pos.file != NULL && strcmp(a->pos.file, path) == 0)
			return a;
	}
	return NULL;
}

static void
run_submit(struct job *j, const char *dir)
{
	char *path = job_file(dir, "new", j->agency, j->new);
	char *extra[] = { path, NULL };
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 }, og = { 0 };
	const struct agency *a;
	GError *gerr = NULL;

	if (path == NULL || guide_open_cached(&g, j->cache, j->desk->src, j->edition, extra, dl, &gerr) != 0) {
		j->rc = 2;
		if (gerr != NULL && j->refusal == NULL)
			j->refusal = g_strdup_printf("no se pudo revisar: %s", gerr->message);
		g_clear_error(&gerr);
		goto out;
	}
	if ((a = agency_of_file(g.model, path)) != NULL && strcmp(a->id, j->agency) != 0) {
		j->refusal = g_strdup_printf("este archivo es la sección de la agencia «%s» (id=\"%s\"), no la de «%s»: "
		    "cada agencia envía solo su propia sección", a->id, a->id, j->agency);
		goto out;
	}
	{
		struct check_opts opts = { .src_root = g.root, .only_files = g.named };

		check_model(g.model, &opts, dl);
	}
	diag_keep_files(dl, g.named);
	diag_sort(dl);
	j->diags = diags_serialize(dl, NULL, &j->errors, &j->warnings);
	if (j->errors == 0)
		j->meta.content_hash = content_hash(g.model, j->agency);
	if (j->errors == 0) {
		struct diag_list *odl = diag_list_new();

		char *ol = g_strdup_printf("versión %" G_GINT64_FORMAT, j->meta.base);

		if (guide_open_cached(&og, j->cache, j->desk->src, j->edition, NULL, odl, NULL) == 0 && og.model != NULL)
			j->diff = diff_text(og.model, g.model, ol, "este envío");
		g_free(ol);
		diag_list_free(odl);
	}
out:
	guide_close(&g);
	guide_close(&og);
	diag_list_free(dl);
	if (path != NULL)
		unlink(path);
	g_free(path);
}

static void
run_tree(struct job *j)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };

	j->tree_diags = g_ptr_array_new_with_free_func(g_free);
	if (guide_open(&g, j->desk->src, j->edition, NULL, dl, NULL) != 0) {
		j->rc = 2;
	} else {
		struct check_opts opts = { .src_root = g.root };

		check_model(g.model, &opts, dl);
		diag_sort(dl);
	}
	for (guint i = 0; i < j->tree->len; i++) {
		char *file = g_strdup_printf("%s/agencies/%s.xml", j->desk->src, (char *)j->tree->pdata[i]);
		int e = 0, w = 0;
		char *s = diags_serialize(dl, file, &e, &w), *h = j->rc == 0 ? content_hash(g.model, j->tree->pdata[i]) : NULL;

		g_ptr_array_add(j->tree_diags, g_strdup_printf("%d\t%d\t%s\t%s", e, w, h != NULL ? h : "-", s));
		g_free(h);
		g_free(s);
		g_free(file);
	}
	guide_close(&g);
	diag_list_free(dl);
}

static void
run_diff(struct job *j, const char *dir)
{
	char *po = job_file(dir, "old", j->agency, j->old), *pn = job_file(dir, "new", j->agency, j->new);
	char *eo[] = { po, NULL }, *en[] = { pn, NULL };
	struct diag_list *dl = diag_list_new();
	struct guide og = { 0 }, ng = { 0 };

	char *ol = g_strdup_printf("envío %" G_GINT64_FORMAT, j->old_id), *nl = g_strdup_printf("envío %" G_GINT64_FORMAT, j->new_id);

	if (po != NULL && pn != NULL && guide_open_cached(&og, j->cache, j->desk->src, j->edition, eo, dl, NULL) == 0 &&
	    guide_open_cached(&ng, j->cache, j->desk->src, j->edition, en, dl, NULL) == 0 && og.model != NULL && ng.model != NULL)
		j->diff = diff_text(og.model, ng.model, ol, nl);
	g_free(ol);
	g_free(nl);
	if (j->diff == NULL)
		j->rc = 2;
	guide_close(&og);
	guide_close(&ng);
	diag_list_free(dl);
	if (po != NULL)
		unlink(po);
	if (pn != NULL)
		unlink(pn);
	g_free(po);
	g_free(pn);
}

/*
 * A sign-off made on the desk is the program's own (`paisano signoff`): the agency's file must
 * have no errors, then signoff_record() writes <signoff ... sha256=/> into the edition manifest,
 * with the SHA-256 of the agency's part of the model, and keeps the content signed off under
 * guide-src/signoffs/.  `paisano check` and `publish` see it; the hash comes back in j->diags.
 */
static void
run_signoff(struct job *j)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	GError *err = NULL;
	const struct agency *a;

	if (guide_open(&g, j->desk->src, j->edition, NULL, dl, NULL) != 0 || g.model == NULL || g.model->edition == NULL ||
	    (a = model_agency(g.model, j->agency)) == NULL) {
		j->refusal = g_strdup("no se pudieron leer las fuentes o la edición para registrar la firma");
		goto out;
	}
	{
		GHashTable *own = g_hash_table_new(g_str_hash, g_str_equal);
		struct check_opts opts = { .src_root = g.root, .only_files = own };

		g_hash_table_add(own, (gpointer)a->file);
		check_model(g.model, &opts, dl);
		diag_keep_files(dl, own);
		g_hash_table_destroy(own);
	}
	if (diag_worst(dl) == DIAG_ERROR) {
		j->refusal = g_strdup("la sección tiene errores en la edición: corríjalos antes de firmar");
		goto out;
	}
	if (!signoff_record(&g, j->agency, j->editor, 0, &j->diags, &err)) {
		j->refusal = g_strdup_printf("no se pudo registrar la firma en el manifiesto: %s", err->message);
		g_clear_error(&err);
	}
out:
	guide_close(&g);
	diag_list_free(dl);
}

static void proof_pump(struct desk *);
static void proof_enqueue(struct desk *, const char *);

static gboolean
job_done(gpointer p)
{
	struct job *j = p;
	struct desk *d = j->desk;

	d->jobs_active--;
	j->done(j);
	proof_pump(d);		/* proofs that waited for the checks */
	return G_SOURCE_REMOVE;
}

/* The check thread's function: the job, then its `done` on the main loop. */
void
check_thread(gpointer p, gpointer unused)
{
	struct job *j = p;
	char *dir = j->kind == JOB_TREE || j->kind == JOB_SIGNOFF ? NULL : job_dir(j);

	(void)unused;
	j->t_start = g_get_monotonic_time();
	/* NULL when the desk is stopping (no pools any more): nothing cached */
	j->cache = j->desk->caches != NULL ? g_async_queue_pop(j->desk->caches) : NULL;
	if (j->kind == JOB_SIGNOFF) {
		g_mutex_lock(&j->desk->signing);
		run_signoff(j);
		g_mutex_unlock(&j->desk->signing);
	} else if (j->kind != JOB_TREE && dir == NULL)
		j->rc = 2;
	else if (j->kind == JOB_SUBMIT)
		run_submit(j, dir);
	else if (j->kind == JOB_TREE)
		run_tree(j);
	else
		run_diff(j, dir);
	if (dir != NULL) {
		const char *sub[] = { "new", "old" };

		for (guint i = 0; i < G_N_ELEMENTS(sub); i++) {
			char *sd = g_build_filename(dir, sub[i], NULL);

			g_rmdir(sd);
			g_free(sd);
		}
		g_rmdir(dir);
		g_free(dir);
	}
	if (j->cache != NULL)
		g_async_queue_push(j->desk->caches, j->cache);
	j->cache = NULL;
	j->t_checked = g_get_monotonic_time();
	g_main_context_invoke(NULL, job_done, j);
}

void
job_run_async(struct job *j)
{
	j->t_queued = g_get_monotonic_time();
	j->desk->jobs_active++;
	if (j->desk->checks != NULL)
		g_thread_pool_push(j->desk->checks, j, NULL);
	else
		check_thread(j, NULL);	/* stopping: the pool is gone */
}

void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	g_free(j->agency);
	g_free(j->edition);
	g_free(j->meta.author);
	g_free(j->meta.content_hash);
	g_free(j->editor);
	g_free(j->meta.sha256);
	if (j->old != NULL)
		g_bytes_unref(j->old);
	if (j->new != NULL)
		g_bytes_unref(j->new);
	if (j->tree != NULL)
		g_ptr_array_free(j->tree, TRUE);
	if (j->tree_subs != NULL)
		g_array_free(j->tree_subs, TRUE);
	if (j->tree_diags != NULL)
		g_ptr_array_free(j->tree_diags, TRUE);
	g_free(j->diags);
	g_free(j->diff);
	g_free(j->refusal);
	g_free(j);
}

/* ----- keeping the store and guide-src/ in agreement (main loop only) ----- */

/* The diagnostics of versions recorded without a check (changes made outside). */
static void
tree_done(struct job *j)
{
	for (guint i = 0; i < j->tree->len && j->rc == 0; i++) {
		const char *line = j->tree_diags->pdata[i];
		int e = 0, w = 0;
		const char *rest = line;

		char **f = g_strsplit(line, "\t", 4);

		sscanf(line, "%d\t%d\t", &e, &w);
		rest = g_strv_length(f) == 4 ? f[3] : "";
		store_sub_finish(&j->desk->st, g_array_index(j->tree_subs, gint64, i), SUB_OUTSIDE, rest, NULL, e, w);
		if (g_strv_length(f) == 4 && strcmp(f[2], "-") != 0)
			store_sub_content_hash(&j->desk->st, g_array_index(j->tree_subs, gint64, i), f[2]);
		g_strfreev(f);
	}
	job_free(j);
}

/* An agency file as desk_reconcile() last found it: the current version, no write pending. */
struct file_seen {
	GStatBuf	 st;
	gint64		 current;
};

static gint64
reconcile_one(struct desk *d, const char *agency)
{
	struct store *st = &d->st;
	gint64 pend = store_pending(st, agency), cur, id = 0;
	char *path = g_strdup_printf("%s/agencies/%s.xml", d->src, agency), *bytes = NULL, *hash, *cur_hash = NULL;
	gsize len = 0;
	GStatBuf fst;
	gboolean have_st = g_stat(path, &fst) == 0;	/* before the read: a change during it is seen next time */
	struct file_seen *seen = d->unchanged != NULL ? g_hash_table_lookup(d->unchanged, agency) : NULL;

	/* Each page of the agency reconciles it: reading and hashing the file again is only needed
	 * when it is not the file found to be the current version last time (any write, by the
	 * desk or outside, changes its times or its inode). */
	if (pend == 0 && have_st && seen != NULL && same_file(&seen->st, &fst) &&
	    store_current(st, agency, NULL) == seen->current) {
		g_free(path);
		return 0;
	}
	if (d->unchanged != NULL)
		g_hash_table_remove(d->unchanged, agency);
	if (!g_file_get_contents(path, &bytes, &len, NULL)) {
		g_free(path);
		return 0;
	}
	hash = desk_sha256_hex(bytes, len);
	if (pend != 0) {
		struct submission *s = store_sub_get(st, pend, FALSE);

		store_begin(st);
		if (s != NULL && strcmp(s->sha256, hash) == 0)
			store_set_current(st, agency, pend, hash);
		else if (s != NULL)
			store_sub_finish(st, pend, SUB_INTERRUPTED, s->diags, s->diff, s->errors, s->warnings);
		store_set_pending(st, agency, 0);
		store_commit(st);
		submission_free(s);
	}
	cur = store_current(st, agency, &cur_hash);
	if (cur_hash == NULL || strcmp(cur_hash, hash) != 0) {
		struct submission s = { 0 };

		s.agency = (char *)agency;
		s.author = (char *)OUTSIDE_AUTHOR;
		s.time = g_get_real_time() / G_USEC_PER_SEC;
		s.base = cur;
		s.result = SUB_OUTSIDE;
		s.sha256 = hash;
		store_begin(st);
		if ((id = store_sub_add(st, &s, bytes, len)) != 0)
			store_set_current(st, agency, id, hash);
		store_commit(st);
	} else if (have_st && d->unchanged != NULL) {
		struct file_seen *f = g_new0(struct file_seen, 1);

		f->st = fst;
		f->current = cur;
		g_hash_table_replace(d->unchanged, g_strdup(agency), f);
	}
	g_free(cur_hash);
	g_free(hash);
	g_free(bytes);
	g_free(path);
	return id;
}

/* agency NULL: every agency (start-up). */
void
desk_reconcile(struct desk *d, const char *agency)
{
	struct job *j = g_new0(struct job, 1);
	char *one[] = { (char *)agency, NULL };
	char **ids = agency != NULL ? g_strdupv(one) : desk_agencies(d);

	j->kind = JOB_TREE;
	j->desk = d;
	j->edition = desk_edition(d);
	j->tree = g_ptr_array_new_with_free_func(g_free);
	j->tree_subs = g_array_new(FALSE, FALSE, sizeof(gint64));
	j->done = tree_done;
	if (agency == NULL) {
		/* pending writes of agencies whose file is gone */
		GPtrArray *pend = store_pending_all(&d->st);

		for (guint i = 0; i < pend->len; i++)
			if (!desk_agency_exists(d, pend->pdata[i]))
				store_set_pending(&d->st, pend->pdata[i], 0);
		g_ptr_array_free(pend, TRUE);
	}
	for (char **p = ids; *p != NULL; p++) {
		gint64 id = reconcile_one(d, *p);

		if (id != 0) {
			g_ptr_array_add(j->tree, g_strdup(*p));
			g_array_append_val(j->tree_subs, id);
			proof_enqueue(d, *p);	/* all in one batch (at start-up, every agency) */
		}
	}
	proof_pump(d);
	g_strfreev(ids);
	if (j->tree->len > 0)
		job_run_async(j);
	else
		job_free(j);
}

/* Keep the submission with its result in one statement (one commit). */
static enum sub_result
keep(struct desk *d, struct job *j, enum sub_result r, const char *diags, const char *diff, int errors, int warnings)
{
	gsize len;
	const void *data = g_bytes_get_data(j->new, &len);

	j->meta.result = r;
	j->meta.diags = (char *)diags;
	j->meta.diff = (char *)diff;
	j->meta.errors = errors;
	j->meta.warnings = warnings;
	j->sub = store_sub_add(&d->st, &j->meta, data, len);
	j->meta.diags = j->meta.diff = NULL;
	return r;
}

enum sub_result
desk_accept(struct desk *d, struct job *j)
{
	struct store *st = &d->st;
	char *path = NULL, *note = NULL;
	enum sub_result r;
	GError *err = NULL;
	gsize len;
	const void *data;

	if (j->rc != 0 || j->refusal != NULL) {
		note = g_strdup_printf("0\t0\terror\tdesk\t%s\n", j->refusal != NULL ? j->refusal :
		    "no se pudo revisar el archivo (el escritorio no encontró las fuentes o la edición)");
		r = keep(d, j, SUB_REFUSED, note, NULL, 1, 0);
		goto out;
	}
	if (j->errors > 0) {
		r = keep(d, j, SUB_ERRORS, j->diags, NULL, j->errors, j->warnings);
		goto out;
	}
	desk_reconcile(d, j->agency);
	if (store_current(st, j->agency, NULL) != j->meta.base) {
		r = keep(d, j, SUB_STALE, j->diags, NULL, j->errors, j->warnings);
		goto out;
	}
	/* 1. the submission and the intent, in one transaction */
	store_begin(st);
	keep(d, j, SUB_ACCEPTED, j->diags, j->diff, j->errors, j->warnings);
	if (j->sub == 0 || !store_set_pending(st, j->agency, j->sub) || !store_commit(st)) {
		store_rollback(st);
		j->sub = 0;
		r = keep(d, j, SUB_INTERRUPTED, j->diags, NULL, j->errors, j->warnings);
		goto out;
	}
	/* 2. the file, whole or not at all */
	path = g_strdup_printf("%s/agencies/%s.xml", d->src, j->agency);
	data = g_bytes_get_data(j->new, &len);
	if (!output_write(path, data != NULL ? data : "", len, &err)) {
		g_warning("desk: cannot write %s: %s", path, err->message);
		g_clear_error(&err);
		store_begin(st);
		store_sub_finish(st, j->sub, SUB_INTERRUPTED, j->diags, NULL, j->errors, j->warnings);
		store_set_pending(st, j->agency, 0);
		store_commit(st);
		r = SUB_INTERRUPTED;
		goto out;
	}
	/* 3. current: the submission and the file are on disk, so a power cut that loses this
	 * commit leaves the pending write, which desk_reconcile() finishes at start-up */
	store_begin_recoverable(st);
	store_set_current(st, j->agency, j->sub, j->meta.sha256);
	store_set_pending(st, j->agency, 0);
	store_commit_recoverable(st);
	r = SUB_ACCEPTED;
	proof_queue(d, j->agency);
out:
	g_free(note);
	g_free(path);
	return r;
}

/* ----- proofs: the render module's, in this process, on a thread of their own -----
 *
 * The proofs of every agency waiting are made together, from one layout of the edition
 * (render_module()->proof_agencies): while one batch is made, the agencies accepted meanwhile
 * wait and go together in the next.  One proof thread, and a batch starts only when no check
 * is waiting for a thread or running: a batch takes hundreds of milliseconds of a core, and the checks,
 * which an editor waits for with the page loading, go first; and a batch already running
 * runs at a lower priority (nice +10, see proof_thread), so that checks that come meanwhile
 * take the cores first.  Nice is relative to everything on the machine: under an office build
 * or other load the proofs get a smaller share (about a tenth of a busy core), not none.
 */

struct proof_state {
	gint64		 shown;		/* the version the pictures show; -N: version N's failed */
	gboolean	 no_pages;	/* the version shown has no pages in the edition */
	gint64		 making;	/* the version being proofed, 0 none */
	gboolean	 again;		/* a newer version came while making */
	struct desk	*desk;
	char		*agency;
};

struct proof_batch {
	struct desk	*desk;
	char		*edition;
	GPtrArray	*agencies;	/* char * */
	GPtrArray	*outdirs;	/* char * */
	int		*results;
	gint64		 t0;
};

/* The setting "proofs:AGENCY" is the version shown, followed by this when it has no pages. */
#define NO_PAGES	"sin-paginas"

static struct proof_state *
proof_state(struct desk *d, const char *agency)
{
	struct proof_state *p = g_hash_table_lookup(d->proofs, agency);

	if (p == NULL) {
		char *key = g_strdup_printf("proofs:%s", agency), *v = store_setting(&d->st, key), *end = NULL;

		p = g_new0(struct proof_state, 1);
		p->desk = d;
		p->agency = g_strdup(agency);
		p->shown = v != NULL ? g_ascii_strtoll(v, &end, 10) : 0;
		p->no_pages = end != NULL && strcmp(end, " " NO_PAGES) == 0;
		g_hash_table_insert(d->proofs, p->agency, p);	/* the table's key is the state's */
		g_free(key);
		g_free(v);
	}
	return p;
}

void
proof_state_free(gpointer data)
{
	struct proof_state *p = data;

	g_free(p->agency);
	g_free(p);
}

/* On the main loop, once a batch is made. */
static gboolean
proof_done(gpointer data)
{
	struct proof_batch *b = data;
	struct desk *d = b->desk;

	d->proofs_running--;
	store_begin_recoverable(&d->st);	/* lost, the proofs are made again */
	for (guint i = 0; i < b->agencies->len; i++) {
		struct proof_state *p = proof_state(d, b->agencies->pdata[i]);

		/* 1: none of the agency's content is laid out in the edition (an agency whose
		 * sections the manifest does not include, e.g. one that only has contacts other
		 * sections cite): nothing to proof, and nothing failed */
		if (b->results[i] == 0 || b->results[i] == 1) {
			char *key = g_strdup_printf("proofs:%s", p->agency);
			char *v = g_strdup_printf("%" G_GINT64_FORMAT "%s", p->making, b->results[i] == 1 ? " " NO_PAGES : "");

			p->shown = p->making;
			p->no_pages = b->results[i] == 1;
			store_setting_set(&d->st, key, v);
			g_free(key);
			g_free(v);
		} else {
			p->shown = -p->making;	/* failed for this version */
			p->no_pages = FALSE;
		}
		p->making = 0;
		if (p->again) {
			p->again = FALSE;
			g_queue_push_tail(&d->proof_queue, g_strdup(p->agency));
		}
	}
	store_commit_recoverable(&d->st);
	if (d->log != NULL) {
		/* the proofs' own line in the request log: what they cost, beside the requests */
		GString *list = g_string_new(NULL);

		for (guint i = 0; i < b->agencies->len; i++)
			g_string_append_printf(list, "%s%s", i > 0 ? "," : "", (char *)b->agencies->pdata[i]);
		fprintf(d->log, "-\t-\tproofs %s\t%d\t%.1f ms\t-\n", list->str, b->results[0],
		    (g_get_monotonic_time() - b->t0) / 1000.0);
		fflush(d->log);
		g_string_free(list, TRUE);
	}
	g_ptr_array_free(b->agencies, TRUE);
	g_ptr_array_free(b->outdirs, TRUE);
	g_free(b->results);
	g_free(b->edition);
	g_free(b);
	proof_pump(d);
	return G_SOURCE_REMOVE;
}

/* The proof thread's function.  The thread (its pool's own, never lent to another pool) runs
 * at a lower priority than the rest of the desk, and the painting threads it starts inherit
 * it: a batch started while no check waited must not hold a core when the next submissions
 * come, since their editors wait for the diagnostics with the page loading.  Not the lowest
 * priority: other work on the machine (an office build) leaves the proofs a share. */
enum { PROOF_NICE = 10 };

void
proof_thread(gpointer data, gpointer unused)
{
	struct proof_batch *b = data;
	struct desk *d = b->desk;
	struct proof_opts o = { 0 };
	static __thread gboolean niced;

	(void)unused;
	if (!niced) {
		/* on Linux a thread's own nice value (the process's threads each have one) */
		id_t tid = (id_t)syscall(SYS_gettid);

		errno = 0;
		if (setpriority(PRIO_PROCESS, tid, getpriority(PRIO_PROCESS, tid) + PROOF_NICE) != 0)
			g_warning("desk: the proof thread keeps its priority: %s", g_strerror(errno));
		niced = TRUE;
	}
	o.src_root = d->src;
	o.templates = d->templates;
	o.edition = b->edition;
	o.lang = LANG_ES;
	o.dpi = 150;
	o.jobs = 0;		/* a painting thread per core: at their priority, they take idle cores */
	o.quiet = 1;
	o.cache = d->proof_cache;
	render_module()->proof_agencies(&o, (const char *const *)b->agencies->pdata,
	    (const char *const *)b->outdirs->pdata, b->agencies->len, b->results);
	g_main_context_invoke(NULL, proof_done, b);
}

static void
proof_pump(struct desk *d)
{
	struct proof_batch *b;

	if (d->proofs_running > 0 || g_queue_is_empty(&d->proof_queue) || d->proofer == NULL)
		return;
	if (d->checks != NULL && d->jobs_active > 0)
		return;		/* checks first, waiting or running: job_done() pumps again */
	b = g_new0(struct proof_batch, 1);
	b->desk = d;
	b->edition = desk_edition(d);
	b->agencies = g_ptr_array_new_with_free_func(g_free);
	b->outdirs = g_ptr_array_new_with_free_func(g_free);
	b->t0 = g_get_monotonic_time();
	while (!g_queue_is_empty(&d->proof_queue)) {
		char *agency = g_queue_pop_head(&d->proof_queue);
		struct proof_state *p = proof_state(d, agency);

		p->making = store_current(&d->st, agency, NULL);
		g_ptr_array_add(b->agencies, agency);
		g_ptr_array_add(b->outdirs, g_strdup_printf("%s/proofs/%s", d->st.dir, agency));
	}
	b->results = g_new0(int, b->agencies->len);
	d->proofs_running++;
	g_thread_pool_push(d->proofer, b, NULL);
}

/* The agency's proofs to be made, in the next batch; the caller pumps. */
static void
proof_enqueue(struct desk *d, const char *agency)
{
	struct proof_state *p = proof_state(d, agency);

	if (p->making != 0) {
		p->again = TRUE;
		return;
	}
	for (GList *l = d->proof_queue.head; l != NULL; l = l->next)
		if (strcmp(l->data, agency) == 0)
			return;
	g_queue_push_tail(&d->proof_queue, g_strdup(agency));
}

void
proof_queue(struct desk *d, const char *agency)
{
	proof_enqueue(d, agency);
	proof_pump(d);
}

gboolean
proof_no_pages(struct desk *d, const char *agency)
{
	return proof_state(d, agency)->no_pages;
}

gint64
proof_shown(struct desk *d, const char *agency, gboolean *busy)
{
	struct proof_state *p = proof_state(d, agency);

	*busy = p->making != 0 || p->again;
	for (GList *l = d->proof_queue.head; l != NULL; l = l->next)
		if (strcmp(l->data, agency) == 0)
			*busy = TRUE;
	return p->shown;
}

/* ----- the diff as HTML ----- */

char *
diff_html(const char *text)
{
	GString *s = g_string_new(NULL);
	const char *p = text != NULL ? text : "";

	while (*p != '\0') {
		const char *open = NULL, *close = NULL, *tag = NULL, *end;

		{
			const char *a = strstr(p, "[-"), *b = strstr(p, "{+");

			if (a != NULL && (b == NULL || a < b))
				open = a, close = "-]", tag = "del";
			else if (b != NULL)
				open = b, close = "+}", tag = "ins";
		}
		if (open == NULL || (end = strstr(open + 2, close)) == NULL) {
			char *rest = html_escape(p);

			g_string_append(s, rest);
			g_free(rest);
			break;
		}
		{
			char *before = g_strndup(p, (gsize)(open - p)), *inner = g_strndup(open + 2, (gsize)(end - open - 2));

			html_printf(s, "%s<%H>%s</%H>", before, tag, inner, tag);
			g_free(before);
			g_free(inner);
		}
		p = end + 2;
	}
	return g_string_free(s, FALSE);
}
