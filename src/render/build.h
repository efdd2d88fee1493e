/* build.h: `paisano build`, from sources (or a snapshot) to every output of an edition.
 *
 * Checks the sources and refuses to write anything when they have errors; compiles the model,
 * stamps its version, lays each language out once, and runs the renderers, on every core; every file is written beside
 * its target and renamed into place only when complete, so an interrupted build leaves the
 * previous outputs intact; a lock refuses a second build into the same directory; the
 * manifest.json written last lists every output with its size and SHA-256.
 */
#ifndef PAISANO_BUILD_H
#define PAISANO_BUILD_H

#include <glib.h>

#include "model.h"

enum build_output {
	OUT_PRINT = 1 << 0,	/* EDITION-print.pdf (libharu, PDF/X-1a) */
	OUT_SCREEN = 1 << 1,	/* EDITION-screen.pdf (cairo) */
	OUT_HTML = 1 << 2,	/* html/ */
	OUT_IMPOSED = 1 << 3,	/* EDITION-imposed.pdf, with --impose */
};

struct build_opts {
	const char	*src_root;	/* "guide-src" */
	const char	*templates;	/* "templates" */
	const char	*edition;	/* an id, or NULL for the newest */
	const char	*snapshot;	/* rebuild from this snapshot instead of the sources */
	const char	*outdir;	/* "out": files go to outdir/EDITION/ */
	guint		 outputs;	/* enum build_output bits */
	guint		 langs;		/* 1 << enum lang; 0: every language of the edition */
	int		 verbosity;	/* -1 quiet, 0 normal, 1 verbose */
	gboolean	 progress;	/* stage names as they run (a terminal) */
	int		 jobs;		/* threads; 0: one per core, at most 4 */
};

/* Where a language's outputs go in out/EDITION/: Spanish "2026-invierno-print.pdf" and html/,
 * English "2026-invierno-en-print.pdf" and html-en/.  build_file_name is newly allocated. */
char		*build_file_name(const char *edition, enum lang, const char *what);
const char	*build_html_dir(enum lang);

/* The threads for --jobs N: N, or for 0 one per core, at most 4. */
int		 build_threads(int jobs);

/* Exit status: 0 built, 1 errors in the sources (nothing written), 2 could not run. */
int		 build_run(const struct build_opts *);
/* Parse "print,screen,html" into bits; 0 and a message on stderr if a word is unknown. */
guint		 build_parse_outputs(const char *);

#endif
