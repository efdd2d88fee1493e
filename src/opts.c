/* opts.c: the options every command shares, and where the program finds its data. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "datadir.h"
#include "i18n.h"
#include "opts.h"

/* The shared options: each declared, and its default said, here only. */
static const struct shared {
	guint		 which;
	GOptionEntry	 entry;		/* arg_data is set per parse (see opts_context) */
} shared[] = {
	{ OPT_EDITION, { "edition", 'e', 0, G_OPTION_ARG_STRING, NULL, N_("The edition (default: the newest)"), N_("ID") } },
	{ OPT_LANG, { "lang", 'l', 0, G_OPTION_ARG_STRING, NULL, N_("The language: es (default) or en"), N_("LANG") } },
	{ OPT_OUTPUT, { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL, N_("Write to DIR/EDITION/ (default: out)"), N_("DIR") } },
	{ OPT_SRC, { "src", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The source tree (default: guide-src)"), N_("DIR") } },
	{ OPT_TEMPLATES, { "templates", 0, 0, G_OPTION_ARG_FILENAME, NULL,
	    N_("The templates (default: ./templates, else the installed ones: see paisano(1))"), N_("DIR") } },
	{ OPT_QUIET, { "quiet", 'q', 0, G_OPTION_ARG_NONE, NULL, N_("Print only errors"), NULL } },
	{ OPT_VERBOSE, { "verbose", 'v', 0, G_OPTION_ARG_NONE, NULL,
	    N_("Print every stage as it runs, even when not on a terminal"), NULL } },
	{ OPT_JOBS, { "jobs", 'j', 0, G_OPTION_ARG_STRING, NULL, N_("Threads to use (default: one per core, at most 4)"), N_("N") } },
};

static void *
slot(struct opts *o, guint which)
{
	switch (which) {
	case OPT_SRC: return &o->src;
	case OPT_EDITION: return &o->edition;
	case OPT_LANG: return &o->lang;
	case OPT_TEMPLATES: return &o->templates;
	case OPT_OUTPUT: return &o->output;
	case OPT_QUIET: return &o->quiet;
	case OPT_VERBOSE: return &o->verbose;
	case OPT_JOBS: return &o->jobs_arg;
	}
	return NULL;
}

GOptionContext *
opts_context(struct opts *o, guint which, const struct opt_help *help, const GOptionEntry *entries,
    const char *params, const char *summary)
{
	GOptionContext *ctx = g_option_context_new(params);
	GArray *all = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));

	memset(o, 0, sizeof(*o));
	o->takes_jobs = (which & OPT_JOBS) != 0;
	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	/* The command's own options first, then the shared ones, as --help lists them. */
	for (const GOptionEntry *e = entries; e != NULL && e->long_name != NULL; e++)
		g_array_append_val(all, *e);
	for (guint i = 0; i < G_N_ELEMENTS(shared); i++) {
		GOptionEntry e = shared[i].entry;

		if (!(which & shared[i].which))
			continue;
		e.arg_data = slot(o, shared[i].which);
		for (const struct opt_help *h = help; h != NULL && h->which != 0; h++)
			if (h->which == shared[i].which) {
				e.description = h->help;
				if (h->arg != NULL)
					e.arg_description = h->arg;
			}
		g_array_append_val(all, e);
	}
	if (summary != NULL)
		g_option_context_set_summary(ctx, summary);
	/* GLib copies the entries (not the strings, which are static). */
	g_option_context_add_main_entries(ctx, (const GOptionEntry *)(void *)all->data, NULL);
	g_array_free(all, TRUE);
	return ctx;
}

gboolean
opts_parse(GOptionContext *ctx, struct opts *o, int *argc, char ***argv)
{
	GError *err = NULL;

	/* -j4, written as for make: GOption reads a short option's value only from the next
	 * argument (it took "-o" after "-j1" for the number), so -jN is read here and taken out. */
	for (int i = 1; o->takes_jobs && i < *argc && strcmp((*argv)[i], "--") != 0; ) {
		const char *a = (*argv)[i];

		if (a[0] != '-' || a[1] != 'j' || a[2] == '\0') {
			i++;
			continue;
		}
		g_free(o->jobs_word);
		o->jobs_word = g_strdup(a + 2);
		memmove(*argv + i, *argv + i + 1, (size_t)(*argc - i) * sizeof(char *));	/* with the NULL after */
		(*argc)--;
	}
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, _("paisano: %s\n(run with --help for the options)\n"), err->message);
		g_error_free(err);
		return FALSE;
	}
	/* The number read here, not by GOption, whose message for "-j4x" or "--jobs=two" named
	 * neither the option's range nor, for -j4x, the value ("Missing argument for -j"). */
	if (o->jobs_arg != NULL || o->jobs_word != NULL) {
		const char *v = o->jobs_arg != NULL ? o->jobs_arg : o->jobs_word;	/* -j N over -jN */
		char *end;
		long n;

		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 64) {
			fprintf(stderr, _("paisano: --jobs takes a number of threads from 1 to 64, not %s\n"), v);
			return FALSE;
		}
		o->jobs = (int)n;
	}
	return TRUE;
}

gboolean
opts_lang(const struct opts *o, enum lang def, enum lang *l)
{
	*l = def;
	if (o->lang == NULL || model_lang_parse(o->lang, l))
		return TRUE;
	fprintf(stderr, _("paisano: unknown language \"%s\": use es (Spanish) or en (English)\n"), o->lang);
	return FALSE;
}

const char *
opts_src(const struct opts *o)
{
	return o->src != NULL ? o->src : OPTS_SRC;
}

/* DIR/templates when DIR has one; newly allocated, or NULL. */
static char *
templates_in(const char *dir)
{
	char *t = g_build_filename(dir, "templates", NULL);

	if (g_file_test(t, G_FILE_TEST_IS_DIR))
		return t;
	g_free(t);
	return NULL;
}

const char *
opts_templates(struct opts *o)
{
	const char *env = g_getenv("PAISANO_DATADIR");
	char *exe, *dir;

	if (o->templates != NULL)
		return o->templates;
	if (o->found_templates != NULL)
		return o->found_templates;
	if (env != NULL && *env != '\0')
		o->found_templates = g_build_filename(env, "templates", NULL);
	else if (g_file_test("templates", G_FILE_TEST_IS_DIR))
		o->found_templates = g_strdup("templates");
	else if ((exe = g_file_read_link("/proc/self/exe", NULL)) != NULL) {
		/* PREFIX/bin/paisano -> PREFIX/share/paisano, wherever PREFIX was moved (DESTDIR) */
		char *bin = g_path_get_dirname(exe);

		dir = g_canonicalize_filename("../share/paisano", bin);
		o->found_templates = templates_in(dir);
		g_free(dir);
		g_free(bin);
		g_free(exe);
	}
	if (o->found_templates == NULL)
		o->found_templates = g_build_filename(PAISANO_DATADIR, "templates", NULL);
	return o->found_templates;
}

void
opts_free(struct opts *o)
{
	g_free(o->src);
	g_free(o->edition);
	g_free(o->lang);
	g_free(o->templates);
	g_free(o->output);
	g_free(o->found_templates);
	g_free(o->jobs_arg);
	g_free(o->jobs_word);
	memset(o, 0, sizeof(*o));
}
