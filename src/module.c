/* module.c: the way from the program to its rendering half, loaded only when needed.
 *
 * Loading a program costs on every run for every library it is linked with, used or not: with
 * pango, cairo, fontconfig, harfbuzz, freetype, libharu, libhyphen and what they bring, 48 of
 * them, that was ~15 ms of each `paisano check`, a command that renders nothing.  So the files
 * that lay out and render (RENDER_SRCS in the Makefile: build, layout, the renderers, proofs,
 * templates) are a module of their own, bin/paisano-render.so, linked with those libraries, and
 * bin/paisano, linked with libxml2 and GLib only, loads it the first time a command calls into
 * it (build, pages, proof, publish).  The module uses the program's own functions (the model,
 * the checks, the snapshot...): the program exports them (-rdynamic), and the module binds its
 * own functions to itself (-Bsymbolic), not to the stand-ins below.
 *
 * Each function of the module that the program calls has a stand-in here with the same name
 * and type; a new call from main.c into the module needs one more (the link says which).
 * The module is looked for next to the program, as PROGRAM-render.so (so bin/paisano-asan
 * loads bin/paisano-asan-render.so), then in ../lib/paisano/ (make install puts it there).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "build.h"
#include "display.h"
#include "layout.h"
#include "proof.h"
#include "screen.h"
#include "template.h"

static void *module;		/* loaded once, kept until the program exits */

static void
module_load(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL), *dir, *base, *paths[2];
	GString *errors = g_string_new(NULL);

	if (exe == NULL) {
		fprintf(stderr, "paisano: cannot find the program's own path (/proc/self/exe) to load its rendering module\n");
		exit(2);
	}
	dir = g_path_get_dirname(exe);
	base = g_path_get_basename(exe);
	paths[0] = g_strdup_printf("%s-render.so", exe);
	paths[1] = g_strdup_printf("%s/../lib/paisano/%s-render.so", dir, base);
	for (guint i = 0; i < G_N_ELEMENTS(paths) && module == NULL; i++)
		if ((module = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL)) == NULL)
			g_string_append_printf(errors, "\n  %s", dlerror());
	if (module == NULL) {
		fprintf(stderr, "paisano: cannot load the rendering module:%s\n", errors->str);
		exit(2);
	}
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
		g_free(paths[i]);
	g_string_free(errors, TRUE);
	g_free(base);
	g_free(dir);
	g_free(exe);
}

/* The module's function `name` (the module is loaded on the first call). */
static void *
module_fn(const char *name)
{
	void *fn;

	if (module == NULL)
		module_load();
	if ((fn = dlsym(module, name)) == NULL) {
		fprintf(stderr, "paisano: the rendering module has no %s: %s\n", name, dlerror());
		exit(2);
	}
	return fn;
}

/* fn = the module's function `name`, of fn's type, found once. */
#define BIND(fn, name)	do { if ((fn) == NULL) (fn) = (__typeof__(fn))module_fn(name); } while (0)

int
build_run(const struct build_opts *o)
{
	static int (*fn)(const struct build_opts *);

	BIND(fn, "build_run");
	return fn(o);
}

guint
build_parse_outputs(const char *s)
{
	static guint (*fn)(const char *);

	BIND(fn, "build_parse_outputs");
	return fn(s);
}

int
proof_run(const struct proof_opts *o)
{
	static int (*fn)(const struct proof_opts *);

	BIND(fn, "proof_run");
	return fn(o);
}

int
proof_watch(const struct proof_opts *o)
{
	static int (*fn)(const struct proof_opts *);

	BIND(fn, "proof_watch");
	return fn(o);
}

struct template *
template_load(const char *path, GError **err)
{
	static struct template *(*fn)(const char *, GError **);

	BIND(fn, "template_load");
	return fn(path, err);
}

struct display *
layout_edition(const struct model *m, const struct template *t, const char *src_root, enum lang lang,
    GError **err)
{
	static struct display *(*fn)(const struct model *, const struct template *, const char *, enum lang,
	    GError **);

	BIND(fn, "layout_edition");
	return fn(m, t, src_root, lang, err);
}

void
layout_dump(const struct display *d, const struct template *t, FILE *fp)
{
	static void (*fn)(const struct display *, const struct template *, FILE *);

	BIND(fn, "layout_dump");
	fn(d, t, fp);
}

char *
layout_hyphenate(const struct template *t, enum lang lang, const char *text, GError **err)
{
	static char *(*fn)(const struct template *, enum lang, const char *, GError **);

	BIND(fn, "layout_hyphenate");
	return fn(t, lang, text, err);
}

struct screen *
screen_new(const struct display *d, GError **err)
{
	static struct screen *(*fn)(const struct display *, GError **);

	BIND(fn, "screen_new");
	return fn(d, err);
}

gboolean
screen_render_png(struct screen *s, guint page, double dpi, const char *agency, GByteArray *png,
    GError **err)
{
	static gboolean (*fn)(struct screen *, guint, double, const char *, GByteArray *, GError **);

	BIND(fn, "screen_render_png");
	return fn(s, page, dpi, agency, png, err);
}

/* The module's *_free() do nothing with NULL: neither do these, and they load nothing for it. */

void
screen_free(struct screen *s)
{
	static void (*fn)(struct screen *);

	if (s == NULL)
		return;
	BIND(fn, "screen_free");
	fn(s);
}

void
display_free(struct display *d)
{
	static void (*fn)(struct display *);

	if (d == NULL)
		return;
	BIND(fn, "display_free");
	fn(d);
}

void
template_free(struct template *t)
{
	static void (*fn)(struct template *);

	if (t == NULL)
		return;
	BIND(fn, "template_free");
	fn(t);
}

/* The desk (src/desk/, bin/PROGRAM-desk.so): libsoup, SQLite and libsodium are loaded only by
 * the commands that use them (serve, user).  The module exports one struct of entry points,
 * found with one dlsym. */
#include "desk/entry.h"

const struct desk_module *
desk_module(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL), *dir, *base, *paths[2];
	GString *errors = g_string_new(NULL);
	const struct desk_module *m = NULL;
	void *h = NULL;

	if (exe == NULL) {
		fprintf(stderr, "paisano: cannot find the program's own path (/proc/self/exe) to load the desk\n");
		exit(2);
	}
	dir = g_path_get_dirname(exe);
	base = g_path_get_basename(exe);
	paths[0] = g_strdup_printf("%s-desk.so", exe);
	paths[1] = g_strdup_printf("%s/../lib/paisano/%s-desk.so", dir, base);
	for (guint i = 0; i < G_N_ELEMENTS(paths) && h == NULL; i++)
		if ((h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL)) == NULL)
			g_string_append_printf(errors, "\n  %s", dlerror());
	if (h == NULL || (m = dlsym(h, "paisano_desk")) == NULL) {
		fprintf(stderr, "paisano: cannot load the desk module:%s\n", h == NULL ? errors->str : dlerror());
		exit(2);
	}
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
		g_free(paths[i]);
	g_string_free(errors, TRUE);
	g_free(base);
	g_free(dir);
	g_free(exe);
	return m;
}
