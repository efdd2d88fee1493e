/* stamp.h: `paisano stamp`: record which Spanish text each English translation was made from.
 *
 * A translation's es-hash attribute holds a hash of the Spanish text it was reviewed against
 * (model_es_hash).  stamp writes it into the sources for the translations that have none, and
 * with `update` also for those whose Spanish has changed since: the reviewer's "I have checked
 * these against the Spanish".  The files are edited in place, byte for byte except for the
 * attribute, and written atomically.
 */
#ifndef PAISANO_STAMP_H
#define PAISANO_STAMP_H

#include <glib.h>

struct stamp_opts {
	const char	*src_root;
	const char	*edition;	/* NULL: the newest */
	char		**files;	/* NULL: every source file */
	gboolean	 update;	/* also re-stamp translations whose Spanish changed */
	gboolean	 dry_run;	/* say what would change, write nothing */
};

/* 0 done, 1 errors in the sources (nothing written), 2 could not run. */
int	stamp_run(const struct stamp_opts *);

#endif
