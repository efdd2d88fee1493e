/* publish.h: `paisano publish`, the custody of what is printed.
 *
 * Publishing records a final, signed-off edition's snapshot in guide-src/published/ID.model.xml
 * and a line for it in guide-src/published/log.tsv, after building every output into
 * out/EDITION/.
 */
#ifndef PAISANO_PUBLISH_H
#define PAISANO_PUBLISH_H

#include <glib.h>

struct publish_opts {
	const char	*src_root;	/* "guide-src" */
	const char	*edition;	/* the edition's id (required) */
	const char	*outdir;	/* "out": outputs go to outdir/EDITION/ */
	const char	*templates;	/* "templates" */
};

/* Exit status: 0 published (or already published and unchanged), 1 refused (the reasons on
 * stderr), 2 could not run. */
int		 publish_run(const struct publish_opts *);

#endif
