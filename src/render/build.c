/* build.c: `paisano build`: check, compile, lay out, render, and the manifest. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "build.h"
#include "diag.h"
#include "display.h"
#include "guide.h"
#include "heap.h"
#include "layout.h"
#include "output.h"
#include "html.h"
#include "print.h"
#include "screen.h"
#include "snapshot.h"
#include "template.h"

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
	struct display		*disps[LANG__MAX];	/* owns every language's pages */
	guint			 npages[LANG__MAX];
	guint			 rebuild;	/* languages whose kept outputs failed verification */
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
	gboolean ok;

	say(b, 1, "paisano: %s...\n", t->name);
	ok = fn(b, err);
	t->wall = (double)(g_get_monotonic_time() - w0) / 1e6;
	t->cpu = cpu_seconds() - c0;
	return ok;
}

/* Run one stage and record its time. */
static gboolean
stage(struct build *b, const char *name, gboolean (*fn)(struct build *, GError **))
{
	struct stage_time t = { lang_stage(b->lang, name), 0, 0 };
	GError *err = NULL;
	gboolean ok = timed(b, &t, fn, &err);

	g_array_append_val(b->stages, t);
	if (!ok) {
		fprintf(stderr, "paisano: %s failed: %s\n", t.name, err != NULL ? err->message : "unknown error");
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

static gboolean
stage_snapshot(struct build *b, GError **err)
{
	gsize len;
	char *bytes = snapshot_write(b->g.model, &len);
	char *name = g_strdup_printf("%s.model.xml", b->g.model->edition->id);
	char *path = g_build_filename(b->dir, name, NULL);
	gboolean ok = output_write(path, bytes, len, err);

	if (ok)
		produced(b, "snapshot", name);
	g_free(path);
	g_free(name);
	g_free(bytes);
	return ok;
}

static gboolean
stage_layout(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;

	if ((b->disp = layout_edition(b->g.model, b->tpl, b->g.root, b->lang, err)) == NULL)
		return FALSE;
	/* Every output carries the version string. */
	g_free(b->disp->version);
	b->disp->version = g_strdup(e->version);
	say(b, 1, "paisano: %u pages laid out\n", b->disp->pages->len);
	return TRUE;
}

static gboolean
stage_print(struct build *b, GError **err)
{
	struct print_opts po;
	const char *id = b->g.model->edition->id;
	char *name = build_file_name(id, b->lang, "print.pdf"), *path = g_build_filename(b->dir, name, NULL);
	gboolean ok;

	print_opts_init(&po);
	if ((ok = print_render(b->disp, &po, path, err) == 0))
		produced(b, "print", name);
	if (ok && (b->o->outputs & OUT_IMPOSED)) {
		char *iname = build_file_name(id, b->lang, "imposed.pdf"), *ipath = g_build_filename(b->dir, iname, NULL);

		if ((ok = print_render_imposed(b->disp, &po, ipath, err) == 0))
			produced(b, "imposed", iname);
		g_free(ipath);
		g_free(iname);
	}
	g_free(path);
	g_free(name);
	return ok;
}

static gboolean
stage_screen(struct build *b, GError **err)
{
	struct screen *sc = screen_new(b->disp, err);
	char *name = build_file_name(b->g.model->edition->id, b->lang, "screen.pdf");
	char *path = g_build_filename(b->dir, name, NULL);
	gboolean ok = sc != NULL && screen_render_pdf(sc, path, err);

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
	gboolean ok = FALSE;
	GDir *d;
	const char *name;

	/* The two editions link to each other: html/index.html <-> html-en/index.html. */
	for (int l = 0; l < LANG__MAX && other == NULL; l++)
		if ((enum lang)l != b->lang && (b->g.model->edition->langs & (1u << l)))
			other = g_strdup_printf("../%s/index.html", build_html_dir((enum lang)l));

	if (g_mkdtemp_full(tmp, 0755) == NULL) {
		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot create %s: %s", tmp, g_strerror(errno));
		goto out;
	}
	if (!html_render(b->g.model, b->lang, other, b->o->templates, b->g.root, tmp, err) ||
	    !output_swap_dir(tmp, dest, err))
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

/* ----- the tasks ----- */

/*
 * After the compile, a build is a few independent tasks: per language the layout, the print
 * and the screen PDF that paint that one layout (neither changes it; libharu and cairo share
 * nothing), and the HTML, written from the model; and the snapshot.  They run on one thread per
 * core (at most 4, or --jobs), each thread taking the first task by rank whose layout is done:
 * layouts first, since the PDFs wait for them, then the PDFs, then the small ones that fill
 * the gaps.  The manifest lists stages and files in the list's own order, whatever order they
 * finished in, and errors are printed once every thread has stopped.
 */
enum task_kind { TASK_LAYOUT, TASK_SCREEN, TASK_PRINT, TASK_HTML, TASK_SNAPSHOT };

static const struct {
	const char	*name;
	int		 rank;		/* lower runs first */
	gboolean	(*fn)(struct build *, GError **);
} task_kinds[] = {
	[TASK_LAYOUT] = { "layout", 0, stage_layout },
	[TASK_SCREEN] = { "screen PDF", 1, stage_screen },
	[TASK_PRINT] = { "print PDF", 1, stage_print },
	[TASK_HTML] = { "HTML", 2, stage_html },
	[TASK_SNAPSHOT] = { "snapshot", 3, stage_snapshot },
};

enum task_state { TASK_WAITING, TASK_RUNNING, TASK_DONE };

struct task {
	enum task_kind		 kind;
	enum lang		 lang;
	struct task		*after;		/* the layout a PDF paints, or NULL */
	enum task_state		 state;
	gboolean		 ok;
	GError			*err;
	GPtrArray		*files;		/* struct produced *, moved to the build's list at the end */
	struct stage_time	 t;
};

struct tasks {
	struct build		*b;
	struct task		 task[LANG__MAX * 4 + 1];
	guint			 n;
	GMutex			 lock;
	GCond			 changed;
	gboolean		 failed;
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

/* The next task this thread may run, or NULL; *blocked when some wait for a layout. */
static struct task *
task_next(struct tasks *T, gboolean *blocked)
{
	struct task *best = NULL;

	*blocked = FALSE;
	for (guint i = 0; i < T->n; i++) {
		struct task *t = &T->task[i];

		if (t->state != TASK_WAITING)
			continue;
		if (t->after != NULL && t->after->state != TASK_DONE) {
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
		local = *T->b;
		local.lang = t->lang;
		local.disp = T->b->disps[t->lang];
		local.files = t->files;
		g_mutex_unlock(&T->lock);
		t->ok = timed(&local, &t->t, task_kinds[t->kind].fn, &t->err);
		if (t->ok)
			produced_hash(local.dir, t->files);
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

/* Runs the tasks of the languages in `want` on `jobs` threads (this one included). */
static gboolean
run_tasks(struct build *b, guint want, int jobs)
{
	struct tasks T;
	GPtrArray *threads = g_ptr_array_new();
	guint outputs = b->o->outputs;
	gboolean ok = TRUE;

	memset(&T, 0, sizeof(T));
	T.b = b;
	g_mutex_init(&T.lock);
	g_cond_init(&T.changed);
	task_add(&T, TASK_SNAPSHOT, LANG_ES, NULL);
	for (int l = 0; l < LANG__MAX; l++) {
		struct task *lay = NULL;

		if (!(want & (1u << l)))
			continue;
		if (outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED))
			lay = task_add(&T, TASK_LAYOUT, (enum lang)l, NULL);
		if (outputs & OUT_SCREEN)
			task_add(&T, TASK_SCREEN, (enum lang)l, lay);
		if (outputs & (OUT_PRINT | OUT_IMPOSED))
			task_add(&T, TASK_PRINT, (enum lang)l, lay);
		if (outputs & OUT_HTML)
			task_add(&T, TASK_HTML, (enum lang)l, NULL);
	}
	for (guint i = 0; i < T.n; i++)
		T.task[i].t.name = lang_stage(T.task[i].lang, task_kinds[T.task[i].kind].name);
	for (int i = 1; i < jobs && (guint)i < T.n; i++)
		g_ptr_array_add(threads, g_thread_new("build", worker, &T));
	worker(&T);
	for (guint i = 0; i < threads->len; i++)
		g_thread_join(threads->pdata[i]);
	g_ptr_array_free(threads, TRUE);
	for (guint i = 0; i < T.n; i++) {
		struct task *t = &T.task[i];

		if (t->state == TASK_DONE)
			g_array_append_val(b->stages, t->t);
		for (guint k = 0; k < t->files->len; k++)
			g_ptr_array_add(b->files, t->files->pdata[k]);
		g_ptr_array_free(t->files, TRUE);
		if (t->state == TASK_DONE && !t->ok) {
			fprintf(stderr, "paisano: %s failed: %s\n", t->t.name,
			    t->err != NULL ? t->err->message : "unknown error");
			ok = FALSE;
		}
		g_clear_error(&t->err);
	}
	g_mutex_clear(&T.lock);
	g_cond_clear(&T.changed);
	return ok;
}

/* ----- the manifest ----- */

static gboolean
stage_manifest(struct build *b, GError **err)
{
	const struct edition *e = b->g.model->edition;
	GString *s = g_string_new("{\n  \"edition\": ");
	char *path = g_build_filename(b->dir, "manifest.json", NULL);
	gboolean ok;

	diag_json_string(s, e->id);
	g_string_append(s, ",\n  \"version\": ");
	diag_json_string(s, e->version);
	g_string_append(s, ",\n  \"content_hash\": ");
	diag_json_string(s, e->hash);
	g_string_append_printf(s, ",\n  \"revision\": %u,\n  \"status\": \"%s\",\n",
	    e->revision, e->status == STATUS_FINAL ? "final" : "draft");
	/* One line per language (a later build of another language reads it back). */
	g_string_append(s, "  \"languages\": {");
	for (int l = 0, n = 0; l < LANG__MAX; l++)
		if (b->langs & (1u << l))
			g_string_append_printf(s, "%s\n    \"%s\": {\"pages\": %u}", n++ > 0 ? "," : "",
			    model_lang_code((enum lang)l), b->npages[l]);
	g_string_append(s, "\n  },\n");
	if (b->disp != NULL) {
		/* Points to millimetres, rounded to a tenth: what the print shop reads. */
		g_string_append_printf(s, "  \"trim_mm\": [%.1f, %.1f],\n  \"bleed_mm\": %.1f,\n  \"fonts\": [",
		    b->disp->trim_w * 25.4 / 72, b->disp->trim_h * 25.4 / 72, b->disp->bleed * 25.4 / 72);
		for (guint i = 0; i < b->disp->fonts->len; i++) {
			const struct dl_font *f = b->disp->fonts->pdata[i];

			g_string_append(s, i == 0 ? "" : ", ");
			diag_json_string(s, f->path);
		}
		g_string_append(s, "],\n");
	}
	g_string_append_printf(s, "  \"warnings\": %u,\n  \"files\": [", b->warnings);
	produced_hash(b->dir, b->files);
	for (guint i = 0; i < b->files->len; i++) {
		const struct produced *p = b->files->pdata[i];

		g_string_append(s, i == 0 ? "\n    {" : ",\n    {");
		g_string_append(s, "\"kind\": ");
		diag_json_string(s, p->kind);
		if (p->lang >= 0)
			g_string_append_printf(s, ", \"lang\": \"%s\"", model_lang_code((enum lang)p->lang));
		g_string_append(s, ", \"path\": ");
		diag_json_string(s, p->path);
		g_string_append_printf(s, ", \"bytes\": %" G_GSIZE_FORMAT ", \"sha256\": ", p->bytes);
		diag_json_string(s, p->sha256 != NULL ? p->sha256 : "");
		g_string_append_c(s, '}');
	}
	g_string_append(s, "\n  ],\n  \"stages\": [");
	for (guint i = 0; i < b->stages->len; i++) {
		const struct stage_time *t = &g_array_index(b->stages, struct stage_time, i);

		g_string_append_printf(s, "%s\n    {\"name\": \"%s\", \"wall_ms\": %.1f, \"cpu_ms\": %.1f}",
		    i == 0 ? "" : ",", t->name, t->wall * 1e3, t->cpu * 1e3);
	}
	g_string_append(s, "\n  ]\n}\n");
	ok = output_write(path, s->str, s->len, err);
	g_string_free(s, TRUE);
	g_free(path);
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
			*why = g_strdup("not a plain path inside the output directory");
	for (guint i = 0; *why == NULL && dfd >= 0 && i + 1 < n; i++) {
		int next = openat(dfd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		close(dfd);
		dfd = next;
	}
	if (*why == NULL && (dfd < 0 || (fd = openat(dfd, parts[n - 1], O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)))
		*why = g_strdup("not a regular file inside the output directory (a symbolic link, or missing)");
	if (*why == NULL) {
		char chunk[65536];
		ssize_t r;

		buf = g_byte_array_sized_new((guint)MIN(st.st_size, 1 << 30));
		while ((r = read(fd, chunk, sizeof(chunk))) > 0 || (r < 0 && errno == EINTR))
			if (r > 0)
				g_byte_array_append(buf, (const guint8 *)chunk, (guint)r);
		h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, buf->data, buf->len);
		if (sha256 == NULL || strcmp(h, sha256) != 0)
			*why = g_strdup_printf("its SHA-256 is %s, the manifest says %s", h, sha256 != NULL ? sha256 : "nothing");
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

/* The first file under the web edition `dir` (relative `rel`) that the manifest lines do not
 * list, or that is not a regular file or directory (g_free), or NULL. */
static char *
unlisted(const char *dir, const char *rel, char **lines, const char *tag)
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
			bad = unlisted(p, r, lines, tag);
		else {
			char *want = g_strdup_printf("\"path\": \"%s\"", r);
			gboolean found = FALSE;

			for (char **ln = lines; !found && *ln != NULL; ln++)
				found = strstr(*ln, tag) != NULL && strstr(*ln, want) != NULL;
			if (!found)
				bad = g_strdup(r);
			g_free(want);
		}
		g_free(p);
		g_free(r);
	}
	g_dir_close(d);
	return bad;
}

/* The value of "key": "..." on a manifest line (our own format: one file per line). */
static char *
line_value(const char *line, const char *key)
{
	char *pat = g_strdup_printf("\"%s\": \"", key), *v = NULL;
	const char *p = strstr(line, pat), *q;

	if (p != NULL && (q = strchr(p + strlen(pat), '"')) != NULL)
		v = g_strndup(p + strlen(pat), (gsize)(q - p - strlen(pat)));
	g_free(pat);
	return v;
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
	char *mpath = g_build_filename(b->final, "manifest.json", NULL), *text = NULL, *want = NULL;
	char **lines = NULL;
	gboolean ok = TRUE;

	if (others == 0 || !g_file_get_contents(mpath, &text, NULL, NULL))
		goto out;
	want = g_strdup_printf("\"content_hash\": \"%s\"", e->hash);
	lines = g_strsplit(text, "\n", -1);
	for (int l = 0; ok && l < LANG__MAX; l++) {
		char *tag = g_strdup_printf("\"lang\": \"%s\"", model_lang_code((enum lang)l)), *why = NULL, *bad = NULL;
		char *hdir;
		GPtrArray *files = g_ptr_array_new(), *bytes = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
		guint pages = 0;

		if (!(others & (1u << l)) || strstr(text, tag) == NULL) {
			g_free(tag);
			g_ptr_array_free(files, TRUE);
			g_ptr_array_free(bytes, TRUE);
			continue;
		}
		if (strstr(text, want) == NULL) {
			say(b, 0, "paisano: the %s outputs in %s are of another version and are not kept; "
			    "build with --lang all to have every language\n", model_lang_code((enum lang)l), b->final);
			g_free(tag);
			g_ptr_array_free(files, TRUE);
			g_ptr_array_free(bytes, TRUE);
			continue;
		}
		/* Read and verify every file first: the language is kept whole or built again. */
		for (char **ln = lines; why == NULL && *ln != NULL; ln++) {
			char *kind, *path, *sha;
			unsigned np;
			char code[3];
			GBytes *data;

			if (sscanf(*ln, " \"%2[a-z]\": {\"pages\": %u}", code, &np) == 2 &&
			    strcmp(code, model_lang_code((enum lang)l)) == 0)
				pages = np;
			if (strstr(*ln, tag) == NULL || (kind = line_value(*ln, "kind")) == NULL)
				continue;
			path = line_value(*ln, "path");
			sha = line_value(*ln, "sha256");
			if (path == NULL || (data = kept_file(b->final, path, sha, &why)) == NULL) {
				if (why == NULL)
					why = g_strdup("no path");
				bad = g_strdup(path != NULL ? path : "?");
				g_free(kind);
				g_free(path);
			} else {
				struct produced *pr = g_new0(struct produced, 1);

				pr->kind = kind;
				pr->path = path;
				pr->lang = l;
				g_ptr_array_add(files, pr);
				g_ptr_array_add(bytes, data);
			}
			g_free(sha);
		}
		hdir = g_build_filename(b->final, build_html_dir((enum lang)l), NULL);
		if (why == NULL && (bad = unlisted(hdir, build_html_dir((enum lang)l), lines, tag)) != NULL)
			why = g_strdup("not a file the previous manifest lists");
		g_free(hdir);
		if (why != NULL) {
			say(b, 0, "paisano: the %s outputs in %s are built again: %s: %s\n",
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
					g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot create %s: %s",
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
			say(b, 1, "paisano: kept the %s outputs of the same version\n", model_lang_code((enum lang)l));
		}
		g_free(why);
		g_free(bad);
		g_free(tag);
		g_ptr_array_free(files, TRUE);
		g_ptr_array_free(bytes, TRUE);
	}
	b->langs |= kept;
out:
	g_strfreev(lines);
	g_free(want);
	g_free(text);
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

static gboolean
stage_compile(struct build *b, GError **err)
{
	struct diag_list *dl = diag_list_new();
	int rc = guide_edition(&b->g, b->o->src_root, b->o->snapshot != NULL ? b->o->snapshot : b->o->edition, dl);

	if (rc == 0 && b->o->snapshot != NULL) {
		/* A snapshot prints the images whose bytes it recorded, and no others. */
		GError *ierr = NULL;

		if (!snapshot_verify_images(b->g.model, b->g.root, &ierr)) {
			fprintf(stderr, "paisano: %s\n", ierr->message);
			g_error_free(ierr);
			rc = 2;
		}
	}
	b->compile_rc = rc;
	b->warnings = diag_count(dl, DIAG_WARNING);
	if (rc == 0 && b->warnings > 0 && b->o->verbosity >= 0) {
		diag_print_text(dl, stderr);
		fprintf(stderr, "paisano: %u warning%s (the build goes on)\n", b->warnings, b->warnings == 1 ? "" : "s");
	}
	diag_list_free(dl);
	if (rc != 0)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s", rc == 1 ?
		    "the sources have errors; nothing was written" : "could not read the sources");
	return rc == 0;
}

int
build_run(const struct build_opts *o)
{
	struct build b = { 0 };
	int rc = 2, lock = -1;
	guint want;
	char *lockpath = NULL;

	b.o = o;
	b.stages = g_array_new(FALSE, FALSE, sizeof(struct stage_time));
	b.files = g_ptr_array_new();
	b.t0 = g_get_monotonic_time();

	output_recover(o->outdir);
	if (!stage(&b, "check and compile", stage_compile)) {
		/* guide_edition printed the errors; 1 = the sources, 2 = could not run. */
		rc = b.compile_rc;
		goto out;
	}
	want = o->langs != 0 ? o->langs : b.g.model->edition->langs;
	for (int l = 0; l < LANG__MAX; l++)
		if ((want & (1u << l)) && !(b.g.model->edition->langs & (1u << l))) {
			fprintf(stderr, "paisano: edition %s is not published in \"%s\": its manifest (%s) says "
			    "languages=\"es\"; write languages=\"es en\" on <edition> to add English\n",
			    b.g.model->edition->id, model_lang_code((enum lang)l), b.g.model->edition->file);
			goto out;
		}
	b.langs = want;
	b.final = g_build_filename(o->outdir, b.g.model->edition->id, NULL);
	if (g_mkdir_with_parents(o->outdir, 0755) != 0) {
		fprintf(stderr, "paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n",
		    o->outdir, g_strerror(errno));
		goto out;
	}
	lockpath = g_strdup_printf("%s/.%s.lock", o->outdir, b.g.model->edition->id);
	if ((lock = open(lockpath, O_CREAT | O_RDWR | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, "paisano: cannot write in %s: %s; choose a directory you can write to (-o DIR)\n",
		    o->outdir, g_strerror(errno));
		goto out;
	}
	if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "paisano: another build is writing %s; wait for it to finish, or build into another directory (-o DIR)\n", b.final);
		goto out;
	}
	clean_leftovers(o->outdir, b.g.model->edition->id, b.final);
	/* Everything is made in a staging directory that replaces the edition's whole at the end:
	 * a build that stops anywhere leaves the previous outputs as they were, as one set. */
	b.dir = g_strdup_printf("%s/.%s.tmp-XXXXXX", o->outdir, b.g.model->edition->id);
	if (g_mkdtemp_full(b.dir, 0755) == NULL) {
		fprintf(stderr, "paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n",
		    b.dir, g_strerror(errno));
		g_free(b.dir);
		b.dir = NULL;
		goto out;
	}

	{
		GError *err = NULL;

		if (!carry_languages(&b, &err)) {
			fprintf(stderr, "paisano: %s\n", err->message);
			g_error_free(err);
			goto out;
		}
		want |= b.rebuild;
		b.langs |= b.rebuild;
	}
	if (o->outputs & (OUT_PRINT | OUT_SCREEN | OUT_IMPOSED)) {
		char *path = g_build_filename(o->templates, "booklet.xml", NULL);
		GError *err = NULL;

		b.tpl = template_load(path, &err);
		g_free(path);
		if (b.tpl == NULL) {
			fprintf(stderr, "paisano: layout failed: %s\n", err->message);
			g_error_free(err);
			goto out;
		}
	}
	if (!run_tasks(&b, want, build_threads(o->jobs)))
		goto out;
	b.lang = LANG_ES;
	for (int l = LANG__MAX - 1; l >= 0; l--)
		if (b.disps[l] != NULL)
			b.disp = b.disps[l];
	if (!stage(&b, "manifest", stage_manifest))
		goto out;
	{
		GError *err = NULL;

		if (!output_swap_dir(b.dir, b.final, &err)) {
			fprintf(stderr, "paisano: %s\n", err->message);
			g_error_free(err);
			goto out;
		}
		g_free(b.dir);
		b.dir = NULL;
	}
	say(&b, 0, "paisano: built %s in %s (%u file%s, %.0f ms)\n", b.g.model->edition->version, b.final,
	    b.files->len + 1, b.files->len + 1 == 1 ? "" : "s",
	    (double)(g_get_monotonic_time() - b.t0) / 1e3);
	for (int l = 0; l < LANG__MAX; l++)
		if (b.disps[l] != NULL)
			say(&b, 0, "paisano: %s: %u pages (a multiple of 4 for saddle stitching, with %u notes page%s)\n",
			    model_lang_code((enum lang)l), b.npages[l], b.disps[l]->notes,
			    b.disps[l]->notes == 1 ? "" : "s");
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	g_free(lockpath);
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
			fprintf(stderr, "paisano: --only takes print, screen and html, not \"%s\"\n", *w);
			bits = 0;
			break;
		}
		bits |= found;
	}
	g_strfreev(words);
	return bits;
}
