/* build.c: `paisano build`: check, compile, lay out, render, and the manifest. */
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "build.h"
#include "check.h"
#include "diag.h"
#include "display.h"
#include "guide.h"
#include "heap.h"
#include "layout.h"
#include "output.h"
#include "html.h"
#include "hyphen.h"
#include "jobsheet.h"
#include "print.h"
#include "screen.h"
#include "snapshot.h"
#include "template.h"
#include "i18n.h"

/* One output file, for the manifest. */
struct produced {
	char	*kind;		/* "print", "screen", "html", "snapshot" */
	char	*path;		/* relative to the edition's directory */
	int	 lang;		/* enum lang, or -1 for the snapshot */
	char	*sha256;	/* of its bytes, once hashed (produced_hash()), or NULL */
	gsize	 bytes;
};

/* What a build knows while it runs. */
struct build {
	const struct build_opts	*o;
	struct guide		 g;
	char			*dir;		/* the staging directory, outdir/.EDITION.tmp-XXXXXX */
	char			*final;		/* outdir/EDITION, replaced whole by dir at the end */
	GArray			*stages;	/* struct stage_time */
	GPtrArray		*files;		/* struct produced * */
	guint			 warnings;
	gint64			 t0;
	int			 compile_rc;	/* guide_edition's status */
	struct template		*tpl;
	enum lang		 lang;		/* the language being built */
	guint			 langs;		/* 1 << enum lang: the languages in the directory */
	struct display		*disp;		/* the current language's pages, laid out once */
	int			 lay_threads;	/* the threads its layout lays out chapters on */
	struct display		*disps[LANG__MAX];	/* owns every language's pages */
	guint			 npages[LANG__MAX];
	guint			 rebuild;	/* languages whose kept outputs failed verification */
	struct flusher		*flush;		/* flushes the files written (flusher_push()) */
	struct print_cache	*print_cache;	/* what its print PDFs share */
};

/* A stage's name in the manifest: "layout", and "layout (en)" for a translation. */
static const char *
lang_stage(enum lang l, const char *name)
{
	char *s;
	const char *r;

	if (l == LANG_ES)
		return name;
	s = g_strdup_printf("%s (%s)", name, model_lang_code(l));
	r = g_intern_string(s);
	g_free(s);
	return r;
}

/* A stage's name as the progress and the errors say it: the manifest's, in the reader's
 * language ("layout (en)": "composición (en)"); newly allocated. */
static char *
stage_said(const char *name)
{
	const char *paren = strstr(name, " (");
	char *base = paren != NULL ? g_strndup(name, (gsize)(paren - name)) : g_strdup(name);
	char *r = g_strconcat(g_dpgettext2(GETTEXT_PACKAGE, "stage", base), paren != NULL ? paren : "", NULL);

	g_free(base);
	return r;
}

int
build_threads(int jobs)
{
	return jobs > 0 ? jobs : CLAMP((int)g_get_num_processors(), 1, 4);
}

char *
build_file_name(const char *edition, enum lang l, const char *what)
{
	return l == LANG_ES ? g_strdup_printf("%s-%s", edition, what) :
	    g_strdup_printf("%s-%s-%s", edition, model_lang_code(l), what);
}

const char *
build_html_dir(enum lang l)
{
	return l == LANG_ES ? "html" : "html-en";
}

struct stage_time {
	const char	*name;
	double		 wall;	/* seconds */
	double		 cpu;
	double		 start;	/* seconds since the build started: the manifest's timeline */
};

/* The calling thread's CPU time: stages run on several threads at once. */
static double
cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
say(const struct build *b, int level, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
say(const struct build *b, int level, const char *fmt, ...)
{
	va_list ap;

	/* level 0: normal messages; 1: progress (terminal or -v). */
	if (b->o->verbosity < 0 || (level == 1 && !b->o->progress && b->o->verbosity < 1))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* Runs fn on this thread, its wall and CPU time into t (t->name named already). */
static gboolean
timed(struct build *b, struct stage_time *t, gboolean (*fn)(struct build *, GError **), GError **err)
{
	gint64 w0 = g_get_monotonic_time();
	double c0 = cpu_seconds();
	char *said = stage_said(t->name);
	gboolean ok;

	say(b, 1, _("paisano: %s...\n"), said);
	g_free(said);
	t->start = (double)(w0 - b->t0) / 1e6;
	ok = fn(b, err);
	t->wall = (double)(g_get_monotonic_time() - w0) / 1e6;
	t->cpu = cpu_seconds() - c0;
	return ok;
}

/* Run one stage and record its time. */
static gboolean
stage(struct build *b, const char *name, gboolean (*fn)(struct build *, GError **))
{
	struct stage_time t = { lang_stage(b->lang, name), 0, 0, 0 };
	GError *err = NULL;
	gboolean ok = timed(b, &t, fn, &err);

	g_array_append_val(b->stages, t);
	if (!ok) {
		char *said = stage_said(t.name);

		fprintf(stderr, _("paisano: %s failed: %s\n"), said, err != NULL ? err->message : _("unknown error"));
		g_free(said);
		g_clear_error(&err);
	}
	return ok;
}

static void
produced(struct build *b, const char *kind, const char *path)
{
	struct produced *p = g_new0(struct produced, 1);

	p->kind = g_strdup(kind);
	p->path = g_strdup(path);
	p->lang = strcmp(kind, "snapshot") == 0 ? -1 : (int)b->lang;
	g_ptr_array_add(b->files, p);
}

/* The manifest's SHA-256 and size of each file not hashed yet.  A task hashes its own files
 * as soon as it has written them, on its own thread, rather than the manifest all of them at
 * the end: about 9 ms for the bundled edition, which was the last thing a build waited for. */
static void
produced_hash(const char *dir, GPtrArray *files)
{
	for (guint i = 0; i < files->len; i++) {
		struct produced *p = files->pdata[i];
		char *full;

		if (p->sha256 != NULL)
			continue;
		full = g_build_filename(dir, p->path, NULL);
		p->sha256 = output_sha256(full, &p->bytes);
		g_free(full);
	}
}

/* ----- stages ----- */

/* The snapshot's bytes, the stamp's (compile_open()) if the model kept them, else written again,
 * the same: their SHA-256 is the edition's content hash. */
static gboolean
stage_snapshot(struct build *b, GError **err)
{
	gsize len;
	char *bytes = snapshot_take(b->g.model, &len);
	char *name = g_strdup_printf("%s.model.xml", b->g.model->edition->id);
	char *path = g_build_filename(b->dir, name, NULL);
	gboolean ok = output_write(path, bytes, len, err);

	if (ok) {
		struct produced *p;

		produced(b, "snapshot", name);
		p = b->files->pdata[b->files->len - 1];
		p->sha256 = g_strdup(b->g.model->edition->hash);
		p->bytes = len;
	}
	g_free(path);
	g_free(name);
	g_free(bytes);
	return ok;
}

static gboolean
stage_layout(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;

	if ((b->disp = layout_edition(b->g.model, b->tpl, b->g.root, b->lang, MAX(b->lay_threads, 1), err)) == NULL)
		return FALSE;
	/* Every output carries the version string. */
	g_free(b->disp->version);
	b->disp->version = g_strdup(e->version);
	say(b, 1, ngettext("paisano: %u page laid out\n", "paisano: %u pages laid out\n", b->disp->pages->len),
	    b->disp->pages->len);
	return TRUE;
}

static gboolean
stage_print(struct build *b, GError **err)
{
	const char *id = b->g.model->edition->id;
	gboolean ok = TRUE;

	/* the print PDF, then (with --impose) the printer's spreads */
	for (int impose = 0; impose <= 1 && ok; impose++) {
		const char *what = impose ? "imposed" : "print";
		char *name = build_file_name(id, b->lang, impose ? "imposed.pdf" : "print.pdf");
		char *path = g_build_filename(b->dir, name, NULL);
		struct print_opts po;
		struct print *p;

		if (impose && !(b->o->outputs & OUT_IMPOSED)) {
			g_free(path);
			g_free(name);
			break;
		}
		print_opts_init(&po);
		po.impose = impose;
		po.path = path;
		po.cache = b->print_cache;
		ok = (p = print_new(&po, err)) != NULL && print_render(p, b->disp, err);
		print_free(p);
		if (ok)
			produced(b, what, name);
		g_free(path);
		g_free(name);
	}
	return ok;
}

static gboolean
stage_screen(struct build *b, GError **err)
{
	char *name = build_file_name(b->g.model->edition->id, b->lang, "screen.pdf");
	char *path = g_build_filename(b->dir, name, NULL);
	struct screen_opts so = { .out = SCREEN_PDF, .path = path, .threads = build_threads(b->o->jobs) };
	struct screen *sc = screen_new(&so, err);
	gboolean ok = sc != NULL && screen_render(sc, b->disp, err);

	if (ok)
		produced(b, "screen", name);
	screen_free(sc);
	g_free(path);
	g_free(name);
	return ok;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The web edition goes to a fresh directory that replaces html/ only when complete. */
static gboolean
stage_html(struct build *b, GError **err)
{
	const char *hdir = build_html_dir(b->lang);
	char *tmp = g_build_filename(b->dir, ".html.tmp-XXXXXX", NULL), *dest = g_build_filename(b->dir, hdir, NULL);
	char *index = g_strdup_printf("%s/index.html", hdir), *other = NULL;
	struct html_opts ho;
	struct html *h;
	gboolean ok = FALSE, rendered;
	GDir *d;
	const char *name;

	/* The two editions link to each other, page to page: html/X.html <-> html-en/X.html. */
	for (int l = 0; l < LANG__MAX && other == NULL; l++)
		if ((enum lang)l != b->lang && (b->g.model->edition->langs & (1u << l)))
			other = g_strdup_printf("../%s", build_html_dir((enum lang)l));

	if (g_mkdtemp_full(tmp, 0755) == NULL) {
		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), _("cannot create %s: %s"), tmp, g_strerror(errno));
		goto out;
	}
	ho.lang = b->lang;
	ho.other_dir = other;
	ho.template_dir = b->o->templates;
	ho.src_root = b->g.root;
	ho.outdir = tmp;
	rendered = (h = html_new(&ho, err)) != NULL && html_render(h, b->g.model, err);
	html_free(h);
	/* what the HTML freed goes back now: it runs beside the PDFs, whose peak is the build's
	 * (heap_init() leaves the heap untrimmed otherwise) */
	malloc_trim(0);
	if (!rendered || !output_swap_dir(tmp, dest, err))
		goto out;
	ok = TRUE;
	produced(b, "html", index);
	if ((d = g_dir_open(dest, 0, NULL)) != NULL) {
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

		while ((name = g_dir_read_name(d)) != NULL)
			if (strcmp(name, "index.html") != 0 && strcmp(name, "images") != 0)
				g_ptr_array_add(names, g_strdup_printf("%s/%s", hdir, name));
		g_dir_close(d);
		/* and its images: every file of the web edition is in the manifest */
		{
			char *idir = g_build_filename(dest, "images", NULL);

			if ((d = g_dir_open(idir, 0, NULL)) != NULL) {
				while ((name = g_dir_read_name(d)) != NULL)
					g_ptr_array_add(names, g_strdup_printf("%s/images/%s", hdir, name));
				g_dir_close(d);
			}
			g_free(idir);
		}
		g_ptr_array_sort(names, path_cmp);
		for (guint i = 0; i < names->len; i++)
			produced(b, "html", names->pdata[i]);
		g_ptr_array_free(names, TRUE);
	}
out:
	g_free(tmp);
	g_free(dest);
	g_free(index);
	g_free(other);
	return ok;
}

/*
 * The files the tasks, the manifest and the job sheet write at the top of the staging
 * directory are flushed to disk by a few threads of their own, not by their writers:
 * output_write() only starts their write-back (output_defer_sync()) and the file goes to the
 * flusher, so a task's thread goes on to the next task instead of waiting for the disk (1-8 ms
 * an fsync on this machine, 8 a build), and the flushes at the end run together, in one
 * journal commit rather than one each.  flusher_finish() waits for all of them before the
 * directory is swapped in: what is durable before the swap is what it was.  The web
 * edition's pages were never flushed one by one (the swap makes them visible whole).
 */
struct flusher {
	GThreadPool	*pool;
	GMutex		 lock;
	GError		*err;		/* the first failure */
};

static void
flush_one(gpointer path, gpointer data)
{
	struct flusher *F = data;
	GError *e = NULL;

	if (!output_sync(path, &e)) {
		g_mutex_lock(&F->lock);
		if (F->err == NULL)
			F->err = e;
		else
			g_error_free(e);
		g_mutex_unlock(&F->lock);
	}
	g_free(path);
}

static struct flusher *
flusher_new(void)
{
	struct flusher *F = g_new0(struct flusher, 1);

	g_mutex_init(&F->lock);
	F->pool = g_thread_pool_new(flush_one, F, 4, FALSE, NULL);
	return F;
}

/* Flushes dir/rel (g_free'd by the flusher). */
static void
flusher_push(struct flusher *F, const char *dir, const char *rel)
{
	g_thread_pool_push(F->pool, g_build_filename(dir, rel, NULL), NULL);
}

/* Flushes every file at the top of `dir` not flushed yet (the manifest, the job sheet),
 * waits for all, and frees F; FALSE with `err` set if any flush failed.  F may be NULL. */
static gboolean
flusher_finish(struct flusher *F, const char *dir, GError **err)
{
	GDir *d;
	const char *name;
	gboolean ok;

	if (F == NULL)
		return TRUE;
	if (dir != NULL && (d = g_dir_open(dir, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL)
			if (strcmp(name, "manifest.json") == 0 || g_str_has_prefix(name, "jobsheet."))
				flusher_push(F, dir, name);
		g_dir_close(d);
	}
	g_thread_pool_free(F->pool, FALSE, TRUE);
	ok = F->err == NULL;
	if (!ok)
		g_propagate_error(err, F->err);
	g_mutex_clear(&F->lock);
	g_free(F);
	return ok;
}

/* ----- the tasks ----- */

/*
 * After the compile, a build is a few independent tasks: per language the layout, the print
 * and the screen PDF that paint that one layout (neither changes it; libharu and cairo share
 * nothing), and the HTML, written from the model; and the snapshot.  They run on one thread per
 * core (at most 4, or --jobs), each thread taking the first task by rank whose layout is done:
 * layouts first, since the PDFs wait for them, then the PDFs, then the small ones that fill
 * the gaps (not while a layout runs on several threads: a long edition's chapters, chapters.c).  The manifest lists stages and files in the list's own order, whatever order they
 * finished in, and errors are printed once every thread has stopped.
 *
 * The threads start before the check has run (build_run()): a layout only reads the model, as
 * the check does, and writes nothing, so the layouts begin while this thread checks; the
 * tasks that write wait behind a gate that opens once the check passed and the staging
 * directory is made (tasks_open()), and a check that fails stops them (tasks_stop()) before
 * anything was written.
 */
enum task_kind { TASK_LAYOUT, TASK_SCREEN, TASK_PRINT, TASK_HTML, TASK_SNAPSHOT };

static const struct {
	const char	*name;
	int		 rank;		/* lower runs first */
	gboolean	 filler;	/* small: waits while a layout runs on several threads */
	gboolean	(*fn)(struct build *, GError **);
} task_kinds[] = {
	[TASK_LAYOUT] = { NC_("stage", "layout"), 0, FALSE, stage_layout },
	[TASK_SCREEN] = { NC_("stage", "screen PDF"), 1, FALSE, stage_screen },
	[TASK_PRINT] = { NC_("stage", "print PDF"), 1, FALSE, stage_print },
	[TASK_HTML] = { NC_("stage", "HTML"), 2, TRUE, stage_html },
	[TASK_SNAPSHOT] = { NC_("stage", "snapshot"), 3, TRUE, stage_snapshot },
};

/* TASK_HELD: a language that is built only if its kept outputs fail verification (the gate
 * says); never run otherwise. */
enum task_state { TASK_WAITING, TASK_RUNNING, TASK_DONE, TASK_HELD };

struct task {
	enum task_kind		 kind;
	enum lang		 lang;
	struct task		*after;		/* the layout a PDF paints, or NULL */
	enum task_state		 state;
	gboolean		 wide;		/* a layout on more than one thread */
	gboolean		 ok;
	GError			*err;
	GPtrArray		*files;		/* struct produced *, moved to the build's list at the end */
	struct stage_time	 t;
};

struct tasks {
	struct build		*b;
	struct build		 view;		/* what the tasks see of the build: a copy, updated at the gate */
	struct task		 task[LANG__MAX * 4 + 1];
	guint			 n;
	GMutex			 lock;
	GCond			 changed;
	gboolean		 failed;
	gboolean		 gate;		/* the check passed and the staging directory is made */
	gboolean		 running;	/* started, not stopped or finished yet */
	GPtrArray		*threads;
};

static struct task *
task_add(struct tasks *T, enum task_kind kind, enum lang lang, struct task *after)
{
	struct task *t = &T->task[T->n++];

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->lang = lang;
	t->after = after;
	t->files = g_ptr_array_new();
	return t;
}

/* The next task this thread may run, or NULL; *blocked when some wait for a layout or for
 * the gate. */
static struct task *
task_next(struct tasks *T, gboolean *blocked)
{
	struct task *best = NULL;
	gboolean laying = FALSE;

	/* A long edition's layout lays out its chapters on the build's threads (chapters.c): the
	 * small tasks (HTML, snapshot) wait for it rather than take a core from it, since the
	 * PDFs wait for the layout; they run beside the PDFs. */
	for (guint i = 0; i < T->n; i++)
		if (T->task[i].kind == TASK_LAYOUT && T->task[i].state == TASK_RUNNING && T->task[i].wide)
			laying = TRUE;
	*blocked = FALSE;
	for (guint i = 0; i < T->n; i++) {
		struct task *t = &T->task[i];

		if (t->state != TASK_WAITING)
			continue;
		if ((t->after != NULL && t->after->state != TASK_DONE) || (t->kind != TASK_LAYOUT && !T->gate) ||
		    (laying && task_kinds[t->kind].filler)) {
			*blocked = TRUE;
			continue;
		}
		if (best == NULL || task_kinds[t->kind].rank < task_kinds[best->kind].rank)
			best = t;
	}
	return best;
}


static gpointer
worker(gpointer p)
{
	struct tasks *T = p;
	struct task *t;
	gboolean blocked;

	heap_thread_init();
	output_defer_sync(TRUE);	/* the flusher's threads wait for the disk (flusher_push()) */
	g_mutex_lock(&T->lock);
	while (!T->failed) {
		struct build local;

		if ((t = task_next(T, &blocked)) == NULL) {
			if (!blocked)
				break;
			g_cond_wait(&T->changed, &T->lock);
			continue;
		}
		t->state = TASK_RUNNING;
		/* a view of the build for this task: its language, its pages, its own file list */
		local = T->view;
		local.lang = t->lang;
		local.disp = T->b->disps[t->lang];
		local.files = t->files;
		if (t->kind == TASK_LAYOUT) {
			/* the build's threads shared by the layouts still to run (both languages' run
			 * at once: each on its own thread, unless there are threads to spare) */
			int n = 0;

			for (guint i = 0; i < T->n; i++)
				if (T->task[i].kind == TASK_LAYOUT &&
				    (T->task[i].state == TASK_WAITING || T->task[i].state == TASK_RUNNING))
					n++;
			local.lay_threads = layout_threads(local.g.model, build_threads(T->b->o->jobs) / MAX(n, 1));
			t->wide = local.lay_threads > 1;
		}
		g_mutex_unlock(&T->lock);
		t->ok = timed(&local, &t->t, task_kinds[t->kind].fn, &t->err);
		if (t->ok)
			produced_hash(local.dir, t->files);
		for (guint i = 0; t->ok && i < t->files->len; i++) {
			const struct produced *f = t->files->pdata[i];

			if (strcmp(f->kind, "html") != 0)
				flusher_push(local.flush, local.dir, f->path);
		}
		g_mutex_lock(&T->lock);
		t->state = TASK_DONE;
		if (t->kind == TASK_LAYOUT && local.disp != NULL) {
			T->b->disps[t->lang] = local.disp;
			T->b->npages[t->lang] = local.disp->pages->len;
		}
		if (!t->ok)
			T->failed = TRUE;
		g_cond_broadcast(&T->changed);
	}
	g_mutex_unlock(&T->lock);
	return NULL;
}

/* Starts the threads (`jobs` in all, this one included, which joins them in tasks_finish())
 * on the tasks of the languages in `langs`; those not in `want` are held until the gate. */
static void
tasks_start(struct tasks *T, struct build *b, guint langs, guint want, int jobs)
{
	guint outputs = b->o->outputs;

	memset(T, 0, sizeof(*T));
	T->b = b;
	T->view = *b;
	g_mutex_init(&T->lock);
	g_cond_init(&T->changed);
	task_add(T, TASK_SNAPSHOT, LANG_ES, NULL);
	for (int l = 0; l < LANG__MAX; l++) {
		struct task *lay = NULL;
		guint first = T->n;

		if (!(langs & (1u << l)))
			continue;
		if (outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED))
			lay = task_add(T, TASK_LAYOUT, (enum lang)l, NULL);
		if (outputs & OUT_SCREEN)
			task_add(T, TASK_SCREEN, (enum lang)l, lay);
		if (outputs & (OUT_PRINT | OUT_IMPOSED))
			task_add(T, TASK_PRINT, (enum lang)l, lay);
		if (outputs & OUT_HTML)
			task_add(T, TASK_HTML, (enum lang)l, NULL);
		for (guint i = first; i < T->n; i++)
			T->task[i].state = (want & (1u << l)) ? TASK_WAITING : TASK_HELD;
	}
	for (guint i = 0; i < T->n; i++)
		T->task[i].t.name = lang_stage(T->task[i].lang, task_kinds[T->task[i].kind].name);
	T->threads = g_ptr_array_new();
	T->running = TRUE;
	for (int i = 1; i < jobs && (guint)i < T->n; i++)
		g_ptr_array_add(T->threads, g_thread_new("build", worker, T));
}

/* The gate: the tasks that write may run, into the staging directory the build now has; the
 * held languages in `rebuild` are built after all. */
static void
tasks_open(struct tasks *T, guint rebuild)
{
	g_mutex_lock(&T->lock);
	T->view = *T->b;
	for (guint i = 0; i < T->n; i++)
		if (T->task[i].state == TASK_HELD && (rebuild & (1u << T->task[i].lang)))
			T->task[i].state = TASK_WAITING;
	T->gate = TRUE;
	g_cond_broadcast(&T->changed);
	g_mutex_unlock(&T->lock);
}

/* Runs the tasks on this thread too until all are done, joins the others, and moves the
 * stages and files of the tasks that ran to the build's lists; FALSE (the errors printed) if
 * any failed.  After tasks_open(), or with T->failed set to stop them (tasks_stop()). */
static gboolean
tasks_finish(struct tasks *T)
{
	struct build *b = T->b;
	gboolean ok = TRUE;

	worker(T);
	for (guint i = 0; i < T->threads->len; i++)
		g_thread_join(T->threads->pdata[i]);
	g_ptr_array_free(T->threads, TRUE);
	T->running = FALSE;
	for (guint i = 0; i < T->n; i++) {
		struct task *t = &T->task[i];

		if (t->state == TASK_DONE)
			g_array_append_val(b->stages, t->t);
		for (guint k = 0; k < t->files->len; k++)
			g_ptr_array_add(b->files, t->files->pdata[k]);
		g_ptr_array_free(t->files, TRUE);
		if (t->state == TASK_DONE && !t->ok) {
			char *said = stage_said(t->t.name);

			fprintf(stderr, _("paisano: %s failed: %s\n"), said,
			    t->err != NULL ? t->err->message : _("unknown error"));
			g_free(said);
			ok = FALSE;
		}
		g_clear_error(&t->err);
	}
	g_mutex_clear(&T->lock);
	g_cond_clear(&T->changed);
	return ok;
}

/* Stops the tasks of a build that goes no further (the check failed...): the running ones
 * finish, no other starts, and nothing of theirs is kept (the layouts wrote nothing). */
static void
tasks_stop(struct tasks *T)
{
	if (!T->running)
		return;
	g_mutex_lock(&T->lock);
	T->failed = TRUE;
	g_cond_broadcast(&T->changed);
	g_mutex_unlock(&T->lock);
	for (guint i = 0; i < T->threads->len; i++)
		g_thread_join(T->threads->pdata[i]);
	g_ptr_array_free(T->threads, TRUE);
	T->running = FALSE;
	for (guint i = 0; i < T->n; i++) {
		g_ptr_array_free(T->task[i].files, TRUE);
		g_clear_error(&T->task[i].err);
	}
	g_mutex_clear(&T->lock);
	g_cond_clear(&T->changed);
}

/* ----- the manifest ----- */

static void
add_int(JsonBuilder *j, const char *member, gint64 v)
{
	json_builder_set_member_name(j, member);
	json_builder_add_int_value(j, v);
}

/* Rounded to a tenth, as the manifest has always given these figures. */
static void
add_tenths(JsonBuilder *j, double v)
{
	json_builder_add_double_value(j, round(v * 10) / 10);
}

static gboolean
stage_manifest(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;
	JsonBuilder *j = json_builder_new();
	char *path = g_build_filename(b->dir, "manifest.json", NULL), *data;
	gsize len;
	gboolean ok;

	json_builder_begin_object(j);
	diag_json_add_string(j, "edition", e->id);
	diag_json_add_string(j, "version", e->version);
	diag_json_add_string(j, "content_hash", e->hash);
	add_int(j, "revision", e->revision);
	diag_json_add_string(j, "status", e->status == STATUS_FINAL ? "final" : "draft");
	/* a later build of another language reads the pages back (carry_languages) */
	json_builder_set_member_name(j, "languages");
	json_builder_begin_object(j);
	for (int l = 0; l < LANG__MAX; l++)
		if (b->langs & (1u << l)) {
			json_builder_set_member_name(j, model_lang_code((enum lang)l));
			json_builder_begin_object(j);
			add_int(j, "pages", b->npages[l]);
			json_builder_end_object(j);
		}
	json_builder_end_object(j);
	if (b->disp != NULL) {
		/* Points to millimetres, rounded to a tenth: what the print shop reads. */
		json_builder_set_member_name(j, "trim_mm");
		json_builder_begin_array(j);
		add_tenths(j, b->disp->trim_w * 25.4 / 72);
		add_tenths(j, b->disp->trim_h * 25.4 / 72);
		json_builder_end_array(j);
		json_builder_set_member_name(j, "bleed_mm");
		add_tenths(j, b->disp->bleed * 25.4 / 72);
		json_builder_set_member_name(j, "fonts");
		json_builder_begin_array(j);
		for (guint i = 0; i < b->disp->fonts->len; i++) {
			const struct dl_font *f = b->disp->fonts->pdata[i];
			char *v = g_utf8_make_valid(f->path, -1);

			json_builder_add_string_value(j, v);
			g_free(v);
		}
		json_builder_end_array(j);
	}
	add_int(j, "warnings", b->warnings);
	produced_hash(b->dir, b->files);
	json_builder_set_member_name(j, "files");
	json_builder_begin_array(j);
	for (guint i = 0; i < b->files->len; i++) {
		const struct produced *p = b->files->pdata[i];

		json_builder_begin_object(j);
		diag_json_add_string(j, "kind", p->kind);
		if (p->lang >= 0)
			diag_json_add_string(j, "lang", model_lang_code((enum lang)p->lang));
		diag_json_add_string(j, "path", p->path);
		add_int(j, "bytes", (gint64)p->bytes);
		diag_json_add_string(j, "sha256", p->sha256 != NULL ? p->sha256 : "");
		json_builder_end_object(j);
	}
	json_builder_end_array(j);
	json_builder_set_member_name(j, "stages");
	json_builder_begin_array(j);
	for (guint i = 0; i < b->stages->len; i++) {
		const struct stage_time *t = &g_array_index(b->stages, struct stage_time, i);

		json_builder_begin_object(j);
		diag_json_add_string(j, "name", t->name);
		json_builder_set_member_name(j, "wall_ms");
		add_tenths(j, t->wall * 1e3);
		json_builder_set_member_name(j, "start_ms");
		add_tenths(j, t->start * 1e3);
		json_builder_set_member_name(j, "cpu_ms");
		add_tenths(j, t->cpu * 1e3);
		json_builder_end_object(j);
	}
	json_builder_end_array(j);
	json_builder_end_object(j);
	data = diag_json_data(j, &len);
	ok = output_write(path, data, len, err);
	g_free(data);
	g_object_unref(j);
	g_free(path);
	return ok;
}

/* The job sheet (jobsheet.h), beside the print PDFs, when the build has any. */
static gboolean
stage_jobsheet(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;
	struct jobsheet js = { 0 };
	gboolean ok = TRUE;

	js.files = g_array_new(FALSE, TRUE, sizeof(struct jobsheet_file));
	produced_hash(b->dir, b->files);
	for (guint i = 0; i < b->files->len; i++) {
		const struct produced *p = b->files->pdata[i];
		struct jobsheet_file f = { p->kind, p->lang, p->path, p->bytes, p->sha256 };

		if (strcmp(p->kind, "print") == 0 || strcmp(p->kind, "imposed") == 0)
			g_array_append_val(js.files, f);
	}
	if (js.files->len > 0 && b->disp != NULL) {
		js.edition = e->id;
		js.version = e->version;
		js.status = e->status == STATUS_FINAL ? "final" : "draft";
		js.langs = b->langs;
		memcpy(js.pages, b->npages, sizeof(js.pages));
		js.trim_w = b->disp->trim_w;
		js.trim_h = b->disp->trim_h;
		js.bleed = b->disp->bleed;
		ok = jobsheet_write(b->dir, &js, err);
	}
	g_array_free(js.files, TRUE);
	return ok;
}

/* ----- the other languages' outputs ----- */

/* A file of the previous build, read back only as a regular file inside `final` (no symbolic
 * link anywhere on the way, no ".." or hidden name) whose bytes have the SHA-256 its manifest
 * recorded; NULL with *why set otherwise. */
static GBytes *
kept_file(const char *final, const char *path, const char *sha256, char **why)
{
	char **parts = g_strsplit(path, "/", -1);
	guint n = g_strv_length(parts);
	int dfd = open(final, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), fd = -1;
	GByteArray *buf = NULL;
	struct stat st;
	char *h;

	*why = NULL;
	for (guint i = 0; i < n; i++)
		if (parts[i][0] == '\0' || parts[i][0] == '.' || n > 3)
			*why = g_strdup(_("not a plain path inside the output directory"));
	for (guint i = 0; *why == NULL && dfd >= 0 && i + 1 < n; i++) {
		int next = openat(dfd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		close(dfd);
		dfd = next;
	}
	if (*why == NULL && (dfd < 0 || (fd = openat(dfd, parts[n - 1], O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)))
		*why = g_strdup(_("not a regular file inside the output directory (a symbolic link, or missing)"));
	if (*why == NULL) {
		char chunk[65536];
		ssize_t r;

		buf = g_byte_array_sized_new((guint)MIN(st.st_size, 1 << 30));
		while ((r = read(fd, chunk, sizeof(chunk))) > 0 || (r < 0 && errno == EINTR))
			if (r > 0)
				g_byte_array_append(buf, (const guint8 *)chunk, (guint)r);
		h = output_sha256_data(buf->data, buf->len);
		if (sha256 == NULL || strcmp(h, sha256) != 0)
			*why = g_strdup_printf(_("its SHA-256 is %s, the manifest says %s"), h, sha256 != NULL ? sha256 : _("nothing"));
		g_free(h);
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	g_strfreev(parts);
	if (*why != NULL) {
		if (buf != NULL)
			g_byte_array_free(buf, TRUE);
		return NULL;
	}
	return g_byte_array_free_to_bytes(buf);
}

/* A string member of a JSON object, or NULL. */
static const char *
member_string(JsonObject *o, const char *name)
{
	JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ?
	    json_node_get_string(n) : NULL;
}

/* An object member of a JSON object, or NULL. */
static JsonObject *
member_object(JsonObject *o, const char *name)
{
	JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

	return n != NULL && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* The previous manifest's files of language `code` (JSON objects, not owned), in its order. */
static GPtrArray *
manifest_files(JsonObject *m, const char *code)
{
	JsonNode *fn = json_object_get_member(m, "files");
	JsonArray *a = fn != NULL && JSON_NODE_HOLDS_ARRAY(fn) ? json_node_get_array(fn) : NULL;
	GPtrArray *r = g_ptr_array_new();

	for (guint i = 0; a != NULL && i < json_array_get_length(a); i++) {
		JsonNode *n = json_array_get_element(a, i);
		JsonObject *f = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
		const char *lang = member_string(f, "lang");

		if (lang != NULL && strcmp(lang, code) == 0)
			g_ptr_array_add(r, f);
	}
	return r;
}

/* The first file under the web edition `dir` (relative `rel`) that `files` (the manifest's of
 * its language) do not list, or that is not a regular file or directory (g_free), or NULL. */
static char *
unlisted(const char *dir, const char *rel, GPtrArray *files)
{
	GDir *d;
	const char *name;
	char *bad = NULL;
	struct stat st;

	if (lstat(dir, &st) != 0)
		return NULL;
	if (!S_ISDIR(st.st_mode))
		return g_strdup(rel);
	if ((d = g_dir_open(dir, 0, NULL)) == NULL)
		return g_strdup(rel);
	while (bad == NULL && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL), *r = g_strdup_printf("%s/%s", rel, name);

		if (lstat(p, &st) != 0 || S_ISLNK(st.st_mode) || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
			bad = g_strdup(r);
		else if (S_ISDIR(st.st_mode))
			bad = unlisted(p, r, files);
		else {
			gboolean found = FALSE;

			for (guint i = 0; !found && i < files->len; i++)
				found = g_strcmp0(member_string(files->pdata[i], "path"), r) == 0;
			if (!found)
				bad = g_strdup(r);
		}
		g_free(p);
		g_free(r);
	}
	g_dir_close(d);
	return bad;
}

/*
 * A build of some of the edition's languages keeps the other languages' outputs from the
 * previous build when they are of the same content (the same snapshot hash), so that
 * `--lang en` after a full build loses nothing; outputs of another version are not kept (the
 * directory holds one version), and the build says so.  A kept file is read back only as a
 * regular file inside the output directory and only with the very bytes the previous manifest
 * recorded; a language with any file that fails (truncated, replaced, a symbolic link, a file
 * the manifest does not list) is built again instead (b->rebuild).
 */
static gboolean
carry_languages(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;
	guint others = e->langs & ~b->langs, kept = 0;
	char *mpath = g_build_filename(b->final, "manifest.json", NULL);
	JsonParser *parser = json_parser_new();
	JsonNode *root;
	JsonObject *m = NULL;
	const char *hash;
	gboolean ok = TRUE;

	if (others == 0 || !json_parser_load_from_file(parser, mpath, NULL) ||
	    (root = json_parser_get_root(parser)) == NULL || !JSON_NODE_HOLDS_OBJECT(root))
		goto out;
	m = json_node_get_object(root);
	hash = member_string(m, "content_hash");
	for (int l = 0; ok && l < LANG__MAX; l++) {
		const char *code = model_lang_code((enum lang)l);
		char *why = NULL, *bad = NULL, *hdir;
		GPtrArray *listed, *files, *bytes;
		JsonObject *lang;
		guint pages = 0;

		if (!(others & (1u << l)))
			continue;
		listed = manifest_files(m, code);
		if (listed->len == 0) {
			g_ptr_array_free(listed, TRUE);
			continue;
		}
		if (hash == NULL || strcmp(hash, e->hash) != 0) {
			say(b, 0, _("paisano: the %s outputs in %s are of another version and are not kept; "
			    "build with --lang all to have every language\n"), code, b->final);
			g_ptr_array_free(listed, TRUE);
			continue;
		}
		if ((lang = member_object(member_object(m, "languages"), code)) != NULL &&
		    json_object_has_member(lang, "pages"))
			pages = (guint)json_object_get_int_member(lang, "pages");
		files = g_ptr_array_new();
		bytes = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
		/* Read and verify every file first: the language is kept whole or built again. */
		for (guint i = 0; why == NULL && i < listed->len; i++) {
			const char *kind = member_string(listed->pdata[i], "kind");
			const char *path = member_string(listed->pdata[i], "path");
			GBytes *data;

			if (kind == NULL)
				continue;
			if (path == NULL || (data = kept_file(b->final, path, member_string(listed->pdata[i], "sha256"),
			    &why)) == NULL) {
				if (why == NULL)
					why = g_strdup("no path");
				bad = g_strdup(path != NULL ? path : "?");
			} else {
				struct produced *pr = g_new0(struct produced, 1);

				pr->kind = g_strdup(kind);
				pr->path = g_strdup(path);
				pr->lang = l;
				g_ptr_array_add(files, pr);
				g_ptr_array_add(bytes, data);
			}
		}
		hdir = g_build_filename(b->final, build_html_dir((enum lang)l), NULL);
		if (why == NULL && (bad = unlisted(hdir, build_html_dir((enum lang)l), listed)) != NULL)
			why = g_strdup("not a file the previous manifest lists");
		g_free(hdir);
		if (why != NULL) {
			say(b, 0, _("paisano: the %s outputs in %s are built again: %s: %s\n"),
			    model_lang_code((enum lang)l), b->final, bad, why);
			b->rebuild |= 1u << l;
			for (guint i = 0; i < files->len; i++) {
				struct produced *pr = files->pdata[i];

				g_free(pr->kind);
				g_free(pr->path);
				g_free(pr);
			}
		} else {
			for (guint i = 0; ok && i < files->len; i++) {
				struct produced *pr = files->pdata[i];
				char *to = g_build_filename(b->dir, pr->path, NULL), *parent = g_path_get_dirname(to);
				gsize len;
				const void *data = g_bytes_get_data(bytes->pdata[i], &len);

				if (g_mkdir_with_parents(parent, 0755) != 0) {
					g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), _("cannot create %s: %s"),
					    parent, g_strerror(errno));
					ok = FALSE;
				} else
					ok = output_write(to, data, len, err);
				g_ptr_array_add(b->files, pr);
				g_free(parent);
				g_free(to);
			}
			b->npages[l] = pages;
			kept |= 1u << l;
			say(b, 1, _("paisano: kept the %s outputs of the same version\n"), model_lang_code((enum lang)l));
		}
		g_free(why);
		g_free(bad);
		g_ptr_array_free(listed, TRUE);
		g_ptr_array_free(files, TRUE);
		g_ptr_array_free(bytes, TRUE);
	}
	b->langs |= kept;
out:
	g_object_unref(parser);
	g_free(mpath);
	return ok;
}


/* ----- the run ----- */

/*
 * Leftovers of a build that was killed: its staging directory, and the previous outputs if it
 * died between moving them aside and moving the new ones in (then they are put back).
 */
static void
clean_leftovers(const char *outdir, const char *id, const char *final)
{
	char *tmp = g_strdup_printf(".%s.tmp-", id), *old = g_strdup_printf("%s.old-", id);
	GDir *d = g_dir_open(outdir, 0, NULL);
	const char *name;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(outdir, name, NULL);

		if (g_str_has_prefix(name, old) && !g_file_test(final, G_FILE_TEST_EXISTS))
			g_rename(p, final);
		else if (g_str_has_prefix(name, tmp) || g_str_has_prefix(name, old))
			output_remove(p);
		g_free(p);
	}
	if (d != NULL)
		g_dir_close(d);
	g_free(tmp);
	g_free(old);
}

/*
 * The check and compile, in two halves: guide_edition_cached()'s steps, with the check (a
 * third of the stage; it only reads the model) run on this thread while the tasks' first
 * layouts start on the others.  compile_open() reads, validates and compiles the sources (a
 * snapshot is opened and checked whole, as before); when nothing is wrong so far the model is
 * stamped then, since the layouts print its version (the stamp does not depend on the check,
 * which only reads the model), and compile_close() runs the check and reports as the one
 * stage always did.
 */
struct compiling {
	struct diag_list	*dl;
	GError			*gerr;
	int			 rc;
	gboolean		 checked;	/* the check ran (a snapshot: guide_edition()) */
	gboolean		 stamped;	/* the model is stamped before its check */
	struct stage_time	 t;		/* both halves' times */
};

/* Adds the time since w0 (wall) and c0 (CPU) to t. */
static void
time_add(struct stage_time *t, gint64 w0, double c0)
{
	t->wall += (double)(g_get_monotonic_time() - w0) / 1e6;
	t->cpu += cpu_seconds() - c0;
}

static void
compile_open(struct build *b, struct compiling *c)
{
	const char *edition = b->o->snapshot != NULL ? b->o->snapshot : b->o->edition;
	gint64 w0 = g_get_monotonic_time();
	double c0 = cpu_seconds();
	char *said;

	memset(c, 0, sizeof(*c));
	c->t.name = lang_stage(LANG_ES, NC_("stage", "check and compile"));
	c->t.start = (double)(w0 - b->t0) / 1e6;
	said = stage_said(c->t.name);
	say(b, 1, _("paisano: %s...\n"), said);
	g_free(said);
	c->dl = diag_list_new();
	if (edition != NULL && guide_is_snapshot_path(edition)) {
		c->rc = guide_edition(&b->g, b->o->src_root, edition, c->dl, &c->gerr);
		c->checked = TRUE;
	} else
		c->rc = guide_open_cached(&b->g, NULL, b->o->src_root, edition, NULL, c->dl, &c->gerr);
	if (!c->checked && c->rc == 0 && b->g.model != NULL && b->g.model->edition != NULL &&
	    diag_worst(c->dl) != DIAG_ERROR) {
		snapshot_stamp(b->g.model);
		c->stamped = TRUE;
	}
	time_add(&c->t, w0, c0);
}

/* The model stamped by compile_open(): the layouts may start. */
static gboolean
compile_opened(const struct build *b, const struct compiling *c)
{
	(void)b;
	return c->stamped;
}

static gboolean
compile_close(struct build *b, struct compiling *c)
{
	gint64 w0 = g_get_monotonic_time();
	double c0 = cpu_seconds();
	int rc = c->rc;
	gboolean ok;

	if (!c->checked) {
		/* the rest of guide_edition_cached() */
		if (rc == 0) {
			struct check_opts opts = { 0 };

			opts.src_root = b->g.root;
			check_model(b->g.model, &opts, c->dl);
		}
		if (rc != 2)
			g_clear_error(&c->gerr);	/* errors in the sources: said below */
		if (rc == 0 && b->g.model != NULL && b->g.model->edition == NULL) {
			g_set_error(&c->gerr, GUIDE_ERROR, GUIDE_ERROR_NO_EDITION, _("no edition manifest in %s/editions"),
			    b->g.root);
			rc = 2;
		}
		diag_sort(c->dl);
		if (rc != 2 && diag_worst(c->dl) == DIAG_ERROR) {
			g_set_error(&c->gerr, GUIDE_ERROR, GUIDE_ERROR_SOURCES,
			    _("fix the errors above first (paisano check lists them)"));
			rc = 1;
		}
		if (rc == 0 && !c->stamped)
			snapshot_stamp(b->g.model);
	}
	if (rc == 0 && b->o->snapshot != NULL) {
		/* A snapshot prints the images whose bytes it recorded, and no others. */
		GError *ierr = NULL;

		if (!snapshot_verify_images(b->g.model, b->g.root, &ierr)) {
			fprintf(stderr, _("paisano: %s\n"), ierr->message);
			g_error_free(ierr);
			rc = 2;
		}
	}
	b->compile_rc = rc;
	b->warnings = diag_count(c->dl, DIAG_WARNING);
	if (rc == 0 && b->warnings > 0 && b->o->verbosity >= 0) {
		diag_print_text(c->dl, stderr);
		fprintf(stderr, ngettext("paisano: %u warning (the build goes on)\n", "paisano: %u warnings (the build goes on)\n",
		    b->warnings), b->warnings);
	}
	if (rc != 0)
		guide_print_error(&b->g, c->dl, c->gerr, stderr);
	g_clear_error(&c->gerr);
	diag_list_free(c->dl);
	if (rc == 0)
		guide_drop_sources(&b->g);	/* the messages are given: the stages read the model */
	time_add(&c->t, w0, c0);
	g_array_append_val(b->stages, c->t);
	ok = rc == 0;
	if (!ok) {
		char *said = stage_said(c->t.name);

		fprintf(stderr, _("paisano: %s failed: %s\n"), said, rc == 1 ?
		    _("the sources have errors; nothing was written") : _("could not read the sources"));
		g_free(said);
	}
	return ok;
}

/*
 * What a build reads ahead on another core while this one reads and compiles the sources: the
 * template and its hyphenation dictionaries (hnj_hyphen_load is ~4 ms a language here, the
 * layouts' own time otherwise).  Only the languages asked for, or all of the template's.
 */
struct warm {
	const char		*tpl_path;
	guint			 langs;		/* 0: every language */
	struct template		*tpl;
	GError			*err;
};

static gpointer
warm_up(gpointer p)
{
	struct warm *w = p;

	if ((w->tpl = template_load(w->tpl_path, &w->err)) != NULL) {
		if (w->langs == 0 || (w->langs & (1u << LANG_ES)))
			hyph_preload(w->tpl->hyph_dict_es);
		if (w->langs == 0 || (w->langs & (1u << LANG_EN)))
			hyph_preload(w->tpl->hyph_dict_en);
	}
	return NULL;
}

int
build_run(const struct build_opts *o)
{
	struct build b = { 0 };
	struct compiling c;
	struct tasks T = { 0 };
	int rc = 2, lock = -1;
	guint want;
	char *lockpath = NULL, *tpl_path = g_build_filename(o->templates, "booklet.xml", NULL);
	GError *tpl_err = NULL;

	b.o = o;
	b.stages = g_array_new(FALSE, FALSE, sizeof(struct stage_time));
	b.files = g_ptr_array_new();
	b.t0 = g_get_monotonic_time();
	b.flush = flusher_new();
	b.print_cache = print_cache_new();

	output_recover(o->outdir);
	if ((o->outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED)) && build_threads(o->jobs) > 1) {
		struct warm w = { tpl_path, o->langs, NULL, NULL };
		GThread *th = g_thread_new("warm", warm_up, &w);

		compile_open(&b, &c);
		g_thread_join(th);
		b.tpl = w.tpl;
		tpl_err = w.err;
	} else
		compile_open(&b, &c);
	if (compile_opened(&b, &c)) {
		const struct edition *e = b.g.model->edition;

		/* The layouts start now if they can: the languages asked for are the edition's, and
		 * the template is read (its error, if any, is said where it always was, below). */
		want = o->langs != 0 ? o->langs : e->langs;
		if ((o->outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED)) && (want & ~e->langs) == 0 &&
		    b.tpl == NULL && tpl_err == NULL)
			b.tpl = template_load(tpl_path, &tpl_err);
		if ((want & ~e->langs) == 0 && tpl_err == NULL)
			tasks_start(&T, &b, e->langs, want, build_threads(o->jobs));
	}
	if (!compile_close(&b, &c)) {
		/* compile_close printed the errors; 1 = the sources, 2 = could not run. */
		rc = b.compile_rc;
		goto out;
	}
	want = o->langs != 0 ? o->langs : b.g.model->edition->langs;
	for (int l = 0; l < LANG__MAX; l++)
		if ((want & (1u << l)) && !(b.g.model->edition->langs & (1u << l))) {
			fprintf(stderr, _("paisano: edition %s is not published in \"%s\": its manifest (%s) says "
			    "languages=\"es\"; write languages=\"es en\" on <edition> to add English\n"),
			    b.g.model->edition->id, model_lang_code((enum lang)l), b.g.model->edition->file);
			goto out;
		}
	b.langs = want;
	b.final = g_build_filename(o->outdir, b.g.model->edition->id, NULL);
	if (g_mkdir_with_parents(o->outdir, 0755) != 0) {
		fprintf(stderr, _("paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n"),
		    o->outdir, g_strerror(errno));
		goto out;
	}
	lockpath = g_strdup_printf("%s/.%s.lock", o->outdir, b.g.model->edition->id);
	if ((lock = open(lockpath, O_CREAT | O_RDWR | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, _("paisano: cannot write in %s: %s; choose a directory you can write to (-o DIR)\n"),
		    o->outdir, g_strerror(errno));
		goto out;
	}
	if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, _("paisano: another build is writing %s; wait for it to finish, or build into another directory (-o DIR)\n"), b.final);
		goto out;
	}
	clean_leftovers(o->outdir, b.g.model->edition->id, b.final);
	/* Everything is made in a staging directory that replaces the edition's whole at the end:
	 * a build that stops anywhere leaves the previous outputs as they were, as one set. */
	b.dir = g_strdup_printf("%s/.%s.tmp-XXXXXX", o->outdir, b.g.model->edition->id);
	if (g_mkdtemp_full(b.dir, 0755) == NULL) {
		fprintf(stderr, _("paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n"),
		    b.dir, g_strerror(errno));
		g_free(b.dir);
		b.dir = NULL;
		goto out;
	}

	{
		GError *err = NULL;

		if (!carry_languages(&b, &err)) {
			fprintf(stderr, _("paisano: %s\n"), err->message);
			g_error_free(err);
			goto out;
		}
		want |= b.rebuild;
		b.langs |= b.rebuild;
	}
	if ((o->outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED)) && b.tpl == NULL) {
		if (tpl_err == NULL)
			b.tpl = template_load(tpl_path, &tpl_err);
		if (b.tpl == NULL) {
			fprintf(stderr, _("paisano: layout failed: %s\n"), tpl_err->message);
			goto out;
		}
	}
	if (!T.running)
		tasks_start(&T, &b, want, want, build_threads(o->jobs));
	tasks_open(&T, b.rebuild);
	if (!tasks_finish(&T))
		goto out;
	b.lang = LANG_ES;
	for (int l = LANG__MAX - 1; l >= 0; l--)
		if (b.disps[l] != NULL)
			b.disp = b.disps[l];
	if (!stage(&b, NC_("stage", "manifest"), stage_manifest) || !stage(&b, NC_("stage", "job sheet"), stage_jobsheet))
		goto out;
	{
		GError *err = NULL;

		gboolean flushed = flusher_finish(b.flush, b.dir, &err);

		b.flush = NULL;
		if (!flushed || !output_swap_dir(b.dir, b.final, &err)) {
			fprintf(stderr, _("paisano: %s\n"), err->message);
			g_error_free(err);
			goto out;
		}
		g_free(b.dir);
		b.dir = NULL;
	}
	say(&b, 0, ngettext("paisano: built %s in %s (%u file, %.0f ms)\n", "paisano: built %s in %s (%u files, %.0f ms)\n",
	    b.files->len + 1), b.g.model->edition->version, b.final, b.files->len + 1,
	    (double)(g_get_monotonic_time() - b.t0) / 1e3);
	for (int l = 0; l < LANG__MAX; l++)
		if (b.disps[l] != NULL)
			say(&b, 0, ngettext("paisano: %s: %u pages (a multiple of 4 for saddle stitching, with %u notes page)\n",
			    "paisano: %s: %u pages (a multiple of 4 for saddle stitching, with %u notes pages)\n",
			    b.disps[l]->notes), model_lang_code((enum lang)l), b.npages[l], b.disps[l]->notes);
	rc = 0;
out:
	tasks_stop(&T);	/* a build that stopped before its tasks ran (the check failed...) */
	print_cache_free(b.print_cache);
	output_defer_sync(FALSE);
	flusher_finish(b.flush, NULL, NULL);	/* a failed build: its staging directory goes */
	if (lock >= 0)
		close(lock);
	g_free(lockpath);
	g_free(tpl_path);
	g_clear_error(&tpl_err);
	hyph_preload_drop();	/* those no layout took */
	for (guint i = 0; i < b.files->len; i++) {
		struct produced *p = b.files->pdata[i];

		g_free(p->kind);
		g_free(p->path);
		g_free(p->sha256);
		g_free(p);
	}
	g_ptr_array_free(b.files, TRUE);
	g_array_free(b.stages, TRUE);
	if (b.dir != NULL)
		output_remove(b.dir);	/* a failed build leaves nothing behind */
	g_free(b.final);
	for (int l = 0; l < LANG__MAX; l++)
		display_free(b.disps[l]);
	template_free(b.tpl);
	guide_close(&b.g);
	g_free(b.dir);
	return rc;
}

guint
build_parse_outputs(const char *list)
{
	static const struct { const char *name; guint bit; } names[] = {
		{ "print", OUT_PRINT }, { "screen", OUT_SCREEN }, { "html", OUT_HTML },
	};
	char **words = g_strsplit(list, ",", -1);
	guint bits = 0;

	for (char **w = words; *w != NULL; w++) {
		guint found = 0;

		for (guint i = 0; i < G_N_ELEMENTS(names); i++)
			if (strcmp(g_strstrip(*w), names[i].name) == 0)
				found = names[i].bit;
		if (found == 0) {
			fprintf(stderr, _("paisano: --only takes print, screen and html, not \"%s\"\n"), *w);
			bits = 0;
			break;
		}
		bits |= found;
	}
	g_strfreev(words);
	return bits;
}
