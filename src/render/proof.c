/* proof.c: an agency's pages as PNG proofs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "build.h"
#include "device.h"
#include "diag.h"
#include "guide.h"
#include "heap.h"
#include "layout.h"
#include "output.h"
#include "proof.h"
#include "screen.h"
#include "template.h"
#include "i18n.h"

static gboolean
page_has_agency(const struct dl_page *p, const char *agency)
{
	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];

		if (it->src != NULL && it->src->agency != NULL && strcmp(it->src->agency, agency) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
list_agencies(const struct model *m)
{
	fputs(_("agencies:"), stderr);
	for (guint i = 0; i < m->agencies->len; i++)
		fprintf(stderr, " %s", ((const struct agency *)m->agencies->pdata[i])->id);
	fputc('\n', stderr);
}

/*
 * Proofs again after a save: a picture whose key (everything painted on it, the resolution,
 * the agency outlined, the encoder) is the key of the picture of that name in the previous
 * proofs is that picture again, so it is linked from there instead of painted.  An editor who
 * changes one paragraph waits for the pages it moved, not for all of them.  The keys are in
 * DIR/.proof-keys ("KEY NAME" per line); a missing or unreadable file means painting all.
 */
#define PROOF_KEYS	".proof-keys"

/* A page's key is the SHA-256 of the bytes below, gathered in one buffer and hashed once
 * (nettle): fed to a GChecksum a double or a glyph at a time, the hashing calls were most of
 * the keys' cost.  The same bytes, so the same keys as before. */
typedef GByteArray key_buf;

static void
key_bytes(key_buf *c, const void *p, gsize n)
{
	g_byte_array_append(c, p, (guint)n);
}

static void
key_str(key_buf *c, const char *s)
{
	key_bytes(c, s != NULL ? s : "", s != NULL ? strlen(s) + 1 : 1);
}

/* A decimal number, as "%d" writes it. */
static void
key_int(key_buf *c, int v)
{
	char buf[16], *p = buf + sizeof(buf);
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	key_bytes(c, p, (gsize)(buf + sizeof(buf) - p));
}

static void
key_doubles(key_buf *c, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		double v = va_arg(ap, double);

		key_bytes(c, &v, sizeof(v));
	}
	va_end(ap);
}

static void
key_color(key_buf *c, const struct dl_color *k)
{
	key_doubles(c, 4, k->c, k->m, k->y, k->k);
}

/* What every item adds to a key: its kind, colour and source. */
static void
key_common(key_buf *c, const struct dl_item *it)
{
	int kind = it->kind;

	key_bytes(c, &kind, sizeof(kind));
	key_color(c, &it->color);
	if (it->src != NULL) {
		/* "AGENCY FILE:LINE:COL" and its NUL */
		const char *a = it->src->agency != NULL ? it->src->agency : "";
		const char *f = it->src->pos.file != NULL ? it->src->pos.file : "";

		key_bytes(c, a, strlen(a));
		key_bytes(c, " ", 1);
		key_bytes(c, f, strlen(f));
		key_bytes(c, ":", 1);
		key_int(c, it->src->pos.line);
		key_bytes(c, ":", 1);
		key_int(c, it->src->pos.col);
		key_bytes(c, "", 1);
	}
}

/* The keys are made by walking the page as the pictures are painted: a device whose every
 * call adds what it would paint. */
static gboolean
key_begin_page(void *c, const struct dl_page *p, guint i)
{
	(void)c;
	(void)p;
	(void)i;
	return TRUE;
}

static void
key_glyphs(void *c, const struct dl_item *it)
{
	key_common(c, it);
	key_bytes(c, &it->u.text.font, sizeof(it->u.text.font));
	key_doubles(c, 5, it->u.text.size, it->u.text.x, it->u.text.y, dl_text_angle(it),
	    dl_text_outline(it));
	key_str(c, it->u.text.utf8);
	for (guint i = 0; i < it->u.text.nglyphs; i++) {
		key_bytes(c, &it->u.text.glyphs[i].id, sizeof(it->u.text.glyphs[i].id));
		key_doubles(c, 1, it->u.text.glyphs[i].x);
	}
}

static void
key_box(void *c, const struct dl_item *it)
{
	int fill = it->u.rect.fill, stroke = it->u.rect.stroke;	/* the keys' bytes as they were */

	key_common(c, it);
	key_doubles(c, 5, it->u.rect.x, it->u.rect.y, it->u.rect.w, it->u.rect.h, (double)it->u.rect.line_width);
	key_bytes(c, &fill, sizeof(fill));
	key_bytes(c, &stroke, sizeof(stroke));
	key_color(c, &it->u.rect.stroke_color);
}

static void
key_rule(void *c, const struct dl_item *it)
{
	key_common(c, it);
	key_doubles(c, 5, it->u.line.x1, it->u.line.y1, it->u.line.x2, it->u.line.y2, it->u.line.width);
}

/* An image's file by its size and time too: the same path may hold a new picture. */
static void
key_image(void *c, const struct dl_item *it)
{
	struct stat st;
	gint64 stamp[2] = { 0, 0 };

	key_common(c, it);
	if (it->u.image.path != NULL && stat(it->u.image.path, &st) == 0) {
		stamp[0] = (gint64)st.st_size;
		stamp[1] = (gint64)st.st_mtime;
	}
	key_doubles(c, 4, it->u.image.x, it->u.image.y, it->u.image.w, it->u.image.h);
	key_str(c, it->u.image.path);
	key_bytes(c, stamp, sizeof(stamp));
}

static void
key_link(void *c, const struct dl_item *it)
{
	key_common(c, it);
	key_doubles(c, 4, it->u.link.x, it->u.link.y, it->u.link.w, it->u.link.h);
	key_str(c, it->u.link.uri);
}

static void
key_end_page(void *c, const struct dl_page *p, guint i)
{
	(void)c;
	(void)p;
	(void)i;
}

static const struct device key_device = {
	key_begin_page, key_glyphs, key_box, key_rule, key_image, key_link, key_end_page, NULL
};

/* The key of a page's picture; newly allocated. */
static char *
page_key(const struct display *d, guint page, const struct proof_opts *o)
{
	const struct dl_page *pg = d->pages->pdata[page];
	key_buf *c = g_byte_array_sized_new(64 * 1024);
	char *key;

	key_str(c, "paisano proof 2: unhinted glyphs, png.c runs");
	key_doubles(c, 4, o->dpi, d->trim_w, d->trim_h, d->bleed);
	key_str(c, o->agency);
	key_str(c, pg->label);
	for (guint i = 0; i < d->fonts->len; i++)
		key_str(c, ((const struct dl_font *)d->fonts->pdata[i])->path);
	device_paint_page(&key_device, c, d, page);
	key = output_sha256_data(c->data, c->len);
	g_byte_array_free(c, TRUE);
	return key;
}

/* The previous proofs' keys: name -> key. */
static GHashTable *
keys_read(const char *dir)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char *path = g_build_filename(dir, PROOF_KEYS, NULL), *text = NULL;

	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);

		for (char **l = lines; *l != NULL; l++) {
			char *sp = strchr(*l, ' ');

			if (sp != NULL && sp[1] != '\0' && strchr(sp + 1, '/') == NULL)
				g_hash_table_replace(h, g_strdup(sp + 1), g_strndup(*l, (gsize)(sp - *l)));
		}
		g_strfreev(lines);
	}
	g_free(text);
	g_free(path);
	return h;
}

/* Links (or copies) the previous picture into the new directory if its key is the same. */
static gboolean
reuse(GHashTable *old, const char *olddir, const char *dir, const char *name, const char *key)
{
	const char *k = g_hash_table_lookup(old, name);
	char *from, *to;
	gboolean ok;

	if (k == NULL || strcmp(k, key) != 0)
		return FALSE;
	from = g_build_filename(olddir, name, NULL);
	to = g_build_filename(dir, name, NULL);
	ok = output_link(from, to, NULL);
	g_free(from);
	g_free(to);
	return ok;
}

/*
 * The pictures are keyed and painted on every core.  First each thread computes the keys of
 * its share of the pages; once all have (the contact sheet's key is made of theirs), the
 * threads take the items one after the other, the contact sheet (all pages, small: the
 * longest) first, and paint those whose previous picture cannot be reused.  Each thread has
 * its own screen (fonts and image cache), so they share nothing but the display, which
 * nobody changes, the previous keys, which nobody changes either, and their slots below.
 */
struct paint_all {
	const struct display		*d;
	const GArray			*pages;		/* indexes into d->pages */
	const struct proof_opts		*o;
	const char			*dir;		/* the staging directory */
	GHashTable			*old;		/* the previous proofs' keys: name -> key */
	char				**keys;		/* per item: its key */
	gboolean			*todo;		/* per item: painted (not reused) */
	guint				 threads;
	GMutex				 lock;
	GCond				 keyed;
	guint				 keying;	/* threads still computing keys */
	gint				 next;		/* the next item to take (atomic) */
};

struct paint_job {
	struct paint_all		*all;
	guint				 index;		/* this thread's: keys of pages index + 1, + threads ... */
	GError				*err;
};

/* Item 0 is the contact sheet, item i > 0 the page pages[i - 1]; its file name. */
static char *
item_name(const struct display *d, const GArray *pages, const char *agency, guint item)
{
	guint p;
	const struct dl_page *pg;

	if (item == 0)
		return g_strdup_printf("%s-contact-sheet.png", agency);
	p = g_array_index(pages, guint, item - 1);
	pg = d->pages->pdata[p];
	return g_strdup_printf("%s-p%03u.png", agency, pg->number > 0 ? (guint)pg->number : p + 1);
}

/* The contact sheet's key: it shows every page, smaller. */
static char *
sheet_key(char *const *keys, guint npages)
{
	GString *s = g_string_new(NULL);
	char *key;

	for (guint i = npages; i > 0; i--)
		g_string_append(s, keys[i]);
	g_string_append_printf(s, " sheet %u, text greeked, labels %s", npages, _("p. %s"));	/* the labels' language */
	key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	return key;
}

/* Reuses item `item`'s previous picture, or paints it into png (emptied first) and writes it
 * into the staging directory. */
static gboolean
do_item(struct screen *sc, struct screen_opts *so, struct paint_all *all, guint item, GError **err)
{
	const struct proof_opts *o = all->o;
	char *name = item_name(all->d, all->pages, o->agency, item), *path;
	gboolean ok;

	if (item == 0)
		all->keys[0] = sheet_key(all->keys, all->pages->len);
	if (reuse(all->old, o->outdir, all->dir, name, all->keys[item])) {
		g_free(name);
		return TRUE;
	}
	all->todo[item] = TRUE;
	path = g_build_filename(all->dir, name, NULL);
	g_byte_array_set_size(so->png, 0);
	if (item == 0) {
		so->out = SCREEN_SHEET;
		so->pages = (const guint *)(const void *)all->pages->data;
		so->npages = all->pages->len;
		so->columns = MIN(all->pages->len, 6);
		so->dpi = 28;
	} else {
		so->out = SCREEN_PNG;
		so->page = g_array_index(all->pages, guint, item - 1);
		so->dpi = o->dpi;
	}
	ok = screen_render(sc, all->d, err) && output_write_staged(path, so->png->data, so->png->len, err);
	g_free(path);
	g_free(name);
	return ok;
}

static gpointer
paint_share(gpointer p)
{
	struct paint_job *j = p;
	struct paint_all *all = j->all;
	GByteArray *png = g_byte_array_new();
	struct screen_opts so = { .png = png, .agency = all->o->agency };
	struct screen *sc;
	gint item;

	for (guint i = j->index + 1; i <= all->pages->len; i += all->threads)
		all->keys[i] = page_key(all->d, g_array_index(all->pages, guint, i - 1), all->o);
	g_mutex_lock(&all->lock);
	if (--all->keying == 0)
		g_cond_broadcast(&all->keyed);
	while (all->keying > 0)
		g_cond_wait(&all->keyed, &all->lock);
	g_mutex_unlock(&all->lock);

	sc = screen_new(&so, &j->err);
	while (sc != NULL && (item = g_atomic_int_add(&all->next, 1)) <= (gint)all->pages->len)
		if (!do_item(sc, &so, all, (guint)item, &j->err))
			break;
	screen_free(sc);
	g_byte_array_free(png, TRUE);
	return NULL;
}

/* Every picture, painted or reused; the keys written beside them.  *painted: how many. */
static gboolean
paint_all(const struct display *d, const GArray *pages, const struct proof_opts *o, const char *dir,
    guint *painted, GError **err)
{
	struct paint_all all = { d, pages, o, dir, keys_read(o->outdir), NULL, NULL, 0, { 0 }, { 0 }, 0, 0 };
	struct paint_job *jobs;
	GThread **threads;
	GString *keys = g_string_new(NULL);
	gboolean ok = TRUE;

	all.threads = (guint)build_threads(o->jobs);
	all.keying = all.threads;
	all.keys = g_new0(char *, pages->len + 1);
	all.todo = g_new0(gboolean, pages->len + 1);
	g_mutex_init(&all.lock);
	g_cond_init(&all.keyed);
	jobs = g_new0(struct paint_job, all.threads);
	threads = g_new0(GThread *, all.threads);
	for (guint k = 0; k < all.threads; k++) {
		jobs[k] = (struct paint_job){ &all, k, NULL };
		if (k > 0)
			threads[k] = g_thread_new("proof", paint_share, &jobs[k]);
	}
	paint_share(&jobs[0]);
	for (guint k = 0; k < all.threads; k++) {
		if (k > 0)
			g_thread_join(threads[k]);
		if (jobs[k].err != NULL) {
			if (ok)
				g_propagate_error(err, jobs[k].err);
			else
				g_error_free(jobs[k].err);
			ok = FALSE;
		}
	}
	*painted = 0;
	for (guint i = pages->len + 1; ok && i-- > 0;) {
		char *name = item_name(d, pages, o->agency, i);

		g_string_append_printf(keys, "%s %s\n", all.keys[i], name);
		*painted += all.todo[i];
		g_free(name);
	}
	if (ok) {
		char *path = g_build_filename(dir, PROOF_KEYS, NULL);

		ok = output_write_staged(path, keys->str, keys->len, err);
		g_free(path);
	}
	g_string_free(keys, TRUE);
	for (guint i = 0; i <= pages->len; i++)
		g_free(all.keys[i]);
	g_free(all.keys);
	g_free(all.todo);
	g_hash_table_destroy(all.old);
	g_mutex_clear(&all.lock);
	g_cond_clear(&all.keyed);
	g_free(threads);
	g_free(jobs);
	return ok;
}

/* The agency o->agency's pictures from a laid-out edition, into o->outdir: 0 written, 1 no
 * content of the agency in the edition, 2 could not. */
static int
proof_pages(const struct guide *g, const struct display *d, const struct proof_opts *o)
{
	GArray *pages = g_array_new(FALSE, FALSE, sizeof(guint));
	GError *err = NULL;
	guint painted = 0;
	char *tmp = NULL;
	int rc = 2;

	for (guint i = 0; i < d->pages->len; i++)
		if (page_has_agency(d->pages->pdata[i], o->agency))
			g_array_append_val(pages, i);
	if (pages->len == 0) {
		fprintf(stderr, _("paisano: agency \"%s\" has no content in edition %s; add its sections to the manifest to see them\n"),
		    o->agency, g->model->edition->id);
		rc = 1;
		goto out;
	}
	if (g_mkdir_with_parents(o->outdir, 0755) != 0) {
		fprintf(stderr, _("paisano: cannot create %s: %s; choose a directory you can write to (-o DIR)\n"),
		    o->outdir, g_strerror(errno));
		goto out;
	}
	/* The proofs replace the previous ones whole: no stale page survives a change. */
	tmp = g_strdup_printf("%s.tmp-XXXXXX", o->outdir);
	if (g_mkdtemp_full(tmp, 0755) == NULL) {
		fprintf(stderr, _("paisano: cannot write next to %s: %s\n"), o->outdir, g_strerror(errno));
		goto out;
	}
	if (!paint_all(d, pages, o, tmp, &painted, &err) || !output_swap_dir(tmp, o->outdir, &err)) {
		fprintf(stderr, _("paisano: proof failed: %s\n"), err != NULL ? err->message : _("unknown error"));
		goto out;
	}
	g_free(tmp);
	tmp = NULL;
	if (!o->quiet) {
		printf(ngettext("%s: %u page of %s in %s:", "%s: %u pages of %s in %s:", pages->len), o->agency, pages->len,
		    g->model->edition->version, o->outdir);
		for (guint i = 0; i < pages->len; i++) {
			const struct dl_page *pg = d->pages->pdata[g_array_index(pages, guint, i)];

			printf(" %s", pg->label != NULL ? pg->label : "?");
		}
		putchar('\n');
		if (painted < pages->len + 1)
			printf(ngettext("painted %u of %u pictures, the others are unchanged since the last proofs\n",
			    "painted %u of %u pictures, the others are unchanged since the last proofs\n", painted),
			    painted, pages->len + 1);
	}
	rc = 0;
out:
	if (tmp != NULL) {
		output_clean_stale(o->outdir);	/* nothing */
		g_rmdir(tmp);
	}
	g_clear_error(&err);
	g_free(tmp);
	g_array_free(pages, TRUE);
	return rc;
}

/* The edition checked and laid out once, then the proofs of agencies[i] into outdirs[i]
 * (o->agency and o->outdir are not used), results[i] set as proof_pages() answers.  0 when
 * all were made; 1 errors in the sources, 2 could not run (results all 2). */
int
proof_agencies(const struct proof_opts *o, const char *const *agencies, const char *const *outdirs, guint n,
    int *results)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	struct template *tpl = NULL;
	struct display *d = NULL;
	GError *err = NULL;
	char *tpath = NULL;
	int rc;

	for (guint i = 0; i < n; i++)
		results[i] = 2;
	if ((rc = guide_edition_cached(&g, o->cache, o->src_root, o->edition, dl, &err)) != 0) {
		guide_print_error(&g, dl, err, stderr);
		g_clear_error(&err);
		goto out;
	}
	tpath = g_build_filename(o->templates, "booklet.xml", NULL);
	if ((tpl = template_load(tpath, &err)) == NULL ||
	    (d = layout_edition(g.model, tpl, g.root, (enum lang)o->lang, build_threads(o->jobs), &err)) == NULL) {
		fprintf(stderr, _("paisano: proof failed: %s\n"), err != NULL ? err->message : _("unknown error"));
		rc = 2;
		goto out;
	}
	for (guint i = 0; i < n; i++) {
		struct proof_opts one = *o;

		one.agency = agencies[i];
		one.outdir = outdirs[i];
		if (model_agency(g.model, agencies[i]) == NULL) {
			fprintf(stderr, _("paisano: no agency \"%s\" (no %s/agencies/%s.xml)\n"), agencies[i], g.root, agencies[i]);
			list_agencies(g.model);
			rc = 2;
			continue;
		}
		if ((results[i] = proof_pages(&g, d, &one)) != 0)
			rc = results[i];
	}
out:
	g_clear_error(&err);
	g_free(tpath);
	display_free(d);
	template_free(tpl);
	guide_close(&g);
	diag_list_free(dl);
	return rc;
}

int
proof_run(const struct proof_opts *o)
{
	const char *agency[] = { o->agency }, *outdir[] = { o->outdir };
	int result;

	heap_share();	/* before any thread: pango starts some for fontconfig */
	return proof_agencies(o, agency, outdir, 1, &result);
}

/* ----- watching the sources ----- */

/*
 * `proof --watch`: proofs once, then again whenever a file of the sources or the templates
 * changes, in this process, so that each new proof costs neither starting the program nor
 * loading its libraries, and reuses the pictures that did not change.  A file counts as
 * changed once it is complete: closed after writing (an editor saving in place), renamed into
 * place (an editor saving atomically), or removed; the writes before the close are not waited
 * on one by one.  Changes within SETTLE_MS of each other (several files saved together) make
 * one proof.  Ctrl-C (or SIGTERM) stops it between two proofs, never during one.
 */
enum { SETTLE_MS = 10 };

struct watch {
	const struct proof_opts	*o;
	GMainLoop		*loop;
	guint			 timer;		/* the proof waiting for the changes to settle, or 0 */
};

static void
watch_proof(const struct proof_opts *o)
{
	gint64 t0 = g_get_monotonic_time();
	int rc = proof_run(o);

	if (rc == 0 && !o->quiet)
		printf(_("paisano: proofs updated in %.0f ms; watching for changes (Ctrl-C to stop)\n"),
		    (double)(g_get_monotonic_time() - t0) / 1e3);
	else if (rc != 0)
		fprintf(stderr, _("paisano: the proofs were not updated (see above); they will be at the next change that fixes it\n"));
	fflush(stdout);
	fflush(stderr);
}

static gboolean
settled(gpointer p)
{
	struct watch *w = p;

	w->timer = 0;
	watch_proof(w->o);
	return G_SOURCE_REMOVE;
}

static void
changed(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev, gpointer p)
{
	struct watch *w = p;
	char *name = g_file_get_basename(file);
	gboolean ignore = name == NULL || name[0] == '.' || g_str_has_suffix(name, "~") ||
	    g_str_has_suffix(name, ".swp");	/* editors' backup and swap files */

	(void)m;
	(void)other;
	g_free(name);
	switch (ev) {
	case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:	/* closed after writing */
	case G_FILE_MONITOR_EVENT_DELETED:
	case G_FILE_MONITOR_EVENT_RENAMED:
	case G_FILE_MONITOR_EVENT_MOVED_IN:
	case G_FILE_MONITOR_EVENT_MOVED_OUT:
		break;
	default:		/* being written (CHANGED, CREATED), or not content at all */
		ignore = TRUE;
		break;
	}
	if (ignore)
		return;
	if (w->timer != 0)
		g_source_remove(w->timer);
	w->timer = g_timeout_add(SETTLE_MS, settled, w);
}

static gboolean
stop(gpointer p)
{
	g_main_loop_quit(((struct watch *)p)->loop);
	return G_SOURCE_CONTINUE;
}

int
proof_watch(const struct proof_opts *o)
{
	const char *subdirs[] = { "agencies", "editions", "images" };
	struct watch w = { o, NULL, 0 };
	GPtrArray *monitors = g_ptr_array_new_with_free_func(g_object_unref);
	GString *watched = g_string_new(NULL);
	guint sigint, sigterm;
	int rc = proof_run(o);

	fflush(stdout);
	if (rc == 2)		/* no such agency, no tree...: nothing to watch for */
		goto out;
	for (guint i = 0; i <= G_N_ELEMENTS(subdirs); i++) {
		char *path = i < G_N_ELEMENTS(subdirs) ? g_build_filename(o->src_root, subdirs[i], NULL) :
		    g_strdup(o->templates);
		GFile *dir = g_file_new_for_path(path);
		GFileMonitor *m = g_file_test(path, G_FILE_TEST_IS_DIR) ?
		    g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL) : NULL;

		if (m != NULL) {
			g_signal_connect(m, "changed", G_CALLBACK(changed), &w);
			g_ptr_array_add(monitors, m);
			g_string_append_printf(watched, "%s%s", watched->len > 0 ? ", " : "", path);
		}
		g_object_unref(dir);
		g_free(path);
	}
	if (monitors->len == 0) {
		fprintf(stderr, _("paisano: cannot watch %s for changes\n"), o->src_root);
		rc = 2;
		goto out;
	}
	w.loop = g_main_loop_new(NULL, FALSE);
	sigint = g_unix_signal_add(SIGINT, stop, &w);
	sigterm = g_unix_signal_add(SIGTERM, stop, &w);
	printf(_("paisano: watching %s for changes (Ctrl-C to stop)\n"), watched->str);
	fflush(stdout);
	g_main_loop_run(w.loop);
	if (w.timer != 0)
		g_source_remove(w.timer);
	g_source_remove(sigint);
	g_source_remove(sigterm);
	g_main_loop_unref(w.loop);
	rc = 0;
out:
	g_ptr_array_free(monitors, TRUE);
	g_string_free(watched, TRUE);
	return rc;
}
