/* guide.h: the source tree (guide-src/) loaded, validated and compiled for one edition.
 *
 * Every command that reads sources goes through guide_open(): it loads every agency file and
 * every edition manifest, validates them, picks the edition, and compiles the model.  Files
 * named on the command line are added to the tree (an agency file replaces the tree's file with
 * the same id; an edition manifest becomes the edition).
 */
#ifndef PAISANO_GUIDE_H
#define PAISANO_GUIDE_H

#include "diag.h"
#include "model.h"
#include "source.h"

struct guide {
	char		*root;		/* "guide-src" */
	GPtrArray	*files;		/* struct src_file *, every file read (owned) */
	struct model	*model;		/* NULL until compiled */
	GHashTable	*named;		/* paths named on the command line (owned keys) */
};

/* Returns 0, or 2 with a message on stderr when the command cannot run (no tree, no such
 * edition, a named file missing).  Diagnostics about the sources go to `dl`. */
int		 guide_open(struct guide *, const char *root, const char *edition,
		    char **extra, struct diag_list *dl);
/* Load a snapshot (guide-src/published/ID.model.xml) as the model instead of the sources. */
int		 guide_open_snapshot(struct guide *, const char *path, struct diag_list *dl);
/* The checked, stamped model of an edition: an id compiled from the sources under `src` (check
 * errors are printed on stderr and give 1), or a snapshot file.  0, 1, or 2 (could not run). */
int		 guide_edition(struct guide *, const char *src, const char *edition, struct diag_list *dl);
gboolean	 guide_is_snapshot_path(const char *);
void		 guide_close(struct guide *);
/* Edition ids found in root/editions, sorted; newly allocated (g_strfreev). */
char		**guide_edition_ids(const char *root);

#endif
