/* opts.h: the options the commands share (--src, --edition, --lang, --templates, -o, -q, -v,
 * -j), declared once with their defaults, and where the program finds its data.
 *
 * A command says which of them it takes and, where the shared help is not precise enough for
 * it, its own help text; its own options come beside them in the same --help list.
 */
#ifndef PAISANO_OPTS_H
#define PAISANO_OPTS_H

#include <glib.h>

#include "model.h"

#define OPTS_SRC	"guide-src"	/* --src */
#define OPTS_OUTPUT	"out"		/* -o for build and publish: out/EDITION/ */

enum opt {
	OPT_SRC = 1 << 0,
	OPT_EDITION = 1 << 1,
	OPT_LANG = 1 << 2,
	OPT_TEMPLATES = 1 << 3,
	OPT_OUTPUT = 1 << 4,
	OPT_QUIET = 1 << 5,
	OPT_VERBOSE = 1 << 6,
	OPT_JOBS = 1 << 7,
};

struct opts {
	char		*src;		/* --src DIR; opts_src() gives the default */
	char		*edition;	/* --edition ID, NULL: the newest */
	char		*lang;		/* --lang, as given; opts_lang() reads it */
	char		*templates;	/* --templates DIR; opts_templates() finds the default */
	char		*output;	/* -o, NULL: the command's default */
	gboolean	 quiet;		/* -q */
	gboolean	 verbose;	/* -v */
	int		 jobs;		/* -j N, 0: one thread per core, at most 4 */
	char		*jobs_arg;	/* ... as given to -j N or --jobs=N (opts_parse reads it) */
	char		*jobs_word;	/* ... as given in one word, -jN */
	char		*found_templates; /* opts_templates()'s answer (owned) */
	gboolean	 takes_jobs;	/* the command has -j (opts_parse reads -jN, as make does) */
};

/* One command's own help for a shared option (which: one enum opt bit). */
struct opt_help {
	guint		 which;
	const char	*help;
	const char	*arg;		/* NULL: the shared one */
};

/* A context for a command taking the shared options in `which` (with the help in `help`, an
 * array ended by { 0 }, or NULL) and its own `entries` (NULL-terminated, or NULL). */
GOptionContext	*opts_context(struct opts *, guint which, const struct opt_help *help,
		    const GOptionEntry *entries, const char *params, const char *summary);
/* Parse the command line; FALSE after printing the problem on stderr (the command exits 2). */
gboolean	 opts_parse(GOptionContext *, struct opts *, int *argc, char ***argv);
/* --lang as one language (def when absent); FALSE after printing the problem. */
gboolean	 opts_lang(const struct opts *, enum lang def, enum lang *);
const char	*opts_src(const struct opts *);
/* The templates: --templates DIR; else $PAISANO_DATADIR/templates when that variable is set;
 * else ./templates when there is one (a checkout); else the installed ones: share/paisano/
 * beside the program's bin/, then the data directory fixed at build time (PAISANO_DATADIR). */
const char	*opts_templates(struct opts *);
void		 opts_free(struct opts *);

#endif
