/* main.c: the paisano command line: the table of commands, and one function each that reads
 * its options (the shared ones from opts.c) and calls the stage that does the work.  The
 * commands that lay out pages reach the rendering module through render_module(). */
#include <errno.h>
#include <locale.h>
#include <unistd.h>
#include <string.h>

#include "build.h"
#include "check.h"
#include "desk/entry.h"
#include "diag.h"
#include "diff.h"
#include "edition.h"
#include "guide.h"
#include "heap.h"
#include "i18n.h"
#include "opts.h"
#include "output.h"
#include "pages.h"
#include "proof.h"
#include "publish.h"
#include "signoff.h"
#include "render.h"
#include "stamp.h"
#include "snapshot.h"
#include "source.h"

#define PAISANO_VERSION "0.1.0"

struct command {
	const char	*name;
	const char	*summary;
	int		(*fn)(int, char **);
};

static int cmd_build(int, char **);
static int cmd_check(int, char **);
static int cmd_help(int, char **);
static int cmd_pages(int, char **);
static int cmd_proof(int, char **);
static int cmd_snapshot(int, char **);
static int cmd_diff(int, char **);
static int cmd_publish(int, char **);
static int cmd_stamp(int, char **);
static int cmd_signoff(int, char **);
static int cmd_new_edition(int, char **);
static int cmd_serve(int, char **);
static int cmd_user(int, char **);
static int cmd_desk(int, char **);

static const struct command commands[] = {
	{ "build", N_("check the sources and write every output of an edition to out/EDITION/"), cmd_build },
	{ "check", N_("validate the sources and run the consistency checks"), cmd_check },
	{ "snapshot", N_("write the canonical snapshot of an edition and print its version"), cmd_snapshot },
	{ "diff", N_("list what changed between two editions (text, and an HTML report)"), cmd_diff },
	{ "new-edition", N_("start a season's edition from the previous one and list the work it asks for"), cmd_new_edition },
	{ "publish", N_("record a final, signed-off edition's snapshot in guide-src/published/"), cmd_publish },
	{ "signoff", N_("record that an agency's editor reviewed its content (bound to that content's hash)"), cmd_signoff },
	{ "proof", N_("PNG proofs of the pages where one agency's content lands"), cmd_proof },
	{ "stamp", N_("record in es-hash that English translations were reviewed against the Spanish"), cmd_stamp },
	{ "pages", N_("lay out an edition and print its pages as text (the layout's regression view)"), cmd_pages },
	{ "serve", N_("the editors' desk: a web service to submit, check, proof and sign off sections"), cmd_serve },
	{ "user", N_("the desk's accounts: user add LOGIN --role ROLE [--agency ID], list, disable LOGIN"), cmd_user },
	{ "desk", N_("the desk's data: desk backup FILE, a consistent copy of its database while it runs"), cmd_desk },
	{ "help", N_("show help for a command: paisano help COMMAND"), cmd_help },
};

static void
usage(FILE *fp)
{
	fputs(_("usage: paisano COMMAND [OPTIONS] [ARGS]\n\ncommands:\n"), fp);
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\nRun 'paisano COMMAND --help' or 'paisano help COMMAND' for a command's options.\n"
	    "Run paisano from the top of the repository, where guide-src/ is, or give --src DIR.\n"
	    "Exit status: 0 done (warnings allowed), 1 errors in the sources, 2 could not run.\n"), fp);
}

static int
cmd_build(int argc, char **argv)
{
	char *only = NULL, *snapshot = NULL;
	gboolean impose = FALSE;
	const GOptionEntry entries[] = {
		{ "snapshot", 0, 0, G_OPTION_ARG_FILENAME, &snapshot,
		  N_("Rebuild from this snapshot (e.g. guide-src/published/ID.model.xml) instead of the sources"), N_("FILE") },
		{ "only", 0, 0, G_OPTION_ARG_STRING, &only, N_("Only these outputs: print, screen, html (comma-separated)"), N_("LIST") },
		{ "impose", 0, 0, G_OPTION_ARG_NONE, &impose, N_("Also write EDITION-imposed.pdf, printer's spreads for saddle stitching"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("The edition to build (default: the newest)"), NULL },
		{ OPT_LANG, N_("es, en or all: the languages to write (default: all the edition is published in)"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_LANG | OPT_OUTPUT | OPT_SRC | OPT_TEMPLATES |
	    OPT_QUIET | OPT_VERBOSE | OPT_JOBS, help, entries, "",
	    N_("Checks the sources (and writes nothing if they have errors), compiles the edition, and\n"
	    "writes its outputs to out/EDITION/: in Spanish EDITION-print.pdf, EDITION-screen.pdf and\n"
	    "html/; in English (languages=\"es en\" in its manifest) EDITION-en-print.pdf,\n"
	    "EDITION-en-screen.pdf and html-en/; the snapshot EDITION.model.xml and manifest.json\n"
	    "(version, content hash, every file with its size and SHA-256, time per stage).  Every\n"
	    "file is complete or absent: an interrupted build leaves the previous outputs as they were."));
	struct build_opts o = { 0 };
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	output_recover(op.output != NULL ? op.output : OPTS_OUTPUT);	/* even when the build stops early */
	if (argc > 1) {
		fprintf(stderr, _("paisano: build takes no arguments (use --edition or --snapshot)\n"));
		goto out;
	}
	if (op.edition != NULL && snapshot != NULL) {
		fprintf(stderr, _("paisano: give --edition or --snapshot, not both\n"));
		goto out;
	}
	if (op.lang != NULL && strcmp(op.lang, "all") != 0) {
		enum lang l;

		if (!opts_lang(&op, LANG_ES, &l))
			goto out;
		o.langs = 1u << l;
	}
	o.outputs = OUT_PRINT | OUT_SCREEN | OUT_HTML;
	if (only != NULL && (o.outputs = render_module()->build_parse_outputs(only)) == 0)
		goto out;
	if (impose)
		o.outputs |= OUT_IMPOSED;
	o.src_root = opts_src(&op);
	o.templates = opts_templates(&op);
	o.edition = op.edition;
	o.snapshot = snapshot;
	o.outdir = op.output != NULL ? op.output : OPTS_OUTPUT;
	o.verbosity = op.quiet ? -1 : op.verbose ? 1 : 0;
	o.progress = isatty(fileno(stderr));
	o.jobs = op.jobs;
	/* The agency files are read on the other core while this one loads the rendering module
	 * (about 30 libraries: some 7 ms) */
	if (snapshot == NULL)
		guide_prefetch_begin(o.src_root);
	rc = render_module()->build_run(&o);
	guide_prefetch_drop();
out:
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(only);
	g_free(snapshot);
	return rc;
}

static int
cmd_stamp(int argc, char **argv)
{
	gboolean update = FALSE, dry_run = FALSE;
	const GOptionEntry entries[] = {
		{ "update", 'u', 0, G_OPTION_ARG_NONE, &update,
		  N_("Also re-stamp translations whose Spanish changed (once their English is up to date)"), NULL },
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what would be stamped; write nothing"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("An edition published in English (default: the newest)"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_SRC, help, entries, N_("[FILE...]"),
	    N_("Writes es-hash=\"...\" on every English <text xml:lang=\"en\"> of the FILEs (default: every\n"
	    "source) that has none: the hash of the Spanish text beside it, which says \"this\n"
	    "translation was checked against this Spanish\".  Run it after reviewing the translations;\n"
	    "when the Spanish later changes, paisano check reports the translation as out of date until\n"
	    "its English is updated and it is stamped again with --update.  Only the attribute is\n"
	    "written; the rest of each file stays byte for byte."));
	struct stamp_opts o = { 0 };
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	o.src_root = opts_src(&op);
	o.edition = op.edition;
	o.files = argc > 1 ? argv + 1 : NULL;
	o.update = update;
	o.dry_run = dry_run;
	rc = stamp_run(&o);
out:
	g_option_context_free(ctx);
	opts_free(&op);
	return rc;
}

static int
cmd_proof(int argc, char **argv)
{
	char *agency = NULL;
	double dpi = 150;
	gboolean watch = FALSE;
	enum lang lang;
	const GOptionEntry entries[] = {
		{ "agency", 'a', 0, G_OPTION_ARG_STRING, &agency,
		  N_("The agency (its file's name: anam for guide-src/agencies/anam.xml); required"), N_("ID") },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution of the pictures (default 150)"), N_("N") },
		{ "watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
		  N_("Stay running and proof again at every change of the sources or templates (Ctrl-C stops)"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_LANG, N_("The language of the pages: es (default) or en"), NULL },
		{ OPT_OUTPUT, N_("Write the PNGs to DIR (default: out/proofs/AGENCY, or AGENCY-en in English)"), NULL },
		{ OPT_JOBS, N_("Threads painting the pictures (default: one per core, at most 4)"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_LANG | OPT_OUTPUT | OPT_JOBS | OPT_SRC |
	    OPT_TEMPLATES | OPT_QUIET, help, entries, "",
	    N_("Renders the pages where one agency's content lands as PNG pictures, with that agency's\n"
	    "blocks outlined and labelled with their source file:line, plus AGENCY-contact-sheet.png.\n"
	    "The previous proofs in the directory are replaced; the pictures that did not change are\n"
	    "taken from them rather than painted again.  Refuses when the sources have errors\n"
	    "(paisano check lists them).  With --watch it stays running and proofs again each time\n"
	    "a file under the source tree's agencies/, editions/ or images/, or the templates,\n"
	    "changes: saving the file is enough to see the new proofs."));
	struct proof_opts o = { 0 };
	char *defdir = NULL;
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv) || !opts_lang(&op, LANG_ES, &lang))
		goto out;
	if (agency == NULL || argc > 1) {
		fprintf(stderr, _("paisano: proof needs --agency ID (and no other arguments)\n"));
		goto out;
	}
	if (dpi < 20 || dpi > 1200) {
		fprintf(stderr, _("paisano: --dpi must be between 20 and 1200\n"));
		goto out;
	}
	defdir = lang == LANG_ES ? g_build_filename(OPTS_OUTPUT, "proofs", agency, NULL) :
	    g_strdup_printf(OPTS_OUTPUT "/proofs/%s-%s", agency, model_lang_code(lang));
	o.lang = lang;
	o.src_root = opts_src(&op);
	o.templates = opts_templates(&op);
	o.edition = op.edition;
	o.agency = agency;
	o.outdir = op.output != NULL ? op.output : defdir;
	o.dpi = dpi;
	o.jobs = op.jobs;
	o.quiet = op.quiet;
	rc = watch ? render_module()->proof_watch(&o) : render_module()->proof_run(&o);
out:
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(agency);
	g_free(defdir);
	return rc;
}

/* check --help's list of the checks, from the check table, wrapped. */
static char *
check_description(void)
{
	GString *s = g_string_new(_("Checks:"));
	gsize line = 0;

	for (const char *const *n = check_names(); *n != NULL; n++) {
		if (s->len - line + strlen(*n) + 2 > 92) {
			g_string_append_c(s, '\n');
			line = s->len;
		} else
			g_string_append_c(s, ' ');
		g_string_append_printf(s, "%s%s", *n, n[1] != NULL ? "," : "");
	}
	g_string_append(s, _(".\nREADME.md and paisano(1) explain each.\n"
	    "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not run."));
	return g_string_free(s, FALSE);
}

static int
cmd_check(int argc, char **argv)
{
	char *format = NULL, *description;
	gboolean list = FALSE;
	const GOptionEntry entries[] = {
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or json"), N_("FORMAT") },
		{ "list-checks", 0, 0, G_OPTION_ARG_NONE, &list, N_("Print the names of the checks, one a line, and exit"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("Check this edition (a file name in guide-src/editions without .xml); default: the newest"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_SRC, help, entries, N_("[FILE...]"),
	    N_("Validates the guide sources against the schema and runs the consistency checks for one\n"
	    "edition.  With FILEs, reports only on those files (an agency file given here replaces\n"
	    "the tree's file with the same id; an edition manifest becomes the edition checked).\n"
	    "Messages read  file:line:col: error|warning: text [check-name]."));
	struct diag_list *dl = diag_list_new();
	struct guide g;
	struct check_opts opts = { 0 };
	GError *err = NULL;
	gboolean json;
	int rc = 2;

	description = check_description();
	g_option_context_set_description(ctx, description);
	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	if (list) {
		for (const char *const *n = check_names(); *n != NULL; n++)
			printf("%s\n", *n);
		rc = 0;
		goto out;
	}
	if (format != NULL && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		fprintf(stderr, _("paisano: --format must be text or json, not \"%s\"\n"), format);
		goto out;
	}
	json = format != NULL && strcmp(format, "json") == 0;
	if ((rc = guide_open(&g, opts_src(&op), op.edition, argc > 1 ? argv + 1 : NULL, dl, &err)) != 0) {
		/* a JSON reader gets a JSON document in every case, the person the message */
		if (json)
			diag_print_json(dl, stdout, 0, err->message);
		guide_print_error(&g, dl, err, stderr);
		g_error_free(err);
		guide_close(&g);
		goto out;
	}
	opts.src_root = g.root;
	if (g_hash_table_size(g.named) > 0)
		opts.only_files = g.named;
	check_model(g.model, &opts, dl);
	if (g_hash_table_size(g.named) > 0)
		diag_keep_files(dl, g.named);
	diag_sort(dl);
	{
		guint files = g_hash_table_size(g.named) > 0 ? g_hash_table_size(g.named) : g.files->len;

		if (json)
			diag_print_json(dl, stdout, files, NULL);
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
	opts_free(&op);
	g_free(format);
	g_free(description);
	return rc;
}

/* The laid-out pages as text: the regression view of the layout. */
static int
cmd_pages(int argc, char **argv)
{
	char *tpl = NULL, *png = NULL, *hyph = NULL, *tpath = NULL;
	gboolean timing = FALSE, feet = FALSE;
	enum lang lang;
	const GOptionEntry entries[] = {
		{ "template", 't', 0, G_OPTION_ARG_FILENAME, &tpl,
		  N_("The page design, instead of DIR/booklet.xml of --templates (deprecated)"), N_("FILE") },
		{ "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("Also paint every page as DIR/page-NNN.png (debug proofs)"), N_("DIR") },
		{ "hyphenate", 0, 0, G_OPTION_ARG_STRING, &hyph, N_("Only print TEXT with its hyphenation points"), N_("TEXT") },
		{ "time", 0, 0, G_OPTION_ARG_NONE, &timing, N_("Print the layout time after the pages"), NULL },
		{ "feet", 0, 0, G_OPTION_ARG_NONE, &feet, N_("Print where each page's text ends after the pages"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_LANG | OPT_SRC | OPT_TEMPLATES | OPT_JOBS, NULL, entries, "",
	    N_("Lays out an edition and prints its pages: a line per page, then each text line with its\n"
	    "baseline, extent, source block and words, and the links; \"N pages\" at the end."));
	struct pages_opts o = { 0 };
	int rc = 2;

	if (opts_parse(ctx, &op, &argc, &argv) && opts_lang(&op, LANG_ES, &lang)) {
		tpath = tpl != NULL ? g_strdup(tpl) : g_build_filename(opts_templates(&op), "booklet.xml", NULL);
		o.src_root = opts_src(&op);
		o.template = tpath;
		o.edition = op.edition;
		o.lang = lang;
		o.png = png;
		o.hyphenate = hyph;
		o.timing = timing;
		o.feet = feet;
		o.jobs = op.jobs;
		rc = render_module()->pages_run(&o);
	}
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(tpl);
	g_free(tpath);
	g_free(png);
	g_free(hyph);
	return rc;
}

static int
cmd_snapshot(int argc, char **argv)
{
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("The edition (an id, or a snapshot file to re-read); default: the newest"), NULL },
		{ OPT_OUTPUT, N_("Write the snapshot to FILE (default: standard output)"), N_("FILE") },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_SRC | OPT_OUTPUT, help, NULL, "",
	    N_("Compiles an edition and writes its snapshot: one canonical XML file with everything the\n"
	    "edition prints (season variants resolved, one value per fact).  Its SHA-256 is the\n"
	    "edition's content hash; the version string \"<edition> r<revision> <hash>\" goes to\n"
	    "standard error.  Refuses when the sources have errors."));
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	const char *output;
	GError *err = NULL;
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	output = op.output;
	if (argc > 1) {
		fprintf(stderr, _("paisano: snapshot takes no arguments (use --edition)\n"));
		goto out;
	}
	if ((rc = guide_edition(&g, opts_src(&op), op.edition, dl, &err)) != 0) {
		guide_print_error(&g, dl, err, stderr);
		goto done;
	}
	if (output != NULL) {
		if (!snapshot_save(g.model, output, &err)) {
			fprintf(stderr, _("paisano: cannot write %s: %s\n"), output, err->message);
			rc = 2;
			goto done;
		}
	} else {
		gsize len;
		char *bytes = snapshot_write(g.model, &len);

		fwrite(bytes, 1, len, stdout);
		g_free(bytes);
	}
	fprintf(stderr, "%s\n", g.model->edition->version);
done:
	guide_close(&g);
out:
	g_clear_error(&err);
	diag_list_free(dl);
	g_option_context_free(ctx);
	opts_free(&op);
	return rc;
}

/* An edition named on the command line: a snapshot file, the published snapshot of an id, or
 * the id compiled from the sources. */
static int
open_named(struct guide *g, const char *src, const char *name, struct diag_list *dl)
{
	char *published = g_strdup_printf("%s/published/%s.model.xml", src, name);
	GError *err = NULL;
	int rc;

	if (guide_is_snapshot_path(name) || g_file_test(name, G_FILE_TEST_IS_REGULAR))
		rc = guide_edition(g, src, name, dl, &err);
	else
		rc = guide_edition(g, src, g_file_test(published, G_FILE_TEST_IS_REGULAR) ? published : name, dl, &err);
	if (rc != 0)
		guide_print_error(g, dl, err, stderr);
	g_clear_error(&err);
	g_free(published);
	return rc;
}

static int
cmd_diff(int argc, char **argv)
{
	char *html = NULL, *color = NULL;
	const GOptionEntry entries[] = {
		{ "html", 0, 0, G_OPTION_ARG_FILENAME, &html, N_("Also write the report as HTML to FILE (e.g. changes.html)"), N_("FILE") },
		{ "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Colour the terminal output: auto (default), always, never"), N_("WHEN") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_SRC, NULL, entries, N_("OLD NEW"),
	    N_("Lists, per agency and section, what changed from edition OLD to edition NEW: fact values,\n"
	    "paragraphs (word by word: [-removed-] {+added+}), sections added, removed or moved.\n"
	    "OLD and NEW are edition ids or snapshot files (.model.xml).  An id whose snapshot is in\n"
	    "guide-src/published/ is read from that snapshot (what was printed); otherwise from the\n"
	    "sources.  Exit status 0 whether or not there are changes; 1 errors in the sources; 2 could\n"
	    "not run."));
	struct diag_list *dl = diag_list_new();
	struct guide og = { 0 }, ng = { 0 };
	struct diff *d = NULL;
	int rc = 2;
	gboolean colored;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	if (argc != 3) {
		fprintf(stderr, _("paisano: diff needs two editions: paisano diff OLD NEW\n"));
		goto out;
	}
	if (color != NULL && strcmp(color, "auto") != 0 && strcmp(color, "always") != 0 && strcmp(color, "never") != 0) {
		fprintf(stderr, _("paisano: --color must be auto, always or never\n"));
		goto out;
	}
	if ((rc = open_named(&og, opts_src(&op), argv[1], dl)) != 0 ||
	    (rc = open_named(&ng, opts_src(&op), argv[2], dl)) != 0)
		goto done;
	d = diff_models(og.model, ng.model);
	colored = color != NULL && strcmp(color, "always") == 0 ? TRUE :
	    color != NULL && strcmp(color, "never") == 0 ? FALSE :
	    isatty(fileno(stdout)) && g_getenv("NO_COLOR") == NULL;
	diff_print(d, stdout, colored);
	if (html != NULL) {
		GError *err = NULL;

		if (!diff_write_html(d, html, &err)) {
			fprintf(stderr, _("paisano: cannot write %s: %s\n"), html, err->message);
			g_error_free(err);
			rc = 2;
		}
	}
done:
	diff_free(d);
	guide_close(&og);
	guide_close(&ng);
out:
	diag_list_free(dl);
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(html);
	g_free(color);
	return rc;
}

static int
cmd_publish(int argc, char **argv)
{
	char *by = NULL;
	const GOptionEntry entries[] = {
		{ "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who publishes, for guide-src/published/log.tsv (default: $USER)"), N_("NAME") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("The edition to publish (required)"), NULL },
		{ OPT_OUTPUT, N_("Build the outputs into DIR/EDITION/ (default: out)"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_SRC | OPT_OUTPUT | OPT_TEMPLATES, help, entries, "",
	    N_("Publishes an edition: refuses (exit 1, with the reasons, before building or writing\n"
	    "anything) unless the edition is final, has no check errors, every agency with content in it\n"
	    "signed off exactly its current content (paisano signoff), and the snapshot already in\n"
	    "guide-src/published/ is the one log.tsv records; otherwise builds every output (as paisano\n"
	    "build), writes the snapshot to guide-src/published/ID.model.xml and records the revision,\n"
	    "content hash, date, when (UTC) and by whom in guide-src/published/log.tsv: both or neither,\n"
	    "even if killed (the next publish finishes or undoes an interrupted one).  Publishing\n"
	    "unchanged sources again changes nothing; a published revision is never overwritten with\n"
	    "different content (raise the revision)."));
	struct publish_opts o = { 0 };
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	if (op.edition == NULL || argc > 1) {
		fprintf(stderr, _("paisano: publish needs --edition ID (and no other arguments)\n"));
		goto out;
	}
	o.src_root = opts_src(&op);
	o.edition = op.edition;
	o.outdir = op.output != NULL ? op.output : OPTS_OUTPUT;
	o.templates = opts_templates(&op);
	o.by = by != NULL ? by : g_getenv("USER") != NULL ? g_getenv("USER") : g_get_user_name();
	o.build = render_module()->build_run;
	rc = publish_run(&o);
out:
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(by);
	return rc;
}

static int
cmd_signoff(int argc, char **argv)
{
	char *agency = NULL, *editor = NULL, *date = NULL;
	gboolean show = FALSE;
	const GOptionEntry entries[] = {
		{ "agency", 'a', 0, G_OPTION_ARG_STRING, &agency, N_("The agency signing off (required)"), N_("ID") },
		{ "editor", 0, 0, G_OPTION_ARG_STRING, &editor, N_("The editor who reviewed it (required to record)"), N_("NAME") },
		{ "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day of the review (default: today, UTC)"), N_("YYYY-MM-DD") },
		{ "show", 0, 0, G_OPTION_ARG_NONE, &show, N_("Record nothing: say whether the agency changed since its sign-off, and what"), NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct opt_help help[] = {
		{ OPT_EDITION, N_("The edition (required)"), NULL },
		{ 0, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_EDITION | OPT_SRC, help, entries, "",
	    N_("Records in the edition manifest that the agency's editor reviewed what the edition prints\n"
	    "of it: <signoff agency= editor= date= revision= sha256=/>, where sha256 is the hash of the\n"
	    "agency's part of the canonical model (its sections, facts and contacts in every language,\n"
	    "and the bytes of its images).  The edition as signed off is kept in\n"
	    "guide-src/signoffs/EDITION/.  Any later change to that part makes the sign-off stale:\n"
	    "paisano check says what changed, and publish refuses until the editor signs off again.\n"
	    "Only the <signoff> element of the manifest changes.  Refuses when the agency's file has errors."));
	struct signoff_opts o = { 0 };
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	if (op.edition == NULL || agency == NULL || (editor == NULL && !show) || argc > 1) {
		fprintf(stderr, _("paisano: signoff needs --edition ID --agency ID --editor \"NAME\" (and no other arguments)\n"));
		goto out;
	}
	o.src_root = opts_src(&op);
	o.edition = op.edition;
	o.agency = agency;
	o.editor = editor;
	o.date = date;
	o.show = show;
	rc = signoff_run(&o);
out:
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(agency);
	g_free(editor);
	g_free(date);
	return rc;
}

/* The desk's commands live in bin/paisano-desk.so (src/desk/), loaded by src/module.c. */
static int
cmd_serve(int argc, char **argv)
{
	return desk_module()->serve(argc, argv);
}

static int
cmd_user(int argc, char **argv)
{
	return desk_module()->user(argc, argv);
}

static int
cmd_desk(int argc, char **argv)
{
	return desk_module()->desk(argc, argv);
}

static int
cmd_new_edition(int argc, char **argv)
{
	char *from = NULL, *season = NULL, *operation = NULL, *date = NULL;
	const GOptionEntry entries[] = {
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The previous edition, whose contents it starts with (required)"), N_("ID") },
		{ "season", 0, 0, G_OPTION_ARG_STRING, &season, N_("semana-santa, verano or invierno (required)"), N_("SEASON") },
		{ "operation", 0, 0, G_OPTION_ARG_STRING, &operation, N_("The operation's dates (required)"), N_("START..END") },
		{ "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The edition's date (default: today)"), N_("YYYY-MM-DD") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	struct opts op;
	GOptionContext *ctx = opts_context(&op, OPT_SRC, NULL, entries, N_("ID"),
	    N_("Writes guide-src/editions/ID.xml: revision 1, a draft, previous= the --from edition, the\n"
	    "season's title in each of its languages, the operation's dates, its contents, no sign-offs.\n"
	    "Refuses (exit 1) an ID that exists.  Then prints, per agency, what the new edition asks for\n"
	    "(paisano check goes on reporting each until it is done)."));
	struct edition_new_opts o = { 0 };
	int rc = 2;

	if (!opts_parse(ctx, &op, &argc, &argv))
		goto out;
	if (argc != 2 || from == NULL || season == NULL || operation == NULL) {
		fprintf(stderr, _("paisano: new-edition needs ID --from PREVIOUS --season SEASON --operation START..END\n"));
		goto out;
	}
	o.src_root = opts_src(&op);
	o.id = argv[1];
	o.from = from;
	o.season = season;
	o.operation = operation;
	o.date = date;
	rc = edition_new(&o, stdout);
out:
	g_option_context_free(ctx);
	opts_free(&op);
	g_free(from);
	g_free(season);
	g_free(operation);
	g_free(date);
	return rc;
}

static int
cmd_help(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0 && commands[i].fn != cmd_help) {
			char *args[] = { argv[1], (char *)"--help", NULL };

			return commands[i].fn(2, args);
		}
	fprintf(stderr, _("paisano: no command \"%s\"\n"), argv[1]);
	usage(stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	int rc;

	heap_init();
	i18n_init(argc > 1 && strcmp(argv[1], "serve") == 0);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf(_("paisano %s\n"), PAISANO_VERSION);
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
	fprintf(stderr, _("paisano: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	src_cleanup();
	return 2;
}
