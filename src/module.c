/* module.c: the way from the program to its rendering half, loaded only when needed.
 *
 * Loading a program costs on every run for every library it is linked with, used or not: with
 * pango, cairo, fontconfig, harfbuzz, freetype, libharu, libhyphen and what they bring, 48 of
 * them, that was ~15 ms of each `paisano check`, a command that renders nothing.  So the files
 * that lay out and render (src/render/) are a module of their own, bin/paisano-render.so,
 * linked with those libraries, and bin/paisano, linked with libxml2 and GLib only, loads it the
 * first time a command calls render_module() (build, pages, proof, publish).  The module uses
 * the program's own functions (the model, the checks, the snapshot...): the program exports
 * them (-rdynamic), and the module binds its own functions to itself (-Bsymbolic).
 *
 * The module exports one table of entry points (render.h); a new call from the program into
 * the module is one more member there and in src/render/render.c.  The module is looked for
 * next to the program, as PROGRAM-render.so (so bin/paisano-asan loads
 * bin/paisano-asan-render.so), then in ../lib/paisano/ (make install puts it there).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "render.h"

/* Loaded once, kept until the program exits. */
static const struct render_module *table;

/* The rendering module's table is of this program's version: the interface and its size. */
static gboolean
render_table_ok(const void *sym, const char *path, GString *errors)
{
	const struct render_module *m = sym;

	if (m->abi == RENDER_MODULE_ABI && m->size == sizeof(struct render_module))
		return TRUE;
	g_string_append_printf(errors, "\n  %s: a rendering module of another version of paisano "
	    "(interface %u, %zu bytes; this program needs interface %u, %zu bytes): run make, "
	    "or make install, again", path, m->abi, m->size, RENDER_MODULE_ABI,
	    sizeof(struct render_module));
	return FALSE;
}

/* Opens PROGRAM-SUFFIX.so next to the program, else in ../lib/paisano/, and returns its
 * `symbol` (accepted by `ok` when given); exits 2 with every place's reason when none has it. */
static const void *
module_open(const char *suffix, const char *symbol, const char *what,
    gboolean (*ok)(const void *, const char *, GString *))
{
	char *exe = g_file_read_link("/proc/self/exe", NULL), *dir, *base, *paths[2];
	GString *errors = g_string_new(NULL);
	const void *m = NULL;

	if (exe == NULL) {
		fprintf(stderr, "paisano: cannot find the program's own path (/proc/self/exe) to load its %s\n", what);
		exit(2);
	}
	dir = g_path_get_dirname(exe);
	base = g_path_get_basename(exe);
	paths[0] = g_strdup_printf("%s-%s.so", exe, suffix);
	paths[1] = g_strdup_printf("%s/../lib/paisano/%s-%s.so", dir, base, suffix);
	for (guint i = 0; i < G_N_ELEMENTS(paths) && m == NULL; i++) {
		void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);

		if (h == NULL) {
			g_string_append_printf(errors, "\n  %s", dlerror());
			continue;
		}
		m = dlsym(h, symbol);
		if (m == NULL)
			g_string_append_printf(errors, "\n  %s: not a paisano %s (no %s)", paths[i], what, symbol);
		else if (ok != NULL && !ok(m, paths[i], errors))
			m = NULL;
		if (m == NULL)
			dlclose(h);
	}
	if (m == NULL) {
		fprintf(stderr, "paisano: cannot load the %s:%s\n", what, errors->str);
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

const struct render_module *
render_module(void)
{
	if (table == NULL)
		table = module_open("render", RENDER_MODULE_SYMBOL, "rendering module", render_table_ok);
	return table;
}

/* The desk (src/desk/, bin/PROGRAM-desk.so): libsoup, SQLite and libsodium are loaded only by
 * the commands that use them (serve, user).  The module exports one struct of entry points,
 * found with one dlsym. */
#include "desk/entry.h"

const struct desk_module *
desk_module(void)
{
	return module_open("desk", "paisano_desk", "desk module", NULL);
}
