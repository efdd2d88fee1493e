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
#include "pages.h"
#include "proof.h"

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
pages_run(const struct pages_opts *o)
{
	static int (*fn)(const struct pages_opts *);

	BIND(fn, "pages_run");
	return fn(o);
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
