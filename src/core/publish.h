/* publish.h: `paisano publish`, the custody of what is printed.
 *
 * Publishing records a final, signed-off edition's snapshot in guide-src/published/ID.model.xml
 * and a line for it in guide-src/published/log.tsv, after building every output into
 * out/EDITION/.
 */
#ifndef PAISANO_PUBLISH_H
#define PAISANO_PUBLISH_H

#include <glib.h>

#include "build.h"

struct publish_opts {
	const char	*src_root;	/* "guide-src" */
	const char	*edition;	/* the edition's id (required) */
	const char	*outdir;	/* "out": outputs go to outdir/EDITION/ */
	const char	*templates;	/* "templates" */
	const char	*by;		/* who publishes (log.tsv); default $USER */
	/* builds the outputs: the rendering module's build_run (render.h), so that the core
	 * (and its fuzzer) links without the module */
	int		(*build)(const struct build_opts *);
};

/* Exit status: 0 published (or already published and unchanged), 1 refused (the reasons on
 * stderr), 2 could not run. */
int		 publish_run(const struct publish_opts *);

/* Finish or undo a publication interrupted in `dir` (guide-src/published/): see publish.c. */
gboolean	 publish_recover(const char *dir, GError **err);
/* A published snapshot (in a published/ directory, or beside a log.tsv) must be the one the log
 * records: FALSE with err naming the file and both hashes otherwise.  Other files pass. */
gboolean	 publish_verify_snapshot(const char *path, GError **err);

#endif
