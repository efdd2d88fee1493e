/* guide.c: loading the source tree and compiling one edition. */
#include <string.h>

#include <glib/gstdio.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "check.h"
#include "compile.h"
#include "guide.h"
#include "publish.h"
#include "snapshot.h"
#include "i18n.h"

G_DEFINE_QUARK(paisano-guide-error-quark, guide_error)

static int
str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .xml files of a directory, sorted, as paths under it. */
static GPtrArray *
xml_files(const char *dir)
{
	GPtrArray *r = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (d == NULL)
		return r;
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(name, ".xml") && name[0] != '.')
			g_ptr_array_add(r, g_build_filename(dir, name, NULL));
	g_dir_close(d);
	g_ptr_array_sort(r, str_cmp);
	return r;
}

char **
guide_edition_ids(const char *root)
{
	char *dir = g_build_filename(root, "editions", NULL);
	GPtrArray *files = xml_files(dir);
	GPtrArray *ids = g_ptr_array_new();

	for (guint i = 0; i < files->len; i++) {
		char *b = g_path_get_basename(files->pdata[i]);

		b[strlen(b) - 4] = '\0';
		g_ptr_array_add(ids, b);
	}
	g_ptr_array_add(ids, NULL);
	g_ptr_array_free(files, TRUE);
	g_free(dir);
	return (char **)g_ptr_array_free(ids, FALSE);
}

static const char *
root_name(const struct src_file *f)
{
	xmlNodePtr r = f->doc != NULL ? xmlDocGetRootElement(f->doc) : NULL;

	return r != NULL ? (const char *)r->name : "";
}

static char *
root_attr(const struct src_file *f, const char *name)
{
	xmlNodePtr r = f->doc != NULL ? xmlDocGetRootElement(f->doc) : NULL;
	xmlChar *v = r != NULL ? xmlGetProp(r, BAD_CAST name) : NULL;
	char *s = v != NULL ? g_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* The start of a manifest's operation, to pick the newest edition. */
static char *
operation_start(const struct src_file *f)
{
	xmlNodePtr r = xmlDocGetRootElement(f->doc);

	for (xmlNodePtr k = r->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "operation")) {
			xmlChar *v = xmlGetProp(k, BAD_CAST "start");
			char *s = g_strdup(v != NULL ? (const char *)v : "");

			xmlFree(v);
			return s;
		}
	return g_strdup("");
}

/* Ids defined in a file that failed to validate: references to them get no "not defined". */
static void
collect_ids(const struct src_file *f, GHashTable *ids)
{
	xmlXPathContextPtr x;
	xmlXPathObjectPtr o;

	if (f->doc == NULL)
		return;
	x = xmlXPathNewContext(f->doc);
	o = xmlXPathEvalExpression(BAD_CAST "//@id", x);
	if (o != NULL && o->nodesetval != NULL)
		for (int i = 0; i < o->nodesetval->nodeNr; i++) {
			xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);

			g_hash_table_add(ids, g_strdup((const char *)v));
			xmlFree(v);
		}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(x);
	{
		char *id = root_attr(f, "id");

		if (id != NULL)
			g_hash_table_add(ids, id);
	}
}

static char *
real(const char *p)
{
	char *r = realpath(p, NULL);
	char *s = g_strdup(r != NULL ? r : p);

	free(r);
	return s;
}

/* The canonical path of a tree file, to compare with the files named on the command line; NULL
 * when none were (`replaced` is empty): nothing to compare with, no need to resolve it. */
static char *
real_if_named(GHashTable *replaced, const char *p)
{
	return g_hash_table_size(replaced) > 0 ? real(p) : NULL;
}

static int
path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp((*(struct src_file *const *)a)->path, (*(struct src_file *const *)b)->path);
}

/* Is there a file ID.xml in the editions directory? */
static gboolean
edition_exists(const char *edir, const char *id)
{
	GPtrArray *paths = xml_files(edir);
	char *want = g_strdup_printf("%s.xml", id);
	gboolean found = FALSE;

	for (guint i = 0; i < paths->len && !found; i++) {
		char *b = g_path_get_basename(paths->pdata[i]);

		found = strcmp(b, want) == 0;
		g_free(b);
	}
	g_free(want);
	g_ptr_array_free(paths, TRUE);
	return found;
}

/*
 * Agency files are compiled one by one as they are loaded, in the order of their paths (the
 * named ones merged in), and each tree is freed once compiled: only one agency's tree is in
 * memory at a time.  Ids in files that failed to validate are only needed once every agency
 * is compiled, by the references and the manifest.
 */
/*
 * The desk checks one file against the tree many times a minute: reading, parsing and
 * validating the other agencies' files again each time was most of a check.  The cache keeps
 * each agency file that validated, with its tree, while its size, modification time and inode
 * stay the same (the stat is taken before the file is read, so a change during the read is
 * seen next time); the messages of loading and validating it are not given again.
 */
struct cached_file {
	struct src_file	*f;
	GStatBuf	 st;
};

struct guide_cache {
	GHashTable	*files;		/* path -> struct cached_file * */
};

static void
cached_free(gpointer p)
{
	struct cached_file *c = p;

	src_free(c->f);
	g_free(c);
}

struct guide_cache *
guide_cache_new(void)
{
	struct guide_cache *gc = g_new0(struct guide_cache, 1);

	gc->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_free);
	return gc;
}

void
guide_cache_free(struct guide_cache *gc)
{
	if (gc == NULL)
		return;
	g_hash_table_destroy(gc->files);
	g_free(gc);
}

static gboolean
same_stat(const GStatBuf *a, const GStatBuf *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* An agency file of the tree, compiled: from the cache if unchanged, else read (and kept in
 * the cache if it validated). */
static void
add_tree_agency(struct guide *g, struct guide_cache *gc, struct compiler *c, const char *path,
    GHashTable *unsure, struct diag_list *dl)
{
	struct cached_file *cf = gc != NULL ? g_hash_table_lookup(gc->files, path) : NULL;
	GStatBuf st;
	gboolean have_st = gc != NULL && g_stat(path, &st) == 0;
	struct src_file *f;

	if (cf != NULL && have_st && same_stat(&cf->st, &st)) {
		compile_add_agency(c, cf->f);
		return;
	}
	guint before = diag_len(dl);
	gboolean clean = TRUE;

	if (gc != NULL)
		g_hash_table_remove(gc->files, path);
	if ((f = src_load(path, dl)) == NULL)
		return;
	if (src_validate(f, dl) && strcmp(root_name(f), "agency") == 0) {
		/* only a file read without an error is kept: its messages are not given again */
		for (guint i = before; i < diag_len(dl); i++)
			if (diag_get(dl, i)->level == DIAG_ERROR)
				clean = FALSE;
		compile_add_agency(c, f);
		if (have_st && clean) {
			cf = g_new0(struct cached_file, 1);
			cf->f = f;
			cf->st = st;
			g_hash_table_replace(gc->files, g_strdup(path), cf);
			return;
		}
	} else
		collect_ids(f, unsure);
	g_ptr_array_add(g->files, f);
	src_drop_tree(f);
}

/*
 * Without a cache (a build, a check), the tree's agency files are read and validated on every
 * core (parsing is most of the compile's time), each with its own messages, a few files ahead
 * of the compile, which takes them in their order, their messages too, as add_tree_agency()
 * would have: the same model and messages.  At most PREFETCH_AHEAD trees wait (each is
 * dropped once compiled), so the memory stays near what one file at a time took.
 */
#define PREFETCH_AHEAD	8

struct prefetch {
	GPtrArray		*paths;		/* char *, the files to read, in order */
	struct src_file		**f;		/* per path: the file, or NULL if unreadable */
	gboolean		*valid, *ready;
	struct diag_list	**dl;
	guint			 taken;		/* the compile's next one */
	guint			 next;		/* the next to read */
	GMutex			 lock;
	GCond			 changed;
	GThread			*th[3];
	guint			 nth;
};

static void
prefetch_read(struct prefetch *P, guint i)
{
	P->dl[i] = diag_list_new();
	if ((P->f[i] = src_load(P->paths->pdata[i], P->dl[i])) != NULL)
		P->valid[i] = src_validate(P->f[i], P->dl[i]);
	g_mutex_lock(&P->lock);
	P->ready[i] = TRUE;
	g_cond_broadcast(&P->changed);
	g_mutex_unlock(&P->lock);
}

static gpointer
prefetch_some(gpointer p)
{
	struct prefetch *P = p;

	for (;;) {
		guint i;

		g_mutex_lock(&P->lock);
		while (P->next < P->paths->len && P->next >= P->taken + PREFETCH_AHEAD)
			g_cond_wait(&P->changed, &P->lock);
		if (P->next >= P->paths->len) {
			g_mutex_unlock(&P->lock);
			return NULL;
		}
		i = P->next++;
		g_mutex_unlock(&P->lock);
		prefetch_read(P, i);
	}
}

static void
prefetch_start(struct prefetch *P)
{
	P->nth = MIN(MIN(g_get_num_processors(), G_N_ELEMENTS(P->th) + 1) - 1, P->paths->len / 2);
	P->f = g_new0(struct src_file *, P->paths->len);
	P->valid = g_new0(gboolean, P->paths->len);
	P->ready = g_new0(gboolean, P->paths->len);
	P->dl = g_new0(struct diag_list *, P->paths->len);
	g_mutex_init(&P->lock);
	g_cond_init(&P->changed);
	xmlInitParser();	/* libxml2's globals set up on this thread, before others parse */
	for (guint k = 0; k < P->nth; k++)
		P->th[k] = g_thread_new("read", prefetch_some, P);
}

/* A prefetch begun by guide_prefetch_begin(), for `early_root`, until a guide_open() takes it. */
static struct prefetch *early;
static char *early_root;

void
guide_prefetch_begin(const char *root)
{
	char *adir = g_build_filename(root, "agencies", NULL);

	if (early == NULL && g_file_test(adir, G_FILE_TEST_IS_DIR)) {
		early = g_new0(struct prefetch, 1);
		early->paths = xml_files(adir);
		early_root = g_strdup(root);
		prefetch_start(early);
	}
	g_free(adir);
}

/* The early prefetch if it reads P's files for the same tree (P's list is freed then), else
 * NULL (an early one is dropped). */
static struct prefetch *
prefetch_take_early(struct prefetch *P, const char *root)
{
	struct prefetch *E = early;
	gboolean same;

	if (E == NULL)
		return NULL;
	same = strcmp(early_root, root) == 0 && E->paths->len == P->paths->len;
	for (guint i = 0; same && i < P->paths->len; i++)
		same = strcmp(E->paths->pdata[i], P->paths->pdata[i]) == 0;
	if (!same) {
		guide_prefetch_drop();
		return NULL;
	}
	g_ptr_array_free(P->paths, TRUE);
	P->paths = NULL;
	early = NULL;
	g_clear_pointer(&early_root, g_free);
	return E;
}

/* add_tree_agency() with the next file in order: read here if no thread has taken it yet,
 * else waited for. */
static void
add_prefetched_agency(struct guide *g, struct prefetch *P, struct compiler *c, GHashTable *unsure,
    struct diag_list *dl)
{
	guint i;
	struct src_file *f;

	g_mutex_lock(&P->lock);
	i = P->taken;
	if (P->next == i) {
		P->next++;
		g_mutex_unlock(&P->lock);
		prefetch_read(P, i);
		g_mutex_lock(&P->lock);
	}
	while (!P->ready[i])
		g_cond_wait(&P->changed, &P->lock);
	P->taken++;
	g_cond_broadcast(&P->changed);
	g_mutex_unlock(&P->lock);
	f = P->f[i];
	diag_list_move(dl, P->dl[i]);
	if (f == NULL)
		return;
	if (P->valid[i] && strcmp(root_name(f), "agency") == 0)
		compile_add_agency(c, f);
	else
		collect_ids(f, unsure);
	g_ptr_array_add(g->files, f);
	src_drop_tree(f);
}

static void
prefetch_free(struct prefetch *P)
{
	if (P->f != NULL) {
		guint taken;

		g_mutex_lock(&P->lock);
		taken = P->taken;
		P->next = P->paths->len;	/* the threads read no more */
		g_cond_broadcast(&P->changed);
		g_mutex_unlock(&P->lock);
		for (guint k = 0; k < P->nth; k++)
			g_thread_join(P->th[k]);
		for (guint i = 0; i < P->paths->len; i++) {
			if (P->dl[i] != NULL)
				diag_list_free(P->dl[i]);
			if (P->f[i] != NULL && i >= taken)
				src_free(P->f[i]);	/* read but not compiled */
		}
		g_mutex_clear(&P->lock);
		g_cond_clear(&P->changed);
	}
	g_free(P->dl);
	g_free(P->f);
	g_free(P->valid);
	g_free(P->ready);
	g_ptr_array_free(P->paths, TRUE);
}

void
guide_prefetch_drop(void)
{
	if (early != NULL) {
		prefetch_free(early);
		g_free(early);
		early = NULL;
	}
	g_clear_pointer(&early_root, g_free);
}

int
guide_open(struct guide *g, const char *root, const char *edition, char **extra, struct diag_list *dl,
    GError **err)
{
	return guide_open_cached(g, NULL, root, edition, extra, dl, err);
}

int
guide_open_cached(struct guide *g, struct guide_cache *gc, const char *root, const char *edition, char **extra,
    struct diag_list *dl, GError **err)
{
	char *adir, *edir;
	GPtrArray *paths, *eds, *named_agencies = NULL;
	GHashTable *replaced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *unsure = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct compiler *c;
	struct src_file *named_edition = NULL, *chosen = NULL;
	struct prefetch prefetch = { 0 }, *pf = NULL;	/* pf: this one or an early one */
	int rc = 0;

	g_return_val_if_fail(root != NULL, 2);	/* the default is the caller's (opts.c) */
	memset(g, 0, sizeof(*g));
	g->root = g_strdup(root);
	g->files = g_ptr_array_new_with_free_func((GDestroyNotify)src_free);
	g->named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	adir = g_build_filename(root, "agencies", NULL);
	edir = g_build_filename(root, "editions", NULL);
	if (!g_file_test(adir, G_FILE_TEST_IS_DIR)) {
		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NO_TREE, _("no source tree at %s (expected %s/); run "
		    "paisano from the repository's top directory or give --src DIR"), root, adir);
		rc = 2;
		goto out;
	}
	named_agencies = g_ptr_array_new();

	/* Files named on the command line come first, so that they replace the tree's. */
	for (char **p = extra; p != NULL && *p != NULL; p++) {
		struct src_file *f;

		if (!g_file_test(*p, G_FILE_TEST_EXISTS)) {
			g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NO_FILE, _("%s: no such file"), *p);
			rc = 2;
			goto out;
		}
		g_hash_table_add(g->named, g_strdup(*p));
		if ((f = src_load(*p, dl)) == NULL)
			continue;
		g_ptr_array_add(g->files, f);
		g_hash_table_add(replaced, real(*p));
		if (f->doc != NULL && strcmp(root_name(f), "agency") == 0) {
			char *id = root_attr(f, "id");

			if (id != NULL)
				g_hash_table_add(replaced, g_strdup_printf("agency:%s", id));
			g_free(id);
		}
		if (!src_validate(f, dl)) {
			collect_ids(f, unsure);
			continue;
		}
		if (strcmp(root_name(f), "edition") == 0)
			named_edition = f;
		else
			g_ptr_array_add(named_agencies, f);
	}
	if (named_edition == NULL && edition != NULL && !edition_exists(edir, edition)) {
		char **ids = guide_edition_ids(root);
		char *list = g_strjoinv(", ", ids);

		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NO_EDITION, _("no edition \"%s\": %s/%s.xml not found "
		    "(editions: %s)"), edition, edir, edition, *list != '\0' ? list : "none");
		g_free(list);
		g_strfreev(ids);
		rc = 2;
		goto out;
	}

	c = compile_begin(unsure, dl);
	g_ptr_array_sort(named_agencies, path_cmp);
	paths = xml_files(adir);
	prefetch.paths = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; gc == NULL && i < paths->len; i++) {
		const char *path = paths->pdata[i];
		char *r = real_if_named(replaced, path), *base = g_path_get_basename(path), *key;

		base[strlen(base) - 4] = '\0';
		key = g_strdup_printf("agency:%s", base);
		if ((r == NULL || !g_hash_table_contains(replaced, r)) && !g_hash_table_contains(replaced, key))
			g_ptr_array_add(prefetch.paths, g_strdup(path));
		g_free(key);
		g_free(base);
		g_free(r);
	}
	if (gc == NULL && (pf = prefetch_take_early(&prefetch, root)) == NULL) {
		pf = &prefetch;
		prefetch_start(pf);
	}
	for (guint i = 0, j = 0; i < paths->len || j < named_agencies->len; ) {
		const char *path;
		char *r, *base, *key;

		if (j < named_agencies->len &&
		    (i == paths->len || strcmp(((struct src_file *)named_agencies->pdata[j])->path, paths->pdata[i]) <= 0)) {
			compile_add_agency(c, named_agencies->pdata[j++]);
			continue;
		}
		path = paths->pdata[i++];
		r = real_if_named(replaced, path);
		base = g_path_get_basename(path);
		base[strlen(base) - 4] = '\0';
		key = g_strdup_printf("agency:%s", base);
		if ((r == NULL || !g_hash_table_contains(replaced, r)) && !g_hash_table_contains(replaced, key)) {
			if (gc == NULL)
				add_prefetched_agency(g, pf, c, unsure, dl);
			else
				add_tree_agency(g, gc, c, path, unsure, dl);
		}
		g_free(key);
		g_free(base);
		g_free(r);
	}
	g_ptr_array_free(paths, TRUE);

	/* Every manifest is read and validated; one is the edition. */
	paths = xml_files(edir);
	eds = g_ptr_array_new();
	for (guint i = 0; i < paths->len; i++) {
		const char *path = paths->pdata[i];
		char *r = real_if_named(replaced, path);
		struct src_file *f;

		if ((r == NULL || !g_hash_table_contains(replaced, r)) && (f = src_load(path, dl)) != NULL) {
			g_ptr_array_add(g->files, f);
			if (src_validate(f, dl) && strcmp(root_name(f), "edition") == 0)
				g_ptr_array_add(eds, f);
		}
		g_free(r);
	}
	if (named_edition != NULL)
		chosen = named_edition;
	else if (edition != NULL) {
		/* It exists (see above); without a valid manifest there is no edition to compile. */
		char *want = g_strdup_printf("%s.xml", edition);

		for (guint i = 0; i < paths->len; i++) {
			char *b = g_path_get_basename(paths->pdata[i]);

			if (strcmp(b, want) == 0)
				for (guint j = 0; j < eds->len; j++)
					if (strcmp(((struct src_file *)eds->pdata[j])->path, paths->pdata[i]) == 0)
						chosen = eds->pdata[j];
			g_free(b);
		}
		g_free(want);
	} else {
		char *best = NULL;

		for (guint j = 0; j < eds->len; j++) {
			char *s = operation_start(eds->pdata[j]);

			if (best == NULL || strcmp(s, best) > 0) {
				g_free(best);
				best = s;
				chosen = eds->pdata[j];
			} else
				g_free(s);
		}
		g_free(best);
	}
	g_ptr_array_free(paths, TRUE);
	g_ptr_array_free(eds, TRUE);
	g->model = compile_end(c, chosen);
	if (g->model != NULL)
		snapshot_hash_images(g->model, g->root);
out:
	if (pf != NULL && pf != &prefetch) {
		prefetch_free(pf);
		g_free(pf);
	} else if (prefetch.paths != NULL)
		prefetch_free(&prefetch);
	if (named_agencies != NULL)
		g_ptr_array_free(named_agencies, TRUE);
	g_hash_table_destroy(replaced);
	g_hash_table_destroy(unsure);
	g_free(adir);
	g_free(edir);
	return rc;
}

int
guide_open_snapshot(struct guide *g, const char *path, struct diag_list *dl, GError **err)
{
	struct compile_input in = { NULL, NULL, NULL, NULL };
	struct src_file *f;
	char *dir = g_path_get_dirname(path), *parent = g_path_get_dirname(dir);

	memset(g, 0, sizeof(*g));
	/* guide-src/published/x.model.xml: images are found in guide-src/ */
	g->root = parent;
	g_free(dir);
	g->files = g_ptr_array_new_with_free_func((GDestroyNotify)src_free);
	g->named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NO_FILE, _("%s: no such snapshot"), path);
		return 2;
	}
	/* A published snapshot is read only if it is the one its log.tsv records. */
	if (!publish_verify_snapshot(path, err))
		return 2;
	if ((f = src_load(path, dl)) == NULL)
		goto sources;
	g_ptr_array_add(g->files, f);
	if (!src_validate(f, dl))
		goto sources;
	if (strcmp(root_name(f), "paisano-model") != 0) {
		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NOT_SNAPSHOT, _("%s is not a snapshot (its root is <%s>, "
		    "not <paisano-model>)"), path, root_name(f));
		return 2;
	}
	in.agencies = g_ptr_array_new();
	in.snapshot = f;
	g->model = compile_model(&in, dl);
	g_ptr_array_free(in.agencies, TRUE);
	if (diag_worst(dl) != DIAG_ERROR)
		return 0;
sources:
	g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_SOURCES, _("%s: the snapshot has errors"), path);
	return 1;
}

void
guide_close(struct guide *g)
{
	model_free(g->model);
	if (g->files != NULL)
		g_ptr_array_free(g->files, TRUE);
	if (g->named != NULL)
		g_hash_table_destroy(g->named);
	g_free(g->root);
	memset(g, 0, sizeof(*g));
}

void
guide_drop_sources(struct guide *g)
{
	for (guint i = 0; g->files != NULL && i < g->files->len; i++)
		src_drop_bytes(g->files->pdata[i]);
}

/* A path to a snapshot file rather than an edition id? */
gboolean
guide_is_snapshot_path(const char *s)
{
	return g_str_has_suffix(s, ".model.xml") || (strchr(s, '/') != NULL && g_str_has_suffix(s, ".xml"));
}

/*
 * The model of an edition, from its sources (checked: errors stop here) or from a snapshot.
 * Returns 0, 1 (errors in the sources: they are in `dl`) or 2 (could not run), with `err` set
 * unless 0.
 */
int
guide_edition(struct guide *g, const char *src, const char *edition, struct diag_list *dl, GError **err)
{
	return guide_edition_cached(g, NULL, src, edition, dl, err);
}

int
guide_edition_cached(struct guide *g, struct guide_cache *gc, const char *src, const char *edition,
    struct diag_list *dl, GError **err)
{
	struct check_opts opts = { 0 };
	int rc;

	GError *e = NULL;

	if (edition != NULL && guide_is_snapshot_path(edition))
		rc = guide_open_snapshot(g, edition, dl, &e);
	else if ((rc = guide_open_cached(g, gc, src, edition, NULL, dl, &e)) == 0) {
		opts.src_root = g->root;
		check_model(g->model, &opts, dl);
	}
	if (rc == 2)
		g_propagate_error(err, e);
	else
		g_clear_error(&e);	/* errors in the sources: said below */
	if (rc == 0 && g->model != NULL && g->model->edition == NULL) {
		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_NO_EDITION, _("no edition manifest in %s/editions"), g->root);
		rc = 2;
	}
	diag_sort(dl);
	if (rc != 2 && diag_worst(dl) == DIAG_ERROR) {
		g_set_error(err, GUIDE_ERROR, GUIDE_ERROR_SOURCES, _("fix the errors above first (paisano check lists them)"));
		rc = 1;
	}
	if (rc == 0)
		snapshot_stamp(g->model);
	return rc;
}

void
guide_print_error(const struct guide *g, const struct diag_list *dl, const GError *err, FILE *fp)
{
	if (g_error_matches(err, GUIDE_ERROR, GUIDE_ERROR_SOURCES)) {
		diag_print_text(dl, fp);
		diag_print_summary(dl, fp, g->files != NULL ? g->files->len : 0);
	}
	if (err != NULL)
		fprintf(fp, _("paisano: %s\n"), err->message);
}
