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

#define GUIDE_ERROR	guide_error_quark()
enum guide_error {
	GUIDE_ERROR_NO_TREE,		/* no agencies/ under the root */
	GUIDE_ERROR_NO_FILE,		/* a file named on the command line is missing */
	GUIDE_ERROR_NO_EDITION,		/* no such edition, or no manifest at all */
	GUIDE_ERROR_NOT_SNAPSHOT,	/* a file given as a snapshot is something else */
	GUIDE_ERROR_SOURCES,		/* errors in the sources: the diagnostics are in the list */
};
GQuark		 guide_error_quark(void);

/* Returns 0, or 2 with `err` set when the command cannot run (no tree, no such edition, a
 * named file missing).  Diagnostics about the sources go to `dl`.  Nothing is printed. */
int		 guide_open(struct guide *, const char *root, const char *edition,
		    char **extra, struct diag_list *dl, GError **err);
/* The same, reusing the agency files of the tree that did not change since the last call with
 * the same cache (the desk: one file checked against the tree again and again).  The messages
 * of reading and validating a file taken from the cache are not given again: use it where only
 * the named files' messages count.  One caller at a time per cache. */
struct guide_cache;
struct guide_cache *guide_cache_new(void);
void		 guide_cache_free(struct guide_cache *);
int		 guide_open_cached(struct guide *, struct guide_cache *, const char *root, const char *edition,
		    char **extra, struct diag_list *dl, GError **err);
/* Starts reading and validating the tree's agency files on a spare core now, before the
 * caller does something else (a build loads its rendering module meanwhile); the next
 * guide_open() of the same tree without a cache takes what was read.  guide_prefetch_drop()
 * frees what no guide_open() took. */
void		 guide_prefetch_begin(const char *root);
void		 guide_prefetch_drop(void);
/* Load a snapshot (guide-src/published/ID.model.xml) as the model instead of the sources: 0;
 * 1 (GUIDE_ERROR_SOURCES) when it has errors, in `dl`; 2 when it cannot be read as one. */
int		 guide_open_snapshot(struct guide *, const char *path, struct diag_list *dl, GError **err);
/* The checked, stamped model of an edition: an id compiled from the sources under `src`, or a
 * snapshot file.  0; 1 with GUIDE_ERROR_SOURCES (errors in the sources, in `dl`); or 2 (could
 * not run), with `err` set. */
int		 guide_edition(struct guide *, const char *src, const char *edition, struct diag_list *dl,
		    GError **err);
/* The same with guide_open_cached(): a file kept in the cache was read without an error, and
 * its warnings are not given again. */
int		 guide_edition_cached(struct guide *, struct guide_cache *, const char *src, const char *edition,
		    struct diag_list *dl, GError **err);
/* What a command prints when guide_open() or guide_edition() failed: the diagnostics and their
 * summary for errors in the sources, then "paisano: " and the message. */
void		 guide_print_error(const struct guide *, const struct diag_list *, const GError *, FILE *);
gboolean	 guide_is_snapshot_path(const char *);
void		 guide_close(struct guide *);
/* The model is all a renderer needs: the files' bytes, line tables and trees go (src_drop_bytes),
 * about twice the sources' size.  Their paths stay, for guide_print_error()'s count. */
void		 guide_drop_sources(struct guide *);
/* Edition ids found in root/editions, sorted; newly allocated (g_strfreev). */
char		**guide_edition_ids(const char *root);

#endif
