/* main.c: the paisano command line. */
#include <errno.h>
#include <locale.h>
#include <unistd.h>
#include <string.h>

#include "build.h"
#include "check.h"
#include "diag.h"
#include "diff.h"
#include "guide.h"
#include "heap.h"
#include "output.h"
#include "pages.h"
#include "proof.h"
#include "publish.h"
#include "render.h"
#include "signoff.h"
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
static int cmd_signoff(int, char **);
static int cmd_stamp(int, char **);

static const struct command commands[] = {
	{ "build", "check the sources and write every output of an edition to out/EDITION/", cmd_build },
	{ "check", "validate the sources and run the consistency checks", cmd_check },
	{ "snapshot", "write the canonical snapshot of an edition and print its version", cmd_snapshot },
	{ "diff", "list what changed between two editions (text, and an HTML report)", cmd_diff },
	{ "publish", "record a final, signed-off edition's snapshot in guide-src/published/", cmd_publish },
	{ "signoff", "record that an agency's editor reviewed its content (bound to that content's hash)", cmd_signoff },
	{ "proof", "PNG proofs of the pages where one agency's content lands", cmd_proof },
	{ "stamp", "record in es-hash that English translations were reviewed against the Spanish", cmd_stamp },
	{ "pages", "lay out an edition and print its pages as text (the layout's regression view)", cmd_pages },
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

/* --lang: one language; TRUE when absent (the default stays). */
static gboolean
parse_lang(const char *s, enum lang *l)
{
	if (s == NULL || model_lang_parse(s, l))
		return TRUE;
	fprintf(stderr, "paisano: unknown language \"%s\": use es (Spanish) or en (English)\n", s);
	return FALSE;
}

/* --jobs N: 0 is the default (one thread per core). */
static gboolean
jobs_ok(int jobs)
{
	if (jobs >= 0 && jobs <= 64)
		return TRUE;
	fprintf(stderr, "paisano: --jobs takes a number of threads from 1 to 64, not %d\n", jobs);
	return FALSE;
}

static int
cmd_build(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *outdir = NULL, *only = NULL, *snapshot = NULL, *templates = NULL;
	char *lang_s = NULL;
	gboolean quiet = FALSE, verbose = FALSE, impose = FALSE;
	int jobs = 0;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition, "The edition to build (default: the newest)", "ID" },
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_s,
		  "es, en or all: the languages to write (default: all the edition is published in)", "LANG" },
		{ "snapshot", 0, 0, G_OPTION_ARG_FILENAME, &snapshot,
		  "Rebuild from this snapshot (e.g. guide-src/published/ID.model.xml) instead of the sources", "FILE" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "Write to DIR/EDITION/ (default: out)", "DIR" },
		{ "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only these outputs: print, screen, html (comma-separated)", "LIST" },
		{ "impose", 0, 0, G_OPTION_ARG_NONE, &impose, "Also write EDITION-imposed.pdf, printer's spreads for saddle stitching", NULL },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "The templates (default: templates)", "DIR" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Print every stage as it runs, even when not on a terminal", NULL },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads to use (default: one per core, at most 4)", "N" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct build_opts o = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Checks the sources (and writes nothing if they have errors), compiles the edition, and\n"
	    "writes its outputs to out/EDITION/: in Spanish EDITION-print.pdf, EDITION-screen.pdf and\n"
	    "html/; in English (languages=\"es en\" in its manifest) EDITION-en-print.pdf,\n"
	    "EDITION-en-screen.pdf and html-en/; the snapshot EDITION.model.xml and manifest.json\n"
	    "(version, content hash, every file with its size and SHA-256, time per stage).  Every\n"
	    "file is complete or absent: an interrupted build leaves the previous outputs as they were.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	output_recover(outdir != NULL ? outdir : "out");	/* even when the build stops early */
	if (argc > 1) {
		fprintf(stderr, "paisano: build takes no arguments (use --edition or --snapshot)\n");
		goto out;
	}
	if (edition != NULL && snapshot != NULL) {
		fprintf(stderr, "paisano: give --edition or --snapshot, not both\n");
		goto out;
	}
	if (lang_s != NULL && strcmp(lang_s, "all") != 0) {
		enum lang l;

		if (!parse_lang(lang_s, &l))
			goto out;
		o.langs = 1u << l;
	}
	o.outputs = OUT_PRINT | OUT_SCREEN | OUT_HTML;
	if (only != NULL && (o.outputs = render_module()->build_parse_outputs(only)) == 0)
		goto out;
	if (impose)
		o.outputs |= OUT_IMPOSED;
	o.src_root = src != NULL ? src : "guide-src";
	o.templates = templates != NULL ? templates : "templates";
	o.edition = edition;
	o.snapshot = snapshot;
	o.outdir = outdir != NULL ? outdir : "out";
	o.verbosity = quiet ? -1 : verbose ? 1 : 0;
	o.progress = isatty(fileno(stderr));
	if (!jobs_ok(jobs))
		goto out;
	o.jobs = jobs;
	rc = render_module()->build_run(&o);
out:
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(outdir);
	g_free(only);
	g_free(snapshot);
	g_free(templates);
	g_free(lang_s);
	return rc;
}

static int
cmd_stamp(int argc, char **argv)
{
	char *edition = NULL, *src = NULL;
	gboolean update = FALSE, dry_run = FALSE;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition,
		  "An edition published in English (default: the newest)", "ID" },
		{ "update", 'u', 0, G_OPTION_ARG_NONE, &update,
		  "Also re-stamp translations whose Spanish changed (once their English is up to date)", NULL },
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "Say what would be stamped; write nothing", NULL },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[FILE...]");
	struct stamp_opts o = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Writes es-hash=\"...\" on every English <text xml:lang=\"en\"> of the FILEs (default: every\n"
	    "source) that has none: the hash of the Spanish text beside it, which says \"this\n"
	    "translation was checked against this Spanish\".  Run it after reviewing the translations;\n"
	    "when the Spanish later changes, paisano check reports the translation as out of date until\n"
	    "its English is updated and it is stamped again with --update.  Only the attribute is\n"
	    "written; the rest of each file stays byte for byte.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	o.src_root = src != NULL ? src : "guide-src";
	o.edition = edition;
	o.files = argc > 1 ? argv + 1 : NULL;
	o.update = update;
	o.dry_run = dry_run;
	rc = stamp_run(&o);
out:
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	return rc;
}

static int
cmd_proof(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *outdir = NULL, *agency = NULL, *templates = NULL, *lang_s = NULL;
	double dpi = 150;
	gboolean quiet = FALSE, watch = FALSE;
	int jobs = 0;
	enum lang lang = LANG_ES;
	const GOptionEntry entries[] = {
		{ "agency", 'a', 0, G_OPTION_ARG_STRING, &agency,
		  "The agency (its file's name: anam for guide-src/agencies/anam.xml); required", "ID" },
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition, "The edition (default: the newest)", "ID" },
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_s, "The language of the pages: es (default) or en", "LANG" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "Write the PNGs to DIR (default: out/proofs/AGENCY, or AGENCY-en in English)", "DIR" },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of the pictures (default 150)", "N" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads painting the pictures (default: one per core, at most 4)", "N" },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "The templates (default: templates)", "DIR" },
		{ "watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
		  "Stay running and proof again at every change of the sources or templates (Ctrl-C stops)", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct proof_opts o = { 0 };
	char *defdir = NULL;
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Renders the pages where one agency's content lands as PNG pictures, with that agency's\n"
	    "blocks outlined and labelled with their source file:line, plus AGENCY-contact-sheet.png.\n"
	    "The previous proofs in the directory are replaced; the pictures that did not change are\n"
	    "taken from them rather than painted again.  Refuses when the sources have errors\n"
	    "(paisano check lists them).  With --watch it stays running and proofs again each time\n"
	    "a file under the source tree's agencies/, editions/ or images/, or the templates,\n"
	    "changes: saving the file is enough to see the new proofs.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv) || !parse_lang(lang_s, &lang))
		goto out;
	if (agency == NULL || argc > 1) {
		fprintf(stderr, "paisano: proof needs --agency ID (and no other arguments)\n");
		goto out;
	}
	if (dpi < 20 || dpi > 1200) {
		fprintf(stderr, "paisano: --dpi must be between 20 and 1200\n");
		goto out;
	}
	if (!jobs_ok(jobs))
		goto out;
	defdir = lang == LANG_ES ? g_build_filename("out", "proofs", agency, NULL) :
	    g_strdup_printf("out/proofs/%s-%s", agency, model_lang_code(lang));
	o.lang = lang;
	o.src_root = src != NULL ? src : "guide-src";
	o.templates = templates != NULL ? templates : "templates";
	o.edition = edition;
	o.agency = agency;
	o.outdir = outdir != NULL ? outdir : defdir;
	o.dpi = dpi;
	o.jobs = jobs;
	o.quiet = quiet;
	rc = watch ? render_module()->proof_watch(&o) : render_module()->proof_run(&o);
out:
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(outdir);
	g_free(agency);
	g_free(templates);
	g_free(defdir);
	g_free(lang_s);
	return rc;
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
	struct check_opts opts = { 0 };
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

/* The laid-out pages as text: the regression view of the layout. */
static int
cmd_pages(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *tpl = NULL, *png = NULL, *hyph = NULL, *lang_s = NULL;
	gboolean timing = FALSE;
	enum lang lang = LANG_ES;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition, "The edition (default: the newest)", "ID" },
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_s, "The language: es (default) or en", "LANG" },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "template", 't', 0, G_OPTION_ARG_FILENAME, &tpl, "The page design (default: templates/booklet.xml)", "FILE" },
		{ "png", 0, 0, G_OPTION_ARG_FILENAME, &png, "Also paint every page as DIR/page-NNN.png (debug proofs)", "DIR" },
		{ "hyphenate", 0, 0, G_OPTION_ARG_STRING, &hyph, "Only print TEXT with its hyphenation points", "TEXT" },
		{ "time", 0, 0, G_OPTION_ARG_NONE, &timing, "Print the layout time after the pages", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct pages_opts o = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Lays out an edition and prints its pages: a line per page, then each text line with its\n"
	    "baseline, extent, source block and words, and the links; \"N pages\" at the end.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (parse_options(ctx, &argc, &argv) && parse_lang(lang_s, &lang)) {
		o.src_root = src;
		o.template = tpl;
		o.edition = edition;
		o.lang = lang;
		o.png = png;
		o.hyphenate = hyph;
		o.timing = timing;
		rc = render_module()->pages_run(&o);
	}
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(tpl);
	g_free(png);
	g_free(hyph);
	g_free(lang_s);
	return rc;
}

static int
cmd_snapshot(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *output = NULL;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition,
		  "The edition (an id, or a snapshot file to re-read); default: the newest", "ID" },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the snapshot to FILE (default: standard output)", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Compiles an edition and writes its snapshot: one canonical XML file with everything the\n"
	    "edition prints (season variants resolved, one value per fact).  Its SHA-256 is the\n"
	    "edition's content hash; the version string \"<edition> r<revision> <hash>\" goes to\n"
	    "standard error.  Refuses when the sources have errors.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	if (argc > 1) {
		fprintf(stderr, "paisano: snapshot takes no arguments (use --edition)\n");
		goto out;
	}
	if ((rc = guide_edition(&g, src, edition, dl)) != 0)
		goto done;
	if (output != NULL) {
		GError *err = NULL;

		if (!snapshot_save(g.model, output, &err)) {
			fprintf(stderr, "paisano: cannot write %s: %s\n", output, err->message);
			g_error_free(err);
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
	diag_list_free(dl);
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(output);
	return rc;
}

/* An edition named on the command line: a snapshot file, the published snapshot of an id, or
 * the id compiled from the sources. */
static int
open_named(struct guide *g, const char *src, const char *name, struct diag_list *dl)
{
	char *published;
	int rc;

	if (guide_is_snapshot_path(name) || g_file_test(name, G_FILE_TEST_IS_REGULAR))
		return guide_edition(g, src, name, dl);
	published = g_strdup_printf("%s/published/%s.model.xml", src != NULL ? src : "guide-src", name);
	rc = guide_edition(g, src, g_file_test(published, G_FILE_TEST_IS_REGULAR) ? published : name, dl);
	g_free(published);
	return rc;
}

static int
cmd_diff(int argc, char **argv)
{
	char *src = NULL, *html = NULL, *color = NULL;
	const GOptionEntry entries[] = {
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Also write the report as HTML to FILE (e.g. changes.html)", "FILE" },
		{ "color", 0, 0, G_OPTION_ARG_STRING, &color, "Colour the terminal output: auto (default), always, never", "WHEN" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("OLD NEW");
	struct diag_list *dl = diag_list_new();
	struct guide og = { 0 }, ng = { 0 };
	struct diff *d = NULL;
	int rc = 2;
	gboolean colored;

	g_option_context_set_summary(ctx,
	    "Lists, per agency and section, what changed from edition OLD to edition NEW: fact values,\n"
	    "paragraphs (word by word: [-removed-] {+added+}), sections added, removed or moved.\n"
	    "OLD and NEW are edition ids or snapshot files (.model.xml).  An id whose snapshot is in\n"
	    "guide-src/published/ is read from that snapshot (what was printed); otherwise from the\n"
	    "sources.  Exit status 0 whether or not there are changes; 1 errors in the sources; 2 could\n"
	    "not run.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	if (argc != 3) {
		fprintf(stderr, "paisano: diff needs two editions: paisano diff OLD NEW\n");
		goto out;
	}
	if (color != NULL && strcmp(color, "auto") != 0 && strcmp(color, "always") != 0 && strcmp(color, "never") != 0) {
		fprintf(stderr, "paisano: --color must be auto, always or never\n");
		goto out;
	}
	if ((rc = open_named(&og, src, argv[1], dl)) != 0 || (rc = open_named(&ng, src, argv[2], dl)) != 0)
		goto done;
	d = diff_models(og.model, ng.model);
	colored = color != NULL && strcmp(color, "always") == 0 ? TRUE :
	    color != NULL && strcmp(color, "never") == 0 ? FALSE :
	    isatty(fileno(stdout)) && g_getenv("NO_COLOR") == NULL;
	diff_print(d, stdout, colored);
	if (html != NULL) {
		GError *err = NULL;

		if (!diff_write_html(d, html, &err)) {
			fprintf(stderr, "paisano: cannot write %s: %s\n", html, err->message);
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
	g_free(src);
	g_free(html);
	g_free(color);
	return rc;
}

static int
cmd_publish(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *outdir = NULL, *templates = NULL, *by = NULL;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition, "The edition to publish (required)", "ID" },
		{ "by", 0, 0, G_OPTION_ARG_STRING, &by, "Who publishes, for guide-src/published/log.tsv (default: $USER)", "NAME" },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, "Build the outputs into DIR/EDITION/ (default: out)", "DIR" },
		{ "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "The templates (default: templates)", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct publish_opts o = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Publishes an edition: refuses (exit 1, with the reasons, before building or writing\n"
	    "anything) unless the edition is final, has no check errors, every agency with content in it\n"
	    "signed off exactly its current content (paisano signoff), and the snapshot already in\n"
	    "guide-src/published/ is the one log.tsv records; otherwise builds every output (as paisano\n"
	    "build), writes the snapshot to guide-src/published/ID.model.xml and records the revision,\n"
	    "content hash, date, when (UTC) and by whom in guide-src/published/log.tsv: both or neither,\n"
	    "even if killed (the next publish finishes or undoes an interrupted one).  Publishing\n"
	    "unchanged sources again changes nothing; a published revision is never overwritten with\n"
	    "different content (raise the revision).");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	if (edition == NULL || argc > 1) {
		fprintf(stderr, "paisano: publish needs --edition ID (and no other arguments)\n");
		goto out;
	}
	o.src_root = src != NULL ? src : "guide-src";
	o.edition = edition;
	o.outdir = outdir != NULL ? outdir : "out";
	o.templates = templates != NULL ? templates : "templates";
	o.by = by != NULL ? by : g_getenv("USER") != NULL ? g_getenv("USER") : g_get_user_name();
	o.build = render_module()->build_run;
	rc = publish_run(&o);
out:
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(outdir);
	g_free(templates);
	g_free(by);
	return rc;
}

static int
cmd_signoff(int argc, char **argv)
{
	char *edition = NULL, *src = NULL, *agency = NULL, *editor = NULL, *date = NULL;
	gboolean show = FALSE;
	const GOptionEntry entries[] = {
		{ "edition", 'e', 0, G_OPTION_ARG_STRING, &edition, "The edition (required)", "ID" },
		{ "agency", 'a', 0, G_OPTION_ARG_STRING, &agency, "The agency signing off (required)", "ID" },
		{ "editor", 0, 0, G_OPTION_ARG_STRING, &editor, "The editor who reviewed it (required to record)", "NAME" },
		{ "date", 0, 0, G_OPTION_ARG_STRING, &date, "The day of the review (default: today, UTC)", "YYYY-MM-DD" },
		{ "show", 0, 0, G_OPTION_ARG_NONE, &show, "Record nothing: say whether the agency changed since its sign-off, and what", NULL },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, "The source tree (default: guide-src)", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("");
	struct signoff_opts o = { 0 };
	int rc = 2;

	g_option_context_set_summary(ctx,
	    "Records in the edition manifest that the agency's editor reviewed what the edition prints\n"
	    "of it: <signoff agency= editor= date= revision= sha256=/>, where sha256 is the hash of the\n"
	    "agency's part of the canonical model (its sections, facts and contacts in every language,\n"
	    "and the bytes of its images).  The edition as signed off is kept in\n"
	    "guide-src/signoffs/EDITION/.  Any later change to that part makes the sign-off stale:\n"
	    "paisano check says what changed, and publish refuses until the editor signs off again.\n"
	    "Only the <signoff> element of the manifest changes.  Refuses when the agency's file has errors.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!parse_options(ctx, &argc, &argv))
		goto out;
	if (edition == NULL || agency == NULL || (editor == NULL && !show) || argc > 1) {
		fprintf(stderr, "paisano: signoff needs --edition ID --agency ID --editor \"NAME\" (and no other arguments)\n");
		goto out;
	}
	o.src_root = src != NULL ? src : "guide-src";
	o.edition = edition;
	o.agency = agency;
	o.editor = editor;
	o.date = date;
	o.show = show;
	rc = signoff_run(&o);
out:
	g_option_context_free(ctx);
	g_free(edition);
	g_free(src);
	g_free(agency);
	g_free(editor);
	g_free(date);
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

	heap_init();
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
