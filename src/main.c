/* main.c: the paisano command line. */
#include <locale.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "guide.h"
#include "source.h"

#define PAISANO_VERSION "0.1.0"

struct command {
	const char	*name;
	const char	*summary;
	int		(*fn)(int, char **);
};

static int cmd_check(int, char **);
static int cmd_help(int, char **);

static const struct command commands[] = {
	{ "check", "validate the sources and run the consistency checks", cmd_check },
	{ "help", "show help for a command: paisano help COMMAND", cmd_help },
};

static void
usage(FILE *fp)
{
	fputs("usage: paisano COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", fp);
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'paisano COMMAND --help' or 'paisano help COMMAND' for a command's options.\n"
	    "Run paisano from the top of the repository, where guide-src/ is, or give --src DIR.\n"
	    "Exit status: 0 done (warnings allowed), 1 errors in the sources, 2 could not run.\n", fp);
}

/* Parse a command's options; returns FALSE after printing the problem (exit 2). */
static gboolean
parse_options(GOptionContext *ctx, int *argc, char ***argv)
{
	GError *err = NULL;

	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "paisano: %s\n(run with --help for the options)\n", err->message);
		g_error_free(err);
		return FALSE;
	}
	return TRUE;
}

static int
cmd_check(int argc, char **argv)
{
	char *edition = NULL, *format = NULL, *src = NULL;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition,
		  "Check this edition (a file name in guide-src/editions without .xml); default: the newest", "ID" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: text (default) or json", "FORMAT" },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[FILE...]");
	struct diag_list *dl = diag_list_new();
	struct guide g;
	struct check_opts opts;
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Validates the guide sources against the schema and runs the consistency checks for one\n"
	    "edition.  With FILEs, reports only on those files (an agency file given here replaces\n"
	    "the tree's file with the same id; an edition manifest becomes the edition checked).\n"
	    "Messages read  file:line:col: error|warning: text [check-name].");
	g_option_context_set_description(ctx,
	    "Checks: xml, schema, ids, literal-facts, phone-numbers, urls, validity, sign-off,\n"
	    "spanish-text, images, agency-names, required-content (README.md explains each).\n"
	    "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not run.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	if (format != NULL && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		fprintf(stderr, "paisano: --format must be text or json, not \"%s\"\n", format);
		goto out;
	}
	if ((rc = guide_open(&g, src != NULL ? src : "guide-src", edition, argc > 1 ? argv + 1 : NULL, dl)) != 0) {
		guide_close(&g);
		goto out;
	}
	opts.src_root = g.root;
	check_model(g.model, &opts, dl);
	if (g_hash_table_size(g.named) > 0)
		diag_keep_files(dl, g.named);
	diag_sort(dl);
	{
		guint files = g_hash_table_size(g.named) > 0 ? g_hash_table_size(g.named) : g.files->len;

		if (format != NULL && strcmp(format, "json") == 0)
			diag_print_json(dl, stdout, files);
		else {
			diag_print_text(dl, stdout);
			diag_print_summary(dl, stdout, files);
		}
	}
	rc = diag_worst(dl) == DIAG_ERROR ? 1 : 0;
	guide_close(&g);
out:
	diag_list_free(dl);
	g_option_context_free(ctx);
	g_free(edition);
	g_free(format);
	g_free(src);
	return rc;
}

static int
cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0 && commands[i].fn != cmd_help) {
			char *args[] = { argv[1], (char *)"--help", NULL };

			return commands[i].fn(2, args);
		}
	fprintf(stderr, "paisano: no command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	int rc;

	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("paisano %s\n", PAISANO_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	src_init();
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			rc = commands[i].fn(argc - 1, argv + 1);
			src_cleanup();
			return rc;
		}
	fprintf(stderr, "paisano: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	src_cleanup();
	return 2;
}
